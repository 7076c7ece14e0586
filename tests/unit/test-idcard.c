#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "base/idcard.h"

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

static const struct date TODAY = {2024, 6, 15};

static void test_check_char(void **state)
{
	static const struct {
		const char *in;
		char check;
	} rows[] = {
	    {"11010519491231002", 'X'},
	    {"44052418800101001", '4'},
	    {"11010520240229001", '1'},
	    {"91010519800101001", '5'},
	    /* only the first 17 characters are read */
	    {"11010519491231002X", 'X'},
	    {"1101051949123100", '?'},
	    {"", '?'},
	    {"1101051949123100a", '?'},
	    {"a1010519491231002", '?'},
	    {"11010519491231 02", '?'},
	};
	(void)state;
	for (size_t i = 0; i < N_ELEMS(rows); i++)
		assert_int_equal(idcard_check_char(rows[i].in), rows[i].check);
	assert_int_equal(idcard_check_char(NULL), '?');
}

static void test_parse_valid(void **state)
{
	static const struct {
		const char *in;
		const char *number;
		struct date birth;
		enum idcard_sex sex;
	} rows[] = {
	    {"11010519491231002X", "11010519491231002X", {1949, 12, 31}, SEX_FEMALE},
	    {"11010519491231002x", "11010519491231002X", {1949, 12, 31}, SEX_FEMALE},
	    {"440524188001010014", "440524188001010014", {1880, 1, 1}, SEX_MALE},
	    /* born on a leap day, and born today */
	    {"110105202402290011", "110105202402290011", {2024, 2, 29}, SEX_MALE},
	    /* permanent residence ID of a foreigner */
	    {"910105198001010015", "910105198001010015", {1980, 1, 1}, SEX_MALE},
	};
	(void)state;
	for (size_t i = 0; i < N_ELEMS(rows); i++) {
		struct idcard id;
		memset(&id, 0, sizeof id);
		assert_int_equal(idcard_parse(rows[i].in, TODAY, &id), IDCARD_OK);
		assert_string_equal(id.number, rows[i].number);
		assert_int_equal(date_cmp(id.birth, rows[i].birth), 0);
		assert_int_equal(id.sex, rows[i].sex);
	}
	{
		struct date born = {2024, 6, 15};
		struct idcard id;
		char s[19] = "11010520240615001";
		s[17] = idcard_check_char(s);
		assert_int_equal(idcard_parse(s, born, &id), IDCARD_OK);
	}
}

/* Every province code the parser accepts, each with a valid check char. */
static void test_parse_provinces(void **state)
{
	static const int ok[] = {11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43,
	                         44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83, 91};
	(void)state;
	for (int code = 0; code <= 99; code++) {
		char s[19] = "000105198001010015";
		struct idcard id;
		bool want = false;

		for (size_t i = 0; i < N_ELEMS(ok); i++)
			want = want || ok[i] == code;
		s[0] = (char)('0' + code / 10);
		s[1] = (char)('0' + code % 10);
		s[17] = idcard_check_char(s);
		assert_int_equal(idcard_parse(s, TODAY, &id), want ? IDCARD_OK : IDCARD_AREA);
	}
}

/*
 * 17 digits, to which the test adds the right check char, so the status
 * can only come from the part under test.
 */
static void test_parse_invalid_checked(void **state)
{
	static const struct {
		const char *first17;
		enum idcard_status status;
	} rows[] = {
	    {"00010519491231002", IDCARD_AREA},   {"99010519491231002", IDCARD_AREA},
	    {"10010519491231002", IDCARD_AREA},   {"16010519491231002", IDCARD_AREA},
	    {"84010519491231002", IDCARD_AREA},   {"92010519491231002", IDCARD_AREA},
	    {"11010520230229002", IDCARD_BIRTH},  {"11010519000229002", IDCARD_BIRTH},
	    {"11010519490230002", IDCARD_BIRTH},  {"11010519490001002", IDCARD_BIRTH},
	    {"11010519491300002", IDCARD_BIRTH},  {"11010519490100002", IDCARD_BIRTH},
	    {"11010519490432002", IDCARD_BIRTH},  {"11010519490431002", IDCARD_BIRTH},
	    {"11010517991231001", IDCARD_BIRTH},  {"11010500000101001", IDCARD_BIRTH},
	    {"11010520240616001", IDCARD_FUTURE}, {"11010520240701001", IDCARD_FUTURE},
	    {"11010520250101001", IDCARD_FUTURE}, {"11010599991231001", IDCARD_FUTURE},
	    {"11010518000101001", IDCARD_OK},     {"11010520240615001", IDCARD_OK},
	};
	(void)state;
	for (size_t i = 0; i < N_ELEMS(rows); i++) {
		char s[19];
		struct idcard id;
		memcpy(s, rows[i].first17, 17);
		s[17] = idcard_check_char(s);
		s[18] = '\0';
		if (idcard_parse(s, TODAY, &id) != rows[i].status)
			fail_msg("%s: got %d, want %d", s, idcard_parse(s, TODAY, &id), rows[i].status);
	}
}

/* The way callers use it: against date_today(), here pinned. */
static void test_parse_pinned_today(void **state)
{
	static const struct {
		struct date today;
		enum idcard_status status;
	} rows[] = {
	    {{2024, 2, 28}, IDCARD_FUTURE},
	    {{2024, 2, 29}, IDCARD_OK},
	    {{2024, 3, 1}, IDCARD_OK},
	    {{2023, 12, 31}, IDCARD_FUTURE},
	};
	(void)state;
	for (size_t i = 0; i < N_ELEMS(rows); i++) {
		struct idcard id;
		date_set_today(&rows[i].today);
		assert_int_equal(idcard_parse("110105202402290011", date_today(), &id), rows[i].status);
	}
	date_set_today(NULL);
}

static void test_parse_invalid(void **state)
{
	static const struct {
		const char *in;
		enum idcard_status status;
	} rows[] = {
	    {"", IDCARD_EMPTY},
	    {"1", IDCARD_LENGTH},
	    {"11010519491231002", IDCARD_LENGTH},
	    {"11010519491231002X1", IDCARD_LENGTH},
	    {"11010519491231002X ", IDCARD_LENGTH},
	    {" 11010519491231002X", IDCARD_LENGTH},
	    {"110105194912310", IDCARD_LENGTH}, /* old 15-digit numbers are not accepted */
	    {"11010519491231002X11010519491231002X", IDCARD_LENGTH},
	    /* full-width digits: 3 bytes each */
	    {"１１０１０５１９４９１２３１００２Ｘ", IDCARD_LENGTH},
	    /* 18 bytes with a multi-byte character in them */
	    {"110105194912310０", IDCARD_CHARS},
	    {"A1010519491231002X", IDCARD_CHARS},
	    {"1101051949123100XX", IDCARD_CHARS},
	    {"X10105194912310020", IDCARD_CHARS},
	    {"11010519491231002Y", IDCARD_CHARS},
	    {"11010519491231002 ", IDCARD_CHARS},
	    {"1101051949 231002X", IDCARD_CHARS},
	    {"-1010519491231002X", IDCARD_CHARS},
	    {"+1010519491231002X", IDCARD_CHARS},
	    {"11010519491231002\t", IDCARD_CHARS},
	    /* the first problem wins: letters before a bad area */
	    {"0001051949123100aX", IDCARD_CHARS},
	    {"00010519491231002X", IDCARD_AREA},
	    {"11010519490230002X", IDCARD_BIRTH},
	    {"11010517991231002X", IDCARD_BIRTH},
	    {"11010520250101002X", IDCARD_FUTURE},
	    /* the public examples with their check char changed */
	    {"110105194912310020", IDCARD_CHECK},
	    {"110105194912310029", IDCARD_CHECK},
	    {"440524188001010013", IDCARD_CHECK},
	    {"440524188001010015", IDCARD_CHECK},
	    {"44052418800101001X", IDCARD_CHECK},
	    {"44052418800101001x", IDCARD_CHECK},
	    /* a digit changed, check char kept */
	    {"11010519491231003X", IDCARD_CHECK},
	    {"440524188001010024", IDCARD_CHECK},
	};
	(void)state;
	for (size_t i = 0; i < N_ELEMS(rows); i++) {
		struct idcard id;
		memset(&id, 0x5a, sizeof id);
		if (idcard_parse(rows[i].in, TODAY, &id) != rows[i].status)
			fail_msg("\"%s\": got %d, want %d", rows[i].in, idcard_parse(rows[i].in, TODAY, &id),
			         rows[i].status);
		/* out is filled only on success */
		assert_int_equal((unsigned char)id.number[0], 0x5a);
	}
	assert_int_equal(idcard_parse(NULL, TODAY, NULL), IDCARD_EMPTY);
}

/* Every wrong check char for the public examples is rejected. */
static void test_parse_each_wrong_check(void **state)
{
	static const char *const valid[] = {"11010519491231002X", "440524188001010014"};
	static const char chars[] = "0123456789Xx";
	(void)state;
	for (size_t v = 0; v < N_ELEMS(valid); v++) {
		for (size_t c = 0; c < sizeof chars - 1; c++) {
			char s[19];
			struct idcard id;
			bool right;
			memcpy(s, valid[v], sizeof s);
			right = (chars[c] == 'x' ? 'X' : chars[c]) == valid[v][17];
			s[17] = chars[c];
			assert_int_equal(idcard_parse(s, TODAY, &id), right ? IDCARD_OK : IDCARD_CHECK);
		}
	}
}

/* A small deterministic generator, so that a failure can be replayed. */
static uint32_t rng_next(uint32_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 17;
	*x ^= *x << 5;
	return *x;
}

static void test_parse_generated(void **state)
{
	static const int provinces[] = {11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43,
	                                44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83, 91};
	static const char chars[] = "0123456789X";
	uint32_t x = 20240615;
	long lo = date_to_days((struct date){1800, 1, 1}), hi = date_to_days(TODAY);

	(void)state;
	for (int n = 0; n < 1000; n++) {
		char s[19];
		struct idcard id;
		int prov = provinces[rng_next(&x) % N_ELEMS(provinces)];
		unsigned area = rng_next(&x) % 10000, seq = rng_next(&x) % 1000;
		struct date birth = date_from_days(lo + (long)(rng_next(&x) % (uint32_t)(hi - lo + 1)));
		char check;

		s[0] = (char)('0' + prov / 10);
		s[1] = (char)('0' + prov % 10);
		for (int i = 0; i < 4; i++, area /= 10)
			s[5 - i] = (char)('0' + area % 10);
		for (int i = 0, y = birth.year; i < 4; i++, y /= 10)
			s[9 - i] = (char)('0' + y % 10);
		s[10] = (char)('0' + birth.month / 10);
		s[11] = (char)('0' + birth.month % 10);
		s[12] = (char)('0' + birth.day / 10);
		s[13] = (char)('0' + birth.day % 10);
		for (int i = 0; i < 3; i++, seq /= 10)
			s[16 - i] = (char)('0' + seq % 10);
		s[18] = '\0';
		check = idcard_check_char(s);
		assert_true(strchr(chars, check) != NULL);

		for (size_t c = 0; c < sizeof chars - 1; c++) {
			s[17] = chars[c];
			if (chars[c] == check) {
				assert_int_equal(idcard_parse(s, TODAY, &id), IDCARD_OK);
				assert_string_equal(id.number, s);
				assert_int_equal(date_cmp(id.birth, birth), 0);
				assert_int_equal(id.sex, (s[16] - '0') % 2 ? SEX_MALE : SEX_FEMALE);
			} else {
				if (idcard_parse(s, TODAY, &id) != IDCARD_CHECK)
					fail_msg("%s accepted (check is %c)", s, check);
			}
		}
	}
}

static void test_cert_valid(void **state)
{
	static const struct {
		const char *in, *idnumber, *number;
		int category, grade;
	} rows[] = {
	    {"11010519491231002X11", "11010519491231002X", "11010519491231002X11", 1, 1},
	    {"11010519491231002x11", "11010519491231002X", "11010519491231002X11", 1, 1},
	    {"11010519491231002X74", "11010519491231002x", "11010519491231002X74", 7, 4},
	    {"11010519491231002x43", "11010519491231002x", "11010519491231002X43", 4, 3},
	    {"44052418800101001452", "440524188001010014", "44052418800101001452", 5, 2},
	};
	(void)state;
	for (size_t i = 0; i < N_ELEMS(rows); i++) {
		struct cert c;
		memset(&c, 0, sizeof c);
		assert_int_equal(cert_parse(rows[i].in, rows[i].idnumber, &c), CERT_OK);
		assert_string_equal(c.number, rows[i].number);
		assert_int_equal(c.category, rows[i].category);
		assert_int_equal(c.grade, rows[i].grade);
	}
}

static void test_cert_invalid(void **state)
{
	static const char *const ID = "11010519491231002X";
	static const struct {
		const char *in;
		const char *idnumber;
		enum cert_status status;
	} rows[] = {
	    {"", NULL, CERT_LENGTH},
	    {"11010519491231002X", NULL, CERT_LENGTH},
	    {"11010519491231002X1", NULL, CERT_LENGTH},
	    {"11010519491231002X111", NULL, CERT_LENGTH},
	    {"11010519491231002X11 ", NULL, CERT_LENGTH},
	    {"１１０１０５１９４９１２３１００２Ｘ１１", NULL, CERT_LENGTH},
	    {"11010519491231002X01", NULL, CERT_CATEGORY},
	    {"11010519491231002X81", NULL, CERT_CATEGORY},
	    {"11010519491231002X91", NULL, CERT_CATEGORY},
	    {"11010519491231002XA1", NULL, CERT_CATEGORY},
	    {"11010519491231002X 1", NULL, CERT_CATEGORY},
	    {"11010519491231002X10", NULL, CERT_GRADE},
	    {"11010519491231002X15", NULL, CERT_GRADE},
	    {"11010519491231002X19", NULL, CERT_GRADE},
	    {"11010519491231002X1a", NULL, CERT_GRADE},
	    {"11010519491231002X1 ", NULL, CERT_GRADE},
	    /* the category is looked at before the grade */
	    {"11010519491231002X00", NULL, CERT_CATEGORY},
	    {"11010519491231003X11", NULL, CERT_ID_MISMATCH},
	    {"21010519491231002X11", NULL, CERT_ID_MISMATCH},
	    {"110105194912310020X1", NULL, CERT_ID_MISMATCH},
	    {"440524188001010014 1", NULL, CERT_ID_MISMATCH},
	    /* the ID is compared before category and grade */
	    {"11010519491231003X00", NULL, CERT_ID_MISMATCH},
	    /* holder's ID of the wrong length */
	    {"11010519491231002X11", "11010519491231002", CERT_ID_MISMATCH},
	    {"11010519491231002X11", "11010519491231002X1", CERT_ID_MISMATCH},
	    {"11010519491231002X11", "", CERT_ID_MISMATCH},
	};
	(void)state;
	for (size_t i = 0; i < N_ELEMS(rows); i++) {
		struct cert c;
		const char *idnumber = rows[i].idnumber ? rows[i].idnumber : ID;
		memset(&c, 0x5a, sizeof c);
		if (cert_parse(rows[i].in, idnumber, &c) != rows[i].status)
			fail_msg("\"%s\" for %s: got %d, want %d", rows[i].in, idnumber,
			         cert_parse(rows[i].in, idnumber, &c), rows[i].status);
		assert_int_equal((unsigned char)c.number[0], 0x5a);
	}
	assert_int_equal(cert_parse(NULL, ID, NULL), CERT_LENGTH);
	assert_int_equal(cert_parse("11010519491231002X11", NULL, NULL), CERT_ID_MISMATCH);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_check_char),
	    cmocka_unit_test(test_parse_valid),
	    cmocka_unit_test(test_parse_provinces),
	    cmocka_unit_test(test_parse_invalid_checked),
	    cmocka_unit_test(test_parse_pinned_today),
	    cmocka_unit_test(test_parse_invalid),
	    cmocka_unit_test(test_parse_each_wrong_check),
	    cmocka_unit_test(test_parse_generated),
	    cmocka_unit_test(test_cert_valid),
	    cmocka_unit_test(test_cert_invalid),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
