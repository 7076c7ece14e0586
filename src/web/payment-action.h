/*
 * payment-action: what the payment pages (page-payments) and the JSON API
 * (api-payments) both do on a request: who may do what, and each action
 * with its operation-log entry (module 资金发放): build a batch, download
 * the bank file, mark a batch sent, discard a draft, reconcile a return
 * file, set a standard or the budget.
 *
 * Roles: county admin and staff see and pay everything; township users see
 * their township's lines (the village of each line's case) and nothing
 * else; the county leader sees the figures. Standards and budgets are the
 * county admin's.
 */
#ifndef HUIMIN_PAYMENT_ACTION_H
#define HUIMIN_PAYMENT_ACTION_H

#include <stdbool.h>
#include <stdint.h>

#include "base/error.h"
#include "domain/payment.h"
#include "web/server.h"

#define PAYMENT_MODULE "资金发放"

bool payment_may_view(const struct user *u);
bool payment_may_pay(const struct user *u);
bool payment_may_set(const struct user *u);

/*
 * Builds a batch from typed values: stops is a list of stage keys
 * separated by commas or spaces. 0 built, 1 refused (out->field and
 * out->message), -1 error. Logged either way.
 */
__attribute__((warn_unused_result)) int payment_action_build(struct request *req, const struct program *p,
							      const char *year, const char *period,
							      const char *payable, const char *stops,
							      struct payment_built *out, struct error *err);

/* Sends batch's bank file (.csv when csv, else .xlsx) as a download; logged. 0 or -1. */
__attribute__((warn_unused_result)) int payment_action_download(struct request *req, const struct payment_batch *b,
								 bool csv, struct error *err);

/* Marks batch sent or discards a draft: 0 done, 1 not a draft, 2 not found, -1 error; logged when done. */
__attribute__((warn_unused_result)) int payment_action_send(struct request *req, int64_t batch, struct error *err);
__attribute__((warn_unused_result)) int payment_action_discard(struct request *req, int64_t batch,
								struct error *err);

/*
 * Reconciles batch with the file in req's multipart field "file" (.xlsx or
 * .csv) and the optional stated paid total paid_total (yuan text, "" none):
 * as payment_reconcile (0 applied, 1 refused with r/out, 2 not found), or
 * 1 with out->message when no usable file came. Logged.
 */
__attribute__((warn_unused_result)) int payment_action_reconcile(struct request *req, int64_t batch,
								  const char *paid_total, struct import_report *r,
								  struct payment_reconciled *out, struct error *err);

/*
 * Sets a standard (amount "" removes it) or the budget from typed values:
 * 0 done, 1 refused (field and reason), -1 error. Logged when done.
 */
__attribute__((warn_unused_result)) int payment_action_standard(struct request *req, const struct program *p,
								 const char *year, const char *hukou,
								 const char *grade, const char *amount,
								 char field[16], char reason[200], struct error *err);
__attribute__((warn_unused_result)) int payment_action_budget(struct request *req, const struct program *p,
							       const char *year, const char *amount, char field[16],
							       char reason[200], struct error *err);

#endif
