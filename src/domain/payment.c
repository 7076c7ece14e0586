#include "domain/payment.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/intmap.h"
#include "base/money.h"
#include "base/number.h"
#include "base/stamp.h"
#include "base/utf8.h"
#include "base/xalloc.h"

/* Labels and codes */

const char *payment_batch_status_label(int status)
{
	switch (status) {
	case PAYMENT_DRAFT:
		return "草稿";
	case PAYMENT_SENT:
		return "已报送银行";
	case PAYMENT_RECONCILED:
		return "已对账";
	}
	return "";
}

const char *payment_line_status_label(int status)
{
	switch (status) {
	case PAYMENT_PENDING:
		return "待发放";
	case PAYMENT_PAID:
		return "已发放";
	case PAYMENT_FAILED:
		return "发放失败";
	}
	return "";
}

const char *payment_batch_status_code(int status)
{
	static const char *const codes[] = {NULL, "draft", "sent", "reconciled"};
	return status >= PAYMENT_DRAFT && status <= PAYMENT_RECONCILED ? codes[status] : NULL;
}

const char *payment_line_status_code(int status)
{
	static const char *const codes[] = {NULL, "pending", "paid", "failed"};
	return status >= PAYMENT_PENDING && status <= PAYMENT_FAILED ? codes[status] : NULL;
}

int payment_line_status_of(const char *code)
{
	for (int s = PAYMENT_PENDING; code && s <= PAYMENT_FAILED; s++)
		if (strcmp(code, payment_line_status_code(s)) == 0)
			return s;
	return 0;
}

int payment_period_check(const char *period, int year, char *reason, size_t size)
{
	char y[8];
	snprintf(y, sizeof y, "%04d", year);
	size_t n = period ? strlen(period) : 0;
	bool shape = n == 7 && isdigit((unsigned char)period[0]) && isdigit((unsigned char)period[1]) &&
		     isdigit((unsigned char)period[2]) && isdigit((unsigned char)period[3]) && period[4] == '-';
	bool ok = false;
	if (shape) {
		const char *t = period + 5;
		if (isdigit((unsigned char)t[0]) && isdigit((unsigned char)t[1]))
			ok = (t[0] == '0' && t[1] >= '1') || (t[0] == '1' && t[1] >= '0' && t[1] <= '2');
		else if (t[0] == 'Q')
			ok = t[1] >= '1' && t[1] <= '4';
		else if (t[0] == 'H')
			ok = t[1] == '1' || t[1] == '2';
	}
	if (!ok) {
		snprintf(reason, size, "发放期应为年月（如 %s-06）、季度（如 %s-Q2）或半年（%s-H1、%s-H2）", y, y, y, y);
		return 1;
	}
	if (strncmp(period, y, 4) != 0) {
		snprintf(reason, size, "发放期 %s 不在 %d 年度内", period, year);
		return 1;
	}
	return 0;
}

/* Standards and the budget */

static const char SQL_STD_SET[] =
    "INSERT INTO payment_standard (program_code, year, hukou, grade, amount, set_at, set_by)"
    " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (program_code, year, hukou, grade) DO UPDATE SET"
    " amount = excluded.amount, set_at = excluded.set_at, set_by = excluded.set_by";
static const char SQL_STD_DEL[] =
    "DELETE FROM payment_standard WHERE program_code = ? AND year = ? AND hukou = ? AND grade = ?";
static const char SQL_STD_LIST[] =
    "SELECT hukou, grade, amount, set_at, set_by FROM payment_standard WHERE program_code = ? AND year = ?"
    " ORDER BY (grade <> 0) * 2 + (hukou <> 0) DESC, hukou, grade";
static const char SQL_STD_FOR[] =
    "SELECT amount FROM payment_standard WHERE program_code = ? AND year = ? AND (hukou = 0 OR hukou = ?)"
    " AND (grade = 0 OR grade = ?) ORDER BY (grade <> 0) * 2 + (hukou <> 0) DESC LIMIT 1";
static const char SQL_BUDGET_SET[] =
    "INSERT INTO payment_budget (program_code, year, amount, set_at, set_by) VALUES (?, ?, ?, ?, ?)"
    " ON CONFLICT (program_code, year) DO UPDATE SET amount = excluded.amount, set_at = excluded.set_at,"
    " set_by = excluded.set_by";
static const char SQL_BUDGET_GET[] = "SELECT amount FROM payment_budget WHERE program_code = ? AND year = ?";

/* Runs st (bound) to its end: 0, or -1 with the message. */
static int run(struct db_stmt *st, struct error *err)
{
	int rc = db_step(st, err);
	db_done(st);
	return rc == DB_DONE ? 0 : rc == DB_ROW ? 0 : -1;
}

int payment_standard_set(struct db *w, const char *program, int year, int hukou, int grade, int64_t amount,
			 const char *user, struct error *err)
{
	if (hukou < 0 || hukou > 2 || grade < 0 || grade > 4 || amount < 1 || amount > MONEY_MAX)
		return error_set(err, "payment_standard_set: value out of range");
	struct db_stmt *st;
	char now[STAMP_SIZE];
	stamp_now(now);
	if (db_prepare(w, SQL_STD_SET, &st, err) < 0)
		return -1;
	db_bind_text(st, 1, program);
	db_bind_int(st, 2, year);
	db_bind_int(st, 3, hukou);
	db_bind_int(st, 4, grade);
	db_bind_int(st, 5, amount);
	db_bind_text(st, 6, now);
	db_bind_text(st, 7, user);
	return run(st, err);
}

int payment_standard_remove(struct db *w, const char *program, int year, int hukou, int grade, struct error *err)
{
	struct db_stmt *st;
	if (db_prepare(w, SQL_STD_DEL, &st, err) < 0)
		return -1;
	db_bind_text(st, 1, program);
	db_bind_int(st, 2, year);
	db_bind_int(st, 3, hukou);
	db_bind_int(st, 4, grade);
	if (run(st, err) < 0)
		return -1;
	return db_changes(w) > 0 ? 1 : 0;
}

int payment_standards(struct db *db, const char *program, int year,
		      void (*fn)(void *ctx, const struct payment_standard *s), void *ctx, struct error *err)
{
	struct db_stmt *st;
	if (db_prepare(db, SQL_STD_LIST, &st, err) < 0)
		return -1;
	db_bind_text(st, 1, program);
	db_bind_int(st, 2, year);
	int rc;
	while ((rc = db_step(st, err)) == DB_ROW) {
		struct payment_standard s;
		s.hukou = (int)db_col_int(st, 0);
		s.grade = (int)db_col_int(st, 1);
		s.amount = db_col_int(st, 2);
		snprintf(s.set_at, sizeof s.set_at, "%s", db_col_text(st, 3));
		snprintf(s.set_by, sizeof s.set_by, "%s", db_col_text(st, 4));
		fn(ctx, &s);
	}
	db_done(st);
	return rc == DB_DONE ? 0 : -1;
}

int payment_standard_for(struct db *db, const char *program, int year, int hukou, int grade, int64_t *amount,
			 struct error *err)
{
	struct db_stmt *st;
	if (db_prepare(db, SQL_STD_FOR, &st, err) < 0)
		return -1;
	db_bind_text(st, 1, program);
	db_bind_int(st, 2, year);
	db_bind_int(st, 3, hukou);
	db_bind_int(st, 4, grade);
	int rc = db_step(st, err);
	if (rc == DB_ROW)
		*amount = db_col_int(st, 0);
	db_done(st);
	return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
}

int payment_budget_set(struct db *w, const char *program, int year, int64_t amount, const char *user,
		       struct error *err)
{
	if (amount < 0 || amount > MONEY_MAX)
		return error_set(err, "payment_budget_set: amount out of range");
	struct db_stmt *st;
	char now[STAMP_SIZE];
	stamp_now(now);
	if (db_prepare(w, SQL_BUDGET_SET, &st, err) < 0)
		return -1;
	db_bind_text(st, 1, program);
	db_bind_int(st, 2, year);
	db_bind_int(st, 3, amount);
	db_bind_text(st, 4, now);
	db_bind_text(st, 5, user);
	return run(st, err);
}

int payment_budget_get(struct db *db, const char *program, int year, int64_t *amount, struct error *err)
{
	struct db_stmt *st;
	if (db_prepare(db, SQL_BUDGET_GET, &st, err) < 0)
		return -1;
	db_bind_text(st, 1, program);
	db_bind_int(st, 2, year);
	int rc = db_step(st, err);
	if (rc == DB_ROW)
		*amount = db_col_int(st, 0);
	db_done(st);
	return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
}

/* Building a batch */

static const char SQL_BATCH_NEW[] =
    "INSERT INTO payment_batch (program_code, year, period, payable_stage, stop_stages, status, created_at,"
    " created_by) VALUES (?, ?, ?, ?, ?, 1, ?, ?) RETURNING id";
/* The cases that reached the payable stage and are not at a stop stage, and whether the person is paid for the period. */
static const char SQL_BUILD_CASES[] =
    "SELECT c.id, c.person_id, p.name, p.id_number, coalesce(p.bank_name, ''), coalesce(p.bank_account, ''),"
    " p.hukou, coalesce(p.grade, 0), p.status,"
    " EXISTS (SELECT 1 FROM payment_line l WHERE l.program_code = c.program_code AND l.year = c.year"
    " AND l.period = ?3 AND l.person_id = c.person_id AND l.status <> 3)"
    " FROM program_case c JOIN case_stage s ON s.case_id = c.id AND s.stage = ?4"
    " JOIN person p ON p.id = c.person_id"
    " WHERE c.program_code = ?1 AND c.year = ?2 AND instr(?5, ',' || c.stage || ',') = 0"
    " ORDER BY c.township_code, c.village_code, c.id";
static const char SQL_LINE_NEW[] =
    "INSERT INTO payment_line (batch_id, seq, program_code, year, period, case_id, person_id, name, id_number,"
    " bank_name, bank_account, amount, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)";
static const char SQL_SKIP_NEW[] =
    "INSERT INTO payment_skip (batch_id, case_id, person_id, name, reason) VALUES (?, ?, ?, ?, ?)";

struct standards {
	struct payment_standard *items;
	size_t n;
};

static void standard_one(void *ctx, const struct payment_standard *s)
{
	struct standards *t = ctx;
	t->items = xrealloc(t->items, (t->n + 1) * sizeof *t->items);
	t->items[t->n++] = *s;
}

/* The first (most specific: the list is in that order) standard for hukou and grade, or -1. */
static int64_t standard_match(const struct standards *t, int hukou, int grade)
{
	for (size_t i = 0; i < t->n; i++)
		if ((t->items[i].hukou == 0 || t->items[i].hukou == hukou) &&
		    (t->items[i].grade == 0 || t->items[i].grade == grade))
			return t->items[i].amount;
	return -1;
}

static int refuse(struct payment_built *out, const char *field, const char *fmt, const char *a)
{
	snprintf(out->field, sizeof out->field, "%s", field);
	snprintf(out->message, sizeof out->message, fmt, a);
	return 1;
}

static int skip(struct db *w, int64_t batch, int64_t case_id, int64_t person, const char *name, const char *reason,
		struct error *err)
{
	struct db_stmt *st;
	if (db_prepare(w, SQL_SKIP_NEW, &st, err) < 0)
		return -1;
	db_bind_int(st, 1, batch);
	db_bind_int(st, 2, case_id);
	db_bind_int(st, 3, person);
	db_bind_text(st, 4, name);
	db_bind_text(st, 5, reason);
	return run(st, err);
}

static int build_lines(struct db *w, const struct payment_build *b, const char *stops, const struct standards *t,
		       struct payment_built *out, struct error *err)
{
	struct db_stmt *st, *ins;
	struct intmap seen = INTMAP_INIT;
	int rc = -1, step;
	if (db_prepare(w, SQL_BUILD_CASES, &st, err) < 0)
		return -1;
	db_bind_text(st, 1, b->p->code);
	db_bind_int(st, 2, b->year);
	db_bind_text(st, 3, b->period);
	db_bind_text(st, 4, b->payable);
	db_bind_text(st, 5, stops);
	while ((step = db_step(st, err)) == DB_ROW) {
		int64_t case_id = db_col_int(st, 0), person = db_col_int(st, 1);
		const char *name = db_col_text(st, 2), *idn = db_col_text(st, 3), *bank = db_col_text(st, 4),
			   *account = db_col_text(st, 5);
		int hukou = (int)db_col_int(st, 6), grade = (int)db_col_int(st, 7), status = (int)db_col_int(st, 8);
		char reason[160] = "";
		int64_t other = 0, amount = -1;
		if (db_col_int(st, 9)) {
			out->already_paid++;
			continue;
		}
		if (status != 1)
			snprintf(reason, sizeof reason, "档案状态不是在册（已故或迁出），不予发放");
		else if (!*account)
			snprintf(reason, sizeof reason, "没有银行账号，请在残疾人档案中补录开户银行和银行账号");
		else if ((amount = standard_match(t, hukou, grade)) < 0)
			snprintf(reason, sizeof reason, "没有适用的发放标准（户口性质%s，残疾等级%s）",
				 hukou == 1 ? "城镇" : "农村", grade ? (const char *[]){"", "一级", "二级", "三级", "四级"}[grade] : "未定");
		else if (!intmap_put(&seen, (uint64_t)person, case_id, &other))
			snprintf(reason, sizeof reason, "同一人在本批次已有一行（案例%lld）", (long long)other);
		if (*reason) {
			if (skip(w, out->batch, case_id, person, name, reason, err) < 0)
				goto out;
			out->skipped++;
			continue;
		}
		if (!money_add(out->total, amount, &out->total)) {
			error_set(err, "payment batch total overflows");
			goto out;
		}
		if (db_prepare(w, SQL_LINE_NEW, &ins, err) < 0)
			goto out;
		db_bind_int(ins, 1, out->batch);
		db_bind_int(ins, 2, out->lines + 1);
		db_bind_text(ins, 3, b->p->code);
		db_bind_int(ins, 4, b->year);
		db_bind_text(ins, 5, b->period);
		db_bind_int(ins, 6, case_id);
		db_bind_int(ins, 7, person);
		db_bind_text(ins, 8, name);
		db_bind_text(ins, 9, idn);
		db_bind_text(ins, 10, bank);
		db_bind_text(ins, 11, account);
		db_bind_int(ins, 12, amount);
		int r = db_step(ins, err);
		db_done(ins);
		if (r == DB_CONFLICT) {
			/* Paid for the period meanwhile: the schema's guard, whoever wrote it. */
			out->already_paid++;
			continue;
		}
		if (r != DB_DONE)
			goto out;
		out->lines++;
	}
	rc = step == DB_DONE ? 0 : -1;
out:
	db_done(st);
	intmap_release(&seen);
	return rc;
}

int payment_batch_build(struct db *w, const struct payment_build *b, struct payment_built *out, struct error *err)
{
	memset(out, 0, sizeof *out);
	char reason[200], stops[sizeof ((struct payment_batch *)0)->stops] = ",";
	if (b->year < 2000 || b->year > 2100)
		return refuse(out, "year", "%s", "年度应为2000到2100之间的四位年份");
	if (payment_period_check(b->period, b->year, reason, sizeof reason))
		return refuse(out, "period", "%s", reason);
	if (!b->payable || program_stage_index(b->p, b->payable) < 0)
		return refuse(out, "payable_stage", "%s", "请选择可发放的阶段（项目定义中的一个阶段）");
	if (b->nstops > PAYMENT_STOPS_MAX)
		return refuse(out, "stop_stages", "%s", "停发阶段过多");
	for (size_t i = 0; i < b->nstops; i++) {
		if (program_stage_index(b->p, b->stops[i]) < 0)
			return refuse(out, "stop_stages", "停发阶段“%s”不是该项目的阶段", b->stops[i]);
		if (strcmp(b->stops[i], b->payable) == 0)
			return refuse(out, "stop_stages", "%s", "可发放的阶段不能同时是停发阶段");
		size_t n = strlen(stops);
		snprintf(stops + n, sizeof stops - n, "%s,", b->stops[i]);
	}
	struct standards t = {NULL, 0};
	if (payment_standards(w, b->p->code, b->year, standard_one, &t, err) < 0)
		return -1;
	if (t.n == 0) {
		free(t.items);
		snprintf(reason, sizeof reason, "%d", b->year);
		return refuse(out, "year", "尚未设定该项目%s年度的发放标准，请县残联管理员先设定发放标准", reason);
	}
	char now[STAMP_SIZE];
	stamp_now(now);
	struct db_stmt *st;
	int rc = -1;
	if (db_begin(w, err) < 0)
		goto out;
	if (db_prepare(w, SQL_BATCH_NEW, &st, err) < 0)
		goto fail;
	db_bind_text(st, 1, b->p->code);
	db_bind_int(st, 2, b->year);
	db_bind_text(st, 3, b->period);
	db_bind_text(st, 4, b->payable);
	db_bind_text(st, 5, stops);
	db_bind_text(st, 6, now);
	db_bind_text(st, 7, b->user);
	if (db_step(st, err) != DB_ROW) {
		db_done(st);
		goto fail;
	}
	out->batch = db_col_int(st, 0);
	db_done(st);
	if (build_lines(w, b, stops, &t, out, err) < 0)
		goto fail;
	if (out->lines == 0) {
		db_rollback(w);
		long paid = out->already_paid, skipped = out->skipped;
		memset(out, 0, sizeof *out);
		snprintf(out->message, sizeof out->message,
			 "没有可发放的人员：本期已发放或在其他批次中 %ld 人，缺银行账号、无适用标准等 %ld 人；没有生成批次",
			 paid, skipped);
		out->already_paid = paid;
		out->skipped = skipped;
		rc = 1;
		goto out;
	}
	if (db_commit(w, err) < 0)
		goto fail;
	rc = 0;
	goto out;
fail:
	db_rollback(w);
out:
	free(t.items);
	return rc;
}

/* Reading batches */

#define BATCH_COLUMNS                                                                                                  \
	"id, program_code, year, period, payable_stage, stop_stages, status, created_at, created_by,"                \
	" coalesce(sent_at, ''), coalesce(sent_by, ''), coalesce(reconciled_at, ''), coalesce(reconciled_by, '')"
static const char SQL_BATCH_GET[] = "SELECT " BATCH_COLUMNS " FROM payment_batch WHERE id = ?";
static const char SQL_BATCH_LIST[] = "SELECT " BATCH_COLUMNS " FROM payment_batch"
				     " WHERE (?1 = '' OR program_code = ?1) AND (?2 = 0 OR year = ?2) ORDER BY id DESC";
static const char SQL_BATCH_FIGURES[] =
    "SELECT l.status, count(*), coalesce(sum(l.amount), 0) FROM payment_line l JOIN program_case c ON c.id = l.case_id"
    " WHERE l.batch_id = ? AND c.village_code BETWEEN ? AND ? GROUP BY l.status";
static const char SQL_BATCH_SKIPPED[] =
    "SELECT count(*) FROM payment_skip s JOIN program_case c ON c.id = s.case_id"
    " WHERE s.batch_id = ? AND c.village_code BETWEEN ? AND ?";

static void batch_from_row(struct db_stmt *st, struct payment_batch *b)
{
	memset(b, 0, sizeof *b);
	b->id = db_col_int(st, 0);
	snprintf(b->program, sizeof b->program, "%s", db_col_text(st, 1));
	b->year = (int)db_col_int(st, 2);
	snprintf(b->period, sizeof b->period, "%s", db_col_text(st, 3));
	snprintf(b->payable, sizeof b->payable, "%s", db_col_text(st, 4));
	snprintf(b->stops, sizeof b->stops, "%s", db_col_text(st, 5));
	b->status = (int)db_col_int(st, 6);
	snprintf(b->created_at, sizeof b->created_at, "%s", db_col_text(st, 7));
	snprintf(b->created_by, sizeof b->created_by, "%s", db_col_text(st, 8));
	snprintf(b->sent_at, sizeof b->sent_at, "%s", db_col_text(st, 9));
	snprintf(b->sent_by, sizeof b->sent_by, "%s", db_col_text(st, 10));
	snprintf(b->reconciled_at, sizeof b->reconciled_at, "%s", db_col_text(st, 11));
	snprintf(b->reconciled_by, sizeof b->reconciled_by, "%s", db_col_text(st, 12));
}

/* Status 1..3 into the matching count and sum. */
static void tally(int status, long n, int64_t fen, long *n_pending, long *n_paid, long *n_failed, int64_t *pending,
		  int64_t *paid, int64_t *failed)
{
	if (status == PAYMENT_PENDING)
		*n_pending = n, *pending = fen;
	else if (status == PAYMENT_PAID)
		*n_paid = n, *paid = fen;
	else if (status == PAYMENT_FAILED)
		*n_failed = n, *failed = fen;
}

static int batch_figures(struct db *db, const struct registry_scope *scope, struct payment_batch *b, struct error *err)
{
	struct db_stmt *st;
	if (db_prepare(db, SQL_BATCH_FIGURES, &st, err) < 0)
		return -1;
	db_bind_int(st, 1, b->id);
	db_bind_text(st, 2, scope->lo);
	db_bind_text(st, 3, scope->hi);
	int rc;
	while ((rc = db_step(st, err)) == DB_ROW)
		tally((int)db_col_int(st, 0), (long)db_col_int(st, 1), db_col_int(st, 2), &b->n_pending, &b->n_paid,
		      &b->n_failed, &b->pending, &b->paid, &b->failed);
	db_done(st);
	if (rc != DB_DONE)
		return -1;
	b->lines = b->n_pending + b->n_paid + b->n_failed;
	if (!money_add(b->pending, b->paid, &b->total) || !money_add(b->total, b->failed, &b->total))
		return error_set(err, "payment batch total overflows");
	if (db_prepare(db, SQL_BATCH_SKIPPED, &st, err) < 0)
		return -1;
	db_bind_int(st, 1, b->id);
	db_bind_text(st, 2, scope->lo);
	db_bind_text(st, 3, scope->hi);
	rc = db_step(st, err);
	if (rc == DB_ROW)
		b->skipped = (long)db_col_int(st, 0);
	db_done(st);
	return rc == DB_ROW ? 0 : -1;
}

int payment_batch_get(struct db *db, const struct registry_scope *scope, int64_t id, struct payment_batch *out,
		      struct error *err)
{
	struct db_stmt *st;
	if (db_prepare(db, SQL_BATCH_GET, &st, err) < 0)
		return -1;
	db_bind_int(st, 1, id);
	int rc = db_step(st, err);
	if (rc == DB_ROW)
		batch_from_row(st, out);
	db_done(st);
	if (rc != DB_ROW)
		return rc == DB_DONE ? 0 : -1;
	return batch_figures(db, scope, out, err) < 0 ? -1 : 1;
}

int payment_batch_list(struct db *db, const struct registry_scope *scope, const char *program, int year,
		       int (*fn)(void *ctx, const struct payment_batch *b, struct error *err), void *ctx,
		       struct error *err)
{
	struct db_stmt *st;
	struct payment_batch *items = NULL;
	size_t n = 0;
	if (db_prepare(db, SQL_BATCH_LIST, &st, err) < 0)
		return -1;
	db_bind_text(st, 1, program ? program : "");
	db_bind_int(st, 2, year);
	int rc;
	while ((rc = db_step(st, err)) == DB_ROW) {
		items = xrealloc(items, (n + 1) * sizeof *items);
		batch_from_row(st, &items[n++]);
	}
	db_done(st);
	rc = rc == DB_DONE ? 0 : -1;
	for (size_t i = 0; rc == 0 && i < n; i++)
		if (batch_figures(db, scope, &items[i], err) < 0 || fn(ctx, &items[i], err) < 0)
			rc = -1;
	free(items);
	return rc;
}

static const char SQL_BATCH_STATUS[] = "SELECT status FROM payment_batch WHERE id = ?";
static const char SQL_BATCH_SEND[] =
    "UPDATE payment_batch SET status = 2, sent_at = ?, sent_by = ? WHERE id = ? AND status = 1";
static const char SQL_BATCH_DROP_LINES[] = "DELETE FROM payment_line WHERE batch_id = ?";
static const char SQL_BATCH_DROP_SKIPS[] = "DELETE FROM payment_skip WHERE batch_id = ?";
static const char SQL_BATCH_DROP[] = "DELETE FROM payment_batch WHERE id = ? AND status = 1";

/* The status of batch id: 1..3, 0 none, -1 error. */
static int batch_status(struct db *db, int64_t id, struct error *err)
{
	struct db_stmt *st;
	if (db_prepare(db, SQL_BATCH_STATUS, &st, err) < 0)
		return -1;
	db_bind_int(st, 1, id);
	int rc = db_step(st, err), status = 0;
	if (rc == DB_ROW)
		status = (int)db_col_int(st, 0);
	db_done(st);
	return rc == DB_ROW ? status : rc == DB_DONE ? 0 : -1;
}

int payment_batch_send(struct db *w, int64_t id, const char *user, struct error *err)
{
	int status = batch_status(w, id, err);
	if (status <= 0)
		return status < 0 ? -1 : 2;
	if (status != PAYMENT_DRAFT)
		return 1;
	char now[STAMP_SIZE];
	stamp_now(now);
	struct db_stmt *st;
	if (db_prepare(w, SQL_BATCH_SEND, &st, err) < 0)
		return -1;
	db_bind_text(st, 1, now);
	db_bind_text(st, 2, user);
	db_bind_int(st, 3, id);
	if (run(st, err) < 0)
		return -1;
	return db_changes(w) == 1 ? 0 : 1;
}

int payment_batch_discard(struct db *w, int64_t id, struct error *err)
{
	int status = batch_status(w, id, err);
	if (status <= 0)
		return status < 0 ? -1 : 2;
	if (status != PAYMENT_DRAFT)
		return 1;
	static const char *const steps[] = {SQL_BATCH_DROP_LINES, SQL_BATCH_DROP_SKIPS, SQL_BATCH_DROP};
	if (db_begin(w, err) < 0)
		return -1;
	for (size_t i = 0; i < 3; i++) {
		struct db_stmt *st;
		if (db_prepare(w, steps[i], &st, err) < 0)
			goto fail;
		db_bind_int(st, 1, id);
		if (run(st, err) < 0)
			goto fail;
	}
	if (db_commit(w, err) < 0)
		goto fail;
	return 0;
fail:
	db_rollback(w);
	return -1;
}

/* Lines */

#define LINE_COLUMNS                                                                                                   \
	"l.id, l.batch_id, l.seq, l.period, l.case_id, l.person_id, l.name, l.id_number, l.bank_name,"                \
	" l.bank_account, c.village_code, v.name, l.amount, l.status, l.reason"
#define LINE_JOIN " FROM payment_line l JOIN program_case c ON c.id = l.case_id JOIN division v ON v.code = c.village_code"
static const char SQL_LINES_BATCH[] = "SELECT " LINE_COLUMNS LINE_JOIN
				      " WHERE l.batch_id = ?1 AND c.village_code BETWEEN ?2 AND ?3"
				      " AND (?4 = 0 OR l.status = ?4) ORDER BY l.seq LIMIT ?5 OFFSET ?6";
static const char SQL_LINES_BATCH_N[] = "SELECT count(*) FROM payment_line l JOIN program_case c ON c.id = l.case_id"
					" WHERE l.batch_id = ?1 AND c.village_code BETWEEN ?2 AND ?3"
					" AND (?4 = 0 OR l.status = ?4)";
static const char SQL_LINES_YEAR[] = "SELECT " LINE_COLUMNS LINE_JOIN
				     " WHERE l.program_code = ?1 AND l.year = ?2 AND c.village_code BETWEEN ?3 AND ?4"
				     " AND (?5 = 0 OR l.status = ?5) ORDER BY l.batch_id, l.seq LIMIT ?6 OFFSET ?7";
static const char SQL_LINES_YEAR_N[] = "SELECT count(*) FROM payment_line l JOIN program_case c ON c.id = l.case_id"
				       " WHERE l.program_code = ?1 AND l.year = ?2 AND c.village_code BETWEEN ?3 AND ?4"
				       " AND (?5 = 0 OR l.status = ?5)";

/*
 * Steps st (a statement of the line columns, bound) and calls fn with each
 * line (its texts valid during the call), then finishes st. 0 or -1.
 */
static int each_line(struct db_stmt *st, int (*fn)(void *ctx, const struct payment_line *l, struct error *err),
		     void *ctx, struct error *err)
{
	int rc;
	while ((rc = db_step(st, err)) == DB_ROW) {
		struct payment_line l;
		l.id = db_col_int(st, 0);
		l.batch = db_col_int(st, 1);
		l.seq = (long)db_col_int(st, 2);
		snprintf(l.period, sizeof l.period, "%s", db_col_text(st, 3));
		l.case_id = db_col_int(st, 4);
		l.person_id = db_col_int(st, 5);
		l.name = db_col_text(st, 6);
		l.id_number = db_col_text(st, 7);
		l.bank_name = db_col_text(st, 8);
		l.bank_account = db_col_text(st, 9);
		l.village = db_col_text(st, 10);
		l.village_name = db_col_text(st, 11);
		l.amount = db_col_int(st, 12);
		l.status = (int)db_col_int(st, 13);
		l.reason = db_col_text(st, 14);
		if (fn(ctx, &l, err) < 0) {
			db_done(st);
			return -1;
		}
	}
	db_done(st);
	return rc == DB_DONE ? 0 : -1;
}

/* Binds q's conditions to st (a by-batch or a program-year text); returns the next parameter's number. */
static int bind_lines(struct db_stmt *st, const struct payment_line_query *q)
{
	int i = 1;
	if (q->batch) {
		db_bind_int(st, i++, q->batch);
	} else {
		db_bind_text(st, i++, q->program ? q->program : "");
		db_bind_int(st, i++, q->year);
	}
	db_bind_text(st, i++, q->scope.lo);
	db_bind_text(st, i++, q->scope.hi);
	db_bind_int(st, i++, q->status);
	return i;
}

int payment_lines(struct db *db, const struct payment_line_query *q,
		  int (*fn)(void *ctx, const struct payment_line *l, struct error *err), void *ctx, long *total,
		  struct error *err)
{
	struct db_stmt *st;
	int rc;
	if (total) {
		if (db_prepare(db, q->batch ? SQL_LINES_BATCH_N : SQL_LINES_YEAR_N, &st, err) < 0)
			return -1;
		bind_lines(st, q);
		rc = db_step(st, err);
		if (rc == DB_ROW)
			*total = (long)db_col_int(st, 0);
		db_done(st);
		if (rc != DB_ROW)
			return -1;
	}
	if (db_prepare(db, q->batch ? SQL_LINES_BATCH : SQL_LINES_YEAR, &st, err) < 0)
		return -1;
	int i = bind_lines(st, q);
	long page = q->page > 0 ? q->page : 1;
	db_bind_int(st, i, q->per_page > 0 ? q->per_page : INT64_MAX);
	db_bind_int(st, i + 1, q->per_page > 0 ? (page - 1) * q->per_page : 0);
	return each_line(st, fn, ctx, err);
}

static const char SQL_SKIPS[] =
    "SELECT s.case_id, s.person_id, s.name, s.reason FROM payment_skip s JOIN program_case c ON c.id = s.case_id"
    " WHERE s.batch_id = ? AND c.village_code BETWEEN ? AND ? ORDER BY s.case_id";

int payment_skips(struct db *db, const struct registry_scope *scope, int64_t batch,
		  void (*fn)(void *ctx, int64_t case_id, int64_t person_id, const char *name, const char *reason),
		  void *ctx, struct error *err)
{
	struct db_stmt *st;
	if (db_prepare(db, SQL_SKIPS, &st, err) < 0)
		return -1;
	db_bind_int(st, 1, batch);
	db_bind_text(st, 2, scope->lo);
	db_bind_text(st, 3, scope->hi);
	int rc;
	while ((rc = db_step(st, err)) == DB_ROW)
		fn(ctx, db_col_int(st, 0), db_col_int(st, 1), db_col_text(st, 2), db_col_text(st, 3));
	db_done(st);
	return rc == DB_DONE ? 0 : -1;
}

/* Reconciliation */

const struct import_column payment_columns[PAYMENT_COL__MAX] = {
    [PAYMENT_COL_SEQ] = {"序号", "编号|行号", true},
    [PAYMENT_COL_NAME] = {"姓名", "户名|收款人|收款人姓名", false},
    [PAYMENT_COL_ID] = {"身份证号", "身份证号码|公民身份号码|证件号码", false},
    [PAYMENT_COL_BANK] = {"开户银行", "开户行|银行", false},
    [PAYMENT_COL_ACCOUNT] = {"银行账号", "账号|卡号|银行卡号", true},
    [PAYMENT_COL_AMOUNT] = {"金额(元)", "金额（元）|金额|发放金额|发放金额(元)|发放金额（元）", true},
    [PAYMENT_COL_STATUS] = {"状态", "处理结果|结果|发放状态|入账状态", true},
    [PAYMENT_COL_REASON] = {"原因", "失败原因|备注|说明", false},
};

static const char SQL_RECON_LINES[] =
    "SELECT seq, id, bank_account, amount, status, name, id_number FROM payment_line WHERE batch_id = ? ORDER BY seq";
static const char SQL_RECON_MARK[] = "UPDATE payment_line SET status = ?, reason = ? WHERE id = ? AND status = 1";
static const char SQL_RECON_LEFT[] = "SELECT count(*) FROM payment_line WHERE batch_id = ? AND status = 1";
static const char SQL_RECON_DONE[] =
    "UPDATE payment_batch SET status = 3, reconciled_at = ?, reconciled_by = ? WHERE id = ? AND status = 2";

struct recon_line {
	int64_t id, amount;
	int status;
	char *account, *name, *id_number;
	/* What the file says of it: */
	long row;      /* 0: not named */
	int decision;  /* PAYMENT_PAID or PAYMENT_FAILED */
	char *reason;
};

struct recon {
	struct recon_line *lines;
	size_t n;
};

static void recon_release(struct recon *c)
{
	for (size_t i = 0; i < c->n; i++) {
		free(c->lines[i].account);
		free(c->lines[i].name);
		free(c->lines[i].id_number);
		free(c->lines[i].reason);
	}
	free(c->lines);
}

static int recon_load(struct db *w, int64_t batch, struct recon *c, struct error *err)
{
	struct db_stmt *st;
	if (db_prepare(w, SQL_RECON_LINES, &st, err) < 0)
		return -1;
	db_bind_int(st, 1, batch);
	int rc;
	size_t cap = 0;
	while ((rc = db_step(st, err)) == DB_ROW) {
		if ((size_t)db_col_int(st, 0) != c->n + 1) {
			db_done(st);
			return error_set(err, "payment batch %lld: line numbers are not 1..n", (long long)batch);
		}
		if (c->n == cap) {
			cap = cap ? 2 * cap : 1024;
			c->lines = xrealloc(c->lines, cap * sizeof *c->lines);
		}
		struct recon_line *l = &c->lines[c->n++];
		memset(l, 0, sizeof *l);
		l->id = db_col_int(st, 1);
		l->account = xstrdup(db_col_text(st, 2));
		l->amount = db_col_int(st, 3);
		l->status = (int)db_col_int(st, 4);
		l->name = xstrdup(db_col_text(st, 5));
		l->id_number = xstrdup(db_col_text(st, 6));
	}
	db_done(st);
	return rc == DB_DONE ? 0 : -1;
}

/* An account as compared: without spaces (banks print them in groups of four). */
static void account_key(const char *in, char *out, size_t size)
{
	size_t o = 0;
	for (; *in && o + 1 < size; in++)
		if (*in != ' ' && *in != '-')
			out[o++] = *in;
	out[o] = '\0';
}

static int status_word(const char *s)
{
	static const char *const paid[] = {"成功", "已成功", "发放成功", "入账成功", "成功入账", "已入账", "已发放", "正常"};
	static const char *const failed[] = {"失败", "发放失败", "入账失败", "已退回", "退回", "不成功", "未入账"};
	for (size_t i = 0; i < sizeof paid / sizeof *paid; i++)
		if (strcmp(s, paid[i]) == 0)
			return PAYMENT_PAID;
	for (size_t i = 0; i < sizeof failed / sizeof *failed; i++)
		if (strcmp(s, failed[i]) == 0)
			return PAYMENT_FAILED;
	return 0;
}

/* "相差 12.00 元" of two amounts, into out. */
static void difference(int64_t a, int64_t b, char *out, size_t size)
{
	char d[MONEY_TEXT_MAX];
	money_format(a > b ? a - b : b - a, d, sizeof d);
	snprintf(out, size, "相差 %s 元", d);
}

static bool is_total_label(const char *s)
{
	return strcmp(s, "合计") == 0 || strcmp(s, "总计") == 0 || strcmp(s, "合 计") == 0;
}

/* Reads and checks every row of src against c; rejections into r, totals into out. 0, or -1 (file unreadable). */
static int recon_read(struct row_source src, const struct payment_reconcile_options *o, struct recon *c,
		      struct import_report *r, struct payment_reconciled *out, bool *has_total, int64_t *stated,
		      long *total_row, struct error *err)
{
	struct row *row;
	int index[PAYMENT_COL__MAX], got;
	if ((got = src.next(src.ctx, &row, err)) <= 0) {
		if (got == 0)
			snprintf(out->message, sizeof out->message, "回盘文件是空的，没有表头");
		return got;
	}
	if (import_map_header(row, payment_columns, PAYMENT_COL__MAX, index, r, err) < 0) {
		snprintf(out->message, sizeof out->message, "%s", err->msg);
		return 0;
	}
	unsigned flags = o->float_cells ? MONEY_FLOAT_CELL : 0;
#define COL(i) payment_columns[i].name
	while ((got = src.next(src.ctx, &row, err)) > 0) {
		if (import_reject_problem(r, row, payment_columns, PAYMENT_COL__MAX, index, src.encoding))
			continue;
		if (import_row_blank(row))
			continue;
		long rn = row->number;
		const char *seqt = import_cell(row, index[PAYMENT_COL_SEQ]);
		const char *amt = import_cell(row, index[PAYMENT_COL_AMOUNT]);
		int64_t fen = 0;
		enum money_status ms = money_parse(amt, flags, &fen);
		if (is_total_label(seqt)) {
			if (*has_total)
				import_reject(r, rn, COL(PAYMENT_COL_SEQ), "合计行重复（第%ld行已有合计）", *total_row);
			else if (ms != MONEY_OK)
				import_reject(r, rn, COL(PAYMENT_COL_AMOUNT), "合计%s", money_reason(ms));
			else
				*has_total = true, *stated = fen, *total_row = rn;
			continue;
		}
		out->rows++;
		bool bad = false;
		int64_t seq = 0;
		if (!number_parse(seqt, 1, (int64_t)c->n, &seq)) {
			import_reject(r, rn, COL(PAYMENT_COL_SEQ), "应为本批次的序号（1到%zu）", c->n);
			seq = 0;
			bad = true;
		}
		struct recon_line *l = seq ? &c->lines[seq - 1] : NULL;
		if (l && l->row) {
			import_reject(r, rn, COL(PAYMENT_COL_SEQ), "序号%ld与第%ld行重复", seq, l->row);
			l = NULL;
			bad = true;
		} else if (l && l->status != PAYMENT_PENDING) {
			import_reject(r, rn, COL(PAYMENT_COL_SEQ), "序号%ld已对账（%s），不能再次对账", seq,
				      payment_line_status_label(l->status));
			l = NULL;
			bad = true;
		}
		if (l)
			l->row = rn;
		if (ms != MONEY_OK) {
			import_reject(r, rn, COL(PAYMENT_COL_AMOUNT), "%s", money_reason(ms));
			bad = true;
		} else if (!money_add(out->file_total, fen, &out->file_total)) {
			return error_set(err, "return file total overflows");
		}
		if (l) {
			char a[64], b[64];
			account_key(import_cell(row, index[PAYMENT_COL_ACCOUNT]), a, sizeof a);
			account_key(l->account, b, sizeof b);
			if (strcmp(a, b) != 0) {
				import_reject(r, rn, COL(PAYMENT_COL_ACCOUNT), "与批次序号%ld的银行账号不符", seq);
				bad = true;
			}
			const char *name = import_cell(row, index[PAYMENT_COL_NAME]);
			if (*name && strcmp(name, l->name) != 0) {
				import_reject(r, rn, COL(PAYMENT_COL_NAME), "与批次序号%ld的姓名（%s）不符", seq, l->name);
				bad = true;
			}
			const char *idn = import_cell(row, index[PAYMENT_COL_ID]);
			if (*idn && strcasecmp(idn, l->id_number) != 0) {
				import_reject(r, rn, COL(PAYMENT_COL_ID), "与批次序号%ld的身份证号不符", seq);
				bad = true;
			}
			if (!money_add(out->batch_total, l->amount, &out->batch_total))
				return error_set(err, "batch total overflows");
			if (ms == MONEY_OK && fen != l->amount) {
				char want[MONEY_TEXT_MAX], diff[80];
				money_format(l->amount, want, sizeof want);
				difference(fen, l->amount, diff, sizeof diff);
				import_reject(r, rn, COL(PAYMENT_COL_AMOUNT), "与批次序号%ld的金额 %s 元不符，%s", seq, want,
					      diff);
				bad = true;
			}
		}
		const char *word = import_cell(row, index[PAYMENT_COL_STATUS]);
		int decision = status_word(word);
		const char *why = import_cell(row, index[PAYMENT_COL_REASON]);
		if (!decision) {
			import_reject(r, rn, COL(PAYMENT_COL_STATUS), "应为“成功”或“失败”");
			bad = true;
		} else if (decision == PAYMENT_FAILED && !*why) {
			import_reject(r, rn, index[PAYMENT_COL_REASON] >= 0 ? COL(PAYMENT_COL_REASON) : COL(PAYMENT_COL_STATUS),
				      "发放失败须写明原因（如“账户已销户”），以便更正后重新发放");
			bad = true;
		} else if (utf8_valid(why, strlen(why)) && utf8_length(why) > PAYMENT_REASON_MAX) {
			import_reject(r, rn, COL(PAYMENT_COL_REASON), "原因不能超过%d个字", PAYMENT_REASON_MAX);
			bad = true;
		}
		if (ms == MONEY_OK && decision == PAYMENT_PAID && !money_add(out->paid_fen, fen, &out->paid_fen))
			return error_set(err, "paid total overflows");
		if (ms == MONEY_OK && decision == PAYMENT_FAILED && !money_add(out->failed_fen, fen, &out->failed_fen))
			return error_set(err, "failed total overflows");
		if (l && !bad) {
			l->decision = decision;
			l->reason = decision == PAYMENT_FAILED ? xstrdup(why) : NULL;
			if (decision == PAYMENT_PAID)
				out->paid++;
			else
				out->failed++;
		}
	}
#undef COL
	if (got < 0)
		return -1;
	return 0;
}

int payment_reconcile(struct db *w, int64_t id, struct row_source src, const struct payment_reconcile_options *o,
		      struct import_report *r, struct payment_reconciled *out, struct error *err)
{
	memset(out, 0, sizeof *out);
	int status = batch_status(w, id, err);
	if (status < 0)
		return -1;
	if (status == 0)
		return 2;
	if (status != PAYMENT_SENT) {
		snprintf(out->message, sizeof out->message, "%s",
			 status == PAYMENT_DRAFT ? "该批次尚未报送银行（请先下载银行文件并标记为已报送），不能导入回盘文件"
						 : "该批次已对账完毕，不能再导入回盘文件");
		return 1;
	}
	struct recon c = {NULL, 0};
	int rc = -1;
	bool has_total = false;
	int64_t stated = 0;
	long total_row = 0;
	if (recon_load(w, id, &c, err) < 0)
		goto out;
	struct error rerr = ERROR_INIT;
	if (recon_read(src, o, &c, r, out, &has_total, &stated, &total_row, &rerr) < 0) {
		/* The file could not be read on: a refusal of the file, in the reader's words. */
		snprintf(out->message, sizeof out->message, "回盘文件无法读取：%s", rerr.msg);
		rc = 1;
		goto out;
	}
	if (*out->message) {
		rc = 1;
		goto out;
	}
	char a[MONEY_TEXT_MAX], b[MONEY_TEXT_MAX], d[80];
	size_t m = 0;
	if (out->rows == 0) {
		m += (size_t)snprintf(out->message + m, sizeof out->message - m, "回盘文件中没有数据行。");
	} else if (out->file_total != out->batch_total) {
		money_format(out->file_total, a, sizeof a);
		money_format(out->batch_total, b, sizeof b);
		difference(out->file_total, out->batch_total, d, sizeof d);
		m += (size_t)snprintf(out->message + m, sizeof out->message - m,
				      "金额合计不符：回盘文件各行合计 %s 元，批次中对应各行合计 %s 元，%s。", a, b, d);
	}
	if (has_total && stated != out->file_total && m < sizeof out->message) {
		money_format(stated, a, sizeof a);
		money_format(out->file_total, b, sizeof b);
		difference(stated, out->file_total, d, sizeof d);
		import_reject(r, total_row, payment_columns[PAYMENT_COL_AMOUNT].name, "合计 %s 元与各行之和 %s 元不符，%s", a,
			      b, d);
		m += (size_t)snprintf(out->message + m, sizeof out->message - m,
				      "合计行 %s 元与各行之和 %s 元不符，%s。", a, b, d);
	}
	if (o->has_paid_total && o->paid_total != out->paid_fen && m < sizeof out->message) {
		money_format(o->paid_total, a, sizeof a);
		money_format(out->paid_fen, b, sizeof b);
		difference(o->paid_total, out->paid_fen, d, sizeof d);
		snprintf(out->message + m, sizeof out->message - m, "所报实发总额 %s 元与回盘文件中成功各行合计 %s 元不符，%s。",
			 a, b, d);
	}
	if (r->rejected || *out->message) {
		import_report_sort(r);
		rc = 1;
		goto out;
	}
	/* Everything agrees: write it all, or nothing. */
	if (db_begin(w, err) < 0)
		goto out;
	struct db_stmt *st;
	for (size_t i = 0; i < c.n; i++) {
		struct recon_line *l = &c.lines[i];
		if (!l->row)
			continue;
		if (db_prepare(w, SQL_RECON_MARK, &st, err) < 0)
			goto fail;
		db_bind_int(st, 1, l->decision);
		db_bind_text(st, 2, l->reason ? l->reason : "");
		db_bind_int(st, 3, l->id);
		if (run(st, err) < 0)
			goto fail;
		if (db_changes(w) != 1) {
			error_set(err, "payment line %lld changed meanwhile", (long long)l->id);
			goto fail;
		}
	}
	if (db_prepare(w, SQL_RECON_LEFT, &st, err) < 0)
		goto fail;
	db_bind_int(st, 1, id);
	if (db_step(st, err) != DB_ROW) {
		db_done(st);
		goto fail;
	}
	out->remaining = (long)db_col_int(st, 0);
	db_done(st);
	if (out->remaining == 0) {
		char now[STAMP_SIZE];
		stamp_now(now);
		if (db_prepare(w, SQL_RECON_DONE, &st, err) < 0)
			goto fail;
		db_bind_text(st, 1, now);
		db_bind_text(st, 2, o->user ? o->user : "");
		db_bind_int(st, 3, id);
		if (run(st, err) < 0)
			goto fail;
	}
	if (db_commit(w, err) < 0)
		goto fail;
	out->committed = true;
	r->committed = true;
	rc = 0;
	goto out;
fail:
	db_rollback(w);
	rc = -1;
out:
	recon_release(&c);
	return rc;
}

/* The ledger */

/*
 * Summed per case first, on the index alone (payment_line_ledger ends in
 * case_id, amount: migration 015), so that each case is looked up once for
 * its township rather than once per period paid.
 */
static const char SQL_PAID_BY_TOWNSHIP[] =
    "SELECT c.township_code, sum(l.paid) FROM (SELECT case_id, sum(amount) AS paid FROM payment_line"
    " WHERE program_code = ? AND year = ? AND status = 2 GROUP BY case_id) l JOIN program_case c ON c.id = l.case_id"
    " GROUP BY c.township_code ORDER BY 1";

int payment_paid_by_township(struct db *db, const char *program, int year,
			     void (*fn)(void *ctx, const char *township, long long fen), void *ctx, struct error *err)
{
	struct db_stmt *st;
	if (db_prepare(db, SQL_PAID_BY_TOWNSHIP, &st, err) < 0)
		return -1;
	db_bind_text(st, 1, program);
	db_bind_int(st, 2, year);
	int rc;
	while ((rc = db_step(st, err)) == DB_ROW)
		fn(ctx, db_col_text(st, 0), db_col_int(st, 1));
	db_done(st);
	return rc == DB_DONE ? 0 : -1;
}

static const char SQL_LEDGER[] =
    "SELECT l.status, count(*), coalesce(sum(l.amount), 0) FROM payment_line l JOIN program_case c ON c.id = l.case_id"
    " WHERE l.program_code = ? AND l.year = ? AND c.village_code BETWEEN ? AND ? GROUP BY l.status";
static const char SQL_LEDGER_BATCHES[] = "SELECT count(*) FROM payment_batch WHERE program_code = ? AND year = ?";

int payment_ledger(struct db *db, const struct registry_scope *scope, const char *program, int year,
		   struct payment_ledger *out, struct error *err)
{
	memset(out, 0, sizeof *out);
	int has = payment_budget_get(db, program, year, &out->budget, err);
	if (has < 0)
		return -1;
	out->has_budget = has == 1;
	struct db_stmt *st;
	if (db_prepare(db, SQL_LEDGER, &st, err) < 0)
		return -1;
	db_bind_text(st, 1, program);
	db_bind_int(st, 2, year);
	db_bind_text(st, 3, scope->lo);
	db_bind_text(st, 4, scope->hi);
	int rc;
	while ((rc = db_step(st, err)) == DB_ROW)
		tally((int)db_col_int(st, 0), (long)db_col_int(st, 1), db_col_int(st, 2), &out->n_pending, &out->n_paid,
		      &out->n_failed, &out->pending, &out->paid, &out->failed);
	db_done(st);
	if (rc != DB_DONE)
		return -1;
	if (!money_add(out->pending, out->paid, &out->committed) ||
	    !money_add(out->budget, -out->committed, &out->outstanding))
		return error_set(err, "ledger overflows");
	if (db_prepare(db, SQL_LEDGER_BATCHES, &st, err) < 0)
		return -1;
	db_bind_text(st, 1, program);
	db_bind_int(st, 2, year);
	rc = db_step(st, err);
	if (rc == DB_ROW)
		out->batches = (long)db_col_int(st, 0);
	db_done(st);
	return rc == DB_ROW ? 0 : -1;
}

/* The lines of one case */

static const char SQL_LINES_CASE[] = "SELECT " LINE_COLUMNS LINE_JOIN
				     " WHERE l.case_id = ?1 AND c.village_code BETWEEN ?2 AND ?3 ORDER BY l.batch_id, l.seq";

int payment_lines_of_case(struct db *db, const struct registry_scope *scope, int64_t case_id,
			  int (*fn)(void *ctx, const struct payment_line *l, struct error *err), void *ctx,
			  struct error *err)
{
	if (!scope->lo[0])
		return 0;
	struct db_stmt *st;
	if (db_prepare(db, SQL_LINES_CASE, &st, err) < 0)
		return -1;
	db_bind_int(st, 1, case_id);
	db_bind_text(st, 2, scope->lo);
	db_bind_text(st, 3, scope->hi);
	return each_line(st, fn, ctx, err);
}
