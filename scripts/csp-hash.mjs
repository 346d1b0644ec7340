// Trunk post-build hook (Trunk.toml): puts the SHA-256 of Trunk's inline loader script into the
// Content-Security-Policy of the built index.html, in place of 'trunk-loader-hash'. The loader
// names the content-hashed .js file, so its hash is known only once the build has made it.
// Fails the build when the page does not hold exactly one inline script and one placeholder:
// then the policy could not be right.
//
//   node scripts/csp-hash.mjs [dir]   (default: $TRUNK_STAGING_DIR, else dist)

import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const PLACEHOLDER = "'trunk-loader-hash'";
const dir = process.argv[2] ?? process.env.TRUNK_STAGING_DIR ?? 'dist';
const file = path.join(dir, 'index.html');

function fail(message) {
  console.error(`csp-hash: ${file}: ${message}`);
  process.exit(1);
}

const html = fs.readFileSync(file, 'utf8');
const inline = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi)].filter(
  ([, attrs]) => !/\bsrc\s*=/i.test(attrs),
);
if (inline.length !== 1) {
  fail(
    `expected exactly one inline script (Trunk's loader), found ${inline.length}. ` +
      "Trunk's autoreload script is rewritten per request and cannot be allowed by hash: keep " +
      '`no_autoreload = true` in Trunk.toml.',
  );
}
const placeholders = html.split(PLACEHOLDER).length - 1;
if (placeholders !== 1) fail(`expected ${PLACEHOLDER} once in the Content-Security-Policy, found it ${placeholders} times`);

// The browser hashes the element's text exactly as written (UTF-8).
const hash = crypto.createHash('sha256').update(inline[0][2], 'utf8').digest('base64');
fs.writeFileSync(file, html.replace(PLACEHOLDER, `'sha256-${hash}'`));
console.log(`csp-hash: script-src allows Trunk's loader by 'sha256-${hash}'`);
