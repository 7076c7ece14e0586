/* huimin program load / check / list / show: livelihood project definitions (docs/programs.md). */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/acuity.h"
#include "base/money.h"
#include "base/xalloc.h"
#include "cli/cli.h"
#include "domain/program.h"

/* The whole file, at most PROGRAM_FILE_MAX + 1 bytes (so that a larger one is seen as such); NULL after printing why. */
static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "无法读取文件 %s：%s\n", path, strerror(errno));
		return NULL;
	}
	char *text = xmalloc(PROGRAM_FILE_MAX + 2);
	*len = fread(text, 1, PROGRAM_FILE_MAX + 1, f);
	int failed = ferror(f);
	fclose(f);
	if (failed) {
		fprintf(stderr, "无法读取文件 %s\n", path);
		free(text);
		return NULL;
	}
	text[*len] = '\0';
	return text;
}

/* Parses the file at path: the program, or NULL after printing every problem. */
static struct program *parse_file(const char *path)
{
	size_t len;
	char *text = read_file(path, &len);
	if (!text)
		return NULL;
	struct buf problems = BUF_INIT(1 << 20);
	struct program *p;
	if (program_parse(text, len, &p, &problems) < 0) {
		const char *s = buf_cstr(&problems);
		int n = 0;
		for (const char *c = s; *c; c++)
			n += *c == '\n';
		fprintf(stderr, "%s", s);
		fprintf(stderr, "%s 有%d处错误，没有载入；请改正后重新载入\n", path, n);
		p = NULL;
	}
	buf_release(&problems);
	free(text);
	return p;
}

static int load(struct cli *cli, int argc, char **argv)
{
	if (argc != 2)
		return cli_usage_error(&cmd_program, "应为 huimin program load 文件.json");
	struct program *p = parse_file(argv[1]);
	if (!p)
		return EXIT_USAGE;
	size_t len;
	char *text = read_file(argv[1], &len);
	struct db *db;
	if (!text || cli_open_db(cli, CLI_WRITE, &db) < 0) {
		free(text);
		program_free(p);
		return EXIT_USAGE;
	}
	struct error err = ERROR_INIT;
	const struct program *old;
	int existed = program_get(db, p->code, p->version, &old, &err);
	int rc = existed < 0 ? -1 : program_store(db, text, len, "(命令行)", &err);
	int status = EXIT_OK;
	char target[64];
	snprintf(target, sizeof target, "%s 第%d版", p->code, p->version);
	if (rc == 0 && existed == 1) {
		printf("%s 已经载入过，内容相同\n", target);
	} else if (rc == 0) {
		cli_audit(db, "民生工程", "新增", "program", target, "成功");
		printf("已载入 %s（%s）\n", target, p->name);
	} else {
		fprintf(stderr, "没有载入：%s\n", err.msg);
		status = rc == 1 ? EXIT_REJECTED : EXIT_USAGE;
	}
	db_close(db);
	free(text);
	program_free(p);
	return status;
}

static int check(int argc, char **argv)
{
	if (argc != 2)
		return cli_usage_error(&cmd_program, "应为 huimin program check 文件.json");
	struct program *p = parse_file(argv[1]);
	if (!p)
		return EXIT_USAGE;
	printf("%s 没有错误：%s 第%d版（%s）\n", argv[1], p->code, p->version, p->name);
	program_free(p);
	return EXIT_OK;
}

static void list_one(void *ctx, const char *code, const char *name, int version)
{
	int *n = ctx;
	if ((*n)++ == 0)
		printf("%-20s %-10s %s\n", "代码", "最新版本", "名称");
	char v[24];
	snprintf(v, sizeof v, "第%d版", version);
	printf("%-20s %-10s %s\n", code, v, name);
}

static int list(struct cli *cli, int argc)
{
	if (argc != 1)
		return cli_usage_error(&cmd_program, "应为 huimin program list");
	struct db *db;
	struct error err = ERROR_INIT;
	int n = 0;
	if (cli_open_db(cli, CLI_READ, &db) < 0)
		return EXIT_USAGE;
	int rc = program_list(db, list_one, &n, &err);
	db_close(db);
	if (rc < 0) {
		fprintf(stderr, "%s\n", err.msg);
		return EXIT_USAGE;
	}
	if (n == 0)
		printf("还没有载入任何项目（用 huimin program load 文件.json 载入）\n");
	return EXIT_OK;
}

static const char *stage_label(const struct program *p, size_t i)
{
	return i == SIZE_MAX ? "（新登记）" : p->stages[i].label;
}

static void show_field(const struct program *p, const struct program_field *f)
{
	printf("  %-20s %s：%s", f->key, f->label, program_type_label(f->type));
	char lo[32], hi[32];
	switch (f->type) {
	case PROGRAM_DATE:
		if (f->after_stage[0]) {
			const char *anchor = p->stages[program_stage_index(p, f->after_stage)].label;
			if (f->max_days == PROGRAM_DAYS_MAX && f->min_days == 0)
				printf("，不早于“%s”的日期", anchor);
			else if (f->max_days == PROGRAM_DAYS_MAX)
				printf("，在“%s”的日期之后至少%d天", anchor, f->min_days);
			else
				printf("，在“%s”的日期之后%d至%d天", anchor, f->min_days, f->max_days);
		}
		break;
	case PROGRAM_INTEGER:
	case PROGRAM_DECIMAL:
		snprintf(lo, sizeof lo, "%lld", (long long)f->min);
		snprintf(hi, sizeof hi, "%lld", (long long)f->max);
		program_value_text(f, lo, lo, sizeof lo);
		program_value_text(f, hi, hi, sizeof hi);
		if (f->has_min && f->has_max)
			printf("，%s至%s", lo, hi);
		else if (f->has_min)
			printf("，不小于%s", lo);
		else if (f->has_max)
			printf("，不大于%s", hi);
		break;
	case PROGRAM_TEXT:
		printf("，最多%lld个字", (long long)f->max);
		break;
	case PROGRAM_CHOICE:
		for (size_t i = 0; i < f->nchoices; i++)
			printf("%s%s", i ? "、" : "：", f->choices[i].label);
		break;
	case PROGRAM_ACUITY:
	case PROGRAM_BOOL:
	case PROGRAM_FIELD_TYPE__MAX:
		break;
	}
	printf("\n");
}

static void show(const struct program *p)
{
	printf("%s（%s 第%d版）\n", p->name, p->code, p->version);
	printf("计数单位：%s\n", p->unit);
	if (p->monthly_amount >= 0) {
		char amount[32];
		money_format(p->monthly_amount, amount, sizeof amount);
		printf("每月补助标准：%s元\n", amount);
	} else {
		printf("每月补助标准：未写（公示名单不列金额）\n");
	}

	printf("\n阶段（%zu）：\n", p->nstages);
	for (size_t i = 0; i < p->nstages; i++) {
		const struct program_stage *s = &p->stages[i];
		printf("  %-20s %s", s->key, s->label);
		if (s->anchor[0])
			printf("：“%s”后%d天到期", p->stages[program_stage_index(p, s->anchor)].label, s->offset_days);
		if (s->final)
			printf("（结束）");
		printf("\n");
		if (s->hold) {
			printf("      公示阶段：公示期%d天", s->hold_days);
			if (s->hold_field[0])
				printf("，进入时可由“%s”改定", p->fields[program_field_index(p, s->hold_field)].label);
			printf("；期满且没有未处理的异议才能离开\n");
		}
		if (s->archive)
			printf("      第一次到达时编档案号（一人一档）\n");
	}

	printf("\n流转（%zu）：\n", p->ntransitions);
	for (size_t i = 0; i < p->ntransitions; i++) {
		const struct program_transition *t = &p->transitions[i];
		printf("  %-20s %s：", t->key, t->label);
		for (size_t j = 0; j < t->nfrom; j++)
			printf("%s%s", j ? "、" : "", stage_label(p, t->from[j]));
		printf(" → %s\n      可由：", p->stages[t->to].label);
		for (int r = 0, n = 0; r < ROLE__MAX; r++)
			if (t->roles & (1u << r))
				printf("%s%s", n++ ? "、" : "", role_label((enum role)r));
		printf("\n");
		if (t->nfields) {
			printf("      填写：");
			for (size_t j = 0; j < t->nfields; j++) {
				const char *must = t->must_be[j] == 1 ? "须为“是”" : t->must_be[j] == 0 ? "须为“否”" : "";
				printf("%s%s", j ? "、" : "", p->fields[t->fields[j]].label);
				if (t->required[j] || *must)
					printf("（%s%s%s）", t->required[j] ? "必填" : "", t->required[j] && *must ? "，" : "",
					       must);
			}
			printf("\n");
		}
		if (t->remark_required)
			printf("      须写明原因\n");
		if (t->check_eligibility)
			printf("      办理时按档案现在的情况再查资格条件\n");
		if (t->objection_upheld)
			printf("      公示异议成立时由系统办理\n");
	}

	if (p->nfields) {
		printf("\n字段（%zu）：\n", p->nfields);
		for (size_t i = 0; i < p->nfields; i++)
			show_field(p, &p->fields[i]);
	}

	printf("\n资格条件：%s\n", p->nrules ? "" : "无");
	for (size_t i = 0; i < p->nrules; i++) {
		const struct program_rule *r = &p->rules[i];
		printf("  %s", program_person_field_label(r->field));
		if (r->field == PROGRAM_P_AGE) {
			printf("%d至%d岁", r->values[0], r->values[1]);
		} else {
			printf("的代码为");
			for (size_t j = 0; j < r->nvalues; j++)
				printf("%s%d", j ? "、" : "", r->values[j]);
		}
		printf("；不符合时提示“%s”\n", r->message);
	}

	if (p->noutcomes) {
		printf("\n视力结果（按“%s”分类）：\n", p->fields[program_field_index(p, p->outcome_field)].label);
		for (size_t i = 0; i < p->noutcomes; i++) {
			char v[ACUITY_TEXT_MAX];
			acuity_format(p->outcomes[i].min, v, sizeof v);
			printf("  %-20s %s：", p->outcomes[i].key, p->outcomes[i].label);
			if (p->outcomes[i].has_min)
				printf("视力不低于%s\n", v);
			else
				printf("其余\n");
		}
	}

	if (p->nmetrics) {
		printf("\n指标（%zu）：\n", p->nmetrics);
		for (size_t i = 0; i < p->nmetrics; i++) {
			const struct program_metric *m = &p->metrics[i];
			printf("  %-20s %s：到达“%s”的个案", m->key, m->label, p->stages[m->stage].label);
			if (strcmp(m->field, "outcome") == 0) {
				for (size_t j = 0; j < p->noutcomes; j++)
					if (strcmp(p->outcomes[j].key, m->value) == 0)
						printf("，视力结果为“%s”", p->outcomes[j].label);
			} else if (m->field[0]) {
				const struct program_field *f = &p->fields[program_field_index(p, m->field)];
				char v[200];
				program_value_text(f, m->value, v, sizeof v);
				printf("，%s为“%s”", f->label, v);
			}
			printf("\n");
		}
	}
	if (p->nbreakdowns) {
		printf("\n分项统计（%zu）：\n", p->nbreakdowns);
		for (size_t i = 0; i < p->nbreakdowns; i++) {
			const struct program_breakdown *b = &p->breakdowns[i];
			printf("  %-20s %s：到达“%s”的个案，按“%s”逐月", b->key, b->label, p->stages[b->stage].label,
			       p->fields[program_field_index(p, b->field)].label);
			if (b->metric[0])
				printf("，并计其中“%s”", p->metrics[program_metric_index(p, b->metric)].label);
			printf("\n");
		}
	}
	if (p->target_metric[0])
		printf("\n目标考核的指标：%s\n", p->metrics[program_metric_index(p, p->target_metric)].label);
	if (p->success_metric[0])
		printf("成功率：%s ÷ %s\n", p->metrics[program_metric_index(p, p->success_metric)].label,
		       p->metrics[program_metric_index(p, p->success_of)].label);
}

static int show_cmd(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "version", required_argument, NULL, 'v' },
		{ NULL, 0, NULL, 0 },
	};
	int version = 0, c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		if (c != 'v')
			return cli_usage_error(&cmd_program, "不认识的选项 %s", argv[optind - 1]);
		char *end;
		long v = strtol(optarg, &end, 10);
		if (*end || end == optarg || v < 1 || v > 1000000)
			return cli_usage_error(&cmd_program, "--version 应为正整数");
		version = (int)v;
	}
	if (optind != argc - 1)
		return cli_usage_error(&cmd_program, "应为 huimin program show 项目代码 [--version N]");
	const char *code = argv[optind];
	struct db *db;
	struct error err = ERROR_INIT;
	const struct program *p;
	if (cli_open_db(cli, CLI_READ, &db) < 0)
		return EXIT_USAGE;
	int found = program_get(db, code, version, &p, &err);
	if (found == 1)
		show(p);
	else if (found == 0 && version)
		fprintf(stderr, "没有项目 %s 的第%d版\n", code, version);
	else if (found == 0)
		fprintf(stderr, "没有项目 %s（huimin program list 列出已载入的项目）\n", code);
	else
		fprintf(stderr, "%s\n", err.msg);
	db_close(db);
	return found == 1 ? EXIT_OK : found == 0 ? EXIT_REJECTED : EXIT_USAGE;
}

static int run(struct cli *cli, int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "load") == 0)
		return load(cli, argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "check") == 0)
		return check(argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "list") == 0)
		return list(cli, argc - 1);
	if (argc >= 2 && strcmp(argv[1], "show") == 0)
		return show_cmd(cli, argc - 1, argv + 1);
	return cli_usage_error(&cmd_program, "应为 huimin program load、check、list 或 show");
}

const struct command cmd_program = {
	"program",
	run,
	"民生工程项目的定义：载入、检查、列出、查看",
	"用法: huimin program load 文件.json\n"
	"      huimin program check 文件.json\n"
	"      huimin program list\n"
	"      huimin program show 项目代码 [--version N]\n\n"
	"load   检查定义文件，列出每一处错误及其位置；没有错误时存入数据库（项目代码 + 版本号）。\n"
	"       同一版本再次载入相同内容没有影响；内容不同则拒绝：版本一经载入不能修改，请改用新的版本号。\n"
	"check  只检查定义文件，不用数据库。\n"
	"list   已载入的项目，各自的最新版本。\n"
	"show   以中文列出项目定义的全部内容：计数单位、补助标准、阶段（公示期、编档案号）、流转（材料须为“是”、\n"
	"       再查资格、异议成立）、字段、资格条件、视力结果、指标、分项统计（默认最新版本）。\n"
	"文件格式见 docs/programs.md。\n"
	"退出码: 0 完成, 1 版本已存在且内容不同（或没有这个项目）, 2 定义有错误、用法错误或文件无法读取\n",
};
