/*
 * objection: objections raised against a case during its public notice
 * (村公示), recorded by the cadre who received them and resolved by the
 * township or the county: upheld (异议成立: the case leaves through the
 * definition's transition flagged "objection_upheld", an event, in the
 * same transaction) or dismissed (不成立: it may go on).
 *
 * Invariants:
 * - An objection belongs to one case; it is open until resolved, and
 *   resolved once: the resolution, who, when and why never change.
 * - An open objection keeps a case in a notice stage (domain/case's hold).
 * - Every call works within a registry_scope, like the engine: a case
 *   outside it is "not found".
 * Writes run on the writer connection; the caller logs them.
 */
#ifndef HUIMIN_OBJECTION_H
#define HUIMIN_OBJECTION_H

#include <stdbool.h>
#include <stdint.h>

#include "base/error.h"
#include "domain/account.h"
#include "domain/case.h"
#include "domain/registry.h"
#include "store/db.h"

#define OBJECTION_NAME_MAX 30  /* characters of the objector's name */
#define OBJECTION_TEXT_MAX 500 /* characters of what was said, and of a resolution's remark */

enum objection_resolution { OBJECTION_OPEN, OBJECTION_UPHELD, OBJECTION_DISMISSED };

struct objection {
	int64_t id, case_id;
	char objector[4 * OBJECTION_NAME_MAX + 1];
	char content[4 * OBJECTION_TEXT_MAX + 1];
	char raised_on[11], entered_at[21], entered_by[129];
	enum objection_resolution resolution;
	char resolved_on[11], resolved_at[21], resolved_by[129]; /* "" while open */
	char remark[4 * OBJECTION_TEXT_MAX + 1];
};

/* "upheld" / "dismissed" / "open", and the Chinese 异议成立 / 异议不成立 / 待处理. */
const char *objection_resolution_code(enum objection_resolution r);
const char *objection_resolution_label(enum objection_resolution r);
/* The resolution named by code ("upheld", "dismissed"; 成立 and 不成立 too), or -1. */
int objection_resolution_parse(const char *code);

/* Whether u's role may record (village, township, county) or resolve (township, county) objections. */
bool objection_may_record(const struct user *u);
bool objection_may_resolve(const struct user *u);

/*
 * Records the objection of objector (a name) saying content, raised on date
 * (YYYY-MM-DD, not after today), against open case case_id, by u within
 * scope: 0 with *id, 1 refused (problems: "objector", "content", "date" or a
 * message), 2 no such case in scope, -1 error.
 */
__attribute__((warn_unused_result)) int objection_record(struct db *w, int64_t case_id, const char *objector,
							  const char *content, const char *date, const struct user *u,
							  const struct registry_scope *scope, int64_t *id,
							  struct case_problems *problems, struct error *err);

/*
 * Resolves open objection id of case case_id as r (upheld or dismissed) on
 * date with remark (required: why), by u within scope. Upheld makes the
 * definition's objection_upheld transition on the case (its checks apply:
 * the stage it starts from, u's role) in the same transaction. 0 done, 1
 * refused, 2 no such case or objection, -1 error (nothing written).
 */
__attribute__((warn_unused_result)) int objection_resolve(struct db *w, int64_t case_id, int64_t id,
							   enum objection_resolution r, const char *date,
							   const char *remark, const struct user *u,
							   const struct registry_scope *scope,
							   struct case_problems *problems, struct error *err);

/* The objections of case case_id (found in scope by the caller) in order, or only the open ones. 0 or -1. */
__attribute__((warn_unused_result)) int objection_list(struct db *db, int64_t case_id, bool open_only,
							int (*fn)(void *ctx, const struct objection *o,
								  struct error *err),
							void *ctx, struct error *err);

/* How many objections of case case_id are open, or -1 on an error. */
long objection_open_count(struct db *db, int64_t case_id, struct error *err);

#endif
