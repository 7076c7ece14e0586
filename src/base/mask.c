#include "base/mask.h"

#include <stdbool.h>
#include <string.h>

/*
 * The pattern (first `head`, last `tail` characters shown) is used only when
 * it hides at least this many characters; otherwise the whole value is
 * masked. "12345678" as a phone would otherwise come out as "123*5678",
 * which is the number with one guessable digit missing.
 */
#define MIN_HIDDEN 4

/*
 * Length in bytes of the UTF-8 character at s (s[0] != NUL), or 0 when the
 * bytes there are not a well-formed character (stray continuation byte,
 * overlong form, surrogate, above U+10FFFF, or cut short). Reads no further
 * than the first byte that does not fit, so never past a NUL.
 */
static size_t utf8_len(const unsigned char *s)
{
	size_t n;
	unsigned char lo = 0x80, hi = 0xBF; /* allowed range of the second byte */

	if (s[0] < 0x80)
		return 1;
	if (s[0] < 0xC2)
		return 0;
	if (s[0] < 0xE0) {
		n = 2;
	} else if (s[0] < 0xF0) {
		n = 3;
		if (s[0] == 0xE0)
			lo = 0xA0; /* overlong */
		else if (s[0] == 0xED)
			hi = 0x9F; /* surrogates */
	} else if (s[0] < 0xF5) {
		n = 4;
		if (s[0] == 0xF0)
			lo = 0x90; /* overlong */
		else if (s[0] == 0xF4)
			hi = 0x8F; /* above U+10FFFF */
	} else {
		return 0;
	}
	if (s[1] < lo || s[1] > hi)
		return 0;
	for (size_t i = 2; i < n; i++)
		if (s[i] < 0x80 || s[i] > 0xBF)
			return 0;
	return n;
}

/* One character: its bytes, or a single bad byte that counts as one. */
static size_t char_step(const unsigned char *s, bool *bad)
{
	size_t n = utf8_len(s);

	*bad = n == 0;
	return n ? n : 1;
}

static size_t count_chars(const char *in)
{
	const unsigned char *s = (const unsigned char *)in;
	size_t count = 0;
	bool bad;

	while (*s) {
		s += char_step(s, &bad);
		count++;
	}
	return count;
}

/*
 * Writes in with every character but the first head and the last tail
 * replaced by one '*'. A kept byte that is not valid UTF-8 comes out as '?',
 * so the result is always valid UTF-8 (JSON encoders reject anything else).
 * When out is too small the result stops before the first character that
 * does not fit, never inside one.
 */
static void mask_keep(const char *in, char *out, size_t outsz, size_t head, size_t tail, size_t min_hidden)
{
	const unsigned char *s = (const unsigned char *)in;
	size_t n, pos = 0;

	if (outsz == 0)
		return;
	if (!in) {
		out[0] = '\0';
		return;
	}
	n = count_chars(in);
	if (n < head + tail + min_hidden)
		head = tail = 0;
	for (size_t i = 0; i < n; i++) {
		bool bad;
		size_t len = char_step(s, &bad);
		bool keep = i < head || i >= n - tail;
		size_t outlen = keep && !bad ? len : 1;

		if (outlen >= outsz - pos)
			break; /* no room for it and the NUL */
		if (!keep)
			out[pos] = '*';
		else if (bad)
			out[pos] = '?';
		else
			memcpy(out + pos, s, len);
		pos += outlen;
		s += len;
	}
	out[pos] = '\0';
}

void mask_idcard(const char *in, char *out, size_t outsz)
{
	mask_keep(in, out, outsz, 6, 4, MIN_HIDDEN);
}

void mask_cert(const char *in, char *out, size_t outsz)
{
	/*
	 * ID number masked as by mask_idcard (6 + 8 hidden + 4) then category
	 * and grade: the last 6 of 20 characters kept. Any other length is not a
	 * certificate number; it gets the ID rule, which shows no more.
	 */
	if (in && count_chars(in) == 20)
		mask_keep(in, out, outsz, 6, 6, MIN_HIDDEN);
	else
		mask_keep(in, out, outsz, 6, 4, MIN_HIDDEN);
}

void mask_phone(const char *in, char *out, size_t outsz)
{
	mask_keep(in, out, outsz, 3, 4, MIN_HIDDEN);
}

void mask_account(const char *in, char *out, size_t outsz)
{
	mask_keep(in, out, outsz, 0, 4, MIN_HIDDEN);
}

void mask_name(const char *in, char *out, size_t outsz)
{
	/* A one-character name would show whole, so it becomes "*". */
	mask_keep(in, out, outsz, 1, 0, 1);
}
