"""Reports of an analysis: the JSON Schema (``schema``), the self-contained HTML report
(``html``), the terminal summary and progress bars (``terminal``) and exports (``export``).

Submodules are imported on use, so ``import newslineage`` stays light.
"""
