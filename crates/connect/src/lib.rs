//! The rules of Connect Playground, with no web dependency.
//!
//! The crate is layered, each layer using only those below it:
//! base ([`ids`], [`time`], [`error`], [`clock`]) → [`model`] (plain data, [`verify`]) →
//! [`render`] (JSON:API representations) → [`world`] (commands, access rules, `World::apply`) →
//! [`automation`] (workflow runs, webhook deliveries) → [`api`] (the simulated HTTP API) →
//! [`engine`] (the one path every change takes) → [`seed`], [`snapshot`], [`exchange`].
//!
//! Everything a user can do is a [`Command`] applied to the [`World`] by [`World::apply`]; the
//! [`Engine`] wraps that for the Dashboard, the API, the clock and the ticker alike, so each rule
//! and each reaction has one home. Time (`now`) and randomness (an [`IdSource`]) come in from
//! outside, which keeps the rules deterministic under test.

pub mod api;
pub mod automation;
pub mod clock;
pub mod demo;
pub mod engine;
pub mod error;
pub mod exchange;
pub mod generate;
pub mod id_map;
pub mod ids;
pub mod model;
pub mod order;
pub mod pack;
pub mod render;
pub mod seed;
pub mod snapshot;
pub mod stored;
pub mod time;
pub mod verify;
pub mod world;

pub use engine::Engine;
pub use error::{DomainError, ErrorKind};
pub use id_map::{IdMap, IdSet};
pub use ids::{Id, IdSource, RandomIds};
pub use model::*;
pub use time::Timestamp;
pub use world::{Command, RedeemTarget, World};
