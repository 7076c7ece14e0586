/*
 * Unit tests for domain/case-report: a case's follow-ups, the cases that
 * reached a stage, the breakdowns of the cataract definition (by surgeon,
 * by month, with the 90-day good outcomes) and the overdue follow-ups by
 * stage, each within scope; the cases that met a metric by hukou (for a
 * target split urban/rural), with the counts kept by migration 015's
 * triggers matching the cases they count through every change; the
 * county's setting whether notice lists show disability category and grade.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "base/date.h"
#include "domain/case-report.h"
#include "domain/case.h"
#include "domain/person.h"
#include "domain/program.h"
#include "support.h"

static struct user county, town1, town2, hospital;
static int64_t cases[3];

static void step(struct db *db, int64_t id, const struct user *u, const char *t, const char *date, const char *f1,
		 const char *v1, const char *f2, const char *v2)
{
	struct case_value values[8];
	size_t n = 0;
	if (f1)
		values[n++] = (struct case_value){f1, v1};
	if (f2)
		values[n++] = (struct case_value){f2, v2};
	struct registry_scope s;
	case_scope_of(u, &s);
	struct case_problems pr;
	struct error err = ERROR_INIT;
	if (case_transition(db, id, t, date, values, n, "", u, &s, &pr, &err) != 0)
		fail_msg("%s: %s %s %s", t, err.msg, pr.message, pr.n ? pr.items[0].reason : "");
}

static void operate(struct db *db, int64_t id, const char *surgeon, const char *day, const char *discharged)
{
	struct case_value v[] = {
	    {"surgery_date", day},        {"hospital_name", "县人民医院"}, {"surgeon", surgeon},
	    {"visiting_expert", "是"},    {"eye", "右眼"}, {"technique", "超声乳化+人工晶体植入"},
	    {"va_preop", "0.05"},
	};
	struct registry_scope s;
	case_scope_of(&hospital, &s);
	struct case_problems pr;
	struct error err = ERROR_INIT;
	step(db, id, &town1, "prescreen_pass", "2024-04-08", NULL, NULL, NULL, NULL);
	step(db, id, &town1, "transport", "", "batch_date", "2024-04-13", "batch", "第1批");
	step(db, id, &hospital, "reexam_pass", "2024-04-14", NULL, NULL, NULL, NULL);
	if (case_transition(db, id, "operate", "", v, sizeof v / sizeof v[0], "", &hospital, &s, &pr, &err) != 0)
		fail_msg("operate: %s %s", err.msg, pr.message);
	step(db, id, &hospital, "discharge", "", "discharge_date", discharged, NULL, NULL);
}

static int setup(void **state)
{
	t_setup(state, "test-case-report", true);
	struct t_fixture *f = *state;
	t_county_save(f->db);
	t_program_store_file(f->db, "programs/cataract.json");
	t_users((struct t_users){.county = &county, .town1 = &town1, .town2 = &town2, .hospital = &hospital});
	t_today("2024-12-31");
	const char *ids[] = {"34169919500101002", "34169919480202001", "34169919520303002"};
	struct registry_scope s;
	case_scope_of(&county, &s);
	for (int i = 0; i < 3; i++) {
		int64_t pid = t_person_save(f->db, "病人", ids[i], "341699001001", PERSON_ACTIVE);
		struct case_problems pr;
		struct error err = ERROR_INIT;
		if (case_enrol(f->db, t_program(f->db, "cataract"), 2024, pid, "register", "2024-03-01", NULL, 0, "", &county,
			       &s, &cases[i], &pr, &err) != 0)
			fail_msg("enrol: %s %s", err.msg, pr.message);
	}
	/* Two by 王医生 (April and May), one by 李医生; two good at 90 days, one poor. */
	operate(f->db, cases[0], "王医生", "2024-04-15", "2024-04-18");
	operate(f->db, cases[1], "王医生", "2024-05-02", "2024-05-05");
	operate(f->db, cases[2], "李医生", "2024-04-16", "2024-04-19");
	step(f->db, cases[0], &hospital, "followup_90", "", "followup_date", "2024-07-17", "va_followup", "0.5");
	step(f->db, cases[1], &hospital, "followup_90", "", "followup_date", "2024-08-03", "va_followup", "6/18");
	step(f->db, cases[2], &hospital, "followup_90", "", "followup_date", "2024-07-18", "va_followup", "0.05");
	return 0;
}

struct text {
	char s[1024];
};

static void add_row(void *ctx, const char *value, const char *month, long n, long met)
{
	struct text *t = ctx;
	size_t len = strlen(t->s);
	snprintf(t->s + len, sizeof t->s - len, "%s%s/%s=%ld/%ld", len ? " " : "", value, month, n, met);
}

static void test_breakdown(void **state)
{
	struct t_fixture *f = *state;
	const struct program *p = t_program(f->db, "cataract");
	struct registry_scope s;
	struct error err = ERROR_INIT;
	struct text t = {""};
	int k = -1;
	for (size_t i = 0; i < p->nbreakdowns; i++)
		if (strcmp(p->breakdowns[i].key, "surgeon") == 0)
			k = (int)i;
	assert_true(k >= 0);
	case_scope_of(&county, &s);
	assert_int_equal(case_report_breakdown(f->db, &s, p, 2024, &p->breakdowns[k], add_row, &t, &err), 0);
	assert_string_equal(t.s, "李医生/2024-04=1/0 王医生/2024-04=1/1 王医生/2024-05=1/1");
	/* Another township sees none of it; another year neither. */
	t.s[0] = '\0';
	case_scope_of(&town2, &s);
	assert_int_equal(case_report_breakdown(f->db, &s, p, 2024, &p->breakdowns[k], add_row, &t, &err), 0);
	assert_string_equal(t.s, "");
	case_scope_of(&county, &s);
	assert_int_equal(case_report_breakdown(f->db, &s, p, 2023, &p->breakdowns[k], add_row, &t, &err), 0);
	assert_string_equal(t.s, "");
}

static void add_overdue(void *ctx, const char *stage, long n)
{
	struct text *t = ctx;
	size_t len = strlen(t->s);
	snprintf(t->s + len, sizeof t->s - len, "%s%s=%ld", len ? " " : "", stage, n);
}

static void test_overdue(void **state)
{
	struct t_fixture *f = *state;
	struct registry_scope s;
	struct error err = ERROR_INIT;
	struct text t = {""};
	case_scope_of(&town1, &s);
	/* On 2024-05-10: the first and the third case's 7-day follow-ups (due 04-25, 04-26) are late; the second's (05-12) not yet. */
	assert_int_equal(case_report_overdue(f->db, &s, "cataract", 2024, (struct date){2024, 5, 10}, add_overdue, &t, &err), 0);
	assert_string_equal(t.s, "followup7=2");
	/* At the year's end the 7- and 30-day ones of all three were never done; the 90-day ones were. */
	t.s[0] = '\0';
	assert_int_equal(case_report_overdue(f->db, &s, "cataract", 2024, (struct date){2024, 12, 31}, add_overdue, &t, &err), 0);
	assert_string_equal(t.s, "followup30=3 followup7=3");
	t.s[0] = '\0';
	case_scope_of(&town2, &s);
	assert_int_equal(case_report_overdue(f->db, &s, "cataract", 2024, (struct date){2024, 12, 31}, add_overdue, &t, &err), 0);
	assert_string_equal(t.s, "");
}

static void add_due(void *ctx, const char *stage, const char *due, const char *done)
{
	struct text *t = ctx;
	size_t len = strlen(t->s);
	snprintf(t->s + len, sizeof t->s - len, "%s%s:%s:%s", len ? " " : "", stage, due, done);
}

static void test_dues_of_a_case(void **state)
{
	struct t_fixture *f = *state;
	struct error err = ERROR_INIT;
	struct text t = {""};
	assert_int_equal(case_report_dues(f->db, cases[0], add_due, &t, &err), 0);
	assert_string_equal(t.s, "followup7:2024-04-25: followup30:2024-05-18: followup90:2024-07-17:2024-07-17");
}

static int setup_empty(void **state)
{
	return t_setup(state, "test-case-report", true);
}

/* The county's choice whether notice lists show disability: off until set, "1" alone means on. */
static void test_notice_disability_setting(void **state)
{
	struct t_fixture *f = *state;
	struct error err = ERROR_INIT;
	char text[8];
	assert_int_equal(case_report_notice_disability(f->db, &err), 0);
	assert_int_equal(case_report_set_notice_disability(f->db, true, &err), 0);
	assert_int_equal(case_report_notice_disability(f->db, &err), 1);
	assert_string_equal(t_query_text(f->db, "SELECT value FROM setting WHERE key = 'notice.show_disability'", text,
					 sizeof text),
			    "1");
	assert_int_equal(case_report_set_notice_disability(f->db, true, &err), 0);
	assert_int_equal(t_query_int(f->db, "SELECT count(*) FROM setting"), 1);
	assert_int_equal(case_report_set_notice_disability(f->db, false, &err), 0);
	assert_int_equal(case_report_notice_disability(f->db, &err), 0);
	assert_string_equal(t_query_text(f->db, "SELECT value FROM setting WHERE key = 'notice.show_disability'", text,
					 sizeof text),
			    "0");
	/* Anything but "1" written by hand is off. */
	t_exec(f->db, "UPDATE setting SET value = 'yes' WHERE key = 'notice.show_disability'");
	assert_int_equal(case_report_notice_disability(f->db, &err), 0);
	/* Other settings are left alone. */
	t_exec(f->db, "INSERT INTO setting (key, value) VALUES ('password.min_length', '10')");
	assert_int_equal(case_report_set_notice_disability(f->db, true, &err), 0);
	assert_string_equal(t_query_text(f->db, "SELECT value FROM setting WHERE key = 'password.min_length'", text,
					 sizeof text),
			    "10");
}

static void add_hukou(void *ctx, int hukou, long n)
{
	struct text *t = ctx;
	size_t len = strlen(t->s);
	snprintf(t->s + len, sizeof t->s - len, "%s%d=%ld", len ? " " : "", hukou, n);
}

static const char *by_hukou(struct db *db, int year, const char *metric, struct text *t)
{
	struct error err = ERROR_INIT;
	t->s[0] = '\0';
	if (case_report_metric_by_hukou(db, "cataract", year, metric, add_hukou, t, &err) != 0)
		fail_msg("case_report_metric_by_hukou: %s", err.msg);
	return t->s;
}

/* The rows of program_reached_hukou that differ from a count of the cases (either way): 0 when they are kept right. */
static const char SQL_REACHED_DRIFT[] =
	"SELECT count(*) FROM (SELECT c.program_code AS pc, c.year AS y, s.stage AS st, p.hukou AS h, count(*) AS n"
	" FROM case_stage s JOIN program_case c ON c.id = s.case_id JOIN person p ON p.id = c.person_id"
	" GROUP BY 1, 2, 3, 4) a FULL JOIN (SELECT * FROM program_reached_hukou WHERE n <> 0) b"
	" ON b.program_code = a.pc AND b.year = a.y AND b.stage = a.st AND b.hukou = a.h WHERE a.n IS NOT b.n";
static const char SQL_REACHED_ROWS[] = "SELECT count(*) FROM program_reached_hukou WHERE n <> 0";

static void hukou_of(struct db *db, const char *first17, int hukou)
{
	struct person p = t_person("病人", first17, "341699001001");
	struct error err = ERROR_INIT;
	if (person_find_by_id_number(db, p.id_number, &p, &err) != 1)
		fail_msg("person_find_by_id_number: %s", err.msg);
	p.hukou = hukou;
	if (person_update(db, &p, &err) != 0)
		fail_msg("person_update: %s", err.msg);
}

static void test_metric_by_hukou(void **state)
{
	struct t_fixture *f = *state;
	struct text t;
	/* All three rural: operated 3; good at 90 days (0.5 and 6/18; not 0.05) 2, from their events. */
	assert_string_equal(by_hukou(f->db, 2024, "operated", &t), "2=3");
	assert_string_equal(by_hukou(f->db, 2024, "good90", &t), "2=2");
	assert_string_equal(by_hukou(f->db, 2023, "operated", &t), "");
	assert_int_equal(t_query_int(f->db, SQL_REACHED_DRIFT), 0);
	/* registered, prescreen_passed, transported, candidate, operated, discharged, followup90: one hukou */
	assert_int_equal(t_query_int(f->db, SQL_REACHED_ROWS), 7);

	/* The first person becomes urban (an edit): their case's stages move. */
	hukou_of(f->db, "34169919500101002", 1);
	assert_string_equal(by_hukou(f->db, 2024, "operated", &t), "1=1 2=2");
	assert_string_equal(by_hukou(f->db, 2024, "good90", &t), "1=1 2=1");
	assert_string_equal(by_hukou(f->db, 2024, "registered", &t), "1=1 2=2");
	assert_int_equal(t_query_int(f->db, SQL_REACHED_DRIFT), 0);
	/* Saved again unchanged: nothing moves. */
	hukou_of(f->db, "34169919500101002", 1);
	assert_string_equal(by_hukou(f->db, 2024, "operated", &t), "1=1 2=2");

	/* A case moved to another township still counts for its person's hukou. */
	struct registry_scope s;
	case_scope_of(&county, &s);
	struct case_problems pr;
	struct error err = ERROR_INIT;
	if (case_transfer(f->db, cases[0], "341699002001", "迁居", &county, &s, &pr, &err) != 0)
		fail_msg("case_transfer: %s %s", err.msg, pr.message);
	assert_string_equal(by_hukou(f->db, 2024, "operated", &t), "1=1 2=2");

	/* A new case reaching its first stage counts at once. */
	int64_t pid = t_person_save(f->db, "病人", "34169919550505003", "341699002001", PERSON_ACTIVE);
	int64_t id;
	if (case_enrol(f->db, t_program(f->db, "cataract"), 2024, pid, "register", "2024-06-01", NULL, 0, "", &county, &s,
		       &id, &pr, &err) != 0)
		fail_msg("enrol: %s %s", err.msg, pr.message);
	assert_string_equal(by_hukou(f->db, 2024, "registered", &t), "1=1 2=3");
	assert_string_equal(by_hukou(f->db, 2024, "operated", &t), "1=1 2=2");
	assert_int_equal(t_query_int(f->db, SQL_REACHED_DRIFT), 0);

	/* Changes the engine never makes are kept too: a case's year, a stage reached removed. */
	t_exec(f->db, "UPDATE program_case SET year = 2025 WHERE id = (SELECT max(id) FROM program_case)");
	assert_string_equal(by_hukou(f->db, 2024, "registered", &t), "1=1 2=2");
	assert_int_equal(t_query_int(f->db, SQL_REACHED_DRIFT), 0);
	t_exec(f->db, "DELETE FROM case_stage WHERE stage = 'followup90' AND case_id = (SELECT min(id) FROM program_case)");
	assert_string_equal(by_hukou(f->db, 2024, "followup90_done", &t), "2=2");
	assert_int_equal(t_query_int(f->db, SQL_REACHED_DRIFT), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_breakdown, setup, t_teardown),
	    cmocka_unit_test_setup_teardown(test_overdue, setup, t_teardown),
	    cmocka_unit_test_setup_teardown(test_dues_of_a_case, setup, t_teardown),
	    cmocka_unit_test_setup_teardown(test_notice_disability_setting, setup_empty, t_teardown),
	    cmocka_unit_test_setup_teardown(test_metric_by_hukou, setup, t_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
