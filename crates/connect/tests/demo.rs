//! Demo mode: every scenario preset reaches its outcome, and the guided share flow gets there
//! by sending the same commands a click sends.

mod common;

use common::{SeqIds, NOW};
use connect::api::ApiState;
use connect::demo::guide::{self, Action, CreatePath, HandOver, Paths, Progress, StepKind};
use connect::demo::picture::{countdown, Picture};
use connect::demo::scenario::{self, Built, EXPIRING_SECONDS_LEFT, PRESETS};
use connect::{
    Command, DomainError, Engine, ErrorKind, Id, InquiryStatus, RedeemTarget, ShareTokenStatus,
    Timestamp, World,
};

fn build(name: &str, ids: &mut SeqIds) -> Built {
    scenario::build(name, NOW, ids).unwrap_or_else(|e| panic!("preset {name}: {e}"))
}

fn seeded(ids: &mut SeqIds) -> (World, Id, Id) {
    let world = connect::seed::demo_playground(NOW, ids);
    let org = |name: &str| {
        world
            .org_named(name)
            .unwrap_or_else(|| panic!("seeded {name}"))
    };
    let (bank, lumen) = (org("Northwind Bank"), org("Lumen Pay"));
    (world, bank, lumen)
}

/// Sends a step's action the way the app does, through the engine: Dashboard commands and API
/// requests each followed by the workflows they set off. Returns the refusal, if any.
fn perform(
    world: &mut World,
    action: &Action,
    now: Timestamp,
    ids: &mut SeqIds,
    pasted: &mut Option<Id>,
) -> Result<(), DomainError> {
    let mut engine = Engine::new(std::mem::take(world), ApiState::default());
    let result = perform_on(&mut engine, action, now, ids, pasted);
    *world = engine.world;
    result
}

fn perform_on(
    engine: &mut Engine,
    action: &Action,
    now: Timestamp,
    ids: &mut SeqIds,
    pasted: &mut Option<Id>,
) -> Result<(), DomainError> {
    match action.clone() {
        Action::Command { actor, command } => engine.command(&actor, command, now, ids).map(|_| ()),
        Action::Verify {
            actor,
            template_id,
            person,
        } => {
            let sample = connect::seed::sample_people()
                .into_iter()
                .find(|p| p.key == person)
                .expect("a sample person");
            let events = engine.command(
                &actor,
                Command::CreateInquiry {
                    template_id: template_id.to_string(),
                    fields: Box::new(sample.fields),
                    evidence: sample.evidence,
                },
                now,
                ids,
            )?;
            let inquiry = events
                .iter()
                .find(|e| e.event_type == "inquiry.created")
                .map(|e| e.object_id.to_string())
                .expect("inquiry.created");
            engine
                .command(
                    &actor,
                    Command::RunInquiry {
                        inquiry_id: inquiry,
                    },
                    now,
                    ids,
                )
                .map(|_| ())
        }
        Action::Api { request, .. } => {
            let response = engine.api(&request, now, ids);
            assert!(
                response.status < 300,
                "the API refused: {} {}",
                response.status,
                response.body
            );
            Ok(())
        }
        Action::Paste { token } => {
            *pasted = Some(token);
            Ok(())
        }
    }
}

/// The automated preset, built, and the paths it names.
fn automated(ids: &mut SeqIds) -> (Built, Paths) {
    let paths = connect::demo::scenario::preset("automated")
        .and_then(|p| p.paths)
        .expect("the automated preset names its paths");
    (build("automated", ids), paths)
}

/// The guide's steps for a preset's panes.
fn steps_of(built: &Built, now: Timestamp, paths: Paths) -> Vec<guide::Step> {
    guide::steps(
        &built.world,
        &built.source,
        &built.destination,
        now,
        paths,
        None,
    )
}

/// The kinds of the steps the guide marks current (one, or none when all are done).
fn current_kinds(steps: &[guide::Step]) -> Vec<StepKind> {
    steps
        .iter()
        .filter(|s| s.progress == Progress::Current)
        .map(|s| s.kind)
        .collect()
}

/// Follows the guide, always doing the current step for the presenter, until every step is
/// done or a step offers nothing. Returns how many "Do it for me" clicks it took.
fn follow(
    world: &mut World,
    source: &Id,
    destination: &Id,
    paths: Paths,
    now: Timestamp,
    ids: &mut SeqIds,
) -> usize {
    let mut pasted = None;
    let mut clicks = 0;
    loop {
        let steps = guide::steps(world, source, destination, now, paths, pasted.as_ref());
        let Some(current) = steps.iter().find(|s| s.progress == Progress::Current) else {
            return clicks;
        };
        let action = current
            .action
            .clone()
            .unwrap_or_else(|| panic!("step {:?} offers nothing", current.kind));
        perform(world, &action, now, ids, &mut pasted)
            .unwrap_or_else(|e| panic!("step {:?} was refused: {e}", current.kind));
        clicks += 1;
        assert!(clicks <= 10, "the guide went round in circles");
    }
}

fn destination_inquiry<'w>(
    world: &'w World,
    source: &Id,
    destination: &Id,
) -> &'w connect::Inquiry {
    connect::demo::Focus::of(world, source, destination)
        .destination_inquiry
        .expect("a destination inquiry")
}

#[test]
fn every_preset_builds_and_an_unknown_one_is_refused_with_the_names() {
    for preset in PRESETS {
        let built = build(preset.name, &mut SeqIds::default());
        assert!(connect::exchange::integrity_problems(&built.world).is_empty());
        assert!(connect::clock::check_offset(built.clock_offset_ms).is_ok());
    }
    let refused = scenario::build("nope", NOW, &mut SeqIds::default()).unwrap_err();
    assert_eq!(refused.kind, ErrorKind::NotFound);
    assert!(
        refused.message.contains("happy-path, stricter-rule"),
        "{}",
        refused.message
    );
}

#[test]
fn from_a_fresh_seed_the_guide_reaches_a_reverified_inquiry_in_six_clicks() {
    let mut ids = SeqIds::default();
    let (mut world, bank, lumen) = seeded(&mut ids);
    let steps = guide::steps(&world, &bank, &lumen, NOW, Paths::default(), None);
    assert_eq!(steps[0].kind, StepKind::CreateBridge);
    assert_eq!(steps[0].progress, Progress::Current);
    assert!(steps.iter().skip(1).all(|s| s.progress == Progress::Later));
    assert!(steps.iter().all(|s| !s.explanation.is_empty()));

    let clicks = follow(&mut world, &bank, &lumen, Paths::default(), NOW, &mut ids);
    assert_eq!(clicks, 6);
    let inquiry = destination_inquiry(&world, &bank, &lumen);
    assert_eq!(inquiry.status, InquiryStatus::Completed);
    assert_eq!(inquiry.org_id, lumen);
    let steps = guide::steps(&world, &bank, &lumen, NOW, Paths::default(), None);
    assert!(steps.iter().all(|s| s.progress == Progress::Done));
}

#[test]
fn every_path_choice_reaches_a_redeemed_token() {
    for create in CreatePath::ALL {
        for hand_over in HandOver::ALL {
            let mut ids = SeqIds::default();
            let (mut world, bank, lumen) = seeded(&mut ids);
            let paths = Paths { create, hand_over };
            let clicks = follow(&mut world, &bank, &lumen, paths, NOW, &mut ids);
            assert!(clicks <= 7, "{paths:?} took {clicks} clicks");
            let token = connect::demo::Focus::of(&world, &bank, &lumen)
                .token
                .expect("a token");
            assert_eq!(token.status, ShareTokenStatus::Redeemed, "{paths:?}");
            let via = match create {
                CreatePath::Dashboard => connect::Channel::Dashboard,
                CreatePath::Api => connect::Channel::Api,
                CreatePath::Workflow => connect::Channel::Workflow,
            };
            assert_eq!(token.created_via, via, "{paths:?}");
        }
    }
}

#[test]
fn every_step_on_every_path_names_the_rule_it_demonstrates() {
    let mut ids = SeqIds::default();
    let (world, bank, lumen) = seeded(&mut ids);
    for create in CreatePath::ALL {
        for hand_over in HandOver::ALL {
            let paths = Paths { create, hand_over };
            for step in guide::steps(&world, &bank, &lumen, NOW, paths, None) {
                assert!(
                    step.rule.starts_with("Rule") && step.rule.len() > 40,
                    "{paths:?} {:?}: {}",
                    step.kind,
                    step.rule
                );
            }
        }
    }
}

#[test]
fn a_step_done_by_hand_is_ticked_and_an_early_do_it_is_refused_by_the_rule() {
    let mut ids = SeqIds::default();
    let (mut world, bank, lumen) = seeded(&mut ids);
    // The token step's "Do it for me" before any bridge exists: the rules refuse it.
    let steps = guide::steps(&world, &bank, &lumen, NOW, Paths::default(), None);
    let create = steps
        .iter()
        .find(|s| s.kind == StepKind::CreateToken)
        .unwrap();
    let before = world.clone();
    let refused = perform(
        &mut world,
        create.action.as_ref().unwrap(),
        NOW,
        &mut ids,
        &mut None,
    )
    .unwrap_err();
    assert_eq!(refused.attribute, Some("bridge-id"), "{refused:?}");
    assert_eq!(world, before);
    // A step without its bridge is refused by a bridge rule; the rule the step names is the
    // one its control demonstrates once the bridge exists.
    assert!(create.rule.contains("share-token.source-creates"));

    // The bridge made by hand (as the Bridges form would) ticks the first step.
    world
        .apply(
            &bank,
            Command::CreateBridge {
                destination_org_id: lumen.to_string(),
                scopes: connect::Scopes::everything(),
            },
            NOW,
            &mut ids,
        )
        .unwrap();
    let steps = guide::steps(&world, &bank, &lumen, NOW, Paths::default(), None);
    assert_eq!(steps[0].progress, Progress::Done);
    assert_eq!(steps[1].progress, Progress::Current);
    assert!(steps[1].control.inside.contains("data-action=activate"));
    assert_eq!(steps[1].control.id, "inbound-bridges");
}

#[test]
fn happy_path_preset_completes_at_the_destination() {
    let mut ids = SeqIds::default();
    let mut built = build("happy-path", &mut ids);
    let steps = steps_of(&built, NOW, Paths::default());
    let current = steps
        .iter()
        .find(|s| s.progress == Progress::Current)
        .unwrap();
    assert_eq!(current.kind, StepKind::CreateToken);
    let clicks = follow(
        &mut built.world,
        &built.source,
        &built.destination,
        Paths::default(),
        NOW,
        &mut ids,
    );
    assert_eq!(clicks, 3);
    let inquiry = destination_inquiry(&built.world, &built.source, &built.destination);
    assert_eq!(inquiry.status, InquiryStatus::Completed);
    assert_eq!(inquiry.fields.full_name(), "Alex Rivera");
}

#[test]
fn stricter_rule_preset_fails_the_person_the_source_accepted() {
    let mut ids = SeqIds::default();
    let mut built = build("stricter-rule", &mut ids);
    let source = connect::demo::Focus::of(&built.world, &built.source, &built.destination)
        .source_inquiry
        .expect("Jamie's inquiry at the source")
        .clone();
    assert_eq!(source.status, InquiryStatus::Completed);
    assert_eq!(source.fields.full_name(), "Jamie Chen");

    follow(
        &mut built.world,
        &built.source,
        &built.destination,
        Paths::default(),
        NOW,
        &mut ids,
    );
    let inquiry = destination_inquiry(&built.world, &built.source, &built.destination);
    assert_eq!(inquiry.status, InquiryStatus::Failed);
    let age = inquiry
        .rule_results
        .iter()
        .find(|r| r.rule == "minimum age 21")
        .expect("the age rule");
    assert_eq!(age.passed, Some(false));
    let steps = steps_of(&built, NOW, Paths::default());
    let last = steps.last().unwrap();
    assert!(
        last.detail
            .as_deref()
            .unwrap_or("")
            .contains("minimum age 21"),
        "{last:?}"
    );
    // The finished redeem names the template it used, the one that failed the person.
    let used = &built.world.templates[&inquiry.template_id].name;
    let redeem = steps.iter().find(|s| s.kind == StepKind::Redeem).unwrap();
    assert!(
        redeem.title.contains(&format!("“{used}”")),
        "{} / {used}",
        redeem.title
    );
}

#[test]
fn missing_data_preset_stays_pending_with_what_is_missing() {
    let mut ids = SeqIds::default();
    let mut built = build("missing-data", &mut ids);
    follow(
        &mut built.world,
        &built.source,
        &built.destination,
        Paths::default(),
        NOW,
        &mut ids,
    );
    let inquiry = destination_inquiry(&built.world, &built.source, &built.destination);
    assert_eq!(inquiry.status, InquiryStatus::Pending);
    let missing = inquiry.missing.join(", ");
    assert!(missing.contains("address"), "{missing}");
    assert!(missing.contains("proof of address"), "{missing}");
    let picture = Picture::of(&built.world, &built.source, &built.destination, NOW);
    let bridge = picture.bridge.expect("the bridge");
    assert!(!bridge.fields.iter().any(|f| f == "address"));
    assert!(!picture.destination_inquiry.unwrap().missing.is_empty());
}

#[test]
fn expiring_token_preset_expires_on_the_clock_and_is_then_refused() {
    let mut ids = SeqIds::default();
    let mut built = build("expiring-token", &mut ids);
    let shown = Timestamp(NOW.0 + built.clock_offset_ms);
    let picture = Picture::of(&built.world, &built.source, &built.destination, shown);
    let token = picture.token.expect("the token");
    assert_eq!(token.status, ShareTokenStatus::New);
    assert_eq!(token.expires_in_seconds, Some(EXPIRING_SECONDS_LEFT));

    let later = Timestamp(shown.0 + EXPIRING_SECONDS_LEFT * 1_000);
    let picture = Picture::of(&built.world, &built.source, &built.destination, later);
    assert_eq!(picture.token.unwrap().status, ShareTokenStatus::Expired);
    built.world.expire_due(later, &mut ids);

    let steps = steps_of(&built, later, Paths::default());
    let current = steps
        .iter()
        .find(|s| s.progress == Progress::Current)
        .unwrap();
    assert_eq!(current.kind, StepKind::CreateToken);
    assert!(current.detail.as_deref().unwrap().contains("expired"));
    let redeem = steps.iter().find(|s| s.kind == StepKind::Redeem).unwrap();
    let refused = perform(
        &mut built.world,
        redeem.action.as_ref().unwrap(),
        later,
        &mut ids,
        &mut None,
    )
    .unwrap_err();
    assert!(refused.message.contains("expired"), "{}", refused.message);
}

#[test]
fn wrong_organization_preset_is_refused_as_not_found() {
    let mut ids = SeqIds::default();
    let mut built = build("wrong-organization", &mut ids);
    assert_eq!(built.world.org_name(&built.destination), "Bazaar Market");
    // The picture draws the token Bazaar Market holds, saying whom it is addressed to.
    let picture = Picture::of(&built.world, &built.source, &built.destination, NOW);
    let token = picture.token.expect("the held token is drawn");
    assert_eq!(token.status, ShareTokenStatus::New);
    assert_eq!(token.addressed_to.as_deref(), Some("Lumen Pay"));
    assert!(picture.source_inquiry.is_some(), "with its source inquiry");
    assert!(picture.bridge.is_none(), "no bridge joins the panes' pair");
    let steps = steps_of(&built, NOW, Paths::default());
    let redeem = steps.iter().find(|s| s.kind == StepKind::Redeem).unwrap();
    assert!(redeem
        .detail
        .as_deref()
        .unwrap()
        .contains("addressed to Lumen Pay"));
    // The attempt is what this pair shows, so the guide points at it, not at a bridge to make.
    assert_eq!(current_kinds(&steps), [StepKind::Redeem]);
    assert_eq!(
        redeem.title,
        "Bazaar Market tries to redeem Northwind Bank's token for Lumen Pay"
    );
    let action = redeem.action.clone().expect("a redeem to try");
    let Action::Command {
        actor,
        command:
            Command::RedeemShareToken {
                target: RedeemTarget::Clone { .. },
                ..
            },
    } = &action
    else {
        panic!("{action:?}")
    };
    assert_eq!(actor, &built.destination);
    let before = built.world.clone();
    let refused = perform(&mut built.world, &action, NOW, &mut ids, &mut None).unwrap_err();
    assert_eq!(refused.kind, ErrorKind::NotFound);
    assert_eq!(built.world, before);

    // A presenter who goes on to share with Bazaar Market makes a bridge: the usual flow again.
    let create = steps
        .iter()
        .find(|s| s.kind == StepKind::CreateBridge)
        .unwrap();
    let create = create.action.clone().expect("create the bridge");
    perform(&mut built.world, &create, NOW, &mut ids, &mut None).expect("bridge made");
    let steps = steps_of(&built, NOW, Paths::default());
    assert_eq!(current_kinds(&steps), [StepKind::ActivateBridge]);
}

#[test]
fn automated_preset_shares_and_redeems_after_one_verification() {
    let mut ids = SeqIds::default();
    // The preset is made for the workflow paths, and says so: the demo opens it on them.
    let (mut built, paths) = automated(&mut ids);
    assert_eq!(
        paths,
        Paths {
            create: CreatePath::Workflow,
            hand_over: HandOver::DestinationWorkflow,
        }
    );
    let titles: Vec<String> = steps_of(&built, NOW, paths)
        .into_iter()
        .map(|s| s.title)
        .collect();
    assert!(
        !titles
            .iter()
            .any(|t| t.contains("Dashboard") || t.contains("hands the token id")),
        "{titles:?}"
    );
    let steps = steps_of(&built, NOW, paths);
    let current = steps
        .iter()
        .find(|s| s.progress == Progress::Current)
        .unwrap();
    assert_eq!(current.kind, StepKind::CompleteInquiry);
    let clicks = follow(
        &mut built.world,
        &built.source,
        &built.destination,
        paths,
        NOW,
        &mut ids,
    );
    assert_eq!(clicks, 1);
    let picture = Picture::of(&built.world, &built.source, &built.destination, NOW);
    assert_eq!(picture.token.unwrap().status, ShareTokenStatus::Redeemed);
    assert_eq!(
        picture.destination_inquiry.unwrap().status,
        InquiryStatus::Completed
    );
}

#[test]
fn the_picture_follows_the_flow_and_counts_down() {
    let mut ids = SeqIds::default();
    let (mut world, bank, lumen) = seeded(&mut ids);
    let empty = Picture::of(&world, &bank, &lumen, NOW);
    assert_eq!(empty.source.name, "Northwind Bank");
    assert_eq!(empty.destination.name, "Lumen Pay");
    assert!(empty.bridge.is_none() && empty.token.is_none());
    follow(&mut world, &bank, &lumen, Paths::default(), NOW, &mut ids);
    let done = Picture::of(&world, &bank, &lumen, NOW);
    assert_eq!(
        done.token.as_ref().unwrap().status,
        ShareTokenStatus::Redeemed
    );
    assert_eq!(done.token.unwrap().expires_in_seconds, None);
    let results = &done.destination_inquiry.unwrap().results;
    assert!(
        results.contains(&("government ID".to_string(), "passed".to_string())),
        "{results:?}"
    );
    assert_eq!(countdown(86_399), "23:59:59");
    assert_eq!(countdown(90_061), "1 d 01:01:01");
}

#[test]
fn a_preset_keeps_the_seeded_organizations_ids_of_the_world_it_replaces() {
    let mut ids = SeqIds::default();
    let (mut current, bank, lumen) = seeded(&mut ids);
    let added = current.add_organization("Acme Lending", "", NOW, &mut ids);
    for preset in PRESETS {
        let mut keep = connect::seed::KeepOrgIds::new(&current, &mut ids);
        let built = scenario::build(preset.name, NOW, &mut keep)
            .unwrap_or_else(|e| panic!("{}: {e}", preset.name));
        assert_eq!(built.world.org_named("Northwind Bank"), Some(bank.clone()));
        assert_eq!(built.world.org_named("Lumen Pay"), Some(lumen.clone()));
        let seeded: Vec<Option<Id>> = connect::seed::SEEDED_ORGANIZATIONS
            .iter()
            .map(|name| current.org_named(name))
            .collect();
        for pane in [&built.source, &built.destination] {
            assert!(
                seeded.contains(&Some(pane.clone())),
                "{}: {pane}",
                preset.name
            );
        }
        assert!(
            !built.world.organizations.contains_key(&added),
            "only the seeded ones"
        );
    }
    // Without the seeded names there is nothing to keep: the ids are new.
    let mut keep = connect::seed::KeepOrgIds::new(&World::default(), &mut ids);
    let fresh = connect::seed::demo_playground(NOW, &mut keep);
    assert_ne!(fresh.org_named("Northwind Bank"), Some(bank));
}

/// The create and hand-over steps name what really happened once it has: after the automated
/// preset's workflows made and sent the token, the default paths (Dashboard, copy and paste)
/// still read "workflow" and "API".
#[test]
fn a_done_step_names_how_the_token_was_made_and_handed_over() {
    let mut ids = SeqIds::default();
    let (mut built, paths) = automated(&mut ids);
    follow(
        &mut built.world,
        &built.source,
        &built.destination,
        paths,
        NOW,
        &mut ids,
    );
    let steps = steps_of(&built, NOW, Paths::default());
    let title = |kind: StepKind| {
        steps
            .iter()
            .find(|s| s.kind == kind)
            .map(|s| s.title.clone())
            .unwrap_or_default()
    };
    assert!(
        title(StepKind::CreateToken).contains("workflow creates"),
        "{}",
        title(StepKind::CreateToken)
    );
    assert!(
        title(StepKind::HandOver).contains("sends the token to"),
        "{}",
        title(StepKind::HandOver)
    );
    assert!(steps.iter().all(|s| s.progress == Progress::Done));
}
