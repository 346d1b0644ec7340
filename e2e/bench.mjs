// The page benchmark (it measures, it asserts nothing): loads stored states of several sizes,
// made by `crates/connect/examples/bench_state.rs`, into headless Chromium and times what a user
// waits for. `scripts/bench.sh` builds everything and runs it.
//
//   node e2e/bench.mjs DIST REPORT STATE.json...
//
// DIST may name several builds, `before=DIR,after=DIR`, to compare them in one run: every
// build runs every state in the same turns, and each build's ratios are to its own first row.
//
// BENCH_RUNS (default 5) runs of every state, taken in turns (all sizes once, then again), so a
// burst of load elsewhere on the machine falls on every size alike; each figure is the median of
// the runs, with the range beside it.
//
// Per state, in a fresh profile: the records are written to local storage from a blank page of
// the same origin (a refusal, e.g. QuotaExceededError, is reported and the row ends there), then
// the app is opened and timed, in the page's own clock:
//   startup       navigation start → the first Dashboard heading (a second visit: the wasm
//                 is compiled and cached by the first)
//   Share Tokens  click on the side link → the outbound list shows rows
//   create token  click on "Create share token" → the new token's row is shown
//   Inquiries     click on the side link → the inquiry list shows rows
//   redeem        click on "Redeem" (as Lumen Pay, Lumen Basic) → the completed result is shown
// Each "→ shown" waits for the condition and then for the next animation frame (the paint).
// Characters stored are counted once the app has loaded, before the clicks.

import fs from 'node:fs';
import path from 'node:path';
import { serve } from './serve.mjs';
import { launch } from './harness.mjs';
import { seedStorage, FIRST_RENDER } from './stored-state.mjs';

const [distDir, reportPath, ...statePaths] = process.argv.slice(2);
if (!distDir || !reportPath || statePaths.length === 0) {
  console.error('usage: node e2e/bench.mjs DIST REPORT STATE.json...');
  process.exit(2);
}

/** Runs the statement `act` in the page; returns the ms until the expression `done` holds
 * and the next frame has been painted. */
async function timed(page, act, done) {
  return page.evaluate(
    async ({ act, done }) => {
      const doneFn = new Function(`return (${done});`);
      const start = performance.now();
      new Function(act)();
      await new Promise((resolve, reject) => {
        const check = () => {
          if (doneFn()) return resolve();
          if (performance.now() > start + 60_000) return reject(new Error(`not shown after 60 s: ${done}`));
          requestAnimationFrame(check);
        };
        check();
      });
      await new Promise((r) => requestAnimationFrame(() => r()));
      return Math.round(performance.now() - start);
    },
    { act, done },
  );
}

/** The statement that clicks the button or link inside `scope` whose text is `label`. */
const click = (scope, label) =>
  `[...document.querySelectorAll(${JSON.stringify(scope)})].find((e) => e.textContent.trim() === ${JSON.stringify(label)}).click();`;

async function measure(context, origin, state) {
  const page = context.pages()[0] ?? (await context.newPage());
  const seeded = await seedStorage(page, origin, state.records);
  const row = { tokens: state.tokens, inquiries: state.inquiries, events: state.events, format: state.format };
  if (seeded.refused) return { ...row, refused: seeded.refused };

  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  // The seed page is a 404 on purpose, and so is the icon the browser asks for beside it (the
  // app's page names its own): their console messages may arrive late.
  page.on('console', (m) => m.type() === 'error' && !/bench-seed|favicon\.ico/.test(m.location().url) && errors.push(m.text()));
  await context.addInitScript(FIRST_RENDER);
  // The first visit compiles and caches the wasm; the second, timed, is a returning user's.
  for (const visit of ['first', 'timed']) {
    await page.goto(`${origin}/orgs/${state.bank}`);
    await page.waitForFunction(() => window.__firstRender !== undefined, null, { timeout: 120_000 });
    if (visit === 'timed') row.startup = Math.round(await page.evaluate(() => window.__firstRender));
  }
  row.stored = await page.evaluate(() => {
    let chars = 0;
    for (let i = 0; i < localStorage.length; i++) {
      const key = localStorage.key(i);
      chars += key.length + (localStorage.getItem(key) ?? '').length;
    }
    return chars;
  });

  row.shareTokens = await timed(
    page,
    click('nav.side a', 'Share Tokens'),
    `location.pathname.endsWith('/connect/share-tokens') && document.querySelector('#outbound-tokens tbody tr')`,
  );

  await page.locator('#create-share-token [name=bridge]').selectOption(state.bridge);
  await page.locator('#create-share-token [name=source]').fill(state.source_inquiry);
  row.createToken = await timed(
    page,
    click('#create-share-token button', 'Create share token'),
    `document.querySelector('#created-token code') && document.querySelector('#outbound-tokens tbody tr[data-id="' + document.querySelector('#created-token code').textContent.trim() + '"]')`,
  );

  row.inquiries_screen = await timed(
    page,
    click('nav.side a', 'Inquiries'),
    `location.pathname.endsWith('/inquiries') && document.querySelector('#inquiry-list tbody tr')`,
  );

  await page.locator('#org-switcher').selectOption(state.lumen);
  await page.waitForURL((u) => u.pathname.startsWith(`/orgs/${state.lumen}`));
  await page.locator('nav.side').getByRole('link', { name: 'Redeem', exact: true }).click();
  const form = page.locator('#redeem-share-token');
  await form.locator('[name=token]').fill(state.redeem_token);
  const template = form.locator('[name=template]');
  const options = await template.locator('option').evaluateAll((os) => os.map((o) => ({ value: o.value, label: o.textContent })));
  await template.selectOption(options.find((o) => o.label.startsWith('Lumen Basic')).value);
  row.redeem = await timed(
    page,
    click('#redeem-share-token button', 'Redeem'),
    `document.querySelector('#redeem-result .badge[data-status=completed]')`,
  );

  const refusal = await page.locator('.flash.error').allTextContents();
  if (refusal.length) row.note = refusal.join(' ').slice(0, 160);
  if (errors.length) row.note = `${row.note ?? ''} page errors: ${errors.join(' | ')}`.slice(0, 300);
  return row;
}

const COLUMNS = [
  ['startup', 'startup'],
  ['shareTokens', 'Share Tokens screen'],
  ['createToken', 'create token click'],
  ['inquiries_screen', 'Inquiries screen'],
  ['redeem', 'redeem click'],
];

function table(rows) {
  const builds = [...new Set(rows.map((r) => r.build))];
  return builds.map((build) => buildTable(rows.filter((r) => r.build === build), build)).join('\n\n');
}

function buildTable(rows, build) {
  const base = rows.find((r) => !r.refused);
  const cell = (r, key) => {
    const v = r[key];
    if (v === undefined) return '';
    const ratio = base && base[key] ? ` (${(v / base[key]).toFixed(1)}×)` : '';
    const range = r.ranges?.[key] && runs > 1 ? ` [${r.ranges[key][0]}–${r.ranges[key][1]}]` : '';
    return `${v} ms${ratio}${range}`;
  };
  const lines = [
    ...(build ? [`build \`${build}\`:`, ''] : []),
    `| share tokens (inquiries, events) | stored as | ${COLUMNS.map(([, l]) => l).join(' | ')} | characters stored |`,
    `|${'---:|'.repeat(COLUMNS.length + 3)}`,
  ];
  for (const r of rows) {
    const what = `${r.tokens.toLocaleString('en-US')} (${r.inquiries.toLocaleString('en-US')}, ${r.events.toLocaleString('en-US')})`;
    if (r.refused) {
      lines.push(`| ${what} | ${r.format} | refused: ${r.refused} |${' |'.repeat(COLUMNS.length)}`);
      continue;
    }
    const stored = `${r.stored.toLocaleString('en-US')}${base ? ` (${(r.stored / base.stored).toFixed(1)}×)` : ''}`;
    lines.push(`| ${what} | ${r.format} | ${COLUMNS.map(([k]) => cell(r, k)).join(' | ')} | ${stored} |`);
    if (r.note) lines.push(`|  | note: ${r.note.replace(/\|/g, '/')} |${' |'.repeat(COLUMNS.length)}`);
  }
  return lines.join('\n');
}

const runs = Math.max(1, Number.parseInt(process.env.BENCH_RUNS ?? '5', 10) || 5);

/** One row of medians from the runs of one state; a refusal or failure in any run is the row. */
function median(runsOfState) {
  const failed = runsOfState.find((r) => r.refused);
  if (failed) return failed;
  const row = { ...runsOfState[0], ranges: {} };
  for (const [key] of COLUMNS) {
    const values = runsOfState.map((r) => r[key]).filter((v) => v !== undefined).sort((a, b) => a - b);
    if (values.length === 0) continue;
    row[key] = values[Math.floor((values.length - 1) / 2)];
    row.ranges[key] = [values[0], values[values.length - 1]];
  }
  const notes = runsOfState.map((r) => r.note).filter(Boolean);
  if (notes.length) row.note = notes[0];
  return row;
}

// `DIR` alone, or `name=DIR,name=DIR`.
const builds = distDir.includes('=')
  ? distDir.split(',').map((part) => {
      const [name, dir] = part.split('=');
      return { name, dir };
    })
  : [{ name: undefined, dir: distDir }];
for (const build of builds) build.server = await serve(build.dir, 0);
const loaded = statePaths.map((p) => ({ path: p, state: JSON.parse(fs.readFileSync(p, 'utf8')) }));
const states = builds.flatMap((build) => loaded.map((entry) => ({ ...entry, build, runs: [] })));
try {
  for (let run = 1; run <= runs; run++) {
    for (const entry of loaded) {
      for (const build of builds) {
        const { state } = entry;
        const into = states.find((s) => s.build === build && s.path === entry.path);
        const browser = await launch();
        try {
          const row = await measure(browser.context, build.server.url, state);
          into.runs.push({ ...row, build: build.name });
          console.log(`run ${run}/${runs}${build.name ? ` ${build.name}` : ''}`, JSON.stringify(row));
        } catch (error) {
          into.runs.push({ build: build.name, tokens: state.tokens, inquiries: state.inquiries, events: state.events, format: state.format, refused: `failed: ${String(error.message).split('\n')[0]}` });
          console.log(`${path.basename(entry.path)}: ${error.message}`);
        } finally {
          await browser.close();
        }
      }
    }
  }
} finally {
  for (const build of builds) await build.server.close();
}
const rows = states.map((entry) => median(entry.runs));
const report = [
  `# Connect Playground page benchmark (${new Date().toISOString()}), release build, headless Chromium`,
  `# every time is the median of ${runs} run(s) in the page's clock, [fastest–slowest]; ratio: medians, to the first row`,
  '',
  table(rows),
  '',
].join('\n');
fs.mkdirSync(path.dirname(reportPath), { recursive: true });
fs.writeFileSync(reportPath, report);
console.log(report);
