//! Pieces more than one screen uses.

pub mod beside;
pub mod bridge_actions;
pub mod card;
pub mod clock;
pub mod copy;
pub mod flash;
pub mod flow_picture;
pub mod guide;
pub mod inquiry_picker;
pub mod layout;
pub mod list;
pub mod pane;
pub mod room;
pub mod status;

/// The value of `name` in a URL query string such as `?token=cnst_…&x=1`.
pub fn query_param(query: &str, name: &str) -> Option<String> {
    query
        .trim_start_matches('?')
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.to_string())
        .filter(|value| !value.is_empty())
}

/// Makes a `<select>` show `value`, the choice the app's state holds; call it after each render
/// (from an effect), once the options are in place.
///
/// Yew can only render a choice as the options' `selected` attribute, and that attribute is
/// just the default: an option whose selectedness the browser has already set itself no longer
/// follows it. Firefox does that while Yew inserts a new list (last option first, so the
/// empty select auto-selects the last one); when the state later moves to that option, adding
/// its `selected` changes nothing, and removing the attribute from the old choice makes
/// Firefox fall back to the first option. Setting the `value` property is what a person's
/// pick does, and every browser follows it.
pub fn show_choice(select: &yew::NodeRef, value: &str) {
    if let Some(select) = select.cast::<web_sys::HtmlSelectElement>() {
        if select.value() != value {
            select.set_value(value);
        }
    }
}
