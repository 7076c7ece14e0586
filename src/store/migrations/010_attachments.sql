-- Scanned copies of a case's documents (材料扫描件): 残疾证, 低保证, 身份证或户口簿,
-- 银行卡 ... as PDF, JPEG or PNG, stored outside the database as files named
-- by their SHA-256 in a directory next to the database file
-- (<database>.files/, domain/attachment.h). A row is committed only after
-- its file is in place, so a row always has its file; a file without a row
-- (an upload cut off between the two) is never listed.
--
-- Append-only like the case's history: a wrong upload is superseded by a
-- newer one of the same kind, never changed or deleted.
CREATE TABLE case_attachment (
	id INTEGER PRIMARY KEY,
	case_id INTEGER NOT NULL REFERENCES program_case (id),
	kind TEXT NOT NULL CHECK (length(kind) BETWEEN 1 AND 32),      -- a bool field's key (doc_cert ...) or 'other'
	name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),     -- the uploaded file's name, cleaned
	content_type TEXT NOT NULL CHECK (content_type = 'application/pdf' OR content_type = 'image/jpeg'
		OR content_type = 'image/png'),                         -- decided by the content, not the name
	size INTEGER NOT NULL CHECK (size BETWEEN 1 AND 5242880),      -- bytes, 5 MiB at most
	sha256 TEXT NOT NULL CHECK (length(sha256) = 64),              -- lowercase hex; also the stored file's name
	uploaded_at TEXT NOT NULL,
	uploaded_by TEXT NOT NULL
);
CREATE INDEX case_attachment_case ON case_attachment (case_id, id);
CREATE TRIGGER case_attachment_no_update BEFORE UPDATE ON case_attachment
BEGIN SELECT RAISE(ABORT, 'case_attachment is append-only'); END;
CREATE TRIGGER case_attachment_no_delete BEFORE DELETE ON case_attachment
BEGIN SELECT RAISE(ABORT, 'case_attachment is append-only'); END;
