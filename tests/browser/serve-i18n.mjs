// serve-i18n.mjs: `salle serve`'s pages in the forum's languages in a real browser (issue 11
// point 6; run-server.sh runs it after serve-pages.mjs, on the first server).
//   - in English, French, Spanish and Arabic (the browser's own language, Playwright's locale, so
//     Accept-Language is what chooses): axe-core finds no WCAG 2.2 AA violation on the sign-in
//     page, the admin's page, the draft, a session's edit form, the outbox review, an organizer's
//     sessions, a move request with its error summary, an organizer's links form, the ballot
//     pages, the 404 page, and each says <html lang> (and dir="rtl" in Arabic);
//   - the Arabic layout mirrors: the header's programme link on the right of the language list,
//     the draft grid's time column on the right, a radio button on the right of its label;
//   - the switcher with the keyboard alone: Tab to "Español", Enter, and the choice is kept over
//     the browser's language on the next page;
//   - SALLE_SHOTS=DIR keeps a screenshot of the Arabic admin page and the French organizer page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { chromium } from 'playwright-core';
import { api as apiAt, axe, tabTo } from './serve-common.mjs';

const BASE = process.env.SALLE_BASE;
const TOKEN = process.env.SALLE_TOKEN;
const inst = JSON.parse(fs.readFileSync(process.env.SALLE_INSTANCE, 'utf8'));
const api = (method, p, body) => apiAt(BASE, TOKEN, method, p, body);
const LANGS = ['en', 'fr', 'es', 'ar'];
let browser, request, person;

const adminLink = () => execFileSync(process.env.SALLE_BIN, ['admin-link', '--db', process.env.SALLE_DB]).toString().trim();

async function newPage(locale) {
  const ctx = await browser.newContext({ bypassCSP: true, locale, viewport: { width: 1024, height: 768 } });
  return ctx.newPage();
}

async function shot(page, name) {
  if (!process.env.SALLE_SHOTS) return;
  fs.mkdirSync(process.env.SALLE_SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(process.env.SALLE_SHOTS, `${name}.png`), fullPage: true });
}

// The page's language and direction, then axe.
async function check(page, lang, what) {
  const [l, dir] = await page.evaluate(() => [document.documentElement.lang, document.documentElement.getAttribute('dir')]);
  assert.equal(l, lang, `${what} says lang="${lang}"`);
  assert.equal(dir, lang === 'ar' ? 'rtl' : null, `${what}: dir`);
  await axe(page, `${what} (${lang})`);
}

// Signs in through the link's page (Continue, in whatever language) and returns to the caller.
async function signIn(page, link, lang) {
  await page.goto(link);
  await check(page, lang, 'the sign-in page');
  await Promise.all([page.waitForURL(/\/(me|admin)$/), page.click('button[type=submit]')]);
}

// x of an element's box's left edge and right edge
const box = async (page, sel) => { const b = await page.locator(sel).first().boundingBox(); return [b.x, b.x + b.width]; };

before(async () => {
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--no-first-run'] });
  // a pending request of an organized session: a disruption on the first day and a re-plan
  const prog = (await api('GET', '/api/v1/programme')).json;
  const day = inst.event.days[0];
  const busy = [...new Set(prog.assignments.filter((a) => a.start.startsWith(day)).map((a) => a.room))];
  await api('POST', '/api/v1/disruptions', { kind: 'room_closed', room: busy[busy.length - 1], from: `${day}T00:00`, to: `${day}T23:00` });
  await api('POST', '/api/v1/replan', { seed: 2, iterations: 20000 });
  const pending = (await api('GET', '/api/v1/requests?state=pending')).json.requests;
  const organizers = Object.fromEntries(inst.sessions.map((s) => [s.id, s.organizers?.length ? s.organizers : (s.speakers || [])]));
  request = pending.find((r) => organizers[r.session]?.length);
  assert.ok(request, `a pending request of an organized session (${pending.length} pending)`);
  person = organizers[request.session][0];
});

after(async () => { await browser?.close(); });

for (const lang of LANGS) {
  test(`the server's pages in ${lang}: lang, dir and no axe violation`, async () => {
    const page = await newPage(lang);
    await signIn(page, adminLink(), lang);
    await check(page, lang, "the admin's page");
    if (lang === 'ar') {
      await shot(page, 'admin-ar');
      const [, link] = await box(page, 'header > a');
      const [nav] = await box(page, 'header nav.langs');
      assert.ok(link > nav, `Arabic: the programme link is right of the languages (${link} > ${nav})`);
    } else {
      const [, nav] = await box(page, 'header nav.langs');
      const [link] = await box(page, 'header > a');
      assert.ok(nav > link, `${lang}: the languages are right of the programme link`);
    }
    await page.goto(`${BASE}/admin/draft`);
    await check(page, lang, 'the draft');
    const [first] = await box(page, 'table.grid thead th:first-child');
    const [last] = await box(page, 'table.grid thead th:last-child');
    assert.ok(lang === 'ar' ? first > last : first < last, `${lang}: the grid's time column is on the ${lang === 'ar' ? 'right' : 'left'}`);
    await page.goto(`${BASE}/admin/sessions/${encodeURIComponent(request.session)}`);
    await check(page, lang, "a session's edit form");
    await page.goto(`${BASE}/admin/outbox`);
    await check(page, lang, 'the outbox review');
    await page.goto(`${BASE}/no-such-page`);
    await check(page, lang, 'the 404 page');
    await page.goto(`${BASE}/interest`);
    await check(page, lang, 'the ballot index');
    await page.goto(`${BASE}/interest/${inst.event.days[0]}`);
    await check(page, lang, 'a ballot day');
    await page.context().close();

    const org = await newPage(lang);
    const link = (await api('POST', `/api/v1/people/${encodeURIComponent(person)}/link`, {})).json.link;
    await signIn(org, link, lang);
    await check(org, lang, "an organizer's sessions");
    if (lang === 'fr') await shot(org, 'organizer-fr');
    await org.goto(`${BASE}/requests/${request.id}`);
    await check(org, lang, 'a move request');
    if (lang === 'fr') await shot(org, 'request-fr');
    const [radio] = await box(org, '#answer-accept');
    const [label] = await box(org, 'label[for=answer-accept]');
    assert.ok(lang === 'ar' ? radio > label : radio < label, `${lang}: the radio button before its label`);
    await Promise.all([org.waitForNavigation(), org.click('form[action^="/requests/"] button[type=submit]')]);
    assert.ok(await org.$('.error-summary'), 'no answer chosen: the error summary');
    await check(org, lang, 'a move request with its error summary');
    await org.goto(`${BASE}/me/sessions/${encodeURIComponent(request.session)}`);
    await check(org, lang, "an organizer's links form");
    await org.context().close();
  });
}

test('the switcher with the keyboard alone: the choice is kept over the browser language', async () => {
  const page = await newPage('fr');
  const link = (await api('POST', `/api/v1/people/${encodeURIComponent(person)}/link`, {})).json.link;
  await signIn(page, link, 'fr');
  assert.equal(await page.textContent('h1'), 'Vos sessions');
  await tabTo(page, () => document.activeElement?.getAttribute('hreflang') === 'es', 'Español', 20);
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'es');
  assert.equal(await page.textContent('h1'), 'Sus sesiones');
  assert.equal(await page.getAttribute('nav.langs a[aria-current="true"]', 'hreflang'), 'es', 'the switcher marks Español');
  await page.goto(`${BASE}/requests/${request.id}`); // no ?lang= now: the cookie
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'es', 'the next page stays in Spanish');
  await tabTo(page, () => document.activeElement?.getAttribute('hreflang') === 'ar', 'العربية', 20);
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  assert.equal(await page.evaluate(() => document.documentElement.dir), 'rtl');
  assert.ok(page.url().endsWith(`/requests/${request.id}?lang=ar`), 'the switcher keeps the page');
  await page.context().close();
});
