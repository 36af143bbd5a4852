"""Single sign-on mapping: only a verified e-mail an admin linked stands for an account."""

from __future__ import annotations

import pytest

from network.accounts import auth, sso
from network.core.errors import PermissionDenied, ValidationFailed
from tests.conftest import app_test


def test_only_verified_emails_count():
    assert sso.verified_email({"email": " Ana@Council.Example ", "email_verified": True}) == \
        "ana@council.example"
    assert sso.verified_email({"email": "ana@council.example", "email_verified": "true"})
    for claims in ({"email": "ana@council.example"},
                   {"email": "ana@council.example", "email_verified": False},
                   {"email": "not an address", "email_verified": True},
                   {"email_verified": True}, {}):
        assert sso.verified_email(claims) is None


def test_an_admin_links_an_email_and_it_lands_on_the_account(db, admin, staff):
    claims = {"email": "ANA@council.example", "email_verified": True}
    assert sso.user_for_claims(db, claims) is None  # unmapped: nobody
    with pytest.raises(PermissionDenied):
        sso.link(db, staff, "ana@council.example", staff.id)
    with pytest.raises(ValidationFailed):
        sso.link(db, admin, "ana at council", staff.id)
    sso.link(db, admin, "ana@council.example", staff.id)
    assert sso.user_for_claims(db, claims).id == staff.id
    assert sso.user_for_claims(db, {**claims, "email_verified": False}) is None
    auth.set_active(db, admin, staff.id, False)
    assert sso.user_for_claims(db, claims) is None  # a disabled account stays out
    sso.unlink(db, admin, "ana@council.example")
    assert sso.links(db, admin) == []


def test_an_admin_links_an_email_on_the_page(db, admin, staff):
    at = app_test("pages/account_admin.py", user=admin).run()
    at.selectbox(key="admin_target").set_value(staff.id).run()
    at.text_input(key="admin_sso_email").input("ana@council.example")
    at.button[-1].click().run()  # the single sign-on form's button
    assert not at.exception
    assert [r["username"] for r in sso.links(db, admin)] == ["staff1"]
