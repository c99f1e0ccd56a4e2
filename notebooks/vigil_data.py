"""Loaders shared by the analysts' notebooks: the files that notebooks/run.sh makes in notebooks/work/.

    work/sim/labels.jsonl            ground truth per session (vigil simulate)
    work/sim/events.jsonl            the access log (large; the notebooks do not read it)
    work/score-default/              vigil score with the default model: decisions.jsonl, commands.jsonl
    work/score-trained/              the same with work/trained.json (vigil train)
    work/compare.json                vigil compare --json, default (A) against trained (B)
    work/compare/                    vigil compare --out: comparison.txt and its PNG charts

Only Debian's python3-pandas and python3-numpy are needed. Times in the files are epoch milliseconds.
"""
import json
import os
import subprocess
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
WORK = Path(os.environ.get("VIGIL_NB_WORK", HERE / "work"))
ROOT = Path(os.environ.get("VIGIL_ROOT", HERE.parent))
DEFAULT_MODEL = ROOT / "models" / "artifacts" / "vigil-model.json"


def read_jsonl(path, fields=None):
    """Every line of a JSON-lines file as a DataFrame; with fields, only those keys (less memory)."""
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            record = json.loads(line)
            rows.append(record if fields is None else {k: record.get(k) for k in fields})
    return pd.DataFrame(rows, columns=fields)


def labels():
    """labels.jsonl with the columns the notebooks use; `evaluated` marks the sessions that
    `vigil compare` judges (not warm-up, not a refused credential attempt), `compromised` the
    sessions labelled as taken over."""
    df = read_jsonl(WORK / "sim" / "labels.jsonl")
    df = df.rename(columns={"session.id": "sessionId", "user.id": "accountId"})
    df["warmup"] = df["warmup"].fillna(False).astype(bool)
    df["compromised"] = df["kind"].eq("compromise")
    df["evaluated"] = ~df["warmup"] & ~df["kind"].eq("attempt")
    return df


DECISION_FIELDS = ["sessionId", "accountId", "eventId", "eventTime",
                   "previousProbability", "probability", "commandIds", "modelVersion", "policyNotes"]


def decisions(model="default", evidence=False):
    """decisions.jsonl of `vigil score` with that model ('default' or 'trained'): one row per event
    that moved the session's probability materially. With evidence=True the evidence terms too (a
    list of {code, logLikelihoodRatio, text, values} per row)."""
    fields = DECISION_FIELDS + (["evidence"] if evidence else [])
    df = read_jsonl(WORK / f"score-{model}" / "decisions.jsonl", fields)
    df["time"] = pd.to_datetime(df["eventTime"], unit="ms", utc=True)
    return df


def commands(model="default"):
    """commands.jsonl of `vigil score`: one row per command, with `reason` the code of its first
    (strongest) reason and `reason_codes` all of them."""
    df = read_jsonl(WORK / f"score-{model}" / "commands.jsonl")
    df["reason"] = df["reasons"].map(lambda rs: rs[0]["code"] if rs else "(none)")
    df["reason_codes"] = df["reasons"].map(lambda rs: [r["code"] for r in rs])
    df["time"] = pd.to_datetime(df["issuedAt"], unit="ms", utc=True)
    return df


def compare():
    """compare.json as a long table: section, metric, kind, a (default), b (trained), b - a."""
    with open(WORK / "compare.json", encoding="utf-8") as f:
        doc = json.load(f)
    rows = pd.DataFrame(doc["rows"])
    rows["b - a"] = rows["b"] - rows["a"]
    return doc, rows


def session_max_probability(decisions_df, sessions, prior):
    """Each session's highest probability over its decisions; a session with none stayed near
    the prior (decisions are written only when the probability moved materially)."""
    top = decisions_df.groupby("sessionId")["probability"].max()
    return sessions.map(top).fillna(prior).astype(float)


def load_model(path=DEFAULT_MODEL):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def vigil(*args, check=True):
    """Run the vigil CLI of this checkout (./vigil ARGS) and return its CompletedProcess."""
    proc = subprocess.run([str(ROOT / "vigil"), *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True)
    if check and proc.returncode != 0:
        raise RuntimeError(f"vigil {' '.join(map(str, args))} exited {proc.returncode}:\n"
                           f"{proc.stdout}\n{proc.stderr}")
    return proc


def roc_curve(scores, outcomes):
    """False and true positive rates over all thresholds (ties taken together), from (0, 0)."""
    s = np.asarray(scores, float)
    y = np.asarray(outcomes, bool)
    order = np.argsort(-s, kind="mergesort")
    s, y = s[order], y[order]
    last_of_tie = np.r_[np.diff(s) != 0, True]
    tp = np.cumsum(y)[last_of_tie]
    fp = np.cumsum(~y)[last_of_tie]
    return (np.r_[0, fp / max(1, (~y).sum())], np.r_[0, tp / max(1, y.sum())], s[last_of_tie])


def pr_curve(scores, outcomes):
    """Recall and precision over all thresholds (ties taken together)."""
    s = np.asarray(scores, float)
    y = np.asarray(outcomes, bool)
    order = np.argsort(-s, kind="mergesort")
    s, y = s[order], y[order]
    last_of_tie = np.r_[np.diff(s) != 0, True]
    tp = np.cumsum(y)[last_of_tie]
    k = np.arange(1, len(y) + 1)[last_of_tie]
    return tp / max(1, y.sum()), tp / k, s[last_of_tie]


def auc(x, y):
    """Trapezoidal area under y(x)."""
    x = np.asarray(x, float)
    y = np.asarray(y, float)
    return float(np.sum(np.diff(x) * (y[1:] + y[:-1]) / 2))


def average_precision(scores, outcomes):
    """Area under the PR curve as a step function (sum over thresholds of precision x recall gained)."""
    recall, precision, _ = pr_curve(scores, outcomes)
    return float(np.sum(np.diff(np.r_[0, recall]) * precision))


def reliability(scores, outcomes, bins=10):
    """Equal-width bins: mean predicted probability, observed frequency and count per bin, and
    the expected calibration error (bins weighted by count)."""
    s = np.asarray(scores, float)
    y = np.asarray(outcomes, float)
    idx = np.minimum((s * bins).astype(int), bins - 1)
    table = (pd.DataFrame({"bin": idx, "p": s, "y": y})
             .groupby("bin").agg(predicted=("p", "mean"), observed=("y", "mean"), n=("y", "size")))
    ece = float((table["n"] * (table["predicted"] - table["observed"]).abs()).sum() / len(s))
    return table, ece
