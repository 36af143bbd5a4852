"""Barometer admin (staff): waves, fieldwork imports, population margins for weighting."""

from datetime import date, timedelta

import streamlit as st

import ui
from network import reference
from network.barometer import estimates, io, margins, views, waves
from network.barometer.instrument import instrument
from network.core import csvio
from network.core.errors import NetworkError

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
    counts = estimates.wave_counts(db)
    progress = waves.progress(db)
    imports = io.list_imports(db)
    districts = reference.districts(db)
    register = reference.latest_populations(db)
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
        st.dataframe(views.waves_frame(wave_list, counts, len(districts), lang), hide_index=True,
                     width="stretch")
        st.caption(ui.t("barometer.admin.flagged_note"))
        st.subheader(ui.t("barometer.admin.open_close"))
        current = next((w.id for w in wave_list if w.status == "open"), wave_list[-1].id)
        target = st.selectbox(ui.t("barometer.chart.wave"), list(wave_labels),
                              index=list(wave_labels).index(current),
                              format_func=wave_labels.get, key="barometer_admin_status_wave")
        chosen = next(w for w in wave_list if w.id == target)
        st.caption(ui.t("barometer.admin.progress", label=chosen.label,
                        status=ui.t(f"barometer.status_label.{chosen.status}")))
        st.dataframe(views.progress_frame(chosen, progress, districts, lang), hide_index=True)
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
                                  key="barometer_admin_file",
                                  max_upload_size=csvio.MAX_IMPORT_BYTES // (1024 * 1024))
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
        st.dataframe(views.imports_frame(imports, lang), hide_index=True, width="stretch")
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
        st.dataframe(views.margins_frame(sets, districts, inst, lang), hide_index=True,
                     width="stretch")
    else:
        st.info(ui.t("barometer.admin.no_margins"))
    dim_labels = {d: ui.t(f"barometer.dimension.{d}") for d in margins.DIMENSIONS}
    dimension = st.selectbox(ui.t("barometer.admin.dimension"), list(dim_labels),
                             format_func=dim_labels.get, key="barometer_admin_dimension")
    category_labels = views.category_labels(dimension, districts, inst, lang)
    defaults, defaults_year = views.margin_defaults(sets, register, districts, dimension)
    with st.form("barometer_admin_margins", clear_on_submit=False):
        cols = st.columns(2)
        m_year = cols[0].number_input(ui.t("field.year"), 1900, 2100,
                                      defaults_year or date.today().year - 1,
                                      key="barometer_admin_m_year")
        m_source = cols[1].text_input(ui.t("field.source"), key="barometer_admin_m_source")
        values = {}
        for i, (code, text) in enumerate(category_labels.items()):
            optional = code in margins.OPTIONAL_CATEGORIES.get(dimension, set())
            values[code] = cols[i % 2].number_input(
                text + (f" ({ui.t('barometer.admin.optional')})" if optional else ""),
                min_value=0, step=1, value=int(defaults.get(code, 0)),
                key=f"barometer_admin_m_{dimension}_{code}")
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
