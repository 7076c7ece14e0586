// Shared helpers for the browser tests: the real server (through the API
// tests' helpers) on a demo database on loopback, Debian's chromium driven
// by playwright-core, logging in through the forms, axe-core, screenshots.
//
// Each test file calls setup() in before() and the returned close() in
// after(): its own temporary database, server and browser, all ended even
// when a test fails (and, as a last resort, when the process exits).
'use strict';
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { chromium } = require('playwright-core');
const api = require('../api/helpers');

const { PASSWORD, NEW_PASSWORD, huiminAt, sqlReadonly } = api;

// Debian's chromium; playwright-core never downloads a browser of its own.
const CHROMIUM = process.env.HUIMIN_CHROMIUM || '/usr/bin/chromium';
const LAUNCH_ARGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage',
  '--disable-background-networking'];
const SCREENSHOTS = path.join(__dirname, 'screenshots');
const AXE = require.resolve('axe-core/axe.min.js');

// The demo county's first township and another one (codes of `huimin demo`).
const TOWNSHIP = '341699001000';
const OTHER_TOWNSHIP = '341699002000';

// What is left running by this process, ended on exit whatever happened.
const live = new Set();
const dirs = new Set();
process.on('exit', () => {
  for (const proc of live) if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

/*
 * A demo county (persons, seed) in a new temporary folder, the accounts of
 * users ([name, role, division?], first password PASSWORD, to be changed at
 * the first login) added by the command line, the project definitions of
 * programs (files, loaded by `huimin program load`), the server on a free loopback
 * port (its day pinned by `--today today` when today, YYYY-MM-DD, is given)
 * and a headless chromium; prepare(env), if given, runs just before the
 * server starts (the last chance for CLI writes such as `user token`). Resolves to
 *   { dir, db, srv, url, browser, adminPassword, huimin(args, input), sql(query), close() }
 * On failure half-way, what was started is ended before it rejects.
 */
async function setup({ persons = 300, seed = 1, users = [], programs = [], today, prepare } = {}) {
  const env = { dir: fs.mkdtempSync(path.join(os.tmpdir(), 'huimin-e2e-')) };
  dirs.add(env.dir);
  env.db = path.join(env.dir, 'demo.db');
  env.huimin = (args, input) => huiminAt(env.db, args, input);
  env.sql = (query) => sqlReadonly(env.db, query);
  env.close = async () => {
    const errors = [];
    if (env.browser) await env.browser.close().catch((e) => errors.push(e));
    if (env.srv) {
      const r = await env.srv.stop().catch((e) => ({ error: e }));
      live.delete(env.srv.proc);
      if (r.error) errors.push(r.error);
      else if (r.code !== 0) errors.push(new Error(`server exit ${r.code} ${r.signal}: ${env.srv.stderr()}`));
    }
    fs.rmSync(env.dir, { recursive: true, force: true });
    dirs.delete(env.dir);
    if (errors.length) throw errors[0];
  };
  try {
    const demo = env.huimin(['demo', '--persons', String(persons), '--seed', String(seed)]);
    assert.equal(demo.status, 0, demo.stdout + demo.stderr);
    env.adminPassword = demo.stdout.match(/管理员账号：admin  初始密码：(\S+)/)[1];
    for (const [name, role, division] of users) addUser(env, name, role, division);
    for (const file of programs) {
      const r = env.huimin(['program', 'load', file]);
      assert.equal(r.status, 0, r.stdout + r.stderr);
    }
    if (prepare) await prepare(env);
    env.srv = await api.startServer(env.db, [], today ? ['--today', today] : []);
    live.add(env.srv.proc);
    env.url = env.srv.url;
    env.browser = await chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS });
    return env;
  } catch (e) {
    await env.close().catch(() => {});
    throw e;
  }
}

// A new account by the command line (the server refuses CLI writes while it runs: call before).
function addUser(env, name, role, division) {
  const args = ['user', 'add', name, '--role', role, '--password-stdin'];
  if (division) args.push('--division', division);
  const r = env.huimin(args, `${PASSWORD}\n`);
  assert.equal(r.status, 0, r.stdout + r.stderr);
}

// A fresh browser context (own cookies) on the server and a page in it.
// Options go to browser.newContext(); { bypassCSP: true } only for axe.
async function newPage(env, options = {}) {
  const context = await env.browser.newContext({ baseURL: env.url, locale: 'zh-CN', ...options });
  const page = await context.newPage();
  page.setDefaultTimeout(10000);
  return page;
}

// The path of the page's address ("/persons?township=..." without the origin).
function pathOf(page) {
  const u = new URL(page.url());
  return u.pathname + u.search;
}

// Fills the login form and sends it; resolves to the page's path after the answer.
async function submitLogin(page, name, password) {
  await page.goto('/login');
  await page.getByLabel('账号', { exact: true }).fill(name);
  await page.getByLabel('密码', { exact: true }).fill(password);
  await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/login'),
    page.getByRole('button', { name: '登录' }).click(),
  ]);
  await page.waitForLoadState();
  return pathOf(page);
}

// The forced first change on /password: the old password, the new one twice, 保存.
async function changePassword(page, oldPassword, newPassword) {
  assert.equal(new URL(page.url()).pathname, '/password');
  await page.getByLabel('原密码', { exact: true }).fill(oldPassword);
  await page.getByLabel('新密码', { exact: true }).fill(newPassword);
  await page.getByLabel('确认新密码', { exact: true }).fill(newPassword);
  await Promise.all([page.waitForURL((u) => u.pathname === '/'), page.getByRole('button', { name: '保存' }).click()]);
}

// Logs name in through the form with its first password and goes through the
// forced change to NEW_PASSWORD; ends on the home page. onPassword(page), if
// given, runs on the password page before it is sent.
async function loginWithChange(page, name, { password = PASSWORD, newPassword = NEW_PASSWORD, onPassword } = {}) {
  const where = await submitLogin(page, name, password);
  assert.equal(where, '/password', `first login of ${name} leads to the password change`);
  if (onPassword) await onPassword(page);
  await changePassword(page, password, newPassword);
}

// A full-page PNG of the page in tests/e2e/screenshots/NAME.png.
async function screenshot(page, name) {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

// Runs axe-core on the page (its context made with bypassCSP: the script is
// injected inline) and asserts that nothing serious or critical is found.
async function checkA11y(page, what) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.addScriptTag({ path: AXE });
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const report = bad.map((v) => `${v.impact} ${v.id}: ${v.help}\n` +
    v.nodes.slice(0, 5).map((n) => `    ${n.target.join(' ')}: ${n.failureSummary.replace(/\s+/g, ' ')}`).join('\n'));
  assert.deepEqual(report, [], `axe on ${what} (${page.url()}):\n${report.join('\n')}`);
  return result;
}

// The texts of the cells of the list's body rows, by column header ("姓名" ...).
async function tableRows(page) {
  return page.evaluate(() => {
    const heads = [...document.querySelectorAll('table.list thead th')].map((th) =>
      th.textContent.replace(/[▲▼]/g, '').trim());
    return [...document.querySelectorAll('table.list tbody tr')]
      .filter((tr) => !tr.querySelector('td.empty'))
      .map((tr) => Object.fromEntries([...tr.cells].map((td, i) => [heads[i], td.textContent.trim()])));
  });
}

// The list's "共 N 条".
async function totalOf(page) {
  const text = await page.locator('.pager .total').textContent();
  return Number(text.match(/共 (\d+) 条/)[1]);
}

module.exports = {
  PASSWORD, NEW_PASSWORD, TOWNSHIP, OTHER_TOWNSHIP, CHROMIUM, LAUNCH_ARGS, SCREENSHOTS,
  setup, addUser, newPage, pathOf, submitLogin, changePassword, loginWithChange, screenshot, checkA11y,
  tableRows, totalOf,
};
