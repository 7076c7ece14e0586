#include "web/page-levy.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/mask.h"
#include "base/money.h"
#include "base/msg.h"
#include "base/number.h"
#include "base/stamp.h"
#include "base/xalloc.h"
#include "domain/levy.h"
#include "web/auth.h"
#include "web/case-form.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/levy-action.h"

#define PAGE_FULL "levy page too large"
#define PER_PAGE 50

/* Appends pieces (case_form_html) to b, or returns from the function with "page full" in err. */
#define OUT(...)                                                                                                       \
	do {                                                                                                           \
		if (case_form_html(b, __VA_ARGS__, CF_END) < 0)                                                        \
			return error_set(err, PAGE_FULL);                                                              \
	} while (0)

static bool may_view(struct request *req)
{
	if (levy_may_view(&req->account))
		return true;
	response_page(req, 403, "无权查看", msg(MSG_LEVY_FORBIDDEN));
	return false;
}

static bool may_manage(struct request *req)
{
	if (!may_view(req))
		return false;
	if (levy_may_manage(&req->account))
		return true;
	response_page(req, 403, "只能查看", msg(MSG_LEVY_READ_ONLY));
	return false;
}

static void not_found(struct request *req)
{
	response_page(req, 404, "用人单位不存在", msg(MSG_ENT_NOT_FOUND));
}

static void yuan(int64_t fen, char out[MONEY_TEXT_MAX])
{
	money_format(fen, out, MONEY_TEXT_MAX);
}

/* "3,477,240.00 元（347.724万元）" */
static void yuan_wan(int64_t fen, char *out, size_t size)
{
	char a[MONEY_TEXT_MAX], w[MONEY_TEXT_MAX];
	money_format(fen, a, sizeof a);
	money_format_wan(fen, w, sizeof w);
	snprintf(out, size, "%s 元（%s）", a, w);
}

/* "青禾镇 王庄村", or the township alone. */
static void place_of(const struct enterprise *e, char *out, size_t size)
{
	if (strcmp(e->division, e->township) == 0)
		snprintf(out, size, "%s", e->division_name);
	else
		snprintf(out, size, "%s %s", e->township_name, e->division_name);
}

/* The state of an account as a tag: its class and text. */
static void status_tag(const struct levy_account *a, const char **cls, const char **text)
{
	if (!a->has_due) {
		*cls = a->has_staff ? "tag warn" : "tag";
		*text = a->has_staff ? "未设定工资" : "未申报";
	} else if (a->outstanding > 0) {
		*cls = a->collected > 0 ? "tag warn" : "tag danger";
		*text = a->collected > 0 ? "部分缴纳" : "未缴";
	} else if (a->due == 0 && a->collected == 0) {
		*cls = "tag ok";
		*text = "无需缴纳";
	} else {
		*cls = a->overpaid > 0 ? "tag info" : "tag ok";
		*text = a->overpaid > 0 ? "多缴" : "已缴清";
	}
}

/* A labelled text input with its reason and hint (the form conventions of person-edit). */
static int text_field(struct buf *b, const char *name, const char *label, bool required, const char *value,
		      int maxlength, const char *reason, const char *hint, const char *extra)
{
	char max[16];
	snprintf(max, sizeof max, "%d", maxlength);
	reason = reason ? reason : "";
	if (case_form_html(b, CF_RAW, "<div class=\"field\"><label for=\"f-", CF_RAW, name, CF_RAW, "\">", CF_TXT, label,
			   CF_RAW, required ? "<span class=\"required\" aria-hidden=\"true\">*</span>" : "", CF_RAW,
			   "</label><input type=\"text\" id=\"f-", CF_RAW, name, CF_RAW, "\" name=\"", CF_RAW, name, CF_RAW,
			   "\" maxlength=\"", CF_RAW, max, CF_RAW, "\" value=\"", CF_ATTR, value ? value : "", CF_RAW, "\"",
			   CF_RAW, required ? " required" : "", CF_RAW, extra ? extra : "", CF_END) < 0)
		return -1;
	if (*reason && case_form_html(b, CF_RAW, " aria-invalid=\"true\" aria-describedby=\"e-", CF_RAW, name, CF_RAW, "\"",
				      CF_END) < 0)
		return -1;
	if (case_form_html(b, CF_RAW, " autocomplete=\"off\">", CF_END) < 0)
		return -1;
	if (*reason && case_form_html(b, CF_RAW, "<p class=\"field-error\" id=\"e-", CF_RAW, name, CF_RAW, "\">", CF_TXT,
				      reason, CF_RAW, "</p>", CF_END) < 0)
		return -1;
	if (hint && case_form_html(b, CF_RAW, "<p class=\"hint\">", CF_TXT, hint, CF_RAW, "</p>", CF_END) < 0)
		return -1;
	return html_raw(b, "</div>\n");
}

static int problems_notice(struct buf *b, const struct enterprise_problems *pr)
{
	if (pr->message[0] && case_form_html(b, CF_RAW, "<p class=\"notice error\" role=\"alert\">", CF_TXT, pr->message,
					     CF_RAW, "</p>\n", CF_END) < 0)
		return -1;
	if (pr->n) {
		char text[128];
		snprintf(text, sizeof text, "有 %d 项填写有误，请按各项下方的提示修改后再保存。", pr->n);
		if (case_form_html(b, CF_RAW, "<p class=\"notice error\" role=\"alert\">", CF_TXT, text, CF_RAW, "</p>\n",
				   CF_END) < 0)
			return -1;
	}
	return 0;
}

/* The list: /levy */

struct list {
	struct request *req;
	struct buf *b;
	struct levy_query q;
	long page, offset, index, shown;
	bool bad_arg;
};

/* The list's query string with page p (0: none), "&"-joined after "?", escaped for an attribute. */
static int list_href(struct buf *b, const struct list *l, const char *path, long p)
{
	char year[8], page[24];
	snprintf(year, sizeof year, "%d", l->q.year);
	snprintf(page, sizeof page, "%ld", p);
	if (html_raw(b, path) < 0 || html_raw(b, "?year=") < 0 || html_url_arg(b, year) < 0)
		return -1;
	if (*l->q.township && (html_raw(b, "&amp;township=") < 0 || html_url_arg(b, l->q.township) < 0))
		return -1;
	if (*l->q.q && (html_raw(b, "&amp;q=") < 0 || html_url_arg(b, l->q.q) < 0))
		return -1;
	if (l->q.owing && html_raw(b, "&amp;owing=1") < 0)
		return -1;
	if (p > 1 && (html_raw(b, "&amp;page=") < 0 || html_raw(b, page) < 0))
		return -1;
	return 0;
}

/* The list's filters from the query string; a value that is not valid is left out (bad_arg). */
static void list_args(struct list *l)
{
	struct request *req = l->req;
	const char *year = request_arg(req, "year");
	int y = levy_action_year(year);
	if (!y) {
		y = date_today().year;
		l->bad_arg = true;
	}
	levy_query_init(&l->q, &req->account, y);
	const char *t = request_arg(req, "township");
	if (t && *t) {
		if (division_level_of(t) == DIVISION_TOWNSHIP)
			snprintf(l->q.township, sizeof l->q.township, "%s", t);
		else
			l->bad_arg = true;
	}
	const char *q = request_arg(req, "q");
	if (q && *q) {
		if (strlen(q) <= LEVY_Q_MAX)
			snprintf(l->q.q, sizeof l->q.q, "%s", q);
		else
			l->bad_arg = true;
	}
	const char *owing = request_arg(req, "owing");
	l->q.owing = owing && strcmp(owing, "1") == 0;
	int64_t page = 1;
	const char *p = request_arg(req, "page");
	if (p && *p && !number_parse(p, 1, 1000000, &page))
		l->bad_arg = true;
	l->page = (long)page;
	l->offset = (l->page - 1) * PER_PAGE;
}

struct options {
	struct buf *b;
	const char *current;
	int rc;
};

static void township_option(void *ctx, const char *code, const char *name)
{
	struct options *o = ctx;
	if (o->rc == 0 && case_form_html(o->b, CF_RAW, "<option value=\"", CF_ATTR, code, CF_RAW,
					 strcmp(code, o->current) == 0 ? "\" selected>" : "\">", CF_TXT, name, CF_RAW,
					 "</option>", CF_END) < 0)
		o->rc = -1;
}

static int query_form(struct list *l, struct error *err)
{
	struct buf *b = l->b;
	char year[8];
	snprintf(year, sizeof year, "%d", l->q.year);
	OUT(CF_RAW, "<form class=\"query panel\" method=\"get\" action=\"/levy\" role=\"search\">\n"
		    "<div class=\"field inline\"><label for=\"f-year\">年度</label><input id=\"f-year\" name=\"year\" type=\"text\""
		    " inputmode=\"numeric\" maxlength=\"4\" size=\"5\" value=\"",
	    CF_ATTR, year, CF_RAW, "\"></div>\n<div class=\"field inline\"><label for=\"f-township\">乡镇</label>"
				   "<select id=\"f-township\" name=\"township\"><option value=\"\">全部</option>");
	struct options o = {b, l->q.township, 0};
	if (registry_divisions(l->req->db, &l->q.scope, "", DIVISION_TOWNSHIP, township_option, &o, err) < 0)
		return -1;
	if (o.rc < 0)
		return error_set(err, PAGE_FULL);
	OUT(CF_RAW, "</select></div>\n<div class=\"field inline\"><label for=\"f-q\">单位名称或信用代码</label>"
		    "<input id=\"f-q\" name=\"q\" type=\"search\" maxlength=\"64\" value=\"",
	    CF_ATTR, l->q.q, CF_RAW, "\"></div>\n<div class=\"field inline\"><label for=\"f-owing\">只看欠缴</label>"
				     "<input id=\"f-owing\" name=\"owing\" type=\"checkbox\" value=\"1\"",
	    CF_RAW, l->q.owing ? " checked" : "", CF_RAW, "></div>\n<div class=\"buttons\"><button type=\"submit\">搜索</button>"
							  "<a class=\"btn secondary\" href=\"/levy\">重置</a></div>\n</form>\n");
	return 0;
}

/* The year's figures, progress and (for the county staff) the wage form. */
static int summary(struct list *l, const struct levy_totals *t, const struct enterprise_problems *pr,
		   struct error *err)
{
	struct buf *b = l->b;
	struct levy_year y;
	if (levy_year_get(l->req->db, l->q.year, &y, err) < 0)
		return -1;
	char title[64], text[200], ratio[16];
	snprintf(title, sizeof title, "%d年度征收情况", l->q.year);
	levy_ratio_format(y.ratio_bp, ratio, sizeof ratio);
	OUT(CF_RAW, "<section class=\"panel\" aria-labelledby=\"h-summary\">\n<h2 id=\"h-summary\">", CF_TXT, title, CF_RAW,
	    "</h2>\n<dl class=\"facts\">\n<dt>在职职工年平均工资</dt><dd>");
	if (y.set) {
		char w[MONEY_TEXT_MAX], at[STAMP_LOCAL_SIZE];
		yuan(y.avg_wage, w);
		stamp_local(y.set_at, at);
		snprintf(text, sizeof text, "%s 元，安排比例 %s", w, ratio);
		OUT(CF_TXT, text, CF_RAW, " <span class=\"muted\">（", CF_TXT, y.set_by, CF_RAW, " 设定于 ", CF_TXT, at, CF_RAW,
		    "）</span>");
	} else {
		snprintf(text, sizeof text, msg(MSG_LEVY_NO_WAGE), l->q.year);
		OUT(CF_RAW, "<span class=\"tag warn\">尚未设定</span> ", CF_TXT, text);
	}
	OUT(CF_RAW, "</dd>\n");
	struct {
		const char *label;
		int64_t fen;
	} rows[] = {{"应征收", t->due}, {"已征收", t->collected}, {"未缴", t->outstanding}};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		yuan_wan(rows[i].fen, text, sizeof text);
		OUT(CF_RAW, "<dt>", CF_TXT, rows[i].label, CF_RAW, "</dt><dd class=\"num\">", CF_TXT, text, CF_RAW, "</dd>\n");
	}
	if (t->overpaid) {
		yuan_wan(t->overpaid, text, sizeof text);
		OUT(CF_RAW, "<dt>多缴</dt><dd>", CF_TXT, text, CF_RAW, "</dd>\n");
	}
	/* Collected against due, in tenths of a percent (integer arithmetic). */
	OUT(CF_RAW, "<dt>征收进度</dt><dd>");
	if (t->due > 0) {
		/* 128-bit: a county's fen times 1000 stays far from the limit, any int64 amount too. */
		__int128 share = ((__int128)t->collected * 1000 + t->due / 2) / t->due;
		int64_t permille = share > 999999 ? 999999 : (int64_t)share;
		char pct[32], max[32], value[32];
		snprintf(pct, sizeof pct, "%lld.%lld%%", (long long)(permille / 10), (long long)(permille % 10));
		snprintf(max, sizeof max, "%lld", (long long)t->due);
		snprintf(value, sizeof value, "%lld", (long long)(t->collected < t->due ? t->collected : t->due));
		OUT(CF_RAW, "<progress max=\"", CF_ATTR, max, CF_RAW, "\" value=\"", CF_ATTR, value, CF_RAW,
		    "\" aria-label=\"征收进度\">", CF_TXT, pct, CF_RAW, "</progress> ", CF_TXT, pct);
	} else {
		OUT(CF_RAW, "<span class=\"muted\">没有应征收金额</span>");
	}
	snprintf(text, sizeof text, "%ld 家：已申报职工人数 %ld 家，已缴 %ld 家，欠缴 %ld 家", t->enterprises, t->declared,
		 t->paying, t->owing);
	OUT(CF_RAW, "</dd>\n<dt>用人单位</dt><dd>", CF_TXT, text, CF_RAW, "</dd>\n</dl>\n");
	if (levy_may_manage(&l->req->account)) {
		char year[8], wage[MONEY_TEXT_MAX] = "", r[16] = "";
		snprintf(year, sizeof year, "%d", l->q.year);
		const char *typed_wage = pr ? request_field(l->req, "avg_wage") : NULL;
		const char *typed_ratio = pr ? request_field(l->req, "ratio") : NULL;
		if (y.set) {
			money_format_plain(y.avg_wage, wage, sizeof wage);
			levy_ratio_format(y.ratio_bp, r, sizeof r);
			r[strlen(r) - 1] = '\0'; /* the number without its % */
		}
		OUT(CF_RAW, "<form class=\"query\" method=\"post\" action=\"/levy/year\">");
		if (layout_csrf_field(l->req) < 0)
			return error_set(err, PAGE_FULL);
		OUT(CF_RAW, "<input type=\"hidden\" name=\"year\" value=\"", CF_ATTR, year, CF_RAW, "\">");
		if (text_field(b, "avg_wage", "上年在职职工年平均工资（元）", true, typed_wage ? typed_wage : wage, 24,
			       pr ? enterprise_reason(pr, "avg_wage") : "", NULL, " inputmode=\"decimal\"") < 0 ||
		    text_field(b, "ratio", "安排比例（%）", false, typed_ratio ? typed_ratio : r, 8,
			       pr ? enterprise_reason(pr, "ratio") : "", "不填为1.5", " inputmode=\"decimal\"") < 0)
			return error_set(err, PAGE_FULL);
		OUT(CF_RAW, "<div class=\"buttons\"><button type=\"submit\">保存本年度工资标准</button></div></form>\n");
	}
	OUT(CF_RAW, "</section>\n");
	return 0;
}

static int list_row(void *ctx, const struct enterprise *e, const struct levy_account *a, struct error *err)
{
	struct list *l = ctx;
	struct buf *b = l->b;
	long i = l->index++;
	if (i < l->offset || i >= l->offset + PER_PAGE)
		return 0;
	l->shown++;
	char href[64], place[2 * 4 * DIVISION_NAME_MAX + 8], emp[24] = "", dis[24] = "", due[MONEY_TEXT_MAX] = "—", paid[MONEY_TEXT_MAX],
				   owe[MONEY_TEXT_MAX];
	snprintf(href, sizeof href, "/levy/%lld?year=%d", (long long)e->id, l->q.year);
	place_of(e, place, sizeof place);
	if (a->has_staff) {
		snprintf(emp, sizeof emp, "%ld", a->employees);
		snprintf(dis, sizeof dis, "%ld", a->disabled);
	}
	if (a->has_due)
		yuan(a->due, due);
	yuan(a->collected, paid);
	yuan(a->outstanding, owe);
	const char *cls, *state;
	status_tag(a, &cls, &state);
	OUT(CF_RAW, "<tr><td class=\"mono\">", CF_TXT, e->credit_code, CF_RAW, "</td><td><a href=\"", CF_ATTR, href, CF_RAW,
	    "\">", CF_TXT, e->name, CF_RAW, "</a></td><td>", CF_TXT, place, CF_RAW, "</td><td class=\"num\">", CF_TXT, emp,
	    CF_RAW, "</td><td class=\"num\">", CF_TXT, dis, CF_RAW, "</td><td class=\"num\">", CF_TXT, due, CF_RAW,
	    "</td><td class=\"num\">", CF_TXT, paid, CF_RAW, "</td><td class=\"num\">", CF_TXT, owe, CF_RAW,
	    "</td><td><span class=\"", CF_RAW, cls, CF_RAW, "\">", CF_TXT, state, CF_RAW, "</span>");
	if (a->kind)
		OUT(CF_RAW, " <span class=\"tag info\">", CF_TXT, levy_kind_label(a->kind), CF_RAW, "</span>");
	OUT(CF_RAW, "</td></tr>\n");
	return 0;
}

static int pager(struct list *l, long total, struct error *err)
{
	struct buf *b = l->b;
	long pages = total ? (total + PER_PAGE - 1) / PER_PAGE : 1;
	char text[64];
	snprintf(text, sizeof text, "共 %ld 条", total);
	OUT(CF_RAW, "<nav class=\"pager\" aria-label=\"分页\">\n<span class=\"total\">", CF_TXT, text, CF_RAW, "</span>\n<ul>");
	for (long p = 1; p <= pages; p++) {
		if (p != 1 && p != pages && (p < l->page - 2 || p > l->page + 2))
			continue;
		snprintf(text, sizeof text, "%ld", p);
		if (p == l->page) {
			OUT(CF_RAW, "<li><span class=\"current\" aria-current=\"page\">", CF_TXT, text, CF_RAW, "</span></li>");
		} else {
			OUT(CF_RAW, "<li><a href=\"");
			if (list_href(b, l, "/levy", p) < 0)
				return error_set(err, PAGE_FULL);
			OUT(CF_RAW, "\">", CF_TXT, text, CF_RAW, "</a></li>");
		}
	}
	OUT(CF_RAW, "</ul>\n</nav>\n");
	return 0;
}

/* The list page; pr: a refused wage form of year (its values are shown again), or NULL (year 0). */
static int list_page(struct request *req, const struct enterprise_problems *pr, int year, struct error *err)
{
	struct list *l = xcalloc(1, sizeof *l);
	l->req = req;
	l->b = &req->res.body;
	list_args(l);
	if (year)
		l->q.year = year;
	struct buf *b = l->b;
	struct levy_totals t;
	int rc = -1;
	/* The totals come first on the page: a first pass over the list counts them. */
	if (levy_list(req->db, &l->q, NULL, NULL, &t, err) < 0)
		goto out;
	if (layout_begin(req, "就业保障金", "/levy") < 0) {
		rc = error_set(err, PAGE_FULL);
		goto out;
	}
	if (request_arg(req, "saved") && html_raw(b, "<p class=\"notice ok\" role=\"status\">保存成功。</p>\n") < 0) {
		rc = error_set(err, PAGE_FULL);
		goto out;
	}
	if (pr && problems_notice(b, pr) < 0) {
		rc = error_set(err, PAGE_FULL);
		goto out;
	}
	if (query_form(l, err) < 0 || summary(l, &t, pr, err) < 0)
		goto out;
	if (l->bad_arg &&
	    html_raw(b, "<p class=\"notice warn\" role=\"status\">部分查询条件的取值无效，已忽略。</p>\n") < 0) {
		rc = error_set(err, PAGE_FULL);
		goto out;
	}
	if (html_raw(b, "<div class=\"toolbar\">") < 0) {
		rc = error_set(err, PAGE_FULL);
		goto out;
	}
	if (levy_may_manage(&req->account)) {
		char href[48];
		snprintf(href, sizeof href, "/levy/new?year=%d", l->q.year);
		if (case_form_html(b, CF_RAW, "<a class=\"btn\" href=\"", CF_ATTR, href, CF_RAW, "\">新增用人单位</a> ",
				   CF_END) < 0) {
			rc = error_set(err, PAGE_FULL);
			goto out;
		}
	}
	if (html_raw(b, "<a class=\"btn secondary\" href=\"") < 0 || list_href(b, l, "/levy/export.xlsx", 0) < 0 ||
	    html_raw(b, "\">导出 Excel</a> <span class=\"muted\">导出当前查询条件下的全部单位</span></div>\n"
			"<div class=\"table-wrap\"><table class=\"list\">\n<thead><tr><th scope=\"col\">统一社会信用代码</th>"
			"<th scope=\"col\">单位名称</th><th scope=\"col\">乡镇（村）</th><th scope=\"col\" class=\"num\">在职职工</th>"
			"<th scope=\"col\" class=\"num\">安排残疾人</th><th scope=\"col\" class=\"num\">应缴（元）</th>"
			"<th scope=\"col\" class=\"num\">已缴（元）</th><th scope=\"col\" class=\"num\">未缴（元）</th>"
			"<th scope=\"col\">状态</th></tr></thead>\n<tbody>\n") < 0) {
		rc = error_set(err, PAGE_FULL);
		goto out;
	}
	if (levy_list(req->db, &l->q, list_row, l, &t, err) < 0)
		goto out;
	char due[MONEY_TEXT_MAX], paid[MONEY_TEXT_MAX], owe[MONEY_TEXT_MAX], count[48];
	yuan(t.due, due);
	yuan(t.collected, paid);
	yuan(t.outstanding, owe);
	snprintf(count, sizeof count, "合计（%ld 家）", t.enterprises);
	if ((l->shown == 0 && html_raw(b, "<tr><td class=\"empty\" colspan=\"9\">暂无符合条件的用人单位</td></tr>\n") < 0) ||
	    case_form_html(b, CF_RAW, "</tbody>\n<tfoot><tr><th scope=\"row\" colspan=\"5\">", CF_TXT, count, CF_RAW,
			   "</th><td class=\"num\">", CF_TXT, due, CF_RAW, "</td><td class=\"num\">", CF_TXT, paid, CF_RAW,
			   "</td><td class=\"num\">", CF_TXT, owe, CF_RAW, "</td><td></td></tr></tfoot>\n</table></div>\n",
			   CF_END) < 0) {
		rc = error_set(err, PAGE_FULL);
		goto out;
	}
	if (pager(l, t.enterprises, err) < 0)
		goto out;
	if (layout_end(req) < 0) {
		rc = error_set(err, PAGE_FULL);
		goto out;
	}
	rc = 0;
out:
	free(l);
	return rc;
}

int page_levy(struct request *req, struct error *err)
{
	if (!may_view(req))
		return 0;
	return list_page(req, NULL, 0, err);
}

static int export(struct request *req, struct error *err)
{
	struct list l;
	memset(&l, 0, sizeof l);
	l.req = req;
	list_args(&l);
	return levy_action_export(req, &l.q, err);
}

/* The form of an employer: /levy/new and /levy/{id}/edit */

struct form {
	struct request *req;
	struct buf *b;
	const struct enterprise *e; /* NULL for a new one */
	int year;
	const struct enterprise_problems *pr; /* NULL when first shown */
	const char *notice;
};

/* What the field shows: what was typed (after a refusal), else the stored value. */
static const char *value_of(const struct form *f, const char *name, const char *stored)
{
	const char *typed = f->pr ? request_field(f->req, name) : NULL;
	return typed ? typed : stored ? stored : "";
}

static const char *reason_of(const struct form *f, const char *name)
{
	return f->pr ? enterprise_reason(f->pr, name) : "";
}

struct places {
	struct buf *b;
	const char *current;
	char township[13];
	int rc;
};

static void place_option(void *ctx, const char *township, const char *township_name, const char *code,
			 const char *name)
{
	struct places *p = ctx;
	struct buf *b = p->b;
	if (p->rc < 0)
		return;
	if (strcmp(township, p->township) != 0) {
		char self[4 * DIVISION_NAME_MAX + 16];
		snprintf(self, sizeof self, "%s（乡镇本级）", township_name);
		if ((*p->township && html_raw(b, "</optgroup>") < 0) ||
		    case_form_html(b, CF_RAW, "<optgroup label=\"", CF_ATTR, township_name, CF_RAW, "\"><option value=\"",
				   CF_ATTR, township, CF_RAW, strcmp(township, p->current) == 0 ? "\" selected>" : "\">",
				   CF_TXT, self, CF_RAW, "</option>", CF_END) < 0) {
			p->rc = -1;
			return;
		}
		snprintf(p->township, sizeof p->township, "%s", township);
	}
	if (case_form_html(b, CF_RAW, "<option value=\"", CF_ATTR, code, CF_RAW,
			   strcmp(code, p->current) == 0 ? "\" selected>" : "\">", CF_TXT, name, CF_RAW, "</option>",
			   CF_END) < 0)
		p->rc = -1;
}

static int division_select(struct form *f, struct error *err)
{
	struct buf *b = f->b;
	struct registry_scope scope;
	registry_scope_of(&f->req->account, &scope);
	const char *reason = reason_of(f, "division");
	struct places p = {b, value_of(f, "division", f->e ? f->e->division : NULL), "", 0};
	OUT(CF_RAW, "<div class=\"field\"><label for=\"f-division\">所在乡镇（村）<span class=\"required\" aria-hidden=\"true\">*</span>"
		    "</label><select id=\"f-division\" name=\"division\" required",
	    CF_RAW, *reason ? " aria-invalid=\"true\" aria-describedby=\"e-division\"" : "", CF_RAW,
	    "><option value=\"\">请选择</option>");
	if (registry_villages(f->req->db, &scope, place_option, &p, err) < 0)
		return -1;
	if (p.rc < 0 || (*p.township && html_raw(b, "</optgroup>") < 0))
		return error_set(err, PAGE_FULL);
	OUT(CF_RAW, "</select>");
	if (*reason)
		OUT(CF_RAW, "<p class=\"field-error\" id=\"e-division\">", CF_TXT, reason, CF_RAW, "</p>");
	OUT(CF_RAW, "</div>\n");
	return 0;
}

static int form_page(struct form *f, struct error *err)
{
	struct request *req = f->req;
	struct buf *b = f->b;
	const struct enterprise *e = f->e;
	char title[4 * ENTERPRISE_NAME_MAX + 32], action[64], back[64], year[8], emp[24] = "", dis[24] = "", rev[24] = "";
	snprintf(year, sizeof year, "%d", f->year);
	if (e) {
		snprintf(title, sizeof title, "修改用人单位");
		snprintf(action, sizeof action, "/levy/%lld/edit", (long long)e->id);
		snprintf(back, sizeof back, "/levy/%lld?year=%d", (long long)e->id, f->year);
		snprintf(rev, sizeof rev, "%ld", e->rev);
		if (e->has_staff) {
			snprintf(emp, sizeof emp, "%ld", e->employees);
			snprintf(dis, sizeof dis, "%ld", e->disabled);
		}
	} else {
		snprintf(title, sizeof title, "新增用人单位");
		snprintf(action, sizeof action, "/levy/new");
		snprintf(back, sizeof back, "/levy?year=%d", f->year);
	}
	if (layout_begin(req, title, "/levy") < 0)
		return error_set(err, PAGE_FULL);
	if (f->notice)
		OUT(CF_RAW, "<p class=\"notice error\" role=\"alert\">", CF_TXT, f->notice, CF_RAW, "</p>\n");
	if (f->pr && problems_notice(b, f->pr) < 0)
		return error_set(err, PAGE_FULL);
	OUT(CF_RAW, "<form class=\"panel person-form\" method=\"post\" action=\"", CF_ATTR, action, CF_RAW, "\" novalidate>\n");
	if (layout_csrf_field(req) < 0)
		return error_set(err, PAGE_FULL);
	if (e)
		OUT(CF_RAW, "<input type=\"hidden\" name=\"rev\" value=\"", CF_ATTR, rev, CF_RAW, "\">\n");
	OUT(CF_RAW, "<input type=\"hidden\" name=\"year\" value=\"", CF_ATTR, year, CF_RAW, "\">\n");
	if (text_field(b, "credit_code", "统一社会信用代码", true, value_of(f, "credit_code", e ? e->credit_code : NULL), 40,
		       reason_of(f, "credit_code"), "18位，营业执照或登记证书上的代码；字母不区分大小写", NULL) < 0 ||
	    text_field(b, "name", "单位名称", true, value_of(f, "name", e ? e->name : NULL), ENTERPRISE_NAME_MAX,
		       reason_of(f, "name"), NULL, NULL) < 0)
		return error_set(err, PAGE_FULL);
	if (division_select(f, err) < 0)
		return -1;
	char emp_label[48], dis_label[48];
	snprintf(emp_label, sizeof emp_label, "%d年度在职职工人数", f->year);
	snprintf(dis_label, sizeof dis_label, "%d年度安排残疾人数", f->year);
	if (text_field(b, "address", "地址", false, value_of(f, "address", e ? e->address : NULL), ENTERPRISE_ADDRESS_MAX,
		       reason_of(f, "address"), NULL, NULL) < 0 ||
	    text_field(b, "contact", "联系人", false, value_of(f, "contact", e ? e->contact : NULL), ENTERPRISE_CONTACT_MAX,
		       reason_of(f, "contact"), NULL, NULL) < 0 ||
	    text_field(b, "phone", "联系电话", false, value_of(f, "phone", e ? e->phone : NULL), ENTERPRISE_PHONE_MAX,
		       reason_of(f, "phone"), "手机号码或固定电话，如 0551-62345678", " inputmode=\"tel\"") < 0 ||
	    text_field(b, "employees", emp_label, !e, value_of(f, "employees", emp), 8, reason_of(f, "employees"),
		       e ? "上年在职职工人数，按申报数填写；不填则不改本年度人数" : "上年在职职工人数，按申报数填写", " inputmode=\"numeric\"") < 0 ||
	    text_field(b, "disabled_employees", dis_label, false, value_of(f, "disabled_employees", dis), 8,
		       reason_of(f, "disabled_employees"), "已安排就业的残疾人数；没有可不填", " inputmode=\"numeric\"") < 0)
		return error_set(err, PAGE_FULL);
	if (f->pr && *reason_of(f, "year"))
		OUT(CF_RAW, "<p class=\"field-error\">年度：", CF_TXT, reason_of(f, "year"), CF_RAW, "</p>\n");
	OUT(CF_RAW, "<div class=\"buttons\"><button type=\"submit\">保存</button> <a class=\"btn secondary\" href=\"", CF_ATTR,
	    back, CF_RAW, "\">取消</a></div>\n</form>\n");
	return layout_end(req) < 0 ? error_set(err, PAGE_FULL) : 0;
}

/* The typed values of the form. */
static struct enterprise_input form_input(struct request *req)
{
	struct enterprise_input in = {
	    .credit_code = request_field(req, "credit_code"),
	    .name = request_field(req, "name"),
	    .address = request_field(req, "address"),
	    .division = request_field(req, "division"),
	    .contact = request_field(req, "contact"),
	    .phone = request_field(req, "phone"),
	    .year = request_field(req, "year"),
	    .employees = request_field(req, "employees"),
	    .disabled = request_field(req, "disabled_employees"),
	    .rev = request_field(req, "rev"),
	};
	/* A form sends every field: an absent one is an empty one (a new employer needs them). */
	const char **all[] = {&in.credit_code, &in.name, &in.address, &in.division, &in.contact, &in.phone, &in.employees,
			      &in.disabled};
	for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
		if (!*all[i])
			*all[i] = "";
	return in;
}

static int saved(struct request *req, int64_t id, int year, const char *what, struct error *err)
{
	char location[96];
	snprintf(location, sizeof location, "/levy/%lld?year=%d&done=%s", (long long)id, year, what);
	return auth_redirect(req, location, err);
}

static int new_form(struct request *req, struct error *err)
{
	if (!may_manage(req))
		return 0;
	int year = levy_action_year(request_arg(req, "year"));
	struct form f = {req, &req->res.body, NULL, year ? year : date_today().year, NULL, NULL};
	return form_page(&f, err);
}

static int new_post(struct request *req, struct error *err)
{
	if (!may_manage(req))
		return 0;
	struct enterprise_input in = form_input(req);
	int year = levy_action_year(in.year);
	struct enterprise *e = xmalloc(sizeof *e);
	struct enterprise_problems *pr = xmalloc(sizeof *pr);
	enum enterprise_result r = levy_action_create(req, &in, e, pr, err);
	int rc = -1;
	if (r == ENTERPRISE_SAVED) {
		rc = saved(req, e->id, e->year ? e->year : year, "saved", err);
	} else if (r == ENTERPRISE_REFUSED) {
		struct form f = {req, &req->res.body, NULL, year ? year : date_today().year, pr, NULL};
		rc = form_page(&f, err);
	}
	free(e);
	free(pr);
	return rc;
}

/* The employer id within the user's scope with its figures of year: 1, 0 answered 404, -1. */
static int find(struct request *req, int64_t id, int year, struct enterprise *e, struct error *err)
{
	struct registry_scope scope;
	registry_scope_of(&req->account, &scope);
	int found = enterprise_get(req->db, &scope, id, year, e, err);
	if (found == 0)
		not_found(req);
	return found;
}

static int edit_form(struct request *req, int64_t id, struct error *err)
{
	if (!may_manage(req))
		return 0;
	int year = levy_action_year(request_arg(req, "year"));
	year = year ? year : date_today().year;
	struct enterprise *e = xmalloc(sizeof *e);
	int rc = find(req, id, year, e, err);
	if (rc > 0) {
		/* The form holds the full phone: opening it is a viewing, logged before it is shown. */
		char target[40];
		snprintf(target, sizeof target, "enterprise:%lld", (long long)id);
		rc = auth_audit(req, LEVY_MODULE, "查看", target, "{\"reason\":\"修改用人单位\"}", "成功", err);
		if (rc == 0) {
			struct form f = {req, &req->res.body, e, year, NULL, NULL};
			rc = form_page(&f, err);
		}
	}
	free(e);
	return rc < 0 ? -1 : 0;
}

static int edit_post(struct request *req, int64_t id, struct error *err)
{
	if (!may_manage(req))
		return 0;
	struct enterprise_input in = form_input(req);
	/* Both figures left empty: the change is not about them (an employer without the year's figures keeps none). */
	if (!*in.employees && !*in.disabled)
		in.employees = in.disabled = NULL;
	int year = levy_action_year(in.year);
	year = year ? year : date_today().year;
	struct enterprise *e = xmalloc(sizeof *e), *stored = xmalloc(sizeof *stored);
	struct enterprise_problems *pr = xmalloc(sizeof *pr);
	int rc = -1;
	enum enterprise_result r = levy_action_update(req, id, &in, e, pr, err);
	switch (r) {
	case ENTERPRISE_SAVED:
		rc = saved(req, id, year, "saved", err);
		break;
	case ENTERPRISE_REFUSED:
	case ENTERPRISE_STALE: {
		int found = find(req, id, year, stored, err);
		if (found <= 0) {
			rc = found;
			break;
		}
		struct form f = {req, &req->res.body, stored, year, pr, NULL};
		if (r == ENTERPRISE_STALE) {
			memset(pr, 0, sizeof *pr);
			f.pr = NULL;
			f.notice = msg(MSG_ENT_STALE);
		}
		rc = form_page(&f, err);
		break;
	}
	case ENTERPRISE_NOT_FOUND:
		not_found(req);
		rc = 0;
		break;
	case ENTERPRISE_ERROR:
		break;
	}
	free(e);
	free(stored);
	free(pr);
	return rc < 0 ? -1 : 0;
}

/* An employer's page: /levy/{id} */

struct ent_page {
	struct request *req;
	struct buf *b;
	struct enterprise e;
	int year;
	bool manage;
	const char *form; /* the form a refusal belongs to: "collect", "override" or "" */
	const struct enterprise_problems *pr;
	int rows;
};

static const char *typed(const struct ent_page *p, const char *form, const char *name, const char *def)
{
	const char *v = strcmp(p->form, form) == 0 ? request_field(p->req, name) : NULL;
	return v ? v : def;
}

static const char *problem(const struct ent_page *p, const char *form, const char *name)
{
	return strcmp(p->form, form) == 0 && p->pr ? enterprise_reason(p->pr, name) : "";
}

static int details(struct ent_page *p, struct error *err)
{
	struct buf *b = p->b;
	const struct enterprise *e = &p->e;
	char place[2 * 4 * DIVISION_NAME_MAX + 8], phone[64], created[STAMP_LOCAL_SIZE], updated[STAMP_LOCAL_SIZE], kind[160] = "";
	place_of(e, place, sizeof place);
	mask_phone(e->phone, phone, sizeof phone);
	stamp_local(e->created_at, created);
	stamp_local(e->updated_at, updated);
	const char *authority = uscc_authority_label(e->credit_code[0]);
	const char *type = uscc_type_label(e->credit_code[0], e->credit_code[1]);
	if (authority && type)
		snprintf(kind, sizeof kind, "（%s · %s）", authority, type);
	OUT(CF_RAW, "<section class=\"panel\" aria-labelledby=\"h-details\">\n<h2 id=\"h-details\">单位信息</h2>\n"
		    "<dl class=\"facts\">\n<dt>统一社会信用代码</dt><dd><span class=\"mono\">",
	    CF_TXT, e->credit_code, CF_RAW, "</span> <span class=\"muted\">", CF_TXT, kind, CF_RAW,
	    "</span></dd>\n<dt>单位名称</dt><dd>", CF_TXT, e->name, CF_RAW, "</dd>\n<dt>所在乡镇（村）</dt><dd>", CF_TXT,
	    place, CF_RAW, "</dd>\n<dt>地址</dt><dd>", CF_TXT, *e->address ? e->address : "—", CF_RAW,
	    "</dd>\n<dt>联系人</dt><dd>", CF_TXT, *e->contact ? e->contact : "—", CF_RAW, "</dd>\n<dt>联系电话</dt><dd>",
	    CF_TXT, *phone ? phone : "—", CF_RAW, "</dd>\n<dt>登记</dt><dd>", CF_TXT, created, CF_RAW, " ", CF_TXT,
	    e->created_by, CF_RAW, "</dd>\n<dt>最后修改</dt><dd>", CF_TXT, updated, CF_RAW, " ", CF_TXT, e->updated_by,
	    CF_RAW, "</dd>\n</dl>\n</section>\n");
	return 0;
}

/* The year's account: figures, the formula written out, the override and its form. */
static int account_panel(struct ent_page *p, const struct levy_account *a, struct error *err)
{
	struct buf *b = p->b;
	char title[64], text[400], due[MONEY_TEXT_MAX], paid[MONEY_TEXT_MAX], owe[MONEY_TEXT_MAX];
	snprintf(title, sizeof title, "%d年度", p->year);
	OUT(CF_RAW, "<section class=\"panel\" aria-labelledby=\"h-account\">\n<h2 id=\"h-account\">", CF_TXT, title, CF_RAW,
	    "</h2>\n<dl class=\"facts\">\n<dt>在职职工 / 安排残疾人</dt><dd>");
	if (a->has_staff) {
		snprintf(text, sizeof text, "%ld 人 / %ld 人", a->employees, a->disabled);
		OUT(CF_TXT, text);
	} else {
		OUT(CF_RAW, "<span class=\"tag\">未申报</span>");
	}
	OUT(CF_RAW, "</dd>\n<dt>按公式应缴</dt><dd>");
	if (a->has_formula) {
		char wage[MONEY_TEXT_MAX], ratio[16], f[MONEY_TEXT_MAX];
		yuan(a->avg_wage, wage);
		levy_ratio_format(a->ratio_bp, ratio, sizeof ratio);
		yuan(a->formula, f);
		snprintf(text, sizeof text, "（%ld × %s − %ld）× %s = %s 元", a->employees, ratio, a->disabled, wage, f);
		OUT(CF_TXT, text);
	} else if (!a->has_wage) {
		snprintf(text, sizeof text, msg(MSG_LEVY_NO_WAGE), p->year);
		OUT(CF_TXT, text);
	} else {
		OUT(CF_RAW, "—");
	}
	OUT(CF_RAW, "</dd>\n");
	if (a->kind) {
		char amount[MONEY_TEXT_MAX], at[STAMP_LOCAL_SIZE];
		yuan(a->override_amount, amount);
		stamp_local(a->override_at, at);
		snprintf(text, sizeof text, "%s：应缴 %s 元", levy_kind_label(a->kind), amount);
		OUT(CF_RAW, "<dt>减免或缓缴</dt><dd><span class=\"tag info\">", CF_TXT, text, CF_RAW, "</span> ", CF_TXT,
		    a->override_reason, CF_RAW, " <span class=\"muted\">（", CF_TXT, a->override_by, CF_RAW, " ", CF_TXT, at,
		    CF_RAW, "）</span></dd>\n");
	}
	snprintf(due, sizeof due, "—");
	if (a->has_due)
		yuan(a->due, due);
	yuan(a->collected, paid);
	yuan(a->outstanding, owe);
	const char *cls, *state;
	status_tag(a, &cls, &state);
	OUT(CF_RAW, "<dt>应缴</dt><dd>", CF_TXT, due, CF_RAW, " 元</dd>\n<dt>已缴</dt><dd>", CF_TXT, paid, CF_RAW,
	    " 元</dd>\n<dt>未缴</dt><dd>", CF_TXT, owe, CF_RAW, " 元 <span class=\"", CF_RAW, cls, CF_RAW, "\">", CF_TXT,
	    state, CF_RAW, "</span></dd>\n");
	if (a->overpaid) {
		char over[MONEY_TEXT_MAX];
		yuan(a->overpaid, over);
		OUT(CF_RAW, "<dt>多缴</dt><dd>", CF_TXT, over, CF_RAW, " 元</dd>\n");
	}
	OUT(CF_RAW, "</dl>\n");
	if (p->manage) {
		char action[64], year[8];
		snprintf(action, sizeof action, "/levy/%lld/override", (long long)p->e.id);
		snprintf(year, sizeof year, "%d", p->year);
		const char *k = typed(p, "override", "kind", a->kind ? levy_kind_code(a->kind) : "reduced");
		const char *kr = problem(p, "override", "kind");
		OUT(CF_RAW, "<h3>减免或缓缴</h3>\n<form class=\"query\" method=\"post\" action=\"", CF_ATTR, action, CF_RAW, "\">");
		if (layout_csrf_field(p->req) < 0)
			return error_set(err, PAGE_FULL);
		OUT(CF_RAW, "<input type=\"hidden\" name=\"year\" value=\"", CF_ATTR, year, CF_RAW,
		    "\"><div class=\"field\"><label for=\"f-kind\">类型</label><select id=\"f-kind\" name=\"kind\"", CF_RAW,
		    *kr ? " aria-invalid=\"true\" aria-describedby=\"e-kind\"" : "", CF_RAW, "><option value=\"reduced\"",
		    CF_RAW, strcmp(k, "reduced") == 0 ? " selected" : "", CF_RAW, ">减免</option><option value=\"deferred\"",
		    CF_RAW, strcmp(k, "deferred") == 0 ? " selected" : "", CF_RAW, ">缓缴</option><option value=\"none\"",
		    CF_RAW, strcmp(k, "none") == 0 ? " selected" : "", CF_RAW, ">取消减免或缓缴（按公式）</option></select>");
		if (*kr)
			OUT(CF_RAW, "<p class=\"field-error\" id=\"e-kind\">", CF_TXT, kr, CF_RAW, "</p>");
		OUT(CF_RAW, "</div>\n");
		if (text_field(b, "override_amount", "减免或缓缴后本年度应缴（元）", false,
			       typed(p, "override", "override_amount", ""), 24, problem(p, "override", "amount"),
			       "全部减免或缓缴填 0", " inputmode=\"decimal\"") < 0 ||
		    text_field(b, "override_reason", "理由", false, typed(p, "override", "override_reason", ""),
			       LEVY_REASON_MAX, problem(p, "override", "reason"), "如批准文件的文号", NULL) < 0)
			return error_set(err, PAGE_FULL);
		OUT(CF_RAW, "<div class=\"buttons\"><button type=\"submit\" class=\"secondary\">保存</button></div></form>\n");
	}
	OUT(CF_RAW, "</section>\n");
	return 0;
}

static int collection_row(void *ctx, const struct levy_collection *c, struct error *err)
{
	struct ent_page *p = ctx;
	struct buf *b = p->b;
	char id[24], year[8], amount[MONEY_TEXT_MAX], at[STAMP_LOCAL_SIZE], corrects[32] = "", corrected[80] = "";
	snprintf(id, sizeof id, "%lld", (long long)c->id);
	snprintf(year, sizeof year, "%d", c->year);
	yuan(c->amount, amount);
	stamp_local(c->recorded_at, at);
	if (c->corrects)
		snprintf(corrects, sizeof corrects, "更正第%lld条", (long long)c->corrects);
	if (c->corrected) {
		char by[MONEY_TEXT_MAX];
		yuan(c->corrected, by);
		snprintf(corrected, sizeof corrected, "已冲减 %s", by);
	}
	p->rows++;
	OUT(CF_RAW, "<tr><td class=\"num\">", CF_TXT, id, CF_RAW, "</td><td>", CF_TXT, year, CF_RAW, "</td><td>", CF_TXT,
	    c->paid_on, CF_RAW, c->amount < 0 ? "</td><td class=\"num error\">" : "</td><td class=\"num\">", CF_TXT, amount,
	    CF_RAW, "</td><td class=\"mono\">", CF_TXT, c->receipt, CF_RAW, "</td><td>", CF_TXT, corrects, CF_RAW, " ",
	    CF_TXT, corrected, CF_RAW, " ", CF_TXT, c->reason, CF_RAW, "</td><td>", CF_TXT, at, CF_RAW, " ", CF_TXT,
	    c->recorded_by, CF_RAW, "</td></tr>\n");
	return 0;
}

static int collections_panel(struct ent_page *p, struct error *err)
{
	struct buf *b = p->b;
	OUT(CF_RAW, "<section class=\"panel\" aria-labelledby=\"h-collections\">\n<h2 id=\"h-collections\">征收记录</h2>\n"
		    "<p class=\"muted\">记录只增不改：录错的金额用一条负数记录冲减（写明原因），再按正确的金额重新登记。</p>\n"
		    "<div class=\"table-wrap\"><table class=\"list\">\n<thead><tr><th scope=\"col\" class=\"num\">编号</th>"
		    "<th scope=\"col\">所属年度</th><th scope=\"col\">缴款日期</th><th scope=\"col\" class=\"num\">金额（元）</th>"
		    "<th scope=\"col\">票据号</th><th scope=\"col\">更正与原因</th><th scope=\"col\">录入</th></tr></thead>\n<tbody>\n");
	if (levy_collections(p->req->db, p->e.id, 0, collection_row, p, err) < 0)
		return -1;
	if (p->rows == 0)
		OUT(CF_RAW, "<tr><td class=\"empty\" colspan=\"7\">尚无征收记录</td></tr>\n");
	OUT(CF_RAW, "</tbody>\n</table></div>\n");
	if (p->manage) {
		char action[64], year[8], today[11];
		snprintf(action, sizeof action, "/levy/%lld/collections", (long long)p->e.id);
		snprintf(year, sizeof year, "%d", p->year);
		date_format(date_today(), today);
		OUT(CF_RAW, "<h3>登记征收</h3>\n<form class=\"person-form\" method=\"post\" action=\"", CF_ATTR, action, CF_RAW,
		    "\" novalidate>");
		if (layout_csrf_field(p->req) < 0)
			return error_set(err, PAGE_FULL);
		if (text_field(b, "year", "所属年度", true, typed(p, "collect", "year", year), 4,
			       problem(p, "collect", "year"), NULL, " inputmode=\"numeric\"") < 0 ||
		    text_field(b, "date", "缴款日期", true, typed(p, "collect", "date", today), 10,
			       problem(p, "collect", "date"), "如 2024-10-15", NULL) < 0 ||
		    text_field(b, "amount", "金额（元）", true, typed(p, "collect", "amount", ""), 24,
			       problem(p, "collect", "amount"), "冲减更正填负数，如 -500.00", " inputmode=\"decimal\"") < 0 ||
		    text_field(b, "receipt", "票据号", false, typed(p, "collect", "receipt", ""), LEVY_RECEIPT_MAX,
			       problem(p, "collect", "receipt"), "缴款书或票据的号码；登记缴款时必填", NULL) < 0 ||
		    text_field(b, "corrects", "更正的记录编号", false, typed(p, "collect", "corrects", ""), 18,
			       problem(p, "collect", "corrects"), "冲减某条记录时填它的编号", " inputmode=\"numeric\"") < 0 ||
		    text_field(b, "reason", "原因", false, typed(p, "collect", "reason", ""), LEVY_REASON_MAX,
			       problem(p, "collect", "reason"), "冲减更正时必填", NULL) < 0)
			return error_set(err, PAGE_FULL);
		OUT(CF_RAW, "<div class=\"buttons\"><button type=\"submit\">登记</button></div></form>\n");
	}
	OUT(CF_RAW, "</section>\n");
	return 0;
}

static int year_row(void *ctx, const struct levy_account *a, struct error *err)
{
	struct ent_page *p = ctx;
	struct buf *b = p->b;
	char href[64], year[8], emp[24] = "", dis[24] = "", due[MONEY_TEXT_MAX] = "—", paid[MONEY_TEXT_MAX],
						 owe[MONEY_TEXT_MAX];
	snprintf(href, sizeof href, "/levy/%lld?year=%d", (long long)p->e.id, a->year);
	snprintf(year, sizeof year, "%d", a->year);
	if (a->has_staff) {
		snprintf(emp, sizeof emp, "%ld", a->employees);
		snprintf(dis, sizeof dis, "%ld", a->disabled);
	}
	if (a->has_due)
		yuan(a->due, due);
	yuan(a->collected, paid);
	yuan(a->outstanding, owe);
	p->rows++;
	OUT(CF_RAW, "<tr><td><a href=\"", CF_ATTR, href, CF_RAW, "\"", CF_RAW,
	    a->year == p->year ? " aria-current=\"page\"" : "", CF_RAW, ">", CF_TXT, year, CF_RAW, "</a></td><td class=\"num\">",
	    CF_TXT, emp, CF_RAW, "</td><td class=\"num\">", CF_TXT, dis, CF_RAW, "</td><td class=\"num\">", CF_TXT, due,
	    CF_RAW, "</td><td class=\"num\">", CF_TXT, paid, CF_RAW, "</td><td class=\"num\">", CF_TXT, owe, CF_RAW,
	    "</td><td>", CF_TXT, levy_kind_label(a->kind), CF_RAW, "</td></tr>\n");
	return 0;
}

static int years_panel(struct ent_page *p, struct error *err)
{
	struct buf *b = p->b;
	p->rows = 0;
	OUT(CF_RAW, "<section class=\"panel\" aria-labelledby=\"h-years\">\n<h2 id=\"h-years\">各年度</h2>\n"
		    "<div class=\"table-wrap\"><table class=\"list\">\n<thead><tr><th scope=\"col\">年度</th>"
		    "<th scope=\"col\" class=\"num\">在职职工</th><th scope=\"col\" class=\"num\">安排残疾人</th>"
		    "<th scope=\"col\" class=\"num\">应缴（元）</th><th scope=\"col\" class=\"num\">已缴（元）</th>"
		    "<th scope=\"col\" class=\"num\">未缴（元）</th><th scope=\"col\">减免或缓缴</th></tr></thead>\n<tbody>\n");
	if (levy_account_years(p->req->db, p->e.id, year_row, p, err) < 0)
		return -1;
	if (p->rows == 0)
		OUT(CF_RAW, "<tr><td class=\"empty\" colspan=\"7\">尚无各年度的记录</td></tr>\n");
	OUT(CF_RAW, "</tbody>\n</table></div>\n</section>\n");
	return 0;
}

static const char *done_notice(const char *done)
{
	if (!done)
		return NULL;
	if (strcmp(done, "saved") == 0)
		return "保存成功。";
	if (strcmp(done, "collected") == 0)
		return "征收记录已登记。";
	if (strcmp(done, "override") == 0)
		return "减免或缓缴已保存。";
	return NULL;
}

/* The page of employer id; form and pr: a refused form shown again. */
static int enterprise_page(struct request *req, int64_t id, int year, const char *form,
			   const struct enterprise_problems *pr, struct error *err)
{
	struct ent_page *p = xcalloc(1, sizeof *p);
	p->req = req;
	p->b = &req->res.body;
	p->year = year;
	p->manage = levy_may_manage(&req->account);
	p->form = form;
	p->pr = pr;
	struct buf *b = p->b;
	int rc = find(req, id, year, &p->e, err);
	if (rc <= 0)
		goto out;
	rc = -1;
	struct levy_account a;
	if (levy_account_get(req->db, id, year, &a, err) < 0)
		goto out;
	char back[48], edit[64];
	snprintf(back, sizeof back, "/levy?year=%d", year);
	snprintf(edit, sizeof edit, "/levy/%lld/edit?year=%d", (long long)id, year);
	const char *notice = done_notice(request_arg(req, "done"));
	if (layout_begin(req, p->e.name, "/levy") < 0 ||
	    (notice && case_form_html(b, CF_RAW, "<p class=\"notice ok\" role=\"status\">", CF_TXT, notice, CF_RAW, "</p>\n",
				      CF_END) < 0) ||
	    (pr && problems_notice(b, pr) < 0) ||
	    case_form_html(b, CF_RAW, "<div class=\"toolbar\"><a class=\"btn secondary\" href=\"", CF_ATTR, back, CF_RAW,
			   "\">返回列表</a>", CF_END) < 0 ||
	    (p->manage && case_form_html(b, CF_RAW, " <a class=\"btn\" href=\"", CF_ATTR, edit, CF_RAW, "\">修改</a>", CF_END) < 0) ||
	    html_raw(b, "</div>\n") < 0) {
		rc = error_set(err, PAGE_FULL);
		goto out;
	}
	if (details(p, err) < 0 || account_panel(p, &a, err) < 0 || collections_panel(p, err) < 0 ||
	    years_panel(p, err) < 0)
		goto out;
	rc = layout_end(req) < 0 ? error_set(err, PAGE_FULL) : 0;
out:
	free(p);
	return rc < 0 ? -1 : 0;
}

int page_levy_sub(struct request *req, struct error *err)
{
	if (!may_view(req))
		return 0;
	if (strcmp(req->path, "/levy/new") == 0)
		return new_form(req, err);
	if (strcmp(req->path, "/levy/export.xlsx") == 0)
		return export(req, err);
	int64_t id;
	const char *rest;
	if (!request_path_id_rest(req, "/levy/", &id, &rest) || (*rest && strcmp(rest, "/edit") != 0)) {
		response_page(req, 404, "页面不存在", "您要访问的页面不存在。");
		return 0;
	}
	if (*rest)
		return edit_form(req, id, err);
	int year = levy_action_year(request_arg(req, "year"));
	return enterprise_page(req, id, year ? year : date_today().year, "", NULL, err);
}

/* POST */

static int collect_post(struct request *req, int64_t id, struct error *err)
{
	struct levy_collection_input in = {
	    request_field(req, "year"),	   request_field(req, "date"),	 request_field(req, "amount"),
	    request_field(req, "receipt"), request_field(req, "reason"), request_field(req, "corrects"),
	};
	int year = levy_action_year(in.year);
	year = year ? year : date_today().year;
	struct enterprise_problems *pr = xmalloc(sizeof *pr);
	int64_t entry;
	int rc = levy_action_collect(req, id, &in, &entry, pr, err);
	if (rc == 0)
		rc = saved(req, id, year, "collected", err);
	else if (rc == 1)
		rc = enterprise_page(req, id, year, "collect", pr, err);
	else if (rc == 2)
		not_found(req), rc = 0;
	free(pr);
	return rc;
}

static int override_post(struct request *req, int64_t id, struct error *err)
{
	const char *y = request_field(req, "year");
	int year = levy_action_year(y);
	year = year ? year : date_today().year;
	struct enterprise_problems *pr = xmalloc(sizeof *pr);
	int rc = levy_action_override(req, id, y, request_field(req, "kind"), request_field(req, "override_amount"),
				      request_field(req, "override_reason"), pr, err);
	if (rc == 0)
		rc = saved(req, id, year, "override", err);
	else if (rc == 1)
		rc = enterprise_page(req, id, year, "override", pr, err);
	else if (rc == 2)
		not_found(req), rc = 0;
	free(pr);
	return rc;
}

static int year_post(struct request *req, struct error *err)
{
	int year = levy_action_year(request_field(req, "year"));
	struct enterprise_problems *pr = xmalloc(sizeof *pr);
	memset(pr, 0, sizeof *pr);
	struct levy_year after;
	int rc = 1;
	if (!year)
		enterprise_problem(pr, "year", msg(MSG_ENT_YEAR), ENTERPRISE_YEAR_MIN, ENTERPRISE_YEAR_MAX);
	else
		rc = levy_action_year_set(req, year, request_field(req, "avg_wage"), request_field(req, "ratio"), &after,
					  pr, err);
	if (rc == 0) {
		char location[48];
		snprintf(location, sizeof location, "/levy?year=%d&saved=1", year);
		rc = auth_redirect(req, location, err);
	} else if (rc == 1) {
		rc = list_page(req, pr, year, err);
	}
	free(pr);
	return rc;
}

int page_levy_post(struct request *req, struct error *err)
{
	if (!may_manage(req))
		return 0;
	if (strcmp(req->path, "/levy/new") == 0)
		return new_post(req, err);
	if (strcmp(req->path, "/levy/year") == 0)
		return year_post(req, err);
	int64_t id;
	const char *rest;
	if (request_path_id_rest(req, "/levy/", &id, &rest)) {
		if (strcmp(rest, "/edit") == 0)
			return edit_post(req, id, err);
		if (strcmp(rest, "/collections") == 0)
			return collect_post(req, id, err);
		if (strcmp(rest, "/override") == 0)
			return override_post(req, id, err);
	}
	response_page(req, 404, "页面不存在", "您要访问的页面不存在。");
	return 0;
}
