/*
 * store/register.c - the hospital's contract register: reading it from CSV
 * (UTF-8 with or without BOM, or CP932) or XLSX, checking every row, and
 * importing it into the store with the history of what changed.
 */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/base.h"
#include "base/buf.h"
#include "fetch/fetch.h"
#include "model/model.h"
#include "parser/grid.h"
#include "parser/readers.h"
#include "store/internal.h"
#include "text/text.h"
#include "model/i18n.h"

/* The largest register file read (a register has at most a few thousand rows). */
#define MAX_REGISTER_BYTES (64u * 1024 * 1024)
/* The header row is looked for among the first rows. */
#define HEADER_SEARCH_ROWS 20

/* One cell of a register row, from CSV or XLSX. */
typedef struct reg_cell {
    char *text;        /* trimmed UTF-8 */
    bool is_date;      /* an Excel date cell */
    kaiji_date date;
    bool is_number;
    double number;
} reg_cell;

typedef struct reg_row {
    unsigned line;     /* CSV line where the record starts, or XLSX row */
    reg_cell *cells;   /* by column, 0-based */
    size_t count, cap;
} reg_row;

/* The columns of a row kept, as in Excel: a CSV field past them is read and
 * dropped (a register's columns are the first few). */
#define REG_MAX_COLS 16384u

typedef struct reg_table {
    reg_row *rows;
    size_t count, cap;
} reg_table;

static void table_free(reg_table *t)
{
    for (size_t i = 0; i < t->count; i++) {
        for (size_t j = 0; j < t->rows[i].count; j++)
            free(t->rows[i].cells[j].text);
        free(t->rows[i].cells);
    }
    free(t->rows);
    memset(t, 0, sizeof *t);
}

static reg_row *table_add_row(reg_table *t, unsigned line)
{
    if (!kaiji_grow((void **)&t->rows, &t->cap, t->count + 1, sizeof *t->rows, 64))
        return NULL;
    reg_row *r = &t->rows[t->count++];
    memset(r, 0, sizeof *r);
    r->line = line;
    return r;
}

/* The cell at col (< REG_MAX_COLS) of r, made (empty) if need be; NULL only
 * when memory runs out. */
static reg_cell *row_cell(reg_row *r, size_t col)
{
    assert(col < REG_MAX_COLS);
    if (!kaiji_grow((void **)&r->cells, &r->cap, col + 1, sizeof *r->cells, 16))
        return NULL;
    if (col >= r->count) {
        memset(r->cells + r->count, 0, (col + 1 - r->count) * sizeof *r->cells);
        r->count = col + 1;
    }
    return &r->cells[col];
}

/* Sets a cell's text to a trimmed copy of len bytes at s. */
static int cell_set_text(reg_cell *c, const char *s, size_t len)
{
    char *raw = malloc(len + 1);
    if (!raw)
        return KAIJI_ERROR_NOMEM;
    memcpy(raw, s, len);
    raw[len] = '\0';
    free(c->text);
    c->text = kaiji_text_trim(raw);
    free(raw);
    return c->text ? KAIJI_OK : KAIJI_ERROR_NOMEM;
}

/* ------------------------------------------------------------------ CSV */

/*
 * Splits UTF-8 CSV text (RFC 4180: quoted fields with "" for a quote and line
 * breaks inside, CRLF, LF or CR line ends) into rows.  *bad_line is set to the
 * line of a quoted field that is never closed (KAIJI_ERROR_INVALID).
 */
static int parse_csv(reg_table *t, const char *s, size_t len, unsigned *bad_line)
{
    size_t i = 0;
    unsigned line = 1;
    kaiji_buf field = KAIJI_BUF_INIT;
    int rc = KAIJI_OK;

    while (i < len) {
        reg_row *row = table_add_row(t, line);
        size_t col = 0;
        bool end_of_record = false;
        if (!row)
            return KAIJI_ERROR_NOMEM;
        while (!end_of_record) {
            bool quoted = false;
            unsigned start_line = line;
            kaiji_buf_reset(&field);
            if (i < len && s[i] == '"') {
                quoted = true;
                i++;
            }
            for (;;) {
                char ch;
                if (i >= len) {
                    if (quoted) {
                        *bad_line = start_line;
                        rc = KAIJI_ERROR_INVALID;
                        goto done;
                    }
                    end_of_record = true;
                    break;
                }
                ch = s[i];
                if (quoted) {
                    if (ch == '"') {
                        if (i + 1 < len && s[i + 1] == '"') {
                            i += 2;
                            ch = '"';
                        } else {
                            quoted = false;
                            i++;
                            continue;
                        }
                    } else {
                        if (ch == '\n' || (ch == '\r' && !(i + 1 < len && s[i + 1] == '\n')))
                            line++;
                        i++;
                    }
                } else if (ch == ',') {
                    i++;
                    break;
                } else if (ch == '\r' || ch == '\n') {
                    i += (ch == '\r' && i + 1 < len && s[i + 1] == '\n') ? 2 : 1;
                    line++;
                    end_of_record = true;
                    break;
                } else {
                    i++;
                }
                if (!kaiji_buf_putc(&field, ch)) {
                    rc = KAIJI_ERROR_NOMEM;
                    goto done;
                }
            }
            if (col < REG_MAX_COLS) {
                reg_cell *c = row_cell(row, col);
                if (!c || cell_set_text(c, field.data ? field.data : "", field.len) != KAIJI_OK) {
                    rc = KAIJI_ERROR_NOMEM;
                    goto done;
                }
            }
            col++;
        }
    }
done:
    kaiji_buf_free(&field);
    return rc;
}

/* ----------------------------------------------------------------- XLSX */

/* The rows of the first sheet of the workbook (hidden sheets skipped) that
 * holds a cell naming the contract ID column. */
static int xlsx_table(reg_table *t, const kaiji_workbook *wb, const kaiji_regvocab *v)
{
    const kaiji_sheet *chosen = NULL;
    for (size_t si = 0; si < wb->sheet_count && !chosen; si++) {
        const kaiji_sheet *sh = wb->sheets[si];
        for (size_t ci = 0; !sh->hidden && ci < sh->cell_count && !chosen; ci++) {
            if (sh->cells[ci].row > HEADER_SEARCH_ROWS)
                break;
            char *k = kaiji_text_key(sh->cells[ci].text);
            if (k && kaiji_keylist_has(&v->columns[KAIJI_REG_ID], k))
                chosen = sh;
            free(k);
        }
    }
    if (!chosen && wb->sheet_count)
        chosen = wb->sheets[0];
    if (!chosen)
        return KAIJI_OK;
    reg_row *row = NULL;
    for (size_t ci = 0; ci < chosen->cell_count; ci++) {
        const kaiji_cell *cell = &chosen->cells[ci];
        if (!row || row->line != cell->row)
            if (!(row = table_add_row(t, cell->row)))
                return KAIJI_ERROR_NOMEM;
        if (cell->col == 0 || cell->col > REG_MAX_COLS)
            continue;
        reg_cell *c = row_cell(row, cell->col - 1);
        if (!c || cell_set_text(c, cell->text, strlen(cell->text)) != KAIJI_OK)
            return KAIJI_ERROR_NOMEM;
        c->is_date = cell->type == KAIJI_CELL_DATE;
        c->date = cell->date;
        c->is_number = cell->type == KAIJI_CELL_NUMBER;
        c->number = cell->number;
    }
    return KAIJI_OK;
}

/* ---------------------------------------------------------------- rows */

static int add_error(kaiji_register *reg, unsigned line, char *message)
{
    if (!message)
        return KAIJI_ERROR_NOMEM;
    /* The array holds 8 errors, then doubles each time it is full: it is
     * full when the count is a power of two from 8 on. */
    size_t n = reg->error_count;
    if (n == 0 || (n >= 8 && (n & (n - 1)) == 0)) {
        kaiji_register_error *p = realloc(reg->errors, (n ? 2 * n : 8) * sizeof *p);
        if (!p) {
            free(message);
            return KAIJI_ERROR_NOMEM;
        }
        reg->errors = p;
    }
    kaiji_register_error *p = reg->errors;
    p[reg->error_count].line = line;
    p[reg->error_count].message = message;
    reg->error_count++;
    return KAIJI_OK;
}

/* The key of a header cell matches a label when equal, or when the label is
 * followed by a bracketed note: 回答期限(YYYY/MM/DD). */
static bool header_matches(const kaiji_keylist *labels, const char *key)
{
    for (size_t i = 0; i < labels->count; i++) {
        size_t n = strlen(labels->keys[i]);
        if (strncmp(key, labels->keys[i], n) == 0 &&
            (key[n] == '\0' || key[n] == '(' || key[n] == '['))
            return true;
    }
    return false;
}

static const char *cell_text(const reg_row *r, int col)
{
    return col >= 0 && (size_t)col < r->count && r->cells[col].text ? r->cells[col].text : "";
}

static bool row_blank(const reg_row *r)
{
    for (size_t i = 0; i < r->count; i++)
        if (r->cells[i].text && r->cells[i].text[0])
            return false;
    return true;
}

/* true when s looks like one e-mail address: local@domain.tld, no spaces. */
static bool email_ok(const char *s)
{
    const char *at = strchr(s, '@');
    if (!at || at == s || strchr(at + 1, '@'))
        return false;
    for (const char *p = s; *p; p++)
        if ((unsigned char)*p <= ' ' || *p == ',' || *p == ';' || *p == '<' || *p == '>' ||
            *p == '"' || (unsigned char)*p >= 0x80)
            return false;
    const char *dot = strrchr(at + 1, '.');
    return dot && dot > at + 1 && dot[1] != '\0';
}

/* true when s is an http or https URL with a host. */
static bool url_ok(const char *s)
{
    const char *rest;
    if (strncasecmp(s, "https://", 8) == 0)
        rest = s + 8;
    else if (strncasecmp(s, "http://", 7) == 0)
        rest = s + 7;
    else
        return false;
    if (!*rest || *rest == '/' || *rest == ':')
        return false;
    for (const char *p = s; *p; p++)
        if ((unsigned char)*p <= ' ')
            return false;
    return true;
}

/* Parses a date cell; *out year 0 for a blank one; false when it is no date. */
static bool cell_date(const reg_row *r, int col, kaiji_date *out)
{
    out->year = out->month = out->day = 0;
    if (col < 0 || (size_t)col >= r->count)
        return true;
    const reg_cell *c = &r->cells[col];
    if (c->is_date) {
        *out = c->date;
        return kaiji_date_valid(c->date);
    }
    if (!c->text || !c->text[0])
        return true;
    if (c->is_number)
        return c->number >= 20000 && c->number < 80000 &&
               kaiji_text_excel_serial_date(c->number, false, out);
    return kaiji_text_parse_date(c->text, out);
}

/* The KAIJI_DOC_* bits named in text; *unknown receives the first name not
 * known (malloc'd) or NULL. */
static int parse_documents(const kaiji_regvocab *v, const char *text, unsigned *bits,
                           char **unknown)
{
    char *work = strdup(text);
    *bits = 0;
    *unknown = NULL;
    if (!work)
        return KAIJI_ERROR_NOMEM;
    /* Every separator becomes a NUL, then each piece is looked up. */
    size_t n = strlen(work);
    for (size_t i = 0; i < n;) {
        size_t hit = 0;
        for (size_t k = 0; k < v->separator_count && !hit; k++) {
            size_t sl = strlen(v->separators[k]);
            if (sl <= n - i && memcmp(work + i, v->separators[k], sl) == 0)
                hit = sl;
        }
        if (hit) {
            memset(work + i, 0, hit);
            i += hit;
        } else {
            i++;
        }
    }
    for (size_t i = 0; i < n; i += strlen(work + i) + 1) {
        if (!work[i])
            continue;
        char *k = kaiji_text_key(work + i);
        bool found = false;
        if (!k) {
            free(work);
            return KAIJI_ERROR_NOMEM;
        }
        for (unsigned t = 0; t < KAIJI_DOC_TYPE_COUNT; t++)
            if (kaiji_keylist_has(&v->documents[t], k)) {
                *bits |= 1u << t;
                found = true;
            }
        free(k);
        if (!found && !*unknown && !(*unknown = strdup(work + i))) {
            free(work);
            return KAIJI_ERROR_NOMEM;
        }
    }
    free(work);
    return KAIJI_OK;
}

/* The documents the contract type requires, or 0 when the type is unknown. */
static unsigned type_documents(const kaiji_regvocab *v, const char *type)
{
    char *k = kaiji_text_key(type);
    unsigned bits = 0;
    for (size_t i = 0; k && i < v->type_count && !bits; i++)
        if (kaiji_keylist_has(&v->types[i].labels, k))
            bits = v->types[i].documents;
    free(k);
    return bits;
}

/* A contract ID as the register keeps it: NFKC, trimmed, without invisible
 * characters (a zero-width space or a BOM pasted with it).  malloc'd. */
static char *clean_id(const char *text)
{
    char *v = kaiji_text_strip_invisible(text);
    char *n = v ? kaiji_text_nfkc(v) : NULL;
    char *t = n ? kaiji_text_trim(n) : NULL;
    free(v);
    free(n);
    return t;
}

/* A row's contract ID key (kaiji_text_visible_fold) and where the row is in
 * the table. */
typedef struct id_ref {
    char *key;
    size_t row;
} id_ref;

static int cmp_id_ref(const void *a, const void *b)
{
    const id_ref *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    return c ? c : (x->row > y->row) - (x->row < y->row);
}

/*
 * The contract ID of every row of t from first on (ids[i], malloc'd; NULL for
 * a blank row or one that is not text) and, in dup_row[i], 1 + the index of
 * the first row above with the same ID, or 0.  IDs that differ only in case,
 * width or invisible characters are the same ID.  Sorted rather than
 * compared row against row, so that a register of many rows costs n log n.
 * KAIJI_OK or KAIJI_ERROR_NOMEM.
 */
static int find_repeated_ids(char **ids, size_t *dup_row, const reg_table *t, size_t first,
                             int col)
{
    id_ref *refs = malloc((t->count ? t->count : 1) * sizeof *refs);
    size_t n = 0;
    int rc = KAIJI_OK;

    if (!refs)
        return KAIJI_ERROR_NOMEM;
    for (size_t i = first; i < t->count; i++) {
        const char *text = cell_text(&t->rows[i], col);
        if (row_blank(&t->rows[i]) || !kaiji_text_utf8_valid(text, strlen(text)))
            continue;
        if (!(ids[i] = clean_id(text))) {
            rc = KAIJI_ERROR_NOMEM;
            goto done;
        }
        if (!ids[i][0])
            continue;
        if (!(refs[n].key = kaiji_text_visible_fold(ids[i]))) {
            rc = KAIJI_ERROR_NOMEM;
            goto done;
        }
        refs[n++].row = i;
    }
    qsort(refs, n, sizeof *refs, cmp_id_ref);
    for (size_t k = 1, g = 0; k < n; k++) {
        if (strcmp(refs[k].key, refs[g].key) != 0)
            g = k;
        else
            dup_row[refs[k].row] = refs[g].row + 1;
    }
done:
    for (size_t k = 0; k < n; k++)
        free(refs[k].key);
    free(refs);
    return rc;
}

#define ROW_ERROR(...)                                                          \
    do {                                                                        \
        if ((rc = add_error(reg, r->line, kaiji_store_printf(__VA_ARGS__))) != KAIJI_OK) \
            goto error;                                                         \
        bad = true;                                                             \
    } while (0)

/*
 * Checks row r against the column map and, when it is good, appends its
 * contract to reg; otherwise appends every problem it has to reg->errors.
 */
static int take_row(kaiji_register *reg, const kaiji_regvocab *v, const reg_row *r,
                    const int *col, size_t *cap, char **id, unsigned dup_line,
                    const char *dup_id)
{
    kaiji_contract c = {0};
    bool bad = false;
    char *unknown = NULL;
    int rc = KAIJI_OK;

    for (size_t i = 0; i < r->count; i++)
        if (r->cells[i].text && !kaiji_text_utf8_valid(r->cells[i].text, strlen(r->cells[i].text))) {
            ROW_ERROR(_("the row is not valid text"));
            goto error;
        }
    c.id = *id;
    *id = NULL;
    if (!c.id || !(c.vendor = strdup(cell_text(r, col[KAIJI_REG_VENDOR]))) ||
        !(c.email = strdup(cell_text(r, col[KAIJI_REG_EMAIL]))) ||
        !(c.system = strdup(cell_text(r, col[KAIJI_REG_SYSTEM]))) ||
        !(c.product = strdup(cell_text(r, col[KAIJI_REG_PRODUCT]))) ||
        !(c.type = strdup(cell_text(r, col[KAIJI_REG_TYPE]))) ||
        !(c.url = strdup(cell_text(r, col[KAIJI_REG_URL])))) {
        rc = KAIJI_ERROR_NOMEM;
        goto error;
    }
    c.line = r->line;
    c.active = true;
    if (!c.id[0])
        ROW_ERROR(_("no contract ID (契約番号)"));
    if (dup_line && dup_id && strcmp(dup_id, c.id) != 0)
        ROW_ERROR(_("contract ID \"%s\" is already used on line %u, written \"%s\" (IDs that"
                  " differ only in case, width or invisible characters are one ID)"),
                  c.id, dup_line, dup_id);
    else if (dup_line)
        ROW_ERROR(_("contract ID \"%s\" is already used on line %u"), c.id, dup_line);

    const char *pd = cell_text(r, col[KAIJI_REG_PATIENT]);
    char *pk = kaiji_text_key(pd);
    if (!pk) {
        rc = KAIJI_ERROR_NOMEM;
        goto error;
    }
    bool pd_yes = !pk[0] || kaiji_keylist_has(&v->yes, pk);
    bool pd_no = !pd_yes && kaiji_keylist_has(&v->no, pk);
    free(pk);
    c.patient_data = !pd_no;
    if (!pd_yes && !pd_no)
        ROW_ERROR(_("patient data \"%s\" is neither yes (有) nor no (無)"), pd);

    const char *req = cell_text(r, col[KAIJI_REG_REQUIRED]);
    if (req[0]) {
        if ((rc = parse_documents(v, req, &c.required, &unknown)) != KAIJI_OK)
            goto error;
        if (unknown)
            ROW_ERROR(_("required document \"%s\" is not MDS, SDS or チェックリスト"), unknown);
    } else {
        c.required = type_documents(v, c.type);
        if (!c.required && c.patient_data) {
            if (c.type[0])
                ROW_ERROR(_("contract type \"%s\" is not known: say which documents it requires"
                          " (必要書類: MDS, SDS, チェックリスト)"), c.type);
            else
                ROW_ERROR(_("no contract type (契約種別) and no required documents (必要書類)"));
        }
    }
    if (!c.patient_data)
        c.required = 0;

    if (c.email[0] && !email_ok(c.email))
        ROW_ERROR(_("e-mail \"%s\" is not an e-mail address"), c.email);
    if (!cell_date(r, col[KAIJI_REG_REQUESTED], &c.requested))
        ROW_ERROR(_("request date \"%s\" is not a date"), cell_text(r, col[KAIJI_REG_REQUESTED]));
    if (!cell_date(r, col[KAIJI_REG_DUE], &c.due))
        ROW_ERROR(_("due date \"%s\" is not a date"), cell_text(r, col[KAIJI_REG_DUE]));
    if (c.url[0] && !url_ok(c.url)) {
        char *shown = NULL;
        if (kaiji_fetch_redact_url(&shown, c.url) != KAIJI_OK) {
            rc = KAIJI_ERROR_NOMEM;
            goto error;
        }
        bad = true;
        rc = add_error(reg, r->line,
                       kaiji_store_printf(_("URL \"%s\" does not start with https:// or http://"),
                                          shown));
        free(shown);
        if (rc != KAIJI_OK)
            goto error;
    }
    if (bad)
        goto error;

    if (!kaiji_grow((void **)&reg->contracts.items, cap, reg->contracts.count + 1,
                    sizeof *reg->contracts.items, 32)) {
        rc = KAIJI_ERROR_NOMEM;
        goto error;
    }
    reg->contracts.items[reg->contracts.count++] = c;
    return KAIJI_OK;

error:
    free(unknown);
    kaiji_contract_clear(&c);
    return rc;
}

/* Finds the header row and the column of each field, then takes every row
 * below it. */
static int take_table(kaiji_register *reg, const kaiji_regvocab *v, const reg_table *t)
{
    int col[KAIJI_REG__COUNT];
    size_t header = t->count, cap = 0;
    int rc;

    for (size_t i = 0; i < t->count && i < HEADER_SEARCH_ROWS && header == t->count; i++) {
        for (int c = 0; c < KAIJI_REG__COUNT; c++)
            col[c] = -1;
        for (size_t j = 0; j < t->rows[i].count; j++) {
            const char *text = t->rows[i].cells[j].text;
            char *k = text && kaiji_text_utf8_valid(text, strlen(text)) ? kaiji_text_key(text)
                                                                       : NULL;
            for (int c = 0; k && k[0] && c < KAIJI_REG__COUNT; c++)
                if (col[c] < 0 && header_matches(&v->columns[c], k)) {
                    col[c] = (int)j;
                    break;
                }
            free(k);
        }
        if (col[KAIJI_REG_ID] >= 0)
            header = i;
    }
    if (header == t->count)
        return add_error(reg, 1,
                         strdup(_("no header row with a contract ID column (契約番号 or"
                                " Contract ID) in the first rows")))
                   == KAIJI_OK
                   ? KAIJI_ERROR_INVALID
                   : KAIJI_ERROR_NOMEM;
    char **ids = calloc(t->count, sizeof *ids);
    size_t *dup_row = calloc(t->count, sizeof *dup_row);
    /* The text of the first row's ID, kept once take_row owns ids[i]. */
    char **first = calloc(t->count, sizeof *first);
    rc = ids && dup_row && first
             ? find_repeated_ids(ids, dup_row, t, header + 1, col[KAIJI_REG_ID])
             : KAIJI_ERROR_NOMEM;
    for (size_t i = header + 1; i < t->count && rc == KAIJI_OK; i++) {
        if (row_blank(&t->rows[i]))
            continue;
        size_t d = dup_row[i];
        if (!d && ids[i] && !(first[i] = strdup(ids[i]))) {
            rc = KAIJI_ERROR_NOMEM;
            break;
        }
        rc = take_row(reg, v, &t->rows[i], col, &cap, &ids[i], d ? t->rows[d - 1].line : 0,
                      d ? first[d - 1] : NULL);
    }
    for (size_t i = 0; ids && i < t->count; i++)
        free(ids[i]);
    for (size_t i = 0; first && i < t->count; i++)
        free(first[i]);
    free(ids);
    free(dup_row);
    free(first);
    return rc;
}

int kaiji_register_read(kaiji_register **out, const char *path)
{
    char *data = NULL;
    size_t len = 0;
    int rc;

    *out = NULL;
    if ((rc = kaiji_file_read(&data, &len, path, MAX_REGISTER_BYTES, NULL, NULL)) != KAIJI_OK)
        return rc;
    kaiji_regvocab *v = NULL;
    if ((rc = kaiji_regvocab_load(&v)) == KAIJI_OK)
        rc = kaiji_register_read_memory(out, v, path, data, len);
    kaiji_regvocab_free(v);
    free(data);
    return rc;
}

int kaiji_register_read_memory(kaiji_register **out, const kaiji_regvocab *v, const char *name,
                               const char *data, size_t len)
{
    kaiji_register *reg = calloc(1, sizeof *reg);
    reg_table t = {0};
    char *utf8 = NULL;
    size_t ulen = 0;
    kaiji_document *doc = NULL;
    kaiji_workbook *wb = NULL;
    unsigned bad_line = 0;
    int rc;

    *out = NULL;
    if (!reg)
        return KAIJI_ERROR_NOMEM;
    if (len >= 4 && memcmp(data, "PK\x03\x04", 4) == 0) {
        kaiji_limits limits;
        kaiji_limits_init(&limits);
        if (!(doc = kaiji_document_new(name)) || !(reg->encoding = strdup("XLSX"))) {
            rc = KAIJI_ERROR_NOMEM;
            goto error;
        }
        if ((rc = kaiji_xlsx_workbook(&wb, doc, (const unsigned char *)data, len, &limits)) !=
            KAIJI_OK)
            goto error;
        if (!wb) {
            const char *why = kaiji_document_finding_count(doc)
                                  ? kaiji_finding_message(kaiji_document_finding(doc, 0))
                                  : _("it is not a readable workbook");
            rc = add_error(reg, 1, kaiji_store_printf(_("the register cannot be read: %s"), why));
            if (rc == KAIJI_OK)
                rc = KAIJI_ERROR_INVALID;
            *out = reg;
            reg = NULL;
            goto error;
        }
        if ((rc = xlsx_table(&t, wb, v)) != KAIJI_OK)
            goto error;
    } else {
        const char *text = data;
        size_t tlen = len;
        const char *enc = "UTF-8";
        size_t bom = kaiji_text_bom(data, len);
        if (bom) {
            text += bom;
            tlen -= bom;
            enc = "UTF-8 (BOM)";
        }
        if (!kaiji_text_utf8_valid(text, tlen)) {
            if (!kaiji_text_to_utf8("CP932", data, len, &utf8, &ulen)) {
                rc = add_error(reg, 1, strdup(_("the register is neither UTF-8 nor CP932 (Shift_JIS)"
                                              " text: save it as CSV UTF-8 or as .xlsx")));
                if (rc == KAIJI_OK)
                    rc = KAIJI_ERROR_INVALID;
                *out = reg;
                reg = NULL;
                goto error;
            }
            text = utf8;
            tlen = ulen;
            enc = "CP932";
        }
        if (!(reg->encoding = strdup(enc))) {
            rc = KAIJI_ERROR_NOMEM;
            goto error;
        }
        rc = parse_csv(&t, text, tlen, &bad_line);
        if (rc == KAIJI_ERROR_INVALID) {
            rc = add_error(reg, bad_line, strdup(_("a quoted field (\") is never closed")));
            if (rc == KAIJI_OK)
                rc = KAIJI_ERROR_INVALID;
            *out = reg;
            reg = NULL;
            goto error;
        }
        if (rc != KAIJI_OK)
            goto error;
    }
    rc = take_table(reg, v, &t);
    if (rc == KAIJI_OK || rc == KAIJI_ERROR_INVALID) {
        *out = reg;
        reg = NULL;
    }

error:
    kaiji_workbook_free(wb);
    kaiji_document_free(doc);
    table_free(&t);
    free(utf8);
    kaiji_register_free(reg);
    return rc;
}

void kaiji_register_free(kaiji_register *reg)
{
    if (!reg)
        return;
    for (size_t i = 0; i < reg->contracts.count; i++)
        kaiji_contract_clear(&reg->contracts.items[i]);
    free(reg->contracts.items);
    for (size_t i = 0; i < reg->error_count; i++)
        free(reg->errors[i].message);
    free(reg->errors);
    free(reg->encoding);
    free(reg);
}

/* --------------------------------------------------------------- import */

const char *kaiji_change_kind_name(kaiji_change_kind kind)
{
    switch (kind) {
    case KAIJI_CHANGE_ADDED: return "added";
    case KAIJI_CHANGE_UPDATED: return "updated";
    case KAIJI_CHANGE_DEACTIVATED: return "deactivated";
    case KAIJI_CHANGE_REACTIVATED: return "reactivated";
    }
    return "unknown";
}

void kaiji_change_list_free(kaiji_change_list *list)
{
    if (!list)
        return;
    for (size_t i = 0; i < list->count; i++) {
        free(list->items[i].contract_id);
        for (size_t j = 0; j < list->items[i].detail_count; j++)
            free(list->items[i].details[j]);
        free(list->items[i].details);
    }
    free(list->items);
    free(list);
}

static kaiji_change *add_change(kaiji_change_list *l, kaiji_change_kind kind, const char *id)
{
    kaiji_change *p = realloc(l->items, (l->count + 1) * sizeof *p);
    if (!p)
        return NULL;
    l->items = p;
    kaiji_change *c = &p[l->count];
    memset(c, 0, sizeof *c);
    c->kind = kind;
    if (!(c->contract_id = strdup(id)))
        return NULL;
    l->count++;
    return c;
}

static int add_detail(kaiji_change *c, char *detail)
{
    if (!detail)
        return KAIJI_ERROR_NOMEM;
    char **p = realloc(c->details, (c->detail_count + 1) * sizeof *p);
    if (!p) {
        free(detail);
        return KAIJI_ERROR_NOMEM;
    }
    c->details = p;
    p[c->detail_count++] = detail;
    return KAIJI_OK;
}

/* Records one line of a contract's history. */
static int history(kaiji_store *st, const char *id, const char *change, const char *field,
                   const char *old_value, const char *new_value, const char *now)
{
    sqlite3_stmt *s = kaiji_store_prepare(st, "INSERT INTO contract_history(contract_id, at,"
                                              " change, field, old_value, new_value)"
                                              " VALUES (?, ?, ?, ?, ?, ?)");
    int rc = KAIJI_OK;
    if (!s)
        return KAIJI_ERROR_IO;
    sqlite3_bind_text(s, 1, id, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, now, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 3, change, -1, SQLITE_STATIC);
    if (field)
        sqlite3_bind_text(s, 4, field, -1, SQLITE_STATIC);
    if (old_value)
        sqlite3_bind_text(s, 5, old_value, -1, SQLITE_STATIC);
    if (new_value)
        sqlite3_bind_text(s, 6, new_value, -1, SQLITE_STATIC);
    if (sqlite3_step(s) != SQLITE_DONE)
        rc = kaiji_store_sqlfail(st, _("cannot record the contract history"));
    sqlite3_finalize(s);
    return rc;
}

/* "mds+sds+checklist" for the bits. */
static void docs_text(char buf[32], unsigned bits)
{
    buf[0] = '\0';
    for (unsigned t = 1; t <= KAIJI_DOC_CHECKLIST; t <<= 1)
        if (bits & t) {
            if (buf[0])
                strcat(buf, "+");
            strcat(buf, kaiji_doc_type_name(t));
        }
}

/* Writes c (insert or update). */
static int write_contract(kaiji_store *st, const kaiji_contract *c, bool insert, const char *now)
{
    sqlite3_stmt *s = kaiji_store_prepare(
        st, insert ? "INSERT INTO contracts(vendor, email, system, product, type, patient_data,"
                     " required, requested, due, url, active, updated_at, id, created_at)"
                     " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, 1, ?11, ?12, ?11)"
                   : "UPDATE contracts SET vendor = ?1, email = ?2, system = ?3, product = ?4,"
                     " type = ?5, patient_data = ?6, required = ?7, requested = ?8, due = ?9,"
                     " url = ?10, active = 1, updated_at = ?11 WHERE id = ?12");
    int rc = KAIJI_OK;
    if (!s)
        return KAIJI_ERROR_IO;
    sqlite3_bind_text(s, 1, c->vendor, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, c->email, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 3, c->system, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 4, c->product, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 5, c->type, -1, SQLITE_STATIC);
    sqlite3_bind_int(s, 6, c->patient_data);
    sqlite3_bind_int(s, 7, (int)c->required);
    kaiji_store_bind_date(s, 8, c->requested);
    kaiji_store_bind_date(s, 9, c->due);
    sqlite3_bind_text(s, 10, c->url, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 11, now, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 12, c->id, -1, SQLITE_STATIC);
    if (sqlite3_step(s) != SQLITE_DONE)
        rc = kaiji_store_sqlfail(st, _("cannot write a contract"));
    sqlite3_finalize(s);
    return rc;
}

/* Compares old and new field by field; each difference becomes a detail of
 * *chg (created on the first one) and a line of history. */
static int diff_contract(kaiji_store *st, kaiji_change_list *l, kaiji_change **chg,
                         const kaiji_contract *old, const kaiji_contract *nw, const char *now)
{
    char ob[32], nb[32];
    char od[11], ndt[11], od2[11], nd2[11];
    docs_text(ob, old->required);
    docs_text(nb, nw->required);
    const struct {
        const char *name, *o, *n;
    } fields[] = {
        {"vendor", old->vendor, nw->vendor},
        {"email", old->email, nw->email},
        {"system", old->system, nw->system},
        {"product", old->product, nw->product},
        {"type", old->type, nw->type},
        {"patient_data", old->patient_data ? "yes" : "no", nw->patient_data ? "yes" : "no"},
        {"required", ob, nb},
        {"requested", kaiji_date_format(od, old->requested), kaiji_date_format(ndt, nw->requested)},
        {"due", kaiji_date_format(od2, old->due), kaiji_date_format(nd2, nw->due)},
        {"url", old->url, nw->url},
    };
    int rc = KAIJI_OK;
    for (size_t i = 0; i < sizeof fields / sizeof fields[0] && rc == KAIJI_OK; i++) {
        if (strcmp(fields[i].o, fields[i].n) == 0)
            continue;
        if (!*chg && !(*chg = add_change(l, KAIJI_CHANGE_UPDATED, nw->id)))
            return KAIJI_ERROR_NOMEM;
        /* A URL is shown and kept in history without its login and query. */
        bool url = strcmp(fields[i].name, "url") == 0;
        char *o = NULL, *n = NULL;
        if (url && ((fields[i].o[0] && kaiji_fetch_redact_url(&o, fields[i].o) != KAIJI_OK) ||
                    (fields[i].n[0] && kaiji_fetch_redact_url(&n, fields[i].n) != KAIJI_OK))) {
            rc = KAIJI_ERROR_NOMEM;
        } else {
            const char *ov = o ? o : fields[i].o, *nv = n ? n : fields[i].n;
            if ((rc = add_detail(*chg, kaiji_store_printf("%s: %s → %s", fields[i].name,
                                                          ov[0] ? ov : "(none)",
                                                          nv[0] ? nv : "(none)"))) == KAIJI_OK)
                rc = history(st, nw->id, "updated", fields[i].name, ov, nv, now);
        }
        free(o);
        free(n);
    }
    return rc;
}

/* The keys (kaiji_text_visible_fold) of the IDs of n contracts; malloc'd,
 * NULL when memory runs out. */
static char **id_keys(const kaiji_contract *items, size_t n)
{
    char **keys = calloc(n + 1, sizeof *keys);
    for (size_t i = 0; keys && i < n; i++)
        if (!(keys[i] = kaiji_text_visible_fold(items[i].id)) &&
            !(keys[i] = strdup(items[i].id))) {
            for (size_t j = 0; j < i; j++)
                free(keys[j]);
            free(keys);
            return NULL;
        }
    return keys;
}

static void keys_free(char **keys, size_t n)
{
    for (size_t i = 0; keys && i < n; i++)
        free(keys[i]);
    free(keys);
}

/* The index of the contract of old with this id, else the one whose ID has
 * the same key (case, width and invisible characters aside), else n. */
static size_t find_contract(const kaiji_contract_list *old, char *const *old_keys, const char *id,
                            const char *key)
{
    for (size_t j = 0; j < old->count; j++)
        if (strcmp(old->items[j].id, id) == 0)
            return j;
    for (size_t j = 0; j < old->count; j++)
        if (strcmp(old_keys[j], key) == 0)
            return j;
    return old->count;
}

int kaiji_store_import_register(kaiji_change_list **out, kaiji_store *store,
                                const kaiji_register *reg)
{
    kaiji_change_list *l = calloc(1, sizeof *l);
    kaiji_contract_list *old = NULL;
    char **old_keys = NULL, **new_keys = NULL;
    bool *listed = NULL;
    sqlite3_stmt *s = NULL;
    char now[32];
    int rc;

    *out = NULL;
    kaiji_store_contracts_changed(store); /* ingest's keyed register is stale */
    if (!l)
        return KAIJI_ERROR_NOMEM;
    if (reg->error_count) {
        rc = kaiji_store_fail(store, KAIJI_ERROR_INVALID,
                              _("the register has %zu bad rows: nothing imported"), reg->error_count);
        goto error;
    }
    kaiji_store_now(now);
    if ((rc = kaiji_store_contracts(&old, store, true)) != KAIJI_OK)
        goto error;
    old_keys = id_keys(old->items, old->count);
    new_keys = id_keys(reg->contracts.items, reg->contracts.count);
    listed = calloc(old->count + 1, sizeof *listed);
    if (!old_keys || !new_keys || !listed) {
        rc = KAIJI_ERROR_NOMEM;
        goto error;
    }
    for (size_t i = 0; i < reg->contracts.count; i++) {
        kaiji_contract c = reg->contracts.items[i];
        const kaiji_contract *prev = NULL;
        kaiji_change *chg = NULL;
        size_t j = find_contract(old, old_keys, c.id, new_keys[i]);
        if (j < old->count) {
            prev = &old->items[j];
            listed[j] = true;
            /* One contract to the register, however its ID is written now. */
            c.id = prev->id;
        }
        if (!prev) {
            if (!add_change(l, KAIJI_CHANGE_ADDED, c.id)) {
                rc = KAIJI_ERROR_NOMEM;
                goto error;
            }
            if ((rc = write_contract(store, &c, true, now)) != KAIJI_OK ||
                (rc = history(store, c.id, "added", NULL, NULL, NULL, now)) != KAIJI_OK)
                goto error;
            continue;
        }
        if (!prev->active) {
            if (!(chg = add_change(l, KAIJI_CHANGE_REACTIVATED, c.id))) {
                rc = KAIJI_ERROR_NOMEM;
                goto error;
            }
            if ((rc = history(store, c.id, "reactivated", NULL, NULL, NULL, now)) != KAIJI_OK)
                goto error;
        }
        if ((rc = diff_contract(store, l, &chg, prev, &c, now)) != KAIJI_OK)
            goto error;
        if (chg) {
            if ((rc = write_contract(store, &c, false, now)) != KAIJI_OK)
                goto error;
        } else {
            l->unchanged++;
        }
    }
    for (size_t j = 0; j < old->count; j++) {
        if (!old->items[j].active || listed[j])
            continue;
        if (!add_change(l, KAIJI_CHANGE_DEACTIVATED, old->items[j].id)) {
            rc = KAIJI_ERROR_NOMEM;
            goto error;
        }
        if (!(s = kaiji_store_prepare(store, "UPDATE contracts SET active = 0, updated_at = ?"
                                             " WHERE id = ?"))) {
            rc = KAIJI_ERROR_IO;
            goto error;
        }
        sqlite3_bind_text(s, 1, now, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 2, old->items[j].id, -1, SQLITE_STATIC);
        if (sqlite3_step(s) != SQLITE_DONE) {
            rc = kaiji_store_sqlfail(store, _("cannot deactivate a contract"));
            goto error;
        }
        sqlite3_finalize(s);
        s = NULL;
        if ((rc = history(store, old->items[j].id, "deactivated", NULL, NULL, NULL, now)) !=
            KAIJI_OK)
            goto error;
    }
    keys_free(old_keys, old->count);
    keys_free(new_keys, reg->contracts.count);
    free(listed);
    kaiji_contract_list_free(old);
    *out = l;
    return KAIJI_OK;

error:
    sqlite3_finalize(s);
    if (old)
        keys_free(old_keys, old->count);
    keys_free(new_keys, reg->contracts.count);
    free(listed);
    kaiji_contract_list_free(old);
    kaiji_change_list_free(l);
    return rc;
}

bool kaiji_store_email_ok(const char *s)
{
    return email_ok(s);
}

int kaiji_store_contract_update(kaiji_change_list **out, kaiji_store *st,
                                const kaiji_contract *old, const kaiji_contract *c)
{
    kaiji_change_list *l = calloc(1, sizeof *l);
    kaiji_change *chg = NULL;
    char now[32];
    int rc;

    *out = NULL;
    kaiji_store_contracts_changed(st);
    if (!l)
        return KAIJI_ERROR_NOMEM;
    kaiji_store_now(now);
    if ((rc = diff_contract(st, l, &chg, old, c, now)) != KAIJI_OK)
        goto error;
    if (chg && (rc = write_contract(st, c, false, now)) != KAIJI_OK)
        goto error;
    if (!chg)
        l->unchanged = 1;
    *out = l;
    return KAIJI_OK;
error:
    kaiji_change_list_free(l);
    return rc;
}
