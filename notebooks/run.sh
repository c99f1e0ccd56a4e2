#!/usr/bin/env bash
# Produce the analysts' data with the vigil CLI and execute the three notebooks headless, in place
# (their outputs, plots included, are kept in the .ipynb files). Exits non-zero if a command or a
# notebook cell fails. Called by .ci/run; run it by hand as `bash notebooks/run.sh`.
#
# Debian's Python (/usr/bin/python3) and Debian's packages only: what is missing is installed with
# apt-get, nothing comes from PyPI. The data goes to notebooks/work/ (git-ignored), rebuilt each run.
#
#   bash notebooks/run.sh              data, then the notebooks
#   bash notebooks/run.sh --reuse-data  the notebooks only, on the data of the previous run
set -euo pipefail
NB="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$NB/.." && pwd)"
WORK="$NB/work"
# Debian's interpreter, whatever python3 comes first on PATH (pyenv and the like lack these packages).
PY=/usr/bin/python3
REUSE=false
[[ "${1:-}" == "--reuse-data" ]] && REUSE=true

t0=$(date +%s)
step_start=$t0
step() { # step NAME: print the time the previous step took, then announce the next
  local now; now=$(date +%s)
  [[ -n "${STEP_NAME:-}" ]] && printf 'notebooks: %-28s %4ds\n' "$STEP_NAME" "$((now - step_start))"
  STEP_NAME="${1:-}"; step_start=$now
  [[ -n "$STEP_NAME" ]] && echo "notebooks: $STEP_NAME..."
  return 0
}

# --- 1. Debian packages, installed only when an import fails ---------------------------------------
step "python packages"
MODULES="nbconvert nbformat ipykernel matplotlib pandas numpy"
have_modules() {
  [[ -x "$PY" ]] && "$PY" -c "import $(echo $MODULES | tr ' ' ',')" >/dev/null 2>&1
}
if ! have_modules; then
  SUDO=""
  [[ "$(id -u)" -ne 0 ]] && SUDO="sudo"
  echo "notebooks: installing Debian packages (python3-{${MODULES// /,}})"
  apt_start=$(date +%s)
  $SUDO apt-get update -qq
  # shellcheck disable=SC2046
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    $(for m in $MODULES; do printf 'python3-%s ' "$m"; done) >/dev/null
  echo "notebooks: apt-get took $(( $(date +%s) - apt_start ))s"
  have_modules || { echo "notebooks: $PY still cannot import: $MODULES" >&2; exit 1; }
fi
"$PY" -c 'import nbconvert, matplotlib, pandas, numpy, sys; print("notebooks: python", sys.version.split()[0], "nbconvert", nbconvert.__version__, "matplotlib", matplotlib.__version__, "pandas", pandas.__version__, "numpy", numpy.__version__)'

# --- 2. Data: simulate, split, train, score twice, compare ----------------------------------------
# One small world: 200 accounts, 5 days of warm-up (bots and market makers in its last 6 h), then a
# 4 h window with the world's attacks. The history the trainer sees is the warm-up only, the part of
# events.jsonl before START; scoring and compare run over the whole file (the profiles learn in the
# warm-up and the window is judged).
START=2026-11-02T00:00:00Z
SIM="$WORK/sim"
if ! $REUSE || [[ ! -f "$WORK/compare.json" ]]; then
  rm -rf "$WORK"; mkdir -p "$WORK"
  cd "$ROOT"
  step "vigil simulate"
  ./vigil simulate --world never-cash-out --accounts 200 --warmup 5d --automated-warmup 6h \
    --duration 4h --start "$START" --seed 7 --out "$SIM" | tee "$WORK/simulate.txt"

  step "split history"
  "$PY" "$NB/split_history.py" "$SIM/events.jsonl" "$START" "$WORK/history.jsonl"

  step "vigil train"
  ./vigil train --history "$WORK/history.jsonl" --seed 5 --out "$WORK/trained.json" | tee "$WORK/train.txt"

  step "vigil score (default)"
  ./vigil score --input "$SIM/events.jsonl" --out "$WORK/score-default"

  step "vigil score (trained)"
  ./vigil score --input "$SIM/events.jsonl" --model "$WORK/trained.json" --out "$WORK/score-trained"

  step "vigil compare"
  ./vigil compare --model default --model "$WORK/trained.json" --events "$SIM/events.jsonl" \
    --labels "$SIM/labels.jsonl" --json "$WORK/compare.json" --out "$WORK/compare" \
    | tee "$WORK/compare.txt"
  # The events are large (hundreds of MB) and read by no notebook: keep the labels only.
  rm -f "$WORK/history.jsonl"
else
  echo "notebooks: reusing the data in $WORK"
fi

# --- 3. The notebooks, executed in place -----------------------------------------------------------
# The kernel runs in notebooks/ (nbconvert's default: the notebook's folder); VIGIL_NB_WORK tells it
# where the data is, VIGIL_ROOT where the vigil command is.
export VIGIL_NB_WORK="$WORK" VIGIL_ROOT="$ROOT" PYDEVD_DISABLE_FILE_VALIDATION=1
failed=()
for nb in 01-decisions 02-tuning 03-model-report; do
  step "execute $nb.ipynb"
  if ! "$PY" -m nbconvert --to notebook --execute --inplace \
      --ExecutePreprocessor.timeout=600 --ExecutePreprocessor.kernel_name=python3 \
      "$NB/$nb.ipynb"; then
    echo "notebooks: $nb.ipynb FAILED (a cell raised; see the traceback above)" >&2
    failed+=("$nb")
  fi
done
step ""
echo "notebooks: total $(( $(date +%s) - t0 ))s"
if (( ${#failed[@]} )); then
  echo "notebooks: ${#failed[@]} failed: ${failed[*]}" >&2
  exit 1
fi
echo "notebooks: the 3 notebooks executed without error"
