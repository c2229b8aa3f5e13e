/*
 * mail/mail.h - the reminder e-mails of `kaiji remind`: composing one
 * message per vendor (Japanese business style, then English), writing it as
 * an .eml file for review, and sending it through SMTP with libcurl.
 *
 * Internal to libkaiji and the kaiji command (not installed).  The caller
 * describes a vendor and its contracts with the plain structs below (it owns
 * every string in them); kaiji_mail_compose() turns that into a whole
 * RFC 5322 / MIME message: headers with RFC 2047 encoded-words, a
 * text/plain; charset=UTF-8 body in base64, CRLF line ends, no line over 78
 * characters.  Nothing here keeps global state; sending loads libcurl when
 * it is first needed (mail/curl.h).
 */
#ifndef KAIJI_MAIL_H
#define KAIJI_MAIL_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "kaiji/document.h"

/* What a contract still lacks, as `kaiji status` says it. */
typedef enum kaiji_mail_contract_state {
    KAIJI_MAIL_CONTRACT_MISSING = 0, /* not received, due date not passed */
    KAIJI_MAIL_CONTRACT_OVERDUE,     /* not received, due date passed */
    KAIJI_MAIL_CONTRACT_OUTDATED,    /* received, made for an older edition */
    KAIJI_MAIL_CONTRACT_INVALID,     /* received, with errors */
    KAIJI_MAIL_CONTRACT_SETTLED      /* complete, not-required: nothing owed */
} kaiji_mail_contract_state;

/* The state of one required document of a contract. */
typedef enum kaiji_mail_doc_state {
    KAIJI_MAIL_DOC_MISSING = 0, /* nothing received */
    KAIJI_MAIL_DOC_OUTDATED,
    KAIJI_MAIL_DOC_INVALID,
    KAIJI_MAIL_DOC_UNREADABLE,
    KAIJI_MAIL_DOC_OK           /* valid and current: not mentioned */
} kaiji_mail_doc_state;

/* "missing", "overdue", "outdated", "invalid"; anything else (complete,
 * not-required) is SETTLED. */
kaiji_mail_contract_state kaiji_mail_contract_state_from_name(const char *name);
/* "missing", "outdated", "invalid", "unreadable"; anything else is OK. */
kaiji_mail_doc_state kaiji_mail_doc_state_from_name(const char *name);

/* A finding on a received document (see kaiji/document.h). */
typedef struct kaiji_mail_finding {
    kaiji_severity severity; /* INFO findings are not mentioned */
    const char *code;        /* "no-without-target-date" */
    const char *item;        /* "2⑤", or "" / NULL */
    const char *message;     /* the English message, or "" / NULL */
} kaiji_mail_finding;

typedef struct kaiji_mail_document {
    const char *type;         /* "mds", "sds", "checklist" (or a kind name) */
    kaiji_mail_doc_state state;
    const char *name;         /* the file received, "" / NULL when none */
    const char *form_version; /* "4.1", "R6", or "" / NULL */
    const kaiji_mail_finding *findings;
    size_t finding_count;
} kaiji_mail_document;

typedef struct kaiji_mail_contract {
    const char *id;      /* 契約番号 */
    const char *system;  /* システム名/機器名, "" / NULL when none */
    const char *product; /* "" / NULL when none */
    kaiji_mail_contract_state state;
    kaiji_date due;      /* 回答期限; year 0 when none */
    const kaiji_mail_document *documents;
    size_t document_count;
    const char *upload_url; /* the vendor's upload link (kaiji serve), "" / NULL when none */
    kaiji_date upload_until; /* the last day it works; year 0 when not said */
} kaiji_mail_contract;

typedef struct kaiji_mail_vendor {
    const char *name;  /* 事業者名 */
    const char *email; /* one address, or several separated by , ; or spaces */
    const kaiji_mail_contract *contracts;
    size_t contract_count;
} kaiji_mail_vendor;

typedef struct kaiji_mail_options {
    const char *from;         /* "addr@host" or "Name <addr@host>"; required */
    const char *organization; /* the hospital, for the greeting and 署名 */
    const char *signer;       /* the person or department signing */
    kaiji_date as_of;         /* the date of the status the mail reports */
    kaiji_date reply_by;      /* 期限 asked for; year 0: none stated */
    time_t now;               /* the Date: header; 0 means the current time */
    bool draft;               /* a draft for the hospital to open, edit and send (an
                                 .eml file): X-Unsent: 1 (Outlook opens it as a new
                                 message), and no Date or Message-ID, which would
                                 make it look received; message_id is then NULL */
} kaiji_mail_options;

/* A composed message.  Every field is owned by it. */
typedef struct kaiji_mail_message {
    char *from_addr;   /* the envelope sender (bare address) */
    char **rcpt;       /* the recipients' bare addresses */
    size_t rcpt_count;
    char *subject;     /* UTF-8, as decoded */
    char *body;        /* UTF-8 text with LF line ends, as decoded */
    char *message_id;  /* "<...@host>"; NULL for a draft */
    char *data;        /* the whole message: headers and base64 body, CRLF */
    size_t size;       /* bytes in data */
} kaiji_mail_message;

/* true when the vendor owes something: one contract not SETTLED. */
bool kaiji_mail_vendor_owes(const kaiji_mail_vendor *vendor);

/*
 * Composes the reminder to vendor: one message grouping every contract
 * that is not SETTLED, what each lacks and the findings of each received
 * document, in Japanese and then in English.  *out is the caller's, freed
 * with kaiji_mail_message_free().  Returns KAIJI_OK, KAIJI_ERROR_NOMEM, or
 * KAIJI_ERROR_INVALID when opts->from or the vendor's e-mail is not a
 * plain address (no header can be smuggled in) or the vendor owes nothing;
 * then *out is NULL.
 */
int kaiji_mail_compose(kaiji_mail_message **out, const kaiji_mail_vendor *vendor,
                       const kaiji_mail_options *opts);
void kaiji_mail_message_free(kaiji_mail_message *msg);

/* true when addr is one plain address (local@domain, printable ASCII, no
 * spaces, brackets or line breaks, at most 254 bytes). */
bool kaiji_mail_address_valid(const char *addr);

/* true when from is what kaiji_mail_options.from accepts: "addr@host" or
 * "Name <addr@host>" with a plain address. */
bool kaiji_mail_sender_valid(const char *from);

/*
 * Writes msg->data to DIR/STEM.eml, where STEM is "YYYY-MM-DD_" (as_of)
 * followed by the first recipient's address made safe for a file name
 * (other bytes than letters, digits, . @ - _ as %XX, so two addresses never
 * share a name); creates dir when missing (not its parents); the file is
 * written to a temporary name, then linked to its name, mode 0600.  A file
 * already there is never replaced: the message takes STEM-2.eml, STEM-3.eml…  *out is the path written
 * (malloc'd, the caller's) or NULL on failure.  Returns KAIJI_OK,
 * KAIJI_ERROR_NOMEM or KAIJI_ERROR_IO.
 */
int kaiji_mail_write_eml(char **out, const kaiji_mail_message *msg, const char *dir,
                         kaiji_date as_of);

/* How to reach the SMTP server.  Credentials come from netrc_file when it
 * is set, else from user/password when both are set, else none. */
typedef struct kaiji_mail_smtp {
    const char *url;        /* smtps://host[:port] or smtp://host[:port] */
    const char *cacert;     /* a CA bundle (PEM) to trust, or NULL */
    const char *netrc_file; /* a netrc file with the login, or NULL */
    const char *user;
    const char *password;
    long connect_timeout;   /* seconds; 0 means 30 */
    long timeout;           /* seconds for the whole transfer; 0 means 120 */
} kaiji_mail_smtp;

/* Sets user and password from $KAIJI_SMTP_USER and $KAIJI_SMTP_PASSWORD
 * (the strings stay the environment's). */
void kaiji_mail_smtp_from_env(kaiji_mail_smtp *smtp);

/*
 * NULL when url is one kaiji will send to: smtps:// (TLS from the start)
 * or smtp:// (STARTTLS, required), with a host and nothing after the port
 * but an optional "/" and domain; else a static English reason.
 */
const char *kaiji_mail_smtp_url_problem(const char *url);

/*
 * Sends msg through smtp->url: TLS required (implicit for smtps://, STARTTLS
 * for smtp:// — a server that does not offer it is refused), the peer's
 * certificate and host name verified.  Returns KAIJI_OK, or
 * KAIJI_ERROR_INVALID (bad URL), KAIJI_ERROR_IO (the sending failed) or
 * KAIJI_ERROR_NOMEM with *out a malloc'd English reason (the caller's;
 * never holding the password), else *out is NULL.
 */
int kaiji_mail_send(char **out, const kaiji_mail_message *msg, const kaiji_mail_smtp *smtp);

#endif
