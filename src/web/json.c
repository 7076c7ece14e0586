#include "web/json.h"

#include <string.h>

int json_raw(struct buf *b, const char *s)
{
	return buf_addstr(b, s);
}

int json_key(struct buf *b, const char *key)
{
	size_t n = strlen(key);
	char tmp[64];
	if (n + 3 > sizeof tmp)
		return buf_addch(b, '"') < 0 || buf_add(b, key, n) < 0 || buf_add(b, "\":", 2) < 0 ? -1 : 0;
	tmp[0] = '"';
	memcpy(tmp + 1, key, n);
	tmp[n + 1] = '"';
	tmp[n + 2] = ':';
	return buf_add(b, tmp, n + 3);
}

/* The length of the valid UTF-8 sequence at s (1..4), or 0 when s does not start one. */
static size_t utf8_seq(const unsigned char *s)
{
	unsigned char c = s[0];
	if (c < 0x80)
		return 1;
	size_t n;
	unsigned min;
	unsigned cp;
	if (c >= 0xC2 && c <= 0xDF) {
		n = 2;
		cp = c & 0x1F;
		min = 0x80;
	} else if (c >= 0xE0 && c <= 0xEF) {
		n = 3;
		cp = c & 0x0F;
		min = 0x800;
	} else if (c >= 0xF0 && c <= 0xF4) {
		n = 4;
		cp = c & 0x07;
		min = 0x10000;
	} else {
		return 0;
	}
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0; /* also stops at the NUL */
		cp = (cp << 6) | (s[i] & 0x3F);
	}
	if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	return n;
}

int json_str(struct buf *b, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	if (!s)
		return buf_add(b, "null", 4);
	if (buf_addch(b, '"') < 0)
		return -1;
	const unsigned char *p = (const unsigned char *)s;
	const unsigned char *run = p; /* start of the bytes that go out as they are */
	while (*p) {
		unsigned char c = *p;
		size_t n = c >= 0x20 && c != '"' && c != '\\' ? utf8_seq(p) : 0;
		if (n) {
			p += n;
			continue;
		}
		if (p > run && buf_add(b, run, (size_t)(p - run)) < 0)
			return -1;
		char esc[7];
		size_t len = 2;
		esc[0] = '\\';
		switch (c) {
		case '"':
			esc[1] = '"';
			break;
		case '\\':
			esc[1] = '\\';
			break;
		case '\b':
			esc[1] = 'b';
			break;
		case '\f':
			esc[1] = 'f';
			break;
		case '\n':
			esc[1] = 'n';
			break;
		case '\r':
			esc[1] = 'r';
			break;
		case '\t':
			esc[1] = 't';
			break;
		default:
			if (c < 0x20) {
				memcpy(esc + 1, "u00", 3);
				esc[4] = hex[c >> 4];
				esc[5] = hex[c & 15];
				len = 6;
			} else {
				memcpy(esc, "\xEF\xBF\xBD", 3); /* U+FFFD for a byte that is not UTF-8 */
				len = 3;
			}
			break;
		}
		if (buf_add(b, esc, len) < 0)
			return -1;
		p++;
		run = p;
	}
	if (p > run && buf_add(b, run, (size_t)(p - run)) < 0)
		return -1;
	return buf_addch(b, '"');
}

int json_int(struct buf *b, int64_t v)
{
	char tmp[24];
	char *o = tmp + sizeof tmp;
	/* In unsigned arithmetic, so that INT64_MIN has a magnitude too. */
	uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
	do {
		*--o = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		*--o = '-';
	return buf_add(b, o, (size_t)(tmp + sizeof tmp - o));
}
