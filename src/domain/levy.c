#include "domain/levy.h"

#include <stdio.h>
#include <string.h>

#include "base/date.h"
#include "base/money.h"
#include "base/msg.h"
#include "base/number.h"
#include "base/stamp.h"
#include "base/utf8.h"

static const char SQL_YEAR_GET[] = "SELECT avg_wage, ratio_bp, set_at, set_by FROM levy_year WHERE year = ?";
static const char SQL_YEAR_SET[] =
	"INSERT INTO levy_year (year, avg_wage, ratio_bp, set_at, set_by) VALUES (?, ?, ?, ?, ?)"
	" ON CONFLICT (year) DO UPDATE SET avg_wage = excluded.avg_wage, ratio_bp = excluded.ratio_bp,"
	" set_at = excluded.set_at, set_by = excluded.set_by";
static const char SQL_OVERRIDE_SET[] =
	"INSERT INTO levy_override (enterprise_id, year, kind, amount, reason, set_at, set_by) VALUES (?, ?, ?, ?, ?, ?, ?)"
	" ON CONFLICT (enterprise_id, year) DO UPDATE SET kind = excluded.kind, amount = excluded.amount,"
	" reason = excluded.reason, set_at = excluded.set_at, set_by = excluded.set_by";
static const char SQL_OVERRIDE_DELETE[] = "DELETE FROM levy_override WHERE enterprise_id = ? AND year = ?";
/* An employer-year's account: its figures, override and collections (the year's wage is read apart). */
static const char SQL_ACCOUNT[] =
	"SELECT s.employees, s.disabled, s.enterprise_id IS NOT NULL, coalesce(o.kind, 0), coalesce(o.amount, 0),"
	" coalesce(o.reason, ''), coalesce(o.set_at, ''), coalesce(o.set_by, ''),"
	" (SELECT coalesce(sum(c.amount), 0) FROM levy_collection c WHERE c.enterprise_id = ? AND c.year = ?),"
	" (SELECT count(*) FROM levy_collection c WHERE c.enterprise_id = ? AND c.year = ? AND c.amount > 0)"
	" FROM (SELECT 1 AS one) x"
	" LEFT JOIN levy_staff s ON s.enterprise_id = ? AND s.year = ?"
	" LEFT JOIN levy_override o ON o.enterprise_id = ? AND o.year = ?";
#define ACCOUNT_NCOLUMNS 10
static const char SQL_YEARS[] = "SELECT year FROM levy_staff WHERE enterprise_id = ?"
				" UNION SELECT year FROM levy_override WHERE enterprise_id = ?"
				" UNION SELECT year FROM levy_collection WHERE enterprise_id = ?"
				" ORDER BY 1 DESC";
static const char SQL_LIST[] =
	"SELECT " ENTERPRISE_COLUMNS ", s.employees, s.disabled, s.enterprise_id IS NOT NULL, coalesce(o.kind, 0),"
	" coalesce(o.amount, 0), coalesce(o.reason, ''), coalesce(o.set_at, ''), coalesce(o.set_by, ''),"
	" (SELECT coalesce(sum(c.amount), 0) FROM levy_collection c WHERE c.enterprise_id = e.id AND c.year = ?),"
	" (SELECT count(*) FROM levy_collection c WHERE c.enterprise_id = e.id AND c.year = ? AND c.amount > 0)"
	ENTERPRISE_JOINS
	" LEFT JOIN levy_staff s ON s.enterprise_id = e.id AND s.year = ?"
	" LEFT JOIN levy_override o ON o.enterprise_id = e.id AND o.year = ?"
	" WHERE e.division_code BETWEEN ? AND ? AND (? = '' OR e.township_code = ?)"
	" AND (? = '' OR e.name LIKE ? ESCAPE '\\' OR e.credit_code LIKE ? ESCAPE '\\')"
	" ORDER BY e.township_code, e.name, e.id";
static const char SQL_COLLECTIONS[] =
	"SELECT c.id, c.enterprise_id, coalesce(c.corrects, 0), c.year, c.paid_on, c.amount, c.receipt, c.reason,"
	" c.recorded_at, c.recorded_by,"
	" (SELECT coalesce(sum(k.amount), 0) FROM levy_collection k WHERE k.corrects = c.id)"
	" FROM levy_collection c WHERE c.enterprise_id = ? AND (? = 0 OR c.year = ?) ORDER BY c.year, c.id";
static const char SQL_ENTRY[] =
	"SELECT c.amount + (SELECT coalesce(sum(k.amount), 0) FROM levy_collection k WHERE k.corrects = c.id)"
	" FROM levy_collection c WHERE c.id = ? AND c.enterprise_id = ? AND c.year = ? AND c.amount > 0";
static const char SQL_RECEIPT[] =
	"SELECT c.id, e.name, c.amount + (SELECT coalesce(sum(k.amount), 0) FROM levy_collection k WHERE k.corrects = c.id)"
	" FROM levy_collection c JOIN levy_enterprise e ON e.id = c.enterprise_id"
	" WHERE c.receipt = ? AND c.amount > 0 ORDER BY c.id";
static const char SQL_COLLECT[] =
	"INSERT INTO levy_collection (enterprise_id, year, paid_on, amount, receipt, reason, corrects, recorded_at,"
	" recorded_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
static const char SQL_LAST_ID[] = "SELECT last_insert_rowid()";
static const char SQL_PROGRESS_COLLECTED[] =
	"SELECT e.township_code, sum(c.amount) FROM levy_collection c JOIN levy_enterprise e ON e.id = c.enterprise_id"
	" WHERE c.year = ? GROUP BY e.township_code ORDER BY e.township_code";
static const char SQL_PROGRESS_ENTERPRISES[] =
	"SELECT township_code, count(*) FROM (SELECT e.township_code AS township_code, sum(c.amount) AS net"
	" FROM levy_collection c JOIN levy_enterprise e ON e.id = c.enterprise_id WHERE c.year = ?"
	" GROUP BY e.id, e.township_code) n WHERE net > 0 GROUP BY township_code ORDER BY township_code";

bool levy_may_view(const struct user *u)
{
	return u->role == ROLE_COUNTY_ADMIN || u->role == ROLE_COUNTY_STAFF || u->role == ROLE_LEADER ||
	       u->role == ROLE_TOWNSHIP;
}

bool levy_may_manage(const struct user *u)
{
	return u->role == ROLE_COUNTY_ADMIN || u->role == ROLE_COUNTY_STAFF;
}

int64_t levy_formula(long employees, long disabled, int ratio_bp, int64_t avg_wage)
{
	if (employees < 0 || employees > ENTERPRISE_EMPLOYEES_MAX || disabled < 0 ||
	    disabled > ENTERPRISE_EMPLOYEES_MAX || ratio_bp < 1 || ratio_bp > LEVY_RATIO_MAX || avg_wage < 0 ||
	    avg_wage > LEVY_WAGE_MAX)
		return 0;
	/* The shortfall in ten-thousandths of a person: at most 10^9, times a wage of at most 10^8 fen. */
	int64_t shortfall = (int64_t)employees * ratio_bp - (int64_t)disabled * 10000;
	if (shortfall <= 0)
		return 0;
	return (shortfall * avg_wage + 5000) / 10000;
}

static void copy(char *out, size_t size, const char *s)
{
	snprintf(out, size, "%s", s ? s : "");
}

static int run(struct db_stmt *st, struct error *err)
{
	int rc = db_step(st, err);
	db_done(st);
	return rc == DB_DONE ? 0 : -1;
}

/* s without ASCII spaces and tabs around it, into out; false when it does not fit. */
static bool trimmed(const char *s, char *out, size_t size)
{
	if (!s)
		s = "";
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

/* A levy year typed as s: the year, or 0 with a problem under "year". */
static int year_field(struct enterprise_problems *pr, const char *s)
{
	char v[16];
	int64_t y;
	if (trimmed(s, v, sizeof v) && !*v) {
		enterprise_problem(pr, "year", "%s", msg(MSG_REQUIRED));
		return 0;
	}
	if (!*v || !number_parse(v, ENTERPRISE_YEAR_MIN, ENTERPRISE_YEAR_MAX, &y)) {
		enterprise_problem(pr, "year", msg(MSG_ENT_YEAR), ENTERPRISE_YEAR_MIN, ENTERPRISE_YEAR_MAX);
		return 0;
	}
	return (int)y;
}

/* A reason of at most LEVY_REASON_MAX characters into out (required or not). */
static void reason_field(struct enterprise_problems *pr, const char *s, bool required, const char *missing,
			 char *out, size_t size)
{
	char v[4 * LEVY_REASON_MAX + 64];
	if (!trimmed(s, v, sizeof v)) {
		enterprise_problem(pr, "reason", msg(MSG_TOO_LONG_CHARS), LEVY_REASON_MAX);
		return;
	}
	if (!*v) {
		if (required)
			enterprise_problem(pr, "reason", "%s", missing);
		out[0] = '\0';
		return;
	}
	if (!utf8_valid(v, strlen(v)) || utf8_has_control(v))
		enterprise_problem(pr, "reason", "%s", msg(MSG_CONTROL_CHARS));
	else if (utf8_length(v) > LEVY_REASON_MAX)
		enterprise_problem(pr, "reason", msg(MSG_TOO_LONG_CHARS), LEVY_REASON_MAX);
	else
		copy(out, size, v);
}

/* The county's figures */

int levy_year_get(struct db *db, int year, struct levy_year *out, struct error *err)
{
	memset(out, 0, sizeof *out);
	out->year = year;
	out->ratio_bp = LEVY_RATIO_DEFAULT;
	struct db_stmt *st;
	if (db_prepare(db, SQL_YEAR_GET, &st, err) < 0)
		return -1;
	db_bind_int(st, 1, year);
	int rc = db_step(st, err);
	if (rc == DB_ROW) {
		out->set = true;
		out->avg_wage = db_col_int(st, 0);
		out->ratio_bp = (int)db_col_int(st, 1);
		copy(out->set_at, sizeof out->set_at, db_col_text(st, 2));
		copy(out->set_by, sizeof out->set_by, db_col_text(st, 3));
	}
	db_done(st);
	return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
}

void levy_ratio_format(int ratio_bp, char *out, size_t size)
{
	if (ratio_bp % 100 == 0)
		snprintf(out, size, "%d%%", ratio_bp / 100);
	else if (ratio_bp % 10 == 0)
		snprintf(out, size, "%d.%d%%", ratio_bp / 100, ratio_bp / 10 % 10);
	else
		snprintf(out, size, "%d.%02d%%", ratio_bp / 100, ratio_bp % 100);
}

/* A percentage with at most two decimals ("1.5", "1.5%") in basis points, or -1. */
static int ratio_parse(const char *s)
{
	int whole = 0, frac = 0, digits = 0, decimals = -1;
	const char *p = s;
	for (; *p; p++) {
		if (*p >= '0' && *p <= '9') {
			if (decimals < 0) {
				if (++digits > 3)
					return -1;
				whole = whole * 10 + (*p - '0');
			} else {
				if (++decimals > 2)
					return -1;
				frac = frac * 10 + (*p - '0');
			}
		} else if (*p == '.' && decimals < 0 && digits > 0) {
			decimals = 0;
		} else {
			break;
		}
	}
	if (!digits || decimals == 0)
		return -1;
	if (strcmp(p, "%") != 0 && strcmp(p, "") != 0 && strcmp(p, "％") != 0)
		return -1;
	if (decimals == 1)
		frac *= 10;
	int bp = whole * 100 + (decimals > 0 ? frac : 0);
	return bp >= 1 && bp <= LEVY_RATIO_MAX ? bp : -1;
}

int levy_year_set(struct db *w, int year, const char *avg_wage, const char *ratio, const char *user,
		  struct levy_year *after, struct enterprise_problems *pr, struct error *err)
{
	memset(pr, 0, sizeof *pr);
	if (year < ENTERPRISE_YEAR_MIN || year > ENTERPRISE_YEAR_MAX) {
		enterprise_problem(pr, "year", msg(MSG_ENT_YEAR), ENTERPRISE_YEAR_MIN, ENTERPRISE_YEAR_MAX);
		return 1;
	}
	struct levy_year now;
	if (levy_year_get(w, year, &now, err) < 0)
		return -1;
	int64_t wage = 0;
	char v[64];
	if (trimmed(avg_wage, v, sizeof v) && !*v) {
		enterprise_problem(pr, "avg_wage", "%s", msg(MSG_REQUIRED));
	} else {
		enum money_status ms = *v ? money_parse(v, 0, &wage) : MONEY_SYNTAX;
		if (ms != MONEY_OK && ms != MONEY_RANGE) {
			enterprise_problem(pr, "avg_wage", "%s", money_reason(ms));
		} else if (ms == MONEY_RANGE || wage < 1 || wage > LEVY_WAGE_MAX) {
			char max[MONEY_TEXT_MAX];
			money_format(LEVY_WAGE_MAX, max, sizeof max);
			enterprise_problem(pr, "avg_wage", msg(MSG_LEVY_WAGE_RANGE), max);
		}
	}
	int bp = now.ratio_bp;
	if (trimmed(ratio, v, sizeof v) && *v) {
		if ((bp = ratio_parse(v)) < 0)
			enterprise_problem(pr, "ratio", "%s", msg(MSG_LEVY_RATIO));
	} else if (!trimmed(ratio, v, sizeof v)) {
		enterprise_problem(pr, "ratio", "%s", msg(MSG_LEVY_RATIO));
	}
	if (pr->n)
		return 1;
	char at[STAMP_SIZE];
	stamp_now(at);
	struct db_stmt *st;
	if (db_prepare(w, SQL_YEAR_SET, &st, err) < 0)
		return -1;
	db_bind_int(st, 1, year);
	db_bind_int(st, 2, wage);
	db_bind_int(st, 3, bp);
	db_bind_text(st, 4, at);
	db_bind_text(st, 5, user);
	if (run(st, err) < 0)
		return -1;
	return levy_year_get(w, year, after, err) < 0 ? -1 : 0;
}

/* Overrides */

const char *levy_kind_label(int kind)
{
	return kind == LEVY_KIND_REDUCED ? "减免" : kind == LEVY_KIND_DEFERRED ? "缓缴" : "";
}

const char *levy_kind_code(int kind)
{
	return kind == LEVY_KIND_REDUCED ? "reduced" : kind == LEVY_KIND_DEFERRED ? "deferred" : "";
}

int levy_kind_parse(const char *s)
{
	if (!s || !*s || strcmp(s, "none") == 0 || strcmp(s, "无") == 0)
		return LEVY_KIND_NONE;
	if (strcmp(s, "reduced") == 0 || strcmp(s, "减免") == 0 || strcmp(s, "1") == 0)
		return LEVY_KIND_REDUCED;
	if (strcmp(s, "deferred") == 0 || strcmp(s, "缓缴") == 0 || strcmp(s, "2") == 0)
		return LEVY_KIND_DEFERRED;
	return -1;
}

/* Accounts */

/* Fills a's derived figures from what was read and the year's figures y. */
static void account_finish(struct levy_account *a, const struct levy_year *y)
{
	a->has_wage = y->set;
	a->avg_wage = y->avg_wage;
	a->ratio_bp = y->ratio_bp;
	a->has_formula = a->has_staff && y->set;
	a->formula = a->has_formula ? levy_formula(a->employees, a->disabled, y->ratio_bp, y->avg_wage) : 0;
	a->has_due = a->kind != LEVY_KIND_NONE || a->has_formula;
	a->due = a->kind != LEVY_KIND_NONE ? a->override_amount : a->formula;
	a->outstanding = a->has_due && a->due > a->collected ? a->due - a->collected : 0;
	a->overpaid = a->has_due && a->collected > a->due ? a->collected - a->due : 0;
}

/* The account's columns (figures, override, collected, receipts) from col on. */
static void account_read(struct db_stmt *st, int col, int year, struct levy_account *a)
{
	memset(a, 0, sizeof *a);
	a->year = year;
	a->has_staff = db_col_int(st, col + 2) != 0;
	a->employees = a->has_staff ? (long)db_col_int(st, col) : 0;
	a->disabled = a->has_staff ? (long)db_col_int(st, col + 1) : 0;
	a->kind = (int)db_col_int(st, col + 3);
	a->override_amount = db_col_int(st, col + 4);
	copy(a->override_reason, sizeof a->override_reason, db_col_text(st, col + 5));
	copy(a->override_at, sizeof a->override_at, db_col_text(st, col + 6));
	copy(a->override_by, sizeof a->override_by, db_col_text(st, col + 7));
	a->collected = db_col_int(st, col + 8);
	a->receipts = (long)db_col_int(st, col + 9);
}

static int account_with(struct db *db, int64_t id, const struct levy_year *y, struct levy_account *out,
			struct error *err)
{
	struct db_stmt *st;
	if (db_prepare(db, SQL_ACCOUNT, &st, err) < 0)
		return -1;
	for (int i = 0; i < 4; i++) {
		db_bind_int(st, 2 * i + 1, id);
		db_bind_int(st, 2 * i + 2, y->year);
	}
	int rc = db_step(st, err);
	if (rc == DB_ROW) {
		account_read(st, 0, y->year, out);
		account_finish(out, y);
	}
	db_done(st);
	return rc == DB_ROW ? 0 : -1;
}

int levy_account_get(struct db *db, int64_t id, int year, struct levy_account *out, struct error *err)
{
	struct levy_year y;
	if (levy_year_get(db, year, &y, err) < 0)
		return -1;
	return account_with(db, id, &y, out, err);
}

int levy_account_years(struct db *db, int64_t id, int (*fn)(void *ctx, const struct levy_account *a, struct error *err),
		       void *ctx, struct error *err)
{
	int years[ENTERPRISE_YEAR_MAX - ENTERPRISE_YEAR_MIN + 1];
	size_t n = 0;
	struct db_stmt *st;
	if (db_prepare(db, SQL_YEARS, &st, err) < 0)
		return -1;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, id);
	db_bind_int(st, 3, id);
	int rc;
	while ((rc = db_step(st, err)) == DB_ROW)
		if (n < sizeof years / sizeof years[0])
			years[n++] = (int)db_col_int(st, 0);
	db_done(st);
	if (rc != DB_DONE)
		return -1;
	for (size_t i = 0; i < n; i++) {
		struct levy_account a;
		if (levy_account_get(db, id, years[i], &a, err) < 0 || fn(ctx, &a, err) < 0)
			return -1;
	}
	return 0;
}

int levy_override_set(struct db *w, const struct registry_scope *scope, int64_t id, const char *year,
		      const char *kind, const char *amount, const char *reason, const char *user,
		      struct enterprise_problems *pr, struct error *err)
{
	memset(pr, 0, sizeof *pr);
	struct enterprise e;
	int found = enterprise_get(w, scope, id, 0, &e, err);
	if (found <= 0)
		return found < 0 ? -1 : (enterprise_refuse(pr, "%s", msg(MSG_ENT_NOT_FOUND)), 2);
	int y = year_field(pr, year);
	char kv[32];
	int k = trimmed(kind, kv, sizeof kv) ? levy_kind_parse(kv) : -1;
	if (k < 0)
		enterprise_problem(pr, "kind", "%s", msg(MSG_LEVY_KIND));
	if (!y || k < 0)
		return 1;
	struct levy_account a;
	if (levy_account_get(w, id, y, &a, err) < 0)
		return -1;
	struct db_stmt *st;
	if (k == LEVY_KIND_NONE) {
		if (a.kind == LEVY_KIND_NONE) {
			enterprise_problem(pr, "kind", msg(MSG_LEVY_OVERRIDE_NONE), y);
			return 1;
		}
		if (db_prepare(w, SQL_OVERRIDE_DELETE, &st, err) < 0)
			return -1;
		db_bind_int(st, 1, id);
		db_bind_int(st, 2, y);
		return run(st, err) < 0 ? -1 : 0;
	}
	int64_t fen = 0;
	char v[64];
	if (trimmed(amount, v, sizeof v) && !*v) {
		enterprise_problem(pr, "amount", "%s", msg(MSG_REQUIRED));
	} else {
		enum money_status ms = *v ? money_parse(v, 0, &fen) : MONEY_SYNTAX;
		if (ms != MONEY_OK) {
			enterprise_problem(pr, "amount", "%s", money_reason(ms));
		} else if (a.has_formula && fen > a.formula) {
			char f[MONEY_TEXT_MAX];
			money_format(a.formula, f, sizeof f);
			enterprise_problem(pr, "amount", msg(MSG_LEVY_OVERRIDE_OVER), f);
		}
	}
	char why[4 * LEVY_REASON_MAX + 1] = "";
	reason_field(pr, reason, true, msg(MSG_REQUIRED), why, sizeof why);
	if (pr->n)
		return 1;
	char at[STAMP_SIZE];
	stamp_now(at);
	if (db_prepare(w, SQL_OVERRIDE_SET, &st, err) < 0)
		return -1;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, y);
	db_bind_int(st, 3, k);
	db_bind_int(st, 4, fen);
	db_bind_text(st, 5, why);
	db_bind_text(st, 6, at);
	db_bind_text(st, 7, user);
	return run(st, err) < 0 ? -1 : 0;
}

/* Collections */

/* The amount typed as s, a leading '-' (or full-width '－') making it negative: true with *fen, or a problem. */
static bool amount_field(struct enterprise_problems *pr, const char *s, int64_t *fen)
{
	char v[64];
	if (trimmed(s, v, sizeof v) && !*v) {
		enterprise_problem(pr, "amount", "%s", msg(MSG_REQUIRED));
		return false;
	}
	const char *p = v;
	bool negative = false;
	if (*p == '-') {
		negative = true;
		p++;
	} else if (strncmp(p, "－", strlen("－")) == 0) {
		negative = true;
		p += strlen("－");
	}
	int64_t n = 0;
	enum money_status ms = *v ? money_parse(p, 0, &n) : MONEY_SYNTAX;
	if (ms != MONEY_OK) {
		enterprise_problem(pr, "amount", "%s", money_reason(ms));
		return false;
	}
	if (n == 0) {
		enterprise_problem(pr, "amount", "%s", msg(MSG_LEVY_AMOUNT_ZERO));
		return false;
	}
	*fen = negative ? -n : n;
	return true;
}

/* A receipt number: digits, ASCII letters (upper-cased) and '-', at most LEVY_RECEIPT_MAX. */
static void receipt_field(struct enterprise_problems *pr, const char *s, bool required, char *out, size_t size)
{
	char v[LEVY_RECEIPT_MAX + 1];
	if (!trimmed(s, v, sizeof v)) {
		enterprise_problem(pr, "receipt", msg(MSG_LEVY_RECEIPT), LEVY_RECEIPT_MAX);
		return;
	}
	if (!*v) {
		if (required)
			enterprise_problem(pr, "receipt", "%s", msg(MSG_REQUIRED));
		out[0] = '\0';
		return;
	}
	for (char *p = v; *p; p++) {
		if (*p >= 'a' && *p <= 'z')
			*p = (char)(*p - 'a' + 'A');
		else if (!((*p >= '0' && *p <= '9') || (*p >= 'A' && *p <= 'Z') || *p == '-')) {
			enterprise_problem(pr, "receipt", msg(MSG_LEVY_RECEIPT), LEVY_RECEIPT_MAX);
			return;
		}
	}
	copy(out, size, v);
}

/* Whether receipt is on an entry that still stands: 1 (its id, employer name and net amount), 0, -1. */
static int receipt_standing(struct db *w, const char *receipt, int64_t *entry, char *name, size_t size, int64_t *net,
			    struct error *err)
{
	struct db_stmt *st;
	if (db_prepare(w, SQL_RECEIPT, &st, err) < 0)
		return -1;
	db_bind_text(st, 1, receipt);
	int rc, found = 0;
	while ((rc = db_step(st, err)) == DB_ROW) {
		if (db_col_int(st, 2) > 0) {
			*entry = db_col_int(st, 0);
			copy(name, size, db_col_text(st, 1));
			*net = db_col_int(st, 2);
			found = 1;
			break;
		}
	}
	db_done(st);
	return rc == DB_ROW || rc == DB_DONE ? found : -1;
}

int levy_collect(struct db *w, const struct registry_scope *scope, int64_t id, const struct levy_collection_input *in,
		 const char *user, int64_t *entry, struct enterprise_problems *pr, struct error *err)
{
	memset(pr, 0, sizeof *pr);
	*entry = 0;
	struct enterprise e;
	int found = enterprise_get(w, scope, id, 0, &e, err);
	if (found <= 0)
		return found < 0 ? -1 : (enterprise_refuse(pr, "%s", msg(MSG_ENT_NOT_FOUND)), 2);

	int year = year_field(pr, in->year);
	int64_t fen = 0;
	bool amount_ok = amount_field(pr, in->amount, &fen);

	/* The day: a date, not after today, not before the levy year. */
	char v[32], day[11] = "";
	struct date d;
	if (trimmed(in->date, v, sizeof v) && !*v) {
		enterprise_problem(pr, "date", "%s", msg(MSG_REQUIRED));
	} else if (!*v || date_parse(v, &d) < 0) {
		enterprise_problem(pr, "date", "%s", msg(MSG_LOG_DATE));
	} else {
		char today[11];
		date_format(date_today(), today);
		date_format(d, day);
		if (date_cmp(d, date_today()) > 0)
			enterprise_problem(pr, "date", msg(MSG_LEVY_DATE_FUTURE), today);
		else if (year && d.year < year)
			enterprise_problem(pr, "date", msg(MSG_LEVY_DATE_BEFORE), year);
	}

	char receipt[LEVY_RECEIPT_MAX + 1] = "", why[4 * LEVY_REASON_MAX + 1] = "";
	receipt_field(pr, in->receipt, amount_ok && fen > 0, receipt, sizeof receipt);
	reason_field(pr, in->reason, amount_ok && fen < 0, msg(MSG_LEVY_NEGATIVE_REASON), why, sizeof why);

	int64_t corrects = 0;
	bool fits = trimmed(in->corrects, v, sizeof v);
	if (!fits || (*v && !number_parse(v, 1, INT64_MAX, &corrects)))
		enterprise_problem(pr, "corrects", "%s", msg(MSG_LEVY_CORRECTS_NUMBER));
	else if (corrects && amount_ok && fen > 0)
		enterprise_problem(pr, "amount", "%s", msg(MSG_LEVY_CORRECTS_POSITIVE));
	if (pr->n || !year || !amount_ok)
		return 1;

	struct levy_account a;
	if (levy_account_get(w, id, year, &a, err) < 0)
		return -1;
	if (corrects) {
		struct db_stmt *st;
		if (db_prepare(w, SQL_ENTRY, &st, err) < 0)
			return -1;
		db_bind_int(st, 1, corrects);
		db_bind_int(st, 2, id);
		db_bind_int(st, 3, year);
		int rc = db_step(st, err);
		int64_t left = rc == DB_ROW ? db_col_int(st, 0) : 0;
		db_done(st);
		if (rc != DB_ROW && rc != DB_DONE)
			return -1;
		if (rc == DB_DONE) {
			enterprise_problem(pr, "corrects", msg(MSG_LEVY_CORRECTS_UNKNOWN), (long long)corrects, year);
		} else if (-fen > left) {
			char l[MONEY_TEXT_MAX];
			money_format(left, l, sizeof l);
			enterprise_problem(pr, "amount", msg(MSG_LEVY_CORRECTS_OVER), l);
		}
	}
	/* After the entry's own limit, which says more. */
	if (fen < 0 && a.collected + fen < 0) {
		char now[MONEY_TEXT_MAX];
		money_format(a.collected, now, sizeof now);
		enterprise_problem(pr, "amount", msg(MSG_LEVY_NEGATIVE_OVER), year, now);
	}
	if (fen > 0) {
		int64_t other = 0, net = 0;
		char name[4 * ENTERPRISE_NAME_MAX + 1];
		int taken = receipt_standing(w, receipt, &other, name, sizeof name, &net, err);
		if (taken < 0)
			return -1;
		if (taken) {
			char yuan[MONEY_TEXT_MAX];
			money_format(net, yuan, sizeof yuan);
			enterprise_problem(pr, "receipt", msg(MSG_LEVY_RECEIPT_TAKEN), name, yuan, (long long)other);
		}
	}
	if (pr->n)
		return 1;

	char at[STAMP_SIZE];
	stamp_now(at);
	struct db_stmt *st;
	if (db_prepare(w, SQL_COLLECT, &st, err) < 0)
		return -1;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, year);
	db_bind_text(st, 3, day);
	db_bind_int(st, 4, fen);
	db_bind_text(st, 5, receipt);
	db_bind_text(st, 6, why);
	if (corrects)
		db_bind_int(st, 7, corrects);
	else
		db_bind_null(st, 7);
	db_bind_text(st, 8, at);
	db_bind_text(st, 9, user);
	if (run(st, err) < 0 || db_prepare(w, SQL_LAST_ID, &st, err) < 0)
		return -1;
	int rc = db_step(st, err);
	if (rc == DB_ROW)
		*entry = db_col_int(st, 0);
	db_done(st);
	return rc == DB_ROW ? 0 : -1;
}

int levy_collections(struct db *db, int64_t id, int year,
		     int (*fn)(void *ctx, const struct levy_collection *c, struct error *err), void *ctx,
		     struct error *err)
{
	struct db_stmt *st;
	if (db_prepare(db, SQL_COLLECTIONS, &st, err) < 0)
		return -1;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, year);
	db_bind_int(st, 3, year);
	int rc;
	struct levy_collection c;
	while ((rc = db_step(st, err)) == DB_ROW) {
		memset(&c, 0, sizeof c);
		c.id = db_col_int(st, 0);
		c.enterprise_id = db_col_int(st, 1);
		c.corrects = db_col_int(st, 2);
		c.year = (int)db_col_int(st, 3);
		copy(c.paid_on, sizeof c.paid_on, db_col_text(st, 4));
		c.amount = db_col_int(st, 5);
		copy(c.receipt, sizeof c.receipt, db_col_text(st, 6));
		copy(c.reason, sizeof c.reason, db_col_text(st, 7));
		copy(c.recorded_at, sizeof c.recorded_at, db_col_text(st, 8));
		copy(c.recorded_by, sizeof c.recorded_by, db_col_text(st, 9));
		c.corrected = db_col_int(st, 10);
		if (fn(ctx, &c, err) < 0) {
			db_done(st);
			return -1;
		}
	}
	db_done(st);
	return rc == DB_DONE ? 0 : -1;
}

/* The register of a year */

void levy_query_init(struct levy_query *q, const struct user *u, int year)
{
	memset(q, 0, sizeof *q);
	registry_scope_of(u, &q->scope);
	q->year = year;
}

int levy_list(struct db *db, const struct levy_query *q,
	      int (*fn)(void *ctx, const struct enterprise *e, const struct levy_account *a, struct error *err),
	      void *ctx, struct levy_totals *totals, struct error *err)
{
	memset(totals, 0, sizeof *totals);
	struct levy_year y;
	if (levy_year_get(db, q->year, &y, err) < 0)
		return -1;
	char like[2 * LEVY_Q_MAX + 3] = "";
	if (*q->q && !db_like_contains(q->q, like, sizeof like))
		return error_set(err, "levy search text too long");
	struct db_stmt *st;
	if (db_prepare(db, SQL_LIST, &st, err) < 0)
		return -1;
	for (int i = 1; i <= 4; i++)
		db_bind_int(st, i, q->year);
	db_bind_text(st, 5, q->scope.lo);
	db_bind_text(st, 6, q->scope.hi);
	db_bind_text(st, 7, q->township);
	db_bind_text(st, 8, q->township);
	db_bind_text(st, 9, q->q);
	db_bind_text(st, 10, like);
	db_bind_text(st, 11, like);
	int rc;
	struct enterprise e;
	struct levy_account a;
	while ((rc = db_step(st, err)) == DB_ROW) {
		enterprise_read(st, 0, &e);
		account_read(st, ENTERPRISE_NCOLUMNS, q->year, &a);
		account_finish(&a, &y);
		e.year = q->year;
		e.has_staff = a.has_staff;
		e.employees = a.employees;
		e.disabled = a.disabled;
		if (q->owing && a.outstanding <= 0)
			continue;
		totals->enterprises++;
		totals->declared += a.has_staff;
		totals->with_due += a.has_due;
		totals->paying += a.collected > 0;
		totals->owing += a.outstanding > 0;
		totals->due += a.due;
		totals->collected += a.collected;
		totals->outstanding += a.outstanding;
		totals->overpaid += a.overpaid;
		if (fn && fn(ctx, &e, &a, err) < 0) {
			db_done(st);
			return -1;
		}
	}
	db_done(st);
	return rc == DB_DONE ? 0 : -1;
}

/* levy_progress */

struct due_by_township {
	char township[13];
	long long sum;
	void (*fn)(void *ctx, const char *township_code, long long value);
	void *ctx;
};

static void due_flush(struct due_by_township *t)
{
	if (*t->township && t->sum != 0)
		t->fn(t->ctx, t->township, t->sum);
	t->sum = 0;
}

/* The list is in township order: a township's sum is complete when the next one starts. */
static int due_row(void *ctx, const struct enterprise *e, const struct levy_account *a, struct error *err)
{
	(void)err;
	struct due_by_township *t = ctx;
	if (strcmp(t->township, e->township) != 0) {
		due_flush(t);
		copy(t->township, sizeof t->township, e->township);
	}
	t->sum += a->due;
	return 0;
}

static int grouped(struct db *db, const char *sql, int year,
		   void (*fn)(void *ctx, const char *township_code, long long value), void *ctx, struct error *err)
{
	struct db_stmt *st;
	if (db_prepare(db, sql, &st, err) < 0)
		return -1;
	db_bind_int(st, 1, year);
	int rc;
	while ((rc = db_step(st, err)) == DB_ROW) {
		long long v = (long long)db_col_int(st, 1);
		if (v != 0) {
			char township[13];
			copy(township, sizeof township, db_col_text(st, 0));
			fn(ctx, township, v);
		}
	}
	db_done(st);
	return rc == DB_DONE ? 0 : -1;
}

int levy_progress(struct db *db, int year, const char *metric,
		  void (*fn)(void *ctx, const char *township_code, long long value), void *ctx, struct error *err)
{
	if (metric && strcmp(metric, "collected") == 0)
		return grouped(db, SQL_PROGRESS_COLLECTED, year, fn, ctx, err);
	if (metric && strcmp(metric, "enterprises") == 0)
		return grouped(db, SQL_PROGRESS_ENTERPRISES, year, fn, ctx, err);
	if (metric && strcmp(metric, "due") == 0) {
		struct levy_query q;
		memset(&q, 0, sizeof q);
		snprintf(q.scope.lo, sizeof q.scope.lo, "000000000000");
		snprintf(q.scope.hi, sizeof q.scope.hi, "999999999999");
		q.year = year;
		struct due_by_township t = {"", 0, fn, ctx};
		struct levy_totals totals;
		if (levy_list(db, &q, due_row, &t, &totals, err) < 0)
			return -1;
		due_flush(&t);
		return 0;
	}
	return error_set(err, msg(MSG_LEVY_METRIC), metric ? metric : "");
}
