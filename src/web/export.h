/*
 * export: a list sent as an .xlsx download, the way every list page does
 * it (docs/design.md "Spreadsheets"): written to a temporary file through
 * io/table (title row, frozen header, typed columns, widths for Chinese),
 * unlinked as it is sent, so a big export never sits in memory.
 *
 * The caller checks the user's right and scope before, and logs the export
 * (auth_audit, action 导出) after a 0.
 */
#ifndef HUIMIN_EXPORT_H
#define HUIMIN_EXPORT_H

#include "base/error.h"
#include "io/table.h"
#include "web/server.h"

#define EXPORT_XLSX_TYPE "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

/*
 * Writes a workbook that starts with sheet first, fills it with
 * fill(ctx, w, err) (which adds rows, and further sheets with
 * table_writer_sheet), and answers req with it as filename (.xlsx).
 * 0 when sent; -1 with a message (nothing sent, the file removed).
 */
__attribute__((warn_unused_result)) int export_send(struct request *req, const struct table_sheet *first,
                                                    int (*fill)(void *ctx, struct table_writer *w, struct error *err),
                                                    void *ctx, const char *filename, struct error *err);

#endif
