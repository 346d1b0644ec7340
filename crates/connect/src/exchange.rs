//! The export file: the whole playground as JSON a user downloads, and the checks a file must
//! pass before it may replace the playground.
//!
//! The file is the stored snapshot plus a marker, `{"app":"connect-playground", "version", …}`,
//! so a file from another app is recognised as foreign rather than half-read. Version and shape
//! are [`Snapshot::decode`]'s business (it will gain migrations from older versions); this module
//! adds the marker and the integrity checks a stored blob never needed because only this app
//! wrote it: every reference points at an object in the file, and every id has its prefix.

use crate::ids::{prefix, Id};
use crate::snapshot::{DecodeError, Snapshot, VERSION};
use crate::world::World;
use std::fmt;

/// The marker's key and value.
pub const APP_KEY: &str = "app";
pub const APP_NAME: &str = "connect-playground";

/// How many integrity problems a message lists before it says "and N more".
const PROBLEMS_SHOWN: usize = 3;

/// Why a file was refused. In every case nothing was imported.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ImportError {
    /// The text is not JSON at all.
    NotJson(String),
    /// JSON, but not written by Connect Playground (no or another `app` marker).
    NotAnExport(String),
    /// Written by a newer Connect Playground than this one.
    NewerVersion(u64),
    /// Marked as ours, but its content does not have the snapshot's shape.
    WrongShape(String),
    /// The right shape, but it refers to objects it does not hold, or has misprefixed ids.
    Inconsistent(Vec<String>),
}

impl ImportError {
    /// A stable name of the rule that refused the file.
    pub fn rule(&self) -> &'static str {
        match self {
            ImportError::NotJson(_) => "import.not-json",
            ImportError::NotAnExport(_) => "import.not-an-export",
            ImportError::NewerVersion(_) => "import.newer-version",
            ImportError::WrongShape(_) => "import.wrong-shape",
            ImportError::Inconsistent(_) => "import.integrity",
        }
    }
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImportError::NotJson(why) => write!(f, "This file is not JSON ({why})."),
            ImportError::NotAnExport(why) => write!(
                f,
                "This file is not a Connect Playground export: {why}. Only files made with Export can be imported."
            ),
            ImportError::NewerVersion(v) => write!(
                f,
                "This export is from a newer version of Connect Playground (schema {v}; this app reads up to {VERSION})."
            ),
            ImportError::WrongShape(why) => {
                write!(f, "This export is damaged: its content has the wrong shape ({why}).")
            }
            ImportError::Inconsistent(problems) => {
                let shown: Vec<&str> = problems
                    .iter()
                    .take(PROBLEMS_SHOWN)
                    .map(String::as_str)
                    .collect();
                write!(f, "This export is inconsistent: {}", shown.join("; "))?;
                match problems.len().saturating_sub(PROBLEMS_SHOWN) {
                    0 => f.write_str("."),
                    more => write!(f, "; and {more} more."),
                }
            }
        }
    }
}

impl std::error::Error for ImportError {}

/// The export file's text for `snapshot`.
pub fn export(snapshot: &Snapshot) -> Result<String, String> {
    let mut value = serde_json::to_value(snapshot).map_err(|e| e.to_string())?;
    let Some(object) = value.as_object_mut() else {
        return Err("a snapshot is not a JSON object".into());
    };
    object.insert(APP_KEY.into(), APP_NAME.into());
    serde_json::to_string_pretty(&value).map_err(|e| e.to_string())
}

/// Reads an export file, refusing anything that is not a consistent Connect Playground export.
pub fn import(text: &str) -> Result<Snapshot, ImportError> {
    let mut value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| ImportError::NotJson(e.to_string()))?;
    let Some(object) = value.as_object_mut() else {
        return Err(ImportError::NotAnExport(format!(
            "it holds a JSON {}, not an object",
            kind_of(&value)
        )));
    };
    match object.remove(APP_KEY) {
        Some(serde_json::Value::String(app)) if app == APP_NAME => {}
        Some(other) => {
            return Err(ImportError::NotAnExport(format!(
                "its \"{APP_KEY}\" is {other}, not \"{APP_NAME}\""
            )))
        }
        None => {
            return Err(ImportError::NotAnExport(format!(
                "it has no \"{APP_KEY}\": \"{APP_NAME}\" marker"
            )))
        }
    }
    let snapshot = Snapshot::decode(&value.to_string()).map_err(|e| match e {
        DecodeError::NewerVersion(v) => ImportError::NewerVersion(v),
        DecodeError::Unreadable(why) => ImportError::WrongShape(why),
    })?;
    let mut problems = integrity_problems(&snapshot.world);
    if snapshot.clock_offset_ms < 0 {
        problems.push(format!(
            "its clock is {} ms behind real time, and the playground clock never runs behind",
            -i128::from(snapshot.clock_offset_ms)
        ));
    }
    if problems.is_empty() {
        Ok(snapshot)
    } else {
        Err(ImportError::Inconsistent(problems))
    }
}

fn kind_of(value: &serde_json::Value) -> &'static str {
    match value {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "boolean",
        serde_json::Value::Number(_) => "number",
        serde_json::Value::String(_) => "string",
        serde_json::Value::Array(_) => "array",
        serde_json::Value::Object(_) => "object",
    }
}

/// Everything in `world` that refers to a missing object or has an id of the wrong kind, as
/// sentences a user can act on. Empty when the world is consistent.
pub fn integrity_problems(world: &World) -> Vec<String> {
    let mut problems = Vec::new();
    let mut id_kind = |id: &Id, want: &str, what: &str| {
        if id.prefix() != want || id.as_str().len() <= want.len() + 1 {
            problems.push(format!(
                "{what} `{id}` should have an id starting with `{want}_`"
            ));
        }
    };
    for org in world.organizations.values() {
        id_kind(&org.id, prefix::ORGANIZATION, "organization");
        id_kind(&org.api_key.id, prefix::API_KEY, "API key");
    }
    for template in world.templates.values() {
        id_kind(&template.id, prefix::TEMPLATE, "inquiry template");
    }
    for inquiry in world.inquiries.values() {
        id_kind(&inquiry.id, prefix::INQUIRY, "inquiry");
        for v in &inquiry.verifications {
            id_kind(&v.id, prefix::VERIFICATION, "verification");
        }
    }
    for bridge in world.bridges.values() {
        id_kind(&bridge.id, prefix::BRIDGE, "bridge");
    }
    for token in world.share_tokens.values() {
        id_kind(&token.id, prefix::SHARE_TOKEN, "share token");
    }
    for event in &world.events {
        id_kind(&event.id, prefix::EVENT, "event");
    }

    if world.organizations.is_empty() {
        problems.push("it has no organizations, so nobody could act in it".into());
    }
    keyed_by_id(&mut problems, "organization", &world.organizations, |o| {
        &o.id
    });
    keyed_by_id(&mut problems, "inquiry template", &world.templates, |t| {
        &t.id
    });
    keyed_by_id(&mut problems, "inquiry", &world.inquiries, |i| &i.id);
    keyed_by_id(&mut problems, "bridge", &world.bridges, |b| &b.id);
    keyed_by_id(&mut problems, "share token", &world.share_tokens, |t| &t.id);

    let org = |id: &Id| world.organizations.contains_key(id);

    for t in world.templates.values() {
        if !org(&t.org_id) {
            problems.push(missing(
                format!("inquiry template {}", t.id),
                "organization",
                &t.org_id,
            ));
        }
    }
    for i in world.inquiries.values() {
        let what = || format!("inquiry {}", i.id);
        if !org(&i.org_id) {
            problems.push(missing(what(), "organization", &i.org_id));
        }
        match world.templates.get(&i.template_id) {
            None => problems.push(missing(what(), "inquiry template", &i.template_id)),
            Some(t) if t.org_id != i.org_id => problems.push(format!(
                "inquiry {} uses template {} of another organization",
                i.id, t.id
            )),
            Some(_) => {}
        }
        if let Some(origin) = &i.shared_from {
            if !world.share_tokens.contains_key(&origin.share_token_id) {
                problems.push(missing(what(), "share token", &origin.share_token_id));
            }
            if !world.bridges.contains_key(&origin.bridge_id) {
                problems.push(missing(what(), "bridge", &origin.bridge_id));
            }
            if !org(&origin.source_org_id) {
                problems.push(missing(what(), "organization", &origin.source_org_id));
            }
        }
    }
    for b in world.bridges.values() {
        for side in [&b.source_org_id, &b.destination_org_id] {
            if !org(side) {
                problems.push(missing(format!("bridge {}", b.id), "organization", side));
            }
        }
    }
    for t in world.share_tokens.values() {
        let what = || format!("share token {}", t.id);
        match world.bridges.get(&t.bridge_id) {
            None => problems.push(missing(what(), "bridge", &t.bridge_id)),
            Some(b)
                if b.source_org_id != t.source_org_id
                    || b.destination_org_id != t.destination_org_id =>
            {
                problems.push(format!(
                    "share token {} names other organizations than its bridge {}",
                    t.id, b.id
                ))
            }
            Some(_) => {}
        }
        match world.inquiries.get(&t.source_id) {
            None => problems.push(missing(what(), "inquiry", &t.source_id)),
            Some(i) if i.org_id != t.source_org_id => problems.push(format!(
                "share token {} shares inquiry {}, which its source organization does not own",
                t.id, i.id
            )),
            Some(_) => {}
        }
        if let Some(destination) = &t.destination_inquiry_id {
            match world.inquiries.get(destination) {
                None => problems.push(missing(what(), "inquiry", destination)),
                Some(i) if i.org_id != t.destination_org_id => problems.push(format!(
                    "share token {} was redeemed into inquiry {}, which its destination does not own",
                    t.id, i.id
                )),
                Some(_) => {}
            }
        }
    }
    for e in &world.events {
        if !org(&e.org_id) {
            problems.push(missing(
                format!("event {}", e.id),
                "organization",
                &e.org_id,
            ));
        }
        if let Some(actor) = e.actor_org_id.as_ref().filter(|a| !org(a)) {
            problems.push(missing(format!("event {}", e.id), "organization", actor));
        }
    }
    problems
}

fn missing(what: String, refers: &str, id: &Id) -> String {
    format!("{what} refers to {refers} `{id}`, which is not in the file")
}

/// Each map entry must be stored under its own id; a file edited by hand may disagree.
fn keyed_by_id<T>(
    problems: &mut Vec<String>,
    what: &str,
    map: &std::collections::BTreeMap<Id, T>,
    id_of: impl Fn(&T) -> &Id,
) {
    for (key, item) in map {
        if id_of(item) != key {
            problems.push(format!(
                "the {what} listed under `{key}` has the id `{}`",
                id_of(item)
            ));
        }
    }
}
