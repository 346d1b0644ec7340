//! Downloads the page makes: text as a `blob:` URL, which holds a file of any size (browsers
//! refuse `data:` URLs past a few megabytes), and the click that starts the download.

use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::{JsCast, JsValue};

/// What the browser said, as text.
pub fn js_text(value: &JsValue) -> String {
    value
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| value.as_string())
        .unwrap_or_else(|| "unknown error".into())
}

/// `text` as a JSON file's content.
pub fn json_blob(text: &str) -> Result<web_sys::Blob, String> {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("application/json");
    web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).map_err(|e| js_text(&e))
}

/// A `blob:` URL holding `blob`. The caller revokes it (see [`replace_url`]).
pub fn object_url(blob: &web_sys::Blob) -> Result<String, String> {
    web_sys::Url::create_object_url_with_blob(blob).map_err(|e| js_text(&e))
}

/// Starts the browser's download of `url` as `file_name`.
pub fn start_download(url: &str, file_name: &str) -> Result<(), String> {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let body = document.body().ok_or("no document body")?;
    let anchor: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(|e| js_text(&e))?
        .dyn_into()
        .map_err(|_| "could not make a download link".to_string())?;
    anchor.set_href(url);
    anchor.set_download(file_name);
    // Some browsers only download from a link that is in the document.
    body.append_child(&anchor).map_err(|e| js_text(&e))?;
    anchor.click();
    anchor.remove();
    Ok(())
}

/// Makes `url` the live object URL, revoking the one it replaces.
pub fn replace_url(live: &Rc<RefCell<Option<String>>>, url: Option<String>) {
    if let Some(old) = std::mem::replace(&mut *live.borrow_mut(), url) {
        let _ = web_sys::Url::revoke_object_url(&old);
    }
}

/// A `blob:` URL holding `text` as a JSON file. The caller revokes it (see [`replace_url`]).
pub fn json_object_url(text: &str) -> Result<String, String> {
    object_url(&json_blob(text)?)
}
