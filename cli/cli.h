/*
 * cli/cli.h - what the subcommands of the kaiji command share.
 *
 * Each subcommand is one file, cli/<name>.c, with a run function listed in
 * the table of cli/main.c; help is generated from that table.  Exit codes:
 * 0 all is well, 1 some document failed the check, 2 usage error,
 * 3 failure (out of memory, cannot write).
 */
#ifndef KAIJI_CLI_H
#define KAIJI_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "kaiji.h"
#include "report/csv.h"
#include "report/words.h"

enum { EXIT_OK = 0, EXIT_FINDINGS = 1, EXIT_USAGE = 2, EXIT_FAILURE_ = 3 };

typedef struct cli_command {
    const char *name;
    const char *usage;   /* "validate [OPTION]... PATH...", N_()-marked: shown through _() */
    const char *summary; /* one line */
    const char *help;    /* the options, one per line */
    int (*run)(int argc, char **argv);
    /* It hands text to a library that converts from the locale's character
     * set (libcurl's international host names): LC_CTYPE is taken from the
     * environment even where the messages need no locale (cli/main.c). */
    bool locale_charset;
} cli_command;

int cli_validate(int argc, char **argv);
int cli_convert(int argc, char **argv);
int cli_catalog(int argc, char **argv);
int cli_register(int argc, char **argv);
int cli_ingest(int argc, char **argv);
int cli_link(int argc, char **argv);
int cli_status(int argc, char **argv);
int cli_remind(int argc, char **argv);
int cli_fetch(int argc, char **argv);
int cli_checklist(int argc, char **argv);
int cli_serve(int argc, char **argv);
int cli_user(int argc, char **argv);
int cli_store(int argc, char **argv);

/* Who runs the command ($USER, else the system's name for the user), for the
 * audit log. */
const char *cli_actor(void);

/* The entry of the command table named name, or NULL. */
const cli_command *cli_find_command(const char *name);
/* Prints "usage: kaiji USAGE" and the help of cmd to stdout. */
void cli_print_help(const cli_command *cmd);

/* Prints "kaiji: <message>" to stderr (no full stop, as git does). */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Parses a date as people write it and the register reads it (2026-12-01,
 * 2026/12/1, 令和8年12月1日, R8.12.1, full-width digits …); false when it is
 * not a real day. */
bool cli_parse_date(const char *s, kaiji_date *out);
/* cli_parse_date for the value arg of option ("--as-of"); says what is wrong
 * when it is not a date. */
bool cli_date_option(const char *option, const char *arg, kaiji_date *out);

/* Resets getopt before a subcommand parses its arguments: optind 0, a full
 * reset, GNU extensions included (every subcommand, the same way). */
void cli_getopt_reset(void);

struct option;
/*
 * getopt_long over a subcommand's arguments (argv[0] its name), with kaiji's
 * own messages in the user's language instead of the C library's (English
 * where libc has no translation, as on Windows): an option the command does
 * not take, one without its value, one given a value it does not take, an
 * abbreviation of more than one.  Returns what getopt_long returns, '?' for
 * each of those after saying it (the caller then shows its usage line).
 */
int cli_getopt(int argc, char **argv, const char *shortopts, const struct option *longopts);

/* What cli_common_option made of an option that is not an exit. */
#define CLI_OPT_TAKEN (-1) /* one of the common options, taken */
#define CLI_OPT_OTHER (-2) /* not a common option of this command: its own */
/* The getopt code of --site NAME, which every command with --db takes: the
 * site (a hospital of a group's store) cli_store_open works on. */
#define CLI_OPT_SITE 0x1f0

/*
 * Takes opt (arg its value) when it is one of the options most subcommands
 * share: 'D' (--db PATH) into *db (and CLI_OPT_SITE, --site NAME, for
 * cli_store_open) and 'd' (--as-of DATE) into *as_of, each
 * only when that pointer is not NULL (a command without the option lets it
 * through as CLI_OPT_OTHER, to be refused), and 'h' (--help), the help of
 * command.  Returns CLI_OPT_TAKEN, CLI_OPT_OTHER, or an exit status to return
 * at once: EXIT_OK after the help, EXIT_USAGE for a date that is not one.
 */
int cli_common_option(int opt, const char *arg, const char *command, const char **db,
                      kaiji_date *as_of);

/* For an option command does not take (cli_getopt has said which): prints its
 * usage line on stderr; returns EXIT_USAGE. */
int cli_usage_error(const char *command);

/* The files, folders and archives given: cli/inputs.h. */

/* Loads the catalogs (built-in, then dir when not NULL); on failure prints
 * the reason and returns NULL. */
kaiji_catalogs *cli_load_catalogs(const char *dir);

/*
 * The value of key in the configuration file (KAIJI_CONFIG, else
 * $XDG_CONFIG_HOME/kaiji/config, else ~/.config/kaiji/config; lines
 * "key = value", # comments) into buf; false when there is none.
 */
bool cli_config_value(const char *key, char *buf, size_t size);

/* The reminders' sender and hospital as kaiji remind finds them when not
 * given (*from or *org NULL): $KAIJI_MAIL_FROM, else mail-from = of the
 * config file (read into conf_from); organization = (into conf_org).  Left
 * NULL when none is set. */
void cli_mail_sender(const char **from, const char **org, char *conf_from, size_t from_size,
                     char *conf_org, size_t org_size);

#define CLI_GUIDELINE_MAX 16
/*
 * The guideline edition a run checks against: option (--target-guideline)
 * when not NULL, else KAIJI_TARGET_GUIDELINE, else target-guideline in the
 * configuration file, else 6.0; normalised ("7" gives "7.0") into buf.  An
 * edition the catalogs do not know is refused: false, with the reason said.
 */
bool cli_target_guideline(char buf[CLI_GUIDELINE_MAX], const char *option,
                          const kaiji_catalogs *cats);

/* Writes into buf the note that a newer guideline than target has been in
 * force since its publication, and how to check against it; false (buf
 * untouched) when target is the newest in force on as_of. */
bool cli_guideline_notice(char *buf, size_t size, const char *target, kaiji_date as_of,
                          const kaiji_catalogs *cats, bool wareki);

/* Who made a report and how it writes dates: --org, --author, --reviewer,
 * --dates wareki|western (--wareki is --dates wareki) of validate and
 * status.  Long options only: their getopt codes are CLI_OPT_*. */
enum { CLI_OPT_ORG = 0x100, CLI_OPT_AUTHOR, CLI_OPT_REVIEWER, CLI_OPT_DATES };
#define CLI_REPORT_LONGOPTS                                                                    \
    {"org", required_argument, NULL, CLI_OPT_ORG},                                             \
        {"author", required_argument, NULL, CLI_OPT_AUTHOR},                                   \
        {"reviewer", required_argument, NULL, CLI_OPT_REVIEWER},                               \
        {"dates", required_argument, NULL, CLI_OPT_DATES}

typedef enum { CLI_DATES_UNSET, CLI_DATES_WESTERN, CLI_DATES_WAREKI } cli_dates;

typedef struct cli_report {
    const char *organization, *author, *reviewer; /* NULL: not given */
    cli_dates dates;
    char conf[3][256]; /* the config file's values, when taken */
} cli_report;

/* Takes one of the CLI_OPT_* options (and 'W', --wareki) into r; false, with
 * the reason said, for a --dates that is neither wareki nor western. */
bool cli_report_option(cli_report *r, int opt, const char *arg);
/* Completes r from the configuration file (organization, author, reviewer,
 * dates = wareki|western); false, with the reason said, for a bad dates. */
bool cli_report_finish(cli_report *r);
/* Whether an HTML report writes its dates in the Japanese era: as chosen,
 * else when the messages are Japanese. */
bool cli_report_wareki(const cli_report *r);
/* true when the messages are in Japanese (LANGUAGE, LC_ALL, LC_MESSAGES, LANG). */
bool cli_messages_japanese(void);

/* Adds the profile file at path (a guideline's annex list, formats/catalogs/
 * mhlw-gl7-annex.json's layout) to cats; false, with the reason said, when
 * it cannot be read or is malformed. */
bool cli_add_profile(kaiji_catalogs *cats, const char *path);

/*
 * Puts the text filter of cli/safeout.c in front of standard output and
 * standard error: from then on, stdout and stderr show every character a
 * terminal could act on (ESC, CR, bidi overrides, invalid UTF-8) in a
 * visible form.  Called once by main before anything is written.
 */
void cli_safe_streams(void);
/* Standard output without the filter, for machine formats (JSON, CSV,
 * HTML, the exchange format) whose bytes must stay as they are. */
FILE *cli_raw_stdout(void);

/* One CSV field for Excel (report/csv.h): every CSV kaiji writes goes through it. */
#define cli_csv_field kaiji_csv_field

/*
 * Commands that take many paths stop reading options at the first path
 * ("+" in their getopt string), so that a file named like an option
 * ("--target-guideline=5.2", from a folder the shell expanded) is a path
 * and never changes the run.  Then this refuses (false, with the reason
 * said) an option before the first path (argv[first_path]) that is also
 * the name of a file here (the shell put a vendor's file first), and notes
 * on stderr each argument after the first path that begins with '-',
 * unless "--" came just before the paths.
 */
bool cli_check_option_args(int argc, char **argv, int first_path);

/* true when path names a file a command is to read one of (register import,
 * catalog import); else says on stderr that it does not exist (with the hint
 * validate gives) or is a folder, and returns false: a usage error. */
bool cli_input_file_ok(const char *path);

/* Says on stderr that path, given to be read, does not exist, with the hint
 * on spelling and quotes. */
void cli_say_missing(const char *path);

/* true when path may be written: a new name or a regular file, never a
 * symbolic link (said on stderr when not). */
bool cli_output_ok(const char *path);

/* Says on stderr that an Excel file (path) could not be written (rc, from
 * a writer of report/): when libxlsxwriter is missing, which package to
 * install (report/lxw.h); otherwise what kaiji_strerror says. */
void cli_xlsx_write_error(const char *path, int rc);

/* The glossary (report/words.h), under the names the commands use. */
#define cli_status_word kaiji_word_status
#define cli_severity_word kaiji_word_severity
#define cli_kind_word kaiji_word_kind
#define cli_contract_state_word kaiji_word_contract_state
#define cli_document_state_word kaiji_word_document_state
#define cli_doc_type_word kaiji_word_doc_type

#endif
