//! One action at a time across every tab of the playground, through the Web Locks API
//! (`navigator.locks`). Where a browser lacks it, the work runs at once and the store's
//! revision check is the only guard.

use js_sys::{Function, Promise, Reflect};
use std::cell::RefCell;
use std::future::Future;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{future_to_promise, JsFuture};

/// The name every tab locks: one lock for the whole playground.
pub const LOCK_NAME: &str = "connect-playground";

/// `navigator.locks` and its `request` function, when the browser has them.
fn lock_manager() -> Option<(JsValue, Function)> {
    let navigator = web_sys::window()?.navigator();
    let locks = Reflect::get(&navigator, &"locks".into()).ok()?;
    if locks.is_undefined() || locks.is_null() {
        return None;
    }
    let request = Reflect::get(&locks, &"request".into()).ok()?;
    Some((locks, request.dyn_into().ok()?))
}

/// Runs `work` to completion while holding the playground's exclusive lock, and returns its
/// result. The lock is held across `work`'s awaits.
pub async fn exclusive<R, Fut>(work: impl FnOnce() -> Fut + 'static) -> R
where
    R: 'static,
    Fut: Future<Output = R> + 'static,
{
    let work = Rc::new(RefCell::new(Some(work)));
    let result = Rc::new(RefCell::new(None));
    if let Some((locks, request)) = lock_manager() {
        let (pending, slot) = (work.clone(), result.clone());
        let callback = Closure::once(move |_lock: JsValue| -> Promise {
            let work = pending.borrow_mut().take();
            future_to_promise(async move {
                if let Some(work) = work {
                    let value = work().await;
                    *slot.borrow_mut() = Some(value);
                }
                Ok(JsValue::UNDEFINED)
            })
        });
        if let Ok(promise) = request.call2(&locks, &LOCK_NAME.into(), callback.as_ref()) {
            if let Ok(promise) = promise.dyn_into::<Promise>() {
                let _ = JsFuture::from(promise).await;
            }
        }
        drop(callback);
    }
    // No lock manager, or the request failed: run unlocked rather than not at all.
    let unlocked = work.borrow_mut().take();
    if let Some(work) = unlocked {
        let value = work().await;
        *result.borrow_mut() = Some(value);
    }
    let value = result.borrow_mut().take();
    match value {
        Some(value) => value,
        // Unreachable: the work ran in the callback or just above.
        None => unreachable!("the locked work always runs"),
    }
}
