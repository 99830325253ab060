"""How often two news sentences of one event are the same statement, by cosine and by whether
their facts meet (the evidence a moved pair stands on, with no aligned sentence around it).

    PYTHONPATH=src .venv/bin/python benchmarks/moved_mrpc.py

MRPC's training pairs (../shared/data/mrpc/train.tsv: sentences of different reports of one
event, judged the same statement or not) are encoded as the moved step encodes sentences and
read with ``facts_meet`` (one sentence a side, one language); the table gives, per cosine
band, the pairs and the share judged the same statement, for facts meeting and not meeting.
"""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE)]
from suite import shared  # noqa: E402

BANDS = (0.45, 0.55, 0.6, 0.7, 0.8, 1.01)


def main() -> int:
    from newslineage.embed import encode
    from newslineage.reuse.facts import facts_meet
    from newslineage.reuse.prepare import prepare_text
    from newslineage.settings import ReuseSettings
    path = shared("data", "mrpc", "train.tsv", what="MRPC")
    rows = [ln.rstrip("\n").split("\t") for ln in Path(path).read_text(encoding="utf-8").splitlines()[1:]]
    rows = [(int(q), s1, s2) for q, _, _, s1, s2 in rows]
    st = ReuseSettings()
    va = encode([s1 for _, s1, _ in rows])
    vb = encode([s2 for _, _, s2 in rows])
    cos = np.einsum("ij,ij->i", va, vb)
    meet = [facts_meet(prepare_text(s1, [(0, len(s1))]), [0], prepare_text(s2, [(0, len(s2))]), [0], False, st)
            for _, s1, s2 in rows]
    label = np.array([q for q, _, _ in rows])
    print("| cosine | facts meet: pairs | same statement | facts do not meet: pairs | same statement |")
    print("| --- | --- | --- | --- | --- |")
    for lo, hi in zip(BANDS, BANDS[1:]):
        cells = []
        for fm in (True, False):
            k = [(lo <= c < hi) and m == fm for c, m in zip(cos, meet)]
            n = sum(k)
            cells += [str(n), f"{label[k].mean():.2f}" if n else "-"]
        print(f"| {lo:.2f}-{min(hi, 1):.2f} | " + " | ".join(cells) + " |")
    for s in (0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.9):
        k = [(c >= s) and not m for c, m in zip(cos, meet)]
        print(f"facts do not meet, cosine >= {s}: {sum(k)} pairs, {label[k].mean():.3f} the same statement")
    return 0


if __name__ == "__main__":
    sys.exit(main())
