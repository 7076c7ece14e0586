/*
 * Unit tests for base/log: level filtering and the line format, read back
 * by pointing standard error at a temporary file.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/log.h"

/* Standard error, captured. */
struct capture {
	char path[64];
	int saved_fd;
};

static void capture_start(struct capture *c)
{
	snprintf(c->path, sizeof c->path, "/tmp/test-log-XXXXXX");
	int fd = mkstemp(c->path);
	assert_true(fd >= 0);
	fflush(stderr);
	c->saved_fd = dup(STDERR_FILENO);
	assert_true(c->saved_fd >= 0);
	assert_int_equal(dup2(fd, STDERR_FILENO), STDERR_FILENO);
	close(fd);
}

/* Restores standard error and returns what was written (the caller frees it). */
static char *capture_end(struct capture *c)
{
	fflush(stderr);
	assert_int_equal(dup2(c->saved_fd, STDERR_FILENO), STDERR_FILENO);
	close(c->saved_fd);
	FILE *f = fopen(c->path, "rb");
	assert_non_null(f);
	char *text = calloc(1, 1 << 16);
	assert_non_null(text);
	size_t n = fread(text, 1, (1 << 16) - 1, f);
	text[n] = '\0';
	fclose(f);
	unlink(c->path);
	return text;
}

static int count_lines(const char *s)
{
	int n = 0;
	for (; *s; s++)
		n += *s == '\n';
	return n;
}

/* Checks one line "YYYY-MM-DDTHH:MM:SSZ level text" against level and text; returns the next line. */
static const char *check_line(const char *line, const char *level, const char *text)
{
	const char *nl = strchr(line, '\n');
	assert_non_null(nl);
	/* The stamp: 20 characters, digits where digits go, and UTC (Z). */
	static const char shape[] = "dddd-dd-ddTdd:dd:ddZ";
	for (size_t i = 0; i < sizeof shape - 1; i++) {
		if (shape[i] == 'd')
			assert_true(line[i] >= '0' && line[i] <= '9');
		else
			assert_int_equal(line[i], shape[i]);
	}
	/* The stamp is today (UTC) give or take a minute. */
	time_t now = time(NULL);
	struct tm tm;
	char today[11];
	gmtime_r(&now, &tm);
	strftime(today, sizeof today, "%Y-%m-%d", &tm);
	if (memcmp(line, today, 10) != 0) {
		now -= 60;
		gmtime_r(&now, &tm);
		strftime(today, sizeof today, "%Y-%m-%d", &tm);
		assert_memory_equal(line, today, 10);
	}
	assert_int_equal(line[20], ' ');
	size_t ll = strlen(level);
	assert_memory_equal(line + 21, level, ll);
	assert_int_equal(line[21 + ll], ' ');
	assert_int_equal((size_t)(nl - (line + 22 + ll)), strlen(text));
	assert_memory_equal(line + 22 + ll, text, strlen(text));
	return nl + 1;
}

/* Runs first: the default level is LOG_INFO. */
static void test_default_level(void **state)
{
	struct capture c;

	(void)state;
	capture_start(&c);
	log_msg(LOG_DEBUG, "debug %d", 1);
	log_info("info %d", 2);
	log_warn("warn %s", "3");
	log_error("error %c", '4');
	char *out = capture_end(&c);
	assert_int_equal(count_lines(out), 3);
	const char *p = check_line(out, "info", "info 2");
	p = check_line(p, "warn", "warn 3");
	p = check_line(p, "error", "error 4");
	assert_string_equal(p, "");
	free(out);
}

static void test_filtering(void **state)
{
	static const struct {
		enum log_level min;
		int lines;
		const char *first;
	} rows[] = {
	    {LOG_DEBUG, 4, "debug"},
	    {LOG_INFO, 3, "info"},
	    {LOG_WARN, 2, "warn"},
	    {LOG_ERROR, 1, "error"},
	};

	(void)state;
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		struct capture c;
		log_set_level(rows[i].min);
		capture_start(&c);
		log_msg(LOG_DEBUG, "m");
		log_msg(LOG_INFO, "m");
		log_msg(LOG_WARN, "m");
		log_msg(LOG_ERROR, "m");
		char *out = capture_end(&c);
		assert_int_equal(count_lines(out), rows[i].lines);
		check_line(out, rows[i].first, "m");
		free(out);
	}
	log_set_level(LOG_INFO);
}

static void test_nothing_below_error(void **state)
{
	struct capture c;

	(void)state;
	log_set_level(LOG_ERROR);
	capture_start(&c);
	log_info("quiet");
	log_warn("quiet");
	char *out = capture_end(&c);
	assert_string_equal(out, "");
	free(out);
	log_set_level(LOG_INFO);
}

static void test_long_message_one_line(void **state)
{
	struct capture c;
	char big[3000];

	(void)state;
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	capture_start(&c);
	log_warn("%s", big);
	log_info("after");
	char *out = capture_end(&c);
	/* Cut to fit its buffer, but still one whole line, and the next line follows. */
	assert_int_equal(count_lines(out), 2);
	const char *nl = strchr(out, '\n');
	size_t len = (size_t)(nl - out) - strlen("2024-01-01T00:00:00Z warn ");
	assert_true(len >= 1000 && len < 1024);
	for (size_t i = 0; i < len; i++)
		assert_int_equal(out[26 + i], 'x');
	check_line(nl + 1, "info", "after");
	free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_default_level),
	    cmocka_unit_test(test_filtering),
	    cmocka_unit_test(test_nothing_below_error),
	    cmocka_unit_test(test_long_message_one_line),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
