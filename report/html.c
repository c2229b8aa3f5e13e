/*
 * report/html.c - the HTML reports of kaiji validate and kaiji status
 * (report/html.h).  The words come from formats/report/labels.json and the
 * style from formats/report/report.css; every string that came from a
 * document, the register or a data file is escaped on the way out.
 */
#include <cjson/cJSON.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <utf8proc.h>

#include "base/base.h"
#include "base/buf.h"
#include "formats/embedded.h"
#include "report/html.h"
#include "report/words.h"
#include "text/text.h"

#define LABELS_PATH "formats/report/labels.json"
#define LABELS_EN_PATH "formats/report/labels-en.json"
#define CSS_PATH "formats/report/report.css"
#define MAX_DATA_FILE (1u << 20)
#define REPLACEMENT "\xEF\xBF\xBD"

/* ------------------------------------------------------------------ sinks */

/* Where HTML goes: a FILE, or (fp NULL) a buffer that grows. */
typedef struct sink {
    FILE *fp;
    kaiji_buf mem; /* when fp is NULL */
    int err;   /* the first failure, KAIJI_OK while none */
} sink;

static void put(sink *s, const char *p, size_t n)
{
    if (s->err || n == 0)
        return;
    if (s->fp) {
        if (fwrite(p, 1, n, s->fp) != n)
            s->err = KAIJI_ERROR_IO;
        return;
    }
    if (!kaiji_buf_append(&s->mem, p, n))
        s->err = KAIJI_ERROR_NOMEM;
}

static void puts_(sink *s, const char *p)
{
    put(s, p, strlen(p));
}

/* printf into the sink; for markup and numbers only, never for text that
 * needs escaping. */
static void putf(sink *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void putf(sink *s, const char *fmt, ...)
{
    char tmp[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof tmp) {
        if (!s->err)
            s->err = KAIJI_ERROR_IO;
        return;
    }
    put(s, tmp, (size_t)n);
}

/*
 * Writes the n bytes at text escaped for HTML text and for quoted attribute
 * values alike: & < > " ' become character references; bytes that are not
 * UTF-8, and control characters other than tab, line feed and carriage
 * return, become U+FFFD.
 */
static void esc_n(sink *s, const char *text, size_t n)
{
    const unsigned char *p = (const unsigned char *)text;
    size_t i = 0, run = 0;
    while (i < n) {
        unsigned char c = p[i];
        const char *rep = NULL;
        size_t adv = 1;
        if (c < 0x80) {
            switch (c) {
            case '&': rep = "&amp;"; break;
            case '<': rep = "&lt;"; break;
            case '>': rep = "&gt;"; break;
            case '"': rep = "&quot;"; break;
            case '\'': rep = "&#39;"; break;
            case '\t': case '\n': case '\r': break;
            default:
                if (c < 0x20 || c == 0x7f)
                    rep = REPLACEMENT;
            }
        } else {
            utf8proc_int32_t cp;
            utf8proc_ssize_t k = utf8proc_iterate(p + i, (utf8proc_ssize_t)(n - i), &cp);
            if (k <= 0)
                rep = REPLACEMENT;
            else if (cp < 0xA0)
                rep = REPLACEMENT, adv = (size_t)k;
            else
                adv = (size_t)k;
        }
        if (rep) {
            put(s, text + run, i - run);
            puts_(s, rep);
            run = i + adv;
        }
        i += adv;
    }
    put(s, text + run, n - run);
}

static void esc(sink *s, const char *text)
{
    if (text)
        esc_n(s, text, strlen(text));
}

void kaiji_html_escape(FILE *fp, const char *text)
{
    sink s = {.fp = fp, .err = KAIJI_OK};
    esc(&s, text);
}

/* Writes key as a class name: only a-z, 0-9 and '-' are kept. */
static void class_name(sink *s, const char *key)
{
    for (; key && *key; key++)
        if ((*key >= 'a' && *key <= 'z') || (*key >= '0' && *key <= '9') || *key == '-')
            put(s, key, 1);
}

/* Copies what was spooled into src to dst. */
static void copy_spool(sink *dst, sink *src)
{
    if (src->err && !dst->err)
        dst->err = src->err;
    if (!src->fp) {
        put(dst, src->mem.data, src->mem.len);
        return;
    }
    char block[65536];
    if (fflush(src->fp) != 0 || fseek(src->fp, 0, SEEK_SET) != 0) {
        if (!dst->err)
            dst->err = KAIJI_ERROR_IO;
        return;
    }
    size_t n;
    while ((n = fread(block, 1, sizeof block, src->fp)) > 0)
        put(dst, block, n);
    if (ferror(src->fp) && !dst->err)
        dst->err = KAIJI_ERROR_IO;
}

/* A spool: an anonymous temporary file, so memory stays flat; a buffer when
 * no temporary file can be made. */
static void spool_open(sink *s)
{
    memset(s, 0, sizeof *s);
    s->fp = tmpfile();
}

static void sink_close(sink *s)
{
    if (s->fp)
        fclose(s->fp);
    kaiji_buf_free(&s->mem);
    memset(s, 0, sizeof *s);
}

/* ----------------------------------------------------------------- labels */

/* The words and style of a report: the built-in data, and the copies of
 * a data folder that override them. */
typedef struct labels {
    cJSON *builtin, *user; /* user: NULL when none */
    char *css;             /* malloc'd override, or NULL */
    const char *css_text;  /* css, or the built-in style sheet */
} labels;

/* Reads dir/name into *out (malloc'd, NUL-terminated); *out NULL and
 * KAIJI_OK when the file does not exist. */
static int read_optional(char **out, const char *dir, const char *name)
{
    kaiji_file_problem problem = KAIJI_FILE_CANNOT_OPEN;
    char *path = kaiji_strprintf("%s/%s", dir, name), *text = NULL;
    size_t n = 0;
    int rc = KAIJI_ERROR_NOMEM;
    *out = NULL;
    if (!path)
        goto error;
    rc = kaiji_file_read(&text, &n, path, MAX_DATA_FILE, &problem, NULL);
    if (rc == KAIJI_ERROR_IO && problem == KAIJI_FILE_CANNOT_OPEN) {
        rc = errno == ENOENT ? KAIJI_OK : KAIJI_ERROR_IO;
        goto error;
    }
    if (rc == KAIJI_ERROR_IO || (rc == KAIJI_OK && memchr(text, '\0', n)))
        rc = KAIJI_ERROR_CATALOG;
    if (rc != KAIJI_OK)
        goto error;
    *out = text;
    text = NULL;
error:
    free(text);
    free(path);
    return rc;
}

/* CSS functions that load a resource (any vendor prefix stripped). */
static const char *const loading_functions[] = {
    "url", "image-set", "image", "src", "cross-fade", "element", "paint", NULL,
};
/* The at-rules a report style may use; every other (@import, @font-face,
 * @namespace …) is refused. */
static const char *const allowed_at_rules[] = {
    "media", "page", "supports",
    /* the margin boxes of @page: page numbers, the hospital's name */
    "top-left-corner", "top-left", "top-center", "top-right", "top-right-corner",
    "bottom-left-corner", "bottom-left", "bottom-center", "bottom-right", "bottom-right-corner",
    "left-top", "left-middle", "left-bottom", "right-top", "right-middle", "right-bottom", NULL};

static bool css_ident_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '-' || c == '_' || (unsigned char)c >= 0x80;
}

/* true when the identifier at p (len bytes, a vendor prefix such as
 * -webkit- skipped) is one of names. */
static bool ident_in(const char *p, size_t len, const char *const *names)
{
    if (len > 1 && p[0] == '-' && p[1] != '-') {
        const char *dash = memchr(p + 1, '-', len - 1);
        if (dash) {
            len -= (size_t)(dash + 1 - p);
            p = dash + 1;
        }
    }
    for (size_t i = 0; names[i]; i++)
        if (strlen(names[i]) == len && strncasecmp(p, names[i], len) == 0)
            return true;
    return false;
}

/* true when css may go inside <style>: it cannot close the element, load
 * anything (url(), image-set(), any other loading function, @import,
 * @font-face) or hide either behind a CSS escape. */
static bool css_safe(const char *css)
{
    for (const char *p = css; *p; p++) {
        char c = *p;
        if (c == '\\' || (c == '<' && p[1] == '/'))
            return false;
        if (c == '@') {
            const char *q = p + 1;
            while (css_ident_char(*q))
                q++;
            if (!ident_in(p + 1, (size_t)(q - p - 1), allowed_at_rules))
                return false;
            p = q - 1;
        } else if (css_ident_char(c) && (p == css || !css_ident_char(p[-1]))) {
            const char *q = p;
            while (css_ident_char(*q))
                q++;
            if (*q == '(' && ident_in(p, (size_t)(q - p), loading_functions))
                return false;
            p = q - 1;
        }
    }
    return true;
}

static void labels_free(labels *l)
{
    cJSON_Delete(l->builtin);
    cJSON_Delete(l->user);
    free(l->css);
    memset(l, 0, sizeof *l);
}

/* Loads the built-in words of lang and the style, then the overrides in dir
 * (NULL: none).  KAIJI_ERROR_CATALOG when an override is malformed or unsafe. */
static int labels_load(labels *l, const char *dir, kaiji_lang lang)
{
    char *text = NULL;
    int rc = KAIJI_ERROR_CATALOG;
    bool en = lang == KAIJI_LANG_EN;
    memset(l, 0, sizeof *l);
    const kaiji_embedded_file *lf = kaiji_embedded_find(en ? LABELS_EN_PATH : LABELS_PATH);
    const kaiji_embedded_file *cf = kaiji_embedded_find(CSS_PATH);
    if (!lf || !cf)
        goto error;
    l->css_text = cf->data;
    if (!(l->builtin = cJSON_ParseWithLength(lf->data, lf->size))) {
        rc = KAIJI_ERROR_NOMEM;
        goto error;
    }
    if (!dir)
        return KAIJI_OK;
    if ((rc = read_optional(&text, dir, en ? "labels-en.json" : "labels.json")) != KAIJI_OK)
        goto error;
    if (text) {
        l->user = cJSON_Parse(text);
        rc = KAIJI_ERROR_CATALOG;
        if (!cJSON_IsObject(l->user))
            goto error;
        free(text);
        text = NULL;
    }
    if ((rc = read_optional(&l->css, dir, "report.css")) != KAIJI_OK)
        goto error;
    if (l->css) {
        rc = KAIJI_ERROR_CATALOG;
        if (!css_safe(l->css))
            goto error;
        l->css_text = l->css;
    }
    return KAIJI_OK;
error:
    free(text);
    labels_free(l);
    return rc;
}

/* The entry key of group (or of the top level when group is NULL): the
 * override's, else the built-in one, else NULL. */
static const cJSON *lookup(const labels *l, const char *group, const char *key)
{
    const cJSON *roots[2] = {l->user, l->builtin};
    for (size_t i = 0; i < 2; i++) {
        const cJSON *g = group ? cJSON_GetObjectItemCaseSensitive(roots[i], group) : roots[i];
        const cJSON *e = cJSON_GetObjectItemCaseSensitive(g, key);
        if (e)
            return e;
    }
    return NULL;
}

/* A string of group "text" (or another group); the key itself when absent. */
static const char *word(const labels *l, const char *group, const char *key)
{
    const char *s = cJSON_GetStringValue(lookup(l, group, key));
    return s ? s : key;
}

static const char *text_of(const labels *l, const char *key)
{
    return word(l, "text", key);
}

/* true when the words loaded are Japanese (their "lang", "ja" when unsaid). */
static bool japanese(const labels *l)
{
    const char *lang = cJSON_GetStringValue(lookup(l, NULL, "lang"));
    return !lang || strcmp(lang, "ja") == 0;
}

/* The label and symbol of a state or severity: {"label": .., "symbol": ..}. */
static void state_words(const labels *l, const char *group, const char *key,
                        const char **label, const char **symbol)
{
    const cJSON *e = lookup(l, group, key);
    const char *lb = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(e, "label"));
    const char *sy = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(e, "symbol"));
    *label = lb ? lb : key;
    *symbol = sy ? sy : "";
}

/* ----------------------------------------------------------- HTML pieces */

/* A label with its values: "{total}（回答済み {answered}）".  Names not listed
 * are written as they are. */
static void fill(sink *s, const char *tmpl, const char *const *names, const size_t *values,
                 size_t n)
{
    const char *p = tmpl, *run = tmpl;
    while (*p) {
        const char *close = *p == '{' ? strchr(p, '}') : NULL;
        size_t k = 0;
        for (; close && k < n; k++)
            if (strlen(names[k]) == (size_t)(close - p - 1) &&
                strncmp(names[k], p + 1, (size_t)(close - p - 1)) == 0)
                break;
        if (close && k < n) {
            esc_n(s, run, (size_t)(p - run));
            putf(s, "%zu", values[k]);
            p = run = close + 1;
        } else {
            p++;
        }
    }
    esc_n(s, run, (size_t)(p - run));
}

/* A number followed by the counter word ("12件"). */
static void count(sink *s, const labels *l, size_t n)
{
    putf(s, "%zu", n);
    esc(s, text_of(l, "count_suffix"));
}

/* A value, or a muted dash when it is empty. */
static void value(sink *s, const char *v)
{
    if (v && *v)
        esc(s, v);
    else
        puts_(s, "<span class=\"muted\">—</span>");
}

/* A state or severity as colour, border, symbol and word.  prefix is the
 * class prefix ("s-" for states, "sev-" for severities). */
static void badge(sink *s, const labels *l, const char *group, const char *key,
                  const char *prefix)
{
    const char *label, *symbol;
    state_words(l, group, key, &label, &symbol);
    puts_(s, "<span class=\"badge ");
    puts_(s, prefix);
    class_name(s, key);
    puts_(s, "\">");
    if (*symbol) {
        puts_(s, "<span class=\"sym\" aria-hidden=\"true\">");
        esc(s, symbol);
        puts_(s, "</span>");
    }
    esc(s, label);
    puts_(s, "</span>");
}

/* "第6.0版" */
static void guideline(sink *s, const labels *l, const char *g)
{
    if (!g || !*g) {
        value(s, g);
        return;
    }
    esc(s, text_of(l, "guideline_prefix"));
    esc(s, g);
    esc(s, text_of(l, "guideline_suffix"));
}

/* What the header of a report says. */
typedef struct head_info {
    const char *title_key, *subtitle_key, *count_key;
    size_t n;
    const char *as_of, *made; /* 基準日 and 作成日, as shown */
    const char *target;
    const char *org, *author, *reviewer; /* NULL or "": a line to fill in by hand */
} head_info;

/* text as the inside of a CSS string: quotes, backslashes and angle
 * brackets as escapes (nothing can end the string or the style element),
 * control characters dropped; other UTF-8 kept as it is. */
static void css_string(sink *s, const char *text)
{
    const unsigned char *p = (const unsigned char *)text;
    size_t n = text ? strlen(text) : 0;
    for (size_t i = 0; i < n;) {
        if (p[i] >= 0x80) {
            utf8proc_int32_t cp;
            utf8proc_ssize_t k = utf8proc_iterate(p + i, (utf8proc_ssize_t)(n - i), &cp);
            if (k <= 0) {
                i++;
                continue;
            }
            if (cp >= 0xA0)
                put(s, text + i, (size_t)k);
            i += (size_t)k;
            continue;
        }
        if (p[i] == '"' || p[i] == '\\' || p[i] == '<' || p[i] == '>' || p[i] == '&')
            putf(s, "\\%x ", p[i]);
        else if (p[i] >= 0x20 && p[i] != 0x7f)
            put(s, text + i, 1);
        i++;
    }
}

/* A value to be filled in by hand when v is empty: a blank line. */
static void value_or_blank(sink *s, const char *v)
{
    if (v && *v)
        esc(s, v);
    else
        puts_(s, "<span class=\"blank\"></span>");
}

/* The document up to the end of the report's header: the hospital, the
 * title, 作成日 and 基準日, and the 作成者 / 確認者 boxes. */
static void write_head(sink *s, const labels *l, const head_info *hd)
{
    const char *lang = cJSON_GetStringValue(lookup(l, NULL, "lang"));
    puts_(s, "<!DOCTYPE html>\n<html lang=\"");
    esc(s, lang ? lang : "ja");
    /* Nothing is loaded from anywhere: not even a picture, a font or a
     * style sheet; only the style inside the page applies. */
    puts_(s, "\">\n<head>\n<meta charset=\"utf-8\">\n"
             "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
             "style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'\">\n"
             "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
             "<meta name=\"generator\" content=\"kaiji ");
    esc(s, kaiji_version());
    puts_(s, "\">\n<title>");
    if (hd->org && *hd->org) {
        esc(s, hd->org);
        puts_(s, " ");
    }
    esc(s, text_of(l, hd->title_key));
    puts_(s, " ");
    esc(s, hd->as_of);
    puts_(s, "</title>\n<style>\n");
    puts_(s, l->css_text);
    /* The foot of every printed page: the hospital and the title (the page
     * number is the style sheet's). */
    puts_(s, "\n@page { @bottom-left { content: \"");
    if (hd->org && *hd->org) {
        css_string(s, hd->org);
        css_string(s, text_of(l, "page_foot_separator")); /* between them */
    }
    css_string(s, text_of(l, hd->title_key));
    puts_(s, "\"; } }\n</style>\n</head>\n<body>\n<header class=\"report-head\">\n"
             "<table class=\"sign\"><tr><th>");
    esc(s, text_of(l, "author"));
    puts_(s, "</th><th>");
    esc(s, text_of(l, "reviewer"));
    puts_(s, "</th></tr><tr><td class=\"author\">");
    if (hd->author)
        esc(s, hd->author);
    puts_(s, "</td><td class=\"reviewer\">");
    if (hd->reviewer)
        esc(s, hd->reviewer);
    puts_(s, "</td></tr></table>\n<p class=\"org\">");
    if (hd->org && *hd->org) {
        esc(s, hd->org);
    } else {
        esc(s, text_of(l, "organization"));
        puts_(s, " ");
        value_or_blank(s, NULL);
    }
    puts_(s, "</p>\n<h1>");
    esc(s, text_of(l, hd->title_key));
    puts_(s, "</h1>\n<p class=\"subtitle\">");
    esc(s, text_of(l, hd->subtitle_key));
    puts_(s, "</p>\n<table class=\"meta\"><tr><th>");
    esc(s, text_of(l, "report_date"));
    puts_(s, "</th><td class=\"report-date\">");
    value(s, hd->made);
    puts_(s, "</td><th>");
    esc(s, text_of(l, "as_of"));
    puts_(s, "</th><td class=\"as-of\">");
    value(s, hd->as_of);
    puts_(s, "</td><th>");
    esc(s, text_of(l, "target_guideline"));
    puts_(s, "</th><td>");
    guideline(s, l, hd->target);
    puts_(s, "</td><th>");
    esc(s, text_of(l, hd->count_key));
    puts_(s, "</th><td>");
    count(s, l, hd->n);
    puts_(s, "</td></tr></table>\n</header>\n");
}

/* One state of the summary and how many have it. */
typedef struct bar {
    const char *key;
    size_t n;
} bar;

/* The summary: a bar per state, its width the state's share of total. */
static void write_summary(sink *s, const labels *l, const char *caption_key, const char *group,
                          const bar *bars, size_t nbars, size_t total)
{
    puts_(s, "<section class=\"summary\" id=\"summary\" aria-labelledby=\"summary-h\">\n"
             "<h2 id=\"summary-h\">");
    esc(s, text_of(l, "summary"));
    puts_(s, "</h2>\n<table class=\"bars\">\n<caption>");
    esc(s, text_of(l, caption_key));
    puts_(s, "</caption>\n");
    for (size_t i = 0; i < nbars; i++) {
        /* Tenths of a per cent, in integers: no locale's decimal comma. */
        size_t tenths = total ? (size_t)((uint64_t)bars[i].n * 1000u / total) : 0;
        puts_(s, "<tr class=\"row-");
        class_name(s, bars[i].key);
        puts_(s, "\"><th scope=\"row\">");
        badge(s, l, group, bars[i].key, "s-");
        puts_(s, "</th><td class=\"count\">");
        count(s, l, bars[i].n);
        puts_(s, "</td><td class=\"track\"><div class=\"track-box\"><div class=\"bar s-");
        class_name(s, bars[i].key);
        putf(s, "%s\" style=\"width:%zu.%zu%%\"></div></div></td></tr>\n",
             bars[i].n ? "" : " zero", tenths / 10, tenths % 10);
    }
    puts_(s, "</table>\n</section>\n");
}

/* A row of a facts table: two labelled values; cls classes the values. */
static void fact_row(sink *s, const labels *l, const char *k1, const char *v1, const char *k2,
                     const char *v2, const char *cls2)
{
    puts_(s, "<tr><th>");
    esc(s, text_of(l, k1));
    puts_(s, "</th><td class=\"wrap\">");
    value(s, v1);
    puts_(s, "</td><th>");
    esc(s, text_of(l, k2));
    puts_(s, "</th><td class=\"");
    puts_(s, cls2 ? cls2 : "wrap");
    puts_(s, "\">");
    value(s, v2);
    puts_(s, "</td></tr>\n");
}

static void findings_open(sink *s, const labels *l)
{
    static const char *const cols[][2] = {
        {"sev", "severity"}, {"code", "code"}, {"item", "item"}, {"loc", "location"},
        {"msg", "message"}};
    puts_(s, "<table class=\"findings\">\n<thead><tr>");
    for (size_t i = 0; i < sizeof cols / sizeof cols[0]; i++) {
        putf(s, "<th class=\"%s\">", cols[i][0]);
        esc(s, text_of(l, cols[i][1]));
        puts_(s, "</th>");
    }
    puts_(s, "</tr></thead>\n<tbody>\n");
}

/* A finding's row; step, what to do next, under the message (or NULL). */
static void finding_row(sink *s, const labels *l, kaiji_severity sev, const char *code,
                        const char *item, const char *loc, const char *msg, const char *step)
{
    const char *name = kaiji_severity_name(sev);
    puts_(s, "<tr class=\"sev-row-");
    class_name(s, name);
    puts_(s, "\"><td class=\"sev\">");
    badge(s, l, "severity", name, "sev-");
    puts_(s, "</td><td class=\"code\">");
    value(s, code);
    puts_(s, "</td><td class=\"item wrap\">");
    value(s, item);
    puts_(s, "</td><td class=\"loc wrap\">");
    value(s, loc);
    puts_(s, "</td><td class=\"msg wrap\">");
    value(s, msg);
    if (step && *step) {
        puts_(s, "<div class=\"step\">→ ");
        esc(s, step);
        puts_(s, "</div>");
    }
    puts_(s, "</td></tr>\n");
}

static void findings_close(sink *s)
{
    puts_(s, "</tbody>\n</table>\n");
}

static void no_findings(sink *s, const labels *l)
{
    puts_(s, "<p class=\"none\"><span aria-hidden=\"true\">✓ </span>");
    esc(s, text_of(l, "no_findings"));
    puts_(s, "</p>\n");
}

/* Writes d into buf by the template tmpl ("{year}年{month}月{day}日"). */
static void date_template(char buf[KAIJI_DATE_SHOW_MAX], const char *tmpl, kaiji_date d)
{
    size_t n = 0;
    buf[0] = '\0';
    for (const char *p = tmpl; *p && n + 1 < KAIJI_DATE_SHOW_MAX;) {
        int v = -1;
        size_t skip = 0;
        bool two = false; /* {mm}, {dd}: two digits */
        if (strncmp(p, "{year}", 6) == 0)
            v = d.year, skip = 6;
        else if (strncmp(p, "{month}", 7) == 0)
            v = d.month, skip = 7;
        else if (strncmp(p, "{day}", 5) == 0)
            v = d.day, skip = 5;
        else if (strncmp(p, "{mm}", 4) == 0)
            v = d.month, skip = 4, two = true;
        else if (strncmp(p, "{dd}", 4) == 0)
            v = d.day, skip = 4, two = true;
        if (v >= 0) {
            int k = snprintf(buf + n, KAIJI_DATE_SHOW_MAX - n, two ? "%02d" : "%d", v);
            if (k < 0 || (size_t)k >= KAIJI_DATE_SHOW_MAX - n)
                break;
            n += (size_t)k;
            p += skip;
        } else {
            buf[n++] = *p++;
            buf[n] = '\0';
        }
    }
}

/* d in the report's one date style: the Japanese era (令和6年10月1日) when
 * wareki, else the labels' western form (2024年10月1日); a month without a
 * day as 令和6年10月 / 2024年10月. */
static const char *show_date(char buf[KAIJI_DATE_SHOW_MAX], const labels *l, kaiji_date d,
                             bool wareki)
{
    if (wareki || !kaiji_date_valid(d))
        return kaiji_text_date_show(buf, KAIJI_DATE_SHOW_MAX, d,
                                    wareki ? KAIJI_DATE_WAREKI : KAIJI_DATE_ISO);
    date_template(buf, text_of(l, d.day ? "date_western" : "month_western"), d);
    return buf;
}

/* A recorded time, "YYYY-MM-DDTHH:MM:SSZ" (UTC), as the date of the report's
 * style and the local time of day: 令和8年12月3日 21:05.  Anything else is
 * copied as it is. */
static const char *show_timestamp(char buf[KAIJI_DATE_SHOW_MAX], const labels *l,
                                  const char *stamp, bool wareki)
{
    struct tm tm = {0}, local;
    char day[KAIJI_DATE_SHOW_MAX], tail = 0;
    snprintf(buf, KAIJI_DATE_SHOW_MAX, "%s", stamp ? stamp : "");
    if (!stamp || sscanf(stamp, "%4d-%2d-%2dT%2d:%2d:%2d%c", &tm.tm_year, &tm.tm_mon,
                         &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &tail) != 7 ||
        tail != 'Z')
        return buf;
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    time_t t = timegm(&tm);
    if (t == (time_t)-1 || !localtime_r(&t, &local))
        return buf;
    kaiji_date d = {local.tm_year + 1900, local.tm_mon + 1, local.tm_mday};
    snprintf(buf, KAIJI_DATE_SHOW_MAX, "%s %02d:%02d", show_date(day, l, d, wareki),
             local.tm_hour, local.tm_min);
    return buf;
}

static void write_footer(sink *s, const labels *l)
{
    puts_(s, "<footer class=\"footer\">");
    esc(s, text_of(l, "footer"));
    esc(s, text_of(l, "detail_open"));
    puts_(s, "kaiji ");
    esc(s, kaiji_version());
    esc(s, text_of(l, "detail_close"));
    puts_(s, "</footer>\n</body>\n</html>\n");
}

/* The report's 作成日: opts->report_date, else today (local time). */
static kaiji_date report_date(const kaiji_html_options *opts)
{
    return opts && kaiji_date_valid(opts->report_date) ? opts->report_date : kaiji_date_today();
}

/* A copy of s, "" for NULL; NULL only when memory runs out. */
static char *dup_or_empty(const char *s)
{
    return strdup(s ? s : "");
}

/* -------------------------------------------------------- validate report */

struct kaiji_html {
    sink out;      /* the destination */
    sink rows;     /* the document list's rows, spooled */
    sink sections; /* the documents' sections, spooled */
    sink not_read; /* the rows of the files not read, spooled */
    size_t not_read_n;
    labels lab;
    char *as_of, *target, *notice, *made, *org, *author, *reviewer;
    bool wareki;
    const kaiji_catalogs *catalogs; /* for the next steps, or NULL */
    kaiji_date as_of_date;          /* for the form a next step names */
    size_t by_status[KAIJI_STATUS_UNREADABLE + 1];
    size_t n;
    bool ended;
};

void kaiji_html_options_init(kaiji_html_options *opts)
{
    memset(opts, 0, sizeof *opts);
}

int kaiji_html_begin(kaiji_html **out, FILE *fp, const kaiji_html_options *opts)
{
    int rc = KAIJI_ERROR_NOMEM;
    kaiji_html *h = calloc(1, sizeof *h);
    *out = NULL;
    if (!h)
        return KAIJI_ERROR_NOMEM;
    h->out.fp = fp;
    spool_open(&h->rows);
    spool_open(&h->sections);
    spool_open(&h->not_read);
    char shown[KAIJI_DATE_SHOW_MAX], made[KAIJI_DATE_SHOW_MAX];
    kaiji_date as_of;
    h->wareki = opts && opts->wareki;
    h->catalogs = opts ? opts->catalogs : NULL;
    if ((rc = labels_load(&h->lab, opts ? opts->data_dir : NULL,
                          opts ? opts->lang : KAIJI_LANG_JA)) != KAIJI_OK)
        goto error;
    rc = KAIJI_ERROR_NOMEM;
    if (opts && opts->as_of && kaiji_text_parse_date(opts->as_of, &as_of)) {
        h->as_of_date = as_of;
        show_date(shown, &h->lab, as_of, h->wareki);
    } else
        snprintf(shown, sizeof shown, "%s", opts && opts->as_of ? opts->as_of : "");
    show_date(made, &h->lab, report_date(opts), h->wareki);
    if (!(h->as_of = strdup(shown)) || !(h->made = strdup(made)) ||
        !(h->target = strdup(opts && opts->target_guideline ? opts->target_guideline : "6.0")) ||
        (opts && opts->notice && !(h->notice = strdup(opts->notice))) ||
        !(h->org = dup_or_empty(opts ? opts->organization : NULL)) ||
        !(h->author = dup_or_empty(opts ? opts->author : NULL)) ||
        !(h->reviewer = dup_or_empty(opts ? opts->reviewer : NULL)))
        goto error;
    *out = h;
    return KAIJI_OK;
error:
    kaiji_html_free(h);
    return rc;
}

/* Counts a document's items, and those answered (for a checklist: any
 * target answered). */
static void count_items(const kaiji_document *doc, size_t *total, size_t *answered)
{
    *total = kaiji_document_item_count(doc);
    *answered = 0;
    for (size_t i = 0; i < *total; i++) {
        const kaiji_item *it = kaiji_document_item(doc, i);
        bool yes = kaiji_item_answer(it) != KAIJI_ANSWER_BLANK;
        for (size_t t = 0; !yes && t < kaiji_item_target_count(it); t++)
            yes = kaiji_item_target_answer(it, t) != KAIJI_ANSWER_BLANK;
        *answered += yes;
    }
}

int kaiji_html_document(kaiji_html *h, const kaiji_document *doc)
{
    const labels *l = &h->lab;
    sink *r = &h->rows, *s = &h->sections;
    kaiji_status st = kaiji_document_status(doc);
    const char *stname = kaiji_status_name(st);
    const char *kind = kaiji_kind_name(kaiji_document_kind(doc));
    size_t nf = kaiji_document_finding_count(doc), errors = 0, warnings = 0;
    char date[KAIJI_DATE_SHOW_MAX];

    if ((size_t)st < sizeof h->by_status / sizeof h->by_status[0])
        h->by_status[st]++;
    h->n++;
    for (size_t i = 0; i < nf; i++) {
        kaiji_severity sev = kaiji_finding_severity(kaiji_document_finding(doc, i));
        errors += sev == KAIJI_SEVERITY_ERROR;
        warnings += sev == KAIJI_SEVERITY_WARNING;
    }

    puts_(r, "<tr class=\"row-");
    class_name(r, stname);
    putf(r, "\"><td class=\"num\"><a href=\"#d%zu\">%zu</a></td><td class=\"path\">", h->n, h->n);
    esc(r, kaiji_document_path(doc));
    puts_(r, "</td><td>");
    esc(r, word(l, "kind_short", kind));
    char form[KAIJI_WORD_FORM_MAX];
    bool reiwa = japanese(l);
    puts_(r, "</td><td class=\"nowrap\">");
    value(r, kaiji_word_form(form, kaiji_document_kind(doc), kaiji_document_form_version(doc),
                             reiwa));
    puts_(r, "</td><td class=\"wrap\">");
    value(r, kaiji_document_field(doc, KAIJI_FIELD_VENDOR));
    puts_(r, "</td><td>");
    badge(r, l, "document_status", stname, "s-");
    puts_(r, "</td><td class=\"num\">");
    {
        static const char *const names[] = {"errors", "warnings"};
        size_t values[] = {errors, warnings};
        fill(r, text_of(l, "errors_warnings"), names, values, 2);
    }
    puts_(r, "</td></tr>\n");

    putf(s, "<section class=\"doc\" id=\"d%zu\">\n<div class=\"doc-head\">\n"
            "<h3><span class=\"no\">%zu.</span><span class=\"path\">", h->n, h->n);
    esc(s, kaiji_document_path(doc));
    puts_(s, "</span> ");
    badge(s, l, "document_status", stname, "s-");
    puts_(s, "</h3>\n<table class=\"facts\">\n");
    fact_row(s, l, "kind", word(l, "kind", kind), "form_version",
             kaiji_word_form(form, kaiji_document_kind(doc), kaiji_document_form_version(doc),
                             reiwa),
             NULL);
    fact_row(s, l, "vendor", kaiji_document_field(doc, KAIJI_FIELD_VENDOR), "product",
             kaiji_document_field(doc, KAIJI_FIELD_PRODUCT), NULL);
    fact_row(s, l, "document_date", show_date(date, l, kaiji_document_date(doc), h->wareki),
             "guideline", kaiji_document_guideline(doc), NULL);
    if (st != KAIJI_STATUS_UNREADABLE) {
        size_t values[2];
        static const char *const names[] = {"total", "answered"};
        count_items(doc, &values[0], &values[1]);
        puts_(s, "<tr><th>");
        esc(s, text_of(l, "items"));
        puts_(s, "</th><td>");
        fill(s, text_of(l, "items_value"), names, values, 2);
        puts_(s, "</td><th>");
        esc(s, text_of(l, "sha256"));
        puts_(s, "</th><td class=\"hash\">");
        value(s, kaiji_document_sha256(doc));
        puts_(s, "</td></tr>\n");
    } else {
        const char *format = kaiji_format_name(kaiji_document_format(doc));
        fact_row(s, l, "format", word(l, "file_format", format), "sha256",
                 kaiji_document_sha256(doc), "hash");
    }
    puts_(s, "</table>\n</div>\n");
    if (nf == 0) {
        no_findings(s, l);
    } else {
        const char *lang = cJSON_GetStringValue(lookup(l, NULL, "lang"));
        char step[1024];
        findings_open(s, l);
        for (size_t i = 0; i < nf; i++) {
            const kaiji_finding *f = kaiji_document_finding(doc, i);
            if (h->catalogs)
                kaiji_catalogs_next_step_text(step, sizeof step, h->catalogs,
                                              kaiji_finding_code(f), kaiji_document_kind(doc),
                                              h->as_of_date, lang ? lang : "ja");
            finding_row(s, l, kaiji_finding_severity(f), kaiji_finding_code(f),
                        kaiji_finding_item(f), kaiji_finding_location(f),
                        kaiji_finding_message(f), h->catalogs ? step : NULL);
        }
        findings_close(s);
    }
    puts_(s, "</section>\n");
    return r->err ? r->err : s->err;
}

int kaiji_html_not_read(kaiji_html *h, const char *path, const char *reason,
                        const char *detail, const char *next_step)
{
    sink *r = &h->not_read;
    h->not_read_n++;
    putf(r, "<tr class=\"row-not-read\"><td class=\"num\">%zu</td><td class=\"path\">",
         h->not_read_n);
    esc(r, path);
    puts_(r, "</td><td class=\"wrap\">");
    esc(r, reason);
    if (detail && *detail) {
        esc(r, text_of(&h->lab, "detail_open"));
        esc(r, detail);
        esc(r, text_of(&h->lab, "detail_close"));
    }
    puts_(r, "</td><td class=\"wrap\">");
    esc(r, next_step);
    puts_(r, "</td></tr>\n");
    return r->err;
}

/* The table of the files not read, when there are any. */
static void write_not_read(sink *s, kaiji_html *h)
{
    const labels *l = &h->lab;
    static const char *const cols[] = {"no", "file", "not_read_reason", "next_step"};
    if (!h->not_read_n)
        return;
    puts_(s, "<h2>");
    esc(s, text_of(l, "not_read_list"));
    puts_(s, "</h2>\n<table class=\"not-read\">\n<thead><tr>");
    for (size_t i = 0; i < sizeof cols / sizeof cols[0]; i++) {
        puts_(s, "<th>");
        esc(s, text_of(l, cols[i]));
        puts_(s, "</th>");
    }
    puts_(s, "</tr></thead>\n<tbody>\n");
    copy_spool(s, &h->not_read);
    puts_(s, "</tbody>\n</table>\n");
}

int kaiji_html_end(kaiji_html *h)
{
    const labels *l = &h->lab;
    sink *s = &h->out;
    if (h->ended)
        return KAIJI_ERROR_INVALID;
    h->ended = true;
    bar bars[5];
    size_t nb = 0;
    static const kaiji_status order[] = {KAIJI_STATUS_VALID, KAIJI_STATUS_OUTDATED,
                                         KAIJI_STATUS_INVALID, KAIJI_STATUS_UNREADABLE,
                                         KAIJI_STATUS_UNCHECKED};
    for (size_t i = 0; i < 5; i++)
        if (order[i] != KAIJI_STATUS_UNCHECKED || h->by_status[order[i]])
            bars[nb++] = (bar){kaiji_status_name(order[i]), h->by_status[order[i]]};

    head_info hd = {"title_validate", "subtitle_validate", "documents", h->n, h->as_of,
                     h->made, h->target, h->org, h->author, h->reviewer};
    write_head(s, l, &hd);
    if (h->notice) {
        puts_(s, "<p class=\"notice\" role=\"note\">");
        esc(s, h->notice);
        puts_(s, "</p>\n");
    }
    write_summary(s, l, "summary_documents", "document_status", bars, nb, h->n);
    puts_(s, "<h2>");
    esc(s, text_of(l, "document_list"));
    puts_(s, "</h2>\n");
    if (h->n == 0) {
        puts_(s, "<p>");
        esc(s, text_of(l, "no_documents"));
        puts_(s, "</p>\n");
    } else {
        static const char *const cols[] = {"no", "file", "kind", "form_version",
                                           "vendor", "state", "findings"};
        puts_(s, "<table class=\"documents\">\n<thead><tr>");
        for (size_t i = 0; i < sizeof cols / sizeof cols[0]; i++) {
            puts_(s, "<th>");
            esc(s, text_of(l, cols[i]));
            puts_(s, "</th>");
        }
        puts_(s, "</tr></thead>\n<tbody>\n");
        copy_spool(s, &h->rows);
        puts_(s, "</tbody>\n</table>\n");
        write_not_read(s, h);
        puts_(s, "<h2>");
        esc(s, text_of(l, "document_sections"));
        puts_(s, "</h2>\n");
        copy_spool(s, &h->sections);
    }
    if (h->n == 0)
        write_not_read(s, h);
    write_footer(s, l);
    if (s->fp && fflush(s->fp) != 0 && !s->err)
        s->err = KAIJI_ERROR_IO;
    return s->err;
}

const char *kaiji_html_data(const kaiji_html *h, size_t *len)
{
    if (!h || h->out.fp || !h->ended || h->out.err) {
        if (len)
            *len = 0;
        return NULL;
    }
    if (len)
        *len = h->out.mem.len;
    return h->out.mem.data ? h->out.mem.data : "";
}

void kaiji_html_free(kaiji_html *h)
{
    if (!h)
        return;
    kaiji_buf_free(&h->out.mem);
    sink_close(&h->rows);
    sink_close(&h->sections);
    sink_close(&h->not_read);
    labels_free(&h->lab);
    free(h->as_of);
    free(h->target);
    free(h->notice);
    free(h->made);
    free(h->org);
    free(h->author);
    free(h->reviewer);
    free(h);
}

/* ---------------------------------------------------------- status report */

static const char *system_of(const kaiji_contract *c)
{
    return c->system[0] ? c->system : c->product;
}

/* The key of a contract document's state: document_state of labels.json. */
static const char *doc_state_key(const kaiji_status_document *d)
{
    if (d->present && d->status == KAIJI_STATUS_UNREADABLE)
        return "unreadable";
    return d->state && *d->state ? d->state : "missing";
}

/* The document of type among c's, or NULL. */
static const kaiji_status_document *doc_of(const kaiji_status_contract *c, unsigned type)
{
    for (size_t j = 0; j < c->document_count; j++)
        if (c->documents[j].type == type)
            return &c->documents[j];
    return NULL;
}

static void contract_row(sink *s, const labels *l, const kaiji_status_contract *c, size_t i,
                         bool wareki)
{
    char date[KAIJI_DATE_SHOW_MAX];
    const char *state = kaiji_contract_state_name(c->state);
    puts_(s, "<tr class=\"row-");
    class_name(s, state);
    puts_(s, "\"><td class=\"id wrap\">");
    esc(s, c->contract.id);
    puts_(s, "</td><td class=\"wrap\">");
    value(s, c->contract.vendor);
    puts_(s, "</td><td class=\"wrap\">");
    value(s, system_of(&c->contract));
    puts_(s, "</td><td>");
    badge(s, l, "contract_state", state, "s-");
    puts_(s, "</td><td class=\"nowrap\">");
    value(s, kaiji_date_valid(c->contract.due) ? show_date(date, l, c->contract.due, wareki) : "");
    if (c->overdue) { /* what is owed is in the document columns */
        static const char *const names[] = {"days"};
        size_t days = (size_t)c->days_overdue;
        puts_(s, "<br><small class=\"overdue\">");
        fill(s, text_of(l, "days_overdue"), names, &days, 1);
        puts_(s, "</small>");
    }
    if (kaiji_date_valid(c->last_reminder)) {
        puts_(s, "<br><small class=\"reminded\">");
        esc(s, text_of(l, "last_reminder"));
        puts_(s, " ");
        esc(s, show_date(date, l, c->last_reminder, wareki));
        puts_(s, "</small>");
    }
    puts_(s, "</td>");
    for (unsigned t = 1; t <= KAIJI_DOC_CHECKLIST; t <<= 1) {
        const kaiji_status_document *d = doc_of(c, t);
        puts_(s, "<td>");
        if (!d) {
            badge(s, l, "document_state", "not-required", "s-");
        } else if (d->present) {
            putf(s, "<a href=\"#c%zu-", i + 1);
            class_name(s, kaiji_doc_type_name(t));
            puts_(s, "\">");
            badge(s, l, "document_state", doc_state_key(d), "s-");
            puts_(s, "</a>");
        } else {
            badge(s, l, "document_state", doc_state_key(d), "s-");
        }
        puts_(s, "</td>");
    }
    puts_(s, "</tr>\n");
}

static void contract_doc_section(sink *s, const labels *l, const kaiji_status_contract *c,
                                 size_t i, const kaiji_status_document *d, bool wareki)
{
    char when[KAIJI_DATE_SHOW_MAX];
    const char *type = kaiji_doc_type_name(d->type);
    putf(s, "<section class=\"doc\" id=\"c%zu-", i + 1);
    class_name(s, type);
    puts_(s, "\">\n<div class=\"doc-head\">\n<h3><span class=\"no\">");
    esc(s, c->contract.id);
    puts_(s, "</span>");
    esc(s, word(l, "doc_type", type));
    puts_(s, " — <span class=\"path\">");
    esc(s, d->path);
    puts_(s, "</span> ");
    badge(s, l, "document_state", doc_state_key(d), "s-");
    puts_(s, "</h3>\n<table class=\"facts\">\n");
    fact_row(s, l, "vendor", c->contract.vendor, "system", system_of(&c->contract), NULL);
    char form[KAIJI_WORD_FORM_MAX];
    fact_row(s, l, "kind", word(l, "kind", d->kind), "form_version",
             kaiji_word_form(form, kaiji_kind_from_name(d->kind), d->form_version, japanese(l)),
             NULL);
    fact_row(s, l, "ingested_at", show_timestamp(when, l, d->ingested_at, wareki), "sha256", d->sha256, "hash");
    if (d->previous_valid)
        fact_row(s, l, "previous_valid", d->previous_valid->path, "sha256",
                 d->previous_valid->sha256, "hash");
    puts_(s, "</table>\n</div>\n");
    if (d->finding_count == 0) {
        no_findings(s, l);
    } else {
        findings_open(s, l);
        for (size_t k = 0; k < d->finding_count; k++) {
            const kaiji_status_finding *f = &d->findings[k];
            finding_row(s, l, f->severity, f->code, f->item, f->location, f->message, NULL);
        }
        findings_close(s);
    }
    puts_(s, "</section>\n");
}

/* The whole status report into s. */
static int write_status(sink *s, const kaiji_status_report *r, const kaiji_html_options *opts)
{
    labels lab;
    char date[KAIJI_DATE_SHOW_MAX], made[KAIJI_DATE_SHOW_MAX];
    bool wareki = opts && opts->wareki;
    int rc = labels_load(&lab, opts ? opts->data_dir : NULL,
                         opts ? opts->lang : KAIJI_LANG_JA);
    if (rc != KAIJI_OK)
        return rc;
    const labels *l = &lab;
    bar bars[KAIJI_CONTRACT__COUNT];
    for (int i = 0; i < KAIJI_CONTRACT__COUNT; i++)
        bars[i] = (bar){kaiji_contract_state_name((kaiji_contract_state)i), r->summary[i]};

    head_info hd = {"title_status", "subtitle_status", "contracts", r->count,
                     show_date(date, l, r->as_of, wareki),
                     show_date(made, l, report_date(opts), wareki),
                     opts && opts->target_guideline ? opts->target_guideline : "6.0",
                     opts ? opts->organization : NULL, opts ? opts->author : NULL,
                     opts ? opts->reviewer : NULL};
    write_head(s, l, &hd);
    write_summary(s, l, "summary_contracts", "contract_state", bars, KAIJI_CONTRACT__COUNT,
                  r->count);
    puts_(s, "<h2>");
    esc(s, text_of(l, "contract_list"));
    puts_(s, "</h2>\n");
    if (r->count == 0) {
        puts_(s, "<p>");
        esc(s, text_of(l, "no_contracts"));
        puts_(s, "</p>\n");
    } else {
        static const char *const cols[] = {"contract_id", "vendor", "system", "state", "due"};
        puts_(s, "<table class=\"contracts\">\n<thead><tr>");
        for (size_t i = 0; i < sizeof cols / sizeof cols[0]; i++) {
            puts_(s, "<th>");
            esc(s, text_of(l, cols[i]));
            puts_(s, "</th>");
        }
        for (unsigned t = 1; t <= KAIJI_DOC_CHECKLIST; t <<= 1) {
            puts_(s, "<th>");
            esc(s, word(l, "doc_type", kaiji_doc_type_name(t)));
            puts_(s, "</th>");
        }
        puts_(s, "</tr></thead>\n<tbody>\n");
        for (size_t i = 0; i < r->count; i++)
            contract_row(s, l, &r->contracts[i], i, wareki);
        puts_(s, "</tbody>\n</table>\n<h2>");
        esc(s, text_of(l, "document_sections"));
        puts_(s, "</h2>\n");
        for (size_t i = 0; i < r->count; i++)
            for (size_t j = 0; j < r->contracts[i].document_count; j++)
                if (r->contracts[i].documents[j].present)
                    contract_doc_section(s, l, &r->contracts[i], i,
                                         &r->contracts[i].documents[j], wareki);
    }
    write_footer(s, l);
    labels_free(&lab);
    if (s->fp && fflush(s->fp) != 0 && !s->err)
        s->err = KAIJI_ERROR_IO;
    return s->err;
}

int kaiji_html_status(FILE *fp, const kaiji_status_report *r, const kaiji_html_options *opts)
{
    sink s = {.fp = fp};
    return write_status(&s, r, opts);
}

int kaiji_html_status_string(char **out, size_t *len, const kaiji_status_report *r,
                             const kaiji_html_options *opts)
{
    sink s = {0};
    int rc = write_status(&s, r, opts);
    *out = NULL;
    if (len)
        *len = 0;
    if (rc != KAIJI_OK) {
        kaiji_buf_free(&s.mem);
        return rc;
    }
    size_t n;
    *out = kaiji_buf_detach(&s.mem, &n);
    if (!*out)
        return KAIJI_ERROR_NOMEM;
    if (len)
        *len = n;
    return KAIJI_OK;
}
