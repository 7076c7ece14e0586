/* huimin user add / token: accounts from the command line. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "base/token.h"
#include "cli/cli.h"
#include "domain/account.h"
#include "domain/audit.h"
#include "domain/session.h"

/* Reads one line (the password) from standard input into out; -1 if there is none or it is too long. */
static int read_password(char *out, size_t size)
{
	if (!fgets(out, (int)size, stdin))
		return -1;
	size_t n = strcspn(out, "\r\n");
	if (out[n] == '\0' && n == size - 1)
		return -1; /* no line end within the limit: too long */
	out[n] = '\0';
	return 0;
}

static int add(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "role", required_argument, NULL, 'r' },
		{ "division", required_argument, NULL, 'd' },
		{ "password-stdin", no_argument, NULL, 'p' },
		{ NULL, 0, NULL, 0 },
	};
	const char *role_text = NULL, *division = NULL;
	bool from_stdin = false;
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case 'r':
			role_text = optarg;
			break;
		case 'd':
			division = optarg;
			break;
		case 'p':
			from_stdin = true;
			break;
		default:
			return cli_usage_error(&cmd_user, "不认识的选项 %s", argv[optind - 1]);
		}
	}
	if (optind != argc - 1)
		return cli_usage_error(&cmd_user, "需要一个账号名");
	if (!role_text)
		return cli_usage_error(&cmd_user, "需要 --role 角色");
	int role = role_parse(role_text);
	if (role < 0)
		return cli_usage_error(&cmd_user, "没有“%s”这个角色", role_text);
	const char *name = argv[optind];

	char password[ACCOUNT_PASSWORD_MAX + 2];
	if (from_stdin) {
		if (read_password(password, sizeof password) < 0) {
			fprintf(stderr, "没有从标准输入读到密码（一行，最多%d字节）\n", ACCOUNT_PASSWORD_MAX);
			return EXIT_USAGE;
		}
	}

	struct db *db;
	struct error err = ERROR_INIT;
	struct account_policy policy;
	struct user u;
	if (cli_open_db(cli, CLI_WRITE, &db) < 0)
		return EXIT_USAGE;
	int rc = account_policy_load(db, &policy, &err);
	if (rc == 0 && from_stdin)
		rc = account_create(db, &policy, name, (enum role)role, division, password, time(NULL), &u, &err);
	else if (rc == 0)
		rc = account_create_generated(db, &policy, name, (enum role)role, division, time(NULL), &u, password,
					      NULL, &err);
	if (rc == 1)
		snprintf(err.msg, sizeof err.msg, "账号名“%s”已被使用", name);
	if (rc != 0) {
		fprintf(stderr, "没有新增账号：%s\n", err.msg);
		db_close(db);
		return EXIT_REJECTED;
	}
	cli_audit(db, "系统管理", "新增", "user", name, "成功");
	db_close(db);
	printf("已新增账号 %s（%s%s%s）\n", u.name, role_label(u.role), u.division[0] ? "，" : "", u.division);
	if (!from_stdin)
		printf("初始密码（只显示这一次，首次登录后须修改）：%s\n", password);
	return EXIT_OK;
}

static int new_token(struct cli *cli, int argc, char **argv)
{
	if (argc != 2)
		return cli_usage_error(&cmd_user, "应为 huimin user token 账号名");
	struct db *db;
	struct error err = ERROR_INIT;
	struct user u;
	char token[TOKEN_HEX];
	if (cli_open_db(cli, CLI_WRITE, &db) < 0)
		return EXIT_USAGE;
	int found = account_find(db, argv[1], &u, &err);
	if (found <= 0 || api_token_create(db, u.id, time(NULL), token, &err) < 0) {
		fprintf(stderr, "%s\n", found == 0 ? "没有这个账号" : err.msg);
		db_close(db);
		return found == 0 ? EXIT_REJECTED : EXIT_USAGE;
	}
	cli_audit(db, "系统管理", "授权", "token", u.name, "成功");
	db_close(db);
	printf("账号 %s 的接口令牌（只显示这一次，请妥善保存；用于 Authorization: Bearer）：\n%s\n", u.name, token);
	return EXIT_OK;
}

/* An admin's reset: a new random password, shown once, to be changed at the next login; sessions end. */
static int reset(struct cli *cli, int argc, char **argv)
{
	if (argc != 2)
		return cli_usage_error(&cmd_user, "应为 huimin user reset 账号名");
	struct db *db;
	struct error err = ERROR_INIT;
	struct account_policy policy;
	struct user u;
	char password[ACCOUNT_GENERATED_MAX + 1];
	if (cli_open_db(cli, CLI_WRITE, &db) < 0)
		return EXIT_USAGE;
	int found = account_find(db, argv[1], &u, &err);
	int rc = found == 1 ? account_policy_load(db, &policy, &err) : -1;
	if (rc == 0)
		rc = account_reset_password(db, &policy, u.id, time(NULL), password, NULL, &err);
	if (rc < 0) {
		fprintf(stderr, "没有重置密码：%s\n", found == 0 ? "没有这个账号" : err.msg);
		db_close(db);
		return found == 0 ? EXIT_REJECTED : EXIT_USAGE;
	}
	cli_audit(db, "系统管理", "重置密码", "user", u.name, "成功");
	db_close(db);
	printf("账号 %s 的新密码（只显示这一次，下次登录后须修改）：%s\n", u.name, password);
	return EXIT_OK;
}

static int run(struct cli *cli, int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "add") == 0)
		return add(cli, argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "token") == 0)
		return new_token(cli, argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "reset") == 0)
		return reset(cli, argc - 1, argv + 1);
	return cli_usage_error(&cmd_user, "应为 huimin user add、huimin user token 或 huimin user reset");
}

const struct command cmd_user = {
	"user",
	run,
	"新增账号，生成接口令牌，重置密码",
	"用法: huimin user add 账号名 --role 角色 [--division 区划代码] [--password-stdin]\n"
	"      huimin user token 账号名\n"
	"      huimin user reset 账号名\n\n"
	"角色: county_admin 县残联管理员, county_staff 县残联业务人员, township 乡镇操作员（须 --division 乡镇代码）,\n"
	"      village 村调查员（须 --division 村代码）, hospital 医院, leader 领导（只读）\n"
	"  --password-stdin  从标准输入读一行作为密码；不用时生成一个随机密码并显示一次\n"
	"新账号首次登录后须修改密码。token 生成一个新的接口令牌，显示在最后一行。\n"
	"reset 生成一个新的随机密码（忘记密码时用），结束该账号已登录的会话，下次登录后须修改。\n",
};
