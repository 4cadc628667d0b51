"""Screenshots of the main pages, desktop and phone, for the README.

``make screenshots`` runs ``python -m tests.e2e.screenshots``: a live server on
a temporary database is filled with the demo content (the real ``seed demo``
command), Chromium opens each page, and PNGs land in ``docs/screenshots/``
as ``<page>-<device>.png``. Nothing outside the temporary folder is touched
except those files.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from sqlalchemy import func, select

from forum.extensions import db
from forum.models import Condition, Post, User
from tests.e2e.actions import sign_in
from tests.e2e.harness import CHROMIUM, CHROMIUM_ARGS, DEVICES, LiveServer, chromium_available

OUT = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
# Tall pages are cut here (CSS pixels): the README shows the top of each page.
MAX_HEIGHT = {"desktop": 1500, "phone": 1700}


def seed(server: LiveServer) -> None:
    """The demo content through the real CLI command, then the search index."""
    runner = server.app.test_cli_runner()
    result = runner.invoke(args=["seed", "demo"])
    if result.exit_code != 0:
        raise SystemExit(f"flask seed demo failed:\n{result.output}{result.exception or ''}")
    rebuild = runner.invoke(args=["search", "rebuild"])
    if rebuild.exit_code != 0:
        print(f"note: search rebuild failed, search shots may be empty:\n{rebuild.output}")


def pick_targets(server: LiveServer) -> dict:
    """The most telling examples in the seeded data."""
    with server.app_context():
        reported = Post.outcome_worked + Post.outcome_partly + Post.outcome_no_effect
        most_reported = db.session.scalars(
            select(Post)
            .where(Post.status == "published")
            .order_by((reported + Post.outcome_stopped).desc(), Post.comment_count.desc())
            .limit(10)
        ).all()
        # A well-reported post that also carries a safety label shows the most.
        post = next((p for p in most_reported if p.safety_label), None)
        post = post or (most_reported[0] if most_reported else None)
        busiest = db.session.execute(
            select(Condition.slug)
            .join(Post.conditions)
            .where(Post.status == "published", Condition.parent_id.is_not(None))
            .group_by(Condition.slug)
            .order_by(func.count(Post.id).desc())
        ).scalar()
        writer = db.session.scalars(
            select(User).where(
                User.role == "member",
                User.perspective == "caregiver",
                User.trust_level <= 2,
                User.id != (post.author_id if post else None),
            )
        ).first()
        if post is None or writer is None:
            raise SystemExit("the demo content has no posts or no caregiver to sign in as")
        return {
            "post_id": post.id,
            "author": post.author.username,
            "condition": busiest or "crohns-disease",
            "writer": writer.username,
        }


def shots(targets: dict) -> list[tuple[str, str, bool]]:
    """(file name, path, signed in?) in the order the README shows them."""
    return [
        ("home", "/", False),
        ("conditions", "/conditions", False),
        ("condition", f"/conditions/{targets['condition']}", False),
        ("post", f"/posts/{targets['post_id']}", True),
        ("new-post", "/posts/new", True),
        ("search", "/search?q=school", False),
        ("search-respelt", "/search?q=chrons", False),
        ("profile", f"/users/{targets['author']}", False),
        ("edit-profile", f"/users/{targets['writer']}/edit", True),
        ("ask", "/posts/new?kind=question", True),
        ("unanswered", "/questions/unanswered", False),
        ("guidelines", "/guidelines", False),
        ("urgent-help", "/urgent-help", False),
        ("login", "/auth/login", False),
    ]


def take(server: LiveServer, only: set[str] | None = None) -> list[Path]:
    from playwright.sync_api import sync_playwright

    from forum.seed.people import DEMO_PASSWORD

    targets = pick_targets(server)
    OUT.mkdir(parents=True, exist_ok=True)
    written = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        for device, options in DEVICES.items():
            # One context for a visitor, one for a signed-in member (made when first needed).
            pages: dict[bool, object] = {}
            for name, path, needs_user in shots(targets):
                if only and name not in only:
                    continue
                if needs_user not in pages:
                    context = browser.new_context(base_url=server.url, **options)
                    pages[needs_user] = context.new_page()
                    if needs_user:
                        sign_in(pages[needs_user], targets["writer"], DEMO_PASSWORD)
                file = OUT / f"{name}-{device}.png"
                written.append(_shoot(pages[needs_user], path, file, device))
            for page in pages.values():
                page.context.close()
        browser.close()
    return written


def _shoot(page, path: str, file: Path, device: str) -> Path:
    response = page.goto(path)
    if response is None or response.status >= 400:
        print(f"warning: {path} answered {response.status if response else 'nothing'}")
    page.wait_for_load_state("networkidle")
    width = page.viewport_size["width"]
    height = min(page.evaluate("document.documentElement.scrollHeight"), MAX_HEIGHT[device])
    clip = {"x": 0, "y": 0, "width": width, "height": height}
    page.screenshot(path=str(file), full_page=True, clip=clip)
    return file


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pages", nargs="*", help="only these shots (e.g. home post)")
    args = parser.parse_args(argv)
    if not chromium_available():
        print(f"Chromium not found at {CHROMIUM}: apt-get install chromium", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="mg-screenshots-") as tmp:
        server = LiveServer(Path(tmp)).start()
        try:
            seed(server)
            for file in take(server, set(args.pages) or None):
                print(file.relative_to(OUT.parents[1]))
        finally:
            server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
