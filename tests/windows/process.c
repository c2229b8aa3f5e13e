/*
 * tests/windows/process.c - the Windows build's tests/support/process.c
 * (make windows-tests): what the tests would start outside their own
 * process is not there under Windows (a POSIX shell, the Linux kaiji
 * command, a child process timed by SIGALRM, a POSIX loopback socket, the
 * samples' times set through nftw), so each of these functions skips the
 * test that calls it, saying why.  The test's earlier checks have run by
 * then; Criterion reports the test as skipped, with this reason, and
 * tests/windows/run-suites.sh prints each reason.
 */
#include <criterion/criterion.h>

#include "tests/support/hostile.h"
#include "tests/support/support.h"

int t_run(const char *cmd, char **out)
{
    (void)cmd;
    (void)out;
    cr_skip_test("skipped on Windows: runs a shell command (the Linux kaiji command, "
                 "a POSIX tool); make check runs it");
    return 128;
}

void t_require_tool(const char *what, const char *probe)
{
    (void)probe;
    cr_skip_test("skipped on Windows: needs %s, a Linux tool; make check runs it", what);
}

void h_kaiji(h_run *out, unsigned timeout_s, const char *const *args)
{
    (void)out;
    (void)timeout_s;
    (void)args;
    cr_skip_test("skipped on Windows: runs the Linux kaiji command in a child process "
                 "(fork, SIGALRM); make check runs it");
}

void h_listen(h_listener *out)
{
    out->fd = -1;
    out->port = 0;
    cr_skip_test("skipped on Windows: needs a loopback listener (POSIX sockets); "
                 "make check runs it");
}

int h_connections(h_listener *l)
{
    (void)l;
    return 0;
}

void h_listen_close(h_listener *l)
{
    l->fd = -1;
}

void t_samples_received_together(void)
{
    cr_skip_test("skipped on Windows: sets the samples' times with nftw and utimensat; "
                 "make check runs it");
}

void t_skip_on_windows(const char *why)
{
    cr_skip_test("skipped on Windows: %s", why);
}

int t_windows_cannot(const char *what, const char *why)
{
    cr_log_info("not checked: %s: on Windows, %s", what, why);
    return 1;
}

const char *t_locale_hint(void)
{
    return "on Windows: the build has no newlocale, and make check runs it";
}
