"""Drive one URL for a while and measure it: Debian's ``wrk`` when present, else Python.

    measure(url, seconds, connections, cpu, headers) -> {"rps", "p50_ms", "p99_ms", "requests", ...}
    python -m bench.loadgen URL [--seconds 5] [--connections 4] [--header "Name: value"]
        (the Python client)

Both run as a child process pinned to ``cpu`` (``taskset``), so the load
generator never competes with the server for its core. The Python client is
a fallback: one process of threads opening a connection per request, as wrk
does against gunicorn's sync workers (they close every connection). It tops
out at a few thousand requests a second, so against a hello-world page it
measures itself; the report says which generator ran.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
from urllib.parse import urlsplit

from bench.server import ROOT, pinned

_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def measure(
    url: str,
    seconds: float,
    connections: int = 4,
    cpu: int | None = None,
    headers: dict[str, str] | None = None,
) -> dict:
    """``headers`` go with every request (a signed-in member's session cookie)."""
    lines = [f"{name}: {value}" for name, value in (headers or {}).items()]
    if shutil.which("wrk"):
        return _wrk(url, seconds, connections, cpu, lines)
    command = [
        sys.executable,
        "-m",
        "bench.loadgen",
        url,
        "--seconds",
        str(seconds),
        "--connections",
        str(connections),
        *(arg for line in lines for arg in ("--header", line)),
    ]
    done = subprocess.run(pinned(command, cpu), cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"load generator failed: {done.stderr}")
    return json.loads(done.stdout)


def _wrk(url: str, seconds: float, connections: int, cpu: int | None, headers: list[str]) -> dict:
    command = ["wrk", "-t1", f"-c{connections}", f"-d{max(1, round(seconds))}s", "--latency"]
    command += [arg for line in headers for arg in ("-H", line)] + [url]
    done = subprocess.run(
        pinned(command, cpu), capture_output=True, text=True, timeout=seconds + 60
    )
    if done.returncode != 0:
        raise RuntimeError(f"wrk failed: {done.stderr or done.stdout}")
    return parse_wrk(done.stdout)


def _ms(value: str | None) -> float:
    if value is None:  # no request finished in time
        return float("nan")
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", value).groups()
    return float(number) * _UNITS[unit]


def parse_wrk(output: str) -> dict:
    """The figures we report, from ``wrk --latency`` output."""
    latency = dict(re.findall(r"^\s+(50|99)%\s+(\S+)$", output, re.MULTILINE))
    requests, took, unit = re.search(r"(\d+) requests in ([\d.]+)(\w+),", output).groups()
    errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "generator": "wrk",
        "requests": int(requests),
        "seconds": float(took) * {"ms": 0.001, "s": 1.0, "m": 60.0}.get(unit, 1.0),
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50_ms": _ms(latency.get("50")),
        "p99_ms": _ms(latency.get("99")),
        "non_2xx": int(non_2xx.group(1)) if non_2xx else 0,
        "socket_errors": sum(int(n) for n in errors.groups()) if errors else 0,
    }


def _percentile(ordered: list[float], p: float) -> float:
    return ordered[min(len(ordered) - 1, round(p * (len(ordered) - 1)))] if ordered else 0.0


def python_client(
    url: str, seconds: float, connections: int, headers: list[str] | tuple[str, ...] = ()
) -> dict:
    """Closed-loop load from ``connections`` threads; latencies in milliseconds."""
    parts = urlsplit(url)
    target = (parts.hostname, parts.port or 80)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    extra = "".join(f"{line}\r\n" for line in headers)
    request = (
        f"GET {path} HTTP/1.1\r\nHost: {parts.netloc}\r\n{extra}Connection: close\r\n\r\n"
    ).encode()
    latencies: list[float] = []
    counts = {"non_2xx": 0, "socket_errors": 0}
    lock = threading.Lock()
    stop_at = time.perf_counter() + seconds

    def worker() -> None:
        mine, bad, failed = [], 0, 0
        while (start := time.perf_counter()) < stop_at:
            try:
                with socket.create_connection(target, timeout=30) as sock:
                    sock.sendall(request)
                    chunks = []
                    while chunk := sock.recv(65536):
                        chunks.append(chunk)
                status = int(b"".join(chunks)[9:12])
            except (OSError, ValueError):
                failed += 1
                continue
            mine.append((time.perf_counter() - start) * 1000)
            bad += not 200 <= status < 300  # as non-2xx: a redirect is not the page
        with lock:
            latencies.extend(mine)
            counts["non_2xx"] += bad
            counts["socket_errors"] += failed

    threads = [threading.Thread(target=worker) for _ in range(connections)]
    began = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    took = time.perf_counter() - began
    ordered = sorted(latencies)
    return {
        "generator": "python",
        "requests": len(ordered),
        "seconds": took,
        "rps": len(ordered) / took,
        "p50_ms": _percentile(ordered, 0.50),
        "p99_ms": _percentile(ordered, 0.99),
        **counts,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Closed-loop HTTP load from Python threads.")
    parser.add_argument("url")
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--header", action="append", default=[], help='"Name: value"')
    args = parser.parse_args(argv)
    print(json.dumps(python_client(args.url, args.seconds, args.connections, args.header)))


if __name__ == "__main__":
    main()
