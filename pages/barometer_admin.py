"""Barometer admin (staff): waves, fieldwork imports, population margins for weighting."""

from datetime import date, timedelta

import pandas as pd
import streamlit as st

import ui
from network import reference
from network.barometer import estimates, io, margins, views, waves
from network.barometer.instrument import instrument
from network.barometer.weighting import read_weighting
from network.errors import NetworkError

FLASH = "barometer_admin_flash"
user = ui.require_page("barometer.manage")
lang = ui.lang()
inst = instrument()
st.title(ui.t("barometer.admin.title"))
if FLASH in st.session_state:
    st.success(st.session_state.pop(FLASH))


def done(message: str) -> None:
    ui.data_changed()
    st.session_state[FLASH] = message
    st.rerun()


with ui.database() as db:
    wave_list = waves.list_waves(db)
    counts = {r["wave_id"]: r for r in estimates.wave_counts(db).values()}
    imports = io.list_imports(db)
    districts = reference.districts(db)
    sets = margins.margin_sets(db)
if not districts:
    st.info(ui.t("overview.no_districts"))
    st.stop()
ui.demo_caption()
wave_labels = {w.id: w.label for w in wave_list}
tab_waves, tab_import, tab_margins = st.tabs(
    [ui.t("barometer.admin.tab_waves"), ui.t("barometer.admin.tab_import"),
     ui.t("barometer.admin.tab_margins")])

with tab_waves:
    if wave_list:
        st.dataframe(pd.DataFrame({
            ui.t("barometer.chart.wave"): [w.label for w in wave_list],
            ui.t("field.year"): [w.year for w in wave_list],
            ui.t("barometer.admin.fieldwork"): [f"{w.fieldwork_start} – {w.fieldwork_end}"
                                                for w in wave_list],
            ui.t("barometer.admin.mode"): [ui.t(f"barometer.mode.{w.mode}") for w in wave_list],
            ui.t("barometer.admin.status"): [ui.t(f"barometer.status_label.{w.status}")
                                             for w in wave_list],
            ui.t("barometer.admin.respondents_target"): [
                f"{ui.num(counts.get(w.id, {}).get('valid') or 0)} / "
                f"{ui.num(w.target_per_district * len(districts))}" for w in wave_list],
            ui.t("barometer.admin.flagged"): [counts.get(w.id, {}).get("flagged") or 0
                                              for w in wave_list],
            ui.t("barometer.method.weighting"): [
                ui.t(f"barometer.weighting.{read_weighting(w.weighting).method}") for w in wave_list],
            ui.t("demo.label"): [ui.t("common.yes") if w.demo else "" for w in wave_list],
        }), hide_index=True, width="stretch")
        st.caption(ui.t("barometer.admin.flagged_note"))
        st.subheader(ui.t("barometer.admin.open_close"))
        target = st.selectbox(ui.t("barometer.chart.wave"), list(wave_labels),
                              format_func=wave_labels.get, key="barometer_admin_status_wave")
        chosen = next(w for w in wave_list if w.id == target)
        new_status = "closed" if chosen.status == "open" else "open"
        if st.button(ui.t(f"barometer.admin.make_{new_status}"), key="barometer_admin_status"):
            try:
                with ui.database() as db:
                    waves.set_status(db, user, target, new_status)
            except NetworkError as err:
                ui.show_error(err)
            else:
                done(ui.t(f"barometer.admin.now_{new_status}", label=chosen.label))
    else:
        st.info(ui.t("barometer.admin.no_waves"))

    st.subheader(ui.t("barometer.admin.create"))
    with st.form("barometer_admin_create", clear_on_submit=False):
        label = st.text_input(ui.t("barometer.admin.label"), key="barometer_admin_label",
                              placeholder=ui.t("barometer.admin.label_example"))
        cols = st.columns(3)
        year = cols[0].number_input(ui.t("field.year"), 2000, 2100, date.today().year,
                                    key="barometer_admin_year")
        start = cols[1].date_input(ui.t("barometer.admin.start"), date.today(),
                                   key="barometer_admin_start")
        end = cols[2].date_input(ui.t("barometer.admin.end"), date.today() + timedelta(days=45),
                                 key="barometer_admin_end")
        mode_labels = {m: ui.t(f"barometer.mode.{m}") for m in waves.MODES}
        mode = st.radio(ui.t("barometer.admin.mode"), list(mode_labels), horizontal=True,
                        format_func=mode_labels.get, key="barometer_admin_mode")
        per_district = st.number_input(ui.t("barometer.admin.target"), 1, 100000, 100,
                                       key="barometer_admin_target")
        if st.form_submit_button(ui.t("barometer.admin.create_button")):
            try:
                with ui.database() as db:
                    waves.create_wave(db, user, {
                        "label": label, "year": int(year), "fieldwork_start": start,
                        "fieldwork_end": end, "mode": mode, "target_per_district": int(per_district)})
            except NetworkError as err:
                ui.show_error(err)
            else:
                done(ui.t("barometer.admin.created", label=label.strip()))

with tab_import:
    st.markdown(ui.t("barometer.admin.import_help", items=", ".join(inst.codes),
                     low=inst.scale_min, high=inst.scale_max))
    st.download_button(ui.t("barometer.admin.template"), io.template_csv(inst),
                       "barometer_template.csv", "text/csv", key="barometer_admin_template")
    if not wave_list:
        st.info(ui.t("barometer.admin.no_waves"))
    else:
        import_wave = st.selectbox(ui.t("barometer.chart.wave"), list(wave_labels),
                                   format_func=wave_labels.get, key="barometer_admin_import_wave",
                                   index=len(wave_labels) - 1)
        upload = st.file_uploader(ui.t("barometer.admin.file"), type=["csv", "txt"],
                                  key="barometer_admin_file")
        if st.button(ui.t("barometer.admin.import_button"), key="barometer_admin_import",
                     disabled=upload is None):
            try:
                with ui.database() as db:
                    wave = waves.get_wave(db, import_wave)
                    result = io.import_csv(db, user, wave, upload.getvalue(), upload.name)
            except NetworkError as err:
                ui.show_error(err)
            else:
                done(ui.t("barometer.admin.imported", rows=ui.num(result.rows), label=wave.label,
                          method=ui.t(f"barometer.weighting.{result.weighting.method}")))
    if imports:
        st.subheader(ui.t("barometer.admin.imports"))
        st.dataframe(pd.DataFrame({
            ui.t("barometer.chart.wave"): [i["wave"] for i in imports],
            ui.t("barometer.admin.file"): [i["filename"] for i in imports],
            ui.t("barometer.admin.rows"): [i["rows"] for i in imports],
            ui.t("barometer.admin.supplied_weights"): [
                ui.t("common.yes" if i["supplied_weights"] else "common.no") for i in imports],
            ui.t("barometer.admin.imported_at"): [i["imported_at"] for i in imports],
        }), hide_index=True, width="stretch")
        import_labels = {i["id"]: f"{i['wave']} · {i['filename']} ({i['rows']})" for i in imports}
        undo = st.selectbox(ui.t("barometer.admin.undo_which"), list(import_labels),
                            format_func=import_labels.get, key="barometer_admin_undo_id")
        if st.button(ui.t("barometer.admin.undo"), key="barometer_admin_undo"):
            try:
                with ui.database() as db:
                    io.delete_import(db, user, undo)
            except NetworkError as err:
                ui.show_error(err)
            else:
                done(ui.t("barometer.admin.undone", name=import_labels[undo]))

with tab_margins:
    st.markdown(ui.t("barometer.admin.margins_help"))
    if sets:
        st.dataframe(pd.DataFrame({
            ui.t("barometer.admin.dimension"): [ui.t(f"barometer.dimension.{s.dimension}")
                                                for s in sets],
            ui.t("field.year"): [s.year for s in sets],
            ui.t("barometer.admin.values"): [views.margin_text(s, districts, inst, lang)
                                             for s in sets],
            ui.t("field.source"): [s.source for s in sets],
            ui.t("demo.label"): [ui.t("common.yes") if s.demo else "" for s in sets],
        }), hide_index=True, width="stretch")
    else:
        st.info(ui.t("barometer.admin.no_margins"))
    dim_labels = {d: ui.t(f"barometer.dimension.{d}") for d in margins.DIMENSIONS}
    dimension = st.selectbox(ui.t("barometer.admin.dimension"), list(dim_labels),
                             format_func=dim_labels.get, key="barometer_admin_dimension")
    category_labels = views.category_labels(dimension, districts, inst, lang)
    with st.form("barometer_admin_margins", clear_on_submit=False):
        cols = st.columns(2)
        m_year = cols[0].number_input(ui.t("field.year"), 1900, 2100, date.today().year - 1,
                                      key="barometer_admin_m_year")
        m_source = cols[1].text_input(ui.t("field.source"), key="barometer_admin_m_source")
        values = {}
        for i, (code, text) in enumerate(category_labels.items()):
            optional = code in margins.OPTIONAL_CATEGORIES.get(dimension, set())
            values[code] = cols[i % 2].number_input(
                text + (f" ({ui.t('barometer.admin.optional')})" if optional else ""),
                min_value=0, step=1, value=0, key=f"barometer_admin_m_{dimension}_{code}")
        if st.form_submit_button(ui.t("barometer.admin.save_margins")):
            try:
                with ui.database() as db:
                    margins.set_margins(db, user, dimension, int(m_year),
                                        {c: int(v) for c, v in values.items()}, m_source,
                                        labels=category_labels)
            except NetworkError as err:
                ui.show_error(err)
            else:
                done(ui.t("barometer.admin.margins_saved", dimension=dim_labels[dimension]))
    if sets:
        set_labels = {(s.dimension, s.year): f"{dim_labels[s.dimension]} {s.year}" for s in sets}
        drop = st.selectbox(ui.t("barometer.admin.delete_which"), list(set_labels),
                            format_func=set_labels.get, key="barometer_admin_drop")
        if st.button(ui.t("barometer.admin.delete_margins"), key="barometer_admin_drop_button"):
            try:
                with ui.database() as db:
                    margins.delete_margins(db, user, *drop)
            except NetworkError as err:
                ui.show_error(err)
            else:
                done(ui.t("barometer.admin.margins_deleted", name=set_labels[drop]))
