// A webhook receiver for demos and the end-to-end run: listens on 127.0.0.1, verifies each
// delivery's Persona-Signature with verify.mjs (the snippet the Webhooks page shows) and prints
// one line per event. No dependencies beyond Node.js 18+.
//
//   node tools/webhook/receiver.mjs [--port 8000] [--secret whsec_…]...
//   PORT=8000 WEBHOOK_SECRETS=whsec_a,whsec_b node tools/webhook/receiver.mjs
//
// Paste an endpoint's secret (whsec_…) on a line of its own while it runs to add it; a
// delivery verifies when one of the known secrets signed it. Any path takes POSTs, e.g.
// http://127.0.0.1:8000/webhooks. GET /received answers what arrived as JSON:
// {"secrets": 2, "count": 5, "verified": 5, "deliveries": [{"type", "id", "verified", ...}]}.
// --port 0 picks a free port; the first line printed names the URL.
//
// The playground POSTs from the browser, so every answer carries CORS headers and the
// preflight (OPTIONS) is answered too.

import http from "node:http";
import path from "node:path";
import readline from "node:readline";
import { pathToFileURL } from "node:url";
import { verify } from "./verify.mjs";

const MAX_BODY_BYTES = 1024 * 1024;
const SECRET_PATTERN = /^whsec_\S+$/;

const CORS = {
  "Access-Control-Allow-Origin": "*",
  "Access-Control-Allow-Methods": "POST, GET, OPTIONS",
  "Access-Control-Allow-Headers":
    "Content-Type, Persona-Signature, Persona-Webhook-Attempts-Made, Persona-Webhook-Attempts-Left",
  "Access-Control-Max-Age": "600",
};

/** What a delivery's body says it is; every field may be missing from a foreign POST. */
function describe(rawBody) {
  try {
    const data = JSON.parse(rawBody)?.data;
    return { type: String(data?.attributes?.name ?? "?"), id: String(data?.id ?? "?") };
  } catch {
    return { type: "?", id: "?" };
  }
}

/** Why a signature with a known secret failed, as far as the header alone tells. */
function whyNot(header) {
  const t = /(?:^|,)\s*t=([0-9]{1,12})\s*(?:,|$)/.exec(String(header))?.[1];
  const off = t === undefined ? NaN : Number(t) - Math.round(Date.now() / 1000);
  if (Math.abs(off) > 300) {
    return `its timestamp is ${Math.abs(off)} s ${off > 0 ? "ahead of" : "behind"} this machine's clock (over 5 minutes)`;
  }
  return "the signature matches no known secret, or the header is malformed";
}

/**
 * Starts the receiver.
 * @returns {Promise<{url: string, port: number, secrets: Set<string>, received: object[],
 *   close: () => Promise<void>}>}
 */
export function startReceiver({ port = 8000, secrets = [], log = console.log } = {}) {
  const known = new Set(secrets);
  const received = [];

  const server = http.createServer((req, res) => {
    const send = (status, body, type = "text/plain; charset=utf-8", extra = {}) => {
      res.writeHead(status, { ...CORS, "Content-Type": type, "Cache-Control": "no-store", ...extra });
      res.end(body);
    };
    if (req.method === "OPTIONS") {
      // Chromium asks this before a page on a public address may reach a local one.
      const extra = req.headers["access-control-request-private-network"] === "true"
        ? { "Access-Control-Allow-Private-Network": "true" }
        : {};
      res.writeHead(204, { ...CORS, ...extra });
      res.end();
      return;
    }
    const { pathname } = new URL(req.url ?? "/", "http://127.0.0.1");
    if (req.method === "GET" && pathname === "/received") {
      const verified = received.filter((d) => d.verified).length;
      send(200, JSON.stringify({ secrets: known.size, count: received.length, verified, deliveries: received }), "application/json");
      return;
    }
    if (req.method !== "POST") {
      send(405, "POST a delivery, or GET /received\n", undefined, { Allow: "POST, GET, OPTIONS" });
      return;
    }

    const chunks = [];
    let size = 0;
    req.on("data", (chunk) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        send(413, "body too large\n");
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => {
      if (size > MAX_BODY_BYTES) return;
      const rawBody = Buffer.concat(chunks);
      const header = req.headers["persona-signature"];
      const secret = [...known].find((s) => verify(rawBody, header, s));
      const { type, id } = describe(rawBody.toString("utf8"));
      const reason = secret
        ? `signed with the secret ending …${secret.slice(-4)}`
        : !header
          ? "no Persona-Signature header"
          : known.size === 0
            ? "no secret known yet: paste the endpoint's secret here"
            : whyNot(header);
      const delivery = { at: new Date().toISOString(), path: pathname, type, id, verified: Boolean(secret), reason, signature: header ?? null };
      received.push(delivery);
      log(`${delivery.at}  ${type}  ${id}  verified: ${secret ? "yes" : "no"} (${reason})`);
      if (secret) send(200, "verified\n");
      else send(400, `not verified: ${reason}\n`);
    });
  });

  const sockets = new Set();
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });

  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      server.off("error", reject);
      const actual = server.address().port;
      let closing = null;
      const close = () => {
        closing ??= new Promise((done) => {
          server.close(() => done());
          for (const s of sockets) s.destroy();
        });
        return closing;
      };
      resolve({ url: `http://127.0.0.1:${actual}`, port: actual, secrets: known, received, close });
    });
  });
}

function parseArgs(argv) {
  const options = { port: Number(process.env.PORT ?? 8000), secrets: (process.env.WEBHOOK_SECRETS ?? "").split(",").filter(Boolean) };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--port") options.port = Number(argv[++i]);
    else if (argv[i] === "--secret") options.secrets.push(argv[++i] ?? "");
    else throw new Error(`unknown argument ${argv[i]}`);
  }
  if (!Number.isInteger(options.port) || options.port < 0 || options.port > 65535) throw new Error("--port takes 0 to 65535");
  const bad = options.secrets.find((s) => !SECRET_PATTERN.test(s));
  if (bad !== undefined) throw new Error(`"${bad}" is not an endpoint secret (whsec_…)`);
  return options;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  let options;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (error) {
    console.error(`${error.message}\nusage: node tools/webhook/receiver.mjs [--port 8000] [--secret whsec_…]...`);
    process.exit(2);
  }
  startReceiver(options).then(
    ({ url, secrets, close }) => {
      console.log(`receiving webhooks at ${url}/ (any path); GET ${url}/received lists them. Ctrl-C stops.`);
      console.log(`${secrets.size} secret(s) known; paste an endpoint's secret (whsec_…) and press Enter to add one.`);
      readline.createInterface({ input: process.stdin }).on("line", (line) => {
        const secret = line.trim();
        if (!secret) return;
        if (!SECRET_PATTERN.test(secret)) {
          console.log(`ignored "${secret}": an endpoint secret starts with whsec_`);
          return;
        }
        secrets.add(secret);
        console.log(`secret ending …${secret.slice(-4)} added (${secrets.size} known)`);
      });
      const stop = () => close().then(() => process.exit(0));
      process.on("SIGINT", stop);
      process.on("SIGTERM", stop);
    },
    (error) => {
      console.error(`could not listen: ${error.message}`);
      process.exit(1);
    },
  );
}
