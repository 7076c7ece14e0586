/* huimin init: create or upgrade the database. */
#include <stdio.h>

#include "cli/cli.h"
#include "domain/division.h"
#include "domain/person.h"
#include "store/migrate.h"

static int run(struct cli *cli, int argc, char **argv)
{
	(void)argv;
	if (argc > 1)
		return cli_usage_error(&cmd_init, "init 不需要参数");
	struct db *db;
	if (cli_open_db(cli, CLI_CREATE, &db) < 0)
		return EXIT_USAGE;
	if (cli_first_admin(db) < 0) {
		db_close(db);
		return EXIT_USAGE;
	}
	struct error err = ERROR_INIT;
	long townships = division_count(db, DIVISION_TOWNSHIP, &err), villages = division_count(db, DIVISION_VILLAGE, &err);
	long persons = person_count(db, &err);
	db_close(db);
	if (townships < 0 || villages < 0 || persons < 0) {
		fprintf(stderr, "%s\n", err.msg);
		return EXIT_USAGE;
	}
	printf("数据库 %s 已就绪（%s，结构版本 %d）：乡镇 %ld 个，村 %ld 个，残疾人 %ld 人\n", cli->db_path,
	       db_engine_version(), migrate_latest(), townships, villages, persons);
	return EXIT_OK;
}

const struct command cmd_init = {
	"init",
	run,
	"创建数据库，或把旧数据库升级到本程序的版本",
	"用法: huimin init\n\n"
	"创建数据库文件（--db 指定，默认 ./huimin.db）；已存在时升级到本程序的结构版本。\n"
	"可以重复运行，不会改动已有数据。还没有任何账号时，建立管理员账号 admin，\n"
	"并显示一次随机生成的初始密码（首次登录后须修改）。\n",
};
