/*
 * cli/main.c - the kaiji command: a table of subcommands, and help made
 * from it.
 */
#include <limits.h>
#include <locale.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "model/i18n.h"

#ifndef KAIJI_LOCALEDIR
#define KAIJI_LOCALEDIR "/usr/local/share/locale"
#endif

static const cli_command commands[] = {
    {"validate", N_("validate [OPTION]... PATH..."),
     N_("check that disclosures are complete and made for the current guideline"),
     N_("  -f, --format FORMAT         text (default), json, csv, or html (a report to print)\n"
     "  -g, --target-guideline VER  the guideline edition to check against: 6.0 (default)\n"
     "                              or 7.0; also KAIJI_TARGET_GUIDELINE or the config file\n"
     "  -d, --as-of DATE            judge as of this date, YYYY-MM-DD (default today)\n"
     "  -s, --strict                also fail on outdated documents and warnings\n"
     "  -c, --catalog DIR           add or replace catalogs with the *.json files in DIR\n"
     "  -p, --profile FILE          a guideline's annex of MDS/SDS items that must be\n"
     "                              はい or 対象外 (layout: formats/catalogs/mhlw-gl7-annex.json)\n"
     "  -j, --jobs N                read N files at once (default: the number of cores);\n"
     "                              the output is the same, in the same order, whatever N is\n"
     "      --dates STYLE           wareki (令和6年10月1日) or western (2024年10月1日);\n"
     "                              the HTML report's default is wareki in Japanese\n"
     "      --wareki                the same as --dates wareki\n"
     "      --org NAME              (html) the hospital's name on every page\n"
     "      --author NAME           (html) 作成者; without it a box to sign\n"
     "      --reviewer NAME         (html) 確認者; without it a box to sign\n"
     "      --ask-password          ask for the password of encrypted ZIP files (else\n"
     "                              KAIJI_ZIP_PASSWORD)\n"
     "  -h, --help                  show this help\n"
     "The config file (KAIJI_CONFIG, else ~/.config/kaiji/config) may set\n"
     "organization, author, reviewer and dates.\n"
     "PATH may be a file, a folder or a ZIP file (opened: each document inside is\n"
     "named ZIP!/NAME).  Excel (.xlsx .xlsm .xls), OpenDocument (.ods), XML and\n"
     "JSON files are read; every other file is listed as not read, with the reason\n"
     "and what to do.\n"
     "Exit status: 0 no document is invalid or unreadable, 1 one is, or a ZIP could\n"
     "not be opened (with --strict: or one is outdated or has warnings), 2 usage\n"
     "error (also: a path that does not exist, no document found), 3 failure.\n"),
     cli_validate, false},
    {"convert", N_("convert [OPTION]... FILE"),
     N_("write a document in kaiji's exchange format (JSON or XML)"),
     N_("  -t, --to FORMAT     json (default) or xml\n"
     "  -o, --output FILE   write to FILE instead of standard output\n"
     "  -h, --help          show this help\n"
     "Exit status: 0 converted, 1 the file could not be read, 2 usage error, 3 failure.\n"),
     cli_convert, false},
    {"catalog", N_("catalog list|show ID|import FILE [OPTION]..."),
     N_("list, show or import the form catalogs"),
     N_("  list                 the catalogs kaiji knows, with how sure each source is\n"
     "  show ID              one catalog, as JSON\n"
     "  import FILE          make a catalog from an official blank form: a JAHIS\n"
     "                       MDS/SDS template, or an MHLW checklist workbook of any\n"
     "                       edition (one sheet or both)\n"
     "  -c, --catalog DIR    add or replace catalogs with the *.json files in DIR\n"
     "  -i, --id ID          (import) the new catalog's id\n"
     "  -o, --output FILE    (import) write to FILE instead of standard output\n"
     "  -p, --published DATE (import) YYYY-MM-DD the checklist edition was published,\n"
     "                       from when it is current; needed when its title gives no\n"
     "                       month and kaiji has no catalog of that edition\n"
     "  -h, --help           show this help\n"
     "What was found is told on standard error.  Save an imported catalog in a\n"
     "folder and pass it with --catalog to check documents against that form.\n"),
     cli_catalog, false},
    {"register", N_("register import [--dry-run] FILE | register template [-o FILE]"),
     N_("import the hospital's contract list (CSV or XLSX) into the store"),
     N_("  import FILE         import the register FILE\n"
     "  template            write a blank register to fill in with Excel: the headers,\n"
     "                      one example row, drop-down lists for 契約種別, 患者情報\n"
     "                      and 必要書類 (-o FILE, default contracts.xlsx)\n"
     "  --dry-run           show what would change (added, updated old → new,\n"
     "                      deactivated), change nothing\n"
     "  --db PATH           the store (default $KAIJI_DB, else ./kaiji.db)\n"
     "  -h, --help          show this help\n"
     "FILE: CSV (UTF-8 with or without BOM, or CP932 as Japanese Excel saves it) or\n"
     "XLSX, one row per contract, headers in Japanese or English (契約番号/Contract ID,\n"
     "事業者名/Vendor, メール/E-mail, システム名/System, 製品名/Product, 契約種別/Type,\n"
     "患者情報の有無/Patient data, 必要書類/Required documents, 依頼日, 回答期限/Due date,\n"
     "URL).  Without 必要書類 the type decides: 保守 SDS+checklist, 販売/導入\n"
     "MDS+checklist, クラウド/サービス SDS+checklist, 保守(機器) MDS+SDS+checklist.\n"
     "All or nothing: any bad row is listed with its line and nothing is imported.\n"
     "Contracts no longer listed are kept, marked inactive.\n"
     "Exit status: 0 imported, 1 refused, 2 usage error, 3 failure.\n"),
     cli_register, false},
    {"ingest", N_("ingest [OPTION]... PATH..."),
     N_("validate submissions, record them and link them to their contracts"),
     N_("  --db PATH                   the store (default $KAIJI_DB, else ./kaiji.db)\n"
     "  -d, --as-of DATE            judge as of this date, YYYY-MM-DD (default today)\n"
     "  -g, --target-guideline VER  the guideline edition (default 6.0)\n"
     "  -c, --catalog DIR           add or replace catalogs with the *.json files in DIR\n"
     "      --ask-password          ask for the password of encrypted ZIP files (else\n"
     "                              KAIJI_ZIP_PASSWORD)\n"
     "  -h, --help                  show this help\n"
     "PATH may be a file, a folder or a ZIP file (each document inside recorded as\n"
     "ZIP!/NAME).  Files not read are listed.  Each file is linked by the contract number\n"
     "inside it, else a file or folder name starting with a contract ID (C-001_mds.xlsx,\n"
     "C-001/...), else its vendor and product.  The same bytes twice change nothing.\n"
     "Exit status: 0 every file linked, 1 some file not linked or unreadable, or a\n"
     "ZIP not opened, 2 usage error (also: a path that does not exist, no document\n"
     "found), 3 failure.\n"),
     cli_ingest, false},
    {"link", N_("link FILE CONTRACT..."),
     N_("say which contracts an ingested submission covers"),
     N_("  --db PATH           the store (default $KAIJI_DB, else ./kaiji.db)\n"
     "  -h, --help          show this help\n"
     "FILE: the file, its recorded path, or its sha256 (8 hex digits or more).\n"
     "Exit status: 0 linked, 1 no such submission or contract, 2 usage error.\n"),
     cli_link, false},
    {"status", N_("status [--owing] [--format text|json|csv|html|xlsx] [-o FILE] [--as-of DATE] [--dates STYLE]"),
     N_("contract by contract, which disclosures the hospital holds"),
     N_("  -f, --format FORMAT         text (default), json, csv (UTF-8 with BOM), html or xlsx\n"
     "  -o, --output FILE           --format xlsx writes a workbook (sheets 契約, 書類, 指摘)\n"
     "                              to FILE (default kaiji-status-DATE.xlsx)\n"
     "  -d, --as-of DATE            judge as of this date, YYYY-MM-DD (default today)\n"
     "  -g, --target-guideline VER  the guideline edition (default 6.0)\n"
     "  -c, --catalog DIR           add or replace catalogs with the *.json files in DIR\n"
     "  --db PATH                   the store (default $KAIJI_DB, else ./kaiji.db)\n"
     "  --owing                     only the contracts that owe a document, with days\n"
     "                              overdue and the date of the last reminder\n"
     "  --dates STYLE               wareki (令和6年10月1日) or western (2024年10月1日);\n"
     "                              the HTML report's default is wareki in Japanese\n"
     "  --wareki                    the same as --dates wareki\n"
     "  --org NAME                  (html) the hospital's name on every page\n"
     "  --author NAME               (html) 作成者; without it a box to sign\n"
     "  --reviewer NAME             (html) 確認者; without it a box to sign\n"
     "  -h, --help                  show this help\n"
     "The config file may set organization, author, reviewer and dates.\n"
     "A contract owes a required document that is missing, outdated or invalid. Its\n"
     "state, first that applies: not-required (no patient data), overdue (owes one\n"
     "after the due date), invalid, missing, outdated, complete.  The document that\n"
     "counts is the newest by the date written in it, then by the time received.\n"
     "Exit status: 0 every contract complete or not-required, 1 otherwise,\n"
     "2 usage error, 3 failure.\n"),
     cli_status, false},
    {"remind", N_("remind [--send --smtp-url URL --from ADDR] [OPTION]..."),
     N_("write (or send) one reminder per vendor that still owes something"),
     N_("  --db PATH             the store (default $KAIJI_DB, else ./kaiji.db)\n"
     "  -d, --as-of DATE      the status date, YYYY-MM-DD (default today)\n"
     "  -o, --out DIR         write the .eml files here (default ./reminders)\n"
     "  --send                send through SMTP instead of writing files\n"
     "  --smtp-url URL        smtps://host:465 (TLS) or smtp://host:587 (STARTTLS,\n"
     "                        required); never with a user or password in it\n"
     "  --from ADDR           the sender: addr@host or \"Name <addr@host>\"\n"
     "                        (default $KAIJI_MAIL_FROM, else mail-from = in the\n"
     "                        config file, else kaiji@localhost with a warning)\n"
     "  --smtp-cacert FILE    trust this CA (PEM) for the server's certificate\n"
     "  --netrc-file FILE     the SMTP login (else $KAIJI_SMTP_USER and\n"
     "                        $KAIJI_SMTP_PASSWORD; never on the command line)\n"
     "  --min-interval DAYS   skip a vendor reminded fewer days ago (default 7)\n"
     "  --reply-by DATE       the date asked for (default 14 days after --as-of)\n"
     "  --org NAME            the hospital, for the greeting and the signature\n"
     "                        (default organization = in the config file)\n"
     "  --signer NAME         the person or department signing\n"
     "  -c, --catalog DIR     add or replace catalogs with the *.json files in DIR\n"
     "  --dry-run             say who would be reminded; write, send, record nothing\n"
     "  --portal-url URL      put a new upload link of kaiji serve --vendor-portal\n"
     "                        (at URL) for each contract into its mail\n"
     "  --link-days DAYS      how long those links last (default 30)\n"
     "  -h, --help            show this help\n"
     "Exit status: 0 every reminder written or sent (or skipped), 1 some could not\n"
     "be written or sent, 2 usage error, 3 failure.\n"),
     cli_remind, true},
    {"fetch", N_("fetch [OPTION]... [CONTRACT]..."),
     N_("download the documents vendors publish at their contracts' URLs"),
     N_("  --db PATH           the store (default $KAIJI_DB, else ./kaiji.db)\n"
     "  --as-of DATE        judge what is ingested as of this date (default today)\n"
     "  --dir DIR           keep downloads in DIR/<contract>/ (default ./downloads)\n"
     "  --allow-http        also fetch plain http:// addresses (not encrypted)\n"
     "  --cacert FILE       trust the CAs in this PEM file (a private CA)\n"
     "  --timeout SEC       give up on a server after SEC seconds (default 120)\n"
     "  --max-size BYTES    refuse files larger than this (default 64M; K, M, G allowed)\n"
     "  --allow-redirect HOST[:PORT]\n"
     "                      also follow a redirect to this server (repeatable); without\n"
     "                      it a redirect is followed only on the URL's own host and port\n"
     "  -h, --help          show this help\n"
     "Without CONTRACT, every active contract with a URL is fetched.  A file is\n"
     "downloaded only when it changed since the last fetch (ETag, Last-Modified),\n"
     "then ingested for its contract.  Exit status: 0 no fetch failed, 1 one did,\n"
     "2 usage error, 3 failure.\n"),
     cli_fetch, true},
    {"checklist", N_("checklist draft [OPTION]..."),
     N_("fill the hospital's own checklist (医療機関確認用) from the vendors' checklists"),
     N_("  -o, --output FILE           the workbook to write (default\n"
     "                              kaiji-checklist-EDITION-DATE.xlsx)\n"
     "  -d, --as-of DATE            the 確認日, and the date that picks the edition (default today)\n"
     "  -f, --from FILE             a draft the hospital filled in (Excel): its answers, 目標日\n"
     "                              and 記入者 are kept where they differ from the vendors'\n"
     "  --org NAME                  the hospital's name (医療機関名)\n"
     "  -a, --answer ID=はい|いいえ   the hospital's own answer to an item (repeatable;\n"
     "                              3②, 3-2, 3(2) and ３② name the same item)\n"
     "  -t, --target-date ID=DATE   the hospital's own 目標日 for an item (repeatable)\n"
     "  -g, --target-guideline VER  the guideline edition (default 6.0)\n"
     "  -c, --catalog DIR           add or replace catalogs with the *.json files in DIR\n"
     "  --db PATH                   the store (default $KAIJI_DB, else ./kaiji.db)\n"
     "  -h, --help                  show this help\n"
     "Takes the newest vendor checklist of each active contract that handles patient\n"
     "data.  For each item and target: はい only when every contract that answers it\n"
     "said はい; else いいえ, with the earliest 目標日 and the vendors behind it; blank\n"
     "when no vendor answers it.  備考 names the vendors; 根拠 names vendor and file\n"
     "briefly, and the sheet 根拠の詳細 gives paths and SHA-256.  A 目標日 already past\n"
     "on DATE must be set again.  The draft is read back and checked as a\n"
     "医療機関確認用 checklist.\n"
     "Exit status: 0 the draft is a valid checklist, 1 it still needs answers or\n"
     "目標日 from the hospital, 2 usage error, 3 failure.\n"),
     cli_checklist, false},
    {"serve", N_("serve [--listen HOST:PORT] [--accounts] [--tls-cert FILE --tls-key FILE] [--watch DIR] [OPTION]..."),
     N_("the disclosure desk in a browser"),
     N_("  -l, --listen HOST:PORT      where to listen (default 127.0.0.1:8470); an address\n"
     "                              other than this computer's (0.0.0.0, 192.168.1.10)\n"
     "                              serves several people, with accounts\n"
     "      --accounts              accounts and a login page on this computer too\n"
     "      --tls-cert FILE         HTTPS with this certificate (PEM) ...\n"
     "      --tls-key FILE          ... and its private key (PEM)\n"
     "      --open                  open the address in the default browser\n"
     "      --timeout SEC           drop a connection silent this long (default 30)\n"
     "      --watch DIR             check and record each new file saved in DIR (the\n"
     "                              folder Outlook saves attachments to), and its\n"
     "                              sub-folders and ZIP files, without a button\n"
     "      --watch-interval SEC    how often DIR is looked at (default 2 seconds)\n"
     "      --vendor-portal         vendor upload links (/v/...): one page per link\n"
     "      --public-url URL        the address vendors reach (default: this server's)\n"
     "      --link-days DAYS        how long a link made on a contract's page lasts\n"
     "                              (default 30)\n"
     "  -d, --as-of DATE            judge as of this date (default: today, at each page)\n"
     "  -g, --target-guideline VER  the guideline edition (default 6.0)\n"
     "  -c, --catalog DIR           add or replace catalogs with the *.json files in DIR\n"
     "  --db PATH                   the store (default $KAIJI_DB, else ./kaiji.db)\n"
     "      --from ADDR, --org NAME, --signer NAME\n"
     "                              the reminders' sender, hospital and signature, as\n"
     "                              for kaiji remind (else mail-from = and organization =\n"
     "                              of the config file)\n"
     "      --smtp-url URL, --smtp-cacert FILE, --netrc-file FILE\n"
     "                              let the reminders page send, as kaiji remind --send\n"
     "  -h, --help                  show this help\n"
     "On this computer it prints an address holding a one-time key: open it, and\n"
     "this browser stays signed in.  For several people it prints the login page's\n"
     "address; add accounts first (kaiji user add NAME --role admin).  Pages: the\n"
     "dashboard (contracts that owe something first), each contract with its\n"
     "documents and findings, adding documents (choose or drop files), reports (the\n"
     "status report to print, the status workbook, the hospital's checklist draft\n"
     "with its own answers), the register (import, edit one contract, the blank\n"
     "register), the reminders (preview, .eml, send), the catalogs, the audit log\n"
     "(administrators).  Pages are in Japanese, in English when the browser prefers\n"
     "English.  Runs until Ctrl+C.\n"
     "Exit status: 0 stopped, 2 usage error, 3 failure.\n"),
     cli_serve, true},
    {"user", N_("user add NAME --role ROLE [--site NAME] | user list [--site NAME]"),
     N_("the accounts of kaiji serve for several people"),
     N_("  add NAME            add an account, or give an existing one a new password\n"
     "                      and role; the password is asked twice (at least 10\n"
     "                      characters), or taken from $KAIJI_PASSWORD\n"
     "  list                the accounts and their roles\n"
     "  -r, --role ROLE     admin (everything), staff (add documents, read) or\n"
     "                      viewer (the inspector: read and print only)\n"
     "  --db PATH           the store (default $KAIJI_DB, else ./kaiji.db)\n"
     "  -h, --help          show this help\n"
     "Passwords are kept as Argon2id hashes.  Each account added is in the audit log.\n"
     "Exit status: 0 done, 2 usage error, 3 failure.\n"),
     cli_user, false},
    {"store", N_("store copy --from STORE --to STORE [--site NAME] | store backup FILE"
                 " | store site add NAME [--role ROLE]"),
     N_("copy a hospital between stores, back up a store, add a site to a group's store"),
     N_("  copy                copy every row of one site from the store --from to the\n"
     "                      store --to (a file or a postgresql:// URI), which must not\n"
     "                      hold that site's rows yet; counted and hashed on both\n"
     "                      sides, and nothing is kept unless they agree\n"
     "  backup FILE         copy an SQLite store into the new file FILE while others\n"
     "                      may use it (PostgreSQL: use pg_dump)\n"
     "  site add NAME       add a site (a hospital) to a PostgreSQL store\n"
     "  --from STORE        the store copied from\n"
     "  --to STORE          the store copied into\n"
     "  --site NAME         the site on the PostgreSQL side (added when copying into\n"
     "                      a store that does not have it yet)\n"
     "  --role ROLE         the PostgreSQL role that acts for the site added: whoever\n"
     "                      connects as it sees and writes that site's rows only\n"
     "  --db PATH           the store (default $KAIJI_DB, else ./kaiji.db)\n"
     "  -h, --help          show this help\n"
     "A group's role chooses its site with $KAIJI_SITE (the site's name).\n"
     "Exit status: 0 done, 2 usage error, 3 failure.\n"),
     cli_store, false},
};

static const size_t command_count = sizeof commands / sizeof commands[0];

const cli_command *cli_find_command(const char *name)
{
    for (size_t i = 0; i < command_count; i++)
        if (strcmp(commands[i].name, name) == 0)
            return &commands[i];
    return NULL;
}

void cli_print_help(const cli_command *cmd)
{
    const char *help = _(cmd->help);
    /* Every command with --db takes --site (cli/store_cli.h), said after it
     * (store's own --site is another: its help says it). */
    const char *db = strcmp(cmd->name, "store") != 0 ? strstr(help, "--db PATH") : NULL;
    const char *eol = db ? strchr(db, '\n') : NULL;
    if (!eol) {
        printf(_("usage: kaiji %s\n\n%s.\n\n%s"), _(cmd->usage), _(cmd->summary), help);
        return;
    }
    printf(_("usage: kaiji %s\n\n%s.\n\n%s"), _(cmd->usage), _(cmd->summary), "");
    printf("%.*s", (int)(eol + 1 - help), help);
    /* In the column of --db's words (an ASCII prefix: bytes are columns),
     * each line of the translation indented to it. */
    const char *words = db + strlen("--db PATH"), *line = db;
    words += strspn(words, " ");
    while (line > help && line[-1] != '\n')
        line--;
    int column = (int)(words - line);
    const char *site = _("the hospital of a group's store to work on (default\n"
                         "$KAIJI_SITE; a group's role only)");
    printf("%-*s", column, "  --site NAME");
    for (const char *p = site; *p;) {
        size_t n = strcspn(p, "\n");
        printf("%.*s\n", (int)n, p);
        p += n;
        if (*p == '\n' && *++p)
            printf("%*s", column, "");
    }
    fputs(eol + 1, stdout);
}

static void print_main_help(FILE *out)
{
    fputs(_("usage: kaiji [--version] [--help] COMMAND [ARGS]...\n\n"
            "kaiji reads the security disclosures vendors send to hospitals (JAHIS MDS/SDS,\n"
            "the MHLW checklists, NEMA MDS2) and checks them against the guideline.\n\n"
            "Commands:\n"), out);
    for (size_t i = 0; i < command_count; i++)
        fprintf(out, "  %-10s %s\n", commands[i].name, _(commands[i].summary));
    fputs(_("\nRun 'kaiji COMMAND --help' for the options of a command.\n"), out);
}

/* true when dir holds a kaiji catalog for some language (dir/xx/LC_MESSAGES/kaiji.mo). */
static bool has_catalogs(const char *dir)
{
    static const char *const probe[] = {"ja"};
    char path[PATH_MAX];
    for (size_t i = 0; i < sizeof probe / sizeof probe[0]; i++) {
        int n = snprintf(path, sizeof path, "%s/%s/LC_MESSAGES/%s.mo", dir, probe[i],
                         KAIJI_TEXTDOMAIN);
        if (n > 0 && (size_t)n < sizeof path && access(path, R_OK) == 0)
            return true;
    }
    return false;
}

/* The locale the environment names for a category: LC_ALL, else the
 * category's own variable (own), else LANG; "" when none is set. */
static const char *env_locale(const char *own)
{
    const char *names[] = {getenv("LC_ALL"), getenv(own), getenv("LANG")};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (names[i] && *names[i])
            return names[i];
    return "";
}

/* true for the C locale in each of its spellings ("" is C too). */
static bool c_locale(const char *name)
{
    return !*name || strcmp(name, "C") == 0 || strcmp(name, "POSIX") == 0 ||
           strcmp(name, "C.UTF-8") == 0 || strcmp(name, "C.utf8") == 0;
}

/* true while LC_CTYPE was left "C" for an environment that names C.UTF-8
 * (init_messages); use_environment_charset() sets it then. */
static bool charset_deferred;

/* Sets LC_CTYPE from the environment if init_messages left it: for the
 * commands marked locale_charset in the table (libcurl's IDN host names:
 * fetch, remind, serve's mail). */
static void use_environment_charset(void)
{
    if (charset_deferred)
        setlocale(LC_CTYPE, "");
    charset_deferred = false;
}

/*
 * Chooses the language from the environment (LANG, LC_ALL, LANGUAGE) and
 * where the translations are: $KAIJI_LOCALEDIR, else the installed
 * KAIJI_LOCALEDIR when it holds them, else the locale folder beside the
 * executable (the build tree's build/locale), else ../share/locale from it
 * (an installed tree moved, or staged with DESTDIR).
 */
static void init_messages(void)
{
    char exe[PATH_MAX], dir[PATH_MAX], share[PATH_MAX];
    const char *env = getenv("KAIJI_LOCALEDIR"), *language = getenv("LANGUAGE");
    const char *where = KAIJI_LOCALEDIR;

    /* Only what kaiji's behaviour depends on: the messages' language, and
     * the character set (libc's own messages, strerror, are converted to
     * it).  The other categories stay "C": numbers in files and outputs keep
     * "." (LC_NUMERIC), and none is loaded that no command uses (each is a
     * file of its own for a locale outside the archive, C.UTF-8's).
     * C.UTF-8 without LANGUAGE (a container's, a CI job's) chooses no
     * translation, kaiji's nor libc's: the messages are the built-in English
     * in "C" too, and C.UTF-8 is not loaded (its name looked up in the
     * archive and locale.alias, then its files: a twentieth of a one-file
     * validate, bench/README.md "Start-up: the link"). */
    const char *ctype = env_locale("LC_CTYPE"), *messages = env_locale("LC_MESSAGES");
    if (c_locale(ctype) && c_locale(messages) && !(language && *language)) {
        charset_deferred = strcmp(ctype, "C.UTF-8") == 0 || strcmp(ctype, "C.utf8") == 0;
    } else {
        setlocale(LC_CTYPE, "");
        setlocale(LC_MESSAGES, "");
    }
    if (env && *env) {
        where = env;
    } else if (!has_catalogs(KAIJI_LOCALEDIR)) {
        ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
        if (n > 0) {
            exe[n] = '\0';
            char *slash = strrchr(exe, '/');
            if (slash) {
                *slash = '\0';
                /* the build tree's build/locale, else a moved install's ../share/locale */
                int k = snprintf(dir, sizeof dir, "%s/locale", exe);
                int m = snprintf(share, sizeof share, "%s/../share/locale", exe);
                if (k > 0 && (size_t)k < sizeof dir && has_catalogs(dir))
                    where = dir;
                else if (m > 0 && (size_t)m < sizeof share && has_catalogs(share))
                    where = share;
            }
        }
    }
    bindtextdomain(KAIJI_TEXTDOMAIN, where);
    bind_textdomain_codeset(KAIJI_TEXTDOMAIN, "UTF-8");
}

int main(int argc, char **argv)
{
    cli_safe_streams();
    init_messages();
    if (argc < 2) {
        print_main_help(stderr);
        return EXIT_USAGE;
    }
    const char *name = argv[1];
    if (strcmp(name, "--version") == 0 || strcmp(name, "-V") == 0) {
        printf("kaiji %s\n", kaiji_version());
        return EXIT_OK;
    }
    if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0) {
        print_main_help(stdout);
        return EXIT_OK;
    }
    if (strcmp(name, "help") == 0) {
        const cli_command *cmd = argc > 2 ? cli_find_command(argv[2]) : NULL;
        if (cmd)
            cli_print_help(cmd);
        else
            print_main_help(stdout);
        return EXIT_OK;
    }
    const cli_command *cmd = cli_find_command(name);
    if (!cmd) {
        cli_error(_("'%s' is not a kaiji command; see 'kaiji --help'"), name);
        return EXIT_USAGE;
    }
    if (cmd->locale_charset)
        use_environment_charset();
    /* libzip converts every entry's time with mktime(), which without TZ
     * looks at /etc/localtime again each time; naming it once saves that. */
    setenv("TZ", ":/etc/localtime", 0);
#ifdef __GLIBC__
    /* Every document is freed before the next: without these glibc gives
     * the heap back to the kernel after each one and faults it in again for
     * the next (7 % of the time of a batch, measured by make bench). */
    mallopt(M_TRIM_THRESHOLD, 64 * 1024 * 1024);
    mallopt(M_TOP_PAD, 16 * 1024 * 1024);
#endif
    if (kaiji_global_init() != KAIJI_OK) {
        cli_error(_("cannot initialise the libraries kaiji uses"));
        return EXIT_FAILURE_;
    }
    int status = cmd->run(argc - 1, argv + 1);
    kaiji_global_shutdown();
    return status;
}
