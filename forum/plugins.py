"""The extension surface: how a plugin (moderation, search, …) joins the forum.

The forum never imports a plugin and never names one. A plugin is a Python
package named in the ``PLUGINS`` setting (default ``("moderation", "search")``;
``FORUM_PLUGINS=moderation,search`` in the environment, empty for none) that
exposes ``init_app(app)``. :func:`load_plugins`, called at the end of
``create_app``, imports each by name and calls it, in the order given. An app
built with any of them left out still serves every forum page.

What a plugin can do in ``init_app``
------------------------------------

Through the registry, ``registry = app.extensions["forum"]`` (a :class:`Registry`):

- ``registry.register_cacheable(endpoint, key_part=None)``: a GET endpoint
  whose response is the same for every anonymous reader, so the page cache
  (``forum/caching/pages.py``) may keep it until the next commit. ``key_part``,
  if given, is called on each cacheable request and its (hashable) value
  becomes part of the page's key, for pages that depend on more than the
  database (search: how far this host's index got).
- ``registry.register_template_hook(slot, template)``: forum templates render
  each template registered for a slot, in registration order, with the
  including page's context (``{% for t in hooks("slot") %}{% include t %}{% endfor %}``).
  The slots (:data:`SLOTS`):

  ``header``
      in the site header, before the main navigation (search: its form);
  ``nav``
      navigation items (``<li>``) for a signed-in member (moderation: the queue);
  ``post_panel``
      at the end of a post's article on its page, ``post`` in context
      (moderation: flags, reviews, retagging, removal);
  ``comment_panel``
      a template defining a macro ``comment_panel(comment)``: the post page
      imports it once with its context (``post``, ``request``) and calls it
      under each comment, so work per page is done once (moderation: flag and
      moderator forms). A template that defines no such macro for this viewer
      adds nothing.
  ``profile_panel``
      on a member's profile, after its summary, ``user`` and ``is_owner`` in
      context (moderation: asking for clinician verification, and its status);
  ``conditions_panel``
      on the conditions index, under its introduction (moderation: proposing a
      condition the catalogue is missing). The page is cached for anonymous
      readers, so what it renders for them must not depend on the request;
  ``adaptations_link``
      on a post's page, in its lineage, ``post`` and ``adapted_words``
      ("Adapted 3 times") in context: the first registered template renders
      those words as a link to every adaptation (search: its results for
      ``adapted_from``); without one they are plain text.

- ``registry.register_held_reason(fn)``: ``fn(post, target)`` says, in a
  sentence for its author, why their own pending or hidden ``target`` (the
  post itself or one of ``post``'s comments) is held, or returns None. The
  post page shows the first answer in the status banner (the
  ``held_reason(post, target)`` Jinja global), else its own words.
- ``registry.register_bulk_load(fn)``: ``fn()`` is a context manager that
  wraps every load of many commits (``flask seed demo``), for work cheaper
  done once at the end (search holds back applying its outbox).
- ``registry.register_export_part(key, fn, schema)``: a member's data export
  (``forum.export``) carries ``fn(user)`` (JSON-able: what the plugin keeps
  about that member, never about anyone else) as ``key`` in its ``data.json``,
  described by the JSON Schema ``schema`` in its ``schema.json`` (moderation:
  the flags they raised).

Beside the registry, plugins use what the forum already publishes:

- blueprints, CLI commands, Jinja globals and their own config defaults on
  ``app`` itself, as any Flask extension does;
- the write policy (``forum.policy``): ``registry.set_write_policy(policy)``
  installs a :class:`~forum.policy.WritePolicy` the forum's services consult
  before every write (moderation: hold, refuse, record);
- blinker signals (``forum.signals``), sent with the app as sender: connect
  with ``sender=app`` so that another app in the same process (tests build
  many) without the plugin is left alone; SQLAlchemy session events on the
  forum's models (search: its outbox);
- rate-limit scopes (``forum.ratelimits.register``).

Import rules (``tests/test_import_rules.py`` enforces them)
----------------------------------------------------------

- ``forum`` never imports a plugin.
- A plugin imports from ``forum`` only the public modules in
  :data:`PUBLIC_MODULES`, each with its submodules: this module,
  ``forum.models`` (e.g. ``forum.models.timestamps``), ``forum.extensions``,
  ``forum.services`` (e.g. ``forum.services.rules``), ``forum.policy``,
  ``forum.signals``, ``forum.visibility``, ``forum.text``, ``forum.markup``
  (the one sanitizer), ``forum.ratelimits`` and ``forum.posts.summary`` (the
  one read model of a post, which search's index documents are built from).
  Everything else (blueprints and their forms, views, queries and API
  helpers, caching, templating) is the forum's own and may change without
  notice; what plugins legitimately need from there is re-exported below,
  so it has one public name.
- Forum templates never include, import or call a plugin's templates or
  Jinja globals; they render slots (``hooks()``) and ask ``held_reason()``.

Re-exported helpers
-------------------

Pagination (:class:`Page`, :func:`paginate`, :func:`requested_page`); JSON
errors (:func:`json_error`, :func:`register_api_error_handlers` for an API
blueprint); API token auth (:func:`token_required`, :func:`current_api_user`,
:func:`api_visible_post_or_404`); JSON input reading (:func:`read_json`,
:data:`TEXT`); dates (:func:`iso`, :func:`human_date`,
:func:`duration_words`); visible-content lookups for pages
(:func:`visible_post_or_404`, :func:`visible_comment_or_404`); a post as the
API shows it (:func:`post_json`, :func:`posts_json` for many); the condition
catalogue as a tree and as form choices (:func:`load_tree`,
:func:`condition_choices`); deleting an account as staff
(:func:`delete_account`, :func:`check_staff_may_delete`); a bounded LRU
(:class:`BoundedLRU`); Atom feeds
(:func:`atom_response` from :func:`post_entries`, :data:`FEED_ENTRIES` of them:
``forum.feeds.atom``).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Hashable, Iterable, Iterator
from contextlib import AbstractContextManager, ExitStack, contextmanager
from dataclasses import dataclass, field

from flask import Flask

from forum.api.auth import current_api_user, token_required
from forum.api.auth import visible_post_or_404 as api_visible_post_or_404
from forum.api.errors import register_error_handlers as register_api_error_handlers
from forum.api.inputs import TEXT, read_json
from forum.api.serializers import iso, post_json, posts_json
from forum.caching.lru import BoundedLRU
from forum.conditions.picker import ConditionPickerField, condition_choices
from forum.conditions.tree import load_tree
from forum.deletion.service import check_staff_may_delete, delete_account
from forum.errors import json_error
from forum.feeds.atom import ENTRIES as FEED_ENTRIES
from forum.feeds.atom import atom_response, post_entries
from forum.models import Comment, Post, User
from forum.pagination import Page, paginate, requested_page
from forum.policy import WritePolicy
from forum.posts.queries import visible_comment_or_404, visible_post_or_404
from forum.templating import duration_words, human_date

__all__ = [
    "FEED_ENTRIES",
    "PUBLIC_MODULES",
    "SLOTS",
    "TEXT",
    "BoundedLRU",
    "ExportPartSpec",
    "ConditionPickerField",
    "Page",
    "Registry",
    "api_visible_post_or_404",
    "atom_response",
    "check_staff_may_delete",
    "condition_choices",
    "current_api_user",
    "delete_account",
    "duration_words",
    "human_date",
    "iso",
    "json_error",
    "load_plugins",
    "load_tree",
    "paginate",
    "plugin_names",
    "post_entries",
    "post_json",
    "posts_json",
    "read_json",
    "register_api_error_handlers",
    "requested_page",
    "token_required",
    "visible_comment_or_404",
    "visible_post_or_404",
]

# Where forum templates render plugins' templates (see the module doc).
SLOTS = (
    "header",
    "nav",
    "post_panel",
    "comment_panel",
    "profile_panel",
    "conditions_panel",
    "adaptations_link",
)

# The forum modules a plugin may import, each with its submodules (forum.models.timestamps,
# forum.services.rules, …).
PUBLIC_MODULES = (
    "forum.plugins",
    "forum.models",
    "forum.extensions",
    "forum.services",
    "forum.policy",
    "forum.signals",
    "forum.visibility",
    "forum.text",
    "forum.markup",
    "forum.ratelimits",
    "forum.posts.summary",  # the one read model of a post (listings, API, index)
)

KeyPart = Callable[[], Hashable]
HeldReason = Callable[[Post, "Post | Comment"], "str | None"]
BulkLoad = Callable[[], AbstractContextManager[object]]
ExportPart = Callable[[User], object]


@dataclass(frozen=True)
class ExportPartSpec:
    """A plugin's part of a member's export: ``data.json[key] = load(user)``, per ``schema``."""

    key: str
    load: ExportPart
    schema: dict


@dataclass
class Registry:
    """What plugins registered with one app: ``app.extensions["forum"]``."""

    app: Flask
    # endpoint -> the callable whose value joins its cached pages' keys (or None)
    cacheable: dict[str, KeyPart | None] = field(default_factory=dict)
    template_hooks: dict[str, list[str]] = field(default_factory=lambda: {s: [] for s in SLOTS})
    held_reasons: list[HeldReason] = field(default_factory=list)
    bulk_loads: list[BulkLoad] = field(default_factory=list)
    export_parts: dict[str, ExportPartSpec] = field(default_factory=dict)
    plugins: list[str] = field(default_factory=list)

    def register_cacheable(self, endpoint: str, key_part: KeyPart | None = None) -> None:
        """Let the page cache keep ``endpoint``'s anonymous GET responses."""
        self.cacheable[endpoint] = key_part

    def register_template_hook(self, slot: str, template: str) -> None:
        """Render ``template`` (with the page's context) where forum templates show ``slot``."""
        if slot not in self.template_hooks:
            raise ValueError(f"unknown template slot {slot!r}; the forum has {', '.join(SLOTS)}")
        if template not in self.template_hooks[slot]:
            self.template_hooks[slot].append(template)

    def hooks(self, slot: str) -> list[str]:
        """The templates registered for ``slot`` (the ``hooks()`` Jinja global)."""
        return self.template_hooks[slot]

    def register_held_reason(self, fn: HeldReason) -> None:
        """Let ``fn(post, target)`` explain why the author's own ``target`` is held."""
        self.held_reasons.append(fn)

    def held_reason(self, post: Post, target: Post | Comment) -> str | None:
        """The first plugin's explanation (the ``held_reason()`` Jinja global), or None."""
        for fn in self.held_reasons:
            if reason := fn(post, target):
                return reason
        return None

    def register_bulk_load(self, fn: BulkLoad) -> None:
        """Let ``fn()`` (a context manager) wrap every bulk load (``flask seed demo``).

        For work a plugin does after each commit that is cheaper done once at
        the end of many (search: applying its outbox).
        """
        self.bulk_loads.append(fn)

    @contextmanager
    def bulk_load(self) -> Iterator[None]:
        """Enter every plugin's bulk-load context, for a load of many commits."""
        with ExitStack() as stack:
            for fn in self.bulk_loads:
                stack.enter_context(fn())
            yield

    def register_export_part(self, key: str, fn: ExportPart, schema: dict) -> None:
        """Add ``fn(user)`` to every member's data export as ``key`` (see the module doc)."""
        self.export_parts[key] = ExportPartSpec(key, fn, schema)

    def set_write_policy(self, policy: WritePolicy) -> None:
        """The policy ``forum.policy.get_policy`` returns from now on (one per app)."""
        self.app.extensions["forum.policy"] = policy


def init_app(app: Flask) -> Registry:
    """Put an empty registry on ``app`` (first thing ``create_app`` does)."""
    registry = app.extensions["forum"] = Registry(app)
    app.jinja_env.globals["hooks"] = registry.hooks
    app.jinja_env.globals["held_reason"] = registry.held_reason
    return registry


def plugin_names(value: str | Iterable[str] | None) -> list[str]:
    """``PLUGINS`` as a list: a comma-separated string (from the environment) or a sequence."""
    if value is None:
        return []
    if isinstance(value, str):
        value = value.split(",")
    return [name.strip() for name in value if name and name.strip()]


def load_plugins(app: Flask) -> None:
    """Import each configured plugin by name and call its ``init_app(app)``."""
    registry: Registry = app.extensions["forum"]
    for name in plugin_names(app.config.get("PLUGINS")):
        module = importlib.import_module(name)
        setup = getattr(module, "init_app", None)
        if not callable(setup):
            raise RuntimeError(f"plugin {name!r} (in PLUGINS) has no init_app(app)")
        setup(app)
        registry.plugins.append(name)
