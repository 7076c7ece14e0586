#include "web/page-survey-check.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/msg.h"
#include "base/number.h"
#include "base/stamp.h"
#include "base/xalloc.h"
#include "domain/division.h"
#include "domain/survey-check.h"
#include "domain/survey.h"
#include "web/auth.h"
#include "web/case-form.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/page-survey.h"

#define PAGE_FULL "survey check page too large"
#define MODULE "基本情况调查"

static int not_found(struct request *req)
{
	response_page(req, 404, "页面不存在", "您要查看的验收抽查不存在，或不在您的管辖范围内。");
	return 0;
}

static int fact(struct buf *b, const char *label, const char *value)
{
	return case_form_html(b, CF_RAW, "<dt>", CF_TXT, label, CF_RAW, "</dt><dd>", CF_TXT, value, CF_RAW, "</dd>\n",
	                      CF_END);
}

static int audit(struct request *req, const char *action, const char *target, json_t *detail, struct error *err)
{
	char *text = detail ? json_dumps(detail, JSON_COMPACT) : NULL;
	json_decref(detail);
	int rc = auth_audit(req, MODULE, action, target, text ? text : "", "成功", err);
	free(text);
	return rc;
}

/* A labelled text input; the reason under it. */
static int input(struct buf *b, const char *id, const char *name, const char *label, const char *value,
                 const char *reason, const char *maxlength, const char *hint)
{
	char eid[48];
	snprintf(eid, sizeof eid, "e-%s", id);
	return case_form_html(b, CF_RAW, "<div class=\"field\"><label for=\"", CF_ATTR, id, CF_RAW, "\">", CF_TXT,
	                      label, CF_RAW, "</label><input type=\"text\" id=\"", CF_ATTR, id, CF_RAW, "\" name=\"",
	                      CF_ATTR, name, CF_RAW, "\" maxlength=\"", CF_ATTR, maxlength, CF_RAW, "\"", CF_RAW,
	                      *reason ? " aria-invalid=\"true\" aria-describedby=\"" : "", CF_ATTR, *reason ? eid : "",
	                      CF_RAW, *reason ? "\"" : "", CF_RAW, " value=\"", CF_ATTR, value, CF_RAW, "\">",
	                      CF_END) < 0 ||
	               (*reason && case_form_html(b, CF_RAW, "<p class=\"field-error\" id=\"", CF_ATTR, eid, CF_RAW,
	                                          "\">", CF_TXT, reason, CF_RAW, "</p>", CF_END) < 0) ||
	               (hint &&
	                case_form_html(b, CF_RAW, "<p class=\"hint\">", CF_TXT, hint, CF_RAW, "</p>", CF_END) < 0) ||
	               html_raw(b, "</div>\n") < 0
	           ? -1
	           : 0;
}

/* A township's checks */

struct list {
	struct buf *b;
	long rows;
};

static int check_row(void *ctx, const struct survey_check *c, struct error *err)
{
	struct list *l = ctx;
	struct buf *b = l->b;
	char href[80], num[24], seed[24], drawn[64], verified[48];
	snprintf(href, sizeof href, "/survey/checks/%lld", (long long)c->id);
	snprintf(num, sizeof num, "%lld", (long long)c->id);
	snprintf(seed, sizeof seed, "%lld", (long long)c->seed);
	snprintf(drawn, sizeof drawn, "%ld / %ld", c->drawn, c->population);
	snprintf(verified, sizeof verified, "%ld（有差错%ld）", c->verified, c->discrepancies);
	l->rows++;
	if (case_form_html(b, CF_RAW, "<tr><td><a href=\"", CF_ATTR, href, CF_RAW, "\">第", CF_TXT, num, CF_RAW,
	                   "次</a></td><td>", CF_TXT, c->drawn_on, CF_RAW, "</td><td>", CF_TXT, c->drawn_by, CF_RAW,
	                   "</td><td class=\"mono\">", CF_TXT, seed, CF_RAW, "</td><td class=\"num\">", CF_TXT, drawn,
	                   CF_RAW, "</td><td class=\"num\">", CF_TXT, verified, CF_RAW, "</td><td class=\"num\">",
	                   CF_END) < 0 ||
	    page_survey_rate(b, c->discrepancies, c->verified, -1, false) < 0 || html_raw(b, "</td></tr>\n") < 0)
		return error_set(err, PAGE_FULL);
	return 0;
}

/* The page; typed after a refusal of the draw form (pr). */
static int checks_page(struct request *req, const char *township, int year, const struct registry_scope *scope,
                       const struct case_problems *pr, struct error *err)
{
	struct buf *b = &req->res.body;
	struct division d;
	int found = division_find(req->db, township, &d, err);
	if (found < 0)
		return -1;
	if (!found || d.level != DIVISION_TOWNSHIP || !registry_scope_has(scope, township))
		return not_found(req);
	char title[220], back[120], action[120];
	snprintf(title, sizeof title, "%s · 验收抽查（%d年度）", d.name, year);
	snprintf(back, sizeof back, "/survey/townships/%s?year=%d", township, year);
	snprintf(action, sizeof action, "/survey/townships/%s/checks", township);
	const char *done = request_arg(req, "done");
	if (layout_begin(req, title, "/survey") < 0 ||
	    case_form_html(b, CF_RAW, "<p class=\"toolbar\"><a href=\"", CF_ATTR, back, CF_RAW,
	                   "\">返回乡镇各村进度</a></p>\n", CF_END) < 0 ||
	    (done && strcmp(done, "check") == 0 &&
	     html_raw(b, "<p class=\"notice ok\" role=\"status\">验收样本已抽取。</p>\n") < 0) ||
	    html_raw(
	        b, "<p class=\"hint\">验收抽查从本乡镇已有调查记录的底册人员中随机抽取若干户，由县残联重新入户核实。"
	           "抽样可以复核：样本按随机种子抽取（splitmix64 随机数，部分 Fisher-Yates 洗牌，人员按档案顺序排列），"
	           "用同一随机种子对同样的记录重新抽取，会得到相同的户。</p>\n") < 0)
		return error_set(err, PAGE_FULL);
	if (survey_check_may(&req->account)) {
		bool typed = pr != NULL;
		if (case_form_html(b, CF_RAW,
		                   "<section class=\"panel\">\n<h2>抽取验收样本</h2>\n<form class=\"person-form\" "
		                   "method=\"post\" action=\"",
		                   CF_ATTR, action, CF_RAW, "\" novalidate>\n", CF_END) < 0 ||
		    page_survey_hidden(req, year) < 0 || (typed && case_form_problems(b, pr) < 0) ||
		    input(b, "f-n", "n", "抽查户数", typed ? case_form_typed(req, "", "n") : "10",
		          typed ? case_form_reason(pr, "n") : "", "4", "1至1000户；超过已有记录的户数时全部抽取") < 0 ||
		    input(b, "f-seed", "seed", "随机种子", typed ? case_form_typed(req, "", "seed") : "",
		          typed ? case_form_reason(pr, "seed") : "", "18",
		          "可不填（自动产生并记录）；公开抽样时可当场约定一个数") < 0 ||
		    html_raw(b, "<div class=\"buttons\"><button type=\"submit\" "
		                "class=\"primary\">抽取样本</button></div>\n</form>\n</section>\n") < 0)
			return error_set(err, PAGE_FULL);
	}
	if (html_raw(
	        b, "<section class=\"panel\">\n<h2>抽查记录</h2>\n<div class=\"table-wrap\"><table class=\"list\">\n"
	           "<thead><tr><th scope=\"col\">抽查</th><th scope=\"col\">抽查日期</th><th scope=\"col\">抽查人</th>"
	           "<th scope=\"col\">随机种子</th><th scope=\"col\" class=\"num\">抽取户数 / 有记录户数</th>"
	           "<th scope=\"col\" class=\"num\">已核实</th><th scope=\"col\" "
	           "class=\"num\">差错率</th></tr></thead>\n<tbody>\n") < 0)
		return error_set(err, PAGE_FULL);
	struct list l = {b, 0};
	if (survey_check_list(req->db, year, township, scope, check_row, &l, err) < 0)
		return -1;
	if ((l.rows == 0 && html_raw(b, "<tr><td class=\"empty\" colspan=\"7\">还没有验收抽查</td></tr>\n") < 0) ||
	    html_raw(b, "</tbody></table></div>\n</section>\n") < 0 || layout_end(req) < 0)
		return error_set(err, PAGE_FULL);
	return 0;
}

int page_survey_checks(struct request *req, const char *township, int year, const struct registry_scope *scope,
                       struct error *err)
{
	return checks_page(req, township, year, scope, NULL, err);
}

int page_survey_checks_post(struct request *req, const char *township, int year, const struct registry_scope *scope,
                            struct error *err)
{
	if (!survey_check_may(&req->account)) {
		response_page(req, 403, "无权操作", "您的角色不能进行验收抽查。");
		return 0;
	}
	struct case_problems *pr = xcalloc(1, sizeof *pr);
	int64_t n = 0, seed = 0;
	const char *nt = case_form_typed(req, "", "n"), *st = case_form_typed(req, "", "seed");
	bool n_ok = number_parse(nt, 1, SURVEY_CHECK_MAX, &n);
	bool seed_ok = !*st || number_parse(st, 1, SURVEY_CHECK_SEED_MAX, &seed);
	int64_t id = 0;
	int rc;
	if (!n_ok || !seed_ok) {
		if (!n_ok)
			case_field_problem(pr, "n", msg(MSG_SURVEY_CHECK_N), SURVEY_CHECK_MAX);
		if (!seed_ok)
			case_field_problem(pr, "seed", "%s", msg(MSG_SURVEY_CHECK_SEED));
		rc = 1;
	} else {
		struct db *w = server_writer_lock(req->server);
		rc = survey_check_draw(w, year, township, (int)n, seed, &req->account, scope, &id, pr, err);
		server_writer_unlock(req->server);
	}
	if (rc == 2) {
		rc = not_found(req);
	} else if (rc == 1) {
		rc = checks_page(req, township, year, scope, pr, err);
	} else if (rc == 0) {
		char target[40], location[80];
		snprintf(target, sizeof target, "survey_check:%lld", (long long)id);
		rc = audit(req, "验收抽查", target,
		           json_pack("{s:i, s:s, s:I}", "year", year, "township", township, "n", (json_int_t)n), err);
		snprintf(location, sizeof location, "/survey/checks/%lld?done=check", (long long)id);
		if (rc == 0)
			rc = auth_redirect(req, location, err);
	}
	free(pr);
	return rc;
}

/* A check */

struct items {
	struct request *req;
	struct buf *b;
	int64_t id;
	bool may;
	const char *typed_person; /* the row whose form was refused */
	const struct case_problems *pr;
};

static int item_row(void *ctx, const struct survey_check_item *it, struct error *err)
{
	struct items *l = ctx;
	struct buf *b = l->b;
	char seq[16], version[64], person[24], href[80], action[80], today[11];
	snprintf(seq, sizeof seq, "%d", it->seq);
	snprintf(version, sizeof version, "%s（第%d版%s）", survey_outcome_label(it->outcome), it->version,
	         it->current_version != it->version ? "，其后已更正" : "");
	snprintf(person, sizeof person, "%lld", (long long)it->person_id);
	snprintf(href, sizeof href, "/survey/records/%lld", (long long)it->person_id);
	snprintf(action, sizeof action, "/survey/checks/%lld/verify", (long long)l->id);
	date_format(date_today(), today);
	const char *tag = it->verdict == SURVEY_AGREES        ? "<span class=\"tag ok\">"
	                  : it->verdict == SURVEY_DISCREPANCY ? "<span class=\"tag danger\">"
	                                                      : "<span class=\"tag\">";
	if (case_form_html(b, CF_RAW, "<tr><td class=\"num\">", CF_TXT, seq, CF_RAW, "</td><td><a href=\"", CF_ATTR,
	                   href, CF_RAW, "\">", CF_TXT, it->name, CF_RAW, "</a></td><td>", CF_TXT, it->village_name,
	                   CF_RAW, "</td><td>", CF_TXT, version, CF_RAW, "</td><td>", CF_TXT, it->visit_date, CF_RAW,
	                   "</td><td>", CF_TXT, it->investigator, CF_RAW, "</td><td>", CF_RAW, tag, CF_TXT,
	                   survey_verdict_label(it->verdict), CF_RAW, "</span></td><td>", CF_TXT, it->note, CF_RAW,
	                   "</td><td>", CF_TXT, it->verified_by, CF_RAW, " ", CF_TXT, it->verified_on, CF_RAW,
	                   "</td><td>", CF_END) < 0)
		return error_set(err, PAGE_FULL);
	if (l->may && it->verdict == SURVEY_UNVERIFIED) {
		bool mine = l->typed_person && strcmp(l->typed_person, person) == 0;
		const struct case_problems *pr = mine ? l->pr : NULL;
		const char *result = mine ? case_form_typed(l->req, "", "result") : "";
		const char *rr = mine ? case_form_reason(pr, "result") : "",
		           *nr = mine ? case_form_reason(pr, "note") : "";
		const char *dr = mine ? case_form_reason(pr, "date") : "";
		char label[160], rid[32], nid[32], did[32];
		snprintf(label, sizeof label, "%s的核实结果", it->name);
		snprintf(rid, sizeof rid, "v%s-result", person);
		snprintf(nid, sizeof nid, "v%s-note", person);
		snprintf(did, sizeof did, "v%s-date", person);
		if (case_form_html(b, CF_RAW, "<form class=\"inline\" method=\"post\" action=\"", CF_ATTR, action,
		                   CF_RAW, "\">", CF_END) < 0 ||
		    layout_csrf_field(l->req) < 0 ||
		    case_form_html(
		        b, CF_RAW, "<input type=\"hidden\" name=\"person\" value=\"", CF_ATTR, person, CF_RAW,
		        "\"><select name=\"result\" id=\"", CF_ATTR, rid, CF_RAW, "\" aria-label=\"", CF_ATTR, label,
		        CF_RAW, "\"><option value=\"\">核实结果</option><option value=\"agrees\"", CF_RAW,
		        strcmp(result, "agrees") == 0 ? " selected" : "", CF_RAW,
		        ">一致</option><option value=\"discrepancy\"", CF_RAW,
		        strcmp(result, "discrepancy") == 0 ? " selected" : "", CF_RAW,
		        ">有差错</option></select> <input type=\"text\" name=\"note\" id=\"", CF_ATTR, nid, CF_RAW,
		        "\" maxlength=\"500\" placeholder=\"差错情况\" aria-label=\"差错情况\" value=\"", CF_ATTR,
		        mine ? case_form_typed(l->req, "", "note") : "", CF_RAW,
		        "\"> <input type=\"text\" name=\"date\" id=\"", CF_ATTR, did, CF_RAW,
		        "\" maxlength=\"10\" size=\"10\" aria-label=\"核实日期\" value=\"", CF_ATTR,
		        mine ? case_form_typed(l->req, "", "date") : today, CF_RAW,
		        "\"> <button type=\"submit\">保存</button>", CF_END) < 0)
			return error_set(err, PAGE_FULL);
		const char *reasons[] = {mine && pr && *pr->message ? pr->message : "", rr, nr, dr};
		for (size_t i = 0; i < 4; i++)
			if (*reasons[i] && case_form_html(b, CF_RAW, "<p class=\"field-error\" role=\"alert\">", CF_TXT,
			                                  reasons[i], CF_RAW, "</p>", CF_END) < 0)
				return error_set(err, PAGE_FULL);
		if (html_raw(b, "</form>") < 0)
			return error_set(err, PAGE_FULL);
	}
	return html_raw(b, "</td></tr>\n") < 0 ? error_set(err, PAGE_FULL) : 0;
}

static int check_page(struct request *req, int64_t id, const struct registry_scope *scope, const char *typed_person,
                      const struct case_problems *pr, struct error *err)
{
	struct buf *b = &req->res.body;
	struct survey_check c;
	int found = survey_check_get(req->db, id, scope, &c, err);
	if (found <= 0)
		return found < 0 ? -1 : not_found(req);
	char title[260], back[120], seed[24], drawn[120], by[200], rate_note[80];
	snprintf(title, sizeof title, "%s · 第%lld次验收抽查（%d年度）", c.township_name, (long long)c.id, c.year);
	snprintf(back, sizeof back, "/survey/townships/%s/checks?year=%d", c.township, c.year);
	snprintf(seed, sizeof seed, "%lld", (long long)c.seed);
	snprintf(drawn, sizeof drawn, "%ld户（要求%d户；有调查记录的底册人员%ld户）", c.drawn, c.requested,
	         c.population);
	char at[STAMP_LOCAL_SIZE];
	stamp_local(c.drawn_at, at);
	snprintf(by, sizeof by, "%s（%s）", c.drawn_by, at);
	snprintf(rate_note, sizeof rate_note, "（已核实%ld户，有差错%ld户）", c.verified, c.discrepancies);
	const char *done = request_arg(req, "done");
	const char *notice = !done                         ? NULL
	                     : strcmp(done, "check") == 0  ? "验收样本已抽取，请逐户核实。"
	                     : strcmp(done, "verify") == 0 ? "核实结果已保存。"
	                                                   : NULL;
	if (layout_begin(req, title, "/survey") < 0 ||
	    case_form_html(b, CF_RAW, "<p class=\"toolbar\"><a href=\"", CF_ATTR, back, CF_RAW,
	                   "\">返回本乡镇验收抽查</a></p>\n", CF_END) < 0 ||
	    (notice && case_form_html(b, CF_RAW, "<p class=\"notice ok\" role=\"status\">", CF_TXT, notice, CF_RAW,
	                              "</p>\n", CF_END) < 0) ||
	    html_raw(b, "<section class=\"panel\">\n<dl class=\"facts\">\n") < 0 ||
	    fact(b, "乡镇", c.township_name) < 0 || fact(b, "抽查日期", c.drawn_on) < 0 || fact(b, "抽查人", by) < 0 ||
	    fact(b, "随机种子", seed) < 0 || fact(b, "抽取", drawn) < 0 || html_raw(b, "<dt>差错率</dt><dd>") < 0 ||
	    page_survey_rate(b, c.discrepancies, c.verified, -1, false) < 0 ||
	    case_form_html(b, CF_RAW, " <span class=\"muted\">", CF_TXT, rate_note, CF_RAW,
	                   "</span></dd>\n</dl>\n</section>\n", CF_END) < 0 ||
	    html_raw(b,
	             "<section class=\"panel\">\n<h2>抽中的户</h2>\n<div class=\"table-wrap\"><table class=\"list\">\n"
	             "<thead><tr><th scope=\"col\" class=\"num\">序号</th><th scope=\"col\">姓名</th><th "
	             "scope=\"col\">村（社区）</th>"
	             "<th scope=\"col\">调查结果（抽中的版本）</th><th scope=\"col\">调查日期</th><th "
	             "scope=\"col\">调查员</th>"
	             "<th scope=\"col\">核实结果</th><th scope=\"col\">差错情况</th><th scope=\"col\">核实人</th>"
	             "<th scope=\"col\">核实</th></tr></thead>\n<tbody>\n") < 0)
		return error_set(err, PAGE_FULL);
	struct items l = {req, b, id, survey_check_may(&req->account), typed_person, pr};
	if (survey_check_items(req->db, id, item_row, &l, err) < 0)
		return -1;
	if ((c.drawn == 0 && html_raw(b, "<tr><td class=\"empty\" colspan=\"10\">没有抽中的户</td></tr>\n") < 0) ||
	    html_raw(b, "</tbody></table></div>\n<p class=\"hint\">差错率 = 有差错的户数 ÷ "
	                "已核实的户数。核实结果保存后不能更改；"
	                "调查记录有误的，由村调查员在调查记录中更正（保留原记录）。</p>\n</section>\n") < 0 ||
	    layout_end(req) < 0)
		return error_set(err, PAGE_FULL);
	return 0;
}

int page_survey_check(struct request *req, int64_t id, const struct registry_scope *scope, struct error *err)
{
	return check_page(req, id, scope, NULL, NULL, err);
}

int page_survey_check_post(struct request *req, int64_t id, const struct registry_scope *scope, struct error *err)
{
	if (!survey_check_may(&req->account)) {
		response_page(req, 403, "无权操作", "您的角色不能进行验收核实。");
		return 0;
	}
	const char *pt = case_form_typed(req, "", "person");
	int64_t person;
	if (!number_parse(pt, 1, 999999999999999999LL, &person))
		return not_found(req);
	struct case_problems *pr = xcalloc(1, sizeof *pr);
	const char *result = case_form_typed(req, "", "result"), *note = case_form_typed(req, "", "note");
	const char *date = case_form_typed(req, "", "date");
	struct db *w = server_writer_lock(req->server);
	int rc = survey_check_verify(w, id, person, result, note, date, &req->account, scope, pr, err);
	server_writer_unlock(req->server);
	if (rc == 1 || rc == 2) {
		rc = check_page(req, id, scope, pt, pr, err);
	} else if (rc == 0) {
		char target[40], location[80];
		snprintf(target, sizeof target, "survey_check:%lld", (long long)id);
		rc = audit(req, "验收核实", target,
		           json_pack("{s:I, s:s, s:s, s:s}", "person", (json_int_t)person, "result", result, "date",
		                     date, "note", note),
		           err);
		snprintf(location, sizeof location, "/survey/checks/%lld?done=verify", (long long)id);
		if (rc == 0)
			rc = auth_redirect(req, location, err);
	}
	free(pr);
	return rc;
}
