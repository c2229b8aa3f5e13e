/*
 * mail/text.h - text from outside put into a message being built (internal
 * to mail/); the message itself grows in a kaiji_buf (base/buf.h).
 */
#ifndef KAIJI_MAIL_TEXT_H
#define KAIJI_MAIL_TEXT_H

#include "base/buf.h"

/* Appends s (NULL: nothing) as text from outside: invalid UTF-8 becomes
 * U+FFFD, control characters (line breaks, tabs too) become one space. */
void kaiji_mail_put_text(kaiji_buf *b, const char *s);

#endif
