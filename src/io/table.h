/*
 * table: a spreadsheet file as rows, whichever kind it is: .xlsx through
 * xlsx-read, anything else through csv. The importers in domain/ read it as
 * a struct row_source and never learn which.
 */
#ifndef HUIMIN_TABLE_H
#define HUIMIN_TABLE_H

#include "base/error.h"
#include "base/row.h"

struct table;

/* Opens path by its extension (.xlsx, else CSV). -1 with a Chinese message. */
__attribute__((warn_unused_result)) int table_open(struct table **out, const char *path, struct error *err);
/* The rows of t, for an importer. */
struct row_source table_source(struct table *t);
/* "UTF-8", "GB18030" or "xlsx", for messages. */
const char *table_kind(const struct table *t);
void table_close(struct table *t);

#endif
