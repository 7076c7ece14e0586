'use strict';
// huimin survey: opening a year's survey with its form (a bad form refused with where each mistake is,
// the same form again changes nothing, other dates change them), checking a form, the progress table.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { huimin, sql, tmpdir } = require('./helpers');

const FORM = path.resolve(__dirname, '..', '..', 'programs', 'survey-form.json');

test('survey open, check and progress', () => {
  const dir = tmpdir();
  const db = path.join(dir, 's.db');
  assert.equal(huimin(['--db', db, 'demo', '--persons', '50']).status, 0);
  const bad = path.join(dir, 'bad.json');
  fs.writeFileSync(bad, JSON.stringify({ code: 'x', name: '表', version: 1,
    fields: [{ key: 'a', label: '甲', type: 'bool' }], required: ['a', 'b'] }));
  let r = huimin(['--db', db, 'survey', 'open', '2025', bad]);
  assert.equal(r.status, 1, r.stdout);
  assert.match(r.stderr, /required\[1\]：没有名为 b 的字段/);
  assert.deepEqual(sql(db, 'SELECT count(*) FROM survey'), ['0']);
  r = huimin(['--db', db, 'survey', 'check', bad]);
  assert.equal(r.status, 2);

  r = huimin(['--db', db, 'survey', 'open', '2025', FORM]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /已开展2025年度的残疾人基本情况调查/);
  assert.deepEqual(sql(db, 'SELECT start_date, end_date, target_permille, opened_by FROM survey'),
    ['2025-09-01|2025-09-30|950|(命令行)']);
  r = huimin(['--db', db, 'survey', 'open', '2025', FORM]);
  assert.match(r.stdout, /没有变化/);
  r = huimin(['--db', db, 'survey', 'open', '2025', FORM, '--end', '2025-10-15']);
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(sql(db, 'SELECT end_date FROM survey'), ['2025-10-15']);
  r = huimin(['--db', db, 'survey', 'open', '2025', FORM, '--start', '2024-09-01']);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /开始日期应为该年度内的日期/);
  assert.deepEqual(sql(db, "SELECT action FROM operation_log WHERE module = '基本情况调查' ORDER BY id"),
    ['开展调查', '修改调查']);

  r = huimin(['--db', db, 'survey', 'check', FORM]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /没有错误：basic_survey 第1版（残疾人基本服务状况和需求调查表），11个项目/);
  r = huimin(['--db', db, 'survey', 'progress', '2025']);
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.trim().split('\n');
  assert.equal(lines.length, 1 + Number(sql(db, 'SELECT count(*) FROM division WHERE level = 2')[0]) + 1);
  assert.match(lines[1], /^341699001000\s+青禾镇\s+\d+\s+0\s+0\s+0\s+0\s+0\s+—$/);
  assert.match(lines[lines.length - 1], /合计\s+351\s+0/);
  assert.equal(huimin(['--db', db, 'survey', 'progress', '2024']).status, 1);
  assert.equal(huimin(['--db', db, 'survey', 'open', 'next', FORM]).status, 2);
  fs.rmSync(dir, { recursive: true, force: true });
});
