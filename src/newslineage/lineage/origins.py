"""Origins: where the shared text first came from, in the corpus or outside it.

- A source that articles credit and share text from becomes ``Origin("origin:<slug>",
  in_corpus=False)``; a credit line alone is enough (an article credited to two wires hangs
  below both).
- An article that others copied and that itself copies nobody is an in-corpus origin
  (``Origin(id=<article id>, in_corpus=True)``).
- A merged article (credited to several sources) is labelled passage by passage: the passages
  it shares with an article crediting only one of its sources come from that source (compare
  passim's per-position choice of source).
"""
from __future__ import annotations

from collections import Counter, defaultdict

from ..model import Article, Origin, Relation
from .cited import Sources


def origin_id(key: str) -> str:
    return f"origin:{key}"


class Tracer:
    """Parents, roots and origins over a corpus whose relations already have a lineage.

    ``parents`` (copy -> in-corpus sources) and ``external`` (article -> outside sources it
    takes text from, key -> name) come from the family forests; an article outside every
    family takes its credit lines and reprint phrases as its outside sources.
    """

    def __init__(self, articles: list[Article], relations: list[Relation], sources: dict[str, Sources],
                 parents: dict[str, list[str]], external: dict[str, dict[str, str]]):
        self.articles = {a.id: a for a in articles}
        self.relations = relations
        self.sources = sources
        self.parents: dict[str, list[str]] = defaultdict(list, {k: list(v) for k, v in parents.items()})
        self.common: dict[int, str] = {}  # relation index -> shared outside source key
        self.external: dict[str, dict[str, str]] = {}
        for aid, s in sources.items():
            if aid in external:
                self.external[aid] = dict(external[aid])
                continue
            self.external[aid] = {k: n for k, n in s.credits.items() if not s.is_outlet(k)}
            for m in s.mentions:  # "first appeared in X" is a credit line in the text
                if m.kind == "reprint":
                    self.external[aid].setdefault(m.key, m.name)
        self.labels: dict[str, list[tuple[tuple[int, int], str]]] = defaultdict(list)
        self.own: set[str] = set()  # texts in their own words: root() stops there

    # -- roots ------------------------------------------------------------------------
    def root(self, aid: str, span_hint: tuple[int, int] | None = None, _seen=None) -> str:
        """The origin of an article's text: up the in-corpus parents, then its credit."""
        if aid in self.own:  # a translation's or a rewrite's copies have their text from it
            return aid
        seen = _seen or set()
        seen.add(aid)
        ps = [p for p in self.parents.get(aid, []) if p not in seen]
        if ps:
            return self.root(ps[0], None, seen)
        ext = self.external.get(aid, {})
        if len(ext) == 1:
            return origin_id(next(iter(ext)))
        if ext:
            lab = self.label_at(aid, span_hint) if span_hint else None
            if lab:
                return lab
            return origin_id(sorted(ext)[0])
        return aid

    def label_at(self, aid: str, span: tuple[int, int]) -> str | None:
        votes: Counter = Counter()
        for (s, e), lab in self.labels.get(aid, []):
            ov = min(e, span[1]) - max(s, span[0])
            if ov > 0:
                votes[lab] += ov
        return votes.most_common(1)[0][0] if votes else None

    # -- passages of merged articles --------------------------------------------------
    def label_merged(self) -> None:
        """For articles crediting several sources: label the spans shared with an article that
        credits exactly one of them with that one."""
        for i, r in enumerate(self.relations):
            for side, other in (("a", r.b), ("b", r.a)):
                me = getattr(r, side)
                mine = self.external.get(me, {})
                if len(mine) < 2:
                    continue
                theirs = set(self.external.get(other, {}))
                k = self.common.get(i)
                pick = {k} if k else (set(mine) & theirs)
                if len(pick) != 1:
                    continue
                lab = origin_id(pick.pop())
                for p in r.passages:
                    self.labels[me].append((tuple(getattr(p, side)), lab))

    # -- the origins ------------------------------------------------------------------
    def descendants(self, aid: str, kids: dict[str, set[str]] | None = None) -> set[str]:
        """Every article below ``aid`` in the derivation graph. ``kids`` (parent -> children)
        can be passed in when asking for many articles: building it is the costly part."""
        if kids is None:
            kids = self._kids()
        out, todo = set(), [aid]
        while todo:
            for c in kids.get(todo.pop(), ()):
                if c not in out and c != aid:
                    out.add(c)
                    todo.append(c)
        return out

    def _kids(self) -> dict[str, set[str]]:
        kids: dict[str, set[str]] = defaultdict(set)
        for c, ps in self.parents.items():
            for p in ps:
                kids[p].add(c)
        return kids

    def origins(self) -> list[Origin]:
        return merge_origins([self.origin_parts()])

    def origin_parts(self) -> tuple[list[Origin], list[tuple[str, str, str, list[str]]]]:
        """The origins of these articles in a form that merges with other parts of a corpus
        (``merge_origins``): the in-corpus origins, and per outside source key and crediting
        article (source key, article id, source name, the article and its descendants not
        listed under that key before). A part must hold whole families: an article's
        descendants are in its family, so the listing of one part never skips an article
        of another."""
        kids = self._kids()
        blocks = []
        members: dict[str, set[str]] = {}
        for aid in sorted(self.external):
            for k, name in sorted(self.external[aid].items()):
                seen = members.setdefault(k, set())
                block = []
                for c in [aid, *sorted(self.descendants(aid, kids))]:
                    if c not in seen:
                        seen.add(c)
                        block.append(c)
                blocks.append((k, aid, name, block))
        inside = []
        for aid in sorted(self.articles):
            if self.parents.get(aid) or self.external.get(aid):
                continue
            below = self.descendants(aid, kids)
            if below:
                a = self.articles[aid]
                # named by the article id (what relations point to), with its outlet for people
                inside.append(Origin(aid, f"{a.outlet} ({aid})" if a.outlet else aid, True, sorted(below)))
        return inside, blocks


def merge_origins(parts) -> list[Origin]:
    """The corpus's origins from the ``origin_parts`` of disjoint sets of families: the
    in-corpus origins by article id, then the outside ones by key, each listing its
    crediting articles in id order (each followed by its descendants), named by the fullest
    form they write ("BBC News" for "BBC", "The Andes Report" for "Andes Report": one source
    under one key), as one Tracer over the whole corpus lists them."""
    inside: list[Origin] = []
    blocks = []
    for ins, bl in parts:
        inside.extend(ins)
        blocks.extend(bl)
    inside.sort(key=lambda o: o.id)
    blocks.sort(key=lambda b: (b[0], b[1]))
    ext: dict[str, Origin] = {}
    written: dict[str, Counter] = defaultdict(Counter)
    for k, _aid, name, block in blocks:
        ext.setdefault(k, Origin(origin_id(k), name, False, [])).children.extend(block)
        written[k][name] += 1
    for k, o in ext.items():
        o.name = max(written[k].items(), key=lambda x: (len(x[0]), x[1], x[0]))[0]
    return inside + [ext[k] for k in sorted(ext)]


def origin_runs(article: Article, relations: list[Relation], origins: list[Origin]) -> list[tuple[int, int, str | None]]:
    """The article split into runs of paragraphs by origin: [(start, end, origin id or None)].

    A paragraph takes the origin of the passages over it (by characters); paragraphs no passage
    covers take the article's one remaining origin when exactly one is left (the second wire of
    a merge), else None.
    """
    text = article.text or ""
    paras = list(article._paragraphs) or _paragraphs(text)
    mine = [o.id for o in origins if article.id in o.children and o.id != article.id]
    spans: list[tuple[tuple[int, int], str]] = []
    for r in relations:
        for p in r.passages:
            if not p.origin:
                continue
            if r.a == article.id:
                spans.append((tuple(p.a), p.origin))
            elif r.b == article.id:
                spans.append((tuple(p.b), p.origin))
    labels = []
    for s, e in paras:
        votes: Counter = Counter()
        for (ps, pe), lab in spans:
            ov = min(e, pe) - max(s, ps)
            if ov > 0:
                votes[lab] += ov
        labels.append(votes.most_common(1)[0][0] if votes else None)
    left = [o for o in mine if o not in labels]
    fill = left[0] if len(left) == 1 else (mine[0] if len(mine) == 1 else None)
    labels = [lab or fill for lab in labels]
    runs: list[tuple[int, int, str | None]] = []
    for (s, e), lab in zip(paras, labels):
        if runs and runs[-1][2] == lab:
            runs[-1] = (runs[-1][0], e, lab)
        else:
            runs.append((s, e, lab))
    return runs


def _paragraphs(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for chunk in text.split("\n\n"):
        s = pos + (len(chunk) - len(chunk.lstrip()))
        e = pos + len(chunk.rstrip())
        if e > s:
            out.append((s, e))
        pos += len(chunk) + 2
    return out
