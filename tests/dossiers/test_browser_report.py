"""A quarter's dossier report in a real browser, from the unit's keyboard to the province's workbook:
the staff of Sở Tư pháp type Q3/2019's figures into the grid and save, the head submits, the standing
office approves — and the 9-month consolidation workbook grows by exactly what was typed.

Runs on the full demo data (`seed_demo`): Q4/2018 to Q2/2019 approved for every unit, Q3/2019 open.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import openpyxl
import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import translation
from playwright.sync_api import Page, expect

from dossiers.models import ReportStatus

SHOTS = Path("/tmp/shots")
UNIT = "HG-STP"  # Sở Tư pháp: demo_staff's and demo_head's unit
QUARTER = "2019-Q3"
NINE_MONTHS = "2019-9M"
REPORT_PATH = f"/dossiers/u/{UNIT}/{QUARTER}/"
TOTAL_LABEL = "Tổng cộng"
# The workbook's columns (4), (5), (8), (9), (10): what the staff type adds to them quarter by quarter.
FORM_COLUMNS = (4, 5, 8, 9, 10)

# What a person types in every row of the grid, in the order Tab walks it. None: keep the
# prefilled carried-over (6); "on time" is carried over + 10, so that (3) = (7) + (11):
# 2 + 20 + c = 5 + (c + 10) + 2 + 5 + 0.
ONLINE, OFFLINE, EARLY, LATE, WITHIN = 2, 20, 5, 2, 5


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "vi-VN", "timezone_id": "Asia/Ho_Chi_Minh"}


@pytest.fixture
def demo(transactional_db, live_server):
    """The whole demo (`seed_demo`) in the database the live server reads."""
    call_command("seed_demo", "--allow-production", stdout=io.StringIO())


def vn(number: int) -> str:
    """1234 -> "1.234", as the grid shows numbers to a Vietnamese reader."""
    return f"{number:,}".replace(",", ".")


def vi_label(choice) -> str:
    with translation.override("vi"):
        return str(choice.label)


def log_in(page: Page, live_server, username: str) -> None:
    page.goto(live_server.url + "/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(settings.DEMO_PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page.get_by_test_id("user-menu")).to_be_visible()


def log_out(page: Page) -> None:
    page.get_by_test_id("user-menu").click()
    page.get_by_role("button", name=re.compile("Đăng xuất")).click()
    expect(page).to_have_url(re.compile(r"/accounts/login/$"))


def open_dossier_reports(page: Page) -> None:
    page.get_by_test_id("main-nav").locator("a[href='/dossiers/']").click()
    page.wait_for_url(re.compile(r"/dossiers/$"))


def download_consolidation(page: Page, tmp_path: Path, name: str) -> dict[int, int]:
    """The 9-month consolidation page, as the standing office reaches it; its workbook's province
    total, column number -> value."""
    open_dossier_reports(page)
    page.locator("a[href^='/dossiers/consolidation/']").click()
    page.wait_for_url(re.compile(r"/dossiers/consolidation/\?period="))
    page.locator("main form[method=get] input[name=period]").fill(NINE_MONTHS)
    page.locator("main form[method=get] button[type=submit]").click()
    page.wait_for_url(re.compile(rf"/dossiers/consolidation/\?period={NINE_MONTHS}$"))
    export = page.get_by_test_id("export")
    expect(export).to_have_attribute("href", re.compile(rf"period={NINE_MONTHS}$"))
    with page.expect_download() as download_info:
        export.click()
    path = tmp_path / name
    download_info.value.save_as(path)
    totals = workbook_totals(path)
    # The page and the workbook tell the same story.
    on_page = page.get_by_test_id("by-unit").get_by_test_id("total-row")
    for column in FORM_COLUMNS:
        expect(on_page.locator(f"td[data-col='{column}']")).to_have_text(vn(totals[column]))
    return totals


def workbook_totals(path: Path) -> dict[int, int]:
    ws = openpyxl.load_workbook(path)["Theo đơn vị"]
    total_rows = [row for row in ws.iter_rows(values_only=True) if row[1] == TOTAL_LABEL]
    assert len(total_rows) == 1, f"one {TOTAL_LABEL!r} row expected in sheet 'Theo đơn vị'"
    return {column: total_rows[0][column - 1] for column in range(3, 14)}


def fill_row(page: Page, row, carried: int) -> None:
    """One row from the keyboard: to its first cell (Tab from the row above lands there already;
    otherwise a click), then type and Tab across. Focusing a cell selects its text, so typing
    replaces it; a click into the cell that already has the focus would only move the caret."""
    first = row.locator("input[data-col='received_online']")
    if active_name(page) != first.get_attribute("name"):
        first.click()
    for typed in (ONLINE, OFFLINE, None, EARLY, carried + 10, LATE, WITHIN, 0, 0, 0, 0):
        if typed is not None:
            page.keyboard.type(str(typed))
        page.keyboard.press("Tab")


def active_name(page: Page) -> str:
    return page.evaluate("document.activeElement && document.activeElement.name")


@pytest.mark.browser
def test_staff_enter_head_submits_secretariat_approves_and_the_workbook_adds_up(
    live_server, page: Page, demo, tmp_path
):
    page.set_default_timeout(15_000)
    SHOTS.mkdir(parents=True, exist_ok=True)

    # 1. The standing office: the 9-month province consolidation before Sở Tư pháp's Q3.
    log_in(page, live_server, "demo_secretariat")
    before = download_consolidation(page, tmp_path, "before.xlsx")
    log_out(page)

    # 2. The unit's staff fill the grid from the keyboard and save a draft.
    log_in(page, live_server, "demo_staff")
    open_dossier_reports(page)
    quarter_row = page.get_by_test_id("inbox").locator(f"tr[data-period='{QUARTER}']")
    expect(quarter_row).to_have_count(1)
    quarter_row.get_by_role("link").click()
    page.wait_for_url(live_server.url + REPORT_PATH)

    rows = page.locator("#report-grid tbody tr[data-row]")
    expect(rows.first).to_be_visible()
    n = rows.count()
    assert n >= 2, "Sở Tư pháp handles several fields in the demo"
    carried = []
    for i in range(n):
        row = rows.nth(i)
        c = int(row.locator("input[data-col='carried_over']").input_value().replace(".", ""))
        carried.append(c)
        fill_row(page, row, c)
        for col, expected in (
            ("received_online", ONLINE),
            ("received_offline", OFFLINE),
            ("carried_over", c),
            ("resolved_early", EARLY),
            ("resolved_on_time", c + 10),
            ("resolved_late", LATE),
            ("pending_within", WITHIN),
            ("pending_overdue", 0),
            ("returned", 0),
        ):
            value = row.locator(f"input[data-col='{col}']").input_value()
            assert value.replace(".", "") == str(expected), (
                f"row {i + 1}, {col}: typed {expected}, the cell has {value!r}"
            )
        expect(row, "(3) = (7) + (11) in every row").to_have_attribute("data-balance", "0")
        if i == 0:
            expect(row.locator("td[data-total='received_total']")).to_have_text(vn(ONLINE + OFFLINE + c))
            # Enter moves down the column.
            row.locator("input[data-col='resolved_early']").click()
            page.keyboard.press("Enter")
            below = rows.nth(1).locator("input[data-col='resolved_early']").get_attribute("name")
            assert active_name(page) == below
    page.locator(".table-responsive").evaluate("box => { box.scrollLeft = 0; }")  # back to the row numbers
    page.screenshot(path=SHOTS / "report_grid.png", full_page=True)

    with page.expect_navigation():
        page.get_by_test_id("save").click()
    expect(page.locator(".alert-success[role=alert]")).to_be_visible()
    expect(page.get_by_test_id("report-status")).to_have_text(vi_label(ReportStatus.DRAFT))
    log_out(page)

    # 3. The head submits it to the standing office; the figures are locked.
    log_in(page, live_server, "demo_head")
    page.goto(live_server.url + REPORT_PATH)
    with page.expect_navigation():
        page.get_by_test_id("submit").click()
    expect(page.locator(".alert-success[role=alert]")).to_be_visible()
    expect(page.get_by_test_id("report-status")).to_have_text(vi_label(ReportStatus.SUBMITTED))
    expect(page.locator("#report-grid tbody tr[data-row]")).to_have_count(n)
    expect(page.locator("input[data-col]")).to_have_count(0)
    # What the staff typed is what was saved (the column sums under the read-only grid).
    sums = page.locator("#report-grid tfoot")
    expect(sums.locator("td[data-sum='received_online']")).to_have_text(vn(ONLINE * n))
    expect(sums.locator("td[data-sum='resolved_on_time']")).to_have_text(vn(sum(c + 10 for c in carried)))
    expect(sums.locator("td[data-sum='pending_within']")).to_have_text(vn(WITHIN * n))
    log_out(page)

    # 4. The standing office approves; the 9-month workbook now counts Sở Tư pháp's Q3.
    log_in(page, live_server, "demo_secretariat")
    page.goto(live_server.url + REPORT_PATH)
    with page.expect_navigation():
        page.get_by_test_id("approve").click()
    expect(page.locator(".alert-success[role=alert]")).to_be_visible()
    expect(page.get_by_test_id("report-status")).to_have_text(vi_label(ReportStatus.APPROVED))
    after = download_consolidation(page, tmp_path, "after.xlsx")
    page.screenshot(path=SHOTS / "consolidation.png", full_page=True)

    added = {4: ONLINE * n, 5: OFFLINE * n, 8: EARLY * n, 9: sum(c + 10 for c in carried), 10: LATE * n}
    assert {col: after[col] for col in FORM_COLUMNS} == {col: before[col] + added[col] for col in FORM_COLUMNS}
