-- The registry search on a county of a million persons (docs/performance.md).

-- A person's township, derived from the village code (its first nine digits
-- and "000", the township's own division code) and never stored in the row:
-- a VIRTUAL generated column is computed when read, so it cannot drift from
-- the village. Indexing it lets a township filter (or a township user's
-- data scope) be one equality instead of a range of village codes, followed
-- by the grade and the id (the implicit last column of every index): a
-- township's persons of one grade, in file-number order, straight from the
-- index, and counted from it without reading a row.
-- PostgreSQL (before 18) has only STORED generated columns; its migration
-- stores it there.
ALTER TABLE person ADD COLUMN township_code TEXT
	GENERATED ALWAYS AS (substr(village_code, 1, 9) || '000') VIRTUAL;
CREATE INDEX person_township_grade ON person (township_code, grade);
-- A township's persons in file-number order (the list's default) with any
-- other filter: without it they would be read whole and sorted.
CREATE INDEX person_township ON person (township_code);
-- The list sorted by name or birth date (and the age groups, a birth-date
-- range) without sorting the whole registry for one page.
CREATE INDEX person_name ON person (name);
CREATE INDEX person_birth ON person (birth_date);
