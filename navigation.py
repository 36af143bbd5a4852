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


def ordered(user: User | None) -> list[PageSpec]:
    """The pages this user sees, in navigation order. Signed in, their own work comes first
    (after the overview), then the public pages; a visitor sees the registry's order."""
    shown = set(visible(user))
    pages = [p for p in PAGES if p.url_path in shown]
    if user is None:
        return pages
    return sorted(pages, key=lambda p: (p.url_path != "overview", p.section_key == "nav.public",
                                        p.position))
