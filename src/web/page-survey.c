#include "web/page-survey.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/mask.h"
#include "base/number.h"
#include "base/stamp.h"
#include "base/xalloc.h"
#include "domain/dict.h"
#include "domain/division.h"
#include "domain/survey-check.h"
#include "domain/survey.h"
#include "web/auth.h"
#include "web/case-form.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/page-survey-check.h"

#define PAGE_FULL "survey page too large"
#define MODULE "基本情况调查"
#define MENU "/survey"
#define YEARS_MAX 16

/* Shared with page-survey-check */

int page_survey_year(struct request *req, bool post)
{
	const char *v = post ? request_field(req, "year") : request_arg(req, "year");
	int year = case_form_year(v);
	if (year < 0)
		response_page(req, 404, "页面不存在", "年度应为2000到2100之间的四位年份。");
	return year;
}

int page_survey_hidden(struct request *req, int year)
{
	char y[8];
	snprintf(y, sizeof y, "%d", year);
	return layout_csrf_field(req) < 0 ||
	               case_form_html(&req->res.body, CF_RAW, "<input type=\"hidden\" name=\"year\" value=\"", CF_ATTR,
	                              y, CF_RAW, "\">", CF_END) < 0
	           ? -1
	           : 0;
}

int page_survey_rate(struct buf *b, long part, long whole, int target_permille, bool higher_is_better)
{
	char text[16];
	survey_rate_text(part, whole, text);
	int p = survey_permille(part, whole);
	const char *tag = "<span>";
	if (p >= 0 && target_permille >= 0)
		tag = (higher_is_better ? p >= target_permille : p <= target_permille) ? "<span class=\"tag ok\">"
		                                                                       : "<span class=\"tag warn\">";
	return case_form_html(b, CF_RAW, tag, CF_TXT, text, CF_RAW, "</span>", CF_END);
}

/* Pieces */

static int fact(struct buf *b, const char *label, const char *value)
{
	return case_form_html(b, CF_RAW, "<dt>", CF_TXT, label, CF_RAW, "</dt><dd>", CF_TXT, value, CF_RAW, "</dd>\n",
	                      CF_END);
}

static int num_cell(struct buf *b, long n)
{
	char text[24];
	snprintf(text, sizeof text, "%ld", n);
	return case_form_html(b, CF_RAW, "<td class=\"num\">", CF_TXT, text, CF_RAW, "</td>", CF_END);
}

/* A village's state: 未抽底册, 已完成, 调查中. */
static int state_tag(struct buf *b, const struct survey_stats *s)
{
	if (!s->drawn)
		return html_raw(b, "<span class=\"tag\">未抽底册</span>");
	return html_raw(b, s->complete ? "<span class=\"tag ok\">已完成</span>"
	                               : "<span class=\"tag warn\">调查中</span>");
}

static int option(struct buf *b, const char *value, const char *label, const char *current)
{
	return case_form_html(b, CF_RAW, "<option value=\"", CF_ATTR, value, CF_RAW,
	                      strcmp(value, current) == 0 ? "\" selected>" : "\">", CF_TXT, label, CF_RAW, "</option>",
	                      CF_END);
}

/* A labelled text input (or textarea); the reason under it. */
static int text_field(struct buf *b, const char *id, const char *name, const char *label, const char *value,
                      const char *reason, bool required, bool area, int maxlength, const char *hint)
{
	char eid[48], max[16];
	snprintf(eid, sizeof eid, "e-%s", id);
	snprintf(max, sizeof max, "%d", maxlength);
	return case_form_html(
	           b, CF_RAW, "<div class=\"field\"><label for=\"", CF_ATTR, id, CF_RAW, "\">", CF_TXT, label, CF_RAW,
	           required ? "<span class=\"required\" aria-hidden=\"true\">*</span>" : "", CF_RAW, "</label>", CF_RAW,
	           area ? "<textarea rows=\"2\" id=\"" : "<input type=\"text\" id=\"", CF_ATTR, id, CF_RAW,
	           "\" name=\"", CF_ATTR, name, CF_RAW, "\" maxlength=\"", CF_RAW, max, CF_RAW, "\"", CF_RAW,
	           required ? " required" : "", CF_RAW, *reason ? " aria-invalid=\"true\" aria-describedby=\"" : "",
	           CF_ATTR, *reason ? eid : "", CF_RAW, *reason ? "\"" : "", CF_RAW, area ? ">" : " value=\"", CF_ATTR,
	           area ? "" : value, CF_RAW, area ? "" : "\">", CF_TXT, area ? value : "", CF_RAW,
	           area ? "</textarea>" : "", CF_END) < 0 ||
	               (*reason && case_form_html(b, CF_RAW, "<p class=\"field-error\" id=\"", CF_ATTR, eid, CF_RAW,
	                                          "\">", CF_TXT, reason, CF_RAW, "</p>", CF_END) < 0) ||
	               (hint &&
	                case_form_html(b, CF_RAW, "<p class=\"hint\">", CF_TXT, hint, CF_RAW, "</p>", CF_END) < 0) ||
	               html_raw(b, "</div>\n") < 0
	           ? -1
	           : 0;
}

static int forbidden(struct request *req, const char *message)
{
	response_page(req, 403, "无权操作", message);
	return 0;
}

static int not_found(struct request *req)
{
	response_page(req, 404, "页面不存在", "您要查看的内容不存在，或不在您的管辖范围内。");
	return 0;
}

/* A 12-digit code of level at *s, moving *s past it. */
static bool path_code(const char **s, int level, char code[13])
{
	if (strspn(*s, "0123456789") != 12 || ((*s)[12] != '\0' && (*s)[12] != '/'))
		return false;
	memcpy(code, *s, 12);
	code[12] = '\0';
	*s += 12;
	return division_level_of(code) == level;
}

/* A record id at *s, moving *s past it. */
static bool path_id(const char **s, int64_t *id)
{
	size_t n = strspn(*s, "0123456789");
	if (n == 0 || n > 18 || **s == '0' || ((*s)[n] != '\0' && (*s)[n] != '/'))
		return false;
	char digits[19];
	memcpy(digits, *s, n);
	digits[n] = '\0';
	*s += n;
	return number_parse(digits, 1, 999999999999999999LL, id);
}

static int audit(struct request *req, const char *action, const char *target, json_t *detail, struct error *err)
{
	char *text = detail ? json_dumps(detail, JSON_COMPACT) : NULL;
	json_decref(detail);
	int rc = auth_audit(req, MODULE, action, target, text ? text : "", "成功", err);
	free(text);
	return rc;
}

/* 303 to path?year=Y&done=done (anchor after). */
static int back_to(struct request *req, const char *path, int year, const char *done, struct error *err)
{
	char location[200];
	snprintf(location, sizeof location, "%s?year=%d&done=%s", path, year, done);
	return auth_redirect(req, location, err);
}

/* The notice of a done=... after a change. */
static int done_notice(struct request *req)
{
	static const struct {
		const char *done, *text;
	} notices[] = {
	    {"opened", "调查已开展：请各乡镇抽取底册、指定调查员。"},
	    {"updated", "调查时间（或调查表）已修改。"},
	    {"unchanged", "调查表和调查时间都没有变化。"},
	    {"roster", "底册已抽取（更新）：新登记在册的人员已加入，已有的底册和调查记录不变。"},
	    {"investigator", "调查员已指定。"},
	    {"record", "调查记录已保存。"},
	    {"check", "验收样本已抽取。"},
	    {"verify", "核实结果已保存。"},
	};
	const char *done = request_arg(req, "done");
	for (size_t i = 0; done && i < sizeof notices / sizeof notices[0]; i++)
		if (strcmp(done, notices[i].done) == 0)
			return case_form_html(&req->res.body, CF_RAW, "<p class=\"notice ok\" role=\"status\">", CF_TXT,
			                      notices[i].text, CF_RAW, "</p>\n", CF_END);
	return 0;
}

/* The overview: townships */

struct years {
	int list[YEARS_MAX];
	int n;
};

static void year_one(void *ctx, int year)
{
	struct years *y = ctx;
	for (int i = 0; i < y->n; i++)
		if (y->list[i] == year)
			return;
	if (y->n < YEARS_MAX)
		y->list[y->n++] = year;
}

struct latest {
	struct {
		char township[13];
		long verified, discrepancies;
		int64_t id;
	} items[128];
	size_t n;
};

static int latest_one(void *ctx, const struct survey_check *c, struct error *err)
{
	(void)err;
	struct latest *l = ctx;
	if (l->n < sizeof l->items / sizeof l->items[0]) {
		snprintf(l->items[l->n].township, 13, "%s", c->township);
		l->items[l->n].verified = c->verified;
		l->items[l->n].discrepancies = c->discrepancies;
		l->items[l->n].id = c->id;
		l->n++;
	}
	return 0;
}

struct overview {
	struct request *req;
	struct buf *b;
	int year, target;
	struct latest latest;
	long rows;
};

static int township_row(void *ctx, const struct survey_stats *s, struct error *err)
{
	struct overview *o = ctx;
	struct buf *b = o->b;
	char href[120], checks[120];
	snprintf(href, sizeof href, "/survey/townships/%s?year=%d", s->code, o->year);
	snprintf(checks, sizeof checks, "/survey/townships/%s/checks?year=%d", s->code, o->year);
	o->rows++;
	if (case_form_html(b, CF_RAW, "<tr><th scope=\"row\"><a href=\"", CF_ATTR, href, CF_RAW, "\">", CF_TXT, s->name,
	                   CF_RAW, "</a></th>", CF_END) < 0 ||
	    num_cell(b, s->villages) < 0 || num_cell(b, s->drawn) < 0 || num_cell(b, s->complete) < 0 ||
	    num_cell(b, s->roster) < 0 || num_cell(b, s->recorded) < 0 || num_cell(b, s->visited) < 0 ||
	    html_raw(b, "<td class=\"num\">") < 0 || page_survey_rate(b, s->visited, s->roster, o->target, true) < 0 ||
	    html_raw(b, "</td><td class=\"num\">") < 0)
		return error_set(err, PAGE_FULL);
	bool checked = false;
	for (size_t i = 0; i < o->latest.n && !checked; i++)
		if (strcmp(o->latest.items[i].township, s->code) == 0) {
			checked = true;
			char verified[64];
			snprintf(verified, sizeof verified, "（%ld/%ld）", o->latest.items[i].discrepancies,
			         o->latest.items[i].verified);
			if (page_survey_rate(b, o->latest.items[i].discrepancies, o->latest.items[i].verified, -1,
			                     false) < 0 ||
			    case_form_html(b, CF_RAW, " <span class=\"muted\">", CF_TXT, verified, CF_RAW, "</span>",
			                   CF_END) < 0)
				return error_set(err, PAGE_FULL);
		}
	if ((!checked && html_raw(b, "<span class=\"muted\">未抽查</span>") < 0) ||
	    case_form_html(b, CF_RAW, "</td><td class=\"actions\"><a href=\"", CF_ATTR, href, CF_RAW,
	                   "\">村进度</a> · <a href=\"", CF_ATTR, checks, CF_RAW, "\">验收抽查</a></td></tr>\n",
	                   CF_END) < 0)
		return error_set(err, PAGE_FULL);
	return 0;
}

/* The county admin's form to open (or change) the year's survey; problems after a refusal. -1 full. */
static int open_form(struct request *req, int year, bool exists, const char *problems)
{
	struct buf *b = &req->res.body;
	char start[11], end[11];
	snprintf(start, sizeof start, "%d-09-01", year);
	snprintf(end, sizeof end, "%d-09-30", year);
	const char *ts = problems ? case_form_typed(req, "", "start_date") : start;
	const char *te = problems ? case_form_typed(req, "", "end_date") : end;
	if (case_form_html(b, CF_RAW,
	                   exists ? "<details class=\"panel\"><summary>修改调查时间或调查表</summary>\n"
	                          : "<section class=\"panel\">\n<h2>开展调查</h2>\n",
	                   CF_END) < 0 ||
	    html_raw(b, "<form class=\"person-form\" method=\"post\" action=\"/survey/open\" "
	                "enctype=\"multipart/form-data\" novalidate>\n") < 0 ||
	    page_survey_hidden(req, year) < 0)
		return -1;
	if (problems && *problems) {
		if (html_raw(b, "<div class=\"notice error\" role=\"alert\"><p>没有开展：</p><ul>") < 0)
			return -1;
		for (const char *s = problems, *nl; *s; s = *nl ? nl + 1 : nl) {
			nl = strchr(s, '\n');
			if (!nl)
				nl = s + strlen(s);
			char line[700];
			snprintf(line, sizeof line, "%.*s", (int)(nl - s), s);
			if (case_form_html(b, CF_RAW, "<li>", CF_TXT, line, CF_RAW, "</li>", CF_END) < 0)
				return -1;
		}
		if (html_raw(b, "</ul></div>\n") < 0)
			return -1;
	}
	return html_raw(b,
	                "<div class=\"field\"><label for=\"f-form\">调查表定义文件（.json）<span class=\"required\" "
	                "aria-hidden=\"true\">*</span></label>"
	                "<input type=\"file\" id=\"f-form\" name=\"form\" accept=\".json,application/json\" required>"
	                "<p class=\"hint\">如 "
	                "programs/"
	                "survey-form.json：调查表的项目、类型和必填项（见设计文档）。已有调查记录后不能更换调查表。</"
	                "p></div>\n") < 0 ||
	               text_field(b, "f-start", "start_date", "入户调查开始日期", ts, "", true, false, 10,
	                          "如 2025-09-01") < 0 ||
	               text_field(b, "f-end", "end_date", "入户调查结束日期", te, "", true, false, 10,
	                          "按计划为期一个月") < 0 ||
	               html_raw(b, "<div class=\"buttons\"><button type=\"submit\" "
	                           "class=\"primary\">保存</button></div>\n</form>\n") < 0 ||
	               html_raw(b, exists ? "</details>\n" : "</section>\n") < 0
	           ? -1
	           : 0;
}

static int overview(struct request *req, int year, const char *problems, struct error *err)
{
	struct buf *b = &req->res.body;
	struct registry_scope scope;
	registry_scope_of(&req->account, &scope);
	struct survey s;
	int found = survey_get(req->db, year, &s, err);
	if (found < 0)
		return -1;
	struct overview *o = xcalloc(1, sizeof *o);
	o->req = req;
	o->b = b;
	o->year = year;
	o->target = found ? s.target_permille : SURVEY_TARGET_PERMILLE;
	struct years years = {{0}, 0};
	year_one(&years, year);
	year_one(&years, date_today().year);
	int rc = -1;
	if (survey_years(req->db, year_one, &years, err) < 0)
		goto out;
	if (layout_begin(req, "残疾人基本情况调查", MENU) < 0 || done_notice(req) < 0 ||
	    html_raw(b, "<form class=\"query panel\" method=\"get\" action=\"/survey\"><div class=\"field inline\">"
	                "<label for=\"f-year\">年度</label><select id=\"f-year\" name=\"year\">") < 0)
		goto full;
	for (int i = 0; i < years.n; i++) {
		char y[8], cur[8];
		snprintf(y, sizeof y, "%d", years.list[i]);
		snprintf(cur, sizeof cur, "%d", year);
		if (option(b, y, y, cur) < 0)
			goto full;
	}
	if (html_raw(b, "</select></div><div class=\"buttons\"><button type=\"submit\" "
	                "class=\"primary\">查看</button></div></form>\n") < 0)
		goto full;
	if (!found) {
		char text[120];
		snprintf(text, sizeof text, "%d年度的残疾人基本情况调查还没有开展。", year);
		if (case_form_html(b, CF_RAW, "<p class=\"notice\">", CF_TXT, text, CF_RAW, "</p>\n", CF_END) < 0 ||
		    (survey_may_open(&req->account) && open_form(req, year, false, problems) < 0) ||
		    layout_end(req) < 0)
			goto full;
		rc = 0;
		goto out;
	}
	char period[40], target[16];
	snprintf(period, sizeof period, "%s 至 %s", s.start_date, s.end_date);
	snprintf(target, sizeof target, "%d.%d%%", s.target_permille / 10, s.target_permille % 10);
	struct survey_stats total;
	if (html_raw(b, "<section class=\"panel\">\n<dl class=\"facts\">\n") < 0 ||
	    fact(b, "调查表", s.form->name) < 0 || fact(b, "入户调查时间", period) < 0 ||
	    fact(b, "入户率目标", target) < 0)
		goto full;
	if (survey_check_latest(req->db, year, &scope, latest_one, &o->latest, err) < 0)
		goto out;
	/* The table first into the page, the county total (known after it) in its foot. */
	struct buf rows = BUF_INIT(RESPONSE_BODY_MAX);
	o->b = &rows;
	int tr = survey_townships(req->db, year, &scope, township_row, o, &total, err);
	o->b = b;
	if (tr < 0) {
		buf_release(&rows);
		goto out;
	}
	char villages[64], persons[96];
	snprintf(villages, sizeof villages, "%ld个，已抽底册%ld个，已完成%ld个", total.villages, total.drawn,
	         total.complete);
	snprintf(persons, sizeof persons, "底册%ld人，已登记%ld人，已入户%ld人", total.roster, total.recorded,
	         total.visited);
	int fr =
	    fact(b, "行政村（社区）", villages) < 0 || fact(b, "人员", persons) < 0 ||
	            html_raw(b, "<dt>入户率</dt><dd>") < 0 ||
	            page_survey_rate(b, total.visited, total.roster, s.target_permille, true) < 0 ||
	            html_raw(
	                b, "</dd>\n</dl>\n</section>\n<section class=\"panel\">\n<h2>各乡镇进度</h2>\n"
	                   "<div class=\"table-wrap\"><table class=\"list\">\n<thead><tr><th scope=\"col\">乡镇</th>"
	                   "<th scope=\"col\" class=\"num\">行政村</th><th scope=\"col\" class=\"num\">已抽底册</th>"
	                   "<th scope=\"col\" class=\"num\">已完成村</th><th scope=\"col\" class=\"num\">底册人数</th>"
	                   "<th scope=\"col\" class=\"num\">已登记</th><th scope=\"col\" class=\"num\">已入户</th>"
	                   "<th scope=\"col\" class=\"num\">入户率</th><th scope=\"col\" class=\"num\">验收差错率</th>"
	                   "<th scope=\"col\">操作</th></tr></thead>\n<tbody>\n") < 0 ||
	            buf_add(b, rows.data ? rows.data : "", rows.len) < 0
	        ? -1
	        : 0;
	buf_release(&rows);
	if (fr < 0)
		goto full;
	if ((o->rows == 0 && html_raw(b, "<tr><td class=\"empty\" colspan=\"10\">没有可查看的乡镇</td></tr>\n") < 0) ||
	    html_raw(b, "</tbody>\n<tfoot><tr><th scope=\"row\">合计</th>") < 0 || num_cell(b, total.villages) < 0 ||
	    num_cell(b, total.drawn) < 0 || num_cell(b, total.complete) < 0 || num_cell(b, total.roster) < 0 ||
	    num_cell(b, total.recorded) < 0 || num_cell(b, total.visited) < 0 ||
	    html_raw(b, "<td class=\"num\">") < 0 ||
	    page_survey_rate(b, total.visited, total.roster, s.target_permille, true) < 0 ||
	    html_raw(b, "</td><td></td><td></td></tr></tfoot>\n</table></div>\n"
	                "<p class=\"hint\">入户率 = 已入户人数 ÷ "
	                "底册人数（向下取到0.1%）；一个村的底册人员都有调查记录时，该村为已完成。"
	                "验收差错率为各乡镇最近一次验收抽查中有差错的户数 ÷ 已核实户数。</p>\n</section>\n") < 0 ||
	    (survey_may_open(&req->account) && open_form(req, year, true, problems) < 0) || layout_end(req) < 0)
		goto full;
	rc = 0;
	goto out;
full:
	rc = error_set(err, PAGE_FULL);
out:
	if (found > 0)
		survey_release(&s);
	free(o);
	return rc;
}

/* POST /survey/open: multipart (year, start_date, end_date, the file "form"). */
static int open_post(struct request *req, struct error *err)
{
	if (!survey_may_open(&req->account))
		return forbidden(req, "只有县残联管理员可以开展调查。");
	int year = page_survey_year(req, true);
	if (year < 0)
		return 0;
	const struct multipart_part *file = request_file(req, "form");
	const char *start = case_form_typed(req, "", "start_date"), *end = case_form_typed(req, "", "end_date");
	struct buf problems = BUF_INIT(1 << 16);
	enum survey_open_result what = SURVEY_UNCHANGED;
	int rc = 1;
	if (!file || !file->len) {
		(void)!buf_addstr(&problems, "请选择调查表定义文件（.json）\n");
	} else if (file->len > SURVEY_FORM_MAX) {
		(void)!buf_addf(&problems, "调查表定义文件太大（最大%uKB）\n", SURVEY_FORM_MAX / 1024);
	} else {
		struct db *w = server_writer_lock(req->server);
		rc = survey_open(w, year, file->data, file->len, start, end, req->account.name, &what, &problems, err);
		server_writer_unlock(req->server);
	}
	if (rc < 0)
		goto out;
	if (rc == 1) {
		req->res.status = 400;
		rc = overview(req, year, buf_cstr(&problems), err);
		goto out;
	}
	char target[24];
	snprintf(target, sizeof target, "survey:%d", year);
	if (what != SURVEY_UNCHANGED &&
	    audit(req, what == SURVEY_OPENED ? "开展调查" : "修改调查", target,
	          json_pack("{s:i, s:s, s:s}", "year", year, "start_date", start, "end_date", end), err) < 0) {
		rc = -1;
		goto out;
	}
	rc = back_to(req, "/survey", year,
	             what == SURVEY_OPENED    ? "opened"
	             : what == SURVEY_UPDATED ? "updated"
	                                      : "unchanged",
	             err);
out:
	buf_release(&problems);
	return rc;
}

/* A township: its villages */

struct villages {
	struct buf *b;
	int year, target;
	long rows;
};

static int village_row(void *ctx, const struct survey_stats *s, struct error *err)
{
	struct villages *v = ctx;
	struct buf *b = v->b;
	char href[120];
	snprintf(href, sizeof href, "/survey/villages/%s?year=%d", s->code, v->year);
	v->rows++;
	if (case_form_html(b, CF_RAW, "<tr><th scope=\"row\"><a href=\"", CF_ATTR, href, CF_RAW, "\">", CF_TXT, s->name,
	                   CF_RAW, "</a></th><td>", CF_TXT, *s->investigator ? s->investigator : "—", CF_RAW,
	                   s->investigator_account ? " <span class=\"tag info\">账号</span>" : "", CF_RAW, "</td>",
	                   CF_END) < 0 ||
	    num_cell(b, s->roster) < 0 || num_cell(b, s->recorded) < 0 || num_cell(b, s->visited) < 0 ||
	    html_raw(b, "<td class=\"num\">") < 0 || page_survey_rate(b, s->visited, s->roster, v->target, true) < 0 ||
	    html_raw(b, "</td><td>") < 0 || state_tag(b, s) < 0 || html_raw(b, "</td></tr>\n") < 0)
		return error_set(err, PAGE_FULL);
	return 0;
}

static int township_page(struct request *req, const char *township, int year, const struct registry_scope *scope,
                         const struct case_problems *pr, struct error *err)
{
	struct buf *b = &req->res.body;
	struct division d;
	int found = division_find(req->db, township, &d, err);
	if (found < 0)
		return -1;
	char lo[13], hi[13];
	division_subtree(township, lo, hi);
	/* Township users and the county see a township; village users only their own village. */
	if (!found || d.level != DIVISION_TOWNSHIP || !registry_scope_has(scope, lo) || !registry_scope_has(scope, hi))
		return not_found(req);
	struct survey s;
	if ((found = survey_get(req->db, year, &s, err)) < 0)
		return -1;
	int target = found ? s.target_permille : SURVEY_TARGET_PERMILLE;
	if (found)
		survey_release(&s);
	char title[220], back[80], action[120], checks[120];
	snprintf(title, sizeof title, "%s · 基本情况调查（%d年度）", d.name, year);
	snprintf(back, sizeof back, "/survey?year=%d", year);
	snprintf(action, sizeof action, "/survey/townships/%s/roster", township);
	snprintf(checks, sizeof checks, "/survey/townships/%s/checks?year=%d", township, year);
	if (layout_begin(req, title, MENU) < 0 || done_notice(req) < 0 ||
	    case_form_html(b, CF_RAW, "<p class=\"toolbar\"><a href=\"", CF_ATTR, back, CF_RAW,
	                   "\">返回各乡镇进度</a> <a href=\"", CF_ATTR, checks, CF_RAW, "\">验收抽查</a></p>\n",
	                   CF_END) < 0 ||
	    case_form_problems(b, pr) < 0)
		return error_set(err, PAGE_FULL);
	if (!found) {
		char text[120];
		snprintf(text, sizeof text, "%d年度的残疾人基本情况调查还没有开展。", year);
		return case_form_html(b, CF_RAW, "<p class=\"notice\">", CF_TXT, text, CF_RAW, "</p>\n", CF_END) < 0 ||
		               layout_end(req) < 0
		           ? error_set(err, PAGE_FULL)
		           : 0;
	}
	if (survey_may_manage(&req->account) &&
	    (case_form_html(b, CF_RAW, "<form class=\"toolbar\" method=\"post\" action=\"", CF_ATTR, action, CF_RAW,
	                    "\">", CF_END) < 0 ||
	     page_survey_hidden(req, year) < 0 ||
	     html_raw(
	         b,
	         "<button type=\"submit\" class=\"primary\">抽取（更新）全乡镇底册</button>"
	         "<span "
	         "class=\"muted\">把各村现在在册的人员加入底册；已在底册上的人和已有的调查记录不变。</span></form>\n") <
	         0))
		return error_set(err, PAGE_FULL);
	if (html_raw(b,
	             "<section class=\"panel\">\n<h2>各村进度</h2>\n<div class=\"table-wrap\"><table class=\"list\">\n"
	             "<thead><tr><th scope=\"col\">村（社区）</th><th scope=\"col\">调查员</th><th scope=\"col\" "
	             "class=\"num\">底册人数</th>"
	             "<th scope=\"col\" class=\"num\">已登记</th><th scope=\"col\" class=\"num\">已入户</th>"
	             "<th scope=\"col\" class=\"num\">入户率</th><th scope=\"col\">状态</th></tr></thead>\n<tbody>\n") <
	    0)
		return error_set(err, PAGE_FULL);
	struct villages v = {b, year, target, 0};
	if (survey_villages(req->db, year, scope, township, village_row, &v, err) < 0)
		return -1;
	if ((v.rows == 0 && html_raw(b, "<tr><td class=\"empty\" colspan=\"7\">该乡镇没有行政村</td></tr>\n") < 0) ||
	    html_raw(b, "</tbody></table></div>\n</section>\n") < 0 || layout_end(req) < 0)
		return error_set(err, PAGE_FULL);
	return 0;
}

/* A village: its roster */

struct roster {
	struct request *req;
	struct buf *b;
	int year;
	bool todo; /* only those without a record */
	long rows;
};

static int roster_row(void *ctx, const struct survey_row *r, struct error *err)
{
	struct roster *ro = ctx;
	if (ro->todo && r->version)
		return 0;
	struct buf *b = ro->b;
	char num[24], idm[32], href[120], outcome[64];
	snprintf(num, sizeof num, "%ld", ++ro->rows);
	mask_idcard(r->id_number, idm, sizeof idm);
	snprintf(href, sizeof href, "/survey/records/%lld?year=%d", (long long)r->person_id, ro->year);
	snprintf(outcome, sizeof outcome, "%s%s", survey_outcome_label(r->outcome), r->version > 1 ? "（已更正）" : "");
	const char *tag = r->outcome == SURVEY_VISITED     ? "<span class=\"tag ok\">"
	                  : r->outcome == SURVEY_NONE      ? "<span class=\"tag\">"
	                  : r->outcome == SURVEY_NOT_FOUND ? "<span class=\"tag warn\">"
	                                                   : "<span class=\"tag info\">";
	const char *action = !survey_may_record(&ro->req->account) ? "查看" : r->version ? "查看/更正" : "登记";
	if (case_form_html(b, CF_RAW, "<tr><td class=\"num\">", CF_TXT, num, CF_RAW, "</td><td>", CF_TXT, r->name,
	                   CF_RAW, "</td><td>", CF_TXT, dict_label(DICT_SEX, r->sex), CF_RAW,
	                   "</td><td class=\"mono\">", CF_TXT, idm, CF_RAW, "</td><td>", CF_TXT,
	                   r->category ? dict_label(DICT_CATEGORY, r->category) : "", CF_RAW, "</td><td>", CF_TXT,
	                   r->grade ? dict_label(DICT_GRADE, r->grade) : "", CF_RAW, "</td><td>", CF_RAW, tag, CF_TXT,
	                   outcome, CF_RAW, "</span></td><td>", CF_TXT, r->visit_date, CF_RAW, "</td><td>", CF_TXT,
	                   r->investigator, CF_RAW, "</td><td class=\"actions\"><a href=\"", CF_ATTR, href, CF_RAW,
	                   "\">", CF_TXT, action, CF_RAW, "</a></td></tr>\n", CF_END) < 0)
		return error_set(err, PAGE_FULL);
	return 0;
}

/* typed: "investigator" after a refusal of that form (pr), else NULL. */
static int village_page(struct request *req, const char *village, int year, const struct registry_scope *scope,
                        const char *typed, const struct case_problems *pr, struct error *err)
{
	struct buf *b = &req->res.body;
	struct survey_village v;
	int found = survey_village_get(req->db, year, village, scope, &v, err);
	if (found <= 0)
		return found < 0 ? -1 : not_found(req);
	struct survey s;
	if ((found = survey_get(req->db, year, &s, err)) < 0)
		return -1;
	int target = found ? s.target_permille : SURVEY_TARGET_PERMILLE;
	if (found)
		survey_release(&s);
	struct survey_stats st;
	if (survey_village_stats(req->db, year, village, &st, err) < 0)
		return -1;
	char title[400], back[120], base[120];
	snprintf(title, sizeof title, "%s %s · 基本情况调查（%d年度）", st.township_name, st.name, year);
	snprintf(back, sizeof back, "/survey/townships/%s?year=%d", st.township, year);
	snprintf(base, sizeof base, "/survey/villages/%s", village);
	bool todo = request_arg(req, "show") && strcmp(request_arg(req, "show"), "todo") == 0;
	if (layout_begin(req, title, MENU) < 0 || done_notice(req) < 0 ||
	    (req->account.role != ROLE_VILLAGE &&
	     case_form_html(b, CF_RAW, "<p class=\"toolbar\"><a href=\"", CF_ATTR, back, CF_RAW,
	                    "\">返回乡镇各村进度</a></p>\n", CF_END) < 0))
		return error_set(err, PAGE_FULL);
	if (!found) {
		char text[120];
		snprintf(text, sizeof text, "%d年度的残疾人基本情况调查还没有开展。", year);
		return case_form_html(b, CF_RAW, "<p class=\"notice\">", CF_TXT, text, CF_RAW, "</p>\n", CF_END) < 0 ||
		               layout_end(req) < 0
		           ? error_set(err, PAGE_FULL)
		           : 0;
	}
	char drawn[STAMP_LOCAL_SIZE] = "未抽取", counts[120], who[200];
	if (*v.drawn_at)
		stamp_local(v.drawn_at, drawn);
	snprintf(counts, sizeof counts, "底册%ld人，已登记%ld人，已入户%ld人", st.roster, st.recorded, st.visited);
	snprintf(who, sizeof who, "%s%s%s%s", *v.investigator ? v.investigator : "未指定",
	         *v.investigator_account ? "（账号 " : "", v.investigator_account, *v.investigator_account ? "）" : "");
	if (html_raw(b, "<section class=\"panel\">\n<dl class=\"facts\">\n") < 0 || fact(b, "调查员", who) < 0 ||
	    fact(b, "底册抽取时间", drawn) < 0 || fact(b, "人员", counts) < 0 ||
	    html_raw(b, "<dt>入户率</dt><dd>") < 0 || page_survey_rate(b, st.visited, st.roster, target, true) < 0 ||
	    html_raw(b, "</dd><dt>状态</dt><dd>") < 0 || state_tag(b, &st) < 0 ||
	    html_raw(b, "</dd>\n</dl>\n</section>\n") < 0)
		return error_set(err, PAGE_FULL);
	if (survey_may_manage(&req->account)) {
		char draw[140], assign[140];
		snprintf(draw, sizeof draw, "%s/roster", base);
		snprintf(assign, sizeof assign, "%s/investigator", base);
		bool t = typed && strcmp(typed, "investigator") == 0;
		if (case_form_html(b, CF_RAW, "<form class=\"toolbar\" method=\"post\" action=\"", CF_ATTR, draw,
		                   CF_RAW, "\">", CF_END) < 0 ||
		    page_survey_hidden(req, year) < 0 ||
		    html_raw(b, *v.drawn_at
		                    ? "<button type=\"submit\" class=\"secondary\">更新底册</button>"
		                      "<span class=\"muted\">加入新登记在册的人员，已有的不变。</span></form>\n"
		                    : "<button type=\"submit\" class=\"primary\">抽取底册</button>"
		                      "<span class=\"muted\">把本村现在在册的残疾人列入调查底册。</span></form>\n") <
		        0 ||
		    case_form_html(
		        b, CF_RAW, "<details class=\"panel\"", CF_RAW, t ? " open" : "", CF_RAW,
		        "><summary>指定调查员</summary>\n<form class=\"person-form\" method=\"post\" action=\"",
		        CF_ATTR, assign, CF_RAW, "\" novalidate>\n", CF_END) < 0 ||
		    page_survey_hidden(req, year) < 0 || (t && case_form_problems(b, pr) < 0) ||
		    text_field(b, "f-account", "account", "村调查员账号",
		               t ? case_form_typed(req, "", "account") : v.investigator_account,
		               t ? case_form_reason(pr, "account") : "", false, false, ACCOUNT_NAME_MAX,
		               "本村“村调查员”角色的账号名；没有账号时只填姓名") < 0 ||
		    text_field(
		        b, "f-iname", "name", "调查员姓名", t ? case_form_typed(req, "", "name") : v.investigator,
		        t ? case_form_reason(pr, "name") : "", false, false, SURVEY_NAME_MAX, "不填则用账号名") < 0 ||
		    html_raw(
		        b,
		        "<div class=\"buttons\"><button type=\"submit\">保存</button></div>\n</form>\n</details>\n") <
		        0)
			return error_set(err, PAGE_FULL);
	}
	char all[160], only[160];
	snprintf(all, sizeof all, "%s?year=%d", base, year);
	snprintf(only, sizeof only, "%s?year=%d&show=todo", base, year);
	if (case_form_html(
	        b, CF_RAW,
	        "<section class=\"panel\" id=\"roster\">\n<h2>调查底册</h2>\n<p class=\"toolbar\"><a href=\"", CF_ATTR,
	        all, CF_RAW,
	        todo ? "\">全部</a> <span>只看未登记</span></p>\n" : "\" aria-current=\"page\">全部</a> <a href=\"",
	        CF_ATTR, todo ? "" : only, CF_RAW, todo ? "" : "\">只看未登记</a></p>\n", CF_END) < 0 ||
	    html_raw(
	        b,
	        "<div class=\"table-wrap\"><table class=\"list\">\n<thead><tr><th scope=\"col\" class=\"num\">序号</th>"
	        "<th scope=\"col\">姓名</th><th scope=\"col\">性别</th><th scope=\"col\">身份证号</th>"
	        "<th scope=\"col\">残疾类别</th><th scope=\"col\">等级</th><th scope=\"col\">调查结果</th>"
	        "<th scope=\"col\">调查日期</th><th scope=\"col\">调查员</th><th "
	        "scope=\"col\">操作</th></tr></thead>\n<tbody>\n") < 0)
		return error_set(err, PAGE_FULL);
	struct roster ro = {req, b, year, todo, 0};
	if (survey_roster(req->db, year, village, scope, roster_row, &ro, err) < 0)
		return -1;
	const char *empty = !*v.drawn_at ? "底册还没有抽取"
	                    : todo       ? "底册上的人员都已登记"
	                                 : "底册为空：抽取时本村没有在册的残疾人";
	if ((ro.rows == 0 && case_form_html(b, CF_RAW, "<tr><td class=\"empty\" colspan=\"10\">", CF_TXT, empty, CF_RAW,
	                                    "</td></tr>\n", CF_END) < 0) ||
	    html_raw(
	        b,
	        "</tbody></table></div>\n<p class=\"hint\">底册是抽取时本村在册人员的名单（姓名、类别、等级按抽取时），"
	        "之后档案的变动不改变底册；身份证号按现在的档案显示（部分隐藏）。</p>\n</section>\n") < 0 ||
	    layout_end(req) < 0)
		return error_set(err, PAGE_FULL);
	return 0;
}

/* A roster person: the record form and the versions */

struct history {
	struct buf *b;
	const struct program_form *f;
	int rows;
};

/* "回答人：本人；居住状况：与家人同住" from stored answers. */
static void answers_text(const struct program_form *f, const char *answers, struct buf *out)
{
	json_t *o = json_loads(answers, 0, NULL);
	for (size_t i = 0; o && i < f->nfields; i++) {
		const char *v = json_string_value(json_object_get(o, f->fields[i].key));
		if (!v)
			continue;
		char text[4 * PROGRAM_TEXT_MAX + 1];
		program_value_text(&f->fields[i], v, text, sizeof text);
		(void)!buf_addf(out, "%s%s：%s", out->len ? "；" : "", f->fields[i].label, text);
	}
	json_decref(o);
}

static int history_row(void *ctx, const struct survey_record *r, struct error *err)
{
	struct history *h = ctx;
	char version[16], at[STAMP_LOCAL_SIZE];
	snprintf(version, sizeof version, "第%d版", r->version);
	stamp_local(r->entered_at, at);
	struct buf answers = BUF_INIT(1 << 16);
	answers_text(h->f, r->answers, &answers);
	h->rows++;
	int rc = case_form_html(h->b, CF_RAW, "<tr><td>", CF_TXT, version, CF_RAW, "</td><td>", CF_TXT,
	                        survey_outcome_label(r->outcome), CF_RAW, "</td><td>", CF_TXT, r->visit_date, CF_RAW,
	                        "</td><td>", CF_TXT, r->investigator, CF_RAW, "</td><td>", CF_TXT, buf_cstr(&answers),
	                        CF_RAW, "</td><td>", CF_TXT, r->remark, CF_RAW, "</td><td>", CF_TXT, r->entered_by,
	                        CF_RAW, "</td><td class=\"muted\">", CF_TXT, at, CF_RAW, "</td></tr>\n", CF_END);
	buf_release(&answers);
	return rc < 0 ? error_set(err, PAGE_FULL) : 0;
}

/* The current record's answers, to start a correction from. */
struct current {
	char *answers;
};

static int current_row(void *ctx, const struct survey_record *r, struct error *err)
{
	(void)err;
	struct current *c = ctx;
	free(c->answers);
	c->answers = xstrdup(r->answers);
	return 0;
}

/* typed: after a refusal (pr), the form shows what was typed. */
static int record_page(struct request *req, int64_t person, int year, const struct registry_scope *scope, bool typed,
                       const struct case_problems *pr, struct error *err)
{
	struct buf *b = &req->res.body;
	struct survey s;
	int found = survey_get(req->db, year, &s, err);
	if (found <= 0)
		return found < 0 ? -1 : not_found(req);
	struct survey_row *r = xmalloc(sizeof *r);
	struct current cur = {NULL};
	int rc = -1;
	if ((found = survey_roster_get(req->db, year, person, scope, r, err)) <= 0) {
		rc = found < 0 ? -1 : not_found(req);
		goto out;
	}
	if (survey_history(req->db, year, person, current_row, &cur, err) < 0)
		goto out;
	char title[300], back[120], idm[32], version[48], action[120];
	snprintf(title, sizeof title, "%s · 调查记录（%d年度）", r->name, year);
	snprintf(back, sizeof back, "/survey/villages/%s?year=%d#roster", r->village, year);
	snprintf(action, sizeof action, "/survey/records/%lld", (long long)person);
	mask_idcard(r->id_number, idm, sizeof idm);
	snprintf(version, sizeof version, r->version ? "%s（第%d版）" : "%s", survey_outcome_label(r->outcome),
	         r->version);
	char where[340], cat[64];
	snprintf(where, sizeof where, "%s %s", r->township_name, r->village_name);
	snprintf(cat, sizeof cat, "%s %s", r->category ? dict_label(DICT_CATEGORY, r->category) : "",
	         r->grade ? dict_label(DICT_GRADE, r->grade) : "");
	if (layout_begin(req, title, MENU) < 0 ||
	    case_form_html(b, CF_RAW, "<p class=\"toolbar\"><a href=\"", CF_ATTR, back, CF_RAW,
	                   "\">返回本村底册</a></p>\n", CF_END) < 0 ||
	    html_raw(b, "<section class=\"panel\">\n<dl class=\"facts\">\n") < 0 || fact(b, "姓名", r->name) < 0 ||
	    fact(b, "性别", dict_label(DICT_SEX, r->sex)) < 0 || fact(b, "出生日期", r->birth_date) < 0 ||
	    fact(b, "身份证号", idm) < 0 || fact(b, "残疾类别、等级", cat) < 0 ||
	    fact(b, "户口性质", dict_label(DICT_HUKOU, r->hukou)) < 0 || fact(b, "村（社区）", where) < 0 ||
	    fact(b, "调查结果", version) < 0 || html_raw(b, "</dl>\n</section>\n") < 0)
		goto full;
	if (survey_may_record(&req->account)) {
		char today[11], based[16], y[8];
		date_format(date_today(), today);
		snprintf(based, sizeof based, "%d", r->version);
		snprintf(y, sizeof y, "%d", year);
		const char *outcome = typed ? case_form_typed(req, "", "outcome") : survey_outcome_code(r->outcome);
		const char *date = typed ? case_form_typed(req, "", "date") : r->version ? r->visit_date : today;
		/* A first record names the village's investigator; a correction the one recorded. */
		struct survey_village v;
		if (!typed && !r->version && survey_village_get(req->db, year, r->village, scope, &v, err) < 0)
			goto out;
		const char *inv = typed        ? case_form_typed(req, "", "investigator")
		                  : r->version ? r->investigator
		                               : v.investigator;
		const char *oreason = typed ? case_form_reason(pr, "outcome") : "";
		json_t *answers = cur.answers ? json_loads(cur.answers, 0, NULL) : NULL;
		int fr = case_form_html(b, CF_RAW, "<section class=\"panel\">\n<h2>", CF_RAW,
		                        r->version ? "更正调查记录" : "登记调查结果", CF_RAW,
		                        "</h2>\n<form class=\"person-form\" method=\"post\" action=\"", CF_ATTR, action,
		                        CF_RAW, "\" novalidate>\n<input type=\"hidden\" name=\"version\" value=\"",
		                        CF_ATTR, based, CF_RAW, "\">", CF_END) < 0 ||
		         page_survey_hidden(req, year) < 0 || (typed && case_form_problems(b, pr) < 0) ||
		         case_form_html(b, CF_RAW,
		                        "<div class=\"field\"><label for=\"f-outcome\">调查结果<span "
		                        "class=\"required\" aria-hidden=\"true\">*</span></label>"
		                        "<select id=\"f-outcome\" name=\"outcome\" required",
		                        CF_RAW, *oreason ? " aria-invalid=\"true\" aria-describedby=\"e-outcome\"" : "",
		                        CF_RAW, "><option value=\"\">请选择</option>", CF_END) < 0;
		for (int o = SURVEY_VISITED; !fr && o <= SURVEY_DECEASED; o++)
			fr = option(b, survey_outcome_code((enum survey_outcome)o),
			            survey_outcome_label((enum survey_outcome)o), outcome) < 0;
		fr = fr || html_raw(b, "</select>") < 0 ||
		     (*oreason && case_form_html(b, CF_RAW, "<p class=\"field-error\" id=\"e-outcome\">", CF_TXT,
		                                 oreason, CF_RAW, "</p>", CF_END) < 0) ||
		     html_raw(b, "</div>\n") < 0 ||
		     text_field(b, "f-date", "date", "调查日期", date, typed ? case_form_reason(pr, "date") : "", true,
		                false, 10, "如 2025-09-10") < 0 ||
		     text_field(b, "f-investigator", "investigator", "调查员", inv,
		                typed ? case_form_reason(pr, "investigator") : "", false, false, SURVEY_NAME_MAX,
		                "不填则为本村指定的调查员") < 0 ||
		     case_form_html(b, CF_RAW, "<fieldset><legend>", CF_TXT, s.form->name, CF_RAW,
		                    "（已入户时填写）</legend>\n", CF_END) < 0;
		for (size_t i = 0; !fr && i < s.form->nfields; i++) {
			const struct program_field *f = &s.form->fields[i];
			char name[64], id[64];
			snprintf(name, sizeof name, "%s%s", CASE_FORM_PREFIX, f->key);
			snprintf(id, sizeof id, "i-%s", f->key);
			const char *stored = json_string_value(json_object_get(answers, f->key));
			const char *value = typed    ? case_form_typed(req, CASE_FORM_PREFIX, f->key)
			                    : stored ? stored
			                             : "";
			fr = case_form_field(b, f, name, id, value, typed ? case_form_reason(pr, f->key) : "",
			                     s.form->required[i]) < 0;
		}
		json_decref(answers);
		fr = fr || html_raw(b, "</fieldset>\n") < 0 ||
		     text_field(b, "f-remark", "remark", r->version ? "更正原因" : "情况说明",
		                typed ? case_form_typed(req, "", "remark") : "",
		                typed ? case_form_reason(pr, "remark") : "", r->version > 0, true, SURVEY_REMARK_MAX,
		                r->version ? "必填：为什么更正" : "未找到时必填：怎样寻找、向谁了解") < 0 ||
		     case_form_html(b, CF_RAW, "<div class=\"buttons\"><button type=\"submit\" class=\"primary\">",
		                    CF_RAW, r->version ? "保存更正" : "保存", CF_RAW,
		                    "</button></div>\n</form>\n</section>\n", CF_END) < 0;
		if (fr)
			goto full;
	}
	if (html_raw(
	        b,
	        "<section class=\"panel\">\n<h2>记录版本</h2>\n<div class=\"table-wrap\"><table class=\"list\">\n"
	        "<thead><tr><th scope=\"col\">版本</th><th scope=\"col\">调查结果</th><th scope=\"col\">调查日期</th>"
	        "<th scope=\"col\">调查员</th><th scope=\"col\">调查内容</th><th scope=\"col\">说明</th>"
	        "<th scope=\"col\">录入人</th><th scope=\"col\">录入时间</th></tr></thead>\n<tbody>\n") < 0)
		goto full;
	struct history h = {b, s.form, 0};
	if (survey_history(req->db, year, person, history_row, &h, err) < 0)
		goto out;
	if ((h.rows == 0 && html_raw(b, "<tr><td class=\"empty\" colspan=\"8\">还没有调查记录</td></tr>\n") < 0) ||
	    html_raw(b, "</tbody></table></div>\n<p "
	                "class=\"hint\">每次更正都保留为新的版本，原来的记录不会被改动。</p>\n</section>\n") < 0 ||
	    layout_end(req) < 0)
		goto full;
	rc = 0;
	goto out;
full:
	rc = error_set(err, PAGE_FULL);
out:
	free(cur.answers);
	free(r);
	survey_release(&s);
	return rc;
}

/* Changes */

static int record_post(struct request *req, int64_t person, int year, const struct registry_scope *scope,
                       struct error *err)
{
	if (!survey_may_record(&req->account))
		return forbidden(req, "您的角色不能登记调查结果。");
	struct survey s;
	int found = survey_get(req->db, year, &s, err);
	if (found <= 0)
		return found < 0 ? -1 : not_found(req);
	struct case_value *values = xcalloc(s.form->nfields ? s.form->nfields : 1, sizeof *values);
	size_t n = 0;
	for (size_t i = 0; i < s.form->nfields; i++) {
		const char *v = case_form_typed(req, CASE_FORM_PREFIX, s.form->fields[i].key);
		if (*v)
			values[n++] = (struct case_value){s.form->fields[i].key, v};
	}
	int64_t based;
	const char *vt = case_form_typed(req, "", "version");
	struct survey_entry e = {
	    .outcome = case_form_typed(req, "", "outcome"),
	    .date = case_form_typed(req, "", "date"),
	    .investigator = case_form_typed(req, "", "investigator"),
	    .values = values,
	    .nvalues = n,
	    .remark = case_form_typed(req, "", "remark"),
	    .based_on = number_parse(vt, 0, 999999, &based) ? (int)based : 0,
	};
	struct case_problems *pr = xcalloc(1, sizeof *pr);
	int64_t id;
	int version;
	struct db *w = server_writer_lock(req->server);
	int rc = survey_record(w, year, person, &e, &req->account, scope, &id, &version, pr, err);
	server_writer_unlock(req->server);
	if (rc == 2) {
		rc = not_found(req);
	} else if (rc == 1 || rc == 3) {
		rc = record_page(req, person, year, scope, true, pr, err);
	} else if (rc == 0) {
		char target[40];
		snprintf(target, sizeof target, "person:%lld", (long long)person);
		rc = audit(req, version > 1 ? "更正调查结果" : "登记调查结果", target,
		           json_pack("{s:i, s:i, s:s, s:s, s:s}", "year", year, "version", version, "outcome",
		                     e.outcome, "date", e.date, "remark", e.remark),
		           err);
		struct survey_row r;
		if (rc == 0 && (found = survey_roster_get(req->db, year, person, scope, &r, err)) < 0)
			rc = -1;
		if (rc == 0) {
			char path[80];
			snprintf(path, sizeof path, "/survey/villages/%s", found ? r.village : "");
			rc = found ? back_to(req, path, year, "record", err)
			           : back_to(req, "/survey", year, "record", err);
		}
	}
	free(pr);
	free(values);
	survey_release(&s);
	return rc;
}

static int draw_post(struct request *req, const char *division, int year, const struct registry_scope *scope,
                     struct error *err)
{
	if (!survey_may_manage(&req->account))
		return forbidden(req, "您的角色不能抽取调查底册。");
	struct case_problems *pr = xcalloc(1, sizeof *pr);
	long added = 0;
	struct db *w = server_writer_lock(req->server);
	int rc = survey_draw(w, year, division, &req->account, scope, &added, pr, err);
	server_writer_unlock(req->server);
	bool village = division_level_of(division) == DIVISION_VILLAGE;
	if (rc == 2) {
		rc = not_found(req);
	} else if (rc == 1) {
		rc = village ? village_page(req, division, year, scope, NULL, pr, err)
		             : township_page(req, division, year, scope, pr, err);
	} else if (rc == 0) {
		char target[40], path[80];
		snprintf(target, sizeof target, "division:%s", division);
		snprintf(path, sizeof path, "/survey/%s/%s", village ? "villages" : "townships", division);
		rc = audit(req, "抽取底册", target, json_pack("{s:i, s:I}", "year", year, "added", (json_int_t)added),
		           err);
		if (rc == 0)
			rc = back_to(req, path, year, "roster", err);
	}
	free(pr);
	return rc;
}

static int assign_post(struct request *req, const char *village, int year, const struct registry_scope *scope,
                       struct error *err)
{
	if (!survey_may_manage(&req->account))
		return forbidden(req, "您的角色不能指定调查员。");
	const char *account = case_form_typed(req, "", "account"), *name = case_form_typed(req, "", "name");
	struct case_problems *pr = xcalloc(1, sizeof *pr);
	struct db *w = server_writer_lock(req->server);
	int rc = survey_assign(w, year, village, account, name, &req->account, scope, pr, err);
	server_writer_unlock(req->server);
	if (rc == 2) {
		rc = not_found(req);
	} else if (rc == 1) {
		rc = village_page(req, village, year, scope, "investigator", pr, err);
	} else if (rc == 0) {
		char target[40], path[80];
		snprintf(target, sizeof target, "division:%s", village);
		snprintf(path, sizeof path, "/survey/villages/%s", village);
		rc = audit(req, "指定调查员", target,
		           json_pack("{s:i, s:s, s:s}", "year", year, "account", account, "name", name), err);
		if (rc == 0)
			rc = back_to(req, path, year, "investigator", err);
	}
	free(pr);
	return rc;
}

/* Dispatch */

int page_survey(struct request *req, struct error *err)
{
	if (!survey_may_view(&req->account))
		return forbidden(req, "您的角色不能查看残疾人基本情况调查。");
	int year = page_survey_year(req, false);
	if (year < 0)
		return 0;
	struct registry_scope scope;
	registry_scope_of(&req->account, &scope);
	const char *rest = req->path + strlen("/survey");
	char code[13];
	int64_t id;
	if (!*rest) {
		/* A village investigator works in one village: the roster is the page. */
		if (req->account.role == ROLE_VILLAGE && division_level_of(req->account.division) == DIVISION_VILLAGE) {
			char location[80];
			snprintf(location, sizeof location, "/survey/villages/%s?year=%d", req->account.division, year);
			return auth_redirect(req, location, err);
		}
		return overview(req, year, NULL, err);
	}
	const char *s = rest;
	if (strncmp(s, "/townships/", 11) == 0 && (s += 11, path_code(&s, DIVISION_TOWNSHIP, code))) {
		if (!*s)
			return township_page(req, code, year, &scope, NULL, err);
		if (strcmp(s, "/checks") == 0)
			return page_survey_checks(req, code, year, &scope, err);
	} else if (strncmp(rest, "/villages/", 10) == 0 && (s = rest + 10, path_code(&s, DIVISION_VILLAGE, code)) &&
	           !*s) {
		return village_page(req, code, year, &scope, NULL, NULL, err);
	} else if (strncmp(rest, "/records/", 9) == 0 && (s = rest + 9, path_id(&s, &id)) && !*s) {
		return record_page(req, id, year, &scope, false, NULL, err);
	} else if (strncmp(rest, "/checks/", 8) == 0 && (s = rest + 8, path_id(&s, &id)) && !*s) {
		return page_survey_check(req, id, &scope, err);
	}
	return not_found(req);
}

int page_survey_post(struct request *req, struct error *err)
{
	if (!survey_may_view(&req->account))
		return forbidden(req, "您的角色不能查看残疾人基本情况调查。");
	if (strcmp(req->path, "/survey/open") == 0)
		return open_post(req, err);
	int year = page_survey_year(req, true);
	if (year < 0)
		return 0;
	struct registry_scope scope;
	registry_scope_of(&req->account, &scope);
	const char *rest = req->path + strlen("/survey");
	const char *s = rest;
	char code[13];
	int64_t id;
	if (strncmp(s, "/townships/", 11) == 0 && (s += 11, path_code(&s, DIVISION_TOWNSHIP, code))) {
		if (strcmp(s, "/roster") == 0)
			return draw_post(req, code, year, &scope, err);
		if (strcmp(s, "/checks") == 0)
			return page_survey_checks_post(req, code, year, &scope, err);
	} else if (strncmp(rest, "/villages/", 10) == 0 && (s = rest + 10, path_code(&s, DIVISION_VILLAGE, code))) {
		if (strcmp(s, "/roster") == 0)
			return draw_post(req, code, year, &scope, err);
		if (strcmp(s, "/investigator") == 0)
			return assign_post(req, code, year, &scope, err);
	} else if (strncmp(rest, "/records/", 9) == 0 && (s = rest + 9, path_id(&s, &id)) && !*s) {
		return record_post(req, id, year, &scope, err);
	} else if (strncmp(rest, "/checks/", 8) == 0 && (s = rest + 8, path_id(&s, &id)) && strcmp(s, "/verify") == 0) {
		return page_survey_check_post(req, id, &scope, err);
	}
	return not_found(req);
}
