//! The checks a file must pass before it may replace the playground: every reference points at
//! an object in the file, ids have their prefixes, secrets are unique, tokens agree with their
//! bridges and inquiries, and automation passes the same checks as the commands that create it.

use super::secrets::LEFT_OUT;
use crate::id_map::IdMap;
use crate::ids::{prefix, Id};
use crate::model::{ShareTokenStatus, WorkflowSpec};
use crate::world::{
    check_webhook, World, MAX_ENDPOINTS, MAX_ORGANIZATION_NAME, MAX_TOKEN_LIFETIME_SECONDS,
    MAX_WORKFLOWS_PER_ORG,
};
use std::collections::{BTreeMap, BTreeSet};

/// Everything in `world` that refers to a missing object or has an id of the wrong kind, as
/// sentences a user can act on. Empty when the world is consistent.
pub fn integrity_problems(world: &World) -> Vec<String> {
    let mut problems = Vec::new();
    let mut id_kind = |id: &Id, want: &str, what: &str| {
        if id.prefix() != want || id.as_str().len() <= want.len() + 1 {
            problems.push(format!(
                "{what} `{id}` should have an id starting with `{want}_`"
            ));
        }
    };
    for org in world.organizations.values() {
        id_kind(&org.id, prefix::ORGANIZATION, "organization");
        id_kind(&org.api_key.id, prefix::API_KEY, "API key");
    }
    for template in world.templates.values() {
        id_kind(&template.id, prefix::TEMPLATE, "inquiry template");
    }
    for inquiry in world.inquiries.values() {
        id_kind(&inquiry.id, prefix::INQUIRY, "inquiry");
        for v in &inquiry.verifications {
            id_kind(&v.id, prefix::VERIFICATION, "verification");
        }
    }
    for bridge in world.bridges.values() {
        id_kind(&bridge.id, prefix::BRIDGE, "bridge");
    }
    for token in world.share_tokens.values() {
        id_kind(&token.id, prefix::SHARE_TOKEN, "share token");
    }
    for event in &world.events {
        id_kind(&event.id, prefix::EVENT, "event");
    }
    for workflow in world.workflows.values() {
        id_kind(&workflow.id, prefix::WORKFLOW, "workflow");
    }
    for run in world.workflow_runs.values() {
        id_kind(&run.id, prefix::WORKFLOW_RUN, "workflow run");
    }
    for endpoint in world.webhooks.values() {
        id_kind(&endpoint.id, prefix::WEBHOOK, "webhook endpoint");
    }
    for delivery in world.deliveries.values() {
        id_kind(&delivery.id, prefix::WEBHOOK_DELIVERY, "webhook delivery");
    }
    for entry in &world.partner_inbox {
        id_kind(&entry.id, prefix::INBOX, "partner inbox entry");
    }

    if world.organizations.is_empty() {
        problems.push("it has no organizations, so nobody could act in it".into());
    }
    keyed_by_id(&mut problems, "organization", &world.organizations, |o| {
        &o.id
    });
    keyed_by_id(&mut problems, "inquiry template", &world.templates, |t| {
        &t.id
    });
    keyed_by_id(&mut problems, "inquiry", &world.inquiries, |i| &i.id);
    keyed_by_id(&mut problems, "bridge", &world.bridges, |b| &b.id);
    keyed_by_id(&mut problems, "share token", &world.share_tokens, |t| &t.id);
    keyed_by_id(&mut problems, "workflow", &world.workflows, |w| &w.id);
    keyed_by_id(&mut problems, "workflow run", &world.workflow_runs, |r| {
        &r.id
    });
    keyed_by_id(&mut problems, "webhook endpoint", &world.webhooks, |w| {
        &w.id
    });
    keyed_by_id(&mut problems, "webhook delivery", &world.deliveries, |d| {
        &d.id
    });

    let org = |id: &Id| world.organizations.contains_key(id);

    for t in world.templates.values() {
        if !org(&t.org_id) {
            problems.push(missing(
                format!("inquiry template {}", t.id),
                "organization",
                &t.org_id,
            ));
        }
    }
    for i in world.inquiries.values() {
        let what = || format!("inquiry {}", i.id);
        if !org(&i.org_id) {
            problems.push(missing(what(), "organization", &i.org_id));
        }
        match world.templates.get(&i.template_id) {
            None => problems.push(missing(what(), "inquiry template", &i.template_id)),
            Some(t) if t.org_id != i.org_id => problems.push(format!(
                "inquiry {} uses template {} of another organization",
                i.id, t.id
            )),
            Some(_) => {}
        }
        if let Some(origin) = &i.shared_from {
            if !world.share_tokens.contains_key(&origin.share_token_id) {
                problems.push(missing(what(), "share token", &origin.share_token_id));
            }
            if !world.bridges.contains_key(&origin.bridge_id) {
                problems.push(missing(what(), "bridge", &origin.bridge_id));
            }
            if !org(&origin.source_org_id) {
                problems.push(missing(what(), "organization", &origin.source_org_id));
            }
        }
    }
    for b in world.bridges.values() {
        for side in [&b.source_org_id, &b.destination_org_id] {
            if !org(side) {
                problems.push(missing(format!("bridge {}", b.id), "organization", side));
            }
        }
        // Only the destination picks it, from its own templates (activate, or the default).
        match b.default_template_id.as_ref().map(|id| (id, world.templates.get(id))) {
            Some((id, None)) => problems.push(missing(
                format!("bridge {}", b.id),
                "default inquiry template",
                id,
            )),
            Some((_, Some(t))) if t.org_id != b.destination_org_id => problems.push(format!(
                "bridge {} has template {} of another organization than its destination as its default",
                b.id, t.id
            )),
            _ => {}
        }
    }
    for t in world.share_tokens.values() {
        let what = || format!("share token {}", t.id);
        match world.bridges.get(&t.bridge_id) {
            None => problems.push(missing(what(), "bridge", &t.bridge_id)),
            Some(b)
                if b.source_org_id != t.source_org_id
                    || b.destination_org_id != t.destination_org_id =>
            {
                problems.push(format!(
                    "share token {} names other organizations than its bridge {}",
                    t.id, b.id
                ))
            }
            Some(_) => {}
        }
        match world.inquiries.get(&t.source_id) {
            None => problems.push(missing(what(), "inquiry", &t.source_id)),
            Some(i) if i.org_id != t.source_org_id => problems.push(format!(
                "share token {} shares inquiry {}, which its source organization does not own",
                t.id, i.id
            )),
            Some(_) => {}
        }
        if let Some(destination) = &t.destination_inquiry_id {
            match world.inquiries.get(destination) {
                None => problems.push(missing(what(), "inquiry", destination)),
                Some(i) if i.org_id != t.destination_org_id => problems.push(format!(
                    "share token {} was redeemed into inquiry {}, which its destination does not own",
                    t.id, i.id
                )),
                Some(_) => {}
            }
        }
    }
    for e in &world.events {
        if !org(&e.org_id) {
            problems.push(missing(
                format!("event {}", e.id),
                "organization",
                &e.org_id,
            ));
        }
        if let Some(actor) = e.actor_org_id.as_ref().filter(|a| !org(a)) {
            problems.push(missing(format!("event {}", e.id), "organization", actor));
        }
    }
    organization_problems(world, &mut problems);
    secrets_problems(world, &mut problems);
    token_problems(world, &mut problems);
    automation_problems(world, &mut problems);
    problems
}

/// Names as the command that creates an organization takes them: 1 to 80 characters, without
/// spaces around, one organization to a name; and each event once in the log.
fn organization_problems(world: &World, problems: &mut Vec<String>) {
    let mut names: BTreeMap<String, &Id> = BTreeMap::new();
    for org in world.organizations.values() {
        // The name's length and spaces, as the command has always checked them; its characters
        // (a later rule) are the command's only, so an export of earlier names imports back.
        if org.name != org.name.trim()
            || org.name.is_empty()
            || org.name.chars().count() > MAX_ORGANIZATION_NAME
        {
            problems.push(format!(
                "organization {} needs a name of 1 to {MAX_ORGANIZATION_NAME} characters without spaces around it",
                org.id
            ));
        }
        // Without ASCII case only, as the command compared names before it compared them in
        // every script: an export of two names then allowed imports back.
        if let Some(first) = names.insert(org.name.to_ascii_lowercase(), &org.id) {
            problems.push(format!(
                "organizations {first} and {} have the same name; each needs its own",
                org.id
            ));
        }
    }
    // Found by one sort: the log's ids are random, so a sorted set filled in log order would
    // move half of itself along for each of 20,000 ids.
    let ids: Vec<&Id> = world.events.iter().map(|event| &event.id).collect();
    let first = crate::order::first_of_each(&ids);
    for (id, _) in ids.iter().zip(first).filter(|(_, first)| !first) {
        problems.push(format!("event {id} is in the log twice"));
    }
}

/// Each org's API secret is its identity in the API: two orgs sharing one would let either
/// act as the other.
fn secrets_problems(world: &World, problems: &mut Vec<String>) {
    let mut key_ids: IdMap<&Id> = IdMap::new();
    for org in world.organizations.values() {
        if let Some(first) = key_ids.insert(org.api_key.id.clone(), &org.id) {
            problems.push(format!(
                "organizations {first} and {} share the API key {}; each needs its own",
                org.id, org.api_key.id
            ));
        }
    }
    let mut holders: BTreeMap<&str, Vec<&Id>> = BTreeMap::new();
    // A file exported without secrets repeats the placeholder; the import makes each anew.
    for org in world
        .organizations
        .values()
        .filter(|o| o.api_key.secret != LEFT_OUT)
    {
        if org.api_key.secret.trim().is_empty() {
            problems.push(format!("organization {} has an empty API secret", org.id));
        }
        holders
            .entry(org.api_key.secret.as_str())
            .or_default()
            .push(&org.id);
    }
    for orgs in holders.values().filter(|orgs| orgs.len() > 1) {
        let named: Vec<String> = orgs.iter().map(|id| id.to_string()).collect();
        problems.push(format!(
            "organizations {} share one API secret; each needs its own",
            named.join(", ")
        ));
    }
}

/// A token's status agrees with its timestamps, and a redeemed token with the inquiry it made.
fn token_problems(world: &World, problems: &mut Vec<String>) {
    for t in world.share_tokens.values() {
        if t.expires_at < t.created_at {
            problems.push(format!(
                "share token {} expires before it was created",
                t.id
            ));
        } else if t.expires_at.0.saturating_sub(t.created_at.0) > MAX_TOKEN_LIFETIME_SECONDS * 1_000
        {
            problems.push(format!(
                "share token {} lives longer than the {} days a token may",
                t.id,
                MAX_TOKEN_LIFETIME_SECONDS / 86_400
            ));
        }
        let stamped = match t.status {
            ShareTokenStatus::New => true,
            ShareTokenStatus::Pending => t.pending_at.is_some(),
            ShareTokenStatus::Redeemed => {
                t.redeemed_at.is_some() && t.destination_inquiry_id.is_some()
            }
            ShareTokenStatus::Expired => t.expired_at.is_some(),
            ShareTokenStatus::Failed => t.failed_at.is_some(),
        };
        if !stamped {
            problems.push(format!(
                "share token {} is {} but has no time (or inquiry) it became so",
                t.id,
                t.status.as_str()
            ));
        }
        let early = [t.pending_at, t.redeemed_at, t.expired_at, t.failed_at]
            .into_iter()
            .flatten()
            .any(|at| at < t.created_at);
        if early {
            problems.push(format!(
                "share token {} changed status before it was created",
                t.id
            ));
        }
    }
    for i in world.inquiries.values() {
        let Some(origin) = &i.shared_from else {
            continue;
        };
        let Some(token) = world.share_tokens.get(&origin.share_token_id) else {
            continue;
        };
        let agrees = token.destination_inquiry_id.as_ref() == Some(&i.id)
            && token.bridge_id == origin.bridge_id
            && token.source_org_id == origin.source_org_id
            && token.destination_org_id == i.org_id;
        if !agrees {
            problems.push(format!(
                "inquiry {} says it was shared by token {}, which says otherwise",
                i.id, token.id
            ));
        }
    }
}

/// Workflows and webhook endpoints pass the checks of the commands that create them; runs,
/// deliveries and inbox entries belong to organizations in the file.
fn automation_problems(world: &World, problems: &mut Vec<String>) {
    let org = |id: &Id| world.organizations.contains_key(id);
    let mut workflows_per_org: IdMap<usize> = IdMap::new();
    for w in world.workflows.values() {
        if !org(&w.org_id) {
            problems.push(missing(
                format!("workflow {}", w.id),
                "organization",
                &w.org_id,
            ));
            continue;
        }
        *workflows_per_org.get_or_insert_with(&w.org_id, || 0) += 1;
        let spec = WorkflowSpec {
            name: w.name.clone(),
            trigger: w.trigger.clone(),
            actions: w.actions.clone(),
        };
        if let Err(refused) = world.check_workflow_spec(&w.org_id, spec) {
            problems.push(format!("workflow {}: {}", w.id, refused.message));
        }
    }
    for (org_id, &count) in &workflows_per_org {
        if count > MAX_WORKFLOWS_PER_ORG {
            problems.push(format!(
                "organization {org_id} has {count} workflows; at most {MAX_WORKFLOWS_PER_ORG} are allowed"
            ));
        }
    }
    let mut endpoints_per_org: IdMap<usize> = IdMap::new();
    let mut secrets = BTreeSet::new();
    for w in world.webhooks.values() {
        if !org(&w.org_id) {
            problems.push(missing(
                format!("webhook endpoint {}", w.id),
                "organization",
                &w.org_id,
            ));
            continue;
        }
        *endpoints_per_org.get_or_insert_with(&w.org_id, || 0) += 1;
        match check_webhook(&w.url, &w.event_types) {
            Err(refused) => {
                problems.push(format!("webhook endpoint {}: {}", w.id, refused.message))
            }
            // The command keeps the URL as it is once trimmed; a file must hold it that way.
            Ok((url, _)) if url != w.url => problems.push(format!(
                "webhook endpoint {}: its URL has spaces around it",
                w.id
            )),
            Ok(_) => {}
        }
        let left_out = w.secret == LEFT_OUT;
        if w.secret.trim().is_empty() || !(left_out || secrets.insert(w.secret.as_str())) {
            problems.push(format!(
                "webhook endpoint {} needs a signing secret of its own",
                w.id
            ));
        }
    }
    for (org_id, &count) in &endpoints_per_org {
        if count > MAX_ENDPOINTS {
            problems.push(format!(
                "organization {org_id} has {count} webhook endpoints; at most {MAX_ENDPOINTS} are allowed"
            ));
        }
    }
    for r in world.workflow_runs.values().filter(|r| !org(&r.org_id)) {
        problems.push(missing(
            format!("workflow run {}", r.id),
            "organization",
            &r.org_id,
        ));
    }
    for d in world.deliveries.values().filter(|d| !org(&d.org_id)) {
        problems.push(missing(
            format!("webhook delivery {}", d.id),
            "organization",
            &d.org_id,
        ));
    }
    for entry in &world.partner_inbox {
        let what = || format!("partner inbox entry {}", entry.id);
        for o in [&entry.org_id, &entry.sender_org_id] {
            if !org(o) {
                problems.push(missing(what(), "organization", o));
            }
        }
        match world.share_tokens.get(&entry.share_token_id) {
            None => problems.push(missing(what(), "share token", &entry.share_token_id)),
            // Only the token's source sends it, and only to its destination's inbox.
            Some(t)
                if t.destination_org_id != entry.org_id
                    || t.source_org_id != entry.sender_org_id =>
            {
                problems.push(format!(
                    "{} holds share token {} but is not from its source to its destination",
                    what(),
                    t.id
                ))
            }
            Some(_) => {}
        }
    }
}

fn missing(what: String, refers: &str, id: &Id) -> String {
    format!("{what} refers to {refers} `{id}`, which is not in the file")
}

/// Each map entry must be stored under its own id; a file edited by hand may disagree.
fn keyed_by_id<T>(
    problems: &mut Vec<String>,
    what: &str,
    map: &IdMap<T>,
    id_of: impl Fn(&T) -> &Id,
) {
    for (key, item) in map {
        if id_of(item) != key {
            problems.push(format!(
                "the {what} listed under `{key}` has the id `{}`",
                id_of(item)
            ));
        }
    }
}
