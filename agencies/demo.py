"""Demo units and people: Hà Giang province as the steering committee's meeting of
13/06/2019 describes it, and its merger into Tuyên Quang on 01/07/2025."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction

from agencies.models import Agency, AgencyKind, Role, User

MERGER_DAY = dt.date(2025, 7, 1)  # Resolution of the National Assembly, 12/06/2025: 63 provinces become 34
LAST_DAY = MERGER_DAY - dt.timedelta(days=1)
PROVINCE = "HG"
SUCCESSOR = "TQ"

# (code, name, short name) of the departments and boards Hà Giang had in 2019.
DEPARTMENTS = [
    ("HG-VP", "Văn phòng UBND tỉnh Hà Giang", "Văn phòng UBND tỉnh", "vpubnd"),
    ("HG-SNV", "Sở Nội vụ tỉnh Hà Giang", "Sở Nội vụ", "sonoivu"),
    ("HG-STP", "Sở Tư pháp tỉnh Hà Giang", "Sở Tư pháp", "sotuphap"),
    ("HG-SKHDT", "Sở Kế hoạch và Đầu tư tỉnh Hà Giang", "Sở Kế hoạch và Đầu tư", "sokhdt"),
    ("HG-STC", "Sở Tài chính tỉnh Hà Giang", "Sở Tài chính", "sotaichinh"),
    ("HG-SCT", "Sở Công Thương tỉnh Hà Giang", "Sở Công Thương", "socongthuong"),
    ("HG-SNN", "Sở Nông nghiệp và Phát triển nông thôn tỉnh Hà Giang", "Sở Nông nghiệp và PTNT", "sonnptnt"),
    ("HG-SGTVT", "Sở Giao thông vận tải tỉnh Hà Giang", "Sở Giao thông vận tải", "sogtvt"),
    ("HG-SXD", "Sở Xây dựng tỉnh Hà Giang", "Sở Xây dựng", "soxaydung"),
    ("HG-STNMT", "Sở Tài nguyên và Môi trường tỉnh Hà Giang", "Sở Tài nguyên và Môi trường", "sotnmt"),
    ("HG-STTTT", "Sở Thông tin và Truyền thông tỉnh Hà Giang", "Sở Thông tin và Truyền thông", "sotttt"),
    ("HG-SLDTBXH", "Sở Lao động - Thương binh và Xã hội tỉnh Hà Giang", "Sở Lao động - TB&XH", "soldtbxh"),
    ("HG-SVHTTDL", "Sở Văn hóa, Thể thao và Du lịch tỉnh Hà Giang", "Sở Văn hóa, Thể thao và Du lịch", "sovhttdl"),
    ("HG-SKHCN", "Sở Khoa học và Công nghệ tỉnh Hà Giang", "Sở Khoa học và Công nghệ", "sokhcn"),
    ("HG-SGDDT", "Sở Giáo dục và Đào tạo tỉnh Hà Giang", "Sở Giáo dục và Đào tạo", "sogddt"),
    ("HG-SYT", "Sở Y tế tỉnh Hà Giang", "Sở Y tế", "soyte"),
    ("HG-SNGV", "Sở Ngoại vụ tỉnh Hà Giang", "Sở Ngoại vụ", "songoaivu"),
    ("HG-TTT", "Thanh tra tỉnh Hà Giang", "Thanh tra tỉnh", "thanhtra"),
    ("HG-BDT", "Ban Dân tộc tỉnh Hà Giang", "Ban Dân tộc", "bandantoc"),
]
STANDING_OFFICE = "HG-SNV"  # Sở Nội vụ: the standing office of the steering committee

# (code suffix, unit name, e-mail slug): the city and the ten districts.
DISTRICTS = [
    ("TPHG", "thành phố Hà Giang", "tphagiang"),
    ("DV", "huyện Đồng Văn", "dongvan"),
    ("MV", "huyện Mèo Vạc", "meovac"),
    ("YM", "huyện Yên Minh", "yenminh"),
    ("QB", "huyện Quản Bạ", "quanba"),
    ("BM", "huyện Bắc Mê", "bacme"),
    ("HSP", "huyện Hoàng Su Phì", "hoangsuphi"),
    ("VX", "huyện Vị Xuyên", "vixuyen"),
    ("XM", "huyện Xín Mần", "xinman"),
    ("BQ", "huyện Bắc Quang", "bacquang"),
    ("QBI", "huyện Quang Bình", "quangbinh"),
]


def _email(slug: str) -> str:
    return f"{slug}@hagiang.gov.vn"


def _upsert(code: str, **fields) -> Agency:
    agency, _created = Agency.objects.update_or_create(code=code, defaults=fields)
    return agency


@transaction.atomic
def seed_agencies() -> dict[str, Agency]:
    successor = _upsert(
        SUCCESSOR,
        name="UBND tỉnh Tuyên Quang",
        short_name="UBND tỉnh Tuyên Quang",
        kind=AgencyKind.PROVINCE,
        contact_emails="ubnd@tuyenquang.gov.vn",
        opened_on=MERGER_DAY,
        sort_order=1,
    )
    province = _upsert(
        PROVINCE,
        name="UBND tỉnh Hà Giang",
        short_name="UBND tỉnh",
        kind=AgencyKind.PROVINCE,
        contact_emails=_email("ubnd"),
        closed_on=LAST_DAY,
        successor=successor,
        sort_order=0,
    )
    units = {PROVINCE: province, SUCCESSOR: successor}
    for order, (code, name, short, slug) in enumerate(DEPARTMENTS, start=1):
        units[code] = _upsert(
            code,
            name=name,
            short_name=short,
            kind=AgencyKind.DEPARTMENT,
            parent=province,
            contact_emails=_email(slug),
            closed_on=LAST_DAY,
            sort_order=order,
        )
    for order, (suffix, place, slug) in enumerate(DISTRICTS, start=1):
        district = _upsert(
            f"HG-{suffix}",
            name=f"UBND {place}",
            short_name=place[0].upper() + place[1:],
            kind=AgencyKind.DISTRICT,
            parent=province,
            contact_emails=_email(f"ubnd.{slug}"),
            # The district level was abolished with the merger (two-tier local government).
            closed_on=LAST_DAY,
            sort_order=order,
        )
        units[district.code] = district
        pac = _upsert(
            f"HG-{suffix}-TTHCC",
            name=f"Trung tâm Hành chính công {place}",
            short_name=f"TTHCC {place}",
            kind=AgencyKind.PAC,
            parent=district,
            contact_emails=_email(f"tthcc.{slug}"),
            closed_on=LAST_DAY,
            sort_order=order,
        )
        units[pac.code] = pac
    return units


# (username, unit code, role, full name, position, may log in)
PEOPLE = [
    ("demo_admin", "HG-STTTT", Role.ADMIN, ("Quản trị", "Cổng CCHC"), "Quản trị hệ thống", True),
    (
        "demo_secretariat",
        STANDING_OFFICE,
        Role.SECRETARIAT,
        ("Chuyên viên", "Phòng CCHC"),
        "Chuyên viên Phòng Cải cách hành chính, Sở Nội vụ (cơ quan thường trực)",
        True,
    ),
    (
        "demo_committee",
        PROVINCE,
        Role.COMMITTEE,
        ("Nguyễn Văn", "Sơn"),
        "Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh, Trưởng Ban Chỉ đạo CCHC tỉnh",
        True,
    ),
    ("demo_head", "HG-STP", Role.HEAD, ("Lãnh đạo", "Sở Tư pháp"), "Giám đốc Sở Tư pháp", True),
    ("demo_staff", "HG-STP", Role.STAFF, ("Chuyên viên", "Sở Tư pháp"), "Chuyên viên Văn phòng Sở Tư pháp", True),
    (
        "nguyen_minh_tien",
        PROVINCE,
        Role.COMMITTEE,
        ("Nguyễn Minh", "Tiến"),
        "Phó Chủ tịch Thường trực UBND tỉnh, Phó Trưởng Ban Chỉ đạo CCHC tỉnh",
        False,
    ),
]
DEMO_LOGINS = [p[0] for p in PEOPLE if p[5]]


@transaction.atomic
def seed_people(units: dict[str, Agency]) -> dict[str, User]:
    people = {}
    for username, code, role, (first, last), title, can_log_in in PEOPLE:
        user, _created = User.objects.update_or_create(
            username=username,
            defaults={
                "agency": units[code],
                "role": role,
                "first_name": first,
                "last_name": last,
                "title": title,
                "is_active": True,
                "is_staff": False,
                "is_superuser": False,
            },
        )
        if can_log_in:
            user.set_password(settings.DEMO_PASSWORD)
        else:
            user.set_unusable_password()
        user.save(update_fields=["password"])
        people[username] = user
    return people


def seed(ctx: dict) -> None:
    """seed_demo step: units and people; later steps find them in ctx["units"], ctx["people"]."""
    ctx["units"] = seed_agencies()
    ctx["people"] = seed_people(ctx["units"])
