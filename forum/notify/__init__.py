"""Closing the loop: notifications made from the outbox, and the worker that delivers them.

- ``forum.services.notifications.record`` writes an event in the change's own
  transaction (public: plugins record moderation decisions with it);
- ``worker``: ``flask notify work`` runs the jobs (``jobs.JOBS``) in a loop,
  ``--once`` for cron; several workers on several hosts share the work
  through ``claims``.
"""
