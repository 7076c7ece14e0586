-- The evidence of a target's progress entered by hand (佐证材料): besides
-- its note, an entry may carry one scanned document (a PDF, JPEG or PNG: a
-- signed list, a receipt, a photograph of the work), stored like a case's
-- documents outside the database in <database>.files/ under its SHA-256
-- (domain/attachment.h: the file is in place before the row is inserted).
-- Empty ('' and 0) when the entry has none. target_entry stays
-- append-only (its triggers of 011): the document of an entry is never
-- changed; a wrong one is corrected by a further entry.
ALTER TABLE target_entry ADD COLUMN file_name TEXT NOT NULL DEFAULT ''
	CHECK (length(file_name) <= 100);                              -- the uploaded file's name, cleaned
ALTER TABLE target_entry ADD COLUMN file_type TEXT NOT NULL DEFAULT ''
	CHECK (file_type IN ('', 'application/pdf', 'image/jpeg', 'image/png')); -- decided by the content
ALTER TABLE target_entry ADD COLUMN file_size INTEGER NOT NULL DEFAULT 0
	CHECK (file_size BETWEEN 0 AND 5242880);                       -- bytes, 5 MiB at most
-- The digest names the stored file; the four columns are all empty or all set.
ALTER TABLE target_entry ADD COLUMN file_sha256 TEXT NOT NULL DEFAULT ''
	CHECK ((file_sha256 = '' AND file_name = '' AND file_type = '' AND file_size = 0)
	       OR (length(file_sha256) = 64 AND length(file_name) >= 1 AND file_type <> '' AND file_size >= 1));
