#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <zip.h>

#include "base/xalloc.h"
#include "io/xlsx-read.h"
#include "io/xlsx-write.h"

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

static char *temp_path(void)
{
	char *path = xstrdup("/tmp/test-xlsx-write-XXXXXX");
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	return path;
}

/* The text of one part of the zip at path; the caller frees it. */
static char *zip_part(const char *path, const char *name)
{
	int zerr;
	zip_t *za = zip_open(path, ZIP_RDONLY, &zerr);
	zip_stat_t st;
	zip_file_t *f;
	char *text;

	assert_non_null(za);
	assert_int_equal(zip_stat(za, name, 0, &st), 0);
	f = zip_fopen(za, name, 0);
	assert_non_null(f);
	text = xmalloc(st.size + 1);
	assert_int_equal(zip_fread(f, text, st.size), (zip_int64_t)st.size);
	text[st.size] = '\0';
	zip_fclose(f);
	zip_discard(za);
	return text;
}

static void expect_row(struct xlsx_reader *r, long number, const char *const *want, size_t n)
{
	struct error err = ERROR_INIT;
	struct row *row;

	assert_int_equal(xlsx_next(r, &row, &err), 1);
	assert_int_equal(row->number, number);
	assert_int_equal(row->problem, ROW_OK);
	assert_int_equal(row->count, n);
	for (size_t i = 0; i < n; i++)
		assert_string_equal(row->field[i], want[i]);
}

static void test_round_trip(void **state)
{
	static const char *const header[] = {"身份证号", "姓名", "公式", "人数", "金额", "发放日期", "备注"};
	static const double widths[] = {22, 0, 0, 0, 0, 0, 0};
	char *path = temp_path();
	struct error err = ERROR_INIT;
	struct xlsx_writer *w;
	struct xlsx_reader *r;
	struct row *row;
	char *sheet, *styles, *wb;

	(void)state;
	assert_int_equal(xlsx_writer_open(&w, path, "残疾人名单", header, widths, N_ELEMS(header), &err), 0);
	{
		struct xlsx_cell row1[] = {
		    {.kind = XLSX_TEXT, .text = "11010519491231002X"},
		    {.kind = XLSX_TEXT, .text = "张三丰"},
		    {.kind = XLSX_TEXT, .text = "=1+1"},
		    {.kind = XLSX_INTEGER, .integer = 42},
		    {.kind = XLSX_MONEY, .integer = 123456},
		    {.kind = XLSX_DATE, .date = {2024, 3, 15}},
		    {.kind = XLSX_EMPTY},
		};
		struct xlsx_cell row2[] = {
		    {.kind = XLSX_TEXT, .text = "110105194912310021"},
		    {.kind = XLSX_EMPTY},
		    {.kind = XLSX_TEXT, .text = ""},
		    {.kind = XLSX_INTEGER, .integer = -7},
		    {.kind = XLSX_MONEY, .integer = -5},
		    {.kind = XLSX_DATE, .date = {1899, 12, 31}},
		    {.kind = XLSX_TEXT, .text = " 前后空格\t_x0041_ 换行\r\n控制\x01 "},
		};
		struct xlsx_cell row3[] = {
		    {.kind = XLSX_EMPTY},
		    {.kind = XLSX_EMPTY},
		    {.kind = XLSX_EMPTY},
		    {.kind = XLSX_EMPTY},
		    {.kind = XLSX_EMPTY},
		    {.kind = XLSX_EMPTY},
		    {.kind = XLSX_TEXT, .text = NULL},
		};
		struct xlsx_cell row4[] = {
		    {.kind = XLSX_EMPTY},
		    {.kind = XLSX_TEXT, .text = "+86 138"},
		    {.kind = XLSX_MONEY, .integer = 0},
		    {.kind = XLSX_EMPTY},
		    {.kind = XLSX_MONEY, .integer = 100},
		    {.kind = XLSX_DATE, .date = {2000, 2, 29}},
		    {.kind = XLSX_EMPTY},
		};
		assert_int_equal(xlsx_writer_row(w, row1, &err), 0);
		assert_int_equal(xlsx_writer_row(w, row2, &err), 0);
		assert_int_equal(xlsx_writer_row(w, row3, &err), 0);
		assert_int_equal(xlsx_writer_row(w, row4, &err), 0);
	}
	assert_int_equal(xlsx_writer_close(w, &err), 0);

	assert_int_equal(xlsx_open(&r, path, &err), 0);
	expect_row(r, 1, header, N_ELEMS(header));
	{
		static const char *const want1[] = {"11010519491231002X", "张三丰", "=1+1", "42", "1234.56", "45366"};
		static const char *const want2[] = {
		    "110105194912310021", "", "", "-7", "-0.05", "1899-12-31", " 前后空格\t_x0041_ 换行\r\n控制\x01 "};
		static const char *const want4[] = {"", "+86 138", "0", "", "1", "36585"};
		expect_row(r, 2, want1, N_ELEMS(want1));
		expect_row(r, 3, want2, N_ELEMS(want2));
		/* Row 4 was all empty: no cells, so the reader skips it. */
		expect_row(r, 5, want4, N_ELEMS(want4));
	}
	assert_int_equal(xlsx_next(r, &row, &err), 0);
	xlsx_close(r);

	/* Header frozen and bold; text as "@" (built-in format 49); the column widths. */
	sheet = zip_part(path, "xl/worksheets/sheet1.xml");
	styles = zip_part(path, "xl/styles.xml");
	wb = zip_part(path, "xl/workbook.xml");
	assert_non_null(
	    strstr(sheet, "<pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>"));
	assert_non_null(strstr(sheet, "<col min=\"1\" max=\"1\" width=\"22.7109375\" customWidth=\"1\"/>"));
	assert_non_null(strstr(sheet, "<col min=\"2\" max=\"2\" width=\"8.7109375\" customWidth=\"1\"/>"));
	assert_non_null(strstr(sheet, "<col min=\"6\" max=\"6\" width=\"10.7109375\" customWidth=\"1\"/>"));
	assert_non_null(strstr(sheet, "<c r=\"A2\" s=\"2\" t=\"inlineStr\"><is><t>11010519491231002X</t>"));
	assert_non_null(strstr(styles, "<b/>"));
	assert_non_null(strstr(styles, "<xf numFmtId=\"49\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" "
	                               "applyNumberFormat=\"1\"/>"));
	assert_non_null(strstr(styles, "<xf numFmtId=\"2\" "));
	assert_non_null(strstr(styles, "<xf numFmtId=\"1\" "));
	assert_non_null(strstr(styles, "formatCode=\"yyyy-mm-dd\""));
	assert_non_null(strstr(wb, "name=\"残疾人名单\""));
	free(sheet);
	free(styles);
	free(wb);
	unlink(path);
	free(path);
}

static void test_bad_rows(void **state)
{
	static const char *const header[] = {"a", "b"};
	char *path = temp_path();
	struct error err = ERROR_INIT;
	struct xlsx_writer *w;
	struct xlsx_reader *r;
	struct row *row;
	char *big;

	(void)state;
	assert_int_equal(xlsx_writer_open(&w, path, "Sheet1", header, NULL, 2, &err), 0);
	{
		struct xlsx_cell bad_utf8[] = {{.kind = XLSX_TEXT, .text = "ok"},
		                               {.kind = XLSX_TEXT, .text = "\xC3\x28"}};
		struct xlsx_cell bad_date[] = {{.kind = XLSX_TEXT, .text = "ok"},
		                               {.kind = XLSX_DATE, .date = {2023, 2, 29}}};
		struct xlsx_cell bad_kind[] = {{.kind = XLSX_TEXT, .text = "ok"}, {.kind = (enum xlsx_kind)99}};
		struct xlsx_cell good[] = {{.kind = XLSX_TEXT, .text = "好"}, {.kind = XLSX_INTEGER, .integer = 1}};
		struct xlsx_cell too_long[] = {{.kind = XLSX_TEXT, .text = NULL}, {.kind = XLSX_EMPTY}};

		assert_int_equal(xlsx_writer_row(w, bad_utf8, &err), -1);
		assert_non_null(strstr(err.msg, "第2行第2列"));
		assert_int_equal(xlsx_writer_row(w, bad_date, &err), -1);
		assert_int_equal(xlsx_writer_row(w, bad_kind, &err), -1);
		/* 32768 characters, one over Excel's limit (but 3 bytes each, well over in bytes). */
		big = xmalloc(32768 * 3 + 1);
		for (int i = 0; i < 32768; i++)
			memcpy(big + 3 * i, "字", 3);
		big[32768 * 3] = '\0';
		too_long[0].text = big;
		assert_int_equal(xlsx_writer_row(w, too_long, &err), -1);
		assert_non_null(strstr(err.msg, "32767"));
		free(big);
		assert_int_equal(xlsx_writer_row(w, good, &err), 0);
	}
	assert_int_equal(xlsx_writer_close(w, &err), 0);

	/* The refused rows left nothing behind: "ok" is in no cell. */
	assert_int_equal(xlsx_open(&r, path, &err), 0);
	assert_int_equal(xlsx_next(r, &row, &err), 1);
	assert_int_equal(xlsx_next(r, &row, &err), 1);
	assert_int_equal(row->number, 2);
	assert_string_equal(row_get(row, 0), "好");
	assert_string_equal(row_get(row, 1), "1");
	assert_int_equal(xlsx_next(r, &row, &err), 0);
	xlsx_close(r);
	unlink(path);
	free(path);
}

static void test_sheet_names(void **state)
{
	static const char *const bad[] = {
	    "",
	    "a[b",
	    "a]b",
	    "a:b",
	    "a*b",
	    "a?b",
	    "a/b",
	    "a\\b",
	    "'quoted'",
	    "1234567890123456789012345678901", /* 31: fine, see below */
	    "这个工作表的名称一共有三十二个字这个工作表的名称一共有三十二个字",
	    "\xFF",
	    "history",
	};
	static const char *const header[] = {"x"};
	char *path = temp_path();
	struct error err = ERROR_INIT;
	struct xlsx_writer *w;

	(void)state;
	for (size_t i = 0; i < N_ELEMS(bad); i++) {
		int rc = xlsx_writer_open(&w, path, bad[i], header, NULL, 1, &err);
		if (i == 9) {
			assert_int_equal(rc, 0);
			assert_int_equal(xlsx_writer_close(w, &err), 0);
			continue;
		}
		assert_int_equal(rc, -1);
		assert_null(w);
		assert_true(err.msg[0] != '\0');
	}
	assert_int_equal(xlsx_writer_open(&w, path, NULL, header, NULL, 1, &err), -1);
	assert_int_equal(xlsx_writer_open(&w, path, "x", header, NULL, 0, &err), -1);
	/* 31 Chinese characters are fine: the limit counts characters, not bytes. */
	assert_int_equal(xlsx_writer_open(&w, path, "这个工作表的名称一共有三十一个字这个工作表的名称一共有三十一个",
	                                  header, NULL, 1, &err),
	                 0);
	assert_int_equal(xlsx_writer_close(w, &err), 0);
	unlink(path);
	free(path);
}

static void test_unwritable(void **state)
{
	static const char *const header[] = {"x"};
	struct error err = ERROR_INIT;
	struct xlsx_writer *w;
	struct xlsx_cell cell = {.kind = XLSX_TEXT, .text = "y"};

	(void)state;
	assert_int_equal(xlsx_writer_open(&w, "/nonexistent-dir/out.xlsx", "Sheet1", header, NULL, 1, &err), 0);
	assert_int_equal(xlsx_writer_row(w, &cell, &err), 0);
	assert_int_equal(xlsx_writer_close(w, &err), -1);
	assert_non_null(strstr(err.msg, "/nonexistent-dir/out.xlsx"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_round_trip),
	    cmocka_unit_test(test_bad_rows),
	    cmocka_unit_test(test_sheet_names),
	    cmocka_unit_test(test_unwritable),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
