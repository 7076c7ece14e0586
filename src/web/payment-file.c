#include "web/payment-file.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "io/table.h"
#include "io/xlsx-write.h"

static const double widths[PAYMENT_BANK_COLUMNS] = {8, 12, 22, 20, 26, 14};

struct writing {
	struct table_writer *w;
	long n;
};

static int line_row(void *ctx, const struct payment_line *l, struct error *err)
{
	struct writing *x = ctx;
	struct xlsx_cell cells[PAYMENT_BANK_COLUMNS] = {
	    {.kind = XLSX_INTEGER, .integer = l->seq},
	    {.kind = XLSX_TEXT, .text = l->name},
	    {.kind = XLSX_TEXT, .text = l->id_number},
	    {.kind = XLSX_TEXT, .text = l->bank_name},
	    {.kind = XLSX_TEXT, .text = l->bank_account},
	    {.kind = XLSX_MONEY, .integer = l->amount},
	};
	x->n++;
	return table_writer_cells(x->w, cells, err);
}

int payment_file_write(struct db *db, int64_t batch, const char *path, long *lines, struct error *err)
{
	const char *header[PAYMENT_BANK_COLUMNS];
	for (int i = 0; i < PAYMENT_BANK_COLUMNS; i++)
		header[i] = payment_columns[i].name;
	struct writing x = {NULL, 0};
	if (table_writer_open(&x.w, path, "发放清单", header, widths, PAYMENT_BANK_COLUMNS, err) < 0)
		return -1;
	struct payment_line_query q = {.batch = batch};
	snprintf(q.scope.lo, sizeof q.scope.lo, "000000000000");
	snprintf(q.scope.hi, sizeof q.scope.hi, "999999999999");
	int rc = payment_lines(db, &q, line_row, &x, NULL, err);
	struct error cerr = ERROR_INIT;
	if (table_writer_close(x.w, &cerr) < 0 && rc == 0)
		rc = error_set(err, "%s", cerr.msg);
	if (lines)
		*lines = x.n;
	return rc;
}

int payment_file_reconcile(struct db *w, int64_t batch, const char *path, const struct payment_reconcile_options *o,
			   struct import_report *r, struct payment_reconciled *out, struct error *err)
{
	size_t n = strlen(path);
	struct payment_reconcile_options opt = *o;
	opt.float_cells = n >= 5 && strcasecmp(path + n - 5, ".xlsx") == 0;
	struct table *t = NULL;
	struct error ferr = ERROR_INIT;
	if (table_open(&t, path, &ferr) < 0) {
		memset(out, 0, sizeof *out);
		snprintf(out->message, sizeof out->message, "%s", ferr.msg);
		return 1;
	}
	int rc = payment_reconcile(w, batch, table_source(t), &opt, r, out, err);
	table_close(t);
	return rc;
}
