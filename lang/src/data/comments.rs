//! The comments of a YAML text, by what they stand above: a block of
//! comment lines directly above a key or a list item belongs to it, so
//! `floe import` can write it above the same field in Floe.

use std::collections::HashSet;
use std::sync::Arc;

/// One step of a path into YAML data.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Segment {
    /// A mapping's key.
    Key(Arc<str>),
    /// A sequence's item, or a document of a stream.
    Index(usize),
}

/// Where a node is while walking the events.
enum Frame {
    Map {
        key: Option<Arc<str>>,
        expect_key: bool,
    },
    Seq {
        next: usize,
    },
}

/// The comment blocks of `text` (each line without its `#` and one space)
/// with the path of the key or item below them, the document's index
/// first. Text that does not parse gives what was found before the error.
pub fn yaml_comments(text: &str) -> Vec<(Vec<Segment>, Vec<String>)> {
    use saphyr_parser::{Event, Parser};
    let lines: Vec<&str> = text.lines().collect();
    let mut claimed: HashSet<usize> = HashSet::new();
    let mut out = Vec::new();
    let mut frames: Vec<Frame> = Vec::new();
    let mut path: Vec<Segment> = Vec::new();
    let mut document = 0;
    for event in Parser::new_from_str(text) {
        let Ok((event, span)) = event else { break };
        let start = matches!(
            event,
            Event::Scalar(..)
                | Event::SequenceStart(..)
                | Event::MappingStart(..)
                | Event::Alias(..)
        );
        if let Event::DocumentStart(..) = event {
            path = vec![Segment::Index(document)];
            document += 1;
            continue;
        }
        if start {
            // What this node is to its parent, and whether a comment above
            // it is worth keeping (keys and list items).
            let target = match frames.last_mut() {
                Some(Frame::Map {
                    expect_key: true,
                    key,
                }) => {
                    let name: Arc<str> = match &event {
                        Event::Scalar(value, ..) => Arc::from(value.as_ref()),
                        _ => Arc::from(""),
                    };
                    *key = Some(name.clone());
                    Some(Segment::Key(name))
                }
                Some(Frame::Seq { next }) => Some(Segment::Index(*next)),
                _ => None,
            };
            if let Some(segment) = &target {
                let mut block = Vec::new();
                let mut line = span.start.line().saturating_sub(1);
                while line > 0 {
                    let Some(text) = lines.get(line - 1) else {
                        break;
                    };
                    let trimmed = text.trim_start();
                    if !trimmed.starts_with('#') || claimed.contains(&line) {
                        break;
                    }
                    block.push(
                        trimmed
                            .trim_start_matches('#')
                            .strip_prefix(' ')
                            .unwrap_or(trimmed.trim_start_matches('#'))
                            .trim_end()
                            .to_string(),
                    );
                    claimed.insert(line);
                    line -= 1;
                }
                if !block.is_empty() {
                    block.reverse();
                    let mut at = path.clone();
                    at.push(segment.clone());
                    out.push((at, block));
                }
            }
        }
        match event {
            Event::Scalar(..) | Event::Alias(..) => finish_node(&mut frames),
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                if let Some(segment) = value_segment(&frames) {
                    path.push(segment);
                }
                frames.push(match event {
                    Event::MappingStart(..) => Frame::Map {
                        key: None,
                        expect_key: true,
                    },
                    _ => Frame::Seq { next: 0 },
                });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                frames.pop();
                if value_segment(&frames).is_some() {
                    path.pop();
                }
                finish_node(&mut frames);
            }
            _ => {}
        }
    }
    out
}

/// The segment of the value about to start under the innermost frame.
fn value_segment(frames: &[Frame]) -> Option<Segment> {
    match frames.last()? {
        Frame::Map {
            key: Some(key),
            expect_key: false,
        } => Some(Segment::Key(key.clone())),
        Frame::Map { .. } => None,
        Frame::Seq { next } => Some(Segment::Index(*next)),
    }
}

/// A node under the innermost frame is complete: a mapping goes from key
/// to value and back, a sequence to its next item.
fn finish_node(frames: &mut [Frame]) {
    match frames.last_mut() {
        Some(Frame::Map { expect_key, .. }) => *expect_key = !*expect_key,
        Some(Frame::Seq { next }) => *next += 1,
        None => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(k: &str) -> Segment {
        Segment::Key(Arc::from(k))
    }

    #[test]
    fn comments_belong_to_the_key_or_item_below() {
        let text = "# The head.\na: 1\nb:\n  # About c.\n  # Two lines.\n  c: 2\n  list:\n    # First.\n    - x: 1\n    - 2\n";
        let found = yaml_comments(text);
        assert_eq!(
            found,
            vec![
                (
                    vec![Segment::Index(0), key("a")],
                    vec!["The head.".to_string()]
                ),
                (
                    vec![Segment::Index(0), key("b"), key("c")],
                    vec!["About c.".to_string(), "Two lines.".to_string()]
                ),
                (
                    vec![Segment::Index(0), key("b"), key("list"), Segment::Index(0)],
                    vec!["First.".to_string()]
                ),
            ]
        );
    }
}
