//! Strict and weak dominance by pure and mixed strategies, and iterated elimination.
//!
//! Definitions, method and references are in the documentation of [`dominated`] (this module
//! is private; its items are re-exported from [`crate::solve`]).

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::game::Game;
use crate::interrupt;
use crate::lp::{LinearProgram, Outcome, Relation};

/// Relative tolerance for accepting a mixed (LP) dominator: at each opponent profile `s` the
/// margin is compared with `DOMINANCE_TOLERANCE` times the magnitude of the terms it is
/// computed from, `Σ_b σ_b |u_i(b, s)| + |u_i(a, s)|`, so a difference that floating-point
/// rounding could not have produced is never tolerated, whatever the payoffs' scale.
///
/// Pure dominators are checked with exact comparisons and do not use it.
///
/// # Example
/// ```
/// assert!(detente::solve::DOMINANCE_TOLERANCE < 1e-6);
/// ```
pub const DOMINANCE_TOLERANCE: f64 = 1e-9;

/// Weights below this are treated as LP noise when cleaning a mixed dominator.
const NOISE: f64 = 1e-12;

/// Which kind of dominance to look for.
///
/// The default is strict dominance by pure or mixed strategies.
///
/// # Example
/// ```
/// use detente::solve::DominanceOptions;
///
/// let pure_weak = DominanceOptions { strict: false, mixed: false };
/// assert_eq!(DominanceOptions::default(), DominanceOptions { strict: true, mixed: true });
/// assert_ne!(pure_weak, DominanceOptions::default());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct DominanceOptions {
    /// `true`: strict dominance (better against every opponent profile); `false`: weak
    /// dominance (never worse, better against at least one).
    pub strict: bool,
    /// `true`: mixed strategies may dominate (one LP per candidate action); `false`: pure only.
    pub mixed: bool,
}

impl Default for DominanceOptions {
    fn default() -> Self {
        Self {
            strict: true,
            mixed: true,
        }
    }
}

/// One dominated action and the strategy that dominates it.
///
/// # Example
/// ```
/// use detente::solve::{dominated, DominanceOptions};
/// use detente::Game;
/// use ndarray::array;
///
/// // Prisoner's dilemma: cooperating (0) is strictly dominated by defecting (1).
/// let g = Game::from_bimatrix(array![[3.0, 0.0], [5.0, 1.0]].view(),
///                             array![[3.0, 5.0], [0.0, 1.0]].view())?;
/// let e = &dominated(&g, 0, DominanceOptions::default())?[0];
/// assert_eq!((e.player, e.action, e.round), (0, 0, 0));
/// assert_eq!(e.dominator, vec![0.0, 1.0]);
/// assert!(e.is_pure_dominator());
/// # Ok::<(), detente::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Elimination {
    /// The elimination step, from 0. [`dominated`] reports 0; in [`dominance`] all actions
    /// removed together share a round, and the dominator refers to the game as it stood at
    /// the start of that round (it may put weight on actions removed in the same round).
    pub round: usize,
    /// The player whose action is dominated.
    pub player: usize,
    /// The dominated action, as an index in the original game.
    pub action: usize,
    /// The dominating strategy: a probability vector over the player's actions in the
    /// original game (zero on the dominated action and on actions already removed), a unit
    /// vector when the dominator is pure.
    pub dominator: Vec<f64>,
}

impl Elimination {
    /// Whether the dominator is a pure strategy (one weight 1, the rest 0).
    ///
    /// # Example
    /// ```
    /// use detente::solve::Elimination;
    ///
    /// let e = Elimination { round: 0, player: 0, action: 1, dominator: vec![0.5, 0.0, 0.5] };
    /// assert!(!e.is_pure_dominator());
    /// ```
    pub fn is_pure_dominator(&self) -> bool {
        self.dominator.iter().filter(|&&p| p == 1.0).count() == 1
            && self.dominator.iter().all(|&p| p == 0.0 || p == 1.0)
    }
}

/// The outcome of iterated elimination: the reduced game and how it was reached.
///
/// # Example
/// ```
/// use detente::solve::{dominance, DominanceOptions};
/// use detente::Game;
/// use ndarray::array;
///
/// let g = Game::from_bimatrix(array![[3.0, 0.0], [5.0, 1.0]].view(),
///                             array![[3.0, 5.0], [0.0, 1.0]].view())?
///     .with_actions(vec![vec!["C", "D"], vec!["C", "D"]])?;
/// let r = dominance(&g, DominanceOptions::default())?;
/// assert_eq!(r.kept, vec![vec![1], vec![1]]);
/// assert_eq!(r.game.actions(), &[vec!["D"], vec!["D"]]);
/// assert_eq!(r.eliminated.len(), 2);
/// # Ok::<(), detente::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reduction {
    /// The reduced game (names and labels of the kept actions preserved, see
    /// [`Game::restrict`]).
    pub game: Game,
    /// For each player, the original indices of the actions kept, ascending.
    pub kept: Vec<Vec<usize>>,
    /// Every elimination, in the order performed.
    pub eliminated: Vec<Elimination>,
}

/// The actions of `player` dominated in `game` as it stands (one round, no iteration).
///
/// Actions are examined in index order; each dominated one is reported once, with a pure
/// dominator (the lowest-indexed one) when there is one, and otherwise, if `options.mixed`,
/// a mixed dominator found by linear programming and verified on the payoffs (see *Method*).
/// A player with a single action has nothing dominated.
///
/// # Definitions
/// Action `a` of player `i` is **strictly dominated** by a mixed strategy `σ` over `i`'s other
/// actions if `Σ_b σ_b u_i(b, s) > u_i(a, s)` for every pure profile `s` of the opponents, and
/// **weakly dominated** if `>=` holds for every `s` and `>` for at least one. A rational player
/// never plays a strictly dominated action, whatever it believes about the others; deleting
/// such actions round after round (iterated strict dominance) keeps every Nash equilibrium and
/// creates none, and the result does not depend on the order of deletion. Weak dominance is
/// order-dependent and may delete equilibria, so its order is fixed and recorded.
///
/// # Method
/// For each action, pure dominators are tried first with exact comparisons. If none exists and
/// mixed dominators are allowed, a linear program searches for one (Myerson 1991, §2.5):
///
/// * strict: maximise `ε` subject to `Σ_b σ_b u_i(b, s) − u_i(a, s) >= ε` for all `s`, `σ` in
///   the simplex over `b ≠ a`; `a` is strictly dominated iff `ε* > 0`;
/// * weak: maximise `Σ_s t_s` subject to `Σ_b σ_b u_i(b, s) − u_i(a, s) = t_s >= 0`.
///
/// The LP only proposes: its `σ` is cleaned (tiny and negative weights dropped, renormalised)
/// and the margins `Σ_b σ_b u_i(b, s) − u_i(a, s)` are recomputed from the payoffs. A mixed
/// dominator is accepted only if every margin exceeds `τ_s` (strict), or every margin is at
/// least `−τ_s` and one exceeds `τ_s` (weak), where `τ_s` = [`DOMINANCE_TOLERANCE`] ×
/// `(Σ_b σ_b |u_i(b, s)| + |u_i(a, s)|)` bounds the rounding error of the margin at `s`. An
/// action is never reported on the LP's word alone. Actions that are a best response (strict)
/// or the unique best response by more than that tolerance (weak) to some opponent profile are
/// ruled out before any LP.
///
/// # References
/// * M. J. Osborne and A. Rubinstein, *A Course in Game Theory*, MIT Press, 1994, ch. 2 and 4
///   (§4.2, iterated elimination of strictly dominated actions).
/// * R. B. Myerson, *Game Theory: Analysis of Conflict*, Harvard University Press, 1991, §2.5.
///
/// # Arguments
/// * `game` – any finite game.
/// * `player` – the player's index, `0 <= player < game.num_players()`.
/// * `options` – strict or weak, pure or mixed dominators.
///
/// # Returns
/// The dominated actions in increasing order, all with `round` 0.
///
/// # Errors
/// [`Error::InvalidArgument`] for an unknown player; [`Error::Solver`] if the LP backend
/// fails; [`Error::Interrupted`] if it is stopped ([`interrupt`]) meanwhile.
///
/// # Complexity
/// With `k` actions for `player` and `S` opponent profiles: `O(k² S)` for pure dominators,
/// plus at most one LP per remaining action with `k` variables and `S` rows (strict) or
/// `k + S` variables (weak), solved by the simplex method.
///
/// # Example
/// ```
/// use detente::solve::{dominated, DominanceOptions};
/// use detente::Game;
/// use ndarray::array;
///
/// // The middle row is beaten only by the 50/50 mix of the others.
/// let a = array![[3.0, 0.0], [1.0, 1.0], [0.0, 3.0]];
/// let g = Game::from_bimatrix(a.view(), a.view())?;
/// let found = dominated(&g, 0, DominanceOptions::default())?;
/// assert_eq!(found.len(), 1);
/// assert_eq!(found[0].action, 1);
/// assert!((found[0].dominator[0] - 0.5).abs() < 1e-6);
/// let pure_only = DominanceOptions { strict: true, mixed: false };
/// assert!(dominated(&g, 0, pure_only)?.is_empty());
/// # Ok::<(), detente::Error>(())
/// ```
pub fn dominated(
    game: &Game,
    player: usize,
    options: DominanceOptions,
) -> Result<Vec<Elimination>> {
    if player >= game.num_players() {
        return Err(Error::InvalidArgument(format!(
            "player {player} does not exist: this game has players 0..{}",
            game.num_players()
        )));
    }
    let kept: Vec<Vec<usize>> = game.shape().iter().map(|&n| (0..n).collect()).collect();
    Ok(find(game, &kept, player, options, false)?
        .into_iter()
        .map(|(action, dominator)| Elimination {
            round: 0,
            player,
            action,
            dominator,
        })
        .collect())
}

/// Iterated elimination of dominated actions (definitions and method: see [`dominated`]).
///
/// * Strict dominance: players are visited in turn (0, 1, …, cyclically); each visit removes
///   every strictly dominated action of that player at once, which is one round. This is
///   sound because strict dominance survives simultaneous removal, and the final game does
///   not depend on the order (Osborne & Rubinstein 1994, §4.2).
/// * Weak dominance: one action is removed per round, the first dominated one in (player,
///   action) order, and everything is rechecked, since the outcome depends on the order.
///
/// Elimination stops when no action is dominated. Every player keeps at least one action.
/// Iterated strict dominance keeps every Nash equilibrium, pure or mixed, and the reduced game
/// has no others; iterated weak dominance may lose equilibria.
///
/// # Arguments
/// * `game` – any finite game.
/// * `options` – strict or weak, pure or mixed dominators.
///
/// # Returns
/// The [`Reduction`]: reduced game, kept actions, eliminations in order.
///
/// # Errors
/// [`Error::Solver`] if the LP backend fails; [`Error::Interrupted`] if
/// it is stopped ([`interrupt`]) meanwhile (checked before every LP).
///
/// # Complexity
/// At most `Σ n_i − N` rounds. A player is rechecked only after an opponent lost an action,
/// each check costing as in [`dominated`]; weak elimination may recheck a player after each
/// removal. Each LP is a simplex solve, so mixed dominators dominate the cost on large games.
///
/// # Example
/// ```
/// use detente::solve::{dominance, DominanceOptions};
/// use detente::Game;
/// use ndarray::array;
///
/// // Row 0 is strictly dominated by row 1; then column 1 by column 0; then row 2 by row 1.
/// let g = Game::from_bimatrix(array![[1.0, 1.0], [2.0, 2.0], [0.0, 3.0]].view(),
///                             array![[2.0, 1.0], [2.0, 1.0], [2.0, 1.0]].view())?;
/// let r = dominance(&g, DominanceOptions::default())?;
/// assert_eq!(r.kept, vec![vec![1], vec![0]]);
/// assert_eq!(r.eliminated.iter().map(|e| (e.round, e.player, e.action)).collect::<Vec<_>>(),
///            vec![(0, 0, 0), (1, 1, 1), (2, 0, 2)]);
/// # Ok::<(), detente::Error>(())
/// ```
pub fn dominance(game: &Game, options: DominanceOptions) -> Result<Reduction> {
    let n = game.num_players();
    let mut kept: Vec<Vec<usize>> = game.shape().iter().map(|&k| (0..k).collect()).collect();
    let mut eliminated = Vec::new();
    // `clean[i]`: player i had nothing dominated at its last check, and no opponent has lost
    // an action since. (Losing its own actions never makes another of them dominated.)
    let mut clean = vec![false; n];
    let mut round = 0;
    let mut player = 0;
    loop {
        let next = if options.strict {
            // Cycle: the first unclean player from the current one on.
            (0..n).map(|d| (player + d) % n).find(|&i| !clean[i])
        } else {
            // Restart: the first unclean player.
            clean.iter().position(|c| !c)
        };
        let Some(i) = next else { break };
        player = i;
        let mut found = find(game, &kept, i, options, !options.strict)?;
        // A player always keeps an action (a safeguard: verified strict dominators cannot
        // eliminate every action, and weak elimination removes one at a time).
        found.truncate(kept[i].len() - 1);
        if found.is_empty() {
            clean[i] = true;
            player = (i + 1) % n;
            continue;
        }
        for (action, dominator) in found {
            kept[i].retain(|&a| a != action);
            eliminated.push(Elimination {
                round,
                player: i,
                action,
                dominator,
            });
        }
        round += 1;
        for (j, c) in clean.iter_mut().enumerate() {
            *c = j == i && options.strict;
        }
        if options.strict {
            player = (i + 1) % n;
        }
    }
    Ok(Reduction {
        game: game.restrict(&kept)?,
        kept,
        eliminated,
    })
}

/// Player `player`'s payoffs in the subgame `kept`, one row per kept action, one column per
/// opponent profile (opponents' kept actions in C order).
fn payoff_rows(game: &Game, kept: &[Vec<usize>], player: usize) -> Vec<Vec<f64>> {
    let n = game.num_players();
    let data = game.payoff_slice();
    let strides = game.profile_strides();
    let opponents: Vec<usize> = (0..n).filter(|&j| j != player).collect();
    let columns: usize = opponents.iter().map(|&j| kept[j].len()).product();
    let mut rows = vec![Vec::with_capacity(columns); kept[player].len()];
    let mut odometer = vec![0usize; opponents.len()];
    for _ in 0..columns {
        let base: usize = opponents
            .iter()
            .zip(&odometer)
            .map(|(&j, &k)| kept[j][k] * strides[j])
            .sum();
        for (row, &a) in rows.iter_mut().zip(&kept[player]) {
            row.push(data[(base + a * strides[player]) * n + player]);
        }
        for d in (0..opponents.len()).rev() {
            odometer[d] += 1;
            if odometer[d] < kept[opponents[d]].len() {
                break;
            }
            odometer[d] = 0;
        }
    }
    rows
}

/// The dominated actions of `player` in the subgame `kept`, as (original action, dominator
/// over the original actions); only the first one if `first_only`.
fn find(
    game: &Game,
    kept: &[Vec<usize>],
    player: usize,
    options: DominanceOptions,
    first_only: bool,
) -> Result<Vec<(usize, Vec<f64>)>> {
    interrupt::check()?;
    let actions = &kept[player];
    let k = actions.len();
    if k < 2 {
        return Ok(Vec::new());
    }
    let rows = payoff_rows(game, kept, player);
    let columns = rows[0].len();
    let scale = rows.iter().flatten().fold(0.0f64, |m, &x| m.max(x.abs()));
    // Per column, the largest absolute payoff: 2 τ times it bounds every margin tolerance.
    let magnitude: Vec<f64> = (0..columns)
        .map(|s| rows.iter().fold(0.0f64, |m, row| m.max(row[s].abs())))
        .collect();
    // Per column, the best payoff, the action attaining it first, and the best payoff of the
    // other actions: an action's margin against any σ is at most `best_other - u` there.
    let best: Vec<(f64, usize, f64)> = (0..columns)
        .map(|s| {
            let mut top = (f64::NEG_INFINITY, 0, f64::NEG_INFINITY);
            for (r, row) in rows.iter().enumerate() {
                let x = row[s];
                if x > top.0 {
                    top = (x, r, top.0);
                } else if x > top.2 {
                    top.2 = x;
                }
            }
            top
        })
        .collect();
    let hopeless = |a: usize| {
        (0..columns).any(|s| {
            let (first, arg, second) = best[s];
            let other = if arg == a { second } else { first };
            let u = rows[a][s];
            if options.strict {
                u >= other
            } else {
                u - other > 2.0 * DOMINANCE_TOLERANCE * magnitude[s]
            }
        })
    };
    let mut found = Vec::new();
    for a in 0..k {
        if hopeless(a) {
            continue;
        }
        let sigma = match pure_dominator(&rows, a, options.strict) {
            Some(b) => Some(unit(k, b)),
            None if options.mixed && k > 2 => {
                interrupt::check()?;
                mixed_dominator(&rows, a, options.strict, scale)?
            }
            None => None,
        };
        if let Some(sigma) = sigma {
            let mut dominator = vec![0.0; game.shape()[player]];
            for (&orig, &p) in actions.iter().zip(&sigma) {
                dominator[orig] = p;
            }
            found.push((actions[a], dominator));
            if first_only {
                break;
            }
        }
    }
    Ok(found)
}

fn unit(k: usize, b: usize) -> Vec<f64> {
    let mut v = vec![0.0; k];
    v[b] = 1.0;
    v
}

/// The lowest-indexed action that dominates `a`, by exact comparisons.
fn pure_dominator(rows: &[Vec<f64>], a: usize, strict: bool) -> Option<usize> {
    let ua = &rows[a];
    (0..rows.len()).filter(|&b| b != a).find(|&b| {
        let ub = &rows[b];
        if strict {
            ub.iter().zip(ua).all(|(x, y)| x > y)
        } else {
            ub.iter().zip(ua).all(|(x, y)| x >= y) && ub.iter().zip(ua).any(|(x, y)| x > y)
        }
    })
}

/// A mixed strategy (over the rows' indices, zero at `a`) dominating row `a`, found by LP and
/// verified on the payoffs; `None` if there is none or it fails verification.
fn mixed_dominator(
    rows: &[Vec<f64>],
    a: usize,
    strict: bool,
    scale: f64,
) -> Result<Option<Vec<f64>>> {
    if scale == 0.0 {
        return Ok(None);
    }
    let k = rows.len();
    let columns = rows[0].len();
    let others: Vec<usize> = (0..k).filter(|&b| b != a).collect();
    // Normalised payoffs in [-1, 1], so that the backend's absolute tolerances are relative.
    let u = |b: usize, s: usize| rows[b][s] / scale;
    let mut lp = LinearProgram::new();
    let sigma = lp.add_variables(others.len(), 0.0, 1.0, 0.0);
    lp.add_row(sigma.clone().map(|v| (v, 1.0)), Relation::Eq, 1.0);
    // Margins lie in [-2, 2] after normalisation: the bounds below never bind at an optimum.
    if strict {
        let eps = lp.add_variable(-3.0, 3.0, 1.0);
        let mut coefficients: Vec<f64> = Vec::with_capacity(others.len() + 1);
        for s in 0..columns {
            coefficients.clear();
            coefficients.extend(others.iter().map(|&b| u(b, s)));
            coefficients.push(-1.0);
            lp.add_dense_row(sigma.start, &coefficients, Relation::Ge, u(a, s));
        }
        debug_assert_eq!(eps, sigma.end);
    } else {
        let slack = lp.add_variables(columns, 0.0, 3.0, 1.0);
        for s in 0..columns {
            let terms = sigma
                .clone()
                .zip(&others)
                .map(|(v, &b)| (v, u(b, s)))
                .chain([(slack.start + s, -1.0)]);
            lp.add_row(terms, Relation::Eq, u(a, s));
        }
    }
    let solution = match lp.maximise()? {
        Outcome::Optimal(solution) => solution,
        // Weak LP: no σ is at least as good everywhere.
        Outcome::Infeasible => return Ok(None),
        Outcome::Unbounded => {
            return Err(Error::Solver(
                "the dominance LP is bounded by construction, but the backend reported it \
                 unbounded"
                    .into(),
            ));
        }
    };
    if solution.objective <= DOMINANCE_TOLERANCE {
        return Ok(None);
    }
    let raw = &solution.values[sigma];
    // Try the candidate with LP noise removed, then with only negative weights clipped.
    for floor in [NOISE, 0.0] {
        let Some(weights) = clean(raw, floor) else {
            continue;
        };
        let mut full = vec![0.0; k];
        for (&b, &p) in others.iter().zip(&weights) {
            full[b] = p;
        }
        if verify(rows, a, &full, strict) {
            return Ok(Some(full));
        }
    }
    Ok(None)
}

/// Zeroes weights below `floor` (and negative ones) and renormalises; `None` if nothing is left.
fn clean(raw: &[f64], floor: f64) -> Option<Vec<f64>> {
    let clipped: Vec<f64> = raw
        .iter()
        .map(|&p| if p > floor { p } else { 0.0 })
        .collect();
    let sum: f64 = clipped.iter().sum();
    (sum > 0.0).then(|| clipped.iter().map(|p| p / sum).collect())
}

/// Recomputes the margins of `sigma` over row `a` from the payoffs and applies the acceptance
/// rule with the per-profile tolerance `τ_s` (see [`DOMINANCE_TOLERANCE`]): all margins
/// `> τ_s` (strict), or all `>= −τ_s` and one `> τ_s` (weak).
fn verify(rows: &[Vec<f64>], a: usize, sigma: &[f64], strict: bool) -> bool {
    let mut better = false;
    for s in 0..rows[a].len() {
        let (mix, size) = sigma
            .iter()
            .zip(rows)
            .filter(|&(&p, _)| p > 0.0)
            .fold((0.0, 0.0), |(m, z), (&p, row)| {
                (m + p * row[s], z + p * row[s].abs())
            });
        let margin = mix - rows[a][s];
        let tol = DOMINANCE_TOLERANCE * (size + rows[a][s].abs());
        if strict && margin <= tol || !strict && margin < -tol {
            return false;
        }
        better |= margin > tol;
    }
    better
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payoff_rows_follow_kept_actions_of_three_players() {
        let g = Game::from_fn(&[2, 3, 2], |s, i| {
            (100 * s[0] + 10 * s[1] + s[2] + i) as f64
        })
        .unwrap();
        let kept = vec![vec![0, 1], vec![0, 2], vec![1]];
        // Player 1's rows: actions 0 and 2; columns: (s0, s2) in {0,1} x {1}.
        assert_eq!(
            payoff_rows(&g, &kept, 1),
            vec![vec![2.0, 102.0], vec![22.0, 122.0]]
        );
        assert_eq!(
            payoff_rows(&g, &kept, 2),
            vec![vec![3.0, 23.0, 103.0, 123.0]]
        );
    }

    #[test]
    fn cleaning_and_verification() {
        assert_eq!(clean(&[-1e-15, 0.5, 0.5], NOISE), Some(vec![0.0, 0.5, 0.5]));
        assert_eq!(clean(&[-1.0, 0.0], 0.0), None);
        let rows = vec![vec![3.0, 0.0], vec![1.0, 1.0], vec![0.0, 3.0]];
        assert!(verify(&rows, 1, &[0.5, 0.0, 0.5], true));
        assert!(!verify(&rows, 1, &[1.0, 0.0, 0.0], true));
        let rows = vec![vec![2.0, 0.0], vec![1.0, 1.0], vec![0.0, 2.0]];
        assert!(!verify(&rows, 1, &[0.5, 0.0, 0.5], true));
        assert!(!verify(&rows, 1, &[0.5, 0.0, 0.5], false));
        // Tolerances follow the size of the payoffs at each profile: a loss of 1e-130 is a
        // loss, and tiny payoffs are compared as finely as large ones.
        let rows = vec![vec![1e-130, 0.0], vec![0.0, 0.0], vec![0.0, 1.0]];
        assert!(!verify(&rows, 0, &[0.0, 0.0, 1.0], false));
        let rows = vec![
            vec![0.4e-130, 0.5e-130],
            vec![1e-130, 0.0],
            vec![0.0, 1e-130],
        ];
        assert!(verify(&rows, 0, &[0.0, 0.5, 0.5], false));
        assert!(!verify(&rows, 0, &[0.0, 0.5, 0.5], true));
    }
}
