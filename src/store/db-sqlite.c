/*
 * db-sqlite: the db.h interface on SQLite.
 */
#include "store/db.h"

#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "base/log.h"
#include "base/xalloc.h"

/*
 * Page cache: 32 MiB keeps index upkeep fast on a registry of a million. A
 * bulk load has no index upkeep, and building an index sorts in as much
 * memory as the cache holds, so it runs with 8 MiB: faster, and the whole
 * load then stays under 40 MiB. A reader (the server has one per worker
 * thread) gets 8 MiB: its searches go through indexes, and a page it no
 * longer holds is one read() from the OS page cache away, whereas four
 * readers of 32 MiB would take the server past 100 MiB.
 */
#define PRAGMA_CACHE "PRAGMA cache_size=-32768"
#define PRAGMA_READER_CACHE "PRAGMA cache_size=-8192"
#define PRAGMA_BULK_CACHE "PRAGMA cache_size=-8192"

/* The memo (db_memo_get): a few entries, replaced in turn. */
#define MEMO_SLOTS 32

/* Statement cache: open addressing on the SQL text's address. */
#define CACHE_SLOTS 256

struct db_stmt {
	struct db *db;
	sqlite3_stmt *stmt;
	const char *sql;
	int bind_rc; /* first bind error, reported by db_step */
};

struct memo {
	char key[DB_MEMO_KEY_MAX];
	int64_t value;
};

struct db {
	sqlite3 *conn;
	char *path;
	int claim_fd; /* the file held with flock by db_claim, or -1 */
	struct db_stmt *cache[CACHE_SLOTS];
	int ncached;
	/* The memo and the state of the database it holds for. */
	struct memo memo[MEMO_SLOTS];
	int memo_next;
	int64_t memo_data_version, memo_changes;
	bool memo_valid; /* memo_data_version and memo_changes were read */
};

const char *db_engine_version(void)
{
	static char version[64];
	snprintf(version, sizeof version, "SQLite %s", sqlite3_libversion());
	return version;
}

static int pragma(struct db *db, const char *sql, struct error *err)
{
	char *msg = NULL;
	if (sqlite3_exec(db->conn, sql, NULL, NULL, &msg) != SQLITE_OK) {
		error_set(err, "%s: %s", sql, msg ? msg : sqlite3_errmsg(db->conn));
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

int db_open(struct db **out, const char *path, enum db_mode mode, struct error *err)
{
	*out = NULL;
	struct db *db = xcalloc(1, sizeof *db);
	db->path = xstrdup(path);
	db->claim_fd = -1;
	int flags = mode == DB_WRITER ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE : SQLITE_OPEN_READONLY;
	flags |= SQLITE_OPEN_NOMUTEX; /* one connection per thread; never shared */
	if (sqlite3_open_v2(path, &db->conn, flags, NULL) != SQLITE_OK) {
		error_set(err, "无法打开数据库 %s：%s", path, db->conn ? sqlite3_errmsg(db->conn) : "out of memory");
		goto fail;
	}
	sqlite3_extended_result_codes(db->conn, 1);
	if (sqlite3_busy_timeout(db->conn, 5000) != SQLITE_OK)
		goto fail_msg;
	if (mode == DB_WRITER && pragma(db, "PRAGMA journal_mode=WAL", err) < 0)
		goto fail;
	/*
	 * FULL: a transaction that returned is on disk, so an approval or a
	 * payment acknowledged to a clerk survives a power cut.
	 */
	if (pragma(db, "PRAGMA synchronous=FULL", err) < 0 || pragma(db, "PRAGMA foreign_keys=ON", err) < 0)
		goto fail;
	if (pragma(db, mode == DB_READER ? PRAGMA_READER_CACHE : PRAGMA_CACHE, err) < 0)
		goto fail;
	*out = db;
	return 0;
fail_msg:
	error_set(err, "无法打开数据库 %s：%s", path, sqlite3_errmsg(db->conn));
fail:
	db_close(db);
	return -1;
}

void db_close(struct db *db)
{
	if (!db)
		return;
	for (int i = 0; i < CACHE_SLOTS; i++) {
		if (db->cache[i]) {
			sqlite3_finalize(db->cache[i]->stmt);
			free(db->cache[i]);
		}
	}
	sqlite3_close(db->conn);
	if (db->claim_fd >= 0)
		close(db->claim_fd); /* releases the flock */
	free(db->path);
	free(db);
}

int db_claim(struct db *db, struct error *err)
{
	if (db->claim_fd >= 0)
		return 0;
	/*
	 * flock on the database file itself: SQLite locks with fcntl, which is
	 * independent of flock on Linux, so the two never interfere.
	 */
	int fd = open(db->path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return error_set(err, "无法打开数据库 %s：%s", db->path, strerror(errno));
	if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
		int e = errno;
		close(fd);
		if (e == EWOULDBLOCK)
			return 1;
		return error_set(err, "无法锁定数据库 %s：%s", db->path, strerror(e));
	}
	db->claim_fd = fd;
	return 0;
}

char *db_like_contains(const char *text, char *out, size_t size)
{
	size_t n = 0;
	if (size < 3)
		goto full;
	out[n++] = '%';
	for (const char *p = text; *p; p++) {
		if (n + 4 > size) /* an escape, the byte, '%' and the NUL */
			goto full;
		if (*p == '%' || *p == '_' || *p == '\\')
			out[n++] = '\\';
		out[n++] = *p;
	}
	out[n++] = '%';
	out[n] = '\0';
	return out;
full:
	if (size)
		out[0] = '\0';
	return NULL;
}

const char *db_path(const struct db *db)
{
	return db->path;
}

static size_t slot_of(const char *sql)
{
	uintptr_t h = (uintptr_t)sql;
	h ^= h >> 17;
	h *= 0x9E3779B97F4A7C15ull;
	return (size_t)(h >> 24) % CACHE_SLOTS;
}

int db_prepare(struct db *db, const char *sql, struct db_stmt **out, struct error *err)
{
	size_t i = slot_of(sql);
	while (db->cache[i]) {
		if (db->cache[i]->sql == sql) {
			/*
			 * Same address, same text: the cached statement. A buffer
			 * reused for another text (a caller's mistake the address key
			 * cannot see) gets its own statement instead of a wrong one.
			 */
			if (strcmp(sqlite3_sql(db->cache[i]->stmt), sql) != 0) {
				sqlite3_stmt *fresh;
				if (sqlite3_prepare_v3(db->conn, sql, -1, SQLITE_PREPARE_PERSISTENT, &fresh, NULL) !=
				    SQLITE_OK)
					return error_set(err, "prepare: %s: %s", sqlite3_errmsg(db->conn), sql);
				sqlite3_finalize(db->cache[i]->stmt);
				db->cache[i]->stmt = fresh;
			}
			*out = db->cache[i];
			return 0;
		}
		i = (i + 1) % CACHE_SLOTS;
	}
	/* Keep the table at most three quarters full so probes stay short. */
	if (db->ncached >= CACHE_SLOTS * 3 / 4)
		return error_set(err, "statement cache full");
	sqlite3_stmt *stmt;
	if (sqlite3_prepare_v3(db->conn, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK)
		return error_set(err, "prepare: %s: %s", sqlite3_errmsg(db->conn), sql);
	struct db_stmt *st = xcalloc(1, sizeof *st);
	st->db = db;
	st->stmt = stmt;
	st->sql = sql;
	db->cache[i] = st;
	db->ncached++;
	*out = st;
	return 0;
}

static void note_bind(struct db_stmt *st, int rc)
{
	if (rc != SQLITE_OK && st->bind_rc == SQLITE_OK)
		st->bind_rc = rc;
}

void db_bind_text(struct db_stmt *st, int i, const char *value)
{
	if (!value)
		note_bind(st, sqlite3_bind_null(st->stmt, i));
	else
		note_bind(st, sqlite3_bind_text(st->stmt, i, value, -1, SQLITE_STATIC));
}

void db_bind_int(struct db_stmt *st, int i, int64_t value)
{
	note_bind(st, sqlite3_bind_int64(st->stmt, i, value));
}

void db_bind_null(struct db_stmt *st, int i)
{
	note_bind(st, sqlite3_bind_null(st->stmt, i));
}

int db_step(struct db_stmt *st, struct error *err)
{
	if (st->bind_rc != SQLITE_OK) {
		error_set(err, "bind: %s: %s", sqlite3_errstr(st->bind_rc), st->sql);
		return DB_ERROR;
	}
	int rc = sqlite3_step(st->stmt);
	if (rc == SQLITE_ROW)
		return DB_ROW;
	if (rc == SQLITE_DONE)
		return DB_DONE;
	error_set(err, "%s", sqlite3_errmsg(st->db->conn));
	int code = sqlite3_extended_errcode(st->db->conn);
	return code == SQLITE_CONSTRAINT_UNIQUE || code == SQLITE_CONSTRAINT_PRIMARYKEY ? DB_CONFLICT : DB_ERROR;
}

const char *db_col_text(struct db_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st->stmt, i);
	return t ? (const char *)t : "";
}

int64_t db_col_int(struct db_stmt *st, int i)
{
	return sqlite3_column_int64(st->stmt, i);
}

bool db_col_null(struct db_stmt *st, int i)
{
	return sqlite3_column_type(st->stmt, i) == SQLITE_NULL;
}

void db_done(struct db_stmt *st)
{
	sqlite3_reset(st->stmt);
	sqlite3_clear_bindings(st->stmt);
	st->bind_rc = SQLITE_OK;
}

long db_changes(struct db *db)
{
	return (long)sqlite3_changes64(db->conn);
}

static const char SQL_DATA_VERSION[] = "PRAGMA data_version";

int db_memo_get(struct db *db, const char *key, int64_t *value, struct error *err)
{
	if (!sqlite3_get_autocommit(db->conn))
		return 0; /* in a transaction: what it changed may still be rolled back */
	struct db_stmt *st;
	if (db_prepare(db, SQL_DATA_VERSION, &st, err) < 0)
		return -1;
	int rc = db_step(st, err);
	int64_t version = rc == DB_ROW ? db_col_int(st, 0) : 0;
	db_done(st);
	if (rc != DB_ROW)
		return rc == DB_DONE ? error_set(err, "PRAGMA data_version gave no row") : -1;
	/* data_version moves with the commits of other connections, total_changes with this one's. */
	int64_t changes = sqlite3_total_changes64(db->conn);
	if (!db->memo_valid || version != db->memo_data_version || changes != db->memo_changes) {
		memset(db->memo, 0, sizeof db->memo);
		db->memo_next = 0;
		db->memo_data_version = version;
		db->memo_changes = changes;
		db->memo_valid = true;
		return 0;
	}
	for (int i = 0; i < MEMO_SLOTS; i++) {
		if (db->memo[i].key[0] && strcmp(db->memo[i].key, key) == 0) {
			*value = db->memo[i].value;
			return 1;
		}
	}
	return 0;
}

void db_memo_put(struct db *db, const char *key, int64_t value)
{
	size_t n = strlen(key);
	if (!db->memo_valid || n == 0 || n >= DB_MEMO_KEY_MAX || !sqlite3_get_autocommit(db->conn))
		return;
	/* Changed by this connection since db_memo_get: the value may be from before or after. */
	if (sqlite3_total_changes64(db->conn) != db->memo_changes)
		return;
	for (int i = 0; i < MEMO_SLOTS; i++) {
		if (strcmp(db->memo[i].key, key) == 0) {
			db->memo[i].value = value;
			return;
		}
	}
	struct memo *m = &db->memo[db->memo_next];
	db->memo_next = (db->memo_next + 1) % MEMO_SLOTS;
	memcpy(m->key, key, n + 1);
	m->value = value;
}

/* The indexes set aside by db_bulk_begin, still to be built again. */
struct db_bulk {
	struct db *db;
	char **sql;
	size_t n;
};

static const char SQL_INDEXES[] = "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ?"
				  " AND sql IS NOT NULL";

int db_bulk_begin(struct db *db, const char *table, struct db_bulk **out, struct error *err)
{
	struct db_bulk *bulk = xcalloc(1, sizeof *bulk);
	struct db_stmt *st;
	char **names = NULL;
	int rc;
	bulk->db = db;
	*out = NULL;
	if (db_prepare(db, SQL_INDEXES, &st, err) < 0)
		goto fail;
	db_bind_text(st, 1, table);
	while ((rc = db_step(st, err)) == DB_ROW) {
		names = xrealloc(names, (bulk->n + 1) * sizeof *names);
		bulk->sql = xrealloc(bulk->sql, (bulk->n + 1) * sizeof *bulk->sql);
		names[bulk->n] = xstrdup(db_col_text(st, 0));
		bulk->sql[bulk->n++] = xstrdup(db_col_text(st, 1));
	}
	db_done(st);
	if (rc != DB_DONE)
		goto fail;
	if (pragma(db, PRAGMA_BULK_CACHE, err) < 0)
		goto fail;
	for (size_t i = 0; i < bulk->n; i++) {
		/* The name comes from the schema, not from a user; quoted all the same. */
		char *drop = sqlite3_mprintf("DROP INDEX \"%w\"", names[i]);
		int bad = pragma(db, drop, err);
		sqlite3_free(drop);
		if (bad < 0)
			goto fail;
	}
	for (size_t i = 0; i < bulk->n; i++)
		free(names[i]);
	free(names);
	*out = bulk;
	return 0;
fail:
	for (size_t i = 0; names && i < bulk->n; i++)
		free(names[i]);
	free(names);
	db_bulk_free(bulk);
	return -1;
}

int db_bulk_end(struct db_bulk *bulk, struct error *err)
{
	while (bulk->n > 0) {
		char *msg = NULL;
		if (sqlite3_exec(bulk->db->conn, bulk->sql[bulk->n - 1], NULL, NULL, &msg) != SQLITE_OK) {
			error_set(err, "%s", msg ? msg : sqlite3_errmsg(bulk->db->conn));
			sqlite3_free(msg);
			return sqlite3_extended_errcode(bulk->db->conn) == SQLITE_CONSTRAINT_UNIQUE ? DB_CONFLICT : -1;
		}
		free(bulk->sql[--bulk->n]);
	}
	return 0;
}

void db_bulk_free(struct db_bulk *bulk)
{
	if (!bulk)
		return;
	struct error ignored;
	if (pragma(bulk->db, PRAGMA_CACHE, &ignored) < 0)
		log_warn("cannot restore the page cache size: %s", ignored.msg);
	for (size_t i = 0; i < bulk->n; i++)
		free(bulk->sql[i]);
	free(bulk->sql);
	free(bulk);
}

int db_exec(struct db *db, const char *sql, struct error *err)
{
	return pragma(db, sql, err);
}

int db_begin(struct db *db, struct error *err)
{
	return pragma(db, "BEGIN IMMEDIATE", err);
}

int db_commit(struct db *db, struct error *err)
{
	return pragma(db, "COMMIT", err);
}

void db_rollback(struct db *db)
{
	if (!sqlite3_get_autocommit(db->conn))
		sqlite3_exec(db->conn, "ROLLBACK", NULL, NULL, NULL);
}
