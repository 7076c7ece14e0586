/*
 * supervision-pdf: a supervision item printed as the 督查通知书 sent to the
 * township, /supervision/{id}/notice.pdf: its number, the township it is
 * addressed to, the target, the finding, what must be done and by when,
 * who opened it and when; the township's rectification and the county's
 * decision once there are; blank rows for the federation's seal and the
 * township's receipt. The same access as the supervision pages: not for
 * hospitals (403), only the items within the user's scope (404). Each
 * print is logged (目标管理 / 打印督查通知书, target supervision:{id}).
 */
#ifndef HUIMIN_SUPERVISION_PDF_H
#define HUIMIN_SUPERVISION_PDF_H

#include "base/error.h"
#include "web/server.h"

/* The route GET /supervision/{id}/notice.pdf (anything else under /supervision/ is 404). */
__attribute__((warn_unused_result)) int supervision_pdf(struct request *req, struct error *err);

#endif
