#include "web/case-form.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/number.h"
#include "base/xalloc.h"
#include "web/html.h"
#include "web/layout.h"

int case_form_html(struct buf *b, ...)
{
	va_list ap;
	va_start(ap, b);
	int rc = 0;
	for (;;) {
		enum case_form_piece kind = (enum case_form_piece)va_arg(ap, int);
		if (kind == CF_END)
			break;
		const char *s = va_arg(ap, const char *);
		if (!s)
			s = "";
		switch (kind) {
		case CF_RAW:
			rc = html_raw(b, s);
			break;
		case CF_TXT:
			rc = html_txt(b, s);
			break;
		case CF_ATTR:
			rc = html_attr(b, s);
			break;
		case CF_URL:
			rc = html_url_arg(b, s);
			break;
		case CF_END:
			break;
		}
		if (rc < 0)
			break;
	}
	va_end(ap);
	return rc;
}

const char *case_form_type_name(enum program_field_type type)
{
	static const char *const names[PROGRAM_FIELD_TYPE__MAX] = {
	    [PROGRAM_DATE] = "date",     [PROGRAM_INTEGER] = "integer", [PROGRAM_DECIMAL] = "decimal",
	    [PROGRAM_TEXT] = "text",     [PROGRAM_CHOICE] = "choice",   [PROGRAM_ACUITY] = "acuity",
	    [PROGRAM_BOOL] = "bool",
	};
	return type < PROGRAM_FIELD_TYPE__MAX ? names[type] : "";
}

/* What a user is told about the value a type takes. */
static const char *type_hint(const struct program_field *f)
{
	switch (f->type) {
	case PROGRAM_ACUITY:
		return "如 0.3 或 6/18";
	case PROGRAM_DECIMAL:
		return "数字，最多3位小数";
	case PROGRAM_INTEGER:
		return "整数";
	default:
		return NULL;
	}
}

static int option(struct buf *b, const char *value, const char *label, const char *current)
{
	return case_form_html(b, CF_RAW, "<option value=\"", CF_ATTR, value, CF_RAW,
			      strcmp(value, current) == 0 ? "\" selected>" : "\">", CF_TXT, label, CF_RAW, "</option>",
			      CF_END);
}

/* The control: name and id ("f-" + name), the attributes of a reason, value. */
static int control(struct buf *b, const struct program_field *f, const char *name, const char *id,
		   const char *value, const char *reason, bool required, const char *aria_label)
{
	char maxlen[16] = "";
	if (f->type == PROGRAM_TEXT)
		snprintf(maxlen, sizeof maxlen, "%lld", (long long)(f->has_max ? f->max : 200));
	const char *attrs_end = required ? "\" required" : "\"";
	int rc = 0;
	bool select = f->type == PROGRAM_CHOICE || f->type == PROGRAM_BOOL;
	rc = case_form_html(b, CF_RAW, select ? "<select id=\"f-" : "<input id=\"f-", CF_ATTR, id, CF_RAW,
			    "\" name=\"", CF_ATTR, name, CF_RAW, attrs_end, CF_END);
	if (rc == 0 && aria_label)
		rc = case_form_html(b, CF_RAW, " aria-label=\"", CF_ATTR, aria_label, CF_RAW, "\"", CF_END);
	if (rc == 0 && *reason)
		rc = case_form_html(b, CF_RAW, " aria-invalid=\"true\" aria-describedby=\"e-", CF_ATTR, id, CF_RAW,
				    "\"", CF_END);
	if (rc < 0)
		return -1;
	switch (f->type) {
	case PROGRAM_DATE:
		return case_form_html(b, CF_RAW, " type=\"date\" value=\"", CF_ATTR, value, CF_RAW, "\">", CF_END);
	case PROGRAM_INTEGER:
	case PROGRAM_DECIMAL:
	case PROGRAM_ACUITY:
		return case_form_html(b, CF_RAW, " type=\"text\" inputmode=\"decimal\" autocomplete=\"off\" value=\"",
				      CF_ATTR, value, CF_RAW, "\">", CF_END);
	case PROGRAM_TEXT:
		return case_form_html(b, CF_RAW, " type=\"text\" maxlength=\"", CF_RAW, maxlen, CF_RAW, "\" value=\"",
				      CF_ATTR, value, CF_RAW, "\">", CF_END);
	case PROGRAM_CHOICE:
		if (html_raw(b, "><option value=\"\">请选择</option>") < 0)
			return -1;
		for (size_t i = 0; i < f->nchoices; i++) {
			/* A value typed as the label still selects its choice. */
			const char *cur = strcmp(value, f->choices[i].label) == 0 ? f->choices[i].key : value;
			if (option(b, f->choices[i].key, f->choices[i].label, cur) < 0)
				return -1;
		}
		return html_raw(b, "</select>");
	case PROGRAM_BOOL: {
		const char *cur = strcmp(value, "是") == 0 ? "true" : strcmp(value, "否") == 0 ? "false" : value;
		return html_raw(b, "><option value=\"\">请选择</option>") < 0 || option(b, "true", "是", cur) < 0 ||
				       option(b, "false", "否", cur) < 0 || html_raw(b, "</select>") < 0
			   ? -1
			   : 0;
	}
	case PROGRAM_FIELD_TYPE__MAX:
		break;
	}
	return html_raw(b, ">");
}

static int reason_hint(struct buf *b, const char *name, const char *reason, const char *hint)
{
	if (*reason && case_form_html(b, CF_RAW, "<p class=\"field-error\" id=\"e-", CF_ATTR, name, CF_RAW, "\">",
				      CF_TXT, reason, CF_RAW, "</p>", CF_END) < 0)
		return -1;
	if (hint && case_form_html(b, CF_RAW, "<p class=\"hint\">", CF_TXT, hint, CF_RAW, "</p>", CF_END) < 0)
		return -1;
	return 0;
}

int case_form_field(struct buf *b, const struct program_field *f, const char *name, const char *id,
		    const char *value, const char *reason, bool required)
{
	return case_form_html(b, CF_RAW, "<div class=\"field\"><label for=\"f-", CF_ATTR, id, CF_RAW, "\">", CF_TXT,
			      f->label, CF_RAW,
			      required ? "<span class=\"required\" aria-hidden=\"true\">*</span></label>" : "</label>",
			      CF_END) < 0 ||
			       control(b, f, name, id, value, reason, required, NULL) < 0 ||
			       reason_hint(b, id, reason, type_hint(f)) < 0 || html_raw(b, "</div>\n") < 0
		   ? -1
		   : 0;
}

int case_form_cell(struct buf *b, const struct program_field *f, const char *name, const char *value,
		   const char *reason, bool required, const char *aria_label)
{
	return control(b, f, name, name, value, reason, required, aria_label) < 0 ||
			       reason_hint(b, name, reason, NULL) < 0
		   ? -1
		   : 0;
}

const char *case_form_typed(const struct request *req, const char *prefix, const char *key)
{
	char name[64];
	snprintf(name, sizeof name, "%s%s", prefix, key);
	const char *v = request_field(req, name);
	return v ? v : "";
}

size_t case_form_values(const struct request *req, const struct program *p, const struct program_transition *t,
			const char *prefix, struct case_value values[CASE_VALUES_MAX])
{
	size_t n = 0;
	for (size_t i = 0; i < t->nfields && n < CASE_VALUES_MAX; i++) {
		const struct program_field *f = &p->fields[t->fields[i]];
		const char *v = case_form_typed(req, prefix, f->key);
		if (!*v)
			continue;
		values[n].field = f->key;
		values[n].text = v;
		n++;
	}
	return n;
}

const char *case_form_reason(const struct case_problems *pr, const char *key)
{
	if (!pr)
		return "";
	for (size_t i = 0; i < pr->n && i < CASE_VALUES_MAX; i++)
		if (strcmp(pr->items[i].field, key) == 0)
			return pr->items[i].reason;
	return "";
}

int case_form_problems(struct buf *b, const struct case_problems *pr)
{
	if (!pr || (!*pr->message && !pr->n))
		return 0;
	char text[480];
	if (*pr->message)
		snprintf(text, sizeof text, "%s", pr->message);
	else
		snprintf(text, sizeof text, "有 %zu 项填写有误，请按各项下方的提示修改后再提交。", pr->n);
	return case_form_html(b, CF_RAW, "<p class=\"notice error\" role=\"alert\">", CF_TXT, text, CF_RAW, "</p>\n",
			      CF_END);
}

int case_form_body(struct request *req, const struct program *p, const struct program_transition *t, bool typed,
		   const struct case_problems *problems)
{
	struct buf *b = &req->res.body;
	char today[11];
	date_format(date_today(), today);
	const char *date = typed ? case_form_typed(req, "", "date") : today;
	const char *remark = typed ? case_form_typed(req, "", "remark") : "";
	const struct case_problems *pr = typed ? problems : NULL;
	if (case_form_html(b, CF_RAW, "<input type=\"hidden\" name=\"transition\" value=\"", CF_ATTR, t->key, CF_RAW,
			   "\">\n", CF_END) < 0 ||
	    case_form_problems(b, pr) < 0)
		return -1;
	static const struct program_field date_field = {.key = "date", .label = "日期", .type = PROGRAM_DATE};
	char id[120];
	snprintf(id, sizeof id, "%s-%s-date", p->code, t->key);
	if (case_form_field(b, &date_field, "date", id, date, case_form_reason(pr, "date"), true) < 0)
		return -1;
	for (size_t i = 0; i < t->nfields; i++) {
		const struct program_field *f = &p->fields[t->fields[i]];
		char name[64];
		snprintf(name, sizeof name, CASE_FORM_PREFIX "%s", f->key);
		snprintf(id, sizeof id, "%s-%s-v-%s", p->code, t->key, f->key);
		const char *v = typed ? case_form_typed(req, CASE_FORM_PREFIX, f->key) : "";
		if (case_form_field(b, f, name, id, v, case_form_reason(pr, f->key), t->required[i]) < 0)
			return -1;
	}
	const char *rr = case_form_reason(pr, "remark");
	snprintf(id, sizeof id, "%s-%s-remark", p->code, t->key);
	return case_form_html(b, CF_RAW, "<div class=\"field\"><label for=\"f-", CF_ATTR, id, CF_RAW, "\">备注", CF_RAW,
			      t->remark_required ? "<span class=\"required\" aria-hidden=\"true\">*</span>" : "",
			      CF_RAW, "</label><textarea id=\"f-", CF_ATTR, id, CF_RAW,
			      "\" name=\"remark\" rows=\"2\" maxlength=\"500\"", CF_RAW,
			      t->remark_required ? " required" : "", CF_RAW,
			      *rr ? " aria-invalid=\"true\" aria-describedby=\"e-" : "", CF_ATTR, *rr ? id : "", CF_RAW,
			      *rr ? "\">" : ">", CF_TXT, remark, CF_RAW, "</textarea>", CF_END) < 0 ||
			       reason_hint(b, id, rr, t->remark_required ? "须写明原因" : NULL) < 0 ||
			       case_form_html(b, CF_RAW, "</div>\n<div class=\"buttons\"><button type=\"submit\" class=\"primary\">",
					      CF_TXT, t->label, CF_RAW, "</button></div>\n", CF_END) < 0
		   ? -1
		   : 0;
}

const char *case_form_stage_label(const struct program *p, const char *key)
{
	int i = p ? program_stage_index(p, key) : -1;
	return i >= 0 ? p->stages[i].label : key;
}

const struct program_transition *case_form_transition(const struct program *p, const char *key)
{
	for (size_t i = 0; key && i < p->ntransitions; i++)
		if (strcmp(p->transitions[i].key, key) == 0)
			return &p->transitions[i];
	return NULL;
}

bool case_form_is_enrolment(const struct program_transition *t)
{
	for (size_t i = 0; i < t->nfrom; i++)
		if (t->from[i] == SIZE_MAX)
			return true;
	return false;
}

bool case_form_role_may(const struct program_transition *t, enum role role)
{
	return (t->roles & (1u << role)) != 0;
}

int case_form_values_text(const struct program *p, const char *fields_json, struct buf *out)
{
	json_t *j = fields_json && *fields_json ? json_loads(fields_json, 0, NULL) : NULL;
	const char *key;
	json_t *v;
	int rc = 0;
	bool first = true;
	if (json_is_object(j)) {
		json_object_foreach(j, key, v)
		{
			char stored[256], text[256];
			if (json_is_string(v))
				snprintf(stored, sizeof stored, "%s", json_string_value(v));
			else if (json_is_integer(v))
				snprintf(stored, sizeof stored, "%lld", (long long)json_integer_value(v));
			else if (json_is_boolean(v))
				snprintf(stored, sizeof stored, "%s", json_is_true(v) ? "true" : "false");
			else
				continue;
			int fi = program_field_index(p, key);
			if (fi >= 0)
				program_value_text(&p->fields[fi], stored, text, sizeof text);
			else
				snprintf(text, sizeof text, "%s", stored);
			if (buf_addf(out, "%s%s：%s", first ? "" : "；", fi >= 0 ? p->fields[fi].label : key, text) < 0) {
				rc = -1;
				break;
			}
			first = false;
		}
	}
	json_decref(j);
	return rc;
}

bool case_form_path_code(const char *path, const char *prefix, char code[PROGRAM_KEY_MAX + 1], const char **rest)
{
	size_t n = strlen(prefix);
	if (strncmp(path, prefix, n) != 0)
		return false;
	const char *s = path + n;
	size_t len = strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789_");
	if (len == 0 || len > PROGRAM_KEY_MAX)
		return false;
	memcpy(code, s, len);
	code[len] = '\0';
	*rest = s + len;
	return true;
}

int case_form_year(const char *text)
{
	if (!text || !*text)
		return date_today().year;
	int64_t y;
	return strlen(text) == 4 && number_parse(text, 2000, 2100, &y) ? (int)y : -1;
}

int case_form_program(struct request *req, const char *code, const struct program **out, struct error *err)
{
	int found = program_get(req->db, code, 0, out, err);
	if (found == 0)
		response_page(req, 404, "项目不存在", "您要查看的民生工程项目不存在，或尚未载入其定义。");
	return found;
}

char *case_form_detail(const char *transition, const char *date, const struct case_value *v, size_t n,
		       const char *remark)
{
	json_t *values = json_object();
	for (size_t i = 0; i < n; i++)
		json_object_set_new(values, v[i].field, json_string(v[i].text));
	json_t *d = json_pack("{s:s, s:s, s:o, s:s}", "transition", transition, "date", date ? date : "", "values",
			      values, "remark", remark ? remark : "");
	char *text = d ? json_dumps(d, JSON_COMPACT) : NULL;
	json_decref(d);
	return text ? text : xstrdup("{}");
}
