/*
 * target-view: what the pages of 目标管理 share (page-targets, page-target,
 * page-supervision): who may see them, figures in a target's unit (fen
 * shown as 元 or 万元), per cent from permille, the status badge, the
 * townships' names, the definition form and reading it back, and the
 * inline SVG charts.
 *
 * Invariants:
 * - A status is always written as text (已完成 超额完成 正常 滞后 逾期) in a
 *   tag whose colour repeats it (green, green, blue, orange, red): the
 *   colour is never the only signal.
 * - Figures are integers: per cent from permille with one decimal
 *   ("97.5%"), money from fen through base/money.h; no floating point.
 * - Every value reaches the page through web/html.h (case_form_html).
 */
#ifndef HUIMIN_TARGET_VIEW_H
#define HUIMIN_TARGET_VIEW_H

#include <stdbool.h>
#include <stddef.h>

#include "base/buf.h"
#include "base/error.h"
#include "domain/case.h"
#include "domain/registry.h"
#include "domain/target.h"
#include "web/server.h"

#define TARGET_VIEW_FULL "target page too large"
#define TARGET_VIEW_TOWNS_MAX TARGET_PARTS_MAX
#define TARGET_VIEW_TEXT_MAX 64 /* bytes of a formatted figure */

/* Who sees what */

/*
 * The scope of req's user on the target pages (registry_scope_of): 1, or 0
 * after answering 403 (hospitals, and accounts without a scope).
 */
int target_view_scope(struct request *req, struct registry_scope *out);
/*
 * Whether req's user may write on these pages at all (county admin and
 * staff; township users for their own progress and answers): 1, or 0 after
 * answering 403 (leaders, villages, hospitals: read only).
 */
int target_view_may_post(struct request *req);
/* The township code ("" for the county) a scope is limited to. */
void target_view_scope_township(const struct registry_scope *scope, char out[13]);

/* Figures */

/* value in t's unit as users read it: "400名", "3,477,240.00元", "347.724万元" (万元 from 10万元 up). */
void target_view_amount(const struct target *t, long long value, char *out, size_t size);
/* The same without the unit, as typed in a form ("400", "3477240.00"). */
void target_view_amount_input(const struct target *t, long long value, char *out, size_t size);
/* Permille as per cent with one decimal: 975 is "97.5%". */
void target_view_percent(long long permille, char *out, size_t size);
/*
 * Reads a figure typed for t's unit (yuan for 元, with up to two decimals,
 * else a whole number) into *out, within [min, TARGET_VALUE_MAX] (min may be
 * negative: a correction). true, or false with the reason in Chinese.
 */
bool target_view_parse(bool money, const char *text, long long min, long long *out, char *reason, size_t size);

/* The status badge: <span class="tag ...">label[超额完成140名]</span>; "—" for TARGET_STATUS__MAX. 0 or -1. */
__attribute__((warn_unused_result)) int target_view_status(struct buf *b, const struct target *t,
							    enum target_status s, long long value,
							    long long achieved);
/* The CSS class of a status ("ok", "info", "warn", "danger"; "" for none). */
const char *target_view_status_class(enum target_status s);

/* Townships */

struct target_view_towns {
	size_t n;
	char code[TARGET_VIEW_TOWNS_MAX][13];
	char name[TARGET_VIEW_TOWNS_MAX][161];
};
/* The townships within scope, in code order (at most TARGET_VIEW_TOWNS_MAX). 0 or -1. */
__attribute__((warn_unused_result)) int target_view_towns(struct db *db, const struct registry_scope *scope,
							   struct target_view_towns *out, struct error *err);
/* The name of township code, "城镇"/"农村" for the hukou parts "1"/"2", "县级" for "", else code. */
const char *target_view_part_name(const struct target_view_towns *tw, const char *code);

/* The definition form */

/*
 * The fields of a target (year line name unit value split start deadline
 * owner source note) inside a form the caller opens and closes, filled
 * from t, or from req's fields as typed when typed, with pr's reasons
 * under them. -1 when b is full, -2 on a database error (err set).
 */
__attribute__((warn_unused_result)) int target_view_form(struct request *req, const struct target *t, bool typed,
							  const struct case_problems *pr, struct error *err);
/*
 * Reads the fields of req's form into t (id kept): the value in the unit
 * (yuan parsed to fen for 元). A value that cannot be read leaves t->value
 * 0 and its reason in *value_reason (the caller puts it in place of the
 * domain's, target_view_reason_set).
 */
void target_view_read(const struct request *req, struct target *t, char *value_reason, size_t size);
/* Replaces (or adds) the reason of field in pr. */
void target_view_reason_set(struct case_problems *pr, const char *field, const char *reason);

/* Options of the work-line select (target_lines, then the stored projects not among them). 0, -1 full, -2 db. */
__attribute__((warn_unused_result)) int target_view_line_options(struct buf *b, struct db *db, const char *current,
								  struct error *err);
/* Whether line is a work line (target_lines) or a stored project's code: 1, 0, -1 error. */
__attribute__((warn_unused_result)) int target_view_line_known(struct db *db, const char *line, struct error *err);
/* The label of line (a project's name when it is a project code). */
void target_view_line_label(struct db *db, const char *line, char *out, size_t size);

/* Charts (inline SVG drawn by io/svg: no script, nothing from outside) */

struct target_view_bar {
	const char *label;	   /* the target's name */
	long long permille;	   /* completion */
	int elapsed_permille;	   /* time elapsed, said after the bar */
	enum target_status status; /* colour and the words after the figure */
};
/*
 * Completion per target as horizontal bars (a marker at 100%, the status
 * and time elapsed in words after each bar); id unique in the page. 0 or -1.
 */
__attribute__((warn_unused_result)) int target_view_chart(struct buf *b, const char *id, const char *title,
							   const struct target_view_bar *bars, size_t n);
/*
 * A progress bar for a table cell, width pixels wide (0: io/svg's default):
 * achieved against value of t (figures in t's unit), filled in the
 * status's colour, a mark at time elapsed. 0 or -1.
 */
__attribute__((warn_unused_result)) int target_view_progress(struct buf *b, const char *id, const char *title,
							      const struct target *t, long long value,
							      long long achieved, int elapsed_permille,
							      enum target_status status, int width);

#endif
