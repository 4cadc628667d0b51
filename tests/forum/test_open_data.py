"""The open-data export of a condition's outcome counts (docs/open-data.md): no
names, no free text, no small cells, and no total that gives a hidden cell away."""

from __future__ import annotations

import csv
import io
import itertools
import re

import pytest

from forum import ROOT
from forum.conditions import open_data
from forum.conditions.open_data import COLUMNS, FIELDS, HIDDEN, SMALL, WITHHELD, total_cell
from forum.extensions import db
from forum.models import Post
from tests.factories import bulk_outcomes, make_post, make_user
from tests.sql import statements

RESULTS = ("worked", "partly", "no_effect", "worse", "stopped")


@pytest.fixture
def posts(app):
    """Crohn's and UC posts with reports, by a named author, with notes on every report."""
    with app.app_context():
        author = make_user("private_author_name")
        big = make_post(
            author,
            title="Secret title about school passes",
            body="A body nobody should export.",
            conditions=["crohns-disease", "ulcerative-colitis"],
        )
        bulk_outcomes(big, {"worked": 45, "partly": 5, "no_effect": 3}, note="My son Tom, age 9")
        small = make_post(author, title="Tiny private story", conditions=["crohns-disease"])
        bulk_outcomes(small, {"worked": 2, "stopped": 1}, note="Private note")
        one_hidden = make_post(author, title="One hidden cell", kind="change_idea",
                               conditions=["ulcerative-colitis"])  # fmt: skip
        bulk_outcomes(
            one_hidden, {"worked": 45, "partly": 5, "no_effect": 3, "worse": 5, "stopped": 5}
        )
        make_post(author, title="Nobody tried this", conditions=["crohns-disease"])
        removed = make_post(author, title="Removed post", conditions=["crohns-disease"])
        bulk_outcomes(removed, {"worked": 20})
        removed.status = "removed"
        db.session.commit()
        return {"big": big.id, "small": small.id, "one_hidden": one_hidden.id,
                "removed": removed.id}  # fmt: skip


def _csv(client, slug="ibd") -> list[dict]:
    response = client.get(f"/conditions/{slug}/outcomes.csv")
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(response.get_data().decode("utf-8"))))


# ---------- the rule ----------


def test_every_count_under_5_is_hidden_zero_included():
    assert [open_data.cell(n) for n in (0, 1, 4, 5, 6, 50)] == [HIDDEN] * 3 + [5, 6, 50]


@pytest.mark.parametrize(
    ("counts", "total"),
    [
        ([45, 5, 3, 0, 0], 53),  # 3 left for three hidden cells: many ways
        ([45, 5, 3, 5, 5], WITHHELD),  # one hidden cell: 63 - 60 = 3
        ([50, 0, 0, 0, 0], WITHHELD),  # nothing left: the hidden cells are all 0
        ([20, 4, 4, 0, 0], 28),  # 8 left over three hidden cells (not 12): many ways
        ([20, 4, 4, 4, 0], 32),  # 12 left over four hidden cells (not 16)
        ([20, 4, 4, 4, 4], WITHHELD),  # 16 left over four: all must be 4
        ([5, 5, 5, 5, 5], 25),  # nothing hidden
        ([2, 1, 0, 0, 0], HIDDEN),  # a small total is itself hidden
        ([4, 0, 0, 0, 0], HIDDEN),
        ([4, 0, 0, 0, 1], 5),  # all hidden, 5 left over five cells: many ways
    ],
)
def test_a_total_that_would_give_a_hidden_cell_away_is_withheld(counts, total):
    assert total_cell(counts) == total


def test_no_published_total_ever_pins_a_hidden_cell():
    """Brute force over small rows: wherever a total is shown, the hidden cells
    could take more than one set of values that fit it."""
    for counts in itertools.product([0, 1, 3, 4, 5, 7], repeat=5):
        shown = total_cell(list(counts))
        if not isinstance(shown, int):
            continue
        hidden = [i for i, n in enumerate(counts) if n < SMALL]
        if not hidden:
            continue
        left = shown - sum(n for n in counts if n >= SMALL)
        fits = [
            combo
            for combo in itertools.product(range(SMALL), repeat=len(hidden))
            if sum(combo) == left
        ]
        assert len(fits) > 1, counts
        # And no single hidden cell has the same value in every fit.
        for place in range(len(hidden)):
            assert len({combo[place] for combo in fits}) > 1, counts


# ---------- the files ----------


def test_the_csv_has_a_header_one_row_per_reported_post_and_suppressed_cells(client, posts):
    response = client.get("/conditions/ibd/outcomes.csv")
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.headers["Content-Disposition"] == 'attachment; filename="ibd-outcomes.csv"'
    assert response.get_data().decode("utf-8").splitlines()[0] == ",".join(COLUMNS)
    rows = {int(r["post_id"]): r for r in _csv(client)}
    # Published posts somebody reported trying, in the subtree; not the removed one.
    assert set(rows) == {posts["big"], posts["small"], posts["one_hidden"]}
    big = rows[posts["big"]]
    assert big["url"] == f"http://localhost/posts/{posts['big']}"
    assert big["kind"] == "hack" and big["evidence_level"] == "one_story"
    assert big["conditions"] == "crohns-disease ulcerative-colitis"
    assert [big[r] for r in RESULTS] == ["45", "5", HIDDEN, HIDDEN, HIDDEN]
    assert big["total"] == "53"
    small = rows[posts["small"]]
    assert [small[r] for r in (*RESULTS, "total")] == [HIDDEN] * 6
    one = rows[posts["one_hidden"]]
    assert [one[r] for r in RESULTS] == ["45", "5", HIDDEN, "5", "5"]
    assert one["total"] == WITHHELD and one["kind"] == "change_idea"
    # Only the posts about the condition asked for.
    assert {int(r["post_id"]) for r in _csv(client, "crohns-disease")} == {
        posts["big"], posts["small"],
    }  # fmt: skip


def test_no_cell_anywhere_holds_a_count_under_5(client, posts):
    for row in _csv(client):
        for column in (*RESULTS, "total"):
            value = row[column]
            assert value in (HIDDEN, WITHHELD) or int(value) >= SMALL, (column, value)
    for row in client.get("/conditions/ibd/outcomes.json").json["posts"]:
        for column in (*RESULTS, "total"):
            value = row[column]
            assert value in (HIDDEN, WITHHELD) or value >= SMALL, (column, value)


def test_no_username_or_free_text_is_in_either_file(client, posts):
    csv_text = client.get("/conditions/ibd/outcomes.csv").get_data(as_text=True)
    json_text = client.get("/conditions/ibd/outcomes.json").get_data(as_text=True)
    for text in (csv_text, json_text):
        for secret in ("private_author_name", "reporter", "Secret title", "Tiny private",
                       "One hidden cell", "nobody should export", "Tom", "Private note",
                       "example.org"):  # fmt: skip
            assert secret not in text
    # What is in a row is exactly the dictionary's fields.
    assert set(client.get("/conditions/ibd/outcomes.json").json["posts"][0]) == set(COLUMNS)


def test_the_json_has_the_same_rows_and_says_what_it_is(client, posts):
    document = client.get("/conditions/ibd/outcomes.json").json
    assert set(document) == {"generated_at", "condition", "licence", "data_dictionary",
                             "suppression", "fields", "posts"}  # fmt: skip
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", document["generated_at"])
    assert document["condition"] == {"slug": "ibd", "name": "Inflammatory bowel disease",
                                     "url": "http://localhost/conditions/ibd"}  # fmt: skip
    assert "CC BY 4.0" in document["licence"]
    assert document["data_dictionary"] == "http://localhost/open-data"
    assert document["fields"] == list(COLUMNS)
    by_id = {row["post_id"]: row for row in document["posts"]}
    big = by_id[posts["big"]]
    assert big["conditions"] == ["crohns-disease", "ulcerative-colitis"]
    assert [big[r] for r in RESULTS] == [45, 5, HIDDEN, HIDDEN, HIDDEN] and big["total"] == 53
    csv_rows = _csv(client)
    assert [int(r["post_id"]) for r in csv_rows] == [row["post_id"] for row in document["posts"]]
    for row in csv_rows:
        same = by_id[int(row["post_id"])]
        assert [row[r] for r in (*RESULTS, "total")] == [str(same[r]) for r in (*RESULTS, "total")]


@pytest.mark.parametrize("suffix", ["csv", "json"])
def test_an_unknown_condition_is_404(client, suffix):
    assert client.get(f"/conditions/no-such-condition/outcomes.{suffix}").status_code == 404


def test_an_empty_condition_has_just_the_header(client):
    assert client.get("/conditions/lupus/outcomes.csv").get_data(as_text=True) == (
        ",".join(COLUMNS) + "\r\n"
    )
    assert client.get("/conditions/lupus/outcomes.json").json["posts"] == []


def test_an_unchanged_file_is_a_304_to_a_client_that_has_it(client, posts):
    first = client.get("/conditions/ibd/outcomes.csv")
    etag, _ = first.get_etag()
    assert etag
    again = client.get("/conditions/ibd/outcomes.csv", headers={"If-None-Match": f'"{etag}"'})
    assert again.status_code == 304 and again.get_data() == b""


def test_the_condition_page_links_the_files_and_the_dictionary(client, posts):
    page = client.get("/conditions/ibd").get_data(as_text=True)
    for href in ("/conditions/ibd/outcomes.csv", "/conditions/ibd/outcomes.json", "/open-data"):
        assert f'href="{href}"' in page
    empty = client.get("/conditions/lupus").get_data(as_text=True)
    assert 'href="/conditions/lupus/outcomes.csv"' in empty


def test_the_dictionary_page_and_docs_describe_every_field_and_the_rule(client):
    page = client.get("/open-data")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    docs = (ROOT / "docs" / "open-data.md").read_text(encoding="utf-8")
    for field in FIELDS:
        assert f"<code>{field.name}</code>" in text
        assert f"| `{field.name}` |" in docs, field.name
    for words in ("under 5", "0 included", WITHHELD, "CC BY 4.0"):
        assert words in docs
        assert words in text.replace("&lt;", "<")


def test_the_files_are_cached_like_other_pages_and_never_stale(make_app):
    app = make_app(PAGE_CACHE_ENABLED=True, QUERY_CACHE_ENABLED=True)
    client = app.test_client()
    with app.app_context():
        post = make_post(title="Cached idea", conditions=["asthma"])
        bulk_outcomes(post, {"worked": 6})
        post_id = post.id
    for url in ("/conditions/asthma/outcomes.csv", "/conditions/asthma/outcomes.json",
                "/api/v1/conditions/asthma/summary"):  # fmt: skip
        for _ in range(10):  # PostgreSQL's snapshot moves with any write on the server
            first = client.get(url)
            with statements(app) as seen:
                second = client.get(url)
            if not seen:
                break
        assert not seen and second.data == first.data, url
    with app.app_context():
        bulk_outcomes(db.session.get(Post, post_id), {"worked": 1})
    assert ",7,<5,<5,<5,<5,suppressed" in client.get("/conditions/asthma/outcomes.csv").text
    assert client.get("/api/v1/conditions/asthma/summary").json["outcomes"]["worked"] == 7
