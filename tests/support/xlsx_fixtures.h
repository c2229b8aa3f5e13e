/*
 * tests/support/xlsx_fixtures.h - XLSX packages and OLE compound files built
 * in code for the XLSX reader's tests (tests/test_xlsx.c,
 * tests/test_zip_limits.c).  Built on the t_xlsx_* helpers of support.h.
 */
#ifndef KAIJI_TEST_XLSX_FIXTURES_H
#define KAIJI_TEST_XLSX_FIXTURES_H

#include <stddef.h>

#define XF_MAX_SHEETS 8
#define XF_MAX_EXTRA 8

/*
 * A workbook in the usual Excel layout ([Content_Types].xml, _rels/.rels,
 * xl/workbook.xml, its rels, xl/styles.xml, xl/sharedStrings.xml,
 * xl/worksheets/sheetN.xml).  NULL fields take the defaults.
 */
typedef struct xf_book {
    const char *sst;            /* the <si> elements; NULL: no shared strings part */
    const char *styles;         /* a whole styles.xml; NULL: xf_default_styles */
    const char *workbook_pr;    /* e.g. "<workbookPr date1904=\"1\"/>" */
    const char *defined_names;  /* the <definedName> elements */
    size_t sheet_count;
    const char *names[XF_MAX_SHEETS];
    const char *states[XF_MAX_SHEETS];  /* NULL, "hidden", "veryHidden" */
    const char *bodies[XF_MAX_SHEETS];  /* what goes inside <worksheet> */
    int raw;                    /* bodies are whole parts, sst a whole part */
    const char *package_rels;   /* more <Relationship> elements for _rels/.rels */
    const char *workbook_rels;  /* more <Relationship> elements for the workbook's rels */
    const char *extra_names[XF_MAX_EXTRA];  /* more parts (docProps/core.xml ...) */
    const char *extra_texts[XF_MAX_EXTRA];
} xf_book;

/*
 * The default styles.xml: cellXfs index 0 General, 1 id 14 (yyyy/m/d),
 * 2 id 57, 3 id 58, 4 custom 164 "[$-411]ggge年m月d日", 5 custom 165
 * "yyyy\"年\"m\"月\"d\"日\"", 6 id 2 ("0.00", not a date), 7 custom 166
 * "#,##0\"円\"" (not a date).
 */
extern const char *const xf_default_styles;

/* The ZIP bytes of b (malloc'd); *len their size. */
unsigned char *xf_book_bytes(const xf_book *b, size_t *len);

/* One sheet "Sheet1" whose <worksheet> holds body, shared strings sst. */
unsigned char *xf_simple(const char *sst, const char *body, size_t *len);

/* Replaces every occurrence of from by to (same length) in len bytes at data;
 * returns how many were replaced.  Used to give entries names libzip would
 * not write (duplicates, "../x"): names are outside the CRC. */
size_t xf_patch(unsigned char *data, size_t len, const char *from, const char *to);

/* A ZIP of n parts (names[i] holding texts[i]) in which the part named
 * encrypted is encrypted with a password (traditional PKWARE).  malloc'd. */
unsigned char *xf_zip_encrypted(const char *const *names, const char *const *texts, size_t n,
                                const char *encrypted, size_t *len);

/*
 * A minimal OLE2 compound file (512-byte sectors: header, one FAT sector,
 * one directory sector) whose directory holds a root entry and streams with
 * the given names.  When loop is non-zero the directory chain points back at
 * itself.  malloc'd.
 */
unsigned char *xf_ole(const char *const *names, size_t count, int loop, size_t *len);

#endif
