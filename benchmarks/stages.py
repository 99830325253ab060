"""Time each pipeline stage on one corpus, in-process, one after the other (no pools, no
overlap; ``pipeline_stages.py`` times them as ``analyze`` runs them):

    python benchmarks/stages.py CORPUS.jsonl      # or a number of synthetic articles

Prints each stage's wall seconds (and what it made) as it ends, and records wall and CPU.
"""
from newslineage import candidates, clean, drift, lineage, quotes, read, segment, stories
from newslineage.reuse import relate
from suite import Clock, corpus_file, parser, record

ap = parser(__doc__)
ap.add_argument("corpus")
args = ap.parse_args()
figures: dict = {}


def lap(name: str, clock: Clock, made: str = "") -> None:
    figures[name] = {"wall": round(clock.wall, 2), "cpu": round(clock.cpu, 2)}
    print(f"{name} {made + ' ' if made else ''}{clock.wall:.2f}", flush=True)


with Clock() as c:
    arts, st = read.read_inputs([corpus_file(args.corpus)])
lap("read", c)
with Clock() as c:
    arts = clean.clean(arts)
lap("clean", c)
with Clock() as c:
    arts = segment.segment(arts)
lap("segment", c)
with Clock() as c:
    pairs = candidates.candidate_pairs(arts)
lap("candidates", c, str(len(pairs)))
with Clock() as c:
    rels = relate.relate_pairs(arts, pairs)
lap("relate", c, str(len(rels)))
with Clock() as c:
    rels, origins = lineage.trace(arts, rels)
lap("lineage", c)
with Clock() as c:
    sts, same = stories.cluster(arts, rels)
lap("stories", c, f"{len(sts)} same {len(same)}")
rels += same
with Clock() as c:
    q = quotes.link_quotes(arts, rels)
lap("quotes", c, str(len(q)))
with Clock() as c:
    d = drift.detect(arts, rels, q)
lap("drift", c, str(len(d)))
record("stages", {"articles": len(arts), **figures}, args, quiet=True)
