"""The one error family: what a user caused and can fix, with a complete Chinese message.

Layers below `ui` raise these with a stable ``code`` (for tests, logs and translation) and the
Chinese sentence the user reads.  Anything that is not an ``AppError`` is a bug.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


class AppError(Exception):
    """An error the user can understand and act on."""

    default_code = "app_error"

    def __init__(
        self,
        message: str,
        *,
        code: str | None = None,
        details: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.code = code or self.default_code
        self.details: dict[str, Any] = dict(details or {})

    def __str__(self) -> str:
        return self.message


class ValidationError(AppError):
    """A value that breaks a rule; ``field`` and ``value`` say which."""

    default_code = "invalid"

    def __init__(
        self,
        message: str,
        *,
        code: str | None = None,
        field: str | None = None,
        value: object = None,
        details: Mapping[str, Any] | None = None,
    ) -> None:
        merged = dict(details or {})
        if field is not None:
            merged.setdefault("field", field)
        if value is not None:
            merged.setdefault("value", value)
        super().__init__(message, code=code, details=merged)
        self.field = field
        self.value = value


class NotFoundError(AppError):
    """A record the user named does not exist."""

    default_code = "not_found"


class DuplicateError(AppError):
    """A record that must be unique already exists."""

    default_code = "duplicate"


class PermissionDeniedError(AppError):
    """The user's role does not allow the action."""

    default_code = "permission_denied"


class StorageError(AppError):
    """The workspace file cannot be used: not ours, newer, locked, damaged."""

    default_code = "storage"
