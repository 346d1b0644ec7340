//! How much memory reading a stored playground takes, by kind of record, counted by a counting
//! allocator (native, 64-bit: wasm32's pointers are half as wide, so its figures are smaller;
//! the proportions hold). Memory is what startup pays for on machines where first touching a
//! page is dear (docs/performance.md, Startup).
//!
//!   cargo run --release -p connect --example load_memory -- target/bench/state-20000-v3.json
//!
//! The state file is what `bench_state` writes.

use connect::stored;
use std::alloc::{GlobalAlloc, Layout, System};
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering::Relaxed};

struct Counting;
static COUNTING: AtomicBool = AtomicBool::new(false);
static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);
static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

fn grew(by: usize) {
    let live = LIVE.fetch_add(by, Relaxed) + by;
    PEAK.fetch_max(live, Relaxed);
}

// SAFETY: every call is passed on to the system allocator unchanged; the counters only watch.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if COUNTING.load(Relaxed) {
            grew(layout.size());
            ALLOCATIONS.fetch_add(1, Relaxed);
        }
        System.alloc(layout)
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if COUNTING.load(Relaxed) {
            LIVE.fetch_sub(layout.size(), Relaxed);
        }
        System.dealloc(ptr, layout)
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, size: usize) -> *mut u8 {
        if COUNTING.load(Relaxed) {
            grew(size);
            LIVE.fetch_sub(layout.size(), Relaxed);
        }
        System.realloc(ptr, layout, size)
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Runs `f` with the counters from zero: (its result, bytes live after, peak, allocations).
fn counted<T>(f: impl FnOnce() -> T) -> (T, usize, usize, usize) {
    LIVE.store(0, Relaxed);
    PEAK.store(0, Relaxed);
    ALLOCATIONS.store(0, Relaxed);
    COUNTING.store(true, Relaxed);
    let result = f();
    COUNTING.store(false, Relaxed);
    (
        result,
        LIVE.load(Relaxed),
        PEAK.load(Relaxed),
        ALLOCATIONS.load(Relaxed),
    )
}

fn main() {
    if let Err(why) = run() {
        eprintln!("load_memory: {why}");
        std::process::exit(1);
    }
}

fn run() -> Result<(), String> {
    let path = std::env::args()
        .nth(1)
        .ok_or("usage: load_memory STATE.json")?;
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{path}: {e}"))?;
    #[derive(serde::Deserialize)]
    struct State {
        records: BTreeMap<String, String>,
    }
    let state: State = serde_json::from_str(&text).map_err(|e| format!("{path}: {e}"))?;
    let records: BTreeMap<String, String> = state
        .records
        .into_iter()
        .filter_map(|(k, v)| Some((k.strip_prefix(stored::KEY_PREFIX)?.to_string(), v)))
        .collect();
    let mb = |bytes: usize| format!("{:.1} MB", bytes as f64 / 1e6);

    // The whole load as the app does it: each record read (here: copied) when it is needed.
    let (loaded, live, peak, allocations) = counted(|| {
        let read = |key: &str| Ok::<_, String>(records.get(key).cloned());
        stored::assemble_each(records.keys().cloned(), read)
    });
    loaded?.map_err(|e| format!("{e:?}"))?;
    println!(
        "whole load: {} live after, {} at the peak, {allocations} allocations",
        mb(live),
        mb(peak)
    );

    // Each kind of bucket with only what it needs besides (`meta`, `rest`, the event chunks),
    // less the load of those alone.
    let needed =
        |k: &str| k == stored::META_KEY || k == stored::REST_KEY || k.starts_with("events.");
    let alone = |kind: &str| -> Result<(usize, usize), String> {
        let some: BTreeMap<String, String> = records
            .iter()
            .filter(|(k, _)| needed(k) || k.starts_with(&format!("{kind}.")))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        let (world, live, _, allocations) = counted(|| stored::assemble(&some));
        world.map_err(|e| format!("{kind}: {e:?}"))?;
        Ok((live, allocations))
    };
    let (base, base_allocations) = alone("events")?;
    println!(
        "{:>8}: {} live, {base_allocations} allocations",
        "events",
        mb(base)
    );
    let mut kinds: Vec<&str> = records
        .keys()
        .filter_map(|k| k.split_once('.'))
        .map(|(kind, _)| kind)
        .collect();
    kinds.dedup();
    for kind in kinds.into_iter().filter(|k| *k != "events") {
        let (live, allocations) = alone(kind)?;
        println!(
            "{kind:>8}: {} live, {} allocations",
            mb(live.saturating_sub(base)),
            allocations.saturating_sub(base_allocations)
        );
    }
    Ok(())
}
