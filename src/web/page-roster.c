#include "web/page-roster.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "base/xalloc.h"
#include "domain/import-job.h"
#include "domain/registry.h"
#include "domain/roster.h"
#include "io/table.h"
#include "web/api-persons.h"
#include "web/auth.h"
#include "web/html.h"
#include "web/layout.h"

#define XLSX_TYPE "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#define ERRORS_ON_PAGE 500 /* the rest are in the download */

static bool has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && strcasecmp(s + n - m, suffix) == 0;
}

static bool may_import(struct request *req)
{
	return registry_may_edit(&req->account);
}

/* The upload form */

static int import_form(struct request *req, const char *notice, struct error *err)
{
	struct buf *b = &req->res.body;
	if (layout_begin(req, "导入花名册", "/persons") < 0 ||
	    (notice && (html_raw(b, "<p class=\"notice error\" role=\"alert\">") < 0 || html_txt(b, notice) < 0 ||
	                html_raw(b, "</p>\n") < 0)) ||
	    html_raw(b, "<section class=\"panel\">\n<p>上传乡镇报来的花名册（.xlsx 或 .csv，不超过 8 MB）。表头须有：姓名、身份证号、户口性质、乡镇、村；"
	                "其他列（性别、残疾证号、残疾类别、残疾等级、联系电话、是否低保、开户银行、银行账号）可有可无。"
	                "<a href=\"/persons/import/template.xlsx\">下载导入模板</a></p>\n"
	                "<form class=\"import\" method=\"post\" action=\"/persons/import\" enctype=\"multipart/form-data\">\n") < 0 ||
	    layout_csrf_field(req) < 0 ||
	    html_raw(b, "<div class=\"field\"><label for=\"f-file\">花名册文件</label>"
	                "<input id=\"f-file\" name=\"file\" type=\"file\" accept=\".xlsx,.csv\" required></div>\n"
	                "<div class=\"field\"><label><input type=\"checkbox\" name=\"update_existing\" value=\"1\" checked> "
	                "已在档案中的人员，用表中的数据更新</label></div>\n"
	                "<div class=\"field\"><label><input type=\"checkbox\" name=\"valid_only\" value=\"1\"> "
	                "只导入无误的行（不勾选时：有任何一行有误，整个文件都不导入）</label></div>\n"
	                "<div class=\"buttons\"><button type=\"submit\" class=\"primary\">开始导入</button>"
	                " <a class=\"btn secondary\" href=\"/persons\">返回列表</a></div>\n"
	                "<div class=\"import-progress\" hidden role=\"status\"><progress max=\"1\"></progress> "
	                "<span>正在上传并导入，请稍候，不要关闭页面……</span></div>\n"
	                "</form>\n</section>\n") < 0 ||
	    layout_end(req) < 0)
		return error_set(err, "import page too large");
	return 0;
}

int page_import(struct request *req, struct error *err)
{
	if (!may_import(req)) {
		response_page(req, 403, "无权导入", "您的角色只能查看档案，不能导入。");
		return 0;
	}
	return import_form(req, NULL, err);
}

/* Running an import */

struct outcome {
	struct import_report r;
	struct import_options opt;
	int64_t job;
	char message[512]; /* the file as a whole could not be read; "" otherwise */
	char name[MULTIPART_NAME_MAX + 1];
};

/*
 * Runs the upload of req's field "file" as an import. 1 ran (o filled,
 * maybe with a file-level message), 0 nothing to run (o->message says
 * why), -1 error.
 */
static int run_import(struct request *req, struct outcome *o, struct error *err)
{
	const struct multipart_part *file = request_file(req, "file");
	import_report_init(&o->r);
	o->opt.update_existing = request_field(req, "update_existing") != NULL;
	o->opt.valid_only = request_field(req, "valid_only") != NULL;
	if (!file) {
		snprintf(o->message, sizeof o->message, "请选择要导入的花名册文件（.xlsx 或 .csv）。");
		return 0;
	}
	snprintf(o->name, sizeof o->name, "%s", file->filename);
	bool xlsx = has_suffix(file->filename, ".xlsx");
	if (!xlsx && !has_suffix(file->filename, ".csv")) {
		snprintf(o->message, sizeof o->message,
		         "只能导入 .xlsx 或 .csv 文件；旧的 .xls 文件请先在 Excel 或 WPS 中“另存为” .xlsx。");
		return 0;
	}
	if (file->len == 0) {
		snprintf(o->message, sizeof o->message, "上传的文件是空的。");
		return 0;
	}
	char path[64];
	if (server_temp_file(path, xlsx ? ".xlsx" : ".csv", err) < 0)
		return -1;
	FILE *f = fopen(path, "wb");
	bool written = f && fwrite(file->data, 1, file->len, f) == file->len;
	if (f && fclose(f) != 0)
		written = false;
	if (!written) {
		unlink(path);
		return error_set(err, "cannot write the upload to %s", path);
	}
	struct registry_scope scope;
	registry_scope_of(&req->account, &scope);
	o->opt.scope = &scope;
	struct table *t = NULL;
	struct error ferr = ERROR_INIT;
	int rc = 1;
	struct db *w = server_writer_lock(req->server);
	if (table_open(&t, path, &ferr) < 0 || roster_import(w, table_source(t), &o->opt, !xlsx, &o->r, &ferr) < 0)
		snprintf(o->message, sizeof o->message, "%s", ferr.msg);
	table_close(t);
	if (import_job_save(w, req->account.id, o->name, &o->opt, &o->r, o->message, &o->job, err) < 0)
		rc = -1;
	server_writer_unlock(req->server);
	unlink(path);
	o->opt.scope = NULL;
	if (rc < 0)
		return -1;
	char detail[256], target[32];
	snprintf(target, sizeof target, "import:%lld", (long long)o->job);
	snprintf(detail, sizeof detail, "{\"inserted\":%ld,\"updated\":%ld,\"rejected\":%ld,\"committed\":%s}",
	         o->r.inserted, o->r.updated, o->r.rejected, o->r.committed ? "true" : "false");
	if (auth_audit(req, "残疾人档案", "导入", target, detail, *o->message ? "失败：文件无法读取" : "成功", err) < 0)
		return -1;
	return 1;
}

static int result_page(struct request *req, struct outcome *o, struct error *err)
{
	struct buf *b = &req->res.body;
	char text[512];
	if (layout_begin(req, "导入结果", "/persons") < 0 || html_raw(b, "<section class=\"panel\">\n<p>文件：") < 0 ||
	    html_txt(b, o->name) < 0 || html_raw(b, "</p>\n") < 0)
		return error_set(err, "import page too large");
	if (*o->message) {
		if (html_raw(b, "<p class=\"notice error\" role=\"alert\">文件无法导入：") < 0 || html_txt(b, o->message) < 0 ||
		    html_raw(b, "</p>\n") < 0)
			return error_set(err, "import page too large");
	} else if (o->r.committed) {
		snprintf(text, sizeof text, "导入完成：新增 %ld 人，更新 %ld 人%s%ld 行有误未导入。", o->r.inserted, o->r.updated,
		         o->r.rejected ? "；" : "，", o->r.rejected);
		if (html_raw(b, o->r.rejected ? "<p class=\"notice warn\" role=\"status\">" : "<p class=\"notice ok\" role=\"status\">") < 0 ||
		    html_txt(b, text) < 0 || html_raw(b, "</p>\n") < 0)
			return error_set(err, "import page too large");
	} else {
		snprintf(text, sizeof text,
		         "有 %ld 行有误，整个文件都没有导入（数据库未作任何改动）。请按下表改正后重新导入，或勾选“只导入无误的行”。",
		         o->r.rejected);
		if (html_raw(b, "<p class=\"notice error\" role=\"alert\">") < 0 || html_txt(b, text) < 0 || html_raw(b, "</p>\n") < 0)
			return error_set(err, "import page too large");
	}
	const char *notes = buf_cstr(&o->r.notes);
	if (*notes && (html_raw(b, "<p class=\"muted\">") < 0 || html_txt(b, notes) < 0 || html_raw(b, "</p>\n") < 0))
		return error_set(err, "import page too large");
	if (o->r.nerrors) {
		snprintf(text, sizeof text, "/persons/import/%lld/errors.xlsx", (long long)o->job);
		if (html_raw(b, "<h2>有误的行</h2>\n<p><a class=\"btn\" href=\"") < 0 || html_attr(b, text) < 0 ||
		    html_raw(b, "\">下载错误清单（.xlsx）</a></p>\n<div class=\"table-wrap\"><table class=\"list\"><thead><tr>"
		                "<th scope=\"col\">行号</th><th scope=\"col\">列</th><th scope=\"col\">问题</th></tr></thead>\n<tbody>\n") < 0)
			return error_set(err, "import page too large");
		for (size_t i = 0; i < o->r.nerrors && i < ERRORS_ON_PAGE; i++) {
			snprintf(text, sizeof text, "第%ld行", o->r.errors[i].row);
			if (html_raw(b, "<tr><td>") < 0 || html_txt(b, text) < 0 || html_raw(b, "</td><td>") < 0 ||
			    html_txt(b, o->r.errors[i].column) < 0 || html_raw(b, "</td><td>") < 0 ||
			    html_txt(b, o->r.errors[i].reason) < 0 || html_raw(b, "</td></tr>\n") < 0)
				return error_set(err, "import page too large");
		}
		if (html_raw(b, "</tbody></table></div>\n") < 0)
			return error_set(err, "import page too large");
		if (o->r.nerrors > ERRORS_ON_PAGE) {
			snprintf(text, sizeof text, "页面只列出前 %d 行，其余请下载错误清单查看。", ERRORS_ON_PAGE);
			if (html_raw(b, "<p class=\"muted\">") < 0 || html_txt(b, text) < 0 || html_raw(b, "</p>\n") < 0)
				return error_set(err, "import page too large");
		}
	}
	if (html_raw(b, "<p><a class=\"btn\" href=\"/persons/import\">继续导入</a> <a class=\"btn secondary\" href=\"/persons\">返回列表</a></p>\n"
	                "</section>\n") < 0 ||
	    layout_end(req) < 0)
		return error_set(err, "import page too large");
	return 0;
}

int page_import_post(struct request *req, struct error *err)
{
	if (!may_import(req)) {
		response_page(req, 403, "无权导入", "您的角色只能查看档案，不能导入。");
		return 0;
	}
	struct outcome *o = xcalloc(1, sizeof *o);
	int rc = run_import(req, o, err);
	if (rc == 0)
		rc = import_form(req, o->message, err);
	else if (rc > 0)
		rc = result_page(req, o, err);
	import_report_release(&o->r);
	free(o);
	return rc;
}

int api_import_post(struct request *req, struct error *err)
{
	if (!may_import(req)) {
		api_error(req, 403, "forbidden", "您的角色只能查看档案，不能导入", NULL);
		return 0;
	}
	struct outcome *o = xcalloc(1, sizeof *o);
	int rc = run_import(req, o, err);
	if (rc == 0 || (rc > 0 && *o->message)) {
		api_error(req, 400, "bad_file", o->message, NULL);
		rc = 0;
	} else if (rc > 0) {
		json_t *errors = json_array();
		for (size_t i = 0; i < o->r.nerrors; i++)
			json_array_append_new(errors, json_pack("{s:I, s:s, s:s}", "row", (json_int_t)o->r.errors[i].row,
			                                        "column", o->r.errors[i].column, "reason", o->r.errors[i].reason));
		json_t *j = json_pack("{s:I, s:b, s:I, s:I, s:I, s:o, s:s}", "job", (json_int_t)o->job, "committed",
		                      o->r.committed, "inserted", (json_int_t)o->r.inserted, "updated",
		                      (json_int_t)o->r.updated, "rejected", (json_int_t)o->r.rejected, "errors", errors,
		                      "errors_xlsx", "");
		char href[64];
		snprintf(href, sizeof href, "/persons/import/%lld/errors.xlsx", (long long)o->job);
		json_object_set_new(j, "errors_xlsx", json_string(href));
		char *text = json_dumps(j, JSON_COMPACT);
		json_decref(j);
		req->res.status = o->r.committed ? 200 : 422;
		req->res.content_type = "application/json; charset=utf-8";
		rc = text && buf_addstr(&req->res.body, text) == 0 ? 0 : error_set(err, "JSON response too large");
		free(text);
	}
	import_report_release(&o->r);
	free(o);
	return rc;
}

/* Files: the template and a job's error list */

/* The roster's columns as a sheet's: every one text (ID numbers keep their digits), the roster's widths. */
static void roster_sheet_columns(struct table_column cols[ROSTER__MAX])
{
	for (int i = 0; i < ROSTER__MAX; i++)
		cols[i] = (struct table_column){roster_columns[i].name, XLSX_TEXT, roster_widths[i]};
}

static int write_table(struct request *req, const struct table_sheet *sheet,
                       int (*rows)(void *ctx, struct table_writer *w, struct error *err), void *ctx,
                       const char *filename, struct error *err)
{
	char path[64];
	struct table_writer *w;
	if (server_temp_file(path, has_suffix(filename, ".csv") ? ".csv" : ".xlsx", err) < 0)
		return -1;
	if (table_writer_begin(&w, path, sheet, err) < 0) {
		unlink(path);
		return -1;
	}
	int rc = rows ? rows(ctx, w, err) : 0;
	struct error cerr = ERROR_INIT;
	if (table_writer_close(w, &cerr) < 0 && rc == 0)
		rc = error_set(err, "%s", cerr.msg);
	if (rc < 0) {
		unlink(path);
		return -1;
	}
	return response_download(req, path, has_suffix(filename, ".csv") ? "text/csv" : XLSX_TYPE, filename, err);
}

struct error_rows {
	struct table_writer *w;
};

static int error_row(void *ctx, long row, const char *column, const char *reason, struct error *err)
{
	struct error_rows *e = ctx;
	char num[24];
	snprintf(num, sizeof num, "%ld", row);
	const char *cells[] = {num, column, reason};
	return table_writer_row(e->w, cells, err);
}

static int error_rows(void *ctx, struct table_writer *w, struct error *err)
{
	struct request *req = ctx;
	int64_t job;
	const char *rest;
	if (!request_path_id_rest(req, "/persons/import/", &job, &rest))
		return error_set(err, "no job in the path");
	struct error_rows e = {w};
	return import_job_errors(req->db, job, error_row, &e, err);
}

int page_import_file(struct request *req, struct error *err)
{
	if (strcmp(req->path, "/persons/import/template.xlsx") == 0) {
		/* The template is a header to fill in: no title (one would import all the same). */
		struct table_column cols[ROSTER__MAX];
		struct table_sheet sheet = {"残疾人花名册", NULL, cols, ROSTER__MAX, false};
		roster_sheet_columns(cols);
		return write_table(req, &sheet, NULL, NULL, "花名册导入模板.xlsx", err);
	}
	int64_t job;
	const char *rest;
	struct import_job j;
	int found = 0;
	if (request_path_id_rest(req, "/persons/import/", &job, &rest) && strcmp(rest, "/errors.xlsx") == 0 &&
	    (found = import_job_get(req->db, job, &j, err)) < 0)
		return -1;
	/* Only the user who imported sees the rows (they may quote what was typed). */
	if (found <= 0 || j.user_id != req->account.id) {
		response_page(req, 404, "文件不存在", "您要下载的错误清单不存在。");
		return 0;
	}
	static const struct table_column cols[] = {{"行号", XLSX_INTEGER, 8}, {"列", XLSX_TEXT, 14}, {"问题", XLSX_TEXT, 60}};
	char name[300], what[160], title[240];
	snprintf(name, sizeof name, "导入错误清单-%lld.xlsx", (long long)job);
	snprintf(what, sizeof what, "花名册导入错误清单（第%lld次导入）", (long long)job);
	table_title(title, sizeof title, what);
	struct table_sheet sheet = {"错误清单", title, cols, 3, false};
	return write_table(req, &sheet, error_rows, req, name, err);
}

/* Export of the current filter */

struct export {
	struct table_writer *w;
	bool masked;
	long n;
};

static int export_row(void *ctx, const struct person *p, struct error *err)
{
	struct export *x = ctx;
	char cells[ROSTER__MAX][ROSTER_CELL_MAX];
	const char *row[ROSTER__MAX];
	roster_cells(p, x->masked, cells);
	for (int i = 0; i < ROSTER__MAX; i++)
		row[i] = cells[i];
	x->n++;
	return table_writer_row(x->w, row, err);
}

struct export_run {
	struct request *req;
	struct registry_query *q;
	struct export x;
};

static int export_rows(void *ctx, struct table_writer *w, struct error *err)
{
	struct export_run *run = ctx;
	run->x.w = w;
	return registry_each(run->req->db, run->q, export_row, &run->x, err);
}

int page_export(struct request *req, struct error *err)
{
	bool api = strncmp(req->path, "/api/", 5) == 0;
	struct registry_query q;
	registry_query_init(&q, &req->account);
	for (size_t i = 0; registry_arg_names[i]; i++) {
		const char *name = registry_arg_names[i];
		if (registry_query_arg(&q, name, request_arg(req, name)) != 0) {
			if (api)
				api_error(req, 400, "bad_request", "查询条件有误", NULL);
			else
				response_page(req, 400, "查询条件有误", "导出的查询条件有误，请回到列表重新查询后再导出。");
			return 0;
		}
	}
	const char *format = request_arg(req, "format");
	bool csv = format && strcmp(format, "csv") == 0;
	if (format && *format && !csv && strcmp(format, "xlsx") != 0) {
		if (api)
			api_error(req, 400, "bad_request", "format 应为 xlsx 或 csv", NULL);
		else
			response_page(req, 400, "导出格式有误", "导出格式应为 Excel（xlsx）或 CSV。");
		return 0;
	}
	const char *full = request_arg(req, "full");
	bool masked = !(full && strcmp(full, "1") == 0 && registry_may_edit(&req->account));
	struct export_run run = {req, &q, {NULL, masked, 0}};
	char name[64], title[160];
	snprintf(name, sizeof name, "残疾人花名册.%s", csv ? "csv" : "xlsx");
	/* The title is in .xlsx only; the importer skips it (io/table.h), so the export imports again. */
	table_title(title, sizeof title, masked ? "残疾人花名册" : "残疾人花名册（含完整身份证号等敏感信息）");
	struct table_column cols[ROSTER__MAX];
	struct table_sheet sheet = {"残疾人花名册", title, cols, ROSTER__MAX, false};
	roster_sheet_columns(cols);
	if (write_table(req, &sheet, export_rows, &run, name, err) < 0)
		return -1;
	char detail[128];
	snprintf(detail, sizeof detail, "{\"persons\":%ld,\"format\":\"%s\",\"masked\":%s}", run.x.n, csv ? "csv" : "xlsx",
	         masked ? "true" : "false");
	return auth_audit(req, "残疾人档案", "导出", "persons", detail, "成功", err);
}
