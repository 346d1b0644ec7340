// The buttons of the panic overlay (#panic-overlay in index.html). Plain JavaScript on purpose:
// release builds abort on a panic, so the app's WebAssembly instance is dead by the time anyone
// clicks, and nothing here may call into it. src/panic.rs only reveals the overlay and fills in
// the message.
"use strict";
(function () {
  const byId = (id) => document.getElementById(id);
  let savedUrl = null;

  /** Every local-storage record of this origin (the playground is its only app), by key. */
  function savedData() {
    const storage = window.localStorage;
    const keys = [];
    for (let i = 0; i < storage.length; i++) {
      const key = storage.key(i);
      if (key !== null) keys.push(key);
    }
    keys.sort();
    const data = {};
    for (const key of keys) data[key] = storage.getItem(key);
    return data;
  }

  function download() {
    const status = byId("panic-status");
    try {
      const data = savedData();
      const count = Object.keys(data).length;
      const fileName = `connect-playground-saved-data-${new Date().toISOString().slice(0, 10)}.json`;
      // A Blob, not a data: URL: browsers refuse data: URLs of a few megabytes.
      const blob = new Blob([JSON.stringify(data, null, 1)], { type: "application/json" });
      if (savedUrl) URL.revokeObjectURL(savedUrl);
      savedUrl = URL.createObjectURL(blob);
      const link = byId("panic-saved-link");
      link.href = savedUrl;
      link.download = fileName;
      link.textContent = `save ${fileName}`;
      link.parentElement.hidden = false;
      link.click();
      status.textContent = `${count} saved record${count === 1 ? "" : "s"} (${blob.size} bytes) in ${fileName}. Reloading keeps them too.`;
    } catch (error) {
      status.textContent = `The saved data could not be read: ${error && error.message ? error.message : error}`;
    }
  }

  byId("panic-download").addEventListener("click", download);
  byId("panic-reload").addEventListener("click", () => window.location.reload());
})();
