//! Feasible and individually rational payoff sets of 2- and 3-player stage games, exactly.

use num_rational::BigRational;
use num_traits::{Signed, ToPrimitive, Zero};

use super::RepeatedGame;
use super::minmax::{MinmaxKind, minmax};
use crate::error::{Error, Result};
use crate::interrupt;

/// The most distinct payoff vectors whose 3-D hull is computed (the facet search is
/// `O(P^4)` in the worst case).
pub const MAX_HULL_POINTS: usize = 400;

type Point = Vec<BigRational>;

/// A convex set of payoff vectors given by its vertices.
///
/// For 2 players the vertices run counter-clockwise (from the lowest-then-leftmost one); for
/// 3 players a full-dimensional set also lists its facets `normal · u <= offset`. A single
/// point has one vertex, a segment two.
///
/// # Example
/// ```
/// use detente::repeated::RepeatedGame;
/// use detente::Game;
/// use ndarray::array;
///
/// let pd = Game::from_bimatrix(array![[3.0, 0.0], [5.0, 1.0]].view(),
///                              array![[3.0, 5.0], [0.0, 1.0]].view())?;
/// let f = RepeatedGame::new(pd, 0.9)?.feasible_set()?;
/// assert_eq!(f.vertices, vec![vec![5.0, 0.0], vec![3.0, 3.0], vec![0.0, 5.0], vec![1.0, 1.0]]);
/// # Ok::<(), detente::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct PayoffSet {
    /// The vertices, one payoff vector each.
    pub vertices: Vec<Vec<f64>>,
    /// The same, exactly (the game's exact payoffs, or its floats' binary values).
    pub vertices_exact: Vec<Vec<BigRational>>,
    /// The dimension of the set's affine hull (0: a point, 1: a segment, …).
    pub dimension: usize,
    /// For a full-dimensional 3-player set: the facets `(normal, offset)`, `normal · u <=
    /// offset` inside.
    pub facets: Option<Vec<(Vec<BigRational>, BigRational)>>,
}

impl RepeatedGame {
    /// The feasible payoff set of the stage game: the convex hull of its pure payoff vectors
    /// (what correlated or public randomisation over profiles achieves), by its vertices.
    ///
    /// Exact: payoffs are taken exactly ([`crate::Game::exact_payoff`]). Two players: Andrew's
    /// monotone chain, counter-clockwise. Three players: the facets are the planes through
    /// three payoff vectors with all others on one side; the vertices are the points on
    /// facets whose normals span space. Lower-dimensional sets (all payoffs equal, collinear,
    /// coplanar) are handled exactly.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for other than 2 or 3 players, or a 3-player game with more
    /// than [`MAX_HULL_POINTS`] distinct payoff vectors; [`Error::Interrupted`] if stopped.
    ///
    /// # Example
    /// ```
    /// use detente::repeated::RepeatedGame;
    /// use detente::Game;
    /// use ndarray::array;
    ///
    /// // Every payoff on the line u2 = 3 − u1: a segment.
    /// let g = Game::from_bimatrix(array![[0.0, 1.0], [2.0, 3.0]].view(),
    ///                             array![[3.0, 2.0], [1.0, 0.0]].view())?;
    /// let f = RepeatedGame::new(g, 0.5)?.feasible_set()?;
    /// assert_eq!((f.dimension, f.vertices.len()), (1, 2));
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn feasible_set(&self) -> Result<PayoffSet> {
        let points = self.payoff_points("feasible_set")?;
        let hull = hull(points)?;
        Ok(hull.into_set())
    }

    /// The individually rational part of the feasible set: the payoff vectors `u` of
    /// [`RepeatedGame::feasible_set`] with `u_i >=` player `i`'s minmax value of `kind`
    /// ([`RepeatedGame::minmax`]), by its vertices (the folk theorem's set for `kind =
    /// Mixed`). Exact when the minmax values are (for mixed minmax with 3 players the
    /// value attained by the computed punishers is used: an upper bound within `1e-9` of the
    /// payoff range, see [`RepeatedGame::minmax`]). Empty when no feasible payoff reaches
    /// every threshold.
    ///
    /// # Errors
    /// As [`RepeatedGame::feasible_set`] and [`RepeatedGame::minmax`].
    ///
    /// # Example
    /// ```
    /// use detente::repeated::{MinmaxKind, RepeatedGame};
    /// use detente::Game;
    /// use ndarray::array;
    ///
    /// let pd = Game::from_bimatrix(array![[3.0, 0.0], [5.0, 1.0]].view(),
    ///                              array![[3.0, 5.0], [0.0, 1.0]].view())?;
    /// let ir = RepeatedGame::new(pd, 0.9)?.individually_rational_set(MinmaxKind::Mixed)?;
    /// // (1, 1), (13/3, 1) on the edge from (5, 0) to (3, 3), (3, 3), (1, 13/3).
    /// let text: Vec<String> = ir.vertices_exact.iter()
    ///     .map(|v| format!("({}, {})", v[0], v[1])).collect();
    /// assert_eq!(text, ["(1, 1)", "(13/3, 1)", "(3, 3)", "(1, 13/3)"]);
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn individually_rational_set(&self, kind: MinmaxKind) -> Result<PayoffSet> {
        let points = self.payoff_points("individually_rational_set")?;
        let m = minmax(self.stage(), kind)?;
        let floor: Vec<BigRational> = match &m.values_exact {
            Some(v) => v.clone(),
            None => m
                .values
                .iter()
                .map(|&x| BigRational::from_float(x).unwrap_or_else(BigRational::zero))
                .collect(),
        };
        let hull = hull(points)?;
        let candidates = clip(&hull, &floor)?;
        if candidates.is_empty() {
            return Ok(PayoffSet {
                vertices: Vec::new(),
                vertices_exact: Vec::new(),
                dimension: 0,
                facets: None,
            });
        }
        Ok(self::hull(candidates)?.into_set())
    }

    /// The distinct pure payoff vectors, for 2 or 3 players.
    fn payoff_points(&self, what: &str) -> Result<Vec<Point>> {
        let game = self.stage();
        let n = game.num_players();
        if !(2..=3).contains(&n) {
            return Err(Error::InvalidArgument(format!(
                "{what}: computed for 2- and 3-player stage games; this one has {n} players. \
                 For more players take the pure payoff vectors (stage.payoffs reshaped to \
                 (-1, {n})) and a hull library (scipy.spatial.ConvexHull), or study a \
                 2- or 3-player restriction"
            )));
        }
        let mut points: Vec<Point> = Vec::new();
        for p in 0..game.num_profiles() {
            if p % 4096 == 0 {
                interrupt::check()?;
            }
            let v: Point = (0..n).map(|j| game.exact_payoff(p * n + j)).collect();
            if !points.contains(&v) {
                points.push(v);
                if n == 3 && points.len() > MAX_HULL_POINTS {
                    return Err(Error::InvalidArgument(format!(
                        "{what}: the stage game has more than {MAX_HULL_POINTS} distinct payoff vectors, more than detente's exact 3-D hull takes; restrict the game (Game.restrict) or use scipy.spatial.ConvexHull on the payoffs"
                    )));
                }
            }
        }
        Ok(points)
    }
}

/// A hull: vertices (cyclic order when planar), dimension, and for full-dimensional 3-D hulls
/// the facets and the facets of each vertex.
struct Hull {
    vertices: Vec<Point>,
    dimension: usize,
    facets: Option<Vec<(Point, BigRational)>>,
}

impl Hull {
    fn into_set(self) -> PayoffSet {
        PayoffSet {
            vertices: self
                .vertices
                .iter()
                .map(|v| v.iter().map(|x| x.to_f64().unwrap_or(f64::NAN)).collect())
                .collect(),
            vertices_exact: self.vertices,
            dimension: self.dimension,
            facets: self.facets,
        }
    }
}

fn sub(a: &[BigRational], b: &[BigRational]) -> Point {
    a.iter().zip(b).map(|(x, y)| x - y).collect()
}

fn dot(a: &[BigRational], b: &[BigRational]) -> BigRational {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

fn cross(a: &[BigRational], b: &[BigRational]) -> Point {
    vec![
        &a[1] * &b[2] - &a[2] * &b[1],
        &a[2] * &b[0] - &a[0] * &b[2],
        &a[0] * &b[1] - &a[1] * &b[0],
    ]
}

/// The 2-D cross product `(b − o) × (c − o)`.
fn turn(o: &[BigRational], b: &[BigRational], c: &[BigRational]) -> BigRational {
    (&b[0] - &o[0]) * (&c[1] - &o[1]) - (&b[1] - &o[1]) * (&c[0] - &o[0])
}

/// Andrew's monotone chain on distinct 2-D points: strictly convex vertices,
/// counter-clockwise from the lowest (then leftmost) one; one or two points for degenerate
/// input.
fn chain_2d(mut pts: Vec<Point>) -> Vec<Point> {
    pts.sort_by(|a, b| a[0].cmp(&b[0]).then(a[1].cmp(&b[1])));
    pts.dedup();
    if pts.len() <= 2 {
        return pts;
    }
    let mut lower: Vec<Point> = Vec::new();
    for p in &pts {
        while lower.len() >= 2
            && !turn(&lower[lower.len() - 2], &lower[lower.len() - 1], p).is_positive()
        {
            lower.pop();
        }
        lower.push(p.clone());
    }
    let mut upper: Vec<Point> = Vec::new();
    for p in pts.iter().rev() {
        while upper.len() >= 2
            && !turn(&upper[upper.len() - 2], &upper[upper.len() - 1], p).is_positive()
        {
            upper.pop();
        }
        upper.push(p.clone());
    }
    lower.pop();
    upper.pop();
    lower.extend(upper);
    // Collinear input leaves the two endpoints (the chain walks there and back).
    lower.dedup();
    if lower.len() == 2 || (lower.len() > 2 && lower.first() == lower.last()) {
        lower.truncate(2);
    }
    // Start from the lowest, then leftmost vertex.
    let start = (0..lower.len())
        .min_by(|&i, &j| {
            lower[i][1]
                .cmp(&lower[j][1])
                .then(lower[i][0].cmp(&lower[j][0]))
        })
        .unwrap_or(0);
    lower.rotate_left(start);
    lower
}

/// The affine dimension of `pts` and a basis of its directions (up to 3).
fn affine_basis(pts: &[Point]) -> Vec<Point> {
    let mut basis: Vec<Point> = Vec::new();
    // Gram-Schmidt-free: keep directions that raise the rank (checked by elimination).
    let mut reduced: Vec<Point> = Vec::new();
    for p in &pts[1..] {
        let mut d = sub(p, &pts[0]);
        for r in &reduced {
            let pivot = r.iter().position(|x| !x.is_zero()).expect("nonzero row");
            if !d[pivot].is_zero() {
                let f = &d[pivot] / &r[pivot];
                d = d.iter().zip(r).map(|(x, y)| x - &f * y).collect();
            }
        }
        if d.iter().any(|x| !x.is_zero()) {
            reduced.push(d);
            basis.push(sub(p, &pts[0]));
        }
    }
    basis
}

/// The convex hull of distinct points in 2 or 3 dimensions.
fn hull(mut pts: Vec<Point>) -> Result<Hull> {
    pts.dedup();
    let mut unique: Vec<Point> = Vec::new();
    for p in pts {
        if !unique.contains(&p) {
            unique.push(p);
        }
    }
    let pts = unique;
    let ambient = pts[0].len();
    let basis = affine_basis(&pts);
    let dimension = basis.len();
    match dimension {
        0 => Ok(Hull {
            vertices: vec![pts[0].clone()],
            dimension,
            facets: None,
        }),
        1 => {
            let t = |p: &Point| dot(&sub(p, &pts[0]), &basis[0]);
            let lo = pts
                .iter()
                .min_by(|a, b| t(a).cmp(&t(b)))
                .expect("points")
                .clone();
            let hi = pts
                .iter()
                .max_by(|a, b| t(a).cmp(&t(b)))
                .expect("points")
                .clone();
            let mut v = vec![lo, hi];
            v.sort();
            Ok(Hull {
                vertices: v,
                dimension,
                facets: None,
            })
        }
        2 if ambient == 2 => Ok(Hull {
            vertices: chain_2d(pts),
            dimension,
            facets: None,
        }),
        2 => {
            // Planar points in 3-D: drop a coordinate along which the plane's normal is not 0
            // (an injective projection), take the 2-D hull, lift back.
            let normal = cross(&basis[0], &basis[1]);
            let drop = (0..3)
                .find(|&k| !normal[k].is_zero())
                .expect("a nonzero normal");
            let keep: Vec<usize> = (0..3).filter(|&k| k != drop).collect();
            let projected: Vec<Point> = pts
                .iter()
                .map(|p| vec![p[keep[0]].clone(), p[keep[1]].clone()])
                .collect();
            let ring = chain_2d(projected.clone());
            let vertices = ring
                .iter()
                .map(|q| {
                    pts[projected
                        .iter()
                        .position(|p| p == q)
                        .expect("a projected point")]
                    .clone()
                })
                .collect();
            Ok(Hull {
                vertices,
                dimension,
                facets: None,
            })
        }
        _ => hull_3d(&pts),
    }
}

/// Facets and vertices of a full-dimensional 3-D point set.
fn hull_3d(pts: &[Point]) -> Result<Hull> {
    let n = pts.len();
    let mut facets: Vec<(Point, BigRational)> = Vec::new();
    for i in 0..n {
        interrupt::check()?;
        for j in i + 1..n {
            let e1 = sub(&pts[j], &pts[i]);
            for k in j + 1..n {
                let normal = cross(&e1, &sub(&pts[k], &pts[i]));
                if normal.iter().all(Zero::is_zero) {
                    continue;
                }
                let offset = dot(&normal, &pts[i]);
                let (mut above, mut below) = (false, false);
                for p in pts {
                    let s = dot(&normal, p) - &offset;
                    above |= s.is_positive();
                    below |= s.is_negative();
                    if above && below {
                        break;
                    }
                }
                if above && below {
                    continue;
                }
                // Orient outwards (all points <= offset) and normalise for deduplication.
                let (normal, offset) = if above {
                    (normal.iter().map(|x| -x).collect::<Point>(), -offset)
                } else {
                    (normal, offset)
                };
                let scale = normal.iter().find(|x| !x.is_zero()).expect("nonzero").abs();
                let normal: Point = normal.iter().map(|x| x / &scale).collect();
                let offset = offset / &scale;
                if !facets.iter().any(|(m, o)| *m == normal && *o == offset) {
                    facets.push((normal, offset));
                }
            }
        }
    }
    let vertices: Vec<Point> = pts
        .iter()
        .filter(|p| {
            let on: Vec<Point> = facets
                .iter()
                .filter(|(m, o)| dot(m, p) == *o)
                .map(|(m, _)| m.clone())
                .collect();
            rank(&on) == 3
        })
        .cloned()
        .collect();
    let mut vertices = vertices;
    vertices.sort();
    Ok(Hull {
        vertices,
        dimension: 3,
        facets: Some(facets),
    })
}

/// The rank of a list of 3-vectors.
fn rank(rows: &[Point]) -> usize {
    let mut reduced: Vec<Point> = Vec::new();
    for r in rows {
        let mut d = r.clone();
        for q in &reduced {
            let pivot = q.iter().position(|x| !x.is_zero()).expect("nonzero row");
            if !d[pivot].is_zero() {
                let f = &d[pivot] / &q[pivot];
                d = d.iter().zip(q).map(|(x, y)| x - &f * y).collect();
            }
        }
        if d.iter().any(|x| !x.is_zero()) {
            reduced.push(d);
            if reduced.len() == 3 {
                break;
            }
        }
    }
    reduced.len()
}

/// Points whose hull is the part of `hull` with `u_i >= floor_i` for every `i`.
fn clip(hull: &Hull, floor: &[BigRational]) -> Result<Vec<Point>> {
    let inside = |p: &Point| p.iter().zip(floor).all(|(x, f)| x >= f);
    match (&hull.facets, hull.dimension) {
        (Some(facets), 3) => clip_3d(hull, facets, floor, &inside),
        _ => {
            // A polygon (cyclic), a segment or a point: Sutherland-Hodgman, one half-space
            // `u_i >= floor_i` at a time (valid in any ambient dimension).
            let mut ring = hull.vertices.clone();
            for (i, f) in floor.iter().enumerate() {
                if ring.is_empty() {
                    break;
                }
                let mut out: Vec<Point> = Vec::new();
                let k = ring.len();
                for s in 0..k {
                    let (a, b) = (&ring[s], &ring[(s + 1) % k]);
                    let (da, db) = (&a[i] - f, &b[i] - f);
                    if !da.is_negative() {
                        out.push(a.clone());
                    }
                    if (da.is_negative() && db.is_positive())
                        || (da.is_positive() && db.is_negative())
                    {
                        let t = &da / (&da - &db);
                        out.push(a.iter().zip(b).map(|(x, y)| x + &t * (y - x)).collect());
                    }
                }
                out.dedup();
                ring = out;
            }
            Ok(ring.into_iter().filter(|p| inside(p)).collect())
        }
    }
}

/// The candidate vertices of a 3-D polytope cut by `u_i >= floor_i`: its vertices inside,
/// its edges' crossings of one plane `u_i = floor_i`, its facets' crossings of two such planes,
/// and the corner `floor` itself, each kept if it lies in the polytope and above the floor.
fn clip_3d(
    hull: &Hull,
    facets: &[(Point, BigRational)],
    floor: &[BigRational],
    inside: &dyn Fn(&Point) -> bool,
) -> Result<Vec<Point>> {
    let in_poly = |p: &Point| facets.iter().all(|(m, o)| dot(m, p) <= *o);
    let mut out: Vec<Point> = hull
        .vertices
        .iter()
        .filter(|p| inside(p))
        .cloned()
        .collect();
    let v = &hull.vertices;
    let on = |p: &Point| -> Vec<usize> {
        (0..facets.len())
            .filter(|&f| dot(&facets[f].0, p) == facets[f].1)
            .collect()
    };
    let incidences: Vec<Vec<usize>> = v.iter().map(on).collect();
    for a in 0..v.len() {
        interrupt::check()?;
        for b in a + 1..v.len() {
            // An edge: two vertices on two common facets with independent normals.
            let common: Vec<Point> = incidences[a]
                .iter()
                .filter(|f| incidences[b].contains(f))
                .map(|&f| facets[f].0.clone())
                .collect();
            if rank(&common) < 2 {
                continue;
            }
            for (i, f) in floor.iter().enumerate() {
                let (da, db) = (&v[a][i] - f, &v[b][i] - f);
                if (da.is_negative() && db.is_positive()) || (da.is_positive() && db.is_negative())
                {
                    let t = &da / (&da - &db);
                    let p: Point = v[a]
                        .iter()
                        .zip(&v[b])
                        .map(|(x, y)| x + &t * (y - x))
                        .collect();
                    if inside(&p) {
                        out.push(p);
                    }
                }
            }
        }
    }
    // A facet plane with two floor planes: solve the 3×3 system.
    for (m, o) in facets {
        for i in 0..3 {
            for j in i + 1..3 {
                let k = 3 - i - j;
                if m[k].is_zero() {
                    continue;
                }
                let mut p = vec![BigRational::zero(); 3];
                p[i] = floor[i].clone();
                p[j] = floor[j].clone();
                p[k] = (o - &m[i] * &floor[i] - &m[j] * &floor[j]) / &m[k];
                if inside(&p) && in_poly(&p) {
                    out.push(p);
                }
            }
        }
    }
    let corner: Point = floor.to_vec();
    if in_poly(&corner) {
        out.push(corner);
    }
    Ok(out)
}
