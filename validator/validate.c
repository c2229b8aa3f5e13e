/*
 * validator/validate.c - the rules: judging a document against the catalogs,
 * the target guideline and the date of the check (as_of).
 *
 * Choices made here (documented for users in the README's finding list):
 *  - na-without-reason is a WARNING: 対象外 / N/A with neither remarks nor a
 *    comment in the answer cell.  It does not make a document invalid, but
 *    it is shown, since vendors use 対象外 to avoid work.  MDS2 is exempt:
 *    N/A is structural there ("If no, answer N/A to ...").
 *  - target-date-outside-fiscal-year is an ERROR: MHLW asks for the 目標日
 *    of every いいえ inside the fiscal year ("年度内に設定してください").  The
 *    fiscal year is the checklist edition's (R6: 2024-04-01..2025-03-31), or
 *    as_of's when the edition is unknown.
 *  - missing-item is an ERROR for items a public source or an imported
 *    template places on the form, a WARNING for items we only infer;
 *    item-text-changed is a WARNING, INFO for inferred wording, never for an
 *    item whose wording the catalog does not know.
 *  - unknown-form-version is a WARNING (a new version may come out before
 *    the catalogs know it); outdated-form-version is a WARNING and makes the
 *    status outdated.
 *  - duplicate-item is a WARNING; document-date-in-future is a WARNING.
 *  - ambiguous-answer is an ERROR, told apart from invalid-answer: an answer
 *    whose text is several different answer words ("はい / いいえ", as
 *    recognition writes both circled or marked, or "はい・いいえ" as
 *    printed) chose more than one.
 *  - A hospital checklist whose item 0 is いいえ ends there: the other items
 *    need no answer, date or presence.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "kaiji/validate.h"
#include "model/model.h"
#include "parser/choices.h"
#include "text/text.h"
#include "catalog/catalogs.h"
#include "model/i18n.h"

#define QUOTE_MAX 60

static const char *const finding_codes[] = {
    "file-corrupt", "file-encrypted", "file-legacy-xls", "file-too-large",
    "file-unreadable", "file-unsafe", "unsupported-format",
    "unknown-form", "missing-form-version", "unknown-form-version",
    "outdated-form-version", "missing-header-field", "missing-answer",
    "invalid-answer", "ambiguous-answer", "na-without-reason", "no-without-target-date",
    "target-date-outside-fiscal-year", "target-date-passed", "missing-confirmation-date",
    "missing-item", "unexpected-item", "item-text-changed", "duplicate-item",
    "document-date-in-future", "form-made-for-older-guideline", "item-list-unknown",
    "annex-item-no", "no-items",
    NULL
};

const char *const *kaiji_finding_codes(void)
{
    return finding_codes;
}

void kaiji_validate_options_init(kaiji_validate_options *opts)
{
    memset(opts, 0, sizeof(*opts));
}

/* Severities by the certainty of the catalog fact they rest on. */
static const kaiji_severity missing_item_severity[] = {
    [KAIJI_CERTAINTY_V] = KAIJI_SEVERITY_ERROR,
    [KAIJI_CERTAINTY_2] = KAIJI_SEVERITY_WARNING,
    [KAIJI_CERTAINTY_I] = KAIJI_SEVERITY_WARNING,
    [KAIJI_CERTAINTY_TEMPLATE] = KAIJI_SEVERITY_ERROR,
};
static const kaiji_severity text_changed_severity[] = {
    [KAIJI_CERTAINTY_V] = KAIJI_SEVERITY_WARNING,
    [KAIJI_CERTAINTY_2] = KAIJI_SEVERITY_WARNING,
    [KAIJI_CERTAINTY_I] = KAIJI_SEVERITY_INFO,
    [KAIJI_CERTAINTY_TEMPLATE] = KAIJI_SEVERITY_WARNING,
};

/* The header fields each kind needs, with how bad a missing one is. */
typedef struct header_rule {
    kaiji_kind kind;
    kaiji_field field;
    kaiji_severity severity;
    const char *label;
} header_rule;

static const header_rule header_rules[] = {
    {KAIJI_KIND_MDS, KAIJI_FIELD_VENDOR, KAIJI_SEVERITY_ERROR, N_("the manufacturer's name (製造業者名)")},
    {KAIJI_KIND_MDS, KAIJI_FIELD_PRODUCT, KAIJI_SEVERITY_ERROR, N_("the product name (製品名)")},
    {KAIJI_KIND_MDS, KAIJI_FIELD_PRODUCT_VERSION, KAIJI_SEVERITY_WARNING, N_("the model or version (型番・バージョン)")},
    {KAIJI_KIND_MDS, KAIJI_FIELD_DOCUMENT_DATE, KAIJI_SEVERITY_ERROR, N_("the document date (作成日)")},
    {KAIJI_KIND_MDS, KAIJI_FIELD_CONTACT, KAIJI_SEVERITY_WARNING, N_("the contact (連絡先)")},
    {KAIJI_KIND_SDS, KAIJI_FIELD_VENDOR, KAIJI_SEVERITY_ERROR, N_("the service provider's name (事業者名)")},
    {KAIJI_KIND_SDS, KAIJI_FIELD_PRODUCT, KAIJI_SEVERITY_ERROR, N_("the service name (サービス名)")},
    {KAIJI_KIND_SDS, KAIJI_FIELD_DOCUMENT_DATE, KAIJI_SEVERITY_ERROR, N_("the document date (作成日)")},
    {KAIJI_KIND_SDS, KAIJI_FIELD_CONTACT, KAIJI_SEVERITY_WARNING, N_("the contact (連絡先)")},
    {KAIJI_KIND_SDS, KAIJI_FIELD_CONTRACT, KAIJI_SEVERITY_INFO, N_("the contract reference (契約番号)")},
    {KAIJI_KIND_VENDOR_CHECKLIST, KAIJI_FIELD_VENDOR, KAIJI_SEVERITY_ERROR, N_("the vendor's name (事業者名)")},
    {KAIJI_KIND_VENDOR_CHECKLIST, KAIJI_FIELD_PRODUCT, KAIJI_SEVERITY_ERROR, N_("the system or service name (システム名)")},
    {KAIJI_KIND_VENDOR_CHECKLIST, KAIJI_FIELD_DOCUMENT_DATE, KAIJI_SEVERITY_ERROR, N_("the date (the latest 確認日)")},
    {KAIJI_KIND_VENDOR_CHECKLIST, KAIJI_FIELD_CONTRACT, KAIJI_SEVERITY_INFO, N_("the contract reference (契約番号)")},
    {KAIJI_KIND_HOSPITAL_CHECKLIST, KAIJI_FIELD_DOCUMENT_DATE, KAIJI_SEVERITY_ERROR, N_("the date (the latest 確認日)")},
    {KAIJI_KIND_MDS2, KAIJI_FIELD_VENDOR, KAIJI_SEVERITY_ERROR, N_("the manufacturer name")},
    {KAIJI_KIND_MDS2, KAIJI_FIELD_PRODUCT, KAIJI_SEVERITY_ERROR, N_("the device description")},
    {KAIJI_KIND_MDS2, KAIJI_FIELD_PRODUCT_VERSION, KAIJI_SEVERITY_WARNING, N_("the device model")},
    {KAIJI_KIND_MDS2, KAIJI_FIELD_DOCUMENT_DATE, KAIJI_SEVERITY_ERROR, N_("the document release date")},
    {KAIJI_KIND_MDS2, KAIJI_FIELD_CONTACT, KAIJI_SEVERITY_WARNING, N_("the manufacturer contact information")},
};

/* How each kind's answers are spelled in messages. */
static const char *const kind_answers[KAIJI_KIND__COUNT] = {
    [KAIJI_KIND_MDS] = N_("はい, いいえ or 対象外"),
    [KAIJI_KIND_SDS] = N_("はい, いいえ or 対象外"),
    [KAIJI_KIND_VENDOR_CHECKLIST] = N_("はい or いいえ"),
    [KAIJI_KIND_HOSPITAL_CHECKLIST] = N_("はい or いいえ"),
    [KAIJI_KIND_MDS2] = N_("Yes, No, N/A or See Note"),
};
static const char *const kind_label[KAIJI_KIND__COUNT] = {
    [KAIJI_KIND_UNKNOWN] = N_("document"),
    [KAIJI_KIND_MDS] = N_("MDS"),
    [KAIJI_KIND_SDS] = N_("SDS"),
    [KAIJI_KIND_VENDOR_CHECKLIST] = N_("事業者確認用 checklist"),
    [KAIJI_KIND_HOSPITAL_CHECKLIST] = N_("医療機関確認用 checklist"),
    [KAIJI_KIND_MDS2] = N_("MDS2 form"),
};

/* What one validation works with. */
typedef struct vctx {
    kaiji_document *doc;
    const kaiji_catalogs *cats;
    const char *target;           /* guideline edition, "6.0" */
    kaiji_date as_of;
    kaiji_date_style dates;       /* of the dates inside messages */
    const kaiji_cat_form *form;   /* the form to check completeness against */
    const kaiji_cat_form *mds2_header_form; /* DOC questions (MDS2) */
    int fiscal_year;              /* for 目標日 */
    bool outdated;
    bool older_guideline_noted;   /* form-made-for-older-guideline said */
    const kaiji_catalog *annex;   /* the target guideline's annex, or NULL */
    bool gated;                   /* hospital checklist: item 0 is いいえ */
    const char **keys;            /* resolved ID key of each item ("" none),
                                     in key_arena */
    kaiji_arena *key_arena;
    const char **sorted;          /* the non-empty keys, sorted */
    size_t sorted_count;
    int rc;
} vctx;

static bool is_checklist(kaiji_kind k)
{
    return k == KAIJI_KIND_VENDOR_CHECKLIST || k == KAIJI_KIND_HOSPITAL_CHECKLIST;
}

/* Drops a partial UTF-8 character left at the end of s by a cut. */
static void cut_utf8(char *s)
{
    size_t n = strlen(s), start = n;
    while (start > 0 && ((unsigned char)s[start - 1] & 0xC0) == 0x80)
        start--;
    if (start == 0)
        return;
    unsigned char lead = (unsigned char)s[start - 1];
    size_t want = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
    if (n - (start - 1) < want)
        s[start - 1] = '\0';
}

static void add(vctx *c, kaiji_severity sev, const char *code, const char *item,
                const char *loc, const char *fmt, ...) __attribute__((format(printf, 6, 7)));
/* Appends a finding (message formatted here); remembers out-of-memory. */
static void add(vctx *c, kaiji_severity sev, const char *code, const char *item,
                const char *loc, const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    if (n >= (int)sizeof(buf))
        cut_utf8(buf);
    if (loc && !*loc)
        loc = NULL;
    if (item && !*item)
        item = NULL;
    if (kaiji_document_add_finding(c->doc, sev, code, item, loc, "%s", buf) != KAIJI_OK)
        c->rc = KAIJI_ERROR_NOMEM;
}

/* Copies s into out (QUOTE_MAX bytes at most, cut on a character boundary,
 * "…" marking the cut). */
static const char *quote(char out[QUOTE_MAX + 8], const char *s)
{
    size_t n = strlen(s ? s : "");
    if (n <= QUOTE_MAX) {
        memcpy(out, s ? s : "", n + 1);
        return out;
    }
    n = QUOTE_MAX;
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
        n--;
    memcpy(out, s, n);
    memcpy(out + n, "\xe2\x80\xa6", 4); /* … */
    return out;
}

/* "item 2(5)", or "the item at Sheet1!A9" when it has no number. */
static const char *item_label(char *buf, size_t size, const kaiji_item *it)
{
    char q[QUOTE_MAX + 8];
    if (it->id && *it->id)
        snprintf(buf, size, _("item %s"), quote(q, it->id));
    else if (it->location && *it->location)
        snprintf(buf, size, _("the item at %s"), quote(q, it->location));
    else
        snprintf(buf, size, "%s", _("an item with no number"));
    return buf;
}

/* ---- form version, guideline, status "outdated" ----------------------- */

static void checklist_date(vctx *c);

/* Sets the document's guideline (as derived) when it states none. */
static void derive_guideline(vctx *c, const char *guideline)
{
    if (!guideline || (c->doc->guideline && *c->doc->guideline))
        return;
    const char *g = kaiji_document_strdup(c->doc, guideline);
    if (!g)
        c->rc = KAIJI_ERROR_NOMEM;
    else
        c->doc->guideline = g;
}

static const char *field_loc(const vctx *c, kaiji_field f)
{
    const char *l = c->doc->field_locations[f];
    return l ? l : "";
}

/* The fiscal year whose 目標日 an edition-ed checklist must meet: the
 * edition's own, or the year the checklist was filled in when that is later
 * and the edition was then still the newest (R7 filled in May 2026, before
 * R8 was published, aims at fiscal year 2026). */
static int target_fiscal_year(const vctx *c, const kaiji_catalog *ed)
{
    kaiji_date filled = c->doc->date;
    if (!kaiji_date_valid(filled) || kaiji_text_fiscal_year(filled) <= ed->fiscal_year)
        return ed->fiscal_year;
    const kaiji_catalog *then = kaiji_catalogs_current_edition(c->cats, filled);
    if (then && then->fiscal_year > ed->fiscal_year)
        return ed->fiscal_year;
    return kaiji_text_fiscal_year(filled);
}

static void check_checklist_version(vctx *c)
{
    kaiji_document *doc = c->doc;
    const char *fv = doc->form_version ? doc->form_version : "";
    const char *loc = field_loc(c, KAIJI_FIELD_FORM_VERSION);
    const kaiji_catalog *current = kaiji_catalogs_current_edition(c->cats, c->as_of);
    const kaiji_catalog *ed;

    c->fiscal_year = kaiji_text_fiscal_year(c->as_of);
    if (!*fv) {
        add(c, KAIJI_SEVERITY_ERROR, "missing-form-version", NULL, loc,
            _("the checklist does not say which edition it is (e.g. 令和6年5月 / R6)"));
        return;
    }
    ed = kaiji_catalogs_edition(c->cats, fv);
    if (!ed) {
        char q[QUOTE_MAX + 8];
        add(c, KAIJI_SEVERITY_WARNING, "unknown-form-version", NULL, loc,
            current ? _("checklist edition \"%s\" is not one kaiji knows; the current one is %s")
                    : _("checklist edition \"%s\" is not one kaiji knows"),
            quote(q, fv), current ? current->edition : "");
        return;
    }
    checklist_date(c);
    c->fiscal_year = target_fiscal_year(c, ed);
    c->form = kaiji_catalogs_form(c->cats, doc->kind, ed->edition);
    derive_guideline(c, ed->guideline);
    if (current && ed->fiscal_year < current->fiscal_year) {
        char d[KAIJI_DATE_SHOW_MAX], p[KAIJI_DATE_SHOW_MAX];
        c->outdated = true;
        /* TRANSLATORS: the last %d is the Reiwa year of the current edition's
         * fiscal year (令和8年度版). */
        add(c, KAIJI_SEVERITY_WARNING, "outdated-form-version", NULL, loc,
            _("checklist edition %s (fiscal year %d) is outdated: on %s the current "
            "edition is %s (fiscal year %d, published %s); ask for the 令和%d年度版"),
            ed->edition, ed->fiscal_year,
            kaiji_text_date_show(d, sizeof d, c->as_of, c->dates), current->edition,
            current->fiscal_year,
            current->published.on.year
                ? kaiji_text_date_show(p, sizeof p, current->published.on, c->dates)
                : "?",
            current->fiscal_year - 2018);
    }
}

/* An info finding: the form is the newest published, but it was made for
 * an older guideline (made_for) than the target. */
static void note_older_guideline(vctx *c, const char *what, const char *made_for)
{
    char d[KAIJI_DATE_SHOW_MAX];
    if (c->older_guideline_noted)
        return;
    c->older_guideline_noted = true;
    add(c, KAIJI_SEVERITY_INFO, "form-made-for-older-guideline", NULL,
        field_loc(c, KAIJI_FIELD_FORM_VERSION),
        _("%s was made for guideline %s; no form for guideline %s had been published by "
        "%s, so it is still the current form"), what, made_for, c->target,
        kaiji_text_date_show(d, sizeof d, c->as_of, c->dates));
}

static void check_mds_version(vctx *c)
{
    kaiji_document *doc = c->doc;
    const char *fv = doc->form_version ? doc->form_version : "";
    const char *raw = doc->fields[KAIJI_FIELD_FORM_VERSION];
    const char *loc = field_loc(c, KAIJI_FIELD_FORM_VERSION);
    const kaiji_cat_version *r = kaiji_catalogs_mds_version(c->cats, fv);
    const kaiji_cat_version *newest;
    char q[QUOTE_MAX + 8];

    if (!r && raw && *raw)
        r = kaiji_catalogs_mds_version(c->cats, raw);
    if (!*fv && !r) {
        if (raw && *raw)
            add(c, KAIJI_SEVERITY_ERROR, "missing-form-version", NULL, loc,
                _("the form version \"%s\" gives no version number (e.g. Ver.5.0)"),
                quote(q, raw));
        else
            add(c, KAIJI_SEVERITY_ERROR, "missing-form-version", NULL, loc,
                _("the %s does not say which form version it is (e.g. Ver.5.0)"),
                _(kind_label[doc->kind]));
        return;
    }
    if (!r) {
        add(c, KAIJI_SEVERITY_WARNING, "unknown-form-version", NULL, loc,
            _("form version \"%s\" is not a JAHIS MDS/SDS version kaiji knows"),
            quote(q, *fv ? fv : raw));
        return;
    }
    if (!*fv) {
        const char *v = kaiji_document_strdup(doc, r->version);
        if (!v) {
            c->rc = KAIJI_ERROR_NOMEM;
            return;
        }
        doc->form_version = v;
    }
    if ((doc->kind == KAIJI_KIND_SDS && !r->sds) || (doc->kind == KAIJI_KIND_MDS && !r->mds)) {
        add(c, KAIJI_SEVERITY_WARNING, "unknown-form-version", NULL, loc,
            _("there is no %s of form version %s (the SDS exists from Ver.4.0)"),
            _(kind_label[doc->kind]), r->version);
        return;
    }
    derive_guideline(c, r->guideline);
    c->form = kaiji_catalogs_form(c->cats, doc->kind, r->version);
    newest = kaiji_catalogs_newest_mds_version(c->cats, doc->kind, c->as_of);
    if (newest && kaiji_cat_version_order(newest, r) > 0) {
        char d[KAIJI_DATE_SHOW_MAX];
        c->outdated = true;
        add(c, KAIJI_SEVERITY_WARNING, "outdated-form-version", NULL, loc,
            _("form version %s (made for guideline %s) is outdated: Ver.%s had been published "
            "by %s; ask the vendor for the current form (Ver.%s)"), r->version,
            r->guideline_text, newest->version,
            kaiji_text_date_show(d, sizeof d, c->as_of, c->dates), newest->version);
    } else if (kaiji_guideline_compare(r->guideline, c->target) < 0) {
        char what[64];
        snprintf(what, sizeof what, _("form version %s"), r->version);
        note_older_guideline(c, what, r->guideline_text);
    }
}

static void check_mds2_version(vctx *c)
{
    kaiji_document *doc = c->doc;
    const char *fv = doc->form_version ? doc->form_version : "";
    const char *loc = field_loc(c, KAIJI_FIELD_FORM_VERSION);
    const kaiji_catalog *current = kaiji_catalogs_mds2(c->cats, NULL);
    const kaiji_catalog *ed;
    char q[QUOTE_MAX + 8];

    if (current && current->form_count)
        c->mds2_header_form = &current->forms[0];
    if (!*fv) {
        add(c, KAIJI_SEVERITY_ERROR, "missing-form-version", NULL, loc,
            _("the MDS2 form does not say which edition it is (e.g. HN 1-2019)"));
        return;
    }
    ed = kaiji_catalogs_mds2(c->cats, fv);
    if (!ed) {
        add(c, KAIJI_SEVERITY_WARNING, "unknown-form-version", NULL, loc,
            _("MDS2 edition \"%s\" is not one kaiji knows"), quote(q, fv));
        return;
    }
    c->form = kaiji_catalogs_form(c->cats, KAIJI_KIND_MDS2, ed->edition);
    if (c->form && c->form->header_count)
        c->mds2_header_form = c->form;
    if (!ed->current) {
        c->outdated = true;
        add(c, KAIJI_SEVERITY_WARNING, "outdated-form-version", NULL, loc,
            current ? _("MDS2 edition %s is outdated: ask the manufacturer for the current form %s")
                    : _("MDS2 edition %s is outdated: ask the manufacturer for the current form"),
            ed->edition, current ? current->edition : "");
    }
}

/*
 * A guideline the document itself states (or that its form version gives)
 * that is older than the target: outdated when a form made for a newer
 * guideline than it had been published by as_of, else only noted.
 */
static void check_stated_guideline(vctx *c, bool version_outdated)
{
    const char *g = c->doc->guideline;
    const char *newest = NULL;
    if (c->doc->kind == KAIJI_KIND_MDS2 || !g || !*g)
        return;
    if (kaiji_guideline_compare(g, c->target) >= 0)
        return;
    if (is_checklist(c->doc->kind)) {
        const kaiji_catalog *cur = kaiji_catalogs_current_edition(c->cats, c->as_of);
        newest = cur ? cur->guideline : NULL;
    } else {
        const kaiji_cat_version *r =
            kaiji_catalogs_newest_mds_version(c->cats, c->doc->kind, c->as_of);
        newest = r ? r->guideline : NULL;
    }
    if (newest && kaiji_guideline_compare(g, newest) >= 0) {
        if (!is_checklist(c->doc->kind))
            note_older_guideline(c, _(kind_label[c->doc->kind]), g);
        return;
    }
    c->outdated = true;
    if (!version_outdated)
        add(c, KAIJI_SEVERITY_WARNING, "outdated-form-version", NULL,
            field_loc(c, KAIJI_FIELD_GUIDELINE),
            _("the %s was made for guideline %s, not %s"), _(kind_label[c->doc->kind]), g,
            c->target);
}

/* ---- header ----------------------------------------------------------- */

/* For a checklist with no date: its latest 確認日. */
static void checklist_date(vctx *c)
{
    kaiji_document *doc = c->doc;
    if (!is_checklist(doc->kind) || kaiji_date_valid(doc->date))
        return;
    for (size_t i = 0; i < doc->item_count; i++) {
        const kaiji_item *it = &doc->items[i];
        for (size_t k = 0; k < it->confirmation_count && k < KAIJI_MAX_CONFIRMATIONS; k++)
            if (kaiji_date_valid(it->confirmations[k]) &&
                kaiji_date_compare(it->confirmations[k], doc->date) > 0)
                doc->date = it->confirmations[k];
    }
}

/* The MDS2 DOC question that gives field f, or NULL. */
static const kaiji_cat_item *doc_question(const vctx *c, kaiji_field f)
{
    const kaiji_cat_form *hf = c->mds2_header_form;
    for (size_t i = 0; hf && i < hf->header_count; i++)
        if (hf->header[i].field == f)
            return &hf->header[i];
    return NULL;
}

static void check_header(vctx *c)
{
    kaiji_document *doc = c->doc;
    char label[160], q[QUOTE_MAX + 8], d1[KAIJI_DATE_SHOW_MAX], d2[KAIJI_DATE_SHOW_MAX];

    checklist_date(c);
    for (size_t r = 0; r < sizeof(header_rules) / sizeof(header_rules[0]); r++) {
        const header_rule *rule = &header_rules[r];
        if (rule->kind != doc->kind)
            continue;
        const char *text = doc->fields[rule->field];
        const char *loc = field_loc(c, rule->field);
        const kaiji_cat_item *dq = doc->kind == KAIJI_KIND_MDS2 ? doc_question(c, rule->field) : NULL;
        if (dq)
            snprintf(label, sizeof(label), "%s (%s)", dq->id, dq->name ? dq->name : _(rule->label));
        else
            snprintf(label, sizeof(label), "%s", _(rule->label));
        cut_utf8(label);
        if (rule->field == KAIJI_FIELD_DOCUMENT_DATE) {
            if (kaiji_date_valid(doc->date))
                continue;
            if (text && !kaiji_text_blank(text))
                add(c, rule->severity, "missing-header-field", dq ? dq->id : NULL, loc,
                    _("%s \"%s\" is not a date"), label, quote(q, text));
            else if (is_checklist(doc->kind))
                add(c, rule->severity, "missing-header-field", NULL, loc,
                    _("no 確認日 (confirmation date) is filled in, so the checklist has no date"));
            else
                add(c, rule->severity, "missing-header-field", dq ? dq->id : NULL, loc,
                    _("%s is missing"), label);
            continue;
        }
        if (!text || kaiji_text_blank(text))
            add(c, rule->severity, "missing-header-field", dq ? dq->id : NULL, loc,
                _("%s is missing"), label);
    }
    if (kaiji_date_valid(doc->date) && kaiji_date_compare(doc->date, c->as_of) > 0)
        add(c, KAIJI_SEVERITY_WARNING, "document-date-in-future", NULL,
            field_loc(c, KAIJI_FIELD_DOCUMENT_DATE),
            _("the document is dated %s, after the date of this check (%s)"),
            kaiji_text_date_show(d1, sizeof d1, doc->date, c->dates),
            kaiji_text_date_show(d2, sizeof d2, c->as_of, c->dates));
}

/* ---- item keys -------------------------------------------------------- */

/* The catalog item of the form whose key is key, or NULL. */
static const kaiji_cat_item *form_item(const kaiji_cat_form *f, const char *key)
{
    for (size_t i = 0; f && key && *key && i < f->item_count; i++)
        if (strcmp(f->items[i].id_key, key) == 0)
            return &f->items[i];
    return NULL;
}

/* key, or what the form's ID aliases make of it (SHAD-15 -> SAHD-15). */
static const char *alias(const kaiji_cat_form *f, const char *key)
{
    for (size_t i = 0; f && i < f->alias_count; i++)
        if (strcmp(f->aliases[i].from_key, key) == 0)
            return f->aliases[i].to_key;
    return key;
}

/*
 * Fills c->keys: each item's ID key, aliased, and for an ID given without
 * its section ("(1)" in section "2") the key of section + ID when that is
 * what the form numbers.
 */
static int resolve_keys(vctx *c)
{
    kaiji_document *doc = c->doc;
    const kaiji_cat_form *af = c->form ? c->form : c->mds2_header_form;
    char buf[128];
    c->keys = calloc(doc->item_count + 1, sizeof(*c->keys));
    c->key_arena = kaiji_arena_new();
    if (!c->keys || !c->key_arena)
        return KAIJI_ERROR_NOMEM;
    for (size_t i = 0; i < doc->item_count; i++) {
        const kaiji_item *it = &doc->items[i];
        char *key = kaiji_text_id_key_buf(it->id ? it->id : "", buf, sizeof buf);
        char *alt = NULL;
        /* (a form with no list of IDs, as MDS2's, has none to join to) */
        if (*(key ? key : "") && c->form && c->form->item_count &&
            !form_item(c->form, key) && it->section && *it->section) {
            size_t n = strlen(it->section) + strlen(it->id) + 1;
            char *joined = malloc(n);
            if (!joined) {
                if (key != buf)
                    free(key);
                return KAIJI_ERROR_NOMEM;
            }
            size_t slen = strlen(it->section);
            memcpy(joined, it->section, slen);
            memcpy(joined + slen, it->id, n - slen);
            alt = kaiji_text_id_key(joined);
            free(joined);
            if (alt && !form_item(c->form, alt)) {
                free(alt);
                alt = NULL;
            }
        }
        const char *aliased = alias(af, alt ? alt : key ? key : "");
        c->keys[i] = kaiji_arena_strdup(c->key_arena, aliased);
        free(alt);
        if (key != buf)
            free(key);
        if (!c->keys[i])
            return KAIJI_ERROR_NOMEM;
    }
    return KAIJI_OK;
}

static void free_keys(vctx *c)
{
    free(c->keys);
    c->keys = NULL;
    kaiji_arena_free(c->key_arena);
    c->key_arena = NULL;
    free(c->sorted);
    c->sorted = NULL;
}

/* The index of the first item whose key is key, or SIZE_MAX. */
static size_t find_item(const vctx *c, const char *key)
{
    for (size_t i = 0; i < c->doc->item_count; i++)
        if (strcmp(c->keys[i], key) == 0)
            return i;
    return (size_t)-1;
}

/* ---- items ------------------------------------------------------------ */

/* qsort has no context argument in C11: sort (key, index) pairs instead. */
typedef struct key_ref {
    const char *key;
    size_t index;
} key_ref;

static int cmp_key_ref(const void *a, const void *b)
{
    const key_ref *x = a, *y = b;
    int r = strcmp(x->key, y->key);
    if (r)
        return r;
    return x->index < y->index ? -1 : x->index > y->index;
}

/*
 * Sorts the n refs of a by cmp_key_ref (tmp: room for n): a merge sort,
 * O(n log n) whatever the keys, that merges no two halves already in order
 * (a form's IDs come in long sorted runs) and sorts short ranges by
 * insertion.  cmp_key_ref orders every pair, so the result is qsort's.
 */
static void sort_key_refs(key_ref *a, key_ref *tmp, size_t n)
{
    if (n <= 8) {
        for (size_t i = 1; i < n; i++) {
            key_ref x = a[i];
            size_t j = i;
            while (j > 0 && cmp_key_ref(&a[j - 1], &x) > 0) {
                a[j] = a[j - 1];
                j--;
            }
            a[j] = x;
        }
        return;
    }
    size_t h = n / 2, i = 0, j = h, k = 0;
    sort_key_refs(a, tmp, h);
    sort_key_refs(a + h, tmp, n - h);
    if (cmp_key_ref(&a[h - 1], &a[h]) <= 0)
        return;
    while (i < h && j < n)
        tmp[k++] = cmp_key_ref(&a[j], &a[i]) < 0 ? a[j++] : a[i++];
    while (i < h)
        tmp[k++] = a[i++];
    memcpy(a, tmp, k * sizeof(*a)); /* a[j..n) stays where it is */
}

static void check_duplicates(vctx *c)
{
    kaiji_document *doc = c->doc;
    key_ref *refs = malloc((doc->item_count + 1) * sizeof(*refs));
    size_t n = 0;
    char lab[128];
    if (!refs) {
        c->rc = KAIJI_ERROR_NOMEM;
        return;
    }
    for (size_t i = 0; i < doc->item_count; i++)
        if (*c->keys[i])
            refs[n++] = (key_ref){c->keys[i], i};
    key_ref *tmp = malloc((n + 1) * sizeof(*tmp));
    if (!tmp) {
        free(refs);
        c->rc = KAIJI_ERROR_NOMEM;
        return;
    }
    sort_key_refs(refs, tmp, n);
    free(tmp);
    c->sorted = malloc((n + 1) * sizeof(*c->sorted));
    if (!c->sorted) {
        free(refs);
        c->rc = KAIJI_ERROR_NOMEM;
        return;
    }
    for (size_t i = 0; i < n; i++)
        c->sorted[i] = refs[i].key;
    c->sorted_count = n;
    for (size_t i = 1; i < n; i++) {
        if (strcmp(refs[i].key, refs[i - 1].key) != 0)
            continue;
        size_t first = i - 1;
        while (first > 0 && strcmp(refs[first - 1].key, refs[i].key) == 0)
            first--;
        const kaiji_item *dupe = &doc->items[refs[i].index];
        const kaiji_item *orig = &doc->items[refs[first].index];
        if (orig->location && *orig->location)
            add(c, KAIJI_SEVERITY_WARNING, "duplicate-item", dupe->id, dupe->location,
                _("%s appears more than once (also as \"%s\" at %s)"),
                item_label(lab, sizeof(lab), dupe), orig->id, orig->location);
        else
            add(c, KAIJI_SEVERITY_WARNING, "duplicate-item", dupe->id, dupe->location,
                _("%s appears more than once (also as \"%s\")"),
                item_label(lab, sizeof(lab), dupe), orig->id);
    }
    free(refs);
}

/* true when text holds nothing but underscores (an MDS2 heading's "____"). */
static bool only_underscores(const char *s)
{
    bool any = false;
    for (; s && *s; s++) {
        if (*s == '_')
            any = true;
        else if (*s != ' ')
            return false;
    }
    return any;
}

/* true when the MDS2 item i heads others (CONN-1 over CONN-1.1): the first
 * sorted key not before "KEY." starts with "KEY.". */
static bool is_heading(const vctx *c, size_t i)
{
    const char *key = c->keys[i];
    size_t n = strlen(key), lo = 0, hi = c->sorted_count;
    if (!n || !c->sorted)
        return false;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int r = strncmp(c->sorted[mid], key, n);
        if (r == 0)
            r = (unsigned char)c->sorted[mid][n] < (unsigned char)'.' ? -1 : 0;
        if (r < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < c->sorted_count && strncmp(c->sorted[lo], key, n) == 0 &&
           c->sorted[lo][n] == '.';
}

/* One answer to judge: the item's own, or one target's. */
typedef struct slot {
    const char *target; /* NULL for the item's own answer */
    kaiji_answer answer;
    const char *raw;
} slot;

/* The answer the item gives for the catalog target name: the doc's target
 * of that name; when the document has no per-target answers for the item at
 * all (a layout with one answer column), the item's own answer.  A document
 * that answers some targets but not this one leaves it blank. */
static slot target_slot(const kaiji_item *it, const char *name)
{
    slot s = {name, KAIJI_ANSWER_BLANK, ""};
    if (it->target_count == 0) {
        s.answer = it->answer;
        s.raw = it->answer_text;
        return s;
    }
    char *want = kaiji_text_key(name);
    for (size_t k = 0; want && k < it->target_count && k < KAIJI_MAX_TARGETS; k++) {
        char *have = kaiji_text_key(it->targets[k].name);
        bool hit = have && strcmp(have, want) == 0;
        free(have);
        if (hit) {
            s.answer = it->targets[k].answer;
            s.raw = it->targets[k].text;
            break;
        }
    }
    free(want);
    return s;
}

/*
 * The answers to judge for item it (catalog item ci may be NULL): one per
 * catalog target; else the item's own; else every target the document
 * filled in.  Returns how many were written to out.
 */
static size_t item_slots(const kaiji_item *it, const kaiji_cat_item *ci,
                         slot out[KAIJI_MAX_TARGETS])
{
    size_t n = 0;
    if (ci && ci->targets_known && ci->target_count) {
        for (size_t k = 0; k < ci->target_count; k++)
            out[n++] = target_slot(it, ci->targets[k]);
        return n;
    }
    if (it->answer != KAIJI_ANSWER_BLANK) {
        out[0] = (slot){NULL, it->answer, it->answer_text};
        return 1;
    }
    for (size_t k = 0; k < it->target_count && k < KAIJI_MAX_TARGETS; k++)
        if (it->targets[k].answer != KAIJI_ANSWER_BLANK)
            out[n++] = (slot){it->targets[k].name, it->targets[k].answer, it->targets[k].text};
    if (n == 0)
        out[n++] = (slot){NULL, KAIJI_ANSWER_BLANK, it->answer_text};
    return n;
}

/* The MDS2 DOC question of document item i, or NULL. */
static const kaiji_cat_item *header_item(const vctx *c, size_t i)
{
    const kaiji_cat_form *hf = c->mds2_header_form;
    for (size_t k = 0; hf && k < hf->header_count; k++)
        if (strcmp(hf->header[k].id_key, c->keys[i]) == 0)
            return &hf->header[k];
    return NULL;
}

/* true when MDS2 item i is in a section of free text (OTHR) or the DOC
 * header, whose answers are not Yes/No. */
static bool mds2_free_text(const vctx *c, size_t i)
{
    const char *key = c->keys[i];
    const kaiji_cat_form *f = c->form ? c->form : c->mds2_header_form;
    if (strncmp(key, "doc-", 4) == 0)
        return true;
    for (size_t s = 0; f && s < f->section_count; s++) {
        if (!f->sections[s].free_text || (f->sections[s].code[0] &&
            (f->sections[s].code[0] | 0x20) != (key[0] | 0x20)))
            continue;
        size_t n = strlen(f->sections[s].code);
        if (strncasecmp(key, f->sections[s].code, n) == 0 && key[n] == '-')
            return true;
    }
    return strncmp(key, "othr-", 5) == 0;
}

static bool has_text(const char *s)
{
    return s && !kaiji_text_blank(s);
}

/* true when an answer cell's raw text carries a comment after its answer
 * ("対象外（機器なし）"): a target's comment is kept only in its raw text. */
static bool raw_has_comment(const char *raw)
{
    char *comment = NULL;
    if (!has_text(raw))
        return false;
    kaiji_text_parse_answer(raw, &comment);
    bool yes = has_text(comment);
    free(comment);
    return yes;
}

/*
 * When raw holds different answer words ("はい / いいえ": more than one
 * circled or marked), writes them for a message into buf ("both はい and
 * いいえ", "はい, いいえ and 対象外 all") and returns true.
 */
static bool several_answers(const char *raw, char *buf, size_t size)
{
    kaiji_choice_set set;
    const kaiji_choice_word *w[KAIJI_MAX_CHOICE_WORDS];
    unsigned seen = 0;
    size_t n = 0, i, o = 0;

    if (!raw || !kaiji_choice_split(raw, &set))
        return false;
    for (i = 0; i < set.count; i++)
        if (!(seen & (1u << set.words[i].answer))) {
            seen |= 1u << set.words[i].answer;
            w[n++] = &set.words[i];
        }
    char list[160];
    list[0] = '\0';
    for (i = 0; i < n && o < sizeof list; i++) {
        /* TRANSLATORS: between answer words in a list: "はい, いいえ and 対象外". */
        int k = snprintf(list + o, sizeof list - o, "%s",
                         i == 0 ? "" : i + 1 == n ? _(" and ") : _(", "));
        if (k < 0)
            return false;
        o += (size_t)k;
        if (o >= sizeof list)
            break;
        /* TRANSLATORS: one answer word of that list, quoted as the language
         * quotes a word standing in a sentence (「はい」); English leaves it bare. */
        k = snprintf(list + o, sizeof list - o, C_("an answer word in a list", "%.*s"),
                     (int)w[i]->len, raw + w[i]->off);
        if (k < 0)
            return false;
        o += (size_t)k;
    }
    cut_utf8(list);
    /* TRANSLATORS: "both はい and いいえ" / "はい, いいえ and 対象外 all", then "circled or marked". */
    snprintf(buf, size, n > 2 ? _("%s all") : _("both %s"), list);
    cut_utf8(buf);
    return true;
}

/* item_label() into buf, made the first time a finding quotes it (buf
 * starts empty). */
static const char *label_once(char *buf, size_t size, const kaiji_item *it)
{
    return buf[0] ? buf : item_label(buf, size, it);
}

/* " for <target>" into buf, or "" for a slot without a target. */
static const char *for_target(char *buf, size_t size, const char *target)
{
    if (!target)
        return "";
    /* TRANSLATORS: added after a finding's subject: " for <target system>". */
    snprintf(buf, size, _(" for %s"), target);
    return buf;
}

/*
 * For an item whose targets' answers stand as one (the catalog does not
 * know its targets): when a target has several answers circled or marked,
 * reports ambiguous-answer for it and invalid-answer for any other invalid
 * target, and returns true; false (nothing reported) when none has.
 */
static bool ambiguous_targets(vctx *c, const kaiji_item *it, char *lab, size_t lab_size)
{
    char words[160], forwhat[96], q[QUOTE_MAX + 8];
    bool any = false;
    size_t k;

    for (k = 0; k < it->target_count; k++)
        if (it->targets[k].answer == KAIJI_ANSWER_INVALID &&
            several_answers(it->targets[k].text, words, sizeof(words)))
            any = true;
    if (!any)
        return false;
    for (k = 0; k < it->target_count; k++) {
        const kaiji_target_answer *t = &it->targets[k];
        if (t->answer != KAIJI_ANSWER_INVALID)
            continue;
        if (several_answers(t->text, words, sizeof(words)))
            add(c, KAIJI_SEVERITY_ERROR, "ambiguous-answer", it->id, it->location,
                _("%s has %s circled or marked%s: only one may be chosen"),
                label_once(lab, lab_size, it), words,
                for_target(forwhat, sizeof(forwhat), t->name));
        else
            add(c, KAIJI_SEVERITY_ERROR, "invalid-answer", it->id, it->location,
                _("%s answers \"%s\"%s, which is not %s"), label_once(lab, lab_size, it),
                quote(q, t->text), for_target(forwhat, sizeof(forwhat), t->name),
                _(kind_answers[c->doc->kind]));
    }
    return true;
}

/* The checks of one item's answers, reasons and dates. */
static void check_item(vctx *c, size_t i)
{
    kaiji_document *doc = c->doc;
    const kaiji_item *it = &doc->items[i];
    const kaiji_cat_item *ci = form_item(c->form, c->keys[i]);
    bool mds2 = doc->kind == KAIJI_KIND_MDS2, checklist = is_checklist(doc->kind);
    bool required;
    bool has_no = false, na_reported = false, see_note_reported = false;
    slot slots[KAIJI_MAX_TARGETS];
    char lab[128], q[QUOTE_MAX + 8], d[KAIJI_DATE_SHOW_MAX], words[160];

    if (c->gated && strcmp(c->keys[i], "0") != 0)
        return;
    if (mds2 && mds2_free_text(c, i)) {
        /* DOC questions and OTHR: only the DOC questions with choices */
        ci = header_item(c, i);
        if (!ci)
            return;
    }
    if (ci && ci->answer_type != KAIJI_ANSWER_TYPE_CHOICE)
        return;
    required = ci ? ci->required : true;
    lab[0] = '\0'; /* made by label_once() when a finding quotes it */
    size_t n = item_slots(it, ci, slots);
    for (size_t s = 0; s < n; s++) {
        slot *sl = &slots[s];
        char forwhat[96];
        if (mds2 && sl->answer == KAIJI_ANSWER_INVALID && only_underscores(sl->raw))
            sl->answer = KAIJI_ANSWER_BLANK;
        switch (sl->answer) {
        case KAIJI_ANSWER_BLANK:
            if (!required || (mds2 && (is_heading(c, i) || only_underscores(sl->raw))))
                break;
            add(c, KAIJI_SEVERITY_ERROR, "missing-answer", it->id, it->location,
                _("%s has no answer%s"), label_once(lab, sizeof(lab), it),
                for_target(forwhat, sizeof(forwhat), sl->target));
            break;
        case KAIJI_ANSWER_INVALID:
        case KAIJI_ANSWER__COUNT:
            if (!sl->target && it->target_count && ambiguous_targets(c, it, lab, sizeof(lab)))
                break;
            if (several_answers(sl->raw, words, sizeof(words))) {
                add(c, KAIJI_SEVERITY_ERROR, "ambiguous-answer", it->id, it->location,
                    _("%s has %s circled or marked%s: only one may be chosen"),
                    label_once(lab, sizeof(lab), it), words,
                    for_target(forwhat, sizeof(forwhat), sl->target));
                break;
            }
            add(c, KAIJI_SEVERITY_ERROR, "invalid-answer", it->id, it->location,
                _("%s answers \"%s\"%s, which is not %s"), label_once(lab, sizeof(lab), it),
                quote(q, sl->raw), for_target(forwhat, sizeof(forwhat), sl->target),
                _(kind_answers[doc->kind]));
            break;
        case KAIJI_ANSWER_SEE_NOTE:
            if (!mds2) {
                add(c, KAIJI_SEVERITY_ERROR, "invalid-answer", it->id, it->location,
                    _("%s answers \"%s\"%s, which is not %s"), label_once(lab, sizeof(lab), it),
                    quote(q, sl->raw), for_target(forwhat, sizeof(forwhat), sl->target),
                    _(kind_answers[doc->kind]));
            } else if (!see_note_reported && !has_text(it->remarks) &&
                       !has_text(it->answer_comment)) {
                see_note_reported = true;
                add(c, KAIJI_SEVERITY_WARNING, "missing-answer", it->id, it->location,
                    _("%s says See Note but gives no note"), label_once(lab, sizeof(lab), it));
            }
            break;
        case KAIJI_ANSWER_NA:
            if (!mds2 && !na_reported && !has_text(it->remarks) &&
                !has_text(it->answer_comment) && !raw_has_comment(sl->raw)) {
                na_reported = true;
                add(c, KAIJI_SEVERITY_WARNING, "na-without-reason", it->id, it->location,
                    _("%s says 対象外 (not applicable)%s but gives no reason in the "
                    "remarks (備考)"), label_once(lab, sizeof(lab), it),
                    for_target(forwhat, sizeof(forwhat), sl->target));
            }
            break;
        case KAIJI_ANSWER_NO:
            has_no = true;
            break;
        case KAIJI_ANSWER_YES:
            break;
        }
    }
    if (!checklist)
        return;
    if (has_no && !(c->gated || (doc->kind == KAIJI_KIND_HOSPITAL_CHECKLIST &&
                                 strcmp(c->keys[i], "0") == 0))) {
        if (!kaiji_date_valid(it->target_date)) {
            if (has_text(it->target_date_text))
                add(c, KAIJI_SEVERITY_ERROR, "no-without-target-date", it->id, it->location,
                    _("%s says いいえ but its 目標日 (target date) \"%s\" is not a date"),
                    label_once(lab, sizeof(lab), it), quote(q, it->target_date_text));
            else
                add(c, KAIJI_SEVERITY_ERROR, "no-without-target-date", it->id, it->location,
                    _("%s says いいえ but gives no 目標日 (target date)"),
                    label_once(lab, sizeof(lab), it));
        } else if (kaiji_text_fiscal_year(it->target_date) != c->fiscal_year) {
            add(c, KAIJI_SEVERITY_ERROR, "target-date-outside-fiscal-year", it->id,
                it->location,
                _("%s has 目標日 (target date) %s, outside fiscal year %d (%d-04-01 to "
                "%d-03-31)"), label_once(lab, sizeof(lab), it),
                kaiji_text_date_show(d, sizeof d, it->target_date, c->dates), c->fiscal_year, c->fiscal_year,
                c->fiscal_year + 1);
        } else if (doc->kind == KAIJI_KIND_HOSPITAL_CHECKLIST && !c->outdated &&
                   kaiji_date_compare(it->target_date, c->as_of) < 0) {
            /* the hospital's own plan, already overdue: it sets a new one (an
             * outdated edition's dates are past with it: outdated says so) */
            char d2[KAIJI_DATE_SHOW_MAX];
            add(c, KAIJI_SEVERITY_ERROR, "target-date-passed", it->id, it->location,
                _("%s has 目標日 (target date) %s, already past on %s: set a new one"),
                label_once(lab, sizeof(lab), it),
                kaiji_text_date_show(d, sizeof d, it->target_date, c->dates),
                kaiji_text_date_show(d2, sizeof d2, c->as_of, c->dates));
        }
    }
    if (required && (it->confirmation_count == 0 || !kaiji_date_valid(it->confirmations[0]))) {
        const char *t = it->confirmation_count ? it->confirmation_texts[0] : NULL;
        if (has_text(t))
            add(c, KAIJI_SEVERITY_ERROR, "missing-confirmation-date", it->id, it->location,
                _("%s has a 1回目 確認日 (first confirmation date) \"%s\" that is not a date"),
                label_once(lab, sizeof(lab), it), quote(q, t));
        else
            add(c, KAIJI_SEVERITY_ERROR, "missing-confirmation-date", it->id, it->location,
                _("%s has no 1回目 確認日 (first confirmation date)"),
                label_once(lab, sizeof(lab), it));
    }
}

static void check_items(vctx *c)
{
    kaiji_document *doc = c->doc;
    if (doc->kind == KAIJI_KIND_HOSPITAL_CHECKLIST) {
        size_t zero = find_item(c, "0");
        if (zero != (size_t)-1 && doc->items[zero].answer == KAIJI_ANSWER_NO)
            c->gated = true;
    }
    check_duplicates(c);
    for (size_t i = 0; i < doc->item_count && c->rc == KAIJI_OK; i++)
        check_item(c, i);
}

/* ---- completeness ----------------------------------------------------- */

/* "the R6 事業者確認用 checklist", "the MDS Ver.5.0", "the MDS2 form HN 1-2019". */
static const char *form_name(char *buf, size_t size, const kaiji_cat_form *f)
{
    switch (f->kind) {
    case KAIJI_KIND_MDS:
    case KAIJI_KIND_SDS:
        snprintf(buf, size, _("the %s Ver.%s"), _(kind_label[f->kind]), f->form_version);
        break;
    case KAIJI_KIND_MDS2:
        snprintf(buf, size, _("the MDS2 form %s"), f->form_version);
        break;
    default:
        /* TRANSLATORS: "the R6 事業者確認用 checklist": edition, then kind. */
        snprintf(buf, size, _("the %s %s"), f->form_version, _(kind_label[f->kind]));
        break;
    }
    cut_utf8(buf);
    return buf;
}

/* The short wording of catalog item ci for messages: " (text…)" or "". */
static const char *wording(char out[QUOTE_MAX + 16], const kaiji_cat_item *ci)
{
    char q[QUOTE_MAX + 8];
    const char *t = ci->text ? ci->text : ci->name;
    if (!t) {
        out[0] = '\0';
        return out;
    }
    snprintf(out, QUOTE_MAX + 16, _(" (%s)"), quote(q, t));
    cut_utf8(out);
    return out;
}

static void check_item_list(vctx *c)
{
    kaiji_document *doc = c->doc;
    const kaiji_cat_form *f = c->form;
    char w[QUOTE_MAX + 16], q[QUOTE_MAX + 8], lab[128], fname[128];
    const char *what = f->catalog->type == KAIJI_CATALOG_TEMPLATE ? _("the imported template")
                                                                  : _("the official form");

    for (size_t k = 0; k < f->item_count; k++) {
        const kaiji_cat_item *ci = &f->items[k];
        size_t i = find_item(c, ci->id_key);
        if (i == (size_t)-1) {
            if (ci->required && !(c->gated && strcmp(ci->id_key, "0") != 0))
                add(c, missing_item_severity[ci->certainty], "missing-item", ci->id, NULL,
                    _("item %s%s is missing: %s has it"), ci->id, wording(w, ci),
                    form_name(fname, sizeof(fname), f));
            continue;
        }
        const kaiji_item *it = &doc->items[i];
        if (!ci->text_fold || !has_text(it->question))
            continue;
        char *fold = kaiji_catalog_fold_text(it->question);
        if (!fold) {
            continue; /* not UTF-8 or no memory: nothing to compare */
        }
        if (strcmp(fold, ci->text_fold) != 0)
            add(c, text_changed_severity[ci->text_certainty], "item-text-changed", it->id,
                it->location, _("%s is worded differently from %s: \"%s\""), item_label(lab,
                sizeof(lab), it), what, quote(q, it->question));
        free(fold);
    }
    if (!f->complete)
        return;
    for (size_t i = 0; i < doc->item_count; i++) {
        const kaiji_item *it = &doc->items[i];
        if (!*c->keys[i] || form_item(f, c->keys[i]))
            continue;
        if (doc->kind == KAIJI_KIND_MDS2 && mds2_free_text(c, i))
            continue;
        add(c, KAIJI_SEVERITY_WARNING, "unexpected-item", it->id, it->location,
            _("%s is not on %s of %s"), item_label(lab, sizeof(lab), it), what,
            form_name(fname, sizeof(fname), f));
    }
}

/* MDS2 without a list of IDs: compare how many questions each section has. */
static void check_section_counts(vctx *c)
{
    kaiji_document *doc = c->doc;
    const kaiji_cat_form *f = c->form;
    int *counts = calloc(f->section_count + 1, sizeof(*counts));
    char lab[128], name[128];
    if (!counts) {
        c->rc = KAIJI_ERROR_NOMEM;
        return;
    }
    for (size_t i = 0; i < doc->item_count; i++) {
        const char *key = c->keys[i];
        const char *dash = strchr(key, '-');
        size_t s;
        if (!*key || mds2_free_text(c, i))
            continue;
        for (s = 0; dash && s < f->section_count; s++)
            if ((!f->sections[s].code[0] ||
                 (f->sections[s].code[0] | 0x20) == (key[0] | 0x20)) &&
                strlen(f->sections[s].code) == (size_t)(dash - key) &&
                strncasecmp(f->sections[s].code, key, (size_t)(dash - key)) == 0)
                break;
        if (dash && s < f->section_count) {
            counts[s]++;
            continue;
        }
        add(c, KAIJI_SEVERITY_WARNING, "unexpected-item", doc->items[i].id,
            doc->items[i].location, _("%s is in no section of the MDS2 form %s"),
            item_label(lab, sizeof(lab), &doc->items[i]), f->form_version);
    }
    for (size_t s = 0; s < f->section_count; s++) {
        const kaiji_cat_section *sec = &f->sections[s];
        if (sec->free_text || sec->count < 0)
            continue;
        if (sec->name)
            snprintf(name, sizeof(name), "%s (%s)", sec->code, sec->name);
        else
            snprintf(name, sizeof(name), "%s", sec->code);
        cut_utf8(name);
        if (counts[s] == 0)
            add(c, missing_item_severity[f->catalog->certainty], "missing-item", sec->code,
                NULL, dngettext(KAIJI_TEXTDOMAIN, "section %s is missing: the form has %d question there",
                                "section %s is missing: the form has %d questions there",
                                (unsigned long)sec->count), name, sec->count);
        else if (counts[s] < sec->count)
            add(c, missing_item_severity[f->catalog->certainty], "missing-item", sec->code,
                NULL, _("section %s has %d of the form's %d questions"), name, counts[s],
                sec->count);
        else if (counts[s] > sec->count)
            add(c, KAIJI_SEVERITY_WARNING, "unexpected-item", sec->code, NULL,
                _("section %s has %d questions; the form has %d"), name, counts[s], sec->count);
    }
    free(counts);
}

static void check_completeness(vctx *c)
{
    if (!c->form)
        return;
    if (c->form->item_count)
        check_item_list(c);
    else if (c->form->section_count)
        check_section_counts(c);
}

/* A checklist edition whose item list kaiji does not know (R8 before the
 * official workbook is imported): every item was checked, but not whether
 * one is missing or extra. */
static void check_item_list_known(vctx *c)
{
    char name[160];
    if (!c->form || c->form->item_count || c->form->section_count || !is_checklist(c->doc->kind))
        return;
    add(c, KAIJI_SEVERITY_INFO, "item-list-unknown", NULL, NULL,
        _("kaiji does not know the items of %s: every item of the document was checked, but "
        "whether one is missing or extra needs the official workbook (kaiji catalog import)"),
        form_name(name, sizeof name, c->form));
}

/* true when it answers いいえ, for itself or for one of its targets. */
static bool says_no(const kaiji_item *it)
{
    if (it->answer == KAIJI_ANSWER_NO)
        return true;
    for (size_t t = 0; t < it->target_count && t < KAIJI_MAX_TARGETS; t++)
        if (it->targets[t].answer == KAIJI_ANSWER_NO)
            return true;
    return false;
}

/*
 * The target guideline's annex of MDS/SDS items (7.0: 保守委託機関編【別紙】):
 * an いいえ to a listed item is a warning (the hospital must assess the risk
 * and explain it); with an empty list, every いいえ is noted as info.
 */
static void check_annex(vctx *c)
{
    const kaiji_catalog *ax = c->annex;
    kaiji_document *doc = c->doc;
    char lab[QUOTE_MAX + 64];
    if (!ax || (doc->kind != KAIJI_KIND_MDS && doc->kind != KAIJI_KIND_SDS))
        return;
    const char **list = doc->kind == KAIJI_KIND_MDS ? ax->annex_mds : ax->annex_sds;
    size_t n = doc->kind == KAIJI_KIND_MDS ? ax->annex_mds_count : ax->annex_sds_count;
    for (size_t i = 0; i < doc->item_count && c->rc == KAIJI_OK; i++) {
        const kaiji_item *it = &doc->items[i];
        bool listed = false;
        if (!says_no(it))
            continue;
        for (size_t k = 0; k < n && !listed; k++)
            listed = c->keys[i][0] && strcmp(list[k], c->keys[i]) == 0;
        if (listed)
            add(c, KAIJI_SEVERITY_WARNING, "annex-item-no", it->id, it->location,
                _("%s says いいえ, and guideline %s lists it in its annex of MDS/SDS items "
                "(保守委託機関編【別紙】): assess the risk and be able to explain it at the "
                "inspection (10章)"), item_label(lab, sizeof lab, it), ax->guideline);
        else if (n == 0)
            add(c, KAIJI_SEVERITY_INFO, "annex-item-no", it->id, it->location,
                _("%s says いいえ: guideline %s (保守委託機関編 10章) asks for a risk assessment "
                "you can explain at the inspection when the item is in its annex of MDS/SDS "
                "items; kaiji has no list of them (give one with --profile FILE)"),
                item_label(lab, sizeof lab, it), ax->guideline);
    }
}

/* ---- no item table ---------------------------------------------------- */

/* no-items is an ERROR: a form kaiji knows in which no item table was found
 * has had none of its items checked, so it is never valid. */
static void check_has_items(vctx *c)
{
    if (c->doc->item_count == 0)
        add(c, KAIJI_SEVERITY_ERROR, "no-items", NULL, NULL,
            _("no item table was found in the %s: nothing in it was checked"),
            _(kind_label[c->doc->kind]));
}

/* ---- entry ------------------------------------------------------------ */

static void set_status(kaiji_document *doc, bool outdated)
{
    bool error = false;
    for (size_t i = 0; i < doc->finding_count; i++)
        if (doc->findings[i].severity == KAIJI_SEVERITY_ERROR)
            error = true;
    if (!doc->readable)
        doc->status = KAIJI_STATUS_UNREADABLE;
    else if (error)
        doc->status = KAIJI_STATUS_INVALID;
    else if (outdated)
        doc->status = KAIJI_STATUS_OUTDATED;
    else
        doc->status = KAIJI_STATUS_VALID;
    doc->validated = true;
}

int kaiji_validate(kaiji_document *doc, const kaiji_validate_options *opts)
{
    vctx c = {0};
    char *target = NULL;

    if (!doc || !opts || !opts->catalogs || doc->validated)
        return KAIJI_ERROR_INVALID;
    c.doc = doc;
    c.cats = opts->catalogs;
    c.as_of = opts->as_of.year ? opts->as_of : kaiji_date_today();
    c.dates = opts->wareki ? KAIJI_DATE_WAREKI : KAIJI_DATE_LOCALE;
    if (opts->target_guideline && kaiji_text_guideline(opts->target_guideline, &target))
        c.target = target;
    else
        c.target = opts->target_guideline && *opts->target_guideline ? opts->target_guideline
                                                                     : "6.0";
    c.fiscal_year = kaiji_text_fiscal_year(c.as_of);
    c.annex = kaiji_catalogs_annex(c.cats, c.target);

    if (!doc->readable) {
        set_status(doc, false);
        free(target);
        return KAIJI_OK;
    }
    if (doc->kind <= KAIJI_KIND_UNKNOWN || doc->kind >= KAIJI_KIND__COUNT) {
        add(&c, KAIJI_SEVERITY_ERROR, "unknown-form", NULL, NULL,
            _("not a form kaiji knows: expected a JAHIS MDS or SDS, an MHLW checklist "
            "(事業者確認用 / 医療機関確認用) or an MDS2 form"));
        goto done;
    }

    switch (doc->kind) {
    case KAIJI_KIND_VENDOR_CHECKLIST:
    case KAIJI_KIND_HOSPITAL_CHECKLIST:
        check_checklist_version(&c);
        break;
    case KAIJI_KIND_MDS:
    case KAIJI_KIND_SDS:
        check_mds_version(&c);
        break;
    default:
        check_mds2_version(&c);
        break;
    }
    check_stated_guideline(&c, c.outdated);
    if (c.rc != KAIJI_OK)
        goto done;
    check_has_items(&c);
    check_header(&c);
    if (c.rc == KAIJI_OK && (c.rc = resolve_keys(&c)) == KAIJI_OK) {
        check_items(&c);
        if (c.rc == KAIJI_OK)
            check_completeness(&c);
        if (c.rc == KAIJI_OK)
            check_item_list_known(&c);
        if (c.rc == KAIJI_OK)
            check_annex(&c);
    }
done:
    free_keys(&c);
    free(target);
    if (c.rc != KAIJI_OK)
        return c.rc;
    set_status(doc, c.outdated);
    return KAIJI_OK;
}
