"""What the forum keeps in memory between requests, and the one bounded cache
everything kept is held in.

- ``pages``: whole pages for readers who aren't signed in, and ``remember`` for
  costly reads every viewer shares, both keyed on the database's data version;
- ``fragments``: rendered pieces of HTML keyed by the values they show;
- ``lru``: ``BoundedLRU``, bounded by what its values cost (search keeps what it
  derives from index segments in it too).
"""
