//! Graph-restricted games and the Myerson value (Myerson 1977).
//!
//! Given a communication graph on the players, a coalition can only cooperate within its
//! connected components: the restricted game is `v^g(S) = Σ v(C)` over the components `C`
//! of `S` in the graph induced on `S`. The Myerson value is the Shapley value of `v^g`.
//! Components are found with bitmask breadth-first search, `O(n)` word operations per
//! coalition.

use num_rational::BigRational;
use num_traits::Zero;

use super::TUGame;
use crate::error::{Error, Result};

/// The components of coalition `s` in the graph with neighbour masks `adjacent`.
fn components(s: usize, adjacent: &[usize]) -> impl Iterator<Item = usize> + '_ {
    let mut rest = s;
    std::iter::from_fn(move || {
        if rest == 0 {
            return None;
        }
        let mut component = rest & rest.wrapping_neg();
        let mut frontier = component;
        while frontier != 0 {
            let mut reach = 0;
            for i in TUGame::members(frontier) {
                reach |= adjacent[i];
            }
            frontier = reach & rest & !component;
            component |= frontier;
        }
        rest &= !component;
        Some(component)
    })
}

impl TUGame {
    /// The game restricted by the communication graph with edges `edges` (pairs of player
    /// indices; undirected, repeats ignored): `v^g(S)` is the sum of `v` over the connected
    /// components of `S`. Exact games stay exact.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for an edge with a player out of range or a loop.
    ///
    /// # Example
    /// ```
    /// use detente::coalition::TUGame;
    ///
    /// // Majority game on a star centred on player 0: the leaves {1, 2} cannot talk.
    /// let g = TUGame::from_fn(3, |s| if s.count_ones() >= 2 { 1.0 } else { 0.0 })?;
    /// let star = g.graph_restricted(&[(0, 1), (0, 2)])?;
    /// assert_eq!(star.value(0b110), 0.0);
    /// assert_eq!(star.value(0b011), 1.0);
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn graph_restricted(&self, edges: &[(usize, usize)]) -> Result<Self> {
        let n = self.num_players();
        let mut adjacent = vec![0usize; n];
        for (k, &(a, b)) in edges.iter().enumerate() {
            if a >= n || b >= n {
                return Err(Error::InvalidArgument(format!(
                    "edge {k} ({a}, {b}) names a player out of range for {n} players"
                )));
            }
            if a == b {
                return Err(Error::InvalidArgument(format!(
                    "edge {k} ({a}, {a}) is a loop; a communication graph links distinct players"
                )));
            }
            adjacent[a] |= 1 << b;
            adjacent[b] |= 1 << a;
        }
        let size = self.values().len();
        let restricted = if self.is_exact() && n <= super::MAX_EXACT_PLAYERS {
            let values: Vec<BigRational> = (0..size)
                .map(|s| {
                    components(s, &adjacent)
                        .map(|c| self.exact_value(c))
                        .fold(BigRational::zero(), |a, b| a + b)
                })
                .collect();
            Self::new_exact(values)?
        } else {
            let values = (0..size)
                .map(|s| components(s, &adjacent).map(|c| self.value(c)).sum())
                .collect();
            Self::new(values)?
        };
        restricted.with_players(self.players().to_vec())
    }

    /// The Myerson value: the Shapley value of the game restricted by the communication
    /// graph `edges` ([`TUGame::graph_restricted`]).
    ///
    /// # Errors
    /// As [`TUGame::graph_restricted`] and [`TUGame::shapley`].
    ///
    /// # Example
    /// ```
    /// use detente::coalition::TUGame;
    ///
    /// // On a star, the majority game becomes the glove game with the centre as the left
    /// // glove: (2/3, 1/6, 1/6).
    /// let g = TUGame::from_fn(3, |s| if s.count_ones() >= 2 { 1.0 } else { 0.0 })?;
    /// let m = g.myerson(&[(0, 1), (0, 2)])?;
    /// assert!((m[0] - 2.0 / 3.0).abs() < 1e-12 && (m[1] - 1.0 / 6.0).abs() < 1e-12);
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn myerson(&self, edges: &[(usize, usize)]) -> Result<Vec<f64>> {
        self.graph_restricted(edges)?.shapley()
    }

    /// [`TUGame::myerson`] in exact rationals.
    ///
    /// # Errors
    /// As [`TUGame::myerson`] and [`TUGame::shapley_exact`].
    pub fn myerson_exact(&self, edges: &[(usize, usize)]) -> Result<Vec<BigRational>> {
        self.graph_restricted(edges)?.shapley_exact()
    }
}
