/*
 * fetch/save.c - keep a download inside its folder, never overwriting and
 * never following a symbolic link.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fetch/fetch.h"

#define MAX_COPIES 1000

/* Creates dir and its parents (mode 0700 for the new ones); false when it
 * cannot be made or is not a folder. */
static bool make_dirs(const char *dir)
{
    char path[4096];
    struct stat st;
    size_t n = strlen(dir);
    if (n == 0 || n >= sizeof path)
        return false;
    memcpy(path, dir, n + 1);
    for (size_t i = 1; i <= n; i++) {
        if (path[i] != '/' && path[i] != '\0')
            continue;
        char saved = path[i];
        path[i] = '\0';
        if (mkdir(path, 0700) != 0 && errno != EEXIST)
            return false;
        path[i] = saved;
    }
    return stat(dir, &st) == 0 && S_ISDIR(st.st_mode);
}

/* true when the regular file at path (not a link) holds exactly data. */
static bool same_bytes(const char *path, const void *data, size_t size)
{
    int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    struct stat st;
    bool same = false;
    if (fd < 0)
        return false;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && (uint64_t)st.st_size == size) {
        const unsigned char *p = data;
        unsigned char chunk[65536];
        size_t done = 0;
        same = true;
        while (same && done < size) {
            size_t want = size - done < sizeof chunk ? size - done : sizeof chunk;
            ssize_t got = read(fd, chunk, want);
            if (got <= 0 || memcmp(chunk, p + done, (size_t)got) != 0)
                same = false;
            else
                done += (size_t)got;
        }
    }
    close(fd);
    return same;
}

/* Writes all of data to fd and flushes it to disk; false on any failure. */
static bool write_all(int fd, const void *data, size_t size)
{
    const unsigned char *p = data;
    while (size > 0) {
        ssize_t w = write(fd, p, size);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return false;
        p += w;
        size -= (size_t)w;
    }
    return fsync(fd) == 0;
}

/* dir/stem[-copy]ext into path; false when it does not fit. */
static bool candidate(char *path, size_t len, const char *dir, const char *name,
                      unsigned copy)
{
    const char *dot = strrchr(name, '.');
    size_t stem = dot && dot != name ? (size_t)(dot - name) : strlen(name);
    int n = copy < 2 ? snprintf(path, len, "%s/%s", dir, name)
                     : snprintf(path, len, "%s/%.*s-%u%s", dir, (int)stem, name, copy,
                                name + stem);
    return n > 0 && (size_t)n < len;
}

int kaiji_fetch_save(char **out, const char *dir, const char *file_name,
                     const void *data, size_t size)
{
    char path[4096];
    if (!out || !dir || !file_name || (!data && size > 0))
        return KAIJI_ERROR_INVALID;
    *out = NULL;
    if (file_name[0] == '\0' || file_name[0] == '.' || strchr(file_name, '/'))
        return KAIJI_ERROR_INVALID;
    if (!make_dirs(dir))
        return KAIJI_ERROR_IO;
    for (unsigned copy = 1; copy <= MAX_COPIES; copy++) {
        if (!candidate(path, sizeof path, dir, file_name, copy))
            return KAIJI_ERROR_IO;
        int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
        if (fd < 0) {
            if (errno != EEXIST)
                return KAIJI_ERROR_IO;
            if (!same_bytes(path, data, size))
                continue;
        } else {
            bool written = write_all(fd, data, size);
            if (close(fd) != 0)
                written = false;
            if (!written) {
                unlink(path);
                return KAIJI_ERROR_IO;
            }
        }
        *out = strdup(path);
        return *out ? KAIJI_OK : KAIJI_ERROR_NOMEM;
    }
    return KAIJI_ERROR_IO;
}
