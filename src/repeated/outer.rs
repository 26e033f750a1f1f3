//! The outer hyperplane approximation of the equilibrium payoff set (Judd, Yeltekin &
//! Conklin 2003, *Econometrica* 71: 1239-1254) for two-player repeated games with public
//! randomization.
//!
//! # The method
//! Fix `L` directions `d_l = (cos 2πl/L, sin 2πl/L)`. A convex set is approximated from
//! outside by the polygon `P(c) = { w : d_l · w ≤ c_l, l = 1..L }` of its support values
//! `c_l`. One step of the operator of Abreu, Pearce & Stacchetti (see
//! [`abreu_sannikov`](super::abreu_sannikov)) maps `P(c)` to the support values
//!
//! ```text
//! c'_l = max over profiles a of  (1 - δ) d_l · g(a) + δ · max { d_l · w : w ∈ P(c), w_i ≥ h_i(a), i = 1, 2 },
//! ```
//!
//! one linear program per profile and direction, with the threat point in `h` taken as the
//! larger of the pure minmax and the players' lowest payoffs in `P(c)`. Each step's polygon
//! contains the image of the previous one under the operator, so, from a start that contains
//! the equilibrium set `V` (the feasible and individually rational set), every iterate
//! contains `V`: the result is an outer bound, which the Abreu-Sannikov set must lie in.
//!
//! The programs have two variables, so each is solved exactly by its vertices: the feasible
//! region `P(c) ∩ { w ≥ h(a) }` is `P(c)`'s polygon clipped by two half-planes (at most
//! `L + 2` vertices), and the maximum of a linear function over a polygon is attained at a
//! vertex. This gives all `L` programs of a profile from one clip, avoids a backend's
//! tolerances on regions that shrink to a point or a segment, and is checked against the LP
//! backend (good_lp, through the crate's `lp` module) in the tests. The iteration stops when the Hausdorff distance
//! between successive polygons is at most `tol · largest |payoff|`; if no profile
//! has a feasible program, the equilibrium set is empty.

use super::payoff_set::{EPS, Iterated, Stage, lowest, settled};
use super::polygon::{self, Point};
use crate::error::Result;
use crate::interrupt;

/// The `count` evenly spaced unit directions, starting along player 1's axis.
pub(crate) fn directions(count: usize) -> Vec<Point> {
    (0..count)
        .map(|l| {
            let angle = std::f64::consts::TAU * l as f64 / count as f64;
            [angle.cos(), angle.sin()]
        })
        .collect()
}

/// The support value `max { d · w : w ∈ poly }` (`-∞` for the empty polygon).
pub(crate) fn support(poly: &[Point], d: Point) -> f64 {
    poly.iter()
        .map(|w| d[0] * w[0] + d[1] * w[1])
        .fold(f64::NEG_INFINITY, f64::max)
}

/// The polygon `{ w : d_l · w ≤ c_l }` inside the box `[lo, hi]²`.
pub(crate) fn from_supports(dirs: &[Point], c: &[f64], lo: f64, hi: f64, eps: f64) -> Vec<Point> {
    let mut poly = vec![[lo, lo], [hi, lo], [hi, hi], [lo, hi]];
    for (d, &cl) in dirs.iter().zip(c) {
        poly = polygon::clip(&poly, *d, cl, eps);
        if poly.is_empty() {
            break;
        }
    }
    poly
}

/// The feasible region `poly ∩ { w ≥ h }` of profile `k`'s support programs (its vertices,
/// possibly repeated), empty when no continuation satisfies the incentive constraints.
pub(crate) fn region(poly: &[Point], h: Point, eps: f64) -> Vec<Point> {
    let cut = polygon::clip_raw(poly, [-1.0, 0.0], -h[0], eps);
    polygon::clip_raw(&cut, [0.0, -1.0], -h[1], eps)
}

/// The optimum of the support program of profile `k` in every direction, or `None` when its
/// feasible region `poly ∩ { w ≥ h }` is empty (what the iteration computes, pruned, and
/// what the tests check against the LP backend).
#[cfg(test)]
pub(crate) fn programs(poly: &[Point], h: Point, dirs: &[Point], eps: f64) -> Option<Vec<f64>> {
    let region = region(poly, h, eps);
    if region.is_empty() {
        return None;
    }
    Some(dirs.iter().map(|&d| support(&region, d)).collect())
}

/// Iterates the support-function update from the feasible and individually rational set
/// (see the module docs).
pub(crate) fn iterate(
    stage: &Stage,
    delta: f64,
    tol: f64,
    max_iter: usize,
    count: usize,
) -> Result<Iterated> {
    let eps = EPS;
    let dirs = directions(count);
    let (lo, hi) = (-2.0, 2.0);
    let outer_of = |set: &[Point]| {
        let c: Vec<f64> = dirs.iter().map(|&d| support(set, d)).collect();
        from_supports(&dirs, &c, lo, hi, eps)
    };
    if delta == 0.0 {
        let ne = stage.equilibria_hull(eps);
        let vertices = if ne.is_empty() { ne } else { outer_of(&ne) };
        return Ok(Iterated {
            vertices,
            iterations: 0,
            converged: true,
            hausdorff: 0.0,
        });
    }
    let ratio = (1.0 - delta) / delta;
    let m = stage.minmax;
    let feasible = polygon::hull(&mut stage.payoffs.clone(), eps);
    let start = polygon::clip(&feasible, [-1.0, 0.0], -m[0], eps);
    let start = polygon::clip(&start, [0.0, -1.0], -m[1], eps);
    let empty = |iterations| Iterated {
        vertices: Vec::new(),
        iterations,
        converged: true,
        hausdorff: 0.0,
    };
    if start.is_empty() {
        return Ok(empty(0));
    }
    let mut poly = outer_of(&start);
    let mut change = 0.0;
    let mut c = vec![f64::NEG_INFINITY; count];
    let profiles = stage.payoffs.len();
    // The profiles that attained some support value in the last iteration are tried first:
    // near the fixed point they attain them again, and every other profile whose bound
    // `(1-δ) d·g + δ c_l(P)` cannot beat the values found is skipped without its programs.
    let mut winner = vec![usize::MAX; count];
    let mut visited = vec![false; profiles];
    let mut base = vec![0.0; count];
    for iteration in 1..=max_iter {
        interrupt::check()?;
        let Some(low) = lowest(&poly) else {
            return Ok(empty(iteration));
        };
        let threat = [m[0].max(low[0]), m[1].max(low[1])];
        let bound: Vec<f64> = dirs.iter().map(|&d| delta * support(&poly, d)).collect();
        let mut first: Vec<usize> = winner.iter().copied().filter(|&k| k < profiles).collect();
        first.sort_unstable();
        first.dedup();
        c.fill(f64::NEG_INFINITY);
        visited.fill(false);
        for (n, k) in first.into_iter().chain(0..profiles).enumerate() {
            if n % 256 == 255 {
                interrupt::check()?;
            }
            if std::mem::replace(&mut visited[k], true) {
                continue;
            }
            let g = stage.payoffs[k];
            let h = stage.incentive(k, threat, ratio);
            if !(h[0].is_finite() && h[1].is_finite()) {
                continue;
            }
            for (b, d) in base.iter_mut().zip(&dirs) {
                *b = (1.0 - delta) * (d[0] * g[0] + d[1] * g[1]);
            }
            if base
                .iter()
                .zip(&bound)
                .zip(&c)
                .all(|((b, u), cl)| b + u <= *cl)
            {
                continue;
            }
            // When no constraint cuts `P`, the region is `P` itself.
            let whole = h[0] <= low[0] + eps && h[1] <= low[1] + eps;
            let cut;
            let q: &[Point] = if whole {
                &poly
            } else {
                cut = region(&poly, h, eps);
                &cut
            };
            if q.is_empty() {
                continue;
            }
            for l in 0..count {
                // A direction whose bound cannot beat the value found needs no program.
                if base[l] + bound[l] <= c[l] {
                    continue;
                }
                let value = base[l] + delta * support(q, dirs[l]);
                if value > c[l] {
                    c[l] = value;
                    winner[l] = k;
                }
            }
        }
        if c.iter().any(|x| !x.is_finite()) {
            return Ok(empty(iteration));
        }
        let next = from_supports(&dirs, &c, lo, hi, eps);
        change = polygon::hausdorff(&poly, &next);
        poly = next;
        if poly.is_empty() {
            return Ok(empty(iteration));
        }
        if change <= tol {
            return Ok(Iterated {
                vertices: polygon::simplify(poly, settled(tol, delta)),
                iterations: iteration,
                converged: true,
                hausdorff: change,
            });
        }
    }
    Ok(Iterated {
        vertices: poly,
        iterations: max_iter,
        converged: false,
        hausdorff: change,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lp::{LinearProgram, Outcome, Relation};

    /// The support programs solved by vertices agree with the LP backend (good_lp) on
    /// random polygons and thresholds.
    #[test]
    fn vertex_solutions_match_the_lp_backend() {
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 11) as f64 / (1u64 << 53) as f64 * 10.0 - 5.0
        };
        let dirs = directions(16);
        for _ in 0..200 {
            let mut pts: Vec<Point> = (0..6).map(|_| [next(), next()]).collect();
            let poly = polygon::hull(&mut pts, 1e-12);
            let h = [next() / 2.0, next() / 2.0];
            let fast = programs(&poly, h, &dirs, 1e-12);
            // The same program through the backend: halfplanes of the polygon's edges.
            let n = poly.len();
            for (l, d) in dirs.iter().enumerate() {
                let mut lp = LinearProgram::new();
                let x = lp.add_variable(h[0], f64::INFINITY, d[0]);
                let y = lp.add_variable(h[1], f64::INFINITY, d[1]);
                for k in 0..n {
                    let (p, q) = (poly[k], poly[(k + 1) % n]);
                    // Inside means (q - p) × (w - p) >= 0.
                    let (a, b) = (-(q[1] - p[1]), q[0] - p[0]);
                    lp.add_row([(x, a), (y, b)], Relation::Ge, a * p[0] + b * p[1]);
                }
                match (lp.maximise().unwrap(), &fast) {
                    (Outcome::Optimal(s), Some(v)) => {
                        assert!(
                            (s.objective - v[l]).abs() < 1e-7,
                            "{} vs {}",
                            s.objective,
                            v[l]
                        )
                    }
                    (Outcome::Infeasible, None) => {}
                    (other, fast) => panic!("backend {other:?}, vertices {fast:?}"),
                }
            }
        }
    }
}
