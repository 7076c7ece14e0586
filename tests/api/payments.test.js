// The money of a livelihood project through the API, on a test definition of its own
// (tests/data/programs/payday.json: applied -> reviewed -> approved, and stopped): cases walked to
// approved, a standard and a budget set, a batch built and exported, the bank's return file (CSV
// written here, and the same as .xlsx converted by LibreOffice) with 2 failed lines, a return file
// that is 12.00 yuan off refused whole, the 2 corrected in the registry and paid in a second batch
// of the same period, a second payment refused (also by raw SQL), and the ledger exact to the fen.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const {
  ROOT, tmpdir, startServer, huiminAt, sqlReadonly, client, loginWithChange, addUserToken, apiCall, apiUpload,
} = require('./helpers');
const { libreofficeXlsx } = require('../cli/helpers');

const YEAR = 2024;
let dir;
let db;
let srv;
let staff;
let admin;
let persons;

const huimin = (args, input) => huiminAt(db, args, input);
const sql = (query) => sqlReadonly(db, query);

const api = (token, method, p, body) => apiCall(srv, token, method, p, body);

const upload = (token, p, name, bytes, fields) => apiUpload(srv, token, p, { name, bytes }, fields);

// The bank file's CSV (UTF-8 with a BOM) as rows of cells (no quoted commas in these values).
function csvRows(buf) {
  const text = buf.toString('utf8').replace(/^\uFEFF/, '');
  return text.trim().split(/\r?\n/).map((l) => l.split(',').map((c) => c.replace(/^"|"$/g, '')));
}

function csvText(rows) {
  return `\uFEFF${rows.map((r) => r.map((c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',')).join('\r\n')}\r\n`;
}

before(async () => {
  dir = tmpdir();
  db = path.join(dir, 'county.db');
  const r = huimin(['demo', '--persons', '80', '--seed', '5']);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  const load = huimin(['program', 'load', path.join(ROOT, 'tests', 'data', 'programs', 'payday.json')]);
  assert.equal(load.status, 0, load.stdout + load.stderr);
  staff = addUserToken(db, 'office', 'county_staff');
  admin = addUserToken(db, 'chief', 'county_admin');
  // Twelve registered persons with a bank account, in file order.
  persons = sql(`SELECT id FROM person WHERE status = 1 AND coalesce(bank_account, '') <> '' ORDER BY id LIMIT 12`)
    .split('\n').map(Number);
  assert.equal(persons.length, 12);
  srv = await startServer(db);
});

after(async () => {
  if (srv) await srv.stop();
});

test('a year of payments, reconciled to the fen', { timeout: 300000 }, async () => {
  // Cases walked to approved through the API; the last one stopped, one other without an account.
  const cases = [];
  for (const pid of persons) {
    const c = await api(staff, 'POST', '/api/v1/cases', { program: 'payday', year: YEAR, person_id: pid, transition: 'apply', date: '2024-03-01' });
    assert.equal(c.status, 201, c.text);
    for (const t of ['review', 'approve']) {
      const m = await api(staff, 'POST', `/api/v1/cases/${c.json.id}/transitions`, { transition: t, date: '2024-04-01' });
      assert.equal(m.status, 200, m.text);
    }
    cases.push(c.json.id);
  }
  const stop = await api(staff, 'POST', `/api/v1/cases/${cases[11]}/transitions`, { transition: 'stop', date: '2024-05-01', remark: '本人已故' });
  assert.equal(stop.status, 200, stop.text);
  const noAccount = persons[10];
  const cleared = await api(staff, 'PUT', `/api/v1/persons/${noAccount}`, { bank_account: '' });
  assert.equal(cleared.status, 200, cleared.text);

  // Standards and the budget: the county admin's; staff may not.
  const refused = await api(staff, 'POST', '/api/v1/payments/standards', { program: 'payday', year: YEAR, amount: '300.00' });
  assert.equal(refused.status, 403);
  const bad = await api(admin, 'POST', '/api/v1/payments/standards', { program: 'payday', year: YEAR, amount: '300.001' });
  assert.equal(bad.status, 400);
  assert.match(bad.json.error.fields.amount, /两位小数/);
  for (const s of [{ amount: '300.00' }, { amount: '1,234.56', hukou: 1, grade: 1 }, { amount: '350.50', hukou: 1 }]) {
    const r = await api(admin, 'POST', '/api/v1/payments/standards', { program: 'payday', year: YEAR, ...s });
    assert.equal(r.status, 200, r.text);
  }
  const budget = await api(admin, 'POST', '/api/v1/payments/budget', { program: 'payday', year: YEAR, amount: '5,000.00' });
  assert.equal(budget.status, 200, budget.text);
  assert.equal(budget.json.budget_fen, 500000);

  // The amount each person is due, by the most specific standard.
  const due = new Map();
  for (const line of sql(`SELECT id, hukou, coalesce(grade, 0) FROM person WHERE id IN (${persons.join(',')})`).split('\n')) {
    const [id, hukou, grade] = line.split('|').map(Number);
    due.set(id, hukou === 1 && grade === 1 ? 123456 : hukou === 1 ? 35050 : 30000);
  }

  // A batch: the 10 approved with an account; the stopped case not at all, the one without an account listed.
  const bad1 = await api(staff, 'POST', '/api/v1/payments', { program: 'payday', year: YEAR, period: '2024-13', payable_stage: 'approved' });
  assert.equal(bad1.status, 400);
  assert.ok(bad1.json.error.fields.period);
  const built = await api(staff, 'POST', '/api/v1/payments', {
    program: 'payday', year: YEAR, period: '2024-06', payable_stage: 'approved', stop_stages: ['stopped'],
  });
  assert.equal(built.status, 201, built.text);
  assert.equal(built.json.lines, 10);
  assert.equal(built.json.skipped, 1);
  const payable = persons.slice(0, 10);
  const expected = payable.reduce((s, p) => s + due.get(p), 0);
  assert.equal(built.json.total_fen, expected);
  const batch = built.json.id;
  const shown = await api(staff, 'GET', `/api/v1/payments/${batch}?per_page=1000`);
  assert.equal(shown.status, 200, shown.text);
  assert.equal(shown.json.status, 'draft');
  assert.equal(shown.json.skipped_cases.length, 1);
  assert.equal(shown.json.skipped_cases[0].person_id, noAccount);
  assert.match(shown.json.skipped_cases[0].reason, /银行账号/);

  // The bank file, both kinds: ID numbers and accounts in full, amounts with two decimals.
  const csv = await api(staff, 'GET', `/api/v1/payments/${batch}/bank.csv`);
  assert.equal(csv.status, 200);
  const rows = csvRows(csv.buf);
  assert.deepEqual(rows[0], ['序号', '姓名', '身份证号', '开户银行', '银行账号', '金额(元)']);
  assert.equal(rows.length, 11);
  const account = new Map(sql(`SELECT id, bank_account FROM person WHERE id IN (${payable.join(',')})`).split('\n').map((l) => l.split('|')).map(([a, b]) => [Number(a), b]));
  const byName = new Map(shown.json.lines_page.map((l) => [l.seq, l]));
  for (const r of rows.slice(1)) {
    const line = byName.get(Number(r[0]));
    assert.equal(r[2].length, 18);
    assert.equal(r[4], account.get(line.person_id));
    assert.equal(r[5], (due.get(line.person_id) / 100).toFixed(2));
  }
  const xlsx = await api(staff, 'GET', `/api/v1/payments/${batch}/bank.xlsx`);
  assert.equal(xlsx.status, 200);
  assert.equal(xlsx.buf.subarray(0, 2).toString(), 'PK');

  // Not before it was sent.
  const early = await upload(staff, `/api/v1/payments/${batch}/return`, 'return.csv', csvText([[...rows[0], '状态', '原因']]));
  assert.equal(early.status, 422);
  assert.match(early.json.message, /尚未报送银行/);
  const sent = await api(staff, 'POST', `/api/v1/payments/${batch}/sent`);
  assert.equal(sent.status, 200, sent.text);
  assert.equal(sent.json.status, 'sent');

  // The return file: lines 3 and 7 failed.
  const failedSeq = [3, 7];
  const back = [[...rows[0], '状态', '原因']];
  for (const r of rows.slice(1)) {
    const failed = failedSeq.includes(Number(r[0]));
    back.push([...r, failed ? '失败' : '成功', failed ? '账户已销户' : '']);
  }
  // 12.00 yuan off on one line: refused whole, with the difference, nothing written.
  const off = back.map((r) => [...r]);
  off[5][5] = (Number(off[5][5]) + 12).toFixed(2);
  const wrong = await upload(staff, `/api/v1/payments/${batch}/return`, 'return.csv', csvText(off));
  assert.equal(wrong.status, 422, wrong.text);
  assert.equal(wrong.json.committed, false);
  assert.match(wrong.json.message, /相差 12\.00 元/);
  assert.ok(wrong.json.errors.some((e) => e.row === 6 && e.column === '金额(元)' && /相差 12\.00 元/.test(e.reason)), wrong.text);
  assert.equal(sql(`SELECT count(*) FROM payment_line WHERE batch_id = ${batch} AND status <> 1`), '0');
  // A stated paid total that does not match is refused too.
  const stated = await upload(staff, `/api/v1/payments/${batch}/return`, 'return.csv', csvText(back), { paid_total: '1.00' });
  assert.equal(stated.status, 422);
  assert.match(stated.json.message, /实发总额/);

  // The same file as .xlsx, converted by LibreOffice (ID and account as text, amounts as numbers).
  const csvFile = path.join(dir, 'return.csv');
  fs.writeFileSync(csvFile, csvText(back));
  const xlsxFile = libreofficeXlsx(csvFile, dir, [3, 5]);
  const failedFen = back.slice(1).filter((r) => r[6] === '失败').reduce((s, r) => s + Math.round(Number(r[5]) * 100), 0);
  const paidFen = expected - failedFen;
  const ok = await upload(staff, `/api/v1/payments/${batch}/return`, 'return.xlsx', fs.readFileSync(xlsxFile),
    { paid_total: (paidFen / 100).toFixed(2) });
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.json.paid_lines, 8);
  assert.equal(ok.json.failed_lines, 2);
  assert.equal(ok.json.paid_fen, paidFen);
  assert.equal(ok.json.remaining, 0);
  const done = await api(staff, 'GET', `/api/v1/payments/${batch}?status=failed`);
  assert.equal(done.json.status, 'reconciled');
  assert.equal(done.json.lines_page.length, 2);
  assert.ok(done.json.lines_page.every((l) => l.reason === '账户已销户'));
  // Reconciled once only.
  const again = await upload(staff, `/api/v1/payments/${batch}/return`, 'return.csv', csvText(back));
  assert.equal(again.status, 422);

  // The two failed persons' accounts corrected in the registry; a new batch of the same period pays them only.
  const failedPersons = done.json.lines_page.map((l) => l.person_id);
  for (const [i, pid] of failedPersons.entries()) {
    const r = await api(staff, 'PUT', `/api/v1/persons/${pid}`, { bank_account: `62170000000000${1000 + i}` });
    assert.equal(r.status, 200, r.text);
  }
  const second = await api(staff, 'POST', '/api/v1/payments', {
    program: 'payday', year: YEAR, period: '2024-06', payable_stage: 'approved', stop_stages: ['stopped'],
  });
  assert.equal(second.status, 201, second.text);
  assert.equal(second.json.lines, 2);
  assert.equal(second.json.already_paid, 8);
  assert.equal(second.json.total_fen, failedFen);
  const batch2 = second.json.id;
  const csv2 = csvRows((await api(staff, 'GET', `/api/v1/payments/${batch2}/bank.csv`)).buf);
  assert.deepEqual(csv2.slice(1).map((r) => r[4]).sort(), ['621700000000001000', '621700000000001001']);

  // Nobody is paid twice for the period: nothing left to build, and the schema refuses a raw insert.
  const dup = await api(staff, 'POST', '/api/v1/payments', {
    program: 'payday', year: YEAR, period: '2024-06', payable_stage: 'approved', stop_stages: ['stopped'],
  });
  assert.equal(dup.status, 409, dup.text);
  const raw = spawnSync('sqlite3', [db, `INSERT INTO payment_line (batch_id, seq, program_code, year, period, case_id,
    person_id, name, id_number, bank_name, bank_account, amount) SELECT ${batch2}, 99, program_code, year, period, case_id,
    person_id, name, id_number, bank_name, bank_account, amount FROM payment_line WHERE batch_id = ${batch} AND status = 2 LIMIT 1`],
  { encoding: 'utf8' });
  assert.notEqual(raw.status, 0);
  assert.match(raw.stderr, /UNIQUE constraint failed/);

  // Paid in full.
  assert.equal((await api(staff, 'POST', `/api/v1/payments/${batch2}/sent`)).status, 200);
  const back2 = [[...csv2[0], '状态', '原因'], ...csv2.slice(1).map((r) => [...r, '成功', '']),
    ['合计', '', '', '', '', (failedFen / 100).toFixed(2), '', '']];
  const ok2 = await upload(staff, `/api/v1/payments/${batch2}/return`, 'return2.csv', csvText(back2));
  assert.equal(ok2.status, 200, ok2.text);

  // The ledger, exact to the fen: everyone due was paid once.
  const ledger = await api(staff, 'GET', `/api/v1/programs/payday/ledger?year=${YEAR}`);
  assert.equal(ledger.status, 200, ledger.text);
  const l = ledger.json;
  assert.equal(l.budget_fen, 500000);
  assert.equal(l.paid_fen, expected);
  assert.equal(l.paid_lines, 10);
  assert.equal(l.failed_fen, failedFen);
  assert.equal(l.failed_lines, 2);
  assert.equal(l.pending_fen, 0);
  assert.equal(l.committed_fen, expected);
  assert.equal(l.outstanding_fen, 500000 - expected);
  assert.equal(l.batches, 2);
  assert.equal(l.paid, (expected / 100).toFixed(2));
  assert.match(l.wan.budget, /^0\.5万元$/);
  assert.equal(Number(sql(`SELECT sum(amount) FROM payment_line WHERE program_code = 'payday' AND status = 2`)), expected);

  // Every action is in the operation log, under 资金发放.
  const logged = sql("SELECT action FROM operation_log WHERE module = '资金发放' ORDER BY id").split('\n');
  for (const a of ['设定发放标准', '设定资金预算', '生成发放批次', '下载银行文件', '标记已报送银行', '导入回盘文件']) {
    assert.ok(logged.includes(a), `${a} not logged: ${logged}`);
  }
});

test('pages: the project links its payments, a batch page shows its lines masked', async () => {
  const res = await fetch(`${srv.url}/api/v1/payments?program=payday`, { headers: { authorization: `Bearer ${staff}` } });
  const list = await res.json();
  assert.equal(list.items.length, 2);
  assert.ok(list.items.every((b) => b.status === 'reconciled'));
  const cookie = await loginWithChange(srv, 'chief');
  const { get } = client(srv);
  const project = await (await get(`/projects/payday?year=${YEAR}`, cookie)).text();
  assert.match(project, /href="\/projects\/payday\/payments\?year=2024">资金发放/);
  const page = await get(`/projects/payday/payments?year=${YEAR}`, cookie);
  assert.equal(page.status, 200);
  const html = await page.text();
  assert.match(html, /资金台账/);
  assert.match(html, /0\.5万元/);
  assert.match(html, /生成发放批次/);
  const lines = await (await get(`/projects/payday/payments/lines?year=${YEAR}&status=failed`, cookie)).text();
  assert.match(lines, /账户已销户/);
  const batch = await get(`/payments/${list.items[1].id}`, cookie);
  assert.equal(batch.status, 200);
  const bhtml = await batch.text();
  assert.match(bhtml, /已对账/);
  assert.doesNotMatch(bhtml, /\d{18}/); // ID numbers and accounts masked on the page
});
