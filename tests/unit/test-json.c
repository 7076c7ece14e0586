/*
 * Unit tests for web/json: strings escaped as RFC 8259 asks (and as
 * jansson writes them), bytes that are not UTF-8 as U+FFFD, integers at
 * their limits, keys, and the buffer's cap.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "web/json.h"

/* json_str(s) as a C string. */
static char *str(const char *s)
{
	struct buf b = BUF_INIT(4096);
	assert_int_equal(json_str(&b, s), 0);
	return buf_detach(&b);
}

static void expect_str(const char *in, const char *want)
{
	char *got = str(in);
	if (strcmp(got, want) != 0)
		fail_msg("json_str(%s): %s, want %s", in, got, want);
	free(got);
}

static void test_strings(void **state)
{
	(void)state;
	expect_str("", "\"\"");
	expect_str("abc", "\"abc\"");
	expect_str("王庄村", "\"王庄村\"");
	expect_str("a\"b\\c/d", "\"a\\\"b\\\\c/d\"");
	expect_str("\b\f\n\r\t", "\"\\b\\f\\n\\r\\t\"");
	expect_str("\x01\x1f\x7f", "\"\\u0001\\u001f\x7f\"");
	expect_str("😀", "\"😀\"");
	expect_str(NULL, "null");
	/* Not UTF-8: a lone continuation byte, a cut sequence, an overlong form, a surrogate, past U+10FFFF. */
	expect_str("a\x80z", "\"a\xEF\xBF\xBDz\"");
	expect_str("\xE7\x8E", "\"\xEF\xBF\xBD\xEF\xBF\xBD\"");
	expect_str("\xC0\xAF", "\"\xEF\xBF\xBD\xEF\xBF\xBD\"");
	expect_str("\xED\xA0\x80", "\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\"");
	expect_str("\xF4\x90\x80\x80", "\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\"");
}

/* What jansson writes for valid UTF-8 is what json_str writes. */
static void test_same_as_jansson(void **state)
{
	(void)state;
	const char *cases[] = {"张三", "a\"b", "x\\y", "tab\there", "ctl\x02", "slash/", "混合 mixed \n 行"};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		json_t *j = json_string(cases[i]);
		char *want = json_dumps(j, JSON_ENCODE_ANY | JSON_COMPACT);
		char *got = str(cases[i]);
		assert_string_equal(got, want);
		free(got);
		free(want);
		json_decref(j);
	}
}

static void test_ints_and_keys(void **state)
{
	(void)state;
	struct buf b = BUF_INIT(4096);
	assert_int_equal(json_raw(&b, "{"), 0);
	assert_int_equal(json_key(&b, "total"), 0);
	assert_int_equal(json_int(&b, 0), 0);
	assert_int_equal(json_raw(&b, ","), 0);
	assert_int_equal(json_key(&b, "a_key_longer_than_sixty_four_bytes_goes_the_other_way_all_the_same"), 0);
	assert_int_equal(json_int(&b, -42), 0);
	assert_int_equal(json_raw(&b, ",\"max\":"), 0);
	assert_int_equal(json_int(&b, INT64_MAX), 0);
	assert_int_equal(json_raw(&b, ",\"min\":"), 0);
	assert_int_equal(json_int(&b, INT64_MIN), 0);
	assert_int_equal(json_raw(&b, "}"), 0);
	assert_string_equal(buf_cstr(&b),
	                    "{\"total\":0,\"a_key_longer_than_sixty_four_bytes_goes_the_other_way_all_the_same\":-42,"
	                    "\"max\":9223372036854775807,\"min\":-9223372036854775808}");
	/* It parses. */
	json_error_t e;
	json_t *j = json_loads(buf_cstr(&b), 0, &e);
	assert_non_null(j);
	json_decref(j);
	buf_release(&b);
}

static void test_cap(void **state)
{
	(void)state;
	struct buf b = BUF_INIT(8);
	assert_int_equal(json_str(&b, "abcdef"), 0); /* 8 bytes with the quotes */
	assert_int_equal(json_str(&b, "x"), -1);
	buf_reset(&b);
	assert_int_equal(json_str(&b, "abcdefgh"), -1);
	buf_reset(&b);
	assert_int_equal(json_int(&b, 123456789), -1);
	buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_strings),
	    cmocka_unit_test(test_same_as_jansson),
	    cmocka_unit_test(test_ints_and_keys),
	    cmocka_unit_test(test_cap),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
