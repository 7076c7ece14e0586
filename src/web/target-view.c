#include "web/target-view.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/money.h"
#include "base/msg.h"
#include "base/number.h"
#include "base/xalloc.h"
#include "domain/division.h"
#include "domain/program.h"
#include "io/svg.h"
#include "web/case-form.h"
#include "web/html.h"

/* From 10万元 up, money is written in 万元 as the reports do. */
#define WAN_FROM (10000LL * 10 * 100)
#define SOURCE_HINT "系统按数据自动统计的来源，进度随数据实时变化"

/* Who sees what */

int target_view_scope(struct request *req, struct registry_scope *out)
{
	registry_scope_of(&req->account, out);
	if (req->account.role == ROLE_HOSPITAL || !out->lo[0]) {
		response_page(req, 403, "无权查看", msg(MSG_TARGET_NO_ACCESS));
		return 0;
	}
	return 1;
}

int target_view_may_post(struct request *req)
{
	enum role r = req->account.role;
	if (r == ROLE_COUNTY_ADMIN || r == ROLE_COUNTY_STAFF || r == ROLE_TOWNSHIP)
		return 1;
	response_page(req, 403, "无权操作",
		      r == ROLE_HOSPITAL ? msg(MSG_TARGET_NO_ACCESS) : msg(MSG_TARGET_READ_ONLY));
	return 0;
}

void target_view_scope_township(const struct registry_scope *scope, char out[13])
{
	if (!scope->lo[0] || strcmp(scope->lo, "000000000000") == 0)
		out[0] = '\0';
	else
		snprintf(out, 13, "%.9s000", scope->lo);
}

/* Figures */

void target_view_amount_input(const struct target *t, long long value, char *out, size_t size)
{
	if (target_is_money(t))
		money_format_plain(value, out, size);
	else
		snprintf(out, size, "%lld", value);
}

void target_view_amount(const struct target *t, long long value, char *out, size_t size)
{
	char num[MONEY_TEXT_MAX];
	if (!target_is_money(t)) {
		snprintf(out, size, "%lld%s", value, t->unit);
		return;
	}
	if (value >= WAN_FROM || value <= -WAN_FROM) {
		money_format_wan(value, out, size);
		return;
	}
	money_format(value, num, sizeof num);
	snprintf(out, size, "%s元", num);
}

void target_view_percent(long long permille, char *out, size_t size)
{
	if (permille < 0)
		permille = 0;
	snprintf(out, size, "%lld.%lld%%", permille / 10, permille % 10);
}

bool target_view_parse(bool money, const char *text, long long min, long long *out, char *reason, size_t size)
{
	/* A correction is typed with a minus sign (ASCII or full-width). */
	bool negative = false;
	while (*text == ' ')
		text++;
	if (min < 0 && text[0] == '-') {
		negative = true;
		text++;
	} else if (min < 0 && strncmp(text, "－", strlen("－")) == 0) {
		negative = true;
		text += strlen("－");
	}
	int64_t v = 0;
	bool ok;
	if (money) {
		enum money_status st = money_parse(text, 0, &v);
		ok = st == MONEY_OK;
		if (!ok) {
			snprintf(reason, size, "%s", money_reason(st));
			return false;
		}
		ok = v <= TARGET_VALUE_MAX;
	} else {
		ok = number_parse(text, 0, TARGET_VALUE_MAX, &v);
	}
	if (negative)
		v = -v;
	if (!ok || v < min) {
		snprintf(reason, size, "%s",
			 min < 0 ? msg(MSG_TARGET_ENTRY_VALUE) : min == 0 ? msg(MSG_TARGET_PART_VALUE) : msg(MSG_TARGET_VALUE));
		return false;
	}
	*out = v;
	return true;
}

const char *target_view_status_class(enum target_status s)
{
	switch (s) {
	case TARGET_DONE:
	case TARGET_OVER:
		return "ok";
	case TARGET_ON_TRACK:
		return "info";
	case TARGET_LAGGING:
		return "warn";
	case TARGET_OVERDUE:
		return "danger";
	default:
		return "";
	}
}

int target_view_status(struct buf *b, const struct target *t, enum target_status s, long long value, long long achieved)
{
	if (s >= TARGET_STATUS__MAX)
		return html_raw(b, "<span class=\"muted\">—</span>");
	char text[TARGET_VIEW_TEXT_MAX + 40];
	if (s == TARGET_OVER) {
		char over[TARGET_VIEW_TEXT_MAX];
		target_view_amount(t, achieved - value, over, sizeof over);
		snprintf(text, sizeof text, "%s%s", target_status_label(s), over);
	} else {
		snprintf(text, sizeof text, "%s", target_status_label(s));
	}
	return case_form_html(b, CF_RAW, "<span class=\"tag status ", CF_RAW, target_view_status_class(s), CF_RAW, "\">",
			      CF_TXT, text, CF_RAW, "</span>", CF_END);
}

/* Townships */

static void town_one(void *ctx, const char *code, const char *name)
{
	struct target_view_towns *tw = ctx;
	if (tw->n == TARGET_VIEW_TOWNS_MAX)
		return;
	snprintf(tw->code[tw->n], sizeof tw->code[0], "%s", code);
	snprintf(tw->name[tw->n], sizeof tw->name[0], "%s", name);
	tw->n++;
}

int target_view_towns(struct db *db, const struct registry_scope *scope, struct target_view_towns *out,
		      struct error *err)
{
	out->n = 0;
	return registry_divisions(db, scope, "", DIVISION_TOWNSHIP, town_one, out, err);
}

const char *target_view_part_name(const struct target_view_towns *tw, const char *code)
{
	if (!*code)
		return "县级";
	if (strcmp(code, "1") == 0)
		return "城镇";
	if (strcmp(code, "2") == 0)
		return "农村";
	for (size_t i = 0; tw && i < tw->n; i++)
		if (strcmp(tw->code[i], code) == 0)
			return tw->name[i];
	return code;
}

/* Work lines */

struct line_options {
	struct buf *b;
	const char *current;
	int rc;
};

static int option(struct buf *b, const char *value, const char *label, const char *current)
{
	return case_form_html(b, CF_RAW, "<option value=\"", CF_ATTR, value, CF_RAW,
			      strcmp(value, current) == 0 ? "\" selected>" : "\">", CF_TXT, label, CF_RAW, "</option>",
			      CF_END);
}

static bool fixed_line(const char *key)
{
	size_t n;
	const struct target_line *l = target_lines(&n);
	for (size_t i = 0; i < n; i++)
		if (strcmp(l[i].key, key) == 0)
			return true;
	return false;
}

static void line_program(void *ctx, const char *code, const char *name, int version)
{
	(void)version;
	struct line_options *lo = ctx;
	if (lo->rc == 0 && !fixed_line(code) && option(lo->b, code, name, lo->current) < 0)
		lo->rc = -1;
}

int target_view_line_options(struct buf *b, struct db *db, const char *current, struct error *err)
{
	size_t n;
	const struct target_line *l = target_lines(&n);
	for (size_t i = 0; i < n; i++)
		if (option(b, l[i].key, l[i].label, current) < 0)
			return -1;
	struct line_options lo = {b, current, 0};
	if (program_list(db, line_program, &lo, err) < 0)
		return -2;
	return lo.rc;
}

int target_view_line_known(struct db *db, const char *line, struct error *err)
{
	if (fixed_line(line))
		return 1;
	if (!*line || strlen(line) > PROGRAM_KEY_MAX)
		return 0;
	const struct program *p;
	return program_get(db, line, 0, &p, err);
}

void target_view_line_label(struct db *db, const char *line, char *out, size_t size)
{
	if (fixed_line(line)) {
		snprintf(out, size, "%s", target_line_label(line));
		return;
	}
	const struct program *p;
	struct error e = ERROR_INIT;
	if (program_get(db, line, 0, &p, &e) == 1)
		snprintf(out, size, "%s", p->name);
	else
		snprintf(out, size, "%s", line);
}

/* The definition form */

struct source_options {
	struct buf *b;
	const char *current;
	int rc;
};

static void source_one(void *ctx, const char *source, const char *label)
{
	struct source_options *so = ctx;
	if (so->rc == 0 && option(so->b, source, label, so->current) < 0)
		so->rc = -1;
}

/* The label, the reason's id for aria-describedby, and the opening of a field. */
static int field_open(struct buf *b, const char *key, const char *label, bool required)
{
	return case_form_html(b, CF_RAW, "<div class=\"field\"><label for=\"t-", CF_ATTR, key, CF_RAW, "\">", CF_TXT,
			      label, CF_RAW, required ? "<span class=\"required\" aria-hidden=\"true\">*</span>" : "",
			      CF_RAW, "</label>", CF_END);
}

/* The attributes every control has: id, name, and aria when refused. */
static int control_attrs(struct buf *b, const char *key, bool required, const char *reason, const char *hint)
{
	const char *described = *reason ? "e-t-" : hint ? "h-t-" : "";
	return case_form_html(b, CF_RAW, " id=\"t-", CF_ATTR, key, CF_RAW, "\" name=\"", CF_ATTR, key, CF_RAW, "\"",
			      CF_RAW, required ? " required" : "", CF_RAW, *reason ? " aria-invalid=\"true\"" : "",
			      CF_RAW, *described ? " aria-describedby=\"" : "", CF_RAW, described, CF_ATTR,
			      *described ? key : "", CF_RAW, *described ? "\"" : "", CF_END);
}

static int field_close(struct buf *b, const char *key, const char *reason, const char *hint)
{
	return (*reason && case_form_html(b, CF_RAW, "<p class=\"field-error\" id=\"e-t-", CF_ATTR, key, CF_RAW, "\">",
					  CF_TXT, reason, CF_RAW, "</p>", CF_END) < 0) ||
			       (!*reason && hint &&
				case_form_html(b, CF_RAW, "<p class=\"hint\" id=\"h-t-", CF_ATTR, key, CF_RAW, "\">", CF_TXT,
					       hint, CF_RAW, "</p>", CF_END) < 0) ||
			       html_raw(b, "</div>\n") < 0
		       ? -1
		       : 0;
}

static int text_input(struct buf *b, const char *key, const char *label, const char *type, const char *value,
		      const char *maxlength, bool required, const char *reason, const char *hint)
{
	return field_open(b, key, label, required) < 0 ||
			       case_form_html(b, CF_RAW, "<input type=\"", CF_RAW, type, CF_RAW, "\"", CF_END) < 0 ||
			       control_attrs(b, key, required, reason, hint) < 0 ||
			       case_form_html(b, CF_RAW, *maxlength ? " maxlength=\"" : "", CF_RAW, maxlength, CF_RAW,
					      *maxlength ? "\"" : "", CF_RAW, " value=\"", CF_ATTR, value, CF_RAW, "\">",
					      CF_END) < 0 ||
			       field_close(b, key, reason, hint) < 0
		       ? -1
		       : 0;
}

int target_view_form(struct request *req, const struct target *t, bool typed, const struct case_problems *pr,
		     struct error *err)
{
	struct buf *b = &req->res.body;
	char year[8], value[TARGET_VIEW_TEXT_MAX] = "";
	snprintf(year, sizeof year, "%d", t->year);
	if (t->value > 0)
		target_view_amount_input(t, t->value, value, sizeof value);
#define TYPED(key, stored) (typed ? case_form_typed(req, "", key) : (stored))
#define REASON(key) (typed ? case_form_reason(pr, key) : "")
	const char *line = TYPED("line", t->line), *split = TYPED("split", t->split),
		   *source = TYPED("source", t->source[0] ? t->source : TARGET_MANUAL);
	if (html_raw(b, "<div class=\"form-grid\">\n") < 0 ||
	    text_input(b, "year", "年度", "text", TYPED("year", year), "4", true, REASON("year"), NULL) < 0 ||
	    field_open(b, "line", "工作条线", true) < 0 || html_raw(b, "<select") < 0 ||
	    control_attrs(b, "line", true, REASON("line"), NULL) < 0 ||
	    html_raw(b, "><option value=\"\">请选择</option>") < 0)
		return -1;
	int rc = target_view_line_options(b, req->db, line, err);
	if (rc < 0)
		return rc;
	if (html_raw(b, "</select>") < 0 || field_close(b, "line", REASON("line"), NULL) < 0 ||
	    text_input(b, "name", "目标名称", "text", TYPED("name", t->name), "60", true, REASON("name"),
		       "同一年度内不能重名，如“白内障复明手术”") < 0 ||
	    text_input(b, "unit", "计量单位", "text", TYPED("unit", t->unit), "8", true, REASON("unit"),
		       "如 人、例、名、期、个村、人次、元；填“元”时目标值按元填写") < 0 ||
	    text_input(b, "value", "目标值", "text", TYPED("value", value), "20", true, REASON("value"),
		       "按计量单位填写；金额按元，可有两位小数，如 1000000.00") < 0 ||
	    field_open(b, "split", "分解方式", false) < 0 || html_raw(b, "<select") < 0 ||
	    control_attrs(b, "split", false, REASON("split"), NULL) < 0 || html_raw(b, ">") < 0 ||
	    option(b, "", "不分解", split) < 0 || option(b, "township", "按乡镇分解", split) < 0 ||
	    option(b, "hukou", "按城镇、农村分解", split) < 0 || html_raw(b, "</select>") < 0 ||
	    field_close(b, "split", REASON("split"), NULL) < 0 ||
	    text_input(b, "start", "开始日期", "date", TYPED("start", t->start), "", false, REASON("start"),
		       "时间进度从这一天算起；不填为当年1月1日") < 0 ||
	    text_input(b, "deadline", "完成时限", "date", TYPED("deadline", t->deadline), "", true, REASON("deadline"),
		       NULL) < 0 ||
	    text_input(b, "owner", "责任人", "text", TYPED("owner", t->owner), "128", false, REASON("owner"),
		       "县残联负责这项目标的工作人员") < 0 ||
	    field_open(b, "source", "数据来源", true) < 0 || html_raw(b, "<select") < 0 ||
	    control_attrs(b, "source", true, REASON("source"), SOURCE_HINT) < 0 || html_raw(b, ">") < 0 ||
	    option(b, TARGET_MANUAL, "手工填报（按佐证材料填报进度）", source) < 0)
		return -1;
	struct source_options so = {b, source, 0};
	if (target_sources(req->db, source_one, &so, err) < 0)
		return -2;
	const char *nr = REASON("note");
	if (so.rc < 0 || html_raw(b, "</select>") < 0 ||
	    field_close(b, "source", REASON("source"), SOURCE_HINT) < 0 ||
	    field_open(b, "note", "说明", false) < 0 || html_raw(b, "<textarea rows=\"2\" maxlength=\"500\"") < 0 ||
	    control_attrs(b, "note", false, nr, NULL) < 0 ||
	    case_form_html(b, CF_RAW, ">", CF_TXT, TYPED("note", t->note), CF_RAW, "</textarea>", CF_END) < 0 ||
	    field_close(b, "note", nr, NULL) < 0 || html_raw(b, "</div>\n") < 0)
		return -1;
#undef TYPED
#undef REASON
	return 0;
}

static void field_copy(const struct request *req, const char *key, char *out, size_t size)
{
	snprintf(out, size, "%s", case_form_typed(req, "", key));
}

void target_view_read(const struct request *req, struct target *t, char *value_reason, size_t size)
{
	value_reason[0] = '\0';
	int64_t year = 0;
	const char *y = case_form_typed(req, "", "year");
	t->year = strlen(y) == 4 && number_parse(y, 2000, 2100, &year) ? (int)year : 0;
	field_copy(req, "line", t->line, sizeof t->line);
	field_copy(req, "name", t->name, sizeof t->name);
	field_copy(req, "unit", t->unit, sizeof t->unit);
	field_copy(req, "split", t->split, sizeof t->split);
	field_copy(req, "start", t->start, sizeof t->start);
	field_copy(req, "deadline", t->deadline, sizeof t->deadline);
	field_copy(req, "owner", t->owner, sizeof t->owner);
	field_copy(req, "source", t->source, sizeof t->source);
	field_copy(req, "note", t->note, sizeof t->note);
	long long v = 0;
	const char *typed = case_form_typed(req, "", "value");
	if (!*typed)
		snprintf(value_reason, size, "请填写目标值");
	else if (!target_view_parse(target_is_money(t), typed, 1, &v, value_reason, size))
		v = 0;
	t->value = v;
}

void target_view_reason_set(struct case_problems *pr, const char *field, const char *reason)
{
	for (size_t i = 0; i < pr->n && i < CASE_VALUES_MAX; i++)
		if (strcmp(pr->items[i].field, field) == 0) {
			snprintf(pr->items[i].reason, sizeof pr->items[i].reason, "%s", reason);
			return;
		}
	case_field_problem(pr, field, "%s", reason);
}

/* Charts (io/svg) */

static enum svg_status svg_status_of(enum target_status s)
{
	switch (s) {
	case TARGET_DONE:
	case TARGET_OVER:
		return SVG_STATUS_DONE;
	case TARGET_ON_TRACK:
		return SVG_STATUS_NORMAL;
	case TARGET_LAGGING:
		return SVG_STATUS_LAGGING;
	case TARGET_OVERDUE:
		return SVG_STATUS_OVERDUE;
	default:
		return SVG_STATUS_NONE;
	}
}

static void permille_text(void *ctx, long long value, char *out, size_t size)
{
	(void)ctx;
	target_view_percent(value, out, size);
}

int target_view_chart(struct buf *b, const char *id, const char *title, const struct target_view_bar *bars, size_t n)
{
	struct svg_bar *rows = xcalloc(n + 1, sizeof *rows);
	char (*notes)[80] = xcalloc(n + 1, sizeof *notes);
	for (size_t i = 0; i < n; i++) {
		char elapsed[24];
		target_view_percent(bars[i].elapsed_permille, elapsed, sizeof elapsed);
		snprintf(notes[i], sizeof notes[i], "%s，时间进度%s",
			 bars[i].status < TARGET_STATUS__MAX ? target_status_label(bars[i].status) : "无分解目标", elapsed);
		rows[i].label = bars[i].label;
		rows[i].value = bars[i].permille;
		rows[i].has_target = true;
		rows[i].target = 1000;
		rows[i].status = svg_status_of(bars[i].status);
		rows[i].note = notes[i];
	}
	struct svg_chart c = {id, title, "target-chart", 760, permille_text, NULL};
	int rc = svg_hbar(b, &c, rows, n);
	free(notes);
	free(rows);
	return rc;
}

static void amount_text(void *ctx, long long value, char *out, size_t size)
{
	target_view_amount(ctx, value, out, size);
}

int target_view_progress(struct buf *b, const char *id, const char *title, const struct target *t, long long value,
			 long long achieved, int elapsed_permille, enum target_status status, int width)
{
	struct svg_chart c = {id, title, NULL, width, amount_text, (void *)t};
	return svg_progress(b, &c, achieved, value, elapsed_permille, svg_status_of(status));
}
