/*
 * model/names.c - the stable names of the model's enumerations, as they
 * appear in JSON, CSV and the exchange format, and the error strings.
 */
#include <string.h>

#include "kaiji/common.h"
#include "kaiji/document.h"
#include "model/i18n.h"

static const char *const kind_names[KAIJI_KIND__COUNT] = {
    "unknown", "mds", "sds", "vendor-checklist", "hospital-checklist", "mds2",
};
static const char *const format_names[KAIJI_FORMAT__COUNT] = {
    "unknown", "xlsx", "spreadsheetml-2003", "kaiji-xml", "kaiji-json",
    "mds2-xml", "xls", "ods",
};
static const char *const answer_names[KAIJI_ANSWER__COUNT] = {
    "blank", "yes", "no", "na", "see-note", "invalid",
};
static const char *const field_names[KAIJI_FIELD__COUNT] = {
    "vendor", "product", "product_version", "document_date",
    "form_version", "guideline", "contract", "contact",
};
static const char *const error_strings[KAIJI_ERROR__COUNT] = {
    N_("no error"),
    N_("out of memory"),
    N_("input/output error"),
    N_("invalid argument"),
    N_("not found"),
    N_("malformed catalog"),
    N_("unreadable input"),
};

/* The index of name in names[0..count), or -1. */
static int lookup(const char *const *names, int count, const char *name)
{
    if (!name)
        return -1;
    for (int i = 0; i < count; i++)
        if (strcmp(names[i], name) == 0)
            return i;
    return -1;
}

const char *kaiji_kind_name(kaiji_kind kind)
{
    return (unsigned)kind < KAIJI_KIND__COUNT ? kind_names[kind] : "unknown";
}

kaiji_kind kaiji_kind_from_name(const char *name)
{
    int i = lookup(kind_names, KAIJI_KIND__COUNT, name);
    return i < 0 ? KAIJI_KIND_UNKNOWN : (kaiji_kind)i;
}

const char *kaiji_format_name(kaiji_format format)
{
    return (unsigned)format < KAIJI_FORMAT__COUNT ? format_names[format] : "unknown";
}

const char *kaiji_answer_name(kaiji_answer answer)
{
    return (unsigned)answer < KAIJI_ANSWER__COUNT ? answer_names[answer] : "invalid";
}

kaiji_answer kaiji_answer_from_name(const char *name)
{
    int i = lookup(answer_names, KAIJI_ANSWER__COUNT, name);
    return i < 0 ? KAIJI_ANSWER_INVALID : (kaiji_answer)i;
}

const char *kaiji_field_name(kaiji_field field)
{
    return (unsigned)field < KAIJI_FIELD__COUNT ? field_names[field] : "";
}

kaiji_field kaiji_field_from_name(const char *name)
{
    int i = lookup(field_names, KAIJI_FIELD__COUNT, name);
    return i < 0 ? KAIJI_FIELD__COUNT : (kaiji_field)i;
}

const char *kaiji_severity_name(kaiji_severity severity)
{
    switch (severity) {
    case KAIJI_SEVERITY_INFO: return "info";
    case KAIJI_SEVERITY_WARNING: return "warning";
    case KAIJI_SEVERITY_ERROR: return "error";
    }
    return "error";
}

const char *kaiji_status_name(kaiji_status status)
{
    switch (status) {
    case KAIJI_STATUS_UNCHECKED: return "unchecked";
    case KAIJI_STATUS_VALID: return "valid";
    case KAIJI_STATUS_OUTDATED: return "outdated";
    case KAIJI_STATUS_INVALID: return "invalid";
    case KAIJI_STATUS_UNREADABLE: return "unreadable";
    }
    return "unchecked";
}

const char *kaiji_strerror(kaiji_error err)
{
    return (unsigned)err < KAIJI_ERROR__COUNT ? _(error_strings[err]) : _("unknown error");
}

const char *kaiji_version(void)
{
    return KAIJI_VERSION_STRING;
}

void kaiji_limits_init(kaiji_limits *limits)
{
    limits->max_part_size = 256ull << 20;
    limits->max_total_size = 1ull << 30;
    limits->max_ratio = 200;
    limits->ratio_min_size = 1ull << 20;
    limits->max_file_size = 256ull << 20;
    limits->max_json_depth = 64;
    limits->max_zip_entries = 10000;
    limits->max_cells = 20000000;
}
