/*
 * support: the set-up the unit tests share: a temporary directory with a
 * database file in it, the divisions of a small county, valid persons, an
 * in-memory row source, and helpers that run SQL, count rows or look at an
 * import report.
 *
 * None of these returns an error: on any failure they fail the running
 * cmocka test (fail_msg or an assertion), with the message the code under
 * test gave. They are for tests only; the Makefile links support.c into
 * every unit test.
 *
 *   static int setup(void **state)
 *   {
 *           return t_setup(state, "test-person", true);
 *   }
 *   ...
 *   struct t_fixture *f = *state;
 *   t_county_save(f->db);
 *   struct person p = t_person("张三", "34169919800101001", "341699001001");
 */
#ifndef HUIMIN_TEST_SUPPORT_H
#define HUIMIN_TEST_SUPPORT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/date.h"
#include "base/row.h"
#include "domain/account.h"
#include "domain/case.h"
#include "domain/division.h"
#include "domain/import.h"
#include "domain/person.h"
#include "store/db.h"

/* A temporary database */

/* What t_setup leaves in *state: a directory, the database file reg.db in it, open as the writer. */
struct t_fixture {
	char dir[64];
	char path[96];
	struct db *db;
};

/* Makes a new, empty directory /tmp/NAME-XXXXXX and puts its path in dir (size bytes). */
void t_tmpdir(char *dir, size_t size, const char *name);
/* Opens path as the writer (DB_WRITER) and, when migrate, brings it to the latest schema and loads its dictionaries (dict_load). */
struct db *t_db_open(const char *path, bool migrate);
/* Removes the database file path and its -wal, -shm and -journal files, those that exist. */
void t_db_remove(const char *path);

/*
 * A cmocka set-up: *state becomes a new struct t_fixture whose directory
 * is made by t_tmpdir(name) and whose database is t_db_open(dir/reg.db,
 * migrate). Returns 0.
 */
int t_setup(void **state, const char *name, bool migrate);
/*
 * The cmocka teardown of t_setup: forgets a day a test pinned (date_set_today(NULL)),
 * closes f->db (NULL is fine), removes the database files, then the directory (left in
 * place if a test left other files in it: remove them first), and frees the fixture.
 * Returns 0.
 */
int t_teardown(void **state);

/* Days */

/* The date s (YYYY-MM-DD); a date that is not one fails. */
struct date t_date(const char *s);
/* Pins today to s (YYYY-MM-DD) with date_set_today; t_teardown forgets it. */
void t_today(const char *s);

/* SQL */

/* Runs sql (one or more statements, no result). */
void t_exec(struct db *db, const char *sql);
/* The integer in the first column of the one row sql gives; fails unless sql gives exactly one row. */
int64_t t_query_int(struct db *db, const char *sql);
/*
 * The integer in the first column of the first row sql gives, with param
 * bound to ?1 when it is not NULL; fails when sql gives no row.
 */
int64_t t_query_first_int(struct db *db, const char *sql, const char *param);
/* The first column of the first row sql gives, copied as text into out (size bytes); returns out. No row fails. */
const char *t_query_text(struct db *db, const char *sql, char *out, size_t size);

/* Divisions and persons */

/* Saves (inserts or updates) the division code named name; its level and parent come from the code's shape. */
void t_division_save(struct db *db, const char *code, const char *name);
/*
 * Saves the small county most tests use, in this order:
 *   341699000000 示范县
 *   341699001000   青禾镇: 341699001001 王庄村, 341699001002 李集村
 *   341699002000   望川镇: 341699002001 王庄村 (the same name in another township)
 * A test adds the divisions it needs besides with t_division_save.
 */
void t_county_save(struct db *db);
/* How many divisions of level there are. */
long t_division_count(struct db *db, enum division_level level);

/*
 * A valid person, not saved: named name, living in village (a code), ID
 * number first17 (17 digits) followed by its check character, sex and birth
 * date from that number, hukou 2 (rural), every other field empty or 0.
 * Fails when the number is not a valid ID number on 2024-06-15.
 */
struct person t_person(const char *name, const char *first17, const char *village);
/* Inserts p (person_insert), failing on any error or refusal; returns its new id (also in p->id). */
int64_t t_person_insert(struct db *db, struct person *p);
/* Inserts t_person(name, first17, village) with status; returns its id. */
int64_t t_person_save(struct db *db, const char *name, const char *first17, const char *village,
                      enum person_status status);
/* How many persons there are. */
long t_person_count(struct db *db);

/* An in-memory row source */

/* One row of an in-memory source: text split on ',' into its fields, and the problem a reader would give it. */
struct t_line {
	const char *text; /* NULL: a row with no fields */
	enum row_problem problem;
	size_t problem_field;
};

/* The state of a row source over an array of struct t_line (fields of the current row only). */
struct t_lines {
	const struct t_line *lines;
	size_t n, next;
	long fail_at; /* > 0: reading this row fails */
	char *copy;
	char *fields[ROW_FIELDS_MAX];
	struct row row;
};

/*
 * A row source (encoding "UTF-8") over lines[0 .. n-1], kept in m: line i
 * is row i + 1, so lines[0] is the header. Reading row fail_at, when it is
 * greater than 0, returns -1 with "read error at row FAIL_AT" instead. The
 * lines must outlive the source; call t_lines_release(m) after the last
 * read.
 */
struct row_source t_lines_source(struct t_lines *m, const struct t_line *lines, size_t n, long fail_at);
/* Frees the copy of the current row that m holds. */
void t_lines_release(struct t_lines *m);

/* Accounts and projects */

/* A user of role bound to division ("" none) named name, as the session would give it; not saved. */
struct user t_user(enum role role, const char *division, const char *name);

/*
 * Where t_users puts one user of each role of t_county_save's county (a NULL
 * member: that user is not wanted). Each is t_user of:
 *   county    ROLE_COUNTY_STAFF  ""              "county"
 *   admin     ROLE_COUNTY_ADMIN  ""              "admin"
 *   town1     ROLE_TOWNSHIP      341699001000    "town1"     (青禾镇)
 *   town2     ROLE_TOWNSHIP      341699002000    "town2"     (望川镇)
 *   village1  ROLE_VILLAGE       341699001001    "village1"  (青禾镇 王庄村)
 *   village2  ROLE_VILLAGE       341699001002    "village2"  (青禾镇 李集村)
 *   leader    ROLE_LEADER        ""              "leader"
 *   hospital  ROLE_HOSPITAL      ""              "hospital"
 */
struct t_users {
	struct user *county, *admin, *town1, *town2, *village1, *village2, *leader, *hospital;
};
/* Sets the users that u points to, e.g. t_users((struct t_users){.county = &county, .town1 = &town1}). */
void t_users(struct t_users u);
/* The registry's scope of u (registry_scope_of). */
struct registry_scope t_scope(const struct user *u);
/* The scope of cases of u (case_scope_of: a hospital sees the county's cases). */
struct registry_scope t_case_scope(const struct user *u);
/* The reason pr gives for field, or "" when it names none. */
const char *t_reason(const struct case_problems *pr, const char *field);
/* Stores the project definition in file path (relative to the repository root) into db. */
void t_program_store_file(struct db *db, const char *path);
/* The latest version of the project code in db (program_get); fails when there is none. */
const struct program *t_program(struct db *db, const char *code);
/*
 * case_transition of case id by u, in u's scope of cases (t_case_scope), with the values read from ap:
 * (field, text) pairs up to a NULL field, the first CASE_VALUES_MAX kept. Returns the engine's answer
 * (0 done, 1 refused with the reasons in pr); an error fails the test.
 */
int t_case_step_v(struct db *db, int64_t id, const struct user *u, const char *transition, const char *date,
                  const char *remark, struct case_problems *pr, va_list ap);

/* Progress numbers */

/* A work line's progress function: rehab_progress, training_progress, levy_progress, survey_progress. */
typedef int t_progress_fn(struct db *db, int year, const char *metric,
                          void (*fn)(void *ctx, const char *township_code, long long value), void *ctx,
                          struct error *err);
/* What t_progress_add collects: "TOWNSHIP=VALUE;" for each call, in order (cut at the size of text). */
struct t_progress {
	char text[512];
};
/* The callback a progress function takes: appends to the struct t_progress ctx. */
void t_progress_add(void *ctx, const char *township_code, long long value);
/* The text t_progress_add collects from fn(db, year, metric); fails when fn does. Valid until the next call. */
const char *t_progress(t_progress_fn *fn, struct db *db, int year, const char *metric);

/* Import reports */

/* The rejection of row in r (the first one, if several), or NULL. */
const struct import_error *t_rejection(const struct import_report *r, long row);
/* Fails unless r rejected row naming column (header text) for reason. */
void t_expect_rejection(const struct import_report *r, long row, const char *column, const char *reason);

#endif
