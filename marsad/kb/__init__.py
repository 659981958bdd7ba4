"""Marsad's knowledge base of world actors: countries, places, organisations, event series, persons, news outlets.

>>> from marsad.kb import default_kb
>>> kb = default_kb()
>>> [e.id for e in kb.lookup("روسيا الاتحادية")]
['russia']
"""

from marsad.kb.entry import TYPES, Entry, KBError
from marsad.kb.loader import KnowledgeBase, default_kb, user_kb_file, user_kb_paths

__all__ = ["TYPES", "Entry", "KBError", "KnowledgeBase", "default_kb", "user_kb_file", "user_kb_paths"]
