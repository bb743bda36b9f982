"""Every rankings view over HTTP, for each of the five roles (the style of
tests/agencies/test_permission_matrix.py).

| What                                              | staff | head | secretariat | committee | admin |
|---------------------------------------------------|-------|------|-------------|-----------|-------|
| see rankings: overview, history, peers, a year,   |  403  | 403  |     200     |    200    |  200  |
|   targets                  (Action.VIEW_SHARED)   |       |      |             |           |       |
| import tables, record a result, remove a year,    |  403  | 403  |     yes     |    403    |  yes  |
|   set and remove targets   (Action.INDEX_IMPORT)  |       |      |             |           |       |
| download workbooks     (Action.EXPORT, province)  |  403  | 403  |     200     |    200    |  200  |
| edit indices, provinces, regions, targets in      |   -   |  -   |      -      |     -     |  yes  |
|   /admin/                  (Action.ADMIN_MANAGE)  |       |      |             |           |       |
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse

from agencies.models import Role
from indices import imports
from indices.models import IndexResult, IndexTarget, Province, Region

ROLES = [Role.STAFF, Role.HEAD, Role.SECRETARIAT, Role.COMMITTEE, Role.ADMIN]
SEE = {Role.SECRETARIAT, Role.COMMITTEE, Role.ADMIN}
IMPORT = {Role.SECRETARIAT, Role.ADMIN}
EXPORT = {Role.SECRETARIAT, Role.COMMITTEE, Role.ADMIN}
REFERENCE = Path(__file__).resolve().parents[2] / "indices" / "data" / "pci_2016.csv"


@pytest.fixture
def data(pci, record):
    record(pci, 2017, 55)
    record(pci, 2018, 52)
    return pci


def _status(client, user, method: str, url: str, data=None, **params) -> int:
    client.force_login(user)
    response = client.post(url, data or {}, **params) if method == "POST" else client.get(url, data or {})
    client.logout()
    return response.status_code


READ_VIEWS = [
    ("indices:overview", []),
    ("indices:index-detail", ["PCI"]),
    ("indices:index-compare", ["PCI"]),
    ("indices:year-detail", ["PCI", 2018]),
    ("indices:target-list", []),
]
IMPORT_VIEWS = [
    ("indices:table-import", []),
    ("indices:result-record", []),
    ("indices:year-delete", ["PCI", 2018]),
]
EXPORT_VIEWS = [
    ("indices:history-export", ["PCI"]),
    ("indices:year-export", ["PCI", 2018]),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "args"), READ_VIEWS)
def test_seeing_rankings(client, roles, data, role, name, args):
    assert _status(client, roles[role], "GET", reverse(name, args=args)) == (200 if role in SEE else 403)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "args"), IMPORT_VIEWS)
def test_the_import_forms(client, roles, data, role, name, args):
    assert _status(client, roles[role], "GET", reverse(name, args=args)) == (200 if role in IMPORT else 403)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "args"), EXPORT_VIEWS)
def test_workbooks(client, roles, data, role, name, args):
    assert _status(client, roles[role], "GET", reverse(name, args=args)) == (200 if role in EXPORT else 403)


@pytest.mark.parametrize("role", ROLES)
def test_uploading_and_saving_a_table(client, roles, pci, role):
    allowed = role in IMPORT
    with REFERENCE.open("rb") as handle:
        status = _status(
            client, roles[role], "POST", reverse("indices:table-import"), {"index": "PCI", "year": 2016, "file": handle}
        )
    assert status == (200 if allowed else 403)
    # The confirm step checks again: a preview made by someone allowed is refused to someone who is not.
    preview = imports.read_table(file=REFERENCE, index=pci, year=2016)
    from django.core import signing

    from indices.views import IMPORT_SALT

    payload = signing.dumps(
        {"index": "PCI", "year": 2016, "n": 63, "rows": [r.to_payload() for r in preview.rows]},
        salt=IMPORT_SALT,
        compress=True,
    )
    status = _status(client, roles[role], "POST", reverse("indices:table-import-confirm"), {"payload": payload})
    assert status == (302 if allowed else 403)
    assert IndexResult.objects.filter(index=pci, year=2016).count() == (63 if allowed else 0)


@pytest.mark.parametrize("role", ROLES)
def test_recording_a_result(client, roles, pci, role):
    home = Province.objects.get(name="Hà Giang")
    status = _status(
        client,
        roles[role],
        "POST",
        reverse("indices:result-record"),
        {"index": "PCI", "year": 2019, "province": home.pk, "rank": 48, "provinces_ranked": 63},
    )
    assert status == (302 if role in IMPORT else 403)
    assert IndexResult.objects.filter(index=pci, year=2019).exists() is (role in IMPORT)


@pytest.mark.parametrize("role", ROLES)
def test_removing_a_year(client, roles, data, role):
    status = _status(client, roles[role], "POST", reverse("indices:year-delete", args=["PCI", 2018]), {"reason": "x"})
    assert status == (302 if role in IMPORT else 403)
    assert IndexResult.objects.filter(year=2018).exists() is (role not in IMPORT)


@pytest.mark.parametrize("role", ROLES)
def test_setting_and_removing_a_target(client, roles, pci, role):
    allowed = role in IMPORT
    status = _status(
        client, roles[role], "POST", reverse("indices:target-list"), {"index": "PCI", "year": 2020, "rank_at_most": 40}
    )
    assert status == (302 if allowed else 403)
    assert IndexTarget.objects.exists() is allowed
    target = IndexTarget.objects.first() or IndexTarget.objects.create(
        index=pci, year=2020, rank_at_most=40, set_at="2019-06-13T08:00:00+07:00"
    )
    status = _status(client, roles[role], "POST", reverse("indices:target-delete", args=[target.pk]))
    assert status == (302 if allowed else 403)
    assert IndexTarget.objects.exists() is not allowed


@pytest.mark.parametrize("role", ROLES)
def test_the_import_buttons_show_only_to_those_who_may_import(client, roles, data, role):
    client.force_login(roles[role])
    response = client.get(reverse("indices:index-detail", args=["PCI"]))
    if role not in SEE:
        assert response.status_code == 403
        return
    page = response.content.decode()
    assert (reverse("indices:table-import") in page) is (role in IMPORT)
    assert (reverse("indices:year-delete", args=["PCI", 2018]) in page) is (role in IMPORT)


@pytest.mark.parametrize("role", ROLES)
def test_reference_data_in_the_admin(client, roles, data, role):
    allowed = role == Role.ADMIN
    client.force_login(roles[role])
    province = Province.objects.get(name="Hà Giang")
    for url in (
        reverse("admin:indices_index_changelist"),
        reverse("admin:indices_index_change", args=[data.pk]),
        reverse("admin:indices_province_changelist"),
        reverse("admin:indices_province_change", args=[province.pk]),
        reverse("admin:indices_region_changelist"),
        reverse("admin:indices_indextarget_changelist"),
        reverse("admin:indices_indexresult_changelist"),
        reverse("admin:indices_resultchange_changelist"),
    ):
        response = client.get(url)
        assert (response.status_code == 200) is allowed, url
    response = client.post(reverse("admin:indices_region_add"), {"code": "new", "name": "Vùng mới", "sort_order": 9})
    assert Region.objects.filter(code="new").exists() is allowed


def test_published_results_are_read_only_in_the_admin(client, roles, data):
    client.force_login(roles[Role.ADMIN])
    result = IndexResult.objects.first()
    assert client.get(reverse("admin:indices_indexresult_add")).status_code == 403
    page = client.get(reverse("admin:indices_indexresult_change", args=[result.pk])).content.decode()
    assert 'name="rank"' not in page


def test_anonymous_visitors_are_sent_to_the_login_page(client, data):
    for name, args in READ_VIEWS + IMPORT_VIEWS + EXPORT_VIEWS:
        response = client.get(reverse(name, args=args))
        assert response.status_code == 302 and response["Location"].startswith(reverse("login")), name
    response = client.post(reverse("indices:year-delete", args=["PCI", 2018]), {"reason": "x"})
    assert response.status_code == 302 and IndexResult.objects.filter(year=2018).exists()


@pytest.mark.parametrize("role", ROLES)
def test_the_menu_offers_rankings_to_those_who_may_see_them(client, roles, role):
    client.force_login(roles[role])
    page = client.get(reverse("dashboard:home")).content.decode()
    assert (reverse("indices:overview") in page) is (role in SEE)
