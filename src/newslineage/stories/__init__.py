"""Stories: articles about the same event, with or without shared text.

``features`` reads an article's names, figures and words; ``profiles`` keeps them as term ids
(the index's vocabularies); ``scoring`` scores an article against indexed articles and stories;
``index`` assigns articles to stories (``StoryIndex``, ``cluster``); ``resume`` brings a kept
index up to date with a grown corpus (the store's add); ``labels`` names a story;
``same_story`` relates members that share no text.
"""
from .features import _ascii_letters, _name_keys, lead, names, numbers, place
from .index import Match, StoryIndex, cluster
from .labels import _name_run
from .profiles import Profile, _times
from .resume import resume

__all__ = ["StoryIndex", "Profile", "Match", "cluster", "resume", "names", "numbers", "lead", "place",
           "_ascii_letters", "_name_keys", "_name_run", "_times"]
