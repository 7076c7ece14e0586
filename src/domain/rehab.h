/*
 * rehab: rehabilitation services (康复服务) delivered to persons of the
 * registry: the kind (1 康复训练, 2 辅助器具适配, 3 康复评估, 4 其他), who
 * provided it, the day, a note.
 *
 * Invariants:
 * - A service belongs to a registered (在册) person within the entering
 *   user's registry_scope, on a day not after today. The row keeps the
 *   person's village (and township) of that day, so the township that
 *   served the person keeps the count (rehab_progress).
 * - Entered by the county (admin, staff) or a township (its persons);
 *   seen within the registry scope by every role but hospitals (leaders
 *   and village users read).
 * - A service once entered is a record: the schema refuses to change or
 *   remove it.
 * Writes run on the writer connection; the caller logs them (module "康复").
 *
 * Refusals come back in a struct case_problems (domain/case.h): reasons by
 * field ("person", "kind", "provider", "date", "note") and/or a message.
 */
#ifndef HUIMIN_REHAB_H
#define HUIMIN_REHAB_H

#include <stdbool.h>
#include <stdint.h>

#include "base/error.h"
#include "domain/account.h"
#include "domain/case.h"
#include "domain/person.h"
#include "domain/registry.h"
#include "store/db.h"

#define REHAB_PROVIDER_MAX 60 /* characters */
#define REHAB_NOTE_MAX 200    /* characters */
#define REHAB_PER_PAGE_MAX 100

enum rehab_kind { REHAB_TRAINING = 1, REHAB_AIDS = 2, REHAB_ASSESSMENT = 3, REHAB_OTHER = 4, REHAB_KIND_MAX = 4 };

/* The label of kind 1..REHAB_KIND_MAX ("康复训练" ...), NULL for another number. */
const char *rehab_kind_label(int kind);
/* The kind named by text: its code ("2") or its label; -1 when none. */
int rehab_kind_parse(const char *text);

/* Roles: may enter services (county, township); may look (everyone but hospitals). */
bool rehab_may_enter(const struct user *u);
bool rehab_may_view(const struct user *u);

/* A new service as typed ("" or NULL when not given; note may be empty). */
struct rehab_input {
	int64_t person_id;
	const char *kind, *provider, *date, *note;
};

/*
 * Checks in and saves a service by u within scope: 0 with *id, 1 refused
 * (every field's reason at once; nothing written), -1 error.
 */
__attribute__((warn_unused_result)) int rehab_add(struct db *w, const struct rehab_input *in, const struct user *u,
						   const struct registry_scope *scope, int64_t *id,
						   struct case_problems *problems, struct error *err);

struct rehab_service {
	int64_t id;
	int64_t person_id;
	char person_name[4 * PERSON_NAME_MAX + 1];
	char id_number[19];
	char file_no[24];
	char township[13], village[13]; /* of the day it was entered */
	char township_name[161], village_name[161];
	int kind;
	char provider[4 * REHAB_PROVIDER_MAX + 1];
	char date[11];
	char note[4 * REHAB_NOTE_MAX + 1];
	char entered_at[21], entered_by[129];
};

/* 1 and out when service id exists within scope, 0 not (or outside), -1 error. */
__attribute__((warn_unused_result)) int rehab_get(struct db *db, const struct registry_scope *scope, int64_t id,
						   struct rehab_service *out, struct error *err);

/* What a list asks for: every filter 0 or "" for any. */
struct rehab_query {
	struct registry_scope scope;
	int year;           /* of the service's date */
	char township[13];  /* a township code */
	int kind;           /* 1..REHAB_KIND_MAX */
	long page;          /* from 1 */
	int per_page;       /* 1..REHAB_PER_PAGE_MAX */
};

/*
 * The page of services q asks for, newest first, each passed to fn (0 to
 * go on, -1 to stop with err set); *total gets how many match in all.
 * 0 or -1.
 */
__attribute__((warn_unused_result)) int rehab_list(struct db *db, const struct rehab_query *q,
						    int (*fn)(void *ctx, const struct rehab_service *s,
							      struct error *err),
						    void *ctx, long *total, struct error *err);

/* The services of person_id (found in scope by the caller), newest first. 0 or -1. */
__attribute__((warn_unused_result)) int rehab_of_person(struct db *db, int64_t person_id,
							 int (*fn)(void *ctx, const struct rehab_service *s,
								   struct error *err),
							 void *ctx, struct error *err);

/*
 * Progress of the year (by the service's date) for the targets (目标管理),
 * county-wide: metric "services" (人次: every service) or "persons"
 * (distinct persons served), by township. fn(ctx, township_code, value)
 * once per township with a nonzero value, in code order ("" means not
 * attributable to a township). 0; -1 with a message for an unknown metric
 * or an error.
 */
__attribute__((warn_unused_result)) int rehab_progress(struct db *db, int year, const char *metric,
							void (*fn)(void *ctx, const char *township_code,
								   long long value),
							void *ctx, struct error *err);

#endif
