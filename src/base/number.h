/*
 * number: whole numbers typed by users or read from query strings ("3",
 * "2024"), read one way everywhere: decimal digits only (no sign, no
 * spaces, no leading "+"), at most 18 of them, within [min, max].
 */
#ifndef HUIMIN_NUMBER_H
#define HUIMIN_NUMBER_H

#include <stdbool.h>
#include <stdint.h>

/* True with *out when s is such a number within [min, max]; *out unchanged otherwise. */
bool number_parse(const char *s, int64_t min, int64_t max, int64_t *out);

#endif
