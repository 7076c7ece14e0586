// 统计报表: GET /api/v1/stats and the page /reports on a demo county. Every
// count is checked against the records read with the sqlite3 shell and
// counted here (ages in full years computed in JavaScript); the data scope
// of a township and a village user, hospitals refused, bad arguments
// refused by name; the page's counts open lists that show as many records;
// the .xlsx export opened (its sheet XML read from the zip) and logged.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');
const {
  ROOT, PASSWORD, tmpdir, startServer, huiminAt, sqlReadonly, client, loginWithChange, apiCall,
} = require('./helpers');

const TODAY = '2025-06-30';
const YEAR = 2025;
const TOWNSHIP = '341699001000';

let dir;
let db;
let srv;
const tokens = {};
const cookies = {};
let people; // every person: { id, village, township, status, category, grade, hukou, sex, birth }
let cases;  // the cataract cases of YEAR: { id, village, township, stage, person, reached: [] }

const huimin = (args, input) => huiminAt(db, args, input);
const sql = (query) => sqlReadonly(db, query);
const api = (who, p) => apiCall(srv, tokens[who], 'GET', p);

function addUser(name, role, division) {
  const args = ['user', 'add', name, '--role', role, '--password-stdin'];
  if (division) args.push('--division', division);
  const r = huimin(args, `${PASSWORD}\n`);
  assert.equal(r.status, 0, r.stderr);
  tokens[name] = huimin(['user', 'token', name]).stdout.trim().split('\n').pop();
}

// Full years from birth to on, both "YYYY-MM-DD" (a 29 February birthday comes on 1 March).
function age(birth, on) {
  return Number(on.slice(0, 4)) - Number(birth.slice(0, 4)) - (on.slice(5) < birth.slice(5) ? 1 : 0);
}
const group = (birth, on) => { const a = age(birth, on); return a < 18 ? '0-17' : a < 60 ? '18-59' : '60+'; };

// The key of dimension dim for a person (and a case), as the API gives heads' keys.
function key(dim, p, on, c) {
  switch (dim) {
    case 'township': return c ? c.township : p.township;
    case 'village': return c ? c.village : p.village;
    case 'category': return String(p.category);
    case 'grade': return String(p.grade);
    case 'hukou': return String(p.hukou);
    case 'sex': return String(p.sex);
    case 'status': return String(p.status);
    case 'age_group': return group(p.birth, on);
    case 'stage': return c.stage;
    case '': return '';
    default: throw new Error(dim);
  }
}

// The table counted here from the records: Map "row|col" -> n, and the totals.
function expected(rows, cols, { status = 1, on = TODAY, withCases = false, filter = () => true } = {}) {
  const cells = new Map();
  const rowTotals = new Map();
  const colTotals = new Map();
  let total = 0;
  const add = (m, k, n = 1) => m.set(k, (m.get(k) || 0) + n);
  const byId = new Map(people.map((p) => [p.id, p]));
  const items = withCases ? cases.map((c) => ({ p: byId.get(c.person), c })) : people.map((p) => ({ p }));
  for (const { p, c } of items) {
    if (status && p.status !== status) continue;
    if (!filter(p, c)) continue;
    total++;
    const rs = rows === 'reached' ? c.reached : [key(rows, p, on, c)];
    const cs = cols === 'reached' ? c.reached : [key(cols, p, on, c)];
    if (rows !== 'reached') add(rowTotals, rs[0]);
    if (cols !== 'reached') add(colTotals, cs[0]);
    for (const r of rs) for (const k of cs) add(cells, `${r}|${k}`);
    if (rows === 'reached') for (const r of rs) add(rowTotals, r);
    if (cols === 'reached') for (const k of cs) add(colTotals, k);
  }
  return { cells, rowTotals, colTotals, total };
}

// Compares an API table with the one counted here: every cell and total, the heads' keys covering every count.
function same(t, want, label) {
  const rowKeys = t.row_heads.map((h) => h.key);
  const colKeys = t.col_heads.map((h) => h.key);
  let seen = 0;
  t.cells.forEach((row, i) => row.forEach((n, j) => {
    const k = `${rowKeys[i]}|${colKeys[j]}`;
    assert.equal(n, want.cells.get(k) || 0, `${label}: cell ${k}`);
    seen += n;
  }));
  let all = 0;
  for (const n of want.cells.values()) all += n;
  assert.equal(seen, all, `${label}: every count has its row and column`);
  t.row_totals.forEach((n, i) => assert.equal(n, want.rowTotals.get(rowKeys[i]) || 0, `${label}: row ${rowKeys[i]}`));
  t.col_totals.forEach((n, j) => {
    const k = colKeys[j];
    assert.equal(n, t.cols.dim ? want.colTotals.get(k) || 0 : want.total, `${label}: column ${k}`);
  });
  assert.equal(t.total, want.total, `${label}: total`);
}

before(async () => {
  dir = tmpdir();
  db = path.join(dir, 'county.db');
  const r = huimin(['--today', TODAY, 'demo', '--persons', '600', '--seed', '7']);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.equal(huimin(['program', 'load', path.join(ROOT, 'programs', 'cataract.json')]).status, 0);
  addUser('office', 'county_staff');
  addUser('town', 'township', TOWNSHIP);
  const village = sql(`SELECT code FROM division WHERE parent_code = '${TOWNSHIP}' ORDER BY code LIMIT 1 OFFSET 1`);
  addUser('cadre', 'village', village);
  addUser('boss', 'leader');
  addUser('hosp', 'hospital');
  // Some persons died or moved away (before the server starts: it is then the one writer).
  const w = spawnSync('sqlite3', [db, 'UPDATE person SET status = 2 WHERE id % 13 = 0; UPDATE person SET status = 3 WHERE id % 17 = 0'],
    { encoding: 'utf8' });
  assert.equal(w.status, 0, w.stderr);
  srv = await startServer(db, [], ['--today', TODAY]);

  // Cases of the year: 40 persons registered, 25 pass the pre-screening, 10 of them transported, 8 fail.
  const ids = sql('SELECT id FROM person WHERE status = 1 ORDER BY id LIMIT 40').split('\n').map(Number);
  const made = [];
  for (const pid of ids) {
    const c = await apiCall(srv, tokens.office, 'POST', '/api/v1/cases',
      { program: 'cataract', year: YEAR, person_id: pid, transition: 'register', date: '2025-03-05' });
    assert.equal(c.status, 201, c.text);
    made.push(c.json.id);
  }
  const move = async (id, transition, values = {}, remark = '') => {
    const m = await apiCall(srv, tokens.office, 'POST', `/api/v1/cases/${id}/transitions`,
      { transition, date: '2025-04-10', values, remark });
    assert.equal(m.status, 200, m.text);
  };
  for (let i = 0; i < 33; i++) {
    if (i < 25) await move(made[i], 'prescreen_pass');
    else await move(made[i], 'prescreen_fail', {}, '无手术指征');
  }
  for (let i = 0; i < 10; i++) await move(made[i], 'transport', { batch_date: '2025-04-13', batch: '第1批' });

  people = sql("SELECT id, village_code, status, coalesce(category, 0), coalesce(grade, 0), hukou, sex, birth_date FROM person")
    .split('\n').map((l) => {
      const [id, village, status, category, grade, hukou, sex, birth] = l.split('|');
      return { id: Number(id), village, township: `${village.slice(0, 9)}000`, status: Number(status),
        category: Number(category), grade: Number(grade), hukou: Number(hukou), sex: Number(sex), birth };
    });
  const reached = new Map();
  for (const l of sql(`SELECT s.case_id, s.stage FROM case_stage s JOIN program_case c ON c.id = s.case_id
    WHERE c.program_code = 'cataract' AND c.year = ${YEAR}`).split('\n')) {
    const [id, stage] = l.split('|');
    if (!reached.has(Number(id))) reached.set(Number(id), []);
    reached.get(Number(id)).push(stage);
  }
  cases = sql(`SELECT id, village_code, township_code, stage, person_id FROM program_case
    WHERE program_code = 'cataract' AND year = ${YEAR}`).split('\n').map((l) => {
    const [id, village, township, stage, person] = l.split('|');
    return { id: Number(id), village, township, stage, person: Number(person), reached: reached.get(Number(id)) };
  });
  assert.equal(cases.length, 40);
  assert.ok(people.some((p) => p.status !== 1), 'the demo county has persons who died or moved away');
  cookies.office = await loginWithChange(srv, 'office');
});

after(async () => {
  if (srv) await srv.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

test('the registry by any two dimensions: every count as the records say', async () => {
  const pairs = [['township', ''], ['category', 'grade'], ['hukou', 'age_group'], ['sex', 'status'],
    ['age_group', 'township'], ['grade', 'sex']];
  for (const [rows, cols] of pairs) {
    const r = await api('office', `/api/v1/stats?rows=${rows}&cols=${cols}`);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.subject, 'persons');
    assert.equal(r.json.age_on, TODAY);
    same(r.json, expected(rows, cols), `${rows} x ${cols}`);
  }
  // Every status; a status and a township; categories 1 and 4; persons without a certificate (0).
  let r = await api('office', '/api/v1/stats?rows=status&cols=hukou&status=0');
  same(r.json, expected('status', 'hukou', { status: 0 }), 'every status');
  r = await api('office', `/api/v1/stats?rows=village&cols=sex&status=2&township=${TOWNSHIP}`);
  same(r.json, expected('village', 'sex', { status: 2, filter: (p) => p.township === TOWNSHIP }), 'deceased of a township');
  assert.ok(r.json.row_heads.every((h) => h.key.startsWith(TOWNSHIP.slice(0, 9)) && h.township));
  r = await api('office', '/api/v1/stats?rows=category&cols=age_group&category=1,4');
  assert.deepEqual(r.json.row_heads.map((h) => h.label), ['视力', '肢体']);
  same(r.json, expected('category', 'age_group', { filter: (p) => [1, 4].includes(p.category) }), 'categories 1,4');
  r = await api('office', '/api/v1/stats?rows=township&grade=0');
  same(r.json, expected('township', '', { filter: (p) => p.grade === 0 }), 'without a certificate');
  // Ages on another day.
  r = await api('office', '/api/v1/stats?rows=age_group&cols=sex&age_on=2020-01-01');
  assert.equal(r.json.age_on, '2020-01-01');
  same(r.json, expected('age_group', 'sex', { on: '2020-01-01' }), 'ages on 2020-01-01');
});

test('a project-year by current stage and by the stages reached', async () => {
  let r = await api('office', `/api/v1/stats?program=cataract&year=${YEAR}&rows=township&cols=stage`);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.subject, 'cases');
  assert.equal(r.json.status, 0); // cases count whatever became of the person since
  same(r.json, expected('township', 'stage', { status: 0, withCases: true }), 'township x stage');
  r = await api('office', `/api/v1/stats?program=cataract&year=${YEAR}&rows=category&cols=reached`);
  assert.equal(r.json.distinct_totals, true);
  same(r.json, expected('category', 'reached', { status: 0, withCases: true }), 'category x reached');
  const col = (k) => r.json.col_totals[r.json.col_heads.findIndex((h) => h.key === k)];
  assert.equal(col('registered'), 40);
  assert.equal(col('prescreen_passed'), 25);
  assert.equal(col('transported'), 10);
  assert.equal(r.json.total, 40);
  r = await api('office', `/api/v1/stats?program=cataract&year=${YEAR}&rows=reached&cols=age_group&status=1`);
  same(r.json, expected('reached', 'age_group', { status: 1, withCases: true }), 'reached x age, 在册');
  r = await api('office', `/api/v1/stats?program=cataract&year=${YEAR - 1}&rows=stage`);
  assert.equal(r.json.total, 0);
});

test('the data scope: a township, a village; the leader reads; the hospital is refused', async () => {
  const town = await api('town', '/api/v1/stats?rows=village&cols=category');
  assert.equal(town.status, 200);
  same(town.json, expected('village', 'category', { filter: (p) => p.township === TOWNSHIP }), 'township user');
  assert.ok(town.json.row_heads.length > 1);
  // Asking for another township changes nothing: there is nothing of it in scope.
  const other = await api('town', '/api/v1/stats?rows=village&township=341699002000');
  assert.equal(other.status, 200);
  assert.equal(other.json.total, 0);
  assert.equal(other.json.row_heads.length, 0);
  const cadre = await api('cadre', '/api/v1/stats?rows=village&cols=sex');
  assert.equal(cadre.json.row_heads.length, 1);
  same(cadre.json, expected('village', 'sex', { filter: (p) => p.village === cadre.json.row_heads[0].key }), 'village user');
  const cases = await api('town', `/api/v1/stats?program=cataract&year=${YEAR}&rows=township&cols=reached`);
  same(cases.json, expected('township', 'reached', { status: 0, withCases: true, filter: (p, c) => c.township === TOWNSHIP }),
    'township user, cases');
  const boss = await api('boss', '/api/v1/stats?rows=township');
  assert.equal(boss.status, 200);
  assert.equal(boss.json.total, expected('township', '').total);
  const hosp = await api('hosp', '/api/v1/stats?rows=township');
  assert.equal(hosp.status, 403);
  assert.equal(hosp.json.error.code, 'forbidden');
  const anon = await fetch(`${srv.url}/api/v1/stats`);
  assert.equal(anon.status, 401);
});

test('arguments outside the list are refused by name, in Chinese', async () => {
  const bad = async (q, field, re) => {
    const r = await api('office', `/api/v1/stats?${q}`);
    assert.equal(r.status, 400, q);
    assert.equal(r.json.error.code, 'bad_request');
    assert.match(r.json.error.fields[field], re, q);
  };
  await bad('rows=id_number', 'rows', /乡镇、村（社区）/);
  await bad('rows=township&cols=township', 'cols', /同一项/);
  await bad('rows=stage', 'rows', /按当前阶段统计时请选择民生工程/);
  await bad('rows=township&cols=reached', 'cols', /到达过的阶段/);
  await bad('program=cataract&rows=stage&cols=reached', 'cols', /不能一个作行/);
  await bad('program=nothing', 'program', /没有这个民生工程/);
  await bad('year=1999&program=cataract', 'year', /2000到2100/);
  await bad('status=5', 'status', /在册、死亡、迁出/);
  await bad('township=341699001001', 'township', /乡镇代码/);
  await bad('category=9', 'category', /0到7/);
  await bad('age_on=2025-02-30', 'age_on', /日期/);
  await bad("rows=township'--", 'rows', /之一/);
});

// The entries of a zip (an .xlsx) by name, inflated.
function unzip(buf) {
  const entries = new Map();
  let end = buf.length - 22;
  while (end >= 0 && buf.readUInt32LE(end) !== 0x06054b50) end--;
  assert.ok(end >= 0, 'a zip file');
  let p = buf.readUInt32LE(end + 16);
  const n = buf.readUInt16LE(end + 10);
  for (let i = 0; i < n; i++) {
    assert.equal(buf.readUInt32LE(p), 0x02014b50);
    const method = buf.readUInt16LE(p + 10);
    const size = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28);
    const extra = buf.readUInt16LE(p + 30);
    const comment = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.subarray(p + 46, p + 46 + nameLen).toString('utf8');
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const data = buf.subarray(start, start + size);
    entries.set(name, method === 8 ? zlib.inflateRawSync(data) : data);
    p += 46 + nameLen + extra + comment;
  }
  return entries;
}

// The first sheet's rows as arrays of cell texts (shared or inline strings, numbers as text).
function sheetRows(buf) {
  const z = unzip(buf);
  const unescape = (s) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
  const shared = [];
  const sst = z.get('xl/sharedStrings.xml');
  if (sst) for (const m of sst.toString('utf8').matchAll(/<si>([\s\S]*?)<\/si>/g)) {
    shared.push(unescape([...m[1].matchAll(/<t[^>]*>([\s\S]*?)<\/t>/g)].map((t) => t[1]).join('')));
  }
  const xml = z.get('xl/worksheets/sheet1.xml').toString('utf8');
  const rows = [];
  for (const row of xml.matchAll(/<row[^>]*>([\s\S]*?)<\/row>/g)) {
    const cells = [];
    for (const c of row[1].matchAll(/<c r="([A-Z]+)\d+"([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
      const col = [...c[1]].reduce((a, ch) => a * 26 + ch.charCodeAt(0) - 64, 0) - 1;
      const body = c[3] || '';
      let text = '';
      if (/t="s"/.test(c[2])) text = shared[Number(body.match(/<v>(\d+)<\/v>/)[1])];
      else if (/t="inlineStr"/.test(c[2])) text = unescape([...body.matchAll(/<t[^>]*>([\s\S]*?)<\/t>/g)].map((t) => t[1]).join(''));
      else { const v = body.match(/<v>([^<]*)<\/v>/); text = v ? v[1] : ''; }
      cells[col] = text;
    }
    rows.push(cells);
  }
  return rows;
}

test('the page: the table whose counts open their lists, the chart, the .xlsx export (logged)', async () => {
  const { get } = client(srv);
  const q = 'rows=township&cols=age_group';
  const page = await get(`/reports?${q}`, cookies.office);
  assert.equal(page.status, 200);
  const html = await page.text();
  assert.match(html, /<caption>残疾人档案（在册）：乡镇 × 年龄段（人数；点击数字查看名单）<\/caption>/);
  assert.match(html, /<th scope="col">乡镇<\/th>/);
  assert.match(html, /<th scope="row">合计<\/th>/);
  assert.match(html, /<svg[^>]*role="img"[^>]*aria-labelledby="stats-chart-title"/);
  const api2 = await api('office', `/api/v1/stats?${q}`);
  assert.match(html, new RegExp(`>${api2.json.total}</a></td></tr>\\n</tfoot>`));

  // Each link of the table shows as many records as its count: a few of every kind.
  const links = [...html.matchAll(/<td class="num( total)?"><a href="([^"]+)">(\d+)<\/a><\/td>/g)]
    .map((m) => ({ href: m[2].replace(/&amp;/g, '&'), n: Number(m[3]) }));
  assert.ok(links.length > 20);
  const check = async (l) => {
    assert.match(l.href, /^\/persons\?|^\/projects\/cataract\/cases\?/);
    const list = await (await get(l.href, cookies.office)).text();
    assert.match(list, new RegExp(`共 ${l.n} 条`), l.href);
  };
  for (const l of [links[0], links[1], links[3], links[links.length - 1], links[links.length - 2]]) await check(l);
  const ageLink = links.find((l) => /age_group=60%2B/.test(l.href) && /age_on=2025-06-30/.test(l.href));
  assert.ok(ageLink, 'an age group link carries the day ages are counted on');
  await check(ageLink);

  // Cases: a link with a person's attribute and a stage reached.
  const cq = `program=cataract&year=${YEAR}&rows=sex&cols=reached&category=1,2,3,4,5,6,7,0`;
  const chtml = await (await get(`/reports?${cq}`, cookies.office)).text();
  assert.match(chtml, /一个案例计入它到达过的每个阶段/);
  const clinks = [...chtml.matchAll(/<td class="num( total)?"><a href="([^"]+)">(\d+)<\/a><\/td>/g)]
    .map((m) => ({ href: m[2].replace(/&amp;/g, '&'), n: Number(m[3]) }));
  const reachedSex = clinks.find((l) => /reached=prescreen_passed/.test(l.href) && /sex=2/.test(l.href));
  assert.ok(reachedSex, chtml.slice(0, 200));
  await check(reachedSex);
  for (const l of clinks.slice(0, 4)) await check(l);
  const casePage = await (await get(reachedSex.href, cookies.office)).text();
  assert.match(casePage, /另按人员条件筛选：[^<]*性别 女/);

  // The export: the same table in a sheet, the header row, the rows, the totals; logged as an export.
  const before = Number(sql("SELECT count(*) FROM operation_log WHERE module = '统计报表' AND action = '导出'"));
  const x = await get(`/reports/export.xlsx?${q}&age_on=${TODAY}`, cookies.office);
  assert.equal(x.status, 200);
  assert.match(x.headers.get('content-type'), /spreadsheetml/);
  assert.match(x.headers.get('content-disposition'), /filename\*=UTF-8''/);
  const rows = sheetRows(Buffer.from(await x.arrayBuffer()));
  const head = rows.findIndex((r) => r[0] === '乡镇');
  assert.ok(head >= 0, JSON.stringify(rows.slice(0, 3)));
  assert.deepEqual(rows[head], ['乡镇', '0-17岁', '18-59岁', '60岁及以上', '合计']);
  const t = api2.json;
  t.row_heads.forEach((h, i) => {
    assert.deepEqual(rows[head + 1 + i], [h.label, ...t.cells[i].map(String), String(t.row_totals[i])]);
  });
  assert.deepEqual(rows[head + 1 + t.row_heads.length], ['合计', ...t.col_totals.map(String), String(t.total)]);
  const after = Number(sql("SELECT count(*) FROM operation_log WHERE module = '统计报表' AND action = '导出'"));
  assert.equal(after, before + 1);
  assert.match(sql("SELECT target || ' ' || detail FROM operation_log WHERE module = '统计报表' ORDER BY id DESC LIMIT 1"),
    /^stats:persons \{"rows":"township","cols":"age_group"/);

  // A bad export is refused with the reason; the hospital sees neither page nor export.
  const badx = await get('/reports/export.xlsx?rows=stage', cookies.office);
  assert.equal(badx.status, 400);
  assert.match(await badx.text(), /请选择民生工程/);
  cookies.hosp = await loginWithChange(srv, 'hosp');
  for (const p of ['/reports', `/reports/export.xlsx?${q}`]) {
    const h = await get(p, cookies.hosp);
    assert.equal(h.status, 403, p);
    assert.match(await h.text(), /不能查看统计报表/);
  }
  // A township user's page lists its own township only.
  cookies.town = await loginWithChange(srv, 'town');
  const thtml = await (await get('/reports?rows=township', cookies.town)).text();
  const names = [...thtml.matchAll(/<tr><th scope="row">([^<]+)<\/th>/g)].map((m) => m[1]);
  assert.deepEqual(names, [sql(`SELECT name FROM division WHERE code = '${TOWNSHIP}'`)]);
});
