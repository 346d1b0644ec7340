// End-to-end check of the whole share flow against the built bundle, driven like a person:
// typing, choosing and clicking in Debian's chromium through npm playwright-core.
//
//   node e2e/share-flow.mjs [distDir=dist] [outDir=target/e2e]
//
// Serves distDir with e2e/serve.mjs on an ephemeral 127.0.0.1 port, opens it in a fresh
// profile (empty localStorage), and walks: bridge Northwind Bank → Lumen Pay, activate it as
// Lumen Pay, verify "alex" with Retail KYC, create a share token, copy it, redeem it as Lumen
// Pay with Lumen Basic, see it redeemed on the source side, after a reload too, and be refused
// a second redeem. Any console error, page error or failed request fails the run.
//
// Writes outDir/redeemed.png (the redeem result), and outDir/failure.png when a check fails.
// Ends with the line `N passed, M failed`; exits 0 only when M is 0.
// Never run `playwright install`: the browser is /usr/bin/chromium.

import fs from 'node:fs';
import path from 'node:path';
import { serve } from './serve.mjs';
import { Run, StopScenario, assert, launch, ms, poll } from './harness.mjs';

const distDir = path.resolve(process.argv[2] ?? 'dist');
const outDir = path.resolve(process.argv[3] ?? 'target/e2e');
const ORG_NAMES = ['Northwind Bank', 'Lumen Pay', 'Bazaar Market'];

const run = new Run();
const check = (name, fn) => run.check(name, fn);
const timings = {};
const t0 = performance.now();

// ---------------------------------------------------------------------------------------------
// The scenario

async function main() {
  fs.mkdirSync(outDir, { recursive: true });
  for (const stale of ['redeemed.png', 'failure.png']) fs.rmSync(path.join(outDir, stale), { force: true });

  let server = null;
  let browser = null;
  let page = null;
  const scenarioStart = { at: 0 }; // set once the first render is seen
  try {
    server = await serve(distDir, 0);
    const { url: origin } = server;
    console.log(`serving ${distDir} at ${origin}/`);

    const start = performance.now();
    browser = await launch();
    timings.launch = ms(start);
    await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
    page = run.watch(browser.context.pages()[0] ?? (await browser.context.newPage()), 'page');
    await scenario(page, origin, scenarioStart);
  } catch (error) {
    if (!(error instanceof StopScenario)) {
      run.failed++;
      console.log(`FAIL setup: ${error?.stack ?? error}`);
    }
    if (page) {
      const shot = path.join(outDir, 'failure.png');
      await page
        .screenshot({ path: shot, fullPage: true, timeout: 5_000 })
        .then(() => console.log(`     failure screenshot: ${path.relative(process.cwd(), shot)} (at ${page.url()})`))
        .catch((e) => console.log(`     could not take the failure screenshot: ${e.message}`));
    }
  } finally {
    if (scenarioStart.at) timings.scenario = ms(scenarioStart.at);
    await browser?.close();
    await server?.close();
  }

  timings.total = ms(t0);
  const show = (k) => (timings[k] === undefined ? 'n/a' : `${timings[k]} ms`);
  console.log(
    `timings: launch ${show('launch')}, first render ${show('firstRender')}, scenario ${show('scenario')}, total ${show('total')}`,
  );
  run.finish();
}

async function scenario(page, origin, scenarioStart) {
  const switcher = page.locator('#org-switcher');
  const nav = (label) => page.locator('nav.side').getByRole('link', { name: label, exact: true });
  const heading = page.locator('main.content h1');
  const pathIs = (p) => page.waitForURL((u) => u.pathname === p);
  const orgs = {}; // name → id
  const at = (name, rest = '') => `/orgs/${orgs[name]}${rest}`;

  /** Switches the acting org with the header select and waits for the same screen for it. */
  async function actAs(name, rest) {
    await switcher.selectOption(orgs[name]);
    await pathIs(at(name, rest));
    await poll(`#org-switcher to show ${name}`, () => switcher.evaluate((s, id) => s.value === id, orgs[name]));
  }

  /** The value of the <option> in `select` whose label starts with `prefix`. */
  async function optionStartingWith(select, prefix) {
    const options = await select.locator('option').evaluateAll((os) => os.map((o) => ({ value: o.value, label: o.textContent })));
    const found = options.find((o) => o.label.startsWith(prefix));
    assert(found, `no option starting with "${prefix}" in ${JSON.stringify(options.map((o) => o.label))}`);
    return found.value;
  }

  // 1. First render: / redirects to the first org's Dashboard.
  await check('open / and see the first organization\'s Dashboard', async () => {
    const start = performance.now();
    await page.goto(`${origin}/`, { waitUntil: 'load' });
    await switcher.locator('option').first().waitFor({ state: 'attached' });
    await heading.waitFor();
    timings.firstRender = ms(start);
    scenarioStart.at = performance.now();

    await page.waitForURL((u) => /^\/orgs\/[^/]+$/.test(u.pathname));
    const options = await switcher.locator('option').evaluateAll((os) =>
      os.map((o) => ({ id: o.value, name: o.textContent.trim(), selected: o.selected })),
    );
    assert(
      JSON.stringify(options.map((o) => o.name)) === JSON.stringify(ORG_NAMES),
      `switcher options are ${JSON.stringify(options.map((o) => o.name))}, expected ${JSON.stringify(ORG_NAMES)}`,
    );
    for (const o of options) orgs[o.name] = o.id;
    const where = new URL(page.url()).pathname;
    assert(where === at('Northwind Bank'), `redirected to ${where}, expected ${at('Northwind Bank')}`);
    assert(options[0].selected, 'the switcher does not show Northwind Bank as acting');
    const h1 = (await heading.textContent()).trim();
    assert(h1 === 'Northwind Bank', `Dashboard heading is "${h1}"`);
    return `${where}; orgs ${options.map((o) => `${o.name}=${o.id}`).join(', ')}`;
  });

  // 2. As Northwind: create a bridge to Lumen Pay.
  let bridgeId;
  await check('as Northwind Bank, create a bridge to Lumen Pay: it is pending', async () => {
    await nav('Bridges').click();
    await pathIs(at('Northwind Bank', '/connect/bridges'));
    const form = page.locator('#create-bridge');
    await form.locator('[name=destination]').click();
    await form.locator('[name=destination]').pressSequentially(orgs['Lumen Pay']);
    await form.getByRole('button', { name: 'Create bridge' }).click();
    const flash = page.locator('.flash.ok');
    await flash.waitFor();
    const text = (await flash.textContent()).trim();
    assert(/Bridge \S+ created/.test(text), `flash says "${text}"`);
    const row = page.locator('#outbound-bridges tbody tr', { hasText: 'Lumen Pay' });
    await row.locator('.badge[data-status=pending]').waitFor();
    assert((await row.count()) === 1, `${await row.count()} outbound bridge rows to Lumen Pay`);
    bridgeId = await row.getAttribute('data-id');
    assert(bridgeId && text.includes(bridgeId), `flash "${text}" does not name bridge ${bridgeId}`);
    await row.getByText('Waiting for the destination to activate').waitFor();
    return bridgeId;
  });

  // 3. As Lumen Pay: activate the inbound bridge.
  await check('switch to Lumen Pay (same screen) and activate the inbound bridge', async () => {
    await actAs('Lumen Pay', '/connect/bridges');
    const row = page.locator(`#inbound-bridges tbody tr[data-id="${bridgeId}"]`);
    await row.locator('.badge[data-status=pending]').waitFor();
    const from = await row.locator('td').nth(1).textContent();
    assert(from.trim() === 'Northwind Bank', `inbound bridge is from "${from}"`);
    await row.locator('[data-action=activate]').click();
    await row.locator('.badge[data-status=active]').waitFor();
    await page.locator('.flash.ok', { hasText: `Bridge ${bridgeId} activated.` }).waitFor();
    assert((await row.locator('[data-action=activate]').count()) === 0, 'the Activate button is still there');
    return 'active';
  });

  // 4. As Northwind: verify alex with Retail KYC.
  let inquiryId;
  await check('as Northwind Bank, verify "alex" with Retail KYC: the inquiry completes', async () => {
    await actAs('Northwind Bank', '/connect/bridges');
    await page.locator(`#outbound-bridges tbody tr[data-id="${bridgeId}"] .badge[data-status=active]`).waitFor();
    await nav('Inquiries').click();
    await pathIs(at('Northwind Bank', '/inquiries'));
    const form = page.locator('#create-inquiry');
    await form.locator('[name=person]').selectOption('alex');
    const template = form.locator('[name=template]');
    await template.selectOption(await optionStartingWith(template, 'Retail KYC'));
    const run = form.locator('[name=run]');
    assert(await run.isChecked(), '"Run the verifications right away" is not checked by default');
    await form.getByRole('button', { name: 'Create inquiry' }).click();
    await page.waitForURL((u) => u.pathname.startsWith(at('Northwind Bank', '/inquiries/')));
    await page.locator('#inquiry-status .badge[data-status=completed]').waitFor();
    inquiryId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop());
    const shown = (await page.locator('#inquiry-summary .copy-id code').first().textContent()).trim();
    assert(shown === inquiryId, `the page shows inquiry id ${shown}, the URL ${inquiryId}`);
    const h1 = (await heading.textContent()).trim();
    assert(h1 === 'Inquiry: Alex Rivera', `inquiry heading is "${h1}"`);
    return `${inquiryId} completed`;
  });

  // 5. Share Tokens: create one over the bridge for that inquiry; copy it.
  let tokenId;
  await check('create a share token over the bridge for the inquiry', async () => {
    await nav('Share Tokens').click();
    await pathIs(at('Northwind Bank', '/connect/share-tokens'));
    const form = page.locator('#create-share-token');
    await form.locator('[name=bridge]').selectOption(bridgeId);
    await form.locator('[name=source]').click();
    await form.locator('[name=source]').pressSequentially(inquiryId);
    await form.getByRole('button', { name: 'Create share token' }).click();
    const code = page.locator('#created-token code');
    await code.waitFor();
    tokenId = (await code.textContent()).trim();
    assert(/^cnst_\S+$/.test(tokenId), `token id "${tokenId}" does not look like cnst_…`);
    const row = page.locator(`#outbound-tokens tbody tr[data-id="${tokenId}"]`);
    await row.locator('.badge[data-status=new]').waitFor();
    return tokenId;
  });

  await check('the Copy button puts exactly the token id on the clipboard', async () => {
    // Start from a known different clipboard so a stale value cannot pass.
    await page.evaluate(() => navigator.clipboard.writeText('not the token'));
    const button = page.locator('#created-token button.copy');
    assert((await button.textContent()).trim() === 'Copy', `button says "${await button.textContent()}"`);
    await button.click();
    await page.locator('#created-token button.copy', { hasText: /^Copied$/ }).waitFor();
    const clip = await poll('the clipboard to hold the token id', async () => {
      const text = await page.evaluate(() => navigator.clipboard.readText());
      return text === tokenId ? text : false;
    });
    return JSON.stringify(clip);
  });

  // 6. As Lumen Pay: redeem it with Lumen Basic.
  let destinationInquiry;
  await check('as Lumen Pay, redeem the token with Lumen Basic: a completed inquiry', async () => {
    await actAs('Lumen Pay', '/connect/share-tokens');
    await page.locator(`#inbound-tokens tbody tr[data-id="${tokenId}"] .badge[data-status=new]`).waitFor();
    await nav('Redeem').click();
    await pathIs(at('Lumen Pay', '/connect/redeem'));
    const form = page.locator('#redeem-share-token');
    await form.locator('[name=token]').click();
    await form.locator('[name=token]').pressSequentially(tokenId);
    assert(await form.locator('[name=mode][value=clone]').isChecked(), 'mode "a new inquiry from a template" is not the default');
    const template = form.locator('[name=template]');
    await template.selectOption(await optionStartingWith(template, 'Lumen Basic'));
    await form.getByRole('button', { name: 'Redeem' }).click();
    const result = page.locator('#redeem-result');
    await result.waitFor();
    await result.locator('.badge[data-status=completed]').waitFor();
    await page.locator('.flash.ok', { hasText: `Share token ${tokenId} redeemed` }).waitFor();
    destinationInquiry = (await result.locator('code').first().textContent()).trim();
    const text = (await result.textContent()).replace(/\s+/g, ' ').trim();
    assert(text.includes('for Alex Rivera is completed'), `result reads "${text}"`);
    assert(destinationInquiry !== inquiryId, 'the destination inquiry has the source inquiry\'s id');
    await page.screenshot({ path: path.join(outDir, 'redeemed.png'), fullPage: true });
    return `${destinationInquiry} completed; screenshot ${path.relative(process.cwd(), path.join(outDir, 'redeemed.png'))}`;
  });

  // 7. As Northwind: the token is redeemed, by Lumen Pay.
  const tokenRowRedeemed = async () => {
    const row = page.locator(`#outbound-tokens tbody tr[data-id="${tokenId}"]`);
    await row.locator('.badge[data-status=redeemed]').waitFor();
    const cell = (await row.locator('td').nth(2).innerText()).replace(/\s+/g, ' ').trim();
    assert(/^redeemed by Lumen Pay at /.test(cell), `status cell reads "${cell}"`);
    assert((await row.locator('[data-action=expire]').count()) === 0, 'a redeemed token still offers Expire');
    return cell;
  };
  await check('as Northwind Bank, the token row shows redeemed by Lumen Pay', async () => {
    await actAs('Northwind Bank', '/connect/redeem');
    await nav('Share Tokens').click();
    await pathIs(at('Northwind Bank', '/connect/share-tokens'));
    return tokenRowRedeemed();
  });

  // 8. Reload: it was saved in localStorage.
  await check('after a reload the token is still redeemed (localStorage)', async () => {
    await page.reload({ waitUntil: 'load' });
    await pathIs(at('Northwind Bank', '/connect/share-tokens'));
    const saved = await page.evaluate(() => Object.keys(localStorage));
    assert(saved.length > 0, 'localStorage is empty');
    return `${await tokenRowRedeemed()}; localStorage keys ${JSON.stringify(saved)}`;
  });

  // 9. Refusal: a second redeem names the status.
  await check('as Lumen Pay, redeeming the same token again is refused: "redeemed"', async () => {
    await actAs('Lumen Pay', '/connect/share-tokens');
    const inbound = page.locator(`#inbound-tokens tbody tr[data-id="${tokenId}"]`);
    await inbound.locator('.badge[data-status=redeemed]').waitFor();
    await nav('Redeem').click();
    await pathIs(at('Lumen Pay', '/connect/redeem'));
    const form = page.locator('#redeem-share-token');
    await form.locator('[name=token]').click();
    await form.locator('[name=token]').pressSequentially(tokenId);
    const template = form.locator('[name=template]');
    await template.selectOption(await optionStartingWith(template, 'Lumen Basic'));
    await form.getByRole('button', { name: 'Redeem' }).click();
    const alert = page.locator('.flash.error');
    await alert.waitFor();
    const text = (await alert.textContent()).trim();
    assert((await alert.getAttribute('role')) === 'alert', 'the error flash is not role=alert');
    assert(/\bredeemed\b/.test(text), `the error does not name the status "redeemed": "${text}"`);
    assert(text.includes(tokenId), `the error does not name the token: "${text}"`);
    assert((await page.locator('#redeem-result').count()) === 0, 'a redeem result is shown for a refused redeem');
    return JSON.stringify(text);
  });

  await check('no console errors, page errors or failed requests', async () => {
    // check() itself fails a step that saw any; this one covers the time after the last step.
    return 'none';
  });
}

await main();
