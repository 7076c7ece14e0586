/*
 * Unit tests for base/row: row_get within and past a row.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdint.h>
#include <string.h>

#include "base/row.h"

static void test_get_in_range(void **state)
{
	char a[] = "姓名", b[] = "", c[] = "341699199001011234";
	char *fields[] = {a, b, c};
	struct row r = {1, 3, fields, ROW_OK, 0};

	(void)state;
	assert_ptr_equal(row_get(&r, 0), a); /* the field itself, not a copy */
	assert_string_equal(row_get(&r, 0), "姓名");
	assert_string_equal(row_get(&r, 1), "");
	assert_string_equal(row_get(&r, 2), "341699199001011234");
}

static void test_get_past_the_end(void **state)
{
	char a[] = "x";
	char *fields[] = {a, a, a, a};
	struct row r = {2, 1, fields, ROW_OK, 0};

	(void)state;
	/* count, not the size of the array, decides what is in the row */
	assert_string_equal(row_get(&r, 0), "x");
	assert_string_equal(row_get(&r, 1), "");
	assert_string_equal(row_get(&r, 3), "");
	assert_string_equal(row_get(&r, SIZE_MAX), "");
}

static void test_get_empty_row(void **state)
{
	struct row r = {5, 0, NULL, ROW_TOO_LONG, 0};

	(void)state;
	assert_string_equal(row_get(&r, 0), "");
	assert_string_equal(row_get(&r, 100), "");
}

static void test_get_null_field(void **state)
{
	char a[] = "a";
	char *fields[] = {a, NULL, a};
	struct row r = {3, 3, fields, ROW_OK, 0};

	(void)state;
	assert_non_null(row_get(&r, 1));
	assert_string_equal(row_get(&r, 1), "");
	assert_string_equal(row_get(&r, 2), "a");
}

static void test_limits(void **state)
{
	(void)state;
	/* What readers and importers rely on. */
	assert_int_equal(ROW_FIELD_MAX, 4096);
	assert_int_equal(ROW_FIELDS_MAX, 256);
	assert_int_equal(ROW_RECORD_MAX, 65536);
	assert_true(ROW_FIELD_MAX < ROW_RECORD_MAX);
	assert_int_equal(ROW_OK, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_get_in_range),  cmocka_unit_test(test_get_past_the_end),
	    cmocka_unit_test(test_get_empty_row), cmocka_unit_test(test_get_null_field),
	    cmocka_unit_test(test_limits),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
