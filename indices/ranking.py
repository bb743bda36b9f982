"""How a series of published ranks reads: the change from the previous published year and the quartile band.

Pure functions over values the selectors fetched in one query; nothing here touches the database and
nothing here is stored. The one rule, used by every page, export and test:

* change = previous published rank − current rank (positive = the province went up), against the latest
  earlier year that HAS a result (a year with no result is skipped, and the page says which year it is
  compared with);
* no change is given when the number of provinces ranked differs between the two years (41/63 and 20/34
  cannot be subtracted), nor across a methodology period whose ranks are marked not comparable;
* band = the quarter of the ranking the rank falls in: ceil(4 × rank / N), 1 = the top quarter.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal


class ChangeKind(enum.StrEnum):
    FIRST = "first"  # no earlier result to compare with
    UP = "up"
    DOWN = "down"
    SAME = "same"
    NOT_COMPARABLE = "not_comparable"


class NotComparable(enum.StrEnum):
    PROVINCES_RANKED = "provinces_ranked"  # N differs (63 → 34)
    METHOD = "method"  # a methodology period marked ranks not comparable


@dataclass(frozen=True)
class Method:
    """The parts of a MethodologyPeriod the rule needs."""

    first_year: int
    label: str
    ranks_comparable: bool = True
    score_max: Decimal | None = None


@dataclass(frozen=True)
class Point:
    """One published result in a series, plus what the rule computes for it."""

    year: int
    rank: int
    provinces_ranked: int
    score: Decimal | None = None
    province_id: int | None = None
    province_name: str = ""
    tier: str = ""
    source: str = ""
    # Computed by annotate():
    change: int | None = None
    change_kind: ChangeKind = ChangeKind.FIRST
    not_comparable: NotComparable | None = None
    previous: Point | None = field(default=None, repr=False)
    band: int = 0
    method_changed: bool = False  # the method differs from the previous result's: scores are not comparable
    province_changed: bool = False  # the series moved to another province (a merger)

    @property
    def compared_with_year(self) -> int | None:
        return self.previous.year if self.previous else None

    @property
    def skipped_years(self) -> bool:
        """The previous result is not the year before (a year without a result lies between)."""
        return self.previous is not None and self.previous.year != self.year - 1

    @property
    def change_abs(self) -> int:
        return abs(self.change or 0)


def band(rank: int, provinces_ranked: int) -> int:
    """The quarter of the ranking: 1 for ranks 1..N/4, 4 for the bottom quarter."""
    if provinces_ranked < 1 or not 1 <= rank <= provinces_ranked:
        raise ValueError(f"rank {rank} is not within 1..{provinces_ranked}")
    return (4 * rank + provinces_ranked - 1) // provinces_ranked


def method_for(year: int, methods: Sequence[Method]) -> Method | None:
    """The methodology period `year` falls in (methods sorted by first_year); None before the first."""
    current = None
    for method in methods:
        if method.first_year <= year:
            current = method
        else:
            break
    return current


def _ranks_break_between(previous_year: int, year: int, methods: Sequence[Method]) -> bool:
    return any(not m.ranks_comparable and previous_year < m.first_year <= year for m in methods)


def compare(previous: Point | None, current: Point, methods: Sequence[Method] = ()) -> Point:
    """`current` with its change from `previous` (the latest earlier published result) and its band."""
    methods = sorted(methods, key=lambda m: m.first_year)
    computed = replace(current, band=band(current.rank, current.provinces_ranked), previous=previous)
    if previous is None:
        return replace(computed, change=None, change_kind=ChangeKind.FIRST)
    method_changed = method_for(previous.year, methods) != method_for(current.year, methods)
    province_changed = (
        previous.province_id is not None
        and current.province_id is not None
        and previous.province_id != current.province_id
    )
    computed = replace(computed, method_changed=method_changed, province_changed=province_changed)
    if previous.provinces_ranked != current.provinces_ranked:
        return replace(
            computed, change=None, change_kind=ChangeKind.NOT_COMPARABLE, not_comparable=NotComparable.PROVINCES_RANKED
        )
    if _ranks_break_between(previous.year, current.year, methods):
        return replace(
            computed, change=None, change_kind=ChangeKind.NOT_COMPARABLE, not_comparable=NotComparable.METHOD
        )
    delta = previous.rank - current.rank
    kind = ChangeKind.UP if delta > 0 else ChangeKind.DOWN if delta < 0 else ChangeKind.SAME
    return replace(computed, change=delta, change_kind=kind)


def annotate(points: Iterable[Point], methods: Sequence[Method] = ()) -> list[Point]:
    """A series (one point per year, any order) with every change and band computed, oldest first."""
    ordered = sorted(points, key=lambda p: p.year)
    years = [p.year for p in ordered]
    if len(set(years)) != len(years):
        raise ValueError("a series has one result per year")
    out: list[Point] = []
    previous: Point | None = None
    for point in ordered:
        computed = compare(_bare(previous), point, methods)
        out.append(computed)
        previous = computed
    return out


def _bare(point: Point | None) -> Point | None:
    """The previous point without its own chain of previous points (keeps the objects small)."""
    return None if point is None else replace(point, previous=None)
