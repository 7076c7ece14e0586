/*
 * Unit tests for io/table: a file opened by its extension (.xlsx through
 * xlsx-read, anything else as CSV) and read as a row source.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/date.h"
#include "base/row.h"
#include "io/table.h"
#include "io/xlsx-write.h"
#include "support.h"

struct fixture {
	char dir[64];
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	assert_non_null(f);
	t_tmpdir(f->dir, sizeof f->dir, "test-table");
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	rmdir(f->dir);
	free(f);
	return 0;
}

static void write_file(const char *path, const void *data, size_t n)
{
	FILE *fp = fopen(path, "wb");
	assert_non_null(fp);
	assert_int_equal(fwrite(data, 1, n, fp), n);
	assert_int_equal(fclose(fp), 0);
}

static const char *const HEADER[] = {"姓名", "身份证号", "村"};
static const char *const ROW2[] = {"张三", "341699199001011234", "王庄村"};
static const char *const ROW3[] = {"李四", "=1+1", ""};

/* Reads every row of t through its row source and checks them against the three rows above. */
static void expect_rows(struct table *t)
{
	struct row_source src = table_source(t);
	struct error err = ERROR_INIT;
	struct row *row;
	const char *const *want[] = {HEADER, ROW2, ROW3};

	assert_non_null(src.next);
	assert_ptr_equal(src.ctx, t);
	assert_string_equal(src.encoding, table_kind(t));
	for (int i = 0; i < 3; i++) {
		assert_int_equal(src.next(src.ctx, &row, &err), 1);
		assert_int_equal(row->number, i + 1);
		assert_int_equal(row->problem, ROW_OK);
		/* An .xlsx row ends at its last cell; a CSV row has every field. */
		assert_true(row->count == 3 || (row->count == 2 && want[i][2][0] == '\0'));
		for (size_t k = 0; k < 3; k++)
			assert_string_equal(row_get(row, k), want[i][k]);
	}
	assert_int_equal(src.next(src.ctx, &row, &err), 0);
}

static void test_csv_utf8(void **state)
{
	struct fixture *f = *state;
	char path[128];
	struct table *t = NULL;
	struct error err = ERROR_INIT;
	static const char data[] = "姓名,身份证号,村\r\n张三,341699199001011234,王庄村\r\n李四,=1+1,\r\n";

	snprintf(path, sizeof path, "%s/roster.csv", f->dir);
	write_file(path, data, sizeof data - 1);
	if (table_open(&t, path, &err) < 0)
		fail_msg("%s", err.msg);
	assert_non_null(t);
	assert_string_equal(table_kind(t), "UTF-8");
	expect_rows(t);
	table_close(t);
	unlink(path);
}

static void test_csv_gb18030(void **state)
{
	struct fixture *f = *state;
	char path[128];
	struct table *t;
	struct error err = ERROR_INIT;
	struct row *row;
	/* 姓名,村 / 张三,王庄村 in GB18030. */
	static const char data[] = "\xD0\xD5\xC3\xFB,\xB4\xE5\r\n\xD5\xC5\xC8\xFD,\xCD\xF5\xD7\xAF\xB4\xE5\r\n";

	snprintf(path, sizeof path, "%s/gbk.csv", f->dir);
	write_file(path, data, sizeof data - 1);
	assert_int_equal(table_open(&t, path, &err), 0);
	assert_string_equal(table_kind(t), "GB18030");
	struct row_source src = table_source(t);
	assert_string_equal(src.encoding, "GB18030");
	assert_int_equal(src.next(src.ctx, &row, &err), 1);
	assert_string_equal(row_get(row, 0), "姓名");
	assert_string_equal(row_get(row, 1), "村");
	assert_int_equal(src.next(src.ctx, &row, &err), 1);
	assert_string_equal(row_get(row, 0), "张三");
	assert_string_equal(row_get(row, 1), "王庄村");
	assert_int_equal(src.next(src.ctx, &row, &err), 0);
	table_close(t);
	unlink(path);
}

static void write_xlsx(const char *path)
{
	struct xlsx_writer *w;
	struct error err = ERROR_INIT;
	struct xlsx_cell r2[3], r3[3];

	for (int i = 0; i < 3; i++) {
		r2[i] = (struct xlsx_cell){.kind = XLSX_TEXT, .text = ROW2[i]};
		r3[i] = (struct xlsx_cell){.kind = ROW3[i][0] ? XLSX_TEXT : XLSX_EMPTY, .text = ROW3[i]};
	}
	if (xlsx_writer_open(&w, path, "花名册", HEADER, NULL, 3, &err) < 0)
		fail_msg("%s", err.msg);
	if (xlsx_writer_row(w, r2, &err) < 0 || xlsx_writer_row(w, r3, &err) < 0)
		fail_msg("%s", err.msg);
	if (xlsx_writer_close(w, &err) < 0)
		fail_msg("%s", err.msg);
}

static void test_xlsx(void **state)
{
	struct fixture *f = *state;
	static const char *const names[] = {"roster.xlsx", "ROSTER.XLSX", "a.b.Xlsx"};

	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		char path[128];
		struct table *t = NULL;
		struct error err = ERROR_INIT;
		snprintf(path, sizeof path, "%s/%s", f->dir, names[i]);
		write_xlsx(path);
		if (table_open(&t, path, &err) < 0)
			fail_msg("%s: %s", names[i], err.msg);
		assert_string_equal(table_kind(t), "xlsx");
		expect_rows(t);
		table_close(t);
		unlink(path);
	}
}

static void test_kind_by_extension_not_content(void **state)
{
	struct fixture *f = *state;
	char xlsx[128], txt[128], csv_named_xlsx[128];
	struct table *t = NULL;
	struct error err = ERROR_INIT;
	static const char data[] = "姓名,身份证号,村\n张三,341699199001011234,王庄村\n李四,=1+1,\n";

	/* An .xlsx written, then renamed .txt: read as CSV (and is not a sensible CSV, but opens). */
	snprintf(xlsx, sizeof xlsx, "%s/real.xlsx", f->dir);
	snprintf(txt, sizeof txt, "%s/real.txt", f->dir);
	write_xlsx(xlsx);
	assert_int_equal(rename(xlsx, txt), 0);
	if (table_open(&t, txt, &err) == 0) {
		assert_string_not_equal(table_kind(t), "xlsx");
		table_close(t);
	} else {
		assert_true(strlen(err.msg) > 0);
	}
	unlink(txt);

	/* A CSV named .xlsx: opened as xlsx, which fails with a message. */
	snprintf(csv_named_xlsx, sizeof csv_named_xlsx, "%s/fake.xlsx", f->dir);
	write_file(csv_named_xlsx, data, sizeof data - 1);
	t = (struct table *)&err;
	err.msg[0] = '\0';
	assert_int_equal(table_open(&t, csv_named_xlsx, &err), -1);
	assert_null(t);
	assert_true(strlen(err.msg) > 0);
	unlink(csv_named_xlsx);

	/* Another extension, or none: CSV. */
	snprintf(txt, sizeof txt, "%s/roster", f->dir);
	write_file(txt, data, sizeof data - 1);
	assert_int_equal(table_open(&t, txt, &err), 0);
	assert_string_equal(table_kind(t), "UTF-8");
	expect_rows(t);
	table_close(t);
	unlink(txt);
	/* A name ending in "xlsx" without the dot: CSV. */
	snprintf(txt, sizeof txt, "%s/xlsx", f->dir);
	write_file(txt, data, sizeof data - 1);
	assert_int_equal(table_open(&t, txt, &err), 0);
	assert_string_equal(table_kind(t), "UTF-8");
	table_close(t);
	unlink(txt);
}

static void test_missing_file(void **state)
{
	struct fixture *f = *state;
	static const char *const names[] = {"missing.csv", "missing.xlsx", "missing"};

	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		char path[128];
		struct error err = ERROR_INIT;
		struct table *t = (struct table *)&err;
		snprintf(path, sizeof path, "%s/%s", f->dir, names[i]);
		assert_int_equal(table_open(&t, path, &err), -1);
		assert_null(t);
		if (strlen(err.msg) == 0)
			fail_msg("%s: no message", names[i]);
	}
	table_close(NULL); /* harmless */
}

static void test_empty_file(void **state)
{
	struct fixture *f = *state;
	char path[128];
	struct table *t;
	struct error err = ERROR_INIT;
	struct row *row;

	snprintf(path, sizeof path, "%s/empty.csv", f->dir);
	write_file(path, "", 0);
	assert_int_equal(table_open(&t, path, &err), 0);
	struct row_source src = table_source(t);
	assert_int_equal(src.next(src.ctx, &row, &err), 0);
	table_close(t);
	unlink(path);
}

/* Rows above the header with at most one filled cell (a title, 单位：元, a blank line) are skipped. */
static void test_title_rows_skipped(void **state)
{
	struct fixture *f = *state;
	char path[128];
	struct table *t;
	struct error err = ERROR_INIT;
	struct row *row;
	static const char titled[] = "某某镇残疾人花名册,,\r\n,,单位：人\r\n,,\r\n姓名,身份证号,村\r\n张三,341699199001011234,王庄村\r\n";
	/* Four title-like rows: only three are skipped, the fourth comes out as it is. */
	static const char many[] = "一\r\n二\r\n三\r\n四\r\n姓名,村\r\n";
	/* The first row a header of two: nothing is skipped, also not a later row of one cell. */
	static const char plain[] = "姓名,村\r\n张三,\r\n";

	snprintf(path, sizeof path, "%s/titled.csv", f->dir);
	write_file(path, titled, sizeof titled - 1);
	assert_int_equal(table_open(&t, path, &err), 0);
	struct row_source src = table_source(t);
	assert_int_equal(src.next(src.ctx, &row, &err), 1);
	assert_int_equal(row->number, 4);
	assert_string_equal(row_get(row, 0), "姓名");
	assert_int_equal(src.next(src.ctx, &row, &err), 1);
	assert_int_equal(row->number, 5);
	assert_string_equal(row_get(row, 2), "王庄村");
	assert_int_equal(src.next(src.ctx, &row, &err), 0);
	table_close(t);

	write_file(path, many, sizeof many - 1);
	assert_int_equal(table_open(&t, path, &err), 0);
	src = table_source(t);
	assert_int_equal(src.next(src.ctx, &row, &err), 1);
	assert_int_equal(row->number, 4);
	assert_string_equal(row_get(row, 0), "四");
	table_close(t);

	write_file(path, plain, sizeof plain - 1);
	assert_int_equal(table_open(&t, path, &err), 0);
	src = table_source(t);
	assert_int_equal(src.next(src.ctx, &row, &err), 1);
	assert_int_equal(row->number, 1);
	assert_int_equal(src.next(src.ctx, &row, &err), 1);
	assert_int_equal(row->number, 2);
	assert_string_equal(row_get(row, 0), "张三");
	table_close(t);
	unlink(path);
}

static const struct table_column TYPED[] = {
    {"姓名", XLSX_TEXT, 0}, {"身份证号", XLSX_TEXT, 0}, {"发放日期", XLSX_DATE, 0},
    {"金额（元）", XLSX_MONEY, 0}, {"人数", XLSX_INTEGER, 0},
};
static const char *const TYPED_ROW[] = {"张三", "341699199001011234", "2024-03-15", "1,234.56", "3"};
static const char *const ODD_ROW[] = {"李四", "=1+1", "不详", "", "三"};

static void write_typed(const char *path)
{
	struct table_writer *w;
	struct error err = ERROR_INIT;
	struct table_sheet s = {"发放名单", "2024年度发放名单（导出时间：2024-03-20 09:00）", TYPED, 5, false};
	if (table_writer_begin(&w, path, &s, &err) < 0 || table_writer_row(w, TYPED_ROW, &err) < 0 ||
	    table_writer_row(w, ODD_ROW, &err) < 0 || table_writer_close(w, &err) < 0)
		fail_msg("%s", err.msg);
}

/* Typed columns and a title shape .xlsx only: the title is skipped when read, the cells are numbers and dates. */
static void test_writer_typed_xlsx(void **state)
{
	struct fixture *f = *state;
	char path[128];
	struct table *t;
	struct error err = ERROR_INIT;
	struct row *row;

	snprintf(path, sizeof path, "%s/typed.xlsx", f->dir);
	write_typed(path);
	assert_int_equal(table_open(&t, path, &err), 0);
	struct row_source src = table_source(t);
	assert_int_equal(src.next(src.ctx, &row, &err), 1);
	assert_int_equal(row->number, 2); /* the header, below the title */
	for (size_t i = 0; i < 5; i++)
		assert_string_equal(row_get(row, i), TYPED[i].name);
	assert_int_equal(src.next(src.ctx, &row, &err), 1);
	assert_int_equal(row->number, 3);
	assert_string_equal(row_get(row, 1), "341699199001011234"); /* text keeps every digit */
	assert_string_equal(row_get(row, 2), "45366");		    /* a date: Excel's day number */
	assert_string_equal(row_get(row, 3), "1234.56");	    /* a number */
	assert_string_equal(row_get(row, 4), "3");
	/* What does not read as its kind stays text. */
	assert_int_equal(src.next(src.ctx, &row, &err), 1);
	for (size_t i = 0; i < 5; i++)
		assert_string_equal(row_get(row, i), ODD_ROW[i]);
	assert_int_equal(src.next(src.ctx, &row, &err), 0);
	table_close(t);
	unlink(path);
}

/* The same table as CSV: the header first, no title, every cell as given; one table only. */
static void test_writer_csv_unchanged(void **state)
{
	struct fixture *f = *state;
	char path[128], text[512] = "";
	struct table_writer *w;
	struct error err = ERROR_INIT;

	snprintf(path, sizeof path, "%s/typed.csv", f->dir);
	write_typed(path);
	FILE *fp = fopen(path, "rb");
	assert_non_null(fp);
	size_t n = fread(text, 1, sizeof text - 1, fp);
	fclose(fp);
	text[n] = '\0';
	assert_string_equal(text, "\xEF\xBB\xBF姓名,身份证号,发放日期,金额（元）,人数\r\n"
				  "张三,341699199001011234,2024-03-15,\"1,234.56\",3\r\n"
				  "李四,'=1+1,不详,,三\r\n");
	struct table_sheet s = {"第一张", "标题", TYPED, 5, false};
	struct table_sheet s2 = {"第二张", NULL, TYPED, 5, false};
	assert_int_equal(table_writer_begin(&w, path, &s, &err), 0);
	assert_int_equal(table_writer_sheet(w, &s2, &err), -1);
	assert_non_null(strstr(err.msg, "CSV"));
	assert_int_equal(table_writer_close(w, &err), 0);
	unlink(path);
}

static void test_title_text(void **state)
{
	char title[128];
	struct date d = {2025, 3, 1};
	(void)state;
	date_set_today(&d);
	table_title(title, sizeof title, "残疾人花名册");
	assert_int_equal(strncmp(title, "残疾人花名册（导出时间：2025-03-01 ", strlen("残疾人花名册（导出时间：2025-03-01 ")), 0);
	assert_non_null(strstr(title, "）"));
	date_set_today(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_csv_utf8, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_csv_gb18030, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_xlsx, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_kind_by_extension_not_content, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_missing_file, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_empty_file, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_title_rows_skipped, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_writer_typed_xlsx, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_writer_csv_unchanged, setup, teardown),
	    cmocka_unit_test(test_title_text),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
