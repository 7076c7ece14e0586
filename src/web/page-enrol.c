#include "web/page-enrol.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/mask.h"
#include "base/xalloc.h"
#include "domain/attachment.h"
#include "domain/case.h"
#include "domain/registry.h"
#include "web/auth.h"
#include "web/case-files.h"
#include "web/case-form.h"
#include "web/html.h"
#include "web/layout.h"

#define PAGE_FULL "enrolment page too large"

/* The person of id within the registry scope: 1, 0 answered 404, -1 error. */
static int find_person(struct request *req, const char *text, struct person *out, struct error *err)
{
	int found = 0;
	size_t len = text ? strlen(text) : 0;
	if (len && len <= 18 && strspn(text, "0123456789") == len && text[0] != '0') {
		struct registry_scope scope;
		registry_scope_of(&req->account, &scope);
		found = registry_get(req->db, &scope, strtoll(text, NULL, 10), out, err);
		if (found < 0)
			return -1;
	}
	if (!found)
		response_page(req, 404, "人员不存在", "您要登记的人员不存在，或不在您的管辖范围内。");
	return found;
}

/* The form of enrolment transition t for person into program p (the caller is inside a section). */
static int enrol_form(struct request *req, const struct program *p, const struct program_transition *t,
		      const struct person *person, bool typed, const struct case_problems *pr)
{
	struct buf *b = &req->res.body;
	char action[80], pid[24], year[8], id[80];
	snprintf(action, sizeof action, "/projects/%s/enrol", p->code);
	snprintf(pid, sizeof pid, "%lld", (long long)person->id);
	snprintf(year, sizeof year, "%d", date_today().year);
	snprintf(id, sizeof id, "%s-%s-year", p->code, t->key);
	const char *y = typed ? case_form_typed(req, "", "year") : year;
	const char *yr = typed ? case_form_reason(pr, "year") : "";
	static const struct program_field year_field = {.key = "year", .label = "年度", .type = PROGRAM_INTEGER};
	return case_form_html(b, CF_RAW, "<form class=\"person-form\" method=\"post\" action=\"", CF_ATTR, action, CF_RAW,
			      "\" novalidate>\n", CF_END) < 0 ||
			       layout_csrf_field(req) < 0 ||
			       case_form_html(b, CF_RAW, "<input type=\"hidden\" name=\"person\" value=\"", CF_ATTR, pid,
					      CF_RAW, "\">\n", CF_END) < 0 ||
			       case_form_field(b, &year_field, "year", id, y, yr, true) < 0 ||
			       case_form_body(req, p, t, typed, pr) < 0 || html_raw(b, "</form>\n") < 0
		   ? -1
		   : 0;
}

static int render_enrol(struct request *req, const struct program *p, const struct person *person,
			const char *typed_transition, const struct case_problems *pr, struct error *err)
{
	struct buf *b = &req->res.body;
	char title[300], idm[32], back[40];
	snprintf(title, sizeof title, "%s · 登记", p->name);
	snprintf(back, sizeof back, "/persons/%lld", (long long)person->id);
	mask_idcard(person->id_number, idm, sizeof idm);
	if (layout_begin(req, title, "/projects") < 0 ||
	    case_form_html(b, CF_RAW, "<p class=\"toolbar\"><a href=\"", CF_ATTR, back, CF_RAW,
			   "\">返回人员档案</a></p>\n<section class=\"panel\">\n<h2>", CF_TXT, person->name, CF_RAW,
			   "</h2>\n<dl class=\"facts\">\n<dt>档案号</dt><dd>", CF_TXT, person->file_no, CF_RAW,
			   "</dd>\n<dt>身份证号</dt><dd>", CF_TXT, idm, CF_RAW, "</dd>\n<dt>乡镇</dt><dd>", CF_TXT,
			   person->township_name, CF_RAW, "</dd>\n<dt>村（社区）</dt><dd>", CF_TXT, person->village_name,
			   CF_RAW, "</dd>\n</dl>\n</section>\n", CF_END) < 0)
		return error_set(err, PAGE_FULL);
	int forms = 0;
	for (size_t i = 0; i < p->ntransitions; i++) {
		const struct program_transition *t = &p->transitions[i];
		if (!case_form_is_enrolment(t) || !case_form_role_may(t, req->account.role))
			continue;
		forms++;
		bool typed = typed_transition && strcmp(typed_transition, t->key) == 0;
		if (case_form_html(b, CF_RAW, "<section class=\"panel\">\n<h2>", CF_TXT, t->label, CF_RAW, "</h2>\n", CF_END) < 0 ||
		    enrol_form(req, p, t, person, typed, pr) < 0 || html_raw(b, "</section>\n") < 0)
			return error_set(err, PAGE_FULL);
	}
	if (!forms && html_raw(b, "<p class=\"notice warn\" role=\"status\">您的角色不能在该项目中登记人员。</p>\n") < 0)
		return error_set(err, PAGE_FULL);
	return layout_end(req) < 0 ? error_set(err, PAGE_FULL) : 0;
}

int page_enrol(struct request *req, const struct program *p, struct error *err)
{
	struct person person;
	int found = find_person(req, request_arg(req, "person"), &person, err);
	return found <= 0 ? found : render_enrol(req, p, &person, NULL, NULL, err);
}

int page_enrol_post(struct request *req, const struct program *p, struct error *err)
{
	struct person person;
	int found = find_person(req, request_field(req, "person"), &person, err);
	if (found <= 0)
		return found;
	const struct program_transition *t = case_form_transition(p, request_field(req, "transition"));
	if (!t || !case_form_is_enrolment(t)) {
		response_page(req, 400, "提交的数据无效", "没有这项登记事项，请返回人员档案重试。");
		return 0;
	}
	struct case_problems *pr = xcalloc(1, sizeof *pr);
	struct case_value values[CASE_VALUES_MAX];
	size_t n = case_form_values(req, p, t, CASE_FORM_PREFIX, values);
	const char *date = case_form_typed(req, "", "date"), *remark = case_form_typed(req, "", "remark");
	int year = case_form_year(case_form_typed(req, "", "year")), rc = -1;
	if (year < 0 || !*case_form_typed(req, "", "year")) {
		pr->n = 1;
		snprintf(pr->items[0].field, sizeof pr->items[0].field, "year");
		snprintf(pr->items[0].reason, sizeof pr->items[0].reason, "年度应为2000到2100之间的四位数字");
		rc = render_enrol(req, p, &person, t->key, pr, err);
		goto out;
	}
	struct registry_scope scope;
	case_scope_of(&req->account, &scope);
	int64_t case_id = 0;
	struct db *w = server_writer_lock(req->server);
	int r = case_enrol(w, p, year, person.id, t->key, date, values, n, remark, &req->account, &scope, &case_id, pr,
			   err);
	server_writer_unlock(req->server);
	if (r < 0)
		goto out;
	if (r == 1) {
		rc = render_enrol(req, p, &person, t->key, pr, err);
		goto out;
	}
	char target[40], location[80];
	snprintf(target, sizeof target, "case:%lld", (long long)case_id);
	char *detail = case_form_detail(t->key, date, values, n, remark);
	rc = auth_audit(req, "民生工程", t->label, target, detail, "成功", err);
	free(detail);
	if (rc < 0)
		goto out;
	snprintf(location, sizeof location, "/cases/%lld?done=%s", (long long)case_id, t->key);
	rc = auth_redirect(req, location, err);
out:
	free(pr);
	return rc;
}

/* The person's page: 参加的民生工程 */

struct section {
	struct request *req;
	struct buf *b;
	int rows;
	struct {
		char code[PROGRAM_KEY_MAX + 1];
	} programs[PROGRAM_LIST_MAX];
	size_t nprograms;
};

static int case_row(void *ctx, const struct case_file *c, struct error *err)
{
	struct section *s = ctx;
	const struct program *p = NULL;
	if (program_get(s->req->db, c->program, c->version, &p, err) < 0)
		return -1;
	char href[40], year[8], archive[CASE_ARCHIVE_NO_SIZE];
	snprintf(href, sizeof href, "/cases/%lld", (long long)c->id);
	snprintf(year, sizeof year, "%d", c->year);
	if (case_archive_no(s->req->db, c->id, archive, err) < 0)
		return -1;
	s->rows++;
	if (case_form_html(s->b, CF_RAW, "<tr><td><a href=\"", CF_ATTR, href, CF_RAW, "\">", CF_TXT, p ? p->name : c->program,
			   CF_RAW, "</a></td><td>", CF_TXT, year, CF_RAW, "</td><td>", CF_TXT,
			   case_form_stage_label(p, c->stage), CF_RAW, "</td><td>", CF_TXT, c->stage_date, CF_RAW, "</td><td>",
			   CF_RAW, c->open ? "<span class=\"tag info\">办理中</span>" : "<span class=\"tag\">已结案</span>",
			   CF_RAW, "</td><td class=\"mono\">", CF_TXT, *archive ? archive : "—", CF_RAW, "</td>",
			   CF_END) < 0)
		return error_set(err, PAGE_FULL);
	/* The case's scanned documents, for the roles that see them. */
	if (attachment_may(&s->req->account)) {
		if (html_raw(s->b, "<td>") < 0)
			return error_set(err, PAGE_FULL);
		if (case_files_links(s->req, c, p, err) < 0)
			return -1;
		if (html_raw(s->b, "</td>") < 0)
			return error_set(err, PAGE_FULL);
	}
	return html_raw(s->b, "</tr>\n") < 0 ? error_set(err, PAGE_FULL) : 0;
}

static void program_one(void *ctx, const char *code, const char *name, int version)
{
	(void)name;
	(void)version;
	struct section *s = ctx;
	if (s->nprograms < PROGRAM_LIST_MAX)
		snprintf(s->programs[s->nprograms++].code, PROGRAM_KEY_MAX + 1, "%s", code);
}

int page_enrol_person_section(struct request *req, const struct person *person, struct error *err)
{
	struct section *s = xcalloc(1, sizeof *s);
	s->req = req;
	s->b = &req->res.body;
	struct buf *b = s->b;
	int rc = -1;
	struct registry_scope scope;
	case_scope_of(&req->account, &scope);
	if (html_raw(b, "<section class=\"panel\" id=\"projects\">\n<h2>参加的民生工程</h2>\n<div class=\"table-wrap\"><table class=\"list\">"
			"<thead><tr><th scope=\"col\">项目</th><th scope=\"col\">年度</th><th scope=\"col\">当前阶段</th>"
			"<th scope=\"col\">阶段日期</th><th scope=\"col\">状态</th><th scope=\"col\">档案编号</th>") < 0 ||
	    (attachment_may(&req->account) && html_raw(b, "<th scope=\"col\">材料扫描件</th>") < 0) ||
	    html_raw(b, "</tr></thead>\n<tbody>\n") < 0) {
		rc = error_set(err, PAGE_FULL);
		goto out;
	}
	if (case_of_person(req->db, &scope, person->id, case_row, s, err) < 0)
		goto out;
	if ((s->rows == 0 && case_form_html(b, CF_RAW, "<tr><td class=\"empty\" colspan=\"", CF_RAW,
					    attachment_may(&req->account) ? "7" : "6", CF_RAW,
					    "\">尚未参加任何民生工程</td></tr>\n", CF_END) < 0) ||
	    html_raw(b, "</tbody></table></div>\n") < 0) {
		rc = error_set(err, PAGE_FULL);
		goto out;
	}
	/* 加入项目: a form per project whose enrolment the role may make (the fields differ by project). */
	if (program_list(req->db, program_one, s, err) < 0)
		goto out;
	for (size_t i = 0; i < s->nprograms; i++) {
		const struct program *p;
		int found = program_get(req->db, s->programs[i].code, 0, &p, err);
		if (found < 0)
			goto out;
		for (size_t k = 0; found && k < p->ntransitions; k++) {
			const struct program_transition *t = &p->transitions[k];
			if (!case_form_is_enrolment(t) || !case_form_role_may(t, req->account.role))
				continue;
			if (case_form_html(b, CF_RAW, "<details class=\"enrol\"><summary>加入项目：", CF_TXT, p->name, CF_RAW,
					   "（", CF_TXT, t->label, CF_RAW, "）</summary>\n", CF_END) < 0 ||
			    enrol_form(req, p, t, person, false, NULL) < 0 || html_raw(b, "</details>\n") < 0) {
				rc = error_set(err, PAGE_FULL);
				goto out;
			}
		}
	}
	rc = html_raw(b, "</section>\n") < 0 ? error_set(err, PAGE_FULL) : 0;
out:
	free(s);
	return rc;
}
