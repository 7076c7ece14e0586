/*
 * log: operator messages on standard error, one line each, with a UTC time
 * stamp and a level. Never for personal data: callers log codes and counts,
 * not names or ID numbers.
 */
#ifndef HUIMIN_LOG_H
#define HUIMIN_LOG_H

enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR };

/* Messages below level are dropped (LOG_INFO by default). */
void log_set_level(enum log_level level);
__attribute__((format(printf, 2, 3))) void log_msg(enum log_level level, const char *fmt, ...);

#define log_info(...) log_msg(LOG_INFO, __VA_ARGS__)
#define log_warn(...) log_msg(LOG_WARN, __VA_ARGS__)
#define log_error(...) log_msg(LOG_ERROR, __VA_ARGS__)

#endif
