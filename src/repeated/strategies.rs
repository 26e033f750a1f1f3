//! A library of classic repeated-game strategies as [`Automaton`]s.
//!
//! Two-player strategies are built for 2×2 stage games in which action 0 is *cooperate* (C)
//! and action 1 is *defect* (D); their transitions read the observed profile from their own
//! seat (own action first), so one automaton plays either seat. States are named after what
//! they remember. Every definition below says what the strategy does on the first move and
//! after each observed profile, with its source, and where it differs from the `axelrod`
//! Python package's strategy of the same name.
//!
//! | function | first move | rule | source |
//! | --- | --- | --- | --- |
//! | [`cooperate`] | C | always C | Axelrod 1984 |
//! | [`defect`] | D | always D | Axelrod 1984 |
//! | [`tit_for_tat`] | C | the other's last action | Rapoport; Axelrod 1984 |
//! | [`suspicious_tit_for_tat`] | D | the other's last action | Beaufils, Delahaye & Mathieu 1996 |
//! | [`tit_for_two_tats`] | C | D after two consecutive Ds of the other | Axelrod 1984 |
//! | [`two_tits_for_tat`] | C | D twice after each D of the other | Axelrod 1984 |
//! | [`generous_tit_for_tat`] | C | C after C; after D, C with probability `q` | Nowak & Sigmund 1992 |
//! | [`win_stay_lose_shift`] | C | C iff both played the same last round | Nowak & Sigmund 1993 |
//! | [`grim_trigger`] | C | D for ever after any D by either player | Friedman 1971 |
//! | [`grudger`] | C | D for ever after the other's first D | Axelrod 1984 ("Friedman") |
//! | [`forgiving_grudger`] | C | after the other's D, D for `k` rounds, then C again | Axelrod package's ForgetfulGrudger, `k` rounds |
//! | [`soft_grudger`] | C | after the other's D: D, D, D, D, C, C | Li, Hingston & Kendall 2011 |
//! | [`alternator`] | C | C, D, C, D, … | Axelrod package |
//! | [`cycler`] | pattern | repeat a fixed pattern | Axelrod package |
//! | [`random`] | C w.p. `p` | C with probability `p` every round | Axelrod 1984 ("Random") |
//! | [`memory_one`] | C w.p. `initial` | C with probability `p_xy` after outcome `xy` | Nowak & Sigmund 1990; Press & Dyson 2012 |
//!
//! For stage games with `n` players and two actions each, [`n_player`] has the strategies
//! that make sense there: always C or D, grim (D for ever after any defection by anyone)
//! and tit-for-tat on *any* or on a *majority* of the others' defections.
//!
//! # References
//! * R. Axelrod, *The Evolution of Cooperation*, Basic Books, 1984.
//! * J. W. Friedman, "A non-cooperative equilibrium for supergames", *Review of Economic
//!   Studies* 38 (1971) 1–12.
//! * M. Nowak and K. Sigmund, "Tit for tat in heterogeneous populations", *Nature* 355
//!   (1992) 250–253.
//! * M. Nowak and K. Sigmund, "A strategy of win-stay, lose-shift that outperforms
//!   tit-for-tat in the Prisoner's Dilemma game", *Nature* 364 (1993) 56–58.
//! * B. Beaufils, J.-P. Delahaye and P. Mathieu, "Our meeting with gradual", *Artificial
//!   Life V* (1996) 202–209.
//! * J. Li, P. Hingston and G. Kendall, "Engineering design of strategies for winning iterated
//!   prisoner's dilemma competitions", *IEEE Trans. Comp. Intel. AI in Games* 3 (2011).
//! * W. H. Press and F. J. Dyson, "Iterated Prisoner's Dilemma contains strategies that
//!   dominate any evolutionary opponent", *PNAS* 109 (2012) 10409–10413.
//!
//! # Example
//! ```
//! use detente::repeated::strategies;
//!
//! let tft = strategies::tit_for_tat();
//! assert_eq!(tft.states(), ["C", "D"]);
//! // The other defected: tit-for-tat defects next.
//! assert_eq!(tft.next(0, &[0, 1]), 1);
//! assert_eq!(strategies::to_memory_one(&tft).map(|m| m.to_f64()),
//!            Some([1.0, 0.0, 1.0, 0.0, 1.0]));
//! ```

use num_rational::BigRational;
use num_traits::{One, Signed, Zero};

use super::Automaton;
pub use super::memory_one::{MemoryOne, memory_one, to_memory_one};
use crate::error::{Error, Result};

/// Cooperate (action 0) and defect (action 1).
const C: usize = 0;
const D: usize = 1;

/// The distribution playing `action` of two for sure.
fn sure(action: usize) -> Vec<BigRational> {
    (0..2)
        .map(|k| {
            if k == action {
                BigRational::one()
            } else {
                BigRational::zero()
            }
        })
        .collect()
}

/// `(p, 1 - p)`: cooperate with probability `p`.
fn cooperate_with(p: &BigRational) -> Vec<BigRational> {
    vec![p.clone(), BigRational::one() - p]
}

/// Checks that `p` (argument `what`) is a probability.
fn probability(p: &BigRational, what: &str) -> Result<()> {
    if p.is_negative() || *p > BigRational::one() {
        return Err(Error::InvalidArgument(format!(
            "{what}: {p} is not a probability; give a number in [0, 1]"
        )));
    }
    Ok(())
}

/// A 2×2 automaton whose next state is `next(state, own, other)`.
fn two_player(
    states: &[&str],
    output: Vec<Vec<BigRational>>,
    next: impl Fn(usize, usize, usize) -> usize,
    initial: usize,
) -> Result<Automaton> {
    let transitions = (0..states.len())
        .map(|s| {
            (0..4)
                .map(|profile| next(s, profile / 2, profile % 2))
                .collect()
        })
        .collect();
    Automaton::new(
        states.iter().map(|s| (*s).to_string()).collect(),
        output,
        transitions,
        vec![2, 2],
        initial,
    )
}

/// A pure 2×2 automaton, valid by construction.
fn pure(
    states: &[&str],
    actions: &[usize],
    next: impl Fn(usize, usize, usize) -> usize,
    initial: usize,
) -> Automaton {
    let output = actions.iter().map(|&a| sure(a)).collect();
    two_player(states, output, next, initial).expect("library strategies are valid automata")
}

/// Always cooperate (Axelrod's "Cooperator"). One state, `"C"`.
///
/// # Example
/// ```
/// let a = detente::repeated::strategies::cooperate();
/// assert_eq!(a.pure_output(0), Some(0));
/// ```
pub fn cooperate() -> Automaton {
    pure(&["C"], &[C], |_, _, _| 0, 0)
}

/// Always defect (Axelrod's "Defector"). One state, `"D"`.
///
/// # Example
/// ```
/// let a = detente::repeated::strategies::defect();
/// assert_eq!(a.pure_output(0), Some(1));
/// ```
pub fn defect() -> Automaton {
    pure(&["D"], &[D], |_, _, _| 0, 0)
}

/// Tit-for-tat (Rapoport's entry, winner of Axelrod 1984's tournaments): cooperate first,
/// then play the other player's last action. States `"C"` and `"D"`: the action about to be
/// played. Same as the `axelrod` package's `TitForTat`.
///
/// # Example
/// ```
/// let tft = detente::repeated::strategies::tit_for_tat();
/// assert_eq!(tft.next(0, &[0, 1]), 1);
/// assert_eq!(tft.next(1, &[1, 0]), 0);
/// ```
pub fn tit_for_tat() -> Automaton {
    pure(&["C", "D"], &[C, D], |_, _, other| other, 0)
}

/// Suspicious tit-for-tat (Beaufils, Delahaye & Mathieu 1996): tit-for-tat that defects
/// first. States `"C"` and `"D"`, starting in `"D"`. Same as the `axelrod` package's
/// `SuspiciousTitForTat`.
///
/// # Example
/// ```
/// let stft = detente::repeated::strategies::suspicious_tit_for_tat();
/// assert_eq!(stft.initial(), 1);
/// ```
pub fn suspicious_tit_for_tat() -> Automaton {
    pure(&["C", "D"], &[C, D], |_, _, other| other, 1)
}

/// Tit-for-two-tats (Axelrod 1984): cooperate unless the other defected in each of the last
/// two rounds. States `"C"` (the other's last action was C), `"C1"` (one D: still
/// cooperate) and `"D"` (two Ds in a row: defect). Same as the `axelrod` package's
/// `TitFor2Tats`.
///
/// # Example
/// ```
/// let tf2t = detente::repeated::strategies::tit_for_two_tats();
/// assert_eq!(tf2t.next(0, &[0, 1]), 1); // one D: "C1", still cooperating
/// assert_eq!(tf2t.next(1, &[0, 1]), 2); // two Ds: defect
/// ```
pub fn tit_for_two_tats() -> Automaton {
    pure(
        &["C", "C1", "D"],
        &[C, C, D],
        |s, _, other| match (s, other) {
            (_, C) => 0,
            (0, _) => 1,
            _ => 2,
        },
        0,
    )
}

/// Two-tits-for-tat (Axelrod 1984): defect in the two rounds after each defection of the
/// other (a new defection restarts the count). States `"C"`, `"D2"` (the other defected last
/// round) and `"D1"` (it defected two rounds ago, not since). Same as the `axelrod`
/// package's `TwoTitsForTat`.
///
/// # Example
/// ```
/// let ttft = detente::repeated::strategies::two_tits_for_tat();
/// assert_eq!(ttft.next(0, &[0, 1]), 1);
/// assert_eq!(ttft.next(1, &[1, 0]), 2);
/// assert_eq!(ttft.next(2, &[1, 0]), 0);
/// ```
pub fn two_tits_for_tat() -> Automaton {
    pure(
        &["C", "D2", "D1"],
        &[C, D, D],
        |s, _, other| match (s, other) {
            (_, D) => 1,
            (1, _) => 2,
            _ => 0,
        },
        0,
    )
}

/// Generous tit-for-tat (Nowak & Sigmund 1992): cooperate first and after the other's C;
/// after the other's D, cooperate with probability `q` (exact). Nowak & Sigmund's value for
/// a prisoner's dilemma with payoffs `T > R > P > S` is
/// `q = min(1 − (T − R)/(R − S), (R − P)/(T − P))`, `1/3` for `(T, R, P, S) = (5, 3, 1, 0)`.
/// States `"C"` (the other cooperated) and `"G"` (it defected: generous with probability
/// `q`). The `axelrod` package's `GTFT(p)` is the same strategy with `p = q`; its default `p`
/// is computed from the game by the same formula.
///
/// # Errors
/// [`Error::InvalidArgument`] naming `q` when it is not in `[0, 1]`.
///
/// # Example
/// ```
/// use detente::repeated::strategies;
/// use num_rational::BigRational;
///
/// let gtft = strategies::generous_tit_for_tat(BigRational::new(1.into(), 3.into()))?;
/// assert_eq!(gtft.output(1)[0], 1.0 / 3.0);
/// # Ok::<(), detente::Error>(())
/// ```
pub fn generous_tit_for_tat(q: BigRational) -> Result<Automaton> {
    probability(&q, "q")?;
    two_player(
        &["C", "G"],
        vec![sure(C), cooperate_with(&q)],
        |_, _, other| other,
        0,
    )
}

/// Win-stay, lose-shift, also called Pavlov (Nowak & Sigmund 1993; Kraines & Kraines 1989):
/// cooperate first, then cooperate if both players played the same action last round (CC
/// or DD) and defect otherwise: keep the action after a good payoff (R or T), switch after a
/// bad one (S or P). States `"C"` and `"D"`. Memory-one vector `(1, 0, 0, 1)`. Same as the
/// `axelrod` package's `WinStayLoseShift`.
///
/// # Example
/// ```
/// let wsls = detente::repeated::strategies::win_stay_lose_shift();
/// assert_eq!(wsls.next(0, &[0, 1]), 1); // sucker's payoff: shift to D
/// assert_eq!(wsls.next(1, &[1, 1]), 0); // punishment: shift back to C
/// ```
pub fn win_stay_lose_shift() -> Automaton {
    pure(
        &["C", "D"],
        &[C, D],
        |_, own, other| usize::from(own != other),
        0,
    )
}

/// Grim trigger (Friedman 1971): cooperate until *either* player defects, then defect for
/// ever. States `"cooperate"` and `"punish"`. This is the trigger strategy of the
/// folk-theorem literature: its own defection (e.g. by noise) also triggers the punishment,
/// which makes a profile of grim triggers subgame perfect for patient players. The `axelrod`
/// package's `Grudger` reacts to the other's defections only (that is [`grudger`]); without
/// noise the two play identically.
///
/// # Example
/// ```
/// let grim = detente::repeated::strategies::grim_trigger();
/// assert_eq!(grim.next(0, &[1, 0]), 1); // its own defection triggers it too
/// ```
pub fn grim_trigger() -> Automaton {
    pure(
        &["cooperate", "punish"],
        &[C, D],
        |s, own, other| usize::from(s == 1 || own == D || other == D),
        0,
    )
}

/// Grudger (Axelrod 1984's "Friedman" entry; the `axelrod` package's `Grudger`): cooperate
/// until the *other* player defects once, then defect for ever. States `"cooperate"` and
/// `"punish"`.
///
/// # Example
/// ```
/// let g = detente::repeated::strategies::grudger();
/// assert_eq!(g.next(0, &[1, 0]), 0); // its own defection is not a grudge
/// assert_eq!(g.next(0, &[0, 1]), 1);
/// ```
pub fn grudger() -> Automaton {
    pure(
        &["cooperate", "punish"],
        &[C, D],
        |s, _, other| usize::from(s == 1 || other == D),
        0,
    )
}

/// Grudger with forgiveness: cooperate; when the other defects, defect for the next `k`
/// rounds, then forget the grudge. The other's actions during the first `k − 1` rounds of
/// punishment are ignored; a defection in the last round starts a new punishment. States
/// `"C"` and `"P1"` … `"Pk"` (the `j`-th round of punishment); `k = 1` is tit-for-tat. The
/// `axelrod` package's `ForgetfulGrudger` is this strategy with `k = 10` (its memory
/// length), move for move.
///
/// # Errors
/// [`Error::InvalidArgument`] naming `k` when it is 0 or above 10,000.
///
/// # Example
/// ```
/// let fg = detente::repeated::strategies::forgiving_grudger(2)?;
/// assert_eq!(fg.states(), ["C", "P1", "P2"]);
/// assert_eq!(fg.next(2, &[1, 0]), 0); // punished for 2 rounds: forgive
/// assert_eq!(fg.next(2, &[1, 1]), 1); // unless it defects again in the last one
/// # Ok::<(), detente::Error>(())
/// ```
pub fn forgiving_grudger(k: usize) -> Result<Automaton> {
    if k == 0 || k > 10_000 {
        return Err(Error::InvalidArgument(format!(
            "k: {k} rounds of punishment; give a number in 1..=10000"
        )));
    }
    let names: Vec<String> = std::iter::once("C".to_string())
        .chain((1..=k).map(|j| format!("P{j}")))
        .collect();
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    let actions: Vec<usize> = (0..=k).map(|s| if s == 0 { C } else { D }).collect();
    let output = actions.iter().map(|&a| sure(a)).collect();
    two_player(
        &refs,
        output,
        |s, _, other| match s {
            s if s == 0 || s == k => usize::from(other == D),
            s => s + 1,
        },
        0,
    )
}

/// Soft grudger (Li, Hingston & Kendall 2011; the `axelrod` package's `SoftGrudger`):
/// cooperate; after a defection of the other, play D, D, D, D, C, C, then cooperate again.
/// The other's actions during the first five rounds of the sequence are ignored; a
/// defection in its last round starts a new one (as in the `axelrod` package, move for
/// move). States `"C"`, `"D1"`…`"D4"`, `"C1"`, `"C2"`.
///
/// # Example
/// ```
/// let sg = detente::repeated::strategies::soft_grudger();
/// assert_eq!(sg.num_states(), 7);
/// ```
pub fn soft_grudger() -> Automaton {
    pure(
        &["C", "D1", "D2", "D3", "D4", "C1", "C2"],
        &[C, D, D, D, D, C, C],
        |s, _, other| match s {
            0 | 6 => usize::from(other == D),
            s => s + 1,
        },
        0,
    )
}

/// Alternator (the `axelrod` package's `Alternator`): C, D, C, D, … whatever the other does.
/// States `"C"` and `"D"`.
///
/// # Example
/// ```
/// let alt = detente::repeated::strategies::alternator();
/// assert_eq!(alt.next(0, &[0, 0]), 1);
/// ```
pub fn alternator() -> Automaton {
    pure(&["C", "D"], &[C, D], |s, _, _| 1 - s, 0)
}

/// Cycler: plays `pattern` (a string of `C` and `D`, e.g. `"CCD"`) again and again whatever
/// the other does (the `axelrod` package's `Cycler`). States `"1"`, `"2"`, … (the position
/// in the pattern).
///
/// # Errors
/// [`Error::InvalidArgument`] naming `pattern` when it is empty, longer than 10,000, or has
/// a letter other than `C` and `D`.
///
/// # Example
/// ```
/// let cyc = detente::repeated::strategies::cycler("CCD")?;
/// assert_eq!(cyc.pure_output(2), Some(1));
/// assert_eq!(cyc.next(2, &[1, 0]), 0);
/// # Ok::<(), detente::Error>(())
/// ```
pub fn cycler(pattern: &str) -> Result<Automaton> {
    let actions: Vec<usize> = pattern
        .chars()
        .map(|c| match c {
            'C' | 'c' => Ok(C),
            'D' | 'd' => Ok(D),
            other => Err(Error::InvalidArgument(format!(
                "pattern: {other:?} is not an action; write the pattern with C and D, e.g. \"CCD\""
            ))),
        })
        .collect::<Result<_>>()?;
    if actions.is_empty() || actions.len() > 10_000 {
        return Err(Error::InvalidArgument(format!(
            "pattern: {} letters; give 1 to 10000 letters C and D",
            actions.len()
        )));
    }
    let names: Vec<String> = (1..=actions.len()).map(|j| j.to_string()).collect();
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    let len = actions.len();
    let output = actions.iter().map(|&a| sure(a)).collect();
    two_player(&refs, output, |s, _, _| (s + 1) % len, 0)
}

/// Random (Axelrod 1984): cooperate with probability `p` (exact) every round, whatever
/// happens. One state, `"R"`. Same as the `axelrod` package's `Random(p)`.
///
/// # Errors
/// [`Error::InvalidArgument`] naming `p` when it is not in `[0, 1]`.
///
/// # Example
/// ```
/// use num_rational::BigRational;
///
/// let r = detente::repeated::strategies::random(BigRational::new(1.into(), 2.into()))?;
/// assert_eq!(r.output(0), &[0.5, 0.5]);
/// # Ok::<(), detente::Error>(())
/// ```
pub fn random(p: BigRational) -> Result<Automaton> {
    probability(&p, "p")?;
    two_player(&["R"], vec![cooperate_with(&p)], |_, _, _| 0, 0)
}

/// Strategies for stage games with `players` players and two actions each (0 cooperate, 1
/// defect), e.g. an n-player public-goods game or the volunteer's dilemma. Their transitions
/// read the whole observed profile, own action first.
///
/// # Example
/// ```
/// use detente::repeated::strategies::n_player;
///
/// let tft = n_player::tit_for_tat(3, n_player::Rule::Majority)?;
/// assert_eq!(tft.shape(), [2, 2, 2]);
/// assert_eq!(tft.next(0, &[0, 1, 0]), 0); // one of two others defected: no majority
/// assert_eq!(tft.next(0, &[0, 1, 1]), 1);
/// # Ok::<(), detente::Error>(())
/// ```
pub mod n_player {
    use super::{Automaton, C, D, Error, Result, sure};

    /// How many of the others must have defected for tit-for-tat to defect.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum Rule {
        /// Defect after a round in which at least one other player defected.
        Any,
        /// Defect after a round in which more than half of the other players defected.
        Majority,
    }

    /// A pure automaton on `[2; players]` whose next state is `next(state, own, defectors
    /// among the others)`.
    fn build(
        players: usize,
        states: &[&str],
        actions: &[usize],
        next: impl Fn(usize, usize, usize) -> usize,
    ) -> Result<Automaton> {
        if !(2..=16).contains(&players) {
            return Err(Error::InvalidArgument(format!(
                "players: {players}; give a number of players in 2..=16"
            )));
        }
        let profiles = 1usize << players;
        let transitions = (0..states.len())
            .map(|s| {
                (0..profiles)
                    .map(|p| {
                        // Row-major over [2; players], own action first (the highest bit).
                        let own = (p >> (players - 1)) & 1;
                        let others = (p & ((1 << (players - 1)) - 1)).count_ones() as usize;
                        next(s, own, others)
                    })
                    .collect()
            })
            .collect();
        Automaton::new(
            states.iter().map(|s| (*s).to_string()).collect(),
            actions.iter().map(|&a| sure(a)).collect(),
            transitions,
            vec![2; players],
            0,
        )
    }

    /// Always cooperate in an n-player game. One state, `"C"`.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] naming `players` outside `2..=16`.
    ///
    /// # Example
    /// ```
    /// let a = detente::repeated::strategies::n_player::cooperate(4)?;
    /// assert_eq!(a.shape(), [2, 2, 2, 2]);
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn cooperate(players: usize) -> Result<Automaton> {
        build(players, &["C"], &[C], |_, _, _| 0)
    }

    /// Always defect in an n-player game. One state, `"D"`.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] naming `players` outside `2..=16`.
    ///
    /// # Example
    /// ```
    /// let a = detente::repeated::strategies::n_player::defect(3)?;
    /// assert_eq!(a.pure_output(0), Some(1));
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn defect(players: usize) -> Result<Automaton> {
        build(players, &["D"], &[D], |_, _, _| 0)
    }

    /// Grim trigger in an n-player game: cooperate until anyone (itself included) defects,
    /// then defect for ever. States `"cooperate"` and `"punish"`.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] naming `players` outside `2..=16`.
    ///
    /// # Example
    /// ```
    /// let g = detente::repeated::strategies::n_player::grim_trigger(3)?;
    /// assert_eq!(g.next(0, &[0, 0, 1]), 1);
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn grim_trigger(players: usize) -> Result<Automaton> {
        build(
            players,
            &["cooperate", "punish"],
            &[C, D],
            |s, own, others| usize::from(s == 1 || own == D || others > 0),
        )
    }

    /// Tit-for-tat in an n-player game: cooperate first, then defect exactly after rounds in
    /// which at least one ([`Rule::Any`]) or more than half ([`Rule::Majority`]) of the other
    /// players defected. States `"C"` and `"D"`. With two players both rules are
    /// [`super::tit_for_tat`].
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] naming `players` outside `2..=16`.
    ///
    /// # Example
    /// ```
    /// use detente::repeated::strategies::n_player::{tit_for_tat, Rule};
    ///
    /// let any = tit_for_tat(3, Rule::Any)?;
    /// assert_eq!(any.next(0, &[0, 1, 0]), 1);
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn tit_for_tat(players: usize, rule: Rule) -> Result<Automaton> {
        let threshold = match rule {
            Rule::Any => 1,
            Rule::Majority => (players.saturating_sub(1)) / 2 + 1,
        };
        build(players, &["C", "D"], &[C, D], move |_, _, others| {
            usize::from(others >= threshold)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Plays two pure automata against each other for `turns` rounds, returning the actions.
    fn play(a: &Automaton, b: &Automaton, turns: usize) -> Vec<(usize, usize)> {
        let (mut s, mut t) = (a.initial(), b.initial());
        (0..turns)
            .map(|_| {
                let (x, y) = (a.pure_output(s).unwrap(), b.pure_output(t).unwrap());
                s = a.next(s, &[x, y]);
                t = b.next(t, &[y, x]);
                (x, y)
            })
            .collect()
    }

    #[test]
    fn classic_plays_match_their_definitions() {
        // TFT against alternator copies it one round late.
        let moves = play(&tit_for_tat(), &alternator(), 5);
        assert_eq!(moves, [(0, 0), (0, 1), (1, 0), (0, 1), (1, 0)]);
        // TF2T forgives a single D but not two.
        let moves = play(&tit_for_two_tats(), &cycler("DDC").unwrap(), 6);
        assert_eq!(
            moves.iter().map(|m| m.0).collect::<Vec<_>>(),
            [0, 0, 1, 0, 0, 1]
        );
        // 2TFT defects twice after a single D.
        let moves = play(&two_tits_for_tat(), &cycler("DCCCC").unwrap(), 5);
        assert_eq!(
            moves.iter().map(|m| m.0).collect::<Vec<_>>(),
            [0, 1, 1, 0, 0]
        );
        // Soft grudger: D D D D C C after one D.
        let moves = play(&soft_grudger(), &cycler("DCCCCCCC").unwrap(), 8);
        assert_eq!(
            moves.iter().map(|m| m.0).collect::<Vec<_>>(),
            [0, 1, 1, 1, 1, 0, 0, 0]
        );
        // Forgiving grudger with k = 3.
        let moves = play(
            &forgiving_grudger(3).unwrap(),
            &cycler("DCCCCC").unwrap(),
            6,
        );
        assert_eq!(
            moves.iter().map(|m| m.0).collect::<Vec<_>>(),
            [0, 1, 1, 1, 0, 0]
        );
        // WSLS against always-defect: C D C D …
        let moves = play(&win_stay_lose_shift(), &defect(), 4);
        assert_eq!(moves.iter().map(|m| m.0).collect::<Vec<_>>(), [0, 1, 0, 1]);
    }

    #[test]
    fn parameters_out_of_range_are_refused_naming_them() {
        let two = BigRational::from_integer(2.into());
        for (err, what) in [
            (generous_tit_for_tat(two.clone()).unwrap_err(), "q"),
            (random(-two).unwrap_err(), "p"),
            (forgiving_grudger(0).unwrap_err(), "k"),
            (cycler("CXD").unwrap_err(), "pattern"),
            (cycler("").unwrap_err(), "pattern"),
            (n_player::cooperate(1).unwrap_err(), "players"),
            (n_player::defect(40).unwrap_err(), "players"),
        ] {
            assert!(
                err.to_string().contains(&format!("argument: {what}:")),
                "{err}"
            );
        }
    }

    #[test]
    fn n_player_rules_count_the_others_defections() {
        let maj = n_player::tit_for_tat(4, n_player::Rule::Majority).unwrap();
        // 3 others: majority is 2.
        assert_eq!(maj.next(0, &[1, 1, 0, 0]), 0);
        assert_eq!(maj.next(0, &[0, 1, 0, 1]), 1);
        let grim = n_player::grim_trigger(3).unwrap();
        assert_eq!(grim.next(0, &[1, 0, 0]), 1);
        assert_eq!(grim.next(1, &[0, 0, 0]), 1);
        let two = n_player::tit_for_tat(2, n_player::Rule::Majority).unwrap();
        assert_eq!(two.transitions(), tit_for_tat().transitions());
    }
}
