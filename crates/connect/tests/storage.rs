//! The stored form: records written per object, incremental saves that reproduce the world,
//! migrations from every earlier version, and broken records refused with a reason.

mod common;

use common::*;
use connect::api::ApiState;
use connect::snapshot::{self, DecodeError, Meta, VERSION};
use connect::world::EventsMark;
use connect::{Command, Scopes, ShareTokenStatus, World};
use std::collections::BTreeMap;

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

/// Saves the way the store does: only the touched objects, new event chunks, `rest`, `meta`.
fn save(
    records: &mut BTreeMap<String, String>,
    world: &mut World,
    api: &ApiState,
    events_before: EventsMark,
    revision: u64,
) {
    let touched = world.take_touched();
    let changed = snapshot::changed_records(world, &touched, events_before, &meta(world, revision))
        .expect("encode");
    for (key, value) in changed {
        match value {
            Some(value) => records.insert(key, value),
            None => records.remove(&key),
        };
    }
    records.insert(
        snapshot::REST_KEY.into(),
        snapshot::rest_record(world, api).expect("rest"),
    );
}

#[test]
fn every_record_reads_back_as_the_same_world() {
    let mut f = Fixture::new();
    f.token_setup(Scopes::everything(), "alex");
    let records = {
        let m = meta(&f.world, 7);
        snapshot::all_records(&f.world, &f.api, &m)
    }
    .expect("encode");
    let (world, api, meta) = snapshot::assemble(&records).expect("assemble");
    assert_eq!(world, f.world);
    assert_eq!(api, f.api);
    assert_eq!(meta.revision, 7);
    assert!(
        records.keys().any(|k| k.starts_with("obj.cnst_")),
        "a record per token"
    );
}

#[test]
fn saving_only_what_changed_reproduces_the_world_after_every_command() {
    let mut f = Fixture::new();
    let mut records = {
        let m = meta(&f.world, 1);
        snapshot::all_records(&f.world, &f.api, &m)
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
            let (world, api, _) = snapshot::assemble(records).expect("assemble");
            assert_eq!(world, f.world, "the saved records are the world");
            assert_eq!(api, f.api, "and the API's records");
        };
    let bridge = std::cell::RefCell::new(None);
    let inquiry = std::cell::RefCell::new(None);
    let token = std::cell::RefCell::new(None);
    step(&mut f, &mut records, &|f| {
        *bridge.borrow_mut() = Some(f.create_bridge(&bank, &lumen, Scopes::everything()));
    });
    step(&mut f, &mut records, &|f| {
        let id = bridge.borrow().clone().expect("bridge");
        f.ok(
            &lumen,
            Command::ActivateBridge {
                bridge_id: id.to_string(),
                template_id: None,
            },
        );
    });
    step(&mut f, &mut records, &|f| {
        *inquiry.borrow_mut() = Some(f.new_inquiry(&bank, "Retail KYC", "sam"));
    });
    step(&mut f, &mut records, &|f| {
        let id = inquiry.borrow().clone().expect("inquiry");
        f.ok(
            &bank,
            Command::RunInquiry {
                inquiry_id: id.to_string(),
            },
        );
    });
    step(&mut f, &mut records, &|f| {
        let (b, i) = (
            bridge.borrow().clone().expect("b"),
            inquiry.borrow().clone().expect("i"),
        );
        *token.borrow_mut() = Some(f.create_token(&bank, &b, &i));
    });
    step(&mut f, &mut records, &|f| {
        let t = token.borrow().clone().expect("token");
        f.redeem_clone(&t, "Lumen Strict");
    });
    step(&mut f, &mut records, &|f| {
        f.ok(
            &bank,
            Command::CreateOrganization {
                name: "Acme Lending".into(),
                description: String::new(),
            },
        );
    });
    step(&mut f, &mut records, &|f| {
        let id = bridge.borrow().clone().expect("bridge");
        f.ok(
            &bank,
            Command::DeactivateBridge {
                bridge_id: id.to_string(),
            },
        );
    });
    step(&mut f, &mut records, &|f| {
        f.ok(&lumen, Command::RollApiKey);
    });
    step(&mut f, &mut records, &|f| {
        let request = connect::api::ApiRequest {
            method: "GET".into(),
            path: "/api/v1/connect/share-tokens".into(),
            headers: vec![(
                "Authorization".into(),
                format!("Bearer {}", f.world.organizations[&bank].api_key.secret),
            )],
            body: String::new(),
        };
        let response = f.call_api(&request, NOW);
        assert_eq!(response.status, 200, "{}", response.body);
    });

    // Workflows and webhooks: the automated flow, a recorded delivery outcome, and deletions,
    // whose records must go too.
    let flow = |f: &mut Fixture, actor: &connect::Id, command: Command| {
        f.flow_at(actor, command, NOW).expect("accepted");
    };
    step(&mut f, &mut records, &|f| {
        connect::seed::demo_workflows(&mut f.world, NOW, &mut f.ids);
    });
    step(&mut f, &mut records, &|f| {
        f.enable_all_workflows();
        for org in [&bank, &lumen] {
            flow(
                f,
                org,
                Command::CreateWebhook {
                    url: "https://example.test/hooks".into(),
                    event_types: vec!["inquiry.completed".into(), "share-token.redeemed".into()],
                },
            );
        }
    });
    step(&mut f, &mut records, &|f| {
        let id = bridge.borrow().clone().expect("bridge").to_string();
        flow(
            f,
            &bank,
            Command::ReactivateBridge {
                bridge_id: id.clone(),
            },
        );
        flow(
            f,
            &lumen,
            Command::ActivateBridge {
                bridge_id: id,
                template_id: None,
            },
        );
    });
    step(&mut f, &mut records, &|f| {
        let inquiry = f.new_inquiry(&bank, "Retail KYC", "alex");
        flow(
            f,
            &bank,
            Command::RunInquiry {
                inquiry_id: inquiry.to_string(),
            },
        );
        assert_eq!(f.world.workflow_runs.len(), 2, "both workflows ran");
        assert!(!f.world.deliveries.is_empty());
    });
    step(&mut f, &mut records, &|f| {
        let id = f
            .world
            .deliveries
            .keys()
            .next()
            .cloned()
            .expect("a delivery");
        f.world.record_delivery_outcome(
            &id,
            connect::DeliveryOutcome::Failed {
                reason: "TypeError: Failed to fetch".into(),
            },
            NOW,
        );
    });
    let deleted = std::cell::RefCell::new(Vec::new());
    step(&mut f, &mut records, &|f| {
        let workflow = f.world.workflows_of(&bank)[0].id.clone();
        let webhook = f.world.webhooks_of(&bank)[0].id.clone();
        flow(
            f,
            &bank,
            Command::DeleteWorkflow {
                workflow_id: workflow.to_string(),
            },
        );
        flow(
            f,
            &bank,
            Command::DeleteWebhook {
                webhook_id: webhook.to_string(),
            },
        );
        *deleted.borrow_mut() = vec![workflow, webhook];
    });
    for id in deleted.borrow().iter() {
        assert!(
            !records.contains_key(&snapshot::object_key(id)),
            "the record of deleted {id} is removed"
        );
    }
}

#[test]
fn events_are_saved_in_chunks_so_a_save_rewrites_at_most_two() {
    let mut f = Fixture::new();
    let (bank, lumen) = (f.bank.clone(), f.lumen.clone());
    let bridge = f.active_bridge(&bank, &lumen, Scopes::everything());
    let inquiry = f.completed_inquiry(&bank, "Retail KYC", "alex");
    for _ in 0..120 {
        f.create_token(&bank, &bridge, &inquiry);
    }
    f.world.take_touched();
    let before = f.world.events_mark();
    f.create_token(&bank, &bridge, &inquiry);
    let touched = f.world.take_touched();
    let changed =
        snapshot::changed_records(&f.world, &touched, before, &meta(&f.world, 2)).expect("encode");
    let keys: Vec<&str> = changed.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(touched.len(), 1, "one new token");
    assert!(
        keys.len() <= 4,
        "one object, at most two event chunks, meta: {keys:?}"
    );
    assert_eq!(keys.last(), Some(&"meta"), "meta is written last");
}

#[test]
fn a_version_1_document_migrates_with_everything_in_it() {
    let raw = include_str!("fixtures/v1.json");
    let (world, api, meta) = snapshot::migrate_v1(raw).expect("migrate");
    assert_eq!(meta.version, 2);
    assert_eq!(meta.clock_offset_ms, 3_600_000, "the moved clock survives");
    assert_eq!(world.organizations.len(), 3);
    assert_eq!(world.bridges.len(), 1);
    assert_eq!(world.share_tokens.len(), 2);
    assert_eq!(meta.events, world.events.len());
    let redeemed = world
        .share_tokens
        .values()
        .filter(|t| t.status == ShareTokenStatus::Redeemed)
        .count();
    assert_eq!(redeemed, 1);
    // And it saves and reads back in version 2.
    let records = snapshot::all_records(&world, &api, &meta).expect("encode");
    let (again, api_again, _) = snapshot::assemble(&records).expect("assemble");
    assert_eq!((again, api_again), (world, api));
}

/// One way to damage a set of saved records.
type Breakage = Box<dyn Fn(&mut BTreeMap<String, String>)>;

#[test]
fn broken_records_are_refused_with_the_reason() {
    let mut f = Fixture::new();
    f.token_setup(Scopes::everything(), "alex");
    let good = {
        let m = meta(&f.world, 3);
        snapshot::all_records(&f.world, &f.api, &m)
    }
    .expect("encode");
    let token_key = good
        .keys()
        .find(|k| k.starts_with("obj.cnst_"))
        .cloned()
        .expect("a token");
    let cases: Vec<(&str, Breakage, &str)> = vec![
        (
            "no meta",
            Box::new(|r| {
                r.remove("meta");
            }),
            "`meta` record is missing",
        ),
        (
            "meta not JSON",
            Box::new(|r| {
                r.insert("meta".into(), "{oops".into());
            }),
            "record `meta`",
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
            "truncated object",
            Box::new(move |r| {
                r.insert(token_key.clone(), "{\"id\":\"cnst_".into());
            }),
            "record `obj.cnst_",
        ),
        (
            "unknown kind",
            Box::new(|r| {
                r.insert("obj.zzz_1".into(), "{}".into());
            }),
            "unknown kind `zzz`",
        ),
        (
            "unknown record",
            Box::new(|r| {
                r.insert("mystery".into(), "1".into());
            }),
            "unknown record `mystery`",
        ),
        (
            "lost event chunk",
            Box::new(|r| {
                r.remove("events.0");
            }),
            "events where `meta` says",
        ),
        (
            "bad chunk number",
            Box::new(|r| {
                r.insert("events.x".into(), "[]".into());
            }),
            "not a numbered event chunk",
        ),
        (
            "events not a list",
            Box::new(|r| {
                r.insert("events.0".into(), "{}".into());
            }),
            "record `events.0`",
        ),
    ];
    for (name, break_it, expected) in cases {
        let mut records = good.clone();
        break_it(&mut records);
        match snapshot::assemble(&records) {
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
}

#[test]
fn broken_version_1_documents_are_refused() {
    for (raw, expected) in [
        ("", "not JSON"),
        ("{\"version\":1,\"world\":{\"organizations\":[", "not JSON"),
        ("[1,2]", "no schema version"),
        (
            "{\"version\":1,\"world\":{\"organizations\":7}}",
            "wrong shape",
        ),
    ] {
        match snapshot::migrate_v1(raw) {
            Err(DecodeError::Unreadable(why)) => assert!(why.contains(expected), "{raw}: {why}"),
            other => panic!("{raw}: expected unreadable, got {:?}", other.map(|_| ())),
        }
    }
    assert_eq!(
        snapshot::migrate_v1("{\"version\":3,\"world\":{}}").map(|_| ()),
        Err(DecodeError::NewerVersion(3))
    );
}

#[test]
fn old_events_are_let_go_a_chunk_at_a_time_and_their_records_removed() {
    let mut f = Fixture::new();
    let (bank, lumen) = (f.bank.clone(), f.lumen.clone());
    let bridge = f.active_bridge(&bank, &lumen, Scopes::everything());
    let inquiry = f.completed_inquiry(&bank, "Retail KYC", "alex");
    let mut records = {
        let m = meta(&f.world, 1);
        snapshot::all_records(&f.world, &f.api, &m).expect("encode")
    };
    f.world.take_touched();
    // Each token is two events (one per side): 350 tokens past the limit let 300 or more go.
    let tokens = connect::world::EVENT_LOG_LIMIT / 2 + 350;
    for revision in 2..tokens as u64 + 2 {
        let before = f.world.events_mark();
        f.create_token(&bank, &bridge, &inquiry);
        save(&mut records, &mut f.world, &f.api, before, revision);
    }
    let kept = f.world.events.len();
    assert!(
        (connect::world::EVENT_LOG_LIMIT..connect::world::EVENT_LOG_LIMIT + 100).contains(&kept),
        "{kept} events kept"
    );
    assert_eq!(f.world.events_trimmed + kept, f.world.events_mark().total);
    assert!(f.world.events_trimmed >= 300, "old events were let go");
    assert!(
        !records.contains_key("events.0"),
        "the first chunk's record is gone"
    );
    let chunk_records = records.keys().filter(|k| k.starts_with("events.")).count();
    assert_eq!(chunk_records, kept.div_ceil(100));
    let (world, _, _) = snapshot::assemble(&records).expect("assemble");
    assert_eq!(world, f.world);
    assert_eq!(f.world.share_tokens.len(), tokens, "no token is let go");
}
