//! Pieces more than one screen uses.

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
