#include "web/export-payments.h"

#include <stdio.h>
#include <string.h>

#include "base/mask.h"
#include "base/money.h"
#include "domain/case.h"
#include "domain/payment.h"
#include "web/auth.h"
#include "web/export.h"

enum { C_BATCH, C_SEQ, C_PERIOD, C_NAME, C_ID, C_VILLAGE, C_BANK, C_ACCOUNT, C_AMOUNT, C_STATUS, C_REASON, C__MAX };

static const struct table_column cols[C__MAX] = {
    [C_BATCH] = {"批次", XLSX_INTEGER, 0},      [C_SEQ] = {"序号", XLSX_INTEGER, 0},
    [C_PERIOD] = {"发放期间", XLSX_TEXT, 0},    [C_NAME] = {"姓名", XLSX_TEXT, 0},
    [C_ID] = {"身份证号", XLSX_TEXT, 0},        [C_VILLAGE] = {"村（社区）", XLSX_TEXT, 0},
    [C_BANK] = {"开户银行", XLSX_TEXT, 0},      [C_ACCOUNT] = {"银行账号", XLSX_TEXT, 0},
    [C_AMOUNT] = {"金额（元）", XLSX_MONEY, 0}, [C_STATUS] = {"状态", XLSX_TEXT, 0},
    [C_REASON] = {"原因", XLSX_TEXT, 0},
};

struct lines {
	struct request *req;
	struct table_writer *w;
	struct payment_line_query q;
	long n;
	int64_t total;
	bool overflow;
};

static int line_row(void *ctx, const struct payment_line *l, struct error *err)
{
	struct lines *x = ctx;
	char idn[32], acct[48];
	mask_idcard(l->id_number, idn, sizeof idn);
	mask_account(l->bank_account, acct, sizeof acct);
	struct xlsx_cell c[C__MAX] = {
	    [C_BATCH] = {.kind = XLSX_INTEGER, .integer = l->batch},
	    [C_SEQ] = {.kind = XLSX_INTEGER, .integer = l->seq},
	    [C_PERIOD] = {.kind = XLSX_TEXT, .text = l->period},
	    [C_NAME] = {.kind = XLSX_TEXT, .text = l->name},
	    [C_ID] = {.kind = XLSX_TEXT, .text = idn},
	    [C_VILLAGE] = {.kind = XLSX_TEXT, .text = l->village_name},
	    [C_BANK] = {.kind = XLSX_TEXT, .text = l->bank_name},
	    [C_ACCOUNT] = {.kind = XLSX_TEXT, .text = acct},
	    [C_AMOUNT] = {.kind = XLSX_MONEY, .integer = l->amount},
	    [C_STATUS] = {.kind = XLSX_TEXT, .text = payment_line_status_label(l->status)},
	    [C_REASON] = {.kind = XLSX_TEXT, .text = l->reason},
	};
	x->n++;
	if (!money_add(x->total, l->amount, &x->total))
		x->overflow = true;
	return table_writer_cells(x->w, c, err);
}

static int fill(void *ctx, struct table_writer *w, struct error *err)
{
	struct lines *x = ctx;
	long total = 0;
	x->w = w;
	if (payment_lines(x->req->db, &x->q, line_row, x, &total, err) < 0)
		return -1;
	char count[48];
	snprintf(count, sizeof count, "合计 %ld 人", x->n);
	struct xlsx_cell c[C__MAX] = {[C_BATCH] = {.kind = XLSX_TEXT, .text = count}};
	for (int i = 1; i < C__MAX; i++)
		c[i].kind = XLSX_EMPTY;
	c[C_AMOUNT] = (struct xlsx_cell){.kind = x->overflow ? XLSX_EMPTY : XLSX_MONEY, .integer = x->total};
	return table_writer_cells(w, c, err);
}

int export_payment_lines(struct request *req, const struct program *p, int year, int status, struct error *err)
{
	/* per_page 0: every line. */
	struct lines x = {.req = req, .q = {.program = p->code, .year = year, .status = status, .page = 1}};
	case_scope_of(&req->account, &x.q.scope);
	char what[4 * PROGRAM_LABEL_MAX + 80], title[sizeof what + 80], name[4 * PROGRAM_LABEL_MAX + 40];
	snprintf(what, sizeof what, "%s%d年度发放明细%s%s", p->name, year, status ? "（" : "",
	         status ? payment_line_status_label(status) : "");
	if (status)
		snprintf(what + strlen(what), sizeof what - strlen(what), "）");
	table_title(title, sizeof title, what);
	snprintf(name, sizeof name, "%s发放明细%d.xlsx", p->name, year);
	struct table_sheet sheet = {"发放明细", title, cols, C__MAX, false};
	if (export_send(req, &sheet, fill, &x, name, err) < 0)
		return -1;
	char target[64], detail[96];
	snprintf(target, sizeof target, "program:%s", p->code);
	snprintf(detail, sizeof detail, "{\"year\":%d,\"status\":\"%s\",\"lines\":%ld}", year,
	         status ? payment_line_status_code(status) : "", x.n);
	return auth_audit(req, "资金发放", "导出", target, detail, "成功", err);
}
