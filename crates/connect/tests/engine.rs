//! The engine: every entry point (a Dashboard command, an API call, a clock move, the ticker)
//! sets off the same reactions: workflow runs recorded, webhook deliveries queued, request-log
//! entries, events. A refused command changes nothing.

mod common;

use common::*;
use connect::api::{ApiRequest, Origin};
use connect::{Command, Delivery, Event, Id, RunStatus, Scopes, Timestamp};

/// The seeded share flow switched on, an active bridge, and a webhook on each side taking
/// what the flow and the clock produce.
fn automated(f: &mut Fixture) -> (Id, Id) {
    let (bank, lumen) = (f.bank.clone(), f.lumen.clone());
    connect::seed::demo_workflows(&mut f.world, NOW, &mut f.ids);
    f.enable_all_workflows();
    f.active_bridge(&bank, &lumen, Scopes::everything());
    for org in [&bank, &lumen] {
        f.flow_at(
            org,
            Command::CreateWebhook {
                url: "https://example.test/hooks".into(),
                event_types: vec![
                    "share-token.redeemed".into(),
                    "share-token.expired".into(),
                    "inquiry.expired".into(),
                ],
            },
            NOW,
        )
        .expect("webhook");
    }
    f.with_engine(|engine, _| engine.take_deliveries());
    (bank, lumen)
}

fn types(events: &[Event]) -> Vec<String> {
    events.iter().map(|e| e.event_type.to_string()).collect()
}

/// What the seeded flow leaves behind once an inquiry of the bank completes.
fn assert_share_flow_ran(f: &Fixture, events: &[Event], deliveries: &[Delivery], bank: &Id) {
    let seen = types(events);
    for expected in [
        "inquiry.completed",
        "share-token.created",
        "share-token.sent",
        "share-token.redeemed",
        "workflow-run.completed",
    ] {
        assert!(seen.iter().any(|t| t == expected), "{expected} in {seen:?}");
    }
    let runs = &f.world.workflow_runs;
    assert_eq!(runs.len(), 2, "both workflows ran");
    assert!(runs.values().all(|r| r.status == RunStatus::Completed));
    assert!(
        deliveries
            .iter()
            .any(|d| d.event_type == "share-token.redeemed"),
        "the redeem's webhook delivery is queued: {deliveries:?}"
    );
    let steps = f.api.log_of(bank);
    assert!(
        steps
            .iter()
            .any(|e| e.origin == Origin::Workflow
                && e.request.path == "/api/v1/connect/share-tokens"),
        "the workflow's token creation is in the request log"
    );
}

#[test]
fn a_dashboard_command_sets_off_workflows_webhooks_and_log_entries() {
    let mut f = Fixture::new();
    let (bank, _) = automated(&mut f);
    let inquiry = f.new_inquiry(&bank, "Retail KYC", "alex");
    let (events, deliveries) = f.with_engine(|engine, ids| {
        let events = engine
            .command(
                &bank,
                Command::RunInquiry {
                    inquiry_id: inquiry.to_string(),
                },
                NOW,
                ids,
            )
            .expect("accepted");
        (events, engine.take_deliveries())
    });
    assert_share_flow_ran(&f, &events, &deliveries, &bank);
    let log = f.api.log_of(&bank);
    assert!(log
        .iter()
        .any(|e| e.origin == Origin::Dashboard && e.request.path.ends_with("/complete")));
}

#[test]
fn an_api_call_sets_off_the_same_reactions() {
    let mut f = Fixture::new();
    let (bank, _) = automated(&mut f);
    let inquiry = f.new_inquiry(&bank, "Retail KYC", "alex");
    let key = f.world.organizations[&bank].api_key.secret.clone();
    let mark = f.world.events_mark();
    let request = ApiRequest::new("POST", &format!("/api/v1/inquiries/{inquiry}/complete"))
        .bearer(&key)
        .body("{}");
    let (response, deliveries) = f.with_engine(|engine, ids| {
        let response = engine.api(&request, NOW, ids);
        (response, engine.take_deliveries())
    });
    assert_eq!(response.status, 200, "{}", response.body);
    let events = f.world.events_since(mark).to_vec();
    assert_share_flow_ran(&f, &events, &deliveries, &bank);
    assert!(f
        .api
        .log_of(&bank)
        .iter()
        .any(|e| e.origin == Origin::Api && e.request.path.ends_with("/complete")));
}

#[test]
fn a_clock_move_that_expires_a_token_queues_its_webhook_delivery() {
    let mut f = Fixture::new();
    let (bank, lumen) = automated(&mut f);
    let bridge = f.world.bridges_of(&bank)[0].id.clone();
    let inquiry = f.completed_inquiry(&bank, "Retail KYC", "sam");
    let token = f.create_token_at(&bank, &bridge, &inquiry, Some(60), NOW);
    let later = Timestamp(NOW.0 + 61_000);
    let (events, deliveries) = f.with_engine(|engine, ids| {
        let events = engine.clock_moved(later, ids);
        (events, engine.take_deliveries())
    });
    assert!(events
        .iter()
        .any(|e| e.event_type == "share-token.expired" && e.object_id == token));
    let expired: Vec<&Delivery> = deliveries
        .iter()
        .filter(|d| d.event_type == "share-token.expired")
        .collect();
    assert_eq!(expired.len(), 2, "one delivery per side: {deliveries:?}");
    assert!(expired.iter().any(|d| d.org_id == bank));
    assert!(expired.iter().any(|d| d.org_id == lumen));
    assert!(expired
        .iter()
        .all(|d| f.world.deliveries.contains_key(&d.id)));
}

#[test]
fn the_ticker_records_due_expiries_and_their_reactions() {
    let mut f = Fixture::new();
    let (bank, _) = automated(&mut f);
    let inquiry = f.new_inquiry(&bank, "Retail KYC", "jamie");
    let nothing_due = f.with_engine(|engine, ids| engine.tick(NOW, ids));
    assert!(nothing_due.is_empty(), "nothing is due yet");
    let a_day_later = Timestamp(NOW.0 + 24 * 3_600_000 + 1);
    let (events, deliveries) = f.with_engine(|engine, ids| {
        let events = engine.tick(a_day_later, ids);
        (events, engine.take_deliveries())
    });
    assert_eq!(types(&events), ["inquiry.expired"]);
    assert_eq!(events[0].object_id, inquiry);
    assert_eq!(deliveries.len(), 1);
    assert_eq!(deliveries[0].event_type, "inquiry.expired");
    let again = f.with_engine(|engine, ids| engine.tick(a_day_later, ids));
    assert!(again.is_empty(), "an expiry is recorded once");
    // The API says when, as it does for completion and failure.
    let expired = f.inquiry(&inquiry);
    let shown = connect::render::inquiry(expired);
    assert_eq!(
        shown["attributes"]["expired-at"],
        expired.expires_at().iso8601(),
        "{shown}"
    );
}

#[test]
fn a_refused_command_changes_neither_the_world_nor_the_api_records() {
    let mut f = Fixture::new();
    let (bank, lumen) = automated(&mut f);
    let before = (f.world.clone(), f.api.clone());
    let refused = f.with_engine(|engine, ids| {
        let refused = engine.command(
            &lumen,
            Command::RunInquiry {
                inquiry_id: "inq_not_there".into(),
            },
            NOW,
            ids,
        );
        (refused, engine.take_deliveries())
    });
    assert!(refused.0.is_err());
    assert!(refused.1.is_empty(), "no delivery");
    assert_eq!((f.world.clone(), f.api.clone()), before);
    assert!(f.api.log_of(&bank).iter().all(|e| e.origin != Origin::Api));
}

// proptest is a native-only dev-dependency (see Cargo.toml).
#[cfg(not(target_arch = "wasm32"))]
mod generated {
    use super::*;

    proptest::proptest! {
        /// The Dashboard's few newest events are the head of the whole log sorted newest first,
        /// ties by time included (the playground clock can be set back, so the log is not in time
        /// order).
        #[test]
        fn the_newest_events_of_an_org_are_the_head_of_its_sorted_log(
            log in proptest::collection::vec((0u8..3, 0i64..6), 0..60),
            n in 0usize..10,
        ) {
            let world = connect::World {
                events: log
                .iter()
                .enumerate()
                .map(|(i, (org, at))| Event {
                    id: Id::parse(&format!("evt_{i}")),
                    org_id: Id::parse(&format!("org_{org}")),
                    event_type: connect::model::EventType::InquiryCreated,
                    at: Timestamp(*at),
                    actor_org_id: None,
                    object_id: Id::parse("inq_1"),
                    payload: None,
                })
                .collect(),
                ..Default::default()
            };
            for org in ["org_0", "org_1", "org_9"] {
                let org = Id::parse(org);
                // The whole log of the org, newest logged first, sorted by time (stable).
                let mut sorted: Vec<&Event> =
                    world.events.iter().rev().filter(|e| e.org_id == org).collect();
                sorted.sort_by_key(|e| std::cmp::Reverse(e.at));
                let head: Vec<&Event> = sorted.into_iter().take(n).collect();
                proptest::prop_assert_eq!(world.recent_events_of(&org, n), head);
            }
        }
    }
}
