'use strict';
// huimin program: loading definitions (every problem listed, nothing half-stored), versions, list, show.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { DATA, huimin, sql, tmpdir } = require('./helpers');

const ROOT = path.resolve(__dirname, '..', '..');
const CATARACT = path.join(ROOT, 'programs', 'cataract.json');
const ASSISTANCE = path.join(ROOT, 'programs', 'assistance.json');
const SMALL = path.join(DATA, 'programs', 'small.json');

function newDb() {
  const dir = tmpdir();
  const db = path.join(dir, 'p.db');
  const r = huimin(['--db', db, 'init']);
  assert.equal(r.status, 0, r.stderr);
  return { dir, db };
}

test('the cataract definition loads, again is fine, and list and show it', () => {
  const { db } = newDb();
  let r = huimin(['--db', db, 'program', 'load', CATARACT]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^已载入 cataract 第1版（贫困白内障复明工程）\n$/);
  assert.deepEqual(sql(db, 'SELECT code, version, name, loaded_by FROM program'),
    ['cataract|1|贫困白内障复明工程|(命令行)']);
  assert.equal(sql(db, 'SELECT definition FROM program')[0], fs.readFileSync(CATARACT, 'utf8').trimEnd().split('\n')[0]);
  assert.deepEqual(sql(db, "SELECT count(*) FROM operation_log WHERE target = 'program:cataract 第1版'"), ['1']);

  r = huimin(['--db', db, 'program', 'load', CATARACT]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /cataract 第1版 已经载入过，内容相同/);
  assert.deepEqual(sql(db, 'SELECT count(*) FROM program'), ['1']);

  r = huimin(['--db', db, 'program', 'list']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /cataract\s+第1版\s+贫困白内障复明工程/);

  r = huimin(['--db', db, 'program', 'show', 'cataract']);
  assert.equal(r.status, 0, r.stderr);
  for (const want of [
    /^贫困白内障复明工程（cataract 第1版）/,
    /followup90\s+90天随访：“已出院”后90天到期/,
    /prescreen_failed\s+初查不合格（结束）/,
    /operate\s+手术：手术对象 → 已手术\n\s+可由：县残联管理员、县残联业务人员、医院\n\s+填写：手术日期（必填）/,
    /discharge_date\s+出院日期：日期，在“已手术”的日期之后2至7天/,
    /good\s+良好：视力不低于0.3/,
    /good90\s+90天随访视力良好：到达“90天随访”的个案，视力结果为“良好”/,
    /目标考核的指标：手术/,
    /成功率：90天随访视力良好 ÷ 完成90天随访/,
    /^计数单位：例$/m,
    /^每月补助标准：未写/m,
    /分项统计（5）：/,
    /surgeon\s+按手术医生：到达“已手术”的个案，按“主刀医生”逐月，并计其中“90天随访视力良好”/,
    /complications\s+手术并发症：到达“已手术”的个案，按“并发症”逐月\n/,
  ]) assert.match(r.stdout, want);

  r = huimin(['--db', db, 'program', 'show', 'cataract', '--version', '2']);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /没有项目 cataract 的第2版/);
  r = huimin(['--db', db, 'program', 'show', 'nothing']);
  assert.equal(r.status, 1);
});

test('show prints every option of the assistance definition: notice period, archive, documents, eligibility again, objection, amount', () => {
  const { dir, db } = newDb();
  let r = huimin(['--db', db, 'program', 'load', ASSISTANCE]);
  assert.equal(r.status, 0, r.stderr);
  r = huimin(['--db', db, 'program', 'show', 'assistance']);
  assert.equal(r.status, 0, r.stderr);
  for (const want of [
    /^贫困重度残疾人生活特别救助工程（assistance 第1版）\n计数单位：名\n每月补助标准：未写（公示名单不列金额）\n/,
    /in_notice\s+村公示\n\s+公示阶段：公示期7天，进入时可由“公示天数”改定；期满且没有未处理的异议才能离开\n/,
    /approved\s+审批通过\n\s+第一次到达时编档案号（一人一档）\n/,
    /填写：残疾证（必填，须为“是”）、低保证（必填，须为“是”）、身份证或户口簿（必填，须为“是”）、银行卡（必填，须为“是”）\n/,
    /approve\s+审批通过：县残联审核通过 → 审批通过\n\s+可由：县残联管理员、县残联业务人员\n\s+办理时按档案现在的情况再查资格条件\n/,
    /resume\s+恢复发放：暂停发放 → 审批通过\n.*\n\s+须写明原因\n\s+办理时按档案现在的情况再查资格条件\n/,
    /objection_upheld\s+公示异议成立，不予通过：村公示 → 不予通过\n.*\n\s+须写明原因\n\s+公示异议成立时由系统办理\n/,
    /stop\s+停止发放：审批通过、暂停发放 → 停止发放\n.*\n\s+填写：停止发放的原因（必填）\n/,
    /stopped_death\s+因死亡停止发放：到达“停止发放”的个案，停止发放的原因为“死亡”/,
    /目标考核的指标：审批通过/,
  ]) assert.match(r.stdout, want);
  // Only the stages and transitions that have them say so.
  assert.equal((r.stdout.match(/公示阶段：/g) || []).length, 1);
  assert.equal((r.stdout.match(/编档案号/g) || []).length, 1);
  assert.equal((r.stdout.match(/再查资格条件/g) || []).length, 2);
  assert.equal((r.stdout.match(/由系统办理/g) || []).length, 1);
  assert.doesNotMatch(r.stdout, /分项统计/);

  // A later version with the county's amount, a breakdown, a document that must be 否 and an optional one.
  const def = JSON.parse(fs.readFileSync(ASSISTANCE, 'utf8'));
  def.version = 2;
  def.unit = '人';
  def.monthly_amount = 1234.5;
  def.stages.find((s) => s.key === 'in_notice').hold_days = 10;
  def.transitions[0].fields[3] = { field: 'doc_bank', must_be: false };
  def.transitions[0].fields.push({ field: 'notice_days' });
  def.breakdowns = [{ key: 'method', label: '按审核方式', stage: 'reviewed', field: 'review_method', metric: 'approved' }];
  const file = path.join(dir, 'assistance2.json');
  fs.writeFileSync(file, JSON.stringify(def, null, 2));
  r = huimin(['--db', db, 'program', 'load', file]);
  assert.equal(r.status, 0, r.stderr);
  r = huimin(['--db', db, 'program', 'show', 'assistance']);
  assert.equal(r.status, 0, r.stderr);
  for (const want of [
    /^贫困重度残疾人生活特别救助工程（assistance 第2版）\n计数单位：人\n每月补助标准：1,234.50元\n/,
    /公示阶段：公示期10天，/,
    /银行卡（须为“否”）、公示天数\n/,
    /分项统计（1）：\n\s+method\s+按审核方式：到达“县残联审核通过”的个案，按“审核方式”逐月，并计其中“审批通过”\n/,
  ]) assert.match(r.stdout, want);
});

test('a broken definition lists every problem with where it is, exits 2 and stores nothing', () => {
  const { dir, db } = newDb();
  const def = JSON.parse(fs.readFileSync(SMALL, 'utf8'));
  def.transitions[1].to = 'approvedd';
  def.transitions[0].roles = ['villager'];
  def.fields[0].colour = 'red';
  const file = path.join(dir, 'broken.json');
  fs.writeFileSync(file, JSON.stringify(def, null, 2));
  const r = huimin(['--db', db, 'program', 'load', file]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /fields\[0\]\.colour：不认识的键“colour”/);
  assert.match(r.stderr, /transitions\[0\]\.roles\[0\]：没有“villager”这个角色/);
  assert.match(r.stderr, /transitions\[1\]\.to：没有名为 approvedd 的阶段/);
  assert.match(r.stderr, /有3处错误，没有载入/);
  assert.deepEqual(sql(db, 'SELECT count(*) FROM program'), ['0']);

  const syntax = huimin(['--db', db, 'program', 'load', path.join(DATA, 'programs', 'broken', 'syntax-comma.json')]);
  assert.equal(syntax.status, 2);
  assert.match(syntax.stderr, /^第10行第3列：/);

  const check = huimin(['program', 'check', file]);
  assert.equal(check.status, 2);
  assert.equal(huimin(['program', 'check', SMALL]).status, 0);
  assert.equal(huimin(['--db', db, 'program', 'load', path.join(dir, 'missing.json')]).status, 2);
});

test('a version never changes: other text for it is refused, a new version goes in', () => {
  const { dir, db } = newDb();
  assert.equal(huimin(['--db', db, 'program', 'load', SMALL]).status, 0);
  const text = fs.readFileSync(SMALL, 'utf8');
  const changed = path.join(dir, 'changed.json');
  fs.writeFileSync(changed, text.replace('示例项目', '示例项目二'));
  let r = huimin(['--db', db, 'program', 'load', changed]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /demo 第1版已经载入过，内容不同/);
  assert.deepEqual(sql(db, 'SELECT name FROM program'), ['示例项目']);

  fs.writeFileSync(changed, text.replace('示例项目', '示例项目二').replace('"version": 1', '"version": 2'));
  r = huimin(['--db', db, 'program', 'load', changed]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /已载入 demo 第2版/);
  r = huimin(['--db', db, 'program', 'list']);
  assert.match(r.stdout, /demo\s+第2版\s+示例项目二/);
  assert.match(huimin(['--db', db, 'program', 'show', 'demo', '--version', '1']).stdout, /^示例项目（demo 第1版）/);
  assert.match(huimin(['--db', db, 'program', 'show', 'demo']).stdout, /^示例项目二（demo 第2版）/);
});

test('program list on a database without programs says so', () => {
  const { db } = newDb();
  const r = huimin(['--db', db, 'program', 'list']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /还没有载入任何项目/);
});
