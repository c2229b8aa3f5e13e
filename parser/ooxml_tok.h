/*
 * parser/ooxml_tok.h - a bounded tokenizer for the XML of OOXML parts.
 * Not installed.
 *
 * It reads what the parts of an XLSX are (UTF-8, an XML declaration,
 * elements with attributes, short text, the five predefined entities and
 * character references, CDATA, comments, processing instructions, namespace
 * prefixes) and hands the part reader the SAX2 events libxml2 would give it
 * with the same callbacks: startElementNs (with libxml2's array of five
 * pointers an attribute: localname, prefix, URI, value, end of value),
 * endElementNs and characters (text between two tags may arrive in several
 * pieces, as with libxml2).  Anything outside that subset is seen in the
 * prolog, before the first event, and the caller parses the part with
 * libxml2 instead (KAIJI_XTOK_FALLBACK); a part that turns out malformed
 * after the first event ends with KAIJI_XTOK_MALFORMED.  No recursion on
 * the input's depth; every size is bounded (below).
 */
#ifndef KAIJI_OOXML_TOK_H
#define KAIJI_OOXML_TOK_H

#include <stdbool.h>
#include <stddef.h>

#include <libxml/parser.h>

/* Bounds.  Depth and name length are libxml2's own (without
 * XML_PARSE_HUGE), so a part libxml2 accepts is not refused for them. */
#define KAIJI_XTOK_MAX_DEPTH 256u            /* open elements above the root */
#define KAIJI_XTOK_MAX_NAME 50000u           /* bytes of one name */
#define KAIJI_XTOK_MAX_TAG (1024u * 1024u)   /* bytes of one tag or reference */
#define KAIJI_XTOK_MAX_SCOPE (4u * 1024u * 1024u) /* names and namespaces in scope */
#define KAIJI_XTOK_MAX_PROLOG 4096u          /* bytes before the root element */

typedef enum {
    KAIJI_XTOK_OK,           /* the whole part, well-formed */
    KAIJI_XTOK_FALLBACK,     /* outside the subset, no event given: use libxml2 */
    KAIJI_XTOK_MALFORMED,    /* not well-formed XML, or not UTF-8 */
    KAIJI_XTOK_TOO_MANY_ATTRIBUTES, /* a tag over KAIJI_XML_MAX_ATTRIBUTES */
    KAIJI_XTOK_TOO_LARGE,    /* a tag, or the names in scope, over the bounds */
    KAIJI_XTOK_READ_FAILED,  /* the read function returned < 0 */
    KAIJI_XTOK_STOPPED,      /* kaiji_xtok_stop() was called by a callback */
    KAIJI_XTOK_NOMEM
} kaiji_xtok_result;

/* Reads up to len bytes of the part into buf: the count, 0 at its end,
 * < 0 on failure. */
typedef long (*kaiji_xtok_read_fn)(void *ctx, char *buf, size_t len);

typedef struct kaiji_xtok_handlers {
    startElementNsSAX2Func start;
    endElementNsSAX2Func end;
    charactersSAXFunc characters; /* text and CDATA; may be NULL */
} kaiji_xtok_handlers;

typedef struct kaiji_xtok kaiji_xtok;

/* A new tokenizer, or NULL without memory.  Free with kaiji_xtok_free. */
kaiji_xtok *kaiji_xtok_new(void);
void kaiji_xtok_free(kaiji_xtok *t);

/*
 * Tokenizes one part read through read(read_ctx, ...), calling h's callbacks
 * with user as their context.  t may be reused for another part afterwards.
 * On KAIJI_XTOK_FALLBACK, kaiji_xtok_buffered() gives the bytes already read
 * (they come first, then the rest from read()).
 */
kaiji_xtok_result kaiji_xtok_parse(kaiji_xtok *t, const kaiji_xtok_handlers *h, void *user,
                                   kaiji_xtok_read_fn read, void *read_ctx);

/* The bytes read but not parsed, after KAIJI_XTOK_FALLBACK; valid until the
 * next call on t. */
void kaiji_xtok_buffered(const kaiji_xtok *t, const char **p, size_t *len);

/* Asks the parse under way to stop after the callback in progress
 * (KAIJI_XTOK_STOPPED). */
void kaiji_xtok_stop(kaiji_xtok *t);

#ifdef KAIJI_TEST_HOOKS
/* The start tags of the last part that the plain tag's path took whole,
 * without handing them to the general one (tests/test_ooxml_tok.c).  Only
 * in the tokenizer built with the test hooks (the Makefile's
 * build/hooks/parser/ooxml_tok.o): the library has no such count. */
size_t kaiji_xtok_plain_tags(const kaiji_xtok *t);
#endif

#endif
