/*
 * Unit tests for domain/survey-check (验收): the generator against the
 * published splitmix64 outputs, the partial Fisher-Yates sample (distinct,
 * reproducible, even), a township's sample drawn from its recorded roster
 * persons in person order and stored, the same seed drawing the same
 * households, verdicts given once, and the error rate. The tests run in
 * order on one database.
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
#include "domain/survey-check.h"
#include "domain/survey.h"
#include "support.h"

#define TOWN1 "341699001000"
#define TOWN2 "341699002000"
#define VILLAGE1 "341699001001"
#define VILLAGE2 "341699001002"
#define YEAR 2024
#define PERSONS 24  /* in 青禾镇, half in each village */
#define RECORDED 20 /* of them with a record */

static struct user county, town1, town2;
static int64_t ids[PERSONS]; /* in id order */

static int setup(void **state)
{
	t_setup(state, "test-survey-check", true);
	struct t_fixture *f = *state;
	struct error err = ERROR_INIT;
	t_county_save(f->db);
	struct date today = {YEAR, 10, 10};
	date_set_today(&today);
	t_users((struct t_users){.county = &county, .town1 = &town1, .town2 = &town2});
	for (int i = 0; i < PERSONS; i++) {
		char first17[40], name[32];
		snprintf(first17, sizeof first17, "3416991970%02d%02d%03d", i % 12 + 1, i % 28 + 1, 100 + i);
		snprintf(name, sizeof name, "人员%02d", i);
		struct person p = t_person(name, first17, i % 2 ? VILLAGE2 : VILLAGE1);
		ids[i] = t_person_insert(f->db, &p);
	}
	static const char form[] =
	    "{\"code\":\"t\",\"name\":\"调查表\",\"version\":1,"
	    "\"fields\":[{\"key\":\"housing\",\"label\":\"住房\",\"type\":\"bool\"}],\"required\":[\"housing\"]}";
	struct buf problems = BUF_INIT(4096);
	enum survey_open_result what;
	if (survey_open(f->db, YEAR, form, strlen(form), NULL, NULL, "admin", &what, &problems, &err) != 0)
		fail_msg("survey_open: %s %s", buf_cstr(&problems), err.msg);
	buf_release(&problems);
	struct registry_scope s;
	registry_scope_of(&county, &s);
	struct case_problems pr;
	long added;
	if (survey_draw(f->db, YEAR, TOWN1, &county, &s, &added, &pr, &err) != 0 || added != PERSONS)
		fail_msg("survey_draw: %s %s", pr.message, err.msg);
	if (survey_assign(f->db, YEAR, VILLAGE1, "", "王调查", &county, &s, &pr, &err) != 0 ||
	    survey_assign(f->db, YEAR, VILLAGE2, "", "李调查", &county, &s, &pr, &err) != 0)
		fail_msg("survey_assign: %s %s", pr.message, err.msg);
	/* Records for the first RECORDED persons, in a shuffled order of entry (the sample's order is the persons'). */
	static const struct case_value yes[] = {{"housing", "是"}};
	for (int k = 0; k < RECORDED; k++) {
		int i = (k * 7) % RECORDED;
		struct survey_entry e = {"visited", "2024-09-10", "", yes, 1, "", 0};
		int64_t rid;
		int version;
		if (survey_record(f->db, YEAR, ids[i], &e, &county, &s, &rid, &version, &pr, &err) != 0)
			fail_msg("survey_record: %s %s", pr.message, err.msg);
	}
	return 0;
}

static struct db *db_of(void **state)
{
	return ((struct t_fixture *)*state)->db;
}

/* The generator and the sample */

static void test_splitmix64(void **state)
{
	(void)state;
	/* The reference outputs for seed 1234567 (Rosetta Code, "Pseudo-random numbers/Splitmix64"). */
	static const uint64_t want[] = {6457827717110365317ULL, 3203168211198807973ULL, 9817491932198370423ULL,
	                                4593380528125082431ULL, 16408922859458223821ULL};
	uint64_t s = 1234567;
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
		assert_true(survey_splitmix64(&s) == want[i]);
}

static void test_sample(void **state)
{
	(void)state;
	size_t a[50], b[50];
	survey_sample(42, 1000, 50, a);
	survey_sample(42, 1000, 50, b);
	assert_memory_equal(a, b, sizeof a);
	for (size_t i = 0; i < 50; i++) {
		assert_true(a[i] < 1000);
		for (size_t j = 0; j < i; j++)
			assert_true(a[i] != a[j]);
	}
	survey_sample(43, 1000, 50, b);
	assert_memory_not_equal(a, b, sizeof a);
	/* All of them: a permutation. */
	size_t p[20];
	bool seen[20] = {false};
	survey_sample(7, 20, 20, p);
	for (size_t i = 0; i < 20; i++) {
		assert_true(p[i] < 20 && !seen[p[i]]);
		seen[p[i]] = true;
	}
	/* Even: over 4000 seeds, each of 4 rows drawn first about 1000 times. */
	long count[4] = {0};
	for (uint64_t seed = 1; seed <= 4000; seed++) {
		size_t one;
		survey_sample(seed, 4, 1, &one);
		count[one]++;
	}
	for (int i = 0; i < 4; i++)
		assert_true(count[i] > 880 && count[i] < 1120);
	/* A prefix: drawing fewer takes the first of the longer draw. */
	size_t ten[10];
	survey_sample(42, 1000, 10, ten);
	assert_memory_equal(ten, a, sizeof ten);
}

/* Drawing */

static int draw(struct db *db, const char *township, int n, int64_t seed, const struct user *u, int64_t *id,
                struct case_problems *pr)
{
	struct registry_scope s;
	registry_scope_of(u, &s);
	struct error err = ERROR_INIT;
	int rc = survey_check_draw(db, YEAR, township, n, seed, u, &s, id, pr, &err);
	if (rc < 0)
		fail_msg("survey_check_draw: %s", err.msg);
	return rc;
}

struct items {
	int64_t person[SURVEY_CHECK_MAX];
	int64_t record[SURVEY_CHECK_MAX];
	size_t n;
	long verified;
};

static int item_row(void *ctx, const struct survey_check_item *it, struct error *err)
{
	(void)err;
	struct items *l = ctx;
	assert_int_equal(it->seq, (int)l->n + 1);
	assert_int_equal(it->outcome, SURVEY_VISITED);
	assert_int_equal(it->version, 1);
	l->person[l->n] = it->person_id;
	l->record[l->n] = it->record_id;
	l->n++;
	l->verified += it->verdict != SURVEY_UNVERIFIED;
	return 0;
}

static struct items *items_of(struct db *db, int64_t id)
{
	struct items *l = xcalloc(1, sizeof *l);
	struct error err = ERROR_INIT;
	if (survey_check_items(db, id, item_row, l, &err) < 0)
		fail_msg("survey_check_items: %s", err.msg);
	return l;
}

static int64_t first_check;

static void test_draw(void **state)
{
	struct db *db = db_of(state);
	struct case_problems pr;
	int64_t id;
	/* Who and where. */
	assert_int_equal(draw(db, TOWN1, 5, 42, &town1, &id, &pr), 1);
	assert_non_null(strstr(pr.message, "不能进行验收抽查"));
	assert_int_equal(draw(db, TOWN1, 5, 42, &town2, &id, &pr), 2);
	assert_int_equal(draw(db, "341699001001", 5, 42, &county, &id, &pr), 2); /* a village */
	assert_int_equal(draw(db, TOWN2, 5, 42, &county, &id, &pr), 1);          /* nothing recorded */
	assert_string_equal(pr.message, "该乡镇还没有调查记录，无法抽查");
	assert_int_equal(draw(db, TOWN1, 0, 42, &county, &id, &pr), 1);
	assert_non_null(strstr(pr.items[0].reason, "1至1000"));
	assert_int_equal(draw(db, TOWN1, 5, -3, &county, &id, &pr), 1);
	assert_string_equal(pr.items[0].field, "seed");

	/* The sample: survey_sample over the recorded persons in person order. */
	assert_int_equal(draw(db, TOWN1, 5, 42, &county, &first_check, &pr), 0);
	struct items *a = items_of(db, first_check);
	assert_int_equal(a->n, 5);
	size_t pick[5];
	survey_sample(42, RECORDED, 5, pick);
	for (size_t i = 0; i < 5; i++)
		assert_true(a->person[i] == ids[pick[i]]);
	struct survey_check c;
	struct registry_scope s;
	registry_scope_of(&town1, &s);
	struct error err = ERROR_INIT;
	assert_int_equal(survey_check_get(db, first_check, &s, &c, &err), 1);
	assert_true(c.seed == 42);
	assert_int_equal(c.population, RECORDED);
	assert_int_equal(c.drawn, 5);
	assert_int_equal(c.requested, 5);
	assert_string_equal(c.drawn_on, "2024-10-10");
	assert_string_equal(c.township_name, "青禾镇");
	registry_scope_of(&town2, &s);
	assert_int_equal(survey_check_get(db, first_check, &s, &c, &err), 0);

	/* The same seed over the same rows: the same households, in the same order. */
	int64_t again;
	assert_int_equal(draw(db, TOWN1, 5, 42, &county, &again, &pr), 0);
	assert_true(again != first_check);
	struct items *b = items_of(db, again);
	assert_memory_equal(a->person, b->person, 5 * sizeof a->person[0]);
	assert_memory_equal(a->record, b->record, 5 * sizeof a->record[0]);
	free(b);
	/* More than there are: all of them; a random seed is stored. */
	assert_int_equal(draw(db, TOWN1, 50, 0, &county, &again, &pr), 0);
	registry_scope_of(&county, &s);
	assert_int_equal(survey_check_get(db, again, &s, &c, &err), 1);
	assert_int_equal(c.drawn, RECORDED);
	assert_int_equal(c.requested, 50);
	assert_true(c.seed >= 1 && c.seed <= SURVEY_CHECK_SEED_MAX);
	b = items_of(db, again);
	assert_int_equal(b->n, RECORDED);
	free(b);
	free(a);
}

static int verify(struct db *db, int64_t id, int64_t person, const char *verdict, const char *note, const char *date,
                  const struct user *u, struct case_problems *pr)
{
	struct registry_scope s;
	registry_scope_of(u, &s);
	struct error err = ERROR_INIT;
	int rc = survey_check_verify(db, id, person, verdict, note, date, u, &s, pr, &err);
	if (rc < 0)
		fail_msg("survey_check_verify: %s", err.msg);
	return rc;
}

struct list {
	char text[512];
};

static int check_row(void *ctx, const struct survey_check *c, struct error *err)
{
	(void)err;
	struct list *l = ctx;
	size_t len = strlen(l->text);
	snprintf(l->text + len, sizeof l->text - len, "%s%s %ld/%ld/%ld", len ? "|" : "", c->township, c->drawn,
	         c->verified, c->discrepancies);
	return 0;
}

static void test_verify(void **state)
{
	struct db *db = db_of(state);
	struct case_problems pr;
	struct items *a = items_of(db, first_check);
	/* Mistakes first: nothing is written. */
	assert_int_equal(verify(db, first_check, a->person[0], "maybe", "", "2024-10-11", &county, &pr), 1);
	assert_string_equal(pr.items[0].field, "result");
	assert_string_equal(pr.items[1].field, "date"); /* tomorrow */
	assert_int_equal(verify(db, first_check, a->person[0], "discrepancy", "  ", "2024-10-10", &county, &pr), 1);
	assert_string_equal(pr.items[0].reason, "有差错时请写明差错情况");
	assert_int_equal(verify(db, first_check, a->person[0], "agrees", "", "2024-10-09", &county, &pr), 1);
	assert_string_equal(pr.items[0].reason, "核实日期不能早于抽查日期2024-10-10");
	assert_int_equal(verify(db, first_check, a->person[0], "agrees", "", "2024-10-10", &town1, &pr), 1);
	assert_int_equal(verify(db, first_check, ids[RECORDED], "agrees", "", "2024-10-10", &county, &pr), 2);
	assert_int_equal(verify(db, first_check + 100, a->person[0], "agrees", "", "2024-10-10", &county, &pr), 2);

	assert_int_equal(verify(db, first_check, a->person[0], "agrees", "", "2024-10-10", &county, &pr), 0);
	assert_int_equal(verify(db, first_check, a->person[1], "有差错", "住房实为危房", "2024-10-10", &county, &pr),
	                 0);
	assert_int_equal(verify(db, first_check, a->person[2], "一致", "", "2024-10-10", &county, &pr), 0);
	/* Given once. */
	assert_int_equal(verify(db, first_check, a->person[1], "agrees", "", "2024-10-10", &county, &pr), 1);
	assert_string_equal(pr.message, "这一户已经核实过，核实结果不能更改");
	struct items *b = items_of(db, first_check);
	assert_int_equal(b->verified, 3);
	free(b);
	/* The error rate: 1 discrepancy of 3 verified. */
	struct survey_check c;
	struct registry_scope s;
	registry_scope_of(&county, &s);
	struct error err = ERROR_INIT;
	assert_int_equal(survey_check_get(db, first_check, &s, &c, &err), 1);
	assert_int_equal(c.verified, 3);
	assert_int_equal(c.discrepancies, 1);
	assert_int_equal(survey_permille(c.discrepancies, c.verified), 333);
	/* The list, newest first; the latest per township. */
	struct list l = {""};
	assert_int_equal(survey_check_list(db, YEAR, TOWN1, &s, check_row, &l, &err), 0);
	assert_string_equal(l.text, "341699001000 20/0/0|341699001000 5/0/0|341699001000 5/3/1");
	l.text[0] = '\0';
	assert_int_equal(survey_check_latest(db, YEAR, &s, check_row, &l, &err), 0);
	assert_string_equal(l.text, "341699001000 20/0/0");
	l.text[0] = '\0';
	registry_scope_of(&town2, &s);
	assert_int_equal(survey_check_list(db, YEAR, "", &s, check_row, &l, &err), 0);
	assert_string_equal(l.text, "");
	free(a);
	assert_int_equal(survey_verdict_parse("agrees"), SURVEY_AGREES);
	assert_string_equal(survey_verdict_label(SURVEY_UNVERIFIED), "未核实");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_splitmix64),
	    cmocka_unit_test(test_sample),
	    cmocka_unit_test(test_draw),
	    cmocka_unit_test(test_verify),
	};
	return cmocka_run_group_tests(tests, setup, t_teardown);
}
