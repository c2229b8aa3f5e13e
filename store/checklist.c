/*
 * store/checklist.c - the draft of the hospital's 医療機関確認用 checklist,
 * merged from the vendor checklists in the store (see kaiji/store.h for the
 * rule): which vendor answers count for which item, what each answer rests
 * on, and the hospital's own answers over them.  report/checklist.c writes
 * what comes out.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/base.h"
#include "base/buf.h"
#include "catalog/catalogs.h"
#include "kaiji/read.h"
#include "kaiji/validate.h"
#include "model/i18n.h"
#include "parser/itemid.h"
#include "store/internal.h"
#include "text/text.h"

static const char *const target_names[KAIJI_DRAFT_TARGETS] = {"サーバ", "端末PC",
                                                              "ネットワーク機器"};

const char *kaiji_draft_target_name(size_t i)
{
    return i < KAIJI_DRAFT_TARGETS ? target_names[i] : NULL;
}

/* A vendor checklist used for the draft, with its items' ID keys. */
typedef struct vendor_doc {
    kaiji_document *doc;
    char **keys;                   /* one per item; NULL entries when not UTF-8 */
    size_t key_count;
    size_t src;                    /* index into the draft's sources */
} vendor_doc;

/* Everything the building needs, freed in one place. */
typedef struct builder {
    const kaiji_draft_options *opts;
    const kaiji_catalog *edition;
    const kaiji_cat_form *form;
    kaiji_checklist_draft *draft;
    vendor_doc *docs;
    size_t doc_count;
    size_t *override_item;         /* per override: the index of its form item */
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

/* d as 令和8年3月31日 into buf. */
static const char *wareki(char buf[KAIJI_DATE_SHOW_MAX], kaiji_date d)
{
    return kaiji_text_date_show(buf, KAIJI_DATE_SHOW_MAX, d, KAIJI_DATE_WAREKI);
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

static void item_clear(kaiji_draft_item *it)
{
    free(it->id);
    free(it->question);
    free(it->remarks);
    for (size_t t = 0; t < KAIJI_DRAFT_TARGETS; t++)
        free(it->answers[t].no_vendors);
    for (size_t e = 0; e < it->evidence_count; e++) {
        free(it->evidence[e].item_id);
        free(it->evidence[e].location);
        free(it->evidence[e].targets);
        free(it->evidence[e].detail);
    }
    free(it->evidence);
}

void kaiji_checklist_draft_free(kaiji_checklist_draft *d)
{
    if (!d)
        return;
    for (size_t i = 0; i < d->item_count; i++)
        item_clear(&d->items[i]);
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
    free(d->author);
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

/* Adds one piece of evidence to it; the strings are copied (NULL: "").
 * Returns KAIJI_OK or KAIJI_ERROR_NOMEM. */
static int add_evidence(kaiji_draft_item *it, kaiji_evidence_kind kind, kaiji_answer answer,
                        size_t source, const char *item_id, const char *location,
                        const char *targets, const char *detail)
{
    size_t cap = it->evidence_count;
    if (!kaiji_grow((void **)&it->evidence, &cap, it->evidence_count + 1, sizeof *it->evidence,
                    it->evidence_count + 1))
        return KAIJI_ERROR_NOMEM;
    kaiji_draft_evidence *e = &it->evidence[it->evidence_count++];
    *e = (kaiji_draft_evidence){kind, answer, source, kaiji_store_strdup(item_id),
                                kaiji_store_strdup(location), kaiji_store_strdup(targets),
                                kaiji_store_strdup(detail)};
    return e->item_id && e->location && e->targets && e->detail ? KAIJI_OK : KAIJI_ERROR_NOMEM;
}

/* The targets (of it, per target) for which answers[t] is want, joined with
 * "、" into b; "" for an item with one answer, or when they are all of its
 * targets. */
static void targets_text(kaiji_buf *b, const kaiji_draft_item *it, const kaiji_answer *answers,
                         kaiji_answer want)
{
    int applies = 0, match = 0;
    for (int t = 0; t < KAIJI_DRAFT_TARGETS; t++) {
        applies += it->answers[t].applies;
        match += it->answers[t].applies && answers[t] == want;
    }
    for (int t = 0; it->per_target && match < applies && t < KAIJI_DRAFT_TARGETS; t++)
        if (it->answers[t].applies && answers[t] == want)
            kaiji_buf_printf(b, "%s%s", b->len ? "、" : "", target_names[t]);
}

/* Records what vendor doc d answered for the item (answers per target): one
 * piece of evidence for its いいえ, one for its はい. */
static int vendor_evidence(const builder *b, size_t d, const kaiji_item *vi,
                           kaiji_draft_item *it, const kaiji_answer *answers, kaiji_answer want)
{
    bool any = false;
    for (int t = 0; t < KAIJI_DRAFT_TARGETS; t++)
        any |= it->answers[t].applies && answers[t] == want;
    if (!any)
        return KAIJI_OK;
    kaiji_buf targets = KAIJI_BUF_INIT;
    targets_text(&targets, it, answers, want);
    char *text = kaiji_buf_detach(&targets, NULL);
    if (!text)
        return KAIJI_ERROR_NOMEM;
    int rc = add_evidence(it, KAIJI_EVIDENCE_VENDOR, want, b->docs[d].src, kaiji_item_id(vi),
                          kaiji_item_location(vi), text, NULL);
    free(text);
    return rc;
}

/* Fills the answers, 目標日 and 備考 of a draft item from the vendors, and its
 * evidence (every いいえ first, then every はい).  Returns KAIJI_OK or
 * KAIJI_ERROR_NOMEM. */
static int merge_vendors(const builder *b, const char *key, kaiji_draft_item *it,
                         kaiji_buf *remarks)
{
    char d1[KAIJI_DATE_SHOW_MAX];
    kaiji_answer *seen = calloc(b->doc_count * KAIJI_DRAFT_TARGETS + 1, sizeof *seen);
    int rc = KAIJI_ERROR_NOMEM;
    if (!seen)
        return rc;
    for (int t = 0; t < KAIJI_DRAFT_TARGETS; t++) {
        kaiji_draft_answer *a = &it->answers[t];
        if (!a->applies)
            continue;
        kaiji_buf vendors = KAIJI_BUF_INIT;
        bool any_no = false;
        for (size_t d = 0; d < b->doc_count; d++) {
            const vendor_doc *v = &b->docs[d];
            const kaiji_draft_source *src = &b->draft->sources[v->src];
            const kaiji_item *vi = vendor_item(v, key);
            if (!vi)
                continue;
            kaiji_answer va = answer_for(vi, it->per_target ? t : -1);
            if (va != KAIJI_ANSWER_YES && va != KAIJI_ANSWER_NO)
                continue;
            a->covered++;
            seen[d * KAIJI_DRAFT_TARGETS + (size_t)t] = va;
            if (va == KAIJI_ANSWER_YES)
                continue;
            any_no = true;
            kaiji_date td = kaiji_item_target_date(vi);
            if (kaiji_date_valid(td) &&
                (!kaiji_date_valid(a->target_date) || kaiji_date_compare(td, a->target_date) < 0))
                a->target_date = td;
            kaiji_buf_printf(&vendors, "%s%s (%s)", vendors.len ? "、" : "", src->vendor, src->contract);
            kaiji_buf_printf(remarks, "%sいいえ%s%s%s: %s (%s) 目標日 %s", remarks->len ? "\n" : "",
                   it->per_target ? "（" : "", it->per_target ? target_names[t] : "",
                   it->per_target ? "）" : "", src->vendor, src->contract,
                   kaiji_date_valid(td) ? wareki(d1, td) : "なし");
            const char *why = kaiji_item_remarks(vi);
            if (!kaiji_text_blank(why))
                kaiji_buf_printf(remarks, "「%s」", why);
        }
        a->answer = any_no ? KAIJI_ANSWER_NO
                           : a->covered ? KAIJI_ANSWER_YES : KAIJI_ANSWER_BLANK;
        if (!(a->no_vendors = kaiji_buf_detach(&vendors, NULL)))
            goto done;
    }
    for (int pass = 0; pass < 2; pass++)
        for (size_t d = 0; d < b->doc_count; d++) {
            const kaiji_item *vi = vendor_item(&b->docs[d], key);
            if (vi && vendor_evidence(b, d, vi, it, &seen[d * KAIJI_DRAFT_TARGETS],
                                      pass ? KAIJI_ANSWER_YES : KAIJI_ANSWER_NO) != KAIJI_OK)
                goto done;
        }
    rc = !remarks->failed ? KAIJI_OK : KAIJI_ERROR_NOMEM;
done:
    free(seen);
    return rc;
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

static const char *answer_word(kaiji_answer a)
{
    return a == KAIJI_ANSWER_YES ? "はい" : a == KAIJI_ANSWER_NO ? "いいえ" : "空欄";
}

/* What override ov answers for target t of it: for a kept one the earlier
 * draft's cell, else the whole item's answer; BLANK: nothing. */
static kaiji_answer override_answer(const kaiji_draft_override *ov, const kaiji_draft_item *it,
                                    int t)
{
    if (ov->answer == KAIJI_ANSWER_YES || ov->answer == KAIJI_ANSWER_NO)
        return ov->answer;
    if (!ov->kept)
        return KAIJI_ANSWER_BLANK;
    if (it->per_target)
        return ov->target_answers[t];
    /* an item with one answer, given per target: いいえ when one is */
    kaiji_answer a = KAIJI_ANSWER_BLANK;
    for (int k = 0; k < KAIJI_DRAFT_TARGETS; k++)
        if (ov->target_answers[k] == KAIJI_ANSWER_NO ||
            (ov->target_answers[k] == KAIJI_ANSWER_YES && a == KAIJI_ANSWER_BLANK))
            a = ov->target_answers[k];
    return a;
}

/*
 * Applies the answers of the hospital's override ov to it: a kept one where
 * it differs from what the vendors say, a command line's everywhere.  Says
 * so in the remarks and the evidence.  Returns KAIJI_OK or KAIJI_ERROR_NOMEM.
 */
static int apply_override_answer(const kaiji_draft_override *ov, kaiji_draft_item *it,
                                 kaiji_buf *remarks)
{
    kaiji_answer was[KAIJI_DRAFT_TARGETS], now[KAIJI_DRAFT_TARGETS];
    bool changed = false;
    for (int t = 0; t < KAIJI_DRAFT_TARGETS; t++) {
        was[t] = now[t] = it->answers[t].answer;
        kaiji_answer want = it->answers[t].applies ? override_answer(ov, it, t)
                                                   : KAIJI_ANSWER_BLANK;
        if (want != KAIJI_ANSWER_YES && want != KAIJI_ANSWER_NO)
            continue;
        if (ov->kept && want == was[t])
            continue;
        now[t] = it->answers[t].answer = want;
        changed = true;
    }
    if (!changed)
        return KAIJI_OK;
    settle_item(it);
    it->hospital_answer = true;
    for (int pass = 0; pass < 2; pass++) {
        kaiji_answer want = pass ? KAIJI_ANSWER_YES : KAIJI_ANSWER_NO;
        kaiji_buf targets = KAIJI_BUF_INIT;
        kaiji_answer mark[KAIJI_DRAFT_TARGETS];
        bool any = false, vendors_differ = false;
        for (int t = 0; t < KAIJI_DRAFT_TARGETS; t++) {
            bool set = it->answers[t].applies && now[t] == want && (!ov->kept || was[t] != want);
            mark[t] = set ? want : KAIJI_ANSWER_BLANK;
            any |= set;
            vendors_differ |= set && was[t] != KAIJI_ANSWER_BLANK;
        }
        if (!any)
            continue;
        targets_text(&targets, it, mark, want);
        char *text = kaiji_buf_detach(&targets, NULL);
        if (!text)
            return KAIJI_ERROR_NOMEM;
        kaiji_buf_printf(remarks, "%s医療機関の回答%s%s%s: %s", remarks->len ? "\n" : "", *text ? "（" : "",
               text, *text ? "）" : "", answer_word(want));
        if (ov->kept && vendors_differ)
            kaiji_buf_printf(remarks, "（前の下書きから。事業者の回答は %s）",
                   answer_word(want == KAIJI_ANSWER_YES ? KAIJI_ANSWER_NO : KAIJI_ANSWER_YES));
        else if (ov->kept)
            kaiji_buf_printf(remarks, "（前の下書きから）");
        int rc = add_evidence(it, KAIJI_EVIDENCE_HOSPITAL, want, 0, NULL, NULL, text,
                              ov->origin);
        free(text);
        if (rc != KAIJI_OK)
            return rc;
    }
    return !remarks->failed ? KAIJI_OK : KAIJI_ERROR_NOMEM;
}

/* Applies the 目標日 of the hospital's override ov to it (a kept one where
 * it differs from the vendors'). */
static int apply_override_date(const kaiji_draft_override *ov, kaiji_draft_item *it,
                               kaiji_buf *remarks)
{
    char d1[KAIJI_DATE_SHOW_MAX];
    if (!kaiji_date_valid(ov->target_date) ||
        (ov->kept && (it->answer != KAIJI_ANSWER_NO ||
                      (kaiji_date_valid(it->target_date) &&
                       kaiji_date_compare(ov->target_date, it->target_date) == 0))))
        return KAIJI_OK;
    it->target_date = ov->target_date;
    it->hospital_answer = true;
    kaiji_buf_printf(remarks, "%s目標日は医療機関が設定: %s%s", remarks->len ? "\n" : "",
           wareki(d1, ov->target_date), ov->kept ? "（前の下書きから）" : "");
    if (remarks->failed)
        return KAIJI_ERROR_NOMEM;
    return add_evidence(it, KAIJI_EVIDENCE_HOSPITAL, KAIJI_ANSWER_BLANK, 0, NULL, NULL, NULL,
                        ov->origin);
}

/* Applies every override of form item k: the kept ones first, then the
 * command line's; answers before 目標日. */
static int apply_overrides(const builder *b, size_t k, kaiji_draft_item *it, kaiji_buf *remarks)
{
    const kaiji_draft_options *o = b->opts;
    int rc;
    for (int phase = 0; phase < 4; phase++)
        for (size_t i = 0; i < o->override_count; i++) {
            const kaiji_draft_override *ov = &o->overrides[i];
            if (b->override_item[i] != k || ov->kept != (phase % 2 == 0))
                continue;
            /* item 0 is the register's, unless the command line says */
            if (ov->kept && strcmp(b->form->items[k].id_key, "0") == 0)
                continue;
            rc = phase < 2 ? apply_override_answer(ov, it, remarks)
                           : apply_override_date(ov, it, remarks);
            if (rc != KAIJI_OK)
                return rc;
        }
    return KAIJI_OK;
}

/* Says in the remarks what is left for the hospital: an item no vendor
 * answers, an いいえ without a 目標日 or with one already past. */
static void remark_gaps(const builder *b, const kaiji_draft_item *it, const char *key,
                        kaiji_buf *remarks)
{
    char d1[KAIJI_DATE_SHOW_MAX], d2[KAIJI_DATE_SHOW_MAX];
    if (it->answer == KAIJI_ANSWER_BLANK) {
        bool first = true;
        kaiji_buf_printf(remarks, "%s事業者のチェックリストに回答がありません", remarks->len ? "\n" : "");
        for (int t = 0; it->per_target && t < KAIJI_DRAFT_TARGETS; t++)
            if (it->answers[t].applies && it->answers[t].answer == KAIJI_ANSWER_BLANK) {
                kaiji_buf_printf(remarks, "%s%s", first ? "（" : "、", target_names[t]);
                first = false;
            }
        kaiji_buf_printf(remarks, "%s: 医療機関で回答してください", first ? "" : "）");
    } else if (it->answer == KAIJI_ANSWER_NO && strcmp(key, "0") != 0) {
        if (!kaiji_date_valid(it->target_date))
            kaiji_buf_printf(remarks, "%s目標日がありません: 事業者に確認してください",
                   remarks->len ? "\n" : "");
        else if (it->target_date_past)
            kaiji_buf_printf(remarks, "%s目標日 %s は確認日 %s より前です: 新しい目標日を決めてください",
                   remarks->len ? "\n" : "", wareki(d1, it->target_date),
                   wareki(d2, b->draft->as_of));
    }
}

/*
 * Builds draft item it from catalog item k.  Returns KAIJI_OK or
 * KAIJI_ERROR_NOMEM (the item's strings may then be partly set; the draft's
 * free releases them).
 */
static int build_item(const builder *b, size_t k, kaiji_draft_item *it)
{
    const kaiji_cat_item *ci = &b->form->items[k];
    kaiji_buf remarks = KAIJI_BUF_INIT;
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
        char count[64];
        it->answers[0].applies = true;
        it->answers[0].answer = b->draft->patient_contracts ? KAIJI_ANSWER_YES : KAIJI_ANSWER_NO;
        it->answers[0].covered = b->draft->patient_contracts;
        snprintf(count, sizeof count, "患者情報を扱う契約 %zu 件", b->draft->patient_contracts);
        if (add_evidence(it, KAIJI_EVIDENCE_REGISTER, it->answers[0].answer, 0, NULL, NULL, NULL,
                         count) != KAIJI_OK)
            goto done;
    } else {
        choose_targets(b, ci, key, it);
        if (merge_vendors(b, key, it, &remarks) != KAIJI_OK)
            goto done;
    }
    settle_item(it);
    if ((rc = apply_overrides(b, k, it, &remarks)) != KAIJI_OK)
        goto done;
    rc = KAIJI_ERROR_NOMEM;
    /* a draft on an older edition (its own year past) has its note instead */
    it->target_date_past = it->answer == KAIJI_ANSWER_NO && strcmp(key, "0") != 0 &&
                           !b->draft->current_edition &&
                           kaiji_date_valid(it->target_date) &&
                           kaiji_date_compare(it->target_date, b->draft->as_of) < 0;
    /* with item 0 いいえ the rest of the sheet is not filled in */
    if (b->draft->patient_contracts || it->hospital_answer)
        remark_gaps(b, it, key, &remarks);
    else
        it->target_date_past = false;
    if (!(it->remarks = kaiji_buf_detach(&remarks, NULL)))
        goto done;
    rc = KAIJI_OK;
done:
    kaiji_buf_free(&remarks);
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
static int add_contract(builder *b, kaiji_stmt *q, const kaiji_contract *c, kaiji_store *st)
{
    kaiji_checklist_draft *d = b->draft;
    kaiji_document *doc = NULL;
    int rc, step;

    kaiji_stmt_reset(q);
    kaiji_stmt_bind_text(q, 1, c->id);
    step = kaiji_stmt_step(q);
    if (step == KAIJI_DB_DONE) {
        char *who = kaiji_store_printf("%s %s", c->id, c->vendor);
        if (!who)
            return KAIJI_ERROR_NOMEM;
        d->without_checklist[d->without_count++] = who;
        return KAIJI_OK;
    }
    if (step != KAIJI_DB_ROW) {
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
    if (kaiji_stmt_is_null(q, 3)) {
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
                                       s->form_version[0] ? s->form_version : _("unknown"),
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
    v->src = d->source_count - 1;
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
    if (o->override_count && !(b->override_item = calloc(o->override_count, sizeof(size_t))))
        return KAIJI_ERROR_NOMEM;
    for (size_t i = 0; i < o->override_count; i++) {
        const char *id = o->overrides[i].item ? o->overrides[i].item : "";
        char *keys[2];
        bool found = false;
        if (!kaiji_itemid_keys(id, keys)) {
            if (!kaiji_text_utf8_valid(id, strlen(id)))
                set_err(b, _("item '%s' is not an item ID"), id);
            return kaiji_text_utf8_valid(id, strlen(id)) ? KAIJI_ERROR_NOMEM
                                                         : KAIJI_ERROR_NOT_FOUND;
        }
        /* its own reading first: "3-2" is 3-2 where a form numbers so */
        for (size_t r = 0; r < 2 && !found; r++)
            for (size_t k = 0; keys[r] && k < b->form->item_count && !found; k++)
                if (strcmp(b->form->items[k].id_key, keys[r]) == 0) {
                    b->override_item[i] = k;
                    found = true;
                }
        free(keys[0]);
        free(keys[1]);
        if (!found && o->overrides[i].kept) {
            b->override_item[i] = SIZE_MAX; /* not on this edition's form */
        } else if (!found) {
            set_err(b, _("item '%s' is not on the 医療機関確認用 form of %s"), id,
                    b->edition->edition);
            return KAIJI_ERROR_NOT_FOUND;
        }
    }
    return KAIJI_OK;
}

int kaiji_store_checklist_draft(kaiji_checklist_draft **out, kaiji_store *store,
                               const kaiji_draft_options *opts, char **err)
{
    builder b = {opts, NULL, NULL, NULL, NULL, 0, NULL, NULL};
    kaiji_contract_list *list = NULL;
    kaiji_stmt *q = NULL;
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
        !(b.draft->organisation = kaiji_store_strdup(opts->organisation)) ||
        !(b.draft->author = kaiji_store_strdup(opts->author)))
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
    /* The contract's current vendor checklist, by the rule status follows. */
    if (!(q = kaiji_store_prepare(store,
                                  "SELECT s.path, s.sha256, s.form_version, s.exchange,"
                                  " COALESCE(s.received_at, s.ingested_at) AS received"
                                  " FROM submissions s JOIN links l ON l.submission_id = s.id"
                                  " WHERE l.contract_id = ?1 AND s.kind = 'vendor-checklist'"
                                  KAIJI_STORE_CLAIM_ORDER " LIMIT 1"))) {
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
        if ((rc = build_item(&b, k, &b.draft->items[k])) != KAIJI_OK)
            goto error;
        b.draft->past_target_dates += b.draft->items[k].target_date_past;
    }
    rc = KAIJI_OK;
    *out = b.draft;
    b.draft = NULL;

error:
    kaiji_stmt_finalize(q);
    kaiji_contract_list_free(list);
    for (size_t i = 0; i < b.doc_count; i++) {
        kaiji_document_free(b.docs[i].doc);
        for (size_t k = 0; b.docs[i].keys && k < b.docs[i].key_count; k++)
            free(b.docs[i].keys[k]);
        free(b.docs[i].keys);
    }
    free(b.docs);
    free(b.override_item);
    kaiji_checklist_draft_free(b.draft);
    if (err && rc != KAIJI_OK && rc != KAIJI_ERROR_NOMEM && b.err) {
        *err = b.err;
        b.err = NULL;
    }
    free(b.err);
    return rc;
}

int kaiji_draft_overrides_from_document(kaiji_draft_override **out, size_t *count,
                                        const kaiji_document *doc, const char *origin)
{
    size_t n = kaiji_document_item_count(doc), used = 0;
    kaiji_draft_override *ovs;

    *out = NULL;
    *count = 0;
    if (kaiji_document_kind(doc) != KAIJI_KIND_HOSPITAL_CHECKLIST)
        return KAIJI_ERROR_INVALID;
    if (!(ovs = calloc(n + 1, sizeof *ovs)))
        return KAIJI_ERROR_NOMEM;
    for (size_t i = 0; i < n; i++) {
        const kaiji_item *it = kaiji_document_item(doc, i);
        kaiji_draft_override *ov = &ovs[used];
        bool any = false;
        *ov = (kaiji_draft_override){kaiji_item_id(it), KAIJI_ANSWER_BLANK, {KAIJI_ANSWER_BLANK},
                                     kaiji_item_target_date(it), true, origin};
        for (size_t k = 0; k < kaiji_item_target_count(it); k++) {
            int t = target_index(kaiji_item_target_name(it, k));
            kaiji_answer a = kaiji_item_target_answer(it, k);
            if (t >= 0 && (a == KAIJI_ANSWER_YES || a == KAIJI_ANSWER_NO)) {
                ov->target_answers[t] = a;
                any = true;
            }
        }
        if (!kaiji_item_target_count(it)) {
            kaiji_answer a = kaiji_item_answer(it);
            if (a == KAIJI_ANSWER_YES || a == KAIJI_ANSWER_NO) {
                ov->answer = a;
                any = true;
            }
        }
        if (any || kaiji_date_valid(ov->target_date))
            used++;
    }
    *out = ovs;
    *count = used;
    return KAIJI_OK;
}
