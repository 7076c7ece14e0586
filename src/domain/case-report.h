/*
 * case-report: reads about cases that the pages and the API need and the
 * engine (domain/case) does not offer: the follow-ups of one case, and the
 * cases that ever reached a stage (the list behind a funnel count, where
 * case_search filters by the current stage).
 *
 * Reads only, but for the one county setting its notice list follows
 * (case_report_set_notice_disability); every list is within a
 * registry_scope (the case's village), as the engine's are.
 */
#ifndef HUIMIN_CASE_REPORT_H
#define HUIMIN_CASE_REPORT_H

#include <stdbool.h>
#include <stdint.h>

#include "base/error.h"
#include "domain/case.h"
#include "store/db.h"

/*
 * The scheduled stages of case id (the case must have been found in
 * scope), by due date: fn(ctx, stage, due_date, done_date ("" not done)).
 * 0 or -1 with a message.
 */
__attribute__((warn_unused_result)) int case_report_dues(struct db *db, int64_t id,
							  void (*fn)(void *ctx, const char *stage, const char *due_date,
								     const char *done_date),
							  void *ctx, struct error *err);

/*
 * The page of cases of q (program, year, township; q->stage, q->due_stage
 * and q->due are ignored) that reached stage at some time, whatever their
 * stage now, by case id; each to fn as case_search does (due fields "").
 * *total gets how many match in all. 0, or -1 with a message.
 */
__attribute__((warn_unused_result)) int case_report_reached(struct db *db, const struct case_query *q,
							     const char *stage,
							     int (*fn)(void *ctx, const struct case_row *r,
								       struct error *err),
							     void *ctx, long *total, struct error *err);

/*
 * Breakdown b of program p's year within scope (the cases that reached
 * b->stage, by the value their event there gave b->field, and by month of
 * that stage's date): fn(ctx, value, month "YYYY-MM", cases, met) in value
 * then month order, met counting those that also meet b->metric (0 when it
 * has none). A case without a value is counted under "". 0 or -1.
 */
__attribute__((warn_unused_result)) int case_report_breakdown(struct db *db, const struct registry_scope *scope,
							       const struct program *p, int year,
							       const struct program_breakdown *b,
							       void (*fn)(void *ctx, const char *value,
									  const char *month, long cases, long met),
							       void *ctx, struct error *err);

/*
 * The follow-ups of program's year overdue on today (not done, due before
 * it) within scope, by stage: fn(ctx, stage, n) for each stage that has
 * any. 0 or -1.
 */
__attribute__((warn_unused_result)) int case_report_overdue(struct db *db, const struct registry_scope *scope,
							     const char *program, int year, struct date today,
							     void (*fn)(void *ctx, const char *stage, long n),
							     void *ctx, struct error *err);

/* A line of a public notice list: only what the public needs to check it (never phone, bank, diagnosis). */
struct case_notice_row {
	int64_t case_id;
	char name[4 * 30 + 1], village_name[161];
	char id_masked[32]; /* first 6 + last 4 (base/mask.h) */
	int category, grade; /* shown only when the county's setting says so */
	char stage[PROGRAM_KEY_MAX + 1];
	char from[11], until[11]; /* the notice period, both days included */
};

/*
 * The open cases of program p's year in village (within scope) that are in
 * a notice stage (a stage with hold_days) now, by case id: fn(ctx, row).
 * The period runs from the stage's date for hold_days, or the days the
 * transition into it gave its hold_field. 0 or -1.
 */
__attribute__((warn_unused_result)) int case_report_notice(struct db *db, const struct registry_scope *scope,
							    const struct program *p, int year, const char *village,
							    int (*fn)(void *ctx, const struct case_notice_row *r,
								      struct error *err),
							    void *ctx, struct error *err);

/* Age groups of case_report_classes: 0-17, 18-59, 60 and over (周岁 on the stage's date). */
enum case_age_group { CASE_AGE_CHILD, CASE_AGE_ADULT, CASE_AGE_ELDER, CASE_AGE__MAX };
const char *case_report_age_label(enum case_age_group g);

/*
 * The cases of program's year within scope that reached stage (审批通过),
 * classified by the person's hukou (1 城镇, 2 农村) and age group on the
 * date the stage was reached: fn(ctx, hukou, group, n) for each class that
 * has cases, in hukou then group order. 0 or -1.
 */
__attribute__((warn_unused_result)) int case_report_classes(struct db *db, const struct registry_scope *scope,
							     const char *program, int year, const char *stage,
							     void (*fn)(void *ctx, int hukou, enum case_age_group g,
									long n),
							     void *ctx, struct error *err);

/*
 * The cases of program's year (all townships) that met metric (of the
 * newest definition), by the person's hukou: fn(ctx, hukou, n) for 1 城镇
 * and 2 农村 when they have cases. For a target split urban/rural. A metric
 * without a field is read from the counts kept by migration 015 (a few
 * rows); one with a field reads every case that reached its stage, with its
 * event and person. 0 or -1.
 */
__attribute__((warn_unused_result)) int case_report_metric_by_hukou(struct db *db, const char *program, int year,
								     const char *metric,
								     void (*fn)(void *ctx, int hukou, long n),
								     void *ctx, struct error *err);

/*
 * Whether the county shows disability category and grade on public notice
 * lists: the setting "notice.show_disability" is "1" (off when absent).
 * 1 on, 0 off, -1 error.
 */
#define CASE_REPORT_NOTICE_DISABILITY "notice.show_disability"
__attribute__((warn_unused_result)) int case_report_notice_disability(struct db *db, struct error *err);
/*
 * Sets that setting ("1" on, "0" off), on the writer connection, outside a
 * transaction; the caller logs the change (the county admin's 公示设置
 * page). 0, or -1 with a message and nothing changed.
 */
__attribute__((warn_unused_result)) int case_report_set_notice_disability(struct db *db, bool on, struct error *err);

/* A case of case_report_class_list: the person, the class, the archive number and the stage's date. */
struct case_class_row {
	int64_t case_id;
	int hukou;		  /* 1 城镇, 2 农村 */
	enum case_age_group group; /* on the stage's date */
	int age;		  /* 周岁 on the stage's date */
	char name[4 * 30 + 1];
	int sex;		  /* 1 男, 2 女 */
	char birth_date[11];
	char id_number[19];	  /* in full: the caller masks it */
	char township_name[161], village_name[161]; /* of the case */
	char archive_no[CASE_ARCHIVE_NO_SIZE];	     /* "" when none was given */
	char date[11];		  /* the day the stage was reached */
};

/*
 * The cases behind case_report_classes (the same cases, classified the same
 * way), one by one: fn(ctx, row) in hukou, age group, village, archive
 * number order (0 to go on, -1 to stop with err set). 0 or -1.
 */
__attribute__((warn_unused_result)) int case_report_class_list(struct db *db, const struct registry_scope *scope,
								const char *program, int year, const char *stage,
								int (*fn)(void *ctx, const struct case_class_row *r,
									  struct error *err),
								void *ctx, struct error *err);

#endif
