"""The calendar's display tables, in a language (typed text as plain values)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from network.core import i18n
from network.core.vocab import label_key
from network.training import rules
from network.training.coverage import Coverage


def module_name(module: int, lang: str) -> str:
    """'Module 2: What is (un)true' in a language."""
    return (i18n.translate("training.module_short", lang, n=module) + ": "
            + i18n.translate(f"training.module.{module}", lang))


def kind_label(event: Mapping[str, Any], lang: str) -> str:
    """'Training · module 2' or the kind's name."""
    kind = i18n.translate(f"training.kind.{event['kind']}", lang)
    if event["kind"] == "training" and event["module"]:
        return f"{kind} · {i18n.translate('training.module_short', lang, n=event['module'])}"
    return kind


def status_label(event: Mapping[str, Any], lang: str) -> str:
    """Seats, waiting list, cancelled or moved, in words (no colour cue)."""
    t = lambda key, **kw: i18n.translate(key, lang, **kw)  # noqa: E731
    if event["status"] == "cancelled":
        return t("training.status.cancelled")
    text = t("training.status.seats", taken=event["confirmed"], capacity=event["capacity"])
    if event["waiting"]:
        text += " · " + t("training.status.waiting", n=event["waiting"])
    if event.get("moved_from"):
        text += " · " + t("training.status.moved", before=event["moved_from"].replace("T", " "))
    return text


def events_table(events: Sequence[Mapping[str, Any]], district_names: Mapping[int, str],
                 lang: str, *, mine: bool = False) -> pd.DataFrame:
    """One row per event: when, what, title, where, district, seats (and my sign-up)."""
    t = lambda key, **kw: i18n.translate(key, lang, **kw)  # noqa: E731
    city = t("training.city_wide")
    data = {
        t("training.col.when"): [rules.local_range(e) for e in events],
        t("training.col.kind"): [kind_label(e, lang) for e in events],
        t("training.col.title"): [e["title"] for e in events],
        t("training.col.status"): [status_label(e, lang) for e in events],
    }
    if mine:
        data[t("training.col.mine")] = [t(f"training.mine.{e['mine']}") if e["mine"] else ""
                                        for e in events]
    data |= {
        t("training.col.where"): [" · ".join(x for x in (e["place"], e["online_url"]) if x)
                                  for e in events],
        t("training.col.district"): [district_names.get(e["district_id"], city)
                                     if e["district_id"] else city for e in events],
        t("training.col.languages"): [", ".join(t(label_key("language", x))
                                                for x in e["languages"]) for e in events],
    }
    return pd.DataFrame(data)


def history_table(history: Sequence[Mapping[str, Any]], lang: str) -> pd.DataFrame:
    """An agent's training records: module, date, how (session title or 'before the
    calendar'), hours."""
    t = lambda key, **kw: i18n.translate(key, lang, **kw)  # noqa: E731
    return pd.DataFrame({
        t("training.cert.module"): [module_name(h["module"], lang) for h in history],
        t("training.cert.date"): [h["day"] for h in history],
        t("training.cert.how"): [t("training.cert.before_calendar") if h["source"] == "prior"
                                 else h["title"] for h in history],
        t("training.col.hours"): [i18n.format_number(h["hours"], lang, 1)
                                  if h["hours"] else "" for h in history],
    })


def _count(value: int | None, lang: str) -> str:
    return (i18n.translate("disclosure.hidden", lang) if value is None
            else i18n.format_number(value, lang))


def coverage_table(cov: Coverage, lang: str) -> pd.DataFrame:
    """Agents trained per module and the course totals, as rows of text (hidden cells say
    so)."""
    t = lambda key, **kw: i18n.translate(key, lang, **kw)  # noqa: E731
    rows = [(module_name(m, lang), _count(cov.per_module[m], lang)) for m in rules.MODULES]
    rows.append((t("training.cov.full"), _count(cov.full, lang)))
    return pd.DataFrame({t("training.cov.measure"): [r[0] for r in rows],
                         t("training.cov.agents"): [r[1] for r in rows]})


def report_section(per: Mapping[int | None, Coverage], hidden: Mapping[int, str],
                   district_names: Mapping[int, str], city: str, year: int, lang: str) -> str:
    """The annual report's section on agents' training (HTML, every text escaped)."""
    from network.core import disclosure
    from network.core.privacy import PUBLIC_MIN_COUNT
    from network.core.safe_html import escape_html as esc

    t = lambda key, **kw: i18n.translate(key, lang, **kw)  # noqa: E731
    num = lambda v, d=0: i18n.format_number(v, lang, d)  # noqa: E731
    heads = [t("training.report.area"), t("training.report.active"), t("training.report.full"),
             t("training.report.hours"), t("training.report.rate")]
    rows = []
    for area in [*district_names, None]:
        c = per.get(area)
        if c is None:
            continue
        if area in hidden:
            full = disclosure.marker(hidden[area], PUBLIC_MIN_COUNT, lang)
        elif c.full is None:
            full = t("disclosure.hidden")
        else:
            full = f"{num(c.full)} ({num(100 * (c.share_full or 0), 1)} %)"
        rate = "—" if c.attendance_rate is None else f"{num(100 * c.attendance_rate, 1)} %"
        name = district_names.get(area, city) if area is not None else city
        rows.append([name, num(c.active), full, num(c.hours, 1), rate])
    body = "".join("<tr>" + "".join(f"<td>{esc(v)}</td>" for v in r) + "</tr>" for r in rows)
    table = ("<table><thead><tr>" + "".join(f"<th scope='col'>{esc(h)}</th>" for h in heads)
             + f"</tr></thead><tbody>{body}</tbody></table>")
    return (f"<h2>{esc(t('training.cov.title'))} {esc(year)}</h2>"
            f"<p>{esc(t('training.course_intro'))}</p>{table}"
            f"<p class='note'>{esc(t('training.cov.note'))}</p>")
