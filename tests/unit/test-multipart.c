/* Unit tests for web/multipart: what browsers send, and bodies that must be refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "web/multipart.h"

#define CT "multipart/form-data; boundary=----WebKitFormBoundaryABC"

static struct multipart_part parts[MULTIPART_PARTS_MAX];

static enum multipart_result parse(const char *ctype, const char *body, size_t *n)
{
	return multipart_parse(ctype, body, strlen(body), parts, n);
}

static void test_browser_form(void **state)
{
	(void)state;
	const char *body = "------WebKitFormBoundaryABC\r\n"
			   "Content-Disposition: form-data; name=\"csrf\"\r\n\r\n"
			   "abc123\r\n"
			   "------WebKitFormBoundaryABC\r\n"
			   "Content-Disposition: form-data; name=\"file\"; filename=\"花名册.csv\"\r\n"
			   "Content-Type: text/csv\r\n\r\n"
			   "姓名,身份证号\r\n张三,1\r\n"
			   "\r\n------WebKitFormBoundaryABC\r\n"
			   "Content-Disposition: form-data; name=\"update\"\r\n\r\n"
			   "on\r\n"
			   "------WebKitFormBoundaryABC--\r\n";
	size_t n;
	assert_int_equal(parse(CT, body, &n), MULTIPART_OK);
	assert_int_equal(n, 3);
	assert_string_equal(parts[0].name, "csrf");
	assert_false(parts[0].is_file);
	assert_int_equal(parts[0].len, 6);
	assert_memory_equal(parts[0].data, "abc123", 6);
	assert_string_equal(parts[1].name, "file");
	assert_true(parts[1].is_file);
	assert_string_equal(parts[1].filename, "花名册.csv");
	/* The CRLF that ends the file's own last line stays; the delimiter's does not. */
	const char *content = "姓名,身份证号\r\n张三,1\r\n";
	assert_int_equal(parts[1].len, strlen(content));
	assert_memory_equal(parts[1].data, content, strlen(content));
	assert_string_equal(parts[2].name, "update");
}

static void test_quoted_boundary_and_preamble(void **state)
{
	(void)state;
	size_t n;
	const char *body = "preamble\r\n--b\r\nContent-Disposition: form-data; name=x\r\n\r\n1\r\n--b--";
	assert_int_equal(parse("multipart/form-data; charset=utf-8; boundary=\"b\"", body, &n), MULTIPART_OK);
	assert_int_equal(n, 1);
	assert_string_equal(parts[0].name, "x");
	assert_int_equal(parts[0].len, 1);
}

static void test_path_and_empty_file(void **state)
{
	(void)state;
	size_t n;
	const char *body = "--b\r\nContent-Disposition: form-data; name=\"f\"; filename=\"C:\\\\docs\\\\a.xlsx\"\r\n\r\n"
			   "\r\n--b\r\nContent-Disposition: form-data; name=\"g\"; filename=\"\"\r\n\r\n\r\n--b--\r\n";
	assert_int_equal(parse("multipart/form-data; boundary=b", body, &n), MULTIPART_OK);
	assert_int_equal(n, 2);
	assert_string_equal(parts[0].filename, "a.xlsx");
	assert_int_equal(parts[0].len, 0);
	assert_true(parts[1].is_file);
	assert_string_equal(parts[1].filename, "");
}

static void test_refused(void **state)
{
	(void)state;
	size_t n;
	static const struct {
		const char *ctype, *body;
		enum multipart_result want;
	} cases[] = {
		{"application/x-www-form-urlencoded", "a=1", MULTIPART_NOT_MULTIPART},
		{"multipart/form-data", "--b\r\n", MULTIPART_NOT_MULTIPART},
		{"multipart/form-data; boundary=", "--\r\n", MULTIPART_NOT_MULTIPART},
		{"multipart/form-data; boundary=b", "", MULTIPART_INVALID},
		{"multipart/form-data; boundary=b", "--b\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\nno end",
		 MULTIPART_INVALID},
		{"multipart/form-data; boundary=b", "--b\r\nContent-Type: text/plain\r\n\r\nx\r\n--b--", MULTIPART_INVALID},
		{"multipart/form-data; boundary=b", "--b\r\nContent-Disposition: attachment; name=x\r\n\r\nx\r\n--b--",
		 MULTIPART_INVALID},
		{"multipart/form-data; boundary=b", "--b\r\nContent-Disposition: form-data; name=\"x\r\n\r\nx\r\n--b--",
		 MULTIPART_TOO_MANY},
		{"multipart/form-data; boundary=b", "--bX", MULTIPART_INVALID},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		enum multipart_result r = parse(cases[i].ctype, cases[i].body, &n);
		if (r != cases[i].want)
			fail_msg("case %zu: got %d, want %d", i, r, cases[i].want);
	}
}

static void test_limits(void **state)
{
	(void)state;
	static char body[(MULTIPART_PARTS_MAX + 2) * 64];
	size_t n, len = 0;
	for (int i = 0; i <= MULTIPART_PARTS_MAX; i++)
		len += (size_t)snprintf(body + len, sizeof body - len,
					"--b\r\nContent-Disposition: form-data; name=\"f%d\"\r\n\r\nv\r\n", i);
	snprintf(body + len, sizeof body - len, "--b--");
	assert_int_equal(parse("multipart/form-data; boundary=b", body, &n), MULTIPART_TOO_MANY);

	char name[MULTIPART_NAME_MAX + 2];
	memset(name, 'n', sizeof name - 1);
	name[sizeof name - 1] = '\0';
	snprintf(body, sizeof body, "--b\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\nv\r\n--b--", name);
	assert_int_equal(parse("multipart/form-data; boundary=b", body, &n), MULTIPART_TOO_MANY);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_browser_form),
		cmocka_unit_test(test_quoted_boundary_and_preamble),
		cmocka_unit_test(test_path_and_empty_file),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_limits),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
