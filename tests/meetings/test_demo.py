"""The demo meetings: the seed article's Q2/2019 meeting, the Q1 meeting whose tasks carry
forward, and follow-up leaving tasks in each of the four statuses. Loaded twice, the same."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from agencies.demo import seed as seed_agencies
from meetings import selectors
from meetings.demo import seed as seed_meetings
from meetings.models import Meeting, ProgressReport, Task, TaskEvent, TaskStatus


def load() -> dict:
    ctx: dict = {}
    seed_agencies(ctx)
    seed_meetings(ctx)
    return ctx


@pytest.fixture
def ctx(db):
    return load()


def counts() -> dict:
    return {m.__name__: m.objects.count() for m in (Meeting, Task, ProgressReport, TaskEvent)}


def test_loading_twice_changes_nothing(ctx):
    first = counts()
    load()
    assert counts() == first


def test_the_meeting_of_13_june_2019(ctx):
    q2 = ctx["meetings"]["q2"]
    assert q2.held_on == dt.date(2019, 6, 13) and q2.kind == "quarterly"
    assert q2.chair.get_full_name() == "Nguyễn Văn Sơn"
    assert "Nguyễn Minh Tiến" in [str(p) for p in q2.present.all()]
    topics = list(q2.topics.values_list("title", flat=True))
    assert len(topics) == 9 and any("một cửa liên thông" in t for t in topics)
    assert "37.657" in q2.conclusion_text and q2.is_closed
    titles = " ".join(q2.tasks.values_list("title", flat=True))
    for words in (
        "Trung tâm Hành chính công",
        "quy hoạch cán bộ",
        "vị trí việc làm",
        "tuyển dụng",
        "52/2015/NQ-HĐND",
        "ngân sách",
        "thứ hạng",
        "chính quyền điện tử",
    ):
        assert words.lower() in titles.lower(), words
    assert q2.tasks.filter(parent__isnull=False).count() == 2


@pytest.mark.parametrize("today", [dt.date(2019, 12, 31), dt.date(2026, 11, 27)])
def test_tasks_are_in_each_of_the_four_statuses(ctx, today):
    found = Counter(Task.objects.with_status(today).values_list("status", flat=True))
    assert set(found) == set(TaskStatus), found
    # Extended, reported done and still waiting for confirmation: overdue until the secretariat confirms.
    nq52 = Task.objects.with_status(today).get(title__contains="52/2015")
    assert (nq52.deadline, nq52.deadline_in_force, nq52.status) == (
        dt.date(2019, 7, 31),
        dt.date(2019, 8, 31),
        TaskStatus.OVERDUE,
    )
    assert nq52.completion_requests.get().state == "pending"


def test_the_q1_tasks_carry_forward_to_the_q2_meeting(ctx):
    carried = list(selectors.carried_forward(meeting=ctx["meetings"]["q2"]))
    assert [t.meeting for t in carried] == [ctx["meetings"]["q1"]] * 2
    assert {t.lead_agency.code for t in carried} == {"HG-STTTT", "HG-SNV"}


def test_so_tu_phap_has_a_task_to_follow(ctx):
    inbox = selectors.agency_inbox(agency=ctx["units"]["HG-STP"])
    assert [t.title for t in inbox["led"]][0].startswith("Rà soát, đề xuất bãi bỏ")
