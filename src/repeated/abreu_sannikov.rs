//! The Abreu-Sannikov algorithm for the pure-strategy subgame-perfect equilibrium payoffs of
//! a two-player repeated game with perfect monitoring and public randomization.
//!
//! # The method
//! Abreu, Pearce & Stacchetti (1990): `V`, the set of equilibrium payoffs, is the largest
//! fixed point of the operator `B` that maps a convex set `W` of continuation payoffs to the
//! convex hull of the payoffs `(1 - δ) g(a) + δ w` of a stage profile `a` followed by a
//! continuation `w ∈ W` that no player wants to deviate from, a deviation being punished
//! by the deviator's worst payoff in `W`, `u_i = min { w_i : w ∈ W }`:
//!
//! ```text
//! w ∈ Q(a, W) = W ∩ { w : w_i ≥ h_i(a) = u_i + (1 - δ)/δ · (max_{a_i'} g_i(a_i', a_-i) - g_i(a)), i = 1, 2 }.
//! ```
//!
//! Abreu & Sannikov (2014, *Theoretical Economics* 9: 313-338) show that each action profile
//! generates at most four extreme points of `V`: either no incentive constraint binds, and
//! then the extreme point is `g(a)` itself (play `a` and continue with `g(a)`, which needs
//! `g(a) ∈ Q(a, V)`), or one binds, and then the continuation is an extreme point of the
//! segment where the line `w_i = h_i(a)` crosses `Q(a, V)`: at most two points per line,
//! one of them the corner `h(a)` when it lies inside `V`. Their operator `R` keeps only
//! those candidates, `O(|A|)` points per iteration instead of `O(|A| · |W|)`.
//!
//! # The iteration
//! `W₀` is the feasible set (the convex hull of the stage payoffs) and the threat point
//! starts at each player's pure minmax payoff (no equilibrium gives less). Each iteration
//! updates the threat point to the largest of the minmax and the players' lowest payoffs
//! in `W`, collects each profile's candidates (`g(a)` when it is in `W` and satisfies both
//! constraints; the ends of each line's slice of `Q(a, W)`), mapped by
//! `w ↦ (1 - δ) g(a) + δ w`, and takes their convex hull. It stops when the Hausdorff
//! distance between two iterates is at most `tol · largest |payoff|`, or when no
//! candidate is left: then no pure-strategy subgame-perfect equilibrium exists (`V ⊆ W`
//! at every step). Unlike QuantEcon's implementation, profiles whose `g(a)` qualifies keep
//! their binding candidates too (each is in `B(W)`, so the iterates stay between `R(W)` and
//! `B(W)`), and a set that shrinks to a point or a segment is handled like any polygon.
//!
//! At `δ = 0` the set is the convex hull of the stage game's pure equilibrium payoffs.

use super::payoff_set::{EPS, EPS_INCENTIVE, Iterated, Stage, lowest, settled};
use super::polygon::{self, Point};
use crate::error::Result;
use crate::interrupt;

/// Iterates Abreu and Sannikov's operator from the feasible set (see the module docs).
pub(crate) fn iterate(stage: &Stage, delta: f64, tol: f64, max_iter: usize) -> Result<Iterated> {
    let eps = EPS;
    if delta == 0.0 {
        return Ok(Iterated {
            vertices: stage.equilibria_hull(eps),
            iterations: 0,
            converged: true,
            hausdorff: 0.0,
        });
    }
    let ratio = (1.0 - delta) / delta;
    let profiles = stage.payoffs.len();
    let mut candidates: Vec<Point> = Vec::new();
    candidates
        .try_reserve(5 * profiles)
        .map_err(|_| crate::Error::InvalidArgument(format!(
            "equilibrium_payoff_set: the stage game's {profiles} profiles need more memory than is available"
        )))?;
    let mut w = polygon::hull(&mut stage.payoffs.clone(), eps);
    let mut threat = stage.minmax;
    let mut change = 0.0;
    for iteration in 1..=max_iter {
        interrupt::check()?;
        if let Some(low) = lowest(&w) {
            threat = [threat[0].max(low[0]), threat[1].max(low[1])];
        }
        candidates.clear();
        for k in 0..profiles {
            if k % 1024 == 1023 {
                interrupt::check()?;
            }
            generate_with(
                stage,
                k,
                &w,
                threat,
                ratio,
                delta,
                EPS_INCENTIVE,
                &mut |p, _| candidates.push(p),
            );
        }
        let next = polygon::hull(&mut candidates, eps);
        change = polygon::hausdorff(&w, &next);
        w = next;
        if w.is_empty() {
            return Ok(Iterated {
                vertices: w,
                iterations: iteration,
                converged: true,
                hausdorff: 0.0,
            });
        }
        if change <= tol {
            return Ok(Iterated {
                vertices: polygon::simplify(w, settled(tol, delta)),
                iterations: iteration,
                converged: true,
                hausdorff: change,
            });
        }
    }
    Ok(Iterated {
        vertices: w,
        iterations: max_iter,
        converged: false,
        hausdorff: change,
    })
}

/// Gives `out` the (at most five) candidate points profile `k` generates from `w`, each with
/// its continuation payoff.
#[allow(clippy::too_many_arguments)]
pub(crate) fn generate_with(
    stage: &Stage,
    k: usize,
    w: &[Point],
    threat: Point,
    ratio: f64,
    delta: f64,
    eps: f64,
    out: &mut dyn FnMut(Point, Point),
) {
    let g = stage.payoffs[k];
    let h = stage.incentive(k, threat, ratio);
    if !(h[0].is_finite() && h[1].is_finite()) {
        return;
    }
    let image = |c: Point| {
        [
            (1.0 - delta) * g[0] + delta * c[0],
            (1.0 - delta) * g[1] + delta * c[1],
        ]
    };
    // Not binding: play `a` and continue with `g(a)`.
    if g[0] >= h[0] - eps && g[1] >= h[1] - eps && polygon::distance_to(w, g) <= eps {
        out(g, g);
    }
    // Player `axis`'s constraint binds: the continuation is an end of the slice of
    // `Q(a, W)` along the line `w_axis = h_axis`.
    for axis in 0..2 {
        let other = 1 - axis;
        if let Some((lo, hi)) = polygon::slice(w, axis, h[axis], eps) {
            if hi < h[other] - eps {
                continue;
            }
            for end in [hi, lo.max(h[other])] {
                let mut c = [0.0; 2];
                c[axis] = h[axis];
                c[other] = end;
                out(image(c), c);
            }
        }
    }
}
