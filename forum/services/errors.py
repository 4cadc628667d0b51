from __future__ import annotations


class ValidationFailed(Exception):
    """Input broke a rule; ``fields`` maps a field name to its message."""

    def __init__(self, fields: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in fields.items()))
        self.fields = fields


class NotAllowed(Exception):
    """The user may not do this to this object (HTTP 403), or it conflicts (409)."""

    def __init__(self, message: str, *, status: int = 403) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
