//! docs/api.md cannot drift from the code: every example request in it is sent to a fixture
//! playground, in order, and the answer must match the example response.
//!
//! The fixture is the seeded demo at 2026-11-28T23:25:55Z with ids from a fixed pseudo-random
//! sequence. Ids are normalised, not compared literally: the first time an id of the document
//! meets an id of the answer at the same place they are bound (same prefix required), and from
//! then on each stands for the other, in both directions, and in later requests. The `json
//! fixture` block binds the seeded organizations and keys by name. Everything else (statuses,
//! attribute names and values, times, messages) must be equal.

mod common;

use common::NOW;
use connect::api::{self, ApiRequest};
use connect::seed::demo_world;
use connect::{IdSource, World};
use serde_json::Value;
use std::collections::BTreeMap;

const DOC: &str = include_str!("../../../docs/api.md");

/// Deterministic ids that look like real ones (splitmix64).
struct DocIds(u64);

impl IdSource for DocIds {
    fn random_uuid(&mut self) -> uuid::Uuid {
        let mut next = || {
            self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let mut z = self.0;
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            z ^ (z >> 31)
        };
        let bytes = (u128::from(next()) << 64 | u128::from(next())).to_be_bytes();
        uuid::Builder::from_random_bytes(bytes).into_uuid()
    }
}

fn fixture() -> (World, DocIds) {
    let mut ids = DocIds(2026);
    let world = demo_world(NOW, &mut ids);
    (world, ids)
}

/// A fenced block: its info string and text.
struct Block {
    info: String,
    text: String,
    line: usize,
}

fn blocks(doc: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut open: Option<Block> = None;
    for (n, line) in doc.lines().enumerate() {
        match (&mut open, line.strip_prefix("```")) {
            (None, Some(info)) => {
                open = Some(Block {
                    info: info.trim().to_string(),
                    text: String::new(),
                    line: n + 1,
                })
            }
            (Some(_), Some(_)) => out.extend(open.take()),
            (Some(block), None) => {
                block.text.push_str(line);
                block.text.push('\n');
            }
            (None, None) => {}
        }
    }
    out
}

/// An id: a lowercase prefix (which may hold `_`, as `sk_test` does), `_`, 32 hex digits.
fn id_at(s: &[u8], hex_start: usize) -> Option<usize> {
    if hex_start == 0 || s.get(hex_start - 1) != Some(&b'_') || hex_start + 32 > s.len() {
        return None;
    }
    let hex = &s[hex_start..hex_start + 32];
    if !hex
        .iter()
        .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(b))
    {
        return None;
    }
    if s.get(hex_start + 32)
        .is_some_and(|b| b.is_ascii_alphanumeric())
    {
        return None;
    }
    let mut start = hex_start - 1;
    while start > 0 && (s[start - 1].is_ascii_lowercase() || s[start - 1] == b'_') {
        start -= 1;
    }
    (start < hex_start - 1).then_some(start)
}

/// `text` split into plain parts and ids, alternating (starting and ending with plain text).
fn split_ids(text: &str) -> (Vec<String>, Vec<String>) {
    let s = text.as_bytes();
    let (mut plain, mut ids) = (Vec::new(), Vec::new());
    let (mut last, mut i) = (0, 0);
    while i < s.len() {
        match id_at(s, i) {
            Some(start) if start >= last => {
                plain.push(text[last..start].to_string());
                ids.push(text[start..i + 32].to_string());
                last = i + 32;
                i = last;
            }
            _ => i += 1,
        }
    }
    plain.push(text[last..].to_string());
    (plain, ids)
}

fn prefix(id: &str) -> &str {
    id.rsplit_once('_').map_or("", |(p, _)| p)
}

#[derive(Default)]
struct Binding {
    doc_to_real: BTreeMap<String, String>,
    real_to_doc: BTreeMap<String, String>,
}

impl Binding {
    fn bind(&mut self, doc: &str, real: &str) -> Result<(), String> {
        if prefix(doc) != prefix(real) {
            return Err(format!("`{doc}` stands where the code gave `{real}`"));
        }
        match (self.doc_to_real.get(doc), self.real_to_doc.get(real)) {
            (None, None) => {
                self.doc_to_real.insert(doc.into(), real.into());
                self.real_to_doc.insert(real.into(), doc.into());
                Ok(())
            }
            (Some(r), _) if r == real => Ok(()),
            _ => Err(format!(
                "`{doc}` stands where the code gave `{real}`, but one of them already stands for another id"
            )),
        }
    }

    /// `text` with every bound document id replaced by the real one.
    fn to_real(&self, text: &str) -> String {
        let (plain, ids) = split_ids(text);
        let mut out = String::new();
        for (i, part) in plain.iter().enumerate() {
            out.push_str(part);
            if let Some(id) = ids.get(i) {
                out.push_str(self.doc_to_real.get(id).unwrap_or(id));
            }
        }
        out
    }

    fn strings(&mut self, doc: &str, real: &str, at: &str) -> Result<(), String> {
        let (doc_plain, doc_ids) = split_ids(doc);
        let (real_plain, real_ids) = split_ids(real);
        if doc_plain != real_plain || doc_ids.len() != real_ids.len() {
            return Err(format!(
                "at {at}: the document says {doc:?}, the code {real:?}"
            ));
        }
        doc_ids
            .iter()
            .zip(&real_ids)
            .try_for_each(|(d, r)| self.bind(d, r).map_err(|e| format!("at {at}: {e}")))
    }

    fn values(&mut self, doc: &Value, real: &Value, at: &str) -> Result<(), String> {
        match (doc, real) {
            (Value::String(d), Value::String(r)) => self.strings(d, r, at),
            (Value::Array(d), Value::Array(r)) if d.len() == r.len() => d
                .iter()
                .zip(r)
                .enumerate()
                .try_for_each(|(i, (d, r))| self.values(d, r, &format!("{at}/{i}"))),
            (Value::Object(d), Value::Object(r)) => {
                let (dk, rk): (Vec<_>, Vec<_>) = (d.keys().collect(), r.keys().collect());
                if dk != rk {
                    return Err(format!(
                        "at {at}: the document has keys {dk:?}, the code {rk:?}"
                    ));
                }
                d.iter()
                    .try_for_each(|(k, dv)| self.values(dv, &r[k], &format!("{at}/{k}")))
            }
            _ if doc == real => Ok(()),
            _ => Err(format!("at {at}: the document says {doc}, the code {real}")),
        }
    }
}

fn parse_request(text: &str) -> ApiRequest {
    let (head, body) = text.split_once("\n\n").unwrap_or((text, ""));
    let mut lines = head.lines();
    let first = lines.next().unwrap_or_default();
    let (method, path) = first.split_once(' ').unwrap_or((first, ""));
    let mut request = ApiRequest::new(method, path.trim()).body(body.trim());
    for line in lines {
        if let Some((name, value)) = line.split_once(':') {
            request = request.header(name.trim(), value.trim());
        }
    }
    request
}

#[test]
fn every_example_in_docs_api_md_is_what_the_api_answers() {
    let (mut world, mut ids) = fixture();
    let mut api_state = api::ApiState::default();
    let mut binding = Binding::default();
    let blocks = blocks(DOC);

    let fixture_block = blocks
        .iter()
        .find(|b| b.info == "json fixture")
        .expect("docs/api.md has a ```json fixture block");
    let named: Value = serde_json::from_str(&fixture_block.text).expect("the fixture is JSON");
    for org in world.organizations.values() {
        let doc = &named["organizations"][&org.name];
        let (Some(id), Some(key)) = (doc["id"].as_str(), doc["api-key"].as_str()) else {
            panic!("the fixture names {}'s id and api-key", org.name);
        };
        binding.bind(id, org.id.as_str()).expect("org id");
        binding.bind(key, &org.api_key.secret).expect("api key");
    }

    let mut checked = 0;
    let mut pending: Option<&Block> = None;
    for block in &blocks {
        if block.info == "http request" {
            assert!(
                pending.is_none(),
                "line {}: a request without a response",
                block.line
            );
            pending = Some(block);
            continue;
        }
        let Some(status) = block.info.strip_prefix("json response ") else {
            continue;
        };
        let request_block = pending
            .take()
            .unwrap_or_else(|| panic!("line {}: a response without a request", block.line));
        let request = parse_request(&binding.to_real(&request_block.text));
        let response = api::handle(&mut world, &mut api_state, &request, NOW, &mut ids);
        let want: u16 = status
            .trim()
            .parse()
            .expect("a status after `json response`");
        assert_eq!(
            response.status, want,
            "line {}: {} {} answered {}",
            request_block.line, request.method, request.path, response.body
        );
        let doc: Value = serde_json::from_str(&block.text).unwrap_or_else(|e| {
            panic!("line {}: the example response is not JSON: {e}", block.line)
        });
        let real = response.json().expect("the API answers JSON");
        if let Err(why) = binding.values(&doc, &real, "") {
            panic!(
                "line {}: {why}\nthe code answered:\n{}",
                block.line,
                serde_json::to_string_pretty(&real).unwrap_or_default()
            );
        }
        checked += 1;
    }
    assert!(pending.is_none(), "the last request has no response");
    assert!(checked >= 20, "docs/api.md checks {checked} examples");
}
