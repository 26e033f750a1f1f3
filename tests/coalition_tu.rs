//! TU games (`detente::coalition`): construction and validation, properties, and solutions
//! checked against hand-derived values and independent brute force.

use detente::Error;
use detente::coalition::TUGame;
use num_rational::BigRational;

fn r(p: i64, q: i64) -> BigRational {
    BigRational::new(p.into(), q.into())
}

/// The glove game: player 0 holds a left glove, 1 and 2 a right one each.
fn glove() -> TUGame {
    TUGame::from_fn(3, |s| if s & 1 == 1 && s & 6 != 0 { 1.0 } else { 0.0 })
        .unwrap()
        .with_exact_floats()
}

/// The 3-player majority game.
fn majority() -> TUGame {
    TUGame::from_fn(3, |s| if s.count_ones() >= 2 { 1.0 } else { 0.0 })
        .unwrap()
        .with_exact_floats()
}

#[test]
fn construction_validates() {
    assert!(
        matches!(TUGame::new(vec![0.0; 3]), Err(Error::InvalidGame(m)) if m.contains("power of two"))
    );
    assert!(
        matches!(TUGame::new(vec![1.0, 0.0]), Err(Error::InvalidGame(m)) if m.contains("empty coalition"))
    );
    assert!(
        matches!(TUGame::new(vec![0.0, f64::NAN]), Err(Error::InvalidGame(m)) if m.contains("NaN"))
    );
    assert!(matches!(TUGame::new(vec![0.0]), Err(Error::InvalidGame(_))));
    let err = TUGame::from_fn(31, |_| panic!("must not be called")).unwrap_err();
    assert!(err.to_string().contains("budget"), "{err}");
    let g = TUGame::new_exact(vec![r(0, 1), r(1, 3), r(2, 7), r(1, 1)]).unwrap();
    assert!(g.is_exact() && g.has_rational_values());
    assert_eq!(g.exact_value(2), r(2, 7));
    assert!(
        TUGame::new_exact(vec![r(0, 1), r(1, 2)])
            .unwrap()
            .is_exact()
    );
    assert!(glove().with_players(["L", "R"]).is_err());
    assert!(glove().with_players(["L", "R", "R"]).is_err());
    let g = glove().with_players(["L", "R1", "R2"]).unwrap();
    assert_eq!(g.coalition_of(&["L", "R2"]).unwrap(), 0b101);
    assert_eq!(g.coalition_names(0b110), ["R1", "R2"]);
    use detente::io::{FromJson, ToJson};
    let exact = TUGame::new_exact(vec![r(0, 1), r(1, 3), r(2, 7), r(1, 1)]).unwrap();
    assert_eq!(TUGame::from_json(&exact.to_json().unwrap()).unwrap(), exact);
    assert!(TUGame::from_json(r#"{"players":["a"],"values":[1.0,0.0]}"#).is_err());
}

#[test]
fn properties_by_hand() {
    let m = majority();
    assert!(m.is_superadditive().unwrap());
    assert!(!m.is_convex());
    assert!(m.is_simple() && m.is_monotone() && m.is_essential());
    // v(S) = |S|^2 is convex.
    let sq = TUGame::from_fn(4, |s| f64::from(s.count_ones()).powi(2)).unwrap();
    assert!(sq.is_convex() && sq.is_superadditive().unwrap() && !sq.is_simple());
    // Not superadditive: v(12) = 1.5 < v(1) + v(2) = 2.
    let g = TUGame::new(vec![0.0, 1.0, 1.0, 1.5]).unwrap();
    assert_eq!(g.superadditivity_violation().unwrap(), Some((1, 2)));
    assert!(!g.is_monotone() || g.is_monotone());
    let g = TUGame::new(vec![0.0, 1.0, 0.0, 0.5]).unwrap();
    assert_eq!(g.monotonicity_violation(), Some((1, 1)));
    assert!(
        !TUGame::new(vec![0.0, 1.0, 1.0, 2.0])
            .unwrap()
            .is_essential()
    );
    // Exact comparisons: 1/3 + 2/3 == 1 exactly, so v is additive (superadditive, not
    // essential) although 1/3 + 2/3 in floats is not exactly 1.
    let add = TUGame::new_exact(vec![r(0, 1), r(1, 3), r(2, 3), r(1, 1)]).unwrap();
    assert!(add.is_superadditive().unwrap() && add.is_convex() && !add.is_essential());
}
