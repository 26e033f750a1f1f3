//! The exact equilibria of exact mode, certified in integers.
//!
//! Each extreme strategy is a vertex's coordinates over their sum, so the opponent's action
//! values against it are, up to one positive factor, integer dot products with the integer
//! payoffs the search used (the game's exact payoffs shifted and scaled by positive
//! constants, [`super::integer_matrix`], which changes no comparison of action values). A
//! pair is an equilibrium with exact regret zero when every action in each support attains
//! the largest of these integers; each player's payoff is then the value of such an action,
//! computed from the game's exact payoffs. These are the numbers [`ExactEquilibrium::new`]
//! computes in big fractions (a reduction per addition), here at a cost of integer
//! multiply-adds once per distinct strategy; a pair that fails the test (none should) is
//! handed to [`ExactEquilibrium::new`], which reports its true regret.

use num_bigint::BigInt;
use num_integer::Integer;
use num_rational::BigRational;
use num_traits::{One, Zero};

use crate::error::Result;
use crate::game::Game;
use crate::interrupt;
use crate::solve::ExactEquilibrium;

/// What certification needs of one player's distinct extreme strategy.
struct Side {
    /// The support (indices of positive probabilities).
    support: Vec<usize>,
    /// The opponent's actions that are best responses to it.
    best: Vec<usize>,
    /// The opponent's payoff, exactly (the value of a best response).
    opponent_payoff: BigRational,
}

/// The exact equilibria of `pairs` of the row strategies `rows` and column strategies
/// `columns` (normalised, exact) of `game`, whose payoffs as positive integers (an increasing
/// affine image of each player's payoffs) are `cp` (`n × m`, the column player's, transposed)
/// and `cq` (`m × n`, the row player's).
pub(super) fn exact_equilibria(
    game: &Game,
    cp: &[Vec<BigInt>],
    cq: &[Vec<BigInt>],
    rows: &[Vec<BigRational>],
    columns: &[Vec<BigRational>],
    pairs: &[(usize, usize)],
) -> Result<Vec<ExactEquilibrium>> {
    let n = columns.first().map_or(0, Vec::len);
    // The column player's payoff of column `j` against row strategy `x`: B[i][j] is exact
    // payoff 2 (i n + j) + 1.
    let row_sides: Vec<Side> = rows
        .iter()
        .map(|x| side(x, cp, |j, i| game.exact_payoff(2 * (i * n + j) + 1)))
        .collect();
    let column_sides: Vec<Side> = columns
        .iter()
        .map(|y| side(y, cq, |i, j| game.exact_payoff(2 * (i * n + j))))
        .collect();
    interrupt::check()?;
    pairs
        .iter()
        .map(|&(r, c)| {
            let (x, y) = (&row_sides[r], &column_sides[c]);
            let certified = x.support.iter().all(|i| y.best.contains(i))
                && y.support.iter().all(|j| x.best.contains(j));
            let strategies = vec![rows[r].clone(), columns[c].clone()];
            if !certified {
                return ExactEquilibrium::new(game, strategies);
            }
            Ok(ExactEquilibrium {
                strategies,
                payoffs: vec![y.opponent_payoff.clone(), x.opponent_payoff.clone()],
                regret: Some(BigRational::zero()),
            })
        })
        .collect()
}

/// The support of strategy `s`, the opponent's best responses to it (`c[a]` holds the
/// opponent's integer payoffs of action `a`, one per action of `s`'s player), and the
/// opponent's exact payoff (`payoff(a, k)`: the opponent's exact payoff of action `a` when
/// `s`'s player plays `k`).
fn side(
    s: &[BigRational],
    c: &[Vec<BigInt>],
    payoff: impl Fn(usize, usize) -> BigRational,
) -> Side {
    let support: Vec<usize> = (0..s.len()).filter(|&k| !s[k].is_zero()).collect();
    // The probabilities over a common denominator: integer weights.
    let denominator = support
        .iter()
        .fold(BigInt::one(), |l, &k| l.lcm(s[k].denom()));
    let weights: Vec<(usize, BigInt)> = support
        .iter()
        .map(|&k| (k, s[k].numer() * (&denominator / s[k].denom())))
        .collect();
    let values: Vec<BigInt> = c
        .iter()
        .map(|row| weights.iter().map(|(k, w)| &row[*k] * w).sum())
        .collect();
    let top = values.iter().max().cloned().unwrap_or_default();
    let best: Vec<usize> = (0..values.len()).filter(|&a| values[a] == top).collect();
    let opponent_payoff = best.first().map_or_else(BigRational::zero, |&a| {
        support.iter().map(|&k| payoff(a, k) * &s[k]).sum()
    });
    Side {
        support,
        best,
        opponent_payoff,
    }
}
