"""Cost of ``drift.detect`` alone, its two halves apart (``passage_drift``, which the pipeline
runs in a worker, and ``quote_drift``, on the main line), on a stage-input snapshot (a pickle
of ``(articles, relations, quotes)``, as written by benchmarks/make_state.py), and a guard that
its output does not change while it is made faster.

    .venv/bin/python benchmarks/drift_speed.py /tmp/nl-state/c10000/quotes.pkl --save /tmp/drift-ref.pkl
    .venv/bin/python benchmarks/drift_speed.py /tmp/nl-state/c10000/quotes.pkl --check /tmp/drift-ref.pkl

Each repeat starts with cold caches (spelling keys, word forms, publication dates; the lexicon
tables are built once before); the medians of the repeats are printed, as wall time and as CPU
time of this process (steadier on a shared box).
"""
from __future__ import annotations

from suite import (Clock, add_reference, add_runs, load_pickle, median, parser, record,
                   reference, summary)


def main() -> int:
    cli = parser(__doc__)
    cli.add_argument("snapshot", help="pickle of (articles, relations, quotes)")
    add_runs(cli, 3, "--repeat")
    add_reference(cli)
    args = cli.parse_args()
    articles, relations, quotes = load_pickle(args.snapshot)
    from newslineage import drift
    from newslineage.drift import tokens
    from newslineage import wording as normalize

    drift.compare_texts("warm the tables up", "warm the lexicons up today")
    wall, cpu, passage, quote = [], [], [], []
    for _ in range(args.runs):
        for fn in (normalize.spelling_key, tokens._forms, drift._published):
            fn.cache_clear()
        with Clock() as whole:
            with Clock() as passages:
                by_passage = drift.passage_drift(articles, relations)
            found = drift.merge(by_passage, drift.quote_drift(articles, relations, quotes))
        wall.append(whole.wall)
        cpu.append(whole.cpu)
        passage.append(passages.cpu)
        quote.append(whole.cpu - passages.cpu)
    med = median
    print(f"{len(articles)} articles, {len(relations)} relations, {len(quotes)} quotes -> {len(found)} drift; "
          f"wall {med(wall):.3f} s {[round(x, 2) for x in wall]}, "
          f"cpu {med(cpu):.3f} s {[round(x, 2) for x in cpu]} "
          f"(passages {med(passage):.3f}, quotes {med(quote):.3f})")
    record("drift_speed", {"articles": len(articles), "relations": len(relations),
                           "quotes": len(quotes), "drift": len(found),
                           "drift stage": summary(wall, cpu),
                           "CPU passages, quotes": [round(med(passage), 3), round(med(quote), 3)]},
           args, quiet=True)
    rows = [(d.a, d.b, d.type, d.a_text, d.b_text, d.note) for d in found]
    same = reference(args, rows, describe=lambda want, got: f"{len(set(want) - set(got))} "
                     f"missing, {len(set(got) - set(want))} new")
    return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main())
