/*
 * migrate: brings a database to the schema this binary carries
 * (store/migrations.h). Each pending script runs in its own transaction and
 * is recorded in schema_migration, so running it again changes nothing.
 */
#ifndef HUIMIN_MIGRATE_H
#define HUIMIN_MIGRATE_H

#include "base/error.h"
#include "store/db.h"

/*
 * Applies the pending migrations; *applied (may be NULL) gets how many.
 * On error returns -1 with a message and leaves the database at the last
 * complete version. Refuses a database newer than this binary.
 */
__attribute__((warn_unused_result)) int migrate_run(struct db *db, int *applied, struct error *err);
/* The schema version of db (0 for a new file), or -1 with a message. */
__attribute__((warn_unused_result)) int migrate_version(struct db *db, struct error *err);
/* The newest version this binary knows. */
int migrate_latest(void);

#endif
