#include "base/date.h"

#include <time.h>

/* Days from 1970-01-01 to 0001-01-01 and to 9999-12-31 (see date_to_days). */
#define DAYS_MIN (-719162L)
#define DAYS_MAX 2932896L

static bool today_pinned;
static struct date today_pin;

bool date_is_leap(int year)
{
	return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int date_days_in_month(int year, int month)
{
	static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	if (month < 1 || month > 12)
		return 0;
	if (month == 2 && date_is_leap(year))
		return 29;
	return days[month - 1];
}

bool date_valid(int year, int month, int day)
{
	if (year < 1 || year > 9999)
		return false;
	if (month < 1 || month > 12)
		return false;
	return day >= 1 && day <= date_days_in_month(year, month);
}

static bool is_digit(char c)
{
	/* Not isdigit(): that depends on the locale and takes int, not char. */
	return c >= '0' && c <= '9';
}

/*
 * Reads between min and max digits at *p into *val and advances *p; returns
 * false when there are fewer than min. At most 4 digits, so no overflow.
 */
static bool read_digits(const char **p, int min, int max, int *val)
{
	const char *s = *p;
	int n = 0, v = 0;

	while (n < max && is_digit(s[n])) {
		v = v * 10 + (s[n] - '0');
		n++;
	}
	if (n < min)
		return false;
	*p = s + n;
	*val = v;
	return true;
}

int date_parse(const char *s, struct date *out)
{
	int year, month, day;
	const char *p = s;

	if (!s)
		return -1;
	if (!read_digits(&p, 4, 4, &year))
		return -1;
	if (*p == '-' || *p == '/') {
		/* YYYY-M-D or YYYY/M/D, one or two digits each, same separator twice. */
		char sep = *p++;
		if (!read_digits(&p, 1, 2, &month))
			return -1;
		if (*p++ != sep)
			return -1;
		if (!read_digits(&p, 1, 2, &day))
			return -1;
	} else {
		/* YYYYMMDD: exactly four more digits. */
		if (!read_digits(&p, 2, 2, &month) || !read_digits(&p, 2, 2, &day))
			return -1;
	}
	if (*p != '\0')
		return -1;
	if (!date_valid(year, month, day))
		return -1;
	out->year = year;
	out->month = month;
	out->day = day;
	return 0;
}

static void put_digits(char *out, int val, int width)
{
	for (int i = width - 1; i >= 0; i--) {
		out[i] = (char)('0' + val % 10);
		val /= 10;
	}
}

static int clamp(int v, int lo, int hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

void date_format(struct date d, char out[11])
{
	/* Clamped so that even an invalid date cannot write past 11 bytes. */
	put_digits(out, clamp(d.year, 0, 9999), 4);
	out[4] = '-';
	put_digits(out + 5, clamp(d.month, 0, 99), 2);
	out[7] = '-';
	put_digits(out + 8, clamp(d.day, 0, 99), 2);
	out[10] = '\0';
}

int date_cmp(struct date a, struct date b)
{
	if (a.year != b.year)
		return a.year < b.year ? -1 : 1;
	if (a.month != b.month)
		return a.month < b.month ? -1 : 1;
	if (a.day != b.day)
		return a.day < b.day ? -1 : 1;
	return 0;
}

/*
 * Howard Hinnant's days_from_civil / civil_from_days
 * (http://howardhinnant.github.io/date_algorithms.html): the year is shifted
 * to start on March 1 so that the leap day is the last day of the year, and
 * counted in 400-year eras of 146097 days.
 */
long date_to_days(struct date d)
{
	long y = (long)d.year - (d.month <= 2);
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;                                                          /* [0, 399] */
	long doy = (153L * (d.month > 2 ? d.month - 3 : d.month + 9) + 2) / 5 + d.day - 1; /* [0, 365] */
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;                                  /* [0, 146096] */

	return era * 146097 + doe - 719468;
}

struct date date_from_days(long days)
{
	struct date d;
	long z, era, doe, yoe, y, doy, mp;

	/* Out-of-range days are clamped to 0001-01-01 .. 9999-12-31. */
	if (days < DAYS_MIN)
		days = DAYS_MIN;
	if (days > DAYS_MAX)
		days = DAYS_MAX;
	z = days + 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;                                      /* [0, 146096] */
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365; /* [0, 399] */
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100); /* [0, 365] */
	mp = (5 * doy + 2) / 153;                      /* [0, 11], March = 0 */
	d.day = (int)(doy - (153 * mp + 2) / 5 + 1);
	d.month = (int)(mp < 10 ? mp + 3 : mp - 9);
	d.year = (int)(y + (d.month <= 2));
	return d;
}

int date_age(struct date birth, struct date on)
{
	int age;

	if (date_cmp(on, birth) < 0)
		return 0;
	age = on.year - birth.year;
	/*
	 * Not yet had this year's birthday. A Feb 29 birthday compares after
	 * Feb 28, so in a common year the age goes up on Mar 1.
	 */
	if (on.month < birth.month || (on.month == birth.month && on.day < birth.day))
		age--;
	return age;
}

struct date date_today(void)
{
	struct date d = {1970, 1, 1};
	struct tm tm;
	time_t now;

	if (today_pinned)
		return today_pin;
	now = time(NULL);
	if (localtime_r(&now, &tm)) {
		d.year = tm.tm_year + 1900;
		d.month = tm.tm_mon + 1;
		d.day = tm.tm_mday;
	}
	return d;
}

void date_set_today(const struct date *d)
{
	if (d) {
		today_pin = *d;
		today_pinned = true;
	} else {
		today_pinned = false;
	}
}
