/*
 * store/remind.h - who would be reminded, and of what: the contracts of a
 * status report that owe something, grouped by vendor as the reminder mails
 * read them (mail/mail.h).  kaiji remind and kaiji serve's reminders page
 * both build their mails from it.  Library-internal: not installed.
 */
#ifndef KAIJI_STORE_REMIND_H
#define KAIJI_STORE_REMIND_H

#include "base/buf.h"
#include "kaiji/store.h"
#include "mail/mail.h"

/* The reply asked for, in days after the status date, unless said otherwise. */
#define KAIJI_REMIND_REPLY_DAYS 14

/* One vendor's contracts that owe something, as the mail module reads them. */
typedef struct kaiji_remind_vendor {
    char *key;                      /* kaiji_store_name_key of the vendor */
    const char *name;               /* as in the register (first contract) */
    kaiji_buf emails;               /* the distinct addresses, ", " between */
    kaiji_mail_contract *contracts; /* count of them */
    const char **ids;
    size_t count;
} kaiji_remind_vendor;

typedef struct kaiji_remind_list {
    kaiji_remind_vendor *items;
    size_t count;
    /* Storage for the documents and findings the contracts point into. */
    kaiji_mail_document *docs;
    kaiji_mail_finding *findings;
} kaiji_remind_list;

/*
 * Groups the contracts of report that owe something by vendor (compared by
 * kaiji_store_name_key, with st's vocabulary): the vendors in the order of
 * their first such contract, each with its contracts in report order and
 * its distinct addresses in the order met.  The mail structs point into
 * report, which must outlive *out.  Returns KAIJI_OK or KAIJI_ERROR_NOMEM;
 * free *out with kaiji_remind_list_free.
 */
int kaiji_remind_group(kaiji_remind_list *out, kaiji_store *st, const kaiji_status_report *report);
void kaiji_remind_list_free(kaiji_remind_list *l);

/*
 * The date of the last mail to each vendor of list (by its key, as
 * kaiji_store_last_mail compares), sent by method ("smtp", "eml") or by any
 * when method is NULL, in out[i] (list->count of them; year 0: none): one
 * query for the site st works on, not one a vendor.  Returns KAIJI_OK, or
 * the store's or memory's failure (kaiji_store_errmsg says which).
 */
int kaiji_remind_last_mails(kaiji_date *out, kaiji_store *st, const kaiji_remind_list *list,
                            const char *method);

/* The mail of one vendor of the list, as kaiji_mail_compose reads it. */
kaiji_mail_vendor kaiji_remind_mail_vendor(const kaiji_remind_vendor *v);

/*
 * Gives each contract of v a new vendor upload link (kaiji serve
 * --vendor-portal, reached at portal_url) that lasts days from Unix time
 * now, made by actor and written in the audit log ("vendor-link"): its URL
 * and last day go into v's mail contracts.  urls (v->count of them, zeroed
 * by the caller) holds the URLs until kaiji_remind_drop_links, after the
 * mail is composed.  A contract no longer in force gets none.  Returns
 * KAIJI_OK, KAIJI_ERROR_INVALID (portal_url), or the store's or memory's
 * failure (kaiji_store_errmsg says which).  In store/links.c.
 */
int kaiji_remind_add_links(char **urls, const kaiji_remind_vendor *v, kaiji_store *st,
                           const char *portal_url, unsigned days, const char *actor,
                           long long now);
/* Frees the URLs of kaiji_remind_add_links and takes them out of v's mail. */
void kaiji_remind_drop_links(char **urls, const kaiji_remind_vendor *v);

/* What one run of reminders did, as its line of the audit log keeps it. */
typedef struct kaiji_remind_counts {
    bool sent;      /* sent by SMTP ("remind-sent"), or written as drafts ("remind-drafts") */
    size_t done;    /* mails sent or drafted */
    size_t skipped; /* vendors skipped: reminded a short while before */
    size_t failed;  /* mails that could not be sent or written: never counted as done */
} kaiji_remind_counts;

/* Room for kaiji_remind_audit_detail's text. */
#define KAIJI_REMIND_DETAIL_MAX 96

/* The audit log's action of a run: "remind-sent" or "remind-drafts". */
const char *kaiji_remind_audit_action(const kaiji_remind_counts *c);
/*
 * The audit log's detail of a run, values for programs ("sent=2 skipped=0
 * failed=1", "drafted=…" for drafts), into buf (size bytes,
 * KAIJI_REMIND_DETAIL_MAX is enough).  kaiji remind and kaiji serve's
 * reminders page write it; the audit page reads it back with
 * kaiji_remind_audit_parse.  Returns buf.
 */
const char *kaiji_remind_audit_detail(char *buf, size_t size, const kaiji_remind_counts *c);
/* A detail of kaiji_remind_audit_detail's form read back into *out; false
 * (*out untouched) for one of another form. */
bool kaiji_remind_audit_parse(kaiji_remind_counts *out, const char *detail);

/* One reminder recorded about a contract (kaiji_store_record_mail). */
typedef struct kaiji_reminder_sent {
    kaiji_date date;   /* the date it counts for */
    char *sent_at;     /* "YYYY-MM-DDTHH:MM:SSZ" */
    char *method;      /* "smtp" (sent) or "eml" (written as a draft) */
    char *email;       /* the address written to */
} kaiji_reminder_sent;

typedef struct kaiji_reminder_list {
    kaiji_reminder_sent *items; /* newest first */
    size_t count;
} kaiji_reminder_list;

/* The reminders recorded about contract_id, newest first, in *out (free
 * with kaiji_reminder_list_free).  KAIJI_OK, KAIJI_ERROR_IO, KAIJI_ERROR_NOMEM. */
int kaiji_store_reminders_sent(kaiji_reminder_list **out, kaiji_store *store,
                               const char *contract_id);
void kaiji_reminder_list_free(kaiji_reminder_list *list);

#endif
