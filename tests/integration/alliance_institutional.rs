//! M5, institutional power: the specification's headline numbers (UN Security Council, the
//! Lilliputian bloc, the apex game's closed forms), every index and coalition size against an
//! enumeration of coalitions written here, the nucleolus against an independent search over
//! imputations, comparative statics, and hostile parameters.

use detente::Error;
use detente::alliance::{
    AllianceModel, BoardMajority, EU_COUNCIL_2025, InstitutionalPower, InstitutionalPowerParams,
    InstitutionalRegime, ParamMap, ParamValue, PowerIndex,
};
use detente::coalition::voting::VotingGame;
use num_bigint::BigUint;
use num_rational::BigRational;
use num_traits::{ToPrimitive, Zero};
use proptest::prelude::*;

use crate::common::frac;

fn int(k: i64) -> BigRational {
    BigRational::from_integer(k.into())
}

fn invalid_names(err: Error, name: &str) {
    match &err {
        Error::InvalidArgument(msg) => assert!(msg.contains(name), "{msg} should name {name}"),
        other => panic!("expected InvalidArgument naming {name}, got {other:?}"),
    }
}

// ---------------------------------------------------------------------------------------------
// An independent oracle: the rule evaluated from the parameters, every coalition enumerated.

/// The rule straight from the parameters (integers only): weight >= quota, all veto members,
/// at least `count` members; or fewer than `blocking` members voting no.
#[derive(Debug, Clone)]
struct Oracle {
    weights: Vec<u64>,
    quota: u64,
    veto: Vec<usize>,
    count: Option<usize>,
    blocking: Option<usize>,
}

impl Oracle {
    fn n(&self) -> usize {
        self.weights.len()
    }

    fn wins(&self, s: usize) -> bool {
        let n = self.n();
        let size = s.count_ones() as usize;
        let weight: u64 = (0..n)
            .filter(|&i| s >> i & 1 == 1)
            .map(|i| self.weights[i])
            .sum();
        let vetoes = self.veto.iter().all(|&v| s >> v & 1 == 1);
        let main = weight >= self.quota && self.count.is_none_or(|k| size >= k);
        let clause = self.blocking.is_some_and(|b| n - size < b);
        vetoes && (main || clause)
    }

    fn model(&self) -> InstitutionalPower {
        InstitutionalPower::new(InstitutionalPowerParams {
            weights: self.weights.iter().map(|&w| w as f64).collect(),
            quota: self.quota as f64,
            labels: None,
            veto: self.veto.clone(),
            count: self.count,
            blocking_minority: self.blocking,
            blocs: vec![],
        })
        .unwrap()
    }

    /// Shapley–Shubik by the subset formula: Σ over swings of |S|!(n−|S|−1)!/n!.
    fn shapley_shubik(&self) -> Vec<BigRational> {
        let n = self.n();
        let fact = |k: usize| (1..=k as i64).product::<i64>();
        let mut out = vec![BigRational::zero(); n];
        for s in 0usize..1 << n {
            if !self.wins(s) {
                continue;
            }
            let k = s.count_ones() as usize;
            for (i, x) in out.iter_mut().enumerate() {
                if s >> i & 1 == 1 && !self.wins(s ^ 1 << i) {
                    *x += frac(fact(k - 1) * fact(n - k), fact(n));
                }
            }
        }
        out
    }

    fn swings(&self) -> Vec<u64> {
        let n = self.n();
        (0..n)
            .map(|i| {
                (0usize..1 << n)
                    .filter(|&s| s >> i & 1 == 1 && self.wins(s) && !self.wins(s ^ 1 << i))
                    .count() as u64
            })
            .collect()
    }

    fn min_winning(&self) -> usize {
        (0usize..1 << self.n())
            .filter(|&s| self.wins(s))
            .map(|s| s.count_ones() as usize)
            .min()
            .unwrap()
    }

    /// The smallest B ⊆ group whose complement loses, or None.
    fn min_blocking(&self, group: usize) -> Option<usize> {
        let full = (1usize << self.n()) - 1;
        (0usize..1 << self.n())
            .filter(|&b| b & !group == 0 && !self.wins(full & !b))
            .map(|b| b.count_ones() as usize)
            .min()
    }
}

fn unsc() -> InstitutionalPower {
    InstitutionalPower::un_security_council()
}

// ---------------------------------------------------------------------------------------------
// The headline example (spec M5 (e)).

#[test]
fn security_council_headline_numbers() {
    let m = unsc();
    assert_eq!(m.weights(), [[7.0; 5].as_slice(), &[1.0; 10]].concat());
    assert_eq!(m.quota(), 39.0);
    let ss = m.shapley_shubik().unwrap();
    assert!(ss.exact[..5].iter().all(|x| *x == frac(421, 2145)));
    assert!(ss.exact[5..].iter().all(|x| *x == frac(4, 2145)));
    let swings = m.banzhaf_swings().unwrap();
    assert!(swings[..5].iter().all(|s| *s == BigUint::from(848u32)));
    assert!(swings[5..].iter().all(|s| *s == BigUint::from(84u32)));
    let bz = m.banzhaf(true).unwrap();
    assert_eq!(
        (bz.exact[0].clone(), bz.exact[5].clone()),
        (frac(106, 635), frac(21, 1270))
    );
    // Absolute Banzhaf: swings over 2^14.
    let abs = m.banzhaf(false).unwrap();
    assert_eq!(
        (abs.exact[0].clone(), abs.exact[5].clone()),
        (frac(848, 16384), frac(84, 16384))
    );
    // Core: every split of 1 among the P5.
    assert!(!m.is_core_empty());
    assert_eq!(m.veto_players(), [0, 1, 2, 3, 4]);
    let vertices = m.core_vertices();
    assert_eq!(vertices.len(), 5);
    for (k, v) in vertices.iter().enumerate() {
        assert!(
            v.iter()
                .enumerate()
                .all(|(i, x)| *x == if i == k { int(1) } else { int(0) })
        );
    }
    // The TU module's LP core agrees (an independent route to the same set), on a smaller
    // veto game: 4 members, vetoes 0 and 2, at least 3 yes votes.
    let small =
        InstitutionalPower::veto_rule((0..4).map(|i| format!("M{i}")).collect(), vec![0, 2], 3)
            .unwrap();
    let mut lp_vertices = small.tu_game().unwrap().core_vertices().unwrap();
    lp_vertices.sort();
    let mut ours = small.core_vertices();
    ours.sort();
    assert_eq!(lp_vertices, ours);
    assert_eq!(ours.len(), 2);
    // Nucleolus: 1/5 to each P5 member, 0 to the elected members.
    let x = m.nucleolus().unwrap();
    assert!(x[..5].iter().all(|v| *v == frac(1, 5)) && x[5..].iter().all(Zero::is_zero));
    assert_eq!(m.min_winning_size().unwrap(), 9);
    let elected: Vec<usize> = (5..15).collect();
    assert_eq!(m.min_blocking_size(Some(&elected)).unwrap(), Some(7));
    assert_eq!(m.min_blocking_size(None).unwrap(), Some(1));
    assert_eq!(m.min_blocking_size(Some(&[0])).unwrap(), Some(1));
    assert_eq!(m.min_blocking_size(Some(&[])).unwrap(), None);
    assert_eq!(m.regime().unwrap(), InstitutionalRegime::Minilateral);
    assert!(m.warnings().is_empty());
}

#[test]
fn the_security_council_agrees_with_the_voting_module_and_the_oracle() {
    let m = unsc();
    let reference = VotingGame::un_security_council();
    assert_eq!(
        m.shapley_shubik().unwrap().exact,
        reference.shapley_shubik().unwrap().exact
    );
    assert_eq!(m.voting_game().players(), reference.players());
    let oracle = Oracle {
        weights: m.weights().iter().map(|&w| w as u64).collect(),
        quota: 39,
        veto: vec![],
        count: None,
        blocking: None,
    };
    // The spec's encoding is the rule "9 of 15 with the P5": the same winning coalitions.
    for s in 0usize..1 << 15 {
        let p5 = s & 0b11111 == 0b11111;
        assert_eq!(oracle.wins(s), p5 && s.count_ones() >= 9, "{s:b}");
    }
    assert_eq!(oracle.min_blocking(0b111_1111_1110_0000), Some(7));
}

#[test]
fn veto_rule_encoding() {
    let labels: Vec<String> = (0..15).map(|i| format!("M{i}")).collect();
    let m = InstitutionalPower::veto_rule(labels.clone(), vec![0, 1, 2, 3, 4], 9).unwrap();
    assert_eq!(
        (m.weights()[0], m.weights()[5], m.quota()),
        (7.0, 1.0, 39.0)
    );
    assert_eq!(m.shapley_shubik().unwrap().exact[0], frac(421, 2145));
    // The old Council: 11 members, 7 votes with the P5: W = 5, q = 27; [37; 7x5, 1x6] too.
    let old = InstitutionalPower::veto_rule(labels[..11].to_vec(), vec![0, 1, 2, 3, 4], 7).unwrap();
    assert_eq!((old.weights()[0], old.quota()), (5.0, 27.0));
    let mut w = vec![7.0; 5];
    w.extend([1.0; 6]);
    let alt = InstitutionalPower::new(InstitutionalPowerParams {
        weights: w,
        quota: 37.0,
        labels: None,
        ..Default::default()
    })
    .unwrap();
    assert_eq!(
        old.shapley_shubik().unwrap().exact,
        alt.shapley_shubik().unwrap().exact
    );
    invalid_names(
        InstitutionalPower::veto_rule(labels.clone(), vec![0, 1], 1).unwrap_err(),
        "count",
    );
    invalid_names(
        InstitutionalPower::veto_rule(labels.clone(), vec![0], 16).unwrap_err(),
        "count",
    );
    invalid_names(
        InstitutionalPower::veto_rule(labels, vec![15], 9).unwrap_err(),
        "veto",
    );
}

// ---------------------------------------------------------------------------------------------
// Lilliputian blocs.

#[test]
fn a_bloc_of_seven_elected_members_is_a_sixth_veto_player() {
    let m = unsc().with_blocs(vec![(5..12).collect()]).unwrap();
    let b = &m.bloc_power(PowerIndex::ShapleyShubik).unwrap()[0];
    assert_eq!(b.power, frac(1, 6));
    assert_eq!(b.separate, frac(28, 2145));
    assert_eq!(b.name, "E1+E2+E3+E4+E5+E6+E7");
    assert_eq!(m.regime().unwrap(), InstitutionalRegime::LilliputianBloc);
    // The merged game [39; 7x5, 7, 1x3] by the oracle: six symmetric veto players, the
    // three remaining elected members dummies (any winning coalition has the six, weight 42).
    let merged = Oracle {
        weights: vec![7, 7, 7, 7, 7, 7, 1, 1, 1],
        quota: 39,
        veto: vec![],
        count: None,
        blocking: None,
    };
    let ss = merged.shapley_shubik();
    assert!(ss[..6].iter().all(|x| *x == frac(1, 6)) && ss[6..].iter().all(Zero::is_zero));
    let g = m.merged_game().unwrap();
    assert_eq!(g.veto_players(), [0, 1, 2, 3, 4, 5]);
}

#[test]
fn bloc_power_is_non_decreasing_in_its_size_and_one_sixth_from_seven() {
    let mut last = BigRational::zero();
    for k in 1..=10 {
        let m = unsc().with_blocs(vec![(5..5 + k).collect()]).unwrap();
        let b = &m.bloc_power(PowerIndex::ShapleyShubik).unwrap()[0];
        assert!(b.power >= last, "k = {k}: {} < {last}", b.power);
        assert_eq!(b.separate, frac(4 * k as i64, 2145));
        if k >= 7 {
            assert_eq!(b.power, frac(1, 6), "k = {k}");
        }
        if k == 1 {
            assert_eq!(b.power, frac(4, 2145));
        }
        // Against the oracle on the merged weights.
        let mut weights = vec![7u64; 5];
        weights.push(k as u64);
        weights.extend(vec![1; 10 - k]);
        let oracle = Oracle {
            weights,
            quota: 39,
            veto: vec![],
            count: None,
            blocking: None,
        };
        assert_eq!(b.power, oracle.shapley_shubik()[5], "k = {k}");
        last = b.power.clone();
    }
}

#[test]
fn blocs_with_banzhaf_and_the_apex_bloc() {
    // All small states of an apex game together: [n; n-1, n] — the bloc becomes a dictator?
    // No: with weight n it wins alone, and so does nobody else; the hegemon becomes a dummy.
    let m = InstitutionalPower::apex(4)
        .unwrap()
        .with_blocs(vec![vec![1, 2, 3, 4]])
        .unwrap();
    let b = &m.bloc_power(PowerIndex::ShapleyShubik).unwrap()[0];
    assert_eq!(b.power, int(1));
    assert_eq!(b.separate, frac(2 * 4, 4 * 5)); // 4 · 2/(n(n+1)) with n = 4
    let bz = &m.bloc_power(PowerIndex::Banzhaf).unwrap()[0];
    assert_eq!(bz.power, int(1));
    let abs = &m.bloc_power(PowerIndex::BanzhafAbsolute).unwrap()[0];
    assert_eq!(abs.power, int(1));
    assert!(
        InstitutionalPower::apex(3)
            .unwrap()
            .bloc_power(PowerIndex::Banzhaf)
            .unwrap()
            .is_empty()
    );
}

#[test]
fn veto_game_nucleolus_is_the_equal_split_the_lp_sequence_finds() {
    // The closed form (equal split among veto players) against the TU module's LP sequence
    // and Kohlberg certificate, an independent route, on small veto games.
    for (n, veto, count) in [
        (5, vec![0, 1], 3),
        (6, vec![2], 4),
        (6, vec![0, 3, 5], 5),
        (7, vec![1, 4], 2),
    ] {
        let m = InstitutionalPower::veto_rule(
            (0..n).map(|i| format!("M{i}")).collect(),
            veto.clone(),
            count,
        )
        .unwrap();
        let lp = m.tu_game().unwrap().nucleolus().unwrap();
        assert!(lp.certified);
        assert_eq!(
            m.nucleolus().unwrap(),
            lp.allocation_exact.unwrap(),
            "n = {n}, veto {veto:?}"
        );
        let share = frac(1, veto.len() as i64);
        let x = m.nucleolus().unwrap();
        assert!((0..n).all(|i| x[i]
            == if veto.contains(&i) {
                share.clone()
            } else {
                int(0)
            }));
    }
}

#[test]
fn the_bloc_paradox_under_unanimity() {
    // Each of n members holds 1/n; two merged hold 1/(n − 1) < 2/n.
    for n in 3..=6usize {
        let m = InstitutionalPower::new(InstitutionalPowerParams {
            weights: vec![1.0; n],
            quota: n as f64,
            labels: None,
            blocs: vec![vec![0, 1]],
            ..Default::default()
        })
        .unwrap();
        let b = &m.bloc_power(PowerIndex::ShapleyShubik).unwrap()[0];
        assert_eq!(
            (b.power.clone(), b.separate.clone()),
            (frac(1, n as i64 - 1), frac(2, n as i64))
        );
        assert!(b.gain() < BigRational::zero());
        assert_eq!(m.regime().unwrap(), InstitutionalRegime::Multilateral);
    }
}

// ---------------------------------------------------------------------------------------------
// The apex game (spec closed forms).

#[test]
fn apex_closed_forms() {
    for n in 2..=8usize {
        let m = InstitutionalPower::apex(n).unwrap();
        let ni = n as i64;
        let ss = m.shapley_shubik().unwrap().exact;
        assert_eq!(ss[0], frac(ni - 1, ni + 1), "n = {n}");
        assert!(
            ss[1..].iter().all(|x| *x == frac(2, ni * (ni + 1))),
            "n = {n}"
        );
        let swings = m.banzhaf_swings().unwrap();
        assert_eq!(swings[0], BigUint::from((1u64 << n) - 2));
        assert!(swings[1..].iter().all(|s| *s == BigUint::from(2u32)));
        let bz = m.banzhaf(true).unwrap().exact;
        let den = (1i64 << n) - 2 + 2 * ni;
        assert_eq!(bz[0], frac((1i64 << n) - 2, den));
        assert!(bz[1..].iter().all(|x| *x == frac(2, den)));
        assert!(m.is_core_empty() && m.core_vertices().is_empty());
        assert!(m.tu_game().unwrap().is_core_empty().unwrap());
        let x = m.nucleolus().unwrap();
        assert_eq!(x[0], frac(ni - 1, 2 * ni - 1), "n = {n}");
        assert!(x[1..].iter().all(|v| *v == frac(1, 2 * ni - 1)), "n = {n}");
        assert_eq!(m.min_winning_size().unwrap(), 2);
        // The hegemon's index increases in n (spec comparative statics).
        if n > 2 {
            let prev = InstitutionalPower::apex(n - 1)
                .unwrap()
                .shapley_shubik()
                .unwrap()
                .exact;
            assert!(ss[0] > prev[0]);
        }
        // Oracle: the same counts by enumeration.
        let mut weights = vec![ni as u64 - 1];
        weights.extend(vec![1; n]);
        let oracle = Oracle {
            weights,
            quota: n as u64,
            veto: vec![],
            count: None,
            blocking: None,
        };
        assert_eq!(ss, oracle.shapley_shubik());
        assert_eq!(m.regime().unwrap(), InstitutionalRegime::Multilateral);
    }
    invalid_names(InstitutionalPower::apex(1).unwrap_err(), "n = 1");
}

/// Sorted (decreasing) excesses v(S) − x(S) over the non-empty proper coalitions.
fn excesses(oracle: &Oracle, x: &[BigRational]) -> Vec<BigRational> {
    let n = oracle.n();
    let full = (1usize << n) - 1;
    let mut e: Vec<BigRational> = (1..full)
        .map(|s| {
            let v = if oracle.wins(s) { int(1) } else { int(0) };
            v - (0..n)
                .filter(|&i| s >> i & 1 == 1)
                .map(|i| &x[i])
                .sum::<BigRational>()
        })
        .collect();
    e.sort_by(|a, b| b.cmp(a));
    e
}

#[test]
fn apex_nucleolus_beats_every_imputation_on_a_grid() {
    // Independent of any LP: the closed-form nucleolus has a lexicographically smaller sorted
    // excess vector than every other imputation with coordinates on a grid of step 1/D (all
    // imputations for n = 2, 3; for n = 4, 5 those symmetric in the small states plus single
    // transfers between two of them).
    for n in 2..=5usize {
        let ni = n as i64;
        let mut weights = vec![ni as u64 - 1];
        weights.extend(vec![1; n]);
        let oracle = Oracle {
            weights,
            quota: n as u64,
            veto: vec![],
            count: None,
            blocking: None,
        };
        let mut nu = vec![frac(ni - 1, 2 * ni - 1)];
        nu.extend(vec![frac(1, 2 * ni - 1); n]);
        let best = excesses(&oracle, &nu);
        let d: i64 = if n <= 3 {
            2 * (2 * ni - 1) * 3
        } else {
            4 * (2 * ni - 1)
        };
        let mut candidates: Vec<Vec<BigRational>> = Vec::new();
        if n == 2 {
            for a in 0..=d {
                for b in 0..=d - a {
                    candidates.push(vec![frac(a, d), frac(b, d), frac(d - a - b, d)]);
                }
            }
        } else if n == 3 {
            for a in 0..=d {
                for b in 0..=d - a {
                    for c in 0..=d - a - b {
                        candidates.push(vec![
                            frac(a, d),
                            frac(b, d),
                            frac(c, d),
                            frac(d - a - b - c, d),
                        ]);
                    }
                }
            }
        } else {
            for a in 0..=d {
                let rest = frac(d - a, d * ni);
                let mut x = vec![frac(a, d)];
                x.extend(vec![rest.clone(); n]);
                candidates.push(x.clone());
                let t = frac(1, 4 * d);
                if rest >= t {
                    x[1] += &t;
                    x[2] -= &t;
                    candidates.push(x);
                }
            }
        }
        for x in candidates {
            if x == nu {
                continue;
            }
            assert!(
                best < excesses(&oracle, &x),
                "n = {n}: {x:?} is not worse than the nucleolus"
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The EU Council and an IMF-style board.

#[test]
fn eu_council_matches_the_voting_module_and_the_rule() {
    let eu = InstitutionalPower::eu_council(None, None).unwrap();
    assert_eq!(eu.num_members(), 27);
    assert_eq!(eu.labels()[0], "Germany");
    assert_eq!((eu.count(), eu.blocking_minority()), (Some(15), Some(4)));
    let shares: Vec<BigRational> = EU_COUNCIL_2025.iter().map(|p| int(p.1 as i64)).collect();
    let reference = VotingGame::eu_council(&shares).unwrap();
    assert_eq!(
        eu.shapley_shubik().unwrap().exact,
        reference.shapley_shubik().unwrap().exact
    );
    assert_eq!(
        eu.banzhaf_swings().unwrap(),
        reference.banzhaf_swings().unwrap()
    );
    let ss = eu.shapley_shubik().unwrap();
    assert_eq!(ss.exact.iter().sum::<BigRational>(), int(1));
    for w in ss.values.windows(2) {
        assert!(w[0] >= w[1] - 1e-12); // members are listed by decreasing population
    }
    // 15 members are needed, and 15 suffice (the 15 largest hold far more than 65%).
    assert_eq!(eu.min_winning_size().unwrap(), 15);
    // A blocking minority needs 4 members (the 3 largest hold 46.89% > 35%, not enough).
    assert_eq!(eu.min_blocking_size(None).unwrap(), Some(4));
    // The 21 smallest (index 6..27) block only by numbers: 13 of them leave 14 < 15 members.
    let small: Vec<usize> = (6..27).collect();
    assert_eq!(eu.min_blocking_size(Some(&small)).unwrap(), Some(13));
    assert!(eu.is_core_empty());
    invalid_names(eu.nucleolus().unwrap_err(), "nucleolus");
    // With veto players the nucleolus needs no table: the IMF-style 85% board below.
    invalid_names(eu.game().unwrap_err(), "normal form");
    assert_eq!(eu.regime().unwrap(), InstitutionalRegime::Multilateral);
    // Own figures: 5 equal members. The members rule needs all 5 (15 capped at n), but the
    // clause passes a proposal that fewer than 4 oppose: 2 yes votes suffice.
    let five = InstitutionalPower::eu_council(Some(vec![1.0; 5]), None).unwrap();
    assert_eq!(five.labels()[0], "State 1");
    assert_eq!(five.min_winning_size().unwrap(), 2);
    invalid_names(
        InstitutionalPower::eu_council(Some(vec![1.0; 3]), None).unwrap_err(),
        "population",
    );
    invalid_names(
        InstitutionalPower::eu_council(Some(vec![1.0, -1.0, 1.0, 1.0]), None).unwrap_err(),
        "population",
    );
}

#[test]
fn imf_board_majorities() {
    let mut votes = vec![165.0];
    votes.extend([33.4; 25]);
    let simple = InstitutionalPower::imf_board(votes.clone(), None, BoardMajority::Simple).unwrap();
    assert!(simple.veto_players().is_empty());
    let s85 = InstitutionalPower::imf_board(votes.clone(), None, BoardMajority::Special85).unwrap();
    assert_eq!(s85.veto_players(), [0]);
    assert_eq!(s85.regime().unwrap(), InstitutionalRegime::Minilateral);
    let s70 = InstitutionalPower::imf_board(votes, None, BoardMajority::Special70).unwrap();
    assert!(s70.veto_players().is_empty());
    // Simple majority is "more than half": [4 equal members] needs 3, not 2.
    let four = InstitutionalPower::imf_board(vec![1.0; 4], None, BoardMajority::Simple).unwrap();
    assert_eq!(four.min_winning_size().unwrap(), 3);
    assert!(four.warnings().is_empty());
    let odd = InstitutionalPower::imf_board(vec![2.0, 1.0, 1.0, 1.0], None, BoardMajority::Simple)
        .unwrap();
    assert!(odd.voting_game().is_winning(&[0, 1]).unwrap()); // 3 of 5 votes
    assert!(!odd.voting_game().is_winning(&[1, 2]).unwrap());
    invalid_names(
        InstitutionalPower::imf_board(vec![0.0; 3], None, BoardMajority::Simple).unwrap_err(),
        "votes",
    );
    assert!("85".parse::<BoardMajority>().is_err());
}

// ---------------------------------------------------------------------------------------------
// The normal form: success against random votes is (1 + absolute Banzhaf)/2.

#[test]
fn the_yes_no_vote_rewards_success() {
    for m in [InstitutionalPower::apex(3).unwrap(), unsc()] {
        let g = AllianceModel::game(&m).unwrap();
        let n = m.num_members();
        let uniform = vec![vec![0.5, 0.5]; n];
        let payoff = g.payoff(&uniform).unwrap();
        let abs = m.banzhaf(false).unwrap();
        for i in 0..n {
            let expected = (1.0 + abs.values[i]) / 2.0;
            assert!(
                (payoff[i] - expected).abs() < 1e-12,
                "{i}: {} vs {expected}",
                payoff[i]
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The protocol.

#[test]
fn protocol_round_trips() {
    let models = [
        unsc(),
        unsc().with_blocs(vec![vec![5, 6], vec![7, 8, 9]]).unwrap(),
        InstitutionalPower::eu_council(None, None).unwrap(),
        InstitutionalPower::apex(4).unwrap(),
        InstitutionalPower::veto_rule((0..7).map(|i| format!("M{i}")).collect(), vec![0, 3], 4)
            .unwrap(),
    ];
    for m in &models {
        assert_eq!(&InstitutionalPower::from_params(&m.param_map()).unwrap(), m);
        assert_eq!(
            &InstitutionalPower::from_json(&m.to_json().unwrap()).unwrap(),
            m
        );
        assert!(m.to_html().unwrap().contains("<code>blocs</code>"));
        assert!(m.describe().contains("Question:") && m.cite().contains("@article"));
    }
    // veto + count + labels without weights: the encoding.
    let p = ParamMap::from([
        ("labels".into(), ParamValue::Texts(unsc().labels().to_vec())),
        (
            "veto".into(),
            ParamValue::Texts(unsc().labels()[..5].to_vec()),
        ),
        ("count".into(), ParamValue::Number(9.0)),
    ]);
    let m = InstitutionalPower::from_params(&p).unwrap();
    assert_eq!(
        m.shapley_shubik().unwrap().exact,
        unsc().shapley_shubik().unwrap().exact
    );
    // weights without quota: a simple majority.
    let p = ParamMap::from([("weights".into(), ParamValue::Numbers(vec![1.0; 5]))]);
    assert_eq!(InstitutionalPower::from_params(&p).unwrap().quota(), 3.0);
    assert_eq!(
        InstitutionalPower::from_params(&ParamMap::new()).unwrap(),
        unsc()
    );
}

#[test]
fn hostile_parameters_are_refused_by_name() {
    let with = |f: &dyn Fn(&mut InstitutionalPowerParams)| {
        let mut p = InstitutionalPowerParams::default();
        f(&mut p);
        InstitutionalPower::new(p)
    };
    invalid_names(with(&|p| p.weights[3] = -1.0).unwrap_err(), "weights[3]");
    invalid_names(
        with(&|p| p.weights[0] = f64::NAN).unwrap_err(),
        "weights[0]",
    );
    invalid_names(
        with(&|p| p.weights[0] = f64::INFINITY).unwrap_err(),
        "weights[0]",
    );
    invalid_names(with(&|p| p.weights.clear()).unwrap_err(), "weights");
    invalid_names(with(&|p| p.quota = 0.0).unwrap_err(), "quota");
    invalid_names(with(&|p| p.quota = -3.0).unwrap_err(), "quota");
    invalid_names(with(&|p| p.quota = 46.0).unwrap_err(), "quota");
    invalid_names(with(&|p| p.quota = f64::NAN).unwrap_err(), "quota");
    invalid_names(
        with(&|p| p.labels = Some(vec!["A".into(); 15])).unwrap_err(),
        "labels",
    );
    invalid_names(
        with(&|p| p.labels = Some(vec!["A".into()])).unwrap_err(),
        "labels",
    );
    invalid_names(with(&|p| p.veto = vec![15]).unwrap_err(), "veto");
    invalid_names(with(&|p| p.veto = vec![1, 1]).unwrap_err(), "veto");
    invalid_names(with(&|p| p.count = Some(0)).unwrap_err(), "count");
    invalid_names(with(&|p| p.count = Some(16)).unwrap_err(), "count");
    invalid_names(
        with(&|p| p.blocking_minority = Some(0)).unwrap_err(),
        "blocking_minority",
    );
    invalid_names(
        with(&|p| p.blocs = vec![vec![5, 6], vec![6, 7]]).unwrap_err(),
        "disjoint",
    );
    invalid_names(with(&|p| p.blocs = vec![vec![]]).unwrap_err(), "blocs[0]");
    invalid_names(with(&|p| p.blocs = vec![vec![99]]).unwrap_err(), "blocs[0]");
    invalid_names(
        with(&|p| p.weights = vec![1e300, 1.0]).unwrap_err(),
        "weights",
    );
    // Improper games are allowed with a warning.
    let improper = with(&|p| p.quota = 20.0).unwrap();
    assert!(improper.warnings()[0].contains("improper"));
    // The protocol's map: unknown names and labels, bad kinds.
    let bad = |pairs: Vec<(&str, ParamValue)>| {
        InstitutionalPower::from_params(
            &pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect(),
        )
        .unwrap_err()
    };
    invalid_names(
        bad(vec![("wieghts", ParamValue::Numbers(vec![1.0]))]),
        "weights",
    );
    invalid_names(
        bad(vec![("veto", ParamValue::Texts(vec!["Germany".into()]))]),
        "Germany",
    );
    invalid_names(
        bad(vec![("veto", ParamValue::Numbers(vec![0.5]))]),
        "veto[0]",
    );
    invalid_names(bad(vec![("count", ParamValue::Number(2.5))]), "count");
    invalid_names(
        bad(vec![("blocs", ParamValue::Matrix(vec![vec![-1.0]]))]),
        "blocs[0][0]",
    );
    invalid_names(
        bad(vec![("labels", ParamValue::Texts(vec!["A".into()]))]),
        "labels",
    );
    invalid_names(bad(vec![("count", ParamValue::Number(9.0))]), "labels");
    invalid_names(
        bad(vec![("weights", ParamValue::Text("x".into()))]),
        "weights",
    );
    let m = unsc();
    invalid_names(m.min_blocking_size(Some(&[5, 5])).unwrap_err(), "within");
    invalid_names(m.min_blocking_size(Some(&[15])).unwrap_err(), "within");
    invalid_names(m.indices_of(&["Germany"]).unwrap_err(), "Germany");
}

// ---------------------------------------------------------------------------------------------
// Property tests: random institutions against the oracle.

fn oracle_strategy() -> impl Strategy<Value = Oracle> {
    (1usize..=8)
        .prop_flat_map(|n| {
            (
                proptest::collection::vec(0u64..=9, n),
                any::<u64>(),
                proptest::collection::vec(any::<bool>(), n),
                proptest::option::of(1usize..=n),
                proptest::option::of(1usize..=n),
            )
        })
        .prop_filter_map("a positive total", |(weights, q, veto, count, blocking)| {
            let total: u64 = weights.iter().sum();
            (total > 0).then(|| Oracle {
                quota: 1 + q % total,
                veto: (0..weights.len())
                    .filter(|&i| veto[i] && q % 3 == 0)
                    .collect(),
                weights,
                count,
                blocking,
            })
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn indices_and_sizes_equal_enumeration(o in oracle_strategy(), group in any::<usize>()) {
        let m = o.model();
        let n = o.n();
        prop_assert_eq!(m.shapley_shubik().unwrap().exact, o.shapley_shubik());
        let swings: Vec<u64> = m.banzhaf_swings().unwrap().iter().map(|s| s.to_u64().unwrap()).collect();
        prop_assert_eq!(&swings, &o.swings());
        prop_assert_eq!(m.min_winning_size().unwrap(), o.min_winning());
        let full = (1usize << n) - 1;
        prop_assert_eq!(m.min_blocking_size(None).unwrap(), o.min_blocking(full));
        let g = group & full;
        let within: Vec<usize> = (0..n).filter(|&i| g >> i & 1 == 1).collect();
        prop_assert_eq!(m.min_blocking_size(Some(&within)).unwrap(), o.min_blocking(g));
        // Veto players by enumeration: i is veto iff N \ {i} loses.
        let veto: Vec<usize> = (0..n).filter(|&i| !o.wins(full ^ 1 << i)).collect();
        prop_assert_eq!(m.veto_players(), veto.clone());
        prop_assert_eq!(m.is_core_empty(), veto.is_empty());
        // Round trip through the protocol.
        prop_assert_eq!(InstitutionalPower::from_params(&m.param_map()).unwrap(), m);
    }

    #[test]
    fn bloc_power_equals_enumeration_of_the_merged_rule(o in oracle_strategy(), mask in any::<usize>()) {
        let n = o.n();
        let members: Vec<usize> = (0..n).filter(|&i| mask >> i & 1 == 1).collect();
        prop_assume!(!members.is_empty());
        let m = o.model().with_blocs(vec![members.clone()]).unwrap();
        let b = &m.bloc_power(PowerIndex::ShapleyShubik).unwrap()[0];
        // Merged game by the oracle: the bloc votes as one, the others apart.
        let others: Vec<usize> = (0..n).filter(|&i| mask >> i & 1 == 0).collect();
        let k = others.len() + 1;
        let expand = |t: usize| -> usize {
            // Player 0 of the merged game is the bloc, players 1.. the others in order.
            let mut s = if t & 1 == 1 { mask & ((1 << n) - 1) } else { 0 };
            for (j, &i) in others.iter().enumerate() {
                if t >> (j + 1) & 1 == 1 { s |= 1 << i; }
            }
            s
        };
        let fact = |k: usize| (1..=k as i64).product::<i64>();
        let mut power = BigRational::zero();
        for t in 0usize..1 << k {
            if t & 1 == 1 && o.wins(expand(t)) && !o.wins(expand(t ^ 1)) {
                let size = t.count_ones() as usize;
                power += frac(fact(size - 1) * fact(k - size), fact(k));
            }
        }
        prop_assert_eq!(&b.power, &power);
        let apart = o.shapley_shubik();
        prop_assert_eq!(&b.separate, &members.iter().map(|&i| &apart[i]).sum::<BigRational>());
    }
}
