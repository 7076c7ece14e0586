/*
 * payment: the money of a livelihood project (打卡发放), generic over the
 * projects: payment standards (what a person is paid per period), the
 * budget of a program-year, payment batches built from the cases that
 * reached a payable stage, the bank's return file reconciled against a
 * batch to the fen, and the ledger of a program-year. Amounts are integer
 * fen (base/money.h).
 *
 * Invariants (docs/payments.md):
 * - A standard is (program, year, hukou 0/1/2, grade 0..4) -> fen per person
 *   per period, 0 meaning any; the most specific one wins: hukou and grade,
 *   then grade alone, then hukou alone, then neither.
 * - A batch is (program, year, period) with a status: draft -> sent ->
 *   reconciled. Its lines copy what the bank file needs (name, ID number,
 *   bank, account) and the amount when the batch is built, and never change
 *   after (triggers); a line is pending, then paid or failed, and paid and
 *   failed are final.
 * - A person is never paid twice for a period: the schema holds one line
 *   per (program, year, period, person) among the lines that did not fail
 *   (a partial unique index), whoever writes. A failed line leaves room for
 *   a later batch of the same period.
 * - Reconciliation is all or nothing, in one transaction: every row of the
 *   return file must match a pending line of the batch by 序号 and account,
 *   with the same amount, and the totals must agree to the fen; otherwise
 *   nothing is written and every problem is reported by row and column.
 * - Reads are within a registry_scope (the village of a line's case), like
 *   the cases'; writes run on the writer connection, and the caller logs
 *   them to the operation log.
 */
#ifndef HUIMIN_PAYMENT_H
#define HUIMIN_PAYMENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/error.h"
#include "base/row.h"
#include "domain/import.h"
#include "domain/program.h"
#include "domain/registry.h"
#include "store/db.h"

#define PAYMENT_PERIOD_MAX 7  /* bytes of a period: "2024-06", "2024-Q2", "2024-H1" */
#define PAYMENT_STOPS_MAX 16  /* stop stages of a batch */
#define PAYMENT_REASON_MAX 200 /* characters of a bank's reason for a failed line */

enum payment_batch_status { PAYMENT_DRAFT = 1, PAYMENT_SENT = 2, PAYMENT_RECONCILED = 3 };
enum payment_line_status { PAYMENT_PENDING = 1, PAYMENT_PAID = 2, PAYMENT_FAILED = 3 };

/* 草稿 / 已报送银行 / 已对账; "" for another number. */
const char *payment_batch_status_label(int status);
/* 待发放 / 已发放 / 发放失败; "" for another number. */
const char *payment_line_status_label(int status);
/* The API's identifiers: draft/sent/reconciled and pending/paid/failed (NULL for another number). */
const char *payment_batch_status_code(int status);
const char *payment_line_status_code(int status);
/* The number of a line status code ("paid" ...), or 0. */
int payment_line_status_of(const char *code);

/*
 * Whether period is a period of year: YYYY-MM (01..12), YYYY-Q1..Q4 or
 * YYYY-H1/H2, with YYYY the year. 0, or 1 with a Chinese reason.
 */
int payment_period_check(const char *period, int year, char *reason, size_t size);

/* Standards and the budget */

struct payment_standard {
	int hukou, grade; /* 0 any */
	int64_t amount;   /* fen per person per period */
	char set_at[21], set_by[65];
};

/* Sets (inserts or replaces) a standard; amount 1..MONEY_MAX. 0 or -1. */
__attribute__((warn_unused_result)) int payment_standard_set(struct db *w, const char *program, int year, int hukou,
							      int grade, int64_t amount, const char *user,
							      struct error *err);
/* Removes one: 1 removed, 0 there was none, -1 error. */
__attribute__((warn_unused_result)) int payment_standard_remove(struct db *w, const char *program, int year,
								 int hukou, int grade, struct error *err);
/* The standards of a program-year, most specific first: fn(ctx, s). 0 or -1. */
__attribute__((warn_unused_result)) int payment_standards(struct db *db, const char *program, int year,
							   void (*fn)(void *ctx, const struct payment_standard *s),
							   void *ctx, struct error *err);
/* The standard that applies to a person of hukou and grade (0: none): 1 with *amount, 0 none applies, -1 error. */
__attribute__((warn_unused_result)) int payment_standard_for(struct db *db, const char *program, int year, int hukou,
							      int grade, int64_t *amount, struct error *err);

/* The budget of a program-year: set (0..MONEY_MAX) 0 or -1; get 1 with *amount, 0 none set, -1. */
__attribute__((warn_unused_result)) int payment_budget_set(struct db *w, const char *program, int year, int64_t amount,
							    const char *user, struct error *err);
__attribute__((warn_unused_result)) int payment_budget_get(struct db *db, const char *program, int year,
							    int64_t *amount, struct error *err);

/* Batches */

struct payment_build {
	const struct program *p;
	int year;
	const char *period;
	const char *payable;                    /* the stage a case must have reached */
	const char *stops[PAYMENT_STOPS_MAX];   /* current stages that stop payment */
	size_t nstops;
	const char *user;
};

struct payment_built {
	int64_t batch;
	long lines, skipped, already_paid;
	int64_t total;
	/* A refusal: the field ("year", "period", "payable_stage", "stop_stages", "" for the whole) and why. */
	char field[16];
	char message[400];
};

/*
 * Builds a draft batch of b->p's year and period from the cases that
 * reached b->payable (case_stage), whose current stage is none of
 * b->stops, and whose person has no line of the period that did not fail.
 * Each line gets the standard for the person's hukou and grade; a case
 * whose person has no bank account, has no standard that applies, or is
 * not in the registry any more (status) is left out and recorded with the
 * reason (payment_skips). 0 built (out filled), 1 refused (out->field and
 * out->message say why; nothing written), -1 error.
 */
__attribute__((warn_unused_result)) int payment_batch_build(struct db *w, const struct payment_build *b,
							     struct payment_built *out, struct error *err);

struct payment_batch {
	int64_t id;
	char program[PROGRAM_KEY_MAX + 1];
	int year;
	char period[PAYMENT_PERIOD_MAX + 1];
	char payable[PROGRAM_KEY_MAX + 1];
	char stops[PAYMENT_STOPS_MAX * (PROGRAM_KEY_MAX + 1) + 2]; /* ",key,key," */
	int status;
	char created_at[21], created_by[65], sent_at[21], sent_by[65], reconciled_at[21], reconciled_by[65];
	/* Within the scope it was read in: lines and fen by status, and the cases left out. */
	long lines, n_pending, n_paid, n_failed, skipped;
	int64_t total, pending, paid, failed;
};

/* 1 and out when batch id exists (its figures within scope), 0 not, -1 error. */
__attribute__((warn_unused_result)) int payment_batch_get(struct db *db, const struct registry_scope *scope, int64_t id,
							   struct payment_batch *out, struct error *err);
/* The batches of a program-year ("" program: every program; year 0 any), newest first, figures within scope. */
__attribute__((warn_unused_result)) int payment_batch_list(struct db *db, const struct registry_scope *scope,
							    const char *program, int year,
							    int (*fn)(void *ctx, const struct payment_batch *b,
								      struct error *err),
							    void *ctx, struct error *err);
/* Marks a draft sent to the bank: 0, 1 it is not a draft, 2 no such batch, -1 error. */
__attribute__((warn_unused_result)) int payment_batch_send(struct db *w, int64_t id, const char *user,
							    struct error *err);
/* Removes a draft and its lines (they were never sent): 0, 1 not a draft, 2 no such batch, -1. */
__attribute__((warn_unused_result)) int payment_batch_discard(struct db *w, int64_t id, struct error *err);

struct payment_line {
	int64_t id, batch, case_id, person_id;
	long seq;
	char period[PAYMENT_PERIOD_MAX + 1];
	const char *name, *id_number, *bank_name, *bank_account, *village, *village_name, *reason;
	int64_t amount;
	int status;
};

struct payment_line_query {
	struct registry_scope scope;
	int64_t batch;     /* one batch, or 0 for a program-year's lines (program and year) */
	const char *program;
	int year;
	int status;        /* 0 any */
	long page;         /* from 1 */
	int per_page;      /* 0: every line (exports) */
};

/* The lines of q in 序号 order (by batch then 序号 for a program-year); *total how many match. 0 or -1. */
__attribute__((warn_unused_result)) int payment_lines(struct db *db, const struct payment_line_query *q,
						       int (*fn)(void *ctx, const struct payment_line *l,
								 struct error *err),
						       void *ctx, long *total, struct error *err);
/* The cases batch left out within scope, with the reason: fn(ctx, case_id, person_id, name, reason). 0 or -1. */
__attribute__((warn_unused_result)) int payment_skips(struct db *db, const struct registry_scope *scope, int64_t batch,
						       void (*fn)(void *ctx, int64_t case_id, int64_t person_id,
								  const char *name, const char *reason),
						       void *ctx, struct error *err);

/* The bank file and its return */

/* The columns of the bank file, in order; the return file has these and 状态, 原因. */
enum payment_column {
	PAYMENT_COL_SEQ,
	PAYMENT_COL_NAME,
	PAYMENT_COL_ID,
	PAYMENT_COL_BANK,
	PAYMENT_COL_ACCOUNT,
	PAYMENT_COL_AMOUNT,
	PAYMENT_COL_STATUS,
	PAYMENT_COL_REASON,
	PAYMENT_COL__MAX
};
#define PAYMENT_BANK_COLUMNS PAYMENT_COL_STATUS /* the bank file stops before 状态 */
extern const struct import_column payment_columns[PAYMENT_COL__MAX];

struct payment_reconcile_options {
	bool float_cells;      /* the file is a spreadsheet: amounts may be float number cells (MONEY_FLOAT_CELL) */
	bool has_paid_total;   /* the bank stated the total paid ... */
	int64_t paid_total;    /* ... this much (fen) */
	const char *user;
};

struct payment_reconciled {
	long rows, paid, failed, remaining; /* remaining: lines still pending after */
	int64_t file_total, batch_total, paid_fen, failed_fen;
	bool committed;
	char message[600]; /* the refusal as a whole ("" when only rows are at fault) */
};

/*
 * Reconciles batch id (sent, not yet reconciled) with the bank's return
 * file in src: each row matched by 序号 and account to a pending line of
 * the batch, its amount equal to the line's, its 状态 成功 or 失败 (a
 * reason required for 失败). A row "合计" in 序号 states the file's total.
 * The sum of the file's amounts must be the sum of the lines it names, the
 * 合计 row that sum, and a stated paid total the sum of the 成功 rows, else
 * out->message shows the difference ("相差 12.00 元"). Rejections go to r
 * by row and column. All or nothing: when nothing is wrong the lines are
 * marked paid or failed (with the reason) in one transaction, and the
 * batch reconciled once no line is pending. 0 applied; 1 refused (r and/or
 * out->message; nothing written); 2 no such batch; -1 error (a file that
 * cannot be read: a Chinese message).
 */
__attribute__((warn_unused_result)) int payment_reconcile(struct db *w, int64_t id, struct row_source src,
							   const struct payment_reconcile_options *o,
							   struct import_report *r, struct payment_reconciled *out,
							   struct error *err);

/* The ledger */

struct payment_ledger {
	bool has_budget;
	int64_t budget;
	int64_t pending, paid, failed; /* fen of lines by status */
	long n_pending, n_paid, n_failed;
	int64_t committed;   /* pending + paid */
	int64_t outstanding; /* budget - paid - pending (0 budget when none is set) */
	long batches;
};

/* The ledger of a program-year within scope. 0 or -1. */
/*
 * The money paid (lines marked paid) by program's year, per township of the
 * cases: fn(ctx, township code, fen) for each township paid anything. For
 * the targets counting money paid. 0 or -1.
 */
__attribute__((warn_unused_result)) int payment_paid_by_township(struct db *db, const char *program, int year,
								  void (*fn)(void *ctx, const char *township,
									     long long fen),
								  void *ctx, struct error *err);
__attribute__((warn_unused_result)) int payment_ledger(struct db *db, const struct registry_scope *scope,
							const char *program, int year, struct payment_ledger *out,
							struct error *err);

/*
 * The lines of case id (within scope) in batch then 序号 order, every
 * status: fn(ctx, l), for the person file (一人一档). 0 or -1.
 */
__attribute__((warn_unused_result)) int payment_lines_of_case(struct db *db, const struct registry_scope *scope,
							       int64_t case_id,
							       int (*fn)(void *ctx, const struct payment_line *l,
									 struct error *err),
							       void *ctx, struct error *err);

#endif
