"""Checks on uploaded files: the type is read from the content, never from the name.

Accepted: PDF (starts with "%PDF-"), DOCX and XLSX (ZIP archives holding an Office Open XML
package: [Content_Types].xml with word/document.xml, resp. xl/workbook.xml). Anything else, or a
file larger than settings.ATTACHMENT_MAX_MB, is refused. The uploaded name is kept only as display
text, stripped of any path; the stored file gets a generated name (models.attachment_path).
"""

from __future__ import annotations

import posixpath
import unicodedata
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from meetings.models import AttachmentKind

ZIP_MAGIC = b"PK\x03\x04"
PDF_MAGIC = b"%PDF-"
EXTENSIONS = {f".{kind.value}": kind for kind in AttachmentKind}
MAX_NAME = 150


class AttachmentRejected(ValueError):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class CheckedFile:
    upload: UploadedFile
    kind: AttachmentKind
    display_name: str
    size: int


def max_bytes() -> int:
    return settings.ATTACHMENT_MAX_MB * 1024 * 1024


def detect_kind(upload: UploadedFile) -> AttachmentKind | None:
    """PDF, DOCX or XLSX from the file's bytes; None for anything else."""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(PDF_MAGIC):
        return AttachmentKind.PDF
    if not head.startswith(ZIP_MAGIC):
        return None
    try:
        with zipfile.ZipFile(upload) as archive:  # reads the central directory only, nothing is unpacked
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    finally:
        upload.seek(0)
    if "[Content_Types].xml" not in names:
        return None
    if "word/document.xml" in names:
        return AttachmentKind.DOCX
    if "xl/workbook.xml" in names:
        return AttachmentKind.XLSX
    return None


def clean_display_name(raw: str, kind: AttachmentKind) -> str:
    """The last path component of the uploaded name, without control characters or leading dots:
    "../../etc/passwd.pdf" → "passwd.pdf", "C:\\Users\\a\\bien-ban.docx" → "bien-ban.docx"."""
    name = unicodedata.normalize("NFC", raw or "").replace("\\", "/")
    name = posixpath.basename(name)
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")  # NUL, newlines, RTL overrides
    name = name.strip().lstrip(".").strip()
    stem, dot, ext = name.rpartition(".")
    if not dot or ext.lower() != kind.value:
        stem = name
    stem = stem.strip()[:MAX_NAME] or _("file")
    return f"{stem}.{kind.value}"


def check_upload(upload: UploadedFile) -> CheckedFile:
    """Refuse (AttachmentRejected, with a message saying why) what is not a PDF, DOCX or XLSX, or too large."""
    shown = posixpath.basename((upload.name or "").replace("\\", "/"))
    if upload.size > max_bytes():
        raise AttachmentRejected(
            _("%(name)s is larger than the %(limit)d MB allowed.")
            % {"name": shown, "limit": settings.ATTACHMENT_MAX_MB}
        )
    if upload.size == 0:
        raise AttachmentRejected(_("%(name)s is empty.") % {"name": shown})
    kind = detect_kind(upload)
    if kind is None:
        raise AttachmentRejected(
            _("%(name)s is not a PDF, Word (DOCX) or Excel (XLSX) document; only those are accepted.") % {"name": shown}
        )
    _stem, dot, ext = shown.rpartition(".")
    claimed = EXTENSIONS.get(f".{ext.lower()}") if dot else None
    if dot and f".{ext.lower()}" in {".pdf", ".docx", ".xlsx", ".doc", ".xls"} and claimed != kind:
        raise AttachmentRejected(
            _("%(name)s is named as a .%(ext)s file but its content is a %(kind)s document.")
            % {"name": shown, "ext": ext.lower(), "kind": kind.label}
        )
    return CheckedFile(upload=upload, kind=kind, display_name=clean_display_name(upload.name, kind), size=upload.size)
