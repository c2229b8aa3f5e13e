/*
 * platform/lang.c - a thread's language on POSIX systems (platform/platform.h):
 * two locales made once, switched to with uselocale.
 */
#include "platform/platform.h"

#include <locale.h>
#include <stdlib.h>

struct kaiji_langs {
    locale_t ja, en; /* (locale_t)0: the process's */
};

bool kaiji_langs_new(kaiji_langs **out, const char *domain)
{
    kaiji_langs *l = calloc(1, sizeof *l);
    (void)domain; /* dgettext follows the thread's locale for every domain */
    *out = l;
    if (!l)
        return false;
    /* Japanese, numbers with "."; English with untranslated messages
     * (LC_MESSAGES "C": LANGUAGE is not consulted) */
    if ((l->ja = newlocale(LC_ALL_MASK, "ja_JP.UTF-8", (locale_t)0))) {
        locale_t num = newlocale(LC_NUMERIC_MASK, "C", l->ja);
        if (num)
            l->ja = num;
    }
    l->en = newlocale(LC_ALL_MASK, "C.UTF-8", (locale_t)0);
    if (!l->en) {
        l->en = newlocale(LC_ALL_MASK, "C", (locale_t)0);
    } else {
        locale_t msg = newlocale(LC_MESSAGES_MASK, "C", l->en);
        if (msg)
            l->en = msg;
    }
    return true;
}

void kaiji_langs_free(kaiji_langs *langs)
{
    if (!langs)
        return;
    if (langs->ja)
        freelocale(langs->ja);
    if (langs->en)
        freelocale(langs->en);
    free(langs);
}

kaiji_lang_saved kaiji_lang_begin(const kaiji_langs *langs, kaiji_lang lang)
{
    kaiji_lang_saved saved = {NULL, false};
    locale_t l = !langs ? (locale_t)0 : lang == KAIJI_LANG_EN ? langs->en : langs->ja;
    if (l) {
        saved.was = (void *)uselocale(l);
        saved.set = true;
    }
    return saved;
}

void kaiji_lang_end(kaiji_lang_saved saved)
{
    if (saved.set)
        uselocale((locale_t)saved.was);
}
