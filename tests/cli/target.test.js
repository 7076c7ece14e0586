'use strict';
// huimin target: a year's targets set from the command line (money typed in yuan, kept in fen; every field
// checked, a refusal naming the field), listed with their progress and status, logged.
const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { huimin, sql, tmpdir } = require('./helpers');

const ROOT = path.resolve(__dirname, '..', '..');

test('target add and list', () => {
  const dir = tmpdir();
  const db = path.join(dir, 't.db');
  assert.equal(huimin(['--db', db, 'demo', '--persons', '50']).status, 0);
  assert.equal(huimin(['--db', db, 'program', 'load', path.join(ROOT, 'programs', 'cataract.json')]).status, 0);
  let r = huimin(['--db', db, 'target', 'add', '2025', 'cataract', '贫困白内障复明手术', '例', '400', '2025-12-31',
    'program:cataract:operated']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /已设定目标 1：2025年度 贫困白内障复明手术/);
  r = huimin(['--db', db, 'target', 'add', '2025', 'levy', '征收保障金', '元', '1,000,000.00', '2025-12-31', 'manual',
    '--owner', 'staff']);
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(sql(db, "SELECT value, owner, source FROM target WHERE line = 'levy'"), ['100000000|staff|manual']);
  // Refused: the fields named, nothing saved.
  r = huimin(['--db', db, 'target', 'add', '2025', 'nope', '征收保障金', '元', '5', '2025-02-30', 'program:cataract:x']);
  assert.equal(r.status, 1, r.stdout);
  assert.match(r.stderr, /line：工作条线“nope”不存在/);
  assert.match(r.stderr, /name：2025年已有名为“征收保障金”的目标/);
  assert.match(r.stderr, /deadline：/);
  assert.match(r.stderr, /source：项目“贫困白内障复明工程”没有指标“x”/);
  assert.equal(huimin(['--db', db, 'target', 'add', '2025', 'levy', 'x', '元', 'abc', '2025-12-31', 'manual']).status, 2);
  assert.deepEqual(sql(db, 'SELECT count(*) FROM target'), ['2']);
  // Listed with progress against time elapsed: nothing done by July is behind.
  r = huimin(['--db', db, '--today', '2025-07-01', 'target', 'list', '2025']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^1\t贫困白内障复明工程\t贫困白内障复明手术\t400例\t完成0\t0\.0%\t滞后\t2025-12-31$/m);
  assert.match(r.stdout, /^2\t残疾人就业保障金\t征收保障金\t1,000,000\.00元\t完成0\.00\t0\.0%\t滞后\t2025-12-31$/m);
  assert.match(huimin(['--db', db, 'target', 'list', '2030']).stdout, /2030年度还没有目标/);
  assert.deepEqual(sql(db, "SELECT count(*) FROM operation_log WHERE module = '目标管理' AND user_name = '(命令行)'"), ['2']);
});
