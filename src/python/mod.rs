//! pyo3 bindings (feature `python`).
