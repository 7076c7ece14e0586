-- Target management (目标管理) and supervision (督查), docs/targets.md: the
-- year's targets of every work line, their split to townships or to
-- urban/rural, the progress entered by hand for work the system does not
-- run, and the supervision items opened on lagging townships.

-- A target. value is in the unit (fen when the unit is 元). source says
-- where progress comes from: "manual" (target_entry rows) or a live count
-- of the data ("program:cataract:operated", "paid:assistance",
-- "survey:villages" ...; domain/target.c lists them).
CREATE TABLE target (
	id INTEGER PRIMARY KEY,
	year INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
	line TEXT NOT NULL CHECK (length(line) BETWEEN 1 AND 32),       -- work line key
	name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 60),
	unit TEXT NOT NULL CHECK (length(unit) BETWEEN 1 AND 8),        -- 人 例 元 期 个村 名 人次
	value INTEGER NOT NULL CHECK (value BETWEEN 1 AND 99999999999999),
	split TEXT NOT NULL DEFAULT '' CHECK (split IN ('', 'hukou', 'township')),
	start_date TEXT NOT NULL,                                        -- time elapsed counts from here
	deadline TEXT NOT NULL CHECK (deadline >= start_date),
	owner TEXT NOT NULL DEFAULT '' CHECK (length(owner) <= 128),    -- the county staff member answering for it
	source TEXT NOT NULL CHECK (length(source) BETWEEN 1 AND 80),
	note TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 500),
	created_at TEXT NOT NULL,
	created_by TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	updated_by TEXT NOT NULL,
	UNIQUE (year, name)
);
CREATE INDEX target_year ON target (year, line, id);
CREATE INDEX target_source ON target (source, year);

-- A target's parts: per township (part = township code) or urban/rural
-- (part = '1' 城镇, '2' 农村); the parts add up to the target's value.
CREATE TABLE target_part (
	target_id INTEGER NOT NULL REFERENCES target (id) ON DELETE CASCADE,
	part TEXT NOT NULL CHECK (length(part) BETWEEN 1 AND 12),
	value INTEGER NOT NULL CHECK (value BETWEEN 0 AND 99999999999999),
	PRIMARY KEY (target_id, part)
) WITHOUT ROWID;

-- Progress entered by hand, with its evidence (manual targets): what was
-- done on date, in the target's unit, for a township ('' county level).
-- Append-only: a mistake is corrected by a further entry (negative value).
CREATE TABLE target_entry (
	id INTEGER PRIMARY KEY,
	target_id INTEGER NOT NULL REFERENCES target (id),
	part TEXT NOT NULL DEFAULT '',
	date TEXT NOT NULL,
	value INTEGER NOT NULL CHECK (value BETWEEN -99999999999999 AND 99999999999999),
	note TEXT NOT NULL CHECK (length(note) BETWEEN 1 AND 500),
	at TEXT NOT NULL,
	user_name TEXT NOT NULL
);
CREATE INDEX target_entry_target ON target_entry (target_id, id);
CREATE TRIGGER target_entry_no_update BEFORE UPDATE ON target_entry
BEGIN SELECT RAISE(ABORT, 'target_entry is append-only'); END;
CREATE TRIGGER target_entry_no_delete BEFORE DELETE ON target_entry
BEGIN SELECT RAISE(ABORT, 'target_entry is append-only'); END;

-- A supervision item (督查): the county's finding on a township's target
-- and what must be done by when; the township answers with its
-- rectification; the county closes it (or sends it back: status 1 again).
-- status 1 open (待整改), 2 answered (已整改待核), 3 closed (已销号).
CREATE TABLE supervision (
	id INTEGER PRIMARY KEY,
	target_id INTEGER NOT NULL REFERENCES target (id),
	township_code TEXT NOT NULL REFERENCES division (code),
	finding TEXT NOT NULL CHECK (length(finding) BETWEEN 1 AND 500),
	requirement TEXT NOT NULL CHECK (length(requirement) BETWEEN 1 AND 500),
	deadline TEXT NOT NULL,
	status INTEGER NOT NULL DEFAULT 1 CHECK (status BETWEEN 1 AND 3),
	opened_on TEXT NOT NULL,
	opened_at TEXT NOT NULL,
	opened_by TEXT NOT NULL,
	answer TEXT NOT NULL DEFAULT '' CHECK (length(answer) <= 500),
	answered_at TEXT NOT NULL DEFAULT '',
	answered_by TEXT NOT NULL DEFAULT '',
	closing TEXT NOT NULL DEFAULT '' CHECK (length(closing) <= 500),
	closed_on TEXT NOT NULL DEFAULT '',
	closed_at TEXT NOT NULL DEFAULT '',
	closed_by TEXT NOT NULL DEFAULT ''
);
CREATE INDEX supervision_target ON supervision (target_id, township_code);
CREATE INDEX supervision_status ON supervision (status, township_code);

-- The project targets set so far (one number per project-year and metric)
-- become targets of the project's work line, counted live from its cases.
INSERT INTO target (year, line, name, unit, value, split, start_date, deadline, owner, source, note,
		    created_at, created_by, updated_at, updated_by)
SELECT t.year, t.program_code,
       substr(coalesce((SELECT p.name FROM program p WHERE p.code = t.program_code ORDER BY p.version DESC LIMIT 1),
			t.program_code), 1, 50) || '目标',
       coalesce((SELECT json_extract(p.definition, '$.unit') FROM program p WHERE p.code = t.program_code
		 ORDER BY p.version DESC LIMIT 1), '例'),
       t.value, '', printf('%04d-01-01', t.year), printf('%04d-12-31', t.year), '',
       'program:' || t.program_code || ':' || t.metric, '',
       strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), 'system', strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), 'system'
FROM program_target t WHERE t.value > 0;
DROP TABLE program_target;
