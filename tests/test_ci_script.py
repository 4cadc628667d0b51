"""`.ci/run` installs every external program the tests (and the benchmarks they run) call.

The programs are found by reading the code: ``shutil.which("x")``, a command list
``["x", ...]`` given to ``subprocess`` or kept in a ``command`` variable, and a
default path such as ``"/usr/bin/chromium"``. Each must appear in ``PROVIDED``
with the Debian package that brings it; then the script itself is run with
stand-ins for apt-get, make and the servers, once on a machine that has none of
the programs (it must install every package) and once on one that has them all
(it must install nothing).
"""

from __future__ import annotations

import ast
import os
import re
import shutil
import stat
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / ".ci" / "run"

# program -> the Debian package .ci/run installs for it
PROVIDED = {
    "chromium": "chromium",  # tests/e2e (Playwright drives the system's Chromium)
    "wrk": "wrk",  # bench/loadgen.py, the page benchmark's load generator
    "taskset": "util-linux",  # bench/server.py pins servers and load to a core
    "chattr": "e2fsprogs",  # tests/load/test_faults.py makes the index read-only
    "pg_ctlcluster": "postgresql",  # the PostgreSQL run of the suite
    "redis-server": "redis-server",  # rate-limit storage tests use Redis when reachable
}
# Programs the tests run that come with Python, the virtualenv or every Debian system.
NOT_APT = {"python", "python3", "gunicorn", "flask", "bash", "sh"}

SUBPROCESS_CALLS = {"run", "Popen", "call", "check_call", "check_output"}


def _first_word(command: ast.List) -> set[str]:
    first = command.elts[0] if command.elts else None
    if isinstance(first, ast.Constant) and isinstance(first.value, str):
        return {first.value}
    return set()


def _programs_in(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Call):
            name = getattr(node.func, "attr", getattr(node.func, "id", ""))
            first = node.args[0] if node.args else None
            if name == "which" and isinstance(first, ast.Constant):
                found.add(first.value)
            elif name in SUBPROCESS_CALLS and isinstance(first, ast.List):
                found |= _first_word(first)
        elif isinstance(node, ast.Assign) and isinstance(node.value, ast.List):
            names = [t.id for t in node.targets if isinstance(t, ast.Name)]
            if any("command" in n or n == "cmd" for n in names):
                found |= _first_word(node.value)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            found |= set(re.findall(r"^/usr/(?:local/)?s?bin/([\w.+-]+)$", node.value))
    return found


def programs_the_tests_call() -> set[str]:
    files = [*(ROOT / "tests").rglob("*.py"), *(ROOT / "bench").rglob("*.py")]
    return {Path(p).name for path in files for p in _programs_in(path)} - NOT_APT


def test_the_scan_finds_the_programs_we_know_of():
    """A scan that found nothing would make the next test pass for nothing."""
    assert {"chromium", "wrk", "taskset", "chattr"} <= programs_the_tests_call()


def test_every_program_the_tests_call_has_a_package():
    missing = programs_the_tests_call() - PROVIDED.keys()
    assert not missing, f"add these to PROVIDED and install them in .ci/run: {sorted(missing)}"


def _stand_in(folder: Path, name: str, body: str = "exit 0") -> None:
    path = folder / name
    path.write_text(f"#!/bin/sh\n{body}\n")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)


def _run_script(tmp_path: Path, present: set[str]) -> list[str]:
    """Run .ci/run where only ``present`` programs exist; the packages apt-get was asked for."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = tmp_path / "apt.log"
    for tool in ("dirname", "ls", "head", "seq", "sleep", "mkdir", "cat"):
        real = shutil.which(tool)
        assert real, tool
        (bin_dir / tool).symlink_to(real)
    _stand_in(bin_dir, "apt-get", f'[ "$1" = install ] && echo "$@" >> {log}; exit 0')
    for server_tool in ("make", "pg_isready", "psql", "redis-cli"):
        _stand_in(bin_dir, server_tool)
    for program in present:
        _stand_in(bin_dir, program)
    done = subprocess.run(
        ["/bin/bash", str(SCRIPT)],
        env={"PATH": str(bin_dir), "HOME": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    if not log.exists():
        return []
    words = log.read_text().split()
    return [w for w in words if not w.startswith("-") and w != "install"]


@pytest.mark.skipif(not Path("/bin/bash").exists(), reason="needs bash")
def test_the_script_installs_each_program_that_is_missing(tmp_path):
    assert os.access(SCRIPT, os.X_OK)
    asked = _run_script(tmp_path, present=set())
    assert set(PROVIDED.values()) <= set(asked), asked


@pytest.mark.skipif(not Path("/bin/bash").exists(), reason="needs bash")
def test_the_script_installs_nothing_that_is_there(tmp_path):
    assert _run_script(tmp_path, present=set(PROVIDED)) == []
