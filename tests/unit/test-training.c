/*
 * Unit tests for domain/training: a class's checks (every reason at once),
 * who may make, fill and close a class, trainees within the data scope,
 * once per class and registered, the support in fen (the class's or the
 * trainee's own), a closed class kept as it is (also against SQL written
 * around the module), and the progress numbers the targets read.
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
#include "domain/training.h"
#include "support.h"

#define VILLAGE1 "341699001001"
#define VILLAGE2 "341699001002"
#define VILLAGE3 "341699002001"
#define TOWN1 "341699001000"
#define TOWN2 "341699002000"

static struct user county, leader, town1, town2, village1;
static int64_t ann, ben, cal, dan;
static char ann_id[19];

static int setup(void **state)
{
	t_setup(state, "test-training", true);
	struct t_fixture *f = *state;
	t_county_save(f->db);
	ann = t_person_save(f->db, "王秀英", "34169919800101002", VILLAGE1, PERSON_ACTIVE);
	ben = t_person_save(f->db, "李国华", "34169919900202001", VILLAGE2, PERSON_ACTIVE);
	cal = t_person_save(f->db, "张桂兰", "34169919850303002", VILLAGE3, PERSON_ACTIVE);
	dan = t_person_save(f->db, "赵大", "34169919700404001", VILLAGE1, PERSON_DECEASED);
	struct person p = t_person("王秀英", "34169919800101002", VILLAGE1);
	snprintf(ann_id, sizeof ann_id, "%s", p.id_number);
	county = t_user(ROLE_COUNTY_STAFF, "", "office");
	t_users((struct t_users){.leader = &leader, .town1 = &town1, .town2 = &town2, .village1 = &village1});
	t_today("2024-06-30");
	return 0;
}

static const struct training_input massage = {"2024", "盲人按摩培训", "2024年盲人按摩培训班", "2024-05-06",
					      "2024-05-20", "县残联培训中心", "800.00"};

static int64_t create_ok(struct db *db, const struct training_input *in)
{
	struct case_problems pr;
	struct error err = ERROR_INIT;
	int64_t id = 0;
	int rc = training_create(db, in, &county, &id, &pr, &err);
	if (rc != 0)
		fail_msg("training_create: %d %s %s %s", rc, err.msg, pr.message, pr.n ? pr.items[0].reason : "");
	return id;
}

static int add(struct db *db, int64_t class_id, int64_t person, const char *support, const struct user *u,
	       struct case_problems *pr)
{
	struct registry_scope s = t_scope(u);
	struct error err = ERROR_INIT;
	int64_t fen = -1;
	int rc = training_add(db, class_id, person, support, u, &s, &fen, pr, &err);
	if (rc < 0)
		fail_msg("training_add: %s", err.msg);
	return rc;
}

static void test_kinds(void **state)
{
	(void)state;
	assert_string_equal(training_kind_label(TRAINING_EMPLOYMENT), "就业培训");
	assert_string_equal(training_kind_label(2), "盲人按摩培训");
	assert_string_equal(training_kind_label(3), "其他");
	assert_null(training_kind_label(0));
	assert_null(training_kind_label(4));
	assert_int_equal(training_kind_parse("盲人按摩培训"), 2);
	assert_int_equal(training_kind_parse("1"), 1);
	assert_int_equal(training_kind_parse("4"), -1);
	assert_int_equal(training_kind_parse("按摩"), -1);
	assert_int_equal(training_kind_parse(NULL), -1);
	assert_true(training_may_manage(&county));
	assert_false(training_may_manage(&town1));
	assert_true(training_may_enrol(&town1));
	assert_false(training_may_enrol(&leader));
	assert_false(training_may_enrol(&village1));
	struct user hospital = t_user(ROLE_HOSPITAL, "", "hospital");
	assert_true(training_may_view(&leader));
	assert_false(training_may_view(&hospital));
}

static void test_create_checks(void **state)
{
	struct t_fixture *f = *state;
	struct case_problems pr;
	struct error err = ERROR_INIT;
	int64_t id = 7;
	/* Every field's reason at once, nothing written. */
	const struct training_input bad = {"24", "按摩", "", "2024-02-30", "2024-01-01", "第一行\n第二行", "12.345"};
	assert_int_equal(training_create(f->db, &bad, &county, &id, &pr, &err), 1);
	assert_int_equal(id, 0);
	assert_int_equal(pr.n, 6);
	assert_string_equal(t_reason(&pr, "year"), msg(MSG_EMP_YEAR));
	assert_string_equal(t_reason(&pr, "kind"), msg(MSG_TRAINING_KIND));
	assert_string_equal(t_reason(&pr, "name"), "请填写培训班名称，最多60个字");
	assert_string_equal(t_reason(&pr, "start_date"), "开班日期应为日期，如 2024-04-10");
	assert_string_equal(t_reason(&pr, "place"), "培训地点不能有换行等控制字符");
	assert_non_null(strstr(t_reason(&pr, "support"), "两位小数"));
	/* Dates against the year and each other; an amount over the limit. */
	const struct training_input dates = {"2024", "1", "就业培训班", "2023-12-28", "2023-12-01", "县城", "100000.01"};
	assert_int_equal(training_create(f->db, &dates, &county, &id, &pr, &err), 1);
	assert_string_equal(t_reason(&pr, "start_date"), "开班日期应在2024年内（培训班的年度）");
	assert_string_equal(t_reason(&pr, "end_date"), "结业日期不能早于开班日期");
	assert_string_equal(t_reason(&pr, "support"), "每人扶持资金不能超过100,000.00元");
	/* A name of 61 characters. */
	char name[4 * 61 + 1] = "";
	for (int i = 0; i < 61; i++)
		strcat(name, "培");
	struct training_input longname = massage;
	longname.name = name;
	assert_int_equal(training_create(f->db, &longname, &county, &id, &pr, &err), 1);
	assert_string_equal(t_reason(&pr, "name"), "培训班名称最多60个字");
	/* Townships and leaders do not make classes. */
	assert_int_equal(training_create(f->db, &massage, &town1, &id, &pr, &err), 1);
	assert_string_equal(pr.message, "您的角色（乡镇操作员）不能新建培训班或办理结业");
	assert_int_equal(training_create(f->db, &massage, &leader, &id, &pr, &err), 1);
	assert_int_equal(t_query_int(f->db, "SELECT count(*) FROM training_class"), 0);

	id = create_ok(f->db, &massage);
	assert_true(id > 0);
	struct training_class c;
	struct registry_scope s = t_scope(&county);
	assert_int_equal(training_get(f->db, &s, id, &c, &err), 1);
	assert_int_equal(c.year, 2024);
	assert_int_equal(c.kind, TRAINING_MASSAGE);
	assert_string_equal(c.name, "2024年盲人按摩培训班");
	assert_string_equal(c.start_date, "2024-05-06");
	assert_string_equal(c.end_date, "2024-05-20");
	assert_string_equal(c.place, "县残联培训中心");
	assert_int_equal(c.support, 80000);
	assert_false(c.closed);
	assert_string_equal(c.created_by, "office");
	assert_int_equal(c.trainees, 0);
	assert_int_equal(training_get(f->db, &s, id + 1, &c, &err), 0);
	/* Dates typed as clerks type them are stored as dates. */
	struct training_input slash = massage;
	slash.start_date = "2024/7/1";
	slash.end_date = "20240705";
	slash.support = "0";
	int64_t id2 = create_ok(f->db, &slash);
	assert_int_equal(training_get(f->db, &s, id2, &c, &err), 1);
	assert_string_equal(c.start_date, "2024-07-01");
	assert_string_equal(c.end_date, "2024-07-05");
	assert_int_equal(c.support, 0);
}

static int count_class(void *ctx, const struct training_class *c, struct error *err)
{
	(void)err;
	long *n = ctx;
	n[0]++;
	n[1] += c->trainees;
	n[2] += (long)c->support_total;
	return 0;
}

static void test_trainees_and_scope(void **state)
{
	struct t_fixture *f = *state;
	struct case_problems pr;
	struct error err = ERROR_INIT;
	int64_t id = create_ok(f->db, &massage);
	/* The county adds anyone registered; the class's amount unless another is given. */
	assert_int_equal(add(f->db, id, ann, NULL, &county, &pr), 0);
	assert_int_equal(add(f->db, id, cal, "1,200.50", &county, &pr), 0);
	/* Once per class. */
	assert_int_equal(add(f->db, id, ann, "", &county, &pr), 3);
	assert_string_equal(pr.message, "王秀英已经是这个培训班的学员，同一人只能参加一次");
	/* Only registered persons. */
	assert_int_equal(add(f->db, id, dan, "", &county, &pr), 1);
	assert_string_equal(pr.message, "赵大的档案状态为“死亡”，只有在册人员才能登记");
	/* A township adds only its own persons; others are "not found", as if they did not exist. */
	assert_int_equal(add(f->db, id, ben, "", &town2, &pr), 1);
	assert_string_equal(pr.message, msg(MSG_EMP_PERSON_NOT_FOUND));
	assert_int_equal(add(f->db, id, ben, "", &town1, &pr), 0);
	/* Villages and leaders read only. */
	assert_int_equal(add(f->db, id, ben, "", &village1, &pr), 1);
	assert_string_equal(pr.message, "您的角色（村调查员）不能增减培训班学员");
	/* A bad amount. */
	struct person p = t_person("孙三", "34169919920505003", VILLAGE2);
	assert_int_equal(person_insert(f->db, &p, &err), 0);
	assert_int_equal(add(f->db, id, p.id, "-5", &county, &pr), 1);
	assert_non_null(strstr(t_reason(&pr, "support"), "负"));
	assert_int_equal(t_query_int(f->db, "SELECT count(*) FROM training_trainee"), 3);
	assert_int_equal(t_query_int(f->db, "SELECT support FROM training_trainee WHERE person_id = 3"), 120050);

	/* Counts within each scope. */
	struct training_class c;
	struct registry_scope s = t_scope(&county), s1 = t_scope(&town1), s2 = t_scope(&town2);
	assert_int_equal(training_get(f->db, &s, id, &c, &err), 1);
	assert_int_equal(c.trainees, 3);
	assert_int_equal(c.support_total, 80000 + 120050 + 80000);
	assert_int_equal(training_get(f->db, &s1, id, &c, &err), 1);
	assert_int_equal(c.trainees, 2);
	assert_int_equal(c.support_total, 160000);
	long n[3] = {0, 0, 0};
	assert_int_equal(training_list(f->db, &s2, 2024, count_class, n, &err), 0);
	assert_int_equal(n[0], 1);
	assert_int_equal(n[1], 1);
	assert_int_equal(n[2], 120050);
	memset(n, 0, sizeof n);
	assert_int_equal(training_list(f->db, &s, 2023, count_class, n, &err), 0);
	assert_int_equal(n[0], 0);

	/* Removing: within scope only. */
	assert_int_equal(training_remove(f->db, id, ann, &town2, &s2, &pr, &err), 1);
	assert_string_equal(pr.message, msg(MSG_TRAINING_NOT_TRAINEE));
	assert_int_equal(training_remove(f->db, id, ann, &town1, &s1, &pr, &err), 0);
	assert_int_equal(t_query_int(f->db, "SELECT count(*) FROM training_trainee"), 2);
	assert_int_equal(training_remove(f->db, id + 9, ann, &county, &s, &pr, &err), 2);

	/* Closing: the county, once; then the list stays as it is. */
	assert_int_equal(training_close(f->db, id, &town1, &pr, &err), 1);
	assert_int_equal(training_close(f->db, id, &county, &pr, &err), 0);
	assert_int_equal(training_close(f->db, id, &county, &pr, &err), 1);
	assert_string_equal(pr.message, msg(MSG_TRAINING_ALREADY_CLOSED));
	assert_int_equal(add(f->db, id, ann, "", &county, &pr), 1);
	assert_string_equal(pr.message, msg(MSG_TRAINING_CLOSED));
	assert_int_equal(training_remove(f->db, id, cal, &county, &s, &pr, &err), 1);
	assert_string_equal(pr.message, msg(MSG_TRAINING_CLOSED));
	assert_int_equal(training_get(f->db, &s, id, &c, &err), 1);
	assert_true(c.closed);
	assert_string_equal(c.closed_by, "office");
	/* Also around the module: the schema refuses. */
	assert_int_equal(db_exec(f->db, "DELETE FROM training_trainee", &err), -1);
	assert_int_equal(db_exec(f->db,
				 "INSERT INTO training_trainee VALUES (1, 1, '341699001001', '341699001000', 0, 'x', 'y')",
				 &err),
			 -1);
	assert_int_equal(t_query_int(f->db, "SELECT count(*) FROM training_trainee"), 2);
	/* A township of another village code than its village is refused by the schema too. */
	int64_t id2 = create_ok(f->db, &massage);
	char sql[200];
	snprintf(sql, sizeof sql,
		 "INSERT INTO training_trainee VALUES (%lld, 1, '341699001001', '341699002000', 0, 'x', 'y')",
		 (long long)id2);
	assert_int_equal(db_exec(f->db, sql, &err), -1);
	assert_int_equal(add(f->db, 999, ann, "", &county, &pr), 2);
}

static void test_find_person(void **state)
{
	struct t_fixture *f = *state;
	struct error err = ERROR_INIT;
	struct person p;
	const char *reason;
	struct registry_scope s = t_scope(&county), s2 = t_scope(&town2);
	assert_int_equal(training_find_person(f->db, &s, ann_id, &p, &reason, &err), 1);
	assert_int_equal(p.id, ann);
	assert_null(reason);
	assert_int_equal(training_find_person(f->db, &s2, ann_id, &p, &reason, &err), 0);
	assert_string_equal(reason, msg(MSG_EMP_PERSON_NOT_FOUND));
	assert_int_equal(training_find_person(f->db, &s, "34169919800101002", &p, &reason, &err), 0);
	assert_string_equal(reason, msg(MSG_EMP_ID_NUMBER));
	assert_int_equal(training_find_person(f->db, &s, "", &p, &reason, &err), 0);
	/* A valid number nobody has. */
	struct person other = t_person("无名", "34169919600101003", VILLAGE1);
	assert_int_equal(training_find_person(f->db, &s, other.id_number, &p, &reason, &err), 0);
	assert_string_equal(reason, msg(MSG_EMP_PERSON_NOT_FOUND));
}

struct seen {
	char text[512];
};

static const char *progress(struct db *db, int year, const char *metric)
{
	return t_progress(training_progress, db, year, metric);
}

static int class_of_person(void *ctx, const struct training_class *c, int64_t support, struct error *err)
{
	(void)err;
	struct seen *s = ctx;
	size_t n = strlen(s->text);
	snprintf(s->text + n, sizeof s->text - n, "%s:%lld;", c->start_date, (long long)support);
	return 0;
}

static void test_progress(void **state)
{
	struct t_fixture *f = *state;
	struct case_problems pr;
	struct error err = ERROR_INIT;
	/* Two employment classes and one blind-massage class, as the report has them. */
	struct training_input a = massage, b = massage;
	a.kind = "就业培训";
	a.start_date = "2024-03-01";
	a.end_date = "2024-03-10";
	a.support = "500";
	b.kind = "就业培训";
	b.start_date = "2024-09-01";
	b.end_date = "2024-09-03";
	int64_t c1 = create_ok(f->db, &massage), c2 = create_ok(f->db, &a), c3 = create_ok(f->db, &b);
	assert_int_equal(add(f->db, c1, ann, NULL, &county, &pr), 0);
	assert_int_equal(add(f->db, c1, ben, NULL, &county, &pr), 0);
	assert_int_equal(add(f->db, c1, cal, NULL, &county, &pr), 0);
	assert_int_equal(add(f->db, c2, ann, NULL, &county, &pr), 0);
	assert_int_equal(add(f->db, c2, cal, "0", &county, &pr), 0);
	(void)c3;
	/* A class of another year counts for that year only. */
	struct training_input old = massage;
	old.year = "2023";
	old.start_date = "2023-10-01";
	old.end_date = "2023-10-02";
	int64_t c0 = create_ok(f->db, &old);
	assert_int_equal(add(f->db, c0, ben, NULL, &county, &pr), 0);

	assert_string_equal(progress(f->db, 2024, "classes"), "=3;");
	assert_string_equal(progress(f->db, 2024, "trainees"), TOWN1 "=3;" TOWN2 "=2;");
	assert_string_equal(progress(f->db, 2024, "support"), TOWN1 "=210000;" TOWN2 "=80000;");
	assert_string_equal(progress(f->db, 2023, "classes"), "=1;");
	assert_string_equal(progress(f->db, 2023, "trainees"), TOWN1 "=1;");
	/* Nothing in a year: no call at all. */
	assert_string_equal(progress(f->db, 2022, "classes"), "");
	assert_string_equal(progress(f->db, 2022, "support"), "");
	/* A township's zero (a trainee with no support) is left out. */
	assert_int_equal(training_remove(f->db, c1, cal, &county, &(struct registry_scope){"000000000000", "999999999999"},
					 &pr, &err),
			 0);
	assert_string_equal(progress(f->db, 2024, "support"), TOWN1 "=210000;");
	/* An unknown metric. */
	struct t_progress none = {""};
	assert_int_equal(training_progress(f->db, 2024, "villages", t_progress_add, &none, &err), -1);
	assert_non_null(strstr(err.msg, "villages"));
	assert_int_equal(training_progress(f->db, 2024, NULL, t_progress_add, &none, &err), -1);
	assert_string_equal(none.text, "");

	/* The person's classes, newest first, with the person's own amount. */
	struct seen s = {""};
	assert_int_equal(training_of_person(f->db, ann, class_of_person, &s, &err), 0);
	assert_string_equal(s.text, "2024-05-06:80000;2024-03-01:50000;");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_kinds, setup, t_teardown),
	    cmocka_unit_test_setup_teardown(test_create_checks, setup, t_teardown),
	    cmocka_unit_test_setup_teardown(test_trainees_and_scope, setup, t_teardown),
	    cmocka_unit_test_setup_teardown(test_find_person, setup, t_teardown),
	    cmocka_unit_test_setup_teardown(test_progress, setup, t_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
