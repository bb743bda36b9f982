"""The portal's shell in a real browser: logging in and out, the role-based menu, the language
switch, and the standing office opening a quarter — as a person at the province's departments
does them.

The browser is a Vietnamese official's (locale vi-VN) unless a test says otherwise. The page is
asserted in Vietnamese wherever the interface is Vietnamese: the words below are the ones a person
reads, so a missing translation in locale/vi fails here.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from agencies.demo import seed_agencies, seed_people
from periods.demo import seed_periods

SHOTS = Path("/tmp/shots")
DEMO_PASSWORD = "cchc-demo-2019"  # settings.DEMO_PASSWORD's default
DEMO_LOGINS = ["demo_admin", "demo_secretariat", "demo_committee", "demo_head", "demo_staff"]

# What the Vietnamese interface says (English msgid in the comment).
VI_LOGIN_HEADING = "Đăng nhập"  # "Log in to the administrative reform portal"
VI_USERNAME = "Tên đăng nhập"  # "Username"
VI_PASSWORD = "Mật khẩu"  # "Password"
VI_LOG_IN = "Đăng nhập"  # "Log in"
VI_LOG_OUT = re.compile(r"Đăng xuất|Thoát")  # "Log out"
VI_PERIODS = "Kỳ báo cáo"  # "Reporting periods"
VI_QUARTER = "Quý"  # "Quarter"
VI_OPEN = "Mở"  # "Open"
EN_LOGIN_HEADING = "Log in to the administrative reform portal"


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "vi-VN", "timezone_id": "Asia/Ho_Chi_Minh"}


@pytest.fixture
def page(page: Page) -> Page:
    page.set_default_timeout(10_000)
    return page


@pytest.fixture
def people(transactional_db, live_server):
    """The demo units, people and periods (`seed_demo`), in the database the live server reads."""
    units = seed_agencies()
    people = seed_people(units)
    seed_periods(by=people["demo_secretariat"])
    return people


def open_site(page: Page, live_server) -> None:
    page.goto(live_server.url + "/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))


def log_in(page: Page, live_server, username: str, password: str = DEMO_PASSWORD) -> None:
    open_site(page, live_server)
    page.get_by_label(VI_USERNAME).fill(username)
    page.get_by_label(VI_PASSWORD).fill(password)
    page.get_by_role("button", name=VI_LOG_IN, exact=True).click()


def nav_hrefs(page: Page) -> list[str]:
    return (
        page.get_by_test_id("main-nav")
        .get_by_role("link")
        .evaluate_all("links => links.map(link => link.getAttribute('href'))")
    )


def expect_vietnamese_login_page(page: Page) -> None:
    expect(page.locator("html"), "the interface should be in Vietnamese").to_have_attribute("lang", "vi")
    expect(page.get_by_role("heading", level=1)).to_contain_text(VI_LOGIN_HEADING)
    expect(page.get_by_label(VI_USERNAME)).to_be_visible()
    expect(page.get_by_label(VI_PASSWORD)).to_be_visible()
    expect(page.get_by_role("button", name=VI_LOG_IN, exact=True)).to_be_visible()


@pytest.mark.browser
@pytest.mark.parametrize(
    "browser_language",
    [
        pytest.param("vi-VN", id="vietnamese-browser"),
        # Many officials' Windows and Chrome are in English: the portal is Vietnamese by default all the same.
        pytest.param("en-US", marks=pytest.mark.browser_context_args(locale="en-US"), id="english-browser"),
    ],
)
def test_the_site_opens_on_the_login_page_in_vietnamese(live_server, page: Page, browser_language):
    page.goto(live_server.url + "/")
    assert page.evaluate("navigator.language") == browser_language

    expect(page).to_have_url(live_server.url + "/accounts/login/?next=/")
    expect_vietnamese_login_page(page)


@pytest.mark.browser
@pytest.mark.parametrize("username", DEMO_LOGINS)
def test_each_demo_login_sees_their_unit_and_their_menu_then_logs_out(live_server, page: Page, people, username):
    person = people[username]

    log_in(page, live_server, username)

    expect(page).to_have_url(live_server.url + "/")
    expect(page.get_by_test_id("my-agency")).to_have_text(person.agency.name)
    hrefs = nav_hrefs(page)
    assert "/periods/" in hrefs
    assert ("/admin/" in hrefs) is (username == "demo_admin")
    assert ("/system/" in hrefs) is (username in {"demo_admin", "demo_secretariat"})

    page.get_by_test_id("user-menu").click()
    page.get_by_role("button", name=VI_LOG_OUT).click()

    expect(page).to_have_url(re.compile(r"/accounts/login/$"))
    expect_vietnamese_login_page(page)
    page.goto(live_server.url + "/")  # logged out for real: the home page asks for a login again
    expect(page).to_have_url(live_server.url + "/accounts/login/?next=/")


@pytest.mark.browser
def test_a_wrong_password_is_refused_with_a_message_and_the_user_name_kept(live_server, page: Page, people):
    log_in(page, live_server, "demo_staff", "not-the-password")

    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    # The form's error list: the only list in the page's main area.
    error = page.get_by_role("main").get_by_role("listitem")
    expect(error).to_have_count(1)
    expect(error).to_contain_text(re.compile("mật khẩu", re.IGNORECASE))
    expect(page.get_by_label(VI_USERNAME)).to_have_value("demo_staff")
    expect(page.get_by_label(VI_PASSWORD)).to_have_value("")


@pytest.mark.browser
def test_the_language_switch_turns_the_interface_to_english_and_back(live_server, page: Page):
    open_site(page, live_server)
    expect_vietnamese_login_page(page)

    page.get_by_role("button", name="EN", exact=True).click()

    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text(EN_LOGIN_HEADING)
    page.reload()  # the choice stays
    expect(page.get_by_role("heading", level=1)).to_have_text(EN_LOGIN_HEADING)

    page.get_by_role("button", name="VI", exact=True).click()

    expect_vietnamese_login_page(page)


@pytest.mark.browser
def test_the_secretariat_opens_a_quarter_on_the_reporting_periods_page(live_server, page: Page, people):
    SHOTS.mkdir(parents=True, exist_ok=True)
    log_in(page, live_server, "demo_secretariat")
    expect(page.get_by_test_id("my-agency")).to_be_visible()
    page.screenshot(path=SHOTS / "home_secretariat.png", full_page=True)

    page.get_by_test_id("main-nav").get_by_role("link", name=VI_PERIODS).click()
    table = page.get_by_test_id("period-table")
    quarter_row = table.get_by_role("row").filter(has=page.get_by_role("cell", name="Quý IV/2019", exact=True))
    expect(table.get_by_role("cell", name="Quý III/2019", exact=True)).to_be_visible()
    expect(quarter_row).to_have_count(0)

    page.get_by_label(VI_QUARTER).fill("Quý IV/2019")
    page.get_by_role("button", name=VI_OPEN).click()

    expect(page).to_have_url(live_server.url + "/periods/")
    message = page.get_by_role("alert").filter(has_text="Quý IV/2019")
    expect(message).to_have_class(re.compile(r"\balert-success\b"))
    expect(message).to_contain_text(re.compile("mở", re.IGNORECASE))
    expect(quarter_row).to_have_count(1)
    expect(quarter_row.get_by_role("cell", name="15/09/2019 – 14/12/2019", exact=True)).to_be_visible()
    expect(quarter_row.get_by_role("cell", name="20/12/2019", exact=True)).to_be_visible()
    page.screenshot(path=SHOTS / "periods.png", full_page=True)
