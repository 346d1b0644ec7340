// node --test tools/webhook/: the verification snippet the Webhooks page shows.
import { test } from "node:test";
import assert from "node:assert/strict";
import { verify, TOLERANCE_SECONDS } from "./verify.mjs";

// Pinned in crates/connect/tests/workflows.rs (signatures_match_pinned_vectors): what the
// playground signs, so the snippet and the app agree byte for byte.
const SECRET = "whsec_test";
const BODY = '{"a":1}';
const T = 1_700_000_000;
const V1 = "38877139021993b830af32feea6e18a8da83eb2f6e49ee50bd9e4cf4ca4d3789";
const HEADER = `t=${T},v1=${V1}`;

test("a delivery signed by the playground verifies, as a string or a Buffer", () => {
  assert.equal(verify(BODY, HEADER, SECRET, T), true);
  assert.equal(verify(Buffer.from(BODY), HEADER, SECRET, T + 10), true);
  assert.equal(verify(BODY, ` t=${T} , v1=${V1.toUpperCase()} `, SECRET, T), true);
});

test("another body, secret or timestamp does not verify", () => {
  assert.equal(verify('{"a":2}', HEADER, SECRET, T), false);
  assert.equal(verify(BODY, HEADER, "whsec_other", T), false);
  assert.equal(verify(BODY, `t=${T + 1},v1=${V1}`, SECRET, T), false);
});

test("the timestamp must be within five minutes of now, either side", () => {
  assert.equal(verify(BODY, HEADER, SECRET, T + TOLERANCE_SECONDS), true);
  assert.equal(verify(BODY, HEADER, SECRET, T - TOLERANCE_SECONDS), true);
  assert.equal(verify(BODY, HEADER, SECRET, T + TOLERANCE_SECONDS + 1), false);
  assert.equal(verify(BODY, HEADER, SECRET, T - TOLERANCE_SECONDS - 1), false);
  // A playground clock moved an hour ahead signs an hour ahead.
  assert.equal(verify(BODY, HEADER, SECRET, T - 3600), false);
});

test("a malformed header is false, never an exception", () => {
  const malformed = [
    "",
    `v1=${V1}`, // no t=
    `t=${T}`, // no v1=
    `t=${T},v1=`,
    `t=${T},v1=${V1.slice(2)}`, // shorter
    `t=${T},v1=${V1}00`, // longer
    `t=${T},v1=${"zz" + V1.slice(2)}`, // not hex
    `t=${T},v1=${V1.slice(1)}g`,
    `t=abc,v1=${V1}`,
    `t=-${T},v1=${V1}`,
    `t=${T}.5,v1=${V1}`,
    `t=1e9,v1=${V1}`,
    `t=${T},t=${T},v1=${V1}`, // repeated field
    `t=${T},v1=${V1},v1=${V1}`,
    `t=${T};v1=${V1}`,
    `t${T},v1=${V1}`,
    ",,,",
    "=",
    "t=,v1=",
    `t=99999999999999999999,v1=${V1}`,
  ];
  for (const header of malformed) {
    assert.doesNotThrow(() => verify(BODY, header, SECRET, T), `header ${JSON.stringify(header)}`);
    assert.equal(verify(BODY, header, SECRET, T), false, `header ${JSON.stringify(header)}`);
  }
});

test("missing or wrongly typed arguments are false, never an exception", () => {
  const cases = [
    [BODY, undefined, SECRET],
    [BODY, null, SECRET],
    [BODY, 42, SECRET],
    [BODY, [HEADER], SECRET],
    [undefined, HEADER, SECRET],
    [{ a: 1 }, HEADER, SECRET],
    [BODY, HEADER, undefined],
    [BODY, HEADER, ""],
    [BODY, HEADER, Buffer.from(SECRET)],
  ];
  for (const [body, header, secret] of cases) {
    assert.doesNotThrow(() => verify(body, header, secret, T));
    assert.equal(verify(body, header, secret, T), false);
  }
  assert.equal(verify(BODY, HEADER, SECRET, NaN), false);
});
