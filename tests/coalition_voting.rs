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
