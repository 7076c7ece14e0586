/* huimin audit verify: check that the logs were not changed behind huimin's back. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "domain/audit.h"

static int run(struct cli *cli, int argc, char **argv)
{
	if (argc != 2 || strcmp(argv[1], "verify") != 0)
		return cli_usage_error(&cmd_audit, "应为 huimin audit verify");
	struct db *db;
	struct error err = ERROR_INIT;
	struct audit_break where;
	long entries = 0;
	if (cli_open_db(cli, CLI_READ, &db) < 0)
		return EXIT_USAGE;
	int rc = audit_verify(db, &where, &entries, &err);
	db_close(db);
	if (rc < 0) {
		fprintf(stderr, "%s\n", err.msg);
		return EXIT_USAGE;
	}
	if (rc == 1) {
		printf("审计日志已被改动：%s 第 %lld 条起对不上（该条或其前一条被修改、删除或插入）\n",
		       strcmp(where.table, "login_log") == 0 ? "登录日志(login_log)" : "操作日志(operation_log)",
		       (long long)where.id);
		return EXIT_REJECTED;
	}
	printf("审计日志完整：共核对 %ld 条\n", entries);
	return EXIT_OK;
}

const struct command cmd_audit = {
	"audit",
	run,
	"核对操作日志和登录日志是否被改动",
	"用法: huimin audit verify\n\n"
	"逐条核对操作日志和登录日志的哈希链。完整时退出码为0；\n"
	"发现被修改、删除或插入的条目时，指出第一处断开的位置，退出码为1。\n",
};
