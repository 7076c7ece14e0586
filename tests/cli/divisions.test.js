'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { DATA, huimin, sql, tmpdir } = require('./helpers');

test('a division file loads in any row order, levels in English or Chinese', () => {
  const dir = tmpdir();
  const db = path.join(dir, 'd.db');
  const r = huimin(['--db', db, 'divisions', 'import', path.join(DATA, 'divisions.csv'), '--json']);
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.deepEqual([out.inserted, out.updated, out.rejected], [7, 0, 0]);
  assert.deepEqual(sql(db, 'SELECT level, count(*) FROM division GROUP BY level'), ['1|1', '2|2', '3|4']);
  assert.deepEqual(sql(db, "SELECT parent_code FROM division WHERE code = '341698102000'"), ['341698000000']);

  const again = JSON.parse(huimin(['--db', db, 'divisions', 'import', path.join(DATA, 'divisions.csv'), '--json']).stdout);
  assert.deepEqual([again.inserted, again.updated], [0, 7], 'importing again updates');
});

const BAD = [
  [3, 'code', /12位数字/],
  [4, 'level', /形式不符：这个代码是乡镇级的/],
  [5, 'parent_code', /上级区划341698104000不存在/],
  [6, 'parent_code', /应为341698000000/],
  [7, 'name', /不能为空/],
  [9, 'code', /与第8行重复/],
];

test('bad division rows are reported by row and column, and nothing is written', () => {
  const dir = tmpdir();
  const db = path.join(dir, 'd.db');
  const errors = path.join(dir, 'errors.csv');
  const r = huimin(['--db', db, 'divisions', 'import', path.join(DATA, 'divisions-bad.csv'), '--json', '--errors', errors]);
  assert.equal(r.status, 1);
  const out = JSON.parse(r.stdout);
  assert.equal(out.rejected, BAD.length);
  assert.deepEqual([out.inserted, out.updated], [0, 0]);
  out.errors.forEach((e, i) => {
    assert.equal(e.row, BAD[i][0]);
    assert.equal(e.column, BAD[i][1]);
    assert.match(e.reason, BAD[i][2]);
  });
  assert.deepEqual(sql(db, 'SELECT count(*) FROM division'), ['0']);
  const lines = fs.readFileSync(errors, 'utf8').replace(/^\uFEFF/, '').trim().split('\r\n');
  assert.equal(lines[0], '行号,列名,原因');
  assert.equal(lines.length, BAD.length + 1);
  assert.match(lines[1], /^3,code,/);
});

test('--valid-only loads the good division rows', () => {
  const dir = tmpdir();
  const db = path.join(dir, 'd.db');
  const r = huimin(['--db', db, 'divisions', 'import', path.join(DATA, 'divisions-bad.csv'), '--valid-only']);
  assert.equal(r.status, 1);
  assert.match(r.stdout, /inserted 3, updated 0, rejected 6\n$/);
  assert.deepEqual(sql(db, 'SELECT name FROM division ORDER BY code'), ['测试县', '重复镇', '好镇']);
});

test('a division file without the required columns is refused whole', () => {
  const dir = tmpdir();
  const file = path.join(dir, 'x.csv');
  fs.writeFileSync(file, 'code,名字\n341698000000,测试县\n');
  const r = huimin(['--db', path.join(dir, 'd.db'), 'divisions', 'import', file]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /缺少必需的列：name、level/);
});
