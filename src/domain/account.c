#include "domain/account.h"

#include <errno.h>
#include <stddef.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "base/stamp.h"
#include "base/msg.h"
#include "base/token.h"
#include "base/utf8.h"
#include "domain/dict.h"
#include "domain/session.h"

/* Roles */

static const struct {
	const char *code, *label;
	int level;
} roles[ROLE__MAX] = {
    [ROLE_COUNTY_ADMIN] = {"county_admin", "县残联管理员", 0},
    [ROLE_COUNTY_STAFF] = {"county_staff", "县残联业务人员", 0},
    [ROLE_TOWNSHIP] = {"township", "乡镇操作员", 2},
    [ROLE_VILLAGE] = {"village", "村调查员", 3},
    [ROLE_HOSPITAL] = {"hospital", "医院", 0}, /* county-wide until the projects bind it to patients */
    [ROLE_LEADER] = {"leader", "领导（只读）", 0},
};

static bool role_valid(enum role role)
{
	return (int)role >= 0 && role < ROLE__MAX;
}

const char *role_code(enum role role)
{
	return role_valid(role) ? roles[role].code : "";
}

const char *role_label(enum role role)
{
	return role_valid(role) ? roles[role].label : "";
}

int role_parse(const char *code)
{
	for (int i = 0; code && i < ROLE__MAX; i++)
		if (strcmp(code, roles[i].code) == 0)
			return i;
	return -1;
}

int role_division_level(enum role role)
{
	return role_valid(role) ? roles[role].level : 0;
}

/* Policy */

void account_policy_defaults(struct account_policy *p)
{
	/* Padding too is zero, so that two policies compare with memcmp. */
	memset(p, 0, sizeof *p);
	p->min_length = 8;
	p->min_classes = 3;
	p->change_first = true;
	p->max_failures = 5;
	p->lock_minutes = 15;
	p->idle_minutes = 30;
}

/* The setting keys, where they go and the values allowed. */
static const struct {
	const char *key;
	size_t offset; /* of an int, or of the bool change_first */
	int min, max;
} settings[] = {
    /* Generated passwords are as long as min_length asks (account_password_for). */
    {"password.min_length", offsetof(struct account_policy, min_length), 6, ACCOUNT_GENERATED_MAX},
    {"password.min_classes", offsetof(struct account_policy, min_classes), 1, 4},
    {"password.change_first", offsetof(struct account_policy, change_first), 0, 1},
    {"login.max_failures", offsetof(struct account_policy, max_failures), 1, 100},
    {"login.lock_minutes", offsetof(struct account_policy, lock_minutes), 1, 1440},
    {"session.idle_minutes", offsetof(struct account_policy, idle_minutes), 1, 480},
};

/* The whole of text as a decimal integer in [min, max]: 0 and *out, or -1. */
static int parse_int(const char *text, int min, int max, int *out)
{
	char *end;
	if (!*text || !(*text == '-' || (*text >= '0' && *text <= '9')))
		return -1;
	errno = 0;
	long v = strtol(text, &end, 10);
	if (errno || *end || v < min || v > max)
		return -1;
	*out = (int)v;
	return 0;
}

static const char SQL_SETTINGS[] = "SELECT key, value FROM setting";

int account_policy_load(struct db *db, struct account_policy *p, struct error *err)
{
	struct account_policy q;
	struct db_stmt *st;
	int rc;
	account_policy_defaults(&q);
	if (db_prepare(db, SQL_SETTINGS, &st, err) < 0)
		return -1;
	while ((rc = db_step(st, err)) == DB_ROW) {
		const char *key = db_col_text(st, 0);
		for (size_t i = 0; i < sizeof settings / sizeof settings[0]; i++) {
			int v;
			if (strcmp(key, settings[i].key) != 0 ||
			    parse_int(db_col_text(st, 1), settings[i].min, settings[i].max, &v) < 0)
				continue;
			if (settings[i].offset == offsetof(struct account_policy, change_first))
				q.change_first = v;
			else
				*(int *)((char *)&q + settings[i].offset) = v;
		}
	}
	db_done(st);
	if (rc != DB_DONE)
		return -1;
	memcpy(p, &q, sizeof q);
	return 0;
}

static const struct account_setting_info setting_info[SETTING__MAX] = {
    [SETTING_MIN_LENGTH] = {"password.min_length", "密码最短长度", "个字符", 8, ACCOUNT_GENERATED_MAX,
			    "等保2.0要求口令至少8位；最多64位（系统生成的初始密码会随之加长）。"},
    [SETTING_MIN_CLASSES] = {"password.min_classes", "密码至少包含的字符类别", "类", 3, 4,
			     "大写字母、小写字母、数字、其他符号四类中至少包含几类；等保2.0要求至少3类。"},
    [SETTING_CHANGE_FIRST] = {"password.change_first", "首次登录须修改密码", "", 0, 1,
			      "初始密码和重置后的密码由系统生成并显示给管理员，开启后本人首次登录须改为自己的密码；"
			      "等保2.0要求开启。"},
    [SETTING_MAX_FAILURES] = {"login.max_failures", "连续登录失败几次锁定", "次", 3, 10,
			      "连续输错密码达到该次数后锁定账号；等保2.0要求限制失败次数，通常为5次，最多10次。"},
    [SETTING_LOCK_MINUTES] = {"login.lock_minutes", "锁定时长", "分钟", 5, 1440,
			      "锁定期间即使密码正确也不能登录，管理员可在用户管理中提前解锁；5分钟至1天。"},
    [SETTING_IDLE_MINUTES] = {"session.idle_minutes", "会话空闲超时", "分钟", 5, 30,
			      "无操作超过该时长自动退出登录；等保2.0测评要求不超过30分钟。"},
};

const struct account_setting_info *account_setting_info(enum account_setting s)
{
	return (int)s >= 0 && s < SETTING__MAX ? &setting_info[s] : NULL;
}

int account_setting_get(const struct account_policy *p, enum account_setting s)
{
	switch (s) {
	case SETTING_MIN_LENGTH:
		return p->min_length;
	case SETTING_MIN_CLASSES:
		return p->min_classes;
	case SETTING_CHANGE_FIRST:
		return p->change_first ? 1 : 0;
	case SETTING_MAX_FAILURES:
		return p->max_failures;
	case SETTING_LOCK_MINUTES:
		return p->lock_minutes;
	case SETTING_IDLE_MINUTES:
		return p->idle_minutes;
	default:
		return 0;
	}
}

void account_setting_put(struct account_policy *p, enum account_setting s, int value)
{
	switch (s) {
	case SETTING_MIN_LENGTH:
		p->min_length = value;
		break;
	case SETTING_MIN_CLASSES:
		p->min_classes = value;
		break;
	case SETTING_CHANGE_FIRST:
		p->change_first = value != 0;
		break;
	case SETTING_MAX_FAILURES:
		p->max_failures = value;
		break;
	case SETTING_LOCK_MINUTES:
		p->lock_minutes = value;
		break;
	case SETTING_IDLE_MINUTES:
		p->idle_minutes = value;
		break;
	default:
		break;
	}
}

const char *account_setting_problem(enum account_setting s, int value)
{
	static _Thread_local char reason[128];
	const struct account_setting_info *i = account_setting_info(s);
	if (!i)
		return msg(MSG_ACCOUNT_ROLE);
	if (value >= i->min && value <= i->max)
		return NULL;
	snprintf(reason, sizeof reason, msg(MSG_SETTING_RANGE), i->min, i->max);
	return reason;
}

static const char SQL_SETTING_PUT[] =
    "INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value";

int account_policy_save(struct db *db, const struct account_policy *p, struct error *err)
{
	for (int s = 0; s < SETTING__MAX; s++) {
		const char *problem = account_setting_problem((enum account_setting)s,
							      account_setting_get(p, (enum account_setting)s));
		if (problem)
			return error_set(err, "%s：%s", setting_info[s].label, problem);
	}
	if (db_begin(db, err) < 0)
		return -1;
	for (int s = 0; s < SETTING__MAX; s++) {
		char value[16];
		struct db_stmt *st;
		snprintf(value, sizeof value, "%d", account_setting_get(p, (enum account_setting)s));
		if (db_prepare(db, SQL_SETTING_PUT, &st, err) < 0)
			goto fail;
		db_bind_text(st, 1, setting_info[s].key);
		db_bind_text(st, 2, value);
		int rc = db_step(st, err);
		db_done(st);
		if (rc != DB_DONE)
			goto fail;
	}
	if (db_commit(db, err) < 0)
		goto fail;
	return 0;
fail:
	db_rollback(db);
	return -1;
}

/* Passwords */

enum { CLASS_UPPER = 1, CLASS_LOWER = 2, CLASS_DIGIT = 4, CLASS_OTHER = 8 };

/* The name check applies to names of at least this many characters (a name "li" would forbid too much). */
#define NAME_IN_PASSWORD_MIN 3

const char *account_password_problem(const struct account_policy *p, const char *name, const char *password)
{
	static _Thread_local char reason[256];
	if (!password)
		password = "";
	size_t bytes = strlen(password);
	if (bytes > ACCOUNT_PASSWORD_MAX) {
		snprintf(reason, sizeof reason, msg(MSG_PASSWORD_LONG), ACCOUNT_PASSWORD_MAX);
		return reason;
	}
	if (!utf8_valid(password, bytes) || utf8_has_control(password))
		return msg(MSG_PASSWORD_CHARS);
	if (utf8_length(password) < (size_t)p->min_length) {
		snprintf(reason, sizeof reason, msg(MSG_PASSWORD_SHORT), p->min_length);
		return reason;
	}
	unsigned classes = 0;
	for (const unsigned char *c = (const unsigned char *)password; *c; c++)
		classes |= *c >= 'A' && *c <= 'Z'   ? CLASS_UPPER
		           : *c >= 'a' && *c <= 'z' ? CLASS_LOWER
		           : *c >= '0' && *c <= '9' ? CLASS_DIGIT
		                                    : CLASS_OTHER;
	if (__builtin_popcount(classes) < p->min_classes) {
		snprintf(reason, sizeof reason, msg(MSG_PASSWORD_CLASSES), p->min_classes);
		return reason;
	}
	if (name && strlen(name) >= NAME_IN_PASSWORD_MIN && strcasestr(password, name))
		return msg(MSG_PASSWORD_NAME);
	return NULL;
}

/* No look-alikes: no 0 O o, no 1 l I. */
static const char UPPER[] = "ABCDEFGHJKLMNPQRSTUVWXYZ";
static const char LOWER[] = "abcdefghijkmnpqrstuvwxyz";
static const char DIGITS[] = "23456789";
static const char SYMBOLS[] = "#%+=@";

static char pick(const char *set, size_t n)
{
	return set[token_uniform((unsigned)n)];
}

/* n (4 .. ACCOUNT_GENERATED_MAX) random characters, one of each class at least, and a NUL. */
static void generate(char *out, unsigned n)
{
	static const char all[] = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789#%+=@";
	out[0] = pick(UPPER, sizeof UPPER - 1);
	out[1] = pick(LOWER, sizeof LOWER - 1);
	out[2] = pick(DIGITS, sizeof DIGITS - 1);
	out[3] = pick(SYMBOLS, sizeof SYMBOLS - 1);
	for (unsigned i = 4; i < n; i++)
		out[i] = pick(all, sizeof all - 1);
	for (unsigned i = n - 1; i > 0; i--) { /* Fisher-Yates */
		unsigned j = token_uniform(i + 1);
		char t = out[i];
		out[i] = out[j];
		out[j] = t;
	}
	out[n] = '\0';
}

void account_password_generate(char out[17])
{
	generate(out, 16);
}

/*
 * Each argon2id hash or check takes 64 MiB while it runs: at most
 * PWHASH_CONCURRENT run at once in the process, so a burst of logins on
 * the server waits a moment instead of taking 64 MiB each (the server's
 * memory goal is 100 MiB).
 */
#define PWHASH_CONCURRENT 1
static pthread_mutex_t pwhash_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t pwhash_cv = PTHREAD_COND_INITIALIZER;
static int pwhash_running;

static void pwhash_enter(void)
{
	pthread_mutex_lock(&pwhash_mu);
	while (pwhash_running >= PWHASH_CONCURRENT)
		pthread_cond_wait(&pwhash_cv, &pwhash_mu);
	pwhash_running++;
	pthread_mutex_unlock(&pwhash_mu);
}

static void pwhash_leave(void)
{
	pthread_mutex_lock(&pwhash_mu);
	pwhash_running--;
	pthread_cond_signal(&pwhash_cv);
	pthread_mutex_unlock(&pwhash_mu);
}

static int hash_password(const char *password, char out[crypto_pwhash_STRBYTES], struct error *err)
{
	token_init();
	pwhash_enter();
	int rc = crypto_pwhash_str(out, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
				   crypto_pwhash_MEMLIMIT_INTERACTIVE);
	pwhash_leave();
	return rc != 0 ? error_set(err, "password hashing failed (out of memory?)") : 0;
}

/* Whether password is the one hash was made of. */
static bool verify_password(const char hash[crypto_pwhash_STRBYTES], const char *password)
{
	token_init();
	pwhash_enter();
	bool ok = crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
	pwhash_leave();
	return ok;
}

/*
 * Checked against when the name is unknown, so that an unknown name takes
 * as long as a wrong password (argon2id with the interactive limits, of a
 * random password nobody knows).
 */
static const char DUMMY_HASH[crypto_pwhash_STRBYTES] =
    "$argon2id$v=19$m=65536,t=2,p=1$gmbuvEK6KkOFwrTw0EIwGw$SimNEtpg3eBXeht493sW431P9NABitinD15p0/GHUpo";

/* Users */



static void copy(char *dst, size_t n, const char *src)
{
	snprintf(dst, n, "%s", src);
}

#define USER_COLUMNS                                                                                                   \
	"id, name, role, coalesce(division_code, ''), must_change, failed_logins, coalesce(locked_until, ''),"         \
	" status, created_at, password_hash"

static const char SQL_BY_NAME[] = "SELECT " USER_COLUMNS " FROM app_user WHERE name = ?";
static const char SQL_BY_ID[] = "SELECT " USER_COLUMNS " FROM app_user WHERE id = ?";
static const char SQL_COUNT[] = "SELECT count(*) FROM app_user";
static const char SQL_NAME_TAKEN[] = "SELECT 1 FROM app_user WHERE lower(name) = lower(?)";
static const char SQL_DIVISION_LEVEL[] = "SELECT level FROM division WHERE code = ?";
static const char SQL_INSERT[] =
    "INSERT INTO app_user (name, role, division_code, password_hash, must_change, failed_logins, status,"
    " created_at, updated_at) VALUES (?, ?, ?, ?, ?, 0, 1, ?, ?)";
/* A success clears the count and the lock. */
static const char SQL_LOGIN_OK[] =
    "UPDATE app_user SET failed_logins = 0, locked_until = NULL, updated_at = ? WHERE id = ?";
/*
 * A failure counts; the max_failures-th (?1) locks until ?2 and starts the
 * count again; a lock that has run out (before ?3, now) goes.
 */
static const char SQL_LOGIN_FAILED[] =
    "UPDATE app_user SET"
    " locked_until = CASE WHEN failed_logins + 1 >= ? THEN ? WHEN locked_until <= ? THEN NULL"
    " ELSE locked_until END,"
    " failed_logins = CASE WHEN failed_logins + 1 >= ? THEN 0 ELSE failed_logins + 1 END,"
    " updated_at = ? WHERE id = ? RETURNING failed_logins, coalesce(locked_until, '')";
static const char SQL_SET_PASSWORD[] =
    "UPDATE app_user SET password_hash = ?, must_change = ?, failed_logins = 0, locked_until = NULL,"
    " updated_at = ? WHERE id = ?";

/* The user in the current row, and its password hash when hash is not NULL; -1 for a role we do not know. */
static int read_user(struct db_stmt *st, struct user *u, char hash[crypto_pwhash_STRBYTES], struct error *err)
{
	memset(u, 0, sizeof *u);
	u->id = db_col_int(st, 0);
	copy(u->name, sizeof u->name, db_col_text(st, 1));
	int role = role_parse(db_col_text(st, 2));
	if (role < 0)
		return error_set(err, "user %s has an unknown role '%s'", u->name, db_col_text(st, 2));
	u->role = (enum role)role;
	copy(u->division, sizeof u->division, db_col_text(st, 3));
	u->must_change = db_col_int(st, 4) != 0;
	u->failed_logins = (int)db_col_int(st, 5);
	copy(u->locked_until, sizeof u->locked_until, db_col_text(st, 6));
	u->disabled = db_col_int(st, 7) == 2;
	copy(u->created_at, sizeof u->created_at, db_col_text(st, 8));
	if (hash)
		copy(hash, crypto_pwhash_STRBYTES, db_col_text(st, 9));
	return 0;
}

/* Runs st (bound) for at most one user: 1 found, 0 not, -1 error. */
static int find_one(struct db_stmt *st, struct user *out, char hash[crypto_pwhash_STRBYTES], struct error *err)
{
	int rc = db_step(st, err);
	if (rc == DB_ROW)
		rc = read_user(st, out, hash, err) < 0 ? -1 : 1;
	else if (rc == DB_DONE)
		rc = 0;
	else
		rc = -1;
	db_done(st);
	return rc;
}

static int find_by_name(struct db *db, const char *name, struct user *out, char hash[crypto_pwhash_STRBYTES],
                        struct error *err)
{
	struct db_stmt *st;
	if (db_prepare(db, SQL_BY_NAME, &st, err) < 0)
		return -1;
	db_bind_text(st, 1, name ? name : "");
	return find_one(st, out, hash, err);
}

static int find_by_id(struct db *db, int64_t id, struct user *out, char hash[crypto_pwhash_STRBYTES], struct error *err)
{
	struct db_stmt *st;
	if (db_prepare(db, SQL_BY_ID, &st, err) < 0)
		return -1;
	db_bind_int(st, 1, id);
	return find_one(st, out, hash, err);
}

int account_find(struct db *db, const char *name, struct user *out, struct error *err)
{
	return find_by_name(db, name, out, NULL, err);
}

int account_find_id(struct db *db, int64_t id, struct user *out, struct error *err)
{
	return find_by_id(db, id, out, NULL, err);
}

long account_count(struct db *db, struct error *err)
{
	struct db_stmt *st;
	if (db_prepare(db, SQL_COUNT, &st, err) < 0)
		return -1;
	long n = db_step(st, err) == DB_ROW ? (long)db_col_int(st, 0) : -1;
	db_done(st);
	return n;
}

static bool name_valid(const char *name)
{
	size_t n = name ? strlen(name) : 0;
	if (n < 1 || n > ACCOUNT_NAME_MAX)
		return false;
	for (const char *c = name; *c; c++)
		if (!((*c >= 'A' && *c <= 'Z') || (*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '.' ||
		      *c == '_' || *c == '-'))
			return false;
	return true;
}

/* 0 when division suits role (normalised into out: "" for none), -1 with a message (*field set when it is the division's fault). */
static int check_division(struct db *db, enum role role, const char *division, char out[13], enum account_field *field,
			  struct error *err)
{
	*field = ACCOUNT_FIELD_DIVISION;
	int level = role_division_level(role);
	if (!division)
		division = "";
	if (!level) {
		if (*division)
			return error_set(err, msg(MSG_ACCOUNT_DIV_COUNTY), role_label(role));
		out[0] = '\0';
		return 0;
	}
	const char *level_label = dict_label(DICT_LEVEL, level);
	bool digits = strlen(division) == 12;
	for (const char *c = division; digits && *c; c++)
		digits = *c >= '0' && *c <= '9';
	if (!digits)
		return error_set(err, msg(MSG_ACCOUNT_DIV_REQUIRED), role_label(role), level_label, level_label);

	struct db_stmt *st;
	*field = ACCOUNT_FIELD_NONE;
	if (db_prepare(db, SQL_DIVISION_LEVEL, &st, err) < 0)
		return -1;
	db_bind_text(st, 1, division);
	int rc = db_step(st, err);
	int found = rc == DB_ROW ? (int)db_col_int(st, 0) : 0;
	db_done(st);
	if (rc != DB_ROW && rc != DB_DONE)
		return -1;
	*field = ACCOUNT_FIELD_DIVISION;
	if (rc == DB_DONE)
		return error_set(err, msg(MSG_ACCOUNT_DIV_UNKNOWN), division);
	if (found != level)
		return error_set(err, msg(MSG_ACCOUNT_DIV_LEVEL), division, level_label);
	memcpy(out, division, 13);
	return 0;
}

/* 1 when a user has name, ignoring case; 0 not; -1 error. */
static int name_taken(struct db *db, const char *name, struct error *err)
{
	struct db_stmt *st;
	if (db_prepare(db, SQL_NAME_TAKEN, &st, err) < 0)
		return -1;
	db_bind_text(st, 1, name);
	int rc = db_step(st, err);
	db_done(st);
	return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
}

/* account_create, telling which field a refusal is about (*field; ACCOUNT_FIELD_NONE for the password or the database). */
static int create(struct db *db, const struct account_policy *p, const char *name, enum role role,
		  const char *division, const char *password, time_t now, struct user *out, enum account_field *field,
		  struct error *err)
{
	char div[13], hash[crypto_pwhash_STRBYTES], created[21];
	*field = ACCOUNT_FIELD_NAME;
	if (!name_valid(name))
		return error_set(err, msg(MSG_ACCOUNT_NAME), ACCOUNT_NAME_MAX);
	*field = ACCOUNT_FIELD_ROLE;
	if (!role_valid(role))
		return error_set(err, "%s", msg(MSG_ACCOUNT_ROLE));
	if (check_division(db, role, division, div, field, err) < 0)
		return -1;
	*field = ACCOUNT_FIELD_NONE;
	const char *problem = account_password_problem(p, name, password);
	if (problem)
		return error_set(err, "%s", problem);
	int taken = name_taken(db, name, err);
	if (taken < 0)
		return -1;
	if (taken) {
		*field = ACCOUNT_FIELD_NAME;
		error_set(err, msg(MSG_ACCOUNT_NAME_TAKEN), name);
		return 1;
	}
	if (hash_password(password, hash, err) < 0)
		return -1;
	stamp_format(now, created);

	struct db_stmt *st;
	if (db_prepare(db, SQL_INSERT, &st, err) < 0)
		return -1;
	db_bind_text(st, 1, name);
	db_bind_text(st, 2, role_code(role));
	db_bind_text(st, 3, div[0] ? div : NULL);
	db_bind_text(st, 4, hash);
	db_bind_int(st, 5, p->change_first ? 1 : 0);
	db_bind_text(st, 6, created);
	db_bind_text(st, 7, created);
	int rc = db_step(st, err);
	db_done(st);
	sodium_memzero(hash, sizeof hash);
	if (rc == DB_CONFLICT) {
		*field = ACCOUNT_FIELD_NAME;
		error_set(err, msg(MSG_ACCOUNT_NAME_TAKEN), name);
		return 1;
	}
	if (rc != DB_DONE)
		return -1;
	if (out && find_by_name(db, name, out, NULL, err) != 1)
		return error_set(err, "user %s not found after it was created", name);
	return 0;
}

int account_create(struct db *db, const struct account_policy *p, const char *name, enum role role,
		   const char *division, const char *password, time_t now, struct user *out, struct error *err)
{
	enum account_field field;
	return create(db, p, name, role, division, password, now, out, &field, err);
}

int account_create_generated(struct db *db, const struct account_policy *p, const char *name, enum role role,
			     const char *division, time_t now, struct user *out,
			     char password[ACCOUNT_GENERATED_MAX + 1], enum account_field *field, struct error *err)
{
	enum account_field f;
	password[0] = '\0';
	if (!name_valid(name)) {
		if (field)
			*field = ACCOUNT_FIELD_NAME;
		return error_set(err, msg(MSG_ACCOUNT_NAME), ACCOUNT_NAME_MAX);
	}
	account_password_for(p, name, password);
	int rc = create(db, p, name, role, division, password, now, out, &f, err);
	if (rc != 0)
		sodium_memzero(password, ACCOUNT_GENERATED_MAX + 1);
	if (field)
		*field = f;
	return rc;
}

/* Counts a failed login of u at now into u; *locked when this failure locked it. */
static int count_failure(struct db *db, const struct account_policy *p, struct user *u, time_t now, bool *locked,
                         struct error *err)
{
	char at[21], until[21];
	stamp_format(now, at);
	stamp_format(now + (time_t)p->lock_minutes * 60, until);
	struct db_stmt *st;
	if (db_prepare(db, SQL_LOGIN_FAILED, &st, err) < 0)
		return -1;
	db_bind_int(st, 1, p->max_failures);
	db_bind_text(st, 2, until);
	db_bind_text(st, 3, at);
	db_bind_int(st, 4, p->max_failures);
	db_bind_text(st, 5, at);
	db_bind_int(st, 6, u->id);
	int rc = db_step(st, err);
	if (rc == DB_ROW) {
		u->failed_logins = (int)db_col_int(st, 0);
		copy(u->locked_until, sizeof u->locked_until, db_col_text(st, 1));
		rc = db_step(st, err); /* to the end, so that the change is made whatever the engine */
	}
	db_done(st);
	if (rc != DB_DONE)
		return -1;
	*locked = strcmp(u->locked_until, until) == 0 && u->failed_logins == 0;
	return 0;
}

int account_verify(struct db *db, const char *name, const char *password, struct login_check *out,
		   struct error *err)
{
	char hash[crypto_pwhash_STRBYTES];
	memset(out, 0, sizeof *out);
	int found = name_valid(name) ? find_by_name(db, name, &out->user, hash, err) : 0;
	if (found < 0)
		return -1;
	out->found = found;
	/* An unknown name costs the same time as a wrong password. */
	out->password_ok = verify_password(found ? hash : DUMMY_HASH, password ? password : "");
	sodium_memzero(hash, sizeof hash);
	if (!found)
		memset(&out->user, 0, sizeof out->user);
	return 0;
}

int account_record_login(struct db *db, const struct account_policy *p, const struct login_check *check, time_t now,
			 enum login_result *result, struct user *out, struct error *err)
{
	struct user u;
	*result = LOGIN_BAD;
	if (out)
		memset(out, 0, sizeof *out);
	if (!check->found)
		return 0;
	/* Read again here: the lock state may have changed while the password was checked. */
	int found = account_find_id(db, check->user.id, &u, err);
	if (found <= 0)
		return found;

	time_t until = u.locked_until[0] ? stamp_parse(u.locked_until) : -1;
	if (until > now) {
		*result = LOGIN_LOCKED;
	} else if (!check->password_ok) {
		/* A disabled account is not counted against: it cannot log in anyway. */
		bool locked = false;
		if (!u.disabled && count_failure(db, p, &u, now, &locked, err) < 0)
			return -1;
		*result = locked ? LOGIN_LOCKED : LOGIN_BAD;
	} else if (u.disabled) {
		*result = LOGIN_DISABLED;
	} else {
		char at[21];
		struct db_stmt *st;
		stamp_format(now, at);
		if (db_prepare(db, SQL_LOGIN_OK, &st, err) < 0)
			return -1;
		db_bind_text(st, 1, at);
		db_bind_int(st, 2, u.id);
		int rc = db_step(st, err);
		db_done(st);
		if (rc != DB_DONE)
			return -1;
		u.failed_logins = 0;
		u.locked_until[0] = '\0';
		*result = LOGIN_OK;
	}
	if (out)
		*out = u;
	return 0;
}

int account_login(struct db *db, const struct account_policy *p, const char *name, const char *password, time_t now,
		  enum login_result *result, struct user *out, struct error *err)
{
	struct login_check check;
	*result = LOGIN_BAD;
	if (account_verify(db, name, password, &check, err) < 0)
		return -1;
	return account_record_login(db, p, &check, now, result, out, err);
}

int account_check_password(struct db *db, int64_t user_id, const char *password, struct error *err)
{
	struct user u;
	char hash[crypto_pwhash_STRBYTES];
	int found = find_by_id(db, user_id, &u, hash, err);
	if (found <= 0)
		return found;
	int ok = password && verify_password(hash, password);
	sodium_memzero(hash, sizeof hash);
	return ok;
}

int account_set_password(struct db *db, const struct account_policy *p, int64_t user_id, const char *password,
                         bool reset, time_t now, struct error *err)
{
	struct user u;
	char old[crypto_pwhash_STRBYTES], hash[crypto_pwhash_STRBYTES], at[21];
	int found = find_by_id(db, user_id, &u, old, err);
	if (found < 0)
		return -1;
	if (!found)
		return error_set(err, msg(MSG_ACCOUNT_NOT_FOUND), (long long)user_id);
	const char *problem = account_password_problem(p, u.name, password);
	if (problem)
		return error_set(err, "%s", problem);
	if (verify_password(old, password))
		return error_set(err, "%s", msg(MSG_PASSWORD_SAME));
	if (hash_password(password, hash, err) < 0)
		return -1;
	stamp_format(now, at);

	struct db_stmt *st;
	if (db_prepare(db, SQL_SET_PASSWORD, &st, err) < 0)
		return -1;
	db_bind_text(st, 1, hash);
	db_bind_int(st, 2, reset ? 1 : 0);
	db_bind_text(st, 3, at);
	db_bind_int(st, 4, user_id);
	int rc = db_step(st, err);
	db_done(st);
	sodium_memzero(hash, sizeof hash);
	if (rc != DB_DONE)
		return -1;
	if (db_changes(db) != 1)
		return error_set(err, msg(MSG_ACCOUNT_NOT_FOUND), (long long)user_id);
	return 0;
}

void account_password_for(const struct account_policy *p, const char *name, char out[ACCOUNT_GENERATED_MAX + 1])
{
	unsigned n = p->min_length > 16 ? (unsigned)p->min_length : 16;
	if (n > ACCOUNT_GENERATED_MAX)
		n = ACCOUNT_GENERATED_MAX;
	/* The name turns up in one draw in thousands at most: this ends at once. */
	do
		generate(out, n);
	while (account_password_problem(p, name, out));
}

/* Administration */

static const char SQL_SET_STATUS[] = "UPDATE app_user SET status = ?, updated_at = ? WHERE id = ?";
static const char SQL_UNLOCK[] = "UPDATE app_user SET failed_logins = 0, locked_until = NULL, updated_at = ? WHERE id = ?";

bool account_locked(const struct user *u, time_t now)
{
	return u->locked_until[0] && stamp_parse(u->locked_until) > now;
}

/* The user of id into u: 0, or -1 with MSG_ACCOUNT_NOT_FOUND or a database error. */
static int need_user(struct db *db, int64_t id, struct user *u, struct error *err)
{
	int found = account_find_id(db, id, u, err);
	if (found == 0)
		return error_set(err, msg(MSG_ACCOUNT_NOT_FOUND), (long long)id);
	return found < 0 ? -1 : 0;
}

int account_set_disabled(struct db *db, int64_t actor_id, int64_t user_id, bool disabled, time_t now, long *ended,
			 struct error *err)
{
	struct user u;
	char at[21];
	long n = 0;
	if (ended)
		*ended = 0;
	if (disabled && actor_id == user_id)
		return error_set(err, "%s", msg(MSG_ACCOUNT_DISABLE_SELF));
	if (db_begin(db, err) < 0)
		return -1;
	if (need_user(db, user_id, &u, err) < 0)
		goto fail;
	if (u.disabled == disabled) {
		db_rollback(db);
		return 1;
	}
	stamp_format(now, at);
	struct db_stmt *st;
	if (db_prepare(db, SQL_SET_STATUS, &st, err) < 0)
		goto fail;
	db_bind_int(st, 1, disabled ? 2 : 1);
	db_bind_text(st, 2, at);
	db_bind_int(st, 3, user_id);
	int rc = db_step(st, err);
	db_done(st);
	if (rc != DB_DONE)
		goto fail;
	if (disabled && (n = session_end_user(db, user_id, "停用", now, err)) < 0)
		goto fail;
	if (db_commit(db, err) < 0)
		goto fail;
	if (ended)
		*ended = n;
	return 0;
fail:
	db_rollback(db);
	return -1;
}

int account_reset_password(struct db *db, const struct account_policy *p, int64_t user_id, time_t now,
			   char password[ACCOUNT_GENERATED_MAX + 1], long *ended, struct error *err)
{
	struct user u;
	long n;
	password[0] = '\0';
	if (ended)
		*ended = 0;
	if (db_begin(db, err) < 0)
		return -1;
	if (need_user(db, user_id, &u, err) < 0)
		goto fail;
	account_password_for(p, u.name, password);
	if (account_set_password(db, p, user_id, password, true, now, err) < 0 ||
	    (n = session_end_user(db, user_id, "重置密码", now, err)) < 0 || db_commit(db, err) < 0)
		goto fail;
	if (ended)
		*ended = n;
	return 0;
fail:
	db_rollback(db);
	sodium_memzero(password, ACCOUNT_GENERATED_MAX + 1);
	return -1;
}

int account_unlock(struct db *db, int64_t user_id, time_t now, struct error *err)
{
	struct user u;
	char at[21];
	if (db_begin(db, err) < 0)
		return -1;
	if (need_user(db, user_id, &u, err) < 0)
		goto fail;
	if (!account_locked(&u, now) && u.failed_logins == 0) {
		db_rollback(db);
		return 1;
	}
	stamp_format(now, at);
	struct db_stmt *st;
	if (db_prepare(db, SQL_UNLOCK, &st, err) < 0)
		goto fail;
	db_bind_text(st, 1, at);
	db_bind_int(st, 2, user_id);
	int rc = db_step(st, err);
	db_done(st);
	if (rc != DB_DONE || db_commit(db, err) < 0)
		goto fail;
	return 0;
fail:
	db_rollback(db);
	return -1;
}

/*
 * The last login is the newest session's start: sessions are made only by
 * a successful login, and session_user indexes them by user.
 */
static const char SQL_LIST[] =
    "SELECT u.id, u.name, u.role, coalesce(u.division_code, ''), u.must_change, u.failed_logins,"
    " coalesce(u.locked_until, ''), u.status, u.created_at, '', coalesce(d.name, ''),"
    " coalesce((SELECT max(s.created_at) FROM session s WHERE s.user_id = u.id), '')"
    " FROM app_user u LEFT JOIN division d ON d.code = u.division_code"
    " WHERE (? = '' OR u.name LIKE ? ESCAPE '\\' OR d.name LIKE ? ESCAPE '\\')"
    " AND (? = '' OR u.role = ?)"
    " ORDER BY u.name";

int account_list(struct db *db, const struct account_filter *f, void (*fn)(void *ctx, const struct account_row *r),
		 void *ctx, struct error *err)
{
	const char *q = f->q ? f->q : "";
	char like[2 * ACCOUNT_NAME_MAX + 3];
	/* Longer than any name: a pattern nobody matches (not "everything"). */
	if (!db_like_contains(q, like, sizeof like) || strlen(q) > ACCOUNT_NAME_MAX)
		snprintf(like, sizeof like, "%s", "\x01");
	const char *role = f->role >= 0 && f->role < ROLE__MAX ? role_code((enum role)f->role) : "";
	struct db_stmt *st;
	int rc;
	if (db_prepare(db, SQL_LIST, &st, err) < 0)
		return -1;
	db_bind_text(st, 1, q);
	db_bind_text(st, 2, like);
	db_bind_text(st, 3, like);
	db_bind_text(st, 4, role);
	db_bind_text(st, 5, role);
	while ((rc = db_step(st, err)) == DB_ROW) {
		struct account_row r;
		memset(&r, 0, sizeof r);
		if (read_user(st, &r.user, NULL, err) < 0) {
			rc = DB_ERROR;
			break;
		}
		copy(r.division_name, sizeof r.division_name, db_col_text(st, 10));
		copy(r.last_login, sizeof r.last_login, db_col_text(st, 11));
		fn(ctx, &r);
	}
	db_done(st);
	return rc == DB_DONE ? 0 : -1;
}
