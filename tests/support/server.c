/*
 * tests/support/server.c - start and stop a test's own loopback server.
 */
#include <criterion/criterion.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "server.h"

t_server t_server_start(char *const argv[])
{
    int fds[2];
    t_server s = {0, 0};
    cr_assert_eq(pipe(fds), 0);
    pid_t pid = fork();
    cr_assert(pid >= 0, "fork");
    if (pid == 0) {
        dup2(fds[1], STDOUT_FILENO);
        close(fds[0]);
        close(fds[1]);
        execvp(argv[0], argv);
        _exit(127);
    }
    close(fds[1]);
    char line[128];
    size_t n = 0;
    struct pollfd p = {fds[0], POLLIN, 0};
    time_t start = time(NULL);
    while (n < sizeof line - 1 && time(NULL) - start < 20) {
        if (poll(&p, 1, 500) <= 0)
            continue;
        ssize_t got = read(fds[0], line + n, 1);
        if (got <= 0)
            break;
        if (line[n] == '\n')
            break;
        n++;
    }
    line[n] = '\0';
    close(fds[0]);
    s.pid = pid;
    if (sscanf(line, "PORT %d", &s.port) != 1 || s.port <= 0) {
        t_server_stop(&s);
        cr_assert_fail("server %s did not say its port (got '%s')", argv[0], line);
    }
    return s;
}

void t_server_stop(t_server *s)
{
    if (s->pid <= 0)
        return;
    kill(s->pid, SIGTERM);
    for (int i = 0; i < 50; i++) {
        if (waitpid(s->pid, NULL, WNOHANG) == s->pid) {
            s->pid = 0;
            return;
        }
        usleep(100000);
    }
    kill(s->pid, SIGKILL);
    waitpid(s->pid, NULL, 0);
    s->pid = 0;
}
