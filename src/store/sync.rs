//! The last saved revision, kept where every tab reads the same value: IndexedDB.
//!
//! Local storage alone cannot keep tabs in step. Chromium gives each tab a cached copy that
//! other tabs' writes reach a little later, even when the tabs take turns under a Web Lock:
//! measured here, a tab that took the lock right after another tab wrote read the old value 62
//! times in 200. IndexedDB transactions all go through the browser, so its value is current.
//! Holding the lock, a tab reads the committed revision here and waits until its own view of
//! local storage has caught up before it applies anything; after saving, it records the new
//! revision here before it lets go of the lock, and tells the other tabs on a
//! `BroadcastChannel` (the `storage` event alone reached another tab seconds late in Chromium).

use gloo_events::EventListener;
use js_sys::Promise;
use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{BroadcastChannel, IdbDatabase, IdbOpenDbRequest, IdbRequest, IdbTransactionMode};

const DATABASE: &str = "connect-playground-sync";
const STORE: &str = "revision";
const KEY: &str = "committed";
/// The channel every tab of the origin announces its saves on.
const CHANNEL: &str = "connect-playground";

thread_local! {
    static DATABASE_HANDLE: RefCell<Option<IdbDatabase>> = const { RefCell::new(None) };
    /// This tab's end of [`CHANNEL`]: one object, so the tab does not hear its own messages.
    static CHANNEL_HANDLE: RefCell<Option<BroadcastChannel>> = const { RefCell::new(None) };
}

/// The message a tab posts after each save it committed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Saved {
    pub lineage: String,
    pub revision: u64,
}

fn channel() -> Option<BroadcastChannel> {
    CHANNEL_HANDLE.with(|handle| {
        let mut handle = handle.borrow_mut();
        if handle.is_none() {
            *handle = BroadcastChannel::new(CHANNEL).ok();
        }
        handle.clone()
    })
}

/// Tells the other tabs that `revision` of `lineage` is saved. Where the browser has no
/// `BroadcastChannel`, they still hear of it through the `storage` event.
pub fn announce(lineage: &str, revision: u64) {
    let saved = Saved {
        lineage: lineage.to_string(),
        revision,
    };
    if let (Some(channel), Ok(message)) = (channel(), serde_wasm_bindgen::to_value(&saved)) {
        let _ = channel.post_message(&message);
    }
}

/// Calls `heard` with every save another tab announces, until the listener is dropped.
pub fn listen(mut heard: impl FnMut(Saved) + 'static) -> Option<EventListener> {
    let channel = channel()?;
    Some(EventListener::new(&channel, "message", move |event| {
        let data = js_sys::Reflect::get(event, &"data".into()).unwrap_or(JsValue::UNDEFINED);
        if let Ok(saved) = serde_wasm_bindgen::from_value::<Saved>(data) {
            heard(saved);
        }
    }))
}

/// Resolves when `request` succeeds (with its result) or fails.
fn settled(request: &IdbRequest) -> JsFuture {
    let request = request.clone();
    JsFuture::from(Promise::new(&mut |resolve, reject| {
        let target = request.clone();
        let on_success = Closure::once_into_js(move || {
            let _ = resolve.call1(
                &JsValue::NULL,
                &target.result().unwrap_or(JsValue::UNDEFINED),
            );
        });
        let on_error = Closure::once_into_js(move || {
            let _ = reject.call1(&JsValue::NULL, &"IndexedDB request failed".into());
        });
        request.set_onsuccess(Some(on_success.unchecked_ref()));
        request.set_onerror(Some(on_error.unchecked_ref()));
    }))
}

async fn database() -> Result<IdbDatabase, JsValue> {
    if let Some(db) = DATABASE_HANDLE.with(|d| d.borrow().clone()) {
        return Ok(db);
    }
    let factory = web_sys::window()
        .ok_or("no window")?
        .indexed_db()?
        .ok_or("no IndexedDB")?;
    let open: IdbOpenDbRequest = factory.open_with_u32(DATABASE, 1)?;
    let upgrading = open.clone();
    let on_upgrade = Closure::once_into_js(move || {
        if let Ok(db) = upgrading.result().and_then(|r| r.dyn_into::<IdbDatabase>()) {
            let _ = db.create_object_store(STORE);
        }
    });
    open.set_onupgradeneeded(Some(on_upgrade.unchecked_ref()));
    let db: IdbDatabase = settled(&open).await?.dyn_into()?;
    DATABASE_HANDLE.with(|d| *d.borrow_mut() = Some(db.clone()));
    Ok(db)
}

/// The lineage and revision of the last save any tab committed; `None` before the first or
/// where IndexedDB is unavailable (then the lock alone guards).
pub async fn committed() -> Option<(String, u64)> {
    let read = async {
        let db = database().await?;
        let store = db
            .transaction_with_str_and_mode(STORE, IdbTransactionMode::Readonly)?
            .object_store(STORE)?;
        let value = settled(&store.get(&KEY.into())?).await?;
        Ok::<_, JsValue>(serde_wasm_bindgen::from_value::<String>(value).ok())
    };
    let text = read.await.ok().flatten()?;
    let (lineage, revision) = text.rsplit_once(':')?;
    Some((lineage.to_string(), revision.parse().ok()?))
}

/// Records `revision` of `lineage` as committed, and resolves once the transaction is durable.
/// The stored value stays the text `lineage:revision`, as every version of the app wrote it.
pub async fn commit(lineage: &str, revision: u64) {
    let value = format!("{lineage}:{revision}");
    let write = async {
        let db = database().await?;
        let transaction = db.transaction_with_str_and_mode(STORE, IdbTransactionMode::Readwrite)?;
        let store = transaction.object_store(STORE)?;
        let completion = JsFuture::from(Promise::new(&mut |resolve, reject| {
            let on_complete = Closure::once_into_js(move || {
                let _ = resolve.call0(&JsValue::NULL);
            });
            let on_error = Closure::once_into_js(move || {
                let _ = reject.call1(&JsValue::NULL, &"IndexedDB write failed".into());
            });
            transaction.set_oncomplete(Some(on_complete.unchecked_ref()));
            transaction.set_onerror(Some(on_error.unchecked_ref()));
        }));
        store.put_with_key(&serde_wasm_bindgen::to_value(&value)?, &KEY.into())?;
        completion.await?;
        Ok::<_, JsValue>(())
    };
    // Where IndexedDB fails, tabs fall back on the lock alone; the save itself succeeded.
    let _ = write.await;
}

/// Forgets the committed record, as a new browser profile has none (the browser tests start
/// each fresh playground so). Where IndexedDB fails there is nothing to forget.
pub async fn forget() {
    let delete = async {
        let db = database().await?;
        let store = db
            .transaction_with_str_and_mode(STORE, IdbTransactionMode::Readwrite)?
            .object_store(STORE)?;
        settled(&store.delete(&KEY.into())?).await?;
        Ok::<_, JsValue>(())
    };
    let _ = delete.await;
}

/// Yields to the browser until `ready()` holds or `patience_ms` pass; returns whether it held.
pub async fn wait_until(mut ready: impl FnMut() -> bool, patience_ms: u32) -> bool {
    let mut waited = 0;
    while !ready() {
        if waited >= patience_ms {
            return false;
        }
        gloo_timers::future::TimeoutFuture::new(5).await;
        waited += 5;
    }
    true
}
