"""MRPC (train split): accuracy and F1 of `same` from `compare --pairs`, cross-validated.

    .venv/bin/python benchmarks/mrpc.py                  # CV through compare_pairs_file
    .venv/bin/python benchmarks/mrpc.py --limit 400      # a quick sample while developing

The sentence-pair model (a logistic regression over the features of ``pairs.pair_features``) is
fitted by ``tools/fit_same_weights.py``; nothing here writes into src/. The evaluation runs
``compare_pairs_file`` on each held-out fold with a model fitted on the other folds, so the
figures are out-of-sample. Published anchor for this split: 75.6 accuracy / 83.0 F1.
"""
from __future__ import annotations

import argparse
import io
import json
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))
from fit_same_weights import (DATA, best_threshold, compare, fit, folds, measured,  # noqa: E402
                              metrics, proba)


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--no-eval", action="store_true", help="skip the compare --pairs run")
    ap.add_argument("--limit", type=int, help="a random sample of this many pairs")
    ap.add_argument("--data", type=Path, default=DATA)
    args = ap.parse_args()
    if not args.data.exists():
        sys.exit(f"{args.data} is absent: this benchmark needs the shared MRPC copy")
    rows, X, y, _ = measured(args.data, args.limit)
    if args.no_eval:
        return
    # The product path: compare_pairs_file on each held-out fold, model from the other folds.
    t0 = time.time()
    got = {}
    with tempfile.TemporaryDirectory() as tmp:
        for k, te in enumerate(folds(len(rows))):
            tr = np.setdiff1d(np.arange(len(rows)), te)
            model = fit(X[tr], y[tr])
            model["threshold"] = best_threshold(proba(model, X[tr]), y[tr])
            wpath = Path(tmp) / "w.json"
            wpath.write_text(json.dumps(model))
            compare.WEIGHTS = wpath
            compare.weights.cache_clear()
            tsv = Path(tmp) / f"fold{k}.tsv"
            tsv.write_text("id\ta\tb\n" + "".join(f"{rows[i][0]}\t{rows[i][1]}\t{rows[i][2]}\n"
                                                   for i in te), encoding="utf-8")
            buf = io.StringIO()
            compare.compare_pairs_file(tsv, buf)
            for line in buf.getvalue().splitlines():
                d = json.loads(line)
                got[d["id"]] = d["same"]
    pred = [got[r[0]] for r in rows]
    acc, f1 = metrics(y, pred)
    print(f"CV (compare --pairs): accuracy {acc:.3f}  F1 {f1:.3f}  "
          f"({len(rows)} pairs, {time.time() - t0:.1f}s)")


if __name__ == "__main__":
    main()
