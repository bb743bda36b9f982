"""The Vietnamese catalog is complete and compiled: every message translated, nothing fuzzy,
placeholders kept, and the committed django.mo says what django.po says."""

from __future__ import annotations

import gettext as gnu_gettext
import re
import shutil
import subprocess
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

BASE_DIR = Path(settings.BASE_DIR)
# The project's catalogue (locale/) and each app's own (e.g. indices/locale/).
PO_FILES = sorted(
    p
    for p in BASE_DIR.glob("**/locale/vi/LC_MESSAGES/django.po")
    if not {".venv", "site-packages", "node_modules"} & set(p.relative_to(BASE_DIR).parts)
)
PROJECT_PO = BASE_DIR / "locale" / "vi" / "LC_MESSAGES" / "django.po"

# %(name)s, %(count)d, %s, %d, %%: what Python's %-formatting fills in.
PLACEHOLDER = re.compile(r"%(?:\([^)]*\))?[-#0 +]*\d*(?:\.\d+)?[sdifr%]")
ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}


@dataclass
class Entry:
    msgid: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    line: int = 0

    @property
    def is_header(self) -> bool:
        return self.msgid == "" and self.msgctxt is None

    @property
    def key(self) -> str:
        """The key GNU gettext uses in a .mo file: context EOT msgid."""
        return self.msgid if self.msgctxt is None else f"{self.msgctxt}\x04{self.msgid}"


def _unquote(text: str, where: str) -> str:
    text = text.strip()
    if len(text) < 2 or not text.startswith('"') or not text.endswith('"'):
        raise ValueError(f"{where}: expected a quoted string, got {text!r}")
    return re.sub(r"\\(.)", lambda m: ESCAPES.get(m.group(1), m.group(0)), text[1:-1])


def parse_po(path: Path) -> list[Entry]:
    """A small PO reader: enough for what makemessages writes (no obsolete `#~` entries kept)."""
    entries: list[Entry] = []
    current: Entry | None = None
    target: tuple[str, int | None] | None = None  # the field that continuation lines extend
    flags: set[str] = set()

    def finish() -> None:
        nonlocal current
        if current is not None:
            entries.append(current)
        current = None

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        where = f"{path.name}:{number}"
        if not line:
            continue
        if line.startswith("#"):  # comments (and obsolete `#~` entries) belong to the next msgid
            if line.startswith("#,"):
                flags |= {flag.strip() for flag in line[2:].split(",") if flag.strip()}
            continue
        if line.startswith('"'):
            if current is None or target is None:
                raise ValueError(f"{where}: a continuation line outside an entry")
            name, index = target
            value = _unquote(line, where)
            if name == "msgstr":
                current.msgstr[index] += value
            else:
                setattr(current, name, getattr(current, name) + value)
            continue
        keyword, _, rest = line.partition(" ")
        if keyword in ("msgctxt", "msgid") and (current is None or current.msgstr):
            finish()
            current = Entry(flags=flags, line=number)
            flags = set()
        if current is None:
            raise ValueError(f"{where}: {keyword} before msgid")
        value = _unquote(rest, where)
        if keyword in ("msgctxt", "msgid", "msgid_plural"):
            setattr(current, keyword, value)
            target = (keyword, None)
        elif keyword == "msgstr":
            current.msgstr[0] = value
            target = ("msgstr", 0)
        elif match := re.fullmatch(r"msgstr\[(\d+)\]", keyword):
            index = int(match.group(1))
            current.msgstr[index] = value
            target = ("msgstr", index)
        else:
            raise ValueError(f"{where}: unknown keyword {keyword!r}")
    finish()
    return entries


def _header_fields(text: str) -> dict[str, str]:
    fields = (line.split(":", 1) for line in text.splitlines() if ":" in line)
    return {name.strip(): value.strip() for name, value in fields}


def _header(entries: list[Entry]) -> tuple[Entry, dict[str, str]]:
    header = next(e for e in entries if e.is_header)
    return header, _header_fields(header.msgstr[0])


def _expected_catalog(entries: list[Entry]) -> dict:
    """What GNUTranslations should read from a .mo compiled from these entries."""
    catalog: dict = {}
    for entry in entries:
        if "fuzzy" in entry.flags and not entry.is_header:
            continue  # msgfmt leaves fuzzy entries out
        if entry.msgid_plural is None:
            if entry.msgstr[0]:
                catalog[entry.key] = entry.msgstr[0]
        elif all(entry.msgstr.values()):
            for index, text in entry.msgstr.items():
                catalog[(entry.key, index)] = text
    return catalog


def _mo_catalog(path: Path) -> dict:
    with path.open("rb") as handle:
        return dict(gnu_gettext.GNUTranslations(handle)._catalog)


@pytest.fixture(scope="module", params=PO_FILES, ids=lambda p: str(p.relative_to(BASE_DIR)))
def po_file(request) -> Path:
    return request.param


@pytest.fixture(scope="module")
def entries(po_file) -> list[Entry]:
    return parse_po(po_file)


def test_the_project_catalogue_is_among_those_checked():
    assert PROJECT_PO in PO_FILES


@pytest.fixture(autouse=True)
def _no_language_left_active():
    translation.deactivate()
    yield
    translation.deactivate()


def test_header_is_vietnamese_with_one_plural_form(entries):
    header, fields = _header(entries)
    assert "fuzzy" not in header.flags
    assert fields["Language"] == "vi"
    assert fields["Plural-Forms"] == "nplurals=1; plural=0;"
    assert fields["Content-Type"].lower() == "text/plain; charset=utf-8"


def test_every_message_is_translated_and_none_is_fuzzy(entries, po_file):
    messages = [e for e in entries if not e.is_header]
    assert len(messages) > (100 if po_file == PROJECT_PO else 0), "the parser found too few messages"
    untranslated = [e.msgid for e in messages if not e.msgstr or not all(e.msgstr.values())]
    fuzzy = [e.msgid for e in messages if "fuzzy" in e.flags]
    assert untranslated == []
    assert fuzzy == []


def test_plural_messages_have_exactly_one_form(entries):
    wrong = [e.msgid for e in entries if e.msgid_plural is not None and set(e.msgstr) != {0}]
    assert wrong == []


def test_translations_keep_placeholders_and_are_nfc(entries):
    for entry in entries:
        if entry.is_header:
            continue
        for text in entry.msgstr.values():
            assert unicodedata.normalize("NFC", text) == text, entry.msgid
            if "python-format" in entry.flags:
                sources = [entry.msgid] + ([entry.msgid_plural] if entry.msgid_plural else [])
                wanted = {p for source in sources for p in PLACEHOLDER.findall(source)}
                assert set(PLACEHOLDER.findall(text)) == wanted, (entry.msgid, text)


def test_compiled_catalog_matches_the_po_file(entries, po_file, tmp_path):
    mo_file = po_file.with_suffix(".mo")
    assert mo_file.exists(), "run: manage.py compilemessages -l vi --ignore=.venv"
    compiled = _mo_catalog(mo_file)
    stale = "django.mo is out of date; run: manage.py compilemessages -l vi --ignore=.venv"
    expected = _expected_catalog(entries)
    # msgfmt copies the header but drops POT-Creation-Date from it: compare the header field by field.
    mo_header, po_header = compiled.pop(""), expected.pop("")
    assert _header_fields(mo_header) == {
        k: v for k, v in _header_fields(po_header).items() if k != "POT-Creation-Date"
    }, stale
    assert compiled == expected, stale
    compiled[""] = mo_header

    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        return  # the check against GNU msgfmt's own reading needs gettext installed
    fresh = tmp_path / "django.mo"
    subprocess.run([msgfmt, "--check", "-o", str(fresh), str(po_file)], check=True, capture_output=True)
    assert compiled == _mo_catalog(fresh), stale


def test_vietnamese_is_what_django_serves():
    with translation.override("vi"):
        assert translation.gettext("Log in") == "Đăng nhập"
        assert translation.gettext("Log out") == "Đăng xuất"
        assert translation.gettext("Reporting periods") == "Kỳ báo cáo"
