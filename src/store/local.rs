//! Local storage as a set of records under one key prefix, written all-or-nothing.
//!
//! Everything goes through `web-sys`, once [`storage`] has found local storage usable: the
//! records of schema 3 are packed text, not JSON (docs/architecture.md).

use std::collections::BTreeMap;

/// Every record of the current schema lives under this prefix (short: local storage holds
/// about 5 million characters, keys included): `connect.v3.meta`, `connect.v3.cnst.a7`, ….
pub const PREFIX: &str = connect::stored::KEY_PREFIX;

/// Where schema version 2 kept its records (`connect.v2.obj.cnst_…`): read once, migrated,
/// removed.
pub const LEGACY_V2_PREFIX: &str = "connect.v2.";

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

#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    /// Local storage, for the one call `web-sys` does not make as needed here.
    type TextStorage;

    /// `Storage.getItem` with its answer left a JavaScript string (`web-sys` copies it into a
    /// Rust `String`).
    #[wasm_bindgen(method, catch, js_name = getItem)]
    fn get_item_text(
        this: &TextStorage,
        key: &str,
    ) -> Result<wasm_bindgen::JsValue, wasm_bindgen::JsValue>;
}

/// The record `key` (without the prefix) left in the browser's own string, to be copied into
/// this program when first read, and its length in UTF-16 code units (what local storage
/// counts): `None` if there is no such record. Strings are immutable, so a later save of the
/// record does not change what this one reads.
pub fn record_later(
    storage: &web_sys::Storage,
    key: &str,
) -> Result<Option<connect::stored::LaterText>, String> {
    let storage: &TextStorage = wasm_bindgen::JsCast::unchecked_ref(storage);
    let value = storage
        .get_item_text(&format!("{PREFIX}{key}"))
        .map_err(|e| format!("local storage could not be read ({})", js_error_text(&e)))?;
    let Ok(text) = wasm_bindgen::JsCast::dyn_into::<js_sys::JsString>(value) else {
        return Ok(None);
    };
    let units = text.length() as usize;
    Ok(Some((std::rc::Rc::new(move || text.as_string()), units)))
}

fn keys(storage: &web_sys::Storage) -> Result<Vec<String>, String> {
    let count = storage
        .length()
        .map_err(|e| format!("local storage could not be read ({})", js_error_text(&e)))?;
    Ok((0..count)
        .filter_map(|i| storage.key(i).ok().flatten())
        .collect())
}

/// The keys under `prefix`, without it.
pub fn keys_under(storage: &web_sys::Storage, prefix: &str) -> Result<Vec<String>, String> {
    Ok(keys(storage)?
        .into_iter()
        .filter_map(|key| key.strip_prefix(prefix).map(str::to_string))
        .collect())
}

/// Every record under `prefix` ([`PREFIX`] or [`LEGACY_V2_PREFIX`]), keyed without it.
pub fn records(
    storage: &web_sys::Storage,
    prefix: &str,
) -> Result<BTreeMap<String, String>, String> {
    let mut records = BTreeMap::new();
    for name in keys_under(storage, prefix)? {
        if let Some(value) = get(storage, &format!("{prefix}{name}"))? {
            records.insert(name, value);
        }
    }
    Ok(records)
}

/// [`others_chars`] of this page's local storage; 0 where there is none or it cannot be read.
pub fn others_now() -> usize {
    storage().and_then(|s| others_chars(&s)).unwrap_or(0)
}

/// The characters (UTF-16 units, keys included) everything else in this origin's local storage
/// takes: other pages of the same site, a kept-aside copy. The quota is the origin's, so they
/// take the playground's room too.
pub fn others_chars(storage: &web_sys::Storage) -> Result<usize, String> {
    let mut chars = 0usize;
    for key in keys(storage)?
        .into_iter()
        .filter(|k| !k.starts_with(PREFIX))
    {
        let value = get(storage, &key)?.unwrap_or_default();
        chars = chars
            .saturating_add(connect::stored::utf16_len(&key))
            .saturating_add(connect::stored::utf16_len(&value));
    }
    Ok(chars)
}

/// The full keys of everything a playground of any schema keeps (not the kept-aside copies):
/// what replacing the whole playground leaves behind unless it removes it.
pub fn playground_keys(storage: &web_sys::Storage) -> Result<Vec<String>, String> {
    Ok(keys(storage)?
        .into_iter()
        .filter(|k| k.starts_with(PREFIX) || k.starts_with(LEGACY_V2_PREFIX) || k == LEGACY_V1_KEY)
        .collect())
}

/// [`write_all`] for records keyed without [`PREFIX`].
pub fn write_records(
    storage: &web_sys::Storage,
    changes: &[(String, Option<String>)],
) -> Result<(), String> {
    let full: Vec<(String, Option<String>)> = changes
        .iter()
        .map(|(key, value)| (format!("{PREFIX}{key}"), value.clone()))
        .collect();
    write_all(storage, &full)
}

/// Writes (`Some`) or removes (`None`) the values of full keys, in order. If the browser
/// refuses one, every key already written or removed gets its old value back, so storage is as
/// it was, and the browser's reason is returned.
pub fn write_all(
    storage: &web_sys::Storage,
    changes: &[(String, Option<String>)],
) -> Result<(), String> {
    let mut done: Vec<(String, Option<String>)> = Vec::with_capacity(changes.len());
    for (full, value) in changes {
        // A refused read or write alike puts back what was written before it: all or nothing.
        let written = get(storage, full).and_then(|old| {
            match value {
                Some(value) => storage.set_item(full, value),
                None => storage.remove_item(full),
            }
            .map_err(|error| js_error_text(&error))?;
            Ok(old)
        });
        match written {
            Ok(old) => done.push((full.clone(), old)),
            Err(why) => {
                for (key, old) in done.into_iter().rev() {
                    // Putting back what was there frees or reuses the space just taken.
                    let _ = match old {
                        Some(old) => storage.set_item(&key, &old),
                        None => storage.remove_item(&key),
                    };
                }
                return Err(why);
            }
        }
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
