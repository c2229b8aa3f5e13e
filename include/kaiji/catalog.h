/*
 * kaiji/catalog.h - what kaiji knows about the forms: the MHLW checklist
 * editions, the MDS2 editions, the JAHIS MDS/SDS version table, and any
 * template a user imported.
 *
 * Catalogs are data (JSON files under formats/catalogs/), compiled into the
 * library and overridable: a file in the directory given to
 * kaiji_catalogs_load() replaces the built-in file of the same name, and
 * other files are added.
 */
#ifndef KAIJI_CATALOG_H
#define KAIJI_CATALOG_H

#include <stdio.h>

#include "common.h"
#include "document.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct kaiji_catalogs kaiji_catalogs;
typedef struct kaiji_catalog kaiji_catalog;

/*
 * Loads the built-in catalogs and then, when dir is not NULL, every *.json in
 * dir.  On KAIJI_ERROR_CATALOG, when err is not NULL, *err receives a message
 * (file and reason) the caller frees with free().  The caller frees *out with
 * kaiji_catalogs_free().
 */
int kaiji_catalogs_load(kaiji_catalogs **out, const char *dir, char **err);
void kaiji_catalogs_free(kaiji_catalogs *cats);

/*
 * Adds the catalog file at path (a profile such as guideline 7.0's annex
 * list, or any catalog) to cats after loading; a catalog already loaded with
 * the same id is replaced.  On KAIJI_ERROR_CATALOG *err (when not NULL) gets
 * "path: reason", freed by the caller.  Not to be called while other threads
 * use cats.
 */
int kaiji_catalogs_add_file(kaiji_catalogs *cats, const char *path, char **err);

/*
 * The newest MHLW guideline edition published on or before as_of ("7.0")
 * when it is newer than target ("6.0"), with its publication date in *since
 * (when not NULL); NULL when target is the newest in force.  The string
 * lives as long as cats.
 */
const char *kaiji_catalogs_newer_guideline(const kaiji_catalogs *cats, const char *target,
                                           kaiji_date as_of, kaiji_date *since);
/* true when the catalogs know guideline edition edition ("7.0", "第7.0版"). */
bool kaiji_catalogs_knows_guideline(const kaiji_catalogs *cats, const char *edition);

/*
 * What the person reading a finding of code ("missing-answer") on a
 * document of kind should do next, in lang ("ja" for Japanese; any other
 * gives English), as formats/vocab/next-steps.json (or a next-steps.json in
 * the catalog directory) says it: the kind's own step when there is one
 * (the hospital fills its own checklist), else the code's.  "{form}" in it
 * stands for the current form's name.  NULL when the code has none.  The
 * string lives as long as cats.
 */
const char *kaiji_catalogs_next_step(const kaiji_catalogs *cats, const char *code,
                                     kaiji_kind kind, const char *lang);
/*
 * kaiji_catalogs_next_step written into buf (size bytes), "{form}" made the
 * name of the form of kind current on as_of as printed on it (令和8年度版,
 * Ver.5.0, HN 1-2019), or left out with its brackets when the catalogs know
 * none; "" when the code has no step.  Returns buf.
 */
const char *kaiji_catalogs_next_step_text(char *buf, size_t size, const kaiji_catalogs *cats,
                                          const char *code, kaiji_kind kind, kaiji_date as_of,
                                          const char *lang);

/*
 * The question of item item_id ("2(4)", "AUTH-1") on the form of kind at
 * form_version ("R6", "5.0", "HN 1-2019") as the catalogs word it, or NULL
 * when they do not know the form, the item or its wording.  The string lives
 * as long as cats.
 */
const char *kaiji_catalogs_item_question(const kaiji_catalogs *cats, kaiji_kind kind,
                                         const char *form_version, const char *item_id);

size_t kaiji_catalogs_count(const kaiji_catalogs *cats);
const kaiji_catalog *kaiji_catalogs_get(const kaiji_catalogs *cats, size_t i);
/* The catalog whose id is id ("mhlw-checklist-r6"), or NULL. */
const kaiji_catalog *kaiji_catalogs_find(const kaiji_catalogs *cats, const char *id);

const char *kaiji_catalog_id(const kaiji_catalog *cat);
const char *kaiji_catalog_title(const kaiji_catalog *cat);
/* "builtin" or the path of the file it came from. */
const char *kaiji_catalog_origin(const kaiji_catalog *cat);
/* How sure its source is: "V" public source, "2" secondary, "I" inferred,
 * "template" imported from an official blank form. */
const char *kaiji_catalog_certainty(const kaiji_catalog *cat);
/* The catalog's JSON text, as loaded. */
const char *kaiji_catalog_json(const kaiji_catalog *cat);

/*
 * Reads the official blank template at template_path (an MDS or SDS form, or
 * any other kind) and writes a catalog of its items as JSON to *out (a string
 * the caller frees with free()).  id names the catalog; NULL derives one from
 * the kind and form version.  Fails with KAIJI_ERROR_UNREADABLE when the file
 * gives no recognisable item table.
 */
int kaiji_catalog_import(char **out, const char *template_path, const char *id);

/* Why kaiji_catalog_import_with() made no catalog, beyond its error code. */
typedef enum kaiji_import_problem {
    KAIJI_IMPORT_NO_PROBLEM = 0,
    KAIJI_IMPORT_NO_FORM,        /* no form with an item table (KAIJI_ERROR_UNREADABLE) */
    KAIJI_IMPORT_NO_EDITION,     /* a checklist whose title names no edition
                                    (KAIJI_ERROR_UNREADABLE) */
    KAIJI_IMPORT_MIXED_EDITIONS, /* its sheets name different editions
                                    (KAIJI_ERROR_UNREADABLE) */
    KAIJI_IMPORT_NO_PUBLISHED,   /* nothing says from when the edition is current:
                                    give options.published (KAIJI_ERROR_NOT_FOUND) */
    KAIJI_IMPORT_BAD_PUBLISHED   /* the publication date is not YYYY-MM-DD / YYYY-MM,
                                    or not near the edition's fiscal year
                                    (KAIJI_ERROR_INVALID) */
} kaiji_import_problem;

typedef struct kaiji_import_options {
    /* The new catalog's id; NULL derives one: "mhlw-checklist-r8-vendor",
     * "mhlw-checklist-r7-imported" (both sheets), "template-mds-5.0". */
    const char *id;
    /* A checklist edition's publication date, "YYYY-MM-DD" (or "YYYY-MM"):
     * from then on it is the current edition.  NULL: the month the title
     * gives (令和7年5月), else the date a catalog of the same edition gives. */
    const char *published;
    /* The catalogs whose vocabulary reads the file, whose editions give the
     * facts the workbook does not, and whose list of official files names
     * it.  NULL: the built-in ones. */
    const kaiji_catalogs *catalogs;
} kaiji_import_options;

/*
 * As kaiji_catalog_import(), with options (NULL for the defaults).  An MHLW
 * checklist workbook of any edition, holding one sheet or both, gives a
 * catalog of "type": "mhlw-checklist" (one form per sheet; layout in
 * formats/catalogs/README.md); other forms a "type": "template" catalog.
 * A file whose SHA-256 is on the list of official files is named in the
 * catalog as that file.  On failure *problem (when not NULL) says why.
 */
int kaiji_catalog_import_with(char **out, const char *path,
                              const kaiji_import_options *opts,
                              kaiji_import_problem *problem);

#ifdef __cplusplus
}
#endif
#endif
