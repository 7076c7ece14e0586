/*
 * Unit tests for domain/import: reading cells as clerks type them, mapping
 * the header, and the report of rejections.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/msg.h"
#include "base/xalloc.h"
#include "domain/import.h"

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

/* A row over copies of the given strings (import_cell trims in place). */
struct test_row {
	struct row row;
	char *fields[16];
};

static void make_row(struct test_row *t, long number, const char *const *cells, size_t n)
{
	assert_true(n <= N_ELEMS(t->fields));
	for (size_t i = 0; i < n; i++)
		t->fields[i] = cells[i] ? xstrdup(cells[i]) : NULL;
	t->row = (struct row){number, n, t->fields, ROW_OK, 0};
}

static void free_row(struct test_row *t)
{
	for (size_t i = 0; i < t->row.count; i++)
		free(t->fields[i]);
}

/* import_cell */

static void test_cell_trimming(void **state)
{
	static const struct {
		const char *in, *out;
	} rows[] = {
	    {"", ""},
	    {"abc", "abc"},
	    {"  abc  ", "abc"},
	    {"\tabc\r\n", "abc"},
	    {"a b", "a b"}, /* inner spaces stay */
	    {"\xE3\x80\x80张三\xE3\x80\x80", "张三"},
	    {"\xC2\xA0张三\xC2\xA0", "张三"},
	    {" \xE3\x80\x80\xC2\xA0 张 三\xC2\xA0\xE3\x80\x80 \t", "张 三"},
	    {"张\xE3\x80\x80三", "张\xE3\x80\x80三"},
	    {"   ", ""},
	    {"\xE3\x80\x80", ""},
	    {"\xC2\xA0\xC2\xA0", ""},
	    {"341699199001011234 ", "341699199001011234"},
	    /* Bytes that only begin a blank are not one. */
	    {"\xE3\x80", "\xE3\x80"},
	    {"a\xC2", "a\xC2"},
	    {"\xE3\x81\x80", "\xE3\x81\x80"},
	    /* The apostrophe an export puts before = + - @ goes. */
	    {"'=SUM(A1)", "=SUM(A1)"},
	    {"'+8613800001111", "+8613800001111"},
	    {"'-5", "-5"},
	    {"'@cmd", "@cmd"},
	    {"  '=1+1  ", "=1+1"},
	    {"\xE3\x80\x80'-\xE3\x80\x80", "-"},
	    /* Any other apostrophe stays. */
	    {"'abc", "'abc"},
	    {"'", "'"},
	    {"''=x", "''=x"},
	    {"'1", "'1"},
	    {"a'=b", "a'=b"},
	    {"=SUM(A1)", "=SUM(A1)"},
	};

	(void)state;
	for (size_t i = 0; i < N_ELEMS(rows); i++) {
		struct test_row t;
		const char *cells[] = {"x", rows[i].in};
		make_row(&t, 2, cells, 2);
		const char *got = import_cell(&t.row, 1);
		if (strcmp(got, rows[i].out) != 0)
			fail_msg("row %zu: \"%s\", expected \"%s\"", i, got, rows[i].out);
		/* In place: the result lies inside the field and the field's end moved. */
		assert_true(got >= t.fields[1] && got <= t.fields[1] + strlen(rows[i].in));
		/* Asking again gives the same. */
		assert_string_equal(import_cell(&t.row, 1), rows[i].out);
		free_row(&t);
	}
}

static void test_cell_absent(void **state)
{
	struct test_row t;
	const char *cells[] = {" a ", NULL};

	(void)state;
	make_row(&t, 2, cells, 2);
	assert_string_equal(import_cell(&t.row, -1), "");
	assert_string_equal(import_cell(&t.row, 1), ""); /* NULL field */
	assert_string_equal(import_cell(&t.row, 2), "");
	assert_string_equal(import_cell(&t.row, 1000), "");
	assert_string_equal(import_cell(&t.row, 0), "a");
	assert_string_equal(t.fields[0], " a"); /* trailing blank cut in the row itself */
	free_row(&t);
}

static void test_row_blank(void **state)
{
	static const struct {
		const char *cells[4];
		size_t n;
		bool blank;
	} rows[] = {
	    {{NULL}, 0, true},
	    {{""}, 1, true},
	    {{"", " ", "\xE3\x80\x80", "\xC2\xA0\t"}, 4, true},
	    {{"", "", "", "x"}, 4, false},
	    {{"'"}, 1, false},
	    {{"0"}, 1, false},
	};

	(void)state;
	for (size_t i = 0; i < N_ELEMS(rows); i++) {
		struct test_row t;
		make_row(&t, 2, rows[i].cells, rows[i].n);
		if (import_row_blank(&t.row) != rows[i].blank)
			fail_msg("row %zu", i);
		free_row(&t);
	}
}

/* import_map_header */

enum { C_NAME, C_ID, C_HUKOU, C_PHONE, C_BANK, C__MAX };

static const struct import_column cols[C__MAX] = {
    [C_NAME] = {"姓名", "残疾人姓名", true},    [C_ID] = {"身份证号", "身份证号码|公民身份号码", true},
    [C_HUKOU] = {"户口性质", "户籍性质", true}, [C_PHONE] = {"联系电话", "电话|手机", false},
    [C_BANK] = {"开户银行", NULL, false},
};

static int map(const char *const *cells, size_t n, int index[C__MAX], struct import_report *r, struct error *err)
{
	struct test_row t;
	make_row(&t, 1, cells, n);
	int rc = import_map_header(&t.row, cols, C__MAX, index, r, err);
	free_row(&t);
	return rc;
}

static void test_header_names_and_aliases(void **state)
{
	const char *cells[] = {"序号", " 残疾人姓名 ", "", "公民身份号码", "手机", "户籍性质", "备注"};
	struct import_report r;
	struct error err = ERROR_INIT;
	int index[C__MAX];

	(void)state;
	import_report_init(&r);
	assert_int_equal(map(cells, N_ELEMS(cells), index, &r, &err), 0);
	assert_int_equal(index[C_NAME], 1);
	assert_int_equal(index[C_ID], 3);
	assert_int_equal(index[C_PHONE], 4);
	assert_int_equal(index[C_HUKOU], 5);
	assert_int_equal(index[C_BANK], -1); /* optional and absent */
	/* Unknown columns: one note naming them all; empty headers are not unknown columns. */
	assert_string_equal(buf_cstr(&r.notes), "已忽略不认识的列：序号、备注\n");
	assert_int_equal(r.rejected, 0);
	import_report_release(&r);
}

static void test_header_exact_names(void **state)
{
	const char *cells[] = {"户口性质", "身份证号", "姓名", "开户银行"};
	struct import_report r;
	struct error err = ERROR_INIT;
	int index[C__MAX];

	(void)state;
	import_report_init(&r);
	assert_int_equal(map(cells, N_ELEMS(cells), index, &r, &err), 0);
	assert_int_equal(index[C_HUKOU], 0);
	assert_int_equal(index[C_ID], 1);
	assert_int_equal(index[C_NAME], 2);
	assert_int_equal(index[C_BANK], 3);
	assert_int_equal(index[C_PHONE], -1);
	assert_string_equal(buf_cstr(&r.notes), ""); /* nothing unknown: no note */
	import_report_release(&r);
}

static void test_header_duplicate(void **state)
{
	static const struct {
		const char *cells[5];
		size_t n;
		const char *column;
	} rows[] = {
	    {{"姓名", "身份证号", "户口性质", "姓名"}, 4, "姓名"},
	    {{"姓名", "残疾人姓名", "身份证号", "户口性质"}, 4, "姓名"},
	    {{"姓名", "身份证号", "户口性质", "电话", "手机"}, 5, "联系电话"},
	    {{"身份证号码", "姓名", "户口性质", "身份证号"}, 4, "身份证号"},
	};

	(void)state;
	for (size_t i = 0; i < N_ELEMS(rows); i++) {
		struct import_report r;
		struct error err = ERROR_INIT;
		int index[C__MAX];
		char want[256];
		import_report_init(&r);
		assert_int_equal(map(rows[i].cells, rows[i].n, index, &r, &err), -1);
		snprintf(want, sizeof want, msg(MSG_DUPLICATE_COLUMN), rows[i].column);
		assert_string_equal(err.msg, want);
		import_report_release(&r);
	}
}

static void test_header_missing(void **state)
{
	static const struct {
		const char *cells[3];
		size_t n;
		const char *message;
	} rows[] = {
	    {{"姓名", "户口性质"}, 2, "缺少必需的列：身份证号"},
	    {{"联系电话"}, 1, "缺少必需的列：姓名、身份证号、户口性质"},
	    {{NULL}, 0, "缺少必需的列：姓名、身份证号、户口性质"},
	    {{"", "  ", "身份证号"}, 3, "缺少必需的列：姓名、户口性质"},
	    {{"姓 名", "身份证", "户口"}, 3, "缺少必需的列：姓名、身份证号、户口性质"},
	};

	(void)state;
	for (size_t i = 0; i < N_ELEMS(rows); i++) {
		struct import_report r;
		struct error err = ERROR_INIT;
		int index[C__MAX];
		import_report_init(&r);
		assert_int_equal(map(rows[i].cells, rows[i].n, index, &r, &err), -1);
		assert_string_equal(err.msg, rows[i].message);
		import_report_release(&r);
	}
}

/* Reports */

static void test_reject_keeps_and_counts(void **state)
{
	enum { EXTRA = 25 };
	struct import_report r;

	(void)state;
	import_report_init(&r);
	assert_int_equal(r.rejected, 0);
	assert_int_equal(r.nerrors, 0);
	assert_false(r.committed);
	for (long i = 0; i < IMPORT_ERRORS_KEPT + EXTRA; i++) {
		import_reject(&r, i + 2, i % 2 ? "身份证号" : "", "第%ld个：%s", i, "原因");
		assert_int_equal(r.rejected, i + 1);
	}
	/* All counted, the first IMPORT_ERRORS_KEPT kept. */
	assert_int_equal(r.rejected, IMPORT_ERRORS_KEPT + EXTRA);
	assert_int_equal(r.nerrors, IMPORT_ERRORS_KEPT);
	assert_true(r.caperrors >= r.nerrors);
	char want[64];
	assert_int_equal(r.errors[0].row, 2);
	assert_string_equal(r.errors[0].column, "");
	assert_string_equal(r.errors[0].reason, "第0个：原因");
	assert_int_equal(r.errors[1].row, 3);
	assert_string_equal(r.errors[1].column, "身份证号");
	assert_int_equal(r.errors[IMPORT_ERRORS_KEPT - 1].row, IMPORT_ERRORS_KEPT + 1);
	snprintf(want, sizeof want, "第%d个：原因", IMPORT_ERRORS_KEPT - 1);
	assert_string_equal(r.errors[IMPORT_ERRORS_KEPT - 1].reason, want);
	import_report_release(&r);
	assert_null(r.errors);
	assert_int_equal(r.nerrors, 0);
}

static void test_reject_long_reason(void **state)
{
	struct import_report r;
	char *big = xmalloc(3000);

	(void)state;
	memset(big, 'y', 2999);
	big[2999] = '\0';
	import_report_init(&r);
	import_reject(&r, 4, "姓名", "%s", big);
	assert_int_equal(r.nerrors, 1);
	/* Cut to a bounded length, never the whole cell. */
	size_t n = strlen(r.errors[0].reason);
	assert_true(n >= 256 && n < 1024);
	assert_memory_equal(r.errors[0].reason, big, n);
	free(big);
	import_report_release(&r);
}

static void test_sort(void **state)
{
	static const long rows[] = {9, 3, 12, 3, 2, 7};
	struct import_report r;

	(void)state;
	import_report_init(&r);
	import_report_sort(&r); /* nothing to sort */
	for (size_t i = 0; i < N_ELEMS(rows); i++)
		import_reject(&r, rows[i], "", "r%zu", i);
	import_report_sort(&r);
	assert_int_equal(r.nerrors, N_ELEMS(rows));
	assert_int_equal(r.rejected, N_ELEMS(rows));
	static const long want[] = {2, 3, 3, 7, 9, 12};
	for (size_t i = 0; i < N_ELEMS(want); i++)
		assert_int_equal(r.errors[i].row, want[i]);
	/* Each reason went with its row. */
	assert_string_equal(r.errors[0].reason, "r4");
	assert_string_equal(r.errors[5].reason, "r2");
	assert_string_equal(r.errors[3].reason, "r5");
	assert_true(strcmp(r.errors[1].reason, "r1") == 0 || strcmp(r.errors[1].reason, "r3") == 0);
	import_report_release(&r);
}

static void test_reject_without_callback(void **state)
{
	struct import_report r;

	(void)state;
	import_report_init(&r);
	import_reject(&r, 7, "村", "%s", "乡镇“河口镇”下没有“无名村”");
	assert_int_equal(r.rejected, 1);
	assert_int_equal(r.nerrors, 1);
	assert_int_equal(r.errors[0].row, 7);
	assert_string_equal(r.errors[0].column, "村");
	assert_string_equal(r.errors[0].reason, "乡镇“河口镇”下没有“无名村”");
	import_report_release(&r);
	/* Released twice is harmless, and the report can be used again after init. */
	import_report_release(&r);
	import_report_init(&r);
	assert_int_equal(r.rejected, 0);
	import_report_release(&r);
}

static void test_notes(void **state)
{
	struct import_report r;

	(void)state;
	import_report_init(&r);
	assert_string_equal(buf_cstr(&r.notes), "");
	import_note(&r, "第一条 %d", 1);
	import_note(&r, "%s", "第二条");
	assert_string_equal(buf_cstr(&r.notes), "第一条 1\n第二条\n");
	/* A note that does not fit is dropped, and nothing half-written stays. */
	char *big = xmalloc(20000);
	memset(big, 'x', 19999);
	big[19999] = '\0';
	import_note(&r, "%s", big);
	free(big);
	const char *notes = buf_cstr(&r.notes);
	assert_int_equal(strchr(notes, 'x'), NULL);
	import_report_release(&r);
}

static void test_reject_problem(void **state)
{
	static const struct {
		enum row_problem problem;
		size_t field;
		const char *column;
		enum msg_id id;
		int arg; /* -1: the encoding */
	} rows[] = {
	    {ROW_BAD_ENCODING, 1, "身份证号", MSG_ROW_BAD_ENCODING, -1},
	    {ROW_BAD_ENCODING, 0, "", MSG_ROW_BAD_ENCODING, -1}, /* an unknown column */
	    {ROW_FIELD_TOO_LONG, 2, "姓名", MSG_ROW_FIELD_TOO_LONG, ROW_FIELD_MAX},
	    {ROW_FIELD_TOO_LONG, 9, "", MSG_ROW_FIELD_TOO_LONG, ROW_FIELD_MAX},
	    {ROW_TOO_MANY_FIELDS, ROW_FIELDS_MAX, "", MSG_ROW_TOO_MANY_FIELDS, ROW_FIELDS_MAX},
	    {ROW_TOO_LONG, 0, "", MSG_ROW_TOO_LONG, ROW_RECORD_MAX},
	    {ROW_UNTERMINATED_QUOTE, 3, "", MSG_ROW_UNTERMINATED_QUOTE, 0},
	};
	/* File columns: 0 unknown, 1 身份证号, 2 姓名, 3 户口性质. */
	const int index[C__MAX] = {[C_NAME] = 2, [C_ID] = 1, [C_HUKOU] = 3, [C_PHONE] = -1, [C_BANK] = -1};

	(void)state;
	for (size_t i = 0; i < N_ELEMS(rows); i++) {
		struct import_report r;
		struct row row = {12, 0, NULL, rows[i].problem, rows[i].field};
		char want[256];
		import_report_init(&r);
		assert_int_equal(import_reject_problem(&r, &row, cols, C__MAX, index, "GB18030"), 1);
		if (rows[i].arg < 0)
			snprintf(want, sizeof want, msg(rows[i].id), "GB18030");
		else if (rows[i].id == MSG_ROW_UNTERMINATED_QUOTE)
			snprintf(want, sizeof want, "%s", msg(rows[i].id));
		else
			snprintf(want, sizeof want, msg(rows[i].id), rows[i].arg);
		assert_int_equal(r.rejected, 1);
		assert_int_equal(r.errors[0].row, 12);
		assert_string_equal(r.errors[0].column, rows[i].column);
		assert_string_equal(r.errors[0].reason, want);
		import_report_release(&r);
	}
	/* A clean row is not rejected. */
	struct import_report r;
	struct row ok = {3, 0, NULL, ROW_OK, 0};
	import_report_init(&r);
	assert_int_equal(import_reject_problem(&r, &ok, cols, C__MAX, index, "UTF-8"), 0);
	assert_int_equal(r.rejected, 0);
	import_report_release(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_cell_trimming),
	    cmocka_unit_test(test_cell_absent),
	    cmocka_unit_test(test_row_blank),
	    cmocka_unit_test(test_header_names_and_aliases),
	    cmocka_unit_test(test_header_exact_names),
	    cmocka_unit_test(test_header_duplicate),
	    cmocka_unit_test(test_header_missing),
	    cmocka_unit_test(test_reject_keeps_and_counts),
	    cmocka_unit_test(test_reject_long_reason),
	    cmocka_unit_test(test_sort),
	    cmocka_unit_test(test_reject_without_callback),
	    cmocka_unit_test(test_notes),
	    cmocka_unit_test(test_reject_problem),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
