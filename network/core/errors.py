"""Domain errors that carry a translation key, so every surface can show them in its language."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


class NetworkError(Exception):
    """Base error: `key` names a message in the i18n catalogs, `params` fill it in."""

    key = "error.generic"

    def __init__(self, key: str | None = None, **params: Any):
        self.key = key or self.key
        self.params = params
        super().__init__(f"{self.key} {params}" if params else self.key)


class PermissionDenied(NetworkError):
    key = "error.permission_denied"


class NotFound(NetworkError):
    key = "error.not_found"


class UnknownDistrict(NetworkError):
    key = "error.unknown_district"


class SignInThrottled(NetworkError):
    key = "error.sign_in_throttled"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input: which field (and row, for imports) and why."""

    field: str
    key: str
    params: dict[str, Any] = field(default_factory=dict)
    row: int | None = None


class ValidationFailed(NetworkError):
    """A form or record was refused; `problems` lists every reason."""

    key = "error.validation_failed"

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__(count=len(self.problems))


class ImportRejected(ValidationFailed):
    """A whole file was refused (all-or-nothing); problems carry row numbers."""

    key = "error.import_rejected"
