-- 残疾人基本情况调查 (basic situation survey, docs/design.md): the survey
-- of a year with its form, the roster (底册) of each village drawn from the
-- registry, one investigator per village, the survey records (versioned,
-- never changed), and the acceptance checks (验收) on a seeded sample of a
-- township's records.

-- The survey of a year. form: the form definition (JSON, domain/program's
-- program_form_parse) as it was loaded; the records' answers are keyed by
-- its items. The planned period is 1 September for a month in the report.
CREATE TABLE survey (
	year INTEGER PRIMARY KEY CHECK (year BETWEEN 2000 AND 2100),
	form TEXT NOT NULL CHECK (length(form) BETWEEN 2 AND 262144),
	start_date TEXT NOT NULL CHECK (length(start_date) = 10),
	end_date TEXT NOT NULL CHECK (length(end_date) = 10),
	target_permille INTEGER NOT NULL DEFAULT 950 CHECK (target_permille BETWEEN 0 AND 1000),
	opened_at TEXT NOT NULL,
	opened_by TEXT NOT NULL,
	CHECK (end_date >= start_date)
);

-- A village of the survey: its roster was drawn (first and last time), and
-- its investigator (调查员): an account of role village for the village
-- (investigator_user) or only a name.
CREATE TABLE survey_village (
	year INTEGER NOT NULL REFERENCES survey (year),
	village_code TEXT NOT NULL REFERENCES division (code),
	township_code TEXT NOT NULL CHECK (length(township_code) = 12),
	first_drawn_at TEXT,
	drawn_at TEXT,
	drawn_by TEXT,
	investigator_user INTEGER REFERENCES app_user (id),
	investigator_name TEXT NOT NULL DEFAULT '' CHECK (length(investigator_name) <= 120),
	assigned_at TEXT,
	assigned_by TEXT,
	PRIMARY KEY (year, village_code)
);

-- The roster: the persons 在册 in a village when its roster was drawn, as
-- they were then (a snapshot: later changes of the registry do not change
-- it). Drawing again adds the persons not yet on the year's roster and
-- never removes a row. record_id and outcome follow the person's current
-- survey record (NULL until one is entered), in the record's transaction.
-- outcome: 1 已入户, 2 未找到, 3 已迁出, 4 已死亡.
CREATE TABLE survey_roster (
	year INTEGER NOT NULL REFERENCES survey (year),
	person_id INTEGER NOT NULL REFERENCES person (id),
	village_code TEXT NOT NULL REFERENCES division (code),
	township_code TEXT NOT NULL CHECK (length(township_code) = 12),
	name TEXT NOT NULL CHECK (length(name) > 0),
	sex INTEGER NOT NULL CHECK (sex BETWEEN 1 AND 2),
	birth_date TEXT NOT NULL,
	category INTEGER CHECK (category BETWEEN 1 AND 7),
	grade INTEGER CHECK (grade BETWEEN 1 AND 4),
	hukou INTEGER NOT NULL CHECK (hukou BETWEEN 1 AND 2),
	drawn_at TEXT NOT NULL,
	drawn_by TEXT NOT NULL,
	record_id INTEGER,
	outcome INTEGER CHECK (outcome BETWEEN 1 AND 4),
	PRIMARY KEY (year, person_id)
);
CREATE INDEX survey_roster_village ON survey_roster (year, village_code, outcome);
CREATE INDEX survey_roster_township ON survey_roster (year, township_code, outcome);

-- A survey record of a roster person: version 1 is the first entry, each
-- correction a new version with its reason (remark); never changed.
CREATE TABLE survey_record (
	id INTEGER PRIMARY KEY,
	year INTEGER NOT NULL,
	person_id INTEGER NOT NULL,
	version INTEGER NOT NULL CHECK (version >= 1),
	outcome INTEGER NOT NULL CHECK (outcome BETWEEN 1 AND 4),
	visit_date TEXT NOT NULL CHECK (length(visit_date) = 10),
	investigator TEXT NOT NULL CHECK (length(investigator) BETWEEN 1 AND 120),
	answers TEXT NOT NULL DEFAULT '{}' CHECK (length(answers) <= 1048576), -- at most 64 items of 2000 characters
	remark TEXT NOT NULL DEFAULT '' CHECK (length(remark) <= 2000),
	entered_at TEXT NOT NULL,
	entered_by TEXT NOT NULL,
	FOREIGN KEY (year, person_id) REFERENCES survey_roster (year, person_id),
	UNIQUE (year, person_id, version)
);
CREATE TRIGGER survey_record_no_update BEFORE UPDATE ON survey_record
BEGIN SELECT RAISE(ABORT, 'survey_record is append-only'); END;
CREATE TRIGGER survey_record_no_delete BEFORE DELETE ON survey_record
BEGIN SELECT RAISE(ABORT, 'survey_record is append-only'); END;

-- An acceptance check (验收) of a township: a sample of `drawn` of the
-- `population` roster persons that had a record, drawn with seed
-- (splitmix64 + a partial Fisher-Yates shuffle over the rows in person
-- order: the same seed over the same rows draws the same sample).
CREATE TABLE survey_check (
	id INTEGER PRIMARY KEY,
	year INTEGER NOT NULL REFERENCES survey (year),
	township_code TEXT NOT NULL REFERENCES division (code),
	seed INTEGER NOT NULL CHECK (seed BETWEEN 1 AND 999999999999999999),
	requested INTEGER NOT NULL CHECK (requested BETWEEN 1 AND 1000),
	population INTEGER NOT NULL CHECK (population >= 0),
	drawn INTEGER NOT NULL CHECK (drawn >= 0),
	drawn_on TEXT NOT NULL CHECK (length(drawn_on) = 10), -- the day (today as huimin counts it)
	drawn_at TEXT NOT NULL,
	drawn_by TEXT NOT NULL
);
CREATE INDEX survey_check_township ON survey_check (year, township_code, id);

-- A sampled person, the record version it checks, and the verdict of the
-- re-verification, given once: 1 一致 (agrees), 2 有差错 (discrepancy, with a note).
CREATE TABLE survey_check_item (
	check_id INTEGER NOT NULL REFERENCES survey_check (id),
	seq INTEGER NOT NULL CHECK (seq >= 1),
	person_id INTEGER NOT NULL,
	record_id INTEGER NOT NULL REFERENCES survey_record (id),
	result INTEGER CHECK (result BETWEEN 1 AND 2),
	note TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 2000),
	verified_on TEXT,
	verified_at TEXT,
	verified_by TEXT,
	PRIMARY KEY (check_id, seq),
	UNIQUE (check_id, person_id),
	CHECK ((result IS NULL) = (verified_at IS NULL))
);
