#include "web/page-person-edit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/msg.h"
#include "base/xalloc.h"
#include "domain/dict.h"
#include "domain/division.h"
#include "domain/person-edit.h"
#include "domain/registry.h"
#include "domain/roster.h"
#include "web/auth.h"
#include "web/html.h"
#include "web/layout.h"

/* The form's fields: the roster's columns (sex comes from the ID number, the township from the village). */
static const struct {
	enum roster_column col;
	const char *name; /* the form field */
	int max;          /* maxlength of a text input; 0 for a select */
	enum dict_type dict;
	const char *hint;
} fields[] = {
    {ROSTER_NAME, "name", PERSON_NAME_MAX, DICT__MAX, NULL},
    {ROSTER_ID_NUMBER, "id_number", 18, DICT__MAX, "18位，末位可为X；性别和出生日期由身份证号得出"},
    {ROSTER_CERT, "cert", 20, DICT__MAX, "第二代残疾人证号：身份证号+类别+等级，共20位；未持证可不填"},
    {ROSTER_CATEGORY, "category", 0, DICT_CATEGORY, NULL},
    {ROSTER_GRADE, "grade", 0, DICT_GRADE, NULL},
    {ROSTER_HUKOU, "hukou", 0, DICT_HUKOU, NULL},
    {ROSTER_VILLAGE, "village", 0, DICT__MAX, NULL},
    {ROSTER_PHONE, "phone", 11, DICT__MAX, "11位手机号码"},
    {ROSTER_DIBAO, "dibao", 0, DICT_YESNO, NULL},
    {ROSTER_BANK, "bank_name", PERSON_BANK_MAX, DICT__MAX, NULL},
    {ROSTER_ACCOUNT, "bank_account", PERSON_ACCOUNT_MAX + 7, DICT__MAX, "可带空格分组，如 6228 4800 1234 5678"},
};
#define NFIELDS (sizeof fields / sizeof fields[0])

/* A form being shown: its values (as typed, or from the file) and reasons. */
struct form {
	struct request *req;
	struct buf *b;
	char *cells[ROSTER__MAX]; /* owned; NULL for sex */
	char status[16];          /* a label of DICT_STATUS (edit only) */
	char version[PERSON_VERSION_SIZE]; /* the file's person_version when the form was opened (edit only) */
	struct roster_reasons reasons;
	const char *notice; /* a message over the form, or NULL */
	const char *status_reason;
	const struct person *file; /* the file being edited, NULL for a new one */
};

static void form_release(struct form *f)
{
	for (int c = 0; c < ROSTER__MAX; c++)
		free(f->cells[c]);
}

/*
 * The form's values from a saved file: as an export writes them (labels,
 * full values: the form is where they are corrected), but the township and
 * village as codes, which the village select uses.
 */
static void cells_from_person(struct form *f, const struct person *p)
{
	char cells[ROSTER__MAX][ROSTER_CELL_MAX];
	roster_cells(p, false, cells);
	for (int c = 0; c < ROSTER__MAX; c++)
		f->cells[c] = c == ROSTER_SEX ? NULL : xstrdup(cells[c]);
	free(f->cells[ROSTER_TOWNSHIP]);
	free(f->cells[ROSTER_VILLAGE]);
	char township[13];
	person_township(p, township);
	f->cells[ROSTER_TOWNSHIP] = xstrdup(township);
	f->cells[ROSTER_VILLAGE] = xstrdup(p->village);
	const char *status = dict_label(DICT_STATUS, (int)p->status);
	snprintf(f->status, sizeof f->status, "%s", status ? status : "");
	person_version(p, f->version);
}

/* The form's values from the POST; the township is the chosen village's. */
static void cells_from_request(struct form *f)
{
	for (size_t i = 0; i < NFIELDS; i++) {
		const char *v = request_field(f->req, fields[i].name);
		f->cells[fields[i].col] = xstrdup(v ? v : "");
	}
	const char *village = f->cells[ROSTER_VILLAGE];
	char township[13] = "";
	if (division_level_of(village) == DIVISION_VILLAGE)
		snprintf(township, sizeof township, "%.9s000", village);
	f->cells[ROSTER_TOWNSHIP] = xstrdup(township);
	const char *status = request_field(f->req, "status");
	snprintf(f->status, sizeof f->status, "%s", status && strlen(status) < sizeof f->status ? status : "");
	const char *version = request_field(f->req, "version");
	snprintf(f->version, sizeof f->version, "%s", version && strlen(version) < sizeof f->version ? version : "");
}

/* HTML */

static int field_open(struct form *f, const char *name, const char *label, bool required)
{
	struct buf *b = f->b;
	return html_raw(b, "<div class=\"field\"><label for=\"f-") < 0 || html_raw(b, name) < 0 ||
	               html_raw(b, "\">") < 0 || html_txt(b, label) < 0 ||
	               html_raw(b, required ? "<span class=\"required\" aria-hidden=\"true\">*</span></label>"
	                                    : "</label>") < 0
	           ? -1
	           : 0;
}

/* The reason under a field (and its id for aria-describedby), the hint, and the end of the field. */
static int field_close(struct form *f, const char *name, const char *reason, const char *hint)
{
	struct buf *b = f->b;
	if (*reason && (html_raw(b, "<p class=\"field-error\" id=\"e-") < 0 || html_raw(b, name) < 0 ||
	                html_raw(b, "\">") < 0 || html_txt(b, reason) < 0 || html_raw(b, "</p>") < 0))
		return -1;
	if (hint && (html_raw(b, "<p class=\"hint\">") < 0 || html_txt(b, hint) < 0 || html_raw(b, "</p>") < 0))
		return -1;
	return html_raw(b, "</div>\n");
}

static int control_attrs(struct form *f, const char *name, const char *reason, bool required)
{
	struct buf *b = f->b;
	if (html_raw(b, " id=\"f-") < 0 || html_raw(b, name) < 0 || html_raw(b, "\" name=\"") < 0 ||
	    html_raw(b, name) < 0 || html_raw(b, "\"") < 0 || (required && html_raw(b, " required") < 0))
		return -1;
	if (*reason && (html_raw(b, " aria-invalid=\"true\" aria-describedby=\"e-") < 0 || html_raw(b, name) < 0 ||
	                html_raw(b, "\"") < 0))
		return -1;
	return 0;
}

static int option(struct buf *b, const char *value, const char *label, const char *current)
{
	return html_raw(b, "<option value=\"") < 0 || html_attr(b, value) < 0 ||
	               html_raw(b, strcmp(value, current) == 0 ? "\" selected>" : "\">") < 0 ||
	               html_txt(b, label) < 0 || html_raw(b, "</option>")
	           ? -1
	           : 0;
}

static int dict_options(struct buf *b, enum dict_type type, const char *current)
{
	for (const struct dict_entry *e = dict_entries(); e->label; e++)
		if (e->type == type && option(b, e->label, e->label, current) < 0)
			return -1;
	return 0;
}

/* Villages grouped by township, within the user's scope. */
struct villages {
	struct form *f;
	const char *current;
	char township[13]; /* of the open optgroup, "" before the first */
	int rc;
};

static void village_option(void *ctx, const char *township, const char *township_name, const char *code,
                           const char *name)
{
	struct villages *v = ctx;
	struct buf *b = v->f->b;
	if (v->rc < 0)
		return;
	if (strcmp(township, v->township) != 0) {
		if ((*v->township && html_raw(b, "</optgroup>") < 0) || html_raw(b, "<optgroup label=\"") < 0 ||
		    html_attr(b, township_name) < 0 || html_raw(b, "\">") < 0) {
			v->rc = -1;
			return;
		}
		snprintf(v->township, sizeof v->township, "%s", township);
	}
	if (option(b, code, name, v->current) < 0)
		v->rc = -1;
}

/* -1 page full, -2 database error (err set). */
static int village_select(struct form *f, const char *reason, struct error *err)
{
	struct registry_scope scope;
	registry_scope_of(&f->req->account, &scope);
	struct buf *b = f->b;
	struct villages v = {f, f->cells[ROSTER_VILLAGE], "", 0};
	if (field_open(f, "village", "乡镇 / 村（社区）", true) < 0 || html_raw(b, "<select") < 0 ||
	    control_attrs(f, "village", reason, true) < 0 || html_raw(b, "><option value=\"\">请选择</option>") < 0)
		return -1;
	if (registry_villages(f->req->db, &scope, village_option, &v, err) < 0)
		return -2;
	if (v.rc < 0 || (*v.township && html_raw(b, "</optgroup>") < 0) || html_raw(b, "</select>") < 0 ||
	    field_close(f, "village", reason, NULL) < 0)
		return -1;
	return 0;
}

static int render(struct form *f, const char *title, const char *action, struct error *err)
{
	struct request *req = f->req;
	struct buf *b = f->b;
	/* The township's reason (empty, unknown) belongs to the one select that picks both. */
	const char *village_reason = f->reasons.text[ROSTER_VILLAGE][0] ? f->reasons.text[ROSTER_VILLAGE]
	                                                                 : f->reasons.text[ROSTER_TOWNSHIP];
	if (layout_begin(req, title, "/persons") < 0)
		return error_set(err, "form page too large");
	if (f->notice && (html_raw(b, "<p class=\"notice error\" role=\"alert\">") < 0 || html_txt(b, f->notice) < 0 ||
	                  html_raw(b, "</p>\n") < 0))
		return error_set(err, "form page too large");
	if (f->reasons.count) {
		char text[128];
		snprintf(text, sizeof text, "有 %d 项填写有误，请按各项下方的提示修改后再保存。", f->reasons.count);
		if (html_raw(b, "<p class=\"notice error\" role=\"alert\">") < 0 || html_txt(b, text) < 0 ||
		    html_raw(b, "</p>\n") < 0)
			return error_set(err, "form page too large");
	}
	if (html_raw(b, "<form class=\"panel person-form\" method=\"post\" action=\"") < 0 || html_attr(b, action) < 0 ||
	    html_raw(b, "\" novalidate>\n") < 0 || layout_csrf_field(req) < 0)
		return error_set(err, "form page too large");
	if (f->file && (html_raw(b, "<input type=\"hidden\" name=\"version\" value=\"") < 0 ||
	                html_attr(b, f->version) < 0 || html_raw(b, "\">\n<p class=\"muted\">档案号 ") < 0 ||
	                html_txt(b, f->file->file_no) < 0 || html_raw(b, "</p>\n") < 0))
		return error_set(err, "form page too large");
	for (size_t i = 0; i < NFIELDS; i++) {
		enum roster_column c = fields[i].col;
		const char *name = fields[i].name, *value = f->cells[c] ? f->cells[c] : "";
		const char *reason = f->reasons.text[c];
		bool required = roster_columns[c].required;
		int rc = 0;
		if (c == ROSTER_VILLAGE) {
			rc = village_select(f, village_reason, err);
			if (rc == -2)
				return -1;
		} else if (fields[i].max) {
			char max[16];
			snprintf(max, sizeof max, "%d", fields[i].max);
			rc = field_open(f, name, roster_columns[c].name, required) < 0 || html_raw(b, "<input type=\"text\"") < 0 ||
			             control_attrs(f, name, reason, required) < 0 || html_raw(b, " maxlength=\"") < 0 ||
			             html_raw(b, max) < 0 || html_raw(b, "\" value=\"") < 0 || html_attr(b, value) < 0 ||
			             html_raw(b, "\" autocomplete=\"off\">") < 0 || field_close(f, name, reason, fields[i].hint) < 0
			         ? -1
			         : 0;
		} else {
			rc = field_open(f, name, roster_columns[c].name, required) < 0 || html_raw(b, "<select") < 0 ||
			             control_attrs(f, name, reason, required) < 0 ||
			             html_raw(b, required ? "><option value=\"\">请选择</option>" : "><option value=\"\">（未填）</option>") < 0 ||
			             dict_options(b, fields[i].dict, value) < 0 || html_raw(b, "</select>") < 0 ||
			             field_close(f, name, reason, fields[i].hint) < 0
			         ? -1
			         : 0;
		}
		if (rc < 0)
			return error_set(err, "form page too large");
	}
	if (f->file && (field_open(f, "status", "人员状态", true) < 0 || html_raw(b, "<select id=\"f-status\" name=\"status\">") < 0 ||
	                dict_options(b, DICT_STATUS, f->status) < 0 || html_raw(b, "</select>") < 0 ||
	                field_close(f, "status", f->status_reason ? f->status_reason : "",
	                            "死亡或迁出的人员不再享受各项补贴，档案仍保留") < 0))
		return error_set(err, "form page too large");
	char back[40];
	if (f->file)
		snprintf(back, sizeof back, "/persons/%lld", (long long)f->file->id);
	else
		snprintf(back, sizeof back, "/persons");
	if (html_raw(b, "<div class=\"buttons\"><button type=\"submit\" class=\"primary\">保存</button> <a class=\"btn secondary\" href=\"") < 0 ||
	    html_attr(b, back) < 0 || html_raw(b, "\">取消</a></div>\n</form>\n") < 0 || layout_end(req) < 0)
		return error_set(err, "form page too large");
	return 0;
}

static bool may_edit(struct request *req)
{
	if (registry_may_edit(&req->account))
		return true;
	response_page(req, 403, "无权修改", "您的角色只能查看档案，不能新增或修改。");
	return false;
}

/* 303 to the person's page, which says it was saved. */
static int saved(struct request *req, int64_t id, struct error *err)
{
	char location[48];
	snprintf(location, sizeof location, "/persons/%lld?saved=1", (long long)id);
	return auth_redirect(req, location, err);
}

int page_person_new(struct request *req, struct error *err)
{
	if (!may_edit(req))
		return 0;
	struct form f = {.req = req, .b = &req->res.body};
	for (size_t i = 0; i < NFIELDS; i++)
		f.cells[fields[i].col] = xstrdup("");
	int rc = render(&f, "新增残疾人档案", "/persons/new", err);
	form_release(&f);
	return rc;
}

/* Logs a saved change and answers 303 to the file. */
static int log_saved(struct request *req, const char *action, const struct person_edit *e, struct error *err)
{
	char target[32];
	snprintf(target, sizeof target, "person:%lld", (long long)e->after.id);
	char *detail = person_changes(&e->before, &e->after);
	int rc = auth_audit(req, "残疾人档案", action, target, detail, "成功", err);
	free(detail);
	return rc < 0 ? -1 : saved(req, e->after.id, err);
}

int page_person_new_post(struct request *req, struct error *err)
{
	if (!may_edit(req))
		return 0;
	struct form f = {.req = req, .b = &req->res.body};
	struct registry_scope scope;
	registry_scope_of(&req->account, &scope);
	cells_from_request(&f);
	struct person_edit *e = xmalloc(sizeof *e);
	struct db *w = server_writer_lock(req->server);
	enum person_edit_result r = person_edit_create(w, &scope, f.cells, e, err);
	server_writer_unlock(req->server);
	int rc = -1;
	if (r == PERSON_EDIT_SAVED) {
		rc = log_saved(req, "新增", e, err);
	} else if (r == PERSON_EDIT_REFUSED) {
		f.reasons = e->reasons;
		rc = render(&f, "新增残疾人档案", "/persons/new", err);
	}
	free(e);
	form_release(&f);
	return rc;
}

/* The file of id within the user's scope: 1, 0 answered 404, -1 error. */
static int find(struct request *req, int64_t id, struct person *p, struct error *err)
{
	struct registry_scope scope;
	registry_scope_of(&req->account, &scope);
	int found = registry_get(req->db, &scope, id, p, err);
	if (found == 0)
		response_page(req, 404, "人员不存在", "您要查看的人员不存在，或不在您的管辖范围内。");
	return found;
}

static void edit_action(int64_t id, char *out, size_t size)
{
	snprintf(out, size, "/persons/%lld/edit", (long long)id);
}

int page_person_edit(struct request *req, int64_t id, struct error *err)
{
	struct person p;
	int found = find(req, id, &p, err);
	if (found <= 0)
		return found;
	if (!may_edit(req))
		return 0;
	char target[32], action[48];
	snprintf(target, sizeof target, "person:%lld", (long long)id);
	/* The form holds the full values: opening it is a viewing, logged before it is shown. */
	if (auth_audit(req, "残疾人档案", "查看", target, "{\"reason\":\"修改档案\"}", "成功", err) < 0)
		return -1;
	struct form f = {.req = req, .b = &req->res.body, .file = &p};
	cells_from_person(&f, &p);
	edit_action(id, action, sizeof action);
	int rc = render(&f, "修改残疾人档案", action, err);
	form_release(&f);
	return rc;
}

int page_person_edit_post(struct request *req, int64_t id, struct error *err)
{
	struct person file;
	int found = find(req, id, &file, err);
	if (found <= 0)
		return found;
	if (!may_edit(req))
		return 0;
	struct form f = {.req = req, .b = &req->res.body, .file = &file};
	struct registry_scope scope;
	registry_scope_of(&req->account, &scope);
	cells_from_request(&f);
	struct person_edit *e = xmalloc(sizeof *e);
	struct db *w = server_writer_lock(req->server);
	enum person_edit_result r = person_edit_update(w, &scope, id, f.version, f.cells, f.status, e, err);
	server_writer_unlock(req->server);
	char action[48];
	edit_action(id, action, sizeof action);
	int rc = -1;
	switch (r) {
	case PERSON_EDIT_SAVED:
		rc = log_saved(req, "修改", e, err);
		break;
	case PERSON_EDIT_REFUSED:
		f.reasons = e->reasons;
		f.status_reason = e->status_reason;
		rc = render(&f, "修改残疾人档案", action, err);
		break;
	case PERSON_EDIT_STALE:
		f.notice = "此档案在您修改期间已被他人保存过。为免覆盖他人的修改，本次未保存；请记下您的修改，重新打开修改页面后再改。";
		rc = render(&f, "修改残疾人档案", action, err);
		break;
	case PERSON_EDIT_NOT_FOUND:
		response_page(req, 404, "人员不存在", "您要修改的人员不存在，或已不在您的管辖范围内。");
		rc = 0;
		break;
	case PERSON_EDIT_ERROR:
		break;
	}
	free(e);
	form_release(&f);
	return rc;
}
