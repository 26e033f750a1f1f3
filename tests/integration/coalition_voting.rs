//! Voting games: the exact dynamic programs against an enumeration of every coalition,
//! hand-derived values and published ones, and bad input.

use detente::Error;
use detente::coalition::voting::{PowerIndices, Rule, VotingGame, WeightedRule};
use num_bigint::{BigInt, BigUint};
use num_rational::BigRational;
use num_traits::{One, Zero};
use proptest::prelude::*;

fn q(n: i64, d: i64) -> BigRational {
    BigRational::new(BigInt::from(n), BigInt::from(d))
}

fn strings(p: &PowerIndices) -> Vec<String> {
    p.exact.iter().map(ToString::to_string).collect()
}

/// Shapley-Shubik from swing counts by size, written out independently of the library:
/// each swing for a coalition of size k counts k!(n-1-k)! of the n! orders.
fn ss_from_brute(game: &VotingGame) -> Vec<BigRational> {
    let n = game.num_players();
    let (by_size, _) = game.brute_force_swings().unwrap();
    let fact = |m: usize| (1..=m).fold(BigInt::one(), |a, b| a * BigInt::from(b));
    by_size
        .iter()
        .map(|row| {
            let num: BigInt = row
                .iter()
                .enumerate()
                .map(|(k, s)| BigInt::from(s.clone()) * fact(k) * fact(n - 1 - k))
                .sum();
            BigRational::new(num, fact(n))
        })
        .collect()
}

/// Swings of player i by the definition, straight from `wins` (a third routine).
fn swings_by_definition(game: &VotingGame) -> Vec<u64> {
    let n = game.num_players();
    (0..n)
        .map(|i| {
            (0u32..1 << n)
                .filter(|m| m >> i & 1 == 0)
                .filter(|&m| {
                    let mut s: Vec<bool> = (0..n).map(|j| m >> j & 1 == 1).collect();
                    let lose = !game.wins(&s);
                    s[i] = true;
                    lose && game.wins(&s)
                })
                .count() as u64
        })
        .collect()
}

#[test]
fn hand_derived_weighted_game() {
    let g = VotingGame::weighted(4, &[4, 2, 1]).unwrap();
    assert_eq!(strings(&g.shapley_shubik().unwrap()), ["1", "0", "0"]);
    // [4; 3, 2, 1]... the example: weights (4, 2, 1) with quota 4 makes player 0 a
    // dictator; with quota 5 it is (2/3, 1/6, 1/6).
    let g = VotingGame::weighted(5, &[4, 2, 1]).unwrap();
    assert_eq!(strings(&g.shapley_shubik().unwrap()), ["2/3", "1/6", "1/6"]);
    assert_eq!(g.banzhaf_swings().unwrap(), [3u32, 1, 1].map(BigUint::from));
    assert_eq!(strings(&g.banzhaf(true).unwrap()), ["3/5", "1/5", "1/5"]);
    assert_eq!(strings(&g.banzhaf(false).unwrap()), ["3/4", "1/4", "1/4"]);
    assert_eq!(g.veto_players(), [0]);
    assert_eq!(
        g.minimal_winning_coalitions(10).unwrap(),
        [vec![0, 1], vec![0, 2]]
    );
    assert_eq!(strings(&g.holler(10).unwrap()), ["1/2", "1/4", "1/4"]);
    assert_eq!(
        strings(&g.deegan_packel(10).unwrap()),
        ["1/2", "1/4", "1/4"]
    );
    // Winning: {0,1}, {0,2}, {0,1,2}: 3 of 8.
    assert_eq!(g.win_probability().unwrap(), q(3, 8));
    // Johnston: {0,1} and {0,2} each have two critical members, {0,1,2} one (player 0):
    // scores 1/2 + 1/2 + 1 = 2, 1/2, 1/2 → 2/3, 1/6, 1/6.
    assert_eq!(strings(&g.johnston().unwrap()), ["2/3", "1/6", "1/6"]);
    let dummy = VotingGame::weighted(3, &[2, 1, 0]).unwrap();
    assert_eq!(dummy.dummy_players().unwrap(), [2]);
}

#[test]
fn un_security_council_published_values() {
    // Published: SS 421/2145 per permanent member, 4/2145 per elected one; Banzhaf raw swings
    // 848 and 84. Checked here against the enumeration first.
    let g = VotingGame::un_security_council();
    let (by_size, _) = g.brute_force_swings().unwrap();
    let raw: Vec<BigUint> = by_size.iter().map(|r| r.iter().sum()).collect();
    assert_eq!(raw[0], BigUint::from(848u32));
    assert_eq!(raw[14], BigUint::from(84u32));
    assert_eq!(ss_from_brute(&g)[0], q(421, 2145));
    assert_eq!(ss_from_brute(&g)[5], q(4, 2145));
    let ss = g.shapley_shubik().unwrap();
    assert_eq!(ss.exact[..5], vec![q(421, 2145); 5]);
    assert_eq!(ss.exact[5..], vec![q(4, 2145); 10]);
    assert_eq!(g.banzhaf_swings().unwrap(), raw);
    assert_eq!(g.veto_players(), [0, 1, 2, 3, 4]);
    // Minimal winning: the P5 with 4 of the 10 elected members: C(10, 4) = 210.
    assert_eq!(g.minimal_winning_coalitions(1000).unwrap().len(), 210);
    let total: BigRational = ss.exact.iter().sum();
    assert_eq!(total, BigRational::one());
}

/// Random weighted and compound games of up to 12 players.
fn game_strategy() -> impl Strategy<Value = VotingGame> {
    (2usize..=12).prop_flat_map(|n| {
        let weights = proptest::collection::vec(0u64..=12, n);
        (
            proptest::collection::vec((weights, 1u64..=100), 1..=3),
            0u8..4,
            proptest::collection::vec(0usize..n, 0..3),
        )
            .prop_map(move |(rules, shape, vetoes)| {
                let rules: Vec<Rule> = rules
                    .into_iter()
                    .map(|(mut w, pct)| {
                        if w.iter().all(|&x| x == 0) {
                            w[0] = 1;
                        }
                        let total: u64 = w.iter().sum();
                        let quota = (total * pct).div_ceil(100).max(1);
                        Rule::Weighted(WeightedRule::from_integers(quota, &w).unwrap())
                    })
                    .collect();
                let rule = match shape {
                    0 => Rule::AllOf(rules),
                    1 => Rule::AnyOf(rules),
                    2 if rules.len() >= 2 => {
                        let mut rules = rules;
                        let last = rules.pop().unwrap();
                        Rule::AnyOf(vec![Rule::AllOf(rules), last])
                    }
                    _ => rules.into_iter().next().unwrap(),
                };
                let g = VotingGame::new(rule).unwrap();
                if vetoes.is_empty() {
                    g
                } else {
                    g.with_veto(&vetoes).unwrap()
                }
            })
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn dynamic_program_equals_enumeration(g in game_strategy()) {
        let n = g.num_players();
        let ss = g.shapley_shubik().unwrap();
        prop_assert_eq!(&ss.exact, &ss_from_brute(&g));
        let swings = g.banzhaf_swings().unwrap();
        let by_def = swings_by_definition(&g);
        prop_assert_eq!(swings.clone(), by_def.iter().map(|&s| BigUint::from(s)).collect::<Vec<_>>());
        // Efficiency: Shapley-Shubik sums to 1 (every game here has a winning grand coalition
        // and a losing empty one).
        let total: BigRational = ss.exact.iter().sum();
        prop_assert_eq!(total, BigRational::one());
        // Dummies get zero in both indices.
        for i in g.dummy_players().unwrap() {
            prop_assert!(ss.exact[i].is_zero());
            prop_assert!(swings[i].is_zero());
        }
        // Win probability by counting.
        let wins = (0u32..1 << n)
            .filter(|m| g.wins(&(0..n).map(|j| m >> j & 1 == 1).collect::<Vec<_>>()))
            .count();
        prop_assert_eq!(g.win_probability().unwrap(), BigRational::new(BigInt::from(wins), BigInt::from(1u64 << n)));
        // Veto players by definition; minimal winning coalitions are winning and minimal.
        for m in g.minimal_winning_coalitions(100_000).unwrap() {
            prop_assert!(g.is_winning(&m).unwrap());
            for k in 0..m.len() {
                let mut less = m.clone();
                less.remove(k);
                prop_assert!(!g.is_winning(&less).unwrap());
            }
        }
    }

    #[test]
    fn symmetric_players_get_equal_power(w in proptest::collection::vec(1u64..=9, 2..=10), pct in 1u64..=100) {
        let mut w = w;
        w.push(w[0]);
        let total: u64 = w.iter().sum();
        let g = VotingGame::weighted((total * pct).div_ceil(100), &w).unwrap();
        let ss = g.shapley_shubik().unwrap();
        let bz = g.banzhaf_swings().unwrap();
        let last = w.len() - 1;
        prop_assert_eq!(&ss.exact[0], &ss.exact[last]);
        prop_assert_eq!(&bz[0], &bz[last]);
    }
}

#[test]
fn rational_weights_scale_to_integers() {
    let r = WeightedRule::new(q(1, 2), vec![q(1, 3), q(1, 3), q(1, 3)]).unwrap();
    assert_eq!(r.integer_weights(), [1, 1, 1]);
    assert_eq!(r.integer_quota(), 2);
    let g = VotingGame::new(Rule::Weighted(r)).unwrap();
    assert_eq!(strings(&g.shapley_shubik().unwrap()), ["1/3", "1/3", "1/3"]);
    // A quota between integer sums rounds up: [2.5; 2, 1, 1] is [3; 2, 1, 1].
    let r = WeightedRule::new(q(5, 2), vec![q(2, 1), q(1, 1), q(1, 1)]).unwrap();
    assert_eq!(
        (r.integer_quota(), r.integer_weights()),
        (3, &[2u64, 1, 1][..])
    );
}

#[test]
fn electoral_college_scale_is_exact() {
    // 51 members with weights 3..=55 (538 votes in the 2024 apportionment would do too): a
    // large exact count, checked for efficiency and against big-integer identities.
    let w: Vec<u64> = (0..51).map(|i| 3 + (i * 7 % 53)).collect();
    let total: u64 = w.iter().sum();
    let g = VotingGame::weighted(total / 2 + 1, &w).unwrap();
    let ss = g.shapley_shubik().unwrap();
    assert_eq!(ss.exact.iter().sum::<BigRational>(), BigRational::one());
    let swings = g.banzhaf_swings().unwrap();
    // Heavier players swing at least as often (weighted games are ordered by weight).
    let mut order: Vec<usize> = (0..51).collect();
    order.sort_by_key(|&i| w[i]);
    for pair in order.windows(2) {
        assert!(swings[pair[0]] <= swings[pair[1]]);
        assert!(ss.exact[pair[0]] <= ss.exact[pair[1]]);
    }
}

#[test]
fn two_hundred_players_exact() {
    // Beyond 128 players the counts need three machine words: efficiency still holds exactly.
    let w: Vec<u64> = (0..200).map(|i| 1 + (i * i % 37)).collect();
    let total: u64 = w.iter().sum();
    let g = VotingGame::weighted(total * 2 / 3, &w).unwrap();
    let ss = g.shapley_shubik().unwrap();
    assert_eq!(ss.exact.iter().sum::<BigRational>(), BigRational::one());
    let swings = g.banzhaf_swings().unwrap();
    assert!(swings.iter().all(|s| s.bits() > 64));
}

#[test]
fn eu_council_blocking_clause_matters() {
    // Made-up populations: 27 members, one of them huge. The blocking clause lets 24 members
    // pass what the population rule alone would block.
    let mut pop = vec![q(1, 1); 27];
    pop[0] = q(1000, 1);
    let g = VotingGame::eu_council(&pop).unwrap();
    let all_but_three_big: Vec<usize> = (3..27).collect();
    assert!(g.is_winning(&all_but_three_big).unwrap());
    let twenty_three_small: Vec<usize> = (4..27).collect();
    assert!(!g.is_winning(&twenty_three_small).unwrap());
    let ss = g.shapley_shubik().unwrap();
    assert_eq!(ss.exact.iter().sum::<BigRational>(), BigRational::one());
    // Against enumeration on a smaller council (12 members: 55% = 7, blocking clause 9).
    let pop: Vec<BigRational> = (1..=12).map(|i| q(i * i, 1)).collect();
    let g = VotingGame::eu_council(&pop).unwrap();
    let by_brute = ss_from_brute(&g);
    assert_eq!(g.shapley_shubik().unwrap().exact, by_brute);
}

#[test]
fn explicit_minimal_winning_coalitions() {
    let g = VotingGame::from_minimal_winning(4, &[vec![0, 1], vec![2, 3], vec![0, 1, 2]]).unwrap();
    assert_eq!(
        g.minimal_winning_coalitions(10).unwrap(),
        [vec![0, 1], vec![2, 3]]
    );
    assert_eq!(
        strings(&g.shapley_shubik().unwrap()),
        ss_from_brute(&g)
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
    );
    assert_eq!(
        strings(&g.shapley_shubik().unwrap()),
        ["1/4", "1/4", "1/4", "1/4"]
    );
}

#[test]
fn bad_input_is_refused_clearly() {
    let err = WeightedRule::new(q(1, 1), vec![q(1, 1), q(-1, 1)]).unwrap_err();
    assert!(
        matches!(&err, Error::InvalidGame(m) if m.contains("weights[1]") && m.contains("non-negative")),
        "{err}"
    );
    let err = VotingGame::weighted(10, &[1, 2]).unwrap_err();
    assert!(err.to_string().contains("quota is 10"), "{err}");
    let err = VotingGame::weighted(0, &[1, 2]).unwrap_err();
    assert!(err.to_string().contains("positive"), "{err}");
    let a = VotingGame::weighted(2, &[1, 1, 1]).unwrap();
    let b = VotingGame::weighted(2, &[1, 1]).unwrap();
    let err = VotingGame::all_of(vec![a.clone(), b]).unwrap_err();
    assert!(err.to_string().contains("games[1] has 2 players"), "{err}");
    let err = a.clone().with_players(["x", "x", "y"]).unwrap_err();
    assert!(err.to_string().contains("repeats"), "{err}");
    assert!(a.is_winning(&[5]).is_err());
    assert!(VotingGame::from_minimal_winning(3, &[]).is_err());
    assert!(VotingGame::from_minimal_winning(3, &[vec![]]).is_err());
    assert!(VotingGame::from_minimal_winning(3, &[vec![3]]).is_err());
    // Weights too fine-grained for the dynamic program on a large game: a clear refusal.
    let w: Vec<u64> = (0..60).map(|i| 1_000_000_007 + i * 999_983).collect();
    let total: u64 = w.iter().sum();
    let g = VotingGame::weighted(total / 2, &w).unwrap();
    let err = g.shapley_shubik().unwrap_err();
    assert!(err.to_string().contains("round"), "{err}");
    assert!(g.johnston().unwrap_err().to_string().contains("20 players"));
}

#[test]
fn interrupted_computation_stops() {
    use detente::interrupt::{self, StopToken};
    let w: Vec<u64> = (0..150).map(|i| 1 + i % 17).collect();
    let g = VotingGame::weighted(w.iter().sum::<u64>() / 2, &w).unwrap();
    let token = StopToken::new();
    token.stop();
    let r = interrupt::with_token(&token, || g.shapley_shubik());
    assert_eq!(r.unwrap_err(), Error::Interrupted);
}

#[test]
fn as_a_tu_game_the_shapley_value_is_shapley_shubik() {
    // The TU game's Shapley value (computed by the TU module's own routine) equals the
    // Shapley-Shubik index of the voting DP.
    let g = VotingGame::un_security_council();
    let tu = g.to_tu_game().unwrap();
    assert_eq!(tu.value((1 << 15) - 1), 1.0);
    assert_eq!(tu.value(0b1_1111_1111), 1.0); // P5 and 4 elected
    assert_eq!(tu.value(0b11_1111_1110), 0.0); // China out: vetoed
    let ss = g.shapley_shubik().unwrap();
    let mut w = vec![1u64; 9];
    w.push(3);
    let small = VotingGame::weighted(7, &w).unwrap();
    let tu_small = small.to_tu_game().unwrap();
    for mask in 0usize..1 << 10 {
        let members: Vec<usize> = (0..10).filter(|j| mask >> j & 1 == 1).collect();
        assert_eq!(
            tu_small.value(mask) == 1.0,
            small.is_winning(&members).unwrap()
        );
    }
    assert_eq!(tu.shapley_exact().unwrap(), ss.exact);
    assert_eq!(
        tu_small.shapley_exact().unwrap(),
        small.shapley_shubik().unwrap().exact
    );
    assert!(
        VotingGame::weighted(20, &[1; 40])
            .unwrap()
            .to_tu_game()
            .is_err()
    );
}

/// Swing counts by coalition size, winning coalitions, and Shapley-Shubik of `wins`, by
/// enumerating every coalition in the test (bitmasks; no library routine).
fn by_coalitions(n: usize, wins: &dyn Fn(u32) -> bool) -> (Vec<Vec<u64>>, u64, Vec<BigRational>) {
    let mut swings = vec![vec![0u64; n]; n];
    let mut winning = 0;
    for m in 0u32..1 << n {
        if wins(m) {
            winning += 1;
        }
        for (i, row) in swings.iter_mut().enumerate() {
            if m >> i & 1 == 0 && !wins(m) && wins(m | 1 << i) {
                row[m.count_ones() as usize] += 1;
            }
        }
    }
    let fact = |m: usize| (1..=m).fold(BigInt::one(), |a, b| a * BigInt::from(b));
    let ss = swings
        .iter()
        .map(|row| {
            let num: BigInt = (0..n)
                .map(|k| BigInt::from(row[k]) * fact(k) * fact(n - 1 - k))
                .sum();
            BigRational::new(num, fact(n))
        })
        .collect();
    (swings, winning, ss)
}

/// Shapley-Shubik by its definition: the share of the n! orders of arrival in which each
/// player turns the coalition of those before it from losing into winning (n ≤ 8).
fn by_orderings(n: usize, wins: &dyn Fn(u32) -> bool) -> Vec<BigRational> {
    let mut pivots = vec![0u64; n];
    let mut order: Vec<usize> = (0..n).collect();
    let mut total = 0u64;
    // Heap's algorithm visits every permutation once.
    fn heap(k: usize, order: &mut Vec<usize>, visit: &mut dyn FnMut(&[usize])) {
        if k <= 1 {
            visit(order);
            return;
        }
        for i in 0..k {
            heap(k - 1, order, visit);
            let j = if k.is_multiple_of(2) { i } else { 0 };
            order.swap(j, k - 1);
        }
    }
    heap(n, &mut order, &mut |p: &[usize]| {
        total += 1;
        let mut mask = 0u32;
        for &i in p {
            if !wins(mask) && wins(mask | 1 << i) {
                pivots[i] += 1;
            }
            mask |= 1 << i;
        }
    });
    pivots
        .iter()
        .map(|&c| BigRational::new(BigInt::from(c), BigInt::from(total)))
        .collect()
}

/// Weights with many repeats and zeros, and quotas at the edges (1, the total, half the
/// total and one more, the total less the smallest positive weight) or anywhere between.
fn weights_and_quota(max_n: usize) -> impl Strategy<Value = (Vec<u64>, u64)> {
    let weight = prop_oneof![Just(0u64), Just(1), Just(2), Just(3), 0u64..=20];
    (
        proptest::collection::vec(weight, 1..=max_n),
        0u8..6,
        any::<u64>(),
    )
        .prop_map(|(mut w, edge, r)| {
            if w.iter().all(|&x| x == 0) {
                w[0] = 1;
            }
            let total: u64 = w.iter().sum();
            let least = w.iter().copied().filter(|&x| x > 0).min().unwrap();
            let quota = match edge {
                0 => 1,
                1 => total,
                2 => total / 2,
                3 => total / 2 + 1,
                4 => total - least + 1,
                _ => 1 + r % total,
            }
            .clamp(1, total);
            (w, quota)
        })
}

fn weighted_wins(w: &[u64], quota: u64) -> impl Fn(u32) -> bool + '_ {
    move |m| {
        (0..w.len())
            .filter(|&i| m >> i & 1 == 1)
            .map(|i| w[i])
            .sum::<u64>()
            >= quota
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// One weighted rule, or two joined by "all of" / "any of", of up to 10 players: every
    /// index that the dynamic program serves against the test's own enumeration of all
    /// coalitions, and Shapley-Shubik against all orders of arrival up to 7 players.
    #[test]
    fn dp_equals_coalitions_and_orderings(
        (w, quota) in weights_and_quota(10),
        second in proptest::option::of(weights_and_quota(10)),
        any in any::<bool>(),
    ) {
        let n = w.len();
        let one = weighted_wins(&w, quota);
        let (game, wins): (VotingGame, Box<dyn Fn(u32) -> bool>) = match second {
            Some((mut v, _)) => {
                v.resize(n, 1);
                if v.iter().all(|&x| x == 0) {
                    v[0] = 1;
                }
                let total: u64 = v.iter().sum();
                let quota2 = (total / 2 + 1).min(total);
                let a = VotingGame::weighted(quota, &w).unwrap();
                let b = VotingGame::weighted(quota2, &v).unwrap();
                let two = move |m: u32| weighted_wins(&v, quota2)(m);
                if any {
                    (VotingGame::any_of(vec![a, b]).unwrap(), Box::new(move |m| one(m) || two(m)))
                } else {
                    (VotingGame::all_of(vec![a, b]).unwrap(), Box::new(move |m| one(m) && two(m)))
                }
            }
            None => (VotingGame::weighted(quota, &w).unwrap(), Box::new(one)),
        };
        let (by_size, winning, ss) = by_coalitions(n, &*wins);
        prop_assert_eq!(&game.shapley_shubik().unwrap().exact, &ss);
        if n <= 7 {
            prop_assert_eq!(&by_orderings(n, &*wins), &ss);
        }
        let swings: Vec<u64> = by_size.iter().map(|r| r.iter().sum()).collect();
        let ours = game.banzhaf_swings().unwrap();
        prop_assert_eq!(&ours, &swings.iter().map(|&s| BigUint::from(s)).collect::<Vec<_>>());
        let sum: u64 = swings.iter().sum();
        let normalized = game.banzhaf(true).unwrap().exact;
        let absolute = game.banzhaf(false).unwrap().exact;
        for i in 0..n {
            let expect = if sum == 0 { BigRational::zero() } else { q(swings[i] as i64, sum as i64) };
            prop_assert_eq!(&normalized[i], &expect);
            prop_assert_eq!(&absolute[i], &q(swings[i] as i64, 1 << (n - 1)));
        }
        prop_assert_eq!(game.win_probability().unwrap(), q(winning as i64, 1 << n));
        let dummies: Vec<usize> = (0..n).filter(|&i| swings[i] == 0).collect();
        prop_assert_eq!(game.dummy_players().unwrap(), dummies);
        // A player without weight in a single weighted rule is a dummy.
        if game.rule().leaves().len() == 1 {
            for i in (0..n).filter(|&i| w[i] == 0) {
                prop_assert!(ss[i].is_zero());
            }
        }
    }
}

/// The 190 weights (basis points) of the IMF-style board of `benches/compare_peers.py`
/// (`imf_board`, section `voting`), with two members' weights set to 0.
fn imf_board_with_zeros() -> Vec<u64> {
    let mut w = vec![
        2, 10, 51, 2, 11, 27, 5, 10, 20, 26, 34, 9, 27, 4, 1, 28, 21, 2, 17, 38, 9, 4, 8, 7, 15, 3,
        4, 33, 3, 28, 51, 2, 148, 8, 1, 8, 12, 14, 29, 6, 17, 32, 4, 5, 13, 11, 13, 7, 5, 2, 75, 7,
        8, 29, 6, 79, 3, 26, 6, 1, 1, 3, 3, 3, 82, 321, 44, 13, 36, 1, 212, 31, 15, 14, 2, 2, 120,
        34, 29, 9, 3, 11, 171, 47, 9, 134, 11, 55, 30, 13, 4, 1, 63, 47, 5, 14, 62, 84, 3, 4, 17,
        7, 11, 35, 23, 25, 150, 348, 714, 279, 18, 17, 89, 17, 3, 18, 27, 1, 32, 3, 31, 15, 15, 76,
        1, 43, 49, 6, 6, 313, 6, 10, 42, 19, 20, 9, 12, 22, 3, 12, 35, 43, 9, 26, 3, 46, 128, 49,
        22, 10, 5, 62, 13, 162, 155, 23, 6, 31, 17, 1452, 4, 31, 21, 49, 54, 3, 81, 98, 13, 7, 5,
        5, 3, 11, 9, 11, 9, 9, 93, 84, 6, 6, 19, 7, 2, 3, 16, 12, 2, 1650,
    ];
    w[14] = 0;
    w[59] = 0;
    w
}

/// Swings of every player of `[quota; w]` by a plain big-integer count of coalitions by
/// weight, written in the test: the table of everyone, then each distinct weight divided
/// out (coalitions of the others with weight in `[quota − w_i, quota)`).
fn banzhaf_by_bigint_dp(quota: u64, w: &[u64]) -> Vec<BigUint> {
    let q = quota as usize;
    let mut f = vec![BigUint::zero(); q];
    f[0] = BigUint::one();
    for &x in w {
        let x = x as usize;
        for s in (x..q).rev() {
            let add = f[s - x].clone();
            f[s] += add;
        }
    }
    let mut cache = std::collections::HashMap::new();
    w.iter()
        .map(|&x| {
            cache
                .entry(x)
                .or_insert_with(|| {
                    let x = x as usize;
                    if x == 0 {
                        return BigUint::zero();
                    }
                    let mut g = f.clone();
                    for s in x..q {
                        let sub = g[s - x].clone();
                        g[s] -= sub;
                    }
                    g[q.saturating_sub(x)..q].iter().sum()
                })
                .clone()
        })
        .collect()
}

#[test]
fn imf_board_exact_identities() {
    let w = imf_board_with_zeros();
    let n = w.len();
    assert_eq!(n, 190);
    let total: u64 = w.iter().sum();
    assert_eq!(total % 2, 1);
    // An odd total and a quota above half: of a coalition and its complement exactly one
    // wins (a decisive game), so 2^189 of the 2^190 coalitions win and every swing count
    // η_i = 2·#(winning coalitions with i) − #(winning) is even.
    let quota = total / 2 + 1;
    let g = VotingGame::weighted(quota, &w).unwrap();
    let ss = g.shapley_shubik().unwrap().exact;
    assert_eq!(ss.iter().sum::<BigRational>(), BigRational::one());
    assert_eq!(g.win_probability().unwrap(), q(1, 2));
    let swings = g.banzhaf_swings().unwrap();
    assert_eq!(swings, banzhaf_by_bigint_dp(quota, &w));
    assert!(swings.iter().all(|s| !s.bit(0)), "odd swing count");
    assert!(
        swings.iter().any(|s| s.bits() > 128),
        "counts need three words"
    );
    for i in 0..n {
        if w[i] == 0 {
            assert!(ss[i].is_zero() && swings[i].is_zero());
        }
        for j in 0..n {
            if w[i] == w[j] {
                assert_eq!((&ss[i], &swings[i]), (&ss[j], &swings[j]));
            } else if w[i] < w[j] {
                assert!(ss[i] <= ss[j] && swings[i] <= swings[j]);
            }
        }
    }
    assert_eq!(g.dummy_players().unwrap(), [14, 59]);
    // The positive weights have 72 distinct values, and the indices as many distinct values.
    let distinct: std::collections::BTreeSet<&BigRational> =
        (0..n).filter(|&i| w[i] > 0).map(|i| &ss[i]).collect();
    assert!(distinct.len() > 60, "{}", distinct.len());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Heavy-tailed weights (mostly 0–3, a few up to 2000) of up to 15 players, as on real
    /// boards: the banded table updates (rows bounded by the lightest and the heaviest
    /// weights so far) and the stored rows against the test's enumeration of coalitions.
    #[test]
    fn heavy_tailed_weights_equal_enumeration(
        w in proptest::collection::vec(prop_oneof![4 => 0u64..=3, 1 => 0u64..=2000], 1..=15),
        pct in prop_oneof![Just(50u64), Just(67), Just(100), 1u64..=100],
    ) {
        let mut w = w;
        if w.iter().all(|&x| x == 0) {
            w[0] = 1;
        }
        let n = w.len();
        let total: u64 = w.iter().sum();
        let quota = (total * pct / 100 + 1).min(total);
        let game = VotingGame::weighted(quota, &w).unwrap();
        let (by_size, winning, ss) = by_coalitions(n, &weighted_wins(&w, quota));
        prop_assert_eq!(&game.shapley_shubik().unwrap().exact, &ss);
        let swings: Vec<BigUint> = by_size.iter().map(|r| BigUint::from(r.iter().sum::<u64>())).collect();
        prop_assert_eq!(game.banzhaf_swings().unwrap(), swings);
        prop_assert_eq!(game.win_probability().unwrap(), q(winning as i64, 1 << n));
    }
}

#[test]
fn the_security_councils_nucleolus_splits_among_the_vetoes_in_few_lps() {
    // Hand-derived: a simple game with veto players has a non-empty core (the allocations to
    // the vetoes), and the nucleolus splits v(N) = 1 equally among the five permanent members.
    // The game is degenerate (thousands of coalitions tie at excess 0 at the first vertex):
    // the sequence must drop every coalition found slack by an LP at once, not a basis of them
    // per LP (which took 2^(n-2) LPs: minutes at n = 15).
    let tu = VotingGame::un_security_council().to_tu_game().unwrap();
    let nu = tu.nucleolus().unwrap();
    let fifth = BigRational::new(BigInt::one(), BigInt::from(5));
    let mut expected = vec![fifth; 5];
    expected.extend(vec![BigRational::zero(); 10]);
    assert_eq!(nu.allocation_exact.unwrap(), expected);
    assert!(nu.certified);
    assert!(nu.lp_solves < 100, "{} LPs", nu.lp_solves);
}
