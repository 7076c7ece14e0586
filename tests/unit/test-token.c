/*
 * Unit tests for base/token: new tokens, their stored hashes, SHA-256
 * against the published vectors, constant-time comparison and uniform
 * random numbers.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <string.h>

#include "base/token.h"

/* Whether s is 64 lowercase hex digits. */
static void assert_hex64(const char *s)
{
	assert_int_equal(strlen(s), 64);
	for (const char *c = s; *c; c++)
		if (!((*c >= '0' && *c <= '9') || (*c >= 'a' && *c <= 'f')))
			fail_msg("not lowercase hex: %s", s);
}

static void test_new(void **state)
{
	char a[TOKEN_HEX], b[TOKEN_HEX];
	(void)state;
	token_init();
	token_init(); /* twice is fine */
	token_new(a);
	token_new(b);
	assert_hex64(a);
	assert_hex64(b);
	assert_string_not_equal(a, b);
}

static void test_hash(void **state)
{
	char t[TOKEN_HEX], h1[TOKEN_HEX], h2[TOKEN_HEX], other[TOKEN_HEX];
	(void)state;
	token_new(t);
	token_hash(t, h1);
	token_hash(t, h2);
	assert_hex64(h1);
	assert_string_equal(h1, h2); /* deterministic */
	assert_string_not_equal(h1, t);
	t[0] = t[0] == 'a' ? 'b' : 'a';
	token_hash(t, other);
	assert_string_not_equal(h1, other);
	/* Unkeyed BLAKE2b with a 32-byte digest, as Python's hashlib.blake2b(b"", digest_size=32) gives. */
	token_hash("", h1);
	assert_string_equal(h1, "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8");
}

static void test_sha256_vectors(void **state)
{
	static const struct {
		const char *data;
		const char *hex;
	} cases[] = {
	    {"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
	    {"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
	    {"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
	     "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
	};
	char out[TOKEN_HEX];
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		token_sha256_hex(cases[i].data, strlen(cases[i].data), out);
		assert_string_equal(out, cases[i].hex);
	}
	token_sha256_hex(NULL, 0, out); /* no bytes: no pointer needed */
	assert_string_equal(out, cases[0].hex);
	/* n bytes, not up to a NUL. */
	token_sha256_hex("abcdef", 3, out);
	assert_string_equal(out, cases[1].hex);
}

static void test_equal(void **state)
{
	static const struct {
		const char *a, *b;
		bool equal;
	} cases[] = {
	    {"", "", true},
	    {"abc", "abc", true},
	    {"abc", "abd", false},
	    {"abc", "xbc", false},
	    {"abc", "ab", false},
	    {"ab", "abc", false},
	    {"", "a", false},
	    {"a", "", false},
	    {"0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8",
	     "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8", true},
	    {"0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8",
	     "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a9", false},
	};
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		if (token_equal(cases[i].a, cases[i].b) != cases[i].equal)
			fail_msg("token_equal(\"%s\", \"%s\") should be %d", cases[i].a, cases[i].b, cases[i].equal);
	assert_false(token_equal(NULL, "a"));
	assert_false(token_equal("a", NULL));
	assert_false(token_equal(NULL, NULL));
}

static void test_uniform(void **state)
{
	(void)state;
	for (unsigned bound = 1; bound <= 100; bound++)
		for (int i = 0; i < 20; i++)
			assert_true(token_uniform(bound) < bound);
	assert_int_equal(token_uniform(0), 0);
	assert_int_equal(token_uniform(1), 0);

	/* Every value of a small bound comes up (the chance of missing one in 1000 draws is below 1e-120). */
	int seen[7] = {0};
	for (int i = 0; i < 1000; i++)
		seen[token_uniform(7)]++;
	for (int v = 0; v < 7; v++)
		if (!seen[v])
			fail_msg("token_uniform(7) never gave %d", v);

	/* The top of the range is reachable too. */
	unsigned big = 0;
	for (int i = 0; i < 100; i++) {
		unsigned v = token_uniform(4000000000u);
		assert_true(v < 4000000000u);
		if (v > big)
			big = v;
	}
	assert_true(big > 2000000000u); /* chance of failing: 2^-100 */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_new),   cmocka_unit_test(test_hash),    cmocka_unit_test(test_sha256_vectors),
	    cmocka_unit_test(test_equal), cmocka_unit_test(test_uniform),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
