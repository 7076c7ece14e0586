/* huimin demo: a fictional county to try huimin on. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "domain/demo.h"
#include "domain/dict.h"

/* The most persons a demo county gets: a large province's registry. */
#define DEMO_PERSONS_MAX 5000000L

static int parse_number(const char *s, long max, long *out)
{
	char *end;
	long v = strtol(s, &end, 10);
	if (!*s || *end || v < 0 || v > max)
		return -1;
	*out = v;
	return 0;
}

static int run(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "persons", required_argument, NULL, 'p' },
		{ "seed", required_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 },
	};
	long persons = 10000, seed = 1;
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case 'p':
			if (parse_number(optarg, DEMO_PERSONS_MAX, &persons) < 0)
				return cli_usage_error(&cmd_demo, "--persons 应为 0 到 %ld 之间的整数", DEMO_PERSONS_MAX);
			break;
		case 's':
			if (parse_number(optarg, 0x7fffffffL, &seed) < 0)
				return cli_usage_error(&cmd_demo, "--seed 应为非负整数");
			break;
		default:
			return cli_usage_error(&cmd_demo, "不认识的选项 %s", argv[optind - 1]);
		}
	}
	if (optind != argc)
		return cli_usage_error(&cmd_demo, "多余的参数 %s", argv[optind]);

	struct db *db;
	struct error err = ERROR_INIT;
	struct demo_summary s;
	if (cli_open_db(cli, CLI_CREATE, &db) < 0)
		return EXIT_USAGE;
	int rc = demo_create(db, persons, (uint64_t)seed, &s, &err);
	if (rc < 0) {
		fprintf(stderr, "%s\n", err.msg);
		db_close(db);
		return EXIT_USAGE;
	}
	printf("示例县已建立（虚构数据，种子 %ld）：%s\n", seed, cli->db_path);
	printf("  乡镇 %ld 个，村 %ld 个\n", s.townships, s.villages);
	printf("  残疾人 %ld 人：城镇 %ld，农村 %ld；持证 %ld，重度（一、二级）%ld，低保 %ld\n", s.persons, s.urban,
	       s.rural, s.with_cert, s.severe, s.dibao);
	printf("  按类别：");
	for (int i = 1; i <= 7; i++)
		printf("%s %ld%s", dict_label(DICT_CATEGORY, i), s.by_category[i], i < 7 ? "，" : "");
	printf("；无证 %ld\n", s.by_category[0]);
	rc = cli_first_admin(db);
	db_close(db);
	return rc < 0 ? EXIT_USAGE : EXIT_OK;
}

const struct command cmd_demo = {
	"demo",
	run,
	"建立一个虚构的示例县（23个乡镇、351个村和残疾人档案）",
	"用法: huimin demo [--persons N] [--seed S]\n\n"
	"在新数据库中建立虚构的示例县：23个乡镇、351个村、N个残疾人（默认10000）。\n"
	"所有姓名和号码都是编造的；同一个种子总是生成同样的数据。\n"
	"  --persons N   残疾人数（默认 10000）\n"
	"  --seed S      随机种子（默认 1）\n",
};
