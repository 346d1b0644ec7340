// End-to-end check of what a panic shows, on the release build (panic = "abort"):
//
//   node e2e/panic.mjs [distDir=dist] [outDir=target/e2e]
//
// The panic is a real one in the shipped code: the page's Node.prototype.cloneNode is made to
// throw, so Yew's next render fails its `expect("couldn't clone cached element")`, as it would
// in a browser whose DOM misbehaves. No test-only code is compiled into the build. Then: the
// overlay shows the message, "Download saved data" saves every local-storage record as a Blob
// file (a record over 2 MB included, past what a data: URL may hold) although the WebAssembly
// instance is dead, and "Reload" brings the app back with its data.
// Writes outDir/panic.png (the overlay), and outDir/panic-failure.png when a check fails.

import fs from 'node:fs';
import path from 'node:path';
import { Run, assert, poll, runScenario } from './harness.mjs';

const distDir = path.resolve(process.argv[2] ?? 'dist');
const outDir = path.resolve(process.argv[3] ?? 'target/e2e');
const LARGE = 2_500_000; // characters: a file past Chromium's 2 MB limit for data: URLs

const run = new Run();
const check = (name, fn) => run.check(name, fn);

async function main() {
  fs.rmSync(path.join(outDir, 'panic.png'), { force: true });
  await runScenario(run, 'panic', distDir, outDir, scenario);
}

async function scenario(page, origin) {
  const overlay = page.locator('#panic-overlay');
  const storage = () => page.evaluate(() => Object.fromEntries(Object.entries(localStorage)));

  await check('the app runs and its overlay is hidden', async () => {
    await page.goto(`${origin}/`, { waitUntil: 'load' });
    await page.locator('main.content h1').waitFor();
    assert(await overlay.isHidden(), 'the panic overlay shows before any panic');
    await page.evaluate((n) => localStorage.setItem('e2e.large', 'x'.repeat(n)), LARGE);
    const keys = Object.keys(await storage());
    assert(keys.some((k) => k.startsWith('connect.')), `no playground record in local storage: ${JSON.stringify(keys)}`);
    return `${keys.length} local-storage keys`;
  });

  let message;
  await check('a panic shows the overlay with its message', async () => {
    await page.evaluate(() => {
      Node.prototype.cloneNode = function () {
        throw new Error('e2e: cloneNode made to fail');
      };
    });
    await page.locator('nav.side').getByRole('link', { name: 'Bridges', exact: true }).click();
    await overlay.waitFor({ state: 'visible' });
    message = (await page.locator('#panic-message').textContent()).trim();
    assert(message.includes("couldn't clone cached element"), `the overlay's message is "${message}"`);
    const focused = await page.evaluate(() => document.activeElement?.id);
    assert(focused === 'panic-download', `focus is on #${focused}, not on "Download saved data"`);
    // What the panic itself reports: the hook's console line, and the abort's trap.
    await poll('the panic and the abort to be reported', () =>
      ['console.error: panicked at', 'pageerror: unreachable'].every((seen) => run.problems.some((p) => p.includes(seen))),
    );
    run.takeProblems(/couldn't clone cached element|unreachable/);
    await page.screenshot({ path: path.join(outDir, 'panic.png') });
    return message.split('\n')[0];
  });

  await check('"Download saved data" saves every local-storage record as a Blob file', async () => {
    const before = await storage();
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#panic-download').click()]);
    assert(download.url().startsWith('blob:'), `the download is ${download.url().slice(0, 40)}…, not a Blob`);
    const file = path.join(outDir, 'panic-saved-data.json');
    await download.saveAs(file);
    const size = fs.statSync(file).size;
    const saved = JSON.parse(fs.readFileSync(file, 'utf8'));
    assert(JSON.stringify(saved) === JSON.stringify(Object.fromEntries(Object.entries(before).sort(([a], [b]) => (a < b ? -1 : 1)))), 'the file does not hold exactly the local-storage records');
    assert(size > 2 * 1024 * 1024, `the file is ${size} bytes; the check needs one past 2 MB`);
    const status = (await page.locator('#panic-status').textContent()).trim();
    assert(status.includes(download.suggestedFilename()), `the overlay says "${status}"`);
    return `${Object.keys(saved).length} records, ${size} bytes in ${download.suggestedFilename()}`;
  });

  await check('"Reload" brings the app back with its data', async () => {
    const before = await storage();
    await Promise.all([page.waitForEvent('load'), page.locator('#panic-reload').click()]);
    await page.locator('main.content h1').waitFor();
    assert(await overlay.isHidden(), 'the overlay still shows after the reload');
    const after = await storage();
    assert(after['connect.v3.meta'] === before['connect.v3.meta'], 'the saved playground changed across the panic and reload');
    return `${new URL(page.url()).pathname}`;
  });
}

await main();
