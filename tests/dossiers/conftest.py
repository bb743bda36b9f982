import pytest

from agencies.models import AgencyKind, Role
from tests.factories import AgencyFactory, FieldFactory, UserFactory, link_fields, open_period


@pytest.fixture
def unit(db):
    province = AgencyFactory(code="P", name="UBND tỉnh Thử", kind=AgencyKind.PROVINCE)
    unit = AgencyFactory(code="STP", name="Sở Tư pháp", parent=province)
    link_fields(unit, FieldFactory(code="HT", name="Hộ tịch"), FieldFactory(code="LLTP", name="Lý lịch tư pháp"))
    return unit


@pytest.fixture
def other_unit(unit):
    other = AgencyFactory(code="SYT", name="Sở Y tế", parent=unit.parent)
    link_fields(other, FieldFactory(code="KCB", name="Khám bệnh, chữa bệnh"))
    return other


@pytest.fixture
def people(unit):
    return {
        "staff": UserFactory(role=Role.STAFF, agency=unit, username="staff"),
        "head": UserFactory(role=Role.HEAD, agency=unit, username="head"),
        "secretariat": UserFactory(
            role=Role.SECRETARIAT, agency=AgencyFactory(code="SNV", name="Sở Nội vụ"), username="sec"
        ),
        "committee": UserFactory(role=Role.COMMITTEE, agency=unit.parent, username="com"),
        "admin": UserFactory(role=Role.ADMIN, agency=unit.parent, username="adm"),
    }


@pytest.fixture
def q3(people):
    return open_period("2019-Q3", by=people["secretariat"])


def row_values(**overrides):
    """A consistent row: 10 online + 90 in person + 5 carried = 105 = 60 + 30 + 5 resolved + 8 + 2 pending."""
    values = {
        "received_online": 10,
        "received_offline": 90,
        "carried_over": 5,
        "resolved_early": 60,
        "resolved_on_time": 30,
        "resolved_late": 5,
        "pending_within": 8,
        "pending_overdue": 2,
        "returned": 1,
        "withdrawn": 0,
        "awaiting_supplement": 1,
    }
    values.update(overrides)
    return values
