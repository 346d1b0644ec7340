// End-to-end check that a busy playground's export imports back, on the release build:
//
//   node e2e/busy-export.mjs [distDir=dist] STATE.json [outDir=target/e2e]
//
// STATE.json is a stored playground written by the rules crate
// (`cargo run -p connect --example bench_state -- TOKENS v3 STATE.json`), put into local storage
// before the app starts. As JSON its export is over the 8 MB an import reads (from about 1,500
// share tokens on), so Export writes it compressed with gzip: the file it downloads is checked
// to be gzip and within 8 MB, the playground is reset, and the downloaded file, chosen as it is,
// previews and imports with every share token back. Times are printed, not asserted.
// Writes outDir/busy-export-failure.png when a check fails.

import fs from 'node:fs';
import path from 'node:path';
import { seedStorage } from './stored-state.mjs';
import { Run, assert, ms, poll, runScenario } from './harness.mjs';

const distDir = path.resolve(process.argv[2] ?? 'dist');
const stateFile = process.argv[3];
const outDir = path.resolve(process.argv[4] ?? 'target/e2e');
const MAX_FILE_BYTES = 8 * 1024 * 1024; // connect::exchange::MAX_FILE_BYTES
const SLOW = 120_000; // a busy playground's export, reset and import, on a loaded machine

const run = new Run();
const check = (name, fn) => run.check(name, fn);

async function main() {
  if (!stateFile) throw new Error('usage: node e2e/busy-export.mjs DIST STATE.json [OUT]');
  await runScenario(run, 'busy-export', distDir, outDir, scenario);
}

async function scenario(page, origin) {
  const state = JSON.parse(fs.readFileSync(stateFile, 'utf8'));
  const summary = () => page.locator('#sandbox-summary').textContent();
  let tokens;

  await check('the busy playground loads on the Sandbox screen', async () => {
    const seeded = await seedStorage(page, origin, state.records);
    assert(!seeded.refused, `local storage refused the state: ${seeded.refused}`);
    // The blank page the records are written from is a 404 on purpose (stored-state.mjs).
    run.takeProblems(/bench-seed\.none|status of 404/);
    await page.goto(`${origin}/sandbox`);
    await page.locator('#sandbox-summary').waitFor({ timeout: SLOW });
    const text = await summary();
    tokens = text.match(/([\d,]+) share tokens/)?.[1];
    assert(tokens, `the summary names no share tokens: ${text}`);
    return text;
  });

  let file;
  await check('Export writes it compressed, within what an import reads', async () => {
    const started = performance.now();
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: SLOW }),
      page.locator('#export-playground').click(),
    ]);
    const took = ms(started);
    const name = download.suggestedFilename();
    assert(name.endsWith('.json.gz'), `the file is ${name}, not .json.gz`);
    file = path.join(outDir, name);
    await download.saveAs(file);
    const bytes = fs.readFileSync(file);
    assert(bytes[0] === 0x1f && bytes[1] === 0x8b, 'the file does not start as gzip does');
    assert(bytes.length <= MAX_FILE_BYTES, `the file is ${bytes.length} bytes, over ${MAX_FILE_BYTES}`);
    const flash = (await page.locator('.flash.ok').textContent()).trim();
    assert(flash.includes('compressed with gzip') && flash.includes(name), `the export says: ${flash}`);
    return `${name}: ${bytes.length.toLocaleString('en-US')} bytes in ${took} ms; "${flash.slice(flash.indexOf('As JSON'))}"`;
  });

  await check('after a reset, the downloaded file imports back whole', async () => {
    await page.locator('#reset-playground').click();
    await page.locator('#confirm-reset').click();
    await poll('the seeded demo', async () => (await summary()).includes('0 share tokens'), SLOW);
    const started = performance.now();
    await page.locator('#import-file').setInputFiles(file);
    await page.locator('#import-preview').waitFor({ timeout: SLOW });
    const read = ms(started);
    const preview = (await page.locator('#import-preview').textContent()).trim();
    assert(preview.includes(`${tokens} share tokens`), `the preview says: ${preview.slice(0, 200)}`);
    const confirmed = performance.now();
    await page.locator('#confirm-import').click();
    await poll('the imported playground', async () => (await summary()).includes(`${tokens} share tokens`), SLOW);
    return `read and checked in ${read} ms, imported in ${ms(confirmed)} ms: ${await summary()}`;
  });

  await check('the imported playground is what a reload reads', async () => {
    await page.reload();
    await page.locator('#sandbox-summary').waitFor({ timeout: SLOW });
    const text = await summary();
    assert(text.includes(`${tokens} share tokens`), `after a reload: ${text}`);
    return text;
  });
}

await main();
