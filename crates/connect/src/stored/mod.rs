//! The stored form, version 3: the playground as a few hundred packed records, so that 20,000
//! share tokens, 5,000 inquiries and 20,000 events fit local storage, and an action still writes
//! only the records holding what it touched.
//!
//! | record key (after [`KEY_PREFIX`]) | holds                                                 |
//! |-----------------------------------|-------------------------------------------------------|
//! | `meta`                            | [`Meta`] as plain JSON, `version` 3: read on its own by every tab |
//! | `<kind>.<xy>`, e.g. `cnst.a7`     | the objects of one kind whose id's random part starts with the hex digits `xy`: 256 buckets a kind |
//! | `<kind>.other`                    | objects of that kind whose ids do not start so (only imported data has such ids) |
//! | `events.<n>`                      | events `n*100 .. n*100+99` of all ever recorded, as in version 2 |
//! | `rest`                            | every other part of the world, as in version 2       |
//!
//! Every record but `meta` is JSON packed by [`crate::pack`]. A bucket is chosen by the id alone,
//! so saving a changed object re-encodes its bucket (about 80 share tokens at 20,000) found by
//! a range lookup, whatever the number of objects stored. Why buckets of this size and LZ4:
//! docs/performance.md.
//!
//! Decoding never guesses: a record that does not unpack, parse, or belong where it is stored is
//! reported, so the caller can keep the data aside. Version 2 records ([`migrate_v2`]) and the
//! version 1 document ([`migrate_v1`]) are read and brought forward.

use crate::api::ApiState;
use crate::id_map::{IdMap, IdSet};
use crate::ids::{prefix, Id};
use crate::model::ChunkText;
use crate::pack::{pack, Unpacker};
use crate::snapshot::{
    self, chunk_latest, chunk_record, chunks, DecodeError, Meta, EVENTS_PER_CHUNK,
};
use crate::world::{EventsMark, World};
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

mod room;
pub use room::{record_chars, utf16_len, Room, QUOTA, WARN_AT};

/// The schema version this build writes.
pub const VERSION: u32 = snapshot::NEWEST_VERSION;

/// Every version-3 record's local-storage key starts with this; version 2 used `connect.v2.`.
pub const KEY_PREFIX: &str = "connect.v3.";

pub const META_KEY: &str = snapshot::META_KEY;
pub const REST_KEY: &str = snapshot::REST_KEY;
pub const EVENTS_PREFIX: &str = snapshot::EVENTS_PREFIX;

/// The object kinds stored in buckets, by id prefix.
const KINDS: [&str; 9] = [
    prefix::ORGANIZATION,
    prefix::TEMPLATE,
    prefix::INQUIRY,
    prefix::BRIDGE,
    prefix::SHARE_TOKEN,
    prefix::WORKFLOW,
    prefix::WORKFLOW_RUN,
    prefix::WEBHOOK,
    prefix::WEBHOOK_DELIVERY,
];

/// The bucket of ids that do not start with two lowercase hex digits.
const OTHER: &str = "other";

fn unreadable(why: impl Into<String>) -> DecodeError {
    DecodeError::Unreadable(why.into())
}

fn to_json<T: Serialize + ?Sized>(value: &T) -> Result<String, String> {
    serde_json::to_string(value).map_err(|e| e.to_string())
}

/// `a7` for `cnst_a7…`, or [`OTHER`].
fn bucket_name(id: &Id) -> &str {
    let random = id.as_str().split_once('_').map_or("", |(_, r)| r);
    match random.get(..2) {
        Some(xy) if xy.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) => xy,
        _ => OTHER,
    }
}

/// The kind and bucket of the record that holds the object `id`, if objects of its kind have
/// records.
fn bucket_of(id: &Id) -> Option<(&str, &str)> {
    let kind = id.prefix();
    KINDS.contains(&kind).then(|| (kind, bucket_name(id)))
}

/// The key of the record that holds the object `id`, if objects of its kind have records.
pub fn bucket_key(id: &Id) -> Option<String> {
    bucket_of(id).map(|(kind, bucket)| format!("{kind}.{bucket}"))
}

fn chunk_key(n: usize) -> String {
    format!("{EVENTS_PREFIX}{n}")
}

/// The objects of `map` in `bucket`: a range of the map, except for the rare [`OTHER`].
fn members<'a, T>(map: &'a IdMap<T>, kind: &str, bucket: &str) -> Vec<&'a T> {
    if bucket == OTHER {
        return map
            .iter()
            .filter(|(id, _)| id.prefix() == kind && bucket_name(id) == OTHER)
            .map(|(_, object)| object)
            .collect();
    }
    let start = Id::parse(&format!("{kind}_{bucket}"));
    map.iter_from(&start)
        .take_while(|(id, _)| id.as_str().starts_with(start.as_str()))
        .map(|(_, object)| object)
        .collect()
}

/// The packed record of one bucket, `None` when it holds nothing (the record is removed).
fn bucket_value<T: Serialize>(
    map: &IdMap<T>,
    kind: &str,
    bucket: &str,
) -> Result<Option<String>, String> {
    let members = members(map, kind, bucket);
    if members.is_empty() {
        return Ok(None);
    }
    Ok(Some(pack(&to_json(&members)?)))
}

fn encode_bucket(world: &World, kind: &str, bucket: &str) -> Result<Option<String>, String> {
    match kind {
        prefix::ORGANIZATION => bucket_value(&world.organizations, kind, bucket),
        prefix::TEMPLATE => bucket_value(&world.templates, kind, bucket),
        prefix::INQUIRY => bucket_value(&world.inquiries, kind, bucket),
        prefix::BRIDGE => bucket_value(&world.bridges, kind, bucket),
        prefix::SHARE_TOKEN => bucket_value(&world.share_tokens, kind, bucket),
        prefix::WORKFLOW => bucket_value(&world.workflows, kind, bucket),
        prefix::WORKFLOW_RUN => bucket_value(&world.workflow_runs, kind, bucket),
        prefix::WEBHOOK => bucket_value(&world.webhooks, kind, bucket),
        prefix::WEBHOOK_DELIVERY => bucket_value(&world.deliveries, kind, bucket),
        _ => Ok(None),
    }
}

/// The bucket keys of every object the world holds. An object filed under a map of another
/// kind has no record, as in version 2.
fn bucket_keys(world: &World) -> BTreeSet<String> {
    fn of<T>(map: &IdMap<T>, kind: &str, keys: &mut BTreeSet<String>) {
        keys.extend(
            map.keys()
                .filter(|id| id.prefix() == kind)
                .filter_map(bucket_key),
        );
    }
    let mut keys = BTreeSet::new();
    of(&world.organizations, prefix::ORGANIZATION, &mut keys);
    of(&world.templates, prefix::TEMPLATE, &mut keys);
    of(&world.inquiries, prefix::INQUIRY, &mut keys);
    of(&world.bridges, prefix::BRIDGE, &mut keys);
    of(&world.share_tokens, prefix::SHARE_TOKEN, &mut keys);
    of(&world.workflows, prefix::WORKFLOW, &mut keys);
    of(&world.workflow_runs, prefix::WORKFLOW_RUN, &mut keys);
    of(&world.webhooks, prefix::WEBHOOK, &mut keys);
    of(&world.deliveries, prefix::WEBHOOK_DELIVERY, &mut keys);
    keys
}

/// The `rest` record's stored value, from the JSON of `snapshot::rest_record`. The caller
/// compares that JSON with what it saved last and packs only when it changed.
pub fn rest_value(rest_json: &str) -> String {
    pack(rest_json)
}

fn meta_value(meta: &Meta) -> Result<String, String> {
    to_json(meta)
}

/// Every record of `world`: what a first save, a migration, an import or a reset writes.
pub fn all_records(
    world: &World,
    api: &ApiState,
    meta: &Meta,
) -> Result<BTreeMap<String, String>, String> {
    let mut records = BTreeMap::new();
    for key in bucket_keys(world) {
        let Some((kind, bucket)) = key.split_once('.') else {
            continue;
        };
        if let Some(value) = encode_bucket(world, kind, bucket)? {
            records.insert(key.clone(), value);
        }
    }
    for n in chunks(world) {
        records.insert(chunk_key(n), pack(&chunk_record(world, n)?));
    }
    records.insert(
        REST_KEY.to_string(),
        rest_value(&snapshot::rest_record(world, api)?),
    );
    records.insert(
        META_KEY.to_string(),
        meta_value(&with_event_times(meta, world))?,
    );
    Ok(records)
}

/// The records one save must write (`Some`) or remove (`None`): the buckets of the objects in
/// `touched` (a bucket left empty is removed), the event chunks with events added since
/// `before` and those let go since, and `meta`, which comes last. `rest` is left to the caller
/// ([`rest_value`]), which knows whether it changed. Costs what changed, not what is stored.
pub fn changed_records(
    world: &World,
    touched: &IdSet,
    before: EventsMark,
    meta: &Meta,
) -> Result<Vec<(String, Option<String>)>, String> {
    let mut records = Vec::new();
    let buckets: BTreeSet<String> = touched.keys().filter_map(bucket_key).collect();
    for key in buckets {
        let Some((kind, bucket)) = key.split_once('.') else {
            continue;
        };
        let value = encode_bucket(world, kind, bucket)?;
        records.push((key.clone(), value));
    }
    let now = world.events_mark();
    for n in before.trimmed / EVENTS_PER_CHUNK..now.trimmed / EVENTS_PER_CHUNK {
        records.push((chunk_key(n), None));
    }
    if now.total > before.total {
        let first = before.total.max(now.trimmed) / EVENTS_PER_CHUNK;
        for n in first..chunks(world).end {
            records.push((chunk_key(n), Some(pack(&chunk_record(world, n)?))));
        }
    }
    records.push((
        META_KEY.to_string(),
        Some(meta_value(&with_event_times(meta, world))?),
    ));
    Ok(records)
}

/// `meta` with the time of the newest event in each of the world's event chunks.
fn with_event_times(meta: &Meta, world: &World) -> Meta {
    Meta {
        event_times: chunks(world).map(|n| chunk_latest(world, n)).collect(),
        ..meta.clone()
    }
}

/// Reads the `meta` record alone, to learn the version and revision cheaply.
pub fn read_meta(json: &str) -> Result<Meta, DecodeError> {
    let value: serde_json::Value =
        serde_json::from_str(json).map_err(|e| unreadable(format!("record `{META_KEY}`: {e}")))?;
    let version = value
        .get("version")
        .and_then(serde_json::Value::as_u64)
        .ok_or_else(|| unreadable("record `meta` has no schema version"))?;
    if version > u64::from(VERSION) {
        return Err(DecodeError::NewerVersion(version));
    }
    if version < u64::from(VERSION) {
        return Err(unreadable(format!(
            "record `meta` says schema {version} where schema {VERSION} is stored"
        )));
    }
    // From the text again, not `from_value`: one Deserialize impl per type in the wasm.
    Ok(parse::<Meta>(META_KEY, json)?.bounded())
}

/// The JSON a packed record holds.
fn unpacked<'a>(
    unpacker: &'a mut Unpacker,
    key: &str,
    value: &str,
) -> Result<&'a str, DecodeError> {
    unpacker
        .unpack(value)
        .map_err(|why| unreadable(format!("record `{key}`: {why}")))
}

fn parse<T: DeserializeOwned>(key: &str, json: &str) -> Result<T, DecodeError> {
    serde_json::from_str(json).map_err(|e| unreadable(format!("record `{key}`: {e}")))
}

/// Adds the objects of bucket record `key` (its JSON, `json`) to `map`, checking each belongs
/// there. Each object goes into the map as it is read: reading a list first and moving it over
/// grew and copied about 10 MB of lists at 20,000 tokens (docs/performance.md).
fn fill<T: DeserializeOwned>(
    map: &mut IdMap<T>,
    key: &str,
    json: &str,
    id_of: impl Fn(&T) -> &Id,
) -> Result<(), DecodeError> {
    let into = Fill { map, key, id_of };
    let mut reader = serde_json::Deserializer::from_str(json);
    serde::Deserializer::deserialize_seq(&mut reader, into)
        .and_then(|()| reader.end())
        .map_err(|e| unreadable(format!("record `{key}`: {e}")))
}

/// Reads a bucket record's list of objects straight into their map (see [`fill`]).
struct Fill<'m, T, F> {
    map: &'m mut IdMap<T>,
    key: &'m str,
    id_of: F,
}

impl<'de, T: DeserializeOwned, F: Fn(&T) -> &Id> serde::de::Visitor<'de> for Fill<'_, T, F> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a list of objects")
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        use serde::de::Error;
        while let Some(object) = seq.next_element::<T>()? {
            let id = (self.id_of)(&object);
            if !stored_in(id, self.key) {
                return Err(A::Error::custom(format!(
                    "`{id}` is not stored in this record"
                )));
            }
            let id = id.clone();
            if let Some(twice) = self.map.insert(id, object) {
                return Err(A::Error::custom(format!(
                    "`{}` is in it twice",
                    (self.id_of)(&twice)
                )));
            }
        }
        Ok(())
    }
}

/// Whether record `key` is where the object `id` is stored: [`bucket_key`] without building it.
fn stored_in(id: &Id, key: &str) -> bool {
    bucket_of(id).is_some_and(|place| key.split_once('.') == Some(place))
}

/// Rebuilds the world from version-3 records (keys without [`KEY_PREFIX`]), every event chunk
/// read and checked.
pub fn assemble(
    records: &BTreeMap<String, String>,
) -> Result<(World, ApiState, Meta), DecodeError> {
    let read = |key: &str| Ok::<_, std::convert::Infallible>(records.get(key).cloned());
    match assemble_each(records.keys().cloned(), read) {
        Ok(result) => {
            let (world, api, meta, _) = result?;
            world.events.check().map_err(unreadable)?;
            Ok((world, api, meta))
        }
        Err(never) => match never {},
    }
}

/// [`assemble`] from records read one at a time: `keys` are the records' keys (without
/// [`KEY_PREFIX`]) and `read` gives a record's text, or `None` if it is gone. Only one record's
/// text is held at a time, except an event chunk's, which the log keeps packed until its events
/// are first needed (`model::EventLog`; their payloads stay in it even then: `model::Payload`);
/// reading every record first held 7.6 MB more at 20,000 tokens (docs/performance.md). The
/// event chunks' number is checked here, their contents only when read: call
/// `world.events.check()` to read them all. `meta` is read first and again last, and records that changed in
/// between are refused. Also gives the [`Room`] the records take. `Err` is `read`'s error.
#[allow(clippy::type_complexity)]
pub fn assemble_each<E>(
    keys: impl IntoIterator<Item = String>,
    read: impl FnMut(&str) -> Result<Option<String>, E>,
) -> Result<Result<(World, ApiState, Meta, Room), DecodeError>, E> {
    assemble_lazily(keys, read, |_| Ok(None))
}

/// An event chunk's text left where it is stored: how to read it when first needed, and how
/// many UTF-16 code units it takes there (for the [`Room`]).
pub type LaterText = (Rc<dyn Fn() -> Option<String>>, usize);

/// [`assemble_each`], leaving each event chunk's text where `later` finds it (`None`: read it
/// with `read` now). The browser's store leaves them in local storage's own strings: copying
/// 1.1 million characters of event chunks into this program's memory at startup took time
/// for text the first screen does not read (docs/performance.md).
#[allow(clippy::type_complexity)]
pub fn assemble_lazily<E>(
    keys: impl IntoIterator<Item = String>,
    mut read: impl FnMut(&str) -> Result<Option<String>, E>,
    mut later: impl FnMut(&str) -> Result<Option<LaterText>, E>,
) -> Result<Result<(World, ApiState, Meta, Room), DecodeError>, E> {
    let read = |key: &str| read(key).map_err(Failed::Read);
    let later = |key: &str| later(key).map_err(Failed::Read);
    match assemble_from(keys, read, later) {
        Ok(assembled) => Ok(Ok(assembled)),
        Err(Failed::Decode(error)) => Ok(Err(error)),
        Err(Failed::Read(error)) => Err(error),
    }
}

/// Why [`assemble_from`] stopped: the records, or reading them.
enum Failed<E> {
    Decode(DecodeError),
    Read(E),
}

impl<E> From<DecodeError> for Failed<E> {
    fn from(error: DecodeError) -> Failed<E> {
        Failed::Decode(error)
    }
}

fn assemble_from<E>(
    keys: impl IntoIterator<Item = String>,
    mut read: impl FnMut(&str) -> Result<Option<String>, Failed<E>>,
    mut later: impl FnMut(&str) -> Result<Option<LaterText>, Failed<E>>,
) -> Result<(World, ApiState, Meta, Room), Failed<E>> {
    let mut room = Room::default();
    let meta_text = read(META_KEY)?.ok_or_else(|| unreadable("the `meta` record is missing"))?;
    room.set(META_KEY, Some(&meta_text));
    let meta = read_meta(&meta_text)?;
    let rest = read(REST_KEY)?.ok_or_else(|| unreadable("the `rest` record is missing"))?;
    room.set(REST_KEY, Some(&rest));
    let mut unpacker = Unpacker::default();
    let (mut world, api) =
        snapshot::parse_rest(REST_KEY, unpacked(&mut unpacker, REST_KEY, &rest)?)?;
    let mut event_chunks: BTreeMap<usize, (String, ChunkText)> = BTreeMap::new();
    // In key order, a bucket's objects come after the buckets of lower ids: each is appended
    // to its map instead of moving the ones after it (`IdMap::insert`).
    let mut keys: Vec<String> = keys.into_iter().collect();
    crate::order::sort_by(&mut keys, |a, b| a.cmp(b));
    for key in keys {
        if key == META_KEY || key == REST_KEY {
            continue;
        }
        if key.starts_with(EVENTS_PREFIX) {
            if let Some((text, units)) = later(&key)? {
                room.set_units(&key, units);
                event_chunks.insert(chunk_number(&key)?, (key, ChunkText::Later(text)));
                continue;
            }
        }
        let Some(value) = read(&key)? else { continue };
        room.set(&key, Some(&value));
        add_record(&mut world, &mut event_chunks, &mut unpacker, &key, value)?;
    }
    // Another tab saves `meta` last: if it changed while the records were read, they may mix
    // two revisions. Refused like a save caught half-way, which the store reads again under
    // the tabs' lock.
    if read(META_KEY)?.as_deref() != Some(meta_text.as_str()) {
        return Err(
            unreadable("the records changed while they were read (another tab saved)").into(),
        );
    }
    events_in_order(&mut world, event_chunks, &meta)?;
    world.shrink_to_fit();
    Ok((world, api, meta, room))
}

/// Adds one record other than `meta` and `rest` to the world, or an event chunk (its key and
/// packed text, read when first needed) to `event_chunks`.
fn add_record(
    world: &mut World,
    event_chunks: &mut BTreeMap<usize, (String, ChunkText)>,
    unpacker: &mut Unpacker,
    key: &str,
    value: String,
) -> Result<(), DecodeError> {
    if key.starts_with(EVENTS_PREFIX) {
        let n = chunk_number(key)?;
        event_chunks.insert(n, (key.to_string(), ChunkText::Packed(value)));
        return Ok(());
    }
    let kind = key.split_once('.').map_or("", |(kind, _)| kind);
    if !KINDS.contains(&kind) {
        return Err(unreadable(format!("unknown record `{key}`")));
    }
    let json = unpacked(unpacker, key, &value)?;
    match kind {
        prefix::ORGANIZATION => fill(&mut world.organizations, key, json, |o| &o.id),
        prefix::TEMPLATE => fill(&mut world.templates, key, json, |o| &o.id),
        prefix::INQUIRY => fill(&mut world.inquiries, key, json, |o| &o.id),
        prefix::BRIDGE => fill(&mut world.bridges, key, json, |o| &o.id),
        prefix::SHARE_TOKEN => fill(&mut world.share_tokens, key, json, |o| &o.id),
        prefix::WORKFLOW => fill(&mut world.workflows, key, json, |o| &o.id),
        prefix::WORKFLOW_RUN => fill(&mut world.workflow_runs, key, json, |o| &o.id),
        prefix::WEBHOOK => fill(&mut world.webhooks, key, json, |o| &o.id),
        _ => fill(&mut world.deliveries, key, json, |o| &o.id),
    }
}

/// The number of event chunk `key` (`events.<n>`).
fn chunk_number(key: &str) -> Result<usize, DecodeError> {
    key.strip_prefix(EVENTS_PREFIX)
        .and_then(|n| n.parse().ok())
        .ok_or_else(|| unreadable(format!("record `{key}` is not a numbered event chunk")))
}

/// Puts the event chunks in the log in order, checking none is missing and that they make as
/// many events as `meta` says. Each is read when first needed: [`EventLog::check`] reads them all.
fn events_in_order(
    world: &mut World,
    event_chunks: BTreeMap<usize, (String, ChunkText)>,
    meta: &Meta,
) -> Result<(), DecodeError> {
    let trimmed = world.events_trimmed;
    let end = trimmed.saturating_add(meta.events);
    let first = trimmed / EVENTS_PER_CHUNK;
    let expected = end.div_ceil(EVENTS_PER_CHUNK).saturating_sub(first);
    if event_chunks.len() != expected {
        return Err(unreadable(format!(
            "the records hold {} event chunks where `meta` says {} events ({expected} chunks)",
            event_chunks.len(),
            meta.events
        )));
    }
    // Times saved by an older app that did not write them, or not one per chunk: read them all.
    let times = Some(&meta.event_times).filter(|times| times.len() == expected);
    for (i, (n_expected, (n, (key, packed)))) in (first..).zip(event_chunks).enumerate() {
        if n != n_expected {
            return Err(unreadable(format!("event chunk {n_expected} is missing")));
        }
        let from = n.saturating_mul(EVENTS_PER_CHUNK).max(trimmed);
        let to = from
            .saturating_add(EVENTS_PER_CHUNK - from % EVENTS_PER_CHUNK)
            .min(end);
        // A chunk left empty by an unaligned trim has no newest event (its time says 0).
        let latest = times
            .and_then(|times| times.get(i))
            .copied()
            .filter(|_| to > from);
        world
            .events
            .push_stored(&key, packed, to.saturating_sub(from), latest);
    }
    Ok(())
}

/// Reads version-2 records (keys without their `connect.v2.` prefix): the world and its meta,
/// ready to be written as version 3.
pub fn migrate_v2(
    records: &BTreeMap<String, String>,
) -> Result<(World, ApiState, Meta), DecodeError> {
    snapshot::assemble(records).map(at_this_version)
}

/// Reads the version-1 document: the world and a meta, ready to be written as version 3.
pub fn migrate_v1(raw: &str) -> Result<(World, ApiState, Meta), DecodeError> {
    snapshot::migrate_v1(raw).map(at_this_version)
}

/// What an older version read, with a meta that says this version.
fn at_this_version((world, api, meta): (World, ApiState, Meta)) -> (World, ApiState, Meta) {
    let meta = Meta {
        version: VERSION,
        ..meta
    };
    (world, api, meta)
}
