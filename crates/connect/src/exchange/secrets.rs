//! An export without secrets: every API key secret and webhook signing secret replaced by
//! [`LEFT_OUT`], so a file can be shared without handing over keys. Importing such a file makes
//! each left-out secret anew; a placeholder never becomes a working key, nor one secret shared
//! by every org.

use crate::ids::{prefix, IdSource};
use crate::world::World;

/// What stands in for a secret in an export made without them.
pub const LEFT_OUT: &str = "left-out-of-this-export";

/// Replaces every secret in `world` with [`LEFT_OUT`]; returns how many it replaced.
pub fn leave_out(world: &mut World) -> usize {
    let keys = world
        .organizations
        .values_mut()
        .map(|o| &mut o.api_key.secret);
    let hooks = world.webhooks.values_mut().map(|w| &mut w.secret);
    keys.chain(hooks)
        .map(|secret| *secret = LEFT_OUT.to_string())
        .count()
}

/// How many secrets of `world` were left out of the file it came from.
pub fn left_out(world: &World) -> usize {
    let keys = world.organizations.values().map(|o| &o.api_key.secret);
    let hooks = world.webhooks.values().map(|w| &w.secret);
    keys.chain(hooks).filter(|s| *s == LEFT_OUT).count()
}

/// Gives every left-out secret a fresh one, as creating the org or endpoint would.
pub fn make_anew(world: &mut World, ids: &mut dyn IdSource) {
    for org in world.organizations.values_mut() {
        if org.api_key.secret == LEFT_OUT {
            org.api_key.secret = ids.new_id(prefix::SECRET).to_string();
        }
    }
    for hook in world.webhooks.values_mut() {
        if hook.secret == LEFT_OUT {
            hook.secret = ids.new_id(prefix::WEBHOOK_SECRET).to_string();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::RandomIds;
    use crate::time::Timestamp;
    use crate::world::Command;

    #[test]
    fn an_export_without_secrets_holds_none_and_an_import_makes_them_anew() {
        let now = Timestamp(1_700_000_000_000);
        let mut world = crate::seed::demo_playground(now, &mut RandomIds);
        let org = world
            .organizations
            .keys()
            .next()
            .cloned()
            .expect("a seeded org");
        let hook = Command::CreateWebhook {
            url: "http://127.0.0.1:8000/hooks".into(),
            event_types: vec!["inquiry.created".into()],
        };
        world
            .apply(&org, hook, now, &mut RandomIds)
            .expect("an endpoint");
        let keys = world
            .organizations
            .values()
            .map(|o| o.api_key.secret.clone());
        let before: Vec<String> = keys
            .chain(world.webhooks.values().map(|w| w.secret.clone()))
            .collect();
        let replaced = leave_out(&mut world);
        assert_eq!(replaced, world.organizations.len() + world.webhooks.len());
        let text = crate::snapshot::Snapshot::new(world.clone(), 0)
            .encode()
            .expect("a world serializes");
        for secret in &before {
            assert!(
                !text.contains(secret.as_str()),
                "{secret} is still in the file"
            );
        }
        assert_eq!(left_out(&world), replaced);

        make_anew(&mut world, &mut RandomIds);
        assert_eq!(left_out(&world), 0);
        let mut after: Vec<&str> = world
            .organizations
            .values()
            .map(|o| o.api_key.secret.as_str())
            .collect();
        assert!(after.iter().all(|s| s.starts_with("sk_test_")));
        after.sort_unstable();
        after.dedup();
        assert_eq!(
            after.len(),
            world.organizations.len(),
            "each org has its own key"
        );
        assert!(before.iter().all(|s| !after.contains(&s.as_str())));
        let hook = world.webhooks.values().next().expect("the endpoint");
        assert!(hook.secret.starts_with("whsec_") && !before.contains(&hook.secret));
    }
}
