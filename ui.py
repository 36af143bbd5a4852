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

from network import accounts, demo
from network import database as app_database
from network.accounts import auth
from network.actions import maps, vendor
from network.core import guard, i18n, permissions, safe_html, storage
from network.core.errors import NetworkError, SignInThrottled
from network.core.permissions import User

SESSION_TOKEN = "auth_token"  # this tab's session token (None: signed out in this tab)
COOKIE_PENDING = "auth_cookie"  # (action, token) for the cookie, written on the next run
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


def _session_token() -> str | None:
    """This tab's token: the one it signed in with, else the cookie the browser sent when the
    tab opened (a reload or a second tab)."""
    if SESSION_TOKEN not in st.session_state:
        st.session_state[SESSION_TOKEN] = st.context.cookies.get(accounts.COOKIE_NAME)
    return st.session_state[SESSION_TOKEN]


SESSION_WAS_VALID = "auth_was_valid"  # this tab has been signed in (then SSO never re-enters)


def current_user() -> User | None:
    """The signed-in account, checked against its server-side session on every run: a signed-out,
    expired, idle, revoked or forged token, or a disabled account, gives nobody. Without a
    session, a single sign-on identity mapped to an account opens one."""
    token = _session_token()
    if not token:
        return _sso_user()
    with database() as db:
        user = accounts.resolve(db, token)
    if user is None:
        st.session_state[SESSION_TOKEN] = None
        st.session_state[COOKIE_PENDING] = ("clear", token)
        return _sso_user()
    st.session_state[SESSION_WAS_VALID] = True
    return user


def sso_configured() -> bool:
    """Whether single sign-on is set up (an [auth] section in .streamlit/secrets.toml)."""
    try:
        return "auth" in st.secrets
    except Exception:  # no secrets file at all
        return False


def sso_identity() -> dict | None:
    """The identity provider's claims for this tab, if signed in there."""
    if not sso_configured() or not st.user.is_logged_in:
        return None
    return st.user.to_dict()


def _sso_user() -> User | None:
    """Open a session for the account an admin mapped to this SSO identity's verified e-mail.
    A tab whose session ended (signed out elsewhere, revoked) does not re-enter by itself."""
    if st.session_state.get(SESSION_WAS_VALID):
        return None
    claims = sso_identity()
    if claims is None:
        return None
    with database() as db:
        user = accounts.sso.user_for_claims(db, claims)
        if user is not None:
            sign_in_as(db, user)
            st.session_state[SESSION_WAS_VALID] = True
    return user


def sign_in_as(db: Database, user: User) -> None:
    """Open a server-side session for `user` in this tab; the cookie follows on the next run."""
    token = accounts.start_session(db, user)
    st.session_state[SESSION_TOKEN] = token
    st.session_state[COOKIE_PENDING] = ("set", token)


def sign_out() -> None:
    """End this tab's session everywhere (other tabs sign out on their next action)."""
    token = st.session_state.get(SESSION_TOKEN)
    if token:
        with database() as db:
            accounts.end_session(db, token)
    for key in list(st.session_state.keys()):
        if key != SESSION_LANG:
            del st.session_state[key]
    st.session_state[SESSION_TOKEN] = None
    st.session_state[SESSION_WAS_VALID] = True
    if token:
        st.session_state[COOKIE_PENDING] = ("clear", token)
    if sso_identity() is not None:  # also leave the identity provider's sign-in (a new page)
        st.logout()


def _write_cookie() -> None:
    """Set or clear the session cookie in the browser (Streamlit cannot set cookies from the
    server: st.html runs this script in the app's own document; see SECURITY.md)."""
    pending = st.session_state.pop(COOKIE_PENDING, None)
    if not pending:
        return
    action, token = pending
    base = (st.get_option("server.baseUrlPath") or "").strip("/")
    st.html("<script>" + accounts.cookie_script(action, token, "/" + base,
                                                int(accounts.policy().lifetime_s)) + "</script>",
            unsafe_allow_javascript=True)


def password_change_gate() -> None:
    """After an admin's reset, the account holder chooses a new password before anything else."""
    user = current_user()
    if user is None:
        return
    with database() as db:
        due = accounts.must_change_password(db, user.id)
    if not due:
        return
    st.title(t("accounts.must_change_title"))
    st.info(t("accounts.must_change_info"))
    password_form(user, "gate")
    st.stop()


def password_form(user: User, key: str) -> None:
    """Change one's own password (the current one first); every other session ends."""
    with st.form(f"password_{key}", clear_on_submit=False):
        current = st.text_input(t("accounts.current_password"), type="password",
                                key=f"password_{key}_current")
        new = st.text_input(t("accounts.new_password"), type="password", key=f"password_{key}_new")
        repeat = st.text_input(t("accounts.repeat_password"), type="password",
                               key=f"password_{key}_repeat")
        submitted = st.form_submit_button(t("accounts.change_password"))
    if submitted:
        def change(db: Database) -> None:
            token = accounts.change_own_password(db, user, current, new, repeat)
            st.session_state[SESSION_TOKEN] = token
            st.session_state[COOKIE_PENDING] = ("set", token)
            for field in ("current", "new", "repeat"):
                st.session_state.pop(f"password_{key}_{field}", None)

        attempt(change, t("accounts.password_changed"))


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


def cached(*groups: str, shared: bool = False, **cache_args: Any) -> Callable[[Callable], Any]:
    """`st.cache_data` for a loader of the tables in `groups` (keyed on its plain arguments):
    `data_changed(group)` clears it, and only the loaders of that group. A page's script runs
    again on every rerun: the latest wrapper replaces the earlier one (they share one cache).

    `shared=True` hands every caller the same object (`st.cache_resource`), not a copy: for
    large values nobody changes (a rendered map, an Arrow table), whose copying on each read
    was a tenth of the map page's time under a crowd."""
    cache_args.setdefault("show_spinner", False)

    def wrap(func: Callable) -> Any:
        loader = (st.cache_resource if shared else st.cache_data)(**cache_args)(func)
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
        groups = tuple(_LOADERS)  # and the shared ones, which st.cache_data.clear() leaves
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
                sign_out()
                st.rerun()
        else:
            _sso_box()
            _sign_in_form()
        _write_cookie()


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
             # tabs wrap onto a second row rather than hide behind a sideways scroll (1.4.10)
             "[data-testid=stTabs] [role=tablist]{flex-wrap:wrap;row-gap:0.25rem}"
             "[data-testid=stTabs] [role=tab][aria-selected=true]"
             "{box-shadow:inset 0 -3px 0 currentColor}"
             # a widget's label wraps rather than run past the edge of a narrow screen
             "[data-testid=stWidgetLabel] [data-testid=stMarkdownContainer],"
             "[data-testid=stWidgetLabel] [data-testid=stMarkdownContainer] p"
             "{white-space:normal!important;overflow:visible!important}"
             # a multiselect's search box may not push past a narrow screen's edge
             "[data-testid=stMultiSelectTagsContainer]{min-width:0;flex-wrap:wrap}"
             "[data-testid=stMultiSelectTagsContainer] input{min-width:1ch!important;max-width:100%}"
             # a chart drawn wider than a phone's screen shrinks to fit it (its figures are in
             # the table beneath): a box scrolling sideways would have to take keyboard focus
             "[data-testid=stVegaLiteChart]{max-width:100%}"
             "[data-testid=stVegaLiteChart] svg,[data-testid=stVegaLiteChart] canvas"
             "{max-width:100%;height:auto}</style>")


def document_language(code: str) -> None:
    """Set `<html lang>` to the chosen language (WCAG 3.1.1): Streamlit's page always says
    "en", and st.html runs this one line in the app's own document (not an iframe)."""
    st.html(FOCUS_CSS)  # styles only: Streamlit puts them out of the layout
    if code in i18n.LANGUAGES:
        st.html(f"<script>document.documentElement.lang = {json.dumps(code)};</script>",
                unsafe_allow_javascript=True)


def _sso_box() -> None:
    """Single sign-on: the button, or why a signed-in identity has no account here."""
    if not sso_configured():
        return
    claims = sso_identity()
    if claims is None:
        if st.button(t("accounts.sso.sign_in"), key="sidebar_sso", type="primary"):
            st.login()
        return
    email = accounts.sso.verified_email(claims)
    st.warning(t("accounts.sso.unmapped", email=email or str(claims.get("email") or ""))
               if email else t("accounts.sso.unverified"))
    if st.button(t("accounts.sso.sign_out"), key="sidebar_sso_out"):
        st.logout()


def _sign_in_form() -> None:
    with st.expander(t("auth.sign_in"), expanded=False):
        st.caption(t("auth.staff_only"))
        privacy_link()
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
                with database() as db:
                    sign_in_as(db, user)
                st.session_state.pop("sidebar_password", None)
                st.rerun()


def log_access(verb: str, entity: str = "agents", *, dedupe: bool = True) -> None:
    """Write to the personal-data access log (a repeated view is written once per 10 minutes)."""
    with database() as db:
        accounts.access.record(db, current_user(), verb, entity, dedupe=dedupe)


def privacy_link() -> None:
    """A link to the public privacy notice (pages/privacy.py), in the session's language."""
    st.markdown(f":material/privacy_tip: [{md(t_plain('accounts.notice.link'))}]"
                f"(./privacy?lang={lang()})")


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


def honeypot_css(key: str) -> str:
    """The style that takes the honeypot widget (st.text_input(key=...) or the container
    `key` names) off-screen, and brings it back when it takes keyboard focus."""
    return (f".st-key-{key}{{position:absolute;left:-10000px;width:1px;height:1px;"
            f"overflow:hidden}}.st-key-{key}:focus-within{HONEYPOT_FOCUS_CSS}")


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


def render_map(m: Any, key: str) -> dict[str, Any]:
    """A folium map rendered once into what streamlit-folium's component receives (its HTML,
    header, Leaflet script and asset links), as plain data. A page caches it per filter set, so
    a rerun with the same filters (a click, another visitor) renders nothing: rendering was most
    of the map page's time under a crowd (py-spy, benchmarks/bench_crowd.py). The steps are
    st_folium's own (streamlit-folium 0.27), through its helper functions; tests/test_map_cache.py
    checks that the component gets the same arguments as from st_folium."""
    import branca
    import streamlit_folium as sf

    m.get_root().render()
    m.render()
    html, header = sf._get_html(m), sf._get_header(m)
    leaflet = sf._get_map_string(m)
    css: list[str] = []
    js: list[str] = []
    stack = [m]
    while stack:  # every element's own scripts and styles, in document order
        elem = stack.pop(0)
        if isinstance(elem, branca.colormap.ColorMap):
            raise TypeError("colormaps are not supported by render_map")
        css += [href for _, href in getattr(elem, "default_css", [])]
        js += [src for _, src in getattr(elem, "default_js", [])]
        stack[0:0] = list(getattr(elem, "_children", {}).values())
    try:
        bounds = m.get_bounds()
    except AttributeError:
        bounds = [[None, None], [None, None]]
    return {"script": leaflet, "header": header, "html": html, "id": sf.get_full_id(m),
            "css_links": list(dict.fromkeys(css)), "js_links": list(dict.fromkeys(js)),
            "bounds": bounds, "zoom": m.options.get("zoom"),
            "hash_key": sf.generate_js_hash(leaflet, key, False)}


def show_rendered_map(render: Callable[[], dict[str, Any]], key: str, height: int,
                      returned_objects: list[str], on_change: Callable[[], None] | None = None,
                      ) -> dict | None:
    """Show a map from `render_map`'s data (usually cached): what st_folium(fig, key=key,
    height=height, use_container_width=True, returned_objects=..., on_change=...) shows,
    without rendering the map again. A failure shows the same warning as show_map."""
    import streamlit_folium as sf

    try:
        payload = render()
        (south, west), (north, east) = payload["bounds"]
        defaults = dict.fromkeys(
            ("last_clicked", "last_object_clicked", "last_object_clicked_count",
             "last_object_clicked_tooltip", "last_object_clicked_popup", "all_drawings",
             "last_active_drawing", "last_circle_radius", "last_circle_polygon",
             "selected_layers", "selected_tags", "last_geocoder_result"))
        defaults["bounds"] = {"_southWest": {"lat": south, "lng": west},
                              "_northEast": {"lat": north, "lng": east}}
        defaults["zoom"] = payload["zoom"]
        hash_key = payload["hash_key"]

        def changed() -> None:
            st.session_state[key] = st.session_state.get(hash_key, {})
            if on_change is not None:
                on_change()

        return sf._component_func(
            script=payload["script"], header=payload["header"], html=payload["html"],
            id=payload["id"], key=hash_key, height=height, width=None,
            returned_objects=returned_objects,
            default={k: v for k, v in defaults.items() if k in returned_objects},
            zoom=None, center=None, feature_group=None, return_on_hover=False,
            layer_control=None, pixelated=False, css_links=payload["css_links"],
            js_links=payload["js_links"], on_change=changed, wrap_longitude=False)
    except Exception:  # any failure in folium, branca or the component: the page goes on
        log.exception("map %s could not be drawn", key)
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
