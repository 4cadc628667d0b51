from forum.api.views import bp

__all__ = ["bp"]
