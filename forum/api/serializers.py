"""JSON shapes of the API (docs/api.md, "Shapes"). Email never appears.

A post's JSON is built from its ``forum.posts.summary.PostSummary``, the shape
every listing and the index read too: the listing endpoint fetches summaries
with their full text; one ORM post (``GET /posts/<id>``, search hits, a write's
answer) is summarized first, without a query.
"""

from __future__ import annotations

from datetime import date, datetime

from flask import url_for

from forum.api.lineage_refs import adapted_from_json
from forum.changeideas import record as change_record
from forum.evidence.citations import for_posts as post_citations
from forum.markup import render_markdown
from forum.models import (
    Citation,
    Comment,
    Condition,
    Measure,
    OutcomeReport,
    PdsaCycle,
    Post,
    User,
)
from forum.posts.summary import Person, PostSummary, summarize


def iso(value: datetime | None) -> str | None:
    return value.isoformat().replace("+00:00", "Z") if value else None


def user_json(user: User | Person) -> dict:
    return {
        "username": user.username,
        "perspective": user.perspective,
        "trust_level": user.trust_level,
        "clinician_verified": user.clinician_verified,
    }


def profile_json(user: User) -> dict:
    """A member's public profile: the author shape, and what they tell others.
    ``bio_html`` is rendered here through the one sanitizer (profiles store only
    the Markdown); ``care_age_band`` is a code of AGE_BANDS or null."""
    return {
        **user_json(user),
        "bio": user.bio or "",
        "bio_html": render_markdown(user.bio) if user.bio else "",
        "care_age_band": user.care_age_band,
        "conditions": [c.slug for c in user.conditions],
        "member_since": iso(user.created_at),
    }


def post_json(post: Post | PostSummary, citations: list[Citation] | None = None) -> dict:
    """``post`` read with its whole text (``summary.FULL``), or an ORM post.
    ``citations``: the post's, when the caller read them for many posts at
    once (:func:`posts_json`); otherwise one statement reads them."""
    post = summarize(post)
    if citations is None:
        citations = post_citations([post.id]).get(post.id, [])
    return {
        "id": post.id,
        "url": url_for("posts.show", post_id=post.id, _external=True),
        "title": post.title,
        "kind": post.kind,
        "body": post.body,
        "body_html": post.body_html,
        "conditions": [c.slug for c in post.conditions],
        "tags": list(post.tags),
        "status": post.status,
        "author": user_json(post.author),
        "created_at": iso(post.created_at),
        "updated_at": iso(post.updated_at),
        "comment_count": post.comment_count,
        "answers_helped": post.helped_count,
        "outcomes": post.outcomes,
        # "Still working?": per step somebody answered, how many still use it.
        "durability": [step.as_json() for step in post.durability_steps],
        "thanks": post.thanks_count,
        # Lineage: the post it adapted ({id, title}, or {id, removed: true} when the
        # caller may not see it), what it changed, and its published adaptations.
        "adapted_from": adapted_from_json(post.adapted_from_id),
        "adaptation_note": post.adaptation_note,
        "adaptation_count": post.adaptation_count,
        # How sure we are (forum.evidence.levels), beside and apart from a safety review.
        "evidence": {
            "level": post.evidence_level,
            "label": post.evidence_label,
            "reason": post.evidence_words,
        },
        "safety_review": (
            {
                "label": post.safety_label,
                "reviewer": post.safety_reviewer.username if post.safety_reviewer else None,
                "reviewed_at": iso(post.safety_reviewed_at),
                "changed_since_review": post.safety_stale,
                "note_html": post.safety_note_html,
            }
            if post.safety_label
            else None
        ),
        "citations": [citation_json(c) for c in citations],
    }


def one_post_json(post: Post) -> dict:
    """One post as ``GET /posts/<id>`` gives it: the post, and its record."""
    return {**post_json(post), "record": record_json(post)}


def day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def record_json(post: Post) -> dict:
    """A post's aim, setting, measures, PDSA cycles (by start date) and co-authors."""
    record = change_record.load(post)
    return {
        "aim": {"what": post.aim_what, "target": post.aim_target, "by": day(post.aim_by)},
        "setting": {
            "kind": post.setting_kind,
            "size": post.setting_size,
            "people": post.setting_people,
        },
        "measures": [measure_json(m.measure) for m in record.measures],
        "cycles": [cycle_json(c) for c in record.cycles],
        "coauthors": list(record.coauthors),
    }


def measure_json(measure: Measure) -> dict:
    return {"id": measure.id, "name": measure.name, "unit": measure.unit, "kind": measure.kind}


def cycle_json(cycle: PdsaCycle) -> dict:
    """``decision`` is null while the cycle is still running."""
    return {
        "id": cycle.id,
        "started_on": day(cycle.started_on),
        "ended_on": day(cycle.ended_on),
        "plan": cycle.plan,
        "done": cycle.done,
        "learned": cycle.learned,
        "decision": cycle.decision,
    }


def posts_json(posts) -> list[dict]:
    """Many posts as :func:`post_json` shows each, their citations read in one statement."""
    posts = [summarize(p) for p in posts]
    cited = post_citations([p.id for p in posts])
    return [post_json(p, cited.get(p.id, [])) for p in posts]


def comment_json(comment: Comment) -> dict:
    return {
        "id": comment.id,
        "post_id": comment.post_id,
        "body": comment.body,
        "body_html": comment.body_html,
        "status": comment.status,
        "thanks": comment.thanks_count,
        "helped": comment.helped,
        "author": user_json(comment.author),
        "created_at": iso(comment.created_at),
        "updated_at": iso(comment.updated_at),
    }


def outcome_json(report: OutcomeReport) -> dict:
    return {
        "post_id": report.post_id,
        "result": report.result,
        "note": report.note,
        "duration": report.duration,
        "age_band": report.age_band,
        "care_team_knew": report.care_team_knew,
        "user": user_json(report.user),
        "created_at": iso(report.created_at),
        "updated_at": iso(report.updated_at),
    }


def condition_json(condition: Condition, parent_slug: str | None = None) -> dict:
    return {
        "slug": condition.slug,
        "name": condition.name,
        "synonyms": condition.synonyms,
        "parent": parent_slug,
        "icd10": condition.icd10,
    }


def citation_json(citation: Citation) -> dict:
    return {
        "id": citation.id,
        "post_id": citation.post_id,
        "kind": citation.kind,
        "identifier": citation.identifier,
        "url": citation.url,
        "added_at": iso(citation.added_at),
        "confirmed": citation.confirmed_by_id is not None,
        "confirmed_by": citation.confirmed_by.username if citation.confirmed_by else None,
        "confirmed_at": iso(citation.confirmed_at),
    }
