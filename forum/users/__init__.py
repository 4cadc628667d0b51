from forum.users.views import bp

__all__ = ["bp"]
