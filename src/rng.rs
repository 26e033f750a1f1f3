//! The crate's one random generator: splitmix64 (Steele, Lea & Flood 2014), for reproducible
//! random starts. Each task of a parallel computation gets its own stream, derived from
//! `(seed, task index)`, so results do not depend on how tasks are spread over threads.

/// A 64-bit splitmix generator; tiny, fast, and good enough to draw starting points.
pub(crate) struct SplitMix64(u64);

impl SplitMix64 {
    const GAMMA: u64 = 0x9E37_79B9_7F4A_7C15;

    /// The generator of task `stream` of a computation seeded with `seed`: seeded by output
    /// `stream` of the stream of `seed`.
    pub(crate) fn for_stream(seed: u64, stream: u64) -> Self {
        let mut base = Self(seed.wrapping_add(stream.wrapping_mul(Self::GAMMA)));
        Self(base.next_u64())
    }

    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(Self::GAMMA);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in the open interval (0, 1).
    pub(crate) fn open01(&mut self) -> f64 {
        ((self.next_u64() >> 11) as f64 + 0.5) / (1u64 << 53) as f64
    }

    /// Uniform in `0..n` (`n >= 1`; the modulo bias is below 2^-40 for any game that fits in
    /// memory).
    pub(crate) fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// A uniform point of the `n`-simplex (normalised exponentials: Dirichlet(1, …, 1)), every
    /// entry positive.
    pub(crate) fn simplex(&mut self, n: usize) -> Vec<f64> {
        let w: Vec<f64> = (0..n).map(|_| -self.open01().ln()).collect();
        let sum: f64 = w.iter().sum();
        w.iter().map(|x| x / sum).collect()
    }
}
