"""The report's life: entry, history, conflicts, locks and the approval workflow."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import translation

from dossiers import services
from dossiers.models import DossierReport, DossierRow, ReportEvent, ReportStatus, ValueChange
from periods.services import period_close
from tests.dossiers.conftest import row_values
from tests.factories import open_period


@pytest.fixture(autouse=True)
def vietnamese():
    with translation.override("vi"):
        yield


def _fields(report):
    return list(report.rows.values_list("field_id", flat=True))


def _fill(report, by, **overrides):
    values = {fid: row_values(**overrides) for fid in _fields(report)}
    return services.report_save(report_id=report.pk, values=values, expected_version=report.version, by=by)


@pytest.fixture
def draft(unit, people, q3):
    return services.report_get_or_create(agency=unit, period="2019-Q3", by=people["staff"])


def test_a_new_report_has_a_row_per_field_and_carries_over_the_previous_pending(unit, people, q3):
    q2 = open_period("2019-Q2", by=people["secretariat"])
    previous = services.report_get_or_create(agency=unit, period="2019-Q2", by=people["staff"])
    _fill(previous, people["staff"], pending_within=7, pending_overdue=3, resolved_early=60)
    assert q2.code == "2019-Q2"
    report = services.report_get_or_create(agency=unit, period="2019-Q3", by=people["staff"])
    rows = list(report.rows.select_related("field"))
    assert sorted(r.field.name for r in rows) == ["Hộ tịch", "Lý lịch tư pháp"]
    assert {r.carried_over for r in rows} == {10}  # (6) of Q3 = (11) of Q2
    assert all(r.received_total == r.resolved_total + r.pending_total for r in rows)


def test_saving_records_only_values_that_really_change(draft, people):
    report, warnings = _fill(draft, people["staff"])
    assert warnings == []
    changes = ValueChange.objects.filter(report=report)
    assert changes.count() > 0 and {c.by for c in changes} == {people["staff"]}
    before = changes.count()
    first_changes = list(changes.values_list("pk", flat=True))
    report, _ = _fill(report, people["head"])  # the very same figures again
    assert ValueChange.objects.filter(report=report).count() == before
    report, _ = _fill(report, people["head"], received_offline=91, resolved_on_time=31)
    new = ValueChange.objects.filter(report=report).exclude(pk__in=first_changes)
    assert {(c.column, c.old_value, c.new_value, c.by.username) for c in new} == {
        ("received_offline", 90, 91, "head"),
        ("resolved_on_time", 30, 31, "head"),
    }


def test_an_invalid_save_changes_nothing_and_lists_every_cell(draft, people):
    report, _ = _fill(draft, people["staff"])
    version = report.version
    fid_a, fid_b = _fields(report)
    with pytest.raises(services.ReportInvalid) as err:
        services.report_save(
            report_id=report.pk,
            values={fid_a: row_values(received_online=11), fid_b: row_values(returned=99)},
            expected_version=version,
            by=people["staff"],
        )
    assert {(i.row, i.column) for i in err.value.issues} == {(fid_a, "pending_within"), (fid_b, "withdrawn")}
    report.refresh_from_db()
    assert report.version == version
    assert set(DossierRow.objects.filter(report=report).values_list("received_online", flat=True)) == {10}


def test_the_second_of_two_editors_gets_a_conflict_not_a_silent_overwrite(draft, people):
    opened_by_staff = draft.version
    opened_by_head = draft.version
    services.report_save(
        report_id=draft.pk,
        values={f: row_values() for f in _fields(draft)},
        expected_version=opened_by_staff,
        by=people["staff"],
    )
    with pytest.raises(services.ReportConflict) as err:
        services.report_save(
            report_id=draft.pk,
            values={
                f: row_values(
                    received_offline=1,
                    resolved_on_time=0,
                    resolved_early=0,
                    resolved_late=0,
                    carried_over=0,
                    received_online=9,
                    pending_within=8,
                    pending_overdue=2,
                    returned=0,
                    awaiting_supplement=0,
                )
                for f in _fields(draft)
            },
            expected_version=opened_by_head,
            by=people["head"],
        )
    assert str(people["staff"]) in err.value.message
    assert set(DossierRow.objects.filter(report=draft).values_list("received_offline", flat=True)) == {90}


def test_a_closed_period_refuses_edits_and_says_so(draft, people):
    period_close(period="2019-Q3", by=people["secretariat"])
    with pytest.raises(services.ReportLocked) as err:
        _fill(draft, people["staff"])
    assert "Quý III/2019" in err.value.message and "khóa" in err.value.message


def test_a_period_never_opened_refuses_a_new_report(unit, people):
    with pytest.raises(services.ReportLocked) as err:
        services.report_get_or_create(agency=unit, period="2019-Q4", by=people["staff"])
    assert "Quý IV/2019" in err.value.message
    assert not DossierReport.objects.exists()


def test_the_full_workflow_with_returns_and_a_reopening(draft, people):
    report, _ = _fill(draft, people["staff"])
    with pytest.raises(PermissionDenied):
        services.report_submit(report_id=report.pk, by=people["staff"])  # staff enter, the head submits
    services.report_submit(report_id=report.pk, by=people["head"])
    with pytest.raises(services.ReportLocked) as err:
        _fill(DossierReport.objects.get(pk=report.pk), people["staff"])
    assert "chờ" in err.value.message  # submitted: waiting for approval
    with pytest.raises(services.ReportError):
        services.report_return(report_id=report.pk, by=people["secretariat"], comment="  ")
    services.report_return(report_id=report.pk, by=people["secretariat"], comment="Kiểm tra lại cột (13)")
    report = DossierReport.objects.get(pk=report.pk)
    assert report.status == ReportStatus.RETURNED
    report, _ = _fill(report, people["staff"], pending_within=9, pending_overdue=1)
    services.report_submit(report_id=report.pk, by=people["head"])
    services.report_approve(report_id=report.pk, by=people["secretariat"])
    report = DossierReport.objects.get(pk=report.pk)
    assert report.status == ReportStatus.APPROVED and report.approved_by == people["secretariat"]
    with pytest.raises(services.ReportLocked) as err:
        _fill(report, people["staff"])
    assert "phê duyệt" in err.value.message
    with pytest.raises(services.ReportError):
        services.report_reopen(report_id=report.pk, by=people["secretariat"], reason="")
    services.report_reopen(report_id=report.pk, by=people["secretariat"], reason="Sở báo cáo nhầm lĩnh vực")
    report = DossierReport.objects.get(pk=report.pk)
    assert report.status == ReportStatus.RETURNED and report.approved_at is None  # needs approving again
    _fill(report, people["staff"], pending_within=10, pending_overdue=0)
    kinds = list(ReportEvent.objects.filter(report=report).values_list("kind", flat=True))
    assert kinds == ["created", "saved", "submitted", "returned", "saved", "submitted", "approved", "reopened", "saved"]
    reopened = ReportEvent.objects.get(report=report, kind="reopened")
    assert reopened.comment == "Sở báo cáo nhầm lĩnh vực" and reopened.by == people["secretariat"]


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("staff", set()),
        ("head", {"submit"}),
        ("secretariat", {"approve", "return", "reopen"}),
        ("committee", set()),
        ("admin", set()),
    ],
)
def test_who_may_move_a_report_along(draft, people, role, allowed):
    user = people[role]
    report, _ = _fill(draft, people["staff"])
    actions = {
        "submit": lambda: services.report_submit(report_id=report.pk, by=user),
        "approve": lambda: services.report_approve(report_id=report.pk, by=user),
        "return": lambda: services.report_return(report_id=report.pk, by=user, comment="x"),
        "reopen": lambda: services.report_reopen(report_id=report.pk, by=user, reason="x"),
    }
    states = {
        "submit": ReportStatus.DRAFT,
        "approve": ReportStatus.SUBMITTED,
        "return": ReportStatus.SUBMITTED,
        "reopen": ReportStatus.APPROVED,
    }
    for action, call in actions.items():
        DossierReport.objects.filter(pk=report.pk).update(
            status=states[action], submitted_at=dt.datetime(2019, 9, 1, tzinfo=dt.UTC)
        )
        if action in allowed:
            call()
        else:
            with pytest.raises(PermissionDenied):
                call()


def test_another_units_staff_may_not_enter_figures(draft, people, other_unit):
    from tests.factories import UserFactory

    outsider = UserFactory(role="head", agency=other_unit)
    with pytest.raises(PermissionDenied):
        _fill(draft, outsider)
    with pytest.raises(PermissionDenied):
        services.report_get_or_create(agency=draft.agency, period="2019-Q4", by=outsider)
