/*
 * Unit tests for domain/milestone: who may enter them, every field checked
 * at once with its reason (year, work line, a date in that year and not
 * after today, the text), dates typed as 2024/2/10 stored as 2024-02-10,
 * a project's code as the work line, the list by line and date, removal.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "base/date.h"
#include "domain/milestone.h"
#include "support.h"

static struct user staff, admin, leader, town;

static int setup(void **state)
{
	t_setup(state, "test-milestone", true);
	struct t_fixture *f = *state;
	t_county_save(f->db);
	t_program_store_file(f->db, "programs/cataract.json");
	staff = t_user(ROLE_COUNTY_STAFF, "", "staff");
	admin = t_user(ROLE_COUNTY_ADMIN, "", "admin");
	leader = t_user(ROLE_LEADER, "", "leader");
	town = t_user(ROLE_TOWNSHIP, "341699001000", "town");
	struct date today = {2024, 9, 1};
	date_set_today(&today);
	return 0;
}

static int teardown(void **state)
{
	date_set_today(NULL);
	return t_teardown(state);
}

static const char *reason(const struct case_problems *pr, const char *field)
{
	for (size_t i = 0; i < pr->n; i++)
		if (strcmp(pr->items[i].field, field) == 0)
			return pr->items[i].reason;
	return "";
}

static int add(struct db *db, const struct user *u, const char *year, const char *line, const char *date,
               const char *title, int64_t *id, struct case_problems *pr)
{
	struct error err = ERROR_INIT;
	int rc = milestone_add(db, year, line, date, title, u, id, pr, &err);
	if (rc < 0)
		fail_msg("milestone_add: %s", err.msg);
	return rc;
}

struct seen {
	char text[1024];
};

static int collect(void *ctx, const struct milestone *m, struct error *err)
{
	(void)err;
	struct seen *s = ctx;
	size_t at = strlen(s->text);
	snprintf(s->text + at, sizeof s->text - at, "%s %s %s;", m->line, m->date, m->title);
	return 0;
}

static void test_checks(void **state)
{
	struct t_fixture *f = *state;
	struct case_problems pr;
	int64_t id;
	assert_int_equal(add(f->db, &leader, "2024", "survey", "2024-08-31", "动员会", &id, &pr), 1);
	assert_string_equal(pr.message, "您的角色（领导（只读））不能录入或删除工作节点");
	assert_int_equal(add(f->db, &town, "2024", "survey", "2024-08-31", "动员会", &id, &pr), 1);
	/* Everything wrong at once. */
	assert_int_equal(add(f->db, &staff, "24", "nosuch", "2024-02-30", "", &id, &pr), 1);
	assert_string_equal(reason(&pr, "year"), "年度应为2000至2100之间的四位数年份");
	assert_string_equal(reason(&pr, "line"), "请选择这个工作节点属于哪项工作（民生工程或目标管理的工作）");
	assert_non_null(strstr(reason(&pr, "date"), "年内的日期"));
	assert_string_equal(reason(&pr, "title"), "请填写做了什么，如“在县民政局会议室召开民生工程启动会”");
	/* A date of another year, a date to come, a text with a line break or too long. */
	assert_int_equal(add(f->db, &staff, "2024", "survey", "2023-12-31", "动员会", &id, &pr), 1);
	assert_string_equal(reason(&pr, "date"), "日期应为2024年内的日期，格式为 年-月-日");
	assert_int_equal(add(f->db, &staff, "2024", "survey", "2024-09-02", "动员会", &id, &pr), 1);
	assert_string_equal(reason(&pr, "date"), "工作节点的日期（2024-09-02）不能晚于今天");
	assert_int_equal(add(f->db, &staff, "2024", "survey", "2024-08-31", "动员\n会", &id, &pr), 1);
	assert_string_equal(reason(&pr, "title"), "内容不能有换行、制表符等控制字符或无效的字符");
	char longer[4 * MILESTONE_TITLE_MAX + 8] = "";
	for (int i = 0; i <= MILESTONE_TITLE_MAX; i++)
		strcat(longer, "会");
	assert_int_equal(add(f->db, &staff, "2024", "survey", "2024-08-31", longer, &id, &pr), 1);
	assert_string_equal(reason(&pr, "title"), "内容最多200个字");
	assert_int_equal(t_query_int(f->db, "SELECT count(*) FROM milestone"), 0);
}

static void test_add_list_remove(void **state)
{
	struct t_fixture *f = *state;
	struct case_problems pr;
	struct error err = ERROR_INIT;
	int64_t a, b, c;
	assert_int_equal(add(f->db, &admin, "2024", "cataract", "2024/2/10", "召开全县民生工程启动会", &a, &pr), 0);
	assert_int_equal(add(f->db, &staff, "2024", "survey", "20240831", "召开调查动员暨培训会议", &b, &pr), 0);
	assert_int_equal(add(f->db, &staff, "2024", "cataract", "2024-01-20", "成立领导小组", &c, &pr), 0);
	struct milestone m;
	assert_int_equal(milestone_get(f->db, a, &m, &err), 1);
	assert_string_equal(m.date, "2024-02-10");
	assert_string_equal(m.created_by, "admin");
	struct seen s = {""};
	assert_int_equal(milestone_list(f->db, 2024, "", collect, &s, &err), 0);
	assert_string_equal(s.text, "cataract 2024-01-20 成立领导小组;cataract 2024-02-10 召开全县民生工程启动会;"
	                            "survey 2024-08-31 召开调查动员暨培训会议;");
	memset(&s, 0, sizeof s);
	assert_int_equal(milestone_list(f->db, 2024, "survey", collect, &s, &err), 0);
	assert_string_equal(s.text, "survey 2024-08-31 召开调查动员暨培训会议;");
	memset(&s, 0, sizeof s);
	assert_int_equal(milestone_list(f->db, 2023, "", collect, &s, &err), 0);
	assert_string_equal(s.text, "");
	assert_int_equal(milestone_remove(f->db, b, &leader, &pr, &err), 1);
	assert_int_equal(milestone_remove(f->db, b, &staff, &pr, &err), 0);
	assert_int_equal(milestone_remove(f->db, b, &staff, &pr, &err), 2);
	assert_int_equal(milestone_get(f->db, b, &m, &err), 0);
	assert_int_equal(t_query_int(f->db, "SELECT count(*) FROM milestone"), 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_checks),
	    cmocka_unit_test(test_add_list_remove),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
