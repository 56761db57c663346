// site.test.mjs: the static web programme (salle export site) in a real browser.
//
// run.sh builds two sites and passes their folders: SALLE_SITE (an IGF-sized event, with a
// changelog) and SALLE_BIG_SITE (FOSDEM-sized: 900+ sessions, dozens of rooms). This file serves
// them over HTTP on 127.0.0.1 and checks, in Chromium through playwright-core:
//   - axe-core finds no WCAG 2.0/2.1/2.2 A and AA violation on any page type, wide and narrow;
//   - a keyboard alone gets through a day: skip link first, then every link in document order,
//     and Enter on a session opens it;
//   - nothing scrolls sideways on a phone (320 and 375 CSS pixels), grids scroll inside their
//     labelled regions;
//   - the pages work without JavaScript, the filter script only adds to them, print shows a list;
//   - no request leaves the site (no fonts, no CDNs).
// Screenshots for a person to look at go to tests/browser/screenshots/ (git-ignored).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const AXE = require.resolve('axe-core/axe.min.js');
const HERE = path.dirname(fileURLToPath(import.meta.url));
const SHOTS = path.join(HERE, 'screenshots');
const SITES = { small: process.env.SALLE_SITE, big: process.env.SALLE_BIG_SITE,
  versions: process.env.SALLE_VERSIONS_SITE, langs: process.env.SALLE_LANGS_SITE,
  talks: process.env.SALLE_TALKS_SITE };
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 375, height: 740 };
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

if (!SITES.small || !fs.existsSync(path.join(SITES.small, 'index.html')))
  throw new Error('set SALLE_SITE to a folder written by `salle export site` (run.sh does)');

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.ics': 'text/calendar; charset=utf-8', '.atom': 'application/atom+xml; charset=utf-8',
  '.png': 'image/png', '.js': 'text/javascript; charset=utf-8',
};

let server, base, browser;

// A static file server: /small/... and /big/... map onto the two site folders.
function serve(req, res) {
  const url = new URL(req.url, 'http://x');
  if (url.pathname === '/_axe.js') { // axe-core, from this origin, so that script-src 'self' lets it in
    res.writeHead(200, { 'content-type': TYPES['.js'] });
    fs.createReadStream(AXE).pipe(res);
    return;
  }
  const [, name, ...rest] = decodeURIComponent(url.pathname).split('/');
  const root = SITES[name];
  let file = root && path.resolve(root, rest.join('/') || 'index.html');
  if (!file || !file.startsWith(path.resolve(root)) || !fs.existsSync(file) ||
      fs.statSync(file).isDirectory()) {
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found');
    return;
  }
  // the strict policy a deployment should send: the filter must work from its own file, since no
  // inline script may run
  res.writeHead(200, { 'content-type': TYPES[path.extname(file)] || 'application/octet-stream',
    'content-security-policy': "default-src 'self'; script-src 'self'; style-src 'self'" });
  fs.createReadStream(file).pipe(res);
}

before(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  server = http.createServer(serve);
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  base = `http://127.0.0.1:${server.address().port}`;
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--no-first-run'],
  });
});

after(async () => {
  await browser?.close();
  await new Promise((ok) => (server ? server.close(ok) : ok()));
});

// The first file (in name order) of a folder of the site, as a site path; null when none.
function first(site, dir, suffix = '.html') {
  const d = path.join(SITES[site], dir);
  if (!fs.existsSync(d)) return null;
  const f = fs.readdirSync(d).filter((x) => x.endsWith(suffix)).sort()[0];
  return f ? (dir === '.' ? f : `${dir}/${f}`) : null;
}

// The day with the most sessions: the hardest page to get right.
function busiestDay(site) {
  const days = fs.readdirSync(SITES[site]).filter((f) => /^day-\d{4}-\d\d-\d\d\.html$/.test(f));
  let best = null, most = -1;
  for (const f of days) {
    const n = (fs.readFileSync(path.join(SITES[site], f), 'utf8').match(/<li><a class="title"/g) || []).length;
    if (n > most) { most = n; best = f; }
  }
  return best;
}

// Every page type of a site, as [label, path].
function pageTypes(site) {
  const day = busiestDay(site);
  const list = [
    ['index', 'index.html'],
    ['day', day],
    ['day list', day.replace('.html', '-list.html')],
    ['rooms', 'rooms.html'],
    ['room', first(site, 'room')],
    ['tracks', 'tracks.html'],
    ['track', first(site, 'track')],
    ['people', 'people.html'],
    ['person', first(site, 'person')],
    ['session', first(site, 's')],
  ];
  if (fs.existsSync(path.join(SITES[site], 'changes.html'))) list.push(['changes', 'changes.html']);
  if (site === 'versions') {
    list.push(['cancelled session (dropped)', 's/ws-2.html'], ['cancelled session (marked)', 's/ws-3.html'],
      ['session in Arabic', 's/ws-7.html'], ['moved session', 's/ws-5.html'],
      ['remote speaker', 'person/kenji.html']);
  }
  if (site === 'talks') {
    const roomWithBlocks = fs.readdirSync(path.join(SITES[site], 'room')).sort()
      .find((f) => fs.readFileSync(path.join(SITES[site], 'room', f), 'utf8').includes('href="../b/'));
    list.push(['session block', first(site, 'b')], ['talk', 't/ml-2.html'], ['chair', 'person/bo.html'],
      ['room with session blocks', roomWithBlocks && `room/${roomWithBlocks}`]);
  }
  return list.filter(([, p]) => p);
}

async function newPage(viewport, opts = {}) {
  const context = await browser.newContext({ viewport, ...opts });
  const page = await context.newPage();
  const outside = [];
  page.on('request', (r) => { if (!r.url().startsWith(base)) outside.push(r.url()); });
  page.outside = outside;
  return page;
}

async function axe(page) {
  await page.addScriptTag({ url: '/_axe.js' });
  return page.evaluate(async (tags) => {
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: tags } });
    return r.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')}: ${n.failureSummary}`),
      count: v.nodes.length,
    }));
  }, AXE_TAGS);
}

function report(violations) {
  return violations.map((v) => `${v.id} (${v.impact}, ${v.count} nodes): ${v.help}\n    ` +
    v.nodes.join('\n    ')).join('\n');
}

for (const site of ['small', 'big', 'versions', 'talks']) {
  // One page per width that goes from page type to page type (each check a fresh load of its
  // page), rather than a browser context per check: a context costs a renderer process, about
  // twice the CPU of the check itself (bench/results-2026-12-03-testtime.txt).
  test(`${site} site: axe finds no WCAG 2.2 AA violation on any page type`, { skip: !SITES[site] }, async (t) => {
    for (const [vname, vp] of [['desktop', DESKTOP], ['phone', PHONE]]) {
      const page = await newPage(vp);
      for (const [label, rel] of pageTypes(site)) {
        await t.test(`${label} (${rel}) at ${vname} width`, async () => {
          page.outside.length = 0;
          const resp = await page.goto(`${base}/${site}/${rel}`);
          assert.equal(resp.status(), 200);
          assert.equal(page.url(), `${base}/${site}/${rel}`);
          const v = await axe(page);
          assert.equal(v.length, 0, `axe violations on ${rel} (${vname}):\n${report(v)}`);
          assert.deepEqual(page.outside, [], 'requests left the site');
        });
      }
      await page.context().close();
    }
  });

  test(`${site} site: no sideways scrolling of the page at 320 and 375 px`, { skip: !SITES[site] }, async () => {
    const bad = [];
    for (const width of [320, 375]) {
      const page = await newPage({ width, height: 740 });
      for (const [label, rel] of pageTypes(site)) {
        await page.goto(`${base}/${site}/${rel}`);
        const m = await page.evaluate(() => ({
          scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
        if (m.scroll > m.inner) bad.push(`${label} ${rel} at ${width}px: scrollWidth ${m.scroll} > ${m.inner}`);
      }
      await page.context().close();
    }
    assert.deepEqual(bad, []);
  });
}

test('keyboard alone: skip link, document order, Enter opens a session', async () => {
  const day = busiestDay('small');
  const page = await newPage(DESKTOP);
  await page.goto(`${base}/small/${day}`);

  // The first Tab lands on the skip link, and it is visible when focused.
  await page.keyboard.press('Tab');
  const skip = await page.evaluate(() => {
    const a = document.activeElement, r = a.getBoundingClientRect();
    return { text: a.textContent, href: a.getAttribute('href'), top: r.top, h: r.height };
  });
  assert.equal(skip.text, 'Skip to main content');
  assert.equal(skip.href, '#main');
  assert.ok(skip.top >= 0 && skip.h > 0, `skip link not visible when focused: ${JSON.stringify(skip)}`);

  // Enter moves focus to main, past the header's navigation.
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'main');

  // From there, Tab visits every visible focusable element of main in document order.
  const expected = await page.evaluate(() => {
    const sel = 'a[href], [tabindex="0"], summary, input, button, select, textarea';
    const els = [...document.querySelectorAll(`main ${sel}`)]
      .filter((e) => e.getClientRects().length > 0 && !e.closest('details:not([open]) > :not(summary)'));
    els.forEach((e, i) => e.setAttribute('data-kb', String(i)));
    return els.map((e) => ({ tag: e.tagName, href: e.getAttribute('href') }));
  });
  const firstSession = expected.findIndex((e) => e.href && e.href.startsWith('s/'));
  assert.ok(firstSession >= 0, 'no session link on the day page');
  const steps = Math.min(expected.length, firstSession + 25);
  for (let i = 0; i < steps; i++) {
    await page.keyboard.press('Tab');
    const got = await page.evaluate(() => document.activeElement.getAttribute('data-kb'));
    assert.equal(got, String(i), `Tab ${i + 1} after the skip link: expected ${JSON.stringify(expected[i])}, ` +
      `focus is on element ${got}`);
  }

  // Back to the first session link with Shift+Tab, then Enter opens its page.
  for (let i = steps - 1; i > firstSession; i--) await page.keyboard.press('Shift+Tab');
  const title = await page.evaluate(() => document.activeElement.textContent);
  await Promise.all([page.waitForURL(/\/s\/[^/]+\.html$/), page.keyboard.press('Enter')]);
  assert.equal(await page.locator('h1').textContent(), title);
  assert.equal(await page.locator('h1').count(), 1);
  await page.context().close();
});

test('a grid region scrolls with the keyboard and is labelled by its caption', async () => {
  const page = await newPage(DESKTOP);
  await page.goto(`${base}/${SITES.big ? 'big' : 'small'}/${busiestDay(SITES.big ? 'big' : 'small')}`);
  const regions = await page.evaluate(() => [...document.querySelectorAll('.day-grid .scroll')].map((r) => ({
    role: r.getAttribute('role'), tab: r.tabIndex,
    label: document.getElementById(r.getAttribute('aria-labelledby'))?.tagName,
    cols: r.querySelectorAll('thead th').length - 1,
  })));
  assert.ok(regions.length > 0);
  for (const r of regions) {
    assert.deepEqual([r.role, r.tab, r.label], ['region', 0, 'CAPTION']);
    assert.ok(r.cols >= 1 && r.cols <= 8, `a grid table has ${r.cols} room columns`);
  }
  await page.context().close();
});

test('the day page is a list on a phone and a grid on a wide screen; print is a list', async () => {
  const day = busiestDay('small');
  const shown = (page) => page.evaluate(() => ({
    list: getComputedStyle(document.querySelector('.day-list')).display !== 'none',
    grid: getComputedStyle(document.querySelector('.day-grid')).display !== 'none',
  }));
  const phone = await newPage(PHONE);
  await phone.goto(`${base}/small/${day}`);
  assert.deepEqual(await shown(phone), { list: true, grid: false });
  await phone.context().close();
  const wide = await newPage(DESKTOP);
  await wide.goto(`${base}/small/${day}`);
  assert.deepEqual(await shown(wide), { list: false, grid: true });
  await wide.emulateMedia({ media: 'print' });
  assert.deepEqual(await shown(wide), { list: true, grid: false });
  await wide.context().close();
});

test('without JavaScript the list is whole; with it, the filter narrows it', async () => {
  const rel = busiestDay('small').replace('.html', '-list.html');
  const plain = await newPage(DESKTOP, { javaScriptEnabled: false });
  await plain.goto(`${base}/small/${rel}`);
  const total = await plain.locator('#sessions li').count();
  assert.ok(total > 1);
  assert.equal(await plain.locator('#filter').count(), 0);
  await plain.context().close();

  const page = await newPage(DESKTOP);
  await page.goto(`${base}/small/${rel}`);
  const word = (await page.locator('#sessions li .title').first().textContent()).trim().split(/\s+/)[0];
  await page.getByLabel('Filter these sessions by any word').fill(word);
  await page.waitForFunction(() => document.querySelector('[role=status]').textContent !== '');
  const visible = await page.locator('#sessions li:visible').count();
  assert.ok(visible >= 1 && visible <= total);
  assert.match(await page.locator('[role=status]').textContent(), new RegExp(`^${visible} of ${total} sessions shown$`));
  await page.context().close();
});

test('screenshots of a day and a session, desktop and phone', async () => {
  for (const site of ['small', 'big']) {
    if (!SITES[site]) continue;
    const day = busiestDay(site);
    const session = first(site, 's');
    for (const [vname, vp] of [['desktop', DESKTOP], ['phone', PHONE]]) {
      const page = await newPage(vp);
      await page.goto(`${base}/${site}/${day}`);
      await page.screenshot({ path: path.join(SHOTS, `${site}-day-${vname}.png`) });
      if (vname === 'desktop') {
        await page.locator('.day-grid').scrollIntoViewIfNeeded();
        await page.screenshot({ path: path.join(SHOTS, `${site}-grid-${vname}.png`) });
      }
      await page.goto(`${base}/${site}/${session}`);
      await page.screenshot({ path: path.join(SHOTS, `${site}-session-${vname}.png`), fullPage: true });
      await page.context().close();
    }
  }
});

test('every link inside the small site leads to a file that exists', async () => {
  const root = SITES.small, missing = new Set();
  const walk = (dir) => fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]);
  for (const f of walk(root).filter((x) => x.endsWith('.html'))) {
    const html = fs.readFileSync(f, 'utf8');
    for (const m of html.matchAll(/href="([^"#]+)(#[^"]*)?"/g)) {
      if (/^[a-z]+:/.test(m[1])) continue; // the event's own site
      const target = path.resolve(path.dirname(f), m[1].replace(/&amp;/g, '&'));
      if (!fs.existsSync(target)) missing.add(`${path.relative(root, f)} -> ${m[1]}`);
    }
  }
  assert.deepEqual([...missing].slice(0, 20), []);
});

// ---------------------------------------------------------------- two versions (issue 8)

const V = SITES.versions;
const vskip = { skip: !V };
const vday = 'day-2018-11-12.html';
const read = (rel) => fs.readFileSync(path.join(V, rel), 'utf8');

test('versions: a session spans every row of its time in the grid', vskip, async () => {
  const page = await newPage(DESKTOP);
  await page.goto(`${base}/versions/${vday}`);
  const grid = await page.evaluate(() => {
    const t = document.querySelector('.day-grid table');
    const cols = [...t.querySelectorAll('thead th')].map((th) => th.textContent);
    // Lay the table out as the browser does (rowspan included): which session covers each slot.
    const rows = [...t.tBodies[0].rows], taken = rows.map(() => []), out = {};
    rows.forEach((tr, r) => {
      let c = 1;
      for (const td of tr.cells) {
        if (td.tagName === 'TH') continue;
        while (taken[r][c]) c++;
        for (let k = 0; k < td.rowSpan; k++) taken[r + k][c] = td.querySelector('.cell a')?.textContent || 'free';
        c++;
      }
      out[tr.cells[0].textContent] = Object.fromEntries(cols.slice(1).map((name, i) => [name, taken[r][i + 1]]));
    });
    return { out, span: t.querySelector('td[rowspan]')?.textContent };
  });
  // The 90-minute opening (09:00-10:30) also holds the 10:00 row of the plenary hall.
  assert.equal(grid.out['09:00']['Plenary hall'], 'Opening ceremony');
  assert.equal(grid.out['10:00']['Plenary hall'], 'Opening ceremony');
  assert.equal(grid.out['10:00']['Room 2'], 'free');
  assert.equal(grid.out['11:00']['Plenary hall'], 'Longer now');
  assert.match(grid.span, /^Opening ceremony/);
  // Screen readers read the spanned cell as the cell of the 10:00 row too.
  const headers = await page.evaluate(() => {
    const td = document.querySelector('.day-grid td[rowspan]');
    return { rows: td.rowSpan, aria: td.closest('table').getAttribute('role') };
  });
  assert.equal(headers.rows, 2);
  assert.equal(headers.aria, null, 'the grid stays a native table');
  await page.context().close();
});

test('versions: badges describe the session, not its room', vskip, async () => {
  const page = await newPage(DESKTOP);
  await page.goto(`${base}/versions/${vday}`);
  const badges = await page.evaluate(() => Object.fromEntries([...document.querySelectorAll('.day-grid .cell')]
    .map((c) => [c.querySelector('a').textContent, [...c.querySelectorAll('.badge [aria-hidden]')].map((b) => b.textContent)])));
  assert.deepEqual(badges['Opening ceremony'], ['CC', 'INT', 'SF']); // booked captioning and interpreters
  assert.deepEqual(badges['Longer now'], ['SF']);                    // same hall, nothing booked
  assert.deepEqual(badges['Remote keynote'], ['REM']);               // speaker joins from Tokyo
  assert.deepEqual(badges['Stays where it was'], []);                // Room 2 has captioning, not booked
  await page.context().close();
});

test('versions: every page says which version it shows and when it was published', vskip, () => {
  const walk = (dir) => fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]);
  const pages = walk(V).filter((f) => f.endsWith('.html'));
  assert.ok(pages.length > 20);
  for (const f of pages) {
    const html = fs.readFileSync(f, 'utf8');
    assert.match(html, /<p class="version">Version v2 \(test\), published <time datetime="2018-11-29T14:00:00Z">29 November 2018, 14:00 UTC<\/time>/,
      `${path.relative(V, f)} has no version line`);
  }
});

test('versions: new, moved, cancelled and lengthened sessions are marked in the grid and on their pages', vskip, async () => {
  const page = await newPage(DESKTOP);
  await page.goto(`${base}/versions/${vday}`);
  const marks = await page.evaluate(() => Object.fromEntries([...document.querySelectorAll('.day-grid .cell')]
    .map((c) => [c.querySelector('a').textContent, c.querySelector('.mark')?.textContent || null])));
  assert.equal(marks['Gouvernance ouverte'], 'New');
  assert.equal(marks['Moves'], 'Moved');
  assert.equal(marks['Longer now'], 'New length');
  assert.equal(marks['Called off'], 'Cancelled');
  assert.equal(marks['Stays where it was'], null);
  // The dropped session has no cell; the day says it was cancelled and links to its page.
  const gone = page.locator('h2:text("Cancelled this day") + ul li');
  assert.equal(await gone.count(), 1);
  assert.match(await gone.textContent(), /Dropped talk\s*Cancelled\s*Was Mon 12 Nov 09:00, Room 3/);
  await page.goto(`${base}/versions/s/ws-5.html`);
  assert.match(await page.locator('.notice').textContent(), /^Moved In the previous version it was on Mon 12 Nov 15:00 in Plenary hall\./);
  await page.goto(`${base}/versions/s/ws-4.html`);
  assert.match(await page.locator('.notice').textContent(), /New length In the previous version it was at the same time but 60 minutes long\./);
  await page.goto(`${base}/versions/s/ws-6.html`);
  assert.match(await page.locator('.notice').textContent(), /^New This session is new/);
  await page.context().close();
});

test('versions: a cancelled session keeps its page, which says so', vskip, async () => {
  const page = await newPage(DESKTOP);
  // dropped from the new version: the old address still answers
  let resp = await page.goto(`${base}/versions/s/ws-2.html`);
  assert.equal(resp.status(), 200);
  assert.equal(await page.locator('h1').textContent(), 'Cancelled Dropped talk');
  assert.match(await page.locator('main').textContent(), /no longer in the programme/);
  assert.match(await page.locator('dl.facts dd').first().textContent(), /^Mon 12 Nov 09:00–10:00, Room 3/);
  // marked cancelled by its publisher
  resp = await page.goto(`${base}/versions/s/ws-3.html`);
  assert.equal(resp.status(), 200);
  assert.match(await page.locator('.notice').textContent(), /The publisher has cancelled this session/);
  assert.equal(await page.locator('a[href$=".ics"][href*="/s-"]').count(), 0, 'no calendar entry for a cancelled session');
  // the changelog lists both with their old time and room, linked to those pages
  await page.goto(`${base}/versions/changes.html`);
  const cancelled = await page.evaluate(() => {
    const h = [...document.querySelectorAll('h2')].find((x) => x.textContent.startsWith('Cancelled'));
    return [...h.nextElementSibling.querySelectorAll('li')].map((li) => [li.querySelector('a').getAttribute('href'), li.textContent]);
  });
  assert.deepEqual(cancelled.map(([href]) => href), ['s/ws-2.html', 's/ws-3.html']);
  assert.match(cancelled[0][1], /Was: Mon 12 Nov 09:00–10:00, Room 3\. Now: not in the programme\./);
  assert.match(cancelled[1][1], /Was: Mon 12 Nov 14:00–15:00, Room 2\. Now: cancelled by the publisher\./);
  const resized = await page.locator('h2:text("Sessions with a new length") + ul li').textContent();
  assert.match(resized, /Was: Mon 12 Nov 11:00–12:00, Plenary hall.*Now: Mon 12 Nov 11:00–13:00, Plenary hall/s);
  await page.context().close();
  // and the feed has an entry per change, the dropped one included
  const atom = read('changes.atom');
  assert.equal((atom.match(/<entry>/g) || []).length, 5);
  assert.match(atom, /<title>Cancelled: Dropped talk<\/title>/);
});

test('versions: long days offer jump-to-time links that lead somewhere', vskip, async () => {
  const page = await newPage(DESKTOP);
  for (const rel of [vday, vday.replace('.html', '-list.html')]) {
    await page.goto(`${base}/versions/${rel}`);
    const jumps = await page.evaluate(() => [...document.querySelectorAll('nav.jump a')].map((a) => ({
      text: a.textContent, ok: !!document.getElementById(a.getAttribute('href').slice(1)) })));
    assert.ok(jumps.length >= 4, `${rel}: ${jumps.length} jump links`);
    assert.deepEqual(jumps.filter((j) => !j.ok), []);
    assert.equal(jumps[0].text, '09:00');
  }
  // on a wide screen the visible ones go to grid rows
  await page.goto(`${base}/versions/${vday}`);
  await page.locator('.day-grid nav.jump a', { hasText: '16:00' }).click();
  assert.equal(await page.evaluate(() => location.hash), '#at-960');
  await page.context().close();
});

test('versions: the people index has A-Z navigation', vskip, async () => {
  const page = await newPage(DESKTOP);
  await page.goto(`${base}/versions/people.html`);
  const az = await page.evaluate(() => [...document.querySelectorAll('nav.az a')].map((a) => [a.textContent,
    document.getElementById(a.getAttribute('href').slice(1))?.textContent]));
  assert.ok(az.length >= 6);
  for (const [letter, heading] of az) assert.equal(heading, letter);
  assert.equal(await page.locator('nav.az').getAttribute('aria-label'), 'People by initial');
  await page.context().close();
});

test('versions: a remote speaker page gives times in their own zone too', vskip, () => {
  const html = read('person/kenji.html');
  assert.match(html, /11:00<\/time>–<time datetime="2018-11-12T12:00\+01:00">12:00<\/time> <span class="local">\(19:00–20:00 in Asia\/Tokyo, their own time\)<\/span>/);
  assert.doesNotMatch(read('person/anna.html'), /class="local"/);
});

test('versions: each session has its own calendar file', vskip, async () => {
  const page = await newPage(DESKTOP);
  await page.goto(`${base}/versions/s/ws-5.html`);
  const link = page.getByRole('link', { name: 'This session in your calendar (iCalendar)' });
  const href = await link.getAttribute('href');
  assert.equal(href, '../ics/s-ws-5.ics');
  const resp = await page.request.get(`${base}/versions/ics/s-ws-5.ics`);
  assert.equal(resp.status(), 200);
  const ics = await resp.text();
  assert.equal((ics.match(/BEGIN:VEVENT/g) || []).length, 1);
  assert.match(ics, /SUMMARY:Moves\r\n/);
  assert.match(ics, /DTSTART;TZID=Europe\/Paris:20181112T160000\r\n/);
  await page.context().close();
});

test('versions: sessions in another language carry lang, and dir for Arabic', vskip, async () => {
  const page = await newPage(DESKTOP);
  await page.goto(`${base}/versions/${vday}`);
  const ar = page.locator('.day-grid a[lang="ar"]');
  assert.equal(await ar.getAttribute('dir'), 'rtl');
  assert.equal(await ar.textContent(), 'الحوكمة الرقمية');
  assert.equal(await page.locator('.day-grid a[lang="fr"]').textContent(), 'Gouvernance ouverte');
  assert.equal(await page.locator('.day-grid a[lang="fr"]').getAttribute('dir'), null);
  assert.equal(await page.locator('.day-grid a[lang]').count(), 2, 'English titles carry no lang of their own');
  await page.goto(`${base}/versions/s/ws-7.html`);
  assert.deepEqual([await page.locator('h1').getAttribute('lang'), await page.locator('h1').getAttribute('dir')], ['ar', 'rtl']);
  await page.context().close();
});

test('versions: screenshots of a day grid and of a cancelled session', vskip, async () => {
  const page = await newPage(DESKTOP);
  await page.goto(`${base}/versions/${vday}`);
  await page.locator('.day-grid').screenshot({ path: path.join(SHOTS, 'versions-grid-desktop.png') });
  await page.goto(`${base}/versions/s/ws-2.html`);
  await page.screenshot({ path: path.join(SHOTS, 'versions-cancelled-desktop.png'), fullPage: true });
  await page.context().close();
  const phone = await newPage(PHONE);
  await phone.goto(`${base}/versions/s/ws-3.html`);
  await phone.screenshot({ path: path.join(SHOTS, 'versions-cancelled-phone.png'), fullPage: true });
  await phone.context().close();
});

// ---------------------------------------------------------------- issue 11: languages, full rooms

const LANGS = ['en', 'fr', 'es', 'ar'];
const LANG_PAGES = ['index.html', 'day-2018-11-12.html', 'day-2018-11-12-list.html', 'rooms.html',
  'room/r2.html', 'people.html', 'person/kenji.html', 's/ws-1.html', 's/ws-7.html', 's/ws-2.html',
  'changes.html'];

// Every page type in Arabic (the one whose layout differs) at both widths; the other languages'
// pages have the same markup with other words, so the main page types there, at desktop width.
test('every language: axe finds no WCAG 2.2 AA violation', { skip: !SITES.langs }, async (t) => {
  const runs = [['chooser', DESKTOP, ['index.html']], ['chooser', PHONE, ['index.html']]];
  for (const l of ['en', 'fr', 'es'])
    runs.push([l, DESKTOP, ['index.html', 'day-2018-11-12.html', 's/ws-1.html', 'changes.html'].map((p) => `${l}/${p}`)]);
  for (const vp of [DESKTOP, PHONE]) runs.push(['ar', vp, LANG_PAGES.map((p) => `ar/${p}`)]);
  for (const [label, vp, rels] of runs) {
    // the chooser in a browser whose language the site does not have, so that it stays
    const page = await newPage(vp, label === 'chooser' ? { locale: 'de-DE' } : {});
    for (const rel of rels) {
      await t.test(`${label}: ${rel} at ${vp.width}px`, async () => {
        const resp = await page.goto(`${base}/langs/${rel}`);
        assert.equal(resp.status(), 200);
        assert.equal(page.url(), `${base}/langs/${rel}`);
        if (label !== 'chooser') {
          assert.equal(await page.evaluate(() => document.documentElement.lang), label);
          const scroll = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
          assert.ok(scroll <= 0, `${rel} scrolls sideways by ${scroll}px at ${vp.width}px`);
        }
        const v = await axe(page);
        assert.equal(v.length, 0, `axe violations on ${rel} (${vp.width}px):\n${report(v)}`);
      });
    }
    assert.deepEqual(page.outside, [], 'requests left the site');
    await page.context().close();
  }
});

test('Arabic: right to left, and the grid mirrors (its first column is on the right)', { skip: !SITES.langs }, async () => {
  const page = await newPage(DESKTOP);
  await page.goto(`${base}/langs/ar/day-2018-11-12.html`);
  const m = await page.evaluate(() => {
    const ths = [...document.querySelectorAll('.day-grid table.grid thead th')];
    const box = (e) => e.getBoundingClientRect();
    const nav = [...document.querySelectorAll('nav[aria-label] ul li a')].filter((a) => !a.closest('.langs'));
    return {
      lang: document.documentElement.getAttribute('lang'), dir: document.documentElement.getAttribute('dir'),
      computed: getComputedStyle(document.body).direction,
      firstCol: box(ths[0]).left, secondCol: box(ths[1]).left, lastCol: box(ths[ths.length - 1]).left,
      firstText: ths[0].textContent,
      navFirst: box(nav[0]).left, navSecond: box(nav[1]).left,
      itemBorderRight: getComputedStyle(document.querySelector('ul.sessions li')).borderRightWidth,
    };
  });
  await page.screenshot({ path: path.join(SHOTS, 'ar-day-desktop.png'), fullPage: true });
  await page.goto(`${base}/langs/ar/day-2018-11-12-list.html`);
  await page.screenshot({ path: path.join(SHOTS, 'ar-day-list.png'), fullPage: false });
  await page.goto(`${base}/langs/ar/s/ws-1.html`);
  await page.screenshot({ path: path.join(SHOTS, 'ar-session.png'), fullPage: true });
  await page.context().close();
  assert.equal(m.lang, 'ar');
  assert.equal(m.dir, 'rtl');
  assert.equal(m.computed, 'rtl');
  assert.equal(m.firstText, '\u0627\u0644\u0648\u0642\u062a'); /* "Time", in Arabic */
  assert.ok(m.firstCol > m.secondCol && m.secondCol > m.lastCol,
    `grid columns do not run right to left: ${JSON.stringify(m)}`);
  assert.ok(m.navFirst > m.navSecond, `navigation does not run right to left: ${JSON.stringify(m)}`);
  assert.notEqual(m.itemBorderRight, '0px', 'the list items\' edge bar stays on the left');
});

test('language switcher: every page links the same page in each other language', { skip: !SITES.langs }, async () => {
  const page = await newPage(DESKTOP);
  for (const l of LANGS) {
    await page.goto(`${base}/langs/${l}/s/ws-1.html`);
    const links = await page.$$eval('nav.langs a', (as) => as.map((a) => ({
      href: a.href, lang: a.lang, current: a.getAttribute('aria-current'), text: a.textContent })));
    assert.deepEqual(links.map((x) => x.lang), LANGS);
    assert.deepEqual(links.map((x) => x.text), ['English', 'Fran\u00e7ais', 'Espa\u00f1ol', '\u0627\u0644\u0639\u0631\u0628\u064a\u0629']);
    for (const x of links) {
      assert.equal(x.href, `${base}/langs/${x.lang}/s/ws-1.html`);
      assert.equal(x.current, x.lang === l ? 'page' : null);
    }
  }
  // following one lands on that language's page
  await page.goto(`${base}/langs/en/room/r2.html`);
  await page.click('nav.langs a[lang=es]');
  assert.equal(page.url(), `${base}/langs/es/room/r2.html`);
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'es');
  assert.equal(await page.textContent('h1'), 'Room 2');
  await page.context().close();
});

test('the root picks the browser\'s language; without a match or without JavaScript it offers links', { skip: !SITES.langs }, async () => {
  for (const [locale, want] of [['fr-FR', 'fr'], ['es-419', 'es'], ['ar-EG', 'ar'], ['en-GB', 'en']]) {
    const page = await newPage(DESKTOP, { locale });
    await page.goto(`${base}/langs/`);
    await page.waitForURL(`${base}/langs/${want}/index.html`);
    assert.equal(await page.evaluate(() => document.documentElement.lang), want);
    await page.context().close();
  }
  for (const opts of [{ locale: 'de-DE' }, { locale: 'fr-FR', javaScriptEnabled: false }]) {
    const page = await newPage(DESKTOP, opts);
    await page.goto(`${base}/langs/`);
    await page.waitForTimeout(300);
    assert.equal(page.url(), `${base}/langs/`);
    const links = await page.$$eval('main a', (as) => as.map((a) => a.getAttribute('href')));
    assert.deepEqual(links, LANGS.map((l) => `${l}/index.html`));
    await page.context().close();
  }
});

test('full rooms are said in words in the grid, the lists and the session pages', { skip: !SITES.langs }, async () => {
  const page = await newPage(DESKTOP);
  const marks = async (sel) => page.$$eval(sel, (els) => Object.fromEntries(els.map((e) => {
    const a = e.querySelector('a[href*="s/"]');
    const m = e.querySelector('.mark.full');
    return [a.getAttribute('href').replace(/^.*s\//, ''), m ? m.textContent : null];
  })));
  for (const [l, full, likely] of [['en', 'Full', 'Likely full'], ['fr', 'Complet', 'Sans doute complet']]) {
    await page.goto(`${base}/langs/${l}/day-2018-11-12.html`);
    const grid = await marks('.day-grid .cell');
    assert.equal(grid['ws-1.html'], full);
    assert.equal(grid['ws-8.html'], likely);
    assert.equal(grid['ws-6.html'], null, '26 of 30 places is not likely full');
    assert.equal(grid['open.html'], null, 'no attendance known: no mark');
    // the mark is text a screen reader reads with the title, not a colour
    const name = await page.$eval('.day-grid .mark.full', (e) => e.innerText);
    assert.ok(name === full || name === likely);
    await page.goto(`${base}/langs/${l}/day-2018-11-12-list.html`);
    const list = await marks('#sessions li');
    assert.equal(list['ws-1.html'], full);
    assert.equal(list['ws-8.html'], likely);
    assert.equal(list['ws-6.html'], null);
    await page.goto(`${base}/langs/${l}/room/r2.html`);
    assert.equal((await marks('ul.sessions li'))['ws-1.html'], full);
  }
  await page.goto(`${base}/langs/en/s/ws-1.html`);
  assert.equal(await page.textContent('main .notice .mark.full'), 'Full');
  assert.match(await page.textContent('main .notice:has(.mark.full)'), /About 40 people are expected for 40 places in this room\./);
  await page.goto(`${base}/langs/en/s/ws-8.html`);
  assert.match(await page.textContent('main .notice:has(.mark.full)'), /Likely full About 37 people are expected for 40 places/);
  await page.goto(`${base}/langs/en/s/ws-6.html`);
  assert.equal(await page.$('.mark.full'), null);
  await page.context().close();
});

// ---------------------------------------------------------------- talks (issue 12.6)

const T = SITES.talks;
const tskip = { skip: !T };

test('talks: from a day, the keyboard alone reaches a block, its talks in order, and back', tskip, async () => {
  const page = await newPage(DESKTOP);
  await page.goto(`${base}/talks/day-2026-06-17.html`);
  // Tab from the skip link's target until a block's heading link has focus, then open it.
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  let href = null;
  for (let i = 0; i < 200 && !(href || '').startsWith('b/'); i++) {
    await page.keyboard.press('Tab');
    href = await page.evaluate(() => document.activeElement.getAttribute('href'));
  }
  assert.ok(href && href.startsWith('b/'), 'no block link reached by Tab on the day page');
  await Promise.all([page.waitForURL(/\/b\/[^/]+\.html$/), page.keyboard.press('Enter')]);
  assert.equal(await page.locator('h1').count(), 1);
  const talks = await page.locator('ol.talks > li').evaluateAll((li) => li.map((e) => ({
    times: [...e.querySelectorAll('time')].map((t) => t.getAttribute('datetime')),
    href: e.querySelector('a[href^="../t/"]').getAttribute('href') })));
  assert.ok(talks.length >= 2, 'a block with at least two talks');
  for (let i = 1; i < talks.length; i++)
    assert.ok(talks[i - 1].times[1] <= talks[i].times[0], `talk ${i} starts before talk ${i - 1} ends`);
  // Open the first talk with the keyboard, then walk to the next with its "Next talk" link.
  href = null;
  for (let i = 0; i < 100 && href !== talks[0].href; i++) {
    await page.keyboard.press('Tab');
    href = await page.evaluate(() => document.activeElement.getAttribute('href'));
  }
  assert.equal(href, talks[0].href);
  await Promise.all([page.waitForURL(/\/t\/[^/]+\.html$/), page.keyboard.press('Enter')]);
  const next = page.locator('a[rel="next"]');
  assert.equal(await next.getAttribute('href'), talks[1].href.replace('../t/', ''));
  await next.focus();
  await Promise.all([page.waitForURL(/\/t\/[^/]+\.html$/), page.keyboard.press('Enter')]);
  assert.equal(await page.locator('a[rel="prev"]').getAttribute('href'), talks[0].href.replace('../t/', ''));
  // the talk's own time on its page is the one its block lists
  const own = await page.locator('dl.facts time').evaluateAll((t) => t.slice(0, 2).map((e) => e.getAttribute('datetime')));
  assert.deepEqual(own, talks[1].times);
  await page.context().close();
});

test('talks: every link inside the talks site leads to a file that exists', tskip, async () => {
  const missing = new Set();
  const walk = (dir) => fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]);
  for (const f of walk(T).filter((x) => x.endsWith('.html'))) {
    for (const m of fs.readFileSync(f, 'utf8').matchAll(/href="([^"#]+)(#[^"]*)?"/g)) {
      if (/^[a-z]+:/.test(m[1])) continue;
      if (!fs.existsSync(path.resolve(path.dirname(f), m[1]))) missing.add(`${path.relative(T, f)} -> ${m[1]}`);
    }
  }
  assert.deepEqual([...missing].slice(0, 20), []);
});
