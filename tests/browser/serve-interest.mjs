// serve-interest.mjs: "I plan to attend" on `salle serve` in a real browser (run-interest.sh).
//   - with JavaScript, under the server's own CSP (no bypass): Tab to a checkbox, Space: the
//     external script saves it in the background and the aria-live region says "Marked: ...";
//     the admin's summary counts it; Space again unmarks it;
//   - without JavaScript: Tab to a checkbox, Space, Tab to "Save my marks for this day", Enter:
//     the day page comes back saying what was saved, the box checked;
//   - axe-core: no WCAG 2.0/2.1/2.2 A or AA violation on /interest, a day's ballot page (before and
//     after saving), the published session page with its "I plan to attend" link, and the
//     admin's page with the marks and pairs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { execFileSync } from 'node:child_process';
import { chromium } from 'playwright-core';
import { api as apiAt, axe, tabTo } from './serve-common.mjs';

const BASE = process.env.SALLE_BASE;
const TOKEN = process.env.SALLE_TOKEN;
const inst = JSON.parse(fs.readFileSync(process.env.SALLE_INSTANCE, 'utf8'));
const api = (method, path, body) => apiAt(BASE, TOKEN, method, path, body);
let browser, day;

async function count(id) {
  const j = (await api('GET', '/api/v1/interest/summary?top=0')).json;
  return j.sessions.find((s) => s.id === id)?.count ?? 0;
}

before(async () => {
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--no-first-run'] });
  const r = await api('POST', '/api/v1/solve', { seed: 1, iterations: 30000 });
  for (;;) {
    const j = await api('GET', `/api/v1/jobs/${r.json.job}`);
    if (j.json.state === 'done') break;
    await new Promise((ok) => setTimeout(ok, 100));
  }
  assert.equal((await api('POST', '/api/v1/publish', { note: 'v1' })).status, 201);
  day = inst.event.days[0];
});

after(async () => { await browser?.close(); });

test('the toggle saves in the background and says so, with the keyboard, under the real CSP', async () => {
  const ctx = await browser.newContext({ viewport: { width: 1024, height: 768 } });
  const page = await ctx.newPage();
  const errors = [];
  // a browser asks for /favicon.ico by itself; every other failed load or script error counts
  page.on('response', (r) => { if (r.status() >= 400 && !r.url().endsWith('/favicon.ico')) errors.push(`${r.status()} ${r.url()}`); });
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error' && !m.text().includes('404')) errors.push(m.text()); });
  await page.goto(`${BASE}/interest/${day}`);
  await tabTo(page, () => document.activeElement?.type === 'checkbox', 'a checkbox');
  const id = await page.evaluate(() => document.activeElement.value);
  const title = await page.evaluate(() => document.getElementById(document.activeElement.id + '-t').textContent);
  await page.keyboard.press('Space');
  await page.waitForFunction(() => document.getElementById('ballot-live').textContent.startsWith('Marked: '));
  assert.equal(await page.textContent('#ballot-live'), `Marked: ${title}. You plan to attend 1 session.`);
  assert.equal(await page.getAttribute('#ballot-live', 'aria-live'), 'polite');
  assert.equal(await count(id), 1, 'the summary counts the toggled mark');
  await page.keyboard.press('Space');
  await page.waitForFunction(() => document.getElementById('ballot-live').textContent.startsWith('Unmarked: '));
  assert.equal(await count(id), 0, 'unmarked again');
  assert.deepEqual(errors, [], 'no CSP or script error in the console');
  await ctx.close();
});

test('without JavaScript: the day form with checkboxes and a submit button, by keyboard', async () => {
  const ctx = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1024, height: 768 } });
  const page = await ctx.newPage();
  await page.goto(`${BASE}/interest/${day}`);
  await tabTo(page, () => document.activeElement?.type === 'checkbox', 'a checkbox');
  const id = await page.evaluate(() => document.activeElement.value);
  await page.keyboard.press('Space');
  await tabTo(page, () => document.activeElement?.textContent === 'Save my marks for this day', 'the submit button');
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.keyboard.press('Enter')]);
  assert.match(page.url(), /\?saved=1$/);
  assert.match(await page.textContent('[role=status]'), /Saved\. You plan to attend 1 session in all\./);
  assert.equal(await page.isChecked(`input[value="${id}"]`), true);
  assert.equal(await count(id), 1);
  await ctx.close();
});

test('axe: the ballot pages, the published session page and the admin page with marks', async () => {
  const ctx = await browser.newContext({ bypassCSP: true, viewport: { width: 1024, height: 768 } });
  const page = await ctx.newPage();
  await page.goto(`${BASE}/interest`);
  await axe(page, '/interest');
  await page.goto(`${BASE}/interest/${day}`);
  await axe(page, "a day's ballot page");
  await page.check('input[name=s] >> nth=0');
  await page.check('input[name=s] >> nth=1');
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click('button[type=submit]')]);
  await axe(page, "a day's ballot page after saving");
  await page.goto(`${BASE}/day-${day}.html`);
  const link = page.locator('p.interest a');
  assert.equal(await link.getAttribute('href'), `/interest/${day}`);
  await axe(page, 'the published day page with its "I plan to attend" link');
  const link2 = execFileSync(process.env.SALLE_BIN, ['admin-link', '--db', process.env.SALLE_DB]).toString().trim();
  await page.goto(link2);
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click('button[type=submit]')]);
  await page.goto(`${BASE}/admin`);
  assert.match(await page.textContent('#interest + p + p'), /ballots? name at least one session/);
  await axe(page, "the admin's page with marks and pairs");
  await ctx.close();
});
