/*
 * report-template: the sentences of the annual report (domain/report) as a
 * text file the county edits (reports/annual.zh.txt, docs/reports.md), and
 * the document they render into.
 *
 * The file, UTF-8, line by line:
 *   # ...            a comment (the first character that is not a space is #)
 *   [key]            starts section key: title, opening, projects, project,
 *                    project:CODE (a project's own wording, instead of
 *                    project), milestone, targets, line, line:KEY (a work
 *                    line's own wording, instead of line), target, closing,
 *                    nodata
 *   = text           a heading (一、…); == text a sub-heading (（一）…)
 *   @name text       a sentence written only when figure name has data and
 *                    is not 0; @!name text: only when it has none or is 0
 *   text             a sentence; the sentences of consecutive lines make
 *                    one paragraph, an empty line ends the paragraph
 *   {name}           a figure (the names of each section: docs/reports.md;
 *                    project sections also count.KEY, first.KEY, last.KEY,
 *                    days.KEY for a metric KEY of the project); {{ and }}
 *                    write a brace
 * A sentence one of whose figures has no data is written as the [nodata]
 * sentence with {reason} instead ("（无数据：未录入手术记录）"), never with a
 * number made up.
 *
 * Invariants of a parsed template (report_template_parse refuses anything
 * else, naming each mistake's line): sections title, project, line and
 * target are there, each section once; every placeholder and condition
 * names a figure of its section; every brace is closed; at most
 * REPORT_TEMPLATE_SECTIONS_MAX sections of REPORT_TEMPLATE_LINES_MAX
 * lines, lines of REPORT_TEMPLATE_LINE_MAX bytes, the file at most
 * REPORT_TEMPLATE_MAX bytes.
 */
#ifndef HUIMIN_REPORT_TEMPLATE_H
#define HUIMIN_REPORT_TEMPLATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "base/error.h"
#include "domain/program.h"

#define REPORT_TEMPLATE_MAX (64u << 10) /* bytes of a template file */
#define REPORT_TEMPLATE_LINE_MAX 2000   /* bytes of a line */
#define REPORT_TEMPLATE_SECTIONS_MAX 64
#define REPORT_TEMPLATE_LINES_MAX 200 /* lines of a section */
#define REPORT_TEMPLATE_PIECES_MAX 64 /* texts and figures of a line */
#define REPORT_NAME_MAX 40            /* bytes of a figure's name */
#define REPORT_KEY_MAX 40             /* bytes of a section key ("project:" + a project code) */

/* The document */

/*
 * What a figure counts, for the web layer to link it to the records behind
 * it (docs/reports.md): the cases of program's year that reached stage
 * (of hukou, or beyond the target in the order they reached it), its money
 * paid, the year's survey, training, rehabilitation, employment security
 * fund, a target, the board.
 */
enum report_link_kind {
	REPORT_LINK_NONE,
	REPORT_LINK_CASES,
	REPORT_LINK_PAYMENTS,
	REPORT_LINK_SURVEY,
	REPORT_LINK_TRAINING,
	REPORT_LINK_REHAB,
	REPORT_LINK_LEVY,
	REPORT_LINK_TARGET,
	REPORT_LINK_TARGETS,
};

struct report_link {
	enum report_link_kind kind;
	int year;
	char program[PROGRAM_KEY_MAX + 1];
	char stage[PROGRAM_KEY_MAX + 1];
	int hukou; /* 0 any, 1 城镇, 2 农村 */
	bool over; /* only the cases beyond the target */
	int64_t target;
};

/* A piece of text; a figure carries its link (kind NONE for plain text and figures without records). */
struct report_span {
	char *text;
	bool figure;
	struct report_link link;
};

enum report_block_kind { REPORT_TITLE, REPORT_H1, REPORT_H2, REPORT_P };

struct report_block {
	enum report_block_kind kind;
	struct report_span *spans;
	size_t nspans;
};

/* A document: blocks in order. Starts zeroed; report_doc_release frees it. */
struct report_doc {
	struct report_block *blocks;
	size_t n, alloc;
};

void report_doc_release(struct report_doc *d);
/* Appends a block of kind with one plain span of text (copied). */
void report_doc_add(struct report_doc *d, enum report_block_kind kind, const char *text);
/* Appends the text of block b, its spans joined, to out. 0, or -1 when out is full. */
__attribute__((warn_unused_result)) int report_block_text(const struct report_block *b, struct buf *out);

/* Figures */

/* A figure by name: its text when it has data, why not when it has none. */
struct report_var {
	char name[REPORT_NAME_MAX + 1];
	bool has;
	bool truthy;   /* has data and is not 0 (what @name tests) */
	char *text;    /* when has */
	char *missing; /* when not: the reason ("未录入手术记录") */
	struct report_link link;
};

/* The figures of one rendering. Starts zeroed; report_vars_release frees it. Names are unique (a set replaces). */
struct report_vars {
	struct report_var *v;
	size_t n, alloc;
};

void report_vars_release(struct report_vars *vs);
/* Sets name to text (truthy says whether @name holds), with link (NULL none). */
void report_vars_set(struct report_vars *vs, const char *name, const char *text, bool truthy,
                     const struct report_link *link);
/* Sets name to a count n (truthy when n is not 0). */
void report_vars_count(struct report_vars *vs, const char *name, long long n, const struct report_link *link);
/* Sets name to have no data, because of reason. */
void report_vars_missing(struct report_vars *vs, const char *name, const char *reason);
/* The figure called name, or NULL. */
const struct report_var *report_vars_get(const struct report_vars *vs, const char *name);

/* Templates */

struct report_template;

/*
 * Parses and checks a template (text of len bytes). On any mistake returns
 * -1 with one line per mistake appended to problems ("第12行：…"), and *out
 * NULL; else 0 with a new template in *out (report_template_free it).
 */
__attribute__((warn_unused_result)) int report_template_parse(const char *text, size_t len,
                                                              struct report_template **out, struct buf *problems);
void report_template_free(struct report_template *t);

/* Whether section key exists. */
bool report_template_has(const struct report_template *t, const char *key);
/* Whether section key uses (in a placeholder or a condition) a figure whose name starts with prefix. */
bool report_template_uses(const struct report_template *t, const char *key, const char *prefix);

/*
 * Renders section key (or fallback when key is absent; NULL none) with
 * vars into d: headings as REPORT_H1 / REPORT_H2 blocks, sentences as
 * paragraphs of kind text_kind (REPORT_P, or REPORT_TITLE for the title).
 * Nothing happens when neither section exists.
 */
void report_template_render(const struct report_template *t, const char *key, const char *fallback,
                            const struct report_vars *vars, enum report_block_kind text_kind, struct report_doc *d);
/* Only the headings of section key (or fallback), for a part of the report that has no data at all. */
void report_template_render_headings(const struct report_template *t, const char *key, const char *fallback,
                                     const struct report_vars *vars, struct report_doc *d);
/* Appends a paragraph saying that there is no data, because of reason (the [nodata] sentence). */
void report_template_nodata(const struct report_template *t, const char *reason, struct report_doc *d);
/* The same, as plain text: every block's text appended to out, one after the other. 0, or -1 when out is full. */
__attribute__((warn_unused_result)) int report_template_render_text(const struct report_template *t, const char *key,
                                                                    const struct report_vars *vars, struct buf *out);

#endif
