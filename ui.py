"""Streamlit glue shared by app.py and the pages: language, current user, database, errors.

network/ never imports streamlit; this module is the only bridge besides the pages.
"""

from __future__ import annotations

import ipaddress
import json
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import streamlit as st
from sqlite_utils import Database

from network import auth, demo
from network import database as app_database
from network.actions import maps, vendor
from network.core import guard, i18n, permissions, safe_html, storage
from network.core.errors import NetworkError, SignInThrottled
from network.core.permissions import User

SESSION_USER = "auth_user_id"
SESSION_LANG = "lang"
log = logging.getLogger("antirumour.ui")


def lang() -> str:
    """The session's language: the sidebar choice, else ?lang=, else Spanish."""
    if SESSION_LANG not in st.session_state:
        st.session_state[SESSION_LANG] = i18n.normalize_language(st.query_params.get("lang"))
    return st.session_state[SESSION_LANG]


class Markdown(str):
    """Text already made safe for a Markdown sink (a translation with escaped parameters);
    `md` passes it through unchanged, so a translation inside a translation is not escaped twice."""


def t(key: str, /, **params: Any) -> str:
    """Translate `key` into the session's language, for a Markdown sink (st.markdown, captions,
    alerts, widget labels): every text parameter is Markdown-escaped, so a title or name the
    user typed shows as typed and never becomes a link, an image or formatting."""
    return Markdown(i18n.translate(key, lang(), **{k: md(v) if isinstance(v, str) else v
                                                   for k, v in params.items()}))


def t_plain(key: str, /, **params: Any) -> str:
    """Translate `key` for a plain-text sink (table cells and headers, select options, files)."""
    return i18n.translate(key, lang(), **params)


def md(text: object) -> str:
    """User-written text for a Markdown sink, shown exactly as typed (see safe_html)."""
    return text if isinstance(text, Markdown) else Markdown(safe_html.escape_markdown(text))


def num(value: float | int | None, decimals: int = 0) -> str:
    """A number formatted for the session's language."""
    return i18n.format_number(value, lang(), decimals)


def db_file() -> str:
    """The database path as a plain string (a cache key for loaders)."""
    return str(storage.db_path())


@contextmanager
def database() -> Iterator[Database]:
    """A connection for this operation (a connection per operation, never shared across threads)."""
    with app_database.open_db(db_file()) as db:
        yield db


def current_user() -> User | None:
    """The signed-in account, re-read from the database on every run (disabled accounts drop out)."""
    user_id = st.session_state.get(SESSION_USER)
    if user_id is None:
        return None
    with database() as db:
        user = auth.get_user(db, user_id)
    if user is None:
        st.session_state.pop(SESSION_USER, None)
    return user


def allowed(capability: str, district_id: int | None = None) -> bool:
    """Whether the current user holds a capability."""
    return permissions.allowed(current_user(), capability, district_id)


def require_page(capability: str) -> User:
    """Stop the page with a translated message unless the current user holds `capability`."""
    user = current_user()
    if not permissions.allowed(user, capability):
        st.warning(t("error.permission_denied"))
        st.stop()
    return user  # type: ignore[return-value]


def show_error(err: NetworkError) -> None:
    """A domain error as a translated st.error, one line per problem."""
    lines = i18n.describe_error(err, lang(), escape=md)
    if len(lines) == 1:
        st.error(lines[0])
    else:
        head = i18n.describe_error(NetworkError(err.key, **err.params), lang(), escape=md)[0]
        st.error(head + "\n\n" + "\n".join(f"- {line}" for line in lines))


FLASH = "ui_flash"


def attempt(write: Callable[[Database], Any], success: str | Callable[[Any], str],
            after: Callable[[], None] | None = None, changes: tuple[str, ...] = ()) -> None:
    """Call a service with a fresh connection. On a domain error show it, translated, and keep
    the form as typed; on success refresh cached data (the loaders of the `changes` groups, else
    every one), keep `success` (or `success(result)`) for the next run, call `after` (e.g. reset
    a form) and rerun."""
    try:
        with database() as db:
            result = write(db)
    except NetworkError as err:
        show_error(err)
        return
    data_changed(*changes)
    st.session_state[FLASH] = success(result) if callable(success) else success
    if after is not None:
        after()
    st.rerun()


def show_flash() -> None:
    """The success message a write left for this run, if any."""
    if message := st.session_state.pop(FLASH, None):
        st.success(message)


# Cached loaders by the table group they read ("actions", "quiz", "barometer", ...), so that a
# write clears only what it affects: {group: {loader's file and name: the cached function}}.
_LOADERS: dict[str, dict[str, Any]] = {}


def cached(*groups: str, **cache_args: Any) -> Callable[[Callable], Any]:
    """`st.cache_data` for a loader of the tables in `groups` (keyed on its plain arguments):
    `data_changed(group)` clears it, and only the loaders of that group. A page's script runs
    again on every rerun: the latest wrapper replaces the earlier one (they share one cache)."""
    cache_args.setdefault("show_spinner", False)

    def wrap(func: Callable) -> Any:
        loader = st.cache_data(**cache_args)(func)
        name = f"{func.__code__.co_filename}:{func.__qualname__}"
        for group in groups:
            _LOADERS.setdefault(group, {})[name] = loader
        return loader
    return wrap


def data_changed(*groups: str) -> None:
    """Call after a write so cached loaders read fresh data: those of `groups`, else every one.
    (Each process has its own caches: other processes see a write when their loaders expire.)"""
    if not groups:
        st.cache_data.clear()
        return
    for group in groups:
        for loader in _LOADERS.get(group, {}).values():
            loader.clear()


@cached("demo", ttl=60, max_entries=8)
def has_demo_data(path: str) -> bool:
    with app_database.open_db(path) as db:
        return demo.has_demo(db)


def demo_caption() -> None:
    """A visible label on any page that shows data while demo rows exist."""
    if has_demo_data(db_file()):
        # Not st.caption: its faded colour would also fade the badge below 4.5:1 (WCAG 1.4.3).
        st.markdown(f":orange-badge[{t('demo.label').upper()}] {t('demo.notice')}")


def client_key() -> str:
    """An identifier of the browser for throttles (hashed before it is stored)."""
    ip = getattr(st.context, "ip_address", None)
    if isinstance(ip, str) and ip:
        return ip
    forwarded = st.context.headers.get("X-Forwarded-For")
    return forwarded if isinstance(forwarded, str) and forwarded else "local"


def is_remote_client() -> bool:
    """True unless the browser is on this machine (Streamlit reports no address for loopback).
    Behind a proxy on this machine (deploy/nginx.conf) every request comes from loopback: the
    proxy's X-Forwarded-For (which it sets, replacing any the browser sent) names the browser."""
    ip = getattr(st.context, "ip_address", None)
    if isinstance(ip, str) and ip:
        return True
    forwarded = st.context.headers.get("X-Forwarded-For")
    if not isinstance(forwarded, str) or not forwarded.strip():
        return False
    try:
        return not ipaddress.ip_address(forwarded.split(",")[-1].strip()).is_loopback
    except ValueError:
        return True  # not an address: not known to be this machine


def sidebar() -> None:
    """Language chooser, demo badge and the sign-in / sign-out box."""
    current = lang()
    with st.sidebar:
        document_language(current)
        choice = st.selectbox(
            t("sidebar.language"), i18n.LANGUAGES, index=i18n.LANGUAGES.index(current),
            format_func=lambda code: i18n.LANGUAGE_NAMES[code], key="sidebar_lang",
        )
        if choice != current:
            st.session_state[SESSION_LANG] = choice
            st.query_params["lang"] = choice
            st.rerun()
        if has_demo_data(db_file()):
            st.warning(t("sidebar.demo_badge"), icon=":material/science:")
        user = current_user()
        if user:
            st.markdown(t("sidebar.signed_in_as", username=user.username,
                          role=t(f"role.{user.role}")))
            if st.button(t("auth.sign_out"), key="sidebar_sign_out"):
                for key in list(st.session_state.keys()):
                    if key not in (SESSION_LANG,):
                        del st.session_state[key]
                st.rerun()
        else:
            _sign_in_form()


# Every control Tab reaches shows where focus is (WCAG 2.4.7): some of Streamlit's (the
# selectbox's "clear" button) draw no indicator of their own. 8.6:1 on white, 7.9:1 on grey.
# A collapsed sidebar (phones) slides off screen but keeps its links in the Tab order, so
# focus would vanish there (WCAG 2.4.7, 2.4.3): hidden once its slide-out has ended.
FOCUS_CSS = ("<style>button:focus-visible,a:focus-visible,[role=button]:focus-visible,"
             "summary:focus-visible{outline:2px solid #1a4d8f;outline-offset:2px}"
             # inside the button: the select's box would clip an outline drawn outside it
             "button[aria-label='Clear value']:focus-visible{outline-offset:-2px}"
             # a control Tab scrolls to stops below the sticky header, not under it (2.4.7)
             "html,[data-testid=stMain],[data-testid=stAppViewContainer],"
             "[data-testid=stAppScrollToBottomContainer]{scroll-padding-top:4.5rem}"
             "[data-testid=stSidebar][data-collapsed=true]>[data-testid=stSidebarContent]"
             "{visibility:hidden;transition:visibility 0s linear 0.3s}"
             # a metric's label wraps instead of being cut off with "..." at 320 px (1.4.10)
             "[data-testid=stMetricLabel],[data-testid=stMetricLabel] *"
             "{white-space:normal!important;overflow:visible!important;"
             "text-overflow:clip!important}"
             # tabs wrap onto a second row rather than hide behind a sideways scroll (1.4.10);
             # a chart wider than the screen scrolls inside its own box, not the page
             "[data-testid=stTabs] [role=tablist]{flex-wrap:wrap;row-gap:0.25rem}"
             "[data-testid=stTabs] [role=tab][aria-selected=true]"
             "{box-shadow:inset 0 -3px 0 currentColor}"
             # a widget's label wraps rather than run past the edge of a narrow screen
             "[data-testid=stWidgetLabel] [data-testid=stMarkdownContainer],"
             "[data-testid=stWidgetLabel] [data-testid=stMarkdownContainer] p"
             "{white-space:normal!important;overflow:visible!important}"
             "[data-testid=stVegaLiteChart],[data-testid=stArrowVegaLiteChart]"
             "{max-width:100%;overflow-x:auto}</style>")


def document_language(code: str) -> None:
    """Set `<html lang>` to the chosen language (WCAG 3.1.1): Streamlit's page always says
    "en", and st.html runs this one line in the app's own document (not an iframe)."""
    st.html(FOCUS_CSS)  # styles only: Streamlit puts them out of the layout
    if code in i18n.LANGUAGES:
        st.html(f"<script>document.documentElement.lang = {json.dumps(code)};</script>",
                unsafe_allow_javascript=True)


def _sign_in_form() -> None:
    with st.expander(t("auth.sign_in"), expanded=False):
        st.caption(t("auth.staff_only"))
        with st.form("sidebar_sign_in", clear_on_submit=False):
            username = st.text_input(t("auth.username"), key="sidebar_username")
            password = st.text_input(t("auth.password"), type="password", key="sidebar_password")
            submitted = st.form_submit_button(t("auth.sign_in"))
        if submitted:
            try:
                with database() as db:
                    user = auth.authenticate(
                        db, username, password, guard.client_hash(db, client_key()),
                        remote=is_remote_client())
            except SignInThrottled as err:
                show_error(err)
            except NetworkError as err:
                show_error(err)
            else:
                st.session_state[SESSION_USER] = user.id
                st.session_state.pop("sidebar_password", None)
                st.rerun()


def progress(fraction: float, text: str) -> None:
    """A progress bar whose plain-text label is a live status, so screen readers announce each
    step (WCAG 4.1.3); Streamlit's own bar is only named "progress" with a percentage."""
    st.html(f'<p role="status" aria-live="polite" style="margin:0 0 -0.5rem;font-size:0.875rem">'
            f"{safe_html.escape_html(text)}</p>")
    st.progress(fraction)


def chart(chart: Any, table: Any, **altair_args: Any) -> None:
    """A chart and, beneath it, its figures as a table (WCAG 1.1.1 and 1.4.1: the numbers and
    intervals do not depend on seeing the marks or telling their colours apart)."""
    st.altair_chart(chart, **altair_args)
    with st.expander(t("common.chart_table")):
        if getattr(table, "empty", False):
            st.caption(t("common.none_yet"))
        else:
            st.dataframe(table, hide_index=True, width="stretch")


# Honeypot fields sit off-screen for people and in reach of form-filling bots; one reached with
# Tab comes into view with its "leave this empty" label, so focus never vanishes (WCAG 2.4.7).
HONEYPOT_FOCUS_CSS = "{position:static;left:auto;width:auto;height:auto;overflow:visible}"


def image(data: bytes, alt: str, caption: str, width: int = 200) -> None:
    """A PNG with a text alternative (WCAG 1.1.1): st.image writes no alt attribute."""
    import base64

    st.html(f'<figure style="margin:0"><img src="data:image/png;base64,'
            f'{base64.b64encode(data).decode()}" alt="{safe_html.escape_html(alt)}" '
            f'width="{int(width)}" style="max-width:100%">'
            f'<figcaption style="font-size:0.875rem">{safe_html.escape_html(caption)}</figcaption>'
            '</figure>')


STATIC_DIR = Path(__file__).resolve().parent / "static"


@st.cache_resource(show_spinner=False)
def _map_assets(static_url: str, serving: bool) -> maps.Assets:
    if serving:
        local = vendor.local_map_assets(STATIC_DIR, static_url)
        if local is not None:
            return local
    return maps.CDN_ASSETS


def map_assets() -> maps.Assets:
    """Leaflet's files as served by this app (static/vendor), else folium's CDN addresses."""
    base = (st.get_option("server.baseUrlPath") or "").strip("/")
    static_url = f"/{base}/app/static" if base else "/app/static"
    return _map_assets(static_url, bool(st.get_option("server.enableStaticServing")))


def show_map(build: Callable[[], Any], **st_folium_args: Any) -> dict | None:
    """Build a folium map and show it; a map that cannot be built or drawn never takes the page
    down: the page logs the problem, says so in the user's language and goes on."""
    from streamlit_folium import st_folium

    try:
        return st_folium(build(), **st_folium_args)
    except Exception:  # any failure in folium, branca or the component: the page goes on
        log.exception("map %s could not be drawn", st_folium_args.get("key"))
        st.warning(t("map.unavailable"), icon=":material/map:")
        return None


def _leave_pages_directory_mode() -> None:
    """Run app.py (the frame) even when the first session after start opens a page URL.

    Until some session has run app.py's st.navigation, Streamlit treats `pages/` as an old-style
    pages directory and runs a requested page on its own, without app.py's sidebar and
    navigation. Leaving that mode and re-running lets app.py route to the same URL path.
    """
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


_leave_pages_directory_mode()
