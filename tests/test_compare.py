"""compare(): two texts directly; compare_pairs_file / `newslineage compare --pairs`: a TSV of
pairs in, one JSON line per pair out."""
import importlib
import json

import pytest

import newslineage

cmp = importlib.import_module("newslineage.compare_pairs")

STORY = ("The ferry Aurora caught fire off the coast of Crete on Tuesday morning, forcing the "
         "evacuation of 312 passengers and 45 crew members.\n\nThe coastguard said three people "
         "were taken to hospital in Heraklion with burns and smoke inhalation, and that no one "
         "was missing.\n\nThe fire started in the engine room shortly after 6 a.m., according "
         "to the ship's operator, which said an investigation was under way.")
OTHER = ("The city council voted on Monday to extend the tram line to the northern suburbs, a "
         "project expected to cost 240 million euros.\n\nConstruction is due to begin next "
         "spring and the first trams should run in 2028, the mayor's office said.\n\n"
         "Opposition councillors criticised the plan, arguing that the money would be better "
         "spent on repairing existing roads.")

PAIRS = [
    ("para", "The company said its profit rose 12 percent in the third quarter.",
     "Profit at the company climbed 12 percent in the third quarter, it said."),
    ("diff", "The company said its profit rose 12 percent in the third quarter.",
     "The mayor opened a new bridge over the river on Sunday afternoon."),
    ("same", "Shares of Acme fell 3 percent to $41.20 in early trading.",
     "Shares of Acme fell 3 percent to $41.20 in early trading."),
    ("long", STORY, STORY.replace("no one", "nobody")),
    ("far", STORY, OTHER),
]


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    path = tmp_path_factory.mktemp("pairs") / "pairs.tsv"
    path.write_text("id\ttext_a\ttext_b\n" + "".join(
        f"{i}\t{a.replace(chr(10), ' ')}\t{b.replace(chr(10), ' ')}\n" for i, a, b in PAIRS),
        encoding="utf-8")

    class Out(list):
        def write(self, s):
            self.append(s)

    out = Out()
    n = cmp.compare_pairs_file(path, out)
    rows = [json.loads(line) for line in "".join(out).splitlines()]
    return n, {r["id"]: r for r in rows}, path


def test_every_pair_gets_one_line_in_the_comparison_shape(results):
    from newslineage.report import schema
    from jsonschema import Draft202012Validator

    n, rows, _ = results
    assert n == len(PAIRS) == len(rows)
    full = schema.load()
    check = Draft202012Validator({"$defs": full["$defs"], "$ref": "#/$defs/comparison"})
    for r in rows.values():
        assert set(r) == {"id", "same", "score", "a", "b", "relation", "drift", "texts"}
        assert isinstance(r["same"], bool) and 0.0 <= r["score"] <= 1.0
        assert not list(check.iter_errors(r)), r["id"]
        assert set(r["texts"]) == {r["a"], r["b"]}


def test_sentence_pairs_same_or_not(results):
    _, rows, _ = results
    assert rows["para"]["same"] and rows["para"]["relation"]["kind"] == "rewrite"
    assert rows["para"]["relation"]["passages"][0]["kind"] == "paraphrase"
    assert not rows["diff"]["same"] and rows["diff"]["relation"] is None
    assert rows["same"]["same"] and rows["same"]["relation"]["kind"] == "duplicate"
    assert rows["para"]["score"] > rows["diff"]["score"]


def test_longer_texts_use_the_article_alignment(results):
    _, rows, _ = results
    long = rows["long"]
    assert long["same"] and long["relation"]["kind"] == "near-verbatim"
    p = long["relation"]["passages"][0]
    assert p["kind"] == "near-verbatim" and any(op[0] != "equal" for op in p["diff"])
    # spans point into the texts written beside them
    ta = long["texts"][long["a"]]
    assert ta[p["a"][0]:p["a"][1]].startswith("The ferry Aurora")
    far = rows["far"]
    assert far["same"] is False and far["relation"] is None and far["drift"] == []


def test_malformed_line_names_the_file_and_line(tmp_path):
    bad = tmp_path / "bad.tsv"
    bad.write_text("# pairs\nx\tonly one text\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad.tsv:2: expected id<TAB>text_a<TAB>text_b"):
        cmp.compare_pairs_file(bad, open(tmp_path / "out", "w"))


def test_compare_two_texts_returns_a_comparison():
    cmp = newslineage.compare(STORY, STORY.replace("no one", "nobody"), embeddings=False)
    rel = cmp.relation
    assert rel is not None and rel.kind in ("near-verbatim", "duplicate")
    assert rel.coverage["a"] > 0.9 and (cmp.a, cmp.b) == ("a", "b")
    assert cmp.texts["b"].count("nobody") == 1
    far = newslineage.compare(STORY, OTHER, embeddings=False)
    assert far.relation is None and far.to_dict()["relation"] is None


def test_compare_finds_the_drift_of_the_pair():
    edited = STORY.replace("312 passengers", "321 passengers").replace("no one was", "two were")
    cmp = newslineage.compare(STORY, edited, embeddings=False)
    kinds = {d.type for d in cmp.drift}
    assert "number" in kinds
    assert any("312" in d.a_text and "321" in d.b_text for d in cmp.drift)


def test_cli_compare_pairs_writes_json_lines(results, tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from newslineage import pipeline
    from newslineage.cli import app
    _, rows, path = results
    # As in a fresh process: the package attribute is the compare() function until the
    # compare module is imported by name.
    monkeypatch.setattr(newslineage, "compare", pipeline.compare)
    out = tmp_path / "out.jsonl"
    res = CliRunner().invoke(app, ["compare", "--pairs", str(path), "--json", str(out)])
    assert res.exit_code == 0, res.output
    got = {r["id"]: r for r in map(json.loads, out.read_text().splitlines())}
    assert {k: v["same"] for k, v in got.items()} == {k: v["same"] for k, v in rows.items()}
    assert got == rows  # the CLI writes what the library gives


@pytest.mark.parametrize("mark", ["\u00ad", "\u200b", "\u200d", "\u2060"])
def test_copy_with_invisible_marks_inside_words_is_a_copy(mark):
    import re
    import newslineage
    text = ("Fire broke out on a passenger ferry in the strait on Tuesday morning, forcing the "
            "evacuation of 312 people, the coastguard said. Twelve passengers were treated for "
            "smoke inhalation.\n\nThe blaze started in the engine room shortly after departure, "
            "according to the operator, which said the crew followed emergency procedures.")
    marked = re.sub(r"(\w{3})(\w{3,})", lambda m: m.group(1) + mark + m.group(2), text)
    rel = newslineage.compare(text, marked, embeddings=False).relation
    assert rel is not None and rel.kind in ("duplicate", "near-verbatim")
    assert min(rel.coverage.values()) >= 0.95
