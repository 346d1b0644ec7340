// Node.js 18+: verify a Connect Playground webhook delivery. No dependencies.
//
// rawBody: the request body exactly as received (string or Buffer), before any JSON parsing.
// header:  the Persona-Signature header, "t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">".
// secret:  the endpoint's signing secret (whsec_…), shown on the Webhooks page.
// Returns true or false, and never throws: a missing, malformed or stale header is false.
import { createHmac, timingSafeEqual } from "node:crypto";

export const TOLERANCE_SECONDS = 300;

export function verify(rawBody, header, secret, nowSeconds = Date.now() / 1000) {
  const bodyOk = typeof rawBody === "string" || Buffer.isBuffer(rawBody);
  if (!bodyOk || typeof header !== "string" || typeof secret !== "string" || !secret) {
    return false;
  }
  const fields = new Map();
  for (const part of header.split(",")) {
    const at = part.indexOf("=");
    const key = part.slice(0, at).trim();
    // A repeated field is ambiguous: refuse rather than guess which one was signed.
    if (at < 0 || fields.has(key)) return false;
    fields.set(key, part.slice(at + 1).trim());
  }
  const t = fields.get("t") ?? "";
  const v1 = fields.get("v1") ?? "";
  if (!/^[0-9]{1,12}$/.test(t) || !/^[0-9a-fA-F]{64}$/.test(v1)) return false;
  // Replays of an old delivery, and deliveries from a clock far off, are refused.
  if (!(Math.abs(nowSeconds - Number(t)) <= TOLERANCE_SECONDS)) return false;
  const expected = createHmac("sha256", secret).update(`${t}.`).update(rawBody).digest();
  return timingSafeEqual(expected, Buffer.from(v1, "hex"));
}

// verify(rawBody, req.headers["persona-signature"], "whsec_…")
