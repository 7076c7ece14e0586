-- 生活救助 on the engine (docs/programs.md): objections raised during a
-- public notice (村公示) and the archive numbers (一人一档) given at a stage
-- flagged "archive".

-- An objection to a case, entered by the cadre who received it. Open while
-- resolution is NULL; an open objection keeps the case in its notice stage.
-- Upheld: the case leaves through the definition's "objection_upheld"
-- transition (an event), in the same transaction; dismissed: it may go on.
CREATE TABLE case_objection (
	id INTEGER PRIMARY KEY,
	case_id INTEGER NOT NULL REFERENCES program_case (id),
	objector TEXT NOT NULL CHECK (length(objector) > 0), -- who objected (a name, as given)
	content TEXT NOT NULL CHECK (length(content) > 0),   -- what they said
	raised_on TEXT NOT NULL,           -- the day it was raised (YYYY-MM-DD)
	entered_at TEXT NOT NULL,          -- when it was recorded
	entered_by TEXT NOT NULL,
	resolution TEXT CHECK (resolution IS NULL OR resolution = 'upheld' OR resolution = 'dismissed'),
	resolved_on TEXT,
	resolved_at TEXT,
	resolved_by TEXT,
	remark TEXT NOT NULL DEFAULT '',
	CHECK ((resolution IS NULL) = (resolved_at IS NULL))
);
CREATE INDEX case_objection_case ON case_objection (case_id, id);

-- The archive number of a case: county code + year + a 6-digit serial per
-- program, year and county, given once when the case first reaches a stage
-- flagged "archive" and never changed.
CREATE TABLE case_archive (
	case_id INTEGER PRIMARY KEY REFERENCES program_case (id),
	program_code TEXT NOT NULL,
	year INTEGER NOT NULL,
	county_code TEXT NOT NULL CHECK (length(county_code) = 6),
	serial INTEGER NOT NULL CHECK (serial BETWEEN 1 AND 999999),
	archive_no TEXT NOT NULL UNIQUE,
	assigned_on TEXT NOT NULL,
	UNIQUE (program_code, year, county_code, serial)
);
