"""Recognition's display table, in a language."""

from __future__ import annotations

from typing import Any

from network.recognition.rules import Recognition


def frame(rec: Recognition, district_names: dict[int, str], lang: str) -> Any:
    """The named contributors as a DataFrame with translated headers."""
    import pandas as pd

    from network.core import i18n

    t = lambda key, **kw: i18n.translate(key, lang, **kw)  # noqa: E731
    return pd.DataFrame({
        t("recognition.name"): [r["name"] for r in rec.named],
        t("recognition.kind_label"): [t(f"recognition.kind.{r['kind']}") for r in rec.named],
        t("field.district"): [district_names.get(r["district_id"], "") for r in rec.named],
        t("trends.measure.actions"): [r["actions"] for r in rec.named],
        t("trends.measure.reached"): [r["reached"] for r in rec.named],
        t("trends.measure.quiz"): [r["quiz"] for r in rec.named],
    })
