//! What a panic shows: the static overlay of `index.html` with the panic's message. Its
//! "Download saved data" and "Reload" buttons are plain JavaScript (`src/panic.js`) because a
//! release build aborts on a panic, which leaves no WebAssembly to run a Rust click handler.

use wasm_bindgen::{JsCast, JsValue};

/// Logs to the console as before, then reveals the overlay. Through Yew, which otherwise puts its
/// own console-only hook in place when the app is rendered.
pub fn install() {
    yew::set_custom_panic_hook(Box::new(|info| {
        let message = info.to_string();
        web_sys::console::error_1(&JsValue::from_str(&message));
        reveal(&message);
    }));
}

/// Only reads and sets what `index.html` already holds: a panic may come from the DOM itself.
fn reveal(message: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if let Some(text) = document.get_element_by_id("panic-message") {
        text.set_text_content(Some(message));
    }
    if let Some(overlay) = document.get_element_by_id("panic-overlay") {
        let _ = overlay.remove_attribute("hidden");
    }
    if let Some(button) = document
        .get_element_by_id("panic-download")
        .and_then(|b| b.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = button.focus();
    }
}
