"""Every read the rankings pages, exports and commands need, already shaped.

Each function runs a fixed number of queries whatever the number of years or provinces (the pages'
query-count tests hold them to it); rank changes and bands come from `indices.ranking`, computed here
over the rows one query fetched, never stored.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch, QuerySet

from indices import ranking
from indices.models import (
    Index,
    IndexResult,
    IndexTarget,
    MethodologyPeriod,
    Province,
    Region,
    ResultChange,
    SubIndex,
    SubIndexScore,
    TableImport,
    year_end,
)
from indices.ranking import Method, Point
from indices.validation import index_methods

# --- indices and provinces ---------------------------------------------------------------------------


def index_list() -> list[Index]:
    return list(
        Index.objects.prefetch_related(
            Prefetch("methods", queryset=MethodologyPeriod.objects.order_by("first_year")),
            Prefetch("sub_indices", queryset=SubIndex.objects.order_by("sort_order", "code")),
        ).order_by("sort_order", "code")
    )


def index_get(code: str) -> Index:
    """The index with its methods and sub-indices (raises Index.DoesNotExist)."""
    return (
        Index.objects.prefetch_related(
            Prefetch("methods", queryset=MethodologyPeriod.objects.order_by("first_year")),
            Prefetch("sub_indices", queryset=SubIndex.objects.order_by("sort_order", "code")),
        )
        .filter(code__iexact=code)
        .get()
    )


def province_list() -> list[Province]:
    return list(Province.objects.select_related("region", "merged_into").order_by("region__sort_order", "name"))


def first_ranking_year_after(day: dt.date) -> int:
    """The first ranking year a province that ended on `day` is no longer ranked in."""
    return day.year if year_end(day.year) > day else day.year + 1


@dataclass(frozen=True)
class Marker:
    """A vertical line on a history chart: a merger, or a change of method."""

    year: int
    kind: str  # "merger" | "method"
    label: str

    def as_json(self) -> dict:
        return {"year": self.year, "kind": self.kind, "label": self.label}


@dataclass
class HomeChain:
    """Our province and the provinces it merged into, in order (Hà Giang → Tuyên Quang).

    The series of the province the portal serves follows the chain: each year's result is the one of
    the member that existed at the end of that year.
    """

    members: list[Province]

    @property
    def ids(self) -> list[int]:
        return [p.pk for p in self.members]

    @property
    def current(self) -> Province | None:
        return self.members[-1] if self.members else None

    @property
    def home(self) -> Province | None:
        return self.members[0] if self.members else None

    def member_for(self, year: int) -> Province | None:
        for province in self.members:
            if province.dissolved_on is None or province.dissolved_on >= year_end(year):
                return province
        return self.members[-1] if self.members else None

    def mergers(self) -> list[dict]:
        """Each step of the chain: who merged into whom, effective from which day."""
        return [
            {"before": before, "after": after, "on": before.dissolved_on + dt.timedelta(days=1)}
            for before, after in zip(self.members, self.members[1:], strict=False)
        ]

    def markers(self) -> list[Marker]:
        return [
            Marker(
                year=first_ranking_year_after(m["before"].dissolved_on),
                kind="merger",
                label=f"{m['before'].name} → {m['after'].name} ({m['on']:%d/%m/%Y})",
            )
            for m in self.mergers()
        ]


def home_chain() -> HomeChain:
    """One query: every province (a few dozen rows), the chain followed in memory."""
    provinces = {
        p.pk: p
        for p in Province.objects.only(
            "id", "code", "name", "is_home", "dissolved_on", "merged_into_id", "established_on"
        )
    }
    home = next((p for p in provinces.values() if p.is_home), None)
    members: list[Province] = []
    node = home
    while node is not None and node not in members:
        members.append(node)
        node = provinces.get(node.merged_into_id) if node.merged_into_id else None
    return HomeChain(members)


def _point(row: dict, names: dict[int, str] | None = None) -> Point:
    return Point(
        year=row["year"],
        rank=row["rank"],
        provinces_ranked=row["provinces_ranked"],
        score=row["score"],
        province_id=row["province_id"],
        province_name=(names or {}).get(row["province_id"], row.get("province__name", "")),
        tier=row.get("tier", ""),
        source=row.get("source", ""),
    )


_VALUES = ("index_id", "year", "rank", "provinces_ranked", "score", "province_id", "province__name", "tier", "source")


def _home_points(rows: Iterable[dict], chain: HomeChain) -> list[Point]:
    """Of the chain's rows, each year's row of the member responsible for that year."""
    chosen: dict[int, dict] = {}
    for row in rows:
        member = chain.member_for(row["year"])
        if member is not None and row["province_id"] == member.pk:
            chosen[row["year"]] = row
    return [_point(row) for row in chosen.values()]


def home_series(index: Index, chain: HomeChain | None = None) -> list[Point]:
    """Our province's published results for `index`, oldest first, with changes and bands."""
    chain = chain or home_chain()
    rows = IndexResult.objects.filter(index=index, province_id__in=chain.ids).values(*_VALUES)
    return ranking.annotate(_home_points(rows, chain), index_methods(index))


# --- targets -----------------------------------------------------------------------------------------


@dataclass
class TargetStatus:
    target: IndexTarget
    point: Point | None  # the result it is measured against: the target year's, else the latest before
    rank_gap: int | None = None  # places still to climb (0 or less: reached)
    score_gap: Decimal | None = None  # points still missing (0 or less: reached)

    @property
    def final(self) -> bool:
        """The target year's own result is held: met or missed for good."""
        return self.point is not None and self.point.year == self.target.year

    @property
    def rank_met(self) -> bool | None:
        return None if self.rank_gap is None else self.rank_gap <= 0

    @property
    def score_met(self) -> bool | None:
        return None if self.score_gap is None else self.score_gap <= 0

    @property
    def met(self) -> bool | None:
        checks = [c for c in (self.rank_met, self.score_met) if c is not None]
        return all(checks) if checks else None

    @property
    def state(self) -> str:
        if self.point is None:
            return "no_data"
        if self.final:
            return "met" if self.met else "missed"
        return "on_track" if self.met else "short"


def target_status(target: IndexTarget, series: Sequence[Point], as_of: int | None = None) -> TargetStatus:
    limit = target.year if as_of is None else min(target.year, as_of)
    candidates = [p for p in series if p.year <= limit]
    point = candidates[-1] if candidates else None
    status = TargetStatus(target=target, point=point)
    if point is not None:
        if target.rank_at_most is not None:
            status.rank_gap = point.rank - target.rank_at_most
        if target.score_at_least is not None and point.score is not None:
            status.score_gap = target.score_at_least - point.score
    return status


def _pick_target(targets: Sequence[IndexTarget], as_of: int | None) -> IndexTarget | None:
    """The target the overview shows: the nearest one not yet due, else the latest."""
    if not targets:
        return None
    ordered = sorted(targets, key=lambda t: t.year)
    if as_of is not None:
        upcoming = [t for t in ordered if t.year >= as_of]
        if upcoming:
            return upcoming[0]
    return ordered[-1]


# --- overview ----------------------------------------------------------------------------------------


@dataclass
class IndexCard:
    index: Index
    point: Point | None
    series: list[Point]
    target: TargetStatus | None = None
    method: Method | None = None

    @property
    def score_max(self) -> Decimal:
        return self.method.score_max if self.method and self.method.score_max is not None else self.index.score_max

    def sparkline(self) -> dict:
        return {
            "code": self.index.code,
            "years": [p.year for p in self.series],
            "ranks": [p.rank for p in self.series],
            "n": [p.provinces_ranked for p in self.series],
        }


@dataclass
class Overview:
    chain: HomeChain
    cards: list[IndexCard]
    years: list[int]  # years with any result of ours, newest first
    as_of: int | None
    province: Province | None  # the chain member of the year shown

    def sparklines(self) -> list[dict]:
        return [card.sparkline() for card in self.cards]


def overview(as_of: int | None = None) -> Overview:
    """Cards for each index: our latest result up to `as_of` (default: the latest year held)."""
    indices = index_list()
    chain = home_chain()
    rows = list(IndexResult.objects.filter(province_id__in=chain.ids).values(*_VALUES))
    targets_by_index: dict[int, list[IndexTarget]] = defaultdict(list)
    for target in IndexTarget.objects.all():
        targets_by_index[target.index_id].append(target)
    by_index: dict[int, list[dict]] = defaultdict(list)
    for row in rows:
        by_index[row["index_id"]].append(row)
    series_by_index = {
        index.pk: ranking.annotate(_home_points(by_index[index.pk], chain), index_methods(index)) for index in indices
    }
    years = sorted({p.year for s in series_by_index.values() for p in s}, reverse=True)
    if as_of is None and years:
        as_of = years[0]
    cards = []
    for index in indices:
        series = [p for p in series_by_index[index.pk] if as_of is None or p.year <= as_of]
        point = series[-1] if series else None
        target = _pick_target(targets_by_index[index.pk], as_of)
        cards.append(
            IndexCard(
                index=index,
                point=point,
                series=series,
                target=target_status(target, series_by_index[index.pk], as_of) if target else None,
                method=ranking.method_for(point.year, index_methods(index)) if point else None,
            )
        )
    province = chain.member_for(as_of) if as_of else chain.current
    return Overview(chain=chain, cards=cards, years=years, as_of=as_of, province=province)


# --- one index's history -----------------------------------------------------------------------------


@dataclass
class HistoryRow:
    point: Point
    method: Method | None
    method_starts: bool  # the first result under a new method: the table says scores before are not comparable
    score_max: Decimal


@dataclass
class History:
    index: Index
    chain: HomeChain
    series: list[Point]
    rows: list[HistoryRow]  # newest first
    methods: list[Method]
    markers: list[Marker]
    targets: list[TargetStatus]
    table_years: list[int]  # years with a whole table held (the national median can be computed)

    def chart(self) -> dict:
        """What the history chart draws: every year from the first to the last (gaps stay gaps)."""
        if not self.series:
            return {"years": [], "ranks": [], "scores": [], "n": [], "provinces": [], "markers": []}
        first = self.series[0].year
        last = max([self.series[-1].year, *[m.year for m in self.markers if m.year >= first]])
        by_year = {p.year: p for p in self.series}
        years = list(range(first, last + 1))
        return {
            "years": years,
            "ranks": [by_year[y].rank if y in by_year else None for y in years],
            "scores": [
                float(by_year[y].score) if y in by_year and by_year[y].score is not None else None for y in years
            ],
            "n": [by_year[y].provinces_ranked if y in by_year else None for y in years],
            "provinces": [by_year[y].province_name if y in by_year else "" for y in years],
            "markers": [m.as_json() for m in self.markers if first <= m.year <= last],
            "targets": [
                {"year": t.target.year, "rank": t.target.rank_at_most}
                for t in self.targets
                if t.target.rank_at_most is not None
            ],
        }


def index_history(index: Index) -> History:
    chain = home_chain()
    methods = index_methods(index)
    series = home_series(index, chain)
    rows = []
    previous_method = None
    for i, point in enumerate(series):
        method = ranking.method_for(point.year, methods)
        score_max = method.score_max if method and method.score_max is not None else index.score_max
        rows.append(HistoryRow(point, method, method_starts=i > 0 and method != previous_method, score_max=score_max))
        previous_method = method
    markers = chain.markers() + [
        Marker(year=m.first_year, kind="method", label=m.label)
        for m in methods
        if series and m.first_year > series[0].year
    ]
    targets = [target_status(t, series) for t in IndexTarget.objects.filter(index=index).order_by("year")]
    table_years = complete_years(index)
    return History(
        index=index,
        chain=chain,
        series=series,
        rows=list(reversed(rows)),
        methods=methods,
        markers=sorted(markers, key=lambda m: m.year),
        targets=targets,
        table_years=table_years,
    )


def complete_years(index: Index) -> list[int]:
    """Years for which the whole published table is held (every ranked province), newest first."""
    from django.db.models import Count, F, Max

    rows = (
        IndexResult.objects.filter(index=index)
        .values("year")
        .annotate(listed=Count("id"), n=Max("provinces_ranked"))
        .filter(listed__gte=F("n"))
        .order_by("-year")
    )
    return [row["year"] for row in rows]


def held_years(index: Index) -> list[int]:
    return list(IndexResult.objects.filter(index=index).values_list("year", flat=True).distinct().order_by("-year"))


# --- sub-indices against the national median and the best province ----------------------------------


@dataclass
class Best:
    value: Decimal
    names: list[str]


@dataclass
class ComponentRow:
    label: str
    weight: Decimal | None
    ours: Decimal | None
    median: Decimal | None
    best: Best | None
    held: int  # provinces with a value
    is_composite: bool = False

    @property
    def gap_to_median(self) -> Decimal | None:
        if self.ours is None or self.median is None:
            return None
        return self.ours - self.median


@dataclass
class Components:
    year: int | None
    provinces_ranked: int | None
    province: Province | None
    rows: list[ComponentRow] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return bool(self.rows) and all(r.median is not None for r in self.rows)

    @property
    def shown(self) -> list[ComponentRow]:
        """The composite and the sub-indices with at least one score held that year."""
        return [r for r in self.rows if r.is_composite or r.held]

    @property
    def without_scores(self) -> list[ComponentRow]:
        return [r for r in self.rows if not r.is_composite and not r.held]


def _median(values: list[Decimal]) -> Decimal:
    return Decimal(str(statistics.median(values))) if values else Decimal(0)


def _best(values: dict[str, Decimal], higher_is_better: bool) -> Best | None:
    if not values:
        return None
    top = max(values.values()) if higher_is_better else min(values.values())
    return Best(top, sorted(name for name, v in values.items() if v == top))


def components(index: Index, year: int | None, chain: HomeChain | None = None) -> Components:
    """Our composite and sub-index scores in `year`, against the national median and the best province.

    The median and the best province are given only when every ranked province's value is held (a whole
    table); with part of a table they would mislead.
    """
    chain = chain or home_chain()
    if year is None:
        return Components(year=None, provinces_ranked=None, province=None)
    ours = chain.member_for(year)
    results = list(
        IndexResult.objects.filter(index=index, year=year).values(
            "id", "province_id", "province__name", "score", "provinces_ranked"
        )
    )
    n = max((r["provinces_ranked"] for r in results), default=None)
    subs = [s for s in index.sub_indices.all() if s.applies_to(year)]
    sub_rows = SubIndexScore.objects.filter(result__index=index, result__year=year).values(
        "sub_index_id", "score", "result__province_id", "result__province__name"
    )
    by_sub: dict[int, dict[str, Decimal]] = defaultdict(dict)
    ours_by_sub: dict[int, Decimal] = {}
    for row in sub_rows:
        by_sub[row["sub_index_id"]][row["result__province__name"]] = row["score"]
        if ours is not None and row["result__province_id"] == ours.pk:
            ours_by_sub[row["sub_index_id"]] = row["score"]
    composite = {r["province__name"]: r["score"] for r in results if r["score"] is not None}
    our_score = next((r["score"] for r in results if ours is not None and r["province_id"] == ours.pk), None)

    def row(label: str, weight, values: dict[str, Decimal], mine, composite_row=False) -> ComponentRow:
        complete = n is not None and len(values) >= n
        return ComponentRow(
            label=label,
            weight=weight,
            ours=mine,
            median=_median(list(values.values())) if complete else None,
            # Like the median, the best province is only known from the whole table.
            best=_best(values, index.higher_is_better) if complete else None,
            held=len(values),
            is_composite=composite_row,
        )

    out = Components(year=year, provinces_ranked=n, province=ours)
    out.rows.append(row(str(index.short_name), None, composite, our_score, composite_row=True))
    for sub in subs:
        out.rows.append(row(sub.name, sub.weight, by_sub.get(sub.pk, {}), ours_by_sub.get(sub.pk)))
    return out


# --- comparison with peer provinces --------------------------------------------------------------------


@dataclass
class PeerSeries:
    province: Province
    points: list[Point]
    is_home: bool

    @property
    def latest(self) -> Point | None:
        return self.points[-1] if self.points else None

    def by_year(self) -> dict[int, Point]:
        return {p.year: p for p in self.points}


@dataclass
class Comparison:
    index: Index
    series: list[PeerSeries]
    years: list[int]
    markers: list[Marker]

    def chart(self) -> dict:
        """Every year from the first to the last, so a year without results stays a visible gap."""
        years = list(range(self.years[0], self.years[-1] + 1)) if self.years else []
        datasets = []
        for s in self.series:
            by_year = s.by_year()
            datasets.append(
                {
                    "label": s.province.name,
                    "home": s.is_home,
                    "ranks": [by_year[y].rank if y in by_year else None for y in years],
                    "n": [by_year[y].provinces_ranked if y in by_year else None for y in years],
                }
            )
        return {"years": years, "datasets": datasets, "markers": [m.as_json() for m in self.markers]}

    def table(self) -> list[tuple[int, list[Point | None]]]:
        maps = [s.by_year() for s in self.series]
        return [(year, [m.get(year) for m in maps]) for year in reversed(self.years)]


def default_peer_ids(chain: HomeChain | None = None) -> list[int]:
    """Our province and the provinces of the default peer group (the Northern Midlands and Mountains)."""
    chain = chain or home_chain()
    region = Region.objects.filter(is_default_peer_group=True).first()
    ids = list(chain.ids)
    if region is not None:
        ids += [pk for pk in region.provinces.values_list("pk", flat=True) if pk not in ids]
    return ids


def peer_comparison(index: Index, province_ids: Sequence[int], chain: HomeChain | None = None) -> Comparison:
    """Ranks of the chosen provinces, year by year. Our province is drawn as its whole series (across the
    merger); every other province as its own results."""
    chain = chain or home_chain()
    chain_ids = set(chain.ids)
    # A province our own merged into (Tuyên Quang) is also a peer with its own results before the merger.
    home_id = chain.home.pk if chain.home else None
    wanted = [pk for pk in dict.fromkeys(province_ids) if pk != home_id]
    provinces = {p.pk: p for p in Province.objects.filter(pk__in=[*wanted, *chain.ids]).select_related("merged_into")}
    rows = list(IndexResult.objects.filter(index=index, province_id__in=list(provinces)).values(*_VALUES))
    methods = index_methods(index)
    series: list[PeerSeries] = []
    if chain.home is not None:
        home_rows = [r for r in rows if r["province_id"] in chain_ids]
        series.append(PeerSeries(chain.home, ranking.annotate(_home_points(home_rows, chain), methods), True))
    by_province: dict[int, list[dict]] = defaultdict(list)
    for row in rows:
        by_province[row["province_id"]].append(row)
    for pk in wanted:
        if pk in provinces:
            points = ranking.annotate([_point(r) for r in by_province[pk]], methods)
            series.append(PeerSeries(provinces[pk], points, False))
    years = sorted({p.year for s in series for p in s.points})
    markers = []
    if years:
        markers = [m for m in chain.markers() if years[0] <= m.year <= years[-1] + 1]
        for s in series[1:]:
            if s.province.merged_into_id and s.province.dissolved_on:
                markers.append(
                    Marker(
                        first_ranking_year_after(s.province.dissolved_on),
                        "merger",
                        f"{s.province.name} → {s.province.merged_into.name}",
                    )
                )
    return Comparison(index=index, series=series, years=years, markers=markers)


# --- one year's whole table ----------------------------------------------------------------------------


@dataclass
class YearRow:
    point: Point
    is_home: bool
    sub_scores: dict[int, Decimal]


@dataclass
class YearTable:
    index: Index
    year: int
    rows: list[YearRow]
    sub_indices: list[SubIndex]
    provinces_ranked: int | None


def year_table(index: Index, year: int, chain: HomeChain | None = None) -> YearTable:
    """Every province's result in `year`, each with its change from its own previous published result.

    One query for the results up to `year` (the previous result of each province is among them), one
    for the year's sub-index scores.
    """
    chain = chain or home_chain()
    rows = IndexResult.objects.filter(index=index, year__lte=year).values(*_VALUES).order_by("province_id", "year")
    methods = index_methods(index)
    last: dict[int, Point] = {}
    current: list[Point] = []
    for row in rows:
        point = _point(row)
        if row["year"] == year:
            current.append(ranking.compare(last.get(row["province_id"]), point, methods))
        else:
            last[row["province_id"]] = point
    subs = [s for s in index.sub_indices.all() if s.applies_to(year)]
    scores: dict[int, dict[int, Decimal]] = defaultdict(dict)
    for row in SubIndexScore.objects.filter(result__index=index, result__year=year).values(
        "result__province_id", "sub_index_id", "score"
    ):
        scores[row["result__province_id"]][row["sub_index_id"]] = row["score"]
    # Only the sub-indices with scores held that year get a column.
    held_subs = {sub_id for by_sub in scores.values() for sub_id in by_sub}
    subs = [s for s in subs if s.pk in held_subs]
    home_id = chain.member_for(year).pk if chain.members else None
    current.sort(key=lambda p: (p.rank, p.province_name))
    return YearTable(
        index=index,
        year=year,
        rows=[YearRow(p, p.province_id == home_id, scores.get(p.province_id, {})) for p in current],
        sub_indices=subs,
        provinces_ranked=max((p.provinces_ranked for p in current), default=None),
    )


# --- targets, imports, history of changes ---------------------------------------------------------------


def target_list() -> list[TargetStatus]:
    chain = home_chain()
    targets = list(IndexTarget.objects.select_related("index", "set_by").order_by("index__sort_order", "year"))
    rows = list(IndexResult.objects.filter(province_id__in=chain.ids).values(*_VALUES))
    by_index: dict[int, list[dict]] = defaultdict(list)
    for row in rows:
        by_index[row["index_id"]].append(row)
    series = {t.index_id: ranking.annotate(_home_points(by_index[t.index_id], chain)) for t in targets}
    return [target_status(t, series[t.index_id]) for t in targets]


def recent_imports(index: Index | None = None, limit: int = 10) -> QuerySet[TableImport]:
    qs = TableImport.objects.select_related("index", "by")
    if index is not None:
        qs = qs.filter(index=index)
    return qs.order_by("-at")[:limit]


def recent_changes(index: Index, limit: int = 20) -> QuerySet[ResultChange]:
    return ResultChange.objects.filter(index=index).select_related("province", "by").order_by("-at", "-pk")[:limit]
