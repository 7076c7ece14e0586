#include "web/page-training.h"

#include <jansson.h>
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
#include "domain/dict.h"
#include "domain/registry.h"
#include "domain/training.h"
#include "web/auth.h"
#include "web/case-form.h"
#include "web/export-training.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/page-rehab.h"
#include "web/training-pdf.h"

#define PAGE_FULL "training page too large"
#define MODULE "劳动就业"
#define SEARCH_ROWS 10 /* registry results on a class's page */

/* The class's form as controls of web/case-form (labels, reasons under the field, typed values kept). */
static struct program_choice kind_choices[] = {
    {"1", "就业培训"},
    {"2", "盲人按摩培训"},
    {"3", "其他"},
};
static const struct program_field f_year = {.key = "year", .label = "年度", .type = PROGRAM_INTEGER};
static const struct program_field f_kind = {
    .key = "kind", .label = "培训类别", .type = PROGRAM_CHOICE, .choices = kind_choices, .nchoices = 3};
static const struct program_field f_name = {
    .key = "name", .label = "培训班名称", .type = PROGRAM_TEXT, .has_max = true, .max = TRAINING_NAME_MAX};
static const struct program_field f_start = {.key = "start_date", .label = "开班日期", .type = PROGRAM_DATE};
static const struct program_field f_end = {.key = "end_date", .label = "结业日期", .type = PROGRAM_DATE};
static const struct program_field f_place = {
    .key = "place", .label = "培训地点", .type = PROGRAM_TEXT, .has_max = true, .max = TRAINING_PLACE_MAX};
static const struct program_field f_support = {
    .key = "support", .label = "每人扶持资金（元）", .type = PROGRAM_TEXT, .has_max = true, .max = 20};
static const struct program_field f_id_number = {
    .key = "id_number", .label = "身份证号", .type = PROGRAM_TEXT, .has_max = true, .max = 18};
static const struct program_field f_trainee_support = {
    .key = "support", .label = "扶持资金（元，不填为本班标准）", .type = PROGRAM_TEXT, .has_max = true, .max = 20};

static bool denied(struct request *req)
{
	if (training_may_view(&req->account))
		return false;
	response_page(req, 403, "无权访问", msg(MSG_TRAINING_NO_ACCESS));
	return true;
}

static void yuan(int64_t fen, char out[MONEY_TEXT_MAX])
{
	money_format(fen, out, MONEY_TEXT_MAX);
}

int page_training_tabs(struct buf *b, const char *current)
{
	bool training = strcmp(current, "/training") == 0;
	return case_form_html(b, CF_RAW, "<nav class=\"tabs\" aria-label=\"就业与康复\"><ul><li><a href=\"/training\"", CF_RAW,
			      training ? " aria-current=\"page\"" : "", CF_RAW,
			      ">培训班</a></li><li><a href=\"/rehab\"", CF_RAW, training ? "" : " aria-current=\"page\"",
			      CF_RAW, ">康复服务</a></li></ul></nav>\n", CF_END);
}

/* Appends what a user did to the operation log, detail a JSON object (taken over). */
static int audit(struct request *req, const char *action, int64_t class_id, json_t *detail, struct error *err)
{
	char target[40];
	snprintf(target, sizeof target, "training:%lld", (long long)class_id);
	char *text = detail ? json_dumps(detail, JSON_COMPACT) : NULL;
	json_decref(detail);
	int rc = auth_audit(req, MODULE, action, target, text ? text : "", "成功", err);
	free(text);
	return rc;
}

/* The list of a year */

struct listing {
	struct buf *b;
	long classes, trainees;
	int64_t support;
};

static int list_row(void *ctx, const struct training_class *c, struct error *err)
{
	struct listing *l = ctx;
	char href[40], support[MONEY_TEXT_MAX], total[MONEY_TEXT_MAX], n[24];
	snprintf(href, sizeof href, "/training/%lld", (long long)c->id);
	snprintf(n, sizeof n, "%ld", c->trainees);
	yuan(c->support, support);
	yuan(c->support_total, total);
	l->classes++;
	l->trainees += c->trainees;
	l->support += c->support_total;
	const char *kind = training_kind_label(c->kind);
	if (case_form_html(l->b, CF_RAW, "<tr><td><a href=\"", CF_ATTR, href, CF_RAW, "\">", CF_TXT, c->name, CF_RAW,
			   "</a></td><td><span class=\"tag info\">", CF_TXT, kind ? kind : "", CF_RAW, "</span></td><td>",
			   CF_TXT, c->start_date, CF_RAW, "</td><td>", CF_TXT, c->end_date, CF_RAW, "</td><td>", CF_TXT,
			   c->place, CF_RAW, "</td><td class=\"num\">", CF_TXT, support, CF_RAW, "</td><td class=\"num\">",
			   CF_TXT, n, CF_RAW, "</td><td class=\"num\">", CF_TXT, total, CF_RAW, "</td><td>", CF_RAW,
			   c->closed ? "<span class=\"tag\">已结业</span>" : "<span class=\"tag ok\">进行中</span>", CF_RAW,
			   "</td></tr>\n", CF_END) < 0)
		return error_set(err, PAGE_FULL);
	return 0;
}

/* Whether u sees only part of the county (township or village): counts are then of that part. */
static bool partial(const struct user *u)
{
	return u->role == ROLE_TOWNSHIP || u->role == ROLE_VILLAGE || u->division[0];
}

int page_training(struct request *req, struct error *err)
{
	if (denied(req))
		return 0;
	int year = case_form_year(request_arg(req, "year"));
	bool bad_year = year < 0;
	if (bad_year)
		year = date_today().year;
	struct registry_scope scope;
	registry_scope_of(&req->account, &scope);
	struct buf *b = &req->res.body;
	char yeartext[8], newhref[40];
	snprintf(yeartext, sizeof yeartext, "%d", year);
	snprintf(newhref, sizeof newhref, "/training/new?year=%d", year);
	if (layout_begin(req, "就业与康复", "/training") < 0 || page_training_tabs(b, "/training") < 0 ||
	    case_form_html(b, CF_RAW, "<form class=\"query panel\" method=\"get\" action=\"/training\">"
				  "<div class=\"field inline\"><label for=\"f-year\">年度</label><input id=\"f-year\" name=\"year\""
				  " type=\"text\" inputmode=\"numeric\" maxlength=\"4\" size=\"5\" value=\"",
			   CF_ATTR, yeartext, CF_RAW,
			   "\"></div><div class=\"buttons\"><button type=\"submit\" class=\"primary\">列出</button></div></form>\n",
			   CF_END) < 0 ||
	    (bad_year && html_raw(b, "<p class=\"notice warn\" role=\"status\">年度无效，已列出今年。</p>\n") < 0) ||
	    html_raw(b, "<p class=\"toolbar\">") < 0 ||
	    (training_may_manage(&req->account) &&
	     case_form_html(b, CF_RAW, "<a class=\"btn\" href=\"", CF_ATTR, newhref, CF_RAW, "\">新建培训班</a> ", CF_END) < 0) ||
	    case_form_html(b, CF_RAW, "<a class=\"btn secondary\" href=\"/training/export?year=", CF_URL, yeartext, CF_RAW,
			   "\">导出 Excel</a> ", CF_END) < 0 ||
	    (partial(&req->account) &&
	     html_raw(b, "<span class=\"muted\">学员人数和扶持资金只计您管辖范围内的学员。</span>") < 0) ||
	    html_raw(b, "</p>\n<div class=\"table-wrap\"><table class=\"list\">\n<caption class=\"muted\">") < 0 ||
	    html_txt(b, yeartext) < 0 ||
	    html_raw(b, "年度培训班</caption>\n<thead><tr><th scope=\"col\">培训班</th><th scope=\"col\">类别</th>"
			"<th scope=\"col\">开班日期</th><th scope=\"col\">结业日期</th><th scope=\"col\">培训地点</th>"
			"<th scope=\"col\" class=\"num\">每人扶持资金（元）</th><th scope=\"col\" class=\"num\">学员（人）</th>"
			"<th scope=\"col\" class=\"num\">扶持资金合计（元）</th><th scope=\"col\">状态</th></tr></thead>\n<tbody>\n") < 0)
		return error_set(err, PAGE_FULL);
	struct listing l = {b, 0, 0, 0};
	if (training_list(req->db, &scope, year, list_row, &l, err) < 0)
		return -1;
	char classes[48], trainees[24], total[MONEY_TEXT_MAX];
	snprintf(classes, sizeof classes, "合计 %ld 期", l.classes);
	snprintf(trainees, sizeof trainees, "%ld", l.trainees);
	yuan(l.support, total);
	if ((l.classes == 0 && html_raw(b, "<tr><td class=\"empty\" colspan=\"9\">该年度还没有培训班</td></tr>\n") < 0) ||
	    case_form_html(b, CF_RAW, "</tbody>\n<tfoot><tr><th scope=\"row\" colspan=\"6\">", CF_TXT, classes, CF_RAW,
			   "</th><td class=\"num\">", CF_TXT, trainees, CF_RAW, "</td><td class=\"num\">", CF_TXT, total,
			   CF_RAW, "</td><td></td></tr></tfoot>\n</table></div>\n", CF_END) < 0 ||
	    layout_end(req) < 0)
		return error_set(err, PAGE_FULL);
	return 0;
}

/* A new class */

static const char *typed(struct request *req, const char *name, const char *otherwise)
{
	const char *v = request_field(req, name);
	return v ? v : otherwise;
}

static int render_new(struct request *req, const struct case_problems *pr, struct error *err)
{
	struct buf *b = &req->res.body;
	char year[8];
	int y = case_form_year(request_arg(req, "year"));
	snprintf(year, sizeof year, "%d", y > 0 ? y : date_today().year);
	bool again = pr != NULL;
#define VALUE(name, otherwise) (again ? typed(req, name, "") : (otherwise))
#define REASON(name) case_form_reason(pr, name)
	if (layout_begin(req, "新建培训班", "/training") < 0 || page_training_tabs(b, "/training") < 0 ||
	    html_raw(b, "<section class=\"panel\">\n<form class=\"person-form\" method=\"post\" action=\"/training/new\" novalidate>\n") < 0 ||
	    layout_csrf_field(req) < 0 || case_form_problems(b, pr) < 0 ||
	    case_form_field(b, &f_year, "year", "year", VALUE("year", year), REASON("year"), true) < 0 ||
	    case_form_field(b, &f_kind, "kind", "kind", VALUE("kind", ""), REASON("kind"), true) < 0 ||
	    case_form_field(b, &f_name, "name", "name", VALUE("name", ""), REASON("name"), true) < 0 ||
	    case_form_field(b, &f_start, "start_date", "start", VALUE("start_date", ""), REASON("start_date"), true) < 0 ||
	    case_form_field(b, &f_end, "end_date", "end", VALUE("end_date", ""), REASON("end_date"), true) < 0 ||
	    case_form_field(b, &f_place, "place", "place", VALUE("place", ""), REASON("place"), true) < 0 ||
	    case_form_field(b, &f_support, "support", "support", VALUE("support", "0.00"), REASON("support"), true) < 0 ||
	    html_raw(b, "<p class=\"hint\">每人扶持资金是学员的默认金额，加入学员时可以另填。</p>\n"
			"<div class=\"buttons\"><button type=\"submit\" class=\"primary\">保存</button> "
			"<a class=\"btn secondary\" href=\"/training\">取消</a></div>\n</form>\n</section>\n") < 0 ||
	    layout_end(req) < 0)
		return error_set(err, PAGE_FULL);
#undef VALUE
#undef REASON
	return 0;
}

static bool may_manage_or_403(struct request *req)
{
	if (training_may_manage(&req->account))
		return true;
	char text[200];
	snprintf(text, sizeof text, msg(MSG_TRAINING_ROLE_MANAGE), role_label(req->account.role));
	response_page(req, 403, "无权操作", text);
	return false;
}

static int new_post(struct request *req, struct error *err)
{
	if (!may_manage_or_403(req))
		return 0;
	struct training_input in = {
	    typed(req, "year", ""), typed(req, "kind", ""),  typed(req, "name", ""),    typed(req, "start_date", ""),
	    typed(req, "end_date", ""), typed(req, "place", ""), typed(req, "support", ""),
	};
	struct case_problems *pr = xcalloc(1, sizeof *pr);
	int64_t id = 0;
	struct db *w = server_writer_lock(req->server);
	int rc = training_create(w, &in, &req->account, &id, pr, err);
	server_writer_unlock(req->server);
	if (rc == 1)
		rc = render_new(req, pr, err);
	else if (rc == 0) {
		char location[48];
		snprintf(location, sizeof location, "/training/%lld?done=created", (long long)id);
		rc = audit(req, "新增", id,
			   json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "年度", in.year, "类别", in.kind, "名称",
				     in.name, "开班日期", in.start_date, "结业日期", in.end_date, "地点", in.place,
				     "每人扶持资金", in.support),
			   err);
		if (rc == 0)
			rc = auth_redirect(req, location, err);
	}
	free(pr);
	return rc;
}

/* A class's page */

/* The class id within the user's scope for its counts: 1, 0 answered 404, -1 error. */
static int find_class(struct request *req, int64_t id, struct training_class *c, struct error *err)
{
	struct registry_scope scope;
	registry_scope_of(&req->account, &scope);
	int found = training_get(req->db, &scope, id, c, err);
	if (found == 0)
		response_page(req, 404, "培训班不存在", msg(MSG_TRAINING_NOT_FOUND));
	return found;
}

static int fact(struct buf *b, const char *label, const char *value)
{
	return case_form_html(b, CF_RAW, "<dt>", CF_TXT, label, CF_RAW, "</dt><dd>", CF_TXT, value, CF_RAW, "</dd>\n",
			      CF_END);
}

struct class_page {
	struct request *req;
	struct buf *b;
	const struct training_class *c;
	bool may_change; /* open and the user may add and remove */
	long rows;
	int64_t *ids; /* the trainees listed, for the search results */
	size_t nids, cap;
};

static int trainee_row(void *ctx, const struct training_trainee *t, struct error *err)
{
	struct class_page *cp = ctx;
	const struct person *p = &t->person;
	char num[24], href[40], idm[32], support[MONEY_TEXT_MAX], at[STAMP_LOCAL_SIZE], pid[24], action[48];
	snprintf(num, sizeof num, "%ld", ++cp->rows);
	snprintf(href, sizeof href, "/persons/%lld", (long long)p->id);
	snprintf(pid, sizeof pid, "%lld", (long long)p->id);
	snprintf(action, sizeof action, "/training/%lld/remove", (long long)cp->c->id);
	mask_idcard(p->id_number, idm, sizeof idm);
	yuan(t->support, support);
	stamp_local(t->added_at, at);
	if (cp->nids == cp->cap) {
		cp->cap = cp->cap ? 2 * cp->cap : 32;
		cp->ids = xrealloc(cp->ids, cp->cap * sizeof *cp->ids);
	}
	cp->ids[cp->nids++] = p->id;
	const char *sex = dict_label(DICT_SEX, p->sex);
	if (case_form_html(cp->b, CF_RAW, "<tr><td class=\"num\">", CF_TXT, num, CF_RAW, "</td><td><a href=\"", CF_ATTR,
			   href, CF_RAW, "\">", CF_TXT, p->name, CF_RAW, "</a></td><td>", CF_TXT, sex ? sex : "", CF_RAW,
			   "</td><td class=\"mono\">", CF_TXT, idm, CF_RAW, "</td><td>", CF_TXT, p->township_name, CF_RAW,
			   "</td><td>", CF_TXT, p->village_name, CF_RAW, "</td><td class=\"num\">", CF_TXT, support, CF_RAW,
			   "</td><td>", CF_TXT, t->added_by, CF_RAW, " ", CF_TXT, at, CF_RAW, "</td>", CF_END) < 0)
		return error_set(err, PAGE_FULL);
	if (cp->may_change &&
	    (case_form_html(cp->b, CF_RAW, "<td class=\"actions\"><form class=\"inline\" method=\"post\" action=\"", CF_ATTR,
			    action, CF_RAW, "\" data-confirm=\"确定把", CF_ATTR, p->name, CF_RAW, "移出这个培训班吗？\">",
			    CF_END) < 0 ||
	     layout_csrf_field(cp->req) < 0 ||
	     case_form_html(cp->b, CF_RAW, "<input type=\"hidden\" name=\"person\" value=\"", CF_ATTR, pid, CF_RAW,
			    "\"><button type=\"submit\" class=\"link danger\" aria-label=\"移出", CF_ATTR, p->name, CF_RAW,
			    "\">移出</button></form></td>", CF_END) < 0))
		return error_set(err, PAGE_FULL);
	return html_raw(cp->b, "</tr>\n") < 0 ? error_set(err, PAGE_FULL) : 0;
}

static bool listed(const struct class_page *cp, int64_t id)
{
	for (size_t i = 0; i < cp->nids; i++)
		if (cp->ids[i] == id)
			return true;
	return false;
}

static int search_row(void *ctx, const struct person *p, struct error *err)
{
	struct class_page *cp = ctx;
	char href[40], idm[32], pid[24], action[48];
	snprintf(href, sizeof href, "/persons/%lld", (long long)p->id);
	snprintf(pid, sizeof pid, "%lld", (long long)p->id);
	snprintf(action, sizeof action, "/training/%lld/add", (long long)cp->c->id);
	mask_idcard(p->id_number, idm, sizeof idm);
	const char *sex = dict_label(DICT_SEX, p->sex), *status = dict_label(DICT_STATUS, (int)p->status);
	cp->rows++;
	if (case_form_html(cp->b, CF_RAW, "<tr><td><a href=\"", CF_ATTR, href, CF_RAW, "\">", CF_TXT, p->name, CF_RAW,
			   "</a></td><td>", CF_TXT, sex ? sex : "", CF_RAW, "</td><td class=\"mono\">", CF_TXT, idm, CF_RAW,
			   "</td><td>", CF_TXT, p->township_name, CF_RAW, " ", CF_TXT, p->village_name, CF_RAW, "</td><td>",
			   CF_TXT, status ? status : "", CF_RAW, "</td><td class=\"actions\">", CF_END) < 0)
		return error_set(err, PAGE_FULL);
	int rc;
	if (listed(cp, p->id))
		rc = html_raw(cp->b, "<span class=\"tag\">已是学员</span>");
	else if (p->status != PERSON_ACTIVE)
		rc = html_raw(cp->b, "<span class=\"muted\">非在册</span>");
	else
		rc = case_form_html(cp->b, CF_RAW, "<form class=\"inline\" method=\"post\" action=\"", CF_ATTR, action, CF_RAW,
				    "\">", CF_END) < 0 ||
				     layout_csrf_field(cp->req) < 0 ||
				     case_form_html(cp->b, CF_RAW, "<input type=\"hidden\" name=\"person\" value=\"", CF_ATTR,
						    pid, CF_RAW, "\"><button type=\"submit\" class=\"link\" aria-label=\"加入",
						    CF_ATTR, p->name, CF_RAW, "\">加入</button></form>", CF_END) < 0
			 ? -1
			 : 0;
	if (rc < 0 || html_raw(cp->b, "</td></tr>\n") < 0)
		return error_set(err, PAGE_FULL);
	return 0;
}

/* 加入学员: by ID number, or from a search of the registry within scope. */
static int add_section(struct class_page *cp, const struct case_problems *pr, struct error *err)
{
	struct request *req = cp->req;
	struct buf *b = cp->b;
	char action[48], self[40];
	snprintf(action, sizeof action, "/training/%lld/add", (long long)cp->c->id);
	snprintf(self, sizeof self, "/training/%lld", (long long)cp->c->id);
	const char *q = request_arg(req, "q");
	if (!q)
		q = "";
	bool again = pr != NULL && request_field(req, "id_number");
	if (case_form_html(b, CF_RAW, "<section class=\"panel\" id=\"add\">\n<h2>加入学员</h2>\n"
				  "<form class=\"person-form\" method=\"post\" action=\"", CF_ATTR, action, CF_RAW,
			   "\" novalidate>\n", CF_END) < 0 ||
	    layout_csrf_field(req) < 0 ||
	    case_form_field(b, &f_id_number, "id_number", "id-number", again ? typed(req, "id_number", "") : "",
			    again ? case_form_reason(pr, "id_number") : "", true) < 0 ||
	    case_form_field(b, &f_trainee_support, "support", "trainee-support", again ? typed(req, "support", "") : "",
			    again ? case_form_reason(pr, "support") : "", false) < 0 ||
	    html_raw(b, "<div class=\"buttons\"><button type=\"submit\" class=\"primary\">加入</button></div>\n</form>\n"
			"<h3>从档案中查找</h3>\n") < 0 ||
	    case_form_html(b, CF_RAW, "<form class=\"query\" method=\"get\" action=\"", CF_ATTR, self, CF_RAW,
			   "#add\"><div class=\"field inline\"><label for=\"f-q\">姓名或身份证号</label>"
			   "<input id=\"f-q\" name=\"q\" type=\"search\" maxlength=\"64\" value=\"", CF_ATTR, q, CF_RAW,
			   "\"></div><div class=\"buttons\"><button type=\"submit\">查找</button></div></form>\n", CF_END) < 0)
		return error_set(err, PAGE_FULL);
	if (*q) {
		struct registry_query rq;
		registry_query_init(&rq, &req->account);
		char per[8];
		snprintf(per, sizeof per, "%d", SEARCH_ROWS);
		if (registry_query_arg(&rq, "q", q) != 0 || registry_query_arg(&rq, "per_page", per) != 0) {
			if (html_raw(b, "<p class=\"notice warn\" role=\"status\">查找的内容过长。</p>\n") < 0)
				return error_set(err, PAGE_FULL);
		} else {
			if (html_raw(b, "<div class=\"table-wrap\"><table class=\"list\">\n<thead><tr><th scope=\"col\">姓名</th>"
					"<th scope=\"col\">性别</th><th scope=\"col\">身份证号</th><th scope=\"col\">乡镇、村</th>"
					"<th scope=\"col\">状态</th><th scope=\"col\">操作</th></tr></thead>\n<tbody>\n") < 0)
				return error_set(err, PAGE_FULL);
			long total = 0;
			cp->rows = 0;
			if (registry_search(req->db, &rq, search_row, cp, &total, err) < 0)
				return -1;
			char more[160];
			snprintf(more, sizeof more, "共找到 %ld 人，列出前 %d 人；请输入更完整的姓名或身份证号。", total, SEARCH_ROWS);
			if ((cp->rows == 0 &&
			     html_raw(b, "<tr><td class=\"empty\" colspan=\"6\">您的管辖范围内没有找到</td></tr>\n") < 0) ||
			    html_raw(b, "</tbody></table></div>\n") < 0 ||
			    (total > SEARCH_ROWS && case_form_html(b, CF_RAW, "<p class=\"muted\">", CF_TXT, more, CF_RAW,
								   "</p>\n", CF_END) < 0))
				return error_set(err, PAGE_FULL);
		}
	}
	return html_raw(b, "</section>\n") < 0 ? error_set(err, PAGE_FULL) : 0;
}

static const char *done_text(const char *done)
{
	if (!done)
		return NULL;
	if (strcmp(done, "created") == 0)
		return msg(MSG_TRAINING_CREATED);
	if (strcmp(done, "added") == 0)
		return msg(MSG_TRAINING_ADDED);
	if (strcmp(done, "removed") == 0)
		return msg(MSG_TRAINING_REMOVED);
	if (strcmp(done, "closed") == 0)
		return msg(MSG_TRAINING_DONE_CLOSED);
	return NULL;
}

/* The class's page; pr: a refused change to show (the add form keeps what was typed). */
static int render_class(struct request *req, const struct training_class *c, const struct case_problems *pr,
			struct error *err)
{
	struct buf *b = &req->res.body;
	struct class_page cp = {req, b, c, !c->closed && training_may_enrol(&req->account), 0, NULL, 0, 0};
	char back[40], signin[48], exporthref[48], closeact[48], year[8], support[MONEY_TEXT_MAX], total[MONEY_TEXT_MAX];
	char dates[40], created[STAMP_LOCAL_SIZE + 140], closed[STAMP_LOCAL_SIZE + 140], at[STAMP_LOCAL_SIZE];
	char heading[120];
	snprintf(back, sizeof back, "/training?year=%d", c->year);
	snprintf(signin, sizeof signin, "/training/%lld/signin", (long long)c->id);
	snprintf(exporthref, sizeof exporthref, "/training/%lld/export", (long long)c->id);
	snprintf(closeact, sizeof closeact, "/training/%lld/close", (long long)c->id);
	snprintf(year, sizeof year, "%d", c->year);
	snprintf(dates, sizeof dates, "%s 至 %s", c->start_date, c->end_date);
	yuan(c->support, support);
	yuan(c->support_total, total);
	stamp_local(c->created_at, at);
	snprintf(created, sizeof created, "%s %s", c->created_by, at);
	stamp_local(c->closed_at, at);
	snprintf(closed, sizeof closed, "%s %s", c->closed_by, at);
	snprintf(heading, sizeof heading, "学员名单（%ld人，扶持资金合计%s元）", c->trainees, total);
	const char *kind = training_kind_label(c->kind), *done = pr ? NULL : done_text(request_arg(req, "done"));
	int rc = -1;
	if (layout_begin(req, c->name, "/training") < 0 ||
	    case_form_html(b, CF_RAW, "<div class=\"toolbar\"><a href=\"", CF_ATTR, back, CF_RAW, "\">返回培训班列表</a> <a class=\"btn secondary\" href=\"",
			   CF_ATTR, signin, CF_RAW, "\">签到表（打印）</a> <a class=\"btn secondary\" href=\"", CF_ATTR, signin,
			   CF_RAW, ".pdf\">签到表（打印PDF）</a> <a class=\"btn secondary\" href=\"", CF_ATTR, exporthref,
			   CF_RAW, "\">导出学员名单（Excel）</a>", CF_END) < 0)
		goto full;
	if (!c->closed && training_may_manage(&req->account) &&
	    (case_form_html(b, CF_RAW, "<form class=\"inline\" method=\"post\" action=\"", CF_ATTR, closeact, CF_RAW,
			    "\" data-confirm=\"结业后学员名单不再变动，确定办理结业吗？\">", CF_END) < 0 ||
	     layout_csrf_field(req) < 0 || html_raw(b, "<button type=\"submit\" class=\"secondary\">办理结业</button></form>") < 0))
		goto full;
	if (html_raw(b, "</div>\n") < 0 ||
	    (done && case_form_html(b, CF_RAW, "<p class=\"notice ok\" role=\"status\">", CF_TXT, done, CF_RAW, "</p>\n",
				    CF_END) < 0) ||
	    (pr && (!request_field(req, "id_number") || !cp.may_change) && case_form_problems(b, pr) < 0) ||
	    html_raw(b, "<section class=\"panel\">\n<dl class=\"facts\">\n") < 0 || fact(b, "年度", year) < 0 ||
	    fact(b, "培训类别", kind ? kind : "") < 0 || fact(b, "培训时间", dates) < 0 || fact(b, "培训地点", c->place) < 0 ||
	    fact(b, "每人扶持资金（元）", support) < 0 || fact(b, "状态", c->closed ? "已结业" : "进行中") < 0 ||
	    fact(b, "新建", created) < 0 || (c->closed && fact(b, "结业办理", closed) < 0) ||
	    html_raw(b, "</dl>\n</section>\n<section class=\"panel\" id=\"trainees\">\n<h2>") < 0 || html_txt(b, heading) < 0 ||
	    html_raw(b, "</h2>\n") < 0 ||
	    (partial(&req->account) && html_raw(b, "<p class=\"muted\">只列出您管辖范围内的学员。</p>\n") < 0) ||
	    html_raw(b, "<div class=\"table-wrap\"><table class=\"list\">\n<thead><tr><th scope=\"col\" class=\"num\">序号</th>"
			"<th scope=\"col\">姓名</th><th scope=\"col\">性别</th><th scope=\"col\">身份证号</th><th scope=\"col\">乡镇</th>"
			"<th scope=\"col\">村（社区）</th><th scope=\"col\" class=\"num\">扶持资金（元）</th><th scope=\"col\">加入</th>") < 0 ||
	    (cp.may_change && html_raw(b, "<th scope=\"col\">操作</th>") < 0) || html_raw(b, "</tr></thead>\n<tbody>\n") < 0)
		goto full;
	struct registry_scope scope;
	registry_scope_of(&req->account, &scope);
	if (training_trainees(req->db, &scope, c->id, trainee_row, &cp, err) < 0)
		goto out;
	if ((cp.rows == 0 && case_form_html(b, CF_RAW, "<tr><td class=\"empty\" colspan=\"", CF_RAW, cp.may_change ? "9" : "8",
					    CF_RAW, "\">还没有学员</td></tr>\n", CF_END) < 0) ||
	    html_raw(b, "</tbody></table></div>\n</section>\n") < 0)
		goto full;
	if (cp.may_change) {
		if (pr && request_field(req, "id_number") && case_form_problems(b, pr) < 0)
			goto full;
		if (add_section(&cp, pr, err) < 0)
			goto out;
	} else if (c->closed && html_raw(b, "<p class=\"muted\">培训班已结业，学员名单不再变动。</p>\n") < 0) {
		goto full;
	}
	if (layout_end(req) < 0)
		goto full;
	rc = 0;
	goto out;
full:
	rc = error_set(err, PAGE_FULL);
out:
	free(cp.ids);
	return rc;
}

/* 签到表: the trainees within scope, to print and sign. */
struct signin {
	struct buf *b;
	long rows;
};

static int signin_row(void *ctx, const struct training_trainee *t, struct error *err)
{
	struct signin *s = ctx;
	char num[24], idm[32], place[330];
	snprintf(num, sizeof num, "%ld", ++s->rows);
	mask_idcard(t->person.id_number, idm, sizeof idm);
	snprintf(place, sizeof place, "%s%s", t->person.township_name, t->person.village_name);
	const char *sex = dict_label(DICT_SEX, t->person.sex);
	if (case_form_html(s->b, CF_RAW, "<tr><td class=\"num\">", CF_TXT, num, CF_RAW, "</td><td>", CF_TXT,
			   t->person.name, CF_RAW, "</td><td>", CF_TXT, sex ? sex : "", CF_RAW, "</td><td class=\"mono\">",
			   CF_TXT, idm, CF_RAW, "</td><td>", CF_TXT, place, CF_RAW,
			   "</td><td class=\"signature\"></td></tr>\n", CF_END) < 0)
		return error_set(err, PAGE_FULL);
	return 0;
}

static int render_signin(struct request *req, const struct training_class *c, struct error *err)
{
	struct buf *b = &req->res.body;
	char title[300], back[40], line[500];
	snprintf(title, sizeof title, "%s签到表", c->name);
	snprintf(back, sizeof back, "/training/%lld", (long long)c->id);
	snprintf(line, sizeof line, "培训时间：%s 至 %s　　培训地点：%s", c->start_date, c->end_date, c->place);
	if (layout_begin(req, "签到表", "/training") < 0 ||
	    case_form_html(b, CF_RAW, "<p class=\"toolbar\"><a href=\"", CF_ATTR, back, CF_RAW,
			   "\">返回培训班</a> <a class=\"btn secondary\" href=\"", CF_ATTR, back, CF_RAW,
			   "/signin.pdf\">打印PDF</a><span class=\"muted\">用浏览器的打印功能打印（只打印签到表，A4纸），或下载PDF打印。</span></p>\n"
			   "<section class=\"panel signin-sheet\">\n<h2>", CF_TXT, title, CF_RAW, "</h2>\n<p>", CF_TXT, line,
			   CF_RAW, "</p>\n<table class=\"list\">\n<thead><tr><th scope=\"col\" class=\"num\">序号</th>"
				   "<th scope=\"col\">姓名</th><th scope=\"col\">性别</th><th scope=\"col\">身份证号</th>"
				   "<th scope=\"col\">村（社区）</th><th scope=\"col\" class=\"signature\">签名</th></tr></thead>\n<tbody>\n",
			   CF_END) < 0)
		return error_set(err, PAGE_FULL);
	struct registry_scope scope;
	registry_scope_of(&req->account, &scope);
	struct signin s = {b, 0};
	if (training_trainees(req->db, &scope, c->id, signin_row, &s, err) < 0)
		return -1;
	if ((s.rows == 0 && html_raw(b, "<tr><td class=\"empty\" colspan=\"6\">还没有学员</td></tr>\n") < 0) ||
	    html_raw(b, "</tbody></table>\n<p class=\"signature-line\">举办单位（盖章）：＿＿＿＿＿＿＿＿　　经办人：＿＿＿＿＿＿　　"
			"日期：＿＿＿＿年＿＿月＿＿日</p>\n</section>\n") < 0 ||
	    layout_end(req) < 0)
		return error_set(err, PAGE_FULL);
	return 0;
}

int page_training_sub(struct request *req, struct error *err)
{
	if (denied(req))
		return 0;
	if (strcmp(req->path, "/training/new") == 0) {
		if (!may_manage_or_403(req))
			return 0;
		return render_new(req, NULL, err);
	}
	if (strcmp(req->path, "/training/export") == 0) {
		int year = case_form_year(request_arg(req, "year"));
		return export_training_year(req, year < 0 ? date_today().year : year, err);
	}
	int64_t id;
	const char *rest;
	struct training_class c;
	if (!request_path_id_rest(req, "/training/", &id, &rest) ||
	    (*rest && strcmp(rest, "/signin") != 0 && strcmp(rest, "/signin.pdf") != 0 && strcmp(rest, "/export") != 0)) {
		response_page(req, 404, "页面不存在", "您要访问的页面不存在，请检查网址是否正确。");
		return 0;
	}
	int found = find_class(req, id, &c, err);
	if (found <= 0)
		return found;
	if (strcmp(rest, "/signin.pdf") == 0)
		return training_pdf_signin(req, &c, err);
	if (strcmp(rest, "/export") == 0)
		return export_training_class(req, &c, err);
	return *rest ? render_signin(req, &c, err) : render_class(req, &c, NULL, err);
}

/* Changes to a class */

/* After a change was refused (pr) or done (redirect with done). */
static int answer(struct request *req, int64_t id, int rc, const char *done, struct case_problems *pr,
		  struct error *err)
{
	if (rc < 0)
		return -1;
	struct training_class c;
	if (rc == 2) {
		response_page(req, 404, "培训班不存在", msg(MSG_TRAINING_NOT_FOUND));
		return 0;
	}
	if (rc == 1 || rc == 3) {
		int found = find_class(req, id, &c, err);
		return found <= 0 ? found : render_class(req, &c, pr, err);
	}
	char location[64];
	snprintf(location, sizeof location, "/training/%lld?done=%s#trainees", (long long)id, done);
	return auth_redirect(req, location, err);
}

static int add_post(struct request *req, int64_t id, struct error *err)
{
	struct registry_scope scope;
	registry_scope_of(&req->account, &scope);
	struct case_problems *pr = xcalloc(1, sizeof *pr);
	const char *pid = request_field(req, "person"), *support = request_field(req, "support");
	int64_t person_id = 0, fen = 0;
	int rc = 1;
	struct person p;
	if (pid && *pid) {
		if (!number_parse(pid, 1, INT64_MAX, &person_id))
			case_refuse(pr, "%s", msg(MSG_EMP_PERSON_NOT_FOUND));
	} else {
		const char *reason = NULL;
		int found = training_find_person(req->db, &scope, request_field(req, "id_number"), &p, &reason, err);
		if (found < 0) {
			free(pr);
			return -1;
		}
		if (found)
			person_id = p.id;
		else
			case_field_problem(pr, "id_number", "%s", reason);
	}
	if (person_id) {
		struct db *w = server_writer_lock(req->server);
		rc = training_add(w, id, person_id, support, &req->account, &scope, &fen, pr, err);
		server_writer_unlock(req->server);
	}
	if (rc == 0) {
		char amount[MONEY_TEXT_MAX];
		money_format_plain(fen, amount, sizeof amount);
		rc = audit(req, "新增", id, json_pack("{s:s, s:I, s:s}", "操作", "加入学员", "人员", (json_int_t)person_id, "扶持资金", amount),
			   err);
	}
	rc = answer(req, id, rc, "added", pr, err);
	free(pr);
	return rc;
}

static int remove_post(struct request *req, int64_t id, struct error *err)
{
	struct registry_scope scope;
	registry_scope_of(&req->account, &scope);
	struct case_problems *pr = xcalloc(1, sizeof *pr);
	int64_t person_id = 0;
	int rc = 1;
	if (!number_parse(request_field(req, "person"), 1, INT64_MAX, &person_id)) {
		case_refuse(pr, "%s", msg(MSG_TRAINING_NOT_TRAINEE));
	} else {
		struct db *w = server_writer_lock(req->server);
		rc = training_remove(w, id, person_id, &req->account, &scope, pr, err);
		server_writer_unlock(req->server);
	}
	if (rc == 0)
		rc = audit(req, "删除", id, json_pack("{s:s, s:I}", "操作", "移出学员", "人员", (json_int_t)person_id), err);
	rc = answer(req, id, rc, "removed", pr, err);
	free(pr);
	return rc;
}

static int close_post(struct request *req, int64_t id, struct error *err)
{
	struct case_problems *pr = xcalloc(1, sizeof *pr);
	struct db *w = server_writer_lock(req->server);
	int rc = training_close(w, id, &req->account, pr, err);
	server_writer_unlock(req->server);
	if (rc == 0)
		rc = audit(req, "修改", id, json_pack("{s:[s, s]}", "状态", "进行中", "已结业"), err);
	rc = answer(req, id, rc, "closed", pr, err);
	free(pr);
	return rc;
}

int page_training_post(struct request *req, struct error *err)
{
	if (denied(req))
		return 0;
	if (strcmp(req->path, "/training/new") == 0)
		return new_post(req, err);
	int64_t id;
	const char *rest;
	if (request_path_id_rest(req, "/training/", &id, &rest)) {
		if (strcmp(rest, "/add") == 0)
			return add_post(req, id, err);
		if (strcmp(rest, "/remove") == 0)
			return remove_post(req, id, err);
		if (strcmp(rest, "/close") == 0)
			return close_post(req, id, err);
	}
	response_page(req, 404, "页面不存在", "您要访问的页面不存在，请检查网址是否正确。");
	return 0;
}

/* The person's page */

struct person_classes {
	struct buf *b;
	long rows;
};

static int person_class_row(void *ctx, const struct training_class *c, int64_t support, struct error *err)
{
	struct person_classes *pc = ctx;
	char href[40], dates[40], amount[MONEY_TEXT_MAX];
	snprintf(href, sizeof href, "/training/%lld", (long long)c->id);
	snprintf(dates, sizeof dates, "%s 至 %s", c->start_date, c->end_date);
	yuan(support, amount);
	const char *kind = training_kind_label(c->kind);
	pc->rows++;
	if (case_form_html(pc->b, CF_RAW, "<tr><td><a href=\"", CF_ATTR, href, CF_RAW, "\">", CF_TXT, c->name, CF_RAW,
			   "</a></td><td>", CF_TXT, kind ? kind : "", CF_RAW, "</td><td>", CF_TXT, dates, CF_RAW,
			   "</td><td class=\"num\">", CF_TXT, amount, CF_RAW, "</td></tr>\n", CF_END) < 0)
		return error_set(err, PAGE_FULL);
	return 0;
}

int page_training_person_section(struct request *req, const struct person *person, struct error *err)
{
	if (!training_may_view(&req->account))
		return 0;
	struct buf *b = &req->res.body;
	struct person_classes pc = {b, 0};
	if (html_raw(b, "<section class=\"panel\" id=\"employment\">\n<h2>就业培训与康复服务</h2>\n<h3>参加的培训班</h3>\n"
			"<div class=\"table-wrap\"><table class=\"list\">\n<thead><tr><th scope=\"col\">培训班</th>"
			"<th scope=\"col\">类别</th><th scope=\"col\">培训时间</th><th scope=\"col\" class=\"num\">扶持资金（元）</th>"
			"</tr></thead>\n<tbody>\n") < 0)
		return error_set(err, PAGE_FULL);
	if (training_of_person(req->db, person->id, person_class_row, &pc, err) < 0)
		return -1;
	if ((pc.rows == 0 && html_raw(b, "<tr><td class=\"empty\" colspan=\"4\">没有参加过培训班</td></tr>\n") < 0) ||
	    html_raw(b, "</tbody></table></div>\n") < 0)
		return error_set(err, PAGE_FULL);
	if (page_rehab_person_table(req, person, err) < 0)
		return -1;
	return html_raw(b, "</section>\n") < 0 ? error_set(err, PAGE_FULL) : 0;
}
