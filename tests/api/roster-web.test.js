// The roster through the browser's forms and the API: import (CSV and a LibreOffice .xlsx, all or nothing,
// valid rows only, scope, the error list as .xlsx, the template) and export of the current filter.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const {
  tmpdir, startServer, huiminAt, sqlReadonly, client, csrfOf, loginWithChange, addUser, addUserToken,
} = require('./helpers');
const { HEADER, idNumber, libreofficeXlsx, writeCsv } = require('../cli/helpers');

const TOWNSHIP = '341699001000';
const OTHER_TOWNSHIP = '341699002000';

let dir;
let db;
let srv;
let get;
let county;
let town;
let townToken;
let townName;
let villageName;
let otherTownName;
let otherVillageName;

const huimin = (args, input) => huiminAt(db, args, input);
const sql = (query) => sqlReadonly(db, query);

before(async () => {
  dir = tmpdir();
  db = path.join(dir, 'demo.db');
  const r = huimin(['demo', '--persons', '60', '--seed', '7']);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  addUser(db, 'county', 'county_admin');
  townToken = addUserToken(db, 'town', 'township', TOWNSHIP);
  townName = sql(`SELECT name FROM division WHERE code = '${TOWNSHIP}'`);
  villageName = sql(`SELECT name FROM division WHERE parent_code = '${TOWNSHIP}' ORDER BY code LIMIT 1`);
  otherTownName = sql(`SELECT name FROM division WHERE code = '${OTHER_TOWNSHIP}'`);
  otherVillageName = sql(`SELECT name FROM division WHERE parent_code = '${OTHER_TOWNSHIP}' ORDER BY code LIMIT 1`);
  srv = await startServer(db);
  ({ get } = client(srv));
  county = await loginWithChange(srv, 'county');
  town = await loginWithChange(srv, 'town');
});

after(async () => {
  if (srv) await srv.stop();
});

const csrf = async (cookie) => csrfOf(await (await get('/persons/import', cookie)).text());

// Posts the import form as a browser does (multipart/form-data).
async function upload(cookie, file, options = {}, withCsrf = true) {
  const form = new FormData();
  if (withCsrf) form.append('csrf', await csrf(cookie));
  form.append('file', new Blob([fs.readFileSync(file)]), path.basename(file));
  if (options.update !== false) form.append('update_existing', '1');
  if (options.validOnly) form.append('valid_only', '1');
  return fetch(`${srv.url}/persons/import`, { method: 'POST', headers: { cookie }, body: form, redirect: 'manual' });
}

// The same number with a wrong check character.
const badCheck = (id) => id.slice(0, 17) + (id[17] === '1' ? '2' : '1');

function row(name, id, town, village, extra = {}) {
  return [name, '', id, '', extra.category || '', '', '农村', town, village, extra.phone || '', '否', '', ''].join(',');
}

test('the import page and its template', async () => {
  const page = await (await get('/persons/import', town)).text();
  assert.match(page, /enctype="multipart\/form-data"/);
  assert.match(page, /name="update_existing" value="1" checked/);
  assert.match(page, /href="\/persons\/import\/template.xlsx"/);
  const res = await get('/persons/import/template.xlsx', town);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /spreadsheetml/);
  assert.match(res.headers.get('content-disposition'), /^attachment; filename="download.xlsx"; filename\*=UTF-8''%E8%8A%B1/);
  const bytes = Buffer.from(await res.arrayBuffer());
  assert.equal(bytes.subarray(0, 2).toString(), 'PK');
});

test('all or nothing: a bad row keeps the whole file out, lists the rows, and the list downloads as .xlsx', async () => {
  const before = sql('SELECT count(*) FROM person');
  const file = writeCsv(dir, 'bad.csv', [HEADER,
    row('甲', idNumber('341699', '19700101', 101), townName, villageName),
    row('乙', badCheck(idNumber('341699', '19700101', 102)), townName, villageName),
    row('丙', idNumber('341699', '19700101', 103), townName, villageName, { phone: '123' }),
  ]);
  const res = await upload(town, file);
  assert.equal(res.status, 200);
  const html = await res.text();
  assert.match(html, /有 2 行有误，整个文件都没有导入/);
  assert.match(html, /第3行<\/td><td>身份证号<\/td><td>[^<]*校验/);
  assert.match(html, /第4行<\/td><td>联系电话<\/td><td>应为11位手机号码/);
  assert.equal(sql('SELECT count(*) FROM person'), before);
  const href = html.match(/href="(\/persons\/import\/\d+\/errors\.xlsx)"/)[1];
  const dl = await get(href, town);
  assert.equal(dl.status, 200);
  assert.equal(Buffer.from(await dl.arrayBuffer()).subarray(0, 2).toString(), 'PK');
  // Someone else's error list is not there for them.
  assert.equal((await get(href, county)).status, 404);
  assert.equal(sql("SELECT count(*) FROM operation_log WHERE action = '导入' AND user_name = 'town'"), '1');
});

test('valid rows only, within the township; other townships\' rows are refused', async () => {
  const file = writeCsv(dir, 'mixed.csv', [HEADER,
    row('丁', idNumber('341699', '19700101', 111), townName, villageName),
    row('戊', idNumber('341699', '19700101', 112), otherTownName, otherVillageName),
  ]);
  const html = await (await upload(town, file, { validOnly: true })).text();
  assert.match(html, /导入完成：新增 1 人，更新 0 人；1 行有误未导入/);
  assert.match(html, /第3行<\/td><td>村<\/td><td>不在您的管辖范围内/);
  assert.equal(sql(`SELECT count(*) FROM person WHERE id_number = '${idNumber('341699', '19700101', 112)}'`), '0');
});

test('an .xlsx saved by LibreOffice imports, and updates people already registered only when asked', async () => {
  const id = idNumber('341699', '19700101', 121);
  const csv = writeCsv(dir, 'lo.csv', [HEADER, row('己', id, townName, villageName, { phone: '13800001234' })]);
  const xlsx = libreofficeXlsx(csv, dir, [3, 4, 10, 13]);
  let html = await (await upload(town, xlsx)).text();
  assert.match(html, /导入完成：新增 1 人，更新 0 人/);
  html = await (await upload(town, xlsx, { update: false })).text();
  assert.match(html, /此人已在档案中/);
  html = await (await upload(town, xlsx)).text();
  assert.match(html, /导入完成：新增 0 人，更新 1 人/);
});

test('uploads that are not rosters get a message, not a crash; no CSRF token, no import', async () => {
  const xls = path.join(dir, 'old.xls');
  fs.writeFileSync(xls, 'not really');
  let html = await (await upload(town, xls)).text();
  assert.match(html, /只能导入 \.xlsx 或 \.csv 文件/);
  const fake = path.join(dir, 'fake.xlsx');
  fs.writeFileSync(fake, 'PK but not a zip');
  html = await (await upload(town, fake)).text();
  assert.match(html, /文件无法导入：/);
  const file = writeCsv(dir, 'ok.csv', [HEADER, row('庚', idNumber('341699', '19700101', 131), townName, villageName)]);
  const res = await upload(town, file, {}, false);
  assert.equal(res.status, 403);
  assert.equal(sql(`SELECT count(*) FROM person WHERE id_number = '${idNumber('341699', '19700101', 131)}'`), '0');
});

test('the API imports a multipart upload and answers the counts and rows', async () => {
  const file = writeCsv(dir, 'api.csv', [HEADER,
    row('辛', idNumber('341699', '19700101', 141), townName, villageName),
    row('壬', 'x', townName, villageName),
  ]);
  const form = new FormData();
  form.append('file', new Blob([fs.readFileSync(file)]), 'api.csv');
  form.append('valid_only', '1');
  const res = await fetch(`${srv.url}/api/v1/persons/import`, {
    method: 'POST', headers: { authorization: `Bearer ${townToken}` }, body: form,
  });
  assert.equal(res.status, 200);
  const j = await res.json();
  assert.equal(j.inserted, 1);
  assert.equal(j.rejected, 1);
  assert.equal(j.errors[0].row, 3);
  assert.equal(j.errors[0].column, '身份证号');
  assert.match(j.errors_xlsx, /^\/persons\/import\/\d+\/errors\.xlsx$/);
});

test('export: the current filter, within scope, masked unless asked, formulas escaped, logged', async () => {
  sql; // (read-only helper; the write below goes through the CLI-free sqlite3 shell)
  const { spawnSync } = require('node:child_process');
  const evil = spawnSync('sqlite3', [db, "UPDATE person SET name = '=1+1' WHERE id = " +
    `(SELECT min(id) FROM person WHERE village_code BETWEEN '${TOWNSHIP}' AND '341699001999')`]);
  assert.equal(evil.status, 0);
  const list = await (await get(`/persons?category=1,2,3,4,5,6,7`, town)).text();
  assert.match(list, /href="\/persons\/export\?format=xlsx&amp;category=1%2C2%2C3%2C4%2C5%2C6%2C7"/);

  const res = await get('/persons/export?format=csv', town);
  assert.equal(res.status, 200);
  const text = (await res.text()).replace(/^\uFEFF/, '');
  const lines = text.trim().split(/\r?\n/);
  assert.equal(lines[0], HEADER);
  const inTown = Number(sql(`SELECT count(*) FROM person WHERE village_code BETWEEN '${TOWNSHIP}' AND '341699001999'`));
  assert.equal(lines.length - 1, inTown);
  for (const l of lines.slice(1)) assert.ok(l.includes(townName), l);
  assert.ok(lines.some((l) => l.startsWith("'=1+1,")));
  assert.ok(lines.slice(1).every((l) => /,\d{6}\*{8}[\dX]{4},/.test(l)));

  const full = await (await get('/persons/export?format=csv&full=1', town)).text();
  assert.doesNotMatch(full, /\*{8}/);
  assert.equal(sql("SELECT count(*) FROM operation_log WHERE action = '导出' AND detail LIKE '%\"masked\":false%'"), '1');

  // The .xlsx keeps ID numbers as text: exported in full, it imports again unchanged.
  const xres = await get('/persons/export?format=xlsx&full=1', county);
  assert.equal(xres.status, 200);
  const xfile = path.join(dir, 'export.xlsx');
  fs.writeFileSync(xfile, Buffer.from(await xres.arrayBuffer()));
  const html = await (await upload(county, xfile)).text();
  const total = Number(sql('SELECT count(*) FROM person'));
  assert.match(html, new RegExp(`导入完成：新增 0 人，更新 ${total} 人`));

  const api = await fetch(`${srv.url}/api/v1/persons/export?format=csv&township=${OTHER_TOWNSHIP}`, {
    headers: { authorization: `Bearer ${townToken}` },
  });
  assert.equal(api.status, 200);
  assert.equal((await api.text()).replace(/^\uFEFF/, '').trim().split(/\r?\n/).length, 1); // outside: header only
  const pdf = await fetch(`${srv.url}/api/v1/persons/export?format=pdf`, { headers: { authorization: `Bearer ${townToken}` } });
  assert.equal(pdf.status, 400);
});
