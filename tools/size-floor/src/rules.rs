//! Every entry point of the rules crate that the app calls, reachable from JavaScript so none
//! is dropped: import and export, the seeds and scenarios, Dashboard commands (every kind the
//! world applies goes through one `World::apply`), API calls and their curl, the ticker,
//! webhook deliveries, the console's examples, the demo's guide and picture, and the stored
//! records written and read (all three versions). Results are summed up as text without a
//! `Debug` impl the app does not have, so the module holds no more than the app needs.

use connect::api::ApiRequest;
use connect::demo::guide::{CreatePath, HandOver, Paths};
use connect::snapshot::{Meta, Snapshot};
use connect::{exchange, Command, Creator, Engine, Id, RandomIds, RedeemTarget, Timestamp};
use std::cell::RefCell;
use std::collections::BTreeMap;
use wasm_bindgen::prelude::*;

thread_local! {
    static ENGINE: RefCell<Engine> = RefCell::default();
}

fn at(now: f64) -> Timestamp {
    Timestamp(now as i64)
}

fn replace(engine: Engine) {
    ENGINE.with(|e| *e.borrow_mut() = engine);
}

#[wasm_bindgen]
pub fn import(file: &str) -> String {
    match exchange::import(file) {
        Ok(snapshot) => {
            let preview = exchange::preview(&snapshot);
            let export = exchange::export(&snapshot).unwrap_or_default();
            let found = preview.webhooks.len() + preview.workflows.len();
            replace(Engine::new(snapshot.world, snapshot.api));
            format!("{found} {export}")
        }
        Err(e) => format!("{e} {}", e.rule()),
    }
}

#[wasm_bindgen]
pub fn seed(kind: &str, now: f64) -> String {
    let mut ids = RandomIds;
    let (world, api) = match kind {
        "demo" => (
            connect::seed::demo_playground(at(now), &mut ids),
            Default::default(),
        ),
        "busy" => {
            let size = connect::generate::Size {
                share_tokens: 10,
                inquiries: 3,
                event_log: 100,
            };
            match connect::generate::busy_playground(size, at(now), &mut ids) {
                Ok(busy) => (busy.world, busy.api),
                Err(e) => return e.to_string(),
            }
        }
        scenario => match connect::demo::scenario::build(scenario, at(now), &mut ids) {
            Ok(built) => (built.world, built.api),
            Err(e) => return e.to_string(),
        },
    };
    replace(Engine::new(world, api));
    String::new()
}

#[wasm_bindgen]
pub fn api(method: &str, path: &str, secret: &str, body: &str, now: f64) -> String {
    let request = ApiRequest::new(method, path).bearer(secret).body(body);
    let response = ENGINE.with(|e| e.borrow_mut().api(&request, at(now), &mut RandomIds));
    let curl = connect::api::curl::command(&request, "http://127.0.0.1:8080");
    format!("{curl} {} {}", response.status, response.body)
}

#[wasm_bindgen]
pub fn command(actor: &str, kind: &str, a: &str, b: &str, now: f64) -> String {
    let (a, b) = (a.to_string(), b.to_string());
    let command = match kind {
        "org" => Command::CreateOrganization {
            name: a,
            description: b,
        },
        "run" => Command::RunInquiry { inquiry_id: a },
        "approve" => Command::ApproveInquiry { inquiry_id: a },
        "decline" => Command::DeclineInquiry { inquiry_id: a },
        "review" => Command::MarkInquiryForReview { inquiry_id: a },
        "activate" => Command::ActivateBridge {
            bridge_id: a,
            template_id: Some(b),
        },
        "default" => Command::SetBridgeDefaultTemplate {
            bridge_id: a,
            template_id: b,
        },
        "deactivate" => Command::DeactivateBridge { bridge_id: a },
        "reactivate" => Command::ReactivateBridge { bridge_id: a },
        "token" => Command::CreateShareToken {
            bridge_id: a,
            source_id: b,
            expires_in_seconds: None,
            creator: Creator::Dashboard,
        },
        "expire" => Command::ExpireShareToken { token_id: a },
        "clone" => Command::RedeemShareToken {
            token_id: a,
            target: RedeemTarget::Clone { template_id: b },
        },
        "hydrate" => Command::RedeemShareToken {
            token_id: a,
            target: RedeemTarget::Hydrate { destination_id: b },
        },
        "send" => Command::SendShareToken {
            token_id: a,
            destination_org_id: b,
        },
        "roll" => Command::RollApiKey,
        "workflow-on" => Command::SetWorkflowEnabled {
            workflow_id: a,
            enabled: b.is_empty(),
        },
        "workflow-delete" => Command::DeleteWorkflow { workflow_id: a },
        "webhook" => Command::CreateWebhook {
            url: a,
            event_types: vec![b],
        },
        "webhook-on" => Command::SetWebhookEnabled {
            webhook_id: a,
            enabled: b.is_empty(),
        },
        _ => Command::DeleteWebhook { webhook_id: a },
    };
    ENGINE.with(|e| {
        let mut engine = e.borrow_mut();
        let outcome = match engine.command(&Id::parse(actor), command, at(now), &mut RandomIds) {
            Ok(events) => events.iter().map(|e| e.event_type.to_string()).collect(),
            Err(error) => error.to_string(),
        };
        let ticked = engine.tick(at(now), &mut RandomIds).len();
        let delivered: Vec<Id> = engine.take_deliveries().into_iter().map(|d| d.id).collect();
        for id in &delivered {
            engine.record_delivery(
                id,
                connect::DeliveryOutcome::Failed {
                    reason: "no answer".into(),
                },
                at(now),
            );
        }
        format!("{outcome} {ticked} {}", delivered.len())
    })
}

#[wasm_bindgen]
pub fn screens(org: &str, other: &str, secret: &str, now: f64) -> String {
    let (org, other) = (Id::parse(org), Id::parse(other));
    ENGINE.with(|e| {
        let world = &e.borrow().world;
        let examples: String = connect::api::examples::examples(world, &org, secret, at(now))
            .iter()
            .map(|x| format!("{} {}", x.label, x.request.body))
            .collect();
        let paths = Paths {
            create: CreatePath::Dashboard,
            hand_over: HandOver::CopyPaste,
        };
        let steps: String = connect::demo::guide::steps(world, &org, &other, at(now), paths, None)
            .into_iter()
            .map(|s| s.title + &s.explanation + &s.rule + &s.detail.unwrap_or_default())
            .collect();
        let picture = connect::demo::picture::Picture::of(world, &org, &other, at(now));
        let verdicts: String = world
            .inquiries
            .values()
            .map(connect::demo::guide::verdict)
            .collect();
        format!("{examples}{steps}{}{verdicts}", picture.token.is_some())
    })
}

#[wasm_bindgen]
pub fn store(records: &str) -> String {
    ENGINE.with(|e| {
        let engine = e.borrow();
        let meta = Meta {
            version: 3,
            revision: 1,
            clock_offset_ms: 0,
            events: 0,
            lineage: String::new(),
            event_times: Vec::new(),
        };
        let (world, api) = (&engine.world, &engine.api);
        let all: String = connect::stored::all_records(world, api, &meta)
            .map(|m| m.into_values().collect())
            .unwrap_or_default();
        let touched = Default::default();
        let changed: String =
            connect::stored::changed_records(world, &touched, world.events_mark(), &meta)
                .map(|v| v.into_iter().filter_map(|(_, x)| x).collect())
                .unwrap_or_default();
        let map: BTreeMap<String, String> = [("meta".to_string(), records.to_string())].into();
        let v3 = connect::stored::assemble(&map).is_ok();
        let v2 = connect::stored::migrate_v2(&map).is_ok();
        let v1 = connect::stored::migrate_v1(records).is_ok();
        let document = Snapshot::decode(records).map_or(0, |s| s.version);
        format!("{all}{changed}{v3}{v2}{v1}{document}")
    })
}
