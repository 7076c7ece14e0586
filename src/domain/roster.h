/*
 * roster: the township roster (花名册) that townships send the county as a
 * spreadsheet, imported into and exported from the registry.
 *
 * Columns, matched by header in any order (a few other spellings clerks use
 * are accepted): 姓名,性别,身份证号,残疾证号,残疾类别,残疾等级,户口性质,
 * 乡镇,村,联系电话,是否低保,开户银行,银行账号. 姓名, 身份证号, 户口性质, 乡镇
 * and 村 must be there; the others may be missing (for a person already
 * registered, a missing column leaves that field as it was).
 *
 * An export writes the same headers and labels, so it imports again
 * unchanged.
 */
#ifndef HUIMIN_ROSTER_H
#define HUIMIN_ROSTER_H

#include <stdbool.h>

#include "base/error.h"
#include "base/row.h"
#include "domain/import.h"
#include "domain/person.h"
#include "store/db.h"

enum roster_column {
	ROSTER_NAME,
	ROSTER_SEX,
	ROSTER_ID_NUMBER,
	ROSTER_CERT,
	ROSTER_CATEGORY,
	ROSTER_GRADE,
	ROSTER_HUKOU,
	ROSTER_TOWNSHIP,
	ROSTER_VILLAGE,
	ROSTER_PHONE,
	ROSTER_DIBAO,
	ROSTER_BANK,
	ROSTER_ACCOUNT,
	ROSTER__MAX
};

extern const struct import_column roster_columns[ROSTER__MAX];

/*
 * Imports a roster from src into the registry, in one transaction. Every
 * row is validated (see docs/import.md); a row for an ID number already
 * registered updates that file (unless opt->update_existing is off, then it
 * is rejected); a second row with the same ID number in the file is
 * rejected. Without opt->valid_only nothing is written unless every row is
 * valid. exact_width: a row with a different number of fields than the
 * header is rejected (CSV; an .xlsx row just ends at its last cell).
 * Returns 0 when the file was read to the end (whatever was rejected), -1
 * with a message when it could not be (no header, missing columns, a read
 * or database error); then nothing was written.
 */
__attribute__((warn_unused_result)) int roster_import(struct db *db, struct row_source src,
						       const struct import_options *opt, bool exact_width,
						       struct import_report *r, struct error *err);

/* Why one person's values were refused, by column ("" where the value is fine). */
struct roster_reasons {
	char text[ROSTER__MAX][400];
	int count;
};

/*
 * Checks one person's values as a form gives them, with the rules of the
 * import: cells[c] is the text of column c (乡镇 and 村 as codes or names;
 * ROSTER_SEX may be NULL, as the ID number says it). p starts as the
 * registered file being edited, or zeroed for a new person, and gets the
 * values. Unlike an import, every column is checked and every refusal
 * recorded in out; the ID number must not be another person's, and the
 * village must lie in scope (NULL: anywhere). Trims the cells in place.
 * 0 valid, 1 refused, -1 with a message on a database error.
 */
__attribute__((warn_unused_result)) int roster_check_one(struct db *db, const struct registry_scope *scope,
							  char *cells[ROSTER__MAX], struct person *p,
							  struct roster_reasons *out, struct error *err);

/* Column widths in characters for an .xlsx roster, in roster order. */
extern const double roster_widths[ROSTER__MAX];

/* One exported row: ROSTER__MAX cells of at most ROSTER_CELL_MAX bytes. */
#define ROSTER_CELL_MAX 192

/*
 * Fills cells with p as a roster row: labels, not codes; masked (mask.h)
 * when masked is set. p must come from a person cursor (names filled).
 */
void roster_cells(const struct person *p, bool masked, char cells[ROSTER__MAX][ROSTER_CELL_MAX]);

#endif
