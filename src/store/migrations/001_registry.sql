-- The registry: administrative divisions and persons (one person, one file).
-- Portable SQL: what SQLite and PostgreSQL both accept.

-- 12-digit statistical division codes: 2 province, 2 city, 2 county,
-- 3 township, 3 village. level: 1 county (县), 2 township (乡镇), 3 village (村).
CREATE TABLE division (
	code        TEXT PRIMARY KEY CHECK (length(code) = 12),
	name        TEXT NOT NULL CHECK (length(name) > 0),
	level       INTEGER NOT NULL CHECK (level BETWEEN 1 AND 3),
	parent_code TEXT REFERENCES division (code)
);
CREATE INDEX division_parent ON division (parent_code, name);
CREATE INDEX division_name ON division (level, name);

-- CHECKs use BETWEEN, not IN (...): SQLite builds a temporary table for an
-- IN list on every row it checks, a third of a roster import's time.
-- file_no is the county's 6 digits + the id, unique by construction, so it
-- needs no index of its own (a search by file number looks up the id).
-- A person's township is the first nine digits of the village code, so it is
-- not stored; a division's subtree is a range of village codes.
-- sex: 1 male, 2 female (GB/T 2261.1). hukou: 1 urban (城镇), 2 rural (农村).
-- category: 1 视力 .. 7 多重; grade: 1 (most severe) .. 4; both NULL without
-- a certificate (whose first 18 characters are the ID number, so it is
-- unique as the ID is). status: 1 在册, 2 死亡, 3 迁出.
CREATE TABLE person (
	id           INTEGER PRIMARY KEY,
	file_no      TEXT NOT NULL,
	name         TEXT NOT NULL CHECK (length(name) > 0),
	id_number    TEXT NOT NULL CHECK (length(id_number) = 18),
	sex          INTEGER NOT NULL CHECK (sex BETWEEN 1 AND 2),
	birth_date   TEXT NOT NULL,
	cert_number  TEXT CHECK (cert_number IS NULL OR length(cert_number) = 20),
	category     INTEGER CHECK (category BETWEEN 1 AND 7),
	grade        INTEGER CHECK (grade BETWEEN 1 AND 4),
	hukou        INTEGER NOT NULL CHECK (hukou BETWEEN 1 AND 2),
	village_code TEXT NOT NULL REFERENCES division (code),
	phone        TEXT,
	dibao        INTEGER NOT NULL DEFAULT 0 CHECK (dibao BETWEEN 0 AND 1),
	bank_name    TEXT,
	bank_account TEXT,
	status       INTEGER NOT NULL DEFAULT 1 CHECK (status BETWEEN 1 AND 3),
	created_at   TEXT NOT NULL,
	updated_at   TEXT NOT NULL
);
-- Named indexes (not inline UNIQUE), so that a bulk load can set them aside
-- and build them again afterwards (db_bulk_begin).
CREATE UNIQUE INDEX person_id_number ON person (id_number);
CREATE INDEX person_village ON person (village_code);
