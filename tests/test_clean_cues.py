"""The indexed furniture cues answer exactly as searching every cue does, and the fast line
shape tests agree with the patterns they replace."""
from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from newslineage.clean import furniture, word_lists
from newslineage.clean.lines import _TERMINAL, ends_terminal, make_line, split_lines

ROOT = Path(__file__).resolve().parent.parent
LEX = word_lists.load()


def every_cue(folded: str, words: int) -> set[tuple[str, str]]:
    """The reference: each reason's cues searched in full."""
    return {(kind, reason) for kind, sets in (("line", LEX.line), ("block", LEX.block))
            for reason, cues in sets.items() if cues.match(folded, words)}


def corpus_lines() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "examples" / "corpus").glob("*.txt"))]
    for row in (ROOT / "examples" / "corpus" / "feeds.jsonl").read_text(encoding="utf-8").splitlines():
        texts.append(json.loads(row).get("text") or "")
    return [ln.text for t in texts for ln in split_lines(t)]


# Lines that exercise each path: cue lines in several languages and scripts, lines whose
# characters match ASCII ones only case-insensitively (dotless i, long s, the Kelvin sign).
SAMPLES = [
    "Subscribe to continue reading", "*Subscribe to The Daily", "Sign up for our newsletter",
    "Log in to continue", "Follow us on Facebook", "Follow The Herald for more on Telegram",
    "Related stories", "More from this section", "Tags: Finland, NATO", "Share this article",
    "12 comments", "Advertisement", "We use cookies to improve your experience.",
    "Copyright 2024 Example News. All rights reserved.", "© 2025 Example", "Photo: Jane Doe",
    "3 min read", "Zuletzt aktualisiert: 14.10.2025", "Jetzt abonnieren", "Déjà abonné ?",
    "Réservé aux abonnés", "Suscríbete", "Já é assinante?", "Abo abschließen",
    "Підпишіться на нашу розсилку", "Подпишитесь на рассылку", "Все права защищены",
    "Sıgn up for our newsletter", "ſubscribe to continue", "\u212aeep reading", "İn your inbox",
    "nEWSLETTER", "Delivered to your inbox — every morning", "Alle Rechte vorbehalten.",
    "The minister said the talks would continue next week.", "£600m in profit — a record",
    "“Subscribe” to our feed", "- Share on WhatsApp", "Ανάγνωση σε 3 λεπτά", "",
]


def test_indexed_cues_match_every_cue_on_corpus_and_samples():
    lines = corpus_lines() + SAMPLES
    assert len(lines) > 100
    for text in lines:
        ln = make_line(text)
        for words in (ln.words, 10, 20, 31):
            assert LEX.cues.hits(ln.fold, words) == every_cue(ln.fold, words), (text, words)


# text built from pieces of cues, bullets and characters that fold or match case-insensitively
_PIECES = ["subscribe", "sign", "up", "in", "to", "newsletter", "follow", "us", "on", "share",
           "cookies", "we", "use", "related", "more", "from", "© ", "(c) ", "copyright", "read",
           "min", "3", "12", "comments", "abonn", "é", "ſ", "ı", "İ", "K", "ß", "подпис", "ка",
           " ", " ", "-", ":", "|", "•", "'", "’", "?", ".", "!", "x", "all rights reserved"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=12), st.integers(1, 35))
def test_indexed_cues_match_every_cue_on_generated_lines(pieces, words):
    folded = word_lists.fold("".join(pieces))
    assert LEX.cues.hits(folded, words) == every_cue(folded, words)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab .!?…'\"’”»)]:;\u00a0\t\n\u2009x")), max_size=12))
def test_ends_terminal_agrees_with_the_pattern(text):
    assert ends_terminal(text) == bool(_TERMINAL.search(text))


def test_hand_built_lexicon_without_index_still_classifies():
    lex = word_lists.Lexicon(any_cue=LEX.any_cue, line=LEX.line, block=LEX.block,
                          section_labels=LEX.section_labels, wires=LEX.wires,
                          wire_pattern=LEX.wire_pattern, outlets=LEX.outlets)
    for text, reason in [("Share this article", "share"), ("Related stories", "related"),
                         ("The minister said the talks would continue next week.", None)]:
        ln = make_line(text)
        furniture.intrinsic(ln, lex)
        assert ln.reason == reason


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["(", ")", "Photo", "photo:", " by ", "AP", ":", ".", "!", " ",
                                 "Foto: Jan", "x", "(Picture: Reuters)", "said", "\n", "?"]), max_size=14))
def test_inline_photo_agrees_with_the_pattern(pieces):
    text = "".join(pieces)
    assert furniture._inline_photo(text) == bool(furniture._INLINE_PHOTO.search(text))
