/*
 * survey: 残疾人基本情况调查, the basic situation survey of a year. One
 * investigator per village goes door to door (from 1 September, for a
 * month in the county's report) through the village's roster (底册) of the
 * registered disabled persons, and records for each whether the household
 * was visited (已入户), not found (未找到), has moved (已迁出) or the person
 * has died (已死亡), with the items of the survey form when visited.
 * Progress is counted per village and township against the visit-rate
 * target (95%); the acceptance checks (验收) on a sample of each
 * township's records are in domain/survey-check.
 *
 * Invariants:
 * - A survey of a year holds its form (the definition as loaded,
 *   domain/program's program_form_parse); once a record exists the form
 *   does not change, so every record's answers are keyed by its items.
 * - The roster of a village is a snapshot: the persons 在册 in the village
 *   when it was drawn, with their name, sex, birth date, category, grade
 *   and hukou as they were then. Drawing again adds the persons registered
 *   since (one row per person and year: a person on another village's
 *   roster is not added twice) and never removes or changes a row.
 * - A record belongs to a roster person; its versions are append-only (a
 *   correction is a new version with its reason), and the roster row
 *   points at the newest, in the same transaction.
 * - A village is complete when its roster is drawn and every roster
 *   person has a record (a drawn roster without persons is complete).
 * - Every read and write is within a registry_scope on the roster's
 *   village: a person or village outside it is "not found".
 * Writes run on the writer connection; the caller logs them.
 */
#ifndef HUIMIN_SURVEY_H
#define HUIMIN_SURVEY_H

#include <stdbool.h>
#include <stdint.h>

#include "base/buf.h"
#include "base/error.h"
#include "domain/account.h"
#include "domain/case.h"
#include "domain/program.h"
#include "domain/registry.h"
#include "store/db.h"

#define SURVEY_NAME_MAX 30           /* characters of an investigator's name */
#define SURVEY_REMARK_MAX 500        /* characters of a record's remark (更正原因, 情况说明) */
#define SURVEY_TARGET_PERMILLE 950   /* the visit-rate target: 95% */
#define SURVEY_FORM_MAX (256u << 10) /* bytes of a form definition */

enum survey_outcome {
	SURVEY_NONE = 0,      /* no record yet */
	SURVEY_VISITED = 1,   /* 已入户 */
	SURVEY_NOT_FOUND = 2, /* 未找到 */
	SURVEY_MOVED = 3,     /* 已迁出 */
	SURVEY_DECEASED = 4,  /* 已死亡 */
};

/* "visited", "not_found", "moved", "deceased" ("" for none), part of the API. */
const char *survey_outcome_code(enum survey_outcome o);
/* 已入户, 未找到, 已迁出, 已死亡 (未登记 for none). */
const char *survey_outcome_label(enum survey_outcome o);
/* The outcome named by its code or label, or -1. */
int survey_outcome_parse(const char *text);

/* Who may do what (besides the scope): see (all but hospitals), record (not leaders), manage rosters and investigators
 * (county and township), open a survey (county admin). */
bool survey_may_view(const struct user *u);
bool survey_may_record(const struct user *u);
bool survey_may_manage(const struct user *u);
bool survey_may_open(const struct user *u);

/*
 * The rate part/whole in permille, rounded down (94.96% never shows as
 * meeting 95%); -1 when whole is 0. survey_rate_text writes it as a
 * percentage with one decimal ("95.3%"), "—" when whole is 0.
 */
int survey_permille(long part, long whole);
void survey_rate_text(long part, long whole, char out[16]);

/* A survey */

struct survey {
	int year;
	char start_date[11], end_date[11]; /* the planned period */
	int target_permille;
	char opened_at[21], opened_by[ACCOUNT_NAME_MAX + 16];
	struct program_form *form; /* owned: survey_release */
};

/* 1 with out filled (release it), 0 no survey of year, -1 error. */
__attribute__((warn_unused_result)) int survey_get(struct db *db, int year, struct survey *out, struct error *err);
void survey_release(struct survey *s);
/* The years that have a survey, newest first: fn(ctx, year). 0 or -1. */
__attribute__((warn_unused_result)) int survey_years(struct db *db, void (*fn)(void *ctx, int year), void *ctx,
                                                     struct error *err);

enum survey_open_result { SURVEY_OPENED, SURVEY_UNCHANGED, SURVEY_UPDATED };

/*
 * Opens the survey of year with the form text (len bytes) and the period
 * start..end (YYYY-MM-DD in year; NULL or "" for 1 to 30 September), by
 * user_name. Opening again with other dates changes them; with another
 * form replaces it while the survey has no record. 0 with *what; 1 refused,
 * every reason a line in problems (the form's mistakes with where they
 * are); -1 error (nothing written).
 */
__attribute__((warn_unused_result)) int survey_open(struct db *w, int year, const char *form, size_t len,
                                                    const char *start, const char *end, const char *user_name,
                                                    enum survey_open_result *what, struct buf *problems,
                                                    struct error *err);

/* Rosters and investigators */

/*
 * Draws the roster of every village of division (a village or a township
 * code; within scope) for year, by u (survey_may_manage): adds the persons
 * 在册 there now that the year's roster does not hold yet; *added says how
 * many. 0 done, 1 refused (problems), 2 no such survey or division in
 * scope, -1 error.
 */
__attribute__((warn_unused_result)) int survey_draw(struct db *w, int year, const char *division, const struct user *u,
                                                    const struct registry_scope *scope, long *added,
                                                    struct case_problems *problems, struct error *err);

/*
 * Makes the investigator of village for year: account (the name of an
 * account of role village bound to the village, or "") and/or name (as
 * shown; "" takes the account's name). 0, 1 refused (problems "account",
 * "name" or a message), 2 no such survey or village in scope, -1 error.
 */
__attribute__((warn_unused_result)) int survey_assign(struct db *w, int year, const char *village, const char *account,
                                                      const char *name, const struct user *u,
                                                      const struct registry_scope *scope,
                                                      struct case_problems *problems, struct error *err);

/* A village of a survey: roster drawn (drawn_at "" when not), its investigator. */
struct survey_village {
	char drawn_at[21], first_drawn_at[21], drawn_by[ACCOUNT_NAME_MAX + 16];
	char investigator[4 * SURVEY_NAME_MAX + 1];
	char investigator_account[ACCOUNT_NAME_MAX + 1]; /* "" when only a name */
};

/* 1 with out (a village never drawn nor assigned reads as all ""), 0 not a village in scope, -1 error. */
__attribute__((warn_unused_result)) int survey_village_get(struct db *db, int year, const char *village,
                                                           const struct registry_scope *scope,
                                                           struct survey_village *out, struct error *err);

/* A roster row with the person's current record (version 0 when none). */
struct survey_row {
	int year;
	int64_t person_id;
	char village[13], township[13], village_name[161], township_name[161];
	/* as drawn */
	char name[4 * 30 + 1];
	int sex, category, grade, hukou; /* category and grade 0 when unknown */
	char birth_date[11], drawn_at[21];
	char id_number[19]; /* from the registry now, for the masked column only */
	/* the current record */
	int64_t record_id;
	int version;
	enum survey_outcome outcome;
	char visit_date[11], investigator[4 * SURVEY_NAME_MAX + 1];
};

/* The roster of village for year within scope, in person order: fn(ctx, row) returns 0, or -1 to stop (err set). 0 or
 * -1. */
__attribute__((warn_unused_result)) int
survey_roster(struct db *db, int year, const char *village, const struct registry_scope *scope,
              int (*fn)(void *ctx, const struct survey_row *r, struct error *err), void *ctx, struct error *err);
/* The roster row of person_id for year: 1 with out, 0 not on it within scope, -1 error. */
__attribute__((warn_unused_result)) int survey_roster_get(struct db *db, int year, int64_t person_id,
                                                          const struct registry_scope *scope, struct survey_row *out,
                                                          struct error *err);

/* Records */

/* What a user enters for a roster person. */
struct survey_entry {
	const char *outcome;             /* a code or label of enum survey_outcome */
	const char *date;                /* the visit's day, YYYY-MM-DD */
	const char *investigator;        /* "" or NULL: the village's investigator */
	const struct case_value *values; /* the form's items by key, when visited (ignored otherwise) */
	size_t nvalues;
	const char *remark; /* required for 未找到 and for a correction */
	int based_on;       /* the version the user corrects (0 a first record); -1 not checked */
};

/*
 * Records e for person_id of year's roster by u within scope: a first
 * record or, when there is one, a correction (the next version). Checked:
 * the outcome; the date (not after today, not before the survey's start);
 * the investigator; when visited, every item (program_value) and the
 * required ones, an unknown item refused; the remark. 0 with *record_id
 * and *version; 1 refused (problems by "outcome", "date", "investigator",
 * "remark" or an item's key); 2 no survey, or not on the roster in scope;
 * 3 the record changed since based_on (problems says to reload); -1 error.
 */
__attribute__((warn_unused_result)) int survey_record(struct db *w, int year, int64_t person_id,
                                                      const struct survey_entry *e, const struct user *u,
                                                      const struct registry_scope *scope, int64_t *record_id,
                                                      int *version, struct case_problems *problems, struct error *err);

/* A record version as read; the strings live until fn returns. */
struct survey_record {
	int64_t id;
	int version;
	enum survey_outcome outcome;
	const char *visit_date, *investigator, *answers /* JSON object: item key -> stored value */, *remark;
	const char *entered_at, *entered_by;
};

/* The versions of person_id's record for year (found in scope by the caller), oldest first. 0 or -1. */
__attribute__((warn_unused_result)) int
survey_history(struct db *db, int year, int64_t person_id,
               int (*fn)(void *ctx, const struct survey_record *r, struct error *err), void *ctx, struct error *err);

/* Progress */

/* Counts of a village, a township or the county (code ""). */
struct survey_stats {
	char code[13], name[161];
	char township[13], township_name[161]; /* of a village */
	long villages;                         /* villages (1 for a village) */
	long drawn;                            /* of them with a roster drawn */
	long complete;                         /* drawn, and every roster person recorded */
	long roster, recorded, visited;
	char investigator[4 * SURVEY_NAME_MAX + 1]; /* of a village, "" none */
	bool investigator_account;                  /* the investigator is an account */
};

/*
 * Every village within scope (and of township, unless ""), in code order,
 * with its counts for year: fn(ctx, stats) returns 0 or -1 to stop. 0 or -1.
 */
__attribute__((warn_unused_result)) int
survey_villages(struct db *db, int year, const struct registry_scope *scope, const char *township,
                int (*fn)(void *ctx, const struct survey_stats *s, struct error *err), void *ctx, struct error *err);
/* The counts of village alone for year, into out (its access is the caller's to check). 0 or -1. */
__attribute__((warn_unused_result)) int survey_village_stats(struct db *db, int year, const char *village,
                                                             struct survey_stats *out, struct error *err);
/*
 * Every township within scope with its villages' counts for year, in code
 * order (fn as above), and their sum into total (may be NULL). 0 or -1.
 */
__attribute__((warn_unused_result)) int survey_townships(struct db *db, int year, const struct registry_scope *scope,
                                                         int (*fn)(void *ctx, const struct survey_stats *s,
                                                                   struct error *err),
                                                         void *ctx, struct survey_stats *total, struct error *err);

/*
 * For targets (目标管理): the county's progress of year by township: fn once
 * per township whose value is not 0, for metric "villages" (complete
 * villages), "visited" (persons visited) or "recorded" (persons with a
 * record). An unknown metric is -1 with a message; 0 done.
 */
__attribute__((warn_unused_result)) int
survey_progress(struct db *db, int year, const char *metric,
                void (*fn)(void *ctx, const char *township_code, long long value), void *ctx, struct error *err);

#endif
