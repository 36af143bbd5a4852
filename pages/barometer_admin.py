"""Barometer admin (staff): waves and fieldwork imports (margins: pages/barometer_margins.py)."""

from datetime import date, timedelta

import streamlit as st

import ui
from network import reference
from network.barometer import estimates, io, views, waves
from network.barometer.instrument import instrument
from network.core import csvio

user = ui.require_page("barometer.manage")
lang = ui.lang()
inst = instrument()
st.title(ui.t("barometer.admin.title"))
ui.show_flash()


with ui.database() as db:
    wave_list = waves.list_waves(db)
    counts = estimates.wave_counts(db)
    progress = waves.progress(db)
    imports = io.list_imports(db)
    districts = reference.districts(db)
if not districts:
    st.info(ui.t("overview.no_districts"))
    st.stop()
ui.demo_caption()
wave_labels = {w.id: w.label for w in wave_list}
tab_waves, tab_import = st.tabs([ui.t("barometer.admin.tab_waves"),
                                 ui.t("barometer.admin.tab_import")])

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
            ui.attempt(lambda db: waves.set_status(db, user, target, new_status),
                       ui.t(f"barometer.admin.now_{new_status}", label=chosen.label))
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
            ui.attempt(lambda db: waves.create_wave(db, user, {
                "label": label, "year": int(year), "fieldwork_start": start, "fieldwork_end": end,
                "mode": mode, "target_per_district": int(per_district)}),
                ui.t("barometer.admin.created", label=label.strip()))

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
            wave = next(w for w in wave_list if w.id == import_wave)
            ui.attempt(lambda db: io.import_csv(db, user, wave, upload.getvalue(), upload.name),
                       lambda result: ui.t("barometer.admin.imported", rows=ui.num(result.rows),
                                           label=wave.label, method=ui.t(
                                               f"barometer.weighting.{result.weighting.method}")))
    if imports:
        st.subheader(ui.t("barometer.admin.imports"))
        st.dataframe(views.imports_frame(imports, lang), hide_index=True, width="stretch")
        import_labels = {i["id"]: f"{i['wave']} · {i['filename']} ({i['rows']})" for i in imports}
        undo = st.selectbox(ui.t("barometer.admin.undo_which"), list(import_labels),
                            format_func=import_labels.get, key="barometer_admin_undo_id")
        if st.button(ui.t("barometer.admin.undo"), key="barometer_admin_undo"):
            ui.attempt(lambda db: io.delete_import(db, user, undo),
                       ui.t("barometer.admin.undone", name=import_labels[undo]))
