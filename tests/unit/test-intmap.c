/*
 * Unit tests for base/intmap: put-if-absent, get, growth, release.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>

#include "base/intmap.h"

static void test_empty(void **state)
{
	struct intmap m = INTMAP_INIT;
	int64_t v = 77;

	(void)state;
	assert_false(intmap_get(&m, 1, &v));
	assert_false(intmap_get(&m, UINT64_MAX, NULL));
	assert_int_equal(v, 77); /* untouched */
	assert_int_equal(m.count, 0);
	intmap_release(&m);
	intmap_release(&m); /* twice is harmless */
}

static void test_put_get(void **state)
{
	struct intmap m = INTMAP_INIT;
	int64_t v = 0, old = 0;

	(void)state;
	assert_true(intmap_put(&m, 42, 7, &old));
	assert_int_equal(old, 0); /* not touched when put */
	assert_int_equal(m.count, 1);
	assert_true(intmap_get(&m, 42, &v));
	assert_int_equal(v, 7);
	assert_true(intmap_get(&m, 42, NULL));
	assert_false(intmap_get(&m, 43, &v));
	assert_int_equal(v, 7);

	/* Already there: not replaced, old value handed back. */
	assert_false(intmap_put(&m, 42, 99, &old));
	assert_int_equal(old, 7);
	assert_false(intmap_put(&m, 42, 100, NULL));
	assert_true(intmap_get(&m, 42, &v));
	assert_int_equal(v, 7);
	assert_int_equal(m.count, 1);
	intmap_release(&m);
	assert_int_equal(m.count, 0);
	assert_false(intmap_get(&m, 42, &v));
}

static void test_extreme_keys_and_values(void **state)
{
	static const struct {
		uint64_t key;
		int64_t value;
	} rows[] = {
	    {1, INT64_MIN},
	    {UINT64_MAX, INT64_MAX},
	    {UINT64_MAX - 1, -1},
	    {(uint64_t)1 << 63, 0},
	    {341699199001011234ull, 12},
	    {1024, 5}, /* multiples of the table size */
	    {2048, 6},
	    {4096, 7},
	};
	struct intmap m = INTMAP_INIT;

	(void)state;
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
		assert_true(intmap_put(&m, rows[i].key, rows[i].value, NULL));
	assert_int_equal(m.count, sizeof rows / sizeof rows[0]);
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		int64_t v;
		assert_true(intmap_get(&m, rows[i].key, &v));
		assert_int_equal(v, rows[i].value);
	}
	assert_false(intmap_get(&m, 2, NULL));
	intmap_release(&m);
}

/* Many keys: every growth keeps every key and its value; absent keys stay absent. */
static void test_growth(void **state)
{
	enum { N = 200000 };
	struct intmap m = INTMAP_INIT;

	(void)state;
	for (uint64_t i = 0; i < N; i++) {
		/* Keys spaced so that many share low bits. */
		uint64_t key = (i + 1) * 4096;
		int64_t old;
		assert_true(intmap_put(&m, key, (int64_t)i * -3, &old));
		if (i % 1009 == 0) {
			assert_false(intmap_put(&m, key, 1, &old));
			assert_int_equal(old, (int64_t)i * -3);
		}
	}
	assert_int_equal(m.count, N);
	assert_true(m.cap >= N);
	assert_int_equal(m.cap & (m.cap - 1), 0); /* a power of two */
	assert_true(m.count * 4 <= m.cap * 3);    /* never more than three quarters full */
	for (uint64_t i = 0; i < N; i++) {
		int64_t v;
		assert_true(intmap_get(&m, (i + 1) * 4096, &v));
		assert_int_equal(v, (int64_t)i * -3);
		assert_false(intmap_get(&m, (i + 1) * 4096 + 1, NULL));
	}
	intmap_release(&m);
	assert_null(m.slots);
	assert_int_equal(m.cap, 0);

	/* Usable again after a release. */
	assert_true(intmap_put(&m, 5, 50, NULL));
	int64_t v;
	assert_true(intmap_get(&m, 5, &v));
	assert_int_equal(v, 50);
	assert_int_equal(m.count, 1);
	intmap_release(&m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_empty),
	    cmocka_unit_test(test_put_get),
	    cmocka_unit_test(test_extreme_keys_and_values),
	    cmocka_unit_test(test_growth),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
