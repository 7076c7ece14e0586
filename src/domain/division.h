/*
 * division: the administrative tree (行政区划) of 12-digit statistical
 * codes: 2 province, 2 city, 2 county, 3 township, 3 village digits. The
 * county keeps its county, townships (乡镇) and villages (村); nothing about a
 * particular county is in the code: the tree is loaded from a CSV.
 *
 * The shape of a code tells its level: a county code ends in 000000, a
 * township code in 000 (and not 000000), a village code does not end in 000.
 * A township's parent is its first 6 digits + 000000; a village's, its first
 * 9 digits + 000. A division's subtree is therefore a range of codes.
 */
#ifndef HUIMIN_DIVISION_H
#define HUIMIN_DIVISION_H

#include <stdbool.h>

#include "base/error.h"
#include "base/row.h"
#include "domain/import.h"
#include "store/db.h"

#define DIVISION_NAME_MAX 40 /* characters */

enum division_level { DIVISION_COUNTY = 1, DIVISION_TOWNSHIP = 2, DIVISION_VILLAGE = 3 };

struct division {
	char code[13];
	char name[4 * DIVISION_NAME_MAX + 1];
	enum division_level level;
	char parent[13]; /* "" for a county */
};

/* The level the shape of code implies, or 0 if code is not 12 digits of a county, township or village. */
int division_level_of(const char *code);
/* The parent code implied by code's shape ("" for a county). */
void division_parent_of(const char *code, char out[13]);
/* The lowest and highest code in code's subtree (itself included). */
void division_subtree(const char *code, char lo[13], char hi[13]);

/* Reading */

/* 1 found (out filled), 0 not found, -1 error. */
__attribute__((warn_unused_result)) int division_find(struct db *db, const char *code, struct division *out,
						       struct error *err);
/* How many divisions of level there are, or -1 on error. */
long division_count(struct db *db, enum division_level level, struct error *err);
/* The county's code, when the database has exactly one county; 1, 0 when none or several, -1 error. */
__attribute__((warn_unused_result)) int division_the_county(struct db *db, struct division *out, struct error *err);

/* Writing (in the caller's transaction, or on its own) */

/* Inserts or updates d; true in *updated when it existed. -1 with a message. */
__attribute__((warn_unused_result)) int division_save(struct db *db, const struct division *d, bool *updated,
						       struct error *err);

/*
 * Imports a division CSV (columns code,name,level,parent_code; level as
 * county/township/village or 县/乡镇/村) from src. Each row is checked (code
 * shape, level agreeing with it, parent existing in the file or the
 * database and agreeing with the code); rejections go to r. Without
 * opt->valid_only nothing is written unless every row is valid. Returns 0
 * when the file was read (whatever was rejected), -1 with a message when it
 * could not be (no header, missing columns, read error, database error).
 */
__attribute__((warn_unused_result)) int division_import(struct db *db, struct row_source src,
							 const struct import_options *opt, struct import_report *r,
							 struct error *err);

/*
 * Resolving a roster's 乡镇 and 村 cells (names or 12-digit codes) to a
 * village code. The resolver reads the townships and villages when it
 * opens and never asks the database again, so it answers as the tree was
 * then, and it may be used on another thread than the connection's.
 */
struct division_resolver;

__attribute__((warn_unused_result)) int division_resolver_open(struct db *db, struct division_resolver **out,
								struct error *err);
void division_resolver_free(struct division_resolver *res);
/*
 * Sets village (13 bytes) and returns 0; or returns 1 with *column set to
 * "乡镇" or "村" and a Chinese reason in reason (reasonsz bytes) when the
 * cells do not name a village of that township.
 */
int division_resolve(struct division_resolver *res, const char *township, const char *village,
		     char village_code[13], const char **column, char *reason, size_t reasonsz);

#endif
