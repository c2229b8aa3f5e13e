/*
 * tests/test_japanese.c - under a Japanese locale, every command speaks
 * Japanese: no English word reaches the clerk outside codes, paths, file
 * names, the vendors' own words (their names, products, the questions of
 * an English form) and a short list of names everyone writes in Latin
 * letters (MDS, JAHIS, Excel …).
 *
 * A demo store is built in the test from samples/ (register import, ingest),
 * then each command runs under LANG=ja_JP.UTF-8 with the build tree's
 * translations, standard error included, and its output is read word by
 * word.
 */
#include <cjson/cJSON.h>
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kaiji.h"
#include "support/support.h"
#include "text/text.h"

#define AS_OF "2026-11-26"

/* Names written in Latin letters in Japanese text too, and the words of
 * the forms themselves (MDS2 answers Yes / No / N/A / See Note). */
static const char *const allowed_words[] = {
    "kaiji", "Excel", "OpenDocument", "Yes", "No", "See", "Note", "Ver", "ETag", "Last-Modified",
    "SHA-256", "sha256",
    /* keys of the configuration file and option values, typed as they are */
    "target-guideline", "organization", "author", "reviewer", "dates", "mail-from", "wareki",
    "western", "Ctrl" /* a key on the keyboard */, "http", "https", "smtp", "smtps", "netrc", "eml", "xlsx", "xlsm", "xls", "ods",
    "xml", "json", "csv", "html", "text", "txt", "db", "Shift_JIS", "LibreOffice", "SQLite",
    /* the commands and their subcommands, as typed */
    "validate", "convert", "catalog", "register", "ingest", "link", "status", "remind",
    "fetch", "checklist", "serve", "list", "show", "import", "draft", "template", "help",
    "version", "user", "add", "admin", "staff", "viewer", "store", "copy", "backup", "site",
    /* PostgreSQL, its addresses and its backup tool, by their names */
    "PostgreSQL", "postgresql", "URI", "pg_dump",
    NULL,
};

/* Phrases that stand in Japanese text as they are: the register's
 * English column headings, which the register reads as written. */
static const char *const allowed_phrases[] = {
    "Contract ID", "Patient data", "Required documents", "Due date", NULL,
};

/* A growing set of allowed words (linear: a few hundred), kept for the
 * life of the test process. */
typedef struct wordset {
    char **w;
    size_t n, cap;
} wordset;

static bool set_has(const wordset *s, const char *w, size_t len)
{
    for (size_t i = 0; i < s->n; i++)
        if (strlen(s->w[i]) == len && strncmp(s->w[i], w, len) == 0)
            return true;
    return false;
}

static void set_add(wordset *s, const char *w, size_t len)
{
    if (set_has(s, w, len))
        return;
    if (s->n == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 256;
        s->w = realloc(s->w, s->cap * sizeof *s->w);
        cr_assert_not_null(s->w);
    }
    s->w[s->n] = strndup(w, len);
    cr_assert_not_null(s->w[s->n]);
    s->n++;
}

static bool word_char(char c)
{
    return isalnum((unsigned char)c) || c == '-' || c == '_' || c == '\'';
}

/* Each ASCII word of text (letters, digits, - _ '), given to fn; but for
 * options (--as-of). */
static void each_word(const char *text, void (*fn)(void *, const char *, size_t), void *arg)
{
    const char *p = text;
    while (*p) {
        if (*p == '-' && p[1] == '-') {
            while (*p == '-' || word_char(*p))
                p++;
            continue;
        }
        if (!isalpha((unsigned char)*p)) {
            p++;
            continue;
        }
        const char *q = p;
        while (*q && word_char(*q))
            q++;
        size_t len = (size_t)(q - p);
        while (len > 0 && !isalnum((unsigned char)p[len - 1]))
            len--;
        fn(arg, p, len);
        p = q;
    }
}

/* Adds s to the phrases, and the start of it a finding shows (the
 * question shortened to 30 columns, without its ellipsis). */
static void add_phrase(wordset *set, const char *s)
{
    if (strlen(s) < 2)
        return;
    set_add(set, s, strlen(s));
    char *cut = kaiji_text_shorten(s, 30);
    cr_assert_not_null(cut);
    size_t n = strlen(cut);
    if (n > 3 && strcmp(cut + n - 3, "\xE2\x80\xA6") == 0)
        set_add(set, cut, n - 3);
    free(cut);
}

/* The strings under the keys named in keys, anywhere in j, as phrases. */
static void add_fields(wordset *s, const cJSON *j, const char *const *keys)
{
    const cJSON *c;
    cJSON_ArrayForEach(c, j) {
        if (cJSON_IsString(c) && c->string)
            for (const char *const *k = keys; *k; k++)
                if (strcmp(c->string, *k) == 0)
                    add_phrase(s, c->valuestring);
        if (cJSON_IsObject(c) || cJSON_IsArray(c))
            add_fields(s, c, keys);
    }
}

/* The run's environment: the store and where the command and its
 * translations are. */
typedef struct demo {
    char dir[1024], db[1100], env[4096];
} demo;

static demo the_demo;

/* Runs kaiji args (shell words) from the source tree under ja_JP, standard
 * error included; returns the output (malloc'd). */
static char *ja(const char *args)
{
    char cmd[8192], src[1024], exe[1024], *out = NULL;
    /* t_src and t_build answer in one static buffer: copy each. */
    snprintf(src, sizeof src, "%s", t_src(""));
    snprintf(exe, sizeof exe, "%s", t_build("kaiji"));
    snprintf(cmd, sizeof cmd, "cd '%s' && %s '%s' %s 2>&1", src, the_demo.env, exe, args);
    t_run(cmd, &out);
    cr_assert_not_null(out, "%s gave nothing", args);
    return out;
}

/* What a whitespace-separated chunk of output is when it is no prose: a
 * path, a file name, an address, an option, a setting. */
static bool not_prose(const char *chunk, size_t len)
{
    char c[1024];
    snprintf(c, sizeof c, "%.*s", (int)(len < sizeof c ? len : sizeof c - 1), chunk);
    if (strchr(c, '/') || strchr(c, '\\') || strchr(c, '@') || strchr(c, '=') || strchr(c, '$') ||
        strchr(c, '<') || strchr(c, '*') || c[0] == '-' || strstr(c, "（-") || strstr(c, "'-"))
        return true;
    /* a file name: letters after a dot ("kaiji.db", "契約台帳.xlsx") */
    for (const char *d = strchr(c, '.'); d; d = strchr(d + 1, '.'))
        if (isalpha((unsigned char)d[1]) && d > c && d[-1] != ' ')
            return true;
    return false;
}

typedef struct checker {
    const wordset *allowed; /* phrases of the data, taken out before reading */
    const char *what;
    char found[2048];
    size_t count;
} checker;

/* true when w (len bytes) may stand in Japanese text. */
static bool allowed_word(const checker *k, const char *w, size_t len)
{

    bool upper = true, digit = false;
    for (size_t i = 0; i < len; i++) {
        upper &= !islower((unsigned char)w[i]);
        digit |= isdigit((unsigned char)w[i]) != 0;
    }
    /* IDs and cells (R8, MX-7, C18), single letters */
    if (digit || len < 2)
        return true;
    /* acronyms (MDS, JAHIS, MHLW), settings (KAIJI_DB) and the help's
     * placeholders (FILE, DATE, FORMAT) */
    static const char *const long_caps[] = {"FORMAT", "CONTRACT", "OPTION", "COMMAND",
                                            "STARTTLS", "DOCTYPE", "BYTES", "YYYY-MM-DD", NULL};
    if (upper && (len <= 5 || memchr(w, '_', len)))
        return true;
    for (const char *const *c = long_caps; upper && *c; c++)
        if (strlen(*c) == len && strncmp(*c, w, len) == 0)
            return true;
    for (const char *const *a = allowed_words; *a; a++)
        if (strlen(*a) == len && strncmp(*a, w, len) == 0)
            return true;
    for (const char *const *code = kaiji_finding_codes(); *code; code++)
        if (strlen(*code) == len && strncmp(*code, w, len) == 0)
            return true;
    return false;
}

static void check_word(void *arg, const char *w, size_t len)
{
    checker *k = arg;
    if (allowed_word(k, w, len))
        return;
    k->count++;
    size_t used = strlen(k->found);
    if (used + len + 3 < sizeof k->found && !strstr(k->found, w))
        snprintf(k->found + used, sizeof k->found - used, "%s%.*s", used ? ", " : "", (int)len, w);
}

/* The English words of out that may not stand there, "" when none;
 * *count gets how many. */
static void english_words(checker *k, const char *text)
{
    char *out = strdup(text);
    cr_assert_not_null(out);
    for (const char *const *ph = allowed_phrases; *ph; ph++)
        for (char *at = strstr(out, *ph); at; at = strstr(at, *ph))
            memset(at, ' ', strlen(*ph));
    /* the data's own words: names, products, questions (longest first would
     * be better; a phrase inside another is blanked by either) */
    for (size_t i = 0; k->allowed && i < k->allowed->n; i++)
        for (char *at = strstr(out, k->allowed->w[i]); at; at = strstr(at, k->allowed->w[i]))
            memset(at, ' ', strlen(k->allowed->w[i]));
    /* what stands between single quotes on one line: a sheet's name, what
     * the user typed, echoed */
    for (char *q = strchr(out, '\''); q; q = strchr(q, '\'')) {
        char *end = strchr(q + 1, '\'');
        char *nl = strchr(q + 1, '\n');
        if (!end || (nl && nl < end)) {
            q++;
            continue;
        }
        memset(q, ' ', (size_t)(end - q) + 1);
        q = end + 1;
    }
    const char *p = out;
    while (*p) {
        while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
            p++;
        const char *q = p;
        while (*q && *q != ' ' && *q != '\t' && *q != '\n' && *q != '\r')
            q++;
        if (q > p && !not_prose(p, (size_t)(q - p))) {
            char chunk[1024];
            size_t len = (size_t)(q - p) < sizeof chunk ? (size_t)(q - p) : sizeof chunk - 1;
            memcpy(chunk, p, len);
            chunk[len] = '\0';
            each_word(chunk, check_word, k);
        }
        p = q;
    }
    free(out);
}

/* The text a reader sees of an HTML page: no style sheet, no tags, and
 * the few entities kaiji writes decoded. */
static char *html_text(const char *html)
{
    char *out = malloc(strlen(html) + 1), *o = out;
    cr_assert_not_null(out);
    for (const char *p = html; *p;) {
        if (strncmp(p, "<style", 6) == 0) {
            const char *end = strstr(p, "</style>");
            p = end ? end + 8 : p + strlen(p);
        } else if (*p == '<') {
            const char *end = strchr(p, '>');
            p = end ? end + 1 : p + strlen(p);
            *o++ = ' ';
        } else if (*p == '&') {
            const char *end = strchr(p, ';');
            p = end ? end + 1 : p + 1;
            *o++ = ' ';
        } else {
            *o++ = *p++;
        }
    }
    *o = '\0';
    return out;
}

static wordset names;

/* The store of the demo: the samples' register, every sample ingested; and
 * the words the documents and the register bring (names, products,
 * questions). */
static void build_demo(void)
{
    if (the_demo.dir[0])
        return;
    char loc[1024];
    snprintf(loc, sizeof loc, "%s", t_build("locale"));
    snprintf(the_demo.dir, sizeof the_demo.dir, "%s", t_tmpdir());
    /* the helps need no store: the environment is set first */
    snprintf(the_demo.db, sizeof the_demo.db, "%s/kaiji.db", the_demo.dir);
    snprintf(the_demo.env, sizeof the_demo.env,
             "env -u LC_ALL -u LC_MESSAGES -u LANGUAGE LANG=ja_JP.UTF-8 KAIJI_LOCALEDIR='%s' "
             "KAIJI_DB='%s' KAIJI_CONFIG=/nonexistent TZ=Asia/Tokyo",
             loc, the_demo.db);

    static const char *const doc_keys[] = {"vendor", "product", "question", "path", NULL};
    static const char *const contract_keys[] = {"vendor", "system", "product", "id", NULL};
    char *out = ja("validate --format json -j 1 --as-of " AS_OF " samples/");
    cJSON *j = cJSON_Parse(out);
    cr_assert_not_null(j, "validate --format json: %.200s", out);
    add_fields(&names, j, doc_keys);
    cJSON_Delete(j);
    free(out);
    free(ja("register import samples/register/contracts.csv"));
    free(ja("ingest --as-of " AS_OF " samples/"));
    out = ja("status --format json --as-of " AS_OF);
    j = cJSON_Parse(out);
    cr_assert_not_null(j, "status --format json: %.200s", out);
    add_fields(&names, j, contract_keys);
    cJSON_Delete(j);
    free(out);
    /* the catalogs' ids, titles and the wording of English forms (MDS2) */
    static const char *const catalog_keys[] = {"id", "title", "text", "name", NULL};
    kaiji_catalogs *cats = NULL;
    cr_assert_eq(kaiji_catalogs_load(&cats, NULL, NULL), KAIJI_OK);
    for (size_t i = 0; i < kaiji_catalogs_count(cats); i++) {
        const kaiji_catalog *c = kaiji_catalogs_get(cats, i);
        add_phrase(&names, kaiji_catalog_id(c));
        j = cJSON_Parse(kaiji_catalog_json(c));
        cr_assert_not_null(j);
        add_fields(&names, j, catalog_keys);
        cJSON_Delete(j);
    }
    kaiji_catalogs_free(cats);
}

/* Runs args under ja_JP and expects no English word in what it prints. */
static void expect_japanese(const char *args, bool html)
{
    build_demo();
    char *out = ja(args);
    char *text = html ? html_text(out) : out;
    checker k = {.allowed = &names, .what = args};
    english_words(&k, text);
    cr_expect_eq(k.count, 0, "kaiji %s under ja_JP: English words: %s\n%.2000s", args, k.found,
                 text);
    cr_expect(strstr(text, "\xE3\x81") || strstr(text, "\xE3\x82") || strstr(text, "\xE3\x83"),
              "kaiji %s under ja_JP: no Japanese at all: %.300s", args, text);
    if (html)
        free(text);
    free(out);
}

TestSuite(japanese, .timeout = 300);

Test(japanese, every_help_and_usage_error_is_japanese)
{
    t_require_locale("ja_JP.UTF-8");
    static const char *const args[] = {
        "--help", "validate --help", "convert --help", "catalog --help", "register --help",
        "ingest --help", "link --help", "status --help", "remind --help", "fetch --help",
        "checklist --help", "serve --help", "user --help", "store --help", "store", "validate --format bogus samples/", "status --as-of 2026-13-45",
        "no-such-command", "validate", "catalog show no-such-catalog", "convert",
        "validate --no-such-option samples/", "status --format", "validate --strict=yes samples/",
        "status --d", "serve -x",
        "validate --catalog /nonexistent samples/", "validate --profile /nonexistent.json samples/",
        "validate --profile samples/ samples/",
    };
    for (size_t i = 0; i < sizeof args / sizeof args[0]; i++)
        expect_japanese(args[i], false);
}

/* Every command on the demo store: one store, built once, for them all. */
Test(japanese, every_command_on_a_demo_store_is_japanese)
{
    t_require_locale("ja_JP.UTF-8");
    static const struct {
        const char *args;
        bool html;
    } runs[] = {
        {"validate --as-of " AS_OF " samples/", false},
        {"validate --wareki --as-of " AS_OF " samples/checklist /nonexistent.xlsx", false},
        {"validate --format html --as-of " AS_OF " samples/checklist", true},
        {"status --as-of " AS_OF, false},
        {"status --format html --as-of " AS_OF, true},
        {"status --owing --as-of " AS_OF, false},
        {"register template -o DIR/template.xlsx", false},
        {"ingest --as-of " AS_OF " samples/", false},
        {"link samples/mds-sds/mds-3.0a-outdated.xlsm TST-24-001", false},
        {"link samples/no-such-file.xlsx TST-24-001", false},
        {"register import --dry-run samples/register/contracts.csv", false},
        {"remind --dry-run --as-of " AS_OF, false},
        {"checklist draft --as-of " AS_OF " -o DIR/draft.xlsx", false},
        {"checklist draft --as-of " AS_OF " --answer 3②=はい --answer 3③=はい "
         "--target-date 2⑤=2026-03-31 -o DIR/draft2.xlsx", false},
        {"catalog list", false},
        {"status --db DIR/not-a-store.db", false},
        {"checklist draft --answer 9=はい -o DIR/no.xlsx", false},
    };
    build_demo();
    char bad[1200];
    snprintf(bad, sizeof bad, "%s/not-a-store.db", the_demo.dir);
    t_spit(bad, "not a database, a text file", 27);
    for (size_t i = 0; i < sizeof runs / sizeof runs[0]; i++) {
        char args[2048];
        const char *dir = strstr(runs[i].args, "DIR/");
        if (dir)
            snprintf(args, sizeof args, "%.*s'%s'/%s", (int)(dir - runs[i].args), runs[i].args,
                     the_demo.dir, dir + 4);
        else
            snprintf(args, sizeof args, "%s", runs[i].args);
        expect_japanese(args, runs[i].html);
    }
}

/* The checker itself: English prose is caught, names and codes are not. */
Test(japanese, the_checker_catches_english_and_lets_names_through)
{
    wordset none = {0};
    checker k = {.allowed = &none};
    english_words(&k, "状態: valid 種類: vendor-checklist");
    cr_expect_eq(k.count, 2, "%s", k.found); /* "valid" and "vendor-checklist", no finding code */
    checker k2 = {.allowed = &none};
    english_words(&k2, "エラー missing-answer samples/mds-sds/x.xlsx MDS Ver.5.0 R8 kaiji.db "
                       "--as-of KAIJI_DB 事業者確認用!C18 Excel");
    cr_expect_eq(k2.count, 0, "%s", k2.found);
    checker k3 = {.allowed = &none};
    english_words(&k3, "  used, but 古い版: the file");
    cr_expect_eq(k3.count, 4, "%s", k3.found);
    /* what the commands printed before this test */
    static const char *const before[] = {
        "samples/checklist/vendor-r6.xlsx: チェックリスト（事業者） R6 古い版 → TST-24-001 (reference)",
        "  2⑤ いいえ, 目標日 none: ask the vendor, or give one with --target-date ID=DATE",
        "ID                                 CERTAINTY ORIGIN    TITLE",
        "jahis-mdssds-versions              V         builtin   JAHIS/JIRA 開示書: form versions",
        "  状態: valid   種類: vendor-checklist",
    };
    for (size_t i = 0; i < sizeof before / sizeof before[0]; i++) {
        checker kb = {.allowed = &none};
        english_words(&kb, before[i]);
        cr_expect_gt(kb.count, 0, "not caught: %s", before[i]);
    }
    /* the data's phrases are taken out, their start too */
    wordset data = {0};
    add_phrase(&data, "Does the audit log record export of data?");
    checker kd = {.allowed = &data};
    english_words(&kd, "  エラー 項目 AUDT-3 に回答がありません（AUDT-3 Does the audit log record ex…）");
    cr_expect_eq(kd.count, 0, "%s", kd.found);
}

/* What a form leaves out is said in words, never as '?': a vendor's name not
 * written, a form of no known kind; the hospital's own checklist has no
 * vendor or product to name, only its date. */
Test(japanese, what_a_form_does_not_say_is_said_in_words_not_a_question_mark)
{
    t_require_locale("ja_JP.UTF-8");
    build_demo();
    char *out = ja("validate --as-of " AS_OF " samples/checklist/hospital-r6.xlsx "
                   "samples/mds-sds/sds-5.0-missing-vendor.xlsx "
                   "samples/other/quotation-mentions-checklist.xlsx");
    cr_expect_null(strstr(out, ": ?"), "a '?' for a value: %s", out);
    cr_expect_not_null(strstr(out, "事業者: （記載なし）   製品: サンプル画像保管クラウド"), "%s",
                       out);
    const char *hospital = strstr(out, "hospital-r6.xlsx\n");
    cr_assert_not_null(hospital, "%s", out);
    const char *end = strstr(hospital, "\n\n");
    const char *vendor = strstr(hospital, "事業者:");
    cr_expect(!vendor || (end && vendor > end), "a vendor on the hospital's checklist: %s", out);
    const char *day = strstr(hospital, "\n  日付: 2025年2月3日\n");
    cr_expect(day && (!end || day < end), "the hospital checklist's date: %s", out);
    const char *unknown = strstr(out, "quotation-mentions-checklist.xlsx\n");
    cr_assert_not_null(unknown, "%s", out);
    cr_expect_not_null(strstr(unknown, "様式: 不明"), "%s", out);
    cr_expect_null(strstr(unknown, "事業者:"), "a vendor read off a form of no known kind: %s",
                   out);
    free(out);
}

/* status names each document's form as validate does (令和7年度版, Ver.5.0),
 * not by the code it is stored under (R7, 5.0). */
Test(japanese, status_names_the_forms_as_validate_does)
{
    t_require_locale("ja_JP.UTF-8");
    build_demo();
    char *out = ja("status --as-of " AS_OF);
    cr_expect_not_null(strstr(out, "、令和7年度版"), "%s", out);
    cr_expect_not_null(strstr(out, "、Ver.5.0"), "%s", out);
    cr_expect_null(strstr(out, "、R7"), "%s", out);
    cr_expect_null(strstr(out, "、5.0"), "%s", out);
    free(out);
}

/* The inspector's report names the forms as the command does. */
Test(japanese, the_html_reports_name_the_forms_as_validate_does)
{
    t_require_locale("ja_JP.UTF-8");
    build_demo();
    char *out = ja("validate --format html --as-of " AS_OF " samples/checklist/vendor-r6.xlsx "
                   "samples/mds-sds/mds-5.0-good.xlsx");
    cr_expect_not_null(strstr(out, "令和6年度版"), "%.300s", out);
    cr_expect_not_null(strstr(out, "Ver.5.0"), "%.300s", out);
    cr_expect_null(strstr(out, ">R6<"), "the edition's code shown");
    cr_expect_null(strstr(out, ">5.0<"), "the version's code shown");
    free(out);
    out = ja("status --format html --as-of " AS_OF);
    cr_expect_not_null(strstr(out, "令和7年度版"), "%.300s", out);
    cr_expect_null(strstr(out, ">R7<"), "the edition's code shown");
    free(out);
}
