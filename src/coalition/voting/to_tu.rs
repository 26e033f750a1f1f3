//! A voting game as a TU game: `v(S) = 1` for winning coalitions, 0 otherwise.

use super::compound::VotingGame;
use crate::coalition::tu::{TUGame, check_players};
use crate::error::{Error, Result};
use crate::interrupt;

impl VotingGame {
    /// The simple game as a [`TUGame`] with `v(S) = 1` when `S` wins and 0 otherwise, for the
    /// TU solutions (core, nucleolus, …). Its `2ⁿ` values are exact (0 and 1).
    ///
    /// # Errors
    /// [`Error::InvalidGame`] beyond the TU games' player limit (the table of `2ⁿ` values);
    /// [`Error::Interrupted`].
    ///
    /// # Example
    /// ```
    /// use detente::coalition::voting::VotingGame;
    ///
    /// let g = VotingGame::weighted(2, &[1, 1, 1])?;
    /// let tu = g.to_tu_game()?;
    /// assert_eq!(tu.value(0b011), 1.0);
    /// assert_eq!(tu.value(0b100), 0.0);
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn to_tu_game(&self) -> Result<TUGame> {
        let n = self.num_players();
        check_players(n)?;
        let mut values: Vec<f64> = Vec::new();
        values.try_reserve_exact(1 << n).map_err(|_| {
            Error::InvalidGame(format!("no memory for the 2^{n} values of the TU game"))
        })?;
        let mut members = vec![false; n];
        for mask in 0usize..1 << n {
            if mask & 0xffff == 0 {
                interrupt::check()?;
            }
            for (j, m) in members.iter_mut().enumerate() {
                *m = mask >> j & 1 == 1;
            }
            values.push(if self.wins(&members) { 1.0 } else { 0.0 });
        }
        TUGame::new(values)?
            .with_exact_floats()
            .with_players(self.players().to_vec())
    }
}
