/*
 * Unit tests for base/buf: appending under a cap, the NUL invariant,
 * detach, reset and release.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"

/* The invariants of buf.h, checked after every operation that can change b. */
static void check_invariants(const struct buf *b)
{
	assert_true(b->len <= b->max);
	if (b->data) {
		assert_true(b->len < b->cap);
		assert_int_equal(b->data[b->len], '\0');
	} else {
		assert_int_equal(b->len, 0);
	}
}

static void test_empty(void **state)
{
	struct buf a = BUF_INIT(16), b;

	(void)state;
	assert_null(a.data);
	assert_int_equal(a.len, 0);
	assert_int_equal(a.max, 16);
	assert_string_equal(buf_cstr(&a), "");
	buf_init(&b, 7);
	assert_null(b.data);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.cap, 0);
	assert_int_equal(b.max, 7);
	assert_string_equal(buf_cstr(&b), "");
	check_invariants(&b);
	buf_release(&a);
	buf_release(&b);
}

static void test_append(void **state)
{
	struct buf b = BUF_INIT(1024);

	(void)state;
	assert_int_equal(buf_addstr(&b, "姓名"), 0);
	check_invariants(&b);
	assert_int_equal(buf_addch(&b, ','), 0);
	check_invariants(&b);
	assert_int_equal(buf_add(&b, "身份证号XYZ", strlen("身份证号")), 0);
	check_invariants(&b);
	assert_int_equal(buf_addf(&b, ";%d-%s-%05ld", 12, "ab", 42L), 0);
	check_invariants(&b);
	assert_string_equal(buf_cstr(&b), "姓名,身份证号;12-ab-00042");
	assert_int_equal(b.len, strlen("姓名,身份证号;12-ab-00042"));
	buf_release(&b);
	assert_null(b.data);
	assert_int_equal(b.len, 0);
}

static void test_empty_appends(void **state)
{
	struct buf b = BUF_INIT(0);

	(void)state;
	/* Nothing appended fits any cap, even 0. */
	assert_int_equal(buf_add(&b, "x", 0), 0);
	assert_int_equal(buf_addstr(&b, ""), 0);
	assert_int_equal(buf_addf(&b, "%s", ""), 0);
	check_invariants(&b);
	assert_int_equal(b.len, 0);
	assert_string_equal(buf_cstr(&b), "");
	/* ... and one byte does not. */
	assert_int_equal(buf_addch(&b, 'a'), -1);
	assert_int_equal(buf_addstr(&b, "a"), -1);
	assert_int_equal(buf_addf(&b, "%d", 1), -1);
	assert_int_equal(b.len, 0);
	assert_string_equal(buf_cstr(&b), "");
	buf_release(&b);
}

static void test_cap(void **state)
{
	struct buf b = BUF_INIT(5);

	(void)state;
	assert_int_equal(buf_addstr(&b, "abc"), 0);
	/* Would pass the cap: nothing at all is appended, not a prefix. */
	assert_int_equal(buf_addstr(&b, "def"), -1);
	check_invariants(&b);
	assert_string_equal(buf_cstr(&b), "abc");
	assert_int_equal(b.len, 3);
	assert_int_equal(buf_add(&b, "defg", 4), -1);
	assert_int_equal(buf_addf(&b, "%s", "xyz"), -1);
	assert_string_equal(buf_cstr(&b), "abc");
	/* Exactly up to the cap is fine. */
	assert_int_equal(buf_addf(&b, "%c", 'd'), 0);
	assert_int_equal(buf_addch(&b, 'e'), 0);
	check_invariants(&b);
	assert_string_equal(buf_cstr(&b), "abcde");
	assert_int_equal(b.len, 5);
	assert_int_equal(buf_addch(&b, 'f'), -1);
	assert_int_equal(buf_addstr(&b, "f"), -1);
	assert_int_equal(buf_add(&b, "", 0), 0);
	check_invariants(&b);
	assert_string_equal(buf_cstr(&b), "abcde");
	buf_release(&b);
}

static void test_addf_long(void **state)
{
	struct buf b = BUF_INIT(100000);
	char want[6001];

	(void)state;
	assert_int_equal(buf_addstr(&b, "x"), 0);
	assert_int_equal(buf_addf(&b, "%05000d|%s", 7, "中文"), 0);
	check_invariants(&b);
	assert_int_equal(b.len, 1 + 5000 + 1 + strlen("中文"));
	assert_int_equal(b.data[0], 'x');
	for (size_t i = 1; i < 5000; i++)
		assert_int_equal(b.data[i], '0');
	assert_int_equal(b.data[5000], '7');
	assert_string_equal(b.data + 5001, "|中文");
	buf_reset(&b);
	memset(want, 'q', 6000);
	want[6000] = '\0';
	assert_int_equal(buf_addf(&b, "%s", want), 0);
	assert_string_equal(buf_cstr(&b), want);
	buf_release(&b);
}

static void test_many_appends(void **state)
{
	struct buf b = BUF_INIT(200000);

	(void)state;
	for (int i = 0; i < 20000; i++) {
		assert_int_equal(buf_addch(&b, (char)('a' + i % 26)), 0);
		if (i % 997 == 0)
			check_invariants(&b);
	}
	check_invariants(&b);
	assert_int_equal(b.len, 20000);
	assert_int_equal(strlen(buf_cstr(&b)), 20000);
	for (int i = 0; i < 20000; i++)
		assert_int_equal(b.data[i], 'a' + i % 26);
	buf_release(&b);
}

static void test_embedded_nul(void **state)
{
	struct buf b = BUF_INIT(64);

	(void)state;
	assert_int_equal(buf_add(&b, "a\0b", 3), 0);
	assert_int_equal(buf_addch(&b, '\0'), 0);
	assert_int_equal(b.len, 4);
	assert_memory_equal(b.data, "a\0b\0", 5);
	check_invariants(&b);
	buf_release(&b);
}

static void test_reset(void **state)
{
	struct buf b = BUF_INIT(64);

	(void)state;
	buf_reset(&b); /* on an empty buffer: nothing to do */
	assert_string_equal(buf_cstr(&b), "");
	assert_int_equal(buf_addstr(&b, "hello"), 0);
	char *mem = b.data;
	size_t cap = b.cap;
	buf_reset(&b);
	check_invariants(&b);
	assert_int_equal(b.len, 0);
	assert_ptr_equal(b.data, mem); /* keeps its memory */
	assert_int_equal(b.cap, cap);
	assert_string_equal(buf_cstr(&b), "");
	/* The cap counts from the reset, not from before. */
	for (int i = 0; i < 64; i++)
		assert_int_equal(buf_addch(&b, 'z'), 0);
	assert_int_equal(buf_addch(&b, 'z'), -1);
	assert_int_equal(b.len, 64);
	buf_release(&b);
}

static void test_detach(void **state)
{
	struct buf b = BUF_INIT(64);

	(void)state;
	assert_int_equal(buf_addstr(&b, "村"), 0);
	char *s = buf_detach(&b);
	assert_string_equal(s, "村");
	assert_null(b.data);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.cap, 0);
	assert_int_equal(b.max, 64);
	assert_string_equal(buf_cstr(&b), "");
	free(s);

	/* An empty buffer hands out "" the caller can free. */
	s = buf_detach(&b);
	assert_non_null(s);
	assert_string_equal(s, "");
	free(s);

	/* Usable again after a detach, and after a release. */
	assert_int_equal(buf_addstr(&b, "again"), 0);
	assert_string_equal(buf_cstr(&b), "again");
	buf_release(&b);
	assert_string_equal(buf_cstr(&b), "");
	assert_int_equal(buf_addstr(&b, "and again"), 0);
	assert_string_equal(buf_cstr(&b), "and again");
	buf_release(&b);
	buf_release(&b); /* twice is harmless */
}

static int call_vaddf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int call_vaddf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int rc = buf_vaddf(b, fmt, ap);
	va_end(ap);
	return rc;
}

static void test_vaddf(void **state)
{
	struct buf b = BUF_INIT(10);

	(void)state;
	assert_int_equal(call_vaddf(&b, "%d+%d", 12, 34), 0);
	assert_string_equal(buf_cstr(&b), "12+34");
	assert_int_equal(call_vaddf(&b, "%s", "123456"), -1);
	assert_string_equal(buf_cstr(&b), "12+34");
	assert_int_equal(call_vaddf(&b, "%s", "12345"), 0);
	assert_string_equal(buf_cstr(&b), "12+3412345");
	check_invariants(&b);
	buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_empty),        cmocka_unit_test(test_append),    cmocka_unit_test(test_empty_appends),
	    cmocka_unit_test(test_cap),          cmocka_unit_test(test_addf_long), cmocka_unit_test(test_many_appends),
	    cmocka_unit_test(test_embedded_nul), cmocka_unit_test(test_reset),     cmocka_unit_test(test_detach),
	    cmocka_unit_test(test_vaddf),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
