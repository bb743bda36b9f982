"""Fixtures of the meetings tests: two units, one person of each role in the first, files on a
temporary private storage, and small builders that go through the services."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from agencies.models import AgencyKind, Role
from meetings import services
from meetings.models import MeetingKind
from tests.factories import AgencyFactory, UserFactory

ROLES = [Role.STAFF, Role.HEAD, Role.SECRETARIAT, Role.COMMITTEE, Role.ADMIN]
TZ = dt.timezone(dt.timedelta(hours=7))


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    """A moment of `day` in Vietnam, for time_machine."""
    return dt.datetime(day.year, day.month, day.day, hour, 0, tzinfo=TZ)


@pytest.fixture(autouse=True)
def private_storage(settings, tmp_path):
    """Uploaded files go to a temporary PRIVATE_MEDIA_ROOT."""
    root = tmp_path / "private"
    settings.PRIVATE_MEDIA_ROOT = root
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(root)}},
    }
    return root


@pytest.fixture
def units(db):
    province = AgencyFactory(code="P", name="UBND tỉnh Thử nghiệm", kind=AgencyKind.PROVINCE)
    own = AgencyFactory(code="OWN", name="Sở Tư pháp thử", short_name="Sở Tư pháp thử", parent=province)
    other = AgencyFactory(code="OTHER", name="Sở Y tế thử", short_name="Sở Y tế thử", parent=province)
    return own, other


@pytest.fixture
def people(units):
    own, _other = units
    return {role: UserFactory(role=role, agency=own, username=f"u_{role}") for role in ROLES}


@pytest.fixture
def sec(people):
    return people[Role.SECRETARIAT]


@pytest.fixture
def frozen():
    """Freeze the clock at a day of 2019 (Vietnam time); call it again to move."""
    travellers = []

    def freeze(day: dt.date, hour: int = 10):
        if travellers:
            travellers.pop().stop()
        traveller = time_machine.travel(at(day, hour), tick=False)
        traveller.start()
        travellers.append(traveller)

    yield freeze
    for traveller in travellers:
        traveller.stop()


@pytest.fixture
def make_meeting(sec):
    def make(held_on: dt.date = dt.date(2019, 6, 13), **kwargs):
        kwargs.setdefault("kind", MeetingKind.QUARTERLY)
        kwargs.setdefault("title", f"Phiên họp {held_on:%d/%m/%Y}")
        return services.meeting_record(by=sec, held_on=held_on, **kwargs)

    return make


@pytest.fixture
def make_task(sec, units):
    def make(meeting=None, *, lead=None, deadline: dt.date | None = dt.date(2019, 9, 30), **kwargs):
        kwargs.setdefault("title", "Nhiệm vụ thử")
        if meeting is None:
            kwargs.setdefault("source_document", "Chỉ thị số 12/CT-UBND")
        return services.task_assign(
            by=sec,
            meeting_id=meeting.pk if meeting else None,
            lead_agency=lead or units[0],
            deadline=deadline,
            **kwargs,
        )

    return make


# --- Real tiny files ------------------------------------------------------------------------------

PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Count 0/Kids[]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def office_bytes(kind: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        if kind == "docx":
            archive.writestr("word/document.xml", '<?xml version="1.0"?><w:document/>')
        elif kind == "xlsx":
            archive.writestr("xl/workbook.xml", '<?xml version="1.0"?><workbook/>')
    return buffer.getvalue()


def xlsx_bytes() -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active["A1"] = "Báo cáo"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(name: str, content: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)
