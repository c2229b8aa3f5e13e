/*
 * platform/platform.h - the portable layer, the lowest: what kaiji does
 * differently on each system it runs on, behind one name.  On Linux the
 * functions here are in the files of platform/; the Windows build (make windows)
 * takes platform/windows.c instead, and platform/windows/compat.h gives it
 * the POSIX functions the rest of the code calls (files by UTF-8 name
 * through the wide API, folders, time, the environment).
 */
#ifndef KAIJI_PLATFORM_H
#define KAIJI_PLATFORM_H

#include <stdbool.h>
#include <stdio.h>

/*
 * Makes out and err the process's standard output and standard error (the
 * streams stdout and stderr name from then on); false where the system
 * cannot (Windows: the command then writes to the streams unfiltered).
 * Called once, before any thread starts.
 */
bool kaiji_platform_set_std_streams(FILE *out, FILE *err);

#endif
