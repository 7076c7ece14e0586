// Shared helpers for the CLI tests: run the real binary on real files.
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');
const BIN = path.join(ROOT, 'build', 'huimin');
const DATA = path.join(ROOT, 'tests', 'data');

function tmpdir() {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'huimin-cli-'));
}

// Runs huimin with args; returns { status, stdout, stderr }.
function huimin(args, opts = {}) {
  const r = spawnSync(BIN, args, {
    encoding: 'utf8',
    env: { ...process.env, HUIMIN_DB: '', ...(opts.env || {}) },
    cwd: opts.cwd,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

// Runs a SQL query with Debian's sqlite3 and returns its output lines.
function sql(db, query) {
  const r = spawnSync('sqlite3', [db, query], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`sqlite3 failed: ${r.stderr}`);
  return r.stdout.trim().split('\n').filter((l) => l !== '');
}

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

// A valid GB 11643 number from area (6), birth (YYYYMMDD) and sequence (3 digits).
function idNumber(area, birth, seq) {
  const first17 = `${area}${birth}${String(seq).padStart(3, '0')}`;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return first17 + CHECK[sum % 11];
}

const HEADER = '姓名,性别,身份证号,残疾证号,残疾类别,残疾等级,户口性质,乡镇,村,联系电话,是否低保,开户银行,银行账号';

// Writes a CSV (lines joined by CRLF, as Excel does) and returns its path.
function writeCsv(dir, name, lines, encoding = 'utf8') {
  const file = path.join(dir, name);
  fs.writeFileSync(file, Buffer.from(lines.join('\r\n') + '\r\n', encoding));
  return file;
}

// A database holding the test county of tests/data/divisions.csv.
function countyDb(dir, name = 'test.db') {
  const db = path.join(dir, name);
  const r = huimin(['--db', db, 'divisions', 'import', path.join(DATA, 'divisions.csv')]);
  if (r.status !== 0) throw new Error(`divisions import failed: ${r.stdout}${r.stderr}`);
  return db;
}

// Converts a UTF-8 CSV to .xlsx with LibreOffice; textColumns (1-based) are typed as text.
function libreofficeXlsx(csvFile, outDir, textColumns) {
  const formats = textColumns.map((c) => `${c}/2`).join('/');
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'huimin-lo-'));
  const r = spawnSync('soffice', [
    `-env:UserInstallation=file://${profile}`, '--headless', '--norestore',
    `--infilter=CSV:44,34,76,1,${formats}`, '--convert-to', 'xlsx', '--outdir', outDir, csvFile,
  ], { encoding: 'utf8', timeout: 180000 });
  fs.rmSync(profile, { recursive: true, force: true });
  const out = path.join(outDir, path.basename(csvFile).replace(/\.csv$/, '.xlsx'));
  if (r.status !== 0 || !fs.existsSync(out)) throw new Error(`soffice failed: ${r.stdout}${r.stderr}`);
  return out;
}

module.exports = { BIN, DATA, HEADER, countyDb, huimin, idNumber, libreofficeXlsx, sql, tmpdir, writeCsv };
