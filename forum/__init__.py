"""Middle Ground: a forum where patients, families and clinicians share what worked."""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter

from forum import (
    about,
    config,
    database,
    errors,
    health,
    migrations_cli,
    plugins,
    ratelimits,
    security,
    templating,
)
from forum.app import ForumApp
from forum.caching import fragments, pages
from forum.extensions import csrf, login_manager
from forum.models import MAX_ID

ROOT = Path(__file__).resolve().parent.parent


class BoundedIntConverter(IntegerConverter):
    """<int:...> limited to the database's 32-bit ids, so /posts/99999999999 is a 404."""

    def __init__(self, map, fixed_digits=0, min=1, max=MAX_ID, signed=False):  # noqa: A002
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def create_app(test_config: dict | None = None) -> ForumApp:
    """Build the app: defaults, then FORUM_* environment, then ``test_config``."""
    app = ForumApp(
        __name__,
        instance_relative_config=True,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    app.config.from_object(config.Defaults)
    app.config.from_prefixed_env("FORUM")
    if test_config:
        app.config.update(test_config)
    config.finalize(app)
    plugins.init_app(app)  # the registry plugins fill (forum/plugins.py)
    if hops := int(app.config.get("PROXY_COUNT") or 0):
        # Behind reverse proxies or load balancers: take the client's address
        # (rate limits key on it), scheme and host from their X-Forwarded-*
        # headers, trusting exactly that many hops so clients can't spoof them.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)

    register_extensions(app)
    # Before any route exists: ids too big for the database are simply not found.
    app.url_map.converters["int"] = BoundedIntConverter
    register_blueprints(app)
    errors.init_app(app)
    security.init_app(app)
    templating.init_app(app)
    fragments.init_app(app)
    pages.init_app(app)
    health.init_app(app)
    about.init_app(app)
    plugins.load_plugins(app)  # PLUGINS, by name: forum code never names them
    ratelimits.apply_settings(app)  # every part's limits are registered by now
    return app


def register_extensions(app: Flask) -> None:
    from forum import mail, models  # noqa: F401  (tables must be known to migrations)
    from forum.services.accounts import load_session_user

    database.init_app(app)
    # `flask db ...`; Flask-Migrate (and Alembic) load only when it is used.
    migrations_cli.init_app(app, ROOT / "migrations")
    csrf.init_app(app)
    ratelimits.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please sign in to do that."
    login_manager.login_message_category = "info"
    login_manager.user_loader(load_session_user)
    mail.init_app(app)


def register_blueprints(app: Flask) -> None:
    from forum import cli
    from forum.account import bp as account_bp
    from forum.account import hub_bp as account_hub_bp
    from forum.api import bp as api_bp
    from forum.auth import bp as auth_bp
    from forum.changeideas.views import bp as changeideas_bp
    from forum.conditions import bp as conditions_bp
    from forum.deletion.views import bp as deletion_bp
    from forum.devices.views import bp as devices_bp
    from forum.evidence import keeping as evidence_keeping
    from forum.evidence.views import bp as evidence_bp
    from forum.export import bp as export_bp
    from forum.feeds import bp as feeds_bp
    from forum.followups.views import bp as followups_bp
    from forum.lineage.views import bp as lineage_bp
    from forum.notifications import bp as notifications_bp
    from forum.notify import capture
    from forum.notify import cli as notify_cli
    from forum.passkeys import bp as passkeys_bp
    from forum.passkeys import ceremony_bp as passkey_ceremonies_bp
    from forum.posts import bp as posts_bp
    from forum.posts.tags import bp as tags_bp
    from forum.runcharts.views import bp as runcharts_bp
    from forum.social import bp as social_bp
    from forum.twofactor import bp as twofactor_bp
    from forum.users import bp as users_bp
    from forum.watching.views import bp as watching_bp

    app.register_blueprint(posts_bp)
    app.register_blueprint(social_bp)
    app.register_blueprint(evidence_bp)
    app.register_blueprint(followups_bp)
    app.register_blueprint(lineage_bp)  # "Adapt this" (/posts/<id>/adapt)
    app.register_blueprint(changeideas_bp)
    app.register_blueprint(notifications_bp)
    app.register_blueprint(tags_bp)
    app.register_blueprint(watching_bp)
    app.register_blueprint(runcharts_bp)
    app.register_blueprint(auth_bp, url_prefix="/auth")
    app.register_blueprint(account_hub_bp)  # /account: every part of an account on one page
    app.register_blueprint(account_bp)  # /account/email, /auth/forgot, /email/unsubscribe
    app.register_blueprint(passkeys_bp)  # /account/passkeys/<id>/rename, .../remove
    app.register_blueprint(passkey_ceremonies_bp)  # the JSON of WebAuthn: /passkeys/...
    app.register_blueprint(deletion_bp)  # /account/delete: leaving for good
    app.register_blueprint(export_bp)  # /account/export: leave with your data
    app.register_blueprint(twofactor_bp)  # /account/two-factor: the authenticator app
    app.register_blueprint(devices_bp)  # /account#sessions: where you're signed in
    app.register_blueprint(conditions_bp, url_prefix="/conditions")
    app.register_blueprint(users_bp, url_prefix="/users")
    app.register_blueprint(api_bp, url_prefix="/api/v1")
    app.register_blueprint(feeds_bp)
    csrf.exempt(api_bp)  # token auth, no cookies: nothing for CSRF to protect
    cli.init_app(app)
    notify_cli.init_app(app)
    capture.install()  # events written in the transaction of the change (forum/notify/capture.py)
    evidence_keeping.install()  # evidence levels kept in the change's transaction
