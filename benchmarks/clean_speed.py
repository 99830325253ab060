"""Speed of clean.clean(workers=1) on a pipeline snapshot or a JSONL corpus, as the pipeline
runs it (first call in a fresh process: lexicon, memos and language models cold).

    .venv/bin/python benchmarks/clean_speed.py /tmp/nl-state/c10000/read.pkl [RUNS]
    .venv/bin/python benchmarks/clean_speed.py /tmp/newslineage-bench/c10000/articles.jsonl

Each run is a fresh process; prints wall and CPU seconds per run and their medians. CPU time
is the steadier figure on a shared machine. To compare with an older tree, run the same
command with PYTHONPATH=<old tree>/src.
"""
from __future__ import annotations

import statistics
import subprocess
import sys

_ONE = """
import pickle, sys, time
sys.setrecursionlimit(100000)
path = sys.argv[1]
if path.endswith('.pkl'):
    arts = pickle.load(open(path, 'rb'))
else:
    from newslineage.read import read_inputs
    arts = read_inputs([path])[0]
from newslineage import clean
t, c = time.perf_counter(), time.process_time()
clean.clean(arts, workers=1)
print(time.perf_counter() - t, time.process_time() - c, len(arts))
"""


def main() -> None:
    path = sys.argv[1]
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    walls, cpus = [], []
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", _ONE, path], capture_output=True, text=True, check=True)
        wall, cpu, n = out.stdout.split()
        walls.append(float(wall))
        cpus.append(float(cpu))
        print(f"run: wall {float(wall):.2f} s, cpu {float(cpu):.2f} s ({n} articles)", flush=True)
    n = int(n)
    print(f"median: wall {statistics.median(walls):.2f} s, cpu {statistics.median(cpus):.2f} s "
          f"= {statistics.median(cpus) / n * 1000:.3f} ms/article cpu")


if __name__ == "__main__":
    main()
