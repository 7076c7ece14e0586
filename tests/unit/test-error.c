/*
 * Unit tests for base/error: error_set formats into the slot and returns -1.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "base/error.h"
#include "base/utf8.h"

static int fails_with(struct error *err, const char *what)
{
	return error_set(err, "无法打开数据库 %s：%s", what, "unable to open database file");
}

static void test_init(void **state)
{
	struct error err = ERROR_INIT;

	(void)state;
	assert_string_equal(err.msg, "");
	assert_int_equal(sizeof err.msg, 512);
}

static void test_set_formats_and_returns_minus_one(void **state)
{
	struct error err = ERROR_INIT;

	(void)state;
	assert_int_equal(error_set(&err, "plain"), -1);
	assert_string_equal(err.msg, "plain");
	assert_int_equal(error_set(&err, "%s=%d %ld %zu %c", "x", -5, 12L, (size_t)7, 'Z'), -1);
	assert_string_equal(err.msg, "x=-5 12 7 Z");
	assert_int_equal(fails_with(&err, "/tmp/a.db"), -1);
	assert_string_equal(err.msg, "无法打开数据库 /tmp/a.db：unable to open database file");
}

static void test_set_overwrites(void **state)
{
	struct error err = ERROR_INIT;

	(void)state;
	assert_int_equal(error_set(&err, "a long first message"), -1);
	assert_int_equal(error_set(&err, "second"), -1);
	assert_string_equal(err.msg, "second");
	assert_int_equal(error_set(&err, "%s", ""), -1);
	assert_string_equal(err.msg, "");
}

static void test_set_own_message_as_argument(void **state)
{
	struct error err = ERROR_INIT, inner = ERROR_INIT;

	(void)state;
	/* How migrate.c wraps an inner message: through a copy. */
	error_set(&inner, "no such table: x");
	error_set(&err, "迁移 %s 失败：%s", "001_registry", inner.msg);
	assert_string_equal(err.msg, "迁移 001_registry 失败：no such table: x");
}

static void test_truncates(void **state)
{
	struct error err = ERROR_INIT;
	char longtext[2000];

	(void)state;
	memset(longtext, 'a', sizeof longtext - 1);
	longtext[sizeof longtext - 1] = '\0';
	memset(err.msg, 'Z', sizeof err.msg);
	assert_int_equal(error_set(&err, "%s", longtext), -1);
	assert_int_equal(strlen(err.msg), sizeof err.msg - 1);
	assert_memory_equal(err.msg, longtext, sizeof err.msg - 1);
}

static void test_truncation_keeps_utf8(void **state)
{
	struct error err = ERROR_INIT;
	char longtext[3 * 300 + 1] = "";

	(void)state;
	/*
	 * Was a bug: error_set truncates with vsnprintf at byte 511, which can cut a
	 * multi-byte character in half (511 = 170 * 3 + 1), so a long Chinese
	 * message (a long path or cell quoted in it) ends in an invalid UTF-8
	 * byte; jansson's json_string() rejects such text and a terminal shows
	 * garbage. Fix in src/base/error.c: after vsnprintf, if the result was
	 * truncated, back up over a trailing incomplete UTF-8 sequence.
	 */
	for (int i = 0; i < 300; i++)
		strcat(longtext, "县");
	assert_int_equal(error_set(&err, "%s", longtext), -1);
	assert_true(utf8_valid(err.msg, strlen(err.msg)));
	assert_true(strlen(err.msg) >= sizeof err.msg - 4);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_init),           cmocka_unit_test(test_set_formats_and_returns_minus_one),
	    cmocka_unit_test(test_set_overwrites), cmocka_unit_test(test_set_own_message_as_argument),
	    cmocka_unit_test(test_truncates),      cmocka_unit_test(test_truncation_keeps_utf8),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
