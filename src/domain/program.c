#include "domain/program.h"

#include <inttypes.h>
#include <jansson.h>
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/acuity.h"
#include "base/date.h"
#include "base/number.h"
#include "base/stamp.h"
#include "base/utf8.h"
#include "base/xalloc.h"

#define NOTE_MAX 1000    /* characters of a "note" (a comment for people; the engine ignores it) */
#define MESSAGE_MAX 80   /* characters of an eligibility rule's message */
#define VERSION_MAX 1000000
#define NUMBER_MAX 1000000000000LL /* the largest integer bound, and a decimal's whole part */
#define PATH_MAX_ 192

static const char *const type_codes[PROGRAM_FIELD_TYPE__MAX + 1] = { /* NULL-terminated, for join */
	[PROGRAM_DATE] = "date",     [PROGRAM_INTEGER] = "integer", [PROGRAM_DECIMAL] = "decimal",
	[PROGRAM_TEXT] = "text",     [PROGRAM_CHOICE] = "choice",   [PROGRAM_ACUITY] = "acuity",
	[PROGRAM_BOOL] = "bool",
};
static const char *const type_labels[PROGRAM_FIELD_TYPE__MAX] = {
	[PROGRAM_DATE] = "日期", [PROGRAM_INTEGER] = "整数", [PROGRAM_DECIMAL] = "小数", [PROGRAM_TEXT] = "文字",
	[PROGRAM_CHOICE] = "选择", [PROGRAM_ACUITY] = "视力", [PROGRAM_BOOL] = "是否",
};

/* The person fields of eligibility rules, with the codes their values may take. */
static const struct {
	const char *code, *label;
	int min, max;
} person_fields[PROGRAM_P__MAX] = {
	[PROGRAM_P_CATEGORY] = { "category", "残疾类别", 1, 7 }, [PROGRAM_P_GRADE] = { "grade", "残疾等级", 1, 4 },
	[PROGRAM_P_HUKOU] = { "hukou", "户口性质", 1, 2 },	  [PROGRAM_P_DIBAO] = { "dibao", "低保", 0, 1 },
	[PROGRAM_P_STATUS] = { "status", "状态", 1, 3 },	  [PROGRAM_P_AGE] = { "age", "年龄", 0, 150 },
};

const char *program_type_code(enum program_field_type t)
{
	return (unsigned)t < PROGRAM_FIELD_TYPE__MAX ? type_codes[t] : "";
}

const char *program_type_label(enum program_field_type t)
{
	return (unsigned)t < PROGRAM_FIELD_TYPE__MAX ? type_labels[t] : "";
}

const char *program_person_field_code(enum program_person_field f)
{
	return (unsigned)f < PROGRAM_P__MAX ? person_fields[f].code : "";
}

const char *program_person_field_label(enum program_person_field f)
{
	return (unsigned)f < PROGRAM_P__MAX ? person_fields[f].label : "";
}

/* Parsing: the state of one check of a definition */

struct check {
	struct buf *problems;
	int count;
};

__attribute__((format(printf, 3, 4))) static void problem(struct check *c, const char *path, const char *fmt, ...)
{
	char text[600];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	c->count++;
	/* A full buffer loses the line, never the verdict. */
	if (buf_addf(c->problems, "%s%s%s\n", path, *path ? "：" : "", text) < 0)
		return;
}

/* Formats into a path buffer of PATH_MAX_ bytes (a longer path is cut). */
__attribute__((format(printf, 2, 3))) static void pathf(char *out, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(out, PATH_MAX_, fmt, ap);
	va_end(ap);
}

/* The path of member name under path ("stages[2]" + "key"). */
static void sub(char *out, const char *path, const char *name)
{
	pathf(out, "%s%s%s", path, *path ? "." : "", name);
}

static void item(char *out, const char *path, size_t i)
{
	pathf(out, "%s[%zu]", path, i);
}

/* Whether name is one of the NULL-terminated list. */
static bool in(const char *const *list, const char *name)
{
	for (; *list; list++)
		if (strcmp(*list, name) == 0)
			return true;
	return false;
}

static void join(char *out, size_t size, const char *const *list)
{
	out[0] = '\0';
	for (size_t n = 0; *list; list++) {
		int k = snprintf(out + n, size - n, "%s%s", n ? "、" : "", *list);
		if (k < 0 || (size_t)k >= size - n)
			break;
		n += (size_t)k;
	}
}

/*
 * Checks that obj (at path) is an object and has only the keys of allowed
 * (and "note", a comment); keys of elsewhere (a NULL-terminated list of keys
 * that belong to other kinds of the same object) are said not to apply.
 */
static bool object(struct check *c, const json_t *obj, const char *path, const char *const *allowed,
		   const char *const *elsewhere, const char *kind)
{
	if (!json_is_object(obj)) {
		problem(c, path, *path ? "应为一个对象 {…}" : "整个文件应为一个 JSON 对象 {…}");
		return false;
	}
	const char *name;
	json_t *v;
	json_object_foreach((json_t *)obj, name, v)
	{
		char p[PATH_MAX_];
		sub(p, path, name);
		if (strcmp(name, "note") == 0) {
			if (!json_is_string(v))
				problem(c, p, "说明（note）应为文字");
			else if (utf8_length(json_string_value(v)) > NOTE_MAX)
				problem(c, p, "说明最多%d个字", NOTE_MAX);
		} else if (!in(allowed, name)) {
			char list[400];
			join(list, sizeof list, allowed);
			if (elsewhere && in(elsewhere, name))
				problem(c, p, "“%s”不适用于%s", name, kind);
			else
				problem(c, p, "不认识的键“%s”（这里可用：%s、note）", name, list);
		}
	}
	return true;
}

static bool key_ok(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > PROGRAM_KEY_MAX)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_'))
			return false;
	return true;
}

/* A member that must be a string (NULL when absent: reported when required; or of another type). */
static const char *string(struct check *c, const json_t *obj, const char *path, const char *name, bool required)
{
	char p[PATH_MAX_];
	json_t *v = json_object_get(obj, name);
	sub(p, path, name);
	if (!v) {
		if (required)
			problem(c, p, "缺少“%s”", name);
		return NULL;
	}
	if (!json_is_string(v)) {
		problem(c, p, "应为带双引号的文字");
		return NULL;
	}
	return json_string_value(v);
}

/* A key member into out (size PROGRAM_KEY_MAX + 1): false when absent or bad (reported). */
static bool key(struct check *c, const json_t *obj, const char *path, const char *name, bool required, char *out)
{
	const char *s = string(c, obj, path, name, required);
	if (!s)
		return false;
	if (!key_ok(s)) {
		char p[PATH_MAX_];
		sub(p, path, name);
		problem(c, p, "“%s”应为1至%d个小写英文字母、数字或下划线", s, PROGRAM_KEY_MAX);
		return false;
	}
	snprintf(out, PROGRAM_KEY_MAX + 1, "%s", s);
	return true;
}

/* A text member of 1..max characters without control characters into out (size bytes). */
static bool text(struct check *c, const json_t *obj, const char *path, const char *name, size_t max, char *out,
		 size_t size)
{
	const char *s = string(c, obj, path, name, true);
	char p[PATH_MAX_];
	sub(p, path, name);
	if (!s)
		return false;
	size_t n = utf8_length(s);
	if (n == 0 || strspn(s, " ") == strlen(s)) {
		problem(c, p, "不能为空");
		return false;
	}
	if (n > max || strlen(s) >= size) {
		problem(c, p, "最多%zu个字", max);
		return false;
	}
	if (utf8_has_control(s)) {
		problem(c, p, "不能有换行、制表符等控制字符");
		return false;
	}
	snprintf(out, size, "%s", s);
	return true;
}

static bool label(struct check *c, const json_t *obj, const char *path, char out[4 * PROGRAM_LABEL_MAX + 1])
{
	return text(c, obj, path, "label", PROGRAM_LABEL_MAX, out, 4 * PROGRAM_LABEL_MAX + 1);
}

/* An integer member in min..max: 1 read, 0 absent (reported when required), -1 bad (reported). */
static int integer(struct check *c, const json_t *obj, const char *path, const char *name, bool required,
		   long long min, long long max, long long *out)
{
	char p[PATH_MAX_];
	json_t *v = json_object_get(obj, name);
	sub(p, path, name);
	if (!v) {
		if (required)
			problem(c, p, "缺少“%s”", name);
		return 0;
	}
	if (!json_is_integer(v)) {
		problem(c, p, "应为整数（不带引号）");
		return -1;
	}
	long long n = json_integer_value(v);
	if (n < min || n > max) {
		problem(c, p, "应在%lld至%lld之间", min, max);
		return -1;
	}
	*out = n;
	return 1;
}

/* A boolean member (default when absent). */
static bool boolean(struct check *c, const json_t *obj, const char *path, const char *name, bool dflt)
{
	json_t *v = json_object_get(obj, name);
	if (!v)
		return dflt;
	if (!json_is_boolean(v)) {
		char p[PATH_MAX_];
		sub(p, path, name);
		problem(c, p, "应为 true 或 false（不带引号）");
		return dflt;
	}
	return json_is_true(v);
}

/* An array member of at most max items (NULL when absent, reported when required, or bad). */
static json_t *array(struct check *c, const json_t *obj, const char *path, const char *name, bool required,
		     size_t min, size_t max)
{
	char p[PATH_MAX_];
	json_t *v = json_object_get(obj, name);
	sub(p, path, name);
	if (!v) {
		if (required)
			problem(c, p, "缺少“%s”", name);
		return NULL;
	}
	if (!json_is_array(v)) {
		problem(c, p, "应为一个列表 […]");
		return NULL;
	}
	if (json_array_size(v) > max) {
		problem(c, p, "最多%zu项", max);
		return NULL;
	}
	if (json_array_size(v) < min) {
		problem(c, p, "至少要有%zu项", min);
		return NULL;
	}
	return v;
}

/* A decimal number (at most 3 decimals) into thousandths: true, or false (reported). */
static bool thousandths(struct check *c, const json_t *v, const char *path, int64_t *out)
{
	if (json_is_integer(v)) {
		long long n = json_integer_value(v);
		if (n < -NUMBER_MAX || n > NUMBER_MAX) {
			problem(c, path, "数值太大");
			return false;
		}
		*out = (int64_t)n * 1000;
		return true;
	}
	if (!json_is_real(v)) {
		problem(c, path, "应为数（不带引号）");
		return false;
	}
	double d = json_real_value(v) * 1000.0;
	if (!(fabs(d) <= (double)NUMBER_MAX * 1000.0)) {
		problem(c, path, "数值太大");
		return false;
	}
	double r = nearbyint(d);
	if (fabs(d - r) > 1e-6) {
		problem(c, path, "最多3位小数");
		return false;
	}
	*out = (int64_t)r;
	return true;
}

/* Lookups */

int program_hold_days(const struct program_stage *s, const char *override)
{
	int64_t days;
	return s->hold_field[0] && number_parse(override, 0, PROGRAM_DAYS_MAX, &days) ? (int)days : s->hold_days;
}

int program_stage_index(const struct program *p, const char *k)
{
	for (size_t i = 0; i < p->nstages; i++)
		if (strcmp(p->stages[i].key, k) == 0)
			return (int)i;
	return -1;
}

int program_field_index(const struct program *p, const char *k)
{
	for (size_t i = 0; i < p->nfields; i++)
		if (strcmp(p->fields[i].key, k) == 0)
			return (int)i;
	return -1;
}

int program_metric_index(const struct program *p, const char *k)
{
	for (size_t i = 0; i < p->nmetrics; i++)
		if (strcmp(p->metrics[i].key, k) == 0)
			return (int)i;
	return -1;
}

const struct program_transition *program_upheld_transition(const struct program *p)
{
	for (size_t i = 0; i < p->ntransitions; i++)
		if (p->transitions[i].objection_upheld)
			return &p->transitions[i];
	return NULL;
}

int program_archive_stage(const struct program *p)
{
	for (size_t i = 0; i < p->nstages; i++)
		if (p->stages[i].archive)
			return (int)i;
	return -1;
}

static int outcome_index(const struct program *p, const char *k)
{
	for (size_t i = 0; i < p->noutcomes; i++)
		if (strcmp(p->outcomes[i].key, k) == 0)
			return (int)i;
	return -1;
}

const struct program_outcome *program_outcome_of(const struct program *p, int64_t acuity)
{
	for (size_t i = 0; i < p->noutcomes; i++)
		if (!p->outcomes[i].has_min || acuity >= p->outcomes[i].min)
			return &p->outcomes[i];
	return NULL;
}

/*
 * Reports key at path when an earlier item (one of n, each key_size bytes
 * apart from first) has it already.
 */
static void unique(struct check *c, const char *path, const char *list, const char *first, size_t stride,
		   size_t n, const char *k)
{
	if (!*k)
		return;
	for (size_t j = 0; j < n; j++)
		if (strcmp(first + j * stride, k) == 0) {
			problem(c, path, "“%s”与 %s[%zu] 重复", k, list, j);
			return;
		}
}

/* The stage named k (at path), or -1 reported. */
static int stage_ref(struct check *c, const struct program *p, const char *path, const char *k)
{
	int i = program_stage_index(p, k);
	if (i < 0)
		problem(c, path, "没有名为 %s 的阶段", k);
	return i;
}

/* A stage key member naming an existing stage: its index, or -1 (reported when present). */
static int stage_member(struct check *c, const struct program *p, const json_t *obj, const char *path,
			const char *name)
{
	char p2[PATH_MAX_];
	const char *s = string(c, obj, path, name, true);
	sub(p2, path, name);
	return s ? stage_ref(c, p, p2, s) : -1;
}

/* Sections */

static bool asked_at(const struct program *p, size_t stage, int field);

static void parse_stages(struct check *c, const json_t *root, struct program *p)
{
	static const char *const keys[] = { "key", "label", "final", "due", "hold_days", "hold_field", "archive", NULL };
	static const char *const due_keys[] = { "after", "days", NULL };
	json_t *list = array(c, root, "", "stages", true, 1, PROGRAM_LIST_MAX);
	if (!list)
		return;
	p->nstages = json_array_size(list);
	p->stages = xcalloc(p->nstages, sizeof *p->stages);
	/* Keys first, so that schedules may name a later stage. */
	for (size_t i = 0; i < p->nstages; i++) {
		struct program_stage *s = &p->stages[i];
		char path[PATH_MAX_], kp[PATH_MAX_];
		json_t *o = json_array_get(list, i);
		item(path, "stages", i);
		if (!object(c, o, path, keys, NULL, NULL))
			continue;
		sub(kp, path, "key");
		if (key(c, o, path, "key", true, s->key))
			unique(c, kp, "stages", p->stages[0].key, sizeof *s, i, s->key);
		label(c, o, path, s->label);
		s->final = boolean(c, o, path, "final", false);
		s->archive = boolean(c, o, path, "archive", false);
		long long hold = 0;
		if (integer(c, o, path, "hold_days", false, 0, PROGRAM_DAYS_MAX, &hold) == 1) {
			s->hold = true;
			s->hold_days = (int)hold;
		}
		if (json_object_get(o, "hold_field")) {
			char hp[PATH_MAX_];
			sub(hp, path, "hold_field");
			if (!s->hold)
				problem(c, hp, "写了 hold_field 就要写 hold_days（默认的公示天数）");
			key(c, o, path, "hold_field", true, s->hold_field); /* checked against the fields later */
		}
		if (s->final && (s->hold || s->archive)) {
			char hp[PATH_MAX_];
			sub(hp, path, s->hold ? "hold_days" : "archive");
			problem(c, hp, "结束的阶段（final）不能%s", s->hold ? "设公示期" : "编档案号");
		}
	}
	for (size_t i = 0; i < p->nstages; i++) {
		struct program_stage *s = &p->stages[i];
		char path[PATH_MAX_], dp[PATH_MAX_];
		json_t *o = json_array_get(list, i);
		json_t *due = json_is_object(o) ? json_object_get(o, "due") : NULL;
		if (!due)
			continue;
		item(path, "stages", i);
		sub(dp, path, "due");
		if (!object(c, due, dp, due_keys, NULL, NULL))
			continue;
		int a = stage_member(c, p, due, dp, "after");
		long long days = 0;
		if (integer(c, due, dp, "days", true, 0, PROGRAM_DAYS_MAX, &days) == 1)
			s->offset_days = (int)days;
		if (a < 0)
			continue;
		if ((size_t)a == i) {
			char ap[PATH_MAX_];
			sub(ap, dp, "after");
			problem(c, ap, "预约不能以阶段自己为起点");
			continue;
		}
		snprintf(s->anchor, sizeof s->anchor, "%s", p->stages[a].key);
	}
	/* Cycles: reported once, at the cycle's first stage. */
	for (size_t i = 0; i < p->nstages; i++) {
		if (!p->stages[i].anchor[0])
			continue;
		size_t j = i, smallest = i;
		bool cycle = false;
		for (size_t step = 0; step < p->nstages; step++) {
			int a = program_stage_index(p, p->stages[j].anchor);
			if (a < 0 || !p->stages[a].anchor[0])
				break;
			j = (size_t)a;
			if (j < smallest)
				smallest = j;
			if (j == i) {
				cycle = true;
				break;
			}
		}
		if (!cycle || smallest != i)
			continue;
		char chain[400], path[PATH_MAX_];
		size_t n = 0;
		j = i;
		do {
			int k = snprintf(chain + n, sizeof chain - n, "%s → ", p->stages[j].key);
			if (k > 0 && (size_t)k < sizeof chain - n)
				n += (size_t)k;
			j = (size_t)program_stage_index(p, p->stages[j].anchor);
		} while (j != i);
		snprintf(chain + n, sizeof chain - n, "%s", p->stages[i].key);
		pathf(path, "stages[%zu].due.after", i);
		problem(c, path, "预约形成循环（%s）", chain);
	}
}

static const char *const field_common[] = { "key", "label", "type", NULL };
static const char *const field_all[] = { "min", "max", "choices", "after", NULL };

static void parse_choices(struct check *c, const json_t *o, const char *path, struct program_field *f)
{
	static const char *const keys[] = { "key", "label", NULL };
	char lp[PATH_MAX_];
	json_t *list = array(c, o, path, "choices", true, 1, PROGRAM_LIST_MAX);
	if (!list)
		return;
	sub(lp, path, "choices");
	f->nchoices = json_array_size(list);
	f->choices = xcalloc(f->nchoices, sizeof *f->choices);
	for (size_t i = 0; i < f->nchoices; i++) {
		struct program_choice *ch = &f->choices[i];
		char ip[PATH_MAX_], kp[PATH_MAX_];
		json_t *co = json_array_get(list, i);
		item(ip, lp, i);
		if (!object(c, co, ip, keys, NULL, NULL))
			continue;
		sub(kp, ip, "key");
		if (key(c, co, ip, "key", true, ch->key))
			unique(c, kp, lp, f->choices[0].key, sizeof *ch, i, ch->key);
		sub(kp, ip, "label");
		if (label(c, co, ip, ch->label)) {
			unique(c, kp, lp, f->choices[0].label, sizeof *ch, i, ch->label);
			/* A label that is another choice's key would make typed text ambiguous. */
			for (size_t j = 0; j < i; j++)
				if (strcmp(f->choices[j].key, ch->label) == 0)
					problem(c, kp, "“%s”是 %s[%zu] 的键，不能作为另一项的名称", ch->label, lp, j);
		}
	}
	for (size_t i = 0; i < f->nchoices; i++)
		for (size_t j = i + 1; j < f->nchoices; j++)
			if (f->choices[j].key[0] && strcmp(f->choices[i].label, f->choices[j].key) == 0) {
				char kp[PATH_MAX_];
				pathf(kp, "%s[%zu].label", lp, i);
				problem(c, kp, "“%s”是 %s[%zu] 的键，不能作为另一项的名称", f->choices[i].label, lp, j);
			}
}

static void parse_after(struct check *c, const struct program *p, const json_t *o, const char *path,
			struct program_field *f)
{
	static const char *const keys[] = { "stage", "min_days", "max_days", NULL };
	char ap[PATH_MAX_];
	json_t *after = json_object_get(o, "after");
	f->min_days = 0;
	f->max_days = PROGRAM_DAYS_MAX;
	if (!after)
		return;
	sub(ap, path, "after");
	if (!object(c, after, ap, keys, NULL, NULL))
		return;
	int s = stage_member(c, p, after, ap, "stage");
	long long lo = 0, hi = PROGRAM_DAYS_MAX;
	int a = integer(c, after, ap, "min_days", false, 0, PROGRAM_DAYS_MAX, &lo);
	int b = integer(c, after, ap, "max_days", false, 0, PROGRAM_DAYS_MAX, &hi);
	if (a >= 0 && b >= 0 && lo > hi)
		problem(c, ap, "min_days（%lld）大于 max_days（%lld）", lo, hi);
	if (s >= 0)
		snprintf(f->after_stage, sizeof f->after_stage, "%s", p->stages[s].key);
	f->min_days = (int)lo;
	f->max_days = (int)hi;
}

/* min and max of an integer or decimal field. */
static void parse_bounds(struct check *c, const json_t *o, const char *path, struct program_field *f)
{
	for (int which = 0; which < 2; which++) {
		const char *name = which ? "max" : "min";
		json_t *v = json_object_get(o, name);
		char bp[PATH_MAX_];
		int64_t n;
		if (!v)
			continue;
		sub(bp, path, name);
		if (f->type == PROGRAM_INTEGER) {
			long long ll;
			if (integer(c, o, path, name, false, -NUMBER_MAX, NUMBER_MAX, &ll) != 1)
				continue;
			n = ll;
		} else if (!thousandths(c, v, bp, &n)) {
			continue;
		}
		if (which) {
			f->has_max = true;
			f->max = n;
		} else {
			f->has_min = true;
			f->min = n;
		}
	}
	if (f->has_min && f->has_max && f->min > f->max) {
		char lo[32], hi[32];
		if (f->type == PROGRAM_INTEGER) {
			snprintf(lo, sizeof lo, "%" PRId64, f->min);
			snprintf(hi, sizeof hi, "%" PRId64, f->max);
		} else {
			struct program_field d = { .type = PROGRAM_DECIMAL };
			snprintf(lo, sizeof lo, "%" PRId64, f->min);
			program_value_text(&d, lo, lo, sizeof lo);
			snprintf(hi, sizeof hi, "%" PRId64, f->max);
			program_value_text(&d, hi, hi, sizeof hi);
		}
		problem(c, path, "min（%s）大于 max（%s）", lo, hi);
	}
}

static void parse_fields(struct check *c, const json_t *root, struct program *p)
{
	json_t *list = array(c, root, "", "fields", false, 0, PROGRAM_LIST_MAX);
	if (!list)
		return;
	p->nfields = json_array_size(list);
	p->fields = xcalloc(p->nfields, sizeof *p->fields);
	for (size_t i = 0; i < p->nfields; i++) {
		struct program_field *f = &p->fields[i];
		char path[PATH_MAX_], kp[PATH_MAX_];
		json_t *o = json_array_get(list, i);
		item(path, "fields", i);
		f->type = PROGRAM_FIELD_TYPE__MAX;
		if (!json_is_object(o)) {
			problem(c, path, "应为一个对象 {…}");
			continue;
		}
		sub(kp, path, "key");
		if (key(c, o, path, "key", true, f->key)) {
			if (strcmp(f->key, "outcome") == 0)
				problem(c, kp, "“outcome”留作视力结果的统计用，字段不能用这个键");
			unique(c, kp, "fields", p->fields[0].key, sizeof *f, i, f->key);
		}
		label(c, o, path, f->label);
		const char *t = string(c, o, path, "type", true);
		for (int k = 0; t && k < PROGRAM_FIELD_TYPE__MAX; k++)
			if (strcmp(t, type_codes[k]) == 0)
				f->type = (enum program_field_type)k;
		if (t && f->type == PROGRAM_FIELD_TYPE__MAX) {
			char tp[PATH_MAX_], list_text[200];
			sub(tp, path, "type");
			join(list_text, sizeof list_text, type_codes);
			problem(c, tp, "不认识的字段类型“%s”（可用：%s）", t, list_text);
		}

		/* The keys each type takes besides the common ones. */
		const char *allowed[8];
		size_t n = 0;
		for (const char *const *k = field_common; *k; k++)
			allowed[n++] = *k;
		switch (f->type) {
		case PROGRAM_DATE:
			allowed[n++] = "after";
			break;
		case PROGRAM_INTEGER:
		case PROGRAM_DECIMAL:
			allowed[n++] = "min";
			allowed[n++] = "max";
			break;
		case PROGRAM_TEXT:
			allowed[n++] = "max";
			break;
		case PROGRAM_CHOICE:
			allowed[n++] = "choices";
			break;
		case PROGRAM_ACUITY:
		case PROGRAM_BOOL:
			break;
		case PROGRAM_FIELD_TYPE__MAX:
			/* Unknown type: do not report its other keys as well. */
			for (const char *const *k = field_all; *k; k++)
				allowed[n++] = *k;
			break;
		}
		allowed[n] = NULL;
		char kind[64];
		snprintf(kind, sizeof kind, "%s类型的字段", program_type_label(f->type));
		object(c, o, path, allowed, field_all, kind);

		switch (f->type) {
		case PROGRAM_DATE:
			parse_after(c, p, o, path, f);
			break;
		case PROGRAM_INTEGER:
		case PROGRAM_DECIMAL:
			parse_bounds(c, o, path, f);
			break;
		case PROGRAM_TEXT: {
			long long max = PROGRAM_TEXT_DEFAULT;
			integer(c, o, path, "max", false, 1, PROGRAM_TEXT_MAX, &max);
			f->has_max = true;
			f->max = max;
			break;
		}
		case PROGRAM_CHOICE:
			parse_choices(c, o, path, f);
			break;
		case PROGRAM_ACUITY:
		case PROGRAM_BOOL:
		case PROGRAM_FIELD_TYPE__MAX:
			break;
		}
	}
}

static unsigned parse_roles(struct check *c, const json_t *o, const char *path)
{
	char rp[PATH_MAX_];
	unsigned roles = 0;
	json_t *list = array(c, o, path, "roles", true, 1, ROLE__MAX);
	if (!list)
		return 0;
	sub(rp, path, "roles");
	for (size_t i = 0; i < json_array_size(list); i++) {
		char ip[PATH_MAX_];
		json_t *v = json_array_get(list, i);
		item(ip, rp, i);
		if (!json_is_string(v)) {
			problem(c, ip, "应为角色的标识，如 \"hospital\"");
			continue;
		}
		int r = role_parse(json_string_value(v));
		if (r < 0) {
			const char *codes[ROLE__MAX + 1];
			char list_text[200];
			for (int k = 0; k < ROLE__MAX; k++)
				codes[k] = role_code((enum role)k);
			codes[ROLE__MAX] = NULL;
			join(list_text, sizeof list_text, codes);
			problem(c, ip, "没有“%s”这个角色（可用：%s）", json_string_value(v), list_text);
		} else if (roles & (1u << r)) {
			problem(c, ip, "角色 %s 重复", json_string_value(v));
		} else {
			roles |= 1u << r;
		}
	}
	return roles;
}

static void parse_transition_fields(struct check *c, const struct program *p, const json_t *o, const char *path,
				    struct program_transition *t)
{
	static const char *const keys[] = { "field", "required", "must_be", NULL };
	char lp[PATH_MAX_];
	json_t *list = array(c, o, path, "fields", false, 0, PROGRAM_LIST_MAX);
	if (!list)
		return;
	sub(lp, path, "fields");
	t->fields = xcalloc(json_array_size(list) + 1, sizeof *t->fields);
	t->required = xcalloc(json_array_size(list) + 1, sizeof *t->required);
	t->must_be = xcalloc(json_array_size(list) + 1, sizeof *t->must_be);
	for (size_t i = 0; i < json_array_size(list); i++) {
		char ip[PATH_MAX_], fp[PATH_MAX_];
		json_t *fo = json_array_get(list, i);
		item(ip, lp, i);
		if (!object(c, fo, ip, keys, NULL, NULL))
			continue;
		sub(fp, ip, "field");
		const char *k = string(c, fo, ip, "field", true);
		bool required = boolean(c, fo, ip, "required", false);
		if (!k)
			continue;
		int f = program_field_index(p, k);
		if (f < 0) {
			problem(c, fp, "没有名为 %s 的字段", k);
			continue;
		}
		bool repeated = false;
		for (size_t j = 0; j < t->nfields; j++)
			repeated |= t->fields[j] == (size_t)f;
		if (repeated) {
			problem(c, fp, "字段 %s 重复", k);
			continue;
		}
		signed char must_be = -1;
		json_t *mb = json_object_get(fo, "must_be");
		if (mb) {
			char mp[PATH_MAX_];
			sub(mp, ip, "must_be");
			if (p->fields[f].type != PROGRAM_BOOL)
				problem(c, mp, "must_be 只适用于是否（bool）类型的字段，%s 是%s类型", k,
					program_type_label(p->fields[f].type));
			else if (!json_is_boolean(mb))
				problem(c, mp, "应为 true 或 false（不带引号）");
			else
				must_be = json_is_true(mb) ? 1 : 0;
		}
		t->fields[t->nfields] = (size_t)f;
		t->required[t->nfields] = required;
		t->must_be[t->nfields] = must_be;
		t->nfields++;
	}
}

static void parse_transitions(struct check *c, const json_t *root, struct program *p)
{
	static const char *const keys[] = { "key",	       "label",		    "from",
					    "to",	       "roles",		    "fields",
					    "remark_required", "check_eligibility", "objection_upheld",
					    NULL };
	json_t *list = array(c, root, "", "transitions", true, 1, PROGRAM_LIST_MAX);
	if (!list)
		return;
	p->ntransitions = json_array_size(list);
	p->transitions = xcalloc(p->ntransitions, sizeof *p->transitions);
	bool *reached = xcalloc(p->nstages + 1, sizeof *reached);
	bool enrolment = false;
	for (size_t i = 0; i < p->ntransitions; i++) {
		struct program_transition *t = &p->transitions[i];
		char path[PATH_MAX_], kp[PATH_MAX_], fp[PATH_MAX_];
		json_t *o = json_array_get(list, i);
		item(path, "transitions", i);
		t->to = SIZE_MAX;
		if (!object(c, o, path, keys, NULL, NULL))
			continue;
		sub(kp, path, "key");
		if (key(c, o, path, "key", true, t->key))
			unique(c, kp, "transitions", p->transitions[0].key, sizeof *t, i, t->key);
		label(c, o, path, t->label);

		json_t *from = array(c, o, path, "from", true, 1, PROGRAM_LIST_MAX);
		sub(fp, path, "from");
		if (from) {
			t->from = xcalloc(json_array_size(from), sizeof *t->from);
			for (size_t j = 0; j < json_array_size(from); j++) {
				char ip[PATH_MAX_];
				json_t *v = json_array_get(from, j);
				item(ip, fp, j);
				if (!json_is_string(v)) {
					problem(c, ip, "应为阶段的键，或 \"\"（新登记）");
					continue;
				}
				size_t s;
				if (!*json_string_value(v)) {
					s = SIZE_MAX;
					enrolment = true;
				} else {
					int k = stage_ref(c, p, ip, json_string_value(v));
					if (k < 0)
						continue;
					s = (size_t)k;
				}
				bool repeated = false;
				for (size_t m = 0; m < t->nfrom; m++)
					repeated |= t->from[m] == s;
				if (repeated) {
					problem(c, ip, "“%s”重复", json_string_value(v));
					continue;
				}
				t->from[t->nfrom++] = s;
			}
		}
		int to = stage_member(c, p, o, path, "to");
		if (to >= 0) {
			t->to = (size_t)to;
			reached[to] = true;
		}
		t->roles = parse_roles(c, o, path);
		parse_transition_fields(c, p, o, path, t);
		t->remark_required = boolean(c, o, path, "remark_required", false);
		t->check_eligibility = boolean(c, o, path, "check_eligibility", false);
		t->objection_upheld = boolean(c, o, path, "objection_upheld", false);
		if (t->objection_upheld) {
			char up[PATH_MAX_];
			sub(up, path, "objection_upheld");
			for (size_t j = 0; j < i; j++)
				if (p->transitions[j].objection_upheld)
					problem(c, up, "只能有一个异议成立时的流转（transitions[%zu] 已是）", j);
			if (t->to != SIZE_MAX && !p->stages[t->to].final)
				problem(c, up, "异议成立时的流转应到达结束的阶段（final），%s 不是", p->stages[t->to].key);
			for (size_t j = 0; j < t->nfields; j++)
				if (t->required[j])
					problem(c, up, "异议成立时的流转由系统办理，不能有必填字段（%s）",
						p->fields[t->fields[j]].key);
			for (size_t j = 0; j < t->nfrom; j++)
				if (t->from[j] == SIZE_MAX)
					problem(c, up, "异议成立时的流转不能从新登记（\"\"）开始");
		}
	}
	if (!enrolment)
		problem(c, "transitions", "至少要有一个从 \"\"（新登记）开始的流转（from 中写 \"\"）");
	/* Only when every transition read well, so that one mistake is not reported twice. */
	if (c->count == 0)
		for (size_t i = 0; i < p->nstages; i++)
			if (!reached[i]) {
				char path[PATH_MAX_];
				item(path, "stages", i);
				problem(c, path, "没有流转到达阶段 %s（transitions 中没有 \"to\": \"%s\"）",
					p->stages[i].key, p->stages[i].key);
			}
	free(reached);
}

/* The fields of notice stages: integer fields that a transition into the stage asks for. */
static void parse_holds(struct check *c, struct program *p)
{
	for (size_t i = 0; i < p->nstages; i++) {
		struct program_stage *s = &p->stages[i];
		if (!s->hold_field[0])
			continue;
		char hp[PATH_MAX_];
		pathf(hp, "stages[%zu].hold_field", i);
		int k = program_field_index(p, s->hold_field);
		if (k < 0)
			problem(c, hp, "没有名为 %s 的字段", s->hold_field);
		else if (p->fields[k].type != PROGRAM_INTEGER)
			problem(c, hp, "公示天数的字段应为整数（integer）类型，%s 是%s类型", s->hold_field,
				program_type_label(p->fields[k].type));
		else if (!asked_at(p, i, k))
			problem(c, hp, "到达阶段 %s 的流转不填写字段 %s", s->key, s->hold_field);
	}
}

static void parse_eligibility(struct check *c, const json_t *root, struct program *p)
{
	static const char *const keys_in[] = { "field", "in", "message", NULL };
	static const char *const keys_age[] = { "field", "min", "max", "message", NULL };
	static const char *const keys_all[] = { "in", "min", "max", NULL };
	json_t *list = array(c, root, "", "eligibility", false, 0, PROGRAM_LIST_MAX);
	if (!list)
		return;
	p->nrules = json_array_size(list);
	p->rules = xcalloc(p->nrules, sizeof *p->rules);
	for (size_t i = 0; i < p->nrules; i++) {
		struct program_rule *r = &p->rules[i];
		char path[PATH_MAX_], fp[PATH_MAX_];
		json_t *o = json_array_get(list, i);
		item(path, "eligibility", i);
		r->field = PROGRAM_P__MAX;
		if (!json_is_object(o)) {
			problem(c, path, "应为一个对象 {…}");
			continue;
		}
		const char *f = string(c, o, path, "field", true);
		for (int k = 0; f && k < PROGRAM_P__MAX; k++)
			if (strcmp(f, person_fields[k].code) == 0)
				r->field = (enum program_person_field)k;
		if (f && r->field == PROGRAM_P__MAX) {
			const char *codes[PROGRAM_P__MAX + 1];
			char list_text[200];
			for (int k = 0; k < PROGRAM_P__MAX; k++)
				codes[k] = person_fields[k].code;
			codes[PROGRAM_P__MAX] = NULL;
			join(list_text, sizeof list_text, codes);
			sub(fp, path, "field");
			problem(c, fp, "不认识的人员字段“%s”（可用：%s）", f, list_text);
		}
		if (r->field == PROGRAM_P_AGE) {
			object(c, o, path, keys_age, keys_all, "年龄条件");
			long long lo = 0, hi = 150;
			int a = integer(c, o, path, "min", false, 0, 150, &lo);
			int b = integer(c, o, path, "max", false, 0, 150, &hi);
			if (a == 0 && b == 0)
				problem(c, path, "年龄条件至少要有 min 或 max");
			else if (a >= 0 && b >= 0 && lo > hi)
				problem(c, path, "min（%lld）大于 max（%lld）", lo, hi);
			r->values[0] = (int)lo;
			r->values[1] = (int)hi;
			r->nvalues = 2;
		} else if (r->field != PROGRAM_P__MAX) {
			object(c, o, path, keys_in, keys_all, "这个条件（年龄以外的条件用 in）");
			json_t *values = array(c, o, path, "in", true, 1, sizeof r->values / sizeof r->values[0]);
			char ip[PATH_MAX_];
			sub(ip, path, "in");
			for (size_t j = 0; values && j < json_array_size(values); j++) {
				char vp[PATH_MAX_];
				json_t *v = json_array_get(values, j);
				const int lo = person_fields[r->field].min, hi = person_fields[r->field].max;
				item(vp, ip, j);
				if (!json_is_integer(v) || json_integer_value(v) < lo || json_integer_value(v) > hi) {
					problem(c, vp, "%s的代码应为%d至%d的整数", person_fields[r->field].label, lo,
						hi);
					continue;
				}
				r->values[r->nvalues++] = (int)json_integer_value(v);
			}
		} else {
			static const char *const keys_any[] = { "field", "in", "min", "max", "message", NULL };
			object(c, o, path, keys_any, NULL, NULL);
		}
		text(c, o, path, "message", MESSAGE_MAX, r->message, sizeof r->message);
	}
}

/* An outcome bound: a number (0.3) or acuity text ("6/18", "0.3"), into thousandths. */
static bool acuity_bound(struct check *c, const json_t *v, const char *path, int64_t *out)
{
	if (json_is_string(v)) {
		enum acuity_status st = acuity_parse(json_string_value(v), out);
		if (st != ACUITY_OK) {
			problem(c, path, "%s", acuity_reason(st));
			return false;
		}
		return true;
	}
	if (!thousandths(c, v, path, out))
		return false;
	if (*out < 0 || *out > ACUITY_MAX) {
		problem(c, path, "视力的下限应在0至2.0之间");
		return false;
	}
	return true;
}

static void parse_outcome(struct check *c, const json_t *root, struct program *p)
{
	static const char *const keys[] = { "field", "categories", NULL };
	static const char *const cat_keys[] = { "key", "label", "min", NULL };
	json_t *o = json_object_get(root, "outcome");
	if (!o)
		return;
	if (!object(c, o, "outcome", keys, NULL, NULL))
		return;
	const char *f = string(c, o, "outcome", "field", true);
	if (f) {
		int k = program_field_index(p, f);
		if (k < 0)
			problem(c, "outcome.field", "没有名为 %s 的字段", f);
		else if (p->fields[k].type != PROGRAM_ACUITY)
			problem(c, "outcome.field", "字段 %s 是%s类型，视力结果只能按视力类型（acuity）的字段分类", f,
				program_type_label(p->fields[k].type));
		else
			snprintf(p->outcome_field, sizeof p->outcome_field, "%s", f);
	}
	json_t *list = array(c, o, "outcome", "categories", true, 1, PROGRAM_LIST_MAX);
	if (!list)
		return;
	p->noutcomes = json_array_size(list);
	p->outcomes = xcalloc(p->noutcomes, sizeof *p->outcomes);
	for (size_t i = 0; i < p->noutcomes; i++) {
		struct program_outcome *oc = &p->outcomes[i];
		char path[PATH_MAX_], kp[PATH_MAX_];
		json_t *co = json_array_get(list, i);
		item(path, "outcome.categories", i);
		if (!object(c, co, path, cat_keys, NULL, NULL))
			continue;
		sub(kp, path, "key");
		if (key(c, co, path, "key", true, oc->key))
			unique(c, kp, "outcome.categories", p->outcomes[0].key, sizeof *oc, i, oc->key);
		label(c, co, path, oc->label);
		json_t *min = json_object_get(co, "min");
		sub(kp, path, "min");
		bool last = i + 1 == p->noutcomes;
		if (min && last) {
			problem(c, kp, "最后一类不设下限（去掉 min）：低于上一类下限的都归入这一类");
		} else if (!min && !last) {
			problem(c, path, "除最后一类外，每一类都要有下限 min");
		} else if (min && acuity_bound(c, min, kp, &oc->min)) {
			oc->has_min = true;
			if (i > 0 && p->outcomes[i - 1].has_min && oc->min >= p->outcomes[i - 1].min) {
				char a[ACUITY_TEXT_MAX], b[ACUITY_TEXT_MAX];
				acuity_format(oc->min, a, sizeof a);
				acuity_format(p->outcomes[i - 1].min, b, sizeof b);
				problem(c, kp, "各类应按下限从高到低排列：%s 不低于上一类的 %s", a, b);
			}
		}
	}
}

/* Whether some transition to stage asks for field. */
static bool asked_at(const struct program *p, size_t stage, int field)
{
	for (size_t i = 0; i < p->ntransitions; i++)
		if (p->transitions[i].to == stage)
			for (size_t j = 0; j < p->transitions[i].nfields; j++)
				if (p->transitions[i].fields[j] == (size_t)field)
					return true;
	return false;
}

static void parse_metrics(struct check *c, const json_t *root, struct program *p)
{
	static const char *const keys[] = { "key", "label", "stage", "field", "value", NULL };
	json_t *list = array(c, root, "", "metrics", false, 0, PROGRAM_LIST_MAX);
	if (!list)
		return;
	p->nmetrics = json_array_size(list);
	p->metrics = xcalloc(p->nmetrics, sizeof *p->metrics);
	for (size_t i = 0; i < p->nmetrics; i++) {
		struct program_metric *m = &p->metrics[i];
		char path[PATH_MAX_], kp[PATH_MAX_], fp[PATH_MAX_], vp[PATH_MAX_];
		json_t *o = json_array_get(list, i);
		item(path, "metrics", i);
		m->stage = SIZE_MAX;
		if (!object(c, o, path, keys, NULL, NULL))
			continue;
		sub(kp, path, "key");
		sub(fp, path, "field");
		sub(vp, path, "value");
		if (key(c, o, path, "key", true, m->key))
			unique(c, kp, "metrics", p->metrics[0].key, sizeof *m, i, m->key);
		label(c, o, path, m->label);
		int s = stage_member(c, p, o, path, "stage");
		if (s >= 0)
			m->stage = (size_t)s;
		const char *f = string(c, o, path, "field", false);
		const char *v = string(c, o, path, "value", false);
		if (!f) {
			if (v)
				problem(c, vp, "只有写了 field 才能写 value");
			continue;
		}
		if (!v) {
			problem(c, path, "写了 field 就要写 value（统计取这个值的个案）");
			continue;
		}
		if (strcmp(f, "outcome") == 0) {
			if (!json_object_get(root, "outcome")) {
				problem(c, fp, "定义中没有视力结果（outcome）");
				continue;
			}
			if (p->noutcomes == 0 || !p->outcome_field[0])
				continue; /* the outcome's own mistake is reported */
			if (outcome_index(p, v) < 0)
				problem(c, vp, "视力结果中没有名为 %s 的一类", v);
			else if (s >= 0 && !asked_at(p, (size_t)s, program_field_index(p, p->outcome_field)))
				problem(c, fp, "到达阶段 %s 的流转不填写视力结果的字段 %s", p->stages[s].key,
					p->outcome_field);
		} else {
			int k = program_field_index(p, f);
			if (k < 0) {
				problem(c, fp, "没有名为 %s 的字段（或写 \"outcome\" 表示视力结果）", f);
				continue;
			}
			const struct program_field *fd = &p->fields[k];
			if (fd->type == PROGRAM_CHOICE) {
				bool found = false;
				for (size_t j = 0; j < fd->nchoices; j++)
					found |= strcmp(fd->choices[j].key, v) == 0;
				if (!found)
					problem(c, vp, "字段 %s 没有名为 %s 的选项", f, v);
			} else if (fd->type == PROGRAM_BOOL) {
				if (strcmp(v, "true") != 0 && strcmp(v, "false") != 0)
					problem(c, vp, "是否类型的字段只能按 \"true\" 或 \"false\" 统计");
			} else {
				problem(c, fp, "只能按选择（choice）、是否（bool）字段或视力结果（outcome）统计，%s 是%s类型",
					f, program_type_label(fd->type));
				continue;
			}
			if (s >= 0 && !asked_at(p, (size_t)s, k))
				problem(c, fp, "到达阶段 %s 的流转不填写字段 %s", p->stages[s].key, f);
		}
		snprintf(m->field, sizeof m->field, "%s", f);
		snprintf(m->value, sizeof m->value, "%s", v);
	}
}

static void metric_ref(struct check *c, const struct program *p, const json_t *obj, const char *path,
		       const char *name, char out[PROGRAM_KEY_MAX + 1])
{
	char mp[PATH_MAX_];
	const char *s = string(c, obj, path, name, true);
	sub(mp, path, name);
	if (!s)
		return;
	if (program_metric_index(p, s) < 0)
		problem(c, mp, "没有名为 %s 的指标", s);
	else
		snprintf(out, PROGRAM_KEY_MAX + 1, "%s", s);
}

static void parse_breakdowns(struct check *c, const json_t *root, struct program *p)
{
	static const char *const keys[] = { "key", "label", "stage", "field", "metric", NULL };
	json_t *list = array(c, root, "", "breakdowns", false, 0, PROGRAM_LIST_MAX);
	if (!list)
		return;
	p->nbreakdowns = json_array_size(list);
	p->breakdowns = xcalloc(p->nbreakdowns, sizeof *p->breakdowns);
	for (size_t i = 0; i < p->nbreakdowns; i++) {
		struct program_breakdown *b = &p->breakdowns[i];
		char path[PATH_MAX_], kp[PATH_MAX_], fp[PATH_MAX_];
		json_t *o = json_array_get(list, i);
		item(path, "breakdowns", i);
		b->stage = SIZE_MAX;
		if (!object(c, o, path, keys, NULL, NULL))
			continue;
		sub(kp, path, "key");
		sub(fp, path, "field");
		if (key(c, o, path, "key", true, b->key))
			unique(c, kp, "breakdowns", p->breakdowns[0].key, sizeof *b, i, b->key);
		label(c, o, path, b->label);
		int st = stage_member(c, p, o, path, "stage");
		if (st >= 0)
			b->stage = (size_t)st;
		const char *f = string(c, o, path, "field", true);
		int k = f ? program_field_index(p, f) : -1;
		if (f && k < 0)
			problem(c, fp, "没有名为 %s 的字段", f);
		else if (f && st >= 0 && !asked_at(p, (size_t)st, k))
			problem(c, fp, "到达阶段 %s 的流转不填写字段 %s", p->stages[st].key, f);
		if (f)
			snprintf(b->field, sizeof b->field, "%s", f);
		if (json_object_get(o, "metric"))
			metric_ref(c, p, o, path, "metric", b->metric);
	}
}

static void parse_targets(struct check *c, const json_t *root, struct program *p)
{
	static const char *const keys[] = { "metric", "of", NULL };
	if (json_object_get(root, "target_metric"))
		metric_ref(c, p, root, "", "target_metric", p->target_metric);
	json_t *s = json_object_get(root, "success");
	if (s && object(c, s, "success", keys, NULL, NULL)) {
		metric_ref(c, p, s, "success", "metric", p->success_metric);
		metric_ref(c, p, s, "success", "of", p->success_of);
		if (p->success_metric[0] && strcmp(p->success_metric, p->success_of) == 0)
			problem(c, "success", "metric 和 of 不能是同一个指标");
	}
}

/* A JSON syntax error in Chinese: what jansson said, with the commonest cases explained. */
static void syntax_problem(struct check *c, const json_error_t *e)
{
	static const struct {
		const char *english, *chinese;
	} hints[] = {
		{ "duplicate object key", "同一个 {…} 中有两个相同的键" },
		{ "end of file expected", "JSON 已经结束，后面还有多余的内容" },
		{ "string or '}' expected", "这里应为带双引号的键或 }（是不是多了一个逗号？）" },
		{ "'}' expected", "缺少 } 或逗号" },
		{ "']' expected", "缺少 ] 或逗号" },
		{ "':' expected", "键的后面应为冒号 :" },
		{ "'[' or '{' expected", "文件应以 { 开头" },
		{ "unexpected newline", "文字中不能换行（双引号没有配对？）" },
		{ "control character", "文字中不能有控制字符" },
		{ "premature end of input", "文件不完整（缺少结尾的 } 或 ]）" },
		{ "unable to decode byte", "文件应为 UTF-8 编码（请用“另存为 UTF-8”）" },
		{ "invalid token", "无法识别的内容（文字要用英文双引号括起来）" },
		{ "unexpected token near ']'", "] 前面多了一个逗号，或缺少值" },
		{ "unexpected token near '}'", "} 前面多了一个逗号，或缺少值" },
		{ "unexpected token", "这里不应出现这个符号" },
		{ "invalid escape", "反斜杠 \\ 的用法不对" },
	};
	const char *hint = "JSON 格式错误";
	for (size_t i = 0; i < sizeof hints / sizeof hints[0]; i++)
		if (strstr(e->text, hints[i].english)) {
			hint = hints[i].chinese;
			break;
		}
	char where[64];
	snprintf(where, sizeof where, "第%d行第%d列", e->line < 1 ? 1 : e->line, e->column < 1 ? 1 : e->column);
	problem(c, where, "%s（%s）", hint, e->text);
}

void program_free(struct program *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->nfields; i++)
		free(p->fields[i].choices);
	for (size_t i = 0; i < p->ntransitions; i++) {
		free(p->transitions[i].from);
		free(p->transitions[i].fields);
		free(p->transitions[i].required);
		free(p->transitions[i].must_be);
	}
	free(p->stages);
	free(p->transitions);
	free(p->fields);
	free(p->rules);
	free(p->outcomes);
	free(p->metrics);
	free(p->breakdowns);
	free(p);
}

int program_parse(const char *def, size_t len, struct program **out, struct buf *problems)
{
	static const char *const keys[] = { "code",	   "name",    "version", "fields",	  "stages",
					    "transitions", "eligibility", "outcome", "metrics", "target_metric",
					    "success",	   "breakdowns", "monthly_amount", "unit", NULL };
	struct check c = { problems, 0 };
	*out = NULL;
	if (len > PROGRAM_FILE_MAX) {
		problem(&c, "", "文件太大：定义文件最大%uKB", PROGRAM_FILE_MAX / 1024);
		return -1;
	}
	/* A byte-order mark, as Windows Notepad writes, is not part of the JSON. */
	if (len >= 3 && memcmp(def, "\xEF\xBB\xBF", 3) == 0) {
		def += 3;
		len -= 3;
	}
	json_error_t jerr;
	json_t *root = json_loadb(def, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!root) {
		syntax_problem(&c, &jerr);
		return -1;
	}
	struct program *p = xcalloc(1, sizeof *p);
	if (object(&c, root, "", keys, NULL, NULL)) {
		long long version = 0;
		key(&c, root, "", "code", true, p->code);
		text(&c, root, "", "name", PROGRAM_LABEL_MAX, p->name, sizeof p->name);
		snprintf(p->unit, sizeof p->unit, "例");
		if (json_object_get(root, "unit"))
			text(&c, root, "", "unit", 4, p->unit, sizeof p->unit);
		if (integer(&c, root, "", "version", true, 1, VERSION_MAX, &version) == 1)
			p->version = (int)version;
		parse_stages(&c, root, p);
		parse_fields(&c, root, p);
		parse_transitions(&c, root, p);
		parse_eligibility(&c, root, p);
		parse_outcome(&c, root, p);
		parse_metrics(&c, root, p);
		parse_targets(&c, root, p);
		parse_breakdowns(&c, root, p);
		parse_holds(&c, p);
		p->monthly_amount = -1;
		json_t *amount = json_object_get(root, "monthly_amount");
		int64_t th;
		if (amount && thousandths(&c, amount, "monthly_amount", &th)) {
			if (th < 0 || th % 10 != 0)
				problem(&c, "monthly_amount", "应为不小于0的金额（元），最多2位小数");
			else
				p->monthly_amount = th / 10;
		}
	}
	json_decref(root);
	if (c.count > 0) {
		program_free(p);
		return -1;
	}
	*out = p;
	return 0;
}

/* Values */

static const char *trim(const char *s, size_t *n)
{
	size_t len = strlen(s);
	for (;;) {
		if (len && (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')) {
			s++, len--;
		} else if (len >= 3 && memcmp(s, "\xE3\x80\x80", 3) == 0) {
			s += 3, len -= 3;
		} else {
			break;
		}
	}
	for (;;) {
		if (len && (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\r' || s[len - 1] == '\n'))
			len--;
		else if (len >= 3 && memcmp(s + len - 3, "\xE3\x80\x80", 3) == 0)
			len -= 3;
		else
			break;
	}
	*n = len;
	return s;
}

/* Thousandths as a decimal: 1250 -> "1.25", 1000 -> "1", -500 -> "-0.5". */
static void decimal_text(int64_t v, char *out, size_t size)
{
	uint64_t a = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	unsigned frac = (unsigned)(a % 1000);
	if (frac == 0) {
		snprintf(out, size, "%s%" PRIu64, v < 0 ? "-" : "", a / 1000);
		return;
	}
	int digits = 3;
	while (frac % 10 == 0) {
		frac /= 10;
		digits--;
	}
	snprintf(out, size, "%s%" PRIu64 ".%0*u", v < 0 ? "-" : "", a / 1000, digits, frac);
}

/* An integer or decimal in text s (n bytes) with at most scale decimals, times 10^scale. -1 bad, -2 too precise. */
static int read_number(const char *s, size_t n, int scale, int64_t *out)
{
	size_t i = 0;
	bool neg = false;
	if (i < n && (s[i] == '-' || s[i] == '+'))
		neg = s[i++] == '-';
	uint64_t whole = 0, frac = 0;
	int intdigits = 0, decimals = 0;
	for (; i < n && s[i] >= '0' && s[i] <= '9'; i++) {
		if (++intdigits > 15)
			return -1;
		whole = whole * 10 + (uint64_t)(s[i] - '0');
	}
	if (i < n && s[i] == '.') {
		i++;
		for (; i < n && s[i] >= '0' && s[i] <= '9'; i++) {
			if (++decimals > scale) {
				if (s[i] != '0')
					return -2;
				continue;
			}
			frac = frac * 10 + (uint64_t)(s[i] - '0');
		}
		if (decimals == 0)
			return -1;
	}
	if (i != n || intdigits == 0)
		return -1;
	if (decimals > scale)
		decimals = scale;
	for (int k = decimals; k < scale; k++)
		frac *= 10;
	uint64_t unit = 1;
	for (int k = 0; k < scale; k++)
		unit *= 10;
	int64_t v = (int64_t)(whole * unit + frac);
	*out = neg ? -v : v;
	return 0;
}

__attribute__((format(printf, 3, 4))) static int refuse(char *reason, size_t size, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	if (size)
		vsnprintf(reason, size, fmt, ap);
	va_end(ap);
	return 1;
}

static int put(char *out, size_t outsz, const char *s, size_t n, char *reason, size_t reasonsz)
{
	if (n >= outsz)
		return refuse(reason, reasonsz, "太长");
	memcpy(out, s, n);
	out[n] = '\0';
	return 0;
}

static int bounds(const struct program_field *f, int64_t v, char *reason, size_t reasonsz)
{
	char lo[40], hi[40];
	if (f->type == PROGRAM_DECIMAL) {
		decimal_text(f->min, lo, sizeof lo);
		decimal_text(f->max, hi, sizeof hi);
	} else {
		snprintf(lo, sizeof lo, "%" PRId64, f->min);
		snprintf(hi, sizeof hi, "%" PRId64, f->max);
	}
	if ((f->has_min && v < f->min) || (f->has_max && v > f->max)) {
		if (f->has_min && f->has_max)
			return refuse(reason, reasonsz, "应在%s至%s之间", lo, hi);
		if (f->has_min)
			return refuse(reason, reasonsz, "不能小于%s", lo);
		return refuse(reason, reasonsz, "不能大于%s", hi);
	}
	return 0;
}

int program_value(const struct program_field *f, const char *in_text, char *out, size_t outsz, char *reason,
		  size_t reasonsz)
{
	size_t n;
	const char *s = trim(in_text ? in_text : "", &n);
	char copy[256], buf[48];
	if (reasonsz)
		reason[0] = '\0';
	if (n == 0)
		return refuse(reason, reasonsz, "不能为空");
	if (f->type != PROGRAM_TEXT && n >= sizeof copy)
		return refuse(reason, reasonsz, "太长");
	if (f->type != PROGRAM_TEXT) {
		memcpy(copy, s, n);
		copy[n] = '\0';
	}
	switch (f->type) {
	case PROGRAM_DATE: {
		struct date d;
		if (date_parse(copy, &d) < 0)
			return refuse(reason, reasonsz, "应为日期，如2024-04-13");
		date_format(d, buf);
		return put(out, outsz, buf, strlen(buf), reason, reasonsz);
	}
	case PROGRAM_INTEGER:
	case PROGRAM_DECIMAL: {
		int64_t v;
		bool dec = f->type == PROGRAM_DECIMAL;
		int rc = read_number(copy, n, dec ? 3 : 0, &v);
		if (rc == -2 || (rc == 0 && !dec && strchr(copy, '.')))
			return refuse(reason, reasonsz, dec ? "最多3位小数" : "应为整数");
		if (rc < 0)
			return refuse(reason, reasonsz, dec ? "应为数，如1.25" : "应为整数");
		if (bounds(f, v, reason, reasonsz))
			return 1;
		snprintf(buf, sizeof buf, "%" PRId64, v);
		return put(out, outsz, buf, strlen(buf), reason, reasonsz);
	}
	case PROGRAM_TEXT: {
		char *t = xstrndup(s, n);
		int rc = 0;
		if (!utf8_valid(t, n))
			rc = refuse(reason, reasonsz, "含有无法识别的字符");
		else if (utf8_has_control(t))
			rc = refuse(reason, reasonsz, "不能有换行、制表符等控制字符");
		else if (f->has_max && (int64_t)utf8_length(t) > f->max)
			rc = refuse(reason, reasonsz, "最多%" PRId64 "个字", f->max);
		else
			rc = put(out, outsz, t, n, reason, reasonsz);
		free(t);
		return rc;
	}
	case PROGRAM_CHOICE: {
		for (size_t i = 0; i < f->nchoices; i++)
			if (strcmp(copy, f->choices[i].key) == 0 || strcmp(copy, f->choices[i].label) == 0)
				return put(out, outsz, f->choices[i].key, strlen(f->choices[i].key), reason, reasonsz);
		char list[600];
		size_t len = 0;
		list[0] = '\0';
		for (size_t i = 0; i < f->nchoices; i++) {
			int k = snprintf(list + len, sizeof list - len, "%s%s", i ? "、" : "", f->choices[i].label);
			if (k < 0 || (size_t)k >= sizeof list - len)
				break;
			len += (size_t)k;
		}
		return refuse(reason, reasonsz, "应为以下之一：%s", list);
	}
	case PROGRAM_ACUITY: {
		int64_t v;
		enum acuity_status st = acuity_parse(copy, &v);
		if (st != ACUITY_OK)
			return refuse(reason, reasonsz, "%s", acuity_reason(st));
		snprintf(buf, sizeof buf, "%" PRId64, v);
		return put(out, outsz, buf, strlen(buf), reason, reasonsz);
	}
	case PROGRAM_BOOL: {
		static const char *const yes[] = { "true", "是", "1", "yes", "有", NULL };
		static const char *const no[] = { "false", "否", "0", "no", "无", NULL };
		if (in(yes, copy))
			return put(out, outsz, "true", 4, reason, reasonsz);
		if (in(no, copy))
			return put(out, outsz, "false", 5, reason, reasonsz);
		return refuse(reason, reasonsz, "应为“是”或“否”");
	}
	case PROGRAM_FIELD_TYPE__MAX:
		break;
	}
	return refuse(reason, reasonsz, "字段类型不对");
}

void program_value_text(const struct program_field *f, const char *stored, char *out, size_t outsz)
{
	char buf[48];
	const char *s = stored ? stored : "";
	if (outsz == 0)
		return;
	switch (f->type) {
	case PROGRAM_CHOICE:
		for (size_t i = 0; i < f->nchoices; i++)
			if (strcmp(s, f->choices[i].key) == 0) {
				s = f->choices[i].label;
				break;
			}
		break;
	case PROGRAM_BOOL:
		if (strcmp(s, "true") == 0)
			s = "是";
		else if (strcmp(s, "false") == 0)
			s = "否";
		break;
	case PROGRAM_ACUITY:
	case PROGRAM_DECIMAL: {
		int64_t v;
		if (*s && read_number(s, strlen(s), 0, &v) == 0) {
			if (f->type == PROGRAM_ACUITY)
				acuity_format(v, buf, sizeof buf);
			else
				decimal_text(v, buf, sizeof buf);
			s = buf;
		}
		break;
	}
	case PROGRAM_DATE:
	case PROGRAM_INTEGER:
	case PROGRAM_TEXT:
	case PROGRAM_FIELD_TYPE__MAX:
		break;
	}
	if (s != out)
		snprintf(out, outsz, "%s", s);
}

/* Storage */

static const char SQL_FIND[] = "SELECT definition FROM program WHERE code = ? AND version = ?";
static const char SQL_NEWEST[] = "SELECT max(version) FROM program WHERE code = ?";
static const char SQL_INSERT[] =
	"INSERT INTO program (code, version, name, definition, loaded_at, loaded_by) VALUES (?, ?, ?, ?, ?, ?)";
static const char SQL_LIST[] = "SELECT p.code, p.name, p.version FROM program p"
			       " WHERE p.version = (SELECT max(q.version) FROM program q WHERE q.code = p.code)"
			       " ORDER BY p.code";

/* The stored text of (code, version) into *out (the caller frees it): 1, 0 none, -1 error. */
static int stored_text(struct db *db, const char *code, int version, char **out, struct error *err)
{
	struct db_stmt *st;
	*out = NULL;
	if (db_prepare(db, SQL_FIND, &st, err) < 0)
		return -1;
	db_bind_text(st, 1, code);
	db_bind_int(st, 2, version);
	int rc = db_step(st, err);
	if (rc == DB_ROW)
		*out = xstrdup(db_col_text(st, 0));
	db_done(st);
	return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
}

int program_store(struct db *db, const char *def, size_t len, const char *user_name, struct error *err)
{
	struct buf problems = BUF_INIT(64 * 1024);
	struct program *p;
	if (program_parse(def, len, &p, &problems) < 0) {
		const char *s = buf_cstr(&problems);
		int n = (int)strcspn(s, "\n");
		error_set(err, "定义有错误，没有载入：%.*s", n, s);
		buf_release(&problems);
		return -1;
	}
	buf_release(&problems);
	if (memchr(def, '\0', len)) {
		program_free(p);
		return error_set(err, "定义文件中不能有 NUL 字符");
	}
	char *copy = xstrndup(def, len);
	char *old = NULL;
	int rc = -1;
	for (int attempt = 0; attempt < 2 && rc == -1; attempt++) {
		int found = stored_text(db, p->code, p->version, &old, err);
		if (found < 0)
			break;
		if (found == 1) {
			rc = strlen(old) == len && memcmp(old, def, len) == 0 ? 0 : 1;
			if (rc == 1)
				error_set(err, "%s 第%d版已经载入过，内容不同；版本一经载入不能修改，请把 version 改为新的版本号",
					  p->code, p->version);
			break;
		}
		struct db_stmt *st;
		char now[STAMP_SIZE];
		stamp_now(now);
		if (db_prepare(db, SQL_INSERT, &st, err) < 0)
			break;
		db_bind_text(st, 1, p->code);
		db_bind_int(st, 2, p->version);
		db_bind_text(st, 3, p->name);
		db_bind_text(st, 4, copy);
		db_bind_text(st, 5, now);
		db_bind_text(st, 6, user_name ? user_name : "");
		int step = db_step(st, err);
		db_done(st);
		if (step == DB_DONE)
			rc = 0;
		else if (step != DB_CONFLICT)
			break;
		/* Someone stored it meanwhile: compare with theirs. */
	}
	free(old);
	free(copy);
	program_free(p);
	return rc;
}

/* The cache of parsed definitions: never freed, so that callers may keep the pointers. */
struct cached {
	struct cached *next;
	char *path;
	char code[PROGRAM_KEY_MAX + 1];
	int version;
	struct program *p;
};

static pthread_mutex_t cache_mu = PTHREAD_MUTEX_INITIALIZER;
static struct cached *cache;

static const struct program *cache_find(const char *path, const char *code, int version)
{
	const struct program *p = NULL;
	pthread_mutex_lock(&cache_mu);
	for (struct cached *e = cache; e; e = e->next)
		if (e->version == version && strcmp(e->code, code) == 0 && strcmp(e->path, path) == 0) {
			p = e->p;
			break;
		}
	pthread_mutex_unlock(&cache_mu);
	return p;
}

/* Adds p (or, when another thread was first, frees it) and returns the cached one. */
static const struct program *cache_add(const char *path, const char *code, int version, struct program *p)
{
	const struct program *kept = NULL;
	pthread_mutex_lock(&cache_mu);
	for (struct cached *e = cache; e; e = e->next)
		if (e->version == version && strcmp(e->code, code) == 0 && strcmp(e->path, path) == 0) {
			kept = e->p;
			break;
		}
	if (!kept) {
		struct cached *e = xcalloc(1, sizeof *e);
		e->path = xstrdup(path);
		snprintf(e->code, sizeof e->code, "%s", code);
		e->version = version;
		e->p = p;
		e->next = cache;
		cache = e;
		kept = p;
		p = NULL;
	}
	pthread_mutex_unlock(&cache_mu);
	program_free(p);
	return kept;
}

int program_get(struct db *db, const char *code, int version, const struct program **out, struct error *err)
{
	*out = NULL;
	if (!code || !key_ok(code) || version < 0)
		return 0;
	if (version == 0) {
		struct db_stmt *st;
		if (db_prepare(db, SQL_NEWEST, &st, err) < 0)
			return -1;
		db_bind_text(st, 1, code);
		int rc = db_step(st, err);
		if (rc == DB_ROW && !db_col_null(st, 0))
			version = (int)db_col_int(st, 0);
		db_done(st);
		if (rc < 0)
			return -1;
		if (version == 0)
			return 0;
	}
	const char *path = db_path(db);
	if ((*out = cache_find(path, code, version)))
		return 1;
	char *def;
	int found = stored_text(db, code, version, &def, err);
	if (found <= 0)
		return found;
	struct buf problems = BUF_INIT(64 * 1024);
	struct program *p;
	int rc = program_parse(def, strlen(def), &p, &problems);
	if (rc < 0) {
		const char *s = buf_cstr(&problems);
		error_set(err, "stored program %s version %d does not parse: %.*s", code, version,
			  (int)strcspn(s, "\n"), s);
	}
	buf_release(&problems);
	free(def);
	if (rc < 0)
		return -1;
	if (strcmp(p->code, code) != 0 || p->version != version) {
		program_free(p);
		return error_set(err, "stored program %s version %d names itself otherwise", code, version);
	}
	*out = cache_add(path, code, version, p);
	return 1;
}

int program_list(struct db *db, void (*fn)(void *ctx, const char *code, const char *name, int version), void *ctx,
		 struct error *err)
{
	struct db_stmt *st;
	int rc;
	if (db_prepare(db, SQL_LIST, &st, err) < 0)
		return -1;
	while ((rc = db_step(st, err)) == DB_ROW)
		fn(ctx, db_col_text(st, 0), db_col_text(st, 1), (int)db_col_int(st, 2));
	db_done(st);
	return rc == DB_DONE ? 0 : -1;
}

/* Forms (questionnaires outside any project) */

void program_form_free(struct program_form *f)
{
	if (!f)
		return;
	for (size_t i = 0; i < f->nfields; i++)
		free(f->fields[i].choices);
	free(f->fields);
	free(f->required);
	free(f);
}

int program_form_field_index(const struct program_form *f, const char *k)
{
	for (size_t i = 0; k && i < f->nfields; i++)
		if (strcmp(f->fields[i].key, k) == 0)
			return (int)i;
	return -1;
}

int program_form_parse(const char *def, size_t len, struct program_form **out, struct buf *problems)
{
	static const char *const keys[] = { "code", "name", "version", "fields", "required", NULL };
	struct check c = { problems, 0 };
	*out = NULL;
	if (len > PROGRAM_FILE_MAX) {
		problem(&c, "", "文件太大：定义文件最大%uKB", PROGRAM_FILE_MAX / 1024);
		return -1;
	}
	if (len >= 3 && memcmp(def, "\xEF\xBB\xBF", 3) == 0) {
		def += 3;
		len -= 3;
	}
	json_error_t jerr;
	json_t *root = json_loadb(def, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!root) {
		syntax_problem(&c, &jerr);
		return -1;
	}
	/* The fields are read by the projects' own parser, on a program without stages. */
	struct program *p = xcalloc(1, sizeof *p);
	struct program_form *f = xcalloc(1, sizeof *f);
	if (object(&c, root, "", keys, NULL, NULL)) {
		long long version = 0;
		key(&c, root, "", "code", true, f->code);
		text(&c, root, "", "name", PROGRAM_LABEL_MAX, f->name, sizeof f->name);
		if (integer(&c, root, "", "version", true, 1, VERSION_MAX, &version) == 1)
			f->version = (int)version;
		if (array(&c, root, "", "fields", true, 1, PROGRAM_LIST_MAX))
			parse_fields(&c, root, p);
		f->fields = p->fields;
		f->nfields = p->nfields;
		p->fields = NULL;
		p->nfields = 0;
		f->required = xcalloc(f->nfields ? f->nfields : 1, sizeof *f->required);
		json_t *req = array(&c, root, "", "required", false, 0, PROGRAM_LIST_MAX);
		for (size_t i = 0; req && i < json_array_size(req); i++) {
			char ip[PATH_MAX_];
			item(ip, "required", i);
			json_t *v = json_array_get(req, i);
			int k = json_is_string(v) ? program_form_field_index(f, json_string_value(v)) : -1;
			if (!json_is_string(v))
				problem(&c, ip, "应为字段的键（带双引号的文字）");
			else if (k < 0)
				problem(&c, ip, "没有名为 %s 的字段", json_string_value(v));
			else if (f->required[k])
				problem(&c, ip, "“%s”重复", json_string_value(v));
			else
				f->required[k] = true;
		}
	}
	json_decref(root);
	program_free(p);
	if (c.count > 0) {
		program_form_free(f);
		return -1;
	}
	*out = f;
	return 0;
}
