"""The worker's jobs, in the order one round runs them.

Each is ``module.run(now) -> int`` (how many things it did), commits its own
work, and shares it with other workers through ``forum.notify.claims``. The
order makes one round go all the way: events become notifications, due
follow-ups become notifications, notifications become queued email, and
queued email is sent. Then large data exports are built (and expired ones
deleted).
"""

JOBS = (
    ("fan-out", "forum.notify.fanout"),
    ("follow-ups", "forum.followups.due"),
    ("email batches", "forum.mail.batches"),
    ("digests", "forum.mail.digests"),
    ("sending", "forum.mail.sending"),
    ("exports", "forum.export.worker"),  # large data exports, and expired ones deleted
    ("sign-in addresses", "forum.devices.retention"),  # erased after ADDRESS_RETENTION_DAYS
)
