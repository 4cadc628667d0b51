"""Peer moderation: trust levels, flags, review queue, safety reviews, audit log.

``init_app`` is the only entry point: it sets the ``MODERATION_*`` defaults,
installs the write policy the forum consults, registers the /moderation pages
and the flag API (whose views declare their own rate limits, moderation/ratelimits.py)
and listens to the forum's signals. The forum never imports this package.
"""

from __future__ import annotations

from flask import Flask

from forum import signals
from forum.extensions import csrf

DEFAULTS = {
    # Flags (Discourse-like): weight 1 + trust level, moderators a fixed weight,
    # plus or minus a bonus for past accuracy; hidden at the threshold.
    "MODERATION_HIDE_THRESHOLD": 8,
    "MODERATION_MODERATOR_FLAG_WEIGHT": 5,
    "MODERATION_ACCURACY_MIN_FLAGS": 5,
    "MODERATION_ACCURACY_AXIS": 0.7,
    "MODERATION_ACCURACY_BONUS_MAX": 4.0,
    # Who works which queue items.
    "MODERATION_STEWARD_LEVEL": 3,
    "MODERATION_STEWARD_REASONS": ("spam", "off_topic"),
    # Regulars and up may fix the conditions and tags of others' posts.
    "MODERATION_RETAG_TRUST_LEVEL": 2,
    "MODERATION_CLINICIAN_REASONS": ("unsafe_advice", "misinformation"),
    # New members (trust level 0).
    "MODERATION_TL0_MAX_LINKS": 2,
    "MODERATION_TL0_MAX_POSTS": 3,
    "MODERATION_TL0_MAX_COMMENTS": 10,
    "MODERATION_NEW_MEMBER_HOURS": 24,
    # Earning trust: days since joining, posts + comments + reports, and for
    # stewards a record of flags reviewers agreed with.
    "MODERATION_TL1_MIN_DAYS": 1,
    "MODERATION_TL1_MIN_ACTIVITY": 3,
    "MODERATION_TL2_MIN_DAYS": 14,
    "MODERATION_TL2_MIN_ACTIVITY": 15,
    "MODERATION_TL3_MIN_DAYS": 60,
    "MODERATION_TL3_MIN_ACTIVITY": 40,
    "MODERATION_TL3_MIN_ACCURATE_FLAGS": 10,
    "MODERATION_TL3_MIN_ACCURACY": 0.8,
    # Losing it: upheld flags on one's content within the window.
    "MODERATION_RECORD_WINDOW_DAYS": 90,
    "MODERATION_DEMOTE_AFTER_UPHELD": 2,
    "MODERATION_SUSPENSION_DAYS": (1, 3, 7, 30, 90, 365),
    "MODERATION_QUEUE_PER_PAGE": 20,
    "MODERATION_LOG_PER_PAGE": 50,
}


def init_app(app: Flask) -> None:
    from moderation import models as _tables  # noqa: F401  (known to create_all and migrations)
    from moderation.api import bp as api_bp
    from moderation.cli import cli
    from moderation.export import SCHEMA as FLAGS_SCHEMA
    from moderation.export import flags_raised
    from moderation.panels import TEMPLATE_GLOBALS, held_reason
    from moderation.policy import ModerationPolicy
    from moderation.views import bp

    for name, value in DEFAULTS.items():
        app.config.setdefault(name, value)
    registry = app.extensions["forum"]  # forum/plugins.py
    registry.set_write_policy(ModerationPolicy())
    registry.register_template_hook("nav", "moderation/_nav.html")
    registry.register_template_hook("post_panel", "moderation/_post_panel.html")
    registry.register_template_hook("comment_panel", "moderation/_comment_panel.html")
    registry.register_template_hook("profile_panel", "moderation/_profile_panel.html")
    registry.register_template_hook("conditions_panel", "moderation/_conditions_panel.html")
    registry.register_held_reason(held_reason)
    registry.register_export_part("flags", flags_raised, FLAGS_SCHEMA)  # a member's own data
    app.register_blueprint(bp, url_prefix="/moderation")
    app.register_blueprint(api_bp, url_prefix="/api/v1")
    csrf.exempt(api_bp)  # bearer tokens, no cookies: nothing for CSRF to protect
    app.jinja_env.globals.update(TEMPLATE_GLOBALS)
    app.cli.add_command(cli)
    _connect_signals(app)


def _connect_signals(app: Flask) -> None:
    """Listen to this app's signals only (the forum sends them with the app as
    sender), so an app built without moderation in the same process, as tests
    do, is left alone. Blinker keeps one connection per receiver and sender."""
    from moderation import demo, events

    signals.post_created.connect(events.member_acted, sender=app)
    signals.comment_created.connect(events.member_acted, sender=app)
    signals.outcome_reported.connect(events.member_acted, sender=app)
    signals.demo_seeded.connect(demo.seed_moderation, sender=app)
