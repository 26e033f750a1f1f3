//! Parameter sweeps (`detente::sweep`): every row against the model queried directly at its
//! point, equilibria re-checked by the game's own regret routine and by hand-derived closed
//! forms, failures kept in their rows, the same table on any pool and chunking, hostile grids.

use detente::alliance::{
    AllianceModel, BurdenSharing, CollectiveSecurity, InstitutionalPower, ParamMap, ParamValue,
    Powerplay, ProtectionForPatronage, Reciprocity, RestraintGame, RestraintParams,
};
use detente::interrupt::{self, StopToken};
use detente::solve::{self, EnumerateOptions};
use detente::sweep::{self, Grid, Item, SweepOptions, SweepTable, Value};
use detente::{Error, Game};
use proptest::prelude::*;

fn axis(name: &str, values: &[f64]) -> (String, Vec<ParamValue>) {
    (name.into(), values.iter().map(|&x| x.into()).collect())
}

fn col<'a>(t: &'a SweepTable, name: &str) -> &'a [Option<Value>] {
    &t.column(name)
        .unwrap_or_else(|| panic!("no column {name}"))
        .values
}

fn float(v: &Option<Value>) -> f64 {
    match v {
        Some(Value::Float(x)) => *x,
        other => panic!("not a float: {other:?}"),
    }
}

fn int(v: &Option<Value>) -> i64 {
    match v {
        Some(Value::Int(x)) => *x,
        other => panic!("not an int: {other:?}"),
    }
}

fn floats(v: &Option<Value>) -> Vec<f64> {
    match v {
        Some(Value::Floats(x)) => x.clone(),
        other => panic!("not a list of floats: {other:?}"),
    }
}

fn text(v: &Option<Value>) -> Option<String> {
    match v {
        Some(Value::Text(s)) => Some(s.clone()),
        None => None,
        other => panic!("not a text: {other:?}"),
    }
}

/// A grid over the restraint game's regimes, boundaries (ties: continua of equilibria)
/// included.
fn restraint_grid() -> Grid {
    Grid::product(vec![
        axis("entrapment_cost", &[0.5, 1.0, 3.0]),
        axis("revision_gain", &[-1.0, 0.0, 1.0]),
        axis("war_cost", &[0.5, 2.0, 4.0]),
    ])
    .unwrap()
}

/// The model at point `i` of [`restraint_grid`], built from its parameters directly (not
/// through the parameter map the sweep reads).
fn restraint_at(i: usize) -> RestraintGame {
    let (e, g, w) = ([0.5, 1.0, 3.0], [-1.0, 0.0, 1.0], [0.5, 2.0, 4.0]);
    RestraintGame::new(RestraintParams {
        entrapment_cost: e[i / 9],
        revision_gain: g[(i / 3) % 3],
        war_cost: w[i % 3],
        ..Default::default()
    })
    .unwrap()
}

#[test]
fn rows_equal_the_model_queried_at_each_point() {
    let t = sweep::sweep::<RestraintGame>(&restraint_grid(), &SweepOptions::default()).unwrap();
    let (point, regime, eq) = (col(&t, "point"), col(&t, "regime"), col(&t, "equilibrium"));
    let (patron, client) = (col(&t, "strategy_Patron"), col(&t, "strategy_Client"));
    let (method, regret) = (col(&t, "method"), col(&t, "regret"));
    let mut row = 0;
    for i in 0..27 {
        let m = restraint_at(i);
        let g = m.game().unwrap();
        let all = solve::enumerate_all(&g, EnumerateOptions::default()).unwrap();
        assert!(!all.equilibria.is_empty());
        for (k, e) in all.equilibria.iter().enumerate() {
            assert_eq!(int(&point[row]), i as i64);
            assert_eq!(text(&regime[row]).as_deref(), Some(m.regime().as_str()));
            assert_eq!(int(&eq[row]), k as i64);
            assert_eq!(text(&method[row]).as_deref(), Some("enumerate_all"));
            let profile = vec![floats(&patron[row]), floats(&client[row])];
            assert_eq!(profile, e.strategies);
            // Independent certificate: the game's regret routine at the row's profile.
            let r = g.regret(&profile).unwrap();
            assert!(r.iter().all(|&x| x <= 1e-12), "point {i}: regret {r:?}");
            // The row reports the solver's regret: exact (0) for an exact equilibrium.
            assert_eq!(float(&regret[row]), e.regret);
            assert_eq!(e.regret, 0.0);
            row += 1;
        }
    }
    assert_eq!(row, t.num_rows());
    assert!(col(&t, "error").iter().all(Option::is_none));
}

#[test]
fn the_dilemma_rows_are_the_hand_derived_mixed_equilibrium() {
    // d = ρ = α = 1, e = 3, g = 1, w = 4: φ* = 1 − g/(w − α) = 2/3, π* = (d + ρ)/(e + ρ) = 1/2.
    let grid = Grid::product(vec![]).unwrap();
    let options = SweepOptions {
        analyses: Some(vec!["regime".into(), "mixed".into(), "equilibria".into()]),
        ..Default::default()
    };
    let t = sweep::sweep::<RestraintGame>(&grid, &options).unwrap();
    assert_eq!(t.num_rows(), 1);
    assert_eq!(text(&col(&t, "regime")[0]).as_deref(), Some("dilemma"));
    assert_eq!(float(&col(&t, "firm")[0]), 2.0 / 3.0);
    assert_eq!(float(&col(&t, "provoke")[0]), 0.5);
    let patron = floats(&col(&t, "strategy_Patron")[0]);
    let client = floats(&col(&t, "strategy_Client")[0]);
    assert!((patron[0] - 2.0 / 3.0).abs() < 1e-15 && (client[0] - 0.5).abs() < 1e-15);
    // Payoffs −ρ(e − d)/(e + ρ) = −1/2 and −αg/(w − α) = −1/3.
    assert!((float(&col(&t, "payoff_Patron")[0]) + 0.5).abs() < 1e-15);
    assert!((float(&col(&t, "payoff_Client")[0]) + 1.0 / 3.0).abs() < 1e-15);
    assert_eq!(int(&col(&t, "n_equilibria")[0]), 1);
}

#[test]
fn failures_are_recorded_in_their_row_only() {
    let grid = Grid::product(vec![axis("reassurance_cost", &[1.0, -1.0, f64::NAN, 2.0])]).unwrap();
    let t = sweep::sweep::<RestraintGame>(&grid, &SweepOptions::default()).unwrap();
    assert_eq!(t.num_rows(), 4);
    let (error, regime) = (col(&t, "error"), col(&t, "regime"));
    for (row, bad) in [(0, false), (1, true), (2, true), (3, false)] {
        assert_eq!(error[row].is_some(), bad, "row {row}");
        assert_eq!(regime[row].is_none(), bad, "row {row}");
    }
    let msg = text(&error[1]).unwrap();
    assert!(
        msg.contains("reassurance_cost") && msg.contains(">= 0"),
        "{msg}"
    );
    assert!(text(&error[2]).unwrap().contains("NaN"), "{:?}", error[2]);
    assert!(col(&t, "equilibrium")[1].is_none());
}

#[test]
fn an_analysis_that_fails_at_a_point_keeps_the_others() {
    // ProtectionForPatronage's thresholds do not exist where protection is free (k_P <= 0):
    // missing, not an error; the regime says why.
    let grid = Grid::product(vec![axis("war_cost", &[0.0, 1.0])]).unwrap();
    let t = sweep::sweep::<ProtectionForPatronage>(&grid, &SweepOptions::default()).unwrap();
    let critical = col(&t, "critical_discount");
    assert!(float(&critical[0]).is_nan());
    assert_eq!(
        text(&col(&t, "regime")[0]).as_deref(),
        Some("unilateral_guarantee")
    );
    let direct = ProtectionForPatronage::from_params(&ParamMap::from([(
        "war_cost".to_string(),
        ParamValue::Number(1.0),
    )]))
    .unwrap();
    let expect = direct.critical_discount().unwrap();
    assert_eq!(
        float(&critical[1]),
        num_traits::ToPrimitive::to_f64(&expect).unwrap()
    );
    // An equilibrium analysis on a game too large to build fails in its row only; the row
    // keeps the closed-form analyses (20 states x 31 spending levels: 31^20 profiles).
    let incomes = vec![
        ParamValue::Numbers(vec![100.0, 60.0, 10.0]),
        ParamValue::Numbers(vec![1.0; 20]),
    ];
    let grid = Grid::product(vec![("income".into(), incomes)]).unwrap();
    let options = SweepOptions {
        analyses: Some(vec![
            "regime".into(),
            "equilibria".into(),
            "equilibrium".into(),
        ]),
        ..Default::default()
    };
    let t = sweep::sweep::<BurdenSharing>(&grid, &options).unwrap();
    let last = t.num_rows() - 1;
    let error = text(&col(&t, "error")[last]).unwrap();
    assert!(error.starts_with("equilibria: "), "{error}");
    assert!(col(&t, "error")[..last].iter().all(Option::is_none));
    assert!(text(&col(&t, "regime")[last]).is_some());
    // The closed-form equilibrium of the 20 states is still there.
    assert!(float(&col(&t, "total")[last]).is_finite());
    assert!(col(&t, "equilibrium")[last].is_none());
}

#[test]
fn the_table_is_the_same_on_one_and_two_threads_and_in_chunks() {
    let grid = restraint_grid();
    let one = SweepOptions {
        threads: Some(1),
        ..Default::default()
    };
    let two = SweepOptions {
        threads: Some(2),
        ..Default::default()
    };
    let a = sweep::sweep::<RestraintGame>(&grid, &one).unwrap();
    let b = sweep::sweep::<RestraintGame>(&grid, &two).unwrap();
    assert_eq!(a, b);
    // Chunks 0..10, 10..27 concatenated give the whole table's rows, column by column.
    let part = |r: std::ops::Range<usize>| {
        let o = SweepOptions {
            points: Some(r),
            ..Default::default()
        };
        sweep::sweep::<RestraintGame>(&grid, &o).unwrap()
    };
    let (p, q) = (part(0..10), part(10..27));
    for c in &a.columns {
        let mut joined = p.column(&c.key.name).unwrap().values.clone();
        joined.extend(q.column(&c.key.name).unwrap().values.clone());
        assert_eq!(joined, c.values, "column {}", c.key.name);
    }
    // Explicit rows with first_point give the same rows as the product's range.
    let rows: Vec<Vec<ParamValue>> = (10..27)
        .map(|i| {
            let p = grid.point(i);
            grid.names().iter().map(|n| p[n].clone()).collect()
        })
        .collect();
    let g2 = Grid::rows(grid.names().to_vec(), rows).unwrap();
    let o = SweepOptions {
        first_point: 10,
        ..Default::default()
    };
    assert_eq!(sweep::sweep::<RestraintGame>(&g2, &o).unwrap(), q);
}

#[test]
fn hostile_grids() {
    let d = SweepOptions::default();
    // Empty: no rows, but the columns of the contract.
    let empty = Grid::product(vec![axis("war_cost", &[])]).unwrap();
    let t = sweep::sweep::<RestraintGame>(&empty, &d).unwrap();
    assert_eq!(t.num_rows(), 0);
    for name in [
        "point",
        "regime",
        "equilibrium",
        "method",
        "regret",
        "error",
    ] {
        assert!(t.column(name).is_some(), "{name}");
    }
    // No axis: one point, the defaults.
    assert_eq!(
        sweep::sweep::<RestraintGame>(&Grid::product(vec![]).unwrap(), &d)
            .unwrap()
            .num_rows(),
        1
    );
    // Huge: refused before allocating, naming grid.
    let many: Vec<_> = (0..4)
        .map(|i| (format!("x{i}"), vec![ParamValue::Number(1.0); 1 << 16]))
        .collect();
    let err = Grid::product(many).unwrap_err().to_string();
    assert!(err.contains("grid"), "{err}");
    let big: Vec<_> = ["deterrence", "war_cost", "revision_gain"]
        .iter()
        .map(|n| (n.to_string(), vec![ParamValue::Number(1.0); 1 << 14]))
        .collect();
    let err = sweep::sweep::<RestraintGame>(&Grid::product(big).unwrap(), &d).unwrap_err();
    assert!(
        matches!(&err, Error::InvalidArgument(m) if m.contains("grid") && m.contains("max_memory")),
        "{err}"
    );
    // Unknown names and analyses: refused up front, naming them.
    let bad = Grid::product(vec![axis("war_cots", &[1.0])]).unwrap();
    let err = sweep::sweep::<RestraintGame>(&bad, &d)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("war_cots") && err.contains("war_cost"),
        "{err}"
    );
    let o = SweepOptions {
        analyses: Some(vec!["shapley_shubik".into()]),
        ..Default::default()
    };
    let err = sweep::sweep::<RestraintGame>(&restraint_grid(), &o)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("shapley_shubik") && err.contains("mixed"),
        "{err}"
    );
    // Options out of range.
    let o = SweepOptions {
        threads: Some(0),
        ..Default::default()
    };
    assert!(sweep::sweep::<RestraintGame>(&restraint_grid(), &o).is_err());
    let o = SweepOptions {
        points: Some(5..100),
        ..Default::default()
    };
    assert!(sweep::sweep::<RestraintGame>(&restraint_grid(), &o).is_err());
    // A repeated name.
    assert!(Grid::product(vec![axis("a", &[1.0]), axis("a", &[2.0])]).is_err());
}

#[test]
fn a_stopped_sweep_is_interrupted_not_recorded() {
    let token = StopToken::new();
    token.stop();
    let r = interrupt::with_token(&token, || {
        sweep::sweep::<RestraintGame>(&restraint_grid(), &SweepOptions::default())
    });
    assert_eq!(r.unwrap_err(), Error::Interrupted);
}

#[test]
fn every_model_sweeps_with_its_headline_analyses() {
    let d = SweepOptions::default();
    let one = Grid::product(vec![]).unwrap();
    // ProtectionForPatronage, default: a* = 3/28, δ* = 25/36 (the model's documented example).
    let t = sweep::sweep::<ProtectionForPatronage>(&one, &d).unwrap();
    assert_eq!(float(&col(&t, "price")[0]), 3.0 / 28.0);
    assert_eq!(float(&col(&t, "critical_discount")[0]), 25.0 / 36.0);
    assert_eq!(
        text(&col(&t, "regime")[0]).as_deref(),
        Some("exchange_sustainable")
    );
    // Reciprocity, Axelrod payoffs, n = 10, q = 1: δ*_S = 9·2/(9·2 + 2) = 9/10, δ*_D = 1/2.
    let t = sweep::sweep::<Reciprocity>(&one, &d).unwrap();
    assert_eq!(float(&col(&t, "critical_discount_specific")[0]), 0.9);
    assert_eq!(float(&col(&t, "critical_discount_diffuse")[0]), 0.5);
    // BurdenSharing, default: D = 140/3 + 20/3 = 160/3, contributors 0 and 1.
    let t = sweep::sweep::<BurdenSharing>(&one, &d).unwrap();
    assert!((float(&col(&t, "total")[0]) - 160.0 / 3.0).abs() < 1e-12);
    assert_eq!(col(&t, "contributors")[0], Some(Value::Ints(vec![0, 1])));
    // CollectiveSecurity, default: the documented stable coalitions.
    let t = sweep::sweep::<CollectiveSecurity>(&one, &d).unwrap();
    let expect = vec![vec![], vec![0, 1], vec![0, 2], vec![0, 3], vec![1, 2, 3]];
    assert_eq!(
        col(&t, "stable_coalitions")[0],
        Some(Value::IntLists(expect))
    );
    assert_eq!(text(&col(&t, "regime")[0]).as_deref(), Some("minilateral"));
    // InstitutionalPower, default (the UN Security Council): China's Shapley–Shubik 421/2145.
    let t = sweep::sweep::<InstitutionalPower>(&one, &d).unwrap();
    assert_eq!(float(&col(&t, "shapley_shubik_China")[0]), 421.0 / 2145.0);
    let m = InstitutionalPower::default();
    let ss = m.shapley_shubik().unwrap();
    for (label, v) in m.labels().iter().zip(&ss.values) {
        assert_eq!(float(&col(&t, &format!("shapley_shubik_{label}"))[0]), *v);
    }
    // Powerplay, default: only the complete graph is pairwise stable.
    let t = sweep::sweep::<Powerplay>(&one, &d).unwrap();
    assert_eq!(
        col(&t, "stable_structures")[0],
        Some(Value::Texts(vec!["multilateral".into()]))
    );
    // Every model with every analysis it has, on its defaults: no error, no panic.
    fn all<M: sweep::SweepModel>() {
        let mut analyses: Vec<String> = sweep::COMMON_ANALYSES
            .iter()
            .map(|s| s.to_string())
            .collect();
        analyses.extend(M::ANALYSES.iter().map(|s| s.to_string()));
        let o = SweepOptions {
            analyses: Some(analyses),
            ..Default::default()
        };
        let t = sweep::sweep::<M>(&Grid::product(vec![]).unwrap(), &o).unwrap();
        assert!(t.num_rows() >= 1, "{}", M::NAME);
        let errors: Vec<_> = col(&t, "error").iter().flatten().collect();
        assert!(errors.is_empty(), "{}: {errors:?}", M::NAME);
    }
    all::<RestraintGame>();
    all::<BurdenSharing>();
    all::<CollectiveSecurity>();
    all::<ProtectionForPatronage>();
    all::<Reciprocity>();
    all::<InstitutionalPower>();
    all::<Powerplay>();
}

#[test]
fn items_sweep_like_the_model_sweep() {
    let grid = restraint_grid();
    let items: Vec<Item> = (0..27)
        .map(|i| Item::RestraintGame(restraint_at(i)))
        .collect();
    let a = sweep::sweep::<RestraintGame>(&grid, &SweepOptions::default()).unwrap();
    let b = sweep::sweep_items(&items, &SweepOptions::default()).unwrap();
    assert_eq!(a, b);
    // A bare game has no regime; a model's own analysis at a bare game is that row's error.
    let g = Game::from_bimatrix(
        ndarray::array![[2.0, 0.0], [0.0, 1.0]].view(),
        ndarray::array![[1.0, 0.0], [0.0, 2.0]].view(),
    )
    .unwrap();
    let items = vec![Item::Game(g), Item::Failed("ValueError: no".into())];
    let o = SweepOptions {
        analyses: Some(vec!["regime".into(), "equilibria".into(), "mixed".into()]),
        ..Default::default()
    };
    let t = sweep::sweep_items(&items, &o).unwrap();
    assert_eq!(t.num_rows(), 4); // battle of the sexes: 3 equilibria, then the failure
    assert!(col(&t, "regime").iter().all(Option::is_none));
    assert!(text(&col(&t, "error")[0]).unwrap().contains("mixed"));
    assert_eq!(
        text(&col(&t, "error")[3]).as_deref(),
        Some("ValueError: no")
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Random small grids: each point's rows are its equilibria, each with regret zero by
    /// the game's routine, and its regime is the model's.
    #[test]
    fn random_grids_match_the_model(
        e in prop::collection::vec(-2i32..=4, 1..3),
        g in prop::collection::vec(-2i32..=2, 1..3),
        w in prop::collection::vec(-2i32..=5, 1..3),
    ) {
        let f = |v: &[i32]| v.iter().map(|&x| ParamValue::Number(f64::from(x) / 2.0)).collect::<Vec<_>>();
        let grid = Grid::product(vec![
            ("entrapment_cost".into(), f(&e)),
            ("revision_gain".into(), f(&g)),
            ("war_cost".into(), f(&w)),
        ]).unwrap();
        let t = sweep::sweep::<RestraintGame>(&grid, &SweepOptions::default()).unwrap();
        let point = col(&t, "point");
        let mut row = 0;
        for i in 0..grid.len() {
            let m = RestraintGame::from_params(&grid.point(i)).unwrap();
            let game = m.game().unwrap();
            let n = solve::enumerate_all(&game, EnumerateOptions::default()).unwrap().equilibria.len();
            for _ in 0..n {
                prop_assert_eq!(int(&point[row]), i as i64);
                prop_assert_eq!(text(&col(&t, "regime")[row]), Some(m.regime().to_string()));
                let profile = vec![floats(&col(&t, "strategy_Patron")[row]), floats(&col(&t, "strategy_Client")[row])];
                prop_assert!(game.regret(&profile).unwrap().iter().all(|&r| r <= 1e-12));
                row += 1;
            }
        }
        prop_assert_eq!(row, t.num_rows());
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// Any cut of any grid into two chunks, on pools of one and two threads, gives the rows of
    /// the whole table, column by column (out-of-range points included).
    #[test]
    fn any_chunking_and_pool_give_the_whole_table(
        rho in prop::collection::vec(-1i32..=2, 1..4),
        w in prop::collection::vec(-2i32..=5, 1..4),
        cut in 0usize..16,
        threads in 1usize..=2,
    ) {
        let f = |v: &[i32]| v.iter().map(|&x| ParamValue::Number(f64::from(x))).collect::<Vec<_>>();
        let grid = Grid::product(vec![
            ("reassurance_cost".into(), f(&rho)),
            ("war_cost".into(), f(&w)),
        ]).unwrap();
        let cut = cut.min(grid.len());
        let whole = sweep::sweep::<RestraintGame>(&grid, &SweepOptions::default()).unwrap();
        let part = |r: std::ops::Range<usize>| {
            let o = SweepOptions { points: Some(r), threads: Some(threads), ..Default::default() };
            sweep::sweep::<RestraintGame>(&grid, &o).unwrap()
        };
        let (a, b) = (part(0..cut), part(cut..grid.len()));
        for c in &whole.columns {
            let mut joined = a.column(&c.key.name).map_or_else(
                || vec![None; a.num_rows()],
                |x| x.values.clone(),
            );
            joined.extend(b.column(&c.key.name).map_or_else(
                || vec![None; b.num_rows()],
                |x| x.values.clone(),
            ));
            prop_assert_eq!(&joined, &c.values, "column {}", c.key.name);
        }
        // Every row is either an error (ρ < 0) or an equilibrium with zero regret.
        for (e, r) in col(&whole, "error").iter().zip(col(&whole, "regret")) {
            prop_assert!(e.is_some() != r.is_some());
        }
    }
}
