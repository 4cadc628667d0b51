"""Atom feeds of the forum's listings: the ``feeds`` blueprint (``views``), and
the feed-building helpers it shares with plugins (``atom``, re-exported by
``forum.plugins``)."""

from forum.feeds.views import bp

__all__ = ["bp"]
