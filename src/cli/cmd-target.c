/* huimin target add / list: a year's targets (目标管理, docs/targets.md) from the command line, e.g. for a new year's set-up. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/money.h"
#include "base/number.h"
#include "cli/cli.h"
#include "domain/target.h"

/* A year 2000..2100, or -1. */
static int year_of(const char *s)
{
	int64_t y;
	return strlen(s) == 4 && number_parse(s, 2000, 2100, &y) ? (int)y : -1;
}

static int add(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {{"split", required_argument, NULL, 's'},
					     {"owner", required_argument, NULL, 'o'},
					     {"start", required_argument, NULL, 'b'},
					     {NULL, 0, NULL, 0}};
	struct target t = {0};
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		char *out = c == 's' ? t.split : c == 'o' ? t.owner : c == 'b' ? t.start : NULL;
		size_t size = c == 's' ? sizeof t.split : c == 'o' ? sizeof t.owner : sizeof t.start;
		if (!out || (size_t)snprintf(out, size, "%s", optarg) >= size)
			return cli_usage_error(&cmd_target, "选项有误");
	}
	if (argc - optind != 7)
		return cli_usage_error(&cmd_target, "应为 huimin target add 年度 工作条线 名称 单位 目标值 完成时限 数据来源");
	char **a = argv + optind;
	t.year = year_of(a[0]);
	if (t.year < 0)
		return cli_usage_error(&cmd_target, "年度应为2000到2100之间的四位年份");
	snprintf(t.line, sizeof t.line, "%s", a[1]);
	snprintf(t.name, sizeof t.name, "%s", a[2]);
	snprintf(t.unit, sizeof t.unit, "%s", a[3]);
	snprintf(t.deadline, sizeof t.deadline, "%s", a[5]);
	snprintf(t.source, sizeof t.source, "%s", a[6]);
	/* A money target is typed in yuan and kept in fen. */
	int64_t v;
	if (target_is_money(&t) ? money_parse(a[4], 0, &v) != MONEY_OK : !number_parse(a[4], 1, TARGET_VALUE_MAX, &v)) {
		fprintf(stderr, "目标值“%s”有误：应为大于0的%s\n", a[4], target_is_money(&t) ? "金额（元）" : "整数");
		return EXIT_USAGE;
	}
	t.value = v;
	struct db *db;
	if (cli_open_db(cli, CLI_WRITE, &db) < 0)
		return EXIT_USAGE;
	struct user u = {.name = "(命令行)", .role = ROLE_COUNTY_ADMIN};
	struct case_problems pr;
	struct error err = ERROR_INIT;
	int rc = target_save(db, &t, &u, &pr, &err);
	if (rc == 0) {
		char what[300];
		snprintf(what, sizeof what, "%d %s", t.year, t.name);
		cli_audit(db, "目标管理", "设定目标", "target", what, "成功");
		printf("已设定目标 %lld：%d年度 %s\n", (long long)t.id, t.year, t.name);
	} else if (rc == 1) {
		fprintf(stderr, "%s\n", pr.message);
		for (size_t i = 0; i < pr.n; i++)
			fprintf(stderr, "  %s：%s\n", pr.items[i].field, pr.items[i].reason);
	} else {
		fprintf(stderr, "%s\n", err.msg);
	}
	db_close(db);
	return rc == 0 ? EXIT_OK : rc == 1 ? EXIT_REJECTED : EXIT_USAGE;
}

struct listing {
	struct db *db;
	long n;
};

static int line(void *ctx, const struct target *t, struct error *err)
{
	struct listing *l = ctx;
	struct target_progress p;
	struct registry_scope county = {"000000000000", "999999999999"};
	if (target_progress_of(l->db, t, &county, date_today(), &p, err) < 0)
		return -1;
	char value[MONEY_TEXT_MAX], done[MONEY_TEXT_MAX];
	if (target_is_money(t)) {
		money_format(p.value, value, sizeof value);
		money_format(p.achieved, done, sizeof done);
	} else {
		snprintf(value, sizeof value, "%lld", p.value);
		snprintf(done, sizeof done, "%lld", p.achieved);
	}
	printf("%lld\t%s\t%s\t%s%s\t完成%s\t%lld.%lld%%\t%s\t%s\n", (long long)t->id, target_line_label(t->line), t->name,
	       value, t->unit, done, p.permille / 10, p.permille % 10,
	       p.status < TARGET_STATUS__MAX ? target_status_label(p.status) : "", t->deadline);
	l->n++;
	return 0;
}

static int list(struct cli *cli, int argc, char **argv)
{
	if (argc != 2 || year_of(argv[1]) < 0)
		return cli_usage_error(&cmd_target, "应为 huimin target list 年度");
	struct listing l = {0};
	struct error err = ERROR_INIT;
	if (cli_open_db(cli, CLI_READ, &l.db) < 0)
		return EXIT_USAGE;
	int rc = target_list(l.db, year_of(argv[1]), "", line, &l, &err);
	db_close(l.db);
	if (rc < 0) {
		fprintf(stderr, "%s\n", err.msg);
		return EXIT_USAGE;
	}
	if (l.n == 0)
		printf("%s年度还没有目标\n", argv[1]);
	return EXIT_OK;
}

static int run(struct cli *cli, int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "add") == 0)
		return add(cli, argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "list") == 0)
		return list(cli, argc - 1, argv + 1);
	return cli_usage_error(&cmd_target, "应为 huimin target add 或 list");
}

const struct command cmd_target = {
	"target",
	run,
	"目标管理：设定和列出年度目标",
	"用法: huimin target add 年度 工作条线 名称 单位 目标值 完成时限 数据来源 [--split township|hukou]\n"
	"                        [--owner 责任人] [--start 开始日期]\n"
	"      huimin target list 年度\n\n"
	"add   设定一项目标。工作条线如 cataract、assistance、survey、employment、levy、rehab、other；\n"
	"      单位为“元”时目标值按元填写（最多两位小数）；数据来源为 manual（手工填报）或按数据统计的来源，\n"
	"      如 program:cataract:operated、paid:assistance、survey:villages、training:classes、\n"
	"      rehab:services、levy:collected（见 docs/targets.md）。分解、督查在网页“目标管理”中办理。\n"
	"list  列出某年度的目标及其完成情况（全县）。\n",
};
