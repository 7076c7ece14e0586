#include "web/page-cases.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/date.h"
#include "base/mask.h"
#include "base/msg.h"
#include "base/number.h"
#include "base/stamp.h"
#include "base/utf8.h"
#include "base/xalloc.h"
#include "domain/case-report.h"
#include "domain/case.h"
#include "domain/dict.h"
#include "domain/division.h"
#include "domain/objection.h"
#include "domain/registry.h"
#include "domain/report.h"
#include "io/table.h"
#include "web/auth.h"
#include "web/case-files.h"
#include "web/case-form.h"
#include "web/case-pdf.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/pdf-doc.h"

#define PAGE_FULL "case page too large"
#define XLSX_TYPE "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

/* The working list */

/* The list's arguments: the valid ones as given (for links and the form). */
enum {
	A_YEAR,
	A_TOWNSHIP,
	A_STAGE,
	A_REACHED,
	A_DUE_STAGE,
	A_DUE,
	A_BY,
	A_VALUE,
	A_PAGE,
	A_PER_PAGE,
	/* The village and the person's attributes, as the registry list takes them (统计报表's links). */
	A_VILLAGE,
	A_CATEGORY,
	A_GRADE,
	A_HUKOU,
	A_SEX,
	A_AGE_GROUP,
	A_AGE_ON,
	A_STATUS,
	/* The cases over the year's target (超出目标), a figure of the annual report: with 到达过的阶段 (domain/report). */
	A_OVER,
	A__MAX
};
static const char *const arg_names[A__MAX] = {"year",	  "township", "stage", "reached", "due_stage", "due",
					      "by",	  "value",    "page",  "per_page", "village",  "category",
					      "grade",	  "hukou",    "sex",   "age_group", "age_on",   "status", "over_target"};

struct clist {
	struct request *req;
	struct buf *b;
	const struct program *p;
	struct case_query q;
	const char *args[A__MAX];
	bool ignored;
	bool no_target; /* over_target asked where no target applies (domain/report) */
	long rows;
	long today; /* days */
	struct table_writer *w; /* the export */
	struct plist *print;    /* the printed list (cases.pdf) */
};

static bool is_scheduled(const struct program *p, const char *key)
{
	int i = program_stage_index(p, key);
	return i >= 0 && *p->stages[i].anchor;
}

/* Reads the arguments into l->q; a value that is not valid is left out (l->ignored). */
static void list_args(struct clist *l)
{
	struct case_query *q = &l->q;
	memset(q, 0, sizeof *q);
	case_scope_of(&l->req->account, &q->scope);
	snprintf(q->program, sizeof q->program, "%s", l->p->code);
	q->year = date_today().year;
	q->today = date_today();
	q->page = 1;
	q->per_page = 20;
	/* The person's filters are read as the registry reads them, with its messages and bounds. */
	struct registry_query rq;
	registry_query_init(&rq, &l->req->account);
	for (int i = 0; i < A__MAX; i++) {
		const char *v = request_arg(l->req, arg_names[i]);
		if (!v || !*v)
			continue;
		bool ok = false;
		int64_t n;
		size_t len = strlen(v);
		switch (i) {
		case A_YEAR:
			if ((ok = case_form_year(v) > 0))
				q->year = case_form_year(v);
			break;
		case A_TOWNSHIP:
			if ((ok = len == 12 && strspn(v, "0123456789") == 12 && division_level_of(v) == DIVISION_TOWNSHIP))
				snprintf(q->township, sizeof q->township, "%s", v);
			break;
		case A_STAGE:
			if ((ok = program_stage_index(l->p, v) >= 0))
				snprintf(q->stage, sizeof q->stage, "%s", v);
			break;
		case A_REACHED:
			ok = program_stage_index(l->p, v) >= 0;
			break;
		case A_DUE_STAGE:
			if ((ok = is_scheduled(l->p, v)))
				snprintf(q->due_stage, sizeof q->due_stage, "%s", v);
			break;
		case A_DUE:
			ok = true;
			if (strcmp(v, "upcoming") == 0)
				q->due = CASE_DUE_UPCOMING;
			else if (strcmp(v, "overdue") == 0)
				q->due = CASE_DUE_OVERDUE;
			else if (strcmp(v, "done") == 0)
				q->due = CASE_DUE_DONE;
			else
				ok = false;
			break;
		case A_BY:
			/* A breakdown of the definition (按手术医院 ...): its lines are working lists too. */
			for (size_t k = 0; k < l->p->nbreakdowns && !ok; k++)
				if (strcmp(l->p->breakdowns[k].key, v) == 0) {
					ok = true;
					snprintf(q->by_stage, sizeof q->by_stage, "%s", l->p->stages[l->p->breakdowns[k].stage].key);
					snprintf(q->by_field, sizeof q->by_field, "%s", l->p->breakdowns[k].field);
				}
			break;
		case A_VALUE:
			if ((ok = len < sizeof q->by_value && !utf8_has_control(v)))
				snprintf(q->by_value, sizeof q->by_value, "%s", v);
			break;
		case A_PAGE:
			if ((ok = number_parse(v, 1, 999999999, &n)))
				q->page = (long)n;
			break;
		case A_PER_PAGE:
			/* The sizes the pager offers. */
			if ((ok = number_parse(v, 10, 100, &n) && (n == 10 || n == 20 || n == 50 || n == 100)))
				q->per_page = (int)n;
			break;
		case A_OVER:
			ok = strcmp(v, "1") == 0 && request_arg(l->req, "reached");
			break;
		default:
			ok = registry_query_arg(&rq, arg_names[i], v) == 0;
			break;
		}
		if (ok)
			l->args[i] = v;
		else
			l->ignored = true;
	}
	memcpy(q->village, rq.village, sizeof q->village);
	q->categories = rq.categories;
	q->grades = rq.grades;
	q->hukou = rq.hukou;
	q->sex = rq.sex;
	q->status = rq.status;
	registry_age_bounds(rq.age, rq.age_on.year ? rq.age_on : q->today, q->born_after, q->born_by);
	/* A breakdown without a value lists everyone: "by" alone says nothing. */
	if (!l->args[A_VALUE] || !l->args[A_BY]) {
		q->by_stage[0] = q->by_field[0] = q->by_value[0] = '\0';
		l->args[A_BY] = l->args[A_VALUE] = NULL;
	}
	l->today = date_to_days(q->today);
}

static const char *arg(const struct clist *l, int i)
{
	return l->args[i] ? l->args[i] : "";
}

/* The list's URL with its arguments, where argument i1 (and i2) take v1 (v2), "" dropping them. */
static int list_href(struct clist *l, const char *path_rest, int i1, const char *v1, int i2, const char *v2)
{
	char base[80];
	snprintf(base, sizeof base, "/projects/%s/cases%s", l->p->code, path_rest);
	if (html_attr(l->b, base) < 0)
		return -1;
	bool first = true;
	for (int i = 0; i < A__MAX; i++) {
		const char *v = i == i1 ? v1 : i == i2 ? v2 : l->args[i];
		if (!v || !*v)
			continue;
		if (case_form_html(l->b, CF_RAW, first ? "?" : "&amp;", CF_RAW, arg_names[i], CF_RAW, "=", CF_URL, v,
				   CF_END) < 0)
			return -1;
		first = false;
	}
	return 0;
}

static int option(struct buf *b, const char *value, const char *label, const char *current)
{
	return case_form_html(b, CF_RAW, "<option value=\"", CF_ATTR, value, CF_RAW,
			      strcmp(value, current) == 0 ? "\" selected>" : "\">", CF_TXT, label, CF_RAW, "</option>",
			      CF_END);
}

static int select_open(struct buf *b, const char *name, const char *label, const char *all)
{
	return case_form_html(b, CF_RAW, "<div class=\"field inline\"><label for=\"f-", CF_RAW, name, CF_RAW, "\">",
			      CF_TXT, label, CF_RAW, "</label><select id=\"f-", CF_RAW, name, CF_RAW, "\" name=\"", CF_RAW,
			      name, CF_RAW, "\"><option value=\"\">", CF_TXT, all, CF_RAW, "</option>", CF_END);
}

struct town_options {
	struct buf *b;
	const char *current;
	int rc;
};

static void town_option(void *ctx, const char *code, const char *name)
{
	struct town_options *o = ctx;
	if (o->rc == 0 && option(o->b, code, name, o->current) < 0)
		o->rc = -1;
}

/* -1 page full, -2 database error. */
static int query_form(struct clist *l, struct error *err)
{
	struct buf *b = l->b;
	const struct program *p = l->p;
	char action[80], year[8];
	snprintf(action, sizeof action, "/projects/%s/cases", p->code);
	snprintf(year, sizeof year, "%d", l->q.year);
	if (case_form_html(b, CF_RAW, "<form class=\"query panel\" method=\"get\" action=\"", CF_ATTR, action, CF_RAW,
			   "\" role=\"search\">\n<div class=\"field inline\"><label for=\"f-year\">年度</label><input id=\"f-year\" "
			   "name=\"year\" type=\"text\" inputmode=\"numeric\" maxlength=\"4\" size=\"5\" value=\"",
			   CF_ATTR, year, CF_RAW, "\"></div>\n", CF_END) < 0 ||
	    select_open(b, "township", "乡镇", "全部") < 0)
		return -1;
	struct town_options o = {b, arg(l, A_TOWNSHIP), 0};
	if (registry_divisions(l->req->db, &l->q.scope, "", DIVISION_TOWNSHIP, town_option, &o, err) < 0)
		return -2;
	if (o.rc < 0 || html_raw(b, "</select></div>\n") < 0 || select_open(b, "stage", "当前阶段", "全部") < 0)
		return -1;
	for (size_t i = 0; i < p->nstages; i++)
		if (option(b, p->stages[i].key, p->stages[i].label, arg(l, A_STAGE)) < 0)
			return -1;
	if (html_raw(b, "</select></div>\n") < 0 || select_open(b, "reached", "到达过的阶段", "不限") < 0)
		return -1;
	for (size_t i = 0; i < p->nstages; i++)
		if (option(b, p->stages[i].key, p->stages[i].label, arg(l, A_REACHED)) < 0)
			return -1;
	if (html_raw(b, "</select></div>\n") < 0 || select_open(b, "hukou", "户口性质", "不限") < 0 ||
	    option(b, "1", "城镇", arg(l, A_HUKOU)) < 0 || option(b, "2", "农村", arg(l, A_HUKOU)) < 0 ||
	    html_raw(b, "</select></div>\n") < 0 ||
	    (l->args[A_OVER] && html_raw(b, "<input type=\"hidden\" name=\"over_target\" value=\"1\">\n") < 0) ||
	    select_open(b, "due_stage", "随访项", "全部随访") < 0)
		return -1;
	for (size_t i = 0; i < p->nstages; i++)
		if (*p->stages[i].anchor && option(b, p->stages[i].key, p->stages[i].label, arg(l, A_DUE_STAGE)) < 0)
			return -1;
	if (html_raw(b, "</select></div>\n") < 0 || select_open(b, "due", "随访状态", "不按随访") < 0 ||
	    option(b, "upcoming", "待办", arg(l, A_DUE)) < 0 || option(b, "overdue", "逾期", arg(l, A_DUE)) < 0 ||
	    option(b, "done", "已完成", arg(l, A_DUE)) < 0 || html_raw(b, "</select></div>\n") < 0)
		return -1;
	if (p->nbreakdowns) {
		if (select_open(b, "by", "分项", "不限") < 0)
			return -1;
		for (size_t i = 0; i < p->nbreakdowns; i++)
			if (option(b, p->breakdowns[i].key, p->breakdowns[i].label, arg(l, A_BY)) < 0)
				return -1;
		if (case_form_html(b, CF_RAW, "</select></div>\n<div class=\"field inline\"><label for=\"f-value\">分项的值</label>"
					     "<input id=\"f-value\" name=\"value\" type=\"text\" maxlength=\"60\" value=\"",
				   CF_ATTR, arg(l, A_VALUE), CF_RAW, "\" placeholder=\"如 县人民医院\"></div>\n", CF_END) < 0)
			return -1;
	}
	if (l->args[A_PER_PAGE] && case_form_html(b, CF_RAW, "<input type=\"hidden\" name=\"per_page\" value=\"", CF_ATTR,
						  arg(l, A_PER_PAGE), CF_RAW, "\">", CF_END) < 0)
		return -1;
	/* The person's filters a statistics link gave are kept by a new search (person_note says them). */
	for (int i = A_VILLAGE; i <= A_STATUS; i++)
		if (l->args[i] && case_form_html(b, CF_RAW, "<input type=\"hidden\" name=\"", CF_RAW, arg_names[i], CF_RAW,
						 "\" value=\"", CF_ATTR, l->args[i], CF_RAW, "\">", CF_END) < 0)
			return -1;
	return case_form_html(b, CF_RAW, "<div class=\"buttons\"><button type=\"submit\" class=\"primary\">搜索</button>"
				     "<a class=\"btn secondary\" href=\"", CF_ATTR, action, CF_RAW, "\">重置</a></div>\n</form>\n",
			      CF_END);
}

/* The labels of a list of dictionary codes ("1,4": "视力、肢体"; 0 未持证) into out. */
static void codes_text(enum dict_type type, const char *codes, char *out, size_t size)
{
	size_t n = 0;
	out[0] = '\0';
	for (const char *p = codes; *p && n < size; p++) {
		if (*p < '0' || *p > '9')
			continue;
		const char *label = *p == '0' ? "未持证" : dict_label(type, *p - '0');
		n += (size_t)snprintf(out + n, size - n, "%s%s", n ? "、" : "", label ? label : "?");
	}
}

/*
 * The person's filters of the list (from a statistics link), said in
 * words, with a link to the list without them. -1 page full, -2 error.
 */
static int person_note(struct clist *l, struct error *err)
{
	struct buf *b = l->b;
	bool any = false;
	for (int i = A_VILLAGE; i <= A_STATUS; i++)
		any = any || (l->args[i] && i != A_AGE_ON);
	if (!any)
		return 0;
	if (html_raw(b, "<p class=\"notice info\" role=\"status\">另按人员条件筛选：") < 0)
		return -1;
	bool first = true;
	for (int i = A_VILLAGE; i <= A_STATUS; i++) {
		if (!l->args[i] || i == A_AGE_ON)
			continue;
		char text[200];
		const char *what = "";
		switch (i) {
		case A_VILLAGE: {
			struct division d;
			int found = division_find(l->req->db, l->args[i], &d, err);
			if (found < 0)
				return -2;
			what = "村（社区）";
			snprintf(text, sizeof text, "%s", found ? d.name : l->args[i]);
			break;
		}
		case A_CATEGORY:
		case A_GRADE:
			what = i == A_CATEGORY ? "残疾类别" : "残疾等级";
			codes_text(i == A_CATEGORY ? DICT_CATEGORY : DICT_GRADE, l->args[i], text, sizeof text);
			break;
		case A_HUKOU:
		case A_SEX:
		case A_STATUS:
			what = i == A_HUKOU ? "户口性质" : i == A_SEX ? "性别" : "人员状态";
			codes_text(i == A_HUKOU ? DICT_HUKOU : i == A_SEX ? DICT_SEX : DICT_STATUS, l->args[i], text, sizeof text);
			break;
		default: /* A_AGE_GROUP */
			what = "年龄段";
			snprintf(text, sizeof text, "%s岁（%s的周岁）", l->args[i], l->args[A_AGE_ON] ? l->args[A_AGE_ON] : "今天");
			break;
		}
		if (case_form_html(b, CF_RAW, first ? "" : "；", CF_TXT, what, CF_RAW, " ", CF_TXT, text, CF_END) < 0)
			return -1;
		first = false;
	}
	/* The same list without them. */
	char base[80];
	snprintf(base, sizeof base, "/projects/%s/cases", l->p->code);
	if (html_raw(b, "。<a href=\"") < 0 || html_attr(b, base) < 0)
		return -1;
	first = true;
	for (int i = 0; i < A_VILLAGE; i++) {
		if (!l->args[i] || i == A_PAGE)
			continue;
		if (case_form_html(b, CF_RAW, first ? "?" : "&amp;", CF_RAW, arg_names[i], CF_RAW, "=", CF_URL, l->args[i],
				   CF_END) < 0)
			return -1;
		first = false;
	}
	return html_raw(b, "\">去掉人员条件</a></p>\n");
}

/* The due state of a row as text: "逾期12天", "待办（3天后）", "已完成 2025-05-02". */
static void due_text(const struct clist *l, const struct case_row *r, char *out, size_t size)
{
	struct date due;
	if (*r->done_date) {
		snprintf(out, size, "已完成 %s", r->done_date);
	} else if (date_parse(r->due_date, &due) == 0) {
		long d = date_to_days(due) - l->today;
		if (d < 0)
			snprintf(out, size, "逾期%ld天", -d);
		else if (d == 0)
			snprintf(out, size, "今天到期");
		else
			snprintf(out, size, "待办（%ld天后）", d);
	} else {
		snprintf(out, size, "—");
	}
}

static bool about_dues(const struct clist *l)
{
	return l->q.due != CASE_DUE_ANY && !l->args[A_REACHED];
}

static int list_row(void *ctx, const struct case_row *r, struct error *err)
{
	struct clist *l = ctx;
	struct buf *b = l->b;
	char href[40];
	snprintf(href, sizeof href, "/cases/%lld", (long long)r->c.id);
	l->rows++;
	if (case_form_html(b, CF_RAW, "<tr><td><a href=\"", CF_ATTR, href, CF_RAW, "\">", CF_TXT, r->c.person_name, CF_RAW,
			   "</a></td><td class=\"mono\">", CF_TXT, r->c.file_no, CF_RAW, "</td><td>", CF_TXT, r->c.township_name,
			   CF_RAW, "</td><td>", CF_TXT, r->c.village_name, CF_RAW, "</td><td>", CF_RAW,
			   r->c.open ? "<span class=\"tag info\">" : "<span class=\"tag\">", CF_TXT,
			   case_form_stage_label(l->p, r->c.stage), CF_RAW, "</span></td><td>", CF_TXT, r->c.stage_date, CF_RAW,
			   "</td>", CF_END) < 0)
		return error_set(err, PAGE_FULL);
	if (about_dues(l)) {
		char state[64];
		due_text(l, r, state, sizeof state);
		bool overdue = !*r->done_date && strncmp(state, "逾期", strlen("逾期")) == 0;
		if (case_form_html(b, CF_RAW, "<td>", CF_TXT, case_form_stage_label(l->p, r->due_stage), CF_RAW, "</td><td>",
				   CF_TXT, r->due_date, CF_RAW, "</td><td>", CF_RAW,
				   overdue ? "<span class=\"tag danger\">" : *r->done_date ? "<span class=\"tag ok\">" : "<span class=\"tag warn\">",
				   CF_TXT, state, CF_RAW, "</span></td>", CF_END) < 0)
			return error_set(err, PAGE_FULL);
	}
	return html_raw(b, "</tr>\n") < 0 ? error_set(err, PAGE_FULL) : 0;
}

static int run_query(struct clist *l, int (*fn)(void *ctx, const struct case_row *r, struct error *err), long *total,
		     struct error *err)
{
	if (l->args[A_REACHED] && (l->args[A_HUKOU] || l->args[A_OVER])) {
		struct report_case_query rq = {.scope = l->q.scope, .p = l->p, .year = l->q.year, .over = l->args[A_OVER] != NULL,
					       .hukou = l->args[A_HUKOU] ? l->args[A_HUKOU][0] - '0' : 0,
					       .page = l->q.page, .per_page = l->q.per_page};
		snprintf(rq.stage, sizeof rq.stage, "%s", l->args[A_REACHED]);
		snprintf(rq.township, sizeof rq.township, "%s", l->q.township);
		int rc = report_cases(l->req->db, &rq, fn, l, total, err);
		l->no_target = rc == 1;
		return rc < 0 ? -1 : 0;
	}
	if (l->args[A_REACHED])
		return case_report_reached(l->req->db, &l->q, l->args[A_REACHED], fn, l, total, err);
	return case_search(l->req->db, &l->q, fn, l, total, err);
}

static int pager(struct clist *l, long total)
{
	struct buf *b = l->b;
	long pages = total ? (total + l->q.per_page - 1) / l->q.per_page : 1, cur = l->q.page;
	char text[64];
	snprintf(text, sizeof text, "共 %ld 条", total);
	if (case_form_html(b, CF_RAW, "<nav class=\"pager\" aria-label=\"分页\">\n<span class=\"total\">", CF_TXT, text,
			   CF_RAW, "</span>\n<ul>", CF_END) < 0)
		return -1;
	for (long p = 1; p <= pages; p++) {
		if (p != 1 && p != pages && (p < cur - 2 || p > cur + 2))
			continue;
		snprintf(text, sizeof text, "%ld", p);
		if (p == cur) {
			if (case_form_html(b, CF_RAW, "<li><span class=\"current\" aria-current=\"page\">", CF_TXT, text, CF_RAW,
					   "</span></li>", CF_END) < 0)
				return -1;
		} else if (html_raw(b, "<li><a href=\"") < 0 || list_href(l, "", A_PAGE, p > 1 ? text : "", -1, NULL) < 0 ||
			   case_form_html(b, CF_RAW, "\">", CF_TXT, text, CF_RAW, "</a></li>", CF_END) < 0) {
			return -1;
		}
	}
	return html_raw(b, "</ul>\n</nav>\n");
}

int page_cases_list(struct request *req, const struct program *p, struct error *err)
{
	struct clist *l = xcalloc(1, sizeof *l);
	l->req = req;
	l->b = &req->res.body;
	l->p = p;
	list_args(l);
	struct buf *b = l->b;
	int rc = -1, fr;
	long total = 0;
	char title[200], back[80];
	snprintf(title, sizeof title, "%s · 案例清单", p->name);
	snprintf(back, sizeof back, "/projects/%s?year=%d", p->code, l->q.year);
	if (layout_begin(req, title, "/projects") < 0 ||
	    case_form_html(b, CF_RAW, "<p class=\"toolbar\"><a href=\"", CF_ATTR, back, CF_RAW, "\">返回项目</a></p>\n",
			   CF_END) < 0 ||
	    (fr = query_form(l, err)) == -1) {
		rc = error_set(err, PAGE_FULL);
		goto out;
	}
	if (fr == -2 || (fr = person_note(l, err)) == -2)
		goto out;
	if (fr == -1) {
		rc = error_set(err, PAGE_FULL);
		goto out;
	}
	if ((l->ignored && html_raw(b, "<p class=\"notice warn\" role=\"status\">部分查询条件的取值无效，已忽略。</p>\n") < 0) ||
	    (l->args[A_REACHED] && html_raw(b, "<p class=\"muted\">按“到达过的阶段”列出，不论现在处于哪个阶段（当前阶段和随访条件不起作用）。</p>\n") < 0) ||
	    (l->args[A_OVER] && html_raw(b, "<p class=\"notice\" role=\"status\">超出目标的人员：按到达该阶段的先后（日期相同的按录入先后）排在年度目标数之后的人员，即汇报材料中“超额完成”的人数。</p>\n") < 0) ||
	    html_raw(b, "<div class=\"toolbar\"><a class=\"btn\" href=\"") < 0 ||
	    list_href(l, "/export", A_PAGE, "", A_PER_PAGE, "") < 0 ||
	    html_raw(b, "\">导出 Excel</a> <a class=\"btn secondary\" href=\"") < 0 ||
	    list_href(l, ".pdf", A_PAGE, "", A_PER_PAGE, "") < 0 ||
	    html_raw(b, "\">打印PDF</a> <span class=\"muted\">导出或打印当前查询条件下的全部案例（打印的名单带签名栏，按输送批次查询即为病源输送名单）</span></div>\n"
			"<div class=\"table-wrap\"><table class=\"list\">\n<thead><tr><th scope=\"col\">姓名</th>"
			"<th scope=\"col\">档案号</th><th scope=\"col\">乡镇</th><th scope=\"col\">村（社区）</th>"
			"<th scope=\"col\">当前阶段</th><th scope=\"col\">阶段日期</th>") < 0 ||
	    (about_dues(l) && html_raw(b, "<th scope=\"col\">随访项</th><th scope=\"col\">应办日期</th><th scope=\"col\">状态</th>") < 0) ||
	    html_raw(b, "</tr></thead>\n<tbody>\n") < 0) {
		rc = error_set(err, PAGE_FULL);
		goto out;
	}
	if (run_query(l, list_row, &total, err) < 0)
		goto out;
	if ((l->args[A_OVER] && html_raw(b, l->no_target ? "<tr><td colspan=\"6\" class=\"empty\">没有适用的年度目标，无法列出超出目标的人员</td></tr>\n"
							 : "") < 0) ||
	    (l->rows == 0 && !l->no_target && case_form_html(b, CF_RAW, "<tr><td class=\"empty\" colspan=\"", CF_RAW, about_dues(l) ? "9" : "6",
					    CF_RAW, "\">暂无符合条件的案例</td></tr>\n", CF_END) < 0) ||
	    html_raw(b, "</tbody>\n</table></div>\n") < 0 || pager(l, total) < 0 || layout_end(req) < 0) {
		rc = error_set(err, PAGE_FULL);
		goto out;
	}
	rc = 0;
out:
	free(l);
	return rc;
}

static int export_row(void *ctx, const struct case_row *r, struct error *err)
{
	struct clist *l = ctx;
	char state[64] = "";
	if (*r->due_date)
		due_text(l, r, state, sizeof state);
	const char *cells[] = {r->c.person_name, r->c.file_no, r->c.township_name, r->c.village_name,
			       case_form_stage_label(l->p, r->c.stage), r->c.stage_date,
			       *r->due_stage ? case_form_stage_label(l->p, r->due_stage) : "", r->due_date, state};
	l->rows++;
	return table_writer_row(l->w, cells, err);
}

int page_cases_export(struct request *req, const struct program *p, struct error *err)
{
	struct clist *l = xcalloc(1, sizeof *l);
	l->req = req;
	l->b = &req->res.body;
	l->p = p;
	list_args(l);
	static const struct table_column cols[] = {
	    {"姓名", XLSX_TEXT, 10},	 {"档案号", XLSX_TEXT, 16},   {"乡镇", XLSX_TEXT, 14},
	    {"村（社区）", XLSX_TEXT, 14}, {"当前阶段", XLSX_TEXT, 12}, {"阶段日期", XLSX_DATE, 12},
	    {"随访项", XLSX_TEXT, 12},	 {"应办日期", XLSX_DATE, 12}, {"随访状态", XLSX_TEXT, 16},
	};
	char what[200], title[280];
	snprintf(what, sizeof what, "%s%d年度案例清单", p->name, l->q.year);
	table_title(title, sizeof title, what);
	struct table_sheet sheet = {"案例清单", title, cols, 9, false};
	char path[64];
	snprintf(path, sizeof path, "/tmp/huimin-XXXXXX.xlsx");
	int fd = mkstemps(path, 5), rc = -1;
	if (fd < 0) {
		free(l);
		return error_set(err, "cannot make a temporary file");
	}
	close(fd);
	if (table_writer_begin(&l->w, path, &sheet, err) < 0) {
		unlink(path);
		free(l);
		return -1;
	}
	/* Every page of the list, 100 at a time. */
	l->q.per_page = 100;
	long total = 0;
	for (l->q.page = 1;; l->q.page++) {
		long before = l->rows;
		if (run_query(l, export_row, &total, err) < 0)
			goto fail;
		if (l->rows >= total || l->rows == before)
			break;
	}
	rc = table_writer_close(l->w, err);
	l->w = NULL;
	if (rc < 0)
		goto fail;
	char target[64], detail[64], name[200];
	snprintf(target, sizeof target, "program:%s", p->code);
	snprintf(detail, sizeof detail, "{\"rows\":%ld}", l->rows);
	snprintf(name, sizeof name, "%s案例清单%d.xlsx", p->name, l->q.year);
	if (auth_audit(req, "民生工程", "导出", target, detail, "成功", err) < 0 ||
	    response_download(req, path, XLSX_TYPE, name, err) < 0)
		goto fail;
	free(l);
	return 0;
fail:
	if (l->w) {
		struct error ignored = ERROR_INIT; /* the first error is the one reported */
		(void)!table_writer_close(l->w, &ignored);
	}
	unlink(path);
	free(l);
	return -1;
}

/* The list printed (cases.pdf): the persons of the filter with a column to sign, 病源输送名单 when filtered to a batch. */

struct plist {
	struct case_file *rows;
	size_t n, cap;
};

static int print_collect(void *ctx, const struct case_row *r, struct error *err)
{
	(void)err;
	struct clist *l = ctx;
	struct plist *pl = l->print;
	if (pl->n == pl->cap) {
		pl->cap = pl->cap ? 2 * pl->cap : 256;
		pl->rows = xrealloc(pl->rows, pl->cap * sizeof *pl->rows);
	}
	pl->rows[pl->n++] = r->c;
	l->rows++;
	return 0;
}

/* The filter in words, for the title and the line under it. */
static void print_title(const struct clist *l, const char *township_name, char *title, size_t tsize, char *line,
			size_t lsize)
{
	const struct program *p = l->p;
	char by[400] = "", state[300] = "";
	if (l->args[A_BY]) {
		for (size_t k = 0; k < p->nbreakdowns; k++)
			if (strcmp(p->breakdowns[k].key, l->args[A_BY]) == 0) {
				const char *label = p->breakdowns[k].label;
				if (strncmp(label, "按", strlen("按")) == 0)
					label += strlen("按");
				snprintf(by, sizeof by, "%s“%s”", label, l->args[A_VALUE]);
			}
	}
	if (l->args[A_REACHED])
		snprintf(state, sizeof state, "到达过“%s”的", case_form_stage_label(p, l->args[A_REACHED]));
	else if (l->args[A_STAGE])
		snprintf(state, sizeof state, "“%s”", case_form_stage_label(p, l->args[A_STAGE]));
	snprintf(title, tsize, "%s%d年度%s%s%s名单", township_name, l->q.year, p->name, state, by);
	size_t n = (size_t)snprintf(line, lsize, "年度：%d　乡镇：%s", l->q.year, *township_name ? township_name : "全部");
	if (n < lsize && l->args[A_STAGE])
		n += (size_t)snprintf(line + n, lsize - n, "　当前阶段：%s", case_form_stage_label(p, l->args[A_STAGE]));
	if (n < lsize && l->args[A_REACHED])
		n += (size_t)snprintf(line + n, lsize - n, "　到达过的阶段：%s", case_form_stage_label(p, l->args[A_REACHED]));
	if (n < lsize && about_dues(l))
		n += (size_t)snprintf(line + n, lsize - n, "　随访：%s %s",
				      l->args[A_DUE_STAGE] ? case_form_stage_label(p, l->args[A_DUE_STAGE]) : "全部随访",
				      l->q.due == CASE_DUE_UPCOMING  ? "待办"
				      : l->q.due == CASE_DUE_OVERDUE ? "逾期"
								     : "已完成");
	if (n < lsize && *by)
		snprintf(line + n, lsize - n, "　%s", by);
}

int page_cases_pdf(struct request *req, const struct program *p, struct error *err)
{
	struct clist *l = xcalloc(1, sizeof *l);
	struct plist pl = {0};
	l->req = req;
	l->b = &req->res.body;
	l->p = p;
	list_args(l);
	int rc = -1;
	char town[161] = "";
	/* A township outside the scope has no list to print (the page offers only those within). */
	if (*l->q.township) {
		if (!registry_scope_has(&l->q.scope, l->q.township) && strncmp(l->q.scope.lo, l->q.township, 9) != 0) {
			response_page(req, 404, "乡镇不存在", msg(MSG_PRINT_TOWNSHIP_NOT_FOUND));
			rc = 0;
			goto out;
		}
		struct division dv;
		int found = division_find(req->db, l->q.township, &dv, err);
		if (found < 0)
			goto out;
		if (found)
			snprintf(town, sizeof town, "%s", dv.name);
	}
	/* Every page of the list, 100 at a time, up to the limit. */
	l->print = &pl;
	l->q.per_page = 100;
	long total = 0;
	for (l->q.page = 1;; l->q.page++) {
		long before = l->rows;
		if (run_query(l, print_collect, &total, err) < 0)
			goto out;
		if (total > PDF_DOC_ROWS_MAX) {
			char text[300];
			snprintf(text, sizeof text, msg(MSG_PRINT_TOO_MANY), total, PDF_DOC_ROWS_MAX);
			response_page(req, 400, "名单过长", text);
			rc = 0;
			goto out;
		}
		if (l->rows >= total || l->rows == before)
			break;
	}
	char title[1200], line[1200];
	print_title(l, town, title, sizeof title, line, sizeof line);
	size_t len = strlen(line);
	snprintf(line + len, sizeof line - len, "　共%zu人", pl.n);
	struct pdf_doc doc;
	if (pdf_doc_open(req, &doc, title, err) < 0)
		goto out;
	pdf_landscape(doc.d, true);
	pdf_paragraph(doc.d, line);
	static const char *const heads[] = {"序号", "姓名", "性别", "年龄", "乡镇", "村（社区）", "身份证号",
					    "联系电话", "当前阶段", "阶段日期", "签名"};
	static const int widths[] = {45, 75, 45, 45, 80, 90, 160, 105, 120, 95, 140};
	pdf_table_begin(doc.d, heads, widths, 11);
	struct date today = date_today();
	for (size_t i = 0; i < pl.n; i++) {
		const struct case_file *c = &pl.rows[i];
		struct person person;
		int found = registry_get(req->db, &l->q.scope, c->person_id, &person, err);
		if (found < 0) {
			pdf_doc_discard(&doc);
			goto out;
		}
		char num[24], age[16] = "", idm[32] = "", phone[32] = "";
		const char *sex = NULL;
		snprintf(num, sizeof num, "%zu", i + 1);
		if (found) {
			sex = dict_label(DICT_SEX, person.sex);
			if (person.birth.year)
				snprintf(age, sizeof age, "%d", date_age(person.birth, today));
			mask_idcard(person.id_number, idm, sizeof idm);
			mask_phone(person.phone, phone, sizeof phone);
		}
		const char *cells[] = {num, c->person_name, sex ? sex : "", age, c->township_name, c->village_name,
				       idm, phone, case_form_stage_label(p, c->stage), c->stage_date, ""};
		pdf_table_row(doc.d, cells);
	}
	pdf_table_end(doc.d);
	if (pl.n == 0)
		pdf_paragraph(doc.d, "暂无符合条件的案例。");
	pdf_paragraph(doc.d, "经办人：＿＿＿＿＿＿　　带队人：＿＿＿＿＿＿　　接收单位（盖章）：＿＿＿＿＿＿＿＿　　日期：＿＿＿＿年＿＿月＿＿日");
	char target[64], detail[64], name[1300];
	snprintf(target, sizeof target, "program:%s", p->code);
	snprintf(detail, sizeof detail, "{\"rows\":%zu}", pl.n);
	snprintf(name, sizeof name, "%s.pdf", title);
	rc = pdf_doc_send(req, &doc, "民生工程", "打印名单", target, detail, name, err);
out:
	free(pl.rows);
	free(l);
	return rc;
}

/* A case's page */

struct casepage {
	struct request *req;
	struct buf *b;
	struct case_file c;
	const struct program *p;
	struct registry_scope scope;
	const struct program_transition *allowed[PROGRAM_LIST_MAX];
	size_t nallowed;
	int rows;
	int rc;
};

/* The case of the path within the user's case scope: 1, 0 answered 404, -1 error. */
static int find_case(struct request *req, struct casepage *cp, const char **rest, struct error *err)
{
	int64_t id;
	memset(cp, 0, sizeof *cp);
	cp->req = req;
	cp->b = &req->res.body;
	case_scope_of(&req->account, &cp->scope);
	int found = 0;
	if (request_path_id_rest(req, "/cases/", &id, rest) && (found = case_get(req->db, &cp->scope, id, &cp->c, err)) < 0)
		return -1;
	if (found > 0 && (found = program_get(req->db, cp->c.program, cp->c.version, &cp->p, err)) < 0)
		return -1;
	if (found <= 0)
		response_page(req, 404, "案例不存在", "您要查看的案例不存在，或不在您的管辖范围内。");
	return found > 0;
}

static void allowed_one(void *ctx, const struct program_transition *t)
{
	struct casepage *cp = ctx;
	if (cp->nallowed < PROGRAM_LIST_MAX)
		cp->allowed[cp->nallowed++] = t;
}

static int fact(struct buf *b, const char *label, const char *value)
{
	return case_form_html(b, CF_RAW, "<dt>", CF_TXT, label, CF_RAW, "</dt><dd>", CF_TXT, value, CF_RAW, "</dd>\n", CF_END);
}

static void due_row(void *ctx, const char *stage, const char *due_date, const char *done_date)
{
	struct casepage *cp = ctx;
	if (cp->rc < 0)
		return;
	char state[64];
	struct date due;
	bool overdue = false;
	if (*done_date)
		snprintf(state, sizeof state, "已完成 %s", done_date);
	else if (date_parse(due_date, &due) == 0 && date_to_days(due) < date_to_days(date_today()))
		overdue = true, snprintf(state, sizeof state, "逾期%ld天", date_to_days(date_today()) - date_to_days(due));
	else
		snprintf(state, sizeof state, "待办");
	cp->rows++;
	if (case_form_html(cp->b, CF_RAW, "<tr><td>", CF_TXT, case_form_stage_label(cp->p, stage), CF_RAW, "</td><td>",
			   CF_TXT, due_date, CF_RAW, "</td><td>", CF_RAW,
			   overdue ? "<span class=\"tag danger\">" : *done_date ? "<span class=\"tag ok\">" : "<span class=\"tag warn\">",
			   CF_TXT, state, CF_RAW, "</span></td></tr>\n", CF_END) < 0)
		cp->rc = -1;
}

static int event_row(void *ctx, const struct case_event *e, struct error *err)
{
	struct casepage *cp = ctx;
	struct buf *b = cp->b;
	const struct program_transition *t = case_form_transition(cp->p, e->transition);
	const char *what = t ? t->label : strcmp(e->transition, "transfer") == 0 ? "转移" : e->transition;
	char stages[300], at[STAMP_LOCAL_SIZE];
	snprintf(stages, sizeof stages, "%s → %s", *e->from_stage ? case_form_stage_label(cp->p, e->from_stage) : "（登记）",
		 case_form_stage_label(cp->p, e->to_stage));
	stamp_local(e->at, at);
	int role = role_parse(e->role);
	struct buf values = BUF_INIT(8192);
	int rc = case_form_values_text(cp->p, e->fields, &values);
	if (rc == 0)
		rc = case_form_html(b, CF_RAW, "<tr><td>", CF_TXT, e->date, CF_RAW, "</td><td>", CF_TXT, what, CF_RAW,
				    "</td><td>", CF_TXT, stages, CF_RAW, "</td><td>", CF_TXT, e->user_name, CF_RAW,
				    "</td><td>", CF_TXT, role >= 0 ? role_label((enum role)role) : e->role, CF_RAW,
				    "</td><td>", CF_TXT, buf_cstr(&values), CF_RAW, "</td><td>", CF_TXT, e->remark,
				    CF_RAW, "</td><td class=\"muted\">", CF_TXT, at, CF_RAW, "</td></tr>\n", CF_END);
	buf_release(&values);
	return rc < 0 ? error_set(err, PAGE_FULL) : 0;
}

struct village_options {
	struct buf *b;
	const char *current, *own;
	char township[13];
	int rc;
};

static void village_option(void *ctx, const char *township, const char *township_name, const char *code,
			   const char *name)
{
	struct village_options *v = ctx;
	if (v->rc < 0 || strcmp(code, v->own) == 0)
		return;
	if (strcmp(township, v->township) != 0) {
		if ((*v->township && html_raw(v->b, "</optgroup>") < 0) ||
		    case_form_html(v->b, CF_RAW, "<optgroup label=\"", CF_ATTR, township_name, CF_RAW, "\">", CF_END) < 0) {
			v->rc = -1;
			return;
		}
		snprintf(v->township, sizeof v->township, "%s", township);
	}
	if (option(v->b, code, name, v->current) < 0)
		v->rc = -1;
}

static bool may_transfer(const struct user *u)
{
	return u->role == ROLE_COUNTY_ADMIN || u->role == ROLE_COUNTY_STAFF || u->role == ROLE_TOWNSHIP;
}

/* -1 full, -2 database error. */
static int transfer_form(struct casepage *cp, bool typed, const struct case_problems *pr, struct error *err)
{
	struct request *req = cp->req;
	struct buf *b = cp->b;
	char action[48];
	snprintf(action, sizeof action, "/cases/%lld/transfer", (long long)cp->c.id);
	const char *village = typed ? case_form_typed(req, "", "village") : "";
	const char *remark = typed ? case_form_typed(req, "", "remark") : "";
	const char *vr = typed ? case_form_reason(pr, "village") : "";
	if (case_form_html(b, CF_RAW, "<section class=\"panel\">\n<h2>转移到其他村</h2>\n<form method=\"post\" action=\"", CF_ATTR,
			   action, CF_RAW, "\">", CF_END) < 0 ||
	    layout_csrf_field(req) < 0 || (typed && case_form_problems(b, pr) < 0) ||
	    case_form_html(b, CF_RAW, "<div class=\"field\"><label for=\"f-village\">转入的村（社区）<span class=\"required\" aria-hidden=\"true\">*</span></label>"
				  "<select id=\"f-village\" name=\"village\" required",
			   CF_RAW, *vr ? " aria-invalid=\"true\" aria-describedby=\"e-village\"" : "", CF_RAW,
			   "><option value=\"\">请选择</option>", CF_END) < 0)
		return -1;
	struct village_options v = {b, village, cp->c.village, "", 0};
	if (registry_villages(req->db, &cp->scope, village_option, &v, err) < 0)
		return -2;
	const char *rr = typed ? case_form_reason(pr, "remark") : "";
	if (v.rc < 0 || (*v.township && html_raw(b, "</optgroup>") < 0) || html_raw(b, "</select>") < 0 ||
	    (*vr && case_form_html(b, CF_RAW, "<p class=\"field-error\" id=\"e-village\">", CF_TXT, vr, CF_RAW, "</p>", CF_END) < 0) ||
	    case_form_html(b, CF_RAW, "</div>\n<div class=\"field\"><label for=\"f-tremark\">转移原因<span class=\"required\" aria-hidden=\"true\">*</span></label>"
				  "<textarea id=\"f-tremark\" name=\"remark\" rows=\"2\" maxlength=\"500\" required",
			   CF_RAW, *rr ? " aria-invalid=\"true\" aria-describedby=\"e-tremark\">" : ">", CF_TXT, remark, CF_RAW,
			   "</textarea>", CF_END) < 0 ||
	    (*rr && case_form_html(b, CF_RAW, "<p class=\"field-error\" id=\"e-tremark\">", CF_TXT, rr, CF_RAW, "</p>", CF_END) < 0) ||
	    html_raw(b, "</div>\n<div class=\"buttons\"><button type=\"submit\">转移</button></div>\n</form>\n</section>\n") < 0)
		return -1;
	return 0;
}

/* Whether p has a notice stage (where objections are raised). */
static bool has_notice(const struct program *p)
{
	for (size_t i = 0; i < p->nstages; i++)
		if (p->stages[i].hold)
			return true;
	return false;
}

struct objections {
	struct casepage *cp;
	int64_t open[PROGRAM_LIST_MAX];
	size_t nopen;
	int rows;
};

static int objection_row(void *ctx, const struct objection *o, struct error *err)
{
	struct objections *ob = ctx;
	struct buf *b = ob->cp->b;
	char at[STAMP_LOCAL_SIZE] = "";
	if (*o->resolved_at)
		stamp_local(o->resolved_at, at);
	ob->rows++;
	if (o->resolution == OBJECTION_OPEN && ob->nopen < PROGRAM_LIST_MAX)
		ob->open[ob->nopen++] = o->id;
	const char *tag = o->resolution == OBJECTION_OPEN	   ? "<span class=\"tag warn\">"
			  : o->resolution == OBJECTION_UPHELD ? "<span class=\"tag danger\">"
							      : "<span class=\"tag ok\">";
	char num[24];
	snprintf(num, sizeof num, "%lld", (long long)o->id);
	if (case_form_html(b, CF_RAW, "<tr><td>", CF_TXT, num, CF_RAW, "</td><td>", CF_TXT, o->raised_on, CF_RAW, "</td><td>",
			   CF_TXT, o->objector, CF_RAW, "</td><td>", CF_TXT, o->content, CF_RAW, "</td><td>", CF_TXT,
			   o->entered_by, CF_RAW, "</td><td>", CF_RAW, tag, CF_TXT, objection_resolution_label(o->resolution),
			   CF_RAW, "</span></td><td>", CF_TXT, o->resolved_on, CF_RAW, "</td><td>", CF_TXT, o->resolved_by,
			   CF_RAW, "</td><td>", CF_TXT, o->remark, CF_RAW, "</td></tr>\n", CF_END) < 0)
		return error_set(err, PAGE_FULL);
	return 0;
}

/* A labelled text input or textarea of the objection forms; reason under it. */
static int text_field(struct buf *b, const char *id, const char *name, const char *label, const char *value,
		      const char *reason, bool area, const char *maxlength)
{
	char eid[48];
	snprintf(eid, sizeof eid, "e-%s", id);
	return case_form_html(b, CF_RAW, "<div class=\"field\"><label for=\"", CF_ATTR, id, CF_RAW, "\">", CF_TXT, label,
			      CF_RAW, "<span class=\"required\" aria-hidden=\"true\">*</span></label>", CF_RAW,
			      area ? "<textarea rows=\"2\" id=\"" : "<input type=\"text\" id=\"", CF_ATTR, id, CF_RAW,
			      "\" name=\"", CF_ATTR, name, CF_RAW, "\" maxlength=\"", CF_ATTR, maxlength, CF_RAW,
			      "\" required", CF_RAW, *reason ? " aria-invalid=\"true\" aria-describedby=\"" : "", CF_ATTR,
			      *reason ? eid : "", CF_RAW, *reason ? "\"" : "", CF_RAW, area ? ">" : " value=\"", CF_ATTR,
			      area ? "" : value, CF_RAW, area ? "" : "\">", CF_TXT, area ? value : "", CF_RAW,
			      area ? "</textarea>" : "", CF_END) < 0 ||
			       (*reason && case_form_html(b, CF_RAW, "<p class=\"field-error\" id=\"", CF_ATTR, eid, CF_RAW,
							  "\">", CF_TXT, reason, CF_RAW, "</p>", CF_END) < 0) ||
			       html_raw(b, "</div>\n") < 0
		       ? -1
		       : 0;
}

/*
 * 公示异议: the objections of the case, a form to record one, a form to
 * resolve each open one. typed: "objection" or "resolve" (with the typed
 * objection id) after a refusal. -1 full, -2 database error.
 */
static int objection_section(struct casepage *cp, const char *typed, const struct case_problems *pr,
			     struct error *err)
{
	struct request *req = cp->req;
	struct buf *b = cp->b;
	struct objections ob = {.cp = cp};
	if (html_raw(b, "<section class=\"panel\" id=\"objections\">\n<h2>公示异议</h2>\n<div class=\"table-wrap\"><table class=\"list\">"
			"<thead><tr><th scope=\"col\">编号</th><th scope=\"col\">提出日期</th><th scope=\"col\">异议人</th>"
			"<th scope=\"col\">异议内容</th><th scope=\"col\">登记人</th><th scope=\"col\">处理结果</th>"
			"<th scope=\"col\">处理日期</th><th scope=\"col\">处理人</th><th scope=\"col\">处理意见</th></tr></thead>\n<tbody>\n") < 0)
		return -1;
	if (objection_list(req->db, cp->c.id, false, objection_row, &ob, err) < 0)
		return -2;
	if ((ob.rows == 0 && html_raw(b, "<tr><td class=\"empty\" colspan=\"9\">没有异议</td></tr>\n") < 0) ||
	    html_raw(b, "</tbody></table></div>\n") < 0)
		return -1;
	char action[64], today[11];
	date_format(date_today(), today);
	bool t_obj = typed && strcmp(typed, "objection") == 0, t_res = typed && strcmp(typed, "resolve") == 0;
	/* Objections answer a public notice: the form only while the case is on one. */
	int si = program_stage_index(cp->p, cp->c.stage);
	bool on_notice = si >= 0 && cp->p->stages[si].hold_days > 0;
	if (cp->c.open && on_notice && objection_may_record(&req->account)) {
		snprintf(action, sizeof action, "/cases/%lld/objections", (long long)cp->c.id);
		if (case_form_html(b, CF_RAW, "<h3>登记异议</h3>\n<form class=\"person-form\" method=\"post\" action=\"", CF_ATTR,
				   action, CF_RAW, "\" novalidate>\n", CF_END) < 0 ||
		    layout_csrf_field(req) < 0 || (t_obj && case_form_problems(b, pr) < 0) ||
		    text_field(b, "o-objector", "objector", "异议人", t_obj ? case_form_typed(req, "", "objector") : "",
			       t_obj ? case_form_reason(pr, "objector") : "", false, "30") < 0 ||
		    text_field(b, "o-content", "content", "异议内容", t_obj ? case_form_typed(req, "", "content") : "",
			       t_obj ? case_form_reason(pr, "content") : "", true, "500") < 0 ||
		    text_field(b, "o-date", "date", "提出日期", t_obj ? case_form_typed(req, "", "date") : today,
			       t_obj ? case_form_reason(pr, "date") : "", false, "10") < 0 ||
		    html_raw(b, "<div class=\"buttons\"><button type=\"submit\">登记异议</button></div>\n</form>\n") < 0)
			return -1;
	}
	if (!objection_may_resolve(&req->account))
		return html_raw(b, "</section>\n");
	snprintf(action, sizeof action, "/cases/%lld/objections/resolve", (long long)cp->c.id);
	const char *typed_id = t_res ? case_form_typed(req, "", "objection") : "";
	for (size_t i = 0; i < ob.nopen; i++) {
		char num[24], id[40], title[64];
		snprintf(num, sizeof num, "%lld", (long long)ob.open[i]);
		bool mine = t_res && strcmp(typed_id, num) == 0;
		const char *res = mine ? case_form_typed(req, "", "resolution") : "";
		snprintf(title, sizeof title, "处理异议（编号%s）", num);
		snprintf(id, sizeof id, "r%s-resolution", num);
		if (case_form_html(b, CF_RAW, "<h3>", CF_TXT, title, CF_RAW, "</h3>\n<form class=\"person-form\" method=\"post\" action=\"",
				   CF_ATTR, action, CF_RAW, "\" novalidate>\n", CF_END) < 0 ||
		    layout_csrf_field(req) < 0 || (mine && case_form_problems(b, pr) < 0) ||
		    case_form_html(b, CF_RAW, "<input type=\"hidden\" name=\"objection\" value=\"", CF_ATTR, num, CF_RAW,
				   "\"><div class=\"field\"><label for=\"", CF_ATTR, id, CF_RAW,
				   "\">处理结果<span class=\"required\" aria-hidden=\"true\">*</span></label><select id=\"", CF_ATTR, id,
				   CF_RAW, "\" name=\"resolution\">", CF_END) < 0 ||
		    option(b, "dismissed", "异议不成立（继续办理）", res) < 0 ||
		    option(b, "upheld", "异议成立（不予通过）", res) < 0 || html_raw(b, "</select></div>\n") < 0)
			return -1;
		snprintf(id, sizeof id, "r%s-date", num);
		char rid[40];
		snprintf(rid, sizeof rid, "r%s-remark", num);
		if (text_field(b, id, "date", "处理日期", mine ? case_form_typed(req, "", "date") : today,
			       mine ? case_form_reason(pr, "date") : "", false, "10") < 0 ||
		    text_field(b, rid, "remark", "处理意见（理由）", mine ? case_form_typed(req, "", "remark") : "",
			       mine ? case_form_reason(pr, "remark") : "", true, "500") < 0 ||
		    html_raw(b, "<div class=\"buttons\"><button type=\"submit\">保存处理结果</button></div>\n</form>\n") < 0)
			return -1;
	}
	return html_raw(b, "</section>\n");
}

/*
 * The page. typed_transition: the form refused (its values and reasons
 * shown), "transfer" for the transfer form, NULL for none.
 */
static int render_case(struct casepage *cp, const char *typed_transition, const struct case_problems *pr,
		       struct error *err)
{
	struct request *req = cp->req;
	struct buf *b = cp->b;
	const struct case_file *c = &cp->c;
	const struct program *p = cp->p;
	char title[300], back[80], idm[32] = "—", version[48], year[8], person_href[40];
	snprintf(title, sizeof title, "%s · %s", p->name, c->person_name);
	snprintf(back, sizeof back, "/projects/%s/cases?year=%d", p->code, c->year);
	snprintf(version, sizeof version, "第%d版定义", c->version);
	snprintf(year, sizeof year, "%d", c->year);
	snprintf(person_href, sizeof person_href, "/persons/%lld", (long long)c->person_id);
	/* The person as the case's scope sees it (hospitals see their patients, masked). */
	struct person person;
	int found = registry_get(req->db, &cp->scope, c->person_id, &person, err);
	if (found < 0)
		return -1;
	if (found)
		mask_idcard(person.id_number, idm, sizeof idm);
	const char *done = request_arg(req, "done");
	const struct program_transition *dt = done ? case_form_transition(p, done) : NULL;
	char notice[200] = "";
	if (dt)
		snprintf(notice, sizeof notice, "已保存：%s。", dt->label);
	else if (done && strcmp(done, "transfer") == 0)
		snprintf(notice, sizeof notice, "已转移。");
	else if (done && strcmp(done, "objection") == 0)
		snprintf(notice, sizeof notice, "异议已登记。");
	else if (done && strcmp(done, "resolve") == 0)
		snprintf(notice, sizeof notice, "异议已处理。");
	else if (done && strcmp(done, "file") == 0)
		snprintf(notice, sizeof notice, "扫描件已上传。");
	if (layout_begin(req, title, "/projects") < 0 ||
	    case_form_html(b, CF_RAW, "<p class=\"toolbar\"><a href=\"", CF_ATTR, back, CF_RAW, "\">返回案例清单</a></p>\n",
			   CF_END) < 0 ||
	    (*notice && case_form_html(b, CF_RAW, "<p class=\"notice ok\" role=\"status\">", CF_TXT, notice, CF_RAW, "</p>\n",
				       CF_END) < 0) ||
	    case_form_html(b, CF_RAW, "<section class=\"panel\">\n<h2>", CF_TXT, c->person_name, CF_RAW,
			   "</h2>\n<dl class=\"facts\">\n<dt>姓名</dt><dd>", CF_END) < 0 ||
	    (registry_may_edit(&req->account)
		 ? case_form_html(b, CF_RAW, "<a href=\"", CF_ATTR, person_href, CF_RAW, "\">", CF_TXT, c->person_name, CF_RAW,
				  "</a>", CF_END)
		 : html_txt(b, c->person_name)) < 0 ||
	    html_raw(b, "</dd>\n") < 0 || fact(b, "档案号", c->file_no) < 0 || fact(b, "身份证号", idm) < 0 ||
	    fact(b, "乡镇", c->township_name) < 0 || fact(b, "村（社区）", c->village_name) < 0 ||
	    fact(b, "项目", p->name) < 0 || fact(b, "定义版本", version) < 0 || fact(b, "年度", year) < 0 ||
	    case_form_html(b, CF_RAW, "<dt>当前阶段</dt><dd><span class=\"tag info\">", CF_TXT,
			   case_form_stage_label(p, c->stage), CF_RAW, "</span> ", CF_RAW,
			   c->open ? "" : "<span class=\"tag\">已结案</span>", CF_RAW, "</dd>\n", CF_END) < 0 ||
	    fact(b, "阶段日期", c->stage_date) < 0)
		return error_set(err, PAGE_FULL);
	char archive[CASE_ARCHIVE_NO_SIZE];
	if (case_archive_no(req->db, c->id, archive, err) < 0)
		return -1;
	char form_href[48];
	snprintf(form_href, sizeof form_href, "/cases/%lld/form.pdf", (long long)c->id);
	if ((*archive && fact(b, "档案编号（一人一档）", archive) < 0) || html_raw(b, "</dl>\n") < 0 ||
	    (attachment_may(&req->account) &&
	     case_form_html(b, CF_RAW, "<p class=\"toolbar\"><a href=\"", CF_ATTR, form_href, CF_RAW,
			    "\">打印申请审批表（PDF）</a></p>\n", CF_END) < 0) ||
	    html_raw(b, "</section>\n") < 0)
		return error_set(err, PAGE_FULL);
	/* Follow-ups */
	if (html_raw(b, "<section class=\"panel\">\n<h2>随访</h2>\n<div class=\"table-wrap\"><table class=\"list\"><thead><tr>"
			"<th scope=\"col\">随访项</th><th scope=\"col\">应办日期</th><th scope=\"col\">状态</th></tr></thead>\n<tbody>\n") < 0)
		return error_set(err, PAGE_FULL);
	cp->rows = 0;
	if (case_report_dues(req->db, c->id, due_row, cp, err) < 0)
		return -1;
	if (cp->rc < 0 ||
	    (cp->rows == 0 && html_raw(b, "<tr><td class=\"empty\" colspan=\"3\">暂无到期的随访</td></tr>\n") < 0) ||
	    html_raw(b, "</tbody></table></div>\n</section>\n") < 0)
		return error_set(err, PAGE_FULL);
	/* Timeline */
	if (html_raw(b, "<section class=\"panel\">\n<h2>办理记录</h2>\n<div class=\"table-wrap\"><table class=\"list\"><thead><tr>"
			"<th scope=\"col\">日期</th><th scope=\"col\">事项</th><th scope=\"col\">阶段</th><th scope=\"col\">办理人</th>"
			"<th scope=\"col\">角色</th><th scope=\"col\">填报内容</th><th scope=\"col\">备注</th><th scope=\"col\">录入时间</th>"
			"</tr></thead>\n<tbody>\n") < 0)
		return error_set(err, PAGE_FULL);
	if (case_events(req->db, c->id, event_row, cp, err) < 0)
		return -1;
	if (html_raw(b, "</tbody></table></div>\n</section>\n") < 0)
		return error_set(err, PAGE_FULL);
	/* 材料扫描件 */
	if (case_files_section(req, c, p, typed_transition && strcmp(typed_transition, "files") == 0 ? pr : NULL, err) < 0)
		return -1;
	/* 公示异议 */
	if (has_notice(p)) {
		int os = objection_section(cp, typed_transition, pr, err);
		if (os == -2)
			return -1;
		if (os < 0)
			return error_set(err, PAGE_FULL);
	}
	/* What the user may do now */
	case_allowed(p, c, &req->account, allowed_one, cp);
	char action[48];
	snprintf(action, sizeof action, "/cases/%lld/transition", (long long)c->id);
	for (size_t i = 0; i < cp->nallowed; i++) {
		const struct program_transition *t = cp->allowed[i];
		bool typed = typed_transition && strcmp(typed_transition, t->key) == 0;
		if (case_form_html(b, CF_RAW, "<section class=\"panel\">\n<h2>办理：", CF_TXT, t->label, CF_RAW,
				   "</h2>\n<form class=\"person-form\" method=\"post\" action=\"", CF_ATTR, action, CF_RAW,
				   "\" novalidate>\n", CF_END) < 0 ||
		    layout_csrf_field(req) < 0 || case_form_body(req, p, t, typed, pr) < 0 ||
		    html_raw(b, "</form>\n</section>\n") < 0)
			return error_set(err, PAGE_FULL);
	}
	if (c->open && may_transfer(&req->account)) {
		int fr = transfer_form(cp, typed_transition && strcmp(typed_transition, "transfer") == 0, pr, err);
		if (fr == -2)
			return -1;
		if (fr < 0)
			return error_set(err, PAGE_FULL);
	}
	return layout_end(req) < 0 ? error_set(err, PAGE_FULL) : 0;
}

int page_case(struct request *req, struct error *err)
{
	struct casepage *cp = xmalloc(sizeof *cp);
	const char *rest;
	int rc = find_case(req, cp, &rest, err);
	if (rc > 0) {
		int64_t fid = case_files_path_id(rest);
		if (fid) {
			rc = case_files_send(req, &cp->c, fid, false, err);
		} else if (strcmp(rest, "/form.pdf") == 0) {
			rc = case_pdf_send(req, &cp->c, cp->p, &cp->scope, false, err);
		} else if (*rest) {
			response_page(req, 404, "页面不存在", "您要访问的页面不存在，请检查网址是否正确。");
			rc = 0;
		} else {
			rc = render_case(cp, NULL, NULL, err);
		}
	}
	free(cp);
	return rc;
}

static int transition_post(struct casepage *cp, struct error *err)
{
	struct request *req = cp->req;
	const char *key = request_field(req, "transition");
	const struct program_transition *t = case_form_transition(cp->p, key);
	struct case_problems *pr = xcalloc(1, sizeof *pr);
	struct case_value values[CASE_VALUES_MAX];
	int rc = -1;
	if (!t) {
		response_page(req, 400, "提交的数据无效", "没有这项办理事项，请返回案例页面重试。");
		rc = 0;
		goto out;
	}
	size_t n = case_form_values(req, cp->p, t, CASE_FORM_PREFIX, values);
	const char *date = case_form_typed(req, "", "date"), *remark = case_form_typed(req, "", "remark");
	struct db *w = server_writer_lock(req->server);
	int r = case_transition(w, cp->c.id, t->key, date, values, n, remark, &req->account, &cp->scope, pr, err);
	server_writer_unlock(req->server);
	if (r < 0)
		goto out;
	if (r == 1) {
		rc = render_case(cp, t->key, pr, err);
		goto out;
	}
	char target[40], location[80];
	snprintf(target, sizeof target, "case:%lld", (long long)cp->c.id);
	char *detail = case_form_detail(t->key, date, values, n, remark);
	rc = auth_audit(req, "民生工程", t->label, target, detail, "成功", err);
	free(detail);
	if (rc < 0)
		goto out;
	snprintf(location, sizeof location, "/cases/%lld?done=%s", (long long)cp->c.id, t->key);
	rc = auth_redirect(req, location, err);
out:
	free(pr);
	return rc;
}

static int transfer_post(struct casepage *cp, struct error *err)
{
	struct request *req = cp->req;
	if (!may_transfer(&req->account)) {
		response_page(req, 403, "无权转移", "您的角色不能转移案例。");
		return 0;
	}
	const char *village = case_form_typed(req, "", "village"), *remark = case_form_typed(req, "", "remark");
	struct case_problems *pr = xcalloc(1, sizeof *pr);
	char from[13];
	snprintf(from, sizeof from, "%s", cp->c.village);
	struct db *w = server_writer_lock(req->server);
	int r = case_transfer(w, cp->c.id, village, remark, &req->account, &cp->scope, pr, err);
	server_writer_unlock(req->server);
	int rc = -1;
	if (r == 1) {
		rc = render_case(cp, "transfer", pr, err);
	} else if (r == 0) {
		char target[40], location[80];
		snprintf(target, sizeof target, "case:%lld", (long long)cp->c.id);
		json_t *d = json_pack("{s:s, s:s, s:s}", "from", from, "to", village, "remark", remark);
		char *detail = d ? json_dumps(d, JSON_COMPACT) : NULL;
		json_decref(d);
		rc = auth_audit(req, "民生工程", "转移", target, detail ? detail : "", "成功", err);
		free(detail);
		snprintf(location, sizeof location, "/cases/%lld?done=transfer", (long long)cp->c.id);
		if (rc == 0)
			rc = auth_redirect(req, location, err);
	}
	free(pr);
	return rc;
}

static int objection_post(struct casepage *cp, bool resolve, struct error *err)
{
	struct request *req = cp->req;
	struct case_problems *pr = xcalloc(1, sizeof *pr);
	const char *date = case_form_typed(req, "", "date");
	int64_t oid = 0;
	int r, rc = -1;
	if (resolve) {
		const char *idtext = case_form_typed(req, "", "objection");
		size_t len = strlen(idtext);
		if (len == 0 || len > 18 || strspn(idtext, "0123456789") != len) {
			response_page(req, 400, "提交的数据无效", "没有这条异议，请返回案例页面重试。");
			free(pr);
			return 0;
		}
		oid = strtoll(idtext, NULL, 10);
		int res = objection_resolution_parse(case_form_typed(req, "", "resolution"));
		struct db *w = server_writer_lock(req->server);
		r = objection_resolve(w, cp->c.id, oid, res < 0 ? OBJECTION_OPEN : (enum objection_resolution)res, date,
				      case_form_typed(req, "", "remark"), &req->account, &cp->scope, pr, err);
		server_writer_unlock(req->server);
	} else {
		struct db *w = server_writer_lock(req->server);
		r = objection_record(w, cp->c.id, case_form_typed(req, "", "objector"), case_form_typed(req, "", "content"),
				     date, &req->account, &cp->scope, &oid, pr, err);
		server_writer_unlock(req->server);
	}
	if (r < 0)
		goto out;
	if (r > 0) {
		/* The page again with the case as it is now, the form as typed. */
		if (case_get(req->db, &cp->scope, cp->c.id, &cp->c, err) < 0)
			goto out;
		rc = render_case(cp, resolve ? "resolve" : "objection", pr, err);
		goto out;
	}
	char target[40], location[80];
	snprintf(target, sizeof target, "case:%lld", (long long)cp->c.id);
	json_t *d = json_pack("{s:I, s:s, s:s}", "objection", (json_int_t)oid, "date", date, resolve ? "resolution" : "objector",
			      case_form_typed(req, "", resolve ? "resolution" : "objector"));
	char *detail = d ? json_dumps(d, JSON_COMPACT) : NULL;
	json_decref(d);
	rc = auth_audit(req, "民生工程", resolve ? "处理异议" : "登记异议", target, detail ? detail : "", "成功", err);
	free(detail);
	snprintf(location, sizeof location, "/cases/%lld?done=%s#objections", (long long)cp->c.id, resolve ? "resolve" : "objection");
	if (rc == 0)
		rc = auth_redirect(req, location, err);
out:
	free(pr);
	return rc;
}

static int files_post(struct casepage *cp, struct error *err)
{
	struct request *req = cp->req;
	if (!attachment_may(&req->account)) {
		response_page(req, 403, "无权上传", "您的角色不能上传材料扫描件。");
		return 0;
	}
	struct case_problems *pr = xcalloc(1, sizeof *pr);
	struct attachment a;
	int rc = case_files_upload(req, &cp->c, &a, pr, err);
	if (rc == 1) {
		req->res.status = 400;
		rc = render_case(cp, "files", pr, err);
	} else if (rc == 0) {
		char location[80];
		snprintf(location, sizeof location, "/cases/%lld?done=file#files", (long long)cp->c.id);
		rc = auth_redirect(req, location, err);
	}
	free(pr);
	return rc;
}

int page_case_post(struct request *req, struct error *err)
{
	struct casepage *cp = xmalloc(sizeof *cp);
	const char *rest;
	int rc = find_case(req, cp, &rest, err);
	if (rc > 0) {
		if (strcmp(rest, "/transition") == 0) {
			rc = transition_post(cp, err);
		} else if (strcmp(rest, "/transfer") == 0) {
			rc = transfer_post(cp, err);
		} else if (strcmp(rest, "/files") == 0) {
			rc = files_post(cp, err);
		} else if (strcmp(rest, "/objections") == 0 || strcmp(rest, "/objections/resolve") == 0) {
			rc = objection_post(cp, strcmp(rest, "/objections/resolve") == 0, err);
		} else {
			response_page(req, 404, "页面不存在", "您要访问的页面不存在，请检查网址是否正确。");
			rc = 0;
		}
	}
	free(cp);
	return rc;
}
