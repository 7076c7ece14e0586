-- Accounts, sessions and the audit trail (MLPS 2.0: unique accounts, strong
-- passwords, lockout, session timeout, protected logs).

-- The roles of domain.md; their identifiers are part of the API contract.
CREATE TABLE role (
	code  TEXT PRIMARY KEY,
	label TEXT NOT NULL,
	sort  INTEGER NOT NULL
);
INSERT INTO role (code, label, sort) VALUES
	('county_admin', '县残联管理员', 1),
	('county_staff', '县残联业务人员', 2),
	('township', '乡镇操作员', 3),
	('village', '村调查员', 4),
	('hospital', '医院', 5),
	('leader', '领导（只读）', 6);

-- A user bound to a division sees its subtree only; NULL: the whole county
-- (county roles). password_hash is libsodium's argon2id string.
-- status: 1 active, 2 disabled.
CREATE TABLE app_user (
	id            INTEGER PRIMARY KEY,
	name          TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 64),
	role          TEXT NOT NULL REFERENCES role (code),
	division_code TEXT REFERENCES division (code),
	password_hash TEXT NOT NULL,
	must_change   INTEGER NOT NULL DEFAULT 1 CHECK (must_change BETWEEN 0 AND 1),
	failed_logins INTEGER NOT NULL DEFAULT 0,
	locked_until  TEXT,
	status        INTEGER NOT NULL DEFAULT 1 CHECK (status BETWEEN 1 AND 2),
	created_at    TEXT NOT NULL,
	updated_at    TEXT NOT NULL
);

-- Sessions and API tokens are stored as hashes of the token, never the token.
CREATE TABLE session (
	token_hash   TEXT PRIMARY KEY,
	user_id      INTEGER NOT NULL REFERENCES app_user (id),
	csrf_token   TEXT NOT NULL,
	address      TEXT NOT NULL,
	browser      TEXT NOT NULL,
	created_at   TEXT NOT NULL,
	last_seen_at TEXT NOT NULL,
	ended_at     TEXT,
	end_reason   TEXT
);
CREATE INDEX session_user ON session (user_id);

CREATE TABLE api_token (
	token_hash TEXT PRIMARY KEY,
	user_id    INTEGER NOT NULL REFERENCES app_user (id),
	created_at TEXT NOT NULL,
	revoked_at TEXT
);

-- Append-only, hash-chained logs: each entry's hash covers its fields and
-- the previous entry's hash, so a changed or removed entry breaks the chain
-- (huimin audit verify). Personal values (passwords, ID numbers) never go in.
CREATE TABLE operation_log (
	id        INTEGER PRIMARY KEY,
	at        TEXT NOT NULL,
	user_name TEXT NOT NULL,
	address   TEXT NOT NULL,
	module    TEXT NOT NULL,
	action    TEXT NOT NULL,
	target    TEXT NOT NULL,
	detail    TEXT NOT NULL,
	outcome   TEXT NOT NULL,
	prev_hash TEXT NOT NULL,
	hash      TEXT NOT NULL
);

CREATE TABLE login_log (
	id        INTEGER PRIMARY KEY,
	at        TEXT NOT NULL,
	user_name TEXT NOT NULL,
	address   TEXT NOT NULL,
	browser   TEXT NOT NULL,
	outcome   TEXT NOT NULL,
	message   TEXT NOT NULL,
	prev_hash TEXT NOT NULL,
	hash      TEXT NOT NULL
);

-- Append-only: the database refuses to change or remove a log entry.
CREATE TRIGGER operation_log_no_update BEFORE UPDATE ON operation_log
BEGIN SELECT RAISE(ABORT, 'operation_log is append-only'); END;
CREATE TRIGGER operation_log_no_delete BEFORE DELETE ON operation_log
BEGIN SELECT RAISE(ABORT, 'operation_log is append-only'); END;
CREATE TRIGGER login_log_no_update BEFORE UPDATE ON login_log
BEGIN SELECT RAISE(ABORT, 'login_log is append-only'); END;
CREATE TRIGGER login_log_no_delete BEFORE DELETE ON login_log
BEGIN SELECT RAISE(ABORT, 'login_log is append-only'); END;

-- Settings an admin may change (account policy ...), as text.
CREATE TABLE setting (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
);
