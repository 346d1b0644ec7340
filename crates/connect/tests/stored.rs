//! The stored form, version 3: packed buckets that read back as the same world, saves that
//! rewrite only the buckets they touched, version 2 and 1 data brought forward, the room a busy
//! playground takes, and broken records refused with a reason.

mod common;

use common::*;
use connect::api::ApiState;
use connect::generate::{busy_playground, Size};
use connect::snapshot::{DecodeError, Meta};
use connect::stored::{self, Room, QUOTA, VERSION};
use connect::world::EventsMark;
use connect::{
    Command, Engine, Id, IdSource, InquiryStatus, RedeemTarget, Scopes, ShareTokenStatus,
    Timestamp, World,
};
use std::cell::Cell;
use std::collections::BTreeMap;
use std::rc::Rc;

/// Ids from a counter, spread over every bucket and the same on every run.
#[derive(Default)]
struct SpreadIds(u128);

impl IdSource for SpreadIds {
    fn random_uuid(&mut self) -> uuid::Uuid {
        self.0 += 1;
        let spread = self
            .0
            .wrapping_mul(0x9e37_79b9_7f4a_7c15_f39c_c060_5ced_c835);
        uuid::Builder::from_random_bytes(spread.to_be_bytes()).into_uuid()
    }
}

fn meta(world: &World, revision: u64) -> Meta {
    Meta {
        version: VERSION,
        revision,
        clock_offset_ms: 0,
        events: world.events.len(),
        lineage: "test".into(),
        event_times: Vec::new(),
    }
}

fn busy(tokens: usize, inquiries: usize, event_log: usize) -> (World, ApiState) {
    let size = Size {
        share_tokens: tokens,
        inquiries,
        event_log,
    };
    let busy = busy_playground(size, NOW, &mut SpreadIds::default()).expect("generated");
    (busy.world, busy.api)
}

/// Saves the way the store does: the touched buckets, new event chunks, `rest` when it
/// changed, `meta` last. Returns what was written.
fn save(
    records: &mut BTreeMap<String, String>,
    world: &mut World,
    api: &ApiState,
    events_before: EventsMark,
    revision: u64,
) -> Vec<(String, Option<String>)> {
    let touched = world.take_touched();
    let mut changed =
        stored::changed_records(world, &touched, events_before, &meta(world, revision))
            .expect("encode");
    let rest = connect::snapshot::rest_record(world, api).expect("rest");
    changed.insert(
        changed.len() - 1,
        (stored::REST_KEY.into(), Some(stored::rest_value(&rest))),
    );
    for (key, value) in &changed {
        match value {
            Some(value) => records.insert(key.clone(), value.clone()),
            None => records.remove(key),
        };
    }
    changed
}

/// Lumen Pay, and its command to redeem the `nth` token into a new Lumen Basic inquiry.
fn lumen_redeems(world: &World, nth: usize) -> (Id, Command) {
    let lumen = world.org_named("Lumen Pay").expect("Lumen Pay");
    let template = world
        .templates
        .values()
        .find(|t| t.name == "Lumen Basic")
        .map(|t| t.id.to_string())
        .expect("template");
    let token = world.share_tokens.keys().nth(nth).expect("a token");
    let redeem = Command::RedeemShareToken {
        token_id: token.to_string(),
        target: RedeemTarget::Clone {
            template_id: template,
        },
    };
    (lumen, redeem)
}

#[test]
fn every_record_reads_back_as_the_same_world() {
    let (world, api) = busy(300, 40, 400);
    let records = {
        let m = meta(&world, 7);
        stored::all_records(&world, &api, &m)
    }
    .expect("encode");
    let (back, back_api, meta) = stored::assemble(&records).expect("assemble");
    assert_eq!((back, back_api), (world, api));
    assert_eq!((meta.version, meta.revision), (3, 7));
    let token_buckets = records.keys().filter(|k| k.starts_with("cnst.")).count();
    assert!(
        (100..=256).contains(&token_buckets),
        "300 tokens spread over buckets: {token_buckets}"
    );
    assert!(
        records.len() < 700,
        "records are grouped: {} of them",
        records.len()
    );
}

/// The app reads records one at a time from storage (`assemble_each`): the world, the room
/// and the errors are what reading them all first gave, storage's errors come through as
/// they are, a record gone between listing and reading is skipped, and records another tab
/// saved over while they were read are refused.
#[test]
fn records_read_one_at_a_time_give_the_same_world_room_and_errors() {
    let (world, api) = busy(300, 40, 400);
    let records = stored::all_records(&world, &api, &meta(&world, 7)).expect("encode");
    let mut reads = Vec::new();
    let read = |key: &str| {
        reads.push(key.to_string());
        Ok::<_, String>(records.get(key).cloned())
    };
    let (back, back_api, _, room) = stored::assemble_each(records.keys().cloned(), read)
        .expect("storage read")
        .expect("assemble");
    assert_eq!((back, back_api), (world.clone(), api.clone()));
    assert_eq!(room, Room::of(&records));
    assert_eq!(
        reads.len(),
        records.len() + 1,
        "each record read once, and `meta` again last: {reads:?}"
    );
    assert_eq!(reads.last().map(String::as_str), Some(stored::META_KEY));

    // Another tab saved while they were read: `meta` is not what it was.
    let mut metas = 0;
    let saved_meanwhile = |key: &str| {
        let mut text = records.get(key).cloned();
        if key == stored::META_KEY {
            metas += 1;
            if metas > 1 {
                let newer = stored::all_records(&world, &api, &meta(&world, 8)).expect("encode");
                text = newer.get(key).cloned();
            }
        }
        Ok::<_, String>(text)
    };
    let refused = stored::assemble_each(records.keys().cloned(), saved_meanwhile).expect("read");
    assert!(
        matches!(&refused, Err(DecodeError::Unreadable(why)) if why.contains("changed while")),
        "{:?}",
        refused.map(|_| ())
    );

    let listed: Vec<String> = records.keys().cloned().chain(["cnst.zz".into()]).collect();
    let gone = |key: &str| Ok::<_, String>(records.get(key).cloned());
    let (again, ..) = stored::assemble_each(listed, gone)
        .expect("read")
        .expect("assemble");
    assert_eq!(again, world);

    let failing = |key: &str| match key {
        k if k.starts_with("inq.") => Err(format!("could not read {k}")),
        k => Ok(records.get(k).cloned()),
    };
    let error = stored::assemble_each(records.keys().cloned(), failing).expect_err("fails");
    assert!(error.starts_with("could not read inq."), "{error}");

    for missing in [stored::META_KEY, stored::REST_KEY] {
        let without =
            |key: &str| Ok::<_, String>(records.get(key).filter(|_| key != missing).cloned());
        let refused = stored::assemble_each(records.keys().cloned(), without).expect("read");
        let mut fewer = records.clone();
        fewer.remove(missing);
        assert_eq!(
            refused.map(|_| ()),
            stored::assemble(&fewer).map(|_| ()),
            "without {missing}"
        );
    }
}

/// A world read one record at a time keeps its event chunks packed until something looks at
/// their events: the Dashboard's newest events read the newest chunks only, a command and its
/// save read none of the older ones (and write what a world read in full writes), and `check`
/// reads the rest.
#[test]
fn event_chunks_are_read_only_when_their_events_are_needed() {
    let (world, api) = busy(300, 40, 1_000);
    let records = stored::all_records(&world, &api, &meta(&world, 7)).expect("encode");
    // The chunks' texts are left where they are stored, as the browser's store leaves them,
    // and counted when read.
    let texts_read = Rc::new(Cell::new(0));
    let read = |key: &str| Ok::<_, String>(records.get(key).cloned());
    let later = |key: &str| {
        let text = records.get(key).cloned();
        let units = text.as_deref().map_or(0, |t| t.encode_utf16().count());
        let texts_read = texts_read.clone();
        let read_now = move || {
            texts_read.set(texts_read.get() + 1);
            text.clone()
        };
        let later: stored::LaterText = (Rc::new(read_now), units);
        Ok::<_, String>(Some(later))
    };
    let (lazy, lazy_api, _, room) = stored::assemble_lazily(records.keys().cloned(), read, later)
        .expect("storage read")
        .expect("assemble");
    assert_eq!(
        room,
        Room::of(&records),
        "the room counts the texts left in storage"
    );
    assert!(lazy.events.unread());
    assert_eq!(texts_read.get(), 0, "no chunk's text read at load");
    assert_eq!(lazy.events.len(), world.events.len());
    let (lumen, redeem) = lumen_redeems(&world, 100);
    assert_eq!(
        lazy.recent_events_of(&lumen, 8),
        world.recent_events_of(&lumen, 8)
    );
    assert!(lazy.events.unread(), "the oldest chunks are still packed");
    let chunks = records.keys().filter(|k| k.starts_with("events.")).count();
    assert!(
        texts_read.get() < chunks,
        "{} of {chunks} chunks read",
        texts_read.get()
    );

    let redeemed = |world: World, api: ApiState| {
        let before = world.events_mark();
        let mut engine = Engine::new(world, api);
        engine
            .command(&lumen, redeem.clone(), NOW, &mut SpreadIds(1 << 40))
            .expect("redeemed");
        let Engine { mut world, api, .. } = engine;
        let mut saved = records.clone();
        let written = save(&mut saved, &mut world, &api, before, 8);
        (world, written)
    };
    let (lazy, lazy_written) = redeemed(lazy, lazy_api);
    assert!(lazy.events.unread(), "a command reads no older chunk");
    let (world, written) = redeemed(world, api);
    assert_eq!(lazy_written, written);

    lazy.events.check().expect("every chunk reads");
    assert!(!lazy.events.unread());
    assert_eq!(texts_read.get(), chunks, "each chunk's text read once");
    assert_eq!(lazy, world);
}

/// A save never writes a damaged event chunk's events as none: with the newest chunk (the one
/// a command's events go into) damaged, the save is refused with the reason, and the chunk is
/// not rewritten.
#[test]
fn a_save_into_a_damaged_event_chunk_is_refused() {
    let (world, api) = busy(300, 40, 1_000);
    let mut records = stored::all_records(&world, &api, &meta(&world, 7)).expect("encode");
    assert_ne!(world.events.len() % 100, 0, "the newest chunk has room");
    let newest = format!("events.{}", (world.events_mark().total - 1) / 100);
    records.insert(newest.clone(), connect::pack::pack("[]"));
    let read = |key: &str| Ok::<_, String>(records.get(key).cloned());
    let (lazy, lazy_api, _, _) = stored::assemble_each(records.keys().cloned(), read)
        .expect("storage read")
        .expect("the damage is not read yet");
    let (lumen, redeem) = lumen_redeems(&world, 100);
    let before = lazy.events_mark();
    let mut engine = Engine::new(lazy, lazy_api);
    engine
        .command(&lumen, redeem, NOW, &mut SpreadIds(1 << 40))
        .expect("redeemed");
    let Engine { mut world, .. } = engine;
    let touched = world.take_touched();
    match stored::changed_records(&world, &touched, before, &meta(&world, 8)) {
        Err(why) => assert!(
            why.contains(&format!("record `{newest}` holds 0 events where")),
            "{why}"
        ),
        Ok(records) => panic!("saved over the damaged chunk: {:?}", records.len()),
    }
}

/// An imported file may say any number of events were let go, not a multiple of a chunk's
/// 100: the first chunk is then partly filled, or even empty, and still reads back.
#[test]
fn an_unaligned_count_of_events_let_go_reads_back() {
    let (mut world, api) = busy(30, 5, 1_000);
    for (trimmed, kept) in [(150, 0), (150, world.events.len()), (1_234, 66)] {
        let mut w = world.clone();
        w.events = world.events.iter().take(kept).cloned().collect();
        w.events_trimmed = trimmed;
        let records = stored::all_records(&w, &api, &meta(&w, 3)).expect("encode");
        let (back, ..) = stored::assemble(&records).expect("reads back");
        assert_eq!(back, w, "{trimmed} let go, {kept} kept");
    }
    world.events_trimmed = 150;
    let records = stored::all_records(&world, &api, &meta(&world, 3)).expect("encode");
    let first: Vec<serde_json::Value> =
        serde_json::from_str(&connect::pack::unpack(&records["events.1"]).expect("unpacks"))
            .expect("a list");
    assert_eq!(first.len(), 50, "chunk 1 holds positions 150 to 199");
}

#[test]
fn payloads_left_in_their_stored_chunks_read_and_save_as_they_were() {
    let (world, api) = busy(60, 10, 400);
    let m = meta(&world, 2);
    let records = stored::all_records(&world, &api, &m).expect("encode");
    let (back, back_api, _) = stored::assemble(&records).expect("assemble");
    // Saved again before any payload was read: the same records, byte for byte.
    assert_eq!(
        stored::all_records(&back, &back_api, &m).expect("encode again"),
        records
    );
    let payloads = |w: &World| -> Vec<Option<String>> {
        w.events
            .iter()
            .map(|e| e.payload.as_ref().map(|p| p.json().to_string()))
            .collect()
    };
    assert!(payloads(&back).iter().flatten().count() > 100);
    assert_eq!(payloads(&back), payloads(&world));
    // A clone, and the webhook body a stored payload goes into, read the same text.
    let event = back
        .events
        .iter()
        .rev()
        .find(|e| e.payload.is_some())
        .expect("an event with a payload");
    let original = world
        .events
        .iter()
        .find(|e| e.id == event.id)
        .expect("the same event");
    assert_eq!(
        serde_json::to_value(event.clone()).expect("json"),
        serde_json::to_value(original).expect("json")
    );
}

#[test]
fn saving_only_what_changed_reproduces_the_world_after_every_command() {
    let mut f = Fixture::new();
    let mut records = {
        let m = meta(&f.world, 1);
        stored::all_records(&f.world, &f.api, &m)
    }
    .expect("encode");
    f.world.take_touched();
    let (bank, lumen) = (f.bank.clone(), f.lumen.clone());
    let mut revision = 1;
    let mut step =
        |f: &mut Fixture, records: &mut BTreeMap<String, String>, act: &dyn Fn(&mut Fixture)| {
            let before = f.world.events_mark();
            act(f);
            revision += 1;
            save(records, &mut f.world, &f.api, before, revision);
            let (world, api, _) = stored::assemble(records).expect("assemble");
            assert_eq!(world, f.world, "the saved records are the world");
            assert_eq!(api, f.api, "and the API's records");
        };
    let flow = |f: &mut Fixture, actor: &connect::Id, command: Command| {
        f.flow_at(actor, command, NOW).expect("accepted");
    };
    let (bridge, inquiry, token) = {
        let cell = std::cell::RefCell::new(None);
        step(&mut f, &mut records, &|f| {
            *cell.borrow_mut() = Some(f.token_setup(Scopes::everything(), "alex"));
        });
        cell.into_inner().expect("set up")
    };
    step(&mut f, &mut records, &|f| {
        f.redeem_clone(&token, "Lumen Strict");
    });
    step(&mut f, &mut records, &|f| {
        let expired = f.create_token(&bank, &bridge, &inquiry);
        f.ok(&bank, expire(&expired));
    });
    step(&mut f, &mut records, &|f| {
        f.ok(&lumen, Command::RollApiKey);
    });
    step(&mut f, &mut records, &|f| {
        connect::seed::demo_workflows(&mut f.world, NOW, &mut f.ids);
        let workflows: Vec<_> = f
            .world
            .workflows
            .values()
            .map(|w| (w.org_id.clone(), w.id.to_string()))
            .collect();
        for (org, workflow_id) in workflows {
            let enable = Command::SetWorkflowEnabled {
                workflow_id,
                enabled: true,
            };
            flow(f, &org, enable);
        }
        let webhook = Command::CreateWebhook {
            url: "https://example.test/hooks".into(),
            event_types: vec!["inquiry.completed".into()],
        };
        flow(f, &bank, webhook);
    });
    step(&mut f, &mut records, &|f| {
        let inquiry = f.new_inquiry(&bank, "Retail KYC", "jamie");
        let run = Command::RunInquiry {
            inquiry_id: inquiry.to_string(),
        };
        flow(f, &bank, run);
        assert!(!f.world.deliveries.is_empty(), "the webhook was delivered");
    });
    let deleted = std::cell::RefCell::new(Vec::new());
    step(&mut f, &mut records, &|f| {
        let workflow = f.world.workflows_of(&bank)[0].id.clone();
        let webhook = f.world.webhooks_of(&bank)[0].id.clone();
        let delete = Command::DeleteWorkflow {
            workflow_id: workflow.to_string(),
        };
        flow(f, &bank, delete);
        let delete = Command::DeleteWebhook {
            webhook_id: webhook.to_string(),
        };
        flow(f, &bank, delete);
        *deleted.borrow_mut() = vec![workflow, webhook];
    });
    for id in deleted.borrow().iter() {
        let (world, _, _) = stored::assemble(&records).expect("assemble");
        assert!(!world.workflows.contains_key(id) && !world.webhooks.contains_key(id));
    }
    step(&mut f, &mut records, &|f| {
        let workflow = f.world.workflows_of(&lumen)[0].id.to_string();
        flow(
            f,
            &lumen,
            Command::DeleteWorkflow {
                workflow_id: workflow,
            },
        );
    });
    assert!(
        !records
            .keys()
            .any(|k| k.starts_with("wfl.") || k.starts_with("whk.")),
        "a bucket left empty is removed: {:?}",
        records.keys().collect::<Vec<_>>()
    );
}

#[test]
fn a_save_in_a_busy_playground_rewrites_the_touched_buckets_and_the_newest_event_chunk() {
    let (world, api) = busy(2_000, 200, connect::world::EVENT_LOG_LIMIT);
    let mut records = {
        let m = meta(&world, 1);
        stored::all_records(&world, &api, &m)
    }
    .expect("encode");
    let lumen = world.org_named("Lumen Pay").expect("Lumen Pay");
    let template = world
        .templates
        .values()
        .find(|t| t.name == "Lumen Basic")
        .map(|t| t.id.to_string())
        .expect("template");
    let token = world
        .share_tokens
        .keys()
        .nth(1_000)
        .cloned()
        .expect("a token");
    let before = world.events_mark();
    let mut ids = SpreadIds(1 << 40);
    let redeem = Command::RedeemShareToken {
        token_id: token.to_string(),
        target: RedeemTarget::Clone {
            template_id: template,
        },
    };
    let mut engine = Engine::new(world, api);
    engine
        .command(&lumen, redeem, NOW, &mut ids)
        .expect("redeemed");
    let Engine { mut world, api, .. } = engine;
    let written = save(&mut records, &mut world, &api, before, 2);
    let keys: Vec<&str> = written.iter().map(|(k, _)| k.as_str()).collect();
    assert!(
        keys.len() <= 6,
        "the token's bucket, the new inquiry's, at most two event chunks, rest, meta: {keys:?}"
    );
    assert!(keys.contains(&stored::bucket_key(&token).expect("bucket").as_str()));
    assert_eq!(keys.last(), Some(&"meta"), "meta is written last");
    let (back, back_api, _) = stored::assemble(&records).expect("assemble");
    assert_eq!(back.share_tokens[&token].status, ShareTokenStatus::Redeemed);
    assert_eq!((back, back_api), (world, api));
}

#[test]
fn version_2_records_written_by_the_previous_app_migrate_with_everything_in_them() {
    let records: BTreeMap<String, String> =
        serde_json::from_str(include_str!("fixtures/v2-records.json")).expect("fixture");
    // Version-2 records are not version 3.
    assert!(matches!(
        stored::assemble(&records),
        Err(DecodeError::Unreadable(_))
    ));
    let (world, api, meta) = stored::migrate_v2(&records).expect("migrate");
    assert_eq!(meta.version, 3);
    assert_eq!((meta.revision, meta.clock_offset_ms), (12, 3_600_000));
    assert_eq!(meta.lineage, "fixture0v2lineage", "the lineage is kept");
    assert_eq!(world.organizations.len(), 3);
    assert_eq!(world.share_tokens.len(), 3);
    let redeemed = world
        .share_tokens
        .values()
        .filter(|t| t.status == ShareTokenStatus::Redeemed)
        .count();
    assert_eq!(redeemed, 1);
    let completed = world
        .inquiries
        .values()
        .filter(|i| i.status == InquiryStatus::Completed)
        .count();
    assert!(completed >= 2, "{completed} completed inquiries");
    assert_eq!(world.events.len(), 18);
    assert!(world.events.iter().any(|e| e.payload.is_some()));
    // Written as version 3, it reads back the same, in less room.
    let v3 = stored::all_records(&world, &api, &meta).expect("encode");
    let newest = world.events.iter().map(|e| e.at).max().expect("events");
    let meta = Meta {
        event_times: vec![newest],
        ..meta
    };
    assert_eq!(stored::assemble(&v3).expect("assemble"), (world, api, meta));
    let v2_chars: usize = records
        .iter()
        .map(|(k, v)| "connect.v2.".len() + k.len() + v.encode_utf16().count())
        .sum();
    assert!(Room::of(&v3).used() * 3 < v2_chars);
}

#[test]
fn a_version_1_document_migrates_to_version_3() {
    let (world, api, meta) = stored::migrate_v1(include_str!("fixtures/v1.json")).expect("migrate");
    assert_eq!(meta.version, 3);
    assert_eq!(meta.clock_offset_ms, 3_600_000, "the moved clock survives");
    assert_eq!(world.share_tokens.len(), 2);
    let records = stored::all_records(&world, &api, &meta).expect("encode");
    assert_eq!(stored::assemble(&records).expect("assemble").0, world);
}

#[test]
fn twenty_thousand_tokens_five_thousand_inquiries_and_twenty_thousand_events_fit_with_room_to_spare(
) {
    // A tenth of the objects, every event kept, scaled up: an overestimate, as fuller buckets
    // pack better (docs/performance.md measures the whole: about half the quota).
    let (world, api) = busy(2_000, 500, 20_000);
    assert_eq!(world.events_trimmed, 0, "every event is kept");
    let records = {
        let m = meta(&world, 1);
        stored::all_records(&world, &api, &m)
    }
    .expect("encode");
    let room = |prefix: &str| -> usize {
        records
            .iter()
            .filter(|(k, _)| k.starts_with(prefix))
            .map(|(k, v)| stored::record_chars(k, v))
            .sum()
    };
    let (tokens, inquiries, events) = (room("cnst."), room("inq."), room("events."));
    // 2 events a token, 2 an inquiry (created, completed).
    assert_eq!(world.events.len(), 5_004);
    // 2 events a token, 2 an inquiry (created, completed).
    assert_eq!(world.events.len(), 5_004);
    let per_event = events as f64 / world.events.len() as f64;
    let whole = 10 * (tokens + inquiries) + (20_000.0 * per_event) as usize + room("rest");
    assert!(
        whole < stored::WARN_AT,
        "20,000 tokens ({tokens}/2,000), 5,000 inquiries ({inquiries}/500), 20,000 events ({per_event:.0} each) take {whole} of {QUOTA}"
    );
    assert!(!Room::of(&records).is_low());
}

// proptest is a native-only dev-dependency (see Cargo.toml).
#[cfg(not(target_arch = "wasm32"))]
mod generated {
    use super::*;

    proptest::proptest! {
        /// The room counts what local storage counts: UTF-16 code units.
        #[test]
        fn the_room_counts_utf16_code_units(text in ".{0,40}", packed in proptest::bool::ANY) {
            let text = if packed { connect::pack::pack(&text) } else { text };
            proptest::prop_assert_eq!(stored::utf16_len(&text), text.encode_utf16().count());
        }
    }
}

#[test]
fn the_room_meter_follows_every_save_without_reading_storage_again() {
    let (mut world, api) = busy(50, 10, 400);
    let mut records = {
        let m = meta(&world, 1);
        stored::all_records(&world, &api, &m)
    }
    .expect("encode");
    let mut room = Room::of(&records);
    let expected: usize = records
        .iter()
        .map(|(k, v)| "connect.v3.".len() + k.len() + v.encode_utf16().count())
        .sum();
    assert_eq!(room.used(), expected);
    let bank = world.org_named("Northwind Bank").expect("bank");
    let (bridge, source) = {
        let t = world.share_tokens.values().next().expect("a token");
        (t.bridge_id.to_string(), t.source_id.to_string())
    };
    let mut ids = SpreadIds(1 << 50);
    for revision in 2..40 {
        let before = world.events_mark();
        let create = Command::CreateShareToken {
            bridge_id: bridge.clone(),
            source_id: source.clone(),
            expires_in_seconds: None,
            creator: connect::Creator::ApiKey {
                key_id: world.organizations[&bank].api_key.id.clone(),
            },
        };
        world
            .apply(&bank, create, Timestamp(NOW.0 + revision as i64), &mut ids)
            .expect("created");
        let written = save(&mut records, &mut world, &api, before, revision);
        room.apply(&written);
        assert_eq!(room, Room::of(&records));
    }
    assert!(room.percent() < 5 && !room.is_low());
}

/// One way to damage a set of saved records.
type Breakage = Box<dyn Fn(&mut BTreeMap<String, String>)>;

#[test]
fn broken_records_are_refused_with_the_reason() {
    let (world, api) = busy(20, 5, 400);
    let good = {
        let m = meta(&world, 3);
        stored::all_records(&world, &api, &m)
    }
    .expect("encode");
    let bucket = |prefix: &str| {
        good.keys()
            .find(|k| k.starts_with(prefix))
            .cloned()
            .expect("a bucket")
    };
    let (token_bucket, inquiry_bucket) = (bucket("cnst."), bucket("inq."));
    let tokens_json = connect::pack::unpack(&good[&token_bucket]).expect("unpacks");
    let wrong_bucket = if token_bucket == "cnst.00" {
        "cnst.01"
    } else {
        "cnst.00"
    };
    let b = token_bucket.clone();
    let doubled = {
        let mut tokens: Vec<serde_json::Value> = serde_json::from_str(&tokens_json).expect("json");
        tokens.push(tokens[0].clone());
        (
            token_bucket.clone(),
            serde_json::to_string(&tokens).expect("json"),
        )
    };
    let cases: Vec<(&str, Breakage, &str)> = vec![
        (
            "no meta",
            Box::new(|r| {
                r.remove("meta");
            }),
            "`meta` record is missing",
        ),
        (
            "version-2 meta",
            Box::new(|r| {
                r.insert(
                    "meta".into(),
                    r#"{"version":2,"revision":1,"clock-offset-ms":0,"events":0}"#.into(),
                );
            }),
            "says schema 2",
        ),
        (
            "newer version",
            Box::new(|r| {
                r.insert(
                    "meta".into(),
                    r#"{"version":9,"revision":1,"clock-offset-ms":0,"events":0}"#.into(),
                );
            }),
            "NEWER",
        ),
        (
            "no rest",
            Box::new(|r| {
                r.remove("rest");
            }),
            "`rest` record is missing",
        ),
        (
            "rest not packed",
            Box::new(|r| {
                r.insert("rest".into(), "{}".into());
            }),
            "record `rest`: not packed",
        ),
        (
            "cut bucket",
            Box::new(move |r| {
                let cut: String = r[&b].chars().take(20).collect();
                r.insert(b.clone(), cut);
            }),
            "record `cnst.",
        ),
        (
            "bucket of something else",
            Box::new(move |r| {
                r.insert(inquiry_bucket.clone(), connect::pack::pack("[{\"id\":7}]"));
            }),
            "record `inq.",
        ),
        (
            "token in the wrong bucket",
            Box::new(move |r| {
                r.insert(wrong_bucket.into(), connect::pack::pack(&tokens_json));
            }),
            "is not stored in this record",
        ),
        (
            "a token twice in its bucket",
            Box::new(move |r| {
                r.insert(doubled.0.clone(), connect::pack::pack(&doubled.1));
            }),
            "is in it twice",
        ),
        (
            "unknown kind",
            Box::new(|r| {
                r.insert("zzz.00".into(), connect::pack::pack("[]"));
            }),
            "unknown record `zzz.00`",
        ),
        (
            "a version-2 object record",
            Box::new(|r| {
                r.insert("obj.cnst_1".into(), "{}".into());
            }),
            "unknown record `obj.cnst_1`",
        ),
        (
            "lost event chunk",
            Box::new(|r| {
                r.remove("events.0");
            }),
            "event chunks where `meta` says",
        ),
        (
            "bad chunk number",
            Box::new(|r| {
                r.insert("events.x".into(), connect::pack::pack("[]"));
            }),
            "not a numbered event chunk",
        ),
        (
            "events not a list",
            Box::new(|r| {
                r.insert("events.0".into(), connect::pack::pack("{}"));
            }),
            "record `events.0`",
        ),
        (
            "an event chunk that lost events",
            Box::new(|r| {
                r.insert("events.0".into(), connect::pack::pack("[]"));
            }),
            "record `events.0` holds 0 events where 54 were saved in it",
        ),
        (
            "a wrong time for an event chunk in meta",
            Box::new(|r| {
                let mut meta: serde_json::Value =
                    serde_json::from_str(&r["meta"]).expect("meta is JSON");
                meta["event-times"] = serde_json::json!([0]);
                r.insert("meta".into(), meta.to_string());
            }),
            "record `events.0`: its newest event is not at the time the `meta` record gives",
        ),
    ];
    for (name, break_it, expected) in cases {
        let mut records = good.clone();
        break_it(&mut records);
        match stored::assemble(&records) {
            Err(DecodeError::NewerVersion(9)) => assert_eq!(expected, "NEWER", "{name}"),
            Err(DecodeError::Unreadable(why)) => {
                assert!(
                    why.contains(expected),
                    "{name}: `{why}` should say `{expected}`"
                )
            }
            other => panic!("{name}: expected a refusal, got {:?}", other.map(|_| ())),
        }
    }
    assert!(DecodeError::NewerVersion(9)
        .to_string()
        .contains("reads up to 3"));
}
