/*
 * server/watch.h - kaiji serve's watched folder (--watch DIR): the folder
 * where Outlook saves attachments.  Each file that appears there, or under
 * its sub-folders, is taken into the store by the same ingest as the upload
 * page and kaiji ingest (ZIP archives opened, lock and temporary files
 * skipped, by parser/inputs.h), with a line in the audit log (actor
 * "watch"), and shows on the dashboard without anyone pressing a button.
 *
 * A file is taken in once it is whole: its size and modification time the
 * same at two looks in a row.  A file taken in before is not taken in
 * again: the store remembers each by its path under the folder, size and
 * modification time, and by the SHA-256 of its bytes (store/watch.h), so a
 * restart takes nothing in twice; a file changed under the same name is
 * new, and taken in.  A folder that vanishes or cannot be read is said on
 * the dashboard and in the log, and looked at again at the next turn.
 *
 * Threads: the watcher looks from a thread of its own (kaiji_watch_start),
 * by polling: plain POSIX, no inotify.  Its state is behind a mutex.
 */
#ifndef KAIJI_SERVER_WATCH_H
#define KAIJI_SERVER_WATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <time.h>

#include "kaiji.h"

/* How long between two looks at the folder by default, in milliseconds. */
#define KAIJI_WATCH_INTERVAL_MS 2000u
/* How many of the last files taken in the dashboard is told of. */
#define KAIJI_WATCH_RECENT 10

typedef struct kaiji_watch_options {
    const char *dir;                 /* required: the folder (copied) */
    const char *db_path;             /* required: the store (copied) */
    const char *site;                /* the site it records into, or NULL: the default (copied) */
    const kaiji_catalogs *catalogs;  /* required; must outlive the watcher */
    const char *target_guideline;    /* NULL: "6.0" (copied) */
    kaiji_date as_of;                /* year 0: today */
    unsigned interval_ms;            /* 0: KAIJI_WATCH_INTERVAL_MS */
    FILE *log;                       /* where what happens is said; NULL: nowhere */
} kaiji_watch_options;

void kaiji_watch_options_init(kaiji_watch_options *opts);

/* What is wrong with the folder at the last look. */
typedef enum kaiji_watch_problem {
    KAIJI_WATCH_OK = 0,
    KAIJI_WATCH_MISSING,      /* no such folder (it vanished, or a drive is not there) */
    KAIJI_WATCH_NOT_FOLDER,   /* it is a file, not a folder */
    KAIJI_WATCH_UNREADABLE,   /* it cannot be opened (permissions) */
    KAIJI_WATCH_STORE         /* the store could not be opened or written */
} kaiji_watch_problem;

/* What became of one file. */
typedef enum kaiji_watch_outcome {
    KAIJI_WATCH_TAKEN = 0,    /* recorded (linked or not) */
    KAIJI_WATCH_DUPLICATE,    /* its bytes were received before: nothing changed */
    KAIJI_WATCH_NOT_READ      /* a not-read record, or it could not be read */
} kaiji_watch_outcome;

typedef struct kaiji_watch_event {
    time_t at;
    char *name;               /* under the folder, shown form ("sub/a.zip!/mds.xlsx") */
    kaiji_watch_outcome outcome;
    kaiji_kind kind;          /* TAKEN, DUPLICATE */
    kaiji_status status;
    char *contracts;          /* the contracts linked, space-separated, or "" */
    bool not_disclosure;
    const char *reason;       /* NOT_READ: a not-read code (parser/inputs.h) or NULL */
    char *detail;             /* NOT_READ: what the reader said, or "" */
} kaiji_watch_event;

/* A copy of the watcher's state, for a page. */
typedef struct kaiji_watch_state {
    char *dir;
    time_t last_look;         /* 0: not looked yet */
    kaiji_watch_problem problem;
    int problem_errno;
    size_t taken;             /* files taken in since the start */
    size_t waiting;           /* files still being written (changed since the last look) */
    size_t folders_unreadable; /* sub-folders that could not be opened at the last look */
    kaiji_watch_event recent[KAIJI_WATCH_RECENT]; /* newest first */
    size_t recent_count;
} kaiji_watch_state;

void kaiji_watch_state_free(kaiji_watch_state *state);

typedef struct kaiji_watch kaiji_watch;

/* A watcher of opts->dir (opts copied), not yet looking, in *out.
 * KAIJI_ERROR_INVALID when a required option is missing. */
int kaiji_watch_new(kaiji_watch **out, const kaiji_watch_options *opts);

/* Starts its thread: a look at once, then one every interval.
 * KAIJI_ERROR_NOMEM when no thread can be made. */
int kaiji_watch_start(kaiji_watch *w);

/* One look, in the calling thread (the watcher's thread waits meanwhile).
 * KAIJI_OK, or the store's failure (also in the state's problem). */
int kaiji_watch_poll(kaiji_watch *w);

/* How many looks have been made. */
unsigned long kaiji_watch_looks(kaiji_watch *w);

/* A copy of the state in *out (free it with kaiji_watch_state_free);
 * false when memory ran out (*out then empty). */
bool kaiji_watch_state_get(kaiji_watch_state *out, kaiji_watch *w);

/* Stops the thread (waiting for a look under way) and frees w; NULL-safe. */
void kaiji_watch_free(kaiji_watch *w);

#endif
