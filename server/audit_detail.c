/*
 * server/audit_detail.c - an entry of the audit log in the words of the page
 * (server/internal.h): its time as this computer's local time, in the page's
 * style of dates (和暦 in Japanese), and its detail as a sentence built from
 * the values the detail holds.  The store keeps what the code wrote, for
 * programs (the CSV's columns at and detail): values as key=value
 * ("sent=2 skipped=0 failed=1", read by store/remind.h), or the fixed forms of earlier entries
 * ("files 3: recorded 3, …", "NAME sha256:… valid", "vendors 2"), read
 * here into their values.  A detail of no known form is shown as recorded,
 * under a label that says so.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/base.h"
#include "base/buf.h"
#include "kaiji/store.h"
#include "model/i18n.h"
#include "parser/inputs.h"
#include "report/words.h"
#include "server/internal.h"
#include "store/remind.h"
#include "text/text.h"

const char *srv_audit_when(char *buf, size_t size, const char *at)
{
    int y, mo, d, h, mi, s, used = -1;
    struct tm tm;
    char day[KAIJI_DATE_SHOW_MAX];
    if (sscanf(at, "%4d-%2d-%2dT%2d:%2d:%2dZ%n", &y, &mo, &d, &h, &mi, &s, &used) != 6 ||
        used != (int)strlen(at) || !kaiji_date_valid((kaiji_date){y, mo, d}) || h > 23 ||
        mi > 59 || s > 60) {
        snprintf(buf, size, "%s", at); /* not a time the log writes: as it is */
        return buf;
    }
    time_t t = (time_t)((long long)kaiji_days_from_civil(y, mo, d) * 86400 + h * 3600 +
                        mi * 60 + s);
    if (!localtime_r(&t, &tm)) {
        snprintf(buf, size, "%s", at);
        return buf;
    }
    kaiji_date local = {tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
    snprintf(buf, size, "%s %02d:%02d:%02d",
             kaiji_text_date_show(day, sizeof day, local, srv_date_style()), tm.tm_hour,
             tm.tm_min, tm.tm_sec);
    return buf;
}

/* The status of its code (kaiji_status_name); false for none. */
static bool status_of(const char *code, size_t len, kaiji_status *out)
{
    for (int s = KAIJI_STATUS_UNCHECKED; s <= KAIJI_STATUS_UNREADABLE; s++) {
        const char *name = kaiji_status_name((kaiji_status)s);
        if (strlen(name) == len && strncmp(name, code, len) == 0) {
            *out = (kaiji_status)s;
            return true;
        }
    }
    return false;
}

/* A file taken in (upload, watch): "NAME sha256:HEX12 STATUS[ (received
 * before)]" or "NAME sha256:HEX12 (received before)". */
static bool file_taken(kaiji_buf *b, const char *detail)
{
    static const char again[] = "(received before)";
    const char *mark = NULL;
    for (const char *p = detail; (p = strstr(p, " sha256:")); p++)
        mark = p; /* the last: a file's name may hold one */
    if (!mark)
        return false;
    const char *hex = mark + strlen(" sha256:");
    size_t hlen = strspn(hex, "0123456789abcdef");
    if (hlen == 0 || hex[hlen] != ' ')
        return false;
    const char *rest = hex + hlen + 1;
    char *name = kaiji_strprintf("%.*s", (int)(mark - detail), detail);
    char *file = name ? kaiji_strprintf(_("%s (SHA-256 %.*s…)"), name, (int)hlen, hex) : NULL;
    bool ok = true;
    kaiji_status st;
    size_t slen = strcspn(rest, " ");
    if (!file) {
        ok = false;
    } else if (strcmp(rest, again) == 0) {
        kaiji_buf_printf(b, _("%s: received before, nothing changed"), file);
    } else if (status_of(rest, slen, &st) && rest[slen] == '\0') {
        kaiji_buf_printf(b, _("%s: recorded (%s)"), file, kaiji_word_status(st));
    } else if (status_of(rest, slen, &st) && strcmp(rest + slen, " (received before)") == 0) {
        kaiji_buf_printf(b, _("%s: received before (%s)"), file, kaiji_word_status(st));
    } else {
        ok = false;
    }
    free(file);
    free(name);
    return ok;
}

/* A file the watched folder did not read: "NAME not read: REASON", the
 * reason a code (not-read-pdf …) or the reader's message. */
static bool file_not_read(kaiji_buf *b, const char *detail)
{
    const char *mark = strstr(detail, " not read: ");
    if (!mark)
        return false;
    const char *why = mark + strlen(" not read: ");
    char *name = kaiji_strprintf("%.*s", (int)(mark - detail), detail);
    if (!name)
        return false;
    bool code = why[0] && strspn(why, "abcdefghijklmnopqrstuvwxyz-") == strlen(why) &&
                (strncmp(why, "not-read-", 9) == 0 || strncmp(why, "archive-", 8) == 0 ||
                 strncmp(why, "folder-", 7) == 0);
    if (code) {
        kaiji_not_read r = {.reason = why};
        kaiji_buf_printf(b, _("%s: not read: %s"), name, kaiji_not_read_reason(&r));
    } else {
        kaiji_buf_printf(b, _("%s: cannot be read: %s"), name, why);
    }
    free(name);
    return true;
}

/* kaiji ingest's counts: "files N: recorded N, already there N, linked N,
 * not linked N". */
static bool ingest_counts(kaiji_buf *b, const char *detail)
{
    size_t files, recorded, again, linked, unlinked;
    int used = -1;
    if (sscanf(detail, "files %zu: recorded %zu, already there %zu, linked %zu, not linked %zu%n",
               &files, &recorded, &again, &linked, &unlinked, &used) != 5 ||
        used != (int)strlen(detail))
        return false;
    kaiji_buf_printf(b,
                     _("%zu files: %zu recorded, %zu received before, %zu linked to a contract, "
                       "%zu not linked"),
                     files, recorded, again, linked, unlinked);
    return true;
}

/* The reminders: "drafted=N skipped=N failed=N" or "sent=…"; before them,
 * "vendors N", which counted every vendor, the ones that failed too. */
static bool remind_counts(kaiji_buf *b, const char *detail)
{
    kaiji_remind_counts c;
    size_t vendors;
    int used = -1;
    if (kaiji_remind_audit_parse(&c, detail)) {
        kaiji_buf_printf(b,
                         c.sent ? _("%zu reminder mails sent, %zu failed, %zu vendors skipped "
                                  "(reminded a short while before)")
                              : _("%zu reminder mails drafted, %zu failed, %zu vendors skipped "
                                  "(reminded a short while before)"),
                         c.done, c.failed, c.skipped);
        return true;
    }
    if (sscanf(detail, "vendors %zu%n", &vendors, &used) == 1 && used == (int)strlen(detail)) {
        kaiji_buf_printf(b,
                         _("%zu vendors (as an earlier version recorded it: the number of "
                           "vendors, whether or not their mail failed)"),
                         vendors);
        return true;
    }
    return false;
}

/* A detail that is one word of a known few: its words, or NULL. */
static const char *word_of(const char *action, const char *detail)
{
    static const struct {
        const char *action, *detail, *words;
    } words[] = {
        {"login-failed", "", N_("the password did not match")},
        {"login-failed", "locked", N_("the account is locked after repeated failures")},
        {"login-failed", "unknown account", N_("no such account")},
        {"login-failed", "another site's account", N_("an account of another site")},
        {"catalog-import", "", N_("the file was not imported")},
        {"catalog-import", "not written",
         N_("not saved: the server has no catalog folder (shown on the page to be saved)")},
        {"vendor-link", "new", N_("a new upload link")},
        {"vendor-link", "reminder", N_("an upload link sent in a reminder mail")},
        {"register-import", "XLSX", N_("an Excel workbook")},
    };
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (strcmp(action, words[i].action) == 0 && strcmp(detail, words[i].detail) == 0)
            return _(words[i].words);
    return NULL;
}

/* The detail of the action in words into b; false when it is of no form
 * known for that action. */
static bool detail_words(kaiji_buf *b, const char *action, const char *detail)
{
    const char *word = word_of(action, detail);
    size_t n;
    int used = -1;
    kaiji_role role;
    if (word) {
        kaiji_buf_puts(b, word);
        return true;
    }
    if (!detail[0])
        return true; /* nothing more to say (a login, a logout) */
    if (strcmp(action, "ingest") == 0)
        return ingest_counts(b, detail) || file_taken(b, detail) || file_not_read(b, detail);
    if (strcmp(action, "upload") == 0)
        return file_taken(b, detail);
    if (strcmp(action, "remind-drafts") == 0 || strcmp(action, "remind-sent") == 0)
        return remind_counts(b, detail);
    if (strcmp(action, "contract-edit") == 0)
        return srv_contract_changes_words(b, detail);
    if (strcmp(action, "register-import") == 0)
        return kaiji_buf_printf(b, _("a CSV file in %s"), detail), true;
    if (strcmp(action, "catalog-import") == 0)
        return kaiji_buf_printf(b, _("saved as %s"), detail), true;
    if (strcmp(action, "link") == 0)
        return kaiji_buf_printf(b, _("the file %s"), detail), true;
    if (strcmp(action, "user-add") == 0 && kaiji_role_parse(detail, &role))
        return kaiji_buf_printf(b, _("role: %s"), kaiji_word_role(role)), true;
    if (strcmp(action, "site-add") == 0)
        return kaiji_buf_printf(b, _("database role: %s"), detail), true;
    if (strcmp(action, "vendor-link-revoke") == 0 &&
        sscanf(detail, "revoked %zu%n", &n, &used) == 1 && used == (int)strlen(detail))
        return kaiji_buf_printf(b, _("%zu links revoked"), n), true;
    if (strcmp(action, "checklist-answers") == 0 &&
        sscanf(detail, "%zu answered%n", &n, &used) == 1 && used == (int)strlen(detail))
        return kaiji_buf_printf(b, _("%zu items answered"), n), true;
    return false;
}

char *srv_audit_detail(const kaiji_audit_entry *e)
{
    kaiji_buf b;
    kaiji_buf_init(&b);
    if (!detail_words(&b, e->action, e->detail)) {
        kaiji_buf_reset(&b);
        kaiji_buf_printf(&b, _("as recorded: %s"), e->detail);
    }
    return kaiji_buf_detach(&b, NULL);
}
