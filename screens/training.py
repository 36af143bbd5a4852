"""Training's screens: one form for every field of an event, to schedule a new one or edit one
already on the calendar."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

import streamlit as st

import forms
import ui
from network import training
from network.core.vocab import WORK_LANGUAGES
from network.training import views


def _defaults(event: dict[str, Any] | None) -> dict[str, Any]:
    if event is None:
        return {"kind": training.KINDS[0], "module": training.MODULES[0], "title": "",
                "trainer": "", "hours": training.MODULE_HOURS, "district_id": None,
                "capacity": 20, "day": date.today() + timedelta(days=14), "start": time(18, 0),
                "end": time(20, 0), "place": "", "online_url": "", "languages": [],
                "audience": ["agents"], "description": ""}
    starts, ends = (datetime.fromisoformat(event[k]) for k in ("starts_at", "ends_at"))
    return {**event, "day": starts.date(), "start": starts.time(), "end": ends.time(),
            "hours": event["hours"] or 0.0, "module": event["module"] or training.MODULES[0],
            **{k: event[k] or "" for k in ("title", "trainer", "place", "online_url",
                                           "description")}}


def event_form(prefix: str, names: dict[int, str], lang: str,
               event: dict[str, Any] | None = None) -> dict[str, Any]:
    """Every field of an event, each widget keyed under `prefix` (a refused save keeps what was
    typed); `event` fills them in to edit it. Returns the values for create_event/update_event.
    `names` are the districts this user may schedule in (0: city-wide)."""
    d = _defaults(event)
    kinds = {k: ui.t(f"training.kind.{k}") for k in training.KINDS}
    kind = st.selectbox(ui.t("training.field.kind"), list(kinds), format_func=kinds.get,
                        index=list(kinds).index(d["kind"]), key=f"{prefix}_kind")
    modules = {m: views.module_name(m, lang) for m in training.MODULES}
    module = st.selectbox(ui.t("training.field.module"), list(modules), format_func=modules.get,
                          index=list(modules).index(d["module"]), key=f"{prefix}_module",
                          disabled=kind != "training")
    title = st.text_input(ui.t("training.field.title"), d["title"], key=f"{prefix}_title")
    left, right = st.columns(2)
    trainer = left.text_input(ui.t("training.field.trainer"), d["trainer"], key=f"{prefix}_trainer")
    hours = right.number_input(ui.t("training.field.hours"), 0.0, 12.0, float(d["hours"]), 0.5,
                               key=f"{prefix}_hours")
    current = d["district_id"] or 0
    choices = list(names) if current in names or event is None else [current, *names]
    district = left.selectbox(ui.t("field.district"), choices,
                              format_func=lambda i: names.get(i, str(i)),
                              index=choices.index(current) if current in choices else 0,
                              key=f"{prefix}_district")
    capacity = right.number_input(ui.t("training.field.capacity"), 1, 2000, int(d["capacity"]),
                                  key=f"{prefix}_capacity")
    day = left.date_input(ui.t("training.field.date"), d["day"], format="YYYY-MM-DD",
                          key=f"{prefix}_day")
    start = right.time_input(ui.t("training.field.start"), d["start"], key=f"{prefix}_start")
    end = left.time_input(ui.t("training.field.end"), d["end"], key=f"{prefix}_end")
    place = right.text_input(ui.t("training.field.place"), d["place"], key=f"{prefix}_place")
    url = left.text_input(ui.t("training.field.online_url"), d["online_url"], key=f"{prefix}_url")
    langs = forms.labelled("language", WORK_LANGUAGES)
    languages = right.multiselect(ui.t("training.field.languages"), list(langs),
                                  default=[x for x in d["languages"] if x in langs],
                                  format_func=langs.get, key=f"{prefix}_languages",
                                  placeholder=ui.t("common.choose_many"))
    audiences = {a: ui.t(f"training.audience.{a}") for a in training.AUDIENCES}
    audience = st.multiselect(ui.t("training.field.audience"), list(audiences),
                              default=[a for a in d["audience"] if a in audiences],
                              format_func=audiences.get, key=f"{prefix}_audience",
                              placeholder=ui.t("common.choose_many"))
    description = st.text_area(ui.t("training.field.description"), d["description"],
                               key=f"{prefix}_description")
    return {"kind": kind, "module": module if kind == "training" else None, "title": title,
            "trainer": trainer, "hours": hours or None, "district_id": district or None,
            "starts_at": datetime.combine(day, start), "ends_at": datetime.combine(day, end),
            "place": place, "online_url": url, "capacity": capacity, "languages": languages,
            "audience": audience, "description": description}
