/*
 * Unit tests for domain/division: code shapes, saving and finding,
 * division_import through an in-memory row source, and the resolver of a
 * roster's 乡镇 and 村 cells.
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

#include "base/msg.h"
#include "domain/division.h"
#include "domain/import.h"
#include "store/db.h"
#include "support.h"

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

/* A temporary database at the latest schema. */
static int setup(void **state)
{
	return t_setup(state, "test-division", true);
}

/* Rows of an in-memory row source (struct t_line): a clean one, and one with the problem a reader gave it. */
#define L(text)                                                                                                        \
	{                                                                                                              \
		(text), ROW_OK, 0                                                                                      \
	}
#define P(text, problem, field)                                                                                        \
	{                                                                                                              \
		(text), (problem), (field)                                                                             \
	}

/* Runs division_import over lines; returns its result. */
static int import_lines(struct db *db, const struct t_line *lines, size_t n, bool valid_only, long fail_at,
                        struct import_report *r, struct error *err)
{
	struct t_lines m;
	struct row_source src = t_lines_source(&m, lines, n, fail_at);
	struct import_options opt = {.valid_only = valid_only, .update_existing = true};
	int rc = division_import(db, src, &opt, r, err);
	t_lines_release(&m);
	return rc;
}

/* t_division_save of a code whose shape is a division's. */
static void save(struct db *db, const char *code, const char *name)
{
	assert_true(division_level_of(code) > 0);
	t_division_save(db, code, name);
}

/* The tree of tests/data/divisions.csv. */
static void save_tree(struct db *db)
{
	save(db, "341698000000", "测试县");
	save(db, "341698101000", "河口镇");
	save(db, "341698101001", "河口村");
	save(db, "341698101002", "柳树村");
	save(db, "341698102000", "山前乡");
	save(db, "341698102001", "河口村");
	save(db, "341698102002", "石门村");
}

/* Shapes */

static void test_level_of(void **state)
{
	static const struct {
		const char *code;
		int level;
	} rows[] = {
	    {"341698000000", DIVISION_COUNTY},
	    {"110101000000", DIVISION_COUNTY},
	    {"341698101000", DIVISION_TOWNSHIP},
	    {"341698001000", DIVISION_TOWNSHIP},
	    {"341698999000", DIVISION_TOWNSHIP},
	    {"341698101001", DIVISION_VILLAGE},
	    {"341698101999", DIVISION_VILLAGE},
	    {"341698101100", DIVISION_VILLAGE},
	    {"340000000000", 0}, /* province */
	    {"341600000000", 0}, /* city */
	    {"000000000000", 0},
	    {"", 0},
	    {"34169810100", 0},
	    {"3416981010010", 0},
	    {"34169810100a", 0},
	    {"34169810100 ", 0},
	    {" 34169810100", 0},
	    {"3416981010-1", 0},
	    {"+34169810100", 0},
	    {"３４１６９８１０１００１", 0}, /* full-width digits */
	    {"34169810100\xE3", 0},
	};

	(void)state;
	for (size_t i = 0; i < N_ELEMS(rows); i++) {
		if (division_level_of(rows[i].code) != rows[i].level)
			fail_msg("\"%s\": %d, expected %d", rows[i].code, division_level_of(rows[i].code),
			         rows[i].level);
	}
}

static void test_level_of_inconsistent_shapes(void **state)
{
	static const char *const codes[] = {
	    "341698000001", /* village digits, but township digits 000: its "parent" is the county */
	    "341600001000", /* township digits under a city code (county digits 00) */
	    "341600001001", /* a village under that */
	};

	(void)state;
	/*
	 * Was a bug: division_level_of (src/domain/division.c:30) looks only at the
	 * last group that is not zero, so 341698000001 is a "village" whose
	 * parent (division_parent_of) is the county 341698000000, and
	 * 341600001000 a "township" under the city 341600000000. division_import
	 * then accepts a village directly under a county (parent_exists finds
	 * the county), and such a person's "township" is the county. Fix: a
	 * village needs non-zero township and county digits, a township non-zero
	 * county digits (memcmp(code + 6, "000", 3) and memcmp(code + 4, "00", 2)
	 * both non-zero), else return 0.
	 */
	for (size_t i = 0; i < N_ELEMS(codes); i++)
		if (division_level_of(codes[i]) != 0)
			fail_msg("\"%s\": level %d", codes[i], division_level_of(codes[i]));
}

static void test_import_rejects_village_under_county(void **state)
{
	struct t_fixture *f = *state;
	static const struct t_line lines[] = {
	    L("code,name,level,parent_code"),
	    L("341698000000,测试县,county,"),
	    L("341698000001,县直村,village,"),
	};
	struct import_report r;
	struct error err = ERROR_INIT;

	/* A village directly under a county is refused (see test_level_of_inconsistent_shapes). */
	import_report_init(&r);
	assert_int_equal(import_lines(f->db, lines, N_ELEMS(lines), true, 0, &r, &err), 0);
	assert_int_equal(r.rejected, 1);
	assert_non_null(t_rejection(&r, 3));
	assert_int_equal(t_division_count(f->db, DIVISION_VILLAGE), 0);
	import_report_release(&r);
}

static void test_parent_of(void **state)
{
	static const struct {
		const char *code, *parent;
	} rows[] = {
	    {"341698000000", ""},
	    {"341698101000", "341698000000"},
	    {"341698101002", "341698101000"},
	    {"341698999999", "341698999000"},
	    {"340000000000", ""},
	    {"", ""},
	    {"34169810100", ""},
	    {"abcdefghijkl", ""},
	};

	(void)state;
	for (size_t i = 0; i < N_ELEMS(rows); i++) {
		char out[13];
		memset(out, 'Z', sizeof out);
		division_parent_of(rows[i].code, out);
		assert_string_equal(out, rows[i].parent);
	}
}

static void test_subtree(void **state)
{
	static const struct {
		const char *code, *lo, *hi;
	} rows[] = {
	    {"341698000000", "341698000000", "341698999999"},
	    {"341698101000", "341698101000", "341698101999"},
	    {"341698101002", "341698101002", "341698101002"},
	    /* Not a division code but 12 characters: itself only. */
	    {"340000000000", "340000000000", "340000000000"},
	    {"abcdefghijkl", "abcdefghijkl", "abcdefghijkl"},
	};

	(void)state;
	for (size_t i = 0; i < N_ELEMS(rows); i++) {
		char lo[13], hi[13];
		memset(lo, 'Z', sizeof lo);
		memset(hi, 'Z', sizeof hi);
		division_subtree(rows[i].code, lo, hi);
		assert_string_equal(lo, rows[i].lo);
		assert_string_equal(hi, rows[i].hi);
		/* The code itself and every code of its subtree lie in [lo, hi]. */
		assert_true(strcmp(lo, rows[i].code) <= 0 && strcmp(rows[i].code, hi) <= 0);
	}
	/* A township's range holds its villages and no other township's. */
	char lo[13], hi[13];
	division_subtree("341698101000", lo, hi);
	assert_true(strcmp("341698101999", hi) <= 0);
	assert_true(strcmp("341698102000", hi) > 0);
	assert_true(strcmp("341698100999", lo) < 0);
}

static void test_subtree_short_code(void **state)
{
	char lo[13], hi[13];

	(void)state;
	/*
	 * Was a bug: division_subtree copied 12 bytes of code whatever its
	 * length, reading past the end of a short code that is not a division
	 * code (person_cursor_open passes the filter's division straight in).
	 */
	division_subtree("123", lo, hi);
	assert_string_equal(lo, "123");
	assert_string_equal(hi, "123");
	division_subtree("", lo, hi);
	assert_string_equal(lo, "");
	assert_string_equal(hi, "");
}

/* Saving and finding */

static void test_save_find_count(void **state)
{
	struct t_fixture *f = *state;
	struct error err = ERROR_INIT;
	struct division d = {.code = "341698000000", .name = "测试县", .level = DIVISION_COUNTY}, got;
	bool updated = true;

	assert_int_equal(division_find(f->db, "341698000000", &got, &err), 0);
	assert_int_equal(division_the_county(f->db, &got, &err), 0);
	assert_int_equal(division_save(f->db, &d, &updated, &err), 0);
	assert_false(updated);
	assert_int_equal(division_find(f->db, "341698000000", &got, &err), 1);
	assert_string_equal(got.code, "341698000000");
	assert_string_equal(got.name, "测试县");
	assert_int_equal(got.level, DIVISION_COUNTY);
	assert_string_equal(got.parent, "");

	snprintf(d.name, sizeof d.name, "测试县（改）");
	assert_int_equal(division_save(f->db, &d, &updated, &err), 0);
	assert_true(updated);
	assert_int_equal(division_find(f->db, "341698000000", &got, &err), 1);
	assert_string_equal(got.name, "测试县（改）");
	assert_int_equal(division_save(f->db, &d, NULL, &err), 0); /* updated may be NULL */

	save(f->db, "341698101000", "河口镇");
	assert_int_equal(division_find(f->db, "341698101000", &got, &err), 1);
	assert_int_equal(got.level, DIVISION_TOWNSHIP);
	assert_string_equal(got.parent, "341698000000");

	/* A township whose county is missing: the foreign key refuses it, with a message. */
	struct division orphan = {
	    .code = "341697101000", .name = "孤镇", .level = DIVISION_TOWNSHIP, .parent = "341697000000"};
	err.msg[0] = '\0';
	assert_int_equal(division_save(f->db, &orphan, NULL, &err), -1);
	assert_true(strlen(err.msg) > 0);
	assert_int_equal(division_find(f->db, "341697101000", &got, &err), 0);

	assert_int_equal(t_division_count(f->db, DIVISION_COUNTY), 1);
	assert_int_equal(t_division_count(f->db, DIVISION_TOWNSHIP), 1);
	assert_int_equal(t_division_count(f->db, DIVISION_VILLAGE), 0);
	memset(&got, 0, sizeof got);
	assert_int_equal(division_the_county(f->db, &got, &err), 1);
	assert_string_equal(got.code, "341698000000");
	/* Two counties: no single county. */
	save(f->db, "341697000000", "邻县");
	assert_int_equal(division_the_county(f->db, &got, &err), 0);
}

/* Import */

static void test_import_any_order(void **state)
{
	struct t_fixture *f = *state;
	/* tests/data/divisions.csv: villages before their township, the county in the middle. */
	static const struct t_line lines[] = {
	    L("code,name,level,parent_code"),
	    L("341698101001,河口村,village,341698101000"),
	    L("341698000000,测试县,county,"),
	    L("341698101000,河口镇,township,341698000000"),
	    L("341698101002,柳树村,村,341698101000"),
	    L("341698102000,山前乡,乡镇,"),
	    L("341698102001,河口村,village,341698102000"),
	    L("341698102002,石门村,village,341698102000"),
	};
	struct import_report r;
	struct error err = ERROR_INIT;
	struct division d;

	import_report_init(&r);
	if (import_lines(f->db, lines, N_ELEMS(lines), false, 0, &r, &err) < 0)
		fail_msg("%s", err.msg);
	assert_int_equal(r.rejected, 0);
	assert_int_equal(r.inserted, 7);
	assert_int_equal(r.updated, 0);
	assert_true(r.committed);
	assert_string_equal(buf_cstr(&r.notes), "");
	assert_int_equal(t_division_count(f->db, DIVISION_COUNTY), 1);
	assert_int_equal(t_division_count(f->db, DIVISION_TOWNSHIP), 2);
	assert_int_equal(t_division_count(f->db, DIVISION_VILLAGE), 4);
	assert_int_equal(division_find(f->db, "341698101001", &d, &err), 1);
	assert_string_equal(d.name, "河口村");
	assert_int_equal(d.level, DIVISION_VILLAGE);
	assert_string_equal(d.parent, "341698101000");
	/* parent_code left empty: taken from the code. */
	assert_int_equal(division_find(f->db, "341698102000", &d, &err), 1);
	assert_string_equal(d.parent, "341698000000");
	import_report_release(&r);
}

static void test_import_chinese_header_and_extra_column(void **state)
{
	struct t_fixture *f = *state;
	static const struct t_line lines[] = {
	    L(" 区划代码 ,名称,级别,备注"),
	    L("341698000000,测试县,县,x"),
	    L("  341698101000 ,\xE3\x80\x80河口镇 ,镇,y"),
	    L("341698101001,河口村,行政村,"),
	};
	struct import_report r;
	struct error err = ERROR_INIT;
	struct division d;

	import_report_init(&r);
	if (import_lines(f->db, lines, N_ELEMS(lines), false, 0, &r, &err) < 0)
		fail_msg("%s", err.msg);
	assert_int_equal(r.rejected, 0);
	assert_int_equal(r.inserted, 3);
	assert_string_equal(buf_cstr(&r.notes), "已忽略不认识的列：备注\n");
	/* Cells trimmed. */
	assert_int_equal(division_find(f->db, "341698101000", &d, &err), 1);
	assert_string_equal(d.name, "河口镇");
	import_report_release(&r);
}

static void test_import_row_errors(void **state)
{
	struct t_fixture *f = *state;
	char long_name[4 * 41 + 1] = "", max_name[4 * 40 + 1] = "";
	for (int i = 0; i < 41; i++)
		strcat(long_name, "长");
	for (int i = 0; i < 40; i++)
		strcat(max_name, "长");
	char long_row[256], max_row[256];
	snprintf(long_row, sizeof long_row, "341698111000,%s,township,", long_name);
	snprintf(max_row, sizeof max_row, "341698112000,%s,township,", max_name);
	const struct t_line lines[] = {
	    L("code,name,level,parent_code"),                 /* 1 */
	    L("341698000000,测试县,county,"),                 /* 2 */
	    L("34169810100,短代码镇,township,341698000000"),  /* 3 */
	    L("341698103000,级别不符,village,341698000000"),  /* 4 */
	    L("341698104001,孤村,village,341698104000"),      /* 5 */
	    L("341698105000,错上级镇,township,341697000000"), /* 6 */
	    L("341698106000,,township,341698000000"),         /* 7 */
	    L("341698107000,重复镇,township,341698000000"),   /* 8 */
	    L("341698107000,重复镇二,township,341698000000"), /* 9 */
	    L("341698108000,好镇,township,341698000000"),     /* 10 */
	    L("341698109000,无级别镇,,"),                     /* 11 */
	    L("341698110000,城市镇,city,"),                   /* 12 */
	    L(long_row),                                      /* 13 */
	    L(max_row),                                       /* 14 */
	    L(",无代码,township,"),                           /* 15 */
	    L("340000000000,省,county,"),                     /* 16 */
	    L("341698103001,不符镇的村,village,"),            /* 17: its township was rejected */
	    L("341698108001,好村,village,341698108000"),      /* 18 */
	    L("341698106001,无名镇的村,village,"),            /* 19 */
	    L("341698107001,重复镇的村,village,"),            /* 20: the first 重复镇 is valid */
	    L("341698000000,测试县,township,"),               /* 21 */
	};
	struct import_report r;
	struct error err = ERROR_INIT;
	char want[256];

	import_report_init(&r);
	if (import_lines(f->db, lines, N_ELEMS(lines), true, 0, &r, &err) < 0)
		fail_msg("%s", err.msg);
	t_expect_rejection(&r, 3, "code", msg(MSG_DIV_CODE));
	t_expect_rejection(&r, 4, "level", "与区划代码的形式不符：这个代码是乡镇级的");
	t_expect_rejection(&r, 5, "parent_code", "上级区划341698104000不存在（文件和数据库中都没有）");
	t_expect_rejection(&r, 6, "parent_code", "与区划代码不符，应为341698000000");
	t_expect_rejection(&r, 7, "name", "不能为空");
	assert_null(t_rejection(&r, 8));
	t_expect_rejection(&r, 9, "code", "区划代码与第8行重复");
	assert_null(t_rejection(&r, 10));
	t_expect_rejection(&r, 11, "level", "不能为空");
	t_expect_rejection(&r, 12, "level", msg(MSG_DIV_LEVEL));
	snprintf(want, sizeof want, msg(MSG_TOO_LONG_CHARS), DIVISION_NAME_MAX);
	t_expect_rejection(&r, 13, "name", want);
	assert_null(t_rejection(&r, 14));
	t_expect_rejection(&r, 15, "code", "不能为空");
	t_expect_rejection(&r, 16, "code", msg(MSG_DIV_CODE));
	t_expect_rejection(&r, 17, "parent_code", "上级区划341698103000不存在（文件和数据库中都没有）");
	assert_null(t_rejection(&r, 18));
	t_expect_rejection(&r, 19, "parent_code", "上级区划341698106000不存在（文件和数据库中都没有）");
	assert_null(t_rejection(&r, 20));
	t_expect_rejection(&r, 21, "level", "与区划代码的形式不符：这个代码是县级的");
	assert_int_equal(r.rejected, 14);
	assert_int_equal(r.nerrors, 14);
	/* One rejection per row. */
	for (size_t i = 0; i < r.nerrors; i++)
		for (size_t j = i + 1; j < r.nerrors; j++)
			assert_int_not_equal(r.errors[i].row, r.errors[j].row);

	/* valid_only: the valid rows are written. */
	assert_true(r.committed);
	assert_int_equal(r.inserted, 6);
	assert_int_equal(r.updated, 0);
	assert_int_equal(t_division_count(f->db, DIVISION_COUNTY), 1);
	assert_int_equal(t_division_count(f->db, DIVISION_TOWNSHIP), 3); /* 重复镇, 好镇, 40 characters */
	assert_int_equal(t_division_count(f->db, DIVISION_VILLAGE), 2);
	struct division d;
	assert_int_equal(division_find(f->db, "341698107000", &d, &err), 1);
	assert_string_equal(d.name, "重复镇"); /* the first of the two */
	assert_int_equal(division_find(f->db, "341698112000", &d, &err), 1);
	assert_string_equal(d.name, max_name);
	assert_int_equal(division_find(f->db, "341698103001", &d, &err), 0);
	import_report_release(&r);
}

static void test_import_all_or_nothing(void **state)
{
	struct t_fixture *f = *state;
	static const struct t_line lines[] = {
	    L("code,name,level,parent_code"), L("341698000000,测试县,county,"),  L("341698101000,河口镇,township,"),
	    L("341698102000,,township,"),     L("341698101001,河口村,village,"),
	};
	struct import_report r;
	struct error err = ERROR_INIT;

	import_report_init(&r);
	assert_int_equal(import_lines(f->db, lines, N_ELEMS(lines), false, 0, &r, &err), 0);
	assert_int_equal(r.rejected, 1);
	t_expect_rejection(&r, 4, "name", "不能为空");
	assert_false(r.committed);
	assert_int_equal(r.inserted, 0);
	assert_int_equal(r.updated, 0);
	assert_int_equal(t_division_count(f->db, DIVISION_COUNTY), 0);
	assert_int_equal(t_division_count(f->db, DIVISION_TOWNSHIP), 0);
	assert_int_equal(t_division_count(f->db, DIVISION_VILLAGE), 0);
	import_report_release(&r);

	/* The same file with valid_only writes the three valid rows. */
	import_report_init(&r);
	assert_int_equal(import_lines(f->db, lines, N_ELEMS(lines), true, 0, &r, &err), 0);
	assert_int_equal(r.rejected, 1);
	assert_true(r.committed);
	assert_int_equal(r.inserted, 3);
	assert_int_equal(t_division_count(f->db, DIVISION_COUNTY), 1);
	assert_int_equal(t_division_count(f->db, DIVISION_TOWNSHIP), 1);
	assert_int_equal(t_division_count(f->db, DIVISION_VILLAGE), 1);
	import_report_release(&r);
}

static void test_import_update_and_parent_in_db(void **state)
{
	struct t_fixture *f = *state;
	static const struct t_line first[] = {
	    L("code,name,level,parent_code"),
	    L("341698000000,测试县,county,"),
	    L("341698101000,河口镇,township,"),
	};
	/* Villages whose township is only in the database; the township renamed. */
	static const struct t_line second[] = {
	    L("code,name,level,parent_code"),
	    L("341698101001,河口村,village,"),
	    L("341698101000,河口街道,township,"),
	    L("341698101002,柳树村,village,"),
	};
	struct import_report r;
	struct error err = ERROR_INIT;
	struct division d;

	import_report_init(&r);
	assert_int_equal(import_lines(f->db, first, N_ELEMS(first), false, 0, &r, &err), 0);
	assert_int_equal(r.inserted, 2);
	import_report_release(&r);

	import_report_init(&r);
	if (import_lines(f->db, second, N_ELEMS(second), false, 0, &r, &err) < 0)
		fail_msg("%s", err.msg);
	assert_int_equal(r.rejected, 0);
	assert_int_equal(r.inserted, 2);
	assert_int_equal(r.updated, 1);
	assert_true(r.committed);
	assert_int_equal(division_find(f->db, "341698101000", &d, &err), 1);
	assert_string_equal(d.name, "河口街道");
	assert_int_equal(t_division_count(f->db, DIVISION_VILLAGE), 2);
	import_report_release(&r);

	/* The same file again: everything is an update. */
	import_report_init(&r);
	assert_int_equal(import_lines(f->db, second, N_ELEMS(second), false, 0, &r, &err), 0);
	assert_int_equal(r.inserted, 0);
	assert_int_equal(r.updated, 3);
	import_report_release(&r);
}

static void test_import_header_errors(void **state)
{
	struct t_fixture *f = *state;
	static const struct t_line no_level[] = {
	    L("code,name,parent_code"),
	    L("341698000000,测试县,"),
	};
	static const struct t_line twice[] = {
	    L("code,name,level,代码"),
	    L("341698000000,测试县,county,341698000000"),
	};
	static const struct t_line nothing_required[] = {
	    L("parent_code,x"),
	};
	struct import_report r;
	struct error err = ERROR_INIT;

	import_report_init(&r);
	assert_int_equal(import_lines(f->db, NULL, 0, true, 0, &r, &err), -1);
	assert_string_equal(err.msg, msg(MSG_NO_HEADER));
	assert_int_equal(import_lines(f->db, no_level, N_ELEMS(no_level), true, 0, &r, &err), -1);
	assert_string_equal(err.msg, "缺少必需的列：level");
	assert_int_equal(import_lines(f->db, twice, N_ELEMS(twice), true, 0, &r, &err), -1);
	assert_string_equal(err.msg, "表头中“code”列出现了不止一次");
	assert_int_equal(import_lines(f->db, nothing_required, N_ELEMS(nothing_required), true, 0, &r, &err), -1);
	assert_string_equal(err.msg, "缺少必需的列：code、name、level");
	assert_int_equal(r.inserted, 0);
	assert_false(r.committed);
	assert_int_equal(t_division_count(f->db, DIVISION_COUNTY), 0);
	import_report_release(&r);
}

static void test_import_problem_and_blank_rows(void **state)
{
	struct t_fixture *f = *state;
	static const struct t_line lines[] = {
	    L("code,name,level,parent_code"),
	    L("341698000000,测试县,county,"),
	    P("341698101000,,township,", ROW_BAD_ENCODING, 1),
	    L(",,,"),
	    L(" , \xE3\x80\x80 ,,"),
	    L(NULL),
	    P("341698102000,山前乡,township,", ROW_FIELD_TOO_LONG, 3),
	    P("341698103000,x,township,", ROW_TOO_MANY_FIELDS, ROW_FIELDS_MAX),
	    L("341698104000,好镇,township,"),
	};
	struct import_report r;
	struct error err = ERROR_INIT;
	char want[256];

	import_report_init(&r);
	assert_int_equal(import_lines(f->db, lines, N_ELEMS(lines), true, 0, &r, &err), 0);
	snprintf(want, sizeof want, msg(MSG_ROW_BAD_ENCODING), "UTF-8");
	t_expect_rejection(&r, 3, "name", want);
	snprintf(want, sizeof want, msg(MSG_ROW_FIELD_TOO_LONG), ROW_FIELD_MAX);
	t_expect_rejection(&r, 7, "parent_code", want);
	snprintf(want, sizeof want, msg(MSG_ROW_TOO_MANY_FIELDS), ROW_FIELDS_MAX);
	t_expect_rejection(&r, 8, "", want);
	/* Blank rows are skipped, not rejected. */
	assert_int_equal(r.rejected, 3);
	assert_int_equal(r.inserted, 2);
	assert_int_equal(t_division_count(f->db, DIVISION_TOWNSHIP), 1);
	import_report_release(&r);
}

static void test_import_read_error(void **state)
{
	struct t_fixture *f = *state;
	static const struct t_line lines[] = {
	    L("code,name,level,parent_code"),
	    L("341698000000,测试县,county,"),
	    L("341698101000,河口镇,township,"),
	    L("341698102000,山前乡,township,"),
	};
	struct import_report r;
	struct error err = ERROR_INIT;

	import_report_init(&r);
	assert_int_equal(import_lines(f->db, lines, N_ELEMS(lines), true, 3, &r, &err), -1);
	assert_string_equal(err.msg, "read error at row 3");
	assert_false(r.committed);
	assert_int_equal(r.inserted, 0);
	assert_int_equal(t_division_count(f->db, DIVISION_COUNTY), 0);
	import_report_release(&r);
}

static void test_import_in_open_transaction_fails_cleanly(void **state)
{
	struct t_fixture *f = *state;
	static const struct t_line lines[] = {
	    L("code,name,level,parent_code"),
	    L("341698000000,测试县,county,"),
	};
	struct import_report r;
	struct error err = ERROR_INIT;

	/* A database error (here: a transaction already open) is -1 with a message, nothing counted. */
	assert_int_equal(db_begin(f->db, &err), 0);
	import_report_init(&r);
	err.msg[0] = '\0';
	assert_int_equal(import_lines(f->db, lines, N_ELEMS(lines), true, 0, &r, &err), -1);
	assert_true(strlen(err.msg) > 0);
	assert_false(r.committed);
	assert_int_equal(r.inserted, 0);
	db_rollback(f->db);
	import_report_release(&r);
}

/* Resolver */

struct resolved {
	int rc;
	char code[13];
	const char *column;
	char reason[256];
};

static struct resolved resolve(struct division_resolver *res, const char *township, const char *village)
{
	struct resolved out = {.column = NULL};
	out.rc = division_resolve(res, township, village, out.code, &out.column, out.reason, sizeof out.reason);
	return out;
}

static struct division_resolver *open_resolver(struct db *db)
{
	struct division_resolver *res;
	struct error err = ERROR_INIT;
	if (division_resolver_open(db, &res, &err) < 0)
		fail_msg("%s", err.msg);
	return res;
}

static void expect_code(struct division_resolver *res, const char *township, const char *village, const char *code)
{
	struct resolved got = resolve(res, township, village);
	if (got.rc != 0 || strcmp(got.code, code) != 0)
		fail_msg("%s/%s: rc %d %s %s", township, village, got.rc, got.code, got.rc ? got.reason : "");
}

static void expect_reject(struct division_resolver *res, const char *township, const char *village, const char *column,
                          const char *reason)
{
	struct resolved got = resolve(res, township, village);
	if (got.rc != 1)
		fail_msg("%s/%s: rc %d", township, village, got.rc);
	assert_non_null(got.column);
	assert_string_equal(got.column, column);
	assert_string_equal(got.reason, reason);
}

static void test_resolve(void **state)
{
	struct t_fixture *f = *state;
	struct division_resolver *res;

	save_tree(f->db);
	res = open_resolver(f->db);
	/* By names, by codes, and mixed. */
	expect_code(res, "河口镇", "柳树村", "341698101002");
	expect_code(res, "山前乡", "河口村", "341698102001");
	expect_code(res, "河口镇", "河口村", "341698101001");
	expect_code(res, "341698101000", "341698101002", "341698101002");
	expect_code(res, "341698102000", "石门村", "341698102002");
	expect_code(res, "山前乡", "341698102002", "341698102002");
	/* Unknown township, by name or code (a village's or the county's code is no township). */
	expect_reject(res, "不存在镇", "柳树村", "乡镇", "找不到乡镇“不存在镇”");
	expect_reject(res, "341698109000", "柳树村", "乡镇", "找不到乡镇“341698109000”");
	expect_reject(res, "341698101001", "柳树村", "乡镇", "找不到乡镇“341698101001”");
	expect_reject(res, "341698000000", "柳树村", "乡镇", "找不到乡镇“341698000000”");
	/* Unknown village. */
	expect_reject(res, "河口镇", "无名村", "村", "乡镇“河口镇”下没有“无名村”");
	expect_reject(res, "河口镇", "341698101009", "村", "乡镇“河口镇”下没有“341698101009”");
	expect_reject(res, "河口镇", "341698101000", "村", "乡镇“河口镇”下没有“341698101000”");
	/* A village of another township: by name it is not there, by code it is elsewhere. */
	expect_reject(res, "河口镇", "石门村", "村", "乡镇“河口镇”下没有“石门村”");
	expect_reject(res, "河口镇", "341698102002", "村", "“341698102002”不属于乡镇“河口镇”");
	expect_reject(res, "341698101000", "341698102001", "村", "“341698102001”不属于乡镇“341698101000”");
	division_resolver_free(res);
	division_resolver_free(NULL);
}

static void test_resolve_ambiguous(void **state)
{
	struct t_fixture *f = *state;
	struct division_resolver *res;

	save_tree(f->db);
	/* A second county with a township of the same name. */
	save(f->db, "341697000000", "邻县");
	save(f->db, "341697101000", "河口镇");
	save(f->db, "341697101001", "柳树村");
	/* And two villages of one name in one township. */
	save(f->db, "341698102003", "石门村");

	res = open_resolver(f->db);
	expect_reject(res, "河口镇", "柳树村", "乡镇", "乡镇名称“河口镇”不唯一，请改填12位区划代码");
	expect_code(res, "341698101000", "柳树村", "341698101002");
	expect_code(res, "341697101000", "柳树村", "341697101001");
	expect_reject(res, "山前乡", "石门村", "村", "乡镇“山前乡”下有不止一个“石门村”，请改填12位区划代码");
	expect_code(res, "山前乡", "341698102003", "341698102003");
	division_resolver_free(res);
}

static void test_resolve_cached(void **state)
{
	struct t_fixture *f = *state;
	struct division_resolver *res, *fresh;

	save_tree(f->db);
	res = open_resolver(f->db);
	expect_code(res, "河口镇", "柳树村", "341698101002");
	expect_reject(res, "河口镇", "杨树村", "村", "乡镇“河口镇”下没有“杨树村”");
	/* Rename the village behind the resolver's back. */
	save(f->db, "341698101002", "杨树村");
	/* The resolver answers as the tree was when it opened: the database is not asked again. */
	expect_code(res, "河口镇", "柳树村", "341698101002");
	expect_reject(res, "河口镇", "杨树村", "村", "乡镇“河口镇”下没有“杨树村”");
	/* A new resolver sees the database as it is now. */
	fresh = open_resolver(f->db);
	expect_reject(fresh, "河口镇", "柳树村", "村", "乡镇“河口镇”下没有“柳树村”");
	expect_code(fresh, "河口镇", "杨树村", "341698101002");
	/* Cells are a pair: ("ab","c") and ("a","bc") are different lookups. */
	expect_code(fresh, "山前乡", "河口村", "341698102001");
	expect_reject(fresh, "山前乡河", "口村", "乡镇", "找不到乡镇“山前乡河”");
	division_resolver_free(res);
	division_resolver_free(fresh);
}

static void test_resolve_many_distinct(void **state)
{
	struct t_fixture *f = *state;
	struct division_resolver *res;

	save_tree(f->db);
	res = open_resolver(f->db);
	/* Enough entries to grow the cache several times; each still answers right. */
	for (int i = 0; i < 300; i++) {
		char village[32], want[128];
		snprintf(village, sizeof village, "村%d", i);
		snprintf(want, sizeof want, "乡镇“河口镇”下没有“%s”", village);
		expect_reject(res, "河口镇", village, "村", want);
		expect_code(res, "河口镇", "柳树村", "341698101002");
	}
	for (int i = 0; i < 300; i += 37) {
		char village[32], want[128];
		snprintf(village, sizeof village, "村%d", i);
		snprintf(want, sizeof want, "乡镇“河口镇”下没有“%s”", village);
		expect_reject(res, "河口镇", village, "村", want);
	}
	division_resolver_free(res);
}

static void test_resolve_small_reason_buffer(void **state)
{
	struct t_fixture *f = *state;
	struct division_resolver *res;
	char code[13], reason[8];
	const char *column = NULL;

	save_tree(f->db);
	res = open_resolver(f->db);
	memset(reason, 'Z', sizeof reason);
	assert_int_equal(division_resolve(res, "不存在镇", "x", code, &column, reason, sizeof reason), 1);
	assert_string_equal(column, "乡镇");
	assert_int_equal(strlen(reason), sizeof reason - 1);
	assert_memory_equal(reason, "找不", 6);
	division_resolver_free(res);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_level_of),
	    cmocka_unit_test(test_level_of_inconsistent_shapes),
	    cmocka_unit_test_setup_teardown(test_import_rejects_village_under_county, setup, t_teardown),
	    cmocka_unit_test(test_parent_of),
	    cmocka_unit_test(test_subtree),
	    cmocka_unit_test(test_subtree_short_code),
	    cmocka_unit_test_setup_teardown(test_save_find_count, setup, t_teardown),
	    cmocka_unit_test_setup_teardown(test_import_any_order, setup, t_teardown),
	    cmocka_unit_test_setup_teardown(test_import_chinese_header_and_extra_column, setup, t_teardown),
	    cmocka_unit_test_setup_teardown(test_import_row_errors, setup, t_teardown),
	    cmocka_unit_test_setup_teardown(test_import_all_or_nothing, setup, t_teardown),
	    cmocka_unit_test_setup_teardown(test_import_update_and_parent_in_db, setup, t_teardown),
	    cmocka_unit_test_setup_teardown(test_import_header_errors, setup, t_teardown),
	    cmocka_unit_test_setup_teardown(test_import_problem_and_blank_rows, setup, t_teardown),
	    cmocka_unit_test_setup_teardown(test_import_read_error, setup, t_teardown),
	    cmocka_unit_test_setup_teardown(test_import_in_open_transaction_fails_cleanly, setup, t_teardown),
	    cmocka_unit_test_setup_teardown(test_resolve, setup, t_teardown),
	    cmocka_unit_test_setup_teardown(test_resolve_ambiguous, setup, t_teardown),
	    cmocka_unit_test_setup_teardown(test_resolve_cached, setup, t_teardown),
	    cmocka_unit_test_setup_teardown(test_resolve_many_distinct, setup, t_teardown),
	    cmocka_unit_test_setup_teardown(test_resolve_small_reason_buffer, setup, t_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
