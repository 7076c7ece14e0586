/*
 * cli: what the subcommands share: the table of commands, the global
 * options, opening the database, and printing an import's report.
 *
 * Exit codes: 0 done, 1 done but rows were rejected, 2 usage or a file or
 * database that could not be used.
 */
#ifndef HUIMIN_CLI_H
#define HUIMIN_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "domain/import.h"
#include "io/table.h"
#include "store/db.h"

enum { EXIT_OK = 0, EXIT_REJECTED = 1, EXIT_USAGE = 2 };

struct cli {
	const char *db_path;
	const char *prog;
};

struct command {
	const char *name;
	int (*run)(struct cli *cli, int argc, char **argv); /* argv[0] is the command's name */
	const char *summary;
	const char *usage; /* the full help of the command */
};

/* Prints the command's usage to f. */
void cli_usage(FILE *f, const struct command *cmd);
/* Whether argv has -h or --help (before any "--"). */
bool cli_wants_help(int argc, char **argv);
/* Reports a usage mistake on stderr with the command's usage; returns EXIT_USAGE. */
int cli_usage_error(const struct command *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

enum cli_open {
	CLI_CREATE, /* create the file if missing; write */
	CLI_WRITE,  /* the file must exist; write */
	CLI_READ,   /* the file must exist; read only (allowed while a server runs) */
};

/*
 * Opens the database. For writing it is claimed (db_claim: refused while a
 * server holds it) and brought to this program's schema; for reading its
 * schema must be current already. Prints the problem and returns -1 on
 * failure.
 */
int cli_open_db(struct cli *cli, enum cli_open how, struct db **out);

/* What an import command does once the file and the database are open. */
typedef int cli_importer(struct db *db, struct table *t, const struct import_options *opt, struct import_report *r,
			 struct error *err);

/*
 * Runs an import command from its options on (argv[0] is the subcommand
 * word, e.g. "persons"): --valid-only, --no-update, --errors FILE, --json and
 * one FILE; opens the file and the database (created when create_db is set),
 * runs importer, prints the report (plain or JSON) and writes the error file.
 * Returns the exit code.
 */
int cli_import(const struct command *cmd, struct cli *cli, int argc, char **argv, bool create_db,
	       cli_importer *importer);

/*
 * Records what a command did in the operation log, as user "(命令行)":
 * module, action, and the target as kind:name. A log that cannot be written
 * is reported on stderr (the action itself is done).
 */
void cli_audit(struct db *db, const char *module, const char *action, const char *kind, const char *name,
	       const char *outcome);

/*
 * When the database has no user yet, creates the first county admin
 * ("admin") with a random password and prints it, once. 0, or -1 after
 * printing the problem.
 */
int cli_first_admin(struct db *db);

/* The commands, defined in cmd-*.c. */
extern const struct command cmd_init, cmd_divisions, cmd_demo, cmd_import, cmd_export, cmd_user, cmd_program,
	cmd_audit, cmd_serve, cmd_payment;
extern const struct command cmd_survey;
extern const struct command cmd_report;
extern const struct command cmd_target;

#endif
