/*
 * demo: a fictional county to try huimin on and to test and measure it: 23
 * townships, 351 villages and as many persons as asked, with the
 * distributions a county DPF sees (about 3% urban, all seven categories,
 * grades 1-4 with the milder grades commoner, some without a certificate,
 * some 低保). Every name is made up; the same seed gives the same county.
 */
#ifndef HUIMIN_DEMO_H
#define HUIMIN_DEMO_H

#include <stdint.h>

#include "base/date.h"
#include "base/error.h"
#include "domain/person.h"
#include "store/db.h"

#define DEMO_COUNTY_CODE "341699000000"
#define DEMO_TOWNSHIPS 23
#define DEMO_VILLAGES 351

struct demo_summary {
	long townships, villages, persons;
	long urban, rural, with_cert, dibao, severe;
	long by_category[8]; /* [0]: without a category */
};

/*
 * Creates the county in an empty database, in one transaction. -1 with a
 * message when the database already has divisions, or on a database error
 * (then nothing is written).
 */
__attribute__((warn_unused_result)) int demo_create(struct db *db, long persons, uint64_t seed,
						     struct demo_summary *out, struct error *err);

/* The generator, for benchmarks and tests that want many demo persons without a database. */
struct demo_rng {
	uint64_t state; /* the seed */
};
uint64_t demo_rand(struct demo_rng *rng);
/*
 * A made-up person of the demo county (township and village names filled),
 * not saved. ID numbers may repeat, rarely: callers that need unique ones
 * keep a set of idcard_key.
 */
void demo_person(struct demo_rng *rng, struct date today, struct person *p);

#endif
