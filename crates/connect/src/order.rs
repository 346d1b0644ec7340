//! One compiled sort for every list the crate orders.
//!
//! The standard library's sort is generic: each element type and each comparison closure
//! compiles another copy of it (quicksort, drift sort, small sorts), several kilobytes of wasm
//! each. [`sort_by`] sorts positions instead, through one `dyn` comparison, so the whole crate
//! shares a single copy; only the few lines that put the items in their new order are generic.

use std::cmp::{Ordering, Reverse};
use std::ops::Range;

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

/// The items a stable sort by `key`, largest first, would put at `range` (cut to the list's
/// length), in that order: one page of a newest-first list, found in time linear in the list
/// instead of sorting all of it.
pub fn page_by_key_desc<T>(list: Vec<T>, key: impl Fn(&T) -> i64, range: Range<usize>) -> Vec<T> {
    let keys: Vec<i64> = list.iter().map(key).collect();
    let positions = page_positions_desc(&keys, range);
    let mut slots: Vec<Option<T>> = list.into_iter().map(Some).collect();
    positions
        .into_iter()
        .filter_map(|at| slots.get_mut(at).and_then(Option::take))
        .collect()
}

/// The positions in `keys` that [`page_by_key_desc`] keeps, in order. Each key is paired with
/// its position, so no two compare equal: the selection then gives the stable sort's order.
#[inline(never)]
fn page_positions_desc(keys: &[i64], range: Range<usize>) -> Vec<usize> {
    let end = range.end.min(keys.len());
    let start = range.start.min(end);
    if start == end {
        return Vec::new();
    }
    let mut order: Vec<(Reverse<i64>, usize)> = keys
        .iter()
        .enumerate()
        .map(|(at, key)| (Reverse(*key), at))
        .collect();
    // Everything before `start` comes before the page, and the page's items come next.
    if start > 0 {
        order.select_nth_unstable(start);
    }
    let rest = &mut order[start..];
    let len = end - start;
    if len < rest.len() {
        rest.select_nth_unstable(len);
    }
    let page = &mut rest[..len];
    page.sort_unstable();
    page.iter().map(|(_, at)| *at).collect()
}

/// A B-tree map or set (or a `serde_json::Map`) of `items`, inserted one at a time. `collect`
/// and `BTreeSet::from` sort the items first, which compiles another copy of the standard sort
/// for each item type; inserting uses the code the map already has.
pub fn insert_all<C: Default + Extend<T>, T>(items: impl IntoIterator<Item = T>) -> C {
    let mut out = C::default();
    out.extend(items);
    out
}

/// For each item, whether it is the first of those equal to it: one sort, where a set filled
/// item by item compiles a B-tree of its own (or moves half a sorted list per item).
pub fn first_of_each<T: Ord>(items: &[T]) -> Vec<bool> {
    let order = sorted_positions(items.len(), &|a, b| items[a].cmp(&items[b]));
    let mut first = vec![false; items.len()];
    for (n, &at) in order.iter().enumerate() {
        // The sort is stable: of equal items, the earliest comes first.
        first[at] = n == 0 || items[order[n - 1]] != items[at];
    }
    first
}

/// The positions `0..len` in the order `cmp` gives them (stable). The only sort compiled.
#[inline(never)]
pub(crate) fn sorted_positions(len: usize, cmp: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    order.sort_by(|&a, &b| cmp(a, b));
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_the_first_of_each_run_of_equal_items_wherever_they_are() {
        let items = ["b", "a", "b", "c", "a", "b"];
        assert_eq!(
            first_of_each(&items),
            [true, true, false, true, false, false]
        );
        assert!(first_of_each::<u8>(&[]).is_empty());
    }

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

    #[test]
    fn a_page_is_what_the_stable_sort_puts_there() {
        // Many equal keys, so the order among equals is tested too.
        let list: Vec<(i64, usize)> = (0..200).map(|i| ((i * 7919) % 13, i as usize)).collect();
        let mut sorted = list.clone();
        sort_by_key_desc(&mut sorted, |p| p.0);
        for range in [
            0..20,
            20..40,
            190..210,
            195..200,
            0..200,
            0..0,
            250..270,
            std::ops::Range { start: 5, end: 3 },
        ] {
            let end = range.end.min(sorted.len());
            let expected = sorted.get(range.start.min(end)..end).unwrap_or_default();
            assert_eq!(
                page_by_key_desc(list.clone(), |p| p.0, range.clone()),
                expected,
                "{range:?}"
            );
        }
        assert!(page_by_key_desc(Vec::<(i64, usize)>::new(), |p| p.0, 0..20).is_empty());
    }
}
