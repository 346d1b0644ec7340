// A tiny static file server for the built dist/, for end-to-end tests. No npm dependencies.
//
//   import { serve } from './serve.mjs';
//   const { url, close } = await serve('dist');      // ephemeral port on 127.0.0.1
//
//   node e2e/serve.mjs DIR PORT                      // standalone, Ctrl-C to stop
//
// Binds to 127.0.0.1 only. GET and HEAD only. Unknown paths without a file extension get
// index.html (SPA fallback, so deep links such as /orgs/org_…/connect/redeem work); unknown
// paths with an extension get 404, so a missing asset is never answered with HTML.

import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.txt': 'text/plain; charset=utf-8',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.webmanifest': 'application/manifest+json',
};

export function mimeType(file) {
  return MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

function isFile(p) {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

/**
 * Serves `dir` on 127.0.0.1:`port` (0 = any free port).
 * Options, for a build made with `trunk build --public-url /sub/`: `base: '/sub'` serves `dir`
 * under that sub-path only (anything else is 404), and `notFound: '404.html'` answers unknown
 * paths as a static host without SPA rewrites does (GitHub Pages, S3): that page, status 404.
 * @returns {Promise<{url: string, port: number, close: () => Promise<void>}>}
 *   `url` has no trailing slash, e.g. `http://127.0.0.1:40123`.
 */
export function serve(dir, port = 0, { base = '', notFound = null } = {}) {
  const root = path.resolve(dir);
  const index = path.join(root, 'index.html');
  if (!isFile(index)) {
    return Promise.reject(new Error(`serve: ${index} does not exist (build the app first)`));
  }

  const server = http.createServer((req, res) => {
    const send = (status, type, body, extra = {}) => {
      res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body), ...extra });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(405, 'text/plain; charset=utf-8', 'Method Not Allowed\n', { Allow: 'GET, HEAD' });
      return;
    }

    let pathname;
    try {
      pathname = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
    } catch {
      send(400, 'text/plain; charset=utf-8', 'Bad Request\n');
      return;
    }
    if (base) {
      if (pathname !== base && !pathname.startsWith(`${base}/`)) {
        send(404, 'text/plain; charset=utf-8', `Not Found: ${pathname} (served under ${base}/)\n`);
        return;
      }
      pathname = pathname.slice(base.length) || '/';
    }
    // Resolve inside root only: no `..` escapes, no NUL bytes.
    const file = path.join(root, path.normalize(pathname));
    if (pathname.includes('\0') || (file !== root && !file.startsWith(root + path.sep))) {
      send(403, 'text/plain; charset=utf-8', 'Forbidden\n');
      return;
    }

    let target = null;
    let status = 200;
    if (isFile(file)) {
      target = file;
    } else if (isFile(path.join(file, 'index.html'))) {
      target = path.join(file, 'index.html');
    } else if (notFound) {
      target = path.join(root, notFound);
      status = 404;
    } else if (path.extname(pathname) === '') {
      target = index; // SPA fallback: the router decides what the URL shows
    }
    if (!target) {
      send(404, 'text/plain; charset=utf-8', `Not Found: ${pathname}\n`);
      return;
    }

    fs.stat(target, (err, stat) => {
      if (err) {
        send(500, 'text/plain; charset=utf-8', 'Internal Server Error\n');
        return;
      }
      res.writeHead(status, {
        'Content-Type': mimeType(target),
        'Content-Length': stat.size,
        'Cache-Control': 'no-cache',
      });
      if (req.method === 'HEAD') {
        res.end();
        return;
      }
      fs.createReadStream(target)
        .on('error', () => res.destroy())
        .pipe(res);
    });
  });

  // Keep-alive sockets would make close() wait; track them so close() ends them.
  const sockets = new Set();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      const { port: actual } = server.address();
      let closing = null;
      const close = () => {
        closing ??= new Promise((done) => {
          server.close(() => done());
          for (const s of sockets) s.destroy();
        });
        return closing;
      };
      resolve({ url: `http://127.0.0.1:${actual}`, port: actual, close });
    });
  });
}

// Standalone: node e2e/serve.mjs DIR PORT
if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const dir = process.argv[2] ?? 'dist';
  const port = Number(process.argv[3] ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`usage: node ${path.relative(process.cwd(), fileURLToPath(import.meta.url))} DIR PORT`);
    process.exit(2);
  }
  serve(dir, port).then(
    ({ url, close }) => {
      console.log(`Serving ${path.resolve(dir)} at ${url}/ (Ctrl-C to stop)`);
      const stop = () => close().then(() => process.exit(0));
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    },
    (err) => {
      console.error(err.message);
      process.exit(1);
    },
  );
}
