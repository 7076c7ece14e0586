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

/*
 * Opens the database for writing, creating and migrating it when create is
 * set; otherwise it must exist (then it is migrated if older). Prints the
 * problem and returns -1 on failure.
 */
int cli_open_db(struct cli *cli, bool create, struct db **out);

/* Options shared by the import commands. */
struct cli_import {
	struct import_options opt;
	const char *errors_path; /* --errors OUT.csv */
	bool json;
	FILE *errors_file;
};

/*
 * Parses --valid-only, --no-update, --errors FILE, --json from argv (the rest
 * must be one FILE argument, returned in *file). EXIT_OK, or EXIT_USAGE after
 * printing the problem.
 */
int cli_import_options(const struct command *cmd, int argc, char **argv, struct cli_import *io, const char **file);
/* Creates the --errors file before the import starts; -1 after printing when it cannot be created. */
int cli_import_begin(struct cli_import *io, struct import_report *r);
/* Prints the report (plain or JSON), closes the error file; returns the exit code. */
int cli_import_end(struct cli_import *io, struct import_report *r);

/* The commands, defined in cmd-*.c. */
extern const struct command cmd_init, cmd_divisions, cmd_demo, cmd_import, cmd_export;

#endif
