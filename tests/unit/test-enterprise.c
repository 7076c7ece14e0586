/*
 * Unit tests for domain/enterprise, the register of employers: a new
 * employer checked field by field (every reason at once, the credit code's
 * rule named), the code upper-cased and unique, the division a township or
 * village of the county within the writer's scope, the figures of a year
 * (disabled never above employees), changes with the rev that refuses a
 * lost update, reads within scope, the change log's fields (the phone
 * masked), and the schema's own guards.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/utf8.h"
#include "domain/enterprise.h"
#include "support.h"

#define TOWNSHIP1 "341699001000"
#define VILLAGE1 "341699001001"
#define TOWNSHIP2 "341699002000"
#define CODE1 "91341699MA2TQ7K817"
#define CODE2 "92341699MA2N0AB1XP"

static struct registry_scope county, township1, township2;

static int setup(void **state)
{
	t_setup(state, "test-enterprise", true);
	struct t_fixture *f = *state;
	t_county_save(f->db);
	struct user u = t_user(ROLE_COUNTY_STAFF, "", "office");
	registry_scope_of(&u, &county);
	u = t_user(ROLE_TOWNSHIP, TOWNSHIP1, "qinghe");
	registry_scope_of(&u, &township1);
	u = t_user(ROLE_TOWNSHIP, TOWNSHIP2, "wangchuan");
	registry_scope_of(&u, &township2);
	return 0;
}

static struct enterprise_input valid_input(void)
{
	struct enterprise_input in = {
	    .credit_code = "91341699ma2tq7k817", /* lower case: stored upper-case */
	    .name = "  示范县青禾纺织有限公司 ",
	    .address = "青禾镇工业园1号",
	    .division = VILLAGE1,
	    .contact = "李会计",
	    .phone = "0551-62345678",
	    .year = "2024",
	    .employees = "200",
	    .disabled = "1",
	};
	return in;
}

static int64_t create(struct db *db, const struct enterprise_input *in)
{
	struct enterprise e;
	struct enterprise_problems pr;
	struct error err = ERROR_INIT;
	enum enterprise_result r = enterprise_create(db, &county, in, "office", &e, &pr, &err);
	if (r != ENTERPRISE_SAVED)
		fail_msg("create: %d %s %s %s", r, err.msg, pr.n ? pr.items[0].field : "", pr.n ? pr.items[0].reason : "");
	return e.id;
}

static void test_create(void **state)
{
	struct t_fixture *f = *state;
	struct enterprise_input in = valid_input();
	struct enterprise e;
	struct enterprise_problems pr;
	struct error err = ERROR_INIT;
	assert_int_equal(enterprise_create(f->db, &county, &in, "office", &e, &pr, &err), ENTERPRISE_SAVED);
	assert_true(e.id > 0);
	assert_string_equal(e.credit_code, CODE1);
	assert_string_equal(e.name, "示范县青禾纺织有限公司");
	assert_string_equal(e.division, VILLAGE1);
	assert_string_equal(e.division_name, "王庄村");
	assert_string_equal(e.township, TOWNSHIP1);
	assert_string_equal(e.township_name, "青禾镇");
	assert_string_equal(e.phone, "0551-62345678");
	assert_int_equal(e.rev, 1);
	assert_string_equal(e.created_by, "office");
	assert_int_equal(e.year, 2024);
	assert_true(e.has_staff);
	assert_int_equal(e.employees, 200);
	assert_int_equal(e.disabled, 1);
	assert_int_equal(t_query_int(f->db, "SELECT count(*) FROM levy_staff"), 1);

	/* Read back: within scope, and not from another township's. */
	struct enterprise got;
	assert_int_equal(enterprise_get(f->db, &township1, e.id, 2024, &got, &err), 1);
	assert_int_equal(got.employees, 200);
	assert_int_equal(enterprise_get(f->db, &township1, e.id, 2023, &got, &err), 1);
	assert_false(got.has_staff);
	assert_int_equal(enterprise_get(f->db, &township2, e.id, 2024, &got, &err), 0);
	assert_int_equal(enterprise_get(f->db, &county, e.id + 1000, 2024, &got, &err), 0);
	int64_t id;
	assert_int_equal(enterprise_find_code(f->db, "91341699ma2tq7k817", &id, &err), 1);
	assert_int_equal(id, e.id);
	assert_int_equal(enterprise_find_code(f->db, CODE2, &id, &err), 0);

	/* The same code again, in any case, is refused by name. */
	in.name = "另一家";
	in.credit_code = CODE1;
	assert_int_equal(enterprise_create(f->db, &county, &in, "office", &e, &pr, &err), ENTERPRISE_REFUSED);
	assert_string_equal(enterprise_reason(&pr, "credit_code"),
			    "该统一社会信用代码已登记（示范县青禾纺织有限公司），请查找原单位修改，不要重复登记");
	assert_int_equal(t_query_int(f->db, "SELECT count(*) FROM levy_enterprise"), 1);
}

/* Every field checked, each reason kept, nothing written. */
static void test_create_refused(void **state)
{
	struct t_fixture *f = *state;
	struct enterprise_input in = {
	    .credit_code = "91341699MA2TQ7K818",
	    .name = "",
	    .address = "",
	    .division = "341699000000", /* the county itself */
	    .contact = "张\t三",
	    .phone = "电话",
	    .year = "2024",
	    .employees = "10",
	    .disabled = "11",
	};
	struct enterprise e;
	struct enterprise_problems pr;
	struct error err = ERROR_INIT;
	assert_int_equal(enterprise_create(f->db, &county, &in, "office", &e, &pr, &err), ENTERPRISE_REFUSED);
	assert_string_equal(enterprise_reason(&pr, "credit_code"), "校验码错误：按前17位计算，第18位应为7（现在是8）");
	assert_string_equal(enterprise_reason(&pr, "name"), "不能为空");
	assert_string_equal(enterprise_reason(&pr, "division"), "应为本县的乡镇或村（社区）");
	assert_string_equal(enterprise_reason(&pr, "contact"), "含有不可见的控制字符");
	assert_string_equal(enterprise_reason(&pr, "phone"),
			    "应为手机号码或固定电话（可带区号和“-”），如 13800001234 或 0551-62345678");
	assert_string_equal(enterprise_reason(&pr, "disabled_employees"), "不能多于在职职工人数（10人）");
	assert_string_equal(enterprise_reason(&pr, "address"), "");
	assert_int_equal(pr.n, 6);
	char text[600];
	enterprise_problems_text(&pr, text, sizeof text);
	assert_string_equal(text, "统一社会信用代码：校验码错误：按前17位计算，第18位应为7（现在是8）");
	assert_int_equal(t_query_int(f->db, "SELECT count(*) FROM levy_enterprise"), 0);

	/* Missing: the required fields, employees when a year is given; figures without a year. */
	struct enterprise_input empty = {.year = "2024", .employees = ""};
	assert_int_equal(enterprise_create(f->db, &county, &empty, "office", &e, &pr, &err), ENTERPRISE_REFUSED);
	assert_string_equal(enterprise_reason(&pr, "credit_code"), "不能为空");
	assert_string_equal(enterprise_reason(&pr, "name"), "不能为空");
	assert_string_equal(enterprise_reason(&pr, "division"), "不能为空");
	assert_string_equal(enterprise_reason(&pr, "employees"), "不能为空");
	struct enterprise_input no_year = valid_input();
	no_year.year = "";
	assert_int_equal(enterprise_create(f->db, &county, &no_year, "office", &e, &pr, &err), ENTERPRISE_REFUSED);
	assert_string_equal(enterprise_reason(&pr, "year"), "填写职工人数时须同时指明所属年度");
	no_year.year = "1999";
	assert_int_equal(enterprise_create(f->db, &county, &no_year, "office", &e, &pr, &err), ENTERPRISE_REFUSED);
	assert_string_equal(enterprise_reason(&pr, "year"), "应为2000到2100之间的四位年份");

	/* Numbers: whole, not negative, bounded. */
	struct enterprise_input bad = valid_input();
	bad.employees = "-3";
	bad.disabled = "1.5";
	assert_int_equal(enterprise_create(f->db, &county, &bad, "office", &e, &pr, &err), ENTERPRISE_REFUSED);
	assert_string_equal(enterprise_reason(&pr, "employees"), "应为0到1000000之间的整数");
	assert_string_equal(enterprise_reason(&pr, "disabled_employees"), "应为0到1000000之间的整数");
	bad = valid_input();
	bad.employees = "1000001";
	assert_int_equal(enterprise_create(f->db, &county, &bad, "office", &e, &pr, &err), ENTERPRISE_REFUSED);
	assert_string_equal(enterprise_reason(&pr, "employees"), "应为0到1000000之间的整数");

	/* Long texts: counted in characters. */
	char name[4 * 101 + 1] = "";
	for (int i = 0; i < 101; i++)
		strcat(name, "厂");
	bad = valid_input();
	bad.name = name;
	assert_int_equal(enterprise_create(f->db, &county, &bad, "office", &e, &pr, &err), ENTERPRISE_REFUSED);
	assert_string_equal(enterprise_reason(&pr, "name"), "过长（最多100个字）");
	name[300] = '\0'; /* 100 characters of 3 bytes each fit */
	bad.name = name;
	assert_int_equal(enterprise_create(f->db, &county, &bad, "office", &e, &pr, &err), ENTERPRISE_SAVED);
	assert_int_equal(utf8_length(e.name), 100);

	/* Unknown divisions and phones. */
	bad = valid_input();
	bad.credit_code = CODE2;
	bad.division = "341699009000"; /* shaped like a township, not in the county */
	bad.phone = "12-";
	assert_int_equal(enterprise_create(f->db, &county, &bad, "office", &e, &pr, &err), ENTERPRISE_REFUSED);
	assert_string_equal(enterprise_reason(&pr, "division"), "应为本县的乡镇或村（社区）");
	assert_non_null(strstr(enterprise_reason(&pr, "phone"), "应为手机号码或固定电话"));
	bad.division = "abc";
	bad.phone = "138 0000 1234";
	assert_int_equal(enterprise_create(f->db, &county, &bad, "office", &e, &pr, &err), ENTERPRISE_REFUSED);
	assert_string_equal(enterprise_reason(&pr, "phone"), "");
}

/* A writer bound to one township registers only there. */
static void test_scope(void **state)
{
	struct t_fixture *f = *state;
	struct enterprise_input in = valid_input();
	in.division = TOWNSHIP2;
	struct enterprise e;
	struct enterprise_problems pr;
	struct error err = ERROR_INIT;
	assert_int_equal(enterprise_create(f->db, &township1, &in, "qinghe", &e, &pr, &err), ENTERPRISE_REFUSED);
	assert_string_equal(enterprise_reason(&pr, "division"), "不在您的管辖范围内，只能登记本辖区的用人单位");
	in.division = TOWNSHIP1; /* a township itself is a place an employer may be */
	assert_int_equal(enterprise_create(f->db, &township1, &in, "qinghe", &e, &pr, &err), ENTERPRISE_SAVED);
	assert_string_equal(e.township, TOWNSHIP1);
	assert_string_equal(e.division_name, "青禾镇");

	/* Changes outside the writer's scope: not found. */
	struct enterprise before, after;
	struct enterprise_input change = {.name = "改名"};
	assert_int_equal(enterprise_update(f->db, &township2, e.id, &change, "wangchuan", &before, &after, &pr, &err),
			 ENTERPRISE_NOT_FOUND);
	/* Moving it out of one's scope is refused. */
	struct enterprise_input move = {.division = TOWNSHIP2};
	assert_int_equal(enterprise_update(f->db, &township1, e.id, &move, "qinghe", &before, &after, &pr, &err),
			 ENTERPRISE_REFUSED);
	/* An empty scope sees nothing. */
	struct registry_scope none;
	memset(&none, 0, sizeof none);
	assert_int_equal(enterprise_get(f->db, &none, e.id, 0, &after, &err), 0);
}

static void test_update(void **state)
{
	struct t_fixture *f = *state;
	struct enterprise_input in = valid_input();
	int64_t id = create(f->db, &in);
	int64_t other = create(f->db, &(struct enterprise_input){.credit_code = CODE2, .name = "望川合作社", .division = TOWNSHIP2});

	struct enterprise before, after;
	struct enterprise_problems pr;
	struct error err = ERROR_INIT;
	/* Keys left out keep their values; the year's figures change. */
	struct enterprise_input change = {.name = "示范县青禾纺织股份有限公司", .phone = "13800001234", .year = "2024",
					  .employees = "210", .rev = "1"};
	assert_int_equal(enterprise_update(f->db, &county, id, &change, "chief", &before, &after, &pr, &err),
			 ENTERPRISE_SAVED);
	assert_string_equal(before.name, "示范县青禾纺织有限公司");
	assert_string_equal(after.name, "示范县青禾纺织股份有限公司");
	assert_string_equal(after.address, "青禾镇工业园1号");
	assert_int_equal(after.employees, 210);
	assert_int_equal(after.disabled, 1); /* left out: kept */
	assert_int_equal(after.rev, 2);
	assert_string_equal(after.updated_by, "chief");
	char *changes = enterprise_changes(&before, &after);
	assert_string_equal(changes, "{\"单位名称\":[\"示范县青禾纺织有限公司\",\"示范县青禾纺织股份有限公司\"],"
				     "\"联系电话\":[\"055******5678\",\"138****1234\"],\"2024年在职职工人数\":[200,210]}");
	free(changes);

	/* A change from the old form (rev 1) is refused; nothing written. */
	struct enterprise_input stale = {.name = "旧表单", .rev = "1"};
	assert_int_equal(enterprise_update(f->db, &county, id, &stale, "office", &before, &after, &pr, &err),
			 ENTERPRISE_STALE);
	assert_int_equal(t_query_int(f->db, "SELECT count(*) FROM levy_enterprise WHERE name = '旧表单'"), 0);

	/* Nothing changed: saved without a write. */
	struct enterprise_input same = {.name = "示范县青禾纺织股份有限公司", .rev = "2"};
	assert_int_equal(enterprise_update(f->db, &county, id, &same, "office", &before, &after, &pr, &err),
			 ENTERPRISE_SAVED);
	assert_int_equal(after.rev, 2);
	assert_false(enterprise_differs(&before, &after));

	/* Another year's figures: new ones need employees; disabled left empty is 0. */
	struct enterprise_input y2025 = {.year = "2025", .employees = "", .disabled = ""};
	assert_int_equal(enterprise_update(f->db, &county, id, &y2025, "office", &before, &after, &pr, &err),
			 ENTERPRISE_REFUSED);
	assert_string_equal(enterprise_reason(&pr, "employees"), "不能为空");
	y2025.employees = "230";
	assert_int_equal(enterprise_update(f->db, &county, id, &y2025, "office", &before, &after, &pr, &err),
			 ENTERPRISE_SAVED);
	assert_false(before.has_staff);
	assert_int_equal(after.employees, 230);
	assert_int_equal(after.disabled, 0);
	assert_int_equal(after.rev, 3);
	changes = enterprise_changes(&before, &after);
	assert_string_equal(changes, "{\"2025年在职职工人数\":[null,230],\"2025年安排残疾人数\":[null,0]}");
	free(changes);
	assert_int_equal(t_query_int(f->db, "SELECT count(*) FROM levy_staff"), 2);
	assert_int_equal(t_query_int(f->db, "SELECT employees FROM levy_staff WHERE year = 2024"), 210);

	/* Taking another employer's code is refused; so is a bad code. */
	struct enterprise_input steal = {.credit_code = CODE2};
	assert_int_equal(enterprise_update(f->db, &county, id, &steal, "office", &before, &after, &pr, &err),
			 ENTERPRISE_REFUSED);
	assert_string_equal(enterprise_reason(&pr, "credit_code"),
			    "该统一社会信用代码已登记（望川合作社），请查找原单位修改，不要重复登记");
	/* Its own code is no conflict. */
	struct enterprise_input own = {.credit_code = "91341699MA2TQ7K817", .name = "示范县青禾纺织股份有限公司"};
	assert_int_equal(enterprise_update(f->db, &county, id, &own, "office", &before, &after, &pr, &err),
			 ENTERPRISE_SAVED);
	/* The move to another township */
	struct enterprise_input move = {.division = TOWNSHIP2};
	assert_int_equal(enterprise_update(f->db, &county, other, &move, "office", &before, &after, &pr, &err),
			 ENTERPRISE_SAVED);
	move.division = VILLAGE1;
	assert_int_equal(enterprise_update(f->db, &county, other, &move, "office", &before, &after, &pr, &err),
			 ENTERPRISE_SAVED);
	changes = enterprise_changes(&before, &after);
	assert_string_equal(changes, "{\"所在乡镇（村）\":[\"望川镇\",\"青禾镇 王庄村\"]}");
	free(changes);
	assert_int_equal(enterprise_update(f->db, &county, 999999, &move, "office", &before, &after, &pr, &err),
			 ENTERPRISE_NOT_FOUND);
}

/* The schema refuses what the code would never write. */
static void test_schema(void **state)
{
	struct t_fixture *f = *state;
	struct enterprise_input in = valid_input();
	int64_t id = create(f->db, &in);
	struct error err = ERROR_INIT;
	struct db_stmt *st;
	static const char *const bad[] = {
	    "INSERT INTO levy_enterprise (credit_code, name, division_code, created_at, created_by, updated_at, updated_by)"
	    " VALUES ('91341699MA2TQ7K817', 'x', '341699001001', 'a', 'b', 'c', 'd')",
	    "INSERT INTO levy_enterprise (credit_code, name, division_code, created_at, created_by, updated_at, updated_by)"
	    " VALUES ('9134', 'x', '341699001001', 'a', 'b', 'c', 'd')",
	    "INSERT INTO levy_enterprise (credit_code, name, division_code, created_at, created_by, updated_at, updated_by)"
	    " VALUES ('92341699MA2N0AB1XP', 'x', '341699009999', 'a', 'b', 'c', 'd')",
	    "UPDATE levy_staff SET disabled = employees + 1",
	    "UPDATE levy_staff SET employees = -1",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_equal(db_prepare(f->db, bad[i], &st, &err), 0);
		int rc = db_step(st, &err);
		db_done(st);
		if (rc != DB_ERROR && rc != DB_CONFLICT)
			fail_msg("accepted: %s", bad[i]);
	}
	assert_int_equal(t_query_int(f->db, "SELECT count(*) FROM levy_enterprise"), 1);
	char q[128];
	snprintf(q, sizeof q, "SELECT township_code FROM levy_enterprise WHERE id = %lld", (long long)id);
	char township[16];
	assert_string_equal(t_query_text(f->db, q, township, sizeof township), TOWNSHIP1);
}

static const struct t_line IMPORT[] = {
    {"统一社会信用代码,单位名称,乡镇,村（社区）,年度,在职职工人数,安排残疾人数,联系电话", 0, 0},
    {"91341699ma2tq7k817,青禾纺织,青禾镇,王庄村,2024,500,0,0551-62345678", 0, 0},
    {"52341699MA2W1BCD78,青禾民办学校,青禾镇,,2024,100,1,", 0, 0},
    {"91341699MA2TQ7K817,重复,青禾镇,王庄村,2024,1,0,", 0, 0},
    {"93341699MA8P5RF03X,坏代码,望川镇,王庄村,2024,10,0,", 0, 0},
    {"93341699MA8P5RF03L,望川合作社,不存在镇,,2024,10,0,", 0, 0},
    {"Y1341699MA2Q9UPX02,协会,望川镇,,,10,11,", 0, 0},
    {",,,,,,,", 0, 0},
    {"92341699MA2N0AB1XP,个体户,341699002000,341699001001,2024,3,0,", 0, 0},
};

static void import(struct db *db, const struct t_line *lines, size_t n, bool valid_only, bool update,
		   struct import_report *r)
{
	struct t_lines m;
	struct import_options o = {.valid_only = valid_only, .update_existing = update};
	struct error err = ERROR_INIT;
	import_report_init(r);
	if (enterprise_import(db, t_lines_source(&m, lines, n, 0), &o, "(命令行)", r, &err) < 0)
		fail_msg("enterprise_import: %s", err.msg);
	t_lines_release(&m);
}

static void test_import(void **state)
{
	struct t_fixture *f = *state;
	struct date today = {2024, 10, 31};
	date_set_today(&today);
	struct import_report r;
	/* All or nothing: five rows are wrong, nothing goes in; every one is named by row and column. */
	import(f->db, IMPORT, sizeof IMPORT / sizeof IMPORT[0], false, true, &r);
	assert_false(r.committed);
	assert_int_equal(r.inserted, 0);
	assert_int_equal(r.rejected, 5);
	t_expect_rejection(&r, 4, "统一社会信用代码", "与第2行重复");
	t_expect_rejection(&r, 5, "统一社会信用代码", "校验码错误：按前17位计算，第18位应为L（现在是X）");
	t_expect_rejection(&r, 6, "乡镇", "找不到乡镇“不存在镇”");
	t_expect_rejection(&r, 7, "安排残疾人数", "不能多于在职职工人数（10人）");
	t_expect_rejection(&r, 9, "村（社区）", "“341699001001”不属于乡镇“341699002000”");
	assert_null(t_rejection(&r, 8));
	assert_int_equal(t_query_int(f->db, "SELECT count(*) FROM levy_enterprise"), 0);
	import_report_release(&r);

	/* The valid rows only: two employers, their figures of 2024; a row without a year takes this year. */
	import(f->db, IMPORT, sizeof IMPORT / sizeof IMPORT[0], true, true, &r);
	assert_true(r.committed);
	assert_int_equal(r.inserted, 2);
	assert_int_equal(r.rejected, 5);
	import_report_release(&r);
	assert_int_equal(t_query_int(f->db, "SELECT count(*) FROM levy_enterprise"), 2);
	char text[64];
	assert_string_equal(t_query_text(f->db, "SELECT credit_code FROM levy_enterprise ORDER BY id LIMIT 1", text, sizeof text),
			    "91341699MA2TQ7K817");
	assert_string_equal(t_query_text(f->db, "SELECT division_code FROM levy_enterprise WHERE name = '青禾民办学校'", text,
					 sizeof text),
			    TOWNSHIP1);
	assert_int_equal(t_query_int(f->db, "SELECT sum(employees) FROM levy_staff WHERE year = 2024"), 600);

	/* Again: registered codes change their employer (new figures), or are refused with --no-update. */
	static const struct t_line again[] = {
	    {"单位名称,统一社会信用代码,乡镇,村,在职职工人数", 0, 0},
	    {"青禾纺织股份公司,91341699MA2TQ7K817,青禾镇,王庄村,510", 0, 0},
	    {"协会,Y1341699MA2Q9UPX02,望川镇,,12", 0, 0},
	};
	import(f->db, again, 3, false, false, &r);
	assert_int_equal(r.rejected, 1);
	t_expect_rejection(&r, 2, "统一社会信用代码", "该统一社会信用代码已登记（青禾纺织），请查找原单位修改，不要重复登记");
	import_report_release(&r);
	import(f->db, again, 3, false, true, &r);
	assert_true(r.committed);
	assert_int_equal(r.updated, 1);
	assert_int_equal(r.inserted, 1);
	import_report_release(&r);
	assert_int_equal(t_query_int(f->db, "SELECT employees FROM levy_staff s JOIN levy_enterprise e ON e.id = s.enterprise_id"
					    " WHERE e.name = '青禾纺织股份公司' AND s.year = 2024"),
			 510);
	assert_int_equal(t_query_int(f->db, "SELECT rev FROM levy_enterprise WHERE name = '青禾纺织股份公司'"), 2);
	/* A file without a required column is refused whole. */
	static const struct t_line bad[] = {{"单位名称,乡镇", 0, 0}, {"x,青禾镇", 0, 0}};
	struct t_lines m;
	struct import_options o = {.update_existing = true};
	struct error err = ERROR_INIT;
	import_report_init(&r);
	assert_int_equal(enterprise_import(f->db, t_lines_source(&m, bad, 2, 0), &o, "x", &r, &err), -1);
	t_lines_release(&m);
	assert_non_null(strstr(err.msg, "统一社会信用代码"));
	import_report_release(&r);
	date_set_today(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_create, setup, t_teardown),
	    cmocka_unit_test_setup_teardown(test_create_refused, setup, t_teardown),
	    cmocka_unit_test_setup_teardown(test_scope, setup, t_teardown),
	    cmocka_unit_test_setup_teardown(test_update, setup, t_teardown),
	    cmocka_unit_test_setup_teardown(test_schema, setup, t_teardown),
	    cmocka_unit_test_setup_teardown(test_import, setup, t_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
