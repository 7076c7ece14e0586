#include "web/export-targets.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/xalloc.h"
#include "domain/division.h"
#include "domain/registry.h"
#include "domain/target.h"
#include "web/auth.h"
#include "web/case-form.h"
#include "web/export.h"
#include "web/target-view.h"

#define EXPORT_TARGETS_MAX 300 /* targets of a year on the board */

static const struct table_column target_cols[] = {
    {"工作条线", XLSX_TEXT, 0}, {"目标名称", XLSX_TEXT, 24}, {"单位", XLSX_TEXT, 0},     {"目标值", XLSX_INTEGER, 0},
    {"完成数", XLSX_INTEGER, 0}, {"完成率", XLSX_TEXT, 0},    {"时间进度", XLSX_TEXT, 0}, {"状态", XLSX_TEXT, 0},
    {"超额", XLSX_TEXT, 0},      {"完成时限", XLSX_DATE, 0},  {"责任人", XLSX_TEXT, 0},   {"数据来源", XLSX_TEXT, 24},
};
#define TARGET_COLS (sizeof target_cols / sizeof target_cols[0])

struct board_export {
	struct request *req;
	struct registry_scope scope;
	int year;
	struct target *t;
	struct target_progress *p;
	size_t n;
	struct target_view_towns towns;
};

static int collect(void *ctx, const struct target *t, struct error *err)
{
	(void)err;
	struct board_export *x = ctx;
	if (x->n < EXPORT_TARGETS_MAX)
		x->t[x->n++] = *t;
	return 0;
}

/* A figure in t's unit: fen as money for 元, else a whole number. */
static struct xlsx_cell figure(const struct target *t, long long v)
{
	return (struct xlsx_cell){.kind = target_is_money(t) ? XLSX_MONEY : XLSX_INTEGER, .integer = v};
}

static struct xlsx_cell text(const char *s)
{
	return (struct xlsx_cell){.kind = XLSX_TEXT, .text = s};
}

static int fill(void *ctx, struct table_writer *w, struct error *err)
{
	struct board_export *x = ctx;
	for (size_t i = 0; i < x->n; i++) {
		const struct target *t = &x->t[i];
		const struct target_progress *p = &x->p[i];
		char done[24], elapsed[24], over[TARGET_VIEW_TEXT_MAX] = "", source[300];
		target_view_percent(p->permille, done, sizeof done);
		target_view_percent(p->elapsed_permille, elapsed, sizeof elapsed);
		if (p->value > 0 && p->achieved > p->value)
			target_view_amount(t, p->achieved - p->value, over, sizeof over);
		target_source_label(x->req->db, t->source, source, sizeof source);
		struct date deadline = {0};
		bool dated = date_parse(t->deadline, &deadline) == 0;
		struct xlsx_cell cells[TARGET_COLS] = {
		    text(target_line_label(t->line)),
		    text(t->name),
		    text(target_is_money(t) ? "元" : t->unit),
		    p->value > 0 ? figure(t, p->value) : text(""),
		    figure(t, p->achieved),
		    text(p->value > 0 ? done : ""),
		    text(elapsed),
		    text(p->status < TARGET_STATUS__MAX ? target_status_label(p->status) : ""),
		    text(over),
		    dated ? (struct xlsx_cell){.kind = XLSX_DATE, .date = deadline} : text(t->deadline),
		    text(t->owner),
		    text(source),
		};
		if (table_writer_cells(w, cells, err) < 0)
			return -1;
	}
	/* The townships by targets: each township's achieved (what a township cell of the board shows). */
	struct table_column *cols = xcalloc(x->n + 1, sizeof *cols);
	cols[0] = (struct table_column){"乡镇", XLSX_TEXT, 0};
	for (size_t i = 0; i < x->n; i++)
		cols[i + 1] = (struct table_column){x->t[i].name, target_is_money(&x->t[i]) ? XLSX_MONEY : XLSX_INTEGER, 0};
	char title[120];
	snprintf(title, sizeof title, "%d年度目标乡镇完成情况", x->year);
	struct table_sheet s = {"乡镇进度", title, cols, x->n + 1, false};
	int rc = table_writer_sheet(w, &s, err);
	struct xlsx_cell *cells = xcalloc(x->n + 1, sizeof *cells);
	for (size_t r = 0; rc == 0 && r < x->towns.n; r++) {
		cells[0] = text(x->towns.name[r]);
		for (size_t i = 0; i < x->n; i++) {
			long long v = 0;
			for (size_t k = 0; k < x->p[i].nparts; k++)
				if (strcmp(x->p[i].parts[k].part, x->towns.code[r]) == 0)
					v = x->p[i].parts[k].achieved;
			cells[i + 1] = figure(&x->t[i], v);
		}
		rc = table_writer_cells(w, cells, err);
	}
	free(cells);
	free(cols);
	return rc;
}

int export_targets(struct request *req, struct error *err)
{
	struct board_export *x = xcalloc(1, sizeof *x);
	x->req = req;
	int rc = -1;
	if (!target_view_scope(req, &x->scope)) {
		rc = 0;
		goto out;
	}
	x->year = case_form_year(request_arg(req, "year"));
	if (x->year < 0)
		x->year = date_today().year;
	const char *line = request_arg(req, "line"), *town = request_arg(req, "township");
	char own[13];
	target_view_scope_township(&x->scope, own);
	/* A county user's township filter narrows the figures as on the board; a wrong one is left out. */
	if (town && !*own && strlen(town) == 12 && strspn(town, "0123456789") == 12 && registry_scope_has(&x->scope, town)) {
		struct division d;
		int found = division_find(req->db, town, &d, err);
		if (found < 0)
			goto out;
		if (found && d.level == DIVISION_TOWNSHIP)
			division_subtree(town, x->scope.lo, x->scope.hi);
	}
	x->t = xcalloc(EXPORT_TARGETS_MAX, sizeof *x->t);
	if (target_list(req->db, x->year, line ? line : "", collect, x, err) < 0)
		goto out;
	x->p = xcalloc(x->n + 1, sizeof *x->p);
	struct date today = date_today();
	for (size_t i = 0; i < x->n; i++)
		if (target_progress_of(req->db, &x->t[i], &x->scope, today, &x->p[i], err) < 0)
			goto out;
	if (target_view_towns(req->db, &x->scope, &x->towns, err) < 0)
		goto out;
	char what[64], title[160], filename[64], detail[64];
	snprintf(what, sizeof what, "%d年度目标完成情况", x->year);
	table_title(title, sizeof title, what);
	snprintf(filename, sizeof filename, "目标完成情况-%d.xlsx", x->year);
	struct table_sheet first = {"目标", title, target_cols, TARGET_COLS, false};
	if (export_send(req, &first, fill, x, filename, err) < 0)
		goto out;
	snprintf(detail, sizeof detail, "{\"year\":%d,\"targets\":%zu}", x->year, x->n);
	rc = auth_audit(req, "目标管理", "导出", "target:*", detail, "成功", err);
out:
	free(x->t);
	free(x->p);
	free(x);
	return rc;
}
