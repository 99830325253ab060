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
from collections import Counter

from newslineage import clean
from newslineage.clean import language
from newslineage.model import Article
from suite import DATA, ROOT, Clock, data, median, parser, record

BBC = DATA / "news-base" / "articles.jsonl"


def corpus(n: int) -> list[dict]:
    if BBC.exists():
        rows = [json.loads(line) for _, line in zip(range(n), BBC.open(encoding="utf-8"))]
        return [{"id": r["id"], "text": r["text"], "title": r["title"]} for r in rows]
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "examples" / "corpus").glob("*.txt"))]
    return [{"id": str(i), "text": texts[i % len(texts)], "title": None} for i in range(n)]


def pages() -> list[dict]:
    folder = data("article-extraction", "txt", what="bench_clean.py --pages")
    return [{"id": p.stem, "text": p.read_text(encoding="utf-8"), "title": None} for p in sorted(folder.glob("*.txt"))]


def run(rows: list[dict], with_language: bool, settings=None) -> tuple[float, list[Article]]:
    arts = [Article(id=r["id"], source=r["id"], text=r["text"], title=r["title"],
                    language=None if with_language else "en") for r in rows]
    with Clock() as c:
        out = clean.clean(arts, settings=settings)
    return c.wall, out


def model_ratio(rows: list[dict], rounds: int = 5) -> dict:
    """Medians of interleaved runs with the model and with the rules alone."""
    from newslineage.settings import CleanSettings
    on, off = [], []
    for _ in range(rounds):
        off.append(run(rows, False, CleanSettings(furniture_model=False))[0])
        on.append(run(rows, False, CleanSettings())[0])
    a, b = median(on) / len(rows) * 1000, median(off) / len(rows) * 1000
    print(f"furniture model: {a:.2f} ms/article, rules alone {b:.2f} ms/article: x{a / b:.2f} "
          f"(medians of {rounds} interleaved runs, language given)")
    return {"ms per article, furniture model": round(a, 3), "rules alone": round(b, 3),
            "model x rules": round(a / b, 2)}


def main() -> None:
    ap = parser(__doc__)
    ap.add_argument("n", nargs="?", type=int, default=500, help="BBC articles (default 500)")
    ap.add_argument("--pages", action="store_true", help="the 80 whole pages instead")
    args = ap.parse_args()
    rows = pages() if args.pages else corpus(args.n)
    chars = sum(len(r["text"]) for r in rows) / len(rows)
    run(rows[:5], False)  # compile the lexicon
    secs, out = run(rows, False)
    print(f"{len(rows)} articles, {chars:.0f} chars each: clean {secs / len(rows) * 1000:.2f} ms/article "
          "(language given)")
    figures = {"articles": len(rows), "chars each": round(chars),
               "ms per article, language given": round(secs / len(rows) * 1000, 3)}
    with Clock() as c:
        language.detector()
        language.detect("warm up the language models with a sentence.")
    load = c.wall
    secs, out = run(rows, True)
    figures["ms per article, language detected"] = round(secs / len(rows) * 1000, 3)
    print(f"with language detection: {secs / len(rows) * 1000:.2f} ms/article "
          f"(detector build and first call {load:.1f} s, once per process)")
    figures.update(model_ratio(rows))
    removed = Counter(r.reason.split(" (")[0] for a in out for r in a.removed)
    print("removed lines by reason:", dict(removed.most_common()))
    figures["removed lines by reason"] = dict(removed.most_common())
    record("bench_clean_pages" if args.pages else "bench_clean", figures, args, quiet=True)


if __name__ == "__main__":
    main()
