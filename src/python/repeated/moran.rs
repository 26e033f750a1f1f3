//! `detente.repeated.moran`: fixation probabilities, exact for exact payoffs.

use ndarray::Ix2;
use numpy::ToPyArray;
use pyo3::prelude::*;
use pyo3::types::PyList;

use crate::error::Error;
use crate::python::args;
use crate::python::convert::{self, Payoffs};
use crate::python::face::fraction;
use crate::python::progress;
use crate::repeated::{Fitness, MoranMethod, MoranOptions, moran, moran_exact};

/// Fixation probabilities: a float numpy array, or an object array of Fractions when the
/// matrix is exact (ints, Fractions), the fitness linear and the method exact. `progress`
/// shows a bar of the pairs done (simulated runs with `method="simulate"`).
#[pyfunction]
#[pyo3(signature = (payoff_matrix, population, intensity, fitness, method, trials, seed, progress=None))]
#[allow(clippy::too_many_arguments)]
fn repeated_moran<'py>(
    py: Python<'py>,
    payoff_matrix: &Bound<'py, PyAny>,
    population: &Bound<'py, PyAny>,
    intensity: &Bound<'py, PyAny>,
    fitness: &str,
    method: &str,
    trials: &Bound<'py, PyAny>,
    seed: &Bound<'py, PyAny>,
    progress: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let payoffs = convert::to_payoff_array(payoff_matrix, "payoff_matrix", Error::InvalidArgument)?;
    let fitness: Fitness = fitness.parse()?;
    let population = args::count(population, "population", 0)?;
    let method = match method {
        "exact" => MoranMethod::Exact,
        "simulate" => MoranMethod::Simulate {
            trials: args::count(trials, "trials", 0)?,
            seed: args::seed(seed)?,
        },
        other => {
            return Err(Error::InvalidArgument(format!(
                "method: {other:?}; give \"exact\" or \"simulate\""
            ))
            .into());
        }
    };
    let exact = !matches!(payoffs, Payoffs::Float(_))
        && fitness == Fitness::Linear
        && method == MoranMethod::Exact;
    if exact {
        let matrix = payoffs.into_exact().unwrap_or_default();
        let shape = matrix.shape().to_vec();
        let matrix = matrix.into_dimensionality::<Ix2>().map_err(|_| {
            Error::InvalidArgument(format!(
                "payoff_matrix: shape {shape:?}; give a square matrix"
            ))
        })?;
        let rows: Vec<Vec<_>> = matrix.outer_iter().map(|r| r.to_vec()).collect();
        let w = args::rational(intensity, "intensity")?;
        let rho = progress::run(py, progress, "moran", " pairs", || {
            moran_exact(&rows, population, &w)
        })?;
        let list = PyList::empty(py);
        for row in &rho {
            let items: Vec<Bound<'py, PyAny>> = row
                .iter()
                .map(|r| fraction(py, r))
                .collect::<PyResult<_>>()?;
            list.append(items)?;
        }
        let kwargs = pyo3::types::PyDict::new(py);
        kwargs.set_item("dtype", "object")?;
        return py
            .import("numpy")?
            .getattr("array")?
            .call((list,), Some(&kwargs));
    }
    let matrix = payoffs.into_floats();
    let shape = matrix.shape().to_vec();
    let matrix = matrix.into_dimensionality::<Ix2>().map_err(|_| {
        Error::InvalidArgument(format!(
            "payoff_matrix: shape {shape:?}; give a square matrix"
        ))
    })?;
    let options = MoranOptions {
        population,
        intensity: args::number(intensity, "intensity")?,
        fitness,
        method,
    };
    let unit = match method {
        MoranMethod::Exact => " pairs",
        MoranMethod::Simulate { .. } => " runs",
    };
    let rho = progress::run(py, progress, "moran", unit, || {
        moran(matrix.view(), &options)
    })?;
    Ok(rho.to_pyarray(py).into_any())
}

pub(super) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(repeated_moran, m)?)
}
