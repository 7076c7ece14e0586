// 应退则退 for the living assistance (programs/assistance.json), from the
// engine to the bank file: suspension and resumption each need a reason, a
// resumption checks eligibility on the file as it is now; a case stopped for
// death or moving out, or suspended, gets no line in a payment batch; a person
// whose file says 死亡 or 迁出 while the case is still approved is left out of
// the batch with the reason; a resumed case is paid again in the next period.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const {
  ROOT, tmpdir, startServer, huiminAt, sqlReadonly, addUserToken, apiCall, ok, stopAndRemove,
} = require('./helpers');

const CODE = 'assistance';
const YEAR = 2025;
const ALL_DOCS = { doc_cert: '是', doc_dibao: '是', doc_id: '是', doc_bank: '是' };
// The stop stages the payments page ticks by default: the final ones and 暂停发放.
const STOPS = ['suspended', 'rejected', 'withdrawn', 'stopped'];
const LETTERS = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'];

let dir;
let db;
let srv;
const tokens = {};
const cases = {}; // letter -> { id, person }

const huimin = (args, input) => huiminAt(db, args, input);
const sql = (query) => sqlReadonly(db, query);

const api = (name, method, p, body) => apiCall(srv, tokens[name], method, p, body);

const move = (id, transition, date, values = {}, remark) => api('staff', 'POST', `/api/v1/cases/${id}/transitions`,
  { transition, date, values, ...(remark ? { remark } : {}) });
async function setStatus(letter, status) {
  await ok(api('staff', 'PUT', `/api/v1/persons/${cases[letter].person}`, { status }));
}
// The batch of period: its lines' case ids, and its skipped cases as {case id: reason}.
async function batchOf(period) {
  const built = await ok(api('staff', 'POST', '/api/v1/payments',
    { program: CODE, year: YEAR, period, payable_stage: 'approved', stop_stages: STOPS }), 201);
  const b = await ok(api('staff', 'GET', `/api/v1/payments/${built.id}?per_page=100`));
  return {
    built,
    lines: b.lines_page.map((l) => l.case_id).sort((x, y) => x - y),
    skipped: Object.fromEntries(b.skipped_cases.map((s) => [s.case_id, s.reason])),
  };
}
const ids = (...letters) => letters.map((l) => cases[l].id).sort((x, y) => x - y);

before(async () => {
  dir = tmpdir();
  db = path.join(dir, 'demo.db');
  const r = huimin(['demo', '--persons', '400', '--seed', '5']);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  const load = huimin(['program', 'load', path.join(ROOT, 'programs', `${CODE}.json`)]);
  assert.equal(load.status, 0, load.stdout + load.stderr);
  tokens.staff = addUserToken(db, 'staff', 'county_staff');
  tokens.boss = addUserToken(db, 'boss', 'county_admin');
  const persons = sql(`SELECT id FROM person WHERE status = 1 AND dibao = 1 AND grade IN (1, 2)
    AND coalesce(bank_account, '') <> '' ORDER BY id LIMIT ${LETTERS.length}`).split('\n').map(Number);
  assert.equal(persons.length, LETTERS.length);
  srv = await startServer(db, [], ['--today', '2025-12-31']);
  // Everyone applied, noticed, submitted, reviewed and approved.
  for (const [i, letter] of LETTERS.entries()) {
    const c = await ok(api('staff', 'POST', '/api/v1/cases',
      { program: CODE, year: YEAR, person_id: persons[i], date: '2025-03-01', values: ALL_DOCS }), 201);
    cases[letter] = { id: c.id, person: persons[i] };
    await ok(move(c.id, 'publish', '2025-03-02'));
    await ok(move(c.id, 'submit', '2025-03-10'));
    await ok(move(c.id, 'review_pass', '', {
      review_method: 'home', reviewer: '县残联审核组', review_date: '2025-03-20', finding: '符合条件' }));
    await ok(move(c.id, 'approve', '2025-04-01'));
  }
  await ok(api('boss', 'POST', '/api/v1/payments/standards', { program: CODE, year: YEAR, amount: '300.00' }));
});

after(() => stopAndRemove(srv, dir));

test('suspension and resumption each need a reason; resumption checks the file as it is now', async () => {
  for (const letter of ['A', 'B', 'H']) {
    const bare = await move(cases[letter].id, 'suspend', '2025-05-01');
    assert.equal(bare.status, 400, bare.text);
    assert.ok(bare.json.error.fields.remark, bare.text);
    const s = await ok(move(cases[letter].id, 'suspend', '2025-05-01', {}, '银行卡冻结，待换卡'));
    assert.equal(s.stage, 'suspended');
    assert.equal(s.events.at(-1).remark, '银行卡冻结，待换卡');
  }
  const bare = await move(cases.B.id, 'resume', '2025-05-20');
  assert.equal(bare.status, 400, bare.text);
  assert.ok(bare.json.error.fields.remark, bare.text);
  const b = await ok(move(cases.B.id, 'resume', '2025-05-20', {}, '已换新卡'));
  assert.equal(b.stage, 'approved');
  assert.equal(b.events.at(-1).remark, '已换新卡');

  // H moved out of the county while suspended: it cannot be resumed, only stopped.
  await setStatus('H', 3);
  const refused = await move(cases.H.id, 'resume', '2025-05-20', {}, '恢复');
  assert.equal(refused.status, 400, refused.text);
  assert.match(refused.json.error.message, /不符合条件：须为在册人员/);
  assert.equal(sql(`SELECT stage FROM program_case WHERE id = ${cases.H.id}`), 'suspended');
  const h = await ok(move(cases.H.id, 'stop', '2025-05-21', { stop_reason: 'moved' }));
  assert.equal(h.stage, 'stopped');
  assert.equal(h.open, false);
});

test('death and moving out stop the payment, suspension holds it, resumption pays again', async () => {
  // C died and D moved away: the county records it on the case.
  await ok(move(cases.C.id, 'stop', '2025-05-10', { stop_reason: 'death' }));
  await ok(move(cases.D.id, 'stop', '2025-05-10', { stop_reason: 'moved' }));
  const noReason = await move(cases.G.id, 'stop', '2025-05-10');
  assert.equal(noReason.status, 400, noReason.text);
  assert.ok(noReason.json.error.fields.stop_reason, noReason.text);
  // E's and F's files say 死亡 and 迁出, but nobody has stopped their cases yet.
  await setStatus('E', 2);
  await setStatus('F', 3);

  // June: B (resumed) and G only; A is suspended; C, D, H are stopped; E and F are left out with the reason.
  const june = await batchOf('2025-06');
  assert.deepEqual(june.lines, ids('B', 'G'));
  assert.equal(june.built.lines, 2);
  assert.equal(june.built.total_fen, 2 * 30000);
  assert.deepEqual(Object.keys(june.skipped).map(Number).sort((x, y) => x - y), ids('E', 'F'));
  for (const l of ['E', 'F']) assert.match(june.skipped[cases[l].id], /档案状态不是在册（已故或迁出），不予发放/);

  // A resumed, E's case stopped for the death on file: July pays A, B and G.
  await ok(move(cases.A.id, 'resume', '2025-07-01', {}, '已换新卡'));
  await ok(move(cases.E.id, 'stop', '2025-07-01', { stop_reason: 'death' }));
  const july = await batchOf('2025-07');
  assert.deepEqual(july.lines, ids('A', 'B', 'G'));
  assert.deepEqual(Object.keys(july.skipped).map(Number), ids('F'));

  // Nobody stopped was ever paid.
  assert.equal(sql(`SELECT count(*) FROM payment_line WHERE case_id IN (${ids('C', 'D', 'E', 'F', 'H').join(',')})`), '0');
  const p = await ok(api('staff', 'GET', `/api/v1/programs/${CODE}?year=${YEAR}`));
  assert.equal(p.counts.county['metric:stopped_death'], 2);
  assert.equal(p.counts.county['metric:stopped_moved'], 2);
  assert.equal(p.counts.county['metric:suspended'], 3);
});
