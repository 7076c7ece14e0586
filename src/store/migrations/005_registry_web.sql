-- The registry in the browser: a person's change history read from the
-- operation log, and the imports made through the web with their rejected
-- rows, kept so the error list can be downloaded after the page is gone.

CREATE INDEX operation_log_target ON operation_log (target, id);

CREATE TABLE import_job (
	id INTEGER PRIMARY KEY,
	user_id INTEGER NOT NULL REFERENCES app_user (id),
	at TEXT NOT NULL,                 -- ISO 8601 UTC
	file_name TEXT NOT NULL,
	update_existing INTEGER NOT NULL CHECK (update_existing BETWEEN 0 AND 1),
	valid_only INTEGER NOT NULL CHECK (valid_only BETWEEN 0 AND 1),
	inserted INTEGER NOT NULL,
	updated INTEGER NOT NULL,
	rejected INTEGER NOT NULL,
	committed INTEGER NOT NULL CHECK (committed BETWEEN 0 AND 1),
	message TEXT NOT NULL DEFAULT '', -- why the file as a whole could not be read
	notes TEXT NOT NULL DEFAULT ''
);

CREATE TABLE import_error (
	job_id INTEGER NOT NULL REFERENCES import_job (id),
	seq INTEGER NOT NULL,
	row_number INTEGER NOT NULL,
	column_name TEXT NOT NULL,
	reason TEXT NOT NULL,
	PRIMARY KEY (job_id, seq)
) WITHOUT ROWID;
