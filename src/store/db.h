/*
 * db: the one door to the database. Everything above store/ talks to it and
 * never to SQLite (or, later, PostgreSQL) directly.
 *
 * Invariants:
 * - SQL is static text owned by the domain modules, written in the subset
 *   SQLite and PostgreSQL both accept, with `?` placeholders numbered from 1
 *   in order. User text is only ever bound, never pasted into SQL.
 * - A process has one writer connection, which does every write and every
 *   checkpoint (Debian's SQLite 3.40 has the WAL-reset race when two
 *   connections commit and checkpoint at once); readers open read-only.
 * - Statements are prepared once per connection and cached by the address
 *   of their SQL text: pass the same static string each time. (A cached
 *   statement is checked against the text, so a buffer reused for another
 *   query gets its own statement, never the old one; it just costs a prepare.)
 *
 *   struct db_stmt *st;
 *   if (db_prepare(db, SQL_FIND, &st, err) < 0) return -1;
 *   db_bind_text(st, 1, idnumber);
 *   while ((rc = db_step(st, err)) == DB_ROW) ... db_col_text(st, 0) ...
 *   db_done(st);
 */
#ifndef HUIMIN_DB_H
#define HUIMIN_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/error.h"

struct db;
struct db_stmt;

enum db_mode {
	DB_WRITER, /* read-write, creates the file if missing */
	DB_READER, /* read-only; the file must exist */
};

/* db_step's results; DB_CONFLICT is a UNIQUE or PRIMARY KEY violation (the statement changed nothing). */
enum { DB_CONFLICT = -2, DB_ERROR = -1, DB_DONE = 0, DB_ROW = 1 };

/* Lifecycle */

/*
 * Opens path: WAL journal, synchronous=FULL, foreign keys on, a busy timeout.
 * On error returns -1 with a message and *out is NULL.
 */
__attribute__((warn_unused_result)) int db_open(struct db **out, const char *path, enum db_mode mode, struct error *err);
/* Finalises cached statements and closes; NULL is fine. */
void db_close(struct db *db);
/* The engine and its version, e.g. "SQLite 3.40.1", for the start-up log. */
const char *db_engine_version(void);

/* Statements */

/* Prepares (or takes from the cache) sql; -1 with a message on error. */
__attribute__((warn_unused_result)) int db_prepare(struct db *db, const char *sql, struct db_stmt **out,
						  struct error *err);
/*
 * Binding never fails on its own: a bad bind is reported by the next db_step.
 * Text is not copied: it must stay unchanged until db_step has run.
 */
void db_bind_text(struct db_stmt *st, int i, const char *value); /* NULL binds NULL */
void db_bind_int(struct db_stmt *st, int i, int64_t value);
void db_bind_null(struct db_stmt *st, int i);
/* DB_ROW, DB_DONE, DB_CONFLICT or DB_ERROR, the last two with a message. */
__attribute__((warn_unused_result)) int db_step(struct db_stmt *st, struct error *err);
/* Column i of the current row; text is "" for NULL and valid until the next step. */
const char *db_col_text(struct db_stmt *st, int i);
int64_t db_col_int(struct db_stmt *st, int i);
bool db_col_null(struct db_stmt *st, int i);
/* Resets st and clears its bindings, ready for the next use. Always call it. */
void db_done(struct db_stmt *st);

/* Rows changed by the last INSERT, UPDATE or DELETE finished on db. */
long db_changes(struct db *db);

/*
 * A memo of numbers by text key, per connection, for results that are
 * costly to compute and read again and again (the total of a registry
 * search while a user pages through it). It is exact: it forgets
 * everything as soon as the database may have changed, by this connection
 * or any other (SQLite's data_version and this connection's change
 * counter), and it is not used inside a transaction (a rollback would not
 * be seen). Use: db_memo_get; on a miss compute the value, then
 * db_memo_put it; the value is kept under the state db_memo_get saw, so a
 * change committed meanwhile is never mistaken for no change. Keys longer
 * than DB_MEMO_KEY_MAX - 1 bytes are never kept.
 */
#define DB_MEMO_KEY_MAX 160
/* 1 and *value when key is known, 0 when not (compute it), -1 with a message. */
__attribute__((warn_unused_result)) int db_memo_get(struct db *db, const char *key, int64_t *value,
                                                    struct error *err);
/* Keeps value under key, as of the last db_memo_get on db. */
void db_memo_put(struct db *db, const char *key, int64_t value);

/*
 * Bulk loading many rows into a table, inside the caller's transaction:
 * db_bulk_begin sets the table's indexes aside (drops them, keeping their
 * definitions), so rows go in without index upkeep; db_bulk_end builds them
 * again, which is several times faster than keeping them up to date row by
 * row. A rollback of the transaction brings the indexes back as they were.
 */
struct db_bulk;

__attribute__((warn_unused_result)) int db_bulk_begin(struct db *db, const char *table, struct db_bulk **out,
						     struct error *err);
/*
 * Builds the indexes again: 0; DB_CONFLICT when a unique index cannot be
 * built because rows repeat a key (remove them and call again); -1 with a
 * message.
 */
__attribute__((warn_unused_result)) int db_bulk_end(struct db_bulk *bulk, struct error *err);
/* Frees bulk (indexes not built again stay dropped until the transaction ends). NULL is fine. */
void db_bulk_free(struct db_bulk *bulk);

/* Runs one statement without parameters or rows (migrations); -1 with a message. */
__attribute__((warn_unused_result)) int db_exec(struct db *db, const char *sql, struct error *err);

/* Transactions: one at a time per connection. begin takes the write lock at once. */
__attribute__((warn_unused_result)) int db_begin(struct db *db, struct error *err);
__attribute__((warn_unused_result)) int db_commit(struct db *db, struct error *err);
/* Rolls back the open transaction, if any. */
void db_rollback(struct db *db);

/*
 * Claims the database for this process's writes, until db_close: the one
 * writer that the WAL-reset race of Debian's SQLite 3.40 asks for. A
 * running server claims its database; a command that writes claims it too,
 * and is refused while the server holds it. Returns 0; 1 when another
 * process holds the claim; -1 with a message.
 */
__attribute__((warn_unused_result)) int db_claim(struct db *db, struct error *err);

/*
 * A LIKE pattern that matches values containing text, for `col LIKE ?
 * ESCAPE '\'`: '%' + text with % _ and \ escaped + '%', into out (size
 * bytes, at least 2 * strlen(text) + 3 to hold any text). Returns out, or
 * NULL when it does not fit (out is then "").
 */
char *db_like_contains(const char *text, char *out, size_t size);

/* The path the database was opened with. */
const char *db_path(const struct db *db);

#endif
