"""Reading pages as a person would: the text, and the titles of the post cards."""

import re
from html import unescape

_CARD_TITLE = re.compile(r'class="card-title"><a href="[^"]+">([^<]+)</a>')


def page_text(response) -> str:
    return unescape(response.get_data(as_text=True))


def card_titles(page) -> list[str]:
    """Card titles in page order; ``page`` is a response or its HTML."""
    html = page if isinstance(page, str) else page.get_data(as_text=True)
    return [unescape(t) for t in _CARD_TITLE.findall(html)]
