"""``@username`` in Markdown: a link to the member's profile, only where it should be."""

from __future__ import annotations

from forum.markup import render_markdown
from forum.markup.mentions import candidates, mentioned_usernames
from tests.factories import make_user


def test_a_member_named_after_at_is_linked_and_nobody_else(app_ctx):
    make_user("nurse_kim")
    html = render_markdown(
        "Ask @Nurse_Kim or @nobody. Mail kim@nurse_kim.org, "
        "not `@nurse_kim` nor [@nurse_kim](https://example.org)."
    )
    assert html.count('href="/users/nurse_kim"') == 1
    assert '<a href="/users/nurse_kim" rel="nofollow ugc noopener">@nurse_kim</a>' in html
    assert "@nobody" in html and "/users/nobody" not in html
    assert mentioned_usernames(html) == {"nurse_kim"}


def test_mentions_in_code_blocks_and_beside_addresses_are_text(app_ctx):
    make_user("dad_of_three")
    html = render_markdown(
        "```\n@dad_of_three\n```\n\nSee https://example.org/@dad_of_three and @dad_of_three's idea."
    )
    assert mentioned_usernames(html) == {"dad_of_three"}
    assert html.count("/users/dad_of_three") == 1


def test_without_an_app_nothing_is_looked_up():
    assert "href" not in render_markdown("hi @someone")


def test_candidates_are_distinct_and_bounded():
    assert candidates("@abc @ABC @abd @ab x@abe") == ["abc", "abd"]
    assert len(candidates(" ".join(f"@n{i:03}" for i in range(500)))) == 50
