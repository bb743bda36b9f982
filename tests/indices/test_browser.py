"""The rankings in a real browser, as the committee's chairman opens them: log in, open Rankings, look
at 2018 as the meeting of 13/06/2019 did, then at one index's history and a comparison with peers."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import Page, expect

from agencies.demo import seed_agencies, seed_people
from indices.demo import seed_indices

SHOTS = Path("/tmp/shots")

# What the Vietnamese interface says (English msgid in the comment).
VI_USERNAME = "Tên đăng nhập"  # "Username"
VI_PASSWORD = "Mật khẩu"  # "Password"
VI_LOG_IN = "Đăng nhập"  # "Log in"
VI_RANKINGS = "Xếp hạng"  # "Rankings"
VI_AS_OF = "Tính đến năm"  # "As of year"


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {
        **browser_context_args,
        "locale": "vi-VN",
        "timezone_id": "Asia/Ho_Chi_Minh",
        "viewport": {"width": 1366, "height": 900},
    }


@pytest.fixture
def demo(transactional_db, live_server):
    """The demo units, people and rankings, in the database the live server reads."""
    people = seed_people(seed_agencies())
    seed_indices(admin=people["demo_admin"], secretariat=people["demo_secretariat"])
    return people


def log_in(page: Page, live_server, username: str) -> None:
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label(VI_USERNAME).fill(username)
    page.get_by_label(VI_PASSWORD).fill(settings.DEMO_PASSWORD)
    page.get_by_role("button", name=VI_LOG_IN, exact=True).click()
    expect(page).to_have_url(live_server.url + "/")


@pytest.mark.browser
def test_the_committee_sees_the_2018_ranks_and_their_changes(live_server, page: Page, demo):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.set_default_timeout(10_000)
    log_in(page, live_server, "demo_committee")

    page.get_by_test_id("main-nav").get_by_role("link", name=VI_RANKINGS).click()
    expect(page).to_have_url(live_server.url + "/indices/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Xếp hạng các chỉ số cải cách")
    # The latest year held first: PCI 2022, 41/63, up 18.
    expect(page.get_by_test_id("rank-PCI")).to_have_text("41/63")
    expect(page.get_by_test_id("change-PCI")).to_contain_text("tăng 18 bậc")
    page.screenshot(path=SHOTS / "indices_overview_latest.png", full_page=True)

    page.get_by_label(VI_AS_OF).select_option("2018")
    expect(page).to_have_url(re.compile(r"/indices/\?year=2018$"))
    for code, rank, change in (
        ("PCI", "52/63", "tăng 3 bậc"),
        ("PAPI", "36/63", "tăng 25 bậc"),
        ("ICT", "17/63", "tăng 5 bậc"),
    ):
        expect(page.get_by_test_id(f"rank-{code}")).to_have_text(rank)
        expect(page.get_by_test_id(f"change-{code}")).to_contain_text(change)
        expect(page.get_by_test_id(f"change-{code}")).to_contain_text("so với năm 2017")
        expect(page.get_by_test_id(f"year-{code}")).to_have_text("2018")
    expect(page.get_by_test_id("score-PCI")).to_contain_text("chưa công bố")
    expect(page.get_by_test_id("target-PCI")).to_contain_text("còn cách 12 bậc")
    # Each card's small trend line was drawn by Chart.js.
    drawn = page.evaluate(
        "() => [...document.querySelectorAll('canvas.rank-sparkline')].filter(c => Chart.getChart(c)).length"
    )
    assert drawn == 3
    page.screenshot(path=SHOTS / "indices_overview_2018.png", full_page=True)

    page.get_by_test_id("card-PCI").get_by_role("link", name="PCI").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("PCI")
    history = page.get_by_test_id("history-table")
    expect(history.locator('tr[data-year="2018"]')).to_contain_text("52/63")
    expect(history.locator('tr[data-year="2018"]')).to_contain_text("tăng 3 bậc")
    expect(history.locator('tr[data-year="2016"]')).to_contain_text("55,40")
    expect(page.get_by_test_id("marker-merger")).to_have_text("2025")
    assert page.evaluate("() => !!Chart.getChart(document.getElementById('history-chart'))")
    components = page.get_by_test_id("components-table")
    expect(components).to_contain_text("58,20")  # the national median of PCI 2016
    expect(components).to_contain_text("Đà Nẵng")  # the best province
    page.screenshot(path=SHOTS / "indices_history_pci.png", full_page=True)

    page.get_by_role("link", name="So sánh với các tỉnh khác").first.click()
    expect(page.get_by_test_id("peer-table")).to_contain_text("Cao Bằng")
    assert page.evaluate("() => !!Chart.getChart(document.getElementById('peer-chart'))")
    page.screenshot(path=SHOTS / "indices_compare_pci.png", full_page=True)
