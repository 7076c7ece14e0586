#include "web/page-supervision.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/msg.h"
#include "base/xalloc.h"
#include "domain/supervision.h"
#include "web/auth.h"
#include "web/case-form.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/page-target.h"
#include "web/target-view.h"

#define PAGE_FULL TARGET_VIEW_FULL
#define FORMS_MAX 200 /* items with a form under one table */

/* An item that gets a form under the table. */
struct pending {
	int64_t id;
	enum supervision_status status;
	char title[400];
};

struct items {
	struct request *req;
	struct buf *b;
	bool list; /* every target's items: a column for the target */
	bool answers, decides;
	char own[13];
	struct date today;
	long rows;
	struct pending *forms;
	size_t nforms;
};

static const char *status_class(enum supervision_status s)
{
	return s == SUPERVISION_OPEN ? "warn" : s == SUPERVISION_ANSWERED ? "info" : "ok";
}

static int item_row(void *ctx, const struct supervision *s, struct error *err)
{
	struct items *it = ctx;
	struct buf *b = it->b;
	char num[24], days[24], href[48], opened[200], decided[2400] = "";
	snprintf(num, sizeof num, "%lld", (long long)s->id);
	snprintf(days, sizeof days, "%ld", supervision_days_open(s, it->today));
	snprintf(href, sizeof href, "/targets/%lld#supervision", (long long)s->target_id);
	snprintf(opened, sizeof opened, "%s %s", s->opened_on, s->opened_by);
	if (s->status == SUPERVISION_CLOSED)
		snprintf(decided, sizeof decided, "销号（%s %s）：%s", s->closed_on, s->closed_by, s->closing);
	else if (*s->closing)
		snprintf(decided, sizeof decided, "退回：%s", s->closing);
	struct date due;
	bool late = s->status != SUPERVISION_CLOSED && date_parse(s->deadline, &due) == 0 && date_cmp(it->today, due) > 0;
	it->rows++;
	char pdf[48];
	snprintf(pdf, sizeof pdf, "/supervision/%lld/notice.pdf", (long long)s->id);
	if (case_form_html(b, CF_RAW, "<tr><td>", CF_TXT, num, CF_RAW, " <a class=\"print\" href=\"", CF_ATTR, pdf,
			   CF_RAW, "\">打印通知书（PDF）</a></td>", CF_END) < 0 ||
	    (it->list && case_form_html(b, CF_RAW, "<td><a href=\"", CF_ATTR, href, CF_RAW, "\">", CF_TXT, s->target_name,
					CF_RAW, "</a></td>", CF_END) < 0) ||
	    case_form_html(b, CF_RAW, "<td>", CF_TXT, s->township_name, CF_RAW, "</td><td>", CF_TXT, s->finding, CF_RAW,
			   "</td><td>", CF_TXT, s->requirement, CF_RAW, "</td><td", CF_RAW, late ? " class=\"overdue\">" : ">",
			   CF_TXT, s->deadline, CF_RAW, late ? "（已超过整改时限）" : "", CF_RAW, "</td><td><span class=\"tag ",
			   CF_RAW, status_class(s->status), CF_RAW, "\">", CF_TXT, supervision_status_label(s->status), CF_RAW,
			   "</span></td><td class=\"num\">", CF_TXT, days, CF_RAW, "</td><td>", CF_TXT, opened, CF_RAW,
			   "</td><td>", CF_TXT, s->answer, CF_RAW, "</td><td>", CF_TXT, decided, CF_RAW, "</td></tr>\n",
			   CF_END) < 0)
		return error_set(err, PAGE_FULL);
	bool answer = it->answers && s->status == SUPERVISION_OPEN && strcmp(s->township, it->own) == 0;
	bool decide = it->decides && s->status == SUPERVISION_ANSWERED;
	if ((answer || decide) && it->nforms < FORMS_MAX) {
		struct pending *p = &it->forms[it->nforms++];
		p->id = s->id;
		p->status = s->status;
		snprintf(p->title, sizeof p->title, "%s（编号%lld · %s · %s）", answer ? "填报整改情况" : "核实整改情况",
			 (long long)s->id, s->township_name, s->target_name);
	}
	return 0;
}

/* A labelled textarea with its reason. */
static int textarea(struct buf *b, const char *id, const char *name, const char *label, const char *value,
		    const char *reason)
{
	return case_form_html(b, CF_RAW, "<div class=\"field\"><label for=\"", CF_ATTR, id, CF_RAW, "\">", CF_TXT, label,
			      CF_RAW, "<span class=\"required\" aria-hidden=\"true\">*</span></label><textarea rows=\"3\" maxlength=\"500\" id=\"",
			      CF_ATTR, id, CF_RAW, "\" name=\"", CF_ATTR, name, CF_RAW, "\" required", CF_RAW,
			      *reason ? " aria-invalid=\"true\" aria-describedby=\"e-" : "", CF_ATTR, *reason ? id : "",
			      CF_RAW, *reason ? "\">" : ">", CF_TXT, value, CF_RAW, "</textarea>", CF_END) < 0 ||
			       (*reason && case_form_html(b, CF_RAW, "<p class=\"field-error\" id=\"e-", CF_ATTR, id, CF_RAW,
							  "\">", CF_TXT, reason, CF_RAW, "</p>", CF_END) < 0) ||
			       html_raw(b, "</div>\n") < 0
		       ? -1
		       : 0;
}

static int item_form(struct items *it, const struct pending *p, const char *from, const char *typed, int64_t item,
		     const struct case_problems *pr)
{
	struct request *req = it->req;
	struct buf *b = it->b;
	bool answer = p->status == SUPERVISION_OPEN;
	bool mine = typed && item == p->id && strcmp(typed, answer ? "answer" : "decide") == 0;
	char action[64], id[40];
	snprintf(action, sizeof action, "/supervision/%lld/%s", (long long)p->id, answer ? "answer" : "decide");
	snprintf(id, sizeof id, "s%lld-%s", (long long)p->id, answer ? "answer" : "note");
	if (case_form_html(b, CF_RAW, "<h3>", CF_TXT, p->title, CF_RAW, "</h3>\n<form class=\"person-form\" method=\"post\" action=\"",
			   CF_ATTR, action, CF_RAW, "\" novalidate>\n", CF_END) < 0 ||
	    layout_csrf_field(req) < 0 ||
	    case_form_html(b, CF_RAW, "<input type=\"hidden\" name=\"from\" value=\"", CF_ATTR, from, CF_RAW, "\">\n",
			   CF_END) < 0 ||
	    (mine && case_form_problems(b, pr) < 0))
		return -1;
	if (answer)
		return textarea(b, id, "answer", "整改情况", mine ? case_form_typed(req, "", "answer") : "",
				mine ? case_form_reason(pr, "answer") : "") < 0 ||
				       html_raw(b, "<div class=\"buttons\"><button type=\"submit\">提交整改情况</button></div>\n</form>\n") < 0
			       ? -1
			       : 0;
	return textarea(b, id, "note", "核实意见（销号意见或退回原因）", mine ? case_form_typed(req, "", "note") : "",
			mine ? case_form_reason(pr, "note") : "") < 0 ||
			       html_raw(b, "<div class=\"buttons\"><button type=\"submit\" name=\"decision\" value=\"close\">销号</button>"
					   "<button type=\"submit\" class=\"secondary\" name=\"decision\" value=\"back\">退回重新整改</button></div>\n</form>\n") < 0
		       ? -1
		       : 0;
}

int page_supervision_items(struct request *req, const struct registry_scope *scope, const struct target *t, int year,
			   const char *from, const char *typed, int64_t item, const struct case_problems *pr,
			   struct error *err)
{
	struct items it = {.req = req, .b = &req->res.body, .list = t == NULL, .today = date_today()};
	it.answers = req->account.role == ROLE_TOWNSHIP;
	it.decides = target_may_edit(&req->account);
	target_view_scope_township(scope, it.own);
	it.forms = xcalloc(FORMS_MAX, sizeof *it.forms);
	struct buf *b = it.b;
	int rc = -1;
	if (case_form_html(b, CF_RAW, "<div class=\"table-wrap\"><table class=\"list supervision\">\n<caption>",
			   CF_TXT, t ? "本目标的督查事项（未销号的在前）" : "督查事项（未销号的在前；已开天数算到今天，已销号的算到销号日）",
			   CF_RAW, "</caption>\n<thead><tr><th scope=\"col\">编号</th>", CF_RAW,
			   t ? "" : "<th scope=\"col\">目标</th>", CF_RAW,
			   "<th scope=\"col\">乡镇</th><th scope=\"col\">督查发现的问题</th><th scope=\"col\">整改要求</th>"
			   "<th scope=\"col\">整改时限</th><th scope=\"col\">状态</th><th scope=\"col\" class=\"num\">已开天数</th>"
			   "<th scope=\"col\">发起</th><th scope=\"col\">整改情况</th><th scope=\"col\">核实意见</th></tr></thead>\n<tbody>\n",
			   CF_END) < 0) {
		rc = error_set(err, PAGE_FULL);
		goto out;
	}
	if (supervision_list(req->db, scope, t ? t->id : 0, t ? 0 : year, false, item_row, &it, err) < 0)
		goto out;
	if ((it.rows == 0 && case_form_html(b, CF_RAW, "<tr><td class=\"empty\" colspan=\"", CF_RAW, t ? "10" : "11",
					    CF_RAW, "\">没有督查事项</td></tr>\n", CF_END) < 0) ||
	    html_raw(b, "</tbody></table></div>\n") < 0) {
		rc = error_set(err, PAGE_FULL);
		goto out;
	}
	/* A refusal whose form is no longer shown (the item moved on meanwhile) is said here. */
	bool shown = false;
	for (size_t i = 0; i < it.nforms; i++)
		shown = shown || it.forms[i].id == item;
	if (typed && (strcmp(typed, "answer") == 0 || strcmp(typed, "decide") == 0) && !shown &&
	    case_form_problems(b, pr) < 0) {
		rc = error_set(err, PAGE_FULL);
		goto out;
	}
	for (size_t i = 0; i < it.nforms; i++)
		if (item_form(&it, &it.forms[i], from, typed, item, pr) < 0) {
			rc = error_set(err, PAGE_FULL);
			goto out;
		}
	rc = 0;
out:
	free(it.forms);
	return rc;
}

/* The list */

static int render_list(struct request *req, const char *typed, int64_t item, const struct case_problems *pr,
		       struct error *err)
{
	struct registry_scope scope;
	if (!target_view_scope(req, &scope))
		return 0;
	struct buf *b = &req->res.body;
	const char *y = request_arg(req, "year");
	int year = y && *y ? case_form_year(y) : 0;
	const char *year_reason = year < 0 ? msg(MSG_TARGET_YEAR) : "";
	if (year < 0)
		year = 0;
	const char *done = request_arg(req, "done");
	const char *notice = !done ? NULL
			     : strcmp(done, "answered") == 0 ? msg(MSG_SUPERVISION_ANSWERED)
			     : strcmp(done, "closed") == 0   ? msg(MSG_SUPERVISION_CLOSED)
			     : strcmp(done, "back") == 0     ? msg(MSG_SUPERVISION_SENT_BACK)
							     : NULL;
	char yeartext[12] = "";
	if (year)
		snprintf(yeartext, sizeof yeartext, "%d", year);
	if (layout_begin(req, "督查事项", "/targets") < 0 ||
	    html_raw(b, "<p class=\"toolbar\"><a href=\"/targets\">返回目标看板</a> <a class=\"btn secondary\" href=\"/supervision/export.xlsx\">导出Excel</a></p>\n") < 0 ||
	    (notice && case_form_html(b, CF_RAW, "<p class=\"notice ok\" role=\"status\">", CF_TXT, notice, CF_RAW, "</p>\n",
				      CF_END) < 0) ||
	    case_form_html(b, CF_RAW, "<form class=\"query panel\" method=\"get\" action=\"/supervision\">"
				  "<div class=\"field inline\"><label for=\"f-year\">年度</label><input id=\"f-year\" name=\"year\" "
				  "type=\"text\" inputmode=\"numeric\" maxlength=\"4\" size=\"5\" value=\"",
			   CF_ATTR, y && year_reason[0] ? y : yeartext, CF_RAW, "\"", CF_RAW,
			   *year_reason ? " aria-invalid=\"true\" aria-describedby=\"e-year\">" : ">", CF_END) < 0 ||
	    (*year_reason && case_form_html(b, CF_RAW, "<p class=\"field-error\" id=\"e-year\">", CF_TXT, year_reason,
					    CF_RAW, "</p>", CF_END) < 0) ||
	    html_raw(b, "</div><div class=\"buttons\"><button type=\"submit\" class=\"primary\">查看</button>"
			"<a class=\"btn secondary\" href=\"/supervision\">全部年度</a></div></form>\n"
			"<section class=\"panel\">\n<h2>督查事项</h2>\n<p class=\"muted\">县残联对滞后的乡镇目标发起督查，乡镇填报整改情况，"
			"县残联核实后销号或退回重新整改。</p>\n") < 0)
		return error_set(err, PAGE_FULL);
	if (page_supervision_items(req, &scope, NULL, year, "list", typed, item, pr, err) < 0)
		return -1;
	if (html_raw(b, "</section>\n") < 0 || layout_end(req) < 0)
		return error_set(err, PAGE_FULL);
	return 0;
}

int page_supervision(struct request *req, struct error *err)
{
	return render_list(req, NULL, 0, NULL, err);
}

/* POST /supervision/{id}/answer|decide */

int page_supervision_post(struct request *req, struct error *err)
{
	struct registry_scope scope;
	if (!target_view_scope(req, &scope) || !target_view_may_post(req))
		return 0;
	int64_t id;
	const char *rest;
	if (!request_path_id_rest(req, "/supervision/", &id, &rest) ||
	    (strcmp(rest, "/answer") != 0 && strcmp(rest, "/decide") != 0)) {
		response_page(req, 404, "页面不存在", "您要访问的页面不存在，请检查网址是否正确。");
		return 0;
	}
	bool answer = strcmp(rest, "/answer") == 0;
	struct supervision *s = xmalloc(sizeof *s);
	struct case_problems *pr = xcalloc(1, sizeof *pr);
	int rc = -1;
	int found = supervision_get(req->db, &scope, id, s, err);
	if (found < 0)
		goto out;
	if (found == 0) {
		response_page(req, 404, "督查事项不存在", msg(MSG_SUPERVISION_NOT_FOUND));
		rc = 0;
		goto out;
	}
	bool to_target = strcmp(case_form_typed(req, "", "from"), "target") == 0;
	const char *decision = case_form_typed(req, "", "decision");
	bool close = strcmp(decision, "close") == 0;
	if (!answer && !close && strcmp(decision, "back") != 0) {
		response_page(req, 400, "提交的数据无效", "请选择销号或退回重新整改。");
		rc = 0;
		goto out;
	}
	const char *text = case_form_typed(req, "", answer ? "answer" : "note");
	struct db *w = server_writer_lock(req->server);
	int r = answer ? supervision_answer(w, id, text, &req->account, pr, err)
		       : supervision_decide(w, id, close, text, &req->account, pr, err);
	server_writer_unlock(req->server);
	if (r < 0)
		goto out;
	if (r == 2) {
		response_page(req, 404, "督查事项不存在", msg(MSG_SUPERVISION_NOT_FOUND));
		rc = 0;
		goto out;
	}
	const char *typed = answer ? "answer" : "decide";
	if (r == 1) {
		rc = to_target ? page_target_render(req, s->target_id, typed, id, pr, err)
			       : render_list(req, typed, id, pr, err);
		goto out;
	}
	char target[48], location[96];
	snprintf(target, sizeof target, "supervision:%lld", (long long)id);
	json_t *d = json_pack("{s:I, s:s, s:s}", "target", (json_int_t)s->target_id, "township", s->township,
			      answer ? "answer" : "note", text);
	char *detail = d ? json_dumps(d, JSON_COMPACT) : NULL;
	json_decref(d);
	rc = auth_audit(req, "目标管理", answer ? "填报整改" : close ? "督查销号" : "督查退回", target,
			detail ? detail : "", "成功", err);
	free(detail);
	if (rc < 0)
		goto out;
	const char *done = answer ? "answered" : close ? "closed" : "back";
	if (to_target)
		snprintf(location, sizeof location, "/targets/%lld?done=%s#supervision", (long long)s->target_id, done);
	else
		snprintf(location, sizeof location, "/supervision?done=%s", done);
	rc = auth_redirect(req, location, err);
out:
	free(pr);
	free(s);
	return rc;
}
