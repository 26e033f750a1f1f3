//! The least core over imputations (`TUGame::least_core_over_imputations`): hand-derived
//! values, and property tests checked by an independent exact computation of the excesses.

use detente::Error;
use detente::coalition::TUGame;
use num_rational::BigRational;
use proptest::prelude::*;

fn r(p: i64, q: i64) -> BigRational {
    BigRational::new(p.into(), q.into())
}

/// The largest excess `v(S) − x(S)` over the coalitions `S ≠ ∅, N`, exactly.
fn max_excess(values: &[i64], x: &[BigRational]) -> BigRational {
    let grand = values.len() - 1;
    (1..grand)
        .map(|s| {
            let xs: BigRational = (0..x.len())
                .filter(|i| s >> i & 1 == 1)
                .map(|i| &x[i])
                .sum();
            r(values[s], 1) - xs
        })
        .max()
        .unwrap()
}

#[test]
fn coopgame_readme_game_has_epsilon_8_over_imputations() {
    // v(12) = 10, v(N) = 2. Pre-imputations: x3 ≥ −ε and x1 + x2 = 2 − x3 ≥ 10 − ε give
    // ε = 4 at (3, 3, −4). Imputations (x ≥ 0): x1 + x2 ≤ 2, so ε = 10 − 2 = 8, and the
    // other excesses are then below 8 at (1, 1, 0).
    let g = TUGame::from_fn(3, |s| match s {
        3 => 10.0,
        7 => 2.0,
        _ => 0.0,
    })
    .unwrap()
    .with_exact_floats();
    let pre = g.least_core().unwrap();
    assert_eq!(pre.epsilon_exact, Some(r(4, 1)));
    let imp = g.least_core_over_imputations().unwrap();
    assert_eq!(imp.epsilon_exact, Some(r(8, 1)));
    assert_eq!(imp.epsilon, 8.0);
    assert_eq!(imp.allocation_exact, Some(vec![r(1, 1), r(1, 1), r(0, 1)]));
    assert!(imp.certified);
}

#[test]
fn majority_game_is_the_same_over_imputations() {
    // ε = 1/3 at (1/3, 1/3, 1/3), an imputation already.
    let g = TUGame::from_fn(3, |s| if s.count_ones() >= 2 { 1.0 } else { 0.0 })
        .unwrap()
        .with_exact_floats();
    let imp = g.least_core_over_imputations().unwrap();
    assert_eq!(imp.epsilon_exact, Some(r(1, 3)));
    assert_eq!(imp.allocation_exact, Some(vec![r(1, 3); 3]));
}

#[test]
fn an_empty_imputation_set_is_refused() {
    // v({1}) + v({2}) = 2 > v(N) = 1.
    let g = TUGame::new(vec![0.0, 1.0, 1.0, 1.0]).unwrap();
    let err = g.least_core_over_imputations().unwrap_err();
    assert!(matches!(err, Error::InvalidArgument(_)), "{err}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn least_core_over_imputations_is_attained_and_not_below_pre_imputations(
        n in 2usize..=4,
        raw in prop::collection::vec(-3i64..=6, 16),
        probes in prop::collection::vec(prop::collection::vec(0u32..=8, 4), 16),
    ) {
        let grand = (1usize << n) - 1;
        let mut values: Vec<i64> = raw[..=grand].to_vec();
        values[0] = 0;
        // A non-empty imputation set: v(N) at least the sum of the singletons.
        let singles: i64 = (0..n).map(|i| values[1 << i]).sum();
        values[grand] = values[grand].max(singles);
        let g = TUGame::new(values.iter().map(|&v| v as f64).collect())
            .unwrap()
            .with_exact_floats();
        let imp = g.least_core_over_imputations().unwrap();
        let pre = g.least_core().unwrap();
        let eps = imp.epsilon_exact.clone().expect("exact for a small exact game");
        let x = imp.allocation_exact.clone().unwrap();
        // The point is an imputation attaining ε.
        prop_assert_eq!(x.iter().sum::<BigRational>(), r(values[grand], 1));
        for i in 0..n {
            prop_assert!(x[i] >= r(values[1 << i], 1));
        }
        prop_assert_eq!(max_excess(&values, &x), eps.clone());
        prop_assert!(eps >= pre.epsilon_exact.unwrap());
        // No imputation does better: probes v({i}) + share of the surplus.
        let surplus = r(values[grand] - singles, 1);
        for w in &probes {
            let total: u32 = w[..n].iter().sum::<u32>().max(1);
            let y: Vec<BigRational> = (0..n)
                .map(|i| {
                    let share = if w[..n].iter().all(|&k| k == 0) {
                        r(1, n as i64)
                    } else {
                        r(i64::from(w[i]), i64::from(total))
                    };
                    r(values[1 << i], 1) + &surplus * share
                })
                .collect();
            prop_assert!(max_excess(&values, &y) >= eps);
        }
    }
}
