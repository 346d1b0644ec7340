//! A benchmark, not a test: how long saving one action takes with 100 and with 10,000 share
//! tokens stored, and how many bytes a token costs in local storage. Ignored by the test
//! suite; `scripts/bench.sh --persist` runs it and writes target/bench-report.txt.

#![cfg(target_arch = "wasm32")]

use connect::seed::{demo_world, sample_people};
use connect::snapshot::Snapshot;
use connect::{Command, Creator, Id, RandomIds, Scopes, Timestamp, World};
use connect_playground::store::{Playground, PREFIX};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Actions timed at each size.
const ACTIONS: usize = 200;

fn storage() -> web_sys::Storage {
    web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .expect("local storage")
}

fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .unwrap_or_default()
}

/// The demo world with an active bridge Northwind Bank → Lumen Pay, a completed inquiry and
/// `tokens` share tokens over it. Returns (world, bank, bridge id, inquiry id).
fn world_with(tokens: usize) -> (World, Id, String, String) {
    let now = Timestamp(js_sys::Date::now() as i64);
    let mut ids = RandomIds;
    let mut world = demo_world(now, &mut ids);
    let org = |w: &World, name: &str| {
        w.organizations
            .values()
            .find(|o| o.name == name)
            .map(|o| o.id.clone())
            .expect("seeded org")
    };
    let (bank, lumen) = (org(&world, "Northwind Bank"), org(&world, "Lumen Pay"));
    let mut apply = |world: &mut World, actor: &Id, command: Command| {
        world
            .apply(actor, command, now, &mut ids)
            .expect("setup command")
    };
    let bridge = apply(
        &mut world,
        &bank,
        Command::CreateBridge {
            destination_org_id: lumen.to_string(),
            scopes: Scopes::everything(),
        },
    )[0]
    .object_id
    .to_string();
    apply(
        &mut world,
        &lumen,
        Command::ActivateBridge {
            bridge_id: bridge.clone(),
            template_id: None,
        },
    );
    let template = world
        .templates
        .values()
        .find(|t| t.org_id == bank && t.name == "Retail KYC")
        .map(|t| t.id.to_string())
        .expect("template");
    let alex = sample_people().into_iter().next().expect("a sample person");
    let inquiry = apply(
        &mut world,
        &bank,
        Command::CreateInquiry {
            template_id: template,
            fields: Box::new(alex.fields),
            evidence: alex.evidence,
        },
    )[0]
    .object_id
    .to_string();
    apply(
        &mut world,
        &bank,
        Command::RunInquiry {
            inquiry_id: inquiry.clone(),
        },
    );
    for _ in 0..tokens {
        apply(&mut world, &bank, token(&bridge, &inquiry));
    }
    (world, bank, bridge, inquiry)
}

fn token(bridge: &str, inquiry: &str) -> Command {
    Command::CreateShareToken {
        bridge_id: bridge.to_string(),
        source_id: inquiry.to_string(),
        expires_in_seconds: None,
        creator: Creator::Dashboard,
    }
}

/// Characters stored under the playground's prefix (keys and values, in UTF-16 code units as
/// the quota counts them), and those of the share-token buckets (`cnst.<xy>`).
fn stored_chars() -> (usize, usize) {
    let storage = storage();
    let (mut all, mut tokens) = (0, 0);
    for i in 0..storage.length().unwrap_or(0) {
        let Some(key) = storage.key(i).ok().flatten() else {
            continue;
        };
        if !key.starts_with(PREFIX) {
            continue;
        }
        let value = storage.get_item(&key).ok().flatten().unwrap_or_default();
        let size = key.encode_utf16().count() + value.encode_utf16().count();
        all += size;
        if key.starts_with(&format!("{PREFIX}cnst.")) {
            tokens += size;
        }
    }
    (all, tokens)
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted.get(index).copied().unwrap_or_default()
}

#[wasm_bindgen_test]
#[ignore = "a benchmark: scripts/bench.sh runs it"]
async fn persist_time_per_action() {
    console_log!("size | persist per action: median / p90 / max (ms) | whole-blob save (ms) | stored chars | chars per token");
    for tokens in [100, 10_000] {
        storage().clear().expect("clear");
        let (world, bank, bridge, inquiry) = world_with(tokens);
        let blob_start = now_ms();
        let blob = Snapshot::new(world.clone(), 0).encode().expect("encode");
        let blob_ms = now_ms() - blob_start;

        let mut playground = Playground::load();
        if let Err(why) = playground.replace(world, Default::default(), 0) {
            console_log!("{tokens} tokens: the browser refused to store them: {why}");
            continue;
        }
        let (before, token_chars) = stored_chars();
        let mut times = Vec::with_capacity(ACTIONS);
        for _ in 0..ACTIONS {
            let start = now_ms();
            let outcome = playground.execute(&bank, token(&bridge, &inquiry));
            times.push(now_ms() - start);
            if let Err(error) = outcome {
                console_log!("{tokens} tokens: action refused: {error}");
                break;
            }
        }
        let (after, _) = stored_chars();
        times.sort_by(|a, b| a.total_cmp(b));
        console_log!(
            "{tokens} tokens | {:.2} / {:.2} / {:.2} | {blob_ms:.1} (a {} char blob) | {before} | {} per token record, {} per token all in ({} chars for {ACTIONS} more tokens)",
            percentile(&times, 0.5),
            percentile(&times, 0.9),
            times.last().copied().unwrap_or_default(),
            blob.len(),
            token_chars / tokens.max(1),
            (after - before) / ACTIONS,
            after - before,
        );
    }
    storage().clear().expect("clear");
}
