"""The navigation: the pages the feature registry (network/features.py) declares, filtered by role."""

from __future__ import annotations

from network import features
from network.core import permissions
from network.core.permissions import User
from network.features import PageSpec

PAGES: list[PageSpec] = features.pages()


def visible(user: User | None) -> list[str]:
    """URL paths of the pages this user sees in the navigation."""
    return [p.url_path for p in PAGES
            if p.capability is None or permissions.allowed(user, p.capability)]
