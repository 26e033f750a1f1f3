//! Conversions from Python values (numpy arrays, lists, labels) to detente's Rust types.

use ndarray::{ArrayD, IxDyn};
use num_rational::BigRational;
use num_traits::ToPrimitive;
use numpy::PyReadonlyArrayDyn;
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyList, PyString, PyTuple};

use super::game::MAX_NUMPY_AXES;
use crate::error::Error;
use crate::game::{Game, MAX_PAYOFF_BYTES, PlayerSpec, Profile, StrategySpec};

/// `numpy.asarray(obj)` after refusing a masked array with masked entries (numpy would
/// silently drop the mask); `invalid(message)` for that and for ragged nesting.
fn as_array<'py>(
    obj: &Bound<'py, PyAny>,
    what: &str,
    invalid: fn(String) -> Error,
) -> PyResult<Bound<'py, PyAny>> {
    let np = obj.py().import("numpy")?;
    let ma = np.getattr("ma")?;
    let obj = if ma.call_method1("isMaskedArray", (obj,))?.is_truthy()? {
        let masked: usize = ma
            .call_method1("count_masked", (obj,))?
            .extract()
            .unwrap_or(usize::MAX);
        if masked > 0 {
            return Err(invalid(format!(
                "{what} is a masked array with {masked} masked entries, whose values would be \
                 read as they are; fill them first (e.g. `{what}.filled(0)`) or pass a plain \
                 array"
            ))
            .into());
        }
        ma.call_method1("getdata", (obj,))?
    } else {
        obj.clone()
    };
    let arr = np.call_method1("asarray", (&obj,)).map_err(|e| {
        PyErr::from(invalid(format!(
            "{what} could not be read as a numeric array ({e}); pass equal-length nested lists \
             or a numpy array"
        )))
    })?;
    let ndim: usize = arr.getattr("ndim")?.extract()?;
    if ndim > MAX_NUMPY_AXES {
        return Err(invalid(format!(
            "{what} has {ndim} dimensions, more than the {MAX_NUMPY_AXES} detente reads from \
             numpy; build games of many players with Game.from_player_payoffs or read them \
             from a .nfg file"
        ))
        .into());
    }
    Ok(arr)
}

/// Refuses an array of more than [`crate::game::MAX_PAYOFF_BYTES`] of floats (checked from
/// its shape, before anything is copied: a broadcast view may describe far more memory than
/// it holds).
fn check_size(arr: &Bound<'_, PyAny>, what: &str, invalid: fn(String) -> Error) -> PyResult<()> {
    let size: usize = arr.getattr("size")?.extract()?;
    if size.saturating_mul(std::mem::size_of::<f64>()) > MAX_PAYOFF_BYTES {
        let shape: Vec<usize> = arr.getattr("shape")?.extract()?;
        return Err(invalid(format!(
            "{what} has shape {shape:?}, {size} numbers: more than the {} GiB detente copies; \
             pass a smaller array",
            MAX_PAYOFF_BYTES >> 30
        ))
        .into());
    }
    Ok(())
}

/// `numpy.asarray(obj)` as float64, with a `TypeError` for non-numeric data and
/// `invalid(message)` for ragged nesting, a masked array with masked entries, or an array
/// larger than [`crate::game::MAX_PAYOFF_BYTES`].
pub(super) fn to_f64_array(
    obj: &Bound<'_, PyAny>,
    what: &str,
    invalid: fn(String) -> Error,
) -> PyResult<ArrayD<f64>> {
    let arr = as_array(obj, what, invalid)?;
    let dtype = arr.getattr("dtype")?;
    let kind: String = dtype.getattr("kind")?.extract()?;
    if !matches!(kind.as_str(), "b" | "i" | "u" | "f") {
        return Err(PyTypeError::new_err(format!(
            "{what} must be real numbers (bool, int or float), got an array of dtype {}",
            dtype.str()?
        )));
    }
    check_size(&arr, what, invalid)?;
    floats(&arr)
}

/// A numeric numpy array converted to float64 (no copy when it already is).
fn floats(arr: &Bound<'_, PyAny>) -> PyResult<ArrayD<f64>> {
    let kwargs = pyo3::types::PyDict::new(arr.py());
    kwargs.set_item("copy", false)?;
    let arr = arr.call_method("astype", ("float64",), Some(&kwargs))?;
    let arr: PyReadonlyArrayDyn<'_, f64> = arr.extract()?;
    Ok(arr.as_array().to_owned())
}

/// Payoffs as given: exact (integers, `fractions.Fraction`, `decimal.Decimal`) or floats.
pub(super) enum Payoffs {
    /// Float input (any float present).
    Float(ArrayD<f64>),
    /// Exact input whose values are all floats (integers up to 2⁵³): no rationals needed.
    ExactFloats(ArrayD<f64>),
    /// Exact input only.
    Exact(ArrayD<BigRational>),
}

impl Payoffs {
    /// The payoffs as floats (the nearest `f64` of exact ones).
    pub(super) fn into_floats(self) -> ArrayD<f64> {
        match self {
            Self::Float(a) | Self::ExactFloats(a) => a,
            Self::Exact(a) => a.mapv(|x| x.to_f64().unwrap_or(f64::NAN)),
        }
    }

    /// The payoffs as rationals, `None` for float input.
    pub(super) fn into_exact(self) -> Option<ArrayD<BigRational>> {
        match self {
            Self::Float(_) => None,
            Self::ExactFloats(a) => Some(a.mapv(|x| {
                BigRational::from_float(x).unwrap_or_else(|| BigRational::from_integer(0.into()))
            })),
            Self::Exact(a) => Some(a),
        }
    }

    /// A game from one tensor of shape `(n_1, …, n_N, N)`, exact for exact input.
    pub(super) fn into_game(self) -> crate::Result<Game> {
        match self {
            Self::Float(a) => Game::new(a),
            Self::ExactFloats(a) => Game::new(a).map(Game::with_exact_floats),
            Self::Exact(a) => Game::new_exact(a),
        }
    }
}

/// Integers as exact payoffs: as floats when every one is a float (no rationals kept).
fn integers<T: Copy + Into<num_bigint::BigInt> + ToPrimitive>(
    a: ndarray::ArrayViewD<'_, T>,
) -> Payoffs {
    const LIMIT: f64 = 9_007_199_254_740_992.0; // 2^53
    let floats = a.mapv(|x| x.to_f64().unwrap_or(f64::INFINITY));
    if floats.iter().all(|x| x.abs() <= LIMIT) {
        Payoffs::ExactFloats(floats)
    } else {
        Payoffs::Exact(a.mapv(|x| BigRational::from_integer(x.into())))
    }
}

/// `numpy.asarray(obj)` read exactly when it holds only exact numbers: a bool or integer
/// array, or an object array of `int`, `fractions.Fraction` and `decimal.Decimal` (any
/// `numbers.Rational`); as floats when it has a float dtype or an object holding a float.
/// Errors as [`to_f64_array`]; a non-finite `Decimal` is refused.
pub(super) fn to_payoff_array(
    obj: &Bound<'_, PyAny>,
    what: &str,
    invalid: fn(String) -> Error,
) -> PyResult<Payoffs> {
    let arr = as_array(obj, what, invalid)?;
    let dtype = arr.getattr("dtype")?;
    let kind: String = dtype.getattr("kind")?.extract()?;
    check_size(&arr, what, invalid)?;
    let shape: Vec<usize> = arr.getattr("shape")?.extract()?;
    match kind.as_str() {
        "f" => Ok(Payoffs::Float(floats(&arr)?)),
        "b" | "i" => {
            let ints = arr.call_method1("astype", ("int64",))?;
            let ints: PyReadonlyArrayDyn<'_, i64> = ints.extract()?;
            Ok(integers(ints.as_array()))
        }
        "u" => {
            let ints = arr.call_method1("astype", ("uint64",))?;
            let ints: PyReadonlyArrayDyn<'_, u64> = ints.extract()?;
            Ok(integers(ints.as_array()))
        }
        "O" => {
            let py = arr.py();
            let rational = py.import("numbers")?.getattr("Rational")?;
            let decimal = py.import("decimal")?.getattr("Decimal")?;
            let fraction = py.import("fractions")?.getattr("Fraction")?;
            let items = arr.call_method0("ravel")?.call_method0("tolist")?;
            let items = items.cast::<PyList>()?;
            // `numbers.Rational` covers bool, int, numpy's integers and Fraction.
            let exact = items.iter().all(|x| {
                x.is_instance(&rational).unwrap_or(false)
                    || x.is_instance(&decimal).unwrap_or(false)
            });
            if !exact {
                return Ok(Payoffs::Float(to_f64_object(&arr, what)?));
            }
            let values = items
                .iter()
                .enumerate()
                .map(|(k, x)| {
                    if x.is_instance(&decimal)? {
                        check_decimal(&x, what, k, invalid)?;
                    }
                    let f = fraction.call1((&x,)).map_err(|e| {
                        PyErr::from(invalid(format!(
                            "{what} has the value {x} at flat position {k}, which is not a \
                             finite number ({e}); give finite numbers only"
                        )))
                    })?;
                    let text: String = f.str()?.extract()?;
                    text.parse::<BigRational>().map_err(|e| {
                        PyErr::from(invalid(format!(
                            "{what}: could not read {text} as a fraction ({e})"
                        )))
                    })
                })
                .collect::<PyResult<Vec<_>>>()?;
            ArrayD::from_shape_vec(IxDyn(&shape), values)
                .map(Payoffs::Exact)
                .map_err(|e| invalid(e.to_string()).into())
        }
        _ => Err(PyTypeError::new_err(format!(
            "{what} must be real numbers (bool, int, float, fractions.Fraction or \
             decimal.Decimal), got an array of dtype {}",
            dtype.str()?
        ))),
    }
}

/// The most digits and the largest exponent of a `decimal.Decimal` payoff: far beyond the
/// `f64` range, and small enough that its exact value (`digits · 10^exponent`) is cheap.
const MAX_DECIMAL_DIGITS: i64 = 1000;

/// Refuses a `Decimal` whose exact value would be huge to compute (`Decimal("1e-999999999")`
/// would make Python build a billion-digit power of ten).
fn check_decimal(
    x: &Bound<'_, PyAny>,
    what: &str,
    k: usize,
    invalid: fn(String) -> Error,
) -> PyResult<()> {
    let parts = x.call_method0("as_tuple")?;
    let digits = i64::try_from(parts.getattr("digits")?.len()?).unwrap_or(i64::MAX);
    // NaN and infinities have a letter as exponent: Fraction refuses them itself.
    let Ok(exponent) = parts.getattr("exponent")?.extract::<i64>() else {
        return Ok(());
    };
    if digits > MAX_DECIMAL_DIGITS || exponent.abs() > MAX_DECIMAL_DIGITS {
        return Err(invalid(format!(
            "{what} has a Decimal at flat position {k} with {digits} digits and exponent \
             {exponent}; payoffs may have at most {MAX_DECIMAL_DIGITS} digits and exponents \
             within ±{MAX_DECIMAL_DIGITS}"
        ))
        .into());
    }
    Ok(())
}

/// An object array converted to float64, with a `TypeError` naming the argument when an
/// entry is not a number.
fn to_f64_object(arr: &Bound<'_, PyAny>, what: &str) -> PyResult<ArrayD<f64>> {
    let converted = arr.call_method1("astype", ("float64",)).map_err(|e| {
        PyTypeError::new_err(format!(
            "{what} must be real numbers (bool, int, float, fractions.Fraction or \
             decimal.Decimal): {e}"
        ))
    })?;
    floats(&converted)
}

/// Reads payoffs with numpy's rule: a list or tuple of numpy arrays is one array per player,
/// each of shape `(n_1, …, n_N)` (Gambit's convention); anything else (a nested list of
/// numbers included) is read as `numpy.asarray` reads it, an array of shape
/// `(n_1, …, n_N, N)` with the players last (QuantEcon's convention). The game is exact when
/// every payoff is given exactly ([`to_payoff_array`]).
pub(super) fn game_from_payoffs(payoffs: &Bound<'_, PyAny>) -> PyResult<Game> {
    let np = payoffs.py().import("numpy")?;
    let ndarray = np.getattr("ndarray")?;
    if (payoffs.is_instance_of::<PyList>() || payoffs.is_instance_of::<PyTuple>())
        && payoffs.len()? > 0
        && payoffs
            .try_iter()?
            .all(|item| item.is_ok_and(|x| x.is_instance(&ndarray).unwrap_or(false)))
    {
        return game_from_player_payoffs(payoffs);
    }
    Ok(to_payoff_array(payoffs, "payoffs", Error::InvalidGame)?.into_game()?)
}

/// One payoff array per player (any array-likes), exact when all of them are.
pub(super) fn game_from_player_payoffs(arrays: &Bound<'_, PyAny>) -> PyResult<Game> {
    let arrays: Vec<Payoffs> = arrays
        .try_iter()
        .map_err(|_| PyTypeError::new_err("payoffs must be a sequence of arrays, one per player"))?
        .enumerate()
        .map(|(i, item)| to_payoff_array(&item?, &format!("payoffs[{i}]"), Error::InvalidGame))
        .collect::<PyResult<_>>()?;
    if arrays.iter().any(|a| matches!(a, Payoffs::Exact(_)))
        && arrays.iter().all(|a| !matches!(a, Payoffs::Float(_)))
    {
        let exact: Vec<ArrayD<BigRational>> =
            arrays.into_iter().filter_map(Payoffs::into_exact).collect();
        let views: Vec<_> = exact.iter().map(|a| a.view()).collect();
        return Ok(Game::from_exact_player_arrays(&views)?);
    }
    let exact_floats = arrays.iter().all(|a| matches!(a, Payoffs::ExactFloats(_)));
    let floats: Vec<ArrayD<f64>> = arrays.into_iter().map(Payoffs::into_floats).collect();
    let views: Vec<_> = floats.iter().map(|a| a.view()).collect();
    let game = Game::from_player_arrays(&views)?;
    Ok(if exact_floats {
        game.with_exact_floats()
    } else {
        game
    })
}

/// A player given as an index (negative counts from the end) or a name.
pub(super) fn player_index(game: &Game, player: &Bound<'_, PyAny>) -> PyResult<usize> {
    let spec =
        if let Ok(name) = player.cast::<PyString>() {
            PlayerSpec::Name(name.to_str()?.to_string())
        } else {
            PlayerSpec::Index(player.extract().map_err(|_| {
                PyTypeError::new_err("a player is an int index or a player name (str)")
            })?)
        };
    Ok(game.resolve_player(&spec)?)
}

/// A profile: one entry per player, each an action index, an action label, or a probability
/// vector.
pub(super) fn profile(game: &Game, profile: &Bound<'_, PyAny>) -> PyResult<Profile> {
    let specs: Vec<StrategySpec> = profile
        .try_iter()
        .map_err(|_| PyTypeError::new_err("a profile is a sequence with one strategy per player"))?
        .enumerate()
        .map(|(i, entry)| strategy(i, &entry?))
        .collect::<PyResult<_>>()?;
    Ok(game.resolve_profile(&specs)?)
}

/// One strategy: a label (str), an action index (int) or a 1-D probability vector (of
/// ints, floats, `Fraction`s or `Decimal`s).
fn strategy(player: usize, entry: &Bound<'_, PyAny>) -> PyResult<StrategySpec> {
    if let Ok(label) = entry.cast::<PyString>() {
        return Ok(StrategySpec::Label(label.to_str()?.to_string()));
    }
    if !entry.is_instance_of::<PyBool>()
        && let Ok(a) = entry.extract::<i64>()
    {
        return Ok(StrategySpec::Action(a));
    }
    let arr = match to_f64_array(entry, "a mixed strategy", Error::InvalidProfile) {
        Ok(arr) => arr,
        // Object arrays of `Fraction`s or `Decimal`s (exact profiles, as Gambit's rational
        // ones) are read as numbers too, at their nearest floats; anything else keeps the
        // `TypeError`, now naming the exact types accepted.
        Err(e) if e.is_instance_of::<PyTypeError>(entry.py()) => {
            to_payoff_array(entry, "a mixed strategy", Error::InvalidProfile)?.into_floats()
        }
        Err(e) => return Err(e),
    };
    if arr.ndim() != 1 {
        return Err(Error::InvalidProfile(format!(
            "player {}'s strategy must be an action index, a label or a 1-D probability \
             vector, got an array of shape {:?}",
            player + 1,
            arr.shape()
        ))
        .into());
    }
    Ok(StrategySpec::Mixed(arr.into_iter().collect()))
}
