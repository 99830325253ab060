"""newslineage: trace how news text travels.

    import newslineage
    report = newslineage.analyze(["articles/"])
    print(report.to_json())
"""
from .model import (Article, Drift, InputStatus, Lineage, Origin, Passage, Quote, QuoteVariant,
                    Relation, Removed, Report, Story)
from .comparison import Comparison
from .pipeline import NoArticlesError, Options, analyze, compare
from .settings import Settings

__version__ = "0.1.0"
__all__ = ["analyze", "compare", "Comparison", "Options", "Settings", "NoArticlesError", "Report", "Article", "Passage",
           "Relation", "Lineage", "Origin", "Story", "Quote", "QuoteVariant", "Drift",
           "InputStatus", "Removed", "__version__"]
