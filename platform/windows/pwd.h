/*
 * platform/windows/pwd.h - the name of the user running the command
 * (GetUserNameW), as getpwuid(getuid()) gives it on POSIX.
 */
#ifndef KAIJI_PLATFORM_WINDOWS_PWD_H
#define KAIJI_PLATFORM_WINDOWS_PWD_H

struct passwd {
    char *pw_name;
};

/* The user running the command, whatever uid (kept until the next call). */
struct passwd *getpwuid(int uid);

#endif
