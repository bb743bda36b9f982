"""`manage.py seed_demo`: Hà Giang in 2019 (and its merger into Tuyên Quang on 01/07/2025), loaded
as often as one likes, never by accident on a production server."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from agencies.models import Agency, AgencyKind, Role
from periods.models import PeriodEvent, PeriodEventKind, PeriodStatus, ReportingPeriod
from periods.services import PeriodLocked, period_ensure_open

User = get_user_model()
DEMO_LOGINS = ["demo_admin", "demo_secretariat", "demo_committee", "demo_head", "demo_staff"]


@pytest.fixture
def debug(settings):
    settings.DEBUG = True  # a developer's laptop; pytest-django turns DEBUG off by default
    return settings


def seed(*args) -> str:
    out = io.StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def counts() -> dict[str, int]:
    return {
        "agencies": Agency.objects.count(),
        "departments": Agency.objects.filter(kind=AgencyKind.DEPARTMENT).count(),
        "districts": Agency.objects.filter(kind=AgencyKind.DISTRICT).count(),
        "pacs": Agency.objects.filter(kind=AgencyKind.PAC).count(),
        "provinces": Agency.objects.filter(kind=AgencyKind.PROVINCE).count(),
        "users": User.objects.count(),
        "periods": ReportingPeriod.objects.count(),
        "period_events": PeriodEvent.objects.count(),
    }


@pytest.fixture
def seeded(db, debug):
    seed()


# --- running it twice --------------------------------------------------------------------------------


def test_seeding_twice_gives_the_same_data(db, debug):
    output = seed()
    first = counts()
    assert first == {
        "agencies": 2 + 19 + 11 + 11,
        "departments": 19,
        "districts": 11,
        "pacs": 11,
        "provinces": 2,
        # the 6 demo people, plus a head (no login) for each other reporting unit (19 + 11 - Sở Tư pháp)
        "users": 6 + 29,
        "periods": 4,
        "period_events": 3 * 2 + 1,  # opened + closed for each closed quarter, opened for Q3
    }
    assert "Demo data loaded" in output

    seed()
    assert counts() == first
    assert User.objects.filter(username__startswith="demo_").count() == 5


def test_a_second_seed_repairs_edited_demo_data(seeded):
    head = User.objects.get(username="demo_head")
    head.role = Role.STAFF
    head.save()
    Agency.objects.filter(code="HG").update(name="Tên đã sửa")

    seed()
    head.refresh_from_db()
    assert head.role == Role.HEAD
    assert Agency.objects.get(code="HG").name == "UBND tỉnh Hà Giang"


# --- units ------------------------------------------------------------------------------------------


def test_departments_and_districts(seeded):
    province = Agency.objects.get(name="UBND tỉnh Hà Giang")
    departments = Agency.objects.filter(kind=AgencyKind.DEPARTMENT)
    districts = Agency.objects.filter(kind=AgencyKind.DISTRICT)
    assert departments.count() == 19
    assert districts.count() == 11
    assert set(departments.values_list("parent", flat=True)) == {province.pk}
    assert set(districts.values_list("parent", flat=True)) == {province.pk}
    assert districts.filter(name="UBND thành phố Hà Giang").exists()
    assert districts.filter(name="UBND huyện Đồng Văn").exists()


def test_every_district_has_one_public_administration_centre(seeded):
    for district in Agency.objects.filter(kind=AgencyKind.DISTRICT):
        children = list(district.children.all())
        assert [child.kind for child in children] == [AgencyKind.PAC], district.name
        assert children[0].name.startswith("Trung tâm Hành chính công")
    assert not Agency.objects.filter(kind=AgencyKind.PAC).exclude(parent__kind=AgencyKind.DISTRICT).exists()


def test_the_province_merges_into_tuyen_quang_on_1_july_2025(seeded):
    province = Agency.objects.select_related("successor").get(name="UBND tỉnh Hà Giang")
    assert province.kind == AgencyKind.PROVINCE
    assert province.closed_on == date(2025, 6, 30)
    assert province.successor is not None
    assert province.successor.name == "UBND tỉnh Tuyên Quang"
    assert province.successor.kind == AgencyKind.PROVINCE
    assert province.successor.opened_on == date(2025, 7, 1)
    assert province.successor.closed_on is None

    assert province.is_active_on(date(2025, 6, 30))
    assert not province.is_active_on(date(2025, 7, 1))
    assert list(Agency.objects.filter(kind=AgencyKind.PROVINCE).active_on(date(2025, 7, 1))) == [province.successor]
    assert list(Agency.objects.filter(kind=AgencyKind.PROVINCE).active_on(date(2019, 6, 13))) == [province]


def test_units_of_2019_were_all_there_on_the_meeting_day(seeded):
    meeting_day = date(2019, 6, 13)
    hg_units = Agency.objects.filter(code__startswith="HG")
    assert hg_units.active_on(meeting_day).count() == hg_units.count() == 1 + 19 + 11 + 11
    # The district level was abolished with the merger.
    assert not hg_units.active_on(date(2025, 7, 1)).exists()


# --- people ------------------------------------------------------------------------------------------


def test_the_standing_office_is_so_noi_vu(seeded):
    so_noi_vu = Agency.objects.get(short_name="Sở Nội vụ")
    assert so_noi_vu.kind == AgencyKind.DEPARTMENT
    secretariat = User.objects.get(username="demo_secretariat")
    assert secretariat.agency == so_noi_vu
    assert secretariat.role == Role.SECRETARIAT


def test_head_and_staff_work_at_so_tu_phap(seeded):
    so_tu_phap = Agency.objects.get(short_name="Sở Tư pháp")
    assert so_tu_phap.name == "Sở Tư pháp tỉnh Hà Giang"
    head = User.objects.get(username="demo_head")
    staff = User.objects.get(username="demo_staff")
    assert (head.agency, head.role) == (so_tu_phap, Role.HEAD)
    assert (staff.agency, staff.role) == (so_tu_phap, Role.STAFF)


def test_the_committee_chairman_and_his_vice(seeded):
    chairman = User.objects.get(username="demo_committee")
    assert chairman.get_full_name() == "Nguyễn Văn Sơn"
    assert chairman.role == Role.COMMITTEE
    assert chairman.agency.name == "UBND tỉnh Hà Giang"

    vice = User.objects.get(username="nguyen_minh_tien")
    assert vice.get_full_name() == "Nguyễn Minh Tiến"
    assert str(vice) == "Nguyễn Minh Tiến"
    assert vice.role == Role.COMMITTEE
    assert not vice.has_usable_password()


def test_no_demo_account_is_a_django_superuser(seeded):
    assert not User.objects.filter(is_superuser=True).exists()
    assert not User.objects.filter(is_staff=True).exists()


def test_demo_passwords(seeded, settings):
    for username in DEMO_LOGINS:
        assert User.objects.get(username=username).check_password(settings.DEMO_PASSWORD), username


def test_a_new_demo_password_is_set_by_the_next_seed(seeded, settings):
    old = settings.DEMO_PASSWORD
    settings.DEMO_PASSWORD = "mat-khau-moi-2025"
    seed()
    for username in DEMO_LOGINS:
        user = User.objects.get(username=username)
        assert user.check_password("mat-khau-moi-2025"), username
        assert not user.check_password(old), username
    assert not User.objects.get(username="nguyen_minh_tien").has_usable_password()


# --- periods ------------------------------------------------------------------------------------------


def test_three_quarters_closed_and_the_third_of_2019_open(seeded):
    statuses = dict(ReportingPeriod.objects.values_list("code", "status"))
    assert statuses == {
        "2018-Q4": PeriodStatus.CLOSED,
        "2019-Q1": PeriodStatus.CLOSED,
        "2019-Q2": PeriodStatus.CLOSED,
        "2019-Q3": PeriodStatus.OPEN,
    }
    secretariat = User.objects.get(username="demo_secretariat")
    for row in ReportingPeriod.objects.all():
        assert row.opened_by == secretariat
        kinds = list(row.events.values_list("kind", flat=True))
        if row.is_open:
            assert row.closed_at is None
            assert kinds == [PeriodEventKind.OPENED]
        else:
            assert row.closed_by == secretariat
            assert row.closed_at > row.opened_at
            assert kinds == [PeriodEventKind.OPENED, PeriodEventKind.CLOSED]


def test_units_can_report_on_q3_but_not_on_q2(seeded):
    assert period_ensure_open("2019-Q3").code == "2019-Q3"
    with pytest.raises(PeriodLocked) as excinfo:
        period_ensure_open("2019-Q2")
    # Q2 is due 20/06/2019 and was closed a week later, at 17:00 Vietnam time.
    message = excinfo.value.message
    assert "Quý II/2019" in message
    assert "27/06/2019" in message
    assert "17:00" in message
    assert "Chuyên viên Phòng CCHC" in message


# --- production guard -----------------------------------------------------------------------------------


def test_refused_on_a_production_server_and_writes_nothing(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError) as excinfo:
        seed()
    assert "--allow-production" in str(excinfo.value)
    assert Agency.objects.count() == 0
    assert User.objects.count() == 0
    assert ReportingPeriod.objects.count() == 0


def test_allow_production_loads_anyway(db, settings):
    settings.DEBUG = False
    seed("--allow-production")
    assert Agency.objects.filter(kind=AgencyKind.DEPARTMENT).count() == 19
    assert User.objects.get(username="demo_secretariat").check_password(settings.DEMO_PASSWORD)
    assert ReportingPeriod.objects.get(code="2019-Q3").status == PeriodStatus.OPEN
