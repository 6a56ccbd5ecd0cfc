#!/usr/bin/env bash
# l2ref's two commands. Each creates .venv (Python 3.11+) on first use and whenever setup.cfg or
# pyproject.toml change, then runs:
#   ./run.sh          the main job: every conformance vector against the reference, then the
#                     adversarial demo scenarios of tests/scenarios/
#   ./run.sh test     the whole test suite: lint, format, types, fast and slow tests, vectors
#                     (regenerated and compared, every case run), in parallel
#   ./run.sh test --fast   the same without the slow tests
set -euo pipefail
cd "$(dirname "$0")"

find_python() {
  for candidate in "${PYTHON:-}" python3.13 python3.12 python3.11 python3; do
    [ -n "$candidate" ] || continue
    if command -v "$candidate" >/dev/null 2>&1 &&
      "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
      echo "$candidate"
      return 0
    fi
  done
  echo "l2ref needs Python 3.11 or newer (set PYTHON=/path/to/python3.11)" >&2
  return 1
}

setup() {
  local want stamp=.venv/.l2ref-installed
  want=$(cat setup.cfg pyproject.toml | sha256sum | cut -c1-16)
  if [ -x .venv/bin/python ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then
    return 0
  fi
  echo "setting up .venv (first run or changed dependencies) ..." >&2
  [ -x .venv/bin/python ] || "$(find_python)" -m venv .venv
  .venv/bin/python -m pip install --quiet --upgrade pip >&2
  .venv/bin/python -m pip install --quiet -e '.[test]' >&2
  echo "$want" >"$stamp"
}

run_step() {
  echo "== $*" >&2
  "$@"
}

main_job() {
  run_step .venv/bin/l2ref vectors verify
  # The demo scenarios: each test name says what an honest party can do or what a cheater loses.
  run_step .venv/bin/python -m pytest tests/scenarios -v --no-header -rN
}

test_job() {
  local fast=${1:-}
  run_step .venv/bin/ruff check .
  run_step .venv/bin/ruff format --check .
  run_step .venv/bin/mypy
  # One parallel run (pytest-xdist, a worker per core). It regenerates every vector once and
  # compares it byte for byte with vectors/, and runs each committed case as a test of its own.
  if [ "$fast" = "--fast" ]; then
    run_step .venv/bin/python -m pytest -q -n auto --dist worksteal
  else
    run_step .venv/bin/python -m pytest -q -n auto --dist worksteal -m "slow or not slow"
  fi
}

setup
case "${1:-main}" in
  main) main_job ;;
  test) test_job "${2:-}" ;;
  *)
    echo "usage: ./run.sh [main | test [--fast]]" >&2
    exit 2
    ;;
esac
