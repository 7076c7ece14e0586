/*
 * survey-check: the acceptance checks (验收) of the basic situation survey
 * (domain/survey). The county draws a random sample of N households of a
 * township from its roster persons that have a record, goes to them again
 * and records for each whether the record agrees (一致) or not (有差错, with
 * what was wrong); the township's error rate is the share of discrepancies
 * among the households verified.
 *
 * The sample is reproducible and recorded:
 * - the rows are the township's roster persons with a record, in person
 *   order (a stable order, whatever the database returns by default);
 * - the generator is splitmix64 (Steele, Lea and Flood 2014; the public
 *   domain reference by Vigna) seeded with the check's seed;
 * - a partial Fisher-Yates shuffle: for i = 0 .. n-1, j = i + a uniform
 *   draw below (rows - i), swap rows i and j; the first n rows in that
 *   order are the sample. A uniform draw below m takes the generator's
 *   next value r and rejects r < (2^64 - m) mod m, so every j is equally
 *   likely (no modulo bias).
 * The seed, the counts and the drawn rows (each with the record version
 * it checks) are stored, so the same seed over the same rows draws the
 * same sample, and a stored sample can be shown again whatever changes.
 *
 * Invariants:
 * - A check belongs to a township within the drawing user's scope; its
 *   items never change but for their verdict, given once.
 * - Every read is within a registry_scope (the check's township).
 * Writes run on the writer connection; the caller logs them.
 */
#ifndef HUIMIN_SURVEY_CHECK_H
#define HUIMIN_SURVEY_CHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/error.h"
#include "domain/account.h"
#include "domain/case.h"
#include "domain/registry.h"
#include "domain/survey.h"
#include "store/db.h"

#define SURVEY_CHECK_MAX 1000                      /* households in one sample */
#define SURVEY_CHECK_SEED_MAX 999999999999999999LL /* 18 digits, as number_parse reads them */
#define SURVEY_CHECK_NOTE_MAX 500                  /* characters of a discrepancy's note */

/* The generator: the next value of splitmix64, moving *state on. */
uint64_t survey_splitmix64(uint64_t *state);
/*
 * The sample: n distinct indexes of 0 .. population-1 (n <= population),
 * drawn as described above with seed, into out in the order drawn.
 */
void survey_sample(uint64_t seed, size_t population, size_t n, size_t *out);

/* Whether u may draw samples and record verdicts (the county: admin and staff). */
bool survey_check_may(const struct user *u);

enum survey_verdict { SURVEY_UNVERIFIED = 0, SURVEY_AGREES = 1, SURVEY_DISCREPANCY = 2 };
/* "agrees", "discrepancy" ("" unverified); 一致, 有差错 (未核实). */
const char *survey_verdict_code(enum survey_verdict v);
const char *survey_verdict_label(enum survey_verdict v);
/* The verdict named by its code or label, or -1. */
int survey_verdict_parse(const char *text);

struct survey_check {
	int64_t id;
	int year;
	char township[13], township_name[161];
	int64_t seed;
	int requested;
	long population, drawn;
	char drawn_on[11], drawn_at[21], drawn_by[ACCOUNT_NAME_MAX + 16];
	long verified, discrepancies; /* of the items */
};

/*
 * Draws a sample of n (1..SURVEY_CHECK_MAX; all of them when fewer) of
 * township's recorded roster persons of year with seed (1..
 * SURVEY_CHECK_SEED_MAX; 0 draws one at random), by u within scope, and
 * stores it: 0 with *id; 1 refused (problems "n", "seed" or a message: no
 * records yet, the role); 2 no survey, or no such township in scope; -1
 * error.
 */
__attribute__((warn_unused_result)) int survey_check_draw(struct db *w, int year, const char *township, int n,
                                                          int64_t seed, const struct user *u,
                                                          const struct registry_scope *scope, int64_t *id,
                                                          struct case_problems *problems, struct error *err);

/* Check id within scope: 1 with out, 0 not found (or outside), -1 error. */
__attribute__((warn_unused_result)) int survey_check_get(struct db *db, int64_t id, const struct registry_scope *scope,
                                                         struct survey_check *out, struct error *err);

/* The checks of year within scope (of township, unless ""), newest first. 0 or -1. */
__attribute__((warn_unused_result)) int
survey_check_list(struct db *db, int year, const char *township, const struct registry_scope *scope,
                  int (*fn)(void *ctx, const struct survey_check *c, struct error *err), void *ctx, struct error *err);

/* A sampled household: the record version drawn, the current one, and the verdict. */
struct survey_check_item {
	int seq;
	int64_t person_id, record_id;
	char name[4 * 30 + 1], village[13], village_name[161];
	int version, current_version;
	enum survey_outcome outcome; /* of the version drawn */
	char visit_date[11], investigator[4 * SURVEY_NAME_MAX + 1];
	enum survey_verdict verdict;
	char note[4 * SURVEY_CHECK_NOTE_MAX + 1];
	char verified_on[11], verified_at[21], verified_by[ACCOUNT_NAME_MAX + 16];
};

/* The items of check id (found in scope by the caller), in the order drawn. 0 or -1. */
__attribute__((warn_unused_result)) int survey_check_items(struct db *db, int64_t id,
                                                           int (*fn)(void *ctx, const struct survey_check_item *it,
                                                                     struct error *err),
                                                           void *ctx, struct error *err);

/*
 * Records the verdict (a code or label) on person_id of check id, on date
 * (not after today, not before the draw), with note (required for a
 * discrepancy), by u within scope. A verdict is given once. 0, 1 refused
 * (problems "result", "note", "date" or a message), 2 no such check or
 * person in it, -1 error.
 */
__attribute__((warn_unused_result)) int survey_check_verify(struct db *w, int64_t id, int64_t person_id,
                                                            const char *verdict, const char *note, const char *date,
                                                            const struct user *u, const struct registry_scope *scope,
                                                            struct case_problems *problems, struct error *err);

/*
 * The newest check of each township of year within scope, in township
 * order (fn only for townships that have one). 0 or -1.
 */
__attribute__((warn_unused_result)) int survey_check_latest(struct db *db, int year, const struct registry_scope *scope,
                                                            int (*fn)(void *ctx, const struct survey_check *c,
                                                                      struct error *err),
                                                            void *ctx, struct error *err);

#endif
