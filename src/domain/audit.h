/*
 * audit: the operation log (操作日志) and the login log (登录日志), both
 * append-only (the schema's triggers refuse updates and deletes) and hash
 * chained: each entry stores the SHA-256 of its own fields together with
 * the previous entry's hash, so an entry changed or removed by going around
 * huimin (editing the file) breaks the chain, and audit_verify names the
 * first broken link.
 *
 * The hash of an entry is SHA-256 over, in order, prev_hash, the id, and
 * each field, every one written as its length in decimal, ':', its bytes
 * (so no two different entries hash alike). The first entry's prev_hash is
 * 64 zeros. Exactly: the parts are concatenated with nothing between them;
 * the id is written in decimal; the fields follow the table's columns,
 * operation_log: at, user_name, address, module, action, target, detail,
 * outcome; login_log: at, user_name, address, browser, outcome, message
 * (a NULL field counts as ""); the hash is stored as 64 lowercase hex
 * digits. The first login entry of "admin" at 2024-06-15T08:00:00Z from
 * 10.0.0.1 with browser "B", outcome "成功" (6 bytes), message "" hashes
 *   "64:" + 64 zeros + "1:1" + "20:2024-06-15T08:00:00Z" + "5:admin"
 *   + "8:10.0.0.1" + "1:B" + "6:成功" + "0:"
 * Ids start at 1 and go up by one; `at` is ISO 8601 UTC ("...Z").
 *
 * Transactions: audit_operation and audit_login append in a transaction
 * of their own (db_begin ... db_commit: the write lock is taken before the
 * chain's last entry is read, so two writers, even in two processes, can
 * never chain onto the same entry). Call them outside any transaction:
 * inside one they fail (-1, nothing written) and leave the caller's
 * transaction open and untouched. Log a change after its transaction has
 * committed (or, for a failure, after the rollback).
 *
 * What the chain cannot show: removing the last entries (the chain that
 * stays is intact), or a chain rewritten from some entry on by someone who
 * recomputes every hash after it.
 *
 * Never put a password, an ID number, a phone or an account number in a
 * log entry: name the record by its internal id or file number.
 */
#ifndef HUIMIN_AUDIT_H
#define HUIMIN_AUDIT_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "base/error.h"
#include "store/db.h"

struct audit_operation {
	const char *user_name; /* "(命令行)" for the CLI */
	const char *address;   /* client address, "" for the CLI */
	const char *module;    /* "残疾人档案", "系统管理" ... */
	const char *action;    /* "新增", "修改", "删除", "授权", "导出", "导入", "强退" ... */
	const char *target;    /* what was acted on: "person:123", "user:admin" */
	const char *detail;    /* JSON: changed fields before/after, counts ... ("" for none) */
	const char *outcome;   /* "成功" or "失败：原因" */
};

/* Appends an operation, at now. -1 with a message. */
__attribute__((warn_unused_result)) int audit_operation(struct db *db, const struct audit_operation *op, time_t now,
							 struct error *err);

/* Appends a login attempt: outcome "成功", "失败", "锁定" ...; message for the admin. -1 with a message. */
__attribute__((warn_unused_result)) int audit_login(struct db *db, const char *user_name, const char *address,
						     const char *browser, const char *outcome, const char *message,
						     time_t now, struct error *err);

struct audit_break {
	const char *table; /* "operation_log" or "login_log" */
	int64_t id;	   /* the first entry whose hash does not hold */
};

/*
 * Checks both chains from the start: 0 when intact (*entries, if not NULL,
 * gets how many were checked), 1 when broken (out says where), -1 on a
 * database error.
 */
__attribute__((warn_unused_result)) int audit_verify(struct db *db, struct audit_break *out, long *entries,
						      struct error *err);

/* Searching (the 操作日志 and 登录日志 pages): read-only, on any connection */

#define AUDIT_PER_PAGE 20
#define AUDIT_TEXT_MAX 100   /* bytes of the free-text filter */
#define AUDIT_FIELD_MAX 64   /* bytes of the user, module, action and outcome filters */
#define AUDIT_PAGE_MAX 100000 /* the highest page asked for */

/*
 * What to look for; every filter "" (or NULL) for any. Longer filters than
 * the limits above match nothing; so does a page out of 1..AUDIT_PAGE_MAX.
 */
struct audit_query {
	const char *user;   /* the user name, exactly */
	const char *from;   /* a stamp: entries at or after it (audit_day_start) */
	const char *to;	    /* a stamp: entries before it (audit_day_start of the day after) */
	const char *module; /* operation log: exactly */
	const char *action; /* operation log: exactly */
	const char *outcome; /* login log: exactly ("成功", "失败", "锁定", "停用") */
	const char *text;   /* a part of the target (operation log), of the address or message (login log) */
	long page;	    /* from 1, AUDIT_PER_PAGE entries a page, newest first */
};

/* One entry, its text valid during the callback; the fields of the other log are "". */
struct audit_row {
	int64_t id;
	const char *at, *user_name, *address;
	const char *module, *action, *target, *detail, *outcome; /* operation log (outcome: both) */
	const char *browser, *message;				 /* login log */
};

/*
 * Calls fn for each entry of the page, newest first, and sets *total to how
 * many entries match in all. 0, or -1 with a message.
 */
__attribute__((warn_unused_result)) int audit_search_operations(struct db *db, const struct audit_query *q,
								 void (*fn)(void *ctx, const struct audit_row *r),
								 void *ctx, long *total, struct error *err);
__attribute__((warn_unused_result)) int audit_search_logins(struct db *db, const struct audit_query *q,
							     void (*fn)(void *ctx, const struct audit_row *r),
							     void *ctx, long *total, struct error *err);
/*
 * The stamp of local midnight starting date ("YYYY-MM-DD", exactly that
 * shape), plus days days (1: the start of the next day, for an inclusive
 * end), into out. 0, or -1 when date is not a real date of that shape.
 */
__attribute__((warn_unused_result)) int audit_day_start(const char *date, int days, char out[21]);

/*
 * The operation log entries about target ("person:12"), newest first, at
 * most limit of them, each passed to fn (strings valid during the call;
 * fn returns 0, or -1 to stop with err set). 0 or -1 with a message.
 */
__attribute__((warn_unused_result)) int audit_history(struct db *db, const char *target, int limit,
						       int (*fn)(void *ctx, const struct audit_row *e,
								 struct error *err),
						       void *ctx, struct error *err);

#endif
