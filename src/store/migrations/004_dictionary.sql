-- The dictionaries (字典) of coded values in one table: the single source of
-- their codes, the labels pages and exports show, and the other spellings an
-- import accepts. The program reads it once at start (domain/dict.c); the
-- codes are what the other tables store (person.sex, person.category ...).
-- type: the program's identifier of the dictionary; type_name: its name as
-- users know it; aliases: '|'-separated other spellings (no empty one);
-- sort: the order within the dictionary.
CREATE TABLE dictionary (
	type      TEXT NOT NULL CHECK (length(type) > 0),
	type_name TEXT NOT NULL CHECK (length(type_name) > 0),
	code      INTEGER NOT NULL,
	label     TEXT NOT NULL CHECK (length(label) > 0),
	aliases   TEXT NOT NULL DEFAULT '',
	sort      INTEGER NOT NULL,
	PRIMARY KEY (type, code)
);
INSERT INTO dictionary (type, type_name, code, label, aliases, sort) VALUES
	('sex', '性别', 1, '男', '男性', 1),
	('sex', '性别', 2, '女', '女性', 2),
	('category', '残疾类别', 1, '视力', '视力残疾|1', 1),
	('category', '残疾类别', 2, '听力', '听力残疾|2', 2),
	('category', '残疾类别', 3, '言语', '言语残疾|3', 3),
	('category', '残疾类别', 4, '肢体', '肢体残疾|4', 4),
	('category', '残疾类别', 5, '智力', '智力残疾|5', 5),
	('category', '残疾类别', 6, '精神', '精神残疾|6', 6),
	('category', '残疾类别', 7, '多重', '多重残疾|7', 7),
	('grade', '残疾等级', 1, '一级', '1级|一|1', 1),
	('grade', '残疾等级', 2, '二级', '2级|二|2', 2),
	('grade', '残疾等级', 3, '三级', '3级|三|3', 3),
	('grade', '残疾等级', 4, '四级', '4级|四|4', 4),
	('hukou', '户口性质', 1, '城镇', '城镇户口|非农业|非农业户口|城市', 1),
	('hukou', '户口性质', 2, '农村', '农村户口|农业|农业户口', 2),
	('yesno', '是否', 1, '是', 'Y|y|1', 1),
	('yesno', '是否', 0, '否', 'N|n|0', 2),
	('status', '人员状态', 1, '在册', '', 1),
	('status', '人员状态', 2, '死亡', '', 2),
	('status', '人员状态', 3, '迁出', '', 3),
	('level', '区划级别', 1, '县', 'county|区|县级', 1),
	('level', '区划级别', 2, '乡镇', 'township|乡|镇|街道', 2),
	('level', '区划级别', 3, '村', 'village|社区|行政村', 3);
