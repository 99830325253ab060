"""Speed of the clean stage, per article, with and without language detection, and with the
furniture model against the rules alone in the same run (the ratio is the model's cost).

    .venv/bin/python benchmarks/bench_clean.py [N] [--pages]

--pages: the 80 whole pages of ../shared/data/article-extraction (txt/) instead of BBC
articles, where the model runs on every page (on extracted articles it rarely runs at all).

Reads the BBC base corpus in ../shared/data/news-base when present (N articles, default 500),
else the bundled example corpus repeated to N articles.
"""
from __future__ import annotations

import json
import sys
import time
from collections import Counter
from pathlib import Path

from newslineage import clean
from newslineage.clean import language
from newslineage.model import Article

ROOT = Path(__file__).resolve().parent.parent
BBC = ROOT.parent / "shared" / "data" / "news-base" / "articles.jsonl"


def corpus(n: int) -> list[dict]:
    if BBC.exists():
        rows = [json.loads(line) for _, line in zip(range(n), BBC.open(encoding="utf-8"))]
        return [{"id": r["id"], "text": r["text"], "title": r["title"]} for r in rows]
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "examples" / "corpus").glob("*.txt"))]
    return [{"id": str(i), "text": texts[i % len(texts)], "title": None} for i in range(n)]


def pages() -> list[dict]:
    folder = ROOT.parent / "shared" / "data" / "article-extraction" / "txt"
    if not folder.exists():
        sys.exit(f"--pages needs {folder}")
    return [{"id": p.stem, "text": p.read_text(encoding="utf-8"), "title": None} for p in sorted(folder.glob("*.txt"))]


def run(rows: list[dict], with_language: bool, settings=None) -> tuple[float, list[Article]]:
    arts = [Article(id=r["id"], source=r["id"], text=r["text"], title=r["title"],
                    language=None if with_language else "en") for r in rows]
    t = time.perf_counter()
    out = clean.clean(arts, settings=settings)
    return time.perf_counter() - t, out


def model_ratio(rows: list[dict], rounds: int = 5) -> None:
    """Medians of interleaved runs with the model and with the rules alone."""
    from statistics import median

    from newslineage.settings import CleanSettings
    on, off = [], []
    for _ in range(rounds):
        off.append(run(rows, False, CleanSettings(furniture_model=False))[0])
        on.append(run(rows, False, CleanSettings())[0])
    a, b = median(on) / len(rows) * 1000, median(off) / len(rows) * 1000
    print(f"furniture model: {a:.2f} ms/article, rules alone {b:.2f} ms/article: x{a / b:.2f} "
          f"(medians of {rounds} interleaved runs, language given)")


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    n = int(args[0]) if args else 500
    rows = pages() if "--pages" in sys.argv else corpus(n)
    chars = sum(len(r["text"]) for r in rows) / len(rows)
    run(rows[:5], False)  # compile the lexicon
    secs, out = run(rows, False)
    print(f"{len(rows)} articles, {chars:.0f} chars each: clean {secs / len(rows) * 1000:.2f} ms/article "
          "(language given)")
    t = time.perf_counter()
    language.detector()
    language.detect("warm up the language models with a sentence.")
    load = time.perf_counter() - t
    secs, out = run(rows, True)
    print(f"with language detection: {secs / len(rows) * 1000:.2f} ms/article "
          f"(detector build and first call {load:.1f} s, once per process)")
    model_ratio(rows)
    removed = Counter(r.reason.split(" (")[0] for a in out for r in a.removed)
    print("removed lines by reason:", dict(removed.most_common()))


if __name__ == "__main__":
    main()
