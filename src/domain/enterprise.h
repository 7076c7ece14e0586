/*
 * enterprise: the register of employers (用人单位) that pay the employment
 * security fund (残疾人就业保障金, domain/levy): who they are (unified
 * social credit code, name, address, the township or village they are in,
 * a contact) and their staff figures per levy year (在职职工人数, 安排残疾人数).
 *
 * Invariants:
 * - The credit code is valid (base/uscc), stored upper-case, and unique in
 *   the register (a unique index; a second one is refused by name).
 * - The division is a township or village of the county's division table,
 *   within the writer's scope; the township is derived from it.
 * - Figures of a year: 0 <= disabled <= employees <= ENTERPRISE_EMPLOYEES_MAX.
 * - rev counts an employer's changes: an update that names the rev it was
 *   made from is refused when the row has changed since (no lost update).
 * - Reads are within a registry_scope (the employer's division): an
 *   employer outside it is not found, exactly like one that does not exist.
 * - Writes run on the writer connection; the caller logs them
 *   (enterprise_changes gives the changed fields, the phone masked).
 *
 * Values come in as typed (texts), so that the pages and the JSON API
 * share one set of rules; every field is checked and each reason kept,
 * keyed by the API's field names (ENTERPRISE_FIELDS).
 */
#ifndef HUIMIN_ENTERPRISE_H
#define HUIMIN_ENTERPRISE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/error.h"
#include "base/uscc.h"
#include "domain/account.h"
#include "domain/division.h"
#include "domain/import.h"
#include "domain/registry.h"
#include "store/db.h"

#define ENTERPRISE_NAME_MAX 100       /* characters */
#define ENTERPRISE_ADDRESS_MAX 200    /* characters */
#define ENTERPRISE_CONTACT_MAX 30     /* characters */
#define ENTERPRISE_PHONE_MAX 20       /* bytes: digits, '-' and spaces */
#define ENTERPRISE_EMPLOYEES_MAX 1000000
#define ENTERPRISE_YEAR_MIN 2000
#define ENTERPRISE_YEAR_MAX 2100

/* Why a request was refused: a general message and/or reasons by field key. */
#define ENTERPRISE_PROBLEMS_MAX 16
struct enterprise_problems {
	char message[512]; /* sizeof (struct error).msg */
	int n;
	struct {
		char field[24];
		char reason[400];
	} items[ENTERPRISE_PROBLEMS_MAX];
};

/* Sets the general message (the first one set stays); returns 1, "refused". */
__attribute__((format(printf, 2, 3))) int enterprise_refuse(struct enterprise_problems *pr, const char *fmt, ...);
/* Adds a reason about field (the first one per field and ENTERPRISE_PROBLEMS_MAX in all are kept). */
__attribute__((format(printf, 3, 4))) void enterprise_problem(struct enterprise_problems *pr, const char *field,
							       const char *fmt, ...);
/* The reason given for field, or "". */
const char *enterprise_reason(const struct enterprise_problems *pr, const char *field);
/*
 * The first problem as one line naming its field ("统一社会信用代码：校验码错误……"),
 * or the general message; into out.
 */
void enterprise_problems_text(const struct enterprise_problems *pr, char *out, size_t size);

/* The fields, with their API keys and Chinese labels. */
enum enterprise_field {
	ENTERPRISE_CREDIT_CODE,
	ENTERPRISE_NAME,
	ENTERPRISE_ADDRESS,
	ENTERPRISE_DIVISION,
	ENTERPRISE_CONTACT,
	ENTERPRISE_PHONE,
	ENTERPRISE_YEAR,
	ENTERPRISE_EMPLOYEES,
	ENTERPRISE_DISABLED,
	ENTERPRISE_FIELD__MAX
};
struct enterprise_field_info {
	const char *key;   /* "credit_code" ... */
	const char *label; /* "统一社会信用代码" ... */
	bool required;     /* on a new employer */
};
extern const struct enterprise_field_info enterprise_fields[ENTERPRISE_FIELD__MAX];
/* The label of an API key (also levy's: "amount" 金额 ...), or the key itself. */
const char *enterprise_field_label(const char *key);

struct enterprise {
	int64_t id;
	char credit_code[USCC_LEN + 1];
	char name[4 * ENTERPRISE_NAME_MAX + 1];
	char address[4 * ENTERPRISE_ADDRESS_MAX + 1];
	char division[13], division_name[4 * DIVISION_NAME_MAX + 1];
	char township[13], township_name[4 * DIVISION_NAME_MAX + 1];
	char contact[4 * ENTERPRISE_CONTACT_MAX + 1];
	char phone[ENTERPRISE_PHONE_MAX + 1];
	long rev;
	char created_at[21], created_by[65], updated_at[21], updated_by[65];
	/* The figures of the year they were read for (has_staff false when none were given). */
	int year;
	bool has_staff;
	long employees, disabled;
};

/*
 * The typed values of a new employer or a change. A NULL field is left
 * out: on an update it keeps its value (a new employer needs the required
 * ones). year names the levy year the figures belong to ("" or NULL: no
 * figures are given; then employees and disabled must be left out too).
 * rev: the rev the change was made from ("" or NULL: not checked).
 */
struct enterprise_input {
	const char *credit_code, *name, *address, *division, *contact, *phone;
	const char *year, *employees, *disabled;
	const char *rev;
};

enum enterprise_result {
	ENTERPRISE_ERROR = -1,
	ENTERPRISE_SAVED = 0,
	ENTERPRISE_REFUSED = 1,   /* problems say why; nothing written */
	ENTERPRISE_NOT_FOUND = 2, /* no such employer within scope */
	ENTERPRISE_STALE = 3,     /* changed since rev; nothing written */
};

/*
 * Checks in and saves a new employer (and its figures of in->year, if
 * given) by user in one transaction, its division within scope. SAVED with
 * *out as stored (read back), REFUSED, or ERROR with a message.
 */
__attribute__((warn_unused_result)) enum enterprise_result
enterprise_create(struct db *w, const struct registry_scope *scope, const struct enterprise_input *in,
		  const char *user, struct enterprise *out, struct enterprise_problems *pr, struct error *err);

/*
 * Changes employer id (found within scope; a new division must be within
 * scope too) by user: the fields given, and the figures of in->year. SAVED
 * with *before and *after (read for in->year, or 0), REFUSED, NOT_FOUND,
 * STALE, or ERROR. A change that changes nothing is SAVED and writes
 * nothing (rev stays).
 */
__attribute__((warn_unused_result)) enum enterprise_result
enterprise_update(struct db *w, const struct registry_scope *scope, int64_t id, const struct enterprise_input *in,
		  const char *user, struct enterprise *before, struct enterprise *after,
		  struct enterprise_problems *pr, struct error *err);

/* 1 and out (with the figures of year, 0 for none) when employer id is within scope, 0 not, -1 error. */
__attribute__((warn_unused_result)) int enterprise_get(struct db *db, const struct registry_scope *scope, int64_t id,
						       int year, struct enterprise *out, struct error *err);

/* The id of the employer with credit code code (any case), in any scope: 1 with *id, 0 none, -1 error. */
__attribute__((warn_unused_result)) int enterprise_find_code(struct db *db, const char *code, int64_t *id,
							     struct error *err);

/*
 * The changed fields of a change as JSON text, {"名称":["旧","新"], ...}
 * (the phone masked, the division by name, the figures as
 * "2024年在职职工人数"); "{}" when nothing changed. The caller frees it.
 */
char *enterprise_changes(const struct enterprise *before, const struct enterprise *after);

/* Whether before and after differ in a stored field or in their figures. */
bool enterprise_differs(const struct enterprise *before, const struct enterprise *after);

/* Importing employers from a spreadsheet */

enum enterprise_column {
	ENTERPRISE_COL_CODE,
	ENTERPRISE_COL_NAME,
	ENTERPRISE_COL_TOWNSHIP,
	ENTERPRISE_COL_VILLAGE,
	ENTERPRISE_COL_ADDRESS,
	ENTERPRISE_COL_CONTACT,
	ENTERPRISE_COL_PHONE,
	ENTERPRISE_COL_YEAR,
	ENTERPRISE_COL_EMPLOYEES,
	ENTERPRISE_COL_DISABLED,
	ENTERPRISE_COL__MAX
};
/* The columns, in the order of the template; 统一社会信用代码, 单位名称, 乡镇 and 在职职工人数 are required. */
extern const struct import_column enterprise_columns[ENTERPRISE_COL__MAX];
#define ENTERPRISE_IMPORT_ROWS_MAX 100000

/*
 * Imports employers from src (a header row, then one employer a row, the
 * columns in any order). 乡镇 and 村（社区） name the place (names or 12-digit
 * codes; 村 empty: the township itself), 年度 the levy year of the staff
 * figures (empty or absent: this year). A row whose credit code is
 * registered changes that employer (when o->update_existing, else it is
 * rejected); a row repeating the code of an earlier row of the file is
 * rejected. Every row is checked with the rules of the forms (and within
 * o->scope; NULL: the county) and rejected with its first problem, by row
 * and column header. One transaction: unless o->valid_only nothing is
 * written when any row was rejected. user is who imports. 0 when the file
 * was read (whatever was rejected; r says what went in), -1 with a message
 * when it could not be (no header, a missing column, too many rows, a read
 * or database error).
 */
__attribute__((warn_unused_result)) int enterprise_import(struct db *w, struct row_source src,
							  const struct import_options *o, const char *user,
							  struct import_report *r, struct error *err);

/*
 * For domain/levy's lists: the columns an employer is read from (of
 * levy_enterprise AS e, division AS d (e's division) and AS t (its
 * township)), to be pasted into static SQL ("SELECT " ENTERPRISE_COLUMNS
 * ", ..."), and the reader of those columns starting at col (figures not
 * read: year 0).
 */
#define ENTERPRISE_COLUMNS                                                                                             \
	"e.id, e.credit_code, e.name, e.address, e.division_code, d.name, e.township_code, coalesce(t.name, ''),"     \
	" e.contact, e.phone, e.rev, e.created_at, e.created_by, e.updated_at, e.updated_by"
#define ENTERPRISE_NCOLUMNS 15
#define ENTERPRISE_JOINS                                                                                               \
	" FROM levy_enterprise e JOIN division d ON d.code = e.division_code"                                           \
	" LEFT JOIN division t ON t.code = e.township_code"
void enterprise_read(struct db_stmt *st, int col, struct enterprise *out);

#endif
