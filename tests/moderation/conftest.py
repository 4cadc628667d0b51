import pytest

from tests.moderation.helpers import setup_cast


@pytest.fixture
def cast(app):
    """The cast of a moderation story: members at each trust level and the staff."""
    return setup_cast(app)
