/*
 * target: target management (目标管理). Every work line (a livelihood
 * project, the survey, employment, the employment security fund,
 * rehabilitation ...) has annual targets, set by the county, split to the
 * townships or to urban/rural, and tracked live against time elapsed.
 *
 * Invariants:
 * - A target has a year, a work line, a name unique in its year, a unit, a
 *   value (in the unit; fen when the unit is 元), a start date and a
 *   deadline, an owner and a source. The source is "manual" (progress is
 *   entered by hand with evidence: target_entry, append-only, each entry
 *   with its note and optionally one scanned document stored by
 *   domain/attachment's shared storage) or a live
 *   count of the records (target_sources lists the kinds: a project's
 *   metric, money paid by a project, the survey, training, rehabilitation,
 *   the fund). Progress is never stored for a live source: it is counted
 *   when asked, so it is always the records' figure.
 * - A split target's parts (per township, or 城镇/农村 = parts "1"/"2")
 *   add up exactly to its value: target_set_parts refuses anything else,
 *   and target_split_proportional rounds so they do (largest remainder).
 * - Status (target_status_of) compares completion with the time elapsed
 *   from the start date to the deadline, in integer arithmetic:
 *   超额完成 above the value, 已完成 exactly on it, 逾期 short of it after
 *   the deadline, 滞后 when completion is behind time elapsed, else 正常.
 * Writes run on the writer connection; the caller logs them.
 */
#ifndef HUIMIN_TARGET_H
#define HUIMIN_TARGET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/date.h"
#include "base/error.h"
#include "base/token.h"
#include "domain/account.h"
#include "domain/attachment.h"
#include "domain/case.h"
#include "domain/registry.h"
#include "store/db.h"

#define TARGET_NAME_MAX 60   /* characters */
#define TARGET_UNIT_MAX 8    /* characters */
#define TARGET_NOTE_MAX 500  /* characters of a note or an entry's evidence */
#define TARGET_SOURCE_MAX 80 /* bytes */
#define TARGET_VALUE_MAX 99999999999999LL
#define TARGET_PARTS_MAX 64  /* townships of a county (or the two hukou parts) */
#define TARGET_MANUAL "manual"

enum target_status { TARGET_DONE, TARGET_OVER, TARGET_ON_TRACK, TARGET_LAGGING, TARGET_OVERDUE, TARGET_STATUS__MAX };

/* "done" "over" "normal" "lagging" "overdue", and 已完成 超额完成 正常 滞后 逾期. */
const char *target_status_code(enum target_status s);
const char *target_status_label(enum target_status s);

/* Rules */

/*
 * The status of achieved against value (> 0) for a target running from
 * start to deadline, on today (see the invariants). Before the start, time
 * elapsed is 0; from the deadline on, it is all.
 */
enum target_status target_status_of(long long value, long long achieved, struct date start, struct date deadline,
				     struct date today);
/* Completion in permille (achieved / value, may exceed 1000; 0 when value <= 0 or achieved < 0). */
long long target_permille(long long achieved, long long value);
/* Time elapsed in permille, 0..1000. */
int target_elapsed_permille(struct date start, struct date deadline, struct date today);

/*
 * Splits total (>= 0) into n parts proportional to weights (>= 0), rounded
 * so the parts add up to total exactly: each part gets the floor of its
 * share, and the units left over go to the largest remainders (ties to the
 * earlier part). When every weight is 0 the parts are as equal as they can
 * be. 0, or -1 when n is 0 or an argument is negative.
 */
int target_split_proportional(long long total, const long long *weights, size_t n, long long *out);

/* Work lines and sources */

struct target_line {
	const char *key, *label;
};
/* The work lines in the report's order, n set to their number. */
const struct target_line *target_lines(size_t *n);
/* The label of line key, or key itself when unknown. */
const char *target_line_label(const char *key);

/*
 * Whether source names something that can be counted (and whether it can
 * be split urban/rural): 0 valid, 1 with a Chinese reason. A project
 * source's project and metric must exist in its latest definition.
 */
__attribute__((warn_unused_result)) int target_source_check(struct db *db, const char *source, bool *splits_hukou,
							     char *reason, size_t size, struct error *err);
/* What source counts, in Chinese ("白内障复明工程：已手术", "手工填报"). */
void target_source_label(struct db *db, const char *source, char *out, size_t size);
/* The live sources offered for year (projects' metrics and payments, and the work lines'): fn(ctx, source, label). */
__attribute__((warn_unused_result)) int target_sources(struct db *db,
							void (*fn)(void *ctx, const char *source, const char *label),
							void *ctx, struct error *err);

/* Targets */

struct target {
	int64_t id;
	int year;
	char line[33];
	char name[4 * TARGET_NAME_MAX + 1];
	char unit[4 * TARGET_UNIT_MAX + 1];
	long long value;
	char split[9]; /* "", "hukou", "township" */
	char start[11], deadline[11];
	char owner[129];
	char source[TARGET_SOURCE_MAX + 1];
	char note[4 * TARGET_NOTE_MAX + 1];
	char updated_at[21], updated_by[129];
};

/* Whether the unit counts money (元): values are then fen. */
bool target_is_money(const struct target *t);

/*
 * Saves t (a new target when t->id is 0, else changes target t->id) by u (a
 * county admin or staff member), after checking every field; value is in
 * the unit (fen for 元). Changing the value or the split of a split target
 * removes parts that no longer add up. 0 saved (t->id set), 1 refused
 * (problems per field: year line name unit value split start deadline
 * owner source note), 2 no such target, -1 error.
 */
__attribute__((warn_unused_result)) int target_save(struct db *w, struct target *t, const struct user *u,
						     struct case_problems *problems, struct error *err);
/* 1 with out, 0 no such target, -1 error. */
__attribute__((warn_unused_result)) int target_get(struct db *db, int64_t id, struct target *out, struct error *err);
/* The targets of year (of line, when not ""), by line then id: fn returns 0 to go on, -1 to stop. 0 or -1. */
__attribute__((warn_unused_result)) int target_list(struct db *db, int year, const char *line,
						     int (*fn)(void *ctx, const struct target *t, struct error *err),
						     void *ctx, struct error *err);
/*
 * Copies the targets of year from to year to (their parts too; dates moved
 * by to - from years, 29 February becoming the 28th outside leap years),
 * skipping names that year to already has: 0 with *copied, -1 error
 * (nothing copied). The caller checks target_may_edit.
 */
__attribute__((warn_unused_result)) int target_copy_year(struct db *w, int from, int to, const struct user *u,
							  long *copied, struct error *err);

/* Whether u may set targets (county admin and staff). */
bool target_may_edit(const struct user *u);

/* Parts */

struct target_part {
	char part[13]; /* a township code, or "1" 城镇 / "2" 农村 */
	long long value;
};

/*
 * Replaces the parts of target id with parts (each a township of the county
 * for a township split, "1" and "2" for a hukou split), which must add up
 * to its value. 0 done, 1 refused (problems say which part and why), 2 no
 * such target, -1 error.
 */
__attribute__((warn_unused_result)) int target_set_parts(struct db *w, int64_t id, const struct target_part *parts,
							  size_t n, const struct user *u,
							  struct case_problems *problems, struct error *err);
/*
 * Splits target id (a township split) to every township of the county in
 * proportion to its persons 在册 (target_split_proportional): as
 * target_set_parts.
 */
__attribute__((warn_unused_result)) int target_split_by_persons(struct db *w, int64_t id, const struct user *u,
								 struct case_problems *problems, struct error *err);
/* The parts of target id in part order: fn(ctx, part). 0 or -1. */
__attribute__((warn_unused_result)) int target_parts(struct db *db, int64_t id,
						      void (*fn)(void *ctx, const struct target_part *p), void *ctx,
						      struct error *err);

/* Progress entered by hand */

struct target_entry {
	int64_t id;
	char part[13];
	char date[11];
	long long value;
	char note[4 * TARGET_NOTE_MAX + 1];
	char at[21], user_name[129];
	/* The evidence's document, all empty ("" and 0) when the entry has none. */
	char file_name[4 * ATTACHMENT_NAME_MAX + 1]; /* cleaned by attachment_clean_name */
	char file_type[24];			     /* application/pdf, image/jpeg or image/png */
	int64_t file_size;
	char file_sha256[TOKEN_HEX]; /* names the stored file (attachment_open_stored) */
};

/* A document uploaded with an entry: its bytes and the name the browser gave it (may be ""). */
struct target_file {
	const void *data;
	size_t len;
	const char *filename;
};

/*
 * Records, for manual target id, value (in the unit, fen for 元; negative
 * to correct an earlier entry) done on date (not after today) for part (a
 * township code, or "" for the county) with note (the evidence: what, where
 * the proof is). County staff for any part, a township user for its own
 * township. 0 done, 1 refused, 2 no such target, -1 error.
 */
__attribute__((warn_unused_result)) int target_add_entry(struct db *w, int64_t id, const char *part,
							  const char *date, long long value, const char *note,
							  const struct user *u, struct case_problems *problems,
							  struct error *err);
/*
 * target_add_entry with the evidence's document file (NULL: none), checked
 * as a case's scanned documents are (attachment_check: refused under the
 * field "file" when empty, over ATTACHMENT_SIZE_MAX or not a PDF, JPEG or
 * PNG) and stored under dir (attachment_dir of the database) before the
 * row is inserted; a failed insert removes a file this call stored. 0 with
 * *out (when not NULL: the entry as stored, its id and file fields set),
 * 1 refused (problems: part date value note file, or a message), 2 no such
 * target, -1 error (no row, and no file this call made). Runs on the
 * writer (its lock serialises the store and the insert).
 */
__attribute__((warn_unused_result)) int target_add_entry_file(struct db *w, const char *dir, int64_t id,
							       const char *part, const char *date, long long value,
							       const char *note, const struct target_file *file,
							       const struct user *u, struct target_entry *out,
							       struct case_problems *problems, struct error *err);
/* The entries of target id within scope ("" parts only for county scope), newest first. 0 or -1. */
__attribute__((warn_unused_result)) int target_entries(struct db *db, int64_t id, const struct registry_scope *scope,
							int (*fn)(void *ctx, const struct target_entry *e,
								  struct error *err),
							void *ctx, struct error *err);
/*
 * Entry entry of target id when it is within scope by the rule of
 * target_entries (a township scope reaches its own township's entries
 * only): 1 with out, 0 none (not that target's, or out of scope), -1 error.
 */
__attribute__((warn_unused_result)) int target_entry_get(struct db *db, int64_t id, int64_t entry,
							  const struct registry_scope *scope,
							  struct target_entry *out, struct error *err);

/* Progress */

struct target_progress {
	long long achieved; /* the county's, or the scope's when narrower */
	long long value;    /* the target, or the scope's share (-1 when a township has no share) */
	enum target_status status;
	long long permille;
	int elapsed_permille;
	/* Per part: township code (or "1"/"2"), its share (-1 none) and its achieved. */
	size_t nparts;
	struct {
		char part[13];
		long long share, achieved;
		enum target_status status;
	} parts[TARGET_PARTS_MAX];
};

/*
 * The progress of t on today within scope: the county's figures, and per
 * township (every township with a share or with progress; for a hukou
 * split, the two parts). A township scope sees its own township only: its
 * achieved and its share. 0 or -1.
 */
__attribute__((warn_unused_result)) int target_progress_of(struct db *db, const struct target *t,
							    const struct registry_scope *scope, struct date today,
							    struct target_progress *out, struct error *err);

/*
 * The value of the live target counting program's metric in year (the
 * figure a project page compares with): 1 with *value, 0 none, -1 error.
 * target_set_program sets it (creating the target of the project's work
 * line when there is none).
 */
__attribute__((warn_unused_result)) int target_program_value(struct db *db, const char *program, int year,
							      const char *metric, long long *value,
							      struct error *err);
__attribute__((warn_unused_result)) int target_set_program(struct db *w, const char *program, int year,
							    const char *metric, long long value,
							    const struct user *u, struct error *err);

#endif
