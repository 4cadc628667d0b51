from forum.posts.summary import summarize
from tests.factories import make_comment, make_outcome, make_post, make_user


def test_post_comment_outcome_counts(app_ctx):
    post = make_post(tags=["School", " school", "bathroom-pass"])
    assert post.tag_names == ["bathroom-pass", "school"]
    make_comment(post)
    make_outcome(post, result="worked")
    reporter = make_user()
    make_outcome(post, reporter, result="partly")
    make_outcome(post, reporter, result="stopped")
    assert post.comment_count == 1
    assert summarize(post).outcomes == {
        "worked": 1,
        "partly": 0,
        "no_effect": 0,
        "worse": 0,
        "stopped": 1,
        "total": 2,
    }
