// serve-common.mjs: what the server's browser tests can share (serve-interest.mjs uses it):
// the admin's API, axe-core with the WCAG 2.2 AA tags, and Tab until an element has the focus.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const AXE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

export async function api(base, token, method, path, body) {
  const r = await fetch(base + path, { method, headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: body ? JSON.stringify(body) : undefined });
  return { status: r.status, json: await r.json() };
}

// SALLE_AXE=0 (the sanitizer build's browser_server suites, CMakeLists.txt): axe() checks nothing.
// The pages are the same C code's output in both builds, and the optimised build's browser_server
// and browser_server_pg run axe on every one of them; under the sanitizers these suites are there
// for the server's C code, which the same flows, pages and assertions but axe still drive.
const AXE_ON = process.env.SALLE_AXE !== '0';

// No violation on the page; the context must bypass the CSP, which forbids injected script.
export async function axe(page, what) {
  if (!AXE_ON) return;
  await page.addScriptTag({ content: AXE });
  const res = await page.evaluate(async (tags) => {
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: tags } });
    return r.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  }, AXE_TAGS);
  assert.deepEqual(res, [], `axe on ${what}`);
}

// Presses Tab until the focused element matches pred (evaluated in the page); fails after max.
export async function tabTo(page, pred, what, max = 80) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(pred)) return;
  }
  assert.fail(`Tab never reached ${what}`);
}
