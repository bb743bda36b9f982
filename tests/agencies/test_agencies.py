"""The tree of units keeps merged and closed units with their successors."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from agencies.models import Agency, AgencyKind, Role
from tests.factories import AgencyFactory, UserFactory

MERGER = dt.date(2025, 7, 1)


@pytest.fixture
def merged(db):
    new = AgencyFactory(code="TQ", name="UBND tỉnh Tuyên Quang", kind=AgencyKind.PROVINCE, opened_on=MERGER)
    old = AgencyFactory(
        code="HG",
        name="UBND tỉnh Hà Giang",
        kind=AgencyKind.PROVINCE,
        closed_on=MERGER - dt.timedelta(days=1),
        successor=new,
    )
    dept = AgencyFactory(code="HG-STP", name="Sở Tư pháp tỉnh Hà Giang", parent=old)
    return old, new, dept


def test_active_on_follows_opening_and_closing_dates(merged):
    old, new, dept = merged
    assert set(Agency.objects.active_on(dt.date(2019, 6, 13))) == {old, dept}
    assert set(Agency.objects.active_on(dt.date(2025, 6, 30))) == {old, dept}
    assert set(Agency.objects.active_on(dt.date(2025, 7, 1))) == {new, dept}


def test_a_successor_needs_a_closing_date(db):
    new = AgencyFactory(code="NEW")
    with pytest.raises(IntegrityError), transaction.atomic():
        AgencyFactory(code="OLD", successor=new)


def test_a_unit_cannot_close_before_it_opens(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        AgencyFactory(code="X", opened_on=dt.date(2020, 1, 1), closed_on=dt.date(2019, 1, 1))


def test_the_tree_refuses_loops_and_bad_addresses(merged):
    old, _new, dept = merged
    old.parent = dept
    with pytest.raises(ValidationError) as err:
        old.full_clean()
    assert "parent" in err.value.message_dict
    dept.contact_emails = "sotuphap@hagiang.gov.vn, not-an-address"
    with pytest.raises(ValidationError) as err:
        dept.full_clean()
    assert "not-an-address" in str(err.value.message_dict["contact_emails"])


def test_contact_addresses_split_on_commas_and_lines(db):
    unit = AgencyFactory(contact_emails="a@hagiang.gov.vn,\nb@hagiang.gov.vn; c@hagiang.gov.vn")
    assert unit.email_list() == ["a@hagiang.gov.vn", "b@hagiang.gov.vn", "c@hagiang.gov.vn"]


def test_unit_pages_show_the_merger_both_ways(client, merged):
    old, new, _dept = merged
    client.force_login(UserFactory(role=Role.COMMITTEE, agency=new))
    body = client.get(reverse("agencies:agency-detail", args=[old.code])).content.decode()
    assert "30/06/2025" in body and new.name in body
    body = client.get(reverse("agencies:agency-detail", args=[new.code])).content.decode()
    assert old.name in body  # "took over from"


def test_unit_list_keeps_closed_units_unless_asked(client, merged, settings):
    old, new, dept = merged
    client.force_login(UserFactory(role=Role.SECRETARIAT, agency=dept))
    old_link = reverse("agencies:agency-detail", args=[old.code])
    new_link = reverse("agencies:agency-detail", args=[new.code])
    body = client.get(reverse("agencies:agency-list")).content.decode()
    assert old_link in body and new_link in body
    with time_machine.travel(dt.datetime(2026, 1, 5, 9, 0, tzinfo=dt.UTC), tick=False):
        body = client.get(reverse("agencies:agency-list") + "?active=1").content.decode()
    assert old_link not in body and new_link in body


def test_unit_list_queries_do_not_grow_with_the_units(client, db, django_assert_max_num_queries):
    province = AgencyFactory(code="P", kind=AgencyKind.PROVINCE)
    user = UserFactory(role=Role.SECRETARIAT, agency=province)
    client.force_login(user)

    def count_queries() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("agencies:agency-list")).status_code == 200
        return len(ctx.captured_queries)

    for i in range(5):
        AgencyFactory(parent=province, code=f"S{i}")
    small = count_queries()
    for i in range(5, 55):
        AgencyFactory(parent=province, code=f"S{i}")
    with django_assert_max_num_queries(small):
        assert client.get(reverse("agencies:agency-list")).status_code == 200
