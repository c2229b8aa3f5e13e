/*
 * tests/support/hostile.h - what the hostile corpus (tests/test_hostile_*.c
 * and tests/large/test_hostile_large.c) needs to build hostile inputs in
 * code and to watch the kaiji command read them: the bounds it asserts,
 * reading in process and expecting a refusal, running
 * build/kaiji in a child with a wall-clock limit and measuring its peak
 * memory, caching big generated inputs on disk once for all test processes,
 * patching ZIP headers so that they lie, and a loopback listener that counts
 * connection attempts.
 */
#ifndef KAIJI_TEST_HOSTILE_H
#define KAIJI_TEST_HOSTILE_H

#include <stddef.h>
#include <stdint.h>

#include "kaiji.h"

/* 1 when this build runs under AddressSanitizer: the children are then
 * ASan builds too, slower and bigger, and the bounds are relaxed. */
#if defined(__SANITIZE_ADDRESS__)
#define H_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define H_SANITIZED 1
#endif
#endif
#ifndef H_SANITIZED
#define H_SANITIZED 0
#endif

/* ---- bounds ---------------------------------------------------------------
 * Stated here and in tests/hostile/README.md.  Under ASan (make asan) the
 * child is an ASan build: its shadow memory and quarantine raise the RSS, its
 * checks slow it down, so the bounds are relaxed there. */
#define H_BIG_TIMEOUT_S  (H_SANITIZED ? 300u : 60u)   /* alarm() on a big child run */
#define H_BIG_SECONDS    (H_SANITIZED ? 120.0 : 30.0) /* asserted wall clock */
#define H_CAP_RSS_MIB    (H_SANITIZED ? 300L : 200L)  /* a run that meets the 256 MiB cap */
#define H_BIG_RSS_MIB    (H_SANITIZED ? 1536L : 512L) /* a million rows / strings */
#define H_SMALL_RSS_MIB  (H_SANITIZED ? 400L : 64L)   /* small hostile files */
#define H_QUICK_SECONDS  (H_SANITIZED ? 20.0 : 2.0)   /* one in-process read */

/* The monotonic clock, in seconds. */
double h_seconds(void);

/* Reads len bytes named name with the default limits, or lim; aborts the
 * test when the read fails (a refusal is a document, not a failure). */
kaiji_document *h_read_mem(const void *data, size_t len, const char *name,
                           const kaiji_limits *lim);

/* Reads and frees, asserting the refusal with code (t_expect_refused) and
 * that it took < H_QUICK_SECONDS. */
void h_expect_mem(const void *data, size_t len, const char *name, const kaiji_limits *lim,
                  const char *code);

/* Runs validate --format json on the file at path (what names it in
 * messages) and checks its output holds expect, within H_BIG_SECONDS and
 * rss_mib of peak memory; prints a MEASURE line on stderr. */
void h_run_within(const char *path, const char *what, const char *expect, long rss_mib);

/* Writes data into dir/name; returns the path (static buffer of the thread). */
const char *h_put(const char *dir, const char *name, const void *data, size_t len);

/* A worksheet part whose sheetData holds n bytes of blocks of spaces around
 * empty elements, a few random letters per KiB when noisy (≈ 70:1
 * deflated), none when not (≈ 1000:1).  malloc'd. */
char *h_bomb_sheet(size_t n, int noisy);

/* The bytes of an XLSX whose only sheet part is sheet (a whole part). */
unsigned char *h_xlsx_of_sheet(const char *sheet, size_t *len);

/* What a child run of build/kaiji did. */
typedef struct h_run {
    int exit_code;    /* its exit status, -1 when a signal ended it */
    int signal;       /* the signal that ended it, 0 when none */
    double seconds;   /* wall clock from fork to exit */
    long maxrss_kib;  /* the child's peak resident set (wait4 ru_maxrss), KiB */
    char *out;        /* all it wrote to stdout, NUL-terminated, malloc'd */
    size_t out_len;
    char *err;        /* all it wrote to stderr */
    size_t err_len;
} h_run;

/*
 * Runs build/kaiji with the NULL-terminated arguments args (after the
 * program name) in a child process that SIGALRM ends after timeout_s seconds;
 * fills *out.  The caller frees it with h_run_free().  Aborts the test when
 * the child cannot be started.
 */
void h_kaiji(h_run *out, unsigned timeout_s, const char *const *args);
void h_run_free(h_run *r); /* NULL-safe; frees out and err */

/* Fills n bytes at buf from a deterministic generator seeded with *state. */
void h_random(unsigned char *buf, size_t n, uint64_t *state);

/*
 * Writes into path (a file the callback creates) what make builds.  Called
 * at most once per cache key in a build tree: the result is kept in
 * build/tmp/hostile-cache/<key> and later calls, from any process, reuse it.
 * Returns that path, malloc'd.
 */
typedef void (*h_maker)(const char *path);
char *h_cached(const char *key, h_maker make);

/*
 * Produces a part's text in pieces: writes up to cap bytes into buf, returns
 * how many (0 at the end).  *state starts at 0 and is the generator's own.
 */
typedef size_t (*h_gen)(char *buf, size_t cap, uint64_t *state);

/*
 * Writes to path an XLSX of one sheet "Sheet1" whose worksheet part (and,
 * when sst is not NULL, shared-strings part) is the whole output of the
 * generator, deflated at the given zlib level (1..9) by libzip.  The parts
 * are spooled through a temporary file, never held in memory.
 */
void h_xlsx_generated(const char *path, h_gen sheet, h_gen sst, int level);

/* The text of the part named part of the XLSX file at src, malloc'd and
 * NUL-terminated; *len its size.  Aborts the test when there is none. */
char *h_xlsx_part(const char *src, const char *part, size_t *len);

/* A copy of the XLSX file at src whose part named part holds the text_len
 * bytes at text instead.  malloc'd; *len its size. */
unsigned char *h_xlsx_with_part(const char *src, const char *part, const char *text,
                                size_t text_len, size_t *len);

/* The first occurrence of from in text replaced by to; "" for from puts to
 * after the XML declaration (or at the start when there is none).  malloc'd. */
char *h_replace(const char *text, size_t len, const char *from, const char *to,
                size_t *out_len);

/* Which headers of an entry h_zip_set_sizes() changes. */
enum { H_LOCAL = 1, H_CENTRAL = 2 };

/*
 * Overwrites the compressed and uncompressed sizes recorded for the entry
 * name in the ZIP at data: in its local header, its central directory
 * record, or both (where).  Aborts the test when there is no such entry.
 */
void h_zip_set_sizes(unsigned char *data, size_t len, const char *name, int where,
                     uint32_t comp, uint32_t uncomp);

/* The compressed size the central directory records for the entry name. */
uint32_t h_zip_comp_size(unsigned char *data, size_t len, const char *name);

/* Makes the central directory record of the entry name point at the local
 * header (and so the data) of the entry target: two parts, one body. */
void h_zip_share_data(unsigned char *data, size_t len, const char *name,
                      const char *target);

/* A TCP listener on 127.0.0.1, an ephemeral port, that never answers. */
typedef struct h_listener {
    int fd;
    int port;
} h_listener;

void h_listen(h_listener *out);
/* How many connections have been made to it so far (accepted and closed). */
int h_connections(h_listener *l);
void h_listen_close(h_listener *l);

/* true when the len bytes at s hold needle. */
int h_contains(const char *s, size_t len, const char *needle);

#endif
