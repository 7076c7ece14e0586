#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "base/mask.h"

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))
#define CANARY 0x5a
#define BIG 256

typedef void mask_fn(const char *in, char *out, size_t outsz);

struct row {
	const char *in;
	const char *out;
};

/*
 * Runs fn on a heap copy of in (so ASan sees any read past the NUL) into a
 * heap buffer of exactly outsz bytes (so it sees any write past the end).
 */
static void run(mask_fn *fn, const char *in, size_t outsz, char *result)
{
	size_t len = strlen(in);
	char *copy = malloc(len + 1);
	char *out = malloc(outsz ? outsz : 1);

	assert_non_null(copy);
	assert_non_null(out);
	memcpy(copy, in, len + 1);
	memset(out, CANARY, outsz ? outsz : 1);
	fn(copy, out, outsz);
	if (outsz == 0) {
		assert_int_equal((unsigned char)out[0], CANARY);
		result[0] = '\0';
	} else {
		assert_non_null(memchr(out, '\0', outsz));
		strcpy(result, out);
	}
	free(copy);
	free(out);
}

static void check_rows(mask_fn *fn, const struct row *rows, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char got[BIG];
		run(fn, rows[i].in, BIG, got);
		if (strcmp(got, rows[i].out) != 0)
			fail_msg("row %zu \"%s\": got \"%s\", want \"%s\"", i, rows[i].in, got, rows[i].out);
	}
}

static void test_idcard(void **state)
{
	static const struct row rows[] = {
	    {"11010519491231002X", "110105********002X"},
	    {"11010519491231002x", "110105********002x"},
	    {"440524188001010014", "440524********0014"},
	    {"110105491231002", "110105*****1002"}, /* old 15-digit number */
	    {"11010512341234", "110105****1234"},   /* 14: the fewest that keep the pattern */
	    {"1101051234123", "*************"},
	    {"1101051234", "**********"},
	    {"123", "***"},
	    {"1", "*"},
	    {"", ""},
	    {"11010519491231002X11", "110105**********2X11"},
	    {"张三", "**"},
	    {"１１０１０５１９４９１２３１００２Ｘ", "１１０１０５********００２Ｘ"},
	};
	(void)state;
	check_rows(mask_idcard, rows, N_ELEMS(rows));
}

static void test_cert(void **state)
{
	static const struct row rows[] = {
	    {"11010519491231002X11", "110105********002X11"},
	    {"11010519491231002x43", "110105********002x43"},
	    {"44052418800101001452", "440524********001452"},
	    /* not 20 characters: the ID rule */
	    {"11010519491231002X1", "110105*********02X1"},
	    {"11010519491231002X111", "110105***********X111"},
	    {"11010519491231002X", "110105********002X"},
	    {"1101051234123", "*************"},
	    {"12", "**"},
	    {"", ""},
	};
	(void)state;
	check_rows(mask_cert, rows, N_ELEMS(rows));
}

static void test_phone(void **state)
{
	static const struct row rows[] = {
	    {"13812341234", "138****1234"},
	    {"+8613812341234", "+86*******1234"},
	    {"0571-88886666", "057******6666"},
	    {"1381231234", "**********"}, /* 10: would hide only 3 */
	    {"12345678", "********"},
	    {"1234", "****"},
	    {"1", "*"},
	    {"", ""},
	    {"电话13812341234", "电话1******1234"},
	};
	(void)state;
	check_rows(mask_phone, rows, N_ELEMS(rows));
}

static void test_account(void **state)
{
	static const struct row rows[] = {
	    {"6222021234567890123", "***************0123"},
	    {"6222 0212 3456 7890", "***************7890"},
	    {"12345678", "****5678"}, /* 8: the fewest that keep the last 4 */
	    {"1234567", "*******"},
	    {"1234", "****"},
	    {"1", "*"},
	    {"", ""},
	};
	(void)state;
	check_rows(mask_account, rows, N_ELEMS(rows));
}

static void test_name(void **state)
{
	static const struct row rows[] = {
	    {"张三", "张*"},
	    {"欧阳修", "欧**"},
	    {"司马相如", "司***"},
	    {"阿卜杜热合曼·买买提", "阿*********"},
	    {"张", "*"},
	    {"", ""},
	    {"A", "*"},
	    {"Li", "L*"},
	    {"Zhang San", "Z********"},
	    {"𠀀二", "𠀀*"},             /* 4-byte character */
	    {"é李", "é*"},               /* 2-byte character */
	    {"\xff\xfe", "?*"},          /* bytes that are not UTF-8 come out as '?' */
	    {"\xe5\xbc", "?*"},          /* 张 cut short: two bad bytes */
	    {"\xe5\xbc\xa0\xff", "张*"}, /* 张 then a bad byte */
	    {"a\xc0\x80", "a**"},        /* overlong NUL */
	    {"\xed\xa0\x80z", "?***"},   /* surrogate */
	    {"\xf4\x90\x80\x80", "?***"},
	    {"\x80张", "?*"},
	};
	(void)state;
	check_rows(mask_name, rows, N_ELEMS(rows));
}

/* Results cut at a character boundary, always NUL-terminated within outsz. */
static void test_truncation(void **state)
{
	static const struct {
		mask_fn *fn;
		const char *in;
		size_t outsz;
		const char *out;
	} rows[] = {
	    {mask_name, "欧阳修", 0, ""},
	    {mask_name, "欧阳修", 1, ""},
	    {mask_name, "欧阳修", 3, ""},
	    {mask_name, "欧阳修", 4, "欧"},
	    {mask_name, "欧阳修", 5, "欧*"},
	    {mask_name, "欧阳修", 6, "欧**"},
	    {mask_name, "欧阳修", 7, "欧**"},
	    {mask_name, "\xff\xfe", 2, "?"},
	    {mask_idcard, "11010519491231002X", 1, ""},
	    {mask_idcard, "11010519491231002X", 2, "1"},
	    {mask_idcard, "11010519491231002X", 8, "110105*"},
	    {mask_idcard, "11010519491231002X", 18, "110105********002"},
	    {mask_idcard, "11010519491231002X", 19, "110105********002X"},
	    {mask_idcard, "１１０１０５１９４９１２３１００２Ｘ", 5, "１"},
	    {mask_idcard, "１１０１０５１９４９１２３１００２Ｘ", 6, "１"},
	    {mask_idcard, "１１０１０５１９４９１２３１００２Ｘ", 7, "１１"},
	    {mask_cert, "11010519491231002X11", 20, "110105********002X1"},
	    {mask_cert, "11010519491231002X11", 21, "110105********002X11"},
	    {mask_phone, "13812341234", 4, "138"},
	    {mask_phone, "13812341234", 11, "138****123"},
	    {mask_phone, "13812341234", 12, "138****1234"},
	    {mask_account, "6222021234567890123", 3, "**"},
	    {mask_account, "", 1, ""},
	};
	(void)state;
	for (size_t i = 0; i < N_ELEMS(rows); i++) {
		char got[BIG];
		run(rows[i].fn, rows[i].in, rows[i].outsz, got);
		if (strcmp(got, rows[i].out) != 0)
			fail_msg("row %zu \"%s\" size %zu: got \"%s\", want \"%s\"", i, rows[i].in, rows[i].outsz, got,
			         rows[i].out);
	}
}

static void test_null_input(void **state)
{
	mask_fn *const fns[] = {mask_idcard, mask_cert, mask_phone, mask_account, mask_name};
	(void)state;
	for (size_t i = 0; i < N_ELEMS(fns); i++) {
		char out[4] = "xyz";
		fns[i](NULL, out, sizeof out);
		assert_string_equal(out, "");
		fns[i](NULL, NULL, 0);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_idcard),     cmocka_unit_test(test_cert), cmocka_unit_test(test_phone),
	    cmocka_unit_test(test_account),    cmocka_unit_test(test_name), cmocka_unit_test(test_truncation),
	    cmocka_unit_test(test_null_input),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
