// The annual report (年度汇报材料) on a generated county with a small year replayed through the API
// (tests/api/report-year.js): the text states the figures computed from the records, each figure links to the
// records behind it within the reader's scope (the operated cases, the approved by hukou, the one over the
// target, the money paid, the targets), a figure without data says so, township users get their township's
// figures and village users nothing; the milestones' API; the page with its text boxes exported as edited;
// the command line's formats, the .docx opened by LibreOffice (soffice) and read back with pdftotext.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { tmpdir, startServer, huiminAt, sqlReadonly, apiCall, client, csrfOf, loginWithChange } = require('./helpers');
const Y = require('./report-year');

let dir;
let db;
let srv;
let setup;
let year;
const api = (who, method, p, body) => apiCall(srv, setup.tokens[who], method, p, body);
let cookie;
// The county admin's session (the first login changes the password: once).
const chiefSession = async () => {
  cookie = cookie || await loginWithChange(srv, 'chief');
  return cookie;
};

before(async () => {
  dir = tmpdir();
  db = path.join(dir, 'county.db');
  setup = Y.prepare(db);
  srv = await startServer(db, [], ['--today', Y.TODAY]);
  year = await Y.replay(srv, db, setup.tokens);
});

after(async () => {
  if (srv) await srv.stop();
});

// The block of the report whose text contains needle.
function blockWith(report, needle) {
  const b = report.blocks.find((x) => x.text.includes(needle));
  assert.ok(b, `no block with ${needle}:\n${report.text}`);
  return b;
}

test('the year\'s report: sentences with the computed figures, each figure linked to its records', async () => {
  const r = await api('lead', 'GET', `/api/v1/reports/annual?year=${Y.YEAR}`);
  assert.equal(r.status, 200, r.text);
  const rep = r.json;
  assert.equal(rep.scope, 'county');
  const F = Y.FIGURES;
  for (const sentence of [
    '示范县残联2024年民生工程及目标管理汇报材料',
    `县免费为贫困白内障患者做复明手术${F.operated}例`,
    '2月10日，在县民政局三楼会议室召开全县民生工程启动会。',
    `摸底登记白内障患者${F.registered}人`,
    `到4月10日共选出${F.prescreened}名合格对象参加县医院复查`,
    `从4月13日开始，`,
    `进行了为期2天的复查，共确定了${F.candidates}名手术对象`,
    `手术从4月20日开始，历时3天，${F.operated}名贫困白内障患者得到有效救治`,
    `超额完成了${F.cataractTarget}例的任务`,
    '手术成功率达85.7%',
    `按上级要求我县应救助贫困重度残疾人${F.assistanceTarget}名，其中城镇残疾人${F.targetUrban}名、农村残疾人${F.targetRural}名。`,
    `实际救助贫困重度残疾人${F.approvedUrban + F.approvedRural}名，其中城镇残疾人${F.approvedUrban}名，农村残疾人${F.approvedRural}名。`,
    '超额完成1名。',
    `拨付到户资金共${F.paidWan}`,
    '全年共有目标4项，已完成3项（其中超额完成3项）',
    '举办残疾人培训班1期，其中助残就业培训班0期、盲人按摩培训班1期',
    '残疾人培训班：目标2期，完成1期（50%），滞后。',
    '征收残疾人就业保障金：目标10万元，完成12万元，超额完成2万元。',
  ]) assert.ok(rep.text.includes(sentence), `missing “${sentence}” in:\n${rep.text}`);
  assert.deepEqual(rep.blocks.filter((b) => b.kind === 'h1').map((b) => b.text),
    ['一、做让群众满意的“民心工程”', '二、紧抓业务工作不放松']);
  assert.deepEqual(rep.blocks.filter((b) => b.kind === 'h2').map((b) => b.text),
    ['（一）、贫困白内障复明工程', '（二）、贫困重度残疾人生活特别救助工程', '（一）劳动就业', '（二）残疾人就业保障金']);
  assert.doesNotMatch(rep.text, /无数据/);

  // Every figure is a link to the records it counts.
  const operated = blockWith(rep, '复明手术').figures[0];
  assert.deepEqual(operated, { text: String(F.operated), href: `/projects/cataract/cases?year=${Y.YEAR}&reached=operated` });
  // A rate is a figure without a list behind it.
  assert.deepEqual(blockWith(rep, '手术成功率').figures.find((f) => f.text === '85.7%'), { text: '85.7%' });
  const approvedBlock = blockWith(rep, '实际救助');
  // The figure text in block b that links to link (there is one).
  const linked = (b, text, link) => {
    assert.ok(b.figures.some((f) => f.text === text && f.href === link), `no ${text} → ${link} in ${JSON.stringify(b.figures)}`);
    return link;
  };
  const cases = `/projects/assistance/cases?year=${Y.YEAR}&reached=approved`;
  const urban = linked(approvedBlock, String(F.approvedUrban), `${cases}&hukou=1`);
  linked(approvedBlock, String(F.approvedRural), `${cases}&hukou=2`);
  const overLink = linked(approvedBlock, '1', `${cases}&over_target=1`);
  const paidLink = linked(approvedBlock, F.paidWan, `/projects/assistance/payments/lines?year=${Y.YEAR}&status=paid`);
  linked(approvedBlock, String(F.assistanceTarget), `/targets/${year.targets.assistance}`);
  linked(approvedBlock, String(F.targetUrban), `/targets/${year.targets.assistance}`);
  linked(blockWith(rep, '征收残疾人就业保障金：'), '12', `/targets/${year.targets.fund}`);

  // The lists behind them, in the reader's scope, and the one over the target in approval order.
  const chief = await chiefSession();
  const { get } = client(srv);
  const page = async (p) => {
    const res = await get(p, chief);
    assert.equal(res.status, 200, p);
    return res.text();
  };
  assert.match(await page(operated.href), new RegExp(`共 ${F.operated} 条`));
  assert.match(await page(urban), new RegExp(`共 ${F.approvedUrban} 条`));
  const over = await page(overLink);
  assert.match(over, /共 1 条/);
  assert.match(over, /超出目标的人员/);
  const last = sqlReadonly(db, `SELECT p.name FROM program_case c JOIN person p ON p.id = c.person_id WHERE c.id = ${year.approved.at(-1)}`);
  assert.match(over, new RegExp(`>${last}</a>`));
  const xlsx = await get(overLink.replace('/cases?', '/cases/export?'), chief);
  assert.equal(xlsx.status, 200);
  assert.match(xlsx.headers.get('content-type'), /spreadsheetml/);
  const paid = await page(paidLink);
  assert.match(paid, /共 5 条/);
});

test('a figure without data says so; township users get their township, village users nothing', async () => {
  const empty = await api('staff', 'GET', '/api/v1/reports/annual?year=2023');
  assert.equal(empty.status, 200, empty.text);
  assert.match(empty.json.text, /（一）、贫困白内障复明工程\n（无数据：未录入2023年度的案例）/);
  assert.doesNotMatch(empty.json.text, /复明手术\d/);

  const town = await api('township', 'GET', `/api/v1/reports/annual?year=${Y.YEAR}`);
  assert.equal(town.status, 200, town.text);
  assert.equal(town.json.scope, 'township');
  const name = sqlReadonly(db, `SELECT name FROM division WHERE code = '${setup.town}'`);
  assert.ok(town.json.text.startsWith(`示范县${name}残联2024年`), town.json.text);
  // The county's targets are not split to the townships: no share to compare with.
  assert.match(town.json.text, /（无数据：“征收残疾人就业保障金”的目标未分解到本乡镇）/);
  // Its own operations, or that it has none.
  const operated = Number(sqlReadonly(db, `SELECT count(*) FROM program_case c JOIN case_stage s ON s.case_id = c.id
    AND s.stage = 'operated' WHERE c.program_code = 'cataract' AND c.township_code = '${setup.town}'`));
  assert.match(town.json.text, operated ? new RegExp(`复明手术${operated}例`) : /（无数据：未录入手术记录）/);
  assert.equal((await api('village', 'GET', `/api/v1/reports/annual?year=${Y.YEAR}`)).status, 403);
  // The page: a leader reads it without the milestone form, a village user is refused.
  const { get } = client(srv);
  const lead = await loginWithChange(srv, 'lead');
  const leadPage = await (await get(`/reports/annual?year=${Y.YEAR}`, lead)).text();
  assert.match(leadPage, /复明手术<a class="figure"[^>]*>7<\/a>例/);
  assert.doesNotMatch(leadPage, /录入工作节点/);
  const villager = await loginWithChange(srv, 'villuser');
  assert.equal((await get(`/reports/annual?year=${Y.YEAR}`, villager)).status, 403);
  assert.equal((await api('staff', 'GET', '/api/v1/reports/annual?year=1999')).status, 400);
});

test('milestones through the API: the county enters and removes them, others read', async () => {
  const list = await api('lead', 'GET', `/api/v1/milestones?year=${Y.YEAR}`);
  assert.equal(list.status, 200, list.text);
  assert.deepEqual(list.json.items.map((m) => [m.line, m.date, m.title]),
    [['cataract', '2024-02-10', '在县民政局三楼会议室召开全县民生工程启动会']]);
  const bad = await api('staff', 'POST', '/api/v1/milestones', { year: Y.YEAR, line: 'nosuch', date: '2023-05-01', title: '' });
  assert.equal(bad.status, 400, bad.text);
  assert.deepEqual(Object.keys(bad.json.error.fields).sort(), ['date', 'line', 'title']);
  assert.match(bad.json.error.fields.date, /2024年内/);
  assert.equal((await api('lead', 'POST', '/api/v1/milestones', { year: Y.YEAR, line: 'survey', date: '2024-08-31', title: '动员培训会' })).status, 403);
  const made = await api('staff', 'POST', '/api/v1/milestones', { year: Y.YEAR, line: 'survey', date: '2024-08-31', title: '召开残疾人基本情况调查动员暨培训会议' });
  assert.equal(made.status, 201, made.text);
  // The survey line now has something to tell.
  const rep = await api('staff', 'GET', `/api/v1/reports/annual?year=${Y.YEAR}`);
  assert.match(rep.json.text, /（一）残疾人基本情况调查\n8月31日，召开残疾人基本情况调查动员暨培训会议。/);
  assert.equal((await api('staff', 'DELETE', `/api/v1/milestones/${made.json.id}`)).status, 200);
  assert.equal((await api('staff', 'DELETE', `/api/v1/milestones/${made.json.id}`)).status, 404);
  assert.match(sqlReadonly(db, "SELECT group_concat(action) FROM operation_log WHERE module = '年度汇报'"), /新增.*删除/);
});

// LibreOffice converts each .docx to PDF; pdftotext reads the PDF's text back.
function docxTexts(files) {
  const out = path.join(dir, 'pdf');
  fs.mkdirSync(out, { recursive: true });
  const r = spawnSync('soffice', [`-env:UserInstallation=file://${path.join(dir, 'lo-profile')}`, '--headless',
    '--convert-to', 'pdf', '--outdir', out, ...files], { encoding: 'utf8', timeout: 120000 });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  return files.map((f) => {
    const pdf = path.join(out, `${path.basename(f, '.docx')}.pdf`);
    const t = spawnSync('pdftotext', ['-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8' });
    assert.equal(t.status, 0, t.stderr);
    // Without the page numbers in the footers (— 1 —), which may fall inside a sentence.
    return t.stdout.replace(/\s+/g, '').replace(/—\d+—/g, '');
  });
}

test('the page: figures as links, the text edited and exported; the command line\'s formats', { timeout: 180000 }, async () => {
  const chief = await chiefSession();
  const { get, post } = client(srv);
  const html = await (await get(`/reports/annual?year=${Y.YEAR}`, chief)).text();
  assert.match(html, new RegExp(`<a class="figure" href="/projects/cataract/cases\\?year=2024&amp;reached=operated">${Y.FIGURES.operated}</a>`));
  assert.match(html, /<textarea id="b\d+" name="body\d+"[^>]*>县免费为贫困白内障患者做复明手术7例/);
  assert.match(html, /工作节点/);
  // The county edits a sentence and exports Word and text.
  const fields = { csrf: csrfOf(html), year: String(Y.YEAR), title: '示范县残联2024年汇报材料（送审稿）' };
  for (const m of html.matchAll(/<input type="hidden" name="(level\d+)" value="(\d)">/g)) fields[m[1]] = m[2];
  for (const m of html.matchAll(/name="(heading\d+)" value="([^"]*)"/g)) fields[m[1]] = m[2].replace(/&amp;/g, '&');
  for (const m of html.matchAll(/name="(body\d+)"[^>]*>([^<]*)<\/textarea>/g)) fields[m[1]] = m[2].replace(/&amp;/g, '&');
  const key = Object.keys(fields).find((k) => k.startsWith('body') && fields[k].includes('复明手术7例'));
  fields[key] = fields[key].replace('使他们告别了黑暗', '经县委县政府同意，使他们告别了黑暗');
  const docx = await post('/reports/annual/export', { ...fields, format: 'docx' }, chief);
  assert.equal(docx.status, 200, await docx.clone().text());
  assert.match(docx.headers.get('content-type'), /wordprocessingml/);
  const edited = path.join(dir, 'edited.docx');
  fs.writeFileSync(edited, Buffer.from(await docx.arrayBuffer()));
  const txt = await post('/reports/annual/export', { ...fields, format: 'txt' }, chief);
  const txtBytes = Buffer.from(await txt.arrayBuffer());
  assert.deepEqual([...txtBytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'a byte-order mark for Notepad');
  const txtBody = txtBytes.toString('utf8');
  assert.match(txtBody, /^\uFEFF示范县残联2024年汇报材料（送审稿）\r\n/);
  assert.match(txtBody, /\u3000\u3000县免费为贫困白内障患者做复明手术7例，经县委县政府同意，使他们告别了黑暗/);
  const stale = await post('/reports/annual/export', { ...fields, csrf: '0'.repeat(64), format: 'docx' }, chief);
  assert.equal(stale.status, 403);

  // The command line: text to standard output, HTML, Word and PDF to files.
  const cli = (args) => huiminAt(db, ['--today', Y.TODAY, 'report', 'annual', '--year', String(Y.YEAR), ...args]);
  const out = cli([]);
  assert.equal(out.status, 0, out.stderr);
  assert.match(out.stdout, /超额完成了5例的任务/);
  const htmlFile = path.join(dir, 'report.html');
  assert.equal(cli(['--format', 'html', '--out', htmlFile]).status, 0);
  assert.match(fs.readFileSync(htmlFile, 'utf8'), /<p>县免费为贫困白内障患者做复明手术7例/);
  const cliDocx = path.join(dir, 'cli.docx');
  assert.equal(cli(['--format', 'docx', '--out', cliDocx]).status, 0);
  assert.equal(cli(['--format', 'docx']).status, 2, 'docx needs --out');
  const pdfFile = path.join(dir, 'report.pdf');
  const pdf = cli(['--format', 'pdf', '--out', pdfFile]);
  assert.equal(pdf.status, 0, pdf.stderr);
  const pdfText = spawnSync('pdftotext', ['-enc', 'UTF-8', pdfFile, '-'], { encoding: 'utf8' }).stdout.replace(/\s+/g, '');
  assert.match(pdfText, /拨付到户资金共0\.228万元/);

  const [fromPage, fromCli] = docxTexts([edited, cliDocx]);
  assert.match(fromPage, /示范县残联2024年汇报材料（送审稿）/);
  assert.match(fromPage, /经县委县政府同意，使他们告别了黑暗/);
  for (const t of [fromPage, fromCli]) {
    assert.match(t, /超额完成了5例的任务/);
    assert.match(t, /实际救助贫困重度残疾人5名，其中城镇残疾人2名，农村残疾人3名/);
    assert.match(t, /征收残疾人就业保障金：目标10万元，完成12万元，超额完成2万元/);
  }

  // A template with a mistake is refused with its line.
  const bad = path.join(dir, 'bad.txt');
  fs.writeFileSync(bad, '[title]\n{area}汇报\n[project]\n手术{opreated}例\n');
  const check = huiminAt(db, ['report', 'check-template', bad]);
  assert.equal(check.status, 1);
  assert.match(check.stderr, /第4行：节\[project\]中没有\{opreated\}这个数字/);
  assert.match(check.stderr, /模板缺少节\[line\]/);
  assert.equal(huiminAt(db, ['report', 'check-template']).status, 0);
});
