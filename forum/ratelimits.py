"""Rate limits on every write, declared on each view where it is defined.

A *scope* is one bucket: the setting that holds its limits (with a default),
whose requests count together (its key), and the words a person reads when it
is full. A view names its scopes with ``@rate_limited("comment")``; an action
with two doors, the web and the API, names the same scope on both, so they
count together. Each part registers its scopes with :func:`register` in a
module of its own (forum/ratelimit_scopes.py, moderation/ratelimits.py), and
its views take ``rate_limited`` from that module, so the scopes exist before
any view names them. Naming a scope nobody registered is an error where the
view is defined, so the app can't start with it.

Flask-Limiter checks the decorated limits before the view runs, reading them
from the app's config on each request and counting in ``RATELIMIT_STORAGE_URI``
(the database unless Redis is set, see forum.ratelimit_storage). What a
decorator can't count, because its key is known only inside the view (sign-in
attempts per account), goes through :func:`hit` and :func:`clear`, on the same
storage. ``RATELIMIT_ENABLED = False`` turns all of it off.

A scope that counts only work done (accounts made, posts published, not failed
tries, previews or privacy confirmations) holds a slot while its view runs:
taken before it, in one increment that returns the new count, and given back
unless the view calls :func:`done`. Checking first and counting afterwards let
through every request that arrived while others were still running: twelve
joins at once against "3 per hour" made five or six accounts through four
workers (tests/load/test_joining_limits.py).

``{wait}`` in a scope's message becomes how long until its bucket has room,
whichever way it is counted. A form whose words must not be lost names a
``refused`` view with its scopes: a full bucket then re-renders the form as
typed (429, with ``Retry-After``) instead of the error page.
"""

from __future__ import annotations

import ipaddress
import logging
import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, wraps
from typing import TypeVar

from flask import Flask, current_app, g, make_response, request
from flask.typing import ResponseReturnValue
from flask_limiter import RateLimitExceeded
from flask_limiter.constants import ConfigVars
from flask_limiter.util import get_remote_address
from flask_login import current_user
from limits import RateLimitItem, parse, parse_many
from limits.storage import MemoryStorage, Storage
from limits.strategies import FixedWindowRateLimiter
from werkzeug.exceptions import TooManyRequests

from forum import ratelimit_storage  # noqa: F401  (registers the db+ storage with limits)
from forum.extensions import limiter
from forum.templating import duration_words

View = TypeVar("View", bound=Callable)

WRITE_METHODS = ("POST", "PUT", "PATCH", "DELETE")
SCOPES_ATTRIBUTE = "rate_limit_scopes"
log = logging.getLogger(__name__)

# Flask-Limiter's own settings share the RATELIMIT_ prefix; a scope named
# "default" must not turn into a limit on every route (RATELIMIT_DEFAULT).
_LIMITER_SETTINGS = frozenset(
    value for name, value in vars(ConfigVars).items() if not name.startswith("_")
)


@dataclass(frozen=True)
class Scope:
    """One bucket of rate limits.

    ``key`` says whose requests count together; None for a scope counted from
    code with :func:`hit`. With ``only_when_done``, a request holds a slot
    while its view runs and keeps it only if the view calls :func:`done` (an
    account was made); a full bucket refuses before the view runs.
    """

    name: str
    setting: str
    default: str
    message: str
    key: Callable[[], str] | None = None
    only_when_done: bool = False


SCOPES: dict[str, Scope] = {}


def register(*scopes: Scope) -> None:
    """Make scopes known; each name once, each default a valid limit string."""
    for scope in scopes:
        if scope.name in SCOPES:
            raise ValueError(f"rate-limit scope {scope.name!r} is registered twice")
        if scope.setting in _LIMITER_SETTINGS:
            raise ValueError(f"{scope.setting} is one of Flask-Limiter's own settings")
        _parsed(scope.setting, scope.default)
        SCOPES[scope.name] = scope


class Refused(TooManyRequests):
    """A full bucket, counted here (held slots, :func:`hit`); Flask-Limiter's own
    decorators raise its ``RateLimitExceeded``. Both say how long to wait."""


def rate_limited(
    *names: str, refused: Callable[..., ResponseReturnValue] | None = None
) -> Callable[[View], View]:
    """Limit a view's writes (POST, PUT, PATCH, DELETE) by the named scopes.

    ``refused(message, *args, **kwargs)``, given the view's own arguments,
    answers a refused request instead of the error page: a form re-rendered
    with what the person typed and the message (which says when to try again).
    The answer is sent as a 429 with ``Retry-After``; None leaves it to the error page.

    Raises ValueError for a scope that isn't registered or is counted from code.
    """
    scopes = [_scope(name) for name in names]
    for scope in scopes:
        if scope.key is None:
            raise ValueError(f"rate-limit scope {scope.name!r} is counted with hit(), not here")

    def decorate(view: View) -> View:
        held = [scope for scope in scopes if scope.only_when_done]
        if held:
            # Innermost, so the decorator's limits (every try) refuse first.
            view = _holding_slots(view, held)
        for scope in scopes:
            if not scope.only_when_done:
                view = limiter.shared_limit(
                    _limits_in(scope.setting),
                    scope=scope.name,
                    key_func=scope.key,
                    methods=list(WRITE_METHODS),
                    error_message=_message_with_wait(scope.message),
                )(view)
        if refused is not None:
            view = _answering_refusals(view, refused)
        setattr(view, SCOPES_ATTRIBUTE, names)
        return view

    return decorate


def declared_scopes(view: Callable | None) -> tuple[str, ...]:
    """The scopes a view was declared with (none for an unlimited view)."""
    return getattr(view, SCOPES_ATTRIBUTE, ())


def done() -> None:
    """Keep this request's slots in its ``only_when_done`` scopes: it did what they limit."""
    g.rate_limited_work_done = True


def hit(name: str, key: str) -> None:
    """Count one try for ``key`` in the scope's bucket; a 429 with its message once full.

    Count before doing the work, as the decorator does: concurrent requests
    each get their own number, so they can't all slip under the limit at once.
    ``{wait}`` in the message becomes how long until the bucket empties.
    """
    if not enabled():
        return
    scope = _scope(name)
    for item in _parsed(scope.setting, current_app.config[scope.setting]):
        ids = _identifiers(key, scope.name)
        if not _strategy_call("hit", item, ids):
            stats = _strategy_call("get_window_stats", item, ids)
            wait = max(1, math.ceil(stats.reset_time - time.time()))
            raise Refused(scope.message.format(wait=duration_words(wait)), retry_after=wait)


def clear(name: str, key: str) -> None:
    """Forget what ``key`` has used of the scope's bucket."""
    if not enabled():
        return
    scope = _scope(name)
    for item in _parsed(scope.setting, current_app.config[scope.setting]):
        _strategy_call("clear", item, _identifiers(key, scope.name))


def remember(key: str, days: int) -> None:
    """Note ``key`` in the rate-limit storage for ``days`` (from now, each time)."""
    if enabled():
        item, ids = _note(key, days)
        _strategy_call("clear", item, ids)
        _strategy_call("hit", item, ids)


def remembered(key: str, days: int) -> bool:
    """Whether ``key`` was noted with :func:`remember` in the last ``days``."""
    if not enabled():
        return False
    item, ids = _note(key, days)
    return not _strategy_call("test", item, ids)  # its one allowed hit is used


def longest_window() -> int:
    """Seconds a counter lives at most: the longest window of any scope's limits.

    Counters (some keyed by internet address) expire with their window and are
    then deleted; the privacy page states this figure.
    """
    return max(
        (
            item.get_expiry()
            for scope in SCOPES.values()
            for item in _parsed(scope.setting, current_app.config.get(scope.setting, scope.default))
        ),
        default=0,
    )


def enabled() -> bool:
    return bool(current_app.config.get("RATELIMIT_ENABLED")) and limiter.initialized


def init_app(app: Flask) -> None:
    """Bind the limiter: counting in RATELIMIT_STORAGE_URI unless limits are off."""
    limiter.init_app(app)


def apply_settings(app: Flask) -> None:
    """Every registered scope's setting, defaulted and checked (after the plugins register)."""
    for scope in SCOPES.values():
        _parsed(scope.setting, app.config.setdefault(scope.setting, scope.default))


# ---------- whose requests count together ----------


def address_key() -> str:
    """The visitor's address; IPv6 by its /64, the block one household or server gets."""
    address = get_remote_address()
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return f"addr:{address}"
    if ip.version == 6:
        if ip.ipv4_mapped:
            return f"addr:{ip.ipv4_mapped}"
        return f"addr:{ipaddress.ip_network((ip, 64), strict=False)}"
    return f"addr:{ip}"


def actor_key() -> str:
    """A member's writes count per member (session or API token), anyone else's per address."""
    user = None
    if request.path.startswith("/api/"):
        from forum.api.auth import current_api_user  # the API's own sign-in, never the cookie

        user = current_api_user()
    elif current_user.is_authenticated:
        user = current_user
    return f"user:{user.id}" if user is not None else address_key()


def everyone_key() -> str:
    """One bucket for the whole site."""
    return "everyone"


# ---------- inside ----------


def _scope(name: str) -> Scope:
    try:
        return SCOPES[name]
    except KeyError:
        known = ", ".join(sorted(SCOPES))
        raise ValueError(f"unknown rate-limit scope {name!r} (known: {known})") from None


@cache
def _limits_in(setting: str) -> Callable[[], str]:
    def provider() -> str:
        return current_app.config[setting]

    provider.__name__ = f"limits_in_{setting.lower()}"
    return provider


def _parsed(setting: str, value: object) -> list[RateLimitItem]:
    try:
        return sorted(parse_many(value))  # type: ignore[arg-type]  (a non-string is a ValueError)
    except ValueError:
        raise ValueError(
            f"{setting} = {value!r} is not a rate limit such as '5 per minute;30 per day'"
        ) from None


@cache
def _message_with_wait(message: str) -> Callable[[], str]:
    """Flask-Limiter's error message for a scope: ``{wait}`` filled in when it refuses."""

    def words() -> str:
        return message.format(wait=duration_words(_limiter_wait()))

    return words


def _limiter_wait() -> int:
    """Seconds until the limit Flask-Limiter just found full has room again."""
    limit = limiter.current_limit  # the breached one, set before it raises
    return max(1, math.ceil(limit.reset_at - time.time())) if limit else 60


def _answering_refusals(view: View, refused: Callable[..., ResponseReturnValue]) -> View:
    """``view``, answering its rate limits' refusals with ``refused`` (see rate_limited)."""

    @wraps(view)
    def answering(*args, **kwargs):
        try:
            return view(*args, **kwargs)
        except (RateLimitExceeded, Refused) as refusal:
            if isinstance(refusal, Refused) and refusal.retry_after is not None:
                wait = int(refusal.retry_after)  # type: ignore[arg-type]  (always seconds here)
            else:
                wait = _limiter_wait()
            answer = refused(refusal.description, *args, **kwargs)
            if answer is None:  # nothing of theirs to give back (not signed in): the error page
                raise
            response = make_response(answer)
            response.status_code = 429
            response.headers["Retry-After"] = str(wait)
            return response

    return answering  # type: ignore[return-value]


@dataclass(frozen=True)
class _Slot:
    """One unit taken from one limit's counter, and where it was counted."""

    storage: Storage
    key: str
    expiry: int


def _holding_slots(view: View, scopes: list[Scope]) -> View:
    """``view`` holding a slot in each limit of ``scopes`` while it runs (writes only)."""

    @wraps(view)
    def holding(*args, **kwargs):
        if request.method not in WRITE_METHODS or not enabled():
            return view(*args, **kwargs)
        slots = _take_slots(scopes)
        g.rate_limited_work_done = False
        try:
            return view(*args, **kwargs)
        finally:
            if not g.rate_limited_work_done:
                _give_back(slots)

    return holding  # type: ignore[return-value]


def _take_slots(scopes: list[Scope]) -> list[_Slot]:
    """A slot in every limit of every scope; a 429 with the first full one's message.

    Each slot is one increment that returns the new count, so requests at the
    same moment each get their own number and at most the limit fit. A refused
    request gives back what it took: it did nothing.
    """
    taken: list[_Slot] = []
    for scope in scopes:
        ids = _identifiers(scope.key(), scope.name)  # type: ignore[misc]  (held scopes have keys)
        for item in _parsed(scope.setting, current_app.config[scope.setting]):
            slot, count = _take(item.key_for(*ids), item.get_expiry())
            taken.append(slot)
            if count > item.amount:
                _give_back(taken)
                wait = max(1, math.ceil(_window_end(slot) - time.time()))
                message = scope.message.format(wait=duration_words(wait))
                raise Refused(message, retry_after=wait)
    return taken


def _take(key: str, expiry: int) -> tuple[_Slot, int]:
    try:
        storage = limiter.storage
        count = storage.incr(key, expiry)
    except limiter.storage.base_exceptions as error:
        log.warning("rate-limit storage unreachable, counting in this process: %s", error)
        storage = _in_memory().storage
        count = storage.incr(key, expiry)
    return _Slot(storage, key, expiry), count


def _give_back(slots: list[_Slot]) -> None:
    """Return each slot to the counter it was taken from (limits' public ``incr``)."""
    for slot in slots:
        try:
            if slot.storage.incr(slot.key, slot.expiry, amount=-1) < 0:
                # Its window ended while the request ran, so this started a new
                # one at -1, a slot nobody took: put it back to 0.
                slot.storage.incr(slot.key, slot.expiry)
        except slot.storage.base_exceptions as error:
            # Kept rather than given back: the limit errs on the side of refusing.
            log.warning("rate-limit storage unreachable, a slot stays taken: %s", error)


def _window_end(slot: _Slot) -> float:
    try:
        return slot.storage.get_expiry(slot.key)
    except slot.storage.base_exceptions:
        return time.time() + slot.expiry


def _identifiers(key: str, scope: str) -> list[str]:
    # The same shape as Flask-Limiter's keys, prefix included, so one storage
    # (and one RATELIMIT_KEY_PREFIX) serves both.
    prefix = current_app.config.get("RATELIMIT_KEY_PREFIX")
    return [prefix, key, scope] if prefix else [key, scope]


def _note(key: str, days: int) -> tuple[RateLimitItem, list[str]]:
    return parse(f"1 per {int(days)} days"), _identifiers(key, "noted")


def _strategy_call(method: str, item: RateLimitItem, ids: list[str]):
    """``method`` on the limiter's strategy (its storage: database or Redis);
    in this process's memory while that storage can't be reached, as
    Flask-Limiter itself does (RATELIMIT_IN_MEMORY_FALLBACK_ENABLED)."""
    strategy = limiter.limiter
    try:
        return getattr(strategy, method)(item, *ids)
    except limiter.storage.base_exceptions as error:
        log.warning("rate-limit storage unreachable, counting in this process: %s", error)
        return getattr(_in_memory(), method)(item, *ids)


@cache
def _in_memory() -> FixedWindowRateLimiter:
    """This process's counters while the storage can't be reached (its ``storage``, too)."""
    return FixedWindowRateLimiter(MemoryStorage())
