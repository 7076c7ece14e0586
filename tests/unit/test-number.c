/* Unit tests for base/number: what counts as a whole number, and the bounds. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "base/number.h"

static void test_numbers(void **state)
{
	(void)state;
	static const struct {
		const char *s;
		int64_t min, max;
		bool ok;
		int64_t v;
	} cases[] = {
		{"0", 0, 10, true, 0},
		{"7", 1, 10, true, 7},
		{"007", 1, 10, true, 7},
		{"2024", 2000, 2100, true, 2024},
		{"1999", 2000, 2100, false, 0},
		{"2101", 2000, 2100, false, 0},
		{"999999999999999999", 0, INT64_MAX, true, 999999999999999999},
		{"1000000000000000000", 0, INT64_MAX, false, 0},
		{"", 0, 10, false, 0},
		{"-1", -5, 10, false, 0},
		{"+1", 0, 10, false, 0},
		{" 1", 0, 10, false, 0},
		{"1 ", 0, 10, false, 0},
		{"1.0", 0, 10, false, 0},
		{"１", 0, 10, false, 0},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int64_t v = -42;
		bool ok = number_parse(cases[i].s, cases[i].min, cases[i].max, &v);
		if (ok != cases[i].ok || (ok && v != cases[i].v) || (!ok && v != -42))
			fail_msg("\"%s\": %d %lld", cases[i].s, ok, (long long)v);
	}
	int64_t v = 5;
	assert_false(number_parse(NULL, 0, 10, &v));
	assert_int_equal(v, 5);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_numbers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
