"""A hand-made, rich Report for the report tests: reprints, a merge of two wires, a paraphrase,
an unrelated article, and an article whose text and title try to inject HTML and script.

Spans are found in the texts and diffs computed here, so the records are consistent the way
the pipeline's are (spans inside texts, diffs over the aligned words).
"""
from __future__ import annotations

import difflib

from newslineage.model import (Article, Drift, InputStatus, Lineage, Origin, Passage, Quote,
                               QuoteVariant, Relation, Removed, Report, Story)

XSS = '<script>window.__pwned = 1;</script><img src=x onerror="window.__pwned = 2">'

W1 = ("Officials from both countries met in Geneva on Monday for talks that could lead to a "
      "ceasefire within weeks, according to three people familiar with the matter.")
W2 = ("\u201cWe are carefully optimistic,\u201d Foreign Minister Anna Keller said, adding that "
      "at least 40 delegates were present.")
W3 = ("The talks follow months of fighting along the border, in which more than 1,200 people "
      "were killed.")
W4 = ("Analysts said the agreement may not hold if either side resumes shelling.")
R1 = ("Separately, the United Nations said aid convoys had reached the northern province for "
      "the first time since March.")
R2 = ("A spokesman for the UN refugee agency said 15,000 families were still without shelter.")

# B restyles the wire and merges a second one; C paraphrases it and drops a hedge.
B1 = ("Officials from both countries met in Geneva on 12 May for talks that could lead to a "
      "ceasefire within weeks, according to three people familiar with the matter.")
B2 = ("\u201cWe are carefully optimistic,\u201d Foreign Minister Anna Keller said, adding that "
      "at least 45 delegates were present.")
C1 = ("Representatives of the two states gathered in Geneva on Monday, in negotiations that "
      "might bring a truce in a matter of weeks, three sources said.")
C2 = ("\u201cWe are very optimistic,\u201d said the notorious Foreign Minister Anna Keller.")
C3 = ("The negotiations come after months of combat on the frontier that killed over 1,200 "
      "people.")


def _body(*paragraphs: str) -> str:
    return "\n\n".join(paragraphs)


def _passage(ta: str, tb: str, pa: str, pb: str, kind: str, score: float,
             origin: str | None = None) -> Passage:
    sa, sb = ta.index(pa), tb.index(pb)
    wa, wb = pa.split(), pb.split()
    diff = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=wa, b=wb, autojunk=False).get_opcodes():
        diff.append([op, " ".join(wa[i1:i2]), " ".join(wb[j1:j2])])
    return Passage(a=(sa, sa + len(pa)), b=(sb, sb + len(pb)), kind=kind, score=score,
                   diff=diff, origin=origin)


def _coverage(text: str, spans) -> float:
    covered = set()
    for s, e in spans:
        covered.update(range(s, e))
    return round(len(covered) / max(1, len(text)), 3)


def _relation(arts: dict, a: str, b: str, kind: str, pairs, lineage: Lineage, score: float,
              passage_origin: dict | None = None) -> Relation:
    ta, tb = arts[a].text, arts[b].text
    passages = []
    for pa, pb, pkind, pscore in pairs:
        passages.append(_passage(ta, tb, pa, pb, pkind, pscore,
                                 (passage_origin or {}).get(pa)))
    return Relation(a=a, b=b, kind=kind, lineage=lineage, passages=passages, score=score,
                    coverage={"a": _coverage(ta, [p.a for p in passages]),
                              "b": _coverage(tb, [p.b for p in passages])})


def fixture_report(extra_articles: int = 0) -> Report:
    """The fixture report; ``extra_articles`` adds unrelated filler articles (for paging)."""
    arts = [
        Article(id="000_reprint", source="corpus/000_reprint.txt", text=_body(W1, W2, W3),
                title="Talks in Geneva raise hopes of a ceasefire", outlet="The Harbour Times",
                published="2025-05-12T09:11:00+05:30", byline=["Staff"], credits=["Meridian Press"],
                language="en", url="https://example.org/harbour/geneva-talks",
                removed=[Removed("Subscribe to continue reading this article.", "paywall"),
                         Removed("Share this article", "share widget"),
                         Removed("Home | News | World", "navigation")]),
        Article(id="001_merge", source="corpus/001_merge.txt", text=_body(B1, R1, B2, W3, R2, W4),
                title="Ceasefire talks open in Geneva as aid reaches the north",
                outlet="Northern Ledger", published="2025-05-12", byline=["Jo Tan", "Ravi Das"],
                credits=["Meridian Press", "Atlas Newswire"], language="en",
                removed=[Removed("MERIDIAN PRESS, ATLAS NEWSWIRE", "credit line"),
                         Removed("Read more: Aid convoys reach the north", "related story")]),
        Article(id="002_rewrite", source="corpus/002_rewrite.txt", text=_body(C1, C2, C3),
                title="Geneva negotiations could bring a truce, sources say", outlet="Daily Meridian",
                published="2025-05-13T07:00:00Z", byline=[], credits=["Meridian Press"], language="en",
                removed=[Removed("Details", "section label")]),
        Article(id="003_unrelated", source="corpus/003_unrelated.txt",
                text=_body("The city council approved a new budget for public libraries on Tuesday.",
                           "The plan adds weekend opening hours at six branches."),
                title="Council approves library budget", outlet="Valley Courier",
                published="2025-03-18", language="en"),
        Article(id="004_<script>", source="corpus/004_xss.html",
                text=_body(f"An article that quotes markup: {XSS} and a closing </script> tag.",
                           W4),
                title=f"Injected {XSS}", outlet="<b>Evil</b> & Co", published=None,
                byline=[XSS], credits=[], language="en",
                removed=[Removed(XSS, "script</summary><script>alert(1)</script>")]),
    ]
    for k in range(extra_articles):
        arts.append(Article(id=f"9{k:03d}_filler", source=f"corpus/9{k:03d}_filler.txt",
                            text=f"Filler article number {k} about weather in district {k % 7}.",
                            title=f"Weather note {k}", outlet="Metro Dispatch",
                            published="2025-01-01", language="en"))
    by_id = {a.id: a for a in arts}
    wire = "origin:meridian-press"
    atlas = "origin:atlas-newswire"
    relations = [
        _relation(by_id, "000_reprint", "001_merge", "near-verbatim",
                  [(W1, B1, "near-verbatim", 0.96), (W2, B2, "near-verbatim", 0.97),
                   (W3, W3, "verbatim", 1.0)],
                  Lineage("common-source", wire, 0.8,
                          ["both credit Meridian Press", "neither contains the other"]), 0.93),
        _relation(by_id, "000_reprint", "002_rewrite", "rewrite",
                  [(W1, C1, "paraphrase", 0.81), (W2, C2, "paraphrase", 0.74),
                   (W3, C3, "paraphrase", 0.79)],
                  Lineage("b-from-a", "000_reprint", 0.6,
                          ["002_rewrite was published a day later", "paraphrase of every paragraph"]),
                  0.78),
        _relation(by_id, "001_merge", "002_rewrite", "partial",
                  [(B1, C1, "paraphrase", 0.8), (W3, C3, "paraphrase", 0.78)],
                  Lineage("common-source", wire, 0.5, ["both credit Meridian Press"]), 0.64),
        _relation(by_id, "001_merge", "004_<script>", "partial",
                  [(W4, W4, "verbatim", 1.0)],
                  Lineage("unknown", None, 0.1, ["one shared sentence"]), 0.3,
                  passage_origin={W4: wire}),
        Relation(a="000_reprint", b="003_unrelated", kind="same-story",
                 lineage=Lineage(), passages=[], score=0.2),
    ]
    origins = [
        Origin(wire, "Meridian Press", False, ["000_reprint", "001_merge", "002_rewrite"]),
        Origin(atlas, "Atlas Newswire", False, ["001_merge"]),
    ]
    stories = [
        Story("story:geneva-talks", "Geneva ceasefire talks",
              ["000_reprint", "001_merge", "002_rewrite", "004_<script>"]),
        Story("story:library-budget", "Library budget", ["003_unrelated"]),
    ]
    q_texts = {"000_reprint": "We are carefully optimistic", "001_merge": "We are carefully optimistic",
               "002_rewrite": "We are very optimistic"}
    quotes = [Quote("Anna Keller", [QuoteVariant(aid, t, (by_id[aid].text.index(t),
                                                           by_id[aid].text.index(t) + len(t)))
                                    for aid, t in q_texts.items()], changed=True)]
    drift = [
        Drift("000_reprint", "002_rewrite", "hedge", "carefully optimistic", "very optimistic",
              "the hedge \u201ccarefully\u201d was dropped"),
        Drift("000_reprint", "001_merge", "number", "at least 40 delegates", "at least 45 delegates",
              "40 became 45"),
        Drift("000_reprint", "002_rewrite", "label", "Foreign Minister Anna Keller",
              "the notorious Foreign Minister Anna Keller", "evaluative label \u201cnotorious\u201d added"),
        Drift("001_merge", "004_<script>", "meaning", XSS, "</td></tr><script>alert(2)</script>",
              f"note with markup {XSS}"),
    ]
    inputs = [InputStatus("corpus/", "ok", len(arts)),
              InputStatus("corpus/empty.txt", "empty", 0, "no text after cleaning"),
              InputStatus("corpus/broken.warc.gz", "error", 0, "truncated gzip stream")]
    return Report(inputs=inputs, articles=arts, relations=relations, origins=origins,
                  stories=stories, quotes=quotes, drift=drift)
