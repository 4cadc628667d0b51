"""Command-line tools: ``flask --app wsgi <group> <command>``."""

from flask import Flask


def init_app(app: Flask) -> None:
    pass
