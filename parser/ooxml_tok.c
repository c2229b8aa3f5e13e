/*
 * parser/ooxml_tok.c - the bounded tokenizer of OOXML parts (ooxml_tok.h).
 *
 * The part is pulled in chunks into one buffer.  Text is handed on as it is
 * found (a chunk's end only holds back an unfinished character, a CR, a ']'
 * or a reference); a tag, a reference, a comment, a processing instruction
 * or a CDATA section is parsed once it is whole in the buffer, which may grow
 * to hold one of up to KAIJI_XTOK_MAX_TAG bytes.  The checks follow libxml2
 * 2.9's (XML 1.0 fifth edition, namespaces), so that a part gives the same
 * events, or is refused, as with libxml2: the differential tests
 * (tests/test_ooxml_tok.c, tests/fuzz/fuzz_xtok.c) hold the two together.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parser/ooxml_tok.h"
#include "parser/xmlsafe.h"

/* For the small steps of every tag, and for the common tokens (text, end
 * tags, plain start tags) put in line in the tokenizer's loop, one frame for
 * all of them: the compiler's own measure of size would leave them out of
 * line as the functions calling them grow. */
#define ALWAYS_INLINE inline __attribute__((always_inline))

#define CHUNK 65536u
#define NEED (-100)    /* the token goes past the bytes read */
#define BAD (-101)     /* not well-formed */

static const char XML_NS[] = "http://www.w3.org/XML/1998/namespace";

typedef struct elem {
    size_t mark;        /* scope arena length before this element */
    size_t nsb;         /* namespace bindings before this element */
    size_t qname, qlen; /* the name as written, in the arena, its ':' a NUL */
    size_t colon;       /* where the prefix's ':' was, 0 if none */
    size_t local;       /* NUL-terminated local name, in the arena */
    ptrdiff_t prefix;   /* NUL-terminated prefix, or -1 */
    const char *uri_static; /* the XML namespace, else NULL */
    ptrdiff_t uri;      /* the namespace URI in the arena, or -1 */
} elem;

typedef struct nsbind {
    ptrdiff_t prefix;   /* in the arena, -1 for the default namespace */
    size_t plen;        /* its length */
    size_t uri;         /* in the arena ("" undeclares the default) */
} nsbind;

typedef struct att {
    size_t name, nlen;  /* offsets in the buffer from the tag's start */
    size_t colon;       /* offset of the prefix's ':' in the name, 0 if none */
    size_t val, vlen;   /* the raw value */
    bool decode;        /* holds references, tabs or line ends */
    bool xmlns;         /* a namespace declaration */
} att;

struct kaiji_xtok {
    unsigned char *buf;
    size_t cap, pos, end;
    bool eof;
    kaiji_xtok_read_fn read;
    void *rctx;
    const kaiji_xtok_handlers *h;
    void *user;
    bool stop, started;

    char *sc;                    /* scope arena: names and URIs in scope */
    size_t sclen, sccap;
    elem *el;
    size_t depth, elcap;
    nsbind *ns;
    size_t nns, nscap;
    unsigned long nsgen;         /* changes whenever the bindings do */
    unsigned long defgen;        /* the bindings def_uri was found in, 0: none */
    const char *def_uri;         /* the default namespace then */
    unsigned long pgen;          /* the bindings pidx was found in, 0: none */
    size_t pidx;                 /* the binding of the prefix last looked up */
#ifdef KAIJI_TEST_HOOKS
    size_t plain_tags;           /* start tags plain_start() took itself, this part */
#endif

    att atts[KAIJI_XML_MAX_ATTRIBUTES];
    const xmlChar *av[5 * KAIJI_XML_MAX_ATTRIBUTES];
    const xmlChar *nsv[2 * KAIJI_XML_MAX_ATTRIBUTES];
    size_t nsoff[2 * KAIJI_XML_MAX_ATTRIBUTES];
    unsigned char *dec;          /* decoded attribute values */
    size_t deccap;
};

/* ---- characters -------------------------------------------------------- */

/* Byte classes of text: 0 passes as it is, 1 '<' '&' ']' CR, 2 a control
 * character XML forbids, 3 the first byte of a multi-byte character, 4 the
 * first byte of a three-byte one whose next two bytes need only be
 * continuation bytes (E1-EC, EE: no overlong form, surrogate or U+FFFE/F). */
static const unsigned char text_class[256] = {
    2,2,2,2,2,2,2,2,2,0,0,2,2,1,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,
    0,0,0,0,0,0,1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,1,0,0,0,
    0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,1,0,0,
    0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
    3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,
    3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,
    3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,
    3,4,4,4,4,4,4,4,4,4,4,4,4,3,4,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,
};
/* Of names: 1 may start a name, 2 may follow, 0 ends it (ASCII only;
 * bytes >= 0x80 are decoded). */
static const unsigned char name_class[256] = {
    0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
    0,0,0,0,0,0,0,0,0,0,0,0,0,2,2,0,2,2,2,2,2,2,2,2,2,2,1,0,0,0,0,0,
    0,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,0,0,0,0,1,
    0,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,0,0,0,0,0,
    0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
    0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
    0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
    0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
};
/* Of names without a prefix, for the plain tag's path (plain_start): as
 * name_class, but ':' ends a name there (such a tag takes the general path). */
static const unsigned char ncname_class[256] = {
    0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
    0,0,0,0,0,0,0,0,0,0,0,0,0,2,2,0,2,2,2,2,2,2,2,2,2,2,0,0,0,0,0,0,
    0,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,0,0,0,0,1,
    0,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,0,0,0,0,0,
    0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
    0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
    0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
    0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
};
/* Of attribute values: 0 passes, 1 '&' '<' quotes TAB LF CR, 2 control,
 * 3 multi-byte. */
static const unsigned char value_class[256] = {
    2,2,2,2,2,2,2,2,2,1,1,2,2,1,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,
    0,0,1,0,0,0,1,1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,1,0,0,0,
    0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
    0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
    3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,
    3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,
    3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,
    3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,
};

static bool is_char(uint32_t c)
{
    return c >= 0x20 ? (c <= 0xD7FF || (c >= 0xE000 && c <= 0xFFFD) ||
                        (c >= 0x10000 && c <= 0x10FFFF))
                     : (c == 0x9 || c == 0xA || c == 0xD);
}

static bool is_name_start(uint32_t c)
{
    if (c < 0x80)
        return name_class[c] == 1;
    return (c >= 0xC0 && c <= 0xD6) || (c >= 0xD8 && c <= 0xF6) || (c >= 0xF8 && c <= 0x2FF) ||
           (c >= 0x370 && c <= 0x37D) || (c >= 0x37F && c <= 0x1FFF) ||
           (c >= 0x200C && c <= 0x200D) || (c >= 0x2070 && c <= 0x218F) ||
           (c >= 0x2C00 && c <= 0x2FEF) || (c >= 0x3001 && c <= 0xD7FF) ||
           (c >= 0xF900 && c <= 0xFDCF) || (c >= 0xFDF0 && c <= 0xFFFD) ||
           (c >= 0x10000 && c <= 0xEFFFF);
}

static bool is_name_char(uint32_t c)
{
    if (c < 0x80)
        return name_class[c] != 0;
    return is_name_start(c) || c == 0xB7 || (c >= 0x300 && c <= 0x36F) ||
           (c >= 0x203F && c <= 0x2040);
}

/*
 * Decodes one UTF-8 character of at most e - p bytes into *cp: its length,
 * NEED when the bytes stop inside it, BAD when it is not UTF-8 (overlong,
 * surrogate, past U+10FFFF) or not a character XML allows.
 */
static int utf8_char(const unsigned char *p, const unsigned char *e, uint32_t *cp)
{
    uint32_t c = p[0];
    int n;

    if (c < 0x80) {
        *cp = c;
        return is_char(c) ? 1 : BAD;
    }
    if (c < 0xC2)
        return BAD;
    n = c < 0xE0 ? 2 : c < 0xF0 ? 3 : c < 0xF5 ? 4 : 0;
    if (n == 0)
        return BAD;
    c &= 0x7Fu >> n;
    for (int i = 1; i < n; i++) {
        if (p + i >= e)
            return NEED;
        if ((p[i] & 0xC0) != 0x80)
            return BAD;
        c = c << 6 | (p[i] & 0x3Fu);
    }
    if ((n == 3 && c < 0x800) || (n == 4 && c < 0x10000) || !is_char(c))
        return BAD;
    *cp = c;
    return n;
}

/* Encodes cp (a valid character) as UTF-8 into o: the length. */
static size_t utf8_put(unsigned char *o, uint32_t cp)
{
    if (cp < 0x80) {
        o[0] = (unsigned char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (unsigned char)(0xC0 | (cp >> 6));
        o[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (unsigned char)(0xE0 | (cp >> 12));
        o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (unsigned char)(0xF0 | (cp >> 18));
    o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}

/*
 * Scans a name starting at p (its first character already known to start a
 * name): its length in *len, 0 (done), NEED or BAD.  The name ends at the
 * first character that cannot be in one.
 */
static int scan_name_slow(const unsigned char *p, const unsigned char *e, size_t *len)
{
    const unsigned char *q = p;

    for (;;) {
        while (name_class[*q]) /* the NUL after the bytes read stops it */
            q++;
        if (q >= e)
            return NEED;
        if (*q < 0x80)
            break;
        uint32_t cp;
        int n = utf8_char(q, e, &cp);
        if (n == NEED)
            return NEED;
        if (n < 0 || !(q == p ? is_name_start(cp) : is_name_char(cp)))
            break;
        q += n;
        if ((size_t)(q - p) > KAIJI_XTOK_MAX_NAME)
            return BAD;
    }
    if ((size_t)(q - p) > KAIJI_XTOK_MAX_NAME || q == p)
        return BAD;
    *len = (size_t)(q - p);
    return 0;
}

/* As scan_name_slow(), the common case (an ASCII name read whole) in line. */
static ALWAYS_INLINE int scan_name(const unsigned char *p, const unsigned char *e, size_t *len)
{
    const unsigned char *q = p;

    while (name_class[*q]) /* the NUL after the bytes read stops it */
        q++;
    if (q < e && *q < 0x80 && q > p && (size_t)(q - p) <= KAIJI_XTOK_MAX_NAME) {
        *len = (size_t)(q - p);
        return 0;
    }
    return scan_name_slow(p, e, len);
}

/* Whether the name at p starts with a character that may start one: 1, 0,
 * or NEED. */
static inline int name_starts(const unsigned char *p, const unsigned char *e)
{
    uint32_t cp;
    int n;

    if (p >= e)
        return NEED;
    if (*p < 0x80)
        return name_class[*p] == 1;
    n = utf8_char(p, e, &cp);
    if (n == NEED)
        return NEED;
    return n > 0 && is_name_start(cp);
}

/*
 * Where libxml2 splits a qualified name of len bytes: the offset of the
 * prefix's ':' (0 when the whole name is the local name, as libxml2 makes
 * it of ":a", "a:", "a:1" and the like).
 */
static ALWAYS_INLINE size_t qname_colon(const unsigned char *p, size_t len)
{
    const unsigned char *c = p, *e = p + len;
    size_t i;

    while (c < e && *c != ':') /* names are short: no call to memchr */
        c++;
    if (c == e || c == p || (size_t)(c - p) + 1 >= len)
        return 0;
    i = (size_t)(c - p) + 1;
    if (p[i] == ':')
        return 0;
    if (p[i] < 0x80)
        return name_class[p[i]] == 1 ? (size_t)(c - p) : 0;
    uint32_t cp;
    if (utf8_char(p + i, p + len, &cp) <= 0 || !is_name_start(cp))
        return 0;
    return (size_t)(c - p);
}

static ALWAYS_INLINE bool is_space(unsigned char c)
{
    /* one test of a bit set: ' ' (32), TAB (9), LF (10), CR (13) */
    return c <= ' ' && ((0x100002600ull >> c) & 1u) != 0;
}

/* Whether the n bytes at a and b are the same.  Names are short (c, row,
 * si, x, r): up to 8 bytes are compared in line, without a call. */
static ALWAYS_INLINE bool same_bytes(const void *a, const void *b, size_t n)
{
    const unsigned char *x = a, *y = b;

    if (n > 8)
        return memcmp(x, y, n) == 0;
    for (size_t i = 0; i < n; i++)
        if (x[i] != y[i])
            return false;
    return true;
}

/*
 * Parses the reference at p ('&'): the bytes it stands for into out (up to
 * 8) and their count into *olen; returns its length, NEED or BAD.  In an
 * attribute value an ampersand, however written, becomes "&#38;", as libxml2
 * leaves it when it does not substitute entities.
 */
static int parse_ref(const unsigned char *p, const unsigned char *e, bool in_value,
                     unsigned char out[8], size_t *olen)
{
    const unsigned char *q = p + 1;

    if (q >= e)
        return NEED;
    if (*q == '#') {
        uint32_t v = 0;
        bool hex = false;
        int digits = 0;
        q++;
        if (q >= e)
            return NEED;
        if (*q == 'x') {
            hex = true;
            q++;
        }
        for (;; q++) {
            int d;
            if (q >= e)
                return NEED;
            if (*q >= '0' && *q <= '9')
                d = *q - '0';
            else if (hex && *q >= 'a' && *q <= 'f')
                d = *q - 'a' + 10;
            else if (hex && *q >= 'A' && *q <= 'F')
                d = *q - 'A' + 10;
            else
                break;
            v = v * (hex ? 16u : 10u) + (uint32_t)d;
            if (v > 0x110000)
                v = 0x110000;
            digits++;
        }
        if (*q != ';' || digits == 0 || !is_char(v))
            return BAD;
        if (v == '&' && in_value) {
            memcpy(out, "&#38;", 5);
            *olen = 5;
        } else {
            *olen = utf8_put(out, v);
        }
        return (int)(q - p) + 1;
    }
    static const struct { const char *name; size_t len; char c; } pre[] = {
        {"amp;", 4, '&'}, {"lt;", 3, '<'}, {"gt;", 3, '>'}, {"quot;", 5, '"'}, {"apos;", 5, '\''},
    };
    size_t n;
    int r = name_starts(q, e);
    if (r != 1)
        return r == NEED ? NEED : BAD;
    r = scan_name(q, e, &n);
    if (r != 0)
        return r;
    if (q + n >= e)
        return NEED;
    if (q[n] != ';')
        return BAD;
    for (size_t i = 0; i < sizeof pre / sizeof pre[0]; i++) {
        if (n + 1 == pre[i].len && memcmp(q, pre[i].name, pre[i].len) == 0) {
            if (pre[i].c == '&' && in_value) {
                memcpy(out, "&#38;", 5);
                *olen = 5;
            } else {
                out[0] = (unsigned char)pre[i].c;
                *olen = 1;
            }
            return (int)(n + 2);
        }
    }
    return BAD; /* an entity no DTD declares: libxml2 refuses it too */
}

/* ---- the buffer ---------------------------------------------------------- */

/* Keeps the unparsed bytes and reads more after them: 1, 0 at the part's
 * end, or a kaiji_xtok_result (negated) on failure. */
static int fill(kaiji_xtok *t)
{
    long n;

    if (t->pos > 0) {
        memmove(t->buf, t->buf + t->pos, t->end - t->pos);
        t->end -= t->pos;
        t->pos = 0;
        t->buf[t->end] = '\0';
    }
    if (t->cap - t->end < CHUNK / 4) {
        size_t cap = t->cap * 2;
        unsigned char *b = realloc(t->buf, cap + 1);
        if (!b)
            return -KAIJI_XTOK_NOMEM;
        t->buf = b;
        t->cap = cap;
    }
    n = t->read(t->rctx, (char *)t->buf + t->end, t->cap - t->end);
    if (n < 0)
        return -KAIJI_XTOK_READ_FAILED;
    if (n == 0) {
        t->eof = true;
        return 0;
    }
    t->end += (size_t)n;
    t->buf[t->end] = '\0';
    return 1;
}

/* ---- the scope: open elements and namespaces ------------------------------ */

/* Grows the scope arena to hold len more bytes and a NUL: 0, or -1 when
 * that would pass the bound or memory runs out. */
static int sc_grow(kaiji_xtok *t, size_t len)
{
    size_t cap = t->sccap ? t->sccap : 4096;

    while (cap < t->sclen + len + 1)
        cap *= 2;
    if (cap > KAIJI_XTOK_MAX_SCOPE + KAIJI_XTOK_MAX_TAG)
        return -1;
    char *b = realloc(t->sc, cap);
    if (!b)
        return -1;
    t->sc = b;
    t->sccap = cap;
    return 0;
}

/* Copies len bytes and a NUL into the scope arena: the offset, or -1. */
static ALWAYS_INLINE ptrdiff_t sc_put(kaiji_xtok *t, const void *s, size_t len)
{
    size_t off = t->sclen;

    if (t->sclen + len + 1 > t->sccap && sc_grow(t, len) < 0)
        return -1;
    char *to = t->sc + off; /* not t->sc at each byte: a char stored may alias it */
    if (len <= 16) { /* a name: in line, without a call */
        const unsigned char *from = s;
        for (size_t i = 0; i < len; i++)
            to[i] = (char)from[i];
    } else {
        memcpy(to, s, len);
    }
    to[len] = '\0';
    t->sclen += len + 1;
    return (ptrdiff_t)off;
}

/* The URI bound to prefix (plen bytes; NULL for the default namespace), or
 * NULL when none is (or the default is undeclared). */
static const char *ns_lookup(kaiji_xtok *t, const unsigned char *prefix, size_t plen)
{
    size_t i = t->nns;

    if (!prefix && t->defgen == t->nsgen)
        return t->def_uri;
    if (!prefix) {
        const char *u = NULL;
        while (i-- > 0) {
            if (t->ns[i].prefix < 0) {
                u = t->sc + t->ns[i].uri;
                u = *u ? u : NULL;
                break;
            }
        }
        t->def_uri = u;
        t->defgen = t->nsgen;
        return u;
    }

    if (prefix && plen == 3 && memcmp(prefix, "xml", 3) == 0)
        return XML_NS;
    if (t->pgen == t->nsgen) { /* the bindings are as when pidx was found */
        const nsbind *b = &t->ns[t->pidx];
        if (b->plen == plen && same_bytes(t->sc + b->prefix, prefix, plen))
            return t->sc + b->uri;
    }
    while (i-- > 0) {
        const nsbind *b = &t->ns[i];
        if (prefix ? (b->prefix >= 0 && b->plen == plen &&
                      memcmp(t->sc + b->prefix, prefix, plen) == 0)
                   : b->prefix < 0) {
            const char *u = t->sc + b->uri;
            t->pgen = t->nsgen;
            t->pidx = i;
            return *u || prefix ? u : NULL;
        }
    }
    return NULL;
}

/* ---- tokens ------------------------------------------------------------- */

static ALWAYS_INLINE int emit_chars(kaiji_xtok *t, const unsigned char *p, size_t len)
{
    if (len == 0 || !t->h->characters)
        return 0;
    if (len <= INT32_MAX / 2) { /* one piece, as text always is but a huge one */
        t->h->characters(t->user, p, (int)len);
        return t->stop ? -KAIJI_XTOK_STOPPED : 0;
    }
    while (len > 0) {
        int n = len > INT32_MAX / 2 ? INT32_MAX / 2 : (int)len;
        t->h->characters(t->user, p, n);
        if (t->stop)
            return -KAIJI_XTOK_STOPPED;
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

/* Text inside the root element, up to the next '<' or what the buffer
 * holds: 0 at a '<', NEED, BAD or a negated result. */
static ALWAYS_INLINE int parse_text(kaiji_xtok *t)
{
    unsigned char *p = t->buf + t->pos, *e = t->buf + t->end, *s = p;
    int r = 0;

    for (;;) {
        while (e - p >= 3) { /* ASCII, and kana and kanji, without decoding */
            unsigned k = text_class[*p];
            if (k == 0) {
                p++;
                continue;
            }
            if (k != 4)
                break;
            /* A run of three-byte characters (the two bytes after the lead
             * are taken in either order: the mask is the same for both). */
            const unsigned char *last = e - 3; /* e - p >= 3 here */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
            /* Two characters a pass while eight bytes are read: the four
             * bytes after the two leads continuation bytes, the second lead
             * one that needs no more. */
            while (e - p >= 12) {
                uint64_t w, x;
                memcpy(&w, p, 8);
                memcpy(&x, p + 4, 8);
                if ((w & 0xC000C0C000C0C000ull) != 0x8000808000808000ull ||
                    (x & 0xC0C000C000000000ull) != 0x8080008000000000ull ||
                    text_class[p[3]] != 4 || text_class[p[6]] != 4 || text_class[p[9]] != 4)
                    break;
                p += 12;
                if (text_class[*p] != 4)
                    goto next;
            }
            while (e - p >= 8) {
                uint64_t w;
                memcpy(&w, p, 8);
                if ((w & 0x0000C0C000C0C000ull) != 0x0000808000808000ull ||
                    text_class[p[3]] != 4)
                    break;
                p += 6;
                if (text_class[*p] != 4)
                    goto next;
            }
#endif
            while (((p[1] | (unsigned)p[2] << 8) & 0xC0C0u) == 0x8080u) {
                p += 3;
                if (p > last || text_class[*p] != 4)
                    goto next;
            }
            break;
        next:;
        }
        while (text_class[*p] == 0)
            p++;
        if (p >= e) {
            r = NEED;
            break;
        }
        unsigned char c = *p;
        if (c >= 0x80) {
            uint32_t cp;
            /* Most non-ASCII text is in three bytes (kana, kanji). */
            if ((c & 0xF0) == 0xE0 && p + 2 < e && (p[1] & 0xC0) == 0x80 &&
                (p[2] & 0xC0) == 0x80) {
                cp = (uint32_t)(c & 0x0F) << 12 | (uint32_t)(p[1] & 0x3F) << 6 | (p[2] & 0x3Fu);
                if (cp >= 0x800 && (cp < 0xD800 || (cp > 0xDFFF && cp < 0xFFFE))) {
                    p += 3;
                    continue;
                }
                r = BAD;
                break;
            }
            int n = utf8_char(p, e, &cp);
            if (n < 0) {
                r = n;
                break;
            }
            p += n;
            continue;
        }
        if (c == '<')
            break;
        if (c == ']') {
            if (e - p < 3) {
                r = NEED;
                break;
            }
            if (p[1] == ']' && p[2] == '>') {
                r = BAD;
                break;
            }
            p++;
            continue;
        }
        if (c == '\r') {
            if (p + 1 >= e) {
                r = NEED;
                break;
            }
            int x = emit_chars(t, s, (size_t)(p - s));
            if (x)
                return x;
            p += p[1] == '\n' ? 2 : 1;
            s = p;
            t->pos = (size_t)(p - t->buf);
            x = emit_chars(t, (const unsigned char *)"\n", 1);
            if (x)
                return x;
            continue;
        }
        if (c == '&') {
            unsigned char out[8];
            size_t olen;
            int n = parse_ref(p, e, false, out, &olen);
            if (n < 0) {
                r = n;
                break;
            }
            int x = emit_chars(t, s, (size_t)(p - s));
            if (x)
                return x;
            p += n;
            s = p;
            t->pos = (size_t)(p - t->buf);
            x = emit_chars(t, out, olen);
            if (x)
                return x;
            continue;
        }
        r = BAD; /* a control character */
        break;
    }
    if (r == BAD)
        return BAD;
    int x = emit_chars(t, s, (size_t)(p - s));
    if (x)
        return x;
    t->pos = (size_t)(p - t->buf);
    return r;
}

/* Checks the characters of [p, e) (comment, PI, CDATA content). */
static bool chars_ok(const unsigned char *p, const unsigned char *e)
{
    while (p < e) {
        if (*p >= 0x20 && *p < 0x80) {
            p++;
            continue;
        }
        uint32_t cp;
        int n = utf8_char(p, e, &cp);
        if (n <= 0)
            return false;
        p += n;
    }
    return true;
}

/* Finds the 2- or 3-byte terminator term in [p, e): its start, or NULL. */
static const unsigned char *find_term(const unsigned char *p, const unsigned char *e,
                                      const char *term, size_t tlen)
{
    while (p + tlen <= e) {
        const unsigned char *q = memchr(p, term[0], (size_t)(e - p) - (tlen - 1));
        if (!q)
            return NULL;
        if (memcmp(q, term, tlen) == 0)
            return q;
        p = q + 1;
    }
    return NULL;
}

/* A comment at p ("<!--"): its length, NEED or BAD. */
static int parse_comment(const unsigned char *p, const unsigned char *e)
{
    const unsigned char *q = find_term(p + 4, e, "--", 2);

    if (!q)
        return NEED;
    if (q + 2 >= e)
        return NEED;
    if (q[2] != '>' || !chars_ok(p + 4, q))
        return BAD;
    return (int)(q + 3 - p);
}

/* A processing instruction at p ("<?"): its length, NEED or BAD. */
static int parse_pi(const unsigned char *p, const unsigned char *e)
{
    size_t n;
    int r = name_starts(p + 2, e);

    if (r != 1)
        return r == NEED ? NEED : BAD;
    r = scan_name(p + 2, e, &n);
    if (r)
        return r;
    if (n == 3 && (p[2] | 0x20) == 'x' && (p[3] | 0x20) == 'm' && (p[4] | 0x20) == 'l')
        return BAD;
    const unsigned char *q = p + 2 + n;
    if (q + 1 >= e)
        return NEED;
    if (q[0] == '?' && q[1] == '>')
        return (int)(q + 2 - p);
    if (!is_space(q[0]))
        return BAD;
    const unsigned char *end = find_term(q, e, "?>", 2);
    if (!end)
        return NEED;
    if (!chars_ok(q, end))
        return BAD;
    return (int)(end + 2 - p);
}

/* A CDATA section at p ("<![CDATA["), its text handed on: its length, NEED,
 * BAD or a negated result. */
static int parse_cdata(kaiji_xtok *t, const unsigned char *p, const unsigned char *e)
{
    const unsigned char *s = p + 9, *q = find_term(s, e, "]]>", 3);

    if (!q)
        return NEED;
    if (!chars_ok(s, q))
        return BAD;
    size_t len = (size_t)(q + 3 - p);
    t->pos += len; /* the text is handed on from the buffer, which stays */
    for (const unsigned char *c = s; c < q; c++) {
        if (*c != '\r')
            continue;
        int x = emit_chars(t, s, (size_t)(c - s));
        if (x)
            return x;
        x = emit_chars(t, (const unsigned char *)"\n", 1);
        if (x)
            return x;
        if (c + 1 < q && c[1] == '\n')
            c++;
        s = c + 1;
    }
    int x = emit_chars(t, s, (size_t)(q - s));
    return x ? x : 0;
}

/* An end tag at p ("</"): 0, NEED, BAD or a negated result. */
static ALWAYS_INLINE int parse_end(kaiji_xtok *t, const unsigned char *p, const unsigned char *e)
{
    elem *el = &t->el[t->depth - 1];
    const unsigned char *q = p + 2;

    if (q + el->qlen >= e)
        return NEED;
    /* The stored name has a NUL for its ':'; same_bytes compares a short
     * one in line. */
    const unsigned char *s = (const unsigned char *)t->sc + el->qname;
    size_t c = el->colon;
    if (c ? !same_bytes(q, s, c) || q[c] != ':' || !same_bytes(q + c + 1, s + c + 1, el->qlen - c - 1)
          : !same_bytes(q, s, el->qlen))
        return BAD;
    q += el->qlen;
    while (is_space(*q))
        q++;
    if (q >= e)
        return NEED;
    if (*q != '>')
        return BAD;
    t->pos = (size_t)(q + 1 - t->buf);
    t->h->end(t->user, (const xmlChar *)t->sc + el->local,
              el->prefix >= 0 ? (const xmlChar *)t->sc + el->prefix : NULL,
              el->uri >= 0 ? (const xmlChar *)t->sc + el->uri
                           : (const xmlChar *)el->uri_static);
    t->depth--;
    if (t->nns != el->nsb) {
        t->nns = el->nsb;
        t->nsgen++;
    }
    t->sclen = el->mark;
    return t->stop ? -KAIJI_XTOK_STOPPED : 0;
}

/* Decodes the value of a (its references, tabs and line ends) into o: the
 * decoded length. */
static size_t decode_value(const unsigned char *v, size_t len, unsigned char *o)
{
    const unsigned char *e = v + len;
    unsigned char *o0 = o;

    while (v < e) {
        if (*v == '&') {
            size_t olen;
            int n = parse_ref(v, e, true, o, &olen); /* checked before */
            o += olen;
            v += n;
        } else if (*v == '\r') {
            *o++ = ' ';
            v += v + 1 < e && v[1] == '\n' ? 2 : 1;
        } else if (*v == '\t' || *v == '\n') {
            *o++ = ' ';
            v++;
        } else {
            *o++ = *v++;
        }
    }
    return (size_t)(o - o0);
}

/* A start tag at p ('<' and a name's first character): 0, NEED, BAD or a
 * negated result. */
static __attribute__((noinline)) int parse_start(kaiji_xtok *t, unsigned char *p,
                                                 const unsigned char *e)
{
    unsigned char *q = p + 1;
    size_t qlen, nat = 0, dtotal = 0;
    int r;

    if (t->depth > KAIJI_XTOK_MAX_DEPTH)
        return BAD;
    r = scan_name(q, e, &qlen);
    if (r)
        return r;
    q += qlen;
    for (;;) {
        const unsigned char *ws = q;
        while (is_space(*q))
            q++;
        if (q >= e)
            return NEED;
        if (*q == '>' || *q == '/')
            break;
        if (q == ws)
            return BAD;
        r = name_starts(q, e);
        if (r != 1)
            return r == NEED ? NEED : BAD;
        if (nat == KAIJI_XML_MAX_ATTRIBUTES)
            return -KAIJI_XTOK_TOO_MANY_ATTRIBUTES;
        att *a = &t->atts[nat];
        r = scan_name(q, e, &a->nlen);
        if (r)
            return r;
        a->name = (size_t)(q - p);
        q += a->nlen;
        while (is_space(*q))
            q++;
        if (q >= e)
            return NEED;
        if (*q != '=')
            return BAD;
        q++;
        while (is_space(*q))
            q++;
        if (q >= e)
            return NEED;
        if (*q != '"' && *q != '\'')
            return BAD;
        unsigned char quote = *q++;
        a->val = (size_t)(q - p);
        a->decode = false;
        for (;;) {
            while (value_class[*q] == 0)
                q++;
            if (q >= e)
                return NEED;
            if (*q == quote)
                break;
            if (*q >= 0x80) {
                uint32_t cp;
                int n = utf8_char(q, e, &cp);
                if (n < 0)
                    return n;
                q += n;
            } else if (*q == '&') {
                unsigned char out[8];
                size_t olen;
                int n = parse_ref(q, e, true, out, &olen);
                if (n < 0)
                    return n;
                q += n;
                a->decode = true;
            } else if (*q == '\t' || *q == '\n' || *q == '\r') {
                q++;
                a->decode = true;
            } else if (*q == '"' || *q == '\'') {
                q++;
            } else {
                return BAD; /* '<' or a control character */
            }
        }
        a->vlen = (size_t)(q - p) - a->val;
        if (a->decode)
            dtotal += a->vlen;
        q++;
        nat++;
    }
    bool empty = false;
    if (*q == '/') {
        if (q + 1 >= e)
            return NEED;
        if (q[1] != '>')
            return BAD;
        empty = true;
        q += 2;
    } else {
        q++;
    }
    /* The whole tag is read: check it, then hand it on. */
    size_t tag_end = (size_t)(q - t->buf);
    size_t i, j, nns = 0;
    bool any_xmlns = false;
    size_t nsb0 = t->nns, mark = t->sclen;

    if (dtotal > t->deccap) {
        unsigned char *d = realloc(t->dec, dtotal);
        if (!d)
            return -KAIJI_XTOK_NOMEM;
        t->dec = d;
        t->deccap = dtotal;
    }
    /* Names split and checked; an attribute of neither prefix nor
     * references (most) goes into libxml2's array at once, the others
     * below, once the declarations are bound and values decoded. */
    bool plain = true; /* every attribute so far went into the array here */
    size_t nb = 0;
    for (i = 0; i < nat; i++) {
        att *a = &t->atts[i];
        unsigned char *n = p + a->name;
        a->colon = qname_colon(n, a->nlen);
        a->xmlns = (a->nlen == 5 && memcmp(n, "xmlns", 5) == 0) ||
                   (a->colon == 5 && memcmp(n, "xmlns", 5) == 0);
        if (a->xmlns) {
            any_xmlns = true;
            plain = false;
            continue; /* declarations are compared once they are bound, below */
        }
        for (j = 0; j < i; j++)
            if (t->atts[j].nlen == a->nlen && !t->atts[j].xmlns &&
                same_bytes(p + t->atts[j].name, n, a->nlen))
                return BAD; /* an attribute twice */
        if (plain && !a->colon && !a->decode) {
            /* the byte after the name ('=' or a space) is parsed */
            const xmlChar **o = t->av + 5 * nb++;
            n[a->nlen] = '\0';
            o[0] = n;
            o[1] = NULL;
            o[2] = NULL;
            o[3] = p + a->val;
            o[4] = o[3] + a->vlen;
        } else {
            plain = false;
        }
    }
    /* Values, decoded where they must be. */
    size_t dpos = 0;
    for (i = 0; dtotal > 0 && i < nat; i++) {
        att *a = &t->atts[i];
        const unsigned char *v = p + a->val;
        if (a->decode) {
            size_t n = decode_value(v, a->vlen, t->dec + dpos);
            a->val = dpos;
            a->vlen = n;
            dpos += n;
        }
    }
    /* Namespace declarations, before any name is resolved. */
    if (t->depth >= t->elcap) {
        size_t cap = t->elcap ? t->elcap * 2 : 32;
        elem *x = realloc(t->el, cap * sizeof *x);
        if (!x)
            return -KAIJI_XTOK_NOMEM;
        t->el = x;
        t->elcap = cap;
    }
    for (i = 0; any_xmlns && i < nat; i++) {
        att *a = &t->atts[i];
        const unsigned char *n = p + a->name;
        const unsigned char *v = a->decode ? t->dec + a->val : p + a->val;
        if (!a->xmlns)
            continue;
        bool deflt = a->nlen == 5;
        const unsigned char *pre = n + 6;
        size_t plen = a->nlen - 6;
        if (a->vlen == sizeof XML_NS - 1 && memcmp(v, XML_NS, a->vlen) == 0)
            continue; /* only xml may be bound to it, and xml is bound already */
        if (!deflt && ((plen == 3 && memcmp(pre, "xml", 3) == 0) ||
                       (plen == 5 && memcmp(pre, "xmlns", 5) == 0) || a->vlen == 0))
            continue; /* libxml2 reports these and leaves them out */
        for (j = nsb0; j < t->nns; j++)
            if (deflt ? t->ns[j].prefix < 0
                      : (t->ns[j].prefix >= 0 && t->ns[j].plen == plen &&
                         memcmp(t->sc + t->ns[j].prefix, pre, plen) == 0))
                break;
        if (j < t->nns) { /* a prefix bound twice in one tag */
            t->nns = nsb0;
            t->sclen = mark;
            t->nsgen++;
            return BAD;
        }
        if (t->nns >= t->nscap) {
            size_t cap = t->nscap ? t->nscap * 2 : 16;
            nsbind *x = realloc(t->ns, cap * sizeof *x);
            if (!x)
                return -KAIJI_XTOK_NOMEM;
            t->ns = x;
            t->nscap = cap;
        }
        ptrdiff_t po = deflt ? -1 : sc_put(t, pre, plen);
        ptrdiff_t uo = sc_put(t, v, a->vlen);
        if ((!deflt && po < 0) || uo < 0)
            goto too_large;
        t->nsgen++;
        t->ns[t->nns].prefix = po;
        t->ns[t->nns].plen = plen;
        t->ns[t->nns].uri = (size_t)uo;
        t->nns++;
        t->nsoff[2 * nns] = (size_t)po;
        t->nsoff[2 * nns + 1] = (size_t)uo;
        nns++;
    }
    /* The element. */
    elem *el = &t->el[t->depth];
    size_t colon = qname_colon(p + 1, qlen);
    ptrdiff_t qo = sc_put(t, p + 1, qlen);
    if (qo < 0 || t->sclen > KAIJI_XTOK_MAX_SCOPE)
        goto too_large;
    if (colon)
        t->sc[qo + (ptrdiff_t)colon] = '\0';
    ptrdiff_t lo = colon ? qo + (ptrdiff_t)colon + 1 : qo;
    ptrdiff_t po = colon ? qo : -1;
    const char *uri = !colon && t->defgen == t->nsgen ? t->def_uri
                                                      : ns_lookup(t, colon ? p + 1 : NULL, colon);
    el->mark = mark;
    el->nsb = nsb0;
    el->qname = (size_t)qo;
    el->qlen = qlen;
    el->colon = colon;
    el->local = (size_t)lo;
    el->prefix = po;
    el->uri_static = uri == XML_NS ? XML_NS : NULL;
    el->uri = uri && uri != XML_NS ? uri - t->sc : -1;
    /* Attributes: names made NUL-terminated in the buffer (the byte after a
     * name is '=' or a space, already parsed). */
    if (!plain)
        nb = 0; /* all of them again, in order */
    for (i = 0; !plain && i < nat; i++) {
        att *a = &t->atts[i];
        unsigned char *n = p + a->name;
        if (a->xmlns)
            continue;
        const xmlChar **o = t->av + 5 * nb++;
        n[a->nlen] = '\0';
        if (a->colon) {
            n[a->colon] = '\0';
            o[0] = n + a->colon + 1;
            o[1] = n;
            o[2] = (const xmlChar *)ns_lookup(t, n, a->colon);
        } else {
            o[0] = n;
            o[1] = NULL;
            o[2] = NULL;
        }
        o[3] = a->decode ? t->dec + a->val : p + a->val;
        o[4] = o[3] + a->vlen;
    }
    for (i = 0; i < 2 * nns; i++)
        t->nsv[i] = (i % 2 == 0 && (ptrdiff_t)t->nsoff[i] < 0)
                        ? NULL
                        : (const xmlChar *)t->sc + t->nsoff[i];
    t->depth++;
    t->pos = tag_end;
    t->started = true;
    t->h->start(t->user, (const xmlChar *)t->sc + el->local,
                el->prefix >= 0 ? (const xmlChar *)t->sc + el->prefix : NULL,
                el->uri >= 0 ? (const xmlChar *)t->sc + el->uri
                             : (const xmlChar *)el->uri_static,
                (int)nns, t->nsv, (int)nb, 0, t->av);
    if (t->stop)
        return -KAIJI_XTOK_STOPPED;
    if (empty) {
        el = &t->el[t->depth - 1];
        t->h->end(t->user, (const xmlChar *)t->sc + el->local,
                  el->prefix >= 0 ? (const xmlChar *)t->sc + el->prefix : NULL,
                  el->uri >= 0 ? (const xmlChar *)t->sc + el->uri
                               : (const xmlChar *)el->uri_static);
        t->depth--;
        if (t->nns != el->nsb) {
        t->nns = el->nsb;
        t->nsgen++;
    }
        t->sclen = el->mark;
        if (t->stop)
            return -KAIJI_XTOK_STOPPED;
    }
    return 0;

too_large:
    t->nns = nsb0;
    t->nsgen++;
    t->sclen = mark;
    return -KAIJI_XTOK_TOO_LARGE;
}

/*
 * The plain start tag, the sheets' and shared strings' own (<c r="A1"
 * t="s">, <v>, <si>, <t>, or <x:c ...> with a prefix), in one pass: names
 * of ASCII name characters, the element's with at most one ':' between two
 * names (as qname_colon() splits it), the attributes' without one, each
 * attribute written name="value" (or with ') and its value of bytes that
 * pass as they are (no reference, tab, line end, other quote or byte over
 * 0x7F), no xmlns.  Whatever else the tag holds, or where the bytes read
 * end inside it, it is handed whole to parse_start(), which parses it from
 * its '<' (nothing in the buffer or the state is changed before the tag is
 * known to be plain), so that every check and bound stays the general
 * path's.  0, NEED, BAD or a negated result, as parse_start().
 */
static ALWAYS_INLINE int plain_start(kaiji_xtok *t, unsigned char *p,
                                     const unsigned char *e)
{
    unsigned char *q = p + 1;
    size_t nat = 0, qlen, colon = 0;
    const xmlChar **av = t->av;

    /* The NUL after the bytes read ends every scan below, and is none of
     * the bytes each scan must stop at: a tag cut by the buffer's end goes
     * to the general path, which asks for more. */
    if (ncname_class[*q] != 1 || t->depth > KAIJI_XTOK_MAX_DEPTH)
        return parse_start(t, p, e);
    do
        q++;
    while (ncname_class[*q]);
    if (*q == ':') { /* a prefix, split as qname_colon() splits it */
        colon = (size_t)(q - p) - 1;
        if (ncname_class[q[1]] != 1)
            return parse_start(t, p, e);
        q++;
        do
            q++;
        while (ncname_class[*q]);
    }
    qlen = (size_t)(q - p) - 1;
    if (qlen > KAIJI_XTOK_MAX_NAME)
        return parse_start(t, p, e);
    while (is_space(*q)) {
        do
            q++;
        while (is_space(*q));
        if (ncname_class[*q] != 1)
            break; /* the tag's end (checked below) */
        unsigned char *n = q;
        do
            q++;
        while (ncname_class[*q]);
        size_t nlen = (size_t)(q - n);
        if (*q != '=' || (q[1] != '"' && q[1] != '\'') || nlen > KAIJI_XTOK_MAX_NAME ||
            nat == KAIJI_XML_MAX_ATTRIBUTES ||
            (nlen == 5 && memcmp(n, "xmlns", 5) == 0))
            return parse_start(t, p, e);
        for (size_t j = 0; j < nat; j++) /* the same name twice */
            if (av[5 * j + 3] - 2 - av[5 * j] == (ptrdiff_t)nlen &&
                same_bytes(av[5 * j], n, nlen))
                return parse_start(t, p, e);
        unsigned char quote = q[1];
        q += 2;
        const xmlChar **o = av + 5 * nat++;
        o[0] = n;
        o[1] = NULL;
        o[2] = NULL;
        o[3] = q;
        while (value_class[*q] == 0)
            q++;
        if (*q != quote)
            return parse_start(t, p, e);
        o[4] = q;
        q++;
    }
    bool empty = false;
    if (*q == '/') {
        if (q[1] != '>')
            return parse_start(t, p, e);
        empty = true;
        q += 2;
    } else if (*q == '>') {
        q++;
    } else {
        return parse_start(t, p, e);
    }
    /* Plain: the names made NUL-terminated over their '=', the element
     * pushed, the callbacks called, as parse_start() does. */
    for (size_t i = 0; i < nat; i++)
        ((unsigned char *)av[5 * i + 3])[-2] = '\0';
    if (t->depth >= t->elcap) {
        size_t cap = t->elcap ? t->elcap * 2 : 32;
        elem *x = realloc(t->el, cap * sizeof *x);
        if (!x)
            return -KAIJI_XTOK_NOMEM;
        t->el = x;
        t->elcap = cap;
    }
    size_t mark = t->sclen;
    elem *el = &t->el[t->depth];
    ptrdiff_t qo = sc_put(t, p + 1, qlen);
    if (qo < 0 || t->sclen > KAIJI_XTOK_MAX_SCOPE) {
        t->nsgen++;
        t->sclen = mark;
        return -KAIJI_XTOK_TOO_LARGE;
    }
    const char *uri;
    if (colon) {
        t->sc[qo + (ptrdiff_t)colon] = '\0';
        /* The prefix last looked up, in line (ns_lookup()'s first step). */
        if (t->pgen == t->nsgen && t->ns[t->pidx].plen == colon &&
            same_bytes(t->sc + t->ns[t->pidx].prefix, p + 1, colon))
            uri = t->sc + t->ns[t->pidx].uri;
        else
            uri = ns_lookup(t, p + 1, colon);
    } else {
        uri = t->defgen == t->nsgen ? t->def_uri : ns_lookup(t, NULL, 0);
    }
    el->mark = mark;
    el->nsb = t->nns;
    el->qname = (size_t)qo;
    el->qlen = qlen;
    el->colon = colon;
    el->local = colon ? (size_t)qo + colon + 1 : (size_t)qo;
    el->prefix = colon ? qo : -1;
    el->uri_static = uri == XML_NS ? XML_NS : NULL;
    el->uri = uri && uri != XML_NS ? uri - t->sc : -1;
    t->depth++;
    t->pos = (size_t)(q - t->buf);
    t->started = true;
#ifdef KAIJI_TEST_HOOKS
    t->plain_tags++;
#endif
    t->h->start(t->user, (const xmlChar *)t->sc + el->local,
                colon ? (const xmlChar *)t->sc + qo : NULL,
                el->uri >= 0 ? (const xmlChar *)t->sc + el->uri : (const xmlChar *)el->uri_static,
                0, t->nsv, (int)nat, 0, av);
    if (t->stop)
        return -KAIJI_XTOK_STOPPED;
    if (empty) {
        el = &t->el[t->depth - 1];
        t->h->end(t->user, (const xmlChar *)t->sc + el->local,
                  el->prefix >= 0 ? (const xmlChar *)t->sc + el->prefix : NULL,
                  el->uri >= 0 ? (const xmlChar *)t->sc + el->uri
                               : (const xmlChar *)el->uri_static);
        t->depth--;
        t->sclen = el->mark;
        if (t->stop)
            return -KAIJI_XTOK_STOPPED;
    }
    return 0;
}

/* Markup at pos ('<') inside the root element, or after it (epilog): 0,
 * NEED, BAD or a negated result. */
static int parse_markup(kaiji_xtok *t, bool epilog)
{
    unsigned char *p = t->buf + t->pos;
    const unsigned char *e = t->buf + t->end;
    int n;

    if (p + 1 >= e)
        return NEED;
    switch (p[1]) {
    case '/':
        return epilog ? BAD : parse_end(t, p, e);
    case '?':
        n = parse_pi(p, e);
        break;
    case '!':
        if (e - p < 4)
            return NEED;
        if (p[2] == '-' && p[3] == '-') {
            n = parse_comment(p, e);
            break;
        }
        if (epilog)
            return BAD;
        if (e - p < 9)
            return NEED;
        if (memcmp(p + 2, "[CDATA[", 7) != 0)
            return BAD;
        return parse_cdata(t, p, e);
    default:
        if (epilog)
            return BAD;
        n = name_starts(p + 1, e);
        if (n != 1)
            return n == NEED ? NEED : BAD;
        return parse_start(t, p, e);
    }
    if (n < 0)
        return n;
    t->pos += (size_t)n;
    return 0;
}

/* ---- the prolog -------------------------------------------------------- */

/* Skips white space from *i; false when none. */
static bool skip_s(const unsigned char *b, size_t end, size_t *i)
{
    size_t s = *i;

    while (*i < end && is_space(b[*i]))
        (*i)++;
    return *i > s;
}

/* Matches ' name Eq "value" ' at *i, with value one of the alternatives
 * (case-insensitive when ci); false when it is not there. */
static bool decl_attr(const unsigned char *b, size_t end, size_t *i, const char *name,
                      const char *const *values, bool ci)
{
    size_t k = *i, n = strlen(name);

    if (!skip_s(b, end, &k) || end - k < n || memcmp(b + k, name, n) != 0)
        return false;
    k += n;
    skip_s(b, end, &k);
    if (k >= end || b[k] != '=')
        return false;
    k++;
    skip_s(b, end, &k);
    if (k >= end || (b[k] != '"' && b[k] != '\''))
        return false;
    unsigned char q = b[k++];
    for (; *values; values++) {
        size_t vl = strlen(*values);
        if (end - k > vl && b[k + vl] == q) {
            bool same = true;
            for (size_t j = 0; j < vl && same; j++) {
                unsigned char c = b[k + j], d = (unsigned char)(*values)[j];
                if (ci) { /* ASCII letters folded; (c | 0x20) would take CR for '-' */
                    c = c >= 'A' && c <= 'Z' ? (unsigned char)(c | 0x20) : c;
                    d = d >= 'A' && d <= 'Z' ? (unsigned char)(d | 0x20) : d;
                }
                same = c == d;
            }
            if (same) {
                *i = k + vl + 1;
                return true;
            }
        }
    }
    return false;
}

/*
 * Reads the prolog: a UTF-8 BOM, an XML declaration of version 1.0, UTF-8
 * and standalone, white space.  1 when the root element's start is at pos;
 * 0 when the part is outside the subset (then nothing has been consumed);
 * or a negated result.
 */
static int prolog(kaiji_xtok *t)
{
    static const char *const v10[] = {"1.0", NULL};
    static const char *const utf8[] = {"UTF-8", NULL};
    static const char *const yesno[] = {"yes", "no", NULL};

    for (;;) {
        const unsigned char *b = t->buf;
        size_t end = t->end, i = 0;
        int decided = -1; /* 1 the root is at i, 0 outside the subset */

        if (end >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF)
            i = 3;
        size_t avail = end - i;
        if ((end < 3 && memcmp(b, "\xEF\xBB\xBF", end) == 0) ||
            (avail < 6 && memcmp(b + i, "<?xml", avail < 5 ? avail : 5) == 0)) {
            /* too few bytes to tell */
        } else if (memcmp(b + i, "<?xml", 5) == 0 && is_space(b[i + 5])) {
            size_t k = i + 5;
            if (decl_attr(b, end, &k, "version", v10, false)) {
                decl_attr(b, end, &k, "encoding", utf8, true);
                decl_attr(b, end, &k, "standalone", yesno, false);
                skip_s(b, end, &k);
                if (end - k >= 2 && b[k] == '?' && b[k + 1] == '>') {
                    i = k + 2;
                    decided = 1;
                }
            }
            if (decided < 0 && find_term(b + i, b + end, "?>", 2))
                decided = 0; /* a declaration of something else */
        } else {
            decided = 1;
        }
        if (decided == 1) {
            skip_s(b, end, &i);
            if (end - i >= 2) {
                if (b[i] == '<' && b[i + 1] < 0x80 && name_class[b[i + 1]] == 1 &&
                    b[i + 1] != ':') {
                    t->pos = i;
                    return 1;
                }
                return 0;
            }
        } else if (decided == 0) {
            return 0;
        }
        if (t->eof || end >= KAIJI_XTOK_MAX_PROLOG)
            return 0;
        int r = fill(t);
        if (r < 0)
            return r;
    }
}

/* ---- the API ------------------------------------------------------------- */

kaiji_xtok *kaiji_xtok_new(void)
{
    kaiji_xtok *t = malloc(sizeof *t);

    if (!t)
        return NULL;
    /* The per-tag arrays (atts, av, nsv, nsoff) are written before they are
     * read: only the fields before them, and the decoding buffer, start at 0. */
    memset(t, 0, offsetof(kaiji_xtok, atts));
    t->dec = NULL;
    t->deccap = 0;
    t->buf = malloc(CHUNK + 1);
    if (!t->buf) {
        free(t);
        return NULL;
    }
    t->cap = CHUNK;
    return t;
}

void kaiji_xtok_free(kaiji_xtok *t)
{
    if (!t)
        return;
    free(t->buf);
    free(t->sc);
    free(t->el);
    free(t->ns);
    free(t->dec);
    free(t);
}

void kaiji_xtok_buffered(const kaiji_xtok *t, const char **p, size_t *len)
{
    *p = (const char *)t->buf + t->pos;
    *len = t->end - t->pos;
}

void kaiji_xtok_stop(kaiji_xtok *t)
{
    t->stop = true;
}

kaiji_xtok_result kaiji_xtok_parse(kaiji_xtok *t, const kaiji_xtok_handlers *h, void *user,
                                   kaiji_xtok_read_fn read, void *read_ctx)
{
    int r;

    t->pos = t->end = 0;
    t->buf[0] = '\0'; /* the bytes read are always followed by a NUL */
    t->eof = t->stop = t->started = false;
    t->read = read;
    t->rctx = read_ctx;
    t->h = h;
    t->user = user;
    t->sclen = 0;
    t->depth = 0;
    t->nns = 0;
    t->nsgen = 1;
    t->defgen = 0;
    t->pgen = 0;
#ifdef KAIJI_TEST_HOOKS
    t->plain_tags = 0;
#endif
    r = prolog(t);
    if (r < 0)
        return (kaiji_xtok_result)-r;
    if (r == 0)
        return KAIJI_XTOK_FALLBACK;
    r = parse_markup(t, false);
    for (;;) {
        /* Inside the root, token after token while each is whole in the
         * buffer: text, end tags (straight to parse_end) and other markup. */
        while (r == 0 && t->depth > 0 && t->pos < t->end) {
            unsigned char *b = t->buf + t->pos;
            if (b[0] != '<')
                r = parse_text(t);
            else if (b[1] == '/') /* the NUL after the bytes read is not '/' */
                r = parse_end(t, b, t->buf + t->end);
            else if (b[1] < 0x80 && name_class[b[1]] == 1) /* an ASCII name */
                r = plain_start(t, b, t->buf + t->end);
            else
                r = parse_markup(t, false);
        }
        if (r == NEED) {
            if (t->eof)
                return KAIJI_XTOK_MALFORMED;
            if (t->end - t->pos >= KAIJI_XTOK_MAX_TAG)
                return KAIJI_XTOK_TOO_LARGE;
            r = fill(t);
            if (r < 0)
                return (kaiji_xtok_result)-r;
        } else if (r == BAD) {
            return KAIJI_XTOK_MALFORMED;
        } else if (r < 0) {
            return (kaiji_xtok_result)-r;
        }
        if (t->pos >= t->end) {
            if (t->eof)
                return t->started && t->depth == 0 ? KAIJI_XTOK_OK : KAIJI_XTOK_MALFORMED;
            r = NEED;
            continue;
        }
        if (t->depth > 0) {
            r = t->buf[t->pos] == '<' ? parse_markup(t, false) : parse_text(t);
        } else if (!t->started) {
            r = parse_markup(t, false); /* the root's start tag, read further */
        } else {
            size_t i = t->pos;
            skip_s(t->buf, t->end, &i);
            t->pos = i;
            if (i >= t->end)
                r = NEED;
            else if (t->buf[i] == '\0')
                return KAIJI_XTOK_OK; /* libxml2 takes a NUL after the root for the end */
            else
                r = t->buf[i] == '<' ? parse_markup(t, true) : BAD;
            if (r == NEED && t->eof && t->pos >= t->end)
                return KAIJI_XTOK_OK;
        }
    }
}

#ifdef KAIJI_TEST_HOOKS
size_t kaiji_xtok_plain_tags(const kaiji_xtok *t)
{
    return t->plain_tags;
}
#endif
