//! Fixed-width counters for the generating-function dynamic programs.
//!
//! A count of coalitions of `n` players is below `2^n`. The dynamic programs add and subtract
//! counts only, so they can run in the ring of integers modulo `2^(64 L)` with `64 L > n`:
//! every intermediate value may wrap, but the final counts, being true integers in
//! `[0, 2^(64 L))`, come out exactly (reduction modulo `2^(64 L)` is a ring homomorphism).
//! This keeps the counters on the stack, `L` machine words each, instead of allocating a
//! big integer per table cell; the results are converted to [`BigUint`] at the end.

use num_bigint::BigUint;

/// A count modulo `2^(64 L)`, least significant word first.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) struct Wide<const L: usize>(pub(crate) [u64; L]);

/// The arithmetic the dynamic programs need.
pub(crate) trait Counter: Copy + Send + Sync + PartialEq + std::fmt::Debug {
    /// Zero.
    const ZERO: Self;
    /// One.
    fn one() -> Self;
    /// `self += other` (wrapping).
    fn add(&mut self, other: &Self);
    /// `self -= other` (wrapping).
    fn sub(&mut self, other: &Self);
    /// `self * k` for a signed machine integer `k` (wrapping).
    fn times(&self, k: i64) -> Self;
    /// The count as a big integer (exact when the true count is below `2^(64 L)`).
    fn to_biguint(&self) -> BigUint;
}

impl<const L: usize> Counter for Wide<L> {
    const ZERO: Self = Wide([0; L]);

    fn one() -> Self {
        let mut w = [0; L];
        w[0] = 1;
        Wide(w)
    }

    #[inline]
    fn add(&mut self, other: &Self) {
        let mut carry = false;
        for k in 0..L {
            let (s, c1) = self.0[k].overflowing_add(other.0[k]);
            let (s, c2) = s.overflowing_add(u64::from(carry));
            self.0[k] = s;
            carry = c1 | c2;
        }
    }

    #[inline]
    fn sub(&mut self, other: &Self) {
        let mut borrow = false;
        for k in 0..L {
            let (s, b1) = self.0[k].overflowing_sub(other.0[k]);
            let (s, b2) = s.overflowing_sub(u64::from(borrow));
            self.0[k] = s;
            borrow = b1 | b2;
        }
    }

    fn times(&self, k: i64) -> Self {
        let m = k.unsigned_abs();
        let mut out = [0u64; L];
        let mut carry: u128 = 0;
        for (o, &x) in out.iter_mut().zip(self.0.iter()) {
            let p = u128::from(x) * u128::from(m) + carry;
            *o = p as u64;
            carry = p >> 64;
        }
        let mut out = Wide(out);
        if k < 0 {
            let mut zero = Self::ZERO;
            zero.sub(&out);
            out = zero;
        }
        out
    }

    fn to_biguint(&self) -> BigUint {
        let digits: Vec<u32> = self
            .0
            .iter()
            .flat_map(|&w| [w as u32, (w >> 32) as u32])
            .collect();
        BigUint::new(digits)
    }
}

/// The widths the programs are compiled for, in words; [`words_for`] picks the smallest that
/// holds counts of `n` players.
pub(crate) const WIDTHS: [usize; 8] = [1, 2, 3, 4, 6, 8, 12, 16];

/// The number of 64-bit words that hold every count of coalitions of `n` players (`2^n`
/// needs `n + 1` bits), or `None` beyond the widest counter (1023 players).
pub(crate) fn words_for(n: usize) -> Option<usize> {
    let needed = (n + 1).div_ceil(64);
    WIDTHS.iter().copied().find(|&w| w >= needed)
}

/// Work generic over the counter type, run by [`dispatch`] at the width chosen at run time.
pub(crate) trait WidthJob {
    /// What the work returns.
    type Out;
    /// Runs the work with counters of type `C`.
    fn run<C: Counter>(self) -> Self::Out;
}

/// Runs `job` with counters of `words` 64-bit words (one of [`WIDTHS`]).
pub(crate) fn dispatch<J: WidthJob>(words: usize, job: J) -> J::Out {
    match words {
        1 => job.run::<Wide<1>>(),
        2 => job.run::<Wide<2>>(),
        3 => job.run::<Wide<3>>(),
        4 => job.run::<Wide<4>>(),
        6 => job.run::<Wide<6>>(),
        8 => job.run::<Wide<8>>(),
        12 => job.run::<Wide<12>>(),
        _ => job.run::<Wide<16>>(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_arithmetic_is_exact_modulo_the_width() {
        let mut a = Wide::<2>([u64::MAX, 0]);
        a.add(&Wide::<2>::one());
        assert_eq!(a.0, [0, 1]);
        a.sub(&Wide::<2>::one());
        assert_eq!(a.0, [u64::MAX, 0]);
        let b = Wide::<2>([3, 0]).times(-2);
        let mut c = b;
        c.add(&Wide::<2>([6, 0]));
        assert_eq!(c, Wide::<2>::ZERO);
        assert_eq!(Wide::<2>([0, 1]).to_biguint(), BigUint::from(1u8) << 64);
        assert_eq!(words_for(63), Some(1));
        assert_eq!(words_for(64), Some(2));
        assert_eq!(words_for(190), Some(3));
        assert_eq!(words_for(2000), None);
    }
}
