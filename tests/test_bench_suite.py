"""The benchmark suite's shared parts: results rendered into RESULTS.md between marks, the
timer's medians, a child's measures, and a registry whose scripts exist."""
import importlib.util
import json
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent.parent / "benchmarks"


def _load(name):
    sys.path.insert(0, str(BENCH))  # the scripts import suite as a sibling
    try:
        spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCH / f"{name}.py")
        mod = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = mod  # dataclasses look their module up
        spec.loader.exec_module(mod)
        return mod
    finally:
        sys.path.remove(str(BENCH))


def test_results_render_between_marks_and_again_in_place(tmp_path):
    render = _load("render")
    results = tmp_path / "results"
    results.mkdir()
    (results / "x_speed.json").write_text(json.dumps({
        "name": "x_speed", "command": "python benchmarks/x_speed.py 2000", "when": "now",
        "commit": "abc", "load": 1.0, "cpus": 2,
        "figures": {"articles": 2000, "x": {"wall": 1.5, "cpu": 1.25, "walls": [1.5],
                                             "cpus": [1.25]}}}))
    target = tmp_path / "RESULTS.md"
    target.write_text("# Results\n\nhand-written text stays\n\n"
                      "<!-- suite results: an older mark -->\nold table\n"
                      "<!-- end of suite results -->\n\n## Later narrative\n")
    render.render(results, target)
    first = target.read_text()
    assert first.startswith("# Results\n\nhand-written text stays\n")
    assert first.endswith("<!-- end of suite results -->\n\n## Later narrative\n")
    assert "old table" not in first
    assert "| x | 1.50 s wall, 1.25 s CPU |" in first and "python benchmarks/x_speed.py 2000" in first
    render.render(results, target)  # a second render replaces the block, adds nothing
    assert target.read_text() == first


def test_timed_gives_medians_of_every_run():
    suite = _load("suite")
    calls = []
    t = suite.timed(lambda: calls.append(1) or len(calls), runs=3, cold=True, keep=(kept := []))
    assert len(calls) == 3 and len(t["cpus"]) == 3 and kept == [1, 2, 3]
    assert t["cpu"] == sorted(t["cpus"])[1]
    assert suite.ratio({"cpu": 3.0}, {"cpu": 2.0}) == 1.5


def test_a_child_process_is_measured_with_its_peak_memory():
    suite = _load("suite")
    r = suite.run_process([sys.executable, "-c", "x = bytearray(80 * 2**20); print(len(x))"])
    assert r["code"] == 0 and r["out"].strip() == str(80 * 2**20)
    assert r["rss_mib"] >= 80 and r["cpu"] > 0
    failed = suite.run_process([sys.executable, "-c", "import sys; sys.exit(3)"])
    assert failed["code"] == 3


def test_every_registered_benchmark_names_a_script_here():
    registry = _load("registry")
    assert len({b.name for b in registry.BENCHMARKS}) == len(registry.BENCHMARKS)
    for b in registry.BENCHMARKS:
        assert (BENCH / b.argv.split()[0]).is_file(), b.name
    assert any(b.quick for b in registry.BENCHMARKS)


def test_a_reference_is_saved_then_checked(tmp_path, capsys):
    suite = _load("suite")
    ref = tmp_path / "ref.pkl"
    args = type("Args", (), {"save": str(ref), "check": None})()
    assert suite.reference(args, [1, 2])
    args.save, args.check = None, str(ref)
    assert suite.reference(args, [1, 2]) and "identical" in capsys.readouterr().out
    assert not suite.reference(args, [1, 3], describe=lambda want, got: "one changed")
    assert "DIFFERENT" in capsys.readouterr().out
    assert sys.getrecursionlimit() < 100000  # the test process keeps its own limit


def test_the_synthetic_truth_gives_pairs_and_recall_by_kind(tmp_path):
    suite = _load("suite")
    truth = tmp_path / "truth.jsonl"
    truth.write_text("\n".join(json.dumps(r) for r in [
        {"id": "a", "kind": "original", "parents": [], "units": [[0, 1]]},
        {"id": "b", "kind": "duplicate", "parents": ["a"], "units": [[0, 1]]},
        {"id": "c", "kind": "excerpt", "parents": ["a"], "units": [[0, 1]]}]) + "\n")
    rows, true = suite.load_truth(truth)
    assert true == {frozenset("ab"), frozenset("ac"), frozenset("bc")}
    assert suite.recall_by_kind(rows, {frozenset("ab")}) == {"duplicate": 1.0, "excerpt": 0.0}
