"""Notification benchmark, the email part: build and send 10,000 emails to a local SMTP server.

    .venv/bin/python -m bench.notify_bench [--emails 10000] [--database-url URL] [--keep]

Starts an SMTP server (aiosmtpd) in its own process on a free port, queues
``--emails`` emails the way a digest run does (``forum.mail.queue_email``:
a plain-text and an HTML body, List-Unsubscribe headers, one commit per
thousand), then runs the worker's sending job (``forum.mail.sending.run``)
round after round until nothing is due, as one ``flask notify work`` does:
a claim per batch, one SMTP connection per batch, a commit per email. The
server counts what arrived by Message-ID. Printed: the time to build, the
time to send (and the rate), the total against the target (60 s), and every
error met; any email lost, refused or sent twice marks the figures INVALID.

The other two parts of the issue's benchmark (a post's extra request time
with 10,000 watchers, the fan-out to 10,000 notifications) need the fan-out
job and are not here yet.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.report import INVALID, command_line, print_markdown, verdict  # noqa: E402
from bench.server import cpu_seconds  # noqa: E402

TARGET_S = 60
SINK = """
import asyncio, signal, sys
from aiosmtpd.controller import Controller

# Blocked before the server's thread starts, so only sigwait below receives them.
signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM, signal.SIGINT})
out = open(sys.argv[2], "a", buffering=1)

class Sink:
    async def handle_DATA(self, server, session, envelope):
        for line in envelope.content.split(b"\\r\\n"):
            if not line:
                break
            if line.lower().startswith(b"message-id:"):
                out.write(line.split(b":", 1)[1].strip().decode() + "\\n")
                break
        return "250 Message accepted for delivery"

controller = Controller(Sink(), hostname="127.0.0.1", port=int(sys.argv[1]))
controller.start()
print("ready", flush=True)
signal.sigwait({signal.SIGTERM, signal.SIGINT})
controller.stop()
out.close()
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class SmtpSink:
    """aiosmtpd in a child process, writing each arrival's Message-ID to a file."""

    def __init__(self, workdir: Path) -> None:
        self.port = free_port()
        self.log = workdir / "arrived.txt"
        self.log.touch()
        self.process: subprocess.Popen | None = None

    def start(self) -> SmtpSink:
        self.process = subprocess.Popen(
            [sys.executable, "-c", SINK, str(self.port), str(self.log)],
            stdout=subprocess.PIPE,
            text=True,
        )
        if self.process.stdout.readline().strip() != "ready":
            raise RuntimeError("the SMTP sink did not start")
        return self

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(10)
            self.process.stdout.close()

    def arrivals(self) -> Counter:
        return Counter(line for line in self.log.read_text().splitlines() if line)


def run(emails: int, database_url: str | None, workdir: Path) -> dict:
    from sqlalchemy import func, select

    from forum import create_app
    from forum.extensions import db
    from forum.mail import queue_email, sending
    from forum.models import OutgoingEmail
    from forum.models.timestamps import utcnow

    url = database_url or f"sqlite:///{workdir / 'bench.db'}"
    sink = SmtpSink(workdir).start()
    report: dict = {"emails": emails, "database": url.split(":")[0], "errors": []}
    try:
        app = create_app(
            {
                "SQLALCHEMY_DATABASE_URI": url,
                "SEARCH_INDEX_DIR": str(workdir / "index"),
                "SECRET_KEY": "benchmark",
                "RATELIMIT_ENABLED": False,
                "MAIL_BACKEND": "smtp",
                "MAIL_SERVER": "127.0.0.1",
                "MAIL_PORT": sink.port,
                "MAIL_USE_TLS": False,
            }
        )
        with app.app_context():
            db.create_all()
            start = time.perf_counter()
            for i in range(emails):
                token = f"{i:08x}"
                queue_email(
                    f"member{i}@example.org",
                    kind="digest",
                    subject="What's new this week on Middle Ground",
                    text=f"Hello member{i},\n\n3 new posts in what you watch.\n\n"
                    f"Unsubscribe: https://forum.example.org/email/unsubscribe/{token}\n",
                    html=f"<p>Hello member{i},</p><ul><li>3 new posts</li></ul>"
                    f'<p><a href="https://forum.example.org/email/unsubscribe/{token}">'
                    "Unsubscribe</a></p>",
                    headers={
                        "List-Unsubscribe": f"<https://forum.example.org/email/unsubscribe/{token}>",
                        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                    },
                )
                if i % 1000 == 999:
                    db.session.commit()
            db.session.commit()
            report["build_s"] = time.perf_counter() - start

            start = time.perf_counter()
            cpu, sink_cpu = time.process_time(), cpu_seconds(sink.process.pid)
            sent = rounds = 0
            while True:
                done = sending.run(utcnow())
                rounds += 1
                sent += done
                if not done:
                    break
            report["send_s"] = time.perf_counter() - start
            report["send_cpu_s"] = time.process_time() - cpu
            report["sink_cpu_s"] = cpu_seconds(sink.process.pid) - sink_cpu
            report["load_average"] = os.getloadavg()[0]
            report["sent"], report["rounds"] = sent, rounds
            states = dict(
                db.session.execute(
                    select(OutgoingEmail.state, func.count()).group_by(OutgoingEmail.state)
                ).all()
            )
            errors = db.session.execute(
                select(OutgoingEmail.last_error, func.count())
                .where(OutgoingEmail.last_error.is_not(None))
                .group_by(OutgoingEmail.last_error)
            ).all()
            report["states"] = states
            report["errors"] += [f"{count} × {error}" for error, count in errors]
            db.session.remove()
            db.engine.dispose()
    finally:
        sink.stop()
    arrivals = sink.arrivals()
    report["arrived"] = len(arrivals)
    report["twice"] = sum(1 for n in arrivals.values() if n > 1)
    if report["arrived"] != emails:
        report["errors"].append(f"{report['arrived']} of {emails} emails arrived")
    if report["twice"]:
        report["errors"].append(f"{report['twice']} emails arrived more than once")
    if report["states"] != {"sent": emails}:
        report["errors"].append(f"outbox states afterwards: {report['states']}")
    return report


def markdown(report: dict, command: str) -> str:
    n = report["emails"]
    bad = bool(report["errors"])
    total = report["build_s"] + report["send_s"]
    rate = n / report["send_s"] if report["send_s"] else 0

    def figure(text: str) -> str:
        return INVALID if bad else text

    rows = [
        (f"build and queue {n:,} emails (text + HTML)", figure(f"{report['build_s']:.1f} s"), ""),
        (
            f"send {n:,} emails over SMTP, one worker",
            figure(f"{report['send_s']:.1f} s ({rate:,.0f}/s)"),
            "",
        ),
        (
            "CPU time while sending: worker / SMTP server",
            figure(f"{report['send_cpu_s']:.1f} s / {report['sink_cpu_s']:.1f} s"),
            "",
        ),
        (
            f"build and send {n:,} emails",
            figure(f"{total:.1f} s"),
            f"{TARGET_S} s" if bad else verdict(total, "≤", TARGET_S).replace(":", " s:", 1),
        ),
    ]
    notes = [
        f"Database: {report['database']}. The SMTP server is aiosmtpd in its own process on "
        "this machine; each email is committed as sent before the next is handed over. "
        f"Load average at the end: {report['load_average']:.1f} on {os.cpu_count()} cores "
        "(the CPU times say what the work costs whatever else the machine was doing).",
    ]
    if report["errors"]:
        notes.append("Errors: " + "; ".join(report["errors"]))
    return print_markdown(command, rows, notes)


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--emails", type=int, default=10_000)
    parser.add_argument("--database-url", help="an EMPTY database (default: a temp SQLite file)")
    parser.add_argument("--keep", action="store_true", help="keep the temp database")
    args = parser.parse_args(argv)
    workdir = Path(tempfile.mkdtemp(prefix="notify-bench-"))
    try:
        report = run(args.emails, args.database_url, workdir)
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    report["machine"] = {"cpus": os.cpu_count(), "python": sys.version.split()[0]}
    errors = "; ".join(report["errors"]) or "none"
    print(
        f"built {report['emails']} in {report['build_s']:.2f} s; sent {report['sent']} in "
        f"{report['send_s']:.2f} s over {report['rounds']} rounds; "
        f"{report['arrived']} arrived, {report['twice']} twice; errors: {errors}"
    )
    report["markdown"] = markdown(report, command_line("bench.notify_bench", argv))
    return report


if __name__ == "__main__":
    main()
