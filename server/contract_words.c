/*
 * server/contract_words.c - a contract's changes in the words of the page
 * (server/internal.h), as the register's history and the audit log keep
 * them: the field's code ("patient_data") as its name, each value in words
 * ("yes" as held, "mds+sds" as the documents' names, a date in the page's
 * style, 和暦 in Japanese).  The contract's page (its history), the
 * register's import and edit pages and the audit page all show them so.
 */
#include <stdio.h>
#include <string.h>

#include "base/base.h"
#include "base/buf.h"
#include "kaiji/store.h"
#include "model/i18n.h"
#include "report/words.h"
#include "server/internal.h"
#include "text/text.h"

/* The words of the register's fields, as the history names them. */
static const struct {
    const char *field, *word;
} field_words[] = {
    {"vendor", N_("Vendor")},        {"email", N_("Contact e-mail")},
    {"system", N_("System")},        {"product", N_("Product")},
    {"type", N_("Contract type")},   {"patient_data", N_("Patient data")},
    {"required", N_("Required documents")}, {"requested", N_("Requested")},
    {"due", N_("Due")},              {"url", N_("Vendor's download address")},
};

const char *srv_field_word(const char *field)
{
    for (size_t i = 0; i < sizeof field_words / sizeof field_words[0]; i++)
        if (strcmp(field, field_words[i].field) == 0)
            return _(field_words[i].word);
    return NULL;
}

void srv_field_value_words(kaiji_buf *b, const char *field, const char *v, size_t len)
{
    kaiji_date d = {0, 0, 0};
    char day[KAIJI_DATE_SHOW_MAX];
    if (len == 0 || (len == 6 && strncmp(v, "(none)", 6) == 0)) {
        kaiji_buf_puts(b, _("(none)"));
    } else if (strcmp(field, "patient_data") == 0 && len == 3 && strncmp(v, "yes", 3) == 0) {
        kaiji_buf_puts(b, C_("patient data", "held"));
    } else if (strcmp(field, "patient_data") == 0 && len == 2 && strncmp(v, "no", 2) == 0) {
        kaiji_buf_puts(b, C_("patient data", "not held"));
    } else if ((strcmp(field, "due") == 0 || strcmp(field, "requested") == 0) && len == 10 &&
               sscanf(v, "%4d-%2d-%2d", &d.year, &d.month, &d.day) == 3 && kaiji_date_valid(d)) {
        kaiji_buf_puts(b, kaiji_text_date_show(day, sizeof day, d, srv_date_style()));
    } else if (strcmp(field, "required") == 0) {
        /* "mds+sds+checklist" */
        bool first = true;
        for (const char *p = v; p < v + len;) {
            size_t n = strcspn(p, "+");
            if (n > (size_t)(v + len - p))
                n = (size_t)(v + len - p);
            const char *word = NULL;
            for (unsigned t = KAIJI_DOC_MDS; t <= KAIJI_DOC_CHECKLIST; t <<= 1)
                if (strlen(kaiji_doc_type_name(t)) == n &&
                    strncmp(kaiji_doc_type_name(t), p, n) == 0)
                    word = kaiji_word_doc_type(t);
            if (!first)
                kaiji_buf_puts(b, C_("list separator", ", "));
            if (word)
                kaiji_buf_puts(b, word);
            else
                kaiji_buf_append(b, p, n);
            first = false;
            p += n + (p + n < v + len);
        }
    } else {
        kaiji_buf_append(b, v, len);
    }
}

bool srv_contract_changes_words(kaiji_buf *b, const char *detail)
{
    static const char arrow[] = " → ";
    size_t start = b->len;
    for (const char *p = detail; *p;) {
        const char *end = strstr(p, "; ");
        size_t len = end ? (size_t)(end - p) : strlen(p);
        const char *colon = memchr(p, ':', len);
        char field[32];
        const char *word;
        if (!colon || (size_t)(colon - p) >= sizeof field || colon[1] != ' ')
            goto other;
        memcpy(field, p, (size_t)(colon - p));
        field[colon - p] = '\0';
        if (!(word = srv_field_word(field)))
            goto other;
        const char *o = colon + 2, *mark = NULL;
        for (const char *q = o; q < p + len && (q = strstr(q, arrow)) && q < p + len; q++)
            mark = q;
        if (!mark)
            goto other;
        if (p != detail)
            kaiji_buf_puts(b, C_("list separator", ", "));
        kaiji_buf_printf(b, C_("field and value", "%s: "), word);
        srv_field_value_words(b, field, o, (size_t)(mark - o));
        kaiji_buf_puts(b, arrow);
        const char *n = mark + strlen(arrow);
        srv_field_value_words(b, field, n, (size_t)(p + len - n));
        p += len;
        if (*p)
            p += 2;
    }
    return true;
other:
    b->len = start; /* what was written of it taken back */
    if (b->data)
        b->data[start] = '\0';
    return false;
}
