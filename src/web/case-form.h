/*
 * case-form: what the project pages share (page-projects, page-cases,
 * page-enrol, page-batch): the controls of a definition's fields, reading
 * typed values back from a form, the reasons of a refusal by field, labels
 * of stages and stored values, and the project code in a path.
 *
 * Every control is named by its field key after a prefix ("f_" in the
 * one-case forms, "r3_" in a row of the batch table), so typed values come
 * back from request_field and are shown again as typed after a refusal.
 *
 * case_form_html writes a page fragment from pieces, each through the
 * escaper its kind names (web/html.h), so the pages stay short without a
 * value ever reaching the page unescaped:
 *
 *   case_form_html(b, CF_RAW, "<td>", CF_TXT, c->person_name, CF_RAW, "</td>", CF_END)
 */
#ifndef HUIMIN_CASE_FORM_H
#define HUIMIN_CASE_FORM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "base/error.h"
#include "domain/case.h"
#include "domain/program.h"
#include "web/server.h"

#define CASE_FORM_PREFIX "f_"

enum case_form_piece { CF_END, CF_RAW, CF_TXT, CF_ATTR, CF_URL };

/* Appends the pieces (kind, text) up to CF_END. 0, or -1 when b is full. */
__attribute__((warn_unused_result)) int case_form_html(struct buf *b, ...);

/*
 * A field of a definition as a labelled form field (<div class="field">):
 * the control named name (id "f-" + id, unique in the page) with value, the reason under it (and
 * aria-describedby) when reason is not "", the hint of its type. 0 or -1.
 */
__attribute__((warn_unused_result)) int case_form_field(struct buf *b, const struct program_field *f,
							 const char *name, const char *id, const char *value,
							 const char *reason, bool required);
/* The same control alone, for a table cell, labelled by aria_label. 0 or -1. */
__attribute__((warn_unused_result)) int case_form_cell(struct buf *b, const struct program_field *f,
							const char *name, const char *value, const char *reason,
							bool required, const char *aria_label);

/* The values of transition t typed in req's form after prefix (empty ones left out): how many. */
size_t case_form_values(const struct request *req, const struct program *p, const struct program_transition *t,
			const char *prefix, struct case_value values[CASE_VALUES_MAX]);
/* The text typed for field key after prefix, or "". */
const char *case_form_typed(const struct request *req, const char *prefix, const char *key);

/* The reason refused for key ("date", "remark", a field key), or "". */
const char *case_form_reason(const struct case_problems *pr, const char *key);

/*
 * The body of a transition's form (the caller opens the form, adds the
 * CSRF field and its own hidden fields, and closes it): the transition's
 * key, the event date (today by default), the fields, the remark, the
 * submit button labelled with the transition. typed: values from req's
 * form (after a refusal, with problems), else empty. 0 or -1.
 */
__attribute__((warn_unused_result)) int case_form_body(struct request *req, const struct program *p,
							const struct program_transition *t, bool typed,
							const struct case_problems *problems);

/* A refusal's general message (and the count of reasons by field) as an alert. 0 or -1. */
__attribute__((warn_unused_result)) int case_form_problems(struct buf *b, const struct case_problems *pr);

/* The label of stage key in p (the key itself when p has none). */
const char *case_form_stage_label(const struct program *p, const char *key);
/* The transition of p called key, or NULL. */
const struct program_transition *case_form_transition(const struct program *p, const char *key);
/* Whether t starts an enrolment (its "from" holds SIZE_MAX). */
bool case_form_is_enrolment(const struct program_transition *t);
/* Whether role may make t. */
bool case_form_role_may(const struct program_transition *t, enum role role);
/* The type's identifier for the API: "date", "integer" ... */
const char *case_form_type_name(enum program_field_type type);

/*
 * An event's stored values (a JSON object of key: stored text) as users
 * read them: "术前视力：0.1；眼别：右眼" into out ("" for none). 0 or -1 (full).
 */
__attribute__((warn_unused_result)) int case_form_values_text(const struct program *p, const char *fields_json,
							       struct buf *out);

/*
 * The project code in path after prefix ("/projects/"): a key of 1..32
 * characters of a-z 0-9 _, then *rest ("" or "/cases" ...). false when the
 * path holds no such code.
 */
bool case_form_path_code(const char *path, const char *prefix, char code[PROGRAM_KEY_MAX + 1], const char **rest);

/*
 * The newest stored definition of code: 1 with *out, 0 when there is none
 * (the 404 page is answered), -1 error.
 */
__attribute__((warn_unused_result)) int case_form_program(struct request *req, const char *code,
							   const struct program **out, struct error *err);

/*
 * The operation log's detail of a transition: {"transition":..,"date":..,
 * "values":{key: text as typed},"remark":..} (the definition's fields only,
 * never an ID number). The caller frees it.
 */
char *case_form_detail(const char *transition, const char *date, const struct case_value *v, size_t n,
		       const char *remark);

/* A year argument (2000..2100), or the current year when absent; -1 when it is not one. */
int case_form_year(const char *text);

#endif
