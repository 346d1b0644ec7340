//! The export file: a round trip, and a table of files that must each be refused with a message
//! that says why (docs/rules.md, "Sandbox").

mod common;

use common::*;
use connect::exchange::{self, ImportError};
use connect::snapshot::{Snapshot, VERSION};
use connect::{Scopes, World};
use serde_json::{json, Value};

/// A world with bridges, tokens in several states, a redeemed copy and events.
fn busy_world() -> World {
    let mut f = Fixture::new();
    let (bridge, inquiry, redeemed) = f.token_setup(Scopes::everything(), "alex");
    let bank = f.bank.clone();
    f.redeem_clone(&redeemed, "Lumen Basic");
    let expired = f.create_token(&bank, &bridge, &inquiry);
    f.ok(&bank, expire(&expired));
    f.create_token(&bank, &bridge, &inquiry);
    f.world
}

fn exported() -> (Snapshot, String) {
    let snapshot = Snapshot::new(busy_world(), 86_400_000);
    let text = exchange::export(&snapshot).expect("exports");
    (snapshot, text)
}

/// The export as JSON, changed by `edit`, back as text.
fn edited(edit: impl FnOnce(&mut Value)) -> String {
    let mut value: Value = serde_json::from_str(&exported().1).expect("json");
    edit(&mut value);
    value.to_string()
}

/// The first key of one of the world's maps.
fn first_key(value: &Value, map: &str) -> String {
    value["world"][map]
        .as_object()
        .and_then(|m| m.keys().next().cloned())
        .unwrap_or_else(|| panic!("no {map} in the export"))
}

#[test]
fn an_export_imports_back_to_the_same_playground() {
    let (snapshot, text) = exported();
    let value: Value = serde_json::from_str(&text).expect("json");
    assert_eq!(value["app"], "connect-playground");
    assert_eq!(value["version"], json!(VERSION));
    let imported = exchange::import(&text).expect("imports");
    assert_eq!(imported, snapshot);
    assert_eq!(imported.clock_offset_ms, 86_400_000);
}

#[test]
fn the_seeded_demo_imports() {
    let snapshot = Snapshot::new(Fixture::new().world, 0);
    let text = exchange::export(&snapshot).expect("exports");
    assert_eq!(exchange::import(&text), Ok(snapshot));
}

#[test]
fn bad_files_are_refused_each_with_its_reason() {
    let saved_form = Snapshot::new(busy_world(), 0).encode().expect("encodes");
    let cases: Vec<(&str, String, &str, &str)> = vec![
        ("empty file", String::new(), "import.not-json", "not JSON"),
        ("plain text", "hello".into(), "import.not-json", "not JSON"),
        ("truncated export", exported().1[..200].to_string(), "import.not-json", "not JSON"),
        ("a JSON array", "[1,2]".into(), "import.not-an-export", "it holds a JSON array"),
        (
            "foreign JSON",
            r#"{"name":"my-package","version":"1.0.0"}"#.into(),
            "import.not-an-export",
            "no \"app\": \"connect-playground\" marker",
        ),
        (
            "the local-storage form without the marker",
            saved_form,
            "import.not-an-export",
            "not a Connect Playground export",
        ),
        (
            "another app's marker",
            r#"{"app":"other-app","version":1}"#.into(),
            "import.not-an-export",
            "its \"app\" is \"other-app\"",
        ),
        (
            "a newer version",
            edited(|v| v["version"] = json!(VERSION + 1)),
            "import.newer-version",
            "newer version of Connect Playground",
        ),
        (
            "no version",
            r#"{"app":"connect-playground","world":{}}"#.into(),
            "import.wrong-shape",
            "no schema version",
        ),
        (
            "a corrupted status",
            edited(|v| {
                let token = first_key(v, "share_tokens");
                v["world"]["share_tokens"][&token]["status"] = json!("eaten");
            }),
            "import.wrong-shape",
            "unknown variant `eaten`",
        ),
        (
            "an empty world",
            r#"{"app":"connect-playground","version":1,"world":{"organizations":{},"templates":{},"inquiries":{},"bridges":{},"share_tokens":{},"events":[]}}"#.into(),
            "import.integrity",
            "it has no organizations",
        ),
        (
            "a token whose inquiry is gone",
            edited(|v| {
                let token = first_key(v, "share_tokens");
                let inquiry = v["world"]["share_tokens"][&token]["source_id"]
                    .as_str()
                    .map(str::to_string)
                    .unwrap_or_default();
                if let Some(map) = v["world"]["inquiries"].as_object_mut() {
                    map.remove(&inquiry);
                }
            }),
            "import.integrity",
            "which is not in the file",
        ),
        (
            "a bridge to an unknown organization",
            edited(|v| {
                let bridge = first_key(v, "bridges");
                v["world"]["bridges"][&bridge]["destination_org_id"] =
                    json!("org_ffffffffffffffffffffffffffffffff");
            }),
            "import.integrity",
            "refers to organization `org_ffffffffffffffffffffffffffffffff`",
        ),
        (
            "a template of an unknown organization",
            edited(|v| {
                let template = first_key(v, "templates");
                v["world"]["templates"][&template]["org_id"] = json!("org_gone");
            }),
            "import.integrity",
            "which is not in the file",
        ),
        (
            "an inquiry id with the wrong prefix",
            edited(|v| {
                let inquiry = first_key(v, "inquiries");
                let mut object = v["world"]["inquiries"][&inquiry].clone();
                object["id"] = json!("cnst_0123");
                if let Some(map) = v["world"]["inquiries"].as_object_mut() {
                    map.remove(&inquiry);
                    map.insert("cnst_0123".into(), object);
                }
            }),
            "import.integrity",
            "inquiry `cnst_0123` should have an id starting with `inq_`",
        ),
        (
            "an object filed under another id",
            edited(|v| {
                let bridge = first_key(v, "bridges");
                v["world"]["bridges"][&bridge]["id"] = json!("cnob_other");
            }),
            "import.integrity",
            "has the id `cnob_other`",
        ),
        (
            "a clock behind real time",
            edited(|v| v["clock_offset_ms"] = json!(-5)),
            "import.integrity",
            "never runs behind",
        ),
        (
            "an organization without a name",
            edited(|v| {
                let org = first_key(v, "organizations");
                v["world"]["organizations"][&org]["name"] = json!("");
            }),
            "import.integrity",
            "needs a name of 1 to 80 characters",
        ),
        (
            "an organization name of 100,000 characters",
            edited(|v| {
                let org = first_key(v, "organizations");
                v["world"]["organizations"][&org]["name"] = json!("N".repeat(100_000));
            }),
            "import.integrity",
            "needs a name of 1 to 80 characters",
        ),
        (
            "two organizations of one name",
            edited(|v| {
                let names: Vec<String> = v["world"]["organizations"].as_object().map(|m| m.keys().cloned().collect()).unwrap_or_default();
                v["world"]["organizations"][&names[1]]["name"] = json!("northwind bank");
            }),
            "import.integrity",
            "have the same name",
        ),
        (
            "two organizations of one API key",
            edited(|v| {
                let names: Vec<String> = v["world"]["organizations"].as_object().map(|m| m.keys().cloned().collect()).unwrap_or_default();
                let key = v["world"]["organizations"][&names[0]]["api_key"]["id"].clone();
                v["world"]["organizations"][&names[1]]["api_key"]["id"] = key;
            }),
            "import.integrity",
            "share the API key",
        ),
        (
            "a token that lives for ever",
            edited(|v| {
                let token = first_key(v, "share_tokens");
                v["world"]["share_tokens"][&token]["expires_at"] = json!(9_007_199_254_740_991_i64);
            }),
            "import.integrity",
            "lives longer than the 21 days a token may",
        ),
        (
            "an event twice in the log",
            edited(|v| {
                let first = v["world"]["events"][0].clone();
                if let Some(events) = v["world"]["events"].as_array_mut() {
                    events.push(first);
                }
            }),
            "import.integrity",
            "is in the log twice",
        ),
    ];
    for (name, text, rule, words) in cases {
        let err = exchange::import(&text).expect_err(name);
        assert_eq!(err.rule(), rule, "{name}: {err:?}");
        let message = err.to_string();
        assert!(!message.contains(".."), "{name}: {message:?}");
        assert!(
            message.contains(words),
            "{name}: {message:?} should say {words:?}"
        );
    }
}

#[test]
fn many_problems_are_summed_up_not_all_listed() {
    let text = edited(|v| {
        if let Some(map) = v["world"]["organizations"].as_object_mut() {
            let keep = map.keys().next().cloned().unwrap_or_default();
            map.retain(|k, _| *k == keep);
        }
    });
    let err = exchange::import(&text).expect_err("dangling references");
    let ImportError::Inconsistent(problems) = &err else {
        panic!("expected Inconsistent, got {err:?}");
    };
    assert!(problems.len() > 3, "{problems:?}");
    let message = err.to_string();
    assert!(
        message.ends_with(&format!("and {} more.", problems.len() - 3)),
        "{message}"
    );
}

#[test]
fn a_webhook_url_names_a_host_as_the_add_form_requires() {
    for bad in ["http://", "https://", "http:///hook", " http://"] {
        assert!(
            connect::world::check_webhook(bad, &["inquiry.completed".into()]).is_err(),
            "{bad:?} was taken"
        );
    }
    let (url, _) = connect::world::check_webhook(
        " http://127.0.0.1:4000/hook\n",
        &["inquiry.completed".into()],
    )
    .expect("a real address, spaces around");
    assert_eq!(url, "http://127.0.0.1:4000/hook");
}

/// Rules added later bind new commands only: a file exported before them (an inquiry field past
/// 200 characters made through the API, a name with a zero-width space) imports back whole.
#[test]
fn an_export_of_what_earlier_versions_allowed_imports_back() {
    let text = edited(|v| {
        let inquiry = first_key(v, "inquiries");
        v["world"]["inquiries"][&inquiry]["fields"]["address_street"] = json!("S".repeat(300));
        let org = first_key(v, "organizations");
        v["world"]["organizations"][&org]["name"] = json!("Dev\u{200b}Team");
    });
    let snapshot = exchange::import(&text).expect("imports");
    assert!(snapshot
        .world
        .inquiries
        .values()
        .any(|i| i.fields.address_street.len() == 300));
    assert!(snapshot
        .world
        .organizations
        .values()
        .any(|o| o.name == "Dev\u{200b}Team"));
}
