//! The multilinear payoff functions of a game and Newton's method on indifference systems,
//! shared by support enumeration, the polishing step of the logit homotopy and the logit QRE
//! path tracer.
//!
//! Profiles are handled as one flat vector of length `m = Σ n_i`: player `i`'s probability of
//! action `a` sits at `offsets[i] + a`. Payoffs are rescaled to `[0, 1]` so tolerances are
//! scale-free: by one affine map for the whole game ([`Multilinear::new`], which keeps the
//! logit QRE's `λ` meaningful), or by one per player ([`Multilinear::per_player`]). Neither
//! changes equilibria or supports: a player's best responses do not change when that player's
//! payoffs are multiplied by a positive number or shifted.

use nalgebra::{DMatrix, DVector};

use crate::game::{Game, Profile};

/// Newton iterations per solve of an indifference system.
const NEWTON_ITERATIONS: usize = 40;
/// Residual (in rescaled payoffs) at which Newton stops.
const NEWTON_RESIDUAL: f64 = 1e-14;
/// Singular values below this (relative to the largest) count as zero in least-squares steps.
const RANK_TOLERANCE: f64 = 1e-12;

/// A game's payoffs, rescaled to `[0, 1]` (for the whole game or per player), with the flat
/// layout of profiles.
#[derive(Clone)]
pub(crate) struct Multilinear {
    /// Number of players.
    pub(crate) n: usize,
    /// Action counts.
    pub(crate) shape: Vec<usize>,
    /// Start of each player's block in a flat profile.
    pub(crate) offsets: Vec<usize>,
    /// Total number of actions `Σ n_i`.
    pub(crate) m: usize,
    /// `(payoff - min) / scale` (for the whole game, or with each player's own `min` and
    /// range), in the layout of [`Game::payoff_slice`].
    data: Vec<f64>,
    /// `max - min` of all payoffs (0 for a game with one payoff value). With
    /// [`Multilinear::per_player`], 1 (the rescaled payoffs' range) unless every player's
    /// payoffs are constant, then 0.
    pub(crate) scale: f64,
    /// Each player's `max - min` of own payoffs.
    pub(crate) ranges: Vec<f64>,
    /// Whether each player's payoffs were rescaled on their own.
    pub(crate) per_player: bool,
}

impl Multilinear {
    /// Payoffs rescaled by one affine map for the whole game: `λ` of the rescaled game is the
    /// user's `λ` times [`Multilinear::scale`].
    pub(crate) fn new(game: &Game) -> Self {
        let raw = game.payoff_slice();
        let min = raw.iter().copied().fold(f64::INFINITY, f64::min);
        let max = raw.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let scale = max - min;
        let div = if scale > 0.0 { scale } else { 1.0 };
        let mut ml = Self::layout(game);
        ml.data = raw.iter().map(|&x| (x - min) / div).collect();
        ml.scale = scale;
        ml
    }

    /// Each player's payoffs rescaled to `[0, 1]` on their own (a constant player's to 0): the
    /// result does not change when one player's payoffs are multiplied by a positive number or
    /// shifted, which changes no equilibrium. The logit branch of this game differs from the
    /// game's own, but it converges to equilibria of the same game.
    pub(crate) fn per_player(game: &Game) -> Self {
        let mut ml = Self::layout(game);
        let bounds = player_bounds(game);
        let n = ml.n;
        ml.data = (game.payoff_slice().iter().enumerate())
            .map(|(k, &x)| {
                let (lo, hi) = bounds[k % n];
                (x - lo) / if hi > lo { hi - lo } else { 1.0 }
            })
            .collect();
        ml.scale = if ml.ranges.iter().any(|&r| r > 0.0) {
            1.0
        } else {
            0.0
        };
        ml.per_player = true;
        ml
    }

    /// The layout of `game` with no payoffs yet; each player's range filled in.
    fn layout(game: &Game) -> Self {
        let shape = game.shape().to_vec();
        let ranges = player_bounds(game).iter().map(|(lo, hi)| hi - lo).collect();
        let mut offsets = Vec::with_capacity(shape.len());
        let mut m = 0;
        for &k in &shape {
            offsets.push(m);
            m += k;
        }
        Self {
            n: shape.len(),
            shape,
            offsets,
            m,
            data: Vec::new(),
            scale: 0.0,
            ranges,
            per_player: false,
        }
    }

    /// How a rescaled `λ` reads for the user: `λ` itself for [`Multilinear::new`], and `λ`
    /// times each player's payoff range for [`Multilinear::per_player`].
    pub(crate) fn describe_lambda(&self, rescaled: f64) -> String {
        if self.per_player {
            format!("λ · (each player's payoff range) = {rescaled:.6e}")
        } else {
            format!("λ = {:.6e}", rescaled / self.scale)
        }
    }

    /// The ratio of the largest to the smallest positive player payoff range (1 if fewer than
    /// two players have one).
    pub(crate) fn range_ratio(&self) -> f64 {
        let positive = self.ranges.iter().copied().filter(|&r| r > 0.0);
        let max = positive.clone().fold(0.0, f64::max);
        let min = positive.fold(f64::INFINITY, f64::min);
        if max > 0.0 { max / min } else { 1.0 }
    }

    /// The same game with every rescaled payoff moved by at most `size / 2`, uniformly at
    /// random (a generic neighbour of a degenerate game).
    pub(crate) fn perturbed(&self, seed: u64, size: f64) -> Self {
        let mut rng = crate::rng::SplitMix64::for_stream(seed, 0);
        let mut out = self.clone();
        out.data
            .iter_mut()
            .for_each(|x| *x += size * (rng.open01() - 0.5));
        out
    }

    /// The owner of each flat action index.
    pub(crate) fn player_of(&self, k: usize) -> usize {
        self.offsets.partition_point(|&o| o <= k) - 1
    }

    /// Splits a flat profile into one strategy per player.
    pub(crate) fn unflatten(&self, x: &[f64]) -> Profile {
        (0..self.n)
            .map(|i| x[self.offsets[i]..self.offsets[i] + self.shape[i]].to_vec())
            .collect()
    }

    /// The uniform profile, flat.
    pub(crate) fn uniform(&self) -> Vec<f64> {
        self.shape
            .iter()
            .flat_map(|&k| std::iter::repeat_n(1.0 / k as f64, k))
            .collect()
    }

    /// Expected (rescaled) payoff of every action against the others' strategies in `sigma`
    /// (`values[off_i + a] = u_i(a, σ_{-i})`), and the second-order terms
    /// `cross[(off_i + a, off_j + b)] = u_i(a, b, σ_{-ij})` for `i ≠ j` (0 on diagonal blocks),
    /// which are the derivatives `∂ values[off_i + a] / ∂ σ_j(b)`.
    ///
    /// One pass over all pure profiles: `O(P · N²)` time for `P` profiles and `N` players.
    pub(crate) fn values_and_cross(&self, sigma: &[f64]) -> (Vec<f64>, DMatrix<f64>) {
        let (n, m) = (self.n, self.m);
        let mut values = vec![0.0; m];
        let mut cross = DMatrix::zeros(m, m);
        let mut actions = vec![0usize; n];
        let mut pre = vec![1.0; n + 1];
        let mut suf = vec![1.0; n + 1];
        let mut idx = vec![0usize; n];
        for p in 0..self.data.len() / n.max(1) {
            for k in 0..n {
                idx[k] = self.offsets[k] + actions[k];
                pre[k + 1] = pre[k] * sigma[idx[k]];
            }
            for k in (0..n).rev() {
                suf[k] = suf[k + 1] * sigma[idx[k]];
            }
            let u = &self.data[p * n..(p + 1) * n];
            for i in 0..n {
                values[idx[i]] += pre[i] * suf[i + 1] * u[i];
                let mut mid = 1.0;
                for j in i + 1..n {
                    let w = pre[i] * mid * suf[j + 1];
                    cross[(idx[i], idx[j])] += w * u[i];
                    cross[(idx[j], idx[i])] += w * u[j];
                    mid *= sigma[idx[j]];
                }
            }
            crate::game::advance(&mut actions, &self.shape);
        }
        (values, cross)
    }
}

/// Each player's smallest and largest payoff.
fn player_bounds(game: &Game) -> Vec<(f64, f64)> {
    let (raw, n) = (game.payoff_slice(), game.num_players());
    (0..n)
        .map(|i| {
            let own = raw.iter().skip(i).step_by(n).copied();
            let lo = own.clone().fold(f64::INFINITY, f64::min);
            (lo, own.fold(f64::NEG_INFINITY, f64::max))
        })
        .collect()
}

/// Solves the indifference system of a support profile by Newton's method from `start`.
///
/// Unknowns: the probabilities of the actions in `support` (flat indices, each player's
/// non-empty and sorted); everything else is 0. Equations: for every player, the actions of
/// the support pay the same against the others, and the player's probabilities sum to 1.
/// Steps are least-squares (minimum-norm) solutions by SVD, so rank-deficient systems
/// (degenerate games, continua of equilibria) still converge to a point of the solution set;
/// a backtracking line search on the residual keeps the iteration from diverging.
///
/// Returns the flat profile, clipped to non-negative and renormalised, or `None` if Newton
/// did not converge or a probability came out clearly negative. The caller certifies it.
pub(crate) fn solve_on_support(
    ml: &Multilinear,
    support: &[usize],
    start: &[f64],
) -> Option<Vec<f64>> {
    let k = support.len();
    let mut sigma = vec![0.0; ml.m];
    for &s in support {
        sigma[s] = start[s];
    }
    let residual = |sigma: &[f64]| -> (DVector<f64>, Option<DMatrix<f64>>) {
        let (values, cross) = ml.values_and_cross(sigma);
        let mut f = DVector::zeros(k);
        let mut jac = DMatrix::zeros(k, k);
        // Rows follow `support`: a player's first action gives the sum row, the others
        // give differences with the first.
        let mut first = usize::MAX;
        let mut first_player = usize::MAX;
        for (r, &a) in support.iter().enumerate() {
            let i = ml.player_of(a);
            if i != first_player {
                first_player = i;
                first = a;
                let block = support.iter().filter(|&&b| ml.player_of(b) == i);
                f[r] = block.clone().map(|&b| sigma[b]).sum::<f64>() - 1.0;
                for (c, &b) in support.iter().enumerate() {
                    if ml.player_of(b) == i {
                        jac[(r, c)] = 1.0;
                    }
                }
            } else {
                f[r] = values[a] - values[first];
                for (c, &b) in support.iter().enumerate() {
                    if ml.player_of(b) != i {
                        jac[(r, c)] = cross[(a, b)] - cross[(first, b)];
                    }
                }
            }
        }
        (f, Some(jac))
    };
    let norm = |f: &DVector<f64>| f.amax();
    let (mut f, mut jac) = residual(&sigma);
    for _ in 0..NEWTON_ITERATIONS {
        if !f.iter().all(|x| x.is_finite()) {
            return None;
        }
        if norm(&f) <= NEWTON_RESIDUAL {
            break;
        }
        let j = jac.take()?;
        // LU for the usual well-posed system; SVD least squares when it is (nearly) singular.
        let step = match j.clone().lu().solve(&(-&f)) {
            Some(step) if step.amax() <= 1e3 => step,
            _ => {
                let svd = j.svd(true, true);
                let eps = RANK_TOLERANCE * svd.singular_values.max().max(f64::MIN_POSITIVE);
                svd.solve(&(-&f), eps).ok()?
            }
        };
        let mut t = 1.0;
        let current = norm(&f);
        let mut accepted = false;
        for _ in 0..12 {
            let mut trial = sigma.clone();
            for (c, &s) in support.iter().enumerate() {
                trial[s] += t * step[c];
            }
            let (ft, jt) = residual(&trial);
            if ft.iter().all(|x| x.is_finite()) && norm(&ft) < current {
                sigma = trial;
                f = ft;
                jac = jt;
                accepted = true;
                break;
            }
            t *= 0.5;
        }
        if !accepted {
            break;
        }
        if sigma.iter().any(|x| x.abs() > 10.0) {
            return None;
        }
    }
    if norm(&f) > 1e-9 || sigma.iter().any(|&x| x < -1e-9) {
        return None;
    }
    for (i, &off) in ml.offsets.iter().enumerate() {
        let block = &mut sigma[off..off + ml.shape[i]];
        block.iter_mut().for_each(|x| *x = x.max(0.0));
        let sum: f64 = block.iter().sum();
        if sum <= 0.0 {
            return None;
        }
        block.iter_mut().for_each(|x| *x /= sum);
    }
    Some(sigma)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn cross_terms_are_derivatives_of_values() {
        let g = Game::from_fn(&[2, 3, 2], |s, i| {
            ((s[0] * 7 + s[1] * 3 + s[2] * 5 + i) % 5) as f64
        })
        .unwrap();
        let ml = Multilinear::new(&g);
        let sigma = [0.3, 0.7, 0.2, 0.5, 0.3, 0.6, 0.4];
        let (v, c) = ml.values_and_cross(&sigma);
        let h = 1e-6;
        for b in 0..ml.m {
            let mut s2 = sigma;
            s2[b] += h;
            let (v2, _) = ml.values_and_cross(&s2);
            for a in 0..ml.m {
                if ml.player_of(a) != ml.player_of(b) {
                    assert!(((v2[a] - v[a]) / h - c[(a, b)]).abs() < 1e-6);
                }
            }
        }
    }

    #[test]
    fn matching_pennies_full_support() {
        let g = Game::zero_sum(array![[1.0, -1.0], [-1.0, 1.0]].view()).unwrap();
        let ml = Multilinear::new(&g);
        let x = solve_on_support(&ml, &[0, 1, 2, 3], &[0.9, 0.1, 0.2, 0.8]).unwrap();
        for p in x {
            assert!((p - 0.5).abs() < 1e-14);
        }
    }
}
