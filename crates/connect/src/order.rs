//! One compiled sort for every list the crate orders.
//!
//! The standard library's sort is generic: each element type and each comparison closure
//! compiles another copy of it (quicksort, drift sort, small sorts), several kilobytes of wasm
//! each. [`sort_by`] sorts positions instead, through one `dyn` comparison, so the whole crate
//! shares a single copy; only the few lines that put the items in their new order are generic.

use std::cmp::Ordering;

/// Sorts `list` by `cmp`, stably (equal items keep their order), like `slice::sort_by`.
pub fn sort_by<T>(list: &mut Vec<T>, cmp: impl Fn(&T, &T) -> Ordering) {
    let order = {
        let items: &[T] = list;
        sorted_positions(items.len(), &|a, b| cmp(&items[a], &items[b]))
    };
    let mut slots: Vec<Option<T>> = list.drain(..).map(Some).collect();
    list.extend(
        order
            .into_iter()
            .filter_map(|at| slots.get_mut(at).and_then(Option::take)),
    );
}

/// Sorts `list` by `key`, largest first, stably (like `sort_by_key` with `Reverse`).
pub fn sort_by_key_desc<T, K: Ord>(list: &mut Vec<T>, key: impl Fn(&T) -> K) {
    sort_by(list, |a, b| key(b).cmp(&key(a)));
}

/// Sorts `list` by `key`, smallest first, stably (like `sort_by_key`).
pub fn sort_by_key<T, K: Ord>(list: &mut Vec<T>, key: impl Fn(&T) -> K) {
    sort_by(list, |a, b| key(a).cmp(&key(b)));
}

/// A B-tree map or set (or a `serde_json::Map`) of `items`, inserted one at a time. `collect`
/// and `BTreeSet::from` sort the items first, which compiles another copy of the standard sort
/// for each item type; inserting uses the code the map already has.
pub fn insert_all<C: Default + Extend<T>, T>(items: impl IntoIterator<Item = T>) -> C {
    let mut out = C::default();
    out.extend(items);
    out
}

/// The positions `0..len` in the order `cmp` gives them (stable). The only sort compiled.
#[inline(never)]
fn sorted_positions(len: usize, cmp: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    order.sort_by(|&a, &b| cmp(a, b));
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_stably_like_the_standard_sort() {
        let mut list = vec![(3, 'a'), (1, 'b'), (3, 'c'), (2, 'd'), (1, 'e')];
        let mut expected = list.clone();
        expected.sort_by_key(|p| p.0);
        sort_by_key(&mut list, |p| p.0);
        assert_eq!(list, expected);

        let mut list = vec![(3, 'a'), (1, 'b'), (3, 'c'), (2, 'd'), (1, 'e')];
        let mut expected = list.clone();
        expected.sort_by_key(|p| std::cmp::Reverse(p.0));
        sort_by_key_desc(&mut list, |p| p.0);
        assert_eq!(list, expected);

        let mut empty: Vec<u8> = Vec::new();
        sort_by(&mut empty, Ord::cmp);
        assert!(empty.is_empty());
    }
}
