/*
 * cli/safeout.c - the command's text on standard output and standard error
 * goes through one filter: whatever a document, a file name or the register
 * holds (ESC, C1 controls, CR, backspace, bidi overrides, bytes that are not
 * UTF-8) is written in a visible form (\x1B, \u202E) instead of acting on
 * the terminal (kaiji_text_next_shown says what).  Machine formats (JSON,
 * CSV, HTML, the exchange format) are written to the raw stream instead, so
 * that they keep their bytes.
 *
 * glibc's fopencookie makes the filter a stream; a platform without it
 * needs another way to the same end.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "platform/platform.h"
#include "text/text.h"

typedef struct filter {
    FILE *to;
    char carry[4];   /* the start of a character cut by the last write */
    size_t carry_len;
} filter;

/* Writes len bytes of s to f->to, each character as kaiji_text_next_shown
 * shows it; keeps a cut character's start for the next write unless last. */
static void pass(filter *f, const char *s, size_t len, bool last)
{
    size_t start = 0, i = 0;
    while (i < len) {
        char esc[KAIJI_TEXT_ESC_MAX];
        bool partial;
        size_t n = kaiji_text_next_shown(s + i, len - i, esc, &partial);
        if (partial) {
            if (!last) {
                fwrite(s + start, 1, i - start, f->to);
                memcpy(f->carry, s + i, len - i);
                f->carry_len = len - i;
                return;
            }
            /* The stream ends inside a character: show its bytes. */
            snprintf(esc, sizeof esc, "\\x%02X", (unsigned char)s[i]);
            n = 1;
        }
        if (esc[0]) {
            fwrite(s + start, 1, i - start, f->to);
            fputs(esc, f->to);
            start = i + n;
        }
        i += n;
    }
    fwrite(s + start, 1, len - start, f->to);
}

static ssize_t filter_write(void *cookie, const char *buf, size_t size)
{
    filter *f = cookie;
    size_t used = 0;
    /* Complete a character cut by the last write, byte by byte. */
    while (f->carry_len && used < size) {
        f->carry[f->carry_len++] = buf[used++];
        char esc[KAIJI_TEXT_ESC_MAX];
        bool partial;
        kaiji_text_next_shown(f->carry, f->carry_len, esc, &partial);
        if (!partial || f->carry_len == sizeof f->carry) {
            size_t n = f->carry_len;
            f->carry_len = 0;
            pass(f, f->carry, n, true);
        }
    }
    pass(f, buf + used, size - used, false);
    return ferror(f->to) ? -1 : (ssize_t)size;
}

static int filter_close(void *cookie)
{
    filter *f = cookie;
    if (f->carry_len)
        pass(f, f->carry, f->carry_len, true);
    f->carry_len = 0;
    return fflush(f->to) == 0 ? 0 : EOF;
}

/* The streams the filters write to, and the filters themselves; set once,
 * before any thread starts, and never changed after. */
static FILE *raw_out, *raw_err;
static filter out_filter, err_filter;

void cli_safe_streams(void)
{
    static const cookie_io_functions_t io = {.write = filter_write, .close = filter_close};
    FILE *o, *e;
    if (raw_out)
        return;
    raw_out = stdout;
    raw_err = stderr;
    out_filter.to = raw_out;
    err_filter.to = raw_err;
    o = fopencookie(&out_filter, "w", io);
    e = fopencookie(&err_filter, "w", io);
    if (!o || !e) {
        if (o)
            fclose(o);
        if (e)
            fclose(e);
        return; /* no filter rather than no output */
    }
    /* Standard error stays unbuffered, as it was; standard output keeps its
     * line buffering on a terminal so that text and the progress bar (which
     * writes to the descriptor) do not overtake each other. */
    setvbuf(e, NULL, _IONBF, 0);
    if (isatty(fileno(raw_out)))
        setvbuf(o, NULL, _IOLBF, 0);
    kaiji_platform_set_std_streams(o, e);
}

FILE *cli_raw_stdout(void)
{
    return raw_out ? raw_out : stdout;
}
