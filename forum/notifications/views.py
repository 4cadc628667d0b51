"""``/notifications``: the signed-in member's list, newest first, grouped and paged.

Following a line's link (``/notifications/<id>``) marks it read, with the
unread ones it stands for, and goes to the post or comment; "Mark read" and
"Mark all read" are small POST forms. There is no address for anyone else's
notifications: an id that isn't the member's own is a 404.
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required

from forum.extensions import db
from forum.models import NOTIFICATION_KINDS, OUTCOME_RESULTS, SAFETY_LABELS, Notification
from forum.notifications.forms import MarkReadForm
from forum.notifications.queries import bell_count, lines, listed, target_url, visible_to
from forum.pagination import paginate
from forum.ratelimit_scopes import rate_limited
from forum.services.notifications import mark_all_read, mark_read

bp = Blueprint("notifications", __name__)
# A moderation decision's ``data["decision"]`` (moderation/decisions.py), in words.
DECISION_WORDS = {
    "approve": "approved and published",
    "restore": "restored",
    "dismiss": "dismissed the flags on",
    "uphold": "upheld flags on",
    "remove": "removed",
    "keep_hidden": "kept hidden",
    "lock_comments": "locked comments on",
    "unlock_comments": "reopened comments on",
}
bp.add_app_template_global(bell_count, "bell_count")


@bp.get("/notifications")
@login_required
def index() -> ResponseReturnValue:
    user = current_user._get_current_object()
    page = paginate(listed(user), per_page=current_app.config["NOTIFICATIONS_PER_PAGE"])
    return render_template(
        "notifications/index.html",
        page=page,
        lines=lines(page.items, user),
        kinds=NOTIFICATION_KINDS,
        outcome_results=OUTCOME_RESULTS,
        safety_labels=SAFETY_LABELS,
        decision_words=DECISION_WORDS,
    )


def _own_or_404(notification_id: int) -> Notification:
    notification = db.session.get(Notification, notification_id)
    if notification is None or notification.user_id != current_user.id:
        abort(404)
    return notification


@bp.get("/notifications/<int:notification_id>")
@rate_limited("notifications")
@login_required
def open_one(notification_id: int) -> ResponseReturnValue:
    """Follow a notification: marked read (with its line), then on to what it is about.

    A GET that writes: the read transaction the request began is ended first,
    so on SQLite the update opens its own and waits for the write lock rather
    than failing to upgrade a read lock (architecture.md, "SQLite locking").
    Only the member's own rows can match, so the update needs no check first.
    """
    user_id = current_user.id
    db.session.commit()
    mark_read(user_id, [notification_id], group=True)
    notification = _own_or_404(notification_id)
    url = target_url(notification) if visible_to(notification, current_user) else None
    if url is None:
        flash("What this notification was about is no longer available.", "info")
        return redirect(url_for("notifications.index"))
    return redirect(url)


@bp.post("/notifications/<int:notification_id>/read")
@rate_limited("notifications")
@login_required
def read_one(notification_id: int) -> ResponseReturnValue:
    form = MarkReadForm()
    if not form.validate_on_submit():
        abort(400)  # only the CSRF token can fail here
    notification = _own_or_404(notification_id)
    mark_read(current_user, [notification.id], group=True)
    flash("Marked as read.", "success")
    return redirect(_back())


@bp.post("/notifications/read")
@rate_limited("notifications")
@login_required
def read_all() -> ResponseReturnValue:
    form = MarkReadForm()
    if not form.validate_on_submit():
        abort(400)
    done = mark_all_read(current_user)
    flash("All marked as read." if done else "Nothing was unread.", "success")
    return redirect(url_for("notifications.index"))


def _back() -> str:
    """Back to the page of the list the button was pressed on (a number, never an address)."""
    raw = request.args.get("page", "")
    page = int(raw) if raw.isascii() and raw.isdigit() and 1 < int(raw) < 10**6 else None
    return url_for("notifications.index", page=page)
