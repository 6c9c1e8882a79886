//! A small deterministic generator shared by the generated tests.

/// A small deterministic generator (SplitMix64): the same seed gives the
/// same cases on every machine.
pub struct Rng(pub u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n`.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    pub fn range(&mut self, low: i64, high: i64) -> i64 {
        low + self.below((high - low + 1) as usize) as i64
    }

    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    pub fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }

    /// A sample: one of the refused ones (`Some` reason) one time in ten.
    pub fn sample(
        &mut self,
        items: &[(&'static str, Option<&'static str>)],
    ) -> (&'static str, Option<&'static str>) {
        let refused = self.chance(10);
        let fitting: Vec<_> = items
            .iter()
            .copied()
            .filter(|(_, r)| r.is_some() == refused)
            .collect();
        self.pick(&fitting)
    }

    /// A non-empty subset of `items`, in their order.
    pub fn subset(&mut self, items: &[&'static str]) -> Vec<&'static str> {
        loop {
            let chosen: Vec<_> = items.iter().copied().filter(|_| self.chance(50)).collect();
            if !chosen.is_empty() {
                return chosen;
            }
        }
    }
}
