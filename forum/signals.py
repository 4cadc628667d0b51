"""Forum events other packages may listen to. Sent after the change is committed."""

from blinker import Namespace

_signals = Namespace()

# sender: the app; keyword ``user`` (the actor) and the object concerned.
post_created = _signals.signal("post-created")
post_edited = _signals.signal("post-edited")
comment_created = _signals.signal("comment-created")
outcome_reported = _signals.signal("outcome-reported")

# sent by `flask seed demo` after the forum's demo content is in; keyword
# ``users`` (dict of username -> User) and ``posts`` (list of Post), so other
# packages can add their own demo data (flags, reviews) idempotently.
demo_seeded = _signals.signal("demo-seeded")
