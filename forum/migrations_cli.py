"""``flask --app wsgi db ...``: Flask-Migrate, set up only when a ``db`` command runs.

Flask-Migrate imports Alembic, which imports Mako and Pygments: about 10 MiB
in every web worker, none of which ever migrates anything. The ``db`` group
registered here is a stand-in with the same name; the first time the CLI
asks it for its commands it sets Flask-Migrate up on the app and hands over.
"""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask


class MigrateCommands(click.Group):
    def __init__(self, app: Flask, directory: Path) -> None:
        super().__init__("db", help="Perform database migrations (Flask-Migrate).")
        self.app, self.directory = app, directory
        self._real: click.Group | None = None

    def real(self) -> click.Group:
        if self._real is None:
            from flask_migrate import Migrate
            from flask_migrate.cli import db as commands

            from forum.extensions import db

            Migrate(self.app, db, directory=str(self.directory))
            self._real = commands
        return self._real

    def make_context(self, info_name, args, parent=None, **extra) -> click.Context:
        # From here on click works with Flask-Migrate's own group: its options
        # (--directory, -x), its callback and its commands.
        return self.real().make_context(info_name, args, parent=parent, **extra)


def init_app(app: Flask, directory: Path) -> None:
    app.cli.add_command(MigrateCommands(app, directory))
