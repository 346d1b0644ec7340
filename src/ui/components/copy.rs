//! One-click copy buttons: for an id shown beside it, or for longer text shown elsewhere.

use wasm_bindgen_futures::JsFuture;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct CopyProps {
    pub text: AttrValue,
    /// Only the button, where the id is already shown beside it.
    #[prop_or_default]
    pub compact: bool,
}

#[derive(Clone, Copy, PartialEq)]
enum Copied {
    Not,
    Yes,
    Failed,
}

/// Whether `text` reached the clipboard, and the click that puts it there.
#[hook]
fn use_copy(text: AttrValue) -> (Copied, Callback<MouseEvent>) {
    let copied = use_state(|| Copied::Not);
    {
        // New text has not been copied yet.
        let copied = copied.clone();
        use_effect_with(text.clone(), move |_| copied.set(Copied::Not));
    }
    let onclick = {
        let copied = copied.clone();
        Callback::from(move |_: MouseEvent| {
            let copied = copied.clone();
            let Some(clipboard) = clipboard() else {
                copied.set(Copied::Failed);
                return;
            };
            let promise = clipboard.write_text(&text);
            wasm_bindgen_futures::spawn_local(async move {
                copied.set(match JsFuture::from(promise).await {
                    Ok(_) => Copied::Yes,
                    Err(_) => Copied::Failed,
                });
            });
        })
    };
    (*copied, onclick)
}

/// The id as selectable code, and a button that puts it on the clipboard.
#[function_component(CopyId)]
pub fn copy_id(props: &CopyProps) -> Html {
    let (copied, onclick) = use_copy(props.text.clone());
    let label = match copied {
        Copied::Not => "Copy",
        Copied::Yes => "Copied",
        Copied::Failed => "Copy blocked: select the id",
    };
    html! {
        <span class="copy-id">
            if !props.compact { <code class="id">{ props.text.clone() }</code> }
            <button type="button" class="copy" data-copy={props.text.clone()} {onclick}>{ label }</button>
        </span>
    }
}

#[derive(Properties, PartialEq)]
pub struct CopyTextProps {
    pub text: AttrValue,
    /// What the button says before it is clicked, e.g. "Copy curl".
    pub label: AttrValue,
    #[prop_or_default]
    pub id: Option<AttrValue>,
}

/// A button that puts longer text (shown elsewhere on the screen) on the clipboard and says
/// whether that worked.
#[function_component(CopyText)]
pub fn copy_text(props: &CopyTextProps) -> Html {
    let (copied, onclick) = use_copy(props.text.clone());
    let label = match copied {
        Copied::Not => props.label.to_string(),
        Copied::Yes => "Copied".to_string(),
        Copied::Failed => "Copy blocked: select the text".to_string(),
    };
    html! {
        <button type="button" class="copy" id={props.id.clone()} {onclick}>{ label }</button>
    }
}

/// The clipboard, when the page may use it (a secure context such as 127.0.0.1 or https).
fn clipboard() -> Option<web_sys::Clipboard> {
    let navigator = web_sys::window()?.navigator();
    let present = js_sys::Reflect::get(&navigator, &"clipboard".into())
        .map(|c| !c.is_undefined() && !c.is_null())
        .unwrap_or(false);
    present.then(|| navigator.clipboard())
}
