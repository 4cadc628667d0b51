"""Demo content for `flask --app wsgi seed demo`.

The content is plain data (``people``, ``posts/``) written the way families
and clinicians write; ``loader`` puts it in through the forum's services.
"""

from forum.seed.loader import DemoSummary, SeedError, seed_demo
from forum.seed.people import DEMO_PASSWORD, DEMO_USERS
from forum.seed.posts import DEMO_POSTS

__all__ = ["DEMO_PASSWORD", "DEMO_POSTS", "DEMO_USERS", "DemoSummary", "SeedError", "seed_demo"]
