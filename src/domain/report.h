/*
 * report: the annual report (年度汇报材料) written from the records, in the
 * order of the county's report (docs/reports.md):
 *
 *   title, opening
 *   一、民生工程: each livelihood project, with its milestones (domain/
 *       milestone), its funnel (each metric's count and the first and last
 *       day a case reached its stage), the target and what was achieved
 *       against it (over-achievement, completion), the success rate, the
 *       urban/rural split of the target and of what was achieved, and the
 *       money paid in 万元
 *   二、目标管理: the year's targets by status, then work line by work line
 *       (the survey, employment with its training and its project, the
 *       employment security fund, rehabilitation, other work): the line's
 *       own figures, its milestones, and each target against its value
 *   closing
 *
 * The wording is the template's (domain/report-template); this module
 * computes the figures, each with the records it counts (struct
 * report_link), and renders the template with them.
 *
 * Invariants:
 * - Every figure is counted from the records within the options' scope,
 *   when asked: nothing is stored. A county reader gets the county's
 *   figures; a township reader the township's (targets against the
 *   township's share; a target not split to townships has no share).
 * - A figure without data is never 0 made up: it is missing, with the
 *   reason ("未录入手术记录", "未设定2024年度目标"), and the template writes
 *   the reason instead of the sentence.
 * - Projects whose code is one of the work lines of 目标管理 (REPORT_LINES:
 *   survey, employment, levy, rehab, other: 万人千元就业工程 is
 *   "employment") are told within that line; every other stored project
 *   is a 民生工程 of part 一, in the order of target_lines() then by code.
 * Reads only.
 */
#ifndef HUIMIN_REPORT_H
#define HUIMIN_REPORT_H

#include <stdbool.h>
#include <stdint.h>

#include "base/date.h"
#include "base/error.h"
#include "domain/account.h"
#include "domain/case.h"
#include "domain/program.h"
#include "domain/registry.h"
#include "domain/report-template.h"
#include "store/db.h"

/* Whose report, of which year, on which day. */
struct report_options {
	int year;
	struct registry_scope scope;
	char township[13]; /* the township of a township's report, "" for the county's */
	struct date today; /* the targets' status is of this day */
};

/*
 * The options for u's report of year on today: 1 the county's (county
 * admin and staff, leaders), 2 a township's (a township user, or a county
 * account bound to a township), 0 u may not read the annual report
 * (village and hospital users, accounts bound to a village).
 */
int report_options_of(const struct user *u, int year, struct date today, struct report_options *out);

/*
 * Builds the report of o with template t into out (appended; out starts
 * zeroed, report_doc_release frees it). 0, or -1 with a message (out
 * holds what was built so far).
 */
__attribute__((warn_unused_result)) int report_build(struct db *db, const struct report_template *t,
                                                     const struct report_options *o, struct report_doc *out,
                                                     struct error *err);

/* The whole text of d: blocks in order, each on a line of its own, a blank line before headings. 0 or -1 (full). */
__attribute__((warn_unused_result)) int report_doc_text(const struct report_doc *d, struct buf *out);

/* The records behind a figure */

/*
 * The cases behind a figure of project p's year: those that reached stage,
 * within scope (of township and hukou when set), by case id; or, with
 * over, those beyond the target in the order they reached the stage (by
 * the stage's date, then as entered): the cases ranked past the target's
 * value among the scope's (the county's target for a county scope, the
 * township's share for a township user), then narrowed by township and
 * hukou, in that order.
 */
struct report_case_query {
	struct registry_scope scope;
	const struct program *p;
	int year;
	char stage[PROGRAM_KEY_MAX + 1];
	char township[13]; /* "" any */
	int hukou;         /* 0 any, 1 城镇, 2 农村 */
	bool over;
	long page;    /* from 1 */
	int per_page; /* 1..100 */
};

/*
 * The page of q's cases to fn (as case_search gives them: due fields ""),
 * *total how many in all. 0; 1 when q->over has no meaning (stage is not
 * the stage of the project's target metric, the metric counts a field's
 * value, or no target applies to the scope: *total 0); -1 with a message.
 */
__attribute__((warn_unused_result)) int report_cases(struct db *db, const struct report_case_query *q,
                                                     int (*fn)(void *ctx, const struct case_row *r, struct error *err),
                                                     void *ctx, long *total, struct error *err);

/* Writing figures as the report does */

/* A rate in permille as a percentage: 1000 "100%", 975 "97.5%". */
void report_percent(long long permille, char *out, size_t size);
/* A date of the report's year as "4月13日", of another year "2023年12月5日"; "" as is. */
void report_date(const char *iso, int year, char *out, size_t size);
/* 1..99 in Chinese numerals (一 ... 九十九), for the headings' numbers; others in digits. */
void report_number(int n, char *out, size_t size);

#endif
