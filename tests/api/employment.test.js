// 万人千元就业工程 (programs/employment.json) on the project engine and the payment batches, on a small
// generated county: persons surveyed, chosen by the county (one not), submitted to the city and approved
// there, 1,000.00 yuan each for the year paid in one batch (period 2024-10), the bank's return reconciled,
// the cases closed as paid, the ledger exact to the fen, and nobody paid twice.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { ROOT, tmpdir, startServer, huiminAt, sqlReadonly, addUserToken, apiCall, apiUpload } = require('./helpers');

const YEAR = 2024;
let db;
let srv;
let staff;
let admin;
let persons;
let senior;

const huimin = (args, input) => huiminAt(db, args, input);
const sql = (query) => sqlReadonly(db, query);

const api = (token, method, p, body) => apiCall(srv, token, method, p, body);

before(async () => {
  const dir = tmpdir();
  db = path.join(dir, 'county.db');
  const r = huimin(['demo', '--persons', '200', '--seed', '3']);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  const check = huimin(['program', 'check', path.join(ROOT, 'programs', 'employment.json')]);
  assert.equal(check.status, 0, check.stdout + check.stderr);
  const load = huimin(['program', 'load', path.join(ROOT, 'programs', 'employment.json')]);
  assert.equal(load.status, 0, load.stdout + load.stderr);
  staff = addUserToken(db, 'office', 'county_staff');
  admin = addUserToken(db, 'chief', 'county_admin');
  // Four registered persons of working age (16-59 on the survey day) with a bank account, and one of 70.
  persons = sql(`SELECT id FROM person WHERE status = 1 AND coalesce(bank_account, '') <> ''
    AND birth_date BETWEEN '1965-01-01' AND '2007-12-31' ORDER BY id LIMIT 4`).split('\n').map(Number);
  assert.equal(persons.length, 4);
  senior = Number(sql("SELECT id FROM person WHERE status = 1 AND birth_date < '1954-01-01' ORDER BY id LIMIT 1"));
  srv = await startServer(db, [], ['--today', '2024-10-31']);
});

after(async () => {
  if (srv) await srv.stop();
});

async function move(id, transition, values = {}, date = '', remark = '') {
  const r = await api(staff, 'POST', `/api/v1/cases/${id}/transitions`, { transition, date, values, remark });
  assert.equal(r.status, 200, `${transition} on ${id}: ${r.text}`);
  return r.json;
}

test('survey, selection, submission to the city, payment of 1,000 yuan each', async () => {
  // Working age only.
  const old = await api(staff, 'POST', '/api/v1/cases', {
    program: 'employment', year: YEAR, person_id: senior, transition: 'survey', date: '2024-03-01',
    values: { work_status: 'unemployed' },
  });
  assert.equal(old.status, 400, old.text);
  assert.match(old.json.error.message, /16至59周岁/);

  const cases = [];
  for (const pid of persons) {
    const r = await api(staff, 'POST', '/api/v1/cases', {
      program: 'employment', year: YEAR, person_id: pid, transition: 'survey', date: '2024-03-01',
      values: { work_status: 'unemployed', wish: '电商或手工编织' },
    });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json.stage, 'surveyed');
    cases.push(r.json.id);
  }
  // The county chooses three; the fourth is not chosen (a reason is required).
  const [a, b, c, d] = cases;
  for (const id of [a, b, c]) await move(id, 'select', { support_way: 'business' }, '2024-04-15');
  const bare = await api(staff, 'POST', `/api/v1/cases/${d}/transitions`, { transition: 'not_select', date: '2024-04-15' });
  assert.equal(bare.status, 400, bare.text);
  await move(d, 'not_select', {}, '2024-04-15', '已稳定就业');
  // Submitted to the city by the end of May, with the date; the city approves.
  for (const id of [a, b, c]) {
    const s = await move(id, 'submit', { submit_date: '2024-05-28', submit_no: '县残联〔2024〕12号' });
    assert.equal(s.stage, 'submitted');
    assert.equal(s.stage_date, '2024-05-28');
    await move(id, 'city_approve', { reply_no: '市残联〔2024〕30号' }, '2024-06-20');
  }
  const p = await api(staff, 'GET', `/api/v1/programs/employment?year=${YEAR}`);
  assert.equal(p.status, 200, p.text);
  assert.equal(p.json.unit, '人');
  assert.equal(p.json.counts.county['metric:selected'], 3);
  assert.equal(p.json.counts.county['metric:approved'], 3);
  assert.equal(p.json.counts.county['metric:not_selected'], 1);

  // 1,000.00 yuan per person for the year, paid in October.
  const std = await api(admin, 'POST', '/api/v1/payments/standards', { program: 'employment', year: YEAR, amount: '1,000.00' });
  assert.equal(std.status, 200, std.text);
  assert.equal(std.json.items[0].amount_fen, 100000);
  const build = {
    program: 'employment', year: YEAR, period: '2024-10', payable_stage: 'approved',
    stop_stages: ['paid', 'withdrawn', 'city_rejected', 'not_selected'],
  };
  const built = await api(staff, 'POST', '/api/v1/payments', build);
  assert.equal(built.status, 201, built.text);
  assert.equal(built.json.lines, 3);
  assert.equal(built.json.total_fen, 300000);
  const batch = built.json.id;
  const bank = await api(staff, 'GET', `/api/v1/payments/${batch}/bank.csv`);
  assert.equal(bank.status, 200);
  const rows = bank.buf.toString('utf8').replace(/^\uFEFF/, '').trim().split(/\r?\n/).map((l) => l.split(','));
  assert.equal(rows.length, 4);
  assert.equal((await api(staff, 'POST', `/api/v1/payments/${batch}/sent`)).status, 200);
  const back = [[...rows[0], '状态', '原因'], ...rows.slice(1).map((r) => [...r, '成功', ''])];
  const ret = await apiUpload(srv, staff, `/api/v1/payments/${batch}/return`,
    { name: 'return.csv', bytes: `${back.map((r) => r.join(',')).join('\r\n')}\r\n` });
  assert.equal(ret.status, 200, ret.text);
  assert.equal(ret.json.paid_lines, 3);

  // The cases closed as paid; the ledger; nobody twice.
  for (const id of [a, b, c]) {
    const done = await move(id, 'pay', { paid_date: '2024-10-15' });
    assert.equal(done.open, false);
  }
  const ledger = await api(staff, 'GET', `/api/v1/programs/employment/ledger?year=${YEAR}`);
  assert.equal(ledger.status, 200, ledger.text);
  assert.equal(ledger.json.paid_fen, 300000);
  assert.equal(ledger.json.paid, '3000.00');
  assert.equal(ledger.json.wan.paid, '0.3万元');
  assert.equal(ledger.json.pending_fen, 0);
  const again = await api(staff, 'POST', '/api/v1/payments', { ...build, stop_stages: ['withdrawn'] });
  assert.equal(again.status, 409, again.text);
  const after2 = await api(staff, 'GET', `/api/v1/programs/employment?year=${YEAR}`);
  assert.deepEqual(after2.json.target.metric, 'paid');
  assert.equal(after2.json.counts.county['metric:paid'], 3);
  assert.equal(Number(sql("SELECT sum(amount) FROM payment_line WHERE program_code = 'employment' AND status = 2")), 300000);
});
