/*
 * registry: searching the persons of the registry for the list page, the
 * JSON API and (later) exports, always within the asking user's data scope.
 *
 * Invariants:
 * - Every search and every read goes through a struct registry_scope, a
 *   range of village codes made from the user (registry_scope_of). An empty
 *   scope sees nothing (fail closed): a role without a known scope, or a
 *   township user without a division.
 * - Filters are codes, bound as parameters of fixed SQL texts (one per
 *   access path and order, each condition optional in the SQL itself,
 *   picked in C), so no user text ever becomes SQL and the statement cache
 *   works.
 * - The total is exact; it is kept in the connection's memo (db_memo_get)
 *   while the database does not change, so paging through a filter counts
 *   its persons once.
 * - A person outside the scope is not found: registry_get answers 0, exactly
 *   as for an id that does not exist (callers answer 404).
 *
 *   struct registry_query q;
 *   registry_query_init(&q, &req->account);
 *   if (registry_query_arg(&q, "category", "1,4") != 0) ...bad value...
 *   long total;
 *   if (registry_search(db, &q, row_fn, ctx, &total, err) < 0) ...
 */
#ifndef HUIMIN_REGISTRY_H
#define HUIMIN_REGISTRY_H

#include <stdbool.h>
#include <stdint.h>

#include "base/date.h"
#include "base/error.h"
#include "base/msg.h"
#include "domain/account.h"
#include "domain/person.h"
#include "store/db.h"

#define REGISTRY_PER_PAGE 20 /* the default page size */
#define REGISTRY_PER_PAGE_MAX 100
#define REGISTRY_Q_MAX 64 /* bytes of a search text */

/* A range of village codes the user may see; lo "" (and hi "") sees nothing. */
struct registry_scope {
	char lo[13], hi[13];
};

/* The sort whitelist: the only columns a list may be ordered by. */
enum registry_sort {
	REGISTRY_SORT_FILE_NO, /* the default (file numbers follow the id) */
	REGISTRY_SORT_NAME,
	REGISTRY_SORT_BIRTH,
	REGISTRY_SORT_VILLAGE,
	REGISTRY_SORT__MAX
};

enum registry_age { REGISTRY_AGE_ANY, REGISTRY_AGE_CHILD, REGISTRY_AGE_ADULT, REGISTRY_AGE_SENIOR };

struct registry_query {
	struct registry_scope scope;
	char township[13];   /* a township code, or "" */
	char village[13];    /* a village code, or "" */
	unsigned categories; /* bit c set for category c (1..7), bit 0 for none (未持证); 0 any */
	unsigned grades;     /* bit g set for grade g (1..4), bit 0 for none; 0 any */
	int hukou;           /* 1, 2; 0 any */
	int dibao;           /* 0, 1; -1 any */
	int status;          /* 1..3; 0 any */
	enum registry_age age;
	struct date age_on;  /* the day ages are counted on; year 0: today (date_today) */
	int sex;             /* 1, 2; 0 any */
	char q[REGISTRY_Q_MAX + 1]; /* a name substring or a whole ID number; "" none */
	long page;                  /* from 1 */
	int per_page;               /* 1..REGISTRY_PER_PAGE_MAX */
	enum registry_sort sort;
	bool desc;
};

/* The scope of user: county roles (and leader) all, township/village users their subtree, others none. */
void registry_scope_of(const struct user *u, struct registry_scope *out);
/* Whether code (a village code) lies in scope. */
bool registry_scope_has(const struct registry_scope *s, const char *code);

/* An empty query (no filters, page 1, REGISTRY_PER_PAGE, by file number) within u's scope. */
void registry_query_init(struct registry_query *q, const struct user *u);

/* The query-string names registry_query_arg knows, ending with NULL. */
extern const char *const registry_arg_names[];
/*
 * Sets the filter called name (township village category grade hukou dibao
 * age_group status q page per_page sort order sex age_on) from its text
 * value (codes; category and grade take comma-separated lists, where 0
 * means none, 未持证; age_on a date YYYY-MM-DD, the day age_group counts
 * ages on, today when absent). "" leaves the filter unset. Returns 0, or the id of a Chinese message saying what the value
 * should be (the query is then unchanged for that name); an unknown name
 * is ignored (0).
 */
enum msg_id registry_query_arg(struct registry_query *q, const char *name, const char *value);
/* The identifier of a sort ("file_no", "name", "birth_date", "village"). */
const char *registry_sort_name(enum registry_sort s);
/* The age group's code ("0-17", "18-59", "60+"), "" for any. */
const char *registry_age_name(enum registry_age a);
/*
 * The birth-date bounds of age group a on the day on, as every age filter
 * and count uses them: a person is in the group when birth_date > older
 * (or older is "") and birth_date <= younger (or younger is ""), both
 * "YYYY-MM-DD". Ages are full years (周岁, date_age): 18 on the 18th
 * birthday; one born on 29 February turns a year older on 1 March in
 * other years. Persons born after on count as 0-17.
 */
void registry_age_bounds(enum registry_age a, struct date on, char older[11], char younger[11]);

/*
 * The page of persons q asks for, in its order, each passed to fn (with the
 * township and village names); fn returns 0 to go on, -1 to stop with an
 * error (it must set err). *total gets how many persons match in all.
 * 0, or -1 with a message.
 */
__attribute__((warn_unused_result)) int registry_search(struct db *db, const struct registry_query *q,
                                                        int (*fn)(void *ctx, const struct person *p, struct error *err),
                                                        void *ctx, long *total, struct error *err);

/*
 * Every person q matches, all pages (q->page and q->per_page are ignored),
 * in q's order, within its scope, each passed to fn as registry_search
 * does; read row by row from one statement, so memory does not grow with
 * the registry (for the export of a filter). fn must not write to db. 0,
 * or -1 with a message (also when fn stopped with -1).
 */
__attribute__((warn_unused_result)) int registry_each(struct db *db, const struct registry_query *q,
                                                      int (*fn)(void *ctx, const struct person *p, struct error *err),
                                                      void *ctx, struct error *err);

/* 1 and out filled when person id exists within scope, 0 when not (or outside), -1 error. */
__attribute__((warn_unused_result)) int registry_get(struct db *db, const struct registry_scope *scope, int64_t id,
                                                     struct person *out, struct error *err);

/*
 * The divisions of level (2 townships, 3 villages) in the subtree of
 * within ("" for no limit) and in scope, in code order, for the query
 * form's selects. 0 or -1 with a message.
 */
__attribute__((warn_unused_result)) int registry_divisions(struct db *db, const struct registry_scope *scope,
                                                           const char *within, int level,
                                                           void (*fn)(void *ctx, const char *code, const char *name),
                                                           void *ctx, struct error *err);

/*
 * Every village in scope with its township, in code order (so a township's
 * villages come together): fn(ctx, township code, township name, village
 * code, village name). For the division tree and the village select. 0 or
 * -1 with a message.
 */
__attribute__((warn_unused_result)) int registry_villages(struct db *db, const struct registry_scope *scope,
                                                          void (*fn)(void *ctx, const char *township,
                                                                     const char *township_name, const char *village,
                                                                     const char *village_name),
                                                          void *ctx, struct error *err);

/*
 * The roles that work with persons' files: they may create and edit files
 * (within their scope) and see the full ID number, certificate, phone and
 * account of a file, a viewing that is logged (PIPL: least privilege).
 * Leaders read dashboards; hospitals, until the projects, see none.
 */
bool registry_may_edit(const struct user *u);

#endif
