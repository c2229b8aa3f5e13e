/*
 * tests/fuzz/fuzz_register.c - the contract register reader (CSV in UTF-8,
 * UTF-8 with BOM or CP932; XLSX) under libFuzzer, through
 * kaiji_register_read_memory(), the reader behind kaiji_register_read() and
 * `kaiji register import`.
 *
 * An input starting with "PK" is a workbook as is; one starting with "==> "
 * is a listing of parts packed into a ZIP first (see fuzz_common.h), so
 * mutations reach the sheet XML; anything else is CSV text.  Aborts when a
 * contract of the reader is broken: a return code other than KAIJI_OK,
 * KAIJI_ERROR_INVALID or KAIJI_ERROR_NOMEM; KAIJI_OK or
 * KAIJI_ERROR_INVALID without a register, or KAIJI_ERROR_INVALID without an
 * error saying why; an error without a message or line; a contract without
 * an ID, with a NULL or non-UTF-8 string, or with an ID another contract has;
 * documents required where there is no patient data; an impossible date.
 * With KAIJI_FUZZ_DUMP=FILE the bytes read (the ZIP, for a listing) are
 * written to FILE, to become a regression file.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"
#include "store/internal.h"
#include "text/text.h"

static void die(const char *what)
{
    fprintf(stderr, "kaiji fuzz: contract broken on the register: %s\n", what);
    abort();
}

static void need_text(const char *s, const char *what)
{
    if (!s || !kaiji_text_utf8_valid(s, strlen(s)))
        die(what);
}

static int cmp_id(const void *a, const void *b)
{
    return strcmp(((const kaiji_contract *)a)->id, ((const kaiji_contract *)b)->id);
}

static void need_date(kaiji_date d, const char *what)
{
    if (d.year == 0 && d.month == 0 && d.day == 0)
        return;
    if (d.year < 1 || d.year > 9999 || d.month < 1 || d.month > 12 || d.day < 1 || d.day > 31)
        die(what);
}

static void check(const kaiji_register *reg, int rc)
{
    if (rc == KAIJI_ERROR_NOMEM)
        return;
    if (rc != KAIJI_OK && rc != KAIJI_ERROR_INVALID)
        die("kaiji_register_read_memory returned an unexpected error");
    if (!reg)
        die("no register returned with KAIJI_OK or KAIJI_ERROR_INVALID");
    if (rc == KAIJI_ERROR_INVALID && reg->error_count == 0)
        die("KAIJI_ERROR_INVALID without an error saying why");
    need_text(reg->encoding ? reg->encoding : "", "encoding");
    for (size_t i = 0; i < reg->error_count; i++) {
        need_text(reg->errors[i].message, "error message");
        if (!reg->errors[i].message[0] || reg->errors[i].line == 0)
            die("an error without a message or a line");
    }
    const kaiji_contract_list *l = &reg->contracts;
    for (size_t i = 0; i < l->count; i++) {
        const kaiji_contract *c = &l->items[i];
        need_text(c->id, "contract id");
        need_text(c->vendor, "vendor");
        need_text(c->email, "email");
        need_text(c->system, "system");
        need_text(c->product, "product");
        need_text(c->type, "type");
        need_text(c->url, "url");
        if (!c->id[0])
            die("a contract without an ID");
        if (!c->patient_data && c->required)
            die("documents required without patient data");
        if (!c->active || c->line == 0)
            die("a contract read from a file inactive or without a line");
        need_date(c->requested, "request date out of range");
        need_date(c->due, "due date out of range");
    }
    if (l->count > 1) {
        kaiji_contract *sorted = malloc(l->count * sizeof *sorted);
        if (!sorted)
            return;
        memcpy(sorted, l->items, l->count * sizeof *sorted);
        qsort(sorted, l->count, sizeof *sorted, cmp_id);
        for (size_t i = 1; i < l->count; i++)
            if (strcmp(sorted[i - 1].id, sorted[i].id) == 0)
                die("two contracts with one ID");
        free(sorted);
    }
}

/* The register vocabulary, loaded once: `kaiji register import` loads it once
 * per file, a harness once per process. */
static kaiji_regvocab *vocab;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!vocab && kaiji_regvocab_load(&vocab) != KAIJI_OK) {
        fprintf(stderr, "kaiji fuzz: cannot load the register vocabulary\n");
        exit(2);
    }

    kaiji_register *reg = NULL;
    unsigned char *zip = NULL;
    const char *bytes = (const char *)data;
    size_t len = size;

    if (size >= 4 && memcmp(data, "==> ", 4) == 0) {
        if (!(zip = fuzz_pack_parts(data, size, &len)))
            return 0;
        bytes = (const char *)zip;
    }
    fuzz_dump((const uint8_t *)bytes, len);
    int rc = kaiji_register_read_memory(&reg, vocab, "fuzz-register", bytes, len);
    check(reg, rc);
    kaiji_register_free(reg);
    free(zip);
    return 0;
}
