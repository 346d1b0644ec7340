// What every end-to-end script shares: checks that print one line each, polling for a
// condition, and a fresh headless Chromium (Debian's, driven by playwright-core) whose pages
// fail the run on any console error, page error, failed request or Content-Security-Policy
// violation.

import { chromium } from 'playwright-core';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { serve } from './serve.mjs';

export const STEP_TIMEOUT = 15_000;
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  // Tabs in the background keep their timers: the multi-tab checks act in every tab at once.
  '--disable-background-timer-throttling',
  '--disable-backgrounding-occluded-windows',
  '--disable-renderer-backgrounding',
];

export const ms = (since) => Math.round(performance.now() - since);

export class StopScenario extends Error {}

export class Run {
  passed = 0;
  failed = 0;
  problems = []; // console errors, page errors, failed requests, CSP violations: each fails the step
  warnings = new Map(); // console warnings: reported at the end, never a failure

  /** Runs one check; prints one line. A failure stops the scenario (later steps depend on it). */
  async check(name, fn) {
    const start = performance.now();
    try {
      const detail = await fn();
      const newProblems = this.problems.splice(0);
      if (newProblems.length) {
        throw new Error(`console/page errors during this step:\n    ${newProblems.join('\n    ')}`);
      }
      this.passed++;
      console.log(`ok   ${String(this.passed + this.failed).padStart(2)} ${name}${detail ? `: ${detail}` : ''} (${ms(start)} ms)`);
      return detail;
    } catch (error) {
      this.failed++;
      const message = String(error?.message ?? error).split('\n').slice(0, 12).join('\n    ');
      console.log(`FAIL ${String(this.passed + this.failed).padStart(2)} ${name} (${ms(start)} ms)\n    ${message}`);
      throw new StopScenario();
    }
  }

  /** Fails the run on anything `page` reports as an error. */
  watch(page, label) {
    page.on('console', (msg) => {
      if (msg.text().startsWith(CSP_VIOLATION)) {
        this.problems.push(`${label} ${msg.text()}`);
        return;
      }
      if (msg.type() === 'warning') this.warnings.set(msg.text(), (this.warnings.get(msg.text()) ?? 0) + 1);
      if (msg.type() === 'error') this.problems.push(`${label} console.error: ${msg.text()}`);
    });
    page.on('pageerror', (error) => this.problems.push(`${label} pageerror: ${error.message}`));
    page.on('crash', () => this.problems.push(`${label} crashed`));
    page.on('requestfailed', (req) => this.problems.push(`${label} request failed: ${req.url()}`));
    page.on('response', (res) => {
      if (res.status() >= 400) this.problems.push(`${label} HTTP ${res.status()} for ${res.url()}`);
    });
    return page;
  }

  /** Removes and returns the problems `expected` matches: those a check provoked on purpose. */
  takeProblems(expected) {
    const taken = this.problems.filter((p) => expected.test(p));
    this.problems = this.problems.filter((p) => !expected.test(p));
    return taken;
  }

  /** Prints the summary line; sets the exit code. */
  finish() {
    for (const [text, count] of this.warnings) console.log(`note: console warning (not a failure) x${count}: ${text}`);
    console.log(`${this.passed} passed, ${this.failed} failed`);
    process.exitCode = this.failed === 0 && this.passed > 0 ? 0 : 1;
  }
}

/** Serves `distDir`, opens a fresh browser page watched by `run`, and runs `scenario(page,
 * origin)`; a failure is screenshot as `outDir/<name>-failure.png`. Prints the run's summary and
 * sets the exit code. */
export async function runScenario(run, name, distDir, outDir, scenario) {
  fs.mkdirSync(outDir, { recursive: true });
  fs.rmSync(path.join(outDir, `${name}-failure.png`), { force: true });
  await inBrowser(run, name, distDir, outDir, scenario);
  run.finish();
}

/** One browser session of a scenario: serves `distDir` (`serveOptions` as `serve` takes them),
 * opens a fresh page watched by `run` and runs `scenario(page, origin)`; a failure counts in
 * `run` and is screenshot as `outDir/<name>-failure.png`. */
export async function inBrowser(run, name, distDir, outDir, scenario, serveOptions = {}) {
  let server = null;
  let browser = null;
  let page = null;
  try {
    server = await serve(distDir, 0, serveOptions);
    console.log(`serving ${distDir} at ${server.url}/`);
    browser = await launch();
    page = run.watch(browser.context.pages()[0] ?? (await browser.context.newPage()), 'page');
    await scenario(page, server.url);
  } catch (error) {
    if (!(error instanceof StopScenario)) {
      run.failed++;
      console.log(`FAIL setup: ${error?.stack ?? error}`);
    }
    if (page) {
      const shot = path.join(outDir, `${name}-failure.png`);
      await page.screenshot({ path: shot, fullPage: true, timeout: 5_000 }).catch(() => {});
      console.log(`     failure screenshot: ${path.relative(process.cwd(), shot)} (at ${page.url()})`);
    }
  } finally {
    await browser?.close();
    await server?.close();
  }
}

export function assert(condition, message) {
  if (!condition) throw new Error(message);
}

/** Polls `fn` until it returns a truthy value (returned) or `timeout` ms pass. */
export async function poll(what, fn, timeout = STEP_TIMEOUT) {
  const deadline = performance.now() + timeout;
  let last;
  for (let delay = 20; ; delay = Math.min(delay * 2, 250)) {
    try {
      const value = await fn();
      if (value) return value;
      last = value;
    } catch (error) {
      last = error?.message ?? error;
    }
    if (performance.now() > deadline) {
      throw new Error(`timed out after ${timeout} ms waiting for ${what} (last: ${JSON.stringify(last)})`);
    }
    await new Promise((r) => setTimeout(r, delay)); // the polling interval, not a fixed wait
  }
}

// Chromium also logs a violation as a console error, but only this event names every field.
const CSP_VIOLATION = 'CSP violation:';
function reportCspViolations(prefix) {
  document.addEventListener('securitypolicyviolation', (e) => {
    console.error(`${prefix} ${e.effectiveDirective} refused ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber} (${e.disposition})`);
  });
}

/**
 * A fresh browser profile (empty storage) in headless Chromium; `close()` removes it. Every page
 * it opens reports Content-Security-Policy violations to `Run.watch`.
 */
export async function launch() {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'connect-e2e-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    args: CHROMIUM_ARGS,
    headless: true,
    viewport: { width: 1280, height: 900 },
  });
  context.setDefaultTimeout(STEP_TIMEOUT);
  await context.addInitScript(reportCspViolations, CSP_VIOLATION);
  return {
    context,
    async close() {
      await context.close().catch((e) => console.log(`     closing the browser: ${e.message}`));
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** The JSON text of a packed record (crates/connect/src/pack.rs: `z`, the pad mark, then the
 * bytes 15 bits a character from U+0800: a u32 LE size and an LZ4 block), so a check can read
 * what the app stored without the app. */
export function unpack(packed) {
  if (packed[0] !== 'z') throw new Error(`not packed text: ${packed.slice(0, 20)}`);
  const bytes = [];
  let acc = 0;
  let held = 0;
  for (let i = 2; i < packed.length; i++) {
    acc = (acc << 15) | (packed.charCodeAt(i) - 0x0800);
    held += 15;
    while (held >= 8) {
      held -= 8;
      bytes.push((acc >> held) & 0xff);
      acc &= (1 << held) - 1;
    }
  }
  const data = bytes.slice(0, bytes.length - (packed[1] === '1' ? 1 : 0));
  const size = (data[0] | (data[1] << 8) | (data[2] << 16) | (data[3] << 24)) >>> 0;
  const out = new Uint8Array(size);
  const length = (n) => {
    if (n !== 15) return n;
    let b;
    do {
      b = data[i++];
      n += b;
    } while (b === 255);
    return n;
  };
  let i = 4;
  let o = 0;
  while (i < data.length) {
    const token = data[i++];
    const literals = length(token >> 4);
    for (let k = 0; k < literals; k++) out[o++] = data[i++];
    if (i >= data.length) break;
    const offset = data[i] | (data[i + 1] << 8);
    i += 2;
    const match = length(token & 15) + 4;
    for (let k = 0; k < match; k++, o++) out[o] = out[o - offset];
  }
  if (o !== size) throw new Error(`a packed record unpacked to ${o} bytes, not ${size}`);
  return new TextDecoder().decode(out);
}

/** The objects the app stored in its `connect.v3.<kind>.<xy>` buckets of `kind` (`cnst`, `inq`, …). */
export async function storedObjects(page, kind) {
  const records = await page.evaluate(
    (prefix) => Object.entries(localStorage).filter(([k]) => k.startsWith(prefix)),
    `connect.v3.${kind}.`,
  );
  return records.flatMap(([, value]) => JSON.parse(unpack(value)));
}
