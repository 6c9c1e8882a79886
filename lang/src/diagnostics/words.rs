//! Wording shared by every phase's messages: counts, short lists, sizes,
//! numbers as Floe writes them. It sits with the diagnostics, below the
//! checker and the evaluator, which both word the same things.

/// `1 field`, `3 fields`: a count with its noun.
pub fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// A short list of names for a message.
pub fn preview(names: &[String]) -> String {
    let shown: Vec<String> = names.iter().take(8).map(|n| format!("`{n}`")).collect();
    if names.len() > 8 {
        format!("{}, … ({} in all)", shown.join(", "), names.len())
    } else {
        shown.join(", ")
    }
}

/// Formats a float so that it reads back as a float (`1.0`, not `1`).
pub fn float_text(x: f64) -> String {
    if x.is_finite() && x == x.trunc() && x.abs() < 1e16 {
        format!("{x:.1}")
    } else {
        format!("{x}")
    }
}

/// Cuts a type's text to a length that reads well in a message.
pub fn shorten(text: String) -> String {
    const MAX: usize = 120;
    if text.chars().count() <= MAX {
        return text;
    }
    let cut: String = text.chars().take(MAX).collect();
    format!("{cut}…")
}

/// Enum tags as written, at most eight of them.
pub fn tag_list<'a>(tags: impl Iterator<Item = &'a str>, sep: &str) -> String {
    let tags: Vec<&str> = tags.collect();
    let mut shown: Vec<String> = tags.iter().take(8).map(|t| format!("{t:?}")).collect();
    if tags.len() > 8 {
        shown.push("…".to_string());
    }
    shown.join(sep)
}

/// A byte count for people: `512 bytes`, `3.0 KiB`, `1.5 GiB`.
pub fn size_text(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["KiB", "MiB", "GiB", "TiB"];
    if bytes < 1024 {
        return format!("{bytes} bytes");
    }
    let mut value = bytes as f64 / 1024.0;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    format!("{value:.1} {}", UNITS.get(unit).copied().unwrap_or("TiB"))
}
