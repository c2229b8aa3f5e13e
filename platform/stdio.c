/*
 * platform/stdio.c - standard streams on POSIX systems.
 */
#include "platform/platform.h"

bool kaiji_platform_set_std_streams(FILE *out, FILE *err)
{
    stdout = out;
    stderr = err;
    return true;
}
