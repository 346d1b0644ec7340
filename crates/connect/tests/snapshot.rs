//! The stored form: a versioned JSON document that is never guessed at.

mod common;

use common::*;
use connect::snapshot::{DecodeError, Snapshot, VERSION};
use connect::{Scopes, World};

/// A world with something of every kind in it: bridges, tokens in several states, a redeemed
/// copy and events.
fn busy_world() -> World {
    let mut f = Fixture::new();
    let (bridge, inquiry, redeemed) = f.token_setup(Scopes::everything(), "alex");
    let bank = f.bank.clone();
    f.redeem_clone(&redeemed, "Lumen Basic");
    let expired = f.create_token(&bank, &bridge, &inquiry);
    f.ok(&bank, expire(&expired));
    f.create_token(&bank, &bridge, &inquiry);
    let bazaar = f.bazaar.clone();
    f.create_bridge(&bank, &bazaar, scopes_fields(&[connect::FieldGroup::Name]));
    f.world
}

#[test]
fn encode_then_decode_gives_back_the_same_snapshot() {
    let snapshot = Snapshot::new(busy_world(), 3_600_000);
    assert_eq!(snapshot.version, VERSION);
    let raw = snapshot.encode().expect("encodes");
    let decoded = Snapshot::decode(&raw).expect("decodes");
    assert_eq!(decoded, snapshot);
    assert_eq!(decoded.clock_offset_ms, 3_600_000);
    assert!(!decoded.world.share_tokens.is_empty());
    // And encoding is stable.
    assert_eq!(decoded.encode().expect("encodes"), raw);
}

#[test]
fn the_seeded_world_round_trips() {
    let world = Fixture::new().world;
    let raw = Snapshot::new(world.clone(), 0).encode().expect("encodes");
    assert_eq!(Snapshot::decode(&raw).expect("decodes").world, world);
}

#[test]
fn a_missing_clock_offset_defaults_to_zero() {
    let snapshot = Snapshot::new(Fixture::new().world, 42);
    let mut value: serde_json::Value =
        serde_json::from_str(&snapshot.encode().expect("encodes")).expect("json");
    value
        .as_object_mut()
        .expect("an object")
        .remove("clock_offset_ms");
    let decoded = Snapshot::decode(&value.to_string()).expect("decodes");
    assert_eq!(decoded.clock_offset_ms, 0);
    assert_eq!(decoded.world, snapshot.world);
}

#[test]
fn text_that_is_not_json_is_unreadable() {
    match Snapshot::decode("not json") {
        Err(DecodeError::Unreadable(why)) => assert!(why.contains("not JSON"), "{why}"),
        other => panic!("expected Unreadable, got {other:?}"),
    }
    assert!(matches!(
        Snapshot::decode(""),
        Err(DecodeError::Unreadable(_))
    ));
}

#[test]
fn an_empty_object_has_no_schema_version() {
    match Snapshot::decode("{}") {
        Err(DecodeError::Unreadable(why)) => assert!(why.contains("no schema version"), "{why}"),
        other => panic!("expected Unreadable, got {other:?}"),
    }
    for raw in [r#"{"version":"1"}"#, "[1]", r#"{"version":-1}"#] {
        assert!(
            matches!(Snapshot::decode(raw), Err(DecodeError::Unreadable(_))),
            "{raw}"
        );
    }
}

#[test]
fn the_wrong_shape_is_unreadable() {
    for raw in [
        r#"{"version":1}"#,
        r#"{"version":1,"world":5}"#,
        r#"{"version":1,"world":{"organizations":[]}}"#,
    ] {
        match Snapshot::decode(raw) {
            Err(DecodeError::Unreadable(why)) => {
                assert!(why.contains("wrong shape"), "{raw}: {why}")
            }
            other => panic!("{raw}: expected Unreadable, got {other:?}"),
        }
    }

    // A real snapshot with one token's status corrupted.
    let raw = Snapshot::new(busy_world(), 0).encode().expect("encodes");
    let broken = raw.replacen("\"status\":\"redeemed\"", "\"status\":\"eaten\"", 1);
    assert_ne!(broken, raw);
    assert!(matches!(
        Snapshot::decode(&broken),
        Err(DecodeError::Unreadable(why)) if why.contains("wrong shape")
    ));
}

#[test]
fn a_newer_version_is_reported_not_guessed_at() {
    let snapshot = Snapshot::new(Fixture::new().world, 0);
    let mut value: serde_json::Value =
        serde_json::from_str(&snapshot.encode().expect("encodes")).expect("json");
    value["version"] = serde_json::json!(99);
    let err = Snapshot::decode(&value.to_string()).expect_err("newer data is not read");
    assert_eq!(err, DecodeError::NewerVersion(99));
    let text = err.to_string();
    assert!(text.contains("newer version"), "{text}");
    assert!(text.contains("99"), "{text}");

    // Even when the rest would not be understood.
    assert_eq!(
        Snapshot::decode(r#"{"version":99,"something":"else"}"#),
        Err(DecodeError::NewerVersion(99))
    );
    assert_eq!(
        Snapshot::decode(&format!(r#"{{"version":{}}}"#, VERSION + 1)),
        Err(DecodeError::NewerVersion(u64::from(VERSION) + 1))
    );
}

#[test]
fn version_zero_is_unknown() {
    match Snapshot::decode(r#"{"version":0,"world":{}}"#) {
        Err(DecodeError::Unreadable(why)) => {
            assert!(why.contains("unknown schema version"), "{why}")
        }
        other => panic!("expected Unreadable, got {other:?}"),
    }
}
