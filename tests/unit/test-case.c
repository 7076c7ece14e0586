/*
 * Unit tests for domain/case, on the cataract definition of programs/:
 * enrolment (eligibility, one open case, roles, scope), transitions (from
 * which stage, by whom, required fields, value checks, dates relative to a
 * stage), the append-only history, scheduling of follow-ups and the working
 * lists, the running counts and metrics, transfers, and village scopes.
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
#include "base/xalloc.h"
#include "domain/case.h"
#include "domain/person.h"
#include "domain/program.h"
#include "support.h"

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))
#define TOWN1 "341699001000"
#define VILLAGE1 "341699001001"
#define VILLAGE2 "341699001002"
#define TOWN2 "341699002000"
#define VILLAGE3 "341699002001"

static struct user county, town1, town2, village1, hospital, leader;
static int64_t alice, bob, carol, dead;

static int setup(void **state)
{
	t_setup(state, "test-case", true);
	struct t_fixture *f = *state;
	t_county_save(f->db);
	alice = t_person_save(f->db, "王秀英", "34169919500101002", VILLAGE1, PERSON_ACTIVE);
	bob = t_person_save(f->db, "李国华", "34169919480202001", VILLAGE2, PERSON_ACTIVE);
	carol = t_person_save(f->db, "张桂兰", "34169919520303002", VILLAGE3, PERSON_ACTIVE);
	dead = t_person_save(f->db, "赵老", "34169919400404001", VILLAGE1, PERSON_DECEASED);
	t_program_store_file(f->db, "programs/cataract.json");
	t_users((struct t_users){.county = &county, .town1 = &town1, .town2 = &town2, .village1 = &village1,
	                         .hospital = &hospital, .leader = &leader});
	t_today("2024-12-31");
	return 0;
}

static int64_t enrol_ok(struct db *db, int64_t person, const struct user *u, const char *date)
{
	struct registry_scope s = t_case_scope(u);
	struct case_problems pr;
	struct error err = ERROR_INIT;
	int64_t id;
	int rc = case_enrol(db, t_program(db, "cataract"), 2024, person, "register", date, NULL, 0, "", u, &s, &id, &pr, &err);
	if (rc != 0)
		fail_msg("case_enrol: %d %s %s %s", rc, err.msg, pr.message, pr.n ? pr.items[0].reason : "");
	return id;
}

/* Makes transition with values (field, text pairs ending with NULL); returns the engine's answer. */
static int step(struct db *db, int64_t id, const struct user *u, const char *transition, const char *date,
		const char *remark, struct case_problems *pr, ...)
{
	va_list ap;
	va_start(ap, pr);
	int rc = t_case_step_v(db, id, u, transition, date, remark, pr, ap);
	va_end(ap);
	return rc;
}

#define STEP_OK(db, id, u, t, date, ...)                                                                        \
	do {                                                                                                   \
		struct case_problems pr_;                                                                      \
		int rc_ = step(db, id, u, t, date, "", &pr_, __VA_ARGS__);                                     \
		if (rc_ != 0)                                                                                  \
			fail_msg("%s: %d %s %s %s", t, rc_, pr_.message, pr_.n ? pr_.items[0].field : "",      \
				 pr_.n ? pr_.items[0].reason : "");                                            \
	} while (0)

/* The whole path to discharge on discharged (surgery two days before). */
static void to_discharge(struct db *db, int64_t id, const char *surgery, const char *discharged)
{
	STEP_OK(db, id, &town1, "prescreen_pass", "2024-04-08", NULL);
	STEP_OK(db, id, &town1, "transport", "", "batch_date", "2024-04-13", "batch", "第1批", NULL);
	STEP_OK(db, id, &hospital, "reexam_pass", "2024-04-14", NULL);
	STEP_OK(db, id, &hospital, "operate", "", "surgery_date", surgery, "hospital_name", "县人民医院", "surgeon", "省眼科专家",
		"visiting_expert", "是", "eye", "右眼", "technique", "超声乳化+人工晶体植入", "va_preop", "0.05", NULL);
	STEP_OK(db, id, &hospital, "discharge", "", "discharge_date", discharged, NULL);
}

static void test_enrol_rules(void **state)
{
	struct t_fixture *f = *state;
	struct case_problems pr;
	struct error err = ERROR_INIT;
	int64_t id;
	const struct program *p = t_program(f->db, "cataract");
	struct registry_scope s = t_case_scope(&town1);

	int64_t first = enrol_ok(f->db, alice, &village1, "2024-03-01");
	/* A second enrolment names the open case. */
	assert_int_equal(case_enrol(f->db, p, 2024, alice, "register", "2024-03-02", NULL, 0, "", &town1, &s, &id, &pr, &err), 1);
	char want[200];
	snprintf(want, sizeof want, "王秀英已有2024年度“贫困白内障复明工程”的个案（编号%lld，当前阶段：摸底登记），不能重复登记",
		 (long long)first);
	assert_string_equal(pr.message, want);
	/* Another year is another case. */
	assert_int_equal(case_enrol(f->db, p, 2025, alice, "register", "2024-12-01", NULL, 0, "", &town1, &s, &id, &pr, &err), 0);
	/* Not eligible: deceased. */
	assert_int_equal(case_enrol(f->db, p, 2024, dead, "register", "2024-03-01", NULL, 0, "", &town1, &s, &id, &pr, &err), 1);
	assert_non_null(strstr(pr.message, "不符合条件"));
	/* Outside the township's scope: not found. */
	assert_int_equal(case_enrol(f->db, p, 2024, carol, "register", "2024-03-01", NULL, 0, "", &town1, &s, &id, &pr, &err), 1);
	assert_string_equal(pr.message, "该人员不存在，或不在您的管辖范围内");
	/* A hospital does not register; a leader does nothing. */
	struct registry_scope hs = t_case_scope(&hospital);
	assert_int_equal(case_enrol(f->db, p, 2024, bob, "register", "2024-03-01", NULL, 0, "", &hospital, &hs, &id, &pr, &err), 1);
	assert_non_null(strstr(pr.message, "不能办理“摸底登记”"));
	/* Not a registering transition; a date in the future. */
	assert_int_equal(case_enrol(f->db, p, 2024, bob, "operate", "2024-03-01", NULL, 0, "", &town1, &s, &id, &pr, &err), 1);
	assert_int_equal(case_enrol(f->db, p, 2024, bob, "register", "2025-01-01", NULL, 0, "", &town1, &s, &id, &pr, &err), 1);
	assert_non_null(strstr(t_reason(&pr, "date"), "不能晚于今天"));
	assert_int_equal(t_query_int(f->db, "SELECT count(*) FROM program_case"), 2);
}

static void test_transition_rules(void **state)
{
	struct t_fixture *f = *state;
	struct case_problems pr;
	int64_t id = enrol_ok(f->db, alice, &town1, "2024-03-01");

	/* Not from this stage. */
	assert_int_equal(step(f->db, id, &hospital, "operate", "2024-04-01", "", &pr, NULL), 1);
	assert_string_equal(pr.message, "当前阶段（摸底登记）不能办理“手术”");
	/* Not by this role. */
	assert_int_equal(step(f->db, id, &village1, "prescreen_pass", "2024-04-01", "", &pr, NULL), 1);
	assert_non_null(strstr(pr.message, "村调查员"));
	/* A rejection needs its reason. */
	assert_int_equal(step(f->db, id, &town1, "prescreen_fail", "2024-04-01", "", &pr, NULL), 1);
	assert_string_equal(t_reason(&pr, "remark"), "请填写原因");
	/* Not before the stage before it. */
	assert_int_equal(step(f->db, id, &town1, "prescreen_pass", "2024-02-01", "", &pr, NULL), 1);
	assert_non_null(strstr(t_reason(&pr, "date"), "2024-03-01"));
	STEP_OK(f->db, id, &town1, "prescreen_pass", "2024-04-08", NULL);
	/* Required fields, each named; a field the transition does not ask for. */
	assert_int_equal(step(f->db, id, &town1, "transport", "", "", &pr, "batch", "", "surgeon", "x", NULL), 1);
	assert_string_equal(t_reason(&pr, "batch_date"), "不能为空");
	assert_string_equal(t_reason(&pr, "batch"), "不能为空");
	assert_non_null(strstr(t_reason(&pr, "surgeon"), "不需要填写"));
	STEP_OK(f->db, id, &town1, "transport", "", "batch_date", "2024-04-13", "batch", "第1批", NULL);
	STEP_OK(f->db, id, &hospital, "reexam_pass", "2024-04-14", NULL);
	/* Values are checked by type. */
	assert_int_equal(step(f->db, id, &hospital, "operate", "", "", &pr, "surgery_date", "2024-04-15", "hospital_name",
			      "县医院", "surgeon", "张医生", "visiting_expert", "也许", "eye", "第三只眼", "technique",
			      "超声乳化+人工晶体植入", "va_preop", "abc", NULL),
			 1);
	assert_int_equal(pr.n, 3);
	assert_string_not_equal(t_reason(&pr, "visiting_expert"), "");
	assert_string_not_equal(t_reason(&pr, "eye"), "");
	assert_string_not_equal(t_reason(&pr, "va_preop"), "");
	STEP_OK(f->db, id, &hospital, "operate", "", "surgery_date", "2024-04-15", "hospital_name", "县医院", "surgeon",
		"张医生", "visiting_expert", "否", "eye", "左眼", "technique", "超声乳化+人工晶体植入", "va_preop", "6/60", NULL);
	/* Discharge 2 to 7 days after surgery; the stage's day is the surgery date. */
	assert_int_equal(step(f->db, id, &hospital, "discharge", "", "", &pr, "discharge_date", "2024-04-16", NULL), 1);
	assert_non_null(strstr(t_reason(&pr, "discharge_date"), "2至7天"));
	assert_int_equal(step(f->db, id, &hospital, "discharge", "", "", &pr, "discharge_date", "2024-04-23", NULL), 1);
	STEP_OK(f->db, id, &hospital, "discharge", "", "discharge_date", "2024-04-22", NULL);
	assert_int_equal(t_query_int(f->db, "SELECT count(*) FROM case_event"), 6);
	/* Refusals wrote nothing; the history cannot be changed. */
	struct error err = ERROR_INIT;
	struct db_stmt *st;
	assert_int_equal(db_prepare(f->db, "UPDATE case_event SET remark = 'x'", &st, &err), 0);
	assert_int_equal(db_step(st, &err), DB_ERROR);
	db_done(st);
	/* Another township's user does not find the case. */
	assert_int_equal(step(f->db, id, &town2, "followup_7", "", "", &pr, NULL), 2);
}

struct collected {
	char text[2048];
	long n;
};

static int collect_row(void *ctx, const struct case_row *r, struct error *err)
{
	(void)err;
	struct collected *c = ctx;
	size_t len = strlen(c->text);
	snprintf(c->text + len, sizeof c->text - len, "%s%lld:%s:%s:%s", len ? " " : "", (long long)r->c.id, r->due_stage,
		 r->due_date, r->done_date);
	c->n++;
	return 0;
}

static struct collected dues(struct db *db, const struct user *u, const char *township, const char *due_stage,
			     enum case_due_state state, struct date today)
{
	struct case_query q;
	memset(&q, 0, sizeof q);
	q.scope = t_case_scope(u);
	snprintf(q.program, sizeof q.program, "cataract");
	q.year = 2024;
	snprintf(q.township, sizeof q.township, "%s", township);
	snprintf(q.due_stage, sizeof q.due_stage, "%s", due_stage);
	q.due = state;
	q.today = today;
	q.page = 1;
	q.per_page = 50;
	struct collected c = {"", 0};
	long total;
	struct error err = ERROR_INIT;
	if (case_search(db, &q, collect_row, &c, &total, &err) < 0)
		fail_msg("case_search: %s", err.msg);
	assert_int_equal(total, c.n);
	return c;
}

static void test_scheduling_and_working_lists(void **state)
{
	struct t_fixture *f = *state;
	int64_t a = enrol_ok(f->db, alice, &town1, "2024-03-01");
	int64_t b = enrol_ok(f->db, bob, &town1, "2024-03-01");
	to_discharge(f->db, a, "2024-04-15", "2024-04-18");
	to_discharge(f->db, b, "2024-04-16", "2024-04-20");
	char want[200];
	/* Due 7, 30 and 90 days after discharge. */
	assert_int_equal(t_query_int(f->db, "SELECT count(*) FROM case_due"), 6);
	struct collected c = dues(f->db, &town1, TOWN1, "followup7", CASE_DUE_OVERDUE, (struct date){2024, 4, 26});
	snprintf(want, sizeof want, "%lld:followup7:2024-04-25:", (long long)a);
	assert_string_equal(c.text, want);
	c = dues(f->db, &town1, TOWN1, "followup7", CASE_DUE_UPCOMING, (struct date){2024, 4, 26});
	snprintf(want, sizeof want, "%lld:followup7:2024-04-27:", (long long)b);
	assert_string_equal(c.text, want);
	/* Done: no longer overdue; the next follow-up is what falls due. */
	STEP_OK(f->db, a, &hospital, "followup_7", "", "followup_date", "2024-04-26", "va_followup", "0.5", NULL);
	c = dues(f->db, &town1, TOWN1, "", CASE_DUE_OVERDUE, (struct date){2024, 4, 28});
	snprintf(want, sizeof want, "%lld:followup7:2024-04-27:", (long long)b);
	assert_string_equal(c.text, want);
	c = dues(f->db, &town1, "", "followup7", CASE_DUE_DONE, (struct date){2024, 4, 28});
	snprintf(want, sizeof want, "%lld:followup7:2024-04-25:2024-04-26", (long long)a);
	assert_string_equal(c.text, want);
	/* The county list without a township sees the same; another township sees none. */
	assert_int_equal(dues(f->db, &county, "", "", CASE_DUE_OVERDUE, (struct date){2024, 4, 28}).n, 1);
	assert_int_equal(dues(f->db, &town2, "", "", CASE_DUE_ANY, (struct date){2024, 4, 28}).n, 0);
	/* A hospital sees the county's dues; a village user its village's (alice's, not bob's). */
	assert_int_equal(dues(f->db, &hospital, TOWN1, "", CASE_DUE_OVERDUE, (struct date){2024, 6, 1}).n, 3);
	assert_int_equal(dues(f->db, &hospital, "", "", CASE_DUE_OVERDUE, (struct date){2024, 6, 1}).n, 3);
	assert_int_equal(dues(f->db, &village1, TOWN1, "", CASE_DUE_OVERDUE, (struct date){2024, 6, 1}).n, 1);
	assert_int_equal(dues(f->db, &village1, "", "", CASE_DUE_OVERDUE, (struct date){2024, 6, 1}).n, 1);
	/* One hospital's (or surgeon's) working list: the cases whose operation gave that value. */
	struct case_query q;
	memset(&q, 0, sizeof q);
	q.scope = t_case_scope(&hospital);
	snprintf(q.program, sizeof q.program, "cataract");
	q.due = CASE_DUE_OVERDUE;
	q.today = (struct date){2024, 6, 1};
	q.per_page = 50;
	snprintf(q.by_stage, sizeof q.by_stage, "operated");
	snprintf(q.by_field, sizeof q.by_field, "hospital_name");
	snprintf(q.by_value, sizeof q.by_value, "县人民医院");
	struct collected all = {"", 0};
	long total;
	struct error err = ERROR_INIT;
	assert_int_equal(case_search(f->db, &q, collect_row, &all, &total, &err), 0);
	assert_int_equal(total, 3);
	snprintf(q.by_value, sizeof q.by_value, "乡镇卫生院");
	all = (struct collected){"", 0};
	assert_int_equal(case_search(f->db, &q, collect_row, &all, &total, &err), 0);
	assert_int_equal(total, 0);
	q.due = CASE_DUE_ANY;
	snprintf(q.by_value, sizeof q.by_value, "县人民医院");
	all = (struct collected){"", 0};
	assert_int_equal(case_search(f->db, &q, collect_row, &all, &total, &err), 0);
	assert_int_equal(total, 2);
	/* A case closed as lost owes no more follow-ups: it leaves the working lists, its done ones stay. */
	struct case_problems pr;
	assert_int_equal(step(f->db, b, &hospital, "close_lost", "2024-06-02", "多次电话联系不上", &pr, NULL), 0);
	assert_int_equal(dues(f->db, &county, TOWN1, "", CASE_DUE_OVERDUE, (struct date){2024, 6, 3}).n, 1);
	assert_int_equal(dues(f->db, &county, "", "", CASE_DUE_OVERDUE, (struct date){2024, 6, 3}).n, 1);
	assert_int_equal(dues(f->db, &county, "", "", CASE_DUE_DONE, (struct date){2024, 6, 3}).n, 1);
}

struct counts {
	char text[2048];
};

static void add_count(void *ctx, const char *township, const char *counter, long n)
{
	struct counts *c = ctx;
	size_t len = strlen(c->text);
	snprintf(c->text + len, sizeof c->text - len, "%s%s%s%s=%ld", len ? " " : "", township, *township ? "/" : "",
		 counter, n);
}

static const char *counts(struct db *db, const struct user *u, bool by_township, struct counts *c)
{
	struct registry_scope s = t_case_scope(u);
	struct error err = ERROR_INIT;
	c->text[0] = '\0';
	if (case_counts(db, &s, "cataract", 2024, "", by_township, add_count, c, &err) < 0)
		fail_msg("case_counts: %s", err.msg);
	return c->text;
}

static void test_counts_metrics_and_returns(void **state)
{
	struct t_fixture *f = *state;
	struct counts c;
	int64_t a = enrol_ok(f->db, alice, &town1, "2024-03-01");
	STEP_OK(f->db, a, &town1, "prescreen_pass", "2024-04-08", NULL);
	/* Sent back and passed again: the history keeps both, the count stays one. */
	struct case_problems pr;
	assert_int_equal(step(f->db, a, &town1, "return_prescreen", "2024-04-09", "复核视力", &pr, NULL), 0);
	STEP_OK(f->db, a, &town1, "prescreen_pass", "2024-04-10", NULL);
	assert_int_equal(t_query_int(f->db, "SELECT count(*) FROM case_event"), 4);
	assert_string_equal(counts(f->db, &county, false, &c),
			    "metric:prescreen_passed=1 metric:registered=1 stage:prescreen_passed=1 stage:registered=1");
	int64_t b = enrol_ok(f->db, carol, &town2, "2024-03-01");
	(void)b;
	int64_t d = enrol_ok(f->db, bob, &town1, "2024-03-01");
	to_discharge(f->db, d, "2024-04-15", "2024-04-18");
	STEP_OK(f->db, d, &hospital, "followup_7", "", "followup_date", "2024-04-25", "va_followup", "6/18", NULL);
	STEP_OK(f->db, d, &hospital, "followup_30", "", "followup_date", "2024-05-18", "va_followup", "0.2", NULL);
	STEP_OK(f->db, d, &hospital, "followup_90", "", "followup_date", "2024-07-17", "va_followup", "0.05", NULL);
	counts(f->db, &county, false, &c);
	assert_non_null(strstr(c.text, "metric:good7=1"));
	assert_non_null(strstr(c.text, "metric:borderline30=1"));
	assert_non_null(strstr(c.text, "metric:poor90=1"));
	assert_non_null(strstr(c.text, "metric:operated=1"));
	assert_non_null(strstr(c.text, "stage:registered=3"));
	assert_null(strstr(c.text, "metric:good90"));
	/* By township; a township user sees its own; a village user gets its village's, counted live. */
	counts(f->db, &county, true, &c);
	assert_non_null(strstr(c.text, TOWN2 "/stage:registered=1"));
	assert_non_null(strstr(c.text, TOWN1 "/stage:registered=2"));
	assert_null(strstr(counts(f->db, &town1, true, &c), TOWN2));
	assert_string_equal(counts(f->db, &village1, false, &c),
			    "metric:prescreen_passed=1 metric:registered=1 stage:prescreen_passed=1 stage:registered=1");
}

static void test_transfer(void **state)
{
	struct t_fixture *f = *state;
	struct case_problems pr;
	struct error err = ERROR_INIT;
	struct counts c;
	int64_t a = enrol_ok(f->db, alice, &town1, "2024-03-01");
	to_discharge(f->db, a, "2024-04-15", "2024-04-18");
	struct registry_scope s1 = t_case_scope(&town1), s2 = t_case_scope(&town2);
	assert_int_equal(case_transfer(f->db, a, VILLAGE3, "", &town1, &s1, &pr, &err), 1);
	assert_string_equal(t_reason(&pr, "remark"), "请填写转移原因");
	assert_int_equal(case_transfer(f->db, a, "341699009999", "搬家", &town1, &s1, &pr, &err), 1);
	assert_int_equal(case_transfer(f->db, a, VILLAGE3, "随子女迁居望川镇", &town1, &s1, &pr, &err), 0);
	/* Now the other township's case, with its dues and counts. */
	struct case_file cf;
	assert_int_equal(case_get(f->db, &s1, a, &cf, &err), 0);
	assert_int_equal(case_get(f->db, &s2, a, &cf, &err), 1);
	assert_string_equal(cf.township, TOWN2);
	assert_int_equal(dues(f->db, &town2, TOWN2, "", CASE_DUE_OVERDUE, (struct date){2024, 8, 1}).n, 3);
	counts(f->db, &county, true, &c);
	assert_non_null(strstr(c.text, TOWN2 "/stage:operated=1"));
	assert_non_null(strstr(c.text, TOWN1 "/stage:operated=0"));
	/* The history says so. */
	assert_int_equal(t_query_int(f->db, "SELECT count(*) FROM case_event WHERE transition = 'transfer'"), 1);
}

static void collect(void *ctx, const struct program_transition *t)
{
	struct collected *c = ctx;
	size_t len = strlen(c->text);
	snprintf(c->text + len, sizeof c->text - len, "%s%s", len ? " " : "", t->key);
}

static void test_allowed(void **state)
{
	struct t_fixture *f = *state;
	int64_t a = enrol_ok(f->db, alice, &town1, "2024-03-01");
	struct registry_scope s = t_case_scope(&county);
	struct case_file cf;
	struct error err = ERROR_INIT;
	assert_int_equal(case_get(f->db, &s, a, &cf, &err), 1);
	struct collected c = {"", 0};
	case_allowed(t_program(f->db, "cataract"), &cf, &hospital, collect, &c);
	assert_string_equal(c.text, "prescreen_pass prescreen_fail withdraw");
	c.text[0] = '\0';
	case_allowed(t_program(f->db, "cataract"), &cf, &leader, collect, &c);
	assert_string_equal(c.text, "");
}

static void test_version_kept(void **state)
{
	struct t_fixture *f = *state;
	int64_t old = enrol_ok(f->db, alice, &town1, "2024-03-01");
	/* Version 2 renames a stage; the case made under version 1 keeps version 1. */
	static char text[PROGRAM_FILE_MAX];
	FILE *in = fopen("programs/cataract.json", "rb");
	assert_non_null(in);
	size_t n = fread(text, 1, sizeof text - 1, in);
	fclose(in);
	text[n] = '\0';
	char *v = strstr(text, "\"version\": 1");
	assert_non_null(v);
	v[11] = '2';
	char *label = strstr(text, "\"摸底登记\"");
	assert_non_null(label);
	memcpy(label + 1, "摸底建档", strlen("摸底建档"));
	struct error err = ERROR_INIT;
	assert_int_equal(program_store(f->db, text, n, "test", &err), 0);
	const struct program *p2;
	assert_int_equal(program_get(f->db, "cataract", 0, &p2, &err), 1);
	assert_int_equal(p2->version, 2);
	int64_t fresh = enrol_ok(f->db, bob, &town1, "2024-03-01");
	struct registry_scope s = t_case_scope(&county);
	struct case_file a, b;
	assert_int_equal(case_get(f->db, &s, old, &a, &err), 1);
	assert_int_equal(case_get(f->db, &s, fresh, &b, &err), 1);
	assert_int_equal(a.version, 1);
	assert_int_equal(b.version, 2);
	/* The old case is refused with its own version's words. */
	struct case_problems pr;
	assert_int_equal(step(f->db, old, &hospital, "operate", "2024-04-01", "", &pr, NULL), 1);
	assert_string_equal(pr.message, "当前阶段（摸底登记）不能办理“手术”");
	assert_int_equal(step(f->db, fresh, &hospital, "operate", "2024-04-01", "", &pr, NULL), 1);
	assert_string_equal(pr.message, "当前阶段（摸底建档）不能办理“手术”");
}

/* Free text: the first reason that applies, by field. */
static void test_text_problem(void **state)
{
	(void)state;
	static const struct {
		const char *s;
		size_t max;
		bool required;
		const char *reason; /* "" none */
	} cases[] = {
	    {"整改到位", 4, true, ""},
	    {"整改到位了", 4, true, "说明最多4个字"},
	    {"", 4, true, "说明不能为空"},
	    {"", 4, false, ""},
	    {"a\nb", 10, true, "说明含有无效字符"},
	    {"\xff\xfe", 10, false, "说明含有无效字符"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct case_problems pr = {0};
		case_text_problem(&pr, "note", "说明", cases[i].s, cases[i].max, cases[i].required);
		assert_int_equal(pr.n, cases[i].reason[0] ? 1 : 0);
		if (pr.n) {
			assert_string_equal(pr.items[0].field, "note");
			assert_string_equal(pr.items[0].reason, cases[i].reason);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_text_problem),
	    cmocka_unit_test_setup_teardown(test_enrol_rules, setup, t_teardown),
	    cmocka_unit_test_setup_teardown(test_transition_rules, setup, t_teardown),
	    cmocka_unit_test_setup_teardown(test_scheduling_and_working_lists, setup, t_teardown),
	    cmocka_unit_test_setup_teardown(test_counts_metrics_and_returns, setup, t_teardown),
	    cmocka_unit_test_setup_teardown(test_transfer, setup, t_teardown),
	    cmocka_unit_test_setup_teardown(test_allowed, setup, t_teardown),
	    cmocka_unit_test_setup_teardown(test_version_kept, setup, t_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
