// The printed documents as PDF, read back the way a printer would see them: for each, an allowed
// role gets application/pdf as a download, a role that may not or a record out of scope is refused
// (403/404) and nothing is logged; pdffonts shows the embedded Noto Sans CJK; pdftotext finds the
// names, titles and masked ID numbers, and never a full ID number where it must be masked;
// pdftoppm renders the first page with ink on it; a list longer than a page repeats its header.
// The documents: the person file (一人一档), the 公示 notice list, the case list printed with a
// signature column (a transport batch: the 病源输送名单), the training sign-in sheet (签到表) and
// the supervision notice (督查通知书).
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const {
  ROOT, PASSWORD, tmpdir, startServer, huiminAt, sqlReadonly, client, loginWithChange,
} = require('./helpers');

const YEAR = 2024;
const TODAY = '2024-06-30';
const ALL_DOCS = { doc_cert: '是', doc_dibao: '是', doc_id: '是', doc_bank: '是' };
const LIST_ROWS = 110; // a list longer than a page

let dir;
let db;
let srv;
let get;
const tokens = {};
const cookies = {};
let P; // { id, name, village, township, idn, phone }
let mates; // two more persons of P's township: [{ id, name }], in the first transport batch
let late; // one more, in the second batch
let other; // another township
let classId;
let supervisionId;

const huimin = (args, input) => huiminAt(db, args, input);
const sql = (query) => sqlReadonly(db, query);
const masked = (idn) => `${idn.slice(0, 6)}********${idn.slice(14)}`;

function addUser(name, role, division) {
  const args = ['user', 'add', name, '--role', role, '--password-stdin'];
  if (division) args.push('--division', division);
  const r = huimin(args, `${PASSWORD}\n`);
  assert.equal(r.status, 0, r.stderr);
  const t = huimin(['user', 'token', name]);
  assert.equal(t.status, 0, t.stderr);
  tokens[name] = t.stdout.trim().split('\n').pop();
}

async function api(who, method, p, body) {
  const res = await fetch(`${srv.url}${p}`, {
    method,
    headers: { authorization: `Bearer ${tokens[who]}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, text, json: text.startsWith('{') ? JSON.parse(text) : null };
}

async function ok(who, method, p, body, status = 200) {
  const r = await api(who, method, p, body);
  assert.equal(r.status, status, `${method} ${p}: ${r.text}`);
  return r.json;
}

// Runs fn over items, a few requests in flight at a time.
async function each(items, fn, inFlight = 6) {
  let next = 0;
  await Promise.all(Array.from({ length: inFlight }, async () => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i], i);
    }
  }));
}

function minimalPdf() {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>',
  ];
  let text = '%PDF-1.4\n';
  const offsets = [];
  objects.forEach((o, i) => {
    offsets.push(Buffer.byteLength(text));
    text += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = Buffer.byteLength(text);
  text += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) text += `${String(off).padStart(10, '0')} 00000 n \n`;
  text += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(text, 'latin1');
}

before(async () => {
  dir = tmpdir();
  db = path.join(dir, 'county.db');
  const r = huimin(['demo', '--persons', '400', '--seed', '17']);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  for (const file of [path.join('programs', 'cataract.json'), path.join('programs', 'assistance.json'),
    path.join('tests', 'data', 'programs', 'payday.json')]) {
    const load = huimin(['program', 'load', path.join(ROOT, file)]);
    assert.equal(load.status, 0, load.stdout + load.stderr);
  }
  // P: eligible for the living assistance, with a phone and an account; the others of the township.
  const [id, name, village, idn, phone] = sql(`SELECT id, name, village_code, id_number, phone FROM person
    WHERE status = 1 AND dibao = 1 AND grade IN (1, 2) AND category IS NOT NULL
      AND coalesce(bank_account, '') <> '' AND coalesce(phone, '') <> '' ORDER BY id LIMIT 1`).split('|');
  P = { id: Number(id), name, village, township: `${village.slice(0, 9)}000`, idn, phone };
  const same = sql(`SELECT id, name FROM person WHERE status = 1 AND id <> ${P.id}
    AND substr(village_code, 1, 9) = '${village.slice(0, 9)}' ORDER BY id LIMIT 3`).split('\n').map((l) => {
    const [i, n] = l.split('|');
    return { id: Number(i), name: n };
  });
  assert.equal(same.length, 3);
  mates = same.slice(0, 2);
  late = same[2];
  other = sql(`SELECT code FROM division WHERE level = 2 AND code <> '${P.township}' ORDER BY code LIMIT 1`);
  assert.match(other, /^\d{12}$/);
  addUser('boss', 'county_admin');
  addUser('staff', 'county_staff');
  addUser('town', 'township', P.township);
  addUser('town2', 'township', other);
  addUser('hosp', 'hospital');
  addUser('lead', 'leader');
  srv = await startServer(db, [], ['--today', TODAY]);
  ({ get } = client(srv));
  await Promise.all(['town', 'town2', 'staff', 'hosp', 'lead'].map(async (who) => {
    cookies[who] = await loginWithChange(srv, who);
  }));

  // 白内障复明: P and two neighbours in the first transport batch, one more in the second.
  await each([P, ...mates, late], async (p, i) => {
    const c = await ok('staff', 'POST', '/api/v1/cases', { program: 'cataract', year: YEAR, person_id: p.id,
      transition: 'register', date: '2024-03-05' }, 201);
    await ok('staff', 'POST', `/api/v1/cases/${c.id}/transitions`, { transition: 'prescreen_pass', date: '2024-04-10', values: {} });
    await ok('staff', 'POST', `/api/v1/cases/${c.id}/transitions`, { transition: 'transport', date: '',
      values: { batch_date: i < 3 ? '2024-04-13' : '2024-04-20', batch: i < 3 ? '第一批' : '第二批' },
      remark: i === 0 ? '家属陪同' : '' });
  });
  // 困难残疾人生活补贴: P applies and is on the village's notice list.
  const a = await ok('staff', 'POST', '/api/v1/cases', { program: 'assistance', year: YEAR, person_id: P.id,
    date: '2024-06-20', values: ALL_DOCS }, 201);
  await ok('staff', 'POST', `/api/v1/cases/${a.id}/transitions`, { transition: 'publish', date: '2024-06-28', values: {} });
  // A paid project: P approved, paid in June; a scanned document on the case.
  const pay = await ok('staff', 'POST', '/api/v1/cases', { program: 'payday', year: YEAR, person_id: P.id,
    transition: 'apply', date: '2024-03-01' }, 201);
  for (const t of ['review', 'approve'])
    await ok('staff', 'POST', `/api/v1/cases/${pay.id}/transitions`, { transition: t, date: '2024-04-01' });
  await ok('boss', 'POST', '/api/v1/payments/standards', { program: 'payday', year: YEAR, amount: '300.00' });
  const batch = await ok('staff', 'POST', '/api/v1/payments', { program: 'payday', year: YEAR, period: '2024-06',
    payable_stage: 'approved' }, 201);
  assert.equal(batch.lines, 1);
  const form = new FormData();
  form.append('kind', 'other');
  form.append('file', new Blob([minimalPdf()], { type: 'application/pdf' }), '入户调查表.pdf');
  const up = await fetch(`${srv.url}/api/v1/cases/${pay.id}/files`, {
    method: 'POST', headers: { authorization: `Bearer ${tokens.town}` }, body: form,
  });
  assert.equal(up.status, 201, await up.text());
  // A list longer than a page: more applicants of the paid project, county-wide.
  const many = sql(`SELECT id FROM person WHERE status = 1 AND id <> ${P.id} ORDER BY id DESC LIMIT ${LIST_ROWS}`)
    .split('\n').map(Number);
  await each(many, (pid) => ok('staff', 'POST', '/api/v1/cases', { program: 'payday', year: YEAR, person_id: pid,
    transition: 'apply', date: '2024-03-02' }, 201));
  // A training class with P.
  const made = await ok('staff', 'POST', '/api/v1/training', { year: YEAR, kind: '盲人按摩培训',
    name: '2024年盲人按摩培训班', start_date: '2024-05-06', end_date: '2024-05-20', place: '县残联培训中心',
    support: '800.00' }, 201);
  classId = made.id;
  await ok('staff', 'POST', `/api/v1/training/${classId}/trainees`, { person_id: P.id }, 201);
  // A target supervised in P's township.
  const target = await ok('boss', 'POST', '/api/v1/targets', { year: YEAR, line: 'levy', name: '征收残疾人就业保障金',
    unit: '元', value: 100000000, split: 'township', deadline: '2024-12-31', owner: 'staff', source: 'manual' }, 201);
  const s = await ok('staff', 'POST', '/api/v1/supervision', { target_id: target.id, township: P.township,
    finding: '征收进度滞后于时间进度', requirement: '10月底前征收到位', deadline: '2024-10-31' }, 201);
  supervisionId = s.id;
});

after(async () => {
  if (srv) {
    const r = await srv.stop();
    assert.equal(r.code, 0, `exit ${r.code} ${r.signal}: ${srv.stderr()}`);
  }
  fs.rmSync(dir, { recursive: true, force: true });
});

let saved = 0;
// GETs path as who; asserts a PDF download and returns what poppler reads from it.
async function pdfOf(who, p) {
  const res = await get(p, cookies[who]);
  const buf = Buffer.from(await res.arrayBuffer());
  assert.equal(res.status, 200, `${who} ${p}: ${buf.toString().slice(0, 300)}`);
  assert.equal(res.headers.get('content-type'), 'application/pdf');
  assert.match(res.headers.get('content-disposition'), /^attachment; filename="download\.pdf"; filename\*=UTF-8''/);
  assert.equal(buf.subarray(0, 5).toString(), '%PDF-');
  const file = path.join(dir, `doc${++saved}.pdf`);
  fs.writeFileSync(file, buf);
  const run = (cmd, args) => {
    const r = spawnSync(cmd, args, { encoding: cmd === 'pdftoppm' ? 'buffer' : 'utf8', maxBuffer: 1 << 26 });
    assert.equal(r.status, 0, `${cmd}: ${r.stderr}`);
    return r.stdout;
  };
  const pages = Number(run('pdfinfo', [file]).match(/^Pages:\s+(\d+)/m)[1]);
  const page = (n) => run('pdftotext', ['-f', String(n), '-l', String(n), file, '-']);
  return { file, pages, page, text: run('pdftotext', [file, '-']), fonts: run('pdffonts', [file]), run };
}

// The checks every document gets: the CJK font embedded, the first page not blank.
function printable(doc) {
  const cjk = doc.fonts.split('\n').filter((l) => /Noto(Sans|Serif)CJK/.test(l));
  assert.ok(cjk.length > 0, doc.fonts);
  for (const line of cjk) assert.match(line, /\byes\s+yes\s+yes\b/, `embedded subset with a ToUnicode map: ${line}`);
  // The first page at 30 dpi as a binary PPM: some pixels are far from white.
  const ppm = doc.run('pdftoppm', ['-r', '30', '-f', '1', '-l', '1', doc.file]);
  const header = ppm.subarray(0, 20).toString('latin1').match(/^P6\s+(\d+)\s+(\d+)\s+255\s/);
  assert.ok(header, 'a binary PPM');
  const pixels = ppm.subarray(header[0].length);
  assert.equal(pixels.length, Number(header[1]) * Number(header[2]) * 3);
  let ink = 0;
  for (let i = 0; i < pixels.length; i += 3) if (pixels[i] + pixels[i + 1] + pixels[i + 2] < 3 * 160) ink++;
  assert.ok(ink > 200, `ink on the first page: ${ink} dark pixels`);
}

const squash = (text) => text.replace(/\s+/g, '');
const logged = (action, target) => sql(`SELECT group_concat(user_name || ':' || detail, ',') FROM operation_log
  WHERE action = '${action}' AND target = '${target}'`);

async function refused(who, p, status, message) {
  const res = await get(p, cookies[who]);
  assert.equal(res.status, status, `${who} ${p}`);
  const html = await res.text();
  if (message) assert.match(html, message);
  assert.notEqual(res.headers.get('content-type'), 'application/pdf');
}

test('一人一档: masked unless asked in full by a role that may; the cases with events, payments, documents; scope', async () => {
  const p = `/persons/${P.id}/file.pdf`;
  // The person page links to both prints for a township; a leader sees the masked one only.
  const html = await (await get(`/persons/${P.id}`, cookies.town)).text();
  assert.match(html, new RegExp(`<a class="btn secondary" href="/persons/${P.id}/file.pdf">打印PDF</a>`));
  assert.match(html, new RegExp(`href="/persons/${P.id}/file.pdf\\?full=1"`));
  assert.doesNotMatch(await (await get(`/persons/${P.id}`, cookies.lead)).text(), /file\.pdf\?full=1/);

  await refused('town2', p, 404, /不在您的管辖范围内/);
  await refused('hosp', p, 404);
  await refused('lead', `${p}?full=1`, 403, /不能打印完整的身份证号/);
  assert.equal(logged('打印一人一档', `person:${P.id}`), '', 'refusals print nothing');

  const doc = await pdfOf('town', p);
  printable(doc);
  const t = squash(doc.text);
  for (const s of ['残疾人档案（一人一档）', '残疾人联合会', P.name, masked(P.idn), '基本情况',
    '贫困白内障复明工程（2024年度）', '已输送到县医院', '第一批', '家属陪同', '办理人：staff（县残联业务人员）',
    '贫困重度残疾人生活特别救助工程（2024年度）', '村公示', '生活救助测试项目（2024年度）', '县级审批', '2024-06', '300.00',
    '待发放', '入户调查表.pdf', '参加的培训班', '2024年盲人按摩培训班', '康复服务', '经办人签字']) {
    assert.ok(t.includes(squash(s)), `the file shows ${s}`);
  }
  assert.ok(!t.includes(P.idn), 'never the full ID number');
  assert.ok(!t.includes(P.phone), 'never the full phone');
  assert.match(doc.page(1), /第\s*1\s*页\s*共\s*\d+\s*页/);

  // In full: the ID number and phone, said so in the log.
  const full = await pdfOf('town', `${p}?full=1`);
  printable(full);
  assert.ok(squash(full.text).includes(P.idn));
  assert.ok(squash(full.text).includes(P.phone));
  // A leader reads the masked file.
  const lead = await pdfOf('lead', p);
  assert.ok(!squash(lead.text).includes(P.idn));
  assert.equal(logged('打印一人一档', `person:${P.id}`), 'town:{"full":false},town:{"full":true},lead:{"full":false}');
});

test('公示 notice list: masked ID numbers, no phone, no disability by default; a village out of scope is refused', async () => {
  const p = `/projects/assistance/notice.pdf?village=${P.village}&year=${YEAR}`;
  const html = await (await get(`/projects/assistance/notice?village=${P.village}&year=${YEAR}`, cookies.town)).text();
  assert.ok(html.includes(`href="${p.replace(/&/g, '&amp;')}">打印PDF</a>`), 'the notice page links to its PDF');
  await refused('town2', p, 404, /不在您的管辖范围内/);
  await refused('town', `/projects/assistance/notice.pdf?year=${YEAR}`, 400, /请先选择村（社区）/);
  const doc = await pdfOf('town', p);
  printable(doc);
  const t = squash(doc.text);
  for (const s of ['公示名单', '贫困重度残疾人生活特别救助工程', P.name, masked(P.idn), '公示期', '2024-06-28', '公示单位（盖章）', '身份证号'])
    assert.ok(t.includes(squash(s)), `the notice shows ${s}`);
  for (const s of [P.idn, P.phone, '残疾类别', '残疾等级', '银行']) assert.ok(!t.includes(s), `never ${s}`);
  assert.match(logged('打印公示名单', 'program:assistance'), new RegExp(`^town:\\{"village":"${P.village}","year":2024,"rows":1\\}$`));
});

test('the transport batch (病源输送名单) and a 110-row list whose header is on every page', async () => {
  const q = `year=${YEAR}&by=batch&value=${encodeURIComponent('第一批')}`;
  const html = await (await get(`/projects/cataract/cases?${q}`, cookies.town)).text();
  assert.ok(html.includes(`href="/projects/cataract/cases.pdf?${q.replace(/&/g, '&amp;')}">打印PDF</a>`), 'the list links to its PDF');
  await refused('town2', `/projects/cataract/cases.pdf?${q}&township=${P.township}`, 404, /不在您的管辖范围内/);
  const doc = await pdfOf('town', `/projects/cataract/cases.pdf?${q}&township=${P.township}`);
  printable(doc);
  const t = squash(doc.text);
  for (const s of ['输送批次“第一批”名单', '贫困白内障复明工程', P.name, ...mates.map((m) => m.name), masked(P.idn),
    `${P.phone.slice(0, 3)}****${P.phone.slice(7)}`, '签名', '已输送到县医院', '共3人']) {
    assert.ok(t.includes(squash(s)), `the batch list shows ${s}`);
  }
  assert.ok(!t.includes(late.name), 'not the second batch');
  assert.ok(!t.includes(P.idn) && !t.includes(P.phone), 'ID number and phone masked');
  // Another township's user sees nothing of P's township in the county-wide list.
  const theirs = await pdfOf('town2', `/projects/cataract/cases.pdf?${q}`);
  assert.ok(!squash(theirs.text).includes(P.name));

  // The long list: landscape pages, the header repeated, every applicant once.
  const long = await pdfOf('staff', `/projects/payday/cases.pdf?year=${YEAR}`);
  printable(long);
  assert.ok(long.pages >= 3, `${long.pages} pages`);
  assert.match(long.run('pdfinfo', [long.file]), /Page size:\s+841\.8\d* x 595\.2\d* pts \(A4\)/);
  for (let n = 1; n <= long.pages; n++) {
    const page = squash(long.page(n));
    for (const h of ['序号', '姓名', '身份证号', '联系电话', '签名']) assert.ok(page.includes(h), `page ${n} has ${h}`);
    assert.ok(page.includes(`第${n}页共${long.pages}页`), `page ${n} is numbered`);
  }
  assert.ok(squash(long.text).includes(`共${LIST_ROWS + 1}人`));
  assert.ok(squash(long.page(long.pages)).includes(String(LIST_ROWS + 1)), 'the last row on the last page');
  assert.match(logged('打印名单', 'program:payday'), new RegExp(`^staff:\\{"rows":${LIST_ROWS + 1}\\}$`));
});

test('签到表: the class trainees within scope with a signature column; not for hospitals', async () => {
  const p = `/training/${classId}/signin.pdf`;
  const html = await (await get(`/training/${classId}`, cookies.town)).text();
  assert.ok(html.includes(`href="/training/${classId}/signin.pdf">签到表（打印PDF）</a>`));
  await refused('hosp', p, 403);
  const doc = await pdfOf('town', p);
  printable(doc);
  const t = squash(doc.text);
  for (const s of ['2024年盲人按摩培训班签到表', '县残联培训中心', '2024-05-06', P.name, masked(P.idn), '签名', '举办单位（盖章）'])
    assert.ok(t.includes(squash(s)), `the sheet shows ${s}`);
  assert.ok(!t.includes(P.idn));
  // Another township prints its own trainees: none of P's township.
  assert.ok(!squash((await pdfOf('town2', p)).text).includes(P.name));
  assert.equal(logged('打印签到表', `training:${classId}`), 'town:{"rows":1},town2:{"rows":0}');
});

test('督查通知书: to the township, with the finding and the deadline; other townships and hospitals refused', async () => {
  const p = `/supervision/${supervisionId}/notice.pdf`;
  const html = await (await get('/supervision', cookies.town)).text();
  assert.ok(html.includes(`href="${p}">打印通知书（PDF）</a>`));
  await refused('hosp', p, 403);
  await refused('town2', p, 404, /没有这个督查事项/);
  await refused('town', `/supervision/${supervisionId}/other.pdf`, 404);
  const doc = await pdfOf('town', p);
  printable(doc);
  const t = squash(doc.text);
  const town = sql(`SELECT name FROM division WHERE code = '${P.township}'`);
  for (const s of ['督查通知书', `督查〔2024〕${supervisionId}号`, `${town}：`, '征收残疾人就业保障金', '征收进度滞后于时间进度',
    '10月底前征收到位', '2024-10-31', 'staff（2024-06-30）', '待整改', '督查单位（盖章）', '乡镇签收人'])
    assert.ok(t.includes(squash(s)), `the notice shows ${s}`);
  await pdfOf('lead', p);
  assert.equal(logged('打印督查通知书', `supervision:${supervisionId}`), 'town:,lead:');
});
