"""In a real browser: the standing office records a meeting and assigns its tasks; Sở Tư pháp
reports progress with an evidence file and asks to close its task; the standing office confirms;
the meeting's status counts change. Screenshots go to /tmp/shots/meetings_*.png."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import Page, expect

from agencies.demo import seed_agencies, seed_people
from meetings.models import Task
from tests.meetings.conftest import PDF_BYTES

SHOTS = Path("/tmp/shots")


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "vi-VN", "timezone_id": "Asia/Ho_Chi_Minh"}


@pytest.fixture
def people(transactional_db, live_server):
    return seed_people(seed_agencies())


def log_in(page: Page, live_server, username: str) -> None:
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(settings.DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập", exact=True).click()
    expect(page.get_by_test_id("user-menu")).to_be_visible()


def log_out(page: Page) -> None:
    page.get_by_test_id("user-menu").click()
    page.get_by_role("button", name="Đăng xuất").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/"))


def open_meetings_menu(page: Page) -> None:
    # The menu's wording belongs to the project's catalogue; the link is what matters here.
    page.get_by_test_id("main-nav").locator("a[href='/meetings/']").click()


def shot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / f"meetings_{name}.png", full_page=True)


def count(page: Page, status: str):
    return page.get_by_test_id("status-counts").get_by_test_id(f"count-{status}")


@pytest.mark.browser
def test_a_meeting_its_tasks_a_report_and_a_confirmation(live_server, page: Page, people):
    page.set_default_timeout(10_000)
    today = timezone.localdate()
    deadline = today + dt.timedelta(days=30)

    # The standing office records the meeting.
    log_in(page, live_server, "demo_secretariat")
    open_meetings_menu(page)
    expect(page.get_by_role("heading", level=1)).to_contain_text("nhiệm vụ")
    page.get_by_role("link", name="Ghi nhận phiên họp").click()
    page.locator("#id_kind").select_option("quarterly")
    page.locator("#id_title").fill("Phiên họp Ban Chỉ đạo CCHC tỉnh quý IV")
    page.locator("#id_held_on").fill(today.strftime("%d/%m/%Y"))
    page.locator("#id_place").fill("Hội trường UBND tỉnh Hà Giang")
    page.locator("#id_chair").select_option(label="Nguyễn Văn Sơn")
    page.locator("#id_present").select_option(label="Nguyễn Minh Tiến")
    page.locator("#id_topics").fill("Cơ chế một cửa, một cửa liên thông\nChính quyền điện tử")
    page.locator("#id_conclusion_number").fill("99/TB-BCĐ")
    shot(page, "1_meeting_form")
    page.get_by_role("button", name="Lưu phiên họp").click()
    expect(page.get_by_role("alert").first).to_contain_text("Đã ghi nhận phiên họp")
    expect(page.get_by_test_id("topics").get_by_role("listitem")).to_have_count(2)

    # ... and assigns two tasks of its conclusion.
    page.get_by_role("link", name="Giao nhiệm vụ").click()
    page.locator("#id_title").fill("Rà soát văn bản quy phạm pháp luật về CCHC")
    page.locator("#id_lead_agency").select_option(label="Sở Tư pháp tỉnh Hà Giang")
    page.locator("#id_coordinating_agencies").select_option(label="Sở Nội vụ tỉnh Hà Giang")
    page.locator("#id_deadline").fill(deadline.strftime("%d/%m/%Y"))
    page.get_by_role("button", name="Giao và thêm nhiệm vụ khác").click()
    expect(page.get_by_role("alert").first).to_contain_text("Đã giao nhiệm vụ cho Sở Tư pháp")
    page.locator("#id_title").fill("Đánh giá hoạt động Trung tâm Hành chính công")
    page.locator("#id_lead_agency").select_option(label="Sở Nội vụ tỉnh Hà Giang")
    page.locator("#id_deadline").fill(deadline.strftime("%d/%m/%Y"))
    page.get_by_role("button", name="Giao nhiệm vụ", exact=True).click()
    expect(count(page, "in_progress")).to_have_text("2")
    expect(count(page, "done_on_time")).to_have_text("0")
    meeting_url = page.url
    shot(page, "2_meeting_assigned")
    log_out(page)

    # Sở Tư pháp reports progress, with evidence, and asks to close its task.
    log_in(page, live_server, "demo_staff")
    open_meetings_menu(page)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Sở Tư pháp")
    page.get_by_test_id("inbox-led").get_by_role("link", name="Rà soát văn bản quy phạm pháp luật về CCHC").click()
    form = page.get_by_test_id("progress-form")
    form.locator("#id_percent").fill("100")
    form.locator("#id_text").fill("Đã rà soát 45 văn bản, đề xuất bãi bỏ 3 văn bản.")
    form.locator("#id_files").set_input_files(
        files=[{"name": "bao-cao-ra-soat.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}]
    )
    form.get_by_role("button", name="Gửi báo cáo tiến độ").click()
    expect(page.get_by_role("alert").first).to_contain_text("Đã lưu báo cáo tiến độ")
    expect(page.get_by_test_id("progress-reports")).to_contain_text("bao-cao-ra-soat.pdf")
    page.get_by_test_id("completion-form").get_by_role("button", name="Báo cáo hoàn thành").click()
    expect(page.get_by_test_id("pending-completion")).to_be_visible()
    expect(page.get_by_test_id("task-status")).to_have_text("Chưa hoàn thành trong hạn")
    shot(page, "3_department_reports")
    log_out(page)

    # The standing office confirms; the meeting's counts change.
    log_in(page, live_server, "demo_secretariat")
    page.goto(meeting_url)
    page.get_by_test_id("meeting-tasks").get_by_role("link", name="Rà soát văn bản quy phạm pháp luật về CCHC").click()
    expect(page.get_by_test_id("pending-completion")).to_contain_text("Chuyên viên Sở Tư pháp")
    page.get_by_role("button", name="Xác nhận hoàn thành").click()
    expect(page.get_by_role("alert").first).to_contain_text("Đã xác nhận")
    expect(page.get_by_test_id("task-status")).to_have_text("Đã hoàn thành đúng hạn")
    expect(page.get_by_test_id("task-history")).to_contain_text("Xác nhận hoàn thành")
    shot(page, "4_confirmed")
    page.goto(meeting_url)
    expect(count(page, "done_on_time")).to_have_text("1")
    expect(count(page, "in_progress")).to_have_text("1")
    shot(page, "5_meeting_counts")
    task = Task.objects.get(title="Rà soát văn bản quy phạm pháp luật về CCHC")
    assert task.completed_on == today and task.progress_reports.get().evidence.count() == 1

    # The board shows the same.
    open_meetings_menu(page)
    expect(page.get_by_test_id("board-table").get_by_test_id("task-status")).to_have_count(2)
    shot(page, "6_board")
