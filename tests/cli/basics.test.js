'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { huimin, sql, tmpdir } = require('./helpers');

test('help lists every command and each command has its own help', () => {
  const r = huimin(['help']);
  assert.equal(r.status, 0);
  for (const cmd of ['init', 'divisions', 'demo', 'import', 'export']) assert.match(r.stdout, new RegExp(`\\b${cmd}\\b`));
  for (const cmd of ['init', 'divisions', 'demo', 'import', 'export']) {
    const h = huimin([cmd, '--help']);
    assert.equal(h.status, 0, cmd);
    assert.match(h.stdout, /^用法: huimin /, cmd);
    assert.deepEqual(huimin(['help', cmd]).stdout, h.stdout);
  }
});

test('usage mistakes exit 2 with a message', () => {
  const dir = tmpdir();
  const cases = [
    [[], /用法/],
    [['frobnicate'], /没有“frobnicate”这个命令/],
    [['--bogus', 'init'], /不认识的选项/],
    [['--today', '2023-02-29', 'init'], /--today/],
    [['import', 'people', 'x.csv'], /import persons/],
    [['import', 'persons'], /需要一个文件名/],
    [['import', 'persons', 'a.csv', '--wat'], /不认识的选项/],
    [['demo', '--persons', '-5'], /--persons/],
    [['export', 'persons', '--format', 'pdf'], /csv 或 xlsx/],
  ];
  for (const [args, re] of cases) {
    const r = huimin(['--db', path.join(dir, 'x.db'), ...args]);
    assert.equal(r.status, 2, args.join(' '));
    assert.match(r.stderr, re, args.join(' '));
  }
});

test('init creates the schema and is idempotent; --db and HUIMIN_DB choose the file', () => {
  const dir = tmpdir();
  const db = path.join(dir, 'a.db');
  assert.equal(huimin(['--db', db, 'init']).status, 0);
  assert.deepEqual(sql(db, 'SELECT version FROM schema_migration ORDER BY version'), ['1', '2', '3']);
  const again = huimin(['--db', db, 'init']);
  assert.equal(again.status, 0);
  assert.deepEqual(sql(db, 'SELECT count(*) FROM schema_migration'), ['3']);
  assert.deepEqual(sql(db, 'PRAGMA journal_mode'), ['wal']);

  const viaEnv = path.join(dir, 'env.db');
  assert.equal(huimin(['init'], { env: { HUIMIN_DB: viaEnv } }).status, 0);
  assert.ok(fs.existsSync(viaEnv));
  assert.equal(huimin(['init'], { cwd: dir }).status, 0);
  assert.ok(fs.existsSync(path.join(dir, 'huimin.db')), 'default is ./huimin.db');
});

test('commands that need a database refuse a missing one instead of creating it', () => {
  const dir = tmpdir();
  const db = path.join(dir, 'missing.db');
  const r = huimin(['--db', db, 'export', 'persons']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /不存在/);
  assert.ok(!fs.existsSync(db));
});

test('a database newer than the program is refused', () => {
  const dir = tmpdir();
  const db = path.join(dir, 'new.db');
  assert.equal(huimin(['--db', db, 'init']).status, 0);
  sql(db, "INSERT INTO schema_migration VALUES (999, '999_future', 'x')");
  const r = huimin(['--db', db, 'init']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /比本程序/);
});

test('a command that writes is refused while another process (a server) holds the database; reading is not', async () => {
  const { spawn } = require('node:child_process');
  const dir = tmpdir();
  const db = path.join(dir, 'held.db');
  assert.equal(huimin(['--db', db, 'demo', '--persons', '5']).status, 0);
  // flock(1) holds the same kind of lock that huimin serve takes.
  const holder = spawn('flock', ['--no-fork', '--exclusive', db, 'sleep', '30'], { stdio: 'ignore' });
  try {
    await new Promise((resolve) => setTimeout(resolve, 300));
    const r = huimin(['--db', db, 'user', 'add', 'late', '--role', 'leader']);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /正由 huimin serve 使用/);
    const exported = huimin(['--db', db, 'export', 'persons']);
    assert.equal(exported.status, 0, exported.stderr);
  } finally {
    holder.kill('SIGKILL');
  }
  await new Promise((resolve) => holder.once('exit', resolve));
  assert.equal(huimin(['--db', db, 'user', 'add', 'late', '--role', 'leader']).status, 0);
});
