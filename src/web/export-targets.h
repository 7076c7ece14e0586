/*
 * export-targets: the target board as an .xlsx workbook
 * (GET /targets/export.xlsx?year=&line=&township=, the board's filters):
 * a sheet of the targets (value, achieved, completion, time elapsed,
 * status, over-achievement, deadline, owner, source) and a sheet of the
 * townships by targets (each township's achieved). Within the user's
 * scope like the board (a township sees its own row and share); logged as
 * an export.
 */
#ifndef HUIMIN_EXPORT_TARGETS_H
#define HUIMIN_EXPORT_TARGETS_H

#include "base/error.h"
#include "web/server.h"

int export_targets(struct request *req, struct error *err);

#endif
