//! The event log: every kept event, oldest first, read from storage only when first needed.
//!
//! At 20,000 events, reading every stored chunk at startup (unpacking it, parsing its events,
//! checking each payload) was about a third of what a busy playground's startup cost over an
//! empty one's, for a screen that shows eight events (docs/performance.md). A log read from
//! storage keeps each stored chunk as its packed text and reads it the first time something
//! looks at its events; new events are appended to a part that is already read. A stored chunk
//! that turns out to be damaged reads as no events, and [`EventLog::check`] names it: the store
//! checks the whole log once the first screen is shown.

use super::event::{read_chunk, stored_chunk, Event, StoredChunk};
use crate::time::Timestamp;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::rc::Rc;
use std::sync::{Arc, OnceLock};

/// Events in parts: one per stored chunk read lazily, and read parts.
#[derive(Clone, Default)]
pub struct EventLog {
    parts: Vec<Part>,
    len: usize,
}

#[derive(Clone)]
struct Part {
    /// How many events it holds (for a stored chunk not read yet: how many it was saved with).
    len: usize,
    events: OnceLock<Result<Vec<Event>, String>>,
    /// The stored chunk it reads from, until it is changed.
    stored: Option<Stored>,
    /// The time of its newest event, as saved beside the stored chunk (checked when it is
    /// read), so that finding the newest events can pass over it unread.
    latest: Option<Timestamp>,
}

#[derive(Clone)]
struct Stored {
    /// The record's key, for errors.
    key: Box<str>,
    text: Text,
}

#[derive(Clone)]
enum Text {
    /// Held here, as the chunk its payloads will point into.
    Here(Arc<StoredChunk>),
    Later(Rc<dyn Fn() -> Option<String>>),
}

/// A stored event chunk's packed text: read already, or left where the store keeps it (the
/// browser's storage) and read when the chunk is, so that a load does not copy it into this
/// program's memory. `Later` gives `None` if it cannot.
#[derive(Clone)]
pub enum ChunkText {
    Packed(String),
    Later(Rc<dyn Fn() -> Option<String>>),
}

impl Part {
    fn read(events: Vec<Event>) -> Part {
        Part {
            len: events.len(),
            events: OnceLock::from(Ok(events)),
            stored: None,
            latest: None,
        }
    }

    fn load(&self) -> Result<Vec<Event>, String> {
        let Some(stored) = &self.stored else {
            return Ok(Vec::new());
        };
        let chunk = match &stored.text {
            Text::Here(chunk) => chunk.clone(),
            Text::Later(read) => stored_chunk(read().ok_or_else(|| {
                format!("record `{}` could not be read from storage", stored.key)
            })?),
        };
        let events = read_chunk(&chunk).map_err(|why| format!("record `{}`: {why}", stored.key))?;
        if events.len() != self.len {
            return Err(format!(
                "record `{}` holds {} events where {} were saved in it",
                stored.key,
                events.len(),
                self.len
            ));
        }
        if self.latest.is_some() && events.iter().map(|e| e.at).max() != self.latest {
            return Err(format!(
                "record `{}`: its newest event is not at the time the `meta` record gives",
                stored.key
            ));
        }
        Ok(events)
    }

    fn result(&self) -> &Result<Vec<Event>, String> {
        self.events.get_or_init(|| self.load())
    }

    /// Its events; none if its stored chunk is damaged.
    fn events(&self) -> &[Event] {
        self.result().as_deref().unwrap_or_default()
    }

    /// Changes its events (reading them first), after which it no longer reads from storage.
    /// Only for a part that reads: a damaged one would become an empty one.
    fn change(&mut self, change: impl FnOnce(&mut Vec<Event>)) {
        let mut events = match self.events.take() {
            Some(read) => read.unwrap_or_default(),
            None => self.load().unwrap_or_default(),
        };
        change(&mut events);
        *self = Part::read(events);
    }
}

impl EventLog {
    /// How many events the log holds (without reading any stored chunk).
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Adds the stored chunk `key` of `len` events, kept as its packed `text` until first
    /// read; `latest` is the time of its newest event, if it was saved.
    pub fn push_stored(
        &mut self,
        key: &str,
        text: ChunkText,
        len: usize,
        latest: Option<Timestamp>,
    ) {
        self.parts.push(Part {
            len,
            events: OnceLock::new(),
            stored: Some(Stored {
                key: key.into(),
                text: match text {
                    ChunkText::Packed(packed) => Text::Here(stored_chunk(packed)),
                    ChunkText::Later(read) => Text::Later(read),
                },
            }),
            latest,
        });
        self.len = self.len.saturating_add(len);
    }

    pub fn push(&mut self, event: Event) {
        match self.parts.last_mut() {
            Some(last) if last.stored.is_none() => last.change(|events| events.push(event)),
            _ => self.parts.push(Part::read(vec![event])),
        }
        self.len = self.len.saturating_add(1);
    }

    /// The part that holds position `at` and `at`'s place in it; past the end, the number of
    /// parts and how far past.
    fn locate(&self, at: usize) -> (usize, usize) {
        let mut skip = at;
        for (i, part) in self.parts.iter().enumerate() {
            if skip < part.len {
                return (i, skip);
            }
            skip -= part.len;
        }
        (self.parts.len(), skip)
    }

    /// The parts from the one that holds position `at`, and `at`'s place in the first.
    fn parts_from(&self, at: usize) -> (&[Part], usize) {
        let (first, skip) = self.locate(at);
        (self.parts.get(first..).unwrap_or_default(), skip)
    }

    /// Lets the `n` oldest events go.
    pub fn drop_oldest(&mut self, n: usize) {
        let (whole, left) = self.locate(n.min(self.len));
        self.parts.drain(..whole);
        if left > 0 {
            if let Some(first) = self.parts.first_mut() {
                if first.result().is_err() {
                    // Still damaged, and still said to be: only fewer of its events are kept.
                    first.len -= left.min(first.len);
                    first.latest = None;
                } else {
                    first.change(|events| {
                        events.drain(..left.min(events.len()));
                    });
                }
            }
        }
        self.len = self.parts.iter().map(|part| part.len).sum();
    }

    /// Every event, oldest first.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &Event> + '_ {
        self.parts.iter().flat_map(Part::events)
    }

    /// The events at positions `start..` (oldest first), reading no stored chunk before them.
    pub fn iter_from(&self, start: usize) -> impl Iterator<Item = &Event> + '_ {
        let (parts, skip) = self.parts_from(start);
        parts.iter().flat_map(Part::events).skip(skip)
    }

    /// The time of the newest of the `len` events from position `start`: for a stored chunk not
    /// read yet, the time saved beside it.
    pub fn latest_in(&self, start: usize, len: usize) -> Option<Timestamp> {
        if let ([part, ..], 0) = self.parts_from(start) {
            if part.len == len && part.latest.is_some() {
                return part.latest;
            }
        }
        self.iter_from(start).take(len).map(|e| e.at).max()
    }

    /// The `n` newest events that `keep` keeps, newest first (of two at the same time, the one
    /// logged later). Stored chunks whose newest event is older than all `n` are not read.
    pub fn newest(&self, n: usize, keep: impl Fn(&Event) -> bool) -> Vec<&Event> {
        let mut top: Vec<&Event> = Vec::with_capacity(n + 1);
        for part in self.parts.iter().rev() {
            let full_and_newer = top
                .get(n.wrapping_sub(1))
                .zip(part.latest)
                .is_some_and(|(last, latest)| latest <= last.at);
            if full_and_newer {
                continue;
            }
            for event in part.events().iter().rev().filter(|e| keep(e)) {
                // After every kept event as new as this one: it was logged before them.
                let at = top.partition_point(|kept| kept.at >= event.at);
                if at < n {
                    top.insert(at, event);
                    top.truncate(n);
                }
            }
        }
        top
    }

    /// The `len` events from position `start`, or why a stored chunk among them cannot be
    /// read: what a save writes, so that it never writes a damaged chunk's events as none.
    pub fn range(&self, start: usize, len: usize) -> Result<Vec<&Event>, String> {
        let (parts, mut skip) = self.parts_from(start);
        let mut left = len;
        for part in parts {
            if left == 0 {
                break;
            }
            if let Err(why) = part.result() {
                return Err(why.clone());
            }
            left = left.saturating_sub(part.len.saturating_sub(skip));
            skip = 0;
        }
        Ok(self.iter_from(start).take(len).collect())
    }

    /// The event at position `i`, oldest first.
    pub fn get(&self, i: usize) -> Option<&Event> {
        self.iter_from(i).next()
    }

    /// Reads every stored chunk not read yet; the first damaged one, by its record and why.
    pub fn check(&self) -> Result<(), String> {
        for part in &self.parts {
            if let Err(why) = part.result() {
                return Err(why.clone());
            }
        }
        Ok(())
    }

    /// Whether some stored chunk has not been read yet.
    pub fn unread(&self) -> bool {
        self.parts.iter().any(|part| part.events.get().is_none())
    }
}

impl From<Vec<Event>> for EventLog {
    fn from(events: Vec<Event>) -> EventLog {
        let len = events.len();
        let parts = if events.is_empty() {
            Vec::new()
        } else {
            vec![Part::read(events)]
        };
        EventLog { parts, len }
    }
}

impl FromIterator<Event> for EventLog {
    fn from_iter<I: IntoIterator<Item = Event>>(events: I) -> EventLog {
        EventLog::from(events.into_iter().collect::<Vec<_>>())
    }
}

impl Extend<Event> for EventLog {
    fn extend<I: IntoIterator<Item = Event>>(&mut self, events: I) {
        for event in events {
            self.push(event);
        }
    }
}

impl<'a> IntoIterator for &'a EventLog {
    type Item = &'a Event;
    type IntoIter = Box<dyn DoubleEndedIterator<Item = &'a Event> + 'a>;

    fn into_iter(self) -> Self::IntoIter {
        Box::new(self.iter())
    }
}

impl PartialEq for EventLog {
    fn eq(&self, other: &EventLog) -> bool {
        self.len == other.len && self.iter().eq(other.iter())
    }
}

impl Eq for EventLog {}

impl fmt::Debug for EventLog {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// Written as the list of its events; a damaged stored chunk is an error, not a shorter list.
impl Serialize for EventLog {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.check().map_err(serde::ser::Error::custom)?;
        serializer.collect_seq(self.iter())
    }
}

impl<'de> Deserialize<'de> for EventLog {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<EventLog, D::Error> {
        Vec::<Event>::deserialize(deserializer).map(EventLog::from)
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::ids::Id;
    use crate::model::EventType;
    use proptest::prelude::*;

    fn event(i: usize, at: i64) -> Event {
        Event {
            id: Id::parse(&format!("evt_{i:032}")),
            org_id: Id::parse(&format!("org_{:032}", i % 3)),
            event_type: EventType::InquiryCreated,
            at: Timestamp(at),
            actor_org_id: None,
            object_id: Id::parse(&format!("inq_{i:032}")),
            payload: None,
        }
    }

    /// A log of `events` as a load makes it: stored chunks of up to 100, unread, each with its
    /// newest time.
    fn stored(events: &[Event]) -> EventLog {
        let mut log = EventLog::default();
        for (n, chunk) in events.chunks(100).enumerate() {
            let json = serde_json::to_string(chunk).unwrap_or_default();
            let latest = chunk.iter().map(|e| e.at).max();
            log.push_stored(
                &format!("events.{n}"),
                ChunkText::Packed(crate::pack::pack(&json)),
                chunk.len(),
                latest,
            );
        }
        log
    }

    /// The `n` newest events of the org ending in 1, by sorting the whole list: of two at the
    /// same time, the one logged later first.
    fn newest_in(list: &[Event], n: usize) -> Vec<Event> {
        let mut expected: Vec<&Event> = list
            .iter()
            .rev()
            .filter(|e| e.org_id.as_str().ends_with('1'))
            .collect();
        expected.sort_by_key(|e| std::cmp::Reverse(e.at));
        expected.into_iter().take(n).cloned().collect()
    }

    fn newest_cloned(log: &EventLog, n: usize) -> Vec<Event> {
        log.newest(n, |e| e.org_id.as_str().ends_with('1'))
            .into_iter()
            .cloned()
            .collect()
    }

    proptest! {
        /// Whatever is read, appended or let go, a log read from storage answers as the list
        /// of its events does, and reads no chunk the newest events cannot be in.
        #[test]
        fn a_stored_log_answers_as_its_list_of_events(
            times in proptest::collection::vec(0i64..50, 0..450),
            added in 0usize..150,
            dropped in 0usize..300,
            start in 0usize..500,
            n in 0usize..10,
        ) {
            let mut list: Vec<Event> =
                times.iter().enumerate().map(|(i, at)| event(i, *at)).collect();
            let mut log = stored(&list);
            prop_assert_eq!(log.len(), list.len());
            let org_1 = |e: &Event| e.org_id.as_str().ends_with('1');
            prop_assert_eq!(newest_cloned(&log, n), newest_in(&list, n));
            for i in 0..added {
                let e = event(1_000 + i, 25);
                list.push(e.clone());
                log.push(e);
            }
            let dropped = dropped.min(list.len());
            list.drain(..dropped);
            log.drop_oldest(dropped);
            prop_assert_eq!(log.len(), list.len());
            prop_assert_eq!(log.get(start), list.get(start));
            prop_assert!(log.iter_from(start).eq(list.iter().skip(start)));
            prop_assert!(log.iter().rev().eq(list.iter().rev()));
            prop_assert_eq!(newest_cloned(&log, n), newest_in(&list, n));
            prop_assert!(log.newest(n, org_1).iter().all(|e| org_1(e)));
            prop_assert_eq!(log.check(), Ok(()));
            prop_assert_eq!(log, EventLog::from(list));
        }
    }

    /// Letting go of part of a damaged chunk (after an unaligned trim) keeps it damaged: it is
    /// still found, and the events after it keep their places.
    #[test]
    fn a_damaged_chunk_partly_let_go_is_still_damaged() {
        let list: Vec<Event> = (0..250).map(|i| event(i, i as i64)).collect();
        let mut log = EventLog::default();
        let json = |events: &[Event]| {
            crate::pack::pack(&serde_json::to_string(events).unwrap_or_default())
        };
        log.push_stored("events.1", ChunkText::Packed(json(&list[..50])), 50, None);
        log.push_stored(
            "events.2",
            ChunkText::Packed(crate::pack::pack("[]")),
            100,
            None,
        );
        // Left where it is stored until read.
        let later = json(&list[150..]);
        log.push_stored(
            "events.3",
            ChunkText::Later(Rc::new(move || Some(later.clone()))),
            100,
            None,
        );
        log.drop_oldest(100);
        assert_eq!(log.len(), 150);
        assert!(log.check().is_err_and(|why| why.contains("events.2")));
        assert!(log.range(0, 50).is_err());
        assert_eq!(log.get(50).map(|e| e.at), Some(Timestamp(150)));
    }

    #[test]
    fn a_chunk_whose_text_cannot_be_read_from_storage_is_damaged() {
        let mut log = EventLog::default();
        log.push_stored("events.4", ChunkText::Later(Rc::new(|| None)), 100, None);
        assert_eq!(log.len(), 100);
        assert_eq!(log.iter().count(), 0);
        assert_eq!(
            log.check(),
            Err("record `events.4` could not be read from storage".to_string())
        );
    }

    #[test]
    fn the_newest_events_leave_older_chunks_unread() {
        // Times rise with the log: the newest 8 are in the last chunk.
        let list: Vec<Event> = (0..1_000).map(|i| event(i, i as i64)).collect();
        let log = stored(&list);
        let newest = log.newest(8, |_| true);
        assert_eq!(newest.first().map(|e| e.at), Some(Timestamp(999)));
        let read = log
            .parts
            .iter()
            .filter(|p| p.events.get().is_some())
            .count();
        assert_eq!(read, 1, "only the newest chunk is read");
        assert!(log.unread());
    }
}
