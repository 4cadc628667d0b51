"""The page benchmark's tools: wrk's output read right, the Python fallback working."""

from __future__ import annotations

import os

import pytest

from bench.loadgen import parse_wrk, python_client
from bench.server import Gunicorn

pytestmark = pytest.mark.load

WRK_OUTPUT = """Running 5s test @ http://127.0.0.1:8000/
  1 threads and 4 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     1.23ms  310.00us   9.80ms   90.00%
    Req/Sec     3.30k   120.00     3.50k    70.00%
  Latency Distribution
     50%    1.10ms
     75%    1.30ms
     90%    1.60ms
     99%  850.00us
  16543 requests in 5.01s, 2.61MB read
  Socket errors: connect 0, read 2, write 0, timeout 1
  Non-2xx or 3xx responses: 7
Requests/sec:   3302.00
Transfer/sec:    533.00KB
"""


def test_wrk_output_is_read_with_its_units():
    assert parse_wrk(WRK_OUTPUT) == {
        "generator": "wrk",
        "requests": 16543,
        "seconds": 5.01,
        "rps": 3302.0,
        "p50_ms": 1.1,
        "p99_ms": 0.85,
        "non_2xx": 7,
        "socket_errors": 3,
    }


def test_the_python_client_measures_a_real_server(tmp_path):
    with Gunicorn("bench.hello_app:app", dict(os.environ), log=tmp_path / "hello.log") as hello:
        result = python_client(hello.url + "/", seconds=0.5, connections=2)
        missing = python_client(hello.url + "/nowhere", seconds=0.2, connections=1)
    assert result["requests"] > 10 and result["non_2xx"] == 0 and result["socket_errors"] == 0
    assert 0 < result["p50_ms"] <= result["p99_ms"]
    assert missing["non_2xx"] == missing["requests"] > 0
