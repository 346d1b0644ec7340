//! The redeem run: what the destination gets (docs/domain.md, "Redeeming").

mod common;

use common::*;
use connect::{
    Command, ErrorKind, FieldGroup, InquiryStatus, PersonFields, RedeemTarget, Scopes, ShareOrigin,
    ShareTokenStatus, VerificationKind, VerificationStatus,
};
use std::collections::BTreeSet;

fn all_fields_but(left_out: FieldGroup) -> Scopes {
    let mut scopes = Scopes::everything();
    scopes.fields.remove(&left_out);
    scopes
}

#[test]
fn alex_against_lumen_basic_completes() {
    let mut f = Fixture::new();
    let (bridge, source, token) = f.token_setup(Scopes::everything(), "alex");
    let (bank, lumen, bazaar) = (f.bank.clone(), f.lumen.clone(), f.bazaar.clone());
    let inquiries_before = f.world.inquiries.len();

    let template_id = f.template(&lumen, "Lumen Basic");
    let events = f.ok(
        &lumen,
        redeem(
            &token,
            RedeemTarget::Clone {
                template_id: template_id.clone(),
            },
        ),
    );

    // The token, as the source sees it.
    let t = f.token(&token).clone();
    assert_eq!(t.status, ShareTokenStatus::Redeemed);
    assert_eq!(t.redeemed_at, Some(NOW));
    assert_eq!(t.pending_at, Some(NOW));
    assert_eq!(t.destination_org_id, lumen);
    let destination = t
        .destination_inquiry_id
        .clone()
        .expect("destination inquiry");
    assert!(f
        .world
        .outbound_tokens(&bank)
        .iter()
        .any(|o| o.id == token && o.status == ShareTokenStatus::Redeemed));

    // A new inquiry of the destination, from the chosen template.
    assert_eq!(f.world.inquiries.len(), inquiries_before + 1);
    let d = f.inquiry(&destination).clone();
    assert_eq!(d.org_id, lumen);
    assert_eq!(d.template_id.as_str(), template_id);
    assert_eq!(d.status, InquiryStatus::Completed);
    assert_eq!(d.completed_at, Some(NOW));
    assert_eq!(d.fields, person("alex").fields);
    assert_eq!(d.evidence, person("alex").evidence);
    assert!(d.missing.is_empty());
    let kinds: Vec<_> = d.verifications.iter().map(|v| v.kind).collect();
    assert_eq!(
        kinds,
        vec![VerificationKind::GovernmentId, VerificationKind::Selfie]
    );
    assert!(d
        .verifications
        .iter()
        .all(|v| v.status == VerificationStatus::Passed));
    assert!(d.rule_results.iter().all(|r| r.passed == Some(true)));

    // The destination inquiry links back to the token and the source org.
    assert_eq!(
        d.shared_from,
        Some(ShareOrigin {
            share_token_id: token.clone(),
            source_org_id: bank.clone(),
            bridge_id: bridge,
        })
    );
    // The source inquiry is the source's own and untouched.
    assert_eq!(f.inquiry(&source).org_id, bank);
    assert_eq!(f.inquiry(&source).shared_from, None);

    // Events: the redeem in both logs, the destination's inquiry only in its own.
    for org in [&bank, &lumen] {
        assert_eq!(f.logged(org, "share-token.redeemed", &token).len(), 1);
    }
    assert_eq!(f.logged(&lumen, "inquiry.created", &destination).len(), 1);
    assert_eq!(f.logged(&lumen, "inquiry.completed", &destination).len(), 1);
    assert!(f.logged_about(&bank, &destination).is_empty());
    assert!(f.logged_about(&bazaar, &token).is_empty());
    assert!(events
        .iter()
        .any(|e| e.event_type == "share-token.redeemed"));
}

#[test]
fn jamie_at_19_fails_lumen_credit_21_plus_though_the_source_accepted_18() {
    let mut f = Fixture::new();
    let (_, source, token) = f.token_setup(Scopes::everything(), "jamie");
    assert_eq!(f.inquiry(&source).status, InquiryStatus::Completed);
    assert!(f
        .inquiry(&source)
        .rule_results
        .iter()
        .any(|r| r.passed == Some(true) && r.detail.contains("age 19 meets the minimum of 18")));

    let destination = f.redeem_clone(&token, "Lumen Credit 21+");
    let d = f.inquiry(&destination).clone();
    assert_eq!(d.status, InquiryStatus::Failed);
    assert_eq!(d.failed_at, Some(NOW));
    assert_eq!(d.completed_at, None);
    let age = d
        .rule_results
        .iter()
        .find(|r| r.rule == "minimum age 21")
        .expect("the age rule ran");
    assert_eq!(age.passed, Some(false));
    assert!(
        age.detail.contains("age 19 is under the minimum of 21"),
        "{}",
        age.detail
    );
    // Every verification itself passed: it is the destination's rule that failed.
    assert!(d
        .verifications
        .iter()
        .all(|v| v.status == VerificationStatus::Passed));
    assert!(d.missing.is_empty());
    assert_eq!(f.logged(&f.lumen, "inquiry.failed", &destination).len(), 1);

    // The run finished, so the token is redeemed (the outcome lives on the inquiry).
    assert_eq!(f.token(&token).status, ShareTokenStatus::Redeemed);
    assert_eq!(f.inquiry(&source).status, InquiryStatus::Completed);
}

#[test]
fn sam_without_proof_of_address_stays_pending_against_lumen_strict() {
    let mut f = Fixture::new();
    let (_, _, token) = f.token_setup(Scopes::everything(), "sam");
    let destination = f.redeem_clone(&token, "Lumen Strict");
    let d = f.inquiry(&destination);

    assert_eq!(d.status, InquiryStatus::Pending);
    assert_eq!(d.completed_at, None);
    assert_eq!(d.failed_at, None);
    assert_eq!(
        d.missing,
        vec!["proof of address document evidence (never collected by the source)".to_string()]
    );
    let document = d
        .verifications
        .iter()
        .find(|v| v.kind == VerificationKind::Document)
        .expect("the document verification");
    assert_eq!(document.status, VerificationStatus::Initiated);
    assert!(document
        .reasons
        .iter()
        .any(|r| r.contains("cannot run") && r.contains("proof of address document")));
    // The rest of Lumen Strict passes for Sam (GB is allowed).
    assert!(d
        .verifications
        .iter()
        .filter(|v| v.kind != VerificationKind::Document)
        .all(|v| v.status == VerificationStatus::Passed));
    assert!(d.rule_results.iter().all(|r| r.passed == Some(true)));
}

#[test]
fn a_bridge_that_leaves_out_birthdate_leaves_the_run_pending_and_says_why() {
    let mut f = Fixture::new();
    let (_, _, token) = f.token_setup(all_fields_but(FieldGroup::Birthdate), "alex");
    let destination = f.redeem_clone(&token, "Lumen Basic");
    let d = f.inquiry(&destination);

    assert_eq!(d.status, InquiryStatus::Pending);
    assert_eq!(d.fields.birthdate, "");
    assert_eq!(
        d.missing,
        vec!["birthdate (not shared by the bridge)".to_string()]
    );
    let age = d
        .rule_results
        .iter()
        .find(|r| r.rule == "minimum age 18")
        .expect("the age rule");
    assert_eq!(age.passed, None);
    let government_id = d
        .verifications
        .iter()
        .find(|v| v.kind == VerificationKind::GovernmentId)
        .expect("the government ID verification");
    assert_eq!(government_id.status, VerificationStatus::Initiated);
    assert_eq!(f.token(&token).status, ShareTokenStatus::Redeemed);
}

#[test]
fn the_bridge_scopes_limit_what_is_copied() {
    let mut f = Fixture::new();
    let (_, _, token) = f.token_setup(scopes_fields(&[FieldGroup::Name]), "alex");
    let destination = f.redeem_clone(&token, "Lumen Basic");
    let d = f.inquiry(&destination);

    let alex = person("alex").fields;
    assert_eq!(
        d.fields,
        PersonFields {
            name_first: alex.name_first.clone(),
            name_middle: alex.name_middle.clone(),
            name_last: alex.name_last.clone(),
            ..PersonFields::default()
        }
    );
    assert_eq!(d.fields.name_first, "Alex");
    assert_eq!(d.fields.name_last, "Rivera");
    for (label, value) in d.fields.rows() {
        if !label.ends_with("name") {
            assert_eq!(value, "", "{label} was not shared");
        }
    }
    assert!(d.evidence.is_empty(), "no evidence was shared");
    assert_eq!(d.status, InquiryStatus::Pending);
    assert_eq!(
        d.missing,
        vec![
            "birthdate (not shared by the bridge)".to_string(),
            "identification number (not shared by the bridge)".to_string(),
            "government ID evidence (not shared by the bridge)".to_string(),
            "selfie evidence (not shared by the bridge)".to_string(),
        ]
    );
}

#[test]
fn evidence_is_copied_only_where_the_bridge_shares_it() {
    let mut f = Fixture::new();
    let scopes = Scopes {
        fields: FieldGroup::ALL.into_iter().collect(),
        verifications: BTreeSet::from([VerificationKind::GovernmentId]),
    };
    let (_, _, token) = f.token_setup(scopes, "alex");
    let destination = f.redeem_clone(&token, "Lumen Basic");
    let d = f.inquiry(&destination);
    assert_eq!(d.evidence, BTreeSet::from([VerificationKind::GovernmentId]));
    assert_eq!(d.status, InquiryStatus::Pending);
    assert_eq!(
        d.missing,
        vec!["selfie evidence (not shared by the bridge)".to_string()]
    );
}

#[test]
fn hydrate_fills_an_inquiry_the_destination_created_earlier() {
    let mut f = Fixture::new();
    let (bridge, _, token) = f.token_setup(Scopes::everything(), "alex");
    let (bank, lumen) = (f.bank.clone(), f.lumen.clone());

    // Lumen started an inquiry with nothing collected yet.
    let template_id = f.template(&lumen, "Lumen Basic");
    let events = f.ok(
        &lumen,
        Command::CreateInquiry {
            template_id: template_id.clone(),
            fields: Box::default(),
            evidence: BTreeSet::new(),
        },
    );
    let waiting = object_of(&events, "inquiry.created");
    let inquiries_before = f.world.inquiries.len();

    f.ok(
        &lumen,
        redeem(
            &token,
            RedeemTarget::Hydrate {
                destination_id: waiting.to_string(),
            },
        ),
    );

    assert_eq!(
        f.world.inquiries.len(),
        inquiries_before,
        "hydrate creates no inquiry"
    );
    let t = f.token(&token);
    assert_eq!(t.status, ShareTokenStatus::Redeemed);
    assert_eq!(t.destination_inquiry_id.as_ref(), Some(&waiting));
    let d = f.inquiry(&waiting);
    assert_eq!(d.template_id.as_str(), template_id);
    assert_eq!(d.status, InquiryStatus::Completed);
    assert_eq!(d.fields, person("alex").fields);
    assert_eq!(
        d.shared_from,
        Some(ShareOrigin {
            share_token_id: token.clone(),
            source_org_id: bank,
            bridge_id: bridge,
        })
    );
}

#[test]
fn hydrate_needs_a_fresh_inquiry_of_the_destination() {
    let mut f = Fixture::new();
    let (_, _, token) = f.token_setup(Scopes::everything(), "alex");
    let (bank, lumen) = (f.bank.clone(), f.lumen.clone());

    // Already run.
    let ran = f.completed_inquiry(&lumen, "Lumen Basic", "jamie");
    let err = f.refuse(
        &lumen,
        redeem(
            &token,
            RedeemTarget::Hydrate {
                destination_id: ran.to_string(),
            },
        ),
    );
    assert_error(
        &err,
        ErrorKind::Unprocessable,
        "redeem.hydrate-fresh-inquiry",
        &["completed", "has not run yet"],
    );

    // Someone else's inquiry: not found.
    let other = f.new_inquiry(&bank, "Retail KYC", "jamie");
    let err = f.refuse(
        &lumen,
        redeem(
            &token,
            RedeemTarget::Hydrate {
                destination_id: other.to_string(),
            },
        ),
    );
    assert_error(&err, ErrorKind::NotFound, "not-found", &["No inquiry"]);

    // Not an inquiry id at all.
    let err = f.refuse(
        &lumen,
        redeem(
            &token,
            RedeemTarget::Hydrate {
                destination_id: token.to_string(),
            },
        ),
    );
    assert_eq!(err.kind, ErrorKind::Unprocessable);
    assert_eq!(err.attribute, Some("destination-id"));
    assert_eq!(f.token(&token).status, ShareTokenStatus::New);
}

#[test]
fn an_inquiry_filled_by_one_token_cannot_be_hydrated_by_another() {
    let mut f = Fixture::new();
    let (bridge, source, first) = f.token_setup(Scopes::everything(), "sam");
    let (bank, lumen) = (f.bank.clone(), f.lumen.clone());
    let second = f.create_token(&bank, &bridge, &source);
    // Sam stays pending against Lumen Strict: still open, but already hydrated.
    let destination = f.redeem_clone(&first, "Lumen Strict");
    assert_eq!(f.inquiry(&destination).status, InquiryStatus::Pending);

    let err = f.refuse(
        &lumen,
        redeem(
            &second,
            RedeemTarget::Hydrate {
                destination_id: destination.to_string(),
            },
        ),
    );
    assert_eq!(err.kind, ErrorKind::Unprocessable);
    assert_eq!(err.rule, "redeem.hydrate-fresh-inquiry");
}

#[test]
fn clone_needs_a_template_of_the_destination() {
    let mut f = Fixture::new();
    let (_, _, token) = f.token_setup(Scopes::everything(), "alex");
    let (bank, lumen) = (f.bank.clone(), f.lumen.clone());
    let template_id = f.template(&bank, "Retail KYC");
    let err = f.refuse(&lumen, redeem(&token, RedeemTarget::Clone { template_id }));
    assert_error(
        &err,
        ErrorKind::NotFound,
        "not-found",
        &["No inquiry template"],
    );
    let err = f.refuse(
        &lumen,
        redeem(
            &token,
            RedeemTarget::Clone {
                template_id: String::new(),
            },
        ),
    );
    assert_eq!(err.kind, ErrorKind::BadRequest);
}

#[test]
fn the_destination_owns_its_copy_when_the_source_changes_later() {
    let mut f = Fixture::new();
    let (_, source, token) = f.token_setup(Scopes::everything(), "alex");
    let bank = f.bank.clone();
    let destination = f.redeem_clone(&token, "Lumen Basic");
    let copy = f.inquiry(&destination).clone();

    // The source declines its inquiry afterwards...
    f.ok(
        &bank,
        Command::DeclineInquiry {
            inquiry_id: source.to_string(),
        },
    );
    assert_eq!(f.inquiry(&source).status, InquiryStatus::Declined);
    // ...and its data changes (no command edits fields, so change the stored value).
    let changed = f.world.inquiries.get_mut(&source).expect("source inquiry");
    changed.fields.name_last = "Changed".into();
    changed.fields.birthdate = "2010-01-01".into();
    changed.evidence.clear();

    assert_eq!(f.inquiry(&destination), &copy);
    assert_eq!(f.inquiry(&destination).fields.name_last, "Rivera");
    assert_eq!(f.token(&token).status, ShareTokenStatus::Redeemed);
}

#[test]
fn every_redeem_run_is_deterministic() {
    // Two worlds built the same way give the same result, ids included.
    let build = || {
        let mut f = Fixture::new();
        let (_, _, token) = f.token_setup(Scopes::everything(), "jamie");
        f.redeem_clone(&token, "Lumen Credit 21+");
        f.world
    };
    assert!(build() == build());
}

#[test]
fn hydrate_keeps_destination_data_the_source_never_collected() {
    let mut f = Fixture::new();
    let (bank, lumen) = (f.bank.clone(), f.lumen.clone());
    let bridge = f.active_bridge(&bank, &lumen, Scopes::everything());
    // The source never asked for an email address.
    let mut fields = person("alex").fields;
    fields.email_address.clear();
    let events = f.ok(
        &bank,
        Command::CreateInquiry {
            template_id: f.template(&bank, "Retail KYC"),
            fields: Box::new(fields),
            evidence: person("alex").evidence,
        },
    );
    let source = object_of(&events, "inquiry.created");
    f.ok(
        &bank,
        Command::RunInquiry {
            inquiry_id: source.to_string(),
        },
    );
    let token = f.create_token(&bank, &bridge, &source);

    // The destination already has the end user's email from its own sign-up.
    let own = connect::PersonFields {
        email_address: "alex@lumen.example".into(),
        ..Default::default()
    };
    let events = f.ok(
        &lumen,
        Command::CreateInquiry {
            template_id: f.template(&lumen, "Lumen Basic"),
            fields: Box::new(own),
            evidence: BTreeSet::new(),
        },
    );
    let waiting = object_of(&events, "inquiry.created");
    f.ok(
        &lumen,
        redeem(
            &token,
            RedeemTarget::Hydrate {
                destination_id: waiting.to_string(),
            },
        ),
    );

    let d = f.inquiry(&waiting);
    assert_eq!(d.fields.email_address, "alex@lumen.example");
    assert_eq!(d.fields.name_first, "Alex");
    assert_eq!(d.status, InquiryStatus::Completed);
}

#[test]
fn a_redeem_refused_by_its_last_check_leaves_the_world_as_it_was() {
    let mut f = Fixture::new();
    let (_, inquiry, token) = f.token_setup(Scopes::everything(), "alex");
    let lumen = f.lumen.clone();
    // A destination inquiry that has already run: found only after the token, the target
    // template and the destination's ownership were all checked.
    let ran = f.completed_inquiry(&lumen, "Lumen Basic", "sam");
    let refused = f.refuse(
        &lumen,
        Command::RedeemShareToken {
            token_id: token.to_string(),
            target: RedeemTarget::Hydrate {
                destination_id: ran.to_string(),
            },
        },
    );
    assert_eq!(refused.rule, "redeem.hydrate-fresh-inquiry");
    // Another org's template as the target: refused the same way, nothing changed.
    let bank_template = f.template(&f.bank.clone(), "Retail KYC");
    let refused = f.refuse(
        &lumen,
        Command::RedeemShareToken {
            token_id: token.to_string(),
            target: RedeemTarget::Clone {
                template_id: bank_template,
            },
        },
    );
    assert_eq!(refused.kind, ErrorKind::NotFound);
    assert_eq!(f.token(&token).status, ShareTokenStatus::New);
    assert!(f.world.inquiries.contains_key(&inquiry));
}
