/*
 * page-roster: the roster (花名册) in and out of the browser and the API,
 * within the user's data scope.
 *
 * - 导入 GET /persons/import: the upload form (.csv or .xlsx, at most the
 *   server's body limit), the choice to update people already registered
 *   and to import the valid rows only, and the template; POST runs the
 *   import (roster_import, the CLI's rules) on the writer, records the job
 *   (import-job) and shows the counts and the rejected rows, which
 *   GET /persons/import/{job}/errors.xlsx downloads (the job's own user).
 *   POST /api/v1/persons/import takes the same form and answers JSON.
 * - 导出 GET /persons/export?format=xlsx|csv&(the list's filters): the
 *   persons of the current filter as a roster that imports again; masked
 *   unless full=1 by a role that works with files (logged either way).
 *   GET /api/v1/persons/export is the same.
 */
#ifndef HUIMIN_PAGE_ROSTER_H
#define HUIMIN_PAGE_ROSTER_H

#include "base/error.h"
#include "web/server.h"

int page_import(struct request *req, struct error *err);
int page_import_post(struct request *req, struct error *err);
/* GET /persons/import/template.xlsx and /persons/import/{job}/errors.xlsx */
int page_import_file(struct request *req, struct error *err);
int api_import_post(struct request *req, struct error *err);
int page_export(struct request *req, struct error *err);

#endif
