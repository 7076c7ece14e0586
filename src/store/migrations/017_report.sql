-- The annual report (汇报材料, domain/report.h): the work's milestones that
-- no case records, entered by the county: the launch meeting of the
-- livelihood projects (民生工程启动会), the mobilisation and training
-- meeting of the survey, the submission to the city ... Each belongs to a
-- year and a work line (a project's code such as "cataract", or a line of
-- target management such as "survey"), and the report tells them in date
-- order in that line's paragraphs.
CREATE TABLE milestone (
	id INTEGER PRIMARY KEY,
	year INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
	line TEXT NOT NULL CHECK (length(line) BETWEEN 1 AND 32),
	date TEXT NOT NULL CHECK (length(date) = 10 AND substr(date, 1, 4) = CAST(year AS TEXT)),
	title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
	created_at TEXT NOT NULL,
	created_by TEXT NOT NULL
);
CREATE INDEX milestone_year ON milestone (year, line, date, id);

-- The report tells the first and the last day of each step ("从4月13日开始 ...
-- 为期5天"): the stages reached in date order, so that finding them takes a
-- look-up, not a pass over a year's cases.
CREATE INDEX case_stage_date ON case_stage (stage, date);
