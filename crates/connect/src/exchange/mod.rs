//! The export file: the whole playground as JSON a user downloads, and the checks a file must
//! pass before it may replace the playground.
//!
//! The file is the stored snapshot plus a marker, `{"app":"connect-playground", "version", …}`,
//! so a file from another app is recognised as foreign rather than half-read. Version and shape
//! are [`Snapshot::decode`]'s business (it will gain migrations from older versions); this module
//! adds the marker and the checks a stored blob never needed because only this app wrote it.
//! A file is someone else's work, so it passes the same checks as the commands that create
//! each object (webhook URLs and event types, workflow specs, the per-org limits), every
//! reference points at an object in the file, every id has its prefix, API secrets are unique,
//! tokens agree with their bridge and inquiries, the clock is within its bounds, and no number
//! is beyond what JavaScript holds exactly. What a file would install that acts by itself
//! (workflows, webhook endpoints) arrives disabled and is listed in the [`preview`].

mod integrity;
pub mod secrets;

pub use integrity::integrity_problems;

use crate::clock;
use crate::snapshot::{DecodeError, Snapshot, VERSION};
use std::fmt;

/// The largest file an import reads: far more than a playground's 5 MB of local storage, and
/// small enough to parse without freezing the page.
pub const MAX_FILE_BYTES: usize = 8 * 1024 * 1024;

/// The most text a gzip-compressed file may unpack to. The export of a busy playground is
/// larger than [`MAX_FILE_BYTES`] as JSON (57 MB at 20,000 share tokens, 5,000 inquiries and
/// 20,000 events) and about 3 MB compressed, so the Sandbox writes it compressed and reads it
/// back that way; the file itself is still held to [`MAX_FILE_BYTES`], and its unpacking stops
/// here, so a small file cannot unpack into more than the page can hold.
pub const MAX_UNPACKED_BYTES: usize = 128 * 1024 * 1024;

/// The most JSON values (counted by their separators) the text of a compressed file may hold:
/// the checks read a file as a tree of values, about 20 times the memory of a number's text, so
/// 128 MB of `0,0,0,…` would not fit in the page's memory. An export holds one value per 43
/// bytes or so (1,341,639 in the 57 MB of 20,000 tokens), so this is six times that.
pub const MAX_UNPACKED_VALUES: usize = 8_000_000;

/// The largest number a file may hold anywhere: JavaScript's largest exact integer, so every
/// stored count and time has room to grow without overflow.
pub const MAX_NUMBER: u64 = (1 << 53) - 1;

/// The marker's key and value.
pub const APP_KEY: &str = "app";
pub const APP_NAME: &str = "connect-playground";

/// How many integrity problems a message lists before it says "and N more".
const PROBLEMS_SHOWN: usize = 3;

/// Why a file was refused. In every case nothing was imported.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ImportError {
    /// Larger than [`MAX_FILE_BYTES`]; the size in bytes.
    TooLarge(usize),
    /// A gzip-compressed file that unpacks to more than [`MAX_UNPACKED_BYTES`].
    UnpacksTooLarge,
    /// It starts as a gzip file does, but does not unpack; what the browser said.
    NotGzip(String),
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
            ImportError::TooLarge(_) => "import.at-most-8-mb",
            ImportError::UnpacksTooLarge => "import.unpacks-to-at-most-128-mb",
            ImportError::NotGzip(_) => "import.not-gzip",
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
            ImportError::TooLarge(bytes) => write!(
                f,
                "This file is {}; an export is at most {} MB, so it was not read.",
                megabytes(*bytes),
                MAX_FILE_BYTES / (1024 * 1024)
            ),
            ImportError::UnpacksTooLarge => write!(
                f,
                "This compressed file unpacks to more than the export of the largest playground (at most {} MB and {} million JSON values), so it was not read.",
                MAX_UNPACKED_BYTES / (1024 * 1024),
                MAX_UNPACKED_VALUES / 1_000_000
            ),
            ImportError::NotGzip(why) => write!(
                f,
                "This file starts as a gzip-compressed file does, but it could not be unpacked ({why})."
            ),
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
                    // A rule's own sentence ends in a full stop; the list puts its own.
                    .map(|p| p.trim_end_matches('.'))
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

/// `bytes` in megabytes (of 1,048,576 bytes) to a tenth, rounded up, so a file just over a
/// bound never reads as the bound itself: `8.1 MB`. In integers: formatting an `f64` would link
/// the standard library's float printer into the wasm.
pub fn megabytes(bytes: usize) -> String {
    let tenths = u64::try_from(bytes)
        .unwrap_or(u64::MAX)
        .saturating_mul(10)
        .saturating_add(1024 * 1024 - 1)
        / (1024 * 1024);
    format!("{}.{} MB", tenths / 10, tenths % 10)
}

/// The export file's text for `snapshot`.
pub fn export(snapshot: &Snapshot) -> Result<String, String> {
    // Through the stored text rather than `to_value`, which would compile a second copy of
    // every record type's Serialize impl into the wasm (docs/performance.md). Pretty-printed,
    // for a person to read.
    let mut value: serde_json::Value =
        serde_json::from_str(&snapshot.encode()?).map_err(|e| e.to_string())?;
    let Some(object) = value.as_object_mut() else {
        return Err("a snapshot is not a JSON object".into());
    };
    object.insert(APP_KEY.into(), APP_NAME.into());
    serde_json::to_string_pretty(&value).map_err(|e| e.to_string())
}

/// Reads an export file, refusing anything that is not a consistent Connect Playground export.
/// The workflows and webhook endpoints it holds arrive disabled: the importing user switches
/// on what they trust, after reading the [`preview`].
pub fn import(text: &str) -> Result<Snapshot, ImportError> {
    if text.len() > MAX_FILE_BYTES {
        return Err(ImportError::TooLarge(text.len()));
    }
    read(text)
}

/// Reads the text a gzip-compressed export file unpacked to (the file itself was at most
/// [`MAX_FILE_BYTES`]): as [`import`], up to [`MAX_UNPACKED_BYTES`] of text.
pub fn import_unpacked(text: &str) -> Result<Snapshot, ImportError> {
    if text.len() > MAX_UNPACKED_BYTES || more_values_than(text, MAX_UNPACKED_VALUES) {
        return Err(ImportError::UnpacksTooLarge);
    }
    read(text)
}

/// Whether the JSON `text` holds more than `limit` values, counted without parsing: one per
/// `,`, `[` or `{` outside strings.
fn more_values_than(text: &str, limit: usize) -> bool {
    let (mut in_string, mut escaped, mut values) = (false, false, 0usize);
    for byte in text.bytes() {
        if in_string {
            match byte {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
        } else {
            match byte {
                b'"' => in_string = true,
                b',' | b'[' | b'{' => values += 1,
                _ => {}
            }
        }
    }
    values > limit
}

/// Whether `bytes` start as a gzip file does (RFC 1952's two magic bytes).
pub fn is_gzip(bytes: &[u8]) -> bool {
    bytes.starts_with(&[0x1f, 0x8b])
}

fn read(text: &str) -> Result<Snapshot, ImportError> {
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
                "its \"{APP_KEY}\" is {}, not \"{APP_NAME}\"",
                crate::error::shorten(&other.to_string())
            )))
        }
        None => {
            return Err(ImportError::NotAnExport(format!(
                "it has no \"{APP_KEY}\": \"{APP_NAME}\" marker"
            )))
        }
    }
    let mut problems = Vec::new();
    oversized_numbers(&value, &mut String::new(), &mut problems);
    if !problems.is_empty() {
        return Err(ImportError::Inconsistent(problems));
    }
    let mut snapshot = Snapshot::decode(&value.to_string()).map_err(|e| match e {
        DecodeError::NewerVersion(v) => ImportError::NewerVersion(v),
        DecodeError::Unreadable(why) => ImportError::WrongShape(why),
    })?;
    let mut problems = integrity_problems(&snapshot.world);
    if let Err(refused) = clock::check_offset(snapshot.clock_offset_ms) {
        problems.push(format!("its clock: {}", refused.message));
    }
    if !problems.is_empty() {
        return Err(ImportError::Inconsistent(problems));
    }
    for workflow in snapshot.world.workflows.values_mut() {
        workflow.enabled = false;
    }
    for endpoint in snapshot.world.webhooks.values_mut() {
        endpoint.enabled = false;
    }
    Ok(snapshot)
}

/// Every number beyond ±[`MAX_NUMBER`] (or not finite) in `value`, by its path.
fn oversized_numbers(value: &serde_json::Value, path: &mut String, problems: &mut Vec<String>) {
    match value {
        serde_json::Value::Number(n) => {
            let fits = match (n.as_u64(), n.as_i64(), n.as_f64()) {
                (Some(u), _, _) => u <= MAX_NUMBER,
                (_, Some(i), _) => i.unsigned_abs() <= MAX_NUMBER,
                (_, _, Some(f)) => f.is_finite() && f.abs() <= MAX_NUMBER as f64,
                _ => false,
            };
            if !fits {
                problems.push(format!(
                    "`{path}` is {n}, beyond the largest number the playground keeps ({MAX_NUMBER})"
                ));
            }
        }
        serde_json::Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                let len = path.len();
                path.push_str(&format!("[{i}]"));
                oversized_numbers(item, path, problems);
                path.truncate(len);
            }
        }
        serde_json::Value::Object(map) => {
            for (key, item) in map {
                let len = path.len();
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(key);
                oversized_numbers(item, path, problems);
                path.truncate(len);
            }
        }
        _ => {}
    }
}

/// What an import would install that acts by itself, for the user to read before confirming.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Preview {
    pub webhooks: Vec<WebhookPreview>,
    pub workflows: Vec<WorkflowPreview>,
}

/// A webhook endpoint the file holds: where it would POST, and which events.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WebhookPreview {
    pub organization: String,
    pub url: String,
    pub event_types: Vec<String>,
}

/// A workflow the file holds: its name, what triggers it, and its actions in words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WorkflowPreview {
    pub organization: String,
    pub name: String,
    pub trigger: String,
    pub actions: Vec<String>,
}

/// The webhook endpoints and workflows `snapshot` holds, each org's oldest first. All arrive
/// disabled.
pub fn preview(snapshot: &Snapshot) -> Preview {
    let world = &snapshot.world;
    let mut webhooks: Vec<_> = world.webhooks.values().collect();
    crate::order::sort_by(&mut webhooks, |a, b| {
        (&a.org_id, a.created_at, &a.id).cmp(&(&b.org_id, b.created_at, &b.id))
    });
    let mut workflows: Vec<_> = world.workflows.values().collect();
    crate::order::sort_by(&mut workflows, |a, b| {
        (&a.org_id, a.created_at, &a.id).cmp(&(&b.org_id, b.created_at, &b.id))
    });
    Preview {
        webhooks: webhooks
            .into_iter()
            .map(|w| WebhookPreview {
                organization: world.org_name(&w.org_id),
                url: w.url.clone(),
                event_types: w.event_types.clone(),
            })
            .collect(),
        workflows: workflows
            .into_iter()
            .map(|w| WorkflowPreview {
                organization: world.org_name(&w.org_id),
                name: w.name.clone(),
                trigger: w.trigger.event_type.clone(),
                actions: w.actions.iter().map(|a| a.describe(world)).collect(),
            })
            .collect(),
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
