/* huimin init: create or upgrade the database. */
#include <stdio.h>

#include "cli/cli.h"
#include "store/migrate.h"

static int run(struct cli *cli, int argc, char **argv)
{
	(void)argv;
	if (argc > 1)
		return cli_usage_error(&cmd_init, "init 不需要参数");
	struct db *db;
	if (cli_open_db(cli, true, &db) < 0)
		return EXIT_USAGE;
	printf("数据库 %s 已就绪（%s，结构版本 %d）\n", cli->db_path, db_engine_version(), migrate_latest());
	db_close(db);
	return EXIT_OK;
}

const struct command cmd_init = {
	"init",
	run,
	"创建数据库，或把旧数据库升级到本程序的版本",
	"用法: huimin init\n\n"
	"创建数据库文件（--db 指定，默认 ./huimin.db）；已存在时升级到本程序的结构版本。\n"
	"可以重复运行，不会改动已有数据。\n",
};
