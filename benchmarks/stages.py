"""Time each pipeline stage on one corpus, in-process: python benchmarks/stages.py CORPUS.jsonl"""
import time, sys
from newslineage import pipeline, read, clean, segment, candidates, lineage, stories, quotes, drift
from newslineage.reuse import relate
t=time.time(); T={}
def lap(k):
    global t; n=time.time(); T[k]=round(n-t,2); t=n; print(k, T[k], flush=True)
arts, st = read.read_inputs([sys.argv[1]]); lap('read')
arts = clean.clean(arts); lap('clean')
arts = segment.segment(arts); lap('segment')
pairs = candidates.candidate_pairs(arts); lap(f'candidates {len(pairs)}')
rels = relate.relate_pairs(arts, pairs); lap(f'relate {len(rels)}')
rels, origins = lineage.trace(arts, rels); lap('lineage')
sts, same = stories.cluster(arts, rels); lap(f'stories {len(sts)} same {len(same)}')
rels += same
q = quotes.link_quotes(arts, rels); lap(f'quotes {len(q)}')
d = drift.detect(arts, rels, q); lap(f'drift {len(d)}')
