"""What a Vietnamese reader sees on the catalogue pages, word for word: the answer to "how many
announcing decisions did the province issue in the first half of 2019?" and an import error.

These read the Vietnamese catalogue (locale/vi): they pass once the catalogue msgids below are
translated as written here (English msgid in the comment)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import translation

from agencies.demo import seed_agencies
from agencies.models import Role
from dossiers.catalogue import catalogue_import
from dossiers.demo_catalogue import seed_catalogue
from tests.dossiers.test_catalogue_import import catalogue_sheets, write_workbook
from tests.factories import AgencyFactory

# "From %(start)s to %(end)s: %(counter)s decision(s) announcing administrative procedures"
VI_HEADING = "Từ {start} đến {end}: {count} quyết định công bố thủ tục hành chính"
# 'Sheet "%(sheet)s", row %(row)s, column %(column)s: %(message)s' and 'there is no field with code "%(code)s".'
VI_UNKNOWN_FIELD = 'Sheet "Thủ tục", dòng {row}, cột C: không có lĩnh vực mã "LV99".'


@pytest.fixture(autouse=True)
def _no_language_left_active():
    yield
    translation.deactivate()


@pytest.mark.parametrize(
    ("windows", "start", "end"),
    [("decree09", "15/12/2018", "14/06/2019"), ("calendar", "01/01/2019", "30/06/2019")],
)
def test_the_decisions_page_answers_in_vietnamese(client, settings, make_user, windows, start, end):
    settings.PERIOD_WINDOWS = windows
    seed_catalogue({"units": seed_agencies()})
    client.force_login(make_user(Role.STAFF, AgencyFactory(code="HG-STP")))

    html = client.get(reverse("dossiers:decision-list"), {"period": "6 tháng đầu năm 2019"}).content.decode()

    heading = re.search(r'data-testid="decision-summary"[^>]*>(.*?)</h2>', html, re.S).group(1)
    assert " ".join(heading.split()) == VI_HEADING.format(start=start, end=end, count=28)


def test_an_import_error_reads_in_vietnamese(tmp_path, make_user):
    admin = make_user(Role.ADMIN, AgencyFactory(code="HG-STTTT"))
    sheets = catalogue_sheets(
        fields=[["HT", "Hộ tịch", 1]],
        procedures=[
            ["1.000001", "Thủ tục đúng", "HT", "tỉnh", None, 5, "không"],
            ["1.000002", "Thủ tục sai", "LV99", "tỉnh", None, 5, "không"],
        ],
    )
    with translation.override("vi"):
        result = catalogue_import(workbook_path_or_file=write_workbook(tmp_path / "bad.xlsx", sheets), by=admin)
        assert [str(e) for e in result.errors] == [VI_UNKNOWN_FIELD.format(row=3)]
