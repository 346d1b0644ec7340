//! Scenario presets: prepared worlds a presenter opens with one click (or a bookmarked URL).
//!
//! Each is the seeded demo ([`crate::seed::demo_playground`]) with real commands applied through
//! [`World::apply`], so a preset can only reach states the rules allow. Each leaves the
//! interesting moment to the presenter: the guide's next step shows what happens.

use crate::api::ApiState;
use crate::demo::guide::{CreatePath, HandOver, Paths};
use crate::engine::Engine;
use crate::error::{DomainError, ErrorKind};
use crate::ids::{Id, IdSource};
use crate::model::Event;
use crate::model::{Creator, FieldGroup, PersonFields, Scopes, VerificationKind};
use crate::seed::{demo_playground, sample_people};
use crate::time::Timestamp;
use crate::world::{Command, World};
use std::collections::BTreeSet;

/// A preset as the demo toolbar lists it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Preset {
    /// What `/demo?scenario=…` names.
    pub name: &'static str,
    pub title: &'static str,
    /// What the presenter will show, in a sentence.
    pub summary: &'static str,
    /// The guide's paths the preset is made for, when it is made for some: the demo switches
    /// to them as it opens the preset (the presenter may change them after).
    pub paths: Option<Paths>,
}

pub const PRESETS: [Preset; 6] = [
    Preset {
        name: "happy-path",
        title: "Happy path",
        summary: "Bridge active, Alex Rivera verified by Northwind Bank: create, hand over and redeem the token; Lumen Pay completes the inquiry.",
        paths: None,
    },
    Preset {
        name: "stricter-rule",
        title: "Age ≥ 21 rule",
        summary: "Northwind Bank accepted Jamie Chen at 18; Lumen Pay's waiting “Lumen Credit 21+” inquiry fails her on redeem.",
        paths: None,
    },
    Preset {
        name: "missing-data",
        title: "Data not shared",
        summary: "The bridge shares no address and no proof of address: Lumen Strict stays pending with the missing data listed.",
        paths: None,
    },
    Preset {
        name: "expiring-token",
        title: "Expiring token",
        summary: "A share token with about 90 seconds left on the playground clock: watch it expire, or move the clock, then try to redeem it.",
        paths: None,
    },
    Preset {
        name: "wrong-organization",
        title: "Wrong organization",
        summary: "Northwind Bank's token is addressed to Lumen Pay; Bazaar Market (right pane) tries to redeem it and is refused.",
        paths: None,
    },
    Preset {
        name: "automated",
        title: "Fully automated",
        summary: "Both seeded workflows are on and the bridge is active: verify a person at Northwind Bank and watch the token be created, sent and redeemed.",
        paths: Some(Paths {
            create: CreatePath::Workflow,
            hand_over: HandOver::DestinationWorkflow,
        }),
    },
];

/// A built preset: the world, how far the clock runs ahead of real time, and the organizations
/// the two panes show.
#[derive(Clone, Debug)]
pub struct Built {
    pub world: World,
    /// The request log of the commands that built it.
    pub api: ApiState,
    pub clock_offset_ms: i64,
    pub source: Id,
    pub destination: Id,
}

/// How long the expiring preset's token has left when the preset opens.
pub const EXPIRING_SECONDS_LEFT: i64 = 90;

pub fn preset(name: &str) -> Option<Preset> {
    PRESETS.into_iter().find(|p| p.name == name)
}

/// Builds the preset `name` at real time `now`.
pub fn build(name: &str, now: Timestamp, ids: &mut dyn IdSource) -> Result<Built, DomainError> {
    let Some(preset) = preset(name) else {
        let names: Vec<&str> = PRESETS.iter().map(|p| p.name).collect();
        return Err(DomainError::new(
            ErrorKind::NotFound,
            "scenario-unknown",
            format!(
                "There is no scenario `{name}`; the scenarios are {}.",
                names.join(", ")
            ),
        ));
    };
    let mut stage = Stage::new(now, ids)?;
    let (bank, lumen, bazaar) = (
        stage.bank.clone(),
        stage.lumen.clone(),
        stage.bazaar.clone(),
    );
    let mut destination = lumen.clone();
    let mut clock_offset_ms = 0;
    match preset.name {
        "happy-path" => {
            stage.bridge(Scopes::everything())?;
            stage.verify(&bank, "Retail KYC", "alex")?;
        }
        "stricter-rule" => {
            stage.bridge(Scopes::everything())?;
            stage.verify(&bank, "Retail KYC", "jamie")?;
            stage.waiting_inquiry(&lumen, "Lumen Credit 21+")?;
        }
        "missing-data" => {
            let mut scopes = Scopes::everything();
            scopes.fields.remove(&FieldGroup::Address);
            scopes.verifications.remove(&VerificationKind::Document);
            stage.bridge(scopes)?;
            stage.verify(&bank, "Premium KYC", "alex")?;
            stage.waiting_inquiry(&lumen, "Lumen Strict")?;
        }
        "expiring-token" => {
            let bridge = stage.bridge(Scopes::everything())?;
            let inquiry = stage.verify(&bank, "Retail KYC", "alex")?;
            let lifetime = 3_600;
            stage.token(&bridge, &inquiry, Some(lifetime))?;
            clock_offset_ms = (lifetime - EXPIRING_SECONDS_LEFT) * 1_000;
        }
        "wrong-organization" => {
            let bridge = stage.bridge(Scopes::everything())?;
            let inquiry = stage.verify(&bank, "Retail KYC", "alex")?;
            stage.token(&bridge, &inquiry, None)?;
            destination = bazaar;
        }
        _ => {
            stage.bridge(Scopes::everything())?;
            let workflows: Vec<(Id, Id)> = stage
                .engine
                .world
                .workflows
                .values()
                .filter(|w| w.org_id == bank || w.org_id == lumen)
                .map(|w| (w.org_id.clone(), w.id.clone()))
                .collect();
            for (owner, workflow) in workflows {
                stage.apply(
                    &owner,
                    Command::SetWorkflowEnabled {
                        workflow_id: workflow.to_string(),
                        enabled: true,
                    },
                )?;
            }
        }
    }
    let Engine { world, api, .. } = stage.engine;
    Ok(Built {
        world,
        api,
        clock_offset_ms,
        source: bank,
        destination,
    })
}

/// The seeded demo being prepared, with the handles a preset needs.
struct Stage<'a> {
    engine: Engine,
    now: Timestamp,
    ids: &'a mut dyn IdSource,
    bank: Id,
    lumen: Id,
    bazaar: Id,
}

fn missing(what: &str) -> DomainError {
    DomainError::new(
        ErrorKind::NotFound,
        "scenario-seed-missing",
        format!("The seeded demo has no {what}, which the scenario needs."),
    )
}

fn created(events: &[Event], prefix: &str) -> Result<Id, DomainError> {
    events
        .iter()
        .find(|e| e.object_id.prefix() == prefix && e.event_type.as_str().ends_with(".created"))
        .map(|e| e.object_id.clone())
        .ok_or_else(|| missing(&format!("new `{prefix}` object after a create")))
}

impl<'a> Stage<'a> {
    fn new(now: Timestamp, ids: &'a mut dyn IdSource) -> Result<Stage<'a>, DomainError> {
        let world = demo_playground(now, ids);
        let org = |name: &str| {
            world
                .org_named(name)
                .ok_or_else(|| missing(&format!("organization {name}")))
        };
        let (bank, lumen, bazaar) = (
            org("Northwind Bank")?,
            org("Lumen Pay")?,
            org("Bazaar Market")?,
        );
        Ok(Stage {
            engine: Engine::new(world, ApiState::default()),
            now,
            ids,
            bank,
            lumen,
            bazaar,
        })
    }

    fn apply(&mut self, actor: &Id, command: Command) -> Result<Vec<Event>, DomainError> {
        self.engine.command(actor, command, self.now, self.ids)
    }

    fn template(&self, org: &Id, name: &str) -> Result<Id, DomainError> {
        self.engine
            .world
            .templates_of(org)
            .into_iter()
            .find(|t| t.name == name)
            .map(|t| t.id.clone())
            .ok_or_else(|| missing(&format!("template {name}")))
    }

    /// Northwind Bank bridges to Lumen Pay with `scopes`, and Lumen Pay activates it.
    fn bridge(&mut self, scopes: Scopes) -> Result<Id, DomainError> {
        let (bank, lumen) = (self.bank.clone(), self.lumen.clone());
        let events = self.apply(
            &bank,
            Command::CreateBridge {
                destination_org_id: lumen.to_string(),
                scopes,
            },
        )?;
        let bridge = created(&events, "cnob")?;
        self.apply(
            &lumen,
            Command::ActivateBridge {
                bridge_id: bridge.to_string(),
                template_id: None,
            },
        )?;
        Ok(bridge)
    }

    /// `org` verifies the sample person `person` with its template `template`.
    fn verify(&mut self, org: &Id, template: &str, person: &str) -> Result<Id, DomainError> {
        let sample = sample_people()
            .into_iter()
            .find(|p| p.key == person)
            .ok_or_else(|| missing(&format!("sample person {person}")))?;
        let template_id = self.template(org, template)?;
        let events = self.apply(
            org,
            Command::CreateInquiry {
                template_id: template_id.to_string(),
                fields: Box::new(sample.fields),
                evidence: sample.evidence,
            },
        )?;
        let inquiry = created(&events, "inq")?;
        self.apply(
            org,
            Command::RunInquiry {
                inquiry_id: inquiry.to_string(),
            },
        )?;
        Ok(inquiry)
    }

    /// `org` creates an inquiry of `template` and leaves it for a token to fill (hydrate).
    fn waiting_inquiry(&mut self, org: &Id, template: &str) -> Result<Id, DomainError> {
        let template_id = self.template(org, template)?;
        let events = self.apply(
            org,
            Command::CreateInquiry {
                template_id: template_id.to_string(),
                fields: Box::new(PersonFields::default()),
                evidence: BTreeSet::new(),
            },
        )?;
        created(&events, "inq")
    }

    fn token(
        &mut self,
        bridge: &Id,
        inquiry: &Id,
        expires_in_seconds: Option<i64>,
    ) -> Result<Id, DomainError> {
        let bank = self.bank.clone();
        let events = self.apply(
            &bank,
            Command::CreateShareToken {
                bridge_id: bridge.to_string(),
                source_id: inquiry.to_string(),
                expires_in_seconds,
                creator: Creator::Dashboard,
            },
        )?;
        created(&events, "cnst")
    }
}
