#include "web/multipart.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#define BOUNDARY_MAX 70 /* RFC 2046 */

bool multipart_is(const char *content_type)
{
	return content_type && strncasecmp(content_type, "multipart/form-data", 19) == 0;
}

/* The boundary parameter of the content type into out (BOUNDARY_MAX + 1 bytes); false when absent or bad. */
static bool boundary_of(const char *ctype, char *out)
{
	const char *p = ctype;
	while ((p = strchr(p, ';'))) {
		p++;
		while (*p == ' ' || *p == '\t')
			p++;
		if (strncasecmp(p, "boundary=", 9) != 0)
			continue;
		p += 9;
		bool quoted = *p == '"';
		if (quoted)
			p++;
		size_t n = 0;
		while (p[n] && (quoted ? p[n] != '"' : p[n] != ';' && p[n] != ' ' && p[n] != '\t'))
			n++;
		if (n == 0 || n > BOUNDARY_MAX || (quoted && p[n] != '"'))
			return false;
		memcpy(out, p, n);
		out[n] = '\0';
		return true;
	}
	return false;
}

/*
 * The value of parameter name (e.g. "name=") in one Content-Disposition
 * header line [h, end), quoted or not, into out. 1 found, 0 absent, -1 too
 * long or unterminated.
 */
static int param(const char *h, const char *end, const char *name, char out[MULTIPART_NAME_MAX + 1])
{
	size_t nlen = strlen(name);
	for (const char *p = h; p + nlen <= end; p++) {
		/* The parameter starts after ';' and blanks: "filename=" must not match "name=". */
		if (strncasecmp(p, name, nlen) != 0 || (p > h && p[-1] != ';' && p[-1] != ' ' && p[-1] != '\t'))
			continue;
		const char *v = p + nlen, *stop;
		if (v < end && *v == '"') {
			v++;
			stop = memchr(v, '"', (size_t)(end - v));
			if (!stop)
				return -1;
		} else {
			stop = v;
			while (stop < end && *stop != ';')
				stop++;
		}
		/* Old browsers send a whole path as the file name: keep its last part. */
		for (const char *s = v; s < stop; s++)
			if (*s == '/' || *s == '\\')
				v = s + 1;
		size_t n = (size_t)(stop - v);
		if (n > MULTIPART_NAME_MAX)
			return -1;
		memcpy(out, v, n);
		out[n] = '\0';
		return 1;
	}
	return 0;
}

/* Reads the part's headers [h, end) into part. MULTIPART_OK or an error. */
static enum multipart_result part_headers(const char *h, const char *end, struct multipart_part *part)
{
	bool disposition = false;
	while (h < end) {
		const char *eol = memmem(h, (size_t)(end - h), "\r\n", 2);
		if (!eol)
			eol = end;
		if ((size_t)(eol - h) > 20 && strncasecmp(h, "Content-Disposition:", 20) == 0) {
			const char *v = h + 20;
			while (v < eol && (*v == ' ' || *v == '\t'))
				v++;
			if ((size_t)(eol - v) < 9 || strncasecmp(v, "form-data", 9) != 0)
				return MULTIPART_INVALID;
			int rn = param(v, eol, "name=", part->name);
			int rf = param(v, eol, "filename=", part->filename);
			if (rn < 0 || rf < 0)
				return MULTIPART_TOO_MANY;
			if (rn == 0)
				return MULTIPART_INVALID;
			part->is_file = rf == 1;
			disposition = true;
		}
		h = eol + 2;
	}
	return disposition ? MULTIPART_OK : MULTIPART_INVALID;
}

enum multipart_result multipart_parse(const char *content_type, const char *body, size_t len,
				      struct multipart_part *parts, size_t *count)
{
	char boundary[BOUNDARY_MAX + 1];
	char delim[BOUNDARY_MAX + 5]; /* "\r\n--" boundary */
	*count = 0;
	if (!multipart_is(content_type) || !boundary_of(content_type, boundary))
		return MULTIPART_NOT_MULTIPART;
	size_t dlen = (size_t)snprintf(delim, sizeof delim, "\r\n--%s", boundary);
	if (!body)
		return MULTIPART_INVALID;
	const char *end = body + len, *p;
	/* The first delimiter may open the body (without the CRLF before it) or follow a preamble. */
	if (len >= dlen - 2 && memcmp(body, delim + 2, dlen - 2) == 0)
		p = body + dlen - 2;
	else if ((p = memmem(body, len, delim, dlen)))
		p += dlen;
	else
		return MULTIPART_INVALID;
	for (;;) {
		/* After a delimiter: "--" closes the body, CRLF starts a part (transport padding allowed). */
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		if (end - p >= 2 && p[0] == '-' && p[1] == '-')
			return MULTIPART_OK;
		if (end - p < 2 || p[0] != '\r' || p[1] != '\n')
			return MULTIPART_INVALID;
		p += 2;
		if (*count == MULTIPART_PARTS_MAX)
			return MULTIPART_TOO_MANY;
		size_t window = (size_t)(end - p) < MULTIPART_HEADERS_MAX + 4 ? (size_t)(end - p) : MULTIPART_HEADERS_MAX + 4;
		const char *hend = end - p >= 2 && p[0] == '\r' && p[1] == '\n' ? p : memmem(p, window, "\r\n\r\n", 4);
		if (!hend)
			return (size_t)(end - p) > MULTIPART_HEADERS_MAX ? MULTIPART_TOO_MANY : MULTIPART_INVALID;
		struct multipart_part *part = &parts[*count];
		memset(part, 0, sizeof *part);
		enum multipart_result r = part_headers(p, hend, part);
		if (r != MULTIPART_OK)
			return r;
		/* No headers at all: hend is p and the blank line is just CRLF. */
		const char *data = hend == p ? p + 2 : hend + 4;
		if (data > end)
			return MULTIPART_INVALID;
		const char *next = memmem(data, (size_t)(end - data), delim, dlen);
		if (!next)
			return MULTIPART_INVALID;
		part->data = data;
		part->len = (size_t)(next - data);
		(*count)++;
		p = next + dlen;
	}
}
