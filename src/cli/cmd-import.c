/* huimin import persons FILE: a township roster into the registry. */
#include <string.h>

#include "cli/cli.h"
#include "domain/roster.h"

static int import_roster(struct db *db, struct table *t, const struct import_options *opt, struct import_report *r,
			 struct error *err)
{
	/* A CSV row must have the header's width; an .xlsx row just ends at its last cell. */
	bool exact_width = strcmp(table_kind(t), "xlsx") != 0;
	return roster_import(db, table_source(t), opt, exact_width, r, err);
}

static int run(struct cli *cli, int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "persons") != 0)
		return cli_usage_error(&cmd_import, "应为 huimin import persons 文件名");
	return cli_import(&cmd_import, cli, argc - 1, argv + 1, false, import_roster);
}

const struct command cmd_import = {
	"import",
	run,
	"导入残疾人花名册（.xlsx 或 .csv）",
	"用法: huimin import persons 文件 [--valid-only] [--no-update] [--errors 错误清单.csv] [--json]\n\n"
	"文件为 .xlsx，或 .csv（UTF-8 或 Excel 保存的 GB18030/GBK 编码，自动识别）。\n"
	"表头（列的顺序不限）: 姓名,性别,身份证号,残疾证号,残疾类别,残疾等级,户口性质,乡镇,村,\n"
	"                    联系电话,是否低保,开户银行,银行账号\n"
	"姓名、身份证号、户口性质、乡镇、村 必须有；不认识的列会被忽略并提示一次。\n"
	"身份证号已在档案中的人，按这一行更新其档案。\n\n"
	"  --valid-only     只导入正确的行（默认：有任何错误行就整个文件不导入）\n"
	"  --no-update      已在档案中的人不更新，作为错误行列出\n"
	"  --errors FILE    把错误行写成CSV（行号,列名,原因；表头是第1行）\n"
	"  --json           以JSON输出结果\n"
	"退出码: 0 全部导入, 1 有被拒绝的行, 2 用法错误或文件无法读取\n",
};
