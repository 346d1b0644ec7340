//! The demo the playground starts with: three organizations with templates of different
//! strictness, and sample people to verify. Ids are random like every other id, except that a
//! reset or a preset can keep the seeded organizations' ids ([`KeepOrgIds`]).

use crate::ids::{prefix, Id, IdSource};
use crate::model::{Action, BridgeChoice, Trigger, WorkflowSpec};
use crate::model::{PersonFields, TemplateRules, VerificationKind};
use crate::time::Timestamp;
use crate::world::World;
use std::collections::BTreeSet;
use VerificationKind::{Database, Document, GovernmentId, Phone, Selfie};

/// A simulated end user a demo can verify without typing.
pub struct SamplePerson {
    pub key: &'static str,
    /// What the demo shows about this person, e.g. "19 years old: fails age ≥ 21".
    pub note: &'static str,
    pub fields: PersonFields,
    pub evidence: BTreeSet<VerificationKind>,
}

fn person(
    [first, last, birthdate, street, city, subdivision, postal, country, email, phone, id_number]: [&str; 11],
) -> PersonFields {
    PersonFields {
        name_first: first.into(),
        name_middle: String::new(),
        name_last: last.into(),
        birthdate: birthdate.into(),
        address_street: street.into(),
        address_city: city.into(),
        address_subdivision: subdivision.into(),
        address_postal_code: postal.into(),
        address_country_code: country.into(),
        email_address: email.into(),
        phone_number: phone.into(),
        identification_number: id_number.into(),
    }
}

pub fn sample_people() -> Vec<SamplePerson> {
    let all = crate::order::insert_all::<BTreeSet<_>, _>([GovernmentId, Selfie, Document]);
    vec![
        SamplePerson {
            key: "alex",
            note: "adult with every document: passes everywhere",
            fields: person([
                "Alex",
                "Rivera",
                "1994-03-14",
                "200 Market St",
                "San Francisco",
                "CA",
                "94105",
                "US",
                "alex.rivera@example.com",
                "+14155550101",
                "D1234567",
            ]),
            evidence: all.clone(),
        },
        SamplePerson {
            key: "jamie",
            note: "born 2007: passes age 18, fails age 21",
            fields: person([
                "Jamie",
                "Chen",
                "2007-06-01",
                "55 King St W",
                "Toronto",
                "ON",
                "M5K 1A2",
                "CA",
                "jamie.chen@example.com",
                "+14165550188",
                "C7654321",
            ]),
            evidence: all.clone(),
        },
        SamplePerson {
            key: "sam",
            note: "no proof-of-address document: stricter templates stay pending",
            fields: person([
                "Sam",
                "Okafor",
                "1988-09-30",
                "10 Downing Ln",
                "London",
                "",
                "SW1A 2AA",
                "GB",
                "sam.okafor@example.com",
                "+447700900123",
                "502135326",
            ]),
            evidence: crate::order::insert_all([GovernmentId, Selfie]),
        },
        SamplePerson {
            key: "morgan",
            note: "lives in Mexico: fails country rules limited to US, CA, GB",
            fields: person([
                "Morgan",
                "Diaz",
                "1990-01-20",
                "Av. Reforma 222",
                "Ciudad de México",
                "CDMX",
                "06600",
                "MX",
                "morgan.diaz@example.com",
                "+525555550123",
                "DIAZ900120",
            ]),
            evidence: all,
        },
        SamplePerson {
            key: "riley",
            note: "ID number too short: the government ID check fails",
            fields: person([
                "Riley",
                "Quinn",
                "1999-12-01",
                "1 Main St",
                "Springfield",
                "IL",
                "62701",
                "US",
                "riley.quinn@example.com",
                "+12175550199",
                "X12",
            ]),
            evidence: crate::order::insert_all([GovernmentId, Selfie]),
        },
    ]
}

/// The seeded demo: Northwind Bank (source-minded), Lumen Pay (destination-minded) and
/// Bazaar Market (a third party), each with its templates.
/// The seeded organizations' names, in the order [`demo_world`] adds them.
pub const SEEDED_ORGANIZATIONS: [&str; 3] = ["Northwind Bank", "Lumen Pay", "Bazaar Market"];

/// Ids for a fresh seed that give the seeded organizations the ids their namesakes have in a
/// world being replaced (a reset, a preset), so an open tab, a bookmark or a copied id that
/// names one of them still finds it. Every other id comes from `inner`.
pub struct KeepOrgIds<'a> {
    kept: std::collections::VecDeque<Option<Id>>,
    inner: &'a mut dyn IdSource,
}

impl<'a> KeepOrgIds<'a> {
    pub fn new(current: &World, inner: &'a mut dyn IdSource) -> KeepOrgIds<'a> {
        KeepOrgIds {
            kept: SEEDED_ORGANIZATIONS
                .iter()
                .map(|name| current.org_named(name))
                .collect(),
            inner,
        }
    }
}

impl IdSource for KeepOrgIds<'_> {
    fn random_uuid(&mut self) -> uuid::Uuid {
        self.inner.random_uuid()
    }

    fn new_id(&mut self, kind: &str) -> Id {
        if kind == prefix::ORGANIZATION {
            if let Some(Some(id)) = self.kept.pop_front() {
                return id;
            }
        }
        self.inner.new_id(kind)
    }
}

pub fn demo_world(now: Timestamp, ids: &mut dyn IdSource) -> World {
    let mut world = World::default();
    let adult = |countries: Option<&[&str]>| TemplateRules {
        minimum_age: Some(18),
        allowed_countries: countries.map(|c| c.iter().map(|s| s.to_string()).collect()),
    };

    let [bank_name, fintech_name, marketplace_name] = SEEDED_ORGANIZATIONS;
    let bank = world.add_organization(
        bank_name,
        "A retail bank. Usually the source: it verified its customers first.",
        now,
        ids,
    );
    world.add_template(
        &bank,
        "Retail KYC",
        vec![GovernmentId, Selfie],
        adult(None),
        ids,
    );
    world.add_template(
        &bank,
        "Premium KYC",
        vec![GovernmentId, Selfie, Database, Document],
        adult(None),
        ids,
    );

    // Seeded a millisecond apart so the switcher lists them in this order.
    let fintech = world.add_organization(
        fintech_name,
        "A fintech. Usually the destination: it reuses a bank's verification.",
        Timestamp(now.0 + 1),
        ids,
    );
    world.add_template(
        &fintech,
        "Lumen Basic",
        vec![GovernmentId, Selfie],
        adult(None),
        ids,
    );
    world.add_template(
        &fintech,
        "Lumen Strict",
        vec![GovernmentId, Selfie, Database, Document],
        adult(Some(&["US", "CA", "GB"])),
        ids,
    );
    world.add_template(
        &fintech,
        "Lumen Credit 21+",
        vec![GovernmentId, Selfie],
        TemplateRules {
            minimum_age: Some(21),
            allowed_countries: None,
        },
        ids,
    );

    let marketplace = world.add_organization(
        marketplace_name,
        "A marketplace. A third party that sees neither side's tokens.",
        Timestamp(now.0 + 2),
        ids,
    );
    world.add_template(
        &marketplace,
        "Seller onboarding",
        vec![GovernmentId, Phone],
        adult(None),
        ids,
    );
    world.add_template(
        &marketplace,
        "Buyer quick check",
        vec![Phone],
        TemplateRules::default(),
        ids,
    );

    world
}

/// What the app starts with: [`demo_world`] plus [`demo_workflows`]. The workflows come last and
/// apart so the API examples of `docs/api.md`, pinned to [`demo_world`]'s ids, stay as they are.
pub fn demo_playground(now: Timestamp, ids: &mut dyn IdSource) -> World {
    let mut world = demo_world(now, ids);
    demo_workflows(&mut world, now, ids);
    world
}

/// The automated share flow, ready for a demo and off until someone switches it on: Northwind
/// Bank shares every completed inquiry with Lumen Pay and sends the token to Lumen Pay's API;
/// Lumen Pay redeems tokens from Northwind Bank with its "Lumen Basic" template. Does nothing
/// when those orgs or that template are missing.
pub fn demo_workflows(world: &mut World, now: Timestamp, ids: &mut dyn IdSource) {
    let (Some(bank), Some(fintech)) = (
        world.org_named("Northwind Bank"),
        world.org_named("Lumen Pay"),
    ) else {
        return;
    };
    let Some(lumen_basic) = world
        .templates
        .values()
        .find(|t| t.org_id == fintech && t.name == "Lumen Basic")
        .map(|t| t.id.clone())
    else {
        return;
    };
    // The source's action names its destination rather than a bridge, because no bridge exists
    // yet: it uses whichever bridge to Lumen Pay is active when it runs.
    world.add_workflow(
        &bank,
        WorkflowSpec {
            name: "Share completed inquiries with Lumen Pay".into(),
            trigger: Trigger {
                event_type: "inquiry.completed".into(),
                ..Trigger::default()
            },
            actions: vec![
                Action::CreateShareToken {
                    bridge: BridgeChoice::ActiveBridgeTo(fintech.clone()),
                },
                Action::SendShareToken,
            ],
        },
        false,
        now,
        ids,
    );
    world.add_workflow(
        &fintech,
        WorkflowSpec {
            name: "Redeem tokens from Northwind Bank".into(),
            trigger: Trigger {
                event_type: "share-token.created".into(),
                source_org_id: Some(bank.clone()),
                addressed_to_us: true,
                ..Trigger::default()
            },
            actions: vec![Action::RedeemShareToken {
                template_id: lumen_basic,
            }],
        },
        false,
        Timestamp(now.0 + 1),
        ids,
    );
}
