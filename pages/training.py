"""Training and the network's calendar (signed in): upcoming events of the agent's district and
the city, sign-up and withdrawal, the agent's modules and certificate, calendar files."""

import streamlit as st

import ui
from network import reference, training
from network.core import permissions
from network.training import views

user = ui.require_page("training.view")
lang = ui.lang()
st.title(ui.t("training.nav"))
ui.demo_caption()
ui.show_flash()
with ui.database() as db:
    districts = reference.districts(db)
names = {d.id: d.label(lang) for d in districts}
st.caption(ui.t("training.course_intro"))

if user.role == "agent" and user.agent_id is not None:
    with ui.database() as db:
        upcoming = training.agent_calendar(db, user)
        record = training.agent_training(db, user)
    st.subheader(ui.t("training.upcoming"))
    if not upcoming:
        st.info(ui.t("training.no_upcoming"))
    else:
        st.dataframe(views.events_table(upcoming, names, lang, mine=True), hide_index=True,
                     width="stretch")
        options = {e["id"]: ui.t_plain("training.option", when=e["starts_at"].replace("T", " "),
                                       title=e["title"]) for e in upcoming
                   if e["status"] == "scheduled"}
        if options:
            event_id = st.selectbox(ui.t("training.choose_event"), list(options),
                                    format_func=options.get, key="training_event")
            chosen = next(e for e in upcoming if e["id"] == event_id)
            where = " · ".join(x for x in (chosen["place"], chosen["online_url"]) if x)
            st.caption(ui.md(f"{views.kind_label(chosen, lang)} · {where} · "
                             f"{views.status_label(chosen, lang)}"))
            if chosen["mine"] in ("confirmed", "waiting"):
                st.markdown(ui.t(f"training.you_are.{chosen['mine']}"))
                if st.button(ui.t("training.withdraw"), key="training_withdraw"):
                    ui.attempt(lambda db: training.withdraw(db, user, event_id),
                               ui.t("training.withdrawn"))
            elif st.button(ui.t("training.sign_up"), key="training_sign_up", type="primary"):
                ui.attempt(lambda db: training.sign_up(db, user, event_id),
                           lambda status: ui.t(f"training.signed.{status}"))
    st.subheader(ui.t("training.my_training"))
    st.markdown(ui.t("training.modules_done", n=len(record["modules"]),
                     total=len(training.MODULES)))
    if record["history"]:
        st.dataframe(views.history_table(record["history"], lang), hide_index=True,
                     width="stretch")
    if record["complete"]:
        with ui.database() as db:
            file_name, html = training.my_certificate(db, user, lang)
        st.download_button(ui.t("training.certificate"), html.encode("utf-8"), file_name,
                           "text/html", key="training_certificate", type="primary")
    else:
        st.caption(ui.t("training.certificate_after"))
    with ui.database() as db:
        mine = training.agent_feed(db, user, lang)
    st.download_button(ui.t("training.ics_mine"), mine, "my-events.ics", "text/calendar",
                       key="training_ics_mine")
elif user.role == "agent":
    st.info(ui.t("training.error.no_agent"))
else:
    with ui.database() as db:
        upcoming = training.managed_events(db, user, training.now_local().isoformat()) if (
            permissions.allowed(user, "training.manage")) else []
    st.subheader(ui.t("training.upcoming"))
    if upcoming:
        st.dataframe(views.events_table(upcoming, names, lang), hide_index=True,
                     width="stretch")
    else:
        st.info(ui.t("training.no_upcoming"))

st.subheader(ui.t("training.feeds"))
st.caption(ui.t("training.feeds_help"))
if districts:
    left, right = st.columns(2)
    feed_labels = {0: ui.t("training.whole_network")} | names
    own = ([record["agent"]["district_id"]] if user.agent_id is not None and user.role == "agent"
           else [d for d in names if permissions.allowed(user, "training.manage", d)])
    choice = left.selectbox(ui.t("field.district"), list(feed_labels), format_func=feed_labels.get,
                            key="training_feed_district",
                            index=list(feed_labels).index(own[0]) if len(own) == 1 else 0)
    with ui.database() as db:
        feed = training.district_feed(db, choice or None, lang)
    right.download_button(ui.t("training.ics_download"), feed,
                          f"calendar-{choice or 'network'}.ics", "text/calendar",
                          key="training_ics_district")
