"""The 503 page shown while the database is unavailable: no axe violations in either language."""

from unittest import mock

import pytest
from django.db import OperationalError
from django.db.backends.postgresql.base import DatabaseWrapper
from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_no_axe_violations, visit

HEADINGS = {
    "sv": "Öppna soc är tillfälligt otillgängligt",
    "en": "Öppna soc is temporarily unavailable",
}


def _refuse(self):
    raise OperationalError("connection failed: Connection refused")


@pytest.mark.parametrize("language", HEADINGS)
def test_unavailable_page_has_no_axe_violations(page: Page, language):
    prefix = "" if language == "sv" else "/en"
    # Only while the page loads: the live server's thread shares the class, and the test's
    # database is needed again afterwards.
    with mock.patch.object(DatabaseWrapper, "ensure_connection", _refuse):
        response = visit(page, f"{prefix}/ideer/", 503)
        assert response.headers["retry-after"] == "30"
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.locator("h1")).to_have_text(HEADINGS[language])
    expect(
        page.get_by_role("navigation", name="Huvudmeny" if language == "sv" else "Main menu")
    ).to_be_visible()
    assert_no_axe_violations(page)
