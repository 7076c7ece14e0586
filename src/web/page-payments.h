/*
 * page-payments: the money of a project in the browser (docs/payments.md):
 *   /projects/{code}/payments?year=   the ledger (each figure opens its
 *       lines), the standards and the budget (set by the county admin),
 *       the batches, and the form that builds one;
 *   /projects/{code}/payments/lines?year=&status=   the lines behind a figure;
 *   /projects/{code}/payments/lines/export?year=&status=   the same as .xlsx (web/export-payments);
 *   /payments/{id}   a batch: its totals, lines and the cases left out, the
 *       bank file (.xlsx, .csv), 标记已报送, 作废, and the return file's upload
 *       with the reconciliation's result.
 * Every action is logged (payment-action); every form carries the CSRF token.
 */
#ifndef HUIMIN_PAGE_PAYMENTS_H
#define HUIMIN_PAGE_PAYMENTS_H

#include "base/error.h"
#include "domain/program.h"
#include "web/server.h"

/* GET /projects/{code}/payments[/lines] (rest is "" or "/lines"), routed by page-projects. */
int page_payments(struct request *req, const struct program *p, const char *rest, struct error *err);
/* POST /projects/{code}/payments/build|standard|budget. */
int page_payments_post(struct request *req, const struct program *p, const char *rest, struct error *err);
/* GET /payments/{id}[/bank.xlsx|/bank.csv] and POST /payments/{id}/sent|discard|return. */
int page_payment(struct request *req, struct error *err);
int page_payment_post(struct request *req, struct error *err);

#endif
