#include "web/page-persons.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/mask.h"
#include "base/stamp.h"
#include "base/xalloc.h"
#include "domain/account.h"
#include "domain/audit.h"
#include "domain/dict.h"
#include "domain/division.h"
#include "domain/registry.h"
#include "web/auth.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/page-enrol.h"
#include "web/page-training.h"
#include "web/page-person-edit.h"
#include "web/person-pdf.h"

#define NARGS 15 /* the names of registry_arg_names */

/* The list's state: the query and the argument texts that were valid, for the links and the form. */
struct list {
	struct request *req;
	struct buf *b;
	struct registry_query q;
	const char *args[NARGS]; /* valid, non-empty values, else NULL */
	bool ignored;            /* some value was not valid and is left out */
	int rc;                  /* -1 once the page is full (from a callback) */
	long row;
};

static int arg_index(const char *name)
{
	for (int i = 0; registry_arg_names[i]; i++)
		if (strcmp(registry_arg_names[i], name) == 0)
			return i;
	return -1;
}

static const char *arg(const struct list *l, const char *name)
{
	int i = arg_index(name);
	return i >= 0 && l->args[i] ? l->args[i] : "";
}

/*
 * base (a path, or a path with its first argument when first is false)
 * with the list's current filters, where name1 (and name2) take value1
 * (value2) instead, "" dropping them. Written into an attribute: arguments
 * through html_url_arg, & as &amp;.
 */
static int href_at(struct list *l, const char *base, bool first, const char *name1, const char *value1,
                   const char *name2, const char *value2)
{
	struct buf *b = l->b;
	if (html_raw(b, base) < 0)
		return -1;
	for (int i = 0; registry_arg_names[i]; i++) {
		const char *name = registry_arg_names[i], *v = l->args[i];
		if (name1 && strcmp(name, name1) == 0)
			v = value1;
		else if (name2 && strcmp(name, name2) == 0)
			v = value2;
		if (!v || !*v)
			continue;
		if (html_raw(b, first ? "?" : "&amp;") < 0 || html_raw(b, name) < 0 || html_raw(b, "=") < 0 ||
		    html_url_arg(b, v) < 0)
			return -1;
		first = false;
	}
	return 0;
}

static int list_href(struct list *l, const char *name1, const char *value1, const char *name2, const char *value2)
{
	return href_at(l, "/persons", true, name1, value1, name2, value2);
}

/* The toolbar over the list: new, import, and export of the current filter (not its page). */
static int toolbar(struct list *l)
{
	struct buf *b = l->b;
	if (html_raw(b, "<div class=\"toolbar\">") < 0)
		return -1;
	if (registry_may_edit(&l->req->account) &&
	    html_raw(b, "<a class=\"btn primary\" href=\"/persons/new\">新增档案</a> "
	                "<a class=\"btn\" href=\"/persons/import\">导入花名册</a> ") < 0)
		return -1;
	return html_raw(b, "<a class=\"btn\" href=\"") < 0 ||
	               href_at(l, "/persons/export?format=xlsx", false, "page", "", "per_page", "") < 0 ||
	               html_raw(b, "\">导出 Excel</a> <a class=\"btn\" href=\"") < 0 ||
	               href_at(l, "/persons/export?format=csv", false, "page", "", "per_page", "") < 0 ||
	               html_raw(b, "\">导出 CSV</a> <span class=\"muted\">导出当前查询条件下的全部人员；身份证号等按规则遮盖</span></div>\n") < 0
	           ? -1
	           : 0;
}

/*
 * The division tree (区划树) beside the list: the townships in scope, each
 * opening on its villages; a click filters the list. <details> needs no
 * script; the current township starts open.
 */
struct tree {
	struct list *l;
	char township[13]; /* of the open branch */
	int rc;
};

static void tree_village(void *ctx, const char *township, const char *township_name, const char *village,
                         const char *village_name)
{
	struct tree *t = ctx;
	struct buf *b = t->l->b;
	if (t->rc < 0)
		return;
	bool current_town = strcmp(township, arg(t->l, "township")) == 0 || strcmp(village, arg(t->l, "village")) == 0;
	if (strcmp(township, t->township) != 0) {
		if ((*t->township && html_raw(b, "</ul></details></li>\n") < 0) ||
		    html_raw(b, current_town ? "<li><details open><summary>" : "<li><details><summary>") < 0 ||
		    html_raw(b, "<a href=\"/persons?township=") < 0 || html_url_arg(b, township) < 0 ||
		    html_raw(b, "\">") < 0 || html_txt(b, township_name) < 0 || html_raw(b, "</a></summary><ul>") < 0) {
			t->rc = -1;
			return;
		}
		snprintf(t->township, sizeof t->township, "%s", township);
	}
	bool current = strcmp(village, arg(t->l, "village")) == 0;
	if (html_raw(b, "<li><a href=\"/persons?township=") < 0 || html_url_arg(b, township) < 0 ||
	    html_raw(b, "&amp;village=") < 0 || html_url_arg(b, village) < 0 ||
	    html_raw(b, current ? "\" aria-current=\"true\">" : "\">") < 0 || html_txt(b, village_name) < 0 ||
	    html_raw(b, "</a></li>") < 0)
		t->rc = -1;
}

/* -1 page full, -2 database error. */
static int division_tree(struct list *l, struct error *err)
{
	struct buf *b = l->b;
	struct tree t = {l, "", 0};
	if (html_raw(b, "<nav class=\"tree panel\" aria-label=\"区划树\"><details><summary>按区划浏览</summary>\n"
	                "<ul><li><a href=\"/persons\">全部</a></li>\n") < 0)
		return -1;
	if (registry_villages(l->req->db, &l->q.scope, tree_village, &t, err) < 0)
		return -2;
	if (t.rc < 0 || (*t.township && html_raw(b, "</ul></details></li>\n") < 0) ||
	    html_raw(b, "</ul></details></nav>\n") < 0)
		return -1;
	return 0;
}

/* Query form */

static int option(struct buf *b, const char *value, const char *label, const char *current)
{
	return html_raw(b, "<option value=\"") < 0 || html_attr(b, value) < 0 ||
	               html_raw(b, strcmp(value, current) == 0 ? "\" selected>" : "\">") < 0 ||
	               html_txt(b, label) < 0 || html_raw(b, "</option>")
	           ? -1
	           : 0;
}

static int select_open(struct buf *b, const char *name, const char *label)
{
	return html_raw(b, "<div class=\"field inline\"><label for=\"f-") < 0 || html_raw(b, name) < 0 ||
	               html_raw(b, "\">") < 0 || html_txt(b, label) < 0 || html_raw(b, "</label><select id=\"f-") < 0 ||
	               html_raw(b, name) < 0 || html_raw(b, "\" name=\"") < 0 || html_raw(b, name) < 0 ||
	               html_raw(b, "\"><option value=\"\">全部</option>")
	           ? -1
	           : 0;
}

static int select_close(struct buf *b)
{
	return html_raw(b, "</select></div>\n");
}

/* A select of a dictionary's codes. */
static int dict_select(struct list *l, const char *name, enum dict_type type)
{
	struct buf *b = l->b;
	if (select_open(b, name, dict_name(type)) < 0)
		return -1;
	for (const struct dict_entry *e = dict_entries(); e->label; e++) {
		if (e->type != type)
			continue;
		char code[12];
		snprintf(code, sizeof code, "%d", e->code);
		if (option(b, code, e->label, arg(l, name)) < 0)
			return -1;
	}
	/* Persons without a certificate have neither category nor grade (code 0). */
	if ((type == DICT_CATEGORY || type == DICT_GRADE) && option(b, "0", "未持证", arg(l, name)) < 0)
		return -1;
	return select_close(b);
}

struct division_options {
	struct list *l;
	const char *current;
};

static void division_option(void *ctx, const char *code, const char *name)
{
	struct division_options *o = ctx;
	if (o->l->rc == 0 && option(o->l->b, code, name, o->current) < 0)
		o->l->rc = -1;
}

static int query_form(struct list *l, struct error *err)
{
	struct buf *b = l->b;
	struct db *db = l->req->db;
	if (html_raw(b, "<form class=\"query panel\" method=\"get\" action=\"/persons\" role=\"search\">\n") < 0 ||
	    select_open(b, "township", "乡镇") < 0)
		return -1;
	struct division_options o = {l, arg(l, "township")};
	if (registry_divisions(db, &l->q.scope, "", DIVISION_TOWNSHIP, division_option, &o, err) < 0)
		return -2;
	if (l->rc < 0 || select_close(b) < 0)
		return -1;
	/*
	 * Villages of the chosen township (or of the user's own township); with
	 * no township chosen a county list would be hundreds long, so the
	 * select waits for one (pages work without JavaScript: 搜索 refreshes it).
	 */
	const char *within = arg(l, "township");
	if (!*within && l->req->account.role == ROLE_TOWNSHIP)
		within = l->req->account.division;
	if (select_open(b, "village", "村（社区）") < 0)
		return -1;
	o.current = arg(l, "village");
	if (*within || l->req->account.role == ROLE_VILLAGE) {
		if (registry_divisions(db, &l->q.scope, within, DIVISION_VILLAGE, division_option, &o, err) < 0)
			return -2;
	} else if (*o.current && option(b, o.current, o.current, o.current) < 0) {
		return -1;
	}
	if (l->rc < 0 || select_close(b) < 0 || dict_select(l, "category", DICT_CATEGORY) < 0 ||
	    dict_select(l, "grade", DICT_GRADE) < 0 || dict_select(l, "hukou", DICT_HUKOU) < 0 ||
	    select_open(b, "dibao", "低保") < 0 || option(b, "1", "是", arg(l, "dibao")) < 0 ||
	    option(b, "0", "否", arg(l, "dibao")) < 0 || select_close(b) < 0 ||
	    select_open(b, "age_group", "年龄段") < 0 || option(b, "0-17", "0-17岁", arg(l, "age_group")) < 0 ||
	    option(b, "18-59", "18-59岁", arg(l, "age_group")) < 0 ||
	    option(b, "60+", "60岁及以上", arg(l, "age_group")) < 0 || select_close(b) < 0 ||
	    dict_select(l, "sex", DICT_SEX) < 0 || dict_select(l, "status", DICT_STATUS) < 0 ||
	    html_raw(b, "<div class=\"field inline\"><label for=\"f-q\">姓名/身份证号</label>"
	                "<input id=\"f-q\" name=\"q\" type=\"search\" maxlength=\"64\" value=\"") < 0 ||
	    html_attr(b, arg(l, "q")) < 0 || html_raw(b, "\"></div>\n") < 0)
		return -1;
	/*
	 * Keep the order and the page size across a new search (the page starts
	 * again at 1), and the day ages are counted on when a statistics link
	 * gave one (统计报表: "年龄按2024-12-31计算").
	 */
	if (*arg(l, "age_on") && (html_raw(b, "<p class=\"muted\">年龄段按") < 0 || html_txt(b, arg(l, "age_on")) < 0 ||
	                          html_raw(b, "的周岁计算</p>\n") < 0))
		return -1;
	const char *keep[] = {"sort", "order", "per_page", "age_on"};
	for (size_t i = 0; i < sizeof keep / sizeof keep[0]; i++)
		if (*arg(l, keep[i]) &&
		    (html_raw(b, "<input type=\"hidden\" name=\"") < 0 || html_raw(b, keep[i]) < 0 ||
		     html_raw(b, "\" value=\"") < 0 || html_attr(b, arg(l, keep[i])) < 0 || html_raw(b, "\">") < 0))
			return -1;
	return html_raw(b, "<div class=\"buttons\"><button type=\"submit\" class=\"primary\">搜索</button>"
	                   "<a class=\"btn secondary\" href=\"/persons\">重置</a></div>\n</form>\n");
}

/* Table */

static const struct {
	const char *label;
	int sort; /* enum registry_sort, -1 for none */
} columns[] = {
    {"档案号", REGISTRY_SORT_FILE_NO},
    {"姓名", REGISTRY_SORT_NAME},
    {"性别", -1},
    {"出生日期", REGISTRY_SORT_BIRTH},
    {"身份证号", -1},
    {"残疾类别/等级", -1},
    {"户口性质", -1},
    {"乡镇", -1},
    {"村（社区）", REGISTRY_SORT_VILLAGE},
    {"联系电话", -1},
    {"状态", -1},
};

static int table_head(struct list *l)
{
	struct buf *b = l->b;
	if (html_raw(b, "<div class=\"table-wrap\"><table class=\"list\">\n<thead><tr>") < 0)
		return -1;
	for (size_t i = 0; i < sizeof columns / sizeof columns[0]; i++) {
		int s = columns[i].sort;
		if (s < 0) {
			if (html_raw(b, "<th scope=\"col\">") < 0 || html_txt(b, columns[i].label) < 0 ||
			    html_raw(b, "</th>") < 0)
				return -1;
			continue;
		}
		bool current = (int)l->q.sort == s;
		/* A click on the current column turns the order round; on another, ascending. */
		const char *next = current && !l->q.desc ? "desc" : "asc";
		const char *aria = !current ? "" : l->q.desc ? " aria-sort=\"descending\"" : " aria-sort=\"ascending\"";
		if (html_raw(b, "<th scope=\"col\"") < 0 || html_raw(b, aria) < 0 ||
		    html_raw(b, "><a class=\"sort\" href=\"") < 0 ||
		    list_href(l, "sort", registry_sort_name((enum registry_sort)s), "order", next) < 0 ||
		    html_raw(b, "\">") < 0 || html_txt(b, columns[i].label) < 0 ||
		    html_raw(b, !current    ? ""
		                : l->q.desc ? " ▼"
		                            : " ▲") < 0 ||
		    html_raw(b, "</a></th>") < 0)
			return -1;
	}
	return html_raw(b, "</tr></thead>\n<tbody>\n");
}

static int cell(struct buf *b, const char *text)
{
	return html_raw(b, "<td>") < 0 || html_txt(b, text) < 0 || html_raw(b, "</td>") < 0 ? -1 : 0;
}

static const char *label_or(enum dict_type t, int code, const char *none)
{
	const char *s = dict_label(t, code);
	return s ? s : none;
}

static int status_tag(struct buf *b, int status)
{
	return html_raw(b, status == PERSON_ACTIVE ? "<span class=\"tag ok\">" : "<span class=\"tag warn\">") < 0 ||
	               html_txt(b, label_or(DICT_STATUS, status, "未知")) < 0 || html_raw(b, "</span>") < 0
	           ? -1
	           : 0;
}

static int row(void *ctx, const struct person *p, struct error *err)
{
	struct list *l = ctx;
	struct buf *b = l->b;
	char id[32], phone[32], birth[11], href[40];
	mask_idcard(p->id_number, id, sizeof id);
	mask_phone(p->phone, phone, sizeof phone);
	date_format(p->birth, birth);
	snprintf(href, sizeof href, "/persons/%lld", (long long)p->id);
	l->row++;
	if (html_raw(b, "<tr>") < 0 || cell(b, p->file_no) < 0 || html_raw(b, "<td><a href=\"") < 0 ||
	    html_attr(b, href) < 0 || html_raw(b, "\">") < 0 || html_txt(b, p->name) < 0 ||
	    html_raw(b, "</a></td>") < 0 || cell(b, label_or(DICT_SEX, p->sex, "")) < 0 || cell(b, birth) < 0 ||
	    html_raw(b, "<td class=\"mono\">") < 0 || html_txt(b, id) < 0 || html_raw(b, "</td><td>") < 0)
		return error_set(err, "list page too large");
	if (p->category) {
		if (html_raw(b, "<span class=\"tag info\">") < 0 ||
		    html_txt(b, label_or(DICT_CATEGORY, p->category, "")) < 0 || html_raw(b, "</span> ") < 0)
			return error_set(err, "list page too large");
	}
	if (p->grade) {
		if (html_raw(b, "<span class=\"tag grade\">") < 0 ||
		    html_txt(b, label_or(DICT_GRADE, p->grade, "")) < 0 || html_raw(b, "</span>") < 0)
			return error_set(err, "list page too large");
	}
	if (!p->category && !p->grade && html_raw(b, "<span class=\"muted\">未持证</span>") < 0)
		return error_set(err, "list page too large");
	if (html_raw(b, "</td>") < 0 || cell(b, label_or(DICT_HUKOU, p->hukou, "")) < 0 ||
	    cell(b, p->township_name) < 0 || cell(b, p->village_name) < 0 || html_raw(b, "<td class=\"mono\">") < 0 ||
	    html_txt(b, phone) < 0 || html_raw(b, "</td><td>") < 0 || status_tag(b, p->status) < 0 ||
	    html_raw(b, "</td></tr>\n") < 0)
		return error_set(err, "list page too large");
	return 0;
}

/* Pagination */

static int page_link(struct list *l, long page, const char *label, bool current)
{
	struct buf *b = l->b;
	char num[24];
	snprintf(num, sizeof num, "%ld", page);
	if (current)
		return html_raw(b, "<li><span class=\"current\" aria-current=\"page\">") < 0 ||
		               html_txt(b, label) < 0 || html_raw(b, "</span></li>")
		           ? -1
		           : 0;
	return html_raw(b, "<li><a href=\"") < 0 || list_href(l, "page", page > 1 ? num : "", NULL, NULL) < 0 ||
	               html_raw(b, "\">") < 0 || html_txt(b, label) < 0 || html_raw(b, "</a></li>")
	           ? -1
	           : 0;
}

static int pagination(struct list *l, long total)
{
	struct buf *b = l->b;
	long pages = total ? (total + l->q.per_page - 1) / l->q.per_page : 1, cur = l->q.page;
	char text[64];
	snprintf(text, sizeof text, "共 %ld 条", total);
	if (html_raw(b, "<nav class=\"pager\" aria-label=\"分页\">\n<span class=\"total\">") < 0 ||
	    html_txt(b, text) < 0 || html_raw(b, "</span>\n<ul>") < 0)
		return -1;
	if (cur > 1 && page_link(l, cur - 1 <= pages ? cur - 1 : pages, "上一页", false) < 0)
		return -1;
	/* The first and last pages, and a few around the current one. */
	for (long p = 1; p <= pages; p++) {
		if (p != 1 && p != pages && (p < cur - 2 || p > cur + 2)) {
			if ((p == cur - 3 || p == cur + 3) && html_raw(b, "<li><span class=\"gap\">…</span></li>") < 0)
				return -1;
			continue;
		}
		snprintf(text, sizeof text, "%ld", p);
		if (page_link(l, p, text, p == cur) < 0)
			return -1;
	}
	if (cur < pages && page_link(l, cur + 1, "下一页", false) < 0)
		return -1;
	if (html_raw(b, "</ul>\n<span class=\"sizes\">每页") < 0)
		return -1;
	static const struct {
		const char *text;
		int n;
	} sizes[] = {{"10", 10}, {"20", 20}, {"50", 50}, {"100", 100}};
	for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		bool current = sizes[i].n == l->q.per_page;
		if (current) {
			if (html_raw(b, " <span class=\"current\">") < 0 || html_raw(b, sizes[i].text) < 0 ||
			    html_raw(b, "</span>") < 0)
				return -1;
		} else if (html_raw(b, " <a href=\"") < 0 ||
		           list_href(l, "per_page", strcmp(sizes[i].text, "20") == 0 ? "" : sizes[i].text, "page", "") < 0 ||
		           html_raw(b, "\">") < 0 || html_raw(b, sizes[i].text) < 0 || html_raw(b, "</a>") < 0) {
			return -1;
		}
	}
	return html_raw(b, " 条</span>\n</nav>\n");
}

int page_persons(struct request *req, struct error *err)
{
	struct list *l = xcalloc(1, sizeof *l);
	l->req = req;
	l->b = &req->res.body;
	registry_query_init(&l->q, &req->account);
	/* A value that is not valid is left out (and said so): the page still answers. */
	for (int i = 0; registry_arg_names[i] && i < NARGS; i++) {
		const char *v = request_arg(req, registry_arg_names[i]);
		if (!v || !*v)
			continue;
		if (registry_query_arg(&l->q, registry_arg_names[i], v) == 0)
			l->args[i] = v;
		else
			l->ignored = true;
	}
	struct buf *b = l->b;
	int rc = 0, fr;
	long total = 0;
	if (layout_begin(req, "残疾人档案", "/persons") < 0 || (fr = query_form(l, err)) == -1) {
		rc = error_set(err, "list page too large");
		goto out;
	}
	if (fr == -2 || (fr = division_tree(l, err)) == -2) {
		rc = -1;
		goto out;
	}
	if (fr == -1) {
		rc = error_set(err, "list page too large");
		goto out;
	}
	if (l->ignored &&
	    html_raw(b, "<p class=\"notice warn\" role=\"status\">部分查询条件的取值无效，已忽略。</p>\n") < 0) {
		rc = error_set(err, "list page too large");
		goto out;
	}
	if (toolbar(l) < 0 || table_head(l) < 0) {
		rc = error_set(err, "list page too large");
		goto out;
	}
	if (registry_search(req->db, &l->q, row, l, &total, err) < 0) {
		rc = -1;
		goto out;
	}
	if ((l->row == 0 && html_raw(b, "<tr><td class=\"empty\" colspan=\"11\">暂无符合条件的数据</td></tr>\n") < 0) ||
	    html_raw(b, "</tbody>\n</table></div>\n") < 0 || pagination(l, total) < 0 || layout_end(req) < 0)
		rc = error_set(err, "list page too large");
out:
	free(l);
	return rc;
}

/* A person's page */

static int fact(struct buf *b, const char *label, const char *value)
{
	return html_raw(b, "<dt>") < 0 || html_txt(b, label) < 0 || html_raw(b, "</dt><dd>") < 0 ||
	               html_txt(b, value) < 0 || html_raw(b, "</dd>\n") < 0
	           ? -1
	           : 0;
}

/* The person of the path within the user's scope: 1 found, 0 answered 404, -1 error. */
static int find_person(struct request *req, struct person *p, struct error *err)
{
	int64_t id;
	struct registry_scope scope;
	registry_scope_of(&req->account, &scope);
	int found = 0;
	if (request_path_id(req, "/persons/", &id) && (found = registry_get(req->db, &scope, id, p, err)) < 0)
		return -1;
	if (found <= 0)
		response_page(req, 404, "人员不存在", "您要查看的人员不存在，或不在您的管辖范围内。");
	return found > 0;
}

/* The file's history: what the operation log holds about it, newest first. */
struct history {
	struct buf *b;
	int rows;
};

static int history_row(void *ctx, const struct audit_row *e, struct error *err)
{
	struct history *h = ctx;
	struct buf *b = h->b;
	h->rows++;
	char at[STAMP_LOCAL_SIZE];
	stamp_local(e->at, at);
	if (html_raw(b, "<tr><td>") < 0 || html_txt(b, at) < 0 || html_raw(b, "</td><td>") < 0 ||
	    html_txt(b, e->user_name) < 0 || html_raw(b, "</td><td>") < 0 || html_txt(b, e->action) < 0 ||
	    html_raw(b, "</td><td>") < 0)
		return error_set(err, "person page too large");
	/* A change's detail is {"字段":["旧","新"], ...}; other entries say what was looked at. */
	json_t *d = *e->detail ? json_loads(e->detail, 0, NULL) : NULL;
	const char *field;
	json_t *pair;
	int rc = 0;
	if (d && json_is_object(d) && strcmp(e->action, "查看") != 0) {
		json_object_foreach(d, field, pair)
		{
			const char *before = json_string_value(json_array_get(pair, 0));
			const char *after = json_string_value(json_array_get(pair, 1));
			if (!before || !after)
				continue;
			if (html_raw(b, "<div>") < 0 || html_txt(b, field) < 0 || html_raw(b, "：") < 0 ||
			    html_txt(b, *before ? before : "（空）") < 0 || html_raw(b, " → ") < 0 ||
			    html_txt(b, *after ? after : "（空）") < 0 || html_raw(b, "</div>") < 0) {
				rc = -1;
				break;
			}
		}
	} else if (strcmp(e->action, "查看") == 0) {
		rc = html_raw(b, "查看了完整的身份证号、电话和银行账号");
	}
	json_decref(d);
	if (rc < 0 || html_raw(b, "</td></tr>\n") < 0)
		return error_set(err, "person page too large");
	return 0;
}

#define HISTORY_ROWS 50

static int history(struct request *req, const struct person *p, struct error *err)
{
	struct buf *b = &req->res.body;
	char target[32];
	snprintf(target, sizeof target, "person:%lld", (long long)p->id);
	struct history h = {b, 0};
	if (html_raw(b, "<section class=\"panel\">\n<h2>变更记录</h2>\n<div class=\"table-wrap\"><table class=\"list\">"
	                "<thead><tr><th scope=\"col\">时间</th><th scope=\"col\">操作人</th><th scope=\"col\">操作</th>"
	                "<th scope=\"col\">内容</th></tr></thead>\n<tbody>\n") < 0)
		return error_set(err, "person page too large");
	if (audit_history(req->db, target, HISTORY_ROWS, history_row, &h, err) < 0)
		return -1;
	if ((h.rows == 0 && html_raw(b, "<tr><td class=\"empty\" colspan=\"4\">建档后没有在系统中修改过（批量导入的更新记在导入记录中）</td></tr>\n") < 0) ||
	    html_raw(b, "</tbody></table></div>\n</section>\n") < 0)
		return error_set(err, "person page too large");
	return 0;
}

/* The person's page; reveal: the sensitive values in full (the caller has logged it). */
static int render_person(struct request *req, const struct person *p, bool reveal, struct error *err)
{
	struct buf *b = &req->res.body;
	char idm[32], cert[40], phone[32], account[48], birth[11], action[48];
	if (reveal) {
		snprintf(idm, sizeof idm, "%s", p->id_number);
		snprintf(cert, sizeof cert, "%s", p->cert);
		snprintf(phone, sizeof phone, "%s", p->phone);
		snprintf(account, sizeof account, "%s", p->bank_account);
	} else {
		mask_idcard(p->id_number, idm, sizeof idm);
		mask_cert(p->cert, cert, sizeof cert);
		mask_phone(p->phone, phone, sizeof phone);
		mask_account(p->bank_account, account, sizeof account);
	}
	date_format(p->birth, birth);
	snprintf(action, sizeof action, "/persons/%lld", (long long)p->id);
	char created[STAMP_LOCAL_SIZE], updated[STAMP_LOCAL_SIZE];
	stamp_local(p->created_at, created);
	stamp_local(p->updated_at, updated);
	const char *saved = request_arg(req, "saved");
	if (layout_begin(req, "人员档案", "/persons") < 0 ||
	    html_raw(b, "<p class=\"toolbar\"><a href=\"/persons\">返回列表</a>") < 0 ||
	    (registry_may_edit(&req->account) &&
	     (html_raw(b, " <a class=\"btn\" href=\"") < 0 || html_attr(b, action) < 0 ||
	      html_raw(b, "/edit\">修改档案</a>") < 0)) ||
	    html_raw(b, " <a class=\"btn secondary\" href=\"") < 0 || html_attr(b, action) < 0 ||
	    html_raw(b, "/file.pdf\">打印PDF</a>") < 0 ||
	    (registry_may_edit(&req->account) &&
	     (html_raw(b, " <a class=\"btn secondary\" href=\"") < 0 || html_attr(b, action) < 0 ||
	      html_raw(b, "/file.pdf?full=1\">打印PDF（含完整号码，将记入操作日志）</a>") < 0)) ||
	    html_raw(b, "</p>\n") < 0 ||
	    (saved && strcmp(saved, "1") == 0 && html_raw(b, "<p class=\"notice ok\" role=\"status\">已保存。</p>\n") < 0) ||
	    html_raw(b, "<section class=\"panel\">\n<h2>") < 0 ||
	    html_txt(b, p->name) < 0 || html_raw(b, "</h2>\n<dl class=\"facts\">\n") < 0 ||
	    fact(b, "档案号", p->file_no) < 0 || fact(b, "姓名", p->name) < 0 ||
	    fact(b, "性别", label_or(DICT_SEX, p->sex, "")) < 0 || fact(b, "出生日期", birth) < 0 ||
	    fact(b, "身份证号", idm) < 0 || fact(b, "残疾证号", *cert ? cert : "未持证") < 0 ||
	    fact(b, "残疾类别", label_or(DICT_CATEGORY, p->category, "—")) < 0 ||
	    fact(b, "残疾等级", label_or(DICT_GRADE, p->grade, "—")) < 0 ||
	    fact(b, "户口性质", label_or(DICT_HUKOU, p->hukou, "")) < 0 || fact(b, "乡镇", p->township_name) < 0 ||
	    fact(b, "村（社区）", p->village_name) < 0 || fact(b, "联系电话", *phone ? phone : "—") < 0 ||
	    fact(b, "低保", label_or(DICT_YESNO, p->dibao, "")) < 0 ||
	    fact(b, "开户银行", *p->bank_name ? p->bank_name : "—") < 0 ||
	    fact(b, "银行账号", *account ? account : "—") < 0 ||
	    fact(b, "状态", label_or(DICT_STATUS, (int)p->status, "")) < 0 || fact(b, "建档时间", created) < 0 ||
	    fact(b, "更新时间", updated) < 0 || html_raw(b, "</dl>\n") < 0)
		return error_set(err, "person page too large");
	if (reveal) {
		if (html_raw(b, "<p class=\"notice\">完整信息的这次查看已记入操作日志。</p>\n") < 0)
			return error_set(err, "person page too large");
	} else if (registry_may_edit(&req->account)) {
		if (html_raw(b, "<form method=\"post\" action=\"") < 0 || html_attr(b, action) < 0 ||
		    html_raw(b, "\">") < 0 || layout_csrf_field(req) < 0 ||
		    html_raw(b, "<button type=\"submit\" class=\"btn\">显示完整信息（查看将记入操作日志）</button>"
				"</form>\n") < 0)
			return error_set(err, "person page too large");
	}
	if (html_raw(b, "</section>\n") < 0)
		return error_set(err, "person page too large");
	/* 参加的民生工程 and 加入项目 (web/page-enrol). */
	if (page_enrol_person_section(req, p, err) < 0)
		return -1;
	/* 就业培训与康复服务 (web/page-training). */
	if (page_training_person_section(req, p, err) < 0)
		return -1;
	if (history(req, p, err) < 0 || layout_end(req) < 0)
		return -1;
	return 0;
}

int page_person(struct request *req, struct error *err)
{
	int64_t id;
	const char *rest;
	if (request_path_id_rest(req, "/persons/", &id, &rest) && strcmp(rest, "/edit") == 0)
		return page_person_edit(req, id, err);
	if (request_path_id_rest(req, "/persons/", &id, &rest) && strcmp(rest, "/file.pdf") == 0)
		return person_pdf_send(req, id, err);
	struct person p;
	int found = find_person(req, &p, err);
	return found <= 0 ? found : render_person(req, &p, false, err);
}

int page_person_post(struct request *req, struct error *err)
{
	int64_t id;
	const char *rest;
	if (request_path_id_rest(req, "/persons/", &id, &rest) && strcmp(rest, "/edit") == 0)
		return page_person_edit_post(req, id, err);
	struct person p;
	int found = find_person(req, &p, err);
	if (found <= 0)
		return found;
	if (!registry_may_edit(&req->account)) {
		response_page(req, 403, "无权查看", "您的角色不能查看完整的身份证号、电话和银行账号。");
		return 0;
	}
	/* Logged before it is shown: a view that cannot be logged is not shown. */
	char target[32];
	snprintf(target, sizeof target, "person:%lld", (long long)p.id);
	if (auth_audit(req, "残疾人档案", "查看", target,
		       "{\"fields\":[\"身份证号\",\"残疾证号\",\"联系电话\",\"银行账号\"]}", "成功", err) < 0)
		return -1;
	return render_person(req, &p, true, err);
}
