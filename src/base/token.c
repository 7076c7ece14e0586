#include "base/token.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#define TOKEN_BYTES 32

static pthread_once_t once = PTHREAD_ONCE_INIT;

static void init_once(void)
{
	if (sodium_init() < 0) {
		fprintf(stderr, "huimin: libsodium could not be initialised (no random source?)\n");
		abort();
	}
}

void token_init(void)
{
	if (pthread_once(&once, init_once) != 0) {
		fprintf(stderr, "huimin: pthread_once failed while initialising libsodium\n");
		abort();
	}
}

void token_new(char out[TOKEN_HEX])
{
	unsigned char bytes[TOKEN_BYTES];
	token_init();
	randombytes_buf(bytes, sizeof bytes);
	sodium_bin2hex(out, TOKEN_HEX, bytes, sizeof bytes);
	sodium_memzero(bytes, sizeof bytes);
}

void token_hash(const char *token, char out[TOKEN_HEX])
{
	unsigned char hash[crypto_generichash_BYTES];
	_Static_assert(crypto_generichash_BYTES == TOKEN_BYTES, "BLAKE2b-256 is 32 bytes");
	token_init();
	if (!token)
		token = "";
	crypto_generichash(hash, sizeof hash, (const unsigned char *)token, strlen(token), NULL, 0);
	sodium_bin2hex(out, TOKEN_HEX, hash, sizeof hash);
}

void token_sha256_hex(const void *data, size_t n, char out[TOKEN_HEX])
{
	unsigned char hash[crypto_hash_sha256_BYTES];
	_Static_assert(crypto_hash_sha256_BYTES == TOKEN_BYTES, "SHA-256 is 32 bytes");
	token_init();
	crypto_hash_sha256(hash, n ? data : (const void *)"", n);
	sodium_bin2hex(out, TOKEN_HEX, hash, sizeof hash);
}

/*
 * The lengths are compared first: they are not secret (a token's length is
 * public), and only equal lengths are compared byte for byte, in constant
 * time. NULL equals nothing, not even NULL.
 */
bool token_equal(const char *a, const char *b)
{
	token_init();
	if (!a || !b)
		return false;
	size_t n = strlen(a);
	if (n != strlen(b))
		return false;
	if (n == 0)
		return true;
	return sodium_memcmp(a, b, n) == 0;
}

/* 0 when bound is 0 or 1. */
unsigned token_uniform(unsigned bound)
{
	_Static_assert(sizeof(unsigned) <= sizeof(uint32_t), "randombytes_uniform takes a uint32_t");
	token_init();
	if (bound < 2)
		return 0;
	return (unsigned)randombytes_uniform((uint32_t)bound);
}
