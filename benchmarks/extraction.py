"""Article bodies of real pages: the shared extraction benchmark's F1, precision and recall
for plain text and HTML, each with its baseline from the same run.

    .venv/bin/python benchmarks/extraction.py [../shared/data/article-extraction]

Runs ../shared/eval/extraction_check.py (the scorer the project is judged with) in both
modes on this checkout's code: --mode text (baseline: every line of the page text) and
--mode html (baseline: trafilatura alone). The shipped furniture model was fitted on these
same pages, so its text figure here is optimistic; the honest one is the cross-validated
figure (grouped by web site) recorded in the model by tools/train_furniture.py, printed last.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def main() -> int:
    data = Path(sys.argv[1]) if len(sys.argv) > 1 else SHARED / "data" / "article-extraction"
    check = SHARED / "eval" / "extraction_check.py"
    if not check.exists() or not (data / "ground-truth.json").exists():
        print(f"needs {check} and {data}/ground-truth.json (the shared data); nothing to score")
        return 1
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}  # this checkout's code, not an installed one
    for mode in ("text", "html"):
        p = subprocess.run([sys.executable, str(check), str(data), "--mode", mode], cwd=ROOT, env=env,
                           capture_output=True, text=True)
        lines = (p.stdout.strip() or p.stderr.strip()).splitlines()
        print(lines[-1] if lines else f"extraction {mode}: no output")
    sys.path.insert(0, str(ROOT / "src"))
    from newslineage.clean import learned
    info = learned.load().info
    cv = info.get("grouped_cv", {})
    print(f"text, cross-validated by web site ({info.get('pages')} pages, {info.get('sites')} sites, "
          f"tools/train_furniture.py): F1 {cv.get('f1', float('nan')):.3f} "
          f"(P {cv.get('precision', float('nan')):.3f} R {cv.get('recall', float('nan')):.3f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
