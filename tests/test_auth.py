"""Logging in and out, password guessing (django-axes), changing a password, and the language of
the login page — as a person at the province's departments meets them."""

from __future__ import annotations

import io
from html import escape

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from agencies.models import User
from cchc_portal.forms import LoginForm

DEMO_LOGINS = ["demo_admin", "demo_secretariat", "demo_committee", "demo_head", "demo_staff"]
NEW_PASSWORD = "Ha-Giang-cai-cach-2019!"


@pytest.fixture(autouse=True)
def _no_language_left_active():
    # LocaleMiddleware activates the request's language for the thread; don't let it leak.
    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture
def seeded(db, settings):
    settings.DEBUG = True  # pytest-django turns DEBUG off; seed_demo refuses to run then.
    call_command("seed_demo", stdout=io.StringIO())
    settings.DEBUG = False


def log_in(client, username: str, password: str):
    return client.post(reverse("login"), {"username": username, "password": password})


def logged_in_user_id(client) -> str | None:
    return client.session.get("_auth_user_id")


def invalid_login_message() -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return escape(str(LoginForm.error_messages["invalid_login"]))


# --- logging in -------------------------------------------------------------------------------------


@pytest.mark.parametrize("username", DEMO_LOGINS)
def test_every_demo_login_works_with_the_demo_password(client, seeded, username):
    response = log_in(client, username, settings.DEMO_PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard:home")

    user = User.objects.select_related("agency").get(username=username)
    assert logged_in_user_id(client) == str(user.pk)
    home = client.get(reverse("dashboard:home"))
    assert home.status_code == 200
    assert home.context["user"] == user
    assert escape(user.agency.name) in home.content.decode()


def test_the_vice_chairman_has_no_login(client, seeded):
    user = User.objects.get(username="nguyen_minh_tien")
    assert not user.has_usable_password()
    for password in [settings.DEMO_PASSWORD, "", "!"]:
        response = log_in(client, "nguyen_minh_tien", password)
        assert response.status_code == 200
        assert logged_in_user_id(client) is None
    assert client.get(reverse("dashboard:home")).status_code == 302


def test_a_wrong_password_shows_the_login_page_again_with_an_error(client, seeded):
    response = log_in(client, "demo_staff", settings.DEMO_PASSWORD + "x")
    assert response.status_code == 200
    assert "registration/login.html" in [t.name for t in response.templates]
    assert response.context["form"].errors
    assert invalid_login_message() in response.content.decode()
    # The user name is kept so only the password has to be typed again.
    assert 'value="demo_staff"' in response.content.decode()
    assert logged_in_user_id(client) is None


def test_the_password_is_case_sensitive(client, seeded):
    response = log_in(client, "demo_head", settings.DEMO_PASSWORD.upper())
    assert response.status_code == 200
    assert logged_in_user_id(client) is None


def test_pages_need_a_login(client, seeded):
    response = client.get(reverse("dashboard:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_after_logging_in_the_next_page_is_opened(client, seeded):
    target = reverse("periods:period-list")
    response = client.post(
        reverse("login") + f"?next={target}",
        {"username": "demo_secretariat", "password": settings.DEMO_PASSWORD, "next": target},
    )
    assert response.status_code == 302
    assert response["Location"] == target


# --- password guessing (django-axes) ---------------------------------------------------------------


def test_too_many_wrong_passwords_lock_the_account(client, seeded):
    assert settings.AXES_FAILURE_LIMIT == 5
    for attempt in range(1, settings.AXES_FAILURE_LIMIT):
        response = log_in(client, "demo_head", f"wrong-{attempt}")
        assert response.status_code == 200, f"attempt {attempt} should still show the login form"
        assert invalid_login_message() in response.content.decode()

    # The fifth wrong password locks the account at once.
    response = log_in(client, "demo_head", "wrong-5")
    assert response.status_code == 429
    assert "registration/lockout.html" in [t.name for t in response.templates]

    # Now even the right password is refused, with the lockout page rather than the login form.
    response = log_in(client, "demo_head", settings.DEMO_PASSWORD)
    assert response.status_code == settings.AXES_HTTP_RESPONSE_CODE == 429
    assert "registration/lockout.html" in [t.name for t in response.templates]
    page = response.content.decode()
    with translation.override(settings.LANGUAGE_CODE):
        assert escape(gettext("Account temporarily locked")) in page
    # What the person sees is the lockout page (the login view ran, but its form was replaced).
    assert 'name="password"' not in page
    assert logged_in_user_id(client) is None
    assert client.get(reverse("dashboard:home")).status_code == 302


def test_a_lockout_is_for_that_account_only(client, seeded):
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "demo_head", f"wrong-{attempt}")
    assert log_in(client, "demo_head", settings.DEMO_PASSWORD).status_code == 429

    # A colleague at the same computer still gets in.
    response = log_in(client, "demo_staff", settings.DEMO_PASSWORD)
    assert response.status_code == 302
    assert logged_in_user_id(client) == str(User.objects.get(username="demo_staff").pk)


def test_a_right_password_before_the_limit_clears_the_failures(client, seeded):
    for attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        log_in(client, "demo_head", f"wrong-{attempt}")
    assert log_in(client, "demo_head", settings.DEMO_PASSWORD).status_code == 302
    client.post(reverse("logout"))

    # AXES_RESET_ON_SUCCESS: four more mistakes do not lock the account.
    for attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        assert log_in(client, "demo_head", f"again-{attempt}").status_code == 200
    assert log_in(client, "demo_head", settings.DEMO_PASSWORD).status_code == 302


# --- changing the password ------------------------------------------------------------------------


def test_changing_the_password(client, seeded):
    assert log_in(client, "demo_staff", settings.DEMO_PASSWORD).status_code == 302
    assert client.get(reverse("password_change")).status_code == 200

    response = client.post(
        reverse("password_change"),
        {"old_password": settings.DEMO_PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("password_change_done")
    # Still logged in after the change.
    assert client.get(reverse("password_change_done")).status_code == 200
    assert client.get(reverse("dashboard:home")).status_code == 200

    client.post(reverse("logout"))
    assert log_in(client, "demo_staff", settings.DEMO_PASSWORD).status_code == 200
    assert logged_in_user_id(client) is None
    assert log_in(client, "demo_staff", NEW_PASSWORD).status_code == 302
    assert logged_in_user_id(client) == str(User.objects.get(username="demo_staff").pk)


def test_changing_the_password_needs_the_old_one(client, seeded):
    log_in(client, "demo_staff", settings.DEMO_PASSWORD)
    response = client.post(
        reverse("password_change"),
        {"old_password": "not-the-old-one", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 200
    assert "old_password" in response.context["form"].errors
    assert User.objects.get(username="demo_staff").check_password(settings.DEMO_PASSWORD)


def test_a_short_new_password_is_refused(client, seeded):
    log_in(client, "demo_staff", settings.DEMO_PASSWORD)
    response = client.post(
        reverse("password_change"),
        {"old_password": settings.DEMO_PASSWORD, "new_password1": "Ngan-1", "new_password2": "Ngan-1"},
    )
    assert response.status_code == 200
    assert "new_password2" in response.context["form"].errors
    assert User.objects.get(username="demo_staff").check_password(settings.DEMO_PASSWORD)


def test_the_password_change_page_needs_a_login(client, seeded):
    response = client.get(reverse("password_change"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


# --- logging out -------------------------------------------------------------------------------------


def test_logging_out_is_a_post_and_ends_the_session(client, seeded):
    log_in(client, "demo_secretariat", settings.DEMO_PASSWORD)
    assert client.get(reverse("dashboard:home")).status_code == 200

    # A link (GET) cannot log anybody out.
    assert client.get(reverse("logout")).status_code == 405
    assert client.get(reverse("dashboard:home")).status_code == 200

    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert response["Location"] == reverse("login")
    assert logged_in_user_id(client) is None
    response = client.get(reverse("dashboard:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_menu_offers_a_logout_form(client, seeded):
    log_in(client, "demo_staff", settings.DEMO_PASSWORD)
    page = client.get(reverse("dashboard:home")).content.decode()
    assert f'<form method="post" action="{reverse("logout")}">' in page


# --- language of the pages -------------------------------------------------------------------------


def test_the_login_page_is_vietnamese_by_default(client, db):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert response["Content-Language"] == "vi"
    assert '<html lang="vi">' in response.content.decode()


def test_an_english_browser_still_gets_vietnamese_until_the_switch_is_used(client, db):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response["Content-Language"] == "vi"
    assert "Đăng nhập" in response.content.decode()


def test_switching_the_login_page_to_english_and_back(client, db):
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("login")})
    assert response.status_code == 302
    assert response["Location"] == reverse("login")

    response = client.get(reverse("login"))
    assert response["Content-Language"] == "en"
    assert '<html lang="en">' in response.content.decode()
    assert "Log in" in response.content.decode()

    client.post(reverse("set_language"), {"language": "vi", "next": reverse("login")})
    response = client.get(reverse("login"))
    assert response["Content-Language"] == "vi"
    assert '<html lang="vi">' in response.content.decode()


def test_the_chosen_language_stays_after_logging_in(client, seeded):
    client.post(reverse("set_language"), {"language": "en", "next": reverse("login")})
    log_in(client, "demo_head", settings.DEMO_PASSWORD)
    response = client.get(reverse("dashboard:home"))
    assert response.status_code == 200
    assert '<html lang="en">' in response.content.decode()
