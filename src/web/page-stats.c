#include "web/page-stats.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/msg.h"
#include "base/xalloc.h"
#include "domain/dict.h"
#include "domain/division.h"
#include "domain/registry.h"
#include "domain/stats.h"
#include "io/svg.h"
#include "io/table.h"
#include "web/auth.h"
#include "web/case-form.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/stats-args.h"

#define PAGE_FULL "statistics page too large"
#define XLSX_TYPE "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#define MODULE "统计报表"

static bool denied(struct request *req)
{
	if (stats_may_view(&req->account))
		return false;
	response_page(req, 403, "无权访问", msg(MSG_STATS_NO_ACCESS));
	return true;
}

/* The form */

struct form {
	struct buf *b;
	const char *current;
	int rc;
};

static int option(struct buf *b, const char *value, const char *label, const char *current)
{
	return case_form_html(b, CF_RAW, "<option value=\"", CF_ATTR, value, CF_RAW,
	                      strcmp(value, current) == 0 ? "\" selected>" : "\">", CF_TXT, label, CF_RAW, "</option>",
	                      CF_END);
}

/* A labelled select; first is the empty option's label (NULL: none). */
static int select_open(struct buf *b, const char *name, const char *label, const char *first, const char *current)
{
	if (case_form_html(b, CF_RAW, "<div class=\"field inline\"><label for=\"f-", CF_RAW, name, CF_RAW, "\">",
	                   CF_TXT, label, CF_RAW, "</label><select id=\"f-", CF_RAW, name, CF_RAW, "\" name=\"", CF_RAW,
	                   name, CF_RAW, "\">", CF_END) < 0)
		return -1;
	return first ? option(b, "", first, current) : 0;
}

static int select_close(struct buf *b)
{
	return html_raw(b, "</select></div>\n");
}

static void program_option(void *ctx, const char *code, const char *name, int version)
{
	(void)version;
	struct form *f = ctx;
	char label[200];
	snprintf(label, sizeof label, "民生工程：%s", name);
	if (f->rc == 0 && option(f->b, code, label, f->current) < 0)
		f->rc = -1;
}

static void division_option(void *ctx, const char *code, const char *name)
{
	struct form *f = ctx;
	if (f->rc == 0 && option(f->b, code, name, f->current) < 0)
		f->rc = -1;
}

static int dim_select(struct buf *b, const char *name, const char *label, enum stats_dim current, bool none)
{
	if (select_open(b, name, label, none ? "不分列（只看合计）" : NULL, stats_dim_name(current)) < 0)
		return -1;
	for (int d = STATS_DIM_TOWNSHIP; d < STATS_DIM__MAX; d++) {
		char text[80];
		snprintf(text, sizeof text, "%s%s", stats_dim_label((enum stats_dim)d),
		         d == STATS_DIM_STAGE || d == STATS_DIM_REACHED ? "（民生工程）" : "");
		if (option(b, stats_dim_name((enum stats_dim)d), text, stats_dim_name(current)) < 0)
			return -1;
	}
	return select_close(b);
}

/* A select of a coded filter (category, grade): one code or all; a list of several shows as itself. */
static int codes_select(struct buf *b, const char *name, enum dict_type type, unsigned set)
{
	char current[20] = "";
	size_t n = 0;
	for (int c = 0; c <= 7; c++)
		if ((set >> c) & 1u)
			n += (size_t)snprintf(current + n, sizeof current - n, "%s%d", n ? "," : "", c);
	if (select_open(b, name, dict_name(type), "全部", current) < 0)
		return -1;
	bool listed = !*current;
	for (const struct dict_entry *e = dict_entries(); e->label; e++) {
		if (e->type != type)
			continue;
		char code[12];
		snprintf(code, sizeof code, "%d", e->code);
		listed = listed || strcmp(code, current) == 0;
		if (option(b, code, e->label, current) < 0)
			return -1;
	}
	listed = listed || strcmp(current, "0") == 0;
	if (option(b, "0", "未持证", current) < 0 || (!listed && option(b, current, current, current) < 0))
		return -1;
	return select_close(b);
}

/* -1 page full, -2 database error. */
static int query_form(struct request *req, const struct stats_args *a, struct error *err)
{
	struct buf *b = &req->res.body;
	const struct stats_query *q = &a->q;
	if (html_raw(b, "<form class=\"query panel\" method=\"get\" action=\"/reports\" role=\"search\" "
	                "aria-label=\"统计条件\">\n") < 0 ||
	    dim_select(b, "rows", "行", q->rows, false) < 0 || dim_select(b, "cols", "列", q->cols, true) < 0 ||
	    select_open(b, "program", "统计对象", "残疾人档案（人）", a->p ? a->p->code : "") < 0)
		return -1;
	struct form f = {b, a->p ? a->p->code : "", 0};
	if (program_list(req->db, program_option, &f, err) < 0)
		return -2;
	char year[8], status[4], on[11];
	snprintf(year, sizeof year, "%d", q->year);
	snprintf(status, sizeof status, "%d", q->status);
	date_format(q->age_on, on);
	const char *st = a->status_given ? status : "";
	if (f.rc < 0 || select_close(b) < 0 ||
	    case_form_html(b, CF_RAW,
	                   "<div class=\"field inline\"><label for=\"f-year\">年度（民生工程）</label>"
	                   "<input id=\"f-year\" name=\"year\" type=\"text\" inputmode=\"numeric\" maxlength=\"4\" "
	                   "size=\"5\" value=\"",
	                   CF_ATTR, year, CF_RAW, "\"></div>\n", CF_END) < 0 ||
	    select_open(b, "status", "人员状态", "默认（档案只计在册，案例不限）", st) < 0 ||
	    option(b, "0", "全部", st) < 0 || option(b, "1", "在册", st) < 0 || option(b, "2", "死亡", st) < 0 ||
	    option(b, "3", "迁出", st) < 0 || select_close(b) < 0 ||
	    select_open(b, "township", "乡镇", "全部", q->township) < 0)
		return -1;
	f.current = q->township;
	if (registry_divisions(req->db, &q->scope, "", DIVISION_TOWNSHIP, division_option, &f, err) < 0)
		return -2;
	if (f.rc < 0 || select_close(b) < 0 || select_open(b, "village", "村（社区）", "全部", q->village) < 0)
		return -1;
	/* The villages of the chosen township (or the user's own); a county's hundreds wait for a township. */
	const char *within = q->township[0] ? q->township : "";
	if (!*within && req->account.role == ROLE_TOWNSHIP)
		within = req->account.division;
	f.current = q->village;
	if (*within || req->account.role == ROLE_VILLAGE) {
		if (registry_divisions(req->db, &q->scope, within, DIVISION_VILLAGE, division_option, &f, err) < 0)
			return -2;
	} else if (q->village[0] && option(b, q->village, q->village, q->village) < 0) {
		return -1;
	}
	if (f.rc < 0 || select_close(b) < 0 || codes_select(b, "category", DICT_CATEGORY, q->categories) < 0 ||
	    codes_select(b, "grade", DICT_GRADE, q->grades) < 0 ||
	    case_form_html(b, CF_RAW,
	                   "<div class=\"field inline\"><label for=\"f-age_on\">年龄计算日期</label>"
	                   "<input id=\"f-age_on\" name=\"age_on\" type=\"date\" value=\"",
	                   CF_ATTR, on, CF_RAW,
	                   "\"></div>\n<div class=\"buttons\"><button type=\"submit\" class=\"primary\">统计</button>"
	                   "<a class=\"btn secondary\" href=\"/reports\">重置</a></div>\n</form>\n",
	                   CF_END) < 0)
		return -1;
	return 0;
}

/* The table */

/* A head's text: a village of a table that spans several townships says its township. */
static void head_text(const struct stats_table *t, const struct stats_head *h, char *out, size_t size)
{
	if (*h->parent && t->townships > 1)
		snprintf(out, size, "%s（%s）", h->label, h->parent);
	else
		snprintf(out, size, "%s", h->label);
}

/* A count: a link to the list behind it, 0 as plain text. */
static int count_cell(struct buf *b, const struct stats_args *a, const struct stats_table *t, size_t r, size_t c,
                      long long n, bool total)
{
	char num[24];
	snprintf(num, sizeof num, "%lld", n);
	if (html_raw(b, total ? "<td class=\"num total\">" : "<td class=\"num\">") < 0)
		return -1;
	if (n == 0)
		return case_form_html(b, CF_RAW, "<span class=\"muted\">0</span></td>", CF_END);
	return html_raw(b, "<a href=\"") < 0 || stats_args_link(b, a, t, r, c) < 0 ||
	               case_form_html(b, CF_RAW, "\">", CF_TXT, num, CF_RAW, "</a></td>", CF_END) < 0
	           ? -1
	           : 0;
}

static int pivot_table(struct buf *b, const struct stats_args *a, const struct stats_table *t, const char *title)
{
	bool cols = t->cols != STATS_DIM_NONE;
	const char *unit = a->p ? "案例数" : "人数";
	if (case_form_html(b, CF_RAW, "<div class=\"table-wrap\"><table class=\"list pivot\">\n<caption>", CF_TXT,
	                   title, CF_RAW, "（", CF_TXT, unit, CF_RAW,
	                   "；点击数字查看名单）</caption>\n<thead><tr><th scope=\"col\">", CF_TXT,
	                   stats_dim_label(t->rows), CF_RAW, "</th>", CF_END) < 0)
		return -1;
	for (size_t c = 0; cols && c < t->ncols; c++)
		if (case_form_html(b, CF_RAW, "<th scope=\"col\" class=\"num\">", CF_TXT, t->col_heads[c].label, CF_RAW,
		                   "</th>", CF_END) < 0)
			return -1;
	if (case_form_html(b, CF_RAW, "<th scope=\"col\" class=\"num\">", CF_TXT, cols ? "合计" : unit, CF_RAW,
	                   "</th></tr></thead>\n<tbody>\n", CF_END) < 0)
		return -1;
	for (size_t r = 0; r <= t->nrows; r++) {
		bool sum = r == t->nrows;
		char head[400];
		if (!sum)
			head_text(t, &t->row_heads[r], head, sizeof head);
		if (case_form_html(b, CF_RAW,
		                   sum ? "</tbody>\n<tfoot>\n<tr class=\"total\"><th scope=\"row\">"
		                       : "<tr><th scope=\"row\">",
		                   CF_TXT, sum ? "合计" : head, CF_RAW, "</th>", CF_END) < 0)
			return -1;
		for (size_t c = 0; cols && c < t->ncols; c++)
			if (count_cell(b, a, t, r, c, sum ? t->col_totals[c] : stats_cell(t, r, c), false) < 0)
				return -1;
		if (count_cell(b, a, t, r, t->ncols, sum ? t->total : t->row_totals[r], cols) < 0 ||
		    html_raw(b, "</tr>\n") < 0)
			return -1;
	}
	return html_raw(b, "</tfoot>\n</table></div>\n");
}

/*
 * The chart of the table: without columns, a bar per row (its total);
 * with up to SVG_SERIES_MAX columns, grouped bars per row (or per column
 * when the rows are that few); otherwise the rows' totals, said so.
 */
static int chart(struct buf *b, const struct stats_table *t, const char *title)
{
	int rc = -1;
	bool cols = t->cols != STATS_DIM_NONE;
	size_t nr = t->nrows, nc = t->ncols;
	char **labels = xcalloc(nr + nc + 1, sizeof *labels);
	long long *values = xcalloc(nr * nc + nr + 1, sizeof *values);
	struct svg_bar *bars = NULL;
	for (size_t r = 0; r < nr; r++) {
		labels[r] = xmalloc(400);
		head_text(t, &t->row_heads[r], labels[r], 400);
	}
	for (size_t c = 0; c < nc; c++)
		labels[nr + c] = xstrdup(t->col_heads[c].label);
	struct svg_chart ch = {"stats-chart", title, NULL, 0, NULL, NULL};
	if (cols && nc <= SVG_SERIES_MAX && nr <= SVG_CATEGORIES_MAX) {
		struct svg_series series[SVG_SERIES_MAX];
		for (size_t c = 0; c < nc; c++) {
			for (size_t r = 0; r < nr; r++)
				values[c * nr + r] = stats_cell(t, r, c);
			series[c].name = labels[nr + c];
			series[c].values = values + c * nr;
		}
		rc = svg_vbar(b, &ch, (const char *const *)labels, nr, series, nc);
	} else if (cols && nr <= SVG_SERIES_MAX && nc <= SVG_CATEGORIES_MAX) {
		struct svg_series series[SVG_SERIES_MAX];
		for (size_t r = 0; r < nr; r++) {
			for (size_t c = 0; c < nc; c++)
				values[r * nc + c] = stats_cell(t, r, c);
			series[r].name = labels[r];
			series[r].values = values + r * nc;
		}
		rc = svg_vbar(b, &ch, (const char *const *)(labels + nr), nc, series, nr);
	} else if (nr <= SVG_ROWS_MAX) {
		if (cols && html_raw(b, "<p class=\"muted\">行和列都较多，图中只画各行的合计。</p>\n") < 0)
			goto out;
		bars = xcalloc(nr + 1, sizeof *bars);
		for (size_t r = 0; r < nr; r++) {
			bars[r].label = labels[r];
			bars[r].value = t->row_totals[r];
		}
		rc = svg_hbar(b, &ch, bars, nr);
	} else {
		rc = html_raw(b, "<p class=\"muted\">行数太多，不画图。</p>\n");
	}
out:
	for (size_t i = 0; i < nr + nc; i++)
		free(labels[i]);
	free(labels);
	free(values);
	free(bars);
	return rc;
}

/* The notices: arguments left out, and why no table when the dimensions do not go together. */
static int notices(struct buf *b, const struct stats_args *a)
{
	for (size_t i = 0; i < a->nproblems; i++) {
		bool fatal = !a->checked && i == a->nproblems - 1;
		if (case_form_html(b, CF_RAW,
		                   fatal ? "<p class=\"notice error\" role=\"alert\">"
		                         : "<p class=\"notice warn\" role=\"status\">",
		                   CF_TXT, stats_args_label(a->problems[i].name), CF_RAW, "：", CF_TXT,
		                   a->problems[i].text, CF_RAW, fatal ? "</p>\n" : "（已忽略）</p>\n", CF_END) < 0)
			return -1;
	}
	return 0;
}

int page_stats(struct request *req, struct error *err)
{
	if (denied(req))
		return 0;
	struct stats_args *a = xcalloc(1, sizeof *a);
	struct stats_table t = {0};
	struct buf *b = &req->res.body;
	int rc = -1, fr;
	if (stats_args_read(req, a, err) < 0)
		goto out;
	if (layout_begin(req, "统计报表", "/reports") < 0 || (fr = query_form(req, a, err)) == -1 ||
	    notices(b, a) < 0) {
		rc = error_set(err, PAGE_FULL);
		goto out;
	}
	if (fr == -2)
		goto out;
	if (a->checked) {
		int ran = stats_run(req->db, &a->q, a->p, &t, err);
		if (ran < 0)
			goto out;
		char title[400];
		stats_args_title(a, title, sizeof title);
		if (ran > 0) {
			char text[256];
			snprintf(text, sizeof text, msg(MSG_STATS_TOO_MANY), (long)(t.nrows * t.ncols),
			         STATS_CELLS_MAX);
			if (case_form_html(b, CF_RAW, "<p class=\"notice error\" role=\"alert\">", CF_TXT, text, CF_RAW,
			                   "</p>\n", CF_END) < 0) {
				rc = error_set(err, PAGE_FULL);
				goto out;
			}
		} else {
			char on[11];
			date_format(a->q.age_on, on);
			if (case_form_html(
			        b, CF_RAW,
			        "<section class=\"panel\" aria-labelledby=\"stats-title\">\n<h2 id=\"stats-title\">",
			        CF_TXT, title, CF_RAW,
			        "</h2>\n<div class=\"toolbar\"><a class=\"btn\" href=\"/reports/export.xlsx?",
			        CF_END) < 0 ||
			    stats_args_query(b, a, true) < 0 ||
			    case_form_html(b, CF_RAW, "\">导出 Excel</a> <span class=\"muted\">年龄按", CF_TXT, on,
			                   CF_RAW, "的周岁计算；数据范围为您账号的辖区</span></div>\n", CF_END) < 0 ||
			    (t.rows == STATS_DIM_REACHED || t.cols == STATS_DIM_REACHED
			         ? html_raw(
			               b, "<p class=\"muted\">按“到达过的阶段”统计时，一个案例计入它到达过的每个阶段，"
			                  "所以各阶段的数字相加会大于合计；合计按案例计，每个案例只计一次。</p>\n")
			         : 0) < 0 ||
			    pivot_table(b, a, &t, title) < 0 || chart(b, &t, title) < 0 ||
			    html_raw(b, "</section>\n") < 0) {
				rc = error_set(err, PAGE_FULL);
				goto out;
			}
		}
	}
	if (layout_end(req) < 0) {
		rc = error_set(err, PAGE_FULL);
		goto out;
	}
	rc = 0;
out:
	stats_table_release(&t);
	free(a);
	return rc;
}

/* The export */

int page_stats_export(struct request *req, struct error *err)
{
	if (denied(req))
		return 0;
	struct stats_args *a = xcalloc(1, sizeof *a);
	struct stats_table t = {0};
	struct table_writer *w = NULL;
	char path[64] = "";
	const char **header = NULL;
	double *widths = NULL;
	struct xlsx_cell *cells = NULL;
	int rc = -1;
	if (stats_args_read(req, a, err) < 0)
		goto out;
	if (!a->checked || a->nproblems) {
		/* An export is of a table the page showed: refuse what the page would have said is wrong. */
		char text[400];
		snprintf(text, sizeof text, "%s：%s", stats_args_label(a->problems[0].name), a->problems[0].text);
		response_page(req, 400, "统计条件有误", text);
		rc = 0;
		goto out;
	}
	int ran = stats_run(req->db, &a->q, a->p, &t, err);
	if (ran < 0)
		goto out;
	if (ran > 0) {
		char text[256];
		snprintf(text, sizeof text, msg(MSG_STATS_TOO_MANY), (long)(t.nrows * t.ncols), STATS_CELLS_MAX);
		response_page(req, 400, "统计条件有误", text);
		rc = 0;
		goto out;
	}
	bool cols = t.cols != STATS_DIM_NONE;
	size_t n = 1 + (cols ? t.ncols : 0) + 1;
	header = xcalloc(n, sizeof *header);
	widths = xcalloc(n, sizeof *widths);
	cells = xcalloc(n, sizeof *cells);
	header[0] = stats_dim_label(t.rows);
	widths[0] = 24;
	for (size_t c = 0; cols && c < t.ncols; c++) {
		header[1 + c] = t.col_heads[c].label;
		widths[1 + c] = 12;
	}
	header[n - 1] = cols ? "合计" : a->p ? "案例数" : "人数";
	widths[n - 1] = 12;
	char title[400], name[440];
	stats_args_title(a, title, sizeof title);
	if (server_temp_file(path, ".xlsx", err) < 0 ||
	    table_writer_open(&w, path, "统计报表", header, widths, n, err) < 0)
		goto out;
	int wrc = 0;
	for (size_t r = 0; r <= t.nrows && wrc == 0; r++) {
		bool sum = r == t.nrows;
		char head[400];
		if (!sum)
			head_text(&t, &t.row_heads[r], head, sizeof head);
		cells[0] = (struct xlsx_cell){.kind = XLSX_TEXT, .text = sum ? "合计" : head};
		for (size_t c = 0; cols && c < t.ncols; c++)
			cells[1 + c] = (struct xlsx_cell){.kind = XLSX_INTEGER,
			                                  .integer = sum ? t.col_totals[c] : stats_cell(&t, r, c)};
		cells[n - 1] = (struct xlsx_cell){.kind = XLSX_INTEGER, .integer = sum ? t.total : t.row_totals[r]};
		wrc = table_writer_cells(w, cells, err);
	}
	struct error ignored = ERROR_INIT; /* after a failed row, that row's error is the one reported */
	int crc = table_writer_close(w, wrc < 0 ? &ignored : err);
	w = NULL;
	if (wrc < 0 || crc < 0)
		goto out;
	char target[80], detail[200];
	snprintf(target, sizeof target, "stats:%s", a->p ? a->p->code : "persons");
	snprintf(detail, sizeof detail, "{\"rows\":\"%s\",\"cols\":\"%s\",\"year\":%d,\"total\":%lld}",
	         stats_dim_name(t.rows), stats_dim_name(t.cols), a->p ? a->q.year : 0, t.total);
	snprintf(name, sizeof name, "%s.xlsx", title);
	if (auth_audit(req, MODULE, "导出", target, detail, "成功", err) < 0)
		goto out;
	rc = response_download(req, path, XLSX_TYPE, name, err);
	path[0] = '\0'; /* response_download removed it */
out:
	if (*path)
		unlink(path);
	free(header);
	free(widths);
	free(cells);
	stats_table_release(&t);
	free(a);
	return rc;
}
