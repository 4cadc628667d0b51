"""Watching posts, conditions and tags (levels: ``forum.models.watch``)."""
