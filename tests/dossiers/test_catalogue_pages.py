"""The catalogue pages: the decisions of a period and how many announced procedures, the procedure
list and its filters, the import page's preview and confirmation, who may open what, and query
counts that do not grow with the data."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
import time_machine
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from agencies.demo import seed_agencies
from agencies.models import AgencyKind, Role
from dossiers.demo_catalogue import seed_catalogue
from dossiers.models import Decision, DecisionAction, DecisionItem, Field, Procedure
from tests.dossiers.test_catalogue_import import GOOD, catalogue_sheets, write_workbook
from tests.factories import AgencyFactory, UserFactory

ROLES = [Role.STAFF, Role.HEAD, Role.SECRETARIAT, Role.COMMITTEE, Role.ADMIN]
WINDOWS = ["decree09", "calendar"]


@pytest.fixture(autouse=True)
def _no_language_left_active():
    # The locale middleware activates the request's language for the thread; don't let it leak.
    yield
    translation.deactivate()


@pytest.fixture
def demo(db):
    units = seed_agencies()
    seed_catalogue({"units": units})
    return units


@pytest.fixture
def people(db):
    unit = AgencyFactory(code="HG-STP", name="Sở Tư pháp")
    return {role: UserFactory(role=role, agency=unit, username=f"u_{role}") for role in ROLES}


def summary(html: str) -> dict[str, str]:
    """The data attributes of the period's heading."""
    tag = re.search(r'<h2[^>]*data-testid="decision-summary"[^>]*>', html).group(0)
    return dict(re.findall(r'data-([a-z]+)="([^"]*)"', tag))


def heading_text(html: str) -> str:
    match = re.search(r'data-testid="decision-summary"[^>]*>(.*?)</h2>', html, re.S)
    return " ".join(match.group(1).split())


def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


# --- Decisions of a period ----------------------------------------------------------------------


@pytest.mark.parametrize("windows", WINDOWS)
def test_the_first_half_of_2019_has_the_28_announcing_decisions_of_the_meeting(client, demo, people, settings, windows):
    settings.PERIOD_WINDOWS = windows
    client.force_login(people[Role.STAFF])
    english(client)
    for asked in ("2019-H1", "6 tháng đầu năm 2019", "6 thang dau nam 2019"):
        response = client.get(reverse("dossiers:decision-list"), {"period": asked})
        assert response.status_code == 200
        html = response.content.decode()
        data = summary(html)
        assert (data["period"], data["announcing"], data["total"]) == ("2019-H1", "28", "28"), asked
        start, end = ("15/12/2018", "14/06/2019") if windows == "decree09" else ("01/01/2019", "30/06/2019")
        assert heading_text(html) == f"From {start} to {end}: 28 decisions announcing administrative procedures"
        assert html.count("<tr data-number=") == 28


@pytest.mark.parametrize("windows", WINDOWS)
def test_the_year_2019_adds_the_second_half_and_leaves_2018_out(client, demo, people, settings, windows):
    settings.PERIOD_WINDOWS = windows
    client.force_login(people[Role.COMMITTEE])
    html = client.get(reverse("dossiers:decision-list"), {"period": "2019"}).content.decode()
    data = summary(html)
    assert (data["announcing"], data["total"]) == ("30", "31")
    assert "486/QĐ-UBND" not in html  # 20/03/2018
    assert 'data-number="2235/QĐ-UBND" data-add="0" data-change="0" data-remove="2"' in html

    html = client.get(reverse("dossiers:decision-list"), {"period": "2018"}).content.decode()
    assert (summary(html)["announcing"], summary(html)["total"]) == ("2", "2")


def test_each_decision_shows_how_many_procedures_it_announces_amends_and_abolishes(client, demo, people):
    client.force_login(people[Role.HEAD])
    html = client.get(reverse("dossiers:decision-list"), {"period": "Quý I/2019"}).content.decode()
    # 297/QĐ-UBND (25/02/2019): Luật sư (3) and Trợ giúp pháp lý (3), and abolishes a Chứng thực procedure.
    assert 'data-number="297/QĐ-UBND" data-add="6" data-change="0" data-remove="1"' in html
    # Only the decisions that abolish something.
    html = client.get(reverse("dossiers:decision-list"), {"period": "2019", "action": "remove"}).content.decode()
    assert re.findall(r'data-number="([^"]+)"', html) == ["2235/QĐ-UBND", "297/QĐ-UBND"]
    assert summary(html)["announcing"] == "30"  # the heading is about the period, whatever the filter


def test_the_default_period_is_the_current_year(client, demo, people):
    client.force_login(people[Role.STAFF])
    with time_machine.travel(dt.datetime(2019, 7, 1, 9, 0), tick=False):
        html = client.get(reverse("dossiers:decision-list")).content.decode()
    assert summary(html)["period"] == "2019"
    assert summary(html)["announcing"] == "30"


def test_a_period_that_cannot_be_read_is_refused_with_the_reason(client, demo, people):
    client.force_login(people[Role.STAFF])
    response = client.get(reverse("dossiers:decision-list"), {"period": "nửa sau 2019"})
    assert response.status_code == 400
    assert "nửa sau 2019" in response.content.decode()
    assert 'data-testid="decision-summary"' not in response.content.decode()


# --- Procedures ---------------------------------------------------------------------------------


def test_procedures_are_filtered_by_field_level_unit_online_service_search_and_status(client, demo, people):
    client.force_login(people[Role.STAFF])
    url = reverse("dossiers:procedure-list")

    def codes(**params) -> set[str]:
        html = client.get(url, params).content.decode()
        return set(re.findall(r'<tr[^>]*data-code="([^"]+)"', html))

    every = codes()
    assert len(every) == 50  # the first page
    ho_tich = set(Procedure.objects.filter(field__code="ho-tich").values_list("code", flat=True))
    assert codes(field="ho-tich") == ho_tich
    assert codes(field="ho-tich", level="district") == set(
        Procedure.objects.filter(field__code="ho-tich", level="district").values_list("code", flat=True)
    )
    # What Sở Tư pháp handles: the province-level procedures naming it.
    assert codes(unit="HG-STP") == set(Procedure.objects.filter(agency__code="HG-STP").values_list("code", flat=True))
    # What a district handles: the district-level procedures of the fields it handles.
    district = codes(unit="HG-DV")
    assert district and all(
        p.level == "district" and p.agency_id is None for p in Procedure.objects.filter(code__in=district)
    )
    assert codes(online_service="full", field="doanh-nghiep") == set(
        Procedure.objects.filter(field__code="doanh-nghiep", online_service="full").values_list("code", flat=True)
    )
    assert codes(q="Phiếu lý lịch tư pháp") == set(
        Procedure.objects.filter(field__code="ly-lich-tu-phap").values_list("code", flat=True)
    )
    assert codes(active="0") == set(Procedure.objects.filter(is_active=False).values_list("code", flat=True))
    assert len(codes(active="0")) == 3


def test_the_procedure_list_pages_by_50(client, demo, people):
    client.force_login(people[Role.STAFF])
    total = Procedure.objects.count()
    html = client.get(reverse("dossiers:procedure-list")).content.decode()
    assert f'data-count="{total}"' in html
    last = (total + 49) // 50
    html = client.get(reverse("dossiers:procedure-list"), {"page": last}).content.decode()
    assert html.count("<tr data-code=") + html.count('<tr class="text-body-secondary" data-code=') == total - 50 * (
        last - 1
    )


# --- Who may open what --------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_everyone_logged_in_reads_the_catalogue_and_the_decisions(client, people, role):
    client.force_login(people[role])
    assert client.get(reverse("dossiers:procedure-list")).status_code == 200
    assert client.get(reverse("dossiers:decision-list")).status_code == 200
    has_link = reverse("dossiers:catalogue-import") in client.get(reverse("dossiers:procedure-list")).content.decode()
    assert has_link is (role == Role.ADMIN)


def test_anonymous_visitors_are_sent_to_log_in(client, db):
    for name in ("dossiers:procedure-list", "dossiers:decision-list", "dossiers:catalogue-import"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("role", ROLES)
def test_the_import_page_is_for_administrators_only(client, people, role, tmp_path, settings):
    """Manage reference data: the administrator only (agencies.rules, ADMIN_MANAGE)."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    allowed = role == Role.ADMIN
    client.force_login(people[role])
    url = reverse("dossiers:catalogue-import")
    for params in ({}, {"download": "template"}, {"download": "catalogue"}):
        assert client.get(url, params).status_code == (200 if allowed else 403), params
    with open(write_workbook(tmp_path / "good.xlsx", catalogue_sheets(fields=[["HT", "Hộ tịch", 1]])), "rb") as f:
        response = client.post(url, {"workbook": f})
    assert response.status_code == (200 if allowed else 403)
    assert not Field.objects.exists()  # a preview saves nothing
    response = client.post(url, {"token": "x" * 32})
    assert response.status_code == (302 if allowed else 403)
    assert not Field.objects.exists()


# --- Import over HTTP ---------------------------------------------------------------------------


def test_upload_preview_then_confirm(client, people, tmp_path, settings):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    AgencyFactory(code="HG-STNMT", name="Sở Tài nguyên và Môi trường")
    client.force_login(people[Role.ADMIN])
    url = reverse("dossiers:catalogue-import")
    with open(write_workbook(tmp_path / "good.xlsx", GOOD), "rb") as f:
        response = client.post(url, {"workbook": f})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-sheet-key="procedures" data-created="4" data-updated="0" data-unchanged="0"' in html
    assert not Procedure.objects.exists()
    token = re.search(r'name="token" value="([^"]+)"', html).group(1)
    stored = list((tmp_path / "private" / "imports").glob("catalogue-*.xlsx"))
    assert [p.name for p in stored] == [f"catalogue-{token}.xlsx"]

    response = client.post(url, {"token": token})
    assert response.status_code == 302 and response["Location"] == reverse("dossiers:procedure-list")
    assert Procedure.objects.count() == 4 and Decision.objects.count() == 3
    assert not list((tmp_path / "private" / "imports").glob("*.xlsx"))  # the upload is gone
    # The same token cannot be used twice.
    response = client.post(url, {"token": token})
    assert response.status_code == 302 and response["Location"] == url


def test_an_upload_with_errors_lists_them_and_offers_no_confirmation(client, people, tmp_path, settings):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    client.force_login(people[Role.ADMIN])
    sheets = catalogue_sheets(
        fields=[["HT", "Hộ tịch", 1]],
        procedures=[["1.000001", "Thủ tục", "LV99", "tỉnh", None, 1, "không"]],
    )
    with open(write_workbook(tmp_path / "bad.xlsx", sheets), "rb") as f:
        response = client.post(reverse("dossiers:catalogue-import"), {"workbook": f})
    assert response.status_code == 400
    html = response.content.decode()
    assert '<tr data-sheet="Thủ tục" data-row="2" data-column="C">' in html
    assert "LV99" in html
    assert 'name="token"' not in html
    assert not list((tmp_path / "private" / "imports").glob("*.xlsx"))
    assert not Field.objects.exists()


def test_a_file_that_is_not_xlsx_is_refused(client, people, tmp_path, settings):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    client.force_login(people[Role.ADMIN])
    upload = io.BytesIO(b"code,name\n")
    upload.name = "catalogue.csv"
    response = client.post(reverse("dossiers:catalogue-import"), {"workbook": upload})
    assert response.status_code == 400


def test_the_template_downloads_as_a_workbook(client, people):
    client.force_login(people[Role.ADMIN])
    response = client.get(reverse("dossiers:catalogue-import"), {"download": "template"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "Thủ tục" in load_workbook(io.BytesIO(response.content)).sheetnames


# --- Query counts -------------------------------------------------------------------------------


def _grow(n: int) -> None:
    """n more fields, each with 3 procedures, and n decisions with 3 items each (all in 2019)."""
    start = Field.objects.count()
    unit = AgencyFactory(code="HG-SYT", name="Sở Y tế", kind=AgencyKind.DEPARTMENT)
    for i in range(start, start + n):
        field = Field.objects.create(code=f"LV{i:04d}", name=f"Lĩnh vực {i}", sort_order=i)
        procedures = [
            Procedure.objects.create(
                code=f"1.{i:04d}{k}", name=f"Thủ tục {i}.{k}", field=field, level="province", agency=unit
            )
            for k in range(3)
        ]
        decision = Decision.objects.create(
            number=f"{i}/QĐ-UBND", date=dt.date(2019, 1, 1) + dt.timedelta(days=i % 160), signer="Nguyễn Văn Sơn"
        )
        for k, procedure in enumerate(procedures):
            action = [DecisionAction.ADD, DecisionAction.CHANGE, DecisionAction.REMOVE][k]
            DecisionItem.objects.create(decision=decision, procedure=procedure, action=action)


def _queries(client, url: str, params: dict) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, params).status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("dossiers:decision-list", {"period": "2019"}),
        ("dossiers:decision-list", {"period": "2019", "action": "add"}),
        ("dossiers:procedure-list", {}),
        ("dossiers:procedure-list", {"unit": "HG-SYT", "q": "Thủ tục"}),
    ],
)
def test_the_lists_keep_the_same_number_of_queries_when_the_catalogue_grows_tenfold(
    client, people, django_assert_max_num_queries, name, params
):
    client.force_login(people[Role.SECRETARIAT])
    url = reverse(name)
    _grow(5)
    small = _queries(client, url, params)
    _grow(45)
    assert Decision.objects.count() == 50 and Procedure.objects.count() == 150
    with django_assert_max_num_queries(small):
        html = client.get(url, params).content.decode()
    assert "data-number=" in html or "data-code=" in html


@pytest.mark.parametrize("role", ROLES)
def test_the_catalogue_admin_pages_are_for_administrators(client, demo, people, role):
    client.force_login(people[role])
    decision = Decision.objects.get(number="297/QĐ-UBND")
    procedure = Procedure.objects.filter(field__code="ho-tich").first()
    for url in (
        reverse("admin:dossiers_field_changelist"),
        reverse("admin:dossiers_field_change", args=[procedure.field_id]),
        reverse("admin:dossiers_procedure_changelist"),
        reverse("admin:dossiers_procedure_change", args=[procedure.pk]),
        reverse("admin:dossiers_decision_changelist"),
        reverse("admin:dossiers_decision_change", args=[decision.pk]),
    ):
        response = client.get(url)
        assert response.status_code == (200 if role == Role.ADMIN else 302), url
