//! Share Tokens: creating, expiring, redeeming (docs/domain.md, "Share Tokens").

mod common;

use common::*;
use connect::{
    Channel, Command, Creator, ErrorKind, Id, InquiryStatus, RedeemTarget, Scopes,
    ShareTokenStatus, Timestamp,
};

const HOUR_MS: i64 = 3_600_000;

// ---- create --------------------------------------------------------------------------------

#[test]
fn the_source_creates_a_new_token_that_lasts_24_hours_by_default() {
    let mut f = Fixture::new();
    let (bank, lumen) = (f.bank.clone(), f.lumen.clone());
    let bridge = f.active_bridge(&bank, &lumen, Scopes::everything());
    let inquiry = f.completed_inquiry(&bank, "Retail KYC", "alex");

    let events = f.ok(
        &bank,
        Command::CreateShareToken {
            bridge_id: bridge.to_string(),
            source_id: inquiry.to_string(),
            expires_in_seconds: None,
            creator: Creator::ApiKey {
                key_id: f.world.organizations[&bank].api_key.id.clone(),
            },
        },
    );
    let id = object_of(&events, "share-token.created");
    assert_eq!(id.prefix(), "cnst");
    let token = f.token(&id);
    assert_eq!(token.status, ShareTokenStatus::New);
    assert_eq!(token.bridge_id, bridge);
    assert_eq!(token.source_org_id, bank);
    assert_eq!(token.destination_org_id, lumen);
    assert_eq!(token.source_id, inquiry);
    assert_eq!(token.created_via, Channel::Api);
    assert_eq!(
        token.creator,
        Some(Creator::ApiKey {
            key_id: f.world.organizations[&bank].api_key.id.clone()
        })
    );
    assert_eq!(token.created_at, NOW);
    assert_eq!(token.expires_at, Timestamp(NOW.0 + 24 * HOUR_MS));
    assert_eq!(token.pending_at, None);
    assert_eq!(token.redeemed_at, None);
    assert_eq!(token.expired_at, None);
    assert_eq!(token.failed_at, None);
    assert_eq!(token.failure_reason, None);
    assert_eq!(token.destination_inquiry_id, None);
}

#[test]
fn creating_a_token_is_logged_for_source_and_destination_only() {
    let mut f = Fixture::new();
    let (bank, lumen, bazaar) = (f.bank.clone(), f.lumen.clone(), f.bazaar.clone());
    let bridge = f.active_bridge(&bank, &lumen, Scopes::everything());
    let inquiry = f.completed_inquiry(&bank, "Retail KYC", "alex");
    let bazaar_log_before = f.world.events.iter().filter(|e| e.org_id == bazaar).count();

    let events = f.ok(&bank, create_token(&bridge, inquiry.as_str(), None));
    let id = object_of(&events, "share-token.created");

    assert_eq!(events.len(), 2);
    for org in [&bank, &lumen] {
        let logged = f.logged(org, "share-token.created", &id);
        assert_eq!(logged.len(), 1, "log of {org}");
        assert_eq!(logged[0].at, NOW);
        assert_eq!(logged[0].actor_org_id.as_ref(), Some(&bank));
        assert!(logged[0].id.as_str().starts_with("evt_"));
    }
    assert!(f.logged_about(&bazaar, &id).is_empty());
    assert_eq!(
        f.world.events.iter().filter(|e| e.org_id == bazaar).count(),
        bazaar_log_before,
        "the third org's log gets nothing"
    );
}

#[test]
fn the_destination_cannot_create_a_token_over_the_bridge() {
    let mut f = Fixture::new();
    let (bank, lumen) = (f.bank.clone(), f.lumen.clone());
    let bridge = f.active_bridge(&bank, &lumen, Scopes::everything());
    let lumen_inquiry = f.completed_inquiry(&lumen, "Lumen Basic", "alex");
    let bank_inquiry = f.completed_inquiry(&bank, "Retail KYC", "alex");

    for inquiry in [&lumen_inquiry, &bank_inquiry] {
        let err = f.refuse(&lumen, create_token(&bridge, inquiry.as_str(), None));
        assert_error(
            &err,
            ErrorKind::Forbidden,
            "share-token.source-creates",
            &["Only the bridge's source organization", bridge.as_str()],
        );
        assert_eq!(err.kind.http_status(), 403);
    }
}

#[test]
fn a_third_org_does_not_find_the_bridge() {
    let mut f = Fixture::new();
    let (bank, lumen, bazaar) = (f.bank.clone(), f.lumen.clone(), f.bazaar.clone());
    let bridge = f.active_bridge(&bank, &lumen, Scopes::everything());
    let inquiry = f.completed_inquiry(&bazaar, "Buyer quick check", "alex");
    let err = f.refuse(&bazaar, create_token(&bridge, inquiry.as_str(), None));
    assert_error(
        &err,
        ErrorKind::NotFound,
        "not-found",
        &["No organization bridge", bridge.as_str()],
    );
}

#[test]
fn the_source_must_be_an_inquiry() {
    let mut f = Fixture::new();
    let (bank, lumen) = (f.bank.clone(), f.lumen.clone());
    let bridge = f.active_bridge(&bank, &lumen, Scopes::everything());
    let template = f.template(&bank, "Retail KYC");

    for source in [
        bridge.to_string(),
        bank.to_string(),
        template,
        "ver_0123".to_string(),
        "hello".to_string(),
    ] {
        let err = f.refuse(&bank, create_token(&bridge, &source, None));
        assert_error(
            &err,
            ErrorKind::Unprocessable,
            "share-token.source-must-be-inquiry",
            &["source must be an Inquiry", "inq_", &source],
        );
        assert_eq!(err.attribute, Some("source-id"));
    }

    let err = f.refuse(&bank, create_token(&bridge, "", None));
    assert_eq!(err.kind, ErrorKind::BadRequest);
    assert_eq!(err.attribute, Some("source-id"));
}

#[test]
fn an_inquiry_of_another_org_is_not_found_never_forbidden() {
    let mut f = Fixture::new();
    let (bank, lumen) = (f.bank.clone(), f.lumen.clone());
    let bridge = f.active_bridge(&bank, &lumen, Scopes::everything());
    // A completed inquiry of the destination, and one of the third org.
    let lumen_inquiry = f.completed_inquiry(&lumen, "Lumen Basic", "alex");
    let bazaar = f.bazaar.clone();
    let bazaar_inquiry = f.completed_inquiry(&bazaar, "Buyer quick check", "alex");
    let unknown = unknown_id("inq");

    let unknown_err = f.refuse(&bank, create_token(&bridge, unknown.as_str(), None));
    for foreign in [&lumen_inquiry, &bazaar_inquiry] {
        let err = f.refuse(&bank, create_token(&bridge, foreign.as_str(), None));
        assert_error(
            &err,
            ErrorKind::NotFound,
            "not-found",
            &["No inquiry", foreign.as_str()],
        );
        assert!(!err.message.to_lowercase().contains("forbidden"));
        // Exactly what an id that exists nowhere gets: the id leaks nothing.
        assert_eq!(
            err.message.replace(foreign.as_str(), "ID"),
            unknown_err.message.replace(unknown.as_str(), "ID")
        );
        assert_eq!(err.attribute, unknown_err.attribute);
    }
}

#[test]
fn the_inquiry_must_be_completed_or_approved() {
    let mut f = Fixture::new();
    let (bank, lumen) = (f.bank.clone(), f.lumen.clone());
    let bridge = f.active_bridge(&bank, &lumen, Scopes::everything());

    let created = f.new_inquiry(&bank, "Retail KYC", "alex");
    // Sam has no proof of address: Premium KYC stays pending.
    let pending = f.run_inquiry(&bank, "Premium KYC", "sam");
    // Riley's ID number is too short: the government ID check fails.
    let failed = f.run_inquiry(&bank, "Retail KYC", "riley");
    let declined = f.completed_inquiry(&bank, "Retail KYC", "alex");
    f.ok(
        &bank,
        Command::DeclineInquiry {
            inquiry_id: declined.to_string(),
        },
    );

    for (inquiry, status) in [
        (&created, InquiryStatus::Created),
        (&pending, InquiryStatus::Pending),
        (&failed, InquiryStatus::Failed),
        (&declined, InquiryStatus::Declined),
    ] {
        assert_eq!(f.inquiry(inquiry).status, status);
        let err = f.refuse(&bank, create_token(&bridge, inquiry.as_str(), None));
        assert_error(
            &err,
            ErrorKind::Unprocessable,
            "share-token.inquiry-must-be-completed",
            &[
                &format!("is {status}"),
                "only a completed (or approved) Inquiry can be shared",
            ],
        );
    }

    let approved = f.completed_inquiry(&bank, "Retail KYC", "jamie");
    f.ok(
        &bank,
        Command::ApproveInquiry {
            inquiry_id: approved.to_string(),
        },
    );
    assert_eq!(f.inquiry(&approved).status, InquiryStatus::Approved);
    let token = f.create_token(&bank, &bridge, &approved);
    assert_eq!(f.token(&token).status, ShareTokenStatus::New);

    let completed = f.completed_inquiry(&bank, "Retail KYC", "alex");
    f.create_token(&bank, &bridge, &completed);
}

#[test]
fn expires_in_seconds_runs_from_60_seconds_to_21_days() {
    let mut f = Fixture::new();
    let (bank, lumen) = (f.bank.clone(), f.lumen.clone());
    let bridge = f.active_bridge(&bank, &lumen, Scopes::everything());
    let inquiry = f.completed_inquiry(&bank, "Retail KYC", "alex");

    for seconds in [59, TWENTY_ONE_DAYS + 1, 0, -60, i64::MAX] {
        let err = f.refuse(
            &bank,
            create_token(&bridge, inquiry.as_str(), Some(seconds)),
        );
        assert_error(
            &err,
            ErrorKind::Unprocessable,
            "share-token.expiry-range",
            &["between 60 seconds and 21 days", &seconds.to_string()],
        );
        assert_eq!(err.attribute, Some("expires-in-seconds"));
    }

    let shortest = f.create_token_at(&bank, &bridge, &inquiry, Some(60), NOW);
    assert_eq!(f.token(&shortest).expires_at, Timestamp(NOW.0 + 60_000));
    let longest = f.create_token_at(&bank, &bridge, &inquiry, Some(TWENTY_ONE_DAYS), NOW);
    assert_eq!(
        f.token(&longest).expires_at,
        Timestamp(NOW.0 + 21 * 24 * HOUR_MS)
    );
    let explicit_default = f.create_token_at(&bank, &bridge, &inquiry, Some(86_400), NOW);
    assert_eq!(
        f.token(&explicit_default).expires_at,
        Timestamp(NOW.0 + 24 * HOUR_MS)
    );
}

// ---- redeem: who and how often --------------------------------------------------------------

fn clone_into(f: &Fixture, template: &str) -> RedeemTarget {
    RedeemTarget::Clone {
        template_id: f.template(&f.lumen, template),
    }
}

#[test]
fn only_the_destination_redeems() {
    let mut f = Fixture::new();
    let (_, _, token) = f.token_setup(Scopes::everything(), "alex");
    let (bank, bazaar) = (f.bank.clone(), f.bazaar.clone());

    // The source, even with a template of its own.
    let template_id = f.template(&bank, "Retail KYC");
    let err = f.refuse(&bank, redeem(&token, RedeemTarget::Clone { template_id }));
    assert_error(
        &err,
        ErrorKind::Forbidden,
        "share-token.destination-redeems",
        &["only the bridge's destination organization can redeem"],
    );

    let template_id = f.template(&bazaar, "Buyer quick check");
    let err = f.refuse(&bazaar, redeem(&token, RedeemTarget::Clone { template_id }));
    assert_error(
        &err,
        ErrorKind::NotFound,
        "not-found",
        &["No share token", token.as_str()],
    );
    assert!(!err.message.to_lowercase().contains("forbidden"));
    assert_eq!(f.token(&token).status, ShareTokenStatus::New);
}

#[test]
fn a_token_is_redeemed_at_most_once() {
    let mut f = Fixture::new();
    let (_, _, token) = f.token_setup(Scopes::everything(), "alex");
    let lumen = f.lumen.clone();
    f.redeem_clone(&token, "Lumen Basic");
    assert_eq!(f.token(&token).status, ShareTokenStatus::Redeemed);
    let inquiries = f.world.inquiries.len();

    for template in ["Lumen Basic", "Lumen Strict"] {
        let target = clone_into(&f, template);
        let err = f.refuse(&lumen, redeem(&token, target));
        assert_error(
            &err,
            ErrorKind::Conflict,
            "share-token.redeem-once",
            &["redeemed", "only once"],
        );
        assert_eq!(err.kind.http_status(), 409);
    }
    // Also a hydrate attempt, and later in time.
    let fresh = f.new_inquiry(&lumen, "Lumen Basic", "jamie");
    let err = f.refuse_at(
        &lumen,
        redeem(
            &token,
            RedeemTarget::Hydrate {
                destination_id: fresh.to_string(),
            },
        ),
        Timestamp(NOW.0 + 48 * HOUR_MS),
    );
    assert_error(
        &err,
        ErrorKind::Conflict,
        "share-token.redeem-once",
        &["redeemed"],
    );
    assert_eq!(f.world.inquiries.len(), inquiries + 1);
}

#[test]
fn redeeming_an_expired_token_names_its_status_and_changes_nothing() {
    let mut f = Fixture::new();
    let (_, _, token) = f.token_setup(Scopes::everything(), "alex");
    let (bank, lumen) = (f.bank.clone(), f.lumen.clone());
    f.ok(&bank, expire(&token));

    let target = clone_into(&f, "Lumen Basic");
    let err = f.refuse(&lumen, redeem(&token, target));
    assert_error(
        &err,
        ErrorKind::Unprocessable,
        "share-token.redeem-only-new",
        &["is expired", "only a new token can be redeemed"],
    );
    assert_eq!(f.token(&token).status, ShareTokenStatus::Expired);
    assert_eq!(f.token(&token).destination_inquiry_id, None);
}

#[test]
fn redeeming_after_the_clock_passed_expiry_is_refused_even_before_it_is_recorded() {
    let mut f = Fixture::new();
    let (_, _, token) = f.token_setup(Scopes::everything(), "alex");
    let lumen = f.lumen.clone();
    let expires_at = f.token(&token).expires_at;

    let target = clone_into(&f, "Lumen Basic");
    let err = f.refuse_at(&lumen, redeem(&token, target), expires_at);
    assert_error(
        &err,
        ErrorKind::Unprocessable,
        "share-token.redeem-only-new",
        &["is expired"],
    );
    // Stored status untouched: refusing records nothing.
    assert_eq!(f.token(&token).status, ShareTokenStatus::New);

    // A millisecond earlier the token still works.
    let before = Timestamp(expires_at.0 - 1);
    let target = clone_into(&f, "Lumen Basic");
    f.ok_at(&lumen, redeem(&token, target), before);
    assert_eq!(f.token(&token).status, ShareTokenStatus::Redeemed);
    assert_eq!(f.token(&token).redeemed_at, Some(before));
}

// ---- expire --------------------------------------------------------------------------------

#[test]
fn the_source_expires_a_new_token() {
    let mut f = Fixture::new();
    let (_, _, token) = f.token_setup(Scopes::everything(), "alex");
    let (bank, lumen, bazaar) = (f.bank.clone(), f.lumen.clone(), f.bazaar.clone());

    let later = Timestamp(NOW.0 + HOUR_MS);
    let events = f.ok_at(&bank, expire(&token), later);
    let t = f.token(&token);
    assert_eq!(t.status, ShareTokenStatus::Expired);
    assert_eq!(t.expired_at, Some(later));
    assert_eq!(t.redeemed_at, None);
    assert_eq!(events.len(), 2);
    for org in [&bank, &lumen] {
        let logged = f.logged(org, "share-token.expired", &token);
        assert_eq!(logged.len(), 1);
        assert_eq!(logged[0].actor_org_id.as_ref(), Some(&bank));
    }
    assert!(f.logged(&bazaar, "share-token.expired", &token).is_empty());
}

#[test]
fn only_the_source_expires() {
    let mut f = Fixture::new();
    let (_, _, token) = f.token_setup(Scopes::everything(), "alex");
    let (lumen, bazaar) = (f.lumen.clone(), f.bazaar.clone());

    let err = f.refuse(&lumen, expire(&token));
    assert_error(
        &err,
        ErrorKind::Forbidden,
        "share-token.source-expires",
        &["Only the source organization can expire"],
    );
    let err = f.refuse(&bazaar, expire(&token));
    assert_error(&err, ErrorKind::NotFound, "not-found", &[token.as_str()]);
}

#[test]
fn expiring_is_only_for_new_tokens_and_names_the_current_status() {
    let mut f = Fixture::new();
    let (bridge, inquiry, redeemed) = f.token_setup(Scopes::everything(), "alex");
    let (bank, lumen) = (f.bank.clone(), f.lumen.clone());
    f.redeem_clone(&redeemed, "Lumen Basic");

    let expired = f.create_token(&bank, &bridge, &inquiry);
    f.ok(&bank, expire(&expired));

    let failed = f.create_token(&bank, &bridge, &inquiry);

    let clock_expired = f.create_token_at(&bank, &bridge, &inquiry, Some(60), NOW);

    f.ok(&lumen, deactivate(&bridge));
    let target = clone_into(&f, "Lumen Basic");
    f.ok(&lumen, redeem(&failed, target));
    assert_eq!(f.token(&failed).status, ShareTokenStatus::Failed);

    let later = Timestamp(NOW.0 + 61_000);
    for (token, status) in [
        (&redeemed, "redeemed"),
        (&expired, "expired"),
        (&failed, "failed"),
        (&clock_expired, "expired"),
    ] {
        let err = f.refuse_at(&bank, expire(token), later);
        assert_error(
            &err,
            ErrorKind::Unprocessable,
            "share-token.expire-only-new",
            &[&format!("is {status}"), "only a new token can be expired"],
        );
    }
}

#[test]
fn redeeming_or_expiring_refusals_leave_the_whole_world_equal() {
    // The same as the refusals above, stated once over every token state at once.
    let mut f = Fixture::new();
    let (bridge, inquiry, redeemed) = f.token_setup(Scopes::everything(), "alex");
    let (bank, lumen) = (f.bank.clone(), f.lumen.clone());
    f.redeem_clone(&redeemed, "Lumen Basic");
    let expired = f.create_token(&bank, &bridge, &inquiry);
    f.ok(&bank, expire(&expired));

    for token in [&redeemed, &expired] {
        let before = f.world.clone();
        let target = clone_into(&f, "Lumen Strict");
        assert!(f.apply(&lumen, redeem(token, target)).is_err());
        assert!(f.apply(&bank, expire(token)).is_err());
        assert!(f.world == before);
    }
}

// ---- expiry by the clock -----------------------------------------------------------------------

#[test]
fn status_at_shows_expiry_once_the_clock_reaches_expires_at() {
    let mut f = Fixture::new();
    let (_, _, token) = f.token_setup(Scopes::everything(), "alex");
    let t = f.token(&token).clone();
    assert_eq!(t.status_at(NOW), ShareTokenStatus::New);
    assert_eq!(
        t.status_at(Timestamp(t.expires_at.0 - 1)),
        ShareTokenStatus::New
    );
    assert_eq!(t.status_at(t.expires_at), ShareTokenStatus::Expired);
    assert_eq!(
        t.status_at(Timestamp(t.expires_at.0 + 30 * HOUR_MS)),
        ShareTokenStatus::Expired
    );

    // Only a new token expires by time.
    f.redeem_clone(&token, "Lumen Basic");
    let t = f.token(&token);
    assert_eq!(
        t.status_at(Timestamp(t.expires_at.0 + 1)),
        ShareTokenStatus::Redeemed
    );
}

#[test]
fn expire_due_records_the_expiry_of_due_tokens_only() {
    let mut f = Fixture::new();
    let (bridge, inquiry, due) = f.token_setup(Scopes::everything(), "alex");
    let (bank, lumen, bazaar) = (f.bank.clone(), f.lumen.clone(), f.bazaar.clone());
    let not_due = f.create_token_at(&bank, &bridge, &inquiry, Some(TWENTY_ONE_DAYS), NOW);
    let redeemed = f.create_token_at(&bank, &bridge, &inquiry, Some(60), NOW);
    f.redeem_clone(&redeemed, "Lumen Basic");
    let due_at = f.token(&due).expires_at;

    // Nothing is due yet.
    let before = f.world.clone();
    let events = f.world.expire_due(Timestamp(due_at.0 - 1), &mut f.ids);
    assert!(events.is_empty());
    assert!(f.world == before);

    let now = Timestamp(due_at.0 + 5 * 60_000);
    let events = f.world.expire_due(now, &mut f.ids);
    let t = f.token(&due);
    assert_eq!(t.status, ShareTokenStatus::Expired);
    assert_eq!(
        t.expired_at,
        Some(due_at),
        "expired when the clock passed expires-at"
    );
    assert_eq!(events.len(), 2);
    for org in [&bank, &lumen] {
        let logged = f.logged(org, "share-token.expired", &due);
        assert_eq!(logged.len(), 1);
        assert_eq!(logged[0].actor_org_id, None, "the clock acted, not an org");
        assert_eq!(logged[0].at, due_at);
    }
    assert!(f.logged_about(&bazaar, &due).is_empty());
    assert_eq!(f.token(&not_due).status, ShareTokenStatus::New);
    assert_eq!(f.token(&redeemed).status, ShareTokenStatus::Redeemed);

    // Recording twice records nothing new.
    let before = f.world.clone();
    assert!(f.world.expire_due(now, &mut f.ids).is_empty());
    assert!(f.world == before);
}

// ---- redeem over a bridge that is no longer active ----------------------------------------------

#[test]
fn redeeming_over_an_inactive_bridge_fails_the_token_with_a_reason() {
    let mut f = Fixture::new();
    let (bridge, _, token) = f.token_setup(Scopes::everything(), "alex");
    let (bank, lumen, bazaar) = (f.bank.clone(), f.lumen.clone(), f.bazaar.clone());
    f.ok(&bank, deactivate(&bridge));
    let inquiries = f.world.inquiries.clone();

    let later = Timestamp(NOW.0 + HOUR_MS);
    let target = clone_into(&f, "Lumen Basic");
    let events = f.ok_at(&lumen, redeem(&token, target), later);

    let t = f.token(&token);
    assert_eq!(t.status, ShareTokenStatus::Failed);
    assert_eq!(t.failed_at, Some(later));
    assert_eq!(t.pending_at, Some(later));
    assert_eq!(t.redeemed_at, None);
    assert_eq!(t.destination_inquiry_id, None);
    let reason = t.failure_reason.clone().expect("a failure reason");
    assert!(reason.contains("inactive"), "{reason}");
    assert!(reason.contains("only over an active bridge"), "{reason}");
    assert_eq!(f.world.inquiries, inquiries, "the run never started");

    assert_eq!(events.len(), 2);
    for org in [&bank, &lumen] {
        assert_eq!(f.logged(org, "share-token.failed", &token).len(), 1);
    }
    assert!(f.logged_about(&bazaar, &token).is_empty());

    // A failed token is done: it cannot be redeemed later, even over an active bridge again.
    f.ok(&bank, reactivate(&bridge));
    f.ok(&lumen, activate(&bridge));
    let target = clone_into(&f, "Lumen Basic");
    let err = f.refuse(&lumen, redeem(&token, target));
    assert_error(
        &err,
        ErrorKind::Unprocessable,
        "share-token.redeem-only-new",
        &["is failed"],
    );
}

#[test]
fn redeeming_over_a_reactivated_but_not_yet_active_bridge_fails_too() {
    let mut f = Fixture::new();
    let (bridge, _, token) = f.token_setup(Scopes::everything(), "alex");
    let (bank, lumen) = (f.bank.clone(), f.lumen.clone());
    f.ok(&lumen, deactivate(&bridge));
    f.ok(&bank, reactivate(&bridge));

    let target = clone_into(&f, "Lumen Basic");
    f.ok(&lumen, redeem(&token, target));
    let t = f.token(&token);
    assert_eq!(t.status, ShareTokenStatus::Failed);
    assert!(t
        .failure_reason
        .as_deref()
        .unwrap_or("")
        .contains("pending"));
}

#[test]
fn a_refused_redeem_target_does_not_fail_the_token() {
    // Target checks come first: a bad template is an error, not a failed token.
    let mut f = Fixture::new();
    let (bridge, _, token) = f.token_setup(Scopes::everything(), "alex");
    let (bank, lumen) = (f.bank.clone(), f.lumen.clone());
    f.ok(&bank, deactivate(&bridge));

    let template_id = f.template(&bank, "Retail KYC");
    let err = f.refuse(&lumen, redeem(&token, RedeemTarget::Clone { template_id }));
    assert_error(
        &err,
        ErrorKind::NotFound,
        "not-found",
        &["No inquiry template"],
    );
    assert_eq!(f.token(&token).status, ShareTokenStatus::New);
}

#[test]
fn unknown_token_ids_are_not_found() {
    let mut f = Fixture::new();
    let lumen = f.lumen.clone();
    let unknown: Id = unknown_id("cnst");
    let target = clone_into(&f, "Lumen Basic");
    let err = f.refuse(&lumen, redeem(&unknown, target));
    assert_error(&err, ErrorKind::NotFound, "not-found", &["No share token"]);
    let err = f.refuse(&lumen, expire(&unknown));
    assert_error(&err, ErrorKind::NotFound, "not-found", &["No share token"]);
}
