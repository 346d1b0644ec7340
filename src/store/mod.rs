//! The browser side of persistence: the playground's state in local storage.
//!
//! The playground is stored as many small records (`connect::snapshot` says which), so an
//! action writes only what it changed. Every action goes read → apply → write under one lock
//! shared by all tabs (`locks`): if another tab saved since this tab last read, this tab
//! reloads first; the command is applied; the changed records are written, `meta` last. When
//! the browser refuses a write, what was written is put back and the tab reloads, so the screen
//! shows what is saved. Data that cannot be read is never written over: it is copied under a
//! backup key, left where it was, and the tab runs in memory until the user decides.

pub mod deliver;
pub mod local;
pub mod locks;
pub mod sync;

use connect::api::{ApiRequest, ApiResponse};
use connect::snapshot::{self, DecodeError, Meta, Snapshot};
use connect::world::EventsMark;
use connect::{Command, DomainError, Event, Id, RandomIds, Timestamp, World};
use std::collections::BTreeMap;
use std::fmt;

pub use local::{BACKUP_KEY_PREFIX, LEGACY_V1_KEY, PREFIX};

/// Whether changes reach local storage.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Persistence {
    /// Every change is saved.
    Saved,
    /// Nothing is saved; the reason is shown to the user.
    MemoryOnly(String),
}

/// Saved data that could not be read and is waiting for the user's decision.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeptAside {
    pub reason: String,
    /// The backup key holding a copy, when the copy could be written.
    pub backup_key: Option<String>,
    /// The data as found: the version-1 document, or the version-2 records as one JSON object.
    pub raw: String,
}

/// Why an action did not happen. In either case nothing changed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ActionError {
    /// A rule refused the command.
    Rule(DomainError),
    /// Local storage refused the write.
    NotSaved(String),
}

impl fmt::Display for ActionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ActionError::Rule(e) => write!(f, "{e}"),
            ActionError::NotSaved(why) => write!(
                f,
                "Nothing was changed: the browser refused to save it ({why}). The screen shows what is saved."
            ),
        }
    }
}

/// The whole playground as this tab knows it.
pub struct Playground {
    pub world: World,
    pub clock_offset_ms: i64,
    pub persistence: Persistence,
    pub kept_aside: Option<KeptAside>,
    /// The stored revision this tab's world matches.
    revision: u64,
    /// The `rest` record as last saved, so it is written only when it changed.
    saved_rest: Option<String>,
    /// See `snapshot::Meta::lineage`.
    lineage: String,
    /// Webhook deliveries this tab made and has not handed to the sender yet.
    outbox: Vec<connect::webhook::Delivery>,
}

fn real_now() -> i64 {
    js_sys::Date::now() as i64
}

/// What storage holds, read and checked.
enum Stored {
    Nothing,
    Current(World, Meta),
    /// A version-1 document, brought forward; not yet written in version 2.
    Migrated(World, Meta),
    Unreadable(DecodeError, String),
}

fn read_stored(storage: &web_sys::Storage) -> Result<Stored, String> {
    let records = local::records(storage)?;
    if !records.is_empty() {
        return Ok(match snapshot::assemble(&records) {
            Ok((world, meta)) => Stored::Current(world, meta),
            Err(error) => {
                let raw = serde_json::to_string(&records).unwrap_or_default();
                Stored::Unreadable(error, raw)
            }
        });
    }
    Ok(match local::get(storage, LEGACY_V1_KEY)? {
        None => Stored::Nothing,
        Some(raw) => match snapshot::migrate_v1(&raw) {
            Ok((world, meta)) => Stored::Migrated(world, meta),
            Err(error) => Stored::Unreadable(error, raw),
        },
    })
}

impl Playground {
    fn in_memory(world: World, persistence: Persistence) -> Playground {
        Playground {
            world,
            clock_offset_ms: 0,
            persistence,
            kept_aside: None,
            revision: 0,
            saved_rest: None,
            lineage: uuid::Uuid::new_v4().simple().to_string(),
            outbox: Vec::new(),
        }
    }

    fn seeded(persistence: Persistence) -> Playground {
        let world = connect::seed::demo_playground(Timestamp(real_now()), &mut RandomIds);
        Playground::in_memory(world, persistence)
    }

    /// Loads the saved playground, migrating older versions, or seeds the demo when there is
    /// none.
    pub fn load() -> Playground {
        let storage = match local::storage() {
            Ok(storage) => storage,
            Err(why) => {
                return Playground::seeded(Persistence::MemoryOnly(format!(
                    "{why}: the playground runs in memory and is lost when this tab closes"
                )))
            }
        };
        let stored = match read_stored(&storage) {
            Ok(stored) => stored,
            Err(why) => {
                return Playground::seeded(Persistence::MemoryOnly(format!(
                    "{why}: the playground runs in memory"
                )))
            }
        };
        match stored {
            Stored::Current(world, meta) => {
                let mut playground = Playground::in_memory(world, Persistence::Saved);
                playground.adopt(meta);
                playground
            }
            Stored::Nothing => {
                let mut playground = Playground::seeded(Persistence::Saved);
                if let Err(why) = playground.write_everything(None) {
                    playground.persistence = Persistence::MemoryOnly(format!(
                        "the browser refused to save ({why}): the playground runs in memory"
                    ));
                }
                playground
            }
            Stored::Migrated(world, meta) => {
                let mut playground = Playground::in_memory(world, Persistence::Saved);
                playground.clock_offset_ms = meta.clock_offset_ms;
                match playground.write_everything(None) {
                    // The version-1 document is now fully held by the version-2 records.
                    Ok(()) => {
                        let _ = storage.remove_item(LEGACY_V1_KEY);
                    }
                    Err(why) => {
                        playground.persistence = Persistence::MemoryOnly(format!(
                            "your saved data was read, but saving it in the new format was refused ({why}); it was left as it was and nothing is saved"
                        ))
                    }
                }
                playground
            }
            Stored::Unreadable(error, raw) => {
                let mut playground = Playground::seeded(Persistence::MemoryOnly(
                    "saved data could not be read, so nothing is saved until you choose what to do with it"
                        .into(),
                ));
                playground.kept_aside = Some(KeptAside {
                    reason: error.to_string(),
                    backup_key: local::keep_aside(&storage, &raw, real_now()).ok(),
                    raw,
                });
                playground
            }
        }
    }

    fn adopt(&mut self, meta: Meta) {
        if !meta.lineage.is_empty() {
            self.lineage = meta.lineage;
        }
        self.revision = meta.revision;
        self.clock_offset_ms = meta.clock_offset_ms;
        self.saved_rest = snapshot::rest_record(&mut self.world).ok();
        self.world.take_touched();
    }

    /// The stored revision this tab's world matches.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// The lineage and revision local storage shows this tab now, if it holds a readable
    /// `meta`.
    pub fn stored_revision() -> Option<(String, u64)> {
        let storage = local::storage().ok()?;
        let json = local::record(&storage, snapshot::META_KEY).ok()??;
        snapshot::read_meta(&json)
            .ok()
            .map(|meta| (meta.lineage, meta.revision))
    }

    /// See `snapshot::Meta::lineage`.
    pub fn lineage(&self) -> &str {
        &self.lineage
    }

    /// The playground clock.
    pub fn now(&self) -> Timestamp {
        Timestamp(real_now() + self.clock_offset_ms)
    }

    fn meta(&self, revision: u64) -> Meta {
        Meta {
            version: snapshot::VERSION,
            revision,
            clock_offset_ms: self.clock_offset_ms,
            events: self.world.events.len(),
            lineage: self.lineage.clone(),
        }
    }

    /// Writes the whole world as the next revision, removing records it no longer has
    /// (`stale`). Used for a first save, a migration, an import and a reset.
    fn write_everything(&mut self, stale: Option<&BTreeMap<String, String>>) -> Result<(), String> {
        let storage = local::storage()?;
        let meta = self.meta(self.revision + 1);
        let records = snapshot::all_records(&mut self.world, &meta)?;
        let mut changes: Vec<(String, Option<String>)> = stale
            .into_iter()
            .flat_map(|old| old.keys())
            .filter(|key| !records.contains_key(*key))
            .map(|key| (key.clone(), None))
            .collect();
        let rest = records.get(snapshot::REST_KEY).cloned();
        // `meta` last: a tab that sees the new revision sees everything it wrote.
        let meta_record = records.get(snapshot::META_KEY).cloned();
        changes.extend(
            records
                .into_iter()
                .filter(|(key, _)| key != snapshot::META_KEY)
                .map(|(key, value)| (key, Some(value))),
        );
        changes.push((snapshot::META_KEY.to_string(), meta_record));
        local::write_all(&storage, &changes)?;
        self.revision = meta.revision;
        self.saved_rest = rest;
        self.world.take_touched();
        Ok(())
    }

    /// Writes what changed since the last save as the next revision: the touched objects, new
    /// events, `rest` if it changed, and `meta`.
    fn save_changes(
        &mut self,
        events_before: EventsMark,
        clock_changed: bool,
    ) -> Result<(), String> {
        let touched = self.world.take_touched();
        if self.persistence != Persistence::Saved {
            return Ok(());
        }
        let rest = snapshot::rest_record(&mut self.world)?;
        let rest_changed = self.saved_rest.as_deref() != Some(rest.as_str());
        if touched.is_empty()
            && self.world.events_mark() == events_before
            && !rest_changed
            && !clock_changed
        {
            return Ok(());
        }
        let meta = self.meta(self.revision + 1);
        let records = snapshot::changed_records(&self.world, &touched, events_before, &meta)?;
        let mut changes = records;
        if rest_changed {
            // Before `meta`, which stays last.
            let at = changes.len().saturating_sub(1);
            changes.insert(at, (snapshot::REST_KEY.to_string(), Some(rest.clone())));
        }
        local::write_all(&local::storage()?, &changes)?;
        self.revision = meta.revision;
        self.saved_rest = Some(rest);
        Ok(())
    }

    /// Queues the deliveries made after `seq` for the sender, once they are saved.
    fn queue_deliveries(&mut self, seq: u64) {
        let made: Vec<_> = self
            .world
            .deliveries_after(seq)
            .into_iter()
            .cloned()
            .collect();
        self.outbox.extend(made);
    }

    /// The deliveries to POST now; each is handed out once.
    pub fn take_outbox(&mut self) -> Vec<connect::webhook::Delivery> {
        std::mem::take(&mut self.outbox)
    }

    /// Makes this tab's world the stored one again after a refused write (which `write_all`
    /// has already undone in storage).
    fn reload(&mut self) {
        if let Ok(storage) = local::storage() {
            if let Ok(Stored::Current(world, meta)) = read_stored(&storage) {
                self.world = world;
                self.adopt(meta);
            }
        }
    }

    /// Catches up with another tab's save, if there was one. Returns whether anything changed.
    pub fn refresh_from_storage(&mut self) -> bool {
        if self.persistence != Persistence::Saved {
            return false;
        }
        let Ok(storage) = local::storage() else {
            return false;
        };
        let stored_revision = local::record(&storage, snapshot::META_KEY)
            .ok()
            .flatten()
            .and_then(|json| snapshot::read_meta(&json).ok())
            .map(|meta| meta.revision);
        if stored_revision.is_none() || stored_revision == Some(self.revision) {
            return false;
        }
        match read_stored(&storage) {
            Ok(Stored::Current(world, meta)) => {
                self.world = world;
                self.adopt(meta);
                true
            }
            Ok(Stored::Unreadable(error, raw)) => {
                // Another tab (or a newer app) left data this tab cannot read: stop saving.
                self.persistence = Persistence::MemoryOnly(
                    "saved data could not be read, so nothing is saved until you choose what to do with it"
                        .into(),
                );
                self.kept_aside = Some(KeptAside {
                    reason: error.to_string(),
                    backup_key: local::keep_aside(&storage, &raw, real_now()).ok(),
                    raw,
                });
                true
            }
            _ => false,
        }
    }

    /// Applies `command` as `actor` and saves what changed; on any error nothing changed.
    /// Call it holding the playground lock (`locks::exclusive`).
    pub fn execute(&mut self, actor: &Id, command: Command) -> Result<Vec<Event>, ActionError> {
        self.refresh_from_storage();
        let now = self.now();
        let events_before = self.world.events_mark();
        let mut ids = RandomIds;
        let seq = self.world.last_delivery_seq();
        let mut events = self.world.expire_due(now, &mut ids);
        events.extend(self.world.react(&events.clone(), now, &mut ids));
        // Through the API module so the request log shows the equivalent API call; workflows
        // and webhooks the command sets off happen in this same action, under the same lock.
        let applied = self.world.apply_with_workflows(
            actor,
            command,
            connect::api::Origin::Dashboard,
            now,
            &mut ids,
        );
        if let Err(why) = self.save_changes(events_before, false) {
            self.reload();
            return Err(ActionError::NotSaved(why));
        }
        self.queue_deliveries(seq);
        events.extend(applied.map_err(ActionError::Rule)?);
        Ok(events)
    }

    /// Serves one simulated API call (the console) and saves what it changed: objects, request
    /// log, idempotency records, rate-limit window. When the browser refuses the write nothing
    /// changed, and the answer is a 503 JSON:API error saying so.
    pub fn call_api(&mut self, request: &ApiRequest) -> ApiResponse {
        self.refresh_from_storage();
        let now = self.now();
        let events_before = self.world.events_mark();
        let seq = self.world.last_delivery_seq();
        let response = connect::api::handle(&mut self.world, request, now, &mut RandomIds);
        // The call's events set off workflows and webhooks as a Dashboard action's do.
        let new_events = self.world.events_since(events_before).to_vec();
        self.world.react(&new_events, now, &mut RandomIds);
        match self.save_changes(events_before, false) {
            Ok(()) => {
                self.queue_deliveries(seq);
                response
            }
            Err(why) => {
                self.reload();
                connect::api::storage_refused(&why)
            }
        }
    }

    /// Records the expiry of tokens the clock has passed. Returns whether anything changed.
    /// Call it holding the playground lock.
    pub fn expire_due(&mut self) -> bool {
        let refreshed = self.refresh_from_storage();
        let now = self.now();
        let events_before = self.world.events_mark();
        let seq = self.world.last_delivery_seq();
        let expired = self.world.expire_due(now, &mut RandomIds);
        if expired.is_empty() {
            return refreshed;
        }
        self.world.react(&expired, now, &mut RandomIds);
        // When the write is refused the screen still shows the tokens as expired (status_at
        // reads the clock), and a later save records it.
        if self.save_changes(events_before, false).is_err() {
            self.reload();
        } else {
            self.queue_deliveries(seq);
        }
        true
    }

    /// Drops the unreadable data (a copy stays under its backup key, if one could be written)
    /// and starts saving the fresh demo.
    pub fn start_fresh(&mut self) -> Result<(), String> {
        let storage = local::storage()?;
        let stale = local::records(&storage)?;
        let mut fresh = Playground::seeded(Persistence::Saved);
        fresh.lineage = self.lineage.clone();
        fresh.write_everything(Some(&stale))?;
        let _ = storage.remove_item(LEGACY_V1_KEY);
        *self = fresh;
        Ok(())
    }

    /// Replaces the whole playground (import, reset) and saves it. On a refused write nothing
    /// changes and the reason is returned.
    pub fn replace(&mut self, world: World, clock_offset_ms: i64) -> Result<(), String> {
        self.refresh_from_storage();
        let mut next = Playground::in_memory(world, self.persistence.clone());
        next.clock_offset_ms = clock_offset_ms;
        next.revision = self.revision;
        next.lineage = self.lineage.clone();
        if self.persistence == Persistence::Saved {
            let stale = local::records(&local::storage()?)?;
            next.write_everything(Some(&stale))?;
        }
        next.kept_aside = self.kept_aside.take();
        *self = next;
        Ok(())
    }

    /// Moves the playground clock to `offset_ms` ahead of real time (0 is real time). It is
    /// saved, so every tab shares it. Tokens the new time has passed expire at once.
    pub fn set_clock_offset(&mut self, offset_ms: i64) -> Result<(), String> {
        // Every clock move passes here, so the clock's rules are checked here too, whatever the
        // caller computed.
        connect::clock::check_offset(offset_ms).map_err(|refused| refused.message)?;
        self.refresh_from_storage();
        let previous = self.clock_offset_ms;
        self.clock_offset_ms = offset_ms;
        let events_before = self.world.events_mark();
        let expired = self.world.expire_due(self.now(), &mut RandomIds);
        self.world.react(&expired, self.now(), &mut RandomIds);
        if let Err(why) = self.save_changes(events_before, true) {
            self.clock_offset_ms = previous;
            self.reload();
            return Err(why);
        }
        Ok(())
    }

    /// Records what the POST of a webhook delivery came to, and saves it. Call it holding the
    /// playground lock. A delivery that is gone meanwhile (pushed out, reset) is left alone.
    pub fn record_delivery(&mut self, id: &Id, outcome: connect::webhook::DeliveryOutcome) {
        self.refresh_from_storage();
        let now = self.now();
        let events_before = self.world.events_mark();
        if self.world.record_delivery_outcome(id, outcome, now)
            && self.save_changes(events_before, false).is_err()
        {
            self.reload();
        }
    }

    /// The whole playground as one JSON document (for a download).
    pub fn export(&self) -> Result<String, String> {
        Snapshot::new(self.world.clone(), self.clock_offset_ms).encode()
    }
}
