// Accessibility (GB/T 37668, following WCAG 2.x): axe-core on the main pages finds nothing serious or critical.
// axe is injected as an inline script, so this file's browser context bypasses the CSP (the others keep it).
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const {
  TOWNSHIP, setup, newPage, loginWithChange, checkA11y, screenshot,
} = require('./helpers');

let env;
let page;

before(async () => {
  env = await setup({ persons: 200, users: [['chief', 'county_admin']] });
  page = await newPage(env, { bypassCSP: true });
});

after(async () => {
  if (env) await env.close();
});

test('the login page, with and without an error message', async () => {
  await page.goto('/login');
  await checkA11y(page, 'the login page');
  await page.getByLabel('账号', { exact: true }).fill('chief');
  await page.getByLabel('密码', { exact: true }).fill('Wrong#2024x');
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByRole('alert').waitFor();
  await checkA11y(page, 'the login page with an error');
});

test('the password page, the home page, the persons list, a person, the online users', async () => {
  await loginWithChange(page, 'chief', { onPassword: (p) => checkA11y(p, 'the password page') });
  await checkA11y(page, 'the home page');

  await page.goto(`/persons?township=${TOWNSHIP}&sort=birth_date&order=desc`);
  await checkA11y(page, 'the persons list');
  await page.goto('/persons?q=%E6%97%A0%E6%AD%A4%E4%BA%BA');
  await page.getByText('暂无符合条件的数据').waitFor();
  await checkA11y(page, 'the persons list without rows');

  const id = env.sql('SELECT min(id) FROM person');
  await page.goto(`/persons/${id}`);
  await checkA11y(page, 'a person');
  await page.getByRole('button', { name: /显示完整信息/ }).click();
  await page.getByText('完整信息的这次查看已记入操作日志').waitFor();
  await checkA11y(page, 'a person in full');

  await page.getByRole('navigation', { name: '主菜单' }).getByRole('link', { name: '系统管理' }).click();
  await page.getByRole('heading', { level: 1, name: '用户管理' }).waitFor();
  await checkA11y(page, 'the users');
  await screenshot(page, 'admin-users');
  for (const [tab, what] of [['操作日志', 'admin-oplog'], ['登录日志', 'admin-loginlog'], ['数据字典', 'admin-dicts'],
    ['账户策略', 'admin-policy'], ['公示设置', 'admin-notice']]) {
    await page.getByRole('link', { name: tab, exact: true }).first().click();
    await page.getByRole('heading', { level: 1, name: tab }).waitFor();
    await checkA11y(page, tab);
    await screenshot(page, what);
  }
  await page.getByRole('link', { name: '在线用户', exact: true }).first().click();
  await page.getByRole('heading', { level: 1, name: '在线用户' }).waitFor();
  assert.equal(await page.locator('table.list tbody tr').count(), 1);
  await checkA11y(page, 'the online users');
  await screenshot(page, 'admin-online');
});

test('the check is not blind: a picture without a text alternative is caught', async () => {
  await page.goto('/');
  await page.evaluate(() => {
    const img = document.createElement('img');
    img.src = 'data:image/gif;base64,R0lGODlhAQABAAAAACw=';
    document.querySelector('main').append(img);
  });
  await assert.rejects(checkA11y(page, 'a broken page'), /critical image-alt/);
});
