// A CPU profile of startup (it measures, it asserts nothing): where the time to the first
// render goes, by function. `scripts/profile-startup.sh` builds the release app with its
// function names kept and runs this.
//
//   node e2e/profile.mjs DIST STATE.json [UNDER]
//
// Seeds the state's records, visits once (the wasm is compiled and cached), then profiles the
// second visit up to the first Dashboard heading with Chromium's sampling profiler (50 µs).
// Prints the time of the first render, the functions with the most time of their own, and, if
// UNDER is given (part of a function name, e.g. `read_stored`), the time of its own of every
// function while UNDER was on the stack.

import fs from 'node:fs';
import { serve } from './serve.mjs';
import { launch } from './harness.mjs';
import { seedStorage, FIRST_RENDER } from './stored-state.mjs';

const [distDir, statePath, under] = process.argv.slice(2);
if (!distDir || !statePath) {
  console.error('usage: node e2e/profile.mjs DIST STATE.json [UNDER]');
  process.exit(2);
}
const state = JSON.parse(fs.readFileSync(statePath, 'utf8'));
const server = await serve(distDir, 0);
const browser = await launch();
try {
  const page = browser.context.pages()[0] ?? (await browser.context.newPage());
  const seeded = await seedStorage(page, server.url, state.records);
  if (seeded.refused) throw new Error(`the state did not fit: ${seeded.refused}`);
  await browser.context.addInitScript(FIRST_RENDER);
  const visit = async () => {
    await page.goto(`${server.url}/orgs/${state.bank}`);
    await page.waitForFunction(() => window.__firstRender !== undefined, null, { timeout: 120_000 });
  };
  await visit();
  const cdp = await browser.context.newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 50 });
  await cdp.send('Profiler.start');
  await visit();
  const firstRender = await page.evaluate(() => window.__firstRender);
  const { profile } = await cdp.send('Profiler.stop');

  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const child of n.children ?? []) parent.set(child, n.id);
  const name = (id) => nodes.get(id).callFrame.functionName.replace(/::h[0-9a-f]{16}$/, '') || `(${nodes.get(id).callFrame.url.split('/').pop() || 'native'})`;
  const onStack = (id, part) => {
    for (let at = id; at !== undefined; at = parent.get(at)) if (name(at).includes(part)) return true;
    return false;
  };
  const ownTime = (keep) => {
    const times = new Map();
    let total = 0;
    profile.samples.forEach((id, i) => {
      const ms = (profile.timeDeltas[i + 1] ?? 0) / 1000;
      if (!keep(id)) return;
      total += ms;
      times.set(name(id), (times.get(name(id)) ?? 0) + ms);
    });
    return { total, top: [...times].sort((a, b) => b[1] - a[1]).slice(0, 25) };
  };
  const print = ({ total, top }, title) => {
    console.log(`\n${title}: ${total.toFixed(1)} ms sampled`);
    for (const [fn, ms] of top) console.log(`${ms.toFixed(1).padStart(8)}  ${fn.slice(0, 140)}`);
  };
  console.log(`${state.tokens} tokens: first render ${Math.round(firstRender)} ms after navigation (profiler on: slower than the benchmark)`);
  print(ownTime(() => true), 'time of its own, whole visit');
  if (under) print(ownTime((id) => onStack(id, under)), `time of its own while ${under} runs`);
  // CALLERS=name: who the time of a function (say the allocator's malloc) is spent for, by the
  // nearest caller outside the allocator and std's collections.
  const callers = process.env.CALLERS;
  if (callers) {
    const plumbing = /dlmalloc|__rust|alloc::|raw_vec|RawVec|core::|hashbrown|serde_core::de::impls/;
    const times = new Map();
    let total = 0;
    profile.samples.forEach((id, i) => {
      if (!name(id).includes(callers)) return;
      let at = parent.get(id);
      while (at !== undefined && plumbing.test(name(at))) at = parent.get(at);
      const who = at === undefined ? '(top)' : name(at);
      const ms = (profile.timeDeltas[i + 1] ?? 0) / 1000;
      total += ms;
      times.set(who, (times.get(who) ?? 0) + ms);
    });
    print({ total, top: [...times].sort((a, b) => b[1] - a[1]).slice(0, 25) }, `${callers}, by caller`);
  }
} finally {
  await browser.close();
  await server.close();
}
