//! Bounds that keep one action, one file or one stored number from breaking the playground:
//! workflow fan-out, workflows per org, webhook signatures in real time, endpoints that can be
//! switched off, and imports and loads with extreme or forged values.

mod common;

use common::*;
use connect::api::{ApiRequest, ApiState, RateWindow};
use connect::automation::{webhook, MAX_RUNS_PER_ACTION};
use connect::clock::Clock;
use connect::exchange::{self, ImportError, MAX_FILE_BYTES};
use connect::snapshot::{self, Meta, Snapshot, EVENTS_PER_CHUNK};
use connect::time::DAY_MS;
use connect::world::MAX_WORKFLOWS_PER_ORG;
use connect::{Action, Command, ErrorKind, Id, RunStatus, Scopes, ShareTokenStatus, Timestamp};
use connect::{Trigger, WebhookEndpoint, WorkflowSpec, World};
use serde_json::{json, Value};

fn on(event_type: &str) -> Trigger {
    Trigger {
        event_type: event_type.into(),
        ..Trigger::default()
    }
}

/// Creates and enables a workflow of `org` whose one step needs a share token, so it fails on
/// anything else.
fn failing_workflow(f: &mut Fixture, org: &Id, name: &str, trigger: &str) {
    let spec = WorkflowSpec {
        name: name.into(),
        trigger: on(trigger),
        actions: vec![Action::SendShareToken],
    };
    f.flow_at(org, Command::CreateWorkflow { spec }, NOW)
        .expect("workflow created");
    let id = f
        .world
        .workflows_of(org)
        .iter()
        .find(|w| w.name == name)
        .map(|w| w.id.to_string())
        .expect("the workflow exists");
    let enable = Command::SetWorkflowEnabled {
        workflow_id: id,
        enabled: true,
    };
    f.flow_at(org, enable, NOW).expect("enabled");
}

fn webhook_on(f: &mut Fixture, org: &Id, event_type: &str) -> Id {
    let create = Command::CreateWebhook {
        url: "https://example.test/hooks".into(),
        event_types: vec![event_type.into()],
    };
    f.flow_at(org, create, NOW).expect("webhook created");
    f.world.webhooks_of(org)[0].id.clone()
}

#[test]
fn one_action_sets_off_at_most_the_cap_of_workflow_runs_and_says_so() {
    let mut f = Fixture::new();
    let (bank, lumen) = (f.bank.clone(), f.lumen.clone());
    failing_workflow(&mut f, &bank, "Starter", "organization-bridge.created");
    for n in 0..10 {
        failing_workflow(&mut f, &bank, &format!("Echo {n}"), "workflow-run.failed");
    }

    f.flow_at(&bank, create_bridge(&lumen, Scopes::everything()), NOW)
        .expect("bridge created");

    let runs = f.world.runs_of(&bank);
    let stopped: Vec<_> = runs
        .iter()
        .filter(|r| {
            r.error
                .as_deref()
                .is_some_and(|e| e.contains("[workflow.runs-per-action]"))
        })
        .collect();
    assert_eq!(
        runs.len() - stopped.len(),
        MAX_RUNS_PER_ACTION,
        "runs that did something"
    );
    assert_eq!(stopped.len(), 1, "one run records the stop");
    let stop = stopped[0];
    assert_eq!(stop.status, RunStatus::Failed);
    assert!(stop.steps.is_empty(), "the stopped run did nothing");
    let error = stop.error.as_deref().unwrap_or_default();
    assert!(
        error.contains(&format!("stopped at {MAX_RUNS_PER_ACTION}")),
        "{error}"
    );
}

#[test]
fn an_org_has_at_most_the_bounded_number_of_workflows() {
    let mut f = Fixture::new();
    let bank = f.bank.clone();
    let existing = f.world.workflows_of(&bank).len();
    for n in existing..MAX_WORKFLOWS_PER_ORG {
        failing_workflow(&mut f, &bank, &format!("Workflow {n}"), "inquiry.created");
    }
    let spec = WorkflowSpec {
        name: "One too many".into(),
        trigger: on("inquiry.created"),
        actions: vec![Action::SendShareToken],
    };
    let err = f.refuse(&bank, Command::CreateWorkflow { spec });
    assert_error(
        &err,
        ErrorKind::Unprocessable,
        "workflow.limit-per-org",
        &["at most 20 workflows"],
    );
}

#[test]
fn a_delivery_made_after_a_clock_move_is_signed_with_real_time() {
    let mut f = Fixture::new();
    let (bank, lumen) = (f.bank.clone(), f.lumen.clone());
    let endpoint = webhook_on(&mut f, &bank, "organization-bridge.created");
    let secret = f.world.webhooks[&endpoint].secret.clone();
    let moved = Clock {
        now: Timestamp(NOW.0 + 30 * DAY_MS),
        real: NOW,
    };

    let deliveries = f.with_engine(|engine, ids| {
        engine.take_deliveries();
        engine
            .command(
                &bank,
                create_bridge(&lumen, Scopes::everything()),
                moved,
                ids,
            )
            .expect("bridge created");
        engine.take_deliveries()
    });

    assert_eq!(deliveries.len(), 1, "{deliveries:?}");
    let delivery = &deliveries[0];
    assert_eq!(delivery.at, moved.now, "the list shows the playground time");
    assert!(webhook::verify(
        &secret,
        &delivery.signature,
        &delivery.body
    ));
    let t: i64 = delivery
        .signature
        .strip_prefix("t=")
        .and_then(|rest| rest.split(',').next())
        .and_then(|t| t.parse().ok())
        .expect("a t= part");
    let real_seconds = NOW.0 / 1_000;
    assert!(
        (t - real_seconds).abs() <= 300,
        "signed at {t}, real time is {real_seconds}: outside a receiver's 5-minute tolerance"
    );
}

#[test]
fn a_disabled_endpoint_receives_nothing_until_enabled_again() {
    let mut f = Fixture::new();
    let (bank, lumen, bazaar) = (f.bank.clone(), f.lumen.clone(), f.bazaar.clone());
    let endpoint = webhook_on(&mut f, &bank, "organization-bridge.created");
    let set = |enabled| Command::SetWebhookEnabled {
        webhook_id: endpoint.to_string(),
        enabled,
    };
    let others = f.refuse(&lumen, set(false));
    assert_eq!(others.kind, ErrorKind::NotFound, "only its org switches it");

    f.flow_at(&bank, set(false), NOW).expect("disabled");
    assert!(!f.world.webhooks[&endpoint].enabled);
    let silent = f.with_engine(|engine, ids| {
        engine.take_deliveries();
        engine
            .command(&bank, create_bridge(&lumen, Scopes::everything()), NOW, ids)
            .expect("bridge");
        engine.take_deliveries()
    });
    assert!(silent.is_empty(), "{silent:?}");

    f.flow_at(&bank, set(true), NOW).expect("enabled");
    let sent = f.with_engine(|engine, ids| {
        engine
            .command(
                &bank,
                create_bridge(&bazaar, Scopes::everything()),
                NOW,
                ids,
            )
            .expect("bridge");
        engine.take_deliveries()
    });
    assert_eq!(sent.len(), 1, "{sent:?}");
}

// ---- imports --------------------------------------------------------------------------------

/// A playground with an enabled workflow and webhook endpoint of the bank, a redeemed token,
/// and a delivery and a run on record.
fn automated_world() -> World {
    let mut f = Fixture::new();
    let bank = f.bank.clone();
    let (_, _, token) = f.token_setup(Scopes::everything(), "alex");
    f.redeem_clone(&token, "Lumen Basic");
    webhook_on(&mut f, &bank, "organization-bridge.created");
    failing_workflow(
        &mut f,
        &bank,
        "Send on new bridges",
        "organization-bridge.created",
    );
    f.flow_at(
        &bank,
        create_bridge(&f.bazaar.clone(), Scopes::everything()),
        NOW,
    )
    .expect("bridge");
    assert!(!f.world.deliveries.is_empty() && !f.world.workflow_runs.is_empty());
    f.world
}

fn export_of(world: World, clock_offset_ms: i64) -> String {
    exchange::export(&Snapshot::new(world, clock_offset_ms)).expect("exports")
}

/// The export of [`automated_world`] as JSON, changed by `edit`, back as text.
fn edited(edit: impl FnOnce(&mut Value)) -> String {
    let mut value: Value = serde_json::from_str(&export_of(automated_world(), 0)).expect("json");
    edit(&mut value);
    value.to_string()
}

fn first_key(value: &Value, map: &str) -> String {
    value["world"][map]
        .as_object()
        .and_then(|m| m.keys().next().cloned())
        .unwrap_or_else(|| panic!("no {map} in the export"))
}

/// Moves the first object of `map` to the key `id`, with that id.
fn rekey(value: &mut Value, map: &str, id: &str) {
    let key = first_key(value, map);
    let objects = value["world"][map].as_object_mut().expect("a map");
    let mut object = objects.remove(&key).expect("the object");
    object["id"] = json!(id);
    objects.insert(id.into(), object);
}

fn refused(text: &str) -> String {
    match exchange::import(text) {
        Ok(_) => panic!("the file was imported"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn a_file_over_8_mb_is_refused_before_it_is_read() {
    let text = " ".repeat(MAX_FILE_BYTES + 1);
    let err = exchange::import(&text).expect_err("too large");
    assert_eq!(err, ImportError::TooLarge(MAX_FILE_BYTES + 1));
    assert_eq!(err.rule(), "import.at-most-8-mb");
    assert!(err.to_string().contains("at most 8 MB"), "{err}");
    // One byte over reads as over: "8.1 MB", never "8.0 MB; at most 8 MB".
    assert!(err.to_string().starts_with("This file is 8.1 MB"), "{err}");
}

#[test]
fn unpacked_text_may_be_larger_than_a_file_up_to_its_own_bound() {
    // A real export, padded past 8 MB with the whitespace JSON allows: too large as a file,
    // read whole as the text a compressed file unpacked to.
    let mut text = export_of(automated_world(), 0);
    text.push_str(&" ".repeat(MAX_FILE_BYTES));
    assert_eq!(
        exchange::import(&text).map(|_| ()),
        Err(ImportError::TooLarge(text.len()))
    );
    let imported = exchange::import_unpacked(&text).expect("read whole");
    assert_eq!(imported.world.workflows.len(), 1);
    // The unpacked bound refuses by its own rule, before reading.
    let huge = " ".repeat(exchange::MAX_UNPACKED_BYTES + 1);
    let err = exchange::import_unpacked(&huge).expect_err("too large");
    assert_eq!(err, ImportError::UnpacksTooLarge);
    assert_eq!(err.rule(), "import.unpacks-to-at-most-128-mb");
    assert!(err.to_string().contains("at most 128 MB"), "{err}");
    // Few bytes, but more values than any export holds: refused before the checks build
    // their tree of values, which would not fit in the page's memory.
    let values = format!("[{}0]", "0,".repeat(exchange::MAX_UNPACKED_VALUES));
    assert!(values.len() < exchange::MAX_UNPACKED_BYTES);
    assert_eq!(
        exchange::import_unpacked(&values).map(|_| ()),
        Err(ImportError::UnpacksTooLarge)
    );
    // Separators inside strings are text, not values.
    let mut text = export_of(automated_world(), 0);
    text.insert_str(
        1,
        &format!(
            "\"note\": \"{}\",",
            ",".repeat(exchange::MAX_UNPACKED_VALUES + 1)
        ),
    );
    assert!(exchange::import_unpacked(&text).is_ok());
    // What unpacks is still checked as any file is.
    assert!(matches!(
        exchange::import_unpacked("{\"app\": \"other\"}"),
        Err(ImportError::NotAnExport(_))
    ));
}

#[test]
fn gzip_is_told_by_its_first_two_bytes_and_sizes_read_in_tenths() {
    assert!(exchange::is_gzip(&[0x1f, 0x8b, 0x08, 0x00]));
    assert!(!exchange::is_gzip(b"{\"app\""));
    assert!(!exchange::is_gzip(&[0x1f]));
    assert_eq!(exchange::megabytes(MAX_FILE_BYTES), "8.0 MB");
    assert_eq!(exchange::megabytes(MAX_FILE_BYTES + 1), "8.1 MB");
    assert_eq!(exchange::megabytes(57_366_772), "54.8 MB");
    assert_eq!(exchange::megabytes(0), "0.0 MB");
}

#[test]
fn imported_workflows_and_webhooks_arrive_disabled_and_are_previewed() {
    let world = automated_world();
    assert!(world.webhooks.values().all(|w| w.enabled));
    assert!(world.workflows.values().all(|w| w.enabled));
    let imported = exchange::import(&export_of(world, 0)).expect("imports");

    assert!(imported.world.webhooks.values().all(|w| !w.enabled));
    assert!(imported.world.workflows.values().all(|w| !w.enabled));
    let preview = exchange::preview(&imported);
    assert_eq!(preview.webhooks.len(), 1);
    let hook = &preview.webhooks[0];
    assert_eq!(hook.organization, "Northwind Bank");
    assert_eq!(hook.url, "https://example.test/hooks");
    assert_eq!(hook.event_types, ["organization-bridge.created"]);
    assert_eq!(preview.workflows.len(), 1);
    let flow = &preview.workflows[0];
    assert_eq!(flow.name, "Send on new bridges");
    assert_eq!(flow.trigger, "organization-bridge.created");
    assert_eq!(flow.actions, ["Send the token to the destination's API"]);
}

#[test]
fn a_stored_endpoint_saved_before_the_flag_reads_as_enabled() {
    let stored = json!({
        "id": "whk_1", "org_id": "org_1", "url": "https://example.test",
        "event_types": ["inquiry.created"], "secret": "whsec_1", "created_at": 0
    });
    let endpoint: WebhookEndpoint = serde_json::from_value(stored).expect("reads");
    assert!(endpoint.enabled);
}

#[test]
fn imports_pass_the_checks_of_the_commands_that_create_each_object() {
    type Edit = Box<dyn FnOnce(&mut Value)>;
    let cases: Vec<(&str, Edit, &str)> = vec![
        (
            "webhook URL",
            Box::new(|v| {
                let k = first_key(v, "webhooks");
                v["world"]["webhooks"][k]["url"] = json!("javascript:alert(1)");
            }),
            "http:// or https://",
        ),
        (
            "webhook event type",
            Box::new(|v| {
                let k = first_key(v, "webhooks");
                v["world"]["webhooks"][k]["event_types"] = json!(["everything"]);
            }),
            "`everything` is not an event type",
        ),
        (
            "workflow actions",
            Box::new(|v| {
                let k = first_key(v, "workflows");
                v["world"]["workflows"][k]["actions"] = json!([]);
            }),
            "1 to 10 actions",
        ),
        (
            "workflow trigger",
            Box::new(|v| {
                let k = first_key(v, "workflows");
                v["world"]["workflows"][k]["trigger"]["event-type"] = json!("payday");
            }),
            "`payday` is not an event type",
        ),
        (
            "shared API secret",
            Box::new(|v| {
                let orgs = v["world"]["organizations"].as_object_mut().expect("orgs");
                let secret = orgs.values().next().expect("an org")["api_key"]["secret"].clone();
                for org in orgs.values_mut() {
                    org["api_key"]["secret"] = secret.clone();
                }
            }),
            "share one API secret",
        ),
        (
            "workflow id",
            Box::new(|v| rekey(v, "workflows", "flow_1")),
            "should have an id starting with `wfl_`",
        ),
        (
            "run id",
            Box::new(|v| rekey(v, "workflow_runs", "run_1")),
            "should have an id starting with `wfr_`",
        ),
        (
            "endpoint id",
            Box::new(|v| rekey(v, "webhooks", "hook_1")),
            "should have an id starting with `whk_`",
        ),
        (
            "delivery id",
            Box::new(|v| rekey(v, "deliveries", "whk_1")),
            "should have an id starting with `whd_`",
        ),
        (
            "redeemed token without its inquiry",
            Box::new(|v| {
                let tokens = v["world"]["share_tokens"].as_object_mut().expect("tokens");
                for token in tokens.values_mut() {
                    token["destination_inquiry_id"] = Value::Null;
                }
            }),
            "is redeemed but has no time (or inquiry)",
        ),
        (
            "clock far ahead",
            Box::new(|v| v["clock_offset_ms"] = json!(20 * 365 * DAY_MS)),
            "at most 10 years ahead",
        ),
        (
            "clock behind",
            Box::new(|v| v["clock_offset_ms"] = json!(-1)),
            "never runs behind real time",
        ),
        (
            "too many workflows",
            Box::new(|v| {
                let k = first_key(v, "workflows");
                let flows = v["world"]["workflows"].as_object_mut().expect("workflows");
                let template = flows[&k].clone();
                for n in 0..MAX_WORKFLOWS_PER_ORG {
                    let id = format!("wfl_{n:032}");
                    let mut copy = template.clone();
                    copy["id"] = json!(id);
                    flows.insert(id, copy);
                }
            }),
            "workflows; at most 20 are allowed",
        ),
    ];
    for (what, edit, expected) in cases {
        let message = refused(&edited(edit));
        assert!(message.contains(expected), "{what}: {message}");
    }
}

#[test]
fn extreme_numbers_in_a_file_are_refused_naming_where_they_are() {
    let cases: Vec<(&str, Value)> = vec![
        ("expires_at", json!(i64::MAX)),
        ("created_at", json!(i64::MIN)),
    ];
    for (field, number) in cases {
        let message = refused(&edited(|v| {
            let k = first_key(v, "share_tokens");
            v["world"]["share_tokens"][&k][field] = number.clone();
        }));
        assert!(message.contains(field), "{message}");
        assert!(message.contains("beyond the largest number"), "{message}");
    }
    let message = refused(&edited(|v| {
        let k = first_key(v, "deliveries");
        v["world"]["deliveries"][k]["seq"] = json!(u64::MAX);
    }));
    assert!(
        message.contains(".seq` is 18446744073709551615"),
        "{message}"
    );
    let message = refused(&edited(|v| v["clock_offset_ms"] = json!(i64::MAX)));
    assert!(message.contains("clock_offset_ms"), "{message}");
}

/// A stored playground someone edited by hand, or a much older one: every number at its
/// extreme. Loading it bounds the clock, and every entry point runs on it without a panic
/// (debug builds check every addition for overflow) or a wrap.
#[test]
fn extreme_numbers_from_storage_saturate_and_never_panic() {
    let mut world = automated_world();
    for token in world.share_tokens.values_mut() {
        token.created_at = Timestamp(i64::MAX);
        token.expires_at = Timestamp(i64::MAX);
    }
    for inquiry in world.inquiries.values_mut() {
        inquiry.created_at = Timestamp(i64::MAX);
    }
    for delivery in world.deliveries.values_mut() {
        delivery.seq = u64::MAX;
        delivery.at = Timestamp(i64::MIN);
    }
    for run in world.workflow_runs.values_mut() {
        run.seq = u64::MAX;
    }
    for endpoint in world.webhooks.values_mut() {
        endpoint.enabled = true;
    }
    world.events_trimmed = usize::MAX / EVENTS_PER_CHUNK * EVENTS_PER_CHUNK;
    let mut api = ApiState::default();
    let bank = world.org_named("Northwind Bank").expect("bank");
    api.rate_limits.insert(
        bank.clone(),
        RateWindow {
            started_at: Timestamp(i64::MAX),
            used: u32::MAX,
        },
    );
    let meta = Meta {
        version: snapshot::VERSION,
        revision: u64::MAX,
        clock_offset_ms: i64::MAX,
        events: world.events.len(),
        lineage: "extreme".into(),
        event_times: Vec::new(),
    };
    let records = snapshot::all_records(&world, &api, &meta).expect("records");

    let (world, api, meta) = snapshot::assemble(&records).expect("loads");
    assert_eq!(meta.clock_offset_ms, connect::clock::MAX_OFFSET_MS);
    let clock = Clock::ahead(NOW, meta.clock_offset_ms);
    let mut engine = connect::Engine::new(world, api);
    let mut ids = SeqIds::default();
    engine.tick(clock, &mut ids);
    let create = Command::CreateOrganization {
        name: "Newcomer".into(),
        description: String::new(),
    };
    engine
        .command(&bank, create, clock, &mut ids)
        .expect("an organization is created");
    let newcomer = engine.world.org_named("Newcomer").expect("newcomer");
    let deliveries_before = engine.world.deliveries.len();
    engine
        .command(
            &bank,
            create_bridge(&newcomer, Scopes::everything()),
            clock,
            &mut ids,
        )
        .expect("a command still applies");
    assert!(
        engine.world.deliveries.len() > deliveries_before,
        "the delivery is recorded"
    );
    assert_eq!(engine.world.last_delivery_seq(), u64::MAX, "seq saturates");
    assert!(
        engine
            .world
            .share_tokens
            .values()
            .all(|t| t.status_at(clock.now) != ShareTokenStatus::Expired),
        "a token that expires at the end of time has not expired"
    );
    let secret = engine.world.organizations[&bank].api_key.secret.clone();
    let request = ApiRequest::new("GET", "/api/v1/connect/share-tokens")
        .header("Authorization", &format!("Bearer {secret}"));
    let response = engine.api(&request, clock, &mut ids);
    assert_eq!(
        response.status, 200,
        "a stored window from the future starts afresh"
    );
    for token in engine.world.share_tokens.values() {
        connect::render::share_token(token, clock.now);
    }
    let meta = Meta {
        events: engine.world.events.len(),
        ..meta
    };
    snapshot::all_records(&engine.world, &engine.api, &meta).expect("saves again");
}

#[test]
fn an_object_under_an_id_of_the_wrong_kind_is_refused_at_save_not_lost_at_load() {
    let mut world = automated_world();
    let id = world.webhooks.keys().next().expect("an endpoint").clone();
    let mut endpoint = world
        .webhooks
        .remove(&id)
        .expect("the endpoint just listed");
    endpoint.id = Id::parse("hook_1");
    world.webhooks.insert(endpoint.id.clone(), endpoint);
    let meta = Meta {
        version: snapshot::VERSION,
        revision: 1,
        clock_offset_ms: 0,
        events: world.events.len(),
        lineage: String::new(),
        event_times: Vec::new(),
    };
    let err = snapshot::all_records(&world, &ApiState::default(), &meta)
        .expect_err("refused, not dropped");
    assert!(err.contains("hook_1"), "{err} (was {id})");
}

#[test]
fn a_field_of_a_person_past_200_characters_is_refused_and_nothing_is_created() {
    let mut f = Fixture::new();
    let bank = f.bank.clone();
    let template = f.template(&bank, "Retail KYC");
    let before = f.world.inquiries.len();
    let mut fields = person("alex").fields;
    fields.address_street = "S".repeat(201);
    let err = f.refuse(
        &bank,
        Command::CreateInquiry {
            template_id: template.clone(),
            fields: Box::new(fields.clone()),
            evidence: Default::default(),
        },
    );
    assert_error(
        &err,
        ErrorKind::BadRequest,
        "inquiry.field-length",
        &[
            "Street (`address-street-1`) is 201 characters long",
            "at most 200",
        ],
    );
    assert_eq!(f.world.inquiries.len(), before, "nothing created");

    fields.address_street = "S".repeat(200);
    f.ok(
        &bank,
        Command::CreateInquiry {
            template_id: template,
            fields: Box::new(fields),
            evidence: Default::default(),
        },
    );
    assert_eq!(f.world.inquiries.len(), before + 1);
}

#[test]
fn an_organization_name_with_invisible_characters_is_refused() {
    let mut f = Fixture::new();
    let bank = f.bank.clone();
    for name in [
        "Lumen\u{200b}Pay",
        "\u{202e}knab",
        "Acme\u{7}",
        "Pay\u{feff}",
    ] {
        let err = f.refuse(
            &bank,
            Command::CreateOrganization {
                name: name.into(),
                description: String::new(),
            },
        );
        assert_error(
            &err,
            ErrorKind::BadRequest,
            "organization.name-characters",
            &["invisible characters"],
        );
    }
    // Letters of any script are names, with the joiners Persian spelling and emoji need.
    for name in [
        "Élan Øresund 銀行",
        "بانک\u{200c}ها",
        "Dev Team \u{1f469}\u{200d}\u{1f4bb}",
    ] {
        f.ok(
            &bank,
            Command::CreateOrganization {
                name: name.into(),
                description: String::new(),
            },
        );
    }
}

#[test]
fn a_birthdate_in_the_future_fails_the_age_rule_without_a_negative_age() {
    let mut f = Fixture::new();
    let bank = f.bank.clone();
    let template = f.template(&bank, "Retail KYC");
    let mut fields = person("alex").fields;
    fields.birthdate = "2099-01-01".into();
    let events = f.ok(
        &bank,
        Command::CreateInquiry {
            template_id: template,
            fields: Box::new(fields),
            evidence: person("alex").evidence,
        },
    );
    let inquiry = object_of(&events, "inquiry.created");
    f.ok(
        &bank,
        Command::RunInquiry {
            inquiry_id: inquiry.to_string(),
        },
    );
    let rule = f
        .inquiry(&inquiry)
        .rule_results
        .iter()
        .find(|r| r.rule.starts_with("minimum age"))
        .expect("the age rule ran")
        .clone();
    assert_eq!(rule.passed, Some(false));
    assert_eq!(rule.detail, "birthdate 2099-01-01 is in the future");
}

#[test]
fn the_api_points_at_the_field_that_is_too_long() {
    let mut f = Fixture::new();
    let bank = f.bank.clone();
    let template = f.template(&bank, "Retail KYC");
    let secret = f.world.organizations[&bank].api_key.secret.clone();
    let body = json!({ "data": { "attributes": {
        "inquiry-template-id": template,
        "fields": { "name-first": "Alex", "address-street-1": "S".repeat(201) },
    } } });
    let response = f.call_api(
        &ApiRequest::new("POST", "/api/v1/inquiries")
            .bearer(&secret)
            .body(&body.to_string()),
        NOW,
    );
    assert_eq!(response.status, 400, "{}", response.body);
    let json = response.json().expect("JSON");
    let error = &json["errors"][0];
    assert_eq!(error["code"], "inquiry.field-length");
    assert_eq!(
        error["source"]["pointer"],
        "/data/attributes/fields/address-street-1"
    );
    assert!(error["details"]
        .as_str()
        .is_some_and(|d| d.contains("`address-street-1`")));
}

#[test]
fn a_birthdate_that_is_not_a_date_is_refused_at_create_and_points_at_it() {
    let mut f = Fixture::new();
    let bank = f.bank.clone();
    let template = f.template(&bank, "Retail KYC");
    let secret = f.world.organizations[&bank].api_key.secret.clone();
    let before = f.world.inquiries.len();
    for birthdate in ["1994-02-30", "not a date", "1994-13-01"] {
        let body = json!({ "data": { "attributes": {
            "inquiry-template-id": template,
            "fields": { "name-first": "Alex", "birthdate": birthdate },
        } } });
        let response = f.call_api(
            &ApiRequest::new("POST", "/api/v1/inquiries")
                .bearer(&secret)
                .body(&body.to_string()),
            NOW,
        );
        assert_eq!(response.status, 400, "{birthdate}: {}", response.body);
        let json = response.json().expect("JSON");
        let error = &json["errors"][0];
        assert_eq!(error["code"], "inquiry.birthdate-is-a-date");
        assert_eq!(
            error["source"]["pointer"],
            "/data/attributes/fields/birthdate"
        );
        assert!(error["details"]
            .as_str()
            .is_some_and(|d| d.contains(birthdate) && d.contains("YYYY-MM-DD")));
    }
    assert_eq!(f.world.inquiries.len(), before, "nothing created");

    // A real day, a leap day and no birthdate at all are all taken.
    for birthdate in ["1994-02-28", "2000-02-29", ""] {
        let mut fields = person("alex").fields;
        fields.birthdate = birthdate.to_string();
        f.ok(
            &bank,
            Command::CreateInquiry {
                template_id: template.clone(),
                fields: Box::new(fields),
                evidence: Default::default(),
            },
        );
    }
    assert_eq!(f.world.inquiries.len(), before + 3);
}

#[test]
fn a_clock_too_far_ahead_says_how_far_in_years() {
    let refused = connect::clock::check_offset(20 * 365 * DAY_MS).expect_err("too far");
    assert!(
        refused.message.contains("at most 10 years ahead"),
        "{}",
        refused.message
    );
    assert!(
        refused.message.contains("about 20 years, is further"),
        "{}",
        refused.message
    );
}

// ---- echoes, logs and refusals a crafted input could make wrong ------------------------------

fn key_of(f: &Fixture, org: &Id) -> String {
    f.world.organizations[org].api_key.secret.clone()
}

#[test]
fn a_logged_request_keeps_a_long_idempotency_key_whole_and_a_cut_one_is_never_re_sent() {
    let mut f = Fixture::new();
    let bank = f.bank.clone();
    let (bridge, inquiry, _) = f.token_setup(Scopes::everything(), "alex");
    let body = json!({"data": {"attributes": {
        "bridge-id": bridge.to_string(), "source-id": inquiry.to_string()
    }}})
    .to_string();
    // The longest key the API takes: the log must keep it whole, so a re-send replays.
    let key = "k".repeat(connect::api::IDEMPOTENCY_KEY_MAX_CHARS);
    let create = ApiRequest::new("POST", "/api/v1/connect/share-tokens")
        .bearer(&key_of(&f, &bank))
        .header("Idempotency-Key", &key)
        .body(&body);
    assert_eq!(f.call_api(&create, NOW).status, 201);
    let tokens = f.world.share_tokens.len();
    let entry = f.api.log_of(&bank)[0].clone();
    assert!(!entry.request_truncated, "the console may re-send it");
    assert_eq!(
        entry.request.header_value("Idempotency-Key"),
        Some(key.as_str())
    );
    // What the console's Re-send does: the logged request with the org's key.
    let mut resend = entry.request.clone();
    resend
        .headers
        .retain(|(name, _)| !name.eq_ignore_ascii_case("authorization"));
    let resend = resend.bearer(&key_of(&f, &bank));
    let again = f.call_api(&resend, NOW);
    assert_eq!(again.header_value("Idempotent-Replayed"), Some("true"));
    assert_eq!(
        f.world.share_tokens.len(),
        tokens,
        "a re-send made no second token"
    );

    // A path longer than the log keeps is cut, and then marked so the console never re-sends it.
    let long = format!(
        "/api/v1/connect/share-tokens?filter[status]={}",
        "new,".repeat(200)
    );
    f.call_api(
        &ApiRequest::new("GET", &long).bearer(&key_of(&f, &bank)),
        NOW,
    );
    let entry = f.api.log_of(&bank)[0].clone();
    assert!(entry.request.path.chars().count() < long.chars().count());
    assert!(entry.request_truncated, "a cut request is marked");
}

#[test]
fn a_huge_id_is_echoed_cut_by_every_refusal() {
    let mut f = Fixture::new();
    let bank = f.bank.clone();
    let (bridge, _, _) = f.token_setup(Scopes::everything(), "alex");
    let huge = "a".repeat(100_000);
    for path in [
        format!("/api/v1/connect/share-tokens/cnst_{huge}/expire"),
        format!("/api/v1/connect/organization-bridges/cnob_{huge}/deactivate"),
        format!("/api/v1/inquiries/inq_{huge}/approve"),
    ] {
        let answer = f.call_api(
            &ApiRequest::new("POST", &path).bearer(&key_of(&f, &bank)),
            NOW,
        );
        assert_eq!(answer.status, 404, "{}", &answer.body[..200]);
        assert!(answer.body.len() < 2_000, "{} bytes", answer.body.len());
    }
    // The same from the Dashboard's commands, whose messages a flash shows.
    for command in [
        create_token(&bridge, &format!("x{huge}"), None),
        create_token(&bridge, &format!("inq_{huge}"), None),
        create_bridge(&Id::parse(&format!("org_{huge}")), Scopes::everything()),
        create_bridge(&Id::parse(&huge), Scopes::everything()),
    ] {
        let refused = f.refuse(&bank, command);
        assert!(refused.message.len() < 400, "{}", &refused.message[..200]);
    }
    // And a file naming another app in a huge marker.
    let foreign = json!({ "app": "x".repeat(1_000_000) }).to_string();
    assert!(refused(&foreign).len() < 400);
}

#[test]
fn every_503_has_a_request_id_and_says_nothing_changed() {
    let mut f = Fixture::new();
    let bank = f.bank.clone();
    let served = f.call_api(
        &ApiRequest::new("GET", "/api/v1/connect/share-tokens").bearer(&key_of(&f, &bank)),
        NOW,
    );
    let id = served
        .header_value("Request-Id")
        .expect("an id")
        .to_string();
    let refused = connect::api::storage_refused("QuotaExceededError", &served);
    assert_eq!(refused.status, 503);
    assert_eq!(refused.header_value("Request-Id"), Some(id.as_str()));
    assert!(refused.body.contains("storage.write-refused") && refused.body.contains("Nothing"));
    let behind = connect::api::not_caught_up("another tab saved", &mut SeqIds::default());
    assert_eq!(behind.status, 503);
    assert!(behind
        .header_value("Request-Id")
        .is_some_and(|id| id.starts_with("req_")));
    assert!(behind
        .header_value("Content-Type")
        .is_some_and(|t| t.starts_with("application/json")));
}

#[test]
fn a_stored_clock_behind_or_far_ahead_is_brought_within_its_rules_at_load() {
    let f = Fixture::new();
    for (stored, loaded) in [(i64::MAX, connect::clock::MAX_OFFSET_MS), (-5 * DAY_MS, 0)] {
        let meta = Meta {
            version: connect::stored::VERSION,
            revision: u64::MAX,
            clock_offset_ms: stored,
            events: f.world.events.len(),
            lineage: "lineage".into(),
            event_times: Vec::new(),
        };
        let records = connect::stored::all_records(&f.world, &f.api, &meta).expect("records");
        let (_, _, read) = connect::stored::assemble(&records).expect("loads");
        assert_eq!(read.clock_offset_ms, loaded);
        assert_eq!(
            read.revision,
            u64::MAX,
            "read as stored; the next save saturates"
        );
    }
}

#[test]
fn a_webhook_url_is_measured_in_characters_as_its_rule_says() {
    let types = ["inquiry.created".to_string()];
    let accented = format!("https://example.com/{}", "é".repeat(1_900));
    assert!(accented.len() > 2_000 && accented.chars().count() <= 2_000);
    assert!(connect::world::check_webhook(&accented, &types).is_ok());
    let long = format!("https://example.com/{}", "é".repeat(1_981));
    let refused = connect::world::check_webhook(&long, &types).expect_err("2,001 characters");
    assert_eq!(refused.rule, "webhook.url-http");
}

#[test]
fn organization_names_are_one_name_in_any_case_of_any_script() {
    let mut f = Fixture::new();
    let bank = f.bank.clone();
    let name = |name: &str| Command::CreateOrganization {
        name: name.into(),
        description: String::new(),
    };
    f.ok(&bank, name("Ärzte Bank"));
    for same in ["ärzte bank", "ÄRZTE BANK"] {
        let refused = f.refuse(&bank, name(same));
        assert_error(
            &refused,
            ErrorKind::Conflict,
            "organization.name-unique",
            &[same],
        );
    }
    f.ok(&bank, name("Ärzte Bank Zwei"));
}

#[test]
fn a_blank_deprecated_destination_id_is_pointed_at_by_its_own_name() {
    let mut f = Fixture::new();
    let (bank, lumen) = (f.bank.clone(), f.lumen.clone());
    let post = |body: Value| {
        ApiRequest::new("POST", "/api/v1/connect/organization-bridges").body(&body.to_string())
    };
    let blank =
        post(json!({"data": {"attributes": {"destination-id": "  "}}})).bearer(&key_of(&f, &bank));
    let answer = f.call_api(&blank, NOW);
    assert_eq!(answer.status, 400);
    assert!(
        answer.body.contains("/data/attributes/destination-id\""),
        "{}",
        answer.body
    );
    // The same id under both names, one with spaces around it, is one id.
    let both = post(json!({"data": {"attributes": {
        "destination-id": lumen.to_string(),
        "destination-organization-id": format!(" {lumen} "),
    }}}))
    .bearer(&key_of(&f, &bank));
    assert_eq!(f.call_api(&both, NOW).status, 201);
}

#[test]
fn an_import_refuses_a_foreign_default_template_and_a_misaddressed_inbox_entry() {
    let mut f = Fixture::new();
    let (bank, lumen, bazaar) = (f.bank.clone(), f.lumen.clone(), f.bazaar.clone());
    let (bridge, _, token) = f.token_setup(Scopes::everything(), "alex");
    f.ok(
        &bank,
        Command::SendShareToken {
            token_id: token.to_string(),
            destination_org_id: lumen.to_string(),
        },
    );
    let base = f.world.clone();
    assert!(exchange::import(&export_of(base.clone(), 0)).is_ok());

    let mut world = base.clone();
    let banks = Id::parse(&f.template(&bank, "Retail KYC"));
    if let Some(b) = world.bridges.get_mut(&bridge) {
        b.default_template_id = Some(banks.clone());
    }
    let message = refused(&export_of(world, 0));
    assert!(message.contains(&format!("template {banks}")), "{message}");

    let mut world = base.clone();
    if let Some(b) = world.bridges.get_mut(&bridge) {
        b.default_template_id = Some(unknown_id("itmpl"));
    }
    assert!(refused(&export_of(world, 0)).contains("default inquiry template"));

    let mut world = base;
    world.partner_inbox[0].org_id = bazaar.clone();
    world.partner_inbox[0].sender_org_id = bazaar;
    let message = refused(&export_of(world, 0));
    assert!(
        message.contains("not from its source to its destination"),
        "{message}"
    );
}

#[test]
fn runs_and_deliveries_of_a_deleted_workflow_or_endpoint_import_back() {
    let mut world = automated_world();
    let workflows: Vec<Id> = world.workflows.keys().cloned().collect();
    let endpoints: Vec<Id> = world.webhooks.keys().cloned().collect();
    for id in &workflows {
        world.workflows.remove(id);
    }
    for id in &endpoints {
        world.webhooks.remove(id);
    }
    assert!(!world.workflow_runs.is_empty() && !world.deliveries.is_empty());
    assert!(exchange::import(&export_of(world, 0)).is_ok());
}

#[test]
fn a_country_that_is_not_two_letters_is_refused_at_create_and_points_at_it() {
    let mut f = Fixture::new();
    let bank = f.bank.clone();
    let template = f.template(&bank, "Retail KYC");
    let create = |country: &str| {
        let mut fields = person("alex").fields;
        fields.address_country_code = country.to_string();
        Command::CreateInquiry {
            template_id: template.clone(),
            fields: Box::new(fields),
            evidence: Default::default(),
        }
    };
    let before = f.world.inquiries.len();
    for wrong in ["usa", "U", "1A", "ÜS"] {
        let refused = f.refuse(&bank, create(wrong));
        assert_error(
            &refused,
            ErrorKind::BadRequest,
            "inquiry.country-two-letters",
            &[wrong],
        );
        assert_eq!(refused.attribute, Some("fields/address-country-code"));
    }
    assert_eq!(f.world.inquiries.len(), before, "nothing was created");
    for right in ["US", "gb", ""] {
        f.ok(&bank, create(right));
    }
    assert_eq!(f.world.inquiries.len(), before + 3);
}
