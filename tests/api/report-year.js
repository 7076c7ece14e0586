// A small year replayed through the API on a generated county, for the annual report's tests (API, CLI and
// browser): the cataract project (12 registered, 10 pass pre-screening, taken to the county hospital on two
// days, 8 candidates, 7 operated over three days against a target of 5, 6 of 7 with good sight at 90 days),
// the special living assistance (5 approved, 2 urban and 3 rural, against a target of 4 split 1 urban / 3
// rural, paid to their cards), a training class against a target of 2, the employment security fund entered
// by hand over its target, and the launch meeting as a milestone. The figures the report must state are in
// FIGURES, the persons in the order the figures count them in the result.
'use strict';
const assert = require('node:assert/strict');
const path = require('node:path');
const { ROOT, huiminAt, sqlReadonly, addUserToken, apiCall } = require('./helpers');

const YEAR = 2024;
const TODAY = '2024-12-31';

const FIGURES = {
  registered: 12, prescreened: 10, transported: 10, candidates: 8, operated: 7, cataractTarget: 5, good90: 6,
  approvedUrban: 2, approvedRural: 3, assistanceTarget: 4, targetUrban: 1, targetRural: 3,
  // 2 x 600.00 + 3 x 360.00 yuan
  paidFen: 228000, paidWan: '0.228万元',
};

// Sets up the database before the server starts: a demo county (unless demo is false: the caller made it, of
// 1200 persons with seed 5), the programs and the users. Returns { town, village, tokens }.
function prepare(db, { demo = true } = {}) {
  if (demo) {
    const r = huiminAt(db, ['demo', '--persons', '1200', '--seed', '5']);
    assert.equal(r.status, 0, r.stdout + r.stderr);
  }
  for (const p of ['cataract', 'assistance', 'employment']) {
    const x = huiminAt(db, ['program', 'load', path.join(ROOT, 'programs', `${p}.json`)]);
    assert.equal(x.status, 0, x.stdout + x.stderr);
  }
  const town = sqlReadonly(db, 'SELECT code FROM division WHERE level = 2 ORDER BY code LIMIT 1');
  const village = sqlReadonly(db, `SELECT code FROM division WHERE level = 3 AND code LIKE '${town.slice(0, 9)}%' ORDER BY code LIMIT 1`);
  return {
    town,
    village,
    tokens: {
      chief: addUserToken(db, 'chief', 'county_admin'),
      staff: addUserToken(db, 'staff', 'county_staff'),
      lead: addUserToken(db, 'lead', 'leader'),
      township: addUserToken(db, 'townuser', 'township', town),
      village: addUserToken(db, 'villuser', 'village', village),
    },
  };
}

async function ok(promise, status = 200) {
  const r = await promise;
  assert.equal(r.status, status, r.text);
  return r.json;
}

// CSV rows of a bank file (UTF-8 with a byte-order mark; no field holds a comma or a quote).
const csvRows = (text) => text.replace(/^\uFEFF/, '').trim().split(/\r?\n/).map((l) => l.split(','));

async function upload(srv, token, p, name, content) {
  const form = new FormData();
  form.append('file', new Blob([content]), name);
  const res = await fetch(`${srv.url}${p}`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
  return { status: res.status, text: await res.text() };
}

// Replays the year on a running server; returns { cataract: [case ids operated, in order], approved: [...] }.
async function replay(srv, db, tokens) {
  const api = (method, p, body) => apiCall(srv, tokens.staff, method, p, body);
  const move = (id, transition, values = {}, date = '', remark = '') =>
    ok(api('POST', `/api/v1/cases/${id}/transitions`, { transition, values, date, remark }));
  const sql = (q) => sqlReadonly(db, q);

  // 贫困白内障复明工程
  const persons = sql(`SELECT id FROM person WHERE status = 1 ORDER BY id LIMIT ${FIGURES.registered}`).split('\n').map(Number);
  const cases = [];
  for (const pid of persons) {
    const c = await ok(api('POST', '/api/v1/cases', { program: 'cataract', year: YEAR, person_id: pid, transition: 'register', date: '2024-03-05' }), 201);
    cases.push(c.id);
  }
  for (const [i, id] of cases.entries()) {
    if (i < FIGURES.prescreened) await move(id, 'prescreen_pass', {}, '2024-04-10');
    else await move(id, 'prescreen_fail', {}, '2024-04-10', '无手术指征');
  }
  const passed = cases.slice(0, FIGURES.prescreened);
  for (const [i, id] of passed.entries()) await move(id, 'transport', { batch_date: `2024-04-1${3 + (i % 2)}`, batch: `第${1 + (i % 2)}批` });
  for (const [i, id] of passed.entries()) {
    if (i < FIGURES.candidates) await move(id, 'reexam_pass', {}, '2024-04-18');
    else await move(id, 'reexam_fail', {}, '2024-04-18', '合并眼底病变');
  }
  const candidates = passed.slice(0, FIGURES.candidates);
  const operated = [];
  for (const [i, id] of candidates.entries()) {
    if (i >= FIGURES.operated) {
      await move(id, 'withdraw', {}, '', '本人放弃手术');
      continue;
    }
    await move(id, 'operate', { surgery_date: `2024-04-2${i % 3}`, hospital_name: '县人民医院', surgeon: '省立医院专家组',
      visiting_expert: '是', eye: '右眼', technique: '小切口白内障摘除+人工晶体植入', va_preop: '0.05' });
    operated.push(id);
  }
  for (const [i, id] of operated.entries()) {
    await move(id, 'discharge', { discharge_date: `2024-04-2${3 + (i % 3)}` });
    await move(id, 'followup_90', { followup_date: '2024-07-30', va_followup: i < FIGURES.good90 ? '0.6' : '0.05' });
  }

  // 贫困重度残疾人生活特别救助工程, approved one after the other (the order the over-target list follows).
  const eligible = (hukou, n) => sql(`SELECT id FROM person WHERE grade IN (1, 2) AND dibao = 1 AND status = 1
    AND hukou = ${hukou} AND bank_account <> '' ORDER BY id LIMIT ${n}`).split('\n').map(Number);
  const applicants = [...eligible(1, FIGURES.approvedUrban), ...eligible(2, FIGURES.approvedRural)];
  assert.equal(applicants.length, FIGURES.approvedUrban + FIGURES.approvedRural);
  const approved = [];
  for (const pid of applicants) {
    const c = await ok(api('POST', '/api/v1/cases', { program: 'assistance', year: YEAR, person_id: pid, transition: 'apply',
      date: '2024-03-01', values: { doc_cert: '是', doc_dibao: '是', doc_id: '是', doc_bank: '是' } }), 201);
    await move(c.id, 'publish', {}, '2024-03-02');
    await move(c.id, 'submit', {}, '2024-03-10');
    await move(c.id, 'review_pass', { review_method: 'onsite', reviewer: '县残联审核组', review_date: '2024-03-20', finding: '符合条件' });
    approved.push(c.id);
  }
  for (const id of approved) await move(id, 'approve', {}, '2024-04-01');

  // The targets: the projects', split urban/rural for the assistance; a training target; the fund by hand.
  const target = (body) => ok(apiCall(srv, tokens.chief, 'POST', '/api/v1/targets',
    { year: YEAR, start: '2024-01-01', deadline: '2024-12-31', owner: 'staff', ...body }), 201);
  const cat = await target({ line: 'cataract', name: '贫困白内障复明手术', unit: '例', value: FIGURES.cataractTarget, source: 'program:cataract:operated' });
  const asst = await target({ line: 'assistance', name: '贫困重度残疾人生活特别救助', unit: '名', value: FIGURES.assistanceTarget, source: 'program:assistance:approved' });
  await ok(apiCall(srv, tokens.chief, 'PUT', `/api/v1/targets/${asst.id}`, { split: 'hukou' }));
  await ok(apiCall(srv, tokens.chief, 'POST', `/api/v1/targets/${asst.id}/parts`,
    { parts: [{ part: '1', value: FIGURES.targetUrban }, { part: '2', value: FIGURES.targetRural }] }));
  const classes = await target({ line: 'employment', name: '残疾人培训班', unit: '期', value: 2, source: 'training:classes' });
  const fund = await target({ line: 'levy', name: '征收残疾人就业保障金', unit: '元', value: 10000000, source: 'manual' });
  await ok(api('POST', `/api/v1/targets/${fund.id}/entries`, { part: '', date: '2024-11-30', value: 12000000, note: '地税代征，收据汇总表' }));
  await ok(api('POST', '/api/v1/training', { year: YEAR, kind: '盲人按摩培训', name: '盲人按摩培训班', start_date: '2024-05-06',
    end_date: '2024-05-20', place: '县残联培训中心', support: '500.00' }), 201);

  // The money: standards by hukou, one batch for the half year, the bank's return all paid.
  for (const [hukou, amount] of [[1, '600.00'], [2, '360.00']]) {
    await ok(apiCall(srv, tokens.chief, 'POST', '/api/v1/payments/standards', { program: 'assistance', year: YEAR, hukou, amount }));
  }
  const built = await ok(api('POST', '/api/v1/payments', { program: 'assistance', year: YEAR, period: '2024-H1',
    payable_stage: 'approved', stop_stages: ['stopped', 'suspended'] }), 201);
  assert.equal(built.total_fen, FIGURES.paidFen);
  const bank = await api('GET', `/api/v1/payments/${built.id}/bank.csv`);
  const rows = csvRows(bank.text);
  await ok(api('POST', `/api/v1/payments/${built.id}/sent`));
  const back = [[...rows[0], '状态', '原因'], ...rows.slice(1).map((r) => [...r, '成功', ''])];
  const returned = await upload(srv, tokens.staff, `/api/v1/payments/${built.id}/return`, 'return.csv',
    `${back.map((r) => r.join(',')).join('\r\n')}\r\n`);
  assert.equal(returned.status, 200, returned.text);

  // The launch meeting, entered by the county.
  await ok(apiCall(srv, tokens.chief, 'POST', '/api/v1/milestones',
    { year: YEAR, line: 'cataract', date: '2024-02-10', title: '在县民政局三楼会议室召开全县民生工程启动会' }), 201);
  return { operated, approved, targets: { cataract: cat.id, assistance: asst.id, classes: classes.id, fund: fund.id } };
}

module.exports = { YEAR, TODAY, FIGURES, prepare, replay };
