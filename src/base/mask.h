/*
 * mask: the one masking rule for personal data in lists, exports and public
 * notices (conventions.md), so that two masked lists can never be stitched
 * together into a full value.
 *
 *   ID number      first 6 + last 4     341699********1234
 *   certificate    the ID part masked as above, category and grade kept
 *   phone          first 3 + last 4     138****1234
 *   bank account   last 4               ***************1234
 *   name           first character      张*  (张**  for three characters)
 *
 * Each function writes a NUL-terminated result into out (which has room for
 * outsz bytes, truncating if it must) and keeps the length in characters of
 * the input. Values too short to mask are masked entirely; "" stays "".
 * Input is UTF-8; names are masked by character, not byte.
 *
 * Details (mask.c): "too short" means the pattern would hide fewer than 4
 * characters (an ID number under 14, a phone under 11, an account under 8);
 * a one-character name becomes "*". A certificate of any length other than
 * 20 characters gets the ID-number rule. Bytes that are not UTF-8 count as
 * one character each and, where kept, come out as '?', so the result is
 * always valid UTF-8; truncation never splits a character. NULL in gives "".
 */
#ifndef HUIMIN_MASK_H
#define HUIMIN_MASK_H

#include <stddef.h>

void mask_idcard(const char *in, char *out, size_t outsz);
void mask_cert(const char *in, char *out, size_t outsz);
void mask_phone(const char *in, char *out, size_t outsz);
void mask_account(const char *in, char *out, size_t outsz);
void mask_name(const char *in, char *out, size_t outsz);

#endif
