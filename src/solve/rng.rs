//! A tiny deterministic generator (splitmix64) for reproducible random starts.

/// Splitmix64 (Steele, Lea & Flood 2014): a 64-bit state, one multiply-xorshift per draw.
pub(crate) struct SplitMix64(u64);

impl SplitMix64 {
    /// A generator for the `stream`-th task of a computation seeded with `seed`, so results
    /// do not depend on how tasks are spread over threads.
    pub(crate) fn new(seed: u64, stream: u64) -> Self {
        let mut g = Self(seed ^ 0x9E37_79B9_7F4A_7C15);
        g.0 =
            g.0.wrapping_add(g.next_u64() ^ stream.wrapping_mul(0xD1B5_4A32_D192_ED03));
        g
    }

    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `(0, 1]`.
    pub(crate) fn next_f64(&mut self) -> f64 {
        ((self.next_u64() >> 11) + 1) as f64 / (1u64 << 53) as f64
    }
}
