"""Workbooks written, then read back with openpyxl."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from cchc_portal.xlsx import XLSX_CONTENT_TYPE
from meetings import exports, services
from meetings.models import TaskStatus

D = dt.date


@pytest.fixture
def meeting_with_tasks(make_meeting, make_task, units, people, sec, frozen):
    own, other = units
    frozen(D(2019, 6, 20))
    meeting = make_meeting(conclusion_number="52/TB-BCĐ", conclusion_date=D(2019, 6, 20))
    done = make_task(meeting, lead=own, title="Đề án vị trí việc làm", deadline=D(2019, 8, 31))
    make_task(
        meeting, lead=other, title="Rà soát nguồn thu ngân sách", deadline=D(2019, 9, 30), coordinating_agencies=[own]
    )
    make_task(meeting, lead=own, title="Nâng cao thứ hạng chỉ số", deadline=None, recurrence="regular")
    services.task_report_progress(task_id=done.pk, by=people["staff"], reported_on=D(2019, 6, 20), text="x", percent=80)
    request = services.task_completion_request(task_id=done.pk, by=people["staff"], completed_on=D(2019, 6, 20))
    services.task_completion_confirm(request_id=request.pk, by=sec)
    frozen(D(2019, 10, 1))
    return meeting


def rows(sheet) -> list[tuple]:
    return [tuple(c for c in row) for row in sheet.iter_rows(values_only=True)]


def test_meeting_workbook_lists_each_task_with_its_status(meeting_with_tasks):
    book = load_workbook(io.BytesIO(exports.meeting_tasks_workbook(meeting=meeting_with_tasks)))
    tasks, summary = book.worksheets
    data = rows(tasks)
    header_index = next(i for i, r in enumerate(data) if r[0] == "STT")
    body = data[header_index + 1 :]
    assert [r[1] for r in body] == ["Đề án vị trí việc làm", "Rà soát nguồn thu ngân sách", "Nâng cao thứ hạng chỉ số"]
    first = body[0]
    assert first[3] == "Sở Tư pháp thử"
    assert first[5] == dt.datetime(2019, 8, 31) and first[7] == 80 and first[8] == dt.datetime(2019, 6, 20)
    assert first[9] == "Đã hoàn thành đúng hạn"
    assert body[1][4] == "Sở Tư pháp thử" and body[1][9] == "Chưa hoàn thành quá hạn"
    assert body[2][5] == "Thường xuyên" and body[2][9] == "Chưa hoàn thành trong hạn"
    assert tasks["F" + str(header_index + 2)].number_format == "DD/MM/YYYY"
    assert "52/TB-BCĐ" in data[1][0]
    counts = {r[0]: r[1] for r in rows(summary)[1:]}
    assert counts["Đã hoàn thành đúng hạn"] == 1 and counts["Chưa hoàn thành quá hạn"] == 1 and counts["Tổng số"] == 3


def test_open_tasks_command_writes_every_open_task_by_agency(meeting_with_tasks, tmp_path, make_task, units):
    target = tmp_path / "open.xlsx"
    out = io.StringIO()
    call_command("export_open_tasks", "--output", str(target), stdout=out)
    assert str(target) in out.getvalue()
    book = load_workbook(target)
    by_agency, tasks = book.worksheets
    summary = {r[0]: r[1:] for r in rows(by_agency)[3:]}
    assert summary["Sở Tư pháp thử"] == (1, 0, 1)  # the regular task, within deadline
    assert summary["Sở Y tế thử"] == (0, 1, 1)
    assert summary["Tổng số"] == (1, 1, 2)
    titles = [r[1] for r in rows(tasks) if isinstance(r[0], int)]
    assert titles == ["Nâng cao thứ hạng chỉ số", "Rà soát nguồn thu ngân sách"]  # done task left out

    call_command("export_open_tasks", "--output", str(target), "--agency", "OTHER", stdout=out)
    titles = [r[1] for r in rows(load_workbook(target).worksheets[1]) if isinstance(r[0], int)]
    assert titles == ["Rà soát nguồn thu ngân sách"]


def test_the_pages_hand_out_the_workbooks(client, meeting_with_tasks, people, units):
    client.force_login(people["committee"])
    response = client.get(reverse("meetings:meeting-export", args=[meeting_with_tasks.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    assert "attachment" in response["Content-Disposition"]
    assert load_workbook(io.BytesIO(response.content)).worksheets[0].title == "Nhiệm vụ"
    client.force_login(people["staff"])
    response = client.get(reverse("meetings:agency-export", args=["OWN"]))
    titles = [r[1] for r in rows(load_workbook(io.BytesIO(response.content)).worksheets[1]) if isinstance(r[0], int)]
    assert titles == ["Nâng cao thứ hạng chỉ số"]


def test_status_labels_are_the_official_ones():
    from django.utils import translation

    with translation.override("vi"):
        assert [str(s.label) for s in TaskStatus] == [
            "Đã hoàn thành đúng hạn",
            "Đã hoàn thành quá hạn",
            "Chưa hoàn thành trong hạn",
            "Chưa hoàn thành quá hạn",
        ]


def test_a_task_titled_like_a_formula_stays_text(make_meeting, make_task, units, frozen):
    own, _other = units
    frozen(D(2019, 6, 20))
    meeting = make_meeting()
    make_task(meeting, lead=own, title='=HYPERLINK("http://x","bấm vào đây")', deadline=D(2019, 8, 31))
    sheet = load_workbook(io.BytesIO(exports.meeting_tasks_workbook(meeting=meeting))).active
    cells = [c for row in sheet.iter_rows() for c in row if c.value == '=HYPERLINK("http://x","bấm vào đây")']
    assert len(cells) == 1 and cells[0].data_type == "s"
