"""Fixed, translated vocabularies. Labels live in the i18n catalogs under vocab.<name>.<code>."""

from __future__ import annotations

ACTION_TYPES = (
    "street_action", "workshop", "school_session", "agent_training", "talk_cafe", "exhibition",
    "creative_writing", "story_contest", "online_campaign", "annual_meeting", "other",
)
SECTORS = (
    "social", "cultural", "neighbourhood", "commercial", "educational", "migrant_association",
    "youth", "other",
)
AGENT_KINDS = ("individual", "entity")
# Languages an action or agent works in (ISO 639-1); labels under vocab.language.<code>.
WORK_LANGUAGES = ("es", "eu", "en", "fr", "ar", "pt", "ro", "wo", "zh", "ur", "ber", "other")
TRAINING_MODULES = 4  # Bilbao's agents' training has 4 modules (naiz.eus 2019)


def label_key(vocabulary: str, code: str) -> str:
    """The i18n key of one vocabulary entry, e.g. vocab.action_type.workshop."""
    return f"vocab.{vocabulary}.{code}"
