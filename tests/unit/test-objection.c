/*
 * Unit tests for domain/objection and the engine features of the living
 * assistance definition (programs/assistance.json) that it works with:
 * the document checklist (must_be), eligibility checked again at approval,
 * the notice period and open objections holding a case in 村公示, an
 * upheld objection ending the case through an event, a dismissed one
 * letting it go, and archive numbers unique and in order.
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
#include "domain/objection.h"
#include "domain/person.h"
#include "domain/program.h"
#include "support.h"

#define VILLAGE1 "341699001001"
#define VILLAGE3 "341699002001"

static struct user county, town1, village1;
static int64_t ann, ben, cal, dan, eve;

static int64_t save(struct db *db, const char *name, const char *first17, const char *village, int grade, int dibao)
{
	struct person p = t_person(name, first17, village);
	p.category = 4;
	p.grade = grade;
	p.dibao = dibao;
	return t_person_insert(db, &p);
}

static int setup(void **state)
{
	t_setup(state, "test-objection", true);
	struct t_fixture *f = *state;
	t_county_save(f->db);
	ann = save(f->db, "王秀英", "34169919500101002", VILLAGE1, 1, 1);
	ben = save(f->db, "李国华", "34169920100202001", VILLAGE1, 2, 1); /* 14 in 2024 */
	cal = save(f->db, "张桂兰", "34169919800303002", VILLAGE3, 2, 1);
	dan = save(f->db, "赵大", "34169919700404001", VILLAGE1, 3, 1);   /* grade 3: not 重度 */
	eve = save(f->db, "钱二", "34169919750505002", VILLAGE1, 1, 1);
	t_program_store_file(f->db, "programs/assistance.json");
	t_users((struct t_users){.county = &county, .town1 = &town1, .village1 = &village1});
	t_today("2024-12-31");
	return 0;
}

static const struct case_value docs[] = {
	{"doc_cert", "是"}, {"doc_dibao", "是"}, {"doc_id", "是"}, {"doc_bank", "是"}};

static int apply(struct db *db, int64_t person, const struct case_value *values, size_t n, int64_t *id,
		 struct case_problems *pr)
{
	struct registry_scope s = t_case_scope(&county);
	struct error err = ERROR_INIT;
	int rc = case_enrol(db, t_program(db, "assistance"), 2024, person, "apply", "2024-03-01", values, n, "", &county, &s,
	                    id, pr, &err);
	if (rc < 0)
		fail_msg("case_enrol: %s", err.msg);
	return rc;
}

static int64_t apply_ok(struct db *db, int64_t person)
{
	struct case_problems pr;
	int64_t id;
	if (apply(db, person, docs, 4, &id, &pr) != 0)
		fail_msg("apply: %s %s", pr.message, pr.n ? pr.items[0].reason : "");
	return id;
}

static int step(struct db *db, int64_t id, const char *transition, const char *date, const char *remark,
		struct case_problems *pr, ...)
{
	va_list ap;
	va_start(ap, pr);
	int rc = t_case_step_v(db, id, &county, transition, date, remark, pr, ap);
	va_end(ap);
	return rc;
}

#define STEP_OK(db, id, t, date, remark, ...)                                                                  \
	do {                                                                                                   \
		struct case_problems pr_;                                                                      \
		if (step(db, id, t, date, remark, &pr_, __VA_ARGS__) != 0)                                     \
			fail_msg("%s: %s %s", t, pr_.message, pr_.n ? pr_.items[0].reason : "");               \
	} while (0)

/* (One case per test: the statement cache is keyed by the SQL text's address, this buffer's.) */
static const char *stage_of(struct db *db, int64_t id)
{
	static char out[64];
	char sql[128];
	snprintf(sql, sizeof sql, "SELECT stage FROM program_case WHERE id = %lld", (long long)id);
	return t_query_text(db, sql, out, sizeof out);
}

/* From application to approval (submitted on 03-10, reviewed on 03-20). */
static void to_reviewed(struct db *db, int64_t id)
{
	STEP_OK(db, id, "publish", "2024-03-02", "", NULL);
	STEP_OK(db, id, "submit", "2024-03-10", "", NULL);
	STEP_OK(db, id, "review_pass", "", "", "review_method", "home", "reviewer", "王审核", "review_date", "2024-03-20",
		"finding", "属实", NULL);
}

static void test_documents_and_eligibility(void **state)
{
	struct t_fixture *f = *state;
	struct case_problems pr;
	int64_t id;
	const struct case_value missing[] = {{"doc_cert", "是"}, {"doc_dibao", "否"}, {"doc_id", "是"}};
	assert_int_equal(apply(f->db, ann, missing, 3, &id, &pr), 1);
	assert_string_equal(t_reason(&pr, "doc_dibao"), "缺少低保证：须为“是”才能办理“申请”");
	assert_string_equal(t_reason(&pr, "doc_bank"), "缺少银行卡：须为“是”才能办理“申请”");
	assert_string_equal(t_reason(&pr, "doc_cert"), "");
	/* Every rule that fails is named. */
	assert_int_equal(apply(f->db, dan, docs, 4, &id, &pr), 1);
	assert_string_equal(pr.message, "赵大不符合条件：须为一级或二级（重度）残疾");
	t_exec(f->db, "UPDATE person SET dibao = 0 WHERE name = '赵大'");
	assert_int_equal(apply(f->db, dan, docs, 4, &id, &pr), 1);
	assert_string_equal(pr.message, "赵大不符合条件：须为一级或二级（重度）残疾；须为低保户");

	/* Eligible at application, no longer at approval: 审批 checks the file as it is now. */
	int64_t a = apply_ok(f->db, ann);
	to_reviewed(f->db, a);
	t_exec(f->db, "UPDATE person SET status = 2 WHERE name = '王秀英'");
	assert_int_equal(step(f->db, a, "approve", "2024-04-01", "", &pr, NULL), 1);
	assert_string_equal(pr.message, "王秀英不符合条件：须为在册人员（已死亡或迁出的不能申请）");
	assert_string_equal(stage_of(f->db, a), "reviewed");
	t_exec(f->db, "UPDATE person SET status = 1 WHERE name = '王秀英'");
	STEP_OK(f->db, a, "approve", "2024-04-01", "", NULL);
	assert_string_equal(stage_of(f->db, a), "approved");
}

static void test_notice_period(void **state)
{
	struct t_fixture *f = *state;
	struct case_problems pr;
	int64_t a = apply_ok(f->db, ann), b = apply_ok(f->db, ben);
	STEP_OK(f->db, a, "publish", "2024-03-02", "", NULL);
	STEP_OK(f->db, b, "publish", "2024-03-02", "", "notice_days", "10", NULL);
	assert_int_equal(step(f->db, a, "submit", "2024-03-08", "", &pr, NULL), 1);
	assert_string_equal(pr.message, "“村公示”期未满：自2024-03-02起7天，2024-03-09起才能办理“乡镇上报”");
	STEP_OK(f->db, a, "submit", "2024-03-09", "", NULL);
	/* The period the transition into the stage gave. */
	assert_int_equal(step(f->db, b, "submit", "2024-03-11", "", &pr, NULL), 1);
	assert_non_null(strstr(pr.message, "2024-03-12起"));
	/* Leaving for a final stage (本人放弃) is not held. */
	STEP_OK(f->db, b, "withdraw", "2024-03-05", "本人放弃", NULL);
	assert_string_equal(stage_of(f->db, b), "withdrawn");
}

static void test_objections(void **state)
{
	struct t_fixture *f = *state;
	struct case_problems pr;
	struct error err = ERROR_INIT;
	struct registry_scope all = t_case_scope(&county), v1 = t_case_scope(&village1), t1 = t_case_scope(&town1);
	int64_t a = apply_ok(f->db, ann), c = apply_ok(f->db, cal);
	STEP_OK(f->db, a, "publish", "2024-03-02", "", NULL);
	STEP_OK(f->db, c, "publish", "2024-03-02", "", NULL);
	int64_t o1, o2, o3;
	/* Checks of what is entered, and the scope. */
	assert_int_equal(objection_record(f->db, a, "", "", "2025-01-01", &village1, &v1, &o1, &pr, &err), 1);
	assert_string_equal(t_reason(&pr, "objector"), "请填写异议人");
	assert_string_equal(t_reason(&pr, "content"), "请填写异议内容");
	assert_string_equal(t_reason(&pr, "date"), "提出日期（2025-01-01）不能晚于今天");
	assert_int_equal(objection_record(f->db, c, "张三", "有车", "2024-03-03", &village1, &v1, &o1, &pr, &err), 2);
	/* Two objections against a: both open hold the case, also after the period. */
	assert_int_equal(objection_record(f->db, a, "张三", "家中有车辆", "2024-03-03", &village1, &v1, &o1, &pr, &err), 0);
	assert_int_equal(objection_record(f->db, a, "李四", "不在本村住", "2024-03-04", &town1, &t1, &o2, &pr, &err), 0);
	assert_int_equal(objection_open_count(f->db, a, &err), 2);
	assert_int_equal(step(f->db, a, "submit", "2024-03-08", "", &pr, NULL), 1);
	assert_string_equal(pr.message, "“村公示”期未满：自2024-03-02起7天，2024-03-09起才能办理“乡镇上报”；"
					"有2条异议尚未处理（异议成立的不予通过，不成立的方可继续）");
	/* A village cadre records but does not resolve; a reason is required. */
	assert_int_equal(objection_resolve(f->db, a, o1, OBJECTION_DISMISSED, "2024-03-05", "核实", &village1, &v1, &pr, &err), 1);
	assert_string_equal(pr.message, "您的角色（村调查员）不能处理异议");
	assert_int_equal(objection_resolve(f->db, a, o1, OBJECTION_DISMISSED, "2024-03-05", "", &town1, &t1, &pr, &err), 1);
	assert_string_equal(t_reason(&pr, "remark"), "请填写异议不成立的理由");
	assert_int_equal(objection_resolve(f->db, a, o1, OBJECTION_DISMISSED, "2024-03-02", "车辆不是本人的", &town1, &t1, &pr,
					   &err), 1);
	assert_string_equal(t_reason(&pr, "date"), "处理日期不能早于2024-03-03");
	assert_int_equal(objection_resolve(f->db, c, o1, OBJECTION_DISMISSED, "2024-03-05", "x", &county, &all, &pr, &err), 2);
	/* Dismissed both: the case may go on. */
	assert_int_equal(objection_resolve(f->db, a, o1, OBJECTION_DISMISSED, "2024-03-05", "车辆不是本人的", &town1, &t1, &pr,
					   &err), 0);
	assert_int_equal(objection_resolve(f->db, a, o1, OBJECTION_UPHELD, "2024-03-05", "再议", &town1, &t1, &pr, &err), 1);
	assert_string_equal(pr.message, "这条异议已经处理过（异议不成立），不能再处理");
	assert_int_equal(step(f->db, a, "submit", "2024-03-10", "", &pr, NULL), 1);
	assert_string_equal(pr.message, "有1条异议尚未处理（异议成立的不予通过，不成立的方可继续）");
	assert_int_equal(objection_resolve(f->db, a, o2, OBJECTION_DISMISSED, "2024-03-06", "确在本村居住", &county, &all, &pr,
					   &err), 0);
	STEP_OK(f->db, a, "submit", "2024-03-10", "", NULL);

	/* Upheld: the case leaves through the definition's transition, an event with the reason. */
	assert_int_equal(objection_record(f->db, c, "王五", "已有工作收入", "2024-03-04", &county, &all, &o3, &pr, &err), 0);
	assert_int_equal(objection_resolve(f->db, c, o3, OBJECTION_UPHELD, "2024-03-07", "经核实有稳定收入", &county, &all,
					   &pr, &err), 0);
	assert_string_equal(stage_of(f->db, c), "rejected");
	char out[128], sql[200];
	snprintf(sql, sizeof sql, "SELECT transition || '|' || date || '|' || remark || '|' || user_name FROM case_event"
				  " WHERE case_id = %lld ORDER BY id DESC LIMIT 1", (long long)c);
	assert_string_equal(t_query_text(f->db, sql, out, sizeof out), "objection_upheld|2024-03-07|经核实有稳定收入|county");
	/* (Another buffer: the statement cache is keyed by the SQL text's address.) */
	char sql2[200];
	snprintf(sql2, sizeof sql2, "SELECT resolution || '|' || resolved_by FROM case_objection WHERE id = %lld", (long long)o3);
	assert_string_equal(t_query_text(f->db, sql2, out, sizeof out), "upheld|county");
	assert_int_equal(objection_record(f->db, c, "王五", "再提", "2024-03-08", &county, &all, &o3, &pr, &err), 1);
	assert_string_equal(pr.message, "个案已结束，不能再登记异议");
	/* After the notice an objection is not taken: later problems go through returns or stopping. */
	int64_t o4;
	assert_int_equal(objection_record(f->db, a, "赵六", "迟到的异议", "2024-03-11", &county, &all, &o4, &pr, &err), 1);
	assert_string_equal(pr.message, "个案不在公示期间（当前阶段：乡镇上报），不能登记异议；公示后的问题请用退回或停止发放处理");
	assert_int_equal(objection_open_count(f->db, a, &err), 0);
	assert_int_equal(t_query_int(f->db, "SELECT count(*) FROM case_objection"), 3);
}

static int count_one(void *ctx, const struct objection *o, struct error *err)
{
	(void)err;
	long *n = ctx;
	(*n)++;
	assert_true(o->resolution == OBJECTION_OPEN || *o->resolved_at);
	return 0;
}

static void test_list(void **state)
{
	struct t_fixture *f = *state;
	struct case_problems pr;
	struct error err = ERROR_INIT;
	struct registry_scope all = t_case_scope(&county);
	int64_t a = apply_ok(f->db, ann), o1, o2;
	/* Before the notice there is nothing to object to. */
	assert_int_equal(objection_record(f->db, a, "张三", "一", "2024-03-03", &county, &all, &o1, &pr, &err), 1);
	STEP_OK(f->db, a, "publish", "2024-03-02", "", NULL);
	assert_int_equal(objection_record(f->db, a, "张三", "一", "2024-03-03", &county, &all, &o1, &pr, &err), 0);
	assert_int_equal(objection_record(f->db, a, "李四", "二", "2024-03-03", &county, &all, &o2, &pr, &err), 0);
	assert_int_equal(objection_resolve(f->db, a, o1, OBJECTION_DISMISSED, "2024-03-04", "不成立", &county, &all, &pr, &err), 0);
	long every = 0, open = 0;
	assert_int_equal(objection_list(f->db, a, false, count_one, &every, &err), 0);
	assert_int_equal(objection_list(f->db, a, true, count_one, &open, &err), 0);
	assert_int_equal(every, 2);
	assert_int_equal(open, 1);
	assert_int_equal(objection_resolution_parse("不成立"), OBJECTION_DISMISSED);
	assert_int_equal(objection_resolution_parse("upheld"), OBJECTION_UPHELD);
	assert_int_equal(objection_resolution_parse("maybe"), -1);
}

static void test_archive_numbers(void **state)
{
	struct t_fixture *f = *state;
	struct error err = ERROR_INIT;
	int64_t ids[3] = {apply_ok(f->db, ann), apply_ok(f->db, ben), apply_ok(f->db, eve)};
	for (int i = 0; i < 3; i++)
		to_reviewed(f->db, ids[i]);
	char no[CASE_ARCHIVE_NO_SIZE];
	assert_int_equal(case_archive_no(f->db, ids[0], no, &err), 0);
	assert_string_equal(no, "");
	/* In the order of approval, not of application. */
	STEP_OK(f->db, ids[2], "approve", "2024-04-01", "", NULL);
	STEP_OK(f->db, ids[0], "approve", "2024-04-02", "", NULL);
	STEP_OK(f->db, ids[1], "approve", "2024-04-02", "", NULL);
	const char *expect[3] = {"3416992024000002", "3416992024000003", "3416992024000001"};
	for (int i = 0; i < 3; i++) {
		assert_int_equal(case_archive_no(f->db, ids[i], no, &err), 1);
		assert_string_equal(no, expect[i]);
	}
	/* Suspended and resumed: the same number, once. */
	STEP_OK(f->db, ids[0], "suspend", "2024-05-01", "银行卡冻结", NULL);
	STEP_OK(f->db, ids[0], "resume", "2024-05-10", "已换卡", NULL);
	assert_int_equal(case_archive_no(f->db, ids[0], no, &err), 1);
	assert_string_equal(no, "3416992024000002");
	assert_int_equal(t_query_int(f->db, "SELECT count(*) FROM case_archive"), 3);
	/* A death stops the payment: a final stage, nothing more. */
	struct case_problems pr;
	STEP_OK(f->db, ids[1], "stop", "2024-06-01", "", "stop_reason", "death", NULL);
	assert_int_equal(step(f->db, ids[1], "suspend", "2024-06-02", "再暂停", &pr, NULL), 1);
	assert_string_equal(pr.message, "个案已结束（停止发放），不能再办理“暂停发放”");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_documents_and_eligibility, setup, t_teardown),
	    cmocka_unit_test_setup_teardown(test_notice_period, setup, t_teardown),
	    cmocka_unit_test_setup_teardown(test_objections, setup, t_teardown),
	    cmocka_unit_test_setup_teardown(test_list, setup, t_teardown),
	    cmocka_unit_test_setup_teardown(test_archive_numbers, setup, t_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
