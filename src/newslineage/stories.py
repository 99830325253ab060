"""Stories: articles about the same event, with or without shared text.

An article joins a story when it shares text with a member (any reuse relation), or when its
lead reads like a member's (sentence embedding of the title and first sentences), it names the
same specific people and places and figures, and it was published close enough in time. Topic
is not story: the same people a week apart are a different event, so a time gap beyond
``max_gap_days`` rules a pair out, and an article without a date needs stronger text evidence.

``StoryIndex`` assigns one article at a time (an index service adds articles as they arrive);
``cluster`` feeds it a batch in order, so batch and incremental give the same stories.
"""
from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from typing import Callable, Iterable

import numpy as np

from .lineage.direction import parse_time
from .model import Article, Lineage, Relation, Story

W_TEXT = 0.8
STORY_LEVEL = True
STORY_MARGIN = 0.1
NO_VECTORS = 0.15  # what lead vectors typically add for one event; taken off the threshold without them
Encoder = Callable[[list[str]], np.ndarray]

# Capitalised words that start sentences or are calendar words, not names.
_NOT_NAMES = set("""
a an the this that these those it its he she they we you i his her their our my your there here
and but or if as at by for from in into of on to with without after before during since until
while when where what who why how which not no yes also only just even all any some many most
more much one two three four five six seven eight nine ten first second third last next new
monday tuesday wednesday thursday friday saturday sunday today yesterday tomorrow
january february march april may june july august september october november december
mr mrs ms dr prof sir president minister chancellor prime secretary senator governor mayor
der die das ein eine und oder le la les un une et ou el los las y o il lo gli e
""".split())
_NUMBER = re.compile(r"(?<![\w.])\d+(?:[.,:]\d+)*(?![\w])")
_SENT_END = re.compile(r"(?<=[.!?])\s+")


def _fold(s: str) -> str:
    s = unicodedata.normalize("NFKD", s.casefold())
    return "".join(c for c in s if not unicodedata.combining(c)).replace("’", "'")


def names(text: str) -> Counter:
    """Capitalised words (people, places, organisations) by count, folded: 'Mr Putin's' -> 'putin'.
    Sentence-initial words count only when they recur elsewhere capitalised."""
    found: Counter = Counter()
    initial: Counter = Counter()
    for sent in _SENT_END.split(text or ""):
        for i, m in enumerate(re.finditer(r"[^\W\d_][\w'’-]*", sent)):
            w = m.group(0)
            if not w[:1].isupper() or len(w) < 2:
                continue
            f = _fold(re.sub(r"['’]s$", "", w)).strip("'-")
            if f in _NOT_NAMES or len(f) < 2:
                continue
            if i == 0:
                initial[f] += 1
            else:
                found[f] += 1
    for f, n in initial.items():
        if f in found:
            found[f] += n
    return found


_WORDS = re.compile(r"[^\W\d_]{4,}")


def words(text: str) -> Counter:
    """Lower-case content words (4+ letters) by count, cut to a crude stem of six letters so
    'dockers'/'dock', 'evacuated'/'evacuation' meet: what the article is about."""
    return Counter(w[:6] for w in (_fold(m.group(0)) for m in _WORDS.finditer(text or ""))
                   if w not in _NOT_NAMES)


def numbers(text: str) -> set[str]:
    """Figures that can identify an event (7 dead, 6.8 magnitude, 312 evacuated); small counts,
    years and single digits are too common to tell events apart."""
    out = set()
    for m in _NUMBER.finditer(text or ""):
        n = m.group(0).replace(",", ".")
        digits = re.sub(r"\D", "", n)
        if len(digits) < 2 or re.fullmatch(r"(19|20)\d\d", n):
            continue
        out.add(n)
    return out


def lead(article: Article, sentences: int = 3) -> str:
    """The title and first sentences: where a news article says what happened."""
    text = article.text or ""
    if article._sentences:
        first = " ".join(text[s:e] for s, e in article._sentences[:sentences])
    else:
        first = " ".join(_SENT_END.split(text.strip())[:sentences])
    return " ".join(x for x in (article.title or "", first[:600]) if x).strip()


@dataclass
class Profile:
    """What the story index keeps of one article."""
    id: str
    vec: np.ndarray | None
    names: Counter
    words: Counter
    numbers: set[str]
    when: object  # direction.When | None
    title: str | None


@dataclass
class Match:
    score: float
    evidence: list[str] = field(default_factory=list)


class StoryIndex:
    """Incremental story assignment: ``add(article, relations_of_it) -> story id``.

    Parameters are plain constructor arguments with news defaults. ``encoder`` turns texts into
    L2-normalised vectors (default: ``newslineage.embed.encode``); pass ``encoder=None`` and
    ``embeddings=False`` to cluster on names, figures and time alone.
    """

    def __init__(self, encoder: Encoder | None = None, embeddings: bool = True,
                 threshold: float = 0.55, undated_margin: float = 0.35,
                 max_gap_days: float = 3.0, far_gap_days: float = 1.5, far_margin: float = 0.1,
                 hot_gap_days: float = 0.5, hot_bonus: float = 0.12):
        self.encoder = encoder
        self.embeddings = embeddings
        self.threshold = threshold
        self.undated_margin = undated_margin
        self.max_gap_days = max_gap_days
        self.far_gap_days = far_gap_days
        self.far_margin = far_margin
        self.hot_gap_days = hot_gap_days
        self.hot_bonus = hot_bonus
        self.profiles: dict[str, Profile] = {}
        self.story_of: dict[str, str] = {}
        self.members: dict[str, list[str]] = {}  # story id -> article ids, in arrival order
        self.df: Counter = Counter()  # names: in how many articles
        self.wdf: Counter = Counter()  # content words: in how many articles
        self.reuse: set[frozenset] = set()
        self.best: dict[str, tuple[str, Match]] = {}  # article -> (closest member, match)
        self.texts: dict[str, str] = {}  # the first 2,000 characters, to write labels

    # -- features -------------------------------------------------------------------
    def _encode(self, texts: list[str]) -> np.ndarray | None:
        if not self.embeddings:
            return None
        if self.encoder is None:
            from .embed import encode
            self.encoder = encode
        return np.asarray(self.encoder(texts), dtype=np.float32)

    def profile(self, article: Article, vec: np.ndarray | None = None) -> Profile:
        if vec is None and self.embeddings:
            v = self._encode([lead(article)])
            vec = None if v is None else v[0]
        text = f"{article.title or ''}\n{article.text or ''}"
        return Profile(article.id, vec, names(text), words(text), numbers(text),
                       parse_time(article.published), article.title)

    def _idf(self, name: str) -> float:
        # a floor on the corpus size keeps early articles' names from all looking rare
        n = max(len(self.profiles), 20)
        return math.log((n + 1) / (self.df.get(name, 0) + 1))

    def _widf(self, word: str) -> float:
        n = max(len(self.profiles), 20)
        return math.log((n + 1) / (self.wdf.get(word, 0) + 1))

    def _text_cos(self, x: Profile, y: Profile) -> float:
        """tf-idf cosine of the content words."""
        shared = set(x.words) & set(y.words)
        if not shared:
            return 0.0
        wx = {w: (1 + math.log(c)) * self._widf(w) for w, c in x.words.items()}
        wy = {w: (1 + math.log(c)) * self._widf(w) for w, c in y.words.items()}
        dot = sum(wx[w] * wy[w] for w in shared)
        return dot / (math.sqrt(sum(v * v for v in wx.values())) * math.sqrt(sum(v * v for v in wy.values())) + 1e-9)

    # -- pair evidence --------------------------------------------------------------
    def gap_days(self, x: Profile, y: Profile) -> float | None:
        if x.when is None or y.when is None:
            return None
        a, b = x.when.at, y.when.at
        if (a.tzinfo is None) != (b.tzinfo is None):
            a, b = a.replace(tzinfo=None), b.replace(tzinfo=None)
        days = abs((a - b).total_seconds()) / 86400
        if not (x.when.precise and y.when.precise):
            days = max(0.0, abs((a.date() - b.date()).days) - 0.5)  # dates only: whole days
        return days

    def match(self, x: Profile, y: Profile) -> Match:
        """How strongly two articles read as one event (0 when time rules it out)."""
        gap = self.gap_days(x, y)
        if gap is not None and gap > self.max_gap_days:
            return Match(0.0, [f"published {gap:.0f} days apart"])
        shared = set(x.names) & set(y.names)
        w = {n: self._idf(n) for n in set(x.names) | set(y.names)}
        # weighted overlap of the smaller name set: specific names count, topic names less
        sx = sum(w[n] for n in x.names)
        sy = sum(w[n] for n in y.names)
        ov = sum(w[n] for n in shared) / max(1e-9, min(sx, sy)) if shared else 0.0
        nums = x.numbers & y.numbers
        cos = float(np.dot(x.vec, y.vec)) if x.vec is not None and y.vec is not None else None
        tcos = self._text_cos(x, y)
        score = 0.6 * ov + 0.05 * min(len(nums), 4) + W_TEXT * tcos
        if cos is not None:
            score += 0.5 * max(0.0, cos - 0.2)
        top = sorted(shared, key=lambda n: -w[n])[:4]
        ev = []
        if top:
            ev.append("shared names: " + ", ".join(top))
        if nums:
            ev.append("shared figures: " + ", ".join(sorted(nums)[:4]))
        if cos is not None:
            ev.append(f"lead similarity {cos:.2f}")
        ev.append(f"word overlap {tcos:.2f}")
        ev.append("no publication date on one side" if gap is None else f"published {gap:.1f} days apart")
        return Match(round(score, 3), ev)

    def needed(self, x: Profile, y: Profile) -> float:
        """The score a pair needs: more without a date or days apart; without lead vectors the
        score lacks their share (about 0.15 for one event), so less."""
        base = self.threshold - (NO_VECTORS if x.vec is None or y.vec is None else 0.0)
        gap = self.gap_days(x, y)
        if gap is None:
            return base + self.undated_margin
        if gap > self.far_gap_days:
            return base + self.far_margin
        if gap <= self.hot_gap_days and x.when.precise and y.when.precise:
            return base - self.hot_bonus  # within hours: shared names are likelier one event
        return base

    # -- assignment -----------------------------------------------------------------
    def add(self, article: Article, relations: Iterable[Relation] = (), vec: np.ndarray | None = None) -> str:
        """Assign one article to a story and return the story id.

        ``relations`` are the article's reuse relations; those to articles not yet in the index
        are ignored now and count when the other article arrives.
        """
        if article.id in self.story_of:
            return self.story_of[article.id]
        p = self.profile(article, vec)
        linked = []
        for r in relations:
            if r.kind == "same-story" or article.id not in (r.a, r.b):
                continue
            other = r.b if r.a == article.id else r.a
            if other in self.story_of:
                self.reuse.add(frozenset((article.id, other)))
                linked.append(self.story_of[other])
        # text evidence against every article already in the index, and against each story as
        # a whole (its members' names, words and figures together: a new angle on an event
        # shares a little with each report of it)
        best_sid, best_m, best_member = None, None, None
        for sid, mem in self.members.items():
            for mid in mem:
                m = self.match(p, self.profiles[mid])
                if m.score >= self.needed(p, self.profiles[mid]) and (best_m is None or m.score > best_m.score):
                    best_sid, best_m, best_member = sid, m, mid
            if STORY_LEVEL and len(mem) > 1:
                whole = self._story_profile(mem, p)
                m = self.match(p, whole)
                if m.score >= self.needed(p, whole) + STORY_MARGIN and (best_m is None or m.score > best_m.score):
                    near = max(mem, key=lambda x: self.match(p, self.profiles[x]).score)
                    best_sid, best_m, best_member = sid, Match(m.score, ["matches the story as a whole"] + m.evidence), near
        # update the index
        self.profiles[article.id] = p
        self.texts[article.id] = f"{article.title or ''}. {(article.text or '')[:2000]}"
        self.df.update(set(p.names))
        self.wdf.update(set(p.words))
        if linked:
            sid = min(linked, key=self._order)
            for other in sorted(set(linked) - {sid}, key=self._order):
                self._merge(sid, other)
        elif best_sid is not None:
            sid = best_sid
            self.best[article.id] = (best_member, best_m)
        else:
            sid = f"story:{article.id}"
            self.members[sid] = []
        self.members[sid].append(article.id)
        self.story_of[article.id] = sid
        return sid

    def _story_profile(self, mem: list[str], p: Profile) -> Profile:
        """The members of a story as one profile, dated like the member closest in time to p."""
        ps = [self.profiles[m] for m in mem]
        nm: Counter = Counter()
        wd: Counter = Counter()
        for q in ps:
            nm.update(q.names)
            wd.update(q.words)
        vecs = [q.vec for q in ps if q.vec is not None]
        vec = None
        if vecs:
            v = np.mean(vecs, axis=0)
            vec = v / (np.linalg.norm(v) + 1e-12)
        dated = [q for q in ps if q.when is not None]
        when = None
        if dated and p.when is not None:
            when = min(dated, key=lambda q: self.gap_days(p, q)).when
        elif dated and len(dated) == len(ps):
            when = dated[0].when
        return Profile("|".join(mem), vec, nm, wd, set().union(*(q.numbers for q in ps)), when, None)

    def _order(self, sid: str) -> int:
        return list(self.members).index(sid)

    def _merge(self, keep: str, gone: str) -> None:
        for aid in self.members.pop(gone):
            self.story_of[aid] = keep
            self.members[keep].append(aid)

    # -- results --------------------------------------------------------------------
    def stories(self) -> list[Story]:
        return [Story(sid, self.label(mem), list(mem)) for sid, mem in self.members.items()]

    def label(self, members: list[str], texts: dict[str, str] | None = None) -> str:
        """The names most members share, most specific first, as written ("Marit Okstad");
        a lone article (or a story without shared names) is labelled by its title."""
        count: Counter = Counter()
        for aid in members:
            count.update(set(self.profiles[aid].names))
        need = 2 if len(members) > 1 else 1
        ranked = sorted((n for n, c in count.items() if c >= need),
                        key=lambda n: (-count[n] * self._idf(n), n))
        if len(members) == 1 or not ranked:
            title = next((self.profiles[a].title for a in members if self.profiles[a].title), None)
            if not title:  # no headline: the first sentence
                title = _SENT_END.split(self.texts.get(members[0], "").lstrip(". ").strip(), 1)[0]
            if title:
                return title if len(title) <= 80 else title[:77].rsplit(" ", 1)[0] + "..."
        text = " ".join(self.texts.get(a, "") for a in members[:3])
        shown: list[str] = []
        for n in ranked:
            run = _name_run(n, text)
            if any(_fold(run) in _fold(x) or _fold(x) in _fold(run) for x in shown):
                continue
            shown.append(run)
            if len(shown) == 3:
                break
        return ", ".join(shown) or members[0]

    def same_story_relations(self, cap: int = 5) -> list[Relation]:
        """same-story relations between members of a story that share no text.

        In a story of up to ``cap`` articles: every pair without a reuse relation. In a bigger
        one: only enough to connect it, each group of articles linked by reuse to the groups
        before it through its closest pair (so a big story costs a few relations, not n^2).
        """
        out = []
        for sid, mem in self.members.items():
            if len(mem) < 2:
                continue
            if len(mem) <= cap:
                pairs = [(x, y) for i, x in enumerate(mem) for y in mem[i + 1:]
                         if frozenset((x, y)) not in self.reuse]
            else:
                pairs = self._connecting_pairs(mem)
            for x, y in pairs:
                m = self.match(self.profiles[x], self.profiles[y])
                out.append(Relation(a=x, b=y, kind="same-story", coverage={"a": 0.0, "b": 0.0},
                                    lineage=Lineage("unknown", None, 0.0, m.evidence),
                                    passages=[], score=m.score))
        return out

    def _connecting_pairs(self, mem: list[str]) -> list[tuple[str, str]]:
        group = {x: x for x in mem}

        def find(x):
            while group[x] != x:
                group[x] = group[group[x]]
                x = group[x]
            return x

        for pair in self.reuse:
            x, y = tuple(pair)
            if x in group and y in group:
                group[find(x)] = find(y)
        comps: dict[str, list[str]] = {}
        for x in mem:  # arrival order
            comps.setdefault(find(x), []).append(x)
        done: list[str] = []
        pairs = []
        for comp in comps.values():
            if done:
                x, y = max(((c, d) for c in comp for d in done),
                           key=lambda cd: self.match(self.profiles[cd[0]], self.profiles[cd[1]]).score)
                pairs.append((y, x) if mem.index(y) < mem.index(x) else (x, y))
            done.extend(comp)
        return pairs


def _name_run(folded: str, text: str) -> str:
    """The name as written in the text with the capitalised words around it ('Marit Okstad')."""
    cap = r"[^\W\d_a-z][\w'’-]*"
    for m in re.finditer(rf"(?:(?:{cap})\s+){{0,2}}({cap})(?:\s+(?:{cap})){{0,2}}", text):
        words = m.group(0).split()
        for i, w in enumerate(words):
            if _fold(re.sub(r"['’]s$", "", w)).strip("'-") == folded:
                lo, hi = i, i + 1
                while lo > 0 and _fold(words[lo - 1]) not in _NOT_NAMES:
                    lo -= 1
                while hi < len(words) and _fold(words[hi]) not in _NOT_NAMES:
                    hi += 1
                return re.sub(r"['’]s$", "", " ".join(words[lo:hi]))
    return folded[:1].upper() + folded[1:]


def cluster(articles: list[Article], relations: list[Relation], index: StoryIndex | None = None,
            **options) -> tuple[list[Story], list[Relation]]:
    """Stories of a batch and the same-story relations between members that share no text.

    Articles are added to a ``StoryIndex`` in the given order (the same answer as adding them
    one by one as they arrive). Options are ``StoryIndex`` parameters.
    """
    index = index or StoryIndex(**options)
    by_article: dict[str, list[Relation]] = {}
    for r in relations:
        if r.kind == "same-story":
            continue
        by_article.setdefault(r.a, []).append(r)
        by_article.setdefault(r.b, []).append(r)
    vecs = None
    if index.embeddings and articles:
        vecs = index._encode([lead(a) for a in articles])  # one batch, not one call per article
    for i, a in enumerate(articles):
        index.add(a, by_article.get(a.id, ()), None if vecs is None else vecs[i])
    return index.stories(), index.same_story_relations()
