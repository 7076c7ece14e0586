// 材料扫描件: scanned copies of an application's documents, uploaded to a
// living-assistance case through the API and the case page's form. The
// type is decided by the content (a text file named .pdf is refused), a
// file is at most 5 MiB, the bytes are stored next to the database under
// their SHA-256 and come back the same, another township does not see
// them, uploads and downloads are in the operation log, and the person's
// page lists them with the person's cases.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');
const {
  ROOT, tmpdir, startServer, huiminAt, sqlReadonly, client, csrfOf, loginWithChange, addUserToken, apiCall, apiUpload, stopAndRemove,
} = require('./helpers');

const TODAY = '2025-06-30';
const ALL_DOCS = { doc_cert: '是', doc_dibao: '是', doc_id: '是', doc_bank: '是' };

let dir;
let db;
let srv;
let get;
const tokens = {};
let person; // { id, village }
let caseId;
let cookie;
const uploaded = {}; // kind -> { json, bytes }

const huimin = (args, input) => huiminAt(db, args, input);
const sql = (query) => sqlReadonly(db, query);

// A minimal valid PDF (one empty A4 page), its cross-reference offsets computed.
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

function crc32(buf) {
  let c = ~0;
  for (const byte of buf) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

// A 1x1 white PNG: signature, IHDR, IDAT (zlib), IEND, each chunk with its CRC.
function tinyPng() {
  const chunk = (type, data) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0]); // 1x1, 8-bit grey
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(Buffer.from([0, 255]))), // filter 0, one white pixel
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// An 8x8 mid-grey baseline JPEG: every coefficient 0, one-code Huffman tables.
function tinyJpeg() {
  const counts = [1, ...new Array(15).fill(0)];
  return Buffer.from([
    0xff, 0xd8, // SOI
    0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, // JFIF
    0xff, 0xdb, 0x00, 0x43, 0x00, ...new Array(64).fill(1), // DQT
    0xff, 0xc0, 0x00, 0x0b, 0x08, 0x00, 0x08, 0x00, 0x08, 0x01, 0x01, 0x11, 0x00, // SOF0 8x8, one component
    0xff, 0xc4, 0x00, 0x14, 0x00, ...counts, 0x00, // DHT DC 0: category 0
    0xff, 0xc4, 0x00, 0x14, 0x10, ...counts, 0x00, // DHT AC 0: end of block
    0xff, 0xda, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3f, 0x00, // SOS
    0x3f, // DC 0, EOB, padding ones
    0xff, 0xd9, // EOI
  ]);
}

const addUser = (name, role, division) => { tokens[name] = addUserToken(db, name, role, division); };
const api = (method, p, name, body) => apiCall(srv, tokens[name], method, p, body);
// Uploads bytes as filename (of type) to case id's files as name, with the field kind unless undefined.
const upload = (name, id, kind, bytes, filename, type) => apiUpload(srv, tokens[name], `/api/v1/cases/${id}/files`,
  { name: filename, bytes, type }, kind === undefined ? {} : { kind });

const sha256 = (b) => crypto.createHash('sha256').update(b).digest('hex');

before(async () => {
  dir = tmpdir();
  db = path.join(dir, 'demo.db');
  const r = huimin(['demo', '--persons', '300', '--seed', '7']);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  const load = huimin(['program', 'load', path.join(ROOT, 'programs', 'assistance.json')]);
  assert.equal(load.status, 0, load.stdout + load.stderr);
  const [id, village] = sql(`SELECT id, village_code FROM person
    WHERE status = 1 AND dibao = 1 AND grade IN (1, 2) ORDER BY id LIMIT 1`).split('|');
  person = { id: Number(id), village };
  const town = village.slice(0, 9) + '000';
  const other = sql(`SELECT code FROM division WHERE level = 2 AND code <> '${town}' ORDER BY code LIMIT 1`);
  addUser('boss', 'county_admin');
  addUser('town', 'township', town);
  addUser('town2', 'township', other);
  addUser('doctor', 'hospital');
  srv = await startServer(db, [], ['--today', TODAY]);
  ({ get } = client(srv));
  cookie = await loginWithChange(srv, 'boss');
  const c = await api('POST', '/api/v1/cases', 'boss',
    { program: 'assistance', year: 2025, person_id: person.id, date: '2025-03-01', values: ALL_DOCS });
  assert.equal(c.status, 201, c.text);
  caseId = c.json.id;
});

after(() => stopAndRemove(srv, dir));

test('a PDF, a PNG and a JPEG are stored under their digest next to the database', async () => {
  const files = [
    ['doc_cert', minimalPdf(), '残疾证.pdf', 'application/pdf', 'application/pdf'],
    ['doc_bank', tinyPng(), '银行卡.png', 'image/png', 'image/png'],
    ['doc_id', tinyJpeg(), '户口簿.jpg', 'image/jpeg', 'image/jpeg'],
  ];
  for (const [kind, bytes, name, sent, expected] of files) {
    const r = await upload('town', caseId, kind, bytes, name, sent);
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json.kind, kind);
    assert.equal(r.json.name, name);
    assert.equal(r.json.content_type, expected);
    assert.equal(r.json.size, bytes.length);
    assert.equal(r.json.sha256, sha256(bytes));
    assert.equal(r.json.uploaded_by, 'town');
    assert.equal(r.json.href, `/api/v1/cases/${caseId}/files/${r.json.id}`);
    const stored = path.join(`${db}.files`, r.json.sha256);
    assert.deepEqual(fs.readFileSync(stored), bytes);
    assert.equal(fs.statSync(stored).mode & 0o777, 0o600);
    uploaded[kind] = { json: r.json, bytes };
  }
  assert.equal(uploaded.doc_cert.json.kind_label, '残疾证');
  assert.equal(Number(sql(`SELECT count(*) FROM case_attachment WHERE case_id = ${caseId}`)), 3);
  // The name is not what decides: a PNG named .pdf is a PNG (and its name says so).
  const png = await upload('town', caseId, 'other', tinyPng(), 'scan.pdf', 'application/pdf');
  assert.equal(png.status, 201, png.text);
  assert.equal(png.json.content_type, 'image/png');
  assert.equal(png.json.name, 'scan.pdf.png');
  assert.equal(png.json.kind_label, '其他');
});

test('refused: a text file named .pdf, a file over 5 MiB, a body over 8 MiB, an unknown kind, nothing', async () => {
  const before = sql(`SELECT count(*) FROM case_attachment`);
  const text = await upload('town', caseId, 'doc_cert', Buffer.from('这不是PDF，只是改了扩展名的文本文件\n'), '残疾证.pdf',
    'application/pdf');
  assert.equal(text.status, 400, text.text);
  assert.match(text.json.error.fields.file, /只能上传 PDF、JPEG 或 PNG/);
  const six = Buffer.alloc(6 << 20, 0x20);
  minimalPdf().copy(six);
  const big = await upload('town', caseId, 'doc_cert', six, 'big.pdf', 'application/pdf');
  assert.equal(big.status, 400, big.text);
  assert.match(big.json.error.fields.file, /不能超过 5 MB/);
  const huge = await upload('town', caseId, 'doc_cert', Buffer.alloc(9 << 20, 0x20), 'huge.pdf', 'application/pdf');
  assert.equal(huge.status, 413);
  const kind = await upload('town', caseId, 'apply_date', minimalPdf(), 'x.pdf');
  assert.equal(kind.status, 400, kind.text);
  assert.ok(kind.json.error.fields.kind);
  const none = await upload('town', caseId, 'doc_cert', Buffer.alloc(0), '');
  assert.equal(none.status, 400, none.text);
  assert.ok(none.json.error.fields.file);
  const json = await api('POST', `/api/v1/cases/${caseId}/files`, 'town', { kind: 'doc_cert' });
  assert.equal(json.status, 400, json.text);
  assert.equal(sql(`SELECT count(*) FROM case_attachment`), before);
  // Nothing half-written is left next to the stored files.
  for (const f of fs.readdirSync(`${db}.files`)) assert.match(f, /^[0-9a-f]{64}$/);
});

test('the list and the downloads: the same bytes, the right type, an attachment name', async () => {
  const list = await api('GET', `/api/v1/cases/${caseId}/files`, 'town');
  assert.equal(list.status, 200, list.text);
  assert.deepEqual(list.json.items.map((a) => a.kind), ['doc_cert', 'doc_bank', 'doc_id', 'other']);
  for (const kind of ['doc_cert', 'doc_bank', 'doc_id']) {
    const { json, bytes } = uploaded[kind];
    const r = await api('GET', `/api/v1/cases/${caseId}/files/${json.id}`, 'town');
    assert.equal(r.status, 200);
    assert.deepEqual(r.buf, bytes);
    assert.equal(r.headers.get('content-type'), json.content_type);
    assert.match(r.headers.get('content-disposition'),
      new RegExp(`^attachment; filename="download\\.\\w+"; filename\\*=UTF-8''${encodeURIComponent(json.name).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`));
    assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
  }
  // The web link serves the same file to a logged-in user.
  const web = await get(`/cases/${caseId}/files/${uploaded.doc_cert.json.id}`, cookie);
  assert.equal(web.status, 200);
  assert.deepEqual(Buffer.from(await web.arrayBuffer()), uploaded.doc_cert.bytes);
  // Not of this case, or no such document.
  const other = await api('GET', `/api/v1/cases/${caseId}/files/999999`, 'town');
  assert.equal(other.status, 404);
  assert.equal((await api('GET', `/api/v1/cases/${caseId}/files/01`, 'town')).status, 404);
  const logged = Number(sql(`SELECT count(*) FROM operation_log WHERE action = '查看材料' AND target = 'case:${caseId}'`));
  assert.equal(logged, 4);
  assert.equal(Number(sql(`SELECT count(*) FROM operation_log WHERE action = '上传材料' AND target = 'case:${caseId}'`)), 4);
  // The log does not keep the file names (they may carry a name or an ID number).
  assert.equal(sql(`SELECT count(*) FROM operation_log WHERE detail LIKE '%残疾证.pdf%'`), '0');
});

test('another township gets 404, a hospital (which sees the case) 403', async () => {
  const fid = uploaded.doc_cert.json.id;
  assert.equal((await api('GET', `/api/v1/cases/${caseId}/files`, 'town2')).status, 404);
  assert.equal((await api('GET', `/api/v1/cases/${caseId}/files/${fid}`, 'town2')).status, 404);
  assert.equal((await upload('town2', caseId, 'doc_cert', minimalPdf(), 'x.pdf')).status, 404);
  assert.equal((await api('GET', `/api/v1/cases/${caseId}`, 'doctor')).status, 200);
  assert.equal((await api('GET', `/api/v1/cases/${caseId}/files`, 'doctor')).status, 403);
  assert.equal((await api('GET', `/api/v1/cases/${caseId}/files/${fid}`, 'doctor')).status, 403);
  assert.equal((await upload('doctor', caseId, 'doc_cert', minimalPdf(), 'x.pdf')).status, 403);
});

test('the case page lists them and uploads through its form; the person page links them', async () => {
  const page = await (await get(`/cases/${caseId}`, cookie)).text();
  assert.match(page, /<h2>材料扫描件<\/h2>/);
  assert.match(page, /enctype="multipart\/form-data"/);
  assert.match(page, /accept="\.pdf,\.jpg,\.jpeg,\.png"/);
  for (const label of ['残疾证', '低保证', '身份证或户口簿', '银行卡', '其他']) assert.ok(page.includes(`>${label}</option>`), label);
  assert.ok(page.includes(`href="/cases/${caseId}/files/${uploaded.doc_bank.json.id}"`));
  // Upload through the form (CSRF in the multipart body).
  const form = new FormData();
  form.append('csrf', csrfOf(page));
  form.append('kind', 'doc_dibao');
  form.append('file', new Blob([minimalPdf()], { type: 'application/pdf' }), '低保证.pdf');
  const res = await fetch(`${srv.url}/cases/${caseId}/files`, { method: 'POST', redirect: 'manual', headers: { cookie }, body: form });
  assert.equal(res.status, 303);
  assert.equal(res.headers.get('location'), `/cases/${caseId}?done=file#files`);
  // Without the CSRF field: refused.
  const bad = new FormData();
  bad.append('kind', 'doc_dibao');
  bad.append('file', new Blob([minimalPdf()]), 'x.pdf');
  assert.equal((await fetch(`${srv.url}/cases/${caseId}/files`, { method: 'POST', redirect: 'manual', headers: { cookie }, body: bad })).status, 403);
  // A refused upload: the page again with the reason under the field.
  const wrong = new FormData();
  wrong.append('csrf', csrfOf(page));
  wrong.append('kind', 'doc_dibao');
  wrong.append('file', new Blob(['plain text']), 'x.pdf');
  const again = await fetch(`${srv.url}/cases/${caseId}/files`, { method: 'POST', redirect: 'manual', headers: { cookie }, body: wrong });
  assert.equal(again.status, 400);
  assert.match(await again.text(), /<p class="field-error" id="e-scan">只能上传 PDF、JPEG 或 PNG/);
  // The person's file lists the documents with the case.
  const file = await (await get(`/persons/${person.id}`, cookie)).text();
  assert.match(file, /<th scope="col">材料扫描件<\/th>/);
  assert.ok(file.includes(`href="/cases/${caseId}/files/${uploaded.doc_cert.json.id}"`));
  assert.ok(file.includes('残疾证：残疾证.pdf'));
  assert.ok(file.includes('低保证：低保证.pdf'));
});
