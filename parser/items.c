/*
 * parser/items.c - emitting the items: each candidate row of the form's
 * item table becomes an item of the document (its ID, section, question,
 * where its answer is), with its answer read from the answer, target or
 * per-choice columns and the ovals over them, its remarks, its target date
 * and confirmation dates; a row without an ID sets the section.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parser/recognize_internal.h"
#include "text/text.h"

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

/* s trimmed (as kaiji_text_trim() cuts it), in the document's arena. */
static const char *trimmed_copy(rec *r, const char *s)
{
    size_t start, end;

    if (!s)
        s = "";
    end = kaiji_text_trim_range(s, strlen(s), &start);
    return kaiji_arena_strndup(r->doc->arena, s + start, end - start);
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
        v = kaiji_rec_spec_value(s, t->choices[i], row);
        if (!v || v->type != KAIJI_CELL_STRING ||
            kaiji_rec_text_answer(r, v->text) != c->lab.answer)
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
        if ((printed || !kaiji_rec_spec_value(s, t->choices[i], row)) &&
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
        const kaiji_cell *v = kaiji_rec_spec_value(s, t->remarks[i], row);
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

    if ((rc = kaiji_rec_row_ovals(r, s, row, &marks)) != KAIJI_OK)
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
            return kaiji_rec_set_answer(r, item, text);
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
            if ((rc = kaiji_rec_add_target(r, item, target, text)) != KAIJI_OK)
                return rc;
            if (item->target_count)
                item->targets[item->target_count - 1].answer = a;
        }
        aggregate_targets(r, item);
        return KAIJI_OK;
    }
    if (t->ntargets) {
        const colspec *first = &t->cols[t->targets[0]];
        const kaiji_range *m = kaiji_rec_merge_find(&s->mi, s->sheet, row, first->c1);

        if (m && t->ntargets >= 2 && m->col2 >= t->cols[t->targets[1]].c1) {
            /* one answer in cells across the targets */
            text = kaiji_rec_span_answer(r, s, &marks, row, first->c1,
                                         t->cols[t->targets[t->ntargets - 1]].c2);
            return text ? kaiji_rec_set_answer(r, item, text)
                        : KAIJI_ERROR_NOMEM;
        }
        for (i = 0; i < t->ntargets; i++) {
            const colspec *c = &t->cols[t->targets[i]];

            text = kaiji_rec_span_answer(r, s, &marks, row, c->c1, c->c2);
            if (!text)
                return KAIJI_ERROR_NOMEM;
            if (!*text)
                continue;
            rc = kaiji_rec_add_target(r, item, c->lab.name, text);
            if (rc != KAIJI_OK)
                return rc;
        }
        aggregate_targets(r, item);
        return KAIJI_OK;
    }
    if (t->answer >= 0) {
        text = kaiji_rec_span_answer(r, s, &marks, row, t->cols[t->answer].c1,
                                     t->cols[t->answer].c2);
        return text ? kaiji_rec_set_answer(r, item, text) : KAIJI_ERROR_NOMEM;
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

    return kaiji_rec_location(r, s->sheet, row, t->cols[spec].c1);
}

static int fill_dates(rec *r, const sheet_scan *s, kaiji_item *item, uint32_t row)
{
    const table *t = &s->tab;
    size_t i;

    if (t->target_date >= 0) {
        const kaiji_cell *v = kaiji_rec_spec_value(s, t->target_date, row);

        if (v) {
            item->target_date_text = trimmed_copy(r, v->text);
            if (!item->target_date_text)
                return KAIJI_ERROR_NOMEM;
            kaiji_rec_cell_date(r->wb, v, &item->target_date);
        }
    }
    item->confirmation_count = t->nconf;
    for (i = 0; i < t->nconf; i++) {
        const kaiji_cell *v = t->conf[i] >= 0 ? kaiji_rec_spec_value(s, t->conf[i], row) : NULL;

        item->confirmation_texts[i] = v ? trimmed_copy(r, v->text) : "";
        if (!item->confirmation_texts[i])
            return KAIJI_ERROR_NOMEM;
        if (v)
            kaiji_rec_cell_date(r->wb, v, &item->confirmations[i]);
    }
    return KAIJI_OK;
}

int kaiji_rec_emit_items(rec *r, const sheet_scan *s)
{
    const table *t = &s->tab;
    const char *section = "";
    size_t k;
    int rc;

    /* at most one item a candidate with an ID */
    if ((rc = kaiji_document_reserve_items(r->doc, s->items)) != KAIJI_OK)
        return rc;
    for (k = 0; k < s->ncands; k++) {
        const cand *c = &s->cands[k];
        const kaiji_cell *q = kaiji_rec_spec_value(s, t->question, c->row);
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

                if (kaiji_rec_extends(c->id, s->cands[j].id, &paren) && (paren || !c->answered)) {
                    section = trimmed_copy(r, q ? q->text : c->id);
                    if (!section)
                        return KAIJI_ERROR_NOMEM;
                    continue;
                }
            }
        }
        if (t->section >= 0) {
            const kaiji_cell *v = kaiji_rec_spec_value(s, t->section, c->row);

            if (v && !(section = trimmed_copy(r, v->text)))
                return KAIJI_ERROR_NOMEM;
        }
        item = kaiji_document_add_item(r->doc);
        if (!item)
            return KAIJI_ERROR_NOMEM;
        item->id = kaiji_arena_strdup(r->doc->arena, c->id);
        if (c->cls == ID_MDS2)
            item->section = kaiji_arena_strndup(r->doc->arena, c->id, kaiji_rec_count_upper(c->id));
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
            const kaiji_cell *v = t->answer >= 0 ? kaiji_rec_spec_value(s, t->answer, c->row)
                                                 : NULL;

            if (f != KAIJI_FIELD__COUNT && v &&
                (rc = kaiji_rec_set_field(r, f, v->text, item->location, v)) != KAIJI_OK)
                return rc;
        }
    }
    return KAIJI_OK;
}
