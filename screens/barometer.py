"""The barometer's screens: the public survey's steps; the dashboard's notices and tabs."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

import ui
from network import database
from network.barometer import charts, estimates, io, responses, views, weighting
from network.barometer.published import published_values
from network.core.privacy import SURVEY_MIN_CELL

UNSET = object()


def choice(field: str, options: list, labels: dict, stored, question: str, radio: bool = True):
    index = options.index(stored) if stored is not UNSET and stored in options else None
    if radio:
        return st.radio(question, options, index=index, format_func=labels.get,
                        key=f"survey_{field}")
    return st.selectbox(question, options, index=index, format_func=labels.get,
                        placeholder=ui.t("common.choose"), key=f"survey_{field}")


def profile_step(inst, districts: list, barrios: list, profile: dict, lang: str) -> None:
    """The survey's first step: the respondent's district, barrio and demographics."""
    st.subheader(ui.t("barometer.survey.about_you"))
    district_labels = {d.id: d.label(lang) for d in districts}
    district = choice("district_id", list(district_labels), district_labels,
                      profile.get("district_id", UNSET), ui.t("barometer.survey.district"), radio=False)
    barrio_labels = {"": ui.t("barometer.survey.prefer_not")} | {
        b["name"]: b["name"] for b in barrios if b["district_id"] == district}
    choice("barrio", list(barrio_labels), barrio_labels, profile.get("barrio"),
           ui.t("barometer.survey.barrio"), radio=False)
    for question in ("sex", "age_band", "born_abroad", "years_in_bilbao"):
        labels = {c: inst.label(question, c, lang) for c in inst.categories(question)}
        if question == "years_in_bilbao":
            labels[""] = ui.t("barometer.survey.prefer_not")
        choice(question, list(labels), labels, profile.get(question, UNSET),
               inst.question(question, lang))


def block_step(inst, block: str, answers: dict, lang: str) -> None:
    """One block of the instrument's items, each on its agreement scale."""
    st.subheader(inst.blocks[block][lang])
    scale_labels = {v: labels[lang] for v, labels in inst.scale.items()}
    for item in (i for i in inst.items if i.block == block):
        choice(item.code, list(scale_labels), scale_labels, answers.get(item.code, UNSET),
               item.text[lang])


def step_footer(inst, step: int, total_steps: int, errors: str, go: Callable[[int], None],
                send: Callable[[], None], lang: str) -> None:
    """Below each step: the honeypot, what is missing, back and next (or send), privacy."""
    with st.container(key="survey_hp"):
        st.text_input(ui.t("barometer.survey.honeypot"), key="survey_hp_field")

    if st.session_state.get(errors):
        missing = responses.describe_problems(st.session_state[errors], lang, inst)
        st.error(ui.t("barometer.survey.answer_all") + "\n\n" + "\n".join(f"- {m}" for m in missing))
    if "survey_failure" in st.session_state:
        ui.show_error(st.session_state.pop("survey_failure"))

    back, forward = st.columns(2)
    if step > 0:
        back.button(ui.t("barometer.survey.back"), on_click=go, args=(-1,), key="survey_back",
                    width="stretch")
    if step < total_steps - 1:
        forward.button(ui.t("barometer.survey.next"), on_click=go, args=(1,), type="primary",
                       key="survey_next", width="stretch")
    else:
        forward.button(ui.t("barometer.survey.send"), on_click=send, type="primary", key="survey_send",
                       width="stretch")
    st.caption(ui.t("barometer.survey.privacy"))
    ui.privacy_link()


def notices(dash) -> None:
    """What the estimates rest on: waves unweighted, partly weighted or not converged, dropped
    cells, demo margins."""
    found = views.weighting_notices(dash)
    if found["unweighted"]:
        st.warning(ui.t("barometer.notice.unweighted", waves=", ".join(found["unweighted"])))
    if found["partial"]:
        st.warning(ui.t("barometer.notice.partial", waves=", ".join(found["partial"])))
    if found["not_converged"]:
        st.warning(ui.t("barometer.notice.not_converged", waves=", ".join(found["not_converged"]),
                        low=ui.num(weighting.TRIM_LOW, 2), high=ui.num(weighting.TRIM_HIGH)))
    if found["dropped"]:
        st.warning(ui.t("barometer.notice.dropped", cells="; ".join(found["dropped"])))
    if found["demo_margins"]:
        st.caption(ui.t("barometer.notice.demo_margins"))


def index_tab(dash, lang: str) -> None:
    """The city's index beside the published series, the table by district and wave, the
    districts' trends."""
    st.subheader(ui.t("barometer.city_trend", city=dash.city or ui.t("barometer.city")))
    st.altair_chart(charts.index_trend_chart(views.city_rows(dash), published_values(), lang,
                                             ui.t("barometer.chart.this_app")), width="stretch")
    st.caption(ui.t("barometer.published_note"))
    st.subheader(ui.t("barometer.table_title"))
    st.caption(ui.t("barometer.table_note", min=SURVEY_MIN_CELL))
    table = views.index_table_frame(dash, lang)
    st.dataframe(table, hide_index=True, width="stretch",
                 column_config={table.columns[0]: st.column_config.TextColumn(pinned=True)})
    with st.expander(ui.t("barometer.details")):
        st.dataframe(views.detail_frame(dash, lang), hide_index=True, width="stretch")
    st.subheader(ui.t("barometer.district_trend"))
    floor = min((r["low"] for r in dash.index if r["low"] is not None), default=40) - 2
    st.altair_chart(charts.district_trend_chart(views.district_rows(dash, lang), lang, floor))
    st.caption(ui.t("barometer.district_trend_note"))


def map_tab(dash, wave_labels: dict, lang: str) -> None:
    map_wave = st.selectbox(ui.t("barometer.chart.wave"), list(wave_labels), key="barometer_map_wave",
                            index=len(wave_labels) - 1, format_func=wave_labels.get)
    ui.chart(charts.district_map(dash.geojson, views.map_rows(dash, map_wave), lang,
                                 views.map_labels(dash, lang)),
             views.map_table_frame(dash, map_wave, lang), width="stretch")
    st.caption(ui.t("barometer.map_note") + " " + ui.md(dash.attribution))


def bands_tab(dash, inst, lang: str) -> None:
    ui.chart(charts.band_share_chart(views.rows_for(dash.bands, dash), lang),
             views.bands_table_frame(dash, lang), width="stretch")
    st.caption(ui.t("barometer.bands_note", tolerant=ui.num(inst.tolerant_from),
                    reluctant=ui.num(inst.reluctant_below)))


def items_tab(load_items: Callable[[], list[dict]], dash, inst, lang: str) -> None:
    """The item means (`load_items` reads every answer: called only when the tab is open)."""
    st.caption(ui.t("barometer.items_note"))
    item_rows = load_items()
    ui.chart(charts.item_trend_chart(views.rows_for(item_rows, dash), lang, inst),
             views.items_table_frame(item_rows, dash, inst, lang))


def groups_tab(dash, wave_labels: dict, inst, lang: str) -> None:
    group_wave = st.selectbox(ui.t("barometer.chart.wave"), list(wave_labels),
                              key="barometer_group_wave", index=len(wave_labels) - 1,
                              format_func=wave_labels.get)
    by_dimension = {d: [r for r in rows if r["wave_id"] == group_wave]
                    for d, rows in dash.breakdowns.items()}
    domain = charts.breakdown_domain([r for rows in by_dimension.values() for r in rows])
    for dimension, rows in by_dimension.items():
        if rows:
            st.altair_chart(charts.breakdown_chart(rows, lang, dimension, domain, inst),
                            width="stretch")
    with st.expander(ui.t("common.chart_table")):
        st.dataframe(views.groups_table_frame(by_dimension, dash, inst, lang), hide_index=True,
                     width="stretch")
    st.caption(ui.t("barometer.groups_note", min=SURVEY_MIN_CELL))


def method_tab(dash, with_data: list, wave_labels: dict, inst, lang: str) -> None:
    """The method, the weighting, each wave's technical sheet, the margins' sources, the items."""
    st.markdown(ui.t("barometer.method.text", items=len(inst.items),
                     min_answered=inst.min_answered, tolerant=ui.num(inst.tolerant_from),
                     reluctant=ui.num(inst.reluctant_below), min=SURVEY_MIN_CELL,
                     low=ui.num(weighting.TRIM_LOW, 2), high=ui.num(weighting.TRIM_HIGH),
                     neff=estimates.NEFF_RELIABLE))
    st.dataframe(views.weighting_frame(dash, lang), hide_index=True, width="stretch")
    sheet = st.selectbox(ui.t("barometer.sheet.choose"), [w.id for w in with_data],
                         index=len(with_data) - 1, format_func=wave_labels.get,
                         key="barometer_sheet_wave")
    st.subheader(ui.t("barometer.sheet.title", wave=wave_labels[sheet]))
    st.dataframe(views.technical_sheet_frame(dash, sheet, lang), hide_index=True,
                 width="stretch")
    sources = views.margin_sources(dash)
    if sources:
        st.caption(ui.t("barometer.method.sources", sources="; ".join(sources)))
    with st.expander(ui.t("barometer.method.items")):
        st.dataframe(views.items_frame(inst, lang), hide_index=True, width="stretch")


def exports(user, lang: str) -> None:
    """The downloads: microdata, estimates, changes (each built on click)."""
    st.subheader(ui.t("barometer.export.title"))
    path = ui.db_file()

    def export(what: str):  # built on click, on its own connection (the callable runs in a thread)
        def run() -> bytes:
            with database.open_db(path) as db:
                return io.export_for(db, user, what, lang)
        return run

    cols = st.columns(3)
    for col, what in zip(cols, ("microdata", "estimates", "changes"), strict=True):
        col.download_button(ui.t(f"barometer.export.{what}"), export(what), f"barometer_{what}.csv",
                            "text/csv", key=f"barometer_dl_{what}")
