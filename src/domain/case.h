/*
 * case: the one engine that runs every livelihood project (domain/program):
 * a case is a person enrolled in a project for a year, moved from stage to
 * stage by transitions that the definition allows, each an append-only
 * event (who, when, the values entered, a remark).
 *
 * Invariants:
 * - One open case per person, project and year (a unique index); a second
 *   enrolment is refused with a message naming the existing case.
 * - A transition is made only from a stage it lists, by a role it lists,
 *   with every required field present and every value valid (types, bounds,
 *   dates relative to another stage); otherwise nothing is written and each
 *   reason is returned, by field.
 * - A case keeps the definition version it was created under.
 * - Reaching a stage for the first time records it (case_stage), makes the
 *   scheduled stages anchored on it fall due (case_due: the stage's date +
 *   offset), marks its own due done (a final stage drops the dues not done:
 *   a closed case owes no follow-up), and adds the case to the running counts
 *   of its township (program_count: "stage:KEY" and each metric it now
 *   meets), all in the event's transaction. A transfer moves the case, its
 *   dues and its counts to the new township.
 * - A transition flagged check_eligibility checks the program's rules again
 *   on the person as registered now; a transition out of a notice stage
 *   (hold) to a stage that is not final waits for the period to end and
 *   for every objection to be resolved; reaching a stage flagged archive
 *   gives the case its archive number, once.
 * - Every read is within a registry_scope (the case's village), like the
 *   registry: a case outside it is "not found".
 * Writes run on the writer connection; the caller logs to the operation log
 * after they return.
 */
#ifndef HUIMIN_CASE_H
#define HUIMIN_CASE_H

#include <stdbool.h>
#include <stdint.h>

#include "base/date.h"
#include "base/error.h"
#include "domain/account.h"
#include "domain/program.h"
#include "domain/registry.h"
#include "store/db.h"

#define CASE_REMARK_MAX 500 /* characters */
#define CASE_VALUES_MAX 32

struct case_file {
	int64_t id;
	char program[PROGRAM_KEY_MAX + 1];
	int version;
	int year;
	int64_t person_id;
	char village[13], township[13];
	char stage[PROGRAM_KEY_MAX + 1];
	char stage_date[11];
	bool open;
	char created_at[21], updated_at[21];
	/* Read with the case, for lists: */
	char person_name[4 * 30 + 1], file_no[24], village_name[161], township_name[161];
};

/*
 * For other domain modules that read cases (case-report): the columns a
 * case is read from (alias c for program_case, p for person, v and t for
 * the village and township rows of division, joined by CASE_JOIN), and the
 * reader of such a row.
 */
#define CASE_COLUMNS                                                                                             \
	"c.id, c.program_code, c.program_version, c.year, c.person_id, c.village_code, c.township_code, c.stage,"   \
	" c.stage_date, c.open, c.created_at, c.updated_at, p.name, p.file_no, v.name, t.name"
#define CASE_JOIN                                                                                                \
	" JOIN person p ON p.id = c.person_id JOIN division v ON v.code = c.village_code"                           \
	" JOIN division t ON t.code = c.township_code"

/* Fills c from the current row of a statement that selected CASE_COLUMNS first. */
void case_from_row(struct db_stmt *st, struct case_file *c);

/* A value as a user typed it, by field key. */
struct case_value {
	const char *field;
	const char *text;
};

/* Why a request was refused: a general message and/or reasons by field key. */
struct case_problems {
	char message[400];
	size_t n;
	struct {
		char field[PROGRAM_KEY_MAX + 1];
		char reason[400];
	} items[CASE_VALUES_MAX];
};

/* Sets the general message of pr (the first one set stays) and returns 1, "refused". */
__attribute__((format(printf, 2, 3))) int case_refuse(struct case_problems *pr, const char *fmt, ...);
/* Adds a reason about field to pr (the first CASE_VALUES_MAX are kept). */
__attribute__((format(printf, 3, 4))) void case_field_problem(struct case_problems *pr, const char *field,
								const char *fmt, ...);
/*
 * Checks free text s typed for field (label: its Chinese name): valid UTF-8
 * without control characters, not empty when required, at most max
 * characters; adds the first reason that applies to pr.
 */
void case_text_problem(struct case_problems *pr, const char *field, const char *label, const char *s, size_t max,
		       bool required);

/*
 * The scope of cases for u: the registry's (registry_scope_of), except that
 * hospital users, who treat patients from every township, see the cases of
 * the whole county (and only cases: the registry stays closed to them).
 */
void case_scope_of(const struct user *u, struct registry_scope *out);

/*
 * The day of an event: date (YYYY-MM-DD, not after today), or, when the
 * transition asks for a date field (手术日期, 出院日期, 随访日期), that field's
 * value, which then wins: it is the day the stage was reached, which the
 * follow-ups are scheduled from and later dates are checked against.
 *
 * Enrols person_id in program p for year through the transition whose
 * "from" is enrolment, on its day, by user u within scope: 0 with
 * *case_id, 1 refused (problems say why: not found in scope, not eligible,
 * an open case exists, the role may not, a value), -1 error.
 */
__attribute__((warn_unused_result)) int case_enrol(struct db *w, const struct program *p, int year,
						    int64_t person_id, const char *transition, const char *date,
						    const struct case_value *values, size_t nvalues, const char *remark,
						    const struct user *u, const struct registry_scope *scope,
						    int64_t *case_id, struct case_problems *problems, struct error *err);

/*
 * Makes transition on case id (see the invariants): 0 done, 1 refused
 * (problems say why), 2 no such case within scope, -1 error.
 */
__attribute__((warn_unused_result)) int case_transition(struct db *w, int64_t id, const char *transition,
							 const char *date, const struct case_value *values,
							 size_t nvalues, const char *remark, const struct user *u,
							 const struct registry_scope *scope,
							 struct case_problems *problems, struct error *err);

/*
 * case_transition inside the caller's transaction (it neither begins nor
 * commits; on -1 the caller rolls back): for domain/objection, whose
 * upheld objection and the case's leaving are one change.
 */
__attribute__((warn_unused_result)) int case_transition_tx(struct db *w, int64_t id, const char *transition,
							    const char *date, const struct case_value *values,
							    size_t nvalues, const char *remark, const struct user *u,
							    const struct registry_scope *scope,
							    struct case_problems *problems, struct error *err);

/* Moves case id to village (the person moved), with a remark: 0, 1 refused, 2 not found, -1 error. */
__attribute__((warn_unused_result)) int case_transfer(struct db *w, int64_t id, const char *village,
						       const char *remark, const struct user *u,
						       const struct registry_scope *scope, struct case_problems *problems,
						       struct error *err);

/* 1 and out when case id exists within scope, 0 not, -1 error. */
__attribute__((warn_unused_result)) int case_get(struct db *db, const struct registry_scope *scope, int64_t id,
						  struct case_file *out, struct error *err);

/* The transitions u may make now on c (for the case page's forms): fn(ctx, transition). */
void case_allowed(const struct program *p, const struct case_file *c, const struct user *u,
		  void (*fn)(void *ctx, const struct program_transition *t), void *ctx);

struct case_event {
	int64_t id;
	const char *transition, *from_stage, *to_stage, *date, *at, *user_name, *role, *fields, *remark;
};

/* The events of case id in order (the case must have been found in scope). 0 or -1. */
__attribute__((warn_unused_result)) int case_events(struct db *db, int64_t id,
						     int (*fn)(void *ctx, const struct case_event *e,
							       struct error *err),
						     void *ctx, struct error *err);

/* The cases of a person within scope, newest first. 0 or -1. */
__attribute__((warn_unused_result)) int case_of_person(struct db *db, const struct registry_scope *scope,
							int64_t person_id,
							int (*fn)(void *ctx, const struct case_file *c,
								  struct error *err),
							void *ctx, struct error *err);

/* Lists of cases */

enum case_due_state {
	CASE_DUE_ANY,
	CASE_DUE_UPCOMING, /* not done, due today or later */
	CASE_DUE_OVERDUE,  /* not done, due before today */
	CASE_DUE_DONE,
};

struct case_query {
	struct registry_scope scope;
	char program[PROGRAM_KEY_MAX + 1];
	int year;                          /* 0 any */
	char township[13];                 /* "" any */
	char stage[PROGRAM_KEY_MAX + 1];   /* the current stage; "" any */
	char due_stage[PROGRAM_KEY_MAX + 1]; /* with due: a scheduled stage ("" any scheduled stage) */
	enum case_due_state due;
	/*
	 * Only the cases whose event at stage by_stage gave field by_field the
	 * value by_value (a breakdown's line: one hospital's, one surgeon's);
	 * "" for any. The dues' fast paths do not apply then.
	 */
	char by_stage[PROGRAM_KEY_MAX + 1], by_field[PROGRAM_KEY_MAX + 1];
	char by_value[256];
	/*
	 * Only the cases in village (the case's village) and of persons with
	 * these attributes (the statistics' links, domain/stats): "" or 0 any.
	 * categories and grades are bit sets as the registry's (bit 0: none,
	 * 未持证); born_after and born_by bound the birth date (> and <=) as
	 * registry_age_bounds gives them for an age group.
	 */
	char village[13];
	unsigned categories, grades;
	int hukou, sex, status; /* status: the person's file now, 1 在册 .. 3 迁出 */
	char born_after[11], born_by[11];
	struct date today;
	long page;
	int per_page; /* 1..100 */
};

/*
 * The condition on q's village and person filters, for the lists' static
 * SQL texts (case_search, case-report): a case c (alias of program_case)
 * passes when each filter is off or holds. Its parameters are ?15 to ?23,
 * which case_bind_person binds.
 */
#define CASE_PERSON_WHERE                                                                                        \
	" AND (?15 = '' OR c.village_code = ?15) AND (?16 = 0 OR EXISTS (SELECT 1 FROM person pf"                   \
	" WHERE pf.id = c.person_id AND (?17 = 0 OR ((?17 >> coalesce(pf.category, 0)) & 1) = 1)"                 \
	" AND (?18 = 0 OR ((?18 >> coalesce(pf.grade, 0)) & 1) = 1) AND (?19 = 0 OR pf.hukou = ?19)"              \
	" AND (?20 = 0 OR pf.sex = ?20) AND (?21 = '' OR pf.birth_date > ?21)"                                     \
	" AND (?22 = '' OR pf.birth_date <= ?22) AND (?23 = 0 OR pf.status = ?23)))"
/* Binds ?15 .. ?23 of CASE_PERSON_WHERE from q. */
void case_bind_person(struct db_stmt *st, const struct case_query *q);
/* Whether q has any of those filters. */
bool case_query_by_person(const struct case_query *q);

/* A case with, for a working list, the due stage and its dates ("" when the list is not about dues). */
struct case_row {
	struct case_file c;
	char due_stage[PROGRAM_KEY_MAX + 1];
	char due_date[11], done_date[11];
};

__attribute__((warn_unused_result)) int case_search(struct db *db, const struct case_query *q,
						     int (*fn)(void *ctx, const struct case_row *r, struct error *err),
						     void *ctx, long *total, struct error *err);

/*
 * The running counts of program's year, summed over the townships in scope
 * (or the one township when township is not ""): fn(ctx, counter, n) for
 * every counter ("stage:KEY", "metric:KEY") in counter order; and per
 * township when by_township (fn gets the township code first, "" for sums).
 */
__attribute__((warn_unused_result)) int case_counts(struct db *db, const struct registry_scope *scope,
						     const char *program, int year, const char *township,
						     bool by_township,
						     void (*fn)(void *ctx, const char *township, const char *counter,
								long n),
						     void *ctx, struct error *err);

/* Whether a case that reached stage with values (an event's stored values, JSON text) meets metric m. */
bool case_metric_met(const struct program *p, const struct program_metric *m, size_t stage, const char *values);

/*
 * The archive number (一人一档) of case id: county code (6) + year (4) +
 * serial (6) per program, year and county, given when the case first
 * reached a stage flagged "archive". 1 with out, 0 none ("" in out), -1.
 */
#define CASE_ARCHIVE_NO_SIZE 24
__attribute__((warn_unused_result)) int case_archive_no(struct db *db, int64_t id, char out[CASE_ARCHIVE_NO_SIZE],
							 struct error *err);

#endif
