/*
 * cli/status.c - kaiji status: contract by contract, which disclosures the
 * hospital holds and what is still owed, as of a date.
 */
#include <cjson/cJSON.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/output.h"
#include "cli/store_cli.h"
#include "report/xlsx.h"
#include "report/html.h"
#include "model/i18n.h"
#include "text/text.h"

/* The register's system, else its product. */
static const char *system_of(const kaiji_contract *c)
{
    return c->system[0] ? c->system : c->product;
}

/* How many findings of a document the text output shows. */
#define TEXT_FINDINGS 3

/* true when d is owed: missing, outdated or invalid. */
static bool owed(const kaiji_status_contract *c, const kaiji_status_document *d)
{
    return (c->owes & d->type) != 0;
}

static void print_text(const kaiji_status_report *r, bool wareki, bool owing)
{
    char date[KAIJI_DATE_SHOW_MAX];
    kaiji_date_style style = wareki ? KAIJI_DATE_WAREKI : KAIJI_DATE_LOCALE;
    printf(_("Status as of %s: %zu contract%s\n"),
           kaiji_text_date_show(date, sizeof date, r->as_of, style), r->count,
           r->count == 1 ? "" : "s");
    for (int s = 0; s < KAIJI_CONTRACT__COUNT; s++)
        printf("%s%s %zu", s ? C_("list separator", ", ") : "  ",
               cli_contract_state_word((kaiji_contract_state)s),
               r->summary[s]);
    printf("\n");
    printf(_("  owing a document (missing, outdated or invalid): %zu\n"), r->owing);
    if (owing && r->count == 0)
        printf(_("No contract owes a document.\n"));
    for (size_t i = 0; i < r->count; i++) {
        const kaiji_status_contract *c = &r->contracts[i];
        printf("\n%s  %s  %s / %s", c->contract.id, cli_contract_state_word(c->state),
               c->contract.vendor, system_of(&c->contract));
        if (kaiji_date_valid(c->contract.due))
            printf(_("  (due %s)"), kaiji_text_date_show(date, sizeof date, c->contract.due, style));
        if (c->overdue)
            printf(_("  %ld days overdue"), c->days_overdue);
        if (kaiji_date_valid(c->last_reminder))
            printf(_("  last reminder %s"),
                   kaiji_text_date_show(date, sizeof date, c->last_reminder, style));
        else if (c->owes)
            printf(_("  no reminder yet"));
        printf("\n");
        for (size_t j = 0; j < c->document_count; j++) {
            const kaiji_status_document *d = &c->documents[j];
            if (owing && !owed(c, d))
                continue;
            char form[CLI_FORM_WORD_MAX];
            if (d->present) /* the form as validate names it: Ver.5.0, 令和7年度版 */
                printf("  %s  %s  %s  %s%s%s", cli_doc_type_word(d->type),
                       cli_document_state_word(d->state), d->path, cli_status_word(d->status),
                       d->form_version[0] ? C_("list separator", ", ") : "",
                       d->form_version[0] ? cli_form_word(form, kaiji_kind_from_name(d->kind),
                                                          d->form_version)
                                          : "");
            else
                printf("  %s  %s", cli_doc_type_word(d->type), cli_document_state_word(d->state));
            printf("\n");
            if (d->previous_valid) {
                const kaiji_status_document *p = d->previous_valid;
                printf(_("               previous valid one: %s"), p->path);
                if (kaiji_date_valid(p->document_date))
                    printf(_(" (dated %s)"),
                           kaiji_text_date_show(date, sizeof date, p->document_date, style));
                printf("\n");
            }
            size_t shown = 0, worth = 0;
            for (size_t k = 0; k < d->finding_count; k++) {
                const kaiji_status_finding *f = &d->findings[k];
                if (f->severity == KAIJI_SEVERITY_INFO)
                    continue;
                if (d->status == KAIJI_STATUS_INVALID && f->severity != KAIJI_SEVERITY_ERROR)
                    continue;
                if (d->status == KAIJI_STATUS_VALID)
                    continue;
                worth++;
                if (shown < TEXT_FINDINGS) {
                    printf("               - %s\n", f->message);
                    shown++;
                }
            }
            if (worth > shown)
                printf(_("               - and %zu more\n"), worth - shown);
        }
    }
}

/* The facts of one submission into o: path, sha256, status, form version,
 * dates.  false when out of memory. */
static bool json_submission(cJSON *o, const kaiji_status_document *d)
{
    char date[11];
    return cJSON_AddStringToObject(o, "path", d->path) &&
           cJSON_AddStringToObject(o, "sha256", d->sha256) &&
           cJSON_AddStringToObject(o, "status", d->present ? kaiji_status_name(d->status) : "") &&
           cJSON_AddStringToObject(o, "form_version", d->form_version) &&
           cJSON_AddStringToObject(o, "document_date", kaiji_date_format(date, d->document_date)) &&
           cJSON_AddStringToObject(o, "received_at", d->received_at);
}

static int print_json(const kaiji_status_report *r)
{
    char date[11];
    cJSON *root = cJSON_CreateObject(), *summary, *contracts;
    char *text = NULL;
    if (!root || !cJSON_AddStringToObject(root, "as_of", kaiji_date_format(date, r->as_of)) ||
        !(summary = cJSON_AddObjectToObject(root, "summary")))
        goto error;
    for (int s = 0; s < KAIJI_CONTRACT__COUNT; s++)
        if (!cJSON_AddNumberToObject(summary, kaiji_contract_state_name((kaiji_contract_state)s),
                                     (double)r->summary[s]))
            goto error;
    if (!cJSON_AddNumberToObject(root, "owing", (double)r->owing) ||
        !(contracts = cJSON_AddArrayToObject(root, "contracts")))
        goto error;
    for (size_t i = 0; i < r->count; i++) {
        const kaiji_status_contract *c = &r->contracts[i];
        cJSON *o = cJSON_CreateObject(), *docs, *owes;
        if (!o || !cJSON_AddItemToArray(contracts, o) ||
            !cJSON_AddStringToObject(o, "id", c->contract.id) ||
            !cJSON_AddStringToObject(o, "vendor", c->contract.vendor) ||
            !cJSON_AddStringToObject(o, "system", system_of(&c->contract)) ||
            !cJSON_AddStringToObject(o, "state", kaiji_contract_state_name(c->state)) ||
            !cJSON_AddStringToObject(o, "due", kaiji_date_format(date, c->contract.due)) ||
            !cJSON_AddBoolToObject(o, "overdue", c->overdue) ||
            !cJSON_AddNumberToObject(o, "days_overdue", (double)c->days_overdue) ||
            !cJSON_AddStringToObject(o, "last_reminder",
                                     kaiji_date_format(date, c->last_reminder)) ||
            !(owes = cJSON_AddArrayToObject(o, "owes")) ||
            !(docs = cJSON_AddArrayToObject(o, "documents")))
            goto error;
        for (size_t j = 0; j < c->document_count; j++) {
            const kaiji_status_document *d = &c->documents[j];
            cJSON *e = cJSON_CreateObject(), *w;
            if (!e || !cJSON_AddItemToArray(docs, e) ||
                !cJSON_AddStringToObject(e, "type", kaiji_doc_type_name(d->type)) ||
                !cJSON_AddStringToObject(e, "state", d->state) || !json_submission(e, d))
                goto error;
            if (d->previous_valid) {
                cJSON *p = cJSON_AddObjectToObject(e, "previous_valid");
                if (!p || !json_submission(p, d->previous_valid))
                    goto error;
            } else if (!cJSON_AddNullToObject(e, "previous_valid")) {
                goto error;
            }
            if (!owed(c, d))
                continue;
            if (!(w = cJSON_CreateObject()) || !cJSON_AddItemToArray(owes, w) ||
                !cJSON_AddStringToObject(w, "type", kaiji_doc_type_name(d->type)) ||
                !cJSON_AddStringToObject(w, "reason", d->state))
                goto error;
        }
    }
    if (!(text = cJSON_Print(root)))
        goto error;
    fputs(text, cli_raw_stdout());
    fputc('\n', cli_raw_stdout());
    free(text);
    cJSON_Delete(root);
    return KAIJI_OK;
error:
    cJSON_Delete(root);
    return KAIJI_ERROR_NOMEM;
}

static void print_csv(FILE *out, const kaiji_status_report *r, bool owing)
{
    static const char *const header[] = {
        "contract", "vendor", "system", "contract_state", "due", "type", "state", "path",
        "sha256", "status", "form_version", "document_date", "received_at", "owed",
        "days_overdue", "last_reminder", "previous_valid_path", "previous_valid_sha256",
        "previous_valid_document_date"};
    const size_t ncols = sizeof header / sizeof header[0];
    char date[11], days[24];
    fputs(KAIJI_TEXT_BOM, out);
    for (size_t i = 0; i < ncols; i++)
        cli_csv_field(out, header[i], i + 1 == ncols);
    for (size_t i = 0; i < r->count; i++) {
        const kaiji_status_contract *c = &r->contracts[i];
        size_t rows = c->document_count ? c->document_count : 1;
        if (c->overdue)
            snprintf(days, sizeof days, "%ld", c->days_overdue);
        else
            days[0] = '\0';
        for (size_t j = 0; j < rows; j++) {
            const kaiji_status_document *d = c->document_count ? &c->documents[j] : NULL;
            const kaiji_status_document *p = d ? d->previous_valid : NULL;
            if (owing && d && !owed(c, d))
                continue;
            cli_csv_field(out, c->contract.id, false);
            cli_csv_field(out, c->contract.vendor, false);
            cli_csv_field(out, system_of(&c->contract), false);
            cli_csv_field(out, kaiji_contract_state_name(c->state), false);
            cli_csv_field(out, kaiji_date_format(date, c->contract.due), false);
            cli_csv_field(out, d ? kaiji_doc_type_name(d->type) : "", false);
            cli_csv_field(out, d ? d->state : "", false);
            cli_csv_field(out, d ? d->path : "", false);
            cli_csv_field(out, d ? d->sha256 : "", false);
            cli_csv_field(out, d && d->present ? kaiji_status_name(d->status) : "", false);
            cli_csv_field(out, d ? d->form_version : "", false);
            cli_csv_field(out, d ? kaiji_date_format(date, d->document_date) : "", false);
            cli_csv_field(out, d ? d->received_at : "", false);
            cli_csv_field(out, d && owed(c, d) ? "yes" : "no", false);
            cli_csv_field(out, days, false);
            cli_csv_field(out, kaiji_date_format(date, c->last_reminder), false);
            cli_csv_field(out, p ? p->path : "", false);
            cli_csv_field(out, p ? p->sha256 : "", false);
            cli_csv_field(out, p ? kaiji_date_format(date, p->document_date) : "", true);
        }
    }
}

/* What to do on a store with no contract: the first steps. */
static void print_how_to_begin(void)
{
    fputs(_("No contract is registered yet. To begin:\n"
            "  1. kaiji register template -o contracts.xlsx\n"
            "     writes a blank contract register; fill it in with Excel\n"
            "  2. kaiji register import contracts.xlsx\n"
            "     imports the contracts\n"
            "  3. kaiji ingest FOLDER\n"
            "     records the disclosures the vendors sent\n"
            "  4. kaiji status\n"
            "     shows who has sent what, and kaiji remind drafts the reminders\n"),
          stdout);
}

int cli_status(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"format", required_argument, NULL, 'f'},
        {"output", required_argument, NULL, 'o'},
        {"db", required_argument, NULL, 'D'},
        {"site", required_argument, NULL, CLI_OPT_SITE},
        {"as-of", required_argument, NULL, 'd'},
        {"catalog", required_argument, NULL, 'c'},
        {"target-guideline", required_argument, NULL, 'g'},
        {"wareki", no_argument, NULL, 'W'},
        {"owing", no_argument, NULL, 'O'},
        CLI_REPORT_LONGOPTS,
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *db = NULL, *catalog_dir = NULL, *target_opt = NULL, *format = "text";
    char target[CLI_GUIDELINE_MAX];
    kaiji_date as_of = {0, 0, 0};
    bool wareki = false, owing = false;
    cli_report rep = {0};
    kaiji_catalogs *cats = NULL;
    kaiji_store *st = NULL;
    kaiji_status_report *report = NULL;
    const char *out_path = NULL;
    char default_name[64];
    int opt, status = EXIT_FAILURE_;

    cli_getopt_reset();
    while ((opt = cli_getopt(argc, argv, "f:o:D:d:c:g:h", longopts)) != -1) {
        int common = cli_common_option(opt, optarg, "status", &db, &as_of);
        if (common == CLI_OPT_TAKEN)
            continue;
        if (common != CLI_OPT_OTHER)
            return common;
        switch (opt) {
        case 'f': format = optarg; break;
        case 'o': out_path = optarg; break;
        case 'c': catalog_dir = optarg; break;
        case 'g': target_opt = optarg; break;
        case 'W':
        case CLI_OPT_ORG:
        case CLI_OPT_AUTHOR:
        case CLI_OPT_REVIEWER:
        case CLI_OPT_DATES:
            if (!cli_report_option(&rep, opt, optarg))
                return EXIT_USAGE;
            break;
        case 'O': owing = true; break;
        default: return cli_usage_error("status");
        }
    }
    if (optind != argc) {
        cli_error(_("status takes no file: '%s'"), argv[optind]);
        return EXIT_USAGE;
    }
    if (strcmp(format, "text") != 0 && strcmp(format, "json") != 0 &&
        strcmp(format, "csv") != 0 && strcmp(format, "xlsx") != 0 && strcmp(format, "html") != 0) {
        cli_error(_("--format '%s' is not text, json, csv, html or xlsx"), format);
        return EXIT_USAGE;
    }
    if (!cli_report_finish(&rep))
        return EXIT_USAGE;
    /* The report follows the language (和暦 in Japanese); text only when asked. */
    wareki = strcmp(format, "html") == 0 ? cli_report_wareki(&rep) : rep.dates == CLI_DATES_WAREKI;
    if (out_path && strcmp(format, "xlsx") != 0) {
        cli_error(_("--output goes with --format xlsx"));
        return EXIT_USAGE;
    }
    if ((status = cli_open_for_store(&cats, &st, target, catalog_dir, target_opt, db, false)) != EXIT_OK)
        goto done;
    status = EXIT_FAILURE_;
    kaiji_status_options so;
    kaiji_status_options_init(&so);
    so.catalogs = cats;
    so.target_guideline = target;
    so.as_of = as_of;
    so.owing_only = owing;
    /* One transaction: a consistent view even while another command writes. */
    if (kaiji_store_begin(st) != KAIJI_OK || kaiji_store_status(&report, st, &so) != KAIJI_OK) {
        cli_error("%s", kaiji_store_errmsg(st));
        goto done;
    }
    kaiji_store_rollback(st);
    if (strcmp(format, "json") == 0) {
        if (print_json(report) != KAIJI_OK) {
            cli_error(_("out of memory"));
            goto done;
        }
    } else if (strcmp(format, "csv") == 0) {
        print_csv(cli_raw_stdout(), report, owing);
    } else if (strcmp(format, "xlsx") == 0) {
        /* A workbook is no text for a terminal: it goes to a file. */
        if (!out_path) {
            char date[11];
            snprintf(default_name, sizeof default_name, "kaiji-status-%s.xlsx",
                     kaiji_date_format(date, report->as_of));
            out_path = default_name;
        }
        if (!cli_output_ok(out_path)) {
            status = EXIT_USAGE;
            goto done;
        }
        kaiji_submission_details *details = NULL;
        int rc = kaiji_store_submission_details(&details, st, report);
        if (rc != KAIJI_OK) {
            cli_error("%s", rc == KAIJI_ERROR_NOMEM ? _("out of memory") : kaiji_store_errmsg(st));
            goto done;
        }
        rc = kaiji_xlsx_write_status(out_path, report, details, KAIJI_LANG_JA);
        kaiji_submission_details_free(details);
        if (rc != KAIJI_OK) {
            cli_xlsx_write_error(out_path, rc);
            goto done;
        }
        printf(_("wrote %s\n"), out_path);
    } else if (strcmp(format, "html") == 0) {
        kaiji_html_options ho;
        kaiji_html_options_init(&ho);
        ho.target_guideline = target;
        ho.data_dir = getenv("KAIJI_REPORT_DIR");
        ho.wareki = wareki;
        ho.organization = rep.organization;
        ho.author = rep.author;
        ho.reviewer = rep.reviewer;
        int rc = kaiji_html_status(cli_raw_stdout(), report, &ho);
        if (rc != KAIJI_OK) {
            cli_error(rc == KAIJI_ERROR_CATALOG
                          ? _("KAIJI_REPORT_DIR: its labels.json or report.css is malformed or unsafe")
                          : _("cannot write the HTML report"));
            goto done;
        }
    } else {
        print_text(report, wareki, owing);
        if (report->count == 0)
            print_how_to_begin();
    }
    status = report->owing == 0 ? EXIT_OK : EXIT_FINDINGS;

done:
    if ((fflush(stdout) != 0 || fflush(cli_raw_stdout()) != 0) && status != EXIT_FAILURE_) {
        cli_error(_("cannot write the output"));
        status = EXIT_FAILURE_;
    }
    kaiji_status_report_free(report);
    kaiji_store_free(st);
    kaiji_catalogs_free(cats);
    return status;
}
