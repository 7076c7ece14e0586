/*
 * case-pdf: a case's 申请审批表 as an A4 PDF (/cases/{id}/form.pdf and
 * /api/v1/cases/{id}/form.pdf): the
 * person in full (ID number, account: a viewing, logged), the project and
 * year, the events in order with their values, the archive number, and
 * blank room for the signatures and opinions of each level.
 */
#ifndef HUIMIN_CASE_PDF_H
#define HUIMIN_CASE_PDF_H

#include <stdbool.h>

#include "base/error.h"
#include "domain/case.h"
#include "domain/program.h"
#include "domain/registry.h"
#include "web/server.h"

/*
 * Answers req with the form of c (found in scope): the PDF, logged first;
 * 403 for the roles that do not work with files (attachment_may: hospital,
 * leader), 404 when the person is not in scope; the refusals as JSON when
 * api (GET /api/v1/cases/{id}/form.pdf), as pages otherwise. 0 answered,
 * -1 error.
 */
__attribute__((warn_unused_result)) int case_pdf_send(struct request *req, const struct case_file *c,
						      const struct program *p, const struct registry_scope *scope,
						      bool api, struct error *err);

#endif
