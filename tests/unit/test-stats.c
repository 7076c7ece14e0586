/*
 * Unit tests for domain/stats: the arguments and the whitelist, the folding
 * of the grouped counts into rows x columns with exact totals for every
 * dimension, the age groups on a date at their edges (birthdays, 29
 * February), the data scope, the filters, the cases of a project-year by
 * current stage and by the stages reached (not a partition: totals count
 * each case once), the cap on cells; and that the lists a count links to
 * (registry_search, case_search with the same filters) find exactly the
 * persons and cases counted.
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
#include "domain/registry.h"
#include "domain/stats.h"
#include "support.h"

static struct user county, town1, village1, hospital;

#define V11 "341699001001" /* 青禾镇 王庄村 */
#define V12 "341699001002" /* 青禾镇 李集村 */
#define V21 "341699002001" /* 望川镇 王庄村 */

/*
 * The persons (today 2024-06-15): id-number stem, village, category,
 * grade, hukou, status. Sex from the sequence (odd male).
 */
static const struct {
	const char *name, *first17, *village;
	int category, grade, hukou, status;
} people[] = {
    {"甲", "34169920060615002", V11, 1, 1, 1, PERSON_ACTIVE}, /* 18 today, female, urban */
    {"乙", "34169920060616001", V11, 4, 2, 2, PERSON_ACTIVE}, /* 17 today (18 tomorrow), male */
    {"丙", "34169919640615001", V12, 4, 3, 2, PERSON_ACTIVE}, /* 60 today */
    {"丁", "34169919640616002", V12, 0, 0, 2, PERSON_ACTIVE}, /* 59 today, no certificate */
    {"戊", "34169920000229001", V21, 7, 1, 1, PERSON_ACTIVE}, /* born on 29 February */
    {"己", "34169919700101002", V21, 1, 4, 2, PERSON_DECEASED}, {"庚", "34169919800101001", V11, 2, 3, 2, PERSON_MOVED},
};
#define NPEOPLE (sizeof people / sizeof people[0])
static int64_t ids[NPEOPLE];

static const struct program *cataract(struct db *db)
{
	const struct program *p;
	struct error err = ERROR_INIT;
	if (program_get(db, "cataract", 0, &p, &err) != 1)
		fail_msg("program_get: %s", err.msg);
	return p;
}

static int64_t enrol(struct db *db, int64_t person)
{
	struct registry_scope s;
	case_scope_of(&county, &s);
	struct case_problems pr;
	struct error err = ERROR_INIT;
	int64_t id;
	if (case_enrol(db, cataract(db), 2024, person, "register", "2024-03-01", NULL, 0, "", &county, &s, &id, &pr,
	               &err) != 0)
		fail_msg("enrol: %s %s", err.msg, pr.message);
	return id;
}

static void step(struct db *db, int64_t id, const char *t, const char *date)
{
	struct registry_scope s;
	case_scope_of(&county, &s);
	struct case_problems pr;
	struct error err = ERROR_INIT;
	if (case_transition(db, id, t, date, NULL, 0, "初查所见", &county, &s, &pr, &err) != 0)
		fail_msg("%s: %s %s", t, err.msg, pr.message);
}

static int setup(void **state)
{
	t_setup(state, "test-stats", true);
	struct t_fixture *f = *state;
	t_county_save(f->db);
	t_program_store_file(f->db, "programs/cataract.json");
	county = t_user(ROLE_COUNTY_STAFF, "", "county");
	town1 = t_user(ROLE_TOWNSHIP, "341699001000", "town1");
	village1 = t_user(ROLE_VILLAGE, V12, "village1");
	hospital = t_user(ROLE_HOSPITAL, "", "hospital");
	struct date today = {2024, 6, 15};
	date_set_today(&today);
	for (size_t i = 0; i < NPEOPLE; i++) {
		struct person p = t_person(people[i].name, people[i].first17, people[i].village);
		p.category = people[i].category;
		p.grade = people[i].grade;
		p.hukou = people[i].hukou;
		p.status = PERSON_ACTIVE;
		struct error err = ERROR_INIT;
		if (person_insert(f->db, &p, &err) != 0)
			fail_msg("person_insert: %s", err.msg);
		ids[i] = p.id;
	}
	/* Cases of 2024 (before the deaths and moves): 甲 registered; 乙 and 丙 passed the pre-screening, 丙 was
	 * transported; 戊 failed it; 己 registered. */
	int64_t c[5] = {enrol(f->db, ids[0]), enrol(f->db, ids[1]), enrol(f->db, ids[2]), enrol(f->db, ids[4]),
	                enrol(f->db, ids[5])};
	step(f->db, c[1], "prescreen_pass", "2024-04-08");
	step(f->db, c[2], "prescreen_pass", "2024-04-08");
	struct case_value v[] = {{"batch_date", "2024-04-13"}, {"batch", "第1批"}};
	struct registry_scope s;
	case_scope_of(&county, &s);
	struct case_problems pr;
	struct error err = ERROR_INIT;
	if (case_transition(f->db, c[2], "transport", "", v, 2, "", &county, &s, &pr, &err) != 0)
		fail_msg("transport: %s %s", err.msg, pr.message);
	step(f->db, c[3], "prescreen_fail", "2024-04-09");
	for (size_t i = 0; i < NPEOPLE; i++)
		if (people[i].status != PERSON_ACTIVE) {
			char sql[128];
			snprintf(sql, sizeof sql, "UPDATE person SET status = %d WHERE id = %lld", people[i].status,
			         (long long)ids[i]);
			t_exec(f->db, sql);
		}
	return 0;
}

static int teardown(void **state)
{
	date_set_today(NULL);
	return t_teardown(state);
}

/* Helpers */

static struct stats_query query(const struct user *u, enum stats_dim rows, enum stats_dim cols)
{
	struct stats_query q;
	stats_query_init(&q, u);
	q.rows = rows;
	q.cols = cols;
	return q;
}

/* Runs q (its status defaulted) and checks the totals add up; the table to release. */
static struct stats_table run(struct db *db, struct stats_query q)
{
	stats_query_default_status(&q);
	struct stats_table t;
	struct error err = ERROR_INIT;
	int rc = stats_run(db, &q, q.program[0] ? cataract(db) : NULL, &t, &err);
	if (rc != 0)
		fail_msg("stats_run %d: %s", rc, err.msg);
	long long sum = 0;
	for (size_t r = 0; r < t.nrows; r++) {
		long long row = 0;
		for (size_t c = 0; c < t.ncols; c++)
			row += stats_cell(&t, r, c);
		if (t.cols != STATS_DIM_REACHED)
			assert_int_equal(row, t.row_totals[r]);
		sum += t.row_totals[r];
	}
	for (size_t c = 0; c < t.ncols; c++) {
		long long col = 0;
		for (size_t r = 0; r < t.nrows; r++)
			col += stats_cell(&t, r, c);
		if (t.rows != STATS_DIM_REACHED)
			assert_int_equal(col, t.col_totals[c]);
	}
	if (t.rows != STATS_DIM_REACHED)
		assert_int_equal(sum, t.total);
	return t;
}

/* "key=n key=n ... |total" of a one-column table: the rows' keys and counts. */
static const char *column(const struct stats_table *t, char *out, size_t size)
{
	size_t n = 0;
	out[0] = '\0';
	for (size_t r = 0; r < t->nrows; r++)
		n += (size_t)snprintf(out + n, size - n, "%s=%lld ", t->row_heads[r].key, t->row_totals[r]);
	snprintf(out + n, size - n, "|%lld", t->total);
	return out;
}

static const char *by(struct db *db, const struct user *u, enum stats_dim rows, char *out, size_t size)
{
	struct stats_table t = run(db, query(u, rows, STATS_DIM_NONE));
	column(&t, out, size);
	stats_table_release(&t);
	return out;
}

/* Tests */

static void test_every_dimension(void **state)
{
	struct t_fixture *f = *state;
	char s[512];
	/* 在册 by default: 甲 乙 丙 丁 戊. */
	assert_string_equal(by(f->db, &county, STATS_DIM_TOWNSHIP, s, sizeof s), "341699001000=4 341699002000=1 |5");
	assert_string_equal(by(f->db, &county, STATS_DIM_VILLAGE, s, sizeof s),
	                    "341699001001=2 341699001002=2 341699002001=1 |5");
	assert_string_equal(by(f->db, &county, STATS_DIM_CATEGORY, s, sizeof s), "1=1 2=0 3=0 4=2 5=0 6=0 7=1 0=1 |5");
	assert_string_equal(by(f->db, &county, STATS_DIM_GRADE, s, sizeof s), "1=2 2=1 3=1 4=0 0=1 |5");
	assert_string_equal(by(f->db, &county, STATS_DIM_HUKOU, s, sizeof s), "1=2 2=3 |5");
	assert_string_equal(by(f->db, &county, STATS_DIM_AGE, s, sizeof s), "0-17=1 18-59=3 60+=1 |5");
	assert_string_equal(by(f->db, &county, STATS_DIM_SEX, s, sizeof s), "1=3 2=2 |5");
	assert_string_equal(by(f->db, &county, STATS_DIM_STATUS, s, sizeof s), "1=5 |5");

	/* Heads carry labels; a village says its township; the same village name in two townships stays apart. */
	struct stats_table t = run(f->db, query(&county, STATS_DIM_VILLAGE, STATS_DIM_CATEGORY));
	assert_int_equal(t.nrows, 3);
	assert_int_equal(t.ncols, 8);
	assert_int_equal(t.townships, 2);
	assert_string_equal(t.row_heads[0].label, "王庄村");
	assert_string_equal(t.row_heads[0].parent, "青禾镇");
	assert_string_equal(t.row_heads[2].label, "王庄村");
	assert_string_equal(t.row_heads[2].parent, "望川镇");
	assert_string_equal(t.col_heads[0].label, "视力");
	assert_string_equal(t.col_heads[7].key, "0");
	assert_string_equal(t.col_heads[7].label, "未持证");
	/* 王庄村 of 青禾镇: 甲 视力, 乙 肢体; 李集村: 丙 肢体, 丁 none; 望川镇 王庄村: 戊 多重. */
	assert_int_equal(stats_cell(&t, 0, 0), 1);
	assert_int_equal(stats_cell(&t, 0, 3), 1);
	assert_int_equal(stats_cell(&t, 1, 3), 1);
	assert_int_equal(stats_cell(&t, 1, 7), 1);
	assert_int_equal(stats_cell(&t, 2, 6), 1);
	assert_int_equal(t.col_totals[3], 2);
	assert_int_equal(t.total, 5);
	stats_table_release(&t);

	/* Sex x hukou, age x grade: cells of two person dimensions. */
	t = run(f->db, query(&county, STATS_DIM_SEX, STATS_DIM_HUKOU));
	assert_int_equal(stats_cell(&t, 0, 0), 1); /* 戊 */
	assert_int_equal(stats_cell(&t, 0, 1), 2); /* 乙 丙 */
	assert_int_equal(stats_cell(&t, 1, 0), 1); /* 甲 */
	assert_int_equal(stats_cell(&t, 1, 1), 1); /* 丁 */
	stats_table_release(&t);
	t = run(f->db, query(&county, STATS_DIM_AGE, STATS_DIM_GRADE));
	assert_int_equal(stats_cell(&t, 0, 1), 1); /* 乙 17, grade 2 */
	assert_int_equal(stats_cell(&t, 1, 0), 2); /* 甲 and 戊, grade 1 */
	assert_int_equal(stats_cell(&t, 1, 4), 1); /* 丁, none */
	assert_int_equal(stats_cell(&t, 2, 2), 1); /* 丙 60, grade 3 */
	stats_table_release(&t);
}

static void test_age_on_a_date(void **state)
{
	struct t_fixture *f = *state;
	char s[512];
	struct stats_query q = query(&county, STATS_DIM_AGE, STATS_DIM_NONE);
	/* The day before: 甲 still 17, 丙 59. */
	q.age_on = (struct date){2024, 6, 14};
	struct stats_table t = run(f->db, q);
	assert_string_equal(column(&t, s, sizeof s), "0-17=2 18-59=3 60+=0 |5");
	stats_table_release(&t);
	/* The day after: 乙 18, 丁 60. */
	q.age_on = (struct date){2024, 6, 16};
	t = run(f->db, q);
	assert_string_equal(column(&t, s, sizeof s), "0-17=0 18-59=3 60+=2 |5");
	stats_table_release(&t);
	/* 戊, born 2000-02-29, is 17 on 2018-02-28 and 18 on 2018-03-01 (甲 乙 were not born: 0-17). */
	q.rows = STATS_DIM_AGE;
	q.township[0] = '\0';
	snprintf(q.village, sizeof q.village, V21);
	q.age_on = (struct date){2018, 2, 28};
	t = run(f->db, q);
	assert_string_equal(column(&t, s, sizeof s), "0-17=1 18-59=0 60+=0 |1");
	stats_table_release(&t);
	q.age_on = (struct date){2018, 3, 1};
	t = run(f->db, q);
	assert_string_equal(column(&t, s, sizeof s), "0-17=0 18-59=1 60+=0 |1");
	stats_table_release(&t);
	/* Persons born after the day count as 0-17 (甲 乙 on 2005-01-01). */
	q.village[0] = '\0';
	q.age_on = (struct date){2005, 1, 1};
	t = run(f->db, q);
	assert_string_equal(column(&t, s, sizeof s), "0-17=3 18-59=2 60+=0 |5");
	stats_table_release(&t);
}

static void test_scope(void **state)
{
	struct t_fixture *f = *state;
	char s[512];
	/* A township user counts its township only, whatever it asks. */
	assert_string_equal(by(f->db, &town1, STATS_DIM_TOWNSHIP, s, sizeof s), "341699001000=4 |4");
	assert_string_equal(by(f->db, &town1, STATS_DIM_VILLAGE, s, sizeof s), "341699001001=2 341699001002=2 |4");
	struct stats_query q = query(&town1, STATS_DIM_VILLAGE, STATS_DIM_NONE);
	snprintf(q.township, sizeof q.township, "341699002000");
	struct stats_table t = run(f->db, q);
	assert_int_equal(t.nrows, 0);
	assert_int_equal(t.total, 0);
	stats_table_release(&t);
	/* A village user its village. */
	assert_string_equal(by(f->db, &village1, STATS_DIM_VILLAGE, s, sizeof s), "341699001002=2 |2");
	assert_string_equal(by(f->db, &village1, STATS_DIM_CATEGORY, s, sizeof s),
	                    "1=0 2=0 3=0 4=1 5=0 6=0 7=0 0=1 |2");
	/* No scope (a hospital's registry scope) counts nothing; fixed heads stay, with zeros. */
	assert_false(stats_may_view(&hospital));
	assert_true(stats_may_view(&county) && stats_may_view(&town1) && stats_may_view(&village1));
	struct user leader = t_user(ROLE_LEADER, "", "leader");
	assert_true(stats_may_view(&leader));
	assert_string_equal(by(f->db, &hospital, STATS_DIM_HUKOU, s, sizeof s), "1=0 2=0 |0");
	assert_string_equal(by(f->db, &hospital, STATS_DIM_TOWNSHIP, s, sizeof s), "|0");
}

static void test_filters(void **state)
{
	struct t_fixture *f = *state;
	char s[512];
	struct stats_query q = query(&county, STATS_DIM_STATUS, STATS_DIM_NONE);
	/* Every status (0), one status. */
	q.status = 0;
	struct stats_table t = run(f->db, q);
	assert_string_equal(column(&t, s, sizeof s), "1=5 2=1 3=1 |7");
	stats_table_release(&t);
	q.status = PERSON_DECEASED;
	t = run(f->db, q);
	assert_string_equal(column(&t, s, sizeof s), "2=1 |1");
	stats_table_release(&t);
	/* Township and village; the heads follow the filters. */
	q = query(&county, STATS_DIM_VILLAGE, STATS_DIM_NONE);
	snprintf(q.township, sizeof q.township, "341699001000");
	t = run(f->db, q);
	assert_string_equal(column(&t, s, sizeof s), "341699001001=2 341699001002=2 |4");
	assert_int_equal(t.townships, 1);
	stats_table_release(&t);
	snprintf(q.village, sizeof q.village, V12);
	t = run(f->db, q);
	assert_string_equal(column(&t, s, sizeof s), "341699001002=2 |2");
	stats_table_release(&t);
	/* A village outside the township filter: nothing. */
	snprintf(q.village, sizeof q.village, V21);
	t = run(f->db, q);
	assert_string_equal(column(&t, s, sizeof s), "|0");
	stats_table_release(&t);
	/* Categories 1 and 4 (of every status: 甲 乙 丙 己), grades 0 and 3. */
	q = query(&county, STATS_DIM_CATEGORY, STATS_DIM_NONE);
	q.status = 0;
	assert_int_equal(stats_query_arg(&q, "category", "1,4"), 0);
	t = run(f->db, q);
	assert_string_equal(column(&t, s, sizeof s), "1=2 4=2 |4");
	stats_table_release(&t);
	q = query(&county, STATS_DIM_GRADE, STATS_DIM_NONE);
	assert_int_equal(stats_query_arg(&q, "grade", "0,3"), 0);
	t = run(f->db, q);
	assert_string_equal(column(&t, s, sizeof s), "3=1 0=1 |2");
	stats_table_release(&t);
}

/* How many cases case_search (or case_report_reached) lists for q: what a count's link shows. */
static int no_row(void *ctx, const struct case_row *r, struct error *err)
{
	(void)ctx;
	(void)r;
	(void)err;
	return 0;
}

static long listed_cases(struct db *db, const struct case_query *q)
{
	long total = -1;
	struct error err = ERROR_INIT;
	if (case_search(db, q, no_row, NULL, &total, &err) < 0)
		fail_msg("case_search: %s", err.msg);
	return total;
}

static void test_cases(void **state)
{
	struct t_fixture *f = *state;
	/* By current stage: no person's column, so the cases alone (any status: 己 died since). */
	struct stats_query q = query(&county, STATS_DIM_STAGE, STATS_DIM_NONE);
	snprintf(q.program, sizeof q.program, "cataract");
	q.year = 2024;
	struct stats_table t = run(f->db, q);
	assert_int_equal(t.nrows, cataract(f->db)->nstages);
	assert_string_equal(t.row_heads[0].key, "registered");
	assert_string_equal(t.row_heads[0].label, cataract(f->db)->stages[0].label);
	assert_int_equal(t.row_totals[0], 2); /* 甲 己 */
	assert_int_equal(t.row_totals[1], 1); /* 乙 prescreen_passed */
	assert_int_equal(t.row_totals[2], 1); /* 戊 prescreen_failed */
	assert_int_equal(t.row_totals[3], 1); /* 丙 transported */
	assert_int_equal(t.total, 5);
	stats_table_release(&t);
	/* Another year: none. */
	q.year = 2023;
	t = run(f->db, q);
	assert_int_equal(t.total, 0);
	stats_table_release(&t);
	q.year = 2024;

	/* Township x reached: cells count every stage reached, totals each case once. */
	q.rows = STATS_DIM_TOWNSHIP;
	q.cols = STATS_DIM_REACHED;
	t = run(f->db, q);
	assert_int_equal(t.nrows, 2);
	assert_int_equal(stats_cell(&t, 0, 0), 3); /* 甲 乙 丙 registered */
	assert_int_equal(stats_cell(&t, 0, 1), 2); /* 乙 丙 passed */
	assert_int_equal(stats_cell(&t, 0, 3), 1); /* 丙 transported */
	assert_int_equal(stats_cell(&t, 1, 0), 2); /* 戊 己 */
	assert_int_equal(stats_cell(&t, 1, 2), 1); /* 戊 failed */
	assert_int_equal(t.row_totals[0], 3);
	assert_int_equal(t.row_totals[1], 2);
	assert_int_equal(t.col_totals[0], 5);
	assert_int_equal(t.col_totals[1], 2);
	assert_int_equal(t.total, 5);
	stats_table_release(&t);

	/* Reached x age (the person read): the same stages, and a person filter (在册: 己 out). */
	q.rows = STATS_DIM_REACHED;
	q.cols = STATS_DIM_AGE;
	q.status = PERSON_ACTIVE;
	t = run(f->db, q);
	assert_int_equal(t.row_totals[0], 4);
	assert_int_equal(stats_cell(&t, 0, 0), 1); /* 乙 17 */
	assert_int_equal(stats_cell(&t, 1, 2), 1); /* 丙 60 passed */
	assert_int_equal(t.col_totals[1], 2);      /* 甲 戊 */
	assert_int_equal(t.total, 4);
	stats_table_release(&t);

	/* Category x stage with the bare path's totals: the same cases either way. */
	q = query(&county, STATS_DIM_CATEGORY, STATS_DIM_STAGE);
	snprintf(q.program, sizeof q.program, "cataract");
	q.year = 2024;
	t = run(f->db, q);
	assert_int_equal(t.total, 5);
	assert_int_equal(stats_cell(&t, 3, 1), 1); /* 肢体 乙 prescreen_passed */
	assert_int_equal(stats_cell(&t, 3, 3), 1); /* 肢体 丙 transported */
	assert_int_equal(stats_cell(&t, 0, 0), 2); /* 视力 甲 己 registered */
	stats_table_release(&t);

	/* The lists a count links to find the same cases. */
	struct case_query cq;
	memset(&cq, 0, sizeof cq);
	case_scope_of(&county, &cq.scope);
	snprintf(cq.program, sizeof cq.program, "cataract");
	cq.year = 2024;
	cq.today = date_today();
	cq.page = 1;
	cq.per_page = 20;
	cq.categories = 1u << 4;
	snprintf(cq.stage, sizeof cq.stage, "transported");
	assert_int_equal(listed_cases(f->db, &cq), 1);
	cq.stage[0] = '\0';
	assert_int_equal(listed_cases(f->db, &cq), 2);
	cq.categories = 0;
	cq.status = PERSON_ACTIVE;
	registry_age_bounds(REGISTRY_AGE_ADULT, date_today(), cq.born_after, cq.born_by);
	assert_int_equal(listed_cases(f->db, &cq), 2); /* 甲 戊 */
	long total = -1;
	struct error err = ERROR_INIT;
	assert_int_equal(case_report_reached(f->db, &cq, "registered", no_row, NULL, &total, &err), 0);
	assert_int_equal(total, 2);
	cq.status = 0;
	cq.born_after[0] = cq.born_by[0] = '\0';
	snprintf(cq.village, sizeof cq.village, V21);
	assert_int_equal(listed_cases(f->db, &cq), 2); /* 戊 己 */
	cq.sex = 2;
	assert_int_equal(listed_cases(f->db, &cq), 1); /* 己 */
	cq.sex = 0;
	cq.hukou = 1;
	assert_int_equal(listed_cases(f->db, &cq), 1); /* 戊 */
	cq.grades = 1u << 4;
	assert_int_equal(listed_cases(f->db, &cq), 0);
}

static int no_person(void *ctx, const struct person *p, struct error *err)
{
	(void)ctx;
	(void)p;
	(void)err;
	return 0;
}

/* How many persons registry_search finds for the filters a link gives. */
static long listed_persons(struct db *db, const char *const *args)
{
	struct registry_query q;
	registry_query_init(&q, &county);
	for (size_t i = 0; args[i]; i += 2)
		if (registry_query_arg(&q, args[i], args[i + 1]) != 0)
			fail_msg("registry_query_arg %s=%s", args[i], args[i + 1]);
	long total = -1;
	struct error err = ERROR_INIT;
	if (registry_search(db, &q, no_person, NULL, &total, &err) < 0)
		fail_msg("registry_search: %s", err.msg);
	return total;
}

static void test_registry_links(void **state)
{
	struct t_fixture *f = *state;
	/* The filters the links carry: sex, age on a date, 未持证 (0), status. */
	assert_int_equal(listed_persons(f->db, (const char *const[]){"status", "1", "sex", "1", NULL}), 3);
	assert_int_equal(listed_persons(f->db, (const char *const[]){"status", "1", "age_group", "0-17", NULL}), 1);
	assert_int_equal(listed_persons(f->db, (const char *const[]){"status", "1", "age_group", "0-17", "age_on",
	                                                             "2024-06-14", NULL}),
	                 2);
	assert_int_equal(listed_persons(f->db, (const char *const[]){"status", "1", "age_group", "60+", "age_on",
	                                                             "2024-06-16", NULL}),
	                 2);
	assert_int_equal(listed_persons(f->db, (const char *const[]){"category", "0", NULL}), 1);
	assert_int_equal(listed_persons(f->db, (const char *const[]){"grade", "0,3", NULL}), 3);
	assert_int_equal(listed_persons(f->db, (const char *const[]){"township", "341699001000", "sex", "2", NULL}), 2);
	struct registry_query q;
	registry_query_init(&q, &county);
	assert_int_equal(registry_query_arg(&q, "sex", "3"), MSG_FILTER_VALUE);
	assert_int_equal(registry_query_arg(&q, "age_on", "2024-02-30"), MSG_FILTER_DATE);
	assert_int_equal(registry_query_arg(&q, "age_on", "1899-12-31"), MSG_FILTER_DATE);
	assert_int_equal(registry_query_arg(&q, "category", "8"), MSG_FILTER_CODES);
}

static void test_arguments(void **state)
{
	(void)state;
	struct stats_query q;
	stats_query_init(&q, &county);
	assert_int_equal(q.rows, STATS_DIM_TOWNSHIP);
	assert_int_equal(q.cols, STATS_DIM_NONE);
	assert_int_equal(q.age_on.year, 2024);
	assert_int_equal(q.year, 2024);
	/* The whitelist, and each name as the lists take it. */
	for (int d = 0; d < STATS_DIM__MAX; d++) {
		assert_int_equal(stats_dim_parse(stats_dim_name((enum stats_dim)d)), d);
		assert_true(*stats_dim_label((enum stats_dim)d));
	}
	assert_string_equal(stats_dim_arg(STATS_DIM_AGE), "age_group");
	assert_string_equal(stats_dim_arg(STATS_DIM_REACHED), "reached");
	assert_int_equal(stats_dim_parse("name"), -1);
	assert_int_equal(stats_query_arg(&q, "rows", "id_number"), MSG_STATS_DIM);
	assert_int_equal(stats_query_arg(&q, "rows", "village; DROP TABLE person"), MSG_STATS_DIM);
	assert_int_equal(q.rows, STATS_DIM_TOWNSHIP);
	assert_int_equal(stats_query_arg(&q, "cols", "grade"), 0);
	assert_int_equal(q.cols, STATS_DIM_GRADE);
	assert_int_equal(stats_query_arg(&q, "program", "Cat aract"), MSG_STATS_PROGRAM);
	assert_int_equal(stats_query_arg(&q, "year", "1999"), MSG_EMP_YEAR);
	assert_int_equal(stats_query_arg(&q, "status", "4"), MSG_STATS_STATUS);
	assert_int_equal(stats_query_arg(&q, "township", "341699001001"), MSG_FILTER_TOWNSHIP);
	assert_int_equal(stats_query_arg(&q, "village", "341699001000"), MSG_FILTER_VILLAGE);
	assert_int_equal(stats_query_arg(&q, "age_on", "yesterday"), MSG_FILTER_DATE);
	assert_int_equal(stats_query_arg(&q, "unknown", "x"), 0);
	assert_int_equal(stats_query_arg(&q, "age_on", "2023-12-31"), 0);
	assert_int_equal(q.age_on.year, 2023);
	/* Status: 在册 for persons, any for cases, unless given. */
	stats_query_default_status(&q);
	assert_int_equal(q.status, 1);
	stats_query_init(&q, &county);
	assert_int_equal(stats_query_arg(&q, "program", "cataract"), 0);
	stats_query_default_status(&q);
	assert_int_equal(q.status, 0);
	stats_query_init(&q, &county);
	assert_int_equal(stats_query_arg(&q, "program", "cataract"), 0);
	assert_int_equal(stats_query_arg(&q, "status", "1"), 0);
	stats_query_default_status(&q);
	assert_int_equal(q.status, 1);
	/* Combinations. */
	enum stats_dim which;
	stats_query_init(&q, &county);
	q.cols = STATS_DIM_TOWNSHIP;
	assert_int_equal(stats_query_check(&q, &which), MSG_STATS_SAME_DIM);
	q.cols = STATS_DIM_REACHED;
	assert_int_equal(stats_query_check(&q, &which), MSG_STATS_CASES_ONLY);
	assert_int_equal(which, STATS_DIM_REACHED);
	snprintf(q.program, sizeof q.program, "cataract");
	assert_int_equal(stats_query_check(&q, &which), 0);
	q.rows = STATS_DIM_STAGE;
	assert_int_equal(stats_query_check(&q, &which), MSG_STATS_STAGE_REACHED);
	q.rows = STATS_DIM_NONE;
	assert_int_equal(stats_query_check(&q, &which), MSG_STATS_DIM);
}

/* A table counted again while nothing changed comes from the results kept; any change is seen at once. */
static void test_results_follow_changes(void **state)
{
	struct t_fixture *f = *state;
	char s[512];
	assert_string_equal(by(f->db, &county, STATS_DIM_SEX, s, sizeof s), "1=3 2=2 |5");
	assert_string_equal(by(f->db, &county, STATS_DIM_SEX, s, sizeof s), "1=3 2=2 |5");
	/* Another reader connection on the same file, as the server's workers have. */
	struct db *reader;
	struct error err = ERROR_INIT;
	assert_int_equal(db_open(&reader, f->path, DB_READER, &err), 0);
	assert_string_equal(by(reader, &county, STATS_DIM_SEX, s, sizeof s), "1=3 2=2 |5");
	/* The writer changes a file: both connections count it. */
	t_exec(f->db, "UPDATE person SET status = 2 WHERE name = '乙'");
	assert_string_equal(by(reader, &county, STATS_DIM_SEX, s, sizeof s), "1=2 2=2 |4");
	assert_string_equal(by(f->db, &county, STATS_DIM_SEX, s, sizeof s), "1=2 2=2 |4");
	struct person p = t_person("辛", "34169919900101002", V21);
	p.status = PERSON_ACTIVE;
	assert_int_equal(person_insert(f->db, &p, &err), 0);
	assert_string_equal(by(reader, &county, STATS_DIM_SEX, s, sizeof s), "1=2 2=3 |5");
	/* The same table on another day of age counting is another table. */
	struct stats_query q = query(&county, STATS_DIM_AGE, STATS_DIM_NONE);
	struct stats_table t = run(reader, q);
	assert_int_equal(t.row_totals[0], 0); /* 乙, the one child, died */
	stats_table_release(&t);
	q.age_on = (struct date){2024, 6, 14};
	t = run(reader, q);
	assert_int_equal(t.row_totals[0], 1); /* 甲 was 17 the day before */
	stats_table_release(&t);
	db_close(reader);
}

static void test_too_many_cells(void **state)
{
	struct t_fixture *f = *state;
	/* 150 more townships with a village each: villages x townships passes the cap. */
	for (int i = 10; i < 160; i++) {
		char t[24], v[24];
		snprintf(t, sizeof t, "341699%03d000", i);
		snprintf(v, sizeof v, "341699%03d001", i);
		t_division_save(f->db, t, "镇");
		t_division_save(f->db, v, "村");
	}
	struct stats_query q = query(&county, STATS_DIM_VILLAGE, STATS_DIM_TOWNSHIP);
	stats_query_default_status(&q);
	struct stats_table t;
	struct error err = ERROR_INIT;
	assert_int_equal(stats_run(f->db, &q, NULL, &t, &err), 1);
	assert_int_equal(t.nrows, 153);
	assert_int_equal(t.ncols, 152);
	stats_table_release(&t);
	/* One township: fine. */
	snprintf(q.township, sizeof q.township, "341699001000");
	assert_int_equal(stats_run(f->db, &q, NULL, &t, &err), 0);
	assert_int_equal(t.nrows, 2);
	assert_int_equal(t.ncols, 1);
	assert_int_equal(t.total, 4);
	stats_table_release(&t);
	/* An unchecked query is refused, not run. */
	q.cols = STATS_DIM_VILLAGE;
	assert_int_equal(stats_run(f->db, &q, NULL, &t, &err), -1);
	stats_table_release(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_every_dimension, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_age_on_a_date, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_scope, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_filters, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_cases, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_registry_links, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_arguments, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_results_follow_changes, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_too_many_cells, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
