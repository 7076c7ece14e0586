/*
 * html: the only way text gets into a page. Every dynamic value goes
 * through html_txt (element content), html_attr (a double-quoted attribute
 * value) or html_url_arg (one query argument of a URL); only the program's
 * own literals go through html_raw. So no value typed by a user, read from
 * a spreadsheet or stored in the database can become markup (cgit html.c).
 *
 * Each appends to b and returns 0, or -1 when b's cap would be passed (b
 * then holds what fitted; the caller answers with an error page). Input is
 * expected to be UTF-8: a byte that is not part of a valid UTF-8 sequence,
 * and any control character other than tab, CR and LF, is written as
 * U+FFFD, so a page is always valid UTF-8 whatever the data.
 */
#ifndef HUIMIN_HTML_H
#define HUIMIN_HTML_H

#include "base/buf.h"

/* A trusted literal of the program, as it is. */
__attribute__((warn_unused_result)) int html_raw(struct buf *b, const char *s);
/* Text in element content: & < > " ' escaped. */
__attribute__((warn_unused_result)) int html_txt(struct buf *b, const char *s);
/* A value inside a double-quoted attribute: the same escapes, and tab, CR and LF as references. */
__attribute__((warn_unused_result)) int html_attr(struct buf *b, const char *s);
/* One query-string argument: every byte but A-Z a-z 0-9 - _ . ~ percent-encoded (UTF-8 bytes too). */
__attribute__((warn_unused_result)) int html_url_arg(struct buf *b, const char *s);

#endif
