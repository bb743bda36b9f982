"""Demo rankings: the six indices, the 63 provinces with the mergers of 01/07/2025, Hà Giang's published
results (DOMAIN.md), and VCCI's whole PCI 2016 table (indices/data/pci_2016.csv).

The steering committee's meeting of 13/06/2019 reported the 2018 ranks PCI 52/63 (up 3), PAPI 36/63 (up
25) and ICT Index 17/63 (up 5). The 2017 ranks below (55, 61, 22) are those the reported changes imply;
the portal computes the changes from them, nothing stores "up 3". Likewise the PCI 2021 rank 59 and the
PAR Index 2019 rank 53 are implied by the published "up 18" (PCI 2022) and "up 20" (PAR Index 2020).

Safe to run twice: everything is created or updated by its natural key, a published table is imported
only if it is not complete yet, and a result or target already held is left alone unless it differs.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from agencies.models import User
from indices import imports, selectors, services
from indices.models import Index, IndexResult, IndexTarget, MethodologyPeriod, Province, SubIndex

DATA = Path(__file__).resolve().parent / "data"
HOME = "ha-giang"
MEETING = "Cuộc họp Ban Chỉ đạo CCHC tỉnh Hà Giang ngày 13/06/2019"


@dataclass(frozen=True)
class Sub:
    code: str
    name: str
    name_en: str
    weight: str | None = None
    max_score: str | None = None
    first_year: int | None = None
    last_year: int | None = None


# (code, short name, name, publisher, min, max, decimals, description, methods, sub-indices)
INDICES = [
    {
        "code": "PCI",
        "short_name": "PCI",
        "name": "Chỉ số năng lực cạnh tranh cấp tỉnh",
        "publisher": "Phòng Thương mại và Công nghiệp Việt Nam (VCCI)",
        "score_max": "100",
        "score_decimals": 2,
        "description": "10 chỉ số thành phần, mỗi chỉ số 10 điểm; điểm tổng hợp trên thang 100. "
        "Trọng số khớp đúng với tệp số liệu 2015/2016.",
        "methods": [],
        "subs": [
            Sub("market-entry", "Gia nhập thị trường", "Market entry", "5", "10"),
            Sub("land-access", "Tiếp cận đất đai", "Land access", "5", "10"),
            Sub("transparency", "Tính minh bạch", "Transparency", "20", "10"),
            Sub("time-costs", "Chi phí thời gian", "Time costs", "5", "10"),
            Sub("informal-charges", "Chi phí không chính thức", "Informal charges", "10", "10"),
            Sub("policy-bias", "Cạnh tranh bình đẳng", "Policy bias", "5", "10"),
            Sub("proactivity", "Tính năng động của chính quyền tỉnh", "Proactivity", "5", "10"),
            Sub("business-support", "Dịch vụ hỗ trợ doanh nghiệp", "Business support services", "20", "10"),
            Sub("labour-training", "Đào tạo lao động", "Labour training", "20", "10"),
            Sub("legal-institutions", "Thiết chế pháp lý và an ninh trật tự", "Legal institutions", "5", "10"),
        ],
    },
    {
        "code": "PAPI",
        "short_name": "PAPI",
        "name": "Chỉ số hiệu quả quản trị và hành chính công cấp tỉnh",
        "publisher": "Chương trình Phát triển Liên hợp quốc (UNDP) và các đối tác",
        "score_max": "80",
        "score_decimals": 2,
        "description": "Khảo sát người dân. Công bố theo bốn nhóm "
        "(cao nhất, trung bình cao, trung bình thấp, thấp nhất).",
        "methods": [
            (2011, "6 nội dung, thang 60 điểm", "60", True, ""),
            (
                2018,
                "8 nội dung (mỗi nội dung 1–10 điểm), thang 80 điểm",
                "80",
                True,
                "Thêm quản trị môi trường và quản trị điện tử: điểm từ 2018 không so sánh được với các năm trước.",
            ),
        ],
        "subs": [
            Sub("participation", "Tham gia của người dân ở cấp cơ sở", "Participation at local levels", None, "10"),
            Sub(
                "transparency", "Công khai, minh bạch trong việc ra quyết định ở địa phương", "Transparency", None, "10"
            ),
            Sub("accountability", "Trách nhiệm giải trình với người dân", "Vertical accountability", None, "10"),
            Sub("corruption", "Kiểm soát tham nhũng trong khu vực công", "Control of corruption", None, "10"),
            Sub("procedures", "Thủ tục hành chính công", "Public administrative procedures", None, "10"),
            Sub("services", "Cung ứng dịch vụ công", "Public service delivery", None, "10"),
            Sub("environment", "Quản trị môi trường", "Environmental governance", None, "10", 2018),
            Sub("e-governance", "Quản trị điện tử", "E-governance", None, "10", 2018),
        ],
    },
    {
        "code": "ICT",
        "short_name": "ICT Index",
        "name": "Chỉ số sẵn sàng cho phát triển và ứng dụng CNTT-TT (Vietnam ICT Index)",
        "publisher": "Bộ Thông tin và Truyền thông",
        "score_max": "1",
        "score_decimals": 4,
        "description": "Điểm từ 0 đến 1.",
        "methods": [],
        "subs": [
            Sub("infrastructure", "Hạ tầng kỹ thuật", "Technical infrastructure"),
            Sub("human-resources", "Hạ tầng nhân lực", "Human resources"),
            Sub("application", "Ứng dụng công nghệ thông tin", "IT application"),
            Sub("industry", "Sản xuất - kinh doanh công nghệ thông tin", "IT industry", first_year=2016),
        ],
    },
    {
        "code": "PAR",
        "short_name": "PAR Index",
        "name": "Chỉ số cải cách hành chính",
        "publisher": "Bộ Nội vụ",
        "score_max": "100",
        "score_decimals": 2,
        "description": "Xếp loại công bố năm 2022: A từ 90 điểm, B từ 80 đến dưới 90, C từ 70 đến dưới 80.",
        "methods": [
            (2017, "Quyết định 2948/QĐ-BNV: 8 lĩnh vực, 100 điểm", None, True, ""),
            (
                2022,
                "Quyết định 876/QĐ-BNV: 8 lĩnh vực, 37 tiêu chí, 88 tiêu chí thành phần, 100 điểm",
                None,
                True,
                "32 điểm từ điều tra xã hội học.",
            ),
        ],
        "subs": [
            Sub(
                "leadership-2017",
                "Công tác chỉ đạo, điều hành CCHC",
                "Leadership and direction",
                "10",
                "10",
                2017,
                2021,
            ),
            Sub("legal-2017", "Xây dựng và tổ chức thực hiện văn bản QPPL", "Legal documents", "10", "10", 2017, 2021),
            Sub(
                "procedures-2017",
                "Cải cách thủ tục hành chính",
                "Administrative procedures",
                "14.5",
                "14.5",
                2017,
                2021,
            ),
            Sub("apparatus-2017", "Cải cách tổ chức bộ máy", "Organisation of the apparatus", "11", "11", 2017, 2021),
            Sub("civil-service-2017", "Cải cách chế độ công vụ", "Civil service", "16", "16", 2017, 2021),
            Sub("finance-2017", "Cải cách tài chính công", "Public finance", "7", "7", 2017, 2021),
            Sub(
                "modernisation-2017",
                "Hiện đại hóa hành chính",
                "Modernisation of administration",
                "16",
                "16",
                2017,
                2021,
            ),
            Sub("impact-2017", "Tác động của CCHC", "Impact of administrative reform", "15.5", "15.5", 2017, 2021),
            Sub("leadership", "Công tác chỉ đạo, điều hành CCHC", "Leadership and direction", first_year=2022),
            Sub("institutions", "Cải cách thể chế", "Institutional reform", first_year=2022),
            Sub("procedures", "Cải cách thủ tục hành chính", "Administrative procedures", first_year=2022),
            Sub(
                "apparatus",
                "Cải cách tổ chức bộ máy hành chính nhà nước",
                "Organisation of the apparatus",
                first_year=2022,
            ),
            Sub("civil-service", "Cải cách chế độ công vụ", "Civil service", first_year=2022),
            Sub("finance", "Cải cách tài chính công", "Public finance", first_year=2022),
            Sub(
                "digital-government",
                "Xây dựng và phát triển Chính phủ điện tử, Chính phủ số",
                "E-government and digital government",
                first_year=2022,
            ),
            Sub(
                "impact",
                "Tác động của CCHC đến người dân, tổ chức và phát triển kinh tế - xã hội",
                "Impact",
                first_year=2022,
            ),
        ],
    },
    {
        "code": "SIPAS",
        "short_name": "SIPAS",
        "name": "Chỉ số hài lòng về sự phục vụ hành chính",
        "publisher": "Bộ Nội vụ",
        "score_max": "100",
        "score_decimals": 2,
        "description": "Công bố cùng Chỉ số CCHC từ năm 2017; mức độ hài lòng (%).",
        "methods": [],
        "subs": [
            Sub("access", "Tiếp cận dịch vụ", "Access"),
            Sub("procedures", "Thủ tục hành chính", "Procedures"),
            Sub("civil-servants", "Công chức giải quyết công việc", "Civil servants"),
            Sub("results", "Kết quả dịch vụ", "Results"),
            Sub("feedback", "Tiếp nhận, xử lý góp ý, phản ánh, kiến nghị", "Handling of feedback"),
        ],
    },
    {
        "code": "SERVICE",
        "short_name": "Chỉ số phục vụ",
        "name": "Bộ chỉ số phục vụ người dân, doanh nghiệp (Quyết định 766/QĐ-TTg)",
        "publisher": "Văn phòng Chính phủ (Cổng Dịch vụ công quốc gia)",
        "score_max": "100",
        "score_decimals": 2,
        "description": "Theo thời gian thực trên Cổng Dịch vụ công quốc gia; 100 điểm.",
        "methods": [(2022, "Quyết định 766/QĐ-TTg ngày 23/06/2022", None, True, "")],
        "subs": [
            Sub("publicity", "Công khai, minh bạch", "Publicity and transparency", "18", "18"),
            Sub("progress", "Tiến độ giải quyết", "Handling progress", "20", "20"),
            Sub("online", "Dịch vụ công trực tuyến", "Online services", "12", "12"),
            Sub("payment", "Thanh toán trực tuyến", "Online payment", "10", "10"),
            Sub("digitisation", "Số hóa hồ sơ", "Digitisation", "22", "22"),
            Sub("satisfaction", "Mức độ hài lòng", "Satisfaction", "18", "18"),
        ],
    },
]

# (index, year, rank, provinces ranked, score, source): Hà Giang's published results (DOMAIN.md).
RESULTS = [
    ("PCI", 2015, 62, 63, "50.45", "VCCI, PCI 2015"),
    ("PCI", 2017, 55, 63, None, "Suy ra từ mức tăng 3 bậc năm 2018 (" + MEETING + ")"),
    ("PCI", 2018, 52, 63, None, MEETING),
    ("PCI", 2021, 59, 63, None, "Suy ra từ mức tăng 18 bậc năm 2022"),
    ("PCI", 2022, 41, 63, "64.39", "VCCI, PCI 2022"),
    ("PAPI", 2017, 61, 63, None, "Suy ra từ mức tăng 25 bậc năm 2018 (" + MEETING + ")"),
    ("PAPI", 2018, 36, 63, None, MEETING),
    ("PAPI", 2020, 33, 63, None, "UNDP, PAPI 2020"),
    ("PAPI", 2024, 30, 63, "43.7", "UNDP, PAPI 2024"),
    ("ICT", 2017, 22, 63, None, "Suy ra từ mức tăng 5 bậc năm 2018 (" + MEETING + ")"),
    ("ICT", 2018, 17, 63, None, MEETING),
    ("PAR", 2019, 53, 63, None, "Suy ra từ mức tăng 20 bậc năm 2020"),
    ("PAR", 2020, 33, 63, None, "Bộ Nội vụ, PAR Index 2020"),
    ("SIPAS", 2020, 25, 63, None, "Bộ Nội vụ, SIPAS 2020"),
]

# The issue's example of a target the province sets itself.
TARGETS = [("PCI", 2020, 40, None, "Mục tiêu minh họa (dữ liệu demo)")]


def seed_reference(*, by: User | None) -> None:
    services.provinces_load(
        rows=imports.read_provinces_csv(DATA / "provinces.csv"),
        regions=imports.read_regions_csv(DATA / "regions.csv"),
        by=by,
    )
    services.home_province_set(province=Province.objects.get(code=HOME), by=by)
    for order, spec in enumerate(INDICES, start=1):
        index, _created = Index.objects.update_or_create(
            code=spec["code"],
            defaults={
                "short_name": spec["short_name"],
                "name": spec["name"],
                "publisher": spec["publisher"],
                "score_min": Decimal(0),
                "score_max": Decimal(spec["score_max"]),
                "score_decimals": spec["score_decimals"],
                "higher_is_better": True,
                "description": spec["description"],
                "sort_order": order,
            },
        )
        for first_year, label, score_max, comparable, note in spec["methods"]:
            MethodologyPeriod.objects.update_or_create(
                index=index,
                first_year=first_year,
                defaults={
                    "label": label,
                    "score_max": Decimal(score_max) if score_max else None,
                    "ranks_comparable": comparable,
                    "note": note,
                },
            )
        for sub_order, sub in enumerate(spec["subs"], start=1):
            SubIndex.objects.update_or_create(
                index=index,
                code=sub.code,
                defaults={
                    "name": sub.name,
                    "name_en": sub.name_en,
                    "weight": Decimal(sub.weight) if sub.weight else None,
                    "max_score": Decimal(sub.max_score) if sub.max_score else None,
                    "first_year": sub.first_year,
                    "last_year": sub.last_year,
                    "sort_order": sub_order,
                },
            )


def seed_pci_2016(*, by: User | None) -> None:
    index = selectors.index_get("PCI")
    if IndexResult.objects.filter(index=index, year=2016).count() >= 63:
        return
    preview = imports.read_table(file=DATA / "pci_2016.csv", index=index, year=2016, provinces_ranked=63)
    if not preview.ok:  # the shipped file is checked by the tests; this would be a broken checkout
        raise RuntimeError("; ".join(issue.message for issue in preview.issues))
    services.table_import(
        index=index,
        year=2016,
        rows=preview.rows,
        provinces_ranked=63,
        by=by,
        filename="pci_2016.csv",
        source="VCCI, tệp số liệu PCI 2016",
    )


def seed_results(*, by: User | None) -> None:
    home = Province.objects.get(code=HOME)
    indices = {index.code: index for index in Index.objects.all()}
    for code, year, rank, n, score, source in RESULTS:
        services.result_record(
            index=indices[code],
            year=year,
            province=home,
            rank=rank,
            provinces_ranked=n,
            score=Decimal(score) if score else None,
            source=source,
            by=by,
            reason="Dữ liệu demo",
        )
    for code, year, rank, score, document in TARGETS:
        if not IndexTarget.objects.filter(index=indices[code], year=year).exists():
            services.target_set(
                index=indices[code],
                year=year,
                rank_at_most=rank,
                score_at_least=score,
                document=document,
                by=by,
            )


@transaction.atomic
def seed_indices(*, admin: User | None, secretariat: User | None) -> None:
    seed_reference(by=admin)
    seed_pci_2016(by=secretariat)
    seed_results(by=secretariat)


def seed(ctx: dict) -> None:
    people = ctx.get("people", {})
    seed_indices(admin=people.get("demo_admin"), secretariat=people.get("demo_secretariat"))
