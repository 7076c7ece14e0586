#include "web/page-rehab.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/mask.h"
#include "base/msg.h"
#include "base/number.h"
#include "base/xalloc.h"
#include "domain/division.h"
#include "domain/registry.h"
#include "domain/rehab.h"
#include "domain/training.h"
#include "web/auth.h"
#include "web/case-form.h"
#include "web/export-training.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/page-training.h"

#define PAGE_FULL "rehabilitation page too large"
#define PER_PAGE 20

static struct program_choice kind_choices[] = {
    {"1", "康复训练"},
    {"2", "辅助器具适配"},
    {"3", "康复评估"},
    {"4", "其他"},
};
static const struct program_field f_kind = {
    .key = "kind", .label = "服务类别", .type = PROGRAM_CHOICE, .choices = kind_choices, .nchoices = 4};
static const struct program_field f_provider = {
    .key = "provider", .label = "服务机构或人员", .type = PROGRAM_TEXT, .has_max = true, .max = REHAB_PROVIDER_MAX};
static const struct program_field f_date = {.key = "date", .label = "服务日期", .type = PROGRAM_DATE};
static const struct program_field f_note = {
    .key = "note", .label = "备注", .type = PROGRAM_TEXT, .has_max = true, .max = REHAB_NOTE_MAX};
static const struct program_field f_id_number = {
    .key = "id_number", .label = "身份证号", .type = PROGRAM_TEXT, .has_max = true, .max = 18};

static bool denied(struct request *req)
{
	if (rehab_may_view(&req->account))
		return false;
	response_page(req, 403, "无权访问", msg(MSG_TRAINING_NO_ACCESS));
	return true;
}

/* The list */

struct filters {
	int year; /* 0 every year */
	char yeartext[8];
	char township[13];
	int kind;
	long page;
	bool ignored; /* a value was not valid and is left out */
};

static void filters_read(struct request *req, struct filters *f)
{
	memset(f, 0, sizeof *f);
	const char *v = request_arg(req, "year");
	int64_t n;
	f->year = date_today().year;
	if (v && !*v)
		f->year = 0;
	else if (v && number_parse(v, 2000, 2100, &n))
		f->year = (int)n;
	else if (v)
		f->ignored = true;
	if (f->year)
		snprintf(f->yeartext, sizeof f->yeartext, "%d", f->year);
	if ((v = request_arg(req, "township")) && *v) {
		if (strlen(v) == 12 && division_level_of(v) == DIVISION_TOWNSHIP)
			snprintf(f->township, sizeof f->township, "%s", v);
		else
			f->ignored = true;
	}
	if ((v = request_arg(req, "kind")) && *v) {
		if ((f->kind = rehab_kind_parse(v)) < 0) {
			f->kind = 0;
			f->ignored = true;
		}
	}
	f->page = 1;
	if ((v = request_arg(req, "page")) && *v) {
		if (number_parse(v, 1, 100000, &n))
			f->page = (long)n;
		else
			f->ignored = true;
	}
}

struct list {
	struct buf *b;
	const struct filters *f;
	long rows;
	int rc;
};

static void township_option(void *ctx, const char *code, const char *name)
{
	struct list *l = ctx;
	if (l->rc == 0 && case_form_html(l->b, CF_RAW, "<option value=\"", CF_ATTR, code, CF_RAW,
					 strcmp(code, l->f->township) == 0 ? "\" selected>" : "\">", CF_TXT, name, CF_RAW,
					 "</option>", CF_END) < 0)
		l->rc = -1;
}

static int list_row(void *ctx, const struct rehab_service *s, struct error *err)
{
	struct list *l = ctx;
	char href[40], idm[32];
	snprintf(href, sizeof href, "/persons/%lld", (long long)s->person_id);
	mask_idcard(s->id_number, idm, sizeof idm);
	const char *kind = rehab_kind_label(s->kind);
	l->rows++;
	if (case_form_html(l->b, CF_RAW, "<tr><td>", CF_TXT, s->date, CF_RAW, "</td><td><a href=\"", CF_ATTR, href, CF_RAW,
			   "\">", CF_TXT, s->person_name, CF_RAW, "</a></td><td class=\"mono\">", CF_TXT, idm, CF_RAW,
			   "</td><td>", CF_TXT, s->township_name, CF_RAW, "</td><td>", CF_TXT, s->village_name, CF_RAW,
			   "</td><td><span class=\"tag info\">", CF_TXT, kind ? kind : "", CF_RAW, "</span></td><td>", CF_TXT,
			   s->provider, CF_RAW, "</td><td>", CF_TXT, s->note, CF_RAW, "</td><td>", CF_TXT, s->entered_by,
			   CF_RAW, "</td></tr>\n", CF_END) < 0)
		return error_set(err, PAGE_FULL);
	return 0;
}

/* A link to page of the list with the same filters. */
static int page_link(struct buf *b, const struct filters *f, long page, const char *label)
{
	char kind[16], num[24];
	snprintf(kind, sizeof kind, "%d", f->kind);
	snprintf(num, sizeof num, "%ld", page);
	return html_raw(b, "<li><a href=\"/rehab?year=") < 0 || html_url_arg(b, f->yeartext) < 0 ||
			       html_raw(b, "&amp;township=") < 0 || html_url_arg(b, f->township) < 0 ||
			       html_raw(b, "&amp;kind=") < 0 || html_url_arg(b, f->kind ? kind : "") < 0 ||
			       html_raw(b, "&amp;page=") < 0 || html_url_arg(b, num) < 0 || html_raw(b, "\">") < 0 ||
			       html_txt(b, label) < 0 || html_raw(b, "</a></li>")
		   ? -1
		   : 0;
}

/* The query of the list's filters f, within the user's scope. */
static void query_of(struct request *req, const struct filters *f, struct rehab_query *q)
{
	memset(q, 0, sizeof *q);
	registry_scope_of(&req->account, &q->scope);
	q->year = f->year;
	snprintf(q->township, sizeof q->township, "%s", f->township);
	q->kind = f->kind;
	q->page = f->page;
	q->per_page = PER_PAGE;
}

/* 导出 Excel: the list's filters, every page. */
static int export_link(struct buf *b, const struct filters *f)
{
	char kind[16];
	snprintf(kind, sizeof kind, "%d", f->kind);
	return html_raw(b, "<a class=\"btn secondary\" href=\"/rehab/export?year=") < 0 || html_url_arg(b, f->yeartext) < 0 ||
			       html_raw(b, "&amp;township=") < 0 || html_url_arg(b, f->township) < 0 ||
			       html_raw(b, "&amp;kind=") < 0 || html_url_arg(b, f->kind ? kind : "") < 0 ||
			       html_raw(b, "\">导出 Excel</a>") < 0
		   ? -1
		   : 0;
}

int page_rehab(struct request *req, struct error *err)
{
	if (denied(req))
		return 0;
	struct filters f;
	filters_read(req, &f);
	struct rehab_query q;
	query_of(req, &f, &q);
	struct buf *b = &req->res.body;
	struct list l = {b, &f, 0, 0};
	const char *done = request_arg(req, "done");
	if (layout_begin(req, "康复服务", "/training") < 0 || page_training_tabs(b, "/rehab") < 0 ||
	    (done && strcmp(done, "added") == 0 &&
	     case_form_html(b, CF_RAW, "<p class=\"notice ok\" role=\"status\">", CF_TXT, msg(MSG_REHAB_ADDED), CF_RAW,
			    "</p>\n", CF_END) < 0) ||
	    case_form_html(b, CF_RAW, "<form class=\"query panel\" method=\"get\" action=\"/rehab\">"
				  "<div class=\"field inline\"><label for=\"f-year\">年度（不填为全部）</label><input id=\"f-year\" name=\"year\""
				  " type=\"text\" inputmode=\"numeric\" maxlength=\"4\" size=\"5\" value=\"",
			   CF_ATTR, f.yeartext, CF_RAW,
			   "\"></div><div class=\"field inline\"><label for=\"f-township\">乡镇</label>"
			   "<select id=\"f-township\" name=\"township\"><option value=\"\">全部</option>",
			   CF_END) < 0)
		return error_set(err, PAGE_FULL);
	if (registry_divisions(req->db, &q.scope, "", DIVISION_TOWNSHIP, township_option, &l, err) < 0)
		return -1;
	if (l.rc < 0 ||
	    html_raw(b, "</select></div><div class=\"field inline\"><label for=\"f-kind\">服务类别</label>"
			"<select id=\"f-kind\" name=\"kind\"><option value=\"\">全部</option>") < 0)
		return error_set(err, PAGE_FULL);
	for (int k = 1; k <= REHAB_KIND_MAX; k++) {
		char code[16];
		snprintf(code, sizeof code, "%d", k);
		if (case_form_html(b, CF_RAW, "<option value=\"", CF_ATTR, code, CF_RAW, k == f.kind ? "\" selected>" : "\">",
				   CF_TXT, rehab_kind_label(k), CF_RAW, "</option>", CF_END) < 0)
			return error_set(err, PAGE_FULL);
	}
	if (html_raw(b, "</select></div><div class=\"buttons\"><button type=\"submit\" class=\"primary\">搜索</button>"
			" <a class=\"btn secondary\" href=\"/rehab\">重置</a></div></form>\n") < 0 ||
	    (f.ignored && html_raw(b, "<p class=\"notice warn\" role=\"status\">部分查询条件的取值无效，已忽略。</p>\n") < 0) ||
	    html_raw(b, "<p class=\"toolbar\">") < 0 ||
	    (rehab_may_enter(&req->account) && html_raw(b, "<a class=\"btn\" href=\"/rehab/new\">登记康复服务</a> ") < 0) ||
	    export_link(b, &f) < 0 ||
	    html_raw(b, "</p>\n<div class=\"table-wrap\"><table class=\"list\">\n<thead><tr><th scope=\"col\">服务日期</th>"
			"<th scope=\"col\">姓名</th><th scope=\"col\">身份证号</th><th scope=\"col\">乡镇</th>"
			"<th scope=\"col\">村（社区）</th><th scope=\"col\">服务类别</th><th scope=\"col\">服务机构或人员</th>"
			"<th scope=\"col\">备注</th><th scope=\"col\">登记人</th></tr></thead>\n<tbody>\n") < 0)
		return error_set(err, PAGE_FULL);
	long total = 0;
	if (rehab_list(req->db, &q, list_row, &l, &total, err) < 0)
		return -1;
	long pages = total ? (total + PER_PAGE - 1) / PER_PAGE : 1;
	char count[64];
	snprintf(count, sizeof count, "共 %ld 条（人次）", total);
	if ((l.rows == 0 && html_raw(b, "<tr><td class=\"empty\" colspan=\"9\">暂无符合条件的康复服务记录</td></tr>\n") < 0) ||
	    html_raw(b, "</tbody>\n</table></div>\n<nav class=\"pager\" aria-label=\"分页\">\n<span class=\"total\">") < 0 ||
	    html_txt(b, count) < 0 || html_raw(b, "</span>\n<ul>") < 0 ||
	    (f.page > 1 && page_link(b, &f, f.page - 1 <= pages ? f.page - 1 : pages, "上一页") < 0) ||
	    (f.page < pages && page_link(b, &f, f.page + 1, "下一页") < 0) || html_raw(b, "</ul>\n</nav>\n") < 0 ||
	    layout_end(req) < 0)
		return error_set(err, PAGE_FULL);
	return 0;
}

/* A new service */

static const char *typed(struct request *req, const char *name)
{
	const char *v = request_field(req, name);
	return v ? v : "";
}

/* The person a form names (person=ID in the query or a field) within scope: 1 and out, 0 none or not found, -1. */
static int given_person(struct request *req, const char *text, struct person *out, struct error *err)
{
	int64_t id;
	if (!text || !number_parse(text, 1, INT64_MAX, &id))
		return 0;
	struct registry_scope scope;
	registry_scope_of(&req->account, &scope);
	return registry_get(req->db, &scope, id, out, err);
}

/* The form: for person (NULL: by ID number); pr and the typed values after a refusal. */
static int render_new(struct request *req, const struct person *person, const struct case_problems *pr,
		      struct error *err)
{
	struct buf *b = &req->res.body;
	char today[11], pid[24], idm[32], who[512];
	date_format(date_today(), today);
	bool again = pr != NULL;
	if (layout_begin(req, "登记康复服务", "/training") < 0 || page_training_tabs(b, "/rehab") < 0 ||
	    html_raw(b, "<section class=\"panel\">\n<form class=\"person-form\" method=\"post\" action=\"/rehab/new\" novalidate>\n") < 0 ||
	    layout_csrf_field(req) < 0 || case_form_problems(b, pr) < 0)
		return error_set(err, PAGE_FULL);
	if (person) {
		snprintf(pid, sizeof pid, "%lld", (long long)person->id);
		mask_idcard(person->id_number, idm, sizeof idm);
		snprintf(who, sizeof who, "%s（%s，%s%s）", person->name, idm, person->township_name, person->village_name);
		if (case_form_html(b, CF_RAW, "<input type=\"hidden\" name=\"person\" value=\"", CF_ATTR, pid, CF_RAW,
				   "\"><div class=\"field\"><span class=\"label\">服务对象</span><p>", CF_TXT, who, CF_RAW,
				   "</p>", CF_END) < 0 ||
		    (*case_form_reason(pr, "person") &&
		     case_form_html(b, CF_RAW, "<p class=\"field-error\">", CF_TXT, case_form_reason(pr, "person"), CF_RAW,
				    "</p>", CF_END) < 0) ||
		    html_raw(b, "</div>\n") < 0)
			return error_set(err, PAGE_FULL);
	} else {
		const char *reason = case_form_reason(pr, "id_number");
		if (!*reason)
			reason = case_form_reason(pr, "person");
		if (case_form_field(b, &f_id_number, "id_number", "id-number", again ? typed(req, "id_number") : "", reason,
				    true) < 0)
			return error_set(err, PAGE_FULL);
	}
	if (case_form_field(b, &f_kind, "kind", "kind", again ? typed(req, "kind") : "", case_form_reason(pr, "kind"), true) < 0 ||
	    case_form_field(b, &f_provider, "provider", "provider", again ? typed(req, "provider") : "",
			    case_form_reason(pr, "provider"), true) < 0 ||
	    case_form_field(b, &f_date, "date", "date", again ? typed(req, "date") : today, case_form_reason(pr, "date"),
			    true) < 0 ||
	    case_form_field(b, &f_note, "note", "note", again ? typed(req, "note") : "", case_form_reason(pr, "note"),
			    false) < 0 ||
	    html_raw(b, "<div class=\"buttons\"><button type=\"submit\" class=\"primary\">保存</button> "
			"<a class=\"btn secondary\" href=\"/rehab\">取消</a></div>\n</form>\n</section>\n") < 0 ||
	    layout_end(req) < 0)
		return error_set(err, PAGE_FULL);
	return 0;
}

static bool may_enter_or_403(struct request *req)
{
	if (rehab_may_enter(&req->account))
		return true;
	char text[200];
	snprintf(text, sizeof text, msg(MSG_REHAB_ROLE), role_label(req->account.role));
	response_page(req, 403, "无权操作", text);
	return false;
}

int page_rehab_sub(struct request *req, struct error *err)
{
	if (denied(req))
		return 0;
	if (strcmp(req->path, "/rehab/export") == 0) {
		struct filters f;
		struct rehab_query q;
		filters_read(req, &f);
		query_of(req, &f, &q);
		return export_rehab(req, &q, err);
	}
	if (strcmp(req->path, "/rehab/new") != 0) {
		response_page(req, 404, "页面不存在", "您要访问的页面不存在，请检查网址是否正确。");
		return 0;
	}
	if (!may_enter_or_403(req))
		return 0;
	struct person p;
	int found = given_person(req, request_arg(req, "person"), &p, err);
	if (found < 0)
		return -1;
	return render_new(req, found ? &p : NULL, NULL, err);
}

int page_rehab_post(struct request *req, struct error *err)
{
	if (denied(req))
		return 0;
	if (strcmp(req->path, "/rehab/export") == 0) {
		struct filters f;
		struct rehab_query q;
		filters_read(req, &f);
		query_of(req, &f, &q);
		return export_rehab(req, &q, err);
	}
	if (strcmp(req->path, "/rehab/new") != 0) {
		response_page(req, 404, "页面不存在", "您要访问的页面不存在，请检查网址是否正确。");
		return 0;
	}
	if (!may_enter_or_403(req))
		return 0;
	struct registry_scope scope;
	registry_scope_of(&req->account, &scope);
	struct case_problems *pr = xcalloc(1, sizeof *pr);
	struct person p;
	const char *pid = request_field(req, "person");
	bool by_person = pid && *pid;
	int found, rc = -1;
	const char *reason = msg(MSG_EMP_PERSON_NOT_FOUND);
	if (by_person)
		found = given_person(req, pid, &p, err);
	else
		found = training_find_person(req->db, &scope, request_field(req, "id_number"), &p, &reason, err);
	if (found < 0)
		goto out;
	struct rehab_input in = {found ? p.id : 0, typed(req, "kind"), typed(req, "provider"), typed(req, "date"),
				 typed(req, "note")};
	int64_t id = 0;
	struct db *w = server_writer_lock(req->server);
	rc = rehab_add(w, &in, &req->account, &scope, &id, pr, err);
	server_writer_unlock(req->server);
	if (rc < 0)
		goto out;
	if (rc == 1) {
		/* The ID number's own reason (not valid, or nobody in scope has it) rather than the engine's. */
		if (!found && !by_person)
			for (size_t i = 0; i < pr->n; i++)
				if (strcmp(pr->items[i].field, "person") == 0) {
					snprintf(pr->items[i].field, sizeof pr->items[i].field, "id_number");
					snprintf(pr->items[i].reason, sizeof pr->items[i].reason, "%s", reason);
				}
		rc = render_new(req, by_person && found ? &p : NULL, pr, err);
		goto out;
	}
	char target[40], location[64];
	snprintf(target, sizeof target, "rehab:%lld", (long long)id);
	json_t *d = json_pack("{s:I, s:s, s:s, s:s}", "人员", (json_int_t)p.id, "服务类别",
			      rehab_kind_label(rehab_kind_parse(in.kind)), "服务日期", in.date, "服务机构或人员", in.provider);
	char *detail = d ? json_dumps(d, JSON_COMPACT) : NULL;
	json_decref(d);
	rc = auth_audit(req, "康复", "新增", target, detail ? detail : "", "成功", err);
	free(detail);
	if (rc < 0)
		goto out;
	if (by_person)
		snprintf(location, sizeof location, "/persons/%lld#employment", (long long)p.id);
	else
		snprintf(location, sizeof location, "/rehab?done=added");
	rc = auth_redirect(req, location, err);
out:
	free(pr);
	return rc;
}

/* The person's page */

struct person_services {
	struct buf *b;
	long rows;
};

static int person_row(void *ctx, const struct rehab_service *s, struct error *err)
{
	struct person_services *ps = ctx;
	const char *kind = rehab_kind_label(s->kind);
	ps->rows++;
	if (case_form_html(ps->b, CF_RAW, "<tr><td>", CF_TXT, s->date, CF_RAW, "</td><td>", CF_TXT, kind ? kind : "",
			   CF_RAW, "</td><td>", CF_TXT, s->provider, CF_RAW, "</td><td>", CF_TXT, s->note, CF_RAW,
			   "</td></tr>\n", CF_END) < 0)
		return error_set(err, PAGE_FULL);
	return 0;
}

int page_rehab_person_table(struct request *req, const struct person *person, struct error *err)
{
	if (!rehab_may_view(&req->account))
		return 0;
	struct buf *b = &req->res.body;
	struct person_services ps = {b, 0};
	char href[48];
	snprintf(href, sizeof href, "/rehab/new?person=%lld", (long long)person->id);
	if (html_raw(b, "<h3>康复服务</h3>\n") < 0 ||
	    (rehab_may_enter(&req->account) && person->status == PERSON_ACTIVE &&
	     case_form_html(b, CF_RAW, "<p class=\"toolbar\"><a class=\"btn secondary\" href=\"", CF_ATTR, href, CF_RAW,
			    "\">登记康复服务</a></p>\n", CF_END) < 0) ||
	    html_raw(b, "<div class=\"table-wrap\"><table class=\"list\">\n<thead><tr><th scope=\"col\">服务日期</th>"
			"<th scope=\"col\">服务类别</th><th scope=\"col\">服务机构或人员</th><th scope=\"col\">备注</th>"
			"</tr></thead>\n<tbody>\n") < 0)
		return error_set(err, PAGE_FULL);
	if (rehab_of_person(req->db, person->id, person_row, &ps, err) < 0)
		return -1;
	if ((ps.rows == 0 && html_raw(b, "<tr><td class=\"empty\" colspan=\"4\">没有康复服务记录</td></tr>\n") < 0) ||
	    html_raw(b, "</tbody></table></div>\n") < 0)
		return error_set(err, PAGE_FULL);
	return 0;
}
