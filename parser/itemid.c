/*
 * parser/itemid.c - the grammar of item IDs: how a form numbers its items
 * (1, 2(1), 2⑦, 2-(3), 1-1, 1.2.3, S1-1, MDS-1-1, and the MDS2 questions
 * AUDT-1.2), made comparable (norm_id) and classified (classify_id), and
 * whether one ID opens the section of the next (extends).
 */
#include <ctype.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "parser/itemid.h"
#include "parser/recognize_internal.h"
#include "text/text.h"

/* The circled number cp stands for (① is 1), or 0. */
static int circled(utf8proc_int32_t cp)
{
    if (cp >= 0x2460 && cp <= 0x2473)
        return (int)(cp - 0x2460 + 1);
    if (cp >= 0x24F5 && cp <= 0x24FE)
        return (int)(cp - 0x24F5 + 1);
    if (cp >= 0x24EB && cp <= 0x24F4)
        return (int)(cp - 0x24EB + 11);
    if (cp >= 0x2776 && cp <= 0x277F)
        return (int)(cp - 0x2776 + 1);
    if (cp >= 0x2780 && cp <= 0x2789)
        return (int)(cp - 0x2780 + 1);
    if (cp >= 0x278A && cp <= 0x2793)
        return (int)(cp - 0x278A + 1);
    if (cp >= 0x3251 && cp <= 0x325F)
        return (int)(cp - 0x3251 + 21);
    if (cp >= 0x32B1 && cp <= 0x32BF)
        return (int)(cp - 0x32B1 + 36);
    return 0;
}

bool kaiji_rec_norm_id(const char *s, char *out, size_t out_size)
{
    size_t len = strlen(s), pos = 0, n = 0;

    if (len > MAX_ID_BYTES)
        return false;
    while (pos < len) {
        utf8proc_int32_t cp, buf[24];
        utf8proc_ssize_t used, k, count;
        int boundclass = 0;

        if ((unsigned char)s[pos] < 0x80) { /* ASCII decoded in line */
            cp = (unsigned char)s[pos];
            used = 1;
        } else {
            used = utf8proc_iterate((const utf8proc_uint8_t *)s + pos,
                                    (utf8proc_ssize_t)(len - pos), &cp);
        }
        if (used <= 0)
            return false;
        pos += (size_t)used;
        if (cp < 0x80) {
            /* ASCII decomposes to itself; controls and the space go. */
            if (cp < 0x20 || cp == 0x7f || cp == ' ')
                continue;
            if (n + 5 >= out_size)
                return false;
            out[n++] = (char)cp;
            continue;
        }
        if (circled(cp)) {
            buf[0] = cp;
            count = 1;
        } else {
            count = utf8proc_decompose_char(cp, buf, 24,
                                            UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT,
                                            &boundclass);
            if (count < 0 || count > 24)
                return false;
        }
        for (k = 0; k < count; k++) {
            utf8proc_int32_t c = buf[k];
            const utf8proc_property_t *p = utf8proc_get_property(c);

            if (c < 0x20 || c == 0x7f || p->category == UTF8PROC_CATEGORY_ZS)
                continue;
            if ((c >= 0x2010 && c <= 0x2015) || c == 0x2212 || c == 0x30FC)
                c = '-';
            if (n + 5 >= out_size)
                return false;
            n += (size_t)utf8proc_encode_char(c, (utf8proc_uint8_t *)out + n);
        }
    }
    while (n > 0 && out[n - 1] == '.')
        n--;
    out[n] = '\0';
    return true;
}

size_t kaiji_rec_count_digits(const char *p)
{
    size_t n = 0;

    while (p[n] >= '0' && p[n] <= '9')
        n++;
    return n;
}

size_t kaiji_rec_count_upper(const char *p)
{
    size_t n = 0;

    while (p[n] >= 'A' && p[n] <= 'Z')
        n++;
    return n;
}

/* The length of a sub-number at p: "(3)" or a circled number; 0 if none. */
static size_t sub_number(const char *p)
{
    utf8proc_int32_t cp;
    utf8proc_ssize_t n;
    size_t d;

    if (*p == '(') {
        d = kaiji_rec_count_digits(p + 1);
        return d >= 1 && d <= 3 && p[1 + d] == ')' ? d + 2 : 0;
    }
    if ((unsigned char)*p < 0x80) /* the end, or ASCII: no circled number */
        return 0;
    n = utf8proc_iterate((const utf8proc_uint8_t *)p, -1, &cp);
    return n > 0 && circled(cp) ? (size_t)n : 0;
}

/* The number of "-N" / ".N" groups (N of 1..3 digits) at p, at most 4, p
 * moved past them. */
static int number_groups(const char **p)
{
    int groups = 0;
    size_t d;

    while ((**p == '-' || **p == '.') && (d = kaiji_rec_count_digits(*p + 1)) && d <= 3 &&
           groups < 5) {
        *p += 1 + d;
        groups++;
    }
    return groups;
}

id_class kaiji_rec_classify_id(const char *s)
{
    size_t u = kaiji_rec_count_upper(s), d, k;
    const char *p;

    if (!*s)
        return ID_NONE;
    if (u >= 1 && u <= 4 && s[u] == '-') {
        int groups = 0;

        p = s + u + 1;
        if (!(d = kaiji_rec_count_digits(p)))
            return ID_NONE;
        p += d;
        if (u >= 3) {
            while (*p == '.' && groups < 2 && (d = kaiji_rec_count_digits(p + 1))) {
                p += 1 + d;
                groups++;
            }
            if (!*p)
                return ID_MDS2;
            /* MDS-1-1, SDS-2-3: a prefixed dotted ID */
            if (*p != '-' || number_groups(&p) > 4 || *p)
                return ID_NONE;
            return ID_DOTTED;
        }
        while ((*p == '-' || *p == '.') && (d = kaiji_rec_count_digits(p + 1)))
            p += 1 + d;
        return *p ? ID_NONE : ID_DOTTED;
    }
    if (u >= 1 && u <= 3 && (d = kaiji_rec_count_digits(s + u)) >= 1 && d <= 3) {
        /* S1, S1-1, S1.2 */
        int groups;

        p = s + u + d;
        groups = number_groups(&p);
        if (*p || groups > 4)
            return ID_NONE;
        return groups ? ID_DOTTED : ID_NUMBER;
    }
    if ((k = sub_number(s)))
        return s[k] ? ID_NONE : ID_SUB;
    d = kaiji_rec_count_digits(s);
    if (d < 1 || d > 3)
        return ID_NONE;
    p = s + d;
    if (!*p)
        return ID_NUMBER;
    if (*p == '-' && sub_number(p + 1))
        p++;
    if ((k = sub_number(p)))
        return p[k] ? ID_NONE : ID_CHECK;
    {
        int groups = 0;

        while ((*p == '-' || *p == '.') && (d = kaiji_rec_count_digits(p + 1)) && d <= 3) {
            p += 1 + d;
            groups++;
        }
        return !*p && groups >= 1 && groups <= 4 ? ID_DOTTED : ID_NONE;
    }
}

bool kaiji_rec_extends(const char *id, const char *next, bool *paren)
{
    size_t n = strlen(id);

    if (strncmp(id, next, n) != 0 || !next[n] || isdigit((unsigned char)next[n]))
        return false;
    *paren = next[n] == '(' || (unsigned char)next[n] >= 0x80 ||
             (next[n] == '-' && (next[n + 1] == '(' || (unsigned char)next[n + 1] >= 0x80));
    return true;
}

bool kaiji_itemid_keys(const char *id, char *keys[2])
{
    char norm[4 * MAX_ID_BYTES + 8], check[4 * MAX_ID_BYTES + 8];
    size_t d, m;

    keys[0] = keys[1] = NULL;
    if (!(keys[0] = kaiji_text_id_key(id)))
        return false;
    /* "3-2": a number, then one "-N" or ".N" group */
    if (!kaiji_rec_norm_id(id, norm, sizeof norm) ||
        kaiji_rec_classify_id(norm) != ID_DOTTED || !(d = kaiji_rec_count_digits(norm)) ||
        (norm[d] != '-' && norm[d] != '.') || !(m = kaiji_rec_count_digits(norm + d + 1)) ||
        norm[d + 1 + m])
        return true;
    snprintf(check, sizeof check, "%.*s(%.*s)", (int)d, norm, (int)m, norm + d + 1);
    if (!(keys[1] = kaiji_text_id_key(check))) {
        free(keys[0]);
        keys[0] = NULL;
        return false;
    }
    return true;
}
