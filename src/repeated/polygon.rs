//! Convex polygons in the plane of two players' payoffs: the geometry behind
//! [`crate::repeated::RepeatedGame::equilibrium_payoff_set`].
//!
//! A polygon is its list of vertices in counter-clockwise order, without repeats; it may be
//! degenerate: empty, a single point or a segment (two vertices), which every routine here
//! accepts (the equilibrium payoff set of a repeated game is often a point or a segment).
//! Comparisons take an absolute slack `eps` so that points on an edge computed in floating
//! point count as on it.

/// A point `[x, y]` (player 1's payoff, player 2's payoff).
pub(crate) type Point = [f64; 2];

/// `(b - a) × (c - a)`: positive when `a, b, c` turn counter-clockwise.
fn cross(a: Point, b: Point, c: Point) -> f64 {
    (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])
}

fn distance(a: Point, b: Point) -> f64 {
    (a[0] - b[0]).hypot(a[1] - b[1])
}

/// The distance from `p` to the segment `[a, b]`.
fn segment_distance(p: Point, a: Point, b: Point) -> f64 {
    let d = [b[0] - a[0], b[1] - a[1]];
    let len2 = d[0] * d[0] + d[1] * d[1];
    if len2 == 0.0 {
        return distance(p, a);
    }
    let t = (((p[0] - a[0]) * d[0] + (p[1] - a[1]) * d[1]) / len2).clamp(0.0, 1.0);
    distance(p, [a[0] + t * d[0], a[1] + t * d[1]])
}

/// The convex hull of `points` (counter-clockwise, starting from the lowest-leftmost
/// vertex), simplified by [`simplify`] with slack `eps`. Non-finite points are ignored.
///
/// The chains are built with the exact orientation test (Andrew's monotone chain, which
/// relies on the lexicographic order of the points and breaks if nearly collinear points
/// are dropped on the way); near-duplicates and near-collinear vertices are removed after.
pub(crate) fn hull(points: &mut Vec<Point>, eps: f64) -> Vec<Point> {
    points.retain(|p| p[0].is_finite() && p[1].is_finite());
    points.sort_by(|a, b| a[0].total_cmp(&b[0]).then(a[1].total_cmp(&b[1])));
    points.dedup();
    if points.len() <= 1 {
        return points.clone();
    }
    let mut lower: Vec<Point> = Vec::with_capacity(points.len());
    for &p in points.iter() {
        while lower.len() >= 2 && cross(lower[lower.len() - 2], lower[lower.len() - 1], p) <= 0.0 {
            lower.pop();
        }
        lower.push(p);
    }
    let mut upper: Vec<Point> = Vec::with_capacity(points.len());
    for &p in points.iter().rev() {
        while upper.len() >= 2 && cross(upper[upper.len() - 2], upper[upper.len() - 1], p) <= 0.0 {
            upper.pop();
        }
        upper.push(p);
    }
    lower.pop();
    upper.pop();
    lower.extend(upper);
    simplify(lower, eps)
}

/// A convex polygon (counter-clockwise) without vertices closer than `eps` to their
/// predecessor or to the segment between their neighbours (each removal moves the boundary
/// by at most `eps`), starting again from its
/// lowest-leftmost vertex. A polygon within `eps` of a segment or a point becomes one.
pub(crate) fn simplify(mut poly: Vec<Point>, eps: f64) -> Vec<Point> {
    loop {
        let n = poly.len();
        if n <= 2 {
            if n == 2 && distance(poly[0], poly[1]) <= eps {
                poly.truncate(1);
            }
            break;
        }
        let drop = (0..n).find(|&k| {
            let a = poly[(k + n - 1) % n];
            let b = poly[k];
            let c = poly[(k + 1) % n];
            // Not an orientation test: rounding can leave a nearly collinear run as a spike
            // `a, b, c, b`, whose end `a` has the same vertex on both sides and must stay.
            distance(a, b) <= eps || segment_distance(b, a, c) <= eps
        });
        match drop {
            Some(k) => {
                poly.remove(k);
            }
            None => break,
        }
    }
    if let Some(first) = (0..poly.len()).min_by(|&i, &j| {
        poly[i][0]
            .total_cmp(&poly[j][0])
            .then(poly[i][1].total_cmp(&poly[j][1]))
    }) {
        poly.rotate_left(first);
    }
    poly
}

/// The distance from `p` to the polygon (0 inside), `f64::INFINITY` for the empty polygon.
pub(crate) fn distance_to(poly: &[Point], p: Point) -> f64 {
    match poly.len() {
        0 => f64::INFINITY,
        1 => distance(p, poly[0]),
        2 => segment_distance(p, poly[0], poly[1]),
        n => {
            let inside = (0..n).all(|k| cross(poly[k], poly[(k + 1) % n], p) >= 0.0);
            if inside {
                return 0.0;
            }
            (0..n)
                .map(|k| segment_distance(p, poly[k], poly[(k + 1) % n]))
                .fold(f64::INFINITY, f64::min)
        }
    }
}

/// The Hausdorff distance between two convex polygons (attained at vertices, since the
/// distance to a convex set is a convex function); 0 between two empty polygons and
/// infinite between an empty and a non-empty one.
pub(crate) fn hausdorff(a: &[Point], b: &[Point]) -> f64 {
    match (a.is_empty(), b.is_empty()) {
        (true, true) => return 0.0,
        (true, false) | (false, true) => return f64::INFINITY,
        _ => {}
    }
    let one = a.iter().map(|&p| distance_to(b, p)).fold(0.0, f64::max);
    let two = b.iter().map(|&p| distance_to(a, p)).fold(0.0, f64::max);
    one.max(two)
}

/// The range `[lo, hi]` of coordinate `1 - axis` over the points of the polygon whose
/// coordinate `axis` equals `c` (within `eps`), or `None` when the line misses it.
pub(crate) fn slice(poly: &[Point], axis: usize, c: f64, eps: f64) -> Option<(f64, f64)> {
    let other = 1 - axis;
    let n = poly.len();
    let mut lo = f64::INFINITY;
    let mut hi = f64::NEG_INFINITY;
    let mut take = |y: f64| {
        lo = lo.min(y);
        hi = hi.max(y);
    };
    for k in 0..n {
        let p = poly[k];
        let dp = p[axis] - c;
        if dp.abs() <= eps {
            take(p[other]);
        }
        if n == 1 {
            break;
        }
        let q = poly[(k + 1) % n];
        let dq = q[axis] - c;
        if (dp < -eps && dq > eps) || (dp > eps && dq < -eps) {
            let t = dp / (dp - dq);
            take(p[other] + t * (q[other] - p[other]));
        }
    }
    (lo <= hi).then_some((lo, hi))
}

/// The area of the polygon (0 for a point or a segment).
pub(crate) fn area(poly: &[Point]) -> f64 {
    let n = poly.len();
    if n < 3 {
        return 0.0;
    }
    let twice: f64 = (0..n)
        .map(|k| {
            let (p, q) = (poly[k], poly[(k + 1) % n]);
            p[0] * q[1] - q[0] * p[1]
        })
        .sum();
    twice / 2.0
}

/// The polygon cut by the half-plane `normal · x <= offset` (within `eps`).
pub(crate) fn clip(poly: &[Point], normal: Point, offset: f64, eps: f64) -> Vec<Point> {
    let mut out = clip_raw(poly, normal, offset, eps);
    hull(&mut out, eps)
}

/// [`clip`] without the final clean-up: the cut polygon's vertices in counter-clockwise
/// order, possibly with repeated or collinear points (enough for support values).
pub(crate) fn clip_raw(poly: &[Point], normal: Point, offset: f64, eps: f64) -> Vec<Point> {
    let n = poly.len();
    let side = |p: Point| normal[0] * p[0] + normal[1] * p[1] - offset;
    let mut out: Vec<Point> = Vec::with_capacity(n + 2);
    for k in 0..n {
        let p = poly[k];
        let sp = side(p);
        if sp <= eps {
            out.push(p);
        }
        if n == 1 {
            break;
        }
        let q = poly[(k + 1) % n];
        let sq = side(q);
        if (sp < -eps && sq > eps) || (sp > eps && sq < -eps) {
            let t = sp / (sp - sq);
            out.push([p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])]);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hull_of_degenerate_inputs() {
        assert!(hull(&mut vec![], 1e-12).is_empty());
        assert_eq!(hull(&mut vec![[1.0, 1.0]; 3], 1e-12), vec![[1.0, 1.0]]);
        let seg = hull(&mut vec![[2.0, 1.0], [1.0, 2.0], [1.5, 1.5]], 1e-12);
        assert_eq!(seg, vec![[1.0, 2.0], [2.0, 1.0]]);
        let square = hull(
            &mut vec![[0.0, 0.0], [1.0, 1.0], [1.0, 0.0], [0.0, 1.0], [0.5, 0.5]],
            1e-12,
        );
        assert_eq!(square, vec![[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0]]);
        assert_eq!(area(&square), 1.0);
        // A spike left by rounding on a collinear run keeps its far ends.
        let spike = simplify(
            vec![[-0.3, -0.4], [0.19, 0.58], [0.4, 1.0], [0.19, 0.58]],
            1e-12,
        );
        assert_eq!(spike, vec![[-0.3, -0.4], [0.4, 1.0]]);
    }

    #[test]
    fn slices_distances_and_clips() {
        let square = vec![[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0]];
        assert_eq!(slice(&square, 0, 0.5, 1e-12), Some((0.0, 1.0)));
        assert_eq!(slice(&square, 1, 1.0, 1e-12), Some((0.0, 1.0)));
        assert_eq!(slice(&square, 0, 2.0, 1e-12), None);
        assert_eq!(slice(&[[1.0, 1.0]], 0, 1.0, 1e-12), Some((1.0, 1.0)));
        let seg = [[1.0, 2.0], [2.0, 1.0]];
        assert_eq!(slice(&seg, 0, 1.5, 1e-12), Some((1.5, 1.5)));
        assert_eq!(distance_to(&square, [0.5, 0.5]), 0.0);
        assert_eq!(distance_to(&square, [2.0, 0.5]), 1.0);
        assert_eq!(hausdorff(&square, &[[0.0, 0.0]]), 2f64.sqrt());
        let half = clip(&square, [1.0, 0.0], 0.5, 1e-12);
        assert_eq!(half, vec![[0.0, 0.0], [0.5, 0.0], [0.5, 1.0], [0.0, 1.0]]);
        assert!(clip(&square, [1.0, 0.0], -1.0, 1e-12).is_empty());
    }
}
