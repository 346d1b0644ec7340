//! Local storage as a set of records under one key prefix, written all-or-nothing.
//!
//! Records are written through `gloo-storage`, once [`storage`] has found local storage usable
//! (gloo's `LocalStorage` panics where there is none). Reads, backups and putting old values
//! back stay on `web-sys`: they handle text that may not be JSON (docs/architecture.md).

use gloo_storage::errors::StorageError;
use gloo_storage::{LocalStorage, Storage};
use serde_json::value::RawValue;
use std::collections::BTreeMap;

/// Every record of the current schema lives under this prefix (short: local storage holds
/// about 5 million characters, keys included): `connect.v2.meta`,
/// `connect.v2.obj.cnst_…`, ….
pub const PREFIX: &str = "connect.v2.";

/// Where schema version 1 kept the whole playground in one document.
pub const LEGACY_V1_KEY: &str = "connect-playground.v1";

/// The one key where a copy of unreadable data is kept until the user decides what to do with
/// it. Every tab and every load uses this key, so there is never more than one copy.
pub const KEPT_ASIDE_KEY: &str = "connect-playground.kept-aside";

/// `QuotaExceededError: …` from whatever the browser threw.
pub fn js_error_text(error: &wasm_bindgen::JsValue) -> String {
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

/// Local storage, if this browser lets the page use it: the probe every other function here
/// relies on.
pub fn storage() -> Result<web_sys::Storage, String> {
    web_sys::window()
        .ok_or("no window")?
        .local_storage()
        .map_err(|_| "access to local storage was denied".to_string())?
        .ok_or_else(|| "this browser has no local storage".to_string())
}

pub fn get(storage: &web_sys::Storage, key: &str) -> Result<Option<String>, String> {
    storage
        .get_item(key)
        .map_err(|e| format!("local storage could not be read ({})", js_error_text(&e)))
}

/// The record `key` (without the prefix).
pub fn record(storage: &web_sys::Storage, key: &str) -> Result<Option<String>, String> {
    get(storage, &format!("{PREFIX}{key}"))
}

/// Every record under the prefix, keyed without it.
pub fn records(storage: &web_sys::Storage) -> Result<BTreeMap<String, String>, String> {
    let count = storage
        .length()
        .map_err(|e| format!("local storage could not be read ({})", js_error_text(&e)))?;
    let keys: Vec<String> = (0..count)
        .filter_map(|i| storage.key(i).ok().flatten())
        .filter(|k| k.starts_with(PREFIX))
        .collect();
    let mut records = BTreeMap::new();
    for key in keys {
        if let Some(value) = get(storage, &key)? {
            records.insert(key[PREFIX.len()..].to_string(), value);
        }
    }
    Ok(records)
}

/// Stores `json` under `key` as it is: gloo writes a raw JSON value verbatim, so the stored
/// text is the record's own.
fn put(key: &str, json: &str) -> Result<(), String> {
    let value = RawValue::from_string(json.to_string())
        .map_err(|e| format!("record `{key}` is not JSON ({e})"))?;
    LocalStorage::set(key, value).map_err(|error| match error {
        StorageError::JsError(error) => format!("{}: {}", error.name, error.message),
        other => other.to_string(),
    })
}

/// Writes (`Some`) or removes (`None`) records in order, each a JSON text. If the browser
/// refuses one, every record already written gets its old value back, so storage is as it
/// was, and the browser's reason is returned.
pub fn write_all(
    storage: &web_sys::Storage,
    changes: &[(String, Option<String>)],
) -> Result<(), String> {
    let mut done: Vec<(String, Option<String>)> = Vec::with_capacity(changes.len());
    for (key, value) in changes {
        let full = format!("{PREFIX}{key}");
        let old = get(storage, &full)?;
        let written = match value {
            Some(value) => put(&full, value),
            None => {
                LocalStorage::delete(&full);
                Ok(())
            }
        };
        if let Err(error) = written {
            for (key, old) in done.into_iter().rev() {
                // Putting back what was there frees or reuses the space just taken.
                let _ = match old {
                    Some(old) => storage.set_item(&key, &old),
                    None => storage.remove_item(&key),
                };
            }
            return Err(error);
        }
        done.push((full, old));
    }
    Ok(())
}

/// Copies `raw` under [`KEPT_ASIDE_KEY`], replacing an earlier copy; returns why it could not.
pub fn keep_aside(storage: &web_sys::Storage, raw: &str) -> Result<(), String> {
    if get(storage, KEPT_ASIDE_KEY)?.as_deref() == Some(raw) {
        return Ok(());
    }
    storage
        .set_item(KEPT_ASIDE_KEY, raw)
        .map_err(|e| js_error_text(&e))
}

/// The schema version in `PREFIX` (`connect.v2.` is 2).
fn own_version() -> u64 {
    version_of_prefix(PREFIX).unwrap_or(0)
}

/// `connect.v7.` and `connect.v7.meta` are version 7.
fn version_of_prefix(key: &str) -> Option<u64> {
    let rest = key.strip_prefix("connect.v")?;
    let (version, _) = rest.split_once('.')?;
    version.parse().ok()
}

/// The newest schema version whose `meta` record storage holds under a newer prefix than this
/// app's: a newer app saved there, and this one cannot read it (and must not write beside it).
pub fn newer_schema(storage: &web_sys::Storage) -> Option<u64> {
    let count = storage.length().ok()?;
    (0..count)
        .filter_map(|i| storage.key(i).ok().flatten())
        .filter_map(|key| {
            let version = version_of_prefix(&key)?;
            (key == format!("connect.v{version}.meta")).then_some(version)
        })
        .filter(|version| *version > own_version())
        .max()
}
