"""Article bodies of real pages: the shared extraction benchmark's F1, precision and recall
for plain text and HTML, each with its baseline from the same run.

    .venv/bin/python benchmarks/extraction.py [../shared/data/article-extraction]

Runs ../shared/eval/extraction_check.py (the scorer the project is judged with) in both
modes on this checkout's code: --mode text (baseline: every line of the page text) and
--mode html (baseline: trafilatura alone). The shipped furniture model was fitted on these
same pages, so its text figure here is optimistic; the honest one is the cross-validated
figure (grouped by web site) recorded in the model by tools/train_furniture.py, printed last;
so is the HTML block model's (tools/train_html_blocks.py), fitted on these pages as well.
"""
from __future__ import annotations

import sys
from pathlib import Path

from suite import PY, ROOT, parser, record, run_process, shared, tree_env


def main() -> int:
    ap = parser(__doc__)
    ap.add_argument("data", nargs="?", type=Path, help="default: ../shared/data/article-extraction")
    args = ap.parse_args()
    data = args.data or shared("data", "article-extraction", what="extraction.py")
    check = shared("eval", "extraction_check.py", what="extraction.py")
    if not (data / "ground-truth.json").exists():
        raise SystemExit(f"{data / 'ground-truth.json'} is absent: nothing to score")
    env = tree_env()  # this checkout's code, not an installed one
    figures = {"pages": str(data)}
    for mode in ("text", "html"):
        p = run_process([PY, str(check), str(data), "--mode", mode], cwd=str(ROOT), env=env)
        lines = (p["out"].strip() or p["err"].strip()).splitlines()
        figures[f"mode {mode}"] = lines[-1] if lines else f"extraction {mode}: no output"
        print(figures[f"mode {mode}"])
    sys.path.insert(0, str(ROOT / "src"))
    from newslineage.clean import learned
    info = learned.load().info
    cv = info.get("grouped_cv", {})
    print(f"text, cross-validated by web site ({info.get('pages')} pages, {info.get('sites')} sites, "
          f"tools/train_furniture.py): F1 {cv.get('f1', float('nan')):.3f} "
          f"(P {cv.get('precision', float('nan')):.3f} R {cv.get('recall', float('nan')):.3f})")
    figures["text, cross-validated by web site"] = {k: cv.get(k) for k in ("f1", "precision",
                                                                          "recall")}
    from newslineage.read import html_blocks
    blocks = html_blocks.load()
    if blocks is not None:  # the HTML block model was fitted on these pages too
        hcv = blocks.info.get("grouped_cv", {})
        got, was = hcv.get("product", {}), hcv.get("product_without", {})
        print(f"html, cross-validated by web site (tools/train_html_blocks.py, each fold's block "
              f"model, continuation off): F1 {got.get('f1', float('nan')):.3f} (P "
              f"{got.get('precision', float('nan')):.3f} R {got.get('recall', float('nan')):.3f}); "
              f"without the model {was.get('f1', float('nan')):.3f}")
        figures["html, cross-validated by web site"] = {k: got.get(k) for k in ("f1", "precision",
                                                                                "recall")}
    record("extraction", figures, args, quiet=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
