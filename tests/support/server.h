/*
 * tests/support/server.h - a test's own server on loopback: a program
 * (a script under tests/servers/) started by the test, which prints "PORT <n>" as its
 * first line once it listens on 127.0.0.1, and is killed at the end.
 */
#ifndef KAIJI_TEST_SERVER_H
#define KAIJI_TEST_SERVER_H

#include <sys/types.h>

typedef struct t_server {
    pid_t pid;
    int port;
} t_server;

/* Starts argv (argv[0] a path, NULL-terminated) and waits up to 20 s for its
 * "PORT <n>" line; aborts the test when it does not come. */
t_server t_server_start(char *const argv[]);
/* Stops the server (SIGTERM, then SIGKILL) and reaps it. */
void t_server_stop(t_server *s);

#endif
