/* huimin survey open / check / progress: 残疾人基本情况调查 (docs/design.md). */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/number.h"
#include "base/xalloc.h"
#include "cli/cli.h"
#include "domain/survey.h"

/* The whole file, at most SURVEY_FORM_MAX + 1 bytes; NULL after printing why. */
static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "无法读取文件 %s：%s\n", path, strerror(errno));
		return NULL;
	}
	char *text = xmalloc(SURVEY_FORM_MAX + 2);
	*len = fread(text, 1, SURVEY_FORM_MAX + 1, f);
	int failed = ferror(f);
	fclose(f);
	if (failed || *len > SURVEY_FORM_MAX) {
		fprintf(stderr, failed ? "无法读取文件 %s\n" : "文件 %s 太大\n", path);
		free(text);
		return NULL;
	}
	text[*len] = '\0';
	return text;
}

static int year_of(const char *s)
{
	int64_t y;
	return s && strlen(s) == 4 && number_parse(s, 2000, 2100, &y) ? (int)y : -1;
}

static int check(int argc, char **argv)
{
	if (argc != 2)
		return cli_usage_error(&cmd_survey, "应为 huimin survey check 调查表.json");
	size_t len;
	char *text = read_file(argv[1], &len);
	if (!text)
		return EXIT_USAGE;
	struct buf problems = BUF_INIT(1 << 20);
	struct program_form *f;
	int rc = program_form_parse(text, len, &f, &problems);
	free(text);
	if (rc < 0) {
		fprintf(stderr, "%s%s 有错误，请改正后重新检查\n", buf_cstr(&problems), argv[1]);
		buf_release(&problems);
		return EXIT_USAGE;
	}
	printf("%s 没有错误：%s 第%d版（%s），%zu个项目\n", argv[1], f->code, f->version, f->name, f->nfields);
	program_form_free(f);
	buf_release(&problems);
	return EXIT_OK;
}

static int open_cmd(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
	    {"start", required_argument, NULL, 's'},
	    {"end", required_argument, NULL, 'e'},
	    {NULL, 0, NULL, 0},
	};
	const char *start = NULL, *end = NULL;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", options, NULL)) != -1) {
		if (c == 's')
			start = optarg;
		else if (c == 'e')
			end = optarg;
		else
			return cli_usage_error(&cmd_survey, "不认识的选项 %s", argv[optind - 1]);
	}
	int year = optind + 2 == argc ? year_of(argv[optind]) : -1;
	if (year < 0)
		return cli_usage_error(&cmd_survey,
		                       "应为 huimin survey open 年度 调查表.json [--start 日期] [--end 日期]");
	size_t len;
	char *text = read_file(argv[optind + 1], &len);
	struct db *db;
	if (!text || cli_open_db(cli, CLI_WRITE, &db) < 0) {
		free(text);
		return EXIT_USAGE;
	}
	struct buf problems = BUF_INIT(1 << 20);
	struct error err = ERROR_INIT;
	enum survey_open_result what;
	int rc = survey_open(db, year, text, len, start, end, "(命令行)", &what, &problems, &err);
	int status = EXIT_OK;
	char name[16];
	snprintf(name, sizeof name, "%d", year);
	if (rc == 0 && what == SURVEY_UNCHANGED) {
		printf("%d年度的调查已经开展，调查表和调查时间都没有变化\n", year);
	} else if (rc == 0) {
		cli_audit(db, "基本情况调查", what == SURVEY_OPENED ? "开展调查" : "修改调查", "survey", name, "成功");
		printf(what == SURVEY_OPENED ? "已开展%d年度的残疾人基本情况调查\n"
		                             : "已修改%d年度调查的调查时间或调查表\n",
		       year);
	} else if (rc == 1) {
		fprintf(stderr, "%s没有开展\n", buf_cstr(&problems));
		status = EXIT_REJECTED;
	} else {
		fprintf(stderr, "%s\n", err.msg);
		status = EXIT_USAGE;
	}
	buf_release(&problems);
	db_close(db);
	free(text);
	return status;
}

static int progress_row(void *ctx, const struct survey_stats *s, struct error *err)
{
	(void)ctx;
	(void)err;
	char rate[16];
	survey_rate_text(s->visited, s->roster, rate);
	printf("%-14s %-12s %6ld %6ld %6ld %8ld %8ld %8ld %8s\n", s->code, s->name, s->villages, s->drawn, s->complete,
	       s->roster, s->recorded, s->visited, rate);
	return 0;
}

static int progress(struct cli *cli, int argc, char **argv)
{
	int year = argc == 2 ? year_of(argv[1]) : -1;
	if (year < 0)
		return cli_usage_error(&cmd_survey, "应为 huimin survey progress 年度");
	struct db *db;
	if (cli_open_db(cli, CLI_READ, &db) < 0)
		return EXIT_USAGE;
	struct error err = ERROR_INIT;
	struct survey s;
	int found = survey_get(db, year, &s, &err);
	if (found == 0)
		fprintf(stderr, "%d年度的残疾人基本情况调查还没有开展\n", year);
	struct survey_stats total;
	struct registry_scope all;
	snprintf(all.lo, sizeof all.lo, "000000000000");
	snprintf(all.hi, sizeof all.hi, "999999999999");
	int rc = found;
	if (found > 0) {
		survey_release(&s);
		printf("%-14s %-12s %6s %6s %6s %8s %8s %8s %8s\n", "乡镇代码", "乡镇", "村", "已抽", "已完成", "底册",
		       "已登记", "已入户", "入户率");
		rc = survey_townships(db, year, &all, progress_row, NULL, &total, &err);
		if (rc == 0)
			progress_row(NULL, &total, &err);
	}
	if (rc < 0)
		fprintf(stderr, "%s\n", err.msg);
	db_close(db);
	return rc < 0 ? EXIT_USAGE : found ? EXIT_OK : EXIT_REJECTED;
}

static int run(struct cli *cli, int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "open") == 0)
		return open_cmd(cli, argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "check") == 0)
		return check(argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "progress") == 0)
		return progress(cli, argc - 1, argv + 1);
	return cli_usage_error(&cmd_survey, "应为 huimin survey open、check 或 progress");
}

const struct command cmd_survey = {
    "survey",
    run,
    "残疾人基本情况调查：开展、检查调查表、进度",
    "用法: huimin survey open 年度 调查表.json [--start YYYY-MM-DD] [--end YYYY-MM-DD]\n"
    "      huimin survey check 调查表.json\n"
    "      huimin survey progress 年度\n\n"
    "open      开展该年度的调查（入户调查时间默认9月1日至9月30日）；再次执行可修改调查时间，\n"
    "          在还没有调查记录时也可更换调查表。调查表的格式见 programs/survey-form.json。\n"
    "check     只检查调查表文件，列出每一处错误及其位置。\n"
    "progress  各乡镇的进度：行政村、已抽底册、已完成村、底册人数、已登记、已入户、入户率。\n"
    "底册抽取、调查员、调查记录和验收抽查在网页“基本情况调查”中办理（或用 /api/v1/survey 接口）。\n"
    "退出码: 0 完成, 1 被拒绝（调查表有误、日期不对，或该年度没有调查）, 2 用法错误或文件无法读取\n",
};
