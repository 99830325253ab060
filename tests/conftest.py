"""Shared fixtures. Tests that read ../shared skip with a clear message when it is absent."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "corpus"
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds" / "articles"
ARTIFACTS = ROOT / "tests" / "artifacts"


def need_shared(*parts: str) -> Path:
    """The path under ../shared, or skip the test saying what is missing."""
    p = SHARED.joinpath(*parts)
    if not p.exists():
        pytest.skip(f"{p} is absent: this test measures against the shared data "
                    "(clone the project beside its shared/ folder to run it)")
    return p


@pytest.fixture(scope="session")
def example_report():
    """The report of the bundled example corpus, computed once per test session."""
    import newslineage
    return newslineage.analyze([str(EXAMPLES)])


@pytest.fixture(scope="session")
def seeds_report():
    """The report of the seed corpus in ../shared, computed once per test session."""
    import newslineage
    return newslineage.analyze([str(need_shared("seeds", "articles"))])


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
