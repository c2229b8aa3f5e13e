/*
 * parser/recognize.c - turns a workbook grid into a document by what the
 * cells say, never by file name or fixed cell positions.
 *
 * For each sheet one pass over its cells classifies the short texts with the
 * vocabulary (catalog/vocab.h): title phrases, header-field labels, column
 * labels, kind clues.  The first row that reads like an item-table header
 * (ID and question labels, or either with answer labels) starts the table;
 * a second header row may split a merged 回答 / 確認日 into targets, choices
 * or rounds.  Every later row whose ID cell reads as an item ID is an item;
 * rows with a heading and no answer set the section.  The best sheet (visible,
 * titled, with the most answered items) is the form; header fields are found
 * by label anywhere outside its item rows, and on the other visible sheets.
 */
#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "base/base.h"
#include "parser/choices.h"
#include "parser/grid.h"
#include "catalog/vocab.h"
#include "text/text.h"

#define MAX_COLS 64          /* column specs of one item table */
#define MAX_REMARKS 4
#define MAX_CHOICES 24
#define INFER_SAMPLE 400     /* rows sampled to find an unlabelled column */
#define TITLE_ROWS 300       /* without a table, titles are looked for here */
#define MAX_HITS 4096        /* label hits kept per sheet */
#define MAX_VERSION_CELLS 32
#define MAX_VERSION_LINES 256 /* cells looked at for a form version stated in a line */
#define MAX_LINE_BYTES 1024   /* longer cells state no form version */
#define MAX_OTHER_TITLE 64    /* a key longer than this is a sentence, not a title */
#define MAX_ID_BYTES 64
#define TALL_MERGE 64        /* merges taller than this are not row-indexed */
#define MAX_MERGE_ENTRIES (4u << 20)
#define CACHE_MIN_SLOTS 256  /* the first size of the classification cache */
#define CACHE_MAX_PROBES 64
#define MAX_OVALS 4096       /* circling shapes looked at per sheet */
#define OVAL_MAX_COLS 16.0   /* a shape larger than this circles no word */
#define OVAL_MAX_ROWS 8.0
#define MAX_MARKS 32         /* ovals counted on one item */

/* ---- merged cells, indexed by row ------------------------------------ */

typedef struct merge_entry {
    uint32_t row, col1, col2;
    const kaiji_range *range;
} merge_entry;

/* The merges of a sheet: short ones by (row, col1), tall ones in a list;
 * linear when the index would be too big. */
typedef struct merge_index {
    merge_entry *entries;
    size_t count;
    const kaiji_range **tall;
    size_t tall_count;
    bool linear;
} merge_index;

static int cmp_merge_entry(const void *a, const void *b)
{
    const merge_entry *x = a, *y = b;

    if (x->row != y->row)
        return x->row < y->row ? -1 : 1;
    return x->col1 < y->col1 ? -1 : (x->col1 > y->col1);
}

/* Builds the index of sheet's merges; KAIJI_ERROR_NOMEM on failure. */
static int merge_index_build(merge_index *mi, const kaiji_sheet *sheet)
{
    size_t i, total = 0, tall = 0;

    memset(mi, 0, sizeof *mi);
    for (i = 0; i < sheet->merge_count; i++) {
        const kaiji_range *r = &sheet->merges[i];
        uint64_t h = (uint64_t)r->row2 - r->row1 + 1;

        if (h > TALL_MERGE)
            tall++;
        else
            total += h;
    }
    if (total > MAX_MERGE_ENTRIES || tall > 256) {
        mi->linear = true;
        return KAIJI_OK;
    }
    mi->entries = malloc((total ? total : 1) * sizeof *mi->entries);
    mi->tall = malloc((tall ? tall : 1) * sizeof *mi->tall);
    if (!mi->entries || !mi->tall)
        return KAIJI_ERROR_NOMEM;
    for (i = 0; i < sheet->merge_count; i++) {
        const kaiji_range *r = &sheet->merges[i];
        uint64_t k, h = (uint64_t)r->row2 - r->row1 + 1;

        if (h > TALL_MERGE) {
            mi->tall[mi->tall_count++] = r;
            continue;
        }
        for (k = 0; k < h; k++)
            mi->entries[mi->count++] = (merge_entry){ r->row1 + (uint32_t)k, r->col1,
                                                      r->col2, r };
    }
    if (mi->count)
        qsort(mi->entries, mi->count, sizeof *mi->entries, cmp_merge_entry);
    return KAIJI_OK;
}

static void merge_index_free(merge_index *mi)
{
    free(mi->entries);
    free(mi->tall);
    memset(mi, 0, sizeof *mi);
}

/* The merged range holding (row, col), or NULL. */
static const kaiji_range *merge_find(const merge_index *mi,
                                     const kaiji_sheet *sheet, uint32_t row,
                                     uint32_t col)
{
    size_t lo = 0, hi, i;

    if (!sheet->merge_count)
        return NULL;
    if (mi->linear)
        return kaiji_sheet_merge_at(sheet, row, col);
    hi = mi->count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const merge_entry *e = &mi->entries[mid];

        if (e->row < row || (e->row == row && e->col1 <= col))
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo > 0) {
        const merge_entry *e = &mi->entries[lo - 1];

        if (e->row == row && col >= e->col1 && col <= e->col2)
            return e->range;
    }
    for (i = 0; i < mi->tall_count; i++) {
        const kaiji_range *r = mi->tall[i];

        if (row >= r->row1 && row <= r->row2 && col >= r->col1 && col <= r->col2)
            return r;
    }
    return NULL;
}

/* ---- per-sheet scan state --------------------------------------------- */

typedef struct colspec {
    uint32_t c1, c2;
    kaiji_column_label lab;
    const char *target;  /* CHOICE under a target: the target's name */
    bool split;          /* a parent replaced by the labels below it */
} colspec;

typedef struct table {
    bool found;
    uint32_t header_row, data_row, max_col;
    colspec cols[MAX_COLS];
    size_t ncols;
    int id, question, answer, target_date, section;
    int remarks[MAX_REMARKS];
    size_t nremarks;
    int conf[KAIJI_MAX_CONFIRMATIONS];
    size_t nconf;
    int targets[KAIJI_MAX_TARGETS];
    size_t ntargets;
    int choices[MAX_CHOICES];
    size_t nchoices;
} table;

typedef enum id_class {
    ID_NONE = 0,
    ID_MDS2,    /* AUDT-1.2 */
    ID_CHECK,   /* 2(1), 2⑦, 2-(3) */
    ID_SUB,     /* (1), ⑦: needs its section number */
    ID_NUMBER,  /* 1, S1 */
    ID_DOTTED   /* 1-1, 1.2.3, A-1, S1-1, M-1-1, MDS-1-1 */
} id_class;

typedef struct cand {
    uint32_t row;
    const char *id;    /* normalised ID, or NULL for a text row */
    id_class cls;
    const char *text;  /* text row: its heading (a cell's text) */
    bool answered;
} cand;

typedef struct field_hit {
    uint32_t row, col;
    kaiji_field field;
    const char *inline_value; /* after "：" in the label's cell, or NULL */
} field_hit;

typedef struct title_hit {
    uint32_t row, col;  /* row 0: the sheet's name */
    uint64_t mask;
} title_hit;

typedef struct clue_hit {
    uint32_t row;
    unsigned kinds;
} clue_hit;

typedef struct cell_pos {
    uint32_t row, col;
} cell_pos;

/* A circling shape: its box in cell units (column C spans x 3 to 4) and
 * the row its middle lies in. */
typedef struct oval {
    double x1, y1, x2, y2;
    uint32_t row;
} oval;

/* What one oval on an item's row circles. */
typedef struct mark {
    uint32_t col;          /* the first column of the answer column it counts in */
    int choice;            /* a per-choice column (index of its spec), or -1 */
    kaiji_answer answer;
    const char *word;      /* the word circled, as written; NULL for a choice column */
    double x;              /* the oval's middle, to keep the sheet's order */
} mark;

typedef struct row_marks {
    mark m[MAX_MARKS];
    size_t n;
} row_marks;

typedef struct sheet_scan {
    const kaiji_sheet *sheet;
    merge_index mi;
    size_t *row_first;   /* see row_index_build(); NULL: no index */
    size_t *deferred;    /* cells after the table header: see scan_cells() */
    size_t ndeferred, deferred_cap;
    field_hit *fields;
    size_t nfields, fields_cap;
    title_hit *titles;
    size_t ntitles, titles_cap;
    clue_hit *clues;
    size_t nclues, clues_cap;
    cell_pos versions[MAX_VERSION_CELLS];
    size_t nversions;
    const char *mds2_edition;
    cell_pos mds2_edition_at;
    table tab;
    cand *cands;
    size_t ncands, cands_cap;
    oval *ovals;             /* see build_ovals() */
    size_t novals;
    size_t items, answered, mds2_ids;
    uint32_t last_row;       /* the last candidate row of the table */
    int title_rule, title_score;
    cell_pos title_at;
    uint32_t other_row;      /* the first row of the head naming a document that
                                is no disclosure (見積書) or heading a table of
                                line items (品名 | 数量 | 金額); 0 for none */
    uint64_t score;
} sheet_scan;

/* What a short text says, cached per distinct text. */
typedef struct classified {
    bool is_column;
    kaiji_column_label col;
    kaiji_field field;
    unsigned clues;
    const char *edition;
} classified;

/* An entry of the text cache: text borrowed from the workbook and what is
 * known of it so far. */
typedef struct cache_entry {
    const char *text;
    uint32_t hash;
    bool has_class, has_answer, has_edition;
    classified c;
    kaiji_answer answer;  /* kaiji_text_parse_answer(text, NULL) */
    const char *edition;  /* c.edition, known alone (has_edition) */
} cache_entry;

typedef struct rec {
    kaiji_document *doc;
    const kaiji_workbook *wb;
    const kaiji_vocab *v;
    kaiji_arena *scratch;
    sheet_scan *scans;
    size_t nscans;
    size_t label_max;
    uint32_t *cache;         /* open addressing, cache_mask + 1 slots, each
                                0 (free) or 1 + an index into entries */
    size_t cache_mask;
    cache_entry *entries;
    size_t entry_count, entry_cap;
    const kaiji_cell *field_cells[KAIJI_FIELD__COUNT];
    bool field_set[KAIJI_FIELD__COUNT];
} rec;

#define GROW(arr, count, cap) KAIJI_GROW(arr, count, cap)

/* ---- text helpers ----------------------------------------------------- */

/* Decorations around labels: 【製造業者名】, ■製品名, 作成日※. */
static const char *const decorations[] = {
    "【", "】", "[", "]", "「", "」", "<", ">", "《", "》", "〈", "〉", "■", "□",
    "●", "◆", "◇", "◎", "・", "*", "※", "★", "☆", "▼", "▶", "►", ":",
};

/* true when the character at p is one of decorations (which are all one
 * character long): a pre-filter, so that keys without decorations are
 * not compared with each of them. */
static bool maybe_decoration(const char *p)
{
    const unsigned char *u = (const unsigned char *)p;

    switch (u[0]) {
    case '[': case ']': case '<': case '>': case '*': case ':':
        return true;
    case 0xE2:
        switch (u[1]) {
        case 0x80: /* ※ */
            return u[2] == 0xBB;
        case 0x96: /* ■ □ ▶ ► ▼ */
            return u[2] == 0xA0 || u[2] == 0xA1 || u[2] == 0xB6 || u[2] == 0xBA ||
                   u[2] == 0xBC;
        case 0x97: /* ◆ ◇ ◎ ● */
            return u[2] == 0x86 || u[2] == 0x87 || u[2] == 0x8E || u[2] == 0x8F;
        case 0x98: /* ★ ☆ */
            return u[2] == 0x85 || u[2] == 0x86;
        default:
            return false;
        }
    case 0xE3:
        if (u[1] == 0x83) /* ・ */
            return u[2] == 0xBB;
        /* 〈〉《》「」 U+3008..U+300D, 【】 U+3010..U+3011 */
        return u[1] == 0x80 && ((u[2] >= 0x88 && u[2] <= 0x8D) || u[2] == 0x90 ||
                                u[2] == 0x91);
    default:
        return false;
    }
}

/* Removes decorations from both ends of key, in place. */
static void strip_decorations(char *key)
{
    bool changed = true;
    size_t last = strlen(key);

    if (!last)
        return;
    do
        last--;
    while (last > 0 && ((unsigned char)key[last] & 0xC0u) == 0x80u);
    if (!maybe_decoration(key) && !maybe_decoration(key + last))
        return;
    while (changed && *key) {
        size_t i, len = strlen(key);

        changed = false;
        for (i = 0; i < sizeof decorations / sizeof decorations[0]; i++) {
            size_t n = strlen(decorations[i]);

            if (len >= n && memcmp(key, decorations[i], n) == 0) {
                memmove(key, key + n, len - n + 1);
                changed = true;
                break;
            }
            if (len >= n && memcmp(key + len - n, decorations[i], n) == 0) {
                key[len - n] = '\0';
                changed = true;
                break;
            }
        }
    }
}

/* Removes a trailing "(...)" from key, in place; false when there is none. */
static bool strip_paren_suffix(char *key)
{
    size_t len = strlen(key);
    char *open;

    if (len < 3 || key[len - 1] != ')')
        return false;
    open = strrchr(key, '(');
    if (!open || open == key)
        return false;
    *open = '\0';
    return true;
}

/* Removes a leading enumerator ("1.", "1)", "(1)", "①") from key, in place;
 * false when there is none. */
static bool strip_enumerator(char *key)
{
    size_t i = 0, len = strlen(key);
    utf8proc_int32_t cp;
    utf8proc_ssize_t n;

    if (key[0] == '(') {
        for (i = 1; isdigit((unsigned char)key[i]); i++)
            ;
        if (i == 1 || key[i] != ')')
            return false;
        i++;
    } else if (isdigit((unsigned char)key[0])) {
        while (isdigit((unsigned char)key[i]))
            i++;
        if (key[i] != '.' && key[i] != ')')
            return false;
        i++;
    } else {
        n = utf8proc_iterate((const utf8proc_uint8_t *)key, (utf8proc_ssize_t)len, &cp);
        if (n <= 0 || !((cp >= 0x2460 && cp <= 0x2473) || (cp >= 0x2776 && cp <= 0x2793)))
            return false;
        i = (size_t)n;
    }
    if (i >= len)
        return false;
    memmove(key, key + i, len - i + 1);
    return true;
}

/* The header field a label key names, trying the key as written and without
 * decorations, a trailing "(...)" and a leading enumerator.  key is changed. */
static kaiji_field field_of(const kaiji_vocab *v, char *key)
{
    kaiji_field f = kaiji_vocab_field(v, key);

    if (f != KAIJI_FIELD__COUNT)
        return f;
    strip_decorations(key);
    if ((f = kaiji_vocab_field(v, key)) != KAIJI_FIELD__COUNT)
        return f;
    if (strip_paren_suffix(key)) {
        strip_decorations(key);
        if ((f = kaiji_vocab_field(v, key)) != KAIJI_FIELD__COUNT)
            return f;
    }
    if (strip_enumerator(key))
        f = kaiji_vocab_field(v, key);
    return f;
}

/* As field_of, for column labels.  key is changed. */
static bool column_of(const kaiji_vocab *v, char *key, kaiji_column_label *out)
{
    if (kaiji_vocab_column(v, key, out))
        return true;
    strip_decorations(key);
    if (kaiji_vocab_column(v, key, out))
        return true;
    if (strip_paren_suffix(key)) {
        strip_decorations(key);
        if (kaiji_vocab_column(v, key, out))
            return true;
    }
    return false;
}

/* The circled number cp stands for (① is 1), or 0. */
static int circled(utf8proc_int32_t cp)
{
    if (cp >= 0x2460 && cp <= 0x2473)
        return (int)(cp - 0x2460 + 1);
    if (cp >= 0x24F5 && cp <= 0x24FE)
        return (int)(cp - 0x24F5 + 1);
    if (cp >= 0x24EB && cp <= 0x24F4)
        return (int)(cp - 0x24EB + 11);
    if (cp >= 0x2776 && cp <= 0x277F)
        return (int)(cp - 0x2776 + 1);
    if (cp >= 0x2780 && cp <= 0x2789)
        return (int)(cp - 0x2780 + 1);
    if (cp >= 0x278A && cp <= 0x2793)
        return (int)(cp - 0x278A + 1);
    if (cp >= 0x3251 && cp <= 0x325F)
        return (int)(cp - 0x3251 + 21);
    if (cp >= 0x32B1 && cp <= 0x32BF)
        return (int)(cp - 0x32B1 + 36);
    return 0;
}

/*
 * An item ID as the form numbers it, made comparable: compatibility forms
 * folded (２－（３） reads 2-(3)) but circled numbers kept (2⑦), white space
 * removed, dashes unified, a trailing "." dropped.  Writes into out (at least
 * 4 * MAX_ID_BYTES + 8 bytes); false when s is too long or not UTF-8.
 */
static bool norm_id(const char *s, char *out, size_t out_size)
{
    size_t len = strlen(s), pos = 0, n = 0;

    if (len > MAX_ID_BYTES)
        return false;
    while (pos < len) {
        utf8proc_int32_t cp, buf[24];
        utf8proc_ssize_t used = utf8proc_iterate((const utf8proc_uint8_t *)s + pos,
                                                 (utf8proc_ssize_t)(len - pos), &cp);
        utf8proc_ssize_t k, count;
        int boundclass = 0;

        if (used <= 0)
            return false;
        pos += (size_t)used;
        if (cp < 0x80) {
            /* ASCII decomposes to itself; controls and the space go. */
            if (cp < 0x20 || cp == 0x7f || cp == ' ')
                continue;
            if (n + 5 >= out_size)
                return false;
            out[n++] = (char)cp;
            continue;
        }
        if (circled(cp)) {
            buf[0] = cp;
            count = 1;
        } else {
            count = utf8proc_decompose_char(cp, buf, 24,
                                            UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT,
                                            &boundclass);
            if (count < 0 || count > 24)
                return false;
        }
        for (k = 0; k < count; k++) {
            utf8proc_int32_t c = buf[k];
            const utf8proc_property_t *p = utf8proc_get_property(c);

            if (c < 0x20 || c == 0x7f || p->category == UTF8PROC_CATEGORY_ZS)
                continue;
            if ((c >= 0x2010 && c <= 0x2015) || c == 0x2212 || c == 0x30FC)
                c = '-';
            if (n + 5 >= out_size)
                return false;
            n += (size_t)utf8proc_encode_char(c, (utf8proc_uint8_t *)out + n);
        }
    }
    while (n > 0 && out[n - 1] == '.')
        n--;
    out[n] = '\0';
    return true;
}

static size_t count_digits(const char *p)
{
    size_t n = 0;

    while (p[n] >= '0' && p[n] <= '9')
        n++;
    return n;
}

static size_t count_upper(const char *p)
{
    size_t n = 0;

    while (p[n] >= 'A' && p[n] <= 'Z')
        n++;
    return n;
}

/* The length of a sub-number at p: "(3)" or a circled number; 0 if none. */
static size_t sub_number(const char *p)
{
    utf8proc_int32_t cp;
    utf8proc_ssize_t n;
    size_t d;

    if (*p == '(') {
        d = count_digits(p + 1);
        return d >= 1 && d <= 3 && p[1 + d] == ')' ? d + 2 : 0;
    }
    if (!*p)
        return 0;
    n = utf8proc_iterate((const utf8proc_uint8_t *)p, -1, &cp);
    return n > 0 && circled(cp) ? (size_t)n : 0;
}

/* The number of "-N" / ".N" groups (N of 1..3 digits) at p, at most 4, p
 * moved past them. */
static int number_groups(const char **p)
{
    int groups = 0;
    size_t d;

    while ((**p == '-' || **p == '.') && (d = count_digits(*p + 1)) && d <= 3 &&
           groups < 5) {
        *p += 1 + d;
        groups++;
    }
    return groups;
}

/*
 * The class of a normalised item ID.  A letter prefix is allowed: "A-1",
 * "M-1-1", "S1-1", "MDS-1-1" are dotted like "1-1", "S1" is a number like
 * "1"; but three or four letters, a dash and a number with at most two
 * ".N" after it ("AUTH-1", "DOC-7", "MPII-2.1") are MDS2 questions.
 */
static id_class classify_id(const char *s)
{
    size_t u = count_upper(s), d, k;
    const char *p;

    if (!*s)
        return ID_NONE;
    if (u >= 1 && u <= 4 && s[u] == '-') {
        int groups = 0;

        p = s + u + 1;
        if (!(d = count_digits(p)))
            return ID_NONE;
        p += d;
        if (u >= 3) {
            while (*p == '.' && groups < 2 && (d = count_digits(p + 1))) {
                p += 1 + d;
                groups++;
            }
            if (!*p)
                return ID_MDS2;
            /* MDS-1-1, SDS-2-3: a prefixed dotted ID */
            if (*p != '-' || number_groups(&p) > 4 || *p)
                return ID_NONE;
            return ID_DOTTED;
        }
        while ((*p == '-' || *p == '.') && (d = count_digits(p + 1)))
            p += 1 + d;
        return *p ? ID_NONE : ID_DOTTED;
    }
    if (u >= 1 && u <= 3 && (d = count_digits(s + u)) >= 1 && d <= 3) {
        /* S1, S1-1, S1.2 */
        int groups;

        p = s + u + d;
        groups = number_groups(&p);
        if (*p || groups > 4)
            return ID_NONE;
        return groups ? ID_DOTTED : ID_NUMBER;
    }
    if ((k = sub_number(s)))
        return s[k] ? ID_NONE : ID_SUB;
    d = count_digits(s);
    if (d < 1 || d > 3)
        return ID_NONE;
    p = s + d;
    if (!*p)
        return ID_NUMBER;
    if (*p == '-' && sub_number(p + 1))
        p++;
    if ((k = sub_number(p)))
        return p[k] ? ID_NONE : ID_CHECK;
    {
        int groups = 0;

        while ((*p == '-' || *p == '.') && (d = count_digits(p + 1)) && d <= 3) {
            p += 1 + d;
            groups++;
        }
        return !*p && groups >= 1 && groups <= 4 ? ID_DOTTED : ID_NONE;
    }
}

/* true when text is empty or only white space and placeholder strokes
 * ("__", "-", "－"). */
static bool placeholder(const char *text)
{
    const unsigned char *p = (const unsigned char *)text;

    if (!text)
        return true;
    while (*p) {
        if (*p == '_' || *p == '-' || *p == ' ' || *p == '\t' || *p == '\r' ||
            *p == '\n') {
            p++;
            continue;
        }
        /* －(EF BC 8D) ー(E3 83 BC) ―(E2 80 95) —(E2 80 94) ＿(EF BC BF) U+3000 */
        if ((p[0] == 0xEF && p[1] == 0xBC && (p[2] == 0x8D || p[2] == 0xBF)) ||
            (p[0] == 0xE3 && p[1] == 0x83 && p[2] == 0xBC) ||
            (p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x80) ||
            (p[0] == 0xE2 && p[1] == 0x80 && (p[2] == 0x94 || p[2] == 0x95))) {
            p += 3;
            continue;
        }
        return false;
    }
    return true;
}

static bool cell_blank(const kaiji_cell *c)
{
    return !c || kaiji_text_blank(c->text);
}

/* A date from a cell: a date cell, a serial number or yyyymmdd number, or
 * text as people write dates, a month alone too (2024年11月: day 0). */
static bool cell_date(const kaiji_workbook *wb, const kaiji_cell *c, kaiji_date *out)
{
    if (!c)
        return false;
    switch (c->type) {
    case KAIJI_CELL_DATE:
        if (!kaiji_date_valid(c->date))
            return false;
        *out = c->date;
        return true;
    case KAIJI_CELL_NUMBER:
        if (c->number >= 19000101 && c->number <= 99991231) {
            long v = (long)c->number;
            kaiji_date d = { (int)(v / 10000), (int)(v / 100 % 100), (int)(v % 100) };

            if (kaiji_date_valid(d)) {
                *out = d;
                return true;
            }
            return false;
        }
        if (c->number >= 10000 && c->number <= 2958465)
            return kaiji_text_excel_serial_date(c->number, wb->date1904, out);
        return false;
    case KAIJI_CELL_STRING:
        return kaiji_text_parse_date_or_month(c->text, out);
    default:
        return false;
    }
}

/* "Sheet!C14", quoting the sheet name as Excel does when it holds spaces or
 * punctuation: 'My Sheet'!C14.  In the document's arena; NULL on no memory. */
static const char *location(rec *r, const kaiji_sheet *sheet, uint32_t row,
                            uint32_t col)
{
    char ref[16];
    const unsigned char *p = (const unsigned char *)sheet->name;
    bool quote = !*p || isdigit(*p);
    size_t i, len = strlen(sheet->name), rlen;
    char *q, *out;

    kaiji_cellref(ref, row, col);
    rlen = strlen(ref);
    for (i = 0; i < len && !quote; i++) {
        if (p[i] < 0x80 && !isalnum(p[i]) && p[i] != '_' && p[i] != '.')
            quote = true;
        if (i + 2 < len && p[i] == 0xE3 && p[i + 1] == 0x80 && p[i + 2] == 0x80)
            quote = true;
    }
    if (!quote) {
        out = kaiji_arena_alloc(r->doc->arena, len + rlen + 2);
        if (!out)
            return NULL;
        memcpy(out, sheet->name, len);
        out[len] = '!';
        memcpy(out + len + 1, ref, rlen + 1);
        return out;
    }
    out = kaiji_arena_alloc(r->doc->arena, 2 * len + rlen + 4);
    if (!out)
        return NULL;
    q = out;
    *q++ = '\'';
    for (i = 0; i < len; i++) {
        if (sheet->name[i] == '\'')
            *q++ = '\'';
        *q++ = sheet->name[i];
    }
    *q++ = '\'';
    *q++ = '!';
    strcpy(q, ref);
    return out;
}

/* ---- scanning a sheet ------------------------------------------------- */

/*
 * Indexes the rows of the sheet: cells[row_first[r]] is its first cell at
 * or after row r, for r in 0..max_row + 1, so a lookup searches one row.  A
 * sheet whose rows far outnumber its cells is not indexed (lookups then
 * search the whole sheet); nor is one when memory runs short.
 */
static void row_index_build(sheet_scan *s)
{
    const kaiji_sheet *sh = s->sheet;
    size_t i, r = 0, rows;

    if (sh->max_row > 4 * (uint64_t)sh->cell_count + 1024)
        return;
    rows = (size_t)sh->max_row + 2;
    s->row_first = malloc(rows * sizeof *s->row_first);
    if (!s->row_first)
        return;
    for (i = 0; i < sh->cell_count; i++)
        while (r <= sh->cells[i].row)
            s->row_first[r++] = i;
    while (r < rows)
        s->row_first[r++] = sh->cell_count;
}

/* The cell of the sheet at (row, col), or NULL: kaiji_sheet_cell() through
 * the row index. */
static const kaiji_cell *cell_at(const sheet_scan *s, uint32_t row, uint32_t col)
{
    const kaiji_sheet *sh = s->sheet;
    size_t lo, hi, end;

    if (!s->row_first)
        return kaiji_sheet_cell(sh, row, col);
    if (row > sh->max_row)
        return NULL;
    lo = s->row_first[row];
    hi = end = s->row_first[row + 1];
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;

        if (sh->cells[mid].col < col)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < end && sh->cells[lo].col == col ? &sh->cells[lo] : NULL;
}

/* The cell of sheet at (row, col), or the top-left cell of the merged range
 * holding it. */
static const kaiji_cell *value_at(const sheet_scan *s, uint32_t row, uint32_t col)
{
    const kaiji_cell *c = cell_at(s, row, col);
    const kaiji_range *m;

    if (c || !s->sheet->merge_count)
        return c;
    m = merge_find(&s->mi, s->sheet, row, col);
    if (!m || (m->row1 == row && m->col1 == col))
        return NULL;
    return cell_at(s, m->row1, m->col1);
}

/* A hash of the NUL-terminated text, eight bytes at a time. */
static uint32_t text_hash(const char *text)
{
    uint64_t h = 0x9E3779B97F4A7C15u;
    size_t len = strlen(text), i;

    for (i = 0; i + 8 <= len; i += 8) {
        uint64_t w;

        memcpy(&w, text + i, 8);
        h = (h ^ w) * 0xFF51AFD7ED558CCDu;
        h ^= h >> 29;
    }
    if (i < len) {
        uint64_t w = 0;

        memcpy(&w, text + i, len - i);
        h = (h ^ w) * 0xFF51AFD7ED558CCDu;
    }
    h = (h ^ len) * 0xC4CEB9FE1A85EC53u;
    return (uint32_t)(h >> 32);
}

/* Doubles the slots of the text cache; false (and the cache as it was)
 * when memory runs out. */
static bool cache_grow(rec *r)
{
    size_t size = (r->cache_mask + 1) * 2, i;
    uint32_t *slots = calloc(size, sizeof *slots);

    if (!slots)
        return false;
    for (i = 0; i < r->entry_count; i++) {
        size_t k;

        for (k = r->entries[i].hash & (size - 1); slots[k]; k = (k + 1) & (size - 1))
            ;
        slots[k] = (uint32_t)i + 1;
    }
    free(r->cache);
    r->cache = slots;
    r->cache_mask = size - 1;
    return true;
}

/* Turns the text cache off (no memory for it): texts are looked at
 * uncached from then on. */
static void cache_off(rec *r)
{
    free(r->cache);
    free(r->entries);
    r->cache = NULL;
    r->entries = NULL;
    r->entry_count = r->entry_cap = 0;
}

/*
 * The cache entry of text: the one holding it, or a new one holding it with
 * nothing known yet; NULL when it is not cached (no memory for the cache,
 * or too many texts collide).  Each distinct text of the workbook is looked
 * at once: the cache borrows text, which the workbook owns for the whole
 * recognition.  The entry stays valid until the next call.
 */
static cache_entry *cache_entry_of(rec *r, const char *text)
{
    uint32_t h;
    size_t i, probes = 0;
    cache_entry *e;

    if (!r->cache)
        return NULL;
    if ((r->entry_count + 1) * 2 > r->cache_mask + 1 && !cache_grow(r)) {
        cache_off(r);
        return NULL;
    }
    if (r->entry_count == r->entry_cap &&
        !GROW(r->entries, r->entry_count, r->entry_cap)) {
        cache_off(r);
        return NULL;
    }
    h = text_hash(text);
    for (i = h & r->cache_mask; r->cache[i]; i = (i + 1) & r->cache_mask) {
        e = &r->entries[r->cache[i] - 1];
        if (e->hash == h && strcmp(e->text, text) == 0)
            return e;
        /* Texts made to collide are looked at uncached, in bounded time. */
        if (++probes == CACHE_MAX_PROBES)
            return NULL;
    }
    e = &r->entries[r->entry_count];
    memset(e, 0, sizeof *e);
    e->text = text;
    e->hash = h;
    r->cache[i] = (uint32_t)++r->entry_count;
    return e;
}

/* Classifies a short text (its key), through the cache. */
static bool classify_text(rec *r, const char *text, classified *out)
{
    cache_entry *slot = cache_entry_of(r, text);
    char *key, *copy, buf[256];
    size_t klen;

    if (slot && slot->has_class) {
        *out = slot->c;
        return true;
    }
    memset(out, 0, sizeof *out);
    out->field = KAIJI_FIELD__COUNT;
    key = kaiji_text_key(text);
    if (!key)
        return false;
    klen = strlen(key);
    copy = klen < sizeof buf ? buf : malloc(klen + 1);
    if (!copy) {
        free(key);
        return false;
    }
    memcpy(copy, key, klen + 1);
    out->edition = kaiji_vocab_mds2_edition(r->v, key);
    out->clues = kaiji_vocab_clues(r->v, key);
    out->is_column = column_of(r->v, copy, &out->col);
    memcpy(copy, key, klen + 1);
    out->field = field_of(r->v, copy);
    if (strcmp(copy, key) != 0)
        out->clues |= kaiji_vocab_clues(r->v, copy);
    if (copy != buf)
        free(copy);
    free(key);
    if (slot) {
        slot->c = *out;
        slot->has_class = slot->has_edition = true;
        slot->edition = out->edition;
    }
    return true;
}

/* The MDS2 edition a short text names (classify_text()'s edition) without
 * the rest of its classification; false when the text is not UTF-8 or
 * memory runs out. */
static bool text_edition(rec *r, const char *text, const char **out)
{
    cache_entry *slot = cache_entry_of(r, text);
    char *key;

    if (slot && slot->has_edition) {
        *out = slot->edition;
        return true;
    }
    key = kaiji_text_key(text);
    if (!key)
        return false;
    *out = kaiji_vocab_mds2_edition(r->v, key);
    free(key);
    if (slot) {
        slot->edition = *out;
        slot->has_edition = true;
    }
    return true;
}

/* kaiji_text_parse_answer(text, NULL), through the cache. */
static kaiji_answer text_answer(rec *r, const char *text)
{
    cache_entry *slot = cache_entry_of(r, text);
    kaiji_answer a;

    if (slot && slot->has_answer)
        return slot->answer;
    a = kaiji_text_parse_answer(text, NULL);
    if (slot) {
        slot->answer = a;
        slot->has_answer = true;
    }
    return a;
}

/* The position of the first "：" or ":" in text within max bytes, or NULL. */
static const char *find_colon(const char *text, size_t max)
{
    const char *a = strchr(text, ':');
    const char *b = strstr(text, "\xEF\xBC\x9A"); /* ： */

    if (a && (size_t)(a - text) > max)
        a = NULL;
    if (b && (size_t)(b - text) > max)
        b = NULL;
    if (a && b)
        return a < b ? a : b;
    return a ? a : b;
}

/* The roles a row's labels hold, to tell a table header. */
typedef struct row_tally {
    unsigned roles;
    size_t choices, targets;
    size_t lines;  /* column labels of a table of line items */
} row_tally;

static bool header_like(const row_tally *t)
{
    bool id = t->roles & (1u << KAIJI_COLUMN_ID);
    bool q = t->roles & (1u << KAIJI_COLUMN_QUESTION);
    bool ans = (t->roles & (1u << KAIJI_COLUMN_ANSWER)) || t->choices >= 2 ||
               t->targets >= 1;

    return (id && q) || (q && ans) || (id && ans);
}

static int add_field_hit(sheet_scan *s, uint32_t row, uint32_t col,
                         kaiji_field f, const char *inline_value)
{
    if (s->nfields >= MAX_HITS)
        return KAIJI_OK;
    if (!GROW(s->fields, s->nfields, s->fields_cap))
        return KAIJI_ERROR_NOMEM;
    s->fields[s->nfields++] = (field_hit){ row, col, f, inline_value };
    return KAIJI_OK;
}

/* Looks at one string cell during the sheet pass. */
static int scan_cell(rec *r, sheet_scan *s, const kaiji_cell *c, row_tally *tally,
                     bool head)
{
    size_t len = strlen(c->text);
    size_t limit = 3 * r->label_max + 24;
    classified cl = { .field = KAIJI_FIELD__COUNT };
    int rc = KAIJI_OK;

    if (len <= limit) {
        if (!classify_text(r, c->text, &cl))
            return KAIJI_OK;
        if (cl.is_column) {
            tally->roles |= 1u << cl.col.role;
            if (cl.col.role == KAIJI_COLUMN_CHOICE)
                tally->choices++;
            if (cl.col.role == KAIJI_COLUMN_TARGET)
                tally->targets++;
        }
        if (cl.field != KAIJI_FIELD__COUNT)
            rc = add_field_hit(s, c->row, c->col, cl.field, NULL);
        if (cl.clues && s->nclues < MAX_HITS) {
            if (!GROW(s->clues, s->nclues, s->clues_cap))
                return KAIJI_ERROR_NOMEM;
            s->clues[s->nclues++] = (clue_hit){ c->row, cl.clues };
        }
        if (cl.edition && !s->mds2_edition) {
            s->mds2_edition = cl.edition;
            s->mds2_edition_at = (cell_pos){ c->row, c->col };
        }
    }
    if (rc == KAIJI_OK && (len > limit || cl.field == KAIJI_FIELD__COUNT)) {
        const char *colon = find_colon(c->text, limit);

        if (colon) {
            char *label = kaiji_arena_strndup(r->scratch, c->text, (size_t)(colon - c->text));
            char *key = label ? kaiji_text_key(label) : NULL;
            kaiji_field f;

            if (!label)
                return KAIJI_ERROR_NOMEM;
            if (key && *key && (f = field_of(r->v, key)) != KAIJI_FIELD__COUNT)
                rc = add_field_hit(s, c->row, c->col, f,
                                   colon + (*colon == ':' ? 1 : 3));
            free(key);
        }
    }
    if (rc == KAIJI_OK && head) {
        char *key = kaiji_text_key(c->text);
        uint64_t mask;

        if (!key)
            return KAIJI_OK;
        if (kaiji_vocab_line_column(r->v, key))
            tally->lines++;
        if (!s->other_row && strlen(key) <= MAX_OTHER_TITLE &&
            kaiji_vocab_has_word(r->v, KAIJI_WORDS_OTHER_TITLE, key))
            s->other_row = c->row;
        mask = kaiji_vocab_title_phrases(r->v, key);
        if (mask && s->ntitles < MAX_HITS) {
            if (GROW(s->titles, s->ntitles, s->titles_cap))
                s->titles[s->ntitles++] = (title_hit){ c->row, c->col, mask };
            else
                rc = KAIJI_ERROR_NOMEM;
        }
        if ((strstr(key, "版") || strstr(key, "年度") || strstr(key, "令和") ||
             strstr(key, "ver")) && s->nversions < MAX_VERSION_CELLS)
            s->versions[s->nversions++] = (cell_pos){ c->row, c->col };
        if (!s->mds2_edition && (s->mds2_edition = kaiji_vocab_mds2_edition(r->v, key)))
            s->mds2_edition_at = (cell_pos){ c->row, c->col };
        free(key);
    }
    return rc;
}

/* One pass over the sheet's cells: label hits, title hits, the header row. */
static int scan_cells(rec *r, sheet_scan *s)
{
    const kaiji_sheet *sh = s->sheet;
    row_tally tally = { 0 };
    uint32_t row = 0;
    size_t i, strings = 0;
    int rc;
    char *key;
    bool defer;

    /* The cells after the table header wait until the table's extent is
     * known (scan_deferred()), so that the labels and clues of its rows,
     * which count for nothing, are not looked up.  Only when the hits of
     * the sheet cannot reach MAX_HITS: then none is dropped either way. */
    for (i = 0; i < sh->cell_count; i++)
        strings += sh->cells[i].type == KAIJI_CELL_STRING;
    defer = strings + 2 < MAX_HITS;

    key = kaiji_text_key(sh->name);
    if (key) {
        uint64_t mask = kaiji_vocab_title_phrases(r->v, key);
        unsigned clues = kaiji_vocab_clues(r->v, key);

        if (mask && GROW(s->titles, s->ntitles, s->titles_cap))
            s->titles[s->ntitles++] = (title_hit){ 0, 0, mask };
        if (clues && GROW(s->clues, s->nclues, s->clues_cap))
            s->clues[s->nclues++] = (clue_hit){ 0, clues };
        free(key);
    }
    for (i = 0; i <= sh->cell_count; i++) {
        const kaiji_cell *c = i < sh->cell_count ? &sh->cells[i] : NULL;

        if (!c || c->row != row) {
            if (!s->tab.found && row && header_like(&tally)) {
                s->tab.found = true;
                s->tab.header_row = row;
            }
            if (!s->other_row && row && tally.lines >= 2)
                s->other_row = row;
            memset(&tally, 0, sizeof tally);
            if (!c)
                break;
            row = c->row;
        }
        if (c->type != KAIJI_CELL_STRING)
            continue;
        if (s->tab.found && defer) {
            if (!GROW(s->deferred, s->ndeferred, s->deferred_cap))
                return KAIJI_ERROR_NOMEM;
            s->deferred[s->ndeferred++] = i;
            continue;
        }
        if ((rc = scan_cell(r, s, c, &tally, !s->tab.found && c->row <= TITLE_ROWS)) !=
            KAIJI_OK)
            return rc;
    }
    return KAIJI_OK;
}

/* true when row of s lies in its item table. */
static bool in_table(const sheet_scan *s, uint32_t row)
{
    return s->tab.found && s->ncands && row >= s->tab.header_row && row <= s->last_row;
}

/*
 * Looks at the cells scan_cells() put off, in their order, once the item
 * table is known: those inside it can only name the MDS2 edition (their
 * labels and clues are not used), those after it are scanned in full.
 */
static int scan_deferred(rec *r, sheet_scan *s)
{
    size_t limit = 3 * r->label_max + 24, k;
    row_tally tally = { 0 };
    int rc;

    for (k = 0; k < s->ndeferred; k++) {
        const kaiji_cell *c = &s->sheet->cells[s->deferred[k]];
        const char *edition;

        if (!in_table(s, c->row)) {
            if ((rc = scan_cell(r, s, c, &tally, false)) != KAIJI_OK)
                return rc;
            continue;
        }
        if (s->mds2_edition || strlen(c->text) > limit)
            continue;
        if (text_edition(r, c->text, &edition) && edition) {
            s->mds2_edition = edition;
            s->mds2_edition_at = (cell_pos){ c->row, c->col };
        }
    }
    return KAIJI_OK;
}

/* The label of a header cell, if it is one. */
static bool header_label(rec *r, const kaiji_cell *c, kaiji_column_label *out)
{
    classified cl;

    if (!c || c->type != KAIJI_CELL_STRING || strlen(c->text) > 3 * r->label_max + 24)
        return false;
    if (!classify_text(r, c->text, &cl) || !cl.is_column)
        return false;
    *out = cl.col;
    return true;
}

static int spec_at(const table *t, uint32_t col)
{
    size_t i;

    for (i = 0; i < t->ncols; i++)
        if (!t->cols[i].split && col >= t->cols[i].c1 && col <= t->cols[i].c2)
            return (int)i;
    return -1;
}

static bool sub_label(const kaiji_column_label *l)
{
    return l->role == KAIJI_COLUMN_TARGET || l->role == KAIJI_COLUMN_CHOICE ||
           (l->role == KAIJI_COLUMN_CONFIRMATION && l->round > 0);
}

static int cmp_spec(const void *a, const void *b)
{
    const colspec *x = a, *y = b;

    return x->c1 < y->c1 ? -1 : (x->c1 > y->c1);
}

/* Gives each column spec its place in the table (id, answer, targets...). */
static void assign_roles(table *t)
{
    size_t i, k;
    bool used[KAIJI_MAX_CONFIRMATIONS] = { false };

    qsort(t->cols, t->ncols, sizeof t->cols[0], cmp_spec);
    t->id = t->question = t->answer = t->target_date = t->section = -1;
    t->nremarks = t->nconf = t->ntargets = t->nchoices = 0;
    for (i = 0; i < KAIJI_MAX_CONFIRMATIONS; i++)
        t->conf[i] = -1;
    for (i = 0; i < t->ncols; i++) {
        const colspec *c = &t->cols[i];

        if (c->c2 > t->max_col)
            t->max_col = c->c2;
        switch (c->lab.role) {
        case KAIJI_COLUMN_ID:
            if (t->id < 0) t->id = (int)i;
            break;
        case KAIJI_COLUMN_QUESTION:
            if (t->question < 0) t->question = (int)i;
            break;
        case KAIJI_COLUMN_ANSWER:
            if (t->answer < 0) t->answer = (int)i;
            break;
        case KAIJI_COLUMN_TARGET_DATE:
            if (t->target_date < 0) t->target_date = (int)i;
            break;
        case KAIJI_COLUMN_SECTION:
            if (t->section < 0) t->section = (int)i;
            break;
        case KAIJI_COLUMN_REMARKS:
            if (t->nremarks < MAX_REMARKS) t->remarks[t->nremarks++] = (int)i;
            break;
        case KAIJI_COLUMN_TARGET:
            if (t->ntargets < KAIJI_MAX_TARGETS) t->targets[t->ntargets++] = (int)i;
            break;
        case KAIJI_COLUMN_CHOICE:
            if (t->nchoices < MAX_CHOICES) t->choices[t->nchoices++] = (int)i;
            break;
        case KAIJI_COLUMN_CONFIRMATION:
            if (c->lab.round > 0 && c->lab.round <= KAIJI_MAX_CONFIRMATIONS &&
                !used[c->lab.round - 1]) {
                used[c->lab.round - 1] = true;
                t->conf[c->lab.round - 1] = (int)i;
            }
            break;
        default:
            break;
        }
    }
    for (i = 0; i < t->ncols; i++) {
        if (t->cols[i].lab.role != KAIJI_COLUMN_CONFIRMATION || t->cols[i].lab.round > 0)
            continue;
        for (k = 0; k < KAIJI_MAX_CONFIRMATIONS && used[k]; k++)
            ;
        if (k == KAIJI_MAX_CONFIRMATIONS)
            break;
        used[k] = true;
        t->conf[k] = (int)i;
    }
    for (k = KAIJI_MAX_CONFIRMATIONS; k > 0 && t->conf[k - 1] < 0; k--)
        ;
    t->nconf = k;
}

/* Reads the header row (and a second header row below it) into column
 * specs. */
static void build_table(rec *r, sheet_scan *s)
{
    table *t = &s->tab;
    const kaiji_cell *cells;
    size_t n, i, parents;
    uint32_t hr = t->header_row, below = hr + 1;
    bool sub = true, any_sub = false;

    n = kaiji_sheet_row(s->sheet, hr, &cells);
    for (i = 0; i < n && t->ncols < MAX_COLS; i++) {
        kaiji_column_label lab;
        const kaiji_range *m;
        colspec *c;

        if (!header_label(r, &cells[i], &lab))
            continue;
        m = merge_find(&s->mi, s->sheet, hr, cells[i].col);
        c = &t->cols[t->ncols++];
        memset(c, 0, sizeof *c);
        c->c1 = cells[i].col;
        c->c2 = m ? m->col2 : cells[i].col;
        c->lab = lab;
        if (m && m->row2 + 1 > below)
            below = m->row2 + 1;
    }
    parents = t->ncols;
    /* A second header row: only labels, at least one of them below a wide
     * parent or a target / choice / round label. */
    n = kaiji_sheet_row(s->sheet, hr + 1, &cells);
    for (i = 0; i < n; i++) {
        kaiji_column_label lab;
        int p;

        if (cell_blank(&cells[i]))
            continue;
        if (!header_label(r, &cells[i], &lab)) {
            sub = false;
            break;
        }
        p = spec_at(t, cells[i].col);
        if (p >= 0 && t->cols[p].lab.role == KAIJI_COLUMN_ID)
            sub = false;
        if (sub_label(&lab) || (p >= 0 && t->cols[p].c2 > t->cols[p].c1))
            any_sub = true;
    }
    if (n && sub && any_sub) {
        for (i = 0; i < n && t->ncols < MAX_COLS; i++) {
            kaiji_column_label lab;
            const kaiji_range *m;
            int p;
            colspec *c;

            if (!header_label(r, &cells[i], &lab))
                continue;
            p = spec_at(t, cells[i].col);
            if (p >= 0 && (size_t)p < parents && !sub_label(&lab))
                continue;
            m = merge_find(&s->mi, s->sheet, hr + 1, cells[i].col);
            c = &t->cols[t->ncols++];
            memset(c, 0, sizeof *c);
            c->c1 = cells[i].col;
            c->c2 = m ? m->col2 : cells[i].col;
            c->lab = lab;
            if (p >= 0 && (size_t)p < parents) {
                if (t->cols[p].lab.role == KAIJI_COLUMN_TARGET &&
                    lab.role == KAIJI_COLUMN_CHOICE)
                    c->target = t->cols[p].lab.name;
                t->cols[p].split = true;
            }
        }
        if (hr + 2 > below)
            below = hr + 2;
    }
    /* Drop the parents the second row replaced. */
    for (i = 0, n = 0; i < t->ncols; i++)
        if (!t->cols[i].split)
            t->cols[n++] = t->cols[i];
    t->ncols = n;
    t->data_row = below;
    assign_roles(t);
}

/* The first non-blank value in columns c1..c2 of row. */
static const kaiji_cell *span_value(const sheet_scan *s, uint32_t row,
                                    uint32_t c1, uint32_t c2)
{
    uint32_t c;

    for (c = c1; c <= c2 && c - c1 < 64; c++) {
        const kaiji_cell *v = value_at(s, row, c);

        if (!cell_blank(v))
            return v;
    }
    return NULL;
}

static const kaiji_cell *spec_value(const sheet_scan *s, int spec, uint32_t row)
{
    if (spec < 0)
        return NULL;
    return span_value(s, row, s->tab.cols[spec].c1, s->tab.cols[spec].c2);
}

/* The raw ID of row: the values of the ID columns, joined. */
static void raw_id(const sheet_scan *s, uint32_t row, char *out, size_t size)
{
    const colspec *c = &s->tab.cols[s->tab.id];
    const kaiji_cell *prev = NULL;
    size_t n = 0;
    uint32_t col;

    out[0] = '\0';
    for (col = c->c1; col <= c->c2 && col - c->c1 < 8; col++) {
        const kaiji_cell *v = value_at(s, row, col);
        size_t len;

        if (!v || v == prev || v->type == KAIJI_CELL_DATE)
            continue;
        prev = v;
        len = strlen(v->text);
        if (n + len + 1 > size) {
            out[0] = '\0';
            return;
        }
        memcpy(out + n, v->text, len + 1);
        n += len;
    }
}

/* true when any answer cell of row holds something. */
static bool row_answered(const sheet_scan *s, uint32_t row)
{
    const table *t = &s->tab;
    size_t i;

    if (t->answer >= 0 && spec_value(s, t->answer, row))
        return true;
    for (i = 0; i < t->ntargets; i++)
        if (spec_value(s, t->targets[i], row))
            return true;
    for (i = 0; i < t->nchoices; i++)
        if (spec_value(s, t->choices[i], row))
            return true;
    return false;
}

/* The section number written left of the ID columns on row ("2" beside
 * "(1)"), into out; false when there is none. */
static bool left_section_number(const sheet_scan *s, uint32_t row, char *out,
                                size_t size)
{
    uint32_t c1 = s->tab.cols[s->tab.id].c1, col;

    for (col = c1 - 1; col >= 1 && c1 - col <= 2; col--) {
        const kaiji_cell *v = value_at(s, row, col);
        int spec = spec_at(&s->tab, col);

        if (spec >= 0 && s->tab.cols[spec].lab.role != KAIJI_COLUMN_SECTION)
            break;
        if (v && norm_id(v->text, out, size)) {
            size_t d = count_digits(out);

            if (d >= 1 && d <= 3) {
                out[d] = '\0';
                return true;
            }
        }
    }
    return false;
}

/* Finds the ID column of a table whose header names none: the column left
 * of the question whose values most often read as item IDs. */
static void infer_id_column(sheet_scan *s)
{
    table *t = &s->tab;
    size_t best_count = 0, counts[MAX_COLS + 1] = { 0 };
    uint32_t col, best = 0, row, last = t->data_row + INFER_SAMPLE;
    char id[4 * MAX_ID_BYTES + 8];

    for (row = t->data_row; row <= s->sheet->max_row && row < last; row++) {
        const kaiji_cell *cells;
        size_t n = kaiji_sheet_row(s->sheet, row, &cells), i;

        for (i = 0; i < n; i++) {
            col = cells[i].col;
            if (col > MAX_COLS || spec_at(t, col) >= 0 || cells[i].type == KAIJI_CELL_DATE)
                continue;
            if (norm_id(cells[i].text, id, sizeof id) && classify_id(id) != ID_NONE)
                counts[col]++;
        }
    }
    for (col = 1; col <= MAX_COLS; col++)
        if (counts[col] > best_count) {
            best_count = counts[col];
            best = col;
        }
    if (best_count >= 2 && t->ncols < MAX_COLS) {
        colspec *c = &t->cols[t->ncols++];

        memset(c, 0, sizeof *c);
        c->c1 = c->c2 = best;
        c->lab.role = KAIJI_COLUMN_ID;
        assign_roles(t);
    }
}

/* Finds the answer column of a table whose header names none: the column
 * whose values most often read as answers, else one whose data-validation
 * list is answers. */
static void infer_answer_column(rec *r, sheet_scan *s)
{
    table *t = &s->tab;
    size_t counts[MAX_COLS + 1] = { 0 }, filled[MAX_COLS + 1] = { 0 };
    size_t k, sample = s->ncands < INFER_SAMPLE ? s->ncands : INFER_SAMPLE;
    size_t best_count = 0;
    uint32_t col, best = 0, maxc = s->sheet->max_col;

    if (t->answer >= 0 || t->ntargets || t->nchoices || !s->ncands)
        return;
    if (maxc > MAX_COLS)
        maxc = MAX_COLS;
    for (k = 0; k < sample; k++) {
        if (!s->cands[k].id)
            continue;
        for (col = 1; col <= maxc; col++) {
            const kaiji_cell *v;
            kaiji_answer a;

            if (spec_at(t, col) >= 0)
                continue;
            v = value_at(s, s->cands[k].row, col);
            if (cell_blank(v) || v->type != KAIJI_CELL_STRING)
                continue;
            filled[col]++;
            a = text_answer(r, v->text);
            if (a != KAIJI_ANSWER_BLANK && a != KAIJI_ANSWER_INVALID)
                counts[col]++;
        }
    }
    for (col = 1; col <= maxc; col++)
        if (counts[col] > best_count && counts[col] * 4 >= filled[col]) {
            best_count = counts[col];
            best = col;
        }
    if (!best) {
        for (k = 0; k < sample && !best; k++) {
            if (!s->cands[k].id)
                continue;
            for (col = 1; col <= maxc && !best; col++) {
                const kaiji_validation *val;
                size_t i, ok = 0;

                if (spec_at(t, col) >= 0)
                    continue;
                val = kaiji_sheet_validation_at(s->sheet, s->cands[k].row, col);
                if (!val || !val->item_count)
                    continue;
                for (i = 0; i < val->item_count; i++) {
                    kaiji_answer a = text_answer(r, val->items[i]);

                    if (a != KAIJI_ANSWER_BLANK && a != KAIJI_ANSWER_INVALID)
                        ok++;
                }
                if (ok * 2 > val->item_count)
                    best = col;
            }
            break; /* the first item row decides */
        }
    }
    if (best && t->ncols < MAX_COLS) {
        colspec *c = &t->cols[t->ncols++];

        memset(c, 0, sizeof *c);
        c->c1 = c->c2 = best;
        c->lab.role = KAIJI_COLUMN_ANSWER;
        assign_roles(t);
    }
}

/* Finds the question column of a table whose header names none: the column
 * with the most text. */
static void infer_question_column(sheet_scan *s)
{
    table *t = &s->tab;
    size_t bytes[MAX_COLS + 1] = { 0 }, best_bytes = 0;
    uint32_t col, best = 0, row, last = t->data_row + INFER_SAMPLE;

    for (row = t->data_row; row <= s->sheet->max_row && row < last; row++) {
        const kaiji_cell *cells;
        size_t n = kaiji_sheet_row(s->sheet, row, &cells), i;

        for (i = 0; i < n; i++)
            if (cells[i].col <= MAX_COLS && spec_at(t, cells[i].col) < 0 &&
                cells[i].type == KAIJI_CELL_STRING)
                bytes[cells[i].col] += strlen(cells[i].text);
    }
    for (col = 1; col <= MAX_COLS; col++)
        if (bytes[col] > best_bytes) {
            best_bytes = bytes[col];
            best = col;
        }
    if (best && t->ncols < MAX_COLS) {
        colspec *c = &t->cols[t->ncols++];

        memset(c, 0, sizeof *c);
        c->c1 = c->c2 = best;
        c->lab.role = KAIJI_COLUMN_QUESTION;
        assign_roles(t);
    }
}

/* The index of the first cell of sheet at or after row. */
static size_t first_cell_of_row(const kaiji_sheet *sheet, uint32_t row)
{
    size_t lo = 0, hi = sheet->cell_count;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;

        if (sheet->cells[mid].row < row)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Collects the rows after the header that hold an item ID or a heading. */
static int collect_candidates(rec *r, sheet_scan *s)
{
    const kaiji_sheet *sh = s->sheet;
    table *t = &s->tab;
    char raw[4 * MAX_ID_BYTES + 8], id[4 * MAX_ID_BYTES + 8];
    char section_no[4 * MAX_ID_BYTES + 8] = "";
    size_t i = first_cell_of_row(sh, t->data_row);

    while (i < sh->cell_count) {
        uint32_t row = sh->cells[i].row;
        id_class cls = ID_NONE;
        cand c = { .row = row };

        while (i < sh->cell_count && sh->cells[i].row == row)
            i++;
        raw_id(s, row, raw, sizeof raw);
        if (raw[0] && norm_id(raw, id, sizeof id))
            cls = classify_id(id);
        if (cls == ID_SUB) {
            char left[4 * MAX_ID_BYTES + 8];
            const char *num = left_section_number(s, row, left, sizeof left)
                                  ? left : section_no;

            if (*num && strlen(num) + strlen(id) + 1 < sizeof id) {
                memmove(id + strlen(num), id, strlen(id) + 1);
                memcpy(id, num, strlen(num));
                cls = ID_CHECK;
            }
        }
        if (cls == ID_NUMBER) {
            strcpy(section_no, id);
        } else if (cls == ID_CHECK) {
            size_t d = count_digits(id);

            memcpy(section_no, id, d);
            section_no[d] = '\0';
        }
        if (cls != ID_NONE) {
            c.id = kaiji_arena_strdup(r->scratch, id);
            if (!c.id)
                return KAIJI_ERROR_NOMEM;
            c.cls = cls;
            if (cls == ID_MDS2)
                s->mds2_ids++;
        } else {
            const kaiji_cell *v = spec_value(s, t->id, row);

            if (!v || v->type != KAIJI_CELL_STRING)
                v = t->question >= 0 ? spec_value(s, t->question, row) : NULL;
            if (!v || v->type != KAIJI_CELL_STRING)
                continue;
            c.text = v->text;
        }
        if (!GROW(s->cands, s->ncands, s->cands_cap))
            return KAIJI_ERROR_NOMEM;
        s->cands[s->ncands++] = c;
        if (c.id)
            s->last_row = row;
    }
    return KAIJI_OK;
}

/* true when the ID next extends id ("1" -> "1-1", "2" -> "2(1)"); paren
 * is set when it does so with a parenthesised or circled number. */
static bool extends(const char *id, const char *next, bool *paren)
{
    size_t n = strlen(id);

    if (strncmp(id, next, n) != 0 || !next[n] || isdigit((unsigned char)next[n]))
        return false;
    *paren = next[n] == '(' || (unsigned char)next[n] >= 0x80 ||
             (next[n] == '-' && (next[n + 1] == '(' || (unsigned char)next[n + 1] >= 0x80));
    return true;
}

/* ---- shapes circling an answer ---------------------------------------- */

/* The geometries people circle a word with: an ellipse, and the rounded
 * boxes Japanese forms are often marked with. */
static bool circling(const char *kind)
{
    static const char *const kinds[] = {
        "ellipse", "flowChartConnector", "roundRect", "flowChartAlternateProcess",
    };
    size_t i;

    for (i = 0; kind && i < sizeof kinds / sizeof kinds[0]; i++)
        if (strcmp(kind, kinds[i]) == 0)
            return true;
    return false;
}

static int cmp_oval(const void *a, const void *b)
{
    const oval *x = a, *y = b;

    if (x->row != y->row)
        return x->row < y->row ? -1 : 1;
    return x->x1 < y->x1 ? -1 : (x->x1 > y->x1);
}

/*
 * Collects the sheet's circling shapes small enough to circle one word (at
 * most OVAL_MAX_COLS wide and OVAL_MAX_ROWS tall), at most MAX_OVALS of
 * them, ordered by the row their middle lies in.
 */
static int build_ovals(sheet_scan *s)
{
    const kaiji_sheet *sh = s->sheet;
    size_t i, n = 0;

    if (!sh->shape_count)
        return KAIJI_OK;
    s->ovals = malloc((sh->shape_count < MAX_OVALS ? sh->shape_count : MAX_OVALS) *
                      sizeof *s->ovals);
    if (!s->ovals)
        return KAIJI_ERROR_NOMEM;
    for (i = 0; i < sh->shape_count && n < MAX_OVALS; i++) {
        const kaiji_shape *p = &sh->shapes[i];
        oval o;
        double mid;

        if (!circling(p->kind))
            continue;
        if (!sh->shape_boxes || (sh->shape_boxes[i].left == 0 && sh->shape_boxes[i].right == 0)) {
            o.x1 = p->anchor.col1;
            o.x2 = (double)p->anchor.col2 + 1;
            o.y1 = p->anchor.row1;
            o.y2 = (double)p->anchor.row2 + 1;
        } else {
            o.x1 = sh->shape_boxes[i].left;
            o.x2 = sh->shape_boxes[i].right;
            o.y1 = sh->shape_boxes[i].top;
            o.y2 = sh->shape_boxes[i].bottom;
        }
        if (!(o.x1 >= 1 && o.y1 >= 1 && o.x2 > o.x1 && o.y2 > o.y1 &&
              o.x2 - o.x1 <= OVAL_MAX_COLS && o.y2 - o.y1 <= OVAL_MAX_ROWS &&
              o.x2 <= 16385 && o.y2 <= 1048577))
            continue;
        mid = (o.y1 + o.y2) / 2;
        o.row = (uint32_t)mid;
        s->ovals[n++] = o;
    }
    s->novals = n;
    if (n)
        qsort(s->ovals, n, sizeof *s->ovals, cmp_oval);
    return KAIJI_OK;
}

/* The index of the first oval whose middle is at or below row. */
static size_t first_oval(const sheet_scan *s, uint32_t row)
{
    size_t lo = 0, hi = s->novals;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;

        if (s->ovals[mid].row < row)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* The last row of the item on row: cells merged down from it stretch it. */
static uint32_t item_band_end(const sheet_scan *s, uint32_t row)
{
    const table *t = &s->tab;
    uint32_t end = row;
    size_t i;

    if (!s->sheet->merge_count)
        return row;
    for (i = 0; i < t->ncols; i++) {
        const kaiji_range *m = merge_find(&s->mi, s->sheet, row, t->cols[i].c1);

        if (m && m->row1 == row && m->row2 > end)
            end = m->row2;
    }
    return end - row > (uint32_t)OVAL_MAX_ROWS ? row + (uint32_t)OVAL_MAX_ROWS : end;
}

static bool is_answer(kaiji_answer a)
{
    return a == KAIJI_ANSWER_YES || a == KAIJI_ANSWER_NO || a == KAIJI_ANSWER_NA ||
           a == KAIJI_ANSWER_SEE_NOTE;
}

static bool answer_role(const table *t, int spec)
{
    return spec >= 0 && (t->cols[spec].lab.role == KAIJI_COLUMN_ANSWER ||
                         t->cols[spec].lab.role == KAIJI_COLUMN_TARGET);
}

/*
 * What text offers to be circled: true with *set filled (count >= 2) for
 * words printed together ("はい・いいえ"), true with *answer for one answer
 * word (with a comment after it only when loose), false for anything else.
 */
static bool circle_word(const char *text, bool loose, kaiji_answer *answer,
                        kaiji_choice_set *set)
{
    char *comment = NULL;
    bool bare;

    if (kaiji_choice_split(text, set))
        return true;
    set->count = 0;
    *answer = kaiji_text_parse_answer(text, &comment);
    bare = !comment || kaiji_text_blank(comment);
    free(comment);
    return is_answer(*answer) && (loose || bare);
}

/* The width in pixels of column c of sheet. */
static double col_px(const kaiji_sheet *sh, uint32_t c)
{
    size_t lo = 0, hi = sh->col_width_count;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;

        if (sh->col_widths[mid].max < c)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < sh->col_width_count && sh->col_widths[lo].min <= c)
        return sh->col_widths[lo].px;
    return sh->default_col_px > 0 ? sh->default_col_px : 64;
}

/*
 * Where x (in cell units) falls in a text width half-width columns wide
 * shown in the cells of box: in half-width columns from the text's start.
 * The text is taken as centred in the cells (as forms print choices to be
 * circled), at the default font's 22/3 pixels a half-width column; a text
 * wider than its cells is taken as squeezed into them.
 */
static double text_column(const kaiji_sheet *sh, const kaiji_range *box, double x,
                          size_t width)
{
    double cell = 0, at = 0, text = (double)width * 22.0 / 3.0;
    uint32_t c;

    for (c = box->col1; c <= box->col2 && c - box->col1 < 64; c++) {
        double w = col_px(sh, c);

        if (x >= c + 1)
            at += w;
        else if (x > c)
            at += (x - c) * w;
        cell += w;
    }
    if (width == 0 || cell <= 0)
        return 0;
    if (text >= cell)
        return at / cell * (double)width;
    return (at - (cell - text) / 2) * 3.0 / 22.0;
}

/* The area two boxes share, in cell units. */
static double overlap(const oval *o, const kaiji_range *c)
{
    double w = fmin(o->x2, (double)c->col2 + 1) - fmax(o->x1, (double)c->col1);
    double h = fmin(o->y2, (double)c->row2 + 1) - fmax(o->y1, (double)c->row1);

    return w > 0 && h > 0 ? w * h : 0;
}

/* The answer or target column nearest col, or -1. */
static int nearest_answer_spec(const table *t, uint32_t col)
{
    uint32_t best_d = UINT32_MAX;
    int best = -1;
    size_t i;

    for (i = 0; i < t->ncols; i++) {
        uint32_t d;

        if (t->cols[i].split || !answer_role(t, (int)i))
            continue;
        d = col < t->cols[i].c1 ? t->cols[i].c1 - col
          : col > t->cols[i].c2 ? col - t->cols[i].c2 : 0;
        if (d < best_d) {
            best_d = d;
            best = (int)i;
        }
    }
    return best;
}

/*
 * The marks the ovals of the item on row make: each oval circles the cell
 * of the row it overlaps most among those it may circle (a cell of a choice
 * column, or one holding an answer word or words printed for circling).  A
 * cell of printed words gives the word under the oval's middle; a word
 * outside the answer columns counts for the nearest one.
 */
static int row_ovals(rec *r, const sheet_scan *s, uint32_t row, row_marks *out)
{
    const table *t = &s->tab;
    uint32_t end;
    size_t k;

    out->n = 0;
    if (!s->novals)
        return KAIJI_OK;
    end = item_band_end(s, row);
    for (k = first_oval(s, row); k < s->novals && s->ovals[k].row <= end &&
                                 out->n < MAX_MARKS; k++) {
        const oval *o = &s->ovals[k];
        uint32_t y1 = (uint32_t)o->y1 < row ? row : (uint32_t)o->y1;
        uint32_t y2 = (uint32_t)ceil(o->y2) - 1 > end ? end : (uint32_t)ceil(o->y2) - 1;
        uint32_t x1 = (uint32_t)o->x1, x2 = (uint32_t)ceil(o->x2) - 1, x, y;
        double best = 0, mid = (o->x1 + o->x2) / 2;
        kaiji_range box = { 0, 0, 0, 0 };
        const kaiji_cell *bv = NULL;
        int bspec = -1;
        kaiji_answer a = KAIJI_ANSWER_BLANK;
        kaiji_choice_set set;
        mark *m;

        for (y = y1; y <= y2; y++) {
            for (x = x1; x <= x2; x++) {
                const kaiji_range *mr = merge_find(&s->mi, s->sheet, y, x);
                kaiji_range cr = mr ? *mr : (kaiji_range){ y, x, y, x };
                int spec = spec_at(t, cr.col1);
                const kaiji_cell *v = cell_at(s, cr.row1, cr.col1);
                bool choice = spec >= 0 && t->cols[spec].lab.role == KAIJI_COLUMN_CHOICE;
                double area;

                if (!choice && (cell_blank(v) || v->type != KAIJI_CELL_STRING ||
                                !circle_word(v->text, answer_role(t, spec), &a, &set)))
                    continue;
                area = overlap(o, &cr);
                if (area > best) {
                    best = area;
                    box = cr;
                    bv = choice ? NULL : v;
                    bspec = spec;
                }
            }
        }
        if (best <= 0)
            continue;
        m = &out->m[out->n];
        m->x = mid;
        m->word = NULL;
        m->choice = -1;
        if (!bv) {
            m->choice = bspec;
            m->col = t->cols[bspec].c1;
            m->answer = t->cols[bspec].lab.answer;
            out->n++;
            continue;
        }
        circle_word(bv->text, answer_role(t, bspec), &a, &set);
        if (set.count) {
            double at = text_column(s->sheet, &box, mid, set.width), best_d = 0;
            size_t i, w = 0;

            for (i = 0; i < set.count; i++) {
                double c = (double)set.words[i].pos + (double)set.words[i].width / 2;
                double d = fabs(c - at);

                if (i == 0 || d < best_d) {
                    best_d = d;
                    w = i;
                }
            }
            a = set.words[w].answer;
            m->word = kaiji_arena_strndup(r->doc->arena, bv->text + set.words[w].off,
                                          set.words[w].len);
        } else {
            char *trimmed = kaiji_text_trim(bv->text);

            m->word = trimmed ? kaiji_arena_strdup(r->doc->arena, trimmed) : NULL;
            free(trimmed);
        }
        if (!m->word)
            return KAIJI_ERROR_NOMEM;
        m->answer = a;
        if (!answer_role(t, bspec))
            bspec = nearest_answer_spec(t, box.col1);
        if (bspec < 0)
            continue;
        m->col = t->cols[bspec].c1;
        out->n++;
    }
    return KAIJI_OK;
}

/* true when an oval's middle lies on row. */
static bool row_has_oval(const sheet_scan *s, uint32_t row)
{
    size_t k = first_oval(s, row);

    return k < s->novals && s->ovals[k].row == row;
}

/* true when the cells c1..c2 of row hold words printed for circling: one
 * cell of several ("はい・いいえ"), or cells of different answer words. */
static bool printed_choices(rec *r, const sheet_scan *s, uint32_t row, uint32_t c1,
                            uint32_t c2)
{
    const kaiji_cell *prev = NULL;
    unsigned seen = 0;
    uint32_t c;

    for (c = c1; c <= c2 && c - c1 < 64; c++) {
        const kaiji_cell *v = value_at(s, row, c);
        kaiji_choice_set set;
        kaiji_answer a;

        if (cell_blank(v) || v == prev || v->type != KAIJI_CELL_STRING)
            continue;
        prev = v;
        if (kaiji_choice_split(v->text, &set))
            return true;
        a = text_answer(r, v->text);
        if (is_answer(a))
            seen |= 1u << a;
    }
    return (seen & (seen - 1)) != 0;
}

/*
 * The answer text of the cells c1..c2 of row: the word circled there, or
 * the words joined by " / " when different answers are circled; when none
 * is, "" if the cells hold words printed for circling (nothing chosen),
 * else the first value.  NULL when memory runs out.
 */
static const char *span_answer(rec *r, const sheet_scan *s, const row_marks *marks,
                               uint32_t row, uint32_t c1, uint32_t c2)
{
    const mark *in[MAX_MARKS];
    size_t n = 0, i, j;
    unsigned seen = 0;
    const char *text = NULL;
    const kaiji_cell *v;

    for (i = 0; i < marks->n; i++) {
        const mark *m = &marks->m[i];

        if (m->choice >= 0 || m->col < c1 || m->col > c2 || (seen & (1u << m->answer)))
            continue;
        seen |= 1u << m->answer;
        /* in order across the sheet */
        for (j = n; j > 0 && in[j - 1]->x > m->x; j--)
            in[j] = in[j - 1];
        in[j] = m;
        n++;
    }
    for (i = 0; i < n; i++) {
        text = text ? kaiji_arena_printf(r->doc->arena, "%s / %s", text, in[i]->word)
                    : in[i]->word;
        if (!text)
            return NULL;
    }
    if (text)
        return text;
    if (printed_choices(r, s, row, c1, c2))
        return "";
    v = span_value(s, row, c1, c2);
    return v ? v->text : "";
}

/* Scans one sheet: labels, table, candidate rows, counts. */
static int scan_sheet(rec *r, sheet_scan *s)
{
    int rc;
    size_t k;

    if ((rc = merge_index_build(&s->mi, s->sheet)) != KAIJI_OK)
        return rc;
    row_index_build(s);
    if ((rc = scan_cells(r, s)) != KAIJI_OK)
        return rc;
    if (!s->tab.found)
        return scan_deferred(r, s);
    build_table(r, s);
    if (s->tab.id < 0)
        infer_id_column(s);
    if (s->tab.id < 0) {
        s->tab.found = false;
        return scan_deferred(r, s);
    }
    if (s->tab.question < 0)
        infer_question_column(s);
    if ((rc = collect_candidates(r, s)) != KAIJI_OK)
        return rc;
    infer_answer_column(r, s);
    if ((rc = build_ovals(s)) != KAIJI_OK)
        return rc;
    for (k = 0; k < s->ncands; k++) {
        s->cands[k].answered = row_answered(s, s->cands[k].row) ||
                               (s->novals && row_has_oval(s, s->cands[k].row));
        if (s->cands[k].id) {
            s->items++;
            if (s->cands[k].answered)
                s->answered++;
        }
    }
    return scan_deferred(r, s);
}

/* ---- titles and kinds ------------------------------------------------- */

static int popcount64(uint64_t x)
{
    int n = 0;

    while (x) {
        x &= x - 1;
        n++;
    }
    return n;
}

/* true when title hit h stands above what ends a disclosure's head: the
 * title or the table of line items of another document (a quotation whose
 * line item names the checklist is no checklist). */
static bool title_counts(const sheet_scan *s, const title_hit *h)
{
    return !s->other_row || h->row < s->other_row;
}

/* The best title rule of a sheet (rule index into s->title_rule, -1 for
 * none): most phrases, then all in one cell, then listed first.  Only the
 * hits that count (title_counts()) are looked at. */
static void best_title(rec *r, sheet_scan *s)
{
    size_t i, k, rules = kaiji_vocab_title_rule_count(r->v);
    uint64_t all = 0;

    s->title_rule = -1;
    s->title_score = 0;
    for (k = 0; k < s->ntitles; k++)
        if (title_counts(s, &s->titles[k]))
            all |= s->titles[k].mask;
    for (i = 0; i < rules; i++) {
        uint64_t need = kaiji_vocab_title_rule_mask(r->v, i);
        int score, best_bits = -1;
        bool one_cell = false;
        cell_pos at = { 0, 0 };

        if ((all & need) != need)
            continue;
        for (k = 0; k < s->ntitles; k++) {
            int bits = popcount64(s->titles[k].mask & need);

            if (!title_counts(s, &s->titles[k]))
                continue;
            if ((s->titles[k].mask & need) == need)
                one_cell = true;
            if (s->titles[k].row && bits > best_bits) {
                best_bits = bits;
                at = (cell_pos){ s->titles[k].row, s->titles[k].col };
            }
        }
        score = popcount64(need) * 4 + (one_cell ? 2 : 0);
        if (score > s->title_score) {
            s->title_score = score;
            s->title_rule = (int)i;
            s->title_at = at;
        }
    }
}

/* The kind of the document, from the title (disambiguated by clues) or,
 * without a title, from its item IDs. */
static kaiji_kind decide_kind(rec *r, const sheet_scan *primary,
                              const sheet_scan **title_sheet)
{
    const sheet_scan *ts = primary->title_rule >= 0 ? primary : NULL;
    kaiji_kind kinds[KAIJI_KIND__COUNT];
    size_t nk, i, k, votes[KAIJI_KIND__COUNT] = { 0 };
    kaiji_kind best;

    for (i = 0; !ts && i < r->nscans; i++) {
        const sheet_scan *s = &r->scans[i];

        if (s->title_rule >= 0 && !s->sheet->hidden &&
            (!ts || s->title_score > ts->title_score))
            ts = s;
    }
    *title_sheet = ts;
    if (!ts)
        return primary->mds2_ids >= 3 ? KAIJI_KIND_MDS2 : KAIJI_KIND_UNKNOWN;
    nk = kaiji_vocab_title_rule_kinds(r->v, (size_t)ts->title_rule, kinds);
    if (nk <= 1)
        return nk ? kinds[0] : KAIJI_KIND_UNKNOWN;
    for (i = 0; i < r->nscans; i++) {
        const sheet_scan *s = &r->scans[i];

        if (s->sheet->hidden && s != primary)
            continue;
        for (k = 0; k < s->nclues; k++) {
            size_t j;

            if (in_table(s, s->clues[k].row))
                continue;
            for (j = 0; j < KAIJI_KIND__COUNT; j++)
                if (s->clues[k].kinds & (1u << j))
                    votes[j]++;
        }
    }
    best = kinds[0];
    for (i = 1; i < nk; i++)
        if (votes[kinds[i]] > votes[best])
            best = kinds[i];
    return best;
}

/* ---- emitting the document ------------------------------------------- */

static const char *trimmed_copy(rec *r, const char *s)
{
    char *t = kaiji_text_trim(s ? s : "");
    const char *copy;

    if (!t)
        return NULL;
    copy = kaiji_arena_strdup(r->doc->arena, t);
    free(t);
    return copy;
}

static int set_field(rec *r, kaiji_field f, const char *text, const char *loc,
                     const kaiji_cell *cell)
{
    int rc;

    if (r->field_set[f] || kaiji_text_blank(text))
        return KAIJI_OK;
    rc = kaiji_document_set_field(r->doc, f, text, loc);
    if (rc != KAIJI_OK)
        return rc;
    r->field_set[f] = true;
    r->field_cells[f] = cell;
    return KAIJI_OK;
}

/* true when choice column spec belongs to target's group (all choice
 * columns without a target when target is NULL). */
static bool in_group(const colspec *c, const char *target)
{
    return (target == NULL) == (c->target == NULL) &&
           (!target || strcmp(target, c->target) == 0);
}

/* true when each choice column of target's group holds, on row, its own
 * word printed ("はい" under はい): a form printed for circling, whose
 * cells mark nothing. */
static bool printed_in_choices(rec *r, const sheet_scan *s, uint32_t row,
                               const char *target)
{
    const table *t = &s->tab;
    size_t i, n = 0;

    for (i = 0; i < t->nchoices; i++) {
        const colspec *c = &t->cols[t->choices[i]];
        const kaiji_cell *v;

        if (!in_group(c, target))
            continue;
        v = spec_value(s, t->choices[i], row);
        if (!v || v->type != KAIJI_CELL_STRING || text_answer(r, v->text) != c->lab.answer)
            return false;
        n++;
    }
    return n >= 2;
}

/* true when an oval of marks circles choice column spec. */
static bool circled_choice(const row_marks *marks, int spec)
{
    size_t i;

    for (i = 0; i < marks->n; i++)
        if (marks->m[i].choice == spec)
            return true;
    return false;
}

/* One answer from per-choice columns (those of target, or all when target
 * is NULL): the label of the one marked or circled column, or invalid when
 * several are, their labels joined by " / ".  *answer is BLANK when none
 * is. */
static const char *choice_answer(rec *r, const sheet_scan *s, const row_marks *marks,
                                 uint32_t row, const char *target, kaiji_answer *answer)
{
    const table *t = &s->tab;
    const char *text = NULL;
    size_t i, marked = 0;
    bool printed = printed_in_choices(r, s, row, target);

    *answer = KAIJI_ANSWER_BLANK;
    for (i = 0; i < t->nchoices; i++) {
        const colspec *c = &t->cols[t->choices[i]];
        const char *name = c->lab.name && *c->lab.name ? c->lab.name
                                                       : kaiji_answer_name(c->lab.answer);

        if (!in_group(c, target))
            continue;
        if ((printed || !spec_value(s, t->choices[i], row)) &&
            !circled_choice(marks, t->choices[i]))
            continue;
        if (!marked++) {
            *answer = c->lab.answer;
            text = name;
        } else {
            text = kaiji_arena_printf(r->doc->arena, "%s / %s", text, name);
            *answer = KAIJI_ANSWER_INVALID;
            if (!text)
                return NULL;
        }
    }
    return text ? text : "";
}

static int add_remarks(rec *r, const sheet_scan *s, kaiji_item *item, uint32_t row)
{
    const table *t = &s->tab;
    const char *out = "";
    size_t i;

    for (i = 0; i < t->nremarks; i++) {
        const kaiji_cell *v = spec_value(s, t->remarks[i], row);
        const char *txt;

        if (!v || placeholder(v->text))
            continue;
        txt = trimmed_copy(r, v->text);
        if (!txt)
            return KAIJI_ERROR_NOMEM;
        out = *out ? kaiji_arena_printf(r->doc->arena, "%s\n%s", out, txt) : txt;
        if (!out)
            return KAIJI_ERROR_NOMEM;
    }
    item->remarks = out;
    return KAIJI_OK;
}

/* The worst of the per-target answers, as the item's answer. */
static void aggregate_targets(rec *r, kaiji_item *item)
{
    static const kaiji_answer order[] = { KAIJI_ANSWER_INVALID, KAIJI_ANSWER_NO,
                                          KAIJI_ANSWER_SEE_NOTE, KAIJI_ANSWER_YES,
                                          KAIJI_ANSWER_NA };
    size_t i, k;
    bool same = true;

    item->answer = KAIJI_ANSWER_BLANK;
    for (k = 0; k < sizeof order / sizeof order[0] && item->answer == KAIJI_ANSWER_BLANK; k++)
        for (i = 0; i < item->target_count; i++)
            if (item->targets[i].answer == order[k])
                item->answer = order[k];
    for (i = 1; i < item->target_count; i++)
        if (strcmp(item->targets[i].text, item->targets[0].text) != 0)
            same = false;
    if (!item->target_count)
        return;
    if (same) {
        item->answer_text = item->targets[0].text;
        return;
    }
    item->answer_text = "";
    for (i = 0; i < item->target_count; i++) {
        const char *t = kaiji_arena_printf(r->doc->arena, "%s%s%s: %s",
                                           item->answer_text, i ? " / " : "",
                                           item->targets[i].name, item->targets[i].text);
        if (t)
            item->answer_text = t;
    }
}

static int fill_answer(rec *r, const sheet_scan *s, kaiji_item *item, uint32_t row)
{
    const table *t = &s->tab;
    int rc = KAIJI_OK;
    size_t i;
    row_marks marks;
    const char *text;

    if ((rc = row_ovals(r, s, row, &marks)) != KAIJI_OK)
        return rc;
    if (t->nchoices) {
        kaiji_answer a;
        bool per_target = false;

        for (i = 0; i < t->nchoices; i++)
            if (t->cols[t->choices[i]].target)
                per_target = true;
        if (!per_target) {
            text = choice_answer(r, s, &marks, row, NULL, &a);
            if (!text)
                return KAIJI_ERROR_NOMEM;
            if (a == KAIJI_ANSWER_INVALID) {
                item->answer = a;
                item->answer_text = text;
                return KAIJI_OK;
            }
            return kaiji_item_set_answer_text(r->doc, item, text);
        }
        for (i = 0; i < t->nchoices; i++) {
            const char *target = t->cols[t->choices[i]].target;
            size_t k;
            bool seen = false;

            if (!target)
                continue;
            for (k = 0; k < item->target_count; k++)
                if (strcmp(item->targets[k].name, target) == 0)
                    seen = true;
            if (seen)
                continue;
            text = choice_answer(r, s, &marks, row, target, &a);
            if (!text)
                return KAIJI_ERROR_NOMEM;
            if (a == KAIJI_ANSWER_BLANK)
                continue;
            if ((rc = kaiji_item_add_target(r->doc, item, target, text)) != KAIJI_OK)
                return rc;
            if (item->target_count)
                item->targets[item->target_count - 1].answer = a;
        }
        aggregate_targets(r, item);
        return KAIJI_OK;
    }
    if (t->ntargets) {
        const colspec *first = &t->cols[t->targets[0]];
        const kaiji_range *m = merge_find(&s->mi, s->sheet, row, first->c1);

        if (m && t->ntargets >= 2 && m->col2 >= t->cols[t->targets[1]].c1) {
            /* one answer in cells across the targets */
            text = span_answer(r, s, &marks, row, first->c1,
                               t->cols[t->targets[t->ntargets - 1]].c2);
            return text ? kaiji_item_set_answer_text(r->doc, item, text)
                        : KAIJI_ERROR_NOMEM;
        }
        for (i = 0; i < t->ntargets; i++) {
            const colspec *c = &t->cols[t->targets[i]];

            text = span_answer(r, s, &marks, row, c->c1, c->c2);
            if (!text)
                return KAIJI_ERROR_NOMEM;
            if (!*text)
                continue;
            rc = kaiji_item_add_target(r->doc, item, c->lab.name, text);
            if (rc != KAIJI_OK)
                return rc;
        }
        aggregate_targets(r, item);
        return KAIJI_OK;
    }
    if (t->answer >= 0) {
        text = span_answer(r, s, &marks, row, t->cols[t->answer].c1, t->cols[t->answer].c2);
        return text ? kaiji_item_set_answer_text(r->doc, item, text) : KAIJI_ERROR_NOMEM;
    }
    return KAIJI_OK;
}

/* Where an item's answer is: its answer cell, first target or choice cell,
 * else its ID cell. */
static const char *item_location(rec *r, const sheet_scan *s, uint32_t row)
{
    const table *t = &s->tab;
    int spec = t->answer >= 0 ? t->answer
             : t->ntargets ? t->targets[0]
             : t->nchoices ? t->choices[0] : t->id;

    return location(r, s->sheet, row, t->cols[spec].c1);
}

static int fill_dates(rec *r, const sheet_scan *s, kaiji_item *item, uint32_t row)
{
    const table *t = &s->tab;
    size_t i;

    if (t->target_date >= 0) {
        const kaiji_cell *v = spec_value(s, t->target_date, row);

        if (v) {
            item->target_date_text = trimmed_copy(r, v->text);
            if (!item->target_date_text)
                return KAIJI_ERROR_NOMEM;
            cell_date(r->wb, v, &item->target_date);
        }
    }
    item->confirmation_count = t->nconf;
    for (i = 0; i < t->nconf; i++) {
        const kaiji_cell *v = t->conf[i] >= 0 ? spec_value(s, t->conf[i], row) : NULL;

        item->confirmation_texts[i] = v ? trimmed_copy(r, v->text) : "";
        if (!item->confirmation_texts[i])
            return KAIJI_ERROR_NOMEM;
        if (v)
            cell_date(r->wb, v, &item->confirmations[i]);
    }
    return KAIJI_OK;
}

/* Adds the items of the primary sheet to the document. */
static int emit_items(rec *r, const sheet_scan *s)
{
    const table *t = &s->tab;
    const char *section = "";
    size_t k;
    int rc;

    for (k = 0; k < s->ncands; k++) {
        const cand *c = &s->cands[k];
        const kaiji_cell *q = spec_value(s, t->question, c->row);
        kaiji_item *item;

        if (!c->id) {
            if (!c->answered && !placeholder(c->text)) {
                section = trimmed_copy(r, c->text);
                if (!section)
                    return KAIJI_ERROR_NOMEM;
            }
            continue;
        }
        if (c->cls == ID_NUMBER) {
            size_t j;

            for (j = k + 1; j < s->ncands && !s->cands[j].id; j++)
                ;
            if (j < s->ncands) {
                bool paren = false;

                if (extends(c->id, s->cands[j].id, &paren) && (paren || !c->answered)) {
                    section = trimmed_copy(r, q ? q->text : c->id);
                    if (!section)
                        return KAIJI_ERROR_NOMEM;
                    continue;
                }
            }
        }
        if (t->section >= 0) {
            const kaiji_cell *v = spec_value(s, t->section, c->row);

            if (v && !(section = trimmed_copy(r, v->text)))
                return KAIJI_ERROR_NOMEM;
        }
        item = kaiji_document_add_item(r->doc);
        if (!item)
            return KAIJI_ERROR_NOMEM;
        item->id = kaiji_arena_strdup(r->doc->arena, c->id);
        if (c->cls == ID_MDS2)
            item->section = kaiji_arena_strndup(r->doc->arena, c->id, count_upper(c->id));
        else
            item->section = section;
        item->question = trimmed_copy(r, q ? q->text : "");
        item->location = item_location(r, s, c->row);
        if (!item->id || !item->section || !item->question || !item->location)
            return KAIJI_ERROR_NOMEM;
        if ((rc = fill_answer(r, s, item, c->row)) != KAIJI_OK ||
            (rc = add_remarks(r, s, item, c->row)) != KAIJI_OK ||
            (rc = fill_dates(r, s, item, c->row)) != KAIJI_OK)
            return rc;
        if (r->doc->kind == KAIJI_KIND_MDS2) {
            kaiji_field f = kaiji_vocab_mds2_field(r->v, c->id);
            const kaiji_cell *v = t->answer >= 0 ? spec_value(s, t->answer, c->row) : NULL;

            if (f != KAIJI_FIELD__COUNT && v &&
                (rc = set_field(r, f, v->text, item->location, v)) != KAIJI_OK)
                return rc;
        }
    }
    return KAIJI_OK;
}

/* true when cell holds a label (field or column). */
static bool is_label(rec *r, const kaiji_cell *c)
{
    classified cl;

    if (!c || c->type != KAIJI_CELL_STRING || strlen(c->text) > 3 * r->label_max + 24)
        return false;
    if (!classify_text(r, c->text, &cl))
        return false;
    return cl.is_column || cl.field != KAIJI_FIELD__COUNT;
}

/* The value of a header-field label: after its colon, to its right in the
 * same row (past empty and merged cells), or below it. */
static int field_from_hit(rec *r, const sheet_scan *s, const field_hit *h)
{
    const kaiji_range *m = merge_find(&s->mi, s->sheet, h->row, h->col);
    uint32_t end = m ? m->col2 : h->col, below = m ? m->row2 + 1 : h->row + 1;
    const kaiji_cell *cells, *v = NULL;
    size_t n, i;

    if (h->inline_value && !kaiji_text_blank(h->inline_value)) {
        const char *loc = location(r, s->sheet, h->row, h->col);

        if (!loc)
            return KAIJI_ERROR_NOMEM;
        return set_field(r, h->field, h->inline_value, loc, NULL);
    }
    n = kaiji_sheet_row(s->sheet, h->row, &cells);
    for (i = 0; i < n; i++) {
        if (cells[i].col <= end || cell_blank(&cells[i]))
            continue;
        if (cells[i].col - end <= 16 && !is_label(r, &cells[i]))
            v = &cells[i];
        break;
    }
    if (!v) {
        v = value_at(s, below, h->col);
        if (cell_blank(v) || is_label(r, v))
            v = NULL;
    }
    if (!v)
        return KAIJI_OK;
    return set_field(r, h->field, v->text, location(r, s->sheet, v->row, v->col), v);
}

static int fields_from_sheet(rec *r, const sheet_scan *s)
{
    size_t i;
    int rc;

    for (i = 0; i < s->nfields; i++) {
        const field_hit *h = &s->fields[i];

        if (r->field_set[h->field] || in_table(s, h->row))
            continue;
        if ((rc = field_from_hit(r, s, h)) != KAIJI_OK)
            return rc;
    }
    return KAIJI_OK;
}

/* Sets the form version from text (found at loc) for the kind; true when
 * the text gave one. */
static bool version_from(rec *r, const char *text, const char *loc, bool set_raw,
                         int *rc)
{
    kaiji_document *doc = r->doc;
    char *norm = NULL;
    bool ok = false;

    *rc = KAIJI_OK;
    switch (doc->kind) {
    case KAIJI_KIND_MDS:
    case KAIJI_KIND_SDS:
        ok = kaiji_text_mds_version(text, &norm);
        break;
    case KAIJI_KIND_VENDOR_CHECKLIST:
    case KAIJI_KIND_HOSPITAL_CHECKLIST:
        ok = kaiji_text_checklist_edition(text, &norm);
        break;
    default:
        break;
    }
    if (!ok) {
        free(norm);
        return false;
    }
    doc->form_version = kaiji_arena_strdup(doc->arena, norm);
    free(norm);
    if (!doc->form_version)
        *rc = KAIJI_ERROR_NOMEM;
    else if (set_raw)
        *rc = set_field(r, KAIJI_FIELD_FORM_VERSION, text, loc, NULL);
    return true;
}

/* true when text may state a version: it holds a v (Ver, V5.0, full-width
 * too) or 版, and is not too long to be a line. */
static bool maybe_version(const char *text)
{
    return strlen(text) <= MAX_LINE_BYTES &&
           (strpbrk(text, "vV") || strstr(text, "\xE7\x89\x88") /* 版 */ ||
            strstr(text, "\xEF\xBC\xB6") /* Ｖ */ || strstr(text, "\xEF\xBD\x96") /* ｖ */);
}

/* true when cell c of s is a header field's label or value (found or read
 * inline), where a version would be the product's or the guideline's. */
static bool field_cell(rec *r, const sheet_scan *s, const kaiji_cell *c)
{
    size_t i;

    for (i = 0; i < KAIJI_FIELD__COUNT; i++)
        if (r->field_cells[i] == c)
            return true;
    for (i = 0; i < s->nfields; i++)
        if (s->fields[i].row == c->row && s->fields[i].col == c->col)
            return true;
    return is_label(r, c);
}

/* true when cell c of s stands as a line of its own: nothing left of it in
 * its row but the title, and no label above it (whose value it would be). */
static bool stands_alone(rec *r, const sheet_scan *s, const kaiji_cell *c)
{
    const kaiji_cell *cells;
    size_t n = kaiji_sheet_row(s->sheet, c->row, &cells), i, k;

    for (i = 0; i < n && cells[i].col < c->col; i++) {
        bool title = false;

        if (cell_blank(&cells[i]))
            continue;
        for (k = 0; k < s->ntitles && !title; k++)
            title = s->titles[k].row == c->row && s->titles[k].col == cells[i].col;
        if (!title)
            return false;
    }
    return c->row < 2 || !is_label(r, value_at(s, c->row - 1, c->col));
}

/* Sets the MDS/SDS form version from text, a line that states it (found at
 * loc); true when it did.  A line naming a guideline and not the form says
 * nothing of the form; one naming neither counts only when alone (alone). */
static bool version_stated(rec *r, const char *text, const char *loc, bool alone, int *rc)
{
    char *key = kaiji_text_key(text), *norm = NULL;
    bool form, ok = false;

    *rc = KAIJI_OK;
    if (!key)
        return false;
    form = kaiji_vocab_has_word(r->v, KAIJI_WORDS_FORM, key);
    if ((form || (alone && !kaiji_vocab_has_word(r->v, KAIJI_WORDS_GUIDELINE, key))) &&
        kaiji_text_mds_version_stated(text, &norm)) {
        ok = true;
        if (!(r->doc->form_version = kaiji_arena_strdup(r->doc->arena, norm)))
            *rc = KAIJI_ERROR_NOMEM;
        else
            *rc = set_field(r, KAIJI_FIELD_FORM_VERSION, text, loc, NULL);
    }
    free(norm);
    free(key);
    return ok;
}

/*
 * The MDS/SDS form version wherever a person would see it on sheet s: the
 * title, the lines under it, the header block, a note under the item table
 * (never inside it), in the sheet's order.  A header field's label or value
 * is passed over, and so is a date.  *found tells whether one was set.
 */
static int version_in_lines(rec *r, const sheet_scan *s, bool *found)
{
    const kaiji_sheet *sh = s->sheet;
    size_t i, looked = 0;
    int rc = KAIJI_OK;

    *found = false;
    for (i = 0; i < sh->cell_count && looked < MAX_VERSION_LINES; i++) {
        const kaiji_cell *c = &sh->cells[i];
        const char *loc;
        kaiji_date d;

        if (c->type != KAIJI_CELL_STRING || in_table(s, c->row) || !maybe_version(c->text))
            continue;
        looked++;
        if (field_cell(r, s, c) || kaiji_text_parse_date_or_month(c->text, &d))
            continue;
        if (!(loc = location(r, sh, c->row, c->col)))
            return KAIJI_ERROR_NOMEM;
        if (version_stated(r, c->text, loc, stands_alone(r, s, c), &rc)) {
            *found = true;
            return rc;
        }
    }
    return rc;
}

/* The MDS/SDS form version from the workbook's document properties (title,
 * subject, keywords, description), when one names the form. */
static int version_in_props(rec *r)
{
    int k, rc = KAIJI_OK;

    for (k = 0; k < KAIJI_PROP__COUNT; k++) {
        const char *text = r->wb->props[k];

        if (text && maybe_version(text) &&
            version_stated(r, text, "docProps/core.xml", false, &rc))
            return rc;
    }
    return rc;
}

/* The form version: the form-version field, else the title, else a cell of
 * the head that names an edition; for an MDS/SDS then a line stating it
 * anywhere outside the item table, else the document properties. */
static int find_version(rec *r, const sheet_scan *primary, const sheet_scan *ts)
{
    kaiji_document *doc = r->doc;
    const char *raw = doc->fields[KAIJI_FIELD_FORM_VERSION];
    const sheet_scan *order[2] = { ts, primary };
    size_t i, k;
    int rc = KAIJI_OK;

    if (doc->kind == KAIJI_KIND_MDS2) {
        const sheet_scan *with = NULL;
        const char *edition = NULL;

        if (raw && *raw) {
            char *key = kaiji_text_key(raw);

            edition = key ? kaiji_vocab_mds2_edition(r->v, key) : NULL;
            free(key);
        }
        for (i = 0; i < r->nscans && !edition; i++)
            if (r->scans[i].mds2_edition && (!r->scans[i].sheet->hidden || &r->scans[i] == primary)) {
                with = &r->scans[i];
                edition = with->mds2_edition;
            }
        if (with) {
            const kaiji_cell *c = kaiji_sheet_cell(with->sheet, with->mds2_edition_at.row,
                                                   with->mds2_edition_at.col);
            const char *loc = location(r, with->sheet, with->mds2_edition_at.row,
                                       with->mds2_edition_at.col);

            if (!loc)
                return KAIJI_ERROR_NOMEM;
            if (c && (rc = set_field(r, KAIJI_FIELD_FORM_VERSION, c->text, loc, NULL)) != KAIJI_OK)
                return rc;
        }
        for (k = 0; k < primary->ncands && !edition; k++)
            if (primary->cands[k].cls == ID_MDS2) {
                char prefix[8];
                size_t n = count_upper(primary->cands[k].id);

                memcpy(prefix, primary->cands[k].id, n);
                prefix[n] = '\0';
                edition = kaiji_vocab_mds2_default_edition(r->v, prefix);
            }
        if (edition && !(doc->form_version = kaiji_arena_strdup(doc->arena, edition)))
            return KAIJI_ERROR_NOMEM;
        return KAIJI_OK;
    }
    if (raw && *raw && version_from(r, raw, NULL, false, &rc))
        return rc;
    for (i = 0; i < 2; i++) {
        const sheet_scan *s = order[i];

        if (!s || (i == 1 && s == ts))
            continue;
        if (s->title_rule >= 0 && s->title_at.row) {
            const kaiji_cell *c = kaiji_sheet_cell(s->sheet, s->title_at.row, s->title_at.col);
            char *key = c ? kaiji_text_key(c->text) : NULL;
            bool plausible = key && (doc->kind == KAIJI_KIND_VENDOR_CHECKLIST ||
                                     doc->kind == KAIJI_KIND_HOSPITAL_CHECKLIST ||
                                     strstr(key, "ver"));

            free(key);
            if (plausible) {
                const char *loc = location(r, s->sheet, c->row, c->col);

                if (!loc)
                    return KAIJI_ERROR_NOMEM;
                if (version_from(r, c->text, loc, true, &rc))
                    return rc;
            }
        }
        for (k = 0; k < s->nversions; k++) {
            const kaiji_cell *c = kaiji_sheet_cell(s->sheet, s->versions[k].row,
                                                   s->versions[k].col);
            kaiji_date d;
            char *key;
            bool plausible;
            const char *loc;

            /* a whole date only: 令和6年5月 alone is a checklist's edition */
            if (!c || kaiji_text_parse_date(c->text, &d) || is_label(r, c))
                continue;
            key = kaiji_text_key(c->text);
            if (!key)
                continue;
            plausible = doc->kind == KAIJI_KIND_VENDOR_CHECKLIST ||
                        doc->kind == KAIJI_KIND_HOSPITAL_CHECKLIST
                            ? (strstr(key, "版") || strstr(key, "年度") || strstr(key, "令和"))
                            : ((strstr(key, "mds") || strstr(key, "sds") ||
                                strstr(key, "開示書")) && strstr(key, "ver"));
            if (strstr(key, "ガイドライン"))
                plausible = false;
            free(key);
            if (!plausible)
                continue;
            loc = location(r, s->sheet, c->row, c->col);
            if (!loc)
                return KAIJI_ERROR_NOMEM;
            if (version_from(r, c->text, loc, true, &rc))
                return rc;
        }
    }
    if (rc != KAIJI_OK || (doc->kind != KAIJI_KIND_MDS && doc->kind != KAIJI_KIND_SDS))
        return rc;
    for (i = 0; i < 2; i++) {
        const sheet_scan *s = order[i];
        bool found;

        if (!s || (i == 1 && s == ts))
            continue;
        if ((rc = version_in_lines(r, s, &found)) != KAIJI_OK || found)
            return rc;
    }
    return version_in_props(r);
}

/* The document date: the document-date field; for a checklist its latest
 * confirmation date. */
static int find_date(rec *r)
{
    kaiji_document *doc = r->doc;
    kaiji_date latest = { 0, 0, 0 };
    const char *latest_loc = NULL;
    size_t i, k;

    if (doc->kind == KAIJI_KIND_VENDOR_CHECKLIST ||
        doc->kind == KAIJI_KIND_HOSPITAL_CHECKLIST) {
        for (i = 0; i < doc->item_count; i++)
            for (k = 0; k < doc->items[i].confirmation_count; k++)
                if (kaiji_date_compare(doc->items[i].confirmations[k], latest) > 0) {
                    latest = doc->items[i].confirmations[k];
                    latest_loc = doc->items[i].location;
                }
        if (latest.year) {
            char buf[11];

            doc->date = latest;
            if (!r->field_set[KAIJI_FIELD_DOCUMENT_DATE])
                return set_field(r, KAIJI_FIELD_DOCUMENT_DATE,
                                 kaiji_date_format(buf, latest), latest_loc, NULL);
            return KAIJI_OK;
        }
    }
    if (r->field_set[KAIJI_FIELD_DOCUMENT_DATE]) {
        kaiji_date d;

        if (r->field_cells[KAIJI_FIELD_DOCUMENT_DATE]
                ? cell_date(r->wb, r->field_cells[KAIJI_FIELD_DOCUMENT_DATE], &d)
                : kaiji_text_parse_date_or_month(doc->fields[KAIJI_FIELD_DOCUMENT_DATE], &d))
            doc->date = d;
    }
    return KAIJI_OK;
}

static void scans_free(rec *r)
{
    size_t i;

    for (i = 0; i < r->nscans; i++) {
        sheet_scan *s = &r->scans[i];

        merge_index_free(&s->mi);
        free(s->row_first);
        free(s->deferred);
        free(s->fields);
        free(s->titles);
        free(s->clues);
        free(s->cands);
        free(s->ovals);
    }
    free(r->scans);
}

/*
 * Fills doc from wb by content: kind, form version, guideline, header
 * fields, items.  The workbook is only read; everything kept is copied into
 * the document's arena.  KAIJI_OK or KAIJI_ERROR_NOMEM.
 */
int kaiji_recognize(kaiji_document *doc, const kaiji_workbook *wb,
                    const kaiji_vocab *vocab)
{
    rec r = { .doc = doc, .wb = wb, .v = vocab };
    const sheet_scan *primary = NULL, *ts = NULL;
    int rc = KAIJI_OK;
    size_t i;

    if (!wb || !vocab || !wb->sheet_count)
        return KAIJI_OK;
    r.label_max = kaiji_vocab_label_max(vocab);
    r.scratch = kaiji_arena_new();
    r.cache = calloc(CACHE_MIN_SLOTS, sizeof *r.cache);
    r.cache_mask = CACHE_MIN_SLOTS - 1;
    r.scans = calloc(wb->sheet_count, sizeof *r.scans);
    if (!r.scratch || !r.cache || !r.scans) {
        rc = KAIJI_ERROR_NOMEM;
        goto done;
    }
    r.nscans = wb->sheet_count;
    for (i = 0; i < r.nscans; i++) {
        sheet_scan *s = &r.scans[i];

        s->sheet = wb->sheets[i];
        s->tab.id = s->tab.question = s->tab.answer = -1;
        if (!s->sheet->sorted)
            continue;
        if ((rc = scan_sheet(&r, s)) != KAIJI_OK)
            goto done;
        best_title(&r, s);
        s->score = (s->sheet->hidden ? 0 : (uint64_t)1 << 62) +
                   (s->title_rule >= 0 ? (uint64_t)1 << 61 : 0) +
                   (s->tab.found && s->items ? (uint64_t)1 << 60 : 0) +
                   ((uint64_t)(s->answered > 0xFFFFFF ? 0xFFFFFF : s->answered) << 24) +
                   (s->items > 0xFFFFFF ? 0xFFFFFF : s->items);
        if (!primary || s->score > primary->score)
            primary = s;
    }
    if (!primary)
        goto done;
    doc->kind = decide_kind(&r, primary, &ts);
    if ((rc = emit_items(&r, primary)) != KAIJI_OK)
        goto done;
    if ((rc = fields_from_sheet(&r, primary)) != KAIJI_OK)
        goto done;
    for (i = 0; i < r.nscans; i++)
        if (&r.scans[i] != primary && !r.scans[i].sheet->hidden &&
            (rc = fields_from_sheet(&r, &r.scans[i])) != KAIJI_OK)
            goto done;
    if ((rc = find_version(&r, primary, ts)) != KAIJI_OK)
        goto done;
    if (doc->fields[KAIJI_FIELD_GUIDELINE] && *doc->fields[KAIJI_FIELD_GUIDELINE]) {
        char *g = NULL;

        if (kaiji_text_guideline(doc->fields[KAIJI_FIELD_GUIDELINE], &g)) {
            doc->guideline = kaiji_arena_strdup(doc->arena, g);
            if (!doc->guideline)
                rc = KAIJI_ERROR_NOMEM;
        }
        free(g);
        if (rc != KAIJI_OK)
            goto done;
    }
    rc = find_date(&r);

done:
    if (r.scans)
        scans_free(&r);
    free(r.cache);
    free(r.entries);
    kaiji_arena_free(r.scratch);
    return rc;
}
