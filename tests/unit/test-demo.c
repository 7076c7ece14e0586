/*
 * Unit tests for domain/demo: the demo county's shape, refusal on a second
 * run, determinism, valid ID numbers and the promised distributions.
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

#include "base/date.h"
#include "base/idcard.h"
#include "base/intmap.h"
#include "base/xalloc.h"
#include "domain/demo.h"
#include "domain/division.h"
#include "domain/person.h"
#include "store/db.h"
#include "support.h"

static const struct date TODAY = {2024, 6, 15};

struct fixture {
	char dir[64];
	char path[96], path2[96];
	struct db *db, *db2;
};

static int setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof *f);

	t_tmpdir(f->dir, sizeof f->dir, "test-demo");
	snprintf(f->path, sizeof f->path, "%s/a.db", f->dir);
	snprintf(f->path2, sizeof f->path2, "%s/b.db", f->dir);
	f->db = t_db_open(f->path, true);
	date_set_today(&TODAY);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	db_close(f->db);
	db_close(f->db2);
	t_db_remove(f->path);
	t_db_remove(f->path2);
	rmdir(f->dir);
	free(f);
	date_set_today(NULL);
	return 0;
}

/* Names are two or three characters of Chinese (3 bytes each). */
static bool utf8_name_ok(const char *name)
{
	size_t n = strlen(name);
	return n == 6 || n == 9;
}

/* A person's fields obey the registry's invariants (person.h). */
static void check_person(const struct person *p)
{
	struct idcard id;
	struct cert cert;

	if (idcard_parse(p->id_number, TODAY, &id) != IDCARD_OK)
		fail_msg("ID number %s invalid", p->id_number);
	assert_string_equal(id.number, p->id_number);
	assert_int_equal((int)id.sex, p->sex);
	assert_int_equal(date_cmp(id.birth, p->birth), 0);
	assert_true(date_cmp(p->birth, TODAY) < 0);
	assert_true(date_age(p->birth, TODAY) <= 96);
	assert_memory_equal(p->id_number, "341699", 6);
	assert_true(utf8_name_ok(p->name));
	assert_int_equal(division_level_of(p->village), DIVISION_VILLAGE);
	assert_memory_equal(p->village, "341699", 6);
	assert_true(strlen(p->township_name) > 0);
	assert_true(strlen(p->village_name) > 0);
	assert_true(p->hukou == 1 || p->hukou == 2);
	if (p->cert[0]) {
		assert_int_equal(cert_parse(p->cert, p->id_number, &cert), CERT_OK);
		assert_int_equal(cert.category, p->category);
		assert_int_equal(cert.grade, p->grade);
	} else {
		assert_int_equal(p->category, 0);
		assert_int_equal(p->grade, 0);
	}
	if (p->phone[0]) {
		assert_int_equal(strlen(p->phone), 11);
		assert_int_equal(p->phone[0], '1');
		assert_int_equal(strspn(p->phone, "0123456789"), 11);
	}
	if (p->bank_account[0]) {
		assert_true(strlen(p->bank_name) > 0);
		size_t n = strlen(p->bank_account);
		assert_true(n >= PERSON_ACCOUNT_MIN && n <= PERSON_ACCOUNT_MAX);
		assert_int_equal(strspn(p->bank_account, "0123456789"), n);
	}
	assert_true(p->dibao == 0 || p->dibao == 1);
	assert_int_equal(p->status, PERSON_ACTIVE);
}

static void test_create(void **state)
{
	enum { N = 500 };
	struct fixture *f = *state;
	struct demo_summary s;
	struct error err = ERROR_INIT;

	if (demo_create(f->db, N, 1, &s, &err) < 0)
		fail_msg("%s", err.msg);
	assert_int_equal(s.townships, DEMO_TOWNSHIPS);
	assert_int_equal(s.villages, DEMO_VILLAGES);
	assert_int_equal(s.townships, 23);
	assert_int_equal(s.villages, 351);
	assert_int_equal(s.persons, N);
	assert_int_equal(s.urban + s.rural, N);
	long cats = 0;
	for (int i = 0; i < 8; i++)
		cats += s.by_category[i];
	assert_int_equal(cats, N);
	assert_int_equal(s.with_cert, N - s.by_category[0]);
	assert_true(s.severe <= s.with_cert);

	/* The database agrees with the summary. */
	assert_int_equal(t_division_count(f->db, DIVISION_COUNTY), 1);
	assert_int_equal(t_division_count(f->db, DIVISION_TOWNSHIP), 23);
	assert_int_equal(t_division_count(f->db, DIVISION_VILLAGE), 351);
	assert_int_equal(t_person_count(f->db), N);
	struct division county;
	assert_int_equal(division_the_county(f->db, &county, &err), 1);
	assert_string_equal(county.code, DEMO_COUNTY_CODE);

	/* Every person valid; counts match the summary. */
	struct person_cursor *c;
	struct person p;
	long urban = 0, dibao = 0, with_cert = 0;
	int rc, n = 0;
	assert_int_equal(person_cursor_open(f->db, NULL, &c, &err), 0);
	while ((rc = person_cursor_next(c, &p, &err)) == 1) {
		check_person(&p);
		urban += p.hukou == 1;
		dibao += p.dibao;
		with_cert += p.cert[0] != '\0';
		n++;
	}
	assert_int_equal(rc, 0);
	person_cursor_close(c);
	assert_int_equal(n, N);
	assert_int_equal(urban, s.urban);
	assert_int_equal(dibao, s.dibao);
	assert_int_equal(with_cert, s.with_cert);
}

static void test_tree(void **state)
{
	struct fixture *f = *state;
	struct demo_summary s;
	struct error err = ERROR_INIT;

	if (demo_create(f->db, 0, 3, &s, &err) < 0)
		fail_msg("%s", err.msg);
	assert_int_equal(s.persons, 0);
	assert_int_equal(t_person_count(f->db), 0);
	/* Townships 001..023, each with 15 or 16 villages 001.., names unique within it. */
	int total = 0;
	for (int t = 1; t <= DEMO_TOWNSHIPS; t++) {
		char code[32];
		struct division d;
		snprintf(code, sizeof code, "341699%03d000", t);
		assert_int_equal(division_find(f->db, code, &d, &err), 1);
		assert_int_equal(d.level, DIVISION_TOWNSHIP);
		assert_string_equal(d.parent, DEMO_COUNTY_CODE);
		int v = 0;
		char names[20][161];
		for (;; v++) {
			struct division vd;
			snprintf(code, sizeof code, "341699%03d%03d", t, (v + 1) % 1000);
			int found = division_find(f->db, code, &vd, &err);
			assert_true(found >= 0);
			if (!found)
				break;
			assert_true(v < 20);
			assert_int_equal(vd.level, DIVISION_VILLAGE);
			snprintf(names[v], sizeof names[v], "%s", vd.name);
			for (int k = 0; k < v; k++)
				assert_string_not_equal(names[k], vd.name);
		}
		assert_true(v == 15 || v == 16);
		total += v;
	}
	assert_int_equal(total, DEMO_VILLAGES);
	struct division d;
	assert_int_equal(division_find(f->db, "341699024000", &d, &err), 0);
}

static void test_twice_refused(void **state)
{
	struct fixture *f = *state;
	struct demo_summary s;
	struct error err = ERROR_INIT;

	assert_int_equal(demo_create(f->db, 20, 1, &s, &err), 0);
	err.msg[0] = '\0';
	assert_int_equal(demo_create(f->db, 20, 2, &s, &err), -1);
	assert_true(strlen(err.msg) > 0);
	assert_non_null(strstr(err.msg, "行政区划"));
	/* Nothing more written. */
	assert_int_equal(t_person_count(f->db), 20);
	assert_int_equal(t_division_count(f->db, DIVISION_TOWNSHIP), 23);
	assert_int_equal(t_division_count(f->db, DIVISION_VILLAGE), 351);
	/* Not left inside a transaction. */
	assert_int_equal(db_begin(f->db, &err), 0);
	db_rollback(f->db);
}

static void test_refused_with_other_divisions(void **state)
{
	struct fixture *f = *state;
	struct demo_summary s;
	struct error err = ERROR_INIT;
	struct division d = {.code = "341698000000", .name = "别的县", .level = DIVISION_COUNTY};

	assert_int_equal(division_save(f->db, &d, NULL, &err), 0);
	assert_int_equal(demo_create(f->db, 5, 1, &s, &err), -1);
	assert_int_equal(t_person_count(f->db), 0);
	assert_int_equal(t_division_count(f->db, DIVISION_TOWNSHIP), 0);
}

static struct person first_person(struct db *db)
{
	struct person_cursor *c;
	struct error err = ERROR_INIT;
	struct person p;
	assert_int_equal(person_cursor_open(db, NULL, &c, &err), 0);
	assert_int_equal(person_cursor_next(c, &p, &err), 1);
	person_cursor_close(c);
	return p;
}

static void test_same_seed_same_county(void **state)
{
	struct fixture *f = *state;
	struct demo_summary a, b;
	struct error err = ERROR_INIT;

	f->db2 = t_db_open(f->path2, true);
	assert_int_equal(demo_create(f->db, 50, 20240615, &a, &err), 0);
	assert_int_equal(demo_create(f->db2, 50, 20240615, &b, &err), 0);
	assert_memory_equal(&a, &b, sizeof a);
	struct person p = first_person(f->db), q = first_person(f->db2);
	assert_string_equal(p.name, q.name);
	assert_string_equal(p.id_number, q.id_number);
	assert_string_equal(p.cert, q.cert);
	assert_string_equal(p.village, q.village);
	assert_string_equal(p.phone, q.phone);
	assert_string_equal(p.bank_account, q.bank_account);
	assert_int_equal(p.hukou, q.hukou);
	assert_int_equal(p.dibao, q.dibao);
	assert_string_equal(p.file_no, q.file_no);
}

static void test_generator_deterministic(void **state)
{
	struct demo_rng r1 = {42}, r2 = {42}, r3 = {43};
	struct person a, b, c;
	int differ = 0;

	(void)state;
	for (int i = 0; i < 100; i++)
		assert_true(demo_rand(&r1) == demo_rand(&r2));
	r1.state = r2.state = 42;
	assert_true(demo_rand(&r1) != demo_rand(&r3));
	r1.state = r2.state = 7;
	r3.state = 8;
	for (int i = 0; i < 50; i++) {
		demo_person(&r1, TODAY, &a);
		demo_person(&r2, TODAY, &b);
		demo_person(&r3, TODAY, &c);
		assert_memory_equal(&a, &b, sizeof a);
		differ += strcmp(a.id_number, c.id_number) != 0;
	}
	assert_true(differ >= 45);
	/* splitmix64: a known first output for seed 0. */
	struct demo_rng zero = {0};
	assert_true(demo_rand(&zero) == 0xE220A8397B1DCDAFull);
}

/* 10,000 generated persons: valid, about 3% urban, every category, the weights roughly kept. */
static void test_distributions(void **state)
{
	enum { N = 10000 };
	struct demo_rng rng = {12345};
	struct intmap ids = INTMAP_INIT;
	long urban = 0, no_cert = 0, dibao = 0, phone = 0, by_category[8] = {0}, by_grade[5] = {0}, repeats = 0;
	long children = 0, old = 0;

	(void)state;
	for (int i = 0; i < N; i++) {
		struct person p;
		demo_person(&rng, TODAY, &p);
		check_person(&p);
		urban += p.hukou == 1;
		no_cert += !p.cert[0];
		dibao += p.dibao;
		phone += p.phone[0] != '\0';
		by_category[p.category]++;
		by_grade[p.grade]++;
		int age = date_age(p.birth, TODAY);
		children += age < 18;
		old += age >= 60;
		repeats += !intmap_put(&ids, idcard_key(p.id_number), i, NULL);
	}
	intmap_release(&ids);
	/* About 3% urban: 300 expected, sd about 17. */
	assert_true(urban >= 220 && urban <= 380);
	/* All seven categories present, and some without a certificate (about 10%). */
	for (int c = 1; c <= 7; c++)
		if (by_category[c] == 0)
			fail_msg("category %d missing", c);
	assert_true(no_cert >= 800 && no_cert <= 1200);
	assert_int_equal(by_category[0], no_cert);
	/* Category weights 15 24 2 29 7 7 16 (per cent of those with one): 肢体 commonest, 言语 rarest. */
	for (int c = 1; c <= 7; c++) {
		if (c != 4)
			assert_true(by_category[4] > by_category[c]);
		if (c != 3)
			assert_true(by_category[3] < by_category[c]);
	}
	/* Grades 1-4 all present, the milder commoner. */
	assert_true(by_grade[1] > 0 && by_grade[1] < by_grade[2] && by_grade[2] < by_grade[3] &&
	            by_grade[3] < by_grade[4]);
	assert_true(dibao >= 2600 && dibao <= 3400);
	assert_true(phone >= 6600 && phone <= 7400);
	assert_true(children >= 350 && children <= 650);
	assert_true(old >= 4600 && old <= 5400);
	/* ID numbers repeat only rarely. */
	assert_true(repeats < 50);
}

static void test_create_many_urban_share(void **state)
{
	enum { N = 10000 };
	struct fixture *f = *state;
	struct demo_summary s;
	struct error err = ERROR_INIT;

	if (demo_create(f->db, N, 99, &s, &err) < 0)
		fail_msg("%s", err.msg);
	assert_int_equal(s.persons, N);
	assert_int_equal(t_person_count(f->db), N);
	/* ID numbers unique in the database (the schema would refuse a repeat; demo_create draws again). */
	assert_true(s.urban >= 220 && s.urban <= 380);
	for (int c = 1; c <= 7; c++)
		assert_true(s.by_category[c] > 0);
	assert_true(s.by_category[0] > 0);
	assert_true(s.severe > 0 && s.severe < s.with_cert);
	assert_true(s.dibao > 0 && s.dibao < N);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_create, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_tree, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_twice_refused, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_refused_with_other_divisions, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_same_seed_same_county, setup, teardown),
	    cmocka_unit_test(test_generator_deterministic),
	    cmocka_unit_test(test_distributions),
	    cmocka_unit_test_setup_teardown(test_create_many_urban_share, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
