//! POSTs webhook deliveries from the browser. The outcome is whatever the browser reports: the
//! receiver's status, or why there was none (network, CORS, an unreachable host). It runs after
//! the action that made the delivery was saved, so it can never block or undo that action.

use connect::{Delivery, DeliveryOutcome};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// Sends `delivery` and reports what came of it.
pub async fn post(delivery: &Delivery) -> DeliveryOutcome {
    match try_post(delivery).await {
        Ok(status) => DeliveryOutcome::Responded { status },
        Err(reason) => DeliveryOutcome::Failed { reason },
    }
}

async fn try_post(delivery: &Delivery) -> Result<u16, String> {
    let window = web_sys::window().ok_or("no browser window to send from")?;
    let headers = web_sys::Headers::new().map_err(text)?;
    for (name, value) in delivery.headers() {
        headers.set(name, &value).map_err(text)?;
    }
    let init = web_sys::RequestInit::new();
    init.set_method("POST");
    init.set_mode(web_sys::RequestMode::Cors);
    init.set_headers(&headers);
    init.set_body(&JsValue::from_str(&delivery.body));
    let request = web_sys::Request::new_with_str_and_init(&delivery.url, &init).map_err(text)?;
    // The browser tells a page no more than "Failed to fetch", on purpose; say what it can mean.
    let response = JsFuture::from(window.fetch_with_request(&request))
        .await
        .map_err(|e| format!("{} ({NO_ANSWER})", text(e)))?;
    let response: web_sys::Response = response
        .dyn_into()
        .map_err(|_| "the browser answered with something other than a Response".to_string())?;
    Ok(response.status())
}

/// What a delivery without an answer can mean: the browser does not say which.
const NO_ANSWER: &str = "no answer reached the browser: nothing listens at that address, the browser blocks the port or the address, or the receiver does not allow cross-origin requests (CORS)";

/// A browser error as the text a user can act on, e.g. "TypeError: Failed to fetch".
fn text(error: JsValue) -> String {
    if let Some(error) = error.dyn_ref::<js_sys::Error>() {
        let message: String = error.message().into();
        let name: String = error.name().into();
        return format!("{name}: {message}");
    }
    error
        .as_string()
        .unwrap_or_else(|| "the browser gave no reason".to_string())
}
