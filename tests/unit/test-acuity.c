/*
 * Unit tests for base/acuity: every notation, the edge cases of each, the
 * words, full-width input, and formatting back to text that reads again.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "base/acuity.h"

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

static const struct {
	const char *text;
	enum acuity_status st;
	int64_t value;
} cases[] = {
	/* decimal */
	{ "0.3", ACUITY_OK, 300 },
	{ "1.0", ACUITY_OK, 1000 },
	{ "1", ACUITY_OK, 1000 },
	{ ".5", ACUITY_OK, 500 },
	{ "0.02", ACUITY_OK, 20 },
	{ "0.01", ACUITY_OK, 10 },
	{ "2.0", ACUITY_OK, 2000 },
	{ "2", ACUITY_OK, 2000 },
	{ "0.333", ACUITY_OK, 333 },
	{ "0.250", ACUITY_OK, 250 },
	{ "1.0000", ACUITY_OK, 1000 },
	{ "  0.6 ", ACUITY_OK, 600 },
	{ "0.3333", ACUITY_PRECISION, 0 },
	{ "0.009", ACUITY_RANGE, 0 },
	{ "0", ACUITY_RANGE, 0 },
	{ "0.0", ACUITY_RANGE, 0 },
	{ "2.1", ACUITY_RANGE, 0 },
	{ "2.5", ACUITY_RANGE, 0 },
	{ "1.", ACUITY_SYNTAX, 0 },
	{ ".", ACUITY_SYNTAX, 0 },
	{ "-0.3", ACUITY_SYNTAX, 0 },
	{ "0.3x", ACUITY_SYNTAX, 0 },
	{ "0..3", ACUITY_SYNTAX, 0 },
	{ "12345", ACUITY_SYNTAX, 0 },
	/* five-point (GB 11533) */
	{ "4.5", ACUITY_OK, 300 },
	{ "4.0", ACUITY_OK, 100 },
	{ "5.0", ACUITY_OK, 1000 },
	{ "5.3", ACUITY_OK, 2000 },
	{ "3.0", ACUITY_OK, 10 },
	{ "4.4", ACUITY_OK, 250 },
	{ "5.4", ACUITY_RANGE, 0 },
	{ "4.50", ACUITY_RANGE, 0 },
	{ "4", ACUITY_RANGE, 0 },
	{ "4.55", ACUITY_RANGE, 0 },
	/* Snellen */
	{ "6/18", ACUITY_OK, 333 },
	{ "6/60", ACUITY_OK, 100 },
	{ "6/6", ACUITY_OK, 1000 },
	{ "6/24", ACUITY_OK, 250 },
	{ "6/7.5", ACUITY_OK, 800 },
	{ "3/60", ACUITY_OK, 50 },
	{ "1/60", ACUITY_OK, 17 },
	{ "20/60", ACUITY_OK, 333 },
	{ "20/200", ACUITY_OK, 100 },
	{ "20/20", ACUITY_OK, 1000 },
	{ "6/3", ACUITY_OK, 2000 },
	{ "6 / 18", ACUITY_SYNTAX, 0 },
	{ "6/2", ACUITY_RANGE, 0 },
	{ "1/200", ACUITY_RANGE, 0 },
	{ "6/0", ACUITY_RANGE, 0 },
	{ "0/6", ACUITY_RANGE, 0 },
	{ "6/", ACUITY_SYNTAX, 0 },
	{ "/6", ACUITY_SYNTAX, 0 },
	{ "6/18/2", ACUITY_SYNTAX, 0 },
	{ "6/7.55", ACUITY_PRECISION, 0 },
	/* full width */
	{ "\xEF\xBC\x96\xEF\xBC\x8F\xEF\xBC\x91\xEF\xBC\x98", ACUITY_OK, 333 }, /* ６／１８ */
	{ "\xEF\xBC\x90\xEF\xBC\x8E\xEF\xBC\x93", ACUITY_OK, 300 },             /* ０．３ */
	{ "6\xEF\xBC\x8F" "60", ACUITY_OK, 100 },                                /* 6／60 */
	{ "\xE3\x80\x80" "0.5\xE3\x80\x80", ACUITY_OK, 500 },                    /* ideographic spaces */
	/* words */
	{ "指数", ACUITY_OK, ACUITY_CF },
	{ "数指", ACUITY_OK, ACUITY_CF },
	{ "CF", ACUITY_OK, ACUITY_CF },
	{ "cf", ACUITY_OK, ACUITY_CF },
	{ "指数/30cm", ACUITY_OK, ACUITY_CF },
	{ "CF 1m", ACUITY_OK, ACUITY_CF },
	{ "ＣＦ", ACUITY_OK, ACUITY_CF },
	{ "手动", ACUITY_OK, ACUITY_HM },
	{ "HM", ACUITY_OK, ACUITY_HM },
	{ "手动/眼前", ACUITY_OK, ACUITY_HM },
	{ "光感", ACUITY_OK, ACUITY_LP },
	{ "LP", ACUITY_OK, ACUITY_LP },
	{ "PL", ACUITY_OK, ACUITY_LP },
	{ "无光感", ACUITY_OK, ACUITY_NLP },
	{ "NLP", ACUITY_OK, ACUITY_NLP },
	{ "npl", ACUITY_OK, ACUITY_NLP },
	{ "hmm", ACUITY_SYNTAX, 0 },
	{ "lpx", ACUITY_SYNTAX, 0 },
	{ "好", ACUITY_SYNTAX, 0 },
	/* empty */
	{ "", ACUITY_EMPTY, 0 },
	{ "   ", ACUITY_EMPTY, 0 },
};

static void test_parse_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_ELEMS(cases); i++) {
		int64_t v = -7;
		enum acuity_status st = acuity_parse(cases[i].text, &v);
		if (st != cases[i].st)
			fail_msg("\"%s\": status %d, expected %d", cases[i].text, st, cases[i].st);
		if (st == ACUITY_OK && v != cases[i].value)
			fail_msg("\"%s\": %lld, expected %lld", cases[i].text, (long long)v, (long long)cases[i].value);
		if (st != ACUITY_OK && v != -7)
			fail_msg("\"%s\": out changed on failure", cases[i].text);
	}
}

static void test_null_and_long(void **state)
{
	char long_text[300];
	int64_t v;
	(void)state;
	assert_int_equal(acuity_parse(NULL, &v), ACUITY_EMPTY);
	memset(long_text, '1', sizeof long_text - 1);
	long_text[sizeof long_text - 1] = '\0';
	assert_int_equal(acuity_parse(long_text, &v), ACUITY_SYNTAX);
}

/* The WHO categories with the documented bounds 300 and 100. */
static void test_who_bounds(void **state)
{
	int64_t v;
	(void)state;
	assert_int_equal(acuity_parse("6/18", &v), ACUITY_OK);
	assert_true(v >= 300);
	assert_int_equal(acuity_parse("0.3", &v), ACUITY_OK);
	assert_true(v >= 300);
	assert_int_equal(acuity_parse("6/24", &v), ACUITY_OK);
	assert_true(v < 300 && v >= 100);
	assert_int_equal(acuity_parse("6/60", &v), ACUITY_OK);
	assert_true(v >= 100);
	assert_int_equal(acuity_parse("0.08", &v), ACUITY_OK);
	assert_true(v < 100);
	assert_int_equal(acuity_parse("指数", &v), ACUITY_OK);
	assert_true(v < ACUITY_MIN);
}

static void test_format(void **state)
{
	static const struct {
		int64_t v;
		const char *text;
	} rows[] = {
		{ 300, "0.3" },	 { 1000, "1.0" }, { 2000, "2.0" }, { 333, "0.333" }, { 20, "0.02" },
		{ 10, "0.01" },	 { 17, "0.017" }, { 250, "0.25" }, { 1500, "1.5" },  { 0, "无光感" },
		{ 1, "光感" },	 { 2, "手动" },	  { 5, "指数" },   { 3, "?" },	     { 9, "?" },
		{ 2001, "?" },	 { -1, "?" },
	};
	char out[ACUITY_TEXT_MAX];
	(void)state;
	for (size_t i = 0; i < N_ELEMS(rows); i++) {
		acuity_format(rows[i].v, out, sizeof out);
		assert_string_equal(out, rows[i].text);
	}
	char small[4] = "xxx";
	acuity_format(0, small, sizeof small);
	assert_string_equal(small, "");
	acuity_format(300, small, sizeof small);
	assert_string_equal(small, "0.3");
}

/* Every valid value formats to text that parses back to it. */
static void test_round_trip(void **state)
{
	char out[ACUITY_TEXT_MAX];
	(void)state;
	for (int64_t v = -5; v <= 2005; v++) {
		acuity_format(v, out, sizeof out);
		int64_t back = -1;
		if (acuity_valid(v)) {
			assert_int_equal(acuity_parse(out, &back), ACUITY_OK);
			assert_int_equal(back, v);
		} else {
			assert_string_equal(out, "?");
		}
	}
}

static void test_reasons(void **state)
{
	(void)state;
	assert_string_equal(acuity_reason(ACUITY_OK), "");
	for (int st = ACUITY_EMPTY; st < ACUITY_STATUS__MAX; st++)
		assert_true(strlen(acuity_reason((enum acuity_status)st)) > 0);
	assert_non_null(strstr(acuity_reason(ACUITY_SYNTAX), "6/18"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_table), cmocka_unit_test(test_null_and_long),
		cmocka_unit_test(test_who_bounds),  cmocka_unit_test(test_format),
		cmocka_unit_test(test_round_trip),  cmocka_unit_test(test_reasons),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
