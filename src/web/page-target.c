#include "web/page-target.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/msg.h"
#include "base/stamp.h"
#include "base/xalloc.h"
#include "domain/supervision.h"
#include "domain/target.h"
#include "web/auth.h"
#include "web/case-form.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/page-supervision.h"
#include "web/target-view.h"

#define PAGE_FULL TARGET_VIEW_FULL

static const struct registry_scope county_scope = {"000000000000", "999999999999"};

struct tpage {
	struct request *req;
	struct buf *b;
	struct target t;
	struct registry_scope scope;
	char own[13]; /* the township the user is limited to, "" for the county */
	bool editor;  /* county admin or staff */
	struct target_progress prog;
	struct target_view_towns towns; /* of the county: names, and the forms' choices */
	const char *typed;		/* the form refused, or NULL */
	int64_t item;
	const struct case_problems *pr;
};

static void not_found(struct request *req)
{
	response_page(req, 404, "目标不存在", msg(MSG_TARGET_NOT_FOUND));
}

static const char *reason(const struct tpage *tp, const char *form, const char *key)
{
	return tp->typed && strcmp(tp->typed, form) == 0 ? case_form_reason(tp->pr, key) : "";
}

static bool typed_is(const struct tpage *tp, const char *form)
{
	return tp->typed && strcmp(tp->typed, form) == 0;
}

static const char *typed_or(const struct tpage *tp, const char *form, const char *key, const char *otherwise)
{
	return typed_is(tp, form) ? case_form_typed(tp->req, "", key) : otherwise;
}

static const char *split_label(const char *split)
{
	return strcmp(split, "township") == 0 ? "按乡镇分解" : strcmp(split, "hukou") == 0 ? "按城镇、农村分解" : "不分解";
}

/* A labelled input (or textarea) with its reason under it. */
static int input(struct buf *b, const char *id, const char *name, const char *label, const char *type,
		 const char *value, const char *maxlength, bool required, const char *why, const char *hint)
{
	bool area = strcmp(type, "textarea") == 0;
	char eid[64], hid[64];
	snprintf(eid, sizeof eid, "e-%s", id);
	snprintf(hid, sizeof hid, "h-%s", id);
	const char *described = *why ? eid : hint ? hid : "";
	return case_form_html(b, CF_RAW, "<div class=\"field\"><label for=\"", CF_ATTR, id, CF_RAW, "\">", CF_TXT, label,
			      CF_RAW, required ? "<span class=\"required\" aria-hidden=\"true\">*</span>" : "", CF_RAW,
			      "</label>", CF_RAW, area ? "<textarea rows=\"3\"" : "<input type=\"", CF_RAW, area ? "" : type,
			      CF_RAW, area ? "" : "\"", CF_RAW, " id=\"", CF_ATTR, id, CF_RAW, "\" name=\"", CF_ATTR, name,
			      CF_RAW, "\"", CF_RAW, *maxlength ? " maxlength=\"" : "", CF_RAW, maxlength, CF_RAW,
			      *maxlength ? "\"" : "", CF_RAW, required ? " required" : "", CF_RAW,
			      *why ? " aria-invalid=\"true\"" : "", CF_RAW, *described ? " aria-describedby=\"" : "",
			      CF_ATTR, described, CF_RAW, *described ? "\"" : "", CF_RAW, area ? ">" : " value=\"",
			      CF_ATTR, area ? "" : value, CF_RAW, area ? "" : "\">", CF_TXT, area ? value : "", CF_RAW,
			      area ? "</textarea>" : "", CF_END) < 0 ||
			       (*why && case_form_html(b, CF_RAW, "<p class=\"field-error\" id=\"", CF_ATTR, eid, CF_RAW,
						       "\">", CF_TXT, why, CF_RAW, "</p>", CF_END) < 0) ||
			       (!*why && hint &&
				case_form_html(b, CF_RAW, "<p class=\"hint\" id=\"", CF_ATTR, hid, CF_RAW, "\">", CF_TXT, hint,
					       CF_RAW, "</p>", CF_END) < 0) ||
			       html_raw(b, "</div>\n") < 0
		       ? -1
		       : 0;
}

static int option(struct buf *b, const char *value, const char *label, const char *current)
{
	return case_form_html(b, CF_RAW, "<option value=\"", CF_ATTR, value, CF_RAW,
			      strcmp(value, current) == 0 ? "\" selected>" : "\">", CF_TXT, label, CF_RAW, "</option>",
			      CF_END);
}

/* A select of the county's townships (first: none_label with value "", when not NULL). */
static int township_select(struct tpage *tp, const char *id, const char *name, const char *label,
			   const char *none_label, const char *current, const char *why)
{
	struct buf *b = tp->b;
	char eid[64];
	snprintf(eid, sizeof eid, "e-%s", id);
	if (case_form_html(b, CF_RAW, "<div class=\"field\"><label for=\"", CF_ATTR, id, CF_RAW, "\">", CF_TXT, label,
			   CF_RAW, "<span class=\"required\" aria-hidden=\"true\">*</span></label><select id=\"", CF_ATTR, id,
			   CF_RAW, "\" name=\"", CF_ATTR, name, CF_RAW, "\"", CF_RAW,
			   *why ? " aria-invalid=\"true\" aria-describedby=\"" : "", CF_ATTR, *why ? eid : "", CF_RAW,
			   *why ? "\">" : ">", CF_END) < 0 ||
	    (none_label && option(b, "", none_label, current) < 0))
		return -1;
	for (size_t i = 0; i < tp->towns.n; i++)
		if (option(b, tp->towns.code[i], tp->towns.name[i], current) < 0)
			return -1;
	return html_raw(b, "</select>") < 0 ||
			       (*why && case_form_html(b, CF_RAW, "<p class=\"field-error\" id=\"", CF_ATTR, eid, CF_RAW,
						       "\">", CF_TXT, why, CF_RAW, "</p>", CF_END) < 0) ||
			       html_raw(b, "</div>\n") < 0
		       ? -1
		       : 0;
}

/* The definition */

static int definition(struct tpage *tp)
{
	struct buf *b = tp->b;
	const struct target *t = &tp->t;
	char year[8], line[300], value[TARGET_VIEW_TEXT_MAX], source[300], updated[STAMP_LOCAL_SIZE + 140];
	char at[STAMP_LOCAL_SIZE];
	snprintf(year, sizeof year, "%d年", t->year);
	target_view_line_label(tp->req->db, t->line, line, sizeof line);
	target_view_amount(t, t->value, value, sizeof value);
	target_source_label(tp->req->db, t->source, source, sizeof source);
	stamp_local(t->updated_at, at);
	snprintf(updated, sizeof updated, "%s %s", at, t->updated_by);
	return case_form_html(b, CF_RAW, "<section class=\"panel\">\n<h2>目标定义</h2>\n<dl class=\"facts\">\n<dt>年度</dt><dd>",
			      CF_TXT, year, CF_RAW, "</dd>\n<dt>工作条线</dt><dd>", CF_TXT, line, CF_RAW,
			      "</dd>\n<dt>目标值</dt><dd>", CF_TXT, value, CF_RAW, "</dd>\n<dt>计量单位</dt><dd>", CF_TXT,
			      t->unit, CF_RAW, "</dd>\n<dt>分解方式</dt><dd>", CF_TXT, split_label(t->split), CF_RAW,
			      "</dd>\n<dt>开始日期</dt><dd>", CF_TXT, t->start, CF_RAW, "</dd>\n<dt>完成时限</dt><dd>", CF_TXT,
			      t->deadline, CF_RAW, "</dd>\n<dt>责任人</dt><dd>", CF_TXT, *t->owner ? t->owner : "—", CF_RAW,
			      "</dd>\n<dt>数据来源</dt><dd>", CF_TXT, source, CF_RAW,
			      strcmp(t->source, TARGET_MANUAL) == 0 ? "（按佐证材料手工填报）" : "（系统按数据实时统计）",
			      CF_RAW, "</dd>\n<dt>说明</dt><dd>", CF_TXT, *t->note ? t->note : "—", CF_RAW,
			      "</dd>\n<dt>最后修改</dt><dd>", CF_TXT, updated, CF_RAW, "</dd>\n</dl>\n</section>\n", CF_END);
}

/* Progress */

static int progress(struct tpage *tp)
{
	struct buf *b = tp->b;
	const struct target *t = &tp->t;
	const struct target_progress *p = &tp->prog;
	char where[200], value[TARGET_VIEW_TEXT_MAX], done[TARGET_VIEW_TEXT_MAX], pct[24], elapsed[24];
	snprintf(where, sizeof where, "%s", *tp->own ? target_view_part_name(&tp->towns, tp->own) : "全县");
	if (p->value > 0)
		target_view_amount(t, p->value, value, sizeof value);
	else
		snprintf(value, sizeof value, "未分解到本乡镇");
	target_view_amount(t, p->achieved, done, sizeof done);
	target_view_percent(p->permille, pct, sizeof pct);
	target_view_percent(p->elapsed_permille, elapsed, sizeof elapsed);
	char title[400];
	snprintf(title, sizeof title, "%s：完成%s，目标%s", t->name, done, value);
	return case_form_html(b, CF_RAW, "<section class=\"panel\">\n<h2>完成情况</h2>\n<dl class=\"facts\">\n<dt>范围</dt><dd>",
			      CF_TXT, where, CF_RAW, "</dd>\n<dt>", CF_TXT, *tp->own ? "本乡镇分解目标" : "目标值", CF_RAW,
			      "</dt><dd>", CF_TXT, value, CF_RAW, "</dd>\n<dt>已完成</dt><dd>", CF_TXT, done,
			      CF_RAW, "</dd>\n<dt>完成率</dt><dd>", CF_TXT, p->value > 0 ? pct : "—", CF_RAW,
			      "</dd>\n<dt>时间进度</dt><dd>", CF_TXT, elapsed, CF_RAW, "</dd>\n<dt>状态</dt><dd>", CF_END) < 0 ||
			       target_view_status(b, t, p->status, p->value, p->achieved) < 0 ||
			       html_raw(b, "</dd>\n</dl>\n") < 0 ||
			       (p->value > 0 && target_view_progress(b, "progress", title, t, p->value, p->achieved,
								     p->elapsed_permille, p->status, 360) < 0) ||
			       html_raw(b, "</section>\n") < 0
		       ? -1
		       : 0;
}

/* Parts */

static int parts_table(struct tpage *tp)
{
	struct buf *b = tp->b;
	const struct target *t = &tp->t;
	const struct target_progress *p = &tp->prog;
	bool split = *t->split != '\0';
	const char *caption = strcmp(t->split, "township") == 0 ? "按乡镇分解：各乡镇的分解目标和完成情况"
			      : strcmp(t->split, "hukou") == 0	 ? "按城镇、农村分解：各部分的分解目标和完成情况"
								 : "各乡镇完成情况（目标不分解，只列完成数）";
	if (case_form_html(b, CF_RAW, "<section class=\"panel\" id=\"parts\">\n<h2>分解情况</h2>\n<div class=\"table-wrap\">"
				  "<table class=\"list\">\n<caption>", CF_TXT, caption, CF_RAW,
			   "</caption>\n<thead><tr><th scope=\"col\">", CF_TXT, strcmp(t->split, "hukou") == 0 ? "类别" : "乡镇",
			   CF_RAW, "</th><th scope=\"col\" class=\"num\">分解目标</th><th scope=\"col\" class=\"num\">已完成</th>"
				   "<th scope=\"col\" class=\"num\">完成率</th><th scope=\"col\">状态</th></tr></thead>\n<tbody>\n",
			   CF_END) < 0)
		return -1;
	for (size_t i = 0; i < p->nparts; i++) {
		char share[TARGET_VIEW_TEXT_MAX] = "—", done[TARGET_VIEW_TEXT_MAX], pct[24] = "—";
		if (p->parts[i].share >= 0)
			target_view_amount(t, p->parts[i].share, share, sizeof share);
		target_view_amount(t, p->parts[i].achieved, done, sizeof done);
		if (p->parts[i].share > 0)
			target_view_percent(target_permille(p->parts[i].achieved, p->parts[i].share), pct, sizeof pct);
		if (case_form_html(b, CF_RAW, "<tr><th scope=\"row\">", CF_TXT, target_view_part_name(&tp->towns, p->parts[i].part),
				   CF_RAW, "</th><td class=\"num\">", CF_TXT, share, CF_RAW, "</td><td class=\"num\">", CF_TXT,
				   done, CF_RAW, "</td><td class=\"num\">", CF_TXT, pct, CF_RAW, "</td><td>", CF_END) < 0 ||
		    target_view_status(b, t, p->parts[i].status, p->parts[i].share, p->parts[i].achieved) < 0 ||
		    html_raw(b, "</td></tr>\n") < 0)
			return -1;
	}
	if (p->nparts == 0 &&
	    html_raw(b, split ? "<tr><td class=\"empty\" colspan=\"5\">尚未分解，或本乡镇没有分解目标和完成数</td></tr>\n"
			      : "<tr><td class=\"empty\" colspan=\"5\">暂无各乡镇的完成数</td></tr>\n") < 0)
		return -1;
	if (!*tp->own) {
		char value[TARGET_VIEW_TEXT_MAX], done[TARGET_VIEW_TEXT_MAX], pct[24];
		target_view_amount(t, p->value, value, sizeof value);
		target_view_amount(t, p->achieved, done, sizeof done);
		target_view_percent(p->permille, pct, sizeof pct);
		if (case_form_html(b, CF_RAW, "<tr class=\"total\"><th scope=\"row\">全县合计</th><td class=\"num\">", CF_TXT, value,
				   CF_RAW, "</td><td class=\"num\">", CF_TXT, done, CF_RAW, "</td><td class=\"num\">", CF_TXT,
				   pct, CF_RAW, "</td><td>", CF_END) < 0 ||
		    target_view_status(b, t, p->status, p->value, p->achieved) < 0 || html_raw(b, "</td></tr>\n") < 0)
			return -1;
	}
	return html_raw(b, "</tbody></table></div>\n");
}

/* The share of part in the progress (county scope), or -1. */
static long long share_of(const struct tpage *tp, const char *part)
{
	for (size_t i = 0; i < tp->prog.nparts; i++)
		if (strcmp(tp->prog.parts[i].part, part) == 0)
			return tp->prog.parts[i].share;
	return -1;
}

/* One row of the parts form: the part's name as the label, its share as typed or stored. */
static int part_row(struct tpage *tp, const char *part, const char *name)
{
	struct buf *b = tp->b;
	char field[20], id[20], stored[TARGET_VIEW_TEXT_MAX] = "";
	snprintf(field, sizeof field, "p_%s", part);
	snprintf(id, sizeof id, "p-%s", part);
	long long share = share_of(tp, part);
	if (share >= 0)
		target_view_amount_input(&tp->t, share, stored, sizeof stored);
	const char *value = typed_or(tp, "parts", field, stored), *why = reason(tp, "parts", part);
	return case_form_html(b, CF_RAW, "<tr><th scope=\"row\"><label for=\"", CF_ATTR, id, CF_RAW, "\">", CF_TXT, name,
			      CF_RAW, "</label></th><td><input type=\"text\" inputmode=\"decimal\" maxlength=\"20\" id=\"",
			      CF_ATTR, id, CF_RAW, "\" name=\"", CF_ATTR, field, CF_RAW, "\" value=\"", CF_ATTR, value,
			      CF_RAW, "\"", CF_RAW, *why ? " aria-invalid=\"true\" aria-describedby=\"e-" : "", CF_ATTR,
			      *why ? id : "", CF_RAW, *why ? "\">" : ">", CF_END) < 0 ||
			       (*why && case_form_html(b, CF_RAW, "<p class=\"field-error\" id=\"e-", CF_ATTR, id, CF_RAW,
						       "\">", CF_TXT, why, CF_RAW, "</p>", CF_END) < 0) ||
			       html_raw(b, "</td></tr>\n") < 0
		       ? -1
		       : 0;
}

static int parts_forms(struct tpage *tp)
{
	struct request *req = tp->req;
	struct buf *b = tp->b;
	const struct target *t = &tp->t;
	char action[64], value[TARGET_VIEW_TEXT_MAX], hint[300];
	snprintf(action, sizeof action, "/targets/%lld/parts", (long long)t->id);
	target_view_amount(t, t->value, value, sizeof value);
	snprintf(hint, sizeof hint, "各项合计须等于目标值%s%s。", value,
		 target_is_money(t) ? "（按元填写，可有两位小数）" : "");
	bool township = strcmp(t->split, "township") == 0;
	if (case_form_html(b, CF_RAW, typed_is(tp, "parts") ? "<details class=\"more\" open>" : "<details class=\"more\">",
			   CF_RAW, "<summary>修改分解</summary>\n<h3>", CF_TXT, township ? "按乡镇手工分解" : "按城镇、农村分解", CF_RAW,
			   "</h3>\n<form method=\"post\" action=\"", CF_ATTR, action, CF_RAW, "\" novalidate>\n", CF_END) < 0 ||
	    layout_csrf_field(req) < 0 || (typed_is(tp, "parts") && case_form_problems(b, tp->pr) < 0) ||
	    case_form_html(b, CF_RAW, "<p class=\"hint\">", CF_TXT, hint, CF_TXT,
			   township ? "不分给某个乡镇的请留空。" : "", CF_RAW,
			   "</p>\n<div class=\"table-wrap\"><table class=\"list parts-form\">\n<caption>", CF_TXT,
			   township ? "各乡镇的分解目标" : "城镇、农村的分解目标", CF_RAW,
			   "</caption>\n<thead><tr><th scope=\"col\">", CF_TXT, township ? "乡镇" : "类别", CF_RAW,
			   "</th><th scope=\"col\">分解目标</th></tr></thead>\n<tbody>\n", CF_END) < 0)
		return -1;
	if (township) {
		for (size_t i = 0; i < tp->towns.n; i++)
			if (part_row(tp, tp->towns.code[i], tp->towns.name[i]) < 0)
				return -1;
	} else if (part_row(tp, "1", "城镇") < 0 || part_row(tp, "2", "农村") < 0) {
		return -1;
	}
	if (html_raw(b, "</tbody></table></div>\n<div class=\"buttons\"><button type=\"submit\">保存分解</button></div>\n</form>\n") < 0)
		return -1;
	if (!township)
		return html_raw(b, "</details>\n");
	snprintf(action, sizeof action, "/targets/%lld/split", (long long)t->id);
	return case_form_html(b, CF_RAW, "<h3>按在册人数比例分配</h3>\n<form method=\"post\" action=\"", CF_ATTR, action,
			      CF_RAW, "\" data-confirm=\"将按各乡镇在册残疾人数重新分配目标值，覆盖现有的分解。确定吗？\">\n", CF_END) < 0 ||
			       layout_csrf_field(req) < 0 ||
			       html_raw(b, "<p class=\"hint\">目标值按各乡镇在册残疾人数的比例分配，取整后余数按小数部分从大到小补足，"
					   "各乡镇合计正好等于目标值。</p>\n<div class=\"buttons\"><button type=\"submit\" class=\"secondary\">"
					   "按在册人数比例分配</button></div>\n</form>\n</details>\n") < 0
		       ? -1
		       : 0;
}

/* Entries */

struct entries {
	struct tpage *tp;
	long rows;
};

static int entry_row(void *ctx, const struct target_entry *e, struct error *err)
{
	struct entries *en = ctx;
	struct tpage *tp = en->tp;
	char value[TARGET_VIEW_TEXT_MAX], at[STAMP_LOCAL_SIZE];
	target_view_amount(&tp->t, e->value, value, sizeof value);
	stamp_local(e->at, at);
	en->rows++;
	if (case_form_html(tp->b, CF_RAW, "<tr><td>", CF_TXT, e->date, CF_RAW, "</td><td>", CF_TXT,
			   target_view_part_name(&tp->towns, e->part), CF_RAW, "</td><td class=\"num\">", CF_TXT, value,
			   CF_RAW, "</td><td>", CF_TXT, e->note, CF_RAW, "</td><td>", CF_TXT, e->user_name, CF_RAW,
			   "</td><td>", CF_TXT, at, CF_RAW, "</td></tr>\n", CF_END) < 0)
		return error_set(err, PAGE_FULL);
	return 0;
}

/* -1 full, -2 database error. */
static int entries(struct tpage *tp, struct error *err)
{
	struct request *req = tp->req;
	struct buf *b = tp->b;
	const struct target *t = &tp->t;
	if (strcmp(t->source, TARGET_MANUAL) != 0) {
		char source[300];
		target_source_label(req->db, t->source, source, sizeof source);
		return case_form_html(b, CF_RAW, "<section class=\"panel\" id=\"entries\">\n<h2>进度填报</h2>\n<p class=\"muted\">进度由系统按“",
				      CF_TXT, source, CF_RAW, "”的数据实时统计，不需要手工填报。</p>\n</section>\n", CF_END);
	}
	if (html_raw(b, "<section class=\"panel\" id=\"entries\">\n<h2>进度填报</h2>\n<div class=\"table-wrap\"><table class=\"list\">\n"
			"<caption>手工填报的进度（新的在前；填错的以负数更正，记录不删除）</caption>\n"
			"<thead><tr><th scope=\"col\">完成日期</th><th scope=\"col\">乡镇</th><th scope=\"col\" class=\"num\">完成数</th>"
			"<th scope=\"col\">佐证说明</th><th scope=\"col\">填报人</th><th scope=\"col\">填报时间</th></tr></thead>\n<tbody>\n") < 0)
		return -1;
	struct entries en = {tp, 0};
	if (target_entries(req->db, t->id, &tp->scope, entry_row, &en, err) < 0)
		return -2;
	if ((en.rows == 0 && html_raw(b, "<tr><td class=\"empty\" colspan=\"6\">还没有填报进度</td></tr>\n") < 0) ||
	    html_raw(b, "</tbody></table></div>\n") < 0)
		return -1;
	bool township = req->account.role == ROLE_TOWNSHIP && *tp->own;
	if (!tp->editor && !township)
		return html_raw(b, "</section>\n");
	char action[64], today[11];
	snprintf(action, sizeof action, "/targets/%lld/entries", (long long)t->id);
	date_format(date_today(), today);
	if (case_form_html(b, CF_RAW, "<h3>填报进度</h3>\n<form class=\"person-form\" method=\"post\" action=\"", CF_ATTR, action,
			   CF_RAW, "\" novalidate>\n", CF_END) < 0 ||
	    layout_csrf_field(req) < 0 || (typed_is(tp, "entry") && case_form_problems(b, tp->pr) < 0))
		return -1;
	if (township) {
		if (case_form_html(b, CF_RAW, "<input type=\"hidden\" name=\"part\" value=\"", CF_ATTR, tp->own, CF_RAW,
				   "\"><p>乡镇：", CF_TXT, target_view_part_name(&tp->towns, tp->own), CF_RAW, "</p>\n",
				   CF_END) < 0)
			return -1;
	} else if (township_select(tp, "e-part", "part", "乡镇", "县级（不分乡镇）", typed_or(tp, "entry", "part", ""),
				   reason(tp, "entry", "part")) < 0) {
		return -1;
	}
	char unit[80];
	snprintf(unit, sizeof unit, "完成数（%s）", target_is_money(t) ? "元" : t->unit);
	return input(b, "e-date", "date", "完成日期", "date", typed_or(tp, "entry", "date", today), "", true,
		     reason(tp, "entry", "date"), NULL) < 0 ||
			       input(b, "e-value", "value", unit, "text", typed_or(tp, "entry", "value", ""), "20", true,
				     reason(tp, "entry", "value"), "这次新完成的数；更正以前填多了的，填负数") < 0 ||
			       input(b, "e-note", "note", "佐证说明", "textarea", typed_or(tp, "entry", "note", ""), "500", true,
				     reason(tp, "entry", "note"), "做了什么、在哪里、佐证材料存放在何处") < 0 ||
			       html_raw(b, "<div class=\"buttons\"><button type=\"submit\">填报进度</button></div>\n</form>\n</section>\n") < 0
		       ? -1
		       : 0;
}

/* Supervision */

static int supervision(struct tpage *tp, struct error *err)
{
	struct request *req = tp->req;
	struct buf *b = tp->b;
	if (html_raw(b, "<section class=\"panel\" id=\"supervision\">\n<h2>督查</h2>\n") < 0)
		return error_set(err, PAGE_FULL);
	if (page_supervision_items(req, &tp->scope, &tp->t, 0, "target", tp->typed, tp->item, tp->pr, err) < 0)
		return -1;
	if (tp->editor) {
		char action[64], title[300];
		snprintf(action, sizeof action, "/targets/%lld/supervision", (long long)tp->t.id);
		snprintf(title, sizeof title, "发起督查");
		const char *town = request_arg(req, "township");
		if (case_form_html(b, CF_RAW, "<h3 id=\"open\">", CF_TXT, title, CF_RAW,
				   "</h3>\n<form class=\"person-form\" method=\"post\" action=\"", CF_ATTR, action, CF_RAW,
				   "\" novalidate>\n", CF_END) < 0 ||
		    layout_csrf_field(req) < 0 || (typed_is(tp, "open") && case_form_problems(b, tp->pr) < 0) ||
		    township_select(tp, "s-township", "township", "督查的乡镇", "请选择",
				    typed_or(tp, "open", "township", town ? town : ""), reason(tp, "open", "township")) < 0 ||
		    input(b, "s-finding", "finding", "督查发现的问题", "textarea", typed_or(tp, "open", "finding", ""), "500",
			  true, reason(tp, "open", "finding"), "如：完成率低于时间进度，摸底登记未到村到户") < 0 ||
		    input(b, "s-requirement", "requirement", "整改要求", "textarea",
			  typed_or(tp, "open", "requirement", ""), "500", true, reason(tp, "open", "requirement"), NULL) < 0 ||
		    input(b, "s-deadline", "deadline", "整改时限", "date", typed_or(tp, "open", "deadline", ""), "", true,
			  reason(tp, "open", "deadline"), NULL) < 0 ||
		    html_raw(b, "<div class=\"buttons\"><button type=\"submit\">发起督查</button></div>\n</form>\n") < 0)
			return error_set(err, PAGE_FULL);
	}
	return html_raw(b, "</section>\n") < 0 ? error_set(err, PAGE_FULL) : 0;
}

/* The page */

static const char *done_message(const char *done)
{
	static const struct {
		const char *key;
		enum msg_id id;
	} done_msgs[] = {
		{"saved", MSG_TARGET_SAVED},		{"parts", MSG_TARGET_PARTS_SAVED},
		{"entry", MSG_TARGET_ENTRY_SAVED},	{"opened", MSG_SUPERVISION_OPENED},
		{"answered", MSG_SUPERVISION_ANSWERED}, {"closed", MSG_SUPERVISION_CLOSED},
		{"back", MSG_SUPERVISION_SENT_BACK},
	};
	for (size_t i = 0; done && i < sizeof done_msgs / sizeof done_msgs[0]; i++)
		if (strcmp(done, done_msgs[i].key) == 0)
			return msg(done_msgs[i].id);
	return NULL;
}

int page_target_render(struct request *req, int64_t id, const char *typed, int64_t item, const struct case_problems *pr,
		       struct error *err)
{
	struct tpage *tp = xcalloc(1, sizeof *tp);
	tp->req = req;
	tp->b = &req->res.body;
	tp->typed = typed;
	tp->item = item;
	tp->pr = pr;
	tp->editor = target_may_edit(&req->account);
	struct buf *b = tp->b;
	int rc = -1;
	if (!target_view_scope(req, &tp->scope)) {
		rc = 0;
		goto out;
	}
	target_view_scope_township(&tp->scope, tp->own);
	int found = target_get(req->db, id, &tp->t, err);
	if (found <= 0) {
		if (found == 0)
			not_found(req);
		rc = found;
		goto out;
	}
	if (target_progress_of(req->db, &tp->t, &tp->scope, date_today(), &tp->prog, err) < 0 ||
	    target_view_towns(req->db, &county_scope, &tp->towns, err) < 0)
		goto out;
	const struct target *t = &tp->t;
	char title[300], back[48];
	snprintf(title, sizeof title, "%s（%d年）", t->name, t->year);
	snprintf(back, sizeof back, "/targets?year=%d", t->year);
	const char *notice = typed ? NULL : done_message(request_arg(req, "done"));
	if (layout_begin(req, title, "/targets") < 0 ||
	    case_form_html(b, CF_RAW, "<p class=\"toolbar\"><a href=\"", CF_ATTR, back, CF_RAW,
			   "\">返回目标看板</a> <a href=\"/supervision\">督查事项</a></p>\n", CF_END) < 0 ||
	    (notice && case_form_html(b, CF_RAW, "<p class=\"notice ok\" role=\"status\">", CF_TXT, notice, CF_RAW, "</p>\n",
				      CF_END) < 0) ||
	    definition(tp) < 0 || progress(tp) < 0 || parts_table(tp) < 0 ||
	    (tp->editor && *t->split && parts_forms(tp) < 0) || html_raw(b, "</section>\n") < 0) {
		rc = error_set(err, PAGE_FULL);
		goto out;
	}
	int e = entries(tp, err);
	if (e == -1)
		rc = error_set(err, PAGE_FULL);
	if (e < 0)
		goto out;
	if (supervision(tp, err) < 0)
		goto out;
	if (tp->editor) {
		char action[48];
		snprintf(action, sizeof action, "/targets/%lld", (long long)t->id);
		if (case_form_html(b, CF_RAW, "<section class=\"panel\" id=\"edit\">\n<h2>修改目标</h2>\n", CF_RAW,
				   typed_is(tp, "edit") ? "<details class=\"more\" open>" : "<details class=\"more\">", CF_RAW,
				   "<summary>修改目标的定义</summary>\n<form class=\"target-form\" method=\"post\" action=\"",
				   CF_ATTR, action, CF_RAW, "\" novalidate>\n", CF_END) < 0 ||
		    layout_csrf_field(req) < 0 || (typed_is(tp, "edit") && case_form_problems(b, pr) < 0)) {
			rc = error_set(err, PAGE_FULL);
			goto out;
		}
		int f = target_view_form(req, t, typed_is(tp, "edit"), pr, err);
		if (f == -1)
			rc = error_set(err, PAGE_FULL);
		if (f < 0)
			goto out;
		if (html_raw(b, "<p class=\"hint\">改变目标值或分解方式后，原有的分解不再相加等于目标值，会被清除，需重新分解。</p>\n"
				"<div class=\"buttons\"><button type=\"submit\">保存修改</button></div>\n</form>\n</details>\n</section>\n") < 0) {
			rc = error_set(err, PAGE_FULL);
			goto out;
		}
	}
	if (layout_end(req) < 0) {
		rc = error_set(err, PAGE_FULL);
		goto out;
	}
	rc = 0;
out:
	free(tp);
	return rc;
}

int page_target(struct request *req, int64_t id, const char *rest, struct error *err)
{
	if (*rest) {
		response_page(req, 404, "页面不存在", "您要访问的页面不存在，请检查网址是否正确。");
		return 0;
	}
	return page_target_render(req, id, NULL, 0, NULL, err);
}

/* POSTs */

static int county_only(struct request *req)
{
	if (target_may_edit(&req->account))
		return 1;
	response_page(req, 403, "无权操作", msg(MSG_TARGET_COUNTY_ONLY));
	return 0;
}

/* Logs what was done on target id and answers with the page again at anchor. */
static int done(struct request *req, int64_t id, const char *action, const char *object, json_t *detail,
		const char *what, const char *anchor, struct error *err)
{
	char *d = detail ? json_dumps(detail, JSON_COMPACT) : NULL;
	json_decref(detail);
	int rc = auth_audit(req, "目标管理", action, object, d ? d : "", "成功", err);
	free(d);
	if (rc < 0)
		return -1;
	char location[96];
	snprintf(location, sizeof location, "/targets/%lld?done=%s%s", (long long)id, what, anchor);
	return auth_redirect(req, location, err);
}

static int edit_post(struct request *req, int64_t id, struct case_problems *pr, struct error *err)
{
	if (!county_only(req))
		return 0;
	struct target *t = xcalloc(1, sizeof *t);
	char value_reason[200];
	t->id = id;
	target_view_read(req, t, value_reason, sizeof value_reason);
	struct db *w = server_writer_lock(req->server);
	int r = target_save(w, t, &req->account, pr, err);
	server_writer_unlock(req->server);
	int rc = -1;
	if (r == 1 && *value_reason)
		target_view_reason_set(pr, "value", value_reason);
	if (r == 2) {
		not_found(req);
		rc = 0;
	} else if (r == 1) {
		rc = page_target_render(req, id, "edit", 0, pr, err);
	} else if (r == 0) {
		char object[40];
		snprintf(object, sizeof object, "target:%lld", (long long)id);
		rc = done(req, id, "修改目标", object,
			  json_pack("{s:i, s:s, s:s, s:s, s:I, s:s, s:s, s:s, s:s}", "year", t->year, "line", t->line, "name",
				    t->name, "unit", t->unit, "value", (json_int_t)t->value, "split", t->split, "start",
				    t->start, "deadline", t->deadline, "source", t->source),
			  "saved", "", err);
	}
	free(t);
	return rc;
}

static int parts_post(struct request *req, int64_t id, bool by_persons, struct case_problems *pr, struct error *err)
{
	if (!county_only(req))
		return 0;
	struct target t;
	int found = target_get(req->db, id, &t, err);
	if (found <= 0) {
		if (found == 0)
			not_found(req);
		return found;
	}
	struct target_part *parts = xcalloc(TARGET_PARTS_MAX, sizeof *parts);
	struct target_view_towns *towns = xcalloc(1, sizeof *towns);
	int rc = -1, r;
	json_t *detail = json_object();
	if (by_persons) {
		struct db *w = server_writer_lock(req->server);
		r = target_split_by_persons(w, id, &req->account, pr, err);
		server_writer_unlock(req->server);
	} else {
		size_t n = 0;
		if (target_view_towns(req->db, &county_scope, towns, err) < 0)
			goto out;
		static const char *const hukou[] = {"1", "2"};
		bool township = strcmp(t.split, "township") == 0;
		size_t count = township ? towns->n : 2;
		long long sum = 0;
		for (size_t i = 0; i < count; i++) {
			const char *part = township ? towns->code[i] : hukou[i];
			char field[20], why[200];
			snprintf(field, sizeof field, "p_%s", part);
			const char *typed = case_form_typed(req, "", field);
			long long v;
			if (!*typed)
				continue;
			if (!target_view_parse(target_is_money(&t), typed, 0, &v, why, sizeof why)) {
				case_field_problem(pr, part, "%s", why);
				continue;
			}
			snprintf(parts[n].part, sizeof parts[n].part, "%s", part);
			parts[n++].value = v;
			sum += v;
			json_object_set_new(detail, part, json_integer(v));
		}
		if (!pr->n && *t.split && sum != t.value) {
			char a[TARGET_VIEW_TEXT_MAX], b[TARGET_VIEW_TEXT_MAX], c[TARGET_VIEW_TEXT_MAX];
			target_view_amount(&t, sum, a, sizeof a);
			target_view_amount(&t, t.value, b, sizeof b);
			target_view_amount(&t, t.value - sum, c, sizeof c);
			case_refuse(pr, msg(MSG_TARGET_PARTS_SUM), a, b, c);
		}
		if (pr->n || *pr->message) {
			if (!*pr->message)
				case_refuse(pr, "分解未保存，请改正标出的项");
			r = 1;
		} else {
			struct db *w = server_writer_lock(req->server);
			r = target_set_parts(w, id, parts, n, &req->account, pr, err);
			server_writer_unlock(req->server);
		}
	}
	if (r < 0)
		goto out;
	if (r == 2) {
		not_found(req);
		rc = 0;
	} else if (r == 1) {
		rc = page_target_render(req, id, "parts", 0, pr, err);
	} else {
		char object[40];
		snprintf(object, sizeof object, "target:%lld", (long long)id);
		json_t *d = by_persons ? json_pack("{s:s}", "by", "persons") : json_pack("{s:O}", "parts", detail);
		rc = done(req, id, by_persons ? "按人数分解" : "分解目标", object, d, "parts", "#parts", err);
	}
out:
	json_decref(detail);
	free(towns);
	free(parts);
	return rc;
}

static int entry_post(struct request *req, int64_t id, struct case_problems *pr, struct error *err)
{
	struct target t;
	int found = target_get(req->db, id, &t, err);
	if (found <= 0) {
		if (found == 0)
			not_found(req);
		return found;
	}
	const char *part = case_form_typed(req, "", "part"), *date = case_form_typed(req, "", "date"),
		   *typed = case_form_typed(req, "", "value"), *note = case_form_typed(req, "", "note");
	long long v = 0;
	char why[200] = "";
	if (!*typed)
		snprintf(why, sizeof why, "请填写完成数");
	else if (!target_view_parse(target_is_money(&t), typed, -TARGET_VALUE_MAX, &v, why, sizeof why))
		v = 0;
	struct db *w = server_writer_lock(req->server);
	int r = target_add_entry(w, id, part, date, v, note, &req->account, pr, err);
	server_writer_unlock(req->server);
	if (r < 0)
		return -1;
	if (r == 2) {
		not_found(req);
		return 0;
	}
	if (r == 1) {
		if (*why)
			target_view_reason_set(pr, "value", why);
		return page_target_render(req, id, "entry", 0, pr, err);
	}
	char object[40];
	snprintf(object, sizeof object, "target:%lld", (long long)id);
	return done(req, id, "填报进度", object,
		    json_pack("{s:s, s:s, s:I, s:s}", "part", part, "date", date, "value", (json_int_t)v, "note", note),
		    "entry", "#entries", err);
}

static int open_post(struct request *req, int64_t id, struct case_problems *pr, struct error *err)
{
	if (!county_only(req))
		return 0;
	const char *township = case_form_typed(req, "", "township"), *deadline = case_form_typed(req, "", "deadline");
	int64_t sid = 0;
	struct db *w = server_writer_lock(req->server);
	int r = supervision_open(w, id, township, case_form_typed(req, "", "finding"),
				 case_form_typed(req, "", "requirement"), deadline, &req->account, &sid, pr, err);
	server_writer_unlock(req->server);
	if (r < 0)
		return -1;
	if (r == 2) {
		not_found(req);
		return 0;
	}
	if (r == 1)
		return page_target_render(req, id, "open", 0, pr, err);
	char object[48];
	snprintf(object, sizeof object, "supervision:%lld", (long long)sid);
	return done(req, id, "发起督查", object,
		    json_pack("{s:I, s:s, s:s, s:s, s:s}", "target", (json_int_t)id, "township", township, "finding",
			      case_form_typed(req, "", "finding"), "requirement", case_form_typed(req, "", "requirement"),
			      "deadline", deadline),
		    "opened", "#supervision", err);
}

int page_target_post(struct request *req, int64_t id, const char *rest, struct error *err)
{
	struct registry_scope scope;
	if (!target_view_scope(req, &scope) || !target_view_may_post(req))
		return 0;
	struct case_problems *pr = xcalloc(1, sizeof *pr);
	int rc;
	if (!*rest)
		rc = edit_post(req, id, pr, err);
	else if (strcmp(rest, "/parts") == 0 || strcmp(rest, "/split") == 0)
		rc = parts_post(req, id, strcmp(rest, "/split") == 0, pr, err);
	else if (strcmp(rest, "/entries") == 0)
		rc = entry_post(req, id, pr, err);
	else if (strcmp(rest, "/supervision") == 0)
		rc = open_post(req, id, pr, err);
	else {
		response_page(req, 404, "页面不存在", "您要访问的页面不存在，请检查网址是否正确。");
		rc = 0;
	}
	free(pr);
	return rc;
}
