/*
 * tests/test_hostile_json.c - JSON (and the exchange XML) that attacks the
 * reader by its size in values and its depth of nesting.
 *
 * Part of the hostile corpus of issue 5 (tests/hostile/README.md lists every
 * case and the figures measured): every input is built here or in
 * tests/support/ from code, each case states the finding it must give and,
 * where it matters, the time and memory it may take (the bounds are in
 * tests/support/hostile.h).
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "kaiji.h"
#include "support/hostile.h"
#include "support/support.h"
#include "support/xlsx_fixtures.h"

/* The exchange formats are read as trees (cJSON; libxml2 for the schema),
 * which take 30 to 40 bytes of memory a byte of "[0,0,...]" or "<x/><x/>":
 * 30 MB of JSON took 855 MiB, 12 MB of XML 437 MiB.  A document holds at
 * most 100,000 values or elements (a form's export, a few thousand). */
Test(hostile_json, a_document_of_too_many_values_or_elements_is_too_large)
{
    size_t n = 200000, cap = n * 4 + 256;
    char *text = malloc(cap);
    cr_assert_not_null(text);
    size_t used = (size_t)snprintf(text, cap, "{\"kaiji\":\"1\",\"kind\":\"mds\",\"items\":[");
    for (size_t i = 0; i < n; i++)
        used += (size_t)snprintf(text + used, cap - used, i ? ",{}" : "{}");
    snprintf(text + used, cap - used, "]}");
    h_expect_mem(text, strlen(text), "values.json", NULL, "file-too-large");
    used = (size_t)snprintf(text, cap, "<?xml version=\"1.0\" encoding=\"UTF-8\"?><kaiji-document "
                                       "xmlns=\"urn:kaiji:document:1\" kaiji=\"1\"><items>");
    for (size_t i = 0; i < n; i++)
        used += (size_t)snprintf(text + used, cap - used, "<x/>");
    snprintf(text + used, cap - used, "</items></kaiji-document>");
    h_expect_mem(text, strlen(text), "elements.xml", NULL, "file-too-large");
    free(text);
}

/* =========================================================================
 * JSON nesting
 * ========================================================================= */

/* depth levels of arrays (or of objects {"a": ...}) around a 1. */
static char *nested_json(size_t depth, int objects, size_t *len)
{
    size_t open_len = objects ? 5 : 1, i, n = 0;
    char *s = malloc(depth * (open_len + 1) + 2);

    cr_assert_not_null(s);
    for (i = 0; i < depth; i++) {
        memcpy(s + n, objects ? "{\"a\":" : "[", open_len);
        n += open_len;
    }
    s[n++] = '1';
    for (i = 0; i < depth; i++)
        s[n++] = objects ? '}' : ']';
    s[n] = '\0';
    *len = n;
    return s;
}

Test(hostile_json, nesting_past_the_cap_is_unsafe_at_100_10000_and_1000000_levels)
{
    static const size_t depths[] = {100, 10000, 1000000};
    size_t i, len;
    int objects;

    for (objects = 0; objects < 2; objects++) {
        char *s;
        kaiji_document *doc;
        for (i = 0; i < 3; i++) {
            s = nested_json(depths[i], objects, &len);
            h_expect_mem(s, len, "deep.json", NULL, "file-unsafe");
            free(s);
        }
        /* Under the cap of 64 the nesting itself is not what is refused. */
        s = nested_json(60, objects, &len);
        doc = h_read_mem(s, len, "shallow.json", NULL);
        cr_assert_str_neq(t_first_code(doc), "file-unsafe", "%s", t_first_message(doc));
        kaiji_document_free(doc);
        free(s);
    }
}

Test(hostile_json, a_million_levels_through_the_command_stays_small_and_quick)
{
    size_t len;
    char *s = nested_json(1000000, 1, &len);
    const char *path = h_put(t_tmpdir(), "deep.json", s, len);
    h_run r;

    h_kaiji(&r, 30, (const char *const[]){"validate", "--format", "json", path, NULL});
    cr_assert_eq(r.signal, 0, "signal %d", r.signal);
    cr_assert(h_contains(r.out, r.out_len, "\"file-unsafe\""), "%s", r.out);
    cr_assert_lt(r.maxrss_kib, H_SMALL_RSS_MIB * 1024, "peak RSS %ld KiB", r.maxrss_kib);
    cr_assert_lt(r.seconds, H_QUICK_SECONDS * 2, "%.2f s", r.seconds);
    fprintf(stderr, "MEASURE json-1e6-levels seconds=%.3f maxrss_kib=%ld\n", r.seconds,
            r.maxrss_kib);
    h_run_free(&r);
    free(s);
}
