"""The overview: the network at a glance, this year and the last, by district."""

from network.overview.rules import totals
from network.overview.store import activity_years, network_at_a_glance

__all__ = ["activity_years", "network_at_a_glance", "totals"]
