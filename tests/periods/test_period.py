"""Tests for periods.period: codes, labels, data windows, due dates and navigation of reporting periods."""

import dataclasses
import unicodedata
from datetime import date, datetime, timedelta

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.utils import translation

from periods import period as period_module
from periods.period import Period, PeriodKind, PeriodParseError


@pytest.fixture
def decree09(settings):
    settings.PERIOD_WINDOWS = "decree09"
    return settings


@pytest.fixture
def calendar_windows(settings):
    settings.PERIOD_WINDOWS = "calendar"
    return settings


def _days(first: date, last: date):
    day = first
    while day <= last:
        yield day
        day += timedelta(days=1)


# --- codes and labels --------------------------------------------------------------------------

CANONICAL = [
    # period, code, label, label_en
    (Period.month(2019, 6), "2019-06", "Tháng 6/2019", "June 2019"),
    (Period.month(2019, 1), "2019-01", "Tháng 1/2019", "January 2019"),
    (Period.month(2019, 12), "2019-12", "Tháng 12/2019", "December 2019"),
    (Period.quarter(2019, 1), "2019-Q1", "Quý I/2019", "Q1/2019"),
    (Period.quarter(2019, 2), "2019-Q2", "Quý II/2019", "Q2/2019"),
    (Period.quarter(2019, 3), "2019-Q3", "Quý III/2019", "Q3/2019"),
    (Period.quarter(2019, 4), "2019-Q4", "Quý IV/2019", "Q4/2019"),
    (Period.half(2019), "2019-H1", "6 tháng đầu năm 2019", "First half of 2019"),
    (Period.nine_months(2019), "2019-9M", "9 tháng năm 2019", "9 months of 2019"),
    (Period.year(2019), "2019", "Năm 2019", "Year 2019"),
]


@pytest.mark.parametrize(("period", "code", "label", "label_en"), CANONICAL, ids=[row[1] for row in CANONICAL])
def test_code_label_and_str(period, code, label, label_en):
    assert period.code == code
    assert period.label == label
    assert period.label_en == label_en
    assert str(period) == label
    assert f"{period}" == label


@pytest.mark.parametrize(("period", "code", "label", "label_en"), CANONICAL, ids=[row[1] for row in CANONICAL])
def test_parse_code_and_label(period, code, label, label_en):
    assert Period.parse(code) == period
    assert Period.parse(label) == period
    assert Period.parse(code.lower()) == period
    assert Period.parse(label.upper()) == period


def test_every_period_of_several_years_round_trips_through_code_and_label():
    periods = []
    for year in (2000, 2019, 2020, 2100):
        periods += [Period.month(year, m) for m in range(1, 13)]
        periods += [Period.quarter(year, q) for q in range(1, 5)]
        periods += [Period.half(year), Period.nine_months(year), Period.year(year)]
    for period in periods:
        assert Period.parse(period.code) == period
        assert Period.parse(period.label) == period
        assert Period.parse(str(period)) == period
    # No two periods share a code or a label.
    assert len({p.code for p in periods}) == len(periods)
    assert len({p.label for p in periods}) == len(periods)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Quý 2/2019", Period.quarter(2019, 2)),
        ("quý iv/2019", Period.quarter(2019, 4)),
        ("QUÝ III/2019", Period.quarter(2019, 3)),
        ("  Quý   II  /  2019  ", Period.quarter(2019, 2)),
        ("Quý II năm 2019", Period.quarter(2019, 2)),
        ("Quy II/2019", Period.quarter(2019, 2)),  # typed without diacritics
        ("Qúy II/2019", Period.quarter(2019, 2)),  # old-style tone placement
        ("9 tháng đầu năm 2019", Period.nine_months(2019)),
        ("9  THÁNG  NĂM  2019", Period.nine_months(2019)),
        ("6 Tháng Đầu Năm 2019", Period.half(2019)),
        ("6 thang dau nam 2019", Period.half(2019)),
        ("tháng 06/2019", Period.month(2019, 6)),
        ("Tháng 6 năm 2019", Period.month(2019, 6)),
        ("\tTháng 11 / 2019\n", Period.month(2019, 11)),
        ("NĂM 2019", Period.year(2019)),
        (" 2019 ", Period.year(2019)),
        ("2019-6", Period.month(2019, 6)),
        ("2019 - q2", Period.quarter(2019, 2)),
        ("2019-h1", Period.half(2019)),
        ("2019-9m", Period.nine_months(2019)),
    ],
)
def test_parse_tolerates_case_spacing_and_variants(text, expected):
    assert Period.parse(text) == expected


def test_parse_accepts_decomposed_unicode():
    # macOS and some Vietnamese keyboards send NFD (base letter + combining marks).
    text = unicodedata.normalize("NFD", "Quý II/2019")
    assert text != "Quý II/2019"
    assert Period.parse(text) == Period.quarter(2019, 2)
    assert Period.parse(unicodedata.normalize("NFD", "6 tháng đầu năm 2019")) == Period.half(2019)


# --- bad input ---------------------------------------------------------------------------------

BAD_INPUTS = [
    "xyz",
    "",
    "   ",
    "Q2/2019",
    "2019-H2",  # only the first half exists
    "2019-Q5",
    "2019-Q0",
    "2019-13",
    "2019-00",
    "Quý V/2019",
    "Quý IIII/2019",
    "Quý 5/2019",
    "Tháng 13/2019",
    "Tháng 0/2019",
    "10 tháng năm 2019",
    "6 tháng cuối năm 2019",
    "Năm 1999",
    "2101",
    "19",
    "2019-Q2 extra",
    "２０１９",  # full-width digits are not accepted as a year
]


@pytest.mark.parametrize("text", BAD_INPUTS)
def test_bad_input_raises_parse_error_quoting_the_input(text):
    with translation.override("vi"), pytest.raises(PeriodParseError) as excinfo:
        Period.parse(text)
    assert isinstance(excinfo.value, ValueError)
    assert f'"{text.strip()}"' in str(excinfo.value)


def test_unknown_input_message_points_to_examples():
    with translation.override("en"), pytest.raises(PeriodParseError) as excinfo:
        Period.parse("xyz")
    message = str(excinfo.value)
    assert '"xyz"' in message
    assert "2019-Q2" in message
    assert "Quý II/2019" in message


def test_out_of_range_input_message_gives_the_reason():
    with translation.override("en"), pytest.raises(PeriodParseError) as excinfo:
        Period.parse("2019-13")
    assert "2019-13" in str(excinfo.value)
    assert "month" in str(excinfo.value)
    assert "13" in str(excinfo.value).replace("2019-13", "")


def test_parse_error_messages_are_translated_before_interpolation(monkeypatch):
    """The msgid (with its %(text)s placeholder) is what goes through gettext, not the filled-in text."""
    seen = []

    def fake_gettext(message):
        seen.append(message)
        return "VI " + message

    monkeypatch.setattr(period_module, "gettext", fake_gettext)
    with pytest.raises(PeriodParseError) as excinfo:
        Period.parse("xyz")
    assert str(excinfo.value).startswith('VI Cannot understand the reporting period "xyz".')
    assert seen and all("xyz" not in msgid for msgid in seen)
    assert any("%(text)s" in msgid for msgid in seen)

    seen.clear()
    with pytest.raises(PeriodParseError) as excinfo:
        Period.parse("Năm 1999")
    assert str(excinfo.value).startswith('VI Invalid reporting period "Năm 1999": VI the year must be between')
    assert all("1999" not in msgid for msgid in seen)


def test_parse_rejects_non_string():
    with pytest.raises(PeriodParseError):
        Period.parse(None)


# --- construction and validation ---------------------------------------------------------------


@pytest.mark.parametrize(
    "build",
    [
        lambda: Period.year(1999),
        lambda: Period.year(2101),
        lambda: Period.month(2019, 0),
        lambda: Period.month(2019, 13),
        lambda: Period.quarter(2019, 0),
        lambda: Period.quarter(2019, 5),
        lambda: Period.half(1999),
        lambda: Period(2019, PeriodKind.HALF, 2),
        lambda: Period(2019, "fortnight", 1),
    ],
)
def test_invalid_construction_raises_value_error(build):
    with pytest.raises(ValueError):
        build()


def test_construction_rejects_non_int():
    with pytest.raises(TypeError):
        Period.month(2019, "6")
    with pytest.raises(TypeError):
        Period.year(True)


def test_year_bounds_are_inclusive():
    assert Period.year(2000).year == 2000
    assert Period.year(2100).year == 2100


def test_year_is_a_constructor_on_the_class_and_an_int_on_instances():
    period = Period.year(2019)
    assert period.year == 2019
    assert period.kind is PeriodKind.YEAR
    assert Period.quarter(2021, 3).year == 2021
    assert Period(2019, PeriodKind.YEAR) == period


def test_kind_is_coerced_from_string():
    period = Period(2019, "quarter", 2)
    assert period.kind is PeriodKind.QUARTER
    assert period == Period.quarter(2019, 2)


def test_period_is_immutable_and_hashable():
    period = Period.quarter(2019, 2)
    with pytest.raises(dataclasses.FrozenInstanceError):
        period.year = 2020
    assert {Period.parse("2019-Q2"), Period.parse("Quý II/2019"), period} == {period}
    assert Period.month(2019, 6) != Period.quarter(2019, 2)


@pytest.mark.parametrize(
    ("period", "last_month"),
    [
        (Period.month(2019, 7), 7),
        (Period.quarter(2019, 1), 3),
        (Period.quarter(2019, 4), 12),
        (Period.half(2019), 6),
        (Period.nine_months(2019), 9),
        (Period.year(2019), 12),
    ],
)
def test_last_month(period, last_month):
    assert period.last_month == last_month


# --- ordering ------------------------------------------------------------------------------------


def test_ordering_is_by_start_then_end():
    shuffled = [
        Period.year(2020),
        Period.quarter(2019, 2),
        Period.month(2019, 4),
        Period.nine_months(2019),
        Period.month(2018, 12),
        Period.year(2019),
        Period.half(2019),
        Period.quarter(2019, 1),
        Period.month(2019, 1),
    ]
    assert sorted(shuffled) == [
        Period.month(2018, 12),
        Period.month(2019, 1),
        Period.quarter(2019, 1),
        Period.half(2019),
        Period.nine_months(2019),
        Period.year(2019),
        Period.month(2019, 4),
        Period.quarter(2019, 2),
        Period.year(2020),
    ]


@pytest.mark.parametrize("windows", ["decree09", "calendar"])
def test_ordering_matches_window_start_under_both_settings(settings, windows):
    settings.PERIOD_WINDOWS = windows
    periods = [Period.month(y, m) for y in (2019, 2020) for m in range(1, 13)]
    periods += [Period.quarter(y, q) for y in (2019, 2020) for q in range(1, 5)]
    periods += [k(y) for y in (2019, 2020) for k in (Period.half, Period.nine_months, Period.year)]
    for a in periods:
        for b in periods:
            if a.window() != b.window():
                assert (a < b) == (a.window() < b.window()), (a, b)


def test_comparison_with_other_types_is_not_supported():
    with pytest.raises(TypeError):
        _ = Period.year(2019) < "2020"


# --- windows -------------------------------------------------------------------------------------

DECREE09_WINDOWS = [
    (Period.quarter(2019, 1), date(2018, 12, 15), date(2019, 3, 14)),
    (Period.quarter(2019, 2), date(2019, 3, 15), date(2019, 6, 14)),
    (Period.quarter(2019, 3), date(2019, 6, 15), date(2019, 9, 14)),
    (Period.quarter(2019, 4), date(2019, 9, 15), date(2019, 12, 14)),
    (Period.month(2019, 1), date(2018, 12, 15), date(2019, 1, 14)),
    (Period.month(2019, 3), date(2019, 2, 15), date(2019, 3, 14)),
    (Period.month(2019, 6), date(2019, 5, 15), date(2019, 6, 14)),
    (Period.half(2019), date(2018, 12, 15), date(2019, 6, 14)),
    (Period.nine_months(2019), date(2018, 12, 15), date(2019, 9, 14)),
    (Period.year(2019), date(2018, 12, 15), date(2019, 12, 14)),
    (Period.year(2000), date(1999, 12, 15), date(2000, 12, 14)),
]

CALENDAR_WINDOWS = [
    (Period.quarter(2019, 1), date(2019, 1, 1), date(2019, 3, 31)),
    (Period.quarter(2019, 2), date(2019, 4, 1), date(2019, 6, 30)),
    (Period.quarter(2019, 3), date(2019, 7, 1), date(2019, 9, 30)),
    (Period.quarter(2019, 4), date(2019, 10, 1), date(2019, 12, 31)),
    (Period.month(2019, 2), date(2019, 2, 1), date(2019, 2, 28)),
    (Period.month(2020, 2), date(2020, 2, 1), date(2020, 2, 29)),
    (Period.month(2019, 6), date(2019, 6, 1), date(2019, 6, 30)),
    (Period.half(2019), date(2019, 1, 1), date(2019, 6, 30)),
    (Period.nine_months(2019), date(2019, 1, 1), date(2019, 9, 30)),
    (Period.year(2019), date(2019, 1, 1), date(2019, 12, 31)),
]


@pytest.mark.parametrize(("period", "start", "end"), DECREE09_WINDOWS, ids=[r[0].code for r in DECREE09_WINDOWS])
def test_decree09_windows(decree09, period, start, end):
    assert period.window() == (start, end)
    assert period.start == start
    assert period.end == end


@pytest.mark.parametrize(("period", "start", "end"), CALENDAR_WINDOWS, ids=[r[0].code for r in CALENDAR_WINDOWS])
def test_calendar_windows(calendar_windows, period, start, end):
    assert period.window() == (start, end)
    assert period.start == start
    assert period.end == end


@pytest.mark.parametrize("windows", ["decree09", "calendar"])
@pytest.mark.parametrize("kind", [PeriodKind.MONTH, PeriodKind.QUARTER, PeriodKind.YEAR])
def test_consecutive_windows_tile_the_timeline(settings, windows, kind):
    settings.PERIOD_WINDOWS = windows
    period = Period.containing(date(2018, 1, 10), kind)
    for _ in range(40):
        following = period.next()
        assert following.start == period.end + timedelta(days=1), (period, following)
        period = following


@pytest.mark.parametrize("windows", ["decree09", "calendar"])
def test_cumulative_windows_are_made_of_their_quarters(settings, windows):
    settings.PERIOD_WINDOWS = windows
    for period in (Period.half(2019), Period.nine_months(2019), Period.year(2019)):
        quarters = period.quarters()
        assert period.start == quarters[0].start
        assert period.end == quarters[-1].end


def test_window_reads_the_setting_at_call_time(settings):
    period = Period.quarter(2019, 1)
    settings.PERIOD_WINDOWS = "decree09"
    assert period.start == date(2018, 12, 15)
    settings.PERIOD_WINDOWS = "calendar"
    assert period.start == date(2019, 1, 1)


def test_unknown_window_setting_is_a_configuration_error(settings):
    settings.PERIOD_WINDOWS = "fiscal"
    with pytest.raises(ImproperlyConfigured):
        Period.quarter(2019, 1).window()


# --- due dates -----------------------------------------------------------------------------------


@pytest.mark.parametrize("windows", ["decree09", "calendar"])
@pytest.mark.parametrize(
    ("period", "due"),
    [
        (Period.half(2019), date(2019, 6, 20)),
        (Period.nine_months(2019), date(2019, 9, 20)),
        (Period.year(2019), date(2019, 12, 20)),
        (Period.quarter(2019, 1), date(2019, 3, 20)),
        (Period.quarter(2019, 2), date(2019, 6, 20)),
        (Period.quarter(2019, 4), date(2019, 12, 20)),
        (Period.month(2019, 6), date(2019, 6, 20)),
        (Period.month(2019, 2), date(2019, 2, 20)),
    ],
)
def test_due_date_default_day_is_the_20th_of_the_last_month(settings, windows, period, due):
    settings.PERIOD_WINDOWS = windows
    settings.PERIOD_DUE_DAY = 20
    assert period.due_date == due


def test_due_date_follows_the_setting(settings):
    settings.PERIOD_DUE_DAY = 25
    assert Period.quarter(2019, 2).due_date == date(2019, 6, 25)
    settings.PERIOD_DUE_DAY = 5
    assert Period.quarter(2019, 2).due_date == date(2019, 6, 5)


@pytest.mark.parametrize(
    ("period", "due"),
    [
        (Period.month(2019, 2), date(2019, 2, 28)),
        (Period.month(2020, 2), date(2020, 2, 29)),
        (Period.quarter(2019, 2), date(2019, 6, 30)),
        (Period.half(2019), date(2019, 6, 30)),
        (Period.nine_months(2019), date(2019, 9, 30)),
        (Period.year(2019), date(2019, 12, 31)),
    ],
)
def test_due_date_is_clamped_to_the_end_of_the_month(settings, period, due):
    settings.PERIOD_DUE_DAY = 31
    assert period.due_date == due


@pytest.mark.parametrize("bad", [0, -1, "20", None])
def test_invalid_due_day_is_a_configuration_error(settings, bad):
    settings.PERIOD_DUE_DAY = bad
    with pytest.raises(ImproperlyConfigured):
        _ = Period.quarter(2019, 2).due_date


# --- navigation ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("period", "previous", "following"),
    [
        (Period.month(2019, 1), Period.month(2018, 12), Period.month(2019, 2)),
        (Period.month(2019, 12), Period.month(2019, 11), Period.month(2020, 1)),
        (Period.month(2019, 6), Period.month(2019, 5), Period.month(2019, 7)),
        (Period.quarter(2019, 1), Period.quarter(2018, 4), Period.quarter(2019, 2)),
        (Period.quarter(2019, 4), Period.quarter(2019, 3), Period.quarter(2020, 1)),
        (Period.half(2019), Period.half(2018), Period.half(2020)),
        (Period.nine_months(2019), Period.nine_months(2018), Period.nine_months(2020)),
        (Period.year(2019), Period.year(2018), Period.year(2020)),
    ],
)
def test_previous_and_next(period, previous, following):
    assert period.previous() == previous
    assert period.next() == following
    assert period.previous().next() == period
    assert period.next().previous() == period
    assert period.previous().kind is period.kind is period.next().kind


def test_navigation_stops_at_the_supported_years():
    with pytest.raises(ValueError):
        Period.month(2000, 1).previous()
    with pytest.raises(ValueError):
        Period.quarter(2100, 4).next()
    assert Period.month(2000, 2).previous() == Period.month(2000, 1)


# --- quarters() and contains() -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("period", "quarters"),
    [
        (Period.quarter(2019, 3), (3,)),
        (Period.half(2019), (1, 2)),
        (Period.nine_months(2019), (1, 2, 3)),
        (Period.year(2019), (1, 2, 3, 4)),
    ],
)
def test_quarters(period, quarters):
    assert period.quarters() == tuple(Period.quarter(2019, q) for q in quarters)
    assert isinstance(period.quarters(), tuple)


def test_a_month_is_not_built_from_quarters():
    with pytest.raises(ValueError):
        Period.month(2019, 6).quarters()


@pytest.mark.parametrize(
    ("outer", "inner", "expected"),
    [
        (Period.year(2019), Period.quarter(2019, 4), True),
        (Period.year(2019), Period.month(2019, 12), True),
        (Period.year(2019), Period.half(2019), True),
        (Period.year(2019), Period.year(2019), True),
        (Period.year(2019), Period.quarter(2020, 1), False),
        (Period.year(2019), Period.year(2020), False),
        (Period.nine_months(2019), Period.half(2019), True),
        (Period.nine_months(2019), Period.quarter(2019, 3), True),
        (Period.nine_months(2019), Period.month(2019, 10), False),
        (Period.half(2019), Period.month(2019, 6), True),
        (Period.half(2019), Period.month(2019, 7), False),
        (Period.half(2019), Period.nine_months(2019), False),
        (Period.half(2019), Period.year(2019), False),
        (Period.quarter(2019, 2), Period.month(2019, 4), True),
        (Period.quarter(2019, 2), Period.month(2019, 6), True),
        (Period.quarter(2019, 2), Period.month(2019, 3), False),
        (Period.quarter(2019, 2), Period.half(2019), False),
        (Period.quarter(2019, 2), Period.quarter(2018, 2), False),
        (Period.month(2019, 6), Period.month(2019, 6), True),
        (Period.month(2019, 6), Period.quarter(2019, 2), False),
    ],
)
def test_contains(outer, inner, expected):
    assert outer.contains(inner) is expected


@pytest.mark.parametrize("windows", ["decree09", "calendar"])
def test_contains_agrees_with_windows(settings, windows):
    settings.PERIOD_WINDOWS = windows
    periods = [Period.month(2019, m) for m in range(1, 13)] + [Period.quarter(2019, q) for q in range(1, 5)]
    periods += [Period.half(2019), Period.nine_months(2019), Period.year(2019), Period.year(2020)]
    for outer in periods:
        for inner in periods:
            within = outer.start <= inner.start and inner.end <= outer.end
            assert outer.contains(inner) is within, (outer, inner)


def test_contains_needs_a_period():
    with pytest.raises(TypeError):
        Period.year(2019).contains(date(2019, 5, 1))


# --- containing() --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "kind", "expected"),
    [
        (date(2019, 12, 20), PeriodKind.QUARTER, Period.quarter(2020, 1)),
        (date(2019, 12, 15), PeriodKind.QUARTER, Period.quarter(2020, 1)),
        (date(2019, 12, 14), PeriodKind.QUARTER, Period.quarter(2019, 4)),
        (date(2019, 3, 14), PeriodKind.QUARTER, Period.quarter(2019, 1)),
        (date(2019, 3, 15), PeriodKind.QUARTER, Period.quarter(2019, 2)),
        (date(2019, 1, 1), PeriodKind.QUARTER, Period.quarter(2019, 1)),
        (date(2019, 6, 14), PeriodKind.MONTH, Period.month(2019, 6)),
        (date(2019, 6, 15), PeriodKind.MONTH, Period.month(2019, 7)),
        (date(2019, 12, 20), PeriodKind.MONTH, Period.month(2020, 1)),
        (date(2019, 12, 20), PeriodKind.YEAR, Period.year(2020)),
        (date(2019, 12, 14), PeriodKind.YEAR, Period.year(2019)),
        (date(2019, 12, 20), PeriodKind.HALF, Period.half(2020)),
        (date(2019, 6, 14), PeriodKind.HALF, Period.half(2019)),
        (date(2019, 9, 14), PeriodKind.NINE_MONTHS, Period.nine_months(2019)),
        (date(2019, 12, 20), "nine_months", Period.nine_months(2020)),
    ],
)
def test_containing_under_decree09(decree09, day, kind, expected):
    assert Period.containing(day, kind) == expected


@pytest.mark.parametrize(
    ("day", "kind", "expected"),
    [
        (date(2019, 12, 20), PeriodKind.QUARTER, Period.quarter(2019, 4)),
        (date(2019, 12, 31), PeriodKind.QUARTER, Period.quarter(2019, 4)),
        (date(2020, 1, 1), PeriodKind.QUARTER, Period.quarter(2020, 1)),
        (date(2019, 3, 31), PeriodKind.QUARTER, Period.quarter(2019, 1)),
        (date(2019, 4, 1), PeriodKind.QUARTER, Period.quarter(2019, 2)),
        (date(2019, 6, 15), PeriodKind.MONTH, Period.month(2019, 6)),
        (date(2019, 12, 20), PeriodKind.MONTH, Period.month(2019, 12)),
        (date(2019, 12, 20), PeriodKind.YEAR, Period.year(2019)),
        (date(2019, 6, 30), PeriodKind.HALF, Period.half(2019)),
        (date(2019, 9, 30), PeriodKind.NINE_MONTHS, Period.nine_months(2019)),
    ],
)
def test_containing_under_calendar(calendar_windows, day, kind, expected):
    assert Period.containing(day, kind) == expected


def test_containing_defaults_to_quarters(decree09):
    assert Period.containing(date(2019, 12, 20)) == Period.quarter(2020, 1)
    decree09.PERIOD_WINDOWS = "calendar"
    assert Period.containing(date(2019, 12, 20)) == Period.quarter(2019, 4)


@pytest.mark.parametrize(
    ("windows", "day", "kind"),
    [
        ("decree09", date(2019, 6, 15), PeriodKind.HALF),
        ("decree09", date(2019, 12, 14), PeriodKind.HALF),
        ("decree09", date(2019, 9, 15), PeriodKind.NINE_MONTHS),
        ("calendar", date(2019, 7, 1), PeriodKind.HALF),
        ("calendar", date(2019, 12, 31), PeriodKind.NINE_MONTHS),
    ],
)
def test_containing_outside_every_cumulative_window_raises(settings, windows, day, kind):
    settings.PERIOD_WINDOWS = windows
    with pytest.raises(ValueError):
        Period.containing(day, kind)


@pytest.mark.parametrize("windows", ["decree09", "calendar"])
@pytest.mark.parametrize("kind", list(PeriodKind))
def test_containing_returns_a_window_holding_the_day(settings, windows, kind):
    settings.PERIOD_WINDOWS = windows
    covered = 0
    for day in _days(date(2019, 1, 1), date(2020, 12, 31)):
        try:
            found = Period.containing(day, kind)
        except ValueError:
            assert kind in (PeriodKind.HALF, PeriodKind.NINE_MONTHS), day
            continue
        assert found.kind is kind
        assert found.start <= day <= found.end, (day, found)
        covered += 1
    assert covered > 300


def test_containing_outside_supported_years_raises(decree09):
    with pytest.raises(ValueError):
        Period.containing(date(2100, 12, 20))
    with pytest.raises(ValueError):
        Period.containing(date(1999, 12, 1))
    assert Period.containing(date(1999, 12, 20)) == Period.quarter(2000, 1)


def test_containing_rejects_datetimes():
    with pytest.raises(TypeError):
        Period.containing(datetime(2019, 12, 20, 9, 0))
