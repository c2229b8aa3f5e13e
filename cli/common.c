/*
 * cli/common.c - helpers shared by the subcommands.
 */
#include <errno.h>
#include <getopt.h>
#include <locale.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/base.h"
#include "cli/cli.h"
#include "cli/store_cli.h"
#include "model/i18n.h"
/* only to name the package when it is missing: not the macros */
#define KAIJI_LXW_NO_NAMES
#include "report/lxw.h"
#include "text/text.h"

void cli_error(const char *fmt, ...)
{
    va_list ap;
    fputs("kaiji: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

bool cli_parse_date(const char *s, kaiji_date *out)
{
    kaiji_date date;
    if (!kaiji_text_parse_date(s, &date) || !kaiji_date_valid(date) || date.day == 0)
        return false;
    *out = date;
    return true;
}

bool cli_date_option(const char *option, const char *arg, kaiji_date *out)
{
    if (cli_parse_date(arg, out))
        return true;
    cli_error(_("%s '%s' is not a date: write it as 2026-12-01, 2026/12/1 or 令和8年12月1日"),
              option, arg);
    return false;
}

void cli_getopt_reset(void)
{
    optind = 0;
}

/*
 * true when word, the last word getopt_long went past, is the long option
 * that failed: no option or more than one by its name (*matches: how many
 * begin so), a value given to one that takes none, or none to one that
 * needs one.  Asked only when the failure is not inside a cluster (see
 * cli_getopt): a word before a cluster may look like a failed long option
 * (--x, the value of --catalog in '--catalog --x -Zj') without being one.
 */
static bool long_failed(const char *word, const struct option *longopts, size_t *matches)
{
    if (strncmp(word, "--", 2) != 0 || !word[2])
        return false;
    const char *name = word + 2;
    size_t len = strcspn(name, "=");
    const struct option *found = NULL;
    *matches = 0;
    for (const struct option *o = longopts; o && o->name; o++) {
        if (strncmp(o->name, name, len) != 0)
            continue;
        if (strlen(o->name) == len) { /* an exact name wins over the names it begins */
            found = o;
            *matches = 1;
            break;
        }
        found = o;
        ++*matches;
    }
    if (*matches != 1)
        return true;
    bool value = name[len] == '=';
    return (value && found->has_arg == no_argument) ||
           (!value && found->has_arg == required_argument);
}

int cli_getopt(int argc, char **argv, const char *shortopts, const struct option *longopts)
{
    char opts[128];
    const char *rest = shortopts;
    size_t n = 0;
    if (*rest == '+')
        opts[n++] = *rest++;
    opts[n++] = ':'; /* ':' for a missing value, '?' for the rest */
    snprintf(opts + n, sizeof opts - n, "%s", rest);
    opterr = 0;
    int before = optind > 0 ? optind : 1; /* 0: getopt_long starts again at 1 */
    int opt = getopt_long(argc, argv, opts, longopts, NULL);
    if (opt != '?' && opt != ':')
        return opt;

    /* getopt_long leaves optind where it was only when it failed on a short
     * option inside a cluster with more letters after it (-Zj): the word to
     * name is then argv[optind], never the word before it. Every other
     * failure goes past the word that failed (a long option, the last letter
     * of a cluster, skipped file names before it), so that word is
     * argv[optind - 1]. */
    bool in_cluster = optind == before && optind < argc;
    const char *command = argc > 0 ? argv[0] : "";
    const char *word = in_cluster ? argv[optind]
                       : optind > 0 && optind <= argc ? argv[optind - 1] : "";
    char name[256];
    size_t matches = 0;
    bool is_long = !in_cluster && long_failed(word, longopts, &matches);
    /* A letter typed with the Japanese input on (-ｊ) is not one byte: name
     * the word as it was typed, not the first byte of the letter. */
    bool wide = false;
    for (const char *p = word; *p && !wide; p++)
        wide = (unsigned char)*p >= 0x80;
    if (is_long)
        snprintf(name, sizeof name, "%.*s", (int)strcspn(word, "="), word);
    else if (wide || optopt <= 0 || optopt >= 128)
        snprintf(name, sizeof name, "%s", word);
    else
        snprintf(name, sizeof name, "-%c", optopt);
    if (opt == ':')
        cli_error(_("%s needs a value (see 'kaiji %s --help')"), name, command);
    else if (is_long && optopt != 0 && strchr(word, '='))
        cli_error(_("%s takes no value: write it without =..."), name);
    else if (matches > 1)
        cli_error(_("%s could be more than one option of kaiji %s: write it in full"), name,
                  command);
    else
        cli_error(_("%s is not an option of kaiji %s (see 'kaiji %s --help')"), name, command,
                  command);
    if (wide)
        cli_error(_("type options in half-width letters, with the Japanese input turned off"));
    return '?';
}

int cli_common_option(int opt, const char *arg, const char *command, const char **db,
                      kaiji_date *as_of)
{
    switch (opt) {
    case 'D':
        if (!db)
            return CLI_OPT_OTHER;
        *db = arg;
        return CLI_OPT_TAKEN;
    case CLI_OPT_SITE:
        if (!db)
            return CLI_OPT_OTHER;
        cli_site_set(arg);
        return CLI_OPT_TAKEN;
    case 'd':
        if (!as_of)
            return CLI_OPT_OTHER;
        return cli_date_option("--as-of", arg, as_of) ? CLI_OPT_TAKEN : EXIT_USAGE;
    case 'h':
        cli_print_help(cli_find_command(command));
        return EXIT_OK;
    default:
        return CLI_OPT_OTHER;
    }
}

int cli_usage_error(const char *command)
{
    fprintf(stderr, _("usage: kaiji %s\n"), _(cli_find_command(command)->usage));
    return EXIT_USAGE;
}

kaiji_catalogs *cli_load_catalogs(const char *dir)
{
    kaiji_catalogs *cats = NULL;
    char *err = NULL;
    int rc = kaiji_catalogs_load(&cats, dir, &err);
    if (rc != KAIJI_OK) {
        cli_error(_("cannot load the catalogs: %s"), err ? err : kaiji_strerror(rc));
        free(err);
        return NULL;
    }
    return cats;
}

/* The path of the configuration file: KAIJI_CONFIG, else
 * $XDG_CONFIG_HOME/kaiji/config, else $HOME/.config/kaiji/config; false when
 * none can be named. */
static bool config_path(char *buf, size_t size)
{
    const char *env = getenv("KAIJI_CONFIG"), *xdg = getenv("XDG_CONFIG_HOME"),
               *home = getenv("HOME");
    int n;
    if (env && *env)
        n = snprintf(buf, size, "%s", env);
    else if (xdg && *xdg)
        n = snprintf(buf, size, "%s/kaiji/config", xdg);
    else if (home && *home)
        n = snprintf(buf, size, "%s/.config/kaiji/config", home);
    else
        return false;
    return n > 0 && (size_t)n < size;
}

bool cli_config_value(const char *key, char *buf, size_t size)
{
    /* A command asks for several keys (validate: five); most users have no
     * config file, which is then looked for once, not once a key. */
    static char missing[4096];
    char path[4096], line[512];
    bool found = false;
    if (!config_path(path, sizeof path) || strcmp(path, missing) == 0)
        return false;
    FILE *f = fopen(path, "r");
    if (!f) {
        if (errno == ENOENT)
            snprintf(missing, sizeof missing, "%s", path);
        return false;
    }
    for (int lines = 0; !found && lines < 1000 && fgets(line, sizeof line, f); lines++) {
        char *p = line, *eq, *end;
        while (*p == ' ' || *p == '\t')
            p++;
        if (*p == '#' || !(eq = strchr(p, '=')))
            continue;
        for (end = eq; end > p && (end[-1] == ' ' || end[-1] == '\t'); end--)
            ;
        if ((size_t)(end - p) != strlen(key) || strncmp(p, key, strlen(key)) != 0)
            continue;
        for (p = eq + 1; *p == ' ' || *p == '\t'; p++)
            ;
        for (end = p + strlen(p); end > p && strchr(" \t\r\n", end[-1]); end--)
            ;
        if ((size_t)(end - p) < size) {
            memcpy(buf, p, (size_t)(end - p));
            buf[end - p] = '\0';
            found = true;
        }
    }
    fclose(f);
    return found;
}

bool cli_target_guideline(char buf[CLI_GUIDELINE_MAX], const char *option,
                          const kaiji_catalogs *cats)
{
    char conf[64];
    const char *env = getenv("KAIJI_TARGET_GUIDELINE"), *given = option, *from = "--target-guideline";
    char *norm = NULL;
    if (!given && env && *env) {
        given = env;
        from = "KAIJI_TARGET_GUIDELINE";
    }
    if (!given && cli_config_value("target-guideline", conf, sizeof conf)) {
        given = conf;
        from = "target-guideline";
    }
    if (!given)
        given = "6.0";
    if (!kaiji_text_guideline(given, &norm) || strlen(norm) >= CLI_GUIDELINE_MAX ||
        !kaiji_catalogs_knows_guideline(cats, norm)) {
        /* TRANSLATORS: the second %s names where the value came from: the
         * option, the environment variable or the config file's key. */
        cli_error(_("'%s' (%s) is not a guideline edition kaiji knows; write it like 6.0 or 7.0"),
                  given, from);
        free(norm);
        return false;
    }
    strcpy(buf, norm);
    free(norm);
    return true;
}

bool cli_guideline_notice(char *buf, size_t size, const char *target, kaiji_date as_of,
                          const kaiji_catalogs *cats, bool wareki)
{
    kaiji_date since;
    char d[KAIJI_DATE_SHOW_MAX];
    const char *in_force = kaiji_catalogs_newer_guideline(cats, target, as_of, &since);
    if (!in_force)
        return false;
    snprintf(buf, size,
             _("guideline %s has been in force since %s; this run checked against %s. "
               "To check against %s, use --target-guideline %s or set "
               "KAIJI_TARGET_GUIDELINE=%s (or target-guideline = %s in the config file)"),
             in_force, kaiji_text_date_show(d, sizeof d, since, wareki ? KAIJI_DATE_WAREKI : KAIJI_DATE_LOCALE), target,
             in_force, in_force, in_force, in_force);
    return true;
}

bool cli_add_profile(kaiji_catalogs *cats, const char *path)
{
    char *err = NULL;
    int rc = kaiji_catalogs_add_file(cats, path, &err);
    if (rc != KAIJI_OK)
        cli_error(_("cannot read the profile: %s"), err ? err : kaiji_strerror(rc));
    free(err);
    return rc == KAIJI_OK;
}

bool cli_check_option_args(int argc, char **argv, int first_path)
{
    struct stat st;
    bool ok = true;
    for (int i = 1; i < first_path && i < argc; i++)
        if (argv[i][0] == '-' && argv[i][1] != '\0' && strcmp(argv[i], "--") != 0 &&
            lstat(argv[i], &st) == 0) {
            cli_error(_("'%s' is an option and also a file here: a file named like an option "
                        "is not read as one; write ./%s, or -- before the paths"),
                      argv[i], argv[i]);
            ok = false;
        }
    if (first_path > 0 && strcmp(argv[first_path - 1], "--") == 0)
        return ok;
    for (int i = first_path + 1; i < argc; i++)
        if (argv[i][0] == '-' && argv[i][1] != '\0')
            fprintf(stderr,
                    _("kaiji: note: '%s' comes after a path, so it is read as a file name, not as "
                      "an option; put options before the paths\n"),
                    argv[i]);
    return ok;
}

void cli_say_missing(const char *path)
{
    char *shown = kaiji_text_path_show(path);
    cli_error(_("%s does not exist"), shown ? shown : path);
    fprintf(stderr, _("hint: check the spelling of the path; a name with spaces needs "
                      "quotes (\"...\")\n"));
    free(shown);
}

bool cli_input_file_ok(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        if (errno != ENOENT)
            return true; /* the reader says why it cannot */
        cli_say_missing(path);
        return false;
    }
    if (S_ISDIR(st.st_mode)) {
        cli_error(_("%s is a folder: give one file in it"), path);
        return false;
    }
    return true;
}

bool cli_output_ok(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        return true; /* a new file */
    if (S_ISLNK(st.st_mode)) {
        cli_error(_("%s is a symbolic link: kaiji writes no file through one"), path);
        return false;
    }
    if (S_ISDIR(st.st_mode)) {
        cli_error(_("%s is a folder: give the name of the file to write in it (%s/NAME)"), path,
                  path);
        return false;
    }
    if (!S_ISREG(st.st_mode)) {
        cli_error(_("%s is not a regular file: kaiji writes no other"), path);
        return false;
    }
    return true;
}

void cli_xlsx_write_error(const char *path, int rc)
{
    kaiji_lxw probe;
    char *why = NULL;
    if (rc == KAIJI_ERROR_NOT_FOUND && !kaiji_lxw_load(&probe, &why) && why)
        cli_error("%s", why);
    else
        cli_error(_("cannot write %s: %s"), path, kaiji_strerror(rc));
    free(why);
}

bool cli_report_option(cli_report *r, int opt, const char *arg)
{
    switch (opt) {
    case CLI_OPT_ORG: r->organization = arg; return true;
    case CLI_OPT_AUTHOR: r->author = arg; return true;
    case CLI_OPT_REVIEWER: r->reviewer = arg; return true;
    case 'W': r->dates = CLI_DATES_WAREKI; return true;
    case CLI_OPT_DATES:
        if (strcmp(arg, "wareki") == 0) {
            r->dates = CLI_DATES_WAREKI;
            return true;
        }
        if (strcmp(arg, "western") == 0) {
            r->dates = CLI_DATES_WESTERN;
            return true;
        }
        cli_error(_("--dates '%s' is neither wareki (令和8年12月1日) nor western (2026年12月1日)"),
                  arg);
        return false;
    default: return false;
    }
}

bool cli_report_finish(cli_report *r)
{
    static const char *const keys[] = {"organization", "author", "reviewer"};
    const char **fields[] = {&r->organization, &r->author, &r->reviewer};
    for (size_t i = 0; i < 3; i++)
        if (!*fields[i] && cli_config_value(keys[i], r->conf[i], sizeof r->conf[i]) &&
            r->conf[i][0])
            *fields[i] = r->conf[i];
    char dates[32];
    if (r->dates == CLI_DATES_UNSET && cli_config_value("dates", dates, sizeof dates)) {
        if (strcmp(dates, "wareki") == 0) {
            r->dates = CLI_DATES_WAREKI;
        } else if (strcmp(dates, "western") == 0) {
            r->dates = CLI_DATES_WESTERN;
        } else {
            cli_error(_("dates = %s in the config file is neither wareki nor western"), dates);
            return false;
        }
    }
    return true;
}

bool cli_messages_japanese(void)
{
    const char *loc = setlocale(LC_MESSAGES, NULL), *language = getenv("LANGUAGE");
    /* gettext ignores LANGUAGE in the C locale. */
    if (!loc || strcmp(loc, "C") == 0 || strcmp(loc, "POSIX") == 0)
        return false;
    if (language && *language)
        return strncmp(language, "ja", 2) == 0;
    return strncmp(loc, "ja", 2) == 0;
}

bool cli_report_wareki(const cli_report *r)
{
    return r->dates == CLI_DATES_UNSET ? cli_messages_japanese() : r->dates == CLI_DATES_WAREKI;
}

/* The name of whoever runs the command, for the audit log. */
const char *cli_actor(void)
{
    const char *u = getenv("USER");
    if (u && u[0])
        return u;
    struct passwd *pw = getpwuid(getuid());
    return pw ? pw->pw_name : "?";
}
