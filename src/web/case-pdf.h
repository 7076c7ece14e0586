/*
 * case-pdf: a case's 申请审批表 as an A4 PDF (/cases/{id}/form.pdf): the
 * person in full (ID number, account: a viewing, logged), the project and
 * year, the events in order with their values, the archive number, and
 * blank room for the signatures and opinions of each level.
 */
#ifndef HUIMIN_CASE_PDF_H
#define HUIMIN_CASE_PDF_H

#include "base/error.h"
#include "domain/case.h"
#include "domain/program.h"
#include "domain/registry.h"
#include "web/server.h"

/* Answers req with the form of c (found in scope): the PDF, or 403 for roles without files. -1 error. */
__attribute__((warn_unused_result)) int case_pdf_send(struct request *req, const struct case_file *c,
						      const struct program *p, const struct registry_scope *scope,
						      struct error *err);

#endif
