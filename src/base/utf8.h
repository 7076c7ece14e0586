/*
 * utf8: counting and checking UTF-8 text. Strings handed around huimin are
 * UTF-8; limits users see ("最多30个字") count characters, not bytes.
 */
#ifndef HUIMIN_UTF8_H
#define HUIMIN_UTF8_H

#include <stdbool.h>
#include <stddef.h>

/* Whether the n bytes at s are strict UTF-8 (no overlongs, surrogates or code points past U+10FFFF). */
bool utf8_valid(const char *s, size_t n);
/* Characters in the NUL-terminated UTF-8 string s (continuation bytes are not counted). */
size_t utf8_length(const char *s);
/* Whether s has a control character (below U+0020, or DEL), tab included. */
bool utf8_has_control(const char *s);

#endif
