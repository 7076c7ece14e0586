/*
 * person: the registry of disabled people, one person one file (一人一档).
 *
 * Invariants of a saved person: id_number is a valid GB 11643 number and
 * unique; sex and birth come from it and are never typed twice; cert, when
 * present, is the ID number + category digit + grade digit and agrees with
 * category and grade; village is a village of the division tree (the
 * township is its parent, not stored); file_no (档案号) is the county's 6
 * digits + an 8-digit serial, given once and never changed.
 */
#ifndef HUIMIN_PERSON_H
#define HUIMIN_PERSON_H

#include <stdbool.h>
#include <stdint.h>

#include "base/date.h"
#include "base/error.h"
#include "store/db.h"

#define PERSON_NAME_MAX 30    /* characters */
#define PERSON_BANK_MAX 30    /* characters */
#define PERSON_ACCOUNT_MIN 8  /* digits */
#define PERSON_ACCOUNT_MAX 30 /* digits */

enum person_status { PERSON_ACTIVE = 1, PERSON_DECEASED = 2, PERSON_MOVED = 3 };

struct person {
	int64_t id; /* 0 before the first save */
	char file_no[24];
	char name[4 * PERSON_NAME_MAX + 1];
	char id_number[19];
	int sex; /* 1 男, 2 女 */
	struct date birth;
	char cert[21]; /* "" without a certificate */
	int category;  /* 1..7, 0 unknown */
	int grade;     /* 1..4, 0 unknown */
	int hukou;     /* 1 城镇, 2 农村 */
	char village[13];
	char phone[12];
	int dibao; /* 0 / 1 */
	char bank_name[4 * PERSON_BANK_MAX + 1];
	char bank_account[PERSON_ACCOUNT_MAX + 1];
	enum person_status status;
	char created_at[21], updated_at[21]; /* ISO 8601 UTC */
	/* Read with the person by cursors, not stored with it. */
	char township_name[161], village_name[161];
};

/*
 * For other domain modules that query persons (the registry search): the
 * columns a person is read from, in order (alias p for person, t and v for
 * the township and village rows of division, joined by PERSON_JOIN), and
 * the reader of such a row.
 */
#define PERSON_COLUMNS                                                                                          \
	"p.id, p.file_no, p.name, p.id_number, p.sex, p.birth_date, coalesce(p.cert_number, ''),"             \
	" coalesce(p.category, 0), coalesce(p.grade, 0), p.hukou, p.village_code, coalesce(p.phone, ''),"     \
	" p.dibao, coalesce(p.bank_name, ''), coalesce(p.bank_account, ''), p.status, p.created_at, p.updated_at"
#define PERSON_NAMES ", t.name, v.name"
#define PERSON_JOIN " JOIN division v ON v.code = p.village_code JOIN division t ON t.code = v.parent_code"

/* Fills p from the current row of a statement that selected PERSON_COLUMNS then two names (or two ''). */
void person_from_row(struct db_stmt *st, struct person *p);

/* The township code of p (its village's parent). */
void person_township(const struct person *p, char out[13]);

/* 1 found (out filled), 0 not found, -1 error. */
__attribute__((warn_unused_result)) int person_find_by_id_number(struct db *db, const char *id_number,
								  struct person *out, struct error *err);
/* How many persons there are, or -1. */
long person_count(struct db *db, struct error *err);

/*
 * Inserts p (validated by the caller) and gives it its file number and
 * stamps, and its id unless p->id is already set (to person_next_id or a
 * number counted on from it). Returns 0; 1 when the ID number (or the id) is
 * already registered; -1 with a message. Nothing is written unless 0.
 */
__attribute__((warn_unused_result)) int person_insert(struct db *db, struct person *p, struct error *err);
/* The id the next new person gets, or -1 with a message. */
int64_t person_next_id(struct db *db, struct error *err);
/* Saves every field of p, found by p->id, and stamps it. -1 with a message (also when no person has that id). */
__attribute__((warn_unused_result)) int person_update(struct db *db, struct person *p, struct error *err);

/*
 * A version of the saved file p (64 hex digits of a digest of every
 * stored field), which changes whenever any field does, even twice in one
 * second: an edit form carries it, and a save from a form whose version is
 * no longer the file's is refused rather than overwriting someone's change.
 */
#define PERSON_VERSION_SIZE 65
void person_version(const struct person *p, char out[PERSON_VERSION_SIZE]);

/*
 * What changed from before to after, for the operation log and the file's
 * history: a JSON object of field label -> [before, after] (codes as their
 * labels, the village by name when the persons were read with names), with
 * the ID number, certificate, phone and account masked as lists show them
 * (the log never holds them in full). "{}" when nothing changed. Free it.
 */
char *person_changes(const struct person *before, const struct person *after);

/*
 * Bulk loading (a registry's first roster): person_bulk_begin sets the
 * registry's indexes aside, so that inserts go fast; person_bulk_end builds
 * them again. Meanwhile nothing stops two persons with one ID number, so
 * person_bulk_end first removes each person whose ID number an earlier
 * person (lower id) has, calling repeat(ctx, id, first_id) for each before
 * it goes. Both run in the caller's transaction; -1 with a message.
 */
struct person_bulk;

__attribute__((warn_unused_result)) int person_bulk_begin(struct db *db, struct person_bulk **out,
							   struct error *err);
__attribute__((warn_unused_result)) int person_bulk_end(struct person_bulk *bulk,
							 void (*repeat)(void *ctx, int64_t id, int64_t first_id),
							 void *ctx, struct error *err);
/* Frees bulk, ended or not (a rollback brings back indexes not built again). NULL is fine. */
void person_bulk_free(struct person_bulk *bulk);

/* Reading many, in file-number order, optionally within a division's subtree. */
struct person_filter {
	char division[13]; /* "" for all */
};

struct person_cursor;

__attribute__((warn_unused_result)) int person_cursor_open(struct db *db, const struct person_filter *f,
							    struct person_cursor **out, struct error *err);
/* 1 and out filled (township and village names too), 0 at the end, -1 error. */
__attribute__((warn_unused_result)) int person_cursor_next(struct person_cursor *c, struct person *out,
							    struct error *err);
void person_cursor_close(struct person_cursor *c);

#endif
