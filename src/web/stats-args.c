#include "web/stats-args.h"

#include <stdio.h>
#include <string.h>

#include "base/msg.h"
#include "domain/dict.h"
#include "web/html.h"

static const struct {
	const char *name, *label;
} labels[] = {
    {"rows", "行"},
    {"cols", "列"},
    {"program", "统计对象"},
    {"year", "年度"},
    {"status", "人员状态"},
    {"township", "乡镇"},
    {"village", "村（社区）"},
    {"category", "残疾类别"},
    {"grade", "残疾等级"},
    {"age_on", "年龄计算日期"},
};

const char *stats_args_label(const char *name)
{
	for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
		if (strcmp(labels[i].name, name) == 0)
			return labels[i].label;
	return name;
}

/* Adds a problem about argument name: message m (with the arguments its format takes). */
static void problem(struct stats_args *a, const char *name, enum msg_id m, const char *what)
{
	if (a->nproblems == STATS_ARGS_PROBLEMS)
		return;
	char *text = a->problems[a->nproblems].text;
	size_t size = sizeof a->problems[0].text;
	if (m == MSG_FILTER_CODES)
		snprintf(text, size, msg(m), 0, strcmp(name, "category") == 0 ? 7 : 4);
	else if (m == MSG_STATS_CASES_ONLY)
		snprintf(text, size, msg(m), what);
	else
		snprintf(text, size, "%s", msg(m));
	a->problems[a->nproblems++].name = name;
}

int stats_args_read(struct request *req, struct stats_args *a, struct error *err)
{
	memset(a, 0, sizeof *a);
	stats_query_init(&a->q, &req->account);
	for (size_t i = 0; stats_arg_names[i]; i++) {
		const char *name = stats_arg_names[i], *v = request_arg(req, name);
		if (!v || !*v)
			continue;
		enum msg_id m = stats_query_arg(&a->q, name, v);
		if (m)
			problem(a, name, m, NULL);
		else if (strcmp(name, "status") == 0)
			a->status_given = true;
	}
	if (a->q.program[0]) {
		int found = program_get(req->db, a->q.program, 0, &a->p, err);
		if (found < 0)
			return -1;
		if (!found) {
			problem(a, "program", MSG_STATS_PROGRAM, NULL);
			a->q.program[0] = '\0';
			a->p = NULL;
		}
	}
	stats_query_default_status(&a->q);
	enum stats_dim which;
	enum msg_id m = stats_query_check(&a->q, &which);
	if (m)
		problem(a, m == MSG_STATS_CASES_ONLY && which == a->q.rows ? "rows" : "cols", m,
		        stats_dim_label(which));
	a->checked = m == 0;
	return 0;
}

/* "0,1,4" of a bit set of codes 0..7. */
static void codes_of(unsigned set, char out[20])
{
	size_t n = 0;
	out[0] = '\0';
	for (int c = 0; c <= 7; c++)
		if ((set >> c) & 1u)
			n += (size_t)snprintf(out + n, 20 - n, "%s%d", n ? "," : "", c);
}

/* A list's arguments, in order; a later one of the same name replaces the earlier. */
struct args {
	struct {
		const char *name;
		char value[PROGRAM_KEY_MAX + 1];
	} a[16];
	size_t n;
};

static void put(struct args *l, const char *name, const char *value)
{
	if (!*name || !*value)
		return;
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->a[i].name, name) == 0) {
			snprintf(l->a[i].value, sizeof l->a[i].value, "%s", value);
			return;
		}
	if (l->n == sizeof l->a / sizeof l->a[0])
		return;
	l->a[l->n].name = name;
	snprintf(l->a[l->n].value, sizeof l->a[0].value, "%s", value);
	l->n++;
}

static const char *value_of(const struct args *l, const char *name)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->a[i].name, name) == 0)
			return l->a[i].value;
	return NULL;
}

/* The filters of a, as the lists take them. */
static void filters(const struct stats_args *a, struct args *l)
{
	char text[20];
	if (a->p) {
		snprintf(text, sizeof text, "%d", a->q.year);
		put(l, "year", text);
	}
	if (a->q.status > 0) {
		snprintf(text, sizeof text, "%d", a->q.status);
		put(l, "status", text);
	}
	put(l, "township", a->q.township);
	put(l, "village", a->q.village);
	codes_of(a->q.categories, text);
	put(l, "category", text);
	codes_of(a->q.grades, text);
	put(l, "grade", text);
}

static int write_args(struct buf *b, const struct args *l, bool first, bool attr)
{
	for (size_t i = 0; i < l->n; i++) {
		if (html_raw(b, first  ? ""
		                : attr ? "&amp;"
		                       : "&") < 0 ||
		    html_raw(b, l->a[i].name) < 0 || html_raw(b, "=") < 0 || html_url_arg(b, l->a[i].value) < 0)
			return -1;
		first = false;
	}
	return 0;
}

int stats_args_link(struct buf *b, const struct stats_args *a, const struct stats_table *t, size_t r, size_t c)
{
	struct args l = {0};
	filters(a, &l);
	if (r < t->nrows)
		put(&l, stats_dim_arg(t->rows), t->row_heads[r].key);
	if (c < t->ncols && t->cols != STATS_DIM_NONE)
		put(&l, stats_dim_arg(t->cols), t->col_heads[c].key);
	if (value_of(&l, "age_group")) {
		char on[11];
		date_format(a->q.age_on, on);
		put(&l, "age_on", on);
	}
	char base[80];
	if (a->p)
		snprintf(base, sizeof base, "/projects/%s/cases", a->p->code);
	else
		snprintf(base, sizeof base, "/persons");
	return html_attr(b, base) < 0 || (l.n && html_raw(b, "?") < 0) || write_args(b, &l, true, true) < 0 ? -1 : 0;
}

int stats_args_query(struct buf *b, const struct stats_args *a, bool attr)
{
	struct args l = {0};
	char text[20];
	put(&l, "rows", stats_dim_name(a->q.rows));
	put(&l, "cols", stats_dim_name(a->q.cols));
	if (a->p) {
		put(&l, "program", a->p->code);
		snprintf(text, sizeof text, "%d", a->q.year);
		put(&l, "year", text);
	}
	if (a->status_given) {
		snprintf(text, sizeof text, "%d", a->q.status);
		put(&l, "status", text);
	}
	put(&l, "township", a->q.township);
	put(&l, "village", a->q.village);
	codes_of(a->q.categories, text);
	put(&l, "category", text);
	codes_of(a->q.grades, text);
	put(&l, "grade", text);
	char on[11];
	date_format(a->q.age_on, on);
	put(&l, "age_on", on);
	return write_args(b, &l, true, attr);
}

void stats_args_title(const struct stats_args *a, char *out, size_t size)
{
	char subject[200];
	if (a->p)
		snprintf(subject, sizeof subject, "%s %d年案例", a->p->name, a->q.year);
	else
		snprintf(subject, sizeof subject, "残疾人档案");
	const char *status = a->q.status > 0 ? dict_label(DICT_STATUS, a->q.status) : NULL;
	char by[200];
	if (a->q.cols == STATS_DIM_NONE)
		snprintf(by, sizeof by, "按%s", stats_dim_label(a->q.rows));
	else
		snprintf(by, sizeof by, "%s × %s", stats_dim_label(a->q.rows), stats_dim_label(a->q.cols));
	if (status)
		snprintf(out, size, "%s（%s%s）：%s", subject, a->p ? "人员" : "", status, by);
	else
		snprintf(out, size, "%s%s：%s", subject, a->p ? "" : "（全部状态）", by);
}
