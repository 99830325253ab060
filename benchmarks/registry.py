"""The registry of benchmarks: each one a name, the command line of its script (arguments at
the sizes the suite runs it), whether it is in the quick subset (``make bench``), and the
stage snapshots it reads. ``python benchmarks/bench.py run NAME...`` runs any of them;
``run --quick`` the quick subset; ``list`` shows them. Each script writes its figures to
benchmarks/results/*.json itself; the runner renders them into RESULTS.md at the end.

Scripts with quality figures are here too (they print and record like the speed ones). Not
here, run by hand with the command their docstring gives: those that need inputs made apart
(``same_reports.py --old``; on a built store ``store_check_cpu.py``, ``store_check_profile.py``,
``store_service.py`` and ``service_overhead.py``, with the open-loop generator ``open_loop.py``
or locust), the per-stage scripts' ``--save/--check`` guards, and the one-off experiments named in
RESULTS-*.md (``blocks_cost.py``, ``same_variants.py``, ``minilm_np.py``, ``html_choices.py``,
``record_sizes.py``, ``dask_stages.py``, ``quotes_drift.py``, ``clean_blocks.py``), and
``critical_path.py`` (the stretches of a pool run where one process runs alone).
"""
from __future__ import annotations

import shlex
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from suite import CACHE, HERE, PY, corpus_dir, corpus_file

STATE = CACHE / "state"  # stage snapshots: STATE/cN/{read,clean,reuse,...}.pkl (make_state.py)


@dataclass(frozen=True)
class Bench:
    name: str
    argv: str            # the script and its arguments; {state}: the snapshot folder,
    #                      {corpus}: the synthetic corpus folder (articles.jsonl, truth.jsonl)
    quick: bool = False  # in the quick subset (a CPU-minute or less each on 2 cores)
    state: int = 0       # the size of the synthetic corpus whose snapshots it reads
    what: str = ""


BENCHMARKS = [
    # speed, against a baseline in the same run
    Bench("scale_1k", "scale.py 1000 --runs 1", quick=True,
          what="analyze vs the MinHash LSH baseline, with P/R and peak RSS"),
    Bench("scale_10k", "scale.py 10000 --runs 1", what="the same at 10k (target: 3x the baseline)"),
    Bench("clean_speed_1k", "clean_speed.py 1000 --runs 3", quick=True,
          what="clean, fresh process per run"),
    Bench("pipeline_stages_1k", "pipeline_stages.py 1000 --runs 1", quick=True,
          what="when each stage of analyze ends, with RSS"),
    Bench("lineage_speed_1k", "lineage_speed.py {state}/reuse.pkl --runs 3", quick=True,
          state=1000, what="lineage.trace on a snapshot"),
    Bench("reuse_speed_1k", "reuse_speed.py {state}/clean.pkl --runs 3", state=1000,
          what="segment, candidates, relate in one process"),
    Bench("candidates_speed_1k", "candidates_speed.py {state}/clean.pkl", state=1000),
    Bench("stories_speed_1k", "stories_speed.py {state}/lineage.pkl --runs 3", state=1000),
    Bench("quotes_speed_1k", "quotes_speed.py {state}/stories.pkl --runs 3", state=1000),
    Bench("drift_speed_1k", "drift_speed.py {state}/quotes.pkl --runs 3", state=1000),
    Bench("json_speed_1k", "json_speed.py {state}/report.pkl --runs 3", state=1000),
    Bench("same_speed", "same_speed.py --pairs 300 --runs 3", what="same-content decision, MRPC"),
    Bench("stages_1k", "stages.py 1000", what="each stage in turn, one process"),
    Bench("reuse_stages_1k", "reuse_stages.py 1000", what="reuse stages with their pools, P/R"),
    Bench("read_speed_1k", "read_speed.py 1000 --txt 1000 --html 100",
          what="JSON Lines, gzip, .txt and HTML, HTML on 2 workers"),
    Bench("bench_clean", "bench_clean.py 500", what="clean per article; model vs rules alone"),
    Bench("segment_speed", "segment_speed.py --n 500", what="the splitter vs pysbd"),
    Bench("align_speed", "align_speed.py --n 100", what="pairs/s per kind of pair"),
    Bench("html_size_1k", "html_size.py {corpus} --sizes 1000", state=1000,
          what="HTML report size and render time"),
    Bench("giant_article", "giant_article.py --mb 0.2 1", what="one long article vs 4 short"),
    Bench("hostile_memory", "hostile_memory.py --runs 1", what="peak RSS with bombs vs without"),
    Bench("compare_edited", "compare_edited.py --mb 0.2 1", what="compare of long edited texts"),
    Bench("dask_engine_2k", "dask_engine.py 2000 --runs 1", what="Dask vs the process pool"),
    Bench("store_add_2k", "store_add.py 2000 --batches 2", what="add in batches vs one analyze"),
    Bench("store_check_2k", "store_check.py 2000 --queries 200", what="check latency vs MinHash"),
    Bench("store_stories_2k", "store_stories.py 2000 --batches 10",
          what="an add's story stage: the kept index resumed vs clustered again"),
    # quality on the shared data
    Bench("bbc_overlaps", "bbc_overlaps.py", what="recall of the BBC overlaps list"),
    Bench("extraction", "extraction.py", what="body F1 on 80 real pages"),
    Bench("families_tune", "families/run.py --half tune", what="story families, tuning half"),
    Bench("lineage_truth_1k", "lineage_truth.py score {state}/reuse.pkl {corpus}/truth.jsonl",
          state=1000, what="lineage against the synthetic truth"),
    Bench("clough", "clough.py", what="reuse vs none on Clough-Stevenson"),
    Bench("quotes", "quotes.py", what="quotes and speakers on the labelled set"),
    Bench("stories", "stories.py", what="story P/R/F1 on the labelled set and example corpus"),
    Bench("metadata_pages", "metadata_pages.py", what="byline, outlet, date on real pages"),
]
BY_NAME = {b.name: b for b in BENCHMARKS}


def select(names: list[str], quick: bool) -> list[Bench]:
    unknown = [n for n in names if n not in BY_NAME]
    if unknown:
        raise SystemExit(f"no benchmark named {', '.join(unknown)} (`bench.py list` shows them)")
    return [b for b in BENCHMARKS if (quick and b.quick) or b.name in names]


def show() -> None:
    for b in BENCHMARKS:
        print(f"{b.name:20s} {'quick ' if b.quick else '      '}{b.argv}"
              + (f"   # {b.what}" if b.what else ""))


def state(n: int) -> Path:
    """The stage snapshots of the n-article synthetic corpus, written once (make_state.py)."""
    out = STATE / f"c{n}"
    if not (out / "report.pkl").exists():
        subprocess.run([PY, str(HERE / "make_state.py"), corpus_file(str(n)), str(out)],
                       check=True)
    return out


def run(todo: list[Bench]) -> list[str]:
    """Run each benchmark in its own process, in order; the names of those that failed."""
    failed = []
    for b in todo:
        argv = shlex.split(b.argv.format(state=state(b.state) if b.state else "",
                                         corpus=corpus_dir(b.state) if b.state else ""))
        print(f"== {b.name}: {' '.join(argv)}", flush=True)
        t = time.perf_counter()
        code = subprocess.run([PY, str(HERE / argv[0]), *argv[1:]]).returncode
        print(f"== {b.name}: exit {code}, {time.perf_counter() - t:.0f} s", flush=True)
        if code:
            failed.append(b.name)
    return failed
