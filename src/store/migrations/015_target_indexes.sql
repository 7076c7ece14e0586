-- The target board's live counts that the running counts per township
-- (program_count) do not give, kept so that the board of a year reads a few
-- rows instead of every case (docs/performance.md, "Target board").

-- The cases of a program-year that reached a stage, by the person's hukou
-- (1 城镇, 2 农村): what a target split urban/rural counts for a metric
-- without a field (case_report_metric_by_hukou). Kept by the triggers below
-- on every change of what it counts (a stage reached, a person's hukou, a
-- case's program, year or person), so that n is always the count of
--   case_stage s JOIN program_case c ON c.id = s.case_id JOIN person p ON p.id = c.person_id
-- per (c.program_code, c.year, s.stage, p.hukou); rows may stay at 0.
CREATE TABLE program_reached_hukou (
	program_code TEXT NOT NULL,
	year INTEGER NOT NULL,
	stage TEXT NOT NULL,
	hukou INTEGER NOT NULL,
	n INTEGER NOT NULL,
	PRIMARY KEY (program_code, year, stage, hukou)
) WITHOUT ROWID;

INSERT INTO program_reached_hukou (program_code, year, stage, hukou, n)
SELECT c.program_code, c.year, s.stage, p.hukou, count(*)
FROM case_stage s JOIN program_case c ON c.id = s.case_id JOIN person p ON p.id = c.person_id
GROUP BY c.program_code, c.year, s.stage, p.hukou;

-- A stage reached (the engine's only write to case_stage), and for
-- completeness one removed or changed.
CREATE TRIGGER program_reached_hukou_add AFTER INSERT ON case_stage
BEGIN
	INSERT INTO program_reached_hukou (program_code, year, stage, hukou, n)
	SELECT c.program_code, c.year, NEW.stage, p.hukou, 1
	FROM program_case c JOIN person p ON p.id = c.person_id WHERE c.id = NEW.case_id
	ON CONFLICT (program_code, year, stage, hukou) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER program_reached_hukou_remove AFTER DELETE ON case_stage
BEGIN
	UPDATE program_reached_hukou SET n = n - 1
	WHERE (program_code, year, stage, hukou) IN (SELECT c.program_code, c.year, OLD.stage, p.hukou
		FROM program_case c JOIN person p ON p.id = c.person_id WHERE c.id = OLD.case_id);
END;
CREATE TRIGGER program_reached_hukou_change AFTER UPDATE OF case_id, stage ON case_stage
	WHEN OLD.case_id IS NOT NEW.case_id OR OLD.stage IS NOT NEW.stage
BEGIN
	UPDATE program_reached_hukou SET n = n - 1
	WHERE (program_code, year, stage, hukou) IN (SELECT c.program_code, c.year, OLD.stage, p.hukou
		FROM program_case c JOIN person p ON p.id = c.person_id WHERE c.id = OLD.case_id);
	INSERT INTO program_reached_hukou (program_code, year, stage, hukou, n)
	SELECT c.program_code, c.year, NEW.stage, p.hukou, 1
	FROM program_case c JOIN person p ON p.id = c.person_id WHERE c.id = NEW.case_id
	ON CONFLICT (program_code, year, stage, hukou) DO UPDATE SET n = n + 1;
END;

-- A person's hukou changed (an edit, an import): the stages their cases
-- reached move from the old hukou to the new.
CREATE TRIGGER program_reached_hukou_person AFTER UPDATE OF hukou ON person
	WHEN OLD.hukou IS NOT NEW.hukou
BEGIN
	UPDATE program_reached_hukou SET n = n - (SELECT count(*) FROM program_case c JOIN case_stage s ON s.case_id = c.id
		WHERE c.person_id = NEW.id AND c.program_code = program_reached_hukou.program_code
			AND c.year = program_reached_hukou.year AND s.stage = program_reached_hukou.stage)
	WHERE hukou = OLD.hukou AND (program_code, year, stage) IN (SELECT c.program_code, c.year, s.stage
		FROM program_case c JOIN case_stage s ON s.case_id = c.id WHERE c.person_id = NEW.id);
	INSERT INTO program_reached_hukou (program_code, year, stage, hukou, n)
	SELECT c.program_code, c.year, s.stage, NEW.hukou, count(*)
	FROM program_case c JOIN case_stage s ON s.case_id = c.id WHERE c.person_id = NEW.id
	GROUP BY c.program_code, c.year, s.stage
	ON CONFLICT (program_code, year, stage, hukou) DO UPDATE SET n = n + excluded.n;
END;

-- A case moved to another program, year or person (the engine never does;
-- kept exact all the same).
CREATE TRIGGER program_reached_hukou_case AFTER UPDATE OF program_code, year, person_id ON program_case
	WHEN OLD.program_code IS NOT NEW.program_code OR OLD.year IS NOT NEW.year OR OLD.person_id IS NOT NEW.person_id
BEGIN
	UPDATE program_reached_hukou SET n = n - 1
	WHERE program_code = OLD.program_code AND year = OLD.year
		AND hukou = (SELECT hukou FROM person WHERE id = OLD.person_id)
		AND stage IN (SELECT stage FROM case_stage WHERE case_id = OLD.id);
	INSERT INTO program_reached_hukou (program_code, year, stage, hukou, n)
	SELECT NEW.program_code, NEW.year, s.stage, p.hukou, 1
	FROM case_stage s JOIN person p ON p.id = NEW.person_id WHERE s.case_id = NEW.id
	ON CONFLICT (program_code, year, stage, hukou) DO UPDATE SET n = n + 1;
END;

-- The cases that reached a stage, in case order: a target split urban/rural
-- on a metric with a field (an outcome, a choice) reads each one's event
-- and person, starting from these.
CREATE INDEX case_stage_reached ON case_stage (stage, case_id);

-- The money paid per case of a program-year on the index alone (a target
-- counting the money paid sums it per case, then per township of the case);
-- the ledger (program_code, year, status) keeps its prefix.
DROP INDEX payment_line_ledger;
CREATE INDEX payment_line_ledger ON payment_line (program_code, year, status, case_id, amount);
