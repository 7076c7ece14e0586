// The evidence's document of a target's progress entered by hand (佐证材料): a township uploads a PDF
// with its entry (API multipart, and the page's form), JSON entries still work without one; the
// document is stored next to the database under its SHA-256 and comes back the same to the county, a
// leader, the township that owns it and a village of it, while another township gets 404 and a
// hospital 403; text named .pdf, a file over 5 MB, an empty file are refused under "file" and leave
// nothing behind; uploads and every download are in the operation log, without the file's name.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const {
  tmpdir, demoDb, startServer, sqlReadonly, addUserToken, apiCall, client, csrfOf, loginWithChange,
} = require('./helpers');

const TODAY = '2024-09-30';
const TOWNSHIP = '341699001000';
const OTHER = '341699002000';

let dir;
let db;
let srv;
let get;
let targetId;
const tokens = {};
const uploaded = {}; // { entry, bytes }
const api = (name, method, p, body) => apiCall(srv, tokens[name], method, p, body);
const sql = (query) => sqlReadonly(db, query);
const sha256 = (b) => crypto.createHash('sha256').update(b).digest('hex');

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n', 'latin1');
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);

// POST /api/v1/targets/{id}/entries as multipart: fields and an optional file [bytes, name].
async function upload(name, id, fields, file) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  if (file) form.append('file', new Blob([file[0]], { type: 'application/octet-stream' }), file[1]);
  const res = await fetch(`${srv.url}/api/v1/targets/${id}/entries`, {
    method: 'POST', headers: { authorization: `Bearer ${tokens[name]}` }, body: form,
  });
  const text = await res.text();
  let json = null;
  try { json = JSON.parse(text); } catch { /* not JSON */ }
  return { status: res.status, json, text };
}

// A download by API token: status, bytes, headers.
async function download(name, p) {
  const res = await fetch(`${srv.url}${p}`, { headers: { authorization: `Bearer ${tokens[name]}` } });
  return { status: res.status, buf: Buffer.from(await res.arrayBuffer()), headers: res.headers };
}

// One web session per user (the first login changes the password).
const sessions = {};
async function session(name) {
  if (!sessions[name]) sessions[name] = await loginWithChange(srv, name);
  return sessions[name];
}

const entryFields = (note, value = '12') => ({ part: TOWNSHIP, date: '2024-09-01', value, note });

before(async () => {
  dir = tmpdir();
  db = demoDb(dir, 60);
  tokens.boss = addUserToken(db, 'boss', 'county_admin');
  tokens.town = addUserToken(db, 'town', 'township', TOWNSHIP);
  tokens.town2 = addUserToken(db, 'town2', 'township', OTHER);
  tokens.vill = addUserToken(db, 'vill', 'village', '341699001001');
  tokens.lead = addUserToken(db, 'lead', 'leader');
  tokens.hosp = addUserToken(db, 'hosp', 'hospital');
  srv = await startServer(db, [], ['--today', TODAY]);
  ({ get } = client(srv));
  const made = await api('boss', 'POST', '/api/v1/targets', {
    year: 2024, line: 'other', name: '残疾人托养服务', unit: '人', value: 100, deadline: '2024-12-31', source: 'manual',
  });
  assert.equal(made.status, 201, made.text);
  targetId = made.json.id;
});

after(async () => {
  if (srv) {
    const r = await srv.stop();
    assert.equal(r.code, 0, `exit ${r.code} ${r.signal}: ${srv.stderr()}`);
  }
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

test('a township uploads its entry with a PDF; JSON entries go on without one', async () => {
  const r = await upload('town', targetId, entryFields('托养中心签到表（9月）'), [PDF, '签到表.pdf']);
  assert.equal(r.status, 200, r.text);
  const e = r.json.entry;
  assert.equal(e.part, TOWNSHIP);
  assert.equal(e.value, 12);
  assert.equal(e.user, 'town');
  assert.deepEqual(e.file, {
    name: '签到表.pdf', content_type: 'application/pdf', size: PDF.length, sha256: sha256(PDF),
    href: `/api/v1/targets/${targetId}/entries/${e.id}/file`,
  });
  assert.deepEqual(fs.readFileSync(path.join(`${db}.files`, e.file.sha256)), PDF);
  assert.equal(r.json.progress.achieved, 12);
  assert.equal(r.json.entries[0].id, e.id);
  uploaded.pdf = { entry: e, bytes: PDF };
  // The content decides the type: a PNG named .pdf is a PNG, by the county for the county level.
  const png = await upload('boss', targetId, { part: '', date: '2024-09-02', value: '3', note: '县托养中心照片' }, [PNG, 'photo.pdf']);
  assert.equal(png.status, 200, png.text);
  assert.equal(png.json.entry.file.content_type, 'image/png');
  assert.equal(png.json.entry.file.name, 'photo.pdf.png');
  uploaded.png = { entry: png.json.entry, bytes: PNG };
  // Without a file, multipart or JSON: no document.
  const none = await upload('town', targetId, entryFields('居家托养台账', '-2'));
  assert.equal(none.status, 200, none.text);
  assert.equal(none.json.entry.file, null);
  assert.equal(none.json.entry.value, -2);
  const json = await api('town', 'POST', `/api/v1/targets/${targetId}/entries`,
    { part: TOWNSHIP, date: '2024-09-03', value: 1, note: 'JSON 填报' });
  assert.equal(json.status, 200, json.text);
  assert.equal(json.json.entry.file, null);
  assert.equal(json.json.progress.achieved, 12 - 2 + 1, 'the township\'s own, not the county level\'s 3');
  assert.equal(sql(`SELECT count(*) FROM target_entry WHERE target_id = ${targetId} AND file_sha256 <> ''`), '2');
});

test('refused: text named .pdf, over 5 MB, an empty file, a value that is not a number; nothing left', async () => {
  const rows = sql('SELECT count(*) FROM target_entry');
  const files = fs.readdirSync(`${db}.files`).sort();
  const text = await upload('town', targetId, entryFields('改了扩展名'), [Buffer.from('这不是PDF，只是文本\n'), '签到表.pdf']);
  assert.equal(text.status, 400, text.text);
  assert.match(text.json.error.fields.file, /只能上传 PDF、JPEG 或 PNG/);
  const six = Buffer.alloc(5 * 1024 * 1024 + 1, 0x20);
  PDF.copy(six);
  const big = await upload('town', targetId, entryFields('太大'), [six, 'big.pdf']);
  assert.equal(big.status, 400, big.text);
  assert.match(big.json.error.fields.file, /不能超过 5 MB/);
  const empty = await upload('town', targetId, entryFields('空的'), [Buffer.alloc(0), 'empty.pdf']);
  assert.equal(empty.status, 400, empty.text);
  assert.equal(empty.json.error.fields.file, '请选择要上传的文件（上传的文件不能是空的）');
  const value = await upload('town', targetId, entryFields('数不对', '十二'), [PDF, 'a.pdf']);
  assert.equal(value.status, 400, value.text);
  assert.ok(value.json.error.fields.value, value.text);
  // Another township's part, a leader, a hospital.
  const other = await upload('town2', targetId, entryFields('越权'), [PDF, 'a.pdf']);
  assert.equal(other.status, 400, other.text);
  assert.equal(other.json.error.message, '只能填报本乡镇的进度');
  assert.equal((await upload('lead', targetId, entryFields('领导'), [PDF, 'a.pdf'])).status, 403);
  assert.equal((await upload('hosp', targetId, entryFields('医院'), [PDF, 'a.pdf'])).status, 403);
  assert.equal(sql('SELECT count(*) FROM target_entry'), rows);
  assert.deepEqual(fs.readdirSync(`${db}.files`).sort(), files);
});

test('downloads: the county, a leader, the owning township and its village; 404 for another township', async () => {
  const { entry, bytes } = uploaded.pdf;
  for (const who of ['boss', 'lead', 'town', 'vill']) {
    const r = await download(who, entry.file.href);
    assert.equal(r.status, 200, who);
    assert.deepEqual(r.buf, bytes);
    assert.equal(r.headers.get('content-type'), 'application/pdf');
    assert.match(r.headers.get('content-disposition'), /^attachment; filename="download\.pdf"; filename\*=UTF-8''%E7%AD%BE%E5%88%B0%E8%A1%A8\.pdf$/);
    assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
  }
  // The county level's document is not the township's to see; another township sees neither.
  assert.equal((await download('town', uploaded.png.entry.file.href)).status, 404);
  assert.equal((await download('boss', uploaded.png.entry.file.href)).status, 200);
  assert.equal((await download('town2', entry.file.href)).status, 404);
  assert.equal((await download('hosp', entry.file.href)).status, 403);
  // An entry without a document, of another target, or none at all.
  const plain = sql(`SELECT id FROM target_entry WHERE target_id = ${targetId} AND file_sha256 = '' LIMIT 1`);
  assert.equal((await download('boss', `/api/v1/targets/${targetId}/entries/${plain}/file`)).status, 404);
  assert.equal((await download('boss', `/api/v1/targets/${targetId + 1}/entries/${entry.id}/file`)).status, 404);
  assert.equal((await download('boss', `/api/v1/targets/${targetId}/entries/0${entry.id}/file`)).status, 404);
  assert.equal((await download('boss', `/api/v1/targets/${targetId}/entries/${entry.id}/files`)).status, 404);
  // The web link, with a session: the owner and the county; another township 404.
  const web = `/targets/${targetId}/entries/${entry.id}/file`;
  for (const [who, status] of [['town', 200], ['boss', 200], ['town2', 404]]) {
    const res = await get(web, await session(who));
    assert.equal(res.status, status, who);
    const buf = Buffer.from(await res.arrayBuffer());
    if (status === 200) assert.deepEqual(buf, bytes);
  }
  // A file changed on disk is not served.
  const png = path.join(`${db}.files`, uploaded.png.entry.file.sha256);
  fs.chmodSync(png, 0o600);
  const changed = Buffer.from(PNG);
  changed[15] ^= 1;
  fs.writeFileSync(png, changed);
  const bad = await download('boss', uploaded.png.entry.file.href);
  assert.equal(bad.status, 500);
  assert.match(bad.buf.toString('utf8'), /文件缺失或已被改动/);
  fs.writeFileSync(png, PNG);
});

test('the operation log: each upload with its digest, never its name; each download viewed', async () => {
  const ups = sql(`SELECT detail FROM operation_log WHERE action = '填报目标进度' AND target = 'target:${targetId}' ORDER BY id`).split('\n');
  assert.equal(ups.length, 4);
  const first = JSON.parse(ups[0]);
  assert.equal(first.entry, uploaded.pdf.entry.id);
  assert.deepEqual(first.file, { type: 'application/pdf', size: PDF.length, sha256: sha256(PDF) });
  assert.equal(JSON.parse(ups[2]).file, undefined);
  assert.equal(sql(`SELECT count(*) FROM operation_log WHERE detail LIKE '%签到表.pdf%' OR detail LIKE '%photo.pdf%'`), '0');
  const views = sql(`SELECT user_name, detail FROM operation_log WHERE action = '查看佐证材料' AND target = 'target:${targetId}' ORDER BY id`).split('\n');
  // boss lead town vill by API, boss the PNG, then town and boss by the web (the changed file is not served, not logged).
  assert.deepEqual(views.map((l) => l.split('|')[0]), ['boss', 'lead', 'town', 'vill', 'boss', 'town', 'boss']);
  assert.deepEqual(JSON.parse(views[0].split('|').slice(1).join('|')), { entry: uploaded.pdf.entry.id, sha256: sha256(PDF) });
});

test('the target page: the document in the entries, and the form uploading one', async () => {
  const cookie = await session('town');
  const html = await (await get(`/targets/${targetId}`, cookie)).text();
  assert.match(html, /<th scope="col">佐证材料<\/th>/);
  assert.ok(html.includes(`<a href="/targets/${targetId}/entries/${uploaded.pdf.entry.id}/file" download>签到表.pdf</a>`));
  assert.ok(!html.includes('photo.pdf.png'), 'the county level is not the township\'s');
  assert.match(html, /enctype="multipart\/form-data"/);
  assert.match(html, /<input type="file" id="e-file" name="file" accept="\.pdf,\.jpg,\.jpeg,\.png"/);
  const send = async (file, note) => {
    const form = new FormData();
    form.append('csrf', csrfOf(html));
    for (const [k, v] of Object.entries(entryFields(note))) form.append(k, v);
    form.append('file', new Blob([file[0]]), file[1]);
    return fetch(`${srv.url}/targets/${targetId}/entries`, { method: 'POST', redirect: 'manual', headers: { cookie }, body: form });
  };
  const ok = await send([PNG, '现场照片.png'], '现场照片');
  assert.equal(ok.status, 303);
  assert.equal(ok.headers.get('location'), `/targets/${targetId}?done=entry#entries`);
  assert.equal(sql(`SELECT file_name || '|' || file_type FROM target_entry WHERE note = '现场照片'`), '现场照片.png|image/png');
  const wrong = await send([Buffer.from('plain text'), 'x.pdf'], '文本');
  assert.equal(wrong.status, 200); // the page again, as every refused form of the target page
  const again = await wrong.text();
  assert.match(again, /<p class="field-error" id="e-e-file">只能上传 PDF、JPEG 或 PNG/);
  assert.ok(again.includes('>文本</textarea>'), 'the note typed is kept');
});
