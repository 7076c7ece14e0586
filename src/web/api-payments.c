#include "web/api-payments.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/mask.h"
#include "base/money.h"
#include "base/number.h"
#include "base/xalloc.h"
#include "domain/case.h"
#include "domain/payment.h"
#include "web/api-body.h"
#include "web/api-persons.h"
#include "web/api-programs.h"
#include "web/case-form.h"
#include "web/payment-action.h"

#define LINES_PER_PAGE_MAX 1000

static json_t *yuan(int64_t fen)
{
	char t[MONEY_TEXT_MAX];
	money_format_plain(fen, t, sizeof t);
	return json_string(t);
}

/* Sets KEY_fen and KEY (yuan text) on j. */
static void money_set(json_t *j, const char *key, int64_t fen)
{
	char k[64];
	snprintf(k, sizeof k, "%s_fen", key);
	json_object_set_new(j, k, json_integer(fen));
	json_object_set_new(j, key, yuan(fen));
}

static bool forbidden(struct request *req, bool allowed, const char *message)
{
	if (!allowed)
		api_error(req, 403, "forbidden", message, NULL);
	return !allowed;
}

static json_t *batch_json(const struct payment_batch *b)
{
	json_t *stops = json_array();
	const char *s = b->stops;
	while (*s) {
		s += strspn(s, ",");
		size_t n = strcspn(s, ",");
		if (!n)
			break;
		json_array_append_new(stops, json_stringn(s, n));
		s += n;
	}
	json_t *j = json_pack("{s:I, s:s, s:i, s:s, s:s, s:o, s:s, s:s, s:s, s:s, s:I, s:I, s:I, s:I, s:I}", "id",
			      (json_int_t)b->id, "program", b->program, "year", b->year, "period", b->period,
			      "payable_stage", b->payable, "stop_stages", stops, "status",
			      payment_batch_status_code(b->status), "status_label", payment_batch_status_label(b->status),
			      "created_at", b->created_at, "created_by", b->created_by, "lines", (json_int_t)b->lines,
			      "pending_lines", (json_int_t)b->n_pending, "paid_lines", (json_int_t)b->n_paid,
			      "failed_lines", (json_int_t)b->n_failed, "skipped", (json_int_t)b->skipped);
	json_object_set_new(j, "sent_at", *b->sent_at ? json_string(b->sent_at) : json_null());
	json_object_set_new(j, "reconciled_at", *b->reconciled_at ? json_string(b->reconciled_at) : json_null());
	money_set(j, "total", b->total);
	money_set(j, "pending", b->pending);
	money_set(j, "paid", b->paid);
	money_set(j, "failed", b->failed);
	return j;
}

static int list_one(void *ctx, const struct payment_batch *b, struct error *err)
{
	(void)err;
	json_array_append_new(ctx, batch_json(b));
	return 0;
}

int api_payments(struct request *req, struct error *err)
{
	if (forbidden(req, payment_may_view(&req->account), "您的角色不能查看资金发放"))
		return 0;
	const char *program = request_arg(req, "program");
	const char *yt = request_arg(req, "year");
	int year = yt && *yt ? case_form_year(yt) : 0;
	if (year < 0) {
		api_error(req, 400, "bad_request", "查询条件有误", json_pack("{s:s}", "year", "应为2000到2100之间的四位年份"));
		return 0;
	}
	struct registry_scope scope;
	case_scope_of(&req->account, &scope);
	json_t *items = json_array();
	if (payment_batch_list(req->db, &scope, program ? program : "", year, list_one, items, err) < 0) {
		json_decref(items);
		return -1;
	}
	return api_program_send(req, 200, json_pack("{s:o}", "items", items), err);
}

/* A body value as text: strings as they are, integers in decimal; "" when absent; into out. */
static const char *text_of(json_t *root, const char *key, char *out, size_t size)
{
	json_t *v = json_object_get(root, key);
	if (json_is_string(v))
		snprintf(out, size, "%s", json_string_value(v));
	else if (json_is_integer(v))
		snprintf(out, size, "%lld", (long long)json_integer_value(v));
	else
		*out = '\0';
	return out;
}

/* The program named by the body's "program": 1, 0 answered (400), -1. */
static int body_program(struct request *req, json_t *root, const struct program **p, struct error *err)
{
	const char *code = json_string_value(json_object_get(root, "program"));
	int found = 0;
	if (code && *code && strlen(code) <= PROGRAM_KEY_MAX && (found = program_get(req->db, code, 0, p, err)) < 0)
		return -1;
	if (!found)
		api_error(req, 400, "invalid", "请求内容有误", json_pack("{s:s}", "program", "须给出已载入的项目代码"));
	return found;
}

int api_payments_post(struct request *req, struct error *err)
{
	if (forbidden(req, payment_may_pay(&req->account), "只有县残联工作人员可以生成发放批次"))
		return 0;
	json_t *root = api_body_object(req);
	if (!root)
		return 0;
	const struct program *p;
	int rc = body_program(req, root, &p, err);
	if (rc <= 0) {
		json_decref(root);
		return rc;
	}
	char year[16], period[32], payable[64];
	struct buf stops = BUF_INIT(4096);
	json_t *js = json_object_get(root, "stop_stages");
	size_t i;
	json_t *v;
	if (json_is_array(js)) {
		json_array_foreach(js, i, v) if (json_is_string(v) && (buf_addstr(&stops, json_string_value(v)) < 0 ||
								       buf_addch(&stops, ',') < 0)) break;
	} else if (json_is_string(js) && buf_addstr(&stops, json_string_value(js)) < 0) {
		buf_reset(&stops);
	}
	struct payment_built out;
	rc = payment_action_build(req, p, text_of(root, "year", year, sizeof year),
				  text_of(root, "period", period, sizeof period),
				  text_of(root, "payable_stage", payable, sizeof payable), buf_cstr(&stops), &out, err);
	buf_release(&stops);
	json_decref(root);
	if (rc < 0)
		return -1;
	if (rc == 1) {
		api_error(req, *out.field ? 400 : 409, *out.field ? "invalid" : "nothing_to_pay", out.message,
			  *out.field ? json_pack("{s:s}", out.field, out.message) : NULL);
		return 0;
	}
	json_t *j = json_pack("{s:I, s:I, s:I, s:I}", "id", (json_int_t)out.batch, "lines", (json_int_t)out.lines,
			      "skipped", (json_int_t)out.skipped, "already_paid", (json_int_t)out.already_paid);
	money_set(j, "total", out.total);
	return api_program_send(req, 201, j, err);
}

/* GET /api/v1/payments/standards */

static void standard_one(void *ctx, const struct payment_standard *s)
{
	json_t *j = json_pack("{s:o, s:o, s:s, s:s}", "hukou", s->hukou ? json_integer(s->hukou) : json_null(), "grade",
			      s->grade ? json_integer(s->grade) : json_null(), "set_at", s->set_at, "set_by", s->set_by);
	money_set(j, "amount", s->amount);
	json_array_append_new(ctx, j);
}

static int standards_get(struct request *req, struct error *err)
{
	const char *code = request_arg(req, "program");
	int year = case_form_year(request_arg(req, "year"));
	const struct program *p = NULL;
	int found = 0;
	if (code && *code && strlen(code) <= PROGRAM_KEY_MAX && (found = program_get(req->db, code, 0, &p, err)) < 0)
		return -1;
	if (!found || year < 0) {
		api_error(req, 400, "bad_request", "查询条件有误：须给出项目代码 program 和年度 year", NULL);
		return 0;
	}
	json_t *items = json_array();
	if (payment_standards(req->db, p->code, year, standard_one, items, err) < 0) {
		json_decref(items);
		return -1;
	}
	return api_program_send(req, 200, json_pack("{s:s, s:i, s:o}", "program", p->code, "year", year, "items", items),
				err);
}

/* GET /api/v1/payments/{id} */

struct lines_out {
	json_t *items;
	bool full; /* ID numbers and accounts in full (county staff) */
};

static int line_one(void *ctx, const struct payment_line *l, struct error *err)
{
	(void)err;
	struct lines_out *o = ctx;
	json_t *j = json_pack("{s:I, s:I, s:I, s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "seq", (json_int_t)l->seq,
			      "batch", (json_int_t)l->batch, "case_id", (json_int_t)l->case_id, "person_id",
			      (json_int_t)l->person_id, "name", l->name, "id_number", l->id_number, "bank_name",
			      l->bank_name, "bank_account", l->bank_account, "village", l->village, "village_name",
			      l->village_name, "status", payment_line_status_code(l->status), "reason", l->reason);
	if (!o->full) {
		char m[64];
		mask_idcard(l->id_number, m, sizeof m);
		json_object_set_new(j, "id_number", json_string(m));
		mask_account(l->bank_account, m, sizeof m);
		json_object_set_new(j, "bank_account", json_string(m));
	}
	money_set(j, "amount", l->amount);
	json_array_append_new(o->items, j);
	return 0;
}

static void skip_one(void *ctx, int64_t case_id, int64_t person_id, const char *name, const char *reason)
{
	json_array_append_new(ctx, json_pack("{s:I, s:I, s:s, s:s}", "case_id", (json_int_t)case_id, "person_id",
					     (json_int_t)person_id, "name", name, "reason", reason));
}

/* A whole positive number argument, or def when absent; -1 when not one. */
static long number_arg(const char *s, long def, long max)
{
	if (!s || !*s)
		return def;
	int64_t n;
	return number_parse(s, 1, max, &n) ? (long)n : -1;
}

static int batch_get(struct request *req, int64_t id, const char *rest, struct error *err)
{
	struct registry_scope scope;
	case_scope_of(&req->account, &scope);
	struct payment_batch b;
	int found = payment_batch_get(req->db, &scope, id, &b, err);
	if (found < 0)
		return -1;
	/* A township user sees a batch with lines of the township only. */
	if (!found || (!payment_may_pay(&req->account) && b.lines == 0 && b.skipped == 0)) {
		api_error(req, 404, "not_found", "该发放批次不存在", NULL);
		return 0;
	}
	if (strcmp(rest, "/bank.xlsx") == 0 || strcmp(rest, "/bank.csv") == 0) {
		if (forbidden(req, payment_may_pay(&req->account), "只有县残联工作人员可以下载银行文件"))
			return 0;
		return payment_action_download(req, &b, strcmp(rest, "/bank.csv") == 0, err);
	}
	if (*rest) {
		api_error(req, 404, "not_found", "接口不存在", NULL);
		return 0;
	}
	const char *st = request_arg(req, "status");
	int status = st && *st ? payment_line_status_of(st) : 0;
	long page = number_arg(request_arg(req, "page"), 1, 100000000);
	long per = number_arg(request_arg(req, "per_page"), 100, LINES_PER_PAGE_MAX);
	if ((st && *st && !status) || page < 0 || per < 0) {
		api_error(req, 400, "bad_request", "查询条件有误：status 应为 pending、paid 或 failed，page 与 per_page 为正整数（per_page 不超过1000）", NULL);
		return 0;
	}
	struct lines_out o = {json_array(), payment_may_pay(&req->account)};
	struct payment_line_query q = {.scope = scope, .batch = id, .status = status, .page = page, .per_page = (int)per};
	long total = 0;
	json_t *skipped = json_array();
	json_t *j = batch_json(&b);
	json_object_set_new(j, "lines_page", o.items);
	json_object_set_new(j, "skipped_cases", skipped);
	if (payment_lines(req->db, &q, line_one, &o, &total, err) < 0 ||
	    payment_skips(req->db, &scope, id, skip_one, skipped, err) < 0) {
		json_decref(j);
		return -1;
	}
	json_object_set_new(j, "page", json_pack("{s:I, s:I, s:I}", "page", (json_int_t)page, "per_page", (json_int_t)per,
						 "total", (json_int_t)total));
	return api_program_send(req, 200, j, err);
}

int api_payment(struct request *req, struct error *err)
{
	if (forbidden(req, payment_may_view(&req->account), "您的角色不能查看资金发放"))
		return 0;
	if (strcmp(req->path, "/api/v1/payments/standards") == 0)
		return standards_get(req, err);
	int64_t id;
	const char *rest;
	if (!request_path_id_rest(req, "/api/v1/payments/", &id, &rest)) {
		api_error(req, 404, "not_found", "接口不存在", NULL);
		return 0;
	}
	return batch_get(req, id, rest, err);
}

/* POST */

static int settings_post(struct request *req, bool budget, struct error *err)
{
	if (forbidden(req, payment_may_set(&req->account), "只有县残联管理员可以设定发放标准和资金预算"))
		return 0;
	json_t *root = api_body_object(req);
	if (!root)
		return 0;
	const struct program *p;
	int rc = body_program(req, root, &p, err);
	if (rc <= 0) {
		json_decref(root);
		return rc;
	}
	char year[16], hukou[16], grade[16], amount[64], field[16] = "", reason[200] = "";
	text_of(root, "year", year, sizeof year);
	text_of(root, "amount", amount, sizeof amount);
	json_t *jh = json_object_get(root, "hukou"), *jg = json_object_get(root, "grade");
	text_of(root, "hukou", hukou, sizeof hukou);
	text_of(root, "grade", grade, sizeof grade);
	if ((jh && !json_is_integer(jh) && !json_is_null(jh)) || (jg && !json_is_integer(jg) && !json_is_null(jg))) {
		json_decref(root);
		api_error(req, 400, "invalid", "请求内容有误", json_pack("{s:s}", jh && !json_is_integer(jh) ? "hukou" : "grade", "应为整数或 null（不限）"));
		return 0;
	}
	if (json_is_integer(json_object_get(root, "amount"))) {
		json_decref(root);
		api_error(req, 400, "invalid", "请求内容有误", json_pack("{s:s}", "amount", "金额应为元的文字，如 \"300.00\"（不用浮点数）"));
		return 0;
	}
	rc = budget ? payment_action_budget(req, p, year, amount, field, reason, err)
		    : payment_action_standard(req, p, year, hukou, grade, amount, field, reason, err);
	json_decref(root);
	if (rc < 0)
		return -1;
	if (rc == 1) {
		api_error(req, 400, "invalid", reason, json_pack("{s:s}", field, reason));
		return 0;
	}
	if (budget) {
		json_t *j = json_pack("{s:s, s:i}", "program", p->code, "year", case_form_year(year));
		int64_t fen = 0;
		if (payment_budget_get(req->db, p->code, case_form_year(year), &fen, err) < 0) {
			json_decref(j);
			return -1;
		}
		money_set(j, "budget", fen);
		return api_program_send(req, 200, j, err);
	}
	json_t *items = json_array();
	if (payment_standards(req->db, p->code, case_form_year(year), standard_one, items, err) < 0) {
		json_decref(items);
		return -1;
	}
	return api_program_send(req, 200, json_pack("{s:s, s:i, s:o}", "program", p->code, "year", case_form_year(year),
						    "items", items),
				err);
}

static int reconcile_post(struct request *req, int64_t id, struct error *err)
{
	struct import_report r;
	import_report_init(&r);
	struct payment_reconciled out;
	int rc = payment_action_reconcile(req, id, request_field(req, "paid_total"), &r, &out, err);
	if (rc == 2) {
		api_error(req, 404, "not_found", "该发放批次不存在", NULL);
		rc = 0;
	} else if (rc >= 0) {
		json_t *errors = json_array();
		for (size_t i = 0; i < r.nerrors; i++)
			json_array_append_new(errors, json_pack("{s:I, s:s, s:s}", "row", (json_int_t)r.errors[i].row,
								"column", r.errors[i].column, "reason", r.errors[i].reason));
		json_t *j = json_pack("{s:b, s:s, s:I, s:I, s:I, s:I, s:I, s:o}", "committed", out.committed, "message",
				      out.message, "rows", (json_int_t)out.rows, "paid_lines", (json_int_t)out.paid,
				      "failed_lines", (json_int_t)out.failed, "remaining", (json_int_t)out.remaining,
				      "rejected", (json_int_t)r.rejected, "errors", errors);
		money_set(j, "file_total", out.file_total);
		money_set(j, "batch_total", out.batch_total);
		money_set(j, "paid", out.paid_fen);
		money_set(j, "failed", out.failed_fen);
		rc = api_program_send(req, rc == 0 ? 200 : 422, j, err);
	}
	import_report_release(&r);
	return rc;
}

int api_payment_post(struct request *req, struct error *err)
{
	if (strcmp(req->path, "/api/v1/payments/standards") == 0)
		return settings_post(req, false, err);
	if (strcmp(req->path, "/api/v1/payments/budget") == 0)
		return settings_post(req, true, err);
	if (forbidden(req, payment_may_pay(&req->account), "只有县残联工作人员可以办理资金发放"))
		return 0;
	int64_t id;
	const char *rest;
	if (!request_path_id_rest(req, "/api/v1/payments/", &id, &rest)) {
		api_error(req, 404, "not_found", "接口不存在", NULL);
		return 0;
	}
	if (strcmp(rest, "/return") == 0)
		return reconcile_post(req, id, err);
	bool send = strcmp(rest, "/sent") == 0;
	if (!send && strcmp(rest, "/discard") != 0) {
		api_error(req, 404, "not_found", "接口不存在", NULL);
		return 0;
	}
	int rc = send ? payment_action_send(req, id, err) : payment_action_discard(req, id, err);
	if (rc < 0)
		return -1;
	if (rc == 2) {
		api_error(req, 404, "not_found", "该发放批次不存在", NULL);
		return 0;
	}
	if (rc == 1) {
		api_error(req, 409, "conflict", send ? "只有草稿批次可以标记为已报送银行" : "只有草稿批次可以作废", NULL);
		return 0;
	}
	struct registry_scope scope;
	case_scope_of(&req->account, &scope);
	struct payment_batch b;
	int found = send ? payment_batch_get(req->db, &scope, id, &b, err) : 0;
	if (found < 0)
		return -1;
	return api_program_send(req, 200, found ? batch_json(&b) : json_pack("{s:I, s:b}", "id", (json_int_t)id, "discarded", 1),
				err);
}

/* The ledger */

int api_payment_ledger(struct request *req, const struct program *p, struct error *err)
{
	if (forbidden(req, payment_may_view(&req->account), "您的角色不能查看资金发放"))
		return 0;
	int year = case_form_year(request_arg(req, "year"));
	if (year < 0) {
		api_error(req, 400, "bad_request", "查询条件有误", json_pack("{s:s}", "year", "应为2000到2100之间的四位年份"));
		return 0;
	}
	struct registry_scope scope;
	case_scope_of(&req->account, &scope);
	struct payment_ledger l;
	if (payment_ledger(req->db, &scope, p->code, year, &l, err) < 0)
		return -1;
	json_t *j = json_pack("{s:s, s:i, s:I, s:I, s:I, s:I}", "program", p->code, "year", year, "batches",
			      (json_int_t)l.batches, "pending_lines", (json_int_t)l.n_pending, "paid_lines",
			      (json_int_t)l.n_paid, "failed_lines", (json_int_t)l.n_failed);
	json_t *wan = json_object();
	struct {
		const char *key;
		int64_t fen;
		bool shown;
	} figures[] = {{"budget", l.budget, l.has_budget}, {"committed", l.committed, true}, {"pending", l.pending, true},
		       {"paid", l.paid, true},              {"failed", l.failed, true},       {"outstanding", l.outstanding, l.has_budget}};
	for (size_t i = 0; i < sizeof figures / sizeof *figures; i++) {
		if (!figures[i].shown) {
			char k[64];
			snprintf(k, sizeof k, "%s_fen", figures[i].key);
			json_object_set_new(j, k, json_null());
			json_object_set_new(j, figures[i].key, json_null());
			json_object_set_new(wan, figures[i].key, json_null());
			continue;
		}
		money_set(j, figures[i].key, figures[i].fen);
		char t[MONEY_TEXT_MAX];
		money_format_wan(figures[i].fen, t, sizeof t);
		json_object_set_new(wan, figures[i].key, json_string(t));
	}
	json_object_set_new(j, "wan", wan);
	return api_program_send(req, 200, j, err);
}
