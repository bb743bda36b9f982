"""Attachments: the type is read from the content, the size is limited, the name cannot reach
outside the private storage, and a download answers only to those who may see the owner."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.urls import reverse

from meetings import services
from meetings.attachments import clean_display_name
from meetings.models import Attachment, AttachmentKind
from tests.meetings.conftest import PDF_BYTES, office_bytes, upload, xlsx_bytes

D = dt.date


@pytest.fixture
def meeting(make_meeting):
    return make_meeting()


def attach(meeting, sec, *files):
    return services.meeting_attach(meeting_id=meeting.pk, by=sec, files=list(files))


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("Thông báo kết luận.pdf", PDF_BYTES, AttachmentKind.PDF),
        ("Biên bản.docx", office_bytes("docx"), AttachmentKind.DOCX),
        ("Số liệu.xlsx", xlsx_bytes(), AttachmentKind.XLSX),
    ],
)
def test_pdf_docx_and_xlsx_are_stored_under_a_generated_name(meeting, sec, private_storage, name, content, kind):
    [stored] = attach(meeting, sec, upload(name, content))
    assert stored.kind == kind and stored.original_name == name and stored.size == len(content)
    path = Path(stored.file.path)
    assert path.is_relative_to(private_storage)
    assert path.parent == private_storage / "meetings"
    assert path.suffix == f".{kind.value}" and name.split(".")[0] not in path.name
    assert path.read_bytes() == content


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("ket-luan.pdf", b"MZ\x90\x00\x03 this is a Windows program"),  # an executable behind a PDF name
        ("bien-ban.docx", b"<html><script>alert(1)</script></html>"),
        ("bien-ban.docx", office_bytes("none")),  # a ZIP, but no Word document inside
        ("so-lieu.xlsx", b"PK\x03\x04 not really a zip archive"),
        ("so-lieu.xlsx", office_bytes("docx")),  # a Word document named as a workbook
        ("ket-luan.docx", PDF_BYTES),  # a PDF named as a Word document
        ("anh.png", b"\x89PNG\r\n\x1a\n"),
    ],
)
def test_a_wrong_type_behind_a_right_name_is_refused(meeting, sec, private_storage, name, content):
    with pytest.raises(services.MeetingError) as excinfo:
        attach(meeting, sec, upload(name, content, "application/pdf"))
    assert name in excinfo.value.message
    assert not Attachment.objects.exists()
    assert not any(private_storage.rglob("*.*"))


def test_a_file_over_the_limit_is_refused_and_nothing_is_kept(meeting, sec, settings, private_storage):
    settings.ATTACHMENT_MAX_MB = 1
    too_big = PDF_BYTES + b"0" * (1024 * 1024)
    just_right = PDF_BYTES + b"0" * (1024 * 1024 - len(PDF_BYTES))
    with pytest.raises(services.MeetingError) as excinfo:
        attach(meeting, sec, upload("ok.pdf", PDF_BYTES), upload("lon.pdf", too_big))
    assert "1 MB" in excinfo.value.message
    assert not Attachment.objects.exists()  # all or nothing
    assert len(attach(meeting, sec, upload("vua.pdf", just_right))) == 1


def test_an_empty_file_is_refused(meeting, sec):
    with pytest.raises(services.MeetingError):
        attach(meeting, sec, upload("rong.pdf", b""))


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("..\\..\\Windows\\system32\\ket-luan.pdf", "ket-luan.pdf"),
        ("/var/www/static/x.pdf", "x.pdf"),
        ("C:\\Users\\Lan\\Thông báo 52.pdf", "Thông báo 52.pdf"),
        (".htaccess", "htaccess.pdf"),
        ("bao-cao\x00.exe.pdf", "bao-cao.exe.pdf"),
        ("../", "file.pdf"),
        ("ket-luan", "ket-luan.pdf"),
    ],
)
def test_path_tricks_in_the_name_are_stripped(raw, shown):
    name = clean_display_name(raw, AttachmentKind.PDF)
    assert "/" not in name and "\\" not in name and "\x00" not in name
    assert name in (shown, shown.replace("file", "tệp"))


def test_a_path_trick_upload_lands_inside_the_storage(meeting, sec, private_storage, tmp_path):
    [stored] = attach(meeting, sec, upload("../../../escape.pdf", PDF_BYTES))
    assert stored.original_name == "escape.pdf"
    assert Path(stored.file.path).is_relative_to(private_storage)
    assert not (tmp_path.parent / "escape.pdf").exists()


def test_the_storage_is_outside_the_web_root():
    from django.conf import settings

    root = Path(settings.STORAGES["default"]["OPTIONS"]["location"]).resolve()
    static = [Path(settings.STATIC_ROOT).resolve(), *(Path(p).resolve() for p in settings.STATICFILES_DIRS)]
    assert all(not root.is_relative_to(s) for s in static)


def test_a_closed_meeting_takes_no_attachment(meeting, sec):
    services.meeting_close(meeting_id=meeting.pk, by=sec)
    with pytest.raises(services.MeetingLocked):
        attach(meeting, sec, upload("x.pdf", PDF_BYTES))


def test_download_as_an_attachment_with_the_right_content_type(client, meeting, sec):
    content = office_bytes("docx")
    [stored] = attach(meeting, sec, upload("Biên bản.docx", content))
    client.force_login(sec)
    response = client.get(reverse("meetings:attachment", args=[stored.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content) == content


def test_evidence_follows_its_task_and_the_upload_page_refuses_bad_files(client, people, units, make_task, frozen):
    frozen(D(2019, 7, 1))
    own, other = units
    task = make_task(lead=own)
    client.force_login(people["staff"])
    url = reverse("meetings:task-progress", args=[task.pk])
    bad = client.post(
        url,
        {"reported_on": "01/07/2019", "percent": 50, "text": "Đã làm", "files": [upload("minh-chung.pdf", b"MZ")]},
    )
    assert bad.status_code == 400 and not task.progress_reports.exists()
    ok = client.post(
        url,
        {
            "reported_on": "01/07/2019",
            "percent": 50,
            "text": "Đã làm",
            "files": [upload("minh-chung.pdf", PDF_BYTES), upload("so-lieu.xlsx", xlsx_bytes())],
        },
    )
    assert ok.status_code == 302
    evidence = list(Attachment.objects.filter(progress_report__task=task).order_by("pk"))
    assert [e.kind for e in evidence] == [AttachmentKind.PDF, AttachmentKind.XLSX]
    # The unit and the meetings' viewers may open it; another unit may not.
    stranger = people["staff"].__class__.objects.create(username="stranger", role="staff", agency=other)
    for user, expected in [
        (people["staff"], 200),
        (people["head"], 200),
        (people["secretariat"], 200),
        (people["committee"], 200),
        (people["admin"], 200),
        (stranger, 403),
    ]:
        client.force_login(user)
        assert client.get(reverse("meetings:attachment", args=[evidence[0].pk])).status_code == expected, user.role
