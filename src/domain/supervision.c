#include "domain/supervision.h"

#include <stdio.h>
#include <string.h>

#include "base/stamp.h"
#include "base/utf8.h"
#include "domain/target.h"

#define SUPERVISION_COLUMNS                                                                                    \
	"s.id, s.target_id, t.name, t.year, s.township_code, coalesce(d.name, ''), s.finding, s.requirement,"  \
	" s.deadline, s.status, s.opened_on, s.opened_at, s.opened_by, s.answer, s.answered_at, s.answered_by," \
	" s.closing, s.closed_on, s.closed_at, s.closed_by"
#define SUPERVISION_FROM                                                                                        \
	" FROM supervision s JOIN target t ON t.id = s.target_id LEFT JOIN division d ON d.code = s.township_code"
/* A scope covers a township's items when it covers the township (county) or lies in it (township, village). */
#define IN_SCOPE " (?1 = '000000000000' OR s.township_code = substr(?1, 1, 9) || '000')"

static const char SQL_GET[] = "SELECT " SUPERVISION_COLUMNS SUPERVISION_FROM " WHERE" IN_SCOPE " AND s.id = ?2";
static const char SQL_LIST[] = "SELECT " SUPERVISION_COLUMNS SUPERVISION_FROM " WHERE" IN_SCOPE
			       " AND (?2 = 0 OR s.target_id = ?2) AND (?3 = 0 OR t.year = ?3)"
			       " AND (?4 = 0 OR s.status <> 3) ORDER BY s.status = 3, s.opened_at, s.id";
static const char SQL_INSERT[] =
	"INSERT INTO supervision (target_id, township_code, finding, requirement, deadline, opened_on, opened_at,"
	" opened_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
static const char SQL_LAST_ID[] = "SELECT last_insert_rowid()";
static const char SQL_TOWNSHIP[] = "SELECT count(*) FROM division WHERE code = ? AND level = 2";
static const char SQL_ANSWER[] =
	"UPDATE supervision SET status = 2, answer = ?, answered_at = ?, answered_by = ? WHERE id = ? AND status = 1";
static const char SQL_CLOSE[] = "UPDATE supervision SET status = 3, closing = ?, closed_on = ?, closed_at = ?,"
				" closed_by = ? WHERE id = ? AND status = 2";
static const char SQL_BACK[] = "UPDATE supervision SET status = 1, closing = ? WHERE id = ? AND status = 2";

const char *supervision_status_label(enum supervision_status s)
{
	return s == SUPERVISION_OPEN ? "待整改" : s == SUPERVISION_ANSWERED ? "已整改待核" : s == SUPERVISION_CLOSED ? "已销号" : "";
}

const char *supervision_status_code(enum supervision_status s)
{
	return s == SUPERVISION_OPEN ? "open" : s == SUPERVISION_ANSWERED ? "answered" : s == SUPERVISION_CLOSED ? "closed" : "";
}

long supervision_days_open(const struct supervision *s, struct date today)
{
	struct date from, to = today;
	if (date_parse(s->opened_on, &from) < 0)
		return 0;
	if (s->status == SUPERVISION_CLOSED && date_parse(s->closed_on, &to) < 0)
		to = today;
	long days = date_to_days(to) - date_to_days(from);
	return days < 0 ? 0 : days;
}

static void copy(char *out, size_t size, const char *s)
{
	snprintf(out, size, "%s", s ? s : "");
}

static void from_row(struct db_stmt *st, struct supervision *s)
{
	memset(s, 0, sizeof *s);
	s->id = db_col_int(st, 0);
	s->target_id = db_col_int(st, 1);
	copy(s->target_name, sizeof s->target_name, db_col_text(st, 2));
	s->year = (int)db_col_int(st, 3);
	copy(s->township, sizeof s->township, db_col_text(st, 4));
	copy(s->township_name, sizeof s->township_name, db_col_text(st, 5));
	copy(s->finding, sizeof s->finding, db_col_text(st, 6));
	copy(s->requirement, sizeof s->requirement, db_col_text(st, 7));
	copy(s->deadline, sizeof s->deadline, db_col_text(st, 8));
	s->status = (enum supervision_status)db_col_int(st, 9);
	copy(s->opened_on, sizeof s->opened_on, db_col_text(st, 10));
	copy(s->opened_at, sizeof s->opened_at, db_col_text(st, 11));
	copy(s->opened_by, sizeof s->opened_by, db_col_text(st, 12));
	copy(s->answer, sizeof s->answer, db_col_text(st, 13));
	copy(s->answered_at, sizeof s->answered_at, db_col_text(st, 14));
	copy(s->answered_by, sizeof s->answered_by, db_col_text(st, 15));
	copy(s->closing, sizeof s->closing, db_col_text(st, 16));
	copy(s->closed_on, sizeof s->closed_on, db_col_text(st, 17));
	copy(s->closed_at, sizeof s->closed_at, db_col_text(st, 18));
	copy(s->closed_by, sizeof s->closed_by, db_col_text(st, 19));
}

static const struct registry_scope county_scope = {"000000000000", "999999999999"};

int supervision_get(struct db *db, const struct registry_scope *scope, int64_t id, struct supervision *out,
		    struct error *err)
{
	if (!scope->lo[0])
		return 0;
	struct db_stmt *st;
	if (db_prepare(db, SQL_GET, &st, err) < 0)
		return -1;
	db_bind_text(st, 1, scope->lo);
	db_bind_int(st, 2, id);
	int rc = db_step(st, err);
	if (rc == DB_ROW)
		from_row(st, out);
	db_done(st);
	return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
}

int supervision_list(struct db *db, const struct registry_scope *scope, int64_t target_id, int year, bool open_only,
		     int (*fn)(void *ctx, const struct supervision *s, struct error *err), void *ctx,
		     struct error *err)
{
	if (!scope->lo[0])
		return 0;
	struct db_stmt *st;
	if (db_prepare(db, SQL_LIST, &st, err) < 0)
		return -1;
	db_bind_text(st, 1, scope->lo);
	db_bind_int(st, 2, target_id);
	db_bind_int(st, 3, year);
	db_bind_int(st, 4, open_only);
	int rc;
	struct supervision s;
	while ((rc = db_step(st, err)) == DB_ROW) {
		from_row(st, &s);
		if (fn(ctx, &s, err) < 0) {
			db_done(st);
			return -1;
		}
	}
	db_done(st);
	return rc == DB_DONE ? 0 : -1;
}

static int run(struct db_stmt *st, struct error *err)
{
	int rc = db_step(st, err);
	db_done(st);
	return rc == DB_DONE ? 0 : -1;
}

int supervision_open(struct db *w, int64_t target_id, const char *township, const char *finding,
		     const char *requirement, const char *deadline, const struct user *u, int64_t *id,
		     struct case_problems *pr, struct error *err)
{
	memset(pr, 0, sizeof *pr);
	*id = 0;
	if (!target_may_edit(u))
		return case_refuse(pr, "您的角色（%s）不能发起督查", role_label(u->role));
	struct target t;
	int got = target_get(w, target_id, &t, err);
	if (got <= 0)
		return got < 0 ? -1 : 2;
	struct db_stmt *st;
	if (db_prepare(w, SQL_TOWNSHIP, &st, err) < 0)
		return -1;
	db_bind_text(st, 1, township);
	int rc = db_step(st, err);
	long n = rc == DB_ROW ? (long)db_col_int(st, 0) : 0;
	db_done(st);
	if (rc != DB_ROW)
		return -1;
	if (!n)
		case_field_problem(pr, "township", "请选择本县的乡镇");
	case_text_problem(pr, "finding", "督查发现的问题", finding, SUPERVISION_TEXT_MAX, true);
	case_text_problem(pr, "requirement", "整改要求", requirement, SUPERVISION_TEXT_MAX, true);
	struct date d, today = date_today();
	if (date_parse(deadline, &d) < 0)
		case_field_problem(pr, "deadline", "整改时限应为日期，如 2024-11-30");
	else if (date_cmp(d, today) < 0)
		case_field_problem(pr, "deadline", "整改时限不能早于今天");
	if (pr->n)
		return case_refuse(pr, "督查未发起，请改正标出的项"), 1;
	char day[11], at[STAMP_SIZE], due[11];
	date_format(today, day);
	date_format(d, due);
	stamp_now(at);
	if (db_prepare(w, SQL_INSERT, &st, err) < 0)
		return -1;
	db_bind_int(st, 1, target_id);
	db_bind_text(st, 2, township);
	db_bind_text(st, 3, finding);
	db_bind_text(st, 4, requirement);
	db_bind_text(st, 5, due);
	db_bind_text(st, 6, day);
	db_bind_text(st, 7, at);
	db_bind_text(st, 8, u->name);
	if (run(st, err) < 0 || db_prepare(w, SQL_LAST_ID, &st, err) < 0)
		return -1;
	rc = db_step(st, err);
	if (rc == DB_ROW)
		*id = db_col_int(st, 0);
	db_done(st);
	return rc == DB_ROW ? 0 : -1;
}

int supervision_answer(struct db *w, int64_t id, const char *answer, const struct user *u,
		       struct case_problems *pr, struct error *err)
{
	memset(pr, 0, sizeof *pr);
	struct registry_scope scope;
	registry_scope_of(u, &scope);
	struct supervision s;
	int got = supervision_get(w, &scope, id, &s, err);
	if (got <= 0)
		return got < 0 ? -1 : 2;
	if (u->role != ROLE_TOWNSHIP)
		return case_refuse(pr, "整改情况由乡镇填报（您的角色：%s）", role_label(u->role));
	if (s.status != SUPERVISION_OPEN)
		return case_refuse(pr, "督查事项%s，不能再填报整改情况", supervision_status_label(s.status));
	case_text_problem(pr, "answer", "整改情况", answer, SUPERVISION_TEXT_MAX, true);
	if (pr->n)
		return case_refuse(pr, "整改情况未保存"), 1;
	char at[STAMP_SIZE];
	stamp_now(at);
	struct db_stmt *st;
	if (db_prepare(w, SQL_ANSWER, &st, err) < 0)
		return -1;
	db_bind_text(st, 1, answer);
	db_bind_text(st, 2, at);
	db_bind_text(st, 3, u->name);
	db_bind_int(st, 4, id);
	return run(st, err);
}

int supervision_decide(struct db *w, int64_t id, bool close, const char *note, const struct user *u,
		       struct case_problems *pr, struct error *err)
{
	memset(pr, 0, sizeof *pr);
	if (!target_may_edit(u))
		return case_refuse(pr, "您的角色（%s）不能销号或退回督查事项", role_label(u->role));
	struct supervision s;
	int got = supervision_get(w, &county_scope, id, &s, err);
	if (got <= 0)
		return got < 0 ? -1 : 2;
	if (s.status != SUPERVISION_ANSWERED)
		return case_refuse(pr, "督查事项%s：乡镇填报整改情况后才能销号或退回", supervision_status_label(s.status));
	case_text_problem(pr, "note", close ? "销号意见" : "退回原因", note, SUPERVISION_TEXT_MAX, true);
	if (pr->n)
		return case_refuse(pr, "未保存"), 1;
	struct db_stmt *st;
	/* Bound without a copy: they must live until the statement has run. */
	char day[11], at[STAMP_SIZE];
	if (close) {
		date_format(date_today(), day);
		stamp_now(at);
		if (db_prepare(w, SQL_CLOSE, &st, err) < 0)
			return -1;
		db_bind_text(st, 1, note);
		db_bind_text(st, 2, day);
		db_bind_text(st, 3, at);
		db_bind_text(st, 4, u->name);
		db_bind_int(st, 5, id);
	} else {
		if (db_prepare(w, SQL_BACK, &st, err) < 0)
			return -1;
		db_bind_text(st, 1, note);
		db_bind_int(st, 2, id);
	}
	return run(st, err);
}
