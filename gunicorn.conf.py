"""gunicorn settings for `make serve` (docs/deploying.md).

Command-line options and GUNICORN_CMD_ARGS override anything here; the FORUM_*
variables below are the ones worth setting per host.
"""

import gc
import multiprocessing
import os

bind = os.environ.get("FORUM_BIND", "127.0.0.1:8000")
# Sync workers: a request is a few milliseconds of CPU and a few queries, so
# two per core keep every core busy while some wait on the database.
workers = int(os.environ.get("FORUM_WORKERS") or multiprocessing.cpu_count() * 2 + 1)
worker_class = "sync"
# A request that takes 30 s is stuck; the master kills and replaces the worker.
timeout = 30
graceful_timeout = 20
# Recycle workers now and then, so a slow leak can't grow without bound.
max_requests = 20000
max_requests_jitter = 2000
# Heartbeat files on a RAM disk, where there is one (a slow disk stalls workers).
_SHM = "/dev/shm"  # noqa: S108 (gunicorn's heartbeat files, not data)
worker_tmp_dir = _SHM if os.path.isdir(_SHM) else None

# gunicorn 27's control socket has one path per user, so two servers on a host
# would fight over it; nothing here uses it.
control_socket_disable = True

accesslog = os.environ.get("FORUM_ACCESS_LOG", "-")
# The path without its query string: search words can be health information.
access_log_format = '%(h)s "%(m)s %(U)s" %(s)s %(b)s %(M)sms'
errorlog = "-"
loglevel = os.environ.get("FORUM_LOG_LEVEL", "info")

# Load the app once in the master, then fork: workers share its memory pages.
preload_app = True


def when_ready(server):
    """Say so loudly when every worker would count rate limits on its own.

    With ``memory://`` each worker keeps its own counts, so N workers allow N
    times every limit (sign-in guesses included) and a restart forgets them.
    """
    app = server.app.callable if server.cfg.preload_app else None
    if app is not None and "sqlalchemy" not in getattr(app, "extensions", {}):
        return  # not Middle Ground (the benchmark's hello-world app)
    if app is not None:
        uri, enabled = app.config["RATELIMIT_STORAGE_URI"], app.config["RATELIMIT_ENABLED"]
    else:  # not loaded yet: what the environment says
        uri = os.environ.get("FORUM_RATELIMIT_STORAGE_URI", "")
        enabled = os.environ.get("FORUM_RATELIMIT_ENABLED", "true").lower() != "false"
    if enabled and uri.startswith("memory://") and server.num_workers > 1:
        server.log.error(
            "RATE LIMITS ARE PER WORKER: FORUM_RATELIMIT_STORAGE_URI is memory://, so each of "
            "the %d workers counts on its own: every limit, sign-in guesses included, allows "
            "%d times as much, and a restart forgets them all. Unset it to count in the "
            "database, or point it at Redis (redis://host:6379/0); or run one worker.",
            server.num_workers,
            server.num_workers,
        )


def pre_fork(server, worker):
    """Freeze what the master loaded: the garbage collector then never walks
    (and so never writes to) those objects in a worker, and their memory pages
    stay shared with the master instead of being copied into every worker."""
    gc.collect()
    gc.freeze()


def post_fork(server, worker):
    """Pooled connections must not cross a fork (docs/architecture.md, "Pooled
    connections and fork"): each worker drops the master's pool without closing
    its sockets and opens its own."""
    app = server.app.callable
    if "sqlalchemy" not in getattr(app, "extensions", {}):
        return  # not Middle Ground (the benchmark's hello-world app)
    from forum.extensions import db

    with app.app_context():
        db.engine.dispose(close=False)
