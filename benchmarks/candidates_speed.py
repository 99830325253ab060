#!/usr/bin/env python3
"""CPU time of the candidates stage alone (``candidates.find`` without embeddings, one
process), on the cleaned articles of a stage snapshot, segmented first (not timed):

    python benchmarks/candidates_speed.py /tmp/nl-state/c10000/clean.pkl
    python benchmarks/candidates_speed.py clean.pkl --save before.pkl    # keep the output
    python benchmarks/candidates_speed.py clean.pkl --check before.pkl   # same output?

Prints process CPU seconds and the stage's own timings (sign, lexical, names; wall). Run it
once per process (caches start cold) and interleave the versions compared.
"""
from __future__ import annotations

from suite import Clock, add_reference, load_pickle, parser, record, reference


def main() -> None:
    cli = parser(__doc__)
    cli.add_argument("clean")
    add_reference(cli)
    a = cli.parse_args()
    import numpy as np

    from newslineage import candidates
    from newslineage.segment import segment

    articles = segment(load_pickle(a.clean))
    with Clock() as c:
        found = candidates.find(articles, embeddings=False, settings=candidates.Settings(workers=1))
    print(f"cpu {c.cpu:.3f} " + " ".join(f"{k} {v:.3f}" for k, v in found.timings.items()))
    record("candidates_speed", {"articles": len(articles), "pairs": len(found.pairs),
                                "candidates CPU s": round(c.cpu, 3),
                                **{k: round(v, 3) for k, v in found.timings.items()}},
           a, quiet=True)
    out = (found.pairs, found.signal, found.score, found.counts)
    if a.check:
        print(len(found.pairs), found.counts)
    reference(a, out, same=lambda ref, out: all(np.array_equal(x, y) for x, y in
                                                zip(ref[:3], out[:3])) and ref[3] == out[3])


if __name__ == "__main__":
    main()
