//! Bounds that keep one action, one file or one stored number from breaking the playground:
//! workflow fan-out, workflows per org, webhook signatures in real time, endpoints that can be
//! switched off, and imports and loads with extreme or forged values.

mod common;

use common::*;
use connect::automation::{webhook, MAX_RUNS_PER_ACTION};
use connect::clock::Clock;
use connect::time::DAY_MS;
use connect::world::MAX_WORKFLOWS_PER_ORG;
use connect::{Action, Command, ErrorKind, Id, RunStatus, Scopes, Timestamp};
use connect::{Trigger, WorkflowSpec};

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
