#include "cli/cli.h"

#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <stdarg.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "base/error.h"
#include "base/log.h"
#include "base/msg.h"
#include "domain/account.h"
#include "domain/audit.h"
#include "domain/dict.h"
#include "io/csv.h"
#include "store/migrate.h"

/* Lines of errors printed on a terminal; the rest go to --errors. */
#define PRINT_ERRORS_MAX 50

void cli_usage(FILE *f, const struct command *cmd)
{
	fprintf(f, "%s", cmd->usage);
}

bool cli_wants_help(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			break;
		if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0)
			return true;
	}
	return false;
}

int cli_usage_error(const struct command *cmd, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "huimin %s: ", cmd->name);
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\n\n");
	va_end(ap);
	cli_usage(stderr, cmd);
	return EXIT_USAGE;
}

int cli_open_db(struct cli *cli, enum cli_open how, struct db **out)
{
	struct error err = ERROR_INIT;
	struct stat sb;
	int applied = 0;
	*out = NULL;
	if (how != CLI_CREATE && stat(cli->db_path, &sb) < 0) {
		fprintf(stderr, "数据库文件 %s 不存在：请先运行 huimin init（或 huimin demo 生成示例县）\n",
			cli->db_path);
		return -1;
	}
	if (db_open(out, cli->db_path, how == CLI_READ ? DB_READER : DB_WRITER, &err) < 0)
		goto fail;
	if (how == CLI_READ) {
		int version = migrate_version(*out, &err);
		if (version < 0)
			goto fail;
		if (version != migrate_latest()) {
			error_set(&err, "数据库 %s 的结构版本(%d)与本程序(%d)不同：请先运行 huimin init", cli->db_path,
				  version, migrate_latest());
			goto fail;
		}
		if (dict_load(*out, &err) < 0)
			goto fail;
		return 0;
	}
	int claimed = db_claim(*out, &err);
	if (claimed == 1)
		error_set(&err, "数据库 %s 正由 huimin serve 使用：请在网页中操作，或先停止服务再运行这个命令",
			  cli->db_path);
	if (claimed != 0 || migrate_run(*out, &applied, &err) < 0 || dict_load(*out, &err) < 0)
		goto fail;
	if (applied)
		log_info("database %s: %s, %d migration(s) applied, schema version %d", cli->db_path,
			 db_engine_version(), applied, migrate_latest());
	return 0;
fail:
	fprintf(stderr, "%s\n", err.msg);
	db_close(*out);
	*out = NULL;
	return -1;
}

/* The options of an import command. */
struct cli_import {
	struct import_options opt;
	const char *errors_path; /* --errors OUT.csv */
	bool json;
	FILE *errors_file;
};

static int import_options(const struct command *cmd, int argc, char **argv, struct cli_import *io, const char **file)
{
	static const struct option longopts[] = {
		{ "valid-only", no_argument, NULL, 'v' },
		{ "no-update", no_argument, NULL, 'n' },
		{ "errors", required_argument, NULL, 'e' },
		{ "json", no_argument, NULL, 'j' },
		{ NULL, 0, NULL, 0 },
	};
	memset(io, 0, sizeof *io);
	io->opt.update_existing = true;
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case 'v':
			io->opt.valid_only = true;
			break;
		case 'n':
			io->opt.update_existing = false;
			break;
		case 'e':
			io->errors_path = optarg;
			break;
		case 'j':
			io->json = true;
			break;
		default:
			return cli_usage_error(cmd, "不认识的选项 %s", argv[optind - 1]);
		}
	}
	if (argc - optind != 1)
		return cli_usage_error(cmd, "需要一个文件名");
	*file = argv[optind];
	return EXIT_OK;
}

static int import_begin(struct cli_import *io)
{
	if (!io->errors_path)
		return 0;
	io->errors_file = fopen(io->errors_path, "w");
	if (!io->errors_file) {
		fprintf(stderr, "无法创建错误清单文件 %s：%s\n", io->errors_path, strerror(errno));
		return -1;
	}
	return 0;
}

/* The rejections as CSV (行号,列名,原因), with a byte-order mark so Excel reads the Chinese. */
static int write_errors(FILE *f, const struct import_report *r)
{
	const char *header[] = { "行号", "列名", "原因" };
	if (fputs("\xEF\xBB\xBF", f) < 0 || csv_write_row(f, header, 3) < 0)
		return -1;
	for (size_t i = 0; i < r->nerrors; i++) {
		char number[24];
		snprintf(number, sizeof number, "%ld", r->errors[i].row);
		const char *fields[] = { number, r->errors[i].column, r->errors[i].reason };
		if (csv_write_row(f, fields, 3) < 0)
			return -1;
	}
	if ((long)r->nerrors < r->rejected) {
		char more[128];
		snprintf(more, sizeof more, "另有%ld行错误未列出", r->rejected - (long)r->nerrors);
		const char *fields[] = { "", "", more };
		if (csv_write_row(f, fields, 3) < 0)
			return -1;
	}
	return 0;
}

static void print_json(const struct import_report *r)
{
	json_t *errors = json_array();
	for (size_t i = 0; i < r->nerrors; i++)
		json_array_append_new(errors, json_pack("{s:I, s:s, s:s}", "row", (json_int_t)r->errors[i].row,
							"column", r->errors[i].column, "reason",
							r->errors[i].reason));
	json_t *notes = json_array();
	const char *s = buf_cstr(&r->notes);
	for (const char *end; (end = strchr(s, '\n')); s = end + 1)
		json_array_append_new(notes, json_stringn(s, (size_t)(end - s)));
	json_t *out = json_pack("{s:I, s:I, s:I, s:o, s:b, s:o}", "inserted", (json_int_t)r->inserted, "updated",
				(json_int_t)r->updated, "rejected", (json_int_t)r->rejected, "errors", errors,
				"errors_complete", (long)r->nerrors == r->rejected, "notes", notes);
	char *text = json_dumps(out, JSON_COMPACT);
	printf("%s\n", text);
	free(text);
	json_decref(out);
}

static const char *nothing_imported(long rejected)
{
	static char text[256];
	snprintf(text, sizeof text, msg(MSG_NOTHING_IMPORTED), rejected);
	return text;
}

static void print_plain(const struct import_report *r)
{
	size_t shown = r->nerrors < PRINT_ERRORS_MAX ? r->nerrors : PRINT_ERRORS_MAX;
	for (size_t i = 0; i < shown; i++) {
		const struct import_error *e = &r->errors[i];
		printf("第%ld行%s%s：%s\n", e->row, *e->column ? " " : "", e->column, e->reason);
	}
	if ((long)shown < r->rejected)
		printf("……另有%ld行错误未列出，完整清单请用 --errors 文件名 导出\n", r->rejected - (long)shown);
	fputs(buf_cstr(&r->notes), stdout);
	if (r->rejected && !r->committed)
		printf("%s\n", nothing_imported(r->rejected));
	else if (!r->rejected)
		printf("数据已全部导入成功！共 %ld 条\n", r->inserted + r->updated);
	printf("inserted %ld, updated %ld, rejected %ld\n", r->inserted, r->updated, r->rejected);
}

static int import_end(struct cli_import *io, struct import_report *r)
{
	if (io->errors_file) {
		int bad = write_errors(io->errors_file, r) < 0;
		if (fclose(io->errors_file) != 0 || bad)
			fprintf(stderr, "无法写完错误清单文件 %s\n", io->errors_path);
		io->errors_file = NULL;
	}
	if (io->json)
		print_json(r);
	else
		print_plain(r);
	return r->rejected ? EXIT_REJECTED : EXIT_OK;
}

int cli_import(const struct command *cmd, struct cli *cli, int argc, char **argv, bool create_db,
	       cli_importer *importer)
{
	struct cli_import io;
	const char *file = NULL;
	int rc = import_options(cmd, argc, argv, &io, &file);
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
	if (cli_open_db(cli, create_db ? CLI_CREATE : CLI_WRITE, &db) < 0 || import_begin(&io) < 0)
		goto out;
	if (importer(db, t, &io.opt, &r, &err) < 0) {
		fprintf(stderr, "导入失败，没有导入任何数据：%s\n", err.msg);
		goto out;
	}
	rc = import_end(&io, &r);
out:
	if (io.errors_file)
		fclose(io.errors_file);
	import_report_release(&r);
	table_close(t);
	db_close(db);
	return rc;
}

void cli_audit(struct db *db, const char *module, const char *action, const char *kind, const char *name,
	       const char *outcome)
{
	char target[128];
	snprintf(target, sizeof target, "%s:%s", kind, name);
	struct audit_operation op = { "(命令行)", "", module, action, target, "", outcome };
	struct error err = ERROR_INIT;
	if (audit_operation(db, &op, time(NULL), &err) < 0)
		fprintf(stderr, "无法写入操作日志：%s\n", err.msg);
}

int cli_first_admin(struct db *db)
{
	struct error err = ERROR_INIT;
	struct account_policy policy;
	char password[ACCOUNT_GENERATED_MAX + 1];
	long users = account_count(db, &err);
	if (users != 0) {
		if (users < 0)
			fprintf(stderr, "%s\n", err.msg);
		return users < 0 ? -1 : 0;
	}
	if (account_policy_load(db, &policy, &err) < 0)
		goto fail;
	if (account_create_generated(db, &policy, "admin", ROLE_COUNTY_ADMIN, NULL, time(NULL), NULL, password, NULL,
				     &err) != 0)
		goto fail;
	cli_audit(db, "系统管理", "新增", "user", "admin", "成功");
	printf("管理员账号：admin  初始密码：%s\n（密码只显示这一次，请记下；首次登录后须修改）\n", password);
	return 0;
fail:
	fprintf(stderr, "无法建立管理员账号：%s\n", err.msg);
	return -1;
}
