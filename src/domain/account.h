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
 * of a sane range are ignored (the default stays); min_length goes up to 16,
 * the length of a generated password. -1 with a message.
 */
__attribute__((warn_unused_result)) int account_policy_load(struct db *db, struct account_policy *p,
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
 * A random password of 16 characters that meets any policy above, for new
 * accounts: no look-alikes (0 O o 1 l I), at least one upper, lower, digit
 * and one of # % + = @. It does not know the account's name, so check it
 * with account_password_problem and draw again in the rare case it contains
 * the name (account_password_for does).
 */
void account_password_generate(char out[17]);
/* A generated password that p allows for the user called name. */
void account_password_for(const struct account_policy *p, const char *name, char out[17]);

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

#endif
