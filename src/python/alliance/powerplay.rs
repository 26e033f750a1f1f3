//! `detente.alliance.Powerplay`: [`crate::alliance::Powerplay`] for Python (conversions only).

use super::*;
use crate::alliance::Powerplay;
use crate::coalition::network::links;
use crate::python::coalition::network::PyNetworkStability;
use crate::python::coalition::tu::PyTUGame;

/// A structure argument: ``"star"``, ``"complete"``, ``"empty"`` or a list of links
/// ``(i, j)`` (hub = 0); ``None`` means the model's fixed ``network``.
fn structure_arg(
    m: &Powerplay,
    network: Option<&Bound<'_, PyAny>>,
) -> PyResult<Vec<(usize, usize)>> {
    let Some(obj) = network.filter(|o| !o.is_none()) else {
        return m.network().map(<[_]>::to_vec).ok_or_else(|| {
            crate::Error::InvalidArgument(
                "network is required (this model has no fixed network): give 'star', \
                 'complete', 'empty' or a list of links (i, j) with the hub as 0"
                    .into(),
            )
            .into()
        });
    };
    if let Ok(s) = obj.cast::<PyString>() {
        return match &*s.to_cow()? {
            "star" => Ok(m.star()),
            "complete" => Ok(m.complete()),
            "empty" => Ok(vec![]),
            other => Err(crate::Error::InvalidArgument(format!(
                "network is {other:?}: give 'star', 'complete', 'empty' or a list of links (i, j)"
            ))
            .into()),
        };
    }
    obj.extract::<Vec<(usize, usize)>>().map_err(|_| {
        PyTypeError::new_err(
            "network must be 'star', 'complete', 'empty' or a list of links (i, j) of player \
             indices (hub = 0)",
        )
    })
}

/// M6, powerplay: hub-and-spokes vs a multilateral web, with rival spokes (Cha 2009/10,
/// 2016; Myerson 1977; Jackson & Wolinsky 1996).
///
/// A hub (player 0) and n spokes share a TU game; coalitions count only through the links
/// among their members, and each player's share is its Myerson value Y_i(g). A hub-spoke link
/// costs each end ``link_cost`` f, a spoke-spoke link ``rivalry`` r (one number, or an n x n
/// matrix over the spokes); u_i(g) = Y_i(g) - the costs of i's links. Which structures form:
/// pairwise stability over every graph (at most 6 spokes), each labelled unilateral,
/// multilateral, hub_and_spokes, lilliputian_bloc, bilateral or other (first match).
///
/// Parameters: game ('apex' [n; n-1, 1, ..., 1], the default; 'majority'; a
/// ``WeightedVotingGame`` or ``VotingGame``; a ``TUGame``; or 'weighted' with quota and
/// weights, 'custom' with values), link_cost (>= 0, default 0), rivalry (>= 0, default 0),
/// network (a fixed structure, optional), spokes (n, default 2, for 'apex' and 'majority'),
/// names (hub first). Numbers may be int, float, Fraction, Decimal or decimal strings: each is
/// read as the simplest fraction that rounds to it, so results are exact.
///
/// The alliance-model protocol: params(), param_info(), from_params(dict), game() (the
/// link-announcement game), regime() (the label of the fixed network, else of the pairwise
/// stable structure with the largest total), describe(), cite(), to_json()/from_json(), ==,
/// pickle.
#[pyclass(module = "detente.alliance", name = "Powerplay", frozen, eq)]
#[derive(PartialEq)]
pub(crate) struct PyPowerplay {
    inner: Powerplay,
}

model_class!(PyPowerplay, Powerplay,
game: "the link-announcement game (each player names the others it wants links with; a link forms when both do), at most 5 players.",
regime: "the fixed network's structure label, else that of the pairwise stable structure with the largest total net payoff (None when none is stable).",
{
    #[new]
    #[pyo3(signature = (game=None, link_cost=None, rivalry=None, network=None, *, spokes=None,
                        quota=None, weights=None, values=None, names=None))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        game: Option<&Bound<'_, PyAny>>,
        link_cost: Option<&Bound<'_, PyAny>>,
        rivalry: Option<&Bound<'_, PyAny>>,
        network: Option<&Bound<'_, PyAny>>,
        spokes: Option<&Bound<'_, PyAny>>,
        quota: Option<&Bound<'_, PyAny>>,
        weights: Option<&Bound<'_, PyAny>>,
        values: Option<&Bound<'_, PyAny>>,
        names: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let mut params = given(&[
            ("link_cost", link_cost),
            ("rivalry", rivalry),
            ("network", network),
            ("spokes", spokes),
            ("quota", quota),
            ("weights", weights),
            ("values", values),
            ("names", names),
        ])?;
        if let Some(g) = game.filter(|g| !g.is_none()) {
            let mut tu: Option<PyTUGame> = None;
            if g.is_instance_of::<PyString>() {
                params.insert("game".into(), value_from_py(g, "game")?);
            } else if g.hasattr("quota")? && g.hasattr("weights")? {
                params.insert("game".into(), ParamValue::Text("weighted".into()));
                params.insert("quota".into(), value_from_py(&g.getattr("quota")?, "quota")?);
                params.insert("weights".into(), value_from_py(&g.getattr("weights")?, "weights")?);
                tu = g.call_method0("to_tu_game")?.cast::<PyTUGame>().ok().map(|t| t.get().clone());
            } else if let Ok(t) = g.cast::<PyTUGame>() {
                tu = Some(t.get().clone());
            } else if g.hasattr("to_tu_game")? {
                let t = g.call_method0("to_tu_game")?;
                tu = Some(t.cast::<PyTUGame>()?.get().clone());
            } else {
                return Err(PyTypeError::new_err(
                    "game must be 'apex', 'majority', 'weighted', 'custom', a WeightedVotingGame, \
                     a VotingGame or a TUGame",
                ));
            }
            if let Some(t) = tu {
                if !params.contains_key("game") {
                    let values: Vec<f64> = t
                        .inner
                        .exact_values()?
                        .iter()
                        .map(|x| num_traits::ToPrimitive::to_f64(x).unwrap_or(f64::NAN))
                        .collect();
                    params.insert("game".into(), ParamValue::Text("custom".into()));
                    params.insert("values".into(), ParamValue::Numbers(values));
                }
                if !params.contains_key("names") {
                    params.insert("names".into(), ParamValue::Texts(t.inner.players().to_vec()));
                }
            }
        }
        Ok(Self { inner: Powerplay::from_params(&params)? })
    }

    /// n, the number of spokes.
    #[getter]
    fn spokes(&self) -> usize {
        self.inner.num_spokes()
    }
    /// f, the cost of a hub-spoke link to each end.
    #[getter]
    fn link_cost(&self) -> f64 {
        self.inner.link_cost()
    }
    /// r: one number, or the n x n matrix over the spokes.
    #[getter]
    fn rivalry<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let r = self.inner.rivalry();
        if r.len() == 1 && r[0].len() == 1 {
            Ok(r[0][0].into_pyobject(py)?.into_any())
        } else {
            Ok(r.to_vec().into_pyobject(py)?.into_any())
        }
    }
    /// The fixed structure (links (i, j), hub = 0), or None.
    #[getter]
    fn network(&self) -> Option<Vec<(usize, usize)>> {
        self.inner.network().map(<[_]>::to_vec)
    }
    /// The players' names, hub first.
    #[getter]
    fn names(&self) -> Vec<String> {
        self.inner.names().to_vec()
    }

    /// The shared TU game (exact values), as a ``TUGame``.
    fn tu_game(&self) -> PyTUGame {
        PyTUGame { inner: self.inner.tu_game().clone() }
    }

    /// The star centred on the hub: [(0, 1), ..., (0, n)].
    fn star(&self) -> Vec<(usize, usize)> {
        self.inner.star()
    }

    /// Every link: the complete graph.
    fn complete(&self) -> Vec<(usize, usize)> {
        self.inner.complete()
    }

    /// Every possible link (i, j), i < j, in the order of the link costs.
    fn links(&self) -> Vec<(usize, usize)> {
        links(self.inner.num_spokes() + 1)
    }

    /// The Myerson value Y(g) on ``network`` ('star', 'complete', 'empty' or a list of links;
    /// default: the model's fixed network): floats, or Fractions with ``exact=True``.
    #[pyo3(signature = (network=None, exact=false))]
    fn myerson<'py>(
        &self,
        py: Python<'py>,
        network: Option<&Bound<'py, PyAny>>,
        exact: bool,
    ) -> PyResult<Vec<Bound<'py, PyAny>>> {
        let edges = structure_arg(&self.inner, network)?;
        let y = self.inner.myerson(&edges)?;
        y.iter().map(|x| super::value(py, x, exact)).collect()
    }

    /// Net payoffs u_i(g) = Y_i(g) - the costs of i's links, on ``network`` (as ``myerson``).
    #[pyo3(signature = (network=None, exact=false))]
    fn net_payoffs<'py>(
        &self,
        py: Python<'py>,
        network: Option<&Bound<'py, PyAny>>,
        exact: bool,
    ) -> PyResult<Vec<Bound<'py, PyAny>>> {
        let edges = structure_arg(&self.inner, network)?;
        let u = self.inner.net_payoffs(&edges)?;
        u.iter().map(|x| super::value(py, x, exact)).collect()
    }

    /// The structure label of ``network``: unilateral, multilateral, hub_and_spokes,
    /// lilliputian_bloc, bilateral or other (first match).
    #[pyo3(signature = (network=None))]
    fn structure(&self, network: Option<&Bound<'_, PyAny>>) -> PyResult<String> {
        let edges = structure_arg(&self.inner, network)?;
        crate::coalition::network::graph_mask(self.inner.num_spokes() + 1, &edges)?;
        Ok(self.inner.structure(&edges).to_string())
    }

    /// Whether ``network`` is pairwise stable, checked directly from its neighbours.
    #[pyo3(signature = (network=None))]
    fn is_pairwise_stable(&self, py: Python<'_>, network: Option<&Bound<'_, PyAny>>) -> PyResult<bool> {
        let edges = structure_arg(&self.inner, network)?;
        run(py, || self.inner.is_pairwise_stable(&edges))
    }

    /// Every graph checked (in parallel, without the GIL, stopping on Ctrl-C): a
    /// ``NetworkStability`` with the pairwise stable, pairwise Nash stable and efficient
    /// structures, their net payoffs (exact) and structure labels.
    fn stability(&self, py: Python<'_>) -> PyResult<PyNetworkStability> {
        let s = run(py, || self.inner.stability())?;
        Ok(PyNetworkStability::new(s, self.inner.names().to_vec()))
    }

    /// The labels of the pairwise stable structures (one per stable graph).
    fn stable_structures(&self, py: Python<'_>) -> PyResult<Vec<String>> {
        let s = run(py, || self.inner.stable_structures())?;
        Ok(s.iter().map(ToString::to_string).collect())
    }

    /// The labels of the efficient structures (largest total net payoff).
    fn efficient_structures(&self, py: Python<'_>) -> PyResult<Vec<String>> {
        let s = run(py, || self.inner.efficient_structures())?;
        Ok(s.iter().map(ToString::to_string).collect())
    }

    /// The phase diagram over link costs f and (uniform) rivalries r, as a tidy pandas
    /// DataFrame: one row per grid point and pairwise stable structure (link_cost, rivalry,
    /// structure, edges, hub_payoff, hub_payoff_exact, total, regime); the Myerson values are
    /// computed once for the whole grid.
    fn phase_diagram<'py>(
        &self,
        py: Python<'py>,
        link_costs: Vec<f64>,
        rivalries: Vec<f64>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let points = run(py, || self.inner.phase_diagram(&link_costs, &rivalries))?;
        frame(py, &crate::alliance::phase_table(&points, self.inner.names())?)
    }

    /// The specification's closed forms (apex game, n >= 2): dict with "star" and "complete"
    /// (Myerson values, hub first), "star_max_link_cost" (1/(n(n+1))) and "star_min_rivalry"
    /// (1/6 at n = 2, else 0): floats, or Fractions with ``exact=True``.
    #[pyo3(signature = (exact=false))]
    fn closed_forms<'py>(&self, py: Python<'py>, exact: bool) -> PyResult<Bound<'py, PyDict>> {
        let c = self.inner.closed_forms()?;
        let d = PyDict::new(py);
        let list = |xs: &[num_rational::BigRational]| -> PyResult<Vec<Bound<'py, PyAny>>> {
            xs.iter().map(|x| super::value(py, x, exact)).collect()
        };
        d.set_item("star", list(&c.star)?)?;
        d.set_item("complete", list(&c.complete)?)?;
        d.set_item("star_max_link_cost", super::value(py, &c.star_max_link_cost, exact)?)?;
        d.set_item("star_min_rivalry", super::value(py, &c.star_min_rivalry, exact)?)?;
        Ok(d)
    }
});

pub(super) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyPowerplay>()
}
