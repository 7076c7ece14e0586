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

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_csv_utf8, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_csv_gb18030, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_xlsx, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_kind_by_extension_not_content, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_missing_file, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_empty_file, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
