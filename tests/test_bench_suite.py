"""The benchmark suite's results: JSON files rendered into RESULTS.md between marks."""
import importlib.util
import json
from pathlib import Path

SUITE = Path(__file__).resolve().parent.parent / "benchmarks" / "suite.py"


def _suite():
    spec = importlib.util.spec_from_file_location("bench_suite", SUITE)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_results_render_between_marks_and_again_in_place(tmp_path):
    suite = _suite()
    results = tmp_path / "results"
    results.mkdir()
    (results / "x_speed.json").write_text(json.dumps({
        "name": "x_speed", "command": "python benchmarks/x_speed.py 2000", "when": "now",
        "commit": "abc", "load": 1.0, "cpus": 2,
        "figures": {"articles": 2000, "x": {"wall": 1.5, "cpu": 1.25, "walls": [1.5],
                                             "cpus": [1.25]}}}))
    target = tmp_path / "RESULTS.md"
    target.write_text("# Results\n\nhand-written text stays\n")
    suite.render(results, target)
    first = target.read_text()
    assert first.startswith("# Results\n\nhand-written text stays\n")
    assert "| x | 1.50 s wall, 1.25 s CPU |" in first and "python benchmarks/x_speed.py 2000" in first
    suite.render(results, target)  # a second render replaces the block, adds nothing
    assert target.read_text() == first


def test_timed_gives_medians_of_every_run():
    suite = _suite()
    calls = []
    t = suite.timed(lambda: calls.append(1), runs=3, cold=True)
    assert len(calls) == 3 and len(t["cpus"]) == 3
    assert t["cpu"] == sorted(t["cpus"])[1]
