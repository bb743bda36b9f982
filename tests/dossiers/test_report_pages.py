"""The report pages over HTTP: the grid keeps what was typed, and the permission matrix."""

import pytest
from django.urls import reverse

from dossiers import services
from dossiers.models import DossierReport, DossierRow, ReportStatus
from tests.dossiers.conftest import row_values

ROLES = ["staff", "head", "secretariat", "committee", "admin"]


def grid_post(report_or_rows, version, **overrides):
    data = {"version": str(version)}
    for fid in report_or_rows:
        for key, value in row_values(**overrides).items():
            data[f"f{fid}-{key}"] = str(value)
    return data


@pytest.fixture
def field_ids(unit):
    return list(unit.field_links.values_list("field_id", flat=True))


def edit_url(agency, period="2019-Q3"):
    return reverse("dossiers:report-edit", args=[agency.code, period])


def test_staff_enter_a_report_in_the_grid(client, unit, people, q3, field_ids):
    client.force_login(people["staff"])
    page = client.get(edit_url(unit))
    assert page.status_code == 200 and page.context["can_edit"]
    response = client.post(edit_url(unit), grid_post(field_ids, 0))
    assert response.status_code == 302
    report = DossierReport.objects.get(agency=unit, period="2019-Q3")
    assert report.status == ReportStatus.DRAFT
    assert sum(r.received_total for r in report.rows.all()) == 2 * 105


def test_a_failed_save_keeps_every_typed_value_and_marks_the_cell(client, unit, people, q3, field_ids):
    client.force_login(people["staff"])
    data = grid_post(field_ids, 0)
    data[f"f{field_ids[0]}-received_online"] = "abc"
    data[f"f{field_ids[1]}-pending_overdue"] = "7"  # breaks (3) = (7) + (11) on the second row
    response = client.post(edit_url(unit), data)
    assert response.status_code == 400
    body = response.content.decode()
    assert 'value="abc"' in body and 'value="7"' in body  # nothing the person typed is lost
    assert body.count("is-invalid") == 2
    assert len(response.context["grid"][1]["cells"][6]["issues"]) == 1  # the identity, by (12) of row 2
    assert not DossierRow.objects.filter(received_online__gt=0).exists()


def test_two_people_editing_the_same_report(client, unit, people, q3, field_ids):
    report = services.report_get_or_create(agency=unit, period="2019-Q3", by=people["staff"])
    version = report.version
    client.force_login(people["staff"])
    assert client.post(edit_url(unit), grid_post(field_ids, version)).status_code == 302
    client.force_login(people["head"])
    response = client.post(edit_url(unit), grid_post(field_ids, version, received_offline=91, resolved_on_time=31))
    assert response.status_code == 409
    assert 'value="91"' in response.content.decode()
    assert set(DossierRow.objects.filter(report=report).values_list("received_offline", flat=True)) == {90}


def test_a_locked_report_says_why(client, unit, people, q3, field_ids):
    report = services.report_get_or_create(agency=unit, period="2019-Q3", by=people["staff"])
    services.report_save(
        report_id=report.pk,
        values={f: row_values() for f in field_ids},
        expected_version=report.version,
        by=people["staff"],
    )
    services.report_submit(report_id=report.pk, by=people["head"])
    client.force_login(people["staff"])
    page = client.get(edit_url(unit))
    assert not page.context["can_edit"] and page.context["lock_reason"]
    assert 'data-testid="lock-reason"' in page.content.decode()
    assert 'name="f' not in page.content.decode()  # no inputs


def _report(unit, people, field_ids, status):
    report = services.report_get_or_create(agency=unit, period="2019-Q3", by=people["staff"])
    services.report_save(
        report_id=report.pk,
        values={f: row_values() for f in field_ids},
        expected_version=report.version,
        by=people["staff"],
    )
    DossierReport.objects.filter(pk=report.pk).update(status=status)
    return DossierReport.objects.get(pk=report.pk)


# --- The permission matrix, dossier actions -------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_seeing_a_draft_own_unit_and_other(client, unit, other_unit, people, q3, field_ids, role):
    """A unit's draft: its own staff and head, and the standing office. Nobody else sees its figures."""
    _report(unit, people, field_ids, ReportStatus.DRAFT)
    client.force_login(people[role])
    response = client.get(edit_url(unit))
    sees_figures = role in ("staff", "head", "secretariat")
    if role in ("committee", "admin"):
        assert response.status_code == 200 and response.context["report"] is None  # "not submitted yet"
    else:
        assert response.status_code == 200
    assert ('value="90"' in response.content.decode() or ">90<" in response.content.decode()) is sees_figures
    # Staff and head of another unit: 403.
    from tests.factories import UserFactory

    outsider = UserFactory(role=role, agency=other_unit)
    client.force_login(outsider)
    expected = 403 if role in ("staff", "head") else 200
    assert client.get(edit_url(unit)).status_code == expected


@pytest.mark.parametrize("role", ROLES)
def test_seeing_a_submitted_report(client, unit, people, q3, field_ids, role):
    _report(unit, people, field_ids, ReportStatus.SUBMITTED)
    client.force_login(people[role])
    response = client.get(edit_url(unit))
    assert response.status_code == 200 and response.context["report"] is not None


@pytest.mark.parametrize("role", ROLES)
def test_entering_figures(client, unit, people, q3, field_ids, role):
    client.force_login(people[role])
    response = client.post(edit_url(unit), grid_post(field_ids, 0))
    allowed = role in ("staff", "head")
    assert response.status_code == (302 if allowed else 403)
    assert DossierReport.objects.filter(agency=unit).exists() is allowed


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("action", "from_status", "to_status", "allowed_role"),
    [
        ("submit", ReportStatus.DRAFT, ReportStatus.SUBMITTED, {"head"}),
        ("approve", ReportStatus.SUBMITTED, ReportStatus.APPROVED, {"secretariat"}),
        ("return", ReportStatus.SUBMITTED, ReportStatus.RETURNED, {"secretariat"}),
        ("reopen", ReportStatus.APPROVED, ReportStatus.RETURNED, {"secretariat"}),
    ],
)
def test_moving_a_report_along(client, unit, people, q3, field_ids, role, action, from_status, to_status, allowed_role):
    report = _report(unit, people, field_ids, from_status)
    client.force_login(people[role])
    client.post(reverse("dossiers:report-transition", args=[report.pk, action]), {"comment": "Lý do"})
    report.refresh_from_db()
    assert report.status == (to_status if role in allowed_role else from_status)


@pytest.mark.parametrize("role", ROLES)
def test_exporting_a_report(client, unit, other_unit, people, q3, field_ids, role):
    report = _report(unit, people, field_ids, ReportStatus.APPROVED)
    client.force_login(people[role])
    response = client.get(reverse("dossiers:report-export", args=[report.pk]))
    assert response.status_code == 200  # own unit (staff, head) or every unit (the others)
    from tests.factories import UserFactory

    client.force_login(UserFactory(role=role, agency=other_unit))
    response = client.get(reverse("dossiers:report-export", args=[report.pk]))
    assert response.status_code == (403 if role in ("staff", "head") else 200)


@pytest.mark.parametrize("role", ROLES)
def test_province_consolidation_and_its_workbook(client, people, role):
    client.force_login(people[role])
    allowed = role in ("secretariat", "committee", "admin")
    assert client.get(reverse("dossiers:consolidation")).status_code == (200 if allowed else 403)
    assert client.get(reverse("dossiers:consolidation-export")).status_code == (200 if allowed else 403)


@pytest.mark.parametrize("role", ROLES)
def test_report_list_shows_what_the_role_follows(client, unit, people, q3, role):
    client.force_login(people[role])
    response = client.get(reverse("dossiers:report-list"))
    assert response.status_code == 200
    assert (response.context["inbox"] is not None) is (role in ("staff", "head"))
    assert (response.context["completeness"] is not None) is (role in ("secretariat", "committee", "admin"))


@pytest.mark.parametrize("role", ROLES)
def test_import_page(client, unit, people, q3, role):
    client.force_login(people[role])
    response = client.get(reverse("dossiers:report-import", args=[unit.code, "2019-Q3"]))
    assert response.status_code == (200 if role in ("staff", "head") else 403)


def test_figures_are_kept_whatever_the_size_of_the_ids(client, unit, people, q3):
    """Ids and versions are written unlocalised: field 1234 must not become "f1.234-..." in the form."""
    from dossiers.models import Field
    from tests.factories import link_fields

    big = Field.objects.create(pk=1234, code="BIG", name="Công chứng", sort_order=99)
    link_fields(unit, big)
    client.force_login(people["staff"])
    page = client.get(edit_url(unit)).content.decode()
    assert 'name="f1234-received_online"' in page
    ids = list(unit.field_links.values_list("field_id", flat=True))
    assert client.post(edit_url(unit), grid_post(ids, 0)).status_code == 302
    assert DossierRow.objects.get(field=big).received_online == 10
    report = DossierReport.objects.get(agency=unit)
    DossierReport.objects.filter(pk=report.pk).update(version=1000)
    page = client.get(edit_url(unit)).content.decode()
    assert 'name="version" value="1000"' in page
