"""Share links, QR codes, the public base address and who may link which action."""

from urllib.parse import parse_qs, urlsplit

import pytest

from network.accounts import auth
from network.core.errors import PermissionDenied, ValidationFailed
from network.quiz import sharing
from tests.conftest import PASSWORD, district_id


@pytest.mark.parametrize("kwargs,expected", [
    ({}, "https://quiz.example.org/quiz"),
    ({"ref": "ABCD2345"}, "https://quiz.example.org/quiz?ref=ABCD2345"),
    ({"action": 42, "lang": "eu"}, "https://quiz.example.org/quiz?action=42&lang=eu"),
    ({"ref": "ABCD2345", "lang": "xx"}, "https://quiz.example.org/quiz?ref=ABCD2345"),
])
def test_quiz_links_carry_the_attribution(kwargs, expected):
    assert sharing.quiz_link("https://quiz.example.org/", **kwargs) == expected


@pytest.mark.parametrize("raw,expected", [
    ("ABCD2345", "ABCD2345"), (" abcd2345 ", "abcd2345"), ("AB", None), ("A" * 33, None),
    ("A B C D", None), ("ABC;DROP", None), (None, None), (42, None),
])
def test_share_codes_are_normalized(raw, expected):
    assert sharing.normalize_ref(raw) == expected


@pytest.mark.parametrize("raw,expected", [
    ("12", 12), (" 7 ", 7), (12, 12), ("0", None), ("-3", None), ("1.5", None), ("", None),
    (True, None), ("1" * 13, None),
])
def test_action_ids_are_normalized(raw, expected):
    assert sharing.normalize_action(raw) == expected


def test_qr_codes_come_as_png_and_svg():
    png = sharing.qr_png("https://quiz.example.org/quiz?ref=ABCD2345")
    svg = sharing.qr_svg("https://quiz.example.org/quiz?ref=ABCD2345")
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 200
    assert svg.startswith(b"<?xml") and b"<svg" in svg and b"<path" in svg


def test_the_base_url_comes_from_the_setting_then_the_environment(db, staff, monkeypatch):
    monkeypatch.delenv(sharing.BASE_URL_ENV, raising=False)
    assert sharing.base_url(db) == sharing.DEFAULT_BASE_URL
    monkeypatch.setenv(sharing.BASE_URL_ENV, "https://env.example.org/")
    assert sharing.base_url(db) == "https://env.example.org"
    assert sharing.set_base_url(db, staff, " https://bilbao.example.eus/red/ ") == \
        "https://bilbao.example.eus/red"
    assert sharing.base_url(db) == "https://bilbao.example.eus/red"
    link = sharing.quiz_link(sharing.base_url(db), ref="ABCD2345")
    assert urlsplit(link).path == "/red/quiz" and parse_qs(urlsplit(link).query) == {
        "ref": ["ABCD2345"]}


@pytest.mark.parametrize("url", ["", "bilbao.eus", "ftp://x.org", "https://", "https://x.org/?a=1",
                                 "https://x.org/#top", "https://x .org", "https://x.org/" + "a" * 200,
                                 "javascript:alert(1)"])
def test_a_bad_base_url_is_refused(db, staff, url):
    with pytest.raises(ValidationFailed):
        sharing.set_base_url(db, staff, url)
    assert not db.execute("SELECT 1 FROM settings WHERE key = ?", [sharing.BASE_URL_KEY]).fetchone()


@pytest.mark.parametrize("who", [None, "coordinator", "agent_user"])
def test_only_staff_and_admins_set_the_base_url(db, request, who):
    user = request.getfixturevalue(who) if who else None
    with pytest.raises(PermissionDenied):
        sharing.set_base_url(db, user, "https://x.org")


def test_an_agent_account_finds_its_share_code(db, agent_user, staff):
    agent = sharing.agent_of(db, agent_user)
    assert agent["id"] == agent_user.agent_id and agent["share_code"]
    assert sharing.agent_of(db, staff) is None and sharing.agent_of(db, None) is None


def test_coordinators_link_only_their_districts_actions_and_agents_none(db, coordinator, admin,
                                                                         agent_user):
    with db.atomic():
        for number in (1, 1, 2):
            db["actions"].insert({"district_id": district_id(db, number), "date": "2025-03-01",
                                  "type": "workshop", "title": f"Acción {number}"})
    mine = sharing.actions_for_links(db, coordinator)
    assert len(mine) == 2 and {a["district_id"] for a in mine} == {district_id(db, 1)}
    assert len(sharing.actions_for_links(db, admin)) == 3
    assert sharing.actions_for_links(db, agent_user) == []
    assert not sharing.can_link_actions(agent_user)
    two = auth.create_user(db, None, "coord2", PASSWORD, "coordinator",
                           [district_id(db, 1), district_id(db, 2)], system=True)
    assert len(sharing.actions_for_links(db, two)) == 3
