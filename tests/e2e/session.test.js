// Logging out through 退出 kills the session on the server; forms refuse a POST without the CSRF field.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { setup, newPage, pathOf, loginWithChange } = require('./helpers');

let env;

before(async () => {
  env = await setup({ persons: 100, users: [['chief', 'county_admin'], ['clerk', 'county_staff']] });
});

after(async () => {
  if (env) await env.close();
});

const sessionCookie = async (page) => (await page.context().cookies()).find((c) => c.name === 'hm_session');

test('退出: back to a logged-in page leads to the login page, the old cookie is dead', async () => {
  const page = await newPage(env);
  try {
    await loginWithChange(page, 'clerk');
    await page.getByRole('navigation', { name: '主菜单' }).getByRole('link', { name: '残疾人档案' }).click();
    await page.waitForURL((u) => u.pathname === '/persons');
    const old = await sessionCookie(page);
    assert.ok(old && /^[0-9a-f]{64}$/.test(old.value), 'a session cookie');
    assert.ok(old.httpOnly, 'HttpOnly');
    assert.equal(old.sameSite, 'Strict');

    await Promise.all([page.waitForURL((u) => u.pathname === '/login'),
      page.getByRole('button', { name: '退出' }).click()]);
    await page.getByRole('heading', { name: '用户登录' }).waitFor();
    assert.equal(await sessionCookie(page), undefined, 'the browser forgot the cookie');

    // The browser's back button: the list is asked for again (no-store) and answers with the login.
    await page.goBack();
    await page.waitForURL((u) => u.pathname === '/login');
    await page.getByRole('heading', { name: '用户登录' }).waitFor();
    await page.goto('/persons');
    assert.equal(pathOf(page), '/login');

    // The session is dead on the server: the old cookie, sent again by hand, opens nothing.
    for (const p of ['/', '/persons']) {
      const res = await fetch(`${env.url}${p}`, { redirect: 'manual', headers: { cookie: `hm_session=${old.value}` } });
      assert.equal(res.status, 303, p);
      assert.equal(res.headers.get('location'), '/login');
      await res.text();
    }
    assert.equal(env.sql("SELECT count(*) FROM session s JOIN app_user u ON u.id = s.user_id " +
      "WHERE u.name = 'clerk' AND s.ended_at IS NULL"), '0');
    assert.equal(env.sql("SELECT end_reason FROM session s JOIN app_user u ON u.id = s.user_id " +
      "WHERE u.name = 'clerk'"), '退出');
  } finally {
    await page.context().close();
  }
});

test('a POST without the CSRF field from the logged-in browser is refused with 403 and changes nothing', async () => {
  const page = await newPage(env);
  try {
    await loginWithChange(page, 'chief');
    const id = Number(env.sql('SELECT min(id) FROM person'));
    const full = env.sql(`SELECT id_number FROM person WHERE id = ${id}`);
    await page.goto(`/persons/${id}`);
    await page.getByRole('button', { name: /显示完整信息/ }).waitFor();
    const logged = () => env.sql('SELECT count(*) FROM operation_log');
    const before = logged();

    // The context's own request API (its cookies): the reveal and 退出 without csrf, and with a wrong one.
    for (const form of [{}, { csrf: '0'.repeat(64) }]) {
      const reveal = await page.request.post(`/persons/${id}`, { form, maxRedirects: 0 });
      assert.equal(reveal.status(), 403, JSON.stringify(form));
      const text = await reveal.text();
      assert.match(text, /请求已失效，请刷新页面后重试/);
      assert.ok(!text.includes(full));
      const out = await page.request.post('/logout', { form, maxRedirects: 0 });
      assert.equal(out.status(), 403, JSON.stringify(form));
    }
    // A script in the page itself (same origin, the SameSite=Strict cookie goes along).
    const inPage = await page.evaluate(async (path) => {
      const res = await fetch(path, { method: 'POST', redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'x=1' });
      return { status: res.status, text: await res.text() };
    }, `/persons/${id}`);
    assert.equal(inPage.status, 403);
    assert.ok(!inPage.text.includes(full));

    // Nothing was shown, logged or ended: the session still works and the ID is still masked.
    assert.equal(logged(), before);
    await page.reload();
    assert.equal(pathOf(page), `/persons/${id}`);
    assert.equal(await page.locator('dl.facts dt:text-is("身份证号") + dd').textContent(),
      `${full.slice(0, 6)}********${full.slice(-4)}`);
    assert.equal(env.sql("SELECT count(*) FROM session s JOIN app_user u ON u.id = s.user_id " +
      "WHERE u.name = 'chief' AND s.ended_at IS NULL"), '1');

    // The same requests with the page's field do work: the session cookie went along all the time.
    const csrf = await page.locator('input[name="csrf"]').first().inputValue();
    const shown = await page.request.post(`/persons/${id}`, { form: { csrf }, maxRedirects: 0 });
    assert.equal(shown.status(), 200);
    assert.ok((await shown.text()).includes(full));
    assert.equal(Number(logged()), Number(before) + 1);
    await page.getByRole('button', { name: /显示完整信息/ }).click();
    await page.getByText('完整信息的这次查看已记入操作日志').waitFor();
    assert.equal(Number(logged()), Number(before) + 2);
  } finally {
    await page.context().close();
  }
});
