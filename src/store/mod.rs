//! The browser side of persistence: the playground's state in local storage.
//!
//! Every action goes read → apply → write: the latest stored state is read first (another tab
//! may have changed it), the command is applied to a copy, and the copy replaces what is on
//! screen only once local storage accepted it. Data that cannot be read is never written over:
//! it is kept aside under a backup key and the app runs in memory until the user decides.

use connect::api::{ApiRequest, ApiResponse};
use connect::snapshot::{DecodeError, Snapshot};
use connect::{Command, DomainError, Event, Id, RandomIds, Timestamp, World};
use std::fmt;

/// The local-storage key; it carries the schema version.
pub const STORAGE_KEY: &str = "connect-playground.v1";

/// Where unreadable data is kept aside (a timestamp is appended).
pub const BACKUP_KEY_PREFIX: &str = "connect-playground.kept-aside.";

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
    /// The exact text last read from or written to storage, to notice other tabs' writes.
    last_raw: Option<String>,
}

fn real_now() -> i64 {
    js_sys::Date::now() as i64
}

/// `QuotaExceededError: …` from whatever the browser threw.
fn js_error_text(error: &wasm_bindgen::JsValue) -> String {
    let field = |name: &str| {
        js_sys::Reflect::get(error, &name.into())
            .ok()
            .and_then(|v| v.as_string())
            .unwrap_or_default()
    };
    match (field("name"), field("message")) {
        (name, message) if name.is_empty() && message.is_empty() => "unknown error".into(),
        (name, message) => format!("{name}: {message}"),
    }
}

/// Local storage, if this browser lets the page use it.
fn local_storage() -> Result<web_sys::Storage, String> {
    web_sys::window()
        .ok_or("no window")?
        .local_storage()
        .map_err(|_| "access to local storage was denied".to_string())?
        .ok_or_else(|| "this browser has no local storage".to_string())
}

fn read_raw() -> Result<Option<String>, String> {
    local_storage()?
        .get_item(STORAGE_KEY)
        .map_err(|_| "local storage could not be read".to_string())
}

fn write_raw(key: &str, raw: &str) -> Result<(), String> {
    local_storage()?
        .set_item(key, raw)
        .map_err(|e| js_error_text(&e))
}

impl Playground {
    /// Loads the saved playground, or seeds the demo when there is none.
    pub fn load() -> Playground {
        let seeded = |persistence| {
            let now = Timestamp(real_now());
            Playground {
                world: connect::seed::demo_world(now, &mut RandomIds),
                clock_offset_ms: 0,
                persistence,
                kept_aside: None,
                last_raw: None,
            }
        };
        match read_raw() {
            Err(why) => seeded(Persistence::MemoryOnly(format!(
                "{why}: the playground runs in memory and is lost when this tab closes"
            ))),
            Ok(None) => {
                let mut playground = seeded(Persistence::Saved);
                if let Err(why) = playground.save(&playground.world.clone(), 0) {
                    playground.persistence = Persistence::MemoryOnly(format!(
                        "the browser refused to save ({why}): the playground runs in memory"
                    ));
                }
                playground
            }
            Ok(Some(raw)) => match Snapshot::decode(&raw) {
                Ok(snapshot) => Playground {
                    world: snapshot.world,
                    clock_offset_ms: snapshot.clock_offset_ms,
                    persistence: Persistence::Saved,
                    kept_aside: None,
                    last_raw: Some(raw),
                },
                Err(error) => Self::keep_aside(raw, &error, seeded),
            },
        }
    }

    fn keep_aside(
        raw: String,
        error: &DecodeError,
        seeded: impl Fn(Persistence) -> Playground,
    ) -> Playground {
        let backup_key = format!("{BACKUP_KEY_PREFIX}{}", real_now());
        let backup_key = write_raw(&backup_key, &raw).ok().map(|_| backup_key);
        let mut playground = seeded(Persistence::MemoryOnly(
            "saved data could not be read, so nothing is saved until you choose what to do with it"
                .into(),
        ));
        playground.kept_aside = Some(KeptAside {
            reason: error.to_string(),
            backup_key,
            raw,
        });
        playground
    }

    /// The playground clock.
    pub fn now(&self) -> Timestamp {
        Timestamp(real_now() + self.clock_offset_ms)
    }

    /// Drops the unreadable data (a copy stays under its backup key, if one was written) and
    /// starts saving the fresh demo.
    pub fn start_fresh(&mut self) -> Result<(), String> {
        let world = connect::seed::demo_world(self.now(), &mut RandomIds);
        self.save(&world, 0)?;
        self.world = world;
        self.clock_offset_ms = 0;
        self.kept_aside = None;
        self.persistence = Persistence::Saved;
        Ok(())
    }

    fn save(&mut self, world: &World, clock_offset_ms: i64) -> Result<(), String> {
        if let Persistence::MemoryOnly(_) = self.persistence {
            return Ok(());
        }
        let raw = Snapshot::new(world.clone(), clock_offset_ms)
            .encode()
            .map_err(|e| format!("could not encode: {e}"))?;
        write_raw(STORAGE_KEY, &raw)?;
        self.last_raw = Some(raw);
        Ok(())
    }

    /// Re-reads storage when another tab wrote to it since this tab last did. Returns whether
    /// anything changed.
    pub fn refresh_from_storage(&mut self) -> bool {
        if self.persistence != Persistence::Saved {
            return false;
        }
        let Ok(Some(raw)) = read_raw() else {
            return false;
        };
        if self.last_raw.as_deref() == Some(raw.as_str()) {
            return false;
        }
        match Snapshot::decode(&raw) {
            Ok(snapshot) => {
                self.world = snapshot.world;
                self.clock_offset_ms = snapshot.clock_offset_ms;
                self.last_raw = Some(raw);
                true
            }
            Err(error) => {
                let kept = Self::keep_aside(raw, &error, |p| Playground {
                    world: self.world.clone(),
                    clock_offset_ms: self.clock_offset_ms,
                    persistence: p,
                    kept_aside: None,
                    last_raw: None,
                });
                *self = kept;
                true
            }
        }
    }

    /// Applies `command` as `actor` and saves the result; on any error nothing changed.
    pub fn execute(&mut self, actor: &Id, command: Command) -> Result<Vec<Event>, ActionError> {
        self.refresh_from_storage();
        let now = self.now();
        let mut next = self.world.clone();
        let mut ids = RandomIds;
        let mut events = next.expire_due(now, &mut ids);
        // Through the API module so the request log shows the equivalent API call.
        events.extend(
            connect::api::apply_logged(&mut next, actor, command, now, &mut ids)
                .map_err(ActionError::Rule)?,
        );
        self.save(&next, self.clock_offset_ms)
            .map_err(ActionError::NotSaved)?;
        self.world = next;
        Ok(events)
    }

    /// Serves one simulated API call (the console) and saves what it changed: objects, request
    /// log, idempotency records, rate-limit window. When the browser refuses the write nothing
    /// changed, and the answer is a 503 JSON:API error saying so.
    pub fn call_api(&mut self, request: &ApiRequest) -> ApiResponse {
        self.refresh_from_storage();
        let now = self.now();
        let mut next = self.world.clone();
        let response = connect::api::handle(&mut next, request, now, &mut RandomIds);
        match self.save(&next, self.clock_offset_ms) {
            Ok(()) => {
                self.world = next;
                response
            }
            Err(why) => connect::api::storage_refused(&why),
        }
    }

    /// Records the expiry of tokens the clock has passed. Returns whether anything changed.
    pub fn expire_due(&mut self) -> bool {
        let now = self.now();
        let mut next = self.world.clone();
        if next.expire_due(now, &mut RandomIds).is_empty() {
            return false;
        }
        // When the write fails the screen still shows the tokens as expired (status_at), and
        // the next successful write records it.
        if self.save(&next, self.clock_offset_ms).is_ok() {
            self.world = next;
        }
        true
    }
}
