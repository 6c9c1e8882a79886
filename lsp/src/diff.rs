//! The one difference the server computes: between two sequences, the
//! common start and end, so that an answer (a formatting edit, a semantic
//! tokens delta) replaces only what lies between.

/// How many items `old` and `new` share at the start, and how many of the
/// rest at the end.
pub fn common_ends<T: PartialEq>(old: &[T], new: &[T]) -> (usize, usize) {
    let prefix = old.iter().zip(new).take_while(|(a, b)| a == b).count();
    let (old_rest, new_rest) = (
        old.get(prefix..).unwrap_or_default(),
        new.get(prefix..).unwrap_or_default(),
    );
    let suffix = old_rest
        .iter()
        .rev()
        .zip(new_rest.iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    (prefix, suffix)
}

#[cfg(test)]
mod tests {
    use super::common_ends;

    #[test]
    fn ends_never_overlap() {
        assert_eq!(common_ends(&[1, 2, 3], &[1, 2, 3]), (3, 0));
        assert_eq!(common_ends(&[1, 2, 3], &[1, 9, 3]), (1, 1));
        assert_eq!(common_ends(&[1, 1], &[1, 1, 1]), (2, 0));
        assert_eq!(common_ends::<u8>(&[], &[]), (0, 0));
    }
}
