#include "web/payment-action.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "base/money.h"
#include "web/auth.h"
#include "web/case-form.h"
#include "web/payment-file.h"

#define XLSX_TYPE "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

bool payment_may_view(const struct user *u)
{
	return u->role == ROLE_COUNTY_ADMIN || u->role == ROLE_COUNTY_STAFF || u->role == ROLE_TOWNSHIP ||
	       u->role == ROLE_LEADER;
}

bool payment_may_pay(const struct user *u)
{
	return u->role == ROLE_COUNTY_ADMIN || u->role == ROLE_COUNTY_STAFF;
}

bool payment_may_set(const struct user *u)
{
	return u->role == ROLE_COUNTY_ADMIN;
}

/* Logs an action on target with a JSON detail (taken over). */
static int audit(struct request *req, const char *action, const char *target, json_t *detail, const char *outcome,
		 struct error *err)
{
	char *text = detail ? json_dumps(detail, JSON_COMPACT) : NULL;
	json_decref(detail);
	int rc = auth_audit(req, PAYMENT_MODULE, action, target, text ? text : "", outcome, err);
	free(text);
	return rc;
}

static bool has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && strcasecmp(s + n - m, suffix) == 0;
}

int payment_action_build(struct request *req, const struct program *p, const char *year, const char *period,
			 const char *payable, const char *stops, struct payment_built *out, struct error *err)
{
	memset(out, 0, sizeof *out);
	int y = case_form_year(year && *year ? year : "x");
	struct payment_build b = {.p = p, .year = y, .period = period ? period : "", .payable = payable ? payable : "",
				  .user = req->account.name};
	char keys[PAYMENT_STOPS_MAX + 1][PROGRAM_KEY_MAX + 1];
	const char *s = stops ? stops : "";
	while (*s) {
		size_t skip = strspn(s, ", \t\r\n"), n;
		s += skip;
		n = strcspn(s, ", \t\r\n");
		if (!n)
			break;
		if (b.nstops == PAYMENT_STOPS_MAX || n > PROGRAM_KEY_MAX) {
			snprintf(out->field, sizeof out->field, "stop_stages");
			snprintf(out->message, sizeof out->message, "停发阶段有误：最多%d个阶段代码", PAYMENT_STOPS_MAX);
			return 1;
		}
		memcpy(keys[b.nstops], s, n);
		keys[b.nstops][n] = '\0';
		b.stops[b.nstops] = keys[b.nstops];
		b.nstops++;
		s += n;
	}
	int rc;
	if (y < 0) {
		snprintf(out->field, sizeof out->field, "year");
		snprintf(out->message, sizeof out->message, "年度应为2000到2100之间的四位年份");
		rc = 1;
	} else {
		struct db *w = server_writer_lock(req->server);
		rc = payment_batch_build(w, &b, out, err);
		server_writer_unlock(req->server);
	}
	if (rc < 0)
		return -1;
	char target[64], outcome[480];
	if (rc == 0)
		snprintf(target, sizeof target, "payment:%lld", (long long)out->batch);
	else
		snprintf(target, sizeof target, "program:%s", p->code);
	snprintf(outcome, sizeof outcome, rc == 0 ? "成功" : "失败：%s", out->message);
	json_t *d = json_pack("{s:s, s:s, s:s, s:s, s:s, s:I, s:I, s:I}", "program", p->code, "year", year ? year : "",
			      "period", b.period, "payable_stage", b.payable, "stop_stages", stops ? stops : "", "lines",
			      (json_int_t)out->lines, "total_fen", (json_int_t)out->total, "skipped",
			      (json_int_t)out->skipped);
	return audit(req, "生成发放批次", target, d, outcome, err) < 0 ? -1 : rc;
}

int payment_action_download(struct request *req, const struct payment_batch *b, bool csv, struct error *err)
{
	char path[64], name[160];
	if (server_temp_file(path, csv ? ".csv" : ".xlsx", err) < 0)
		return -1;
	long lines = 0;
	if (payment_file_write(req->db, b->id, path, &lines, err) < 0) {
		unlink(path);
		return -1;
	}
	snprintf(name, sizeof name, "发放清单-%s-%s-第%lld批.%s", b->program, b->period, (long long)b->id, csv ? "csv" : "xlsx");
	if (response_download(req, path, csv ? "text/csv" : XLSX_TYPE, name, err) < 0)
		return -1;
	char target[40];
	snprintf(target, sizeof target, "payment:%lld", (long long)b->id);
	return audit(req, "下载银行文件", target,
		     json_pack("{s:s, s:I, s:I}", "format", csv ? "csv" : "xlsx", "lines", (json_int_t)lines, "total_fen",
			       (json_int_t)b->total),
		     "成功", err);
}

static int state_change(struct request *req, int64_t batch, bool send, struct error *err)
{
	struct db *w = server_writer_lock(req->server);
	int rc = send ? payment_batch_send(w, batch, req->account.name, err) : payment_batch_discard(w, batch, err);
	server_writer_unlock(req->server);
	if (rc != 0)
		return rc;
	char target[40];
	snprintf(target, sizeof target, "payment:%lld", (long long)batch);
	return audit(req, send ? "标记已报送银行" : "作废草稿批次", target, NULL, "成功", err) < 0 ? -1 : 0;
}

int payment_action_send(struct request *req, int64_t batch, struct error *err)
{
	return state_change(req, batch, true, err);
}

int payment_action_discard(struct request *req, int64_t batch, struct error *err)
{
	return state_change(req, batch, false, err);
}

int payment_action_reconcile(struct request *req, int64_t batch, const char *paid_total, struct import_report *r,
			     struct payment_reconciled *out, struct error *err)
{
	memset(out, 0, sizeof *out);
	struct payment_reconcile_options o = {.user = req->account.name};
	if (paid_total && *paid_total) {
		enum money_status ms = money_parse(paid_total, 0, &o.paid_total);
		if (ms != MONEY_OK) {
			snprintf(out->message, sizeof out->message, "实发总额：%s", money_reason(ms));
			return 1;
		}
		o.has_paid_total = true;
	}
	const struct multipart_part *file = request_file(req, "file");
	if (!file || !file->len) {
		snprintf(out->message, sizeof out->message, "请选择银行的回盘文件（.xlsx 或 .csv）");
		return 1;
	}
	bool xlsx = has_suffix(file->filename, ".xlsx");
	if (!xlsx && !has_suffix(file->filename, ".csv")) {
		snprintf(out->message, sizeof out->message,
			 "回盘文件只能是 .xlsx 或 .csv；旧的 .xls 文件请先在 Excel 或 WPS 中“另存为” .xlsx");
		return 1;
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
	struct db *w = server_writer_lock(req->server);
	int rc = payment_file_reconcile(w, batch, path, &o, r, out, err);
	server_writer_unlock(req->server);
	unlink(path);
	if (rc < 0 || rc == 2)
		return rc;
	char target[40], outcome[700];
	snprintf(target, sizeof target, "payment:%lld", (long long)batch);
	if (rc == 0)
		snprintf(outcome, sizeof outcome, "成功");
	else if (*out->message)
		snprintf(outcome, sizeof outcome, "失败：%s", out->message);
	else
		snprintf(outcome, sizeof outcome, "失败：%ld行有误", r->rejected);
	json_t *d = json_pack("{s:s, s:I, s:I, s:I, s:I, s:I, s:I}", "file", file->filename, "rows", (json_int_t)out->rows,
			      "paid", (json_int_t)out->paid, "failed", (json_int_t)out->failed, "file_total_fen",
			      (json_int_t)out->file_total, "paid_fen", (json_int_t)out->paid_fen, "rejected",
			      (json_int_t)r->rejected);
	return audit(req, "导入回盘文件", target, d, outcome, err) < 0 ? -1 : rc;
}

/* A number 0..max typed (or "" / "0" for any): its value, or -1. */
static int small_number(const char *s, int max)
{
	if (!s || !*s)
		return 0;
	if (strlen(s) != 1 || *s < '0' || *s > '0' + max)
		return -1;
	return *s - '0';
}

int payment_action_standard(struct request *req, const struct program *p, const char *year, const char *hukou,
			    const char *grade, const char *amount, char field[16], char reason[200], struct error *err)
{
	int y = case_form_year(year && *year ? year : "x"), h = small_number(hukou, 2), g = small_number(grade, 4);
	int64_t fen = 0;
	enum money_status ms = amount && *amount ? money_parse(amount, 0, &fen) : MONEY_OK;
	if (y < 0)
		return snprintf(field, 16, "year"), snprintf(reason, 200, "年度应为2000到2100之间的四位年份"), 1;
	if (h < 0)
		return snprintf(field, 16, "hukou"), snprintf(reason, 200, "户口性质应为 1（城镇）、2（农村）或不限"), 1;
	if (g < 0)
		return snprintf(field, 16, "grade"), snprintf(reason, 200, "残疾等级应为 1 到 4，或不限"), 1;
	if (ms != MONEY_OK)
		return snprintf(field, 16, "amount"), snprintf(reason, 200, "发放标准%s", money_reason(ms)), 1;
	if (amount && *amount && fen == 0)
		return snprintf(field, 16, "amount"), snprintf(reason, 200, "发放标准应大于0（不发放请留空以删除该标准）"), 1;
	struct db *w = server_writer_lock(req->server);
	int rc = fen ? payment_standard_set(w, p->code, y, h, g, fen, req->account.name, err)
		     : payment_standard_remove(w, p->code, y, h, g, err);
	server_writer_unlock(req->server);
	if (rc < 0)
		return -1;
	char target[64];
	snprintf(target, sizeof target, "program:%s", p->code);
	return audit(req, fen ? "设定发放标准" : "删除发放标准", target,
		     json_pack("{s:i, s:i, s:i, s:I}", "year", y, "hukou", h, "grade", g, "amount_fen", (json_int_t)fen),
		     "成功", err) < 0
		   ? -1
		   : 0;
}

int payment_action_budget(struct request *req, const struct program *p, const char *year, const char *amount,
			  char field[16], char reason[200], struct error *err)
{
	int y = case_form_year(year && *year ? year : "x");
	int64_t fen = 0;
	enum money_status ms = money_parse(amount, 0, &fen);
	if (y < 0)
		return snprintf(field, 16, "year"), snprintf(reason, 200, "年度应为2000到2100之间的四位年份"), 1;
	if (ms != MONEY_OK)
		return snprintf(field, 16, "amount"), snprintf(reason, 200, "预算%s", money_reason(ms)), 1;
	struct db *w = server_writer_lock(req->server);
	int rc = payment_budget_set(w, p->code, y, fen, req->account.name, err);
	server_writer_unlock(req->server);
	if (rc < 0)
		return -1;
	char target[64];
	snprintf(target, sizeof target, "program:%s", p->code);
	return audit(req, "设定资金预算", target, json_pack("{s:i, s:I}", "year", y, "amount_fen", (json_int_t)fen), "成功",
		     err) < 0
		   ? -1
		   : 0;
}
