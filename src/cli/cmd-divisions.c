/* huimin divisions import FILE.csv: load the administrative division tree. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "domain/division.h"
#include "io/table.h"

static int run(struct cli *cli, int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "import") != 0)
		return cli_usage_error(&cmd_divisions, "应为 huimin divisions import 文件名");
	struct cli_import io;
	const char *file;
	int rc = cli_import_options(&cmd_divisions, argc - 1, argv + 1, &io, &file);
	if (rc != EXIT_OK)
		return rc;

	struct error err = ERROR_INIT;
	struct table *t = NULL;
	struct db *db = NULL;
	struct import_report r;
	import_report_init(&r);
	rc = EXIT_USAGE;
	if (table_open(&t, file, &err) < 0) {
		fprintf(stderr, "%s\n", err.msg);
		goto out;
	}
	if (cli_open_db(cli, true, &db) < 0 || cli_import_begin(&io, &r) < 0)
		goto out;
	if (division_import(db, table_source(t), &io.opt, &r, &err) < 0) {
		fprintf(stderr, "导入失败：%s\n", err.msg);
		goto out;
	}
	rc = cli_import_end(&io, &r);
out:
	if (io.errors_file)
		fclose(io.errors_file);
	import_report_release(&r);
	table_close(t);
	db_close(db);
	return rc;
}

const struct command cmd_divisions = {
	"divisions",
	run,
	"导入行政区划（县、乡镇、村）",
	"用法: huimin divisions import 文件.csv [--valid-only] [--errors 错误清单.csv] [--json]\n\n"
	"文件的列: code,name,level,parent_code\n"
	"  code         12位统计用区划代码\n"
	"  level        county / township / village（也可写 县 / 乡镇 / 村），须与代码的形式一致\n"
	"  parent_code  上级代码，可以不填；上级须在文件或数据库中\n\n"
	"  --valid-only     只导入正确的行（默认：有任何错误行就整个文件不导入）\n"
	"  --errors FILE    把错误行写成CSV（行号,列名,原因）\n"
	"  --json           以JSON输出结果\n"
	"退出码: 0 全部导入, 1 有被拒绝的行, 2 用法错误或文件无法读取\n",
};
