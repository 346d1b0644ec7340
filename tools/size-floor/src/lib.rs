//! The bundle's floor: see Cargo.toml. Each feature is one part, measured alone and together.

#[cfg(feature = "rules")]
mod rules;
#[cfg(feature = "ui")]
mod ui;
