"""Bookmarks and thanks, the ``social`` blueprint: the Save and Thanks buttons
on posts and comments, and a member's private Saved page. The JSON API's
doors to the same services are in ``forum.api.social``."""

from forum.social.views import bp

__all__ = ["bp"]
