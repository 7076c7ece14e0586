#include "web/page-projects.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/number.h"
#include "base/xalloc.h"
#include "domain/case-report.h"
#include "domain/case.h"
#include "domain/dict.h"
#include "domain/division.h"
#include "domain/registry.h"
#include "domain/target.h"
#include "io/svg.h"
#include "web/auth.h"
#include "web/case-form.h"
#include "web/export-classes.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/notice-pdf.h"
#include "web/page-batch.h"
#include "web/page-cases.h"
#include "web/page-enrol.h"
#include "web/page-notice.h"
#include "web/page-payments.h"
#include "web/payment-action.h"

#define PAGE_FULL "project page too large"
#define TOWNS_MAX 512

/* The counts of a program-year within a scope: county sums and per township, by counter index. */
struct counts {
	const struct program *p;
	size_t ncounters; /* stages, then metrics */
	long *county;
	long *summed; /* the townships' rows added up, for when no sums come */
	bool had_sums;
	size_t ntown;
	char (*town)[13];
	char (*town_name)[161];
	long *by_town; /* ntown x ncounters */
};

static int counter_index(const struct program *p, const char *counter)
{
	int i = -1;
	if (strncmp(counter, "stage:", 6) == 0 && (i = program_stage_index(p, counter + 6)) >= 0)
		return i;
	if (strncmp(counter, "metric:", 7) == 0 && (i = program_metric_index(p, counter + 7)) >= 0)
		return (int)p->nstages + i;
	return -1;
}

static void count_town(void *ctx, const char *code, const char *name)
{
	struct counts *c = ctx;
	if (c->ntown == TOWNS_MAX)
		return;
	snprintf(c->town[c->ntown], 13, "%s", code);
	snprintf(c->town_name[c->ntown], 161, "%s", name);
	c->ntown++;
}

static void count_one(void *ctx, const char *township, const char *counter, long n)
{
	struct counts *c = ctx;
	int i = counter_index(c->p, counter);
	if (i < 0)
		return;
	if (!*township) {
		c->county[i] = n;
		c->had_sums = true;
		return;
	}
	c->summed[i] += n;
	for (size_t t = 0; t < c->ntown; t++)
		if (strcmp(c->town[t], township) == 0)
			c->by_town[t * c->ncounters + (size_t)i] = n;
}

static void counts_release(struct counts *c)
{
	free(c->county);
	free(c->summed);
	free(c->town);
	free(c->town_name);
	free(c->by_town);
}

static int counts_load(struct request *req, const struct program *p, int year, bool by_town, struct counts *c,
		       struct error *err)
{
	memset(c, 0, sizeof *c);
	c->p = p;
	c->ncounters = p->nstages + p->nmetrics;
	c->county = xcalloc(c->ncounters + 1, sizeof *c->county);
	c->summed = xcalloc(c->ncounters + 1, sizeof *c->summed);
	c->town = xcalloc(TOWNS_MAX, sizeof *c->town);
	c->town_name = xcalloc(TOWNS_MAX, sizeof *c->town_name);
	struct registry_scope scope;
	case_scope_of(&req->account, &scope);
	if (by_town && registry_divisions(req->db, &scope, "", DIVISION_TOWNSHIP, count_town, c, err) < 0)
		return -1;
	c->by_town = xcalloc(c->ntown * c->ncounters + 1, sizeof *c->by_town);
	if (case_counts(req->db, &scope, p->code, year, "", by_town, count_one, c, err) < 0)
		return -1;
	/* By township the engine gives the townships' rows: their sum is the scope's. */
	if (!c->had_sums)
		memcpy(c->county, c->summed, c->ncounters * sizeof *c->county);
	return 0;
}

static long metric_count(const struct counts *c, const char *key)
{
	int i = *key ? program_metric_index(c->p, key) : -1;
	return i >= 0 ? c->county[c->p->nstages + (size_t)i] : 0;
}

/* "完成 402/400，超额完成2例" ... into out. */
static void target_status(long done, long target, const char *unit, char *out, size_t size)
{
	if (target < 0)
		snprintf(out, size, "未设定目标");
	else if (done > target)
		snprintf(out, size, "完成 %ld/%ld，超额完成%ld%s", done, target, done - target, unit);
	else if (done == target)
		snprintf(out, size, "完成 %ld/%ld，已完成目标", done, target);
	else
		snprintf(out, size, "完成 %ld/%ld（%.1f%%）", done, target, target ? 100.0 * (double)done / (double)target : 0.0);
}

static void percent(long n, long of, char *out, size_t size)
{
	if (of == 0)
		snprintf(out, size, "—");
	else
		snprintf(out, size, "%.1f%%", 100.0 * (double)n / (double)of);
}

/* The list of projects */

struct listed {
	char code[PROGRAM_KEY_MAX + 1];
	char name[4 * PROGRAM_LABEL_MAX + 1];
	int version;
};

struct project_list {
	struct listed *items;
	size_t n;
};

static void list_one(void *ctx, const char *code, const char *name, int version)
{
	struct project_list *l = ctx;
	if ((l->n & (l->n - 1)) == 0)
		l->items = xrealloc(l->items, sizeof *l->items * (l->n ? l->n * 2 : 1));
	snprintf(l->items[l->n].code, sizeof l->items[l->n].code, "%s", code);
	snprintf(l->items[l->n].name, sizeof l->items[l->n].name, "%s", name);
	l->items[l->n].version = version;
	l->n++;
}

int page_projects(struct request *req, struct error *err)
{
	struct buf *b = &req->res.body;
	struct project_list l = {NULL, 0};
	int rc = -1, year = date_today().year;
	char text[240], yeartext[8];
	snprintf(yeartext, sizeof yeartext, "%d", year);
	if (program_list(req->db, list_one, &l, err) < 0)
		goto out;
	snprintf(text, sizeof text, "%d年度，以下人数为您管辖范围内的案例。", year);
	if (layout_begin(req, "民生工程", "/projects") < 0 ||
	    case_form_html(b, CF_RAW, "<p class=\"muted\">", CF_TXT, text, CF_RAW,
			   "</p>\n<div class=\"table-wrap\"><table class=\"list\">\n<thead><tr><th scope=\"col\">项目</th>"
			   "<th scope=\"col\">定义版本</th><th scope=\"col\" class=\"num\">登记人数</th>"
			   "<th scope=\"col\">主要指标</th><th scope=\"col\">年度目标</th><th scope=\"col\">操作</th>"
			   "</tr></thead>\n<tbody>\n",
			   CF_END) < 0) {
		rc = error_set(err, PAGE_FULL);
		goto out;
	}
	for (size_t i = 0; i < l.n; i++) {
		const struct program *p;
		int found = program_get(req->db, l.items[i].code, 0, &p, err);
		if (found < 0)
			goto out;
		if (found == 0)
			continue;
		struct counts c;
		if (counts_load(req, p, year, false, &c, err) < 0) {
			counts_release(&c);
			goto out;
		}
		char href[80], version[16], enrolled[24];
		snprintf(href, sizeof href, "/projects/%s", p->code);
		snprintf(version, sizeof version, "第%d版", p->version);
		snprintf(enrolled, sizeof enrolled, "%ld", p->nstages ? c.county[0] : 0L);
		int w = case_form_html(b, CF_RAW, "<tr><td><a href=\"", CF_ATTR, href, CF_RAW, "?year=", CF_URL, yeartext,
				       CF_RAW, "\">", CF_TXT, p->name, CF_RAW, "</a></td><td>", CF_TXT, version, CF_RAW,
				       "</td><td class=\"num\">", CF_TXT, enrolled, CF_RAW, "</td><td>", CF_END);
		for (size_t m = 0; w == 0 && m < p->nmetrics; m++) {
			if (*p->metrics[m].field)
				continue; /* outcome metrics belong on the project page */
			snprintf(text, sizeof text, "%s %ld", p->metrics[m].label, c.county[p->nstages + m]);
			w = case_form_html(b, CF_RAW, "<span class=\"tag info\">", CF_TXT, text, CF_RAW, "</span> ", CF_END);
		}
		long long target = -1;
		if (*p->target_metric && target_program_value(req->db, p->code, year, p->target_metric, &target, err) < 0) {
			counts_release(&c);
			rc = -1;
			goto out;
		}
		target_status(metric_count(&c, p->target_metric), target, p->unit, text, sizeof text);
		counts_release(&c);
		if (w < 0 || case_form_html(b, CF_RAW, "</td><td>", CF_TXT, text, CF_RAW, "</td><td class=\"actions\"><a href=\"",
					    CF_ATTR, href, CF_RAW, "/cases?year=", CF_URL, yeartext, CF_RAW,
					    "\">案例清单</a></td></tr>\n", CF_END) < 0) {
			rc = error_set(err, PAGE_FULL);
			goto out;
		}
	}
	if ((l.n == 0 && html_raw(b, "<tr><td class=\"empty\" colspan=\"6\">尚未载入任何项目定义（由县残联管理员用“huimin program load 文件”载入）</td></tr>\n") < 0) ||
	    html_raw(b, "</tbody></table></div>\n") < 0 || layout_end(req) < 0) {
		rc = error_set(err, PAGE_FULL);
		goto out;
	}
	rc = 0;
out:
	free(l.items);
	return rc;
}

/* A project's page */

/* A link to the cases behind a count: year, a stage reached ("" none), a township ("" all). */
static int count_link(struct buf *b, const struct program *p, int year, const char *reached, const char *township,
		      long n)
{
	char href[160], num[24];
	snprintf(href, sizeof href, "/projects/%s/cases?year=%d", p->code, year);
	snprintf(num, sizeof num, "%ld", n);
	return case_form_html(b, CF_RAW, "<a href=\"", CF_ATTR, href, CF_RAW, *reached ? "&amp;reached=" : "",
			      CF_URL, reached, CF_RAW, *township ? "&amp;township=" : "", CF_URL, township, CF_RAW,
			      "\">", CF_TXT, num, CF_RAW, "</a>", CF_END);
}

/*
 * The funnel as horizontal bars (io/svg), one per stage, in the table's
 * order; the target (when set) marked on the stage its metric counts, that
 * bar green with the over-achievement when it is reached.
 */
static int funnel_svg(struct buf *b, const struct counts *c, int tm, long target)
{
	const struct program *p = c->p;
	struct svg_bar *rows = xcalloc(p->nstages + 1, sizeof *rows);
	char note[80] = "";
	for (size_t i = 0; i < p->nstages; i++) {
		rows[i].label = p->stages[i].label;
		rows[i].value = c->county[i];
	}
	if (tm >= 0 && target >= 0 && !*p->metrics[tm].field && p->metrics[tm].stage < p->nstages) {
		struct svg_bar *r = &rows[p->metrics[tm].stage];
		long done = c->county[p->nstages + (size_t)tm];
		r->has_target = true;
		r->target = target;
		if (done > target)
			snprintf(note, sizeof note, "超额完成%ld%s", done - target, p->unit);
		else if (done == target)
			snprintf(note, sizeof note, "已完成目标");
		r->status = done >= target ? SVG_STATUS_DONE : SVG_STATUS_PLAIN;
		r->note = note;
	}
	struct svg_chart chart = {"funnel", "各阶段人数（到达过该阶段的案例数）", "funnel", 0, NULL, NULL};
	int rc = svg_hbar(b, &chart, rows, p->nstages);
	free(rows);
	return rc;
}

static int funnel_table(struct buf *b, const struct counts *c, int year)
{
	const struct program *p = c->p;
	if (html_raw(b, "<div class=\"table-wrap\"><table class=\"list funnel-table\">\n<caption>各乡镇各阶段人数（到达过该阶段的案例数；点击数字查看名单）</caption>\n"
			"<thead><tr><th scope=\"col\">乡镇</th>") < 0)
		return -1;
	for (size_t i = 0; i < p->nstages; i++)
		if (case_form_html(b, CF_RAW, "<th scope=\"col\" class=\"num\">", CF_TXT, p->stages[i].label, CF_RAW, "</th>",
				   CF_END) < 0)
			return -1;
	if (html_raw(b, "</tr></thead>\n<tbody>\n") < 0)
		return -1;
	for (size_t t = 0; t <= c->ntown; t++) {
		bool county = t == c->ntown; /* the sums come last */
		if (case_form_html(b, CF_RAW, county ? "<tr class=\"total\"><th scope=\"row\">" : "<tr><th scope=\"row\">",
				   CF_TXT, county ? "合计" : c->town_name[t], CF_RAW, "</th>", CF_END) < 0)
			return -1;
		for (size_t i = 0; i < p->nstages; i++) {
			long n = county ? c->county[i] : c->by_town[t * c->ncounters + i];
			if (html_raw(b, "<td class=\"num\">") < 0 ||
			    count_link(b, p, year, p->stages[i].key, county ? "" : c->town[t], n) < 0 ||
			    html_raw(b, "</td>") < 0)
				return -1;
		}
		if (html_raw(b, "</tr>\n") < 0)
			return -1;
	}
	return html_raw(b, "</tbody></table></div>\n");
}

/* The metrics that count a value at a stage (outcomes), grouped by their stage. */
static int outcomes(struct buf *b, const struct counts *c)
{
	const struct program *p = c->p;
	bool any = false;
	for (size_t s = 0; s < p->nstages; s++) {
		size_t k = 0;
		for (size_t m = 0; m < p->nmetrics; m++)
			if (p->metrics[m].stage == s && *p->metrics[m].field)
				k++;
		if (!k)
			continue;
		if (!any && html_raw(b, "<section class=\"panel\">\n<h2>各阶段结果分布</h2>\n<div class=\"table-wrap\"><table class=\"list\">"
					"<thead><tr><th scope=\"col\">阶段</th><th scope=\"col\">结果</th><th scope=\"col\" class=\"num\">人数</th>"
					"<th scope=\"col\" class=\"num\">占该阶段</th></tr></thead>\n<tbody>\n") < 0)
			return -1;
		any = true;
		char rows[24];
		snprintf(rows, sizeof rows, "%zu", k);
		bool first = true;
		for (size_t m = 0; m < p->nmetrics; m++) {
			if (p->metrics[m].stage != s || !*p->metrics[m].field)
				continue;
			char num[24], share[24];
			long n = c->county[p->nstages + m];
			snprintf(num, sizeof num, "%ld", n);
			percent(n, c->county[s], share, sizeof share);
			if ((first && case_form_html(b, CF_RAW, "<tr><th scope=\"rowgroup\" rowspan=\"", CF_RAW, rows, CF_RAW, "\">",
						     CF_TXT, p->stages[s].label, CF_RAW, "</th>", CF_END) < 0) ||
			    (!first && html_raw(b, "<tr>") < 0) ||
			    case_form_html(b, CF_RAW, "<td>", CF_TXT, p->metrics[m].label, CF_RAW, "</td><td class=\"num\">",
					   CF_TXT, num, CF_RAW, "</td><td class=\"num\">", CF_TXT, share, CF_RAW, "</td></tr>\n",
					   CF_END) < 0)
				return -1;
			first = false;
		}
	}
	return any ? html_raw(b, "</tbody></table></div>\n</section>\n") : 0;
}

/* 随访: each scheduled stage, done (reached) and overdue today, the overdue count a link to the working list. */
struct overdue {
	const struct program *p;
	long *n; /* by stage index */
};

static void overdue_one(void *ctx, const char *stage, long n)
{
	struct overdue *o = ctx;
	int s = program_stage_index(o->p, stage);
	if (s >= 0)
		o->n[s] = n;
}

static int followups(struct request *req, const struct counts *c, int year, struct error *err)
{
	const struct program *p = c->p;
	struct buf *b = &req->res.body;
	struct registry_scope scope;
	case_scope_of(&req->account, &scope);
	struct overdue o = {p, xcalloc(p->nstages, sizeof *o.n)};
	int rc = case_report_overdue(req->db, &scope, p->code, year, date_today(), overdue_one, &o, err);
	bool any = false;
	char yeartext[8];
	snprintf(yeartext, sizeof yeartext, "%d", year);
	for (size_t s = 0; rc == 0 && s < p->nstages; s++) {
		if (!p->stages[s].anchor[0])
			continue;
		int a = program_stage_index(p, p->stages[s].anchor);
		char done[24], late[24], due[24];
		snprintf(done, sizeof done, "%ld", c->county[s]);
		snprintf(late, sizeof late, "%ld", o.n[s]);
		snprintf(due, sizeof due, "%d天", p->stages[s].offset_days);
		if ((!any && html_raw(b, "<section class=\"panel\">\n<h2>随访情况</h2>\n<div class=\"table-wrap\"><table class=\"list\">"
					 "<thead><tr><th scope=\"col\">随访</th><th scope=\"col\">应在</th><th scope=\"col\" class=\"num\">已完成</th>"
					 "<th scope=\"col\" class=\"num\">逾期未做</th></tr></thead>\n<tbody>\n") < 0) ||
		    case_form_html(b, CF_RAW, "<tr><th scope=\"row\">", CF_TXT, p->stages[s].label, CF_RAW, "</th><td>",
				   CF_TXT, a >= 0 ? p->stages[a].label : "", CF_RAW, "后", CF_TXT, due, CF_RAW,
				   "</td><td class=\"num\">", CF_TXT, done, CF_RAW, "</td><td class=\"num\"><a href=\"/projects/",
				   CF_URL, p->code, CF_RAW, "/cases?year=", CF_URL, yeartext, CF_RAW, "&amp;due_stage=", CF_URL,
				   p->stages[s].key, CF_RAW, "&amp;due=overdue\"", CF_RAW, o.n[s] ? " class=\"overdue\">" : ">",
				   CF_TXT, late, CF_RAW, "</a></td></tr>\n", CF_END) < 0)
			rc = error_set(err, PAGE_FULL);
		any = true;
	}
	if (rc == 0 && any && html_raw(b, "</tbody></table></div>\n</section>\n") < 0)
		rc = error_set(err, PAGE_FULL);
	free(o.n);
	return rc;
}

/* A breakdown (by surgeon, hospital, complications): values down, months across, as trends. */
struct cells {
	char (*values)[256];
	size_t nvalues;
	char months[12][8];
	size_t nmonths;
	long *cases, *met; /* nvalues x 12 */
};

static void cell_one(void *ctx, const char *value, const char *month, long cases, long met)
{
	struct cells *t = ctx;
	if (!t->nvalues || strcmp(t->values[t->nvalues - 1], value) != 0) {
		t->values = xrealloc(t->values, (t->nvalues + 1) * sizeof *t->values);
		t->cases = xrealloc(t->cases, (t->nvalues + 1) * 12 * sizeof *t->cases);
		t->met = xrealloc(t->met, (t->nvalues + 1) * 12 * sizeof *t->met);
		memset(t->cases + t->nvalues * 12, 0, 12 * sizeof *t->cases);
		memset(t->met + t->nvalues * 12, 0, 12 * sizeof *t->met);
		snprintf(t->values[t->nvalues], sizeof t->values[0], "%s", value);
		t->nvalues++;
	}
	/* Months of the year, in order: "YYYY-MM" -> MM. */
	int m = (month[5] - '0') * 10 + (month[6] - '0') - 1;
	if (strlen(month) != 7 || m < 0 || m > 11)
		return;
	t->cases[(t->nvalues - 1) * 12 + (size_t)m] += cases;
	t->met[(t->nvalues - 1) * 12 + (size_t)m] += met;
}

/*
 * A breakdown's months as a line chart (io/svg), one line per value (the
 * first SVG_SERIES_MAX - 1 by count when there are more, the rest as
 * 其他), January to December; months after today have no figure yet.
 */
static int trend_svg(struct buf *b, const struct program *p, const struct program_breakdown *bd,
		     const struct cells *t, int year)
{
	static const char *const months[12] = {"1月", "2月", "3月", "4月", "5月", "6月",
					       "7月", "8月", "9月", "10月", "11月", "12月"};
	struct svg_series series[SVG_SERIES_MAX];
	long long values[SVG_SERIES_MAX][12];
	size_t n = t->nvalues <= SVG_SERIES_MAX ? t->nvalues : SVG_SERIES_MAX - 1, chosen[SVG_SERIES_MAX];
	bool *taken = xcalloc(t->nvalues + 1, sizeof *taken);
	/* The n values with the most cases (the first on a tie), kept in their order. */
	for (size_t k = 0; k < n; k++) {
		size_t best = t->nvalues;
		long best_sum = -1;
		for (size_t v = 0; v < t->nvalues; v++) {
			long sum = 0;
			for (int m = 0; m < 12; m++)
				sum += t->cases[v * 12 + (size_t)m];
			if (!taken[v] && sum > best_sum)
				best = v, best_sum = sum;
		}
		taken[best] = true;
	}
	n = 0;
	for (size_t v = 0; v < t->nvalues; v++)
		if (taken[v])
			chosen[n++] = v;
	struct date today = date_today();
	int last = year < today.year ? 12 : year > today.year ? 0 : today.month; /* months with a figure so far */
	for (size_t k = 0; k <= n && k < SVG_SERIES_MAX; k++) {
		bool other = k == n;
		if (other && n == t->nvalues)
			break;
		for (int m = 0; m < 12; m++) {
			long long sum = 0;
			for (size_t v = 0; v < t->nvalues; v++)
				if (other ? !taken[v] : v == chosen[k])
					sum += t->cases[v * 12 + (size_t)m];
			values[k][m] = m < last || sum ? sum : SVG_NO_VALUE;
		}
		series[k].name = other ? "其他" : *t->values[chosen[k]] ? t->values[chosen[k]] : "（未填）";
		series[k].values = values[k];
	}
	size_t nseries = n < t->nvalues ? n + 1 : n;
	free(taken);
	char id[SVG_ID_MAX], title[4 * PROGRAM_LABEL_MAX * 2 + 64];
	snprintf(id, sizeof id, "trend-%s", bd->key);
	snprintf(title, sizeof title, "%s：每月%s例数", bd->label, p->stages[bd->stage].label);
	struct svg_chart chart = {id, title, "trend", 0, NULL, NULL};
	return svg_line(b, &chart, months, 12, series, nseries);
}

static int breakdown(struct request *req, const struct program *p, const struct program_breakdown *bd, int year,
		     struct error *err)
{
	struct buf *b = &req->res.body;
	struct registry_scope scope;
	case_scope_of(&req->account, &scope);
	struct cells t = {0};
	int rc = case_report_breakdown(req->db, &scope, p, year, bd, cell_one, &t, err);
	int mi = bd->metric[0] ? program_metric_index(p, bd->metric) : -1;
	bool used[12] = {false};
	for (size_t v = 0; v < t.nvalues; v++)
		for (int m = 0; m < 12; m++)
			used[m] = used[m] || t.cases[v * 12 + (size_t)m];
	if (rc == 0 &&
	    (case_form_html(b, CF_RAW, "<section class=\"panel\">\n<h2>", CF_TXT, bd->label, CF_RAW, "</h2>\n", CF_END) < 0 ||
	     (mi >= 0 && case_form_html(b, CF_RAW, "<p class=\"muted\">每格：", CF_TXT, p->stages[bd->stage].label,
					CF_RAW, "例数（其中", CF_TXT, p->metrics[mi].label, CF_RAW, "）。按月看趋势，不作排名。</p>\n",
					CF_END) < 0) ||
	     (t.nvalues == 0 && html_raw(b, "<p class=\"muted\">暂无数据</p>\n") < 0) ||
	     (t.nvalues && trend_svg(b, p, bd, &t, year) < 0)))
		rc = error_set(err, PAGE_FULL);
	if (rc == 0 && t.nvalues) {
		if (html_raw(b, "<div class=\"table-wrap\"><table class=\"list\"><thead><tr><th scope=\"col\"></th>") < 0)
			rc = error_set(err, PAGE_FULL);
		for (int m = 0; rc == 0 && m < 12; m++) {
			char head[16];
			snprintf(head, sizeof head, "%d月", m + 1);
			if (used[m] && case_form_html(b, CF_RAW, "<th scope=\"col\" class=\"num\">", CF_TXT, head, CF_RAW, "</th>", CF_END) < 0)
				rc = error_set(err, PAGE_FULL);
		}
		if (rc == 0 && html_raw(b, "<th scope=\"col\" class=\"num\">合计</th></tr></thead>\n<tbody>\n") < 0)
			rc = error_set(err, PAGE_FULL);
		for (size_t v = 0; rc == 0 && v < t.nvalues; v++) {
			long all = 0, allmet = 0;
			char yeartext[8];
			snprintf(yeartext, sizeof yeartext, "%d", year);
			/* A line is a working list of its own: that hospital's (surgeon's) cases. */
			if ((!*t.values[v] && html_raw(b, "<tr><th scope=\"row\">（未填）</th>") < 0) ||
			    (*t.values[v] &&
			     case_form_html(b, CF_RAW, "<tr><th scope=\"row\"><a href=\"/projects/", CF_URL, p->code, CF_RAW,
					    "/cases?year=", CF_URL, yeartext, CF_RAW, "&amp;by=", CF_URL, bd->key, CF_RAW,
					    "&amp;value=", CF_URL, t.values[v], CF_RAW, "\">", CF_TXT, t.values[v], CF_RAW,
					    "</a></th>", CF_END) < 0))
				rc = error_set(err, PAGE_FULL);
			for (int m = 0; rc == 0 && m <= 12; m++) {
				if (m < 12 && !used[m])
					continue;
				long n = m < 12 ? t.cases[v * 12 + (size_t)m] : all, k = m < 12 ? t.met[v * 12 + (size_t)m] : allmet;
				all += m < 12 ? n : 0;
				allmet += m < 12 ? k : 0;
				char text[48];
				if (mi >= 0)
					snprintf(text, sizeof text, "%ld（%ld）", n, k);
				else
					snprintf(text, sizeof text, "%ld", n);
				if (case_form_html(b, CF_RAW, "<td class=\"num\">", CF_TXT, n ? text : "", CF_RAW, "</td>", CF_END) < 0)
					rc = error_set(err, PAGE_FULL);
			}
			if (rc == 0 && html_raw(b, "</tr>\n") < 0)
				rc = error_set(err, PAGE_FULL);
		}
		if (rc == 0 && html_raw(b, "</tbody></table></div>\n") < 0)
			rc = error_set(err, PAGE_FULL);
	}
	if (rc == 0 && html_raw(b, "</section>\n") < 0)
		rc = error_set(err, PAGE_FULL);
	free(t.values);
	free(t.cases);
	free(t.met);
	return rc;
}

static bool has_notice(const struct program *p)
{
	for (size_t i = 0; i < p->nstages; i++)
		if (p->stages[i].hold)
			return true;
	return false;
}

/* 分类统计: the cases at the archive stage by hukou (城镇 1, 农村 2) and age group. */
static void class_one(void *ctx, int hukou, enum case_age_group g, long n)
{
	long *cells = ctx;
	if (hukou >= 1 && hukou <= 2)
		cells[(hukou - 1) * CASE_AGE__MAX + g] += n;
}

static int classes(struct request *req, const struct program *p, int year, struct error *err)
{
	int as = program_archive_stage(p);
	if (as < 0)
		return 0;
	struct buf *b = &req->res.body;
	struct registry_scope scope;
	case_scope_of(&req->account, &scope);
	long cells[2 * CASE_AGE__MAX] = {0};
	if (case_report_classes(req->db, &scope, p->code, year, p->stages[as].key, class_one, cells, err) < 0)
		return -1;
	if (case_form_html(b, CF_RAW, "<section class=\"panel\">\n<h2>", CF_TXT, p->stages[as].label, CF_RAW,
			   "人员分类（按户口性质和年龄段）</h2>\n<div class=\"table-wrap\"><table class=\"list classes\">"
			   "<thead><tr><th scope=\"col\">户口性质</th>", CF_END) < 0)
		return error_set(err, PAGE_FULL);
	for (int g = 0; g < CASE_AGE__MAX; g++)
		if (case_form_html(b, CF_RAW, "<th scope=\"col\" class=\"num\">", CF_TXT, case_report_age_label((enum case_age_group)g),
				   CF_RAW, "</th>", CF_END) < 0)
			return error_set(err, PAGE_FULL);
	if (html_raw(b, "<th scope=\"col\" class=\"num\">合计</th></tr></thead>\n<tbody>\n") < 0)
		return error_set(err, PAGE_FULL);
	long cols[CASE_AGE__MAX + 1] = {0};
	for (int h = 0; h <= 2; h++) {
		bool total = h == 2;
		long sum = 0;
		if (case_form_html(b, CF_RAW, total ? "<tr class=\"total\"><th scope=\"row\">" : "<tr><th scope=\"row\">", CF_TXT,
				   total ? "合计" : dict_label(DICT_HUKOU, h + 1), CF_RAW, "</th>", CF_END) < 0)
			return error_set(err, PAGE_FULL);
		for (int g = 0; g <= CASE_AGE__MAX; g++) {
			long v = total ? cols[g] : g < CASE_AGE__MAX ? cells[h * CASE_AGE__MAX + g] : sum;
			char num[24];
			if (!total) {
				cols[g] += v;
				sum += g < CASE_AGE__MAX ? v : 0;
			}
			snprintf(num, sizeof num, "%ld", v);
			if (case_form_html(b, CF_RAW, "<td class=\"num\">", CF_TXT, num, CF_RAW, "</td>", CF_END) < 0)
				return error_set(err, PAGE_FULL);
		}
		if (html_raw(b, "</tr>\n") < 0)
			return error_set(err, PAGE_FULL);
	}
	if (html_raw(b, "</tbody></table></div>\n") < 0)
		return error_set(err, PAGE_FULL);
	/* 分类名单: the persons behind the table, a sheet per class (web/export-classes). */
	if (req->account.role != ROLE_HOSPITAL) {
		char href[120];
		snprintf(href, sizeof href, "/projects/%s/classes.xlsx?year=%d", p->code, year);
		if (case_form_html(b, CF_RAW, "<p class=\"toolbar\"><a class=\"btn secondary\" href=\"", CF_ATTR, href, CF_RAW,
				   "\">导出分类名单（Excel）</a>", CF_END) < 0 ||
		    (registry_may_edit(&req->account) &&
		     case_form_html(b, CF_RAW, " <a href=\"", CF_ATTR, href, CF_RAW,
				    "&amp;full=1\">含完整身份证号</a>", CF_END) < 0) ||
		    html_raw(b, " <span class=\"muted\">每类一张工作表；身份证号按规则遮盖，导出完整身份证号会记入操作日志</span></p>\n") < 0)
			return error_set(err, PAGE_FULL);
	}
	return html_raw(b, "</section>\n") < 0 ? error_set(err, PAGE_FULL) : 0;
}

/* The page; target_reason/typed: the target form after a refusal. */
static int render_project(struct request *req, const struct program *p, int year, const char *target_reason,
			  const char *typed, struct error *err)
{
	struct buf *b = &req->res.body;
	struct counts c;
	int rc = -1;
	if (counts_load(req, p, year, true, &c, err) < 0)
		goto out;
	char title[220], yeartext[8], text[240], href[80];
	snprintf(title, sizeof title, "%s（%d年度）", p->name, year);
	snprintf(yeartext, sizeof yeartext, "%d", year);
	snprintf(href, sizeof href, "/projects/%s", p->code);
	const char *saved = request_arg(req, "saved");
	if (layout_begin(req, title, "/projects") < 0 ||
	    case_form_html(b, CF_RAW, "<p class=\"toolbar\"><a href=\"/projects\">返回项目列表</a> <a class=\"btn\" href=\"", CF_ATTR,
			   href, CF_RAW, "/cases?year=", CF_URL, yeartext, CF_RAW, "\">案例清单</a> <a class=\"btn\" href=\"",
			   CF_ATTR, href, CF_RAW, "/batch?year=", CF_URL, yeartext, CF_RAW, "\">批量录入</a>", CF_RAW,
			   has_notice(p) ? " <a class=\"btn\" href=\"" : "", CF_ATTR, has_notice(p) ? href : "", CF_RAW,
			   has_notice(p) ? "/notice?year=" : "", CF_URL, has_notice(p) ? yeartext : "", CF_RAW,
			   has_notice(p) ? "\">公示名单</a>" : "", CF_RAW,
			   payment_may_view(&req->account) ? " <a class=\"btn\" href=\"" : "", CF_ATTR,
			   payment_may_view(&req->account) ? href : "", CF_RAW, payment_may_view(&req->account) ? "/payments?year=" : "",
			   CF_URL, payment_may_view(&req->account) ? yeartext : "", CF_RAW,
			   payment_may_view(&req->account) ? "\">资金发放</a>" : "", CF_RAW, "</p>\n",
			   CF_RAW, saved && strcmp(saved, "target") == 0 ? "<p class=\"notice ok\" role=\"status\">年度目标已保存。</p>\n" : "",
			   CF_RAW, "<form class=\"query panel\" method=\"get\" action=\"", CF_ATTR, href, CF_RAW,
			   "\"><div class=\"field inline\"><label for=\"f-year\">年度</label><input id=\"f-year\" name=\"year\" "
			   "type=\"text\" inputmode=\"numeric\" maxlength=\"4\" size=\"5\" value=\"",
			   CF_ATTR, yeartext, CF_RAW, "\"></div><div class=\"buttons\"><button type=\"submit\" class=\"primary\">查看</button></div></form>\n",
			   CF_END) < 0) {
		rc = error_set(err, PAGE_FULL);
		goto out;
	}
	/* Target and success */
	long long target = -1;
	if (*p->target_metric && target_program_value(req->db, p->code, year, p->target_metric, &target, err) < 0)
		goto out;
	int tm = *p->target_metric ? program_metric_index(p, p->target_metric) : -1;
	target_status(metric_count(&c, p->target_metric), target, p->unit, text, sizeof text);
	if (html_raw(b, "<section class=\"panel\">\n<h2>目标完成情况</h2>\n<dl class=\"facts\">\n") < 0 ||
	    (tm >= 0 && case_form_html(b, CF_RAW, "<dt>目标指标</dt><dd>", CF_TXT, p->metrics[tm].label, CF_RAW, "</dd>\n",
				       CF_RAW, "<dt>完成情况</dt><dd>", CF_TXT, text, CF_RAW, "</dd>\n", CF_END) < 0)) {
		rc = error_set(err, PAGE_FULL);
		goto out;
	}
	if (*p->success_metric && *p->success_of) {
		int sm = program_metric_index(p, p->success_metric), so = program_metric_index(p, p->success_of);
		long ns = metric_count(&c, p->success_metric), no = metric_count(&c, p->success_of);
		char rate[24], label[340];
		percent(ns, no, rate, sizeof rate);
		snprintf(label, sizeof label, "%s / %s", sm >= 0 ? p->metrics[sm].label : "", so >= 0 ? p->metrics[so].label : "");
		snprintf(text, sizeof text, "%s（%ld / %ld）", rate, ns, no);
		if (case_form_html(b, CF_RAW, "<dt>成功率</dt><dd>", CF_TXT, text, CF_RAW, " <span class=\"muted\">", CF_TXT,
				   label, CF_RAW, "</span></dd>\n", CF_END) < 0) {
			rc = error_set(err, PAGE_FULL);
			goto out;
		}
	}
	/* The project's targets (its work line) on the target board. */
	if (case_form_html(b, CF_RAW, "</dl>\n<p><a href=\"/targets?year=", CF_URL, yeartext, CF_RAW, "&amp;line=", CF_URL,
			   p->code, CF_RAW, "\">目标管理：本项目的全部目标</a></p>\n", CF_END) < 0) {
		rc = error_set(err, PAGE_FULL);
		goto out;
	}
	if (tm >= 0 && req->account.role == ROLE_COUNTY_ADMIN) {
		char value[24] = "";
		if (typed)
			snprintf(value, sizeof value, "%.20s", typed);
		else if (target >= 0)
			snprintf(value, sizeof value, "%lld", target);
		if (case_form_html(b, CF_RAW, "<form class=\"inline\" method=\"post\" action=\"", CF_ATTR, href, CF_RAW,
				   "/target\">", CF_END) < 0 ||
		    layout_csrf_field(req) < 0 ||
		    case_form_html(b, CF_RAW, "<input type=\"hidden\" name=\"year\" value=\"", CF_ATTR, yeartext, CF_RAW,
				   "\"><div class=\"field\"><label for=\"f-target\">设定本年度目标（", CF_TXT, p->metrics[tm].label,
				   CF_RAW, "）</label><input id=\"f-target\" name=\"target\" type=\"text\" inputmode=\"numeric\" maxlength=\"9\" value=\"",
				   CF_ATTR, value, CF_RAW, *target_reason ? "\" aria-invalid=\"true\" aria-describedby=\"e-target\">" : "\">",
				   CF_END) < 0 ||
		    (*target_reason && case_form_html(b, CF_RAW, "<p class=\"field-error\" id=\"e-target\">", CF_TXT, target_reason,
						      CF_RAW, "</p>", CF_END) < 0) ||
		    html_raw(b, "</div><div class=\"buttons\"><button type=\"submit\">保存目标</button></div></form>\n") < 0) {
			rc = error_set(err, PAGE_FULL);
			goto out;
		}
	}
	if (html_raw(b, "</section>\n<section class=\"panel\">\n<h2>各阶段人数</h2>\n") < 0 || funnel_svg(b, &c, tm, target) < 0 ||
	    funnel_table(b, &c, year) < 0 || html_raw(b, "</section>\n") < 0 || outcomes(b, &c) < 0) {
		rc = error_set(err, PAGE_FULL);
		goto out;
	}
	if (followups(req, &c, year, err) < 0 || classes(req, p, year, err) < 0)
		goto out;
	for (size_t i = 0; i < p->nbreakdowns; i++)
		if (breakdown(req, p, &p->breakdowns[i], year, err) < 0)
			goto out;
	if (layout_end(req) < 0) {
		rc = error_set(err, PAGE_FULL);
		goto out;
	}
	rc = 0;
out:
	counts_release(&c);
	return rc;
}

/* Routing of /projects/{code}... */

static void not_found(struct request *req)
{
	response_page(req, 404, "页面不存在", "您要访问的页面不存在，请检查网址是否正确。");
}

/* The project of a path /projects/{code}REST and the REST: 1, 0 answered (404), -1 error. */
static int project_of_path(struct request *req, const struct program **p, const char **rest, struct error *err)
{
	char code[PROGRAM_KEY_MAX + 1];
	if (!case_form_path_code(req->path, "/projects/", code, rest)) {
		not_found(req);
		return 0;
	}
	return case_form_program(req, code, p, err);
}

int page_project(struct request *req, struct error *err)
{
	const char *rest;
	const struct program *p;
	int found = project_of_path(req, &p, &rest, err);
	if (found <= 0)
		return found;
	if (strcmp(rest, "") == 0) {
		int year = case_form_year(request_arg(req, "year"));
		if (year < 0)
			year = date_today().year;
		return render_project(req, p, year, "", NULL, err);
	}
	if (strcmp(rest, "/cases") == 0)
		return page_cases_list(req, p, err);
	if (strcmp(rest, "/cases/export") == 0)
		return page_cases_export(req, p, err);
	if (strcmp(rest, "/cases.pdf") == 0)
		return page_cases_pdf(req, p, err);
	if (strcmp(rest, "/notice.pdf") == 0)
		return notice_pdf_send(req, p, err);
	if (strcmp(rest, "/classes.xlsx") == 0)
		return export_classes(req, p, err);
	if (strcmp(rest, "/enrol") == 0)
		return page_enrol(req, p, err);
	if (strcmp(rest, "/batch") == 0)
		return page_batch(req, p, err);
	if (strcmp(rest, "/notice") == 0)
		return page_notice(req, p, err);
	if (strcmp(rest, "/payments") == 0 || strcmp(rest, "/payments/lines") == 0 ||
	    strcmp(rest, "/payments/lines/export") == 0)
		return page_payments(req, p, rest + strlen("/payments"), err);
	not_found(req);
	return 0;
}

static int target_post(struct request *req, const struct program *p, struct error *err)
{
	if (req->account.role != ROLE_COUNTY_ADMIN) {
		response_page(req, 403, "无权设定目标", "只有县残联管理员可以设定年度目标。");
		return 0;
	}
	int year = case_form_year(request_field(req, "year"));
	if (year < 0 || !*p->target_metric) {
		response_page(req, 400, "提交的数据无效", "年度无效，或该项目没有可设定目标的指标。");
		return 0;
	}
	const char *typed = request_field(req, "target");
	if (!typed)
		typed = "";
	int64_t value;
	if (!number_parse(typed, 1, 999999999, &value))
		return render_project(req, p, year, "请填写目标数，应为1到999999999之间的整数", typed, err);
	struct db *w = server_writer_lock(req->server);
	int rc = target_set_program(w, p->code, year, p->target_metric, value, &req->account, err);
	server_writer_unlock(req->server);
	if (rc < 0)
		return -1;
	char target[64], detail[160], location[120];
	snprintf(target, sizeof target, "program:%s", p->code);
	json_t *d = json_pack("{s:i, s:s, s:I}", "year", year, "metric", p->target_metric, "value", (json_int_t)value);
	char *dt = d ? json_dumps(d, JSON_COMPACT) : NULL;
	json_decref(d);
	snprintf(detail, sizeof detail, "%s", dt ? dt : "");
	free(dt);
	if (auth_audit(req, "民生工程", "设定目标", target, detail, "成功", err) < 0)
		return -1;
	snprintf(location, sizeof location, "/projects/%s?year=%d&saved=target", p->code, year);
	return auth_redirect(req, location, err);
}

int page_project_post(struct request *req, struct error *err)
{
	const char *rest;
	const struct program *p;
	int found = project_of_path(req, &p, &rest, err);
	if (found <= 0)
		return found;
	if (strcmp(rest, "/target") == 0)
		return target_post(req, p, err);
	if (strcmp(rest, "/enrol") == 0)
		return page_enrol_post(req, p, err);
	if (strcmp(rest, "/batch") == 0)
		return page_batch_post(req, p, err);
	if (strncmp(rest, "/payments/", 10) == 0)
		return page_payments_post(req, p, rest + strlen("/payments"), err);
	not_found(req);
	return 0;
}
