// huimin import enterprises: employers (就业保障金) from a spreadsheet, every row checked, all or
// nothing unless --valid-only, a second file updating the registered ones; GB18030 as Excel saves it.
'use strict';
const { test } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const { spawnSync } = require('node:child_process');
const { countyDb, huimin, sql, tmpdir, writeCsv } = require('./helpers');

const HEADER = '统一社会信用代码,单位名称,乡镇,村（社区）,联系电话,年度,在职职工人数,安排残疾人数';

test('import enterprises: all or nothing, valid rows only, updates, GB18030', () => {
  const dir = tmpdir();
  const db = countyDb(dir);
  const file = writeCsv(dir, '用人单位.csv', [
    HEADER,
    '91341698ma2tq7k81B,河口纺织有限公司,河口镇,河口村,0551-62345678,2024,500,2',
    '92341698MA2N0AB1X9,柳树便民超市,河口镇,柳树村,,2024,12,',
    '52341698MA2W1BCD7R,山前职业学校,山前乡,,,2024,100,1',
  ], 'utf8');
  let r = huimin(['--db', db, '--today', '2024-10-31', 'import', 'enterprises', file]);
  assert.equal(r.status, 1, r.stdout + r.stderr);
  assert.match(r.stdout, /第2行 统一社会信用代码：校验码错误：按前17位计算，第18位应为\S（现在是B）/);
  assert.match(r.stdout, /有1行数据有错误，整个文件都没有导入/);
  assert.deepEqual(sql(db, 'SELECT count(*) FROM levy_enterprise'), ['0']);

  r = huimin(['--db', db, '--today', '2024-10-31', 'import', 'enterprises', '--valid-only', '--json', file]);
  assert.equal(r.status, 1, r.stdout + r.stderr);
  const out = JSON.parse(r.stdout);
  assert.equal(out.inserted, 2);
  assert.equal(out.rejected, 1);
  assert.equal(out.errors[0].row, 2);
  assert.equal(out.errors[0].column, '统一社会信用代码');
  assert.deepEqual(sql(db, "SELECT division_code FROM levy_enterprise ORDER BY id"), ['341698101002', '341698102000']);
  assert.deepEqual(sql(db, 'SELECT sum(employees), sum(disabled) FROM levy_staff WHERE year = 2024'), ['112|1']);
  assert.deepEqual(sql(db, "SELECT action, outcome FROM operation_log WHERE module = '就业保障金'"), ['导入|成功：新增2家，更新0家']);

  // The same employers again, saved by Excel in GB18030, without 年度 (this year): updated.
  const utf8 = writeCsv(dir, 'again-utf8.csv', [
    '单位名称,统一社会信用代码,乡镇,在职职工人数',
    '山前乡职业技术学校,52341698MA2W1BCD7R,山前乡,120',
  ]);
  const conv = spawnSync('iconv', ['-f', 'UTF-8', '-t', 'GB18030', utf8], { maxBuffer: 1 << 20 });
  assert.equal(conv.status, 0);
  const again = `${dir}/again.csv`;
  fs.writeFileSync(again, conv.stdout);
  r = huimin(['--db', db, '--today', '2024-10-31', 'import', 'enterprises', again]);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /数据已全部导入成功！共 1 条/);
  assert.deepEqual(sql(db, "SELECT name FROM levy_enterprise WHERE credit_code = '52341698MA2W1BCD7R'"), ['山前乡职业技术学校']);
  assert.deepEqual(sql(db, "SELECT employees, disabled FROM levy_staff s JOIN levy_enterprise e ON e.id = s.enterprise_id WHERE e.credit_code = '52341698MA2W1BCD7R'"), ['120|1']);
  r = huimin(['--db', db, 'import', 'enterprises', '--no-update', again]);
  assert.equal(r.status, 1);
  assert.match(r.stdout, /第2行 统一社会信用代码：该统一社会信用代码已登记（山前乡职业技术学校）/);
});
