/*
 * tests/support/process.c - what the tests start outside their own process:
 * shell commands (t_run, t_require_tool), the kaiji command in a child
 * process (h_kaiji), a loopback listener (h_listen), and the samples'
 * times (t_samples_received_together, nftw).  POSIX: the Windows build of
 * the tests (make windows-tests) has tests/windows/process.c instead, whose
 * functions skip the test that calls them, with the reason.
 */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "hostile.h"
#include "support.h"

int t_run(const char *cmd, char **out)
{
    FILE *p = popen(cmd, "r");
    cr_assert_not_null(p, "popen %s", cmd);
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    cr_assert_not_null(buf);
    size_t got;
    while ((got = fread(buf + n, 1, cap - n - 1, p)) > 0) {
        n += got;
        if (cap - n < 2) {
            cap *= 2;
            buf = realloc(buf, cap);
            cr_assert_not_null(buf);
        }
    }
    buf[n] = '\0';
    int status = pclose(p);
    if (out)
        *out = buf;
    else
        free(buf);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

void t_require_tool(const char *what, const char *probe)
{
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "(%s) >/dev/null 2>&1", probe);
    if (t_run(cmd, NULL) != 0)
        cr_skip_test("skipped: %s is missing (tools/install-deps.sh --tests installs it)", what);
}

static double now_seconds(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* A fresh, already unlinked temporary file under the build tree. */
static int temp_fd(void)
{
    char path[4096];
    int fd;

    snprintf(path, sizeof path, "%s", t_build("tmp"));
    mkdir(path, 0700);
    snprintf(path, sizeof path, "%s/hostile-XXXXXX", t_build("tmp"));
    fd = mkstemp(path);
    cr_assert_geq(fd, 0, "mkstemp: %s", strerror(errno));
    unlink(path);
    return fd;
}

/* Everything in the file fd, from its start; malloc'd, NUL-terminated. */
static char *read_all(int fd, size_t *len)
{
    struct stat st;
    size_t n = 0;
    char *buf;

    cr_assert_eq(fstat(fd, &st), 0);
    buf = malloc((size_t)st.st_size + 1);
    cr_assert_not_null(buf);
    while (n < (size_t)st.st_size) {
        ssize_t got = pread(fd, buf + n, (size_t)st.st_size - n, (off_t)n);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            break;
        n += (size_t)got;
    }
    buf[n] = '\0';
    *len = n;
    return buf;
}

void h_kaiji(h_run *out, unsigned timeout_s, const char *const *args)
{
    char prog[4096];
    const char *argv[64];
    size_t n = 0;
    int ofd = temp_fd(), efd = temp_fd(), status = 0;
    struct rusage ru;
    double start;
    pid_t pid;

    memset(out, 0, sizeof *out);
    snprintf(prog, sizeof prog, "%s", t_build("kaiji"));
    argv[n++] = prog;
    while (args[n - 1] && n < 63) {
        argv[n] = args[n - 1];
        n++;
    }
    argv[n] = NULL;
    start = now_seconds();
    pid = fork();
    cr_assert_geq(pid, 0, "fork: %s", strerror(errno));
    if (pid == 0) {
        /* The alarm survives execv: the child is killed at the deadline. */
        dup2(ofd, 1);
        dup2(efd, 2);
        alarm(timeout_s);
        execv(prog, (char *const *)argv);
        dprintf(2, "cannot run %s: %s\n", prog, strerror(errno));
        _exit(127);
    }
    memset(&ru, 0, sizeof ru);
    while (wait4(pid, &status, 0, &ru) < 0)
        cr_assert_eq(errno, EINTR, "wait4: %s", strerror(errno));
    out->seconds = now_seconds() - start;
    out->maxrss_kib = ru.ru_maxrss;
    if (WIFEXITED(status)) {
        out->exit_code = WEXITSTATUS(status);
    } else {
        out->exit_code = -1;
        out->signal = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
    }
    out->out = read_all(ofd, &out->out_len);
    out->err = read_all(efd, &out->err_len);
    close(ofd);
    close(efd);
}

/* ---- a loopback listener ----------------------------------------------- */

void h_listen(h_listener *out)
{
    struct sockaddr_in a;
    socklen_t alen = sizeof a;
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);

    cr_assert_geq(fd, 0);
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = 0;
    cr_assert_eq(bind(fd, (struct sockaddr *)&a, sizeof a), 0, "bind: %s", strerror(errno));
    cr_assert_eq(listen(fd, 64), 0);
    cr_assert_eq(getsockname(fd, (struct sockaddr *)&a, &alen), 0);
    out->fd = fd;
    out->port = ntohs(a.sin_port);
}

int h_connections(h_listener *l)
{
    int count = 0, c;

    /* The kernel completes a handshake without accept(): whatever tried to
     * connect is waiting in the backlog, even after it gave up. */
    while ((c = accept(l->fd, NULL, NULL)) >= 0) {
        close(c);
        count++;
    }
    return count;
}

void h_listen_close(h_listener *l)
{
    if (l->fd >= 0)
        close(l->fd);
    l->fd = -1;
}

static int same_time(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    /* 2026-11-01T09:00:00Z */
    const struct timespec times[2] = {{1793523600, 0}, {1793523600, 0}};
    (void)st;
    (void)ftw;
    if (flag == FTW_F)
        cr_assert_eq(utimensat(AT_FDCWD, path, times, AT_SYMLINK_NOFOLLOW), 0,
                     "cannot set the time of %s", path);
    return 0;
}

void t_samples_received_together(void)
{
    cr_assert_eq(nftw(t_src("samples"), same_time, 16, FTW_PHYS), 0);
}

void t_skip_on_windows(const char *why)
{
    (void)why;
}

int t_windows_cannot(const char *what, const char *why)
{
    (void)what;
    (void)why;
    return 0;
}

const char *t_locale_hint(void)
{
    return "tools/install-deps.sh generates it";
}
