/*
 * huimin: the county DPF's registry and livelihood-project system.
 *
 *   huimin [--db PATH] [--today YYYY-MM-DD] COMMAND [ARGS]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "cli/cli.h"

static const struct command *const commands[] = {
	&cmd_init, &cmd_divisions, &cmd_demo, &cmd_import, &cmd_export, &cmd_user, &cmd_program, &cmd_payment, &cmd_audit, &cmd_serve,
	&cmd_survey,
	&cmd_report,
	&cmd_target,
};
#define NCOMMANDS (sizeof commands / sizeof commands[0])

static void usage(FILE *f)
{
	fprintf(f, "用法: huimin [--db 数据库文件] [--today YYYY-MM-DD] 命令 [参数]\n\n"
		   "  --db PATH     数据库文件（默认 ./huimin.db，或环境变量 HUIMIN_DB）\n"
		   "  --today DATE  把“今天”固定为某一天（核对、测试用）\n\n命令:\n");
	for (size_t i = 0; i < NCOMMANDS; i++)
		fprintf(f, "  %-10s %s\n", commands[i]->name, commands[i]->summary);
	fprintf(f, "  %-10s %s\n\n“huimin 命令 --help” 显示该命令的说明。\n", "help", "显示帮助");
}

static const struct command *find(const char *name)
{
	for (size_t i = 0; i < NCOMMANDS; i++)
		if (strcmp(commands[i]->name, name) == 0)
			return commands[i];
	return NULL;
}

int main(int argc, char **argv)
{
	struct cli cli = { .db_path = getenv("HUIMIN_DB"), .prog = argv[0] };
	if (!cli.db_path || !*cli.db_path)
		cli.db_path = "huimin.db";

	int i = 1;
	for (; i < argc && argv[i][0] == '-'; i++) {
		if (strcmp(argv[i], "--db") == 0 && i + 1 < argc) {
			cli.db_path = argv[++i];
		} else if (strncmp(argv[i], "--db=", 5) == 0) {
			cli.db_path = argv[i] + 5;
		} else if (strcmp(argv[i], "--today") == 0 && i + 1 < argc) {
			struct date today;
			if (date_parse(argv[++i], &today) < 0) {
				fprintf(stderr, "huimin: --today 的日期“%s”无效，应为 YYYY-MM-DD\n", argv[i]);
				return EXIT_USAGE;
			}
			date_set_today(&today);
		} else if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
			usage(stdout);
			return EXIT_OK;
		} else {
			fprintf(stderr, "huimin: 不认识的选项 %s\n\n", argv[i]);
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (i == argc) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (strcmp(argv[i], "help") == 0) {
		const struct command *cmd = i + 1 < argc ? find(argv[i + 1]) : NULL;
		if (cmd)
			cli_usage(stdout, cmd);
		else
			usage(stdout);
		return EXIT_OK;
	}
	const struct command *cmd = find(argv[i]);
	if (!cmd) {
		fprintf(stderr, "huimin: 没有“%s”这个命令\n\n", argv[i]);
		usage(stderr);
		return EXIT_USAGE;
	}
	if (cli_wants_help(argc - i, argv + i)) {
		cli_usage(stdout, cmd);
		return EXIT_OK;
	}
	return cmd->run(&cli, argc - i, argv + i);
}
