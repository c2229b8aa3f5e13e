/*
 * model/i18n.h - translation of the library's and the command's messages.
 *
 * Every message is looked up with dgettext() in the "kaiji" text domain, so
 * the library never touches the program's own domain nor any global state:
 * the program chooses the language (setlocale) and where the catalogs are
 * (bindtextdomain; see cli/main.c).  Without that, or in the C locale, the
 * English msgid is used as it is.  N_() marks a string in a static table;
 * it is translated where it is used, with _().
 */
#ifndef KAIJI_I18N_H
#define KAIJI_I18N_H

#include <libintl.h>

#define KAIJI_TEXTDOMAIN "kaiji"

#define _(s) dgettext(KAIJI_TEXTDOMAIN, s)
#define N_(s) s

/* A word whose translation depends on where it stands ("outdated" of a
 * document or of a contract): looked up as gettext's msgctxt does. */
static inline __attribute__((format_arg(2))) const char *kaiji_pgettext(const char *ctx_msgid,
                                                                        const char *msgid)
{
    const char *t = dgettext(KAIJI_TEXTDOMAIN, ctx_msgid);
    return t == ctx_msgid ? msgid : t;
}
#define C_(ctx, s) kaiji_pgettext(ctx "\004" s, s)

#endif
