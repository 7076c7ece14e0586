'use strict';
// huimin import persons / export persons on real files: UTF-8 and GB18030
// CSV, .xlsx saved by LibreOffice, and files full of mistakes.
const test = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { HEADER, countyDb, huimin, idNumber, libreofficeXlsx, sql, tmpdir, writeCsv } = require('./helpers');

const ID1 = idNumber('341698', '19560312', 101); // male
const ID2 = idNumber('341698', '19800101', 222); // female
const ID3 = idNumber('341698', '20120606', 331); // male, a child
const ID4 = idNumber('341698', '19491001', 442); // female

// Four valid rows of the test county (tests/data/divisions.csv).
const GOOD = [
  `张三,男,${ID1},${ID1}11,视力,一级,农村,河口镇,河口村,13800001111,是,农村商业银行,6228480012345678901`,
  `李秀英,女,${ID2},${ID2}42,肢体,二级,城镇,河口镇,柳树村,,否,,`,
  `王小明,男,${ID3},,,,农村,山前乡,河口村,13900002222,否,中国农业银行,6228 4800 1234 5678`,
  `赵桂兰,女,${ID4},${ID4}74,多重,四级,农村,341698102000,341698102002,,是,,`,
];

function importJson(db, file, extra = []) {
  const r = huimin(['--db', db, 'import', 'persons', file, '--json', ...extra]);
  return { status: r.status, out: r.stdout ? JSON.parse(r.stdout) : null, stderr: r.stderr };
}

test('a UTF-8 roster imports, and its export imports again unchanged', () => {
  const dir = tmpdir();
  const db = countyDb(dir);
  const file = writeCsv(dir, 'roster.csv', [HEADER, ...GOOD]);
  const r = huimin(['--db', db, 'import', 'persons', file]);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /数据已全部导入成功！共 4 条/);
  assert.match(r.stdout, /inserted 4, updated 0, rejected 0\n$/);

  // Sex and birth date come from the ID; the same-named village resolves within its township.
  assert.deepEqual(sql(db, `SELECT sex, birth_date, village_code, category, grade, dibao FROM person WHERE id_number='${ID3}'`),
    ['1|2012-06-06|341698102001|||0']);
  assert.deepEqual(sql(db, `SELECT bank_account FROM person WHERE id_number='${ID3}'`), ['6228480012345678']);
  const INDEXES = "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'person' ORDER BY name";
  assert.deepEqual(sql(db, INDEXES), ['person_birth', 'person_id_number', 'person_name', 'person_stats', 'person_township',
    'person_township_grade', 'person_village'], 'the first load builds the indexes again');
  assert.deepEqual(sql(db, 'PRAGMA integrity_check'), ['ok']);
  assert.deepEqual(sql(db, 'SELECT file_no FROM person ORDER BY id'),
    ['34169800000001', '34169800000002', '34169800000003', '34169800000004']);

  const exported = path.join(dir, 'export.csv');
  assert.equal(huimin(['--db', db, 'export', 'persons', '--out', exported]).status, 0);
  const other = countyDb(dir, 'other.db');
  assert.equal(importJson(other, exported).out.inserted, 4);
  const again = path.join(dir, 'export2.csv');
  assert.equal(huimin(['--db', other, 'export', 'persons', '--out', again]).status, 0);
  assert.equal(fs.readFileSync(again, 'utf8'), fs.readFileSync(exported, 'utf8'));

  const rerun = importJson(db, exported);
  assert.deepEqual([rerun.out.inserted, rerun.out.updated, rerun.out.rejected], [0, 4, 0], 'a second import updates');
});

test('a GB18030 roster (as Excel in China saves CSV) is detected and imported', () => {
  const dir = tmpdir();
  const db = countyDb(dir);
  const utf8 = writeCsv(dir, 'utf8.csv', [HEADER, ...GOOD]);
  const gb = path.join(dir, 'gb.csv');
  const conv = spawnSync('iconv', ['-f', 'UTF-8', '-t', 'GB18030', utf8], { maxBuffer: 1 << 20 });
  assert.equal(conv.status, 0);
  fs.writeFileSync(gb, conv.stdout);
  assert.notDeepEqual(fs.readFileSync(gb), fs.readFileSync(utf8));
  const r = importJson(db, gb);
  assert.equal(r.status, 0, JSON.stringify(r.out));
  assert.equal(r.out.inserted, 4);
  assert.deepEqual(sql(db, `SELECT name FROM person WHERE id_number='${ID2}'`), ['李秀英']);
});

test('a UTF-8 roster with a few corrupt rows stays UTF-8: only those rows are rejected', () => {
  const dir = tmpdir();
  const db = countyDb(dir);
  const lines = [HEADER, ...GOOD].map((l) => Buffer.from(l, 'utf8'));
  // Bytes that are not UTF-8 in place of the name of row 3 and the 是否低保 of row 5.
  const corrupt = (line, text) => {
    const at = line.indexOf(Buffer.from(text, 'utf8'));
    assert.ok(at >= 0);
    return Buffer.concat([line.subarray(0, at), Buffer.from([0xc0, 0xaf, 0xff]), line.subarray(at + Buffer.byteLength(text))]);
  };
  lines[2] = corrupt(lines[2], '李秀英');
  lines[4] = corrupt(lines[4], ',是,');
  const file = path.join(dir, 'corrupt.csv');
  fs.writeFileSync(file, Buffer.concat(lines.flatMap((l) => [l, Buffer.from('\r\n')])));
  const r = importJson(db, file, ['--valid-only']);
  assert.equal(r.status, 1);
  assert.deepEqual([r.out.inserted, r.out.rejected], [2, 2]);
  assert.deepEqual(r.out.errors.map((e) => [e.row, e.column]), [[3, '姓名'], [5, '联系电话']]);
  assert.match(r.out.errors[0].reason, /UTF-8/);
  assert.deepEqual(sql(db, 'SELECT name FROM person ORDER BY id'), ['张三', '王小明']);
});

test('an .xlsx saved by LibreOffice imports; ID numbers stored as numbers are explained', () => {
  const dir = tmpdir();
  const db = countyDb(dir);
  const csv = writeCsv(dir, 'roster.csv', [HEADER, ...GOOD]);
  // Columns 3 身份证号, 4 残疾证号, 10 联系电话, 13 银行账号 typed as text, as a clerk should.
  const xlsx = libreofficeXlsx(csv, dir, [3, 4, 10, 13]);
  const r = importJson(db, xlsx);
  assert.equal(r.status, 0, JSON.stringify(r.out));
  assert.equal(r.out.inserted, 4);
  assert.deepEqual(sql(db, `SELECT cert_number, phone FROM person WHERE id_number='${ID1}'`), [`${ID1}11|13800001111`]);

  // The same sheet with default column types: Excel-style numbers lose the last digits.
  const numbersDir = path.join(dir, 'numbers');
  fs.mkdirSync(numbersDir);
  const numeric = libreofficeXlsx(csv, numbersDir, []);
  const n = importJson(countyDb(dir, 'n.db'), numeric);
  assert.equal(n.status, 1);
  const idErrors = n.out.errors.filter((e) => e.column === '身份证号');
  assert.ok(idErrors.length >= 3, JSON.stringify(n.out.errors));
  for (const e of idErrors) assert.match(e.reason, /保存成了数字/);
});

test('an export to .xlsx keeps ID numbers as text and imports again', () => {
  const dir = tmpdir();
  const db = countyDb(dir);
  assert.equal(importJson(db, writeCsv(dir, 'r.csv', [HEADER, ...GOOD])).status, 0);
  const xlsx = path.join(dir, 'out.xlsx');
  const r = huimin(['--db', db, 'export', 'persons', '--format', 'xlsx', '--out', xlsx]);
  assert.equal(r.status, 0, r.stderr);
  const other = countyDb(dir, 'other.db');
  const back = importJson(other, xlsx);
  assert.equal(back.status, 0, JSON.stringify(back.out));
  assert.equal(back.out.inserted, 4);
  const q = 'SELECT name, id_number, cert_number, phone, bank_account, village_code FROM person ORDER BY id';
  assert.deepEqual(sql(other, q), sql(db, q));
});

test('export --masked masks ID, certificate, phone and account; --township filters', () => {
  const dir = tmpdir();
  const db = countyDb(dir);
  assert.equal(importJson(db, writeCsv(dir, 'r.csv', [HEADER, ...GOOD])).status, 0);
  const masked = huimin(['--db', db, 'export', 'persons', '--masked']);
  assert.equal(masked.status, 0);
  const row = masked.stdout.split('\r\n').find((l) => l.startsWith('张三,'));
  const cells = row.split(',');
  assert.equal(cells[2], `${ID1.slice(0, 6)}********${ID1.slice(14)}`);
  assert.equal(cells[3], `${ID1.slice(0, 6)}********${ID1.slice(14)}11`);
  assert.equal(cells[9], '138****1111');
  assert.equal(cells[12], `${'*'.repeat(15)}8901`);
  assert.ok(!masked.stdout.includes(ID1), 'the full ID never appears');

  const town = huimin(['--db', db, 'export', 'persons', '--township', '341698102000']);
  assert.equal(town.status, 0);
  const names = town.stdout.trim().split('\r\n').slice(1).map((l) => l.split(',')[0]);
  assert.deepEqual(names, ['王小明', '赵桂兰']);
  assert.equal(huimin(['--db', db, 'export', 'persons', '--township', '341698999000']).status, 2);
});

// Each bad row: the row, the column named in the error, and the reason.
const BAD_ROWS = [
  [`,男,${ID1},,,,农村,河口镇,河口村,,,,`, '姓名', /不能为空/],
  ['甲,男,34169819560312101,,,,农村,河口镇,河口村,,,,', '身份证号', /应为18位（现在是17位）/],
  [`乙,男,${ID1.slice(0, 17)}${ID1[17] === '0' ? '1' : '0'},,,,农村,河口镇,河口村,,,,`, '身份证号', /校验位错误/],
  [`丙,男,${idNumber('341698', '19990231', 101)},,,,农村,河口镇,河口村,,,,`, '身份证号', /19990231.*不是有效日期/],
  [`丁,男,${idNumber('341698', '20991231', 101)},,,,农村,河口镇,河口村,,,,`, '身份证号', /晚于今天/],
  [`戊,男,${idNumber('001698', '19800101', 101)},,,,农村,河口镇,河口村,,,,`, '身份证号', /省级代码/],
  ['己,男,3.41698195603121E+17,,,,农村,河口镇,河口村,,,,', '身份证号', /保存成了数字/],
  [`庚,女,${idNumber('341698', '19700101', 111)},,,,农村,河口镇,河口村,,,,`, '性别', /与身份证号不符（身份证号第17位表示男）/],
  [`辛,男,${idNumber('341698', '19700101', 121)},${idNumber('341698', '19700101', 121)}1,,,农村,河口镇,河口村,,,,`, '残疾证号', /应为20位/],
  [`壬,男,${idNumber('341698', '19700101', 131)},${idNumber('341698', '19700101', 141)}11,,,农村,河口镇,河口村,,,,`, '残疾证号', /前18位与身份证号不一致/],
  [`癸,男,${idNumber('341698', '19700101', 151)},${idNumber('341698', '19700101', 151)}81,,,农村,河口镇,河口村,,,,`, '残疾证号', /第19位/],
  [`子,男,${idNumber('341698', '19700101', 161)},${idNumber('341698', '19700101', 161)}11,听力,,农村,河口镇,河口村,,,,`, '残疾类别', /与残疾证号第19位（视力）不一致/],
  [`丑,男,${idNumber('341698', '19700101', 171)},${idNumber('341698', '19700101', 171)}11,,三级,农村,河口镇,河口村,,,,`, '残疾等级', /一级/],
  [`寅,男,${idNumber('341698', '19700101', 181)},,瞎,,农村,河口镇,河口村,,,,`, '残疾类别', /应为视力/],
  [`卯,男,${idNumber('341698', '19700101', 191)},,,,,河口镇,河口村,,,,`, '户口性质', /不能为空/],
  [`辰,男,${idNumber('341698', '19700101', 201)},,,,城里,河口镇,河口村,,,,`, '户口性质', /城镇.*农村/],
  [`巳,男,${idNumber('341698', '19700101', 211)},,,,农村,不存在镇,河口村,,,,`, '乡镇', /找不到乡镇“不存在镇”/],
  [`午,男,${idNumber('341698', '19700101', 221)},,,,农村,河口镇,石门村,,,,`, '村', /乡镇“河口镇”下没有“石门村”/],
  [`未,男,${idNumber('341698', '19700101', 231)},,,,农村,河口镇,341698102002,,,,`, '村', /不属于乡镇/],
  [`申,男,${idNumber('341698', '19700101', 241)},,,,农村,河口镇,河口村,1380000111,,,`, '联系电话', /11位/],
  [`酉,男,${idNumber('341698', '19700101', 251)},,,,农村,河口镇,河口村,,也许,,`, '是否低保', /是.*否/],
  [`戌,男,${idNumber('341698', '19700101', 261)},,,,农村,河口镇,河口村,,,,62284800ABC`, '银行账号', /数字/],
  [`亥,男,${ID1},,,,农村,河口镇,河口村,,,,`, '身份证号', /与第2行重复/],
  ['多,男,x,y', '', /只有4列/],
];

test('a roster full of mistakes: each row rejected with its row, column and reason; nothing saved', () => {
  const dir = tmpdir();
  const db = countyDb(dir);
  const file = writeCsv(dir, 'bad.csv', [HEADER, GOOD[0], ...BAD_ROWS.map((b) => b[0])]);
  const errors = path.join(dir, 'errors.csv');
  const r = importJson(db, file, ['--today', '2026-06-30', '--errors', errors].slice(2));
  assert.equal(r.status, 1);
  assert.equal(r.out.rejected, BAD_ROWS.length);
  assert.deepEqual([r.out.inserted, r.out.updated], [0, 0]);
  BAD_ROWS.forEach(([, column, reason], i) => {
    const e = r.out.errors[i];
    assert.equal(e.row, i + 3, `row of case ${i}`);
    assert.equal(e.column, column, `column of row ${i + 3}: ${e.reason}`);
    assert.match(e.reason, reason, `reason of row ${i + 3}`);
  });
  assert.deepEqual(sql(db, 'SELECT count(*) FROM person'), ['0'], 'all or nothing');
  // person_birth, _id_number, _name, _stats, _township, _township_grade, _village
  assert.deepEqual(sql(db, "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND tbl_name = 'person'"), ['7'],
    'the rollback brings the indexes back');
  const lines = fs.readFileSync(errors, 'utf8').replace(/^\uFEFF/, '').trim().split('\r\n');
  assert.equal(lines.length, BAD_ROWS.length + 1);
  assert.equal(lines[1].split(',').slice(0, 2).join(','), '3,姓名');

  const plain = huimin(['--db', db, 'import', 'persons', file]);
  assert.equal(plain.status, 1);
  assert.match(plain.stdout, /^第3行 姓名：不能为空$/m);
  assert.match(plain.stdout, /整个文件都没有导入/);
  assert.match(plain.stdout, /inserted 0, updated 0, rejected 24\n$/);

  const valid = importJson(db, file, ['--valid-only']);
  assert.deepEqual([valid.out.inserted, valid.out.rejected], [1, BAD_ROWS.length]);
  assert.deepEqual(sql(db, 'SELECT name FROM person'), ['张三']);
});

test('--today decides what a future birth date is', () => {
  const dir = tmpdir();
  const db = countyDb(dir);
  const baby = idNumber('341698', '20261201', 101);
  const file = writeCsv(dir, 'r.csv', [HEADER, `婴,男,${baby},,,,农村,河口镇,河口村,,,,`]);
  const before = huimin(['--db', db, '--today', '2026-11-30', 'import', 'persons', file, '--json']);
  assert.equal(before.status, 1);
  assert.match(JSON.parse(before.stdout).errors[0].reason, /晚于今天/);
  assert.equal(huimin(['--db', db, '--today', '2026-12-01', 'import', 'persons', file]).status, 0);
});

test('columns in any order, other spellings, unknown columns noted once; missing required columns refused', () => {
  const dir = tmpdir();
  const db = countyDb(dir);
  const file = writeCsv(dir, 'r.csv', [
    '序号,村,乡镇,户口性质,身份证号码,姓名,备注',
    `1,河口村,河口镇,农业户口,${ID1},张三,无`,
  ]);
  const r = importJson(db, file);
  assert.equal(r.status, 0, JSON.stringify(r.out));
  assert.equal(r.out.inserted, 1);
  assert.deepEqual(r.out.notes, ['已忽略不认识的列：序号、备注']);

  const missing = writeCsv(dir, 'm.csv', ['姓名,身份证号,户口性质', `张三,${ID1},农村`]);
  const m = huimin(['--db', db, 'import', 'persons', missing]);
  assert.equal(m.status, 2);
  assert.match(m.stderr, /缺少必需的列：乡镇、村/);
});

test('an update keeps what the file does not carry; --no-update refuses registered people', () => {
  const dir = tmpdir();
  const db = countyDb(dir);
  assert.equal(importJson(db, writeCsv(dir, 'a.csv', [HEADER, GOOD[0]])).status, 0);
  const partial = writeCsv(dir, 'b.csv', ['姓名,身份证号,户口性质,乡镇,村', `张三丰,${ID1},城镇,河口镇,柳树村`]);
  const r = importJson(db, partial);
  assert.deepEqual([r.status, r.out.updated], [0, 1]);
  assert.deepEqual(sql(db, `SELECT name, hukou, village_code, phone, cert_number, file_no FROM person`),
    [`张三丰|1|341698101002|13800001111|${ID1}11|34169800000001`]);
  const twice = writeCsv(dir, 'c.csv', ['姓名,身份证号,户口性质,乡镇,村', `张三,${ID1},农村,河口镇,河口村`,
    `张三,${ID1},城镇,河口镇,河口村`]);
  const t = importJson(db, twice, ['--valid-only']);
  assert.deepEqual([t.out.updated, t.out.rejected, t.out.errors[0].row], [1, 1, 3]);
  assert.match(t.out.errors[0].reason, /与第2行重复/, 'a repeat is caught after an update too');
  assert.deepEqual(sql(db, 'SELECT hukou FROM person'), ['2']);
  const refused = importJson(db, partial, ['--no-update']);
  assert.equal(refused.status, 1);
  assert.match(refused.out.errors[0].reason, /已在档案中（档案号34169800000001）/);
});

test('unreadable files exit 2 and write nothing', () => {
  const dir = tmpdir();
  const db = countyDb(dir);
  const cases = [
    path.join(dir, 'nope.csv'),
    writeCsv(dir, 'empty.csv', []),
  ];
  const utf16 = path.join(dir, 'u16.csv');
  fs.writeFileSync(utf16, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`${HEADER}\r\n`, 'utf16le')]));
  cases.push(utf16);
  const fake = path.join(dir, 'fake.xlsx');
  fs.writeFileSync(fake, 'not a zip');
  cases.push(fake);
  for (const file of cases) {
    const r = huimin(['--db', db, 'import', 'persons', file]);
    assert.equal(r.status, 2, file);
    assert.ok(r.stderr.length > 0, file);
  }
  assert.deepEqual(sql(db, 'SELECT count(*) FROM person'), ['0']);
});
