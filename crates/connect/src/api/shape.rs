//! What an answer carries besides the objects a handler rendered: `include=` (exactly the
//! related objects asked for, and only those the caller may see), `fields[type]=` (sparse
//! attributes), and the part of a share token that depends on who asks (`direction`).

use super::errors::ApiError;
use super::http::Target;
use super::inflection::to_kebab;
use super::render;
use super::router::shorten;
use crate::ids::Id;
use crate::time::Timestamp;
use crate::world::World;
use serde_json::{json, Value};

/// The relationships of each type that `include=` may name.
fn includable(kind: &str) -> &'static [&'static str] {
    match kind {
        render::SHARE_TOKEN => &["bridge", "source", "destination"],
        render::BRIDGE => &["default-inquiry-template"],
        render::INQUIRY => &["inquiry-template", "verifications", "share-token"],
        render::INBOX_ENTRY => &["share-token"],
        _ => &[],
    }
}

fn names(list: &str) -> Vec<String> {
    list.split(',')
        .map(str::trim)
        .filter(|name| !name.is_empty())
        .map(to_kebab)
        .collect()
}

/// The `include` and `fields[…]` a request asked for (by default, neither).
#[derive(Default)]
pub struct Shape {
    include: Option<Vec<String>>,
    fields: Vec<(String, Vec<String>)>,
}

impl Shape {
    /// Refuses an `include` the endpoint's objects (of type `kind`) cannot answer, before
    /// anything is changed.
    pub fn from_target(target: &Target, kind: &str) -> Result<Shape, ApiError> {
        let include = target.param("include").map(names);
        let allowed = includable(kind);
        if let Some(unknown) = include
            .iter()
            .flatten()
            .find(|name| !allowed.contains(&name.as_str()))
        {
            let takes = if allowed.is_empty() {
                "takes none".to_string()
            } else {
                format!("takes {}", allowed.join(", "))
            };
            return Err(ApiError::bad_request(
                "request.include",
                format!(
                    "`{}` is not a relationship `include` can name here; this endpoint {takes}.",
                    shorten(unknown)
                ),
            )
            .parameter("include"));
        }
        let fields = target
            .query
            .iter()
            .filter_map(|(key, value)| {
                let kind = key.strip_prefix("fields[")?.strip_suffix(']')?;
                Some((kind.to_string(), names(value)))
            })
            .collect();
        Ok(Shape { include, fields })
    }

    /// Completes a successful answer's document for `org`.
    pub fn apply(&self, world: &World, org: &Id, now: Timestamp, document: &mut Value) {
        let included = self.include.as_ref().map(|include| {
            let primary = primary(document);
            let mut out: Vec<Value> = Vec::new();
            for object in &primary {
                for name in include {
                    for (kind, id) in identifiers(object, name) {
                        let seen = primary.iter().chain(&out).any(|o| same(o, &kind, &id));
                        if !seen {
                            out.extend(related(world, org, now, &kind, &id));
                        }
                    }
                }
            }
            out
        });
        if let (Some(included), Some(document)) = (included, document.as_object_mut()) {
            document.insert("included".into(), Value::Array(included));
        }
        let Some(document) = document.as_object_mut() else {
            return;
        };
        let objects = document
            .iter_mut()
            .filter(|(key, _)| *key == "data" || *key == "included")
            .flat_map(|(_, value)| match value {
                Value::Array(list) => list.iter_mut().collect::<Vec<_>>(),
                object @ Value::Object(_) => vec![object],
                _ => Vec::new(),
            });
        for object in objects {
            present_share_token(world, org, object);
            self.trim(object);
        }
    }

    fn trim(&self, object: &mut Value) {
        let kind = object["type"].as_str().unwrap_or_default().to_string();
        let Some((_, keep)) = self.fields.iter().find(|(k, _)| *k == kind) else {
            return;
        };
        if let Some(attributes) = object.get_mut("attributes").and_then(Value::as_object_mut) {
            attributes.retain(|name, _| keep.contains(name));
        }
    }
}

fn primary(document: &Value) -> Vec<Value> {
    match &document["data"] {
        Value::Array(list) => list.clone(),
        object @ Value::Object(_) => vec![object.clone()],
        _ => Vec::new(),
    }
}

fn same(object: &Value, kind: &str, id: &str) -> bool {
    object["type"] == kind && object["id"] == id
}

/// The (type, id) pairs a relationship names.
fn identifiers(object: &Value, relationship: &str) -> Vec<(String, String)> {
    let pair = |v: &Value| {
        Some((
            v["type"].as_str()?.to_string(),
            v["id"].as_str()?.to_string(),
        ))
    };
    match &object["relationships"][relationship]["data"] {
        Value::Array(list) => list.iter().filter_map(pair).collect(),
        one @ Value::Object(_) => pair(one).into_iter().collect(),
        _ => Vec::new(),
    }
}

/// A related object as `org` may see it; `None` for one it may not (it is left out, as a
/// retrieve of it would be not found).
fn related(world: &World, org: &Id, now: Timestamp, kind: &str, id: &str) -> Option<Value> {
    let id = Id::parse(id);
    match kind {
        render::SHARE_TOKEN => world
            .token_visible_to(org, &id)
            .map(|t| render::share_token(t, now)),
        render::BRIDGE => world.bridge_visible_to(org, &id).map(render::bridge),
        render::INQUIRY => world.inquiry_owned_by(org, &id).map(render::inquiry),
        render::TEMPLATE => world.template_owned_by(org, &id).map(render::template),
        _ if kind.starts_with(render::VERIFICATION_PREFIX) => world
            .inquiries_of(org)
            .into_iter()
            .flat_map(|i| &i.verifications)
            .find(|v| v.id == id)
            .map(render::verification),
        _ => None,
    }
}

/// `outbound` for the token's source, `inbound` for its destination.
pub fn direction(org: &Id, source_org: &Id) -> &'static str {
    if org == source_org {
        "outbound"
    } else {
        "inbound"
    }
}

fn present_share_token(world: &World, org: &Id, object: &mut Value) {
    if object["type"] != render::SHARE_TOKEN {
        return;
    }
    let Some(token) = object["id"]
        .as_str()
        .and_then(|id| world.share_tokens.get(&Id::parse(id)))
    else {
        return;
    };
    if let Some(attributes) = object.get_mut("attributes").and_then(Value::as_object_mut) {
        attributes.insert(
            "direction".into(),
            json!(direction(org, &token.source_org_id)),
        );
    }
}
