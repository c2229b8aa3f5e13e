/*
 * catalog/catalogs.h - the catalogs as the library's own modules
 * see them: parsed forms, items, sections and the JAHIS version table.  Not
 * installed.  The layout of the JSON files is described in
 * formats/catalogs/README.md.
 *
 * Everything here is owned by the kaiji_catalogs it came from, is immutable
 * once loaded and lives until kaiji_catalogs_free().
 */
#ifndef KAIJI_CATALOG_CATALOGS_H
#define KAIJI_CATALOG_CATALOGS_H

#include <stdbool.h>
#include <stddef.h>

#include "kaiji/catalog.h"
#include "model/model.h"

/* libxml2's compiled schema (libxml/xmlschemas.h). */
struct _xmlSchema;
#include "catalog/vocab.h"

/* How sure a fact is: seen in a public source, in a secondary source,
 * inferred, or taken from an official blank template the user imported. */
typedef enum kaiji_certainty {
    KAIJI_CERTAINTY_V = 0,
    KAIJI_CERTAINTY_2,
    KAIJI_CERTAINTY_I,
    KAIJI_CERTAINTY_TEMPLATE
} kaiji_certainty;

typedef enum kaiji_catalog_type {
    KAIJI_CATALOG_CHECKLIST = 0, /* "mhlw-checklist": one edition, two forms */
    KAIJI_CATALOG_MDS2,          /* "mds2": one MDS2 edition */
    KAIJI_CATALOG_MDS_VERSIONS,  /* "mds-sds-versions": the JAHIS table */
    KAIJI_CATALOG_TEMPLATE,      /* "template": imported from a blank form */
    KAIJI_CATALOG_GUIDELINES,    /* "guideline-editions": MHLW guideline editions */
    KAIJI_CATALOG_ANNEX          /* "annex": items a guideline wants はい or 対象外 */
} kaiji_catalog_type;

/* A publication date as a catalog gives it: "2024-09-30", "2024-09" or
 * "2024".  on is the last day of that period (a form "published 2024-09"
 * was out by 2024-09-30), year 0 when the catalog gives none. */
typedef struct kaiji_cat_published {
    kaiji_date on;
    const char *text;            /* as written, or NULL */
    kaiji_certainty certainty;
} kaiji_cat_published;

/* What an item's answer cell holds. */
typedef enum kaiji_answer_type {
    KAIJI_ANSWER_TYPE_CHOICE = 0, /* はい/いいえ/対象外, Yes/No/N/A/See Note */
    KAIJI_ANSWER_TYPE_TEXT,       /* free text (MDS2 DOC-1, OTHR) */
    KAIJI_ANSWER_TYPE_DATE        /* a date (MDS2 DOC-7) */
} kaiji_answer_type;

typedef struct kaiji_cat_item {
    const char *id;        /* as the form numbers it: "2(4)", "2⑦", "AUTH-1" */
    const char *id_key;    /* kaiji_text_id_key(id) */
    const char *section;   /* "" when none */
    const char *text;      /* NULL when the wording is unknown */
    const char *text_fold; /* comparison form of text, NULL with it */
    const char *name;      /* short name (MDS2 DOC questions), or NULL */
    const char *year;      /* "R5", "R6", "R7" or "" */
    const char *note;      /* or NULL */
    const char *scope;     /* R7 scope tag, or NULL */
    /* The targets (サーバ, 端末PC, ネットワーク機器) that each need an
     * answer; none: one answer.  targets_known is false when the catalog
     * says null (unknown): then no per-target answer is required. */
    size_t target_count;
    const char *targets[KAIJI_MAX_TARGETS];
    bool targets_known;
    kaiji_certainty certainty;      /* that the item is on the form */
    kaiji_certainty text_certainty; /* of its wording */
    bool required;                  /* false: 参考項目, no answer needed */
    kaiji_answer_type answer_type;
    kaiji_field field;              /* header field it gives, or __COUNT */
} kaiji_cat_item;

/* An MDS2 section: its code, name and how many questions it holds. */
typedef struct kaiji_cat_section {
    const char *code;
    const char *name;
    int count;      /* -1 when not counted */
    bool free_text; /* OTHR */
} kaiji_cat_section;

typedef struct kaiji_cat_alias {
    const char *from_key, *to_key; /* id keys: SHAD-15 -> SAHD-15 */
} kaiji_cat_alias;

/* One form: a sheet of a checklist edition, an MDS2 edition, a template. */
typedef struct kaiji_cat_form {
    const kaiji_catalog *catalog; /* the catalog holding it */
    kaiji_kind kind;
    const char *form_version;     /* normalised: "R6", "HN 1-2019", "5.0" */
    const char *form_version_key; /* kaiji_text_key(form_version) */
    const char *title;
    /* true when items lists every item of the form, so that an item not in
     * it is unexpected. */
    bool complete;
    kaiji_cat_item *items;
    size_t item_count;
    kaiji_cat_item *header;       /* MDS2 DOC questions */
    size_t header_count;
    kaiji_cat_section *sections;
    size_t section_count;
    kaiji_cat_alias *aliases;
    size_t alias_count;
} kaiji_cat_form;

/* A row of the JAHIS MDS/SDS version table. */
typedef struct kaiji_cat_version {
    const char *version;      /* normalised: "5.0", "3.0a", "1st" */
    const char **alias_keys;  /* kaiji_text_key of each alias */
    size_t alias_count;
    const char *jahis;        /* "24-005" or NULL */
    const char *date;
    const char *guideline;    /* comparable: "6.0", "5.2", "4" */
    const char *guideline_text; /* as the table says it: "5 / 5.1" */
    bool mds, sds;            /* which kinds exist in this version */
    kaiji_certainty certainty;
    kaiji_certainty guideline_certainty;
    kaiji_cat_published published; /* "published_on" */
} kaiji_cat_version;

/* An edition of the MHLW guideline: "6.0", published 2023-05-31. */
typedef struct kaiji_cat_guideline {
    const char *edition;      /* comparable: "6.0", "7.0" */
    const char *title;        /* or NULL */
    const char *notice;       /* the notice that made it ("産情発0629第1号"), or NULL */
    kaiji_cat_published published;
} kaiji_cat_guideline;

struct kaiji_catalog {
    kaiji_arena *arena;
    /* Parsed at build time (catalog/prebuilt.h): static data, no arena,
     * never freed; json is then NULL (kaiji_catalog_json finds the text). */
    bool prebuilt;
    kaiji_catalog_type type;
    const char *id, *title, *source, *origin, *certainty_text, *json;
    const char *basename; /* the file's name, "mhlw-checklist-r6.json" */
    kaiji_certainty certainty;
    /* Checklist: "R6", its fiscal year, the guideline it is made for.
     * MDS2: "HN 1-2019" and whether it is current. */
    const char *edition;
    const char **edition_alias_keys;
    size_t edition_alias_count;
    int fiscal_year;
    const char *guideline;
    bool current;
    /* Checklist: when the edition was published ("published_on"); it is
     * current from then until the next edition's publication. */
    kaiji_cat_published published;
    /* Guideline editions ("guideline-editions"). */
    kaiji_cat_guideline *guidelines;
    size_t guideline_count;
    /* Annex ("annex"): the guideline it belongs to, and the item ID keys
     * (kaiji_text_id_key) of MDS and SDS items it lists. */
    const char **annex_mds, **annex_sds;
    size_t annex_mds_count, annex_sds_count;
    kaiji_cat_form *forms;
    size_t form_count;
    kaiji_cat_version *versions;
    size_t version_count;
    /* Template: the blank form's file name it was imported from and, when
     * that file is an official one, the official file's name; NULL when the
     * catalog does not say (kaiji_word_catalog_title renders the title of
     * an imported one from them). */
    const char *template_file, *official_file;
};

/* How the title kaiji catalog import writes into a template catalog begins
 * (validator/import.c), in English for the kaiji of before titles were
 * rendered; kaiji_word_catalog_title knows an imported title by it. */
#define KAIJI_IMPORTED_TITLE_PREFIX "Imported template: "

/* The comparison form of a question's wording: kaiji_text_fold() without
 * its spaces and without a closing 。 or full stop, so that width and space
 * differences do not count as rewording.  malloc'd, or NULL (no memory, not UTF-8). */
char *kaiji_catalog_fold_text(const char *s);

/*
 * A scope tag on a line of its own at the end of a question, as R7 prints
 * one under each ("…を設定している。\n(サーバ、端末PC)"): not wording, so
 * kaiji_catalog_fold_text() leaves it out.  Returns the length of s before
 * the tag's line (strlen(s) when s has no tag); *tag and *tag_len (when not
 * NULL) get what the brackets hold, or NULL and 0.
 */
size_t kaiji_catalog_scope_tag(const char *s, const char **tag, size_t *tag_len);

/* The label vocabulary loaded with the catalogs (formats/vocab/labels.json,
 * or labels.json in the override directory); NULL when none was loaded. */
const kaiji_vocab *kaiji_catalogs_vocab(const kaiji_catalogs *cats);
/* The XSD of kaiji's XML format, compiled by the first call (thread-safe:
 * worker threads share the catalogs) and kept with the catalogs, or NULL
 * (then each read compiles its own). */
const struct _xmlSchema *kaiji_catalogs_xml_schema(const kaiji_catalogs *cats);

/*
 * Parses one catalog file's JSON text into *out; origin is "builtin" or the
 * path, basename the file's name.  On KAIJI_ERROR_CATALOG *err (when not
 * NULL) gets a malloc'd reason without the file name.  Free *out with
 * kaiji_catalog_free().
 */
int kaiji_catalog_parse(kaiji_catalog **out, const char *json,
                        const char *origin, const char *basename, char **err);
void kaiji_catalog_free(kaiji_catalog *cat); /* NULL-safe */

/*
 * The form describing kind at form_version (normalised), or NULL.  A
 * catalog the user imported (certainty "template", of any type: a JAHIS
 * template or an MHLW checklist edition) wins over the others.
 */
const kaiji_cat_form *kaiji_catalogs_form(const kaiji_catalogs *cats,
                                          kaiji_kind kind,
                                          const char *form_version);

/* The checklist edition catalog whose edition is edition ("R6"), or NULL:
 * the first one not imported (a built-in edition, whose facts an imported
 * catalog of the same edition may lack), else the first imported one.  Its
 * forms are looked up with kaiji_catalogs_form(). */
const kaiji_catalog *kaiji_catalogs_edition(const kaiji_catalogs *cats,
                                            const char *edition);

/*
 * The checklist edition current at as_of: the newest edition published on or
 * before as_of (an edition without "published_on" counts from the first day
 * of its fiscal year).  NULL when as_of is before every edition.
 */
const kaiji_catalog *kaiji_catalogs_current_edition(const kaiji_catalogs *cats,
                                                    kaiji_date as_of);

/* The MDS2 edition catalog named by edition ("HN 1-2019", or an alias), or
 * NULL; the current one when edition is NULL. */
const kaiji_catalog *kaiji_catalogs_mds2(const kaiji_catalogs *cats,
                                         const char *edition);

/* The JAHIS version row of version (normalised or an alias such as
 * "JAHIS 13-003"), or NULL. */
const kaiji_cat_version *kaiji_catalogs_mds_version(const kaiji_catalogs *cats,
                                                    const char *version);

/* The newest JAHIS version row whose kinds include kind and which had been
 * published by as_of, or NULL.  Rows are ordered by publication date, then
 * by version. */
const kaiji_cat_version *kaiji_catalogs_newest_mds_version(
    const kaiji_catalogs *cats, kaiji_kind kind, kaiji_date as_of);

/* <0, 0, >0 as version row a was published before, with or after b (a row
 * without a date first; the same date: by version number). */
int kaiji_cat_version_order(const kaiji_cat_version *a, const kaiji_cat_version *b);

/* The guideline edition named edition ("7.0", "第7.0版"), or NULL. */
const kaiji_cat_guideline *kaiji_catalogs_guideline(const kaiji_catalogs *cats,
                                                    const char *edition);

/* The newest guideline edition published on or before as_of, or NULL. */
const kaiji_cat_guideline *kaiji_catalogs_guideline_at(const kaiji_catalogs *cats,
                                                       kaiji_date as_of);

/* The annex of guideline edition guideline ("7.0"), the one added last
 * winning (a user's --profile over the built-in, empty list), or NULL. */
const kaiji_catalog *kaiji_catalogs_annex(const kaiji_catalogs *cats,
                                          const char *guideline);

/*
 * <0, 0, >0 as guideline edition a ("5.2") is older than, the same as, newer
 * than b ("6.0").  Compares the numbers; "4.x" reads as 4.
 */
int kaiji_guideline_compare(const char *a, const char *b);

/* ---- official files (formats/vocab/official-files.json) -------------- */

/* An official blank form, known by its SHA-256. */
typedef struct kaiji_official_file {
    const char *file;      /* "001716188.xlsx" */
    const char *what;      /* what it is, for people */
    const char *edition;   /* "R8", or "" */
    const char *kind_name; /* "vendor-checklist", or "" */
    kaiji_kind kind;       /* KAIJI_KIND_UNKNOWN when not said */
    const char *sheet;     /* its sheet, or "" */
    long long bytes;       /* -1 when not said */
    char sha256[65];       /* lower-case hex */
    const char *certainty; /* of the entry: "V", "2", "I" */
    const char *source;    /* where the entry comes from */
} kaiji_official_file;

typedef struct kaiji_official_list {
    kaiji_arena *arena;
    kaiji_official_file *files;
    size_t count;
} kaiji_official_list;

/*
 * Adds the entries of an official-files JSON text (the layout of
 * formats/vocab/official-files.json) to list, which starts zeroed.  On
 * KAIJI_ERROR_CATALOG, *err (when not NULL) gets a malloc'd reason and list
 * is as it was.
 */
int kaiji_official_list_add(kaiji_official_list *list, const char *json, char **err);
void kaiji_official_list_clear(kaiji_official_list *list); /* NULL-safe */
/* The entry whose SHA-256 is sha256 (hex, any case), or NULL. */
const kaiji_official_file *kaiji_official_list_match(const kaiji_official_list *list,
                                                     const char *sha256);
/* The official files loaded with the catalogs (built in, plus
 * official-files.json of the override directory). */
const kaiji_official_list *kaiji_catalogs_official(const kaiji_catalogs *cats);

/* ---- next steps (formats/vocab/next-steps.json) ----------------------- */

/* One step of the built-in file as parsed at build time (catalog/prebuilt.h):
 * the code's text, or (kind not NULL) its text for one kind of document. */
typedef struct kaiji_next_step {
    const char *code;
    const char *kind; /* kaiji_kind_name, or NULL: every kind */
    const char *ja, *en;
} kaiji_next_step;

/* The next-steps files loaded, the built-in one first; the last added wins.
 * Below them, builtin: the built-in file parsed at build time, when it was
 * not added as a file. */
#define KAIJI_NEXT_STEPS_LAYERS 2
typedef struct kaiji_next_steps {
    struct cJSON *layers[KAIJI_NEXT_STEPS_LAYERS];
    size_t count;
    const kaiji_next_step *builtin;
    size_t builtin_count;
} kaiji_next_steps;

/*
 * Adds the entries of a next-steps JSON text (the layout of
 * formats/vocab/next-steps.json: "steps" maps a finding code to its "ja" and
 * "en" texts, and optionally a kind's own under its code) to steps, which starts zeroed; they win over those added
 * before.  On KAIJI_ERROR_CATALOG, *err (when not NULL) gets a malloc'd
 * reason and steps is as it was.
 */
int kaiji_next_steps_add(kaiji_next_steps *steps, const char *json, char **err);
void kaiji_next_steps_clear(kaiji_next_steps *steps); /* NULL-safe */
/* The next step of finding code on a document of kind in lang ("ja";
 * anything else is English): the kind's own text when the entry has one;
 * NULL when no file names the code. */
const char *kaiji_next_steps_find(const kaiji_next_steps *steps, const char *code,
                                  kaiji_kind kind, const char *lang);

/*
 * Writes the catalog JSON of a blank template read into doc (its kind, form
 * version and items) into *out (malloc'd).  id NULL derives one
 * ("template-mds-5.0").  KAIJI_ERROR_UNREADABLE when doc is unreadable, of
 * unknown kind or has no items.
 */
int kaiji_catalog_from_document(char **out, const kaiji_document *doc,
                                const char *id);

#endif
