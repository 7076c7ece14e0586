/*
 * import-job: the record of an import made through the web (who, when,
 * which file, the counts) with its rejected rows, so that the error list
 * can be downloaded as a spreadsheet after the result page is gone.
 */
#ifndef HUIMIN_IMPORT_JOB_H
#define HUIMIN_IMPORT_JOB_H

#include <stdint.h>

#include "base/error.h"
#include "domain/import.h"
#include "store/db.h"

struct import_job {
	int64_t id, user_id;
	char at[21];
	char file_name[256];
	long inserted, updated, rejected;
	bool committed;
};

/*
 * Saves the record of an import by user_id of file_name with options opt:
 * its report r (counts, kept rejections, notes) or, when the file could not
 * be read at all, message. In a transaction of its own. *id gets the job's
 * id. 0 or -1 with a message.
 */
__attribute__((warn_unused_result)) int import_job_save(struct db *db, int64_t user_id, const char *file_name,
							 const struct import_options *opt,
							 const struct import_report *r, const char *message,
							 int64_t *id, struct error *err);

/* 1 and out filled when job id exists, 0 when not, -1 error. */
__attribute__((warn_unused_result)) int import_job_get(struct db *db, int64_t id, struct import_job *out,
							struct error *err);

/* The job's rejected rows in row order, each to fn (strings valid during the call). 0 or -1. */
__attribute__((warn_unused_result)) int import_job_errors(struct db *db, int64_t id,
							   int (*fn)(void *ctx, long row, const char *column,
								     const char *reason, struct error *err),
							   void *ctx, struct error *err);

#endif
