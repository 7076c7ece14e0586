/*
 * date: calendar dates (proleptic Gregorian), no time of day, no time zone.
 *
 * A struct date is valid when date_valid() says so; functions that take one
 * assume it. "Today" can be pinned (date_set_today) so that tests and the
 * --today option see a fixed day.
 */
#ifndef HUIMIN_DATE_H
#define HUIMIN_DATE_H

#include <stdbool.h>

struct date {
	int year;  /* 1 .. 9999 */
	int month; /* 1 .. 12 */
	int day;   /* 1 .. days in month */
};

bool date_valid(int year, int month, int day);
bool date_is_leap(int year);
int date_days_in_month(int year, int month);

/*
 * Parses "YYYY-MM-DD" (also "YYYY/M/D" and "YYYYMMDD"). Returns 0, or -1 when
 * the text is not a real date (out is then unchanged).
 */
__attribute__((warn_unused_result)) int date_parse(const char *s, struct date *out);
/* Writes "YYYY-MM-DD" and a NUL into out. */
void date_format(struct date d, char out[11]);

/* <0, 0, >0 like strcmp. */
int date_cmp(struct date a, struct date b);
/*
 * Days since 1970-01-01 (negative before), and back; date_from_days clamps
 * to 0001-01-01 .. 9999-12-31.
 */
long date_to_days(struct date d);
struct date date_from_days(long days);
/* Full years from birth to on (0 when on is before birth). */
int date_age(struct date birth, struct date on);

/* Today in local time, or the pinned day. */
struct date date_today(void);
/* Pins today; pass NULL to unpin. */
void date_set_today(const struct date *d);

#endif
