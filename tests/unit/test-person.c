/*
 * Unit tests for domain/person: insert (id, file number, stamps), find,
 * update, and cursors over all persons and over a subtree.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "domain/division.h"
#include "domain/person.h"
#include "store/db.h"
#include "support.h"

/* A temporary database holding t_county_save's county and a third township, 石岭乡, with one village. */
static int setup(void **state)
{
	t_setup(state, "test-person", true);
	struct t_fixture *f = *state;
	t_county_save(f->db);
	t_division_save(f->db, "341699010000", "石岭乡");
	t_division_save(f->db, "341699010001", "张楼村");
	return 0;
}

static void insert_ok(struct db *db, struct person *p)
{
	struct error err = ERROR_INIT;
	if (person_insert(db, p, &err) < 0)
		fail_msg("%s", err.msg);
}

/* Whether s is "YYYY-MM-DDTHH:MM:SSZ" within a minute of now. */
static void check_stamp(const char *s)
{
	struct tm tm = {0};
	assert_int_equal(strlen(s), 20);
	const char *end = strptime(s, "%Y-%m-%dT%H:%M:%SZ", &tm);
	assert_non_null(end);
	assert_int_equal(*end, '\0');
	time_t t = timegm(&tm);
	time_t now = time(NULL);
	assert_true(t <= now && now - t < 60);
}

static void test_insert(void **state)
{
	struct t_fixture *f = *state;
	struct person a = t_person("张三", "34169919800101001", "341699001001");
	struct person b = t_person("李四", "34169919900202002", "341699002001");

	a.category = 4;
	a.grade = 2;
	snprintf(a.cert, sizeof a.cert, "%s42", a.id_number);
	snprintf(a.phone, sizeof a.phone, "13800001111");
	a.dibao = 1;
	snprintf(a.bank_name, sizeof a.bank_name, "中国农业银行");
	snprintf(a.bank_account, sizeof a.bank_account, "6228480012345678");

	assert_int_equal(t_person_count(f->db), 0);
	insert_ok(f->db, &a);
	assert_int_equal(a.id, 1);
	/* File number: the first 6 digits of the village code + the id in 8 digits. */
	assert_string_equal(a.file_no, "34169900000001");
	assert_int_equal(a.status, PERSON_ACTIVE); /* 0 becomes active */
	check_stamp(a.created_at);
	assert_string_equal(a.updated_at, a.created_at);

	insert_ok(f->db, &b);
	assert_int_equal(b.id, 2);
	assert_string_equal(b.file_no, "34169900000002");
	assert_int_equal(t_person_count(f->db), 2);

	/* Found again by ID number, every field as saved. */
	struct person got;
	struct error err = ERROR_INIT;
	memset(&got, 0x55, sizeof got);
	assert_int_equal(person_find_by_id_number(f->db, a.id_number, &got, &err), 1);
	assert_int_equal(got.id, 1);
	assert_string_equal(got.file_no, a.file_no);
	assert_string_equal(got.name, "张三");
	assert_string_equal(got.id_number, a.id_number);
	assert_int_equal(got.sex, 1);
	assert_int_equal(got.birth.year, 1980);
	assert_int_equal(got.birth.month, 1);
	assert_int_equal(got.birth.day, 1);
	assert_string_equal(got.cert, a.cert);
	assert_int_equal(got.category, 4);
	assert_int_equal(got.grade, 2);
	assert_int_equal(got.hukou, 2);
	assert_string_equal(got.village, "341699001001");
	assert_string_equal(got.phone, "13800001111");
	assert_int_equal(got.dibao, 1);
	assert_string_equal(got.bank_name, "中国农业银行");
	assert_string_equal(got.bank_account, "6228480012345678");
	assert_int_equal(got.status, PERSON_ACTIVE);
	assert_string_equal(got.created_at, a.created_at);
	assert_string_equal(got.updated_at, a.updated_at);
	/* Names of divisions come with cursors only. */
	assert_string_equal(got.township_name, "");
	assert_string_equal(got.village_name, "");

	/* Empty optional fields come back empty (stored as NULL). */
	memset(&got, 0x55, sizeof got);
	assert_int_equal(person_find_by_id_number(f->db, b.id_number, &got, &err), 1);
	assert_int_equal(got.sex, 2);
	assert_string_equal(got.cert, "");
	assert_int_equal(got.category, 0);
	assert_int_equal(got.grade, 0);
	assert_string_equal(got.phone, "");
	assert_string_equal(got.bank_name, "");
	assert_string_equal(got.bank_account, "");
	assert_int_equal(got.dibao, 0);

	assert_int_equal(person_find_by_id_number(f->db, "341699198001010010", &got, &err), 0);
	assert_int_equal(person_find_by_id_number(f->db, "", &got, &err), 0);
}

static void test_insert_refused(void **state)
{
	struct t_fixture *f = *state;
	struct error err = ERROR_INIT;
	struct person a = t_person("张三", "34169919800101001", "341699001001");
	struct person again = t_person("张三二", "34169919800101001", "341699001002");
	struct person nowhere = t_person("王五", "34169919700303003", "341699009001");

	insert_ok(f->db, &a);
	/* The same ID number twice: 1 (already registered), nothing written, p untouched. */
	err.msg[0] = '\0';
	assert_int_equal(person_insert(f->db, &again, &err), 1);
	assert_int_equal(again.id, 0);
	assert_string_equal(again.file_no, "");
	/* A village that is not in the tree: refused. */
	err.msg[0] = '\0';
	assert_int_equal(person_insert(f->db, &nowhere, &err), -1);
	assert_true(strlen(err.msg) > 0);
	assert_int_equal(nowhere.id, 0);
	assert_int_equal(t_person_count(f->db), 1);
	/* The next id goes on from the highest. */
	struct person b = t_person("李四", "34169919900202002", "341699010001");
	insert_ok(f->db, &b);
	assert_int_equal(b.id, 2);
	assert_string_equal(b.file_no, "34169900000002");
	assert_int_equal(person_next_id(f->db, &err), 3);
	/* An id given by the caller is kept; a taken one is a conflict too. */
	struct person c = t_person("赵六", "34169919900303003", "341699010001");
	c.id = 10;
	insert_ok(f->db, &c);
	assert_int_equal(c.id, 10);
	assert_string_equal(c.file_no, "34169900000010");
	struct person d = t_person("钱七", "34169919900404004", "341699010001");
	d.id = 10;
	assert_int_equal(person_insert(f->db, &d, &err), 1);
}

static void test_update(void **state)
{
	struct t_fixture *f = *state;
	struct error err = ERROR_INIT;
	struct person a = t_person("张三", "34169919800101001", "341699001001"), got;

	insert_ok(f->db, &a);
	char created[21], file_no[24];
	snprintf(created, sizeof created, "%s", a.created_at);
	snprintf(file_no, sizeof file_no, "%s", a.file_no);

	snprintf(a.name, sizeof a.name, "张三丰");
	snprintf(a.village, sizeof a.village, "341699002001");
	snprintf(a.phone, sizeof a.phone, "13900002222");
	snprintf(a.cert, sizeof a.cert, "%s11", a.id_number);
	a.category = 1;
	a.grade = 1;
	a.hukou = 1;
	a.dibao = 1;
	a.status = PERSON_DECEASED;
	assert_int_equal(person_update(f->db, &a, &err), 0);
	check_stamp(a.updated_at);
	assert_int_equal(person_find_by_id_number(f->db, a.id_number, &got, &err), 1);
	assert_int_equal(got.id, a.id);
	assert_string_equal(got.file_no, file_no); /* never changes */
	assert_string_equal(got.created_at, created);
	assert_string_equal(got.updated_at, a.updated_at);
	assert_string_equal(got.name, "张三丰");
	assert_string_equal(got.village, "341699002001");
	assert_string_equal(got.phone, "13900002222");
	assert_string_equal(got.cert, a.cert);
	assert_int_equal(got.category, 1);
	assert_int_equal(got.grade, 1);
	assert_int_equal(got.hukou, 1);
	assert_int_equal(got.dibao, 1);
	assert_int_equal(got.status, PERSON_DECEASED);

	/* Clearing optional fields stores them as empty again. */
	got.cert[0] = '\0';
	got.category = got.grade = 0;
	got.phone[0] = '\0';
	assert_int_equal(person_update(f->db, &got, &err), 0);
	struct person again;
	assert_int_equal(person_find_by_id_number(f->db, a.id_number, &again, &err), 1);
	assert_string_equal(again.cert, "");
	assert_int_equal(again.category, 0);
	assert_int_equal(again.grade, 0);
	assert_string_equal(again.phone, "");
	assert_string_equal(again.name, "张三丰");
	assert_int_equal(t_person_count(f->db), 1);

	/* An update that breaks a rule of the schema: -1 with a message, the stored person unchanged. */
	struct person bad = again;
	snprintf(bad.village, sizeof bad.village, "341699009001");
	err.msg[0] = '\0';
	assert_int_equal(person_update(f->db, &bad, &err), -1);
	assert_true(strlen(err.msg) > 0);
	assert_int_equal(person_find_by_id_number(f->db, a.id_number, &got, &err), 1);
	assert_string_equal(got.village, "341699002001");

	/* An update of a person who is not there is an error, not a silent no-op. */
	struct person ghost = again;
	ghost.id = 999999;
	err.msg[0] = '\0';
	assert_int_equal(person_update(f->db, &ghost, &err), -1);
	assert_non_null(strstr(err.msg, "找不到档案"));
}

/* Reads a whole cursor; returns how many persons, their ids in ids. */
static int read_all(struct db *db, const char *division, int64_t *ids, struct person *last, int max)
{
	struct person_filter filter = {""};
	struct person_cursor *c = NULL;
	struct error err = ERROR_INIT;
	struct person p;
	int n = 0, rc;

	if (division)
		snprintf(filter.division, sizeof filter.division, "%s", division);
	if (person_cursor_open(db, division ? &filter : NULL, &c, &err) < 0)
		fail_msg("%s", err.msg);
	while ((rc = person_cursor_next(c, &p, &err)) == 1) {
		assert_true(n < max);
		ids[n++] = p.id;
		if (last)
			*last = p;
		/* Names filled, matching the village's place in the tree. */
		assert_true(strlen(p.township_name) > 0);
		assert_true(strlen(p.village_name) > 0);
		if (division && *division) {
			char lo[13], hi[13];
			division_subtree(division, lo, hi);
			assert_true(strcmp(p.village, lo) >= 0 && strcmp(p.village, hi) <= 0);
		}
	}
	assert_int_equal(rc, 0);
	person_cursor_close(c);
	return n;
}

static void test_cursors(void **state)
{
	struct t_fixture *f = *state;
	static const struct {
		const char *name, *first17, *village;
	} people[] = {
	    {"甲", "34169919800101001", "341699001001"}, /* 青禾镇 王庄村 */
	    {"乙", "34169919800101002", "341699002001"}, /* 望川镇 王庄村 */
	    {"丙", "34169919800101003", "341699001002"}, /* 青禾镇 李集村 */
	    {"丁", "34169919800101004", "341699010001"}, /* 石岭乡 张楼村 */
	    {"戊", "34169919800101005", "341699001001"}, /* 青禾镇 王庄村 */
	};
	int64_t ids[16];
	struct person last;

	for (size_t i = 0; i < sizeof people / sizeof people[0]; i++) {
		struct person p = t_person(people[i].name, people[i].first17, people[i].village);
		insert_ok(f->db, &p);
	}

	/* All, in id order. */
	assert_int_equal(read_all(f->db, NULL, ids, &last, 16), 5);
	for (int i = 0; i < 5; i++)
		assert_int_equal(ids[i], i + 1);
	assert_string_equal(last.name, "戊");
	assert_string_equal(last.township_name, "青禾镇");
	assert_string_equal(last.village_name, "王庄村");
	assert_int_equal(read_all(f->db, "", ids, NULL, 16), 5);
	assert_int_equal(read_all(f->db, "341699000000", ids, NULL, 16), 5);

	/* One township: only its persons. */
	assert_int_equal(read_all(f->db, "341699001000", ids, &last, 16), 3);
	assert_int_equal(ids[0], 1);
	assert_int_equal(ids[1], 3);
	assert_int_equal(ids[2], 5);
	assert_string_equal(last.township_name, "青禾镇");

	assert_int_equal(read_all(f->db, "341699002000", ids, &last, 16), 1);
	assert_int_equal(ids[0], 2);
	assert_string_equal(last.name, "乙");
	assert_string_equal(last.township_name, "望川镇");
	assert_string_equal(last.village_name, "王庄村");

	/* Township 010 is not confused with 001 (codes, not prefixes of names). */
	assert_int_equal(read_all(f->db, "341699010000", ids, &last, 16), 1);
	assert_int_equal(ids[0], 4);
	assert_string_equal(last.township_name, "石岭乡");
	assert_string_equal(last.village_name, "张楼村");

	/* One village. */
	assert_int_equal(read_all(f->db, "341699001002", ids, &last, 16), 1);
	assert_string_equal(last.name, "丙");
	/* A division with nobody. */
	assert_int_equal(read_all(f->db, "341699009000", ids, NULL, 16), 0);
	assert_int_equal(read_all(f->db, "341698000000", ids, NULL, 16), 0);

	/* A cursor closed early, then another: each starts from the beginning. */
	struct person_cursor *c;
	struct error err = ERROR_INIT;
	struct person p;
	assert_int_equal(person_cursor_open(f->db, NULL, &c, &err), 0);
	assert_int_equal(person_cursor_next(c, &p, &err), 1);
	assert_int_equal(p.id, 1);
	person_cursor_close(c);
	assert_int_equal(person_cursor_open(f->db, NULL, &c, &err), 0);
	assert_int_equal(person_cursor_next(c, &p, &err), 1);
	assert_int_equal(p.id, 1);
	person_cursor_close(c);
	person_cursor_close(NULL);
}

static void test_township(void **state)
{
	struct person p = t_person("甲", "34169919800101001", "341699001002");
	char out[13];

	(void)state;
	person_township(&p, out);
	assert_string_equal(out, "341699001000");
	snprintf(p.village, sizeof p.village, "341699010001");
	person_township(&p, out);
	assert_string_equal(out, "341699010000");
}

static void test_many_file_numbers(void **state)
{
	struct t_fixture *f = *state;
	struct error err = ERROR_INIT;

	assert_int_equal(db_begin(f->db, &err), 0);
	for (int i = 0; i < 120; i++) {
		char first17[32];
		snprintf(first17, sizeof first17, "341699198001%02d%03d", 1 + i % 28, i % 1000);
		struct person p = t_person("某", first17, i % 2 ? "341699001001" : "341699010001");
		insert_ok(f->db, &p);
		char want[24];
		snprintf(want, sizeof want, "341699%08d", i + 1);
		assert_string_equal(p.file_no, want);
	}
	assert_int_equal(db_commit(f->db, &err), 0);
	assert_int_equal(t_person_count(f->db), 120);
}

struct repeats {
	int64_t id[4], first[4];
	int n;
};

static void note_repeat(void *ctx, int64_t id, int64_t first_id)
{
	struct repeats *r = ctx;
	assert_true(r->n < 4);
	r->id[r->n] = id;
	r->first[r->n++] = first_id;
}

static void test_bulk(void **state)
{
	struct t_fixture *f = *state;
	struct error err = ERROR_INIT;
	struct person_bulk *bulk;
	struct repeats rep = {0};
	struct person a = t_person("张三", "34169919800101001", "341699001001");
	struct person b = t_person("李四", "34169919900202002", "341699001002");
	struct person a2 = t_person("张三", "34169919800101001", "341699002001");
	struct person a3 = t_person("张三", "34169919800101001", "341699010001");

	assert_int_equal(db_begin(f->db, &err), 0);
	assert_int_equal(person_bulk_begin(f->db, &bulk, &err), 0);
	insert_ok(f->db, &a);
	insert_ok(f->db, &b);
	/* Without the index a repeated ID number goes in for now ... */
	assert_int_equal(person_insert(f->db, &a2, &err), 0);
	assert_int_equal(person_insert(f->db, &a3, &err), 0);
	/* ... and is removed, reported against the first, when the index is built again. */
	assert_int_equal(person_bulk_end(bulk, note_repeat, &rep, &err), 0);
	person_bulk_free(bulk);
	assert_int_equal(db_commit(f->db, &err), 0);
	assert_int_equal(rep.n, 2);
	assert_true(rep.id[0] == a2.id && rep.first[0] == a.id);
	assert_true(rep.id[1] == a3.id && rep.first[1] == a.id);
	assert_int_equal(t_person_count(f->db), 2);
	struct person got;
	assert_int_equal(person_find_by_id_number(f->db, a.id_number, &got, &err), 1);
	assert_string_equal(got.village, "341699001001");
	/* The unique index is back. */
	struct person again = t_person("张三", "34169919800101001", "341699001002");
	assert_int_equal(person_insert(f->db, &again, &err), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_insert, setup, t_teardown),
	    cmocka_unit_test_setup_teardown(test_insert_refused, setup, t_teardown),
	    cmocka_unit_test_setup_teardown(test_update, setup, t_teardown),
	    cmocka_unit_test_setup_teardown(test_cursors, setup, t_teardown),
	    cmocka_unit_test(test_township),
	    cmocka_unit_test_setup_teardown(test_many_file_numbers, setup, t_teardown),
	    cmocka_unit_test_setup_teardown(test_bulk, setup, t_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
