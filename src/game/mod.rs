//! Finite normal-form games with any number of players.
//!
//! A [`Game`] stores every player's payoff at every pure profile in one `ndarray` tensor of
//! shape `(n_1, …, n_N, N)` (QuantEcon's convention): entry `[a_1, …, a_N, i]` is player
//! `i`'s payoff when each player `k` plays action `a_k`. Players have names and actions have
//! labels (unique per player). A game is validated once, when it is built; solvers borrow it.
//!
//! # Example
//! ```
//! use detente::Game;
//! use ndarray::array;
//!
//! // Prisoner's dilemma: action 0 = cooperate, 1 = defect.
//! let g = Game::from_bimatrix(
//!     array![[3.0, 0.0], [5.0, 1.0]].view(),
//!     array![[3.0, 5.0], [0.0, 1.0]].view(),
//! )?;
//! assert_eq!(g.shape(), &[2, 2]);
//! assert_eq!(g.pure_payoffs(&[1, 1]), &[1.0, 1.0]);
//! # Ok::<(), detente::Error>(())
//! ```

mod display;
mod exact;
mod labels;
mod profile;
mod spec;

pub use profile::{PROBABILITY_TOLERANCE, Profile};
pub use spec::{PlayerSpec, StrategySpec};

use ndarray::{Array2, ArrayD, ArrayView2, Axis, Dimension, IxDyn};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// The largest payoff tensor detente agrees to allocate, in bytes (8 GiB).
///
/// Constructors that allocate from a shape (files, JSON, [`Game::from_fn`]) estimate the size
/// first and refuse larger games with [`Error::InvalidGame`] before touching memory.
pub const MAX_PAYOFF_BYTES: usize = 8 << 30;

/// Checks a tolerance argument of a solver, a dynamic or a profile test: finite and
/// non-negative.
pub(crate) fn check_tolerance(tol: f64) -> Result<()> {
    if tol.is_finite() && tol >= 0.0 {
        Ok(())
    } else {
        Err(Error::InvalidArgument(format!(
            "tol must be a finite number >= 0, got {tol}"
        )))
    }
}

/// A finite game in normal (strategic) form.
///
/// Build it with [`Game::new`] (a `(n_1, …, n_N, N)` tensor), [`Game::from_player_arrays`]
/// (one `(n_1, …, n_N)` array per player, Gambit's convention), [`Game::from_bimatrix`],
/// [`Game::zero_sum`] or [`Game::from_fn`] from floats, or with [`Game::new_exact`] /
/// [`Game::from_exact_player_arrays`] from exact rationals, which the game keeps (see
/// [`Game::exact_payoff`]); then name players and actions with [`Game::with_players`] and
/// [`Game::with_actions`].
///
/// # Example
/// ```
/// use detente::Game;
///
/// // Three-player majority game: a player gets 1 when it votes with the majority.
/// let g = Game::from_fn(&[2, 2, 2], |profile, player| {
///     let ones = profile.iter().filter(|&&a| a == 1).count();
///     let majority = usize::from(ones >= 2);
///     f64::from(u8::from(profile[player] == majority))
/// })?;
/// assert_eq!(g.num_players(), 3);
/// assert_eq!(g.num_profiles(), 8);
/// # Ok::<(), detente::Error>(())
/// ```
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(try_from = "labels::RawGame", into = "labels::RawGame")]
pub struct Game {
    payoffs: ArrayD<f64>,
    /// Whether the payoffs were given exactly, and their rationals when a float cannot hold
    /// them (never for float input, so a float game is stored once).
    exact: exact::Exactness,
    players: Vec<String>,
    actions: Vec<Vec<String>>,
    title: String,
}

/// Two games are equal when they have the same names, labels, title and the same payoffs as
/// numbers: exact payoffs equal to the floats of a float game compare equal to it.
impl PartialEq for Game {
    fn eq(&self, other: &Self) -> bool {
        self.payoffs == other.payoffs
            && self.exact.same_values(&other.exact)
            && self.players == other.players
            && self.actions == other.actions
            && self.title == other.title
    }
}

impl Game {
    /// Builds a game from a payoff tensor of shape `(n_1, …, n_N, N)`.
    ///
    /// Players are named `"P1"`, `"P2"`, … and actions labelled `"a1"`, `"a2"`, … until
    /// [`Game::with_players`] / [`Game::with_actions`] say otherwise.
    ///
    /// # Errors
    /// [`Error::InvalidGame`] if the last axis does not have one entry per player, an action
    /// set is empty, or a payoff is NaN or infinite.
    ///
    /// # Example
    /// ```
    /// use detente::Game;
    /// use ndarray::{ArrayD, IxDyn};
    ///
    /// // One player choosing between two actions worth 1 and 2.
    /// let g = Game::new(ArrayD::from_shape_vec(IxDyn(&[2, 1]), vec![1.0, 2.0]).unwrap())?;
    /// assert_eq!(g.num_players(), 1);
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn new(payoffs: ArrayD<f64>) -> Result<Self> {
        let ndim = payoffs.ndim();
        if ndim < 2 {
            return Err(Error::InvalidGame(format!(
                "payoffs must have shape (n_1, ..., n_N, N) with one trailing entry per player; \
                 got a {ndim}-dimensional array"
            )));
        }
        let shape = payoffs.shape().to_vec();
        let num_players = ndim - 1;
        if shape[num_players] != num_players {
            return Err(Error::InvalidGame(format!(
                "payoffs of shape {shape:?} describe {num_players} player(s), so the last axis \
                 must have length {num_players} (one payoff per player), not {}; for one array \
                 per player use Game::from_player_arrays (Python: Game.from_player_payoffs)",
                shape[num_players]
            )));
        }
        check_action_counts(&shape[..num_players])?;
        let payoffs = if payoffs.is_standard_layout() {
            payoffs
        } else {
            payoffs.as_standard_layout().into_owned()
        };
        check_finite(&payoffs)?;
        Ok(Self::unchecked(payoffs))
    }

    /// Builds a game from one payoff array per player, each of shape `(n_1, …, n_N)`
    /// (Gambit's and nashpy's convention).
    ///
    /// # Errors
    /// [`Error::InvalidGame`] if the arrays differ in shape, their number differs from their
    /// dimension, or a payoff is not finite.
    ///
    /// # Example
    /// ```
    /// use detente::Game;
    /// use ndarray::array;
    ///
    /// let a = array![[1.0, -1.0], [-1.0, 1.0]].into_dyn();
    /// let g = Game::from_player_arrays(&[a.view(), (-&a).view()])?;
    /// assert_eq!(g.pure_payoffs(&[0, 1]), &[-1.0, 1.0]);
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn from_player_arrays(arrays: &[ndarray::ArrayViewD<'_, f64>]) -> Result<Self> {
        Self::new(stack_player_arrays(arrays)?)
    }

    /// Builds a two-player game from the row player's matrix `a` and the column player's `b`.
    ///
    /// # Errors
    /// [`Error::InvalidGame`] if the shapes differ, a matrix is empty, or a payoff is not
    /// finite.
    ///
    /// # Example
    /// ```
    /// use detente::Game;
    /// use ndarray::array;
    ///
    /// let g = Game::from_bimatrix(array![[2.0, 0.0], [0.0, 1.0]].view(),
    ///                             array![[1.0, 0.0], [0.0, 2.0]].view())?;
    /// assert_eq!(g.pure_payoffs(&[1, 1]), &[1.0, 2.0]);
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn from_bimatrix(a: ArrayView2<'_, f64>, b: ArrayView2<'_, f64>) -> Result<Self> {
        if a.shape() != b.shape() {
            return Err(Error::InvalidGame(format!(
                "the row player's matrix has shape {:?} but the column player's has shape {:?}; \
                 both must be (rows, columns)",
                a.shape(),
                b.shape()
            )));
        }
        let (m, n) = a.dim();
        check_action_counts(&[m, n])?;
        // Interleave the two matrices in logical (row-major) order: (a_ij, b_ij) pairs.
        let data: Vec<f64> = a.iter().zip(b.iter()).flat_map(|(&x, &y)| [x, y]).collect();
        let payoffs = ArrayD::from_shape_vec(IxDyn(&[m, n, 2]), data)
            .map_err(|e| Error::InvalidGame(e.to_string()))?;
        Self::new(payoffs)
    }

    /// Builds the two-player zero-sum game in which the row player receives `a[i, j]` and the
    /// column player `-a[i, j]`.
    ///
    /// # Errors
    /// As [`Game::from_bimatrix`].
    ///
    /// # Example
    /// ```
    /// use detente::Game;
    /// use ndarray::array;
    ///
    /// let pennies = Game::zero_sum(array![[1.0, -1.0], [-1.0, 1.0]].view())?;
    /// assert_eq!(pennies.pure_payoffs(&[0, 1]), &[-1.0, 1.0]);
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn zero_sum(a: ArrayView2<'_, f64>) -> Result<Self> {
        let b: Array2<f64> = a.mapv(|x| -x);
        Self::from_bimatrix(a, b.view())
    }

    /// Builds a game of the given action counts by calling `payoff(profile, player)` for every
    /// pure profile and player.
    ///
    /// # Errors
    /// [`Error::InvalidGame`] if `shape` is empty, has a zero, would need more than
    /// [`MAX_PAYOFF_BYTES`], or `payoff` returns a non-finite number.
    ///
    /// # Example
    /// ```
    /// use detente::Game;
    ///
    /// // Matching pennies: player 0 wins when the actions match.
    /// let g = Game::from_fn(&[2, 2], |s, i| if (s[0] == s[1]) == (i == 0) { 1.0 } else { -1.0 })?;
    /// assert_eq!(g.pure_payoffs(&[1, 1]), &[1.0, -1.0]);
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn from_fn(
        shape: &[usize],
        mut payoff: impl FnMut(&[usize], usize) -> f64,
    ) -> Result<Self> {
        if shape.is_empty() {
            return Err(Error::InvalidGame(
                "a game needs at least one player: give one action count per player".into(),
            ));
        }
        check_action_counts(shape)?;
        let n = shape.len();
        let mut full = shape.to_vec();
        full.push(n);
        let total = Self::checked_size(shape)?;
        let mut data = Vec::with_capacity(total * n);
        let mut profile = vec![0usize; n];
        for _ in 0..total {
            data.extend((0..n).map(|i| payoff(&profile, i)));
            advance(&mut profile, shape);
        }
        let payoffs = ArrayD::from_shape_vec(IxDyn(&full), data)
            .map_err(|e| Error::InvalidGame(e.to_string()))?;
        Self::new(payoffs)
    }

    /// Number of pure profiles of a game with these action counts, or an error if its payoff
    /// tensor would exceed [`MAX_PAYOFF_BYTES`] (checked with overflow-safe arithmetic).
    ///
    /// # Errors
    /// [`Error::InvalidGame`] for games too large to allocate.
    ///
    /// # Example
    /// ```
    /// use detente::Game;
    ///
    /// assert_eq!(Game::checked_size(&[4; 8])?, 65_536);
    /// assert!(Game::checked_size(&[1000; 6]).is_err());
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn checked_size(shape: &[usize]) -> Result<usize> {
        let too_big = || {
            Error::InvalidGame(format!(
                "a game with action counts {shape:?} would need more than {} GiB for its payoff \
                 tensor; reduce the number of actions or players",
                MAX_PAYOFF_BYTES >> 30
            ))
        };
        let profiles = shape
            .iter()
            .try_fold(1usize, |acc, &n| acc.checked_mul(n))
            .ok_or_else(too_big)?;
        let bytes = profiles
            .checked_mul(shape.len())
            .and_then(|x| x.checked_mul(std::mem::size_of::<f64>()))
            .ok_or_else(too_big)?;
        if bytes > MAX_PAYOFF_BYTES {
            return Err(too_big());
        }
        Ok(profiles)
    }

    /// Refuses payoffs so large that sums and differences of them overflow `f64`: a solver
    /// that adds payoffs over players or subtracts one from another (deviation gains, the
    /// payoff range) needs `N · max |u|` and `2 · max |u|` to be finite.
    ///
    /// `what` names the solver in the message, which says that the payoff scale is the
    /// problem and how to fix it (divide every payoff by a common factor: equilibria do not
    /// change).
    ///
    /// # Errors
    /// [`Error::InvalidGame`] when the payoffs are too large for `what`.
    ///
    /// # Example
    /// ```
    /// use detente::Game;
    /// use ndarray::array;
    ///
    /// let g = Game::zero_sum(array![[1e308, -1e308]].view())?;
    /// let err = g.check_payoff_scale("correlated").unwrap_err();
    /// assert!(err.to_string().contains("divide every payoff"));
    /// assert!(Game::zero_sum(array![[1e300]].view())?.check_payoff_scale("x").is_ok());
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn check_payoff_scale(&self, what: &str) -> Result<()> {
        let top = self
            .payoff_slice()
            .iter()
            .fold(0.0_f64, |m, x| m.max(x.abs()));
        let factor = self.num_players().max(2) as f64;
        if (top * factor).is_finite() {
            return Ok(());
        }
        Err(Error::InvalidGame(format!(
            "{what} adds and subtracts payoffs, and this game's payoffs reach {top:e} in \
             absolute value, so {factor} times that overflows the largest float (about \
             1.8e308): the payoff scale is the problem; divide every payoff by a common factor \
             (e.g. 1e300), which changes no equilibrium"
        )))
    }

    /// Wraps a tensor already known to be valid, with default names.
    fn unchecked(payoffs: ArrayD<f64>) -> Self {
        let n = payoffs.ndim() - 1;
        let players = labels::default_players(n);
        let actions = (0..n)
            .map(|i| labels::default_actions(payoffs.shape()[i]))
            .collect();
        Self {
            payoffs,
            exact: exact::Exactness::Float,
            players,
            actions,
            title: String::new(),
        }
    }

    /// Names the players (any distinct strings, one per player).
    ///
    /// # Errors
    /// [`Error::InvalidGame`] if the number of names differs from the number of players, or a
    /// name is repeated (a player is looked up by name, so two players cannot share one).
    ///
    /// # Example
    /// ```
    /// use detente::Game;
    /// use ndarray::array;
    ///
    /// let g = Game::zero_sum(array![[1.0]].view())?.with_players(["Patron", "Client"])?;
    /// assert_eq!(g.players(), &["Patron", "Client"]);
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn with_players<S: Into<String>>(
        mut self,
        players: impl IntoIterator<Item = S>,
    ) -> Result<Self> {
        let players: Vec<String> = players.into_iter().map(Into::into).collect();
        if players.len() != self.num_players() {
            return Err(Error::InvalidGame(format!(
                "{} player names were given for a {}-player game",
                players.len(),
                self.num_players()
            )));
        }
        labels::check_players(&players)?;
        self.players = players;
        Ok(self)
    }

    /// Labels every player's actions: one list per player, labels unique within a list.
    ///
    /// # Errors
    /// [`Error::InvalidGame`] if a list has the wrong length or repeats a label.
    ///
    /// # Example
    /// ```
    /// use detente::Game;
    /// use ndarray::array;
    ///
    /// let g = Game::zero_sum(array![[1.0, -1.0]].view())?
    ///     .with_actions(vec![vec!["Hold"], vec!["Left", "Right"]])?;
    /// assert_eq!(g.action_index(1, "Right"), Some(1));
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn with_actions<S: Into<String>>(mut self, actions: Vec<Vec<S>>) -> Result<Self> {
        let actions: Vec<Vec<String>> = actions
            .into_iter()
            .map(|a| a.into_iter().map(Into::into).collect())
            .collect();
        labels::check_actions(&actions, self.shape(), &self.players)?;
        self.actions = actions;
        Ok(self)
    }

    /// Gives the game a title (Gambit files carry one).
    pub fn with_title(mut self, title: impl Into<String>) -> Self {
        self.title = title.into();
        self
    }

    /// Number of players `N`.
    pub fn num_players(&self) -> usize {
        self.payoffs.ndim() - 1
    }

    /// Action counts `(n_1, …, n_N)`.
    pub fn shape(&self) -> &[usize] {
        &self.payoffs.shape()[..self.num_players()]
    }

    /// Number of pure profiles, `n_1 · … · n_N`.
    pub fn num_profiles(&self) -> usize {
        self.shape().iter().product()
    }

    /// The payoff tensor, shape `(n_1, …, n_N, N)`, in standard (C) layout.
    pub fn payoffs(&self) -> &ArrayD<f64> {
        &self.payoffs
    }

    /// The payoff tensor as a flat slice: player `i` at the profile with flat index `p`
    /// (C order over the action axes) is entry `p * N + i`.
    pub fn payoff_slice(&self) -> &[f64] {
        self.payoffs
            .as_slice()
            .expect("a Game's payoffs are kept in standard layout")
    }

    /// Player names.
    pub fn players(&self) -> &[String] {
        &self.players
    }

    /// Action labels, one list per player.
    pub fn actions(&self) -> &[Vec<String>] {
        &self.actions
    }

    /// The title ("" unless set).
    pub fn title(&self) -> &str {
        &self.title
    }

    /// Index of the action labelled `label` for `player`, if any.
    pub fn action_index(&self, player: usize, label: &str) -> Option<usize> {
        self.actions.get(player)?.iter().position(|a| a == label)
    }

    /// Every player's payoff at a pure profile (one action index per player).
    ///
    /// # Panics
    /// If `profile` has the wrong length or an index is out of range; use
    /// [`Game::checked_profile_index`] to validate user input first.
    pub fn pure_payoffs(&self, profile: &[usize]) -> &[f64] {
        let n = self.num_players();
        assert_eq!(
            profile.len(),
            n,
            "a pure profile needs one action per player"
        );
        let p = profile.iter().zip(self.shape()).fold(0, |acc, (&a, &k)| {
            assert!(a < k, "action index {a} out of range 0..{k}");
            acc * k + a
        });
        &self.payoff_slice()[p * n..(p + 1) * n]
    }

    /// Flat index of a pure profile, validating it against the game.
    ///
    /// # Errors
    /// [`Error::InvalidProfile`] if the profile has the wrong length or an action is out of
    /// range.
    pub fn checked_profile_index(&self, profile: &[usize]) -> Result<usize> {
        if profile.len() != self.num_players() {
            return Err(Error::InvalidProfile(format!(
                "a pure profile of this {}-player game needs {} actions, got {}",
                self.num_players(),
                self.num_players(),
                profile.len()
            )));
        }
        profile
            .iter()
            .zip(self.shape())
            .enumerate()
            .try_fold(0, |acc, (i, (&a, &k))| {
                if a < k {
                    Ok(acc * k + a)
                } else {
                    Err(Error::InvalidProfile(format!(
                        "player {} ({}) has {k} actions, so action {a} is out of range",
                        i + 1,
                        self.players[i]
                    )))
                }
            })
    }

    /// Strides of the action axes in units of profiles: moving player `i` by one action moves
    /// the flat profile index by `strides[i]`.
    pub fn profile_strides(&self) -> Vec<usize> {
        let shape = self.shape();
        let mut strides = vec![1; shape.len()];
        for i in (0..shape.len().saturating_sub(1)).rev() {
            strides[i] = strides[i + 1] * shape[i + 1];
        }
        strides
    }

    /// The subgame in which each player keeps only the listed actions (in the listed order).
    ///
    /// # Errors
    /// [`Error::InvalidGame`] if a list is empty, repeats an action, or has an index out of
    /// range, or the number of lists differs from the number of players.
    ///
    /// # Example
    /// ```
    /// use detente::Game;
    /// use ndarray::array;
    ///
    /// let g = Game::zero_sum(array![[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]].view())?;
    /// let sub = g.restrict(&[vec![1], vec![0, 2]])?;
    /// assert_eq!(sub.shape(), &[1, 2]);
    /// assert_eq!(sub.pure_payoffs(&[0, 1]), &[6.0, -6.0]);
    /// assert_eq!(sub.actions()[1], vec!["a1", "a3"]);
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn restrict(&self, keep: &[Vec<usize>]) -> Result<Self> {
        if keep.len() != self.num_players() {
            return Err(Error::InvalidGame(format!(
                "restrict needs one list of actions per player ({}), got {}",
                self.num_players(),
                keep.len()
            )));
        }
        for (i, (k, &n)) in keep.iter().zip(self.shape()).enumerate() {
            let mut seen = vec![false; n];
            for &a in k {
                if a >= n || std::mem::replace(&mut seen[a], true) {
                    return Err(Error::InvalidGame(format!(
                        "restrict: player {}'s list {k:?} must hold distinct actions in 0..{n}",
                        i + 1
                    )));
                }
            }
        }
        check_action_counts(&keep.iter().map(Vec::len).collect::<Vec<_>>())?;
        let mut payoffs = self.payoffs.clone();
        for (axis, k) in keep.iter().enumerate() {
            payoffs = payoffs.select(Axis(axis), k);
        }
        // `select` may return a non-C layout, and `payoff_slice` relies on standard layout.
        if !payoffs.is_standard_layout() {
            payoffs = payoffs.as_standard_layout().into_owned();
        }
        let actions = keep
            .iter()
            .zip(&self.actions)
            .map(|(k, labels)| k.iter().map(|&a| labels[a].clone()).collect())
            .collect();
        let exact = self.exact.restrict(self.payoffs.shape(), keep);
        Ok(Self {
            payoffs,
            exact,
            players: self.players.clone(),
            actions,
            title: self.title.clone(),
        })
    }
}

/// One `(n_1, …, n_N)` array per player stacked into the `(n_1, …, n_N, N)` tensor, after
/// checking their number and shapes.
fn stack_player_arrays<T: Clone>(arrays: &[ndarray::ArrayViewD<'_, T>]) -> Result<ArrayD<T>> {
    let Some(first) = arrays.first() else {
        return Err(Error::InvalidGame(
            "a game needs at least one player: pass one payoff array per player".into(),
        ));
    };
    let shape = first.shape().to_vec();
    if shape.len() != arrays.len() {
        return Err(Error::InvalidGame(format!(
            "{} payoff arrays were given, so each must be {}-dimensional (one axis per \
             player), but the first has shape {shape:?}",
            arrays.len(),
            arrays.len()
        )));
    }
    for (i, a) in arrays.iter().enumerate() {
        if a.shape() != shape.as_slice() {
            return Err(Error::InvalidGame(format!(
                "every player's payoff array must have the same shape: player 1's is \
                 {shape:?} but player {}'s is {:?}",
                i + 1,
                a.shape()
            )));
        }
    }
    check_action_counts(&shape)?;
    let views: Vec<_> = arrays
        .iter()
        .map(|a| a.view().insert_axis(Axis(shape.len())))
        .collect();
    let stacked = ndarray::concatenate(Axis(shape.len()), &views)
        .map_err(|e| Error::InvalidGame(e.to_string()))?;
    Ok(stacked)
}

/// Advances a multi-index in C order (last axis fastest); wraps to all zeros at the end.
pub(crate) fn advance(profile: &mut [usize], shape: &[usize]) {
    for k in (0..profile.len()).rev() {
        profile[k] += 1;
        if profile[k] < shape[k] {
            return;
        }
        profile[k] = 0;
    }
}

fn check_action_counts(shape: &[usize]) -> Result<()> {
    if let Some(i) = shape.iter().position(|&n| n == 0) {
        return Err(Error::InvalidGame(format!(
            "player {} has an empty action set; every player needs at least one action",
            i + 1
        )));
    }
    Game::checked_size(shape).map(|_| ())
}

fn check_finite(payoffs: &ArrayD<f64>) -> Result<()> {
    // The fast path reads the buffer in order; the index is looked up only on failure.
    if payoffs.iter().all(|x| x.is_finite()) {
        return Ok(());
    }
    let n = payoffs.ndim() - 1;
    let Some((index, &x)) = payoffs.indexed_iter().find(|(_, x)| !x.is_finite()) else {
        return Ok(());
    };
    let index = index.slice();
    let what = if x.is_nan() { "NaN" } else { "infinite" };
    Err(Error::InvalidGame(format!(
        "the payoff of player {} at profile {:?} is {what}; every payoff must be a finite number",
        index[n] + 1,
        &index[..n]
    )))
}
