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

#include "base/money.h"
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
	/* 姓名: "+86 138", 7 wide, and 2 of room; 发放日期: a date is 10 wide. */
	assert_non_null(strstr(sheet, "<col min=\"2\" max=\"2\" width=\"9.7109375\" customWidth=\"1\"/>"));
	assert_non_null(strstr(sheet, "<col min=\"6\" max=\"6\" width=\"12.7109375\" customWidth=\"1\"/>"));
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

/* The count of occurrences of needle in hay. */
static int count_of(const char *hay, const char *needle)
{
	int n = 0;
	for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
		n++;
	return n;
}

/*
 * The style index (s="N") of the cellXfs entry with numFmtId id in styles,
 * or -1: the cell formats are numbered in the order they are listed.
 */
static int xf_with_format(const char *styles, int id)
{
	const char *xfs = strstr(styles, "<cellXfs");
	char want[32];
	int i = 0;
	assert_non_null(xfs);
	snprintf(want, sizeof want, "numFmtId=\"%d\"", id);
	for (const char *p = strstr(xfs, "<xf "); p; p = strstr(p + 1, "<xf "), i++) {
		const char *end = strchr(p, '>');
		const char *hit = strstr(p, want);
		if (hit && hit < end)
			return i;
	}
	return -1;
}

/* The number format id of the custom format code in styles, or -1. */
static int format_id(const char *styles, const char *code)
{
	char want[96];
	snprintf(want, sizeof want, "formatCode=\"%s\"", code);
	const char *hit = strstr(styles, want);
	if (!hit)
		return -1;
	while (hit > styles && strncmp(hit, "numFmtId=\"", 10) != 0)
		hit--;
	return atoi(hit + 10);
}

/* A workbook people read: title row, frozen header, formats, widths, two sheets. */
static void test_people_workbook(void **state)
{
	static const char *const header[] = {"姓名", "出生日期", "补贴金额（元）", "人数", "备注"};
	static const char *const header2[] = {"村", "户数"};
	static const double widths[] = {0, 0, 0, 0, 0};
	char *path = temp_path();
	struct error err = ERROR_INIT;
	struct xlsx_writer *w;
	struct xlsx_reader *r;
	struct row *row;
	char long_note[64 * 3 + 1] = "";

	(void)state;
	for (int i = 0; i < 64; i++)
		strcat(long_note, "很");
	struct xlsx_sheet s1 = {"城镇 0-17岁", "生活补贴2025年度审批通过人员名单（城镇 0-17岁）", header, widths, 5, false};
	struct xlsx_sheet s2 = {"汇总", "汇总表", header2, NULL, 2, false};
	assert_int_equal(xlsx_writer_begin(&w, path, &s1, &err), 0);
	{
		struct xlsx_cell a[] = {
		    {.kind = XLSX_TEXT, .text = "欧阳娜娜"}, {.kind = XLSX_DATE, .date = {2024, 3, 15}},
		    {.kind = XLSX_MONEY, .integer = 123456789}, {.kind = XLSX_INTEGER, .integer = 3},
		    {.kind = XLSX_TEXT, .text = "双下肢残疾，轮椅出行"},
		};
		struct xlsx_cell b[] = {
		    {.kind = XLSX_TEXT, .text = "Li"}, {.kind = XLSX_DATE, .date = {1950, 1, 1}},
		    {.kind = XLSX_MONEY, .integer = 995}, {.kind = XLSX_INTEGER, .integer = 12},
		    {.kind = XLSX_TEXT, .text = long_note},
		};
		assert_int_equal(xlsx_writer_row(w, a, &err), 0);
		assert_int_equal(xlsx_writer_row(w, b, &err), 0);
	}
	/* A second sheet of the same name is refused; the writer goes on with the first. */
	struct xlsx_sheet dup = s1;
	assert_int_equal(xlsx_writer_sheet(w, &dup, &err), -1);
	assert_non_null(strstr(err.msg, "重复"));
	assert_int_equal(xlsx_writer_close(w, &err), 0);

	/* Again, now with the second sheet. */
	assert_int_equal(xlsx_writer_begin(&w, path, &s1, &err), 0);
	{
		struct xlsx_cell a[] = {
		    {.kind = XLSX_TEXT, .text = "欧阳娜娜"}, {.kind = XLSX_DATE, .date = {2024, 3, 15}},
		    {.kind = XLSX_MONEY, .integer = 123456789}, {.kind = XLSX_INTEGER, .integer = 3},
		    {.kind = XLSX_TEXT, .text = "双下肢残疾，轮椅出行"},
		};
		struct xlsx_cell b[] = {
		    {.kind = XLSX_TEXT, .text = "Li"}, {.kind = XLSX_DATE, .date = {1950, 1, 1}},
		    {.kind = XLSX_MONEY, .integer = 995}, {.kind = XLSX_INTEGER, .integer = 12},
		    {.kind = XLSX_TEXT, .text = long_note},
		};
		struct xlsx_cell c[] = {{.kind = XLSX_TEXT, .text = "王庄村"}, {.kind = XLSX_INTEGER, .integer = 7}};
		assert_int_equal(xlsx_writer_row(w, a, &err), 0);
		assert_int_equal(xlsx_writer_row(w, b, &err), 0);
		assert_int_equal(xlsx_writer_sheet(w, &s2, &err), 0);
		assert_int_equal(xlsx_writer_row(w, c, &err), 0);
	}
	assert_int_equal(xlsx_writer_close(w, &err), 0);

	char *sheet = zip_part(path, "xl/worksheets/sheet1.xml");
	char *sheet2 = zip_part(path, "xl/worksheets/sheet2.xml");
	char *styles = zip_part(path, "xl/styles.xml");
	char *wb = zip_part(path, "xl/workbook.xml");

	/* The title: A1, merged across the five columns, in bold 14-point type. */
	assert_non_null(strstr(sheet, "<c r=\"A1\" s=\""));
	assert_non_null(strstr(sheet, "<t>生活补贴2025年度审批通过人员名单（城镇 0-17岁）</t>"));
	assert_non_null(strstr(sheet, "<mergeCell ref=\"A1:E1\"/>"));
	assert_non_null(strstr(styles, "<sz val=\"14\"/>"));
	/* The header on row 2, frozen below it, with a filter over the rows, repeated on printed pages. */
	assert_non_null(strstr(sheet, "<c r=\"A2\" s=\""));
	assert_non_null(
	    strstr(sheet, "<pane ySplit=\"2\" topLeftCell=\"A3\" activePane=\"bottomLeft\" state=\"frozen\"/>"));
	assert_non_null(strstr(sheet, "<autoFilter ref=\"A2:E4\"/>"));
	assert_non_null(strstr(wb, "_xlnm.Print_Titles"));
	assert_non_null(strstr(sheet, "paperSize=\"9\""));
	assert_non_null(strstr(sheet, "fitToHeight=\"0\""));
	/* The date a real date: the day number 45366 with a yyyy-mm-dd style. */
	int date_style = xf_with_format(styles, format_id(styles, "yyyy-mm-dd"));
	int money_style = xf_with_format(styles, 4); /* #,##0.00, built in */
	int integer_style = xf_with_format(styles, 1);
	assert_true(date_style > 0 && money_style > 0 && integer_style > 0);
	char want[96];
	snprintf(want, sizeof want, "<c r=\"B3\" s=\"%d\"><v>45366</v></c>", date_style);
	assert_non_null(strstr(sheet, want));
	snprintf(want, sizeof want, "<c r=\"B4\" s=\"%d\"><v>18264</v></c>", date_style);
	assert_non_null(strstr(sheet, want));
	/* Money: a number (1234567.89 yuan) with #,##0.00. */
	snprintf(want, sizeof want, "<c r=\"C3\" s=\"%d\"><v>1234567.89</v></c>", money_style);
	assert_non_null(strstr(sheet, want));
	snprintf(want, sizeof want, "<c r=\"D4\" s=\"%d\"><v>12</v></c>", integer_style);
	assert_non_null(strstr(sheet, want));
	/* Widths: 欧阳娜娜 is 8 wide (CJK counts double) + 2; the long note is capped at 60. */
	assert_non_null(strstr(sheet, "<col min=\"1\" max=\"1\" width=\"10.7109375\" customWidth=\"1\"/>"));
	assert_non_null(strstr(sheet, "<col min=\"5\" max=\"5\" width=\"60.7109375\" customWidth=\"1\"/>"));
	/* 补贴金额（元）: header 14 wide beats "1,234,567.89" (12). */
	assert_non_null(strstr(sheet, "<col min=\"3\" max=\"3\" width=\"16.7109375\" customWidth=\"1\"/>"));

	/* Two sheets, each with its own title, header and frozen pane. */
	assert_int_equal(count_of(wb, "<sheet name="), 2);
	assert_non_null(strstr(wb, "<sheet name=\"城镇 0-17岁\""));
	assert_non_null(strstr(wb, "<sheet name=\"汇总\""));
	assert_non_null(strstr(sheet2, "<t>汇总表</t>"));
	assert_non_null(strstr(sheet2, "<mergeCell ref=\"A1:B1\"/>"));
	assert_non_null(strstr(sheet2, "<pane ySplit=\"2\""));
	assert_non_null(strstr(sheet2, "<t>王庄村</t>"));

	/* The project's own reader sees the title as a row of one cell, then the header. */
	assert_int_equal(xlsx_open(&r, path, &err), 0);
	assert_int_equal(xlsx_next(r, &row, &err), 1);
	assert_int_equal(row->number, 1);
	assert_int_equal(row->count, 1);
	expect_row(r, 2, header, 5);
	{
		static const char *const want3[] = {"欧阳娜娜", "45366", "1234567.89", "3", "双下肢残疾，轮椅出行"};
		expect_row(r, 3, want3, 5);
	}
	xlsx_close(r);
	free(sheet);
	free(sheet2);
	free(styles);
	free(wb);
	unlink(path);
	free(path);
}

/*
 * Money is exact: each amount's number is the double nearest to its
 * decimal, as Excel holds a typed amount, and the 16 digits
 * libxlsxwriter writes read back as that same double.
 */
static void test_money_exact(void **state)
{
	static const char *const header[] = {"金额"};
	static const int64_t amounts[] = {0, 1, 995, 34772, 10000000, 123456789012, INT64_C(99999999999999)};
	char *path = temp_path();
	struct error err = ERROR_INIT;
	struct xlsx_writer *w;
	struct xlsx_sheet s = {"发放", NULL, header, NULL, 1, false};

	(void)state;
	assert_int_equal(xlsx_writer_begin(&w, path, &s, &err), 0);
	for (size_t i = 0; i < N_ELEMS(amounts); i++) {
		struct xlsx_cell c = {.kind = XLSX_MONEY, .integer = amounts[i]};
		assert_int_equal(xlsx_writer_row(w, &c, &err), 0);
	}
	assert_int_equal(xlsx_writer_close(w, &err), 0);
	char *sheet = zip_part(path, "xl/worksheets/sheet1.xml");
	const char *p = sheet;
	for (size_t i = 0; i < N_ELEMS(amounts); i++) {
		char cell[16], exact[MONEY_TEXT_MAX];
		snprintf(cell, sizeof cell, "r=\"A%zu\"", i + 2);
		p = strstr(p, cell);
		assert_non_null(p);
		const char *v = strstr(p, "<v>");
		assert_non_null(v);
		money_format_plain(amounts[i], exact, sizeof exact);
		if (strtod(v + 3, NULL) != strtod(exact, NULL))
			fail_msg("%s stored as %.24s", exact, v + 3);
	}
	/* 9.95 as libxlsxwriter writes it: 16 digits, the same double. */
	assert_non_null(strstr(sheet, "<v>9.949999999999999</v>"));
	free(sheet);
	unlink(path);
	free(path);

	/* The round trip, for every amount up to 2,000.00 yuan and a spread of larger ones. */
	uint64_t x = 88172645463325252u;
	for (int64_t i = 0; i < 400000; i++) {
		int64_t fen = i;
		if (i >= 200000) {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			fen = (int64_t)(x % (uint64_t)(MONEY_MAX + 1));
		}
		char exact[MONEY_TEXT_MAX], written[40];
		money_format_plain(fen, exact, sizeof exact);
		double d = strtod(exact, NULL);
		snprintf(written, sizeof written, "%.16G", d);
		if (strtod(written, NULL) != d)
			fail_msg("%s written as %s reads back differently", exact, written);
	}
}

/* A machine sheet (xlsx_writer_open: a bank's file) keeps the plain layout: no title, no filter, 0.00. */
static void test_machine_sheet(void **state)
{
	static const char *const header[] = {"序号", "金额(元)"};
	char *path = temp_path();
	struct error err = ERROR_INIT;
	struct xlsx_writer *w;
	struct xlsx_sheet s = {"发放清单", "不会写出的标题", header, NULL, 2, true};

	(void)state;
	assert_int_equal(xlsx_writer_begin(&w, path, &s, &err), 0);
	struct xlsx_cell c[] = {{.kind = XLSX_INTEGER, .integer = 1}, {.kind = XLSX_MONEY, .integer = 123456}};
	assert_int_equal(xlsx_writer_row(w, c, &err), 0);
	assert_int_equal(xlsx_writer_close(w, &err), 0);
	char *sheet = zip_part(path, "xl/worksheets/sheet1.xml");
	char *styles = zip_part(path, "xl/styles.xml");
	char want[64];
	assert_null(strstr(sheet, "不会写出的标题"));
	assert_null(strstr(sheet, "mergeCell"));
	assert_null(strstr(sheet, "autoFilter"));
	assert_null(strstr(sheet, "paperSize"));
	assert_non_null(strstr(sheet, "<pane ySplit=\"1\" topLeftCell=\"A2\""));
	snprintf(want, sizeof want, "<c r=\"B2\" s=\"%d\"><v>1234.56</v></c>", xf_with_format(styles, 2));
	assert_non_null(strstr(sheet, want));
	free(sheet);
	free(styles);
	unlink(path);
	free(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_round_trip),
	    cmocka_unit_test(test_bad_rows),
	    cmocka_unit_test(test_sheet_names),
	    cmocka_unit_test(test_unwritable),
	    cmocka_unit_test(test_people_workbook),
	    cmocka_unit_test(test_money_exact),
	    cmocka_unit_test(test_machine_sheet),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
