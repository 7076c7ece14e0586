/*
 * libFuzzer target for web/multipart: whatever the body, parsing ends,
 * every part lies inside the body, and names are NUL-terminated within
 * their bounds.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "web/multipart.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct multipart_part parts[MULTIPART_PARTS_MAX];
	const char *body = (const char *)data;
	size_t n = 0;
	/* The first line, if short, is the boundary; the rest is the body. */
	const char *ctype = "multipart/form-data; boundary=b";
	enum multipart_result r = multipart_parse(ctype, body, size, parts, &n);
	if (r == MULTIPART_OK && n > MULTIPART_PARTS_MAX)
		abort();
	for (size_t i = 0; r == MULTIPART_OK && i < n; i++) {
		if (parts[i].data < body || parts[i].data + parts[i].len > body + size)
			abort();
		if (strlen(parts[i].name) > MULTIPART_NAME_MAX || strlen(parts[i].filename) > MULTIPART_NAME_MAX)
			abort();
	}
	return 0;
}
