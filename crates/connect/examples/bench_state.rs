//! Writes a busy playground as the local-storage records the app reads, for `scripts/bench.sh`.
//!
//!   cargo run --release -p connect --example bench_state -- TOKENS FORMAT OUT.json
//!
//! TOKENS share tokens over one active bridge, a quarter as many completed inquiries, the event
//! log as the world keeps it (`EVENT_LOG_LIMIT`), all made through the rules
//! (`connect::generate`). FORMAT is the stored form: `v2` (records `connect.v2.…`, one per
//! object) or `v3` (`connect.v3.…`, packed buckets), so the benchmark runs against the store
//! before and after it moves to version 3. OUT.json holds the records under their full keys
//! and the ids the benchmark acts with.

use connect::generate::{busy_playground, Size};
use connect::snapshot::{self, Meta};
use connect::{stored, RandomIds, Timestamp};
use std::collections::BTreeMap;
use std::time::{SystemTime, UNIX_EPOCH};

fn main() {
    if let Err(why) = run() {
        eprintln!("bench_state: {why}");
        std::process::exit(1);
    }
}

fn run() -> Result<(), String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [tokens, format, out] = args.as_slice() else {
        return Err("usage: bench_state TOKENS v2|v3 OUT.json".into());
    };
    let tokens: usize = tokens
        .parse()
        .map_err(|_| format!("TOKENS must be a number, not `{tokens}`"))?;
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_err(|e| e.to_string())?
        .as_millis() as i64;
    let size = Size {
        share_tokens: tokens,
        inquiries: (tokens / 4).max(1),
        event_log: connect::world::EVENT_LOG_LIMIT,
    };
    let busy = busy_playground(size, Timestamp(now), &mut RandomIds).map_err(|e| e.to_string())?;
    let mut meta = Meta {
        version: snapshot::VERSION,
        revision: 1,
        clock_offset_ms: 0,
        events: busy.world.events.len(),
        lineage: format!("bench{tokens}"),
        event_times: Vec::new(),
    };
    let (prefix, records) = match format.as_str() {
        "v2" => (
            "connect.v2.",
            snapshot::all_records(&busy.world, &busy.api, &meta)?,
        ),
        "v3" => {
            meta.version = stored::VERSION;
            (
                stored::KEY_PREFIX,
                stored::all_records(&busy.world, &busy.api, &meta)?,
            )
        }
        other => return Err(format!("FORMAT must be v2 or v3, not `{other}`")),
    };
    let records: BTreeMap<String, String> = records
        .into_iter()
        .map(|(key, value)| (format!("{prefix}{key}"), value))
        .collect();
    let chars: usize = records
        .iter()
        .map(|(k, v)| k.encode_utf16().count() + v.encode_utf16().count())
        .sum();
    let world = &busy.world;
    let source = world
        .share_tokens
        .values()
        .next()
        .map(|t| t.source_id.to_string())
        .unwrap_or_default();
    let redeem = world
        .share_tokens
        .keys()
        .last()
        .map(ToString::to_string)
        .unwrap_or_default();
    let state = serde_json::json!({
        "format": format,
        "tokens": world.share_tokens.len(),
        "inquiries": world.inquiries.len(),
        "events": world.events.len(),
        "chars": chars,
        "bank": busy.bank,
        "lumen": busy.lumen,
        "bridge": busy.bridge,
        "source_inquiry": source,
        "redeem_token": redeem,
        "records": records,
    });
    let text = serde_json::to_string(&state).map_err(|e| e.to_string())?;
    std::fs::write(out, text).map_err(|e| format!("{out}: {e}"))?;
    println!(
        "{out}: {} tokens, {} inquiries, {} events, {chars} characters ({format})",
        world.share_tokens.len(),
        world.inquiries.len(),
        world.events.len()
    );
    Ok(())
}
