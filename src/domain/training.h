/*
 * training: the training classes of 劳动就业 (就业培训, 盲人按摩培训 ...),
 * run by the county, with their trainees from the registry and the
 * funding support (培训补助) each trainee gets, in integer fen.
 *
 * Invariants:
 * - A class has a year (its start date lies in it), a kind (1 就业培训,
 *   2 盲人按摩培训, 3 其他), a name, start and end dates (end not before
 *   start), a place and the support per trainee (0 .. TRAINING_SUPPORT_MAX
 *   fen), the default of each trainee's amount.
 * - A trainee is a person of the registry, registered (在册) when added,
 *   once per class (the primary key). The row keeps the person's village
 *   (and township) of that day: the township that sent the trainee keeps
 *   the count (training_progress) if the person moves later.
 * - Classes are county-wide: everyone but hospitals sees every class.
 *   Trainees are seen and added within the user's registry_scope: a
 *   township user sees, adds and removes only the trainees of the
 *   township. Classes are made and closed by the county (admin, staff);
 *   leaders and village users read.
 * - A closed class (结业) takes no trainee and loses none; the schema's
 *   triggers refuse it too, whoever writes.
 * Writes run on the writer connection; the caller logs them to the
 * operation log after they return (module "劳动就业").
 *
 * Refusals come back in a struct case_problems (domain/case.h): a general
 * message and reasons by field ("year", "kind", "name", "start_date",
 * "end_date", "place", "support", "id_number", "person").
 */
#ifndef HUIMIN_TRAINING_H
#define HUIMIN_TRAINING_H

#include <stdbool.h>
#include <stdint.h>

#include "base/error.h"
#include "domain/account.h"
#include "domain/case.h"
#include "domain/person.h"
#include "domain/registry.h"
#include "store/db.h"

#define TRAINING_NAME_MAX 60                  /* characters */
#define TRAINING_PLACE_MAX 100                /* characters */
#define TRAINING_SUPPORT_MAX INT64_C(10000000) /* fen per trainee: 100,000.00 yuan */

enum training_kind { TRAINING_EMPLOYMENT = 1, TRAINING_MASSAGE = 2, TRAINING_OTHER = 3, TRAINING_KIND_MAX = 3 };

/* The label of kind 1..TRAINING_KIND_MAX ("就业培训" ...), NULL for another number. */
const char *training_kind_label(int kind);
/* The kind named by text: its code ("1") or its label; -1 when none. */
int training_kind_parse(const char *text);

/* Roles: may make and close classes (county); may add and remove trainees (county, township); may look. */
bool training_may_manage(const struct user *u);
bool training_may_enrol(const struct user *u);
bool training_may_view(const struct user *u);

struct training_class {
	int64_t id;
	int year;
	int kind;
	char name[4 * TRAINING_NAME_MAX + 1];
	char start_date[11], end_date[11];
	char place[4 * TRAINING_PLACE_MAX + 1];
	int64_t support; /* fen per trainee, the default */
	bool closed;
	char closed_at[21], closed_by[129]; /* "" while open */
	char created_at[21], created_by[129];
	/* Counted within the scope of the read (training_get, training_list): */
	long trainees;
	int64_t support_total; /* fen */
};

/* A new class as typed: every field text ("" when not given). */
struct training_input {
	const char *year, *kind, *name, *start_date, *end_date, *place, *support;
};

/*
 * Checks in and saves a new class by u: 0 with *id, 1 refused (problems:
 * every field's reason at once; nothing written), -1 error.
 */
__attribute__((warn_unused_result)) int training_create(struct db *w, const struct training_input *in,
							 const struct user *u, int64_t *id,
							 struct case_problems *problems, struct error *err);

/* Closes (结业) open class id by u: 0, 1 refused (role, already closed), 2 no such class, -1 error. */
__attribute__((warn_unused_result)) int training_close(struct db *w, int64_t id, const struct user *u,
							struct case_problems *problems, struct error *err);

/* 1 and out (its trainees and support counted within scope) when class id exists, 0 not, -1 error. */
__attribute__((warn_unused_result)) int training_get(struct db *db, const struct registry_scope *scope, int64_t id,
						      struct training_class *out, struct error *err);

/*
 * The classes of year (0: every year) by start date, each with its trainees
 * within scope, passed to fn (0 to go on, -1 to stop with err set).
 * 0 or -1.
 */
__attribute__((warn_unused_result)) int training_list(struct db *db, const struct registry_scope *scope, int year,
						       int (*fn)(void *ctx, const struct training_class *c,
								 struct error *err),
						       void *ctx, struct error *err);

/*
 * The person registered with id_number (as typed; checked) within scope:
 * 1 and out, 0 when the text is no valid ID number or nobody in scope has
 * it (*reason then says which, a message of base/msg), -1 error. For the
 * forms that add a person by ID number (trainees, rehabilitation services).
 */
__attribute__((warn_unused_result)) int training_find_person(struct db *db, const struct registry_scope *scope,
							      const char *id_number, struct person *out,
							      const char **reason, struct error *err);

/*
 * Adds person_id (found within scope) to open class class_id with support
 * (yuan text as typed; NULL or "" for the class's amount), by u: 0, 1
 * refused (role, class closed, person not in scope or not registered,
 * the amount), 2 no such class, 3 the person is a trainee of the class
 * already (problems say so), -1 error. *support_fen (may be NULL) gets
 * the amount saved.
 */
__attribute__((warn_unused_result)) int training_add(struct db *w, int64_t class_id, int64_t person_id,
						      const char *support, const struct user *u,
						      const struct registry_scope *scope, int64_t *support_fen,
						      struct case_problems *problems, struct error *err);

/*
 * Removes trainee person_id (within scope) from open class class_id by u:
 * 0, 1 refused (role, closed, not a trainee of the class in scope), 2 no
 * such class, -1 error.
 */
__attribute__((warn_unused_result)) int training_remove(struct db *w, int64_t class_id, int64_t person_id,
							 const struct user *u, const struct registry_scope *scope,
							 struct case_problems *problems, struct error *err);

/* A trainee as read: the person (with township and village names), the amount, who added when. */
struct training_trainee {
	struct person person;
	int64_t support; /* fen */
	char township[13], village[13]; /* of the day the trainee was added */
	char added_at[21], added_by[129];
};

/* The trainees of class class_id within scope, by township, village and name. 0 or -1. */
__attribute__((warn_unused_result)) int training_trainees(struct db *db, const struct registry_scope *scope,
							   int64_t class_id,
							   int (*fn)(void *ctx, const struct training_trainee *t,
								     struct error *err),
							   void *ctx, struct error *err);

/* The classes person_id took part in (found in scope by the caller), newest first, with the person's amount. */
__attribute__((warn_unused_result)) int training_of_person(struct db *db, int64_t person_id,
							    int (*fn)(void *ctx, const struct training_class *c,
								      int64_t support, struct error *err),
							    void *ctx, struct error *err);

/*
 * Progress of the year for the targets (目标管理), county-wide (no scope:
 * the target module decides what to show): metric
 *   "classes"   the classes of the year (held by the county: township ""),
 *   "trainees"  the trainees of the year's classes, by township,
 *   "support"   their support in fen, by township.
 * fn(ctx, township_code, value) once per township with a nonzero value, in
 * code order ("" means not attributable to a township). 0; -1 with a
 * message for an unknown metric or an error.
 */
__attribute__((warn_unused_result)) int training_progress(struct db *db, int year, const char *metric,
							   void (*fn)(void *ctx, const char *township_code,
								      long long value),
							   void *ctx, struct error *err);

#endif
