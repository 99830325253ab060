"""The random families (benchmarks/families/random_specs.py): the same seed draws the same
families, each builds with a truth whose pairs no signal can decide are marked, and none uses
a BBC article of the hand-written specs."""
from __future__ import annotations

import importlib.util
import json
import random
import sys

from conftest import ROOT, need_shared

_DIR = ROOT / "benchmarks" / "families"
sys.path.insert(0, str(_DIR))
_spec = importlib.util.spec_from_file_location("random_specs", _DIR / "random_specs.py")
random_specs = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(random_specs)


def _draw(seed: int, base: dict, n: int = 12) -> list[dict]:
    rng = random.Random(seed)
    fresh = random_specs.fresh_bbc(base)
    rng.shuffle(fresh)
    events = [s for s in random_specs.build.load_specs() if s["half"] == "tune"]
    return [random_specs.draw_family(rng, f"r{i + 1:03d}", events[i] if i % 2 else None, fresh, base)
            for i in range(n)]


def test_same_seed_same_families_and_truth_marks_the_undecidable(tmp_path):
    need_shared("data", "news-base", "articles.jsonl")
    base = random_specs.build.load_base()
    a, b = _draw(7, base), _draw(7, base)
    assert json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)
    assert json.dumps(_draw(8, base), sort_keys=True) != json.dumps(a, sort_keys=True)
    used = {x for s in random_specs.build.load_specs() for x in random_specs.build.bbc_ids(s)}
    for spec in a:
        for art in spec["articles"]:
            assert art.get("bbc") not in used
        assert spec["sources"]["A"].get("bbc") not in used or spec["sources"]["A"]["bbc"] in {
            s["sources"]["A"].get("bbc") for s in random_specs.build.load_specs() if s["half"] == "tune"}
    info = random_specs.build_pile(tmp_path, a, base)
    assert info["families"] == 12 and info["pairs"] > 0
    truths = [json.loads(p.read_text()) for p in sorted((tmp_path / "truth").glob("*.json"))]
    pairs = [p for t in truths for p in t["pairs"]]
    assert all(p.get("decidable", True) or p["why_undecidable"] for p in pairs)
    # every article of a pair is built
    built = {p.stem.split(".")[0] for p in (tmp_path / "articles").iterdir()}
    records = {json.loads(line)["id"] for line in (tmp_path / "articles" / "feeds.jsonl").read_text().splitlines()}
    assert {x for p in pairs for x in (p["a"], p["b"])} <= built | records
