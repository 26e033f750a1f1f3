//! What both revised tableaux (floats in `revised.rs`, exact integers in `exact.rs`) keep of a
//! basis alike: the label of each variable, the basic structural variables `S` and the tight
//! rows `R` by position, and the core matrix over them (`M⁻¹`, or `D·M⁻¹` in integers) with
//! the values of the basic structurals, in the number type `X` of the tableau.

use super::Layout;
use super::revised::{NONE, Var};

/// A basis of one polytope in revised form (see `revised.rs`'s module docs for `S`, `R`, `M`).
pub(super) struct Basis<X> {
    /// Constraint rows (the initial basis, one slack each).
    pub(super) rows: usize,
    /// The label of each row's slack.
    pub(super) slack_label: Vec<usize>,
    /// The label of each structural variable.
    pub(super) structural_label: Vec<usize>,
    /// What each label stands for.
    pub(super) var: Vec<Var>,
    /// `S`: the basic structural variables, by position.
    pub(super) basic: Vec<usize>,
    /// `R`: the tight rows (nonbasic slacks), by position.
    pub(super) tight: Vec<usize>,
    /// The position in `S` of each structural variable, [`NONE`] if nonbasic.
    pub(super) pos_basic: Vec<usize>,
    /// The position in `R` of each row, [`NONE`] if its slack is basic.
    pub(super) pos_tight: Vec<usize>,
    /// The core matrix (`M⁻¹`, or `D·M⁻¹`), column-major with stride `stride`: entry
    /// `(p, q)`, for position `p` of `S` and position `q` of `R`, at `q * stride + p`.
    pub(super) inverse: Vec<X>,
    /// The column stride of `inverse`: the largest `k` it has room for, grown on demand
    /// ([`Basis::make_room`]: paths of large games rarely need the largest possible `k`, and
    /// a big zeroed allocation costs page faults on every call).
    pub(super) stride: usize,
    /// The largest possible `k`, `min(rows, cols)`.
    pub(super) max_core: usize,
    /// The values of the basic structurals (times `D` in integers), by position in `S`.
    pub(super) z: Vec<X>,
}

impl<X: Clone> Basis<X> {
    /// The initial basis of `layout` (every slack basic, `S` and `R` empty), its core matrix
    /// `inverse` allocated by `zeros(stride · stride)` for a stride of at most `initial_core`.
    pub(super) fn new<E>(
        layout: &Layout,
        initial_core: usize,
        zeros: impl FnOnce(usize) -> Result<Vec<X>, E>,
    ) -> Result<Self, E> {
        let rows = layout.slack.len();
        let mut var = vec![None; layout.labels];
        for (i, &l) in layout.slack.iter().enumerate() {
            var[l] = Some(Var::Slack(i));
        }
        let structural_label: Vec<usize> =
            (0..layout.labels).filter(|&l| var[l].is_none()).collect();
        for (j, &l) in structural_label.iter().enumerate() {
            var[l] = Some(Var::Structural(j));
        }
        let cols = structural_label.len();
        let max_core = rows.min(cols);
        let stride = max_core.min(initial_core);
        Ok(Self {
            rows,
            slack_label: layout.slack.clone(),
            structural_label,
            var: var.into_iter().flatten().collect(),
            basic: Vec::with_capacity(stride),
            tight: Vec::with_capacity(stride),
            pos_basic: vec![NONE; cols],
            pos_tight: vec![NONE; rows],
            inverse: zeros(stride * stride)?,
            stride,
            max_core,
            z: Vec::with_capacity(stride),
        })
    }

    /// The number of structural variables.
    pub(super) fn cols(&self) -> usize {
        self.structural_label.len()
    }

    /// Grows the stride of `inverse` to hold a `k × k` core (doubling, up to the largest),
    /// the new matrix from `zeros(stride · stride)`; `Some(stride)` if it grew, so that the
    /// caller can grow the scratch matrices it keeps with the same stride.
    pub(super) fn make_room<E>(
        &mut self,
        k: usize,
        zeros: impl FnOnce(usize) -> Result<Vec<X>, E>,
    ) -> Result<Option<usize>, E> {
        if k <= self.stride {
            return Ok(None);
        }
        let (old, stride) = (self.stride, (2 * self.stride).max(k).min(self.max_core));
        let mut inverse = zeros(stride * stride)?;
        let used = self.basic.len();
        for q in 0..self.tight.len() {
            inverse[q * stride..q * stride + used]
                .clone_from_slice(&self.inverse[q * old..q * old + used]);
        }
        self.inverse = inverse;
        self.stride = stride;
        Ok(Some(stride))
    }

    /// Removes position `p` of `S`, the last moving into it (with its column of `inverse`
    /// and its value).
    #[inline(always)]
    pub(super) fn remove_basic(&mut self, p: usize) {
        let (last, stride) = (self.basic.len() - 1, self.stride);
        self.pos_basic[self.basic[p]] = NONE;
        if p != last {
            for q in 0..self.tight.len() {
                self.inverse.swap(q * stride + p, q * stride + last);
            }
            self.basic[p] = self.basic[last];
            self.pos_basic[self.basic[p]] = p;
            self.z.swap(p, last);
        }
        self.basic.pop();
        self.z.pop();
    }

    /// Removes position `q` of `R`, the last moving into it (with its row of `inverse`).
    #[inline(always)]
    pub(super) fn remove_tight(&mut self, q: usize) {
        let (last, stride) = (self.tight.len() - 1, self.stride);
        self.pos_tight[self.tight[q]] = NONE;
        if q != last {
            for p in 0..self.basic.len() {
                self.inverse.swap(q * stride + p, last * stride + p);
            }
            self.tight[q] = self.tight[last];
            self.pos_tight[self.tight[q]] = q;
        }
        self.tight.pop();
    }
}
