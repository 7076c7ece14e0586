/*
 * export-supervision: the supervision items (督查事项) within the user's
 * scope as an .xlsx workbook (GET /supervision/export.xlsx[?year=Y]): the
 * target, township, finding, requirement, deadline, status, who opened it
 * and when, the answer, the closing and the days open. Logged as an export.
 */
#ifndef HUIMIN_EXPORT_SUPERVISION_H
#define HUIMIN_EXPORT_SUPERVISION_H

#include "base/error.h"
#include "web/server.h"

int export_supervision(struct request *req, struct error *err);

#endif
