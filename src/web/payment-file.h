/*
 * payment-file: a payment batch's bank file and the bank's return file, as
 * spreadsheets (io/table): the page, the API and the benchmark share it.
 *
 * The bank file has the columns 序号, 姓名, 身份证号, 开户银行, 银行账号,
 * 金额(元) (domain/payment.h payment_columns): in .xlsx the ID number and
 * the account are text (every digit kept) and the amount a number with two
 * decimals; in CSV (UTF-8 with a BOM) the amount is "347.72". Every line of
 * the batch is written, in full: the bank needs the ID number and the
 * account, so only county staff may download it.
 */
#ifndef HUIMIN_PAYMENT_FILE_H
#define HUIMIN_PAYMENT_FILE_H

#include <stdbool.h>
#include <stdint.h>

#include "base/error.h"
#include "domain/import.h"
#include "domain/payment.h"
#include "store/db.h"

/* Writes batch's bank file to path (.xlsx by its suffix, else CSV); *lines gets how many. 0, or -1 with a message. */
__attribute__((warn_unused_result)) int payment_file_write(struct db *db, int64_t batch, const char *path,
							    long *lines, struct error *err);

/*
 * Reconciles batch with the return file at path (.xlsx or .csv, the bank
 * file's columns and 状态, 原因), as payment_reconcile does; the options'
 * float_cells is set for .xlsx. A file that cannot be opened is a refusal
 * (1, out->message). Returns what payment_reconcile returns.
 */
__attribute__((warn_unused_result)) int payment_file_reconcile(struct db *w, int64_t batch, const char *path,
								const struct payment_reconcile_options *o,
								struct import_report *r, struct payment_reconciled *out,
								struct error *err);

#endif
