/*
 * tests/test_ooxml_tok.c - the OOXML tokenizer (parser/ooxml_tok.c) against
 * libxml2: on every part of every XLSX under samples/, of the benchmark's
 * corpora (every writer style) and on hand-written edge cases, both are run
 * on the same bytes with recording callbacks (tests/support/xtok_diff.h) and
 * must give the same events or both refuse the part; a few inputs are also
 * handed to the tokenizer a byte at a time and cut at every offset.  The
 * plain tags of a sheet are checked to take the tokenizer's plain path,
 * and tags it must leave to the general one not to (a test hook: the
 * tokenizer linked here is built with KAIJI_TEST_HOOKS, Makefile).
 */
#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kaiji.h"
#include "base/base.h"
#include "parser/grid.h"
#include "parser/readers.h"
#include "parser/zipsafe.h"
#include "support/support.h"
#include "support/xlsx_fixtures.h"
#include "support/xtok_diff.h"

/* Asserts that both agree on the bytes, read as the tokenizer asks and a
 * byte at a time; the tokenizer's outcome. */
static int agree(const char *label, const unsigned char *p, size_t len)
{
    int outcome, o1;
    char *why;

    if (!xd_agree(p, len, 0, 0, &outcome, &why))
        cr_expect(false, "%s: %s", label, why ? why : "(no memory)");
    free(why);
    if (!xd_agree(p, len, 1, 0, &o1, &why))
        cr_expect(false, "%s, a byte at a time: %s", label, why ? why : "(no memory)");
    free(why);
    cr_expect_eq(o1, outcome, "%s: read a byte at a time, %s; whole, %s", label,
                 xd_outcome_name(o1), xd_outcome_name(outcome));
    return outcome;
}

/* ---- hand-written cases ------------------------------------------------ */

typedef struct tcase {
    const char *name;
    const char *xml;
    int expect; /* the tokenizer's outcome (XD_*) */
} tcase;

#define D "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
#define NS "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\""

static const tcase cases[] = {
    {"an empty root", D "<a/>", XD_ACCEPT},
    {"no declaration", "<a>x</a>", XD_ACCEPT},
    {"a UTF-8 BOM", "\xEF\xBB\xBF" D "<a>x</a>", XD_ACCEPT},
    {"single quotes in the declaration", "<?xml version='1.0' encoding='utf-8'?><a/>", XD_ACCEPT},
    {"text, numbers and Japanese", D "<a " NS "><b r=\"A1\" t=\"s\"><v>12</v></b><t>はい、いいえ</t></a>", XD_ACCEPT},
    {"a long run of kanji", D "<a>漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字</a>", XD_ACCEPT},
    {"a run of kanji with an ASCII byte for its continuation byte 1", D "<a>" "\xE6\xBC\xA2\xE5\xAD\x97\xE6\x41\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97" "</a>", XD_REJECT},
    {"a run of kanji with an ASCII byte for its continuation byte 2", D "<a>" "\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\x41\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97" "</a>", XD_REJECT},
    {"a run of kanji with an ASCII byte for its continuation byte 4", D "<a>" "\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\x41\x97\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97" "</a>", XD_REJECT},
    {"a run of kanji with an ASCII byte for its continuation byte 5", D "<a>" "\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x41\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97" "</a>", XD_REJECT},
    {"a run of kanji with an ASCII byte for its continuation byte 7", D "<a>" "\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97\xE6\x41\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97" "</a>", XD_REJECT},
    {"a run of kanji with an ASCII byte for its continuation byte 8", D "<a>" "\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\x41\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97" "</a>", XD_REJECT},
    {"a run of kanji with an ASCII byte for its continuation byte 10", D "<a>" "\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\x41\x97\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97" "</a>", XD_REJECT},
    {"a run of kanji with an ASCII byte for its continuation byte 11", D "<a>" "\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x41\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97" "</a>", XD_REJECT},
    {"a surrogate as character 4 of a run of kanji", D "<a>" "\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2" "\xED\xA0\x80" "\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97" "</a>", XD_REJECT},
    {"a surrogate as character 7 of a run of kanji", D "<a>" "\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97" "\xED\xA0\x80" "\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97" "</a>", XD_REJECT},
    {"a surrogate as character 10 of a run of kanji", D "<a>" "\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2" "\xED\xA0\x80" "\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97" "</a>", XD_REJECT},
    {"a surrogate as character 13 of a run of kanji", D "<a>" "\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97" "\xED\xA0\x80" "\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97" "</a>", XD_REJECT},
    {"U+FFFF as character 4 of a run of kanji", D "<a>" "\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2" "\xEF\xBF\xBF" "\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97" "</a>", XD_REJECT},
    {"U+FFFF as character 7 of a run of kanji", D "<a>" "\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97" "\xEF\xBF\xBF" "\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97" "</a>", XD_REJECT},
    {"U+FFFF as character 10 of a run of kanji", D "<a>" "\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2" "\xEF\xBF\xBF" "\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97" "</a>", XD_REJECT},
    {"U+FFFF as character 13 of a run of kanji", D "<a>" "\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97" "\xEF\xBF\xBF" "\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97" "</a>", XD_REJECT},
    {"an overlong form as character 4 of a run of kanji", D "<a>" "\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2" "\xE0\x80\xAF" "\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97" "</a>", XD_REJECT},
    {"an overlong form as character 7 of a run of kanji", D "<a>" "\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97" "\xE0\x80\xAF" "\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97" "</a>", XD_REJECT},
    {"an overlong form as character 10 of a run of kanji", D "<a>" "\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2" "\xE0\x80\xAF" "\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97" "</a>", XD_REJECT},
    {"an overlong form as character 13 of a run of kanji", D "<a>" "\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97" "\xE0\x80\xAF" "\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97" "</a>", XD_REJECT},
    {"a full-width letter as character 4 of a run of kanji", D "<a>" "\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2" "\xEF\xBC\xA1" "\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97" "</a>", XD_ACCEPT},
    {"a full-width letter as character 7 of a run of kanji", D "<a>" "\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97" "\xEF\xBC\xA1" "\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97" "</a>", XD_ACCEPT},
    {"a full-width letter as character 10 of a run of kanji", D "<a>" "\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2" "\xEF\xBC\xA1" "\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97" "</a>", XD_ACCEPT},
    {"a full-width letter as character 13 of a run of kanji", D "<a>" "\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97" "\xEF\xBC\xA1" "\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97" "</a>", XD_ACCEPT},
    {"a four-byte character as character 4 of a run of kanji", D "<a>" "\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2" "\xF0\x9F\x98\x80" "\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97" "</a>", XD_ACCEPT},
    {"a four-byte character as character 7 of a run of kanji", D "<a>" "\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97" "\xF0\x9F\x98\x80" "\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97" "</a>", XD_ACCEPT},
    {"a four-byte character as character 10 of a run of kanji", D "<a>" "\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2" "\xF0\x9F\x98\x80" "\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97" "</a>", XD_ACCEPT},
    {"a four-byte character as character 13 of a run of kanji", D "<a>" "\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97" "\xF0\x9F\x98\x80" "\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2\xE5\xAD\x97" "</a>", XD_ACCEPT},
    {"the five entities in text", D "<a>&lt;&gt;&amp;&quot;&apos;</a>", XD_ACCEPT},
    {"the five entities in a value", D "<a v=\"&lt;&gt;&amp;&quot;&apos;\"/>", XD_ACCEPT},
    {"character references", D "<a v=\"&#65;&#x3042;&#38;&#x1F600;\">&#65;&#x3042;&#38;&#x1F600;&#0065;</a>", XD_ACCEPT},
    {"a reference to NUL", D "<a>&#0;</a>", XD_REJECT},
    {"a reference to a control character", D "<a>&#1;</a>", XD_REJECT},
    {"a reference to a surrogate", D "<a>&#xD800;</a>", XD_REJECT},
    {"a reference past U+10FFFF", D "<a>&#x110000;</a>", XD_REJECT},
    {"a reference of many digits", D "<a>&#99999999999999999999;</a>", XD_REJECT},
    {"a reference to U+FFFE", D "<a v=\"&#xFFFE;\"/>", XD_REJECT},
    {"a reference without digits", D "<a>&#;</a>", XD_REJECT},
    {"a reference with X", D "<a>&#X41;</a>", XD_REJECT},
    {"an undeclared entity", D "<a>&nbsp;</a>", XD_REJECT},
    {"an undeclared entity in a value", D "<a v=\"&foo;\"/>", XD_REJECT},
    {"an ampersand alone", D "<a>a & b</a>", XD_REJECT},
    {"an unterminated reference", D "<a>&amp</a>", XD_REJECT},
    {"CDATA", D "<a><![CDATA[<x>&amp;]]]]><![CDATA[>]]></a>", XD_ACCEPT},
    {"an empty CDATA", D "<a>x<![CDATA[]]>y</a>", XD_ACCEPT},
    {"CDATA with CRLF", D "<a><![CDATA[a\r\nb\rc]]></a>", XD_ACCEPT},
    {"CDATA outside the root", D "<a/><![CDATA[x]]>", XD_REJECT},
    {"an unterminated CDATA", D "<a><![CDATA[x</a>", XD_REJECT},
    {"comments", D "<a><!-- c -->x<!---->y<!-- - --></a><!-- after -->", XD_ACCEPT},
    {"a comment with --", D "<a><!-- a -- b --></a>", XD_REJECT},
    {"a comment ending in ---", D "<a><!-- a ---></a>", XD_REJECT},
    {"an unterminated comment", D "<a><!-- a </a>", XD_REJECT},
    {"processing instructions", D "<a><?pi data?>x<?pi?><?p:i x?></a><?after?>", XD_ACCEPT},
    {"a PI named xml in the body", D "<a><?xml x?></a>", XD_REJECT},
    {"a PI named XmL in the body", D "<a><?XmL x?></a>", XD_REJECT},
    {"a PI without a space", D "<a><?pi&x?></a>", XD_REJECT},
    {"an unterminated PI", D "<a><?pi x</a>", XD_REJECT},
    {"CRLF in text", D "<a>a\r\nb\rc\nd\r\r\ne</a>", XD_ACCEPT},
    {"CRLF between tags", D "<a>\r\n<b/>\r\n</a>", XD_ACCEPT},
    {"tabs and line ends in a value", D "<a v=\"a\tb\nc\r\nd\re  f\"/>", XD_ACCEPT},
    {"white space around =", D "<a v \t=\r\n 'x' w=\"y\" />", XD_ACCEPT},
    {"white space in an end tag", D "<a></a \r\n>", XD_ACCEPT},
    {"quotes inside values", D "<a v=\"it's\" w='say \"x\"'/>", XD_ACCEPT},
    {"]]> in text", D "<a>a]]>b</a>", XD_REJECT},
    {"] and ]] in text", D "<a>a]b]]c]]]</a>", XD_ACCEPT},
    {"> in text", D "<a>a>b</a>", XD_ACCEPT},
    {"< in a value", D "<a v=\"<\"/>", XD_REJECT},
    {"> in a value", D "<a v=\">\"/>", XD_ACCEPT},
    {"an unquoted value", D "<a v=x/>", XD_REJECT},
    {"an attribute without value", D "<a v/>", XD_REJECT},
    {"attributes without space between", D "<a v=\"1\"w=\"2\"/>", XD_REJECT},
    {"an attribute twice", D "<a v=\"1\" v=\"2\"/>", XD_REJECT},
    {"a prefixed attribute twice", D "<a xmlns:p=\"u\" p:v=\"1\" p:v=\"2\"/>", XD_REJECT},
    {"one name under two prefixes of one URI", D "<a xmlns:p=\"u\" xmlns:q=\"u\" p:v=\"1\" q:v=\"2\"/>", XD_ACCEPT},
    {"the default namespace declared twice", D "<a xmlns=\"u\" xmlns=\"v\"/>", XD_REJECT},
    {"a prefix declared twice", D "<a xmlns:p=\"u\" xmlns:p=\"v\"/>", XD_REJECT},
    {"an empty prefixed declaration twice", D "<a xmlns:p=\"\" xmlns:p=\"\"/>", XD_ACCEPT},
    {"xmlns:xml twice", D "<a xmlns:xml=\"http://www.w3.org/XML/1998/namespace\" "
     "xmlns:xml=\"http://www.w3.org/XML/1998/namespace\"/>", XD_ACCEPT},
    {"the default namespace and a prefix", D "<a xmlns=\"u\" xmlns:xmlns=\"v\" xmlns:a=\"u\"/>", XD_ACCEPT},
    {"mismatched tags", D "<a><b></a></b>", XD_REJECT},
    {"an end tag longer than its start", D "<a><b></bc></a>", XD_REJECT},
    {"an end tag shorter than its start", D "<a><bc></b></a>", XD_REJECT},
    {"an end tag of another prefix", D "<x:a xmlns:x=\"u\" xmlns:y=\"u\"></y:a>", XD_REJECT},
    {"plain attributes before and after a decoded, a prefixed one and a declaration", D "<a b=\"1\" c=\"&amp;\tx\" d=\"2\" x:e=\"3\" f=\"4\" xmlns:x=\"u\" g=\"5\"/>", XD_ACCEPT},
    {"a declaration first, then plain and prefixed attributes", D "<a xmlns:x=\"u\" b=\"1\" x:c=\"2\" d=\"3\"><b e=\"4\" f=\"5\"/></a>", XD_ACCEPT},
    {"a plain attribute twice after a decoded one", D "<a b=\"1\" c=\"&lt;\" b=\"2\"/>", XD_REJECT},
    {"an end tag without the prefix's colon", D "<x:a xmlns:x=\"u\"></x_a>", XD_REJECT},
    {"an end tag of another local name", D "<x:ab xmlns:x=\"u\"></x:ac>", XD_REJECT},
    {"an end tag with the colon moved", D "<xy:a xmlns:xy=\"u\" xmlns:x=\"u\"></x:ya>", XD_REJECT},
    {"a prefixed end tag of eight bytes and of nine", D "<pp:abcde xmlns:pp=\"u\"><pp:abcdef/></pp:abcde>", XD_ACCEPT},
    {"an end tag differing in its ninth byte", D "<abcdefghi></abcdefghj>", XD_REJECT},
    {"an end tag differing in its eighth byte", D "<abcdefgh></abcdefgx>", XD_REJECT},
    {"two roots", D "<a/><b/>", XD_REJECT},
    {"text after the root", D "<a/>x", XD_REJECT},
    {"white space after the root", D "<a/>\n\r\n\t ", XD_ACCEPT},
    {"an end tag after the root", D "<a/></a>", XD_REJECT},
    {"an unclosed root", D "<a><b/>", XD_REJECT},
    {"an unterminated start tag", D "<a><b v=\"1\"", XD_REJECT},
    {"an unterminated value", D "<a v=\"1/>", XD_REJECT},
    {"an unterminated end tag", D "<a></a", XD_REJECT},
    {"a lone <", D "<a>< b</a>", XD_REJECT},
    {"<! in the body", D "<a><!x></a>", XD_REJECT},
    {"a DOCTYPE in the body", D "<a><!DOCTYPE a></a>", XD_REJECT},
    {"namespaces and prefixes", D "<x:a xmlns:x=\"" "http://schemas.openxmlformats.org/spreadsheetml/2006/main" "\" xmlns:r=\"r-ns\"><x:b r:id=\"rId1\" x:v=\"1\" v=\"2\"/></x:a>", XD_ACCEPT},
    {"a default namespace redeclared and undeclared", D "<a xmlns=\"u\"><b xmlns=\"v\"><c xmlns=\"\"><d/></c><e/></b><f/></a>", XD_ACCEPT},
    {"a prefix redeclared in a child", D "<p:a xmlns:p=\"u\"><p:b xmlns:p=\"v\"><p:c/></p:b><p:d/></p:a>", XD_ACCEPT},
    {"an undeclared element prefix", D "<p:a><q:b/></p:a>", XD_ACCEPT},
    {"an undeclared attribute prefix", D "<a q:v=\"1\"/>", XD_ACCEPT},
    {"the xml prefix", D "<a xml:space=\"preserve\" xml:lang=\"ja\"> x </a>", XD_ACCEPT},
    {"xmlns:xml bound to its URI", D "<a xmlns:xml=\"http://www.w3.org/XML/1998/namespace\"/>", XD_ACCEPT},
    {"xmlns:xml bound elsewhere", D "<a xmlns:xml=\"u\"/>", XD_ACCEPT},
    {"an empty prefixed declaration", D "<a xmlns:p=\"\"/>", XD_ACCEPT},
    {"references in a namespace URI", D "<p:a xmlns:p=\"u&amp;v&#65;\"/>", XD_ACCEPT},
    {"a namespace declared after its use", D "<p:a p:v=\"1\" xmlns:p=\"u\"/>", XD_ACCEPT},
    {"odd qualified names", D "<a b:c:d=\"1\" e:=\"2\" f:1=\"3\"><g:h:i/></a>", XD_ACCEPT},
    {"a name starting with a colon", D "<a :b=\"1\"><:c/></a>", XD_ACCEPT},
    {"a root starting with a colon", D "<:a/>", XD_FALLBACK},
    {"names with dots, dashes, digits", D "<a-b.c_d1 e-f.g=\"1\"/>", XD_ACCEPT},
    {"names in Japanese", D "<a><名前 属性=\"値\">テキスト</名前></a>", XD_ACCEPT},
    {"a name starting with a digit", D "<a><1b/></a>", XD_REJECT},
    {"a name starting with a dash", D "<a><-b/></a>", XD_REJECT},
    {"a name with a middle dot", D "<a><b\xC2\xB7/></a>", XD_ACCEPT},
    {"a name starting with a middle dot", D "<a><\xC2\xB7/></a>", XD_REJECT},
    {"empty elements", D "<a><b/><c></c><d /></a>", XD_ACCEPT},
    {"invalid UTF-8 in text", D "<a>\xFF</a>", XD_REJECT},
    {"an overlong encoding", D "<a>\xC0\xAF</a>", XD_REJECT},
    {"an overlong three bytes", D "<a>\xE0\x80\xAF</a>", XD_REJECT},
    {"a surrogate in UTF-8", D "<a>\xED\xA0\x80</a>", XD_REJECT},
    {"past U+10FFFF in UTF-8", D "<a>\xF4\x90\x80\x80</a>", XD_REJECT},
    {"a cut character", D "<a>\xE3\x81</a>", XD_REJECT},
    {"U+FFFF in text", D "<a>\xEF\xBF\xBF</a>", XD_REJECT},
    {"U+FFFE in a value", D "<a v=\"\xEF\xBF\xBE\"/>", XD_REJECT},
    {"a four-byte character", D "<a v=\"\xF0\x9F\x98\x80\">\xF0\x9F\x98\x80</a>", XD_ACCEPT},
    {"C1 controls", D "<a v=\"\xC2\x85\">\xC2\x80\xC2\x9F</a>", XD_ACCEPT},
    {"DEL", D "<a v=\"\x7F\">\x7F</a>", XD_ACCEPT},
    {"a control character in text", D "<a>\x01</a>", XD_REJECT},
    {"a form feed in text", D "<a>\x0C</a>", XD_REJECT},
    {"a control character in a value", D "<a v=\"\x1F\"/>", XD_REJECT},
    {"a control character in a comment", D "<a><!-- \x02 --></a>", XD_REJECT},
    {"invalid UTF-8 in a comment", D "<a><!-- \xFE --></a>", XD_REJECT},
    {"invalid UTF-8 in a PI", D "<a><?pi \xFE?></a>", XD_REJECT},
    {"invalid UTF-8 in CDATA", D "<a><![CDATA[\xFE]]></a>", XD_REJECT},
    {"invalid UTF-8 in a name", D "<a\xFE/>", XD_REJECT},
    {"invalid UTF-8 in a value", D "<a v=\"\xC3\"/>", XD_REJECT},
    {"invalid UTF-8 after the root", D "<a/>\xFF", XD_REJECT},
    {"a DOCTYPE", D "<!DOCTYPE a [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><a>&e;</a>", XD_FALLBACK},
    {"a comment in the prolog", D "<!-- c --><a/>", XD_FALLBACK},
    {"a PI in the prolog", D "<?pi x?><a/>", XD_FALLBACK},
    {"another encoding", "<?xml version=\"1.0\" encoding=\"Shift_JIS\"?><a/>", XD_FALLBACK},
    {"UTF-8 in small letters", "<?xml version=\"1.0\" encoding=\"utf-8\"?><a/>", XD_ACCEPT},
    {"an encoding of a CR for UTF-8's dash", "<?xml version=\"1.0\" encoding=\"UTF\r8\"?><a/>", XD_FALLBACK},
    {"an encoding of a control character for UTF-8's 8", "<?xml version=\"1.0\" encoding=\"UTF-\x18\"?><a/>", XD_FALLBACK},
    {"version 1.1", "<?xml version=\"1.1\"?><a/>", XD_FALLBACK},
    {"a UTF-16 BOM", "\xFF\xFE<\0a\0/\0>\0", XD_FALLBACK},
    {"nothing", "", XD_FALLBACK},
    {"white space only", "  \n", XD_FALLBACK},
    {"text only", "hello", XD_FALLBACK},
    {"a declaration only", D, XD_FALLBACK},
    {"white space before the declaration", " " D "<a/>", XD_FALLBACK},
    {"a NUL byte", D "<a>\0</a>", XD_REJECT},
    {"a NUL byte after the root", D "<a/>\0<b>", XD_ACCEPT},
};

Test(ooxml_tok, agrees_with_libxml2_on_every_hand_written_case)
{
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const tcase *c = &cases[i];
        size_t len = strlen(c->xml);
        if (strcmp(c->name, "a UTF-16 BOM") == 0)
            len = 10;
        else if (strcmp(c->name, "a NUL byte") == 0)
            len = strlen(D) + 8;
        else if (strcmp(c->name, "a NUL byte after the root") == 0)
            len = strlen(D) + 8;
        int o = agree(c->name, (const unsigned char *)c->xml, len);
        cr_expect_eq(o, c->expect, "%s: the tokenizer %s, expected %s", c->name,
                     xd_outcome_name(o), xd_outcome_name(c->expect));
    }
}

/* A part cut in two at every offset, and read in pieces of 1 to 7 bytes. */
Test(ooxml_tok, gives_the_same_events_wherever_the_part_is_cut)
{
    static const char *const inputs[] = {
        "\xEF\xBB\xBF" D "<x:worksheet xmlns:x=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
        "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
        "<x:sheetData><x:row r=\"1\"><x:c r=\"A1\" t=\"inlineStr\"><x:is><x:t>はい&amp;いいえ\r\n"
        "&#x3042;]]&gt;</x:t></x:is></x:c></x:row></x:sheetData><!-- c --><?p i?>"
        "<x:x><![CDATA[a\r\nb]]></x:x></x:worksheet>\r\n",
        D "<a v=\"a&#38;b\tc\r\nd&lt;\" w='\xE6\x97\xA5'>\xF0\x9F\x98\x80 x]y]]z</a>",
        D "<a><b></a>",
        D "<a>\xE3\x81\xFF</a>",
        D "<r xmlns:x=\"u\"><c r=\"A1\" s='3' t=\"s\"><v>1</v></c><x:c/><d a=\"&amp;\" b=\"2\"/>"
        "<e\ta=\"1\"\n/><c a=\"1\" a=\"2\"/></r>",
    };
    for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
        const unsigned char *p = (const unsigned char *)inputs[i];
        size_t len = strlen(inputs[i]);
        int whole, o;
        char *why;
        cr_assert(xd_agree(p, len, 0, 0, &whole, &why), "input %zu: %s", i, why);
        for (size_t k = 1; k < len; k++) {
            cr_assert(xd_agree(p, len, 0, k, &o, &why), "input %zu cut at %zu: %s", i, k, why);
            cr_assert_eq(o, whole, "input %zu cut at %zu: %s, whole: %s", i, k,
                         xd_outcome_name(o), xd_outcome_name(whole));
        }
        for (size_t chunk = 1; chunk <= 7; chunk++) {
            cr_assert(xd_agree(p, len, chunk, 0, &o, &why), "input %zu in pieces of %zu: %s", i,
                      chunk, why);
            cr_assert_eq(o, whole);
        }
    }
}

/* ---- the plain tag's path ------------------------------------------------ */

/* Start tags inside the root take a path of their own when plain (ASCII
 * names, name="value" with nothing to decode, no declaration: plain_start in
 * parser/ooxml_tok.c) and the general one otherwise; the root's own tag
 * always takes the general one.  Each case puts the tag inside a root, at
 * the edge of the plain path, so that both paths are held to libxml2. */
static const tcase plain_cases[] = {
    {"plain tags of a sheet", D "<r><row r=\"1\"><c r=\"A1\" s=\"3\" t=\"s\"><v>0</v></c><c r='B1'/><c/></row></r>", XD_ACCEPT},
    {"plain tags of a bound prefix", D "<x:r xmlns:x=\"u\"><x:c r=\"A1\"><x:v>1</x:v></x:c><x:c/></x:r>", XD_ACCEPT},
    {"a prefix rebound between two plain tags", D "<x:r xmlns:x=\"u\"><x:c/><x:d xmlns:x=\"v\"><x:c/></x:d><x:c/></x:r>", XD_ACCEPT},
    {"the default namespace changed between two plain tags", D "<r xmlns=\"u\"><c/><d xmlns=\"v\"><c/></d><e xmlns=\"\"><c/></e><c/></r>", XD_ACCEPT},
    {"a tag of an unbound prefix", D "<r><p:c r=\"1\"/><p:d></p:d></r>", XD_ACCEPT},
    {"a tag of the xml prefix", D "<r><xml:c/></r>", XD_ACCEPT},
    {"a tag name of two colons", D "<r xmlns:a=\"u\"><a:b:c/></r>", XD_ACCEPT},
    {"a local name starting with a digit", D "<r xmlns:a=\"u\"><a:1b/></r>", XD_ACCEPT},
    {"a tag name ending in a colon", D "<r><a:/></r>", XD_ACCEPT},
    {"a tag name starting with a colon", D "<r><:a/></r>", XD_ACCEPT},
    {"a prefixed attribute", D "<r><t xml:space=\"preserve\"> x </t><c p:a=\"1\"/></r>", XD_ACCEPT},
    {"declarations on inner tags", D "<r><c xmlns=\"v\"><d/></c><e xmlns:p=\"w\" p:a=\"1\"/></r>", XD_ACCEPT},
    {"attributes named like xmlns", D "<r><c xmlnsx=\"1\" xmln=\"2\" xmlns_=\"3\"/></r>", XD_ACCEPT},
    {"an attribute twice", D "<r><c a=\"1\" b=\"2\" a=\"3\"/></r>", XD_REJECT},
    {"an attribute twice, the first the first of eight bytes", D "<r><c abcdefgh=\"1\" abcdefgh=\"2\"/></r>", XD_REJECT},
    {"an attribute twice, of nine bytes", D "<r><c abcdefghi=\"1\" abcdefghi=\"2\"/></r>", XD_REJECT},
    {"attributes alike but for their length or last byte", D "<r><c ab=\"1\" ac=\"2\" abc=\"3\" abcdefghi=\"4\" abcdefghj=\"5\"/></r>", XD_ACCEPT},
    {"white space around =", D "<r><c a = \"1\" b\t='2'/></r>", XD_ACCEPT},
    {"tabs and line ends between attributes", D "<r><c\ta=\"1\"\r\n b='2'\n/><d\n>x</d\n></r>", XD_ACCEPT},
    {"a reference, a tab and a line end in values", D "<r><c a=\"x&amp;y\" b=\"x\ty\" d=\"x\ny\" e=\"x\r\ny\"/></r>", XD_ACCEPT},
    {"the other quote in a value", D "<r><c a=\"it's\" b='say \"x\"'/></r>", XD_ACCEPT},
    {"an empty value", D "<r><c a=\"\" b=''/></r>", XD_ACCEPT},
    {"Japanese in a value", D "<r><c a=\"日本\" b=\"x\"/></r>", XD_ACCEPT},
    {"Japanese in names after ASCII", D "<r><ab日/><c a日=\"1\"/></r>", XD_ACCEPT},
    {"attributes without space between", D "<r><c a=\"1\"b=\"2\"/></r>", XD_REJECT},
    {"no space before an attribute", D "<r><c\"a\"/></r>", XD_REJECT},
    {"an unquoted value", D "<r><c a=1/></r>", XD_REJECT},
    {"an attribute without a value", D "<r><c a/></r>", XD_REJECT},
    {"an attribute without =", D "<r><c a \"1\"/></r>", XD_REJECT},
    {"a / not followed by >", D "<r><c a=\"1\" / ></r>", XD_REJECT},
    {"a / after a name", D "<r><c/ ></r>", XD_REJECT},
    {"a control character in a value", D "<r><c a=\"\x01\"/></r>", XD_REJECT},
    {"< in a value", D "<r><c a=\"<\"/></r>", XD_REJECT},
    {"an unterminated value", D "<r><c a=\"1/></r>", XD_REJECT},
    {"an unterminated tag", D "<r><c a=\"1\"", XD_REJECT},
    {"invalid UTF-8 in a value", D "<r><c a=\"\xC3\"/></r>", XD_REJECT},
    {"an attribute name starting with a digit", D "<r><c 1a=\"1\"/></r>", XD_REJECT},
};

Test(ooxml_tok, plain_tags_inside_the_root_and_tags_just_off_their_path_agree_with_libxml2)
{
    for (size_t i = 0; i < sizeof plain_cases / sizeof plain_cases[0]; i++) {
        const tcase *c = &plain_cases[i];
        int o = agree(c->name, (const unsigned char *)c->xml, strlen(c->xml));
        cr_expect_eq(o, c->expect, "%s: the tokenizer %s, expected %s", c->name,
                     xd_outcome_name(o), xd_outcome_name(c->expect));
    }
}

/* A tag of 127, 128 and 129 empty attributes between before and after (the
 * root's own, or one inside a root): the tokenizer agrees with libxml2, and
 * refuses as unsafe over KAIJI_XML_MAX_ATTRIBUTES. */
static void attribute_count_bounds(const char *before, const char *after)
{
    size_t counts[] = {127, 128, 129};
    for (size_t i = 0; i < 3; i++) {
        char *s = malloc(16 * counts[i] + 32);
        size_t o = (size_t)sprintf(s, "%s", before);
        for (size_t k = 0; k < counts[i]; k++)
            o += (size_t)sprintf(s + o, " a%zu=\"\"", k);
        o += (size_t)sprintf(s + o, "%s", after);
        int out;
        char *why;
        cr_expect(xd_agree((unsigned char *)s, o, 0, 0, &out, &why), "%s%zu attributes: %s",
                  before, counts[i], why);
        cr_expect_eq(out, counts[i] > KAIJI_XML_MAX_ATTRIBUTES ? XD_UNSAFE : XD_ACCEPT,
                     "%s%zu attributes", before, counts[i]);
        free(why);
        free(s);
    }
}

/* The bounds of attributes and names hold on a tag inside the root too. */
Test(ooxml_tok, bounds_attributes_and_names_of_an_inner_tag)
{
    attribute_count_bounds("<r><a", "/></r>");
    /* An element's name, a prefixed one's whole name (the tokenizer bounds
     * the name as written, libxml2 its prefix and local name apart: a
     * prefixed name over 50,000 bytes is refused by the one alone) and an
     * attribute's name of up to libxml2's 50,000 bytes. */
    size_t names[] = {50000, 50001};
    for (size_t i = 0; i < 2; i++) {
        size_t n = names[i];
        for (int kind = 0; kind < 3; kind++) {
            if (kind == 1 && n > KAIJI_XTOK_MAX_NAME)
                continue;
            char *s = malloc(2 * n + 64);
            size_t o = (size_t)sprintf(s, "<r xmlns:p=\"u\"><");
            if (kind == 1)
                o += (size_t)sprintf(s + o, "p:");
            if (kind == 2)
                o += (size_t)sprintf(s + o, "c ");
            memset(s + o, 'n', kind == 1 ? n - 2 : n);
            o += kind == 1 ? n - 2 : n;
            o += (size_t)sprintf(s + o, kind == 2 ? "=\"1\"/></r>" : "/></r>");
            int out;
            char *why;
            cr_expect(xd_agree((unsigned char *)s, o, 0, 0, &out, &why), "a name of %zu (%d): %s",
                      n, kind, why);
            cr_expect_eq(out, n > KAIJI_XTOK_MAX_NAME ? XD_REJECT : XD_ACCEPT,
                         "a name of %zu (%d)", n, kind);
            free(why);
            free(s);
        }
    }
}

/* ---- bounds ------------------------------------------------------------- */

/* "<a>" n times, then "</a>" n times (malloc'd). */
static char *nested(size_t n, size_t *len)
{
    char *s = malloc(7 * n + 1);
    size_t o = 0;
    cr_assert_not_null(s);
    for (size_t i = 0; i < n; i++)
        o += (size_t)sprintf(s + o, "<a>");
    for (size_t i = 0; i < n; i++)
        o += (size_t)sprintf(s + o, "</a>");
    *len = o;
    return s;
}

Test(ooxml_tok, nests_as_deep_as_libxml2_and_no_deeper)
{
    size_t depths[] = {255, 256, 257, 258, 259, 5000};
    for (size_t i = 0; i < sizeof depths / sizeof depths[0]; i++) {
        size_t len;
        char *s = nested(depths[i], &len);
        int o;
        char *why;
        cr_expect(xd_agree((unsigned char *)s, len, 0, 0, &o, &why), "depth %zu: %s",
                  depths[i], why);
        cr_expect(depths[i] > 257 ? o == XD_REJECT : o == XD_ACCEPT, "depth %zu: %s", depths[i],
                  xd_outcome_name(o));
        free(why);
        free(s);
    }
}

Test(ooxml_tok, bounds_attributes_names_and_tags)
{
    attribute_count_bounds("<a", "/>");
    /* Names up to libxml2's 50,000 bytes. */
    size_t names[] = {1000, 50000, 50001};
    for (size_t i = 0; i < 3; i++) {
        size_t n = names[i];
        char *s = malloc(2 * n + 16);
        memset(s + 1, 'n', n);
        s[0] = '<';
        memcpy(s + 1 + n, "></", 3);
        memset(s + 4 + n, 'n', n);
        s[4 + 2 * n] = '>';
        int out;
        char *why;
        cr_expect(xd_agree((unsigned char *)s, 5 + 2 * n, 0, 0, &out, &why), "a name of %zu: %s",
                  n, why);
        cr_expect_eq(out, n > KAIJI_XTOK_MAX_NAME ? XD_REJECT : XD_ACCEPT, "a name of %zu", n);
        free(why);
        free(s);
    }
    /* A value longer than a tag may be: refused, not held. */
    size_t vl = KAIJI_XTOK_MAX_TAG + 10;
    char *s = malloc(vl + 32);
    size_t o = (size_t)sprintf(s, "<a v=\"");
    memset(s + o, 'v', vl);
    o += vl;
    o += (size_t)sprintf(s + o, "\"/>");
    xd_rec r = {0};
    cr_expect_eq(xd_run_tok((unsigned char *)s, o, 0, 0, &r), XD_TOO_LARGE);
    free(r.s);
    free(r.text);
    free(s);
    /* Long text is handed on in pieces, never held whole. */
    size_t tl = 3 * KAIJI_XTOK_MAX_TAG;
    s = malloc(tl + 16);
    o = (size_t)sprintf(s, "<a>");
    memset(s + o, 't', tl);
    o += tl;
    o += (size_t)sprintf(s + o, "</a>");
    int out;
    char *why;
    cr_expect(xd_agree((unsigned char *)s, o, 0, 0, &out, &why), "long text: %s", why);
    cr_expect_eq(out, XD_ACCEPT);
    free(why);
    free(s);
}

/* ---- every part of real workbooks ---------------------------------------- */

/* Runs both on every XML part of the XLSX at path; the number of parts the
 * tokenizer read itself into *own. */
static size_t check_workbook(const char *path, size_t *own)
{
    char *data;
    size_t size, n = 0;
    kaiji_zip *zip;
    kaiji_limits lim;
    char why[KAIJI_ZIP_WHY];

    cr_assert_eq(kaiji_file_read(&data, &size, path, 64u << 20, NULL, NULL), KAIJI_OK, "%s", path);
    memset(&lim, 0, sizeof lim);
    if (kaiji_zip_open_archive(&zip, (unsigned char *)data, size, &lim, why) != KAIJI_ZIP_OK) {
        free(data); /* the broken samples: not a ZIP to take parts from */
        return 0;
    }
    for (size_t i = 0; i < kaiji_zip_entry_count(zip); i++) {
        const char *name = kaiji_zip_entry_name(zip, i);
        size_t nl = name ? strlen(name) : 0;
        if (!name || (!(nl > 4 && strcmp(name + nl - 4, ".xml") == 0) &&
                      !(nl > 5 && strcmp(name + nl - 5, ".rels") == 0) &&
                      !(nl > 4 && strcmp(name + nl - 4, ".vml") == 0)))
            continue;
        unsigned char *part;
        size_t plen;
        if (kaiji_zip_entry_read(zip, i, NULL, false, &part, &plen, why) != KAIJI_ZIP_OK)
            continue;
        char label[8192];
        snprintf(label, sizeof label, "%s: %s", path, name);
        int o = agree(label, part, plen);
        n++;
        if (o == XD_ACCEPT)
            (*own)++;
        free(part);
    }
    kaiji_zip_free(zip);
    free(data);
    return n;
}

/* Every .xlsx under dir, recursively. */
static void check_folder(const char *dir, size_t *files, size_t *parts, size_t *own)
{
    DIR *d = opendir(dir);
    struct dirent *de;

    if (!d)
        return;
    while ((de = readdir(d))) {
        char path[4096];
        struct stat st;
        size_t l = strlen(de->d_name);
        if (de->d_name[0] == '.')
            continue;
        snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
        if (stat(path, &st) != 0)
            continue;
        if (S_ISDIR(st.st_mode)) {
            check_folder(path, files, parts, own);
        } else if (l > 5 && strcmp(de->d_name + l - 5, ".xlsx") == 0) {
            *parts += check_workbook(path, own);
            (*files)++;
        }
    }
    closedir(d);
}

Test(ooxml_tok, agrees_with_libxml2_on_every_part_of_the_samples)
{
    size_t files = 0, parts = 0, own = 0;

    check_folder(KAIJI_SOURCE_DIR "/samples", &files, &parts, &own);
    cr_assert_gt(files, 40, "only %zu workbooks under samples/", files);
    /* The broken samples aside, the tokenizer reads the parts itself. */
    cr_expect_gt(own, parts * 9 / 10, "the tokenizer read %zu of %zu parts", own, parts);
}

Test(ooxml_tok, agrees_with_libxml2_on_every_writer_style_of_the_benchmark)
{
    char dir[] = "/tmp/kaiji-xtok-XXXXXX";
    char cmd[8192];
    size_t files = 0, parts = 0, own = 0;

    cr_assert_not_null(mkdtemp(dir));
    snprintf(cmd, sizeof cmd,
             "cd '%s' && python3 bench/make_corpus.py '%s/mix' 24 >/dev/null 2>&1 && "
             "python3 bench/make_large_corpus.py '%s/large' 6 >/dev/null 2>&1",
             KAIJI_SOURCE_DIR, dir, dir);
    if (system(cmd) != 0) {
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
        cr_assert_eq(system(cmd), 0);
        cr_skip_test("python3 with openpyxl is needed to write the benchmark's corpus");
    }
    check_folder(dir, &files, &parts, &own);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    cr_expect_eq(system(cmd), 0);
    cr_assert_eq(files, 30);
    cr_expect_eq(own, parts, "the tokenizer read %zu of %zu parts", own, parts);
}

/* ---- through the XLSX reader ---------------------------------------------- */

/* The finding a workbook of one sheet of body gives: its code and message
 * (static buffers). */
static void read_sheet(const char *body, char code[64], char msg[512])
{
    size_t len;
    unsigned char *x = xf_simple(NULL, body, &len);
    kaiji_document *doc = NULL;

    cr_assert_eq(kaiji_read_memory(&doc, x, len, "x.xlsx", NULL), KAIJI_OK);
    code[0] = msg[0] = '\0';
    for (size_t i = 0; i < kaiji_document_finding_count(doc); i++) {
        const kaiji_finding *f = kaiji_document_finding(doc, i);
        if (strncmp(kaiji_finding_code(f), "file-", 5) == 0) {
            snprintf(code, 64, "%s", kaiji_finding_code(f));
            snprintf(msg, 512, "%s", kaiji_finding_message(f));
        }
    }
    kaiji_document_free(doc);
    free(x);
}

Test(ooxml_tok, a_part_malformed_after_its_first_events_gives_libxml2s_message_and_line)
{
    static const struct { const char *body, *code, *msg; } sheets[] = {
        {"<sheetData>\n<row r=\"1\">\n</sheetData>", "file-corrupt",
         "the workbook part xl/worksheets/sheet1.xml is damaged: it is not well-formed XML "
         "(line 4)"},
        {"<sheetData>\n\n\n<row r=\"1\" r=\"2\"/></sheetData>", "file-corrupt",
         "the workbook part xl/worksheets/sheet1.xml is damaged: it is not well-formed XML "
         "(line 5)"},
        {"<sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>\n\xE3\x81</t></is></c>"
         "</row></sheetData>", "file-corrupt",
         "the workbook part xl/worksheets/sheet1.xml holds text that is not valid UTF-8 (line 3)"},
        /* libxml2 calls a control character an invalid character too */
        {"<sheetData/>\x01", "file-corrupt",
         "the workbook part xl/worksheets/sheet1.xml holds text that is not valid UTF-8 (line 2)"},
    };
    for (size_t i = 0; i < sizeof sheets / sizeof sheets[0]; i++) {
        char code[64], msg[512];
        read_sheet(sheets[i].body, code, msg);
        cr_expect_str_eq(code, sheets[i].code, "case %zu", i);
        cr_expect_str_eq(msg, sheets[i].msg, "case %zu: %s", i, msg);
    }
}

Test(ooxml_tok, a_tag_of_too_many_attributes_is_refused_as_before)
{
    char body[8192], code[64], msg[512];
    size_t o = (size_t)snprintf(body, sizeof body, "<sheetData><row r=\"1\"");
    for (unsigned k = 0; k <= KAIJI_XML_MAX_ATTRIBUTES; k++)
        o += (size_t)snprintf(body + o, sizeof body - o, " a%u=\"\"", k);
    snprintf(body + o, sizeof body - o, "/></sheetData>");
    read_sheet(body, code, msg);
    cr_expect_str_eq(code, "file-unsafe");
    cr_expect_str_eq(msg, "an element of part xl/worksheets/sheet1.xml has more than 128 "
                          "attributes; kaiji refuses it");
}

/* A workbook whose one sheet is the whole part given: the text of A1 and
 * B1 as read (malloc'd, "" for none), NULL when it was refused. */
static char *cells_of(const char *part)
{
    xf_book b;
    size_t len;
    kaiji_limits lim;
    kaiji_workbook *wb = NULL;
    kaiji_document *doc = kaiji_document_new("test.xlsx");
    char *out = NULL;

    memset(&b, 0, sizeof b);
    b.sheet_count = 1;
    b.names[0] = "Sheet1";
    b.bodies[0] = part;
    b.raw = 1;
    unsigned char *x = xf_book_bytes(&b, &len);
    kaiji_limits_init(&lim);
    cr_assert_not_null(doc);
    cr_assert_eq(kaiji_xlsx_workbook(&wb, doc, x, len, &lim), KAIJI_OK);
    if (wb) {
        uint32_t r1, c1, r2, c2;
        cr_assert(kaiji_cellref_parse("A1", &r1, &c1) && kaiji_cellref_parse("B1", &r2, &c2));
        const kaiji_cell *a = kaiji_sheet_cell(wb->sheets[0], r1, c1);
        const kaiji_cell *c = kaiji_sheet_cell(wb->sheets[0], r2, c2);
        size_t n = 16 + (a && a->text ? strlen(a->text) : 0) + (c && c->text ? strlen(c->text) : 0);
        out = malloc(n);
        snprintf(out, n, "%s|%s", a && a->text ? a->text : "", c && c->text ? c->text : "");
    }
    kaiji_workbook_free(wb);
    kaiji_document_free(doc);
    free(x);
    return out;
}

/* Parts outside the tokenizer's subset go to libxml2 with the bytes the
 * tokenizer read first, and are read as before. */
Test(ooxml_tok, a_part_handed_to_libxml2_is_read_whole)
{
    static const char body[] =
        "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
        "<sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>はい&amp;</t></is></c>"
        "<c r=\"B1\" t=\"inlineStr\"><is><t>いいえ</t></is></c></row></sheetData></worksheet>";
    size_t big = 150000;
    char *comment = malloc(big + 16);
    memcpy(comment, "<!--", 4);
    memset(comment + 4, 'c', big);
    memcpy(comment + 4 + big, "-->", 4);
    const char *prologs[] = {
        D,                                       /* the tokenizer's own */
        "",
        D "<!-- a comment first -->\n",           /* libxml2's */
        D "<?pi first?>",
        "<?xml version=\"1.0\" encoding=\"Shift_JIS\"?>",
        "\xEF\xBB\xBF<?xml version=\"1.0\" standalone=\"no\"?>\n\n",
        comment,                                 /* longer than the first read */
    };
    for (size_t i = 0; i < sizeof prologs / sizeof prologs[0]; i++) {
        size_t n = strlen(prologs[i]) + sizeof body;
        char *part = malloc(n);
        snprintf(part, n, "%s%s", prologs[i], body);
        char *got = cells_of(part);
        cr_expect(got && strcmp(got, "はい&|いいえ") == 0, "prolog %zu: %s", i,
                  got ? got : "refused");
        free(got);
        free(part);
    }
    free(comment);
}

/* ---- the plain tag's path (a test hook) -------------------------------- */

#ifdef KAIJI_TEST_HOOKS
typedef struct mem_src {
    const char *p;
    size_t len, off;
} mem_src;

static long mem_read(void *ctx, char *buf, size_t len)
{
    mem_src *s = ctx;
    size_t n = s->len - s->off < len ? s->len - s->off : len;
    memcpy(buf, s->p + s->off, n);
    s->off += n;
    return (long)n;
}

static void no_start(void *ctx, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri,
                     int nns, const xmlChar **ns, int nat, int ndef, const xmlChar **at)
{
    (void)ctx, (void)local, (void)prefix, (void)uri, (void)nns, (void)ns, (void)nat,
        (void)ndef, (void)at;
}

static void no_end(void *ctx, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri)
{
    (void)ctx, (void)local, (void)prefix, (void)uri;
}

/* How many start tags of xml the plain path took whole; the parse must be
 * well-formed. */
static size_t plain_tags_of(const char *xml)
{
    kaiji_xtok_handlers h = {no_start, no_end, NULL};
    mem_src src = {xml, strlen(xml), 0};
    kaiji_xtok *t = kaiji_xtok_new();
    cr_assert_not_null(t);
    kaiji_xtok_result r = kaiji_xtok_parse(t, &h, NULL, mem_read, &src);
    cr_assert_eq(r, KAIJI_XTOK_OK, "%s: %d", xml, (int)r);
    size_t n = kaiji_xtok_plain_tags(t);
    kaiji_xtok_free(t);
    return n;
}
#endif

Test(ooxml_tok, the_plain_tags_of_a_sheet_take_the_plain_path_and_others_do_not)
{
#ifndef KAIJI_TEST_HOOKS
    cr_skip_test("the count of the plain path is a test hook of the Linux build (Makefile)");
#else
    /* A sheet as Excel writes it: the root declares the namespaces (the
     * general path); each tag inside it is plain. */
    static const char sheet[] =
        D "<worksheet " NS " xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/"
          "2006/relationships\"><dimension ref=\"A1:B2\"/><sheetData>"
          "<row r=\"1\" spans=\"1:2\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" s=\"3\">"
          "<v>12</v></c></row><row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>はい</t></is></c>"
          "</row></sheetData><x:ext xmlns:x=\"u\"/></worksheet>";
    /* dimension, sheetData, 2 rows, 3 c, 2 v, is, t: 11 of the 13 tags */
    cr_expect_eq(plain_tags_of(sheet), 11);
    /* A tag inside the root with what the plain path leaves to the general
     * one: each is not counted, the plain tags around it are. */
    static const struct {
        const char *what, *tag;
    } off[] = {
        {"a reference in a value", "<c r=\"A&amp;1\"/>"},
        {"a character reference in a value", "<c r=\"&#65;1\"/>"},
        {"a namespace declaration", "<c xmlns=\"u\"/>"},
        {"a prefixed namespace declaration", "<c xmlns:p=\"u\"/>"},
        {"a byte over 0x7F in a value", "<c r=\"日本\"/>"},
        {"a tab in a value", "<c r=\"a\tb\"/>"},
        {"a line end in a value", "<c r=\"a\nb\"/>"},
        {"the other quote in a value", "<c r=\"it's\"/>"},
        {"a name of a byte over 0x7F", "<c日 r=\"1\"/>"},
        {"a prefixed attribute", "<c p:r=\"1\"/>"},
        {"white space around =", "<c r = \"1\"/>"},
    };
    for (size_t i = 0; i < sizeof off / sizeof off[0]; i++) {
        char xml[256];
        snprintf(xml, sizeof xml, D "<a " NS "><b/>%s<d r=\"1\"/></a>", off[i].tag);
        cr_expect_eq(plain_tags_of(xml), 2, "%s (%s): %zu plain tags, expected 2 (b and d)",
                     off[i].what, off[i].tag, plain_tags_of(xml));
    }
#endif
}
