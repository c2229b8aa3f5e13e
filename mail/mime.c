/*
 * mail/mime.c - a reminder as an RFC 5322 / MIME message: Date, Message-ID,
 * From, To, Subject (RFC 2047 encoded-words, UTF-8, base64), MIME-Version,
 * text/plain; charset=UTF-8 in base64; CRLF line ends, lines of at most 78
 * characters; and the .eml file written for review.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <nettle/base64.h>
#include <sys/random.h>
#include <utf8proc.h>

#include "base/base.h"
#include "mail/text.h"
#include "mail/compose.h"
#include "mail/mail.h"

/* Raw bytes per encoded-word: 39 bytes are 52 base64 characters, and with
 * "=?UTF-8?B?" and "?=" the word is 64 characters (the limit is 75), so the
 * first one fits on the line of "Subject: ".  A display name takes up to 45
 * bytes (72 characters) per word: some readers keep a space between the
 * words of a name, so a usual company name is better left in one. */
#define WORD_BYTES 39
#define NAME_WORD_BYTES 45
/* Raw bytes per body line: 57 bytes are 76 base64 characters. */
#define LINE_BYTES 57

bool kaiji_mail_address_valid(const char *addr)
{
    static const char local_ok[] = "!#$%&'*+-/=?^_`{|}~.";
    if (!addr)
        return false;
    size_t n = strlen(addr);
    const char *at = strchr(addr, '@');
    if (n == 0 || n > 254 || !at || at == addr || strchr(at + 1, '@') || !at[1])
        return false;
    for (const char *p = addr; p < at; p++) {
        unsigned char c = (unsigned char)*p;
        if (!(c < 0x80 && (('a' <= (c | 0x20) && (c | 0x20) <= 'z') || ('0' <= c && c <= '9') ||
                           strchr(local_ok, c))))
            return false;
    }
    if (at[1] == '.' || at[1] == '-' || addr[n - 1] == '.' || addr[n - 1] == '-')
        return false;
    for (const char *p = at + 1; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (!(('a' <= (c | 0x20) && (c | 0x20) <= 'z') || ('0' <= c && c <= '9') || c == '.' ||
              c == '-'))
            return false;
        if (c == '.' && p[1] == '.')
            return false;
    }
    return true;
}

void kaiji_mail_message_free(kaiji_mail_message *msg)
{
    if (!msg)
        return;
    free(msg->from_addr);
    for (size_t i = 0; i < msg->rcpt_count; i++)
        free(msg->rcpt[i]);
    free(msg->rcpt);
    free(msg->subject);
    free(msg->body);
    free(msg->message_id);
    free(msg->data);
    free(msg);
}

static char *dup_range(const char *s, size_t n)
{
    char *d = malloc(n + 1);
    if (d) {
        memcpy(d, s, n);
        d[n] = '\0';
    }
    return d;
}

/*
 * Splits "Name <addr>" or "addr" into a malloc'd display name (perhaps "")
 * and address.  false when it is neither, or the address is not plain, or
 * memory runs out (then *name and *addr are NULL).
 */
static bool parse_from(const char *from, char **name, char **addr)
{
    *name = *addr = NULL;
    if (!from)
        return false;
    const char *lt = strchr(from, '<');
    if (!lt) {
        *name = strdup("");
        *addr = strdup(from);
    } else {
        const char *gt = strchr(lt, '>');
        if (!gt || gt[1] != '\0')
            return false;
        const char *s = from, *e = lt;
        while (s < e && (*s == ' ' || *s == '"'))
            s++;
        while (e > s && (e[-1] == ' ' || e[-1] == '"'))
            e--;
        *name = dup_range(s, (size_t)(e - s));
        *addr = dup_range(lt + 1, (size_t)(gt - lt - 1));
    }
    if (*name && *addr && kaiji_mail_address_valid(*addr))
        return true;
    free(*name);
    free(*addr);
    *name = *addr = NULL;
    return false;
}

bool kaiji_mail_sender_valid(const char *from)
{
    char *name, *addr;
    if (!parse_from(from, &name, &addr))
        return false;
    free(name);
    free(addr);
    return true;
}

/* Splits list on , ; and white space into msg->rcpt.  KAIJI_ERROR_INVALID
 * when an entry is not a plain address or there is none. */
static int parse_rcpt(kaiji_mail_message *msg, const char *list)
{
    static const char seps[] = ",; \t\r\n";
    const char *p = list ? list : "";
    size_t cap = 0;
    while (*p) {
        p += strspn(p, seps);
        size_t n = strcspn(p, seps);
        if (n == 0)
            break;
        char *a = dup_range(p, n);
        if (!a)
            return KAIJI_ERROR_NOMEM;
        if (!kaiji_mail_address_valid(a)) {
            free(a);
            return KAIJI_ERROR_INVALID;
        }
        if (!kaiji_grow((void **)&msg->rcpt, &cap, msg->rcpt_count + 1, sizeof *msg->rcpt, 4)) {
            free(a);
            return KAIJI_ERROR_NOMEM;
        }
        msg->rcpt[msg->rcpt_count++] = a;
        p += n;
    }
    return msg->rcpt_count ? KAIJI_OK : KAIJI_ERROR_INVALID;
}

/* Appends " " and tok, or a fold (CRLF and a space) and tok when tok would
 * pass column 78; *col is the current column, updated. */
static void put_token(kaiji_buf *b, const char *tok, size_t len, size_t *col)
{
    if (*col + 1 + len > 78) {
        kaiji_buf_append(b, "\r\n ", 3);
        *col = 1;
    } else {
        kaiji_buf_append(b, " ", 1);
        (*col)++;
    }
    kaiji_buf_append(b, tok, len);
    *col += len;
}

/* Appends text (UTF-8) as RFC 2047 encoded-words of whole characters, at
 * most max (<= NAME_WORD_BYTES) bytes each. */
static void put_encoded(kaiji_buf *b, const char *text, size_t max, size_t *col)
{
    const unsigned char *p = (const unsigned char *)text;
    size_t left = strlen(text);
    while (left > 0) {
        size_t take = 0;
        while (take < left) {
            utf8proc_int32_t cp;
            utf8proc_ssize_t n = utf8proc_iterate(p + take, (utf8proc_ssize_t)(left - take), &cp);
            size_t step = n > 0 ? (size_t)n : 1;
            if (take + step > max)
                break;
            take += step;
        }
        char word[12 + 4 * ((NAME_WORD_BYTES + 2) / 3) + 1];
        memcpy(word, "=?UTF-8?B?", 10);
        size_t elen = BASE64_ENCODE_RAW_LENGTH(take);
        base64_encode_raw(word + 10, take, p);
        memcpy(word + 10 + elen, "?=", 3);
        put_token(b, word, 12 + elen, col);
        p += take;
        left -= take;
    }
}

/* The display name (cleaned, encoded) when there is one, then <addr>. */
static void put_mailbox(kaiji_buf *b, const char *name, const char *addr, size_t *col)
{
    if (name && *name) {
        kaiji_buf clean = {0};
        kaiji_mail_put_text(&clean, name);
        char *t = kaiji_buf_detach(&clean, NULL);
        if (!t) {
            b->failed = true;
            return;
        }
        put_encoded(b, t, NAME_WORD_BYTES, col);
        free(t);
    }
    char angle[260];
    int n = snprintf(angle, sizeof angle, "<%s>", addr);
    put_token(b, angle, (size_t)n, col);
}

/* The Date: header of a message sent at now. */
static void put_date(kaiji_buf *b, time_t now)
{
    static const char *const days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    struct tm tm;
    /* The local time and its offset (+0900 in Japan), as mail programs write it. */
    if (!localtime_r(&now, &tm)) {
        b->failed = true;
        return;
    }
    long off = tm.tm_gmtoff / 60;
    char sign = off < 0 ? '-' : '+';
    off = off < 0 ? -off : off;
    kaiji_buf_printf(b, "Date: %s, %02d %s %04d %02d:%02d:%02d %c%02ld%02ld\r\n",
                          days[tm.tm_wday % 7], tm.tm_mday, months[tm.tm_mon % 12],
                          tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec, sign, off / 60,
                          off % 60);
}

/* "<random hex.kaiji@domain of from>" into msg->message_id. */
static int make_message_id(kaiji_mail_message *msg)
{
    unsigned char rnd[12];
    char hex[25];
    for (size_t got = 0; got < sizeof rnd;) {
        ssize_t r = getrandom(rnd + got, sizeof rnd - got, 0);
        if (r < 0 && errno != EINTR)
            return KAIJI_ERROR_IO;
        if (r > 0)
            got += (size_t)r;
    }
    for (size_t i = 0; i < sizeof rnd; i++)
        snprintf(hex + 2 * i, 3, "%02x", rnd[i]);
    kaiji_buf b = {0};
    kaiji_buf_printf(&b, "<%s.kaiji@%s>", hex, strchr(msg->from_addr, '@') + 1);
    msg->message_id = kaiji_buf_detach(&b, NULL);
    return msg->message_id ? KAIJI_OK : KAIJI_ERROR_NOMEM;
}

/* The body with CRLF line ends, in base64 lines of 76 characters. */
static void put_body(kaiji_buf *b, const char *text)
{
    kaiji_buf crlf = {0};
    for (const char *p = text; *p; p++) {
        if (*p == '\n')
            kaiji_buf_append(&crlf, "\r\n", 2);
        else
            kaiji_buf_append(&crlf, p, 1);
    }
    if (crlf.failed) {
        kaiji_buf_free(&crlf);
        b->failed = true;
        return;
    }
    for (size_t off = 0; off < crlf.len; off += LINE_BYTES) {
        size_t n = crlf.len - off < LINE_BYTES ? crlf.len - off : LINE_BYTES;
        char enc[BASE64_ENCODE_RAW_LENGTH(LINE_BYTES)];
        base64_encode_raw(enc, n, (const uint8_t *)crlf.data + off);
        kaiji_buf_append(b, enc, BASE64_ENCODE_RAW_LENGTH(n));
        kaiji_buf_append(b, "\r\n", 2);
    }
    kaiji_buf_free(&crlf);
}

int kaiji_mail_compose(kaiji_mail_message **out, const kaiji_mail_vendor *vendor,
                       const kaiji_mail_options *opts)
{
    int rc = KAIJI_ERROR_NOMEM;
    char *from_name = NULL;
    kaiji_buf b = {0};
    kaiji_mail_message *msg = NULL;
    time_t now = opts->now ? opts->now : time(NULL);

    *out = NULL;
    msg = calloc(1, sizeof *msg);
    if (!msg)
        goto error;
    if (!parse_from(opts->from, &from_name, &msg->from_addr) || !kaiji_mail_vendor_owes(vendor)) {
        rc = KAIJI_ERROR_INVALID;
        goto error;
    }
    if ((rc = parse_rcpt(msg, vendor->email)) != KAIJI_OK)
        goto error;
    if (!opts->draft && (rc = make_message_id(msg)) != KAIJI_OK)
        goto error;
    rc = KAIJI_ERROR_NOMEM;
    msg->subject = kaiji_mail_compose_subject();
    msg->body = kaiji_mail_compose_body(vendor, opts, msg->from_addr);
    if (!msg->subject || !msg->body)
        goto error;

    size_t col;
    if (opts->draft)
        kaiji_buf_puts(&b, "X-Unsent: 1\r\n");
    else
        put_date(&b, now);
    kaiji_buf_puts(&b, "From:");
    col = 5;
    put_mailbox(&b, *from_name ? from_name : opts->organization, msg->from_addr, &col);
    kaiji_buf_puts(&b, "\r\nTo:");
    col = 3;
    for (size_t i = 0; i < msg->rcpt_count; i++) {
        if (i > 0) {
            kaiji_buf_puts(&b, ",");
            col++;
        }
        put_mailbox(&b, i == 0 ? vendor->name : NULL, msg->rcpt[i], &col);
    }
    kaiji_buf_puts(&b, "\r\nSubject:");
    col = 8;
    put_encoded(&b, msg->subject, WORD_BYTES, &col);
    kaiji_buf_puts(&b, "\r\n");
    if (msg->message_id)
        kaiji_buf_printf(&b, "Message-ID: %s\r\n", msg->message_id);
    kaiji_buf_puts(&b, "MIME-Version: 1.0\r\n"
                            "Content-Type: text/plain; charset=UTF-8\r\n"
                            "Content-Transfer-Encoding: base64\r\n"
                            "X-Mailer: kaiji " KAIJI_VERSION_STRING "\r\n"
                            "\r\n");
    put_body(&b, msg->body);
    msg->size = b.len;
    msg->data = kaiji_buf_detach(&b, NULL);
    if (!msg->data)
        goto error;
    free(from_name);
    *out = msg;
    return KAIJI_OK;

error:
    kaiji_buf_free(&b);
    free(from_name);
    kaiji_mail_message_free(msg);
    return rc;
}

/* Appends to path the address a as a file name: letters, digits, '.', '@',
 * '-' and '_' as they are, every other byte as %XX, so that two addresses
 * never give one name (a+b@ and a_b@ stay apart). */
static void put_address_name(kaiji_buf *path, const char *a)
{
    for (const unsigned char *p = (const unsigned char *)a; *p; p++) {
        unsigned char c = *p;
        bool ok = ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z') || ('0' <= c && c <= '9') ||
                  c == '.' || c == '@' || c == '-' || c == '_';
        if (ok)
            kaiji_buf_append(path, (const char *)p, 1);
        else
            kaiji_buf_printf(path, "%%%02X", c);
    }
}

#define MAX_SAME_NAME 1000

int kaiji_mail_write_eml(char **out, const kaiji_mail_message *msg, const char *dir,
                         kaiji_date as_of)
{
    int rc = KAIJI_ERROR_NOMEM;
    int fd = -1;
    char date[11];
    kaiji_buf stem = {0}, path = {0}, tmp = {0};

    *out = NULL;
    if (mkdir(dir, 0700) != 0 && errno != EEXIST)
        return KAIJI_ERROR_IO;
    kaiji_buf_printf(&stem, "%s/%s_", dir, kaiji_date_format(date, as_of));
    put_address_name(&stem, msg->rcpt_count ? msg->rcpt[0] : "vendor");
    kaiji_buf_printf(&tmp, "%s.XXXXXX", stem.failed ? "" : stem.data);
    if (stem.failed || tmp.failed)
        goto error;
    rc = KAIJI_ERROR_IO;
    fd = mkstemp(tmp.data);
    if (fd < 0)
        goto error;
    for (size_t off = 0; off < msg->size;) {
        ssize_t n = write(fd, msg->data + off, msg->size - off);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            goto error;
        off += (size_t)n;
    }
    if (fsync(fd) != 0 || close(fd) != 0) {
        fd = -1;
        goto error;
    }
    fd = -1;
    /* link() never replaces a file: a draft written before (the same day,
     * the same address) stays, and this one takes the next free name. */
    for (int k = 1; k <= MAX_SAME_NAME; k++) {
        kaiji_buf_free(&path);
        if (k == 1)
            kaiji_buf_printf(&path, "%s.eml", stem.data);
        else
            kaiji_buf_printf(&path, "%s-%d.eml", stem.data, k);
        if (path.failed) {
            rc = KAIJI_ERROR_NOMEM;
            goto error;
        }
        if (link(tmp.data, path.data) == 0)
            break;
        if (errno != EEXIST || k == MAX_SAME_NAME)
            goto error;
    }
    unlink(tmp.data);
    kaiji_buf_free(&tmp);
    kaiji_buf_free(&stem);
    *out = kaiji_buf_detach(&path, NULL);
    return *out ? KAIJI_OK : KAIJI_ERROR_NOMEM;

error:
    if (fd >= 0)
        close(fd);
    if (tmp.data && !tmp.failed)
        unlink(tmp.data);
    kaiji_buf_free(&tmp);
    kaiji_buf_free(&stem);
    kaiji_buf_free(&path);
    return rc;
}
