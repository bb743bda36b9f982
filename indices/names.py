"""Matching province names as published tables write them.

Real sheets write the same province many ways: "TP. Hồ Chí Minh", "Tp.HCM", "TP HCM", "Ho Chi Minh City";
"Bà Rịa - Vũng Tàu", "Bà Rịa–Vũng Tàu", "BR-VT", "BRVT"; "Đắk Lắk", "Đăk Lăk", "Dak Lak"; "Thừa Thiên Huế",
"TT.Huế", "Huế"; "Khánh Hòa", "Khánh Hoà". `province_key` folds away what does not tell provinces apart
(case, diacritics, đ, the old and new placement of tone marks, hyphens of every kind, dots, spaces, and
the prefixes Tỉnh / TP. / Thành phố, the suffixes province / city); what is left is matched against each
province's name and its aliases (abbreviations such as HCM or BRVT are data, `Province.aliases`).
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from indices.models import Province

# Every dash and hyphen Unicode has, the dot, the underscore, slashes and brackets: all separators.
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—―−﹘﹣－_.,;:/\\()\[\]'\"’`]+")
_PREFIXES = re.compile(r"^(?:tinh|thanh pho|thanhpho|tp|t p)\s+")
_SUFFIXES = re.compile(r"\s+(?:province|city)$")


def fold(text: str) -> str:
    """Lower case, no diacritics (đ → d), single spaces; separators become spaces."""
    decomposed = unicodedata.normalize("NFD", str(text).casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).replace("đ", "d")
    return " ".join(_SEPARATORS.sub(" ", stripped).split())


def province_key(text: str) -> str:
    """The form two spellings of one province share: "TP. Hồ Chí Minh" and "Ho Chi Minh city" → "hochiminh"."""
    folded = fold(text)
    # "Tỉnh Hà Giang", "TP. Cần Thơ", "Thành phố Hải Phòng"; a bare "TP" or "Tỉnh" stays as it is.
    for _round in range(2):
        folded = _PREFIXES.sub("", folded)
        folded = _SUFFIXES.sub("", folded)
    return folded.replace(" ", "")


# Rows of a published sheet that are not provinces: the national median, the average, a total.
SUMMARY_KEYS = frozenset(
    province_key(name)
    for name in (
        "Trung vị",
        "Median",
        "Cả nước",
        "Toàn quốc",
        "National",
        "Trung bình",
        "Average",
        "Tổng",
        "Total",
        "Tổng cộng",
    )
)


@dataclass(frozen=True)
class Match:
    province: Province | None
    suggestions: tuple[str, ...] = ()


class ProvinceMatcher:
    """Finds the province a published name means. Built from one query; then matching is in memory."""

    def __init__(self, provinces: Iterable[Province] | None = None):
        if provinces is None:
            provinces = Province.objects.select_related("merged_into").order_by("name")
        self.provinces = list(provinces)
        self._by_key: dict[str, Province] = {}
        for province in self.provinces:
            for name in [province.name, *province.alias_list()]:
                key = province_key(name)
                # First come, first kept: Province.clean refuses an alias another province already uses.
                if key:
                    self._by_key.setdefault(key, province)

    def match(self, text: str) -> Match:
        key = province_key(text or "")
        if not key:
            return Match(None)
        found = self._by_key.get(key)
        if found is not None:
            return Match(found)
        close = difflib.get_close_matches(key, self._by_key.keys(), n=3, cutoff=0.75)
        names = tuple(dict.fromkeys(self._by_key[k].name for k in close))
        return Match(None, names)

    def get(self, text: str) -> Province | None:
        return self.match(text).province

    @staticmethod
    def is_summary_row(text: str) -> bool:
        return province_key(text or "") in SUMMARY_KEYS
