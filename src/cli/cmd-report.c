/* huimin report annual / check-template: the annual report written from the records (docs/reports.md). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/date.h"
#include "base/number.h"
#include "cli/cli.h"
#include "domain/division.h"
#include "domain/report.h"
#include "web/report-export.h"

/* The template (the file given, or the usual order); NULL after printing why. */
static struct report_template *load_template(const char *path)
{
	struct report_template *t;
	char source[512];
	struct buf problems = BUF_INIT(1u << 16);
	struct error err = ERROR_INIT;
	int rc = report_export_template(path, &t, source, sizeof source, &problems, &err);
	if (rc < 0)
		fprintf(stderr, "%s\n", err.msg);
	else if (rc > 0)
		fprintf(stderr, "%s", buf_cstr(&problems));
	buf_release(&problems);
	return rc == 0 ? t : NULL;
}

static int check_template(int argc, char **argv)
{
	if (argc > 2)
		return cli_usage_error(&cmd_report, "应为 huimin report check-template [模板文件]");
	struct report_template *t = load_template(argc == 2 ? argv[1] : NULL);
	if (!t)
		return EXIT_REJECTED;
	report_template_free(t);
	printf("模板没有错误\n");
	return EXIT_OK;
}

static int annual(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
	    {"year", required_argument, NULL, 'y'},     {"format", required_argument, NULL, 'f'},
	    {"out", required_argument, NULL, 'o'},      {"template", required_argument, NULL, 't'},
	    {"township", required_argument, NULL, 'w'}, {NULL, 0, NULL, 0},
	};
	const char *out = NULL, *template = NULL, *township = NULL;
	int year = date_today().year, format = REPORT_FORMAT_TXT, c;
	int64_t n;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", options, NULL)) != -1) {
		switch (c) {
		case 'y':
			if (!number_parse(optarg, 2000, 2100, &n))
				return cli_usage_error(&cmd_report, "年度应为2000到2100之间的年份：%s", optarg);
			year = (int)n;
			break;
		case 'f':
			if ((format = report_format_parse(optarg)) < 0)
				return cli_usage_error(&cmd_report, "格式应为 txt、html、docx 或 pdf：%s", optarg);
			break;
		case 'o':
			out = optarg;
			break;
		case 't':
			template = optarg;
			break;
		case 'w':
			township = optarg;
			break;
		default:
			return cli_usage_error(&cmd_report, "不认识的选项 %s", argv[optind - 1]);
		}
	}
	if (optind != argc)
		return cli_usage_error(&cmd_report, "多余的参数 %s", argv[optind]);
	if (!out && (format == REPORT_FORMAT_DOCX || format == REPORT_FORMAT_PDF))
		return cli_usage_error(&cmd_report, "%s 格式请用 --out 指定要写入的文件", report_format_ext(format));
	struct report_options o;
	memset(&o, 0, sizeof o);
	o.year = year;
	o.today = date_today();
	snprintf(o.scope.lo, sizeof o.scope.lo, "000000000000");
	snprintf(o.scope.hi, sizeof o.scope.hi, "999999999999");
	if (township) {
		if (division_level_of(township) != DIVISION_TOWNSHIP)
			return cli_usage_error(&cmd_report, "乡镇应为12位的乡镇代码：%s", township);
		snprintf(o.township, sizeof o.township, "%s", township);
		division_subtree(township, o.scope.lo, o.scope.hi);
	}
	struct report_template *t = load_template(template);
	if (!t)
		return EXIT_REJECTED;
	struct db *db;
	if (cli_open_db(cli, CLI_READ, &db) < 0) {
		report_template_free(t);
		return EXIT_USAGE;
	}
	struct error err = ERROR_INIT;
	struct report_doc doc = {0};
	struct report_blocks bl = {0};
	int status = EXIT_USAGE;
	struct division county;
	int found = division_the_county(db, &county, &err);
	if (found < 0 || report_build(db, t, &o, &doc, &err) < 0) {
		fprintf(stderr, "%s\n", err.msg);
		goto out;
	}
	report_blocks_of(&bl, &doc);
	if (out) {
		if (report_export_write(&bl, (enum report_format)format, out, found ? county.name : "", &err) < 0) {
			fprintf(stderr, "%s\n", err.msg);
			goto out;
		}
		fprintf(stderr, "已写入 %s\n", out);
	} else {
		struct buf text = BUF_INIT(64u << 20);
		int rc = format == REPORT_FORMAT_HTML ? doc_html(bl.b, bl.n, &text) : doc_txt(bl.b, bl.n, &text);
		if (rc < 0 || fwrite(text.data ? text.data : "", 1, text.len, stdout) != text.len) {
			buf_release(&text);
			fprintf(stderr, "无法输出汇报材料\n");
			goto out;
		}
		buf_release(&text);
	}
	status = EXIT_OK;
out:
	report_blocks_release(&bl);
	report_doc_release(&doc);
	report_template_free(t);
	db_close(db);
	return status;
}

static int run(struct cli *cli, int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "annual") == 0)
		return annual(cli, argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "check-template") == 0)
		return check_template(argc - 1, argv + 1);
	return cli_usage_error(&cmd_report, "应为 huimin report annual 或 check-template");
}

const struct command cmd_report = {
    "report",
    run,
    "年度汇报材料：按数据写出草稿（文本、网页、Word、PDF），检查句子模板",
    "用法: huimin report annual [--year 年度] [--format txt|html|docx|pdf] [--out 文件]\n"
    "                           [--template 模板文件] [--township 乡镇代码]\n"
    "      huimin report check-template [模板文件]\n\n"
    "annual          按数据库中的记录写出该年度（默认今年）的汇报材料：民生工程、目标管理，\n"
    "                每个数字都由记录算出，没有数据的句子写明缺什么数据。不给 --out 时\n"
    "                txt、html 写到标准输出；docx、pdf 必须用 --out 指定文件。\n"
    "                --township 只写该乡镇的数字（目标按分解到该乡镇的任务）。\n"
    "check-template  检查句子模板，列出每一处错误及其所在的行。\n"
    "模板: --template 给出的文件；否则环境变量 HUIMIN_REPORT_TEMPLATE；否则当前目录下的\n"
    "      reports/annual.zh.txt；否则程序内置的一份。格式见 docs/reports.md。\n"
    "退出码: 0 完成, 1 模板有错误, 2 用法错误或文件、数据库无法使用\n",
};
