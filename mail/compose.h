/*
 * mail/compose.h - the words of a reminder (internal to mail/): the
 * subject and the plain-text body, UTF-8 with LF line ends, both malloc'd
 * (NULL when memory runs out).  mail/mime.c wraps them into a message.
 */
#ifndef KAIJI_MAIL_COMPOSE_H
#define KAIJI_MAIL_COMPOSE_H

#include "mail/mail.h"

char *kaiji_mail_compose_subject(void);
/* The body for vendor: its contracts that are not settled; from_addr goes
 * into the 署名. */
char *kaiji_mail_compose_body(const kaiji_mail_vendor *vendor, const kaiji_mail_options *opts,
                              const char *from_addr);

#endif
