"""Speed of clean.clean(workers=1) on a pipeline snapshot or a corpus, as the pipeline runs it
(first call in a fresh process: lexicon, memos and language models cold).

    .venv/bin/python benchmarks/clean_speed.py /tmp/nl-state/c10000/read.pkl [--runs 3]
    .venv/bin/python benchmarks/clean_speed.py 10000          # the synthetic 10k corpus

Each run is a fresh process; prints wall and CPU seconds per run and their medians, and
writes them to benchmarks/results/clean_speed.json. CPU time is the steadier figure on a
shared machine. To compare with an older tree, run the same command with
PYTHONPATH=<old tree>/src.
"""
from __future__ import annotations

import json
from pathlib import Path

from suite import PY, arguments, median, record, run_process

_ONE = """
import json, sys, time
sys.path.insert(0, sys.argv[2])
from suite import corpus
arts = corpus(sys.argv[1])
from newslineage import clean
t, c = time.perf_counter(), time.process_time()
clean.clean(arts, workers=1)
print(json.dumps([time.perf_counter() - t, time.process_time() - c, len(arts)]))
"""


def main() -> None:
    ap = arguments(__doc__)
    ap.add_argument("legacy_runs", nargs="?", type=int, help="(older form of --runs)")
    args = ap.parse_args()
    runs = args.legacy_runs or args.runs
    walls, cpus = [], []
    for _ in range(runs):
        out = run_process([PY, "-c", _ONE, args.corpus, str(Path(__file__).parent)], check=True)
        wall, cpu, n = json.loads(out["out"].splitlines()[-1])
        walls.append(wall)
        cpus.append(cpu)
        print(f"run: wall {wall:.2f} s, cpu {cpu:.2f} s ({n} articles)", flush=True)
    print(f"median: wall {median(walls):.2f} s, cpu {median(cpus):.2f} s "
          f"= {median(cpus) / n * 1000:.3f} ms/article cpu")
    record("clean_speed", {"articles": n, "clean, fresh process": {
        "wall": round(median(walls), 3), "cpu": round(median(cpus), 3),
        "walls": [round(w, 3) for w in walls], "cpus": [round(c, 3) for c in cpus]},
        "ms per article (CPU)": round(median(cpus) / n * 1000, 3)}, args)


if __name__ == "__main__":
    main()
