"""Atom documents, built with feedgen: the one way the forum and plugins write a feed.

A feed shows what everyone may read (:data:`ANYONE`'s view: published posts
and comments only), whoever asks, so every reader gets the same document and
the page cache may keep it. Each entry's content is the text as it was stored
after the one sanitizer (``body_html``, ``forum.markup``), sent as
``type="html"``: feedgen (lxml) escapes it as XML text, so nothing in it is
markup to the feed document itself. Titles and names are plain text.

Entry ids are the absolute address of the post (or of the comment on its
post's page), so they never change while the post exists; ``updated`` is when
the post or comment last changed (an edit, a moderator's retagging), not when
someone last commented.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from feedgen.feed import FeedGenerator
from flask import Response, request, url_for
from flask_login import AnonymousUserMixin
from markupsafe import Markup

from forum.models import Comment, Post
from forum.posts.page import comment_url
from forum.posts.summary import PostSummary, summarize
from forum.templating import human_date

# Whose view a feed shows: a reader who isn't signed in.
ANYONE = AnonymousUserMixin()
# Entries per feed: enough for a feed reader that checks once a day on a busy forum.
ENTRIES = 30
MEDIA_TYPE = "application/atom+xml; charset=utf-8"
# An empty feed with nothing of its own to date it by (no post, no member).
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
# What XML 1.0 cannot hold at all (lxml refuses it): C0 controls but tab and
# line ends, lone surrogates, U+FFFE and U+FFFF. Stored text never holds them;
# this keeps a feed well-formed if some old row does.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _text(value: str | None) -> str:
    return _NOT_XML.sub("", value or "")


@dataclass(frozen=True, slots=True)
class Entry:
    """One entry of a feed: plain values, with ``html`` already sanitized."""

    id: str  # an absolute URL that never changes
    title: str  # plain text
    link: str  # the page to read it on
    author: str  # a username
    author_uri: str  # the author's profile
    published: datetime
    updated: datetime
    html: str  # sanitized HTML (forum.markup), shown as the entry's content
    categories: tuple[tuple[str, str], ...] = ()  # (term, label)


def _profile(username: str) -> str:
    return url_for("users.profile", username=username, _external=True)


def _safety_html(post: PostSummary) -> str:
    """The safety label a post page shows above the post, so a feed reader sees it too."""
    if not post.safety_label or post.safety_label == "unsafe":
        return ""
    by = ""
    if post.safety_reviewer is not None:
        by = Markup(" (reviewed by {} on {})").format(
            post.safety_reviewer.username, human_date(post.safety_reviewed_at)
        )
    if post.safety_stale:
        by += " (changed since review)"
    label = Markup("<p><strong>{}</strong>{}</p>").format(post.safety_label_text, by)
    # The reviewer's note was sanitized when written, like a post's body.
    return str(label) + (post.safety_note_html or "")


def post_entries(posts: Iterable[Post | PostSummary]) -> list[Entry]:
    """Entries for posts (ORM posts or summaries read with their ``body_html``)."""
    entries = []
    for post in map(summarize, posts):
        url = url_for("posts.show", post_id=post.id, _external=True)
        entries.append(
            Entry(
                id=url,
                title=post.title,
                link=url,
                author=post.author.username,
                author_uri=_profile(post.author.username),
                published=post.created_at,
                updated=max(post.updated_at, post.created_at),
                html=_safety_html(post) + (post.body_html or ""),
                categories=(
                    (post.kind, post.kind_label),
                    *((c.slug, c.name) for c in post.conditions),
                    *((tag, f"#{tag}") for tag in post.tags),
                ),
            )
        )
    return entries


def comment_entries(post: Post, comments: Iterable[Comment]) -> list[Entry]:
    """Entries for comments on ``post`` (authors loaded with them)."""
    entries = []
    for comment in comments:
        url = comment_url(post.id, comment.id, _external=True)
        entries.append(
            Entry(
                id=url,
                title=f"{comment.author.username} on “{post.title}”",
                link=url,
                author=comment.author.username,
                author_uri=_profile(comment.author.username),
                published=comment.created_at,
                updated=max(comment.updated_at, comment.created_at),
                html=comment.body_html or "",
            )
        )
    return entries


def atom_document(
    *,
    title: str,
    self_url: str,
    page_url: str,
    entries: Sequence[Entry],
    subtitle: str | None = None,
    updated: datetime | None = None,
) -> bytes:
    """The feed as UTF-8 XML: ``entries`` in the order given (newest first).

    ``self_url`` is the feed's own address (also its id), ``page_url`` the page
    it follows. The feed is as new as its newest entry; an empty one takes
    ``updated`` (e.g. when its post was written) or else the Unix epoch, so the
    same data always gives the same document.
    """
    feed = FeedGenerator()
    feed.id(self_url)
    feed.title(_text(title))
    if subtitle:
        feed.subtitle(_text(subtitle))
    feed.language("en")
    feed.link(href=self_url, rel="self", type="application/atom+xml")
    feed.link(href=page_url, rel="alternate", type="text/html")
    feed.generator("Middle Ground")
    newest = max((e.updated for e in entries), default=None) or updated or _EPOCH
    feed.updated(newest)
    for item in entries:
        entry = feed.add_entry(order="append")
        entry.id(item.id)
        entry.title(_text(item.title))
        entry.link(href=item.link, rel="alternate", type="text/html")
        entry.author(name=_text(item.author), uri=item.author_uri)
        entry.published(item.published)
        entry.updated(item.updated)
        entry.content(_text(item.html), type="html")
        for term, label in item.categories:
            entry.category(term=_text(term), label=_text(label))
    return feed.atom_str(pretty=False)


def atom_response(
    *,
    title: str,
    self_url: str,
    page_url: str,
    entries: Sequence[Entry],
    subtitle: str | None = None,
    updated: datetime | None = None,
) -> Response:
    """:func:`atom_document` as a response with its media type and an ETag, or
    ``304 Not Modified`` to a reader who already has this very document."""
    body = atom_document(
        title=title,
        self_url=self_url,
        page_url=page_url,
        entries=entries,
        subtitle=subtitle,
        updated=updated,
    )
    response = Response(body, content_type=MEDIA_TYPE)
    response.set_etag(hashlib.sha256(body).hexdigest()[:32])
    return response.make_conditional(request)
