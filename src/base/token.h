/*
 * token: secrets for sessions, CSRF and API access, and the hashes they are
 * stored as (libsodium).
 *
 * A token is 32 random bytes (256 bits) written as 64 lowercase hex digits.
 * Only its hash goes into the database, so a copy of the database lets no
 * one log in. Hashes are BLAKE2b-256 (crypto_generichash), hex; the audit
 * chain uses SHA-256 (token_sha256_hex) so that it can be checked with
 * ordinary tools.
 */
#ifndef HUIMIN_TOKEN_H
#define HUIMIN_TOKEN_H

#include <stdbool.h>
#include <stddef.h>

#define TOKEN_HEX 65 /* 64 hex digits and a NUL */

/* Initialises libsodium once (thread-safe); aborts with a message if it cannot. */
void token_init(void);
/* A new random token into out. */
void token_new(char out[TOKEN_HEX]);
/* The stored form of token (BLAKE2b-256, hex). */
void token_hash(const char *token, char out[TOKEN_HEX]);
/* SHA-256 of the n bytes at data, hex. */
void token_sha256_hex(const void *data, size_t n, char out[TOKEN_HEX]);
/*
 * Compares two NUL-terminated strings in time that does not depend on where
 * they differ (lengths are compared first: strings of different lengths are
 * unequal at once). NULL equals nothing, not even NULL.
 */
bool token_equal(const char *a, const char *b);
/* A uniformly random integer in [0, bound); 0 when bound is 0. */
unsigned token_uniform(unsigned bound);

#endif
