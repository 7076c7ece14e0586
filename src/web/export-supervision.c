#include "web/export-supervision.h"

#include <stdio.h>
#include <string.h>

#include "base/date.h"
#include "domain/supervision.h"
#include "web/auth.h"
#include "web/case-form.h"
#include "web/export.h"
#include "web/target-view.h"

static const struct table_column cols[] = {
    {"年度", XLSX_INTEGER, 0},   {"目标", XLSX_TEXT, 20},      {"乡镇", XLSX_TEXT, 0},     {"督查发现的问题", XLSX_TEXT, 30},
    {"整改要求", XLSX_TEXT, 30}, {"整改时限", XLSX_DATE, 0},   {"状态", XLSX_TEXT, 0},     {"发起日期", XLSX_DATE, 0},
    {"发起人", XLSX_TEXT, 0},    {"整改情况", XLSX_TEXT, 30},  {"销号或退回意见", XLSX_TEXT, 24}, {"已开天数", XLSX_INTEGER, 0},
};
#define NCOLS (sizeof cols / sizeof cols[0])

struct items {
	struct request *req;
	struct registry_scope scope;
	int year;
	struct table_writer *w;
	long n;
};

static struct xlsx_cell text(const char *s)
{
	return (struct xlsx_cell){.kind = XLSX_TEXT, .text = s};
}

static struct xlsx_cell day(const char *iso)
{
	struct date d;
	return *iso && date_parse(iso, &d) == 0 ? (struct xlsx_cell){.kind = XLSX_DATE, .date = d} : text(iso);
}

static int row(void *ctx, const struct supervision *s, struct error *err)
{
	struct items *x = ctx;
	struct xlsx_cell cells[NCOLS] = {
	    {.kind = XLSX_INTEGER, .integer = s->year},
	    text(s->target_name),
	    text(s->township_name),
	    text(s->finding),
	    text(s->requirement),
	    day(s->deadline),
	    text(supervision_status_label(s->status)),
	    day(s->opened_on),
	    text(s->opened_by),
	    text(s->answer),
	    text(s->closing),
	    {.kind = XLSX_INTEGER, .integer = supervision_days_open(s, date_today())},
	};
	x->n++;
	return table_writer_cells(x->w, cells, err);
}

static int fill(void *ctx, struct table_writer *w, struct error *err)
{
	struct items *x = ctx;
	x->w = w;
	return supervision_list(x->req->db, &x->scope, 0, x->year, false, row, x, err);
}

int export_supervision(struct request *req, struct error *err)
{
	struct items x = {.req = req};
	if (!target_view_scope(req, &x.scope))
		return 0;
	const char *y = request_arg(req, "year");
	x.year = y && *y ? case_form_year(y) : 0;
	if (x.year < 0)
		x.year = 0;
	char title[160], filename[64], detail[64];
	table_title(title, sizeof title, "督查事项");
	snprintf(filename, sizeof filename, "督查事项.xlsx");
	struct table_sheet sheet = {"督查事项", title, cols, NCOLS, false};
	if (export_send(req, &sheet, fill, &x, filename, err) < 0)
		return -1;
	snprintf(detail, sizeof detail, "{\"year\":%d,\"items\":%ld}", x.year, x.n);
	return auth_audit(req, "目标管理", "导出", "supervision:*", detail, "成功", err);
}
