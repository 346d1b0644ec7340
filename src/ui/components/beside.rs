//! Where a floating button goes beside a control without covering anything a user reads or
//! clicks: the demo's "Do it for me" next to the highlighted control in its pane.
//!
//! Places are tried in order (right of the control, left, above, below, and inside the right
//! end of a text field); the first that stays inside the pane and overlaps nothing is taken,
//! else the one that overlaps least. What counts as something: other controls and links,
//! legends and headings, a table's column titles, a fieldset's top edge, and the text of a
//! label around the control.

use wasm_bindgen::JsCast;

/// A box in the pane body's scrolled coordinates.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Area {
    top: f64,
    left: f64,
    width: f64,
    height: f64,
}

impl Area {
    fn of(element: &web_sys::Element, frame: &Area) -> Area {
        let rect = element.get_bounding_client_rect();
        Area {
            top: rect.top() - frame.top,
            left: rect.left() - frame.left,
            width: rect.width(),
            height: rect.height(),
        }
    }

    fn overlap(&self, other: &Area) -> f64 {
        let w = (self.left + self.width).min(other.left + other.width) - self.left.max(other.left);
        let h = (self.top + self.height).min(other.top + other.height) - self.top.max(other.top);
        if w > 0.0 && h > 0.0 {
            w * h
        } else {
            0.0
        }
    }
}

/// What the button must keep clear of: controls, headings, and a table's cells (the text a
/// presenter is pointing at, such as what a bridge shares, beside its Activate button).
const OBSTACLES: &str =
    "button, a, input, select, textarea, legend, h2, h3, h4, th, td, fieldset, .flash";

/// The top-left corner, in `body`'s scrolled content, for a `width` × `height` button beside
/// `control`.
pub fn place(
    body: &web_sys::Element,
    control: &web_sys::Element,
    width: f64,
    height: f64,
    gap: f64,
) -> (f64, f64) {
    let frame = body.get_bounding_client_rect();
    // Content coordinates: the pane's scroll offset added back.
    let frame = Area {
        top: frame.top() - f64::from(body.scroll_top()),
        left: frame.left() - f64::from(body.scroll_left()),
        width: frame.width(),
        height: frame.height(),
    };
    let at = Area::of(control, &frame);
    let room = f64::from(body.client_width());
    let sized = |top: f64, left: f64| Area {
        top,
        left,
        width,
        height,
    };
    let right_aligned = (at.left + at.width - width).clamp(0.0, (room - width).max(0.0));
    let mut candidates = vec![
        sized(at.top, at.left + at.width + gap),
        sized(at.top, at.left - gap - width),
        sized(at.top - gap - height, right_aligned),
        sized(at.top + at.height + gap, right_aligned),
    ];
    let tag = control.tag_name().to_ascii_lowercase();
    if tag == "textarea" || (tag == "input" && at.width >= 2.0 * width) {
        candidates.push(sized(
            at.top + (at.height - height) / 2.0,
            at.left + at.width - width - gap / 2.0,
        ));
    }
    let obstacles = obstacles(body, control, &frame, &at);
    let inside = |a: &Area| a.left >= 0.0 && a.left + a.width <= room && a.top >= 0.0;
    let covered = |a: &Area| obstacles.iter().map(|o| a.overlap(o)).sum::<f64>();
    let best = candidates
        .iter()
        .filter(|a| inside(a))
        .map(|a| (covered(a), a))
        .fold(None::<(f64, &Area)>, |best, (cost, a)| match best {
            Some((least, _)) if least <= cost => best,
            _ => Some((cost, a)),
        })
        .map(|(_, a)| *a)
        .unwrap_or(candidates[3]);
    (best.top, best.left)
}

/// A column heading with nothing on screen: empty, or only the words a screen reader gets
/// (`.visually-hidden`, as over a column of buttons).
fn shows_no_text(th: &web_sys::Element) -> bool {
    let text = th.text_content().unwrap_or_default();
    let hidden = th
        .query_selector(".visually-hidden")
        .ok()
        .flatten()
        .and_then(|span| span.text_content())
        .unwrap_or_default();
    text.trim() == hidden.trim()
}

/// What the button must not cover, near the control.
fn obstacles(
    body: &web_sys::Element,
    control: &web_sys::Element,
    frame: &Area,
    at: &Area,
) -> Vec<Area> {
    let mut found = Vec::new();
    let Ok(list) = body.query_selector_all(OBSTACLES) else {
        return found;
    };
    for i in 0..list.length() {
        let Some(element) = list
            .item(i)
            .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
        else {
            continue;
        };
        let mut area = Area::of(&element, frame);
        let tag = element.tag_name().to_ascii_lowercase();
        // A fieldset, even around the control, has a top edge and legend to keep clear.
        if tag == "fieldset" {
            area.height = 18.0_f64.min(area.height);
        } else if element.is_same_node(Some(control))
            || element.contains(Some(control))
            || element.matches(".do-it-here").unwrap_or(false)
            || (tag == "th" && shows_no_text(&element))
        {
            continue;
        }
        if area.width > 0.0 && area.height > 0.0 {
            found.push(area);
        }
    }
    // The words of a label wrapped around the control: the part of the label above it.
    if let Ok(Some(label)) = control.closest("label") {
        let area = Area::of(&label, frame);
        if at.top > area.top {
            found.push(Area {
                height: at.top - area.top,
                ..area
            });
        }
    }
    found
}
