"""What the drift checks share: the sides they read, the findings of one run, and bounded
memos (a run's words would otherwise be kept for the whole corpus)."""
from __future__ import annotations

from ..memo import Memo, memoized
from ..model import Article, Drift, Relation
from .sides import Side, Stretch
from .dates import published_date


def _name(article_id: str) -> str:
    return article_id.split("_")[0] if "_" in article_id else article_id


def _side(art: Article, lo: int, hi: int) -> Side:
    return Side(art.id, art.text, lo, hi, _published(art.published), _name(art.id), _lang(art))


_published = memoized(4096)(published_date)



# The per-run memos below hold words of passages and whole articles: kept for all of a 100k
# corpus they took gigabytes. Copies of a story are related to one another in runs of
# neighbouring relations, so a bounded memo of the recent ones keeps nearly every hit.
MEMO_MAX = 20_000
WHOLE_MAX = 2_000


class _Recent(Memo):
    """A run's memo of at most ``limit`` entries that makes room as it is written to (the
    project's bound rule: the older half goes when full)."""
    __slots__ = ()

    def __init__(self, limit: int = MEMO_MAX, fill=None):
        super().__init__(limit, fill)

    def __setitem__(self, key, value):
        if key not in self:
            self.make_room()
        super().__setitem__(key, value)


class _Findings:
    """Findings of one run, each (pair, type, wording) once; stretches tokenised once."""

    def __init__(self):
        self.out: list[Drift] = []
        self.seen: set = set()
        # A passage of a wire story recurs in every relation of its copies, a quote in every
        # pair of the articles that carry it: tokenise each stretch once. The same text in
        # another copy shares its words, dates and numbers (a side reads its text alone).
        self.sides = _Recent()
        self.texts = _Recent()

    def add(self, a_id, b_id, finding) -> None:
        typ, at, bt, note = finding
        key = (a_id, b_id, typ, at.casefold(), bt.casefold())
        if key not in self.seen:
            self.seen.add(key)
            self.out.append(Drift(a_id, b_id, typ, at, bt, note))

    def side(self, art: Article, lo: int, hi: int) -> Side:
        key = (art.id, lo, hi)
        if key not in self.sides:
            text, lang = art.text[lo:hi], _lang(art)
            if (text, lang) not in self.texts:  # numbers are read in the article's language
                self.texts[text, lang] = Stretch(text, lang=lang)
            self.sides[key] = Side(art.id, text, 0, len(text), _published(art.published),
                                   _name(art.id), lang, self.texts[text, lang])
        return self.sides[key]


def _reuse(relations: list[Relation], by_id: dict):
    """(relation, its direction or None) for the reuse relations between known articles."""
    for r in relations:
        if r.kind == "same-story" or r.a not in by_id or r.b not in by_id:
            continue
        yield r, (r.lineage.type if r.lineage and r.lineage.type in ("a-from-b", "b-from-a")
                  else None)


def _lang(a: Article) -> str:
    return (a.language or "").split("-")[0].lower()
