//! Generated malformed requests (bad JSON, wrong types, huge strings, unknown ids, wrong
//! prefixes, odd paths and methods): the API never panics and always answers with a
//! well-formed JSON:API document whose status fits the request.

// proptest is a native-only dev-dependency (see Cargo.toml).
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::*;
use connect::api::{self, ApiRequest, ApiResponse};
use connect::{Id, Scopes, World};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use serde_json::{json, Value};
use std::cell::Cell;

/// A world with a bridge, an inquiry and a token, and the keys and ids requests may use.
struct Base {
    world: World,
    key: String,
    bridge: Id,
    inquiry: Id,
    token: Id,
}

fn base() -> Base {
    let mut f = Fixture::new();
    let (bridge, inquiry, token) = f.token_setup(Scopes::everything(), "alex");
    let key = f.world.organizations[&f.bank].api_key.secret.clone();
    Base {
        world: f.world,
        key,
        bridge,
        inquiry,
        token,
    }
}

const STATUSES: [u16; 9] = [200, 201, 202, 400, 401, 403, 404, 405, 422];

/// Sends `request` to a copy of the base world and checks the answer is well formed.
fn answer(base: &Base, request: &ApiRequest) -> Result<(ApiResponse, Value), TestCaseError> {
    let mut world = base.world.clone();
    let mut ids = SeqIds::default();
    let response = api::handle(
        &mut world,
        &mut api::ApiState::default(),
        request,
        NOW,
        &mut ids,
    );
    let body: Value = serde_json::from_str(&response.body)
        .map_err(|e| TestCaseError::fail(format!("not JSON ({e}): {}", response.body)))?;
    prop_assert!(
        STATUSES.contains(&response.status),
        "unexpected status {} for {request:?}: {body}",
        response.status
    );
    prop_assert!(response
        .header_value("Request-Id")
        .is_some_and(|r| r.starts_with("req_")));
    if response.status >= 400 {
        let errors = body["errors"].as_array();
        prop_assert!(errors.is_some_and(|e| !e.is_empty()), "{body}");
        for error in errors.into_iter().flatten() {
            prop_assert_eq!(&error["status"], &json!(response.status.to_string()));
            prop_assert!(error["title"].as_str().is_some_and(|t| !t.is_empty()));
            prop_assert!(error["details"].as_str().is_some_and(|t| !t.is_empty()));
            prop_assert!(error["code"].as_str().is_some_and(|t| !t.is_empty()));
            if let Some(source) = error.get("source") {
                prop_assert!(source.is_object());
            }
        }
        prop_assert!(body.get("data").is_none());
    } else {
        prop_assert!(body.get("data").is_some(), "{body}");
    }
    Ok((response, body))
}

fn code(body: &Value) -> String {
    body["errors"][0]["code"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

fn huge() -> impl Strategy<Value = String> {
    prop_oneof![
        ".{0,40}",
        (0usize..200_000).prop_map(|n| "x".repeat(n)),
        (0usize..2_000).prop_map(|n| "é\u{0}\"\\{[".repeat(n)),
    ]
}

fn odd_id() -> impl Strategy<Value = String> {
    prop_oneof![
        "(cnst|cnob|inq|itmpl|org|evt|req|api|sk_test|)_[0-9a-f]{0,40}",
        "[a-z]{1,6}_[A-Za-z0-9%?#/.]{0,20}",
        huge(),
    ]
}

fn method() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("GET".to_string()),
        Just("POST".to_string()),
        Just("PUT".to_string()),
        Just("DELETE".to_string()),
        Just("PATCH".to_string()),
        Just("post".to_string()),
        "[A-Za-z ]{0,8}",
    ]
}

fn path(base: &Base) -> impl Strategy<Value = String> {
    let known = vec![
        "/api/v1/connect/share-tokens".to_string(),
        format!("/api/v1/connect/share-tokens/{}", base.token),
        format!("/api/v1/connect/share-tokens/{}/redeem", base.token),
        format!("/api/v1/connect/share-tokens/{}/expire", base.token),
        "/api/v1/connect/organization-bridges".to_string(),
        format!(
            "/api/v1/connect/organization-bridges/{}/activate",
            base.bridge
        ),
        "/api/v1/inquiries".to_string(),
        format!("/api/v1/inquiries/{}/complete", base.inquiry),
        format!("/api/v1/inquiries/{}/approve", base.inquiry),
        format!("/api/v1/inquiries/{}/decline", base.inquiry),
        format!("/api/v1/inquiries/{}/mark-for-review", base.inquiry),
        "/api/v1/inquiry-templates".to_string(),
        "/partners/org_x/share-tokens".to_string(),
    ];
    let segments = [
        "share-tokens",
        "organization-bridges",
        "inquiries",
        "redeem",
        "expire",
        "activate",
        "complete",
        "approve",
        "decline",
        "mark-for-review",
        "",
        "..",
        "%2F",
        "api",
        "v1",
        "connect",
        "partners",
    ];
    prop_oneof![
        prop::sample::select(known.clone()),
        (prop::sample::select(known), odd_id()).prop_map(|(p, id)| format!("{p}/{id}")),
        (
            prop::sample::select(known_queries()),
            prop::sample::select(vec![
                "/api/v1/connect/share-tokens".to_string(),
                format!("/api/v1/connect/share-tokens/{}", base.token),
                "/api/v1/connect/organization-bridges".to_string(),
                "/api/v1/inquiries".to_string(),
            ]),
            huge()
        )
            .prop_map(|(q, p, v)| format!("{p}?{q}={v}")),
        prop::collection::vec(prop::sample::select(segments.to_vec()), 0..7)
            .prop_map(|s| format!("/{}", s.join("/"))),
        huge(),
    ]
}

/// A `Key-Inflection` or `Persona-Version` header, known or not.
fn dialect() -> impl Strategy<Value = (String, String)> {
    (
        prop::sample::select(vec!["Key-Inflection", "Persona-Version"]),
        prop_oneof![
            prop::sample::select(vec!["kebab", "camel", "snake", "2023-01-05"])
                .prop_map(str::to_string),
            huge(),
        ],
    )
        .prop_map(|(name, value)| (name.to_string(), value))
}

fn known_queries() -> Vec<String> {
    [
        "filter[status]",
        "filter[direction]",
        "filter[bridge-id]",
        "filter[nope]",
        "page[size]",
        "page[after]",
        "page[before]",
        "peek-source-data",
        "peek_source_data",
        "filter[bridgeId]",
        "include",
        "fields[connect/share-token]",
        "fields[inquiry]",
        "%5B",
        "",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(|f| json!(f)),
        huge().prop_map(Value::from),
        odd_id().prop_map(Value::from),
    ];
    leaf.prop_recursive(3, 24, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::from),
            prop::collection::btree_map(
                prop::sample::select(vec![
                    "data".to_string(),
                    "attributes".to_string(),
                    "bridge-id".to_string(),
                    "source-id".to_string(),
                    "expires-in-seconds".to_string(),
                    "destination-id".to_string(),
                    "inquiry-template-id".to_string(),
                    "share-token-id".to_string(),
                    "fields".to_string(),
                    "scopes".to_string(),
                    "evidence".to_string(),
                    "x".to_string(),
                ]),
                inner,
                0..4
            )
            .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

fn body() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        huge(),
        json_value().prop_map(|v| v.to_string()),
        json_value().prop_map(|v| json!({ "data": { "attributes": v } }).to_string()),
        json_value().prop_map(|v| format!("{}}}", v)),
        "[{\\[\"\\]:,0-9a-z ]{0,60}",
    ]
}

#[test]
fn ten_thousand_generated_malformed_requests_get_well_formed_answers() {
    let base = base();
    let sent = Cell::new(0usize);
    let runner = |cases: u32| {
        TestRunner::new(Config {
            cases,
            failure_persistence: None,
            ..Config::default()
        })
    };

    // 1. Anything at all, with the right key: a well-formed answer with a known status.
    runner(5_000)
        .run(
            &(
                method(),
                path(&base),
                body(),
                proptest::option::of(huge()),
                proptest::option::of(dialect()),
            ),
            |(method, path, body, idempotency, dialect)| {
                let mut request = ApiRequest::new(&method, &path)
                    .bearer(&base.key)
                    .body(&body);
                if let Some(key) = idempotency {
                    request = request.header("Idempotency-Key", &key);
                }
                if let Some((name, value)) = dialect {
                    request = request.header(&name, &value);
                }
                sent.set(sent.get() + 1);
                answer(&base, &request).map(|_| ())
            },
        )
        .unwrap_or_else(|e| panic!("{e}"));

    // 2. A body that is not JSON, to an endpoint that takes one: 400, whatever else is wrong.
    let creates = prop::sample::select(vec![
        "/api/v1/connect/share-tokens".to_string(),
        "/api/v1/connect/organization-bridges".to_string(),
        "/api/v1/inquiries".to_string(),
        format!("/api/v1/connect/share-tokens/{}/redeem", base.token),
    ]);
    runner(1_500)
        .run(
            &(
                creates,
                "[{\\[\"a-z:,]{1,40}"
                    .prop_filter("not JSON", |b| serde_json::from_str::<Value>(b).is_err()),
            ),
            |(path, body)| {
                sent.set(sent.get() + 1);
                let (response, json) = answer(
                    &base,
                    &ApiRequest::new("POST", &path).bearer(&base.key).body(&body),
                )?;
                prop_assert_eq!(response.status, 400);
                prop_assert_eq!(code(&json), "request.malformed-json");
                Ok(())
            },
        )
        .unwrap_or_else(|e| panic!("{e}"));

    // 3. A mistyped attribute: 400 pointing at it.
    let attribute = prop::sample::select(vec!["bridge-id", "source-id", "expires-in-seconds"]);
    let wrong = prop_oneof![
        Just(json!(true)),
        Just(json!([1, 2])),
        Just(json!({"a": 1})),
        Just(json!(1.5)),
    ];
    runner(1_500)
        .run(&(attribute, wrong), |(attribute, wrong)| {
            let mut attributes = json!({
                "bridge-id": base.bridge.as_str(),
                "source-id": base.inquiry.as_str(),
            });
            attributes[attribute] = wrong;
            let body = json!({ "data": { "attributes": attributes } }).to_string();
            sent.set(sent.get() + 1);
            let (response, json) = answer(
                &base,
                &ApiRequest::new("POST", "/api/v1/connect/share-tokens")
                    .bearer(&base.key)
                    .body(&body),
            )?;
            prop_assert_eq!(response.status, 400);
            let pointer = format!("/data/attributes/{attribute}");
            prop_assert_eq!(
                json["errors"][0]["source"]["pointer"].as_str(),
                Some(pointer.as_str())
            );
            Ok(())
        })
        .unwrap_or_else(|e| panic!("{e}"));

    // 4. Unknown ids and wrong prefixes in a retrieve: 404, never a leak or a crash.
    let collection = prop::sample::select(vec![
        "/api/v1/connect/share-tokens",
        "/api/v1/connect/organization-bridges",
        "/api/v1/inquiries",
        "/api/v1/inquiry-templates",
    ]);
    runner(1_500)
        .run(
            &(collection, "(cnst|cnob|inq|itmpl|org|x)_[0-9a-zA-Z]{0,40}"),
            |(collection, id)| {
                sent.set(sent.get() + 1);
                let (response, _) = answer(
                    &base,
                    &ApiRequest::new("GET", &format!("{collection}/{id}")).bearer(&base.key),
                )?;
                prop_assert_eq!(response.status, 404);
                Ok(())
            },
        )
        .unwrap_or_else(|e| panic!("{e}"));

    // 5. No key, or a key nobody has: 401 before anything else.
    runner(1_000)
        .run(
            &(method(), path(&base), proptest::option::of(huge())),
            |(method, path, key)| {
                let mut request = ApiRequest::new(&method, &path);
                if let Some(key) = key {
                    request = request.header("Authorization", &key);
                }
                sent.set(sent.get() + 1);
                let (response, _) = answer(&base, &request)?;
                prop_assert_eq!(response.status, 401);
                Ok(())
            },
        )
        .unwrap_or_else(|e| panic!("{e}"));

    assert!(sent.get() >= 10_000, "sent {} requests", sent.get());
}
