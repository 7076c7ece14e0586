#include "domain/enterprise.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base/mask.h"
#include "base/msg.h"
#include "base/number.h"
#include "base/stamp.h"
#include "base/utf8.h"
#include "base/intmap.h"
#include "base/xalloc.h"
#include "base/date.h"

static const char SQL_GET[] = "SELECT " ENTERPRISE_COLUMNS ", s.employees, s.disabled, s.enterprise_id IS NOT NULL"
			      ENTERPRISE_JOINS
			      " LEFT JOIN levy_staff s ON s.enterprise_id = e.id AND s.year = ?"
			      " WHERE e.id = ? AND e.division_code BETWEEN ? AND ?";
static const char SQL_FIND_CODE[] = "SELECT id, name FROM levy_enterprise WHERE credit_code = ?";
static const char SQL_INSERT[] =
	"INSERT INTO levy_enterprise (credit_code, name, address, division_code, contact, phone, created_at, created_by,"
	" updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
static const char SQL_LAST_ID[] = "SELECT last_insert_rowid()";
static const char SQL_UPDATE[] =
	"UPDATE levy_enterprise SET credit_code = ?, name = ?, address = ?, division_code = ?, contact = ?, phone = ?,"
	" rev = rev + 1, updated_at = ?, updated_by = ? WHERE id = ? AND rev = ?";
static const char SQL_TOWNSHIP_BY_NAME[] = "SELECT code FROM division WHERE level = 2 AND name = ? ORDER BY code LIMIT 2";
static const char SQL_STAFF[] =
	"INSERT INTO levy_staff (enterprise_id, year, employees, disabled, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?)"
	" ON CONFLICT (enterprise_id, year) DO UPDATE SET employees = excluded.employees, disabled = excluded.disabled,"
	" updated_at = excluded.updated_at, updated_by = excluded.updated_by";

const struct enterprise_field_info enterprise_fields[ENTERPRISE_FIELD__MAX] = {
    [ENTERPRISE_CREDIT_CODE] = {"credit_code", "统一社会信用代码", true},
    [ENTERPRISE_NAME] = {"name", "单位名称", true},
    [ENTERPRISE_ADDRESS] = {"address", "地址", false},
    [ENTERPRISE_DIVISION] = {"division", "所在乡镇（村）", true},
    [ENTERPRISE_CONTACT] = {"contact", "联系人", false},
    [ENTERPRISE_PHONE] = {"phone", "联系电话", false},
    [ENTERPRISE_YEAR] = {"year", "年度", false},
    [ENTERPRISE_EMPLOYEES] = {"employees", "在职职工人数", false},
    [ENTERPRISE_DISABLED] = {"disabled_employees", "安排残疾人数", false},
};

/* The labels of domain/levy's keys, for messages that name a field. */
static const struct {
	const char *key, *label;
} other_labels[] = {
    {"avg_wage", "在职职工年平均工资"}, {"ratio", "安排比例"}, {"kind", "减免或缓缴"}, {"amount", "金额"},
    {"reason", "原因"},                 {"date", "缴款日期"}, {"receipt", "票据号"},    {"corrects", "更正的记录"},
};

const char *enterprise_field_label(const char *key)
{
	for (int i = 0; i < ENTERPRISE_FIELD__MAX; i++)
		if (strcmp(enterprise_fields[i].key, key) == 0)
			return enterprise_fields[i].label;
	for (size_t i = 0; i < sizeof other_labels / sizeof other_labels[0]; i++)
		if (strcmp(other_labels[i].key, key) == 0)
			return other_labels[i].label;
	return key;
}

int enterprise_refuse(struct enterprise_problems *pr, const char *fmt, ...)
{
	if (!pr->message[0]) {
		/* Formatted in full, then cut at a character by error_set. */
		char text[2 * sizeof pr->message];
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(text, sizeof text, fmt, ap);
		va_end(ap);
		struct error e = ERROR_INIT;
		error_set(&e, "%s", text);
		_Static_assert(sizeof pr->message == sizeof e.msg, "message and error sizes");
		memcpy(pr->message, e.msg, sizeof pr->message);
	}
	return 1;
}

void enterprise_problem(struct enterprise_problems *pr, const char *field, const char *fmt, ...)
{
	if (pr->n >= ENTERPRISE_PROBLEMS_MAX || *enterprise_reason(pr, field))
		return;
	snprintf(pr->items[pr->n].field, sizeof pr->items[pr->n].field, "%s", field);
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(pr->items[pr->n].reason, sizeof pr->items[pr->n].reason, fmt, ap);
	va_end(ap);
	pr->n++;
}

const char *enterprise_reason(const struct enterprise_problems *pr, const char *field)
{
	for (int i = 0; i < pr->n; i++)
		if (strcmp(pr->items[i].field, field) == 0)
			return pr->items[i].reason;
	return "";
}

void enterprise_problems_text(const struct enterprise_problems *pr, char *out, size_t size)
{
	if (pr->n)
		snprintf(out, size, "%s：%s", enterprise_field_label(pr->items[0].field), pr->items[0].reason);
	else
		snprintf(out, size, "%s", pr->message);
}

static void copy(char *out, size_t size, const char *s)
{
	snprintf(out, size, "%s", s ? s : "");
}

void enterprise_read(struct db_stmt *st, int col, struct enterprise *out)
{
	memset(out, 0, sizeof *out);
	out->id = db_col_int(st, col);
	copy(out->credit_code, sizeof out->credit_code, db_col_text(st, col + 1));
	copy(out->name, sizeof out->name, db_col_text(st, col + 2));
	copy(out->address, sizeof out->address, db_col_text(st, col + 3));
	copy(out->division, sizeof out->division, db_col_text(st, col + 4));
	copy(out->division_name, sizeof out->division_name, db_col_text(st, col + 5));
	copy(out->township, sizeof out->township, db_col_text(st, col + 6));
	copy(out->township_name, sizeof out->township_name, db_col_text(st, col + 7));
	copy(out->contact, sizeof out->contact, db_col_text(st, col + 8));
	copy(out->phone, sizeof out->phone, db_col_text(st, col + 9));
	out->rev = (long)db_col_int(st, col + 10);
	copy(out->created_at, sizeof out->created_at, db_col_text(st, col + 11));
	copy(out->created_by, sizeof out->created_by, db_col_text(st, col + 12));
	copy(out->updated_at, sizeof out->updated_at, db_col_text(st, col + 13));
	copy(out->updated_by, sizeof out->updated_by, db_col_text(st, col + 14));
}

int enterprise_get(struct db *db, const struct registry_scope *scope, int64_t id, int year, struct enterprise *out,
		   struct error *err)
{
	struct db_stmt *st;
	if (db_prepare(db, SQL_GET, &st, err) < 0)
		return -1;
	db_bind_int(st, 1, year);
	db_bind_int(st, 2, id);
	db_bind_text(st, 3, scope->lo);
	db_bind_text(st, 4, scope->hi);
	int rc = db_step(st, err);
	if (rc == DB_ROW) {
		enterprise_read(st, 0, out);
		out->year = year;
		out->has_staff = db_col_int(st, ENTERPRISE_NCOLUMNS + 2) != 0;
		out->employees = (long)db_col_int(st, ENTERPRISE_NCOLUMNS);
		out->disabled = (long)db_col_int(st, ENTERPRISE_NCOLUMNS + 1);
	}
	db_done(st);
	return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
}

/* The id (and name, into name) of the employer with code: 1, 0 none, -1. */
static int find_code(struct db *db, const char *code, int64_t *id, char *name, size_t size, struct error *err)
{
	struct db_stmt *st;
	if (db_prepare(db, SQL_FIND_CODE, &st, err) < 0)
		return -1;
	db_bind_text(st, 1, code);
	int rc = db_step(st, err);
	if (rc == DB_ROW) {
		*id = db_col_int(st, 0);
		if (name)
			copy(name, size, db_col_text(st, 1));
	}
	db_done(st);
	return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
}

int enterprise_find_code(struct db *db, const char *code, int64_t *id, struct error *err)
{
	struct uscc u;
	if (uscc_parse(code, &u) != USCC_OK)
		return 0;
	return find_code(db, u.code, id, NULL, 0, err);
}

/* Checking typed values */

/* s without ASCII spaces and tabs around it, into out (size bytes); false when it does not fit. */
static bool trimmed(const char *s, char *out, size_t size)
{
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (n >= size) {
		out[0] = '\0';
		return false;
	}
	memcpy(out, s, n);
	out[n] = '\0';
	return true;
}

/* A text field of at most max characters (required or not) into out; problems under key. */
static void text_field(struct enterprise_problems *pr, const char *key, const char *s, bool required, int max,
		       char *out, size_t size)
{
	char v[4096];
	if (!trimmed(s, v, sizeof v) || strlen(v) >= size) {
		enterprise_problem(pr, key, msg(MSG_TOO_LONG_CHARS), max);
		return;
	}
	if (!*v) {
		if (required)
			enterprise_problem(pr, key, "%s", msg(MSG_REQUIRED));
		else
			out[0] = '\0';
		return;
	}
	if (!utf8_valid(v, strlen(v)) || utf8_has_control(v)) {
		enterprise_problem(pr, key, "%s", msg(MSG_CONTROL_CHARS));
		return;
	}
	if (utf8_length(v) > (size_t)max) {
		enterprise_problem(pr, key, msg(MSG_TOO_LONG_CHARS), max);
		return;
	}
	copy(out, size, v);
}

static void code_field(struct db *w, struct enterprise_problems *pr, const char *s, int64_t self, char *out,
		       struct error *err, int *failed)
{
	const char *key = enterprise_fields[ENTERPRISE_CREDIT_CODE].key;
	char v[128];
	struct uscc u;
	enum uscc_status st = trimmed(s, v, sizeof v) ? uscc_parse(v, &u) : USCC_LENGTH;
	if (st != USCC_OK) {
		char reason[400];
		uscc_reason(strlen(v) ? v : s, st, reason, sizeof reason);
		enterprise_problem(pr, key, "%s", reason);
		return;
	}
	int64_t other = 0;
	char name[4 * ENTERPRISE_NAME_MAX + 1] = "";
	int found = find_code(w, u.code, &other, name, sizeof name, err);
	if (found < 0) {
		*failed = 1;
		return;
	}
	if (found && other != self) {
		enterprise_problem(pr, key, msg(MSG_ENT_CODE_TAKEN), name);
		return;
	}
	memcpy(out, u.code, sizeof u.code);
}

static void division_field(struct db *w, const struct registry_scope *scope, struct enterprise_problems *pr,
			   const char *s, struct enterprise *e, struct error *err, int *failed)
{
	const char *key = enterprise_fields[ENTERPRISE_DIVISION].key;
	char v[32];
	if (trimmed(s, v, sizeof v) && !*v) {
		enterprise_problem(pr, key, "%s", msg(MSG_REQUIRED));
		return;
	}
	int level = division_level_of(v);
	struct division d;
	int found = 0;
	if ((level == DIVISION_TOWNSHIP || level == DIVISION_VILLAGE) && (found = division_find(w, v, &d, err)) < 0) {
		*failed = 1;
		return;
	}
	if (!found || (d.level != DIVISION_TOWNSHIP && d.level != DIVISION_VILLAGE)) {
		enterprise_problem(pr, key, "%s", msg(MSG_ENT_DIVISION));
		return;
	}
	if (!registry_scope_has(scope, d.code)) {
		enterprise_problem(pr, key, "%s", msg(MSG_ENT_OUT_OF_SCOPE));
		return;
	}
	copy(e->division, sizeof e->division, d.code);
	copy(e->division_name, sizeof e->division_name, d.name);
	snprintf(e->township, sizeof e->township, "%.9s000", d.code);
	struct division t;
	int got = division_find(w, e->township, &t, err);
	if (got < 0)
		*failed = 1;
	copy(e->township_name, sizeof e->township_name, got > 0 ? t.name : "");
}

/* A phone: 7 to 20 characters of digits, '-' and spaces, at least 7 of them digits ("" for none). */
static void phone_field(struct enterprise_problems *pr, const char *s, char *out, size_t size)
{
	const char *key = enterprise_fields[ENTERPRISE_PHONE].key;
	char v[64];
	if (!trimmed(s, v, sizeof v) || strlen(v) > ENTERPRISE_PHONE_MAX) {
		enterprise_problem(pr, key, "%s", msg(MSG_ENT_PHONE));
		return;
	}
	int digits = 0;
	for (const char *p = v; *p; p++) {
		if (*p >= '0' && *p <= '9')
			digits++;
		else if (*p != '-' && *p != ' ') {
			enterprise_problem(pr, key, "%s", msg(MSG_ENT_PHONE));
			return;
		}
	}
	if (*v && (digits < 7 || v[0] == '-' || v[strlen(v) - 1] == '-')) {
		enterprise_problem(pr, key, "%s", msg(MSG_ENT_PHONE));
		return;
	}
	copy(out, size, v);
}

/* A whole number 0..max typed as s into *out: true, or false with a problem under key. */
static bool count_field(struct enterprise_problems *pr, const char *key, const char *s, long max, long *out)
{
	char v[32];
	int64_t n;
	if (trimmed(s, v, sizeof v) && !*v) {
		enterprise_problem(pr, key, "%s", msg(MSG_REQUIRED));
		return false;
	}
	if (!*v || !number_parse(v, 0, max, &n)) {
		enterprise_problem(pr, key, msg(MSG_ENT_COUNT), (int)max);
		return false;
	}
	*out = (long)n;
	return true;
}

static bool given(const char *s)
{
	return s != NULL;
}

/*
 * Applies the fields of in to e (a copy of the stored employer, or zeros
 * for a new one) with every check; the figures of the year in e->year etc.
 * creating: required fields must be given. -1 on a database error.
 */
static int apply(struct db *w, const struct registry_scope *scope, const struct enterprise_input *in, bool creating,
		 struct enterprise *e, struct enterprise_problems *pr, struct error *err)
{
	int failed = 0;
	const char *empty = "";
	if (creating || given(in->credit_code))
		code_field(w, pr, in->credit_code ? in->credit_code : empty, e->id, e->credit_code, err, &failed);
	if (failed)
		return -1;
	if (creating || given(in->name))
		text_field(pr, "name", in->name ? in->name : empty, true, ENTERPRISE_NAME_MAX, e->name, sizeof e->name);
	if (given(in->address))
		text_field(pr, "address", in->address, false, ENTERPRISE_ADDRESS_MAX, e->address, sizeof e->address);
	if (creating || given(in->division))
		division_field(w, scope, pr, in->division ? in->division : empty, e, err, &failed);
	if (failed)
		return -1;
	if (given(in->contact))
		text_field(pr, "contact", in->contact, false, ENTERPRISE_CONTACT_MAX, e->contact, sizeof e->contact);
	if (given(in->phone))
		phone_field(pr, in->phone, e->phone, sizeof e->phone);

	/* The figures of a year. */
	char yv[32] = "";
	bool year_fits = !in->year || trimmed(in->year, yv, sizeof yv);
	bool figures = in->employees || in->disabled;
	bool typed = (in->employees && *in->employees) || (in->disabled && *in->disabled);
	if (year_fits && !*yv) {
		if (typed)
			enterprise_problem(pr, "year", "%s", msg(MSG_ENT_FIGURES_YEAR));
		return 0;
	}
	int64_t year;
	if (!year_fits || !number_parse(yv, ENTERPRISE_YEAR_MIN, ENTERPRISE_YEAR_MAX, &year)) {
		enterprise_problem(pr, "year", msg(MSG_ENT_YEAR), ENTERPRISE_YEAR_MIN, ENTERPRISE_YEAR_MAX);
		return 0;
	}
	if (e->year != (int)year) {
		/* The stored figures of that year, if any, are what a left-out value keeps. */
		struct enterprise stored;
		int found = e->id ? enterprise_get(w, scope, e->id, (int)year, &stored, err) : 0;
		if (found < 0)
			return -1;
		e->year = (int)year;
		e->has_staff = found && stored.has_staff;
		e->employees = e->has_staff ? stored.employees : 0;
		e->disabled = e->has_staff ? stored.disabled : 0;
	}
	if (!figures)
		return 0; /* the year alone: its figures stay as they are */
	long employees = e->employees, disabled = e->disabled;
	bool ok = true;
	if (in->employees || !e->has_staff)
		ok = count_field(pr, "employees", in->employees ? in->employees : empty, ENTERPRISE_EMPLOYEES_MAX,
				 &employees);
	if (in->disabled && *in->disabled)
		ok = count_field(pr, "disabled_employees", in->disabled, ENTERPRISE_EMPLOYEES_MAX, &disabled) && ok;
	else if (in->disabled || !e->has_staff)
		disabled = 0; /* left empty: none */
	if (ok && disabled > employees) {
		enterprise_problem(pr, "disabled_employees", msg(MSG_ENT_DISABLED_OVER), employees);
		ok = false;
	}
	if (ok) {
		e->has_staff = true;
		e->employees = employees;
		e->disabled = disabled;
	}
	return 0;
}

static int run(struct db_stmt *st, struct error *err)
{
	int rc = db_step(st, err);
	db_done(st);
	return rc == DB_DONE ? 0 : rc;
}

static int save_staff(struct db *w, const struct enterprise *e, const char *at, const char *user, struct error *err)
{
	struct db_stmt *st;
	if (db_prepare(w, SQL_STAFF, &st, err) < 0)
		return -1;
	db_bind_int(st, 1, e->id);
	db_bind_int(st, 2, e->year);
	db_bind_int(st, 3, e->employees);
	db_bind_int(st, 4, e->disabled);
	db_bind_text(st, 5, at);
	db_bind_text(st, 6, user);
	return run(st, err) == 0 ? 0 : -1;
}

/* A credit code taken between the check and the write (cannot happen with one writer, but the index says so). */
static enum enterprise_result taken(struct enterprise_problems *pr)
{
	enterprise_problem(pr, "credit_code", msg(MSG_ENT_CODE_TAKEN), "");
	return ENTERPRISE_REFUSED;
}

/* enterprise_create inside the caller's transaction (for imports too); on ERROR the caller rolls back. */
static enum enterprise_result create_in(struct db *w, const struct registry_scope *scope,
					const struct enterprise_input *in, const char *user, struct enterprise *out,
					struct enterprise_problems *pr, struct error *err)
{
	memset(pr, 0, sizeof *pr);
	struct enterprise e;
	memset(&e, 0, sizeof e);
	if (apply(w, scope, in, true, &e, pr, err) < 0)
		return ENTERPRISE_ERROR;
	if (pr->n || pr->message[0])
		return ENTERPRISE_REFUSED;
	char at[STAMP_SIZE];
	stamp_now(at);
	struct db_stmt *st;
	if (db_prepare(w, SQL_INSERT, &st, err) < 0)
		return ENTERPRISE_ERROR;
	db_bind_text(st, 1, e.credit_code);
	db_bind_text(st, 2, e.name);
	db_bind_text(st, 3, e.address);
	db_bind_text(st, 4, e.division);
	db_bind_text(st, 5, e.contact);
	db_bind_text(st, 6, e.phone);
	db_bind_text(st, 7, at);
	db_bind_text(st, 8, user);
	db_bind_text(st, 9, at);
	db_bind_text(st, 10, user);
	int rc = run(st, err);
	if (rc == DB_CONFLICT)
		return taken(pr);
	if (rc != 0 || db_prepare(w, SQL_LAST_ID, &st, err) < 0)
		return ENTERPRISE_ERROR;
	rc = db_step(st, err);
	e.id = rc == DB_ROW ? db_col_int(st, 0) : 0;
	db_done(st);
	if (rc != DB_ROW)
		return ENTERPRISE_ERROR;
	if (e.has_staff && save_staff(w, &e, at, user, err) < 0)
		return ENTERPRISE_ERROR;
	int found = enterprise_get(w, scope, e.id, e.year, out, err);
	if (found <= 0)
		return found < 0 ? ENTERPRISE_ERROR
				 : (error_set(err, "enterprise %lld not found after insert", (long long)e.id), ENTERPRISE_ERROR);
	return ENTERPRISE_SAVED;
}

/* Runs a change in a transaction of its own: committed when SAVED, else rolled back. */
static enum enterprise_result committed(struct db *w, enum enterprise_result r, struct error *err)
{
	if (r == ENTERPRISE_SAVED && db_commit(w, err) == 0)
		return r;
	db_rollback(w);
	return r == ENTERPRISE_SAVED ? ENTERPRISE_ERROR : r;
}

enum enterprise_result enterprise_create(struct db *w, const struct registry_scope *scope,
					 const struct enterprise_input *in, const char *user, struct enterprise *out,
					 struct enterprise_problems *pr, struct error *err)
{
	memset(pr, 0, sizeof *pr);
	if (db_begin(w, err) < 0)
		return ENTERPRISE_ERROR;
	return committed(w, create_in(w, scope, in, user, out, pr, err), err);
}

static bool same_fields(const struct enterprise *a, const struct enterprise *b)
{
	return strcmp(a->credit_code, b->credit_code) == 0 && strcmp(a->name, b->name) == 0 &&
	       strcmp(a->address, b->address) == 0 && strcmp(a->division, b->division) == 0 &&
	       strcmp(a->contact, b->contact) == 0 && strcmp(a->phone, b->phone) == 0;
}

static bool same_staff(const struct enterprise *a, const struct enterprise *b)
{
	return a->year == b->year && a->has_staff == b->has_staff &&
	       (!a->has_staff || (a->employees == b->employees && a->disabled == b->disabled));
}

bool enterprise_differs(const struct enterprise *before, const struct enterprise *after)
{
	return !same_fields(before, after) || !same_staff(before, after);
}

/* enterprise_update inside the caller's transaction; on ERROR the caller rolls back. */
static enum enterprise_result update_in(struct db *w, const struct registry_scope *scope, int64_t id,
					const struct enterprise_input *in, const char *user, struct enterprise *before,
					struct enterprise *after, struct enterprise_problems *pr, struct error *err)
{
	memset(pr, 0, sizeof *pr);
	/* The year's figures as stored, for the comparison and for what a left-out value keeps. */
	char yv[32] = "";
	int64_t year = 0;
	if (in->year && trimmed(in->year, yv, sizeof yv) && *yv &&
	    !number_parse(yv, ENTERPRISE_YEAR_MIN, ENTERPRISE_YEAR_MAX, &year))
		year = 0;
	int found = enterprise_get(w, scope, id, (int)year, before, err);
	if (found <= 0)
		return found < 0 ? ENTERPRISE_ERROR : ENTERPRISE_NOT_FOUND;
	if (in->rev && *in->rev) {
		int64_t rev;
		if (!number_parse(in->rev, 1, INT64_MAX, &rev) || rev != before->rev)
			return ENTERPRISE_STALE;
	}
	*after = *before;
	if (apply(w, scope, in, false, after, pr, err) < 0)
		return ENTERPRISE_ERROR;
	if (pr->n || pr->message[0])
		return ENTERPRISE_REFUSED;
	if (!enterprise_differs(before, after))
		return ENTERPRISE_SAVED;
	char at[STAMP_SIZE];
	stamp_now(at);
	struct db_stmt *st;
	if (db_prepare(w, SQL_UPDATE, &st, err) < 0)
		return ENTERPRISE_ERROR;
	db_bind_text(st, 1, after->credit_code);
	db_bind_text(st, 2, after->name);
	db_bind_text(st, 3, after->address);
	db_bind_text(st, 4, after->division);
	db_bind_text(st, 5, after->contact);
	db_bind_text(st, 6, after->phone);
	db_bind_text(st, 7, at);
	db_bind_text(st, 8, user);
	db_bind_int(st, 9, id);
	db_bind_int(st, 10, before->rev);
	int rc = run(st, err);
	if (rc == DB_CONFLICT)
		return taken(pr);
	if (rc != 0)
		return ENTERPRISE_ERROR;
	if (db_changes(w) != 1)
		return ENTERPRISE_STALE;
	if (!same_staff(before, after) && save_staff(w, after, at, user, err) < 0)
		return ENTERPRISE_ERROR;
	found = enterprise_get(w, scope, id, after->year, after, err);
	if (found <= 0)
		return found < 0 ? ENTERPRISE_ERROR : ENTERPRISE_NOT_FOUND;
	return ENTERPRISE_SAVED;
}

enum enterprise_result enterprise_update(struct db *w, const struct registry_scope *scope, int64_t id,
					 const struct enterprise_input *in, const char *user, struct enterprise *before,
					 struct enterprise *after, struct enterprise_problems *pr, struct error *err)
{
	memset(pr, 0, sizeof *pr);
	if (db_begin(w, err) < 0)
		return ENTERPRISE_ERROR;
	return committed(w, update_in(w, scope, id, in, user, before, after, pr, err), err);
}

/* Changes */

static void change(json_t *o, const char *label, const char *before, const char *after)
{
	if (strcmp(before, after) != 0)
		json_object_set_new(o, label, json_pack("[s, s]", before, after));
}

static void place(const struct enterprise *e, char *out, size_t size)
{
	if (strcmp(e->division, e->township) == 0 || !*e->township_name)
		snprintf(out, size, "%s", *e->division_name ? e->division_name : e->division);
	else
		snprintf(out, size, "%s %s", e->township_name, e->division_name);
}

char *enterprise_changes(const struct enterprise *before, const struct enterprise *after)
{
	json_t *o = json_object();
	change(o, "统一社会信用代码", before->credit_code, after->credit_code);
	change(o, "单位名称", before->name, after->name);
	change(o, "地址", before->address, after->address);
	if (strcmp(before->division, after->division) != 0) {
		char b[4 * DIVISION_NAME_MAX * 2 + 8], a[4 * DIVISION_NAME_MAX * 2 + 8];
		place(before, b, sizeof b);
		place(after, a, sizeof a);
		json_object_set_new(o, "所在乡镇（村）", json_pack("[s, s]", b, a));
	}
	change(o, "联系人", before->contact, after->contact);
	if (strcmp(before->phone, after->phone) != 0) {
		char b[64], a[64];
		mask_phone(before->phone, b, sizeof b);
		mask_phone(after->phone, a, sizeof a);
		json_object_set_new(o, "联系电话", json_pack("[s, s]", b, a));
	}
	if (after->has_staff && !same_staff(before, after)) {
		char label[64];
		bool had = before->has_staff && before->year == after->year;
		snprintf(label, sizeof label, "%d年在职职工人数", after->year);
		if (!had || before->employees != after->employees)
			json_object_set_new(o, label, json_pack("[o, I]", had ? json_integer(before->employees) : json_null(),
							      (json_int_t)after->employees));
		snprintf(label, sizeof label, "%d年安排残疾人数", after->year);
		if (!had || before->disabled != after->disabled)
			json_object_set_new(o, label, json_pack("[o, I]", had ? json_integer(before->disabled) : json_null(),
							      (json_int_t)after->disabled));
	}
	char *text = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(o);
	return text ? text : xstrdup("{}");
}

/* Importing */

const struct import_column enterprise_columns[ENTERPRISE_COL__MAX] = {
    [ENTERPRISE_COL_CODE] = {"统一社会信用代码", "信用代码|社会信用代码|统一代码|纳税人识别号", true},
    [ENTERPRISE_COL_NAME] = {"单位名称", "用人单位|用人单位名称|企业名称|单位|名称", true},
    [ENTERPRISE_COL_TOWNSHIP] = {"乡镇", "乡镇（街道）|乡镇(街道)|所在乡镇|乡（镇）", true},
    [ENTERPRISE_COL_VILLAGE] = {"村（社区）", "村|社区|村(社区)|所在村", false},
    [ENTERPRISE_COL_ADDRESS] = {"地址", "单位地址|住所|经营地址", false},
    [ENTERPRISE_COL_CONTACT] = {"联系人", "", false},
    [ENTERPRISE_COL_PHONE] = {"联系电话", "电话|手机|联系方式", false},
    [ENTERPRISE_COL_YEAR] = {"年度", "所属年度|申报年度", false},
    [ENTERPRISE_COL_EMPLOYEES] = {"在职职工人数", "职工人数|在职职工|上年在职职工人数", true},
    [ENTERPRISE_COL_DISABLED] = {"安排残疾人数", "残疾职工人数|安排残疾人就业人数|已安排残疾人数", false},
};

/* The column a field's problem belongs to (the place: 村 when one was given, else 乡镇). */
static enum enterprise_column column_of(const char *field, bool village)
{
	static const struct {
		const char *field;
		enum enterprise_column col;
	} map[] = {
	    {"credit_code", ENTERPRISE_COL_CODE}, {"name", ENTERPRISE_COL_NAME},     {"address", ENTERPRISE_COL_ADDRESS},
	    {"contact", ENTERPRISE_COL_CONTACT},  {"phone", ENTERPRISE_COL_PHONE},   {"year", ENTERPRISE_COL_YEAR},
	    {"employees", ENTERPRISE_COL_EMPLOYEES}, {"disabled_employees", ENTERPRISE_COL_DISABLED},
	};
	if (strcmp(field, "division") == 0)
		return village ? ENTERPRISE_COL_VILLAGE : ENTERPRISE_COL_TOWNSHIP;
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if (strcmp(map[i].field, field) == 0)
			return map[i].col;
	return ENTERPRISE_COL__MAX;
}

struct import_run {
	struct db *w;
	const struct import_options *o;
	struct registry_scope scope;
	const char *user;
	struct import_report *r;
	int index[ENTERPRISE_COL__MAX];
	struct division_resolver *resolver;
	struct intmap saved; /* employer id -> the row that saved it */
	char year[8];        /* this year, for rows without one */
};

static void import_reject_col(struct import_run *run, long row, enum enterprise_column col, const char *reason)
{
	import_reject(run->r, row, col < ENTERPRISE_COL__MAX ? enterprise_columns[col].name : "", "%s", reason);
}

/* The place of a row: a village (names or codes) or, with 村 empty, the township itself. 1 rejected, 0, -1. */
static int import_place(struct import_run *run, struct row *row, char code[13], bool *village, struct error *err)
{
	const char *township = import_cell(row, run->index[ENTERPRISE_COL_TOWNSHIP]);
	const char *v = import_cell(row, run->index[ENTERPRISE_COL_VILLAGE]);
	*village = *v != '\0';
	if (!*township) {
		import_reject_col(run, row->number, ENTERPRISE_COL_TOWNSHIP, msg(MSG_REQUIRED));
		return 1;
	}
	if (*village) {
		const char *column;
		char reason[400];
		if (division_resolve(run->resolver, township, v, code, &column, reason, sizeof reason)) {
			import_reject_col(run, row->number,
					  strcmp(column, "乡镇") == 0 ? ENTERPRISE_COL_TOWNSHIP : ENTERPRISE_COL_VILLAGE, reason);
			return 1;
		}
		return 0;
	}
	if (division_level_of(township) == DIVISION_TOWNSHIP) {
		snprintf(code, 13, "%s", township); /* checked as any division is, by the save */
		return 0;
	}
	struct db_stmt *st;
	if (db_prepare(run->w, SQL_TOWNSHIP_BY_NAME, &st, err) < 0)
		return -1;
	db_bind_text(st, 1, township);
	int rc, n = 0;
	while ((rc = db_step(st, err)) == DB_ROW)
		if (n++ == 0)
			snprintf(code, 13, "%s", db_col_text(st, 0));
	db_done(st);
	if (rc != DB_DONE)
		return -1;
	if (n != 1) {
		char reason[400];
		snprintf(reason, sizeof reason, msg(n ? MSG_TOWNSHIP_AMBIGUOUS : MSG_TOWNSHIP_UNKNOWN), township);
		import_reject_col(run, row->number, ENTERPRISE_COL_TOWNSHIP, reason);
		return 1;
	}
	return 0;
}

static const char *optional_cell(struct import_run *run, struct row *row, enum enterprise_column col)
{
	return run->index[col] < 0 ? NULL : import_cell(row, run->index[col]);
}

/* Checks and saves one row: 0 (saved or rejected), -1 on a database error. */
static int import_one(struct import_run *run, struct row *row, struct error *err)
{
	char code[13] = "";
	bool village = false;
	int rc = import_place(run, row, code, &village, err);
	if (rc != 0)
		return rc < 0 ? -1 : 0;
	const char *year = import_cell(row, run->index[ENTERPRISE_COL_YEAR]);
	/* An optional column the file does not have keeps the registered value (an empty cell is empty). */
	struct enterprise_input in = {
	    .credit_code = import_cell(row, run->index[ENTERPRISE_COL_CODE]),
	    .name = import_cell(row, run->index[ENTERPRISE_COL_NAME]),
	    .address = optional_cell(run, row, ENTERPRISE_COL_ADDRESS),
	    .division = code,
	    .contact = optional_cell(run, row, ENTERPRISE_COL_CONTACT),
	    .phone = optional_cell(run, row, ENTERPRISE_COL_PHONE),
	    .year = *year ? year : run->year,
	    .employees = import_cell(row, run->index[ENTERPRISE_COL_EMPLOYEES]),
	    .disabled = optional_cell(run, row, ENTERPRISE_COL_DISABLED),
	};
	int64_t existing = 0, first_row = 0;
	int found = enterprise_find_code(run->w, in.credit_code, &existing, err);
	if (found < 0)
		return -1;
	if (found && intmap_get(&run->saved, (uint64_t)existing, &first_row)) {
		char reason[64];
		snprintf(reason, sizeof reason, msg(MSG_DUPLICATE_ROW), (long)first_row);
		import_reject_col(run, row->number, ENTERPRISE_COL_CODE, reason);
		return 0;
	}
	struct enterprise before, after;
	struct enterprise_problems pr;
	enum enterprise_result res;
	if (found && !run->o->update_existing) {
		struct enterprise e;
		struct registry_scope all = {"000000000000", "999999999999"};
		if (enterprise_get(run->w, &all, existing, 0, &e, err) < 0)
			return -1;
		char reason[600];
		snprintf(reason, sizeof reason, msg(MSG_ENT_CODE_TAKEN), e.name);
		import_reject_col(run, row->number, ENTERPRISE_COL_CODE, reason);
		return 0;
	}
	res = found ? update_in(run->w, &run->scope, existing, &in, run->user, &before, &after, &pr, err)
		    : create_in(run->w, &run->scope, &in, run->user, &after, &pr, err);
	switch (res) {
	case ENTERPRISE_SAVED:
		if (found)
			run->r->updated++;
		else
			run->r->inserted++;
		intmap_put(&run->saved, (uint64_t)after.id, row->number, NULL);
		return 0;
	case ENTERPRISE_REFUSED:
		if (pr.n)
			import_reject_col(run, row->number, column_of(pr.items[0].field, village), pr.items[0].reason);
		else
			import_reject_col(run, row->number, ENTERPRISE_COL__MAX, pr.message);
		return 0;
	case ENTERPRISE_NOT_FOUND: /* registered outside the importer's scope */
		import_reject_col(run, row->number, ENTERPRISE_COL_CODE, msg(MSG_ENT_OUT_OF_SCOPE));
		return 0;
	case ENTERPRISE_STALE:
	case ENTERPRISE_ERROR:
		break;
	}
	return res == ENTERPRISE_STALE ? error_set(err, "enterprise %lld changed during the import", (long long)existing)
				       : -1;
}

int enterprise_import(struct db *w, struct row_source src, const struct import_options *o, const char *user,
		      struct import_report *r, struct error *err)
{
	struct import_run run = {.w = w, .o = o, .user = user, .r = r, .saved = INTMAP_INIT};
	if (o->scope)
		run.scope = *o->scope;
	else
		run.scope = (struct registry_scope){"000000000000", "999999999999"};
	snprintf(run.year, sizeof run.year, "%d", date_today().year);
	struct row *row;
	int rc = src.next(src.ctx, &row, err);
	if (rc <= 0) {
		if (rc == 0)
			error_set(err, "%s", msg(MSG_NO_HEADER));
		return -1;
	}
	if (import_map_header(row, enterprise_columns, ENTERPRISE_COL__MAX, run.index, r, err) < 0)
		return -1;
	int result = -1;
	long rows = 0;
	if (db_begin(w, err) < 0)
		return -1;
	if (division_resolver_open(w, &run.resolver, err) < 0)
		goto out;
	while ((rc = src.next(src.ctx, &row, err)) == 1) {
		if (++rows > ENTERPRISE_IMPORT_ROWS_MAX) {
			error_set(err, msg(MSG_TOO_MANY_ROWS), ENTERPRISE_IMPORT_ROWS_MAX);
			goto out;
		}
		if (import_reject_problem(r, row, enterprise_columns, ENTERPRISE_COL__MAX, run.index, src.encoding) == 0 &&
		    !import_row_blank(row) && import_one(&run, row, err) < 0)
			goto out;
	}
	if (rc < 0)
		goto out;
	result = 0;
	if (r->rejected && !o->valid_only) /* all or nothing: nothing */
		goto out;
	if (db_commit(w, err) < 0) {
		result = -1;
		goto out;
	}
	r->committed = true;
out:
	if (!r->committed) {
		db_rollback(w);
		r->inserted = r->updated = 0;
	}
	division_resolver_free(run.resolver);
	intmap_release(&run.saved);
	return result;
}
