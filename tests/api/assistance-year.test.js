// The seed report's year of the special living assistance, replayed through the API on a generated county:
// 9465 approved (291 urban, 9174 rural) against the target of 9325 ("超额完成140名"), classified by hukou,
// paid to bank cards in one batch whose return file marks 12 lines failed, those 12 corrected in the
// registry and paid in a second batch of the same period, the ledger ending at exactly 3,477,240.00 yuan
// (347.724万元), and a second payment of anyone for the period refused.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const {
  ROOT, tmpdir, startServer, huiminAt, sqlReadonly, client, csrfOf, loginWithChange, addUserToken, apiCall, apiUpload, each,
} = require('./helpers');

const YEAR = 2024;
const TODAY = '2024-06-30';
const PERIOD = '2024-H1';
const N = { urban: 291, rural: 9174, target: 9325, failed: 12 };
// Standards that make the report's total: 291 x 600.00 + 9174 x 360.00 = 3,477,240.00 yuan.
const URBAN_FEN = 60000;
const RURAL_FEN = 36000;
const TOTAL_FEN = 347724000;

let dir;
let db;
let srv;
let staff;
let admin;
let urban;
let rural;

const huimin = (args, input) => huiminAt(db, args, input);
const sql = (query) => sqlReadonly(db, query);

const api = (token, method, p, body) => apiCall(srv, token, method, p, body);

const upload = (token, p, name, bytes, fields) => apiUpload(srv, token, p, { name, bytes }, fields);

// CSV rows of a bank file (UTF-8 with a byte-order mark; no field of ours holds a comma or a quote).
const csvRows = (buf) => buf.toString('utf8').replace(/^\uFEFF/, '').trim().split(/\r?\n/).map((l) => l.split(','));
const csvText = (rows) => `${rows.map((r) => r.join(',')).join('\r\n')}\r\n`;

before(async () => {
  dir = tmpdir();
  db = path.join(dir, 'county.db');
  const r = huimin(['demo', '--persons', '150000', '--seed', '11']);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  const load = huimin(['program', 'load', path.join(ROOT, 'programs', 'assistance.json')]);
  assert.equal(load.status, 0, load.stdout + load.stderr);
  staff = addUserToken(db, 'office', 'county_staff');
  admin = addUserToken(db, 'chief', 'county_admin');
  const eligible = (hukou, n) => sql(`SELECT id FROM person WHERE grade IN (1, 2) AND dibao = 1 AND status = 1
    AND hukou = ${hukou} AND bank_account <> '' ORDER BY id LIMIT ${n}`).split('\n').map(Number);
  urban = eligible(1, N.urban);
  rural = eligible(2, N.rural);
  assert.equal(urban.length, N.urban);
  assert.equal(rural.length, N.rural);
  srv = await startServer(db, [], ['--today', TODAY]);
});

after(async () => {
  if (srv) await srv.stop();
});

async function move(id, transition, values = {}, date = '') {
  const r = await api(staff, 'POST', `/api/v1/cases/${id}/transitions`, { transition, date, values });
  assert.equal(r.status, 200, `${transition} on ${id}: ${r.text}`);
}

test('the year as the report tells it, and the figures it states', { timeout: 900000 }, async () => {
  // Applications with the four documents, the village notice for 7 days, the township's submission,
  // the county's review on site, the approval.
  const persons = [...urban, ...rural];
  const cases = new Array(persons.length);
  await each(persons, async (pid, i) => {
    const r = await api(staff, 'POST', '/api/v1/cases', {
      program: 'assistance', year: YEAR, person_id: pid, transition: 'apply', date: '2024-03-01',
      values: { doc_cert: '是', doc_dibao: '是', doc_id: '是', doc_bank: '是' },
    });
    assert.equal(r.status, 201, r.text);
    cases[i] = r.json.id;
  });
  await each(cases, (id) => move(id, 'publish', {}, '2024-03-02'));
  // Not before the notice period is over.
  const early = await api(staff, 'POST', `/api/v1/cases/${cases[0]}/transitions`, { transition: 'submit', date: '2024-03-05' });
  assert.equal(early.status, 400, early.text);
  await each(cases, (id) => move(id, 'submit', {}, '2024-03-10'));
  await each(cases, (id) => move(id, 'review_pass', {
    review_method: 'onsite', reviewer: '县残联审核组', review_date: '2024-03-20', finding: '符合条件',
  }));
  await each(cases, (id) => move(id, 'approve', {}, '2024-04-01'));

  // The target and the figures, classified by hukou.
  const chief = await loginWithChange(srv, 'chief');
  const { get, post } = client(srv);
  const page = await (await get(`/projects/assistance?year=${YEAR}`, chief)).text();
  const set = await post('/projects/assistance/target', { csrf: csrfOf(page), year: String(YEAR), target: String(N.target) }, chief);
  assert.equal(set.status, 303);
  await set.text();
  const p = await api(staff, 'GET', `/api/v1/programs/assistance?year=${YEAR}`);
  assert.equal(p.status, 200, p.text);
  assert.equal(p.json.counts.county['metric:approved'], N.urban + N.rural);
  assert.equal(p.json.unit, '名');
  assert.deepEqual(p.json.target, { metric: 'approved', value: N.target, achieved: 9465, over: 140 });
  const html = await (await get(`/projects/assistance?year=${YEAR}`, chief)).text();
  assert.match(html, /超额完成140名/);
  const archive = sql("SELECT count(DISTINCT archive_no) FROM case_archive");
  assert.equal(Number(archive), 9465);
  // Classified by hukou (and age group): 291 urban, 9174 rural.
  const byHukou = (h) => p.json.classes.rows.filter((x) => x.hukou === h).reduce((sum, x) => sum + x.n, 0);
  assert.equal(byHukou(1), N.urban);
  assert.equal(byHukou(2), N.rural);

  // The target set on the project page is the work line's target on the board; split urban/rural as the
  // report gives it (260 / 9065), each part is over its share.
  const board = await api(staff, 'GET', `/api/v1/targets?year=${YEAR}&line=assistance`);
  assert.equal(board.status, 200, board.text);
  assert.equal(board.json.items.length, 1);
  const tid = board.json.items[0].id;
  assert.equal(board.json.items[0].source, 'program:assistance:approved');
  const split = await api(staff, 'PUT', `/api/v1/targets/${tid}`, { split: 'hukou' });
  assert.equal(split.status, 200, split.text);
  const wrong = await api(staff, 'POST', `/api/v1/targets/${tid}/parts`, { parts: [{ part: '1', value: 260 }, { part: '2', value: 9000 }] });
  assert.equal(wrong.status, 400, wrong.text);
  assert.match(wrong.json.error.message, /合计9260，与目标值9325不等（差65）/);
  const parts = await api(staff, 'POST', `/api/v1/targets/${tid}/parts`, { parts: [{ part: '1', value: 260 }, { part: '2', value: 9065 }] });
  assert.equal(parts.status, 200, parts.text);
  const pr = parts.json.progress;
  assert.equal(pr.achieved, 9465);
  assert.equal(pr.status, 'over');
  assert.equal(pr.over, '超额完成140名');
  assert.deepEqual(pr.parts.map((x) => [x.name, x.share, x.achieved, x.status]),
    [['城镇', 260, N.urban, 'over'], ['农村', 9065, N.rural, 'over']]);

  // The build form leaves out by default the cases that moved on from approval (suspended, stopped).
  const form = await (await get(`/projects/assistance/payments?year=${YEAR}`, chief)).text();
  assert.match(form, /name="stop_suspended" value="1" checked/);
  assert.match(form, /name="stop_stopped" value="1" checked/);
  assert.doesNotMatch(form, /name="stop_approved" value="1" checked/);

  // Standards by hukou, the budget, one batch for the half year.
  for (const [hukou, amount] of [[1, '600.00'], [2, '360.00']]) {
    const r = await api(admin, 'POST', '/api/v1/payments/standards', { program: 'assistance', year: YEAR, hukou, amount });
    assert.equal(r.status, 200, r.text);
  }
  assert.equal((await api(admin, 'POST', '/api/v1/payments/budget', { program: 'assistance', year: YEAR, amount: '3,500,000.00' })).status, 200);
  const build = { program: 'assistance', year: YEAR, period: PERIOD, payable_stage: 'approved', stop_stages: ['stopped', 'suspended'] };
  const built = await api(staff, 'POST', '/api/v1/payments', build);
  assert.equal(built.status, 201, built.text);
  assert.equal(built.json.lines, 9465);
  assert.equal(built.json.total_fen, N.urban * URBAN_FEN + N.rural * RURAL_FEN);
  assert.equal(built.json.total_fen, TOTAL_FEN);
  const batch = built.json.id;
  const rows = csvRows((await api(staff, 'GET', `/api/v1/payments/${batch}/bank.csv`)).buf);
  assert.equal(rows.length, 9466);
  assert.equal((await api(staff, 'POST', `/api/v1/payments/${batch}/sent`)).status, 200);

  // The bank's return: 12 cards closed.
  const failedSeq = new Set(Array.from({ length: N.failed }, (_, i) => 100 + i * 700));
  const back = [[...rows[0], '状态', '原因'], ...rows.slice(1).map((r) => [...r,
    failedSeq.has(Number(r[0])) ? '失败' : '成功', failedSeq.has(Number(r[0])) ? '账户已销户' : ''])];
  const ok = await upload(staff, `/api/v1/payments/${batch}/return`, 'return.csv', csvText(back));
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.json.failed_lines, N.failed);
  const failed = await api(staff, 'GET', `/api/v1/payments/${batch}?status=failed&per_page=100`);
  const failedPersons = failed.json.lines_page.map((l) => l.person_id);
  assert.equal(failedPersons.length, N.failed);

  // Corrected in the registry, paid in a second batch of the same half year.
  for (const [i, pid] of failedPersons.entries()) {
    const r = await api(staff, 'PUT', `/api/v1/persons/${pid}`, { bank_account: `6217000000000${String(2000 + i)}` });
    assert.equal(r.status, 200, r.text);
  }
  const second = await api(staff, 'POST', '/api/v1/payments', build);
  assert.equal(second.status, 201, second.text);
  assert.equal(second.json.lines, N.failed);
  const rows2 = csvRows((await api(staff, 'GET', `/api/v1/payments/${second.json.id}/bank.csv`)).buf);
  assert.equal((await api(staff, 'POST', `/api/v1/payments/${second.json.id}/sent`)).status, 200);
  const ok2 = await upload(staff, `/api/v1/payments/${second.json.id}/return`, 'return2.csv',
    csvText([[...rows2[0], '状态', '原因'], ...rows2.slice(1).map((r) => [...r, '成功', ''])]));
  assert.equal(ok2.status, 200, ok2.text);

  // Nobody twice for the period.
  const dup = await api(staff, 'POST', '/api/v1/payments', build);
  assert.equal(dup.status, 409, dup.text);

  // The ledger: exactly the report's total.
  const ledger = await api(staff, 'GET', `/api/v1/programs/assistance/ledger?year=${YEAR}`);
  assert.equal(ledger.status, 200, ledger.text);
  assert.equal(ledger.json.paid_fen, TOTAL_FEN);
  assert.equal(ledger.json.paid, '3477240.00');
  assert.equal(ledger.json.wan.paid, '347.724万元');
  assert.equal(ledger.json.pending_fen, 0);
  assert.equal(Number(sql("SELECT sum(amount) FROM payment_line WHERE program_code = 'assistance' AND status = 2")), TOTAL_FEN);

  // The annual report writes the report's sentences from these records.
  const report = await api(staff, 'GET', `/api/v1/reports/annual?year=${YEAR}&format=txt`);
  assert.equal(report.status, 200, report.text);
  for (const sentence of ['按上级要求我县应救助贫困重度残疾人9325名，其中城镇残疾人260名、农村残疾人9065名。',
    '实际救助贫困重度残疾人9465名，其中城镇残疾人291名，农村残疾人9174名。', '超额完成140名。', '拨付到户资金共347.724万元。']) {
    assert.ok(report.text.includes(sentence), `${sentence}\n${report.text}`);
  }
});
