/*
 * libFuzzer target for web/html: whatever the bytes, the escaped text is
 * valid UTF-8 and holds no character that could open markup or end an
 * attribute, and a URL argument holds only unreserved characters and %XX.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/utf8.h"
#include "base/xalloc.h"
#include "web/html.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = xstrndup((const char *)data, size);
	struct buf t = BUF_INIT(1 << 20), a = BUF_INIT(1 << 20), u = BUF_INIT(1 << 20);
	if (html_txt(&t, s) < 0 || html_attr(&a, s) < 0 || html_url_arg(&u, s) < 0)
		abort();
	if (!utf8_valid(buf_cstr(&t), t.len) || !utf8_valid(buf_cstr(&a), a.len))
		abort();
	if (strpbrk(buf_cstr(&t), "<>\"'") || strpbrk(buf_cstr(&a), "<>\"'\n\r\t"))
		abort();
	for (const char *p = buf_cstr(&u); *p; p++)
		if (!strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~%", *p))
			abort();
	buf_release(&t);
	buf_release(&a);
	buf_release(&u);
	free(s);
	return 0;
}
