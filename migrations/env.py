import logging
from logging.config import fileConfig

from flask import current_app

from alembic import context

# this is the Alembic Config object, which provides
# access to the values within the .ini file in use.
config = context.config

# Interpret the config file for Python logging.
# This line sets up loggers basically.
fileConfig(config.config_file_name)
logger = logging.getLogger('alembic.env')


def get_engine():
    try:
        # this works with Flask-SQLAlchemy<3 and Alchemical
        return current_app.extensions['migrate'].db.get_engine()
    except (TypeError, AttributeError):
        # this works with Flask-SQLAlchemy>=3
        return current_app.extensions['migrate'].db.engine


def get_engine_url():
    try:
        return get_engine().url.render_as_string(hide_password=False).replace(
            '%', '%%')
    except AttributeError:
        return str(get_engine().url).replace('%', '%%')


# add your model's MetaData object here
# for 'autogenerate' support
# from myapp import mymodel
# target_metadata = mymodel.Base.metadata
config.set_main_option('sqlalchemy.url', get_engine_url())
target_db = current_app.extensions['migrate'].db

# other values from the config, defined by the needs of env.py,
# can be acquired:
# my_important_option = config.get_main_option("my_important_option")
# ... etc.


def get_metadata():
    if hasattr(target_db, 'metadatas'):
        return target_db.metadatas[None]
    return target_db.metadata


def _sqlite_foreign_keys(connection, on):
    """Switch SQLite's foreign-key enforcement for this connection, and check it took.

    Batch mode changes a column by rebuilding the table: create a copy, copy
    the rows, DROP the original, rename the copy. With enforcement on (the
    app turns it on for every connection, forum/database.py), that DROP
    deletes every row that cascades from the table and fails on the rest.

    The pragma does nothing inside a transaction, and the app's "begin" hook
    sends BEGIN whenever SQLAlchemy starts one, so it goes straight to the
    driver's connection, which has no transaction open between them.
    """
    cursor = connection.connection.cursor()
    try:
        cursor.execute(f"PRAGMA foreign_keys={'ON' if on else 'OFF'}")
        cursor.execute("PRAGMA foreign_keys")
        (now,) = cursor.fetchone()
    finally:
        cursor.close()
    if bool(now) != on:
        raise RuntimeError(
            f"Could not turn SQLite foreign keys {'on' if on else 'off'} for the migration "
            "(a transaction was already open)."
        )


def _check_sqlite_foreign_keys(ctx, step, **kw):
    """After each migration step, before its commit: refuse to leave a broken reference.

    With enforcement off, nothing else would notice a step that orphans rows.
    Raising here rolls the step back, so the database stays at the revision
    before it.
    """
    broken = ctx.connection.exec_driver_sql("PRAGMA foreign_key_check").all()
    if broken:
        shown = "; ".join(
            f"{table} row {rowid} refers to a missing {parent} row"
            for table, rowid, parent, _ in broken[:10]
        )
        what = "Upgrade to" if step.is_upgrade else "Downgrade from"
        raise RuntimeError(
            f"{what} {step.up_revision_id} left {len(broken)} broken reference(s), "
            f"so it was rolled back: {shown}"
        )


def run_migrations_offline():
    """Run migrations in 'offline' mode.

    This configures the context with just a URL
    and not an Engine, though an Engine is acceptable
    here as well.  By skipping the Engine creation
    we don't even need a DBAPI to be available.

    Calls to context.execute() here emit the given string to the
    script output.

    """
    url = config.get_main_option("sqlalchemy.url")
    context.configure(
        url=url, target_metadata=get_metadata(), literal_binds=True,
        render_as_batch=True,
    )

    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online():
    """Run migrations in 'online' mode.

    In this scenario we need to create an Engine
    and associate a connection with the context.

    """

    # this callback is used to prevent an auto-migration from being generated
    # when there are no changes to the schema
    # reference: http://alembic.zzzcomputing.com/en/latest/cookbook.html
    def process_revision_directives(context, revision, directives):
        if getattr(config.cmd_opts, 'autogenerate', False):
            script = directives[0]
            if script.upgrade_ops.is_empty():
                directives[:] = []
                logger.info('No changes in schema detected.')

    conf_args = current_app.extensions['migrate'].configure_args
    if conf_args.get("process_revision_directives") is None:
        conf_args["process_revision_directives"] = process_revision_directives

    connectable = get_engine()

    with connectable.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        checks = {}
        if sqlite:
            _sqlite_foreign_keys(connection, False)
            # Alembic calls this inside each step's transaction.
            checks["on_version_apply"] = _check_sqlite_foreign_keys
        try:
            context.configure(
                connection=connection,
                target_metadata=get_metadata(),
                **conf_args,
                **checks
            )

            with context.begin_transaction():
                context.run_migrations()
        finally:
            if sqlite:
                # Back on before the pool hands the connection to anyone else;
                # whatever is still open was a read (each step commits its own).
                if connection.in_transaction():
                    connection.rollback()
                _sqlite_foreign_keys(connection, True)


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
