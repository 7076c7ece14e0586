#include "web/html.h"

#include <string.h>

#include "base/utf8.h"

int html_raw(struct buf *b, const char *s)
{
	return buf_addstr(b, s);
}

static const char REPLACEMENT[] = "\xEF\xBF\xBD"; /* U+FFFD */

/* Length of the valid UTF-8 sequence at s (1 to 4), or 0 when the bytes there are not one. */
static size_t sequence_at(const unsigned char *s)
{
	size_t len = *s < 0x80 ? 1 : *s >= 0xC2 && *s <= 0xDF ? 2 : *s >= 0xE0 && *s <= 0xEF ? 3 : *s >= 0xF0 && *s <= 0xF4 ? 4 : 0;
	for (size_t i = 1; i < len; i++)
		if (!s[i]) /* the string ends inside the sequence */
			return 0;
	return len && utf8_valid((const char *)s, len) ? len : 0;
}

/* The escapes of text and attributes; in_attr also encodes tab, CR and LF. */
static int escape(struct buf *b, const char *str, int in_attr)
{
	const unsigned char *s = (const unsigned char *)str;
	while (*s) {
		const char *rep = NULL;
		switch (*s) {
		case '&':
			rep = "&amp;";
			break;
		case '<':
			rep = "&lt;";
			break;
		case '>':
			rep = "&gt;";
			break;
		case '"':
			rep = "&quot;";
			break;
		case '\'':
			rep = "&#39;";
			break;
		case '\t':
			rep = in_attr ? "&#9;" : NULL;
			break;
		case '\n':
			rep = in_attr ? "&#10;" : NULL;
			break;
		case '\r':
			rep = in_attr ? "&#13;" : NULL;
			break;
		default:
			if (*s < 0x20 || *s == 0x7F)
				rep = REPLACEMENT;
		}
		if (rep) {
			if (buf_addstr(b, rep) < 0)
				return -1;
			s++;
			continue;
		}
		if (*s == '\t' || *s == '\n' || *s == '\r') {
			if (buf_addch(b, (char)*s) < 0)
				return -1;
			s++;
			continue;
		}
		size_t len = sequence_at(s);
		if (len == 0) {
			if (buf_addstr(b, REPLACEMENT) < 0)
				return -1;
			s++;
			continue;
		}
		/* A run of ordinary characters in one append. */
		const unsigned char *start = s;
		while (len > 0 && !strchr("&<>\"'", *s) && *s >= 0x20 && *s != 0x7F) {
			s += len;
			len = *s ? sequence_at(s) : 0;
		}
		if (buf_add(b, start, (size_t)(s - start)) < 0)
			return -1;
	}
	return 0;
}

int html_txt(struct buf *b, const char *s)
{
	return escape(b, s, 0);
}

int html_attr(struct buf *b, const char *s)
{
	return escape(b, s, 1);
}

int html_url_arg(struct buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		int keep = (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
			   *p == '-' || *p == '_' || *p == '.' || *p == '~';
		char enc[3] = { '%', hex[*p >> 4], hex[*p & 15] };
		if (keep ? buf_addch(b, (char)*p) < 0 : buf_add(b, enc, 3) < 0)
			return -1;
	}
	return 0;
}
