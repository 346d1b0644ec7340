//! The engine: the one place that runs what follows a change. Every entry point (a Dashboard
//! command, an API call, a clock move, the ticker) goes the same way: record the expiries the
//! clock has passed, apply, log, let workflows react (each step applied and logged as origin
//! `workflow`), and collect the webhook deliveries all of it made.

use crate::api::{self, ApiRequest, ApiResponse, ApiState, Origin};
use crate::automation;
use crate::clock::Clock;
use crate::error::DomainError;
use crate::ids::{Id, IdSource};
use crate::model::{Delivery, DeliveryOutcome, Event};
use crate::time::Timestamp;
use crate::world::{Command, World};

/// The world and the API's records beside it, changed only through the entry points below.
#[derive(Clone, Debug, Default)]
pub struct Engine {
    pub world: World,
    pub api: ApiState,
    /// Deliveries made since the caller last took them, oldest first.
    outbox: Vec<Delivery>,
}

impl Engine {
    pub fn new(world: World, api: ApiState) -> Engine {
        Engine {
            world,
            api,
            outbox: Vec::new(),
        }
    }

    /// Applies a Dashboard `command` as `actor` at the playground time `clock.now`, after
    /// recording due expiries, and runs what it sets off. Returns every event recorded: the expiries', the command's and
    /// the reactions'. A refused command changes nothing (due expiries are still recorded:
    /// they happened whatever the command).
    pub fn command(
        &mut self,
        actor: &Id,
        command: Command,
        clock: impl Into<Clock>,
        ids: &mut dyn IdSource,
    ) -> Result<Vec<Event>, DomainError> {
        let clock = clock.into();
        let now = clock.now;
        let mut events = self.catch_up(clock, ids);
        let applied = apply_logged(
            &mut self.world,
            &mut self.api,
            actor,
            command,
            Origin::Dashboard,
            now,
            ids,
        )?;
        let reactions = self.react(&applied, clock, ids);
        events.extend(applied);
        events.extend(reactions);
        Ok(events)
    }

    /// Serves one API call at `clock.now`, after recording due expiries, and runs what its
    /// events set off.
    pub fn api(
        &mut self,
        request: &ApiRequest,
        clock: impl Into<Clock>,
        ids: &mut dyn IdSource,
    ) -> ApiResponse {
        let clock = clock.into();
        self.catch_up(clock, ids);
        let mark = self.world.events_mark();
        let response = api::handle(&mut self.world, &mut self.api, request, clock.now, ids);
        let events = self.world.events_since(mark);
        self.react(&events, clock, ids);
        response
    }

    /// The playground clock moved to `clock.now`: records what it has passed, and the
    /// reactions.
    pub fn clock_moved(&mut self, clock: impl Into<Clock>, ids: &mut dyn IdSource) -> Vec<Event> {
        self.catch_up(clock.into(), ids)
    }

    /// The ticker's beat: records the expiries due at `clock.now`, and the reactions. Returns
    /// the events recorded (none when nothing was due).
    pub fn tick(&mut self, clock: impl Into<Clock>, ids: &mut dyn IdSource) -> Vec<Event> {
        self.catch_up(clock.into(), ids)
    }

    /// Records what the POST of delivery `id` came to. Returns false when the delivery is gone.
    pub fn record_delivery(&mut self, id: &Id, outcome: DeliveryOutcome, at: Timestamp) -> bool {
        self.world.record_delivery_outcome(id, outcome, at)
    }

    /// The webhook deliveries made since the last call, oldest first; each is handed out once.
    pub fn take_deliveries(&mut self) -> Vec<Delivery> {
        std::mem::take(&mut self.outbox)
    }

    /// Due expiries and their reactions.
    fn catch_up(&mut self, clock: Clock, ids: &mut dyn IdSource) -> Vec<Event> {
        let mut events = self.world.expire_due(clock.now, ids);
        let more = self.react(&events, clock, ids);
        events.extend(more);
        events
    }

    /// Workflows and webhooks for `events`; returns the events the runs appended and queues the
    /// deliveries made.
    fn react(&mut self, events: &[Event], clock: Clock, ids: &mut dyn IdSource) -> Vec<Event> {
        let now = clock.now;
        let seq = self.world.last_delivery_seq();
        let api = &mut self.api;
        let mut run_step = |world: &mut World,
                            actor: &Id,
                            command: Command,
                            ids: &mut dyn IdSource|
         -> Result<Vec<Event>, DomainError> {
            apply_logged(world, api, actor, command, Origin::Workflow, now, ids)
        };
        let appended = automation::react(&mut self.world, events, clock, ids, &mut run_step);
        let made = self.world.deliveries_after(seq).into_iter().cloned();
        self.outbox.extend(made);
        appended
    }
}

/// Applies `command` and, when it was accepted, logs it with `origin`.
fn apply_logged(
    world: &mut World,
    api: &mut ApiState,
    actor: &Id,
    command: Command,
    origin: Origin,
    now: Timestamp,
    ids: &mut dyn IdSource,
) -> Result<Vec<Event>, DomainError> {
    let logged = command.clone();
    let events = world.apply(actor, command, now, ids)?;
    api::log_command(world, api, actor, &logged, origin, &events, now, ids);
    Ok(events)
}
