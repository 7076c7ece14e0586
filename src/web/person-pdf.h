/*
 * person-pdf: the person file (一人一档) as an A4 PDF, /persons/{id}/file.pdf:
 * the registry record, then the paper trail: every project case within the
 * user's case scope with its events (who, when, the values entered), its
 * archive number, its payment lines and the names of its scanned documents
 * (for the roles that work with them), the training classes and the
 * rehabilitation services.
 *
 * The ID number, certificate number, phone and bank account are masked
 * (base/mask.h) as on the person page; ?full=1 prints them in full, for
 * the roles that may show them in full on the page (registry_may_edit),
 * and says so in the operation log. Every print is logged (残疾人档案 /
 * 打印一人一档, target person:{id}).
 */
#ifndef HUIMIN_PERSON_PDF_H
#define HUIMIN_PERSON_PDF_H

#include <stdint.h>

#include "base/error.h"
#include "web/server.h"

/*
 * Answers req with person id's file: the PDF; 404 (a page) when the
 * person is not within the user's registry scope; 403 when full is asked
 * by a role that may not see the values in full. 0 answered, -1 error.
 */
__attribute__((warn_unused_result)) int person_pdf_send(struct request *req, int64_t id, struct error *err);

#endif
