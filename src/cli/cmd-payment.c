/* huimin payment standard / budget / standards: the money settings of a project-year (docs/payments.md). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/money.h"
#include "base/number.h"
#include "cli/cli.h"
#include "domain/payment.h"
#include "domain/program.h"

/* A year 2000..2100, or -1. */
static int year_of(const char *s)
{
	int64_t y;
	return strlen(s) == 4 && number_parse(s, 2000, 2100, &y) ? (int)y : -1;
}

/* Opens the database for writing and finds the program: 0, or EXIT_* after printing why. */
static int open_program(struct cli *cli, const char *code, struct db **db, const struct program **p)
{
	struct error err = ERROR_INIT;
	if (cli_open_db(cli, CLI_WRITE, db) < 0)
		return EXIT_USAGE;
	int found = program_get(*db, code, 0, p, &err);
	if (found == 1)
		return 0;
	if (found == 0)
		fprintf(stderr, "没有项目 %s（huimin program list 列出已载入的项目）\n", code);
	else
		fprintf(stderr, "%s\n", err.msg);
	db_close(*db);
	return found == 0 ? EXIT_REJECTED : EXIT_USAGE;
}

static int standard(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {{"hukou", required_argument, NULL, 'u'},
					     {"grade", required_argument, NULL, 'g'},
					     {NULL, 0, NULL, 0}};
	int64_t hukou = 0, grade = 0;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'u' && !number_parse(optarg, 1, 2, &hukou))
			return cli_usage_error(&cmd_payment, "--hukou 应为 1（城镇）或 2（农村）");
		if (c == 'g' && !number_parse(optarg, 1, 4, &grade))
			return cli_usage_error(&cmd_payment, "--grade 应为 1 到 4 的残疾等级");
		if (c != 'u' && c != 'g')
			return cli_usage_error(&cmd_payment, "选项有误");
	}
	if (argc - optind != 3)
		return cli_usage_error(&cmd_payment, "应为 huimin payment standard 项目代码 年度 金额 [--hukou 1|2] [--grade N]");
	int year = year_of(argv[optind + 1]);
	if (year < 0)
		return cli_usage_error(&cmd_payment, "年度应为2000到2100之间的四位年份");
	int64_t fen;
	enum money_status ms = money_parse(argv[optind + 2], 0, &fen);
	if (ms != MONEY_OK || fen == 0) {
		fprintf(stderr, "金额“%s”有误：%s\n", argv[optind + 2], ms != MONEY_OK ? money_reason(ms) : "应大于0");
		return EXIT_USAGE;
	}
	struct db *db;
	const struct program *p;
	int rc = open_program(cli, argv[optind], &db, &p);
	if (rc)
		return rc;
	struct error err = ERROR_INIT;
	if (payment_standard_set(db, p->code, year, (int)hukou, (int)grade, fen, "(命令行)", &err) < 0) {
		fprintf(stderr, "%s\n", err.msg);
		db_close(db);
		return EXIT_USAGE;
	}
	char text[MONEY_TEXT_MAX], target[160];
	money_format(fen, text, sizeof text);
	static const char *const grades[] = {"不限", "一级", "二级", "三级", "四级"};
	snprintf(target, sizeof target, "%s %d年度 户口%s 等级%s %s元", p->code, year,
		 hukou == 1 ? "城镇" : hukou == 2 ? "农村" : "不限", grades[grade], text);
	cli_audit(db, "资金发放", "设定发放标准", "program", target, "成功");
	printf("已设定发放标准：%s\n", target);
	db_close(db);
	return EXIT_OK;
}

static int budget(struct cli *cli, int argc, char **argv)
{
	if (argc != 4)
		return cli_usage_error(&cmd_payment, "应为 huimin payment budget 项目代码 年度 金额");
	int year = year_of(argv[2]);
	if (year < 0)
		return cli_usage_error(&cmd_payment, "年度应为2000到2100之间的四位年份");
	int64_t fen;
	enum money_status ms = money_parse(argv[3], 0, &fen);
	if (ms != MONEY_OK) {
		fprintf(stderr, "金额“%s”有误：%s\n", argv[3], money_reason(ms));
		return EXIT_USAGE;
	}
	struct db *db;
	const struct program *p;
	int rc = open_program(cli, argv[1], &db, &p);
	if (rc)
		return rc;
	struct error err = ERROR_INIT;
	if (payment_budget_set(db, p->code, year, fen, "(命令行)", &err) < 0) {
		fprintf(stderr, "%s\n", err.msg);
		db_close(db);
		return EXIT_USAGE;
	}
	char text[MONEY_TEXT_MAX], wan[MONEY_TEXT_MAX], target[160];
	money_format(fen, text, sizeof text);
	money_format_wan(fen, wan, sizeof wan);
	snprintf(target, sizeof target, "%s %d年度 %s元（%s）", p->code, year, text, wan);
	cli_audit(db, "资金发放", "设定资金预算", "program", target, "成功");
	printf("已设定资金预算：%s\n", target);
	db_close(db);
	return EXIT_OK;
}

static void standard_line(void *ctx, const struct payment_standard *s)
{
	static const char *const grades[] = {"不限", "一级", "二级", "三级", "四级"};
	int *n = ctx;
	if ((*n)++ == 0)
		printf("%-8s %-8s %16s\n", "户口性质", "残疾等级", "每人每期（元）");
	char text[MONEY_TEXT_MAX];
	money_format(s->amount, text, sizeof text);
	printf("%-8s %-8s %16s\n", s->hukou == 1 ? "城镇" : s->hukou == 2 ? "农村" : "不限", grades[s->grade], text);
}

static int standards(struct cli *cli, int argc, char **argv)
{
	if (argc != 3 || year_of(argv[2]) < 0)
		return cli_usage_error(&cmd_payment, "应为 huimin payment standards 项目代码 年度");
	struct db *db;
	struct error err = ERROR_INIT;
	if (cli_open_db(cli, CLI_READ, &db) < 0)
		return EXIT_USAGE;
	int n = 0;
	int rc = payment_standards(db, argv[1], year_of(argv[2]), standard_line, &n, &err);
	db_close(db);
	if (rc < 0) {
		fprintf(stderr, "%s\n", err.msg);
		return EXIT_USAGE;
	}
	if (n == 0)
		printf("%s %s年度还没有发放标准\n", argv[1], argv[2]);
	return EXIT_OK;
}

static int run(struct cli *cli, int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "standard") == 0)
		return standard(cli, argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "budget") == 0)
		return budget(cli, argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "standards") == 0)
		return standards(cli, argc - 1, argv + 1);
	return cli_usage_error(&cmd_payment, "应为 huimin payment standard、standards 或 budget");
}

const struct command cmd_payment = {
	"payment",
	run,
	"资金发放：发放标准、资金预算",
	"用法: huimin payment standard 项目代码 年度 金额 [--hukou 1|2] [--grade N]\n"
	"      huimin payment standards 项目代码 年度\n"
	"      huimin payment budget 项目代码 年度 金额\n\n"
	"standard   设定每人每期的发放标准（元，最多两位小数，如 300 或 1,234.56）；--hukou 1 城镇、2 农村，\n"
	"           --grade 残疾等级 1-4，不给即不限。同时符合几条时取最具体的一条。\n"
	"standards  列出项目某年度的发放标准。\n"
	"budget     设定项目某年度的资金预算（元）。\n"
	"批次的生成、银行文件和回盘对账在网页（项目页“资金发放”）和接口中办理。\n",
};
