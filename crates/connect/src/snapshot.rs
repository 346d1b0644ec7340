//! The stored form of the playground, its versions, and the migrations between them.
//!
//! Version 2 stored the playground as many small records, so saving an action wrote only what
//! the action changed; the store now writes version 3 (the `stored` module, a layer above) and
//! reads these records only to migrate them:
//!
//! | record key          | holds                                                        |
//! |---------------------|--------------------------------------------------------------|
//! | `meta`              | schema version, revision, clock offset, number of events     |
//! | `obj.<id>`          | one organization, template, inquiry, bridge, share token,    |
//! |                     | workflow, workflow run, webhook endpoint or delivery         |
//! | `events.<n>`        | events `n*100 .. n*100+99` of all ever recorded, oldest first |
//! | `rest`              | every other part of the world and the API's records (request |
//! |                     | log, idempotency, rate limits), as one JSON object           |
//!
//! Version 1 was one JSON document `{"version":1,"clock_offset_ms":…,"world":{…}}`.
//!
//! Decoding never guesses: data that is not JSON, has the wrong shape, is inconsistent or comes
//! from a newer version of the app is reported as such, so the caller can keep it aside instead
//! of overwriting it.

use crate::api::ApiState;
use crate::id_map::{IdMap, IdSet};
use crate::ids::{prefix, Id};
use crate::model::*;
use crate::time::Timestamp;
use crate::world::{EventsMark, World, EVENT_TRIM_STEP};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// The schema version of the records this module reads and writes (version 2).
pub const VERSION: u32 = 2;
/// The newest schema this build reads: the packed records of `stored` (version 3).
pub const NEWEST_VERSION: u32 = 3;

/// Events per `events.<n>` record: the step in which the world lets old events go, so a
/// chunk is always dropped whole.
pub const EVENTS_PER_CHUNK: usize = EVENT_TRIM_STEP;

pub const META_KEY: &str = "meta";
pub const REST_KEY: &str = "rest";
pub const OBJECT_PREFIX: &str = "obj.";
pub const EVENTS_PREFIX: &str = "events.";

/// The small record that says what the others add up to. Written last by every save, so a
/// reader that sees a new revision sees everything that revision wrote.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct Meta {
    pub version: u32,
    /// Counts saves; another tab's save shows up as a revision this tab has not seen.
    pub revision: u64,
    /// How far the playground clock runs ahead of real time, in milliseconds.
    pub clock_offset_ms: i64,
    pub events: usize,
    /// Names this playground's line of revisions: chosen when storage is first written, kept
    /// by every save, import and reset. Revisions are only compared within one lineage.
    #[serde(default)]
    pub lineage: String,
    /// The time of the newest event in each stored event chunk, oldest chunk first: the newest
    /// events are found without reading every chunk (`EventLog::newest`). Every version-3 save
    /// writes them from the world; without them (data saved before), every chunk is read.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub event_times: Vec<Timestamp>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DecodeError {
    /// Not JSON, not the shape of a snapshot, or records that do not add up.
    Unreadable(String),
    /// Written by a newer app than this one.
    NewerVersion(u64),
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeError::Unreadable(why) => write!(f, "the saved data could not be read ({why})"),
            DecodeError::NewerVersion(v) => write!(
                f,
                "the saved data is from a newer version of Connect Playground (schema {v}; this app reads up to {})",
                NEWEST_VERSION
            ),
        }
    }
}

fn unreadable(why: impl Into<String>) -> DecodeError {
    DecodeError::Unreadable(why.into())
}

/// The world as it is stored, with the API's records under `api`: the one shape of a world in
/// an export, a version-1 document and the `rest` record, field for field as it always was.
#[derive(Default, Serialize, Deserialize)]
#[serde(default)]
struct StoredWorld {
    organizations: IdMap<Organization>,
    templates: IdMap<InquiryTemplate>,
    inquiries: IdMap<Inquiry>,
    bridges: IdMap<Bridge>,
    share_tokens: IdMap<ShareToken>,
    events: EventLog,
    events_trimmed: usize,
    partner_inbox: Vec<InboxEntry>,
    api: ApiState,
    workflows: IdMap<Workflow>,
    workflow_runs: IdMap<WorkflowRun>,
    webhooks: IdMap<WebhookEndpoint>,
    deliveries: IdMap<Delivery>,
}

impl StoredWorld {
    fn join(world: World, api: ApiState) -> StoredWorld {
        StoredWorld {
            organizations: world.organizations,
            templates: world.templates,
            inquiries: world.inquiries,
            bridges: world.bridges,
            share_tokens: world.share_tokens,
            events: world.events,
            events_trimmed: world.events_trimmed,
            partner_inbox: world.partner_inbox,
            api,
            workflows: world.workflows,
            workflow_runs: world.workflow_runs,
            webhooks: world.webhooks,
            deliveries: world.deliveries,
        }
    }

    fn split(self) -> (World, ApiState) {
        let world = World {
            organizations: self.organizations,
            templates: self.templates,
            inquiries: self.inquiries,
            bridges: self.bridges,
            share_tokens: self.share_tokens,
            events: self.events,
            events_trimmed: self.events_trimmed,
            partner_inbox: self.partner_inbox,
            workflows: self.workflows,
            workflow_runs: self.workflow_runs,
            webhooks: self.webhooks,
            deliveries: self.deliveries,
            ..World::default()
        };
        (world, self.api)
    }
}

/// The whole playground in one value: what an export holds and what version 1 stored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "SnapshotForm", from = "SnapshotForm")]
pub struct Snapshot {
    pub version: u32,
    /// How far the playground clock runs ahead of real time, in milliseconds.
    pub clock_offset_ms: i64,
    pub world: World,
    pub api: ApiState,
}

/// How a [`Snapshot`] reads as JSON.
#[derive(Serialize, Deserialize)]
struct SnapshotForm {
    version: u32,
    #[serde(default)]
    clock_offset_ms: i64,
    world: StoredWorld,
}

impl From<Snapshot> for SnapshotForm {
    fn from(snapshot: Snapshot) -> SnapshotForm {
        SnapshotForm {
            version: snapshot.version,
            clock_offset_ms: snapshot.clock_offset_ms,
            world: StoredWorld::join(snapshot.world, snapshot.api),
        }
    }
}

impl From<SnapshotForm> for Snapshot {
    fn from(form: SnapshotForm) -> Snapshot {
        let (world, api) = form.world.split();
        Snapshot {
            version: form.version,
            clock_offset_ms: form.clock_offset_ms,
            world,
            api,
        }
    }
}

impl Snapshot {
    /// A snapshot of `world` with empty API records.
    pub fn new(world: World, clock_offset_ms: i64) -> Snapshot {
        Snapshot::with_api(world, ApiState::default(), clock_offset_ms)
    }

    pub fn with_api(world: World, api: ApiState, clock_offset_ms: i64) -> Snapshot {
        Snapshot {
            version: VERSION,
            clock_offset_ms,
            world,
            api,
        }
    }

    pub fn encode(&self) -> Result<String, String> {
        serde_json::to_string(self).map_err(|e| e.to_string())
    }

    /// Reads one-document snapshots of every version (1 and 2 share this form).
    pub fn decode(raw: &str) -> Result<Snapshot, DecodeError> {
        let value: serde_json::Value =
            serde_json::from_str(raw).map_err(|e| unreadable(format!("not JSON: {e}")))?;
        let version = value
            .get("version")
            .and_then(serde_json::Value::as_u64)
            .ok_or_else(|| unreadable("no schema version"))?;
        if version > u64::from(VERSION) {
            return Err(DecodeError::NewerVersion(version));
        }
        if version < 1 {
            return Err(unreadable(format!("unknown schema version {version}")));
        }
        // Parsed again from the text, not converted from `value`: a `from_value` would compile
        // a second copy of every record type's Deserialize impl into the wasm (docs/performance.md).
        let mut snapshot: Snapshot =
            serde_json::from_str(raw).map_err(|e| unreadable(format!("wrong shape: {e}")))?;
        snapshot.version = VERSION;
        Ok(snapshot)
    }
}

fn to_json<T: Serialize>(value: &T) -> Result<String, String> {
    serde_json::to_string(value).map_err(|e| e.to_string())
}

/// The record key of an object id.
pub fn object_key(id: &Id) -> String {
    format!("{OBJECT_PREFIX}{id}")
}

fn chunk_key(n: usize) -> String {
    format!("{EVENTS_PREFIX}{n}")
}

/// The `rest` record: a stored world whose per-object collections and events are empty (they
/// have records of their own). Borrows what it writes, so it costs what the rest holds.
#[derive(Serialize)]
struct Rest<'a> {
    organizations: IdSet,
    templates: IdSet,
    inquiries: IdSet,
    bridges: IdSet,
    share_tokens: IdSet,
    events: &'a [Event],
    events_trimmed: usize,
    partner_inbox: &'a [InboxEntry],
    api: &'a ApiState,
    workflows: IdSet,
    workflow_runs: IdSet,
    webhooks: IdSet,
    deliveries: IdSet,
}

/// Serializes what `world` and `api` hold besides objects and events: the `rest` record.
pub fn rest_record(world: &World, api: &ApiState) -> Result<String, String> {
    to_json(&Rest {
        organizations: IdSet::new(),
        templates: IdSet::new(),
        inquiries: IdSet::new(),
        bridges: IdSet::new(),
        share_tokens: IdSet::new(),
        events: &[],
        events_trimmed: world.events_trimmed,
        partner_inbox: &world.partner_inbox,
        api,
        workflows: IdSet::new(),
        workflow_runs: IdSet::new(),
        webhooks: IdSet::new(),
        deliveries: IdSet::new(),
    })
}

/// The JSON of the object with `id`, if the world has it.
fn object_record(world: &World, id: &Id) -> Option<Result<String, String>> {
    match id.prefix() {
        prefix::ORGANIZATION => world.organizations.get(id).map(to_json),
        prefix::TEMPLATE => world.templates.get(id).map(to_json),
        prefix::INQUIRY => world.inquiries.get(id).map(to_json),
        prefix::BRIDGE => world.bridges.get(id).map(to_json),
        prefix::SHARE_TOKEN => world.share_tokens.get(id).map(to_json),
        prefix::WORKFLOW => world.workflows.get(id).map(to_json),
        prefix::WORKFLOW_RUN => world.workflow_runs.get(id).map(to_json),
        prefix::WEBHOOK => world.webhooks.get(id).map(to_json),
        prefix::WEBHOOK_DELIVERY => world.deliveries.get(id).map(to_json),
        _ => None,
    }
}

/// Chunk `n` counts from the first event ever recorded, so trimming old events never
/// renumbers the chunks that remain.
pub(crate) fn chunk_record(world: &World, n: usize) -> Result<String, String> {
    let first = n.saturating_mul(EVENTS_PER_CHUNK);
    let start = first.saturating_sub(world.events_trimmed);
    let end = first
        .saturating_add(EVENTS_PER_CHUNK)
        .saturating_sub(world.events_trimmed);
    let events = world.events.range(start, end.saturating_sub(start))?;
    to_json(&events)
}

/// The time of the newest event in chunk `n` (see [`chunk_record`]).
pub(crate) fn chunk_latest(world: &World, n: usize) -> Timestamp {
    let first = n.saturating_mul(EVENTS_PER_CHUNK);
    let start = first.saturating_sub(world.events_trimmed);
    let end = first
        .saturating_add(EVENTS_PER_CHUNK)
        .saturating_sub(world.events_trimmed);
    world
        .events
        .latest_in(start, end.saturating_sub(start))
        .unwrap_or(Timestamp(0))
}

/// The chunk numbers that hold the world's events now.
pub(crate) fn chunks(world: &World) -> std::ops::Range<usize> {
    let first = world.events_trimmed / EVENTS_PER_CHUNK;
    first
        ..world
            .events_trimmed
            .saturating_add(world.events.len())
            .div_ceil(EVENTS_PER_CHUNK)
}

/// Every record of `world` and `api`: what a first save or a migration writes.
pub fn all_records(
    world: &World,
    api: &ApiState,
    meta: &Meta,
) -> Result<BTreeMap<String, String>, String> {
    let mut records = BTreeMap::new();
    let ids: Vec<Id> = world
        .organizations
        .keys()
        .chain(world.templates.keys())
        .chain(world.inquiries.keys())
        .chain(world.bridges.keys())
        .chain(world.share_tokens.keys())
        .chain(world.workflows.keys())
        .chain(world.workflow_runs.keys())
        .chain(world.webhooks.keys())
        .chain(world.deliveries.keys())
        .cloned()
        .collect();
    for id in ids {
        // An object under an id of the wrong kind has no record it could be read back from:
        // refuse to save rather than lose it on the next load.
        let json = object_record(world, &id).ok_or_else(|| {
            format!("`{id}` is not an id of the kind of object it names, so it cannot be saved")
        })??;
        records.insert(object_key(&id), json);
    }
    for n in chunks(world) {
        records.insert(chunk_key(n), chunk_record(world, n)?);
    }
    records.insert(REST_KEY.to_string(), rest_record(world, api)?);
    records.insert(META_KEY.to_string(), to_json(meta)?);
    Ok(records)
}

/// The records one save must write (`Some`) or remove (`None`): the objects in `touched`, the
/// event chunks with events added since `before` and the chunks let go since, and `meta`, which
/// comes last. `rest` is left to the caller, which knows whether it changed. Costs what
/// changed, not what is stored.
///
/// A touched object the world no longer has was deleted (a workflow, or a run or delivery
/// pushed out by newer ones): its record is removed, or the next load would bring it back.
pub fn changed_records(
    world: &World,
    touched: &IdSet,
    before: EventsMark,
    meta: &Meta,
) -> Result<Vec<(String, Option<String>)>, String> {
    let mut records = Vec::new();
    for id in touched.keys() {
        match object_record(world, id) {
            Some(json) => records.push((object_key(id), Some(json?))),
            None if is_object_kind(id) => records.push((object_key(id), None)),
            // Not an object with a record of its own (e.g. an inbox entry, kept in `rest`).
            None => {}
        }
    }
    let now = world.events_mark();
    for n in before.trimmed / EVENTS_PER_CHUNK..now.trimmed / EVENTS_PER_CHUNK {
        records.push((chunk_key(n), None));
    }
    if now.total > before.total {
        let first = before.total.max(now.trimmed) / EVENTS_PER_CHUNK;
        for n in first..chunks(world).end {
            records.push((chunk_key(n), Some(chunk_record(world, n)?)));
        }
    }
    records.push((META_KEY.to_string(), Some(to_json(meta)?)));
    Ok(records)
}

/// Whether ids of this kind are stored as `obj.<id>` records.
fn is_object_kind(id: &Id) -> bool {
    matches!(
        id.prefix(),
        prefix::ORGANIZATION
            | prefix::TEMPLATE
            | prefix::INQUIRY
            | prefix::BRIDGE
            | prefix::SHARE_TOKEN
            | prefix::WORKFLOW
            | prefix::WORKFLOW_RUN
            | prefix::WEBHOOK
            | prefix::WEBHOOK_DELIVERY
    )
}

fn parse<T: for<'de> Deserialize<'de>>(key: &str, json: &str) -> Result<T, DecodeError> {
    serde_json::from_str(json).map_err(|e| unreadable(format!("record `{key}`: {e}")))
}

/// Reads the meta record alone, to learn the version and revision cheaply.
pub fn read_meta(json: &str) -> Result<Meta, DecodeError> {
    let value: serde_json::Value = parse(META_KEY, json)?;
    let version = value
        .get("version")
        .and_then(serde_json::Value::as_u64)
        .ok_or_else(|| unreadable("record `meta` has no schema version"))?;
    if version > u64::from(VERSION) {
        return Err(DecodeError::NewerVersion(version));
    }
    // From the text again, as in `Snapshot::decode`: one Deserialize impl per type.
    Ok(parse::<Meta>(META_KEY, json)?.bounded())
}

impl Meta {
    /// As read from storage, which may say anything: the clock brought within its rules.
    pub fn bounded(self) -> Meta {
        Meta {
            clock_offset_ms: crate::clock::bounded_offset(self.clock_offset_ms),
            ..self
        }
    }
}

/// The world (without objects and events) and the API's records that a `rest` record holds.
pub(crate) fn parse_rest(key: &str, json: &str) -> Result<(World, ApiState), DecodeError> {
    Ok(parse::<StoredWorld>(key, json)?.split())
}

/// Rebuilds the world and the API's records from version-2 records (keys without the storage
/// prefix).
pub fn assemble(
    records: &BTreeMap<String, String>,
) -> Result<(World, ApiState, Meta), DecodeError> {
    let meta = read_meta(
        records
            .get(META_KEY)
            .ok_or_else(|| unreadable("the `meta` record is missing"))?,
    )?;
    let (mut world, api) = match records.get(REST_KEY) {
        Some(json) => parse_rest(REST_KEY, json)?,
        None => return Err(unreadable("the `rest` record is missing")),
    };
    let mut chunks: BTreeMap<usize, Vec<Event>> = BTreeMap::new();
    for (key, json) in records {
        if let Some(id) = key.strip_prefix(OBJECT_PREFIX) {
            let id = Id::parse(id);
            match id.prefix() {
                prefix::ORGANIZATION => {
                    world.organizations.insert(id, parse(key, json)?);
                }
                prefix::TEMPLATE => {
                    world.templates.insert(id, parse(key, json)?);
                }
                prefix::INQUIRY => {
                    world.inquiries.insert(id, parse(key, json)?);
                }
                prefix::BRIDGE => {
                    world.bridges.insert(id, parse(key, json)?);
                }
                prefix::SHARE_TOKEN => {
                    world.share_tokens.insert(id, parse(key, json)?);
                }
                prefix::WORKFLOW => {
                    world.workflows.insert(id, parse(key, json)?);
                }
                prefix::WORKFLOW_RUN => {
                    world.workflow_runs.insert(id, parse(key, json)?);
                }
                prefix::WEBHOOK => {
                    world.webhooks.insert(id, parse(key, json)?);
                }
                prefix::WEBHOOK_DELIVERY => {
                    world.deliveries.insert(id, parse(key, json)?);
                }
                other => {
                    return Err(unreadable(format!(
                        "record `{key}` has an unknown kind `{other}`"
                    )))
                }
            }
        } else if let Some(n) = key.strip_prefix(EVENTS_PREFIX) {
            let n: usize = n
                .parse()
                .map_err(|_| unreadable(format!("record `{key}` is not a numbered event chunk")))?;
            let events: Vec<Event> = parse(key, json)?;
            chunks.insert(n, events);
        } else if key != META_KEY && key != REST_KEY {
            return Err(unreadable(format!("unknown record `{key}`")));
        }
    }
    let first = world.events_trimmed / EVENTS_PER_CHUNK;
    for (expected, (n, events)) in (first..).zip(chunks) {
        if n != expected {
            return Err(unreadable(format!("event chunk {expected} is missing")));
        }
        world.events.extend(events);
    }
    if world.events.len() != meta.events {
        return Err(unreadable(format!(
            "the records hold {} events where `meta` says {}",
            world.events.len(),
            meta.events
        )));
    }
    Ok((world, api, meta))
}

/// Brings a version-1 document forward: the world, the API's records and the meta record of
/// version 2.
pub fn migrate_v1(raw: &str) -> Result<(World, ApiState, Meta), DecodeError> {
    let snapshot = Snapshot::decode(raw)?;
    let meta = Meta {
        version: VERSION,
        revision: 1,
        clock_offset_ms: crate::clock::bounded_offset(snapshot.clock_offset_ms),
        events: snapshot.world.events.len(),
        lineage: String::new(),
        event_times: Vec::new(),
    };
    Ok((snapshot.world, snapshot.api, meta))
}
