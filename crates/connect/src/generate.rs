//! A busy playground made the way a user makes one: the seeded demo, then real commands through
//! [`Engine::command`], so objects, events (with their payloads) and the API's request
//! log are exactly what the app would store. `scripts/bench.sh` and the room measurements of
//! `docs/performance.md` start from it.

use crate::api::ApiState;
use crate::engine::Engine;
use crate::error::DomainError;
use crate::ids::{Id, IdSource};
use crate::model::Event;
use crate::model::{Creator, Scopes};
use crate::seed::{demo_playground, sample_people};
use crate::time::Timestamp;
use crate::world::{Command, World, EVENT_TRIM_STEP};
use std::collections::VecDeque;

/// What to generate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Size {
    pub share_tokens: usize,
    /// Completed inquiries of Northwind Bank, the tokens' sources (at least one).
    pub inquiries: usize,
    /// How many of the newest events the log keeps, let go in steps as the world does.
    pub event_log: usize,
}

/// The generated playground and the ids a benchmark acts with.
pub struct Busy {
    pub world: World,
    /// The API's records: the Dashboard commands' request log.
    pub api: ApiState,
    pub bank: Id,
    pub lumen: Id,
    pub bridge: Id,
}

fn org(world: &World, name: &str) -> Result<Id, DomainError> {
    world.org_named(name).ok_or_else(|| {
        DomainError::new(
            crate::ErrorKind::NotFound,
            "seed-missing",
            format!("The demo has no organization `{name}`."),
        )
    })
}

/// Northwind Bank with `size.inquiries` completed inquiries (one sample person, numbered so no
/// two are alike) and `size.share_tokens` new tokens to Lumen Pay over one active bridge, made a
/// second apart and ending at `now`, so none has expired at `now`.
pub fn busy_playground(
    size: Size,
    now: Timestamp,
    ids: &mut dyn IdSource,
) -> Result<Busy, DomainError> {
    let inquiries = size.inquiries.max(1);
    let steps = 3 + 2 * inquiries + size.share_tokens;
    let start = Timestamp(now.0 - 1_000 * steps as i64);
    let mut engine = Engine::new(demo_playground(start, ids), ApiState::default());
    let (bank, lumen) = (
        org(&engine.world, "Northwind Bank")?,
        org(&engine.world, "Lumen Pay")?,
    );
    let mut log = Log {
        kept: VecDeque::new(),
        total: 0,
        limit: size.event_log,
    };
    let mut step = 0;
    let mut run = |engine: &mut Engine, actor: &Id, command: Command| {
        step += 1;
        let at = Timestamp(start.0 + 1_000 * step);
        let events = engine.command(actor, command, at, ids)?;
        let first = events.first().map(|e| e.object_id.clone());
        log.extend(events);
        first.ok_or_else(|| {
            DomainError::new(
                crate::ErrorKind::Unprocessable,
                "no-event",
                "A generating command recorded no event.",
            )
        })
    };
    let bridge = run(
        &mut engine,
        &bank,
        Command::CreateBridge {
            destination_org_id: lumen.to_string(),
            scopes: Scopes::everything(),
        },
    )?;
    run(
        &mut engine,
        &lumen,
        Command::ActivateBridge {
            bridge_id: bridge.to_string(),
            template_id: None,
        },
    )?;
    let template = engine
        .world
        .templates
        .values()
        .find(|t| t.org_id == bank && t.name == "Retail KYC")
        .map(|t| t.id.to_string())
        .unwrap_or_default();
    let people = sample_people();
    let mut sources = Vec::with_capacity(inquiries);
    for i in 0..inquiries {
        let Some(person) = people.first() else { break };
        let mut fields = person.fields.clone();
        fields.email_address = format!("customer{i}@example.com");
        fields.identification_number = format!("D{:07}", 1_000_000 + i);
        let inquiry = run(
            &mut engine,
            &bank,
            Command::CreateInquiry {
                template_id: template.clone(),
                fields: Box::new(fields),
                evidence: person.evidence.clone(),
            },
        )?;
        run(
            &mut engine,
            &bank,
            Command::RunInquiry {
                inquiry_id: inquiry.to_string(),
            },
        )?;
        sources.push(inquiry);
    }
    for i in 0..size.share_tokens {
        let Some(source) = sources.get(i % sources.len().max(1)) else {
            break;
        };
        run(
            &mut engine,
            &bank,
            Command::CreateShareToken {
                bridge_id: bridge.to_string(),
                source_id: source.to_string(),
                expires_in_seconds: None,
                creator: Creator::Dashboard,
            },
        )?;
    }
    let Engine { mut world, api, .. } = engine;
    world.events = log.kept.into_iter().collect();
    world.events_trimmed = log.total - world.events.len();
    world.take_touched();
    Ok(Busy {
        world,
        api,
        bank,
        lumen,
        bridge,
    })
}

/// The event log as the world keeps it, with a limit of our choosing.
struct Log {
    kept: VecDeque<Event>,
    total: usize,
    limit: usize,
}

impl Log {
    fn extend(&mut self, events: Vec<Event>) {
        self.total += events.len();
        self.kept.extend(events);
        if self.kept.len() >= self.limit + EVENT_TRIM_STEP {
            let drop = (self.kept.len() - self.limit) / EVENT_TRIM_STEP * EVENT_TRIM_STEP;
            self.kept.drain(..drop);
        }
    }
}
