/*
 * cli/checklist.c - kaiji checklist draft: the hospital's own 医療機関確認用
 * checklist, filled from the vendor checklists in the store, as a workbook
 * that kaiji itself reads back as a hospital checklist.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/store_cli.h"
#include "report/checklist.h"
#include "report/xlsx.h"
#include "model/i18n.h"
#include "text/text.h"

/* How many findings of the read-back check are shown. */
#define SHOWN_FINDINGS 10

/* Parses "ID=はい" / "ID=いいえ" (or yes / no) into ov (ID borrowed from arg,
 * which is cut at the '='). */
static bool parse_answer(char *arg, kaiji_draft_override *ov)
{
    char *eq = strchr(arg, '=');
    if (!eq || eq == arg)
        return false;
    *eq = '\0';
    ov->item = arg;
    const char *a = eq + 1;
    if (strcmp(a, "はい") == 0 || strcmp(a, "yes") == 0)
        ov->answer = KAIJI_ANSWER_YES;
    else if (strcmp(a, "いいえ") == 0 || strcmp(a, "no") == 0)
        ov->answer = KAIJI_ANSWER_NO;
    else
        return false;
    return true;
}

/* Parses "ID=YYYY-MM-DD" into ov. */
static bool parse_target_date(char *arg, kaiji_draft_override *ov)
{
    char *eq = strchr(arg, '=');
    if (!eq || eq == arg)
        return false;
    *eq = '\0';
    ov->item = arg;
    return cli_parse_date(eq + 1, &ov->target_date);
}

/* What the draft leaves to the hospital, and which checklists it rests on. */
static void print_summary(const kaiji_checklist_draft *d)
{
    char date[KAIJI_DATE_SHOW_MAX];
    size_t used = 0;
    for (size_t i = 0; i < d->source_count; i++)
        used += d->sources[i].used;
    printf(_("医療機関確認用 %s as of %s: from %zu vendor checklist%s; %zu contract%s handle%s "
           "patient data\n"),
           d->edition, kaiji_text_date_show(date, sizeof date, d->as_of, KAIJI_DATE_LOCALE), used, used == 1 ? "" : "s",
           d->patient_contracts, d->patient_contracts == 1 ? "" : "s",
           d->patient_contracts == 1 ? "s" : "");
    if (d->current_edition)
        printf(_("  note: the current edition is %s, but the items of its 医療機関確認用 form "
               "are not known: this draft is on %s; import the official workbook with "
               "'kaiji catalog import' and pass its folder with --catalog\n"),
               d->current_edition, d->edition);
    for (size_t i = 0; i < d->source_count; i++) {
        const kaiji_draft_source *s = &d->sources[i];
        if (!s->used)
            printf(_("  not used: %s %s: %s\n"), s->contract, s->path, s->reason);
        else if (s->status != KAIJI_STATUS_VALID)
            printf(_("  used, but %s: %s %s\n"), cli_status_word(s->status), s->contract,
                   s->path);
    }
    for (size_t i = 0; i < d->without_count; i++)
        printf(_("  no vendor checklist: %s\n"), d->without_checklist[i]);
    if (!d->patient_contracts) {
        printf(_("  no active contract handles patient data: item 0 is いいえ, and the rest of "
               "the sheet is not needed\n"));
        return;
    }
    for (size_t i = 0; i < d->item_count; i++) {
        const kaiji_draft_item *it = &d->items[i];
        if (it->answer == KAIJI_ANSWER_NO && strcmp(it->id, "0") != 0)
            if (kaiji_date_valid(it->target_date))
                printf(_("  %s いいえ, 目標日 %s\n"), it->id,
                       kaiji_text_date_show(date, sizeof date, it->target_date,
                                            KAIJI_DATE_LOCALE));
            else
                printf(_("  %s いいえ without a 目標日: ask the vendor, or give one with "
                         "--target-date ID=DATE\n"),
                       it->id);
        else if (it->answer == KAIJI_ANSWER_BLANK)
            printf(_("  %s left blank: no vendor answers it; answer it with --answer ID=はい|いいえ\n"),
                   it->id);
    }
}

/*
 * Reads the written draft back and validates it as of the draft's date;
 * prints the result.  Returns EXIT_OK when it is a valid hospital checklist,
 * EXIT_FINDINGS otherwise, EXIT_FAILURE_ when memory runs out.
 */
static int read_back(const char *path, const kaiji_checklist_draft *d,
                     const kaiji_catalogs *cats, const char *target)
{
    kaiji_document *doc = NULL;
    kaiji_read_options ro;
    kaiji_validate_options vo;
    int status = EXIT_FAILURE_;

    kaiji_read_options_init(&ro);
    ro.catalogs = cats;
    if (kaiji_read_file(&doc, path, &ro) == KAIJI_ERROR_NOMEM || !doc)
        goto done;
    kaiji_validate_options_init(&vo);
    vo.catalogs = cats;
    vo.target_guideline = target;
    vo.as_of = d->as_of;
    if (kaiji_validate(doc, &vo) != KAIJI_OK)
        goto done;
    printf(_("read back: %s %s %s\n"), cli_kind_word(kaiji_document_kind(doc)),
           kaiji_document_form_version(doc), cli_status_word(kaiji_document_status(doc)));
    size_t shown = 0, errors = 0;
    for (size_t i = 0; i < kaiji_document_finding_count(doc); i++) {
        const kaiji_finding *f = kaiji_document_finding(doc, i);
        if (kaiji_finding_severity(f) != KAIJI_SEVERITY_ERROR)
            continue;
        if (++errors <= SHOWN_FINDINGS) {
            printf("  - %s\n", kaiji_finding_message(f));
            shown++;
        }
    }
    if (errors > shown)
        printf(_("  - and %zu more\n"), errors - shown);
    /* A draft made on an older edition (the current one's items unknown) is
     * outdated by construction, as the note above says. */
    kaiji_status st = kaiji_document_status(doc);
    status = kaiji_document_kind(doc) == KAIJI_KIND_HOSPITAL_CHECKLIST &&
                     (st == KAIJI_STATUS_VALID ||
                      (st == KAIJI_STATUS_OUTDATED && d->current_edition))
                 ? EXIT_OK
                 : EXIT_FINDINGS;
done:
    if (status == EXIT_FAILURE_)
        cli_error(_("cannot read the draft back: out of memory"));
    kaiji_document_free(doc);
    return status;
}

int cli_checklist(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"db", required_argument, NULL, 'D'},
        {"as-of", required_argument, NULL, 'd'},
        {"output", required_argument, NULL, 'o'},
        {"org", required_argument, NULL, 'O'},
        {"answer", required_argument, NULL, 'a'},
        {"target-date", required_argument, NULL, 't'},
        {"catalog", required_argument, NULL, 'c'},
        {"target-guideline", required_argument, NULL, 'g'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *db = NULL, *catalog_dir = NULL, *target_opt = NULL, *output = NULL, *org = NULL;
    char target[CLI_GUIDELINE_MAX];
    char default_name[64], *err = NULL;
    kaiji_draft_override *ovs = NULL;
    size_t ov_count = 0;
    kaiji_date as_of = {0, 0, 0};
    kaiji_catalogs *cats = NULL;
    kaiji_store *st = NULL;
    kaiji_checklist_draft *draft = NULL;
    int opt, rc, status = EXIT_FAILURE_;

    if (argc < 2 || strcmp(argv[1], "draft") != 0) {
        if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
            cli_print_help(cli_find_command("checklist"));
            return EXIT_OK;
        }
        cli_error(_("checklist: say 'draft' (kaiji checklist draft [OPTION]...)"));
        return EXIT_USAGE;
    }
    if (!(ovs = calloc((size_t)argc, sizeof *ovs))) {
        cli_error(_("out of memory"));
        return EXIT_FAILURE_;
    }
    argc--;
    argv++;
    optind = 0; /* a full reset of getopt, GNU extensions included */
    while ((opt = getopt_long(argc, argv, "D:d:o:a:t:c:g:h", longopts, NULL)) != -1) {
        switch (opt) {
        case 'D': db = optarg; break;
        case 'o': output = optarg; break;
        case 'O': org = optarg; break;
        case 'c': catalog_dir = optarg; break;
        case 'g': target_opt = optarg; break;
        case 'd':
            if (!cli_date_option("--as-of", optarg, &as_of)) {
                status = EXIT_USAGE;
                goto done;
            }
            break;
        case 'a':
            if (!parse_answer(optarg, &ovs[ov_count++])) {
                cli_error(_("--answer '%s' is not ID=はい or ID=いいえ"), optarg);
                status = EXIT_USAGE;
                goto done;
            }
            break;
        case 't':
            if (!parse_target_date(optarg, &ovs[ov_count++])) {
                cli_error(_("--target-date '%s' is not ID=YYYY-MM-DD"), optarg);
                status = EXIT_USAGE;
                goto done;
            }
            break;
        case 'h':
            cli_print_help(cli_find_command("checklist"));
            status = EXIT_OK;
            goto done;
        default: status = EXIT_USAGE; goto done;
        }
    }
    if (optind != argc) {
        cli_error(_("checklist draft takes no file: '%s' (the output is -o FILE)"), argv[optind]);
        status = EXIT_USAGE;
        goto done;
    }
    if ((status = cli_open_for_store(&cats, &st, target, catalog_dir, target_opt, db)) != EXIT_OK)
        goto done;
    status = EXIT_FAILURE_;
    kaiji_draft_options o = {cats, target, as_of, org, ovs, ov_count};
    /* One transaction: a consistent view even while another command writes. */
    if (kaiji_store_begin(st) != KAIJI_OK) {
        cli_error("%s", kaiji_store_errmsg(st));
        goto done;
    }
    rc = kaiji_checklist_draft_make(&draft, st, &o, &err);
    kaiji_store_rollback(st);
    if (rc != KAIJI_OK) {
        cli_error("%s", rc == KAIJI_ERROR_NOMEM ? _("out of memory")
                        : err                  ? err
                                               : _("cannot make the draft"));
        status = rc == KAIJI_ERROR_NOT_FOUND ? EXIT_USAGE : EXIT_FAILURE_;
        goto done;
    }
    if (!output) {
        char date[11];
        snprintf(default_name, sizeof default_name, "kaiji-checklist-%s-%s.xlsx", draft->edition,
                 kaiji_date_format(date, draft->as_of));
        output = default_name;
    }
    if (!cli_output_ok(output)) {
        status = EXIT_USAGE;
        goto done;
    }
    if ((rc = kaiji_xlsx_write_checklist(output, draft)) != KAIJI_OK) {
        cli_error(_("cannot write %s: %s"), output, kaiji_strerror(rc));
        goto done;
    }
    printf(_("wrote %s\n"), output);
    print_summary(draft);
    status = read_back(output, draft, cats, target);

done:
    if (fflush(stdout) != 0 && status != EXIT_FAILURE_) {
        cli_error(_("cannot write the output"));
        status = EXIT_FAILURE_;
    }
    free(err);
    free(ovs);
    kaiji_checklist_draft_free(draft);
    kaiji_store_free(st);
    kaiji_catalogs_free(cats);
    return status;
}
