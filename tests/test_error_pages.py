"""The pages a person sees when something is missing, forbidden or broken (DEBUG off, as on the
province's server): the portal's own templates, in Vietnamese, with a way back home."""

from __future__ import annotations

import io
from html import escape

import pytest
from django.core.management import call_command
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from agencies.models import User


@pytest.fixture(autouse=True)
def _production(settings):
    settings.DEBUG = False
    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture
def seeded(db, settings):
    call_command("seed_demo", "--allow-production", stdout=io.StringIO())


def vi(msgid: str) -> str:
    """What the page shows for `msgid` in Vietnamese (the msgid itself until it is translated)."""
    with translation.override("vi"):
        return escape(gettext(msgid))


def template_names(response) -> list[str]:
    return [t.name for t in response.templates]


def assert_error_page(page: str, heading: str) -> None:
    assert page.startswith("<!doctype html>")
    assert '<html lang="vi">' in page
    assert f'<h1 class="h3">{vi(heading)}</h1>' in page
    assert f"<title>{vi(heading)} · {vi('CCHC portal')}</title>" in page
    # A way back to the portal.
    assert '<a href="/" class="btn btn-primary">' in page
    assert vi("Back to the home page") in page
    # Never a traceback or Django's debug page.
    assert "Traceback" not in page
    assert "technical_" not in page


# --- 404 ----------------------------------------------------------------------------------------------


def test_a_missing_address_shows_the_portals_404_page(client, db):
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert "404.html" in template_names(response)
    assert "error_base.html" in template_names(response)
    page = response.content.decode()
    assert_error_page(page, "Page not found")
    assert vi("The page you asked for does not exist or has been moved.") in page


def test_a_missing_unit_shows_the_404_page_to_a_logged_in_person(client, seeded):
    client.force_login(User.objects.get(username="demo_secretariat"))
    response = client.get(reverse("agencies:agency-detail", args=["KHONG-CO"]))
    assert response.status_code == 404
    assert "404.html" in template_names(response)
    assert_error_page(response.content.decode(), "Page not found")


# --- 403 ----------------------------------------------------------------------------------------------


def test_staff_opening_another_units_page_get_the_403_page(client, seeded):
    staff = User.objects.get(username="demo_staff")
    client.force_login(staff)
    assert client.get(reverse("agencies:agency-detail", args=[staff.agency.code])).status_code == 200

    response = client.get(reverse("agencies:agency-detail", args=["HG-SNV"]))
    assert response.status_code == 403
    assert "403.html" in template_names(response)
    page = response.content.decode()
    assert_error_page(page, "Access denied")
    assert vi("Your account does not have permission to open this page or do this action.") in page
    # The reason given by the view is shown too.
    assert vi("You may only see your own unit's page.") in page
    # And nothing of the other unit leaks out.
    assert "Sở Nội vụ" not in page


def test_a_page_outside_ones_role_gets_the_403_page(client, seeded):
    client.force_login(User.objects.get(username="demo_head"))
    response = client.get(reverse("system-status"))
    assert response.status_code == 403
    assert "403.html" in template_names(response)
    assert_error_page(response.content.decode(), "Access denied")


# --- 500 ----------------------------------------------------------------------------------------------


def test_the_500_page_renders_without_a_request():
    # Django's server_error view renders 500.html with no request and no context processors.
    page = render_to_string("500.html")
    assert_error_page(page, "System error")
    assert (
        vi(
            "Something went wrong on our side. What you had saved before is safe. Please try again in a few "
            "minutes; if it happens again, tell the portal administrator."
        )
        in page
    )


@pytest.mark.urls("tests.urls_errors")
def test_a_failing_page_shows_the_500_page(client, db):
    client.raise_request_exception = False
    response = client.get("/test-500/")
    assert response.status_code == 500
    assert "500.html" in template_names(response)
    page = response.content.decode()
    assert_error_page(page, "System error")
    assert "a bug in a view" not in page
    assert "RuntimeError" not in page


@pytest.mark.urls("tests.urls_errors")
def test_the_test_urlconf_still_serves_the_portal(client, db):
    # Guards the test above: the broken page is added to, not instead of, the portal's URLs.
    assert client.get("/healthz").status_code == 200
