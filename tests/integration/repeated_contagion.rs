//! Contagion thresholds (Kandori 1992): hand-derived cases and a brute-force check by value
//! iteration over all perfect matchings (no polynomials, no matching formula).

use detente::Game;
use detente::repeated::contagion_threshold;
use ndarray::array;
use num_rational::BigRational;

fn r(p: i64, q: i64) -> BigRational {
    BigRational::new(p.into(), q.into())
}

fn pd(t: f64, rr: f64, p: f64, s: f64) -> Game {
    Game::from_bimatrix(
        array![[rr, s], [t, p]].view(),
        array![[rr, t], [s, p]].view(),
    )
    .unwrap()
}

#[test]
fn two_players_give_the_bilateral_grim_threshold() {
    let c = contagion_threshold(&pd(5.0, 3.0, 1.0, 0.0), 2).unwrap();
    assert_eq!(c.threshold.unwrap().exact, Some(r(1, 2)));
    // T=7, R=4, P=1: (7 − 4) / (7 − 1) = 1/2; T=6, R=5, P=2: 1/4.
    let c = contagion_threshold(&pd(6.0, 5.0, 2.0, 0.0), 2).unwrap();
    assert_eq!(c.threshold.unwrap().exact, Some(r(1, 4)));
    assert_eq!(c.binding.as_deref(), Some("on-path"));
}

#[test]
fn four_players_solve_a_quadratic() {
    // By hand (see the README): from 2 infected, the next period has 2 (prob 1/3) or 4 (2/3);
    // W(2) = (11 − 9δ) / ((1 − δ)(3 − δ)); 3/(1 − δ) >= 5 + δ W(2) iff 2δ² + 3δ − 3 >= 0.
    let c = contagion_threshold(&pd(5.0, 3.0, 1.0, 0.0), 4).unwrap();
    let t = c.threshold.clone().unwrap();
    assert!(t.exact.is_none());
    let q = |x: &BigRational| r(2, 1) * x * x + r(3, 1) * x - r(3, 1);
    assert!(q(&t.lower) < r(0, 1) && q(&t.upper) > r(0, 1));
    assert!((t.value - (33f64.sqrt() - 3.0) / 4.0).abs() < 1e-15);
    // The on-path polynomial is a multiple of 2δ² + 3δ − 3.
    let p = &c.polynomial;
    assert_eq!(p.len(), 3);
    assert_eq!(&p[0] / &p[2], r(-3, 2));
    assert_eq!(&p[1] / &p[2], r(3, 2));
    // Off path (hand-derived): at k = 2, 5/3 − 8δ/9 > 0; at k = 3, 4/3 − 4δ/9; at k = 4, P − S.
    assert_eq!(c.off_path.len(), 3);
    assert_eq!(c.binding.as_deref(), Some("on-path"));
    assert!(c.intervals[0].upper.is_none());
}

#[test]
fn bad_populations_and_games_are_refused() {
    let g = pd(5.0, 3.0, 1.0, 0.0);
    for m in [0, 1, 3, 7] {
        let e = contagion_threshold(&g, m).unwrap_err().to_string();
        assert!(e.contains("population"), "{e}");
    }
    assert!(contagion_threshold(&g, 10_000).is_err());
    let asym = Game::from_bimatrix(
        array![[3.0, 0.0], [5.0, 1.0]].view(),
        array![[3.0, 0.0], [5.0, 1.0]].view(),
    )
    .unwrap();
    assert!(
        contagion_threshold(&asym, 4)
            .unwrap_err()
            .to_string()
            .contains("symmetric")
    );
}

/// All perfect matchings of `0..m`, as partner arrays.
fn matchings(m: usize) -> Vec<Vec<usize>> {
    fn go(free: &mut Vec<usize>, partner: &mut Vec<usize>, out: &mut Vec<Vec<usize>>) {
        if free.is_empty() {
            out.push(partner.clone());
            return;
        }
        let a = free.remove(0);
        for k in 0..free.len() {
            let b = free.remove(k);
            partner[a] = b;
            partner[b] = a;
            go(free, partner, out);
            free.insert(k, b);
        }
        free.insert(0, a);
    }
    let mut out = Vec::new();
    go(&mut (0..m).collect(), &mut vec![0; m], &mut out);
    out
}

/// The deviator's on-path gain at `delta`, by value iteration over sets of infected players
/// (bitmasks; player 0 is the deviator) and every matching.
fn on_path_gain(m: usize, t: f64, rr: f64, p: f64, delta: f64) -> f64 {
    let all = matchings(m);
    let states = 1usize << m;
    let mut w = vec![0.0; states];
    for _ in 0..3000 {
        let mut next = vec![0.0; states];
        for (mask, slot) in next.iter_mut().enumerate() {
            if mask & 1 == 0 {
                continue;
            }
            let mut total = 0.0;
            for mt in &all {
                let partner_infected = mask >> mt[0] & 1 == 1;
                let pay = if partner_infected { p } else { t };
                let mut new = mask;
                for (a, &partner) in mt.iter().enumerate() {
                    if mask >> a & 1 == 1 {
                        new |= 1 << partner;
                    }
                }
                total += pay + delta * w[new];
            }
            *slot = total / all.len() as f64;
        }
        w = next;
    }
    // Deviate at time 0 against partner 1: then {0, 1} infected.
    let deviate = t + delta * w[0b11];
    let conform = rr / (1.0 - delta);
    deviate - conform
}

#[test]
fn six_players_match_value_iteration_over_all_matchings() {
    let c = contagion_threshold(&pd(5.0, 3.0, 1.0, 0.0), 6).unwrap();
    let t = c.discount.unwrap();
    assert!(t > 0.69 && t < 0.95, "{t}");
    assert!(on_path_gain(6, 5.0, 3.0, 1.0, t - 1e-3) > 0.0);
    assert!(on_path_gain(6, 5.0, 3.0, 1.0, t + 1e-3) < 0.0);
    let c4 = contagion_threshold(&pd(5.0, 3.0, 1.0, 0.0), 4)
        .unwrap()
        .discount
        .unwrap();
    assert!(on_path_gain(4, 5.0, 3.0, 1.0, c4 - 1e-4) > 0.0);
    assert!(on_path_gain(4, 5.0, 3.0, 1.0, c4 + 1e-4) < 0.0);
}

#[test]
fn larger_populations_need_more_patience() {
    let g = pd(5.0, 3.0, 1.0, 0.0);
    let mut last = 0.0;
    for m in [2, 4, 6, 8, 12, 20] {
        let t = contagion_threshold(&g, m).unwrap().discount.unwrap();
        assert!(t > last, "{m}: {t} after {last}");
        last = t;
    }
}
