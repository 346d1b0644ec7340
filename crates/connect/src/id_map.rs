//! [`IdMap`]: the world's collections, objects by id in id order.
//!
//! Two sorted vectors (the ids, and the objects at the same positions) instead of a
//! `BTreeMap<Id, T>`. What a B-tree compiles to (search, split, merge, steal, drop, clone) is
//! compiled once per object type, nine times for the world; here the search is compiled once,
//! for all of them, and what remains per type is a vector's (docs/performance.md, "Bundle").
//! The objects also lie side by side instead of in half-full tree nodes, which holds less
//! memory for 20,000 share tokens.
//!
//! Inserting in the middle moves the later objects along: an append when ids come in order
//! (loading, which reads the records in key order), a move of a few megabytes at most for one
//! new object among 20,000. Many objects out of order (a file read, a collection) are sorted
//! once instead ([`IdMap::from_pairs`]).

use crate::ids::Id;
use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, Serializer};
use std::fmt;
use std::marker::PhantomData;

/// A map from [`Id`] to `T`, iterated in id order, with the part of `BTreeMap`'s interface the
/// playground uses. Serialized as a map (a JSON object), exactly as a `BTreeMap` was.
#[derive(Clone, PartialEq, Eq)]
pub struct IdMap<T> {
    keys: Vec<Id>,
    values: Vec<T>,
}

/// How to put `keys` in order: the swaps to make, one after the other, after which the first
/// `kept` positions hold the keys in id order (of a key given twice, its last); `None` when they
/// are in order already. Not generic: one copy serves every map, and what is left per type is
/// a loop of swaps.
fn swaps_to_order(keys: &[Id]) -> Option<(Vec<(usize, usize)>, usize)> {
    if keys.windows(2).all(|pair| pair[0] < pair[1]) {
        return None;
    }
    let order = crate::order::sorted_positions(keys.len(), &|a, b| keys[a].cmp(&keys[b]));
    let last_of_its_key = |n: usize| match order.get(n + 1) {
        Some(&next) => keys[next] != keys[order[n]],
        None => true,
    };
    let keep: Vec<usize> = (0..order.len())
        .filter(|&n| last_of_its_key(n))
        .map(|n| order[n])
        .collect();
    // `held[p]`: which original item is at position `p` now; `at[i]`: where item `i` is now.
    let mut held: Vec<usize> = (0..keys.len()).collect();
    let mut at: Vec<usize> = (0..keys.len()).collect();
    let mut swaps = Vec::new();
    for (target, &item) in keep.iter().enumerate() {
        let from = at[item];
        if from != target {
            swaps.push((target, from));
            let displaced = held[target];
            held.swap(target, from);
            at[item] = target;
            at[displaced] = from;
        }
    }
    Some((swaps, keep.len()))
}

/// Where `id` is in `keys` (`Ok`), or where it would go (`Err`). Not generic: one copy serves
/// every map.
fn search(keys: &[Id], id: &Id) -> Result<usize, usize> {
    match keys.last() {
        // Appending in order (loading) skips the search.
        Some(last) if last < id => Err(keys.len()),
        _ => keys.binary_search(id),
    }
}

impl<T> IdMap<T> {
    pub const fn new() -> IdMap<T> {
        IdMap {
            keys: Vec::new(),
            values: Vec::new(),
        }
    }

    pub fn len(&self) -> usize {
        self.keys.len()
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    pub fn contains_key(&self, id: &Id) -> bool {
        search(&self.keys, id).is_ok()
    }

    pub fn get(&self, id: &Id) -> Option<&T> {
        search(&self.keys, id).ok().map(|at| &self.values[at])
    }

    pub fn get_mut(&mut self, id: &Id) -> Option<&mut T> {
        search(&self.keys, id).ok().map(|at| &mut self.values[at])
    }

    /// The map of `keys[i]` to `values[i]`, as inserting them one by one would make it (a key
    /// given twice keeps its last value), but in one sort when they are out of order instead of
    /// moving the later objects along for each: a file whose objects are in reverse order
    /// would otherwise take time in the square of their number.
    fn from_pairs(mut keys: Vec<Id>, mut values: Vec<T>) -> IdMap<T> {
        if let Some((swaps, kept)) = swaps_to_order(&keys) {
            for (a, b) in swaps {
                keys.swap(a, b);
                values.swap(a, b);
            }
            keys.truncate(kept);
            values.truncate(kept);
        }
        IdMap { keys, values }
    }

    /// Adds `value` under `id`, or replaces the value there and returns it.
    pub fn insert(&mut self, id: Id, value: T) -> Option<T> {
        match search(&self.keys, &id) {
            Ok(at) => Some(std::mem::replace(&mut self.values[at], value)),
            Err(at) if at == self.keys.len() => {
                self.keys.push(id);
                self.values.push(value);
                None
            }
            Err(at) => {
                self.keys.insert(at, id);
                self.values.insert(at, value);
                None
            }
        }
    }

    /// The value under `id`, first added by `make` if there is none.
    pub fn get_or_insert_with(&mut self, id: &Id, make: impl FnOnce() -> T) -> &mut T {
        let at = match search(&self.keys, id) {
            Ok(at) => at,
            Err(at) => {
                self.keys.insert(at, id.clone());
                self.values.insert(at, make());
                at
            }
        };
        &mut self.values[at]
    }

    pub fn remove(&mut self, id: &Id) -> Option<T> {
        let at = search(&self.keys, id).ok()?;
        self.keys.remove(at);
        Some(self.values.remove(at))
    }

    /// Lets go of most of the room kept for more objects: after a load, which grew the vectors
    /// by doubling, up to half of them. An eighth is kept, so the next objects made do not copy
    /// the whole vector at once.
    pub fn shrink_to_fit(&mut self) {
        let room = self.len() + self.len() / 8;
        self.keys.shrink_to(room);
        self.values.shrink_to(room);
    }

    /// The ids, in order.
    pub fn keys(&self) -> std::slice::Iter<'_, Id> {
        self.keys.iter()
    }

    /// The objects, in id order.
    pub fn values(&self) -> std::slice::Iter<'_, T> {
        self.values.iter()
    }

    pub fn values_mut(&mut self) -> std::slice::IterMut<'_, T> {
        self.values.iter_mut()
    }

    /// Ids and objects, in id order.
    pub fn iter(&self) -> Iter<'_, T> {
        self.keys.iter().zip(self.values.iter())
    }

    /// Ids and objects from the first id not below `from`, in id order.
    pub fn iter_from(&self, from: &Id) -> Iter<'_, T> {
        let at = match search(&self.keys, from) {
            Ok(at) | Err(at) => at,
        };
        self.keys[at..].iter().zip(self.values[at..].iter())
    }
}

/// A set of ids, in order: a map to nothing (`insert(id, ())` is `None` when `id` is new).
pub type IdSet = IdMap<()>;

/// What [`IdMap::iter`] yields: `(&Id, &T)` pairs in id order.
pub type Iter<'a, T> = std::iter::Zip<std::slice::Iter<'a, Id>, std::slice::Iter<'a, T>>;

impl<T> Default for IdMap<T> {
    fn default() -> IdMap<T> {
        IdMap::new()
    }
}

impl<T: fmt::Debug> fmt::Debug for IdMap<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

/// `map[&id]`, as with a `BTreeMap`: panics when `id` is absent, so only for ids known to be
/// there (tests use it); the playground's own code uses [`IdMap::get`].
impl<T> std::ops::Index<&Id> for IdMap<T> {
    type Output = T;

    fn index(&self, id: &Id) -> &T {
        match self.get(id) {
            Some(value) => value,
            None => panic!("no object with id `{id}` in the map"),
        }
    }
}

impl<'a, T> IntoIterator for &'a IdMap<T> {
    type Item = (&'a Id, &'a T);
    type IntoIter = Iter<'a, T>;

    fn into_iter(self) -> Iter<'a, T> {
        self.iter()
    }
}

impl<T> FromIterator<(Id, T)> for IdMap<T> {
    fn from_iter<I: IntoIterator<Item = (Id, T)>>(items: I) -> IdMap<T> {
        let (keys, values) = items.into_iter().unzip();
        IdMap::from_pairs(keys, values)
    }
}

impl<T: Serialize> Serialize for IdMap<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.len()))?;
        for (id, value) in self {
            map.serialize_entry(id, value)?;
        }
        map.end()
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for IdMap<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<IdMap<T>, D::Error> {
        deserializer.deserialize_map(MapOf(PhantomData))
    }
}

struct MapOf<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for MapOf<T> {
    type Value = IdMap<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a map of objects by id")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut entries: A) -> Result<IdMap<T>, A::Error> {
        let (mut keys, mut values) = (Vec::new(), Vec::new());
        while let Some((id, value)) = entries.next_entry::<Id, T>()? {
            keys.push(id);
            values.push(value);
        }
        // A key given twice keeps its last value, as `BTreeMap` did.
        Ok(IdMap::from_pairs(keys, values))
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn id(n: u32) -> Id {
        Id::parse(&format!("cnst_{n:04}"))
    }

    /// Every operation answers what a `BTreeMap` answers, whatever order the ids come in.
    #[test]
    fn behaves_as_a_btree_map() {
        let mut map = IdMap::new();
        let mut model = BTreeMap::new();
        // A fixed scramble of 0..200 with repeats: appends, inserts in the middle, replaces.
        let ids: Vec<u32> = (0..400u32).map(|n| (n * 7919 + 13) % 211).collect();
        for (step, &n) in ids.iter().enumerate() {
            assert_eq!(map.insert(id(n), step), model.insert(id(n), step));
            if step % 5 == 0 {
                let gone = id((n * 3) % 211);
                assert_eq!(map.remove(&gone), model.remove(&gone));
            }
            if let Some(value) = map.get_mut(&id(n / 2)) {
                *value += 1;
                *model
                    .get_mut(&id(n / 2))
                    .expect("the model has what the map has") += 1;
            }
        }
        assert_eq!(map.len(), model.len());
        assert!(map.iter().eq(model.iter()));
        assert!(map.keys().eq(model.keys()));
        assert!(map.values().eq(model.values()));
        for n in 0..215 {
            assert_eq!(map.get(&id(n)), model.get(&id(n)));
            assert_eq!(map.contains_key(&id(n)), model.contains_key(&id(n)));
            assert!(map.iter_from(&id(n)).eq(model.range(id(n)..)));
        }
        let between = Id::parse("cnst_0100x");
        assert!(map.iter_from(&between).eq(model.range(between..)));
    }

    /// Out of order, repeated or both, what is read or collected is what inserting one by one
    /// makes: a `BTreeMap`'s contents.
    #[test]
    fn pairs_in_any_order_make_the_map_inserting_them_makes() {
        let orders: [Vec<u32>; 5] = [
            vec![],
            vec![5],
            (0..50).collect(),
            (0..50).rev().collect(),
            (0..120u32).map(|n| (n * 37 + 11) % 53).collect(),
        ];
        for order in orders {
            let pairs: Vec<(Id, usize)> =
                order.iter().enumerate().map(|(i, &n)| (id(n), i)).collect();
            let model: BTreeMap<Id, usize> = pairs.iter().cloned().collect();
            let collected: IdMap<usize> = pairs.iter().cloned().collect();
            assert!(
                collected.iter().eq(model.iter()),
                "collected from {order:?}"
            );
            let json = format!(
                "{{{}}}",
                pairs
                    .iter()
                    .map(|(k, v)| format!("\"{k}\":{v}"))
                    .collect::<Vec<_>>()
                    .join(",")
            );
            let read: IdMap<usize> = serde_json::from_str(&json).expect("a map of numbers");
            assert!(read.iter().eq(model.iter()), "read from {json}");
        }
    }

    proptest::proptest! {
        /// Any sequence of ids, repeats included, collects to what inserting it into a
        /// `BTreeMap` gives.
        #[test]
        fn any_pairs_collect_to_the_btree_map_of_them(
            order in proptest::collection::vec(0u32..40, 0..120),
        ) {
            let pairs: Vec<(Id, usize)> = order.iter().enumerate().map(|(i, &n)| (id(n), i)).collect();
            let model: BTreeMap<Id, usize> = pairs.iter().cloned().collect();
            let collected: IdMap<usize> = pairs.into_iter().collect();
            proptest::prop_assert!(collected.iter().eq(model.iter()));
        }
    }

    #[test]
    fn is_stored_as_the_map_it_replaced() {
        let model: BTreeMap<Id, u32> = [(id(2), 20), (id(1), 10), (id(3), 30)].into();
        let map: IdMap<u32> = [(id(2), 20), (id(1), 10), (id(3), 30)]
            .into_iter()
            .collect();
        let json = serde_json::to_string(&map).expect("a map of numbers serializes");
        assert_eq!(
            json,
            serde_json::to_string(&model).expect("so does the model")
        );
        let back: IdMap<u32> = serde_json::from_str(&json).expect("and reads back");
        assert_eq!(back, map);
        let twice: IdMap<u32> =
            serde_json::from_str(r#"{"cnst_0001":1,"cnst_0001":2}"#).expect("a repeated key");
        assert_eq!(twice.get(&id(1)), Some(&2));
        assert_eq!(format!("{map:?}"), format!("{model:?}"));
    }
}
