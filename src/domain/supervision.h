/*
 * supervision: 督查. The county opens an item on a township's target that
 * lags (a finding, what must be done, by when); the township answers with
 * its rectification (整改); the county closes the item (销号) or sends it
 * back to be rectified again.
 *
 * Invariants:
 * - An item belongs to one target and one township of the county.
 * - Status moves open -> answered -> closed, or answered -> open when the
 *   county sends the answer back; a closed item never changes.
 * - Township users see and answer only their township's items; the county
 *   (admin, staff) opens, closes and sees all; leaders read all.
 * Writes run on the writer connection; the caller logs them.
 */
#ifndef HUIMIN_SUPERVISION_H
#define HUIMIN_SUPERVISION_H

#include <stdbool.h>
#include <stdint.h>

#include "base/date.h"
#include "base/error.h"
#include "domain/account.h"
#include "domain/case.h"
#include "domain/registry.h"
#include "store/db.h"

#define SUPERVISION_TEXT_MAX 500 /* characters of a finding, requirement, answer or closing note */

enum supervision_status { SUPERVISION_OPEN = 1, SUPERVISION_ANSWERED = 2, SUPERVISION_CLOSED = 3 };

/* 待整改 已整改待核 已销号, and "open" "answered" "closed". */
const char *supervision_status_label(enum supervision_status s);
const char *supervision_status_code(enum supervision_status s);

struct supervision {
	int64_t id, target_id;
	char target_name[241];
	int year;
	char township[13], township_name[121];
	char finding[4 * SUPERVISION_TEXT_MAX + 1], requirement[4 * SUPERVISION_TEXT_MAX + 1];
	char deadline[11];
	enum supervision_status status;
	char opened_on[11], opened_at[21], opened_by[129];
	char answer[4 * SUPERVISION_TEXT_MAX + 1], answered_at[21], answered_by[129];
	char closing[4 * SUPERVISION_TEXT_MAX + 1], closed_on[11], closed_at[21], closed_by[129];
};

/* Days an item has been open on today (to its closing day once closed). */
long supervision_days_open(const struct supervision *s, struct date today);

/*
 * Opens an item on target_id for township by u (county admin or staff):
 * finding, requirement, deadline (not before today). 0 with *id, 1 refused
 * (problems: township finding requirement deadline), 2 no such target, -1.
 */
__attribute__((warn_unused_result)) int supervision_open(struct db *w, int64_t target_id, const char *township,
							  const char *finding, const char *requirement,
							  const char *deadline, const struct user *u, int64_t *id,
							  struct case_problems *problems, struct error *err);
/* The township's answer (its rectification) to open item id, by a user of that township: 0, 1, 2 not found in scope, -1. */
__attribute__((warn_unused_result)) int supervision_answer(struct db *w, int64_t id, const char *answer,
							    const struct user *u, struct case_problems *problems,
							    struct error *err);
/*
 * The county's decision on answered item id: closed with note (销号), or
 * sent back (close false: open again, note says why). 0, 1, 2, -1.
 */
__attribute__((warn_unused_result)) int supervision_decide(struct db *w, int64_t id, bool close, const char *note,
							    const struct user *u, struct case_problems *problems,
							    struct error *err);
/* 1 with out when item id is within scope, 0 not, -1 error. */
__attribute__((warn_unused_result)) int supervision_get(struct db *db, const struct registry_scope *scope, int64_t id,
							 struct supervision *out, struct error *err);
/*
 * The items within scope, of target_id (0 any) and year (0 any), not
 * closed only when open_only, oldest first: fn returns 0 to go on. 0 or -1.
 */
__attribute__((warn_unused_result)) int supervision_list(struct db *db, const struct registry_scope *scope,
							  int64_t target_id, int year, bool open_only,
							  int (*fn)(void *ctx, const struct supervision *s,
								    struct error *err),
							  void *ctx, struct error *err);

#endif
