"""Story scoring: how strongly an article reads as the same event as another article or a
story as a whole (``Scoring``, a part of ``StoryIndex``), and which indexed articles are worth
scoring (an inverted index read rarest term first).

The score of a pair: ``names_weight`` x idf-weighted name overlap + ``figures_weight`` x shared
figures (up to 4) + ``words_weight`` x tf-idf word cosine + ``lead_weight`` x (lead cosine - 0.2)
+ ``place_weight`` when the place of one's dateline is named in the other + the beat's parts
(names shared, their idf in all, the rarest's idf, title stems shared, another language: see
``StoryIndex``); the bar it must clear moves with the publication gap. Lead vectors (the
expensive signal) are computed only for pairs the cheap signals leave within ``band`` of the
bar. A story of several articles is matched by
average link over its groups of copies (``_choose``).
"""
from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from .features import lead, title_keys, weekdays_named
from .profiles import _NO_DAY, Profile, _tf, _tfs, _times

STORY_MARGIN = 0.1
# What lead vectors typically add for one event (a lead cosine of 0.5 above its floor of 0.2,
# times ``lead_weight``), taken off the threshold without them (``StoryIndex.typical_lead``).
TYPICAL_LEAD = 0.3
Encoder = Callable[[list[str]], np.ndarray]


@dataclass
class Match:
    score: float
    evidence: list[str] = field(default_factory=list)


class Scoring:
    """Pair evidence, candidates and stories as a whole over a ``StoryIndex``'s state (set up
    by ``StoryIndex.__init__``: its vocabularies, profiles, members and parameters)."""

    def _encode(self, texts: list[str]) -> np.ndarray | None:
        if not self.embeddings:
            return None
        if self.encoder is None:
            from ..embed import encode
            self.encoder = encode
        return np.asarray(self.encoder(texts), dtype=np.float32)

    # -- pair evidence --------------------------------------------------------------
    def gap_days(self, x: Profile, y: Profile) -> float | None:
        """Days between two publication times (aware times compared in UTC, a time without a
        zone as written); whole days less half a day when either has a date only."""
        if x.when is None or y.when is None:
            return None
        tx = x.t or _times(x.when)
        ty = y.t or _times(y.when)
        if tx[4] and ty[4]:
            us = tx[1] - ty[1] if tx[0] and ty[0] else tx[2] - ty[2]
            return abs(us / 10**6) / 86400
        return max(0.0, abs(tx[3] - ty[3]) - 0.5)  # dates only: whole days

    def _cheap(self, p: Profile, qs: list[Profile]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Name overlap, shared figures and tf-idf word cosine of p against each of qs, at once."""
        k = len(qs)
        logn = math.log(self._n1())
        ndf, wdf = self._ndf.a, self._wdf.a
        if not k:
            return np.zeros(0), np.zeros(0), np.zeros(0)
        # p's terms are spread on scratch vectors indexed by term id, so each of qs' terms reads
        # its weight in p with one gather (zero when p lacks it)
        scratch = self._scratch
        if len(scratch) < max(len(ndf), len(wdf)):
            scratch = self._scratch = np.zeros(2 * max(len(ndf), len(wdf)))
        # names: idf-weighted overlap of the smaller name set (specific names count, topic names less)
        seg = np.repeat(np.arange(k), [len(q.names) for q in qs])
        qn = np.concatenate([q.names for q in qs])
        idf_q = logn - self._log1(ndf[qn])
        sy = np.bincount(seg, idf_q, minlength=k)
        sx = float((logn - self._log1(ndf[p.names])).sum())
        scratch[p.names] = 1.0
        inp = scratch[qn]
        shared = np.bincount(seg, idf_q * inp, minlength=k)
        scratch[p.names] = 0.0
        if self._beat:
            # the parts of the beat: how many names are shared, their idf in all and the rarest
            # (an event's few rare names against a beat's many common ones)
            self._more = more = np.zeros((k, 5))
            more[:, 0] = np.bincount(seg, inp, minlength=k)
            more[:, 1] = shared
            np.maximum.at(more[:, 2], seg, idf_q * inp)
            tp, lp = self._title_keys(p), self._language(p)
            for j, q in enumerate(qs):
                tq = self._title_keys(q)
                more[j, 3] = len(tp & tq) / max(1, min(len(tp), len(tq))) if tp and tq else 0.0
                more[j, 4] = float(lp != self._language(q))
        ov = np.where(shared > 0, shared / np.maximum(1e-9, np.minimum(sx, sy)), 0.0)
        # figures
        nums = np.array([min(len(p.numbers & q.numbers), 4) for q in qs], dtype=np.float64)
        # content words: tf-idf cosine
        wp = _tf(p) * (logn - self._log1(wdf[p.words]))
        normp = math.sqrt(float(wp @ wp))
        seg = np.repeat(np.arange(k), [len(q.words) for q in qs])
        qw = np.concatenate([q.words for q in qs])
        wq = _tfs(qs) * (logn - self._log1(wdf[qw]))
        normq = np.sqrt(np.bincount(seg, wq * wq, minlength=k))
        scratch[p.words] = wp
        dot = np.bincount(seg, wq * scratch[qw], minlength=k)
        scratch[p.words] = 0.0
        tcos = dot / (normp * normq + 1e-9)
        # the place of one's dateline named in the other (one's place among the other's names)
        here = np.zeros(k)
        if p.place or any(q.place for q in qs):
            pn = set(p.names.tolist())
            ids = self._name_ids
            mine = [ids.get(t) for t in p.place]
            for j, q in enumerate(qs):
                if p.place and None not in mine and np.isin(mine, q.names).all():
                    here[j] = 1.0
                elif q.place and all(ids.get(t) in pn for t in q.place):
                    here[j] = 1.0
        return ov, nums, tcos, here

    def _named_days(self, q: Profile) -> int:
        """The weekdays q's lead names, where a report says when its event happened (a bit
        mask, read once per article; 0 for a story as a whole). The whole text would name
        the days of the background too."""
        got = self._wdays.get(q.id)
        if got is None:
            a = self.articles.get(q.id)
            got = self._wdays[q.id] = weekdays_named(lead(a)) if a else 0
        return got

    def days_agree(self, x: Profile, y: Profile) -> bool:
        """One article is undated and names a weekday on which the other was published or the
        day before: its time is then no longer unknown to the pair. (Two undated articles
        naming one weekday are not enough: a long text names several.)"""
        if not self.undated_days or (x.when is None) == (y.when is None):
            return False
        if x.when is not None:
            x, y = y, x
        mine = self._named_days(x)
        if not mine:
            return False
        wd = (y.day - 1) % 7  # day ordinal 1 (0001-01-01) was a Monday
        return bool(mine & ((1 << wd) | (1 << (wd - 1) % 7)))

    def _bar(self, x: Profile, y: Profile, gap: float | None, vectors: bool) -> float:
        base = self.threshold - (0.0 if vectors else self._no_vectors())
        if gap is None:
            return base if self.days_agree(x, y) else base + self.undated_margin
        if gap > self.far_gap_days:
            return base + self.far_margin
        if gap <= self.hot_gap_days and x.when and y.when and x.when.precise and y.when.precise:
            return base - self.hot_bonus  # within hours: shared names are likelier one event
        return base

    def _combine(self, ov, nums, tcos, here):
        """The cheap score: the weighted sum of names, figures, words and place (and of the
        beat's parts, ``_cheap`` having just computed them, when they weigh)."""
        s = (self.names_weight * ov + self.figures_weight * nums + self.words_weight * tcos
             + self.place_weight * here)
        if self._beat:
            s = s + self._more @ self._beat_w
        return s

    def _title_keys(self, q: Profile) -> frozenset:
        """The content-word stems of an article's title (none for a story as a whole)."""
        got = self._titles.get(q.id)
        if got is None:
            a = self.articles.get(q.id)
            got = self._titles[q.id] = title_keys(a.title if a else None)
        return got

    def _language(self, q: Profile) -> str:
        a = self.articles.get(q.id)
        return (a.language if a else None) or "en"

    def _no_vectors(self) -> float:
        return self.lead_weight * self.typical_lead

    def match(self, x: Profile, y: Profile) -> Match:
        """How strongly two articles read as one event (0 when time rules it out)."""
        gap = self.gap_days(x, y)
        if gap is not None and gap > self.max_gap_days:
            return Match(0.0, [f"published {gap:.0f} days apart"])
        ov, nums, tcos, here = (float(v[0]) for v in self._cheap(x, [y]))
        score = float(np.sum(self._combine(ov, nums, tcos, here)))
        cos = float(np.dot(x.vec, y.vec)) if x.vec is not None and y.vec is not None else None
        if cos is not None:
            score += self.lead_weight * max(0.0, cos - 0.2)
        shared = set(x.names.tolist()) & set(y.names.tolist())
        logn, ndf = math.log(self._n1()), self._ndf.a
        top = sorted(shared, key=lambda i: (np.log(ndf[i] + 1.0) - logn, self._name_list[i]))[:4]
        ev = []
        if top:
            ev.append("shared names: " + ", ".join(self._name_list[i] for i in top))
        if here:
            ev.append("dateline place named in the other: " + ", ".join(sorted(x.place or y.place)))
        figures = x.numbers & y.numbers
        if figures:
            ev.append("shared figures: " + ", ".join(sorted(figures)[:4]))
        if cos is not None:
            ev.append(f"lead similarity {cos:.2f}")
        ev.append(f"word overlap {tcos:.2f}")
        if gap is None:
            ev.append("no publication date on one side" + (", the weekday named agrees"
                                                             if self.days_agree(x, y) else ""))
        else:
            ev.append(f"published {gap:.1f} days apart")
        return Match(round(score, 3), ev)

    def needed(self, x: Profile, y: Profile) -> float:
        """The score a pair needs: more without a date or days apart; without lead vectors the
        score lacks their share (about 0.15 for one event), so less."""
        return self._bar(x, y, self.gap_days(x, y), x.vec is not None and y.vec is not None)

    # -- candidates -----------------------------------------------------------------
    def _candidates(self, p: Profile) -> list[int]:
        """Indexed articles (numbers) that share p's rarest terms within the time window, best
        first, at most ``shortlist``: an inverted index read rarest term first, within a budget."""
        logn = math.log(self._n1())
        ndf = self._ndf.a[p.names]
        wdf = self._wdf.a[p.words]
        nums = [self._numpost[f] for f in p.numbers if f in self._numpost]
        dfs = np.concatenate([np.minimum(ndf, self.postings_budget + 1), [len(a) for a in nums],
                              np.minimum(wdf, self.postings_budget + 1)]).astype(np.int64)
        # names count double (they weigh most in the score), figures a fixed amount
        wts = np.concatenate([2.0 * (logn - self._log1(ndf)) + 0.5, np.full(len(nums), 0.5),
                              logn - self._log1(wdf)])
        order = np.argsort(dfs, kind="stable")
        order = order[dfs[order] > 0]
        if not len(order):
            return []
        within = np.cumsum(dfs[order]) <= self.postings_budget
        within[0] = True
        order = order[within]
        # postings by position (names, then figures, then words), looked up in C
        posts = list(map(self._npost.__getitem__, p.names.tolist()))
        posts += nums
        posts += map(self._wpost.__getitem__, p.words.tolist())
        posts = list(map(posts.__getitem__, order.tolist()))
        found = np.frombuffer(b"".join(posts), dtype=np.int32)
        weight = np.repeat(wts[order], list(map(len, posts)))
        if p.day != _NO_DAY:
            days = self._days.a[found]  # int32: only an undated article's marker wraps (let through)
            near = (days == _NO_DAY) | (np.abs(days - p.day) <= math.ceil(self.max_gap_days) + 2)
            found, weight = found[near], weight[near]
        if not len(found):
            return []
        uniq, acc = _tally(found, weight)
        if len(uniq) > self.shortlist:
            top = np.argpartition(-acc, self.shortlist - 1)[:self.shortlist]
            uniq, acc = uniq[top], acc[top]
        return uniq[np.lexsort((uniq, -acc))].tolist()

    def _vectors(self, ps: list[Profile]) -> None:
        """Lead vectors for the profiles that lack one, in one encoder call."""
        todo = list({q.id: q for q in ps if q.vec is None}.values())
        if not todo or not self.embeddings:
            return
        vecs = {q.id: self._leads.pop(q.id) for q in todo if q.id in self._leads}
        texts = [(q.id, lead(self.articles[q.id])) for q in todo
                 if q.id not in vecs and q.id in self.articles]
        if texts:
            vecs.update(zip((i for i, _ in texts), self._encode([t for _, t in texts])))
        for q in todo:
            if q.id in vecs:
                q.vec = np.asarray(vecs[q.id], dtype=np.float32)
                self.encoded += 1
                # match() reads a vector once computed: a rewind forgets those of the adds undone
                self._vec_at[q.id] = len(self._order)

    def _score(self, p: Profile, qs: list[Profile], margins: list[float] | None = None,
               members: list[list[Profile] | None] | None = None,
               gaps: list[float | None] = ()) -> list[tuple[float, float]]:
        """(score, bar) of p against each of qs (articles, or stories as a whole with their
        ``margins`` and the ``members`` that give their lead vector); 0 when time rules a pair
        out. Lead vectors are used (and computed, all at once) only for pairs the cheap signals
        leave within ``band`` of the bar. ``gaps``: the publication gaps of the first of qs, if
        known."""
        if not qs:
            return []
        cheap = self._combine(*self._cheap(p, qs))
        out = []
        for j, (q, s) in enumerate(zip(qs, cheap.tolist())):
            gap = gaps[j] if j < len(gaps) else self.gap_days(p, q)
            if gap is not None and gap > self.max_gap_days:
                out.append((0.0, math.inf))
            else:
                out.append((s, self._bar(p, q, gap, False) + (margins[j] if margins else 0.0)))
        near = [j for j, (s, bar) in enumerate(out) if self.embeddings and abs(s - bar) < self.band]
        if near:
            story = [members[j] if members else None for j in range(len(qs))]
            self._vectors([p] + [m for j in near for m in (story[j] or [qs[j]])])
            for j in near:
                s, bar = out[j]
                # a story as a whole: the mean of its members' lead vectors
                vq = self._story_vector(qs[j].id) if story[j] is not None else qs[j].vec
                if p.vec is not None and vq is not None:
                    out[j] = (s + self.lead_weight * max(0.0, float(np.dot(p.vec, vq)) - 0.2),
                              bar + self._no_vectors())
        return [(round(s, 3), bar) for s, bar in out]

    # -- choosing the story ------------------------------------------------------------
    def _choose(self, p: Profile, cands: list[Profile], gaps: list[float | None]
                ) -> tuple[str, str, float] | None:
        """The story p joins among the stories of the shortlisted articles ``cands`` (their
        publication gaps ``gaps``): (story id, the member it matches best, score), or None.

        A one-article story is joined when p matches its article. A bigger one, with
        ``link_members`` 0 (single link), when p matches any member or the story as a whole
        (``_whole``). With ``link_members`` k (average link), when p matches the story's groups
        of copies on average: its members (up to k, the shortlisted ones first, then in
        arrival order) grouped by the reuse links among them, each group speaking by its best
        member (copies of one text are one piece of evidence), and the mean score over the
        groups time does not rule out clearing their mean bar. One member that shares a beat
        with p no longer carries p into its story, so a day of one topic's news does not chain
        into one story, while a report of an event joins the copies of another report of it."""
        if not cands:
            return None
        by_story: dict[str, list[Profile]] = {}
        for q in cands:
            by_story.setdefault(self.story_of[q.id], []).append(q)
        sids = sorted(by_story, key=self._rank.__getitem__)
        big = [sid for sid in sids if len(self.members[sid]) > 1]
        k = self.link_members
        if k:
            extra = []
            for sid in big:
                have = {q.id for q in by_story[sid]}
                more = [self.profiles[m] for m in self.members[sid] if m not in have]
                more = more[:max(0, k - len(have))]
                by_story[sid] += more
                extra += more
            qs = cands + extra
            scores = self._score(p, qs, gaps=list(gaps) + [self._member_gap(p, q) for q in extra])
            at = {q.id: j for j, q in enumerate(qs)}
        else:
            qs = cands + [self._whole(sid, p) for sid in big]
            margins = [0.0] * len(cands) + [STORY_MARGIN] * len(big)
            members = [None] * len(cands) + [by_story[sid] for sid in big]
            scores = self._score(p, qs, margins, members, gaps)
            at = {q.id: j for j, q in enumerate(cands)}
            whole_at = {sid: len(cands) + j for j, sid in enumerate(big)}
        best = None  # (score, sid, member)
        for sid in sids:
            entries = [(q, scores[at[q.id]]) for q in by_story[sid]]
            near = max(entries, key=lambda e: e[1][0])[0]
            if k and len(self.members[sid]) > 1:
                seen = [max(g, key=lambda sb: sb[0] - sb[1]) for g in
                        self._copies([(q.id, sb) for q, sb in entries])]
                seen = [sb for sb in seen if sb[1] != math.inf]
                if not seen:
                    continue
                found = [(sum(x for x, _ in seen) / len(seen), sum(b for _, b in seen) / len(seen), near)]
            else:
                found = [(s, bar, q) for q, (s, bar) in entries]
                if not k and sid in whole_at:
                    found.append((*scores[whole_at[sid]], near))
            for s, bar, q in found:
                if s >= bar and (best is None or s > best[0]):
                    best = (s, sid, q.id)
        return None if best is None else (best[1], best[2], best[0])

    def _copies(self, scored: list[tuple[str, tuple[float, float]]]) -> list[list[tuple[float, float]]]:
        """The (score, bar) of members grouped by the reuse links among them (as each member
        was linked when added), in order of first member."""
        up = {m: m for m, _ in scored}

        def root(x):
            while up[x] != x:
                up[x] = x = up[up[x]]
            return x
        for m, _ in scored:
            for o in self._partners[self._num[m]]:
                if o in up:
                    up[root(o)] = root(m)
        groups: dict[str, list] = {}
        for m, sb in scored:
            groups.setdefault(root(m), []).append(sb)
        return list(groups.values())

    def _member_gap(self, p: Profile, q: Profile) -> float | None:
        """p's publication gap to a story's member; an undated member is as old as its story
        (the gap to the story's nearest dated member)."""
        gap = self.gap_days(p, q)
        if gap is None and p.when is not None:
            gap = min((g for g in (self.gap_days(p, self.profiles[m])
                                   for m in self.members[self.story_of[q.id]]) if g is not None),
                      default=None)
        return gap

    # -- stories as a whole -----------------------------------------------------------
    def _whole(self, sid: str, p: Profile) -> Profile:
        """The members of a story as one profile, dated like the member closest in time to p;
        the terms are merged as members arrive, not recomputed. Beyond two members only the
        names and figures that recur in the story speak for it: the union of a big story's
        names would match nearly any article on its topic, and the story would snowball."""
        mem = self.members[sid]
        agg = self._agg.get(sid)
        if agg is None:
            agg = self._agg[sid] = [None, 0, np.zeros(0, np.int64), np.zeros(0), Counter()]
        whole, done, nid, ncount, figures = agg
        if done < len(mem):
            ps = [self.profiles[m] for m in mem[done:]]
            nid, ncount = _tally(np.concatenate([nid] + [q.names for q in ps]),
                                 np.concatenate([ncount, np.ones(sum(len(q.names) for q in ps))]))
            for q in ps:
                figures.update(q.numbers)
            if whole is not None:
                ps.append(whole)
            wid, cnt = _tally(np.concatenate([q.words for q in ps]), np.concatenate([q.counts for q in ps]))
            core = 1 if len(mem) <= 2 else 2
            whole = Profile(sid, nid[ncount >= core], wid, cnt,
                            frozenset(f for f, c in figures.items() if c >= core), None, None)
            agg[:] = [whole, len(mem), nid, ncount, figures]
        dated_like = None  # the member whose time the whole takes
        if p.when is not None and len(mem) <= 32:  # few members: plain Python beats numpy calls
            best = math.inf
            for m in mem:
                q = self.profiles[m]
                if q.day != _NO_DAY and abs(q.ts - p.ts) < best:
                    best, dated_like = abs(q.ts - p.ts), q
        elif p.when is not None:
            nums = np.fromiter(map(self._num.__getitem__, mem), dtype=np.int64, count=len(mem))
            dated = self._days.a[nums] != _NO_DAY
            if dated.any():
                k = int(np.argmin(np.where(dated, np.abs(self._ts.a[nums] - p.ts), np.inf)))
                dated_like = self.profiles[mem[k]]
        elif all(self.profiles[m].when is not None for m in mem):
            dated_like = self.profiles[mem[0]]
        if dated_like is None:
            return Profile(sid, whole.names, whole.words, whole.counts, whole.numbers, None, None,
                           tf=_tf(whole))
        return Profile(sid, whole.names, whole.words, whole.counts, whole.numbers, dated_like.when,
                       None, t=dated_like.t, tf=_tf(whole))

    def _story_vector(self, sid: str) -> np.ndarray | None:
        vecs = [v for v in (self.profiles[m].vec for m in self.members[sid]) if v is not None]
        if not vecs:
            return None
        v = np.mean(vecs, axis=0)
        return v / (np.linalg.norm(v) + 1e-12)


def _tally(ids: np.ndarray, weights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct ids (sorted) and the sum of their weights, summed in the given order: what
    np.unique(ids, return_inverse=True) and np.bincount give, in fewer calls."""
    if not len(ids):
        return ids, np.zeros(0)
    s = np.sort(ids)
    uniq = s[np.concatenate(([True], s[1:] != s[:-1]))]
    return uniq, np.bincount(np.searchsorted(uniq, ids), weights, minlength=len(uniq))
