/*
 * platform/windows/sys/ioctl.h - the console's width (TIOCGWINSZ) for the
 * Windows build's progress bar.
 */
#ifndef KAIJI_PLATFORM_WINDOWS_SYS_IOCTL_H
#define KAIJI_PLATFORM_WINDOWS_SYS_IOCTL_H

struct winsize {
    unsigned short ws_row, ws_col;
};
#define TIOCGWINSZ 0x5413

/* Only TIOCGWINSZ: the size of fd's console window; -1 when not a console. */
int ioctl(int fd, unsigned long request, ...);

#endif
