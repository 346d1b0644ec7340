//! Shared fixtures for the integration tests: a deterministic id source, the seeded demo world
//! at a fixed playground time, and helpers that apply commands and check refusals.

// Each test binary uses a different subset of these helpers.
#![allow(dead_code)]

use connect::api::{ApiRequest, ApiResponse, ApiState};
use connect::seed::{demo_world, sample_people, SamplePerson};
use connect::{
    Bridge, BridgeStatus, Command, Creator, DomainError, Engine, ErrorKind, Event, Id, IdSource,
    Inquiry, InquiryStatus, RedeemTarget, Scopes, ShareToken, ShareTokenStatus, Timestamp, World,
};
use std::collections::BTreeSet;

/// 2026-11-28T23:25:55Z: the fixed playground time of every test.
pub const NOW: Timestamp = Timestamp(1_795_908_355_000);

/// 21 days in seconds: the longest token lifetime.
pub const TWENTY_ONE_DAYS: i64 = 21 * 24 * 3_600;

/// Ids from a counter, shaped like UUID v4, so every run of a test sees the same ids.
#[derive(Default)]
pub struct SeqIds(u128);

impl IdSource for SeqIds {
    fn random_uuid(&mut self) -> uuid::Uuid {
        self.0 += 1;
        uuid::Builder::from_random_bytes(self.0.to_be_bytes()).into_uuid()
    }
}

/// The seeded demo world plus the handles tests need.
pub struct Fixture {
    pub world: World,
    /// The API's records beside the world (request log, idempotency, rate limits).
    pub api: ApiState,
    pub ids: SeqIds,
    /// Northwind Bank: usually the source.
    pub bank: Id,
    /// Lumen Pay: usually the destination.
    pub lumen: Id,
    /// Bazaar Market: a third party.
    pub bazaar: Id,
}

impl Fixture {
    pub fn new() -> Fixture {
        let mut ids = SeqIds::default();
        let world = demo_world(NOW, &mut ids);
        let find = |name: &str| {
            world
                .organizations
                .values()
                .find(|o| o.name == name)
                .unwrap_or_else(|| panic!("seeded organization {name}"))
                .id
                .clone()
        };
        let (bank, lumen, bazaar) = (
            find("Northwind Bank"),
            find("Lumen Pay"),
            find("Bazaar Market"),
        );
        Fixture {
            world,
            api: ApiState::default(),
            ids,
            bank,
            lumen,
            bazaar,
        }
    }

    /// The id (as a user would type it) of `org`'s template named `name`.
    pub fn template(&self, org: &Id, name: &str) -> String {
        self.world
            .templates
            .values()
            .find(|t| &t.org_id == org && t.name == name)
            .unwrap_or_else(|| panic!("template {name} of {org}"))
            .id
            .to_string()
    }

    /// Runs `act` on an engine holding the fixture's world and API records, and keeps what it
    /// changed: the path the app's store takes.
    pub fn with_engine<R>(&mut self, act: impl FnOnce(&mut Engine, &mut SeqIds) -> R) -> R {
        let mut engine = Engine::new(
            std::mem::take(&mut self.world),
            std::mem::take(&mut self.api),
        );
        let result = act(&mut engine, &mut self.ids);
        self.world = engine.world;
        self.api = engine.api;
        result
    }

    /// A Dashboard command through the engine: logged, and followed by what it sets off.
    pub fn flow_at(
        &mut self,
        actor: &Id,
        command: Command,
        now: Timestamp,
    ) -> Result<Vec<Event>, DomainError> {
        self.with_engine(|engine, ids| engine.command(actor, command, now, ids))
    }

    /// An API call through the engine at `now`.
    pub fn call_api(&mut self, request: &ApiRequest, now: Timestamp) -> ApiResponse {
        self.with_engine(|engine, ids| engine.api(request, now, ids))
    }

    /// Switches every workflow on, through the engine as the Dashboard would.
    pub fn enable_all_workflows(&mut self) {
        let workflows: Vec<(Id, String)> = self
            .world
            .workflows
            .values()
            .map(|w| (w.org_id.clone(), w.id.to_string()))
            .collect();
        for (org, workflow_id) in workflows {
            let enable = Command::SetWorkflowEnabled {
                workflow_id,
                enabled: true,
            };
            self.flow_at(&org, enable, NOW).expect("enabled");
        }
    }

    pub fn apply_at(
        &mut self,
        actor: &Id,
        command: Command,
        now: Timestamp,
    ) -> Result<Vec<Event>, DomainError> {
        self.world.apply(actor, command, now, &mut self.ids)
    }

    pub fn apply(&mut self, actor: &Id, command: Command) -> Result<Vec<Event>, DomainError> {
        self.apply_at(actor, command, NOW)
    }

    /// Applies a command that must succeed.
    pub fn ok_at(&mut self, actor: &Id, command: Command, now: Timestamp) -> Vec<Event> {
        let described = format!("{command:?}");
        self.apply_at(actor, command, now)
            .unwrap_or_else(|e| panic!("{described} was refused: {e:?}"))
    }

    pub fn ok(&mut self, actor: &Id, command: Command) -> Vec<Event> {
        self.ok_at(actor, command, NOW)
    }

    /// Applies a command that must be refused, and checks the world did not change at all.
    pub fn refuse_at(&mut self, actor: &Id, command: Command, now: Timestamp) -> DomainError {
        let before = self.world.clone();
        let described = format!("{command:?}");
        let err = match self.apply_at(actor, command, now) {
            Ok(events) => panic!("{described} was accepted (events {events:?})"),
            Err(e) => e,
        };
        assert!(
            self.world == before,
            "refused command {described} changed the world (error: {err:?})"
        );
        err
    }

    pub fn refuse(&mut self, actor: &Id, command: Command) -> DomainError {
        self.refuse_at(actor, command, NOW)
    }

    // ---- bridges -------------------------------------------------------------------------

    /// Creates a bridge and returns its id (still pending).
    pub fn create_bridge(&mut self, source: &Id, destination: &Id, scopes: Scopes) -> Id {
        let events = self.ok(
            source,
            Command::CreateBridge {
                destination_org_id: destination.to_string(),
                scopes,
            },
        );
        object_of(&events, "organization-bridge.created")
    }

    /// Creates a bridge and has the destination activate it.
    pub fn active_bridge(&mut self, source: &Id, destination: &Id, scopes: Scopes) -> Id {
        let id = self.create_bridge(source, destination, scopes);
        self.ok(destination, activate(&id));
        assert_eq!(self.bridge(&id).status, BridgeStatus::Active);
        id
    }

    pub fn bridge(&self, id: &Id) -> &Bridge {
        self.world
            .bridges
            .get(id)
            .expect("the test made this bridge")
    }

    // ---- inquiries -----------------------------------------------------------------------

    /// Creates (without running) an inquiry of `org` for a sample person.
    pub fn new_inquiry(&mut self, org: &Id, template: &str, person_key: &str) -> Id {
        let person = person(person_key);
        let template_id = self.template(org, template);
        let events = self.ok(
            org,
            Command::CreateInquiry {
                template_id,
                fields: Box::new(person.fields),
                evidence: person.evidence,
            },
        );
        object_of(&events, "inquiry.created")
    }

    /// Creates and runs an inquiry, returning its id and the status it ended in.
    pub fn run_inquiry(&mut self, org: &Id, template: &str, person_key: &str) -> Id {
        let id = self.new_inquiry(org, template, person_key);
        self.ok(
            org,
            Command::RunInquiry {
                inquiry_id: id.to_string(),
            },
        );
        id
    }

    /// An inquiry of `org` that ran to `completed`.
    pub fn completed_inquiry(&mut self, org: &Id, template: &str, person_key: &str) -> Id {
        let id = self.run_inquiry(org, template, person_key);
        assert_eq!(
            self.inquiry(&id).status,
            InquiryStatus::Completed,
            "{person_key} against {template}: {:?}",
            self.inquiry(&id)
        );
        id
    }

    pub fn inquiry(&self, id: &Id) -> &Inquiry {
        self.world
            .inquiries
            .get(id)
            .expect("the test made this inquiry")
    }

    // ---- share tokens --------------------------------------------------------------------

    pub fn create_token_at(
        &mut self,
        source: &Id,
        bridge: &Id,
        inquiry: &Id,
        expires_in_seconds: Option<i64>,
        now: Timestamp,
    ) -> Id {
        let events = self.ok_at(
            source,
            create_token(bridge, inquiry.as_str(), expires_in_seconds),
            now,
        );
        object_of(&events, "share-token.created")
    }

    pub fn create_token(&mut self, source: &Id, bridge: &Id, inquiry: &Id) -> Id {
        self.create_token_at(source, bridge, inquiry, None, NOW)
    }

    pub fn token(&self, id: &Id) -> &ShareToken {
        self.world
            .share_tokens
            .get(id)
            .expect("the test made this token")
    }

    /// The usual demo setup: bank → Lumen bridge (active, sharing `scopes`), a completed bank
    /// inquiry of `person_key` (Retail KYC) and a new token for it. Returns (bridge, inquiry, token).
    pub fn token_setup(&mut self, scopes: Scopes, person_key: &str) -> (Id, Id, Id) {
        let (bank, lumen) = (self.bank.clone(), self.lumen.clone());
        let bridge = self.active_bridge(&bank, &lumen, scopes);
        let inquiry = self.completed_inquiry(&bank, "Retail KYC", person_key);
        let token = self.create_token(&bank, &bridge, &inquiry);
        assert_eq!(self.token(&token).status, ShareTokenStatus::New);
        (bridge, inquiry, token)
    }

    /// Lumen redeems `token` into a new inquiry of its template `template`; returns the
    /// destination inquiry id.
    pub fn redeem_clone(&mut self, token: &Id, template: &str) -> Id {
        let lumen = self.lumen.clone();
        let template_id = self.template(&lumen, template);
        self.ok(&lumen, redeem(token, RedeemTarget::Clone { template_id }));
        self.token(token)
            .destination_inquiry_id
            .clone()
            .expect("a redeemed token names its destination inquiry")
    }

    /// Events in `org`'s log of `event_type` about `object`.
    pub fn logged(&self, org: &Id, event_type: &str, object: &Id) -> Vec<&Event> {
        self.world
            .events
            .iter()
            .filter(|e| &e.org_id == org && e.event_type == event_type && &e.object_id == object)
            .collect()
    }

    /// Every event in `org`'s log about `object`.
    pub fn logged_about(&self, org: &Id, object: &Id) -> Vec<&Event> {
        self.world
            .events
            .iter()
            .filter(|e| &e.org_id == org && &e.object_id == object)
            .collect()
    }
}

// ---- commands ----------------------------------------------------------------------------

pub fn activate(bridge: &Id) -> Command {
    Command::ActivateBridge {
        bridge_id: bridge.to_string(),
        template_id: None,
    }
}

pub fn deactivate(bridge: &Id) -> Command {
    Command::DeactivateBridge {
        bridge_id: bridge.to_string(),
    }
}

pub fn reactivate(bridge: &Id) -> Command {
    Command::ReactivateBridge {
        bridge_id: bridge.to_string(),
    }
}

pub fn create_bridge(destination: &Id, scopes: Scopes) -> Command {
    Command::CreateBridge {
        destination_org_id: destination.to_string(),
        scopes,
    }
}

pub fn create_token(bridge: &Id, source_id: &str, expires_in_seconds: Option<i64>) -> Command {
    Command::CreateShareToken {
        bridge_id: bridge.to_string(),
        source_id: source_id.to_string(),
        expires_in_seconds,
        creator: Creator::Dashboard,
    }
}

pub fn expire(token: &Id) -> Command {
    Command::ExpireShareToken {
        token_id: token.to_string(),
    }
}

pub fn redeem(token: &Id, target: RedeemTarget) -> Command {
    Command::RedeemShareToken {
        token_id: token.to_string(),
        target,
    }
}

// ---- data --------------------------------------------------------------------------------

pub fn person(key: &str) -> SamplePerson {
    sample_people()
        .into_iter()
        .find(|p| p.key == key)
        .unwrap_or_else(|| panic!("sample person {key}"))
}

pub fn scopes_fields(fields: &[connect::FieldGroup]) -> Scopes {
    Scopes {
        fields: fields.iter().copied().collect(),
        verifications: BTreeSet::new(),
    }
}

/// The id of the object of the first event of `event_type`.
pub fn object_of(events: &[Event], event_type: &str) -> Id {
    events
        .iter()
        .find(|e| e.event_type == event_type)
        .unwrap_or_else(|| panic!("no {event_type} among {events:?}"))
        .object_id
        .clone()
}

/// Checks an error's kind, rule name, and that its message (what a user reads) contains
/// every one of `words`.
#[track_caller]
pub fn assert_error(err: &DomainError, kind: ErrorKind, rule: &str, words: &[&str]) {
    assert_eq!(err.kind, kind, "kind of {err:?}");
    assert_eq!(err.rule, rule, "rule of {err:?}");
    for word in words {
        assert!(
            err.message.contains(word),
            "message {:?} should mention {word:?}",
            err.message
        );
    }
}

/// A fresh id of a kind that exists nowhere in the world.
pub fn unknown_id(prefix: &str) -> Id {
    Id::parse(&format!("{prefix}_ffffffffffffffffffffffffffffffff"))
}
