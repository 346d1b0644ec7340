//! Inquiries left open expire: a `created` or `pending` inquiry expires once 24 hours of
//! playground time have passed since it was created (docs/rules.md, "Inquiries").

mod common;

use common::*;
use connect::{Command, ErrorKind, InquiryStatus, RedeemTarget, Scopes, Timestamp};

const HOUR_MS: i64 = 3_600_000;
const DAY_MS: i64 = 24 * HOUR_MS;

fn at(ms_after_now: i64) -> Timestamp {
    Timestamp(NOW.0 + ms_after_now)
}

fn run(inquiry: &connect::Id) -> Command {
    Command::RunInquiry {
        inquiry_id: inquiry.to_string(),
    }
}

#[test]
fn a_created_inquiry_is_open_until_24_hours_then_expires_with_an_event() {
    let mut f = Fixture::new();
    let bank = f.bank.clone();
    let inquiry = f.new_inquiry(&bank, "Retail KYC", "alex");

    // One millisecond before the 24 hours are up: nothing to record.
    assert!(f.world.expire_due(at(DAY_MS - 1), &mut f.ids).is_empty());
    assert_eq!(f.inquiry(&inquiry).status, InquiryStatus::Created);
    assert_eq!(
        f.inquiry(&inquiry).status_at(at(DAY_MS - 1)),
        InquiryStatus::Created
    );
    assert_eq!(f.inquiry(&inquiry).expired_at, None);

    // At 24 hours it is expired, before and after the clock's tick records it.
    assert_eq!(
        f.inquiry(&inquiry).status_at(at(DAY_MS)),
        InquiryStatus::Expired
    );
    let events = f.world.expire_due(at(DAY_MS), &mut f.ids);
    assert_eq!(object_of(&events, "inquiry.expired"), inquiry);
    let expired = f.inquiry(&inquiry);
    assert_eq!(expired.status, InquiryStatus::Expired);
    assert_eq!(expired.expired_at, Some(at(DAY_MS)));

    // Logged for its owner only, with no acting org: the clock did it.
    let logged = f.logged(&bank, "inquiry.expired", &inquiry);
    assert_eq!(logged.len(), 1);
    assert_eq!(logged[0].actor_org_id, None);
    assert_eq!(logged[0].at, at(DAY_MS));
    assert_eq!(events.len(), 1, "one org's log: {events:?}");

    // Recorded once: a later tick changes nothing.
    assert!(f.world.expire_due(at(30 * DAY_MS), &mut f.ids).is_empty());
}

#[test]
fn a_pending_inquiry_expires_too() {
    let mut f = Fixture::new();
    let bank = f.bank.clone();
    // Sam has no proof-of-address document, so Premium KYC waits for it.
    let inquiry = f.run_inquiry(&bank, "Premium KYC", "sam");
    assert_eq!(f.inquiry(&inquiry).status, InquiryStatus::Pending);

    assert!(f.world.expire_due(at(DAY_MS - 1), &mut f.ids).is_empty());
    let events = f.world.expire_due(at(DAY_MS + HOUR_MS), &mut f.ids);
    assert_eq!(object_of(&events, "inquiry.expired"), inquiry);
    assert_eq!(f.inquiry(&inquiry).status, InquiryStatus::Expired);
    // The expiry happened when the 24 hours were up, not when the tick noticed.
    assert_eq!(f.inquiry(&inquiry).expired_at, Some(at(DAY_MS)));
}

#[test]
fn finished_inquiries_never_expire() {
    let mut f = Fixture::new();
    let bank = f.bank.clone();
    let completed = f.completed_inquiry(&bank, "Retail KYC", "alex");
    let failed = f.run_inquiry(&bank, "Retail KYC", "riley");
    assert_eq!(f.inquiry(&failed).status, InquiryStatus::Failed);
    let approved = f.completed_inquiry(&bank, "Retail KYC", "jamie");
    f.ok(
        &bank,
        Command::ApproveInquiry {
            inquiry_id: approved.to_string(),
        },
    );

    assert!(f.world.expire_due(at(365 * DAY_MS), &mut f.ids).is_empty());
    assert_eq!(f.inquiry(&completed).status, InquiryStatus::Completed);
    assert_eq!(f.inquiry(&failed).status, InquiryStatus::Failed);
    assert_eq!(f.inquiry(&approved).status, InquiryStatus::Approved);
}

#[test]
fn an_expired_inquiry_cannot_be_run_even_before_the_tick_records_it() {
    let mut f = Fixture::new();
    let bank = f.bank.clone();
    let inquiry = f.new_inquiry(&bank, "Retail KYC", "alex");

    // The clock passed 24 hours but nothing recorded it yet: the rule still sees it expired.
    let err = f.refuse_at(&bank, run(&inquiry), at(DAY_MS));
    assert_error(
        &err,
        ErrorKind::Unprocessable,
        "inquiry.run-only-open",
        &[inquiry.as_str(), "is expired"],
    );

    // Recorded, it is refused the same way.
    f.world.expire_due(at(DAY_MS), &mut f.ids);
    let err = f.refuse_at(&bank, run(&inquiry), at(DAY_MS));
    assert_error(
        &err,
        ErrorKind::Unprocessable,
        "inquiry.run-only-open",
        &["is expired"],
    );

    // Just inside the 24 hours it still runs.
    let other = f.new_inquiry(&bank, "Retail KYC", "alex");
    f.ok_at(&bank, run(&other), at(DAY_MS - 1));
    assert_eq!(f.inquiry(&other).status, InquiryStatus::Completed);
}

#[test]
fn an_expired_inquiry_cannot_be_shared() {
    let mut f = Fixture::new();
    let (bank, lumen) = (f.bank.clone(), f.lumen.clone());
    let bridge = f.active_bridge(&bank, &lumen, Scopes::everything());
    let inquiry = f.new_inquiry(&bank, "Retail KYC", "alex");
    f.world.expire_due(at(DAY_MS), &mut f.ids);

    let err = f.refuse_at(
        &bank,
        create_token(&bridge, inquiry.as_str(), None),
        at(DAY_MS),
    );
    assert_error(
        &err,
        ErrorKind::Unprocessable,
        "share-token.inquiry-must-be-completed",
        &[
            "is expired",
            "only a completed (or approved) Inquiry can be shared",
        ],
    );
}

#[test]
fn an_expired_inquiry_cannot_be_hydrated() {
    let mut f = Fixture::new();
    let (_, _, token) = f.token_setup(Scopes::everything(), "alex");
    let lumen = f.lumen.clone();
    let waiting = f.new_inquiry(&lumen, "Lumen Basic", "alex");

    // The token lives 24 hours too, so redeem just as the inquiry (made at the same moment)
    // expires would find the token expired first; give the inquiry a head start instead.
    f.world
        .inquiries
        .get_mut(&waiting)
        .expect("the waiting inquiry")
        .created_at = at(-DAY_MS);
    let err = f.refuse_at(
        &lumen,
        redeem(
            &token,
            RedeemTarget::Hydrate {
                destination_id: waiting.to_string(),
            },
        ),
        NOW,
    );
    assert_error(
        &err,
        ErrorKind::Unprocessable,
        "redeem.hydrate-fresh-inquiry",
        &["is expired"],
    );
}

#[test]
fn inquiries_saved_before_expiry_existed_still_load() {
    let mut f = Fixture::new();
    let bank = f.bank.clone();
    let inquiry = f.new_inquiry(&bank, "Retail KYC", "alex");
    let saved = connect::snapshot::Snapshot::new(f.world.clone(), 0);
    let mut value = serde_json::to_value(&saved).expect("serializes");
    value["world"]["inquiries"][inquiry.as_str()]
        .as_object_mut()
        .expect("the inquiry object")
        .remove("expired_at");
    let loaded = connect::snapshot::Snapshot::decode(&value.to_string())
        .expect("still loads")
        .world;
    assert_eq!(loaded.inquiries[&inquiry], f.world.inquiries[&inquiry]);
}
