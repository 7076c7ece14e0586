/*
 * Unit tests for domain/supervision (督查): opening an item (roles, the
 * target, a township of the county, a deadline not before today, the
 * texts), the township's answer (only its own users, only while open),
 * the county's decision (close or send back, only once answered; a closed
 * item never changes), reading within scope and the days an item has been
 * open.
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
#include "domain/case.h"
#include "domain/supervision.h"
#include "domain/target.h"
#include "support.h"

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))
#define TOWN1 "341699001000"
#define VILLAGE1 "341699001001"
#define TOWN2 "341699002000"

static struct user county, admin, town1, town2, village1, leader, hospital;
static int64_t target, target2025;

static int64_t save_target(struct db *db, int year, const char *name)
{
	struct target t;
	memset(&t, 0, sizeof t);
	t.year = year;
	snprintf(t.line, sizeof t.line, "rehab");
	snprintf(t.name, sizeof t.name, "%s", name);
	snprintf(t.unit, sizeof t.unit, "人");
	t.value = 100;
	snprintf(t.split, sizeof t.split, "township");
	snprintf(t.deadline, sizeof t.deadline, "%04d-12-31", year);
	snprintf(t.source, sizeof t.source, TARGET_MANUAL);
	struct case_problems pr;
	struct error err = ERROR_INIT;
	if (target_save(db, &t, &county, &pr, &err) != 0)
		fail_msg("target_save: %s %s", err.msg, pr.message);
	return t.id;
}

static int setup(void **state)
{
	t_setup(state, "test-supervision", true);
	struct t_fixture *f = *state;
	t_county_save(f->db);
	t_users((struct t_users){.county = &county, .admin = &admin, .town1 = &town1, .town2 = &town2,
	                         .village1 = &village1, .leader = &leader, .hospital = &hospital});
	t_today("2024-10-15");
	target = save_target(f->db, 2024, "残疾人托养服务");
	target2025 = save_target(f->db, 2025, "残疾人托养服务");
	return 0;
}

static int open_item(struct db *db, int64_t target_id, const char *township, const char *finding,
                     const char *requirement, const char *deadline, const struct user *u, int64_t *id,
                     struct case_problems *pr)
{
	struct error err = ERROR_INIT;
	int rc = supervision_open(db, target_id, township, finding, requirement, deadline, u, id, pr, &err);
	if (rc < 0)
		fail_msg("supervision_open: %s", err.msg);
	return rc;
}

static int64_t open_ok(struct db *db, int64_t target_id, const char *township, const char *deadline)
{
	struct case_problems pr;
	int64_t id;
	if (open_item(db, target_id, township, "进度滞后", "月底前补齐台账", deadline, &county, &id, &pr) != 0)
		fail_msg("open: %s %s", pr.message, pr.n ? pr.items[0].reason : "");
	return id;
}

static int answer(struct db *db, int64_t id, const char *text, const struct user *u, struct case_problems *pr)
{
	struct error err = ERROR_INIT;
	int rc = supervision_answer(db, id, text, u, pr, &err);
	if (rc < 0)
		fail_msg("supervision_answer: %s", err.msg);
	return rc;
}

static int decide(struct db *db, int64_t id, bool close, const char *note, const struct user *u,
                  struct case_problems *pr)
{
	struct error err = ERROR_INIT;
	int rc = supervision_decide(db, id, close, note, u, pr, &err);
	if (rc < 0)
		fail_msg("supervision_decide: %s", err.msg);
	return rc;
}

static struct supervision get(struct db *db, int64_t id)
{
	struct registry_scope s = t_scope(&county);
	struct supervision out;
	struct error err = ERROR_INIT;
	if (supervision_get(db, &s, id, &out, &err) != 1)
		fail_msg("supervision_get %lld: %s", (long long)id, err.msg);
	return out;
}

static void test_labels(void **state)
{
	(void)state;
	static const struct {
		enum supervision_status s;
		const char *code, *label;
	} cases[] = {
	    {SUPERVISION_OPEN, "open", "待整改"},     {SUPERVISION_ANSWERED, "answered", "已整改待核"},
	    {SUPERVISION_CLOSED, "closed", "已销号"}, {(enum supervision_status)0, "", ""},
	    {(enum supervision_status)4, "", ""},
	};
	for (size_t i = 0; i < N_ELEMS(cases); i++) {
		assert_string_equal(supervision_status_code(cases[i].s), cases[i].code);
		assert_string_equal(supervision_status_label(cases[i].s), cases[i].label);
	}
}

static void test_open(void **state)
{
	struct t_fixture *f = *state;
	struct case_problems pr;
	int64_t id = -1;
	char text500[500 * 3 + 1] = "", text501[501 * 3 + 1];
	for (int i = 0; i < 500; i++)
		strcat(text500, "整");
	snprintf(text501, sizeof text501, "%s改", text500);

	/* Only the county opens an item. */
	const struct user *refused[] = {&town1, &village1, &leader, &hospital};
	for (size_t i = 0; i < N_ELEMS(refused); i++) {
		assert_int_equal(
		    open_item(f->db, target, TOWN1, "进度滞后", "补齐", "2024-11-30", refused[i], &id, &pr), 1);
		char want[200];
		snprintf(want, sizeof want, "您的角色（%s）不能发起督查", role_label(refused[i]->role));
		assert_string_equal(pr.message, want);
		assert_int_equal(id, 0);
	}
	assert_int_equal(open_item(f->db, 9999, TOWN1, "进度滞后", "补齐", "2024-11-30", &county, &id, &pr), 2);

	/* Each field checked; all problems at once. */
	static const struct {
		const char *township, *finding, *requirement, *deadline;
		const char *field, *reason;
	} cases[] = {
	    {"", "a", "b", "2024-11-30", "township", "请选择本县的乡镇"},
	    {"341699009000", "a", "b", "2024-11-30", "township", "请选择本县的乡镇"},
	    {VILLAGE1, "a", "b", "2024-11-30", "township", "请选择本县的乡镇"},
	    {"341699000000", "a", "b", "2024-11-30", "township", "请选择本县的乡镇"},
	    {TOWN1, "", "b", "2024-11-30", "finding", "督查发现的问题不能为空"},
	    {TOWN1, "a\x02", "b", "2024-11-30", "finding", "督查发现的问题含有无效字符"},
	    {TOWN1, "a", "", "2024-11-30", "requirement", "整改要求不能为空"},
	    {TOWN1, "a", "b\xc3", "2024-11-30", "requirement", "整改要求含有无效字符"},
	    {TOWN1, "a", "b", "2024-10-14", "deadline", "整改时限不能早于今天"},
	    {TOWN1, "a", "b", "2024-02-30", "deadline", "整改时限应为日期，如 2024-11-30"},
	    {TOWN1, "a", "b", "", "deadline", "整改时限应为日期，如 2024-11-30"},
	};
	for (size_t i = 0; i < N_ELEMS(cases); i++) {
		assert_int_equal(open_item(f->db, target, cases[i].township, cases[i].finding, cases[i].requirement,
		                           cases[i].deadline, &county, &id, &pr),
		                 1);
		assert_string_equal(pr.message, "督查未发起，请改正标出的项");
		if (pr.n != 1 || strcmp(t_reason(&pr, cases[i].field), cases[i].reason) != 0)
			fail_msg("case %zu: %zu problems, %s “%s”", i, pr.n, cases[i].field,
			         t_reason(&pr, cases[i].field));
	}
	assert_int_equal(open_item(f->db, target, "", text501, "", "昨天", &county, &id, &pr), 1);
	assert_int_equal(pr.n, 4);
	assert_string_equal(t_reason(&pr, "finding"), "督查发现的问题最多500个字");
	assert_int_equal(t_query_int(f->db, "SELECT count(*) FROM supervision"), 0);

	/* Opened: a deadline of today, texts of 500 characters; the date stored as YYYY-MM-DD. */
	assert_int_equal(open_item(f->db, target, TOWN1, text500, text500, "2024/10/15", &admin, &id, &pr), 0);
	assert_true(id > 0);
	struct supervision s = get(f->db, id);
	assert_int_equal(s.target_id, target);
	assert_string_equal(s.target_name, "残疾人托养服务");
	assert_int_equal(s.year, 2024);
	assert_string_equal(s.township, TOWN1);
	assert_string_equal(s.township_name, "青禾镇");
	assert_string_equal(s.finding, text500);
	assert_string_equal(s.deadline, "2024-10-15");
	assert_int_equal(s.status, SUPERVISION_OPEN);
	assert_string_equal(s.opened_on, "2024-10-15");
	assert_string_equal(s.opened_by, "admin");
	assert_true(strlen(s.opened_at) > 0);
	assert_string_equal(s.answer, "");
	assert_string_equal(s.answered_at, "");
	assert_string_equal(s.closed_on, "");
	/* Another township, another item on the same target. */
	int64_t other = open_ok(f->db, target, TOWN2, "2024-12-31");
	assert_true(other != id);
	assert_int_equal(t_query_int(f->db, "SELECT count(*) FROM supervision"), 2);
}

static void test_answer_and_decide(void **state)
{
	struct t_fixture *f = *state;
	struct case_problems pr;
	int64_t id = open_ok(f->db, target, TOWN1, "2024-11-30");

	/* The county cannot decide before the township answers. */
	assert_int_equal(decide(f->db, id, true, "已整改", &county, &pr), 1);
	assert_string_equal(pr.message, "督查事项待整改：乡镇填报整改情况后才能销号或退回");
	assert_int_equal(decide(f->db, id, false, "退回", &county, &pr), 1);

	/* Only a user of that township answers. */
	assert_int_equal(answer(f->db, id, "已补齐", &town2, &pr), 2);
	assert_int_equal(answer(f->db, id, "已补齐", &hospital, &pr), 2);
	assert_int_equal(answer(f->db, 9999, "已补齐", &town1, &pr), 2);
	assert_int_equal(answer(f->db, id, "已补齐", &county, &pr), 1);
	assert_string_equal(pr.message, "整改情况由乡镇填报（您的角色：县残联业务人员）");
	assert_int_equal(answer(f->db, id, "已补齐", &leader, &pr), 1);
	assert_int_equal(answer(f->db, id, "已补齐", &village1, &pr), 1);
	assert_string_equal(pr.message, "整改情况由乡镇填报（您的角色：村调查员）");
	assert_int_equal(answer(f->db, id, "", &town1, &pr), 1);
	assert_string_equal(t_reason(&pr, "answer"), "整改情况不能为空");
	assert_string_equal(pr.message, "整改情况未保存");
	assert_int_equal(get(f->db, id).status, SUPERVISION_OPEN);
	assert_int_equal(answer(f->db, id, "已补录托养台账12人", &town1, &pr), 0);
	struct supervision s = get(f->db, id);
	assert_int_equal(s.status, SUPERVISION_ANSWERED);
	assert_string_equal(s.answer, "已补录托养台账12人");
	assert_string_equal(s.answered_by, "town1");
	assert_true(strlen(s.answered_at) > 0);
	/* Once answered, not again until sent back. */
	assert_int_equal(answer(f->db, id, "再次", &town1, &pr), 1);
	assert_string_equal(pr.message, "督查事项已整改待核，不能再填报整改情况");

	/* The county's decision: roles, a note. */
	assert_int_equal(decide(f->db, id, true, "已核实", &town1, &pr), 1);
	assert_string_equal(pr.message, "您的角色（乡镇操作员）不能销号或退回督查事项");
	assert_int_equal(decide(f->db, id, true, "已核实", &leader, &pr), 1);
	assert_int_equal(decide(f->db, 9999, true, "已核实", &county, &pr), 2);
	assert_int_equal(decide(f->db, id, false, "", &county, &pr), 1);
	assert_string_equal(t_reason(&pr, "note"), "退回原因不能为空");
	assert_int_equal(decide(f->db, id, true, "", &county, &pr), 1);
	assert_string_equal(t_reason(&pr, "note"), "销号意见不能为空");
	assert_int_equal(get(f->db, id).status, SUPERVISION_ANSWERED);

	/* Sent back: open again with the reason; answered again. */
	assert_int_equal(decide(f->db, id, false, "台账缺少签字", &county, &pr), 0);
	s = get(f->db, id);
	assert_int_equal(s.status, SUPERVISION_OPEN);
	assert_string_equal(s.closing, "台账缺少签字");
	assert_string_equal(s.closed_on, "");
	assert_int_equal(decide(f->db, id, true, "已核实", &county, &pr), 1);
	t_today("2024-10-20");
	assert_int_equal(answer(f->db, id, "已补签字", &town1, &pr), 0);
	assert_string_equal(get(f->db, id).answer, "已补签字");

	/* Closed: by the admin, on today; then never changed. */
	t_today("2024-10-25");
	assert_int_equal(decide(f->db, id, true, "经核实已整改到位，予以销号", &admin, &pr), 0);
	s = get(f->db, id);
	assert_int_equal(s.status, SUPERVISION_CLOSED);
	assert_string_equal(s.closing, "经核实已整改到位，予以销号");
	assert_string_equal(s.closed_on, "2024-10-25");
	assert_string_equal(s.closed_by, "admin");
	assert_true(strlen(s.closed_at) > 0);
	assert_int_equal(decide(f->db, id, false, "再退回", &county, &pr), 1);
	assert_string_equal(pr.message, "督查事项已销号：乡镇填报整改情况后才能销号或退回");
	assert_int_equal(decide(f->db, id, true, "再销号", &county, &pr), 1);
	assert_int_equal(answer(f->db, id, "再整改", &town1, &pr), 1);
	assert_string_equal(pr.message, "督查事项已销号，不能再填报整改情况");
	struct supervision after = get(f->db, id);
	assert_memory_equal(&after, &s, sizeof s);
}

struct seen {
	char s[1024];
};

static int add_item(void *ctx, const struct supervision *s, struct error *err)
{
	(void)err;
	struct seen *seen = ctx;
	size_t len = strlen(seen->s);
	snprintf(seen->s + len, sizeof seen->s - len, "%s%s/%d/%s", len ? " " : "", s->township_name, s->year,
	         supervision_status_code(s->status));
	return 0;
}

static const char *list(struct db *db, const struct user *u, int64_t target_id, int year, bool open_only,
                        struct seen *seen)
{
	struct registry_scope s = t_scope(u);
	struct error err = ERROR_INIT;
	seen->s[0] = '\0';
	if (supervision_list(db, &s, target_id, year, open_only, add_item, seen, &err) < 0)
		fail_msg("supervision_list: %s", err.msg);
	return seen->s;
}

static int stop(void *ctx, const struct supervision *s, struct error *err)
{
	(void)s;
	++*(int *)ctx;
	return error_set(err, "stop");
}

static void test_scope(void **state)
{
	struct t_fixture *f = *state;
	struct case_problems pr;
	struct error err = ERROR_INIT;
	struct seen seen;
	int64_t a = open_ok(f->db, target, TOWN1, "2024-11-30");
	int64_t b = open_ok(f->db, target, TOWN2, "2024-11-30");
	int64_t c = open_ok(f->db, target2025, TOWN1, "2025-03-31");
	/* a closed: it comes last. */
	assert_int_equal(answer(f->db, a, "已整改", &town1, &pr), 0);
	assert_int_equal(decide(f->db, a, true, "销号", &county, &pr), 0);
	assert_int_equal(answer(f->db, c, "已整改", &town1, &pr), 0);

	assert_string_equal(list(f->db, &county, 0, 0, false, &seen),
	                    "望川镇/2024/open 青禾镇/2025/answered 青禾镇/2024/closed");
	struct seen everything = seen;
	assert_string_equal(list(f->db, &leader, 0, 0, false, &seen), everything.s);
	assert_string_equal(list(f->db, &county, 0, 0, true, &seen), "望川镇/2024/open 青禾镇/2025/answered");
	assert_string_equal(list(f->db, &county, target, 0, false, &seen), "望川镇/2024/open 青禾镇/2024/closed");
	assert_string_equal(list(f->db, &county, 0, 2025, false, &seen), "青禾镇/2025/answered");
	assert_string_equal(list(f->db, &county, target2025, 2024, false, &seen), "");
	/* A township sees its own; a village its township's; a hospital nothing. */
	assert_string_equal(list(f->db, &town1, 0, 0, false, &seen), "青禾镇/2025/answered 青禾镇/2024/closed");
	assert_string_equal(list(f->db, &town1, 0, 0, true, &seen), "青禾镇/2025/answered");
	assert_string_equal(list(f->db, &town2, 0, 0, false, &seen), "望川镇/2024/open");
	assert_string_equal(list(f->db, &village1, 0, 0, false, &seen), "青禾镇/2025/answered 青禾镇/2024/closed");
	assert_string_equal(list(f->db, &hospital, 0, 0, false, &seen), "");
	struct user lost = t_user(ROLE_TOWNSHIP, "", "lost");
	assert_string_equal(list(f->db, &lost, 0, 0, false, &seen), "");
	int n = 0;
	struct registry_scope all = t_scope(&county);
	assert_int_equal(supervision_list(f->db, &all, 0, 0, false, stop, &n, &err), -1);
	assert_int_equal(n, 1);

	/* One item, within scope only. */
	struct supervision s;
	struct registry_scope s1 = t_scope(&town1), s2 = t_scope(&town2), sh = t_scope(&hospital);
	assert_int_equal(supervision_get(f->db, &s1, a, &s, &err), 1);
	assert_int_equal(supervision_get(f->db, &s2, a, &s, &err), 0);
	assert_int_equal(supervision_get(f->db, &s2, b, &s, &err), 1);
	assert_int_equal(supervision_get(f->db, &sh, b, &s, &err), 0);
	assert_int_equal(supervision_get(f->db, &all, 9999, &s, &err), 0);
}

static void test_days_open(void **state)
{
	struct t_fixture *f = *state;
	struct case_problems pr;
	t_today("2024-11-01");
	int64_t id = open_ok(f->db, target, TOWN1, "2024-11-30");
	struct supervision s = get(f->db, id);
	static const struct {
		const char *today;
		long days;
	} open[] = {{"2024-11-01", 0}, {"2024-11-11", 10}, {"2025-11-01", 365}, {"2024-10-01", 0}};
	for (size_t i = 0; i < N_ELEMS(open); i++) {
		struct date d;
		assert_int_equal(date_parse(open[i].today, &d), 0);
		assert_int_equal(supervision_days_open(&s, d), open[i].days);
	}
	/* Closed on 11-20: counted to its closing day. */
	assert_int_equal(answer(f->db, id, "已整改", &town1, &pr), 0);
	t_today("2024-11-20");
	assert_int_equal(decide(f->db, id, true, "销号", &county, &pr), 0);
	s = get(f->db, id);
	assert_int_equal(supervision_days_open(&s, (struct date){2024, 12, 31}), 19);
	assert_int_equal(supervision_days_open(&s, (struct date){2030, 1, 1}), 19);
	/* Stored dates that do not read: 0, or up to today. */
	struct supervision bad = s;
	snprintf(bad.opened_on, sizeof bad.opened_on, "x");
	assert_int_equal(supervision_days_open(&bad, (struct date){2024, 12, 31}), 0);
	bad = s;
	bad.closed_on[0] = '\0';
	assert_int_equal(supervision_days_open(&bad, (struct date){2024, 12, 1}), 30);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_labels),
	    cmocka_unit_test_setup_teardown(test_open, setup, t_teardown),
	    cmocka_unit_test_setup_teardown(test_answer_and_decide, setup, t_teardown),
	    cmocka_unit_test_setup_teardown(test_scope, setup, t_teardown),
	    cmocka_unit_test_setup_teardown(test_days_open, setup, t_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
