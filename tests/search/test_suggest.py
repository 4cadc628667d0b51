""" "Did you mean" offers only words people can read now: never one edited out or taken down."""

from __future__ import annotations

import pytest
from whoosh import index
from whoosh.analysis import STOP_WORDS
from whoosh.support.levenshtein import damerau_levenshtein

from bench.corpus import generate_posts
from forum.extensions import db
from forum.services.posts import delete_post, edit_post, set_post_status
from search import store
from search.conditions import Vocabulary, vocabulary
from search.index.rebuild import rebuild
from search.index.schema import WORDS_ANALYZER
from search.query import protected_words, suggest
from search.query.matching import DocSets
from tests.factories import make_post, make_user


def suggestion(client, q: str) -> str | None:
    """The respelling search offers for ``q`` ("did you mean", or shown in its place),
    after checking the results page says the same as the API."""
    body = client.get("/api/v1/search", query_string={"q": q}).json
    html = client.get("/search", query_string={"q": q}).get_data(as_text=True)
    if body["corrected_from"] is not None:
        assert body["corrected_from"] == q and body["suggestion"] is None
        assert f"Showing results for <strong>{body['query']}</strong>" in html
        return body["query"]
    offered = body["suggestion"]
    assert "Showing results for" not in html
    if offered is None:
        assert "Did you mean" not in html
    else:
        assert f">{offered}</a>?" in html
    return offered


def settle_index() -> None:
    """Put every post in one segment, as most of a real index's posts are.

    Later commits are small and leave it unmerged, so the documents they
    delete (an edit's old copy, a post taken down) stay in its term
    dictionary until some later merge, which is when people noticed.
    """
    db.session.commit()  # on SQLite our open read would keep the rebuild from writing
    rebuild()
    with store.searcher() as searcher:
        assert len(searcher.reader().leaf_readers()) == 1


def old_copies_in_index() -> int:
    """Deleted documents the index still holds, waiting for a merge."""
    with store.searcher() as searcher:
        reader = searcher.reader()
        return reader.doc_count_all() - reader.doc_count()


def test_a_surname_edited_out_of_a_title_is_never_suggested(client, corpus):
    parent = make_user("theos-mum", perspective="caregiver")
    post = make_post(
        parent, title="Our week with Theo Marchetti-Lowe",
        body="He took his spacer on the trip.", conditions=["asthma"],
    )  # fmt: skip
    settle_index()
    assert suggestion(client, "marchetta") == "marchetti"  # the slips this test is about
    assert suggestion(client, "lowee") == "lowe"
    edit_post(
        parent, post, title="Our week with Theo at the seaside",
        body="He took his spacer on the trip.", kind="hack", conditions=["asthma"], tags=[],
    )  # fmt: skip
    assert suggestion(client, "marchetta") is None
    assert suggestion(client, "Marchetta-Lowe") is None
    # Live posts still say "low" ("set the volume low"), the stem of "lowe": it
    # takes the word as written in a live title to be offered.
    assert suggestion(client, "lowee") is None
    assert old_copies_in_index() == 1  # the old title is still in the index, only deleted
    # The post as it reads now, live posts and condition names are still suggested.
    assert suggestion(client, "seasied") == "seaside"
    assert suggestion(client, "inhailer") == "inhaler"
    assert suggestion(client, "chrons dieseas") == "crohns disease"


def _author_deletes(post) -> None:
    delete_post(post.author, post)


def _moderator_hides(post) -> None:
    set_post_status(post, "hidden")
    db.session.commit()


@pytest.mark.parametrize("take_down", [_author_deletes, _moderator_hides])
def test_a_word_only_in_a_post_taken_down_is_never_suggested(client, corpus, take_down):
    post = make_post(
        title="Ask for Dr Okonkwo-Barnes on ward 7",
        body="She listens and she explains the scan results.", conditions=["asthma"],
    )  # fmt: skip
    settle_index()
    assert suggestion(client, "okonkow") == "okonkwo"
    take_down(post)
    assert suggestion(client, "okonkow") is None
    assert old_copies_in_index() == 1
    assert suggestion(client, "inhailer") == "inhaler"


def test_a_misspelling_only_taken_down_posts_used_is_corrected(client, corpus):
    author = make_user("keen-typist")
    typos = [
        make_post(author, title=f"Excercise bike, week {n}", body="Ten minutes a day.")
        for n in range(1, 4)
    ]
    make_post(author, title="Exercise before breakfast", body="A short walk first thing.")
    settle_index()
    assert suggestion(client, "excercise") is None  # three posts spell it so: a real word here
    for post in typos:
        delete_post(author, post)
    assert old_copies_in_index() == 3
    assert suggestion(client, "excercise") == "exercise"


def _plainly_corrected(sets: DocSets, word: str, vocab: Vocabulary) -> str | None:
    """What ``correct`` decides, the plain way: every candidate checked and counted."""
    if len(word) < 4 or word.isdigit() or word in STOP_WORDS or word in vocab.words:
        return None
    if protected_words.protected(word):
        return None
    frequency = suggest._frequency(sets, word)
    if frequency > suggest.RARE:
        return None
    scored = []
    for candidate in suggest._candidates(sets, word, vocab, 1 if len(word) <= 5 else 2):
        is_condition = candidate in vocab.words
        if not is_condition and not sets.term(suggest.TITLE_WORDS, candidate):
            continue
        count = suggest._frequency(sets, candidate)
        if frequency and count < frequency * suggest.MORE_COMMON and not is_condition:
            continue
        distance = damerau_levenshtein(candidate, word)
        if sorted(candidate) == sorted(word):
            distance -= 0.5
        scored.append((distance, not is_condition, -count, candidate))
    return min(scored)[3] if scored else None


def _slips(word: str):
    """The word, then with a letter dropped, swapped with the next, and changed."""
    yield word
    for i in range(len(word)):
        yield word[:i] + word[i + 1 :]
        if i + 1 < len(word):
            yield word[:i] + word[i + 1] + word[i] + word[i + 2 :]
        yield word[:i] + "e" + word[i + 1 :]


def test_counting_only_the_closest_candidates_suggests_what_counting_all_would(
    app_ctx, tmp_path, monkeypatch
):
    posts = list(generate_posts(400, seed=11))
    words = sorted({t.text for post in posts[:12] for t in WORDS_ANALYZER(post["title"])})
    # Slips some posts made themselves: rare words that are words here all the same.
    typos = [w[:2] + w[3:] for w in words if len(w) > 5]
    titles = [post["title"] for post in posts] + typos
    (tmp_path / "ix").mkdir()
    ix = index.create_in(str(tmp_path / "ix"), store.SCHEMA)
    with ix.writer() as writer:
        for n, post in enumerate(posts):
            writer.add_document(post_id=str(n), title=post["title"], title_words=post["title"],
                                body=post["body"], tags=" ".join(post["tags"]))  # fmt: skip
        for n, title in enumerate(typos, len(posts)):
            writer.add_document(post_id=str(n), title=title, title_words=title)
    writer = ix.writer()
    for n in range(0, len(titles), 3):  # a third taken down, left in the segment
        writer.delete_by_term("post_id", str(n))
    writer.commit(merge=False)
    vocab = vocabulary()
    # Finding the candidates is most of the time, and the same for both ways.
    found, find = {}, suggest._candidates

    def find_once(sets, word, vocab, maxdist):
        if (word, maxdist) not in found:
            found[word, maxdist] = find(sets, word, vocab, maxdist)
        return found[word, maxdist]

    monkeypatch.setattr(suggest, "_candidates", find_once)
    typed = [slip for w in [*words, *typos, "chrons", "dieseas", "astma"] for slip in _slips(w)]
    with ix.searcher() as searcher:
        sets = DocSets.of_searcher(searcher)
        checked = [(word, suggest.correct(sets, word, vocab)) for word in typed]
        assert checked == [(word, _plainly_corrected(sets, word, vocab)) for word in typed]
    assert sum(1 for _, better in checked if better) > len(checked) / 4  # it is tried, not idle
