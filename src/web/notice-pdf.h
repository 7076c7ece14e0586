/*
 * notice-pdf: a village's 公示 notice list as an A4 PDF to post up,
 * /projects/{code}/notice.pdf?village=&year=, with the content rules of the
 * notice page (web/page-notice.c): the open cases of the project-year in a
 * notice stage now; name, village, project, the ID number masked (first 6
 * + last 4), the monthly amount when the project has one, the notice
 * period; disability category and grade only when the county's setting
 * (公示设置) says so; never a phone, an account or a diagnosis. The
 * sealing and the supervision telephone are left blank to be filled in by
 * hand. Every print is logged (民生工程 / 打印公示名单).
 */
#ifndef HUIMIN_NOTICE_PDF_H
#define HUIMIN_NOTICE_PDF_H

#include "base/error.h"
#include "domain/program.h"
#include "web/server.h"

/*
 * Answers req with the notice list of p: the PDF; 400 when no village is
 * given, 404 when the village is not within the user's case scope (pages).
 * 0 answered, -1 error.
 */
__attribute__((warn_unused_result)) int notice_pdf_send(struct request *req, const struct program *p,
                                                        struct error *err);

#endif
