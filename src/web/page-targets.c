#include "web/page-targets.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/msg.h"
#include "base/number.h"
#include "base/xalloc.h"
#include "domain/division.h"
#include "domain/supervision.h"
#include "domain/target.h"
#include "web/auth.h"
#include "web/case-form.h"
#include "web/html.h"
#include "web/export-targets.h"
#include "web/layout.h"
#include "web/page-target.h"
#include "web/target-view.h"

#define PAGE_FULL TARGET_VIEW_FULL
#define BOARD_TARGETS_MAX 300 /* targets of a year on the board */
#define BOARD_ITEMS_MAX 10    /* open supervision items listed on the board */

/* The board */

struct board {
	struct request *req;
	struct buf *b;
	struct registry_scope scope; /* the user's, narrowed to the township filter */
	char own[13];		     /* the township figures are limited to, "" for the county */
	int year;
	struct target *t;
	struct target_progress *p;
	size_t n;
	bool more; /* targets past BOARD_TARGETS_MAX */
	struct target_view_towns towns; /* the matrix's rows */
	long items;
};

static int collect(void *ctx, const struct target *t, struct error *err)
{
	(void)err;
	struct board *bd = ctx;
	if (bd->n == BOARD_TARGETS_MAX) {
		bd->more = true;
		return 0;
	}
	bd->t[bd->n++] = *t;
	return 0;
}

static int option(struct buf *b, const char *value, const char *label, const char *current)
{
	return case_form_html(b, CF_RAW, "<option value=\"", CF_ATTR, value, CF_RAW,
			      strcmp(value, current) == 0 ? "\" selected>" : "\">", CF_TXT, label, CF_RAW, "</option>",
			      CF_END);
}

/* A query field's reason under it. */
static int filter_reason(struct buf *b, const char *id, const char *why)
{
	return *why ? case_form_html(b, CF_RAW, "<p class=\"field-error\" id=\"e-", CF_ATTR, id, CF_RAW, "\">", CF_TXT, why,
				     CF_RAW, "</p>", CF_END)
		    : 0;
}

static const char *invalid(const char *why, const char *id_attr)
{
	return *why ? id_attr : "";
}

/* The query form. -1 full, -2 database error. */
static int query_form(struct board *bd, const char *year_typed, const char *year_why, const char *line,
		      const char *line_why, const char *township, const char *town_why, struct error *err)
{
	struct request *req = bd->req;
	struct buf *b = bd->b;
	if (case_form_html(b, CF_RAW, "<form class=\"query panel\" method=\"get\" action=\"/targets\">"
				  "<div class=\"field inline\"><label for=\"f-year\">年度</label><input id=\"f-year\" name=\"year\" "
				  "type=\"text\" inputmode=\"numeric\" maxlength=\"4\" size=\"5\" value=\"",
			   CF_ATTR, year_typed, CF_RAW, "\"", CF_RAW,
			   invalid(year_why, " aria-invalid=\"true\" aria-describedby=\"e-year\""), CF_RAW, ">", CF_END) < 0 ||
	    filter_reason(b, "year", year_why) < 0 ||
	    case_form_html(b, CF_RAW, "</div><div class=\"field inline\"><label for=\"f-line\">工作条线</label>"
				  "<select id=\"f-line\" name=\"line\"", CF_RAW,
			   invalid(line_why, " aria-invalid=\"true\" aria-describedby=\"e-line\""), CF_RAW, ">", CF_END) < 0 ||
	    option(b, "", "全部", line) < 0)
		return -1;
	int rc = target_view_line_options(b, req->db, line, err);
	if (rc < 0)
		return rc;
	if (html_raw(b, "</select>") < 0 || filter_reason(b, "line", line_why) < 0 || html_raw(b, "</div>") < 0)
		return -1;
	if (req->account.role == ROLE_COUNTY_ADMIN || req->account.role == ROLE_COUNTY_STAFF ||
	    req->account.role == ROLE_LEADER) {
		struct target_view_towns *all = xcalloc(1, sizeof *all);
		struct registry_scope mine;
		registry_scope_of(&req->account, &mine);
		if (target_view_towns(req->db, &mine, all, err) < 0) {
			free(all);
			return -2;
		}
		int w = case_form_html(b, CF_RAW, "<div class=\"field inline\"><label for=\"f-township\">乡镇</label>"
						  "<select id=\"f-township\" name=\"township\"", CF_RAW,
				       invalid(town_why, " aria-invalid=\"true\" aria-describedby=\"e-township\""), CF_RAW,
				       ">", CF_END);
		if (w == 0)
			w = option(b, "", "全县", township);
		for (size_t i = 0; w == 0 && i < all->n; i++)
			w = option(b, all->code[i], all->name[i], township);
		free(all);
		if (w < 0 || html_raw(b, "</select>") < 0 || filter_reason(b, "township", town_why) < 0 ||
		    html_raw(b, "</div>") < 0)
			return -1;
	}
	return html_raw(b, "<div class=\"buttons\"><button type=\"submit\" class=\"primary\">查看</button>"
			   "<a class=\"btn secondary\" href=\"/targets\">重置</a></div></form>\n");
}

static int summary(struct board *bd)
{
	long counts[TARGET_STATUS__MAX + 1] = {0};
	for (size_t i = 0; i < bd->n; i++)
		counts[bd->p[i].status <= TARGET_STATUS__MAX ? bd->p[i].status : TARGET_STATUS__MAX]++;
	char text[400];
	int len = snprintf(text, sizeof text, "%d年共%zu项目标：", bd->year, bd->n);
	static const enum target_status order[] = {TARGET_OVER, TARGET_DONE, TARGET_ON_TRACK, TARGET_LAGGING,
						   TARGET_OVERDUE};
	for (size_t i = 0; i < sizeof order / sizeof order[0]; i++)
		len += snprintf(text + len, sizeof text - (size_t)len, "%s%s %ld项", i ? "，" : "",
				target_status_label(order[i]), counts[order[i]]);
	if (counts[TARGET_STATUS__MAX])
		snprintf(text + len, sizeof text - (size_t)len, "，未分解到本乡镇 %ld项", counts[TARGET_STATUS__MAX]);
	return case_form_html(bd->b, CF_RAW, "<p class=\"board-summary\">", CF_TXT, text, CF_RAW, "</p>\n", CF_END);
}

static int board_table(struct board *bd)
{
	struct buf *b = bd->b;
	char caption[300];
	snprintf(caption, sizeof caption, "%d年各项目标完成情况%s%s%s", bd->year, *bd->own ? "（" : "",
		 *bd->own ? target_view_part_name(&bd->towns, bd->own) : "", *bd->own ? "的分解目标和完成数）" : "（全县）");
	if (case_form_html(b, CF_RAW, "<div class=\"table-wrap\"><table class=\"list board\">\n<caption>", CF_TXT, caption,
			   CF_RAW, "</caption>\n<thead><tr><th scope=\"col\">工作条线</th><th scope=\"col\">目标</th>"
				   "<th scope=\"col\" class=\"num\">目标值</th><th scope=\"col\" class=\"num\">已完成</th>"
				   "<th scope=\"col\" class=\"num\">完成率</th><th scope=\"col\">进度（竖线：时间进度）</th>"
				   "<th scope=\"col\" class=\"num\">时间进度</th>"
				   "<th scope=\"col\">状态</th><th scope=\"col\">完成时限</th><th scope=\"col\">责任人</th></tr></thead>\n<tbody>\n",
			   CF_END) < 0)
		return -1;
	for (size_t i = 0; i < bd->n; i++) {
		const struct target *t = &bd->t[i];
		const struct target_progress *p = &bd->p[i];
		char line[300], href[40], value[TARGET_VIEW_TEXT_MAX] = "未分解", done[TARGET_VIEW_TEXT_MAX], pct[24] = "—",
					  elapsed[24];
		target_view_line_label(bd->req->db, t->line, line, sizeof line);
		snprintf(href, sizeof href, "/targets/%lld", (long long)t->id);
		if (p->value > 0) {
			target_view_amount(t, p->value, value, sizeof value);
			target_view_percent(p->permille, pct, sizeof pct);
		}
		target_view_amount(t, p->achieved, done, sizeof done);
		target_view_percent(p->elapsed_permille, elapsed, sizeof elapsed);
		char bar_id[32], bar_title[400];
		snprintf(bar_id, sizeof bar_id, "progress-%lld", (long long)t->id);
		snprintf(bar_title, sizeof bar_title, "%s：完成%s，目标%s", t->name, done, value);
		if (case_form_html(b, CF_RAW, "<tr><td>", CF_TXT, line, CF_RAW, "</td><th scope=\"row\"><a href=\"", CF_ATTR,
				   href, CF_RAW, "\">", CF_TXT, t->name, CF_RAW, "</a></th><td class=\"num\">", CF_TXT, value,
				   CF_RAW, "</td><td class=\"num\">", CF_TXT, done, CF_RAW, "</td><td class=\"num\">", CF_TXT,
				   pct, CF_RAW, "</td><td>", CF_END) < 0 ||
		    (p->value > 0 && target_view_progress(b, bar_id, bar_title, t, p->value, p->achieved,
							  p->elapsed_permille, p->status, 140) < 0) ||
		    case_form_html(b, CF_RAW, "</td><td class=\"num\">", CF_TXT, elapsed, CF_RAW, "</td><td>", CF_END) < 0 ||
		    target_view_status(b, t, p->status, p->value, p->achieved) < 0 ||
		    case_form_html(b, CF_RAW, "</td><td>", CF_TXT, t->deadline, CF_RAW, "</td><td>", CF_TXT,
				   *t->owner ? t->owner : "—", CF_RAW, "</td></tr>\n", CF_END) < 0)
			return -1;
	}
	if (bd->n == 0 && html_raw(b, "<tr><td class=\"empty\" colspan=\"10\">这一年度还没有目标</td></tr>\n") < 0)
		return -1;
	return html_raw(b, "</tbody></table></div>\n");
}

static int chart(struct board *bd)
{
	struct target_view_bar *bars = xcalloc(bd->n + 1, sizeof *bars);
	size_t n = 0;
	for (size_t i = 0; i < bd->n; i++) {
		if (bd->p[i].value <= 0)
			continue;
		bars[n].label = bd->t[i].name;
		bars[n].permille = bd->p[i].permille;
		bars[n].elapsed_permille = bd->p[i].elapsed_permille;
		bars[n].status = bd->p[i].status;
		n++;
	}
	char title[120];
	snprintf(title, sizeof title, "%d年各项目标完成率（竖线为时间进度）", bd->year);
	int rc = n == 0 ? 0
			: html_raw(bd->b, "<section class=\"panel\">\n<h2>完成率与时间进度</h2>\n<div class=\"chart-wrap\">") < 0 ||
				  target_view_chart(bd->b, "board-chart", title, bars, n) < 0 ||
				  html_raw(bd->b, "</div>\n<p class=\"muted\">条形为完成率，颜色表示状态（绿：已完成或超额完成，蓝：正常，"
						  "橙：滞后，红：逾期），标记线为100%，条形右侧注明状态和时间进度。</p>\n</section>\n") < 0
			      ? -1
			      : 0;
	free(bars);
	return rc;
}

/* Whether p has a part for code: true with its index. */
static bool part_of(const struct target_progress *p, const char *code, size_t *index)
{
	for (size_t i = 0; i < p->nparts; i++)
		if (strcmp(p->parts[i].part, code) == 0) {
			*index = i;
			return true;
		}
	return false;
}

static int matrix_cell(struct board *bd, size_t i, const char *code)
{
	struct buf *b = bd->b;
	const struct target *t = &bd->t[i];
	const struct target_progress *p = &bd->p[i];
	if (strcmp(t->split, "hukou") == 0)
		return html_raw(b, "<td class=\"num muted\">—</td>");
	size_t k = 0;
	bool has = part_of(p, code, &k);
	if (!has && strcmp(t->split, "township") != 0)
		return html_raw(b, "<td class=\"num muted\">—</td>"); /* nothing counted for the township */
	long long achieved = has ? p->parts[k].achieved : 0, share = has ? p->parts[k].share : -1;
	char done[TARGET_VIEW_TEXT_MAX], href[80], pct[24];
	target_view_amount(t, achieved, done, sizeof done);
	snprintf(href, sizeof href, "/targets/%lld?township=%s#parts", (long long)t->id, code);
	if (case_form_html(b, CF_RAW, "<td class=\"num\"><a href=\"", CF_ATTR, href, CF_RAW, "\">", CF_TXT, done, CF_RAW,
			   "</a>", CF_END) < 0)
		return -1;
	if (strcmp(t->split, "township") == 0 && share > 0) {
		enum target_status s = p->parts[k].status;
		char text[80];
		target_view_percent(target_permille(achieved, share), pct, sizeof pct);
		snprintf(text, sizeof text, "%s %s", pct, target_status_label(s));
		if (case_form_html(b, CF_RAW, "<br><span class=\"tag status ", CF_RAW, target_view_status_class(s), CF_RAW,
				   "\">", CF_TXT, text, CF_RAW, "</span>", CF_END) < 0)
			return -1;
	} else if (strcmp(t->split, "township") == 0 && html_raw(b, "<br><span class=\"muted\">未分解</span>") < 0) {
		return -1;
	}
	return html_raw(b, "</td>");
}

static int matrix(struct board *bd)
{
	struct buf *b = bd->b;
	if (bd->n == 0)
		return 0;
	if (html_raw(b, "<section class=\"panel\">\n<h2>乡镇完成情况</h2>\n<div class=\"table-wrap\"><table class=\"list matrix\">\n"
			"<caption>各乡镇各项目标的完成数；分解到乡镇的目标另列完成率和状态（点击数字查看该目标）</caption>\n"
			"<thead><tr><th scope=\"col\">乡镇</th>") < 0)
		return -1;
	for (size_t i = 0; i < bd->n; i++)
		if (case_form_html(b, CF_RAW, "<th scope=\"col\" class=\"num\">", CF_TXT, bd->t[i].name, CF_RAW, "</th>",
				   CF_END) < 0)
			return -1;
	if (html_raw(b, "</tr></thead>\n<tbody>\n") < 0)
		return -1;
	for (size_t r = 0; r < bd->towns.n; r++) {
		if (case_form_html(b, CF_RAW, "<tr><th scope=\"row\">", CF_TXT, bd->towns.name[r], CF_RAW, "</th>", CF_END) < 0)
			return -1;
		for (size_t i = 0; i < bd->n; i++)
			if (matrix_cell(bd, i, bd->towns.code[r]) < 0)
				return -1;
		if (html_raw(b, "</tr>\n") < 0)
			return -1;
	}
	if (!*bd->own) {
		if (html_raw(b, "<tr class=\"total\"><th scope=\"row\">全县</th>") < 0)
			return -1;
		for (size_t i = 0; i < bd->n; i++) {
			const struct target_progress *p = &bd->p[i];
			char done[TARGET_VIEW_TEXT_MAX], pct[24], text[80];
			target_view_amount(&bd->t[i], p->achieved, done, sizeof done);
			target_view_percent(p->permille, pct, sizeof pct);
			snprintf(text, sizeof text, "%s %s", pct, target_status_label(p->status));
			if (case_form_html(b, CF_RAW, "<td class=\"num\">", CF_TXT, done, CF_RAW, "<br><span class=\"tag status ",
					   CF_RAW, target_view_status_class(p->status), CF_RAW, "\">", CF_TXT, text, CF_RAW,
					   "</span></td>", CF_END) < 0)
				return -1;
		}
		if (html_raw(b, "</tr>\n") < 0)
			return -1;
	}
	return html_raw(b, "</tbody></table></div>\n<p class=\"muted\">“—”：该乡镇没有这项目标的完成数（按城镇、农村分解的目标不分乡镇统计）。</p>\n</section>\n");
}

static int item_row(void *ctx, const struct supervision *s, struct error *err)
{
	struct board *bd = ctx;
	if (++bd->items > BOARD_ITEMS_MAX)
		return 0;
	char href[48], days[24];
	snprintf(href, sizeof href, "/targets/%lld#supervision", (long long)s->target_id);
	snprintf(days, sizeof days, "%ld", supervision_days_open(s, date_today()));
	struct date due;
	bool late = date_parse(s->deadline, &due) == 0 && date_cmp(date_today(), due) > 0;
	if (case_form_html(bd->b, CF_RAW, "<tr><td><a href=\"", CF_ATTR, href, CF_RAW, "\">", CF_TXT, s->target_name, CF_RAW,
			   "</a></td><td>", CF_TXT, s->township_name, CF_RAW, "</td><td>", CF_TXT, s->finding, CF_RAW,
			   "</td><td><span class=\"tag ", CF_RAW, s->status == SUPERVISION_OPEN ? "warn" : "info", CF_RAW, "\">",
			   CF_TXT, supervision_status_label(s->status), CF_RAW, "</span></td><td", CF_RAW,
			   late ? " class=\"overdue\">" : ">", CF_TXT, s->deadline, CF_RAW, late ? "（已超过）" : "", CF_RAW,
			   "</td><td class=\"num\">", CF_TXT, days, CF_RAW, "</td></tr>\n", CF_END) < 0)
		return error_set(err, PAGE_FULL);
	return 0;
}

static int items(struct board *bd, struct error *err)
{
	struct buf *b = bd->b;
	if (html_raw(b, "<section class=\"panel\">\n<h2>督查事项</h2>\n<div class=\"table-wrap\"><table class=\"list\">\n"
			"<caption>未销号的督查事项（最早发起的在前）</caption>\n<thead><tr><th scope=\"col\">目标</th>"
			"<th scope=\"col\">乡镇</th><th scope=\"col\">督查发现的问题</th><th scope=\"col\">状态</th>"
			"<th scope=\"col\">整改时限</th><th scope=\"col\" class=\"num\">已开天数</th></tr></thead>\n<tbody>\n") < 0)
		return error_set(err, PAGE_FULL);
	if (supervision_list(bd->req->db, &bd->scope, 0, bd->year, true, item_row, bd, err) < 0)
		return -1;
	char more[120];
	snprintf(more, sizeof more, "共%ld项未销号，这里列出最早的%d项。", bd->items, BOARD_ITEMS_MAX);
	if ((bd->items == 0 && html_raw(b, "<tr><td class=\"empty\" colspan=\"6\">没有未销号的督查事项</td></tr>\n") < 0) ||
	    html_raw(b, "</tbody></table></div>\n") < 0 ||
	    (bd->items > BOARD_ITEMS_MAX && case_form_html(b, CF_RAW, "<p class=\"muted\">", CF_TXT, more, CF_RAW, "</p>\n", CF_END) < 0) ||
	    html_raw(b, "<p><a href=\"/supervision\">全部督查事项</a></p>\n</section>\n") < 0)
		return error_set(err, PAGE_FULL);
	return 0;
}

/* The toolbar: new target, supervision, and the copy to the next year (county). */
static int toolbar(struct board *bd)
{
	struct request *req = bd->req;
	struct buf *b = bd->b;
	bool editor = target_may_edit(&req->account);
	char year[8], next[64], confirm[200], href[48];
	snprintf(year, sizeof year, "%d", bd->year);
	snprintf(next, sizeof next, "复制到%d年", bd->year + 1);
	snprintf(confirm, sizeof confirm, "把%d年的全部目标（及其分解）复制到%d年？%d年已有的同名目标不会重复复制。", bd->year,
		 bd->year + 1, bd->year + 1);
	snprintf(href, sizeof href, "/targets/new?year=%d", bd->year);
	if (html_raw(b, "<div class=\"toolbar\">") < 0 ||
	    (editor && case_form_html(b, CF_RAW, "<a class=\"btn\" href=\"", CF_ATTR, href, CF_RAW, "\">新增目标</a>", CF_END) < 0) ||
	    html_raw(b, "<a class=\"btn secondary\" href=\"/supervision\">督查事项</a>") < 0)
		return -1;
	/* The board as a workbook, with the filters it shows. */
	const char *line = request_arg(req, "line"), *town = request_arg(req, "township");
	if (case_form_html(b, CF_RAW, "<a class=\"btn secondary\" href=\"/targets/export.xlsx?year=", CF_URL, year, CF_RAW,
			   "&amp;line=", CF_URL, line ? line : "", CF_RAW, "&amp;township=", CF_URL, town ? town : "", CF_RAW,
			   "\">导出Excel</a>", CF_END) < 0)
		return -1;
	if (editor && bd->n > 0 &&
	    (case_form_html(b, CF_RAW, "<form class=\"inline\" method=\"post\" action=\"/targets/copy\" data-confirm=\"", CF_ATTR,
			    confirm, CF_RAW, "\">", CF_END) < 0 ||
	     layout_csrf_field(req) < 0 ||
	     case_form_html(b, CF_RAW, "<input type=\"hidden\" name=\"year\" value=\"", CF_ATTR, year, CF_RAW,
			    "\"><button type=\"submit\" class=\"secondary\">", CF_TXT, next, CF_RAW, "</button></form>", CF_END) < 0))
		return -1;
	return html_raw(b, "</div>\n");
}

int page_targets(struct request *req, struct error *err)
{
	struct board *bd = xcalloc(1, sizeof *bd);
	bd->req = req;
	bd->b = &req->res.body;
	int rc = -1;
	if (!target_view_scope(req, &bd->scope)) {
		rc = 0;
		goto out;
	}
	/* The filters: a wrong one is said under its field, and the board shows without it. */
	const char *y = request_arg(req, "year"), *line = request_arg(req, "line"), *town = request_arg(req, "township");
	char yeartext[12];
	bd->year = case_form_year(y);
	const char *year_why = bd->year < 0 ? msg(MSG_TARGET_YEAR) : "";
	if (bd->year < 0)
		bd->year = date_today().year;
	snprintf(yeartext, sizeof yeartext, "%d", bd->year);
	const char *line_why = "";
	if (!line)
		line = "";
	if (*line) {
		int known = target_view_line_known(req->db, line, err);
		if (known < 0)
			goto out;
		if (!known) {
			line_why = msg(MSG_FILTER_VALUE);
			line = "";
		}
	}
	const char *town_why = "";
	char own[13];
	target_view_scope_township(&bd->scope, own);
	if (!town || *own)
		town = ""; /* a township user sees its own township in any case */
	if (*town) {
		struct division d;
		int found = strlen(town) == 12 && strspn(town, "0123456789") == 12 && registry_scope_has(&bd->scope, town)
				    ? division_find(req->db, town, &d, err)
				    : 0;
		if (found < 0)
			goto out;
		if (!found || d.level != DIVISION_TOWNSHIP) {
			town_why = msg(MSG_FILTER_TOWNSHIP);
			town = "";
		} else {
			division_subtree(town, bd->scope.lo, bd->scope.hi);
		}
	}
	target_view_scope_township(&bd->scope, bd->own);
	bd->t = xcalloc(BOARD_TARGETS_MAX, sizeof *bd->t);
	if (target_list(req->db, bd->year, line, collect, bd, err) < 0)
		goto out;
	bd->p = xcalloc(bd->n + 1, sizeof *bd->p);
	struct date today = date_today();
	for (size_t i = 0; i < bd->n; i++)
		if (target_progress_of(req->db, &bd->t[i], &bd->scope, today, &bd->p[i], err) < 0)
			goto out;
	if (target_view_towns(req->db, &bd->scope, &bd->towns, err) < 0)
		goto out;
	const char *copied = request_arg(req, "copied");
	int64_t ncopied = -1;
	char notice[400] = "";
	if (copied && number_parse(copied, 0, 100000, &ncopied) && bd->year > 2000)
		snprintf(notice, sizeof notice, msg(MSG_TARGET_COPIED), bd->year - 1, (long)ncopied, bd->year, bd->year);
	char title[64];
	snprintf(title, sizeof title, "目标管理");
	if (layout_begin(req, title, "/targets") < 0 || toolbar(bd) < 0 ||
	    (*notice && case_form_html(bd->b, CF_RAW, "<p class=\"notice ok\" role=\"status\">", CF_TXT, notice, CF_RAW, "</p>\n",
				       CF_END) < 0)) {
		rc = error_set(err, PAGE_FULL);
		goto out;
	}
	int q = query_form(bd, *year_why && y ? y : yeartext, year_why, line, line_why, town, town_why, err);
	if (q == -1)
		rc = error_set(err, PAGE_FULL);
	if (q < 0)
		goto out;
	if (html_raw(bd->b, "<section class=\"panel\">\n<h2>目标完成情况</h2>\n") < 0 || summary(bd) < 0 ||
	    board_table(bd) < 0 ||
	    (bd->more && html_raw(bd->b, "<p class=\"muted\">目标太多，只列出了前300项；请按工作条线筛选。</p>\n") < 0) ||
	    html_raw(bd->b, "<p class=\"muted\">完成率 = 已完成 ÷ 目标值；时间进度 = 自开始日期已过天数 ÷ 到完成时限的总天数。"
			    "完成率低于时间进度为滞后，过了完成时限仍未完成为逾期。</p>\n</section>\n") < 0 ||
	    chart(bd) < 0 || matrix(bd) < 0) {
		rc = error_set(err, PAGE_FULL);
		goto out;
	}
	if (items(bd, err) < 0)
		goto out;
	if (layout_end(req) < 0) {
		rc = error_set(err, PAGE_FULL);
		goto out;
	}
	rc = 0;
out:
	free(bd->t);
	free(bd->p);
	free(bd);
	return rc;
}

/* A new target */

static int render_new(struct request *req, const struct target *t, bool typed, const struct case_problems *pr,
		      struct error *err)
{
	struct buf *b = &req->res.body;
	char back[48];
	snprintf(back, sizeof back, "/targets?year=%d", t->year);
	if (layout_begin(req, "新增目标", "/targets") < 0 ||
	    case_form_html(b, CF_RAW, "<p class=\"toolbar\"><a href=\"", CF_ATTR, back, CF_RAW, "\">返回目标看板</a></p>\n"
				  "<section class=\"panel\">\n<form class=\"target-form\" method=\"post\" action=\"/targets/new\" novalidate>\n",
			   CF_END) < 0 ||
	    layout_csrf_field(req) < 0 || (typed && case_form_problems(b, pr) < 0))
		return error_set(err, PAGE_FULL);
	int f = target_view_form(req, t, typed, pr, err);
	if (f == -1)
		return error_set(err, PAGE_FULL);
	if (f < 0)
		return -1;
	if (html_raw(b, "<div class=\"buttons\"><button type=\"submit\" class=\"primary\">保存</button>"
			"<a class=\"btn secondary\" href=\"/targets\">取消</a></div>\n</form>\n</section>\n") < 0 ||
	    layout_end(req) < 0)
		return error_set(err, PAGE_FULL);
	return 0;
}

static int county_only(struct request *req)
{
	if (target_may_edit(&req->account))
		return 1;
	response_page(req, 403, "无权操作",
		      req->account.role == ROLE_HOSPITAL ? msg(MSG_TARGET_NO_ACCESS) : msg(MSG_TARGET_COUNTY_ONLY));
	return 0;
}

static int page_new(struct request *req, struct error *err)
{
	if (!county_only(req))
		return 0;
	struct target *t = xcalloc(1, sizeof *t);
	int year = case_form_year(request_arg(req, "year"));
	t->year = year < 0 ? date_today().year : year;
	snprintf(t->deadline, sizeof t->deadline, "%04d-12-31", t->year);
	snprintf(t->source, sizeof t->source, "%s", TARGET_MANUAL);
	int rc = render_new(req, t, false, NULL, err);
	free(t);
	return rc;
}

static int new_post(struct request *req, struct error *err)
{
	if (!county_only(req))
		return 0;
	struct target *t = xcalloc(1, sizeof *t);
	struct case_problems *pr = xcalloc(1, sizeof *pr);
	char value_reason[200];
	target_view_read(req, t, value_reason, sizeof value_reason);
	struct db *w = server_writer_lock(req->server);
	int r = target_save(w, t, &req->account, pr, err);
	server_writer_unlock(req->server);
	int rc = -1;
	if (r == 1) {
		if (*value_reason)
			target_view_reason_set(pr, "value", value_reason);
		if (t->year == 0)
			t->year = date_today().year;
		rc = render_new(req, t, true, pr, err);
	} else if (r == 0) {
		char object[40], location[64];
		snprintf(object, sizeof object, "target:%lld", (long long)t->id);
		json_t *d = json_pack("{s:i, s:s, s:s, s:s, s:I, s:s, s:s, s:s, s:s}", "year", t->year, "line", t->line, "name",
				      t->name, "unit", t->unit, "value", (json_int_t)t->value, "split", t->split, "start",
				      t->start, "deadline", t->deadline, "source", t->source);
		char *detail = d ? json_dumps(d, JSON_COMPACT) : NULL;
		json_decref(d);
		rc = auth_audit(req, "目标管理", "新增目标", object, detail ? detail : "", "成功", err);
		free(detail);
		snprintf(location, sizeof location, "/targets/%lld?done=saved", (long long)t->id);
		if (rc == 0)
			rc = auth_redirect(req, location, err);
	} else if (r == 2) {
		response_page(req, 404, "目标不存在", msg(MSG_TARGET_NOT_FOUND));
		rc = 0;
	}
	free(pr);
	free(t);
	return rc;
}

static int copy_post(struct request *req, struct error *err)
{
	if (!county_only(req))
		return 0;
	int64_t from;
	const char *y = case_form_typed(req, "", "year");
	if (strlen(y) != 4 || !number_parse(y, 2000, 2099, &from)) {
		response_page(req, 400, "提交的数据无效", msg(MSG_TARGET_YEAR));
		return 0;
	}
	long copied = 0;
	struct db *w = server_writer_lock(req->server);
	int r = target_copy_year(w, (int)from, (int)from + 1, &req->account, &copied, err);
	server_writer_unlock(req->server);
	if (r < 0)
		return -1;
	char detail[96], location[64];
	snprintf(detail, sizeof detail, "{\"from\":%d,\"to\":%d,\"copied\":%ld}", (int)from, (int)from + 1, copied);
	if (auth_audit(req, "目标管理", "复制目标", "target", detail, "成功", err) < 0)
		return -1;
	snprintf(location, sizeof location, "/targets?year=%d&copied=%ld", (int)from + 1, copied);
	return auth_redirect(req, location, err);
}

/* Routing */

static void not_found(struct request *req)
{
	response_page(req, 404, "页面不存在", "您要访问的页面不存在，请检查网址是否正确。");
}

int page_targets_sub(struct request *req, struct error *err)
{
	if (strcmp(req->path, "/targets/new") == 0)
		return page_new(req, err);
	if (strcmp(req->path, "/targets/export.xlsx") == 0)
		return export_targets(req, err);
	int64_t id;
	const char *rest;
	if (request_path_id_rest(req, "/targets/", &id, &rest))
		return page_target(req, id, rest, err);
	not_found(req);
	return 0;
}

int page_targets_post(struct request *req, struct error *err)
{
	struct registry_scope scope;
	if (!target_view_scope(req, &scope) || !target_view_may_post(req))
		return 0;
	if (strcmp(req->path, "/targets/new") == 0)
		return new_post(req, err);
	if (strcmp(req->path, "/targets/copy") == 0)
		return copy_post(req, err);
	int64_t id;
	const char *rest;
	if (request_path_id_rest(req, "/targets/", &id, &rest))
		return page_target_post(req, id, rest, err);
	not_found(req);
	return 0;
}
