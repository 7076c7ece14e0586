/*
 * account: users, their roles and divisions, passwords and logging in.
 *
 * Passwords are stored only as libsodium argon2id strings. The password
 * policy (MLPS 2.0 defaults: at least 8 characters of at least 3 of the 4
 * classes upper, lower, digit, other; the first password changed at first
 * login; 5 failed logins lock the account for 15 minutes; sessions end after
 * 30 idle minutes) is read from the setting table, with those defaults.
 * Logging in never tells an unknown name from a wrong password.
 *
 * Times are passed in (`now`, seconds since the epoch) so that tests can
 * move the clock; stored times are ISO 8601 UTC text.
 */
#ifndef HUIMIN_ACCOUNT_H
#define HUIMIN_ACCOUNT_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "base/error.h"
#include "store/db.h"

enum role {
	ROLE_COUNTY_ADMIN, /* county_admin: everything, users, settings */
	ROLE_COUNTY_STAFF, /* county_staff: all townships; review, approve, report */
	ROLE_TOWNSHIP,	   /* township: one township's villages and people */
	ROLE_VILLAGE,	   /* village: one village */
	ROLE_HOSPITAL,	   /* hospital: its patients (of the projects, later) */
	ROLE_LEADER,	   /* leader: reads dashboards and reports */
	ROLE__MAX
};

/* The identifier ("county_admin" ...), part of the API contract. */
const char *role_code(enum role role);
/* The Chinese label ("县残联管理员" ...). */
const char *role_label(enum role role);
/* The role with that identifier, or -1. */
int role_parse(const char *code);
/* The division level a user of this role must be bound to (2 township, 3 village), or 0 for none. */
int role_division_level(enum role role);

struct account_policy {
	int min_length;	   /* characters, default 8 */
	int min_classes;   /* of upper, lower, digit, other; default 3 */
	bool change_first; /* a new account must change its password at first login; default on */
	int max_failures;  /* failed logins before the lock; default 5 */
	int lock_minutes;  /* default 15 */
	int idle_minutes;  /* session idle timeout; default 30 */
};

/* The defaults above. */
void account_policy_defaults(struct account_policy *p);
/*
 * The policy in force: the defaults, overridden by the setting table's keys
 * password.min_length, password.min_classes, password.change_first (0/1),
 * login.max_failures, login.lock_minutes, session.idle_minutes. Values out
 * of a sane range are ignored (the default stays): min_length 6..64,
 * min_classes 1..4, change_first 0..1, max_failures 1..100, lock_minutes
 * 1..1440, idle_minutes 1..480. These ranges are wider than what
 * account_policy_save accepts, so that a value set by hand still counts.
 * -1 with a message.
 */
__attribute__((warn_unused_result)) int account_policy_load(struct db *db, struct account_policy *p,
							     struct error *err);

/*
 * The settings of the policy, for the 账户策略 page: each has a key in the
 * setting table, a Chinese label, and the range account_policy_save
 * accepts (the MLPS 2.0 floor: passwords of at least 8 characters of 3
 * classes, lockout after at most 10 failures, idle sessions ended within
 * 30 minutes), with the reason for the range in Chinese.
 */
enum account_setting {
	SETTING_MIN_LENGTH,
	SETTING_MIN_CLASSES,
	SETTING_CHANGE_FIRST,
	SETTING_MAX_FAILURES,
	SETTING_LOCK_MINUTES,
	SETTING_IDLE_MINUTES,
	SETTING__MAX
};

struct account_setting_info {
	const char *key;   /* "password.min_length" ... */
	const char *label; /* "密码最短长度" ... */
	const char *unit;  /* "个字符", "类", "" ... */
	int min, max;	   /* what account_policy_save accepts */
	const char *why;   /* the range explained, for the page */
};

const struct account_setting_info *account_setting_info(enum account_setting s);
/* The value of s in p (change_first as 0/1). */
int account_setting_get(const struct account_policy *p, enum account_setting s);
void account_setting_put(struct account_policy *p, enum account_setting s, int value);
/*
 * Why value is not allowed for s (NULL when it is): "须为8至64之间的整数"
 * style text, valid until the next call on the same thread.
 */
const char *account_setting_problem(enum account_setting s, int value);
/*
 * Stores p in the setting table, every key, in one transaction (call it
 * outside one). Each value must be within account_setting_info's range:
 * else -1 with the first problem, nothing written. -1 with a message on a
 * database error.
 */
__attribute__((warn_unused_result)) int account_policy_save(struct db *db, const struct account_policy *p,
							     struct error *err);

#define ACCOUNT_NAME_MAX 64	 /* bytes: letters, digits, . _ - */
#define ACCOUNT_PASSWORD_MAX 128 /* bytes */

struct user {
	int64_t id;
	char name[ACCOUNT_NAME_MAX + 1];
	enum role role;
	char division[13]; /* "" for the whole county */
	bool must_change;
	int failed_logins;
	char locked_until[21]; /* "" when not locked */
	bool disabled;
	char created_at[21];
};

/*
 * Whether password may be used under p by the user called name (it must
 * not contain the name). NULL when it may; otherwise the reason, in
 * Chinese, naming what the policy asks for. The reason is valid until the
 * next call on the same thread. Characters are counted in UTF-8; upper,
 * lower and digit mean ASCII ones, everything else (Chinese too) is other.
 * The name is looked for ignoring case, when it has at least 3 characters
 * (name may be NULL). Invalid UTF-8 and control characters are refused.
 */
const char *account_password_problem(const struct account_policy *p, const char *name, const char *password);
/*
 * A random password of 16 characters that meets any policy of at most 16
 * characters, for new accounts: no look-alikes (0 O o 1 l I), at least one
 * upper, lower, digit and one of # % + = @. It does not know the account's
 * name, so check it with account_password_problem and draw again in the
 * rare case it contains the name (account_password_for does).
 */
void account_password_generate(char out[17]);
#define ACCOUNT_GENERATED_MAX 64 /* the longest min_length, so the longest generated password */
/*
 * A generated password that p allows for the user called name: 16
 * characters, or min_length when the policy asks for more (up to
 * ACCOUNT_GENERATED_MAX), of the same alphabet and classes.
 */
void account_password_for(const struct account_policy *p, const char *name, char out[ACCOUNT_GENERATED_MAX + 1]);

/*
 * Creates a user. name: 1-64 of [A-Za-z0-9._-]; the role's division level
 * must match division's (a township user needs a township code ...), county
 * roles take no division. The password must pass the policy. must_change as
 * the policy says. Returns 0 and fills out (may be NULL); 1 when the name is
 * taken, also in another case ("Admin" when there is an "admin"), with a
 * message too; -1 with a Chinese message (bad name, role, division or password)
 * or a database error. Nothing is written unless 0.
 */
__attribute__((warn_unused_result)) int account_create(struct db *db, const struct account_policy *p,
							const char *name, enum role role, const char *division,
							const char *password, time_t now, struct user *out,
							struct error *err);
/* Which form field a refusal of account_create_generated is about. */
enum account_field {
	ACCOUNT_FIELD_NONE, /* not a field's fault: a database error */
	ACCOUNT_FIELD_NAME,
	ACCOUNT_FIELD_ROLE,
	ACCOUNT_FIELD_DIVISION,
};

/*
 * account_create with a generated password (account_password_for), for
 * the CLI's user add, the first admin and the 用户管理 page: the password
 * goes to password, to be shown once. Returns as account_create does; on 1
 * or -1, *field (may be NULL) says which field the message is about.
 */
__attribute__((warn_unused_result)) int account_create_generated(struct db *db, const struct account_policy *p,
								  const char *name, enum role role,
								  const char *division, time_t now, struct user *out,
								  char password[ACCOUNT_GENERATED_MAX + 1],
								  enum account_field *field, struct error *err);

/* 1 found (out filled), 0 not found, -1 error. */
__attribute__((warn_unused_result)) int account_find(struct db *db, const char *name, struct user *out,
						      struct error *err);
__attribute__((warn_unused_result)) int account_find_id(struct db *db, int64_t id, struct user *out,
							 struct error *err);
/* How many users there are, or -1. */
long account_count(struct db *db, struct error *err);

enum login_result {
	LOGIN_OK,
	LOGIN_BAD,	/* unknown name or wrong password: the same answer for both */
	LOGIN_LOCKED,	/* too many failures: locked until user.locked_until */
	LOGIN_DISABLED, /* the account is disabled */
};

/*
 * Checks name and password at now. A failure counts towards the lock (the
 * max_failures-th locks the account for lock_minutes); a success clears the
 * count. While locked even the right password gives LOGIN_LOCKED. Sets
 * *result and, for a known user, fills out (out->must_change tells the
 * caller to ask for a new password). 0, or -1 on a database error.
 *
 * The max_failures-th failure itself answers LOGIN_LOCKED, sets
 * locked_until to now + lock_minutes and starts the count again at 0;
 * while locked nothing is checked or counted. An unknown name gives
 * LOGIN_BAD after a dummy argon2id check (so it takes as long as a wrong
 * password) and out is zeroed (out->id 0). A disabled account answers
 * LOGIN_DISABLED only to the right password; a wrong one gives LOGIN_BAD
 * and is not counted.
 */
__attribute__((warn_unused_result)) int account_login(struct db *db, const struct account_policy *p,
						       const char *name, const char *password, time_t now,
						       enum login_result *result, struct user *out, struct error *err);
/*
 * Whether password is user_id's current password: 1 yes, 0 no (or no such
 * user), -1 on a database error. Counts nothing and locks nothing: it is
 * for a logged-in user confirming the old password (修改密码), not for
 * logging in.
 */
__attribute__((warn_unused_result)) int account_check_password(struct db *db, int64_t user_id, const char *password,
								struct error *err);
/*
 * account_login in two steps, so that a server checks the password (slow on
 * purpose: argon2id) on a reader connection without holding its writer:
 * account_verify reads the user and checks the password; account_record_login
 * then, on the writer, reads the user again (the lock may have changed
 * meanwhile), counts a failure or clears the count, and decides the result
 * exactly as account_login does. Both return 0, or -1 on a database error.
 */
struct login_check {
	bool found;	  /* the name is an account */
	bool password_ok; /* and the password is its password */
	struct user user;
};
__attribute__((warn_unused_result)) int account_verify(struct db *db, const char *name, const char *password,
							struct login_check *out, struct error *err);
__attribute__((warn_unused_result)) int account_record_login(struct db *db, const struct account_policy *p,
							      const struct login_check *check, time_t now,
							      enum login_result *result, struct user *out,
							      struct error *err);

/*
 * Sets a new password (policy checked; it must differ from the current one)
 * and clears must_change, or sets it when an admin resets another's
 * password (reset). Either way the failure count and any lock are cleared.
 * -1 with a Chinese message.
 */
__attribute__((warn_unused_result)) int account_set_password(struct db *db, const struct account_policy *p,
							      int64_t user_id, const char *password, bool reset,
							      time_t now, struct error *err);

/* Administration (系统管理): each call runs its own transaction; call it outside one, log after it. */

/*
 * Disables user_id (its sessions end, reason "停用"; its API tokens stop
 * working while it is disabled) or enables it again. actor_id, the admin
 * doing it, may not disable itself. *ended (may be NULL) gets how many
 * sessions ended. 0; 1 when it was already so (nothing changed); -1 with
 * a Chinese message (no such user, oneself) or a database error.
 */
__attribute__((warn_unused_result)) int account_set_disabled(struct db *db, int64_t actor_id, int64_t user_id,
							      bool disabled, time_t now, long *ended,
							      struct error *err);
/*
 * An admin's reset (忘记密码): a new generated password into password (to
 * be shown once), to be changed at the next login; the failure count and
 * any lock are cleared and the user's sessions end (reason "重置密码").
 * *ended (may be NULL) gets how many. 0, or -1 with a message.
 */
__attribute__((warn_unused_result)) int account_reset_password(struct db *db, const struct account_policy *p,
								int64_t user_id, time_t now,
								char password[ACCOUNT_GENERATED_MAX + 1], long *ended,
								struct error *err);
/* Clears the failure count and the lock of user_id. 0; 1 when it was not locked at now; -1 with a message. */
__attribute__((warn_unused_result)) int account_unlock(struct db *db, int64_t user_id, time_t now,
							struct error *err);
/* Whether u is locked at now (locked_until later than now). */
bool account_locked(const struct user *u, time_t now);

/* The 用户管理 list: users whose name or division name contains q ("" all), of role (-1 all), by name. */
struct account_filter {
	const char *q; /* at most ACCOUNT_NAME_MAX bytes; longer matches nothing */
	int role;      /* enum role, or -1 */
};
struct account_row {
	struct user user;
	char division_name[4 * 40 + 1]; /* "" for none */
	char last_login[21];		/* the newest session's start, "" when never */
};
/* Calls fn for each (fn may read the database but not write it); 0, or -1 with a message. */
__attribute__((warn_unused_result)) int account_list(struct db *db, const struct account_filter *f,
						      void (*fn)(void *ctx, const struct account_row *r), void *ctx,
						      struct error *err);

#endif
