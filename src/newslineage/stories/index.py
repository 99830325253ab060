"""Stories: articles about the same event, with or without shared text.

An article joins a story when it shares text with a member (any reuse relation), or when it
names the same specific people and places and figures, uses the same rare words, and was
published close enough in time. Topic is not story: the same people a week apart are a
different event, so a time gap beyond ``max_gap_days`` rules a pair out, and an article without
a date needs stronger text evidence.

``StoryIndex`` assigns one article at a time (an index service adds articles as they arrive);
``cluster`` feeds it a batch in order, so batch and incremental give the same stories.

Cost grows linearly with the number of articles (a cascade):
- a reuse relation to an indexed article decides at once (the stories are merged, nothing
  scored), unless the story it joins is still a single article (see ``rescore_below``);
- otherwise an inverted index over names, figures and words gives the indexed articles that share
  the new article's rarest terms within the time window, and only the best ``shortlist`` of them
  (and their stories) are scored exactly, all at once with numpy;
- the lead's sentence embedding (the expensive signal) is computed only for pairs whose score
  lies within ``band`` of the bar: the cheap signals decide the rest.
"""
from __future__ import annotations

from array import array
from collections import deque
from itertools import repeat
from typing import Iterable

import numpy as np

from ..model import Article, Relation, Story
from ..parallel import Later, no_gc, value
from .labels import label as _label
from .profiles import _EMPTY, Profile, Vocabulary, _Grow, _NO_DAY
from .same_story import same_story_relations as _same_story_relations
from .scoring import TYPICAL_LEAD, Encoder, Match, Scoring

__all__ = ["StoryIndex", "Match", "cluster"]



class StoryIndex(Scoring, Vocabulary):
    """Incremental story assignment: ``add(article, relations_of_it) -> story id``.

    Parameters are plain constructor arguments with news defaults. ``encoder`` turns texts into
    L2-normalised vectors (default: ``newslineage.embed.encode``); ``embeddings=False`` clusters
    on names, figures, words and time alone. ``band`` is how close to the bar a pair's score
    must be for its leads to be embedded; ``shortlist`` how many indexed articles are scored
    exactly per new article; ``postings_budget`` how many inverted-index entries (rarest terms
    first) are read to find them.

    The score of a pair: ``names_weight`` x idf-weighted name overlap + ``figures_weight`` x
    shared figures (up to 4) + ``words_weight`` x tf-idf word cosine + ``lead_weight`` x (lead
    cosine - 0.2) + ``place_weight`` when the place of one's dateline is named in the other,
    and the beat's parts: ``shared_names_weight`` x names shared + ``shared_idf_weight`` x
    their idf in all + ``rarest_name_weight`` x the rarest shared name's idf + ``title_weight``
    x title stems shared (over the shorter title) + ``language_weight`` when the languages
    differ. A beat shares many common names (a day of politics: blair, brown, howard), an event
    a few rare ones, and a translation shares names but no words. The weights and the threshold
    are a logistic pair classifier's (same event or not) fitted by tools/fit_story_weights.py
    on the TUNE half of benchmarks/families and BBC same-category pairs of one day
    (../shared/data/news-base), the time offsets of the bar kept in their units; chosen by
    5-fold cross-validation grouped by family and by BBC category: out of fold 37 of 38 tune
    families partitioned exactly (34 with the hand weights, names 0.6, figures 0.05, words 0.8,
    lead 0.5, place 0.15, threshold 0.55), 259-403 merged pairs among 600 BBC articles of one
    day (454) (benchmarks/RESULTS-stories.md). ``typical_lead``: the lead's share (x
    ``lead_weight``) taken off the bar where the lead is not computed, 0.3 as set by hand; the
    share the same tool fits (0.24) was tried and not kept (tune 37 -> 36 of 38 exact).

    An undated article needs ``undated_margin`` more, unless its lead names the weekday on
    which the other (dated) article was published or the day before ("said on Thursday"):
    then its time is no longer unknown and the pair needs what a dated pair in the window
    needs (``undated_days``; no fitted value: the dated bar). Tune families 33 -> 34 of 38
    exact; 600 BBC articles of one day with every other one undated: 175 -> 176 merged pairs
    (benchmarks/RESULTS-stories.md).

    A story of several articles is joined by average link (``link_members``, see
    ``Scoring._choose``): p must match its groups of copies on average, not one member. With
    the same weights, 8 instead of single link: the same 31 of 35 tune families partitioned
    exactly, 454 merged pairs instead of 1,472 among 600 BBC articles dated one day, 29 instead
    of 35 among BBC politics 150 (benchmarks/RESULTS-stories.md).
    """

    def __init__(self, encoder: Encoder | None = None, embeddings: bool = True,
                 threshold: float = 0.27, undated_margin: float = 0.35,
                 max_gap_days: float = 3.0, far_gap_days: float = 1.5, far_margin: float = 0.1,
                 hot_gap_days: float = 0.5, hot_bonus: float = 0.12,
                 band: float = 0.05, shortlist: int = 12, postings_budget: int = 4000,
                 names_weight: float = 0.629, figures_weight: float = -0.013,
                 words_weight: float = 0.348, lead_weight: float = 0.321, place_weight: float = 0.066,
                 rescore_below: int = 1, link_members: int = 8, undated_days: bool = True,
                 shared_names_weight: float = -0.013, shared_idf_weight: float = -0.008,
                 rarest_name_weight: float = 0.005, title_weight: float = 0.104,
                 language_weight: float = 0.062, typical_lead: float = TYPICAL_LEAD):
        self.encoder = encoder
        self.embeddings = embeddings
        self.threshold = threshold
        self.undated_margin = undated_margin
        self.max_gap_days = max_gap_days
        self.far_gap_days = far_gap_days
        self.far_margin = far_margin
        self.hot_gap_days = hot_gap_days
        self.hot_bonus = hot_bonus
        self.band = band
        self.names_weight = names_weight
        self.figures_weight = figures_weight
        self.words_weight = words_weight
        self.lead_weight = lead_weight
        self.place_weight = place_weight
        self.rescore_below = rescore_below
        self.link_members = link_members
        self.undated_days = undated_days
        self.typical_lead = typical_lead
        # the beat's parts (``Scoring._cheap``): names shared, their idf in all and the rarest's,
        # title stems shared, another language
        self._beat_w = np.array([shared_names_weight, shared_idf_weight, rarest_name_weight,
                                 title_weight, language_weight])
        self._beat = bool(self._beat_w.any())
        self._more = np.zeros((0, 5))
        self._titles: dict[str, frozenset] = {}  # article id -> its title's stems
        self._wdays: dict[str, int] = {}  # article id -> the weekdays its text names (bit mask)
        self.shortlist = shortlist
        self.postings_budget = postings_budget
        self.profiles: dict[str, Profile] = {}
        self.story_of: dict[str, str] = {}
        self.members: dict[str, list[str]] = {}  # story id -> article ids, in arrival order
        self.reuse: set[frozenset] = set()
        self.best: dict[str, tuple[str, float]] = {}  # article -> (closest member, score) it joined by
        self.articles: dict[str, Article] = {}  # for labels and leads (references, not copies)
        self.encoded = 0  # lead vectors computed (the expensive signal)
        self._leads: dict[str, np.ndarray] = {}  # lead vectors handed in, used when asked for
        self._rank: dict[str, int] = {}  # story id -> creation order
        self._agg: dict[str, list] = {}  # story id -> [profile of the whole, members merged]
        # vocabularies: term -> id; document frequencies and postings (article numbers) per id
        self._name_ids: dict[str, int] = {}
        self._word_ids: dict[str, int] = {}
        self._name_list: list[str] = []
        self._ndf = _Grow(np.int64)
        self._wdf = _Grow(np.int64)
        self._npost: list[array] = []
        self._wpost: list[array] = []
        self._numpost: dict[str, array] = {}
        self._order: list[str] = []  # article number -> id
        self._days = _Grow(np.int32, _NO_DAY)
        self._token_ids: dict[str, int] = {}  # token as written -> word id (-1: not a content word)
        self._ts = _Grow(np.float64)
        self._num: dict[str, int] = {}  # article id -> number
        self._logdf = np.zeros(0)  # log(df + 1) for every df up to the number of articles
        self._scratch = np.zeros(0)  # zero but while _cheap spreads one profile's terms on it
        # what each add decided, by article number, so a kept index can be rewound to a
        # number and replayed from there (``resume``): (story id, created, stories merged in)
        # and the indexed articles it was linked to by reuse; and the number of the add that
        # computed each lead vector
        self._log: list[tuple[str, bool, tuple]] = []
        self._partners: list[frozenset] = []
        self._vec_at: dict[str, int] = {}
        self._labels: dict[tuple, tuple] = {}  # first three members -> their label (labels.label)
    # -- assignment -----------------------------------------------------------------
    def add(self, article: Article, relations: Iterable[Relation] = (), vec: np.ndarray | None = None,
            profile: Profile | None = None) -> str:
        """Assign one article to a story and return the story id.

        ``relations`` are the article's reuse relations; those to articles not yet in the index
        are ignored now and count when the other article arrives. ``vec`` is the article's lead
        vector if already at hand (used only if the cascade asks for it). ``profile`` is the
        article's profile if computed with its batch (``_profiles``).
        """
        if article.id in self.story_of:
            return self.story_of[article.id]
        p = profile or self.profile(article)
        if vec is not None:
            self._leads[article.id] = vec
        self.articles[article.id] = article
        linked, partners = [], []
        for r in relations:
            if r.kind == "same-story" or article.id not in (r.a, r.b):
                continue
            other = r.b if r.a == article.id else r.a
            if other in self.story_of:
                self.reuse.add(frozenset((article.id, other)))
                linked.append(self.story_of[other])
                partners.append(other)
        # An article that joins a story of at most ``rescore_below`` articles by reuse is
        # scored by text too: a copy of a report may arrive before the other reports of its
        # event, and the report after it (joining by reuse) would never meet them. 1 on the
        # tune families (8 of 9 exact instead of 7); on the synthetic 10k the shared-text
        # groups' pairwise P goes 0.902 -> 0.876 (merges the arrival order used to hide).
        small = linked and sum(len(self.members[s]) for s in set(linked)) <= self.rescore_below
        best = None if (linked and not small) or not self.profiles else self._best(p, set(linked))
        self._index(p)
        merged, created = (), False
        if linked:
            if best is not None and best[0] not in linked:
                linked.append(best[0])
                self.best[article.id] = (best[1], best[2])
            sid = min(linked, key=self._rank.__getitem__)
            merged = tuple(sorted(set(linked) - {sid}, key=self._rank.__getitem__))
            for other in merged:
                self._merge(sid, other)
        elif best is not None:
            sid, member, score = best
            self.best[article.id] = (member, score)
        else:
            sid, created = f"story:{article.id}", True
            self.members[sid] = []
            self._rank[sid] = len(self._rank)
        self.members[sid].append(article.id)
        self.story_of[article.id] = sid
        self._log.append((sid, created, merged))
        self._partners.append(frozenset(partners) if partners else _EMPTY)
        return sid

    def _best(self, p: Profile, joined: set = frozenset()) -> tuple[str, str, float] | None:
        """The story p joins by text evidence: its best-scoring member above the bar, or a story
        as a whole (a new angle on an event shares a little with each report of it); none of
        the stories ``joined`` (those it joins by reuse)."""
        cands, gaps = [], []
        story_gap: dict[str, float | None] = {}
        for i in self._candidates(p):
            q = self.profiles[self._order[i]]
            gap = self.gap_days(p, q)
            sid = self.story_of[q.id]
            if gap is None and p.when is not None:
                # an undated member is as old as its story: a dated article a month away does
                # not join the story through it
                if sid not in story_gap:
                    story_gap[sid] = min((g for g in (self.gap_days(p, self.profiles[m])
                                                      for m in self.members[sid]) if g is not None),
                                         default=None)
                if (story_gap[sid] or 0.0) > self.max_gap_days:
                    continue
            if not (gap or 0.0) > self.max_gap_days and sid not in joined:
                cands.append(q)
                gaps.append(gap)
        return self._choose(p, cands, gaps)

    def _index(self, p: Profile) -> None:
        n = len(self._order)
        self._order.append(p.id)
        self.profiles[p.id] = p
        self._days.ensure(n + 1)[n] = p.day
        self._ts.ensure(n + 1)[n] = p.ts
        self._num[p.id] = n
        self._ndf.a[p.names] += 1
        self._wdf.a[p.words] += 1
        # a term in more articles than the postings budget is never read: stop listing them
        # (none is while the index holds no more articles than the budget)
        ndf, wdf, budget = self._ndf.a, self._wdf.a, self.postings_budget
        for post, ids in ((self._npost, p.names if n < budget else p.names[ndf[p.names] <= budget]),
                          (self._wpost, p.words if n < budget else p.words[wdf[p.words] <= budget])):
            deque(map(array.append, map(post.__getitem__, ids.tolist()), repeat(n)), maxlen=0)
        for f in p.numbers:
            self._numpost.setdefault(f, array("i")).append(n)

    def _merge(self, keep: str, gone: str) -> None:
        for aid in self.members.pop(gone):
            self.story_of[aid] = keep
            self.members[keep].append(aid)
        self._agg.pop(gone, None)

    # -- results --------------------------------------------------------------------
    def stories(self) -> list[Story]:
        return [Story(sid, self.label(mem), list(mem)) for sid, mem in self.members.items()]

    def label(self, members: list[str]) -> str:
        """The names most members share, most specific first, as written (``labels.label``)."""
        return _label(self, members)

    def same_story_relations(self, cap: int = 5) -> list[Relation]:
        """same-story relations between members that share no text (``same_story``)."""
        return _same_story_relations(self, cap)


def cluster(articles: list[Article], relations: list[Relation] | Later, index: StoryIndex | None = None,
            **options) -> tuple[list[Story], list[Relation]]:
    """Stories of a batch and the same-story relations between members that share no text.

    Articles are added to a ``StoryIndex`` in the given order (the same answer as adding them
    one by one as they arrive). Options are ``StoryIndex`` parameters. ``relations`` may be a
    ``parallel.Later``: the articles are profiled first, while the relations are still found.
    """
    index = index or StoryIndex(**options)
    # The stage allocates many small containers and makes no reference cycles: the cyclic
    # collector would only walk the caller's whole heap again and again (a tenth of the time at
    # 10k), so it pauses for the batch and is restored as it was.
    with no_gc():
        profiles = index._profiles(articles)
        by_article: dict[str, list[Relation]] = {}
        for r in value(relations):
            if r.kind == "same-story":
                continue
            by_article.setdefault(r.a, []).append(r)
            by_article.setdefault(r.b, []).append(r)
        for a in articles:
            index.add(a, by_article.get(a.id, ()), profile=profiles.get(a.id))
        return index.stories(), index.same_story_relations()
