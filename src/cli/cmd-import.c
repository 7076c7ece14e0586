/* huimin import persons FILE: a township roster into the registry; huimin import enterprises FILE: employers (就业保障金). */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "domain/enterprise.h"
#include "domain/roster.h"

static int import_roster(struct db *db, struct table *t, const struct import_options *opt, struct import_report *r,
			 struct error *err)
{
	/* A CSV row must have the header's width; an .xlsx row just ends at its last cell. */
	bool exact_width = strcmp(table_kind(t), "xlsx") != 0;
	return roster_import(db, table_source(t), opt, exact_width, r, err);
}

static int import_enterprises(struct db *db, struct table *t, const struct import_options *opt,
			      struct import_report *r, struct error *err)
{
	if (enterprise_import(db, table_source(t), opt, "(命令行)", r, err) < 0)
		return -1;
	if (r->committed && (r->inserted || r->updated)) {
		char outcome[96];
		snprintf(outcome, sizeof outcome, "成功：新增%ld家，更新%ld家", r->inserted, r->updated);
		cli_audit(db, "就业保障金", "导入", "levy", "import", outcome);
	}
	return 0;
}

static int run(struct cli *cli, int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "enterprises") == 0)
		return cli_import(&cmd_import, cli, argc - 1, argv + 1, false, import_enterprises);
	if (argc < 2 || strcmp(argv[1], "persons") != 0)
		return cli_usage_error(&cmd_import, "应为 huimin import persons 文件名 或 huimin import enterprises 文件名");
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
	"退出码: 0 全部导入, 1 有被拒绝的行, 2 用法错误或文件无法读取\n\n"
	"用法: huimin import enterprises 文件 [同上的选项]   （就业保障金的用人单位）\n"
	"表头: 统一社会信用代码,单位名称,乡镇,村（社区）,地址,联系人,联系电话,年度,在职职工人数,安排残疾人数\n"
	"统一社会信用代码、单位名称、乡镇、在职职工人数 必须有；村为空表示乡镇本级；年度为空表示今年。\n"
	"信用代码已登记的单位，按这一行更新（--no-update 则列为错误行）。\n",
};
