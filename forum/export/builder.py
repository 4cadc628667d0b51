"""Writing a member's export as a ZIP.

The ZIP holds:

- ``data.json``: everything, one object (``forum.export.collect``);
- ``schema.json``: the JSON Schema of ``data.json`` (``forum.export.schema``);
- ``README.txt``: what each file is, in words;
- ``posts/<id>-<slug>.md``: each post's Markdown source with front matter.
"""

from __future__ import annotations

import json
import zipfile
from datetime import datetime
from typing import IO

from forum.export import collect, markdown
from forum.export.schema import FORMAT_VERSION, schema
from forum.models import User

README = """\
Your data from Middle Ground
============================

Exported for {username} on {date} (UTC).

data.json
    Everything you wrote here and everything the forum keeps about you, as
    one JSON object:
    profile          your username, perspective, bio, age band, conditions,
                     trust level, role, when you joined, your email address
                     and whether it is confirmed
    settings         how you hear from us by email
    posts            every post you wrote (whatever its status), with its
                     earlier versions ("revisions") and, for a change idea,
                     its measures, data points and cycles
    comments         every comment you wrote, with its earlier versions
    outcome_reports  your "I tried this" reports and your answers to
                     "is it still working?"
    watches          what you watch, track or muted, and members you muted
    saved            what you saved and what you thanked
    drafts           drafts you haven't posted yet
    sign_ins         when you signed in, your API tokens' labels and dates,
                     your second factors' names and dates (never a secret)
{extra}
schema.json
    A JSON Schema (https://json-schema.org, draft 2020-12) describing
    data.json exactly, for programs that read it.

posts/<id>-<title>.md
    Each of your posts as a Markdown file: between the two "---" lines,
    its details (title, kind, status, dates, conditions, tags); then its
    title and the words you wrote, as you wrote them.

Dates and times are ISO 8601, in UTC. Other members appear only by their
public username, and never with anything private about them.
"""

# What a plugin's part is called in README.txt (others: just its key).
_PART_WORDS = {"flags": "flags            posts and comments you flagged, and what became of it"}


def file_name(user: User, now: datetime) -> str:
    """The download's name: ``middle-ground-<username>-<date>.zip``."""
    return f"middle-ground-{user.username}-{now:%Y-%m-%d}.zip"


def build(user: User, out: IO[bytes], now: datetime) -> int:
    """Write ``user``'s export as a ZIP to ``out``; how many posts it holds."""
    data: dict = {
        "format": "middle-ground-export",
        "version": FORMAT_VERSION,
        "exported_at": collect.when(now),
        "profile": collect.profile(user),
        "settings": collect.settings(user),
    }
    posts = []
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for _post, post_json in collect.posts(user):
            post_json["file"] = markdown.path_for(post_json)
            archive.writestr(post_json["file"], markdown.render(post_json))
            posts.append(post_json)
        data["posts"] = posts
        data["comments"] = collect.comments(user)
        data["outcome_reports"] = collect.outcome_reports(user)
        data["watches"] = collect.watches(user)
        data["saved"] = collect.saved_and_thanks(user)
        data["drafts"] = collect.drafts(user)
        data["sign_ins"] = collect.sign_ins(user)
        extra = collect.plugin_parts(user)
        data.update(extra)
        archive.writestr("data.json", json.dumps(data, ensure_ascii=False, indent=1))
        archive.writestr("schema.json", json.dumps(schema(), indent=1))
        words = "".join(f"    {_PART_WORDS.get(key, key)}\n" for key in extra)
        archive.writestr(
            "README.txt",
            README.format(username=user.username, date=f"{now:%Y-%m-%d}", extra=words),
        )
    return len(posts)
