/*
 * milestone: the dated steps of a year's work that no case records, as the
 * county enters them for the annual report (domain/report): the launch
 * meeting of the livelihood projects (2月10日 民生工程启动会), the leading
 * group set up, the implementation plan issued, the survey's mobilisation
 * and training meeting, the submission to the city ...
 *
 * Invariants:
 * - A milestone has a year, a work line (a stored project's code such as
 *   "cataract", or a key of target_lines() such as "survey"), a date in
 *   that year (not after today) and a title of 1..MILESTONE_TITLE_MAX
 *   characters without control characters (what happened, where: the
 *   report writes "2月10日，<title>。").
 * - They are county-wide: every role that reads the report reads them;
 *   only the county (admin, staff) adds and removes them. A wrong one is
 *   removed (the caller logs the removal with its text) and entered again.
 * Writes run on the writer connection; the caller logs them.
 */
#ifndef HUIMIN_MILESTONE_H
#define HUIMIN_MILESTONE_H

#include <stdbool.h>
#include <stdint.h>

#include "base/error.h"
#include "domain/account.h"
#include "domain/case.h"
#include "store/db.h"

#define MILESTONE_TITLE_MAX 200 /* characters */

struct milestone {
	int64_t id;
	int year;
	char line[33];
	char date[11];
	char title[4 * MILESTONE_TITLE_MAX + 1];
	char created_at[21], created_by[ACCOUNT_NAME_MAX + 16];
};

/* Whether u may add and remove milestones (county admin and staff). */
bool milestone_may_edit(const struct user *u);

/*
 * Checks and saves a milestone typed by u: year (text), line, date
 * (YYYY-MM-DD, also 2024/2/10), title. 0 with *id; 1 refused (problems:
 * the role as the message, or reasons by field "year" "line" "date"
 * "title", all at once); -1 error (nothing written).
 */
__attribute__((warn_unused_result)) int milestone_add(struct db *w, const char *year, const char *line,
                                                      const char *date, const char *title, const struct user *u,
                                                      int64_t *id, struct case_problems *problems, struct error *err);
/* 1 with out, 0 no such milestone, -1 error. */
__attribute__((warn_unused_result)) int milestone_get(struct db *db, int64_t id, struct milestone *out,
                                                      struct error *err);
/* Removes milestone id by u: 0 removed, 1 refused (role), 2 no such milestone, -1 error. */
__attribute__((warn_unused_result)) int milestone_remove(struct db *w, int64_t id, const struct user *u,
                                                         struct case_problems *problems, struct error *err);
/*
 * The milestones of year (of line only, when line is not ""), by line, date
 * and id: fn returns 0 to go on, -1 to stop (with err set). 0 or -1.
 */
__attribute__((warn_unused_result)) int
milestone_list(struct db *db, int year, const char *line,
               int (*fn)(void *ctx, const struct milestone *m, struct error *err), void *ctx, struct error *err);

#endif
