"""Reuse: the passages two articles share and the kind of reuse (copy, excerpt, rewrite,
translation). ``relate.relate_pairs`` is the pipeline stage; ``pairs`` compares text pairs."""
