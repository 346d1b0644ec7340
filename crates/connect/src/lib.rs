//! The rules of Connect Playground, with no web dependency.
//!
//! Everything a user can do is a [`Command`] applied to the [`World`] by
//! [`World::apply`]: the Dashboard and the simulated API ([`api`]) share that one path, so each rule
//! of `docs/domain.md` is enforced in exactly one place. Time (`now`) and randomness (an
//! [`IdSource`]) come in from outside, which keeps the rules deterministic under test.

pub mod api;
pub mod clock;
pub mod demo;
pub mod error;
pub mod exchange;
pub mod ids;
pub mod model;
pub mod seed;
pub mod snapshot;
pub mod time;
pub mod verify;
pub mod webhook;
pub mod workflow;
pub mod world;

pub use error::{DomainError, ErrorKind};
pub use ids::{Id, IdSource, RandomIds};
pub use model::*;
pub use time::Timestamp;
pub use world::{Command, Event, InboxEntry, RedeemTarget, World};
