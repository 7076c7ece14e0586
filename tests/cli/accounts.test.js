'use strict';
// Accounts and the audit trail from the command line: the first admin,
// huimin user add / token, huimin audit verify.
const test = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const path = require('node:path');
const { BIN, countyDb, huimin, sql, tmpdir } = require('./helpers');

function withStdin(args, input) {
  const r = spawnSync(BIN, args, { input, encoding: 'utf8', env: { ...process.env, HUIMIN_DB: '' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('init makes the first admin with a random password shown once; never a fixed default', () => {
  const dir = tmpdir();
  const a = path.join(dir, 'a.db');
  const first = huimin(['--db', a, 'init']);
  assert.equal(first.status, 0, first.stderr);
  const m = first.stdout.match(/管理员账号：admin  初始密码：(\S+)/);
  assert.ok(m, first.stdout);
  assert.equal(m[1].length, 16);
  const again = huimin(['--db', a, 'init']);
  assert.equal(again.status, 0);
  assert.doesNotMatch(again.stdout, /初始密码/, 'shown once');
  const [hash, mustChange] = sql(a, "SELECT password_hash, must_change FROM app_user WHERE name = 'admin'")[0].split('|');
  assert.match(hash, /^\$argon2id\$/);
  assert.ok(!hash.includes(m[1]));
  assert.equal(mustChange, '1');

  const b = path.join(dir, 'b.db');
  const other = huimin(['--db', b, 'init']).stdout.match(/初始密码：(\S+)/)[1];
  assert.notEqual(other, m[1], 'each database gets its own password');

  const demo = huimin(['--db', path.join(dir, 'demo.db'), 'demo', '--persons', '10']);
  assert.equal(demo.status, 0);
  assert.match(demo.stdout, /管理员账号：admin  初始密码：\S{16}/);
});

test('user add: roles, divisions, password policy, names taken', () => {
  const dir = tmpdir();
  const db = countyDb(dir);
  const ok = huimin(['--db', db, 'user', 'add', 'hekou', '--role', 'township', '--division', '341698101000']);
  assert.equal(ok.status, 0, ok.stderr);
  assert.match(ok.stdout, /已新增账号 hekou（乡镇操作员，341698101000）/);
  assert.match(ok.stdout, /初始密码（只显示这一次，首次登录后须修改）：\S{16}/);
  assert.deepEqual(sql(db, "SELECT role, division_code FROM app_user WHERE name = 'hekou'"), ['township|341698101000']);

  const given = withStdin(['--db', db, 'user', 'add', 'staff1', '--role', 'county_staff', '--password-stdin'], 'Abcdef12\n');
  assert.equal(given.status, 0, given.stderr);
  assert.doesNotMatch(given.stdout, /初始密码/);

  const refused = [
    [['hekou', '--role', 'leader'], /已被使用/],
    [['cun', '--role', 'village', '--division', '341698101000'], /村/],
    [['town2', '--role', 'township'], /乡镇/],
    [['boss', '--role', 'county_staff', '--division', '341698101000'], /面向全县，不应指定区划/],
    [['bad name', '--role', 'leader'], /账号名/],
  ];
  for (const [args, re] of refused) {
    const r = huimin(['--db', db, 'user', 'add', ...args]);
    assert.equal(r.status, 1, args.join(' '));
    assert.match(r.stderr, re, args.join(' '));
  }
  const weak = withStdin(['--db', db, 'user', 'add', 'weak', '--role', 'leader', '--password-stdin'], 'abcdefgh\n');
  assert.equal(weak.status, 1);
  assert.match(weak.stderr, /至少3类/);
  const usage = huimin(['--db', db, 'user', 'add', 'x', '--role', 'king']);
  assert.equal(usage.status, 2);
  assert.match(usage.stderr, /没有“king”这个角色/);
  assert.deepEqual(sql(db, "SELECT count(*) FROM app_user WHERE name IN ('cun','town2','boss','weak','x')"), ['0']);
});

test('user token prints a new token as its last line; only its hash is stored', () => {
  const dir = tmpdir();
  const db = countyDb(dir);
  assert.equal(huimin(['--db', db, 'user', 'add', 'api', '--role', 'county_staff']).status, 0);
  const r = huimin(['--db', db, 'user', 'token', 'api']);
  assert.equal(r.status, 0, r.stderr);
  const token = r.stdout.trim().split('\n').pop();
  assert.match(token, /^[0-9a-f]{64}$/);
  const stored = sql(db, 'SELECT token_hash FROM api_token');
  assert.equal(stored.length, 1);
  assert.notEqual(stored[0], token);
  const second = huimin(['--db', db, 'user', 'token', 'api']).stdout.trim().split('\n').pop();
  assert.notEqual(second, token);
  assert.equal(huimin(['--db', db, 'user', 'token', 'nobody']).status, 1);
});

test('the operation log records what the CLI did, and audit verify finds tampering', () => {
  const dir = tmpdir();
  const db = countyDb(dir);
  assert.equal(huimin(['--db', db, 'user', 'add', 'a1', '--role', 'leader']).status, 0);
  assert.equal(huimin(['--db', db, 'user', 'add', 'a2', '--role', 'leader']).status, 0);
  const log = sql(db, 'SELECT user_name, module, action, target, outcome FROM operation_log ORDER BY id');
  assert.deepEqual(log.slice(-2), ['(命令行)|系统管理|新增|user:a1|成功', '(命令行)|系统管理|新增|user:a2|成功']);
  const ok = huimin(['--db', db, 'audit', 'verify']);
  assert.equal(ok.status, 0, ok.stdout + ok.stderr);
  assert.match(ok.stdout, /审计日志完整/);

  // The database refuses to change a log entry ...
  const refused = spawnSync('sqlite3', [db, "UPDATE operation_log SET action = '删除' WHERE id = 2"], { encoding: 'utf8' });
  assert.notEqual(refused.status, 0);
  assert.match(refused.stderr, /append-only/);
  // ... and someone who drops the guard and edits the file is found out.
  sql(db, "DROP TRIGGER operation_log_no_update; UPDATE operation_log SET action = '删除' WHERE id = 2");
  const broken = huimin(['--db', db, 'audit', 'verify']);
  assert.equal(broken.status, 1);
  assert.match(broken.stdout, /operation_log\) 第 2 条/);
});

test('user reset gives a new random password once and requires a change at the next login', () => {
  const dir = tmpdir();
  const db = path.join(dir, 'r.db');
  const init = huimin(['--db', db, 'init']);
  const first = init.stdout.match(/初始密码：(\S+)/)[1];
  const hashBefore = sql(db, "SELECT password_hash FROM app_user WHERE name = 'admin'")[0];
  const r = huimin(['--db', db, 'user', 'reset', 'admin']);
  assert.equal(r.status, 0, r.stderr);
  const m = r.stdout.match(/账号 admin 的新密码（只显示这一次，下次登录后须修改）：(\S{16})/);
  assert.ok(m, r.stdout);
  assert.notEqual(m[1], first);
  assert.notEqual(sql(db, "SELECT password_hash FROM app_user WHERE name = 'admin'")[0], hashBefore);
  assert.deepEqual(sql(db, "SELECT must_change FROM app_user WHERE name = 'admin'"), ['1']);
  assert.equal(sql(db, 'SELECT action || outcome FROM operation_log ORDER BY id DESC LIMIT 1')[0], '重置密码成功');
  assert.equal(huimin(['--db', db, 'user', 'reset', 'nobody']).status, 1);
});
