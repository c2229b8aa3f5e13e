/*
 * platform/windows.c - the Windows side of the portable layer: the POSIX
 * functions kaiji calls (platform/windows/compat.h renames them to these),
 * made of Windows' own.  Compiled only by make windows; paths are UTF-8 in,
 * UTF-16 to Windows.
 */
#define WIN32_LEAN_AND_MEAN
#include <windows.h>
#include <bcrypt.h>
#include <shellapi.h>

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <wchar.h>
#include <direct.h>
#include <io.h>

#include "platform/platform.h"
#include "platform/windows/compat.h"
#include "platform/windows/iconv.h"
#include "platform/windows/openssl/evp.h"
#include "platform/windows/openssl/rand.h"
#include "platform/windows/nettle/base64.h"
#include "platform/windows/nettle/sha2.h"
#include "platform/windows/pwd.h"
#include "platform/windows/sys/ioctl.h"
#include "platform/windows/sys/random.h"
#include "platform/windows/termios.h"

/* The real functions, under the names compat.h took from them. */
#undef open
#undef close
#undef fopen
#undef stat
#undef fstat
#undef mkdir
#undef rmdir
#undef unlink
#undef remove
#undef rename
#undef access
#undef getenv
#undef setenv
#undef bindtextdomain
#undef tm_gmtoff
#undef mkdirat
#undef unlinkat

/* ---- UTF-8 and UTF-16 ---- */

/* s (UTF-8) as a new UTF-16 string; NULL (errno EILSEQ or ENOMEM) when it
 * cannot be converted. */
static wchar_t *to_wide(const char *s)
{
    int n = MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, s, -1, NULL, 0);
    if (n <= 0) {
        errno = EILSEQ;
        return NULL;
    }
    wchar_t *w = malloc((size_t)n * sizeof *w);
    if (!w) {
        errno = ENOMEM;
        return NULL;
    }
    MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, s, -1, w, n);
    return w;
}

/* w (UTF-16) as a new UTF-8 string, NULL when memory runs out. */
static char *to_utf8(const wchar_t *w)
{
    int n = WideCharToMultiByte(CP_UTF8, 0, w, -1, NULL, 0, NULL, NULL);
    if (n <= 0)
        return NULL;
    char *s = malloc((size_t)n);
    if (s)
        WideCharToMultiByte(CP_UTF8, 0, w, -1, s, n, NULL, NULL);
    return s;
}

/* A path for the wide API: UTF-16, and past MAX_PATH made absolute with
 * the \\?\ prefix (which lifts the limit of 260 characters). */
static wchar_t *wide_path(const char *path)
{
    wchar_t *w = to_wide(path);
    if (!w || wcslen(w) < MAX_PATH - 12 || wcsncmp(w, L"\\\\?\\", 4) == 0)
        return w;
    DWORD n = GetFullPathNameW(w, 0, NULL, NULL);
    wchar_t *full = n ? malloc((size_t)n * sizeof *full) : NULL;
    if (!full || GetFullPathNameW(w, n, full, NULL) == 0) {
        free(full);
        return w;
    }
    free(w);
    for (wchar_t *p = full; *p; p++)
        if (*p == L'/')
            *p = L'\\';
    bool unc = full[0] == L'\\' && full[1] == L'\\';
    wchar_t *out = malloc((wcslen(full) + 9) * sizeof *out);
    if (!out)
        return full;
    if (unc) { /* \\server\share -> \\?\UNC\server\share */
        wcscpy(out, L"\\\\?\\UNC");
        wcscat(out, full + 1);
    } else {
        wcscpy(out, L"\\\\?\\");
        wcscat(out, full);
    }
    free(full);
    return out;
}

static void errno_from_windows(void)
{
    switch (GetLastError()) {
    case ERROR_FILE_NOT_FOUND:
    case ERROR_PATH_NOT_FOUND:
    case ERROR_INVALID_NAME: errno = ENOENT; break;
    case ERROR_ALREADY_EXISTS:
    case ERROR_FILE_EXISTS: errno = EEXIST; break;
    case ERROR_ACCESS_DENIED:
    case ERROR_SHARING_VIOLATION: errno = EACCES; break;
    case ERROR_NOT_ENOUGH_MEMORY:
    case ERROR_OUTOFMEMORY: errno = ENOMEM; break;
    case ERROR_DIRECTORY: errno = ENOTDIR; break;
    case ERROR_NOT_SAME_DEVICE: errno = EXDEV; break;
    case ERROR_DISK_FULL: errno = ENOSPC; break;
    default: errno = EIO; break;
    }
}

/* ---- folder handles: open(O_DIRECTORY) and openat ---- */

#define DIR_FD_BASE 0x100000
#define DIR_FD_MAX 64
static char *dir_fds[DIR_FD_MAX];
static SRWLOCK dir_lock = SRWLOCK_INIT;

static const char *dir_fd_path(int fd)
{
    if (fd < DIR_FD_BASE || fd >= DIR_FD_BASE + DIR_FD_MAX)
        return NULL;
    return dir_fds[fd - DIR_FD_BASE];
}

static char *at_path(int dirfd, const char *name);

static int wopen_flags(int flags)
{
    return (flags & ~O_DIRECTORY) | O_BINARY | O_NOINHERIT;
}

int kaiji_win_open(const char *path, int flags, ...)
{
    int mode = 0;
    if (flags & O_CREAT) {
        va_list ap;
        va_start(ap, flags);
        mode = va_arg(ap, int);
        va_end(ap);
    }
    if (flags & O_DIRECTORY) {
        struct stat st;
        if (kaiji_win_stat(path, &st) != 0)
            return -1;
        if (!S_ISDIR(st.st_mode)) {
            errno = ENOTDIR;
            return -1;
        }
        char *copy = strdup(path);
        if (!copy) {
            errno = ENOMEM;
            return -1;
        }
        AcquireSRWLockExclusive(&dir_lock);
        for (int i = 0; i < DIR_FD_MAX; i++)
            if (!dir_fds[i]) {
                dir_fds[i] = copy;
                ReleaseSRWLockExclusive(&dir_lock);
                return DIR_FD_BASE + i;
            }
        ReleaseSRWLockExclusive(&dir_lock);
        free(copy);
        errno = EMFILE;
        return -1;
    }
    wchar_t *w = wide_path(path);
    if (!w)
        return -1;
    int fd = _wopen(w, wopen_flags(flags), mode & 0200 ? _S_IREAD | _S_IWRITE : _S_IREAD);
    free(w);
    return fd;
}

int kaiji_win_openat(int dirfd, const char *name, int flags, ...)
{
    int mode = 0;
    if (flags & O_CREAT) {
        va_list ap;
        va_start(ap, flags);
        mode = va_arg(ap, int);
        va_end(ap);
    }
    char *path = at_path(dirfd, name);
    int fd = path ? kaiji_win_open(path, flags, mode) : -1;
    free(path);
    return fd;
}

int kaiji_win_close(int fd)
{
    if (fd >= DIR_FD_BASE && fd < DIR_FD_BASE + DIR_FD_MAX) {
        AcquireSRWLockExclusive(&dir_lock);
        free(dir_fds[fd - DIR_FD_BASE]);
        dir_fds[fd - DIR_FD_BASE] = NULL;
        ReleaseSRWLockExclusive(&dir_lock);
        return 0;
    }
    return _close(fd);
}

FILE *kaiji_win_fopen(const char *path, const char *mode)
{
    wchar_t wmode[16];
    size_t n = 0;
    bool binary = false;
    for (const char *m = mode; *m && n < 12; m++) {
        if (*m == 'b' || *m == 't')
            binary = true;
        wmode[n++] = (wchar_t)*m;
    }
    if (!binary)
        wmode[n++] = L'b';
    wmode[n++] = L'N'; /* not inherited by child processes */
    wmode[n] = 0;
    wchar_t *w = wide_path(path);
    if (!w)
        return NULL;
    FILE *f = _wfopen(w, wmode);
    free(w);
    return f;
}

/* ---- what a path is ---- */

static void fill_stat(struct stat *st, const struct _stat64 *s)
{
    memset(st, 0, sizeof *st);
    st->st_mode = s->st_mode;
    st->st_nlink = 1;
    /* struct stat has 32 bits of size: a file past 2 GiB shows as 2 GiB
     * less a byte, larger than any cap kaiji reads under. */
    st->st_size = s->st_size > 0x7fffffff ? 0x7fffffff : (_off_t)s->st_size;
    st->st_atime = (time_t)s->st_atime;
    st->st_mtime = (time_t)s->st_mtime;
    st->st_ctime = (time_t)s->st_ctime;
}

int kaiji_win_stat(const char *path, struct stat *st)
{
    struct _stat64 s;
    wchar_t *w = wide_path(path);
    if (!w)
        return -1;
    /* _wstat64 refuses a trailing slash on a folder: drop it. */
    size_t n = wcslen(w);
    while (n > 1 && (w[n - 1] == L'/' || w[n - 1] == L'\\') && w[n - 2] != L':')
        w[--n] = 0;
    int rc = _wstat64(w, &s);
    free(w);
    if (rc == 0)
        fill_stat(st, &s);
    return rc;
}

int kaiji_win_lstat(const char *path, struct stat *st)
{
    wchar_t *w = wide_path(path);
    if (!w)
        return -1;
    DWORD attr = GetFileAttributesW(w);
    free(w);
    if (attr != INVALID_FILE_ATTRIBUTES && (attr & FILE_ATTRIBUTE_REPARSE_POINT)) {
        memset(st, 0, sizeof *st);
        st->st_mode = S_IFLNK | 0777;
        return 0;
    }
    return kaiji_win_stat(path, st);
}

int kaiji_win_fstat(int fd, struct stat *st)
{
    const char *dir = dir_fd_path(fd);
    if (dir)
        return kaiji_win_stat(dir, st);
    struct _stat64 s;
    int rc = _fstat64(fd, &s);
    if (rc == 0)
        fill_stat(st, &s);
    return rc;
}

int kaiji_win_mkdir(const char *path, int mode)
{
    (void)mode;
    wchar_t *w = wide_path(path);
    if (!w)
        return -1;
    int rc = _wmkdir(w);
    free(w);
    return rc;
}

static char *at_path(int dirfd, const char *name)
{
    AcquireSRWLockShared(&dir_lock);
    const char *dir = dir_fd_path(dirfd);
    char *path = dir ? malloc(strlen(dir) + strlen(name) + 2) : NULL;
    if (path)
        sprintf(path, "%s/%s", dir, name);
    ReleaseSRWLockShared(&dir_lock);
    if (!path)
        errno = dir ? ENOMEM : EBADF;
    return path;
}

int kaiji_win_mkdirat(int dirfd, const char *name, int mode)
{
    char *path = at_path(dirfd, name);
    int rc = path ? kaiji_win_mkdir(path, mode) : -1;
    free(path);
    return rc;
}

int kaiji_win_unlinkat(int dirfd, const char *name, int flags)
{
    (void)flags;
    char *path = at_path(dirfd, name);
    int rc = path ? kaiji_win_unlink(path) : -1;
    free(path);
    return rc;
}

int kaiji_win_fsync(int fd)
{
    return dir_fd_path(fd) ? 0 : _commit(fd);
}

long kaiji_win_utc_offset(void)
{
    time_t now = time(NULL);
    struct tm local, utc;
    if (localtime_s(&local, &now) != 0 || gmtime_s(&utc, &now) != 0)
        return 0;
    utc.tm_isdst = local.tm_isdst;
    return (long)difftime(mktime(&local), mktime(&utc));
}

int kaiji_win_rmdir(const char *path)
{
    wchar_t *w = wide_path(path);
    if (!w)
        return -1;
    int rc = _wrmdir(w);
    free(w);
    return rc;
}

int kaiji_win_unlink(const char *path)
{
    wchar_t *w = wide_path(path);
    if (!w)
        return -1;
    int rc = _wunlink(w);
    free(w);
    return rc;
}

/* As POSIX rename: replaces an existing file. */
int kaiji_win_rename(const char *from, const char *to)
{
    wchar_t *a = wide_path(from), *b = a ? wide_path(to) : NULL;
    int rc = -1;
    if (a && b) {
        if (MoveFileExW(a, b, MOVEFILE_REPLACE_EXISTING | MOVEFILE_COPY_ALLOWED))
            rc = 0;
        else
            errno_from_windows();
    }
    free(a);
    free(b);
    return rc;
}

int kaiji_win_access(const char *path, int mode)
{
    wchar_t *w = wide_path(path);
    if (!w)
        return -1;
    int rc = _waccess(w, mode & 6);
    free(w);
    return rc;
}

/* A hard link: never replaces to (EEXIST), as POSIX link. */
int kaiji_win_link(const char *from, const char *to)
{
    wchar_t *a = wide_path(from), *b = a ? wide_path(to) : NULL;
    int rc = -1;
    if (a && b) {
        if (CreateHardLinkW(b, a, NULL))
            rc = 0;
        else
            errno_from_windows();
    }
    free(a);
    free(b);
    return rc;
}

char *kaiji_win_realpath(const char *path, char *resolved)
{
    wchar_t *w = wide_path(path), *full = NULL;
    char *out = NULL;
    if (!w)
        return NULL;
    DWORD n = GetFullPathNameW(w, 0, NULL, NULL);
    if (n && (full = malloc((size_t)n * sizeof *full)) && GetFullPathNameW(w, n, full, NULL)) {
        if (GetFileAttributesW(full) == INVALID_FILE_ATTRIBUTES)
            errno_from_windows();
        else
            out = to_utf8(full);
    }
    free(w);
    free(full);
    if (out && resolved) {
        snprintf(resolved, PATH_MAX, "%s", out);
        free(out);
        return resolved;
    }
    return out;
}

/* Only /proc/self/exe: the executable's path, with / between folders. */
ssize_t kaiji_win_readlink(const char *path, char *buf, size_t size)
{
    wchar_t exe[32768];
    if (strcmp(path, "/proc/self/exe") != 0) {
        errno = EINVAL;
        return -1;
    }
    DWORD n = GetModuleFileNameW(NULL, exe, sizeof exe / sizeof exe[0]);
    if (n == 0 || n >= sizeof exe / sizeof exe[0]) {
        errno = ENAMETOOLONG;
        return -1;
    }
    char *s = to_utf8(exe);
    if (!s) {
        errno = ENOMEM;
        return -1;
    }
    size_t len = strlen(s);
    for (char *p = s; *p; p++)
        if (*p == '\\')
            *p = '/';
    if (len > size)
        len = size;
    memcpy(buf, s, len);
    free(s);
    return (ssize_t)len;
}

/* The template's XXXXXX made random letters; false when the system gave no
 * random numbers or tmpl has no XXXXXX at its end. */
static bool fill_template(char *tmpl)
{
    static const char letters[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    size_t len = strlen(tmpl);
    unsigned char r[6];
    if (len < 6 || strcmp(tmpl + len - 6, "XXXXXX") != 0) {
        errno = EINVAL;
        return false;
    }
    if (!RAND_bytes(r, sizeof r)) {
        errno = EIO;
        return false;
    }
    for (int i = 0; i < 6; i++)
        tmpl[len - 6 + (size_t)i] = letters[r[i] % (sizeof letters - 1)];
    return true;
}

char *kaiji_win_mkdtemp(char *tmpl)
{
    size_t len = strlen(tmpl);
    char *keep = strdup(tmpl);
    if (!keep)
        return NULL;
    for (int attempt = 0; attempt < 100; attempt++) {
        memcpy(tmpl, keep, len);
        if (!fill_template(tmpl))
            break;
        if (kaiji_win_mkdir(tmpl, 0700) == 0) {
            free(keep);
            return tmpl;
        }
        if (errno != EEXIST)
            break;
    }
    free(keep);
    return NULL;
}

int kaiji_win_mkstemp(char *tmpl)
{
    static const char letters[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    size_t len = strlen(tmpl);
    if (len < 6 || strcmp(tmpl + len - 6, "XXXXXX") != 0) {
        errno = EINVAL;
        return -1;
    }
    for (int attempt = 0; attempt < 100; attempt++) {
        unsigned char r[6];
        if (!RAND_bytes(r, sizeof r)) {
            errno = EIO;
            return -1;
        }
        for (int i = 0; i < 6; i++)
            tmpl[len - 6 + (size_t)i] = letters[r[i] % (sizeof letters - 1)];
        int fd = kaiji_win_open(tmpl, O_RDWR | O_CREAT | O_EXCL, 0600);
        if (fd >= 0 || errno != EEXIST)
            return fd;
    }
    errno = EEXIST;
    return -1;
}

/* ---- folders ---- */

static struct dirent *new_entry(const char *name)
{
    size_t len = strlen(name), size = offsetof(struct dirent, d_name) + len + 1;
    if (size < sizeof(struct dirent))
        size = sizeof(struct dirent);
    struct dirent *e = calloc(1, size);
    if (e) {
        memcpy(e->d_name, name, len + 1);
        e->d_namlen = (unsigned short)(len > 0xffff ? 0xffff : len);
    }
    return e;
}

int kaiji_win_scandir(const char *dir, struct dirent ***names,
                      int (*keep)(const struct dirent *),
                      int (*cmp)(const struct dirent **, const struct dirent **))
{
    struct stat st;
    WIN32_FIND_DATAW fd;
    struct dirent **list = NULL;
    size_t count = 0, cap = 0;
    char *pattern = malloc(strlen(dir) + 3);

    *names = NULL;
    if (!pattern) {
        errno = ENOMEM;
        return -1;
    }
    if (kaiji_win_stat(dir, &st) != 0) {
        free(pattern);
        return -1;
    }
    if (!S_ISDIR(st.st_mode)) {
        free(pattern);
        errno = ENOTDIR;
        return -1;
    }
    sprintf(pattern, "%s/*", dir);
    wchar_t *w = wide_path(pattern);
    free(pattern);
    if (!w)
        return -1;
    HANDLE h = FindFirstFileExW(w, FindExInfoBasic, &fd, FindExSearchNameMatch, NULL, 0);
    free(w);
    if (h == INVALID_HANDLE_VALUE) {
        if (GetLastError() == ERROR_FILE_NOT_FOUND)
            return 0;
        errno_from_windows();
        return -1;
    }
    do {
        char *name = to_utf8(fd.cFileName);
        struct dirent *e = name ? new_entry(name) : NULL;
        free(name);
        if (!e)
            goto nomem;
        if (keep && !keep(e)) {
            free(e);
            continue;
        }
        if (count == cap) {
            size_t ncap = cap ? cap * 2 : 32;
            struct dirent **grown = realloc(list, ncap * sizeof *grown);
            if (!grown) {
                free(e);
                goto nomem;
            }
            list = grown;
            cap = ncap;
        }
        list[count++] = e;
    } while (FindNextFileW(h, &fd));
    FindClose(h);
    if (cmp && count > 1)
        qsort(list, count, sizeof *list,
              (int (*)(const void *, const void *))(void (*)(void))cmp);
    *names = list;
    return (int)count;
nomem:
    FindClose(h);
    for (size_t i = 0; i < count; i++)
        free(list[i]);
    free(list);
    errno = ENOMEM;
    return -1;
}

/* Byte order of the UTF-8 names: the order of Unicode code points, as
 * alphasort gives in the C.UTF-8 locale. */
int kaiji_win_alphasort(const struct dirent **a, const struct dirent **b)
{
    return strcmp((*a)->d_name, (*b)->d_name);
}

/* ---- the environment, in UTF-8 ---- */

typedef struct env_entry {
    char *name, *value;
    struct env_entry *next;
} env_entry;
static env_entry *env_cache; /* values handed out stay valid: never freed */
static SRWLOCK env_lock = SRWLOCK_INIT;

char *kaiji_win_getenv(const char *name)
{
    wchar_t *wn = to_wide(name);
    if (!wn)
        return NULL;
    const wchar_t *wv = _wgetenv(wn);
    free(wn);
    if (!wv)
        return NULL;
    char *v = to_utf8(wv);
    if (!v)
        return NULL;
    AcquireSRWLockExclusive(&env_lock);
    for (env_entry *e = env_cache; e; e = e->next)
        if (strcmp(e->name, name) == 0 && strcmp(e->value, v) == 0) {
            ReleaseSRWLockExclusive(&env_lock);
            free(v);
            return e->value;
        }
    env_entry *e = malloc(sizeof *e);
    char *n = strdup(name);
    if (!e || !n) {
        ReleaseSRWLockExclusive(&env_lock);
        free(e);
        free(n);
        free(v);
        return NULL;
    }
    e->name = n;
    e->value = v;
    e->next = env_cache;
    env_cache = e;
    ReleaseSRWLockExclusive(&env_lock);
    return v;
}

/* TZ is left alone: Windows' C library reads TZ in its own syntax, and the
 * system's time zone is the right one. */
int kaiji_win_setenv(const char *name, const char *value, int overwrite)
{
    if (strcmp(name, "TZ") == 0)
        return 0;
    if (!overwrite && kaiji_win_getenv(name))
        return 0;
    wchar_t *wn = to_wide(name), *wv = wn ? to_wide(value) : NULL;
    int rc = wn && wv && _wputenv_s(wn, wv) == 0 ? 0 : -1;
    free(wn);
    free(wv);
    return rc;
}

/* ---- what glibc has ---- */

char *kaiji_win_strndup(const char *s, size_t n)
{
    size_t len = strnlen(s, n);
    char *d = malloc(len + 1);
    if (d) {
        memcpy(d, s, len);
        d[len] = '\0';
    }
    return d;
}

struct tm *kaiji_win_localtime_r(const time_t *t, struct tm *tm)
{
    return localtime_s(tm, t) == 0 ? tm : NULL;
}

struct tm *kaiji_win_gmtime_r(const time_t *t, struct tm *tm)
{
    return gmtime_s(tm, t) == 0 ? tm : NULL;
}

/* explicit_bzero: memory cleared even when it is never read again. */
void *kaiji_win_zero(void *p, size_t n)
{
    return SecureZeroMemory(p, n);
}

long kaiji_win_cores(void)
{
    SYSTEM_INFO si;
    GetSystemInfo(&si);
    return (long)si.dwNumberOfProcessors;
}

char *kaiji_win_bindtextdomain(const char *domain, const char *dir)
{
    wchar_t *w = to_wide(dir);
    if (!w)
        return NULL;
    wbindtextdomain(domain, w);
    free(w);
    return (char *)dir;
}

/* ---- the console ---- */

static HANDLE console_of(int fd)
{
    intptr_t h = _get_osfhandle(fd);
    DWORD mode;
    if (h == -1 || !GetConsoleMode((HANDLE)h, &mode))
        return NULL;
    return (HANDLE)h;
}

int tcgetattr(int fd, struct termios *t)
{
    HANDLE h = console_of(fd);
    DWORD mode;
    if (!h || !GetConsoleMode(h, &mode)) {
        errno = ENOTTY;
        return -1;
    }
    t->c_lflag = (mode & ENABLE_ECHO_INPUT) ? ECHO : 0;
    return 0;
}

int tcsetattr(int fd, int when, const struct termios *t)
{
    (void)when;
    HANDLE h = console_of(fd);
    DWORD mode;
    if (!h || !GetConsoleMode(h, &mode)) {
        errno = ENOTTY;
        return -1;
    }
    mode = (t->c_lflag & ECHO) ? mode | ENABLE_ECHO_INPUT : mode & ~(DWORD)ENABLE_ECHO_INPUT;
    return SetConsoleMode(h, mode) ? 0 : -1;
}

int ioctl(int fd, unsigned long request, ...)
{
    CONSOLE_SCREEN_BUFFER_INFO info;
    HANDLE h = console_of(fd);
    va_list ap;
    if (request != TIOCGWINSZ || !h || !GetConsoleScreenBufferInfo(h, &info)) {
        errno = ENOTTY;
        return -1;
    }
    va_start(ap, request);
    struct winsize *ws = va_arg(ap, struct winsize *);
    va_end(ap);
    ws->ws_col = (unsigned short)(info.srWindow.Right - info.srWindow.Left + 1);
    ws->ws_row = (unsigned short)(info.srWindow.Bottom - info.srWindow.Top + 1);
    return 0;
}

struct passwd *getpwuid(int uid)
{
    static char name[256 * 3];
    static struct passwd pw = {name};
    wchar_t w[257];
    DWORD n = 257;
    (void)uid;
    if (!GetUserNameW(w, &n))
        return NULL;
    if (!WideCharToMultiByte(CP_UTF8, 0, w, -1, name, (int)sizeof name, NULL, NULL))
        return NULL;
    return &pw;
}

/* ---- iconv over code pages ---- */

struct kaiji_win_iconv {
    UINT codepage; /* 0: UTF-16 by hand */
    int utf16;     /* 0 by BOM (big-endian without), 1 LE, 2 BE */
};

iconv_t iconv_open(const char *to, const char *from)
{
    static const struct {
        const char *name;
        UINT cp;
        int utf16;
    } known[] = {
        {"CP932", 932, 0},       {"EUC-JP", 20932, 0},   {"EUC-JP-MS", 20932, 0},
        {"ISO-2022-JP", 50220, 0}, {"UTF-16", 0, 0},     {"UTF-16LE", 0, 1},
        {"UTF-16BE", 0, 2},
        /* NEMA MDS2 XML from abroad may say ISO-8859-1 */
        {"ISO-8859-1", 28591, 0}, {"LATIN1", 28591, 0},
    };
    if (_stricmp(to, "UTF-8") != 0)
        goto unknown;
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
        if (_stricmp(from, known[i].name) == 0) {
            struct kaiji_win_iconv *cd = malloc(sizeof *cd);
            if (!cd) {
                errno = ENOMEM;
                return (iconv_t)-1;
            }
            cd->codepage = known[i].cp;
            cd->utf16 = known[i].utf16;
            return cd;
        }
unknown:
    errno = EINVAL;
    return (iconv_t)-1;
}

int iconv_close(iconv_t cd)
{
    free(cd);
    return 0;
}

/* UTF-16 of len bytes to wide characters, checking surrogate pairs. */
static wchar_t *utf16_units(const unsigned char *s, size_t len, int order, int *count)
{
    size_t start = 0;
    if (len % 2) {
        errno = EINVAL;
        return NULL;
    }
    if (order == 0) {
        order = 2;
        if (len >= 2 && s[0] == 0xFF && s[1] == 0xFE)
            order = 1, start = 2;
        else if (len >= 2 && s[0] == 0xFE && s[1] == 0xFF)
            start = 2;
    }
    size_t n = (len - start) / 2;
    wchar_t *w = malloc((n + 1) * sizeof *w);
    if (!w) {
        errno = ENOMEM;
        return NULL;
    }
    for (size_t i = 0; i < n; i++) {
        const unsigned char *p = s + start + 2 * i;
        w[i] = (wchar_t)(order == 1 ? p[0] | p[1] << 8 : p[0] << 8 | p[1]);
    }
    for (size_t i = 0; i < n; i++) {
        if (w[i] >= 0xD800 && w[i] <= 0xDBFF) {
            if (i + 1 < n && w[i + 1] >= 0xDC00 && w[i + 1] <= 0xDFFF) {
                i++;
                continue;
            }
            free(w);
            errno = EILSEQ;
            return NULL;
        }
        if (w[i] >= 0xDC00 && w[i] <= 0xDFFF) {
            free(w);
            errno = EILSEQ;
            return NULL;
        }
    }
    *count = (int)n;
    return w;
}

size_t iconv(iconv_t cd, char **in, size_t *in_left, char **out, size_t *out_left)
{
    wchar_t *w = NULL;
    int wn = 0;
    if (!in || !*in || *in_left == 0)
        return 0;
    if (*in_left > INT_MAX / 2) {
        errno = E2BIG;
        return (size_t)-1;
    }
    if (cd->codepage == 0) {
        w = utf16_units((const unsigned char *)*in, *in_left, cd->utf16, &wn);
        if (!w)
            return (size_t)-1;
    } else {
        /* ISO-2022-JP takes no MB_ERR_INVALID_CHARS. */
        DWORD flags = cd->codepage == 50220 ? 0 : MB_ERR_INVALID_CHARS;
        wn = MultiByteToWideChar(cd->codepage, flags, *in, (int)*in_left, NULL, 0);
        if (wn <= 0) {
            errno = EILSEQ;
            return (size_t)-1;
        }
        w = malloc((size_t)wn * sizeof *w);
        if (!w) {
            errno = ENOMEM;
            return (size_t)-1;
        }
        MultiByteToWideChar(cd->codepage, flags, *in, (int)*in_left, w, wn);
    }
    int un = wn ? WideCharToMultiByte(CP_UTF8, 0, w, wn, NULL, 0, NULL, NULL) : 0;
    if (wn && un <= 0) {
        free(w);
        errno = EILSEQ;
        return (size_t)-1;
    }
    if ((size_t)un > *out_left) {
        free(w);
        errno = E2BIG;
        return (size_t)-1;
    }
    if (un)
        WideCharToMultiByte(CP_UTF8, 0, w, wn, *out, un, NULL, NULL);
    free(w);
    *out += un;
    *out_left -= (size_t)un;
    *in += *in_left;
    *in_left = 0;
    return 0;
}

/* ---- the three OpenSSL functions ---- */

const EVP_MD *EVP_sha256(void)
{
    static int tag;
    return (const EVP_MD *)&tag;
}

int EVP_Digest(const void *data, size_t count, unsigned char *md, unsigned int *len,
               const EVP_MD *type, ENGINE *impl)
{
    BCRYPT_ALG_HANDLE alg = NULL;
    BCRYPT_HASH_HANDLE hash = NULL;
    int ok = 0;
    (void)type;
    (void)impl;
    if (BCryptOpenAlgorithmProvider(&alg, BCRYPT_SHA256_ALGORITHM, NULL, 0) != 0)
        return 0;
    if (BCryptCreateHash(alg, &hash, NULL, 0, NULL, 0, 0) != 0)
        goto done;
    const unsigned char *p = data;
    while (count > 0) {
        ULONG n = count > 0x40000000 ? 0x40000000 : (ULONG)count;
        if (BCryptHashData(hash, (PUCHAR)p, n, 0) != 0)
            goto done;
        p += n;
        count -= n;
    }
    if (BCryptFinishHash(hash, md, 32, 0) != 0)
        goto done;
    if (len)
        *len = 32;
    ok = 1;
done:
    if (hash)
        BCryptDestroyHash(hash);
    BCryptCloseAlgorithmProvider(alg, 0);
    return ok;
}

/* ---- nettle's SHA-256 and Base64 (text/sha256.c, mail/, server/) ---- */

void sha256_init(struct sha256_ctx *ctx)
{
    BCRYPT_ALG_HANDLE alg = NULL;
    BCRYPT_HASH_HANDLE hash = NULL;
    ctx->alg = ctx->hash = NULL;
    if (BCryptOpenAlgorithmProvider(&alg, BCRYPT_SHA256_ALGORITHM, NULL, 0) != 0)
        return;
    if (BCryptCreateHash(alg, &hash, NULL, 0, NULL, 0, 0) != 0) {
        BCryptCloseAlgorithmProvider(alg, 0);
        return;
    }
    ctx->alg = alg;
    ctx->hash = hash;
}

void sha256_update(struct sha256_ctx *ctx, size_t length, const uint8_t *data)
{
    while (ctx->hash && length > 0) {
        ULONG n = length > 0x40000000 ? 0x40000000 : (ULONG)length;
        if (BCryptHashData(ctx->hash, (PUCHAR)data, n, 0) != 0) {
            BCryptDestroyHash(ctx->hash);
            ctx->hash = NULL;
        }
        data += n;
        length -= n;
    }
}

void sha256_digest(struct sha256_ctx *ctx, size_t length, uint8_t *digest)
{
    unsigned char md[SHA256_DIGEST_SIZE] = {0};
    if (ctx->hash && BCryptFinishHash(ctx->hash, md, SHA256_DIGEST_SIZE, 0) != 0)
        memset(md, 0, sizeof md);
    memcpy(digest, md, length < sizeof md ? length : sizeof md);
    if (ctx->hash)
        BCryptDestroyHash(ctx->hash);
    if (ctx->alg)
        BCryptCloseAlgorithmProvider(ctx->alg, 0);
    ctx->alg = ctx->hash = NULL;
}

static const char b64_digits[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

void base64_encode_raw(char *dst, size_t length, const uint8_t *src)
{
    for (size_t i = 0; i < length; i += 3) {
        unsigned v = (unsigned)src[i] << 16;
        if (i + 1 < length)
            v |= (unsigned)src[i + 1] << 8;
        if (i + 2 < length)
            v |= src[i + 2];
        *dst++ = b64_digits[v >> 18 & 63];
        *dst++ = b64_digits[v >> 12 & 63];
        *dst++ = i + 1 < length ? b64_digits[v >> 6 & 63] : '=';
        *dst++ = i + 2 < length ? b64_digits[v & 63] : '=';
    }
}

/* The value of a Base64 character, or -1. */
static int b64_value(unsigned char c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    return c == '+' ? 62 : c == '/' ? 63 : -1;
}

void base64_decode_init(struct base64_decode_ctx *ctx)
{
    ctx->word = ctx->bits = ctx->padding = 0;
}

int base64_decode_update(struct base64_decode_ctx *ctx, size_t *dst_length, uint8_t *dst,
                         size_t src_length, const char *src)
{
    size_t o = 0;
    for (size_t i = 0; i < src_length; i++) {
        unsigned char c = (unsigned char)src[i];
        int d;
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v')
            continue;
        if (c == '=') {
            /* as nettle: padding only where bits are left, and they are zero */
            if (!ctx->bits || ctx->padding > 2 || (ctx->word & ((1u << ctx->bits) - 1)))
                return 0;
            ctx->padding++;
            ctx->bits -= 2;
            continue;
        }
        if ((d = b64_value(c)) < 0 || ctx->padding)
            return 0;
        ctx->word = (ctx->word << 6 | (unsigned)d) & 0xFFFFu;
        ctx->bits += 6;
        if (ctx->bits >= 8) {
            ctx->bits -= 8;
            dst[o++] = (uint8_t)(ctx->word >> ctx->bits);
        }
    }
    *dst_length = o;
    return 1;
}

int base64_decode_final(struct base64_decode_ctx *ctx)
{
    return ctx->bits == 0;
}

/* ---- OpenSSL's Base64 (the tests compare with it) ---- */

int EVP_EncodeBlock(unsigned char *t, const unsigned char *f, int n)
{
    static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    int o = 0;
    for (int i = 0; i < n; i += 3) {
        unsigned v = (unsigned)f[i] << 16;
        if (i + 1 < n)
            v |= (unsigned)f[i + 1] << 8;
        if (i + 2 < n)
            v |= f[i + 2];
        t[o++] = (unsigned char)b64[v >> 18 & 63];
        t[o++] = (unsigned char)b64[v >> 12 & 63];
        t[o++] = (unsigned char)(i + 1 < n ? b64[v >> 6 & 63] : '=');
        t[o++] = (unsigned char)(i + 2 < n ? b64[v & 63] : '=');
    }
    t[o] = '\0';
    return o;
}


int EVP_DecodeBlock(unsigned char *t, const unsigned char *f, int n)
{
    int o = 0;
    while (n > 0 && (*f == ' ' || *f == '\t'))
        f++, n--;
    while (n > 0 && (f[n - 1] == ' ' || f[n - 1] == '\t' || f[n - 1] == '\r' || f[n - 1] == '\n'))
        n--;
    if (n % 4 != 0)
        return -1;
    for (int i = 0; i < n; i += 4) {
        unsigned v = 0;
        for (int k = 0; k < 4; k++) {
            int d = b64_value(f[i + k]);
            if (d < 0) {
                /* padding: only at the end, at most two */
                if (f[i + k] != '=' || i + 4 != n || k < 2 || (k == 2 && f[i + 3] != '='))
                    return -1;
                d = 0;
            }
            v = v << 6 | (unsigned)d;
        }
        t[o++] = (unsigned char)(v >> 16);
        t[o++] = (unsigned char)(v >> 8);
        t[o++] = (unsigned char)v;
    }
    return o;
}

int RAND_bytes(unsigned char *buf, int num)
{
    return num >= 0 && BCryptGenRandom(NULL, buf, (ULONG)num, BCRYPT_USE_SYSTEM_PREFERRED_RNG) == 0;
}

ssize_t getrandom(void *buf, size_t len, unsigned int flags)
{
    unsigned char *p = buf;
    size_t left = len;
    (void)flags;
    while (left > 0) {
        ULONG n = left > 0x10000000 ? 0x10000000 : (ULONG)left;
        if (BCryptGenRandom(NULL, p, n, BCRYPT_USE_SYSTEM_PREFERRED_RNG) != 0) {
            errno = EIO;
            return -1;
        }
        p += n;
        left -= n;
    }
    return (ssize_t)len;
}

/* ---- streams made of functions (fopencookie) ---- */

/* The streams made by kaiji_win_fopencookie, set before any thread starts
 * and read without a lock after; the standard streams set over them. */
#define COOKIE_STREAMS 4
static struct cookie_stream {
    FILE *fp;
    void *cookie;
    cookie_io_functions_t io;
    bool error;
} cookie_streams[COOKIE_STREAMS];
static FILE *std_out, *std_err;

static struct cookie_stream *cookie_of(FILE *fp)
{
    for (int i = 0; i < COOKIE_STREAMS; i++)
        if (cookie_streams[i].fp && cookie_streams[i].fp == fp)
            return &cookie_streams[i];
    return NULL;
}

FILE *kaiji_win_fopencookie(void *cookie, const char *mode, cookie_io_functions_t io)
{
    if (!mode || mode[0] != 'w' || !io.write) {
        errno = EINVAL;
        return NULL;
    }
    for (int i = 0; i < COOKIE_STREAMS; i++)
        if (!cookie_streams[i].fp) {
            FILE *fp = _wfopen(L"NUL", L"wb");
            if (!fp)
                return NULL;
            cookie_streams[i] = (struct cookie_stream){fp, cookie, io, false};
            return fp;
        }
    errno = EMFILE;
    return NULL;
}

FILE *kaiji_win_std(int fd)
{
    if (fd == 1)
        return std_out ? std_out : kaiji_win_c_stdout();
    return std_err ? std_err : kaiji_win_c_stderr();
}

/* len bytes to a stream made of functions; false on its failure. */
static bool cookie_write(struct cookie_stream *c, const char *s, size_t len)
{
    if (len > 0 && c->io.write(c->cookie, s, len) != (ssize_t)len)
        c->error = true;
    return !c->error;
}

int kaiji_win_fputs(const char *s, FILE *fp)
{
    struct cookie_stream *c = cookie_of(fp);
    if (!c)
        return (fputs)(s, fp);
    return cookie_write(c, s, strlen(s)) ? 0 : EOF;
}

int kaiji_win_fputc(int ch, FILE *fp)
{
    struct cookie_stream *c = cookie_of(fp);
    if (!c)
        return (fputc)(ch, fp);
    char b = (char)ch;
    return cookie_write(c, &b, 1) ? (unsigned char)ch : EOF;
}

size_t kaiji_win_fwrite(const void *p, size_t size, size_t n, FILE *fp)
{
    struct cookie_stream *c = cookie_of(fp);
    if (!c)
        return (fwrite)(p, size, n, fp);
    if (size == 0 || n == 0)
        return 0;
    return cookie_write(c, p, size * n) ? n : 0;
}

int kaiji_win_vfprintf(FILE *fp, const char *fmt, va_list ap)
{
    struct cookie_stream *c = cookie_of(fp);
    if (!c)
        return (vfprintf)(fp, fmt, ap);
    char small[512], *big = NULL;
    va_list again;
    va_copy(again, ap);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    const char *s = small;
    if (n >= (int)sizeof small) {
        if (!(big = malloc((size_t)n + 1))) {
            va_end(again);
            c->error = true;
            return -1;
        }
        vsnprintf(big, (size_t)n + 1, fmt, again);
        s = big;
    }
    va_end(again);
    if (n >= 0 && !cookie_write(c, s, (size_t)n))
        n = -1;
    free(big);
    return n;
}

int kaiji_win_fprintf(FILE *fp, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = kaiji_win_vfprintf(fp, fmt, ap);
    va_end(ap);
    return n;
}

int kaiji_win_printf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = kaiji_win_vfprintf(kaiji_win_std(1), fmt, ap);
    va_end(ap);
    return n;
}

int kaiji_win_fflush(FILE *fp)
{
    struct cookie_stream *c = fp ? cookie_of(fp) : NULL;
    if (!c)
        return (fflush)(fp);
    return c->error ? EOF : 0; /* nothing is kept: written at once */
}

int kaiji_win_ferror(FILE *fp)
{
    struct cookie_stream *c = cookie_of(fp);
    return c ? c->error : (ferror)(fp);
}

int kaiji_win_setvbuf(FILE *fp, char *buf, int mode, size_t size)
{
    return cookie_of(fp) ? 0 : (setvbuf)(fp, buf, mode, size);
}

/* A stream made of functions, closed: its close function, then its FILE
 * on NUL; -1 when fp is not one. */
static int cookie_close(FILE *fp)
{
    struct cookie_stream *c = cookie_of(fp);
    if (!c)
        return -1;
    int rc = c->io.close ? c->io.close(c->cookie) : 0;
    if (std_out == fp)
        std_out = NULL;
    if (std_err == fp)
        std_err = NULL;
    c->fp = NULL;
    (fclose)(fp);
    return rc == 0 && !c->error ? 0 : EOF;
}

/* ---- platform/platform.h ---- */

bool kaiji_platform_set_std_streams(FILE *out, FILE *err)
{
    std_out = out;
    std_err = err;
    return true;
}

void kaiji_platform_open_url(const char *url)
{
    wchar_t *w = to_wide(url);
    if (w)
        ShellExecuteW(NULL, L"open", w, NULL, NULL, SW_SHOWNORMAL);
    free(w);
}

long long kaiji_platform_mtime_ns(const struct stat *st)
{
    return (long long)st->st_mtime * 1000000000LL;
}

/* The volume and index of the file at path (its identity); false when it
 * cannot be opened. */
static bool file_id(const char *path, BY_HANDLE_FILE_INFORMATION *info)
{
    wchar_t *w = wide_path(path);
    if (!w)
        return false;
    HANDLE h = CreateFileW(w, FILE_READ_ATTRIBUTES,
                           FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL,
                           OPEN_EXISTING, FILE_FLAG_BACKUP_SEMANTICS, NULL);
    free(w);
    if (h == INVALID_HANDLE_VALUE)
        return false;
    bool ok = GetFileInformationByHandle(h, info) != 0;
    CloseHandle(h);
    return ok;
}

bool kaiji_platform_same_file(const char *a, const struct stat *sa, const char *b,
                              const struct stat *sb)
{
    BY_HANDLE_FILE_INFORMATION ia, ib;
    (void)sa;
    (void)sb;
    return file_id(a, &ia) && file_id(b, &ib) &&
           ia.dwVolumeSerialNumber == ib.dwVolumeSerialNumber &&
           ia.nFileIndexHigh == ib.nFileIndexHigh && ia.nFileIndexLow == ib.nFileIndexLow;
}

/* ---- a thread's language ---- */

/* The largest message catalog read (kaiji's is about 300 KiB). */
#define MO_MAX (16u * 1024u * 1024u)

/* One language a thread may choose: English (the msgids), or Japanese
 * from the catalog mo (NULL: none was found, the process's language). */
typedef struct win_lang {
    bool english;
    const char *domain;
    const unsigned char *mo;
    uint32_t count, originals, translations; /* the .mo file's header */
} win_lang;

struct kaiji_langs {
    win_lang ja, en;
    char *domain;
    unsigned char *mo;
    size_t mo_size;
};

/* The calling thread's choice, or NULL: the process's language. */
static _Thread_local const win_lang *thread_lang;

static uint32_t mo_u32(const kaiji_langs *l, size_t at)
{
    const unsigned char *p = l->mo + at;
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* Whether the string table entry at `at` (length, offset) lies within the
 * catalog, its string ended by a NUL. */
static bool mo_entry_ok(const kaiji_langs *l, size_t at)
{
    size_t len = mo_u32(l, at), off = mo_u32(l, at + 4);
    return off < l->mo_size && len < l->mo_size - off && l->mo[off + len] == '\0';
}

/* Reads GNU gettext's catalog of domain for Japanese (DIR\ja\LC_MESSAGES\
 * domain.mo, DIR as bindtextdomain was given it) into l; nothing when it is
 * missing or not a little-endian .mo file whose tables lie within it. */
static void mo_load(kaiji_langs *l, const char *domain)
{
    const wchar_t *dir = libintl_wbindtextdomain(domain, NULL);
    wchar_t *wdomain = to_wide(domain), *path = NULL;
    FILE *fp = NULL;
    if (!dir || !wdomain)
        goto done;
    size_t n = wcslen(dir) + wcslen(wdomain) + 32;
    if (!(path = malloc(n * sizeof *path)))
        goto done;
    _snwprintf(path, n, L"%ls\\ja\\LC_MESSAGES\\%ls.mo", dir, wdomain);
    path[n - 1] = L'\0';
    if (!(fp = _wfopen(path, L"rb")) || fseek(fp, 0, SEEK_END) != 0)
        goto done;
    long size = ftell(fp);
    if (size < 28 || (unsigned long)size > MO_MAX || fseek(fp, 0, SEEK_SET) != 0 ||
        !(l->mo = malloc((size_t)size)) || fread(l->mo, 1, (size_t)size, fp) != (size_t)size)
        goto fail;
    l->mo_size = (size_t)size;
    uint32_t count = mo_u32(l, 8), orig = mo_u32(l, 12), trans = mo_u32(l, 16);
    if (mo_u32(l, 0) != 0x950412deu || count > l->mo_size / 16 || orig > l->mo_size ||
        trans > l->mo_size || (size_t)count * 8 > l->mo_size - orig ||
        (size_t)count * 8 > l->mo_size - trans)
        goto fail;
    for (uint32_t i = 0; i < count; i++)
        if (!mo_entry_ok(l, orig + (size_t)i * 8) || !mo_entry_ok(l, trans + (size_t)i * 8))
            goto fail;
    l->ja.mo = l->mo;
    l->ja.count = count;
    l->ja.originals = orig;
    l->ja.translations = trans;
    goto done;
fail:
    free(l->mo);
    l->mo = NULL;
    l->mo_size = 0;
done:
    if (fp)
        fclose(fp);
    free(path);
    free(wdomain);
}

/* The translation of msgid in lang's catalog (its first form), or NULL:
 * the originals are sorted (msgfmt), so a binary search finds it. */
static const char *mo_find(const win_lang *lang, const char *msgid)
{
    const unsigned char *mo = lang->mo;
    size_t lo = 0, hi = lang->count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const unsigned char *e = mo + lang->originals + mid * 8;
        uint32_t off = (uint32_t)e[4] | (uint32_t)e[5] << 8 | (uint32_t)e[6] << 16 |
                       (uint32_t)e[7] << 24;
        int cmp = strcmp(msgid, (const char *)mo + off);
        if (cmp == 0) {
            const unsigned char *t = mo + lang->translations + mid * 8;
            uint32_t len = (uint32_t)t[0] | (uint32_t)t[1] << 8 | (uint32_t)t[2] << 16 |
                           (uint32_t)t[3] << 24;
            uint32_t at = (uint32_t)t[4] | (uint32_t)t[5] << 8 | (uint32_t)t[6] << 16 |
                          (uint32_t)t[7] << 24;
            return len ? (const char *)mo + at : NULL;
        }
        if (cmp < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return NULL;
}

bool kaiji_langs_new(kaiji_langs **out, const char *domain)
{
    kaiji_langs *l = calloc(1, sizeof *l);
    *out = NULL;
    if (!l || !(l->domain = strdup(domain))) {
        free(l);
        return false;
    }
    l->ja.domain = l->en.domain = l->domain;
    l->en.english = true;
    mo_load(l, domain);
    *out = l;
    return true;
}

void kaiji_langs_free(kaiji_langs *langs)
{
    if (!langs)
        return;
    free(langs->mo);
    free(langs->domain);
    free(langs);
}

kaiji_lang_saved kaiji_lang_begin(const kaiji_langs *langs, kaiji_lang lang)
{
    kaiji_lang_saved saved = {(void *)thread_lang, true};
    const win_lang *l = !langs ? NULL : lang == KAIJI_LANG_EN ? &langs->en : &langs->ja;
    if (l && !l->english && !l->mo)
        l = NULL; /* no Japanese catalog: the process's language */
    thread_lang = l;
    return saved;
}

void kaiji_lang_end(kaiji_lang_saved saved)
{
    if (saved.set)
        thread_lang = saved.was;
}

char *kaiji_win_dgettext(const char *domain, const char *msgid)
{
    const win_lang *l = thread_lang;
    const char *t;
    if (!l || strcmp(domain, l->domain) != 0)
        return libintl_dgettext(domain, msgid);
    if (!l->english && (t = mo_find(l, msgid)))
        return (char *)t;
    return (char *)msgid;
}

char *kaiji_win_dngettext(const char *domain, const char *msgid, const char *plural,
                          unsigned long n)
{
    const win_lang *l = thread_lang;
    const char *t;
    if (!l || strcmp(domain, l->domain) != 0)
        return libintl_dngettext(domain, msgid, plural, n);
    /* Japanese has one form (nplurals=1), the first */
    if (!l->english && (t = mo_find(l, msgid)))
        return (char *)t;
    return (char *)(n == 1 ? msgid : plural);
}

/* Signalled by the console's Ctrl+C, Ctrl+Break or closing. */
static HANDLE stop_event;

static BOOL WINAPI stop_handler(DWORD type)
{
    (void)type;
    SetEvent(stop_event);
    return TRUE; /* the process is not ended here: the waiter stops it */
}

bool kaiji_platform_stop_prepare(void)
{
    if (!stop_event && !(stop_event = CreateEventW(NULL, TRUE, FALSE, NULL)))
        return false;
    return SetConsoleCtrlHandler(stop_handler, TRUE) != 0;
}

void kaiji_platform_wait_for_stop(void)
{
    if (stop_event)
        WaitForSingleObject(stop_event, INFINITE);
    else
        Sleep(INFINITE);
}

/* ---- streams into memory ---- */

/* The open memory streams: each FILE and where fclose hands its bytes. */
struct memstream {
    FILE *fp;
    char **buf;
    size_t *size;
    struct memstream *next;
};
static struct memstream *memstreams;
static SRWLOCK memstreams_lock = SRWLOCK_INIT;

FILE *kaiji_win_open_memstream(char **buf, size_t *size)
{
    wchar_t dir[MAX_PATH + 1], name[MAX_PATH + 1];
    struct memstream *m = calloc(1, sizeof *m);
    DWORD n = GetTempPathW(MAX_PATH + 1, dir);
    if (!m || n == 0 || n > MAX_PATH || GetTempFileNameW(dir, L"kji", 0, name) == 0) {
        free(m);
        errno = ENOMEM;
        return NULL;
    }
    /* T: kept in memory while it fits; D: deleted when closed. */
    if (!(m->fp = _wfopen(name, L"w+bTD"))) {
        DeleteFileW(name);
        free(m);
        return NULL;
    }
    m->buf = buf;
    m->size = size;
    *buf = NULL;
    *size = 0;
    AcquireSRWLockExclusive(&memstreams_lock);
    m->next = memstreams;
    memstreams = m;
    ReleaseSRWLockExclusive(&memstreams_lock);
    return m->fp;
}

int kaiji_win_fclose(FILE *fp)
{
    struct memstream *m = NULL;
    AcquireSRWLockExclusive(&memstreams_lock);
    for (struct memstream **p = &memstreams; *p; p = &(*p)->next)
        if ((*p)->fp == fp) {
            m = *p;
            *p = m->next;
            break;
        }
    ReleaseSRWLockExclusive(&memstreams_lock);
    if (!m) {
        int rc = cookie_close(fp);
        return rc != -1 ? rc : (fclose)(fp);
    }
    int rc = 0;
    long long len = -1;
    char *bytes = NULL;
    if (fflush(fp) != 0 || _fseeki64(fp, 0, SEEK_END) != 0 || (len = _ftelli64(fp)) < 0 ||
        !(bytes = malloc((size_t)len + 1)) || _fseeki64(fp, 0, SEEK_SET) != 0 ||
        fread(bytes, 1, (size_t)len, fp) != (size_t)len) {
        free(bytes);
        bytes = NULL;
        rc = EOF;
        errno = ENOMEM;
    } else {
        bytes[len] = '\0';
        *m->buf = bytes;
        *m->size = (size_t)len;
    }
    if ((fclose)(fp) != 0)
        rc = EOF;
    free(m);
    return rc;
}

/* ---- the start of the command ---- */

/* The report of a folder dropped on kaiji.exe, opened when the command ends. */
static wchar_t *dropped_report;

static void open_dropped_report(void)
{
    struct _stat64 st;
    fflush(kaiji_win_c_stdout());
    if (dropped_report && _wstat64(dropped_report, &st) == 0 && st.st_size > 0)
        ShellExecuteW(NULL, L"open", dropped_report, NULL, NULL, SW_SHOWNORMAL);
}

/* A folder dropped on kaiji.exe (Explorer starts it with the folder's
 * absolute path alone): the command becomes validate --format html FOLDER,
 * its output 確認結果.html beside the folder, opened in the browser at the
 * end (as 開示書をチェック.bat does).  False when args are not that. */
static bool dropped_folder(int *argc, char ***argv)
{
    char **args = *argv, *dir = *argc == 2 ? args[1] : NULL;
    struct stat st;
    if (!dir || !((((dir[0] | 0x20) >= 'a' && (dir[0] | 0x20) <= 'z') && dir[1] == ':' &&
                   (dir[2] == '\\' || dir[2] == '/')) ||
                  (dir[0] == '\\' && dir[1] == '\\')))
        return false;
    if (kaiji_win_stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
        return false;
    size_t n = strlen(dir);
    while (n > 3 && (dir[n - 1] == '\\' || dir[n - 1] == '/'))
        dir[--n] = '\0';
    char *cut = NULL;
    for (char *p = dir; *p; p++)
        if (*p == '\\' || *p == '/')
            cut = p;
    if (!cut)
        return false;
    char *report = malloc((size_t)(cut - dir) + sizeof "確認結果.html" + 1);
    char **nargs = calloc(6, sizeof *nargs);
    if (!report || !nargs) {
        free(report);
        free(nargs);
        return false;
    }
    memcpy(report, dir, (size_t)(cut - dir) + 1);
    strcpy(report + (cut - dir) + 1, "確認結果.html");
    dropped_report = wide_path(report);
    free(report);
    if (!dropped_report || !_wfreopen(dropped_report, L"wb", kaiji_win_c_stdout())) {
        free(nargs);
        return false;
    }
    nargs[0] = args[0];
    nargs[1] = (char *)"validate";
    nargs[2] = (char *)"--format";
    nargs[3] = (char *)"html";
    nargs[4] = dir;
    *argc = 5;
    *argv = nargs;
    atexit(open_dropped_report);
    return true;
}

void kaiji_win_startup(int *argc, char ***argv)
{
    SetConsoleOutputCP(CP_UTF8);
    SetConsoleCP(CP_UTF8);
    _setmode(0, _O_BINARY);
    _setmode(1, _O_BINARY);
    _setmode(2, _O_BINARY);
    _fmode = _O_BINARY;

    int n = 0;
    wchar_t **wargv = CommandLineToArgvW(GetCommandLineW(), &n);
    if (wargv && n > 0) {
        char **args = calloc((size_t)n + 1, sizeof *args);
        bool ok = args != NULL;
        for (int i = 0; ok && i < n; i++)
            ok = (args[i] = to_utf8(wargv[i])) != NULL;
        if (ok) {
            *argc = n;
            *argv = args;
        }
        LocalFree(wargv);
    }
    dropped_folder(argc, argv);
    /* The progress bar draws with VT escapes, which a Windows console shows
     * as they are unless told otherwise: no bar (as on a dumb terminal). */
    if (!kaiji_win_getenv("TERM"))
        kaiji_win_setenv("TERM", "dumb", 1);
    /* Temporary files and folders: %TEMP% (GetTempPath), as TMPDIR. */
    wchar_t tmp[MAX_PATH + 1];
    DWORD tn = GetTempPathW(MAX_PATH + 1, tmp);
    if (!kaiji_win_getenv("TMPDIR") && tn > 1 && tn <= MAX_PATH) {
        tmp[tn - 1] = L'\0'; /* without its final \ */
        char *t = to_utf8(tmp);
        if (t)
            kaiji_win_setenv("TMPDIR", t, 1);
        free(t);
    }
    /* The configuration: %APPDATA%\kaiji\config. */
    const char *appdata = kaiji_win_getenv("APPDATA");
    if (appdata && *appdata && !kaiji_win_getenv("XDG_CONFIG_HOME"))
        kaiji_win_setenv("XDG_CONFIG_HOME", appdata, 1);
}
