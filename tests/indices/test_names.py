"""Province names as real published sheets write them all find the right province."""

from __future__ import annotations

import csv
import unicodedata
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from indices.models import Province
from indices.names import ProvinceMatcher, province_key

DATA = Path(__file__).resolve().parents[2] / "indices" / "data"

SPELLINGS = {
    "TP. Hồ Chí Minh": [
        "TP. Hồ Chí Minh",
        "Tp.HCM",
        "TP HCM",
        "TP.HCM",
        "TPHCM",
        "HCM",
        "HCMC",
        "Thành phố Hồ Chí Minh",
        "Ho Chi Minh City",
        "tp. hồ chí minh",
        "Hồ Chí Minh",
    ],
    "Bà Rịa - Vũng Tàu": [
        "BR-VT",
        "BRVT",
        "BR - VT",
        "Bà Rịa–Vũng Tàu",  # en dash
        "Bà Rịa — Vũng Tàu",  # em dash
        "Bà Rịa ‐ Vũng Tàu",  # Unicode hyphen
        "Ba Ria - Vung Tau",
        "Bà  Rịa -Vũng Tàu",
        "Tỉnh Bà Rịa - Vũng Tàu",
    ],
    "Thừa Thiên Huế": ["TT.Huế", "TT-Huế", "TT Huế", "Huế", "Thừa Thiên - Huế", "Thua Thien Hue", "TP. Huế"],
    "Đắk Lắk": ["Đăk Lăk", "Dak Lak", "Đắk Lắk", "ĐắkLắk", "Đắc Lắc", "DAKLAK"],
    "Đắk Nông": ["Đăk Nông", "Dak Nong"],
    "Hà Giang": ["Tỉnh Hà Giang", "tinh ha giang", "HÀ GIANG", "Ha Giang province", "Hà  Giang", " Hà Giang "],
    "Hòa Bình": ["Hoà Bình", "Hòa Bình", "Hoa Binh"],
    "Khánh Hòa": ["Khánh Hoà", "Khanh Hoa"],
    "Thanh Hóa": ["Thanh Hoá", "Thanh Hóa"],
    "Bắc Kạn": ["Bắc Cạn", "Bac Kan"],
    "Kon Tum": ["Kontum", "Kon Tum"],
    "Cần Thơ": ["TP. Cần Thơ", "Thành phố Cần Thơ", "Can Tho city"],
    "Hải Phòng": ["Thành phố Hải Phòng", "TP Hải Phòng", "T.P Hải Phòng"],
    "Đà Nẵng": ["TP Đà Nẵng", "Da Nang", "Danang"],
    "Hà Nội": ["Hà Nội", "Hanoi", "Thủ đô Hà Nội", "TP. Hà Nội"],
}


@pytest.fixture
def matcher(reference) -> ProvinceMatcher:
    return ProvinceMatcher()


@pytest.mark.parametrize(
    ("written", "expected"), [(written, name) for name, variants in SPELLINGS.items() for written in variants]
)
def test_published_spellings_find_the_province(matcher, written, expected):
    assert matcher.get(written).name == expected


def test_decomposed_unicode_from_a_mac_or_a_pdf_matches(matcher):
    assert matcher.get(unicodedata.normalize("NFD", "Hà Giang")).name == "Hà Giang"
    assert matcher.get(unicodedata.normalize("NFD", "Tỉnh Đắk Lắk")).name == "Đắk Lắk"


def test_similar_names_stay_apart(matcher):
    names = ["Hà Nam", "Hà Nội", "Hà Giang", "Hà Tĩnh", "Quảng Nam", "Quảng Ngãi", "Quảng Ninh", "Quảng Bình"]
    assert [matcher.get(name).name for name in names] == names
    assert len({province_key(p.name) for p in Province.objects.all()}) == Province.objects.count() == 63


def test_an_unknown_name_is_not_guessed_but_close_names_are_suggested(matcher):
    assert matcher.get("Hà Tây") is None
    match = matcher.match("Ha Giag")
    assert match.province is None
    assert "Hà Giang" in match.suggestions


def test_both_name_columns_of_the_reference_file_match(matcher):
    with (DATA / "pci_2016.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 63
    for row in rows:
        assert matcher.get(row["province"]).name == row["province"], row
        # As VCCI's file writes them: Tp.HCM, BRVT, TT.Huế, Đăk Lăk, Bắc Cạn, Đăk Nông …
        assert matcher.get(row["province_as_published"]).name == row["province"], row


def test_summary_rows_are_recognised():
    assert ProvinceMatcher.is_summary_row("Trung vị")
    assert ProvinceMatcher.is_summary_row("Median")
    assert not ProvinceMatcher.is_summary_row("Hà Giang")


def test_an_alias_another_province_uses_is_refused(reference):
    lao_cai = Province.objects.get(name="Lào Cai")
    lao_cai.aliases = "TP HCM"
    with pytest.raises(ValidationError) as excinfo:
        lao_cai.full_clean()
    assert "aliases" in excinfo.value.message_dict
