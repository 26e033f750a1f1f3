//! Each alliance model's own headline analyses, as sweep columns ([`SweepModel`]).

use num_rational::BigRational;
use num_traits::ToPrimitive;

use super::table::{Cells, Key, Value};
use crate::alliance::{
    AllianceModel, BurdenSharing, CollectiveSecurity, Institution, InstitutionalPower, Powerplay,
    ProtectionForPatronage, Reciprocity, ReciprocityKind, RestraintGame,
};
use crate::error::{Error, Result};

/// An alliance model a sweep can drive: the [`AllianceModel`] protocol (parameters, game,
/// regime), plus the model's own headline analyses by name.
///
/// Every sweep offers `"regime"`, `"equilibria"` and `"pure_equilibria"`; a model adds its
/// own in [`SweepModel::ANALYSES`] and computes them in [`SweepModel::analyze`]. A new model
/// that has none writes `impl SweepModel for MyModel {}`.
///
/// A headline quantity that does not exist at a point (a critical discount factor where the
/// exchange needs no enforcement, a mixed equilibrium outside the dilemma) is a missing value
/// (`NaN`), not an error: the `regime` column says why.
///
/// # Example
/// ```
/// use detente::alliance::ProtectionForPatronage;
/// use detente::sweep::SweepModel;
///
/// assert!(ProtectionForPatronage::ANALYSES.contains(&"critical_discount"));
/// assert_eq!(ProtectionForPatronage::DEFAULT_ANALYSES[0], "regime");
/// ```
pub trait SweepModel: AllianceModel + Send + Sync {
    /// The model's own analyses, by name.
    const ANALYSES: &'static [&'static str] = &[];

    /// The analyses a sweep computes when none are named.
    const DEFAULT_ANALYSES: &'static [&'static str] = &["regime", "equilibria"];

    /// The columns `analysis` (one of [`SweepModel::ANALYSES`]) always has, with their kinds,
    /// as (slot, name, kind); columns that depend on the point (one per member) are left out.
    ///
    /// # Example
    /// ```
    /// use detente::alliance::Reciprocity;
    /// use detente::sweep::SweepModel;
    ///
    /// let cols = Reciprocity::columns("critical_discount");
    /// assert_eq!(cols[0], (0, "critical_discount_specific", "float"));
    /// ```
    fn columns(analysis: &str) -> Vec<(u32, &'static str, &'static str)> {
        let _ = analysis;
        Vec::new()
    }

    /// Computes `analysis` at this point and appends its cells (rank `rank`) to `out`;
    /// `seed` is the point's own seed for analyses that draw random numbers.
    ///
    /// # Errors
    /// The analysis' own errors (the sweep records them in the row's `error`);
    /// [`Error::InvalidArgument`] for a name not in [`SweepModel::ANALYSES`].
    ///
    /// # Example
    /// ```
    /// use detente::alliance::Reciprocity;
    /// use detente::sweep::{SweepModel, Value};
    ///
    /// let mut cells = Vec::new();
    /// Reciprocity::default().analyze("critical_discount", 1, 0, &mut cells)?;
    /// assert_eq!(cells[1].1, Value::Float(0.5)); // diffuse, full publicity: (T − R)/(T − P)
    /// # Ok::<(), detente::Error>(())
    /// ```
    fn analyze(
        &self,
        analysis: &str,
        rank: u32,
        seed: u64,
        out: &mut Vec<(Key, Value)>,
    ) -> Result<()> {
        let _ = (rank, seed, out);
        Err(unknown::<Self>(analysis))
    }
}

/// The error for an analysis the model does not have.
pub(crate) fn unknown<M: SweepModel>(analysis: &str) -> Error {
    let mut valid = vec!["regime", "equilibria", "pure_equilibria"];
    valid.extend_from_slice(M::ANALYSES);
    Error::InvalidArgument(format!(
        "analyses: {} has no analysis {analysis:?}; choose from {}",
        M::NAME,
        valid.join(", ")
    ))
}

fn float(x: &BigRational) -> f64 {
    x.to_f64().unwrap_or(f64::NAN)
}

fn push(out: &mut Cells, rank: u32, slot: u32, name: impl Into<String>, v: Value) {
    out.push((Key::new(rank, slot, name), v));
}

/// Indices as sweep integers.
fn ints(v: &[usize]) -> Vec<i64> {
    v.iter().map(|&i| i as i64).collect()
}

impl SweepModel for RestraintGame {
    const ANALYSES: &'static [&'static str] = &["mixed", "institutions"];

    fn columns(analysis: &str) -> Vec<(u32, &'static str, &'static str)> {
        match analysis {
            "mixed" => vec![(0, "firm", "float"), (1, "provoke", "float")],
            _ => Vec::new(),
        }
    }

    fn analyze(&self, analysis: &str, rank: u32, _: u64, out: &mut Cells) -> Result<()> {
        match analysis {
            // φ*, π*: the closed-form mixed equilibrium (missing where there is none).
            "mixed" => {
                let (firm, provoke) = self
                    .mixed_closed_form()
                    .map_or((f64::NAN, f64::NAN), |m| (m.firm, m.provoke));
                push(out, rank, 0, "firm", Value::Float(firm));
                push(out, rank, 1, "provoke", Value::Float(provoke));
            }
            // Each institution's outcome: what control, a rule, ambiguity are worth.
            "institutions" => {
                for (i, inst) in Institution::ALL.into_iter().enumerate() {
                    let o = self.outcome(inst)?;
                    let slot = 2 * i as u32;
                    let name = inst.as_str();
                    push(
                        out,
                        rank,
                        slot,
                        format!("patron_payoff_{name}"),
                        Value::Float(o.patron_payoff),
                    );
                    push(
                        out,
                        rank,
                        slot + 1,
                        format!("client_payoff_{name}"),
                        Value::Float(o.client_payoff),
                    );
                }
            }
            _ => return Err(unknown::<Self>(analysis)),
        }
        Ok(())
    }
}

impl SweepModel for BurdenSharing {
    const ANALYSES: &'static [&'static str] = &["equilibrium"];
    const DEFAULT_ANALYSES: &'static [&'static str] = &["regime", "equilibrium"];

    fn columns(analysis: &str) -> Vec<(u32, &'static str, &'static str)> {
        match analysis {
            "equilibrium" => vec![
                (0, "total", "float"),
                (1, "contributors", "ints"),
                (2, "spending", "floats"),
                (3, "burden_shares", "floats"),
            ],
            _ => Vec::new(),
        }
    }

    fn analyze(&self, analysis: &str, rank: u32, _: u64, out: &mut Cells) -> Result<()> {
        if analysis != "equilibrium" {
            return Err(unknown::<Self>(analysis));
        }
        // The unique Nash equilibrium in closed form (Bergstrom, Blume & Varian 1986).
        let eq = self.equilibrium();
        push(out, rank, 0, "total", Value::Float(eq.total));
        push(
            out,
            rank,
            1,
            "contributors",
            Value::Ints(ints(&eq.contributors)),
        );
        push(out, rank, 2, "spending", Value::Floats(eq.spending));
        push(
            out,
            rank,
            3,
            "burden_shares",
            Value::Floats(eq.burden_shares),
        );
        Ok(())
    }
}

impl SweepModel for CollectiveSecurity {
    const ANALYSES: &'static [&'static str] = &["stable_coalitions"];
    const DEFAULT_ANALYSES: &'static [&'static str] = &["regime", "stable_coalitions"];

    fn columns(analysis: &str) -> Vec<(u32, &'static str, &'static str)> {
        match analysis {
            "stable_coalitions" => vec![
                (0, "n_stable_coalitions", "int"),
                (1, "stable_coalitions", "int_lists"),
                (2, "smallest_stable_coalition", "ints"),
            ],
            _ => Vec::new(),
        }
    }

    fn analyze(&self, analysis: &str, rank: u32, _: u64, out: &mut Cells) -> Result<()> {
        if analysis != "stable_coalitions" {
            return Err(unknown::<Self>(analysis));
        }
        let stable = self.stable_coalitions()?;
        push(
            out,
            rank,
            0,
            "n_stable_coalitions",
            Value::Int(stable.len() as i64),
        );
        let lists = stable.iter().map(|s| ints(s)).collect();
        push(out, rank, 1, "stable_coalitions", Value::IntLists(lists));
        if let Some(s) = self.smallest_stable_coalition()? {
            push(
                out,
                rank,
                2,
                "smallest_stable_coalition",
                Value::Ints(ints(&s)),
            );
        }
        Ok(())
    }
}

impl SweepModel for ProtectionForPatronage {
    const ANALYSES: &'static [&'static str] = &["price", "critical_discount"];
    const DEFAULT_ANALYSES: &'static [&'static str] = &["regime", "price", "critical_discount"];

    fn columns(analysis: &str) -> Vec<(u32, &'static str, &'static str)> {
        match analysis {
            "price" => vec![(0, "price", "float")],
            "critical_discount" => vec![
                (0, "critical_discount", "float"),
                (1, "threshold_patron", "float"),
                (2, "threshold_client", "float"),
            ],
            _ => Vec::new(),
        }
    }

    fn analyze(&self, analysis: &str, rank: u32, _: u64, out: &mut Cells) -> Result<()> {
        match analysis {
            // a*: the bargained price of protection.
            "price" => push(
                out,
                rank,
                0,
                "price",
                Value::Float(float(&self.bargain().price)),
            ),
            // δ* = max(δ_P, δ_C) under grim reversion, where the exchange needs enforcing.
            "critical_discount" => {
                let t = self.thresholds(None).ok();
                let get = |f: fn(&crate::alliance::GrimThresholds) -> &BigRational| {
                    t.as_ref().map_or(f64::NAN, |t| float(f(t)))
                };
                push(
                    out,
                    rank,
                    0,
                    "critical_discount",
                    Value::Float(get(|t| &t.critical)),
                );
                push(
                    out,
                    rank,
                    1,
                    "threshold_patron",
                    Value::Float(get(|t| &t.patron)),
                );
                push(
                    out,
                    rank,
                    2,
                    "threshold_client",
                    Value::Float(get(|t| &t.client)),
                );
            }
            _ => return Err(unknown::<Self>(analysis)),
        }
        Ok(())
    }
}

impl SweepModel for Reciprocity {
    const ANALYSES: &'static [&'static str] = &["critical_discount", "effective_discount"];
    const DEFAULT_ANALYSES: &'static [&'static str] = &["regime", "critical_discount"];

    fn columns(analysis: &str) -> Vec<(u32, &'static str, &'static str)> {
        match analysis {
            "critical_discount" => vec![
                (0, "critical_discount_specific", "float"),
                (1, "critical_discount_diffuse", "float"),
            ],
            "effective_discount" => vec![(0, "effective_discount", "float")],
            _ => Vec::new(),
        }
    }

    fn analyze(&self, analysis: &str, rank: u32, _: u64, out: &mut Cells) -> Result<()> {
        match analysis {
            "critical_discount" => {
                let s = self.critical_discount(Some(ReciprocityKind::Specific));
                let d = self.critical_discount(Some(ReciprocityKind::Diffuse));
                push(
                    out,
                    rank,
                    0,
                    "critical_discount_specific",
                    Value::Float(float(&s)),
                );
                push(
                    out,
                    rank,
                    1,
                    "critical_discount_diffuse",
                    Value::Float(float(&d)),
                );
            }
            "effective_discount" => {
                let e = self.effective_discount(None, None)?;
                push(out, rank, 0, "effective_discount", Value::Float(float(&e)));
            }
            _ => return Err(unknown::<Self>(analysis)),
        }
        Ok(())
    }
}

impl SweepModel for InstitutionalPower {
    const ANALYSES: &'static [&'static str] = &["shapley_shubik", "banzhaf"];
    const DEFAULT_ANALYSES: &'static [&'static str] = &["regime", "shapley_shubik", "banzhaf"];

    fn analyze(&self, analysis: &str, rank: u32, _: u64, out: &mut Cells) -> Result<()> {
        // One column per member, named after its label.
        let index = match analysis {
            "shapley_shubik" => self.shapley_shubik()?,
            "banzhaf" => self.banzhaf(true)?,
            _ => return Err(unknown::<Self>(analysis)),
        };
        for (i, (label, v)) in self.labels().iter().zip(index.values).enumerate() {
            push(
                out,
                rank,
                i as u32,
                format!("{analysis}_{label}"),
                Value::Float(v),
            );
        }
        Ok(())
    }
}

impl SweepModel for Powerplay {
    const ANALYSES: &'static [&'static str] = &["stable_structures", "efficient_structures"];
    const DEFAULT_ANALYSES: &'static [&'static str] = &["regime", "stable_structures"];

    fn columns(analysis: &str) -> Vec<(u32, &'static str, &'static str)> {
        match analysis {
            "stable_structures" => vec![(0, "stable_structures", "texts")],
            "efficient_structures" => vec![(0, "efficient_structures", "texts")],
            _ => Vec::new(),
        }
    }

    fn analyze(&self, analysis: &str, rank: u32, _: u64, out: &mut Cells) -> Result<()> {
        let labels = match analysis {
            "stable_structures" => self.stable_structures()?,
            "efficient_structures" => self.efficient_structures()?,
            _ => return Err(unknown::<Self>(analysis)),
        };
        let texts = labels.iter().map(|s| s.as_str().to_string()).collect();
        push(out, rank, 0, analysis, Value::Texts(texts));
        Ok(())
    }
}
