#!/usr/bin/env bash
# The whole test suite, as CI runs it: Rust formatting, lints and tests; the Python package
# built from this tree; its tests, doctests, notebooks and type stubs. Stops at the first
# failure with a non-zero exit (pytest's exit 5, "no tests collected", counts as a failure).
set -euo pipefail
cd "$(dirname "$0")/.."

# A clean build gains nothing from incremental compilation, and its caches take gigabytes.
export CARGO_INCREMENTAL=0

step() { printf '\n==> %s\n' "$*"; }

step "cargo fmt"
cargo fmt --all -- --check
step "cargo clippy (Rust API, then with the Python bindings)"
cargo clippy --all-targets -- -D warnings
cargo clippy --all-targets --features python -- -D warnings
step "cargo test"
cargo test
step "cargo doc (no broken links)"
RUSTDOCFLAGS="-D warnings" cargo doc --no-deps
step "build and install the Python package from this tree"
python3 -m pip install --quiet --disable-pip-version-check ".[test]"
step "pytest: Python tests"
python3 -m pytest tests/python
step "pytest: docstring examples of the installed package"
python3 -m pytest --doctest-modules --pyargs detente
step "pytest: the executed documentation under docs/ (user guide, coming from other tools)"
python3 -m pytest --doctest-glob='*.md' docs/
step "pytest: notebooks"
python3 -m pytest --nbmake notebooks/
step "mypy stubtest"
python3 -m mypy.stubtest detente --mypy-config-file pyproject.toml
step "all checks passed"
