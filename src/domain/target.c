#include "domain/target.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/stamp.h"
#include "base/utf8.h"
#include "base/xalloc.h"
#include "domain/attachment.h"
#include "domain/case-report.h"
#include "domain/payment.h"
#include "domain/levy.h"
#include "domain/program.h"
#include "domain/rehab.h"
#include "domain/survey.h"
#include "domain/training.h"

#define TARGET_COLUMNS                                                                                         \
	"id, year, line, name, unit, value, split, start_date, deadline, owner, source, note, updated_at, "    \
	"updated_by"
static const char SQL_GET[] = "SELECT " TARGET_COLUMNS " FROM target WHERE id = ?";
static const char SQL_LIST[] = "SELECT " TARGET_COLUMNS " FROM target WHERE year = ?1 AND (?2 = '' OR line = ?2)"
			       " ORDER BY CASE line WHEN 'cataract' THEN 1 WHEN 'assistance' THEN 2 WHEN 'survey'"
			       " THEN 3 WHEN 'employment' THEN 4 WHEN 'levy' THEN 5 WHEN 'rehab' THEN 6 ELSE 7 END,"
			       " line, id";
static const char SQL_NAME_TAKEN[] = "SELECT count(*) FROM target WHERE year = ? AND name = ? AND id <> ?";
static const char SQL_INSERT[] =
	"INSERT INTO target (year, line, name, unit, value, split, start_date, deadline, owner, source, note,"
	" created_at, created_by, updated_at, updated_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11,"
	" ?12, ?13, ?12, ?13)";
static const char SQL_UPDATE[] =
	"UPDATE target SET year = ?1, line = ?2, name = ?3, unit = ?4, value = ?5, split = ?6, start_date = ?7,"
	" deadline = ?8, owner = ?9, source = ?10, note = ?11, updated_at = ?12, updated_by = ?13 WHERE id = ?14";
static const char SQL_LAST_ID[] = "SELECT last_insert_rowid()";
static const char SQL_PARTS[] = "SELECT part, value FROM target_part WHERE target_id = ? ORDER BY part";
static const char SQL_PARTS_DELETE[] = "DELETE FROM target_part WHERE target_id = ?";
static const char SQL_PART_INSERT[] = "INSERT INTO target_part (target_id, part, value) VALUES (?, ?, ?)";
static const char SQL_PARTS_COPY[] =
	"INSERT INTO target_part (target_id, part, value) SELECT ?1, part, value FROM target_part WHERE target_id = ?2";
static const char SQL_TOWNSHIP_OF_COUNTY[] = "SELECT count(*) FROM division WHERE code = ? AND level = 2";
static const char SQL_PERSONS_BY_TOWNSHIP[] =
	"SELECT d.code, (SELECT count(*) FROM person p WHERE p.township_code = d.code AND p.status = 1)"
	" FROM division d WHERE d.level = 2 ORDER BY d.code";
static const char SQL_ENTRY_INSERT[] =
	"INSERT INTO target_entry (target_id, part, date, value, note, at, user_name, file_name, file_type, file_size,"
	" file_sha256) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
#define ENTRY_COLUMNS "id, part, date, value, note, at, user_name, file_name, file_type, file_size, file_sha256"
/* An entry is within a scope when the scope is the county's, or the entry's township is the scope's. */
#define ENTRY_IN_SCOPE                                                                                         \
	"((part = '' AND ?2 = '000000000000') OR (part <> '' AND part BETWEEN substr(?2, 1, 9) || '000' AND ?3))"
static const char SQL_ENTRIES[] =
	"SELECT " ENTRY_COLUMNS " FROM target_entry WHERE target_id = ?1 AND " ENTRY_IN_SCOPE " ORDER BY id DESC";
static const char SQL_ENTRY_ONE[] =
	"SELECT " ENTRY_COLUMNS " FROM target_entry WHERE target_id = ?1 AND " ENTRY_IN_SCOPE " AND id = ?4";
static const char SQL_ENTRY_SUMS[] =
	"SELECT part, sum(value) FROM target_entry WHERE target_id = ? GROUP BY part ORDER BY part";
static const char SQL_PROGRAM_TARGET[] =
	"SELECT id, value FROM target WHERE source = ? AND year = ? ORDER BY id LIMIT 1";
static const char SQL_PROGRAM_TARGET_SET[] =
	"UPDATE target SET value = ?, updated_at = ?, updated_by = ? WHERE id = ?";

/* Rules */

const char *target_status_code(enum target_status s)
{
	static const char *const codes[TARGET_STATUS__MAX] = {"done", "over", "normal", "lagging", "overdue"};
	return (unsigned)s < TARGET_STATUS__MAX ? codes[s] : "";
}

const char *target_status_label(enum target_status s)
{
	static const char *const labels[TARGET_STATUS__MAX] = {"已完成", "超额完成", "正常", "滞后", "逾期"};
	return (unsigned)s < TARGET_STATUS__MAX ? labels[s] : "";
}

int target_elapsed_permille(struct date start, struct date deadline, struct date today)
{
	long s = date_to_days(start), d = date_to_days(deadline), t = date_to_days(today);
	if (t <= s)
		return 0;
	if (t >= d)
		return 1000;
	return (int)((t - s) * 1000 / (d - s));
}

long long target_permille(long long achieved, long long value)
{
	if (value <= 0 || achieved <= 0)
		return 0;
	/*
	 * achieved * 1000 passes 2^63 beyond 9.2e15 (fen: 92 billion yuan, or
	 * the sum of many large entries): in 128 bits, exact, and as large as a
	 * long long gets when the quotient is larger still.
	 */
	__int128 p = (__int128)achieved * 1000 / value;
	return p > LLONG_MAX ? LLONG_MAX : (long long)p;
}

enum target_status target_status_of(long long value, long long achieved, struct date start, struct date deadline,
				     struct date today)
{
	if (achieved > value)
		return TARGET_OVER;
	if (achieved == value)
		return TARGET_DONE;
	if (date_cmp(today, deadline) > 0)
		return TARGET_OVERDUE;
	/* Behind when achieved / value < elapsed days / span days, without division. */
	long s = date_to_days(start), d = date_to_days(deadline), t = date_to_days(today);
	long elapsed = t <= s ? 0 : t - s, span = d - s;
	if (span <= 0)
		return elapsed > 0 ? TARGET_LAGGING : TARGET_ON_TRACK;
	if (elapsed > span)
		elapsed = span;
	/* Both sides stay below 2^63: value and achieved are at most 1e14, days at most ~36,600. */
	long long a = achieved < 0 ? 0 : achieved;
	return (__int128)a * span < (__int128)value * elapsed ? TARGET_LAGGING : TARGET_ON_TRACK;
}

int target_split_proportional(long long total, const long long *weights, size_t n, long long *out)
{
	if (n == 0 || total < 0)
		return -1;
	__int128 sum = 0;
	for (size_t i = 0; i < n; i++) {
		if (weights[i] < 0)
			return -1;
		sum += weights[i];
	}
	/* Remainders kept in 128 bits: total * weight may pass 2^63. */
	__int128 *rem = calloc(n, sizeof *rem);
	if (!rem)
		return -1;
	long long given = 0;
	for (size_t i = 0; i < n; i++) {
		if (sum == 0) {
			out[i] = total / (long long)n;
			rem[i] = 0;
		} else {
			__int128 x = (__int128)total * weights[i];
			out[i] = (long long)(x / sum);
			rem[i] = x % sum;
		}
		given += out[i];
	}
	/* The units left over (fewer than n) go to the largest remainders, earlier parts first on ties. */
	for (long long left = total - given; left > 0; left--) {
		size_t best = n;
		for (size_t i = 0; i < n; i++)
			if (rem[i] >= 0 && (best == n || rem[i] > rem[best]))
				best = i;
		if (best == n)
			break;
		out[best]++;
		rem[best] = -1; /* each part takes at most one extra unit */
	}
	free(rem);
	return 0;
}

/* Work lines */

static const struct target_line lines[] = {
	{"cataract", "贫困白内障复明工程"}, {"assistance", "重度残疾人生活救助"}, {"survey", "残疾人基本情况调查"},
	{"employment", "劳动就业"},        {"levy", "残疾人就业保障金"},   {"rehab", "康复"},
	{"other", "其他工作"},
};

const struct target_line *target_lines(size_t *n)
{
	*n = sizeof lines / sizeof lines[0];
	return lines;
}

const char *target_line_label(const char *key)
{
	for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++)
		if (strcmp(lines[i].key, key) == 0)
			return lines[i].label;
	return key;
}

/* Sources */

typedef void (*tally_fn)(void *ctx, const char *township, long long value);
typedef int (*work_progress_fn)(struct db *db, int year, const char *metric,
				void (*fn)(void *ctx, const char *township_code, long long value), void *ctx,
				struct error *err);

struct metric_label {
	const char *key, *label;
};

/*
 * The work lines' own counts: "kind:metric", each counted by its module
 * per township for a year. Projects ("program:CODE:METRIC" and
 * "paid:CODE") are listed from the stored definitions instead.
 */
static const struct work_source {
	const char *kind, *label;
	work_progress_fn progress;
	struct metric_label metrics[4];
} work_sources[] = {
	{"survey", "残疾人基本情况调查", survey_progress, {{"villages", "完成调查的村"}, {"visited", "已入户调查人数"}, {"recorded", "已登记调查人数"}}},
	{"training", "就业培训", training_progress, {{"classes", "培训班期数"}, {"trainees", "培训人数"}, {"support", "培训扶持资金"}}},
	{"rehab", "康复服务", rehab_progress, {{"services", "服务人次"}, {"persons", "服务人数"}}},
	{"levy", "残疾人就业保障金", levy_progress, {{"collected", "已征收金额"}, {"due", "应征收金额"}, {"enterprises", "已缴纳单位数"}}},
};

static const struct work_source *work_source_of(const char *source, const char **metric)
{
	const char *colon = strchr(source, ':');
	if (!colon)
		return NULL;
	size_t klen = (size_t)(colon - source);
	for (size_t i = 0; i < sizeof work_sources / sizeof work_sources[0]; i++) {
		const struct work_source *w = &work_sources[i];
		if (!w->kind || strlen(w->kind) != klen || strncmp(w->kind, source, klen) != 0)
			continue;
		for (size_t m = 0; m < 4 && w->metrics[m].key; m++)
			if (strcmp(w->metrics[m].key, colon + 1) == 0) {
				*metric = w->metrics[m].key;
				return w;
			}
		return NULL;
	}
	return NULL;
}

/* Splits "program:CODE:METRIC" (metric NULL for "paid:CODE"); false when source is neither. */
static bool project_source(const char *source, bool *paid, char *code, size_t csize, char *metric, size_t msize)
{
	const char *rest;
	if (strncmp(source, "program:", 8) == 0) {
		*paid = false;
		rest = source + 8;
		const char *colon = strchr(rest, ':');
		if (!colon || colon == rest || !colon[1] || (size_t)(colon - rest) >= csize || strlen(colon + 1) >= msize)
			return false;
		snprintf(code, csize, "%.*s", (int)(colon - rest), rest);
		snprintf(metric, msize, "%s", colon + 1);
		return true;
	}
	if (strncmp(source, "paid:", 5) == 0) {
		*paid = true;
		rest = source + 5;
		if (!*rest || strlen(rest) >= csize || strchr(rest, ':'))
			return false;
		snprintf(code, csize, "%s", rest);
		metric[0] = '\0';
		return true;
	}
	return false;
}

int target_source_check(struct db *db, const char *source, bool *splits_hukou, char *reason, size_t size,
			struct error *err)
{
	*splits_hukou = false;
	reason[0] = '\0';
	if (strcmp(source, TARGET_MANUAL) == 0)
		return 0;
	const char *metric = NULL;
	if (work_source_of(source, &metric))
		return 0;
	bool paid;
	char code[PROGRAM_KEY_MAX + 1], key[PROGRAM_KEY_MAX + 1];
	if (!project_source(source, &paid, code, sizeof code, key, sizeof key)) {
		snprintf(reason, size, "数据来源“%.80s”不是可统计的来源", source);
		return 1;
	}
	const struct program *p;
	int got = program_get(db, code, 0, &p, err);
	if (got < 0)
		return -1;
	if (!got) {
		snprintf(reason, size, "项目“%s”不存在", code);
		return 1;
	}
	if (!paid && program_metric_index(p, key) < 0) {
		snprintf(reason, size, "项目“%s”没有指标“%s”", p->name, key);
		return 1;
	}
	*splits_hukou = !paid;
	return 0;
}

void target_source_label(struct db *db, const char *source, char *out, size_t size)
{
	if (strcmp(source, TARGET_MANUAL) == 0) {
		snprintf(out, size, "手工填报");
		return;
	}
	const char *metric = NULL;
	const struct work_source *w = work_source_of(source, &metric);
	if (w) {
		for (size_t m = 0; m < 4 && w->metrics[m].key; m++)
			if (w->metrics[m].key == metric)
				snprintf(out, size, "%s：%s", w->label, w->metrics[m].label);
		return;
	}
	bool paid;
	char code[PROGRAM_KEY_MAX + 1], key[PROGRAM_KEY_MAX + 1];
	const struct program *p = NULL;
	struct error e = ERROR_INIT;
	if (!project_source(source, &paid, code, sizeof code, key, sizeof key) || program_get(db, code, 0, &p, &e) <= 0) {
		snprintf(out, size, "%s", source);
		return;
	}
	int mi = paid ? -1 : program_metric_index(p, key);
	snprintf(out, size, "%s：%s", p->name, paid ? "已发放资金" : mi >= 0 ? p->metrics[mi].label : key);
}

struct sources_ctx {
	struct db *db;
	void (*fn)(void *ctx, const char *source, const char *label);
	void *ctx;
	struct error *err;
	int rc;
};

static void list_program(void *ctx, const char *code, const char *name, int version)
{
	(void)name;
	struct sources_ctx *s = ctx;
	const struct program *p;
	if (s->rc < 0 || program_get(s->db, code, version, &p, s->err) <= 0)
		return;
	char source[TARGET_SOURCE_MAX + 1], label[512];
	for (size_t i = 0; i < p->nmetrics; i++) {
		snprintf(source, sizeof source, "program:%s:%s", code, p->metrics[i].key);
		snprintf(label, sizeof label, "%s：%s", p->name, p->metrics[i].label);
		s->fn(s->ctx, source, label);
	}
	if (p->monthly_amount >= 0) {
		snprintf(source, sizeof source, "paid:%s", code);
		snprintf(label, sizeof label, "%s：已发放资金", p->name);
		s->fn(s->ctx, source, label);
	}
}

int target_sources(struct db *db, void (*fn)(void *ctx, const char *source, const char *label), void *ctx,
		   struct error *err)
{
	struct sources_ctx s = {db, fn, ctx, err, 0};
	if (program_list(db, list_program, &s, err) < 0 || s.rc < 0)
		return -1;
	char source[TARGET_SOURCE_MAX + 1], label[256];
	for (size_t i = 0; i < sizeof work_sources / sizeof work_sources[0]; i++)
		for (size_t m = 0; m < 4 && work_sources[i].kind && work_sources[i].metrics[m].key; m++) {
			snprintf(source, sizeof source, "%s:%s", work_sources[i].kind, work_sources[i].metrics[m].key);
			snprintf(label, sizeof label, "%s：%s", work_sources[i].label, work_sources[i].metrics[m].label);
			fn(ctx, source, label);
		}
	return 0;
}

/* Targets */

static void copy(char *out, size_t size, const char *s)
{
	snprintf(out, size, "%s", s ? s : "");
}

static void from_row(struct db_stmt *st, struct target *t)
{
	memset(t, 0, sizeof *t);
	t->id = db_col_int(st, 0);
	t->year = (int)db_col_int(st, 1);
	copy(t->line, sizeof t->line, db_col_text(st, 2));
	copy(t->name, sizeof t->name, db_col_text(st, 3));
	copy(t->unit, sizeof t->unit, db_col_text(st, 4));
	t->value = db_col_int(st, 5);
	copy(t->split, sizeof t->split, db_col_text(st, 6));
	copy(t->start, sizeof t->start, db_col_text(st, 7));
	copy(t->deadline, sizeof t->deadline, db_col_text(st, 8));
	copy(t->owner, sizeof t->owner, db_col_text(st, 9));
	copy(t->source, sizeof t->source, db_col_text(st, 10));
	copy(t->note, sizeof t->note, db_col_text(st, 11));
	copy(t->updated_at, sizeof t->updated_at, db_col_text(st, 12));
	copy(t->updated_by, sizeof t->updated_by, db_col_text(st, 13));
}

bool target_is_money(const struct target *t)
{
	return strcmp(t->unit, "元") == 0;
}

bool target_may_edit(const struct user *u)
{
	return u->role == ROLE_COUNTY_ADMIN || u->role == ROLE_COUNTY_STAFF;
}

int target_get(struct db *db, int64_t id, struct target *out, struct error *err)
{
	struct db_stmt *st;
	if (db_prepare(db, SQL_GET, &st, err) < 0)
		return -1;
	db_bind_int(st, 1, id);
	int rc = db_step(st, err);
	if (rc == DB_ROW)
		from_row(st, out);
	db_done(st);
	return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
}

int target_list(struct db *db, int year, const char *line,
		int (*fn)(void *ctx, const struct target *t, struct error *err), void *ctx, struct error *err)
{
	struct db_stmt *st;
	if (db_prepare(db, SQL_LIST, &st, err) < 0)
		return -1;
	db_bind_int(st, 1, year);
	db_bind_text(st, 2, line ? line : "");
	int rc;
	struct target t;
	while ((rc = db_step(st, err)) == DB_ROW) {
		from_row(st, &t);
		if (fn(ctx, &t, err) < 0) {
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

static int last_id(struct db *w, int64_t *id, struct error *err)
{
	struct db_stmt *st;
	if (db_prepare(w, SQL_LAST_ID, &st, err) < 0)
		return -1;
	int rc = db_step(st, err);
	if (rc == DB_ROW)
		*id = db_col_int(st, 0);
	db_done(st);
	return rc == DB_ROW ? 0 : -1;
}

static bool line_known(struct db *db, const char *line, struct error *err, int *failed)
{
	for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++)
		if (strcmp(lines[i].key, line) == 0)
			return true;
	/* A project's code is its own work line. */
	const struct program *p;
	int got = strlen(line) <= PROGRAM_KEY_MAX ? program_get(db, line, 0, &p, err) : 0;
	if (got < 0)
		*failed = 1;
	return got == 1;
}

static int check(struct db *w, const struct target *t, struct case_problems *pr, struct error *err)
{
	int failed = 0;
	if (t->year < 2000 || t->year > 2100)
		case_field_problem(pr, "year", "年度应为2000至2100之间的年份");
	if (!t->line[0])
		case_field_problem(pr, "line", "请选择工作条线");
	else if (!line_known(w, t->line, err, &failed))
		case_field_problem(pr, "line", "工作条线“%.32s”不存在", t->line);
	if (failed)
		return -1;
	case_text_problem(pr, "name", "目标名称", t->name, TARGET_NAME_MAX, true);
	case_text_problem(pr, "unit", "计量单位", t->unit, TARGET_UNIT_MAX, true);
	case_text_problem(pr, "owner", "责任人", t->owner, 128, false);
	case_text_problem(pr, "note", "说明", t->note, TARGET_NOTE_MAX, false);
	if (t->value < 1 || t->value > TARGET_VALUE_MAX)
		case_field_problem(pr, "value", "目标值应为大于0的数");
	struct date s, d;
	bool dates = true;
	if (date_parse(t->start, &s) < 0) {
		case_field_problem(pr, "start", "开始日期应为日期，如 2024-01-01");
		dates = false;
	}
	if (date_parse(t->deadline, &d) < 0) {
		case_field_problem(pr, "deadline", "完成时限应为日期，如 2024-12-31");
		dates = false;
	}
	if (dates && date_cmp(d, s) < 0)
		case_field_problem(pr, "deadline", "完成时限不能早于开始日期");
	bool hukou = false;
	char reason[300];
	int sc = target_source_check(w, t->source, &hukou, reason, sizeof reason, err);
	if (sc < 0)
		return -1;
	if (sc)
		case_field_problem(pr, "source", "%s", reason);
	if (strcmp(t->split, "") != 0 && strcmp(t->split, "township") != 0 && strcmp(t->split, "hukou") != 0)
		case_field_problem(pr, "split", "分解方式应为不分解、按乡镇或按城乡");
	else if (strcmp(t->split, "hukou") == 0 && sc == 0 && !hukou)
		case_field_problem(pr, "split", "这个数据来源不能按城镇、农村分解（只有项目的指标可以）");
	if (t->name[0]) {
		struct db_stmt *st;
		if (db_prepare(w, SQL_NAME_TAKEN, &st, err) < 0)
			return -1;
		db_bind_int(st, 1, t->year);
		db_bind_text(st, 2, t->name);
		db_bind_int(st, 3, t->id);
		int rc = db_step(st, err);
		long n = rc == DB_ROW ? (long)db_col_int(st, 0) : 0;
		db_done(st);
		if (rc != DB_ROW)
			return -1;
		if (n)
			case_field_problem(pr, "name", "%d年已有名为“%s”的目标", t->year, t->name);
	}
	return 0;
}

int target_save(struct db *w, struct target *t, const struct user *u, struct case_problems *pr, struct error *err)
{
	memset(pr, 0, sizeof *pr);
	if (!target_may_edit(u))
		return case_refuse(pr, "您的角色（%s）不能设定目标", role_label(u->role));
	if (!t->start[0])
		snprintf(t->start, sizeof t->start, "%04d-01-01", t->year);
	struct target old;
	if (t->id) {
		int got = target_get(w, t->id, &old, err);
		if (got <= 0)
			return got < 0 ? -1 : 2;
	}
	if (check(w, t, pr, err) < 0)
		return -1;
	if (pr->n)
		return case_refuse(pr, "目标未保存，请改正标出的项"), 1;
	/* Stored as YYYY-MM-DD however typed (2024/3/1, 20240301): dates are compared as text. */
	struct date start, deadline;
	if (date_parse(t->start, &start) < 0 || date_parse(t->deadline, &deadline) < 0)
		return error_set(err, "target: bad dates");
	date_format(start, t->start);
	date_format(deadline, t->deadline);
	char at[STAMP_SIZE];
	stamp_now(at);
	if (db_begin(w, err) < 0)
		return -1;
	struct db_stmt *st;
	if (db_prepare(w, t->id ? SQL_UPDATE : SQL_INSERT, &st, err) < 0)
		goto fail;
	db_bind_int(st, 1, t->year);
	db_bind_text(st, 2, t->line);
	db_bind_text(st, 3, t->name);
	db_bind_text(st, 4, t->unit);
	db_bind_int(st, 5, t->value);
	db_bind_text(st, 6, t->split);
	db_bind_text(st, 7, t->start);
	db_bind_text(st, 8, t->deadline);
	db_bind_text(st, 9, t->owner);
	db_bind_text(st, 10, t->source);
	db_bind_text(st, 11, t->note);
	db_bind_text(st, 12, at);
	db_bind_text(st, 13, u->name);
	if (t->id)
		db_bind_int(st, 14, t->id);
	if (run(st, err) < 0)
		goto fail;
	if (!t->id) {
		if (last_id(w, &t->id, err) < 0)
			goto fail;
	} else if (strcmp(old.split, t->split) != 0 || old.value != t->value) {
		/* Parts that were cut for another split or another total no longer add up. */
		if (db_prepare(w, SQL_PARTS_DELETE, &st, err) < 0)
			goto fail;
		db_bind_int(st, 1, t->id);
		if (run(st, err) < 0)
			goto fail;
	}
	if (db_commit(w, err) < 0)
		goto fail;
	copy(t->updated_at, sizeof t->updated_at, at);
	copy(t->updated_by, sizeof t->updated_by, u->name);
	return 0;
fail:
	db_rollback(w);
	return -1;
}

/* The same day years later (a year for the next year's targets); 29 February becomes the 28th outside leap years. */
static void years_later(const char *day, int years, char out[11])
{
	struct date d;
	if (date_parse(day, &d) < 0) {
		copy(out, 11, day);
		return;
	}
	d.year += years;
	if (d.month == 2 && d.day == 29 && !date_is_leap(d.year))
		d.day = 28;
	date_format(d, out);
}

struct copy_ctx {
	struct target *list;
	size_t n, cap;
};

static int collect(void *ctx, const struct target *t, struct error *err)
{
	(void)err;
	struct copy_ctx *c = ctx;
	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 16;
		struct target *list = realloc(c->list, cap * sizeof *list);
		if (!list)
			return error_set(err, "out of memory");
		c->list = list;
		c->cap = cap;
	}
	c->list[c->n++] = *t;
	return 0;
}

int target_copy_year(struct db *w, int from, int to, const struct user *u, long *copied, struct error *err)
{
	*copied = 0;
	struct copy_ctx c = {0};
	if (target_list(w, from, "", collect, &c, err) < 0) {
		free(c.list);
		return -1;
	}
	char at[STAMP_SIZE];
	stamp_now(at);
	int rc = -1;
	if (db_begin(w, err) < 0)
		goto out;
	for (size_t i = 0; i < c.n; i++) {
		struct target *t = &c.list[i];
		struct db_stmt *st;
		if (db_prepare(w, SQL_NAME_TAKEN, &st, err) < 0)
			goto fail;
		db_bind_int(st, 1, to);
		db_bind_text(st, 2, t->name);
		db_bind_int(st, 3, 0);
		int r = db_step(st, err);
		long taken = r == DB_ROW ? (long)db_col_int(st, 0) : 0;
		db_done(st);
		if (r != DB_ROW)
			goto fail;
		if (taken)
			continue;
		char start[11], deadline[11];
		years_later(t->start, to - from, start);
		years_later(t->deadline, to - from, deadline);
		if (db_prepare(w, SQL_INSERT, &st, err) < 0)
			goto fail;
		db_bind_int(st, 1, to);
		db_bind_text(st, 2, t->line);
		db_bind_text(st, 3, t->name);
		db_bind_text(st, 4, t->unit);
		db_bind_int(st, 5, t->value);
		db_bind_text(st, 6, t->split);
		db_bind_text(st, 7, start);
		db_bind_text(st, 8, deadline);
		db_bind_text(st, 9, t->owner);
		db_bind_text(st, 10, t->source);
		db_bind_text(st, 11, t->note);
		db_bind_text(st, 12, at);
		db_bind_text(st, 13, u->name);
		int64_t id;
		if (run(st, err) < 0 || last_id(w, &id, err) < 0 || db_prepare(w, SQL_PARTS_COPY, &st, err) < 0)
			goto fail;
		db_bind_int(st, 1, id);
		db_bind_int(st, 2, t->id);
		if (run(st, err) < 0)
			goto fail;
		++*copied;
	}
	if (db_commit(w, err) < 0)
		goto fail;
	rc = 0;
	goto out;
fail:
	db_rollback(w);
	*copied = 0;
out:
	free(c.list);
	return rc;
}

/* Parts */

int target_parts(struct db *db, int64_t id, void (*fn)(void *ctx, const struct target_part *p), void *ctx,
		 struct error *err)
{
	struct db_stmt *st;
	if (db_prepare(db, SQL_PARTS, &st, err) < 0)
		return -1;
	db_bind_int(st, 1, id);
	int rc;
	struct target_part p;
	while ((rc = db_step(st, err)) == DB_ROW) {
		copy(p.part, sizeof p.part, db_col_text(st, 0));
		p.value = db_col_int(st, 1);
		fn(ctx, &p);
	}
	db_done(st);
	return rc == DB_DONE ? 0 : -1;
}

static int township_exists(struct db *db, const char *code, struct error *err)
{
	struct db_stmt *st;
	if (db_prepare(db, SQL_TOWNSHIP_OF_COUNTY, &st, err) < 0)
		return -1;
	db_bind_text(st, 1, code);
	int rc = db_step(st, err);
	long n = rc == DB_ROW ? (long)db_col_int(st, 0) : 0;
	db_done(st);
	return rc == DB_ROW ? n > 0 : -1;
}

int target_set_parts(struct db *w, int64_t id, const struct target_part *parts, size_t n, const struct user *u,
		     struct case_problems *pr, struct error *err)
{
	memset(pr, 0, sizeof *pr);
	if (!target_may_edit(u))
		return case_refuse(pr, "您的角色（%s）不能分解目标", role_label(u->role));
	struct target t;
	int got = target_get(w, id, &t, err);
	if (got <= 0)
		return got < 0 ? -1 : 2;
	if (!t.split[0])
		return case_refuse(pr, "目标“%s”不分解；请先把分解方式改为按乡镇或按城乡", t.name);
	if (n > TARGET_PARTS_MAX)
		return case_refuse(pr, "分解项太多（最多%d项）", TARGET_PARTS_MAX);
	bool hukou = strcmp(t.split, "hukou") == 0;
	long long sum = 0;
	for (size_t i = 0; i < n; i++) {
		const struct target_part *p = &parts[i];
		if (p->value < 0 || p->value > TARGET_VALUE_MAX)
			case_field_problem(pr, p->part, "分解值应为0或正数");
		else
			sum += p->value;
		for (size_t j = 0; j < i; j++)
			if (strcmp(parts[j].part, p->part) == 0)
				case_field_problem(pr, p->part, "重复的分解项");
		if (hukou) {
			if (strcmp(p->part, "1") != 0 && strcmp(p->part, "2") != 0)
				case_field_problem(pr, p->part, "按城乡分解只能分为城镇（1）和农村（2）");
		} else {
			int ok = township_exists(w, p->part, err);
			if (ok < 0)
				return -1;
			if (!ok)
				case_field_problem(pr, p->part, "“%.12s”不是本县的乡镇", p->part);
		}
	}
	if (!pr->n && sum != t.value)
		case_refuse(pr, "分解值合计%lld，与目标值%lld不等（差%lld）", sum, t.value, t.value - sum);
	if (pr->n || pr->message[0])
		return case_refuse(pr, "分解未保存"), 1;
	if (db_begin(w, err) < 0)
		return -1;
	struct db_stmt *st;
	if (db_prepare(w, SQL_PARTS_DELETE, &st, err) < 0)
		goto fail;
	db_bind_int(st, 1, id);
	if (run(st, err) < 0)
		goto fail;
	for (size_t i = 0; i < n; i++) {
		if (db_prepare(w, SQL_PART_INSERT, &st, err) < 0)
			goto fail;
		db_bind_int(st, 1, id);
		db_bind_text(st, 2, parts[i].part);
		db_bind_int(st, 3, parts[i].value);
		if (run(st, err) < 0)
			goto fail;
	}
	if (db_commit(w, err) < 0)
		goto fail;
	return 0;
fail:
	db_rollback(w);
	return -1;
}

int target_split_by_persons(struct db *w, int64_t id, const struct user *u, struct case_problems *pr,
			    struct error *err)
{
	memset(pr, 0, sizeof *pr);
	struct target t;
	int got = target_get(w, id, &t, err);
	if (got <= 0)
		return got < 0 ? -1 : 2;
	if (strcmp(t.split, "township") != 0)
		return case_refuse(pr, "只有按乡镇分解的目标才能按人数分配");
	struct target_part parts[TARGET_PARTS_MAX];
	long long weights[TARGET_PARTS_MAX], out[TARGET_PARTS_MAX];
	size_t n = 0;
	struct db_stmt *st;
	if (db_prepare(w, SQL_PERSONS_BY_TOWNSHIP, &st, err) < 0)
		return -1;
	int rc;
	while ((rc = db_step(st, err)) == DB_ROW && n < TARGET_PARTS_MAX) {
		copy(parts[n].part, sizeof parts[n].part, db_col_text(st, 0));
		weights[n++] = db_col_int(st, 1);
	}
	db_done(st);
	if (rc != DB_DONE && rc != DB_ROW)
		return -1;
	if (n == 0)
		return case_refuse(pr, "本县还没有乡镇，不能分解");
	if (target_split_proportional(t.value, weights, n, out) < 0)
		return error_set(err, "split failed");
	for (size_t i = 0; i < n; i++)
		parts[i].value = out[i];
	return target_set_parts(w, id, parts, n, u, pr, err);
}

/* Entries */

/* The township a scope is limited to ("" for the county): the first 9 digits of its codes. */
static void scope_township(const struct registry_scope *scope, char out[13])
{
	if (!scope->lo[0] || strcmp(scope->lo, "000000000000") == 0)
		out[0] = '\0';
	else
		snprintf(out, 13, "%.9s000", scope->lo);
}

int target_add_entry(struct db *w, int64_t id, const char *part, const char *date, long long value,
		     const char *note, const struct user *u, struct case_problems *pr, struct error *err)
{
	return target_add_entry_file(w, NULL, id, part, date, value, note, NULL, u, NULL, pr, err);
}

static int entry_insert(struct db *w, int64_t id, const struct target_entry *e, struct error *err)
{
	struct db_stmt *st;
	if (db_prepare(w, SQL_ENTRY_INSERT, &st, err) < 0)
		return -1;
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, e->part);
	db_bind_text(st, 3, e->date);
	db_bind_int(st, 4, e->value);
	db_bind_text(st, 5, e->note);
	db_bind_text(st, 6, e->at);
	db_bind_text(st, 7, e->user_name);
	db_bind_text(st, 8, e->file_name);
	db_bind_text(st, 9, e->file_type);
	db_bind_int(st, 10, e->file_size);
	db_bind_text(st, 11, e->file_sha256);
	return run(st, err);
}

int target_add_entry_file(struct db *w, const char *dir, int64_t id, const char *part, const char *date,
			  long long value, const char *note, const struct target_file *file, const struct user *u,
			  struct target_entry *out, struct case_problems *pr, struct error *err)
{
	memset(pr, 0, sizeof *pr);
	struct target_entry *e = xcalloc(1, sizeof *e);
	int rc = -1;
	struct target t;
	int got = target_get(w, id, &t, err);
	if (got <= 0) {
		rc = got < 0 ? -1 : 2;
		goto out;
	}
	rc = 1;
	if (strcmp(t.source, TARGET_MANUAL) != 0) {
		case_refuse(pr, "目标“%s”的进度由系统按数据自动统计，不能手工填报", t.name);
		goto out;
	}
	struct registry_scope scope;
	registry_scope_of(u, &scope);
	char own[13];
	scope_township(&scope, own);
	bool county = target_may_edit(u);
	if (!county && (u->role != ROLE_TOWNSHIP || !own[0])) {
		case_refuse(pr, "您的角色（%s）不能填报目标进度", role_label(u->role));
		goto out;
	}
	if (!county && strcmp(part, own) != 0) {
		case_refuse(pr, "只能填报本乡镇的进度");
		goto out;
	}
	if (part[0]) {
		int ok = township_exists(w, part, err);
		if (ok < 0) {
			rc = -1;
			goto out;
		}
		if (!ok)
			case_field_problem(pr, "part", "“%.12s”不是本县的乡镇", part);
	}
	struct date d;
	if (date_parse(date, &d) < 0)
		case_field_problem(pr, "date", "日期应为日期，如 2024-10-31");
	else if (date_cmp(d, date_today()) > 0)
		case_field_problem(pr, "date", "日期（%s）不能晚于今天", date);
	if (value == 0 || value < -TARGET_VALUE_MAX || value > TARGET_VALUE_MAX)
		case_field_problem(pr, "value", "完成数不能为0（更正以前的填报请填负数）");
	case_text_problem(pr, "note", "佐证说明", note, TARGET_NOTE_MAX, true);
	/* The evidence's document, checked as a case's scanned documents are. */
	const char *type = NULL;
	if (file) {
		char why[ATTACHMENT_REASON_MAX];
		if (attachment_check(file->data, file->len, &type, why, sizeof why))
			case_field_problem(pr, "file", "%s", why);
		else if (!dir) {
			rc = error_set(err, "no directory to store the evidence of target %lld in", (long long)id);
			goto out;
		}
	}
	if (pr->n) {
		case_refuse(pr, "进度未保存，请改正标出的项");
		goto out;
	}
	copy(e->part, sizeof e->part, part);
	date_format(d, e->date);
	e->value = value;
	copy(e->note, sizeof e->note, note);
	stamp_now(e->at);
	copy(e->user_name, sizeof e->user_name, u->name);
	/* The file first, durably; the row after, so that a row always has its file. */
	bool created = false;
	if (file) {
		attachment_clean_name(file->filename, type, e->file_name, sizeof e->file_name);
		copy(e->file_type, sizeof e->file_type, type);
		e->file_size = (int64_t)file->len;
		if (attachment_store(dir, file->data, file->len, e->file_sha256, &created, err) < 0) {
			rc = -1;
			goto out;
		}
	}
	if (entry_insert(w, id, e, err) < 0 || last_id(w, &e->id, err) < 0) {
		if (created)
			attachment_unstore(dir, e->file_sha256);
		rc = -1;
		goto out;
	}
	if (out)
		*out = *e;
	rc = 0;
out:
	free(e);
	return rc;
}

static void entry_from_row(struct db_stmt *st, struct target_entry *e)
{
	e->id = db_col_int(st, 0);
	copy(e->part, sizeof e->part, db_col_text(st, 1));
	copy(e->date, sizeof e->date, db_col_text(st, 2));
	e->value = db_col_int(st, 3);
	copy(e->note, sizeof e->note, db_col_text(st, 4));
	copy(e->at, sizeof e->at, db_col_text(st, 5));
	copy(e->user_name, sizeof e->user_name, db_col_text(st, 6));
	copy(e->file_name, sizeof e->file_name, db_col_text(st, 7));
	copy(e->file_type, sizeof e->file_type, db_col_text(st, 8));
	e->file_size = db_col_int(st, 9);
	copy(e->file_sha256, sizeof e->file_sha256, db_col_text(st, 10));
}

static void entry_bind_scope(struct db_stmt *st, int64_t id, const struct registry_scope *scope)
{
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, scope->lo);
	db_bind_text(st, 3, scope->hi);
}

int target_entries(struct db *db, int64_t id, const struct registry_scope *scope,
		   int (*fn)(void *ctx, const struct target_entry *e, struct error *err), void *ctx,
		   struct error *err)
{
	if (!scope->lo[0])
		return 0;
	struct db_stmt *st;
	if (db_prepare(db, SQL_ENTRIES, &st, err) < 0)
		return -1;
	entry_bind_scope(st, id, scope);
	int rc;
	struct target_entry *e = xmalloc(sizeof *e);
	while ((rc = db_step(st, err)) == DB_ROW) {
		entry_from_row(st, e);
		if (fn(ctx, e, err) < 0) {
			rc = DB_ERROR;
			break;
		}
	}
	db_done(st);
	free(e);
	return rc == DB_DONE ? 0 : -1;
}

int target_entry_get(struct db *db, int64_t id, int64_t entry, const struct registry_scope *scope,
		     struct target_entry *out, struct error *err)
{
	if (!scope->lo[0])
		return 0;
	struct db_stmt *st;
	if (db_prepare(db, SQL_ENTRY_ONE, &st, err) < 0)
		return -1;
	entry_bind_scope(st, id, scope);
	db_bind_int(st, 4, entry);
	int rc = db_step(st, err);
	if (rc == DB_ROW)
		entry_from_row(st, out);
	db_done(st);
	return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
}

/* Progress */

struct tally {
	struct target_progress *p;
	long long total;
	bool overflow;
};

static size_t part_slot(struct target_progress *p, const char *part)
{
	for (size_t i = 0; i < p->nparts; i++)
		if (strcmp(p->parts[i].part, part) == 0)
			return i;
	if (p->nparts == TARGET_PARTS_MAX)
		return TARGET_PARTS_MAX;
	size_t i = p->nparts++;
	copy(p->parts[i].part, sizeof p->parts[i].part, part);
	p->parts[i].share = -1;
	p->parts[i].achieved = 0;
	return i;
}

static void add(void *ctx, const char *part, long long v)
{
	struct tally *t = ctx;
	if (__builtin_add_overflow(t->total, v, &t->total))
		t->overflow = true;
	if (!part[0])
		return; /* counted for the county, not attributable to a township */
	size_t i = part_slot(t->p, part);
	if (i < TARGET_PARTS_MAX)
		t->p->parts[i].achieved += v;
}

static void add_counter(void *ctx, const char *township, const char *counter, long n)
{
	struct { struct tally *t; const char *want; } *c = ctx;
	if (strcmp(counter, c->want) == 0)
		add(c->t, township, n);
}

static void add_hukou(void *ctx, int hukou, long n)
{
	char part[2] = {(char)('0' + hukou), '\0'};
	add(ctx, hukou == 1 || hukou == 2 ? part : "", n);
}

static void add_share(void *ctx, const struct target_part *part)
{
	struct target_progress *p = ctx;
	size_t i = part_slot(p, part->part);
	if (i < TARGET_PARTS_MAX)
		p->parts[i].share = part->value;
}

/* Parts in code order ("1" before "2", townships by code): part is the first member of each. */
static int by_part(const void *a, const void *b)
{
	return strcmp((const char *)a, (const char *)b);
}

/* Counts t's progress into tl: per township, or per hukou part when by_hukou (a project metric split urban/rural). */
static int achieved_of(struct db *db, const struct target *t, bool by_hukou, struct tally *tl, struct error *err)
{
	if (strcmp(t->source, TARGET_MANUAL) == 0) {
		struct db_stmt *st;
		if (db_prepare(db, SQL_ENTRY_SUMS, &st, err) < 0)
			return -1;
		db_bind_int(st, 1, t->id);
		int rc;
		while ((rc = db_step(st, err)) == DB_ROW)
			add(tl, db_col_text(st, 0), db_col_int(st, 1));
		db_done(st);
		return rc == DB_DONE ? 0 : -1;
	}
	const char *metric = NULL;
	const struct work_source *w = work_source_of(t->source, &metric);
	if (w)
		return w->progress(db, t->year, metric, add, tl, err);
	bool paid;
	char code[PROGRAM_KEY_MAX + 1], key[PROGRAM_KEY_MAX + 1];
	if (!project_source(t->source, &paid, code, sizeof code, key, sizeof key))
		return error_set(err, "target %lld: unknown source %s", (long long)t->id, t->source);
	struct registry_scope county = {"000000000000", "999999999999"};
	if (paid)
		return payment_paid_by_township(db, code, t->year, add, tl, err);
	if (by_hukou)
		return case_report_metric_by_hukou(db, code, t->year, key, add_hukou, tl, err);
	char counter[PROGRAM_KEY_MAX + 8];
	snprintf(counter, sizeof counter, "metric:%s", key);
	struct { struct tally *t; const char *want; } c = {tl, counter};
	return case_counts(db, &county, code, t->year, "", true, add_counter, &c, err);
}

int target_progress_of(struct db *db, const struct target *t, const struct registry_scope *scope, struct date today,
		       struct target_progress *out, struct error *err)
{
	memset(out, 0, sizeof *out);
	char own[13];
	scope_township(scope, own);
	/* A township's own figure is by township, also when the county's parts are urban/rural. */
	bool by_hukou = strcmp(t->split, "hukou") == 0 && !own[0];
	struct tally tl = {out, 0, false};
	if (achieved_of(db, t, by_hukou, &tl, err) < 0)
		return -1;
	if (tl.overflow)
		return error_set(err, "target %lld: progress overflows", (long long)t->id);
	if (t->split[0] && target_parts(db, t->id, add_share, out, err) < 0)
		return -1;
	qsort(out->parts, out->nparts, sizeof out->parts[0], by_part);
	struct date start, deadline;
	if (date_parse(t->start, &start) < 0 || date_parse(t->deadline, &deadline) < 0)
		return error_set(err, "target %lld: bad dates", (long long)t->id);
	for (size_t i = 0; i < out->nparts; i++)
		out->parts[i].status = out->parts[i].share > 0
					       ? target_status_of(out->parts[i].share, out->parts[i].achieved, start,
								  deadline, today)
					       : TARGET_STATUS__MAX;
	out->achieved = tl.total;
	out->value = t->value;
	if (own[0]) {
		/* A township sees its own row: its achieved and its share (if the target was split to townships). */
		size_t keep = TARGET_PARTS_MAX;
		for (size_t i = 0; i < out->nparts; i++)
			if (strcmp(out->parts[i].part, own) == 0)
				keep = i;
		out->achieved = keep < TARGET_PARTS_MAX ? out->parts[keep].achieved : 0;
		out->value = keep < TARGET_PARTS_MAX && strcmp(t->split, "township") == 0 ? out->parts[keep].share : -1;
		if (keep < TARGET_PARTS_MAX) {
			out->parts[0] = out->parts[keep];
			out->nparts = 1;
		} else {
			out->nparts = 0;
		}
	}
	out->elapsed_permille = target_elapsed_permille(start, deadline, today);
	out->permille = out->value > 0 ? target_permille(out->achieved, out->value) : 0;
	out->status = out->value > 0 ? target_status_of(out->value, out->achieved, start, deadline, today)
				     : TARGET_STATUS__MAX;
	return 0;
}

/* The project pages' targets */

int target_program_value(struct db *db, const char *program, int year, const char *metric, long long *value,
			 struct error *err)
{
	char source[TARGET_SOURCE_MAX + 1];
	snprintf(source, sizeof source, "program:%s:%s", program, metric);
	struct db_stmt *st;
	if (db_prepare(db, SQL_PROGRAM_TARGET, &st, err) < 0)
		return -1;
	db_bind_text(st, 1, source);
	db_bind_int(st, 2, year);
	int rc = db_step(st, err);
	if (rc == DB_ROW)
		*value = db_col_int(st, 1);
	db_done(st);
	return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
}

/* Sets the value of project target id (old before); as target_save, parts cut for another total no longer add up. */
static int program_target_update(struct db *w, int64_t id, long long old, long long value, const struct user *u,
				 struct error *err)
{
	char at[STAMP_SIZE];
	stamp_now(at);
	if (db_begin(w, err) < 0)
		return -1;
	struct db_stmt *st;
	if (db_prepare(w, SQL_PROGRAM_TARGET_SET, &st, err) < 0)
		goto fail;
	db_bind_int(st, 1, value);
	db_bind_text(st, 2, at);
	db_bind_text(st, 3, u->name);
	db_bind_int(st, 4, id);
	if (run(st, err) < 0)
		goto fail;
	if (value != old) {
		if (db_prepare(w, SQL_PARTS_DELETE, &st, err) < 0)
			goto fail;
		db_bind_int(st, 1, id);
		if (run(st, err) < 0)
			goto fail;
	}
	if (db_commit(w, err) < 0)
		goto fail;
	return 0;
fail:
	db_rollback(w);
	return -1;
}

int target_set_program(struct db *w, const char *program, int year, const char *metric, long long value,
		       const struct user *u, struct error *err)
{
	char source[TARGET_SOURCE_MAX + 1];
	snprintf(source, sizeof source, "program:%s:%s", program, metric);
	struct db_stmt *st;
	if (db_prepare(w, SQL_PROGRAM_TARGET, &st, err) < 0)
		return -1;
	db_bind_text(st, 1, source);
	db_bind_int(st, 2, year);
	int rc = db_step(st, err);
	int64_t id = rc == DB_ROW ? db_col_int(st, 0) : 0;
	long long old = rc == DB_ROW ? db_col_int(st, 1) : 0;
	db_done(st);
	if (rc != DB_ROW && rc != DB_DONE)
		return -1;
	if (id)
		return program_target_update(w, id, old, value, u, err);
	const struct program *p;
	int got = program_get(w, program, 0, &p, err);
	if (got <= 0)
		return got < 0 ? -1 : error_set(err, "no program %s", program);
	struct target t = {0};
	t.year = year;
	copy(t.line, sizeof t.line, program);
	snprintf(t.name, sizeof t.name, "%s目标", p->name);
	copy(t.unit, sizeof t.unit, p->unit[0] ? p->unit : "例");
	t.value = value;
	snprintf(t.deadline, sizeof t.deadline, "%04d-12-31", year);
	copy(t.source, sizeof t.source, source);
	struct case_problems pr;
	int saved = target_save(w, &t, u, &pr, err);
	if (saved == 1)
		return error_set(err, "%s", pr.n ? pr.items[0].reason : pr.message);
	return saved == 0 ? 0 : -1;
}
