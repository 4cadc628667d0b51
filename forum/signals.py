"""Forum events other packages may listen to. Sent after the change is committed."""

from blinker import Namespace

_signals = Namespace()

# sender: the app; keyword ``user`` (the actor) and the object concerned.
post_created = _signals.signal("post-created")
post_edited = _signals.signal("post-edited")
comment_created = _signals.signal("comment-created")
outcome_reported = _signals.signal("outcome-reported")
