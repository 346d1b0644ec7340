//! Connect Playground: Persona Connect's Share Tokens, simulated in the browser.
//!
//! The rules live in the `connect` crate; this crate is the browser side: `store` keeps the
//! playground in local storage, `ui` renders it and turns clicks into `connect::Command`s,
//! and `panic` shows what went wrong when the app stops.

pub mod panic;
pub mod store;
pub mod ui;
