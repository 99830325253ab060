"""`compare` of two long edited texts: is it near linear in their length?

    python benchmarks/compare_edited.py [--mb 0.2 1 5]

Text A is random sentences over a news vocabulary in paragraphs of four; text B is A with two
words replaced in every paragraph (about half its sentences edited). Each size is compared in a
fresh process (`newslineage.compare`, no embeddings); prints wall seconds, peak RSS and
seconds per MB (flat is linear).
"""
from __future__ import annotations

import random
import tempfile
from pathlib import Path

from suite import PY, parser, record, run_process, tree_env

WORDS = ("council vote budget school library river bridge harbour storm train strike market "
         "museum farmers wheat power homes crews airport flights delayed officials said week "
         "monday tuesday residents water levels flood villages drivers union regional lines "
         "pharmacies vaccinations older holidays spending fees parking pools").split()


def texts(mb: float, seed: int = 5) -> tuple[str, str]:
    rnd = random.Random(seed)

    def sent() -> str:
        return " ".join(rnd.choice(WORDS) for _ in range(rnd.randint(10, 20))).capitalize() + "."

    paras, n = [], 0
    while n < mb * 1e6:
        p = " ".join(sent() for _ in range(4))
        paras.append(p)
        n += len(p) + 2

    def edit(p: str) -> str:
        w = p.split(" ")
        for _ in range(2):
            w[rnd.randrange(len(w))] = rnd.choice(WORDS)
        return " ".join(w)

    return "\n\n".join(paras), "\n\n".join(edit(p) for p in paras)


CODE = """
import resource, sys, time
import newslineage
a = open(sys.argv[1]).read(); b = open(sys.argv[2]).read()
t = time.perf_counter()
r = newslineage.compare(a, b, embeddings=False)
rel = getattr(r, "relation", r)  # a Comparison now; a Relation or None in older trees
print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
      rel.kind if rel else None)
"""


def main() -> None:
    ap = parser(__doc__)
    ap.add_argument("--mb", type=float, nargs="+", default=[0.2, 1.0, 5.0])
    args = ap.parse_args()
    figures = {}
    with tempfile.TemporaryDirectory(prefix="nl-compare-") as tmp:
        for mb in args.mb:
            a, b = texts(mb)
            pa, pb = Path(tmp) / "a.txt", Path(tmp) / "b.txt"
            pa.write_text(a)
            pb.write_text(b)
            out = run_process([PY, "-c", CODE, str(pa), str(pb)], check=True,
                              env={"PYTHONPATH": tree_env()["PYTHONPATH"], "PATH": "/usr/bin:/bin"})
            wall, rss, kind = out["out"].split()
            print(f"{mb:5.1f} MB each: {float(wall):6.1f} s, peak RSS {rss} MiB, {kind}; "
                  f"{float(wall) / mb:.1f} s per MB", flush=True)
            figures[f"{mb} MB each"] = {"compare wall s": round(float(wall), 1),
                                        "peak RSS MiB": int(rss), "kind": kind}
    record("compare_edited", figures, args, quiet=True)


if __name__ == "__main__":
    main()
