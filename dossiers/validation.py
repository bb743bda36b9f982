"""The national dossier form's arithmetic: the one validation module that the entry page, the
Excel import and any later API use (Circular 01/2020/TT-VPCP, form II.06a).

Columns of the form, as numbered on it:
  1 TT (row number)          2 Field (lĩnh vực)
  3 = 4 + 5 + 6  received:    4 online, 5 in person or by post, 6 carried over from the previous period
  7 = 8 + 9 + 10 resolved:    8 early, 9 on time, 10 late
  11 = 12 + 13   pending:     12 within deadline, 13 overdue
  and 3 = 7 + 11.
Totals (3, 7, 11) are computed, never typed. Dossiers returned, withdrawn or awaiting supplements
are "of which" counts: returned and withdrawn inside (9), awaiting supplements inside (12).
"""

from __future__ import annotations

import dataclasses
import re
import statistics
from collections.abc import Iterable, Mapping
from typing import Literal

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


@dataclasses.dataclass(frozen=True)
class Column:
    number: int | None  # the form's column number; None for the "of which" notes
    key: str
    label: str
    within: str | None = None  # for "of which" notes: the column they are part of


# The columns a person types, in the form's order.
INPUT_COLUMNS: tuple[Column, ...] = (
    Column(4, "received_online", gettext_lazy("Online")),
    Column(5, "received_offline", gettext_lazy("In person or by post")),
    Column(6, "carried_over", gettext_lazy("Carried over from the previous period")),
    Column(8, "resolved_early", gettext_lazy("Early")),
    Column(9, "resolved_on_time", gettext_lazy("On time")),
    Column(10, "resolved_late", gettext_lazy("Late")),
    Column(12, "pending_within", gettext_lazy("Within deadline")),
    Column(13, "pending_overdue", gettext_lazy("Overdue")),
)
NOTE_COLUMNS: tuple[Column, ...] = (
    Column(None, "returned", gettext_lazy("of which returned"), within="resolved_on_time"),
    Column(None, "withdrawn", gettext_lazy("of which withdrawn"), within="resolved_on_time"),
    Column(None, "awaiting_supplement", gettext_lazy("of which awaiting supplements"), within="pending_within"),
)
TOTAL_COLUMNS: tuple[Column, ...] = (
    Column(3, "received_total", gettext_lazy("Total received")),
    Column(7, "resolved_total", gettext_lazy("Total resolved")),
    Column(11, "pending_total", gettext_lazy("Total pending")),
)
VALUE_KEYS: tuple[str, ...] = tuple(c.key for c in INPUT_COLUMNS + NOTE_COLUMNS)
COLUMN_BY_KEY: dict[str, Column] = {c.key: c for c in INPUT_COLUMNS + NOTE_COLUMNS + TOTAL_COLUMNS}
# Flow columns add up over quarters; stock columns (carried over, pending) do not.
FLOW_KEYS = ("received_online", "received_offline", "resolved_early", "resolved_on_time", "resolved_late")

# A cell above this is a typing slip (no unit handles a hundred million dossiers in a quarter); it
# also keeps the sums of the database's identity check within its integer range.
MAX_COUNT = 100_000_000

# How far from its own history a value may stray before we warn (not block).
HISTORY_FACTOR = 5
HISTORY_MIN_VALUE = 50


@dataclasses.dataclass(frozen=True)
class Issue:
    """One message about one cell. `level` "error" blocks saving; "warning" does not."""

    column: str
    message: str
    level: Literal["error", "warning"] = "error"
    row: object = None  # whatever identifies the row for the caller (a field id, a sheet row)


def column_label(key: str) -> str:
    column = COLUMN_BY_KEY[key]
    return f"({column.number}) {column.label}" if column.number else str(column.label)


_INT_RE = re.compile(r"^-?\d{1,3}(\.\d{3})+$|^-?\d+$")


def parse_count(raw: object) -> tuple[int | None, str | None]:
    """A typed or imported cell as a whole number: (value, error message). Empty is 0.

    Vietnamese thousands are dotted (37.657); a plain 37657 is read too. Decimals, words and
    negative numbers are refused with a message saying so.
    """
    if raw is None:
        return 0, None
    if isinstance(raw, bool):
        return None, _("Enter a whole number of dossiers.")
    if isinstance(raw, int):
        value = raw
    elif isinstance(raw, float):
        if not raw.is_integer():
            return None, _("Enter a whole number of dossiers, not %(value)s.") % {"value": raw}
        value = int(raw)
    else:
        text = str(raw).strip().replace(" ", "").replace("\u00a0", "")
        if text == "":
            return 0, None
        if not _INT_RE.match(text):
            return None, _("“%(value)s” is not a whole number of dossiers.") % {"value": str(raw).strip()}
        value = int(text.replace(".", ""))
    if value < 0:
        return None, _("The number of dossiers cannot be negative.")
    if value > MAX_COUNT:
        return None, _(
            "%(value)s dossiers is more than any unit handles in a quarter (at most %(max)s): please check."
        ) % {
            "value": number_format(value, force_grouping=True),
            "max": number_format(MAX_COUNT, force_grouping=True),
        }
    return value, None


def totals(values: Mapping[str, int]) -> dict[str, int]:
    """Columns 3, 7 and 11 from the typed columns."""
    return {
        "received_total": values["received_online"] + values["received_offline"] + values["carried_over"],
        "resolved_total": values["resolved_early"] + values["resolved_on_time"] + values["resolved_late"],
        "pending_total": values["pending_within"] + values["pending_overdue"],
    }


def clean_row(raw: Mapping[str, object], *, row: object = None) -> tuple[dict[str, int], list[Issue]]:
    """Parse and check one row of the form. Returns the whole numbers and every issue found.

    Rules (each message in the cell it is about):
    - every cell a whole number, not negative;
    - (3) = (7) + (11): what was received or carried over is either resolved or still pending;
    - "of which" counts never above their column.
    (3) = (4) + (5) + (6), (7) = (8) + (9) + (10) and (11) = (12) + (13) hold by construction,
    since the totals are computed; check_totals() checks typed totals from an import.
    """
    values: dict[str, int] = {}
    issues: list[Issue] = []
    for key in VALUE_KEYS:
        value, error = parse_count(raw.get(key))
        if error:
            issues.append(Issue(key, error, row=row))
            values[key] = 0
        else:
            values[key] = value
    if issues:
        return values, issues
    sums = totals(values)
    if sums["received_total"] != sums["resolved_total"] + sums["pending_total"]:
        issues.append(
            Issue(
                "pending_within",
                _(
                    "Received (3) = %(received)s but resolved (7) + pending (11) = %(accounted)s: "
                    "every dossier received or carried over must be either resolved or still pending."
                )
                % {
                    "received": number_format(sums["received_total"], force_grouping=True),
                    "accounted": number_format(sums["resolved_total"] + sums["pending_total"], force_grouping=True),
                },
                row=row,
            )
        )
    for note in NOTE_COLUMNS:
        if note.within is None:
            continue
        parts = [n.key for n in NOTE_COLUMNS if n.within == note.within]
        if note.key != parts[-1]:
            continue  # one message per group, on its last note
        part_sum = sum(values[k] for k in parts)
        if part_sum > values[note.within]:
            issues.append(
                Issue(
                    note.key,
                    _("The “of which” counts (%(parts)s) cannot be more than %(column)s = %(value)s.")
                    % {
                        "parts": ", ".join(str(COLUMN_BY_KEY[k].label) for k in parts),
                        "column": column_label(note.within),
                        "value": number_format(values[note.within], force_grouping=True),
                    },
                    row=row,
                )
            )
    return values, issues


def check_totals(values: Mapping[str, int], typed: Mapping[str, object], *, row: object = None) -> list[Issue]:
    """For an import that carries columns 3, 7 and 11: they must equal their parts."""
    issues = []
    computed = totals(values)
    parts = {
        "received_total": "(4) + (5) + (6)",
        "resolved_total": "(8) + (9) + (10)",
        "pending_total": "(12) + (13)",
    }
    for key, formula in parts.items():
        if typed.get(key) in (None, ""):
            continue
        value, error = parse_count(typed[key])
        if error:
            issues.append(Issue(key, error, row=row))
        elif value != computed[key]:
            issues.append(
                Issue(
                    key,
                    _("%(column)s is %(typed)s but %(formula)s = %(computed)s.")
                    % {
                        "column": column_label(key),
                        "typed": number_format(value, force_grouping=True),
                        "formula": formula,
                        "computed": number_format(computed[key], force_grouping=True),
                    },
                    row=row,
                )
            )
    return issues


def carried_over_warning(values: Mapping[str, int], previous_pending: int | None, *, row=None) -> list[Issue]:
    """(6) of a period = (11) of the period before (Circular 01/2020/TT-VPCP): warn where they differ."""
    if previous_pending is None or values["carried_over"] == previous_pending:
        return []
    return [
        Issue(
            "carried_over",
            _("The previous quarter ended with %(pending)s dossiers still being handled (11), not %(value)s.")
            % {
                "pending": number_format(previous_pending, force_grouping=True),
                "value": number_format(values["carried_over"], force_grouping=True),
            },
            level="warning",
            row=row,
        )
    ]


def history_warnings(values: Mapping[str, int], history: Iterable[Mapping[str, int]], *, row=None) -> list[Issue]:
    """Warn (never block) where a value is far outside the unit's own history for that field."""
    history = list(history)
    if len(history) < 2:
        return []
    issues = []
    for column in INPUT_COLUMNS:
        if column.key == "carried_over":
            continue  # prefilled from the previous quarter
        past = [h.get(column.key, 0) for h in history]
        typical = statistics.median(past)
        value = values[column.key]
        high = max(typical * HISTORY_FACTOR, HISTORY_MIN_VALUE)
        if typical >= HISTORY_MIN_VALUE and value < typical / HISTORY_FACTOR:
            issues.append(
                Issue(
                    column.key,
                    _("%(value)s is far below this field's usual %(typical)s in earlier quarters: please check.")
                    % {
                        "value": number_format(value, force_grouping=True),
                        "typical": number_format(round(typical), force_grouping=True),
                    },
                    level="warning",
                    row=row,
                )
            )
        elif value > high:
            issues.append(
                Issue(
                    column.key,
                    _("%(value)s is far above this field's usual %(typical)s in earlier quarters: please check.")
                    % {
                        "value": number_format(value, force_grouping=True),
                        "typical": number_format(round(typical), force_grouping=True),
                    },
                    level="warning",
                    row=row,
                )
            )
    return issues
