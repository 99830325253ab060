"""Time the quotes stage on a stage-input snapshot (single process, cold caches), its halves
apart as the pipeline runs them: ``find_quotes`` on all articles (in a worker), then
``link_quotes`` with that ``found`` (on the main line), whose time is also given without the
spaCy parse (``extract._parse``, wrapped with process_time).

The snapshot is stories.pkl from /tmp/nl-state/<size>/ (written by benchmarks/make_state.py):
(articles, relations incl. same-story, stories). Models are loaded before the timing; every
per-process cache of the quotes stage is cleared before each half; the cyclic collector is
paused, as over a pipeline run. Prints the medians of ``--repeat`` runs. ``--save F`` pickles
the output, ``--check F`` compares it with a saved one (records that differ, groups that
differ, speakers that differ).

    .venv/bin/python benchmarks/quotes_speed.py /tmp/nl-state/c10000/stories.pkl --repeat 3
"""
from __future__ import annotations

import gc
from collections import Counter

from suite import (Clock, CpuMeter, add_reference, add_runs, clear_memos, load_pickle, median,
                   parser, record, reference)


def _clear_caches() -> None:
    if clear_memos():  # every memo of the package (older trees: by name below)
        return
    from newslineage.quotes import cues, extract, link, marks, normalize, speakers
    extract._PARSED.clear()
    for mod in (cues, extract, link, marks, normalize, speakers):
        for v in list(vars(mod).values()):
            if hasattr(v, "cache_clear"):
                v.cache_clear()


def _records(quotes) -> list[tuple]:
    return [(q.speaker, q.changed, [(v.article, v.text, tuple(v.span)) for v in q.variants]) for q in quotes]


def _compare(ref: list[tuple], new: list[tuple]) -> str:
    rk = {tuple((a, s) for a, _, s in v): (sp, ch) for sp, ch, v in ref}
    nk = {tuple((a, s) for a, _, s in v): (sp, ch) for sp, ch, v in new}
    common = set(rk) & set(nk)
    other = [(rk[k], nk[k]) for k in common if rk[k] != nk[k]]
    return (f"records: saved {len(ref)}, now {len(new)}; quote groups only in saved {len(set(rk) - set(nk))}, "
            f"only now {len(set(nk) - set(rk))}; same variants with another speaker or changed flag "
            f"{len(other)} {dict(Counter((a[0] is None, b[0] is None) for a, b in other))}")


def main() -> None:
    ap = parser(__doc__)
    ap.add_argument("snapshot")
    add_runs(ap, 3, "--repeat")
    add_reference(ap)
    args = ap.parse_args()
    articles, relations, _ = load_pickle(args.snapshot)
    from newslineage.embed import encode
    from newslineage.quotes import extract, find_quotes, link_quotes, speakers
    speakers.nlp()
    encode(["warm up"])
    parse = CpuMeter()
    extract._parse = parse.wrap(extract._parse)
    gc.disable()
    finds, links, rests = [], [], []
    for _ in range(args.runs):
        _clear_caches()
        with Clock() as c:
            found = find_quotes(articles)
        finds.append(c.cpu)
        _clear_caches()
        parse.reset()
        with Clock() as c:
            quotes = link_quotes(articles, relations, found=found)
        links.append(c.cpu)
        rests.append(links[-1] - parse.total())
    med = median
    print(f"{len(articles)} articles, {len(relations)} relations -> {len(quotes)} quotes; CPU "
          f"find {med(finds):.2f} s, link {med(links):.2f} s (without the parse "
          f"{med(rests):.2f} s), total {med(finds) + med(links):.2f} s")
    record("quotes_speed", {"articles": len(articles), "relations": len(relations),
                            "quotes": len(quotes), "runs": args.runs,
                            "CPU s find": round(med(finds), 3), "CPU s link": round(med(links), 3),
                            "CPU s link without the parse": round(med(rests), 3)},
           args, quiet=True)
    reference(args, _records(quotes), describe=_compare)


if __name__ == "__main__":
    main()
