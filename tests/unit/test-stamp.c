/* Unit tests for base/stamp: formatting, parsing and the per-second cache. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>
#include <time.h>

#include "base/stamp.h"

static void test_format_and_parse(void **state)
{
	static const struct {
		time_t t;
		const char *text;
	} rows[] = {
		{ 0, "1970-01-01T00:00:00Z" },
		{ 951782400, "2000-02-29T00:00:00Z" },
		{ 1782806400, "2026-06-30T08:00:00Z" },
		{ 4102444799, "2099-12-31T23:59:59Z" },
	};
	(void)state;
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		char out[STAMP_SIZE];
		stamp_format(rows[i].t, out);
		assert_string_equal(out, rows[i].text);
		assert_true(stamp_parse(rows[i].text) == rows[i].t);
	}
}

static void test_parse_refuses(void **state)
{
	static const char *const bad[] = {
		"", "2026-06-30", "2026-06-30T08:00:00", "2026-06-30 08:00:00Z", "2026-06-30T08:00:00Z ",
		"x2026-06-30T08:00:00Z", "2026-13-30T08:00:00Z", "2026-06-30T25:00:00Z",
	};
	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (stamp_parse(bad[i]) != -1)
			fail_msg("accepted \"%s\"", bad[i]);
}

static void test_now(void **state)
{
	char a[STAMP_SIZE], b[STAMP_SIZE];
	(void)state;
	time_t before = time(NULL);
	stamp_now(a);
	stamp_now(b);
	time_t after = time(NULL);
	time_t t = stamp_parse(a);
	assert_true(t >= before && t <= after);
	assert_true(stamp_parse(b) >= t);
	assert_int_equal(strlen(a), STAMP_SIZE - 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_format_and_parse),
		cmocka_unit_test(test_parse_refuses),
		cmocka_unit_test(test_now),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
