//! Review decisions on a finished inquiry (docs/rules.md, "Inquiries"): an owner marks a
//! completed inquiry for review (`needs_review`, event `inquiry.marked-for-review`),
//! then approves or declines it. Through the Dashboard's command and through the API alike.

mod common;

use common::*;
use connect::api::ApiRequest;
use connect::{Command, ErrorKind, Id, InquiryStatus, Scopes, Timestamp};

fn mark(inquiry: &Id) -> Command {
    Command::MarkInquiryForReview {
        inquiry_id: inquiry.to_string(),
    }
}

#[test]
fn a_completed_inquiry_marked_for_review_waits_for_a_decision() {
    let mut f = Fixture::new();
    let bank = f.bank.clone();
    let inquiry = f.completed_inquiry(&bank, "Retail KYC", "alex");

    f.ok(&bank, mark(&inquiry));
    assert_eq!(f.inquiry(&inquiry).status, InquiryStatus::NeedsReview);
    assert_eq!(
        f.logged(&bank, "inquiry.marked-for-review", &inquiry).len(),
        1
    );

    // Under review it is not shareable, and it does not expire.
    let lumen = f.lumen.clone();
    let bridge = f.active_bridge(&bank, &lumen, Scopes::everything());
    let err = f.refuse(&bank, create_token(&bridge, inquiry.as_str(), None));
    assert_error(
        &err,
        ErrorKind::Unprocessable,
        "share-token.inquiry-must-be-completed",
        &["is needs_review"],
    );
    let later = Timestamp(NOW.0 + 30 * 24 * 3_600_000);
    assert_eq!(
        f.inquiry(&inquiry).status_at(later),
        InquiryStatus::NeedsReview
    );

    f.ok(
        &bank,
        Command::ApproveInquiry {
            inquiry_id: inquiry.to_string(),
        },
    );
    assert_eq!(f.inquiry(&inquiry).status, InquiryStatus::Approved);
}

#[test]
fn a_failed_inquiry_stays_failed_and_can_only_be_declined() {
    let mut f = Fixture::new();
    let bank = f.bank.clone();
    // Riley's ID number is too short: the government ID check fails.
    let failed = f.run_inquiry(&bank, "Retail KYC", "riley");
    assert_eq!(f.inquiry(&failed).status, InquiryStatus::Failed);

    // A review cannot turn it into an inquiry that may be approved, and so shared.
    let err = f.refuse(&bank, mark(&failed));
    assert_error(
        &err,
        ErrorKind::Unprocessable,
        "inquiry.review-state",
        &["is failed", "can be marked for review only when completed"],
    );
    f.ok(
        &bank,
        Command::DeclineInquiry {
            inquiry_id: failed.to_string(),
        },
    );
    assert_eq!(f.inquiry(&failed).status, InquiryStatus::Declined);
}

#[test]
fn only_a_completed_inquiry_of_ones_own_can_be_marked() {
    let mut f = Fixture::new();
    let (bank, lumen) = (f.bank.clone(), f.lumen.clone());
    let created = f.new_inquiry(&bank, "Retail KYC", "alex");
    // Sam has no proof of address: Premium KYC stays pending.
    let pending = f.run_inquiry(&bank, "Premium KYC", "sam");
    let approved = f.completed_inquiry(&bank, "Retail KYC", "jamie");
    f.ok(
        &bank,
        Command::ApproveInquiry {
            inquiry_id: approved.to_string(),
        },
    );
    let marked = f.completed_inquiry(&bank, "Retail KYC", "alex");
    f.ok(&bank, mark(&marked));

    for (inquiry, status) in [
        (&created, "created"),
        (&pending, "pending"),
        (&approved, "approved"),
        (&marked, "needs_review"),
    ] {
        let before = f.inquiry(inquiry).status;
        let err = f.refuse(&bank, mark(inquiry));
        assert_error(
            &err,
            ErrorKind::Unprocessable,
            "inquiry.review-state",
            &[
                &format!("is {status}"),
                "can be marked for review only when completed.",
            ],
        );
        assert_eq!(f.inquiry(inquiry).status, before, "nothing changed");
    }

    // Another org's inquiry is not found, and stays as it was.
    let completed = f.completed_inquiry(&bank, "Retail KYC", "alex");
    let err = f.refuse(&lumen, mark(&completed));
    assert_eq!(err.kind, ErrorKind::NotFound, "{err:?}");
    assert_eq!(f.inquiry(&completed).status, InquiryStatus::Completed);
}

#[test]
fn the_api_marks_for_review_like_the_dashboard_and_logs_it() {
    let mut f = Fixture::new();
    let bank = f.bank.clone();
    let inquiry = f.completed_inquiry(&bank, "Retail KYC", "alex");
    let secret = f.world.organizations[&bank].api_key.secret.clone();
    let path = format!("/api/v1/inquiries/{inquiry}/mark-for-review");

    let response = f.call_api(&ApiRequest::new("POST", &path).bearer(&secret), NOW);
    assert_eq!(response.status, 200, "{}", response.body);
    let body = response.json().expect("JSON");
    assert_eq!(body["data"]["attributes"]["status"], "needs_review");
    assert_eq!(f.inquiry(&inquiry).status, InquiryStatus::NeedsReview);
    assert_eq!(
        f.logged(&bank, "inquiry.marked-for-review", &inquiry).len(),
        1
    );

    // A second time, the rule's 422.
    let again = f.call_api(&ApiRequest::new("POST", &path).bearer(&secret), NOW);
    assert_eq!(again.status, 422, "{}", again.body);
    assert!(
        again.body.contains("inquiry.review-state"),
        "{}",
        again.body
    );
}
