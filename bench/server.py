"""gunicorn in a child process on a free port: start, wait until it answers, stop.

Shared by the page benchmark and the load and fault tests (``tests/load``).
The server runs with the project's ``gunicorn.conf.py``; anything passed in
``args`` overrides it, as on gunicorn's own command line.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


_warned: set[str] = set()


def warn(message: str) -> None:
    """Say it aloud once per run: on stderr, in capitals, where a reader of the log sees it."""
    if message not in _warned:
        _warned.add(message)
        print(f"WARNING: {message}", file=sys.stderr, flush=True)


def taskset_missing() -> bool:
    return shutil.which("taskset") is None


def pinned(command: list[str], cpu: int | None) -> list[str]:
    """``command`` run on one core, where ``taskset`` exists (Linux).

    Without ``taskset`` the command runs unpinned and a warning says so: the
    server and the load generator then compete for the same cores.
    """
    if cpu is None:
        return command
    if taskset_missing():
        warn(
            "taskset not found: processes are NOT pinned to cores; server and load generator "
            "share the CPUs, so figures include their contention (install util-linux)"
        )
        return command
    return ["taskset", "-c", str(cpu), *command]


def pin_self(cpu: int | None) -> set[int] | None:
    """Pin this process to ``cpu`` (where the OS allows); returns the old set to restore."""
    if cpu is None or not hasattr(os, "sched_setaffinity"):
        return None
    before = os.sched_getaffinity(0)
    if cpu not in before:
        warn(f"core {cpu} isn't available to this process: the client runs unpinned")
        return None
    os.sched_setaffinity(0, {cpu})
    return before


def unpin_self(before: set[int] | None) -> None:
    if before is not None:
        os.sched_setaffinity(0, before)


def rss_kib(pid: int, field: str = "VmRSS") -> int:
    """Resident memory of one process (``VmHWM`` for its peak), 0 if it is gone."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    found = re.search(rf"{field}:\s+(\d+)", status)
    return int(found.group(1)) if found else 0


def cpu_seconds(pid: int) -> float:
    """User + system CPU time a process has used so far."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def memory_mib(pid: int) -> dict[str, float]:
    """RSS (and its anonymous and file-backed parts), peak RSS and PSS, in MiB."""
    figures = {
        key: rss_kib(pid, field) / 1024
        for key, field in (
            ("rss", "VmRSS"),
            ("anon", "RssAnon"),
            ("file", "RssFile"),
            ("peak", "VmHWM"),
        )
    }
    try:
        rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
        figures["pss"] = int(re.search(r"^Pss:\s+(\d+)", rollup, re.MULTILINE).group(1)) / 1024
    except (OSError, AttributeError):
        pass
    return figures


def children(pid: int) -> list[int]:
    found = []
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            found += [int(c) for c in (task / "children").read_text().split()]
    except OSError:
        pass
    return found


class Gunicorn:
    """One gunicorn master and its workers, in their own process group."""

    def __init__(
        self,
        app: str,
        env: dict[str, str],
        *,
        workers: int = 1,
        cpu: int | None = None,
        args: tuple[str, ...] = (),
        log: Path | None = None,
        port: int | None = None,
        production: bool = False,
    ) -> None:
        self.app, self.env, self.workers, self.cpu = app, env, workers, cpu
        self.args, self.log = args, log
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        if production:
            # As deployed: production mode, which answers only to the hosts listed
            # (with the port, when the Host header carries one: forum.security).
            hosts = [f"127.0.0.1:{self.port}", f"localhost:{self.port}", "127.0.0.1", "localhost"]
            self.env = {
                **env,
                "FORUM_PRODUCTION": "true",
                "FORUM_TRUSTED_HOSTS": json.dumps(hosts),
            }
        self.process: subprocess.Popen | None = None

    def start(self, timeout: float = 60.0, probe: str = "/") -> Gunicorn:
        command = pinned(
            [
                GUNICORN,
                "-c",
                str(ROOT / "gunicorn.conf.py"),
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(self.workers),
                *self.args,
                self.app,
            ],
            self.cpu,
        )
        out = open(self.log, "ab") if self.log else subprocess.DEVNULL  # noqa: SIM115
        self.process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=self.env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        if self.log:
            out.close()
        self.wait_ready(timeout, probe)
        return self

    def wait_ready(self, timeout: float = 60.0, probe: str = "/") -> None:
        """Wait until every worker is up and a request is answered."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn {self.app} exited: {self._log_tail()}")
            if len(self.worker_pids()) >= self.workers and self._answers(probe):
                return
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"gunicorn {self.app} did not answer in {timeout} s: {self._log_tail()}")

    def _answers(self, path: str) -> bool:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
            conn.request("GET", path)
            conn.getresponse().read()
            conn.close()
            return True
        except OSError:
            return False

    def _log_tail(self) -> str:
        if self.log and self.log.exists():
            return self.log.read_text(errors="replace")[-3000:]
        return "(no log)"

    def worker_pids(self) -> list[int]:
        return children(self.process.pid) if self.process else []

    def worker_rss_mib(self) -> list[float]:
        return [rss_kib(pid) / 1024 for pid in self.worker_pids()]

    def stop(self) -> None:
        """SIGTERM to the whole group (a graceful shutdown), SIGKILL if it lingers."""
        if self.process is None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=30)
        except ProcessLookupError:
            pass  # already gone, workers too
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def __enter__(self) -> Gunicorn:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
