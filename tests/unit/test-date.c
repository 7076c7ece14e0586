#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "base/date.h"

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

static void test_leap_and_month_length(void **state)
{
	static const struct {
		int year, month, days;
	} rows[] = {
	    {2023, 1, 31}, {2023, 2, 28}, {2024, 2, 29}, {1900, 2, 28},  {2000, 2, 29},  {2100, 2, 28},
	    {2023, 4, 30}, {2023, 6, 30}, {2023, 9, 30}, {2023, 11, 30}, {2023, 12, 31}, {2023, 0, 0},
	    {2023, 13, 0}, {1, 2, 28},    {4, 2, 29},    {400, 2, 29},   {9999, 12, 31},
	};
	(void)state;
	for (size_t i = 0; i < N_ELEMS(rows); i++)
		assert_int_equal(date_days_in_month(rows[i].year, rows[i].month), rows[i].days);
	assert_true(date_is_leap(2024));
	assert_true(date_is_leap(2000));
	assert_true(date_is_leap(1600));
	assert_false(date_is_leap(1900));
	assert_false(date_is_leap(2023));
	assert_false(date_is_leap(2100));
}

static void test_valid(void **state)
{
	static const struct {
		int y, m, d;
		bool ok;
	} rows[] = {
	    {2024, 2, 29, true},  {2023, 2, 29, false}, {1900, 2, 29, false}, {2000, 2, 29, true}, {1, 1, 1, true},
	    {9999, 12, 31, true}, {0, 1, 1, false},     {10000, 1, 1, false}, {2023, 0, 1, false}, {2023, 13, 1, false},
	    {2023, 1, 0, false},  {2023, 1, 32, false}, {2023, 4, 31, false}, {2023, 4, 30, true}, {-1, 1, 1, false},
	    {2023, -1, 1, false}, {2023, 12, 31, true},
	};
	(void)state;
	for (size_t i = 0; i < N_ELEMS(rows); i++)
		assert_int_equal(date_valid(rows[i].y, rows[i].m, rows[i].d), rows[i].ok);
}

static void test_parse_valid(void **state)
{
	static const struct {
		const char *in;
		int y, m, d;
	} rows[] = {
	    {"2024-02-29", 2024, 2, 29}, {"2000-02-29", 2000, 2, 29},  {"1970-01-01", 1970, 1, 1},
	    {"0001-01-01", 1, 1, 1},     {"9999-12-31", 9999, 12, 31}, {"2024/2/9", 2024, 2, 9},
	    {"2024/02/09", 2024, 2, 9},  {"2024/12/31", 2024, 12, 31}, {"2024-2-9", 2024, 2, 9},
	    {"2024-2-29", 2024, 2, 29},  {"2024-12-1", 2024, 12, 1},   {"20240229", 2024, 2, 29},
	    {"19491231", 1949, 12, 31},  {"18000101", 1800, 1, 1},     {"2023/1/31", 2023, 1, 31},
	};
	(void)state;
	for (size_t i = 0; i < N_ELEMS(rows); i++) {
		struct date d = {0, 0, 0};
		assert_int_equal(date_parse(rows[i].in, &d), 0);
		assert_int_equal(d.year, rows[i].y);
		assert_int_equal(d.month, rows[i].m);
		assert_int_equal(d.day, rows[i].d);
	}
}

static void test_parse_invalid(void **state)
{
	static const char *const rows[] = {
	    "",
	    "2023-02-29",
	    "1900-02-29",
	    "0000-01-01",
	    "00000101",
	    "2024-13-01",
	    "20241301",
	    "2024-00-10",
	    "2024-01-00",
	    "2024-01-32",
	    "2024-04-31",
	    "2024-1-1x",
	    "2024-01-01 ",
	    " 2024-01-01",
	    "2024-01-01\n",
	    "+2024-01-01",
	    "-2024-01-01",
	    "2024-+1-01",
	    "2024--1-01",
	    "2024-01-+1",
	    "2024-001-01",
	    "2024-01-001",
	    "2024-01",
	    "2024",
	    "2024-",
	    "2024-01-",
	    "2024/01-01",
	    "2024-01/01",
	    "2024.01.01",
	    "24-01-01",
	    "12024-01-01",
	    "202401011",
	    "2024011",
	    "2024 01 01",
	    "2024年1月1日",
	    "２０２４-01-01",
	    "abcd-ef-gh",
	    "2023/2/29",
	    "20230229",
	};
	(void)state;
	for (size_t i = 0; i < N_ELEMS(rows); i++) {
		struct date d = {7, 7, 7};
		if (date_parse(rows[i], &d) != -1)
			fail_msg("accepted \"%s\"", rows[i]);
		/* out must be left as it was */
		assert_int_equal(d.year, 7);
		assert_int_equal(d.month, 7);
		assert_int_equal(d.day, 7);
	}
	{
		struct date d = {7, 7, 7};
		assert_int_equal(date_parse(NULL, &d), -1);
	}
}

static void test_format(void **state)
{
	static const struct {
		struct date d;
		const char *out;
	} rows[] = {
	    {{2024, 2, 29}, "2024-02-29"}, {{1, 1, 1}, "0001-01-01"},    {{9999, 12, 31}, "9999-12-31"},
	    {{999, 10, 5}, "0999-10-05"},  {{1970, 1, 1}, "1970-01-01"},
	};
	(void)state;
	for (size_t i = 0; i < N_ELEMS(rows); i++) {
		char buf[11];
		struct date back;
		date_format(rows[i].d, buf);
		assert_string_equal(buf, rows[i].out);
		assert_int_equal(date_parse(buf, &back), 0);
		assert_int_equal(date_cmp(back, rows[i].d), 0);
	}
}

static void test_cmp(void **state)
{
	static const struct {
		struct date a, b;
		int sign;
	} rows[] = {
	    {{2024, 1, 1}, {2024, 1, 1}, 0},   {{2024, 1, 1}, {2024, 1, 2}, -1},  {{2024, 1, 2}, {2024, 1, 1}, 1},
	    {{2024, 1, 31}, {2024, 2, 1}, -1}, {{2024, 12, 1}, {2025, 1, 1}, -1}, {{2025, 1, 1}, {2024, 12, 31}, 1},
	    {{2024, 3, 1}, {2024, 2, 29}, 1},
	};
	(void)state;
	for (size_t i = 0; i < N_ELEMS(rows); i++) {
		int c = date_cmp(rows[i].a, rows[i].b);
		assert_int_equal((c > 0) - (c < 0), rows[i].sign);
	}
}

static void test_days_known(void **state)
{
	static const struct {
		struct date d;
		long days;
	} rows[] = {
	    {{1970, 1, 1}, 0},       {{1970, 1, 2}, 1},         {{1969, 12, 31}, -1},   {{2000, 1, 1}, 10957},
	    {{2000, 3, 1}, 11017},   {{2024, 2, 29}, 19782},    {{1900, 3, 1}, -25508}, {{1600, 1, 1}, -135140},
	    {{1, 1, 1}, -719162},    {{9999, 12, 31}, 2932896}, {{2038, 1, 19}, 24855}, {{1800, 1, 1}, -62091},
	    {{1949, 12, 31}, -7306},
	};
	(void)state;
	for (size_t i = 0; i < N_ELEMS(rows); i++) {
		struct date back = date_from_days(rows[i].days);
		assert_int_equal(date_to_days(rows[i].d), rows[i].days);
		assert_int_equal(back.year, rows[i].d.year);
		assert_int_equal(back.month, rows[i].d.month);
		assert_int_equal(back.day, rows[i].d.day);
	}
}

/* Walks every day from 0001-01-01 to 9999-12-31 and checks both directions. */
static void test_days_round_trip(void **state)
{
	struct date d = {1, 1, 1};
	long days = date_to_days(d);

	(void)state;
	assert_int_equal(days, -719162);
	for (;;) {
		struct date back = date_from_days(days);
		if (back.year != d.year || back.month != d.month || back.day != d.day)
			fail_msg("day %ld: %d-%d-%d != %d-%d-%d", days, back.year, back.month, back.day, d.year,
			         d.month, d.day);
		if (date_to_days(d) != days)
			fail_msg("date_to_days(%d-%d-%d) != %ld", d.year, d.month, d.day, days);
		if (d.year == 9999 && d.month == 12 && d.day == 31)
			break;
		/* next day, by hand */
		if (++d.day > date_days_in_month(d.year, d.month)) {
			d.day = 1;
			if (++d.month > 12) {
				d.month = 1;
				d.year++;
			}
		}
		days++;
	}
	assert_int_equal(days, 2932896);
}

static void test_days_clamped(void **state)
{
	static const long rows[] = {-719163, -10000000, 2932897, 100000000};
	(void)state;
	for (size_t i = 0; i < N_ELEMS(rows); i++) {
		struct date d = date_from_days(rows[i]);
		assert_true(date_valid(d.year, d.month, d.day));
	}
	{
		struct date lo = date_from_days(-10000000), hi = date_from_days(100000000);
		assert_int_equal(lo.year, 1);
		assert_int_equal(hi.year, 9999);
	}
}

static void test_age(void **state)
{
	static const struct {
		struct date birth, on;
		int age;
	} rows[] = {
	    /* around an ordinary birthday */
	    {{1990, 6, 15}, {2024, 6, 14}, 33},
	    {{1990, 6, 15}, {2024, 6, 15}, 34},
	    {{1990, 6, 15}, {2024, 6, 16}, 34},
	    {{1990, 6, 15}, {2024, 5, 31}, 33},
	    {{1990, 6, 15}, {2024, 7, 1}, 34},
	    {{1990, 6, 15}, {1990, 6, 15}, 0},
	    {{1990, 6, 15}, {1991, 6, 14}, 0},
	    {{1990, 6, 15}, {1991, 6, 15}, 1},
	    /* before birth */
	    {{1990, 6, 15}, {1990, 6, 14}, 0},
	    {{1990, 6, 15}, {1980, 1, 1}, 0},
	    /* Feb 29: the age goes up on Mar 1 in a common year */
	    {{2000, 2, 29}, {2001, 2, 28}, 0},
	    {{2000, 2, 29}, {2001, 3, 1}, 1},
	    {{2000, 2, 29}, {2023, 2, 28}, 22},
	    {{2000, 2, 29}, {2023, 3, 1}, 23},
	    {{2000, 2, 29}, {2024, 2, 28}, 23},
	    {{2000, 2, 29}, {2024, 2, 29}, 24},
	    {{2000, 2, 29}, {2100, 2, 28}, 99},
	    {{2000, 2, 29}, {2100, 3, 1}, 100},
	    /* year ends */
	    {{1949, 12, 31}, {2024, 12, 30}, 74},
	    {{1949, 12, 31}, {2024, 12, 31}, 75},
	    {{1950, 1, 1}, {2024, 12, 31}, 74},
	    {{1950, 1, 1}, {2025, 1, 1}, 75},
	    {{1880, 1, 1}, {2024, 6, 1}, 144},
	};
	(void)state;
	for (size_t i = 0; i < N_ELEMS(rows); i++)
		assert_int_equal(date_age(rows[i].birth, rows[i].on), rows[i].age);
}

static void test_today(void **state)
{
	struct date pin = {2024, 2, 29}, t;
	struct tm tm;
	time_t now = time(NULL);

	(void)state;
	date_set_today(&pin);
	t = date_today();
	assert_int_equal(date_cmp(t, pin), 0);
	/* the pin is a copy */
	pin.day = 1;
	t = date_today();
	assert_int_equal(t.day, 29);

	date_set_today(NULL);
	t = date_today();
	assert_true(date_valid(t.year, t.month, t.day));
	assert_non_null(localtime_r(&now, &tm));
	/* The clock may cross midnight between the two reads: allow one day. */
	{
		struct date local = {tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
		long diff = date_to_days(t) - date_to_days(local);
		assert_true(diff == 0 || diff == 1);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_leap_and_month_length),
	    cmocka_unit_test(test_valid),
	    cmocka_unit_test(test_parse_valid),
	    cmocka_unit_test(test_parse_invalid),
	    cmocka_unit_test(test_format),
	    cmocka_unit_test(test_cmp),
	    cmocka_unit_test(test_days_known),
	    cmocka_unit_test(test_days_round_trip),
	    cmocka_unit_test(test_days_clamped),
	    cmocka_unit_test(test_age),
	    cmocka_unit_test(test_today),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
