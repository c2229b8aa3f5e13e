/*
 * report/checklist.c - the draft of the hospital's 医療機関確認用 checklist,
 * merged from the vendor checklists in the store (see report/checklist.h for
 * the rule).
 */
#include "report/checklist.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kaiji/read.h"
#include "kaiji/validate.h"
#include "store/internal.h"
#include "text/text.h"
#include "catalog/catalogs.h"
#include "model/i18n.h"

static const char *const target_names[KAIJI_DRAFT_TARGETS] = {"サーバ", "端末PC",
                                                              "ネットワーク機器"};

const char *kaiji_draft_target_name(size_t i)
{
    return i < KAIJI_DRAFT_TARGETS ? target_names[i] : NULL;
}

/* A growing string; on no memory ok turns false and stays false. */
typedef struct strbuf {
    char *s;
    size_t len, cap;
    bool ok;
} strbuf;

static void sb_add(strbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void sb_add(strbuf *b, const char *fmt, ...)
{
    va_list ap;
    if (!b->ok)
        return;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) {
        b->ok = false;
        return;
    }
    if (b->len + (size_t)n + 1 > b->cap) {
        size_t cap = (b->len + (size_t)n + 1) * 2;
        char *p = realloc(b->s, cap);
        if (!p) {
            b->ok = false;
            return;
        }
        b->s = p;
        b->cap = cap;
    }
    va_start(ap, fmt);
    vsnprintf(b->s + b->len, b->cap - b->len, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

/* The buffer's string (caller frees), "" when empty; NULL when out of
 * memory.  The buffer is empty afterwards. */
static char *sb_take(strbuf *b)
{
    char *s = b->s;
    bool ok = b->ok;
    *b = (strbuf){NULL, 0, 0, true};
    if (!ok) {
        free(s);
        return NULL;
    }
    return s ? s : strdup("");
}

/* A vendor checklist used for the draft, with its items' ID keys. */
typedef struct vendor_doc {
    kaiji_document *doc;
    char **keys;                   /* one per item; NULL entries when not UTF-8 */
    size_t key_count;
    const kaiji_draft_source *src;
} vendor_doc;

/* Everything the building needs, freed in one place. */
typedef struct builder {
    const kaiji_draft_options *opts;
    const kaiji_catalog *edition;
    const kaiji_cat_form *form;
    kaiji_checklist_draft *draft;
    vendor_doc *docs;
    size_t doc_count;
    char **override_keys;
    char *err;
} builder;

static void set_err(builder *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void set_err(builder *b, const char *fmt, ...)
{
    va_list ap;
    char buf[512];
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    free(b->err);
    b->err = strdup(buf);
}

/* The file name of a recorded path. */
static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

/* The target column of a target name (by its key), or -1. */
static int target_index(const char *name)
{
    char *key = kaiji_text_key(name);
    int found = -1;
    for (int t = 0; key && t < KAIJI_DRAFT_TARGETS && found < 0; t++) {
        char *want = kaiji_text_key(target_names[t]);
        if (want && strcmp(want, key) == 0)
            found = t;
        free(want);
    }
    free(key);
    return found;
}

static void source_clear(kaiji_draft_source *s)
{
    free(s->contract);
    free(s->vendor);
    free(s->path);
    free(s->sha256);
    free(s->form_version);
    free(s->reason);
}

void kaiji_checklist_draft_free(kaiji_checklist_draft *d)
{
    if (!d)
        return;
    for (size_t i = 0; i < d->item_count; i++) {
        kaiji_draft_item *it = &d->items[i];
        free(it->id);
        free(it->question);
        free(it->remarks);
        free(it->evidence);
        for (size_t t = 0; t < KAIJI_DRAFT_TARGETS; t++)
            free(it->answers[t].no_vendors);
    }
    free(d->items);
    for (size_t i = 0; i < d->source_count; i++)
        source_clear(&d->sources[i]);
    free(d->sources);
    for (size_t i = 0; i < d->without_count; i++)
        free(d->without_checklist[i]);
    free(d->without_checklist);
    free(d->edition);
    free(d->current_edition);
    free(d->title);
    free(d->organisation);
    free(d);
}

/* The item of v whose ID key is key, or NULL. */
static const kaiji_item *vendor_item(const vendor_doc *v, const char *key)
{
    size_t n = kaiji_document_item_count(v->doc);
    for (size_t i = 0; i < n && i < v->key_count; i++)
        if (v->keys[i] && strcmp(v->keys[i], key) == 0)
            return kaiji_document_item(v->doc, i);
    return NULL;
}

/* The answer a vendor item gives as a whole: its own, else derived from its
 * targets (いいえ when one is, else はい when one is). */
static kaiji_answer whole_answer(const kaiji_item *vi)
{
    kaiji_answer a = kaiji_item_answer(vi);
    if (a != KAIJI_ANSWER_BLANK)
        return a;
    bool yes = false;
    for (size_t k = 0; k < kaiji_item_target_count(vi); k++) {
        kaiji_answer ta = kaiji_item_target_answer(vi, k);
        if (ta == KAIJI_ANSWER_NO)
            return KAIJI_ANSWER_NO;
        yes |= ta == KAIJI_ANSWER_YES;
    }
    return yes ? KAIJI_ANSWER_YES : KAIJI_ANSWER_BLANK;
}

/* The answer vendor item vi gives for target t (-1: the item as a whole). */
static kaiji_answer answer_for(const kaiji_item *vi, int t)
{
    if (t < 0 || kaiji_item_target_count(vi) == 0)
        return whole_answer(vi);
    for (size_t k = 0; k < kaiji_item_target_count(vi); k++)
        if (target_index(kaiji_item_target_name(vi, k)) == t)
            return kaiji_item_target_answer(vi, k);
    return KAIJI_ANSWER_BLANK;
}

/* Which targets the draft item answers, and whether per target: from the
 * catalog when it knows, else from what the vendors answered. */
static void choose_targets(const builder *b, const kaiji_cat_item *ci, const char *key,
                           kaiji_draft_item *it)
{
    if (ci->targets_known) {
        for (size_t k = 0; k < ci->target_count; k++) {
            int t = target_index(ci->targets[k]);
            if (t >= 0) {
                it->answers[t].applies = true;
                it->per_target = true;
            }
        }
    } else {
        for (size_t d = 0; d < b->doc_count; d++) {
            const kaiji_item *vi = vendor_item(&b->docs[d], key);
            for (size_t k = 0; vi && k < kaiji_item_target_count(vi); k++) {
                int t = target_index(kaiji_item_target_name(vi, k));
                if (t >= 0 && kaiji_item_target_answer(vi, k) != KAIJI_ANSWER_BLANK) {
                    it->answers[t].applies = true;
                    it->per_target = true;
                }
            }
        }
    }
    if (!it->per_target)
        it->answers[0].applies = true;
}

/* Appends "file (sha256 prefix)" to b unless the list already names sha. */
static void add_file(strbuf *b, const char *seen, const vendor_doc *v)
{
    const char *sha = v->src->sha256;
    char prefix[9];
    snprintf(prefix, sizeof prefix, "%s", sha);
    if (seen && prefix[0] && strstr(seen, prefix))
        return;
    sb_add(b, "%s%s (sha256 %s)", b->len ? "、" : "", base_name(v->src->path), prefix);
}

/* Fills the answers, 目標日, 備考 and 根拠 of a draft item from the vendors.
 * Returns KAIJI_OK or KAIJI_ERROR_NOMEM. */
static int merge_vendors(const builder *b, const char *key, kaiji_draft_item *it,
                         strbuf *remarks, strbuf *yes_files, strbuf *no_files)
{
    char d1[11];
    for (int t = 0; t < KAIJI_DRAFT_TARGETS; t++) {
        kaiji_draft_answer *a = &it->answers[t];
        if (!a->applies)
            continue;
        strbuf vendors = {NULL, 0, 0, true};
        bool any_no = false;
        for (size_t d = 0; d < b->doc_count; d++) {
            const vendor_doc *v = &b->docs[d];
            const kaiji_item *vi = vendor_item(v, key);
            if (!vi)
                continue;
            kaiji_answer va = answer_for(vi, it->per_target ? t : -1);
            if (va != KAIJI_ANSWER_YES && va != KAIJI_ANSWER_NO)
                continue;
            a->covered++;
            if (va == KAIJI_ANSWER_YES) {
                add_file(yes_files, yes_files->s, v);
                continue;
            }
            any_no = true;
            add_file(no_files, no_files->s, v);
            kaiji_date td = kaiji_item_target_date(vi);
            if (kaiji_date_valid(td) &&
                (!kaiji_date_valid(a->target_date) || kaiji_date_compare(td, a->target_date) < 0))
                a->target_date = td;
            sb_add(&vendors, "%s%s (%s)", vendors.len ? "、" : "", v->src->vendor,
                   v->src->contract);
            sb_add(remarks, "%sいいえ%s%s%s: %s (%s) 目標日 %s", remarks->len ? "\n" : "",
                   it->per_target ? "（" : "", it->per_target ? target_names[t] : "",
                   it->per_target ? "）" : "", v->src->vendor, v->src->contract,
                   kaiji_date_valid(td) ? kaiji_date_format(d1, td) : "なし");
            const char *why = kaiji_item_remarks(vi);
            if (!kaiji_text_blank(why))
                sb_add(remarks, "「%s」", why);
        }
        a->answer = any_no ? KAIJI_ANSWER_NO
                           : a->covered ? KAIJI_ANSWER_YES : KAIJI_ANSWER_BLANK;
        if (!(a->no_vendors = sb_take(&vendors)))
            return KAIJI_ERROR_NOMEM;
    }
    return remarks->ok && yes_files->ok && no_files->ok ? KAIJI_OK : KAIJI_ERROR_NOMEM;
}

/* The item's own answer and 目標日 from its answers. */
static void settle_item(kaiji_draft_item *it)
{
    bool blank = false, no = false;
    it->target_date = (kaiji_date){0, 0, 0};
    for (int t = 0; t < KAIJI_DRAFT_TARGETS; t++) {
        const kaiji_draft_answer *a = &it->answers[t];
        if (!a->applies)
            continue;
        no |= a->answer == KAIJI_ANSWER_NO;
        blank |= a->answer == KAIJI_ANSWER_BLANK;
        if (a->answer == KAIJI_ANSWER_NO && kaiji_date_valid(a->target_date) &&
            (!kaiji_date_valid(it->target_date) ||
             kaiji_date_compare(a->target_date, it->target_date) < 0))
            it->target_date = a->target_date;
    }
    it->answer = no ? KAIJI_ANSWER_NO : blank ? KAIJI_ANSWER_BLANK : KAIJI_ANSWER_YES;
}

/* The override for catalog item key, or NULL. */
static const kaiji_draft_override *override_for(const builder *b, const char *key)
{
    for (size_t i = 0; i < b->opts->override_count; i++)
        if (b->override_keys[i] && strcmp(b->override_keys[i], key) == 0)
            return &b->opts->overrides[i];
    return NULL;
}

/* Applies the hospital's own answer and 目標日 to it. */
static void apply_override(const kaiji_draft_override *ov, kaiji_draft_item *it,
                           strbuf *remarks, strbuf *evidence)
{
    char d1[11];
    it->hospital_answer = true;
    if (ov->answer == KAIJI_ANSWER_YES || ov->answer == KAIJI_ANSWER_NO) {
        for (int t = 0; t < KAIJI_DRAFT_TARGETS; t++)
            if (it->answers[t].applies)
                it->answers[t].answer = ov->answer;
        settle_item(it);
        sb_add(remarks, "%s医療機関の回答: %s", remarks->len ? "\n" : "",
               ov->answer == KAIJI_ANSWER_YES ? "はい" : "いいえ");
    }
    if (kaiji_date_valid(ov->target_date)) {
        it->target_date = ov->target_date;
        sb_add(remarks, "%s目標日は医療機関が設定: %s", remarks->len ? "\n" : "",
               kaiji_date_format(d1, ov->target_date));
    }
    sb_add(evidence, "%s医療機関の回答（kaiji checklist draft --answer/--target-date）",
           evidence->len ? "\n" : "");
}

/* Says in the remarks what is left for the hospital: an item no vendor
 * answers, an いいえ without a 目標日. */
static void remark_gaps(const kaiji_draft_item *it, const char *key, strbuf *remarks)
{
    if (it->answer == KAIJI_ANSWER_BLANK) {
        bool first = true;
        sb_add(remarks, "%s事業者のチェックリストに回答がありません", remarks->len ? "\n" : "");
        for (int t = 0; it->per_target && t < KAIJI_DRAFT_TARGETS; t++)
            if (it->answers[t].applies && it->answers[t].answer == KAIJI_ANSWER_BLANK) {
                sb_add(remarks, "%s%s", first ? "（" : "、", target_names[t]);
                first = false;
            }
        sb_add(remarks, "%s: 医療機関で回答してください", first ? "" : "）");
    } else if (it->answer == KAIJI_ANSWER_NO && !kaiji_date_valid(it->target_date) &&
               strcmp(key, "0") != 0) {
        sb_add(remarks, "%s目標日がありません: 事業者に確認してください",
               remarks->len ? "\n" : "");
    }
}

/*
 * Builds draft item it from catalog item ci.  Returns KAIJI_OK or
 * KAIJI_ERROR_NOMEM (the item's strings may then be partly set; the draft's
 * free releases them).
 */
static int build_item(const builder *b, const kaiji_cat_item *ci, kaiji_draft_item *it)
{
    strbuf remarks = {NULL, 0, 0, true}, yes_files = {NULL, 0, 0, true},
           no_files = {NULL, 0, 0, true}, evidence = {NULL, 0, 0, true};
    const char *key = ci->id_key;
    const char *question = ci->text;
    int rc = KAIJI_ERROR_NOMEM;

    for (size_t d = 0; !question && d < b->doc_count; d++) {
        const kaiji_item *vi = vendor_item(&b->docs[d], key);
        if (vi && !kaiji_text_blank(kaiji_item_question(vi)))
            question = kaiji_item_question(vi);
    }
    if (!(it->id = strdup(ci->id)) || !(it->question = strdup(question ? question : "")))
        goto done;
    if (strcmp(key, "0") == 0) {
        /* 医療情報システムを導入、運用している: from the register. */
        it->answers[0].applies = true;
        it->answers[0].answer = b->draft->patient_contracts ? KAIJI_ANSWER_YES : KAIJI_ANSWER_NO;
        it->answers[0].covered = b->draft->patient_contracts;
        sb_add(&evidence, "契約台帳: 患者情報を扱う契約 %zu 件", b->draft->patient_contracts);
    } else {
        choose_targets(b, ci, key, it);
        if (merge_vendors(b, key, it, &remarks, &yes_files, &no_files) != KAIJI_OK)
            goto done;
        if (yes_files.len)
            sb_add(&evidence, "はい: %s", yes_files.s);
        if (no_files.len)
            sb_add(&evidence, "%sいいえ: %s", evidence.len ? "\n" : "", no_files.s);
    }
    settle_item(it);
    const kaiji_draft_override *ov = override_for(b, key);
    if (ov)
        apply_override(ov, it, &remarks, &evidence);
    /* with item 0 いいえ the rest of the sheet is not filled in */
    if (b->draft->patient_contracts || it->hospital_answer)
        remark_gaps(it, key, &remarks);
    if (!(it->remarks = sb_take(&remarks)) || !(it->evidence = sb_take(&evidence)))
        goto done;
    rc = KAIJI_OK;
done:
    free(remarks.s);
    free(evidence.s);
    free(yes_files.s);
    free(no_files.s);
    return rc;
}

/* Reads the stored exchange JSON again and judges it as of the draft date.
 * *out is NULL when it does not read. */
static int load_document(kaiji_document **out, const builder *b, const char *exchange,
                         const char *path)
{
    kaiji_read_options ro;
    kaiji_validate_options vo;
    kaiji_document *doc = NULL;
    int rc;

    *out = NULL;
    kaiji_read_options_init(&ro);
    ro.catalogs = b->opts->catalogs;
    rc = kaiji_read_memory(&doc, exchange, strlen(exchange), path, &ro);
    if (rc == KAIJI_ERROR_NOMEM)
        return rc;
    if (!doc)
        return KAIJI_OK;
    kaiji_validate_options_init(&vo);
    vo.catalogs = b->opts->catalogs;
    vo.target_guideline = b->opts->target_guideline;
    vo.as_of = b->draft->as_of;
    if ((rc = kaiji_validate(doc, &vo)) != KAIJI_OK) {
        kaiji_document_free(doc);
        return rc;
    }
    *out = doc;
    return KAIJI_OK;
}

/* The ID keys of doc's items, in v. */
static int key_items(vendor_doc *v)
{
    size_t n = kaiji_document_item_count(v->doc);
    if (!(v->keys = calloc(n + 1, sizeof *v->keys)))
        return KAIJI_ERROR_NOMEM;
    v->key_count = n;
    for (size_t i = 0; i < n; i++) {
        const char *id = kaiji_item_id(kaiji_document_item(v->doc, i));
        v->keys[i] = kaiji_text_id_key(id);
        if (!v->keys[i] && kaiji_text_utf8_valid(id, strlen(id)))
            return KAIJI_ERROR_NOMEM;
    }
    return KAIJI_OK;
}

/*
 * Looks at the newest vendor checklist of contract c: records it as a
 * source, and when it is of the draft's edition and reads, keeps it in
 * b->docs.  A contract with none is listed in without_checklist.
 */
static int add_contract(builder *b, sqlite3_stmt *q, const kaiji_contract *c, kaiji_store *st)
{
    kaiji_checklist_draft *d = b->draft;
    kaiji_document *doc = NULL;
    int rc, step;

    sqlite3_reset(q);
    sqlite3_bind_text(q, 1, c->id, -1, SQLITE_STATIC);
    step = sqlite3_step(q);
    if (step == SQLITE_DONE) {
        char *who = kaiji_store_printf("%s %s", c->id, c->vendor);
        if (!who)
            return KAIJI_ERROR_NOMEM;
        d->without_checklist[d->without_count++] = who;
        return KAIJI_OK;
    }
    if (step != SQLITE_ROW) {
        set_err(b, _("cannot read the submissions: %s"), kaiji_store_errmsg(st));
        return KAIJI_ERROR_IO;
    }
    kaiji_draft_source *s = &d->sources[d->source_count++];
    s->contract = kaiji_store_strdup(c->id);
    s->vendor = kaiji_store_strdup(c->vendor);
    s->path = kaiji_store_strdup(kaiji_store_col(q, 0));
    s->sha256 = kaiji_store_strdup(kaiji_store_col(q, 1));
    s->form_version = kaiji_store_strdup(kaiji_store_col(q, 2));
    s->reason = NULL;
    s->status = KAIJI_STATUS_UNREADABLE;
    if (!s->contract || !s->vendor || !s->path || !s->sha256 || !s->form_version)
        return KAIJI_ERROR_NOMEM;
    const char *why = NULL;
    if (sqlite3_column_type(q, 3) == SQLITE_NULL) {
        why = _("the document was not kept in the store");
    } else {
        if ((rc = load_document(&doc, b, kaiji_store_col(q, 3), s->path)) != KAIJI_OK)
            return rc;
        if (!doc || !kaiji_document_readable(doc) ||
            kaiji_document_kind(doc) != KAIJI_KIND_VENDOR_CHECKLIST)
            why = _("it does not read as a vendor checklist");
    }
    if (doc) {
        s->status = kaiji_document_status(doc);
        if (kaiji_document_form_version(doc)[0]) {
            free(s->form_version);
            if (!(s->form_version = strdup(kaiji_document_form_version(doc)))) {
                kaiji_document_free(doc);
                return KAIJI_ERROR_NOMEM;
            }
        }
    }
    if (!why && strcmp(s->form_version, d->edition) != 0) {
        s->reason = kaiji_store_printf(_("edition %s, not %s: ask for the %s checklist"),
                                       s->form_version[0] ? s->form_version : "?",
                                       d->edition, d->edition);
        if (!s->reason) {
            kaiji_document_free(doc);
            return KAIJI_ERROR_NOMEM;
        }
    } else if (why && !(s->reason = strdup(why))) {
        kaiji_document_free(doc);
        return KAIJI_ERROR_NOMEM;
    }
    if (s->reason) {
        kaiji_document_free(doc);
        return KAIJI_OK;
    }
    if (!(s->reason = strdup(""))) {
        kaiji_document_free(doc);
        return KAIJI_ERROR_NOMEM;
    }
    s->used = true;
    vendor_doc *v = &b->docs[b->doc_count++];
    v->doc = doc;
    v->src = s;
    return key_items(v);
}

/* The 医療機関確認用 form of edition ed with a known item list (an imported
 * one first), or NULL. */
static const kaiji_cat_form *hospital_form(const kaiji_catalogs *cats, const kaiji_catalog *ed)
{
    const kaiji_cat_form *f = kaiji_catalogs_form(cats, KAIJI_KIND_HOSPITAL_CHECKLIST, ed->edition);
    return f && f->item_count ? f : NULL;
}

/*
 * Finds the edition, its 医療機関確認用 form and the overrides' items.  When
 * the items of the current edition's form are not known (R8 before its
 * official workbook is imported), the draft is made on the newest edition
 * published by then whose items are known, and says so.
 */
static int find_form(builder *b)
{
    const kaiji_draft_options *o = b->opts;
    char date[11];
    const kaiji_catalog *current = kaiji_catalogs_current_edition(o->catalogs, b->draft->as_of);
    b->edition = current;
    b->form = current ? hospital_form(o->catalogs, current) : NULL;
    bool fallback = current && !b->form;
    for (size_t i = 0; fallback && i < kaiji_catalogs_count(o->catalogs); i++) {
        const kaiji_catalog *c = kaiji_catalogs_get(o->catalogs, i);
        const kaiji_cat_form *f;
        if (c->type != KAIJI_CATALOG_CHECKLIST || c->fiscal_year >= current->fiscal_year ||
            (b->form && c->fiscal_year <= b->edition->fiscal_year) ||
            !(f = hospital_form(o->catalogs, c)))
            continue;
        b->edition = c;
        b->form = f;
    }
    if (!b->form) {
        set_err(b, _("no checklist edition with a 医療機関確認用 form is current on %s"),
                kaiji_date_format(date, b->draft->as_of));
        return KAIJI_ERROR_NOT_FOUND;
    }
    if (b->edition != current && !(b->draft->current_edition = strdup(current->edition)))
        return KAIJI_ERROR_NOMEM;
    if (o->override_count && !(b->override_keys = calloc(o->override_count, sizeof(char *))))
        return KAIJI_ERROR_NOMEM;
    for (size_t i = 0; i < o->override_count; i++) {
        const char *id = o->overrides[i].item ? o->overrides[i].item : "";
        bool found = false;
        if (!(b->override_keys[i] = kaiji_text_id_key(id))) {
            set_err(b, _("item '%s' is not an item ID"), id);
            return KAIJI_ERROR_NOT_FOUND;
        }
        for (size_t k = 0; k < b->form->item_count && !found; k++)
            found = strcmp(b->form->items[k].id_key, b->override_keys[i]) == 0;
        if (!found) {
            set_err(b, _("item '%s' is not on the 医療機関確認用 form of %s"), id,
                    b->edition->edition);
            return KAIJI_ERROR_NOT_FOUND;
        }
    }
    return KAIJI_OK;
}

int kaiji_checklist_draft_make(kaiji_checklist_draft **out, kaiji_store *store,
                               const kaiji_draft_options *opts, char **err)
{
    builder b = {opts, NULL, NULL, NULL, NULL, 0, NULL, NULL};
    kaiji_contract_list *list = NULL;
    sqlite3_stmt *q = NULL;
    int rc = KAIJI_ERROR_NOMEM;

    *out = NULL;
    if (err)
        *err = NULL;
    if (!opts || !opts->catalogs) {
        set_err(&b, _("the draft needs the catalogs"));
        rc = KAIJI_ERROR_INVALID;
        goto error;
    }
    if (!(b.draft = calloc(1, sizeof *b.draft)))
        goto error;
    b.draft->as_of = kaiji_date_valid(opts->as_of) ? opts->as_of : kaiji_date_today();
    if ((rc = find_form(&b)) != KAIJI_OK)
        goto error;
    rc = KAIJI_ERROR_NOMEM;
    /* As the validator judges 目標日: in the edition's fiscal year, or in
     * the later year the draft is filled in while its edition is the newest
     * (R7 in May 2026); a draft on an older edition (the current one's
     * items unknown) stays in its edition's year. */
    b.draft->fiscal_year = b.edition->fiscal_year;
    if (!b.draft->current_edition &&
        kaiji_text_fiscal_year(b.draft->as_of) > b.draft->fiscal_year)
        b.draft->fiscal_year = kaiji_text_fiscal_year(b.draft->as_of);
    if (!(b.draft->edition = strdup(b.edition->edition)) ||
        !(b.draft->title = kaiji_store_printf("%s【%s】", b.edition->title, b.form->title)) ||
        !(b.draft->organisation = strdup(opts->organisation ? opts->organisation : "")))
        goto error;

    if ((rc = kaiji_store_contracts(&list, store, false)) != KAIJI_OK) {
        set_err(&b, "%s", kaiji_store_errmsg(store));
        goto error;
    }
    rc = KAIJI_ERROR_NOMEM;
    if (!(b.draft->sources = calloc(list->count + 1, sizeof *b.draft->sources)) ||
        !(b.draft->without_checklist = calloc(list->count + 1, sizeof(char *))) ||
        !(b.docs = calloc(list->count + 1, sizeof *b.docs)))
        goto error;
    /* The newest vendor checklist linked to the contract, as status takes it. */
    if (!(q = kaiji_store_prepare(store,
                                  "SELECT s.path, s.sha256, s.form_version, s.exchange"
                                  " FROM submissions s JOIN links l ON l.submission_id = s.id"
                                  " WHERE l.contract_id = ?1 AND s.kind = 'vendor-checklist'"
                                  " ORDER BY s.id DESC LIMIT 1"))) {
        set_err(&b, "%s", kaiji_store_errmsg(store));
        rc = KAIJI_ERROR_IO;
        goto error;
    }
    for (size_t i = 0; i < list->count; i++) {
        if (!list->items[i].patient_data)
            continue;
        b.draft->patient_contracts++;
        if ((rc = add_contract(&b, q, &list->items[i], store)) != KAIJI_OK)
            goto error;
    }

    rc = KAIJI_ERROR_NOMEM;
    if (!(b.draft->items = calloc(b.form->item_count + 1, sizeof *b.draft->items)))
        goto error;
    for (size_t k = 0; k < b.form->item_count; k++) {
        b.draft->item_count++;
        if ((rc = build_item(&b, &b.form->items[k], &b.draft->items[k])) != KAIJI_OK)
            goto error;
    }
    rc = KAIJI_OK;
    *out = b.draft;
    b.draft = NULL;

error:
    sqlite3_finalize(q);
    kaiji_contract_list_free(list);
    for (size_t i = 0; i < b.doc_count; i++) {
        kaiji_document_free(b.docs[i].doc);
        for (size_t k = 0; b.docs[i].keys && k < b.docs[i].key_count; k++)
            free(b.docs[i].keys[k]);
        free(b.docs[i].keys);
    }
    free(b.docs);
    for (size_t i = 0; b.override_keys && i < opts->override_count; i++)
        free(b.override_keys[i]);
    free(b.override_keys);
    kaiji_checklist_draft_free(b.draft);
    if (err && rc != KAIJI_OK && rc != KAIJI_ERROR_NOMEM && b.err) {
        *err = b.err;
        b.err = NULL;
    }
    free(b.err);
    return rc;
}
