"""Bookmarks and thanks through the API: the caller's saved list, and Save and
Thanks on posts and comments (POST adds, DELETE takes away; sending either
twice changes nothing more), through the same services and rate-limit scopes
as the buttons."""

from __future__ import annotations

from flask import current_app, jsonify
from werkzeug.exceptions import NotFound

from forum.api import lineage_refs
from forum.api.auth import api_viewer, current_api_user, token_required, visible_post_or_404
from forum.api.inputs import query_int
from forum.api.serializers import comment_json, iso, post_json
from forum.api.views import MAX_PAGE, MAX_PER_PAGE, POST_ID, bp
from forum.evidence.citations import for_posts as post_citations
from forum.extensions import db
from forum.models import Comment, Post
from forum.pagination import count
from forum.ratelimit_scopes import rate_limited
from forum.services import ValidationFailed
from forum.services.bookmarks import set_saved
from forum.services.thanks import set_thanked
from forum.social.queries import SavedItem, can_see, saved_items, saved_list, to_save

COMMENT_ID = "<int:comment_id>"


def _visible_comment_or_404(comment_id: int) -> Comment:
    comment = db.session.get(Comment, comment_id)
    if comment is None or not can_see(comment, api_viewer()):
        raise NotFound("There is no comment with that id.")
    return comment


def _saved(model: type[Post] | type[Comment], target_id: int, want: bool):
    """Save or unsave (forum.social.queries.to_save says what may be); 201 when saved now."""
    target = to_save(model, target_id, current_api_user(), saving=want)
    if target is None:
        raise NotFound(f"There is no {'post' if model is Post else 'comment'} with that id.")
    changed = set_saved(current_api_user(), target, want)
    return jsonify(saved=want), 201 if (want and changed) else 200


def saved_item_json(item: SavedItem, cited: dict) -> dict:
    """``cited``: the page's posts' citations, read for the whole page at once."""
    return {
        "type": item.kind,
        "id": item.bookmark.post_id or item.bookmark.comment_id,
        "saved_at": iso(item.bookmark.created_at),
        "available": item.available,
        "post": post_json(item.post, cited.get(item.post.id, [])) if item.post else None,
        "comment": comment_json(item.comment) if item.comment else None,
    }


@bp.get("/saved")
@token_required
def list_saved():
    """The caller's own saved posts and comments, the latest saved first. What
    they may no longer see is listed as unavailable, with nothing of it shown."""
    errors: dict[str, str] = {}
    page = query_int("page", 1, 1, MAX_PAGE, errors)
    default_per_page = min(current_app.config["POSTS_PER_PAGE"], MAX_PER_PAGE)
    per_page = query_int("per_page", default_per_page, 1, MAX_PER_PAGE, errors)
    if errors:
        raise ValidationFailed(errors)
    user = current_api_user()
    query = saved_list(user)
    bookmarks = db.session.scalars(query.limit(per_page).offset((page - 1) * per_page)).unique()
    items = list(saved_items(bookmarks, user))
    # What each post adapted and its citations: one statement each for the page,
    # not one per saved post.
    posts = [item.post for item in items if item.post]
    lineage_refs.preload(posts)
    cited = post_citations([post.id for post in posts])
    return jsonify(
        saved=[saved_item_json(item, cited) for item in items],
        page=page,
        per_page=per_page,
        total=count(query),
    )


def _thanks_answer(target: Post | Comment, want: bool):
    changed = set_thanked(current_api_user(), target, want)
    db.session.refresh(target)
    return jsonify(thanked=want, thanks=target.thanks_count), 201 if (want and changed) else 200


@bp.post(f"/posts/{POST_ID}/save")
@rate_limited("save")
@token_required
def save_post(post_id: int):
    """201 when saved now, 200 when it already was."""
    return _saved(Post, post_id, True)


@bp.delete(f"/posts/{POST_ID}/save")
@rate_limited("save")
@token_required
def unsave_post(post_id: int):
    return _saved(Post, post_id, False)


@bp.post(f"/comments/{COMMENT_ID}/save")
@rate_limited("save")
@token_required
def save_comment(comment_id: int):
    return _saved(Comment, comment_id, True)


@bp.delete(f"/comments/{COMMENT_ID}/save")
@rate_limited("save")
@token_required
def unsave_comment(comment_id: int):
    return _saved(Comment, comment_id, False)


@bp.post(f"/posts/{POST_ID}/thanks")
@rate_limited("thanks")
@token_required
def thank_post(post_id: int):
    """201 when thanked now, 200 when the caller already had."""
    return _thanks_answer(visible_post_or_404(post_id), True)


@bp.delete(f"/posts/{POST_ID}/thanks")
@rate_limited("thanks")
@token_required
def unthank_post(post_id: int):
    return _thanks_answer(visible_post_or_404(post_id), False)


@bp.post(f"/comments/{COMMENT_ID}/thanks")
@rate_limited("thanks")
@token_required
def thank_comment(comment_id: int):
    return _thanks_answer(_visible_comment_or_404(comment_id), True)


@bp.delete(f"/comments/{COMMENT_ID}/thanks")
@rate_limited("thanks")
@token_required
def unthank_comment(comment_id: int):
    return _thanks_answer(_visible_comment_or_404(comment_id), False)
