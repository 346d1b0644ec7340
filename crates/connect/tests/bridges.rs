//! Organization Bridges (docs/domain.md, "Organization Bridges").

mod common;

use common::*;
use connect::{BridgeStatus, ErrorKind, FieldGroup, Id, Scopes, VerificationKind};
use std::collections::BTreeSet;

#[test]
fn the_creating_org_is_the_source_and_the_bridge_starts_pending() {
    let mut f = Fixture::new();
    let (bank, lumen, bazaar) = (f.bank.clone(), f.lumen.clone(), f.bazaar.clone());
    let events = f.ok(&bank, create_bridge(&lumen, Scopes::everything()));
    let id = object_of(&events, "organization-bridge.created");

    assert_eq!(id.prefix(), "cnob");
    let bridge = f.bridge(&id);
    assert_eq!(bridge.source_org_id, bank);
    assert_eq!(bridge.destination_org_id, lumen);
    assert_eq!(bridge.status, BridgeStatus::Pending);
    assert_eq!(bridge.scopes, Scopes::everything());
    assert_eq!(bridge.created_at, NOW);
    assert_eq!(bridge.activated_at, None);
    assert_eq!(bridge.deactivated_at, None);

    // Both sides may know about it; a third org may not.
    assert_eq!(events.len(), 2);
    assert_eq!(f.logged(&bank, "organization-bridge.created", &id).len(), 1);
    assert_eq!(
        f.logged(&lumen, "organization-bridge.created", &id).len(),
        1
    );
    assert!(f.logged_about(&bazaar, &id).is_empty());
    assert!(events
        .iter()
        .all(|e| e.actor_org_id.as_ref() == Some(&bank)));
}

#[test]
fn the_destination_creating_a_bridge_makes_a_separate_bridge_in_the_other_direction() {
    // "Only the source creates a bridge": whoever creates it becomes its source, so a
    // destination cannot create (or take over) the source's bridge; sharing back needs a
    // second bridge with the roles swapped.
    let mut f = Fixture::new();
    let (bank, lumen) = (f.bank.clone(), f.lumen.clone());
    let forward = f.create_bridge(&bank, &lumen, Scopes::everything());
    let back = f.create_bridge(&lumen, &bank, scopes_fields(&[FieldGroup::Name]));

    assert_ne!(forward, back);
    assert_eq!(f.world.bridges.len(), 2);
    assert_eq!(f.bridge(&back).source_org_id, lumen);
    assert_eq!(f.bridge(&back).destination_org_id, bank);
    assert_eq!(f.bridge(&forward).source_org_id, bank);
}

#[test]
fn a_bridge_to_ones_own_organization_is_allowed_and_works() {
    let mut f = Fixture::new();
    let bank = f.bank.clone();
    let id = f.create_bridge(&bank, &bank, Scopes::everything());
    assert_eq!(f.bridge(&id).source_org_id, bank);
    assert_eq!(f.bridge(&id).destination_org_id, bank);
    assert_eq!(f.bridge(&id).status, BridgeStatus::Pending);
    // The org's log gets the event once, not once per side.
    assert_eq!(f.logged(&bank, "organization-bridge.created", &id).len(), 1);

    // As the destination it may activate it, and then share with itself.
    f.ok(&bank, activate(&id));
    assert_eq!(f.bridge(&id).status, BridgeStatus::Active);
    let inquiry = f.completed_inquiry(&bank, "Retail KYC", "alex");
    let token = f.create_token(&bank, &id, &inquiry);
    let template_id = f.template(&bank, "Premium KYC");
    f.ok(
        &bank,
        redeem(&token, connect::RedeemTarget::Clone { template_id }),
    );
    assert_eq!(f.token(&token).status, connect::ShareTokenStatus::Redeemed);
}

#[test]
fn a_second_bridge_for_the_same_source_and_destination_is_a_conflict() {
    let mut f = Fixture::new();
    let (bank, lumen) = (f.bank.clone(), f.lumen.clone());
    let first = f.create_bridge(&bank, &lumen, Scopes::everything());

    let err = f.refuse(
        &bank,
        create_bridge(&lumen, scopes_fields(&[FieldGroup::Name])),
    );
    assert_error(
        &err,
        ErrorKind::Conflict,
        "bridge.one-per-pair",
        &[
            "already exists",
            first.as_str(),
            "at most one bridge per source and destination",
        ],
    );
    assert_eq!(err.kind.http_status(), 409);
    assert_eq!(err.attribute, Some("destination-id"));
}

#[test]
fn an_inactive_bridge_still_blocks_a_second_bridge_for_the_pair() {
    // Bridges are never deleted, so deactivating does not free the pair.
    let mut f = Fixture::new();
    let (bank, lumen) = (f.bank.clone(), f.lumen.clone());
    let first = f.create_bridge(&bank, &lumen, Scopes::everything());
    f.ok(&lumen, deactivate(&first));

    let err = f.refuse(&bank, create_bridge(&lumen, Scopes::everything()));
    assert_error(
        &err,
        ErrorKind::Conflict,
        "bridge.one-per-pair",
        &["already exists", "inactive"],
    );
    assert!(f.world.bridges.contains_key(&first));
}

#[test]
fn creating_a_bridge_checks_the_destination_and_scopes() {
    let mut f = Fixture::new();
    let bank = f.bank.clone();

    let err = f.refuse(
        &bank,
        create_bridge(&unknown_id("org"), Scopes::everything()),
    );
    assert_error(&err, ErrorKind::NotFound, "not-found", &["No organization"]);

    let template = Id::parse(&f.template(&bank, "Retail KYC"));
    let err = f.refuse(&bank, create_bridge(&template, Scopes::everything()));
    assert_error(
        &err,
        ErrorKind::Unprocessable,
        "bridge.destination-must-be-organization",
        &["not an organization id", "org_"],
    );

    let err = f.refuse(&bank, create_bridge(&Id::parse("  "), Scopes::everything()));
    assert_eq!(err.kind, ErrorKind::BadRequest);

    let lumen = f.lumen.clone();
    let err = f.refuse(&bank, create_bridge(&lumen, Scopes::default()));
    assert_error(
        &err,
        ErrorKind::Unprocessable,
        "bridge.scopes-required",
        &["at least one"],
    );

    let database = Scopes {
        fields: BTreeSet::new(),
        verifications: BTreeSet::from([VerificationKind::Database]),
    };
    let err = f.refuse(&bank, create_bridge(&lumen, database));
    assert_error(
        &err,
        ErrorKind::Unprocessable,
        "bridge.scope-evidence-only",
        &["database", "no evidence"],
    );
    assert!(f.world.bridges.is_empty());
}

#[test]
fn an_unknown_actor_is_refused() {
    let mut f = Fixture::new();
    let lumen = f.lumen.clone();
    let err = f.refuse(
        &unknown_id("org"),
        create_bridge(&lumen, Scopes::everything()),
    );
    assert_error(
        &err,
        ErrorKind::NotFound,
        "actor-unknown",
        &["No organization"],
    );
}

// ---- activation ----------------------------------------------------------------------------

#[test]
fn only_the_destination_activates_a_pending_bridge() {
    let mut f = Fixture::new();
    let (bank, lumen, bazaar) = (f.bank.clone(), f.lumen.clone(), f.bazaar.clone());
    let id = f.create_bridge(&bank, &lumen, Scopes::everything());

    let err = f.refuse(&bank, activate(&id));
    assert_error(
        &err,
        ErrorKind::Forbidden,
        "bridge.destination-activates",
        &["Only the destination organization can activate"],
    );

    let err = f.refuse(&bazaar, activate(&id));
    assert_error(&err, ErrorKind::NotFound, "not-found", &[id.as_str()]);
    assert!(!err.message.to_lowercase().contains("forbidden"));

    let events = f.ok(&lumen, activate(&id));
    let bridge = f.bridge(&id);
    assert_eq!(bridge.status, BridgeStatus::Active);
    assert_eq!(bridge.activated_at, Some(NOW));
    assert_eq!(events.len(), 2);
    assert_eq!(
        f.logged(&bank, "organization-bridge.activated", &id).len(),
        1
    );
    assert_eq!(
        f.logged(&lumen, "organization-bridge.activated", &id).len(),
        1
    );
    assert!(f.logged_about(&bazaar, &id).is_empty());
}

#[test]
fn activating_an_active_bridge_is_refused() {
    let mut f = Fixture::new();
    let (bank, lumen) = (f.bank.clone(), f.lumen.clone());
    let id = f.active_bridge(&bank, &lumen, Scopes::everything());
    let err = f.refuse(&lumen, activate(&id));
    assert_error(
        &err,
        ErrorKind::Unprocessable,
        "bridge.activate-only-pending",
        &["already active"],
    );
}

#[test]
fn an_inactive_bridge_cannot_be_activated_without_reactivation() {
    let mut f = Fixture::new();
    let (bank, lumen) = (f.bank.clone(), f.lumen.clone());
    let id = f.active_bridge(&bank, &lumen, Scopes::everything());
    f.ok(&bank, deactivate(&id));

    let err = f.refuse(&lumen, activate(&id));
    assert_error(
        &err,
        ErrorKind::Unprocessable,
        "bridge.activate-only-pending",
        &["inactive", "source must reactivate"],
    );
}

// ---- deactivation --------------------------------------------------------------------------

#[test]
fn the_source_can_deactivate_a_pending_bridge() {
    let mut f = Fixture::new();
    let (bank, lumen, bazaar) = (f.bank.clone(), f.lumen.clone(), f.bazaar.clone());
    let id = f.create_bridge(&bank, &lumen, Scopes::everything());
    let events = f.ok(&bank, deactivate(&id));
    assert_eq!(f.bridge(&id).status, BridgeStatus::Inactive);
    assert_eq!(f.bridge(&id).deactivated_at, Some(NOW));
    assert_eq!(events.len(), 2);
    assert_eq!(
        f.logged(&lumen, "organization-bridge.deactivated", &id)
            .len(),
        1
    );
    assert!(f.logged_about(&bazaar, &id).is_empty());
}

#[test]
fn the_destination_can_deactivate_an_active_bridge() {
    let mut f = Fixture::new();
    let (bank, lumen) = (f.bank.clone(), f.lumen.clone());
    let id = f.active_bridge(&bank, &lumen, Scopes::everything());
    f.ok(&lumen, deactivate(&id));
    assert_eq!(f.bridge(&id).status, BridgeStatus::Inactive);
    assert_eq!(
        f.logged(&bank, "organization-bridge.deactivated", &id)
            .len(),
        1
    );
}

#[test]
fn the_source_can_deactivate_an_active_bridge_and_the_destination_a_pending_one() {
    let mut f = Fixture::new();
    let (bank, lumen, bazaar) = (f.bank.clone(), f.lumen.clone(), f.bazaar.clone());
    let active = f.active_bridge(&bank, &lumen, Scopes::everything());
    f.ok(&bank, deactivate(&active));
    assert_eq!(f.bridge(&active).status, BridgeStatus::Inactive);

    let pending = f.create_bridge(&bank, &bazaar, Scopes::everything());
    f.ok(&bazaar, deactivate(&pending));
    assert_eq!(f.bridge(&pending).status, BridgeStatus::Inactive);
}

#[test]
fn a_third_org_cannot_deactivate_a_bridge() {
    let mut f = Fixture::new();
    let (bank, lumen, bazaar) = (f.bank.clone(), f.lumen.clone(), f.bazaar.clone());
    let id = f.active_bridge(&bank, &lumen, Scopes::everything());
    let err = f.refuse(&bazaar, deactivate(&id));
    assert_error(&err, ErrorKind::NotFound, "not-found", &[id.as_str()]);
}

#[test]
fn deactivating_an_inactive_bridge_is_an_error_for_either_side() {
    let mut f = Fixture::new();
    let (bank, lumen) = (f.bank.clone(), f.lumen.clone());
    let id = f.active_bridge(&bank, &lumen, Scopes::everything());
    f.ok(&lumen, deactivate(&id));

    for side in [&bank, &lumen] {
        let err = f.refuse(side, deactivate(&id));
        assert_error(
            &err,
            ErrorKind::Unprocessable,
            "bridge.deactivate-only-open",
            &["already inactive"],
        );
    }
    // The first deactivation's time is kept.
    assert_eq!(f.bridge(&id).deactivated_at, Some(NOW));
}

// ---- reactivation --------------------------------------------------------------------------

#[test]
fn only_the_source_reactivates_and_the_destination_must_activate_again() {
    let mut f = Fixture::new();
    let (bank, lumen, bazaar) = (f.bank.clone(), f.lumen.clone(), f.bazaar.clone());
    let id = f.active_bridge(&bank, &lumen, Scopes::everything());
    f.ok(&lumen, deactivate(&id));

    let err = f.refuse(&lumen, reactivate(&id));
    assert_error(
        &err,
        ErrorKind::Forbidden,
        "bridge.source-reactivates",
        &["Only the source organization can reactivate"],
    );
    let err = f.refuse(&bazaar, reactivate(&id));
    assert_error(&err, ErrorKind::NotFound, "not-found", &[id.as_str()]);

    let events = f.ok(&bank, reactivate(&id));
    assert_eq!(events.len(), 2);
    assert_eq!(f.bridge(&id).status, BridgeStatus::Pending);
    assert_eq!(
        f.logged(&lumen, "organization-bridge.reactivated", &id)
            .len(),
        1
    );

    // Reactivated is not active: no tokens yet, and the source cannot skip the destination.
    let inquiry = f.completed_inquiry(&bank, "Retail KYC", "alex");
    let err = f.refuse(&bank, create_token(&id, inquiry.as_str(), None));
    assert_error(
        &err,
        ErrorKind::Unprocessable,
        "share-token.bridge-must-be-active",
        &["pending", "only over an active bridge"],
    );
    let err = f.refuse(&bank, activate(&id));
    assert_eq!(err.kind, ErrorKind::Forbidden);

    let later = connect::Timestamp(NOW.0 + 60_000);
    f.ok_at(&lumen, activate(&id), later);
    assert_eq!(f.bridge(&id).status, BridgeStatus::Active);
    assert_eq!(f.bridge(&id).activated_at, Some(later));
    f.create_token_at(&bank, &id, &inquiry, None, later);
}

#[test]
fn only_an_inactive_bridge_can_be_reactivated() {
    let mut f = Fixture::new();
    let (bank, lumen, bazaar) = (f.bank.clone(), f.lumen.clone(), f.bazaar.clone());
    let pending = f.create_bridge(&bank, &bazaar, Scopes::everything());
    let active = f.active_bridge(&bank, &lumen, Scopes::everything());

    let err = f.refuse(&bank, reactivate(&pending));
    assert_error(
        &err,
        ErrorKind::Unprocessable,
        "bridge.reactivate-only-inactive",
        &["pending", "only an inactive bridge can be reactivated"],
    );
    let err = f.refuse(&bank, reactivate(&active));
    assert_error(
        &err,
        ErrorKind::Unprocessable,
        "bridge.reactivate-only-inactive",
        &["active", "only an inactive bridge can be reactivated"],
    );
}

// ---- tokens need an active bridge ------------------------------------------------------------

#[test]
fn no_token_over_a_pending_bridge() {
    let mut f = Fixture::new();
    let (bank, lumen) = (f.bank.clone(), f.lumen.clone());
    let id = f.create_bridge(&bank, &lumen, Scopes::everything());
    let inquiry = f.completed_inquiry(&bank, "Retail KYC", "alex");
    let err = f.refuse(&bank, create_token(&id, inquiry.as_str(), None));
    assert_error(
        &err,
        ErrorKind::Unprocessable,
        "share-token.bridge-must-be-active",
        &["is pending", "only over an active bridge"],
    );
    assert_eq!(err.attribute, Some("bridge-id"));
    assert!(f.world.share_tokens.is_empty());
}

#[test]
fn no_token_over_an_inactive_bridge() {
    let mut f = Fixture::new();
    let (bank, lumen) = (f.bank.clone(), f.lumen.clone());
    let id = f.active_bridge(&bank, &lumen, Scopes::everything());
    let inquiry = f.completed_inquiry(&bank, "Retail KYC", "alex");
    f.ok(&lumen, deactivate(&id));
    let err = f.refuse(&bank, create_token(&id, inquiry.as_str(), None));
    assert_error(
        &err,
        ErrorKind::Unprocessable,
        "share-token.bridge-must-be-active",
        &["is inactive", "only over an active bridge"],
    );
}
