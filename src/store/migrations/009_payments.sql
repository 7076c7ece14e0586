-- The money of livelihood projects (docs/payments.md): payment standards,
-- each program-year's budget, payment batches (打卡发放) with their lines,
-- and the cases a batch left out with the reason. Amounts are integer fen.

-- What a person is paid per period: the most specific standard wins
-- (hukou and grade; 0 stands for any).
CREATE TABLE payment_standard (
	program_code TEXT NOT NULL,
	year INTEGER NOT NULL,
	hukou INTEGER NOT NULL CHECK (hukou BETWEEN 0 AND 2),   -- 1 urban, 2 rural, 0 any
	grade INTEGER NOT NULL CHECK (grade BETWEEN 0 AND 4),   -- disability grade, 0 any
	amount INTEGER NOT NULL CHECK (amount BETWEEN 1 AND 99999999999999), -- fen per person per period
	set_at TEXT NOT NULL,
	set_by TEXT NOT NULL,
	PRIMARY KEY (program_code, year, hukou, grade)
) WITHOUT ROWID;

-- The funds allocated to a program-year (entered by the county admin).
CREATE TABLE payment_budget (
	program_code TEXT NOT NULL,
	year INTEGER NOT NULL,
	amount INTEGER NOT NULL CHECK (amount BETWEEN 0 AND 99999999999999),
	set_at TEXT NOT NULL,
	set_by TEXT NOT NULL,
	PRIMARY KEY (program_code, year)
) WITHOUT ROWID;

-- A batch: status 1 draft, 2 sent to the bank, 3 reconciled (every line paid or failed).
CREATE TABLE payment_batch (
	id INTEGER PRIMARY KEY,
	program_code TEXT NOT NULL,
	year INTEGER NOT NULL,
	period TEXT NOT NULL,              -- YYYY-MM, YYYY-Qn, YYYY-H1/H2
	payable_stage TEXT NOT NULL,       -- the stage a case must have reached
	stop_stages TEXT NOT NULL,         -- ",key,key," the current stages that stop payment
	status INTEGER NOT NULL DEFAULT 1 CHECK (status BETWEEN 1 AND 3),
	created_at TEXT NOT NULL,
	created_by TEXT NOT NULL,
	sent_at TEXT,
	sent_by TEXT,
	reconciled_at TEXT,
	reconciled_by TEXT
);
CREATE INDEX payment_batch_program ON payment_batch (program_code, year, id);

-- A line: one person's payment for the period, as the bank file gives it
-- (name, ID number, bank and account copied when the batch was built).
-- Status 1 pending, 2 paid, 3 failed (with the bank's reason).
CREATE TABLE payment_line (
	id INTEGER PRIMARY KEY,
	batch_id INTEGER NOT NULL REFERENCES payment_batch (id),
	seq INTEGER NOT NULL CHECK (seq >= 1),  -- 序号 in the bank file
	program_code TEXT NOT NULL,
	year INTEGER NOT NULL,
	period TEXT NOT NULL,
	case_id INTEGER NOT NULL REFERENCES program_case (id),
	person_id INTEGER NOT NULL REFERENCES person (id),
	name TEXT NOT NULL,
	id_number TEXT NOT NULL,
	bank_name TEXT NOT NULL,
	bank_account TEXT NOT NULL CHECK (length(bank_account) > 0),
	amount INTEGER NOT NULL CHECK (amount BETWEEN 1 AND 99999999999999),
	status INTEGER NOT NULL DEFAULT 1 CHECK (status BETWEEN 1 AND 3),
	reason TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX payment_line_seq ON payment_line (batch_id, seq);
-- A person is never paid twice for a period: one line per program, year,
-- period and person among the lines that did not fail (a failed line may be
-- paid again in a later batch of the same period, once corrected).
CREATE UNIQUE INDEX payment_line_once ON payment_line (program_code, year, period, person_id) WHERE status <> 3;
CREATE INDEX payment_line_ledger ON payment_line (program_code, year, status);
CREATE INDEX payment_line_case ON payment_line (case_id);

-- What a line pays never changes; paid and failed are final; only a draft's lines may go.
CREATE TRIGGER payment_line_fixed BEFORE UPDATE OF batch_id, seq, program_code, year, period, case_id,
	person_id, name, id_number, bank_name, bank_account, amount ON payment_line
BEGIN SELECT RAISE(ABORT, 'payment_line: what a line pays never changes'); END;
CREATE TRIGGER payment_line_final BEFORE UPDATE OF status ON payment_line WHEN OLD.status <> 1
BEGIN SELECT RAISE(ABORT, 'payment_line: a paid or failed line is final'); END;
CREATE TRIGGER payment_line_keep BEFORE DELETE ON payment_line
	WHEN (SELECT status FROM payment_batch WHERE id = OLD.batch_id) <> 1
BEGIN SELECT RAISE(ABORT, 'payment_line: only the lines of a draft batch may be removed'); END;

-- The cases a batch left out, and why (no bank account, no standard ...).
CREATE TABLE payment_skip (
	batch_id INTEGER NOT NULL REFERENCES payment_batch (id),
	case_id INTEGER NOT NULL REFERENCES program_case (id),
	person_id INTEGER NOT NULL,
	name TEXT NOT NULL,
	reason TEXT NOT NULL,
	PRIMARY KEY (batch_id, case_id)
) WITHOUT ROWID;
