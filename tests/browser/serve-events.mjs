// serve-events.mjs: one server, several events, in a real browser in the forum's languages (issue
// 11 points 5 and 6; run-events.sh starts `salle serve --event igf=... --event youth=...
// --languages en,fr,es,ar`). In English and in Arabic (the browser's own language, Playwright's
// locale, so Accept-Language is what chooses): the index of the events at /, the igf event's
// public programme at /igf/ (the Arabic one at /igf/ar/, where / sends an Arabic browser), its
// admin's sign-in page, admin page and outbox review under /igf/, and an organizer's sessions
// under /igf/me: each says <html lang> and, in Arabic, dir="rtl", is in that language, and axe-core
// finds no WCAG 2.2 AA violation on it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { execFileSync } from 'node:child_process';
import { chromium } from 'playwright-core';
import { api as apiAt, axe, tabTo } from './serve-common.mjs';

const BASE = process.env.SALLE_BASE;
const EV = `${BASE}/igf`;
const inst = JSON.parse(fs.readFileSync(process.env.SALLE_INSTANCE, 'utf8'));
const api = (method, p, body) => apiAt(EV, process.env.SALLE_TOKEN, method, p, body);
// what each language's pages must say, from po/LANG.po
const WORDS = {
  en: { events: 'Events', admin: 'Programme administration', mine: 'Your sessions', outbox: 'Review the outbox' },
  ar: { events: 'الفعاليات', admin: 'إدارة البرنامج', mine: 'جلساتكم', outbox: 'مراجعة صندوق الصادر' },
};
let browser, person;

const adminLink = () => execFileSync(process.env.SALLE_BIN, ['admin-link', '--db', process.env.SALLE_DB]).toString().trim();

async function newPage(locale) {
  const ctx = await browser.newContext({ bypassCSP: true, locale, viewport: { width: 1024, height: 768 } });
  return ctx.newPage();
}

async function check(page, lang, what) {
  const [l, dir] = await page.evaluate(() => [document.documentElement.lang, document.documentElement.getAttribute('dir')]);
  assert.equal(l, lang, `${what} says lang="${lang}"`);
  assert.equal(dir, lang === 'ar' ? 'rtl' : null, `${what}: dir`);
  // every page offers the four languages, each link saying its language (lang, hreflang)
  const langs = await page.$$eval('nav.langs a', (as) => as.map((a) => `${a.getAttribute('hreflang')}/${a.getAttribute('lang')}`));
  assert.deepEqual(langs, ['en/en', 'fr/fr', 'es/es', 'ar/ar'], `${what} has the language chooser`);
  await axe(page, `${what} (${lang})`);
}

before(async () => {
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--no-first-run'] });
  // the igf event: solved, published (in four languages), then a re-plan that asks an organizer
  const job = (await api('POST', '/api/v1/solve', { seed: 1, iterations: 20000 })).json.job;
  for (let i = 0; i < 600; i++) {
    const st = (await api('GET', `/api/v1/jobs/${job}`)).json.state;
    if (st === 'done' || st === 'failed') break;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.equal((await api('POST', '/api/v1/publish', {})).status, 201, 'igf publishes version 1');
  const prog = (await api('GET', '/api/v1/programme')).json;
  const day = inst.event.days[0];
  const rooms = [...new Set(prog.assignments.filter((a) => a.start.startsWith(day)).map((a) => a.room))];
  await api('POST', '/api/v1/disruptions', { kind: 'room_closed', room: rooms[0], from: `${day}T00:00`, to: `${day}T23:00` });
  await api('POST', '/api/v1/replan', { seed: 2, iterations: 20000 });
  const pending = (await api('GET', '/api/v1/requests?state=pending')).json.requests;
  const organizers = Object.fromEntries(inst.sessions.map((s) => [s.id, s.organizers?.length ? s.organizers : (s.speakers || [])]));
  const req = pending.find((r) => organizers[r.session]?.length);
  assert.ok(req, `a pending request of an organized session (${pending.length} pending)`);
  person = organizers[req.session][0];
});

after(async () => { await browser?.close(); });

// The public programme's English pages, at the top of the event's URL space, link the same page in
// each language below them; the keyboard alone reaches and follows the link, and the page it
// opens has the chooser too, with the way back.
test('the public programme: the chooser on the English pages at the top, by keyboard', async () => {
  const page = await newPage('en');
  await page.goto(`${EV}/rooms.html`);
  await check(page, 'en', 'the English rooms page at the top');
  assert.equal(await page.getAttribute('nav.langs a[aria-current]', 'hreflang'), 'en', 'English is marked current');
  assert.equal(await page.getAttribute('nav.langs a[hreflang="ar"]', 'href'), 'ar/rooms.html', 'the Arabic link: the same page below');
  await tabTo(page, () => document.activeElement?.getAttribute('hreflang') === 'ar', 'the Arabic link');
  await Promise.all([page.waitForURL(/\/igf\/ar\/rooms\.html$/), page.keyboard.press('Enter')]);
  await check(page, 'ar', 'the Arabic rooms page, opened from the chooser');
  assert.equal(await page.getAttribute('nav.langs a[aria-current]', 'hreflang'), 'ar', 'Arabic is marked current');
  await tabTo(page, () => document.activeElement?.getAttribute('hreflang') === 'fr', 'the French link');
  await Promise.all([page.waitForURL(/\/igf\/fr\/rooms\.html$/), page.keyboard.press('Enter')]);
  await check(page, 'fr', 'the French rooms page');
  await page.goto(`${EV}/day-${inst.event.days[0]}.html`);
  await check(page, 'en', 'an English day page at the top');
  await page.context().close();
});

for (const lang of ['en', 'ar']) {
  test(`an event's pages under /igf/ and the index at / in ${lang}: lang, dir, words and no axe violation`, async () => {
    const w = WORDS[lang];
    const page = await newPage(lang);
    await page.goto(`${BASE}/`);
    await check(page, lang, 'the index of the events');
    assert.equal(await page.textContent('h1'), w.events, `the index's heading in ${lang}`);
    const links = await page.$$eval('main a', (as) => as.map((a) => a.getAttribute('href')));
    assert.deepEqual(links, ['/igf/', '/youth/'], 'the index links each event');

    // the public programme: an Arabic browser is sent from /igf/ to /igf/ar/
    await page.goto(`${EV}/`);
    assert.ok(page.url().endsWith(lang === 'ar' ? '/igf/ar/' : '/igf/'), `the programme at ${page.url()}`);
    await check(page, lang, "the event's public programme");
    if (lang === 'ar') {
      await page.goto(`${EV}/ar/rooms.html`);
      await check(page, lang, "the event's rooms page");
    }

    await page.goto(adminLink());
    await check(page, lang, "the event's admin sign-in page");
    await Promise.all([page.waitForURL(/\/igf\/admin$/), page.click('button[type=submit]')]);
    await check(page, lang, "the event's admin page");
    assert.equal(await page.textContent('h1'), w.admin, `the admin page's heading in ${lang}`);
    await page.goto(`${EV}/admin/outbox`);
    await check(page, lang, "the event's outbox review");
    assert.equal(await page.textContent('h1'), w.outbox);
    await page.context().close();

    const org = await newPage(lang);
    const link = (await api('POST', `/api/v1/people/${encodeURIComponent(person)}/link`, {})).json.link;
    assert.ok(link.startsWith(`${EV}/signin/`), `the organizer's link is the event's (${link})`);
    await org.goto(link);
    await check(org, lang, "the event's organizer sign-in page");
    await Promise.all([org.waitForURL(/\/igf\/me$/), org.click('button[type=submit]')]);
    await check(org, lang, "an organizer's sessions in the event");
    assert.equal(await org.textContent('h1'), w.mine);
    await org.context().close();
  });
}
