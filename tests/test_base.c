/*
 * tests/test_base.c - base/: the one growing byte string every module
 * builds its text in.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>

#include "base/base.h"
#include "base/buf.h"

Test(buf, appends_bytes_strings_characters_and_printf_in_order)
{
    kaiji_buf b = KAIJI_BUF_INIT;
    cr_assert(kaiji_buf_append(&b, "ab\0c", 4));
    cr_assert(kaiji_buf_puts(&b, "de"));
    cr_assert(kaiji_buf_putc(&b, 'f'));
    cr_assert(kaiji_buf_printf(&b, "%d-%s", 42, "x"));
    cr_assert_eq(b.len, 11);
    cr_assert_eq(memcmp(b.data, "ab\0cdef42-x", 12), 0, "the contents and their NUL");
    kaiji_buf_free(&b);
    cr_assert_null(b.data);
    cr_assert_eq(b.len, 0);
}

Test(buf, grows_past_many_doublings_without_losing_a_byte)
{
    kaiji_buf b = KAIJI_BUF_INIT;
    for (int i = 0; i < 100000; i++)
        cr_assert(kaiji_buf_putc(&b, (char)('a' + i % 26)));
    cr_assert_eq(b.len, 100000);
    for (int i = 0; i < 100000; i++)
        cr_assert_eq(b.data[i], (char)('a' + i % 26));
    cr_assert_eq(b.data[b.len], '\0');
    kaiji_buf_free(&b);
}

Test(buf, detach_gives_an_empty_string_when_nothing_was_appended)
{
    kaiji_buf b = KAIJI_BUF_INIT;
    size_t len = 99;
    char *s = kaiji_buf_detach(&b, &len);
    cr_assert_not_null(s);
    cr_assert_str_eq(s, "");
    cr_assert_eq(len, 0);
    free(s);
}

Test(buf, a_size_that_would_overflow_fails_and_every_later_append_is_refused)
{
    kaiji_buf b = KAIJI_BUF_INIT;
    cr_assert(kaiji_buf_puts(&b, "abc"));
    cr_assert_not(kaiji_buf_append(&b, "x", SIZE_MAX - 1));
    cr_assert(b.failed);
    cr_assert_not(kaiji_buf_puts(&b, "d"), "a failed buffer takes nothing more");
    cr_assert_eq(b.len, 3);
    size_t len = 99;
    cr_assert_null(kaiji_buf_detach(&b, &len), "incomplete contents are never handed out");
    cr_assert_eq(len, 0);
    cr_assert_null(b.data);
    cr_assert_not(b.failed, "detach leaves the buffer empty and usable");
}

Test(buf, reset_empties_the_buffer_and_keeps_its_memory)
{
    kaiji_buf b = KAIJI_BUF_INIT;
    cr_assert(kaiji_buf_puts(&b, "some text"));
    char *mem = b.data;
    kaiji_buf_reset(&b);
    cr_assert_eq(b.len, 0);
    cr_assert_str_eq(b.data, "");
    cr_assert_eq(b.data, mem);
    cr_assert(kaiji_buf_puts(&b, "more"));
    cr_assert_str_eq(b.data, "more");
    kaiji_buf_free(&b);
    kaiji_buf_free(NULL);
}

/* Numbers as printf writes them, on glibc and on Windows' C library. */
static const struct {
    const char *in, *want;
} exponents[] = {
    {"1e+20", "1e+20"},     {"1e+020", "1e+20"},      {"1.5e-007", "1.5e-07"},
    {"2E+100", "2E+100"},   {"1.25e+308", "1.25e+308"}, {"3e+000", "3e+00"},
    {"12345", "12345"},     {"0.5", "0.5"},           {"inf", "inf"},
    {"e", "e"},             {"", ""},
};

Test(numbers, an_exponent_is_written_in_two_digits_at_least_as_c99_prints_it)
{
    for (size_t i = 0; i < sizeof exponents / sizeof exponents[0]; i++) {
        char buf[40];
        snprintf(buf, sizeof buf, "%s", exponents[i].in);
        size_t len = kaiji_c99_exponent(buf);
        cr_expect_str_eq(buf, exponents[i].want, "%s", exponents[i].in);
        cr_expect_eq(len, strlen(exponents[i].want), "%s", exponents[i].in);
    }
}
