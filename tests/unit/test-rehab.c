/*
 * Unit tests for domain/rehab: a service's checks (every reason at once),
 * who may enter one, persons within the data scope and registered, the
 * list's filters and pages within scope, the person's services, services
 * kept as entered (the schema refuses changes), and the progress numbers
 * (人次 and distinct persons by township) the targets read.
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
#include "base/msg.h"
#include "domain/rehab.h"
#include "support.h"

#define VILLAGE1 "341699001001"
#define VILLAGE2 "341699001002"
#define VILLAGE3 "341699002001"
#define TOWN1 "341699001000"
#define TOWN2 "341699002000"

static struct user county, leader, town1, town2, village1;
static int64_t ann, ben, cal, dan;

static int setup(void **state)
{
	t_setup(state, "test-rehab", true);
	struct t_fixture *f = *state;
	t_county_save(f->db);
	ann = t_person_save(f->db, "王秀英", "34169919800101002", VILLAGE1, PERSON_ACTIVE);
	ben = t_person_save(f->db, "李国华", "34169919900202001", VILLAGE2, PERSON_ACTIVE);
	cal = t_person_save(f->db, "张桂兰", "34169919850303002", VILLAGE3, PERSON_ACTIVE);
	dan = t_person_save(f->db, "赵大", "34169919700404001", VILLAGE1, PERSON_MOVED);
	county = t_user(ROLE_COUNTY_ADMIN, "", "chief");
	t_users((struct t_users){.leader = &leader, .town1 = &town1, .town2 = &town2, .village1 = &village1});
	t_today("2024-06-30");
	return 0;
}

static int enter(struct db *db, const struct user *u, int64_t person, const char *kind, const char *date,
		 struct case_problems *pr)
{
	struct rehab_input in = {person, kind, "县康复中心", date, ""};
	struct registry_scope s = t_scope(u);
	struct error err = ERROR_INIT;
	int64_t id = 0;
	int rc = rehab_add(db, &in, u, &s, &id, pr, &err);
	if (rc < 0)
		fail_msg("rehab_add: %s", err.msg);
	assert_true(rc != 0 || id > 0);
	return rc;
}

#define ENTER_OK(db, u, person, kind, date)                                                                  \
	do {                                                                                                 \
		struct case_problems pr_;                                                                    \
		if (enter(db, u, person, kind, date, &pr_) != 0)                                             \
			fail_msg("rehab_add: %s %s", pr_.message, pr_.n ? pr_.items[0].reason : "");         \
	} while (0)

static void test_kinds_and_roles(void **state)
{
	(void)state;
	assert_string_equal(rehab_kind_label(REHAB_TRAINING), "康复训练");
	assert_string_equal(rehab_kind_label(2), "辅助器具适配");
	assert_string_equal(rehab_kind_label(3), "康复评估");
	assert_string_equal(rehab_kind_label(4), "其他");
	assert_null(rehab_kind_label(5));
	assert_int_equal(rehab_kind_parse("辅助器具适配"), 2);
	assert_int_equal(rehab_kind_parse("3"), 3);
	assert_int_equal(rehab_kind_parse("0"), -1);
	assert_int_equal(rehab_kind_parse("康复"), -1);
	assert_true(rehab_may_enter(&town1));
	assert_false(rehab_may_enter(&village1));
	assert_false(rehab_may_enter(&leader));
	assert_true(rehab_may_view(&leader));
	struct user hospital = t_user(ROLE_HOSPITAL, "", "hospital");
	assert_false(rehab_may_view(&hospital));
}

static void test_checks(void **state)
{
	struct t_fixture *f = *state;
	struct case_problems pr;
	struct error err = ERROR_INIT;
	int64_t id = 5;
	struct registry_scope s = t_scope(&county);
	char note[4 * 201 + 1] = "";
	for (int i = 0; i < 201; i++)
		strcat(note, "康");
	/* Every reason at once. */
	struct rehab_input bad = {999, "理疗", "", "2024-07-01", note};
	assert_int_equal(rehab_add(f->db, &bad, &county, &s, &id, &pr, &err), 1);
	assert_int_equal(id, 0);
	assert_int_equal(pr.n, 5);
	assert_string_equal(t_reason(&pr, "person"), msg(MSG_EMP_PERSON_NOT_FOUND));
	assert_string_equal(t_reason(&pr, "kind"), msg(MSG_REHAB_KIND));
	assert_string_equal(t_reason(&pr, "provider"), "请填写服务机构或人员，最多60个字");
	assert_string_equal(t_reason(&pr, "date"), "服务日期（2024-07-01）不能晚于今天");
	assert_string_equal(t_reason(&pr, "note"), "备注最多200个字");
	struct rehab_input bad2 = {dan, "1", "县康复中心", "2024-13-01", ""};
	assert_int_equal(rehab_add(f->db, &bad2, &county, &s, &id, &pr, &err), 1);
	assert_string_equal(t_reason(&pr, "person"), "赵大的档案状态为“迁出”，只有在册人员才能登记");
	assert_string_equal(t_reason(&pr, "date"), "服务日期应为日期，如 2024-04-10");
	/* Roles and scope. */
	assert_int_equal(enter(f->db, &village1, ann, "1", "2024-06-01", &pr), 1);
	assert_string_equal(pr.message, "您的角色（村调查员）不能登记康复服务");
	assert_int_equal(enter(f->db, &leader, ann, "1", "2024-06-01", &pr), 1);
	assert_int_equal(enter(f->db, &town2, ann, "1", "2024-06-01", &pr), 1);
	assert_string_equal(t_reason(&pr, "person"), msg(MSG_EMP_PERSON_NOT_FOUND));
	assert_int_equal(t_query_int(f->db, "SELECT count(*) FROM rehab_service"), 0);
	/* Saved as a date, with the person's village of the day. */
	ENTER_OK(f->db, &town1, ann, "辅助器具适配", "2024/6/1");
	char text[64];
	assert_string_equal(t_query_text(f->db, "SELECT date || ' ' || township_code || ' ' || kind FROM rehab_service",
					 text, sizeof text),
			    "2024-06-01 " TOWN1 " 2");
	struct rehab_service r;
	assert_int_equal(rehab_get(f->db, &s, 1, &r, &err), 1);
	assert_string_equal(r.person_name, "王秀英");
	assert_string_equal(r.provider, "县康复中心");
	assert_string_equal(r.entered_by, "town1");
	assert_string_equal(r.village_name, "王庄村");
	struct registry_scope s2 = t_scope(&town2);
	assert_int_equal(rehab_get(f->db, &s2, 1, &r, &err), 0);
	assert_int_equal(rehab_get(f->db, &s, 2, &r, &err), 0);
	/* A record stays as entered. */
	assert_int_equal(db_exec(f->db, "UPDATE rehab_service SET kind = 1", &err), -1);
	assert_int_equal(db_exec(f->db, "DELETE FROM rehab_service", &err), -1);
	assert_int_equal(t_query_int(f->db, "SELECT count(*) FROM rehab_service"), 1);
}

struct seen {
	char text[512];
	long n;
};

static int list_one(void *ctx, const struct rehab_service *r, struct error *err)
{
	(void)err;
	struct seen *s = ctx;
	size_t n = strlen(s->text);
	snprintf(s->text + n, sizeof s->text - n, "%s/%s/%d;", r->person_name, r->date, r->kind);
	s->n++;
	return 0;
}

static const char *list(struct db *db, const struct user *u, int year, const char *township, int kind, long page,
			int per_page, long *total)
{
	static struct seen s;
	memset(&s, 0, sizeof s);
	struct rehab_query q;
	memset(&q, 0, sizeof q);
	registry_scope_of(u, &q.scope);
	q.year = year;
	snprintf(q.township, sizeof q.township, "%s", township);
	q.kind = kind;
	q.page = page;
	q.per_page = per_page;
	struct error err = ERROR_INIT;
	if (rehab_list(db, &q, list_one, &s, total, &err) < 0)
		fail_msg("rehab_list: %s", err.msg);
	return s.text;
}

static const char *progress(struct db *db, int year, const char *metric)
{
	return t_progress(rehab_progress, db, year, metric);
}

static void test_list_and_progress(void **state)
{
	struct t_fixture *f = *state;
	ENTER_OK(f->db, &county, ann, "1", "2024-01-15");
	ENTER_OK(f->db, &county, ann, "1", "2024-02-15");
	ENTER_OK(f->db, &county, ann, "3", "2024-03-15");
	ENTER_OK(f->db, &town1, ben, "2", "2024-04-01");
	ENTER_OK(f->db, &county, cal, "4", "2024-05-01");
	ENTER_OK(f->db, &county, cal, "1", "2023-12-31");
	long total = 0;
	/* Newest first, within scope, filtered. */
	assert_string_equal(list(f->db, &county, 2024, "", 0, 1, 20, &total),
			    "张桂兰/2024-05-01/4;李国华/2024-04-01/2;王秀英/2024-03-15/3;王秀英/2024-02-15/1;"
			    "王秀英/2024-01-15/1;");
	assert_int_equal(total, 5);
	list(f->db, &county, 0, "", 0, 1, 20, &total);
	assert_int_equal(total, 6);
	assert_string_equal(list(f->db, &county, 0, TOWN2, 0, 1, 20, &total), "张桂兰/2024-05-01/4;张桂兰/2023-12-31/1;");
	assert_string_equal(list(f->db, &county, 2024, "", 1, 1, 20, &total), "王秀英/2024-02-15/1;王秀英/2024-01-15/1;");
	assert_string_equal(list(f->db, &town2, 0, "", 0, 1, 20, &total), "张桂兰/2024-05-01/4;张桂兰/2023-12-31/1;");
	/* A township asking for another's sees nothing; a village its village. */
	assert_string_equal(list(f->db, &town2, 0, TOWN1, 0, 1, 20, &total), "");
	assert_int_equal(total, 0);
	list(f->db, &village1, 0, "", 0, 1, 20, &total);
	assert_int_equal(total, 3);
	struct user hospital = t_user(ROLE_HOSPITAL, "", "hospital");
	list(f->db, &hospital, 0, "", 0, 1, 20, &total);
	assert_int_equal(total, 0);
	/* Pages. */
	assert_string_equal(list(f->db, &county, 2024, "", 0, 2, 2, &total), "王秀英/2024-03-15/3;王秀英/2024-02-15/1;");
	assert_int_equal(total, 5);
	assert_string_equal(list(f->db, &county, 2024, "", 0, 3, 2, &total), "王秀英/2024-01-15/1;");

	/* The person's services. */
	struct seen s;
	memset(&s, 0, sizeof s);
	struct error err = ERROR_INIT;
	assert_int_equal(rehab_of_person(f->db, cal, list_one, &s, &err), 0);
	assert_string_equal(s.text, "张桂兰/2024-05-01/4;张桂兰/2023-12-31/1;");

	/* 人次 and persons by township; the year by the service's date. */
	assert_string_equal(progress(f->db, 2024, "services"), TOWN1 "=4;" TOWN2 "=1;");
	assert_string_equal(progress(f->db, 2024, "persons"), TOWN1 "=2;" TOWN2 "=1;");
	assert_string_equal(progress(f->db, 2023, "services"), TOWN2 "=1;");
	assert_string_equal(progress(f->db, 2022, "persons"), "");
	/* The township of the day: ann moves to the other township, her services stay where they were given. */
	t_exec(f->db, "UPDATE person SET village_code = '341699002001' WHERE name = '王秀英'");
	ENTER_OK(f->db, &county, ann, "1", "2024-06-01");
	assert_string_equal(progress(f->db, 2024, "services"), TOWN1 "=4;" TOWN2 "=2;");
	assert_string_equal(progress(f->db, 2024, "persons"), TOWN1 "=2;" TOWN2 "=2;");
	struct t_progress none = {""};
	assert_int_equal(rehab_progress(f->db, 2024, "visits", t_progress_add, &none, &err), -1);
	assert_non_null(strstr(err.msg, "visits"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_kinds_and_roles, setup, t_teardown),
	    cmocka_unit_test_setup_teardown(test_checks, setup, t_teardown),
	    cmocka_unit_test_setup_teardown(test_list_and_progress, setup, t_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
