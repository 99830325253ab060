"""Candidate pairs: reuse is found in its forms, unrelated and furniture-sharing articles are
not paired, and the number of candidates stays bounded per article.

The corpora are built here from a seeded random vocabulary, so every test knows its truth.
"""
from __future__ import annotations

import random

import numpy as np
from newslineage.candidates import Settings, SIGNALS, candidate_pairs, find, minhash
from newslineage.model import Article

SYL = ["ka", "lo", "mi", "ner", "tas", "vo", "ri", "dun", "pel", "sa", "gor", "te", "bi",
       "an", "mul", "fe", "zo", "kri", "ush", "ple"]
FURNITURE = ["Home | News | World | Business | Sport | Culture", "Skip to main content",
             "We use cookies to improve your experience on this site and to show you news "
             "that matters to you, read our cookie policy to find out more.",
             "Subscribe to continue reading this article.", "Sign up for our morning newsletter",
             "Copyright 2025 The Daily Example. All rights reserved."]


def vocab(rng: random.Random, n: int) -> list[str]:
    return ["".join(rng.choice(SYL) for _ in range(rng.randint(2, 4))) for _ in range(n)]


class Writer:
    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.words = vocab(self.rng, 3000)

    def sentence(self) -> str:
        w = [self.rng.choice(self.words) for _ in range(self.rng.randint(9, 22))]
        return w[0].capitalize() + " " + " ".join(w[1:]) + "."

    def paragraph(self) -> str:
        return " ".join(self.sentence() for _ in range(self.rng.randint(1, 3)))

    def article(self, paras: int) -> list[str]:
        return [self.paragraph() for _ in range(paras)]


def art(i: int, paras: list[str], furniture: list[str] = ()) -> Article:
    return Article(id=f"a{i}", source=f"a{i}", text="\n\n".join(list(furniture) + paras))


def index_pairs(arts, **kw) -> set[tuple[int, int]]:
    return set(candidate_pairs(arts, **kw))


def test_signatures_are_datasketchs():
    from datasketch import MinHash

    rng = np.random.RandomState(0)
    sh = rng.randint(0, 2**32, size=300, dtype=np.uint64).astype(np.uint32)
    starts = np.array([0, 100, 250])
    sig = minhash.signatures(sh, starts)
    for row, (lo, hi) in zip(sig, [(0, 100), (100, 250), (250, 300)]):
        m = MinHash(num_perm=minhash.NUM_PERM, seed=minhash.SEED, hashfunc=lambda x: x,
                    scheme="affine32")
        m.update_batch([int(x) for x in sh[lo:hi]])
        assert np.array_equal(row, m.hashvalues)


def test_excerpt_of_long_story_is_found():
    w = Writer(1)
    story = w.article(40)
    arts = [art(0, story)] + [art(i, w.article(8)) for i in range(1, 30)]
    arts.append(art(30, story[:3], ["Advertisement"]))   # three paragraphs of forty
    pairs = index_pairs(arts, embeddings=False)
    assert (0, 30) in pairs
    assert all(30 not in p or p == (0, 30) for p in pairs)


def test_shuffled_merged_and_lightly_edited_copies_are_found():
    w = Writer(2)
    a, b = w.article(10), w.article(9)
    merged = [x for pair in zip(a[:6], b[:5]) for x in pair]
    shuffled = a[:]
    random.Random(0).shuffle(shuffled)
    edited = [p.replace(" ", "  ").replace(".", " .").upper() for p in a]  # style only
    arts = [art(0, a), art(1, b), art(2, merged), art(3, shuffled[:8]), art(4, edited)]
    arts += [art(i, w.article(6)) for i in range(5, 25)]
    pairs = index_pairs(arts, embeddings=False)
    assert {(0, 2), (1, 2), (0, 3), (0, 4)} <= pairs


def test_unrelated_articles_are_not_paired():
    w = Writer(3)
    arts = [art(i, w.article(8)) for i in range(60)]
    assert index_pairs(arts, embeddings=False) == set()


def test_furniture_repeated_across_many_articles_does_not_pair_them():
    w = Writer(4)
    rng = random.Random(4)
    arts = [art(i, w.article(6), rng.sample(FURNITURE, 4)) for i in range(150)]
    assert index_pairs(arts, embeddings=False) == set()
    # ...while a real copy among them is still found.
    arts.append(art(150, arts[7].text.split("\n\n")[4:],
                    rng.sample(FURNITURE, 4)))
    assert index_pairs(arts, embeddings=False) == {(7, 150)}


PARA_A = ("Rescuers in Brenvik evacuated 312 passengers from the ferry MS Havbris after a fire "
          "broke out in its engine room on Tuesday, Marit Okstad of the Skarvik rescue centre "
          "said. Two crew members were flown to the hospital in Alvik. Transport Minister Ingrid "
          "Vaaland promised an inquiry by the Norwegian Maritime Authority into the 34-year-old "
          "vessel operated by Fjordlinje.")
PARA_B = ("All 312 people aboard the Havbris got off safely when flames spread through the "
          "engine room, according to Marit Okstad, who led the operation out of Brenvik. A "
          "helicopter took two of the crew to Alvik. Ingrid Vaaland, the minister for transport, "
          "wants the Norwegian Maritime Authority to look at how Fjordlinje kept the "
          "34-year-old ship.")
PARA_DE = ("Rettungskräfte haben am Dienstag alle Passagiere einer brennenden Fähre vor der "
           "norwegischen Küste in Sicherheit gebracht. Das Feuer war im Maschinenraum "
           "ausgebrochen, zwei Besatzungsmitglieder wurden mit dem Hubschrauber in ein "
           "Krankenhaus geflogen. Die Ministerin kündigte eine Untersuchung an.")
PARA_EN = ("Rescuers on Tuesday brought all passengers of a burning ferry off the Norwegian "
           "coast to safety. The fire had broken out in the engine room, and two crew members "
           "were flown to a hospital by helicopter. The minister announced an investigation.")


def test_paraphrase_is_found_by_names_and_numbers():
    w = Writer(5)
    arts = [art(0, [PARA_A, w.paragraph()]), art(1, [PARA_B, w.paragraph()])]
    arts += [art(i, w.article(5)) for i in range(2, 40)]
    found = find(arts, embeddings=False)
    pairs = found.as_list()
    assert (0, 1) in pairs
    assert SIGNALS[found.signal[pairs.index((0, 1))]] == "names"


def test_translation_is_found_by_lead_vectors():
    w = Writer(6)
    arts = [art(0, [PARA_EN]), art(1, [PARA_DE])]
    arts += [art(i, w.article(4)) for i in range(2, 20)]
    found = find(arts, embeddings=True, settings=Settings(k_names=0))
    pairs = found.as_list()
    assert (0, 1) in pairs
    assert SIGNALS[found.signal[pairs.index((0, 1))]] == "embedding"
    # Neither news article is paired with random-word filler.
    assert all((a, b) == (0, 1) or b > 1 and a > 1 for a, b in pairs)


def test_a_translation_with_a_copy_of_its_own_is_still_looked_up_by_lead_vectors():
    # The German text and its reprint pair lexically with each other only: the two are as
    # alone as one article, and the lead vectors still link them to the English text.
    w = Writer(6)
    arts = [art(0, [PARA_DE]), art(1, [PARA_DE]), art(2, [PARA_EN]), art(3, [PARA_EN]), art(4, [PARA_EN])]
    arts += [art(i, w.article(4)) for i in range(5, 20)]
    found = find(arts, embeddings=True, settings=Settings(k_names=0))
    pairs = found.as_list()
    assert (0, 1) in pairs and any((a, b) in pairs for a in (0, 1) for b in (2, 3, 4))


def test_candidate_count_stays_bounded_per_article():
    w = Writer(7)
    story = w.article(12)
    st = Settings()
    # 60 reprints of one story (each pair truly shares text) plus unrelated articles.
    arts = [art(i, story[: 4 + i % 8]) for i in range(60)] + [art(i, w.article(6)) for i in range(60, 120)]
    found = find(arts, embeddings=False, settings=st)
    deg = np.bincount(found.pairs.ravel(), minlength=len(arts))
    assert len(found.pairs) <= st.k_lexical * 60
    assert deg[:60].min() >= 1                       # every reprint keeps a candidate
    assert deg[60:].max() == 0
    assert found.per_article() <= 2 * (st.k_lexical + st.k_names + st.k_embedding)


def test_segment_spans_are_used_when_present():
    w = Writer(8)
    story = w.article(6)
    a, b = art(0, story), art(1, story[2:4])
    # One paragraph span covering everything would hide the excerpt's own paragraphs; the
    # candidates stage honours _paragraphs when the segment stage set them.
    for x in (a, b):
        x._paragraphs = minhash.paragraph_spans(x.text)
    assert index_pairs([a, b] + [art(i, w.article(5)) for i in range(2, 10)],
                       embeddings=False) == {(0, 1)}


def test_lead_of_a_huge_article_reads_only_the_sentences_it_needs():
    from newslineage.candidates import ann
    import random

    class Counted(list):
        seen = 0

        def __iter__(self):
            for x in super().__iter__():
                Counted.seen += 1
                yield x

    text = "Word one two three four. " * 20_000
    sentences = Counted((i * 25, i * 25 + 24) for i in range(20_000))
    spans = [(i * 250, i * 250 + 250) for i in range(2_000)]
    assert ann.lead(text, spans, sentences, n=2) == ["Word one two three four."] * 2
    assert Counted.seen <= 3  # not every sentence against every passage
    rnd = random.Random(3)  # same answers as the plain definition on odd spans
    for _ in range(200):
        sents = sorted((s, s + rnd.randrange(1, 40)) for s in rnd.sample(range(2000), 30))
        spans = [(s, s + rnd.randrange(0, 300)) for s in rnd.sample(range(2000), 5)]
        text = "".join(rnd.choice("ab .") for _ in range(2100))
        want = [text[s:e].strip() for s, e in sents if any(a <= s < b for a, b in spans)][:2]
        assert ann.lead(text, spans, sents, n=2) == [w for w in want if w]


def test_names_cap_ties_rank_the_earlier_partner_and_earlier_decides_on_arrival():
    from newslineage.candidates import _top_k_stable

    # article 3 shares as much with 0, 1 and 2 (sums equal but for rounding noise): it keeps
    # the two earliest, whatever the noise says
    pairs = np.array([[0, 3], [1, 3], [2, 3]])
    score = np.array([5.0, 5.0 + 1e-12, 5.0 + 2e-12])
    assert _top_k_stable(pairs, score, 2, earlier=True).tolist() == [True, True, False]
    assert _top_k_stable(pairs, score, 1, earlier=True).tolist() == [True, False, False]
    # (either: 0, 1 and 2 each keep their only partner)
    assert _top_k_stable(pairs, score, 1, earlier=False).tolist() == [True, True, True]
    # "earlier": a later article (4) with a better score for 0 does not take 3's place
    more = np.array([[0, 3], [1, 3], [0, 4]])
    keep = _top_k_stable(more, np.array([2.0, 1.0, 9.0]), 1, earlier=True)
    assert keep.tolist() == [True, False, True]
    # "either": 0 keeps its best (4), 3 still keeps 0 and 1 its only partner
    keep = _top_k_stable(more, np.array([2.0, 1.0, 9.0]), 1, earlier=False)
    assert keep.tolist() == [True, True, True]
