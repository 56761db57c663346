// serve-pages.mjs: `salle serve`'s pages in a real browser (run-server.sh starts the server).
//   - axe-core finds no WCAG 2.0/2.1/2.2 A or AA violation on any server page type: sign-in, an
//     organizer's sessions, a move request (with and without its error summary), the answered
//     request, the admin's page, a job's page, a "link does not work" page, 404;
//   - the organizer's flow with the keyboard alone: open the link, Continue, the request, accept,
//     check the answer and confirm;
//     another request: pick an alternative; another: decline; the error summary takes focus;
//   - the admin's flow with the keyboard alone: solve (the job's page), record a disruption,
//     re-plan, publish (refused in the checker's words, the error summary focused);
//   - afterwards the public programme (GET /api/v1/programme) shows the accepted places only once
//     published, and publishing with a declined session in a closed room is refused.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const AXE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const BASE = process.env.SALLE_BASE;
const TOKEN = process.env.SALLE_TOKEN;
const inst = JSON.parse(fs.readFileSync(process.env.SALLE_INSTANCE, 'utf8'));
const organizers = Object.fromEntries(inst.sessions.map((s) => [s.id, s.organizers?.length ? s.organizers : (s.speakers || [])]));
let browser;

async function api(method, path, body) {
  const r = await fetch(BASE + path, { method, headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
    body: body ? JSON.stringify(body) : undefined });
  return { status: r.status, json: await r.json() };
}

async function axe(page, what) {
  // the server's CSP forbids script; axe is injected by the test harness with the CSP bypassed
  await page.addScriptTag({ content: AXE });
  const res = await page.evaluate(async (tags) => {
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: tags } });
    return r.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  }, AXE_TAGS);
  assert.deepEqual(res, [], `axe on ${what}`);
}

// Presses Tab until the focused element matches pred (evaluated in the page); fails after 40.
async function tabTo(page, pred, what) {
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(pred)) return;
  }
  assert.fail(`Tab never reached ${what}`);
}

// Enter on a form's button, then the page the form leads to. (waitForLoadState('load') would
// resolve at once on the page already loaded, and the test would read the old page.)
async function submitWithEnter(page) {
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.keyboard.press('Enter')]);
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

// A fresh admin sign-in link (each one supersedes the last, and works once).
function adminLink() {
  return execFileSync(process.env.SALLE_BIN, ['admin-link', '--db', process.env.SALLE_DB]).toString().trim();
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

test('the organizer accepts, picks an alternative and declines with the keyboard alone', async () => {
  const answers = ['accept', 'alternative', 'decline'];
  const done = {};
  for (let k = 0; k < 3; k++) {
    const move = moves[k];
    const person = organizers[move.session][0];
    const { json } = await api('POST', `/api/v1/people/${person}/link`);
    const page = await newPage();
    await signIn(page, json.link);
    await axe(page, "the organizer's sessions");
    const href = `/requests/${move.request}`;
    await tabTo(page, new Function(`return document.activeElement?.getAttribute('href') === '${href}'`), href);
    await Promise.all([page.waitForURL(new RegExp(`${href}$`)), page.keyboard.press('Enter')]);
    await axe(page, 'a move request');
    if (k === 0) { // sending without a choice: the error summary takes focus
      await tabTo(page, () => document.activeElement?.textContent === 'Send answer', 'Send answer');
      await submitWithEnter(page);
      await page.waitForSelector('.error-summary');
      assert.ok(await page.evaluate(() => document.activeElement?.classList.contains('error-summary')),
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
  for (const m of moves.slice(0, 3)) {
    const a = prog.assignments.find((x) => x.session === m.session);
    assert.deepEqual([a.room, a.start], [m.from.room, m.from.start], `${m.session} keeps its public place`);
  }
  const pub = await api('POST', '/api/v1/publish', {});
  assert.equal(pub.status, 409);
  assert.ok(pub.json.reasons.some((x) => x.includes(moves[2].session)), 'the declined session is named');
});

test("the admin's flow with the keyboard alone: solve, a disruption, re-plan, publish", async () => {
  const page = await newPage();
  await signIn(page, adminLink());
  const press = async (label) => {
    await tabTo(page, new Function(`return document.activeElement?.textContent === ${JSON.stringify(label)}`), label);
    await submitWithEnter(page);
  };
  await press('Solve the draft');
  await page.waitForURL(/\/admin\/jobs\/\d+$/);
  await axe(page, "a job's page");
  for (let i = 0; i < 600 && !(await page.$('progress[value="100"]')); i++) {
    await page.waitForTimeout(200);
    await page.reload();
  }
  assert.ok(await page.$('progress[value="100"]'), 'the solve finishes');
  await tabTo(page, () => document.activeElement?.textContent === 'Back to the administration', 'back');
  await Promise.all([page.waitForURL(/\/admin$/), page.keyboard.press('Enter')]);
  // a disruption: the first room of the last day closes in the morning
  const room = inst.rooms[0].id, day = inst.event.days[inst.event.days.length - 1];
  const typeInto = async (id, text) => {
    await tabTo(page, new Function(`return document.activeElement?.id === ${JSON.stringify(id)}`), id);
    await page.keyboard.type(text);
  };
  await typeInto('id', room);
  await typeInto('from', `${day}T09:00`);
  await typeInto('to', `${day}T12:00`);
  await press('Record it');
  assert.ok((await page.textContent('main')).includes(`disruption room_closed ${room}`), 'the disruption is recorded');
  await axe(page, "the admin's page after a disruption");
  await press('Re-plan with minimal change');
  assert.ok((await page.textContent('main')).includes('re-plan:'), 'the re-plan summary in words');
  await typeInto('note', 'Room closed on the last morning');
  await press('Publish the next version');
  const main = await page.textContent('main');
  assert.ok(main.includes('publishing refused'),
    `publishing is refused while a declined session sits in a closed room; the page said: ${main.slice(0, 1500)}`);
  assert.ok(await page.evaluate(() => document.activeElement?.classList.contains('error-summary')),
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
