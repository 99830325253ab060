"""The HTML reader's two choices on real pages, measured per fold of web sites:
trafilatura's pruning (default, ``favor_precision``, ``favor_recall``) and the continuation of
its body by the page's prose that follows it (read/html_page.py: CONTINUATION_GAP, _SHARE).

    PYTHONPATH=src .venv/bin/python benchmarks/html_choices.py [../shared/data/article-extraction]

For each page, trafilatura's body (``bare_extraction`` as the reader calls it, comments left
out), scored by the shared benchmark's metric (4-word shingles, per-page means;
tools/train_furniture.py's copy). Prints F1/P/R of each setting over all pages and per fold
(5 folds grouped by the url's host), and for the continuation the nested figure: each fold's
(gap, share) chosen on the other folds' sites (ties go to the setting that changes least).
"""
from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path
from urllib.parse import urlparse

from suite import DATA, ROOT

sys.path.insert(0, str(ROOT / "tools"))

PRUNING = {"default": {}, "favor_precision": {"favor_precision": True}, "favor_recall": {"favor_recall": True}}
GAPS = (1, 2, 3)
SHARES = (0.1, 0.3, 0.5, 1.0, float("inf"))  # inf: never continue


def main() -> int:
    data = Path(sys.argv[1]) if len(sys.argv) > 1 else DATA / "article-extraction"
    if not (data / "ground-truth.json").exists():
        print(f"needs {data}/ground-truth.json (the shared data); nothing to score")
        return 1
    import trafilatura
    from sklearn.model_selection import GroupKFold
    from trafilatura.utils import load_html

    from newslineage.read import html_page
    from train_furniture import metric, page_score

    truth = json.loads((data / "ground-truth.json").read_text(encoding="utf-8"))
    keys = sorted(truth)
    folds = list(GroupKFold(n_splits=5).split(keys, groups=[urlparse(truth[k]["url"]).hostname for k in keys]))
    scores: dict[object, list] = {}
    for key in keys:
        raw = gzip.decompress((data / "html" / f"{key}.html.gz").read_bytes())
        body = truth[key]["articleBody"]
        for name, options in PRUNING.items():
            tree = load_html(html_page._shallow(raw))  # the extractor prunes the tree it gets
            page = html_page.page_lines(tree)
            doc = trafilatura.bare_extraction(tree, with_metadata=True, include_comments=False, **options)
            paras = html_page._paragraphs(doc.body) if doc is not None and doc.body is not None else []
            scores.setdefault(name, []).append(page_score(body, "\n\n".join(paras)))
            if name != "favor_precision":
                continue
            for g in GAPS:
                for s in SHARES:
                    html_page.CONTINUATION_GAP, html_page.CONTINUATION_SHARE = g, s
                    more = html_page.continuation(page, paras) if paras else []
                    scores.setdefault((g, s), []).append(page_score(body, "\n\n".join(paras + more)))
    for name in PRUNING:
        print(f"{name:16s} F1 %.3f (P %.3f R %.3f);" % metric(scores[name]), "per fold:",
              ", ".join(f"{metric([scores[name][i] for i in te])[0]:.3f}" for _, te in folds))
    print("continuation of the favor_precision body, (gap, share):")
    configs = [(g, s) for g in GAPS for s in SHARES]
    for c in configs:
        print(f"  {c}: F1 %.3f (P %.3f R %.3f);" % metric(scores[c]), "per fold:",
              ", ".join(f"{metric([scores[c][i] for i in te])[0]:.3f}" for _, te in folds))
    outer = [None] * len(keys)
    for tr, te in folds:
        # least change first: larger share, then smaller gap, wins a tie
        best = max(configs, key=lambda c: (round(metric([scores[c][i] for i in tr])[0], 6), c[1], -c[0]))
        print(f"  fold of {len(te)} pages: chosen {best} on the other sites")
        for i in te:
            outer[i] = scores[best][i]
    print("continuation, nested (chosen on the other folds' sites): F1 %.3f (P %.3f R %.3f)" % metric(outer))
    return 0


if __name__ == "__main__":
    sys.exit(main())
