/*
 * cli/progress.c - a progress bar on standard error, only on a terminal.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>
#include <utf8proc.h>

#include "cli/progress.h"
#include "text/text.h"
#include "kaiji.h"

enum {
    BAR_COLUMNS = 20,       /* the bar's inside, when there is room */
    NAME_MIN_COLUMNS = 12,  /* the bar shrinks to leave the name this much */
    MAX_WIDTH = 1000,       /* wider terminals are drawn as if this wide */
    REDRAW_NS = 100000000,  /* 100 ms between drawings */
};

static const char ERASE[] = "\r\033[K";

struct cli_progress {
    int fd;
    size_t total;
    bool shown;       /* the bar is on the screen now */
    bool stdout_tty;  /* standard output shares the screen: hide before it */
    bool broken;      /* a write failed: draw no more */
    bool drawn;       /* last holds the time of a drawing */
    struct timespec last;
};

/* One character of a file name as shown: the bytes to print (a '?' for
 * what kaiji_text_next_shown keeps off a terminal: a control or format
 * character, invalid UTF-8), its columns, and how many bytes of the name it
 * took.  (Elsewhere such a character is escaped; a bar has no room.) */
typedef struct shown_char {
    const char *bytes;
    size_t len, used;
    int columns;
} shown_char;

static shown_char next_char(const char *s, size_t left)
{
    shown_char c = {"?", 1, 1, 1};
    char esc[KAIJI_TEXT_ESC_MAX];
    bool partial;
    size_t n = kaiji_text_next_shown(s, left, esc, &partial);
    if (partial || n == 0 || esc[0] || *s == '\n' || *s == '\t') {
        c.used = n ? n : left;
        return c;
    }
    utf8proc_int32_t cp;
    utf8proc_iterate((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &cp);
    c.bytes = s;
    c.len = n;
    c.used = n;
    c.columns = utf8proc_charwidth(cp);
    return c;
}

/* The columns name takes on a terminal, as next_char() shows it. */
static size_t name_columns(const char *name)
{
    size_t cols = 0, left = strlen(name);
    while (left > 0) {
        shown_char c = next_char(name, left);
        cols += (size_t)c.columns;
        name += c.used;
        left -= c.used;
    }
    return cols;
}

/* Appends len bytes to out[*pos..cap-1] when they fit with the NUL. */
static bool put(char *out, size_t cap, size_t *pos, const char *s, size_t len)
{
    if (*pos + len >= cap)
        return false;
    memcpy(out + *pos, s, len);
    *pos += len;
    out[*pos] = '\0';
    return true;
}

/* Appends the end of name that fits in room columns, after "..." when cut. */
static void put_name(char *out, size_t cap, size_t *pos, const char *name, size_t room)
{
    size_t cols = name_columns(name), left = strlen(name);
    if (cols > room) {
        if (room < 4)
            return;
        if (!put(out, cap, pos, "...", 3))
            return;
        /* Drop characters from the front until the rest fits after "...". */
        while (left > 0 && cols > room - 3) {
            shown_char c = next_char(name, left);
            cols -= (size_t)c.columns;
            name += c.used;
            left -= c.used;
        }
    }
    while (left > 0) {
        shown_char c = next_char(name, left);
        if (!put(out, cap, pos, c.bytes, c.len))
            return;
        name += c.used;
        left -= c.used;
    }
}

size_t cli_progress_format(char *out, size_t cap, size_t done, size_t total,
                           const char *name, int width)
{
    char count[64];
    size_t pos = 0, avail, used;

    out[0] = '\0';
    if (width > MAX_WIDTH)
        width = MAX_WIDTH;
    avail = width > 1 ? (size_t)width - 1 : 0;
    if (done > total)
        done = total;
    int digits = snprintf(count, sizeof count, "%zu", total);
    int n = snprintf(count, sizeof count, "%*zu/%zu", digits, done, total);
    used = (size_t)n < avail ? (size_t)n : avail;
    put(out, cap, &pos, count, used);

    /* The bar: [####....], narrower to leave the name some room. */
    size_t bar = BAR_COLUMNS;
    if (used + 3 + bar + 1 + NAME_MIN_COLUMNS > avail)
        bar = avail > used + 3 + 1 + NAME_MIN_COLUMNS ? avail - used - 3 - 1 - NAME_MIN_COLUMNS : 0;
    if (bar >= 5) {
        size_t filled = total ? (size_t)((double)bar * (double)done / (double)total) : 0;
        put(out, cap, &pos, " [", 2);
        for (size_t i = 0; i < bar; i++)
            put(out, cap, &pos, i < filled ? "#" : ".", 1);
        put(out, cap, &pos, "]", 1);
        used += bar + 3;
    }
    if (name && *name && used + 1 < avail) {
        put(out, cap, &pos, " ", 1);
        put_name(out, cap, &pos, name, avail - used - 1);
    }
    return pos;
}

/* Writes len bytes of s to p's terminal; on failure stops drawing for good. */
static void emit(cli_progress *p, const char *s, size_t len)
{
    while (len > 0 && !p->broken) {
        ssize_t n = write(p->fd, s, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            p->broken = true;
            return;
        }
        s += n;
        len -= (size_t)n;
    }
}

/* The terminal's width in columns, 80 when it does not say. */
static int terminal_width(int fd)
{
    struct winsize ws;
    if (ioctl(fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
        return ws.ws_col;
    return 80;
}

int cli_progress_start(cli_progress **out, int fd, size_t total)
{
    const char *term = getenv("TERM");

    *out = NULL;
    if (total == 0 || !isatty(fd) || (term && strcmp(term, "dumb") == 0))
        return KAIJI_OK;
    cli_progress *p = calloc(1, sizeof *p);
    if (!p)
        return KAIJI_ERROR_NOMEM;
    p->fd = fd;
    p->total = total;
    p->stdout_tty = isatty(STDOUT_FILENO);
    *out = p;
    return KAIJI_OK;
}

void cli_progress_update(cli_progress *p, size_t done, const char *name)
{
    char line[MAX_WIDTH * 4 + 64];
    struct timespec now;

    if (!p || p->broken)
        return;
    clock_gettime(CLOCK_MONOTONIC, &now);
    if (p->drawn) {
        long long ns = (long long)(now.tv_sec - p->last.tv_sec) * 1000000000LL +
                       (now.tv_nsec - p->last.tv_nsec);
        if (ns < REDRAW_NS)
            return;
    }
    if (p->stdout_tty)
        fflush(stdout);
    line[0] = '\r';
    size_t len = 1 + cli_progress_format(line + 1, sizeof line - 1 - (sizeof ERASE - 1), done,
                                         p->total, name, terminal_width(p->fd));
    memcpy(line + len, "\033[K", 3);
    emit(p, line, len + 3);
    p->shown = true;
    p->drawn = true;
    p->last = now;
}

void cli_progress_hide(cli_progress *p)
{
    if (!p || !p->shown || !p->stdout_tty)
        return;
    emit(p, ERASE, sizeof ERASE - 1);
    p->shown = false;
}

void cli_progress_free(cli_progress *p)
{
    if (!p)
        return;
    if (p->shown)
        emit(p, ERASE, sizeof ERASE - 1);
    free(p);
}
