/* huimin divisions import FILE.csv: load the administrative division tree. */
#include <string.h>

#include "cli/cli.h"
#include "domain/division.h"

static int import_divisions(struct db *db, struct table *t, const struct import_options *opt,
			    struct import_report *r, struct error *err)
{
	return division_import(db, table_source(t), opt, r, err);
}

static int run(struct cli *cli, int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "import") != 0)
		return cli_usage_error(&cmd_divisions, "应为 huimin divisions import 文件名");
	return cli_import(&cmd_divisions, cli, argc - 1, argv + 1, true, import_divisions);
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
