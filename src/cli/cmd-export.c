/* huimin export persons: the registry as a roster (.csv or .xlsx). */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "domain/division.h"
#include "domain/roster.h"
#include "io/table.h"

static int run(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, 'f' }, { "out", required_argument, NULL, 'o' },
		{ "township", required_argument, NULL, 't' }, { "masked", no_argument, NULL, 'm' },
		{ NULL, 0, NULL, 0 },
	};
	if (argc < 2 || strcmp(argv[1], "persons") != 0)
		return cli_usage_error(&cmd_export, "应为 huimin export persons [选项]");
	const char *format = NULL, *out = NULL, *township = NULL;
	bool masked = false;
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc - 1, argv + 1, "", longopts, NULL)) != -1) {
		switch (c) {
		case 'f':
			format = optarg;
			break;
		case 'o':
			out = optarg;
			break;
		case 't':
			township = optarg;
			break;
		case 'm':
			masked = true;
			break;
		default:
			return cli_usage_error(&cmd_export, "不认识的选项 %s", argv[optind]);
		}
	}
	if (optind != argc - 1)
		return cli_usage_error(&cmd_export, "多余的参数 %s", argv[optind + 1]);
	if (!format) {
		size_t n = out ? strlen(out) : 0;
		format = n > 5 && strcmp(out + n - 5, ".xlsx") == 0 ? "xlsx" : "csv";
	}
	if (strcmp(format, "csv") != 0 && strcmp(format, "xlsx") != 0)
		return cli_usage_error(&cmd_export, "--format 应为 csv 或 xlsx");
	if (out && (strcmp(format, "xlsx") == 0) != (strlen(out) > 5 && strcmp(out + strlen(out) - 5, ".xlsx") == 0))
		return cli_usage_error(&cmd_export, "--out 的扩展名应与 --format 一致（.xlsx 或 .csv）");
	if (strcmp(format, "xlsx") == 0 && !out)
		return cli_usage_error(&cmd_export, "导出 xlsx 需要 --out 文件名");

	struct error err = ERROR_INIT;
	struct db *db = NULL;
	struct person_cursor *cur = NULL;
	struct table_writer *sink = NULL;
	/* Every column text (ID numbers keep their digits); the title is in .xlsx only and imports again. */
	struct table_column cols[ROSTER__MAX];
	for (int i = 0; i < ROSTER__MAX; i++)
		cols[i] = (struct table_column){roster_columns[i].name, XLSX_TEXT, roster_widths[i]};
	char title[160];
	table_title(title, sizeof title, masked ? "残疾人花名册" : "残疾人花名册（含完整身份证号等敏感信息）");
	struct table_sheet sheet = {"残疾人花名册", title, cols, ROSTER__MAX, false};
	struct person_filter filter = { "" };
	struct person p;
	long n = 0;
	int rc = EXIT_USAGE;
	if (cli_open_db(cli, CLI_READ, &db) < 0)
		return EXIT_USAGE;
	if (township) {
		struct division d;
		int found = division_find(db, township, &d, &err);
		if (found <= 0 || d.level != DIVISION_TOWNSHIP) {
			fprintf(stderr, "%s\n", found < 0 ? err.msg : "找不到这个乡镇代码（--township 应为12位乡镇区划代码）");
			goto out;
		}
		snprintf(filter.division, sizeof filter.division, "%s", township);
	}
	if (table_writer_begin(&sink, out, &sheet, &err) < 0 ||
	    person_cursor_open(db, &filter, &cur, &err) < 0)
		goto fail;
	while ((c = person_cursor_next(cur, &p, &err)) == DB_ROW) {
		char cells[ROSTER__MAX][ROSTER_CELL_MAX];
		const char *row[ROSTER__MAX];
		roster_cells(&p, masked, cells);
		for (int i = 0; i < ROSTER__MAX; i++)
			row[i] = cells[i];
		if (table_writer_row(sink, row, &err) < 0)
			goto fail;
		n++;
	}
	struct table_writer *done = sink;
	sink = NULL;
	if (c == DB_ERROR || table_writer_close(done, &err) < 0)
		goto fail;
	if (out)
		fprintf(stderr, "已导出 %ld 人到 %s\n", n, out);
	rc = EXIT_OK;
	goto out;
fail:
	fprintf(stderr, "导出失败：%s\n", err.msg);
	struct error ignored = ERROR_INIT;
	if (table_writer_close(sink, &ignored) < 0)
		sink = NULL; /* freed all the same; the first message is the one that counts */
out:
	person_cursor_close(cur);
	db_close(db);
	return rc;
}

const struct command cmd_export = {
	"export",
	run,
	"导出残疾人花名册（.csv 或 .xlsx），可再次导入",
	"用法: huimin export persons [--format csv|xlsx] [--out 文件] [--township 乡镇代码] [--masked]\n\n"
	"  --format     csv（默认；UTF-8，Excel 可直接打开）或 xlsx（身份证号等按文本保存）\n"
	"  --out FILE   输出文件；csv 不指定时写到标准输出\n"
	"  --township   只导出这个乡镇（12位区划代码）的人\n"
	"  --masked     按公示规则遮盖身份证号、残疾证号、电话、银行账号\n",
};
