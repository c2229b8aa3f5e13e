/*
 * cli/register.c - kaiji register import: the hospital's contract list into
 * the store, all or nothing; kaiji register template: a blank register to
 * start from.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "cli/store_cli.h"
#include "model/i18n.h"
#include "report/template.h"

/* kaiji register template [-o FILE]: writes the blank register. */
static int write_template(const char *output)
{
    /* TRANSLATORS: the file name kaiji register template writes when no -o
     * is given (Japanese: 契約台帳.xlsx). */
    const char *path = output ? output : _("contracts.xlsx");
    struct stat sb;
    if (!output && stat(path, &sb) == 0) {
        cli_error(_("%s is already there; name another file with -o FILE"), path);
        return EXIT_USAGE;
    }
    if (!cli_output_ok(path))
        return EXIT_USAGE;
    int rc = kaiji_register_template_write(path);
    if (rc != KAIJI_OK) {
        cli_xlsx_write_error(path, rc);
        return EXIT_FAILURE_;
    }
    printf(_("wrote %s: a blank contract register with one example row; fill it in with "
             "Excel, then: kaiji register import %s\n"),
           path, path);
    return EXIT_OK;
}

/* Prints one change, as done or (dry run) as it would be done. */
static void print_change(const kaiji_change *c, bool dry)
{
    static const char *const done[] = {N_("added"), N_("updated"), N_("deactivated"),
                                       N_("reactivated")};
    static const char *const would[] = {N_("would add"), N_("would update"),
                                        N_("would deactivate"), N_("would reactivate")};
    /* TRANSLATORS: a change of the register, then the contract ID: "added C-001". */
    printf(_("%s %s"), _((dry ? would : done)[c->kind]), c->contract_id);
    if (c->kind == KAIJI_CHANGE_DEACTIVATED)
        printf(_(": no longer in the register (its submissions, links and reminders are kept)"));
    for (size_t i = 0; i < c->detail_count; i++)
        printf("%s%s", i ? "; " : ": ", c->details[i]);
    putchar('\n');
}

int cli_register(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"dry-run", no_argument, NULL, 'n'},
        {"db", required_argument, NULL, 'D'},
        {"site", required_argument, NULL, CLI_OPT_SITE},
        {"output", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *db = NULL, *output = NULL;
    bool dry = false;
    kaiji_register *reg = NULL;
    kaiji_store *st = NULL;
    kaiji_change_list *changes = NULL;
    int opt, status = EXIT_FAILURE_, rc;

    cli_getopt_reset();
    while ((opt = cli_getopt(argc, argv, "nD:o:h", longopts)) != -1) {
        int common = cli_common_option(opt, optarg, "register", &db, NULL);
        if (common == CLI_OPT_TAKEN)
            continue;
        if (common != CLI_OPT_OTHER)
            return common;
        switch (opt) {
        case 'n': dry = true; break;
        case 'o': output = optarg; break;
        default: return cli_usage_error("register");
        }
    }
    if (argc - optind == 1 && strcmp(argv[optind], "template") == 0 && !dry && !db)
        return write_template(output);
    if (argc - optind != 2 || strcmp(argv[optind], "import") != 0 || output) {
        cli_error(_("usage: kaiji register import [--dry-run] FILE, or kaiji register template "
                    "[-o FILE]"));
        return EXIT_USAGE;
    }
    const char *file = argv[optind + 1];
    if (!cli_input_file_ok(file))
        return EXIT_USAGE;

    rc = kaiji_register_read(&reg, file);
    if (rc == KAIJI_ERROR_IO) {
        cli_error(_("cannot read the register %s"), file);
        return EXIT_FINDINGS;
    }
    if (rc == KAIJI_ERROR_NOMEM)
        goto done;
    if (reg->error_count) {
        for (size_t i = 0; i < reg->error_count; i++)
            fprintf(stderr, "%s:%u: %s\n", file, reg->errors[i].line, reg->errors[i].message);
        cli_error(dngettext(KAIJI_TEXTDOMAIN,
                            "nothing imported: %zu row of %s is wrong; correct it and import again",
                            "nothing imported: %zu rows of %s are wrong; correct them and import again",
                            reg->error_count),
                  reg->error_count, file);
        status = EXIT_FINDINGS;
        goto done;
    }

    /* A dry run against a store file that does not exist yet creates no file. */
    struct stat sb;
    const char *path = cli_db_path(db);
    if (!(st = cli_store_open(dry && !kaiji_store_is_uri(path) && stat(path, &sb) != 0
                                  ? ":memory:" : path)))
        goto done;
    if (kaiji_store_begin(st) != KAIJI_OK ||
        kaiji_store_import_register(&changes, st, reg) != KAIJI_OK) {
        cli_error("%s", kaiji_store_errmsg(st));
        goto done;
    }
    if (!dry && kaiji_store_audit(st, cli_actor(), "register-import", file, "") != KAIJI_OK) {
        cli_error("%s", kaiji_store_errmsg(st));
        kaiji_store_rollback(st);
        goto done;
    }
    if (dry ? kaiji_store_rollback(st) != KAIJI_OK : kaiji_store_commit(st) != KAIJI_OK) {
        cli_error("%s", kaiji_store_errmsg(st));
        goto done;
    }
    size_t n[4] = {0, 0, 0, 0};
    for (size_t i = 0; i < changes->count; i++) {
        print_change(&changes->items[i], dry);
        n[changes->items[i].kind]++;
    }
    printf(dry ? dngettext(KAIJI_TEXTDOMAIN,
                           "would import %zu contract from %s (%s): %zu added, %zu updated, "
                           "%zu deactivated, %zu reactivated, %zu unchanged; nothing written "
                           "(--dry-run)\n",
                           "would import %zu contracts from %s (%s): %zu added, %zu updated, "
                           "%zu deactivated, %zu reactivated, %zu unchanged; nothing written "
                           "(--dry-run)\n", reg->contracts.count)
               : dngettext(KAIJI_TEXTDOMAIN,
                           "imported %zu contract from %s (%s): %zu added, %zu updated, "
                           "%zu deactivated, %zu reactivated, %zu unchanged\n",
                           "imported %zu contracts from %s (%s): %zu added, %zu updated, "
                           "%zu deactivated, %zu reactivated, %zu unchanged\n", reg->contracts.count),
           reg->contracts.count, file, reg->encoding, n[0], n[1], n[2], n[3], changes->unchanged);
    status = EXIT_OK;

done:
    if (status == EXIT_FAILURE_ && !st && rc == KAIJI_ERROR_NOMEM)
        cli_error(_("out of memory"));
    kaiji_change_list_free(changes);
    kaiji_store_free(st);
    kaiji_register_free(reg);
    return status;
}
