/*
 * training-pdf: a training class's sign-in sheet (签到表) as an A4 PDF,
 * /training/{id}/signin.pdf, with the columns of the page to print
 * (/training/{id}/signin): 序号, 姓名, 性别, 身份证号 (masked), 村（社区）
 * and a wide blank 签名 column; the trainees within the user's scope; the
 * organiser's seal, the clerk and the date at the foot. Each print is
 * logged (劳动就业 / 打印签到表, target training:{id}).
 */
#ifndef HUIMIN_TRAINING_PDF_H
#define HUIMIN_TRAINING_PDF_H

#include "base/error.h"
#include "domain/training.h"
#include "web/server.h"

/*
 * Answers req with the sign-in sheet of class c (the caller found it within
 * the user's scope and checked training_may_view). 0 answered, -1 error.
 */
__attribute__((warn_unused_result)) int training_pdf_signin(struct request *req, const struct training_class *c,
                                                            struct error *err);

#endif
