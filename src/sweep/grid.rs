//! The points of a sweep: a cartesian product of parameter values, or explicit rows.

use crate::alliance::{ParamMap, ParamValue};
use crate::error::{Error, Result};

/// The parameter points a sweep visits, in a fixed order.
///
/// * [`Grid::product`]: every combination of the values listed for each parameter, the first
///   parameter varying slowest (the order of Python's `itertools.product`). Points are made
///   one at a time from their index, so a grid of many points costs no memory until it is
///   swept (and [`crate::sweep::sweep`] refuses one whose table would not fit).
/// * [`Grid::rows`]: one point per row of values (a table of parameter rows).
///
/// # Example
/// ```
/// use detente::alliance::ParamValue;
/// use detente::sweep::Grid;
///
/// let g = Grid::product(vec![
///     ("war_cost".into(), vec![1.0.into(), 2.0.into()]),
///     ("revision_gain".into(), vec![0.5.into(), 1.0.into(), 2.0.into()]),
/// ])?;
/// assert_eq!(g.len(), 6);
/// assert_eq!(g.point(1)["revision_gain"], ParamValue::Number(1.0)); // last name fastest
/// assert_eq!(g.point(3)["war_cost"], ParamValue::Number(2.0));
/// # Ok::<(), detente::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Grid {
    names: Vec<String>,
    kind: Kind,
    len: usize,
}

#[derive(Debug, Clone, PartialEq)]
enum Kind {
    /// One list of values per name.
    Product(Vec<Vec<ParamValue>>),
    /// One value per name, per point.
    Rows(Vec<Vec<ParamValue>>),
}

/// Refuses a repeated parameter name.
fn unique(names: &[String]) -> Result<()> {
    for (i, n) in names.iter().enumerate() {
        if names[..i].contains(n) {
            return Err(Error::InvalidArgument(format!(
                "grid names the parameter {n:?} twice; give each parameter once"
            )));
        }
    }
    Ok(())
}

impl Grid {
    /// The cartesian product of `axes` (name, values), first axis slowest. No axis gives one
    /// point (every parameter at its default); an axis without values gives none.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] naming `grid` if a name repeats or the number of points
    /// overflows `usize`.
    ///
    /// # Example
    /// ```
    /// use detente::sweep::Grid;
    ///
    /// assert_eq!(Grid::product(vec![])?.len(), 1);
    /// assert_eq!(Grid::product(vec![("war_cost".into(), vec![])])?.len(), 0);
    /// let huge = vec![("x".to_string(), vec![1.0.into(); 1 << 16]); 4]; // 2^64 points
    /// let names: Vec<_> = huge.into_iter().enumerate()
    ///     .map(|(i, (_, v))| (format!("x{i}"), v)).collect();
    /// assert!(Grid::product(names).unwrap_err().to_string().contains("grid"));
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn product(axes: Vec<(String, Vec<ParamValue>)>) -> Result<Self> {
        let (names, values): (Vec<String>, Vec<Vec<ParamValue>>) = axes.into_iter().unzip();
        unique(&names)?;
        let mut len: usize = 1;
        for v in &values {
            len = len.checked_mul(v.len()).ok_or_else(|| {
                let sizes: Vec<String> = values.iter().map(|v| v.len().to_string()).collect();
                Error::InvalidArgument(format!(
                    "grid has {} points, more than this machine can count; sweep fewer \
                     values per parameter",
                    sizes.join(" x ")
                ))
            })?;
        }
        Ok(Self {
            names,
            kind: Kind::Product(values),
            len,
        })
    }

    /// One point per row; each row gives one value per name, in the order of `names`.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] naming `grid` if a name repeats or a row has the wrong
    /// length.
    ///
    /// # Example
    /// ```
    /// use detente::alliance::ParamValue;
    /// use detente::sweep::Grid;
    ///
    /// let g = Grid::rows(vec!["discount".into()], vec![vec![0.5.into()], vec![0.9.into()]])?;
    /// assert_eq!((g.len(), &g.point(1)["discount"]), (2, &ParamValue::Number(0.9)));
    /// assert!(Grid::rows(vec!["a".into()], vec![vec![]]).is_err());
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn rows(names: Vec<String>, rows: Vec<Vec<ParamValue>>) -> Result<Self> {
        unique(&names)?;
        if let Some((i, row)) = rows
            .iter()
            .enumerate()
            .find(|(_, r)| r.len() != names.len())
        {
            return Err(Error::InvalidArgument(format!(
                "grid row {i} has {} values for {} parameters",
                row.len(),
                names.len()
            )));
        }
        Ok(Self {
            names,
            len: rows.len(),
            kind: Kind::Rows(rows),
        })
    }

    /// The number of points.
    ///
    /// # Example
    /// ```
    /// let g = detente::sweep::Grid::product(vec![("a".into(), vec![1.0.into(); 3])])?;
    /// assert_eq!(g.len(), 3);
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the grid has no point.
    ///
    /// # Example
    /// ```
    /// assert!(detente::sweep::Grid::rows(vec![], vec![])?.is_empty());
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The parameter names, in order.
    ///
    /// # Example
    /// ```
    /// let g = detente::sweep::Grid::rows(vec!["quota".into()], vec![])?;
    /// assert_eq!(g.names(), ["quota"]);
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// The parameters of point `index` (`index < len()`).
    ///
    /// # Panics
    /// If `index >= len()`.
    ///
    /// # Example
    /// ```
    /// use detente::alliance::ParamValue;
    /// let g = detente::sweep::Grid::product(vec![("a".into(), vec![1.0.into(), 2.0.into()])])?;
    /// assert_eq!(g.point(1)["a"], ParamValue::Number(2.0));
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn point(&self, index: usize) -> ParamMap {
        assert!(index < self.len, "point {index} of a grid of {}", self.len);
        match &self.kind {
            Kind::Rows(rows) => self
                .names
                .iter()
                .cloned()
                .zip(rows[index].iter().cloned())
                .collect(),
            Kind::Product(axes) => {
                let mut rest = index;
                let mut picked = vec![0; axes.len()];
                for (k, axis) in axes.iter().enumerate().rev() {
                    picked[k] = rest % axis.len();
                    rest /= axis.len();
                }
                self.names
                    .iter()
                    .zip(axes.iter().zip(picked))
                    .map(|(n, (axis, i))| (n.clone(), axis[i].clone()))
                    .collect()
            }
        }
    }
}
