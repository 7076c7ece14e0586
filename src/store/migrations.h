/*
 * migrations: the schema, as numbered SQL scripts under
 * src/store/migrations/ (NNN_name.sql), compiled into the binary by
 * scripts/embed-migrations.sh. A script, once released, never changes: a
 * change of schema is a new script.
 */
#ifndef HUIMIN_MIGRATIONS_H
#define HUIMIN_MIGRATIONS_H

struct migration {
	int version;
	const char *name;
	const char *sql;
};

extern const struct migration migrations[];
extern const int migrations_count;

#endif
