#include "base/log.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

static enum log_level min_level = LOG_INFO;
static const char *const level_name[] = { "debug", "info", "warn", "error" };

void log_set_level(enum log_level level)
{
	min_level = level;
}

void log_msg(enum log_level level, const char *fmt, ...)
{
	if (level < min_level)
		return;
	/* The stamp changes once a second: formatted then, per thread (the server logs every request). */
	static _Thread_local time_t stamp_of = -1;
	static _Thread_local char stamp[32];
	time_t now = time(NULL);
	if (now != stamp_of) {
		struct tm tm;
		gmtime_r(&now, &tm);
		strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &tm);
		stamp_of = now;
	}

	/*
	 * One write(2) per line, not stdio: lines from threads do not
	 * interleave, and no thread waits on stderr's lock held by another
	 * that the scheduler has set aside (a request's tail latency).
	 */
	char line[1024 + 64];
	int n = snprintf(line, sizeof line, "%s %s ", stamp, level_name[level]);
	va_list ap;
	va_start(ap, fmt);
	int m = vsnprintf(line + n, 1024, fmt, ap);
	va_end(ap);
	size_t len = (size_t)n + (m < 0 ? 0 : m >= 1024 ? 1023 : (size_t)m);
	line[len++] = '\n';
	for (size_t off = 0; off < len;) {
		ssize_t w = write(STDERR_FILENO, line + off, len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break;
		off += (size_t)w;
	}
}
