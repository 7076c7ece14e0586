#include "domain/objection.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base/date.h"
#include "base/stamp.h"
#include "base/utf8.h"

static const char SQL_INSERT[] = "INSERT INTO case_objection (case_id, objector, content, raised_on, entered_at, entered_by)"
				 " VALUES (?, ?, ?, ?, ?, ?)";
static const char SQL_LAST_ID[] = "SELECT last_insert_rowid()";
static const char SQL_ONE[] = "SELECT raised_on, coalesce(resolution, '') FROM case_objection WHERE id = ? AND case_id = ?";
static const char SQL_RESOLVE[] =
	"UPDATE case_objection SET resolution = ?, resolved_on = ?, resolved_at = ?, resolved_by = ?, remark = ?"
	" WHERE id = ? AND resolution IS NULL";
static const char SQL_LIST[] =
	"SELECT id, case_id, objector, content, raised_on, entered_at, entered_by, coalesce(resolution, ''),"
	" coalesce(resolved_on, ''), coalesce(resolved_at, ''), coalesce(resolved_by, ''), remark"
	" FROM case_objection WHERE case_id = ? AND (? = 0 OR resolution IS NULL) ORDER BY id";
static const char SQL_OPEN_COUNT[] = "SELECT count(*) FROM case_objection WHERE case_id = ? AND resolution IS NULL";

const char *objection_resolution_code(enum objection_resolution r)
{
	return r == OBJECTION_UPHELD ? "upheld" : r == OBJECTION_DISMISSED ? "dismissed" : "open";
}

const char *objection_resolution_label(enum objection_resolution r)
{
	return r == OBJECTION_UPHELD ? "异议成立" : r == OBJECTION_DISMISSED ? "异议不成立" : "待处理";
}

int objection_resolution_parse(const char *code)
{
	if (!code)
		return -1;
	if (strcmp(code, "upheld") == 0 || strcmp(code, "成立") == 0 || strcmp(code, "异议成立") == 0)
		return OBJECTION_UPHELD;
	if (strcmp(code, "dismissed") == 0 || strcmp(code, "不成立") == 0 || strcmp(code, "异议不成立") == 0)
		return OBJECTION_DISMISSED;
	return -1;
}

bool objection_may_record(const struct user *u)
{
	return u->role == ROLE_COUNTY_ADMIN || u->role == ROLE_COUNTY_STAFF || u->role == ROLE_TOWNSHIP ||
	       u->role == ROLE_VILLAGE;
}

bool objection_may_resolve(const struct user *u)
{
	return u->role == ROLE_COUNTY_ADMIN || u->role == ROLE_COUNTY_STAFF || u->role == ROLE_TOWNSHIP;
}

static void copy(char *out, size_t size, const char *s)
{
	snprintf(out, size, "%s", s ? s : "");
}


/* Checks a required text of at most max characters (field key, label for the message). */
static void text_check(struct case_problems *pr, const char *field, const char *label, const char *s, size_t max)
{
	if (!s || !*s)
		case_field_problem(pr, field, "请填写%s", label);
	else if (!utf8_valid(s, strlen(s)) || utf8_has_control(s))
		case_field_problem(pr, field, "%s不能有换行等控制字符", label);
	else if (utf8_length(s) > max)
		case_field_problem(pr, field, "%s最多%zu个字", label, max);
}

/* A day (YYYY-MM-DD, not after today, not before not_before when given) into d. */
static void date_check(struct case_problems *pr, const char *date, const char *not_before, const char *label,
		       struct date *d)
{
	struct date b;
	if (!date || !*date)
		case_field_problem(pr, "date", "请填写%s", label);
	else if (date_parse(date, d) < 0)
		case_field_problem(pr, "date", "%s应为日期，如 2024-04-10", label);
	else if (date_cmp(*d, date_today()) > 0)
		case_field_problem(pr, "date", "%s（%s）不能晚于今天", label, date);
	else if (not_before && date_parse(not_before, &b) == 0 && date_cmp(*d, b) < 0)
		case_field_problem(pr, "date", "%s不能早于%s", label, not_before);
}

static int run(struct db_stmt *st, struct error *err)
{
	int rc = db_step(st, err);
	db_done(st);
	return rc == DB_DONE ? 0 : -1;
}

int objection_record(struct db *w, int64_t case_id, const char *objector, const char *content, const char *date,
		     const struct user *u, const struct registry_scope *scope, int64_t *id, struct case_problems *pr,
		     struct error *err)
{
	memset(pr, 0, sizeof *pr);
	*id = 0;
	struct case_file c;
	int found = case_get(w, scope, case_id, &c, err);
	if (found <= 0)
		return found < 0 ? -1 : (case_refuse(pr, "个案不存在，或不在您的管辖范围内"), 2);
	if (!objection_may_record(u))
		return case_refuse(pr, "您的角色（%s）不能登记异议", role_label(u->role));
	if (!c.open)
		return case_refuse(pr, "个案已结束，不能再登记异议");
	/* Objections answer a public notice: only while the case is on one (a stage with a notice period). */
	const struct program *p;
	int got = program_get(w, c.program, c.version, &p, err);
	if (got < 0)
		return -1;
	int si = got ? program_stage_index(p, c.stage) : -1;
	if (si < 0 || p->stages[si].hold_days <= 0)
		return case_refuse(pr, "个案不在公示期间（当前阶段：%s），不能登记异议；公示后的问题请用退回或停止发放处理",
			      si >= 0 ? p->stages[si].label : c.stage);
	struct date d;
	text_check(pr, "objector", "异议人", objector, OBJECTION_NAME_MAX);
	text_check(pr, "content", "异议内容", content, OBJECTION_TEXT_MAX);
	date_check(pr, date, NULL, "提出日期", &d);
	if (pr->n)
		return 1;
	char day[11], at[STAMP_SIZE];
	date_format(d, day);
	stamp_now(at);
	struct db_stmt *st;
	if (db_prepare(w, SQL_INSERT, &st, err) < 0)
		return -1;
	db_bind_int(st, 1, case_id);
	db_bind_text(st, 2, objector);
	db_bind_text(st, 3, content);
	db_bind_text(st, 4, day);
	db_bind_text(st, 5, at);
	db_bind_text(st, 6, u->name);
	if (run(st, err) < 0 || db_prepare(w, SQL_LAST_ID, &st, err) < 0)
		return -1;
	int rc = db_step(st, err);
	if (rc == DB_ROW)
		*id = db_col_int(st, 0);
	db_done(st);
	return rc == DB_ROW ? 0 : -1;
}

int objection_resolve(struct db *w, int64_t case_id, int64_t id, enum objection_resolution r, const char *date,
		      const char *remark, const struct user *u, const struct registry_scope *scope,
		      struct case_problems *pr, struct error *err)
{
	memset(pr, 0, sizeof *pr);
	struct case_file c;
	int found = case_get(w, scope, case_id, &c, err);
	if (found <= 0)
		return found < 0 ? -1 : (case_refuse(pr, "个案不存在，或不在您的管辖范围内"), 2);
	if (!objection_may_resolve(u))
		return case_refuse(pr, "您的角色（%s）不能处理异议", role_label(u->role));
	if (r != OBJECTION_UPHELD && r != OBJECTION_DISMISSED) {
		case_field_problem(pr, "resolution", "请选择异议成立或异议不成立");
		return 1;
	}
	struct db_stmt *st;
	if (db_prepare(w, SQL_ONE, &st, err) < 0)
		return -1;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, case_id);
	char raised[11] = "", resolution[16] = "";
	int rc = db_step(st, err);
	if (rc == DB_ROW) {
		copy(raised, sizeof raised, db_col_text(st, 0));
		copy(resolution, sizeof resolution, db_col_text(st, 1));
	}
	db_done(st);
	if (rc != DB_ROW && rc != DB_DONE)
		return -1;
	if (rc == DB_DONE)
		return case_refuse(pr, "该个案没有这条异议"), 2;
	if (resolution[0])
		return case_refuse(pr, "这条异议已经处理过（%s），不能再处理",
			      objection_resolution_label((enum objection_resolution)objection_resolution_parse(resolution)));
	struct date d;
	date_check(pr, date, raised, "处理日期", &d);
	text_check(pr, "remark", r == OBJECTION_UPHELD ? "异议成立的理由" : "异议不成立的理由", remark, OBJECTION_TEXT_MAX);
	if (pr->n)
		return 1;
	const struct program *p = NULL;
	const struct program_transition *t = NULL;
	if (r == OBJECTION_UPHELD) {
		if ((rc = program_get(w, c.program, c.version, &p, err)) <= 0)
			return rc < 0 ? -1 : error_set(err, "case %lld: program %s version %d is not stored",
						       (long long)case_id, c.program, c.version);
		if (!(t = program_upheld_transition(p)))
			return case_refuse(pr, "“%s”的定义中没有异议成立时的流转（objection_upheld），不能按异议成立处理", p->name);
	}
	char day[11], at[STAMP_SIZE];
	date_format(d, day);
	stamp_now(at);
	if (db_begin(w, err) < 0)
		return -1;
	if (db_prepare(w, SQL_RESOLVE, &st, err) < 0)
		goto fail;
	db_bind_text(st, 1, objection_resolution_code(r));
	db_bind_text(st, 2, day);
	db_bind_text(st, 3, at);
	db_bind_text(st, 4, u->name);
	db_bind_text(st, 5, remark);
	db_bind_int(st, 6, id);
	if (run(st, err) < 0)
		goto fail;
	if (t) {
		rc = case_transition_tx(w, case_id, t->key, day, NULL, 0, remark, u, scope, pr, err);
		if (rc != 0) {
			db_rollback(w);
			return rc < 0 ? -1 : 1;
		}
	}
	if (db_commit(w, err) < 0)
		goto fail;
	return 0;
fail:
	db_rollback(w);
	return -1;
}

int objection_list(struct db *db, int64_t case_id, bool open_only,
		   int (*fn)(void *ctx, const struct objection *o, struct error *err), void *ctx, struct error *err)
{
	struct db_stmt *st;
	if (db_prepare(db, SQL_LIST, &st, err) < 0)
		return -1;
	db_bind_int(st, 1, case_id);
	db_bind_int(st, 2, open_only);
	struct objection o;
	int rc;
	while ((rc = db_step(st, err)) == DB_ROW) {
		memset(&o, 0, sizeof o);
		o.id = db_col_int(st, 0);
		o.case_id = db_col_int(st, 1);
		copy(o.objector, sizeof o.objector, db_col_text(st, 2));
		copy(o.content, sizeof o.content, db_col_text(st, 3));
		copy(o.raised_on, sizeof o.raised_on, db_col_text(st, 4));
		copy(o.entered_at, sizeof o.entered_at, db_col_text(st, 5));
		copy(o.entered_by, sizeof o.entered_by, db_col_text(st, 6));
		int res = objection_resolution_parse(db_col_text(st, 7));
		o.resolution = res < 0 ? OBJECTION_OPEN : (enum objection_resolution)res;
		copy(o.resolved_on, sizeof o.resolved_on, db_col_text(st, 8));
		copy(o.resolved_at, sizeof o.resolved_at, db_col_text(st, 9));
		copy(o.resolved_by, sizeof o.resolved_by, db_col_text(st, 10));
		copy(o.remark, sizeof o.remark, db_col_text(st, 11));
		if (fn(ctx, &o, err) < 0) {
			db_done(st);
			return -1;
		}
	}
	db_done(st);
	return rc == DB_DONE ? 0 : -1;
}

long objection_open_count(struct db *db, int64_t case_id, struct error *err)
{
	struct db_stmt *st;
	if (db_prepare(db, SQL_OPEN_COUNT, &st, err) < 0)
		return -1;
	db_bind_int(st, 1, case_id);
	int rc = db_step(st, err);
	long n = rc == DB_ROW ? (long)db_col_int(st, 0) : -1;
	db_done(st);
	return n;
}
