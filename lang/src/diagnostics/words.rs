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

/// The help of a misspelling: the suggestion, if there is one, else
/// `otherwise`.
pub fn suggest(suggestion: Option<&str>, otherwise: impl Into<String>) -> String {
    match suggestion {
        Some(s) => did_you_mean_help(s),
        None => otherwise.into(),
    }
}

/// The help that suggests `s` for a misspelling.
pub fn did_you_mean_help(s: &str) -> String {
    format!("did you mean `{s}`?")
}

/// The candidate closest to `wanted`, if it is close enough to be a typo.
pub fn did_you_mean(wanted: &str, candidates: impl IntoIterator<Item = String>) -> Option<String> {
    let len = wanted.chars().count();
    // Nobody mistypes a name this long; and the edit distance's work grows
    // with the product of the lengths.
    if len > MAX_SUGGESTED_LEN {
        return None;
    }
    let limit = (len / 3).clamp(1, 3);
    candidates
        .into_iter()
        // Lengths that differ by more than the limit cannot be within it.
        .filter(|c| !c.is_empty() && c != wanted && c.len().abs_diff(len) <= 4 * limit)
        .filter(|c| c.chars().count().abs_diff(len) <= limit)
        .map(|c| (edit_distance(wanted, &c), c))
        // A suggestion must keep something of what was written.
        .filter(|(d, _)| *d <= limit && *d < wanted.chars().count())
        .min_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(&b.1)))
        .map(|(_, c)| c)
}

/// Longest name for which a closer spelling is looked for.
const MAX_SUGGESTED_LEN: usize = 100;

/// Edit distance counting a swap of neighbours as one edit (`nmae` is one
/// edit from `name`), case-insensitively.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.to_lowercase().chars().collect();
    let b: Vec<char> = b.to_lowercase().chars().collect();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = best;
        }
    }
    d[a.len()][b.len()]
}
