/*
 * cli/checklist.c - kaiji checklist draft: the hospital's own 医療機関確認用
 * checklist, filled from the vendor checklists in the store, as a workbook
 * that kaiji itself reads back as a hospital checklist.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "cli/store_cli.h"
#include "base/base.h"
#include "report/checklist.h"
#include "model/i18n.h"
#include "text/text.h"

/* How many findings of the read-back check are shown. */
#define SHOWN_FINDINGS 10

/* Cuts arg "ID=VALUE" (or "ID＝VALUE", as an IME types it) at its equals
 * sign: *value gets what follows it; false when there is no ID before it. */
static bool split_pair(char *arg, const char **value)
{
    char *eq = strchr(arg, '='), *wide = strstr(arg, "＝");
    size_t skip = 1;
    if (wide && (!eq || wide < eq)) {
        eq = wide;
        skip = strlen("＝");
    }
    if (!eq || eq == arg)
        return false;
    *eq = '\0';
    *value = eq + skip;
    return true;
}

/* Parses "ID=はい" / "ID=いいえ" (or yes / no, ○ / ×) into ov (ID borrowed
 * from arg, which is cut at the '='). */
static bool parse_answer(char *arg, kaiji_draft_override *ov)
{
    const char *a;
    if (!split_pair(arg, &a))
        return false;
    ov->item = arg;
    ov->answer = kaiji_text_parse_answer(a, NULL);
    return ov->answer == KAIJI_ANSWER_YES || ov->answer == KAIJI_ANSWER_NO;
}

/* Parses "ID=DATE" (any form cli_parse_date reads) into ov; says what is
 * wrong when it does not. */
static bool parse_target_date(char *arg, kaiji_draft_override *ov)
{
    const char *date;
    if (!split_pair(arg, &date)) {
        cli_error(_("--target-date '%s' is not ID=DATE (2⑤=2026-12-01)"), arg);
        return false;
    }
    ov->item = arg;
    return cli_date_option("--target-date", date, &ov->target_date);
}

/*
 * Reads the draft the hospital filled in (--from): its answers and 目標日
 * become kept overrides in *ovs (after *count others; room for them is
 * made), its 記入者 the author.  *doc keeps what they borrow.  Returns
 * EXIT_OK, EXIT_USAGE (not a 医療機関確認用 checklist) or EXIT_FAILURE_.
 */
static int read_filled(const char *path, const kaiji_catalogs *cats, kaiji_document **doc,
                       kaiji_draft_override **ovs, size_t *count, const char **author)
{
    kaiji_read_options ro;
    kaiji_draft_override *kept = NULL, *all;
    size_t n = 0;
    int rc;

    struct stat sb;
    if (stat(path, &sb) != 0) {
        cli_error(_("cannot read %s: %s"), path, strerror(errno));
        return EXIT_USAGE;
    }
    kaiji_read_options_init(&ro);
    ro.catalogs = cats;
    rc = kaiji_read_file(doc, path, &ro);
    if (rc == KAIJI_ERROR_NOMEM || !*doc) {
        cli_error(_("cannot read %s: %s"), path, kaiji_strerror(rc));
        return EXIT_FAILURE_;
    }
    if (!kaiji_document_readable(*doc)) {
        cli_error(_("cannot read %s: %s"), path,
                  kaiji_document_finding_count(*doc)
                      ? kaiji_finding_message(kaiji_document_finding(*doc, 0))
                      : kaiji_strerror(KAIJI_ERROR_IO));
        return EXIT_USAGE;
    }
    if (kaiji_document_kind(*doc) != KAIJI_KIND_HOSPITAL_CHECKLIST) {
        cli_error(_("--from %s is not a 医療機関確認用 checklist (it reads as %s)"), path,
                  cli_kind_word(kaiji_document_kind(*doc)));
        return EXIT_USAGE;
    }
    if (kaiji_draft_overrides_from_document(&kept, &n, *doc, path) != KAIJI_OK ||
        !(all = realloc(*ovs, (*count + n + 1) * sizeof *all))) {
        free(kept);
        cli_error(_("out of memory"));
        return EXIT_FAILURE_;
    }
    /* the store applies them before the command line's, wherever they are */
    memcpy(all + *count, kept, n * sizeof *all);
    *ovs = all;
    *count += n;
    free(kept);
    const char *who = kaiji_document_field(*doc, KAIJI_FIELD_CONTACT);
    if (!*author && who[0])
        *author = who;
    return EXIT_OK;
}

/* d as the messages' language writes a date, into buf. */
static const char *show(char buf[KAIJI_DATE_SHOW_MAX], kaiji_date d)
{
    return kaiji_text_date_show(buf, KAIJI_DATE_SHOW_MAX, d, KAIJI_DATE_LOCALE);
}

/* What the draft leaves to the hospital, and which checklists it rests on. */
static void print_summary(const kaiji_checklist_draft *d, const char *from,
                          const char *from_path)
{
    /* dates as the messages' language writes them: 2026年3月1日 in Japanese */
    char date[KAIJI_DATE_SHOW_MAX], date2[KAIJI_DATE_SHOW_MAX];
    size_t used = 0;
    for (size_t i = 0; i < d->source_count; i++)
        used += d->sources[i].used;
    printf(_("医療機関確認用 %s as of %s: from %zu vendor checklist%s; %zu contract%s handle%s "
           "patient data\n"),
           d->edition, show(date, d->as_of), used, used == 1 ? "" : "s",
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
        if (it->answer == KAIJI_ANSWER_NO && strcmp(it->id, "0") != 0 &&
            !kaiji_date_valid(it->target_date))
            printf(_("  %s いいえ without a 目標日: ask the vendor, or give one with "
                     "--target-date ID=DATE\n"),
                   it->id);
        else if (it->target_date_past)
            printf(_("  %s いいえ, 目標日 %s is already past on %s: set a new one with "
                     "--target-date ID=DATE\n"), it->id,
                   show(date, it->target_date), show(date2, d->as_of));
        else if (it->answer == KAIJI_ANSWER_NO && strcmp(it->id, "0") != 0)
            printf(_("  %s いいえ, 目標日 %s\n"), it->id, show(date, it->target_date));
        else if (it->answer == KAIJI_ANSWER_BLANK)
            printf(_("  %s left blank: no vendor answers it; answer it with --answer ID=はい|いいえ\n"),
                   it->id);
    }
    for (size_t i = 0; from && i < d->item_count; i++) {
        const kaiji_draft_item *it = &d->items[i];
        bool kept = false;
        for (size_t k = 0; k < it->evidence_count; k++)
            kept |= it->evidence[k].kind == KAIJI_EVIDENCE_HOSPITAL &&
                    strcmp(it->evidence[k].detail, from_path) == 0;
        if (kept)
            printf(_("  %s: the hospital's answer kept from %s\n"), it->id, from);
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
        {"site", required_argument, NULL, CLI_OPT_SITE},
        {"as-of", required_argument, NULL, 'd'},
        {"output", required_argument, NULL, 'o'},
        {"org", required_argument, NULL, 'O'},
        {"answer", required_argument, NULL, 'a'},
        {"target-date", required_argument, NULL, 't'},
        {"from", required_argument, NULL, 'f'},
        {"catalog", required_argument, NULL, 'c'},
        {"target-guideline", required_argument, NULL, 'g'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *db = NULL, *catalog_dir = NULL, *target_opt = NULL, *output = NULL, *org = NULL;
    const char *from = NULL, *author = NULL;
    kaiji_document *filled = NULL;
    char *from_path = NULL;
    char target[CLI_GUIDELINE_MAX];
    char default_name[64], *err = NULL;
    kaiji_draft_override *ovs = NULL;
    size_t ov_count = 0, cli_count = 0;
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
    cli_getopt_reset();
    while ((opt = cli_getopt(argc, argv, "D:d:o:a:t:f:c:g:h", longopts)) != -1) {
        int common = cli_common_option(opt, optarg, "checklist", &db, &as_of);
        if (common == CLI_OPT_TAKEN)
            continue;
        if (common != CLI_OPT_OTHER) {
            status = common;
            goto done;
        }
        switch (opt) {
        case 'o': output = optarg; break;
        case 'O': org = optarg; break;
        case 'c': catalog_dir = optarg; break;
        case 'g': target_opt = optarg; break;
        case 'f': from = optarg; break;
        case 'a':
        case 't':
            /* the option as written, for 根拠の詳細 */
            if (!(ovs[ov_count].origin = kaiji_strprintf("--%s %s", opt == 'a' ? "answer"
                                                                                : "target-date",
                                                         optarg))) {
                cli_error(_("out of memory"));
                goto done;
            }
            cli_count = ++ov_count;
            if (opt == 'a' && !parse_answer(optarg, &ovs[ov_count - 1])) {
                cli_error(_("--answer '%s' is not ID=はい or ID=いいえ"),
                          ovs[ov_count - 1].origin + strlen("--answer "));
                status = EXIT_USAGE;
                goto done;
            }
            if (opt == 't' && !parse_target_date(optarg, &ovs[ov_count - 1])) {
                status = EXIT_USAGE;
                goto done;
            }
            break;
        default: status = cli_usage_error("checklist"); goto done;
        }
    }
    if (optind != argc) {
        cli_error(_("checklist draft takes no file: '%s' (the output is -o FILE)"), argv[optind]);
        status = EXIT_USAGE;
        goto done;
    }
    if ((status = cli_open_for_store(&cats, &st, target, catalog_dir, target_opt, db, false)) != EXIT_OK)
        goto done;
    /* 根拠の詳細 names the filled draft by its full path */
    if (from && !(from_path = realpath(from, NULL)) && !(from_path = strdup(from))) {
        cli_error(_("out of memory"));
        goto done;
    }
    if (from &&
        (status = read_filled(from_path, cats, &filled, &ovs, &ov_count, &author)) != EXIT_OK)
        goto done;
    status = EXIT_FAILURE_;
    kaiji_draft_options o = {cats, target, as_of, org, author, ovs, ov_count};
    /* One transaction: a consistent view even while another command writes. */
    if (kaiji_store_begin(st) != KAIJI_OK) {
        cli_error("%s", kaiji_store_errmsg(st));
        goto done;
    }
    rc = kaiji_store_checklist_draft(&draft, st, &o, &err);
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
    if ((rc = kaiji_checklist_write_xlsx(output, draft, KAIJI_LANG_JA)) != KAIJI_OK) {
        cli_xlsx_write_error(output, rc);
        goto done;
    }
    printf(_("wrote %s\n"), output);
    print_summary(draft, from, from_path);
    status = read_back(output, draft, cats, target);

done:
    if (fflush(stdout) != 0 && status != EXIT_FAILURE_) {
        cli_error(_("cannot write the output"));
        status = EXIT_FAILURE_;
    }
    free(err);
    for (size_t i = 0; ovs && i < cli_count; i++)
        free((char *)ovs[i].origin);
    free(ovs);
    kaiji_document_free(filled);
    free(from_path);
    kaiji_checklist_draft_free(draft);
    kaiji_store_free(st);
    kaiji_catalogs_free(cats);
    return status;
}
