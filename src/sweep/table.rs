//! The tidy table a sweep returns: typed columns, one row per point (and per equilibrium).

use rustc_hash::FxHashMap;

use crate::error::{Error, Result};

/// One cell of a [`SweepTable`].
///
/// # Example
/// ```
/// use detente::sweep::Value;
///
/// assert_eq!(Value::from("dilemma"), Value::Text("dilemma".into()));
/// assert_eq!(Value::Float(0.5).kind(), "float");
/// ```
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// A whole number (a count, an index).
    Int(i64),
    /// A real number.
    Float(f64),
    /// A label.
    Text(String),
    /// A list of reals (one player's strategy, one value per state).
    Floats(Vec<f64>),
    /// A list of whole numbers (a coalition of states).
    Ints(Vec<i64>),
    /// A list of labels.
    Texts(Vec<String>),
    /// A list of lists of whole numbers (several coalitions).
    IntLists(Vec<Vec<i64>>),
}

impl Value {
    /// The kind of column this value goes in: `"int"`, `"float"`, `"text"`, `"floats"`,
    /// `"ints"`, `"texts"` or `"int_lists"`.
    ///
    /// # Example
    /// ```
    /// assert_eq!(detente::sweep::Value::Ints(vec![0, 2]).kind(), "ints");
    /// ```
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Int(_) => "int",
            Self::Float(_) => "float",
            Self::Text(_) => "text",
            Self::Floats(_) => "floats",
            Self::Ints(_) => "ints",
            Self::Texts(_) => "texts",
            Self::IntLists(_) => "int_lists",
        }
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Self {
        Self::Text(s.into())
    }
}

/// Where a column sits in a table: the rank of the analysis that made it, its slot within
/// that analysis (players and members in order), then its name. Columns are sorted by key, so
/// tables of parts of a grid put their columns in the same order as the table of the whole.
///
/// # Example
/// ```
/// use detente::sweep::Key;
///
/// let a = Key::new(1, 0, "regime");
/// assert!(a < Key::new(2, 0, "price") && a < Key::new(1, 1, "a"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Key {
    /// The analysis' rank (the grid point index is 0, the error u32::MAX).
    pub rank: u32,
    /// The position within the analysis.
    pub slot: u32,
    /// The column name.
    pub name: String,
}

impl Key {
    /// A key from its parts.
    ///
    /// # Example
    /// ```
    /// assert_eq!(detente::sweep::Key::new(3, 1, "x").name, "x");
    /// ```
    pub fn new(rank: u32, slot: u32, name: impl Into<String>) -> Self {
        Self {
            rank,
            slot,
            name: name.into(),
        }
    }
}

/// The cells of one point, or of one equilibrium row, as (key, value) pairs.
pub(crate) type Cells = Vec<(Key, Value)>;

/// One column of a [`SweepTable`]: its key, its kind and one entry per row (`None`: missing).
///
/// # Example
/// ```
/// use detente::sweep::{Column, Key, Value};
///
/// let values = vec![Some("x".into()), None];
/// let c = Column { key: Key::new(1, 0, "regime"), kind: "text", values };
/// assert_eq!(c.values[0], Some(Value::Text("x".into())));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    /// The column's key; `key.name` is its name.
    pub key: Key,
    /// Its kind (see [`Value::kind`]); every present value is of that kind.
    pub kind: &'static str,
    /// One entry per row.
    pub values: Vec<Option<Value>>,
}

/// The result of a sweep: one row per grid point, or per equilibrium where a point has
/// several, with the columns sorted by [`Key`].
///
/// Columns always present: `point` (the grid point's index, an int), `error` (text, missing
/// where every analysis succeeded), and the fixed columns of the analyses asked for (e.g.
/// `regime`); others appear where some row has a value (one per player, member or state).
///
/// # Example
/// ```
/// use detente::alliance::RestraintGame;
/// use detente::sweep::{self, Grid, SweepOptions, Value};
///
/// let grid = Grid::product(vec![("entrapment_cost".into(), vec![0.5.into(), 3.0.into()])])?;
/// let t = sweep::sweep::<RestraintGame>(&grid, &SweepOptions::default())?;
/// let regime = t.column("regime").unwrap();
/// assert_eq!(regime.values[0], Some(Value::from("entrapment_accepted")));
/// assert_eq!(t.num_rows(), 2);   // one equilibrium at each point
/// # Ok::<(), detente::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct SweepTable {
    /// The columns, sorted by key.
    pub columns: Vec<Column>,
    rows: usize,
}

/// What one point produced: its own cells, one set of cells per equilibrium row, and the
/// errors of the analyses that failed.
#[derive(Debug, Default)]
pub(crate) struct PointOutput {
    pub(crate) cells: Cells,
    pub(crate) rows: Vec<Cells>,
    pub(crate) errors: Vec<String>,
}

impl SweepTable {
    /// The number of rows.
    ///
    /// # Example
    /// ```
    /// use detente::alliance::Reciprocity;
    /// use detente::sweep::{self, Grid, SweepOptions};
    ///
    /// let grid = Grid::product(vec![("discount".into(), vec![0.3.into(), 0.95.into()])])?;
    /// assert_eq!(sweep::sweep::<Reciprocity>(&grid, &SweepOptions::default())?.num_rows(), 2);
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn num_rows(&self) -> usize {
        self.rows
    }

    /// The column named `name`, if there is one.
    ///
    /// # Example
    /// ```
    /// use detente::alliance::Reciprocity;
    /// use detente::sweep::{self, Grid, SweepOptions};
    ///
    /// let t = sweep::sweep::<Reciprocity>(&Grid::product(vec![])?, &SweepOptions::default())?;
    /// assert!(t.column("error").is_some() && t.column("nothing").is_none());
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.key.name == name)
    }

    /// Builds the table from the points' outputs, in point order; `fixed` are the columns
    /// present even where no row has a value.
    pub(crate) fn assemble(
        points: Vec<(usize, PointOutput)>,
        fixed: &[(Key, &'static str)],
    ) -> Result<Self> {
        let rows: usize = points.iter().map(|(_, p)| p.rows.len().max(1)).sum();
        // The columns: fixed ones, then any key a point used, kinds checked.
        let mut kinds: FxHashMap<&Key, &'static str> = FxHashMap::default();
        let point_key = Key::new(0, 0, "point");
        let error_key = Key::new(u32::MAX, 0, "error");
        kinds.insert(&point_key, "int");
        kinds.insert(&error_key, "text");
        for (k, kind) in fixed {
            kinds.insert(k, kind);
        }
        for (_, p) in &points {
            for (k, v) in p.cells.iter().chain(p.rows.iter().flatten()) {
                let kind = *kinds.entry(k).or_insert(v.kind());
                if kind != v.kind() {
                    return Err(Error::Solver(format!(
                        "sweep column {:?} holds both {kind} and {} values",
                        k.name,
                        v.kind()
                    )));
                }
            }
        }
        let mut keys: Vec<(&Key, &'static str)> = kinds.into_iter().collect();
        keys.sort_unstable();
        let index: FxHashMap<&Key, usize> =
            keys.iter().enumerate().map(|(i, (k, _))| (*k, i)).collect();
        let mut data: Vec<Vec<Option<Value>>> = Vec::new();
        data.try_reserve_exact(keys.len())
            .map_err(|_| Error::InvalidArgument("the sweep table does not fit in memory".into()))?;
        for _ in 0..keys.len() {
            let mut column = Vec::new();
            column.try_reserve_exact(rows).map_err(|_| {
                Error::InvalidArgument(format!(
                    "the sweep table ({rows} rows) does not fit in memory; sweep a smaller grid"
                ))
            })?;
            column.resize(rows, None);
            data.push(column);
        }
        let (point_col, error_col) = (index[&point_key], index[&error_key]);
        let mut row = 0;
        for (point, out) in &points {
            let n = out.rows.len().max(1);
            let error = (!out.errors.is_empty()).then(|| out.errors.join("; "));
            let rows = row..row + n;
            data[point_col][rows.clone()].fill(Some(Value::Int(*point as i64)));
            if let Some(e) = error {
                data[error_col][rows.clone()].fill(Some(Value::Text(e)));
            }
            for (k, v) in &out.cells {
                data[index[k]][rows.clone()].fill(Some(v.clone()));
            }
            for (r, cells) in out.rows.iter().enumerate() {
                for (k, v) in cells {
                    data[index[k]][row + r] = Some(v.clone());
                }
            }
            row += n;
        }
        let columns = keys
            .into_iter()
            .zip(data)
            .map(|((key, kind), values)| Column {
                key: key.clone(),
                kind,
                values,
            })
            .collect();
        Ok(Self { columns, rows })
    }
}
