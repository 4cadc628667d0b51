from forum.posts.views import bp

__all__ = ["bp"]
