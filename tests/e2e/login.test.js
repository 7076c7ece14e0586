// Logging in through the form: a wrong password, the forced first change, the home page and its menu.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const {
  PASSWORD, NEW_PASSWORD, setup, newPage, pathOf, submitLogin, changePassword, screenshot,
} = require('./helpers');

let env;
let page;

before(async () => {
  env = await setup({ persons: 50, users: [['victim', 'county_staff']] });
  page = await newPage(env);
});

after(async () => {
  if (env) await env.close();
});

test('a wrong password: the Chinese message on the login page, the name kept', async () => {
  await page.goto('/');
  assert.equal(pathOf(page), '/login', 'without a session every page leads to the login');
  await screenshot(page, 'login');
  // These tests run with the CSP intact (only the axe tests bypass it): an inline script does not run.
  const ran = await page.evaluate(() => {
    const s = document.createElement('script');
    s.textContent = 'window.inlineRan = true';
    document.head.append(s);
    return window.inlineRan === true;
  });
  assert.equal(ran, false, 'the CSP forbids inline script');
  assert.equal(await submitLogin(page, 'admin', 'Wrong#2024x'), '/login');
  await assert.doesNotReject(page.getByRole('alert').filter({ hasText: '账号或密码错误' }).waitFor());
  assert.equal(await page.getByLabel('账号', { exact: true }).inputValue(), 'admin');
  assert.equal(await page.getByLabel('密码', { exact: true }).inputValue(), '');
  assert.equal((await page.context().cookies()).find((c) => c.name === 'hm_session'), undefined);
});

test('the right password: the forced password change, then 首页 with the left menu', async () => {
  assert.equal(await submitLogin(page, 'admin', env.adminPassword), '/password');
  await page.getByText('须先修改密码才能继续使用').waitFor();
  // Every other page waits for the change.
  await page.goto('/persons');
  assert.equal(pathOf(page), '/password');
  await screenshot(page, 'password');

  // A weak password is refused under its field, and nothing is changed.
  await page.getByLabel('原密码', { exact: true }).fill(env.adminPassword);
  await page.getByLabel('新密码', { exact: true }).fill('weakpass');
  await page.getByLabel('确认新密码', { exact: true }).fill('weakpass');
  await page.getByRole('button', { name: '保存' }).click();
  await page.locator('#new_password-error').waitFor();
  assert.match(await page.locator('#new_password-error').textContent(), /至少3类/);
  assert.equal(pathOf(page), '/password');

  await changePassword(page, env.adminPassword, NEW_PASSWORD);
  assert.equal(pathOf(page), '/');
  await page.getByRole('heading', { level: 1, name: '首页' }).waitFor();
  const menu = page.getByRole('navigation', { name: '主菜单' });
  assert.deepEqual((await menu.getByRole('link').allTextContents()).map((s) => s.trim()),
    ['首页', '残疾人档案', '民生工程', '基本情况调查', '就业与康复', '就业保障金', '目标管理', '统计报表', '系统管理']);
  assert.equal(await menu.getByRole('link', { name: '首页' }).getAttribute('aria-current'), 'page');
  assert.match(await page.locator('header.topbar').textContent(), /admin[\s\S]*县残联管理员/);
  await screenshot(page, 'home');

  // The new password is the one that counts now.
  const fresh = await newPage(env);
  try {
    assert.equal(await submitLogin(fresh, 'admin', env.adminPassword), '/login');
    assert.equal(await submitLogin(fresh, 'admin', NEW_PASSWORD), '/');
  } finally {
    await fresh.context().close();
  }
});

test('five wrong passwords lock the account; then even the right one is refused', async () => {
  const locked = /连续输错次数过多，账号已锁定，请于\d\d:\d\d后再试/;
  const page = await newPage(env); // no session: the admin's stays in the other one
  const alert = page.getByRole('alert');
  for (let i = 1; i <= 5; i++) {
    assert.equal(await submitLogin(page, 'victim', `Wrong#${i}abcd`), '/login');
    const text = await alert.textContent();
    if (i < 5) assert.equal(text, '账号或密码错误', `attempt ${i}`);
    else assert.match(text, locked, 'the fifth wrong one locks');
  }
  assert.equal(await submitLogin(page, 'victim', PASSWORD), '/login');
  assert.match(await alert.textContent(), locked);
  assert.equal((await page.context().cookies()).find((c) => c.name === 'hm_session'), undefined);
  assert.equal(env.sql("SELECT outcome FROM login_log WHERE user_name = 'victim' ORDER BY id DESC LIMIT 1"), '锁定');
  // Another account is not locked with it.
  assert.equal(await submitLogin(page, 'admin', NEW_PASSWORD), '/');
});
