/*
 * program: a livelihood project (民生工程) as data. A definition file under
 * programs/ (JSON, docs/programs.md) names the project's stages, the
 * transitions between them (who may make each, which fields it asks for),
 * the fields' types and checks, who is eligible, which stages fall due a
 * number of days after another (follow-ups), the outcome categories of a
 * visual-acuity field and the metrics the funnel, targets and reports count.
 * One engine (domain/case) runs every definition; no project is code.
 *
 * Invariants of a parsed struct program (program_parse refuses anything
 * else, with every mistake and where it is):
 * - keys (of stages, transitions, fields, choices, metrics, outcome
 *   categories) are unique in their list, 1..32 characters of a-z 0-9 _;
 *   labels are 1..40 characters of UTF-8 without control characters;
 * - every stage, field and outcome a transition, schedule, metric or rule
 *   names exists; a transition's "from" stages exist or are "" (enrolment);
 * - schedules form no cycle; a scheduled stage's anchor is not itself;
 * - outcome categories are in falling order of their lower bound, the last
 *   one without a bound.
 * Definitions are versioned by (code, version): a stored version never
 * changes, and a case keeps the version it was created under.
 */
#ifndef HUIMIN_PROGRAM_H
#define HUIMIN_PROGRAM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "base/error.h"
#include "domain/account.h"
#include "store/db.h"

#define PROGRAM_KEY_MAX 32       /* bytes of a key */
#define PROGRAM_LABEL_MAX 40     /* characters of a label */
#define PROGRAM_FILE_MAX (1u << 20) /* bytes of a definition file */
#define PROGRAM_LIST_MAX 64      /* stages, transitions, fields, metrics ... each */
#define PROGRAM_DAYS_MAX 3660    /* days of a schedule or a date's "after" (about 10 years) */
#define PROGRAM_TEXT_MAX 2000    /* the largest "max" of a text field, in characters */
#define PROGRAM_TEXT_DEFAULT 200 /* a text field's "max" when the definition gives none */

enum program_field_type {
	PROGRAM_DATE,    /* YYYY-MM-DD; optional "min_days"/"max_days" after another stage's date */
	PROGRAM_INTEGER, /* optional "min"/"max" */
	PROGRAM_DECIMAL, /* up to 3 decimals, stored in thousandths; optional "min"/"max" (as decimals) */
	PROGRAM_TEXT,    /* optional "max" characters (default 200) */
	PROGRAM_CHOICE,  /* one of "choices" (key and label) */
	PROGRAM_ACUITY,  /* visual acuity: decimal (0.3) or Snellen (6/18), stored as decimal thousandths */
	PROGRAM_BOOL,    /* 是/否 */
	PROGRAM_FIELD_TYPE__MAX
};

struct program_choice {
	char key[PROGRAM_KEY_MAX + 1];
	char label[4 * PROGRAM_LABEL_MAX + 1];
};

struct program_field {
	char key[PROGRAM_KEY_MAX + 1];
	char label[4 * PROGRAM_LABEL_MAX + 1];
	enum program_field_type type;
	bool has_min, has_max;
	int64_t min, max; /* integer as is; decimal in thousandths; text: max characters */
	struct program_choice *choices;
	size_t nchoices;
	/*
	 * A date: at least min_days and at most max_days after the date of stage
	 * after_stage ("" none). Without "min_days" in the file it is 0, without
	 * "max_days" PROGRAM_DAYS_MAX; 0 <= min_days <= max_days.
	 */
	char after_stage[PROGRAM_KEY_MAX + 1];
	int min_days, max_days;
};

struct program_stage {
	char key[PROGRAM_KEY_MAX + 1];
	char label[4 * PROGRAM_LABEL_MAX + 1];
	bool final; /* the case is closed once it is here (结案, 不合格 ...) */
	/* A scheduled stage falls due offset_days after the date of stage anchor ("" not scheduled). */
	char anchor[PROGRAM_KEY_MAX + 1];
	int offset_days;
	/*
	 * A notice stage (村公示): a case that reached it leaves for a stage that
	 * is not final only once hold_days have passed since it arrived (the
	 * transition's date >= the stage date + the period) and no objection
	 * (domain/objection) is open. hold_field ("" none) is an integer field
	 * that the transition into the stage may fill to override hold_days.
	 */
	bool hold;
	int hold_days;
	char hold_field[PROGRAM_KEY_MAX + 1];
	/* Reaching it gives the case an archive number (一人一档), once. */
	bool archive;
};

struct program_transition {
	char key[PROGRAM_KEY_MAX + 1];
	char label[4 * PROGRAM_LABEL_MAX + 1];
	size_t *from; /* stage indexes; SIZE_MAX stands for enrolment (no stage yet) */
	size_t nfrom;
	size_t to;      /* stage index */
	unsigned roles; /* bit (1u << enum role) for each role that may make it */
	size_t *fields; /* field indexes the form asks for */
	bool *required; /* per entry of fields */
	signed char *must_be; /* per entry of fields: -1 any value, 0 must be 否, 1 must be 是 (bool fields) */
	size_t nfields;
	bool remark_required; /* a reason must be given (returns, rejections) */
	/* The eligibility rules are checked again on the person as registered now (审批). */
	bool check_eligibility;
	/* The transition the engine makes when an objection is upheld (to a final stage). */
	bool objection_upheld;
};

/* An eligibility rule over a person's fields: the person's value must be one of values. */
enum program_person_field { PROGRAM_P_CATEGORY, PROGRAM_P_GRADE, PROGRAM_P_HUKOU, PROGRAM_P_DIBAO, PROGRAM_P_STATUS,
			    PROGRAM_P_AGE, /* values: [min, max] years at enrolment */
			    PROGRAM_P__MAX };

struct program_rule {
	enum program_person_field field;
	int values[16];
	size_t nvalues;
	char message[4 * 80 + 1]; /* what to tell the user when it fails */
};

/* An outcome category of an acuity field (WHO: good >= 0.3 (6/18), borderline >= 0.1 (6/60), poor). */
struct program_outcome {
	char key[PROGRAM_KEY_MAX + 1];
	char label[4 * PROGRAM_LABEL_MAX + 1];
	bool has_min;
	int64_t min; /* thousandths, inclusive */
};

/* A metric: cases that reached stage (and, if field is set, whose value of field at that stage is value). */
struct program_metric {
	char key[PROGRAM_KEY_MAX + 1];
	char label[4 * PROGRAM_LABEL_MAX + 1];
	size_t stage;
	char field[PROGRAM_KEY_MAX + 1]; /* a field key, "outcome" for the outcome category, or "" */
	char value[PROGRAM_KEY_MAX + 1]; /* a choice key, an outcome key, "true"/"false" */
};

/*
 * A breakdown on the project page: the cases that reached stage, by the
 * value their event there gave field (the surgeon, the hospital, the
 * complications) and by month, with how many of them met metric ("" none):
 * trends per surgeon or hospital, not a league table.
 */
struct program_breakdown {
	char key[PROGRAM_KEY_MAX + 1];
	char label[4 * PROGRAM_LABEL_MAX + 1];
	size_t stage;
	char field[PROGRAM_KEY_MAX + 1];
	char metric[PROGRAM_KEY_MAX + 1];
};

struct program {
	char code[PROGRAM_KEY_MAX + 1]; /* "cataract" */
	char name[4 * PROGRAM_LABEL_MAX + 1];
	char unit[4 * 4 + 1]; /* what a count counts, as reports say it: "例" (cases, the default), "名" (people) */
	int version;
	struct program_stage *stages;
	size_t nstages;
	struct program_transition *transitions;
	size_t ntransitions;
	struct program_field *fields;
	size_t nfields;
	struct program_rule *rules;
	size_t nrules;
	/* The outcome of an acuity field (outcome_field "" when the program has none). */
	char outcome_field[PROGRAM_KEY_MAX + 1];
	struct program_outcome *outcomes;
	size_t noutcomes;
	struct program_metric *metrics;
	size_t nmetrics;
	struct program_breakdown *breakdowns;
	size_t nbreakdowns;
	/* The metric a target counts (e.g. "operated") and the success rate: success / of ("" none). */
	char target_metric[PROGRAM_KEY_MAX + 1];
	char success_metric[PROGRAM_KEY_MAX + 1], success_of[PROGRAM_KEY_MAX + 1];
	/* The monthly amount paid (补助标准) in fen, -1 when the definition gives none. */
	int64_t monthly_amount;
};

/*
 * Parses and checks a definition (the text of a file, len bytes). On any
 * mistake returns -1 and appends to problems one line per mistake, each
 * with where it is ("第12行第5列：…" for JSON syntax, "stages[3].anchor：…"
 * for content), and *out is NULL. On success *out is a new program.
 */
__attribute__((warn_unused_result)) int program_parse(const char *text, size_t len, struct program **out,
						       struct buf *problems);
void program_free(struct program *p);

/* The identifier of a field type as the file writes it ("date" ...), and its Chinese label ("日期" ...). */
const char *program_type_code(enum program_field_type t);
const char *program_type_label(enum program_field_type t);
/* The identifier of a person field of an eligibility rule ("status" ...), and its Chinese label ("状态" ...). */
const char *program_person_field_code(enum program_person_field f);
const char *program_person_field_label(enum program_person_field f);

/*
 * The notice period of stage s for a case: the value the case entered for
 * s->hold_field (override, text as stored; NULL or "" for none) when it is
 * a whole number of days, else s->hold_days.
 */
int program_hold_days(const struct program_stage *s, const char *override);

/* Lookups by key: the index, or -1. */
int program_stage_index(const struct program *p, const char *key);
int program_field_index(const struct program *p, const char *key);
int program_metric_index(const struct program *p, const char *key);
/* The transition flagged objection_upheld, or NULL. */
const struct program_transition *program_upheld_transition(const struct program *p);
/* The first stage flagged archive, or -1. */
int program_archive_stage(const struct program *p);
/* The outcome category of an acuity value (thousandths), or NULL when the program has none. */
const struct program_outcome *program_outcome_of(const struct program *p, int64_t acuity);

/*
 * Checks text typed for field f and writes the value as stored into out:
 * a date YYYY-MM-DD; an integer in decimal; a decimal or an acuity in
 * thousandths (decimal digits: "300" for 0.3 or 6/18); a choice's key (the
 * key or the label is accepted); a bool "true"/"false" (是/否 accepted); a
 * text with spaces around it removed. 0 valid; 1 with a Chinese reason
 * saying what is expected. Dates relative to another stage are checked by
 * the engine, which knows the stages' dates. Text that is empty once spaces
 * are removed is refused for every type ("不能为空"): an optional field left
 * empty is absent, and the caller does not ask program_value about it. A
 * value that does not fit in outsz is refused as too long.
 */
__attribute__((warn_unused_result)) int program_value(const struct program_field *f, const char *text, char *out,
						       size_t outsz, char *reason, size_t reasonsz);
/* A stored value as users read it: a choice's label, 是/否, an acuity as "0.3" (光感 ...), a decimal "1.25". */
void program_value_text(const struct program_field *f, const char *stored, char *out, size_t outsz);

/*
 * Storing definitions. program_store saves text as (code, version) after
 * parsing it: 0 stored, 1 refused because that version exists with other
 * text (versions never change; the same text again is fine: 0), -1 error.
 */
__attribute__((warn_unused_result)) int program_store(struct db *db, const char *text, size_t len,
						       const char *user_name, struct error *err);
/*
 * The stored definition of code at version (0: the newest), parsed; 1 found,
 * 0 none, -1 error. The result is cached per process by (database path,
 * code, version): callers must not free it; it lives as long as the
 * process. Safe to call from several threads at once (each with its own
 * connection).
 */
__attribute__((warn_unused_result)) int program_get(struct db *db, const char *code, int version,
						     const struct program **out, struct error *err);
/* Every stored program, newest version each, in code order: fn(ctx, code, name, version). */
__attribute__((warn_unused_result)) int program_list(struct db *db,
						      void (*fn)(void *ctx, const char *code, const char *name,
								 int version),
						      void *ctx, struct error *err);

/*
 * A form: typed fields outside any project, for questionnaires such as the
 * survey form of domain/survey. The file is {"code", "name", "version",
 * "fields": [...], "required": [field keys]} (and "note"), each field as a
 * project's field (program_value checks the values typed for it); a date
 * field may not say "after" (a form has no stages). The same rules as
 * program_parse: keys unique, every required key a field, 1..64 fields.
 */
struct program_form {
	char code[PROGRAM_KEY_MAX + 1];
	char name[4 * PROGRAM_LABEL_MAX + 1];
	int version;
	struct program_field *fields;
	bool *required; /* per field */
	size_t nfields;
};

/*
 * Parses and checks a form (text of len bytes), as program_parse does: -1
 * with one line per mistake appended to problems and *out NULL, or 0 with
 * a new form in *out (program_form_free it).
 */
__attribute__((warn_unused_result)) int program_form_parse(const char *text, size_t len, struct program_form **out,
							    struct buf *problems);
void program_form_free(struct program_form *f);
/* The index of the form's field called key, or -1. */
int program_form_field_index(const struct program_form *f, const char *key);

#endif
