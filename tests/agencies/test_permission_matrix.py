"""The permission matrix of the foundation issue, walked over HTTP for every view that exists.

Each later feature adds its own rows here (one case per action), so the matrix stays the one
place that says who may do what."""

from __future__ import annotations

import pytest
from django.urls import reverse

from agencies.models import AgencyKind, Role
from agencies.rules import Action, can
from periods.models import ReportingPeriod
from tests.factories import AgencyFactory, UserFactory

ROLES = [Role.STAFF, Role.HEAD, Role.SECRETARIAT, Role.COMMITTEE, Role.ADMIN]

# The issue's table, written out independently of agencies.rules:
# for each action, what each role may do on its own unit and on another unit.
Y, N = True, False
EXPECTED: dict[Action, dict[Role, tuple[bool, bool]]] = {
    #                      staff     head      secretariat committee  admin    (own, other)
    Action.VIEW_OWN: dict(zip(ROLES, [(Y, N), (Y, N), (Y, Y), (N, N), (N, N)], strict=True)),
    Action.VIEW_SHARED: dict(zip(ROLES, [(N, N), (N, N), (Y, Y), (Y, Y), (Y, Y)], strict=True)),
    Action.REPORT_EDIT: dict(zip(ROLES, [(Y, N), (Y, N), (N, N), (N, N), (N, N)], strict=True)),
    Action.REPORT_SUBMIT: dict(zip(ROLES, [(N, N), (Y, N), (N, N), (N, N), (N, N)], strict=True)),
    Action.REPORT_REVIEW: dict(zip(ROLES, [(N, N), (N, N), (Y, Y), (N, N), (N, N)], strict=True)),
    Action.PERIOD_MANAGE: dict(zip(ROLES, [(N, N), (N, N), (Y, Y), (N, N), (N, N)], strict=True)),
    Action.MEETING_MANAGE: dict(zip(ROLES, [(N, N), (N, N), (Y, Y), (N, N), (N, N)], strict=True)),
    Action.TASK_REPORT: dict(zip(ROLES, [(Y, N), (Y, N), (N, N), (N, N), (N, N)], strict=True)),
    Action.SELF_ASSESS_DRAFT: dict(zip(ROLES, [(Y, N), (Y, N), (N, N), (N, N), (N, N)], strict=True)),
    Action.SELF_ASSESS_SUBMIT: dict(zip(ROLES, [(N, N), (Y, N), (N, N), (N, N), (N, N)], strict=True)),
    Action.SCORES_MANAGE: dict(zip(ROLES, [(N, N), (N, N), (Y, Y), (N, N), (N, N)], strict=True)),
    Action.INDEX_IMPORT: dict(zip(ROLES, [(N, N), (N, N), (Y, Y), (N, N), (Y, Y)], strict=True)),
    Action.EXPORT: dict(zip(ROLES, [(Y, N), (Y, N), (Y, Y), (Y, Y), (Y, Y)], strict=True)),
    Action.ADMIN_MANAGE: dict(zip(ROLES, [(N, N), (N, N), (N, N), (N, N), (Y, Y)], strict=True)),
}


@pytest.fixture
def units(db):
    province = AgencyFactory(code="P", name="UBND tỉnh", kind=AgencyKind.PROVINCE)
    own = AgencyFactory(code="OWN", name="Sở Tư pháp thử", parent=province)
    other = AgencyFactory(code="OTHER", name="Sở Y tế thử", parent=province)
    return own, other


@pytest.fixture
def people(units):
    own, _other = units
    return {role: UserFactory(role=role, agency=own, username=f"u_{role}") for role in ROLES}


def test_rules_follow_the_issue_table_for_every_action(people, units):
    own, other = units
    assert set(EXPECTED) == set(Action), "every action of agencies.rules is in the table"
    for action, by_role in EXPECTED.items():
        for role, (on_own, on_other) in by_role.items():
            user = people[role]
            assert can(user, action, own) is on_own, (action, role, "own")
            assert can(user, action, other) is on_other, (action, role, "other")


def test_inactive_and_anonymous_people_may_do_nothing(people, units):
    from django.contrib.auth.models import AnonymousUser

    own, _ = units
    secretariat = people[Role.SECRETARIAT]
    secretariat.is_active = False
    secretariat.save()
    for action in Action:
        assert not can(AnonymousUser(), action, own)
        assert not can(secretariat, action, own)


# --- Over HTTP -----------------------------------------------------------------------------


def _status(client, user, method: str, url: str, data=None) -> int:
    client.force_login(user)
    response = client.post(url, data or {}) if method == "POST" else client.get(url)
    client.logout()
    return response.status_code


@pytest.mark.parametrize("role", ROLES)
def test_unit_page_own_and_other(client, people, units, role):
    """See own unit's data (staff, head, secretariat) / other units' shared data (secretariat,
    committee, admin)."""
    own, other = units
    user = people[role]
    expected_own, expected_other = {
        Role.STAFF: (200, 403),
        Role.HEAD: (200, 403),
        Role.SECRETARIAT: (200, 200),
        Role.COMMITTEE: (200, 200),
        Role.ADMIN: (200, 200),
    }[role]
    assert _status(client, user, "GET", reverse("agencies:agency-detail", args=[own.code])) == expected_own
    assert _status(client, user, "GET", reverse("agencies:agency-detail", args=[other.code])) == expected_other


@pytest.mark.parametrize("role", ROLES)
def test_unit_list_shows_only_what_the_role_may_see(client, people, units, role):
    own, other = units
    client.force_login(people[role])
    body = client.get(reverse("agencies:agency-list")).content.decode()
    assert own.name in body
    assert (other.name in body) is (role not in (Role.STAFF, Role.HEAD))


@pytest.mark.parametrize("role", ROLES)
def test_people_of_a_unit_are_listed_only_for_own_unit_or_secretariat(client, people, units, role):
    own, other = units
    colleague = UserFactory(role=Role.STAFF, agency=other, first_name="Đồng", last_name="Nghiệp Khác")
    client.force_login(people[role])
    response = client.get(reverse("agencies:agency-detail", args=[other.code]))
    if response.status_code == 200:
        assert (colleague.get_full_name() in response.content.decode()) is (role == Role.SECRETARIAT)


@pytest.mark.parametrize("role", ROLES)
def test_open_and_close_periods(client, people, role):
    """Approve, return, reopen reports; open and close periods: the secretariat only."""
    user = people[role]
    allowed = role == Role.SECRETARIAT
    status = _status(client, user, "POST", reverse("periods:period-open"), {"period": "2019-Q3"})
    assert status == (302 if allowed else 403)
    assert ReportingPeriod.objects.filter(code="2019-Q3").exists() is allowed
    if allowed:
        status = _status(client, user, "POST", reverse("periods:period-close"), {"period": "Quý III/2019"})
        assert status == 302
        assert ReportingPeriod.objects.get(code="2019-Q3").status == "closed"
    else:
        # Everyone else cannot close it either, even once it is open.
        sec = people[Role.SECRETARIAT]
        assert _status(client, sec, "POST", reverse("periods:period-open"), {"period": "2019-Q3"}) == 302
        assert _status(client, user, "POST", reverse("periods:period-close"), {"period": "2019-Q3"}) == 403
        assert ReportingPeriod.objects.get(code="2019-Q3").status == "open"


@pytest.mark.parametrize("role", ROLES)
def test_period_list_is_readable_by_everyone_but_only_the_secretariat_gets_the_form(client, people, role):
    client.force_login(people[role])
    response = client.get(reverse("periods:period-list"))
    assert response.status_code == 200
    assert (reverse("periods:period-close") in response.content.decode()) is (role == Role.SECRETARIAT)


@pytest.mark.parametrize("role", ROLES)
def test_manage_users_units_and_reference_data(client, people, units, role):
    """Manage users, agencies and reference data: the administrator only."""
    own, _ = units
    user = people[role]
    allowed = role == Role.ADMIN
    client.force_login(user)
    for url in (
        reverse("admin:index"),
        reverse("admin:agencies_user_changelist"),
        reverse("admin:agencies_agency_change", args=[own.pk]),
    ):
        response = client.get(url)
        assert (response.status_code == 200) is allowed, url
        if not allowed:
            assert response.status_code == 302 and "/admin/login/" in response["Location"]
    response = client.post(
        reverse("admin:agencies_agency_add"),
        {"code": "NEW", "name": "Sở Mới", "kind": AgencyKind.DEPARTMENT, "sort_order": 0},
    )
    from agencies.models import Agency

    assert Agency.objects.filter(code="NEW").exists() is allowed


@pytest.mark.parametrize("role", ROLES)
def test_system_page_for_the_administrator_and_the_secretariat(client, people, role):
    allowed = role in (Role.ADMIN, Role.SECRETARIAT)
    assert _status(client, people[role], "GET", reverse("system-status")) == (200 if allowed else 403)
    assert _status(client, people[role], "POST", reverse("system-status")) == (302 if allowed else 403)


def test_anonymous_visitors_are_sent_to_the_login_page(client, units):
    own, _ = units
    for url in (
        reverse("dashboard:home"),
        reverse("agencies:agency-list"),
        reverse("agencies:agency-detail", args=[own.code]),
        reverse("periods:period-list"),
        reverse("system-status"),
    ):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login")), url
    response = client.post(reverse("periods:period-open"), {"period": "2019-Q3"})
    assert response.status_code == 302 and not ReportingPeriod.objects.exists()


@pytest.mark.parametrize("role", ROLES)
def test_menu_follows_the_role(client, people, role):
    client.force_login(people[role])
    body = client.get(reverse("dashboard:home")).content.decode()
    assert (reverse("admin:index") in body) is (role == Role.ADMIN)
    assert (reverse("system-status") in body) is (role in (Role.ADMIN, Role.SECRETARIAT))
