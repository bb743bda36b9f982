"""Demo meetings: the steering committee's Q2/2019 meeting of 13/06/2019 (the seed article), the Q1
meeting before it whose unfinished tasks carry forward, and follow-up that leaves tasks in each of
the four official statuses.

The article gives the date, the chair, who was present, the topics and the conclusions; the
conclusion notices' numbers and dates, the Q1 meeting's date, the deadlines and the follow-up are
illustrative. Rows are written directly (with the dates they would have had in 2019) rather than
through the services, which stamp "now"; a second run finds the meetings and changes nothing.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.db import transaction

from agencies.models import Agency, AgencyKind, User
from meetings.models import (
    CompletionRequest,
    DiscussionTopic,
    ExtensionRequest,
    Meeting,
    MeetingEvent,
    MeetingEventKind,
    MeetingKind,
    MeetingState,
    ProgressReport,
    RequestState,
    Task,
    TaskEvent,
    TaskEventKind,
    TaskRecurrence,
)

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
Q1_DAY = dt.date(2019, 3, 28)
Q2_DAY = dt.date(2019, 6, 13)

Q2_TOPICS = [
    "Phối hợp giữa các cơ quan, đơn vị trong thực hiện nhiệm vụ CCHC",
    "Rà soát, đánh giá Chỉ số CCHC các sở, ban, ngành sau khi công bố",
    "Vai trò của người đứng đầu cơ quan, đơn vị trong CCHC",
    "Giải pháp khắc phục đối với các cơ quan, đơn vị xếp hạng thấp",
    "Rà soát việc ứng dụng công nghệ thông tin",
    "Sắp xếp tổ chức bộ máy",
    "Cơ chế tự chủ tài chính của đơn vị sự nghiệp công lập",
    "Cơ chế một cửa, một cửa liên thông",
    "Mô hình đô thị thông minh thành phố Hà Giang",
]
Q2_CONCLUSION = (
    "Kết quả 6 tháng đầu năm 2019: ban hành 28 quyết định công bố danh mục TTHC; các sở, ngành tiếp nhận, "
    "giải quyết và trả kết quả 37.657 hồ sơ, đã giải quyết 33.270 hồ sơ; 294 hồ sơ tiếp nhận, giải quyết và "
    "trả kết quả trực tuyến; 100% cơ quan ứng dụng CNTT, phần mềm quản lý văn bản điều hành có chữ ký số. "
    "Năm 2018: PCI xếp 52/63 (tăng 3 bậc), PAPI 36/63 (tăng 25 bậc), ICT Index 17/63 (tăng 5 bậc).\n"
    "Nhiệm vụ 6 tháng cuối năm: các sở, ngành triển khai kết luận phiên họp quý I và báo cáo thường xuyên về "
    "cơ quan thường trực; tham mưu nâng cao hiệu quả CCHC; đánh giá hoạt động Trung tâm Hành chính công các "
    "huyện, thành phố; hoàn thiện quy hoạch cán bộ, đề án vị trí việc làm, tuyển dụng; đề xuất bãi bỏ Nghị "
    "quyết 52/2015/NQ-HĐND; rà soát nguồn thu ngân sách; giữ vững và nâng cao thứ hạng các chỉ số; xây dựng "
    "chính quyền điện tử, đô thị thông minh. Từ năm 2019 thành lập các tổ tư vấn độc lập đánh giá kết quả CCHC "
    "của các sở, ngành; Chỉ số CCHC các sở, ngành công bố tại hội nghị thi đua cuối năm."
)

# Follow-up, as (day, percent, text) reports, then what happened:
# ("done", completion day) | ("pending", completion day) | ("extended", new deadline, granted on) | None
D = dt.date
Q1_TASKS = [
    # (key, title, lead, coordinating, deadline, recurrence, reports, outcome)
    (
        "q1-tthc",
        "Rà soát, công bố đầy đủ danh mục TTHC thuộc thẩm quyền giải quyết của các cấp",
        "HG-VP",
        ["HG-STP"],
        D(2019, 4, 30),
        "",
        [(D(2019, 4, 15), 70, "Đã trình công bố danh mục TTHC của 12 sở, ngành.")],
        [("done", D(2019, 4, 26))],
    ),
    (
        "q1-motcua",
        "Hoàn thiện, vận hành phần mềm một cửa điện tử liên thông ba cấp",
        "HG-STTTT",
        ["HG-VP"],
        D(2019, 5, 31),
        "",
        [(D(2019, 5, 25), 60, "Đã kết nối 17/19 sở, ngành; đang kết nối cấp huyện.")],
        [("extended", D(2019, 8, 31), D(2019, 5, 29)), ("done", D(2019, 8, 20))],
    ),
    (
        "q1-vtvl",
        "Trình phê duyệt điều chỉnh Đề án vị trí việc làm của các cơ quan hành chính",
        "HG-SNV",
        [],
        D(2019, 5, 31),
        "",
        [(D(2019, 6, 10), 80, "Đã thẩm định đề án của 15 cơ quan.")],
        [("done", D(2019, 6, 28))],
    ),
]
Q2_TASKS = [
    (
        "q2-trienkhai",
        "Triển khai các kết luận của phiên họp quý I/2019, báo cáo thường xuyên về cơ quan thường trực",
        "HG-SNV",
        ["HG-VP"],
        None,
        TaskRecurrence.QUARTERLY,
        [(D(2019, 9, 14), 50, "Tổng hợp báo cáo quý III của các sở, ngành.")],
        [],
    ),
    (
        "q2-thammuu",
        "Tham mưu giải pháp nâng cao hiệu quả công tác CCHC của tỉnh",
        "HG-SNV",
        [],
        D(2019, 7, 31),
        "",
        [(D(2019, 7, 25), 100, "Đã trình UBND tỉnh dự thảo kế hoạch nâng cao hiệu quả CCHC.")],
        [("done", D(2019, 7, 25))],
    ),
    (
        "q2-tthcc",
        "Đánh giá hoạt động của Trung tâm Hành chính công các huyện, thành phố",
        "HG-SNV",
        ["HG-VP"],
        D(2019, 9, 30),
        "",
        [(D(2019, 9, 20), 60, "Đã đánh giá 6/11 trung tâm.")],
        [],
    ),
    (
        "q2-quyhoach",
        "Hoàn thiện quy hoạch cán bộ lãnh đạo, quản lý các cấp",
        "HG-SNV",
        [],
        D(2019, 9, 30),
        "",
        [(D(2019, 9, 30), 90, "Còn 2 cơ quan chưa hoàn thiện hồ sơ.")],
        [("done", D(2019, 10, 15))],
    ),
    (
        "q2-vtvl",
        "Hoàn thiện đề án vị trí việc làm, cơ cấu ngạch công chức của các cơ quan, đơn vị",
        "HG-SNV",
        [],
        D(2019, 8, 31),
        "",
        [(D(2019, 8, 15), 90, "Đã thẩm định đề án của 18/19 sở, ngành.")],
        [("done", D(2019, 8, 30))],
    ),
    (
        "q2-tuyendung",
        "Tổ chức tuyển dụng công chức, viên chức theo đề án vị trí việc làm",
        "HG-SNV",
        [],
        D(2019, 12, 31),
        "",
        [],
        [("done", D(2019, 12, 20))],
    ),
    (
        "q2-nq52",
        "Rà soát, đề xuất bãi bỏ Nghị quyết số 52/2015/NQ-HĐND về kinh phí thực hiện CCHC",
        "HG-STP",
        ["HG-STC", "HG-SNV"],
        D(2019, 7, 31),
        "",
        [
            (D(2019, 7, 10), 60, "Đã rà soát, lấy ý kiến Sở Tài chính, Sở Nội vụ."),
            (D(2019, 8, 26), 100, "Đã trình UBND tỉnh tờ trình đề nghị HĐND tỉnh bãi bỏ Nghị quyết."),
        ],
        [("extended", D(2019, 8, 31), D(2019, 7, 29)), ("pending", D(2019, 8, 28))],
    ),
    (
        "q2-ngansach",
        "Rà soát các nguồn thu ngân sách, đề xuất giải pháp tăng thu",
        "HG-STC",
        [],
        D(2019, 9, 30),
        "",
        [(D(2019, 9, 15), 50, "Đang tổng hợp số liệu 9 tháng.")],
        [],
    ),
    (
        "q2-chiso",
        "Giữ vững và nâng cao thứ hạng các chỉ số PCI, PAPI, PAR Index, ICT Index",
        "HG-SKHDT",
        ["HG-SNV", "HG-STTTT"],
        None,
        TaskRecurrence.REGULAR,
        [],
        [],
    ),
    (
        "q2-cqdt",
        "Xây dựng chính quyền điện tử và mô hình đô thị thông minh thành phố Hà Giang",
        "HG-STTTT",
        ["HG-TPHG"],
        D(2019, 12, 31),
        "",
        [(D(2019, 11, 30), 40, "Đã phê duyệt kiến trúc chính quyền điện tử phiên bản 1.0.")],
        [],
    ),
]
# Sub-tasks of the assessment of the public-administration centres (parent key first).
Q2_SUBTASKS = [
    (
        "q2-tthcc",
        "Tự đánh giá hoạt động Trung tâm Hành chính công huyện Đồng Văn",
        "HG-DV-TTHCC",
        D(2019, 8, 31),
        [("done", D(2019, 8, 30))],
    ),
    (
        "q2-tthcc",
        "Tự đánh giá hoạt động Trung tâm Hành chính công huyện Mèo Vạc",
        "HG-MV-TTHCC",
        D(2019, 8, 31),
        [],
    ),
]


def _at(day: dt.date, hour: int = 9) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, 0, tzinfo=TZ)


def _meeting(*, kind, title, held_on, units, people, topics, number, date, text, closed_on) -> tuple[Meeting, bool]:
    sec, chair, vice = people["demo_secretariat"], people["demo_committee"], people["nguyen_minh_tien"]
    meeting, created = Meeting.objects.get_or_create(
        kind=kind,
        held_on=held_on,
        defaults={
            "title": title,
            "place": "Hội trường UBND tỉnh Hà Giang",
            "chair": chair,
            "agenda": "Đánh giá kết quả CCHC, cho ý kiến các nhiệm vụ trọng tâm, kết luận.",
            "conclusion_number": number,
            "conclusion_date": date,
            "conclusion_signer": str(chair),
            "conclusion_text": text,
            "created_by": sec,
            "state": MeetingState.CLOSED,
            "closed_at": _at(closed_on, 16),
            "closed_by": sec,
        },
    )
    if not created:
        return meeting, False
    meeting.invited.set([chair, vice, people["demo_head"]])
    meeting.present.set([chair, vice, people["demo_head"]])
    meeting.agencies_present.set([u for u in units.values() if u.kind == AgencyKind.DEPARTMENT])
    DiscussionTopic.objects.bulk_create(
        [DiscussionTopic(meeting=meeting, order=i, title=t) for i, t in enumerate(topics, start=1)]
    )
    MeetingEvent.objects.create(meeting=meeting, kind=MeetingEventKind.RECORDED, at=_at(held_on, 17), by=sec)
    MeetingEvent.objects.create(meeting=meeting, kind=MeetingEventKind.CLOSED, at=_at(closed_on, 16), by=sec)
    return meeting, True


def _follow_up(task: Task, reports, outcome, *, units, people) -> None:
    sec = people["demo_secretariat"]
    # The lead agency's person: Sở Tư pháp has demo logins; other units report through the secretariat's
    # demo account so no fake people are invented.
    reporter = people["demo_head"] if task.lead_agency.code == "HG-STP" else sec
    for day, percent, text in reports:
        ProgressReport.objects.create(task=task, reported_on=day, text=text, percent=percent, by=reporter, at=_at(day))
        TaskEvent.objects.create(
            task=task, kind=TaskEventKind.PROGRESS, at=_at(day), by=reporter, note=f"{percent}% ngày {day:%d/%m/%Y}"
        )
    for step in outcome:
        if step[0] == "extended":
            _kind, new_deadline, on = step
            ExtensionRequest.objects.create(
                task=task,
                requested_deadline=new_deadline,
                reason="Cần thêm thời gian lấy ý kiến các cơ quan liên quan.",
                requested_by=reporter,
                requested_at=_at(on - dt.timedelta(days=2)),
                state=RequestState.ACCEPTED,
                granted_deadline=new_deadline,
                decided_by=sec,
                decided_at=_at(on, 15),
                decision_reason="Đồng ý gia hạn theo đề nghị của cơ quan chủ trì.",
            )
            TaskEvent.objects.create(
                task=task,
                kind=TaskEventKind.EXTENSION_GRANTED,
                at=_at(on, 15),
                by=sec,
                note=f"Gia hạn đến {new_deadline:%d/%m/%Y}",
            )
        else:
            kind, day = step
            CompletionRequest.objects.create(
                task=task,
                completed_on=day,
                note="Đã hoàn thành nhiệm vụ, gửi kèm báo cáo kết quả.",
                requested_by=reporter,
                requested_at=_at(day, 16),
                state=RequestState.PENDING if kind == "pending" else RequestState.ACCEPTED,
                decided_by=None if kind == "pending" else sec,
                decided_at=None if kind == "pending" else _at(day + dt.timedelta(days=3), 10),
            )
            TaskEvent.objects.create(
                task=task, kind=TaskEventKind.COMPLETION_REQUESTED, at=_at(day, 16), by=reporter, note=f"{day:%d/%m/%Y}"
            )
            if kind == "done":
                confirmed = _at(day + dt.timedelta(days=3), 10)
                task.completed_on, task.completion_confirmed_at, task.completion_confirmed_by = day, confirmed, sec
                task.save(update_fields=["completed_on", "completion_confirmed_at", "completion_confirmed_by"])
                TaskEvent.objects.create(task=task, kind=TaskEventKind.COMPLETION_CONFIRMED, at=confirmed, by=sec)


def _task(meeting, spec, *, units, people, parent=None) -> Task:
    key, title, lead, coordinating, deadline, recurrence, reports, outcome = spec
    sec = people["demo_secretariat"]
    task = Task.objects.create(
        meeting=meeting,
        parent=parent,
        title=title,
        lead_agency=units[lead],
        deadline=deadline,
        recurrence=recurrence,
        created_by=sec,
    )
    task.coordinating_agencies.set([units[c] for c in coordinating])
    TaskEvent.objects.create(task=task, kind=TaskEventKind.ASSIGNED, at=_at(meeting.conclusion_date, 14), by=sec)
    _follow_up(task, reports, outcome, units=units, people=people)
    return task


@transaction.atomic
def seed_meetings(*, units: dict[str, Agency], people: dict[str, User]) -> dict[str, Meeting]:
    q1, q1_new = _meeting(
        kind=MeetingKind.QUARTERLY,
        title="Phiên họp Ban Chỉ đạo CCHC tỉnh quý I/2019",
        held_on=Q1_DAY,
        units=units,
        people=people,
        topics=["Kết quả CCHC quý I/2019", "Công bố, công khai TTHC", "Phần mềm một cửa điện tử liên thông"],
        number="18/TB-BCĐ",
        date=D(2019, 4, 2),
        text="Kết luận phiên họp quý I/2019 (minh họa).",
        closed_on=D(2019, 4, 5),
    )
    if q1_new:
        for spec in Q1_TASKS:
            _task(q1, spec, units=units, people=people)
    q2, q2_new = _meeting(
        kind=MeetingKind.QUARTERLY,
        title="Phiên họp Ban Chỉ đạo CCHC tỉnh quý II/2019 – sơ kết 6 tháng đầu năm",
        held_on=Q2_DAY,
        units=units,
        people=people,
        topics=Q2_TOPICS,
        number="52/TB-BCĐ",
        date=D(2019, 6, 20),
        text=Q2_CONCLUSION,
        closed_on=D(2019, 6, 24),
    )
    if q2_new:
        by_key = {spec[0]: _task(q2, spec, units=units, people=people) for spec in Q2_TASKS}
        for parent_key, title, lead, deadline, outcome in Q2_SUBTASKS:
            spec = (None, title, lead, [], deadline, "", [], outcome)
            _task(q2, spec, units=units, people=people, parent=by_key[parent_key])
    return {"q1": q1, "q2": q2}


def seed(ctx: dict) -> None:
    ctx["meetings"] = seed_meetings(units=ctx["units"], people=ctx["people"])
