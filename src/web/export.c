#include "web/export.h"

#include <unistd.h>

int export_send(struct request *req, const struct table_sheet *first,
                int (*fill)(void *ctx, struct table_writer *w, struct error *err), void *ctx, const char *filename,
                struct error *err)
{
	char path[64];
	struct table_writer *w;
	if (server_temp_file(path, ".xlsx", err) < 0)
		return -1;
	if (table_writer_begin(&w, path, first, err) < 0) {
		unlink(path);
		return -1;
	}
	int rc = fill ? fill(ctx, w, err) : 0;
	struct error cerr = ERROR_INIT;
	/* The first error is the one reported; the writer is freed either way. */
	if (table_writer_close(w, &cerr) < 0 && rc == 0)
		rc = error_set(err, "%s", cerr.msg);
	if (rc < 0) {
		unlink(path);
		return -1;
	}
	return response_download(req, path, EXPORT_XLSX_TYPE, filename, err);
}
