-- 劳动就业 and 康复 (domain/training.h, domain/rehab.h): the training classes
-- the county runs (就业培训, 盲人按摩培训 ...) with their trainees from the
-- registry and the funding support each trainee gets, and the
-- rehabilitation services delivered to persons.
--
-- A trainee's and a service's village (and its township, the village code's
-- first nine digits and "000") are those of the person when the row was
-- entered: the township that trained or served the person keeps the count,
-- as a case keeps its township, also if the person moves later.

CREATE TABLE training_class (
	id INTEGER PRIMARY KEY,
	year INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
	kind INTEGER NOT NULL CHECK (kind BETWEEN 1 AND 3),              -- 1 就业培训, 2 盲人按摩培训, 3 其他
	name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 60),
	start_date TEXT NOT NULL CHECK (length(start_date) = 10 AND substr(start_date, 1, 4) = CAST(year AS TEXT)),
	end_date TEXT NOT NULL CHECK (length(end_date) = 10 AND end_date >= start_date),
	place TEXT NOT NULL CHECK (length(place) BETWEEN 1 AND 100),
	support INTEGER NOT NULL CHECK (support BETWEEN 0 AND 10000000), -- fen per trainee (the default), 100,000.00 yuan at most
	closed INTEGER NOT NULL DEFAULT 0 CHECK (closed BETWEEN 0 AND 1),
	closed_at TEXT,
	closed_by TEXT,
	created_at TEXT NOT NULL,
	created_by TEXT NOT NULL
);
CREATE INDEX training_class_year ON training_class (year, start_date);

CREATE TABLE training_trainee (
	class_id INTEGER NOT NULL REFERENCES training_class (id),
	person_id INTEGER NOT NULL REFERENCES person (id),
	village_code TEXT NOT NULL REFERENCES division (code),
	township_code TEXT NOT NULL CHECK (township_code = substr(village_code, 1, 9) || '000'),
	support INTEGER NOT NULL CHECK (support BETWEEN 0 AND 10000000), -- fen
	added_at TEXT NOT NULL,
	added_by TEXT NOT NULL,
	PRIMARY KEY (class_id, person_id)                                -- one person once per class
) WITHOUT ROWID;
CREATE INDEX training_trainee_person ON training_trainee (person_id);
CREATE INDEX training_trainee_township ON training_trainee (township_code, class_id);

-- A closed class takes no more trainees and loses none (whoever writes).
CREATE TRIGGER training_trainee_closed_insert BEFORE INSERT ON training_trainee
WHEN (SELECT closed FROM training_class WHERE id = NEW.class_id) = 1
BEGIN SELECT RAISE(ABORT, 'training class is closed'); END;
CREATE TRIGGER training_trainee_closed_delete BEFORE DELETE ON training_trainee
WHEN (SELECT closed FROM training_class WHERE id = OLD.class_id) = 1
BEGIN SELECT RAISE(ABORT, 'training class is closed'); END;
CREATE TRIGGER training_trainee_no_update BEFORE UPDATE ON training_trainee
BEGIN SELECT RAISE(ABORT, 'a trainee row is not changed: remove and add again while the class is open'); END;

CREATE TABLE rehab_service (
	id INTEGER PRIMARY KEY,
	person_id INTEGER NOT NULL REFERENCES person (id),
	village_code TEXT NOT NULL REFERENCES division (code),
	township_code TEXT NOT NULL CHECK (township_code = substr(village_code, 1, 9) || '000'),
	kind INTEGER NOT NULL CHECK (kind BETWEEN 1 AND 4),              -- 1 康复训练, 2 辅助器具适配, 3 康复评估, 4 其他
	provider TEXT NOT NULL CHECK (length(provider) BETWEEN 1 AND 60),
	date TEXT NOT NULL CHECK (length(date) = 10),
	note TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 200),
	entered_at TEXT NOT NULL,
	entered_by TEXT NOT NULL
);
CREATE INDEX rehab_service_person ON rehab_service (person_id, date);
CREATE INDEX rehab_service_date ON rehab_service (date);
CREATE INDEX rehab_service_township ON rehab_service (township_code, date);
-- Entered once, never changed or removed (a record of a service delivered).
CREATE TRIGGER rehab_service_no_update BEFORE UPDATE ON rehab_service
BEGIN SELECT RAISE(ABORT, 'rehab_service is append-only'); END;
CREATE TRIGGER rehab_service_no_delete BEFORE DELETE ON rehab_service
BEGIN SELECT RAISE(ABORT, 'rehab_service is append-only'); END;
