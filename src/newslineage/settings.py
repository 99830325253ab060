"""Settings: every threshold of the pipeline in one place, one dataclass per stage.

    from newslineage import Settings, analyze
    st = Settings()
    st.candidates.k_lexical = 20
    report = analyze(["articles/"], settings=st)

or from a TOML file (``newslineage analyze --config FILE.toml``)::

    [candidates]
    k_lexical = 20

Each field carries its default and a comment: what it means and the data it was chosen on.
The pipeline hands each stage its own part (``settings.candidates`` to the candidate stage...).
This module imports nothing of the package: every stage may import it.
"""
from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class ReadSettings:
    """Reading inputs (files, directories, JSON Lines, WARC): size caps, so that no single
    input can take the run's memory.

    None of these is tuned on data: they are safety bounds far above any news article (the
    longest article of the 10k-article synthetic corpus and of the HTML pages of
    ../shared/data is under 1 MB of text), so only hostile or broken inputs meet them.
    """
    # One article's raw bytes (a text or HTML file, a JSON Lines line, a WARC record): a
    # larger one is skipped with a message, never read whole.
    max_article_bytes: int = 32 << 20
    # One JSON document or CSV/TSV table, which is parsed whole: larger, give JSON Lines.
    max_document_bytes: int = 256 << 20
    # A compressed input that inflates past this many times its own size (and past
    # max_article_bytes) is a decompression bomb: read up to there and stopped. Text and
    # HTML compress 3-10x with gzip, a JSON Lines dump of near-copies up to ~30x.
    max_inflation: int = 200


@dataclass
class CleanSettings:
    """Cleaning articles: furniture, metadata, dates, language.

    The furniture model's own settings ship with it (resources/furniture_model.json, its
    "info" says how each was chosen): tools/train_furniture.py picks them by 5-fold
    cross-validation grouped by web site on ../shared/data/article-extraction (80 pages,
    58 sites). None here means that shipped value.
    """
    # Use the learned furniture model at all (False: the cue and shape rules alone).
    furniture_model: bool = True
    # p(furniture) from which the model removes a line the rules left as body; shipped
    # 0.20 (the best benchmark F1 over out-of-fold predictions, grid 0.10-0.85; low because
    # prose joined to the main run is kept whatever its score).
    furniture_threshold: float | None = None
    # The model runs on a text only when this many short lines are left unexplained by the
    # rules: a page copied whole holds dozens (median 44 on the 80 pages), an extracted
    # article none (BBC news-base: 99% hold at most 4). Shipped 12: the largest within
    # 0.003 F1 of the best by grouped CV (0: 0.890, 12: 0.887).
    furniture_min_unexplained: int | None = None
    # The model's second pass over blocks of the kept text (clean/segments.py: comment
    # threads, teaser lists, related posts in prose), when the shipped model carries one.
    furniture_segments: bool = True


@dataclass
class CandidateSettings:
    """Knobs of the candidate stage; the defaults suit news corpora of any size."""
    # LSH bands of the 128-permutation MinHash (32 x 4 rows: collision probability 0.5 at
    # Jaccard ~0.42, 0.99 at 0.6).
    bands: int = 32
    # A pair needs about this many shared shingles (a dozen shared words): one short
    # furniture line in common is not reuse. Between two longer articles it needs up to
    # min_shared_long (a sentence of ~20 words), but never more than min_share_of_smaller
    # of the smaller article's shingles: the relate stage does not count one shared
    # sentence that is under 15% of both articles, and a short brief stays findable.
    # (100k synthetic articles: 8 -> 16 drops 252k of 298k false lexical pairs and 3 of
    # 47,915 copy-source pairs; 10k: no copy-source pair lost.)
    min_shared: float = 8.0
    min_shared_long: float = 16.0
    min_share_of_smaller: float = 0.15
    # Document frequency (df) of a passage: the articles that carry it. A passage in more than
    # max(min_df_cap, max_df_share * n) articles is furniture or boilerplate, not reuse, and is
    # dropped; below that, the evidence of a passage in df > df_soft articles is weighted by
    # sqrt(df_soft / df) (idf-like), so a short paywall line in 30 excerpts weighs little
    # while a wire paragraph reprinted as often still pairs its reprints through its length.
    min_df_cap: int = 100
    max_df_share: float = 0.01
    df_soft: int = 5
    # In a band bucket, a passage pairs with the next bucket_distance passages only (a
    # passage shared by hundreds of articles: linear, not quadratic, work).
    bucket_distance: int = 32
    # Per-article caps, per signal (top by score); a pair stays if either side keeps it.
    k_lexical: int = 12
    k_names: int = 2
    k_embedding: int = 3
    # Names: shared rare features needed, and the rarity cut (document frequency).
    names_min_shared: int = 4
    names_min_overlap: float = 0.3
    names_min_score: float = 0.0
    names_max_df: int = 50
    # How k_names caps the names signal's pairs. "either": a pair stays if either article
    # ranks it among its k_names best; partners whose summed idfs are equal (to 1e-6: the
    # same idfs added in another order) rank the earlier article first, not by rounding
    # noise, so a store's later batches rarely move a stored article's partners (synthetic
    # 2k added in 10 batches: moved relations among stored articles 9 -> 2; families tune
    # reuse 3013 -> 3014/3227, held-out 815 -> 820/859, P unchanged). "earlier": each article
    # ranks only the articles before it, decided when it arrives (moved relations 9 -> 0 at
    # 2k, 26 -> 17 at 10k), at some precision: families reuse P tune 0.999 -> 0.997,
    # held-out 0.962 -> 0.949 (benchmarks/RESULTS-store.md).
    names_cap: str = "either"
    # Embedding: below embed_all_below articles every article is encoded and the orphans
    # (no lexical or names candidate) query them all; above, at most max(embed_all_below,
    # embed_min + embed_share * n) articles are encoded (no drop in what is found when a pile
    # grows past embed_all_below; USE manages ~50-300 texts/s a core): the orphans
    # with loose name partners first (strongest first), then their top partners, then
    # orphans without partners. 0.6: a translation's or rewrite's title + first sentence
    # sits at 0.68-0.96 from its source's, unrelated news on the same subject at <= 0.5
    # (examples/corpus).
    embed_all_below: int = 300
    embed_share: float = 0.01
    embed_min: int = 200
    embed_partners: int = 5
    embed_min_cos: float = 0.6
    # How the work is run, not what is found: worker processes (None: all cores; the
    # pipeline sets it from its ``workers`` option) and articles per batch.
    workers: int | None = None
    batch_size: int = 250


@dataclass
class ReuseSettings:
    """Aligning candidate pairs and deciding their relation (copy, excerpt, rewrite...)."""
    # The same-content decision (``same``; each sentence pair of ``compare --pairs``): "same"
    # when the classifier's probability is at least this. Chosen by tools/fit_same.py for the
    # shipped stack (LightGBM + logistic): the threshold with the best out-of-fold accuracy of
    # 10-fold grouped cross-validation on MRPC train (less a held-out tenth of its groups) and
    # the 95 Clough-Stevenson answer/source pairs, pooled over three shuffles of the folds (one
    # shuffle gave 0.53; 0.55 for LightGBM alone); the nested CV of benchmarks/same_round8.py
    # chose 0.50 on median. The model file keeps the same value (a test holds them equal).
    same_threshold: float = 0.49
    # Whole-article paraphrase and translation (``reuse.blocks``): an ordered alignment of the
    # sentences the lexical step left. A block (1-3 sentences against 1-3) counts when its
    # cosine is >= block_floor, >= block_margin above its sentences' mean cosine to their 4
    # closest sentences of the other side, each of its sentences >= block_member to the other
    # side's block, its figures not all different (compared by their significant digits: units
    # change in a translation) and its names meeting (first five letters, accents folded); the
    # blocks must hold >= block_share of one side's sentences. A same-language pair with no
    # lexical anchor is tried when >= block_chain (and >= block_chain_share of the smaller
    # side's) sentence pairs sharing 2 content words stand in order. Chosen on the TUNE half
    # of benchmarks/families (built from ../shared/data/news-base), never on the heldout half:
    # grid and figures in benchmarks/RESULTS.md; block_chain_share raised from 0.3 to 0.7 for
    # cost (synthetic 2k: 1.2x the aligner's CPU without blocks, 2.8x at 0.3). block_margin
    # 0.15 -> 0.12 once blocks ran over every leftover sentence: aligning all 4,465 pairs of
    # the tune half, sides within 0.15 of the estimate 305 -> 310 of 378, unrelated pairs
    # related 1 -> 1 (floor 0.55 reached 322 but related a same-topic different-event pair).
    # With the gap fill, block_margin 0.12 -> 0.16: tune half (9 families), relate_one, sides
    # within 0.15 of 378 at margin 0.12 / 0.14-0.18 / 0.19 / 0.2: 352 / 353-354 / 345 / 346,
    # every leave-one-family-out fold best within 0.14-0.18 (0.16, its middle: 0.19 falls off);
    # BBC news-base candidate pairs sharing no text (5-gram containment < 0.02, 1,164 pairs
    # of one saga or topic) called a rewrite 4 -> 2 (benchmarks/bbc_overlaps.py).
    block_floor: float = 0.6
    block_margin: float = 0.16
    block_member: float = 0.3
    block_share: float = 0.6
    block_chain: int = 3
    block_chain_share: float = 0.7
    # Across languages a block's names meet when one name of a side meets a name or a
    # capitalised first word of the other (same first four letters, one inside the other,
    # or rapidfuzz ratio >= 72: Kazakhstan/Kasachstan, Europe/Osteuropa); a side naming
    # nothing cannot disagree. False: the first-four-letters rule over names and first words
    # ("Staff" against "Uma" vetoed a block). Tune half, relate_one over its 189 related
    # pairs: sides within 0.15 of the estimate 310 -> 318 of 372.
    block_fuzzy_names: bool = True
    # Sentences left between two aligned places of an ordered relation (and before the
    # first, after the last, when both sides have some) are aligned among themselves at
    # cosine >= gap_floor (no margin: the order is the evidence), when the relation holds
    # >= gap_chain anchors in order; 1.0 turns it off. Tune half, relate_one over its 189
    # related pairs (sides within 0.15 of 372): off 318, 0.5 343, 0.45 344, 0.4 347, 0.35
    # 350, 0.3 / 0.25 / 0.2 351; leave-one-family-out (the highest floor of the best on the
    # other eight) chooses 0.3 in every fold. The anchors in order must also hold >=
    # gap_share of the smaller side's sentences (a rendering in order, not two texts sharing
    # a few sentences): without it make_corpus 2k --seed 1 got 4 false pairs (two weak
    # paraphrase anchors grew into a "rewrite" that then related siblings), pairs P 0.992
    # -> 0.990; tune sides within 0.15 at gap_share 0 / 0.3 / 0.4 / 0.5 / 0.6: 351 / 351 /
    # 351 / 349 / 347 (0.4, the highest of the best, brings 2k back to 0.992, R 0.984).
    gap_floor: float = 0.3
    gap_chain: int = 2
    gap_share: float = 0.4
    # A gap block whose cosine is >= gap_sure stands without its facts meeting (a figure
    # changed by a rewrite or a translation, a name written another way: "the UK" / "het
    # Verenigd Koninkrijk"); 1.0: every block's facts must meet. Tune half of
    # benchmarks/families (38 families, 781 related pairs, benchmarks/families/coverage_cv.py):
    # sides within 0.15 of the estimate at 1.0 / 0.8 / 0.7 / 0.6 / 0.55 / 0.45 / 0.3: 1322 /
    # 1334 / 1371 / 1391 / 1392 / 1392 / 1391 of 1562; leave-one-family-out (ties to the
    # higher) chooses 0.55 in 36 of 38 folds (0.6, 0.45 once each): 1389.
    gap_sure: float = 0.55
    # After the gap fill, in a relation it applies to that is not a copy, the sentences still
    # unpaired on both sides are paired when each is the other's closest at cosine >=
    # moved_floor (a sentence a rewrite moved elsewhere; facts as in the gaps); 1.0 turns it
    # off. Tune half (coverage_cv.py, with gap_sure 0.55): sides within 0.15 of 1562 at 1.0 /
    # 0.8 / 0.7 / 0.6 / 0.55 / 0.5 / 0.45 / 0.4: 1392 / 1392 / 1398 / 1404 / 1408 / 1417 /
    # 1419 / 1418; leave-one-family-out 0.45 in 37 of 38 folds (0.5 once): 1417. The pairs
    # it adds there, read against the families' provenance: 27 right, 1 wrong at 0.45 (14 /
    # 0 at 0.6); a margin over the runner-up (0.05-0.1) removes right ones only.
    moved_floor: float = 0.45
    # A moved pair whose facts do not meet stands when its cosine is moved_sure or more (1.0:
    # never: its facts must meet). Unlike a gap's block (gap_sure), no aligned sentence around
    # it says the two render one statement: two reports of one event hold many close
    # sentences that state different things, so every moved pair is a passage of its own,
    # marked (Passage._moved): it counts for coverage and feeds no drift. With the mark
    # ("count for coverage, feed no drift", the rule that won 38 of 38 leave-one-family-out
    # folds below: 1419 sides, 292 / 149 findings) the cosine may stand again: 0.55.
    # Tune half (benchmarks/families/moved_pairs.py,
    # moved_floor 0.45): of the distinct pairs the step took, 22 right by provenance, 1 wrong;
    # the 2 that stood on the cosine alone (one sentence, cosine 0.77) are right but feed 3
    # false drift findings, none true (every moved pair's finding there is false). moved_sure
    # 0.55-0.75 / 0.8-1.0: sides within 0.15 1419 / 1415 of 1562, drift findings false 155 /
    # 152 (true 292 at all); leave-one-family-out, drift first (true - 2 x false) then
    # coverage, ties to the stricter: 1.0 in 38 of 38 folds (1415 sides, 152 false). MRPC
    # train (benchmarks/moved_mrpc.py): pairs of one event's sentences whose facts do not
    # meet are the same statement 25-35% of the time at cosine 0.55-0.70, 63% at 0.70-0.80.
    # Families with the mark (benchmarks/RESULTS-stories.md, seventh round): tune coverage
    # 0.916 -> 0.919, drift false records 104 -> 103, true 154; held-out coverage 0.931 -> 0.936.
    moved_sure: float = 0.55
    # Before the first anchor and after the last, only the gap_tail leftover sentences of
    # each side nearest the anchor are aligned (further out a side goes on with text of its
    # own: a merge's other source, the rest of an excerpted original), gap_copy_tail when
    # every anchor is a verbatim or near-verbatim sentence (a copy: at most a new lead or
    # ending). Tune half, relate_one over its related pairs (sides within 0.15 of 378):
    # one tail for both 0 / 1 / 2 / 3 / 5 / all: 342 / 350 / 350 / 351 / 351 / 351; with
    # tail 3, copy tail 0 / 1 / 2: 350 / 352 / 351; (3, 1) is the best in every
    # leave-one-family-out fold (the larger on ties). Synthetic 10k: tail sentences encoded
    # 17,058 -> 8,512 (3 for all) -> see benchmarks/RESULTS-scale.md.
    gap_tail: int = 3
    gap_copy_tail: int = 1
    # Two articles the aligner did not relate but that render one stretch of a partner both
    # are related to (reuse/pivot.py): a composed passage needs the two stretches of the
    # partner to overlap by `through_share` of the longer, the relation `through_coverage`
    # of each side. Chosen on the tune half of benchmarks/families (main at ba46c5a: 22
    # sibling pairs left unrelated, 7 of them related in truth; /tmp grid, figures in
    # benchmarks/RESULTS-lineage.md): share 0.3-0.6 x coverage 0.1 relate one or two false
    # pairs through a merge (coverage 0.11 and 0.145 on one side), 0.15 and 0.2 none, six of
    # the seven true ones at every share. The middle of that plateau: 0.5 and 0.15.
    # Only relations of confidence >= `through_score` carry a composition: on make_corpus
    # 2k --seed 2 every false composed pair went through a false "rewrite" of confidence
    # 0.76-0.80; the tune families' true ones each have a partner related at >= 0.93 to both.
    through_share: float = 0.5
    through_coverage: float = 0.15
    through_score: float = 0.9


@dataclass
class LineageSettings:
    """Who took from whom: the weights of a family's derivation graph (lineage.forest), on
    the log-odds-like scale of the pairwise votes (lineage.direction: credit of the partner's
    outlet 3, times 1.5, containment 1, retelling 1, edits 0.5 each).

    Chosen on synthetic corpora (make_corpus.py 2,000 articles, --seed 1 for the grid, --seed
    2 held out; benchmarks/lineage_truth.py) and the tuning half of benchmarks/families:
    benchmarks/RESULTS-lineage.md "Forest" has the grid and the held-out figures.
    """
    # An article's prior of being an original: a parent needs more than this (one
    # containment, retelling or two-edit vote, 1.0, is enough; ties stay unknown).
    root: float = 0.95
    # A credit line or reprint phrase naming a source ("REUTERS", "first appeared in X").
    credit: float = 3.0
    # An in-text attribution ("according to AFP") that a related article's credit or
    # attribution corroborates (their common source). Alone it is the source of a fact, not
    # of the text, and gives no edge.
    cite: float = 1.5
    # x shares text with p, and p has that text from A (p's tree top, or for a merge the
    # source of the passages x shares): A -> x weighs as p -> x without a credit of p's
    # outlet, plus this. Above root, so an article whose only link to A is p is A's
    # sibling of p, not p's copy, unless it credits p's outlet. 1.0 over 0.25 on the tune
    # half of benchmarks/families (lineage right for 84 of the 94 related pairs found, 63 at
    # 0.25); the synthetic corpus cannot tell them apart.
    common: float = 1.0
    # Confidence of a decision: 1 - exp(-margin / confidence_scale), margin = the chosen
    # parent's weight over the next best (the root included).
    confidence_scale: float = 1.5
    # Two texts that share a version their source's text lacks (lineage/versions.py): the
    # same word changes or the same cut against a third article. The pair's edges gain
    # `version` (both ways: time and containment still choose which took from which), and
    # neither becomes the other's sibling through their source. Same text: at most
    # `version_same` of the aligned words differ, over at least `version_whole` of one side;
    # changes: both depart from the third by `version_apart` more than from each other.
    # Grid (benchmarks/lineage_truth.py grid, make_corpus 2k --seed 1, and the tune half of
    # benchmarks/families): version 0 / 0.5 / 1 / 2 right 0.685 / 0.685 / 0.700 / 0.698
    # (seed 1) and 0.974 / 0.984 / 0.995 / 0.989 (tune); version_apart 0.02 / 0.04 / 0.08
    # 0.700 / 0.697 / 0.693 (seed 1), tune alike; version_same 0.01-0.05 alike on both.
    # Seed 2, held out: 0.675 with these (0.672 before versions).
    version: float = 1.0
    version_same: float = 0.02
    version_whole: float = 0.9
    version_apart: float = 0.02


@dataclass
class StoriesSettings:
    """Grouping articles into stories and labelling them."""


@dataclass
class QuotesSettings:
    """Finding quotes, their speakers, and linking their variants."""


@dataclass
class DriftSettings:
    """What changed between a passage or quote and its source."""


@dataclass
class ReportSettings:
    """The JSON/HTML/terminal report."""


@dataclass
class StoreSettings:
    """The store (newslineage add / check). The check_* caps mirror analyze's candidate
    caps (CandidateSettings); none is tuned on data."""
    # Articles per add transaction: a crash loses at most the batch being added.
    batch_size: int = 10_000
    # As analyze's options: sentence embeddings for paraphrase and translation; worker processes.
    embeddings: bool = True
    workers: int | None = None
    # Keep what the stages computed per article and per relation (the add's memo) in a file
    # beside a SQLite store (PATH.memo), so that an add in another process redoes only what
    # its articles change; without it (or when it does not match the store) the first batch
    # of an add runs the stages over the whole store. A cache: the store is the record.
    keep_memo: bool = True
    # check: stored articles aligned with the new text, at most, per signal (analyze's
    # per-article caps, candidates.Settings k_lexical and k_names).
    check_lexical: int = 12
    check_names: int = 2
    # check: a stored article is a lexical candidate when it shares this many (passage, band)
    # keys with the text (one band is a chance collision of short passages).
    check_min_bands: int = 2
    # check: names shared with a stored article (candidates.Settings.names_min_shared) and the
    # rarity cut on them (names_max_df).
    check_names_min_shared: int = 4
    check_names_max_df: int = 50


@dataclass
class ServiceSettings:
    """The REST service (newslineage serve): safety bounds, not tuned on data (the longest
    article of the 10k synthetic corpus and of ../shared/data is under 1 MB of text)."""
    # Largest request body, and longest text of one article (characters): beyond, 413.
    max_body_bytes: int = 8 * 1024 * 1024
    max_text_chars: int = 200_000
    # Articles per page in the HTML views.
    page_size: int = 50


@dataclass
class Settings:
    """All settings, one part per stage (see each part's fields)."""
    read: ReadSettings = field(default_factory=ReadSettings)
    clean: CleanSettings = field(default_factory=CleanSettings)
    candidates: CandidateSettings = field(default_factory=CandidateSettings)
    reuse: ReuseSettings = field(default_factory=ReuseSettings)
    lineage: LineageSettings = field(default_factory=LineageSettings)
    stories: StoriesSettings = field(default_factory=StoriesSettings)
    quotes: QuotesSettings = field(default_factory=QuotesSettings)
    drift: DriftSettings = field(default_factory=DriftSettings)
    report: ReportSettings = field(default_factory=ReportSettings)
    store: StoreSettings = field(default_factory=StoreSettings)
    service: ServiceSettings = field(default_factory=ServiceSettings)

    @classmethod
    def from_dict(cls, data: dict, where: str = "settings") -> "Settings":
        """Settings from ``{"stage": {"field": value}}``; an unknown stage or field, or a
        value of the wrong type, is a ``ValueError`` that names it."""
        st = cls()
        if not isinstance(data, dict):
            raise ValueError(f"{where}: expected a table of stages, got {type(data).__name__}")
        stages = {f.name for f in dataclasses.fields(st)}
        for stage, values in data.items():
            if stage not in stages:
                raise ValueError(f"{where}: unknown stage [{stage}]; "
                                 f"the stages are {', '.join(sorted(stages))}")
            part = getattr(st, stage)
            if not isinstance(values, dict):
                raise ValueError(f"{where}: [{stage}] must be a table of settings")
            known = {f.name: f for f in dataclasses.fields(part)}
            for key, value in values.items():
                if key not in known:
                    raise ValueError(f"{where}: unknown setting {stage}.{key}; the settings "
                                     f"of [{stage}] are {', '.join(sorted(known)) or 'none yet'}")
                setattr(part, key, _checked(f"{stage}.{key}", getattr(part, key), value, where))
        return st

    @classmethod
    def from_toml(cls, path: str | Path) -> "Settings":
        """Settings from a TOML file (one table per stage); errors name the file and key."""
        import tomllib

        path = Path(path)
        try:
            with open(path, "rb") as f:
                data = tomllib.load(f)
        except OSError as e:
            raise ValueError(f"{path}: cannot read the settings file ({e.strerror})") from None
        except tomllib.TOMLDecodeError as e:
            raise ValueError(f"{path}: not valid TOML ({e})") from None
        return cls.from_dict(data, where=str(path))


def _checked(name: str, default, value, where: str):
    # The default's type is the setting's type; an int is a fine float, a bool is no number.
    if default is None or value is None:
        return value
    if isinstance(default, bool) or isinstance(value, bool):
        ok = isinstance(default, bool) and isinstance(value, bool)
    elif isinstance(default, float):
        ok = isinstance(value, (int, float))
        value = float(value) if ok else value
    else:
        ok = isinstance(value, type(default))
    if not ok:
        raise ValueError(f"{where}: {name} must be {type(default).__name__}, "
                         f"got {value!r}")
    # No setting means anything below zero (sizes, counts, shares, scores), and a cap of
    # zero bytes would refuse every input: say so rather than run with it.
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if not math.isfinite(value) or value < 0:
            raise ValueError(f"{where}: {name} must be a finite number >= 0, got {value!r}")
        if name.startswith("read.") and value < 1:
            raise ValueError(f"{where}: {name} must be at least 1, got {value!r}")
    allowed = _CHOICES.get(name)
    if allowed and value not in allowed:
        raise ValueError(f"{where}: {name} must be one of {', '.join(allowed)}, got {value!r}")
    return value


_CHOICES = {"candidates.names_cap": ("either", "earlier")}
