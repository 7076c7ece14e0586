/*
 * multipart: parsing a multipart/form-data body (RFC 7578), the way
 * browsers send a form with a file (the import page's upload).
 *
 * The parser works on the whole body, already bounded by the server's
 * REQUEST_BODY_MAX, and copies nothing: each part points into the body.
 * A part's headers are read for its name and file name only; a body that
 * does not follow the format (no boundary, a part without its closing
 * delimiter, headers over MULTIPART_HEADERS_MAX bytes, more than
 * MULTIPART_PARTS_MAX parts) is refused as a whole.
 *
 *   struct multipart_part parts[MULTIPART_PARTS_MAX];
 *   size_t n;
 *   if (multipart_parse(ctype, body, len, parts, &n) != MULTIPART_OK) ...400...
 */
#ifndef HUIMIN_MULTIPART_H
#define HUIMIN_MULTIPART_H

#include <stdbool.h>
#include <stddef.h>

#define MULTIPART_PARTS_MAX 64
#define MULTIPART_HEADERS_MAX 2048 /* bytes of one part's headers */
#define MULTIPART_NAME_MAX 128	   /* bytes of a field name or file name */

struct multipart_part {
	char name[MULTIPART_NAME_MAX + 1];
	char filename[MULTIPART_NAME_MAX + 1]; /* "" for a plain field */
	bool is_file;			       /* the part had a filename parameter (maybe empty: no file chosen) */
	const char *data;		       /* into the body */
	size_t len;
};

enum multipart_result {
	MULTIPART_OK = 0,
	MULTIPART_NOT_MULTIPART, /* the content type is not multipart/form-data with a boundary */
	MULTIPART_INVALID,	 /* the body does not follow the format */
	MULTIPART_TOO_MANY,	 /* more than MULTIPART_PARTS_MAX parts, or a name too long */
};

/* Whether content_type (a header value, NULL fine) announces multipart/form-data. */
bool multipart_is(const char *content_type);

/*
 * Splits body into parts (at most MULTIPART_PARTS_MAX) and sets *count.
 * Parts point into body, which must outlive them.
 */
enum multipart_result multipart_parse(const char *content_type, const char *body, size_t len,
				      struct multipart_part *parts, size_t *count);

#endif
