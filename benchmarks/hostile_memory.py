"""Peak memory of `analyze` on a hostile folder with full-size bombs, against its good
articles alone (the baseline, in the same run): the read caps must keep any single input
from taking the run's memory.

    python benchmarks/hostile_memory.py [--runs 3] [--bomb-gib 2] [--giant-mb 100]

The folder is tests/hostile_corpus.py's (40+ kinds of bad input beside good articles) with
its bombs scaled up: a gzip bomb and a gzip JSON Lines bomb inflating to --bomb-gib GiB, a
single-line text and a JSON Lines line of --giant-mb MB each, a JSON document of at least
300 MB (over max_document_bytes). Its 3 MB bz2 and xz bombs stay under the default caps and
are read as (odd) articles: the good articles of the baseline are the other 19. Each run is
`python -m newslineage analyze FOLDER --json OUT --quiet` in a subprocess under an address
space cap of 6 GiB (RLIMIT_AS), with the default settings; its peak RSS is the largest
ru_maxrss among its processes. Prints the medians and the ratio to the baseline.
"""
from __future__ import annotations

import json
import os
import resource
import shutil
import sys
import tempfile
from pathlib import Path

from suite import PY, ROOT, add_runs, median, parser, record, run_process, tree_env

sys.path.insert(0, str(ROOT / "tests"))
CAP = 6 << 30


def _limit():
    resource.setrlimit(resource.RLIMIT_AS, (CAP, CAP))


def run(folder: Path, out: Path) -> tuple[float, float, int]:
    """(wall seconds, peak RSS MiB, exit code) of one analyze run in a fresh process."""
    r = run_process([PY, "-m", "newslineage", "analyze", str(folder), "--json", str(out),
                     "--quiet"], env=tree_env(), preexec=_limit)
    return r["wall"], r["rss_mib"], r["code"]


def build_big(root: Path, bomb_gib: float, giant_mb: int) -> tuple[list[str], dict]:
    import gzip

    from hostile_corpus import TOPICS, _gzip_bomb, build
    good, bad = build(root)
    size = int(bomb_gib * (1 << 30))
    _gzip_bomb(root / "bomb.txt.gz", size)
    _gzip_bomb(root / "bomb.jsonl.gz", size, head=b'{"text": "')
    line = (TOPICS[1][1] + " ").encode()
    with open(root / "giant.txt", "wb") as fh:
        for _ in range(giant_mb * (1 << 20) // len(line) + 1):
            fh.write(line)
    with open(root / "linebomb.jsonl", "wb") as fh:
        fh.write(b'{"text": "')
        chunk = b"x" * (1 << 20)
        for _ in range(giant_mb):
            fh.write(chunk)
        fh.write(b'"}\n')
    with open(root / "big.json", "w") as fh:  # a JSON document over max_document_bytes
        rec = json.dumps({"text": "y" * 1000})
        fh.write("[" + ",".join([rec] * (max(giant_mb, 300) * 1000)) + "]")
    del gzip
    return good, bad


def main() -> None:
    ap = parser(__doc__)
    add_runs(ap, 3)
    ap.add_argument("--bomb-gib", type=float, default=2.0)
    ap.add_argument("--giant-mb", type=int, default=100)
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="nl-hostile-"))
    try:
        hostile = tmp / "hostile"
        good, bad = build_big(hostile, args.bomb_gib, args.giant_mb)
        base = tmp / "base"  # the good articles alone: what the same run costs without bombs
        base.mkdir()
        for name in os.listdir(hostile):
            if not any(name == b or name.startswith(b + "/") for b in bad):
                src = hostile / name
                if src.is_file() and not src.is_symlink():
                    shutil.copy(src, base / name)
                elif src.is_dir() and not src.is_symlink():
                    shutil.copytree(src, base / name)
        rows = {"baseline": [], "hostile": []}
        for _ in range(args.runs):  # interleaved, so load changes hit both alike
            for label, folder in (("baseline", base), ("hostile", hostile)):
                out = tmp / f"{label}.json"
                wall, rss, rc = run(folder, out)
                n = len(json.loads(out.read_bytes())["articles"]) if out.exists() else 0
                rows[label].append((wall, rss, rc, n))
                print(f"{label:9s} exit {rc}  {n:3d} articles  {wall:7.1f} s  {rss:7.0f} MiB",
                      flush=True)
        med = {k: (median(r[0] for r in v), median(r[1] for r in v))
               for k, v in rows.items()}
        print(f"median wall: baseline {med['baseline'][0]:.1f} s, hostile {med['hostile'][0]:.1f} s"
              f" ({med['hostile'][0] / med['baseline'][0]:.2f}x)")
        print(f"median peak RSS: baseline {med['baseline'][1]:.0f} MiB, hostile "
              f"{med['hostile'][1]:.0f} MiB ({med['hostile'][1] / med['baseline'][1]:.2f}x); "
              f"{len(bad)} bad inputs, {len(good)} good articles")
        record("hostile_memory", {
            "runs": args.runs, "bad inputs": len(bad), "good articles": len(good),
            **{k: {"wall s": round(w, 1), "peak RSS MiB": round(m)} for k, (w, m) in med.items()},
            "hostile x baseline (wall)": round(med["hostile"][0] / med["baseline"][0], 2),
            "hostile x baseline (RSS)": round(med["hostile"][1] / med["baseline"][1], 2)},
            args, quiet=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
