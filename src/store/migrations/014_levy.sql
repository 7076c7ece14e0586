-- 残疾人就业保障金 (the employment security fund, docs/design.md "就业保障金"):
-- the register of employers (用人单位), their staff figures per year, the
-- county's average wage per year, manual overrides of the amount due
-- (减免 / 缓缴), and the collections (征收记录), append-only. Money is
-- integer fen.

-- An employer: its unified social credit code (checked by base/uscc before
-- it is stored, upper-case), where it is (a township or village code of the
-- county), and a contact. rev counts the changes, so that an edit made from
-- an old form is refused instead of overwriting a newer one.
CREATE TABLE levy_enterprise (
	id INTEGER PRIMARY KEY,
	credit_code TEXT NOT NULL CHECK (length(credit_code) = 18),
	name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
	address TEXT NOT NULL DEFAULT '' CHECK (length(address) <= 200),
	division_code TEXT NOT NULL REFERENCES division (code) CHECK (length(division_code) = 12),
	contact TEXT NOT NULL DEFAULT '' CHECK (length(contact) <= 30),
	phone TEXT NOT NULL DEFAULT '' CHECK (length(phone) <= 20),
	rev INTEGER NOT NULL DEFAULT 1 CHECK (rev >= 1),
	created_at TEXT NOT NULL,
	created_by TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	updated_by TEXT NOT NULL,
	-- The township, derived from the division code as for persons (migration 003).
	township_code TEXT GENERATED ALWAYS AS (substr(division_code, 1, 9) || '000') VIRTUAL
);
CREATE UNIQUE INDEX levy_enterprise_code ON levy_enterprise (credit_code);
CREATE INDEX levy_enterprise_division ON levy_enterprise (division_code);
CREATE INDEX levy_enterprise_township ON levy_enterprise (township_code);

-- An employer's figures for a levy year (the previous year's, as declared):
-- 在职职工人数 and 安排残疾人数.
CREATE TABLE levy_staff (
	enterprise_id INTEGER NOT NULL REFERENCES levy_enterprise (id),
	year INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
	employees INTEGER NOT NULL CHECK (employees BETWEEN 0 AND 1000000),
	disabled INTEGER NOT NULL CHECK (disabled BETWEEN 0 AND employees),
	updated_at TEXT NOT NULL,
	updated_by TEXT NOT NULL,
	PRIMARY KEY (enterprise_id, year)
) WITHOUT ROWID;

-- The county's figures for a levy year: 上年在职职工年平均工资 (fen) and the
-- share of employees an employer must have disabled (basis points: 150 is 1.5%).
CREATE TABLE levy_year (
	year INTEGER PRIMARY KEY CHECK (year BETWEEN 2000 AND 2100),
	avg_wage INTEGER NOT NULL CHECK (avg_wage BETWEEN 1 AND 100000000),
	ratio_bp INTEGER NOT NULL DEFAULT 150 CHECK (ratio_bp BETWEEN 1 AND 1000),
	set_at TEXT NOT NULL,
	set_by TEXT NOT NULL
);

-- The amount due of an employer-year set by hand: kind 1 减免 (reduced or
-- waived), 2 缓缴 (deferred); amount is what is due for the year after it.
CREATE TABLE levy_override (
	enterprise_id INTEGER NOT NULL REFERENCES levy_enterprise (id),
	year INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
	kind INTEGER NOT NULL CHECK (kind BETWEEN 1 AND 2),
	amount INTEGER NOT NULL CHECK (amount BETWEEN 0 AND 99999999999999),
	reason TEXT NOT NULL CHECK (length(reason) BETWEEN 1 AND 200),
	set_at TEXT NOT NULL,
	set_by TEXT NOT NULL,
	PRIMARY KEY (enterprise_id, year)
) WITHOUT ROWID;

-- A collection (征收记录) for an employer's levy year (所属年度): the day it
-- was paid, the amount, the receipt (缴款书/票据号). Never changed, never
-- removed: a mistake is corrected by a new negative entry with its reason,
-- naming the entry it corrects when there is one.
CREATE TABLE levy_collection (
	id INTEGER PRIMARY KEY,
	enterprise_id INTEGER NOT NULL REFERENCES levy_enterprise (id),
	year INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
	paid_on TEXT NOT NULL CHECK (length(paid_on) = 10),
	amount INTEGER NOT NULL CHECK (amount BETWEEN -99999999999999 AND 99999999999999 AND amount <> 0),
	receipt TEXT NOT NULL DEFAULT '' CHECK (length(receipt) <= 40),
	reason TEXT NOT NULL DEFAULT '' CHECK (length(reason) <= 200),
	corrects INTEGER REFERENCES levy_collection (id),
	recorded_at TEXT NOT NULL,
	recorded_by TEXT NOT NULL,
	CHECK (amount > 0 OR length(reason) > 0),
	CHECK (corrects IS NULL OR amount < 0)
);
CREATE INDEX levy_collection_enterprise ON levy_collection (enterprise_id, year);
CREATE INDEX levy_collection_year ON levy_collection (year, enterprise_id);
CREATE INDEX levy_collection_receipt ON levy_collection (receipt);
CREATE INDEX levy_collection_corrects ON levy_collection (corrects);

CREATE TRIGGER levy_collection_no_update BEFORE UPDATE ON levy_collection
BEGIN SELECT RAISE(ABORT, 'levy_collection is append-only: correct with a negative entry'); END;
CREATE TRIGGER levy_collection_no_delete BEFORE DELETE ON levy_collection
BEGIN SELECT RAISE(ABORT, 'levy_collection is append-only: correct with a negative entry'); END;
