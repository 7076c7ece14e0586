/*
 * Unit tests for domain/payment on the payday test definition
 * (tests/data/programs/payday.json): periods, standards (the most specific
 * wins), batch building (the payable stage, stop stages, no account, no
 * standard, already paid for the period), the schema's one payment per
 * person and period (also against raw SQL, and free again after a
 * failure), sending, discarding, reconciliation (matching by 序号 and
 * account, failed lines with their reason, totals to the fen, all or
 * nothing) and the ledger.
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
#include "domain/payment.h"
#include "domain/person.h"
#include "support.h"

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))
#define VILLAGE1 "341699001001"
#define VILLAGE3 "341699002001"
#define YEAR 2024

static struct user staff;
static int64_t people[5], cases[5];

static int64_t save(struct db *db, const char *name, const char *first17, const char *village, int hukou, int grade,
		    const char *account)
{
	struct person p = t_person(name, first17, village);
	p.hukou = hukou;
	p.grade = grade;
	snprintf(p.bank_name, sizeof p.bank_name, "农村商业银行");
	snprintf(p.bank_account, sizeof p.bank_account, "%s", account);
	struct error err = ERROR_INIT;
	if (person_insert(db, &p, &err) != 0)
		fail_msg("person_insert: %s", err.msg);
	return p.id;
}

static void move(struct db *db, int64_t id, const char *transition, const char *remark)
{
	struct registry_scope scope;
	case_scope_of(&staff, &scope);
	struct case_problems pr;
	struct error err = ERROR_INIT;
	if (case_transition(db, id, transition, "2024-04-01", NULL, 0, remark, &staff, &scope, &pr, &err) != 0)
		fail_msg("%s on %lld: %s %s", transition, (long long)id, pr.message, err.msg);
}

static int setup(void **state)
{
	t_setup(state, "test-payment", true);
	struct t_fixture *f = *state;
	struct date today = {2024, 12, 31};
	date_set_today(&today);
	t_county_save(f->db);
	t_program_store_file(f->db, "tests/data/programs/payday.json");
	staff = t_user(ROLE_COUNTY_STAFF, "", "office");
	people[0] = save(f->db, "王秀英", "34169919500101002", VILLAGE1, 2, 1, "6228480000000000001");
	people[1] = save(f->db, "李国华", "34169919480202001", VILLAGE1, 1, 1, "6228480000000000002");
	people[2] = save(f->db, "张桂兰", "34169919520303002", VILLAGE3, 1, 3, "6228480000000000003");
	people[3] = save(f->db, "赵大成", "34169919600404001", VILLAGE3, 2, 2, ""); /* no account */
	people[4] = save(f->db, "孙小梅", "34169919700505002", VILLAGE3, 2, 2, "6228480000000000005");
	const struct program *p = t_program(f->db, "payday");
	struct registry_scope scope;
	case_scope_of(&staff, &scope);
	for (size_t i = 0; i < N_ELEMS(people); i++) {
		struct case_problems pr;
		struct error err = ERROR_INIT;
		if (case_enrol(f->db, p, YEAR, people[i], "apply", "2024-03-01", NULL, 0, "", &staff, &scope, &cases[i], &pr,
			       &err) != 0)
			fail_msg("enrol: %s %s", pr.message, err.msg);
		move(f->db, cases[i], "review", "");
		move(f->db, cases[i], "approve", "");
	}
	move(f->db, cases[4], "stop", "本人已故"); /* stopped: never paid */
	return 0;
}

static void test_periods(void **state)
{
	(void)state;
	static const struct {
		const char *period;
		int ok;
	} cases_[] = {{"2024-06", 1}, {"2024-01", 1}, {"2024-12", 1}, {"2024-Q1", 1}, {"2024-Q4", 1}, {"2024-H1", 1},
		      {"2024-H2", 1}, {"2024-00", 0}, {"2024-13", 0}, {"2024-Q5", 0}, {"2024-H3", 0}, {"2024-6", 0},
		      {"2023-06", 0}, {"2024/06", 0}, {"", 0},        {"2024-06 ", 0}, {"2024-q1", 0}};
	char reason[200];
	for (size_t i = 0; i < N_ELEMS(cases_); i++)
		if ((payment_period_check(cases_[i].period, YEAR, reason, sizeof reason) == 0) != cases_[i].ok)
			fail_msg("period \"%s\"", cases_[i].period);
	assert_int_equal(payment_period_check("2023-06", YEAR, reason, sizeof reason), 1);
	assert_non_null(strstr(reason, "不在 2024 年度内"));
	assert_int_equal(payment_period_check(NULL, YEAR, reason, sizeof reason), 1);
}

static int64_t std_for(struct db *db, int hukou, int grade)
{
	int64_t fen = -1;
	struct error err = ERROR_INIT;
	int rc = payment_standard_for(db, "payday", YEAR, hukou, grade, &fen, &err);
	assert_true(rc >= 0);
	return rc ? fen : -1;
}

static void set_std(struct db *db, int hukou, int grade, int64_t fen)
{
	struct error err = ERROR_INIT;
	if (payment_standard_set(db, "payday", YEAR, hukou, grade, fen, "admin", &err) < 0)
		fail_msg("payment_standard_set: %s", err.msg);
}

/* The most specific standard wins: hukou and grade, then grade, then hukou, then any. */
static void test_standards(void **state)
{
	struct t_fixture *f = *state;
	assert_int_equal(std_for(f->db, 2, 1), -1);
	set_std(f->db, 0, 0, 30000);
	assert_int_equal(std_for(f->db, 2, 1), 30000);
	assert_int_equal(std_for(f->db, 1, 0), 30000);
	set_std(f->db, 1, 0, 35050);
	assert_int_equal(std_for(f->db, 1, 3), 35050);
	assert_int_equal(std_for(f->db, 2, 3), 30000);
	set_std(f->db, 0, 1, 40000);
	assert_int_equal(std_for(f->db, 1, 1), 40000); /* grade beats hukou */
	assert_int_equal(std_for(f->db, 2, 1), 40000);
	set_std(f->db, 1, 1, 123456);
	assert_int_equal(std_for(f->db, 1, 1), 123456);
	assert_int_equal(std_for(f->db, 2, 1), 40000);
	assert_int_equal(std_for(f->db, 2, 0), 30000); /* no grade: only the "any grade" ones */
	set_std(f->db, 0, 0, 31000);                   /* replaces */
	assert_int_equal(std_for(f->db, 2, 2), 31000);
	struct error err = ERROR_INIT;
	assert_int_equal(payment_standard_remove(f->db, "payday", YEAR, 1, 1, &err), 1);
	assert_int_equal(payment_standard_remove(f->db, "payday", YEAR, 1, 1, &err), 0);
	assert_int_equal(std_for(f->db, 1, 1), 40000);
	assert_int_equal(payment_standard_set(f->db, "payday", YEAR, 3, 0, 100, "x", &err), -1);
	assert_int_equal(t_query_int(f->db, "SELECT count(*) FROM payment_standard"), 3);
	t_exec(f->db, "DELETE FROM payment_standard");
}

static struct payment_built build(struct db *db, const char *period, int expect)
{
	struct payment_build b = {.p = t_program(db, "payday"), .year = YEAR, .period = period, .payable = "approved",
				  .stops = {"stopped"}, .nstops = 1, .user = "office"};
	struct payment_built out;
	struct error err = ERROR_INIT;
	int rc = payment_batch_build(db, &b, &out, &err);
	if (rc != expect)
		fail_msg("build %s: %d (%s %s)", period, rc, out.message, err.msg);
	return out;
}

static void test_build(void **state)
{
	struct t_fixture *f = *state;
	/* No standard yet: refused, nothing written. */
	struct payment_built out = build(f->db, "2024-06", 1);
	assert_string_equal(out.field, "year");
	assert_non_null(strstr(out.message, "发放标准"));
	assert_int_equal(t_query_int(f->db, "SELECT count(*) FROM payment_batch"), 0);
	set_std(f->db, 0, 0, 30000);
	set_std(f->db, 1, 0, 35050);
	/* Refusals of the parameters. */
	struct payment_build b = {
	    .p = t_program(f->db, "payday"), .year = YEAR, .period = "2024-06", .payable = "nosuch", .user = "x"};
	struct error err = ERROR_INIT;
	assert_int_equal(payment_batch_build(f->db, &b, &out, &err), 1);
	assert_string_equal(out.field, "payable_stage");
	b.payable = "approved";
	b.stops[0] = "approved";
	b.nstops = 1;
	assert_int_equal(payment_batch_build(f->db, &b, &out, &err), 1);
	assert_string_equal(out.field, "stop_stages");
	b.period = "2025-01";
	b.nstops = 0;
	assert_int_equal(payment_batch_build(f->db, &b, &out, &err), 1);
	assert_string_equal(out.field, "period");

	out = build(f->db, "2024-06", 0);
	assert_int_equal(out.lines, 3); /* not the stopped case, not the one without an account */
	assert_int_equal(out.skipped, 1);
	assert_int_equal(out.total, 30000 + 35050 + 35050);
	char reason[200];
	t_query_text(f->db, "SELECT reason FROM payment_skip", reason, sizeof reason);
	assert_non_null(strstr(reason, "没有银行账号"));
	assert_int_equal(t_query_int(f->db, "SELECT count(*) FROM payment_line WHERE seq BETWEEN 1 AND 3"), 3);
	/* Everyone due for the period is in a batch: a second build has nobody. */
	struct payment_built again = build(f->db, "2024-06", 1);
	assert_int_equal(again.already_paid, 3);
	assert_non_null(strstr(again.message, "没有可发放的人员"));
	assert_int_equal(t_query_int(f->db, "SELECT count(*) FROM payment_batch"), 1);
	/* Another period is another matter. */
	struct payment_built q3 = build(f->db, "2024-Q3", 0);
	assert_int_equal(q3.lines, 3);
	/* A draft can go, and its persons are free again; a sent batch cannot. */
	assert_int_equal(payment_batch_discard(f->db, q3.batch, &err), 0);
	assert_int_equal(t_query_int(f->db, "SELECT count(*) FROM payment_line WHERE period = '2024-Q3'"), 0);
	assert_int_equal(payment_batch_discard(f->db, 999, &err), 2);
	assert_int_equal(payment_batch_send(f->db, out.batch, "office", &err), 0);
	assert_int_equal(payment_batch_send(f->db, out.batch, "office", &err), 1);
	assert_int_equal(payment_batch_discard(f->db, out.batch, &err), 1);
	/* Raw SQL cannot remove a sent batch's line nor change what it pays. */
	struct db_stmt *st;
	static const char del[] = "DELETE FROM payment_line WHERE batch_id = ?";
	assert_int_equal(db_prepare(f->db, del, &st, &err), 0);
	db_bind_int(st, 1, out.batch);
	assert_int_equal(db_step(st, &err), DB_ERROR);
	db_done(st);
	static const char upd[] = "UPDATE payment_line SET amount = amount + 1";
	assert_int_equal(db_prepare(f->db, upd, &st, &err), 0);
	assert_int_equal(db_step(st, &err), DB_ERROR);
	db_done(st);
}

/* The UNIQUE constraint: a second line for a person and period is refused whoever inserts it. */
static void test_once_per_period(void **state)
{
	struct t_fixture *f = *state;
	static const char dup[] =
	    "INSERT INTO payment_line (batch_id, seq, program_code, year, period, case_id, person_id, name, id_number,"
	    " bank_name, bank_account, amount) SELECT batch_id, 99, program_code, year, period, case_id, person_id, name,"
	    " id_number, bank_name, bank_account, amount FROM payment_line WHERE seq = 1 AND period = '2024-06'";
	struct db_stmt *st;
	struct error err = ERROR_INIT;
	assert_int_equal(db_prepare(f->db, dup, &st, &err), 0);
	assert_int_equal(db_step(st, &err), DB_CONFLICT);
	db_done(st);
	/* Once the line failed, the person may be paid for the period again. */
	t_exec(f->db, "UPDATE payment_line SET status = 3, reason = '账户已销户' WHERE seq = 1 AND period = '2024-06'");
	assert_int_equal(db_prepare(f->db, dup, &st, &err), 0);
	assert_int_equal(db_step(st, &err), DB_DONE);
	db_done(st);
	/* ... once: */
	static const char dup2[] =
	    "INSERT INTO payment_line (batch_id, seq, program_code, year, period, case_id, person_id, name, id_number,"
	    " bank_name, bank_account, amount) SELECT batch_id, 100, program_code, year, period, case_id, person_id, name,"
	    " id_number, bank_name, bank_account, amount FROM payment_line WHERE seq = 99";
	assert_int_equal(db_prepare(f->db, dup2, &st, &err), 0);
	assert_int_equal(db_step(st, &err), DB_CONFLICT);
	db_done(st);
	/* A failed line is final. */
	static const char revive[] = "UPDATE payment_line SET status = 1 WHERE status = 3";
	assert_int_equal(db_prepare(f->db, revive, &st, &err), 0);
	assert_int_equal(db_step(st, &err), DB_ERROR);
	db_done(st);
}

static int reconcile(struct db *db, int64_t batch, const struct t_line *lines, size_t n, int64_t paid_total,
		     struct import_report *r, struct payment_reconciled *out)
{
	struct t_lines m;
	struct row_source src = t_lines_source(&m, lines, n, 0);
	struct payment_reconcile_options o = {.has_paid_total = paid_total >= 0, .paid_total = paid_total, .user = "office"};
	struct error err = ERROR_INIT;
	import_report_init(r);
	int rc = payment_reconcile(db, batch, src, &o, r, out, &err);
	t_lines_release(&m);
	if (rc < 0)
		fail_msg("payment_reconcile: %s", err.msg);
	return rc;
}

#define HEAD "序号,姓名,身份证号,开户银行,银行账号,金额(元),状态,原因"

static void test_reconcile(void **state)
{
	struct t_fixture *f = *state;
	t_exec(f->db, "DELETE FROM payment_skip; DROP TRIGGER payment_line_keep; DELETE FROM payment_line;"
		      " DELETE FROM payment_batch;");
	t_exec(f->db, "CREATE TRIGGER payment_line_keep BEFORE DELETE ON payment_line"
		      " WHEN (SELECT status FROM payment_batch WHERE id = OLD.batch_id) <> 1"
		      " BEGIN SELECT RAISE(ABORT, 'payment_line: only the lines of a draft batch may be removed'); END;");
	struct payment_built out = build(f->db, "2024-06", 0);
	assert_int_equal(out.lines, 3);
	struct import_report r;
	struct payment_reconciled res;
	/* A draft is not reconciled. */
	const struct t_line head[] = {{HEAD, 0, 0}};
	assert_int_equal(reconcile(f->db, out.batch, head, 1, -1, &r, &res), 1);
	assert_non_null(strstr(res.message, "尚未报送银行"));
	import_report_release(&r);
	struct error err = ERROR_INIT;
	assert_int_equal(payment_batch_send(f->db, out.batch, "office", &err), 0);
	/* Lines 1..3 in 序号 order: 王秀英 (rural, 300.00), 李国华 (urban, 350.50), 张桂兰 (urban, 350.50). */
	const struct t_line wrong[] = {
	    {HEAD, 0, 0},
	    {"1,王秀英,,,6228480000000000001,300.00,成功,", 0, 0},
	    {"2,李国华,,,6228 4800 0000 0000 002,362.50,成功,", 0, 0}, /* 12.00 yuan too much */
	    {"3,张桂兰,,,6228480000000000009,350.50,失败,", 0, 0},     /* wrong account, no reason */
	    {"3,张桂兰,,,6228480000000000003,350.50,成功,", 0, 0},     /* 序号 repeated */
	    {"4,某人,,,1,1.00,成功,", 0, 0},                          /* no such line */
	    {"合计,,,,,1000.00,,", 0, 0},
	};
	assert_int_equal(reconcile(f->db, out.batch, wrong, N_ELEMS(wrong), -1, &r, &res), 1);
	assert_false(res.committed);
	t_expect_rejection(&r, 3, "金额(元)", "与批次序号2的金额 350.50 元不符，相差 12.00 元");
	t_expect_rejection(&r, 4, "银行账号", "与批次序号3的银行账号不符");
	assert_non_null(t_rejection(&r, 5));
	t_expect_rejection(&r, 6, "序号", "应为本批次的序号（1到3）");
	assert_non_null(strstr(res.message, "相差"));
	assert_int_equal(t_query_int(f->db, "SELECT count(*) FROM payment_line WHERE status <> 1"), 0);
	import_report_release(&r);

	/* The totals alone: one line's amount off, named in the message with the difference. */
	const struct t_line off[] = {
	    {HEAD, 0, 0},
	    {"1,王秀英,,,6228480000000000001,312.00,成功,", 0, 0},
	};
	assert_int_equal(reconcile(f->db, out.batch, off, N_ELEMS(off), -1, &r, &res), 1);
	assert_int_equal(res.file_total, 31200);
	assert_int_equal(res.batch_total, 30000);
	assert_non_null(strstr(res.message, "回盘文件各行合计 312.00 元，批次中对应各行合计 300.00 元，相差 12.00 元"));
	import_report_release(&r);

	/* A stated paid total that is not the sum of the 成功 rows. */
	const struct t_line good[] = {
	    {HEAD, 0, 0},
	    {"1,王秀英,,农村商业银行,6228480000000000001,300.00,成功,", 0, 0},
	    {"2,李国华,,,6228480000000000002,350.5,失败,账户已冻结", 0, 0},
	    {"", 0, 0},
	    {"合计,,,,,650.50,,", 0, 0},
	};
	assert_int_equal(reconcile(f->db, out.batch, good, N_ELEMS(good), 30100, &r, &res), 1);
	assert_non_null(strstr(res.message, "实发总额 301.00 元与回盘文件中成功各行合计 300.00 元不符，相差 1.00 元"));
	import_report_release(&r);
	/* Right: applied; line 3 not named stays pending, the batch stays sent. */
	assert_int_equal(reconcile(f->db, out.batch, good, N_ELEMS(good), 30000, &r, &res), 0);
	assert_true(res.committed);
	assert_int_equal(res.paid, 1);
	assert_int_equal(res.failed, 1);
	assert_int_equal(res.remaining, 1);
	import_report_release(&r);
	char reason[80];
	t_query_text(f->db, "SELECT reason FROM payment_line WHERE seq = 2", reason, sizeof reason);
	assert_string_equal(reason, "账户已冻结");
	assert_int_equal(t_query_int(f->db, "SELECT status FROM payment_batch"), PAYMENT_SENT);
	/* A line already reconciled cannot be again. */
	const struct t_line twice[] = {{HEAD, 0, 0}, {"1,王秀英,,,6228480000000000001,300.00,成功,", 0, 0}};
	assert_int_equal(reconcile(f->db, out.batch, twice, N_ELEMS(twice), -1, &r, &res), 1);
	t_expect_rejection(&r, 2, "序号", "序号1已对账（已发放），不能再次对账");
	import_report_release(&r);
	/* The last line: the batch is reconciled. */
	const struct t_line last[] = {{HEAD, 0, 0}, {"3,张桂兰,,,6228480000000000003,350.50,成功,", 0, 0}};
	assert_int_equal(reconcile(f->db, out.batch, last, N_ELEMS(last), -1, &r, &res), 0);
	assert_int_equal(res.remaining, 0);
	import_report_release(&r);
	assert_int_equal(t_query_int(f->db, "SELECT status FROM payment_batch"), PAYMENT_RECONCILED);

	/* The failed person can be paid for the period in a new batch, and the ledger adds up. */
	struct payment_built again = build(f->db, "2024-06", 0);
	assert_int_equal(again.lines, 1);
	assert_int_equal(again.total, 35050);
	assert_int_equal(payment_budget_set(f->db, "payday", YEAR, 500000, "admin", &err), 0);
	struct registry_scope all;
	case_scope_of(&staff, &all);
	struct payment_ledger l;
	assert_int_equal(payment_ledger(f->db, &all, "payday", YEAR, &l, &err), 0);
	assert_true(l.has_budget);
	assert_int_equal(l.paid, 30000 + 35050);
	assert_int_equal(l.failed, 35050);
	assert_int_equal(l.pending, 35050);
	assert_int_equal(l.committed, 30000 + 35050 + 35050);
	assert_int_equal(l.outstanding, 500000 - 100100);
	assert_int_equal(l.n_paid, 2);
	assert_int_equal(l.batches, 2);
	/* A township sees its own lines only: 张桂兰's in 望川镇. */
	struct user town2 = t_user(ROLE_TOWNSHIP, "341699002000", "town2");
	struct registry_scope ts;
	case_scope_of(&town2, &ts);
	assert_int_equal(payment_ledger(f->db, &ts, "payday", YEAR, &l, &err), 0);
	assert_int_equal(l.paid, 35050);
	assert_int_equal(l.n_failed, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_periods),
	    cmocka_unit_test(test_standards),
	    cmocka_unit_test(test_build),
	    cmocka_unit_test(test_once_per_period),
	    cmocka_unit_test(test_reconcile),
	};
	return cmocka_run_group_tests(tests, setup, t_teardown);
}
