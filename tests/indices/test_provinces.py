"""Provinces and regions are data: an administrator loads the rest of the 2025 mergers from a file."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from indices.models import Province
from indices.selectors import home_chain


def test_load_provinces_adds_mergers_from_a_file(reference, tmp_path):
    path = tmp_path / "provinces_2025.csv"
    path.write_text(
        "code,name,kind,region,aliases,established_on,dissolved_on,merged_into\n"
        "kon-tum,Kon Tum,province,ch,Kontum,,2025-06-30,quang-ngai\n"
        "quang-ngai,Quảng Ngãi,province,ncc,,,,\n",
        encoding="utf-8",
    )
    before = Province.objects.existing_in(2025).count()
    call_command("load_provinces", str(path), stdout=io.StringIO())
    kon_tum = Province.objects.get(code="kon-tum")
    assert kon_tum.merged_into.name == "Quảng Ngãi"
    assert kon_tum.merged_on.isoformat() == "2025-07-01"
    assert Province.objects.existing_in(2025).count() == before - 1
    assert Province.objects.existing_in(2024).count() == 63


def test_a_province_cannot_merge_into_a_loop(reference):
    tuyen_quang = Province.objects.get(name="Tuyên Quang")
    tuyen_quang.merged_into = Province.objects.get(name="Hà Giang")
    tuyen_quang.dissolved_on = tuyen_quang.dissolved_on or Province.objects.get(name="Hà Giang").dissolved_on
    with pytest.raises(ValidationError) as excinfo:
        tuyen_quang.full_clean()
    assert "merged_into" in excinfo.value.message_dict


def test_one_home_province_and_its_chain(reference):
    chain = home_chain()
    assert [p.name for p in chain.members] == ["Hà Giang", "Tuyên Quang"]
    assert chain.member_for(2024).name == "Hà Giang"
    assert chain.member_for(2025).name == "Tuyên Quang"
