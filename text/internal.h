/*
 * text/internal.h - helpers shared by the files of text/ only.
 */
#ifndef KAIJI_TEXT_INTERNAL_H
#define KAIJI_TEXT_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The length of the well-formed UTF-8 sequence at p (left bytes remain, at
 * least 1), or 0 when there is none there (no overlongs, no surrogates,
 * nothing past U+10FFFF, nothing cut short). */
size_t kaiji_text_utf8_seq_len(const unsigned char *p, size_t left);

/* NFKC of the NUL-terminated UTF-8 s, case-folded when casefold is true.
 * malloc'd; NULL when out of memory or s is not well-formed UTF-8. */
char *kaiji_text_nfkc_fold(const char *s, bool casefold);

/* The same through utf8proc alone, without the fast path for common
 * Japanese and ASCII text: the reference the fast path is tested against. */
char *kaiji_text_nfkc_utf8proc(const char *s, bool casefold);

/* The first code point of NFKC(s) after its leading white space (ASCII,
 * NBSP, U+3000), when s's first two code points tell it without utf8proc
 * (both in the normaliser's fast path, so no composition or reordering can
 * touch the first); -1 when they do not, when s starts with other white
 * space or a control, or when s is blank. */
int32_t kaiji_text_nfkc_first(const char *s);

/* true for a code point that counts as white space in keys and answers:
 * Unicode separators (Zs, Zl, Zp), control characters and the zero-width
 * characters U+200B..U+200D, U+2060, U+FEFF. */
bool kaiji_text_cp_space(int32_t cp);

/* Decodes the code point at s[*pos] (len bytes in s, well-formed UTF-8) and
 * advances *pos; returns -1 at the end or on a malformed sequence. */
int32_t kaiji_text_next_cp(const char *s, size_t len, size_t *pos);

/* Appends the UTF-8 encoding of cp to buf at *n (buf must have 4 bytes of
 * room); advances *n. */
void kaiji_text_put_cp(char *buf, size_t *n, int32_t cp);

#endif
