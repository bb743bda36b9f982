"""The rules a year's table of results must keep, shared by the import preview, the service that saves
it and the form for a single result: one place, so the page, the command line and the database agree.

A table is all or nothing. Every problem is listed (not only the first): an unknown province, the same
province twice, a rank outside 1..N, a province that did not exist that year, a province missing from a
table that ranks more provinces than it lists, a score outside the index's scale.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from indices.models import MAX_YEAR, MIN_YEAR, Index, Province, SubIndex
from indices.ranking import Method, method_for


@dataclass(frozen=True)
class Issue:
    """A problem with the table; `line` is the row of the sheet (None: the table as a whole)."""

    message: str
    line: int | None = None
    kind: str = ""


@dataclass
class TableRow:
    """One province's row, read and matched."""

    line: int
    province_id: int
    province_name: str
    rank: int
    score: Decimal | None = None
    tier: str = ""
    published_name: str = ""
    sub_scores: dict[str, Decimal] = field(default_factory=dict)

    def to_payload(self) -> dict:
        return {
            "line": self.line,
            "province_id": self.province_id,
            "province_name": self.province_name,
            "rank": self.rank,
            "score": None if self.score is None else str(self.score),
            "tier": self.tier,
            "published_name": self.published_name,
            "sub_scores": {code: str(value) for code, value in self.sub_scores.items()},
        }

    @classmethod
    def from_payload(cls, data: dict) -> TableRow:
        return cls(
            line=int(data["line"]),
            province_id=int(data["province_id"]),
            province_name=str(data.get("province_name", "")),
            rank=int(data["rank"]),
            score=None if data.get("score") in (None, "") else Decimal(data["score"]),
            tier=str(data.get("tier", "")),
            published_name=str(data.get("published_name", "")),
            sub_scores={code: Decimal(value) for code, value in (data.get("sub_scores") or {}).items()},
        )


class TableInvalid(Exception):
    """The table was not saved; `issues` lists every problem."""

    def __init__(self, issues: Sequence[Issue]):
        super().__init__("; ".join(issue.message for issue in issues))
        self.issues = list(issues)


# --- reading single values ---------------------------------------------------------------------------

_RANK_OF_N = re.compile(r"^\s*(\d+)\s*/\s*(\d+)\s*$")


def parse_rank(value: object) -> tuple[int | None, int | None]:
    """A published rank: 59, "59", 59.0, "59/63". Returns (rank, N written beside it), or (None, None)."""
    if value is None or isinstance(value, bool):
        return None, None
    if isinstance(value, int):
        return value, None
    if isinstance(value, float | Decimal):
        return (int(value), None) if value == int(value) else (None, None)
    text = str(value).strip()
    if not text:
        return None, None
    if match := _RANK_OF_N.match(text):
        return int(match.group(1)), int(match.group(2))
    try:
        number = Decimal(text.replace(",", "."))
    except InvalidOperation:
        return None, None
    if not number.is_finite() or abs(number) > 100_000:  # "Infinity", "1E999999": not a rank
        return None, None
    return (int(number), None) if number == number.to_integral_value() else (None, None)


def parse_score(value: object) -> Decimal | None:
    """A published score: 55.4, "55,40", "55.40". Raises ValueError if it is not a number; None if empty."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int | Decimal):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    text = str(value).strip().replace("\u00a0", "").replace(" ", "")
    if text in {"-", "—", "–", "n/a", "N/A", "..."}:
        return None
    if "," in text and "." not in text:
        text = text.replace(",", ".")
    try:
        number = Decimal(text)
    except InvalidOperation as exc:
        raise ValueError(value) from exc
    if not number.is_finite():
        raise ValueError(value)
    return number


def index_methods(index: Index) -> list[Method]:
    """The index's methodology periods as the ranking rule reads them (uses a prefetch if there is one)."""
    return [
        Method(first_year=m.first_year, label=m.label, ranks_comparable=m.ranks_comparable, score_max=m.score_max)
        for m in sorted(index.methods.all(), key=lambda m: m.first_year)
    ]


def score_scale(index: Index, year: int, methods: Sequence[Method] | None = None) -> tuple[Decimal, Decimal]:
    method = method_for(year, methods if methods is not None else index_methods(index))
    top = method.score_max if method and method.score_max is not None else index.score_max
    return index.score_min, top


def _fmt(value: Decimal) -> str:
    return format(value.normalize(), "f")


def existence_problem(province: Province, year: int) -> str | None:
    """Why `province` cannot have a result in `year`, or None."""
    if province.exists_in(year):
        return None
    if province.dissolved_on is not None and province.dissolved_on.year <= year:
        if province.merged_into is not None:
            return _("%(province)s was no longer a province in %(year)s: it merged into %(other)s on %(date)s.") % {
                "province": province.name,
                "year": year,
                "other": province.merged_into.name,
                "date": date_format(province.dissolved_on + dt.timedelta(days=1), "SHORT_DATE_FORMAT"),
            }
        return _("%(province)s was no longer a province in %(year)s (its last day was %(date)s).") % {
            "province": province.name,
            "year": year,
            "date": date_format(province.dissolved_on, "SHORT_DATE_FORMAT"),
        }
    return _("%(province)s did not exist yet in %(year)s (established on %(date)s).") % {
        "province": province.name,
        "year": year,
        "date": date_format(province.established_on, "SHORT_DATE_FORMAT"),
    }


def validate_single(
    *, index: Index, year: int, province: Province, rank: int, provinces_ranked: int, score: Decimal | None
) -> list[Issue]:
    """One province's published result (the form for a single result, and the service behind it)."""
    issues: list[Issue] = []
    if not MIN_YEAR <= year <= MAX_YEAR:
        return [
            Issue(_("The year must be between %(min)s and %(max)s.") % {"min": MIN_YEAR, "max": MAX_YEAR}, kind="year")
        ]
    if provinces_ranked < 1:
        issues.append(Issue(_("The number of provinces ranked must be at least 1."), kind="provinces_ranked"))
    elif not 1 <= rank <= provinces_ranked:
        issues.append(
            Issue(
                _("Rank %(rank)s of %(province)s is outside 1..%(n)s.")
                % {"rank": rank, "province": province.name, "n": provinces_ranked},
                kind="rank_range",
            )
        )
    if problem := existence_problem(province, year):
        issues.append(Issue(problem, kind="not_existing"))
    if score is not None:
        low, high = score_scale(index, year)
        if not low <= score <= high:
            issues.append(
                Issue(
                    _("The score %(score)s of %(province)s is outside the scale %(low)s–%(high)s.")
                    % {"score": _fmt(score), "province": province.name, "low": _fmt(low), "high": _fmt(high)},
                    kind="score_range",
                )
            )
    return issues


def validate_table(
    *,
    index: Index,
    year: int,
    rows: Sequence[TableRow],
    provinces_ranked: int,
    provinces: Iterable[Province],
    methods: Sequence[Method] | None = None,
    sub_indices: Mapping[str, SubIndex] | None = None,
) -> tuple[list[Issue], list[Issue]]:
    """(problems, notes) of a whole year's table. Problems block the save; notes are for the preview.

    `provinces`: every province we know (the registry), with `merged_into` loaded. `sub_indices`: those
    that apply that year, by code (default: the index's).
    """
    issues: list[Issue] = []
    notes: list[Issue] = []
    by_id = {p.pk: p for p in provinces}
    if sub_indices is None:
        sub_indices = {s.code: s for s in index.sub_indices.all() if s.applies_to(year)}
    if not MIN_YEAR <= year <= MAX_YEAR:
        issues.append(
            Issue(_("The year must be between %(min)s and %(max)s.") % {"min": MIN_YEAR, "max": MAX_YEAR}, kind="year")
        )
        return issues, notes
    if provinces_ranked < 1:
        issues.append(Issue(_("The number of provinces ranked must be at least 1."), kind="provinces_ranked"))
        return issues, notes
    if not rows:
        issues.append(Issue(_("The table has no rows of provinces."), kind="empty"))
        return issues, notes

    low, high = score_scale(index, year, methods)
    first_line: dict[int, int] = {}
    by_rank: dict[int, list[str]] = {}
    for row in rows:
        province = by_id.get(row.province_id)
        if province is None:  # removed from the registry since the preview
            issues.append(Issue(_("Row %(line)s: the province is no longer in the list.") % {"line": row.line}))
            continue
        if row.province_id in first_line:
            issues.append(
                Issue(
                    _("Row %(line)s: %(province)s appears again (first on row %(first)s).")
                    % {"line": row.line, "province": province.name, "first": first_line[row.province_id]},
                    line=row.line,
                    kind="duplicate",
                )
            )
        else:
            first_line[row.province_id] = row.line
        if not 1 <= row.rank <= provinces_ranked:
            issues.append(
                Issue(
                    _("Row %(line)s: rank %(rank)s of %(province)s is outside 1..%(n)s.")
                    % {"line": row.line, "rank": row.rank, "province": province.name, "n": provinces_ranked},
                    line=row.line,
                    kind="rank_range",
                )
            )
        else:
            by_rank.setdefault(row.rank, []).append(province.name)
        if problem := existence_problem(province, year):
            issues.append(
                Issue(
                    _("Row %(line)s: %(problem)s") % {"line": row.line, "problem": problem},
                    line=row.line,
                    kind="not_existing",
                )
            )
        if row.score is not None and not low <= row.score <= high:
            issues.append(
                Issue(
                    _("Row %(line)s: the score %(score)s of %(province)s is outside the scale %(low)s–%(high)s.")
                    % {
                        "line": row.line,
                        "score": _fmt(row.score),
                        "province": province.name,
                        "low": _fmt(low),
                        "high": _fmt(high),
                    },
                    line=row.line,
                    kind="score_range",
                )
            )

    for row in rows:
        for code, value in row.sub_scores.items():
            sub = sub_indices.get(code)
            if sub is None:
                issues.append(
                    Issue(
                        _("Row %(line)s: %(code)s is not a sub-index of %(index)s in %(year)s.")
                        % {"line": row.line, "code": code, "index": index, "year": year},
                        line=row.line,
                        kind="sub_index",
                    )
                )
            elif value < 0 or (sub.max_score is not None and value > sub.max_score):
                issues.append(
                    Issue(
                        _("Row %(line)s: the %(sub)s score %(score)s is outside the scale 0–%(high)s.")
                        % {
                            "line": row.line,
                            "sub": sub.name,
                            "score": _fmt(value),
                            "high": _fmt(sub.max_score) if sub.max_score is not None else "…",
                        },
                        line=row.line,
                        kind="score_range",
                    )
                )

    listed = len(first_line)
    if len(rows) > provinces_ranked:
        issues.append(
            Issue(
                _("The table has %(rows)s rows but %(n)s provinces were ranked.")
                % {"rows": len(rows), "n": provinces_ranked},
                kind="too_many",
            )
        )
    elif listed < provinces_ranked:
        missing = [p.name for p in by_id.values() if p.exists_in(year) and p.pk not in first_line]
        issues.append(
            Issue(
                _(
                    "%(n)s provinces were ranked in %(year)s but the table lists %(listed)s. "
                    "Not in the table: %(names)s."
                )
                % {
                    "n": provinces_ranked,
                    "year": year,
                    "listed": listed,
                    "names": ", ".join(sorted(missing)) or "—",
                },
                kind="missing",
            )
        )
    for rank, names in sorted(by_rank.items()):
        if len(names) > 1:
            notes.append(
                Issue(
                    _("Rank %(rank)s is shared by %(names)s (kept as published).")
                    % {"rank": rank, "names": ", ".join(names)},
                    kind="tie",
                )
            )
    return issues, notes
