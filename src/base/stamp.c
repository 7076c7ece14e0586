#include "base/stamp.h"

#include <stdio.h>
#include <string.h>

#define STAMP_FORMAT "%Y-%m-%dT%H:%M:%SZ"

void stamp_format(time_t t, char out[STAMP_SIZE])
{
	struct tm tm;
	if (!gmtime_r(&t, &tm) || strftime(out, STAMP_SIZE, STAMP_FORMAT, &tm) != STAMP_SIZE - 1)
		snprintf(out, STAMP_SIZE, "1970-01-01T00:00:00Z");
}

time_t stamp_parse(const char *s)
{
	struct tm tm;
	memset(&tm, 0, sizeof tm);
	const char *end = strptime(s, STAMP_FORMAT, &tm);
	if (!end || *end || strlen(s) != STAMP_SIZE - 1)
		return -1;
	return timegm(&tm);
}

void stamp_now(char out[STAMP_SIZE])
{
	static _Thread_local time_t last = -1;
	static _Thread_local char text[STAMP_SIZE];
	time_t now = time(NULL);
	if (now != last) {
		stamp_format(now, text);
		last = now;
	}
	memcpy(out, text, STAMP_SIZE);
}

void stamp_local(const char *stamp, char out[STAMP_LOCAL_SIZE])
{
	time_t t = stamp ? stamp_parse(stamp) : -1;
	struct tm tm;
	if (t < 0 || !localtime_r(&t, &tm) || strftime(out, STAMP_LOCAL_SIZE, "%Y-%m-%d %H:%M:%S", &tm) == 0)
		snprintf(out, STAMP_LOCAL_SIZE, "%s", stamp ? stamp : "");
}
