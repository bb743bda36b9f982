"""Every write to the rankings: a year's published table, a single published result, removing a year,
targets, and loading the list of provinces.

Pages, the import commands and the demo data call these; each checks permission (agencies.rules) and the
rules of `indices.validation` before it writes, runs in one transaction, and records in `ResultChange`
every published number that really changes (from what, to what, who, when, why).

`by=None` is the command line (whoever runs manage.py administers the server); pages always pass the
logged-in person, whose permission is checked.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agencies.models import User
from agencies.rules import Action, require
from indices.models import (
    Index,
    IndexResult,
    IndexTarget,
    Province,
    ProvinceKind,
    Region,
    ResultChange,
    SubIndex,
    SubIndexScore,
    TableImport,
)
from indices.validation import Issue, TableInvalid, TableRow, index_methods, validate_single, validate_table


def _check(by: User | None, action: Action) -> None:
    if by is not None:
        require(by, action)


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)


@dataclass
class _Recorder:
    index: Index
    year: int
    by: User | None
    at: dt.datetime
    reason: str = ""
    table_import: TableImport | None = None
    count: int = 0

    def __post_init__(self) -> None:
        self._pending: list[ResultChange] = []

    def change(self, province_id: int, field: str, old: object, new: object) -> None:
        if _text(old) == _text(new):
            return
        self._pending.append(
            ResultChange(
                index=self.index,
                year=self.year,
                province_id=province_id,
                field=field,
                old_value=_text(old)[:100],
                new_value=_text(new)[:100],
                reason=self.reason[:255],
                table_import=self.table_import,
                at=self.at,
                by=self.by,
            )
        )
        self.count += 1

    def flush(self) -> None:
        if self.table_import is not None:
            for row in self._pending:
                row.table_import = self.table_import
        ResultChange.objects.bulk_create(self._pending)
        self._pending = []


_FIELDS = ("rank", "provinces_ranked", "score", "tier")


def _write_result(
    *,
    rec: _Recorder,
    existing: IndexResult | None,
    province_id: int,
    values: dict,
    sub_scores: dict[str, Decimal] | None,
    sub_indices: dict[str, SubIndex],
    source: str,
) -> IndexResult:
    if existing is None:
        result = IndexResult.objects.create(
            index=rec.index, year=rec.year, province_id=province_id, source=source, updated_by=rec.by, **values
        )
        for name in _FIELDS:
            rec.change(province_id, name, None, values.get(name))
    else:
        result = existing
        changed = [name for name in _FIELDS if _text(getattr(result, name)) != _text(values.get(name))]
        for name in changed:
            rec.change(province_id, name, getattr(result, name), values.get(name))
            setattr(result, name, values.get(name))
        if changed or (source and result.source != source):
            result.source = source or result.source
            result.updated_by = rec.by
            result.save()
    if sub_scores is not None:
        held = {s.sub_index.code: s for s in result.sub_scores.select_related("sub_index")} if existing else {}
        for code, value in sub_scores.items():
            old = held.pop(code, None)
            if old is None:
                SubIndexScore.objects.create(result=result, sub_index=sub_indices[code], score=value)
                rec.change(province_id, f"sub:{code}", None, value)
            elif _text(old.score) != _text(value):
                rec.change(province_id, f"sub:{code}", old.score, value)
                old.score = value
                old.save(update_fields=["score"])
        for code, old in held.items():
            rec.change(province_id, f"sub:{code}", old.score, None)
            old.delete()
    return result


@transaction.atomic
def table_import(
    *,
    index: Index,
    year: int,
    rows: Sequence[TableRow],
    provinces_ranked: int,
    by: User | None,
    filename: str = "",
    source: str = "",
) -> TableImport:
    """Save a year's published table, all or nothing: the results held for that index and year are
    replaced by the table's (every problem raises TableInvalid, listing all of them, and saves nothing)."""
    _check(by, Action.INDEX_IMPORT)
    index = Index.objects.prefetch_related("methods", "sub_indices").get(pk=index.pk)
    provinces = list(Province.objects.select_related("merged_into"))
    sub_indices = {s.code: s for s in index.sub_indices.all() if s.applies_to(year)}
    issues, _notes = validate_table(
        index=index,
        year=year,
        rows=rows,
        provinces_ranked=provinces_ranked,
        provinces=provinces,
        methods=index_methods(index),
        sub_indices=sub_indices,
    )
    if issues:
        raise TableInvalid(issues)

    now = timezone.now()
    batch = TableImport.objects.create(
        index=index,
        year=year,
        provinces_ranked=provinces_ranked,
        rows=len(rows),
        filename=filename[:255],
        source=source[:255],
        at=now,
        by=by,
    )
    rec = _Recorder(index=index, year=year, by=by, at=now, reason=_("table import"), table_import=batch)
    held = {r.province_id: r for r in IndexResult.objects.select_for_update().filter(index=index, year=year)}
    listed = set()
    for row in rows:
        listed.add(row.province_id)
        existing = held.get(row.province_id)
        _write_result(
            rec=rec,
            existing=existing,
            province_id=row.province_id,
            values={
                "rank": row.rank,
                "provinces_ranked": provinces_ranked,
                "score": row.score,
                "tier": row.tier,
            },
            sub_scores=row.sub_scores,
            sub_indices=sub_indices,
            source=source,
        )
    for province_id, result in held.items():
        if province_id not in listed:
            rec.change(province_id, "rank", f"{result.rank}/{result.provinces_ranked}", None)
            result.delete()
    rec.flush()
    batch.changed = rec.count
    batch.save(update_fields=["changed"])
    return batch


@transaction.atomic
def result_record(
    *,
    index: Index,
    year: int,
    province: Province,
    rank: int,
    provinces_ranked: int,
    score: Decimal | None = None,
    tier: str = "",
    source: str = "",
    by: User | None,
    reason: str = "",
) -> IndexResult:
    """Record (or correct) one province's published result, e.g. "PCI 2018: 52/63" from a news report."""
    _check(by, Action.INDEX_IMPORT)
    issues = validate_single(
        index=index, year=year, province=province, rank=rank, provinces_ranked=provinces_ranked, score=score
    )
    others = (
        IndexResult.objects.filter(index=index, year=year)
        .exclude(province=province)
        .exclude(provinces_ranked=provinces_ranked)
        .values_list("provinces_ranked", flat=True)
        .first()
    )
    if others is not None:
        issues.append(
            Issue(
                _("The results held for %(index)s %(year)s rank %(n)s provinces, not %(given)s.")
                % {"index": index, "year": year, "n": others, "given": provinces_ranked},
                kind="provinces_ranked",
            )
        )
    if issues:
        raise TableInvalid(issues)
    rec = _Recorder(index=index, year=year, by=by, at=timezone.now(), reason=reason or _("result recorded"))
    existing = IndexResult.objects.select_for_update().filter(index=index, year=year, province=province).first()
    result = _write_result(
        rec=rec,
        existing=existing,
        province_id=province.pk,
        values={"rank": rank, "provinces_ranked": provinces_ranked, "score": score, "tier": tier},
        sub_scores=None,
        sub_indices={},
        source=source,
    )
    rec.flush()
    return result


@transaction.atomic
def year_delete(*, index: Index, year: int, by: User | None, reason: str) -> int:
    """Remove every result of `index` in `year` (a wrong import). The history keeps what they were."""
    _check(by, Action.INDEX_IMPORT)
    if not reason.strip():
        raise ValueError(_("Give a reason for removing the results of %(year)s.") % {"year": year})
    results = list(IndexResult.objects.select_for_update().filter(index=index, year=year))
    if not results:
        raise ValueError(_("No result of %(index)s is held for %(year)s.") % {"index": index, "year": year})
    rec = _Recorder(index=index, year=year, by=by, at=timezone.now(), reason=reason)
    for result in results:
        rec.change(result.province_id, "rank", f"{result.rank}/{result.provinces_ranked}", None)
        if result.score is not None:
            rec.change(result.province_id, "score", result.score, None)
    IndexResult.objects.filter(pk__in=[r.pk for r in results]).delete()
    rec.flush()
    return len(results)


@transaction.atomic
def target_set(
    *,
    index: Index,
    year: int,
    rank_at_most: int | None,
    score_at_least: Decimal | None,
    document: str = "",
    note: str = "",
    by: User | None,
) -> IndexTarget:
    """Set (or change) the province's target for `index` by `year`.

    The standing office sets targets on the targets page (Action.INDEX_IMPORT: the same people who keep
    the published results); administrators also in /admin/.
    """
    _check(by, Action.INDEX_IMPORT)
    if rank_at_most is None and score_at_least is None:
        raise ValueError(_("Give a rank, a score or both."))
    if rank_at_most is not None and rank_at_most < 1:
        raise ValueError(_("A rank is 1 or more."))
    target, _created = IndexTarget.objects.update_or_create(
        index=index,
        year=year,
        defaults={
            "rank_at_most": rank_at_most,
            "score_at_least": score_at_least,
            "document": document,
            "note": note,
            "set_at": timezone.now(),
            "set_by": by,
        },
    )
    return target


@transaction.atomic
def target_delete(*, target: IndexTarget, by: User | None) -> None:
    _check(by, Action.INDEX_IMPORT)
    target.delete()


@dataclass(frozen=True)
class ProvinceRow:
    """A line of the provinces file (indices/data/provinces.csv)."""

    code: str
    name: str
    kind: str = ProvinceKind.PROVINCE
    region: str = ""
    aliases: tuple[str, ...] = ()
    established_on: dt.date | None = None
    dissolved_on: dt.date | None = None
    merged_into: str = ""
    sort_order: int = 0


@transaction.atomic
def provinces_load(
    *, rows: Sequence[ProvinceRow], regions: Sequence[tuple[str, str, bool, int]] = (), by: User | None
) -> int:
    """Create or update regions (code, name, default peer group, order) and provinces by code.

    Loads the list of provinces an administrator keeps (e.g. the 34 of 01/07/2025); mergers refer to
    provinces by code, in this file or already held. Returns how many provinces were written.
    """
    _check(by, Action.ADMIN_MANAGE)
    for code, name, is_default, order in regions:
        if is_default:
            Region.objects.exclude(code=code).filter(is_default_peer_group=True).update(is_default_peer_group=False)
        Region.objects.update_or_create(
            code=code, defaults={"name": name, "is_default_peer_group": is_default, "sort_order": order}
        )
    region_by_code = {r.code: r for r in Region.objects.all()}
    written = {}
    for row in rows:
        if row.region and row.region not in region_by_code:
            raise ValueError(_("Unknown region %(code)s for %(name)s.") % {"code": row.region, "name": row.name})
        province, _created = Province.objects.update_or_create(
            code=row.code,
            defaults={
                "name": row.name,
                "kind": row.kind or ProvinceKind.PROVINCE,
                "region": region_by_code.get(row.region),
                "aliases": "\n".join(row.aliases),
                "established_on": row.established_on,
                # Mergers are set in a second pass (the absorbing province may come later in the file).
                "dissolved_on": row.dissolved_on,
                "sort_order": row.sort_order,
            },
        )
        written[row.code] = province
    for row in rows:
        target = None
        if row.merged_into:
            target = written.get(row.merged_into) or Province.objects.filter(code=row.merged_into).first()
            if target is None:
                raise ValueError(
                    _("%(name)s merges into an unknown province %(code)s.")
                    % {"name": row.name, "code": row.merged_into}
                )
        province = written[row.code]
        if province.merged_into_id != (target.pk if target else None):
            province.merged_into = target
            province.save(update_fields=["merged_into"])
    return len(written)


@transaction.atomic
def home_province_set(*, province: Province, by: User | None) -> Province:
    """Mark the province the portal serves (its series is the one the overview shows)."""
    _check(by, Action.ADMIN_MANAGE)
    Province.objects.exclude(pk=province.pk).filter(is_home=True).update(is_home=False)
    if not province.is_home:
        province.is_home = True
        province.save(update_fields=["is_home"])
    return province
