/*
 * export-payments: 发放明细, the payment lines of a project-year (the list
 * behind a ledger figure) as .xlsx (web/export), within the user's case
 * scope, with a 合计 row:
 *
 *   GET /projects/{code}/payments/lines/export?year=Y[&status=pending|paid|failed]
 *
 * ID numbers and bank accounts are masked as the page shows them (the bank
 * file, which carries them in full, is the batch's own download). Routed
 * by page-payments after its role check; logged as an export (资金发放).
 */
#ifndef HUIMIN_EXPORT_PAYMENTS_H
#define HUIMIN_EXPORT_PAYMENTS_H

#include "base/error.h"
#include "domain/program.h"
#include "web/server.h"

/* The lines of p's year with status (0 any). 0 (sent) or -1. */
__attribute__((warn_unused_result)) int export_payment_lines(struct request *req, const struct program *p, int year,
                                                             int status, struct error *err);

#endif
