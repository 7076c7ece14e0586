#include "domain/report-template.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/msg.h"
#include "base/utf8.h"
#include "base/xalloc.h"

#define PROBLEMS_MAX 50 /* mistakes reported of one file */

/* The document */

void report_doc_release(struct report_doc *d)
{
	for (size_t i = 0; i < d->n; i++) {
		for (size_t k = 0; k < d->blocks[i].nspans; k++)
			free(d->blocks[i].spans[k].text);
		free(d->blocks[i].spans);
	}
	free(d->blocks);
	memset(d, 0, sizeof *d);
}

static struct report_block *new_block(struct report_doc *d, enum report_block_kind kind)
{
	if (d->n == d->alloc) {
		d->alloc = d->alloc ? 2 * d->alloc : 16;
		d->blocks = xrealloc(d->blocks, d->alloc * sizeof *d->blocks);
	}
	struct report_block *b = &d->blocks[d->n++];
	memset(b, 0, sizeof *b);
	b->kind = kind;
	return b;
}

static void add_span(struct report_block *b, const char *text, size_t len, const struct report_link *link)
{
	if (!len)
		return;
	/* Plain text next to plain text is one span. */
	if (!link && b->nspans && !b->spans[b->nspans - 1].figure) {
		struct report_span *s = &b->spans[b->nspans - 1];
		size_t old = strlen(s->text);
		s->text = xrealloc(s->text, old + len + 1);
		memcpy(s->text + old, text, len);
		s->text[old + len] = '\0';
		return;
	}
	b->spans = xrealloc(b->spans, (b->nspans + 1) * sizeof *b->spans);
	struct report_span *s = &b->spans[b->nspans++];
	memset(s, 0, sizeof *s);
	s->text = xmalloc(len + 1);
	memcpy(s->text, text, len);
	s->text[len] = '\0';
	if (link) {
		s->figure = true;
		s->link = *link;
	}
}

void report_doc_add(struct report_doc *d, enum report_block_kind kind, const char *text)
{
	struct report_block *b = new_block(d, kind);
	add_span(b, text, strlen(text), NULL);
}

int report_block_text(const struct report_block *b, struct buf *out)
{
	for (size_t i = 0; i < b->nspans; i++)
		if (buf_addstr(out, b->spans[i].text) < 0)
			return -1;
	return 0;
}

/* Figures */

void report_vars_release(struct report_vars *vs)
{
	for (size_t i = 0; i < vs->n; i++) {
		free(vs->v[i].text);
		free(vs->v[i].missing);
	}
	free(vs->v);
	memset(vs, 0, sizeof *vs);
}

static struct report_var *slot(struct report_vars *vs, const char *name)
{
	for (size_t i = 0; i < vs->n; i++)
		if (strcmp(vs->v[i].name, name) == 0) {
			free(vs->v[i].text);
			free(vs->v[i].missing);
			struct report_var *v = &vs->v[i];
			memset(v, 0, sizeof *v);
			snprintf(v->name, sizeof v->name, "%s", name);
			return v;
		}
	if (vs->n == vs->alloc) {
		vs->alloc = vs->alloc ? 2 * vs->alloc : 32;
		vs->v = xrealloc(vs->v, vs->alloc * sizeof *vs->v);
	}
	struct report_var *v = &vs->v[vs->n++];
	memset(v, 0, sizeof *v);
	snprintf(v->name, sizeof v->name, "%s", name);
	return v;
}

void report_vars_set(struct report_vars *vs, const char *name, const char *text, bool truthy,
                     const struct report_link *link)
{
	struct report_var *v = slot(vs, name);
	v->has = true;
	v->truthy = truthy;
	v->text = xstrdup(text);
	if (link)
		v->link = *link;
}

void report_vars_count(struct report_vars *vs, const char *name, long long n, const struct report_link *link)
{
	char text[32];
	snprintf(text, sizeof text, "%lld", n);
	report_vars_set(vs, name, text, n != 0, link);
}

void report_vars_missing(struct report_vars *vs, const char *name, const char *reason)
{
	struct report_var *v = slot(vs, name);
	v->missing = xstrdup(reason);
}

const struct report_var *report_vars_get(const struct report_vars *vs, const char *name)
{
	for (size_t i = 0; i < vs->n; i++)
		if (strcmp(vs->v[i].name, name) == 0)
			return &vs->v[i];
	return NULL;
}

/* Templates */

enum line_kind { LINE_TEXT, LINE_H1, LINE_H2, LINE_BREAK };

struct piece {
	bool var;
	char *text; /* the literal text, or the figure's name */
};

struct tline {
	enum line_kind kind;
	int lineno;
	char cond[REPORT_NAME_MAX + 1]; /* "" none */
	bool negate;
	struct piece *pieces;
	size_t npieces;
};

struct tsection {
	char key[REPORT_KEY_MAX + 1];
	int lineno;
	struct tline *lines;
	size_t nlines;
};

struct report_template {
	struct tsection *sections;
	size_t nsections;
};

/*
 * The sections and the figures each may use (besides year, area and
 * county, which every section has). A family with suffix also takes
 * "key:CODE"; dotted families take count.KEY first.KEY last.KEY days.KEY.
 */
static const char *const project_names[] = {
    "number",       "project",    "unit",       "target",     "achieved",
    "target_label", "over",       "short",      "completion", "target_urban",
    "target_rural", "urban",      "rural",      "applicants", "applicants_label",
    "success_rate", "success",    "success_of", "paid",       "budget",
    "townships",    "milestones", NULL};
static const char *const line_names[] = {
    "number",          "line",     "targets",     "milestones", "survey_start",
    "survey_end",      "villages", "drawn",       "complete",   "roster",
    "recorded",        "visited",  "visit_rate",  "classes",    "classes_employment",
    "classes_massage", "trainees", "support",     "services",   "rehab_persons",
    "collected",       "due",      "enterprises", NULL};
static const char *const target_names[] = {"number", "name",  "line",       "value",  "unit",     "achieved",
                                           "over",   "short", "completion", "status", "deadline", NULL};
static const char *const targets_names[] = {
    "targets", "targets_done", "targets_over", "targets_normal", "targets_lagging", "targets_overdue", NULL};
static const char *const projects_names[] = {"projects", "project_count", NULL};
static const char *const milestone_names[] = {"date", "title", NULL};
static const char *const nodata_names[] = {"reason", NULL};
static const char *const no_names[] = {NULL};

static const struct family {
	const char *key;
	bool suffix, dotted, common;
	const char *const *names;
} families[] = {
    {"title", false, false, true, no_names},
    {"opening", false, false, true, no_names},
    {"projects", false, false, true, projects_names},
    {"project", true, true, true, project_names},
    {"milestone", false, false, true, milestone_names},
    {"targets", false, false, true, targets_names},
    {"line", true, false, true, line_names},
    {"target", false, false, true, target_names},
    {"closing", false, false, true, no_names},
    {"nodata", false, false, false, nodata_names},
};
static const char *const required[] = {"title", "project", "line", "target"};
static const char *const common_names[] = {"year", "area", "county", NULL};
static const char *const dotted_prefixes[] = {"count.", "first.", "last.", "days.", NULL};

static bool is_key_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

static bool all_key_chars(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!is_key_char(s[i]))
			return false;
	return true;
}

/* The family of section key ("project:cataract" is project's), or NULL. */
static const struct family *family_of(const char *key)
{
	const char *colon = strchr(key, ':');
	size_t klen = colon ? (size_t)(colon - key) : strlen(key);
	for (size_t i = 0; i < sizeof families / sizeof families[0]; i++) {
		const struct family *f = &families[i];
		if (strlen(f->key) != klen || strncmp(f->key, key, klen) != 0)
			continue;
		if (!colon)
			return f;
		size_t slen = strlen(colon + 1);
		if (f->suffix && slen >= 1 && slen <= PROGRAM_KEY_MAX && all_key_chars(colon + 1, slen))
			return f;
		return NULL;
	}
	return NULL;
}

static bool in_list(const char *const *list, const char *name)
{
	for (size_t i = 0; list[i]; i++)
		if (strcmp(list[i], name) == 0)
			return true;
	return false;
}

/* Whether name is a figure sections of family f may use. */
static bool name_known(const struct family *f, const char *name)
{
	if (in_list(f->names, name) || (f->common && in_list(common_names, name)))
		return true;
	for (size_t i = 0; f->dotted && dotted_prefixes[i]; i++) {
		size_t plen = strlen(dotted_prefixes[i]);
		if (strncmp(name, dotted_prefixes[i], plen) != 0)
			continue;
		size_t rest = strlen(name + plen);
		return rest >= 1 && rest <= PROGRAM_KEY_MAX && all_key_chars(name + plen, rest);
	}
	return false;
}

static bool is_name_char(char c)
{
	return is_key_char(c) || c == '.';
}

struct parser {
	struct report_template *t;
	struct buf *problems;
	int nproblems;
	const struct family *family; /* of the current section */
};

__attribute__((format(printf, 2, 3))) static void problem(struct parser *ps, const char *fmt, ...)
{
	if (ps->nproblems++ >= PROBLEMS_MAX)
		return;
	va_list ap;
	va_start(ap, fmt);
	int rc = buf_vaddf(ps->problems, fmt, ap);
	va_end(ap);
	if (rc < 0 || buf_addch(ps->problems, '\n') < 0)
		ps->nproblems = PROBLEMS_MAX + 1;
}

static void free_line(struct tline *l)
{
	for (size_t i = 0; i < l->npieces; i++)
		free(l->pieces[i].text);
	free(l->pieces);
}

void report_template_free(struct report_template *t)
{
	if (!t)
		return;
	for (size_t s = 0; s < t->nsections; s++) {
		for (size_t i = 0; i < t->sections[s].nlines; i++)
			free_line(&t->sections[s].lines[i]);
		free(t->sections[s].lines);
	}
	free(t->sections);
	free(t);
}

static void add_piece(struct tline *l, bool var, const char *text, size_t len)
{
	if (!len)
		return;
	if (!var && l->npieces && !l->pieces[l->npieces - 1].var) {
		struct piece *p = &l->pieces[l->npieces - 1];
		size_t old = strlen(p->text);
		p->text = xrealloc(p->text, old + len + 1);
		memcpy(p->text + old, text, len);
		p->text[old + len] = '\0';
		for (char *c = p->text + old; *c; c++)
			if (*c == '\t')
				*c = ' ';
		return;
	}
	l->pieces = xrealloc(l->pieces, (l->npieces + 1) * sizeof *l->pieces);
	struct piece *p = &l->pieces[l->npieces++];
	p->var = var;
	p->text = xmalloc(len + 1);
	memcpy(p->text, text, len);
	p->text[len] = '\0';
	/* A tab typed inside a sentence is a space in the report. */
	for (char *c = p->text; *c; c++)
		if (*c == '\t')
			*c = ' ';
}

/* Splits s (n bytes) into the pieces of l; a mistake is reported and 0 returned. 1 done. */
static int pieces(struct parser *ps, struct tline *l, const char *s, size_t n)
{
	size_t i = 0, start = 0;
	char literal[2] = "";
	while (i < n) {
		if (s[i] == '{' && i + 1 < n && s[i + 1] == '{') {
			add_piece(l, false, s + start, i - start);
			literal[0] = '{';
			add_piece(l, false, literal, 1);
			i += 2;
			start = i;
		} else if (s[i] == '}' && i + 1 < n && s[i + 1] == '}') {
			add_piece(l, false, s + start, i - start);
			literal[0] = '}';
			add_piece(l, false, literal, 1);
			i += 2;
			start = i;
		} else if (s[i] == '}') {
			problem(ps, msg(MSG_TPL_STRAY_BRACE), l->lineno);
			return 0;
		} else if (s[i] == '{') {
			size_t j = i + 1;
			while (j < n && is_name_char(s[j]))
				j++;
			if (j >= n || s[j] != '}' || j == i + 1 || j - i - 1 > REPORT_NAME_MAX) {
				problem(ps, msg(MSG_TPL_BRACE), l->lineno);
				return 0;
			}
			char name[REPORT_NAME_MAX + 1];
			snprintf(name, sizeof name, "%.*s", (int)(j - i - 1), s + i + 1);
			if (!name_known(ps->family, name)) {
				problem(ps, msg(MSG_TPL_NAME_UNKNOWN), l->lineno, ps->family->key, name);
				return 0;
			}
			add_piece(l, false, s + start, i - start);
			add_piece(l, true, name, strlen(name));
			i = j + 1;
			start = i;
		} else {
			i++;
		}
		if (l->npieces > REPORT_TEMPLATE_PIECES_MAX) {
			problem(ps, msg(MSG_TPL_PIECES), l->lineno, REPORT_TEMPLATE_PIECES_MAX);
			return 0;
		}
	}
	add_piece(l, false, s + start, n - start);
	return 1;
}

static bool space_at(const char *s, size_t n, size_t i, size_t *width)
{
	if (i < n && (s[i] == ' ' || s[i] == '\t')) {
		*width = 1;
		return true;
	}
	/* U+3000 ideographic space, as typed on a Chinese keyboard. */
	if (i + 3 <= n && memcmp(s + i, "\xe3\x80\x80", 3) == 0) {
		*width = 3;
		return true;
	}
	return false;
}

/* s (n bytes) without the spaces around it. */
static void trim(const char **s, size_t *n)
{
	size_t w;
	while (*n && space_at(*s, *n, 0, &w)) {
		*s += w;
		*n -= w;
	}
	while (*n && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t' || (*s)[*n - 1] == '\r'))
		(*n)--;
	while (*n >= 3 && memcmp(*s + *n - 3, "\xe3\x80\x80", 3) == 0)
		*n -= 3;
}

static struct tsection *current(struct report_template *t)
{
	return t->nsections ? &t->sections[t->nsections - 1] : NULL;
}

static void section_line(struct parser *ps, int lineno, const char *s, size_t n)
{
	struct tsection *sec = current(ps->t);
	if (n && s[0] == '[') {
		if (n < 3 || s[n - 1] != ']' || n - 2 > REPORT_KEY_MAX) {
			problem(ps, msg(MSG_TPL_SECTION_SYNTAX), lineno);
			ps->family = NULL;
			return;
		}
		char key[REPORT_KEY_MAX + 1];
		snprintf(key, sizeof key, "%.*s", (int)(n - 2), s + 1);
		const struct family *f = family_of(key);
		if (!f) {
			problem(ps, msg(MSG_TPL_SECTION_UNKNOWN), lineno, key);
			ps->family = NULL;
			return;
		}
		for (size_t i = 0; i < ps->t->nsections; i++)
			if (strcmp(ps->t->sections[i].key, key) == 0) {
				problem(ps, msg(MSG_TPL_SECTION_TWICE), lineno, key, ps->t->sections[i].lineno);
				ps->family = NULL;
				return;
			}
		if (ps->t->nsections == REPORT_TEMPLATE_SECTIONS_MAX) {
			problem(ps, msg(MSG_TPL_TOO_MANY), lineno, REPORT_TEMPLATE_SECTIONS_MAX,
			        REPORT_TEMPLATE_LINES_MAX);
			ps->family = NULL;
			return;
		}
		ps->t->sections = xrealloc(ps->t->sections, (ps->t->nsections + 1) * sizeof *ps->t->sections);
		sec = &ps->t->sections[ps->t->nsections++];
		memset(sec, 0, sizeof *sec);
		snprintf(sec->key, sizeof sec->key, "%s", key);
		sec->lineno = lineno;
		ps->family = f;
		return;
	}
	if (!ps->family) {
		/* Text under a section that was refused: that mistake is reported already. */
		if (!sec)
			problem(ps, msg(MSG_TPL_OUTSIDE), lineno);
		return;
	}
	if (sec->nlines == REPORT_TEMPLATE_LINES_MAX) {
		problem(ps, msg(MSG_TPL_TOO_MANY), lineno, REPORT_TEMPLATE_SECTIONS_MAX, REPORT_TEMPLATE_LINES_MAX);
		return;
	}
	struct tline l;
	memset(&l, 0, sizeof l);
	l.lineno = lineno;
	l.kind = LINE_TEXT;
	if (n == 0) {
		l.kind = LINE_BREAK;
	} else if (s[0] == '=') {
		size_t level = n > 1 && s[1] == '=' ? 2 : 1;
		l.kind = level == 2 ? LINE_H2 : LINE_H1;
		s += level;
		n -= level;
		trim(&s, &n);
	} else if (s[0] == '@') {
		size_t i = 1, w = 0;
		if (i < n && s[i] == '!') {
			l.negate = true;
			i++;
		}
		size_t start = i;
		while (i < n && is_name_char(s[i]))
			i++;
		if (i == start || i - start > REPORT_NAME_MAX || !space_at(s, n, i, &w)) {
			problem(ps, msg(MSG_TPL_COND_SYNTAX), lineno);
			return;
		}
		snprintf(l.cond, sizeof l.cond, "%.*s", (int)(i - start), s + start);
		if (!name_known(ps->family, l.cond)) {
			problem(ps, msg(MSG_TPL_NAME_UNKNOWN), lineno, ps->family->key, l.cond);
			return;
		}
		s += i;
		n -= i;
		trim(&s, &n);
		if (n == 0) {
			problem(ps, msg(MSG_TPL_COND_SYNTAX), lineno);
			return;
		}
	}
	if (l.kind != LINE_BREAK && !pieces(ps, &l, s, n)) {
		free_line(&l);
		return;
	}
	sec->lines = xrealloc(sec->lines, (sec->nlines + 1) * sizeof *sec->lines);
	sec->lines[sec->nlines++] = l;
}

int report_template_parse(const char *text, size_t len, struct report_template **out, struct buf *problems)
{
	*out = NULL;
	struct parser ps = {xcalloc(1, sizeof(struct report_template)), problems, 0, NULL};
	if (len > REPORT_TEMPLATE_MAX) {
		problem(&ps, msg(MSG_TPL_TOO_LARGE), (int)REPORT_TEMPLATE_MAX);
		report_template_free(ps.t);
		return -1;
	}
	/* A byte-order mark, as Windows Notepad writes it, is not text. */
	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0) {
		text += 3;
		len -= 3;
	}
	int lineno = 0;
	size_t pos = 0;
	while (pos < len) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t end = nl ? (size_t)(nl - text) : len;
		const char *s = text + pos;
		size_t n = end - pos;
		pos = end + 1;
		lineno++;
		if (n > REPORT_TEMPLATE_LINE_MAX) {
			problem(&ps, msg(MSG_TPL_LINE_LONG), lineno, REPORT_TEMPLATE_LINE_MAX);
			continue;
		}
		if (!utf8_valid(s, n) || memchr(s, '\0', n)) {
			problem(&ps, msg(MSG_TPL_ENCODING), lineno);
			continue;
		}
		trim(&s, &n);
		bool control = false;
		for (size_t i = 0; i < n; i++)
			control = control || ((unsigned char)s[i] < 0x20 && s[i] != '\t') || s[i] == 0x7f;
		if (control) {
			problem(&ps, msg(MSG_TPL_ENCODING), lineno);
			continue;
		}
		if (n && s[0] == '#')
			continue;
		if (n == 0 && !current(ps.t))
			continue;
		section_line(&ps, lineno, s, n);
	}
	for (size_t i = 0; i < sizeof required / sizeof required[0]; i++)
		if (!report_template_has(ps.t, required[i]))
			problem(&ps, msg(MSG_TPL_MISSING), required[i]);
	if (ps.nproblems) {
		report_template_free(ps.t);
		return -1;
	}
	*out = ps.t;
	return 0;
}

static const struct tsection *find(const struct report_template *t, const char *key)
{
	for (size_t i = 0; key && i < t->nsections; i++)
		if (strcmp(t->sections[i].key, key) == 0)
			return &t->sections[i];
	return NULL;
}

bool report_template_has(const struct report_template *t, const char *key)
{
	return find(t, key) != NULL;
}

bool report_template_uses(const struct report_template *t, const char *key, const char *prefix)
{
	const struct tsection *s = find(t, key);
	size_t plen = strlen(prefix);
	for (size_t i = 0; s && i < s->nlines; i++) {
		if (strncmp(s->lines[i].cond, prefix, plen) == 0 && s->lines[i].cond[0])
			return true;
		for (size_t k = 0; k < s->lines[i].npieces; k++)
			if (s->lines[i].pieces[k].var && strncmp(s->lines[i].pieces[k].text, prefix, plen) == 0)
				return true;
	}
	return false;
}

/* Rendering */

struct render {
	const struct report_template *t;
	const struct report_vars *vars;
	enum report_block_kind text_kind;
	struct report_doc *d;
	long para; /* index of the open paragraph, -1 none */
};

/* Why line l cannot be written with the figures (the first figure without data), or NULL when it can. */
static const char *missing_of(const struct tline *l, const struct report_vars *vars, char *buf, size_t size)
{
	for (size_t i = 0; i < l->npieces; i++) {
		if (!l->pieces[i].var)
			continue;
		const struct report_var *v = report_vars_get(vars, l->pieces[i].text);
		if (!v) {
			snprintf(buf, size, msg(MSG_REPORT_NO_FIGURE), l->pieces[i].text);
			return buf;
		}
		if (!v->has)
			return v->missing ? v->missing : "";
	}
	return NULL;
}

static void spans_of(const struct tline *l, const struct report_vars *vars, struct report_block *b)
{
	for (size_t i = 0; i < l->npieces; i++) {
		if (!l->pieces[i].var) {
			add_span(b, l->pieces[i].text, strlen(l->pieces[i].text), NULL);
			continue;
		}
		const struct report_var *v = report_vars_get(vars, l->pieces[i].text);
		add_span(b, v->text, strlen(v->text), &v->link);
	}
}

/* The [nodata] sentence for reason, into b. */
static void nodata(const struct report_template *t, const char *reason, struct report_block *b)
{
	const struct tsection *s = find(t, "nodata");
	bool any = false;
	for (size_t i = 0; s && i < s->nlines; i++)
		if (s->lines[i].kind == LINE_TEXT && !s->lines[i].cond[0]) {
			for (size_t k = 0; k < s->lines[i].npieces; k++) {
				const struct piece *p = &s->lines[i].pieces[k];
				const char *text = p->var ? reason : p->text;
				add_span(b, text, strlen(text), NULL);
			}
			any = true;
		}
	if (!any) {
		char text[600];
		snprintf(text, sizeof text, msg(MSG_REPORT_NODATA), reason);
		add_span(b, text, strlen(text), NULL);
	}
}

static void render_line(struct render *r, const struct tline *l)
{
	if (l->kind == LINE_BREAK) {
		r->para = -1;
		return;
	}
	if (l->cond[0]) {
		const struct report_var *v = report_vars_get(r->vars, l->cond);
		bool holds = v && v->has && v->truthy;
		if (holds == l->negate)
			return;
	}
	struct report_block *b;
	if (l->kind == LINE_TEXT) {
		if (r->para < 0) {
			new_block(r->d, r->text_kind);
			r->para = (long)r->d->n - 1;
		}
		b = &r->d->blocks[r->para];
	} else {
		r->para = -1;
		b = new_block(r->d, l->kind == LINE_H1 ? REPORT_H1 : REPORT_H2);
	}
	char buf[200];
	const char *why = missing_of(l, r->vars, buf, sizeof buf);
	if (why)
		nodata(r->t, why, b);
	else
		spans_of(l, r->vars, b);
}

void report_template_render(const struct report_template *t, const char *key, const char *fallback,
                            const struct report_vars *vars, enum report_block_kind text_kind, struct report_doc *d)
{
	const struct tsection *s = find(t, key);
	if (!s)
		s = find(t, fallback);
	if (!s)
		return;
	struct render r = {t, vars, text_kind, d, -1};
	for (size_t i = 0; i < s->nlines; i++)
		render_line(&r, &s->lines[i]);
	/* A paragraph that got no sentence (all of them conditions that did not hold) is dropped. */
	size_t keep = 0;
	for (size_t i = 0; i < d->n; i++) {
		if (d->blocks[i].nspans == 0) {
			free(d->blocks[i].spans);
			continue;
		}
		d->blocks[keep++] = d->blocks[i];
	}
	d->n = keep;
}

void report_template_render_headings(const struct report_template *t, const char *key, const char *fallback,
                                     const struct report_vars *vars, struct report_doc *d)
{
	const struct tsection *s = find(t, key);
	if (!s)
		s = find(t, fallback);
	struct render r = {t, vars, REPORT_P, d, -1};
	for (size_t i = 0; s && i < s->nlines; i++)
		if (s->lines[i].kind == LINE_H1 || s->lines[i].kind == LINE_H2)
			render_line(&r, &s->lines[i]);
}

void report_template_nodata(const struct report_template *t, const char *reason, struct report_doc *d)
{
	nodata(t, reason, new_block(d, REPORT_P));
}

int report_template_render_text(const struct report_template *t, const char *key, const struct report_vars *vars,
                                struct buf *out)
{
	struct report_doc d = {0};
	report_template_render(t, key, NULL, vars, REPORT_P, &d);
	int rc = 0;
	for (size_t i = 0; i < d.n && rc == 0; i++)
		rc = report_block_text(&d.blocks[i], out);
	report_doc_release(&d);
	return rc;
}
