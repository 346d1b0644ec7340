//! The browser side of persistence: the playground's state in local storage.
//!
//! The playground is stored as a few hundred packed records (`connect::stored` says which), so
//! an action writes only the records holding what it changed. Every action goes read → apply → write under one lock
//! shared by all tabs (`locks`): if another tab saved since this tab last read, this tab
//! reloads first; the command is applied; the changed records are written, `meta` last. When
//! the browser refuses a write, what was written is put back and the tab reloads, so the screen
//! shows what is saved. Data that cannot be read is never written over: it is copied under the
//! one kept-aside key, left where it was, and the tab runs in memory until the user decides; data
//! a newer app saved is left alone, and the tab asks for a reload.

pub mod deliver;
pub mod local;
pub mod locks;
pub mod sync;

use connect::api::{ApiRequest, ApiResponse, ApiState};
use connect::clock::Clock;
use connect::snapshot::{self, DecodeError, Meta, Snapshot};
use connect::stored::{self, Room};
use connect::world::EventsMark;
use connect::{Command, Delivery, DeliveryOutcome, DomainError, Engine, Event, Id, RandomIds};
use connect::{Timestamp, World};
use std::collections::BTreeMap;
use std::fmt;
use std::ops::Deref;

pub use local::{KEPT_ASIDE_KEY, LEGACY_V1_KEY, LEGACY_V2_PREFIX, PREFIX};

/// Whether changes reach local storage.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Persistence {
    /// Every change is saved.
    Saved,
    /// Nothing is saved; the reason is shown to the user.
    MemoryOnly(String),
    /// A newer version of the app saved the playground (in this schema version): this tab cannot
    /// read it, saves nothing and asks for a reload.
    NewerVersion(u64),
}

/// Saved data that could not be read and is waiting for the user's decision.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeptAside {
    pub reason: String,
    /// Whether a copy is kept under [`KEPT_ASIDE_KEY`], or why the browser refused it.
    pub copy: Result<(), String>,
    /// The data as found: the version-1 document, or the records of version 2 or 3 as one JSON
    /// object.
    pub raw: String,
}

/// Why an action did not happen. In either case nothing changed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ActionError {
    /// A rule refused the command.
    Rule(DomainError),
    /// Local storage refused the write.
    NotSaved(String),
    /// Another tab's last save had not reached this tab's local storage in time.
    Behind(Behind),
}

/// Why work under the playground lock did not run: another tab's last save had not reached
/// this tab's local storage within the catch-up wait, and acting on stale data would undo it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Behind;

impl fmt::Display for Behind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(
            "Nothing was changed: another tab's last change has not reached this tab yet — try again.",
        )
    }
}

impl fmt::Display for ActionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ActionError::Rule(e) => write!(f, "{e}"),
            ActionError::NotSaved(why) => write!(
                f,
                "{} The screen shows what is saved.",
                save_refused("Nothing was changed: the browser refused to save it", why)
            ),
            ActionError::Behind(behind) => write!(f, "{behind}"),
        }
    }
}

/// A save the browser refused, said the same way by every screen: `lead` says what did not
/// happen ("Nothing was changed: the browser refused to save the import"), then why: when
/// storage was full, in words (not the browser's exception, which names an internal key), what
/// to do, and how much the site's other data takes, which no reset of the playground frees.
pub fn save_refused(lead: &str, why: &str) -> String {
    if !why.to_ascii_lowercase().contains("quota") {
        return format!("{lead} ({why}).");
    }
    let others = local::others_now();
    let others_said = if others > 0 {
        format!(
            " Other data of this site takes {} characters of the same storage: clearing it (in the browser's settings for this site) makes room too.",
            thousands(others)
        )
    } else {
        String::new()
    };
    format!(
        "{lead}: local storage is full (this browser keeps at most {} characters for the site). {MAKE_ROOM}{others_said} The Sandbox's meter shows what takes the room.",
        thousands(connect::stored::QUOTA)
    )
}

/// `20000` as `20,000`.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// What a user can do when local storage is full, said wherever room is short.
pub const MAKE_ROOM: &str = "To make room, export the playground on the Sandbox screen and then reset it (or import a smaller file), or delete workflows and webhook endpoints you no longer need.";

/// The whole playground as this tab knows it. Screens read the engine's world and API records
/// through `Deref`; every change goes through the methods below, which save it.
pub struct Playground {
    engine: Engine,
    pub clock_offset_ms: i64,
    pub persistence: Persistence,
    pub kept_aside: Option<KeptAside>,
    /// The stored revision this tab's world matches.
    revision: u64,
    /// The `rest` record as last saved, so it is written only when it changed.
    saved_rest: Option<String>,
    /// See `snapshot::Meta::lineage`.
    lineage: String,
    /// The room the stored records take, as of the last load or save.
    room: Room,
    /// Webhook deliveries this tab made and has not handed to the sender yet.
    outbox: Vec<Delivery>,
    /// Storage looked unreadable at load, which a save half-way through in another tab also
    /// looks like: [`Playground::settle`] reads it again under the lock before deciding.
    unsettled: bool,
    /// The event log's stored chunks are read when first needed (`connect::EventLog`), and
    /// [`Playground::settle`] reads the rest, once the first screen is shown: one that turns
    /// out damaged is kept aside as a load would have. Kept, not derived from the log: a chunk
    /// the first screen read and found damaged is read, yet still to be judged here.
    events_unchecked: bool,
    /// A save the browser recorded as committed but never kept in local storage, found at load
    /// (see `ui::state::recover_lost_save`); shown until the page is reloaded.
    pub lost_save: Option<LostSave>,
    /// Local storage held no playground at load, so this tab seeded a new one: a save IndexedDB
    /// recorded for another lineage then means the saved playground went as a whole.
    pub started_empty: bool,
}

/// The browser ended (a crash, a killed process) after IndexedDB had made a save's revision
/// durable but before local storage wrote that save to disk: the playground goes on from the
/// revision local storage kept.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LostSave {
    /// The revision local storage holds, which the playground shows.
    pub kept: u64,
    /// The revision IndexedDB recorded as saved.
    pub recorded: u64,
    /// Local storage held nothing at all: the browser dropped the whole saved playground (its
    /// storage for the site was cleared or lost while IndexedDB kept its record), and this tab
    /// made a new demo playground.
    pub whole: bool,
}

/// Why a tab that found unreadable data saves nothing.
const UNREADABLE: &str =
    "saved data could not be read, so nothing is saved until you choose what to do with it";

impl Deref for Playground {
    type Target = Engine;

    fn deref(&self) -> &Engine {
        &self.engine
    }
}

fn real_now() -> i64 {
    js_sys::Date::now() as i64
}

/// What storage holds, read and checked.
enum Stored {
    Nothing,
    Current(Engine, Meta, Room),
    /// Version-2 records or a version-1 document, brought forward; not yet written in version
    /// 3. The full keys hold the old form.
    Migrated(Engine, Meta, Vec<String>),
    Unreadable(DecodeError, String),
}

/// `check_events`: read every stored event chunk now, instead of when first needed.
fn read_stored(storage: &web_sys::Storage, check_events: bool) -> Result<Stored, String> {
    let as_json =
        |records: &BTreeMap<String, String>| serde_json::to_string(records).unwrap_or_default();
    let keys = local::keys_under(storage, PREFIX)?;
    if !keys.is_empty() {
        // One record at a time (stored::assemble_each), each event chunk left in the browser's
        // string until read (stored::assemble_lazily); all of them again only to keep aside.
        let assembled = stored::assemble_lazily(
            keys,
            |key| local::record(storage, key),
            |key| local::record_later(storage, key),
        )?
        .and_then(|assembled| {
            if check_events {
                assembled
                    .0
                    .events
                    .check()
                    .map_err(DecodeError::Unreadable)?;
            }
            Ok(assembled)
        });
        return Ok(match assembled {
            Ok((world, api, meta, room)) => Stored::Current(Engine::new(world, api), meta, room),
            Err(error) => Stored::Unreadable(error, as_json(&local::records(storage, PREFIX)?)),
        });
    }
    let v2 = local::records(storage, LEGACY_V2_PREFIX)?;
    if !v2.is_empty() {
        return Ok(match stored::migrate_v2(&v2) {
            Ok((world, api, meta)) => {
                let keys = v2.keys().map(|k| format!("{LEGACY_V2_PREFIX}{k}"));
                Stored::Migrated(Engine::new(world, api), meta, keys.collect())
            }
            Err(error) => Stored::Unreadable(error, as_json(&v2)),
        });
    }
    Ok(match local::get(storage, LEGACY_V1_KEY)? {
        None => Stored::Nothing,
        Some(raw) => match stored::migrate_v1(&raw) {
            Ok((world, api, meta)) => Stored::Migrated(
                Engine::new(world, api),
                meta,
                vec![LEGACY_V1_KEY.to_string()],
            ),
            Err(error) => Stored::Unreadable(error, raw),
        },
    })
}

impl Playground {
    fn in_memory(engine: Engine, persistence: Persistence) -> Playground {
        Playground {
            engine,
            clock_offset_ms: 0,
            persistence,
            kept_aside: None,
            revision: 0,
            saved_rest: None,
            lineage: uuid::Uuid::new_v4().simple().to_string(),
            room: Room::default(),
            outbox: Vec::new(),
            unsettled: false,
            events_unchecked: false,
            lost_save: None,
            started_empty: false,
        }
    }

    fn seeded(persistence: Persistence) -> Playground {
        let world = connect::seed::demo_playground(Timestamp(real_now()), &mut RandomIds);
        Playground::in_memory(Engine::new(world, ApiState::default()), persistence)
    }

    /// Loads the saved playground, migrating older versions, or seeds the demo when there is
    /// none. Storage that looks unreadable is only judged by [`Playground::settle`], and so are
    /// the event log's stored chunks.
    pub fn load() -> Playground {
        Playground::open(false, false)
    }

    /// Whether [`Playground::settle`] has yet to judge storage that looked unreadable.
    pub fn unsettled(&self) -> bool {
        self.unsettled
    }

    /// Whether [`Playground::settle`] has yet to read the event log's stored chunks.
    pub fn events_unchecked(&self) -> bool {
        self.events_unchecked
    }

    /// Reads storage that looked unreadable at load again, and only now keeps it aside if it
    /// still is; reads the event log's stored chunks not read yet, and keeps storage aside if
    /// one is damaged. Call it holding the playground lock, once local storage has caught up:
    /// then no save is half-way through.
    pub fn settle(&mut self) {
        if self.unsettled {
            self.reopen(false);
        }
        if self.events_unchecked {
            self.events_unchecked = false;
            if self.engine.world.events.check().is_err() {
                self.reopen(true);
            }
        }
    }

    /// Reads storage again, as a load does (`check_events`: and every event chunk). When it
    /// cannot be used (unreadable, newer, refused), this tab keeps the world it shows, in
    /// memory: the screen stays where the user is.
    fn reopen(&mut self, check_events: bool) {
        let next = Playground::open(true, check_events);
        if next.persistence == Persistence::Saved {
            let outbox = std::mem::take(&mut self.outbox);
            *self = next;
            self.outbox = outbox;
        } else {
            self.persistence = next.persistence;
            self.kept_aside = next.kept_aside;
            self.unsettled = false;
        }
    }

    /// A tab that found data a newer app saved: it shows the demo in memory and writes nothing.
    fn newer(version: u64) -> Playground {
        Playground::seeded(Persistence::NewerVersion(version))
    }

    /// Reads storage (see [`Playground::load`]); `settled` says no save can be half-way through,
    /// so data that does not add up is unreadable; `check_events` reads every event chunk now.
    fn open(settled: bool, check_events: bool) -> Playground {
        let storage = match local::storage() {
            Ok(storage) => storage,
            Err(why) => {
                return Playground::seeded(Persistence::MemoryOnly(format!(
                    "{why}: the playground runs in memory and is lost when this tab closes"
                )))
            }
        };
        if let Some(version) = local::newer_schema(&storage) {
            return Playground::newer(version);
        }
        let stored = match read_stored(&storage, check_events) {
            Ok(stored) => stored,
            Err(why) => {
                return Playground::seeded(Persistence::MemoryOnly(format!(
                    "{why}: the playground runs in memory"
                )))
            }
        };
        match stored {
            Stored::Current(engine, meta, room) => {
                let mut playground = Playground::in_memory(engine, Persistence::Saved);
                playground.events_unchecked = playground.engine.world.events.unread();
                playground.adopt(meta, room);
                playground
            }
            Stored::Nothing => {
                let mut playground = Playground::seeded(Persistence::Saved);
                playground.started_empty = true;
                if let Err(why) = playground.write_everything(&[]) {
                    playground.persistence = Persistence::MemoryOnly(format!(
                        "the browser refused to save ({why}): the playground runs in memory"
                    ));
                }
                playground
            }
            Stored::Migrated(engine, meta, old_keys) => {
                let mut playground = Playground::in_memory(engine, Persistence::Saved);
                playground.clock_offset_ms = meta.clock_offset_ms;
                if !meta.lineage.is_empty() {
                    playground.lineage = meta.lineage;
                }
                playground.revision = meta.revision;
                // The old form goes first, in the same all-or-nothing write: old and new may not
                // both fit.
                if let Err(why) = playground.write_everything(&old_keys) {
                    playground.persistence = Persistence::MemoryOnly(format!(
                        "your saved data was read, but saving it in the new format was refused ({why}); it was left as it was and nothing is saved"
                    ))
                }
                playground
            }
            Stored::Unreadable(DecodeError::NewerVersion(version), _) => Playground::newer(version),
            Stored::Unreadable(..) if !settled => {
                let mut playground = Playground::seeded(Persistence::MemoryOnly(
                    "another tab may be saving: this tab reads the saved playground once it has finished".into(),
                ));
                playground.unsettled = true;
                playground
            }
            Stored::Unreadable(error, raw) => {
                let mut playground = Playground::seeded(Persistence::MemoryOnly(UNREADABLE.into()));
                playground.kept_aside = Some(KeptAside {
                    reason: error.to_string(),
                    copy: local::keep_aside(&storage, &raw),
                    raw,
                });
                playground
            }
        }
    }

    fn adopt(&mut self, meta: Meta, room: Room) {
        if !meta.lineage.is_empty() {
            self.lineage = meta.lineage;
        }
        self.room = room;
        self.revision = meta.revision;
        self.clock_offset_ms = meta.clock_offset_ms;
        self.saved_rest = snapshot::rest_record(&self.engine.world, &self.engine.api).ok();
        self.engine.world.take_touched();
    }

    /// The stored revision this tab's world matches.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// The room the playground's records take in local storage.
    pub fn room(&self) -> &Room {
        &self.room
    }

    /// The lineage and revision local storage shows this tab now, if it holds a readable
    /// `meta`.
    pub fn stored_revision() -> Option<(String, u64)> {
        let storage = local::storage().ok()?;
        let json = local::record(&storage, stored::META_KEY).ok()??;
        stored::read_meta(&json)
            .ok()
            .map(|meta| (meta.lineage, meta.revision))
    }

    /// See `snapshot::Meta::lineage`.
    pub fn lineage(&self) -> &str {
        &self.lineage
    }

    /// The playground clock.
    pub fn now(&self) -> Timestamp {
        self.clock().now
    }

    /// The playground clock and real time, for the engine (signatures carry real time).
    fn clock(&self) -> Clock {
        Clock::ahead(Timestamp(real_now()), self.clock_offset_ms)
    }

    fn meta(&self, revision: u64) -> Meta {
        Meta {
            version: stored::VERSION,
            revision,
            clock_offset_ms: self.clock_offset_ms,
            events: self.engine.world.events.len(),
            lineage: self.lineage.clone(),
            event_times: Vec::new(),
        }
    }

    /// Writes the whole world as the next revision, first removing the keys in `stale` (full
    /// keys, of any schema) it does not write again. Used for a first save, a migration, an
    /// import and a reset.
    fn write_everything(&mut self, stale: &[String]) -> Result<(), String> {
        let storage = local::storage()?;
        let meta = self.meta(self.revision.saturating_add(1));
        let records = stored::all_records(&self.engine.world, &self.engine.api, &meta)?;
        let rest = snapshot::rest_record(&self.engine.world, &self.engine.api)?;
        let full = |key: &str| format!("{PREFIX}{key}");
        let mut changes: Vec<(String, Option<String>)> = stale
            .iter()
            .filter(|key| {
                key.strip_prefix(PREFIX)
                    .is_none_or(|key| !records.contains_key(key))
            })
            .map(|key| (key.clone(), None))
            .collect();
        // `meta` last: a tab that sees the new revision sees everything it wrote.
        changes.extend(
            records
                .iter()
                .filter(|(key, _)| *key != stored::META_KEY)
                .map(|(key, value)| (full(key), Some(value.clone()))),
        );
        changes.push((
            full(stored::META_KEY),
            records.get(stored::META_KEY).cloned(),
        ));
        local::write_all(&storage, &changes)?;
        self.revision = meta.revision;
        self.saved_rest = Some(rest);
        self.room = Room::of(&records);
        self.engine.world.take_touched();
        Ok(())
    }

    /// Writes what changed since the last save as the next revision: the touched objects, new
    /// events, `rest` if it changed, and `meta`.
    fn save_changes(
        &mut self,
        events_before: EventsMark,
        clock_changed: bool,
    ) -> Result<(), String> {
        let touched = self.engine.world.take_touched();
        if self.persistence != Persistence::Saved {
            return Ok(());
        }
        let rest = snapshot::rest_record(&self.engine.world, &self.engine.api)?;
        let rest_changed = self.saved_rest.as_deref() != Some(rest.as_str());
        if touched.is_empty()
            && self.engine.world.events_mark() == events_before
            && !rest_changed
            && !clock_changed
        {
            return Ok(());
        }
        let meta = self.meta(self.revision.saturating_add(1));
        let mut changes =
            stored::changed_records(&self.engine.world, &touched, events_before, &meta)?;
        if rest_changed {
            // Before `meta`, which stays last.
            let at = changes.len().saturating_sub(1);
            changes.insert(
                at,
                (
                    stored::REST_KEY.to_string(),
                    Some(stored::rest_value(&rest)),
                ),
            );
        }
        local::write_records(&local::storage()?, &changes)?;
        self.revision = meta.revision;
        self.saved_rest = Some(rest);
        self.room.apply(&changes);
        Ok(())
    }

    /// Saves what the engine call just changed, then hands its deliveries to the sender; when
    /// the browser refuses the write, reloads the saved state (the deliveries go with it).
    fn save_and_queue(
        &mut self,
        events_before: EventsMark,
        clock_changed: bool,
    ) -> Result<(), String> {
        let made = self.engine.take_deliveries();
        match self.save_changes(events_before, clock_changed) {
            Ok(()) => {
                self.outbox.extend(made);
                Ok(())
            }
            Err(why) => {
                self.reload();
                Err(why)
            }
        }
    }

    /// The deliveries to POST now; each is handed out once.
    pub fn take_outbox(&mut self) -> Vec<Delivery> {
        std::mem::take(&mut self.outbox)
    }

    /// Makes this tab's world the stored one again after a refused write (which `write_all`
    /// has already undone in storage).
    fn reload(&mut self) {
        if let Ok(storage) = local::storage() {
            if let Ok(Stored::Current(engine, meta, room)) = read_stored(&storage, false) {
                self.engine = engine;
                self.events_unchecked = self.engine.world.events.unread();
                self.adopt(meta, room);
            }
        }
    }

    /// Catches up with another tab's save, reset or clearing of storage, if there was one.
    /// Returns whether anything changed. Call it holding the playground lock: it may write (a
    /// fresh demo where another tab cleared storage).
    pub fn refresh_from_storage(&mut self) -> bool {
        if self.persistence != Persistence::Saved {
            return false;
        }
        let Ok(storage) = local::storage() else {
            return false;
        };
        let stored = local::record(&storage, stored::META_KEY)
            .ok()
            .flatten()
            .map(|json| stored::read_meta(&json));
        // Revisions count saves within one lineage only: the same number in another lineage
        // (storage cleared, then saved anew) is another playground.
        if let Some(Ok(meta)) = &stored {
            let same_lineage = meta.lineage.is_empty() || meta.lineage == self.lineage;
            if same_lineage && meta.revision == self.revision {
                return false;
            }
        }
        self.reopen(false);
        true
    }

    /// Applies `command` as `actor` and saves what changed; on any error nothing changed.
    /// Call it holding the playground lock (`locks::exclusive`).
    pub fn execute(&mut self, actor: &Id, command: Command) -> Result<Vec<Event>, ActionError> {
        self.refresh_from_storage();
        let clock = self.clock();
        let events_before = self.engine.world.events_mark();
        let outcome = self.engine.command(actor, command, clock, &mut RandomIds);
        self.save_and_queue(events_before, false)
            .map_err(ActionError::NotSaved)?;
        outcome.map_err(ActionError::Rule)
    }

    /// Serves one simulated API call (the console) and saves what it changed: objects, request
    /// log, idempotency records, rate-limit window. When the browser refuses the write nothing
    /// changed, and the answer is a 503 JSON:API error saying so.
    pub fn call_api(&mut self, request: &ApiRequest) -> ApiResponse {
        self.refresh_from_storage();
        let clock = self.clock();
        let events_before = self.engine.world.events_mark();
        let response = self.engine.api(request, clock, &mut RandomIds);
        match self.save_and_queue(events_before, false) {
            Ok(()) => response,
            Err(why) => connect::api::storage_refused(&why, &response),
        }
    }

    /// Records the expiry of tokens the clock has passed, and what they set off. Returns
    /// whether anything changed. Call it holding the playground lock.
    pub fn expire_due(&mut self) -> bool {
        let refreshed = self.refresh_from_storage();
        let clock = self.clock();
        let events_before = self.engine.world.events_mark();
        if self.engine.tick(clock, &mut RandomIds).is_empty() {
            return refreshed;
        }
        // When the write is refused the screen still shows the tokens as expired (status_at
        // reads the clock), and a later save records it.
        let _ = self.save_and_queue(events_before, false);
        true
    }

    /// Erases the unreadable data and its kept-aside copy, once the user has confirmed, and
    /// starts saving the fresh demo.
    pub fn start_fresh(&mut self) -> Result<(), String> {
        let storage = local::storage()?;
        let mut stale = local::playground_keys(&storage)?;
        stale.push(KEPT_ASIDE_KEY.to_string());
        let mut fresh = Playground::seeded(Persistence::Saved);
        fresh.lineage = self.lineage.clone();
        fresh.write_everything(&stale)?;
        *self = fresh;
        Ok(())
    }

    /// Replaces the whole playground (import, reset) and saves it. On a refused write nothing
    /// changes and the reason is returned.
    pub fn replace(
        &mut self,
        world: World,
        api: ApiState,
        clock_offset_ms: i64,
    ) -> Result<(), String> {
        self.refresh_from_storage();
        let mut next = Playground::in_memory(Engine::new(world, api), self.persistence.clone());
        next.clock_offset_ms = clock_offset_ms;
        next.revision = self.revision;
        next.lineage = self.lineage.clone();
        if self.persistence == Persistence::Saved {
            let stale = local::playground_keys(&local::storage()?)?;
            next.write_everything(&stale)?;
        }
        next.kept_aside = self.kept_aside.take();
        *self = next;
        Ok(())
    }

    /// Moves the playground clock to `offset_ms` ahead of real time (0 is real time). It is
    /// saved, so every tab shares it. Tokens the new time has passed expire at once, with what
    /// they set off.
    pub fn set_clock_offset(&mut self, offset_ms: i64) -> Result<(), String> {
        // Every clock move passes here, so the clock's rules are checked here too, whatever the
        // caller computed.
        connect::clock::check_offset(offset_ms).map_err(|refused| refused.message)?;
        self.refresh_from_storage();
        let previous = self.clock_offset_ms;
        self.clock_offset_ms = offset_ms;
        let events_before = self.engine.world.events_mark();
        self.engine.clock_moved(self.clock(), &mut RandomIds);
        self.save_and_queue(events_before, true).inspect_err(|_| {
            self.clock_offset_ms = previous;
        })
    }

    /// Records what the POST of a webhook delivery came to, and saves it. Call it holding the
    /// playground lock. A delivery that is gone meanwhile (pushed out, reset) is left alone.
    pub fn record_delivery(&mut self, id: &Id, outcome: DeliveryOutcome) {
        self.refresh_from_storage();
        let now = self.now();
        let events_before = self.engine.world.events_mark();
        if self.engine.record_delivery(id, outcome, now)
            && self.save_changes(events_before, false).is_err()
        {
            self.reload();
        }
    }

    /// The whole playground as one JSON document (for a download).
    pub fn export(&self) -> Result<String, String> {
        Snapshot::with_api(
            self.engine.world.clone(),
            self.engine.api.clone(),
            self.clock_offset_ms,
        )
        .encode()
    }
}
