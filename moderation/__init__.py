"""Peer moderation: trust levels, flags, review queue, safety reviews, audit log."""

from flask import Flask


def init_app(app: Flask) -> None:
    pass
