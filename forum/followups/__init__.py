""" "Still working?": follow-ups on outcome reports (``forum.models.followup``)."""
