-- Livelihood projects as data (docs/programs.md): stored definitions, the
-- cases of persons enrolled in a project-year, their append-only events,
-- the stages each reached, the follow-ups that fall due, and running
-- counts for the funnel and the targets.

CREATE TABLE program (
	code TEXT NOT NULL,
	version INTEGER NOT NULL CHECK (version >= 1),
	name TEXT NOT NULL,
	definition TEXT NOT NULL,          -- the file as loaded
	loaded_at TEXT NOT NULL,
	loaded_by TEXT NOT NULL,
	PRIMARY KEY (code, version)
) WITHOUT ROWID;

-- A project-year's target for one of its metrics (400 operations), county-wide.
CREATE TABLE program_target (
	program_code TEXT NOT NULL,
	year INTEGER NOT NULL,
	metric TEXT NOT NULL,
	value INTEGER NOT NULL CHECK (value >= 0),
	PRIMARY KEY (program_code, year, metric)
) WITHOUT ROWID;

CREATE TABLE program_case (
	id INTEGER PRIMARY KEY,
	program_code TEXT NOT NULL,
	program_version INTEGER NOT NULL,
	year INTEGER NOT NULL,
	person_id INTEGER NOT NULL REFERENCES person (id),
	village_code TEXT NOT NULL REFERENCES division (code), -- where the case is run (moves on transfer)
	township_code TEXT NOT NULL,
	stage TEXT NOT NULL,               -- the current stage's key
	stage_date TEXT NOT NULL,          -- the date it was reached
	open INTEGER NOT NULL CHECK (open BETWEEN 0 AND 1),
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	FOREIGN KEY (program_code, program_version) REFERENCES program (code, version)
);
-- One open case per person, project and year.
CREATE UNIQUE INDEX program_case_open ON program_case (person_id, program_code, year) WHERE open = 1;
CREATE INDEX program_case_person ON program_case (person_id);
CREATE INDEX program_case_list ON program_case (program_code, year, township_code, stage);

-- What happened to a case, in order; never changed (triggers below).
CREATE TABLE case_event (
	id INTEGER PRIMARY KEY,
	case_id INTEGER NOT NULL REFERENCES program_case (id),
	transition TEXT NOT NULL,          -- a transition key, or "transfer"
	from_stage TEXT NOT NULL,          -- "" at enrolment
	to_stage TEXT NOT NULL,
	date TEXT NOT NULL,                -- the day it happened (YYYY-MM-DD), as entered
	at TEXT NOT NULL,                  -- when it was recorded
	user_name TEXT NOT NULL,
	role TEXT NOT NULL,
	fields TEXT NOT NULL DEFAULT '{}', -- the values entered, JSON, as stored (acuity in thousandths ...)
	remark TEXT NOT NULL DEFAULT ''
);
CREATE INDEX case_event_case ON case_event (case_id, id);
CREATE TRIGGER case_event_no_update BEFORE UPDATE ON case_event
BEGIN SELECT RAISE(ABORT, 'case_event is append-only'); END;
CREATE TRIGGER case_event_no_delete BEFORE DELETE ON case_event
BEGIN SELECT RAISE(ABORT, 'case_event is append-only'); END;

-- The first time a case reached each stage, with the event that did it.
CREATE TABLE case_stage (
	case_id INTEGER NOT NULL REFERENCES program_case (id),
	stage TEXT NOT NULL,
	date TEXT NOT NULL,
	event_id INTEGER NOT NULL REFERENCES case_event (id),
	PRIMARY KEY (case_id, stage)
) WITHOUT ROWID;

-- Scheduled stages (follow-ups): due when the anchor stage is reached, done when the stage is.
CREATE TABLE case_due (
	case_id INTEGER NOT NULL REFERENCES program_case (id),
	stage TEXT NOT NULL,
	program_code TEXT NOT NULL,
	year INTEGER NOT NULL,
	township_code TEXT NOT NULL,
	due_date TEXT NOT NULL,
	done_date TEXT,                    -- NULL until done
	PRIMARY KEY (case_id, stage)
) WITHOUT ROWID;
CREATE INDEX case_due_work ON case_due (program_code, township_code, done_date, due_date);

-- Running counts per township of every stage reached ("stage:KEY") and every
-- metric ("metric:KEY"), kept in the transaction of each event, so the funnel
-- of a million cases is a sum over the townships' rows.
CREATE TABLE program_count (
	program_code TEXT NOT NULL,
	year INTEGER NOT NULL,
	township_code TEXT NOT NULL,
	counter TEXT NOT NULL,
	n INTEGER NOT NULL,
	PRIMARY KEY (program_code, year, township_code, counter)
) WITHOUT ROWID;
