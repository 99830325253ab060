#!/usr/bin/env python3
"""Write the stage snapshots the per-stage speed scripts read: the input of each stage, as the
pipeline hands it over, pickled.

    python benchmarks/make_state.py /tmp/newslineage-bench/c10000/articles.jsonl /tmp/nl-state/c10000

Writes into OUT:
  read.pkl     the articles as read (clean_speed.py)
  clean.pkl    the articles cleaned (not segmented: reuse_speed.py segments them)
  reuse.pkl    (articles, relations) as find_reuse returns them (lineage_speed.py)
  lineage.pkl  (articles, relations, origins) after lineage (stories_speed.py)
  stories.pkl  (articles, relations with same-story, stories) (quotes_speed.py)
  quotes.pkl   (articles, relations, quotes) (drift_speed.py)
  report.pkl   the whole report (json_speed.py)

The stages run one after the other in this process (workers as --workers), so each snapshot
is exactly what the next stage receives in a pipeline run.
"""
from __future__ import annotations

import copy
import sys
import time
from pathlib import Path

from suite import corpus_file, parser, save_pickle


def main() -> None:
    cli = parser(__doc__)
    cli.add_argument("corpus", help="a file or folder of articles, or a number of synthetic ones")
    cli.add_argument("out")
    cli.add_argument("--workers", type=int, default=None)
    a = cli.parse_args()
    sys.setrecursionlimit(100000)  # deep records pickle recursively
    from newslineage import clean, drift, lineage, pipeline, quotes, read, stories
    from newslineage.model import Report

    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()

    def save(name: str, obj) -> None:
        save_pickle(obj, out / f"{name}.pkl")
        print(f"{time.perf_counter() - t0:7.1f} s  wrote {name}.pkl", flush=True)

    opts = pipeline.Options(workers=a.workers)
    articles, statuses = read.read_inputs([corpus_file(a.corpus)])
    save("read", articles)
    articles = clean.clean(articles, workers=a.workers)
    save("clean", articles)
    relations = pipeline.find_reuse(articles, opts)
    save("reuse", (articles, relations))
    found_stories, same_story = stories.cluster(articles, copy.deepcopy(relations))
    relations, origins = lineage.trace(articles, relations)
    save("lineage", (articles, relations, origins))
    save("stories", (articles, relations + same_story, found_stories))
    linked = quotes.link_quotes(articles, relations)
    save("quotes", (articles, relations, linked))
    found_drift = drift.detect(articles, relations, linked)
    save("report", Report(inputs=statuses, articles=articles, relations=relations + same_story,
                          origins=origins, stories=found_stories, quotes=linked,
                          drift=found_drift))


if __name__ == "__main__":
    main()
