"""Search: the Whoosh index, kept in step with the database through an outbox."""

from flask import Flask


def init_app(app: Flask) -> None:
    pass
