//! Automation: what events set off after a command. Workflows run their steps as ordinary
//! commands, and every event an org's webhook endpoints take becomes a signed delivery.
//!
//! Rules this layer decides (see `docs/workflows.md`):
//! - Each action is an ordinary [`Command`], run through the `run_step`
//!   the caller passes: the engine applies it as the workflow's org exactly as the Dashboard's
//!   commands are applied, and logs it with origin `workflow`, so no rule has a second home and
//!   this layer never calls the API.
//! - A step that fails changes nothing (a refused command changes nothing) and stops its run; the
//!   steps before it were complete commands and stay applied. The run records the error.
//! - Events of a run can trigger further runs, to a bounded depth ([`MAX_CHAIN_DEPTH`]); a run
//!   past it does nothing and fails with "workflow chain stopped at depth 5".
//! - One action sets off at most [`MAX_RUNS_PER_ACTION`] runs, however wide the workflows
//!   fan out; the next workflow it would trigger gets a failed run that names the bound and
//!   sets off nothing, and no further run starts.
//! - Runs happen in the same action as the command that set them off: one lock, one save.

pub mod webhook;
mod workflow;

pub use webhook::{body_of, sign, verify, DELIVERIES_KEPT_PER_ORG, SIGNATURE_HEADER};
pub use workflow::{matches, react};

use crate::error::DomainError;
use crate::ids::{Id, IdSource};
use crate::model::Event;
use crate::world::{Command, World};

/// How many workflow runs deep a chain may go: runs set off by runs set off by … a command.
pub const MAX_CHAIN_DEPTH: usize = 5;
/// Workflow runs one action may set off, all chains together: depth alone bounds a chain, not
/// its breadth (10 workflows that trigger each other would make about a million runs).
pub const MAX_RUNS_PER_ACTION: usize = 50;
/// Runs kept per org; older ones are deleted (records included) so storage stays bounded.
pub const RUNS_KEPT_PER_ORG: usize = 100;

/// Runs one workflow step as `actor`: applies the command and returns its events, or refuses
/// it and changes nothing.
pub type RunStep<'a> =
    dyn FnMut(&mut World, &Id, Command, &mut dyn IdSource) -> Result<Vec<Event>, DomainError> + 'a;
