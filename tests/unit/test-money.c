/*
 * Unit tests for base/money: parsing yuan text into fen exactly (grouping,
 * full-width, currency signs, decimals, float artifacts of spreadsheet
 * cells, range), formatting (grouped, plain, 万元) and overflow-checked
 * arithmetic.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "base/money.h"

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

static const struct {
	const char *text;
	unsigned flags;
	enum money_status st;
	int64_t fen;
} parses[] = {
	{"347.72", 0, MONEY_OK, 34772},
	{"1,234.56", 0, MONEY_OK, 123456},
	{"1234.5", 0, MONEY_OK, 123450},
	{"3477240", 0, MONEY_OK, 347724000},
	{"3,477,240.00", 0, MONEY_OK, 347724000},
	{"0", 0, MONEY_OK, 0},
	{"0.01", 0, MONEY_OK, 1},
	{"007.10", 0, MONEY_OK, 710},
	{"  12.30 ", 0, MONEY_OK, 1230},
	{"\xE3\x80\x80" "12\xC2\xA0", 0, MONEY_OK, 1200},
	{"\xEF\xBC\x91\xEF\xBC\x92\xEF\xBC\x93\xEF\xBC\x8E\xEF\xBC\x94", 0, MONEY_OK, 12340}, /* １２３．４ */
	{"\xEF\xBC\x91\xEF\xBC\x8C\xEF\xBC\x92\xEF\xBC\x93\xEF\xBC\x94", 0, MONEY_OK, 123400}, /* １，２３４ */
	{"\xC2\xA5" "300", 0, MONEY_OK, 30000},                                                 /* ¥300 */
	{"\xEF\xBF\xA5" "300.5\xE5\x85\x83", 0, MONEY_OK, 30050},                                /* ￥300.5元 */
	{"999999999999.99", 0, MONEY_OK, MONEY_MAX},
	{"999,999,999,999.99", 0, MONEY_OK, MONEY_MAX},
	{"", 0, MONEY_EMPTY, 0},
	{"   ", 0, MONEY_EMPTY, 0},
	{"\xE5\x85\x83", 0, MONEY_EMPTY, 0},
	{"1.234", 0, MONEY_DECIMALS, 0},
	{"0.001", 0, MONEY_DECIMALS, 0},
	{"347.71999999999997", 0, MONEY_DECIMALS, 0},
	{"-5", 0, MONEY_NEGATIVE, 0},
	{"-1,234.56", 0, MONEY_NEGATIVE, 0},
	{"+5", 0, MONEY_SYNTAX, 0},
	{"-", 0, MONEY_SYNTAX, 0},
	{"1,23", 0, MONEY_SYNTAX, 0},
	{"12,34.5", 0, MONEY_SYNTAX, 0},
	{"1234,567", 0, MONEY_SYNTAX, 0},
	{",123", 0, MONEY_SYNTAX, 0},
	{"1,,234", 0, MONEY_SYNTAX, 0},
	{"1,234,", 0, MONEY_SYNTAX, 0},
	{".5", 0, MONEY_SYNTAX, 0},
	{"5.", 0, MONEY_SYNTAX, 0},
	{"1.2.3", 0, MONEY_SYNTAX, 0},
	{"1e5", 0, MONEY_SYNTAX, 0},
	{"12 34", 0, MONEY_SYNTAX, 0},
	{"abc", 0, MONEY_SYNTAX, 0},
	{"三百", 0, MONEY_SYNTAX, 0},
	{"0x10", 0, MONEY_SYNTAX, 0},
	{"1000000000000", 0, MONEY_RANGE, 0},
	{"99999999999999999999999", 0, MONEY_RANGE, 0},
	/* spreadsheet number cells: float artifacts only */
	{"347.71999999999997", MONEY_FLOAT_CELL, MONEY_OK, 34772},
	{"347.72000000000003", MONEY_FLOAT_CELL, MONEY_OK, 34772},
	{"0.29999999999999999", MONEY_FLOAT_CELL, MONEY_OK, 30},
	{"347.72", MONEY_FLOAT_CELL, MONEY_OK, 34772},
	{"347.725", MONEY_FLOAT_CELL, MONEY_DECIMALS, 0},
	{"347.72500000000000", MONEY_FLOAT_CELL, MONEY_DECIMALS, 0},
	{"1.2300000001", MONEY_FLOAT_CELL, MONEY_DECIMALS, 0}, /* too few digits to be a float */
	{"347.7200001234567", MONEY_FLOAT_CELL, MONEY_DECIMALS, 0},
};

static void test_parse_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_ELEMS(parses); i++) {
		int64_t fen = -7;
		enum money_status st = money_parse(parses[i].text, parses[i].flags, &fen);
		if (st != parses[i].st)
			fail_msg("\"%s\": status %d, expected %d", parses[i].text, st, parses[i].st);
		if (st == MONEY_OK && fen != parses[i].fen)
			fail_msg("\"%s\": %lld fen, expected %lld", parses[i].text, (long long)fen,
				 (long long)parses[i].fen);
		if (st != MONEY_OK)
			assert_int_equal(fen, -7);
	}
	int64_t fen = -7;
	assert_int_equal(money_parse(NULL, 0, &fen), MONEY_EMPTY);
	char longtext[200];
	memset(longtext, '1', sizeof longtext - 1);
	longtext[sizeof longtext - 1] = '\0';
	assert_int_equal(money_parse(longtext, 0, &fen), MONEY_SYNTAX);
}

static const struct {
	int64_t fen;
	const char *grouped, *plain, *wan;
} formats[] = {
	{347724000, "3,477,240.00", "3477240.00", "347.724万元"},
	{0, "0.00", "0.00", "0万元"},
	{1, "0.01", "0.01", "0万元"},
	{49, "0.49", "0.49", "0万元"},
	{50, "0.50", "0.50", "0.0001万元"},
	{34772, "347.72", "347.72", "0.0348万元"},
	{100000000, "1,000,000.00", "1000000.00", "100万元"},
	{1000000, "10,000.00", "10000.00", "1万元"},
	{123456, "1,234.56", "1234.56", "0.1235万元"},
	{99999, "999.99", "999.99", "0.1万元"},
	{-1200, "-12.00", "-12.00", "-0.0012万元"},
	{MONEY_MAX, "999,999,999,999.99", "999999999999.99", "100000000万元"},
	{INT64_MAX, "92,233,720,368,547,758.07", "92233720368547758.07", "9223372036854.7758万元"},
	{INT64_MIN, "-92,233,720,368,547,758.08", "-92233720368547758.08", "-9223372036854.7758万元"},
};

static void test_format(void **state)
{
	(void)state;
	char out[MONEY_TEXT_MAX];
	for (size_t i = 0; i < N_ELEMS(formats); i++) {
		money_format(formats[i].fen, out, sizeof out);
		assert_string_equal(out, formats[i].grouped);
		money_format_plain(formats[i].fen, out, sizeof out);
		assert_string_equal(out, formats[i].plain);
		money_format_wan(formats[i].fen, out, sizeof out);
		assert_string_equal(out, formats[i].wan);
	}
}

/* Every format of an amount in range parses back to it. */
static void test_round_trip(void **state)
{
	(void)state;
	static const int64_t samples[] = {0, 1, 9, 10, 99, 100, 101, 999, 1000, 123456, 99999999, 100000000,
					  347724000, MONEY_MAX - 1, MONEY_MAX};
	char out[MONEY_TEXT_MAX];
	for (size_t i = 0; i < N_ELEMS(samples); i++) {
		int64_t back = -1;
		money_format(samples[i], out, sizeof out);
		assert_int_equal(money_parse(out, 0, &back), MONEY_OK);
		assert_int_equal(back, samples[i]);
		money_format_plain(samples[i], out, sizeof out);
		assert_int_equal(money_parse(out, 0, &back), MONEY_OK);
		assert_int_equal(back, samples[i]);
	}
	for (int64_t v = 0; v < 100000; v += 7) {
		int64_t back = -1;
		money_format(v, out, sizeof out);
		assert_int_equal(money_parse(out, 0, &back), MONEY_OK);
		assert_int_equal(back, v);
	}
}

static void test_arithmetic(void **state)
{
	(void)state;
	int64_t s = 5;
	assert_true(money_add(MONEY_MAX, MONEY_MAX, &s));
	assert_int_equal(s, 2 * MONEY_MAX);
	s = 5;
	assert_false(money_add(INT64_MAX, 1, &s));
	assert_int_equal(s, 5);
	assert_false(money_add(INT64_MIN, -1, &s));
	assert_true(money_add(INT64_MAX, INT64_MIN, &s));
	assert_int_equal(s, -1);
	assert_true(money_mul(30000, 6, &s));
	assert_int_equal(s, 180000);
	assert_false(money_mul(INT64_MAX / 2 + 1, 2, &s));
	/* 92,233 lines of the largest amount still add up exactly; the next one is refused. */
	int64_t total = 0;
	for (int i = 0; i < 92233; i++)
		assert_true(money_add(total, MONEY_MAX, &total));
	assert_int_equal(total, MONEY_MAX * 92233);
	assert_false(money_add(total, MONEY_MAX, &s));
}

static void test_reasons(void **state)
{
	(void)state;
	assert_string_equal(money_reason(MONEY_OK), "");
	for (int st = MONEY_EMPTY; st < MONEY_STATUS__MAX; st++)
		assert_true(strlen(money_reason((enum money_status)st)) > 0);
	assert_non_null(strstr(money_reason(MONEY_DECIMALS), "两位小数"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_parse_table), cmocka_unit_test(test_format), cmocka_unit_test(test_round_trip),
	    cmocka_unit_test(test_arithmetic),  cmocka_unit_test(test_reasons),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
