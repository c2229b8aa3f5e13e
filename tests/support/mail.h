/*
 * tests/support/mail.h - what the mail tests share: a self-signed
 * certificate made with the openssl command, the test SMTP server
 * (tests/servers/smtp_server.py) and reading a message back (headers
 * unfolded, RFC 2047 words and the base64 body decoded).
 */
#ifndef KAIJI_TEST_MAIL_H
#define KAIJI_TEST_MAIL_H

#include <stdbool.h>
#include <stddef.h>

#include "server.h"

/* Makes dir/cert.pem and dir/key.pem (CN localhost, SAN 127.0.0.1 and
 * localhost, valid two days) with the openssl command; aborts on failure. */
void t_mail_cert(const char *dir);

typedef enum { T_SMTP_PLAIN, T_SMTP_STARTTLS, T_SMTP_IMPLICIT_TLS } t_smtp_mode;

/* Starts the test SMTP server saving into outdir; certdir holds the files
 * of t_mail_cert (unused for T_SMTP_PLAIN); user and password (both or
 * neither) make AUTH required. */
t_server t_smtp_start(t_smtp_mode mode, const char *outdir, const char *certdir,
                      const char *user, const char *password);

/* The number of NNNN.eml files in dir. */
size_t t_mail_count(const char *dir);

/* The value of header name in the message raw (unfolded, NUL-terminated,
 * malloc'd), or NULL when it has none. */
char *t_mail_header(const char *raw, const char *name);
/* value with every =?UTF-8?B?...?= word decoded (white space between two
 * words dropped); malloc'd. */
char *t_mail_decode_words(const char *value);
/* The body of raw decoded from base64 (malloc'd, NUL-terminated); NULL when
 * it is not valid base64. */
char *t_mail_body(const char *raw);

/* true when every line of raw ends in CRLF, no CR or LF stands alone, and
 * no line is longer than max characters. */
bool t_mail_lines_ok(const char *raw, size_t max);

#endif
