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

/* true when the regular file name in the folder dfd (not a link) holds
 * exactly data. */
static bool same_bytes(int dfd, const char *name, const void *data, size_t size)
{
    int fd = openat(dfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
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

/* stem[-copy]ext into name; false when it does not fit. */
static bool candidate(char *name, size_t len, const char *file_name, unsigned copy)
{
    const char *dot = strrchr(file_name, '.');
    size_t stem = dot && dot != file_name ? (size_t)(dot - file_name) : strlen(file_name);
    int n = copy < 2 ? snprintf(name, len, "%s", file_name)
                     : snprintf(name, len, "%.*s-%u%s", (int)stem, file_name, copy,
                                file_name + stem);
    return n > 0 && (size_t)n < len;
}

/*
 * Opens the folder dir for creating files in it: its parents are made and
 * followed as the user set them up; its last component (the contract's
 * folder, which kaiji makes) is made when missing and must not be a
 * symbolic link.  Returns the folder's descriptor, or -1.
 */
static int open_folder(const char *dir)
{
    char path[4096];
    size_t n = strlen(dir);
    if (n == 0 || n >= sizeof path)
        return -1;
    memcpy(path, dir, n + 1);
    while (n > 1 && path[n - 1] == '/')
        path[--n] = '\0';
    char *slash = strrchr(path, '/');
    const char *last = slash ? slash + 1 : path;
    const char *parent = !slash ? "." : slash == path ? "/" : path;
    if (slash && slash != path)
        *slash = '\0';
    if (!*last)
        return -1;
    if (strcmp(parent, ".") != 0 && strcmp(parent, "/") != 0 && !make_dirs(parent))
        return -1;
    int pfd = open(parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (pfd < 0)
        return -1;
    if (mkdirat(pfd, last, 0700) != 0 && errno != EEXIST) {
        close(pfd);
        return -1;
    }
    int dfd = openat(pfd, last, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    close(pfd);
    return dfd;
}

int kaiji_fetch_save(char **out, const char *dir, const char *file_name,
                     const void *data, size_t size)
{
    char name[4096];
    if (!out || !dir || !file_name || (!data && size > 0))
        return KAIJI_ERROR_INVALID;
    *out = NULL;
    if (file_name[0] == '\0' || file_name[0] == '.' || strchr(file_name, '/'))
        return KAIJI_ERROR_INVALID;
    int dfd = open_folder(dir);
    if (dfd < 0)
        return KAIJI_ERROR_IO;
    int rc = KAIJI_ERROR_IO;
    for (unsigned copy = 1; copy <= MAX_COPIES; copy++) {
        if (!candidate(name, sizeof name, file_name, copy))
            break;
        int fd = openat(dfd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
        if (fd < 0) {
            if (errno != EEXIST)
                break;
            if (!same_bytes(dfd, name, data, size))
                continue;
        } else {
            bool written = write_all(fd, data, size);
            if (close(fd) != 0)
                written = false;
            if (!written) {
                unlinkat(dfd, name, 0);
                break;
            }
        }
        size_t len = strlen(dir) + strlen(name) + 2;
        if ((*out = malloc(len)) != NULL)
            snprintf(*out, len, "%s/%s", dir, name);
        rc = *out ? KAIJI_OK : KAIJI_ERROR_NOMEM;
        break;
    }
    close(dfd);
    return rc;
}
