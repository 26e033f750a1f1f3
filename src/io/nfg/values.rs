//! Single tokens turned into values: payoffs, strategy counts, and unique action labels.

use std::collections::{HashMap, HashSet};

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{ToPrimitive, Zero};

/// A positive strategy count.
pub(super) fn strategy_count(w: &str) -> std::result::Result<usize, String> {
    let digits = w.strip_prefix('+').unwrap_or(w);
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        match digits.parse::<usize>() {
            Ok(0) => Err("a player needs at least one strategy, found the count `0`".into()),
            Ok(k) => Ok(k),
            Err(_) => Err(format!("the strategy count `{w}` is too large")),
        }
    } else {
        Err(format!(
            "expected a strategy count (a positive integer), found `{w}`"
        ))
    }
}

/// A payoff read exactly: its nearest `f64`, and its exact value when that float is not it.
pub(super) type Number = (f64, Option<BigRational>);

/// The largest decimal exponent read exactly; far beyond the `f64` range.
const MAX_EXPONENT: i64 = 1000;

/// The most digits a payoff may have (far more than an `f64` holds), so that reading one
/// token exactly stays cheap.
const MAX_DIGITS: usize = 1000;

/// A payoff: an integer, a decimal (`-1.5`, `.5`, `1e-3`) or a fraction of integers (`5/2`),
/// finite as a 64-bit float, read exactly: `0.1` is 1/10 and `2/7` is 2/7.
pub(super) fn number(w: &str) -> std::result::Result<Number, String> {
    // Fast path: an integer of at most 15 digits is exactly its float.
    if is_integer(w) && w.trim_start_matches(['+', '-']).len() <= 15 {
        return w
            .strip_prefix('+')
            .unwrap_or(w)
            .parse::<i64>()
            .map(|k| (k as f64, None))
            .map_err(|_| format!("malformed integer `{w}`"));
    }
    if w.len() > MAX_DIGITS + 8 {
        return Err(format!(
            "the number `{}…` has more than {MAX_DIGITS} digits; write payoffs with fewer",
            &w[..w.char_indices().nth(20).map_or(w.len(), |(i, _)| i)]
        ));
    }
    let exact = match w.split_once('/') {
        Some((num, den)) if is_integer(num) && is_digits(den) => {
            let den: BigInt = den
                .parse()
                .map_err(|_| format!("malformed fraction `{w}`"))?;
            if den.is_zero() {
                return Err(format!("the fraction `{w}` divides by zero"));
            }
            let num: BigInt = num
                .strip_prefix('+')
                .unwrap_or(num)
                .parse()
                .map_err(|_| format!("malformed fraction `{w}`"))?;
            BigRational::new(num, den)
        }
        None if is_decimal(w) => decimal(w)?,
        _ => {
            let unsigned = w.trim_start_matches(['+', '-']).to_ascii_lowercase();
            return Err(if ["nan", "inf", "infinity"].contains(&unsigned.as_str()) {
                format!("payoffs must be finite numbers, found `{w}`")
            } else {
                format!(
                    "expected a number (an integer, a decimal or a fraction like 5/2), found `{w}`"
                )
            });
        }
    };
    let value = exact.to_f64().unwrap_or(f64::NAN);
    if !value.is_finite() {
        return Err(format!(
            "the number `{w}` is out of range for a 64-bit float; payoffs must be finite"
        ));
    }
    let is_float = BigRational::from_float(value).is_some_and(|f| f == exact);
    Ok((value, (!is_float).then_some(exact)))
}

/// The exact value of a token that [`is_decimal`] accepted.
fn decimal(w: &str) -> std::result::Result<BigRational, String> {
    let (negative, s) = match w.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, w.strip_prefix('+').unwrap_or(w)),
    };
    let (mantissa, exponent) = match s.split_once(['e', 'E']) {
        Some((m, e)) => (m, e.strip_prefix('+').unwrap_or(e)),
        None => (s, "0"),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits: BigInt = format!("0{int}{frac}")
        .parse()
        .map_err(|_| format!("malformed number `{w}`"))?;
    if digits.is_zero() {
        return Ok(BigRational::zero());
    }
    let exponent = exponent
        .parse::<i64>()
        .ok()
        .filter(|e| e.abs() <= MAX_EXPONENT)
        .ok_or_else(|| {
            format!(
                "the exponent of `{w}` is beyond ±{MAX_EXPONENT}, far outside the range of a \
                 64-bit float; payoffs must be finite, non-negligible numbers"
            )
        })?
        - i64::try_from(frac.len()).unwrap_or(i64::MAX);
    let power = BigInt::from(10).pow(u32::try_from(exponent.unsigned_abs()).unwrap_or(u32::MAX));
    let magnitude = if exponent >= 0 {
        BigRational::from_integer(digits * power)
    } else {
        BigRational::new(digits, power)
    };
    Ok(if negative { -magnitude } else { magnitude })
}

fn is_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// An optionally signed run of digits.
fn is_integer(s: &str) -> bool {
    is_digits(s.strip_prefix(['+', '-']).unwrap_or(s))
}

/// `[+-] digits [. digits] [(e|E) [+-] digits]`, with at least one mantissa digit.
fn is_decimal(s: &str) -> bool {
    let s = s.strip_prefix(['+', '-']).unwrap_or(s);
    let (mantissa, exponent) = match s.split_once(['e', 'E']) {
        Some((m, e)) => (m, Some(e)),
        None => (s, None),
    };
    let mantissa_ok = match mantissa.split_once('.') {
        Some((int, frac)) => {
            (is_digits(int) || int.is_empty())
                && (is_digits(frac) || frac.is_empty())
                && !(int.is_empty() && frac.is_empty())
        }
        None => is_digits(mantissa),
    };
    mantissa_ok && exponent.is_none_or(is_integer)
}

/// Makes one player's labels unique, as detente requires: an empty label becomes `a{k}` for
/// its one-based position `k` (the default labels of [`crate::Game`]), and a label equal to an earlier one gets the smallest suffix
/// `~2`, `~3`, … that is not taken yet.
pub(super) fn unique_labels(labels: Vec<String>) -> Vec<String> {
    let mut seen = HashSet::new();
    let mut next_suffix: HashMap<String, usize> = HashMap::new();
    labels
        .into_iter()
        .enumerate()
        .map(|(a, label)| {
            let base = if label.is_empty() {
                format!("a{}", a + 1)
            } else {
                label
            };
            let label = if seen.contains(&base) {
                let k = next_suffix.entry(base.clone()).or_insert(2);
                loop {
                    let candidate = format!("{base}~{k}");
                    *k += 1;
                    if !seen.contains(&candidate) {
                        break candidate;
                    }
                }
            } else {
                base
            };
            seen.insert(label.clone());
            label
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers() {
        for (w, x) in [
            ("3", 3.0),
            ("-1.000000", -1.0),
            (".5", 0.5),
            ("-.5", -0.5),
            ("5.", 5.0),
            ("+2", 2.0),
            ("1e-3", 1e-3),
            ("2.5E+2", 250.0),
            ("5/2", 2.5),
            ("-7/38", -7.0 / 38.0),
        ] {
            assert_eq!(number(w).map(|n| n.0), Ok(x), "{w}");
        }
        // Exact values are kept where the float is not them.
        let r = |p: i64, q: i64| BigRational::new(p.into(), q.into());
        assert_eq!(number("0.1").unwrap().1, Some(r(1, 10)));
        assert_eq!(number("-7/38").unwrap().1, Some(r(-7, 38)));
        assert_eq!(number("1.5e-3").unwrap().1, Some(r(3, 2000)));
        assert_eq!(number("2.5E+2").unwrap().1, None);
        assert_eq!(number("-.5").unwrap().1, None);
        assert_eq!(number("0e-99999").unwrap(), (0.0, None));
        assert!(number("1e-99999").unwrap_err().contains("exponent"));
        let long = format!("0.{}1", "0".repeat(100_000));
        assert!(number(&long).unwrap_err().contains("digits"));
        for w in [
            "", ".", "-", "e5", "1e", "1.2.3", "1/2/3", "1/-2", "1.5/2", "/2", "1/", "0x10", "abc",
        ] {
            assert!(number(w).unwrap_err().contains("expected a number"), "{w}");
        }
        for w in ["nan", "-inf", "Infinity", "NaN"] {
            assert!(number(w).unwrap_err().contains("finite"), "{w}");
        }
        assert!(number("1e999").unwrap_err().contains("out of range"));
        assert!(number("1/0").unwrap_err().contains("divides by zero"));
    }

    #[test]
    fn counts() {
        assert_eq!(strategy_count("3"), Ok(3));
        assert!(strategy_count("0").is_err());
        assert!(strategy_count("-1").is_err());
        assert!(strategy_count("2.5").is_err());
        assert!(strategy_count("99999999999999999999999").is_err());
    }

    #[test]
    fn labels_become_unique() {
        let got = unique_labels(
            ["x", "", "x", "x~2", "x", "", "a2"]
                .map(String::from)
                .to_vec(),
        );
        assert_eq!(got, ["x", "a2", "x~2", "x~2~2", "x~3", "a6", "a2~2"]);
    }
}
