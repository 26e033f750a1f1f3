//! How numbers, fractions and mixed strategies print: the one formatter behind every
//! `Display`, Python `repr`, HTML table and CLI line, so that the same value reads the same
//! everywhere.
//!
//! Rules for a float: `0` for zero (also `-0.0`); six significant digits without trailing
//! zeros for magnitudes in `[1e-4, 1e9)`; otherwise scientific notation with four significant
//! digits (`5.551e-17`, `1e300`); `nan`, `inf`, `-inf`. Exact values print as fractions
//! (`2/7`, `-3`).
//!
//! # Example
//! ```
//! use detente::format;
//!
//! assert_eq!(format::number(2.0 / 3.0), "0.666667");
//! assert_eq!(format::number(-0.0), "0");
//! assert_eq!(format::number(5.551115123125783e-17), "5.551e-17");
//! assert_eq!(format::number(1e300), "1e300");
//! let labels = ["Hold".to_string(), "Fold".to_string()];
//! assert_eq!(format::mixture(&[0.5, 0.5], &labels), "0.5·Hold + 0.5·Fold");
//! assert_eq!(format::mixture(&[0.0, 1.0], &labels), "Fold");
//! ```

use num_rational::BigRational;

/// Significant digits of a float in positional notation.
const DIGITS: i32 = 6;

/// A float as a person would write it (see the [module docs](self) for the rules).
pub fn number(x: f64) -> String {
    if x.is_nan() {
        return "nan".into();
    }
    if x.is_infinite() {
        return if x > 0.0 { "inf" } else { "-inf" }.into();
    }
    if x == 0.0 {
        return "0".into();
    }
    let magnitude = x.abs();
    if (1e-4..1e9).contains(&magnitude) {
        let exponent = magnitude.log10().floor() as i32;
        let decimals = (DIGITS - 1 - exponent).max(0) as usize;
        let text = trim_zeros(format!("{x:.decimals$}"));
        // Rounding can leave "-0" from a tiny negative number: print it as zero.
        return if text == "-0" { "0".into() } else { text };
    }
    let text = format!("{x:.3e}");
    match text.split_once('e') {
        Some((mantissa, exponent)) => format!("{}e{exponent}", trim_zeros(mantissa.into())),
        None => text,
    }
}

/// An exact value: `p/q` in lowest terms, or an integer.
pub fn rational(x: &BigRational) -> String {
    if x.is_integer() {
        x.numer().to_string()
    } else {
        format!("{}/{}", x.numer(), x.denom())
    }
}

/// A mixed strategy in words: `"0.5·Cooperate + 0.5·Arm"`, or the label alone for a pure
/// strategy. Actions played with probability zero are left out.
pub fn mixture(probabilities: &[f64], labels: &[String]) -> String {
    join_terms(
        probabilities
            .iter()
            .zip(labels)
            .filter(|(p, _)| **p > 0.0)
            .map(|(&p, label)| (p == 1.0, number(p), label)),
    )
}

/// [`mixture`] for exact probabilities: `"1/3·Top + 2/3·Bottom"`.
pub fn exact_mixture(probabilities: &[BigRational], labels: &[String]) -> String {
    let one = BigRational::from_integer(1.into());
    let zero = BigRational::from_integer(0.into());
    join_terms(
        probabilities
            .iter()
            .zip(labels)
            .filter(|(p, _)| **p > zero)
            .map(|(p, label)| (*p == one, rational(p), label)),
    )
}

fn join_terms<'a>(terms: impl Iterator<Item = (bool, String, &'a String)>) -> String {
    terms
        .map(|(pure, p, label)| {
            if pure {
                label.clone()
            } else {
                format!("{p}·{label}")
            }
        })
        .collect::<Vec<_>>()
        .join(" + ")
}

fn trim_zeros(text: String) -> String {
    if !text.contains('.') {
        return text;
    }
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_print_with_six_significant_digits() {
        assert_eq!(number(1.0), "1");
        assert_eq!(number(-2.5), "-2.5");
        assert_eq!(number(0.1), "0.1");
        assert_eq!(number(1.0 / 3.0), "0.333333");
        assert_eq!(number(123456.789), "123457");
        assert_eq!(number(123_456_789.0), "123456789");
        assert_eq!(number(0.000123456789), "0.000123457");
        assert_eq!(number(-1e-20), "-1e-20");
        assert_eq!(number(-1e-300 * 1e-10), "-1e-310");
        assert_eq!(number(f64::MAX), "1.798e308");
        assert_eq!(number(f64::NEG_INFINITY), "-inf");
        assert_eq!(number(f64::NAN), "nan");
    }

    #[test]
    fn rationals_print_in_lowest_terms() {
        let r = |p: i64, q: i64| BigRational::new(p.into(), q.into());
        assert_eq!(rational(&r(4, 14)), "2/7");
        assert_eq!(rational(&r(-6, 2)), "-3");
        let labels = vec!["T".to_string(), "M".to_string(), "B".to_string()];
        assert_eq!(
            exact_mixture(&[r(1, 3), r(0, 1), r(2, 3)], &labels),
            "1/3·T + 2/3·B"
        );
        assert_eq!(exact_mixture(&[r(0, 1), r(1, 1), r(0, 1)], &labels), "M");
    }
}
