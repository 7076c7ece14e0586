/*
 * Unit tests for base/utf8: strict validation, character counting and
 * control characters.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <string.h>

#include "base/utf8.h"

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

struct bytes {
	const char *s;
	size_t n;
	bool valid;
};

#define B(lit, ok)                                                                                                     \
	{                                                                                                              \
		lit, sizeof(lit) - 1, ok                                                                               \
	}

static void test_valid(void **state)
{
	static const struct bytes rows[] = {
	    B("", true),
	    B("abc", true),
	    B("\x7F", true),
	    B("a\0b", true), /* NUL is U+0000, a valid character */
	    B("\xC2\x80", true),
	    B("\xC2\xA0", true),     /* NBSP */
	    B("\xDF\xBF", true),     /* U+07FF */
	    B("\xE0\xA0\x80", true), /* U+0800 */
	    B("张三", true),
	    B("\xE3\x80\x80", true),     /* U+3000 */
	    B("\xEF\xBF\xBF", true),     /* U+FFFF */
	    B("\xED\x9F\xBF", true),     /* U+D7FF, just below the surrogates */
	    B("\xEE\x80\x80", true),     /* U+E000, just above */
	    B("\xF0\x90\x80\x80", true), /* U+10000 */
	    B("\xF0\x9F\x98\x80", true), /* an emoji */
	    B("\xF4\x8F\xBF\xBF", true), /* U+10FFFF */
	    B("身份证号341699199001011234", true),
	};

	(void)state;
	for (size_t i = 0; i < N_ELEMS(rows); i++) {
		if (utf8_valid(rows[i].s, rows[i].n) != rows[i].valid)
			fail_msg("row %zu", i);
	}
}

static void test_invalid(void **state)
{
	static const struct bytes rows[] = {
	    B("\x80", false),             /* stray continuation */
	    B("a\xBF", false),            /* stray continuation after ASCII */
	    B("\xC0\x80", false),         /* overlong NUL */
	    B("\xC1\xBF", false),         /* overlong */
	    B("\xE0\x80\x80", false),     /* overlong 3-byte */
	    B("\xE0\x9F\xBF", false),     /* overlong U+07FF */
	    B("\xF0\x80\x80\x80", false), /* overlong 4-byte */
	    B("\xF0\x8F\xBF\xBF", false), /* overlong U+FFFF */
	    B("\xED\xA0\x80", false),     /* U+D800 */
	    B("\xED\xBF\xBF", false),     /* U+DFFF */
	    B("\xF4\x90\x80\x80", false), /* U+110000 */
	    B("\xF5\x80\x80\x80", false), /* lead byte past F4 */
	    B("\xFE", false),
	    B("\xFF", false),
	    B("\xC2", false),             /* cut short */
	    B("\xE5\xBC", false),         /* cut short */
	    B("\xF0\x9F\x98", false),     /* cut short */
	    B("\xC2\x41", false),         /* continuation missing */
	    B("\xE5\x41\xA0", false),     /* continuation missing in the middle */
	    B("\xE5\xBC\xA0\xE4", false), /* 张 then a cut */
	    B("\xD5\xC5\xC8\xFD", false), /* 张三 in GB18030 */
	};

	(void)state;
	for (size_t i = 0; i < N_ELEMS(rows); i++) {
		if (utf8_valid(rows[i].s, rows[i].n) != rows[i].valid)
			fail_msg("row %zu", i);
	}
}

static void test_valid_counts_n_bytes(void **state)
{
	const char *s = "张三\xFF";

	(void)state;
	/* Only the n bytes given are checked: the bad byte after them does not count. */
	assert_true(utf8_valid(s, 6));
	assert_false(utf8_valid(s, 7));
	/* A character cut by n is not valid, though the bytes after would complete it. */
	assert_false(utf8_valid(s, 5));
	assert_false(utf8_valid(s, 1));
	assert_true(utf8_valid(s, 0));
	assert_true(utf8_valid(s, 3));
}

static void test_length(void **state)
{
	static const struct {
		const char *s;
		size_t chars;
	} rows[] = {
	    {"", 0},
	    {"a", 1},
	    {"abc", 3},
	    {"张", 1},
	    {"张三", 2},
	    {"欧阳 娜娜", 5},
	    {"a张b三c", 5},
	    {"\xF0\x9F\x98\x80", 1},
	    {"\xC2\xA0x\xE3\x80\x80", 3},
	    {"341699199001011234", 18},
	};

	(void)state;
	for (size_t i = 0; i < N_ELEMS(rows); i++)
		assert_int_equal(utf8_length(rows[i].s), rows[i].chars);
}

static void test_has_control(void **state)
{
	static const struct {
		const char *s;
		bool control;
	} rows[] = {
	    {"", false},
	    {"张三", false},
	    {"a b", false},
	    {"~", false},
	    {"\xC2\x85", false}, /* U+0085 is not below U+0020 */
	    {"\xE3\x80\x80", false},
	    {"a\tb", true},
	    {"\t", true},
	    {"张\n三", true},
	    {"\r", true},
	    {"x\x01", true},
	    {"\x1F", true},
	    {"\x7F", true},
	    {"王\x1B[31m", true},
	};

	(void)state;
	for (size_t i = 0; i < N_ELEMS(rows); i++) {
		if (utf8_has_control(rows[i].s) != rows[i].control)
			fail_msg("row %zu", i);
	}
}

/* Every code point encodes to strict UTF-8 that utf8_valid accepts and counts as one character. */
static size_t encode(unsigned cp, char out[5])
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		out[1] = '\0';
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | cp >> 6);
		out[1] = (char)(0x80 | (cp & 0x3F));
		out[2] = '\0';
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | cp >> 12);
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		out[3] = '\0';
		return 3;
	}
	out[0] = (char)(0xF0 | cp >> 18);
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	out[3] = (char)(0x80 | (cp & 0x3F));
	out[4] = '\0';
	return 4;
}

static void test_all_code_points(void **state)
{
	char s[5];

	(void)state;
	for (unsigned cp = 1; cp <= 0x10FFFF; cp++) {
		size_t n = encode(cp, s);
		bool surrogate = cp >= 0xD800 && cp <= 0xDFFF;
		if (utf8_valid(s, n) == surrogate)
			fail_msg("U+%04X", cp);
		if (!surrogate && utf8_length(s) != 1)
			fail_msg("U+%04X length", cp);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_valid),
	    cmocka_unit_test(test_invalid),
	    cmocka_unit_test(test_valid_counts_n_bytes),
	    cmocka_unit_test(test_length),
	    cmocka_unit_test(test_has_control),
	    cmocka_unit_test(test_all_code_points),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
