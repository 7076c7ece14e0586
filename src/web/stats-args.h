/*
 * stats-args: what the statistics page (page-stats), its export and the
 * JSON API (api-stats) share: reading a request's arguments into a
 * checked struct stats_query, the project it names, and the link from a
 * count to the list behind it.
 *
 * Invariants:
 * - The query is always within the user's data scope (stats_query_init);
 *   no argument widens it.
 * - A link from a count carries exactly the filters that count used
 *   (status, township, village, category, grade, the project's year, the
 *   row's and the column's keys, the day ages are counted on), as the
 *   registry list (/persons) and the case list (/projects/CODE/cases) read
 *   them, so the list shows the persons (cases) counted.
 */
#ifndef HUIMIN_STATS_ARGS_H
#define HUIMIN_STATS_ARGS_H

#include <stdbool.h>
#include <stddef.h>

#include "base/buf.h"
#include "base/error.h"
#include "domain/stats.h"
#include "web/server.h"

#define STATS_ARGS_PROBLEMS 12

struct stats_args {
	struct stats_query q;
	const struct program *p; /* the project counted, NULL for the registry */
	bool status_given;       /* the status argument was given (else the subject's default) */
	bool checked;            /* the dimensions go together: the table may be counted */
	/* Each argument that was refused, with why (Chinese), by argument name. */
	size_t nproblems;
	struct {
		const char *name;
		char text[256];
	} problems[STATS_ARGS_PROBLEMS];
};

/* The Chinese name of an argument ("rows": "行"), for messages. */
const char *stats_args_label(const char *name);

/*
 * Reads req's arguments (stats_arg_names) into a: a value that is not
 * valid is left out (its default stays) and listed in a->problems; the
 * project is looked up (an unknown one is a problem, the registry is
 * counted instead); then the combination is checked (a->checked false,
 * and its problem listed, when the dimensions do not go together).
 * 0, or -1 with a message (a database error).
 */
__attribute__((warn_unused_result)) int stats_args_read(struct request *req, struct stats_args *a, struct error *err);

/*
 * Appends to b, as an attribute value (&amp; between arguments), the link
 * to the list of the persons or cases counted in cell (r, c) of t; r ==
 * t->nrows is the column's total, c == t->ncols the row's total (both:
 * the grand total). 0, or -1 when b is full.
 */
__attribute__((warn_unused_result)) int stats_args_link(struct buf *b, const struct stats_args *a,
                                                        const struct stats_table *t, size_t r, size_t c);

/*
 * Appends the query-string (without "?", & as &amp; when attr) that gives
 * this query again: for the export link and the form's round trip. 0, or
 * -1 when b is full.
 */
__attribute__((warn_unused_result)) int stats_args_query(struct buf *b, const struct stats_args *a, bool attr);

/* The title of the table: "残疾人档案（在册）：乡镇 × 残疾类别" or "贫困白内障复明工程 2024年：乡镇 × 到达过的阶段". */
void stats_args_title(const struct stats_args *a, char *out, size_t size);

#endif
