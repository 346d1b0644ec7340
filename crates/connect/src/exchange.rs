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

use crate::clock;
use crate::ids::{prefix, Id};
use crate::model::{ShareTokenStatus, WorkflowSpec};
use crate::snapshot::{DecodeError, Snapshot, VERSION};
use crate::world::{check_webhook, World, MAX_ENDPOINTS, MAX_WORKFLOWS_PER_ORG};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// The largest file an import reads: far more than a playground's 5 MB of local storage, and
/// small enough to parse without freezing the page.
pub const MAX_FILE_BYTES: usize = 8 * 1024 * 1024;

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
                "This file is {:.1} MB; an export is at most {} MB, so it was not read.",
                *bytes as f64 / (1024.0 * 1024.0),
                MAX_FILE_BYTES / (1024 * 1024)
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
/// The workflows and webhook endpoints it holds arrive disabled: the importing user switches
/// on what they trust, after reading the [`preview`].
pub fn import(text: &str) -> Result<Snapshot, ImportError> {
    if text.len() > MAX_FILE_BYTES {
        return Err(ImportError::TooLarge(text.len()));
    }
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
    webhooks
        .sort_by(|a, b| (&a.org_id, a.created_at, &a.id).cmp(&(&b.org_id, b.created_at, &b.id)));
    let mut workflows: Vec<_> = world.workflows.values().collect();
    workflows
        .sort_by(|a, b| (&a.org_id, a.created_at, &a.id).cmp(&(&b.org_id, b.created_at, &b.id)));
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
    for workflow in world.workflows.values() {
        id_kind(&workflow.id, prefix::WORKFLOW, "workflow");
    }
    for run in world.workflow_runs.values() {
        id_kind(&run.id, prefix::WORKFLOW_RUN, "workflow run");
    }
    for endpoint in world.webhooks.values() {
        id_kind(&endpoint.id, prefix::WEBHOOK, "webhook endpoint");
    }
    for delivery in world.deliveries.values() {
        id_kind(&delivery.id, prefix::WEBHOOK_DELIVERY, "webhook delivery");
    }
    for entry in &world.partner_inbox {
        id_kind(&entry.id, prefix::INBOX, "partner inbox entry");
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
    keyed_by_id(&mut problems, "workflow", &world.workflows, |w| &w.id);
    keyed_by_id(&mut problems, "workflow run", &world.workflow_runs, |r| {
        &r.id
    });
    keyed_by_id(&mut problems, "webhook endpoint", &world.webhooks, |w| {
        &w.id
    });
    keyed_by_id(&mut problems, "webhook delivery", &world.deliveries, |d| {
        &d.id
    });

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
    secrets_problems(world, &mut problems);
    token_problems(world, &mut problems);
    automation_problems(world, &mut problems);
    problems
}

/// Each org's API secret is its identity in the API: two orgs sharing one would let either
/// act as the other.
fn secrets_problems(world: &World, problems: &mut Vec<String>) {
    let mut holders: BTreeMap<&str, Vec<&Id>> = BTreeMap::new();
    for org in world.organizations.values() {
        if org.api_key.secret.trim().is_empty() {
            problems.push(format!("organization {} has an empty API secret", org.id));
        }
        holders
            .entry(org.api_key.secret.as_str())
            .or_default()
            .push(&org.id);
    }
    for orgs in holders.values().filter(|orgs| orgs.len() > 1) {
        let named: Vec<String> = orgs.iter().map(|id| id.to_string()).collect();
        problems.push(format!(
            "organizations {} share one API secret; each needs its own",
            named.join(", ")
        ));
    }
}

/// A token's status agrees with its timestamps, and a redeemed token with the inquiry it made.
fn token_problems(world: &World, problems: &mut Vec<String>) {
    for t in world.share_tokens.values() {
        if t.expires_at < t.created_at {
            problems.push(format!(
                "share token {} expires before it was created",
                t.id
            ));
        }
        let stamped = match t.status {
            ShareTokenStatus::New => true,
            ShareTokenStatus::Pending => t.pending_at.is_some(),
            ShareTokenStatus::Redeemed => {
                t.redeemed_at.is_some() && t.destination_inquiry_id.is_some()
            }
            ShareTokenStatus::Expired => t.expired_at.is_some(),
            ShareTokenStatus::Failed => t.failed_at.is_some(),
        };
        if !stamped {
            problems.push(format!(
                "share token {} is {} but has no time (or inquiry) it became so",
                t.id,
                t.status.as_str()
            ));
        }
        let early = [t.pending_at, t.redeemed_at, t.expired_at, t.failed_at]
            .into_iter()
            .flatten()
            .any(|at| at < t.created_at);
        if early {
            problems.push(format!(
                "share token {} changed status before it was created",
                t.id
            ));
        }
    }
    for i in world.inquiries.values() {
        let Some(origin) = &i.shared_from else {
            continue;
        };
        let Some(token) = world.share_tokens.get(&origin.share_token_id) else {
            continue;
        };
        let agrees = token.destination_inquiry_id.as_ref() == Some(&i.id)
            && token.bridge_id == origin.bridge_id
            && token.source_org_id == origin.source_org_id
            && token.destination_org_id == i.org_id;
        if !agrees {
            problems.push(format!(
                "inquiry {} says it was shared by token {}, which says otherwise",
                i.id, token.id
            ));
        }
    }
}

/// Workflows and webhook endpoints pass the checks of the commands that create them; runs,
/// deliveries and inbox entries belong to organizations in the file.
fn automation_problems(world: &World, problems: &mut Vec<String>) {
    let org = |id: &Id| world.organizations.contains_key(id);
    let mut workflows_per_org: BTreeMap<&Id, usize> = BTreeMap::new();
    for w in world.workflows.values() {
        if !org(&w.org_id) {
            problems.push(missing(
                format!("workflow {}", w.id),
                "organization",
                &w.org_id,
            ));
            continue;
        }
        *workflows_per_org.entry(&w.org_id).or_default() += 1;
        let spec = WorkflowSpec {
            name: w.name.clone(),
            trigger: w.trigger.clone(),
            actions: w.actions.clone(),
        };
        if let Err(refused) = world.check_workflow_spec(&w.org_id, spec) {
            problems.push(format!("workflow {}: {}", w.id, refused.message));
        }
    }
    for (org_id, count) in workflows_per_org {
        if count > MAX_WORKFLOWS_PER_ORG {
            problems.push(format!(
                "organization {org_id} has {count} workflows; at most {MAX_WORKFLOWS_PER_ORG} are allowed"
            ));
        }
    }
    let mut endpoints_per_org: BTreeMap<&Id, usize> = BTreeMap::new();
    let mut secrets = BTreeSet::new();
    for w in world.webhooks.values() {
        if !org(&w.org_id) {
            problems.push(missing(
                format!("webhook endpoint {}", w.id),
                "organization",
                &w.org_id,
            ));
            continue;
        }
        *endpoints_per_org.entry(&w.org_id).or_default() += 1;
        if let Err(refused) = check_webhook(&w.url, &w.event_types) {
            problems.push(format!("webhook endpoint {}: {}", w.id, refused.message));
        }
        if w.secret.trim().is_empty() || !secrets.insert(w.secret.as_str()) {
            problems.push(format!(
                "webhook endpoint {} needs a signing secret of its own",
                w.id
            ));
        }
    }
    for (org_id, count) in endpoints_per_org {
        if count > MAX_ENDPOINTS {
            problems.push(format!(
                "organization {org_id} has {count} webhook endpoints; at most {MAX_ENDPOINTS} are allowed"
            ));
        }
    }
    for r in world.workflow_runs.values().filter(|r| !org(&r.org_id)) {
        problems.push(missing(
            format!("workflow run {}", r.id),
            "organization",
            &r.org_id,
        ));
    }
    for d in world.deliveries.values().filter(|d| !org(&d.org_id)) {
        problems.push(missing(
            format!("webhook delivery {}", d.id),
            "organization",
            &d.org_id,
        ));
    }
    for entry in &world.partner_inbox {
        let what = || format!("partner inbox entry {}", entry.id);
        for o in [&entry.org_id, &entry.sender_org_id] {
            if !org(o) {
                problems.push(missing(what(), "organization", o));
            }
        }
        if !world.share_tokens.contains_key(&entry.share_token_id) {
            problems.push(missing(what(), "share token", &entry.share_token_id));
        }
    }
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
