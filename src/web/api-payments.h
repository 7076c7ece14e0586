/*
 * api-payments: the JSON API of payments (docs/api.md): batches under
 * /api/v1/payments, the standards and budget of a program-year, and the
 * ledger at GET /api/v1/programs/{code}/ledger?year=. Amounts come as fen
 * (integers, "..._fen") and as yuan text with two decimals; the ledger
 * also in 万元 as reports write it.
 */
#ifndef HUIMIN_API_PAYMENTS_H
#define HUIMIN_API_PAYMENTS_H

#include "base/error.h"
#include "domain/program.h"
#include "web/server.h"

/* GET /api/v1/payments?program=&year= and POST /api/v1/payments (build a batch). */
int api_payments(struct request *req, struct error *err);
int api_payments_post(struct request *req, struct error *err);
/*
 * GET /api/v1/payments/standards?program=&year=, /api/v1/payments/{id}
 * [?status=&page=&per_page=], /api/v1/payments/{id}/bank.xlsx|bank.csv.
 */
int api_payment(struct request *req, struct error *err);
/*
 * POST /api/v1/payments/standards, /api/v1/payments/budget (JSON), and
 * /api/v1/payments/{id}/sent, /discard, /return (multipart: file, paid_total).
 */
int api_payment_post(struct request *req, struct error *err);
/* GET /api/v1/programs/{code}/ledger?year= (api-programs routes it here). */
int api_payment_ledger(struct request *req, const struct program *p, struct error *err);

#endif
