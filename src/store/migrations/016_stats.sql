-- 统计报表 (domain/stats.h): pivot counts of the registry and of a
-- project-year's cases, read by one grouped statement each whose GROUP BY
-- follows these indexes' order, so a county of a million persons is
-- counted from an index alone, without a sort (docs/performance.md).

-- Every column a person is counted by, in the order the statement groups
-- them: the village first (the data scope and the township and village
-- filters are a range of it), then status, category, grade, hukou, sex;
-- the birth date last, summed into the age groups within each group.
CREATE INDEX person_stats ON person (village_code, status, category, grade, hukou, sex, birth_date);

-- A project-year's cases by village and current stage, with the person
-- (joined for the person's columns) and the case id (for the stages
-- reached), without reading the case rows.
CREATE INDEX program_case_stats ON program_case (program_code, year, village_code, stage, person_id);
