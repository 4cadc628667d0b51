"""A post as a Markdown file: front matter (YAML), its title as a heading, its source.

Front matter values are written as JSON, which every YAML reader reads, so a
title with a colon or a quote stays one string.
"""

from __future__ import annotations

import json
import re
import unicodedata

from forum.models import KINDS

_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def slug(title: str) -> str:
    """``"Cold flannel: it helps!"`` → ``"cold-flannel-it-helps"`` (at most 60 characters)."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    words = _NOT_SLUG.sub("-", ascii_title.lower()).strip("-")
    return words[:60].rstrip("-") or "post"


def path_for(post: dict) -> str:
    """Where a post's Markdown lives in the ZIP: ``posts/<id>-<slug>.md``."""
    return f"posts/{post['id']}-{slug(post['title'])}.md"


def render(post: dict) -> str:
    """The Markdown file of one post (its JSON from ``forum.export.collect.posts``)."""
    front = {
        "id": post["id"],
        "title": post["title"],
        "kind": post["kind"],
        "kind_label": KINDS.get(post["kind"], post["kind"]),
        "status": post["status"],
        "created": post["created_at"],
        "updated": post["updated_at"],
        "edited": post["edited_at"],
        "conditions": post["conditions"],
        "tags": post["tags"],
        "revisions": len(post["revisions"]),
    }
    lines = ["---"]
    lines += [f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in front.items()]
    lines += ["---", "", f"# {post['title']}", "", post["body"].rstrip(), ""]
    return "\n".join(lines)
