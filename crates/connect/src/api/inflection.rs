//! `Key-Inflection`: Persona reads request keys in kebab, camel or snake case alike and writes
//! response keys in the casing the header asks for (kebab when it names none). Only keys change,
//! never values, except an error's `source.pointer`, whose segments are keys.

use super::errors::ApiError;
use serde_json::{Map, Value};

/// The casing of keys in an answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Inflection {
    Kebab,
    Camel,
    Snake,
}

pub const HEADER: &str = "Key-Inflection";

impl Inflection {
    /// Every casing, the default (kebab) first.
    pub const ALL: [Inflection; 3] = [Inflection::Kebab, Inflection::Camel, Inflection::Snake];

    /// The header value that asks for this casing.
    pub fn as_str(self) -> &'static str {
        match self {
            Inflection::Kebab => "kebab",
            Inflection::Camel => "camel",
            Inflection::Snake => "snake",
        }
    }

    /// The casing a request's `Key-Inflection` header asks for.
    pub fn from_header(value: Option<&str>) -> Result<Inflection, ApiError> {
        let Some(value) = value else {
            return Ok(Inflection::Kebab);
        };
        Inflection::ALL
            .into_iter()
            .find(|i| value.eq_ignore_ascii_case(i.as_str()))
            .ok_or_else(|| {
                ApiError::bad_request(
                    "request.key-inflection",
                    "Key-Inflection must be `kebab`, `camel` or `snake`.",
                )
                .header(HEADER)
            })
    }

    /// A key of any casing, in this casing.
    pub fn key(self, key: &str) -> String {
        let kebab = to_kebab(key);
        match self {
            Inflection::Kebab => kebab,
            Inflection::Snake => kebab.replace('-', "_"),
            Inflection::Camel => {
                let mut out = String::with_capacity(kebab.len());
                let mut upper = false;
                for c in kebab.chars() {
                    match c {
                        '-' => upper = true,
                        c if upper => {
                            out.extend(c.to_uppercase());
                            upper = false;
                        }
                        c => out.push(c),
                    }
                }
                out
            }
        }
    }

    /// An answer's body with every key (and every error pointer) in this casing.
    pub fn response(self, body: Value) -> Value {
        if self == Inflection::Kebab {
            return body;
        }
        let mut body = rekey(body, &|k| self.key(k));
        if let Some(errors) = body.get_mut("errors").and_then(Value::as_array_mut) {
            for error in errors {
                let mut named = None;
                if let Some(Value::String(pointer)) = error.pointer_mut("/source/pointer") {
                    // The attribute at fault, as the details quote it: in the caller's casing too.
                    named = pointer
                        .rsplit('/')
                        .next()
                        .filter(|last| last.contains('-'))
                        .map(|last| (format!("`{last}`"), format!("`{}`", self.key(last))));
                    *pointer = pointer
                        .split('/')
                        .map(|segment| self.key(segment))
                        .collect::<Vec<_>>()
                        .join("/");
                }
                if let (Some((kebab, cased)), Some(Value::String(details))) =
                    (named, error.get_mut("details"))
                {
                    *details = details.replace(&kebab, &cased);
                }
            }
        }
        body
    }
}

/// `sourceId`, `source_id` and `source-id` all read as `source-id`; `addressStreet1` as
/// `address-street-1`, the name the API uses.
pub fn to_kebab(key: &str) -> String {
    let mut out = String::with_capacity(key.len() + 4);
    let mut previous: Option<char> = None;
    for c in key.chars() {
        let after_word = previous.is_some_and(|p| p.is_ascii_lowercase() || p.is_ascii_digit());
        match c {
            '_' => out.push('-'),
            c if c.is_ascii_uppercase() => {
                if after_word {
                    out.push('-');
                }
                out.push(c.to_ascii_lowercase());
            }
            c if c.is_ascii_digit() && previous.is_some_and(|p| p.is_ascii_lowercase()) => {
                out.push('-');
                out.push(c);
            }
            c => out.push(c),
        }
        previous = Some(c);
    }
    out
}

/// Refuses an object that gives one key in two casings (`bridgeId` beside `bridge-id`), at any
/// depth: which of the two was meant cannot be told, and reading one would drop the other.
pub fn one_casing(value: &Value, at: &str) -> Result<(), ApiError> {
    match value {
        Value::Object(map) => {
            let keys: Vec<(&String, String)> = map.keys().map(|k| (k, to_kebab(k))).collect();
            let kebabs: Vec<&str> = keys.iter().map(|(_, kebab)| kebab.as_str()).collect();
            let first = crate::order::first_of_each(&kebabs);
            if let Some(twice) = first.iter().position(|first| !first) {
                let (key, kebab) = &keys[twice];
                let other = keys.iter().find(|(k, other)| other == kebab && k != key);
                let other = other.map_or(kebab.as_str(), |(k, _)| k.as_str());
                return Err(ApiError::bad_request(
                    "request.key-in-two-casings",
                    format!("`{other}` and `{key}` are one key, `{kebab}`, in two casings: give it once."),
                )
                .pointer(&format!("{at}/{kebab}")));
            }
            keys.iter()
                .zip(map.values())
                .try_for_each(|((_, kebab), inner)| one_casing(inner, &format!("{at}/{kebab}")))
        }
        Value::Array(list) => list
            .iter()
            .enumerate()
            .try_for_each(|(n, inner)| one_casing(inner, &format!("{at}/{n}"))),
        _ => Ok(()),
    }
}

/// `value` with every object key passed through `key`, at every depth.
pub fn rekey(value: Value, key: &dyn Fn(&str) -> String) -> Value {
    match value {
        Value::Object(map) => Value::Object(crate::order::insert_all::<Map<String, Value>, _>(
            map.into_iter().map(|(k, v)| (key(&k), rekey(v, key))),
        )),
        Value::Array(list) => Value::Array(list.into_iter().map(|v| rekey(v, key)).collect()),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_casing_reads_as_kebab_and_writes_back() {
        for key in ["source-id", "sourceId", "source_id"] {
            assert_eq!(to_kebab(key), "source-id");
        }
        assert_eq!(to_kebab("addressStreet1"), "address-street-1");
        assert_eq!(to_kebab("address_street_1"), "address-street-1");
        assert_eq!(to_kebab("page[size]"), "page[size]");
        assert_eq!(to_kebab("filter[bridgeId]"), "filter[bridge-id]");
        assert_eq!(Inflection::Camel.key("address-street-1"), "addressStreet1");
        assert_eq!(
            Inflection::Snake.key("expires-in-seconds"),
            "expires_in_seconds"
        );
        assert_eq!(Inflection::Camel.key("data"), "data");
    }
}
