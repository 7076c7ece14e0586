#include "base/error.h"

#include <stdarg.h>
#include <stdio.h>

int error_set(struct error *err, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(err->msg, sizeof err->msg, fmt, ap);
	va_end(ap);
	if (n >= (int)sizeof err->msg) {
		/* Cut short: drop a character the cut left incomplete, so the message stays UTF-8. */
		size_t len = sizeof err->msg - 1, start = len;
		while (start > 0 && ((unsigned char)err->msg[start - 1] & 0xC0) == 0x80)
			start--;
		if (start > 0 && ((unsigned char)err->msg[start - 1] & 0x80)) {
			unsigned char lead = (unsigned char)err->msg[start - 1];
			size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
			if (len - (start - 1) < need)
				err->msg[start - 1] = '\0';
		}
	}
	return -1;
}
