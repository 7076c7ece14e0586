-- Working lists of follow-ups (docs/performance.md, case engine benchmark):
-- the year and the stage in the index, so a township's overdue count reads
-- the index alone, and an index without the township for the county-wide
-- list that hospitals open first.
DROP INDEX case_due_work;
CREATE INDEX case_due_work ON case_due (program_code, township_code, done_date, due_date, year, stage);
CREATE INDEX case_due_county ON case_due (program_code, done_date, due_date, year, stage);
