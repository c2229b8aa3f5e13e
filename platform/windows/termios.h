/*
 * platform/windows/termios.h - enough of termios for the Windows build to
 * ask a password without echo: ECHO is the console's ENABLE_ECHO_INPUT.
 */
#ifndef KAIJI_PLATFORM_WINDOWS_TERMIOS_H
#define KAIJI_PLATFORM_WINDOWS_TERMIOS_H

typedef unsigned long tcflag_t;
struct termios {
    tcflag_t c_lflag;
};
#define ECHO 0x0004UL
#define TCSAFLUSH 2

/* The console mode of fd's console (ECHO when it echoes); -1 when fd is
 * not a console. */
int tcgetattr(int fd, struct termios *t);
int tcsetattr(int fd, int when, const struct termios *t);

#endif
