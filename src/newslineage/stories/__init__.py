"""Stories: articles about the same event, with or without shared text (see ``index``)."""
from .index import (Match, Profile, StoryIndex, _ascii_letters, _name_keys, _name_run, _times,
                    cluster, lead, names, numbers)

__all__ = ["StoryIndex", "Profile", "Match", "cluster", "names", "numbers", "lead"]
