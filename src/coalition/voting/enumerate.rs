//! Independent routines by enumeration: every coalition of a small game (the check of the
//! dynamic programs, and the Johnston index), and the minimal winning coalitions of any
//! game by a pruned depth-first search.

use num_bigint::BigUint;

use super::compound::VotingGame;
use crate::error::{Error, Result};
use crate::interrupt;

/// The most player indices the minimal winning coalitions found may hold together (80 MB),
/// whatever `max_count` allows.
pub const MAX_STORED_MEMBERS: usize = 10_000_000;

/// The most players the brute-force enumeration enumerates (2^20 coalitions).
pub const MAX_BRUTE_FORCE_PLAYERS: usize = 20;

/// Which coalitions of all `2ⁿ` win, as a bit per coalition (bit `j` of the index = player
/// `j`).
fn winning_table(game: &VotingGame) -> Result<Vec<bool>> {
    let n = game.num_players();
    if n > MAX_BRUTE_FORCE_PLAYERS {
        return Err(Error::InvalidArgument(format!(
            "enumerating every coalition is limited to {MAX_BRUTE_FORCE_PLAYERS} players; this \
             game has {n}: use shapley_shubik or banzhaf (exact dynamic programs at any size)"
        )));
    }
    let mut members = vec![false; n];
    let mut table = Vec::with_capacity(1 << n);
    for mask in 0usize..(1 << n) {
        if mask & 0xffff == 0 {
            interrupt::check()?;
        }
        for (j, m) in members.iter_mut().enumerate() {
            *m = mask >> j & 1 == 1;
        }
        table.push(game.wins(&members));
    }
    Ok(table)
}

/// Swing counts by coalition size, `swings[i][k]`, and the number of winning coalitions,
/// by enumerating every coalition (at most [`MAX_BRUTE_FORCE_PLAYERS`] players). This is the
/// independent check of the dynamic programs.
///
/// # Errors
/// [`Error::InvalidArgument`] for too many players; [`Error::Interrupted`].
pub fn brute_force(game: &VotingGame) -> Result<(Vec<Vec<BigUint>>, BigUint)> {
    let n = game.num_players();
    let table = winning_table(game)?;
    let mut swings = vec![vec![0u64; n]; n];
    let mut winning = 0u64;
    for (mask, &wins) in table.iter().enumerate() {
        if !wins {
            continue;
        }
        winning += 1;
        let size = mask.count_ones() as usize;
        for (i, row) in swings.iter_mut().enumerate() {
            if mask >> i & 1 == 1 && !table[mask ^ (1 << i)] {
                row[size - 1] += 1;
            }
        }
    }
    let big = |v: Vec<u64>| v.into_iter().map(BigUint::from).collect();
    Ok((
        swings.into_iter().map(big).collect(),
        BigUint::from(winning),
    ))
}

/// For the Johnston index: for each player, how many winning coalitions have the player
/// among exactly `c` critical members, `counts[i][c]` (enumeration, at most
/// [`MAX_BRUTE_FORCE_PLAYERS`] players).
pub(crate) fn critical_counts(game: &VotingGame) -> Result<Vec<Vec<u64>>> {
    let n = game.num_players();
    let table = winning_table(game)?;
    let mut counts = vec![vec![0u64; n + 1]; n];
    let mut critical = Vec::with_capacity(n);
    for (mask, &wins) in table.iter().enumerate() {
        if !wins {
            continue;
        }
        critical.clear();
        critical.extend((0..n).filter(|&i| mask >> i & 1 == 1 && !table[mask ^ (1 << i)]));
        for &i in &critical {
            counts[i][critical.len()] += 1;
        }
    }
    Ok(counts)
}

/// The minimal winning coalitions of `game` (lists of player indices, ascending), found by
/// a depth-first search over the players in order of decreasing influence that cuts every
/// branch whose coalition cannot win even with all remaining players.
///
/// # Errors
/// [`Error::InvalidArgument`] when there are more than `max_count` of them (the message says
/// so, so raise `max_count` or use an index that needs no list); [`Error::Interrupted`].
pub fn minimal_winning(game: &VotingGame, max_count: usize) -> Result<Vec<Vec<usize>>> {
    let n = game.num_players();
    // Heavier players first: their branches reach a winning coalition sooner.
    let leaves = game.rule().leaves();
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by_key(|&j| {
        std::cmp::Reverse(
            leaves
                .iter()
                .map(|l| {
                    l.integer_weights()[j] as u128 * (1u128 << 64)
                        / (l.integer_total() as u128).max(1)
                })
                .sum::<u128>(),
        )
    });
    let mut search = Search {
        game,
        order,
        chosen: vec![false; n],
        out: Vec::new(),
        max_count,
        nodes: 0,
        stored: 0,
    };
    search.visit(0)?;
    let mut out = search.out;
    out.sort();
    Ok(out)
}

struct Search<'a> {
    game: &'a VotingGame,
    order: Vec<usize>,
    chosen: Vec<bool>,
    out: Vec<Vec<usize>>,
    max_count: usize,
    nodes: u64,
    stored: usize,
}

impl Search<'_> {
    fn visit(&mut self, pos: usize) -> Result<()> {
        self.nodes += 1;
        if self.nodes & 0xfff == 0 {
            interrupt::check()?;
        }
        if self.game.wins(&self.chosen) {
            if self.is_minimal() {
                if self.out.len() == self.max_count {
                    return Err(Error::InvalidArgument(format!(
                        "the game has more than max_count = {} minimal winning coalitions: raise \
                         max_count, or use shapley_shubik / banzhaf, which need no list",
                        self.max_count
                    )));
                }
                let members: Vec<usize> =
                    (0..self.chosen.len()).filter(|&j| self.chosen[j]).collect();
                self.stored += members.len();
                if self.stored > MAX_STORED_MEMBERS {
                    return Err(Error::InvalidArgument(format!(
                        "the minimal winning coalitions found so far ({}) hold more than \
                         {MAX_STORED_MEMBERS} members together, too many to list: use \
                         shapley_shubik / banzhaf, which need no list",
                        self.out.len()
                    )));
                }
                self.out.push(members);
            }
            return Ok(());
        }
        if pos == self.order.len() {
            return Ok(());
        }
        // Cut: even with every remaining player the coalition loses.
        let rest = &self.order[pos..];
        let mut all = self.chosen.clone();
        rest.iter().for_each(|&j| all[j] = true);
        if !self.game.wins(&all) {
            return Ok(());
        }
        let j = self.order[pos];
        self.chosen[j] = true;
        self.visit(pos + 1)?;
        self.chosen[j] = false;
        self.visit(pos + 1)
    }

    fn is_minimal(&mut self) -> bool {
        for j in 0..self.chosen.len() {
            if self.chosen[j] {
                self.chosen[j] = false;
                let wins = self.game.wins(&self.chosen);
                self.chosen[j] = true;
                if wins {
                    return false;
                }
            }
        }
        true
    }
}
