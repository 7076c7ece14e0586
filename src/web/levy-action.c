#include "web/levy-action.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/date.h"
#include "base/money.h"
#include "base/number.h"
#include "io/table.h"
#include "web/auth.h"

#define XLSX_TYPE "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

int levy_action_year(const char *text)
{
	if (!text || !*text)
		return date_today().year;
	int64_t y;
	return strlen(text) == 4 && number_parse(text, ENTERPRISE_YEAR_MIN, ENTERPRISE_YEAR_MAX, &y) ? (int)y : 0;
}

/* Logs an action on target with a JSON detail (taken over; NULL for none). */
static int audit(struct request *req, const char *action, const char *target, json_t *detail, struct error *err)
{
	char *text = detail ? json_dumps(detail, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
	json_decref(detail);
	int rc = auth_audit(req, LEVY_MODULE, action, target, text ? text : "", "成功", err);
	free(text);
	return rc;
}

static void target_of(int64_t id, char out[40])
{
	snprintf(out, 40, "enterprise:%lld", (long long)id);
}

enum enterprise_result levy_action_create(struct request *req, const struct enterprise_input *in,
					  struct enterprise *out, struct enterprise_problems *pr, struct error *err)
{
	struct registry_scope scope;
	registry_scope_of(&req->account, &scope);
	struct db *w = server_writer_lock(req->server);
	enum enterprise_result r = enterprise_create(w, &scope, in, req->account.name, out, pr, err);
	server_writer_unlock(req->server);
	if (r != ENTERPRISE_SAVED)
		return r;
	struct enterprise none;
	memset(&none, 0, sizeof none);
	none.year = out->year;
	char *changes = enterprise_changes(&none, out), target[40];
	target_of(out->id, target);
	int rc = auth_audit(req, LEVY_MODULE, "新增", target, changes, "成功", err);
	free(changes);
	return rc < 0 ? ENTERPRISE_ERROR : ENTERPRISE_SAVED;
}

enum enterprise_result levy_action_update(struct request *req, int64_t id, const struct enterprise_input *in,
					  struct enterprise *after, struct enterprise_problems *pr, struct error *err)
{
	struct registry_scope scope;
	registry_scope_of(&req->account, &scope);
	struct enterprise before;
	struct db *w = server_writer_lock(req->server);
	enum enterprise_result r = enterprise_update(w, &scope, id, in, req->account.name, &before, after, pr, err);
	server_writer_unlock(req->server);
	if (r != ENTERPRISE_SAVED || !enterprise_differs(&before, after))
		return r;
	char *changes = enterprise_changes(&before, after), target[40];
	target_of(id, target);
	int rc = auth_audit(req, LEVY_MODULE, "修改", target, changes, "成功", err);
	free(changes);
	return rc < 0 ? ENTERPRISE_ERROR : ENTERPRISE_SAVED;
}

int levy_action_collect(struct request *req, int64_t id, const struct levy_collection_input *in, int64_t *entry,
			struct enterprise_problems *pr, struct error *err)
{
	struct registry_scope scope;
	registry_scope_of(&req->account, &scope);
	struct db *w = server_writer_lock(req->server);
	int rc = levy_collect(w, &scope, id, in, req->account.name, entry, pr, err);
	server_writer_unlock(req->server);
	if (rc != 0)
		return rc;
	bool negative = in->amount && (in->amount[strspn(in->amount, " \t")] == '-' ||
				  strncmp(in->amount + strspn(in->amount, " \t"), "－", strlen("－")) == 0);
	char target[40];
	target_of(id, target);
	json_t *d = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s}", "entry", (json_int_t)*entry, "year",
			      in->year ? in->year : "", "date", in->date ? in->date : "", "amount",
			      in->amount ? in->amount : "", "receipt", in->receipt ? in->receipt : "", "reason",
			      in->reason ? in->reason : "", "corrects", in->corrects ? in->corrects : "");
	return audit(req, negative ? "冲减更正" : "登记征收", target, d, err) < 0 ? -1 : 0;
}

int levy_action_override(struct request *req, int64_t id, const char *year, const char *kind, const char *amount,
			 const char *reason, struct enterprise_problems *pr, struct error *err)
{
	struct registry_scope scope;
	registry_scope_of(&req->account, &scope);
	struct db *w = server_writer_lock(req->server);
	int rc = levy_override_set(w, &scope, id, year, kind, amount, reason, req->account.name, pr, err);
	server_writer_unlock(req->server);
	if (rc != 0)
		return rc;
	int k = levy_kind_parse(kind);
	char target[40];
	target_of(id, target);
	json_t *d = k == LEVY_KIND_NONE
			? json_pack("{s:s}", "year", year ? year : "")
			: json_pack("{s:s, s:s, s:s, s:s}", "year", year ? year : "", "kind", levy_kind_label(k), "amount",
				    amount ? amount : "", "reason", reason ? reason : "");
	return audit(req, k == LEVY_KIND_NONE ? "取消减免缓缴" : "减免缓缴", target, d, err) < 0 ? -1 : 0;
}

int levy_action_year_set(struct request *req, int year, const char *avg_wage, const char *ratio,
			 struct levy_year *after, struct enterprise_problems *pr, struct error *err)
{
	struct levy_year before;
	struct db *w = server_writer_lock(req->server);
	int rc = levy_year_get(w, year, &before, err) < 0 ? -1
							     : levy_year_set(w, year, avg_wage, ratio, req->account.name, after,
									     pr, err);
	server_writer_unlock(req->server);
	if (rc != 0)
		return rc;
	char target[40];
	snprintf(target, sizeof target, "levy:%d", year);
	json_t *d = json_pack("{s:i, s:o, s:I, s:o, s:i}", "year", year, "avg_wage_fen_before",
			      before.set ? json_integer(before.avg_wage) : json_null(), "avg_wage_fen",
			      (json_int_t)after->avg_wage, "ratio_bp_before",
			      before.set ? json_integer(before.ratio_bp) : json_null(), "ratio_bp", after->ratio_bp);
	return audit(req, "设定年平均工资", target, d, err) < 0 ? -1 : 0;
}

/* The export */

static const char *const EXPORT_HEADER[] = {
    "统一社会信用代码", "单位名称",	"乡镇",	    "村（社区）",      "地址",		"联系人",
    "在职职工人数",	"安排残疾人数", "应缴金额(元)", "已缴金额(元)", "未缴金额(元)", "减免或缓缴", "状态",
};
#define EXPORT_COLUMNS (sizeof EXPORT_HEADER / sizeof EXPORT_HEADER[0])
static const double EXPORT_WIDTHS[EXPORT_COLUMNS] = {22, 30, 12, 12, 30, 10, 12, 12, 14, 14, 14, 12, 10};

struct export {
	struct table_writer *w;
	long rows;
};

static struct xlsx_cell text_cell(const char *s)
{
	struct xlsx_cell c = {.kind = XLSX_TEXT, .text = s};
	return c;
}

static struct xlsx_cell money_cell(int64_t fen)
{
	struct xlsx_cell c = {.kind = XLSX_MONEY, .integer = fen};
	return c;
}

static struct xlsx_cell count_cell(bool has, long n)
{
	struct xlsx_cell c = {.kind = has ? XLSX_INTEGER : XLSX_EMPTY, .integer = n};
	return c;
}

static const char *status_of(const struct levy_account *a)
{
	if (!a->has_due)
		return a->has_staff ? "未设定工资" : "未申报";
	if (a->outstanding > 0)
		return a->collected > 0 ? "部分缴纳" : "未缴";
	if (a->due == 0 && a->collected == 0)
		return "无需缴纳";
	return a->overpaid > 0 ? "多缴" : "已缴清";
}

static int export_row(void *ctx, const struct enterprise *e, const struct levy_account *a, struct error *err)
{
	struct export *x = ctx;
	bool village = strcmp(e->division, e->township) != 0;
	struct xlsx_cell cells[EXPORT_COLUMNS] = {
	    text_cell(e->credit_code),
	    text_cell(e->name),
	    text_cell(e->township_name),
	    text_cell(village ? e->division_name : ""),
	    text_cell(e->address),
	    text_cell(e->contact),
	    count_cell(a->has_staff, a->employees),
	    count_cell(a->has_staff, a->disabled),
	    a->has_due ? money_cell(a->due) : (struct xlsx_cell){.kind = XLSX_EMPTY},
	    money_cell(a->collected),
	    money_cell(a->outstanding),
	    text_cell(levy_kind_label(a->kind)),
	    text_cell(status_of(a)),
	};
	x->rows++;
	return table_writer_cells(x->w, cells, err);
}

int levy_action_export(struct request *req, const struct levy_query *q, struct error *err)
{
	char path[64];
	if (server_temp_file(path, ".xlsx", err) < 0)
		return -1;
	struct export x = {NULL, 0};
	struct levy_totals t;
	if (table_writer_open(&x.w, path, "就业保障金", EXPORT_HEADER, EXPORT_WIDTHS, EXPORT_COLUMNS, err) < 0)
		goto fail;
	if (levy_list(req->db, q, export_row, &x, &t, err) < 0)
		goto fail;
	struct xlsx_cell total[EXPORT_COLUMNS] = {
	    text_cell("合计"), text_cell(""), text_cell(""), text_cell(""), text_cell(""), text_cell(""),
	    {.kind = XLSX_EMPTY}, {.kind = XLSX_EMPTY}, money_cell(t.due), money_cell(t.collected),
	    money_cell(t.outstanding), text_cell(""), text_cell(""),
	};
	if (table_writer_cells(x.w, total, err) < 0)
		goto fail;
	int rc = table_writer_close(x.w, err);
	x.w = NULL;
	if (rc < 0)
		goto fail;
	char name[64], target[40];
	snprintf(name, sizeof name, "就业保障金征收台账%d.xlsx", q->year);
	snprintf(target, sizeof target, "levy:%d", q->year);
	json_t *d = json_pack("{s:i, s:s, s:s, s:b, s:I, s:I, s:I}", "year", q->year, "township", q->township, "q", q->q,
			      "owing", q->owing, "rows", (json_int_t)x.rows, "due_fen", (json_int_t)t.due,
			      "collected_fen", (json_int_t)t.collected);
	if (audit(req, "导出", target, d, err) < 0 || response_download(req, path, XLSX_TYPE, name, err) < 0)
		goto fail;
	return 0;
fail:
	if (x.w) {
		struct error ignored = ERROR_INIT; /* the first error is the one reported */
		(void)!table_writer_close(x.w, &ignored);
	}
	unlink(path);
	return -1;
}
