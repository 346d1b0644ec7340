// What the benchmark and the startup profile share: putting a generated state's records into
// local storage before the app starts, and marking the first render in the page's clock.

/** Writes `records` (full key → value) into the local storage of `origin`, from a blank page
 * of that origin (a missing file: 404, and no app running). Returns `{ chars }`, or
 * `{ refused }` with the browser's reason if it refused one (then storage is cleared). */
export async function seedStorage(page, origin, records) {
  await page.goto(`${origin}/bench-seed.none`);
  return page.evaluate((records) => {
    localStorage.clear();
    let chars = 0;
    for (const [key, value] of Object.entries(records)) {
      try {
        localStorage.setItem(key, value);
      } catch (e) {
        const at = chars;
        localStorage.clear();
        return { refused: `${e.name} after ${at.toLocaleString('en-US')} characters` };
      }
      chars += key.length + value.length;
    }
    return { chars };
  }, records);
}

/** An init script: sets `window.__firstRender` (ms since navigation) when the first screen's
 * heading is in the page, whatever the page does before. */
export const FIRST_RENDER = `
  new MutationObserver((_, observer) => {
    if (document.querySelector('main.content h1')) {
      window.__firstRender = performance.now();
      observer.disconnect();
    }
  }).observe(document, { childList: true, subtree: true });
`;
