/*
 * platform/process.c - the process on POSIX systems: the browser started
 * beside it, the wait for Ctrl+C or SIGTERM, a file's time.
 */
#include "platform/platform.h"

#include <pthread.h>
#include <signal.h>
#include <unistd.h>

void kaiji_platform_open_url(const char *url)
{
    pid_t pid = fork();
    if (pid == 0) {
        execlp("xdg-open", "xdg-open", url, (char *)NULL);
        _exit(127);
    }
}

/* SIGINT and SIGTERM, blocked and waited for (never handled). */
static void stop_signals(sigset_t *set)
{
    sigemptyset(set);
    sigaddset(set, SIGINT);
    sigaddset(set, SIGTERM);
}

bool kaiji_platform_stop_prepare(void)
{
    sigset_t set;
    stop_signals(&set);
    return pthread_sigmask(SIG_BLOCK, &set, NULL) == 0;
}

void kaiji_platform_wait_for_stop(void)
{
    sigset_t set;
    int sig;
    stop_signals(&set);
    sigwait(&set, &sig);
}

long long kaiji_platform_mtime_ns(const struct stat *st)
{
    return (long long)st->st_mtim.tv_sec * 1000000000LL + (long long)st->st_mtim.tv_nsec;
}

bool kaiji_platform_same_file(const char *a, const struct stat *sa, const char *b,
                              const struct stat *sb)
{
    (void)a;
    (void)b;
    return sa->st_dev == sb->st_dev && sa->st_ino == sb->st_ino;
}
