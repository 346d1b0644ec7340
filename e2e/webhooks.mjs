// End-to-end check that every webhook delivery the app makes arrives at a real receiver and
// verifies with the snippet the Webhooks page shows:
//
//   node e2e/webhooks.mjs [distDir=dist] [outDir=target/e2e]
//
// Starts tools/webhook/receiver.mjs on a free 127.0.0.1 port, serves distDir, registers the
// receiver for Northwind Bank and Lumen Pay through the Webhooks page (every event type) and
// hands it their secrets, walks the share flow (bridge, activate, inquiry, token, redeem),
// moves the playground clock an hour ahead and verifies one more person. Then the deliveries
// listed on both orgs' Webhooks pages must equal what the receiver got, every one verified and
// answered 200: the line "N deliveries, N verified". Also checks the page runs under its
// Content-Security-Policy (an injected inline script is refused).
// Writes outDir/webhooks-failure.png when a check fails.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { serve } from './serve.mjs';
import { Run, StopScenario, assert, launch, poll } from './harness.mjs';

const distDir = path.resolve(process.argv[2] ?? 'dist');
const outDir = path.resolve(process.argv[3] ?? 'target/e2e');
const RECEIVER = fileURLToPath(new URL('../tools/webhook/receiver.mjs', import.meta.url));
const ORGS = { 'Northwind Bank': 'northwind', 'Lumen Pay': 'lumen' };

const run = new Run();
const check = (name, fn) => run.check(name, fn);

/** The receiver as a child process, as a presenter runs it; resolves once it listens. */
function startReceiver() {
  const child = spawn(process.execPath, [RECEIVER, '--port', '0'], { stdio: ['pipe', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the receiver exited (${code}) before listening`)));
    readline.createInterface({ input: child.stdout }).on('line', (line) => {
      console.log(`     receiver: ${line}`);
      const url = /receiving webhooks at (http:\/\/127\.0\.0\.1:\d+)\//.exec(line)?.[1];
      if (url) {
        child.removeAllListeners('exit');
        resolve({
          url,
          addSecret: (secret) => child.stdin.write(`${secret}\n`),
          received: async () => (await fetch(`${url}/received`)).json(),
          stop: () => new Promise((done) => (child.exitCode !== null ? done() : (child.once('exit', done), child.kill('SIGTERM')))),
        });
      }
    });
  });
}

async function main() {
  let receiver = null;
  let server = null;
  let browser = null;
  let page = null;
  try {
    receiver = await startReceiver();
    server = await serve(distDir, 0);
    console.log(`serving ${distDir} at ${server.url}/; receiver at ${receiver.url}/`);
    browser = await launch();
    page = run.watch(browser.context.pages()[0] ?? (await browser.context.newPage()), 'page');
    await scenario(page, server.url, receiver);
  } catch (error) {
    if (!(error instanceof StopScenario)) {
      run.failed++;
      console.log(`FAIL setup: ${error?.stack ?? error}`);
    }
    if (page) {
      fs.mkdirSync(outDir, { recursive: true });
      const shot = path.join(outDir, 'webhooks-failure.png');
      await page.screenshot({ path: shot, fullPage: true, timeout: 5_000 }).catch(() => {});
      console.log(`     failure screenshot: ${path.relative(process.cwd(), shot)} (at ${page.url()})`);
    }
    if (receiver) {
      const got = await receiver.received().catch(() => null);
      if (got) console.log(`     the receiver got ${got.count} deliveries, ${got.verified} verified`);
    }
  } finally {
    await browser?.close();
    await server?.close();
    await receiver?.stop();
  }
  run.finish();
}

async function scenario(page, origin, receiver) {
  const switcher = page.locator('#org-switcher');
  const nav = (label) => page.locator('nav.side').getByRole('link', { name: label, exact: true });
  const orgs = {};
  const at = (name, rest = '') => `/orgs/${orgs[name]}${rest}`;
  const pathIs = (p) => page.waitForURL((u) => u.pathname === p);
  async function actAs(name, label, rest) {
    await switcher.selectOption(orgs[name]);
    await poll(`#org-switcher to show ${name}`, () => switcher.evaluate((s, id) => s.value === id, orgs[name]));
    await nav(label).click();
    await pathIs(at(name, rest));
  }
  async function optionStartingWith(select, prefix) {
    const options = await select.locator('option').evaluateAll((os) => os.map((o) => ({ value: o.value, label: o.textContent })));
    const found = options.find((o) => o.label.startsWith(prefix));
    assert(found, `no option starting with "${prefix}"`);
    return found.value;
  }
  async function verifyAlex() {
    await actAs('Northwind Bank', 'Inquiries', '/inquiries');
    const form = page.locator('#create-inquiry');
    await form.locator('[name=person]').selectOption('alex');
    const template = form.locator('[name=template]');
    await template.selectOption(await optionStartingWith(template, 'Retail KYC'));
    await form.getByRole('button', { name: 'Create inquiry' }).click();
    await page.waitForURL((u) => u.pathname.startsWith(at('Northwind Bank', '/inquiries/')));
    await page.locator('#inquiry-status .badge[data-status=completed]').waitFor();
    return decodeURIComponent(new URL(page.url()).pathname.split('/').pop());
  }

  await check('open the app: it runs under its Content-Security-Policy', async () => {
    await page.goto(`${origin}/`, { waitUntil: 'load' });
    await switcher.locator('option').first().waitFor({ state: 'attached' });
    const options = await switcher.locator('option').evaluateAll((os) => os.map((o) => ({ id: o.value, name: o.textContent.trim() })));
    for (const o of options) orgs[o.name] = o.id;
    const policy = await page.locator('meta[http-equiv=Content-Security-Policy]').getAttribute('content');
    assert(/script-src 'self' 'wasm-unsafe-eval' 'sha256-[A-Za-z0-9+/]{43}='/.test(policy), `the policy is "${policy}"`);
    const refused = await page.evaluate(
      () =>
        new Promise((resolve) => {
          document.addEventListener('securitypolicyviolation', (e) => resolve(e.effectiveDirective), { once: true });
          const script = document.createElement('script');
          script.textContent = 'window.injected = true';
          document.body.append(script);
        }),
    );
    assert(refused === 'script-src-elem', `an injected inline script was refused by ${refused}`);
    assert((await page.evaluate(() => window.injected)) === undefined, 'an injected inline script ran');
    await poll('the violation to be reported', () => run.problems.some((p) => p.includes('CSP violation')));
    run.takeProblems(/script-src|inline script/);
    return `injected inline script refused by ${refused}`;
  });

  for (const [name, slug] of Object.entries(ORGS)) {
    await check(`as ${name}, register the receiver for every event type`, async () => {
      await actAs(name, 'Webhooks', '/webhooks');
      const form = page.locator('#create-webhook');
      await form.locator('[name=url]').fill(`${receiver.url}/${slug}`);
      for (const box of await form.locator('input[type=checkbox]').all()) await box.check();
      await form.getByRole('button', { name: 'Add endpoint' }).click();
      await page.locator('.flash.ok', { hasText: 'Endpoint added' }).waitFor();
      const row = page.locator('#webhook-endpoints tbody tr', { hasText: `${receiver.url}/${slug}` });
      const secret = (await row.locator('code.secret').textContent()).trim();
      const known = (await receiver.received()).secrets;
      receiver.addSecret(secret);
      await poll('the receiver to know the secret', async () => (await receiver.received()).secrets === known + 1);
      return `${receiver.url}/${slug}, secret …${secret.slice(-4)}`;
    });
  }

  let bridgeId;
  await check('the share flow: bridge, activate, inquiry, token, redeem', async () => {
    await actAs('Northwind Bank', 'Bridges', '/connect/bridges');
    const form = page.locator('#create-bridge');
    await form.locator('[name=destination]').fill(orgs['Lumen Pay']);
    await form.getByRole('button', { name: 'Create bridge' }).click();
    const row = page.locator('#outbound-bridges tbody tr', { hasText: 'Lumen Pay' });
    await row.locator('.badge[data-status=pending]').waitFor();
    bridgeId = await row.getAttribute('data-id');

    await actAs('Lumen Pay', 'Bridges', '/connect/bridges');
    const inbound = page.locator(`#inbound-bridges tbody tr[data-id="${bridgeId}"]`);
    await inbound.locator('[data-action=activate]').click();
    await inbound.locator('.badge[data-status=active]').waitFor();

    const inquiryId = await verifyAlex();

    await nav('Share Tokens').click();
    await pathIs(at('Northwind Bank', '/connect/share-tokens'));
    const tokenForm = page.locator('#create-share-token');
    await tokenForm.locator('[name=bridge]').selectOption(bridgeId);
    await tokenForm.locator('[name=source]').fill(inquiryId);
    await tokenForm.getByRole('button', { name: 'Create share token' }).click();
    const tokenId = (await page.locator('#created-token code').textContent()).trim();

    await actAs('Lumen Pay', 'Redeem', '/connect/redeem');
    const redeem = page.locator('#redeem-share-token');
    await redeem.locator('[name=token]').fill(tokenId);
    const template = redeem.locator('[name=template]');
    await template.selectOption(await optionStartingWith(template, 'Lumen Basic'));
    await redeem.getByRole('button', { name: 'Redeem' }).click();
    await page.locator('#redeem-result .badge[data-status=completed]').waitFor();
    return `bridge ${bridgeId}, inquiry ${inquiryId}, token ${tokenId} redeemed`;
  });

  await check('move the clock an hour ahead and verify one more person', async () => {
    await page.locator('#clock-menu > summary').click();
    await page.locator('#clock-menu [data-advance=hour]').click();
    await page.locator('#clock[data-offset="3600000"]').waitFor();
    await page.locator('#clock-menu > summary').click();
    return `inquiry ${await verifyAlex()} an hour ahead`;
  });

  await check('every delivery the app made arrived and verified', async () => {
    const made = {};
    for (const [name, slug] of Object.entries(ORGS)) {
      await actAs(name, 'Webhooks', '/webhooks');
      const rows = page.locator('#deliveries tbody tr');
      await poll(`${name}'s deliveries to be answered`, async () => (await rows.count()) > 0 && (await page.locator('#deliveries tbody tr[data-outcome=pending]').count()) === 0);
      made[slug] = await rows.evaluateAll((rs) => rs.map((r) => ({ type: r.dataset.type, outcome: r.querySelector('.outcome').textContent.trim() })));
    }
    const all = Object.values(made).flat();
    const got = await poll('the receiver to have every delivery', async () => {
      const received = await receiver.received();
      return received.count >= all.length ? received : false;
    });
    const line = `${got.count} deliveries, ${got.verified} verified`;
    const notOk = all.filter((d) => d.outcome !== 'HTTP 200');
    assert(notOk.length === 0, `${line}; the app recorded ${notOk.length} not answered 200: ${JSON.stringify(notOk.slice(0, 5))}`);
    for (const [slug, rows] of Object.entries(made)) {
      const sent = rows.map((d) => d.type).sort();
      const arrived = got.deliveries.filter((d) => d.path === `/${slug}`).map((d) => d.type).sort();
      assert(JSON.stringify(sent) === JSON.stringify(arrived), `${slug}: the app lists ${JSON.stringify(sent)}, the receiver got ${JSON.stringify(arrived)}`);
    }
    assert(got.count === all.length && got.verified === got.count, `${line}; the app made ${all.length}: ${JSON.stringify(got.deliveries.filter((d) => !d.verified).slice(0, 3))}`);
    console.log(`     ${line}`);
    return line;
  });
}

await main();
