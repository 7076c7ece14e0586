// The pages of 目标管理 over HTTP (the forms as a browser sends them), on a county whose day is pinned:
// who may see and post (hospital 403, leader and village read only, CSRF), a split by hand refused with
// the sums in yuan and the typed values kept, then saved in fen; a township's own progress and a
// correction, another township's refused; statuses 超额完成 and 逾期 on the board; the board's filters
// refused under their fields; a change of value clearing the parts; supervision sent back and closed,
// out of reach of another township; the year copied. Everything done is in the operation log.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const {
  PASSWORD, tmpdir, demoDb, startServer, huiminAt, sqlReadonly, client, csrfOf, loginWithChange,
} = require('./helpers');

const TODAY = '2024-09-30';
const TOWNSHIP = '341699001000';
const OTHER = '341699002000';

let dir;
let db;
let srv;
let get;
let post;
const cookies = {};
const csrfs = {};

const sql = (query) => sqlReadonly(db, query);

// The text of a page without tags (entities decoded as far as these tests need).
const text = (html) => html.replace(/<svg[\s\S]*?<\/svg>/g, '').replace(/<[^>]+>/g, '')
  .replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>');

async function page(path, who) {
  const res = await get(path, cookies[who]);
  return { status: res.status, html: await res.text(), location: res.headers.get('location') };
}

async function send(path, who, fields) {
  const res = await post(path, { csrf: csrfs[who], ...fields }, cookies[who]);
  return { status: res.status, html: await res.text(), location: res.headers.get('location') };
}

// A new target by the county admin through the form: its id.
async function newTarget(fields) {
  const r = await send('/targets/new', 'chief', {
    year: '2024', line: 'other', unit: '名', split: '', start: '2024-01-01', deadline: '2024-12-31', owner: '',
    source: 'manual', note: '', ...fields,
  });
  assert.equal(r.status, 303, text(r.html));
  return Number(r.location.match(/^\/targets\/(\d+)\?done=saved$/)[1]);
}

before(async () => {
  dir = tmpdir();
  db = demoDb(dir, 200);
  for (const [name, role, division] of [['chief', 'county_admin'], ['lead', 'leader'], ['clerk', 'township', TOWNSHIP],
    ['other', 'township', OTHER], ['vill', 'village', '341699001001'], ['doc', 'hospital']]) {
    const args = ['user', 'add', name, '--role', role, '--password-stdin'];
    if (division) args.push('--division', division);
    const r = huiminAt(db, args, `${PASSWORD}\n`);
    assert.equal(r.status, 0, r.stderr);
  }
  srv = await startServer(db, [], ['--today', TODAY]);
  ({ get, post } = client(srv));
  for (const name of ['chief', 'lead', 'clerk', 'other', 'vill', 'doc']) {
    cookies[name] = await loginWithChange(srv, name);
    csrfs[name] = csrfOf(await (await get('/', cookies[name])).text());
  }
});

after(async () => {
  if (srv) await srv.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

test('who may see and post: hospital 403, leader and village read only, no CSRF no post', async () => {
  const id = await newTarget({ name: '康复服务', value: '50', line: 'rehab' });
  for (const path of ['/targets', `/targets/${id}`, '/supervision', '/targets/new']) {
    assert.equal((await page(path, 'doc')).status, 403, `hospital ${path}`);
  }
  assert.equal((await send(`/targets/${id}/entries`, 'doc', { part: '', date: TODAY, value: '1', note: 'x' })).status, 403);
  for (const who of ['lead', 'vill']) {
    const board = await page('/targets', who);
    assert.equal(board.status, 200);
    assert.doesNotMatch(board.html, /新增目标/);
    const one = await page(`/targets/${id}`, who);
    assert.equal(one.status, 200);
    assert.equal((one.html.match(/method="post"/g) || []).length, 1, `${who}: only the logout form`);
    assert.equal((await send(`/targets/${id}/entries`, who, { part: '', date: TODAY, value: '1', note: 'x' })).status, 403);
    assert.equal((await page('/targets/new', who)).status, 403);
  }
  // The township sees the target and may enter its own progress, but not define targets.
  assert.equal((await page('/targets/new', 'clerk')).status, 403);
  assert.equal((await send('/targets/new', 'clerk', { year: '2024', name: 'x' })).status, 403);
  const res = await post(`/targets/${id}/entries`, { part: '', date: TODAY, value: '1', note: 'x' }, cookies.chief);
  assert.equal(res.status, 403, 'no CSRF token');
  assert.equal(sql(`SELECT count(*) FROM target_entry WHERE target_id = ${id}`), '0');
  assert.equal((await page('/targets/99999', 'chief')).status, 404);
  assert.equal((await page('/targets/abc', 'chief')).status, 404);
});

test('a money target split by hand: the sums in yuan, typed values kept, then saved in fen', async () => {
  const id = await newTarget({ name: '培训补贴', unit: '元', value: '1000.00', split: 'township', line: 'employment' });
  assert.equal(sql(`SELECT value FROM target WHERE id = ${id}`), '100000');
  let r = await send(`/targets/${id}/parts`, 'chief', { [`p_${TOWNSHIP}`]: '600', [`p_${OTHER}`]: '300.5' });
  assert.equal(r.status, 200);
  assert.match(text(r.html), /各项合计900\.50元，与目标值1,000\.00元不等（相差99\.50元），分解未保存/);
  assert.match(r.html, new RegExp(`name="p_${OTHER}" value="300.5"`));
  r = await send(`/targets/${id}/parts`, 'chief', { [`p_${TOWNSHIP}`]: '六百', [`p_${OTHER}`]: '400' });
  assert.match(r.html, new RegExp(`id="p-${TOWNSHIP}"[^>]*aria-invalid="true"`));
  assert.match(r.html, new RegExp(`<p class="field-error" id="e-p-${TOWNSHIP}">[^<]+</p>`));
  assert.equal(sql(`SELECT count(*) FROM target_part WHERE target_id = ${id}`), '0');
  r = await send(`/targets/${id}/parts`, 'chief', { [`p_${TOWNSHIP}`]: '599.50', [`p_${OTHER}`]: '400.50' });
  assert.equal(r.status, 303);
  assert.equal(r.location, `/targets/${id}?done=parts#parts`);
  assert.equal(sql(`SELECT group_concat(part || ':' || value, ',') FROM target_part WHERE target_id = ${id}`),
    `${TOWNSHIP}:59950,${OTHER}:40050`);
  const one = text((await page(`/targets/${id}`, 'clerk')).html);
  assert.match(one, /本乡镇分解目标599\.50元/, 'the township sees its own share');
  assert.doesNotMatch(one, /400\.50元/, 'and not the other township\'s');

  // A new value: the parts no longer add up and are cleared; the change is logged.
  r = await send(`/targets/${id}`, 'chief', { year: '2024', line: 'employment', name: '培训补贴', unit: '元', value: '1200',
    split: 'township', start: '2024-01-01', deadline: '2024-12-31', owner: '', source: 'manual', note: '' });
  assert.equal(r.status, 303);
  assert.equal(sql(`SELECT value || '|' || (SELECT count(*) FROM target_part WHERE target_id = ${id}) FROM target WHERE id = ${id}`),
    '120000|0');
  // A split urban/rural needs a live source: refused under 分解方式, the typed name kept.
  r = await send(`/targets/${id}`, 'chief', { year: '2024', line: 'employment', name: '培训补贴（改）', unit: '元', value: '1200',
    split: 'hukou', start: '2024-01-01', deadline: '2024-12-31', owner: '', source: 'manual', note: '' });
  assert.equal(r.status, 200);
  assert.match(r.html, /id="e-t-split">这个数据来源不能按城镇、农村分解/);
  assert.match(r.html, /name="name"[^>]*value="培训补贴（改）"/);
});

test('progress by hand: the township its own (with a correction), not another; statuses on the board', async () => {
  const id = await newTarget({ name: '盲人按摩培训', value: '20', split: 'township', deadline: '2024-12-31' });
  const late = await newTarget({ name: '调查员培训', value: '540', deadline: '2024-08-31' });
  let r = await send(`/targets/${id}/entries`, 'clerk', { part: TOWNSHIP, date: '2024-09-01', value: '25', note: '结业名单' });
  assert.equal(r.status, 303);
  r = await send(`/targets/${id}/entries`, 'clerk', { part: TOWNSHIP, date: '2024-09-02', value: '-2', note: '两人重复，更正' });
  assert.equal(r.status, 303);
  r = await send(`/targets/${id}/entries`, 'clerk', { part: OTHER, date: '2024-09-02', value: '3', note: '代填' });
  assert.equal(r.status, 200);
  assert.match(text(r.html), /只能填报本乡镇的进度/);
  r = await send(`/targets/${id}/entries`, 'clerk', { part: TOWNSHIP, date: '2024-09-02', value: '3.5', note: '' });
  assert.match(r.html, /id="e-e-value">应为整数/);
  assert.match(r.html, /id="e-e-note">佐证说明不能为空/);
  assert.match(r.html, /name="value"[^>]*value="3.5"/);
  r = await send(`/targets/${id}/entries`, 'chief', { part: '', date: '2024-10-01', value: '1', note: '明天的' });
  assert.match(r.html, /id="e-e-date">日期（2024-10-01）不能晚于今天/);
  assert.equal(sql(`SELECT group_concat(value, ',') FROM target_entry WHERE target_id = ${id}`), '25,-2');
  await send(`/targets/${late}/entries`, 'chief', { part: '', date: '2024-08-20', value: '500', note: '签到表' });

  const board = text((await page('/targets?year=2024', 'chief')).html);
  assert.match(board, /盲人按摩培训20名23名115\.0%/);
  assert.match(board, /超额完成3名/);
  assert.match(board, /调查员培训540名500名92\.5%[^]*100\.0%逾期2024-08-31/);
  // The township's board: its own figures.
  const own = text((await page('/targets?year=2024&township=341699002000', 'clerk')).html);
  assert.match(own, /2024年各项目标完成情况（[^）]+的分解目标和完成数）/);
  assert.doesNotMatch(own, /乡镇应为12位乡镇代码/, 'a township user\'s filter is ignored, not refused');
});

test('the board refuses wrong filters under their fields and shows the year anyway', async () => {
  const r = await page('/targets?year=20x4&line=nope&township=341699999000', 'lead');
  assert.equal(r.status, 200);
  assert.match(r.html, /id="e-year">年度应为2000至2100之间的四位数年份/);
  assert.match(r.html, /id="e-line">不是可选的取值/);
  assert.match(r.html, /id="e-township">应为12位乡镇代码/);
  assert.match(text(r.html), /2024年各项目标完成情况（全县）/);
});

test('supervision: sent back, answered again, closed; another township can neither see nor answer it', async () => {
  const id = await newTarget({ name: '辅具适配', value: '30', line: 'rehab', split: 'township' });
  let r = await send(`/targets/${id}/supervision`, 'chief', { township: TOWNSHIP, finding: '', requirement: '加快适配',
    deadline: '2024-09-01' });
  assert.equal(r.status, 200);
  assert.match(r.html, /id="e-s-finding">督查发现的问题不能为空/);
  assert.match(r.html, /id="e-s-deadline">整改时限不能早于今天/);
  r = await send(`/targets/${id}/supervision`, 'chief', { township: TOWNSHIP, finding: '适配进度滞后', requirement: '加快适配',
    deadline: '2024-10-20' });
  assert.equal(r.status, 303);
  const sid = sql(`SELECT id FROM supervision WHERE target_id = ${id}`);
  assert.doesNotMatch((await page('/supervision', 'other')).html, /适配进度滞后/);
  assert.equal((await send(`/supervision/${sid}/answer`, 'other', { from: 'list', answer: '不是我们的' })).status, 404);
  r = await send(`/supervision/${sid}/answer`, 'chief', { from: 'list', answer: '县里代答' });
  assert.equal(r.status, 200);
  assert.match(text(r.html), /整改情况由乡镇填报/, 'a refusal without its form is still said');
  r = await send(`/supervision/${sid}/answer`, 'clerk', { from: 'target', answer: '已安排' });
  assert.equal(r.location, `/targets/${id}?done=answered#supervision`);
  r = await send(`/supervision/${sid}/decide`, 'chief', { from: 'list', decision: 'back', note: '未附名单' });
  assert.equal(r.location, '/supervision?done=back');
  assert.equal(sql(`SELECT status || '|' || closing FROM supervision WHERE id = ${sid}`), '1|未附名单');
  assert.match(text((await page('/supervision', 'clerk')).html), /待整改[^]*退回：未附名单/);
  await send(`/supervision/${sid}/answer`, 'clerk', { from: 'list', answer: '已补名单' });
  r = await send(`/supervision/${sid}/decide`, 'chief', { from: 'target', decision: 'close', note: '' });
  assert.equal(r.status, 200);
  assert.match(r.html, /销号意见不能为空/);
  r = await send(`/supervision/${sid}/decide`, 'chief', { from: 'target', decision: 'close', note: '已核实' });
  assert.equal(r.location, `/targets/${id}?done=closed#supervision`);
  assert.equal(sql(`SELECT status FROM supervision WHERE id = ${sid}`), '3');
  assert.equal((await send(`/supervision/${sid}/answer`, 'lead', { from: 'list', answer: 'x' })).status, 403);
});

test('the year copied to the next, once', async () => {
  const before = Number(sql('SELECT count(*) FROM target WHERE year = 2024'));
  let r = await send('/targets/copy', 'chief', { year: '2024' });
  assert.equal(r.location, `/targets?year=2025&copied=${before}`);
  assert.match(text((await page(r.location, 'chief')).html), new RegExp(`已把2024年的${before}项目标复制到2025年`));
  assert.equal(sql("SELECT deadline FROM target WHERE year = 2025 AND name = '调查员培训'"), '2025-08-31');
  r = await send('/targets/copy', 'chief', { year: '2024' });
  assert.equal(r.location, '/targets?year=2025&copied=0');
  assert.equal((await send('/targets/copy', 'clerk', { year: '2024' })).status, 403);
  const log = sql("SELECT action || ':' || count(*) FROM operation_log WHERE module = '目标管理' GROUP BY action ORDER BY action");
  assert.match(log, /新增目标:\d+/);
  assert.match(log, /复制目标:2/);
  assert.match(log, /督查退回:1/);
  assert.match(log, /督查销号:1/);
  assert.match(log, /修改目标:1/);
  assert.match(log, /分解目标:1/);
});
