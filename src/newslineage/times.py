"""Publication times as article records give them (ISO 8601, a date or a date and time):
read by lineage (who published first) and stories (how far apart two reports are)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass
class When:
    """A publication time: ``at`` (aware when an offset was given), ``precise`` when it has a time."""
    at: datetime
    precise: bool


def parse_time(value: str | None) -> When | None:
    if not value:
        return None
    v = value.strip().replace("Z", "+00:00")
    try:
        dt = datetime.fromisoformat(v)
    except ValueError:
        try:
            dt = datetime.fromisoformat(v[:10])
        except ValueError:
            return None
        return When(dt, False)
    precise = "T" in v or " " in v.strip()
    return When(dt, precise)
