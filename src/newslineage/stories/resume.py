"""A kept ``StoryIndex`` brought up to date with a grown corpus: what the store's add runs
instead of clustering the whole corpus again.

The index is online and its state after n articles depends only on those n articles, in
order, and on the reuse links among them. When a corpus grows, what one ``cluster`` of the
whole would give differs from the kept index only from the first article that changed: one
whose cleaned text (or lead) is not what it was (its furniture lines became repeated), or
one linked to other earlier articles than before (a relation among stored articles appeared
or went: candidate caps and sibling pairs move as articles arrive). The index is rewound to
that article (its term counts, postings and vocabulary, and the stories as the add log
rebuilds them) and the articles from there on are added again; the profiles of articles
before the first changed text are kept. A moved link changes nothing when the article was
linked to the same stories through its other links then (the add log says which stories
those were). So the answer is the one ``cluster`` gives.
"""
from __future__ import annotations

from ..model import Article, Relation, Story
from ..parallel import no_gc
from .index import StoryIndex, cluster


def resume(index: StoryIndex | None, articles: list[Article], relations: list[Relation],
           stats: dict | None = None, **options) -> tuple[StoryIndex, list[Story], list[Relation]]:
    """(index, stories, same-story relations) of ``articles`` (in order) and their reuse
    ``relations``, from ``index`` kept from a prefix of them (None: clustered from nothing by
    a ``StoryIndex(**options)``; a kept index is updated in place). ``stats`` gets where the
    replay started."""
    if index is None or not _kept_order(index, articles):
        index = StoryIndex(**options)
        out = cluster(articles, relations, index=index)
        if stats is not None:
            stats.update(replayed_from=0, articles=len(articles))
        return (index,) + out
    n = len(index._order)
    by_article: dict[str, list[Relation]] = {}
    for r in relations:
        if r.kind == "same-story":
            continue
        by_article.setdefault(r.a, []).append(r)
        by_article.setdefault(r.b, []).append(r)
    changed = _first_changed_text(index, articles)
    start = _first_moved_link(index, articles, by_article, changed)
    with no_gc():
        kept = _rewind(index, start, changed)
        profiles = index._profiles(articles[changed:])
        profiles.update(kept)
        for a in articles[start:]:
            index.add(a, by_article.get(a.id, ()), profile=profiles.get(a.id))
        if stats is not None:
            stats.update(replayed_from=start, articles=len(articles), kept=n)
        return index, index.stories(), index.same_story_relations()


def _kept_order(index: StoryIndex, articles: list[Article]) -> bool:
    """The kept articles are the first of ``articles``, in the same order."""
    n = len(index._order)
    return n <= len(articles) and all(a.id == i for a, i in zip(articles, index._order))


def _first_changed_text(index: StoryIndex, articles: list[Article]) -> int:
    """The first kept article whose profile or lead would read otherwise now."""
    for i, aid in enumerate(index._order):
        a, old = articles[i], index.articles.get(aid)
        if a is old:
            continue
        if (old is None or a.title != old.title or a.text != old.text or a.published != old.published
                or list(a._sentences or ())[:3] != list(old._sentences or ())[:3]):
            return i
    return len(index._order)


def _first_moved_link(index: StoryIndex, articles: list[Article], by_article: dict,
                      until: int) -> int:
    """The first kept article (before ``until``) whose add would decide otherwise with today's
    reuse links: one linked to other earlier articles than when it was added, and so to
    another set of stories as they stood then. One whose links moved within the stories it
    was linked to decides as it did: its links are updated in place."""
    pos = {a.id: i for i, a in enumerate(articles)}
    moved = []
    for i in range(until):
        aid = index._order[i]
        now = set()
        for r in by_article.get(aid, ()):
            other = r.b if r.a == aid else r.a
            if pos.get(other, until) < i:
                now.add(other)
        if now != index._partners[i]:
            moved.append((i, frozenset(now)))
    if not moved:
        return until
    # the stories as they stood at each moved add, from the add log
    story_of: dict[str, str] = {}
    members: dict[str, list[str]] = {}
    at = 0
    for i, now in moved:
        for aid, (sid, created, merged) in zip(index._order[at:i], index._log[at:i]):
            if created:
                members[sid] = []
            for other in merged:
                for x in members.pop(other):
                    story_of[x] = sid
                    members[sid].append(x)
            members[sid].append(aid)
            story_of[aid] = sid
        at = i
        if {story_of[o] for o in now} != {story_of[o] for o in index._partners[i]}:
            return i
        aid = index._order[i]
        index.reuse -= {frozenset((aid, o)) for o in index._partners[i]}
        index.reuse |= {frozenset((aid, o)) for o in now}
        index._partners[i] = now
    return until


def _rewind(index: StoryIndex, start: int, changed: int) -> dict:
    """Undo the adds from article number ``start`` on, and forget the vocabulary first met
    from number ``changed`` on (their texts are profiled again). Returns the profiles of the
    articles from ``start`` to ``changed``, to be added again as they are."""
    n = len(index._order)
    if start >= n:  # nothing to undo: the stories (and their merged profiles) stand
        return {}
    gone = index._order[start:]
    # lead vectors computed by the adds undone: match() must not find them
    for aid, at in list(index._vec_at.items()):
        if at >= start:
            p = index.profiles.get(aid)
            if p is not None:
                p.vec = None
            del index._vec_at[aid]
    kept = {aid: index.profiles[aid] for aid in index._order[start:changed]}
    # term counts and postings: each add appended its number last to its terms' postings
    ndf, wdf = index._ndf.a, index._wdf.a
    for i in range(n - 1, start - 1, -1):
        p = index.profiles.pop(index._order[i])
        ndf[p.names] -= 1
        wdf[p.words] -= 1
        for post in [index._npost[t] for t in p.names.tolist()] + [index._wpost[t] for t in p.words.tolist()]:
            if post and post[-1] == i:
                post.pop()
        for f in p.numbers:
            post = index._numpost[f]
            if post and post[-1] == i:
                post.pop()
            if not post:
                del index._numpost[f]
        del index._num[p.id]
    del index._order[start:]
    if changed < n:
        _forget_terms(index, [index.profiles[a] for a in index._order[:changed]] +
                      [kept[a] for a in gone[:max(0, changed - start)]])
    # the stories as the kept adds left them
    log = index._log[:start]
    del index._log[start:], index._partners[start:]
    index.story_of, index.members, index._rank, index._agg = {}, {}, {}, {}
    for aid, (sid, created, merged) in zip(index._order, log):
        if created:
            index.members[sid] = []
            index._rank[sid] = len(index._rank)
        for other in merged:
            for x in index.members.pop(other):
                index.story_of[x] = sid
                index.members[sid].append(x)
        index.members[sid].append(aid)
        index.story_of[aid] = sid
    dropped = set(gone)
    for aid in gone:
        index.best.pop(aid, None)
        index.articles.pop(aid, None)
        index._wdays.pop(aid, None)
        index._titles.pop(aid, None)
    index.reuse = {pair for pair in index.reuse if dropped.isdisjoint(pair)}
    return kept


def _forget_terms(index: StoryIndex, before: list) -> None:
    """Drop the terms first met after the profiles ``before`` (ids are given in order of first
    occurrence, so those are the ids above the largest these use)."""
    nw = 1 + max((int(p.words[-1]) for p in before if len(p.words)), default=-1)
    nn = 1 + max((int(p.names[-1]) for p in before if len(p.names)), default=-1)
    index._word_ids = {t: i for t, i in index._word_ids.items() if i < nw}
    index._token_ids = {t: i for t, i in index._token_ids.items() if i < nw}
    index._name_ids = {t: i for t, i in index._name_ids.items() if i < nn}
    del index._wpost[nw:], index._npost[nn:], index._name_list[nn:]
    index._wdf.a[nw:] = 0
    index._ndf.a[nn:] = 0
