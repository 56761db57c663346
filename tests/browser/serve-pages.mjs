// serve-pages.mjs: `salle serve`'s pages in a real browser (run-server.sh starts two servers, each
// with an SMTP sink).
//   - axe-core finds no WCAG 2.0/2.1/2.2 A or AA violation on any server page type: sign-in, an
//     organizer's sessions, a move request (with and without its error summary), the answered
//     request, the admin's page, a job's page, a "link does not work" page, 404, the draft as a
//     grid, a session's edit form with its errors, the outbox review, an organizer's links form
//     with its errors;
//   - the admin reviews the outbox (to, subject, the text, the iCalendar attachment) and sends it;
//   - the organizer's flow with the keyboard alone, from the e-mail the sink received: its link,
//     Continue, the request, accept, check the answer and confirm; another organizer picks an
//     alternative; another declines; the error summary takes focus;
//   - the admin's flow with the keyboard alone: solve (the job's page), record a disruption,
//     re-plan, publish (refused in the checker's words, the error summary focused);
//   - afterwards the public programme (GET /api/v1/programme) shows the accepted places only once
//     published, and publishing with a declined session in a closed room is refused;
//   - the admin's whole flow from an empty database (the second server), keyboard alone: upload,
//     solve, publish, a disruption, re-plan, review and send the outbox, the organizers accept from
//     their e-mails, publish; then the published files, checked by the independent checker;
//   - a frab upload to a third, empty server in French, with the keyboard alone: the page lists
//     what the import guessed and skipped, in French, and axe finds nothing on it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { chromium } from 'playwright-core';
import { api as apiAt, axe, tabTo as tabToAt } from './serve-common.mjs';

const BASE = process.env.SALLE_BASE;
const TOKEN = process.env.SALLE_TOKEN;
const inst = JSON.parse(fs.readFileSync(process.env.SALLE_INSTANCE, 'utf8'));
const organizers = Object.fromEntries(inst.sessions.map((s) => [s.id, s.organizers?.length ? s.organizers : (s.speakers || [])]));
const emailOf = Object.fromEntries(inst.people.map((p) => [p.id, p.email]));
let browser;

// the admin's API, axe-core and Tab-until, shared with the other server browser tests
const api = (method, path, body) => apiAt(BASE, TOKEN, method, path, body);

const tabTo = (page, pred, what) => tabToAt(page, pred, what, 40);

// Enter on a form's button, then the page the form leads to. (waitForLoadState('load') would
// resolve at once on the page already loaded, and the test would read the old page.)
async function submitWithEnter(page) {
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.keyboard.press('Enter')]);
}

// Chromium moves the focus to an `autofocus` element in a rendering step after the load event, so
// on a loaded machine the check waits for it (5 s at most) instead of looking once.
async function summaryHasFocus(page) {
  return page.waitForFunction(() => document.activeElement?.classList.contains('error-summary'),
    null, { timeout: 5000 }).then(() => true, () => false);
}

async function newPage() {
  const ctx = await browser.newContext({ bypassCSP: true, viewport: { width: 1024, height: 768 } });
  return ctx.newPage();
}

async function signIn(page, link) {
  await page.goto(link);
  await axe(page, 'the sign-in page');
  await tabTo(page, () => document.activeElement?.textContent === 'Continue', 'Continue');
  await submitWithEnter(page);
  await page.waitForURL(/\/(me|admin|signin)$/);
  if (page.url().endsWith('/signin')) assert.fail(`sign-in failed: ${await page.textContent('main')}`);
}

// Signs in with link in any language, then uploads file with the keyboard alone: Tab to the file
// field, the file chosen as the system's dialog would, Tab to the upload button, Enter.
async function signInAndUpload(page, link, file) {
  await page.goto(link);
  await tabTo(page, () => document.activeElement?.tagName === 'BUTTON', 'the sign-in button');
  await submitWithEnter(page);
  await page.waitForURL(/\/admin$/);
  await tabTo(page, () => document.activeElement?.id === 'programme', 'the programme file');
  await page.locator('#programme:focus').setInputFiles(file);
  await tabTo(page, () => document.activeElement?.tagName === 'BUTTON' && document.activeElement.form?.enctype === 'multipart/form-data', 'the upload button');
  await submitWithEnter(page);
}

// A fresh admin sign-in link (each one supersedes the last, and works once).
function adminLink() {
  return execFileSync(process.env.SALLE_BIN, ['admin-link', '--db', process.env.SALLE_DB]).toString().trim();
}

// Tab to the button or link with this text, then Enter; resolves on the page it leads to.
async function pressOn(page, label) {
  await tabTo(page, new Function(`return document.activeElement?.textContent === ${JSON.stringify(label)}`), label);
  await submitWithEnter(page);
}

async function typeIn(page, id, text) {
  await tabTo(page, new Function(`return document.activeElement?.id === ${JSON.stringify(id)}`), id);
  await page.keyboard.type(text);
}

// On a job's page: reloads until the solve is done, then goes back to the admin's page.
async function solveFinishes(page) {
  for (let i = 0; i < 600 && !(await page.$('progress[value="100"]')); i++) {
    await page.waitForTimeout(200);
    await page.reload();
  }
  assert.ok(await page.$('progress[value="100"]'), 'the solve finishes');
  await tabTo(page, () => document.activeElement?.textContent === 'Back to the administration', 'back');
  await Promise.all([page.waitForURL(/\/admin$/), page.keyboard.press('Enter')]);
}

// SALLE_SHOTS=DIR: a screenshot of the page, for a person to look at.
async function shot(page, name, selector) {
  if (process.env.SALLE_SHOTS) {
    fs.mkdirSync(process.env.SALLE_SHOTS, { recursive: true });
    const file = path.join(process.env.SALLE_SHOTS, `${name}.png`);
    if (selector) await page.locator(selector).first().screenshot({ path: file });
    else await page.screenshot({ path: file, fullPage: true });
  }
}

// The messages an SMTP sink received (smtp-sink.py writes one JSON file each), oldest first.
function received(dir) {
  return fs.readdirSync(dir).filter((f) => /^\d+\.json$/.test(f)).sort((a, b) => parseInt(a) - parseInt(b))
    .map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')));
}

async function waitForMail(dir, n) {
  for (let i = 0; i < 600; i++) {
    const m = received(dir);
    if (m.length >= n) return m;
    await new Promise((ok) => setTimeout(ok, 100));
  }
  assert.fail(`the SMTP sink received ${received(dir).length} messages, not ${n}`);
}

// The sign-in link in a received message's plain text, as the organizer would copy it.
function linkIn(msg) {
  const m = msg.text.match(/https?:\/\/[^\s/]+\/signin\/[A-Za-z0-9_-]{43}/);
  assert.ok(m, `a sign-in link in the message to ${msg.to}: ${msg.text.slice(0, 500)}`);
  return m[0];
}

let moves;
before(async () => {
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--no-first-run'] });
  let r = await api('POST', '/api/v1/solve', { seed: 1, iterations: 30000 });
  for (;;) {
    const j = await api('GET', `/api/v1/jobs/${r.json.job}`);
    if (j.json.state === 'done') break;
    await new Promise((ok) => setTimeout(ok, 100));
  }
  assert.equal((await api('POST', '/api/v1/publish', { note: 'v1' })).status, 201);
  const prog = (await api('GET', '/api/v1/programme')).json;
  const day = inst.event.days[1];
  const rooms = [...new Set(prog.assignments.filter((a) => a.start.startsWith(day)).map((a) => a.room))];
  for (const room of rooms.slice(0, 2))
    await api('POST', '/api/v1/disruptions', { kind: 'room_closed', room, from: `${day}T09:00`, to: `${day}T18:30` });
  r = await api('POST', '/api/v1/replan', { seed: 1, iterations: 20000 });
  moves = r.json.moves.filter((m) => m.kind === 'moved');
  assert.ok(moves.length >= 3, `the re-plan asks at least three sessions (${moves.length})`);
});

after(async () => { await browser?.close(); });

let mails;
test('the admin reviews the outbox and sends it with the keyboard alone', async () => {
  const box = (await api('GET', '/api/v1/outbox')).json.messages.filter((m) => m.state === 'draft');
  assert.ok(box.length >= 3, `the re-plan wrote messages to review (${box.length})`);
  const page = await newPage();
  await signIn(page, adminLink());
  await tabTo(page, () => document.activeElement?.getAttribute('href') === '/admin/outbox', 'the outbox review');
  await Promise.all([page.waitForURL(/\/admin\/outbox$/), page.keyboard.press('Enter')]);
  await axe(page, 'the outbox review');
  await shot(page, 'outbox-review');
  await shot(page, 'outbox-message', 'main section');
  const text = await page.textContent('main');
  assert.equal(await page.locator('main section').count(), box.length, 'one section per message');
  for (const m of box) {
    const name = inst.people.find((p) => p.id === m.person).name;
    assert.ok(text.includes(`${name} <${m.email}> (person ${m.person})`), `the review names ${name} <${m.email}>`);
    assert.ok(text.includes(m.subject) && text.includes(m.body), `the review shows the message to ${m.email}`);
  }
  assert.equal((text.match(/an iCalendar file/g) || []).length, box.length, 'each says its calendar is attached');
  assert.equal(received(process.env.SALLE_MAIL).length, 0, 'nothing is sent before the admin sends it');
  await pressOn(page, `Send ${box.length} reviewed message${box.length === 1 ? '' : 's'}`);
  assert.ok((await page.textContent('main')).includes(`${box.length} message`), 'the page says how many go');
  mails = await waitForMail(process.env.SALLE_MAIL, box.length);
  assert.deepEqual(new Set(mails.flatMap((m) => m.to)), new Set(box.map((m) => m.email)), 'one message each');
  for (const m of mails)
    assert.ok(m.attachments.some((a) => a.content_type === 'text/calendar'), `an iCalendar file to ${m.to}`);
  await page.context().close();
});

test('the organizer accepts, picks an alternative and declines with the keyboard alone, from the e-mail', async () => {
  assert.ok(mails, 'the messages were sent');
  const answers = ['accept', 'alternative', 'decline'];
  const done = {};
  // three moves, each answered by a different organizer (a link works once)
  const used = new Set();
  const picks = [];
  for (const m of moves) {
    const person = organizers[m.session].find((p) => !used.has(p));
    if (picks.length < 3 && person && organizers[m.session].every((p) => !used.has(p))) {
      organizers[m.session].forEach((p) => used.add(p));
      picks.push([m, person]);
    }
  }
  assert.equal(picks.length, 3, 'three moves with different organizers');
  for (let k = 0; k < 3; k++) {
    const [move, person] = picks[k];
    const msg = mails.find((m) => m.to.includes(emailOf[person]));
    assert.ok(msg && msg.text.includes(move.session), `${person}'s message names ${move.session}`);
    const page = await newPage();
    await signIn(page, linkIn(msg));
    await axe(page, "the organizer's sessions");
    const href = `/requests/${move.request}`;
    await tabTo(page, new Function(`return document.activeElement?.getAttribute('href') === '${href}'`), href);
    await Promise.all([page.waitForURL(new RegExp(`${href}$`)), page.keyboard.press('Enter')]);
    await axe(page, 'a move request');
    if (k === 0) { // sending without a choice: the error summary takes focus
      await tabTo(page, () => document.activeElement?.textContent === 'Send answer', 'Send answer');
      await submitWithEnter(page);
      await page.waitForSelector('.error-summary');
      assert.ok(await summaryHasFocus(page),
        'the error summary has the focus');
      await axe(page, 'a move request with its error summary');
    }
    let want = answers[k];
    let id = want === 'accept' ? 'answer-accept' : want === 'decline' ? 'answer-decline' : 'answer-alt-0';
    if (want === 'alternative' && !(await page.$('#answer-alt-0'))) { want = 'accept'; id = 'answer-accept'; }
    await tabTo(page, new Function(`return document.activeElement?.type === 'radio'`), 'the answers');
    // arrow keys move within the radio group, Space chooses
    for (let i = 0; i < 6 && !(await page.evaluate((x) => document.activeElement?.id === x, id)); i++)
      await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Space');
    assert.ok(await page.evaluate((x) => document.getElementById(x).checked, id), `${id} chosen`);
    await tabTo(page, () => document.activeElement?.textContent === 'Send answer', 'Send answer');
    await submitWithEnter(page);
    await page.waitForSelector('text=Check your answer');
    await axe(page, 'the check-your-answer page');
    await tabTo(page, () => document.activeElement?.textContent === 'Confirm and send', 'Confirm and send');
    await submitWithEnter(page);
    await page.waitForSelector('.tag');
    const state = await page.textContent('dd .tag');
    assert.equal(state, want === 'decline' ? 'declined' : 'accepted');
    await axe(page, 'an answered request');
    const r = await api('GET', `/api/v1/requests/${move.request}`);
    assert.equal(r.json.answered_by, person);
    done[move.session] = r.json;
    await page.context().close();
  }
  // The public programme: still version 1 everywhere; publishing is refused while a declined
  // session sits in a closed room, in the checker's words.
  const prog = (await api('GET', '/api/v1/programme')).json;
  assert.equal(prog.version, 1);
  for (const [m] of picks) {
    const a = prog.assignments.find((x) => x.session === m.session);
    assert.deepEqual([a.room, a.start], [m.from.room, m.from.start], `${m.session} keeps its public place`);
  }
  const pub = await api('POST', '/api/v1/publish', {});
  assert.equal(pub.status, 409);
  assert.ok(pub.json.reasons.some((x) => x.includes(picks[2][0].session)), 'the declined session is named');
});

test("the admin's flow with the keyboard alone: solve, a disruption, re-plan, publish", async () => {
  const page = await newPage();
  await signIn(page, adminLink());
  const press = (label) => pressOn(page, label);
  await press('Solve the draft');
  await page.waitForURL(/\/admin\/jobs\/\d+$/);
  await axe(page, "a job's page");
  await solveFinishes(page);
  // a disruption: the first room of the last day closes in the morning
  const room = inst.rooms[0].id, day = inst.event.days[inst.event.days.length - 1];
  const typeInto = (id, text) => typeIn(page, id, text);
  await typeInto('id', room);
  await typeInto('from', `${day}T09:00`);
  await typeInto('to', `${day}T12:00`);
  await press('Record it');
  assert.ok((await page.textContent('main')).includes(`Recorded: room ${room} is closed from `), 'the disruption is recorded');
  await axe(page, "the admin's page after a disruption");
  await press('Re-plan with minimal change');
  assert.ok(/The re-plan (proposes \d+ moves?\.|changes nothing)/.test(await page.textContent('main')), 'the re-plan notice in words');
  await typeInto('note', 'Room closed on the last morning');
  await press('Publish the next version');
  const main = await page.textContent('main');
  assert.ok(main.includes('Publishing refused'),
    `publishing is refused while a declined session sits in a closed room; the page said: ${main.slice(0, 1500)}`);
  assert.ok(await summaryHasFocus(page),
    'the error summary has the focus');
  await axe(page, "the admin's page with the checker's refusal");
  assert.equal((await api('GET', '/api/v1/programme')).json.version, 1, 'the public programme is unchanged');
  await page.context().close();
});

test('every server page type has no axe violation', async () => {
  const page = await newPage();
  await signIn(page, adminLink());
  await axe(page, "the admin's page");
  const job = await api('POST', '/api/v1/solve', { seed: 2, iterations: 1000 });
  await page.goto(`${BASE}/admin/jobs/${job.json.job}`);
  await axe(page, "a job's page");
  await page.goto(`${BASE}/signin/${'A'.repeat(43)}`);
  await axe(page, 'a link that does not work');
  await page.goto(`${BASE}/nothing-here`);
  await axe(page, 'page not found');
  // the public programme at /: its CSP names the inline scripts by hash, and nothing is blocked
  const csp = [];
  page.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) csp.push(m.text()); });
  const day = inst.event.days[0];
  for (const path of ['/', `/day-${day}.html`]) {
    const resp = await page.goto(`${BASE}${path}`);
    assert.equal(resp.status(), 200, path);
    assert.ok(!resp.headers()['content-security-policy'].includes('unsafe-inline'), `${path}: no unsafe-inline`);
  }
  assert.deepEqual(csp, [], 'no CSP violation on the public pages');
  await page.context().close();
});

test('the new page types have no axe violation: the grid, the edit form, an organizer\'s links form', async () => {
  const page = await newPage();
  await signIn(page, adminLink());
  await page.goto(`${BASE}/admin/draft`);
  assert.ok(await page.$('table.grid th[scope="col"]'), 'the grid is a table with column headers');
  await axe(page, 'the draft as a grid');
  await shot(page, 'draft-grid');
  await shot(page, 'draft-grid-day', '.grid-wrap');
  const sid = inst.sessions.find((s) => s.organizers?.length).id;
  await page.goto(`${BASE}/admin/sessions/${encodeURIComponent(sid)}`);
  await axe(page, "a session's edit form");
  await page.fill('#duration', 'an hour or so');
  await page.fill('#link-document', 'ftp://example.org/doc');
  await page.focus('text=Save changes');
  await submitWithEnter(page);
  assert.ok(await summaryHasFocus(page),
    'the edit form\'s error summary has the focus');
  assert.equal(await page.locator('.error-summary li a').count(), 2, 'both errors are listed, linked to their fields');
  await axe(page, "a session's edit form with its errors");
  await shot(page, 'edit-form-errors');
  await page.context().close();

  const person = inst.sessions.find((s) => s.id === sid).organizers[0];
  const org = await newPage();
  await signIn(org, (await api('POST', `/api/v1/people/${person}/link`)).json.link);
  const href = `/me/sessions/${encodeURIComponent(sid)}`;
  await tabTo(org, new Function(`return document.activeElement?.getAttribute('href') === ${JSON.stringify(href)}`), href);
  await Promise.all([org.waitForURL(new RegExp(`${href}$`)), org.keyboard.press('Enter')]);
  await axe(org, "an organizer's links form");
  await typeIn(org, 'link-document', 'not a web address');
  await pressOn(org, 'Save links');
  assert.ok(await summaryHasFocus(org),
    'the links form\'s error summary has the focus');
  await axe(org, "an organizer's links form with its errors");
  await shot(org, 'organizer-links-errors');
  await org.context().close();
});

test("the admin's whole flow from an empty database with the keyboard alone, then the public programme", async () => {
  const BASE2 = process.env.SALLE_BASE2, MAIL2 = process.env.SALLE_MAIL2;
  const api2 = async (method, p) => (await fetch(BASE2 + p, { method, headers: { Authorization: `Bearer ${process.env.SALLE_TOKEN2}` } })).json();
  const link = execFileSync(process.env.SALLE_BIN, ['admin-link', '--db', process.env.SALLE_DB2]).toString().trim();
  const page = await newPage();
  await signIn(page, link);
  // upload: Tab reaches the file field; the file is then chosen as the system's dialog would
  // (headless Chromium does not always open its chooser for a key press: that is the browser's
  // part, not the page's)
  await tabTo(page, () => document.activeElement?.id === 'programme', 'the programme file');
  await page.locator('#programme:focus').setInputFiles(process.env.SALLE_INSTANCE);
  await pressOn(page, 'Upload');
  await page.waitForURL(/\/admin$/);
  assert.ok((await page.textContent('main')).includes('Record a disruption'), 'the upload made a draft');
  await pressOn(page, 'Solve the draft');
  await solveFinishes(page);
  await typeIn(page, 'note', 'First programme');
  await pressOn(page, 'Publish the next version');
  assert.ok((await page.textContent('main')).includes('Version 1 is published'), 'version 1 is published');
  const v1 = await (await fetch(`${BASE2}/salle-schedule.json`)).json();
  // the disruption: the busiest room of the second day closes for the morning
  const day = inst.event.days[1];
  const count = {};
  for (const a of v1.assignments) if (a.start.startsWith(day) && a.start < `${day}T13:00`) count[a.room] = (count[a.room] || 0) + 1;
  const room = Object.keys(count).sort((a, b) => count[b] - count[a])[0];
  await typeIn(page, 'id', room);
  await typeIn(page, 'from', `${day}T09:00`);
  await typeIn(page, 'to', `${day}T13:00`);
  await pressOn(page, 'Record it');
  assert.ok((await page.textContent('main')).includes(`Recorded: room ${room} is closed from `), 'the disruption is recorded');
  await pressOn(page, 'Re-plan with minimal change');
  const summary = await page.textContent('main');
  assert.ok(/The re-plan proposes [1-9]\d* moves?\./.test(summary) && !/no place left/.test(summary), `the re-plan moves sessions, none left without a place: ${summary.slice(0, 800)}`);
  // review the outbox, then send
  await tabTo(page, () => document.activeElement?.getAttribute('href') === '/admin/outbox', 'the outbox review');
  await Promise.all([page.waitForURL(/\/admin\/outbox$/), page.keyboard.press('Enter')]);
  const n = await page.locator('main section').count();
  assert.ok(n >= 1, 'messages to review');
  await axe(page, 'the outbox review (second server)');
  await pressOn(page, `Send ${n} reviewed message${n === 1 ? '' : 's'}`);
  const mails2 = await waitForMail(MAIL2, n);
  // every organizer who was written to opens their e-mail's link and accepts what is still pending
  const accepted = [];
  for (const msg of mails2) {
    const org = await newPage();
    await signIn(org, linkIn(msg));
    for (;;) {
      const href = await org.evaluate(() => [...document.querySelectorAll('tbody tr')]
        .find((tr) => tr.querySelector('.tag.pending'))?.querySelector('a')?.getAttribute('href'));
      if (!href) break;
      await tabTo(org, new Function(`return document.activeElement?.getAttribute('href') === '${href}'`), href);
      await Promise.all([org.waitForURL(new RegExp(`${href}$`)), org.keyboard.press('Enter')]);
      await tabTo(org, () => document.activeElement?.id === 'answer-accept', 'accept');
      await org.keyboard.press('Space');
      await pressOn(org, 'Send answer');
      await pressOn(org, 'Confirm and send');
      assert.equal(await org.textContent('dd .tag'), 'accepted');
      accepted.push(Number(href.split('/').pop()));
      await tabTo(org, () => document.activeElement?.textContent === 'Back to your sessions', 'back');
      await Promise.all([org.waitForURL(/\/me$/), org.keyboard.press('Enter')]);
    }
    await org.context().close();
  }
  assert.ok(accepted.length >= 1, 'the organizers accepted from their e-mails');
  await page.goto(`${BASE2}/admin`);
  await typeIn(page, 'note', 'Morning room closed');
  await pressOn(page, 'Publish the next version');
  const main = await page.textContent('main');
  assert.ok(main.includes('Version 2 is published'), `version 2 is published: ${main.slice(0, 1200)}`);
  await page.context().close();
  // the public programme, as published files
  const ver = await (await fetch(`${BASE2}/version.json`)).json();
  assert.deepEqual([ver.version, ver.note], [2, 'Morning room closed']);
  const v2 = await (await fetch(`${BASE2}/salle-schedule.json`)).json();
  for (const id of accepted) {
    const rq = await api2('GET', `/api/v1/requests/${id}`);
    const a = v2.assignments.find((x) => x.session === rq.session);
    assert.deepEqual([a.room, a.start], [rq.to.room, rq.to.start], `${rq.session} is at its accepted place`);
  }
  assert.ok(!v2.assignments.some((a) => a.room === room && a.start.startsWith(day) && a.start < `${day}T13:00`),
    'nothing is public in the closed room that morning');
  assert.ok((await (await fetch(`${BASE2}/`)).text()).includes('Version 2'), 'the public pages show version 2');
  // the independent checker on the published files, with the version's own instance
  const vinst = path.join(process.env.SALLE_WORK, 'v2-instance.json');
  fs.writeFileSync(vinst, execFileSync('/usr/bin/python3', [new URL('../server/dbquery.py', import.meta.url).pathname, process.env.SALLE_DB2,
    'SELECT instance FROM versions WHERE number = 2']));
  execFileSync(process.env.SALLE_BIN, ['check', '--quiet', vinst, path.join(process.env.SALLE_PUB2, 'salle-schedule.json')]);
});

test("a talks sheet refused on the admin's page, in Arabic, with the keyboard alone", async () => {
  // a CSV talks sheet: the server plans sessions, so it says what to do instead, and imports
  // nothing (the next test uploads to the same, still empty, server)
  const link = execFileSync(process.env.SALLE_BIN, ['admin-link', '--db', process.env.SALLE_DB3]).toString().trim();
  const talks = path.join(process.env.SALLE_WORK, 'talks.csv');
  fs.copyFileSync(new URL('../spec/data/talks.csv', import.meta.url).pathname, talks);
  const ctx = await browser.newContext({ bypassCSP: true, locale: 'ar', viewport: { width: 390, height: 844 } });
  const page = await ctx.newPage();
  await signInAndUpload(page, link, talks);
  assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
  const said = await page.textContent('.error-summary');
  // the file name and each command isolated (U+2068 ... U+2069): a command's words keep their order
  assert.ok(said.includes('\u2068talks.csv\u2069 ورقة عروض') && said.includes('\u2068salle import talks.csv -o conference.json\u2069'),
    `what to do instead, in Arabic: ${said}`);
  assert.ok(!/--schedule|--keep-times|talks sheet/.test(said), `no command-line refusal, no English: ${said}`);
  assert.equal(await page.locator('#programme').count(), 1, 'the upload form is still offered');
  await axe(page, "the admin's page refusing a talks sheet (ar, 390 px)");
  await shot(page, 'admin-upload-talks-ar-390');
  await page.setViewportSize({ width: 1280, height: 800 });
  await axe(page, "the admin's page refusing a talks sheet (ar, 1280 px)");
  await shot(page, 'admin-upload-talks-ar-1280');
  await ctx.close();
});

test("an upload's import warnings on the admin's page, in French, with the keyboard alone", async () => {
  const BASE3 = process.env.SALLE_BASE3;
  const link = execFileSync(process.env.SALLE_BIN, ['admin-link', '--db', process.env.SALLE_DB3]).toString().trim();
  // a frab file that names no time zone, gives one person id two names and has an event without
  // a duration: the import guesses the zone from the city, keeps two people, skips the event
  const frab = path.join(process.env.SALLE_WORK, 'schedule.xml');
  fs.writeFileSync(frab, '<schedule>\n<conference><title>Forum &amp; co</title><city>Brussels</city></conference>\n' +
    '<day index="1" date="2026-02-01">\n<room name="K">\n' +
    '<event id="1"><date>2026-02-01T10:00:00</date><start>10:00</start><duration>00:30</duration><title>A</title>' +
    '<persons><person id="12">Ana Lima</person></persons></event>\n' +
    '<event id="2"><date>2026-02-01T11:00:00</date><start>11:00</start><duration>00:30</duration><title>B</title>' +
    '<persons><person id="12">Bo Li</person></persons></event>\n' +
    '<event id="3"><date>2026-02-01T12:00:00</date><start>12:00</start><title>C</title></event>\n' +
    '</room>\n</day>\n</schedule>\n');
  const ctx = await browser.newContext({ bypassCSP: true, locale: 'fr-FR', viewport: { width: 1024, height: 768 } });
  const page = await ctx.newPage();
  await signInAndUpload(page, link, frab);
  assert.equal(await page.getAttribute('html', 'lang'), 'fr');
  const warned = page.locator('section[aria-labelledby="import-warnings"]');
  assert.equal(await warned.count(), 1, `the warnings' section: ${(await page.textContent('main')).slice(0, 400)}`);
  const items = await warned.locator('li').allTextContents();
  assert.equal(items.length, 3, `three warnings: ${items.join(' | ')}`);
  assert.ok(items.some((t) => t.includes('Europe/Brussels') && t.includes('ville')), `the zone from the city: ${items}`);
  assert.ok(items.some((t) => t.includes('sans durée')), `the event without a duration: ${items}`);
  assert.ok(items.some((t) => t.includes('Ana Lima') && t.includes('Bo Li') && t.includes('deux personnes')), `one id, two people: ${items}`);
  assert.ok(!/no time zone|skipped|two people/.test(await page.textContent('main')), 'nothing in English');
  await axe(page, "the admin's page with an upload's warnings (fr)");
  await shot(page, 'admin-upload-warnings-fr');
  await ctx.close();
});
