/*
 * tests/test_progress.c - the progress bar of long batches: the line it
 * draws (cli_progress_format), and kaiji validate / ingest run with standard
 * error on a pseudo-terminal (bar shown) and on a pipe (nothing), with the
 * same standard output either way.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <pty.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>
#include <utf8proc.h>

#include "cli/progress.h"
#include "support/store.h"
#include "support/support.h"

/* The columns s takes on a terminal (each byte of invalid UTF-8 one). */
static size_t columns(const char *s)
{
    size_t cols = 0, left = strlen(s);
    while (left > 0) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)left, &cp);
        if (n <= 0) {
            cols++;
            n = 1;
        } else {
            cols += (size_t)utf8proc_charwidth(cp);
        }
        s += n;
        left -= (size_t)n;
    }
    return cols;
}

static bool ends_with(const char *s, const char *tail)
{
    size_t a = strlen(s), b = strlen(tail);
    return a >= b && strcmp(s + a - b, tail) == 0;
}

Test(progress_line, shows_the_count_a_bar_and_the_file_name)
{
    char line[512];
    cli_progress_format(line, sizeof line, 10, 20, "samples/a.xlsx", 80);
    cr_assert_str_eq(line, "10/20 [##########..........] samples/a.xlsx");
    cli_progress_format(line, sizeof line, 3, 120, "b.json", 80);
    cr_assert_str_eq(line, "  3/120 [....................] b.json");
    cli_progress_format(line, sizeof line, 120, 120, "b.json", 80);
    cr_assert_str_eq(line, "120/120 [####################] b.json");
}

Test(progress_line, cuts_a_long_name_from_the_front)
{
    char line[512];
    const char *name = "samples/a-very-long-folder-name/another-long-folder/vendor-r7-final.xlsx";
    cli_progress_format(line, sizeof line, 1, 9, name, 60);
    cr_assert_leq(columns(line), 59, "too wide: %s", line);
    cr_assert(ends_with(line, "vendor-r7-final.xlsx"), "the end of the name is kept: %s", line);
    cr_assert_not_null(strstr(line, "] ..."), "the cut is marked: %s", line);
}

Test(progress_line, counts_japanese_characters_as_two_columns)
{
    char line[512];
    const char *name = "提出書類/架空メディカルシステムズ株式会社/医療情報セキュリティ開示書_第5版.xlsx";
    for (int width = 20; width <= 100; width += 7) {
        cli_progress_format(line, sizeof line, 5, 44, name, width);
        cr_assert_leq(columns(line), (size_t)width - 1, "width %d: %s", width, line);
    }
    cli_progress_format(line, sizeof line, 5, 44, name, 70);
    cr_assert(ends_with(line, "開示書_第5版.xlsx"), "%s", line);
}

Test(progress_line, fits_every_width_and_never_splits_a_character)
{
    char line[512];
    const char *name = "事業者確認用/チェックリスト-R7.xlsx";
    for (int width = 1; width <= 300; width++) {
        cli_progress_format(line, sizeof line, 7, 1000, name, width);
        size_t w = columns(line);
        cr_assert(w <= (size_t)(width > 1 ? width - 1 : 0), "width %d: %zu columns: %s", width, w, line);
        utf8proc_uint8_t *nfc = utf8proc_NFC((const utf8proc_uint8_t *)line);
        cr_assert_not_null(nfc, "width %d: broken UTF-8: %s", width, line);
        free(nfc);
    }
}

Test(progress_line, shows_control_characters_in_a_name_as_question_marks)
{
    char line[512];
    /* A hostile file name: clear screen, a newline, a bidi override, bad UTF-8. */
    cli_progress_format(line, sizeof line, 1, 2, "a\033[2J\nb\xe2\x80\xae" "c\xff.xlsx", 80);
    cr_assert_str_eq(line, "1/2 [##########..........] a?[2J?b?c?.xlsx");
}

Test(progress_line, keeps_within_a_small_buffer)
{
    char line[16];
    size_t n = cli_progress_format(line, sizeof line, 1, 2, "a-long-name-here.xlsx", 200);
    cr_assert_lt(n, sizeof line);
    cr_assert_eq(strlen(line), n);
}

/* What a run of kaiji printed: standard output, and what reached the
 * terminal (or the pipe) standard error was on. */
typedef struct run {
    char *out;
    char *err;
    int status;
} run;

static char *read_all(int fd)
{
    size_t len = 0, cap = 4096;
    char *buf = malloc(cap);
    cr_assert_not_null(buf);
    for (;;) {
        if (len + 1024 > cap) {
            cap *= 2;
            buf = realloc(buf, cap);
            cr_assert_not_null(buf);
        }
        ssize_t n = read(fd, buf + len, cap - len - 1);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) /* EIO once the terminal's other side has closed */
            break;
        len += (size_t)n;
    }
    buf[len] = '\0';
    return buf;
}

/*
 * Runs build/kaiji with args, standard output to a file (or, with
 * stdout_on_tty, to the same terminal), standard error to a pseudo-terminal
 * cols wide when pty, else to a pipe.
 */
static run run_kaiji(char *const args[], bool pty, bool stdout_on_tty, int cols, const char *db)
{
    run r = {0};
    char outpath[4200];
    snprintf(outpath, sizeof outpath, "%s/stdout", t_tmpdir());
    int outfd = open(outpath, O_RDWR | O_CREAT | O_TRUNC, 0600);
    cr_assert_geq(outfd, 0);
    int master = -1, slave = -1, pipefd[2] = {-1, -1};
    if (pty) {
        struct winsize ws = {.ws_row = 24, .ws_col = (unsigned short)cols};
        cr_assert_eq(openpty(&master, &slave, NULL, NULL, &ws), 0, "openpty: %s", strerror(errno));
    } else {
        cr_assert_eq(pipe(pipefd), 0);
    }
    char *argv[32] = {(char *)t_build("kaiji")};
    char bin[4200];
    snprintf(bin, sizeof bin, "%s", argv[0]);
    argv[0] = bin;
    size_t n = 1;
    for (; args[n - 1] && n < 31; n++)
        argv[n] = args[n - 1];
    argv[n] = NULL;

    pid_t pid = fork();
    cr_assert_geq(pid, 0);
    if (pid == 0) {
        int errfd = pty ? slave : pipefd[1];
        dup2(stdout_on_tty ? slave : outfd, 1);
        dup2(errfd, 2);
        if (master >= 0)
            close(master);
        if (pipefd[0] >= 0)
            close(pipefd[0]);
        if (db)
            setenv("KAIJI_DB", db, 1);
        unsetenv("TERM");
        execv(bin, argv);
        _exit(127);
    }
    if (pty)
        close(slave);
    else
        close(pipefd[1]);
    r.err = read_all(pty ? master : pipefd[0]);
    close(pty ? master : pipefd[0]);
    int ws;
    cr_assert_eq(waitpid(pid, &ws, 0), pid);
    r.status = WIFEXITED(ws) ? WEXITSTATUS(ws) : -1;
    close(outfd);
    r.out = t_slurp(outpath, NULL);
    return r;
}

static void run_free(run *r)
{
    free(r->out);
    free(r->err);
}

/* The widest line drawn: the text between two carriage returns. */
static size_t widest_drawing(const char *term)
{
    size_t widest = 0;
    char *copy = strdup(term);
    cr_assert_not_null(copy);
    for (char *save = NULL, *seg = strtok_r(copy, "\r", &save); seg; seg = strtok_r(NULL, "\r", &save)) {
        char *esc = strstr(seg, "\033[K");
        if (esc)
            *esc = '\0';
        size_t w = columns(seg);
        if (w > widest)
            widest = w;
    }
    free(copy);
    return widest;
}

/* path, copied out of the support code's buffer (which the next t_src or
 * t_build overwrites) into one that lasts the test. */
static char *copy_path(const char *path)
{
    static char copy[4200];
    snprintf(copy, sizeof copy, "%s", path);
    return copy;
}

static char *validate_args[] = {"validate", "--as-of", "2026-11-26", NULL, NULL};

Test(progress_bar, is_drawn_when_stderr_is_a_terminal)
{
    validate_args[3] = copy_path(t_src("samples"));
    run r = run_kaiji(validate_args, true, false, 60, NULL);
    cr_assert_eq(r.status, 1, "samples hold flawed documents on purpose");
    cr_assert_eq(r.err[0], '\r', "drawn in place: %s", r.err);
    cr_assert_not_null(strstr(r.err, " 0/"), "the first drawing, 0 done: %s", r.err);
    cr_assert_not_null(strstr(r.err, " [....."), "a bar: %s", r.err);
    cr_assert_not_null(strstr(r.err, "samples/"), "the file in hand: %s", r.err);
    cr_assert(ends_with(r.err, "\r\033[K"), "erased at the end: %s", r.err);
    cr_assert_leq(widest_drawing(r.err), 59, "fits a 60-column terminal: %s", r.err);
    run_free(&r);
}

Test(progress_bar, is_not_drawn_when_stderr_is_a_pipe)
{
    validate_args[3] = copy_path(t_src("samples"));
    run r = run_kaiji(validate_args, false, false, 0, NULL);
    cr_assert_eq(r.status, 1);
    cr_assert_str_eq(r.err, "");
    cr_assert_not_null(strstr(r.out, "documents:"), "the summary is printed: %s", r.out);
    run_free(&r);
}

/* Standard output is the same byte for byte whether or not standard error is
 * a terminal, in every output format. */
Test(progress_bar, leaves_stdout_the_same_in_every_format)
{
    static const char *formats[] = {"text", "json", "csv"};
    for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++) {
        char *args[] = {"validate", "--as-of", "2026-11-26", "--format", (char *)formats[i],
                        copy_path(t_src("samples")), NULL};
        run tty = run_kaiji(args, true, false, 100, NULL);
        run pipe_ = run_kaiji(args, false, false, 0, NULL);
        cr_assert_not_null(strstr(tty.err, "\r"), "%s: a bar on the terminal", formats[i]);
        cr_assert_str_eq(pipe_.err, "", "%s: nothing on the pipe", formats[i]);
        cr_assert_gt(strlen(tty.out), 100);
        cr_assert_str_eq(tty.out, pipe_.out, "%s: stdout differs", formats[i]);
        cr_assert_null(strstr(tty.out, "\033[K"), "%s: no drawing in stdout", formats[i]);
        run_free(&tty);
        run_free(&pipe_);
    }
}

/* With standard output on the same terminal, the bar is erased before each
 * document is printed: taking the drawings out leaves exactly the report. */
Test(progress_bar, never_breaks_a_line_of_the_report_on_the_same_terminal)
{
    validate_args[3] = copy_path(t_src("samples"));
    run tty = run_kaiji(validate_args, true, true, 80, NULL);
    run pipe_ = run_kaiji(validate_args, false, false, 0, NULL);
    char *clean = malloc(strlen(tty.err) + 1);
    cr_assert_not_null(clean);
    size_t n = 0;
    for (const char *p = tty.err; *p;) {
        if (p[0] == '\r' && p[1] == '\n') { /* the terminal's \n */
            clean[n++] = '\n';
            p += 2;
        } else if (p[0] == '\r') {          /* a drawing or an erasing */
            const char *end = strstr(p, "\033[K");
            cr_assert_not_null(end, "a drawing without its erase: %s", p);
            cr_assert_null(memchr(p, '\n', (size_t)(end - p)), "a line broken by the bar");
            p = end + 3;
        } else {
            clean[n++] = *p++;
        }
    }
    clean[n] = '\0';
    cr_assert_str_eq(clean, pipe_.out);
    free(clean);
    run_free(&tty);
    run_free(&pipe_);
}

Test(progress_bar, is_drawn_by_ingest_too)
{
    ts_env e;
    ts_env_init(&e); /* dir/kaiji.db, or PostgreSQL's (make check-pg) */
    char *args[] = {"ingest", "--as-of", "2026-11-26", copy_path(t_src("samples/mds-sds")), NULL};
    run tty = run_kaiji(args, true, false, 80, e.db);
    cr_assert_not_null(strstr(tty.err, " ["), "a bar: %s", tty.err);
    cr_assert(ends_with(tty.err, "\r\033[K"), "erased at the end: %s", tty.err);
    ts_env_init(&e); /* a second fresh store */
    run pipe_ = run_kaiji(args, false, false, 0, e.db);
    cr_assert_null(strchr(pipe_.err, '\r'), "no bar on a pipe: %s", pipe_.err);
    cr_assert_str_eq(pipe_.out, tty.out);
    run_free(&tty);
    run_free(&pipe_);
}
