from forum.conditions.views import bp

__all__ = ["bp"]
