// End-to-end check of demo mode on the release build, driven as a presenter would.
//
//   node e2e/demo.mjs [distDir=dist] [subPathDistDir] [outDir=target/e2e]
//
// 1. A fresh profile opens /demo at laptop size (1366x768) and completes the guided share flow
//    with "Do it for me" only (the one beside the highlighted control in its pane), counting
//    every click (at most 10); the picture's token goes new → redeemed with no reload. Simple
//    accessibility checks run on the demo screen (every control has a name, no id twice, text
//    contrast, no positive tabindex, Tab follows the page's order). A link inside a pane opens
//    its object in the pane. Screenshots: outDir/demo-laptop.png, demo-presenter.png,
//    demo-phone.png (390x844, the picture in one column), and demo-<preset>-laptop.png and
//    demo-<preset>-phone.png for every scenario preset.
// 2. When subPathDistDir is given (a build made with `--public-url /connect-playground/`), it
//    is served under /connect-playground/ the way a static host without SPA rewrites serves it
//    (unknown paths answer 404.html with status 404): a deep link to a scenario, a reload, and a
//    link from the picture all work.
// Any console error, page error or failed request fails the run (except the 404 status a
// host without rewrites gives deep links, which is the point of 404.html).

import fs from 'node:fs';
import path from 'node:path';
import { Run, assert, inBrowser, poll } from './harness.mjs';

const distDir = path.resolve(process.argv[2] ?? 'dist');
const subDir = process.argv[3] && process.argv[4] ? path.resolve(process.argv[3]) : null;
const outDir = path.resolve(process.argv[4] ?? process.argv[3] ?? 'target/e2e');
const BASE = '/connect-playground';
const MAX_CLICKS = 10;

const run = new Run();
const check = (name, fn) => run.check(name, fn);

/** `body` on a page of laptop size (the size the guided flow's clicks are counted at). */
const atLaptopSize = (body) => async (page, origin) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  await body(page, origin);
};

const status = (page, part) => page.locator(`#picture-${part}`).getAttribute('data-status');

async function guidedFlow(page, origin) {
  let clicks = 0;
  const clickOn = async (locator) => {
    clicks++;
    await locator.click();
  };
  const seen = [];

  await check('a fresh profile opens /demo: both panes, the picture, the guide', async () => {
    await page.goto(`${origin}/demo`, { waitUntil: 'load' });
    await page.locator('#pane-left .pane-org select').waitFor();
    await page.locator('.guide-step[data-progress=current]').waitFor();
    const left = await page.locator('#pane-left .pane-org select option:checked').textContent();
    const right = await page.locator('#pane-right .pane-org select option:checked').textContent();
    assert(left === 'Northwind Bank' && right === 'Lumen Pay', `panes show ${left} | ${right}`);
    assert((await status(page, 'token')) === 'none', 'a token before any step');
    await page.evaluate(() => {
      window.__sameDocument = true;
    });
    return `${left} | ${right}`;
  });

  await check(`the guided flow reaches a re-verified destination inquiry in at most ${MAX_CLICKS} clicks`, async () => {
    for (let i = 0; i < MAX_CLICKS; i++) {
      const current = page.locator('.guide-step[data-progress=current]');
      if ((await current.count()) === 0) break;
      const step = await current.getAttribute('data-step');
      if (step === 'verified-again') break;
      // The button beside the real control, as a presenter sees it in the pane.
      const button = page.locator('.pane .do-it-here:not([hidden])');
      await poll(`“Do it for me” on ${step}`, () => button.isEnabled());
      const covered = await page.evaluate(coveredByDoIt);
      assert(covered.length === 0, `“Do it for me” on ${step} covers ${covered.join(', ')}`);
      await clickOn(button);
      await poll(`${step} done`, async () => (await page.locator(`.guide-step[data-step=${step}]`).getAttribute('data-progress')) === 'done');
      const token = await status(page, 'token');
      if (seen.at(-1) !== token) seen.push(token);
    }
    await poll('the destination inquiry completed', async () => (await status(page, 'destination-inquiry')) === 'completed');
    assert(clicks <= MAX_CLICKS, `${clicks} clicks`);
    return `${clicks} clicks`;
  });

  await check('the picture showed the token new, then redeemed, without a reload', async () => {
    const path = seen.filter((s) => s !== 'none');
    assert(JSON.stringify(path) === JSON.stringify(['new', 'redeemed']), `token statuses seen: ${JSON.stringify(seen)}`);
    assert(await page.evaluate(() => window.__sameDocument === true), 'the page was reloaded');
    const text = await page.locator('#picture-destination-inquiry').textContent();
    assert(text.includes('passed'), `destination inquiry shows: ${text}`);
    return seen.join(' → ');
  });

  await check('accessibility: names, contrast, no positive tabindex, Tab follows the page order', async () => {
    const { problems, checked } = await page.evaluate(auditDemo);
    assert(problems.length === 0, problems.slice(0, 12).join('\n'));
    assert(checked.controls > 10 && checked.texts > 50, `the audit saw too little: ${JSON.stringify(checked)}`);
    // Tab order: each focus lands later in the document than the one before.
    await page.locator('#presenter-text').focus();
    let backwards = 0;
    let previous = await page.evaluate(() => document.activeElement.outerHTML.slice(0, 80));
    for (let i = 0; i < 30; i++) {
      await page.keyboard.press('Tab');
      const ordered = await page.evaluate(() => {
        const now = document.activeElement;
        const ok = !window.__lastFocus || window.__lastFocus.compareDocumentPosition(now) & Node.DOCUMENT_POSITION_FOLLOWING;
        window.__lastFocus = now;
        return Boolean(ok);
      });
      if (!ordered) backwards++;
    }
    assert(backwards === 0, `focus went backwards ${backwards} times after ${previous}`);
    return `no problems on /demo (${checked.controls} form controls, ${checked.names} buttons and links, ${checked.texts} texts)`;
  });

  await check('a link inside a pane opens its object in the pane, not a full screen', async () => {
    await page.locator('#pane-right .pane-tabs [data-screen=inquiries]').click();
    await page.locator('#right-inquiry-list td:first-child a').first().click();
    await page.locator('#pane-right #right-inquiry-status').waitFor();
    assert(new URL(page.url()).pathname.endsWith('/demo'), `left demo mode: ${page.url()}`);
    await page.locator('#pane-right .pane-back').click();
    await page.locator('#pane-right #right-inquiry-list').waitFor();
    return new URL(page.url()).search.slice(0, 60);
  });

  await check('Escape closes the clock menu, with no error in the console', async () => {
    await page.locator('#clock-menu summary').click();
    await poll('the clock menu open', () => page.locator('#clock-menu').evaluate((d) => d.open));
    await page.keyboard.press('Escape');
    await poll('the clock menu closed', async () => !(await page.locator('#clock-menu').evaluate((d) => d.open)));
    return 'closed (a console error fails the run)';
  });

  await check('screenshots at laptop, presenter and phone size', async () => {
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: path.join(outDir, 'demo-laptop.png') });
    await page.locator('#presenter-text').click();
    await poll('presenter text', () => page.evaluate(() => document.documentElement.hasAttribute('data-presenter')));
    await page.screenshot({ path: path.join(outDir, 'demo-presenter.png') });
    await page.locator('#presenter-text').click();
    await page.setViewportSize({ width: 390, height: 844 });
    await poll('the pane switch on a phone', () => page.locator('.pane-switch').isVisible());
    await page.locator('.pane-switch button', { hasText: 'Source' }).click();
    await poll('the source pane alone', async () => (await page.locator('#pane-left').isVisible()) && !(await page.locator('#pane-right').isVisible()));
    await page.locator('.pane-switch button', { hasText: 'Destination' }).click();
    await poll('the destination pane alone', async () => (await page.locator('#pane-right').isVisible()) && !(await page.locator('#pane-left').isVisible()));
    await poll('the picture in one column', () => page.locator('#flow-picture svg.column').isVisible());
    await page.screenshot({ path: path.join(outDir, 'demo-phone.png'), fullPage: true });
    await page.locator('#presenter-text').click();
    await poll('presenter text on a phone', () => page.evaluate(() => document.documentElement.hasAttribute('data-presenter')));
    await page.locator('#presenter-text').click();
    await page.setViewportSize({ width: 1366, height: 768 });
    return ['demo-laptop.png', 'demo-presenter.png', 'demo-phone.png'].map((f) => path.relative(process.cwd(), path.join(outDir, f))).join(', ');
  });
}

/** In the page: what a simple accessibility audit of #demo finds. */
function auditDemo() {
  const root = document.querySelector('#demo');
  const problems = [];
  const checked = { controls: 0, names: 0, texts: 0 };
  const visible = (e) => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden';
  const describe = (e) => `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}${e.name ? `[name=${e.name}]` : ''} "${(e.textContent || '').trim().slice(0, 40)}"`;
  const named = (e) =>
    (e.getAttribute('aria-label') || '').trim() ||
    (e.getAttribute('aria-labelledby') || '').split(' ').map((id) => document.getElementById(id)?.textContent || '').join('').trim() ||
    (e.labels && [...e.labels].map((l) => l.textContent).join('').trim()) ||
    (e.getAttribute('title') || '').trim();
  for (const e of root.querySelectorAll('input, select, textarea')) {
    if (e.type === 'hidden' || !visible(e)) continue;
    checked.controls++;
    if (!named(e)) problems.push(`no label: ${describe(e)}`);
  }
  for (const e of root.querySelectorAll('button, a[href], [role=button]')) {
    if (!visible(e)) continue;
    checked.names++;
    if (!(e.textContent || '').trim() && !named(e)) problems.push(`no name: ${describe(e)}`);
  }
  const ids = new Map();
  for (const e of document.querySelectorAll('[id]')) ids.set(e.id, (ids.get(e.id) ?? 0) + 1);
  for (const [id, n] of ids) if (n > 1) problems.push(`id "${id}" ${n} times`);
  for (const e of document.querySelectorAll('[tabindex]')) {
    if (Number(e.getAttribute('tabindex')) > 0) problems.push(`positive tabindex: ${describe(e)}`);
  }
  const rgb = (c) => (c.match(/[\d.]+/g) || []).map(Number);
  const luminance = ([r, g, b]) => {
    const f = (v) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const background = (e) => {
    for (let n = e; n && n.nodeType === 1; n = n.parentElement) {
      if (n instanceof SVGElement && n.tagName !== 'svg') continue;
      const c = rgb(getComputedStyle(n).backgroundColor);
      if (c.length >= 3 && (c.length < 4 || c[3] > 0.5)) return c;
    }
    return [255, 255, 255];
  };
  for (const e of root.querySelectorAll('*')) {
    const own = [...e.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    if (!own || !visible(e)) continue;
    const style = getComputedStyle(e);
    const fg = rgb(e instanceof SVGElement ? style.fill : style.color);
    if (fg.length < 3) continue;
    checked.texts++;
    const [l1, l2] = [luminance(fg), luminance(background(e))].sort((a, b) => b - a);
    const ratio = (l1 + 0.05) / (l2 + 0.05);
    const size = parseFloat(style.fontSize);
    const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
    if (ratio < (large ? 3 : 4.5)) problems.push(`contrast ${ratio.toFixed(2)}: ${describe(e)}`);
  }
  return { problems, checked };
}

/** What a phone-width page shows past its edge: a horizontal scroll, or a visible control or
 *  text outside a table that is wider than its card (a long id that cannot wrap stretched the
 *  token form's fields past the card's edge). */
function spillsOver() {
  const problems = [];
  const page = document.documentElement;
  if (page.scrollWidth > page.clientWidth) problems.push(`the page scrolls sideways: ${page.scrollWidth} > ${page.clientWidth}`);
  for (const e of document.querySelectorAll('#demo .card input, #demo .card select, #demo .card button, #demo .card p')) {
    if (e.getClientRects().length === 0) continue;
    // A wide table scrolls sideways in its card on purpose (main.css, phones); forms and text
    // should fit.
    if (e.closest('table')) continue;
    const card = e.closest('.card').getBoundingClientRect();
    const own = e.getBoundingClientRect();
    if (own.right > card.right + 1) {
      problems.push(`${e.tagName.toLowerCase()} "${(e.textContent || e.getAttribute('aria-label') || '').trim().slice(0, 40)}" ends at ${Math.round(own.right)}, its card at ${Math.round(card.right)}`);
    }
  }
  return problems;
}

// What the floating "Do it for me" covers in its pane: other controls and links than the one
// it stands for, which a presenter could no longer click.
function coveredByDoIt() {
  const button = document.querySelector('.pane .do-it-here:not([hidden])');
  if (!button) return [];
  const own = button.getBoundingClientRect();
  const pane = button.closest('.pane');
  const covered = [];
  for (const e of pane.querySelectorAll('button, a, input, select, textarea')) {
    // The control the step is about may hold the button at its end (a wide text field).
    if (e === button || e.hasAttribute('data-demo-highlight') || e.getClientRects().length === 0) continue;
    const r = e.getBoundingClientRect();
    const w = Math.min(own.right, r.right) - Math.max(own.left, r.left);
    const h = Math.min(own.bottom, r.bottom) - Math.max(own.top, r.top);
    if (w > 1 && h > 1) covered.push(`${e.tagName.toLowerCase()} "${(e.textContent || e.getAttribute('name') || '').trim().slice(0, 30)}"`);
  }
  return covered;
}

const PRESETS = ['happy-path', 'stricter-rule', 'missing-data', 'expiring-token', 'wrong-organization', 'automated'];

async function presetScreens(page, origin) {
  await check('every preset opens, passes the audit, and is screenshot at laptop and phone size', async () => {
    const shots = [];
    for (const name of PRESETS) {
      await page.setViewportSize({ width: 1366, height: 768 });
      await page.goto(`${origin}/demo?scenario=${name}`, { waitUntil: 'load' });
      const confirm = page.locator('#confirm-scenario');
      await poll(`${name} ready or asking`, async () => (await confirm.count()) > 0 || (await page.locator('.demo > .flash').count()) > 0);
      if ((await confirm.count()) > 0) await confirm.click();
      await poll(`${name} ready`, () => page.locator('.demo > .flash').textContent().then((t) => t.includes('is ready')));
      const { problems } = await page.evaluate(auditDemo);
      assert(problems.length === 0, `${name}: ${problems.slice(0, 8).join('\n')}`);
      const hidden = await page.evaluate(coveredByDoIt);
      assert(hidden.length === 0, `${name}: “Do it for me” covers ${hidden.join(', ')}`);
      await page.evaluate(() => window.scrollTo(0, 0));
      const laptop = path.join(outDir, `demo-${name}-laptop.png`);
      await page.screenshot({ path: laptop });
      await page.setViewportSize({ width: 390, height: 844 });
      await poll('the picture in one column', () => page.locator('#flow-picture svg.column').isVisible());
      const spill = await page.evaluate(spillsOver);
      assert(spill.length === 0, `${name} at phone width: ${spill.slice(0, 5).join('\n')}`);
      const covered = await page.evaluate(coveredByDoIt);
      assert(covered.length === 0, `${name} at phone width: “Do it for me” covers ${covered.join(', ')}`);
      const phone = path.join(outDir, `demo-${name}-phone.png`);
      await page.screenshot({ path: phone, fullPage: true });
      shots.push(name);
    }
    return `${shots.length} presets, 2 screenshots each`;
  });
}

async function subPath(page, origin) {
  const documentStatus = new Map();
  page.on('response', (res) => {
    if (res.request().isNavigationRequest()) documentStatus.set(res.url(), res.status());
  });
  // A host without rewrites answers a deep link with 404.html and status 404: expected here.
  const expected404 = () => {
    run.problems = run.problems.filter(
      (p) => !/HTTP 404 for .*\/connect-playground\/(demo|orgs)/.test(p) && !/status of 404/.test(p),
    );
  };

  await check(`a deep link under ${BASE}/ opens a scenario from 404.html`, async () => {
    const url = `${origin}${BASE}/demo?scenario=happy-path`;
    await page.goto(url, { waitUntil: 'load' });
    await poll('the scenario ready', () => page.locator('.demo > .flash').textContent().then((t) => t.includes('is ready')));
    await poll('the completed source inquiry', async () => (await status(page, 'source-inquiry')) === 'completed');
    assert(new URL(page.url()).pathname === `${BASE}/demo`, `at ${page.url()}`);
    expected404();
    return `document status ${documentStatus.get(url)}; now at ${new URL(page.url()).pathname}${new URL(page.url()).search.slice(0, 40)}…`;
  });

  await check('a reload keeps the screen and the data', async () => {
    await page.reload({ waitUntil: 'load' });
    await poll('the completed source inquiry after the reload', async () => (await status(page, 'source-inquiry')) === 'completed');
    assert((await status(page, 'bridge')) === 'active', 'the bridge is not active after the reload');
    expected404();
    return new URL(page.url()).pathname;
  });

  await check('a link from the picture opens its screen under the sub-path', async () => {
    await page.locator('#flow-picture a').first().click();
    await page.waitForURL((u) => u.pathname.startsWith(`${BASE}/orgs/org_`));
    await page.locator('main h1', { hasText: 'Northwind Bank' }).waitFor();
    await page.goto(`${origin}${BASE}/`, { waitUntil: 'load' });
    await page.waitForURL((u) => u.pathname.startsWith(`${BASE}/orgs/`));
    expected404();
    return new URL(page.url()).pathname;
  });
}

async function main() {
  fs.mkdirSync(outDir, { recursive: true });
  const presetShots = PRESETS.flatMap((n) => [`demo-${n}-laptop.png`, `demo-${n}-phone.png`]);
  for (const stale of ['demo-laptop.png', 'demo-presenter.png', 'demo-phone.png', 'demo-failure.png', ...presetShots]) {
    fs.rmSync(path.join(outDir, stale), { force: true });
  }
  await inBrowser(run, 'demo', distDir, outDir, atLaptopSize(guidedFlow));
  await inBrowser(run, 'demo', distDir, outDir, atLaptopSize(presetScreens));
  if (subDir) {
    const subPathServing = { base: BASE, notFound: '404.html' };
    await inBrowser(run, 'demo', subDir, outDir, atLaptopSize(subPath), subPathServing);
  }
  run.finish();
}

main();
