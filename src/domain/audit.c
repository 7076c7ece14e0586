#include "domain/audit.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "base/date.h"
#include "base/stamp.h"
#include "base/buf.h"
#include "base/token.h"

#define CHAIN_FIELDS_MAX 8          /* `at` and the fields after it */
#define AUDIT_ENTRY_MAX (16u << 20) /* bytes hashed for one entry */

static const char ZERO_HASH[TOKEN_HEX] = "0000000000000000000000000000000000000000000000000000000000000000";

/* One chained table: its SQL and how many fields (from `at`) an entry has. */
struct chain {
	const char *table;
	int fields;
	const char *sql_last, *sql_next, *sql_insert, *sql_walk;
};

static const char SQL_OP_LAST[] = "SELECT hash FROM operation_log ORDER BY id DESC LIMIT 1";
static const char SQL_OP_NEXT[] = "SELECT coalesce(max(id), 0) + 1 FROM operation_log";
static const char SQL_OP_INSERT[] = "INSERT INTO operation_log (id, at, user_name, address, module, action, target,"
                                    " detail, outcome, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
static const char SQL_OP_WALK[] = "SELECT id, at, user_name, address, module, action, target, detail, outcome,"
                                  " prev_hash, hash FROM operation_log ORDER BY id";

static const char SQL_LOGIN_LAST[] = "SELECT hash FROM login_log ORDER BY id DESC LIMIT 1";
static const char SQL_LOGIN_NEXT[] = "SELECT coalesce(max(id), 0) + 1 FROM login_log";
static const char SQL_LOGIN_INSERT[] = "INSERT INTO login_log (id, at, user_name, address, browser, outcome, message,"
                                       " prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
static const char SQL_LOGIN_WALK[] = "SELECT id, at, user_name, address, browser, outcome, message, prev_hash, hash"
                                     " FROM login_log ORDER BY id";

static const struct chain OPERATION_LOG = {
    "operation_log", 8, SQL_OP_LAST, SQL_OP_NEXT, SQL_OP_INSERT, SQL_OP_WALK,
};
static const struct chain LOGIN_LOG = {
    "login_log", 6, SQL_LOGIN_LAST, SQL_LOGIN_NEXT, SQL_LOGIN_INSERT, SQL_LOGIN_WALK,
};

/* Appends one part of the hashed text: its length in decimal, ':', its n bytes. */
static int add_part(struct buf *b, const char *s, size_t n)
{
	if (buf_addf(b, "%zu:", n) < 0 || buf_add(b, s, n) < 0)
		return -1;
	return 0;
}

/* The hash of an entry (audit.h): prev, id, then the fields; NULL fields count as "". */
static int entry_hash(const char *prev, int64_t id, const char *const *fields, int n, char out[TOKEN_HEX],
                      struct error *err)
{
	struct buf b = BUF_INIT(AUDIT_ENTRY_MAX);
	char idtext[24];
	int len = snprintf(idtext, sizeof idtext, "%" PRId64, id);
	int rc = add_part(&b, prev, strlen(prev));
	if (rc == 0)
		rc = add_part(&b, idtext, (size_t)len);
	for (int i = 0; i < n && rc == 0; i++)
		rc = add_part(&b, fields[i] ? fields[i] : "", fields[i] ? strlen(fields[i]) : 0);
	if (rc == 0)
		token_sha256_hex(b.data, b.len, out);
	buf_release(&b);
	if (rc < 0)
		return error_set(err, "audit entry longer than %u bytes", AUDIT_ENTRY_MAX);
	return 0;
}


/* Reads the chain's last hash and next id; the caller holds the write lock. */
static int tail(struct db *db, const struct chain *c, char prev[TOKEN_HEX], int64_t *id, struct error *err)
{
	struct db_stmt *st;
	if (db_prepare(db, c->sql_last, &st, err) < 0)
		return -1;
	int rc = db_step(st, err);
	snprintf(prev, TOKEN_HEX, "%s", rc == DB_ROW ? db_col_text(st, 0) : ZERO_HASH);
	db_done(st);
	if (rc != DB_ROW && rc != DB_DONE)
		return -1;
	if (db_prepare(db, c->sql_next, &st, err) < 0)
		return -1;
	rc = db_step(st, err);
	*id = rc == DB_ROW ? db_col_int(st, 0) : 0;
	db_done(st);
	return rc == DB_ROW ? 0 : -1;
}

/* fields[0] is `at` (filled here); the others are the caller's. */
static int append(struct db *db, const struct chain *c, const char **fields, time_t now, struct error *err)
{
	char at[21], prev[TOKEN_HEX], hash[TOKEN_HEX];
	int64_t id;
	stamp_format(now, at);
	fields[0] = at;

	/*
	 * Our own transaction: BEGIN takes the write lock before the tail is
	 * read, so two writers (even in two processes) cannot both chain onto
	 * the same entry. It fails when the caller has one open: that one is
	 * left as it was (no rollback here).
	 */
	if (db_begin(db, err) < 0) {
		char why[sizeof err->msg];
		snprintf(why, sizeof why, "%s", err->msg);
		return error_set(err, "cannot append to %s (call it outside a transaction): %s", c->table, why);
	}
	if (tail(db, c, prev, &id, err) < 0 || entry_hash(prev, id, fields, c->fields, hash, err) < 0)
		goto fail;

	struct db_stmt *st;
	if (db_prepare(db, c->sql_insert, &st, err) < 0)
		goto fail;
	db_bind_int(st, 1, id);
	for (int i = 0; i < c->fields; i++)
		db_bind_text(st, 2 + i, fields[i] ? fields[i] : "");
	db_bind_text(st, 2 + c->fields, prev);
	db_bind_text(st, 3 + c->fields, hash);
	int rc = db_step(st, err);
	db_done(st);
	if (rc != DB_DONE || db_commit(db, err) < 0)
		goto fail;
	return 0;
fail:
	db_rollback(db);
	return -1;
}

int audit_operation(struct db *db, const struct audit_operation *op, time_t now, struct error *err)
{
	const char *fields[CHAIN_FIELDS_MAX] = {
	    NULL, op->user_name, op->address, op->module, op->action, op->target, op->detail, op->outcome,
	};
	return append(db, &OPERATION_LOG, fields, now, err);
}

int audit_login(struct db *db, const char *user_name, const char *address, const char *browser, const char *outcome,
                const char *message, time_t now, struct error *err)
{
	const char *fields[CHAIN_FIELDS_MAX] = {NULL, user_name, address, browser, outcome, message};
	return append(db, &LOGIN_LOG, fields, now, err);
}

/* Walks one chain: 0 intact (*count increased), 1 broken (out filled), -1 error. */
static int walk(struct db *db, const struct chain *c, struct audit_break *out, long *count, struct error *err)
{
	struct db_stmt *st;
	char prev[TOKEN_HEX], hash[TOKEN_HEX];
	int64_t last_id = INT64_MIN;
	int rc, broken = 0;
	memcpy(prev, ZERO_HASH, sizeof prev);
	if (db_prepare(db, c->sql_walk, &st, err) < 0)
		return -1;
	while ((rc = db_step(st, err)) == DB_ROW) {
		int64_t id = db_col_int(st, 0);
		const char *fields[CHAIN_FIELDS_MAX];
		for (int i = 0; i < c->fields; i++)
			fields[i] = db_col_text(st, 1 + i);
		const char *stored_prev = db_col_text(st, 1 + c->fields);
		const char *stored_hash = db_col_text(st, 2 + c->fields);
		if (entry_hash(stored_prev, id, fields, c->fields, hash, err) < 0) {
			rc = DB_ERROR;
			break;
		}
		if (id <= last_id || strcmp(stored_prev, prev) != 0 || strcmp(stored_hash, hash) != 0) {
			out->table = c->table;
			out->id = id;
			broken = 1;
			break;
		}
		snprintf(prev, sizeof prev, "%s", stored_hash);
		last_id = id;
		(*count)++;
	}
	db_done(st);
	if (broken)
		return 1;
	return rc == DB_DONE ? 0 : -1;
}

int audit_verify(struct db *db, struct audit_break *out, long *entries, struct error *err)
{
	struct audit_break where = {NULL, 0};
	long count = 0;
	int rc = walk(db, &OPERATION_LOG, &where, &count, err);
	if (rc == 0)
		rc = walk(db, &LOGIN_LOG, &where, &count, err);
	if (rc == 1 && out)
		*out = where;
	if (rc == 0 && entries)
		*entries = count;
	return rc;
}

/* Searching */

#define OP_WHERE                                                                                                       \
	" WHERE (?1 = '' OR user_name = ?1) AND (?2 = '' OR at >= ?2) AND (?3 = '' OR at < ?3)"                   \
	" AND (?4 = '' OR module = ?4) AND (?5 = '' OR action = ?5) AND (?6 = '' OR target LIKE ?7 ESCAPE '\\')"
#define LOGIN_WHERE                                                                                                    \
	" WHERE (?1 = '' OR user_name = ?1) AND (?2 = '' OR at >= ?2) AND (?3 = '' OR at < ?3)"                   \
	" AND (?4 = '' OR outcome = ?4)"                                                                             \
	" AND (?6 = '' OR address LIKE ?7 ESCAPE '\\' OR message LIKE ?7 ESCAPE '\\')"

static const char SQL_OP_COUNT[] = "SELECT count(*) FROM operation_log" OP_WHERE;
static const char SQL_OP_PAGE[] = "SELECT id, at, user_name, address, module, action, target, detail, outcome"
				  " FROM operation_log" OP_WHERE " ORDER BY id DESC LIMIT ?8 OFFSET ?9";
/* ?5 (the operation log's action) is bound but not used here, so that both logs bind alike. */
static const char SQL_LOGIN_COUNT[] = "SELECT count(*) FROM login_log" LOGIN_WHERE;
static const char SQL_LOGIN_PAGE[] = "SELECT id, at, user_name, address, browser, outcome, message FROM login_log"
				     LOGIN_WHERE " ORDER BY id DESC LIMIT ?8 OFFSET ?9";

static const char *or_empty(const char *s)
{
	return s ? s : "";
}

/* Whether every filter of q is within its limit and the page within range. */
static bool query_ok(const struct audit_query *q)
{
	const char *fields[] = { q->user, q->from, q->to, q->module, q->action, q->outcome };
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
		if (strlen(or_empty(fields[i])) > AUDIT_FIELD_MAX)
			return false;
	return strlen(or_empty(q->text)) <= AUDIT_TEXT_MAX && q->page >= 1 && q->page <= AUDIT_PAGE_MAX;
}

/* Binds q to st (see OP_WHERE, LOGIN_WHERE); like holds the text's pattern while st runs. */
static void bind_query(struct db_stmt *st, const struct audit_query *q, char like[2 * AUDIT_TEXT_MAX + 3],
		       const char *module_or_outcome)
{
	db_bind_text(st, 1, or_empty(q->user));
	db_bind_text(st, 2, or_empty(q->from));
	db_bind_text(st, 3, or_empty(q->to));
	db_bind_text(st, 4, module_or_outcome);
	db_bind_text(st, 5, or_empty(q->action));
	db_bind_text(st, 6, or_empty(q->text));
	if (!db_like_contains(or_empty(q->text), like, 2 * AUDIT_TEXT_MAX + 3))
		like[0] = '\0';
	db_bind_text(st, 7, like);
}

static int search(struct db *db, bool operations, const struct audit_query *q,
		  void (*fn)(void *ctx, const struct audit_row *r), void *ctx, long *total, struct error *err)
{
	char like[2 * AUDIT_TEXT_MAX + 3];
	const char *first = operations ? or_empty(q->module) : or_empty(q->outcome);
	struct db_stmt *st;
	int rc;
	*total = 0;
	if (!query_ok(q))
		return 0;
	if (db_prepare(db, operations ? SQL_OP_COUNT : SQL_LOGIN_COUNT, &st, err) < 0)
		return -1;
	bind_query(st, q, like, first);
	rc = db_step(st, err);
	if (rc == DB_ROW)
		*total = (long)db_col_int(st, 0);
	db_done(st);
	if (rc != DB_ROW)
		return -1;
	if (*total <= (q->page - 1) * AUDIT_PER_PAGE)
		return 0;

	if (db_prepare(db, operations ? SQL_OP_PAGE : SQL_LOGIN_PAGE, &st, err) < 0)
		return -1;
	bind_query(st, q, like, first);
	db_bind_int(st, 8, AUDIT_PER_PAGE);
	db_bind_int(st, 9, (q->page - 1) * AUDIT_PER_PAGE);
	while ((rc = db_step(st, err)) == DB_ROW) {
		struct audit_row r = { .id = db_col_int(st, 0), .at = db_col_text(st, 1),
				       .user_name = db_col_text(st, 2), .address = db_col_text(st, 3) };
		if (operations) {
			r.module = db_col_text(st, 4);
			r.action = db_col_text(st, 5);
			r.target = db_col_text(st, 6);
			r.detail = db_col_text(st, 7);
			r.outcome = db_col_text(st, 8);
			r.browser = r.message = "";
		} else {
			r.browser = db_col_text(st, 4);
			r.outcome = db_col_text(st, 5);
			r.message = db_col_text(st, 6);
			r.module = r.action = r.target = r.detail = "";
		}
		fn(ctx, &r);
	}
	db_done(st);
	return rc == DB_DONE ? 0 : -1;
}

int audit_search_operations(struct db *db, const struct audit_query *q, void (*fn)(void *ctx, const struct audit_row *r),
			    void *ctx, long *total, struct error *err)
{
	return search(db, true, q, fn, ctx, total, err);
}

int audit_search_logins(struct db *db, const struct audit_query *q, void (*fn)(void *ctx, const struct audit_row *r),
			void *ctx, long *total, struct error *err)
{
	return search(db, false, q, fn, ctx, total, err);
}

int audit_day_start(const char *date, int days, char out[21])
{
	struct date d;
	if (!date || strlen(date) != 10 || date[4] != '-' || date[7] != '-' || date_parse(date, &d) < 0)
		return -1;
	/* Local midnight: mktime normalises the day past the month's end and finds the offset of that day. */
	struct tm tm = { .tm_year = d.year - 1900, .tm_mon = d.month - 1, .tm_mday = d.day + days, .tm_isdst = -1 };
	time_t t = mktime(&tm);
	if (t == (time_t)-1)
		return -1;
	stamp_format(t, out);
	return 0;
}

static const char SQL_HISTORY[] =
	"SELECT id, at, user_name, address, module, action, target, coalesce(detail, ''), outcome"
	" FROM operation_log WHERE target = ? ORDER BY id DESC LIMIT ?";

int audit_history(struct db *db, const char *target, int limit,
		  int (*fn)(void *ctx, const struct audit_row *e, struct error *err), void *ctx, struct error *err)
{
	struct db_stmt *st;
	if (db_prepare(db, SQL_HISTORY, &st, err) < 0)
		return -1;
	db_bind_text(st, 1, target);
	db_bind_int(st, 2, limit);
	int rc;
	while ((rc = db_step(st, err)) == DB_ROW) {
		struct audit_row e = {
			.id = db_col_int(st, 0),
			.at = db_col_text(st, 1),
			.user_name = db_col_text(st, 2),
			.address = db_col_text(st, 3),
			.module = db_col_text(st, 4),
			.action = db_col_text(st, 5),
			.target = db_col_text(st, 6),
			.detail = db_col_text(st, 7),
			.outcome = db_col_text(st, 8),
			.browser = "",
			.message = "",
		};
		if (fn(ctx, &e, err) < 0) {
			db_done(st);
			return -1;
		}
	}
	db_done(st);
	return rc == DB_DONE ? 0 : -1;
}
