/*
 * levy: the employment security fund (残疾人就业保障金) that employers
 * (domain/enterprise) pay when they employ fewer disabled people than the
 * required share of their staff; the county DPF collects it with the tax
 * and finance bureaus and reports the total against the year's target.
 *
 * The amount due of an employer for a levy year (docs/design.md):
 *
 *   (在职职工人数 x 安排比例 - 安排残疾人数) x 在职职工年平均工资
 *
 * with the employer's figures of that year (the previous year's, as
 * declared), the share (1.5% unless the county sets another) and the
 * average wage the county sets for the year; never negative; computed in
 * integer arithmetic: the shortfall in ten-thousandths of a person times
 * the wage in fen, divided by 10,000 and rounded half up to the fen
 * (levy_formula). Without the year's wage or the employer's figures there
 * is no amount due. An override (减免 reduced or waived, 缓缴 deferred, with
 * a reason) replaces the formula's amount for the year by one set by hand,
 * never above it.
 *
 * Invariants:
 * - Amounts are integer fen. A collection (征收记录) belongs to an
 *   employer's levy year (所属年度); collections are never changed or
 *   removed (the schema's triggers): a mistake is corrected by a new
 *   negative entry with its reason, which may name the entry it corrects
 *   and never takes more than that entry has left, and never brings the
 *   employer's year below zero.
 * - A receipt number (票据号) of a collection that still stands (its amount
 *   less its corrections is above zero) is not recorded a second time.
 * - Outstanding = due - collected when that is above zero, else 0 (and the
 *   rest is shown as overpaid); only employers with an amount due count.
 * - Reads are within a registry_scope (the employer's division); writes run
 *   on the writer connection and the caller logs them. County admin and
 *   staff manage; township users and leaders read (levy_may_*).
 */
#ifndef HUIMIN_LEVY_H
#define HUIMIN_LEVY_H

#include <stdbool.h>
#include <stdint.h>

#include "base/error.h"
#include "domain/account.h"
#include "domain/enterprise.h"
#include "domain/registry.h"
#include "store/db.h"

#define LEVY_RATIO_DEFAULT 150		  /* basis points of the staff: 1.5% */
#define LEVY_RATIO_MAX 1000		  /* 10% */
#define LEVY_WAGE_MAX INT64_C(100000000)  /* fen: an average wage of at most 1,000,000.00 yuan a year */
#define LEVY_REASON_MAX 200		  /* characters */
#define LEVY_RECEIPT_MAX 40		  /* characters: digits, letters and '-' */
#define LEVY_Q_MAX 64			  /* bytes of a search text */

/* Who may read the register and the collections (county admin and staff, leader, township), and who may write. */
bool levy_may_view(const struct user *u);
bool levy_may_manage(const struct user *u);

/*
 * The formula's amount in fen: (employees x ratio_bp / 10000 - disabled) x
 * avg_wage, 0 when that is not above zero, rounded half up to the fen.
 * employees and disabled 0..ENTERPRISE_EMPLOYEES_MAX, ratio_bp
 * 1..LEVY_RATIO_MAX and avg_wage 0..LEVY_WAGE_MAX (outside them: 0).
 */
int64_t levy_formula(long employees, long disabled, int ratio_bp, int64_t avg_wage);

/* The county's figures of a year */

struct levy_year {
	int year;
	bool set;	  /* false: no wage set yet (ratio_bp is then the default) */
	int64_t avg_wage; /* fen */
	int ratio_bp;
	char set_at[21], set_by[65];
};

/* 1 and out when year's figures are set, 0 not (out: the default ratio, no wage), -1 error. */
__attribute__((warn_unused_result)) int levy_year_get(struct db *db, int year, struct levy_year *out,
						      struct error *err);
/*
 * Sets year's average wage (yuan text, required) and share (a percentage
 * text such as "1.5" or "1.5%", at most two decimals, 0.01..10; "" or NULL
 * keeps the one set, or 1.5%): 0 saved (*after), 1 refused (pr: "year",
 * "avg_wage", "ratio"), -1 error.
 */
__attribute__((warn_unused_result)) int levy_year_set(struct db *w, int year, const char *avg_wage,
						      const char *ratio, const char *user, struct levy_year *after,
						      struct enterprise_problems *pr, struct error *err);
/* "1.5%" for 150 basis points, into out. */
void levy_ratio_format(int ratio_bp, char *out, size_t size);

/* Overrides */

enum levy_kind { LEVY_KIND_NONE = 0, LEVY_KIND_REDUCED = 1, LEVY_KIND_DEFERRED = 2 };
/* 减免 / 缓缴 / "" */
const char *levy_kind_label(int kind);
/* "reduced" / "deferred" / "" (the API's identifiers) */
const char *levy_kind_code(int kind);
/* The kind named by a code or label; "" and "none" are LEVY_KIND_NONE; -1 for anything else. */
int levy_kind_parse(const char *s);

/*
 * Sets employer id's amount due for year by hand: kind (code or label),
 * amount (yuan text, 0 or more, not above the formula's amount when that
 * is known), reason (required). kind "" or "none" removes the override
 * (the formula applies again). 0 saved, 1 refused (pr: "year", "kind",
 * "amount", "reason"), 2 no such employer within scope, -1 error.
 */
__attribute__((warn_unused_result)) int levy_override_set(struct db *w, const struct registry_scope *scope,
							  int64_t id, const char *year, const char *kind,
							  const char *amount, const char *reason, const char *user,
							  struct enterprise_problems *pr, struct error *err);

/* An employer's account for a levy year */

struct levy_account {
	int year;
	bool has_staff;
	long employees, disabled;
	bool has_wage; /* the county set the year's wage */
	int64_t avg_wage;
	int ratio_bp;
	bool has_formula; /* figures and wage known */
	int64_t formula;
	int kind; /* an override, or LEVY_KIND_NONE */
	int64_t override_amount;
	char override_reason[4 * LEVY_REASON_MAX + 1], override_at[21], override_by[65];
	bool has_due; /* an override, or the formula */
	int64_t due, collected, outstanding, overpaid;
	long receipts; /* positive entries */
};

/* The account of employer id (found within scope by the caller) for year. 0 or -1. */
__attribute__((warn_unused_result)) int levy_account_get(struct db *db, int64_t id, int year,
							 struct levy_account *out, struct error *err);
/* The accounts of employer id for every year with figures, an override or a collection, newest first. 0 or -1. */
__attribute__((warn_unused_result)) int levy_account_years(struct db *db, int64_t id,
							   int (*fn)(void *ctx, const struct levy_account *a,
								     struct error *err),
							   void *ctx, struct error *err);

/* Collections */

struct levy_collection_input {
	const char *year;     /* 所属年度 */
	const char *date;     /* the day it was paid: YYYY-MM-DD, not after today, not before the year */
	const char *amount;   /* yuan; a leading '-' (or '－') for a correction */
	const char *receipt;  /* required for a payment */
	const char *reason;   /* required for a correction */
	const char *corrects; /* the id of the entry a correction corrects, or "" */
};

/*
 * Records a collection for employer id by user: 0 with *entry, 1 refused
 * (pr: "year", "date", "amount", "receipt", "reason", "corrects"), 2 no
 * such employer within scope, -1 error.
 */
__attribute__((warn_unused_result)) int levy_collect(struct db *w, const struct registry_scope *scope, int64_t id,
						     const struct levy_collection_input *in, const char *user,
						     int64_t *entry, struct enterprise_problems *pr, struct error *err);

struct levy_collection {
	int64_t id, enterprise_id, corrects; /* corrects 0: none */
	int year;
	char paid_on[11];
	int64_t amount;
	char receipt[LEVY_RECEIPT_MAX + 1];
	char reason[4 * LEVY_REASON_MAX + 1];
	char recorded_at[21], recorded_by[65];
	int64_t corrected; /* the negative entries naming this one, summed (<= 0) */
};

/* The collections of employer id (found within scope by the caller) of year (0 every year), in order. 0 or -1. */
__attribute__((warn_unused_result)) int levy_collections(struct db *db, int64_t id, int year,
							 int (*fn)(void *ctx, const struct levy_collection *c,
								   struct error *err),
							 void *ctx, struct error *err);

/* The register of a year */

struct levy_query {
	struct registry_scope scope;
	int year;
	char township[13];	  /* a township code, or "" */
	char q[LEVY_Q_MAX + 1];	  /* part of the name or of the credit code, or "" */
	bool owing;		  /* only employers with an amount outstanding */
};

struct levy_totals {
	long enterprises; /* listed */
	long declared;	  /* with the year's figures */
	long with_due;	  /* with an amount due (formula or override) */
	long paying;	  /* with a collection that stands (collected > 0) */
	long owing;	  /* with an amount outstanding */
	int64_t due, collected, outstanding, overpaid;
};

/* q initialised: u's scope, year, no filter. */
void levy_query_init(struct levy_query *q, const struct user *u, int year);

/*
 * Every employer q matches, by township and name, with its account for
 * q->year, passed to fn (0 to go on, -1 to stop with err set); *totals
 * over all of them. 0 or -1 with a message.
 */
__attribute__((warn_unused_result)) int levy_list(struct db *db, const struct levy_query *q,
						  int (*fn)(void *ctx, const struct enterprise *e,
							    const struct levy_account *a, struct error *err),
						  void *ctx, struct levy_totals *totals, struct error *err);

/*
 * For the targets (目标管理): the county's progress of year by township,
 * county-wide (the caller applies its own scope). metric:
 *   "collected"   fen collected for the year (collections less corrections)
 *   "due"         fen due for the year (formula or override)
 *   "enterprises" employers with a collection for the year that stands
 * fn is called once per township (the employers' township code) with a
 * nonzero value, in code order. 0, or -1 with a message (an unknown metric
 * is -1 with a Chinese message naming it).
 */
__attribute__((warn_unused_result)) int levy_progress(struct db *db, int year, const char *metric,
						      void (*fn)(void *ctx, const char *township_code,
								 long long value),
						      void *ctx, struct error *err);

#endif
