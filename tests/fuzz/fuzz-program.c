/*
 * Fuzzes program_parse with arbitrary bytes: it never crashes or leaks; it
 * either gives a program and no problems, or no program and at least one
 * problem line; a program it gives keeps program.h's invariants (indexes in
 * range, outcome categories falling), and its values check without harm.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "domain/program.h"

#define CHECK(cond)                                                                                                    \
	do {                                                                                                           \
		if (!(cond))                                                                                           \
			abort();                                                                                       \
	} while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(const struct program *p)
{
	CHECK(p->nstages >= 1 && p->nstages <= PROGRAM_LIST_MAX);
	for (size_t i = 0; i < p->ntransitions; i++) {
		const struct program_transition *t = &p->transitions[i];
		CHECK(t->to < p->nstages);
		CHECK(t->nfrom >= 1);
		for (size_t j = 0; j < t->nfrom; j++)
			CHECK(t->from[j] == SIZE_MAX || t->from[j] < p->nstages);
		for (size_t j = 0; j < t->nfields; j++)
			CHECK(t->fields[j] < p->nfields);
	}
	for (size_t i = 0; i < p->nstages; i++)
		CHECK(!p->stages[i].anchor[0] || program_stage_index(p, p->stages[i].anchor) >= 0);
	for (size_t i = 0; i + 1 < p->noutcomes; i++)
		CHECK(p->outcomes[i].has_min && (i == 0 || p->outcomes[i].min < p->outcomes[i - 1].min));
	if (p->noutcomes)
		CHECK(!p->outcomes[p->noutcomes - 1].has_min);
	for (size_t i = 0; i < p->nmetrics; i++)
		CHECK(p->metrics[i].stage < p->nstages);
	static const char *const inputs[] = { "", "0.3", "2024-04-13", "是", "12", "1.5", "6/18", "x" };
	for (size_t i = 0; i < p->nfields; i++)
		for (size_t j = 0; j < sizeof inputs / sizeof inputs[0]; j++) {
			char out[64], reason[256], text[64];
			if (program_value(&p->fields[i], inputs[j], out, sizeof out, reason, sizeof reason) == 0)
				program_value_text(&p->fields[i], out, text, sizeof text);
		}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf problems = BUF_INIT(1 << 20);
	struct program *p = NULL;
	int rc = program_parse((const char *)data, size, &p, &problems);
	if (rc == 0) {
		CHECK(p != NULL);
		CHECK(problems.len == 0);
		check(p);
		program_free(p);
	} else {
		CHECK(rc == -1 && p == NULL);
		CHECK(problems.len > 0 && problems.data[problems.len - 1] == '\n');
	}
	buf_release(&problems);
	return 0;
}
