"""Reporting periods (kỳ báo cáo) as a pure value type — no database.

A :class:`Period` is one of five kinds: a month, a quarter, the first six months of a year, the first
nine months of a year, or a whole year.  It has a stable machine code (``2019-06``, ``2019-Q2``,
``2019-H1``, ``2019-9M``, ``2019``) and a Vietnamese label ("Tháng 6/2019", "Quý II/2019",
"6 tháng đầu năm 2019", "9 tháng năm 2019", "Năm 2019"); :meth:`Period.parse` reads either.

Which calendar days feed a period (its *data window*) depends on ``settings.PERIOD_WINDOWS``:

* ``"decree09"`` — Decree 09/2019/NĐ-CP on reporting by state administrative agencies, art. 12
  (thời gian chốt số liệu báo cáo định kỳ): a monthly report covers the 15th of the previous month to
  the 14th of the month; a quarterly report the 15th of the month before the quarter to the 14th of
  its last month; the six-month report 15/12 of the previous year to 14/06; the annual report 15/12 of
  the previous year to 14/12.  The decree has no nine-month report; by the same rule it runs from
  15/12 of the previous year to 14/09.
* ``"calendar"`` — natural boundaries (Q1 = 01/01–31/03, H1 = 01/01–30/06, ...).

Reports are due on day ``settings.PERIOD_DUE_DAY`` of the period's last month, whichever window
setting is used.  Both settings are read at call time, never at import time.
"""

from __future__ import annotations

import calendar
import datetime
import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext

__all__ = ["MAX_YEAR", "MIN_YEAR", "Period", "PeriodKind", "PeriodParseError"]

MIN_YEAR = 2000
MAX_YEAR = 2100

_ROMAN = ("I", "II", "III", "IV")
_ROMAN_VALUES = {numeral.lower(): value for value, numeral in enumerate(_ROMAN, start=1)}
_MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


class PeriodKind(StrEnum):
    MONTH = "month"
    QUARTER = "quarter"
    HALF = "half"  # the first six months of the year only
    NINE_MONTHS = "nine_months"
    YEAR = "year"


# Kinds that always start in January and are identified by their year alone.
_CUMULATIVE_LAST_MONTH = {PeriodKind.HALF: 6, PeriodKind.NINE_MONTHS: 9, PeriodKind.YEAR: 12}


class PeriodParseError(ValueError):
    """The text is not a period code or label this module understands (message is translated)."""


@dataclass(frozen=True, repr=False)
class Period:
    """One reporting period.  Immutable, hashable, ordered by start (then by end, shorter first).

    ``number`` is the month (1–12) for ``MONTH``, the quarter (1–4) for ``QUARTER`` and ``None`` for the
    other kinds.  Prefer the constructors ``Period.month(2019, 6)``, ``Period.quarter(2019, 2)``,
    ``Period.half(2019)``, ``Period.nine_months(2019)``, ``Period.year(2019)`` or ``Period.parse(...)``.

    On the class, ``Period.year`` is the constructor; on an instance, ``period.year`` is the int year
    (the instance attribute shadows the classmethod, which is attached after the dataclass is built).
    """

    year: int
    kind: PeriodKind
    number: int | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", PeriodKind(self.kind))
        _check_int("year", self.year)
        if not MIN_YEAR <= self.year <= MAX_YEAR:
            raise ValueError(
                gettext("the year must be between %(min)d and %(max)d (got %(value)d)")
                % {"min": MIN_YEAR, "max": MAX_YEAR, "value": self.year}
            )
        if self.kind is PeriodKind.MONTH:
            _check_int("number", self.number)
            if not 1 <= self.number <= 12:
                raise ValueError(gettext("the month must be between 1 and 12 (got %(value)d)") % {"value": self.number})
        elif self.kind is PeriodKind.QUARTER:
            _check_int("number", self.number)
            if not 1 <= self.number <= 4:
                raise ValueError(
                    gettext("the quarter must be between 1 and 4 (got %(value)d)") % {"value": self.number}
                )
        elif self.number is not None:
            raise ValueError(f"A {self.kind} period takes no number (got {self.number!r}).")

    # --- constructors ------------------------------------------------------------------------

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        return cls(year, PeriodKind.MONTH, month)

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        return cls(year, PeriodKind.QUARTER, quarter)

    @classmethod
    def half(cls, year: int) -> Period:
        """The first six months of ``year`` (there is no second-half period)."""
        return cls(year, PeriodKind.HALF)

    @classmethod
    def nine_months(cls, year: int) -> Period:
        return cls(year, PeriodKind.NINE_MONTHS)

    # ``Period.year(y)`` is attached below the class: defining it here would make the classmethod the
    # dataclass default of the ``year`` field.

    @classmethod
    def parse(cls, text: str) -> Period:
        """Read a code (``2019-Q2``) or a Vietnamese label (``Quý II/2019``); see the module docstring.

        Case, surrounding/extra spaces and missing diacritics are tolerated ("quy ii / 2019").
        Raises :class:`PeriodParseError` with a translated message quoting ``text``.
        """
        if not isinstance(text, str):
            raise PeriodParseError(_unknown_message(text))
        shown = text.strip()
        key = _fold(text)
        for pattern, build in _PATTERNS:
            match = pattern.fullmatch(key)
            if match is None:
                continue
            try:
                return build(*match.groups())
            except ValueError as exc:
                raise PeriodParseError(
                    gettext('Invalid reporting period "%(text)s": %(reason)s.') % {"text": shown, "reason": exc}
                ) from exc
        raise PeriodParseError(_unknown_message(shown))

    @classmethod
    def containing(cls, day: datetime.date, kind: PeriodKind | str = PeriodKind.QUARTER) -> Period:
        """The period of ``kind`` whose data window (see :meth:`window`) contains ``day``.

        Under ``decree09`` the windows are shifted back, so 20/12/2019 belongs to Q1/2020 (and to
        month 2020-01 and year 2020).  HALF and NINE_MONTHS windows do not cover the whole year (only
        H1 and the first nine months exist); a day outside every such window raises ``ValueError``.
        Pass a ``date``, not a ``datetime`` (use ``timezone.localdate()``), so the day is the local one.
        """
        if isinstance(day, datetime.datetime) or not isinstance(day, datetime.date):
            raise TypeError(f"Period.containing() needs a datetime.date, got {type(day).__name__}.")
        kind = PeriodKind(kind)
        if kind is PeriodKind.MONTH:
            candidates = [(day.year, kind, day.month), (day.year + day.month // 12, kind, day.month % 12 + 1)]
        elif kind is PeriodKind.QUARTER:
            q = (day.month - 1) // 3 + 1
            candidates = [(day.year, kind, q), (day.year + q // 4, kind, q % 4 + 1)]
        else:
            candidates = [(day.year, kind, None), (day.year + 1, kind, None)]
        range_error: ValueError | None = None
        for args in candidates:
            try:
                period = cls(*args)
            except ValueError as exc:
                range_error = exc
                continue
            if period.start <= day <= period.end:
                return period
        if range_error is not None:
            raise range_error
        raise ValueError(f"No {kind} period's data window contains {day.isoformat()}.")

    # --- identity and display ----------------------------------------------------------------

    @property
    def first_month(self) -> int:
        if self.kind is PeriodKind.MONTH:
            return self.number
        if self.kind is PeriodKind.QUARTER:
            return 3 * self.number - 2
        return 1

    @property
    def last_month(self) -> int:
        if self.kind is PeriodKind.MONTH:
            return self.number
        if self.kind is PeriodKind.QUARTER:
            return 3 * self.number
        return _CUMULATIVE_LAST_MONTH[self.kind]

    @property
    def code(self) -> str:
        match self.kind:
            case PeriodKind.MONTH:
                return f"{self.year}-{self.number:02d}"
            case PeriodKind.QUARTER:
                return f"{self.year}-Q{self.number}"
            case PeriodKind.HALF:
                return f"{self.year}-H1"
            case PeriodKind.NINE_MONTHS:
                return f"{self.year}-9M"
            case _:
                return str(self.year)

    @property
    def label(self) -> str:
        """The Vietnamese label, always in Vietnamese (it is data, not UI text)."""
        match self.kind:
            case PeriodKind.MONTH:
                return f"Tháng {self.number}/{self.year}"
            case PeriodKind.QUARTER:
                return f"Quý {_ROMAN[self.number - 1]}/{self.year}"
            case PeriodKind.HALF:
                return f"6 tháng đầu năm {self.year}"
            case PeriodKind.NINE_MONTHS:
                return f"9 tháng năm {self.year}"
            case _:
                return f"Năm {self.year}"

    @property
    def label_en(self) -> str:
        match self.kind:
            case PeriodKind.MONTH:
                return f"{_MONTHS_EN[self.number - 1]} {self.year}"
            case PeriodKind.QUARTER:
                return f"Q{self.number}/{self.year}"
            case PeriodKind.HALF:
                return f"First half of {self.year}"
            case PeriodKind.NINE_MONTHS:
                return f"9 months of {self.year}"
            case _:
                return f"Year {self.year}"

    def __str__(self) -> str:
        return self.label

    def __repr__(self) -> str:
        return f"<Period {self.code}>"

    # --- ordering: by start, then by end -----------------------------------------------------
    # Under both window settings the window start is a strictly increasing function of
    # (year, first_month), and the end of (year, last_month), so ordering on months orders by window
    # start without reading settings.  The key is unique per period, hence consistent with ==.

    def _sort_key(self) -> tuple[int, int, int]:
        return (self.year, self.first_month, self.last_month)

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self._sort_key() < other._sort_key()

    def __le__(self, other: object) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self._sort_key() <= other._sort_key()

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self._sort_key() > other._sort_key()

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self._sort_key() >= other._sort_key()

    # --- dates --------------------------------------------------------------------------------

    def window(self) -> tuple[datetime.date, datetime.date]:
        """Inclusive (start, end) of the days whose data belong to this period; see the module docstring."""
        mode = getattr(settings, "PERIOD_WINDOWS", "decree09")
        if mode == "decree09":
            # Decree 09/2019/NĐ-CP, art. 12: from the 15th of the month before the period's first
            # month to the 14th of its last month (15/12 of the previous year for H1, 9M and the year).
            if self.first_month == 1:
                start = datetime.date(self.year - 1, 12, 15)
            else:
                start = datetime.date(self.year, self.first_month - 1, 15)
            return start, datetime.date(self.year, self.last_month, 14)
        if mode == "calendar":
            return (
                datetime.date(self.year, self.first_month, 1),
                datetime.date(self.year, self.last_month, _days_in_month(self.year, self.last_month)),
            )
        raise ImproperlyConfigured(f"PERIOD_WINDOWS must be 'decree09' or 'calendar', not {mode!r}.")

    @property
    def start(self) -> datetime.date:
        return self.window()[0]

    @property
    def end(self) -> datetime.date:
        return self.window()[1]

    @property
    def due_date(self) -> datetime.date:
        """Day ``PERIOD_DUE_DAY`` of the last month, clamped to that month's last day.

        Note that under ``calendar`` windows this can precede :attr:`end` (Q2 is due 20/06, ends 30/06).
        """
        day = getattr(settings, "PERIOD_DUE_DAY", 20)
        if isinstance(day, bool) or not isinstance(day, int) or day < 1:
            raise ImproperlyConfigured(f"PERIOD_DUE_DAY must be a positive integer, not {day!r}.")
        return datetime.date(self.year, self.last_month, min(day, _days_in_month(self.year, self.last_month)))

    # --- navigation and structure ---------------------------------------------------------------

    def previous(self) -> Period:
        """The period of the same kind just before (previous year's H1 / 9M / year)."""
        return self._shift(-1)

    def next(self) -> Period:
        """The period of the same kind just after (next year's H1 / 9M / year)."""
        return self._shift(1)

    def _shift(self, step: int) -> Period:
        if self.kind is PeriodKind.MONTH:
            year, index = divmod(self.year * 12 + self.number - 1 + step, 12)
            return Period(year, self.kind, index + 1)
        if self.kind is PeriodKind.QUARTER:
            year, index = divmod(self.year * 4 + self.number - 1 + step, 4)
            return Period(year, self.kind, index + 1)
        return Period(self.year + step, self.kind)

    def quarters(self) -> tuple[Period, ...]:
        """The quarters this period is made of, in order; a month is not made of quarters (ValueError)."""
        if self.kind is PeriodKind.MONTH:
            raise ValueError("A month is not built from quarters.")
        return tuple(
            Period(self.year, PeriodKind.QUARTER, q) for q in range(self.first_month // 3 + 1, self.last_month // 3 + 1)
        )

    def contains(self, other: Period) -> bool:
        """Whether ``other`` lies entirely within this period (a period contains itself).

        Compared on months, which under either window setting is the same as comparing windows.
        """
        if not isinstance(other, Period):
            raise TypeError(f"Period.contains() needs a Period, got {type(other).__name__}.")
        return other.year == self.year and self.first_month <= other.first_month and other.last_month <= self.last_month


def _year(cls: type[Period], year: int) -> Period:
    """The whole of ``year``."""
    return cls(year, PeriodKind.YEAR)


# See the class docstring: on the class this is the constructor, on instances the int field wins.
Period.year = classmethod(_year)  # type: ignore[assignment]


# --- helpers -------------------------------------------------------------------------------------


def _check_int(name: str, value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"Period {name} must be an int, got {value!r}.")


def _days_in_month(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _unknown_message(text: object) -> str:
    return gettext(
        'Cannot understand the reporting period "%(text)s". '
        'Use a code such as 2019-Q2 or a label such as "%(example)s".'
    ) % {"text": text, "example": "Quý II/2019"}


def _fold(text: str) -> str:
    """Lower-case, strip Vietnamese diacritics (đ → d) and collapse whitespace, for matching."""
    decomposed = unicodedata.normalize("NFD", text.casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).replace("đ", "d")
    return " ".join(stripped.split())


# Patterns run on _fold()ed text: lower case, no diacritics, single spaces.  ASCII digits only.
_SEP = r" ?(?:/|-| nam ) ?"  # "6/2019", "6 / 2019", "6-2019", "6 năm 2019"
_PATTERNS = (
    (re.compile(r"([0-9]{4})"), lambda y: Period.year(int(y))),
    (re.compile(r"([0-9]{4}) ?- ?([0-9]{1,2})"), lambda y, m: Period.month(int(y), int(m))),
    (re.compile(r"([0-9]{4}) ?- ?q ?([0-9])"), lambda y, q: Period.quarter(int(y), int(q))),
    (re.compile(r"([0-9]{4}) ?- ?h ?1"), lambda y: Period.half(int(y))),
    (re.compile(r"([0-9]{4}) ?- ?9 ?m"), lambda y: Period.nine_months(int(y))),
    (re.compile(r"thang ?([0-9]{1,2})" + _SEP + r"([0-9]{4})"), lambda m, y: Period.month(int(y), int(m))),
    (
        re.compile(r"quy ?(iv|i{1,3}|[0-9])" + _SEP + r"([0-9]{4})"),
        lambda q, y: Period.quarter(int(y), _ROMAN_VALUES.get(q) or int(q)),
    ),
    (re.compile(r"6 ?thang (?:dau )?nam ?([0-9]{4})"), lambda y: Period.half(int(y))),
    (re.compile(r"9 ?thang (?:dau )?nam ?([0-9]{4})"), lambda y: Period.nine_months(int(y))),
    (re.compile(r"nam ?([0-9]{4})"), lambda y: Period.year(int(y))),
)
